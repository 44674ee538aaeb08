/* error.c: the error table and loam_error_set (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

const char *loam_strerror(int code) {
  switch (code) {
#define LOAM_ERR_DESC(name, value, desc)                                                           \
  case value: return desc;
    LOAM_ERRORS(LOAM_ERR_DESC)
#undef LOAM_ERR_DESC
  }
  return "unknown error";
}

const char *loam_errname(int code) {
  switch (code) {
#define LOAM_ERR_NAME(name, value, desc)                                                           \
  case value: return #name;
    LOAM_ERRORS(LOAM_ERR_NAME)
#undef LOAM_ERR_NAME
  }
  return "LOAM_E_UNKNOWN";
}

int loam_error_set(loam_error *err, int code, int line, int col, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  err->line = line;
  err->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
  va_end(ap);
  return code;
}
