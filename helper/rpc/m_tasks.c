/*
 * m_tasks.c: the `task_toggle` method: what toggling (or changing the
 * status of) one task line writes back, as edits in the `edit_lines` shape.
 *
 * The helper never writes here: the editor applies the edits to its
 * buffer, or sends them to `edit_lines` for a note that is not loaded, and
 * either refuses when the line no longer reads as `expect`.
 */
#include <stdio.h>
#include <string.h>

#include "../task/toggle.h"
#include "method_util.h"

static int S_bool_param(const loam_val *params, const char *key, int fallback, int *out,
                        loam_error *err) {
  const loam_val *v = loam_val_get(params, key);
  *out = fallback;
  if (!v || v->type == LOAM_VAL_NIL) return 0;
  if (v->type != LOAM_VAL_BOOL)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param '%s' must be a boolean", key);
  *out = v->u.b != 0;
  return 0;
}

/* One status symbol: exactly one character (next may be ""). */
static int S_symbol(const loam_val *v, const char *what, size_t i, int allow_empty, char *out,
                    loam_error *err) {
  if (!v || v->type != LOAM_VAL_STR || v->u.s.len > 4 || (!allow_empty && v->u.s.len == 0))
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                          "param 'statuses'[%zu].%s must be one character", i + 1, what);
  memcpy(out, v->u.s.ptr, v->u.s.len);
  out[v->u.s.len] = '\0';
  return 0;
}

/*
 * Reads param `statuses` (a list of {symbol, name, next, type}) into t,
 * after the plugin's defaults; absent leaves the defaults. A malformed
 * entry is a LOAM_E_PARAMS error naming it.
 */
int loam_m_statuses_param(const loam_val *params, loam_status_table *t, loam_error *err) {
  loam_status_table_init(t);
  const loam_val *list = loam_val_get(params, "statuses");
  if (!list || list->type == LOAM_VAL_NIL) return 0;
  if (list->type == LOAM_VAL_MAP && list->u.m.len == 0) return 0; /* an empty Lua table */
  if (list->type != LOAM_VAL_ARRAY)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'statuses' must be a list");
  for (size_t i = 0; i < list->u.a.len; i++) {
    const loam_val *s = list->u.a.items[i];
    if (!s || s->type != LOAM_VAL_MAP)
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'statuses'[%zu] must be a map", i + 1);
    char symbol[5], next[5], name[64] = "", type_s[16] = "TODO";
    int rc = S_symbol(loam_val_get(s, "symbol"), "symbol", i, 0, symbol, err);
    if (!rc) {
      const loam_val *nx = loam_val_get(s, "next");
      if (!nx || nx->type == LOAM_VAL_NIL)
        snprintf(next, sizeof(next), "x");
      else
        rc = S_symbol(nx, "next", i, 1, next, err);
    }
    if (rc) return rc;
    const loam_val *nm = loam_val_get(s, "name"), *ty = loam_val_get(s, "type");
    if (nm && nm->type == LOAM_VAL_STR)
      snprintf(name, sizeof(name), "%.*s", (int)nm->u.s.len, nm->u.s.ptr);
    if (ty && ty->type == LOAM_VAL_STR)
      snprintf(type_s, sizeof(type_s), "%.*s", (int)ty->u.s.len, ty->u.s.ptr);
    loam_status_type type;
    if (loam_status_type_parse(type_s, &type) != 0)
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                            "param 'statuses'[%zu].type must be TODO, IN_PROGRESS, ON_HOLD, "
                            "DONE, CANCELLED or NON_TASK, got '%s'",
                            i + 1, type_s);
    if (loam_status_table_add(t, symbol, name, next, type) != 0)
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                            "param 'statuses'[%zu]: symbol '%s' is not one character, or too "
                            "many statuses",
                            i + 1, symbol);
  }
  return 0;
}

static loam_val *S_strings(loam_arena *a, const char *const *s, size_t n) {
  loam_val *arr = loam_val_array(a);
  for (size_t i = 0; i < n; i++) loam_val_push(a, arr, loam_val_cstr(a, s[i]));
  return arr;
}

