/*
 * error.h: error codes and the error record passed as an out-parameter.
 *
 * Functions that can fail return 0 or a negative LOAM_E_* code and, when
 * given a non-NULL `loam_error *`, fill it with a message and, for parse
 * errors, the 1-based line and column where it happened.
 */
#ifndef LOAM_ERROR_H
#define LOAM_ERROR_H

/* X(name, value, description) */
#define LOAM_ERRORS(X)                                                                             \
  X(LOAM_OK, 0, "no error")                                                                        \
  X(LOAM_E_USAGE, -1, "invalid usage")                                                             \
  X(LOAM_E_IO, -2, "i/o error")                                                                    \
  X(LOAM_E_YAML, -3, "invalid frontmatter")                                                        \
  X(LOAM_E_QUERY, -4, "invalid query")                                                             \
  X(LOAM_E_NOT_FOUND, -5, "not found")                                                             \
  X(LOAM_E_PROTOCOL, -6, "protocol error")                                                         \
  X(LOAM_E_PARAMS, -7, "invalid parameters")                                                       \
  X(LOAM_E_CHANGED, -8, "file changed since it was read")                                          \
  X(LOAM_E_UNSUPPORTED, -9, "not supported")

typedef enum {
#define LOAM_ERR_ENUM(name, value, desc) name = value,
  LOAM_ERRORS(LOAM_ERR_ENUM)
#undef LOAM_ERR_ENUM
} loam_errcode;

typedef struct {
  int code;      /* a loam_errcode */
  int line, col; /* 1-based position for parse errors, 0 when not applicable */
  char msg[512];
} loam_error;

const char *loam_strerror(int code);
const char *loam_errname(int code); /* "LOAM_E_QUERY" */
/* Fills err (when not NULL) and returns code, so `return loam_error_set(...)`. */
int loam_error_set(loam_error *err, int code, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
