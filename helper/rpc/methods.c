/*
 * methods.c: every request the helper answers (see methods.h and
 * rpc/PROTOCOL.md, the contract with the editor plugins).
 *
 * Each method reads its params map, works on the vault and builds its
 * result in the message's arena; nothing here outlives one request. The
 * methods never write to stdout or a log: a failure is returned as a
 * LOAM_E_* code with the error filled, and the transport decides what to
 * tell whom. Params of the wrong type are LOAM_E_PARAMS; a note that is not
 * in the vault is LOAM_E_NOT_FOUND.
 *
 * Order of the file: small helpers for params and values, then one section
 * per method in the order of PROTOCOL.md, then the method table.
 */
#include "methods.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../match/fuzzy.h"
#include "../query/query.h"
#include "../render/tasks.h"
#include "../syntax/codespan.h"
#include "../syntax/wikilink.h"
#include "../vault/walk.h"

#ifndef LOAM_VERSION
#define LOAM_VERSION "0.0.0"
#endif

#define S_NO_MATCH(score) ((score) <= LOAM_FUZZY_NO_MATCH / 2)

/* ---- params ------------------------------------------------------------ */

/*
 * Reads the string param `key` into *out (a NUL-terminated copy in `a`) and
 * *len. Absent or nil leaves *out NULL and returns 0; another type is a
 * LOAM_E_PARAMS error.
 */
static int S_str_param(const loam_val *params, const char *key, loam_arena *a, const char **out,
                       size_t *len, loam_error *err) {
  const loam_val *v = loam_val_get(params, key);
  size_t n = 0;
  *out = NULL;
  if (len) *len = 0;
  if (!v || v->type == LOAM_VAL_NIL) return 0;
  if (v->type != LOAM_VAL_STR)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param '%s' must be a string", key);
  *out = loam_val_get_str(a, params, key, &n);
  if (len) *len = n;
  return 0;
}

/* Like S_str_param, but absent is an error too. */
static int S_str_required(const loam_val *params, const char *key, loam_arena *a,
                          const char **out, size_t *len, loam_error *err) {
  int rc = S_str_param(params, key, a, out, len, err);
  if (rc == 0 && !*out)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param '%s' is required", key);
  return rc;
}

/* Integer param: absent or nil gives `fallback`; a non-number is an error. */
static int S_int_param(const loam_val *params, const char *key, int64_t fallback, int64_t *out,
                       loam_error *err) {
  const loam_val *v = loam_val_get(params, key);
  *out = fallback;
  if (!v || v->type == LOAM_VAL_NIL) return 0;
  if (v->type != LOAM_VAL_INT && v->type != LOAM_VAL_FLOAT)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param '%s' must be a number", key);
  *out = loam_val_get_int(params, key, fallback);
  return 0;
}

/* The note named by param `path` (vault-relative or absolute). */
static int S_note_param(loam_ctx *ctx, const loam_val *params, loam_arena *a, int32_t *idx,
                        loam_error *err) {
  const char *path;
  int rc = S_str_required(params, "path", a, &path, NULL, err);
  if (rc) return rc;
  *idx = loam_vault_find(ctx->vault, path);
  if (*idx < 0) return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no such note: %s", path);
  return 0;
}

static loam_date S_today(const loam_ctx *ctx) {
  return ctx->today != LOAM_DATE_NONE ? ctx->today : loam_date_today();
}

/* ---- values ------------------------------------------------------------ */

static const loam_note *S_note(loam_ctx *ctx, int32_t i) {
  return loam_vault_note(ctx->vault, (size_t)i);
}

static loam_val *S_abspath(loam_ctx *ctx, loam_arena *a, int32_t i) {
  char *abs = loam_vault_abspath(ctx->vault, (size_t)i);
  loam_val *v = loam_val_cstr(a, abs);
  free(abs);
  return v;
}

/* Sets `path` and `abspath` of note i in map m. */
static void S_set_paths(loam_ctx *ctx, loam_arena *a, loam_val *m, int32_t i) {
  loam_val_set(a, m, "path", loam_val_cstr(a, S_note(ctx, i)->path));
  loam_val_set(a, m, "abspath", S_abspath(ctx, a, i));
}

static const char *S_title(const loam_note *n) { return n->title ? n->title : n->stem; }

static void S_set_date(loam_arena *a, loam_val *m, const char *key, loam_date d) {
  if (!LOAM_DATE_IS_REAL(d)) return;
  char buf[11];
  loam_date_format(d, buf);
  loam_val_set(a, m, key, loam_val_cstr(a, buf));
}