int loam_m_task_toggle(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err) {
  const char *path, *text, *status, *today_s, *position;
  size_t text_len = 0;
  int64_t line, cycle;
  int rc = loam_m_str_required(params, "path", a, &path, NULL, err);
  if (!rc) rc = loam_m_str_required(params, "text", a, &text, &text_len, err);
  if (!rc) rc = loam_m_int_param(params, "line", 0, &line, err);
  if (!rc) rc = loam_m_str_param(params, "status", a, &status, NULL, err);
  if (!rc) rc = loam_m_int_param(params, "cycle", 0, &cycle, err);
  if (!rc) rc = loam_m_str_param(params, "today", a, &today_s, NULL, err);
  if (!rc) rc = loam_m_str_param(params, "recurrence_position", a, &position, NULL, err);
  if (rc) return rc;
  if (line < 1) return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'line' must be >= 1");
  if (memchr(text, '\n', text_len))
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'text' must be one line");
  loam_toggle_opts o;
  loam_toggle_opts_init(&o, loam_m_today(ctx));
  if (today_s) {
    o.today = strlen(today_s) == 10 ? loam_date_parse_iso(today_s, 10) : LOAM_DATE_NONE;
    if (!LOAM_DATE_IS_REAL(o.today))
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'today' must be YYYY-MM-DD");
  }
  if (position && strcmp(position, "above") != 0 && strcmp(position, "below") != 0)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                          "param 'recurrence_position' must be 'above' or 'below'");
  o.recurrence_below = position && strcmp(position, "below") == 0;
  if (status && (strlen(status) == 0 || strlen(status) > 4))
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'status' must be one character");
  o.target = status;
  o.cycle = cycle > 0 ? 1 : cycle < 0 ? -1 : 0;
  if (!rc) rc = S_bool_param(params, "set_done_date", 1, &o.set_done_date, err);
  if (!rc) rc = S_bool_param(params, "set_cancelled_date", 1, &o.set_cancelled_date, err);
  if (!rc) rc = S_bool_param(params, "set_created_date", 0, &o.set_created_date, err);
  if (!rc) rc = S_bool_param(params, "remove_scheduled_date", 0, &o.remove_scheduled_date, err);
  loam_status_table table;
  if (!rc) rc = loam_m_statuses_param(params, &table, err);
  if (rc) return rc;
  o.statuses = &table;

  loam_toggle_result r;
  loam_task_toggle(text, text_len, &o, a, &r);
  size_t expect_len = text_len;
  if (expect_len && text[expect_len - 1] == '\r') expect_len--;
  loam_val *res = loam_val_map(a), *edits = loam_val_array(a);
  int32_t idx = loam_vault_find(ctx->vault, path);
  if (idx >= 0)
    loam_m_set_paths(ctx, a, res, idx);
  else
    loam_val_set(a, res, "path", loam_val_cstr(a, path));
  if (r.changed) {
    loam_val *e = loam_val_map(a);
    loam_val_set(a, e, "line", loam_val_int(a, line));
    loam_val_set(a, e, "expect", loam_val_str(a, text, expect_len));
    loam_val_set(a, e, "lines", S_strings(a, r.lines, r.n_lines));
    loam_val_set(a, e, "insert", loam_val_bool(a, 0));
    loam_val_push(a, edits, e);
  }
  loam_val_set(a, res, "edits", edits);
  /* Where the task is after the edit (the next occurrence may sit above). */
  if (r.task_index >= 0) loam_val_set(a, res, "line", loam_val_int(a, line + r.task_index));
  *result = res;
  return 0;
}

/* `task_blocks {path}`: where the note's ```tasks blocks are, as the index
 * read them: {blocks = [{line, end_line}]} (the fence lines, 1-based). */
int loam_m_task_blocks(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err) {
  int32_t idx;
  int rc = loam_m_note_param(ctx, params, a, &idx, err);
  if (rc) return rc;
  const loam_note *n = loam_m_note(ctx, idx);
  loam_val *res = loam_val_map(a), *blocks = loam_val_array(a);
  for (size_t k = 0; k < n->queries.len; k++) {
    loam_val *b = loam_val_map(a);
    loam_val_set(a, b, "line", loam_val_int(a, n->queries.items[k].line));
    loam_val_set(a, b, "end_line", loam_val_int(a, n->queries.items[k].end_line));
    loam_val_push(a, blocks, b);
  }
  loam_m_set_paths(ctx, a, res, idx);
  loam_val_set(a, res, "blocks", blocks);
  *result = res;
  return 0;
}
