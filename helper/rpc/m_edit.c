/*
 * m_edit.c: the `edit_lines` method, the helper's only way to change a note
 * on disk (editors use it for notes not loaded in a buffer). It hands the
 * edits to loam_edit_file(), which refuses stale edits, and re-indexes the
 * note afterwards. Only notes of the vault can be edited.
 */
#include "method_util.h"

#include <stdlib.h>
#include <string.h>

#include "../vault/edit.h"

/* A string item as a C string; lines may not hold NUL or line breaks. */
static int S_line_str(loam_arena *a, const loam_val *v, const char **out, loam_error *err) {
  if (!v || v->type != LOAM_VAL_STR)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "edit lines must be strings");
  if (memchr(v->u.s.ptr, '\0', v->u.s.len) || memchr(v->u.s.ptr, '\n', v->u.s.len) ||
      memchr(v->u.s.ptr, '\r', v->u.s.len))
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "an edit line holds a NUL or line break");
  *out = loam_arena_strndup(a, v->u.s.ptr, v->u.s.len);
  return 0;
}

/* Reads one {line, expect, lines, insert} map into e. */
static int S_read_edit(loam_arena *a, const loam_val *m, loam_line_edit *e, loam_error *err) {
  int64_t line;
  int rc = m && m->type == LOAM_VAL_MAP
               ? 0
               : loam_error_set(err, LOAM_E_PARAMS, 0, 0, "each edit must be a map");
  if (!rc) rc = loam_m_int_param(m, "line", 0, &line, err);
  if (rc) return rc;
  if (line < 1 || line > UINT32_MAX)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "edit line must be >= 1");
  e->line = (uint32_t)line;
  e->insert = loam_val_get_bool(m, "insert", 0);
  const loam_val *expect = loam_val_get(m, "expect");
  e->expect = NULL;
  if (expect && expect->type != LOAM_VAL_NIL && (rc = S_line_str(a, expect, &e->expect, err)))
    return rc;
  const loam_val *lines = loam_val_get(m, "lines");
  if (lines && lines->type == LOAM_VAL_MAP && lines->u.m.len == 0) lines = NULL; /* {} from Lua */
  if (lines && lines->type != LOAM_VAL_ARRAY)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "edit 'lines' must be a list");
  e->n_lines = lines ? lines->u.a.len : 0;
  const char **out = loam_arena_alloc(a, (e->n_lines ? e->n_lines : 1) * sizeof(char *));
  for (size_t k = 0; k < e->n_lines; k++)
    if ((rc = S_line_str(a, lines->u.a.items[k], &out[k], err))) return rc;
  e->lines = out;
  return 0;
}

int loam_m_edit_lines(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                      loam_error *err) {
  int32_t idx;
  int rc = loam_m_note_param(ctx, params, a, &idx, err);
  if (rc) return rc;
  const loam_val *list = loam_val_get(params, "edits");
  if (!list || list->type != LOAM_VAL_ARRAY || list->u.a.len == 0)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param 'edits' must be a non-empty list");
  size_t n = list->u.a.len;
  loam_line_edit *edits = loam_arena_alloc(a, n * sizeof(*edits));
  for (size_t k = 0; k < n; k++)
    if ((rc = S_read_edit(a, list->u.a.items[k], &edits[k], err))) return rc;
  char *abs = loam_vault_abspath(ctx->vault, (size_t)idx);
  rc = loam_edit_file(abs, edits, n, err);
  if (rc == 0) loam_vault_update(ctx->vault, abs, NULL, 0, NULL);
  free(abs);
  if (rc) return rc;
  *result = loam_val_map(a);
  loam_val_set(a, *result, "ok", loam_val_bool(a, 1));
  return 0;
}