/* Case-insensitive equality (ASCII and Latin letters, as link resolution). */
static int S_same_text(const char *x, const char *y) {
  size_t nx = strlen(x), ny = strlen(y);
  return nx == ny && loam_utf8_casestr(x, nx, y, ny) == x;
}

static double S_score(const char *needle, size_t nlen, const char *hay) {
  return hay ? loam_fuzzy_score(needle, nlen, hay, strlen(hay)) : LOAM_FUZZY_NO_MATCH;
}

/* ---- complete ---------------------------------------------------------- */

typedef struct {
  const char *label, *insert, *kind, *detail, *path;
  const char *alias; /* for an alias item; its insert and detail are built
                        only if it makes the list (S_item_finish) */
  int32_t note;
  double score;     /* this item's own fuzzy score */
  double rank;      /* its group's best score: a note and its aliases sort together */
  size_t rank_len;  /* the group's label length, the first tie-breaker */
  uint32_t order;   /* within a group: 0 the note, 1 an alias; a line for headings */
} S_item;

typedef LOAM_VEC(S_item) S_items;

static int S_item_cmp(const void *pa, const void *pb) {
  const S_item *x = pa, *y = pb;
  if (x->rank != y->rank) return x->rank > y->rank ? -1 : 1;
  if (x->rank_len != y->rank_len) return x->rank_len < y->rank_len ? -1 : 1;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->order != y->order) return x->order < y->order ? -1 : 1;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  size_t lx = strlen(x->label), ly = strlen(y->label);
  if (lx != ly) return lx < ly ? -1 : 1;
  return strcmp(x->label, y->label);
}

/* The link text that reaches note i: its stem, or its path without ".md"
 * when another note with the same stem wins resolution. */
static const char *S_link_name(loam_ctx *ctx, loam_arena *a, int32_t i) {
  const loam_note *n = S_note(ctx, i);
  if (loam_vault_resolve(ctx->vault, n->stem, -1) == i) return n->stem;
  return loam_arena_strndup(a, n->path, strlen(n->path) - 3);
}

static void S_complete_note(loam_ctx *ctx, int32_t i, const char *needle, size_t nlen,
                            S_items *out) {
  const loam_note *n = S_note(ctx, i);
  /* A needle with a '/' is a path: match it against the path, not the stem. */
  double best = S_score(needle, nlen, memchr(needle, '/', nlen) ? n->path : n->stem);
  double t = S_score(needle, nlen, n->title);
  if (t > best) best = t;
  size_t first = out->len;
  if (!S_NO_MATCH(best)) {
    S_item it = {S_title(n), NULL, "note", n->path, n->path, NULL, i, best, best, 0, 0};
    LOAM_VEC_PUSH(out, it);
  }
  double rank = best;
  for (size_t k = 0; k < n->n_aliases; k++) {
    const char *alias = n->aliases[k];
    double s = S_score(needle, nlen, alias);
    if (S_NO_MATCH(s) || S_same_text(alias, n->stem) || (n->title && S_same_text(alias, n->title)))
      continue;
    S_item it = {alias, NULL, "alias", NULL, n->path, alias, i, s, 0, 0, 1};
    LOAM_VEC_PUSH(out, it);
    if (s > rank) rank = s;
  }
  for (size_t k = first; k < out->len; k++) {
    out->items[k].rank = rank;
    out->items[k].rank_len = strlen(S_title(n));
  }
}

/* Builds a note or alias item's insert text (and an alias's detail). Done
 * for the few items shown, not every candidate: it resolves the stem. */
static void S_item_finish(loam_ctx *ctx, loam_arena *a, S_item *it) {
  if (it->insert) return;
  const char *name = S_link_name(ctx, a, it->note);
  if (!it->alias) {
    it->insert = name;
    return;
  }
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "%s|%s", name, it->alias);
  it->insert = loam_arena_strndup(a, b.ptr, b.len);
  loam_strbuf_clear(&b);
  loam_strbuf_printf(&b, "alias of %s", S_title(S_note(ctx, it->note)));
  it->detail = loam_arena_strndup(a, b.ptr, b.len);
  loam_strbuf_free(&b);
}

