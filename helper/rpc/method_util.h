/*
 * method_util.h: what the method files (methods.c, m_*.c) share: reading
 * params with typed errors, and turning notes into result values. Private
 * to helper/rpc/; the transports only see methods.h.
 */
#ifndef LOAM_METHOD_UTIL_H
#define LOAM_METHOD_UTIL_H

#include "../task/status.h"
#include "methods.h"

/* Reads the string param `key` into *out (a NUL-terminated copy in `a`) and
 * *len (may be NULL). Absent or nil leaves *out NULL and returns 0; another
 * type is a LOAM_E_PARAMS error. */
int loam_m_str_param(const loam_val *params, const char *key, loam_arena *a, const char **out,
                     size_t *len, loam_error *err);
/* Like loam_m_str_param, but absent is an error too. */
int loam_m_str_required(const loam_val *params, const char *key, loam_arena *a, const char **out,
                        size_t *len, loam_error *err);
/* Integer param: absent or nil gives `fallback`; a non-number is an error. */
int loam_m_int_param(const loam_val *params, const char *key, int64_t fallback, int64_t *out,
                     loam_error *err);
/* The note named by param `path` (vault-relative or absolute), else
 * LOAM_E_PARAMS (absent) or LOAM_E_NOT_FOUND. */
int loam_m_note_param(loam_ctx *ctx, const loam_val *params, loam_arena *a, int32_t *idx,
                      loam_error *err);
/* The request's today: the fixed one, or the real date now. */
loam_date loam_m_today(const loam_ctx *ctx);

const loam_note *loam_m_note(loam_ctx *ctx, int32_t i);
loam_val *loam_m_abspath(loam_ctx *ctx, loam_arena *a, int32_t i);
/* Sets `path` and `abspath` of note i in map m. */
void loam_m_set_paths(loam_ctx *ctx, loam_arena *a, loam_val *m, int32_t i);
/* The title, or the file stem for a note without one. */
const char *loam_m_title(const loam_note *n);
/* Sets m[key] = "YYYY-MM-DD" when d is a real date. */
void loam_m_set_date(loam_arena *a, loam_val *m, const char *key, loam_date d);
/* Case-insensitive equality (ASCII and Latin letters, as link resolution). */
int loam_m_same_text(const char *x, const char *y);

/* The lines of note i as the index saw them: the editor's text when it
 * sent one (note_changed), else the file (a UTF-8 BOM skipped). */
typedef struct {
  char *buf;
  size_t len;
  LOAM_VEC(size_t) starts; /* offset of each line */
} loam_m_lines;
void loam_m_lines_read(loam_ctx *ctx, int32_t i, loam_m_lines *out);
/* Line `line` (1-based) without its "\n" or "\r\n"; NULL past the end. */
const char *loam_m_lines_get(const loam_m_lines *ls, uint32_t line, size_t *len);
void loam_m_lines_free(loam_m_lines *ls);
/* Line of heading `h` (`A#B`: B inside A) or block `id` in note n; 0 when
 * the note has none. */
uint32_t loam_m_heading_line(const loam_note *n, const char *h);
uint32_t loam_m_block_line(const loam_note *n, const char *id);

/* The methods with a file of their own. */
int loam_m_complete(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                    loam_error *err);
int loam_m_query(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                 loam_error *err);
int loam_m_resolve(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                   loam_error *err);
int loam_m_backlinks(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                     loam_error *err);
int loam_m_related(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                   loam_error *err);
int loam_m_unresolved(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                      loam_error *err);
int loam_m_tags(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                loam_error *err);
int loam_m_rename_plan(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err);
int loam_m_rename_note(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err);
int loam_m_create_note(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err);
int loam_m_edit_lines(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                      loam_error *err);
int loam_m_task_toggle(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err);
/* Param `statuses` ([{symbol, name, next, type}], m_tasks.c) after the
 * plugin's default statuses. */
int loam_m_statuses_param(const loam_val *params, loam_status_table *t, loam_error *err);
int loam_m_task_blocks(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err);

#endif
