/*
 * m_query.c: the `query` method: runs a tasks query and renders its buffer lines.
 */
#include "method_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../query/query.h"
#include "../render/tasks.h"

/* ---- query ------------------------------------------------------------- */

/* The text of the ```tasks block of note `idx` that holds `line`. */
static int S_query_block(loam_ctx *ctx, int32_t idx, int64_t line, const char **text,
                         uint32_t *fence_line, loam_error *err) {
  const loam_note *n = loam_m_note(ctx, idx);
  for (size_t k = 0; k < n->queries.len; k++) {
    const loam_query_block *q = &n->queries.items[k];
    if (line >= q->line && line <= q->end_line) {
      *text = q->text;
      *fence_line = q->line;
      return 0;
    }
  }
  return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no tasks block at %s:%lld", n->path,
                        (long long)line);
}

static const char *const S_line_kinds[] = {"group", "task", "blank", "count", "explain", "empty"};

static loam_val *S_hl_to_val(loam_arena *a, const loam_render_line *l) {
  loam_val *hl = loam_val_array(a);
  for (size_t k = 0; k < l->n_hl; k++) {
    loam_val *span = loam_val_array(a);
    loam_val_push(a, span, loam_val_cstr(a, l->hl[k].group));
    loam_val_push(a, span, loam_val_int(a, l->hl[k].start));
    loam_val_push(a, span, loam_val_int(a, l->hl[k].end));
    loam_val_push(a, hl, span);
  }
  return hl;
}

static loam_val *S_task_to_val(loam_ctx *ctx, loam_arena *a, const loam_query_row *row) {
  const loam_task *t = &loam_m_note(ctx, row->note)->tasks.items[row->task];
  loam_val *m = loam_val_map(a), *groups = loam_val_array(a);
  loam_m_set_paths(ctx, a, m, row->note);
  loam_val_set(a, m, "line", loam_val_int(a, t->line));
  loam_val_set(a, m, "status", loam_val_cstr(a, t->status));
  loam_val_set(a, m, "text", loam_val_cstr(a, t->text));
  for (size_t g = 0; g < row->n_groups; g++)
    loam_val_push(a, groups, loam_val_cstr(a, row->groups[g]));
  loam_val_set(a, m, "groups", groups);
  return m;
}

/* Builds {lines, tasks, count, total}; a task line's `task` is the 1-based
 * index of its entry in `tasks`. */
static loam_val *S_query_result(loam_ctx *ctx, loam_arena *a, const loam_query_result *qr,
                                const loam_render *r) {
  loam_val *res = loam_val_map(a), *lines = loam_val_array(a), *tasks = loam_val_array(a);
  loam_hmap where = {0}; /* (note, task) -> 1-based index in tasks */
  for (size_t k = 0; k < qr->rows.len; k++) {
    const loam_query_row *row = &qr->rows.items[k];
    uint64_t key = (uint64_t)(uint32_t)row->note << 32 | row->task;
    loam_hmap_put(&where, (const char *)&key, sizeof(key), (int32_t)k + 1);
    loam_val_push(a, tasks, S_task_to_val(ctx, a, row));
  }
  for (size_t k = 0; k < r->lines.len; k++) {
    const loam_render_line *l = &r->lines.items[k];
    loam_val *m = loam_val_map(a);
    loam_val_set(a, m, "text", loam_val_cstr(a, l->text));
    loam_val_set(a, m, "kind", loam_val_cstr(a, S_line_kinds[l->kind]));
    if (l->kind == LOAM_LINE_TASK && l->note >= 0) {
      const loam_task *t = &loam_m_note(ctx, l->note)->tasks.items[l->task];
      uint64_t key = (uint64_t)(uint32_t)l->note << 32 | l->task;
      int32_t idx;
      loam_m_set_paths(ctx, a, m, l->note);
      loam_val_set(a, m, "line", loam_val_int(a, t->line));
      if (loam_hmap_get(&where, (const char *)&key, sizeof(key), &idx))
        loam_val_set(a, m, "task", loam_val_int(a, idx));
    }
    loam_val_set(a, m, "hl", S_hl_to_val(a, l));
    loam_val_push(a, lines, m);
  }
  loam_val_set(a, res, "lines", lines);
  loam_val_set(a, res, "tasks", tasks);
  /* A task shown under several groups (`group by tags`) counts once. */
  loam_val_set(a, res, "count", loam_val_int(a, (int64_t)where.len));
  loam_val_set(a, res, "total", loam_val_int(a, (int64_t)qr->total_matched));
  loam_hmap_free(&where);
  return res;
}

/* Parses, runs and renders `text`; the query's own errors come back as is. */
static int S_run_query(loam_ctx *ctx, loam_arena *a, const char *text, size_t len,
                       const loam_query_ctx *qctx, loam_val **result, loam_error *err) {
  loam_query *q = loam_query_parse(text, len, qctx, err);
  if (!q) return err && err->code ? err->code : LOAM_E_QUERY;
  loam_query_result qr;
  memset(&qr, 0, sizeof(qr));
  int rc = loam_query_run(q, ctx->vault, qctx, &qr, err);
  if (rc == 0) {
    loam_render r;
    memset(&r, 0, sizeof(r));
    loam_render_tasks(&qr, ctx->vault, &r);
    *result = S_query_result(ctx, a, &qr, &r);
    loam_render_free(&r);
    loam_query_result_free(&qr);
  }
  loam_query_free(q);
  return rc;
}

int loam_m_query(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                 loam_error *err) {
  const char *text, *path, *today_s;
  size_t len = 0;
  int64_t line;
  int rc = loam_m_str_param(params, "text", a, &text, &len, err);
  if (!rc) rc = loam_m_str_param(params, "path", a, &path, NULL, err);
  if (!rc) rc = loam_m_str_param(params, "today", a, &today_s, NULL, err);
  if (!rc) rc = loam_m_int_param(params, "line", 0, &line, err);
  if (rc) return rc;
  loam_query_ctx qctx = {.today = loam_m_today(ctx), .query_path = NULL, .vault = ctx->vault};
  if (today_s) {
    qctx.today = strlen(today_s) == 10 ? loam_date_parse_iso(today_s, 10) : LOAM_DATE_NONE;
    if (!LOAM_DATE_IS_REAL(qctx.today))
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'today' must be YYYY-MM-DD");
  }
  loam_status_table statuses; /* user statuses, for status.name and status.type */
  if ((rc = loam_m_statuses_param(params, &statuses, err))) return rc;
  qctx.statuses = &statuses;
  int32_t idx = path ? loam_vault_find(ctx->vault, path) : -1;
  qctx.query_path = idx >= 0 ? loam_m_note(ctx, idx)->path : path;
  if (!text) {
    if (!path) return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "query needs 'text' or 'path'");
    if (idx < 0) return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no such note: %s", path);
    uint32_t fence = 0;
    if ((rc = S_query_block(ctx, idx, line, &text, &fence, err))) return rc;
    rc = S_run_query(ctx, a, strlen(text) ? text : "", strlen(text), &qctx, result, err);
    if (rc && err && err->line > 0) { /* point into the note, not the block */
      char msg[sizeof(err->msg)];
      snprintf(msg, sizeof(msg), "%s", err->msg);
      loam_error_set(err, rc, err->line + (int)fence, err->col, "%s:%d: %s", qctx.query_path,
                     err->line + (int)fence, msg);
    }
    return rc;
  }
  return S_run_query(ctx, a, text, len, &qctx, result, err);
}