/* Headings (`mark` '#') or block ids ('^') of note i matching the needle. */
static void S_complete_parts(loam_ctx *ctx, loam_arena *a, int32_t i, char mark,
                             const char *note_part, const char *needle, size_t nlen,
                             S_items *out) {
  const loam_note *n = S_note(ctx, i);
  size_t count = mark == '#' ? n->headings.len : n->blocks.len;
  for (size_t k = 0; k < count; k++) {
    const char *label = mark == '#' ? n->headings.items[k].text : n->blocks.items[k].id;
    uint32_t line = mark == '#' ? n->headings.items[k].line : n->blocks.items[k].line;
    double s = S_score(needle, nlen, label);
    if (S_NO_MATCH(s)) continue;
    loam_strbuf b = {0};
    loam_strbuf_printf(&b, "%s%c%s", note_part, mark, label);
    S_item it = {label, loam_arena_strndup(a, b.ptr, b.len), mark == '#' ? "heading" : "block",
                 n->path, n->path, NULL, i, s, s, strlen(label), line};
    loam_strbuf_free(&b);
    LOAM_VEC_PUSH(out, it);
  }
}

static loam_val *S_item_to_val(loam_ctx *ctx, loam_arena *a, const S_item *it) {
  loam_val *m = loam_val_map(a);
  loam_val_set(a, m, "label", loam_val_cstr(a, it->label));
  loam_val_set(a, m, "insert", loam_val_cstr(a, it->insert));
  loam_val_set(a, m, "kind", loam_val_cstr(a, it->kind));
  S_set_paths(ctx, a, m, it->note);
  loam_val_set(a, m, "detail", loam_val_cstr(a, it->detail));
  loam_val_set(a, m, "score", loam_val_float(a, it->score));
  return m;
}

/* Collects the candidates for `prefix` into items; returns 0 or an error. */
static int S_complete_collect(loam_ctx *ctx, loam_arena *a, const char *prefix, size_t plen,
                              const char *path, S_items *items, int *outline_order,
                              loam_error *err) {
  size_t cut = strcspn(prefix, "#^");
  if (memchr(prefix, '|', plen)) return 0; /* typing the display text: nothing to offer */
  if (cut >= plen) {
    for (size_t i = 0; i < loam_vault_count(ctx->vault); i++)
      S_complete_note(ctx, (int32_t)i, prefix, plen, items);
    return 0;
  }
  const char *note_part = loam_arena_strndup(a, prefix, cut);
  int32_t from = path ? loam_vault_find(ctx->vault, path) : -1;
  int32_t i = loam_vault_resolve(ctx->vault, note_part, from);
  if (i < 0) {
    if (*note_part || !path) return 0;
    return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no such note: %s", path);
  }
  /* `Note#A#B` completes headings matching the last part. */
  const char *needle = prefix + cut + 1;
  if (prefix[cut] == '#' && strrchr(needle, '#')) needle = strrchr(needle, '#') + 1;
  size_t nlen = plen - (size_t)(needle - prefix);
  S_complete_parts(ctx, a, i, prefix[cut], note_part, needle, nlen, items);
  *outline_order = nlen == 0; /* nothing typed yet: headings in document order */
  return 0;
}

/* The first `limit` items with distinct insert texts, best first, built
 * into an array; *more is set when further distinct items were left out. */
static loam_val *S_complete_items(loam_ctx *ctx, loam_arena *a, S_items *items, size_t limit,
                                  int *more) {
  loam_hmap seen = {0};
  loam_val *arr = loam_val_array(a);
  size_t shown = 0;
  *more = 0;
  for (size_t k = 0; k < items->len; k++) {
    S_item *it = &items->items[k];
    S_item_finish(ctx, a, it);
    if (loam_hmap_get(&seen, it->insert, strlen(it->insert), NULL)) continue;
    if (shown == limit) {
      *more = 1;
      break;
    }
    loam_hmap_put(&seen, it->insert, strlen(it->insert), 1);
    loam_val_push(a, arr, S_item_to_val(ctx, a, it));
    shown++;
  }
  loam_hmap_free(&seen);
  return arr;
}

static int S_complete(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                      loam_error *err) {
  const char *prefix, *path;
  size_t plen;
  int64_t limit;
  int rc = S_str_param(params, "prefix", a, &prefix, &plen, err);
  if (!rc) rc = S_str_param(params, "path", a, &path, NULL, err);
  if (!rc) rc = S_int_param(params, "limit", 50, &limit, err);
  if (rc) return rc;
  if (!prefix) prefix = "", plen = 0;
  if (limit <= 0) limit = 50;
  S_items items = {0};
  int outline_order = 0;
  rc = S_complete_collect(ctx, a, prefix, plen, path, &items, &outline_order, err);
  if (rc) {
    free(items.items);
    return rc;
  }
  if (!outline_order && items.len) qsort(items.items, items.len, sizeof(S_item), S_item_cmp);
  int more;
  loam_val *res = loam_val_map(a);
  loam_val_set(a, res, "items", S_complete_items(ctx, a, &items, (size_t)limit, &more));
  loam_val_set(a, res, "incomplete", loam_val_bool(a, more));
  free(items.items);
  *result = res;
  return 0;
}

