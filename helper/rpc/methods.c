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
 * This file holds the helpers every method shares (method_util.h), the
 * small methods (note_changed, stats) and the table; the larger methods have
 * a file each: m_complete.c, m_query.c, m_links.c.
 */
#include "method_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"

#ifndef LOAM_VERSION
#define LOAM_VERSION "0.0.0"
#endif

/* ---- params ------------------------------------------------------------ */

/*
 * Reads the string param `key` into *out (a NUL-terminated copy in `a`) and
 * *len. Absent or nil leaves *out NULL and returns 0; another type is a
 * LOAM_E_PARAMS error.
 */
int loam_m_str_param(const loam_val *params, const char *key, loam_arena *a, const char **out,
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

/* Like loam_m_str_param, but absent is an error too. */
int loam_m_str_required(const loam_val *params, const char *key, loam_arena *a, const char **out,
                        size_t *len, loam_error *err) {
  int rc = loam_m_str_param(params, key, a, out, len, err);
  if (rc == 0 && !*out)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "param '%s' is required", key);
  return rc;
}

/* Integer param: absent or nil gives `fallback`; a non-number is an error. */
int loam_m_int_param(const loam_val *params, const char *key, int64_t fallback, int64_t *out,
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
int loam_m_note_param(loam_ctx *ctx, const loam_val *params, loam_arena *a, int32_t *idx,
                      loam_error *err) {
  const char *path;
  int rc = loam_m_str_required(params, "path", a, &path, NULL, err);
  if (rc) return rc;
  *idx = loam_vault_find(ctx->vault, path);
  if (*idx < 0) return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no such note: %s", path);
  return 0;
}

loam_date loam_m_today(const loam_ctx *ctx) {
  return ctx->today != LOAM_DATE_NONE ? ctx->today : loam_date_today();
}

/* ---- values ------------------------------------------------------------ */

const loam_note *loam_m_note(loam_ctx *ctx, int32_t i) {
  return loam_vault_note(ctx->vault, (size_t)i);
}

loam_val *loam_m_abspath(loam_ctx *ctx, loam_arena *a, int32_t i) {
  char *abs = loam_vault_abspath(ctx->vault, (size_t)i);
  loam_val *v = loam_val_cstr(a, abs);
  free(abs);
  return v;
}

/* Sets `path` and `abspath` of note i in map m. */
void loam_m_set_paths(loam_ctx *ctx, loam_arena *a, loam_val *m, int32_t i) {
  loam_val_set(a, m, "path", loam_val_cstr(a, loam_m_note(ctx, i)->path));
  loam_val_set(a, m, "abspath", loam_m_abspath(ctx, a, i));
}

const char *loam_m_title(const loam_note *n) { return n->title ? n->title : n->stem; }

void loam_m_set_date(loam_arena *a, loam_val *m, const char *key, loam_date d) {
  if (!LOAM_DATE_IS_REAL(d)) return;
  char buf[11];
  loam_date_format(d, buf);
  loam_val_set(a, m, key, loam_val_cstr(a, buf));
}

/* Case-insensitive equality (ASCII and Latin letters, as link resolution). */
int loam_m_same_text(const char *x, const char *y) {
  size_t nx = strlen(x), ny = strlen(y);
  return nx == ny && loam_utf8_casestr(x, nx, y, ny) == x;
}

/* ---- note_changed ------------------------------------------------------ */

static int S_note_changed(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                          loam_error *err) {
  const char *path, *text;
  size_t len;
  int rc = loam_m_str_required(params, "path", a, &path, NULL, err);
  if (!rc) rc = loam_m_str_param(params, "text", a, &text, &len, err);
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
    const loam_note *n = loam_m_note(ctx, (int32_t)i);
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
    {"complete", loam_m_complete},
    {"query", loam_m_query},
    {"resolve", loam_m_resolve},
    {"backlinks", loam_m_backlinks},
    {"related", loam_m_related},
    {"unresolved", loam_m_unresolved},
    {"tags", loam_m_tags},
    {"rename_plan", loam_m_rename_plan},
    {"rename_note", loam_m_rename_note},
    {"create_note", loam_m_create_note},
    {"note_changed", S_note_changed},
    {"stats", S_stats},
    {"edit_lines", loam_m_edit_lines},
    {"task_toggle", loam_m_task_toggle},
    {"task_blocks", loam_m_task_blocks},
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