/* ---- query ------------------------------------------------------------- */

/* The text of the ```tasks block of note `idx` that holds `line`. */
static int S_query_block(loam_ctx *ctx, int32_t idx, int64_t line, const char **text,
                         uint32_t *fence_line, loam_error *err) {
  const loam_note *n = S_note(ctx, idx);
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
  const loam_task *t = &S_note(ctx, row->note)->tasks.items[row->task];
  loam_val *m = loam_val_map(a), *groups = loam_val_array(a);
  S_set_paths(ctx, a, m, row->note);
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
      const loam_task *t = &S_note(ctx, l->note)->tasks.items[l->task];
      uint64_t key = (uint64_t)(uint32_t)l->note << 32 | l->task;
      int32_t idx;
      S_set_paths(ctx, a, m, l->note);
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

static int S_query(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                   loam_error *err) {
  const char *text, *path, *today_s;
  size_t len = 0;
  int64_t line;
  int rc = S_str_param(params, "text", a, &text, &len, err);
  if (!rc) rc = S_str_param(params, "path", a, &path, NULL, err);
  if (!rc) rc = S_str_param(params, "today", a, &today_s, NULL, err);
  if (!rc) rc = S_int_param(params, "line", 0, &line, err);
  if (rc) return rc;
  loam_query_ctx qctx = {.today = S_today(ctx), .query_path = NULL, .vault = ctx->vault};
  if (today_s) {
    qctx.today = strlen(today_s) == 10 ? loam_date_parse_iso(today_s, 10) : LOAM_DATE_NONE;
    if (!LOAM_DATE_IS_REAL(qctx.today))
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'today' must be YYYY-MM-DD");
  }
  int32_t idx = path ? loam_vault_find(ctx->vault, path) : -1;
  qctx.query_path = idx >= 0 ? S_note(ctx, idx)->path : path;
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

/* ---- resolve ----------------------------------------------------------- */

/* Line of the heading `h` in note i (its last `#` part, case-insensitively). */
static uint32_t S_heading_line(const loam_note *n, const char *h) {
  const char *last = strrchr(h, '#');
  if (last) h = last + 1;
  while (*h == ' ') h++;
  for (size_t k = 0; k < n->headings.len; k++)
    if (S_same_text(n->headings.items[k].text, h)) return n->headings.items[k].line;
  return 0;
}

static uint32_t S_block_line(const loam_note *n, const char *id) {
  for (size_t k = 0; k < n->blocks.len; k++)
    if (strcmp(n->blocks.items[k].id, id) == 0) return n->blocks.items[k].line;
  return 0;
}

/* A Markdown link is relative to the linking note's folder first, as in
 * the index (vault.c). */
static int32_t S_resolve_link(loam_ctx *ctx, const loam_link *l, int32_t from) {
  if (l->kind == LOAM_LINK_MARKDOWN && from >= 0 && l->target[0] && l->target[0] != '/') {
    const char *src = S_note(ctx, from)->path, *slash = strrchr(src, '/');
    if (slash) {
      loam_strbuf b = {0};
      loam_strbuf_put(&b, src, (size_t)(slash - src) + 1);
      loam_strbuf_puts(&b, l->target);
      int32_t i = loam_vault_resolve(ctx->vault, b.ptr, from);
      loam_strbuf_free(&b);
      if (i >= 0) return i;
    }
  }
  return loam_vault_resolve(ctx->vault, l->target, from);
}

static loam_val *S_link_to_val(loam_ctx *ctx, loam_arena *a, const loam_link *l, int32_t from) {
  loam_val *m = loam_val_map(a);
  int32_t i = S_resolve_link(ctx, l, from);
  uint32_t line = 0;
  loam_val_set(a, m, "found", loam_val_bool(a, 1));
  loam_val_set(a, m, "target", loam_val_cstr(a, l->target));
  if (l->heading) loam_val_set(a, m, "heading", loam_val_cstr(a, l->heading));
  if (l->block) loam_val_set(a, m, "block", loam_val_cstr(a, l->block));
  if (l->alias) loam_val_set(a, m, "alias", loam_val_cstr(a, l->alias));
  loam_val_set(a, m, "resolved", loam_val_bool(a, i >= 0));
  if (i >= 0) {
    S_set_paths(ctx, a, m, i);
    if (l->block) line = S_block_line(S_note(ctx, i), l->block);
    else if (l->heading) line = S_heading_line(S_note(ctx, i), l->heading);
  }
  loam_val_set(a, m, "line", loam_val_int(a, line ? line : 1));
  return m;
}

typedef struct {
  uint32_t col;
  loam_link link;
  int found;
} S_under;

static void S_under_cb(const loam_link *l, void *ud) {
  S_under *u = ud;
  if (!u->found && u->col >= l->col && u->col < l->col + l->len) {
    u->link = *l;
    u->found = 1;
  }
}

/*
 * Turns a bare target into a link the way the scanner would read it:
 * `[[...]]` is taken off, then `Note#Heading`, `Note^block`, `Note|alias`;
 * a Markdown target (`Folder/Note%20x.md#Head`) goes through the scanner as
 * `[](<...>)` so its escapes are decoded the same way.
 */
static int S_parse_target(loam_arena *a, const char *t, size_t n, loam_link *out) {
  if (n >= 1 && t[0] == '!') t++, n--;
  if (n >= 4 && memcmp(t, "[[", 2) == 0 && memcmp(t + n - 2, "]]", 2) == 0) t += 2, n -= 4;
  size_t note_end = 0;
  while (note_end < n && t[note_end] != '#' && t[note_end] != '^' && t[note_end] != '|') note_end++;
  int markdown = note_end > 3 && loam_utf8_casestr(t + note_end - 3, 3, ".md", 3) != NULL;
  loam_strbuf b = {0};
  loam_strbuf_puts(&b, markdown ? "[](<" : "[[");
  loam_strbuf_put(&b, t, n);
  loam_strbuf_puts(&b, markdown ? ">)" : "]]");
  S_under u = {1, {0}, 0};
  loam_wikilink_scan(b.ptr, b.len, 1, NULL, a, S_under_cb, &u);
  loam_strbuf_free(&b);
  *out = u.link;
  return u.found;
}

static int S_resolve(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                     loam_error *err) {
  const char *target, *text, *path;
  size_t tlen, len;
  int64_t col;
  int rc = S_str_param(params, "target", a, &target, &tlen, err);
  if (!rc) rc = S_str_param(params, "text", a, &text, &len, err);
  if (!rc) rc = S_str_param(params, "path", a, &path, NULL, err);
  if (!rc) rc = S_int_param(params, "col", 1, &col, err);
  if (rc) return rc;
  if (!target && !text)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "resolve needs 'target' or 'text'");
  int32_t from = path ? loam_vault_find(ctx->vault, path) : -1;
  loam_vault_resolve_all(ctx->vault);
  S_under u = {col > 0 && col <= UINT32_MAX ? (uint32_t)col : 0, {0}, 0};
  if (target) {
    u.found = S_parse_target(a, target, tlen, &u.link);
  } else {
    unsigned char *skip = loam_arena_alloc(a, len + 1);
    loam_codespan_mask(text, len, skip);
    loam_wikilink_scan(text, len, 1, skip, a, S_under_cb, &u);
  }
  if (!u.found) {
    *result = loam_val_map(a);
    loam_val_set(a, *result, "found", loam_val_bool(a, 0));
    return 0;
  }
  *result = S_link_to_val(ctx, a, &u.link, from);
  return 0;
}

/* ---- backlinks --------------------------------------------------------- */

/*
 * The lines of a note's file, read once per request for the context of its
 * links. The index keeps positions, not text, and a backlinks list touches
 * few notes, so reading them is cheaper than keeping every line in memory.
 */
typedef struct {
  char *buf;
  size_t len;
  LOAM_VEC(size_t) starts; /* offset of each line */
} S_lines;

static void S_lines_read(loam_ctx *ctx, int32_t i, S_lines *out) {
  char *abs = loam_vault_abspath(ctx->vault, (size_t)i);
  memset(out, 0, sizeof(*out));
  if (loam_read_file(abs, &out->buf, &out->len, NULL, NULL) != 0) out->buf = NULL, out->len = 0;
  free(abs);
  size_t start = out->len >= 3 && memcmp(out->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  LOAM_VEC_PUSH(&out->starts, start);
  for (size_t k = start; k < out->len; k++)
    if (out->buf[k] == '\n') LOAM_VEC_PUSH(&out->starts, k + 1);
}

/* Line `line` (1-based) without its end of line and surrounding blanks. */
static loam_val *S_lines_get(loam_arena *a, const S_lines *ls, uint32_t line) {
  if (line == 0 || line > ls->starts.len || !ls->buf) return loam_val_cstr(a, "");
  size_t s = ls->starts.items[line - 1];
  size_t e = line < ls->starts.len ? ls->starts.items[line] : ls->len;
  while (e > s && (ls->buf[e - 1] == '\n' || ls->buf[e - 1] == '\r' || ls->buf[e - 1] == ' ' ||
                   ls->buf[e - 1] == '\t'))
    e--;
  while (s < e && (ls->buf[s] == ' ' || ls->buf[s] == '\t')) s++;
  return loam_val_str(a, ls->buf + s, e - s);
}

static void S_lines_free(S_lines *ls) {
  free(ls->buf);
  free(ls->starts.items);
}

typedef struct {
  loam_val *val;
  loam_date date;
  const char *path;
  uint32_t line, col;
} S_backlink;

typedef LOAM_VEC(S_backlink) S_backlinks_vec;

static int S_backlink_cmp(const void *pa, const void *pb) {
  const S_backlink *x = pa, *y = pb;
  int dx = LOAM_DATE_IS_REAL(x->date), dy = LOAM_DATE_IS_REAL(y->date);
  if (dx != dy) return dx ? -1 : 1;
  if (dx && x->date != y->date) return x->date > y->date ? -1 : 1;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

/* Appends the links of note j that point at note `to`. */
static void S_backlinks_from(loam_ctx *ctx, loam_arena *a, int32_t j, int32_t to,
                             S_backlinks_vec *out) {
  const loam_note *src = S_note(ctx, j);
  S_lines lines;
  int read = 0;
  for (size_t k = 0; k < src->links.len; k++) {
    const loam_link *l = &src->links.items[k];
    if (l->resolved != to) continue;
    if (!read) S_lines_read(ctx, j, &lines), read = 1;
    loam_val *m = loam_val_map(a);
    S_set_paths(ctx, a, m, j);
    loam_val_set(a, m, "line", loam_val_int(a, l->line));
    loam_val_set(a, m, "col", loam_val_int(a, l->col));
    loam_val_set(a, m, "text", S_lines_get(a, &lines, l->line));
    loam_val_set(a, m, "title", loam_val_cstr(a, S_title(src)));
    S_set_date(a, m, "date", src->created);
    S_backlink b = {m, src->created, src->path, l->line, l->col};
    LOAM_VEC_PUSH(out, b);
  }
  if (read) S_lines_free(&lines);
}

static int S_backlinks(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err) {
  int32_t to;
  int rc = S_note_param(ctx, params, a, &to, err);
  if (rc) return rc;
  loam_vault_resolve_all(ctx->vault);
  S_backlinks_vec found = {0};
  /* A note's links to itself ([[#Heading]]) are not backlinks. */
  for (size_t j = 0; j < loam_vault_count(ctx->vault); j++)
    if ((int32_t)j != to) S_backlinks_from(ctx, a, (int32_t)j, to, &found);
  if (found.len) qsort(found.items, found.len, sizeof(S_backlink), S_backlink_cmp);
  loam_val *items = loam_val_array(a);
  for (size_t k = 0; k < found.len; k++) loam_val_push(a, items, found.items[k].val);
  free(found.items);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  return 0;
}

/* ---- related ----------------------------------------------------------- */

/*
 * Scoring, kept simple and explainable: a direct link either way is worth
 * S_W_LINK, each tag the two notes share S_W_TAG, and each third note that
 * links to both S_W_COCITE. Every contribution adds a reason.
 */
enum { S_W_LINK = 3, S_W_TAG = 1, S_W_COCITE = 1 };

typedef struct {
  double score;
  loam_val *reasons;
  int links_to, linked_from;
  int32_t cocited_by; /* last note that co-cited this one, for dedupe */
} S_rel;

static void S_reason(loam_arena *a, S_rel *r, double w, const char *fmt, const char *arg) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, fmt, arg);
  if (!r->reasons) r->reasons = loam_val_array(a);
  loam_val_push(a, r->reasons, loam_val_str(a, b.ptr, b.len));
  loam_strbuf_free(&b);
  r->score += w;
}

/* 1 when note j has a link that resolves to note `to`. */
static int S_links_to(loam_ctx *ctx, int32_t j, int32_t to) {
  const loam_note *n = S_note(ctx, j);
  for (size_t k = 0; k < n->links.len; k++)
    if (n->links.items[k].resolved == to) return 1;
  return 0;
}

/* Direct links both ways first, so they lead the reasons, then co-citation:
 * every other note that a note citing `self` also cites. */
static void S_related_links(loam_ctx *ctx, loam_arena *a, int32_t self, S_rel *rel) {
  const loam_note *n = S_note(ctx, self);
  size_t count = loam_vault_count(ctx->vault);
  for (size_t k = 0; k < n->links.len; k++) {
    int32_t r = n->links.items[k].resolved;
    if (r >= 0 && r != self && !rel[r].links_to)
      rel[r].links_to = 1, S_reason(a, &rel[r], S_W_LINK, "%s", "links to");
  }
  for (size_t j = 0; j < count; j++)
    if ((int32_t)j != self && S_links_to(ctx, (int32_t)j, self))
      rel[j].linked_from = 1, S_reason(a, &rel[j], S_W_LINK, "%s", "linked from");
  for (size_t j = 0; j < count; j++) {
    if (!rel[j].linked_from) continue;
    const loam_note *src = S_note(ctx, (int32_t)j);
    for (size_t k = 0; k < src->links.len; k++) {
      int32_t r = src->links.items[k].resolved;
      if (r < 0 || r == self || r == (int32_t)j || rel[r].cocited_by == (int32_t)j) continue;
      rel[r].cocited_by = (int32_t)j;
      S_reason(a, &rel[r], S_W_COCITE, "co-cited in %s", S_title(src));
    }
  }
}

/* 1 when note n has tag `name` among its first `count` tags; tags compare
 * case-insensitively, as in Obsidian. Notes carry a handful of tags, so
 * scanning beats building sets. */
static int S_has_tag(const loam_note *n, size_t count, const char *name) {
  for (size_t k = 0; k < count; k++)
    if (S_same_text(n->tags.items[k].name, name)) return 1;
  return 0;
}

static void S_related_tags(loam_ctx *ctx, loam_arena *a, int32_t self, S_rel *rel) {
  const loam_note *n = S_note(ctx, self);
  for (size_t j = 0; n->tags.len && j < loam_vault_count(ctx->vault); j++) {
    const loam_note *o = S_note(ctx, (int32_t)j);
    if ((int32_t)j == self) continue;
    for (size_t k = 0; k < o->tags.len; k++) {
      const char *tag = o->tags.items[k].name;
      if (S_has_tag(n, n->tags.len, tag) && !S_has_tag(o, k, tag))
        S_reason(a, &rel[j], S_W_TAG, "shares #%s", tag);
    }
  }
}

typedef struct {
  int32_t note;
  double score;
  const char *title, *path;
} S_ranked;

static int S_ranked_cmp(const void *pa, const void *pb) {
  const S_ranked *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  int c = strcmp(x->title, y->title);
  return c ? c : strcmp(x->path, y->path);
}

static int S_related(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                     loam_error *err) {
  int32_t self;
  int64_t limit;
  int rc = S_note_param(ctx, params, a, &self, err);
  if (!rc) rc = S_int_param(params, "limit", 20, &limit, err);
  if (rc) return rc;
  if (limit <= 0) limit = 20;
  loam_vault_resolve_all(ctx->vault);
  size_t count = loam_vault_count(ctx->vault);
  S_rel *rel = loam_xcalloc(count, sizeof(S_rel));
  for (size_t j = 0; j < count; j++) rel[j].cocited_by = -1;
  S_related_links(ctx, a, self, rel);
  S_related_tags(ctx, a, self, rel);
  LOAM_VEC(S_ranked) ranked = {0};
  for (size_t j = 0; j < count; j++) {
    if (rel[j].score <= 0) continue;
    const loam_note *n = S_note(ctx, (int32_t)j);
    S_ranked r = {(int32_t)j, rel[j].score, S_title(n), n->path};
    LOAM_VEC_PUSH(&ranked, r);
  }
  if (ranked.len) qsort(ranked.items, ranked.len, sizeof(S_ranked), S_ranked_cmp);
  loam_val *items = loam_val_array(a);
  for (size_t k = 0; k < ranked.len && k < (size_t)limit; k++) {
    const S_ranked *r = &ranked.items[k];
    loam_val *m = loam_val_map(a);
    S_set_paths(ctx, a, m, r->note);
    loam_val_set(a, m, "title", loam_val_cstr(a, r->title));
    loam_val_set(a, m, "score", loam_val_float(a, r->score));
    loam_val_set(a, m, "reasons", rel[r->note].reasons);
    loam_val_push(a, items, m);
  }
  free(ranked.items);
  free(rel);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  return 0;
}

/* ---- note_changed ------------------------------------------------------ */

static int S_note_changed(loam_ctx *ctx, const loam_val *params, loam_arena *a,
                          loam_val **result, loam_error *err) {
  const char *path, *text;
  size_t len;
  int rc = S_str_required(params, "path", a, &path, NULL, err);
  if (!rc) rc = S_str_param(params, "text", a, &text, &len, err);
  if (!rc) rc = loam_vault_update(ctx->vault, path, text, text ? len : 0, err);
  if (rc) return rc;
  *result = loam_val_map(a);
  loam_val_set(a, *result, "notes", loam_val_int(a, (int64_t)loam_vault_count(ctx->vault)));
  return 0;
}

/* ---- stats ------------------------------------------------------------- */

static loam_val *S_parse_errors(loam_ctx *ctx, loam_arena *a) {
  loam_val *arr = loam_val_array(a);
  for (size_t i = 0; i < loam_vault_count(ctx->vault); i++) {
    const loam_note *n = S_note(ctx, (int32_t)i);
    if (!n->fm_error) continue;
    loam_val *m = loam_val_map(a);
    loam_val_set(a, m, "path", loam_val_cstr(a, n->path));
    loam_val_set(a, m, "message", loam_val_cstr(a, n->fm_error));
    loam_val_set(a, m, "line", loam_val_int(a, n->fm_error_line));
    loam_val_set(a, m, "col", loam_val_int(a, n->fm_error_col));
    loam_val_push(a, arr, m);
  }
  return arr;
}

static int S_stats(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                   loam_error *err) {
  (void)params, (void)err;
  loam_vault_stats st;
  loam_vault_stats_get(ctx->vault, &st);
  loam_val *m = loam_val_map(a);
  loam_val_set(a, m, "version", loam_val_cstr(a, LOAM_VERSION));
  loam_val_set(a, m, "vault", loam_val_cstr(a, loam_vault_root(ctx->vault)));
  loam_val_set(a, m, "notes", loam_val_int(a, (int64_t)st.notes));
  loam_val_set(a, m, "links", loam_val_int(a, (int64_t)st.links));
  loam_val_set(a, m, "resolved", loam_val_int(a, (int64_t)st.links_resolved));
  loam_val_set(a, m, "unresolved", loam_val_int(a, (int64_t)st.links_unresolved));
  loam_val_set(a, m, "tasks", loam_val_int(a, (int64_t)st.tasks));
  loam_val_set(a, m, "tags", loam_val_int(a, (int64_t)st.tags));
  loam_val_set(a, m, "headings", loam_val_int(a, (int64_t)st.headings));
  loam_val_set(a, m, "seconds", loam_val_float(a, st.seconds));
  loam_val_set(a, m, "parse_errors", S_parse_errors(ctx, a));
  *result = m;
  return 0;
}

/* ---- the table --------------------------------------------------------- */

static const loam_method S_methods[] = {
    {"complete", S_complete},   {"query", S_query}, {"resolve", S_resolve},
    {"backlinks", S_backlinks}, {"related", S_related}, {"note_changed", S_note_changed},
    {"stats", S_stats},
};

const loam_method *loam_method_find(const char *name, size_t len) {
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof(S_methods) / sizeof(*S_methods); i++)
    if (strlen(S_methods[i].name) == len && memcmp(S_methods[i].name, name, len) == 0)
      return &S_methods[i];
  return NULL;
}

loam_val *loam_error_to_val(loam_arena *a, const loam_error *err) {
  loam_val *m = loam_val_map(a);
  int code = err && err->code ? err->code : LOAM_E_PROTOCOL;
  loam_val_set(a, m, "code", loam_val_cstr(a, loam_errname(code)));
  const char *msg = err && err->msg[0] ? err->msg : loam_strerror(code);
  loam_val_set(a, m, "message", loam_val_cstr(a, msg));
  if (err && err->line > 0) {
    loam_val_set(a, m, "line", loam_val_int(a, err->line));
    loam_val_set(a, m, "col", loam_val_int(a, err->col));
  }
  return m;
}
