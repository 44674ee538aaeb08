/*
 * strbuf.h: a growable byte string, always NUL-terminated.
 * `loam_strbuf b = {0};` is a valid empty buffer; loam_strbuf_free() releases it.
 */
#ifndef LOAM_STRBUF_H
#define LOAM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
  char *ptr; /* NUL-terminated when len > 0 or after any append */
  size_t len, cap;
} loam_strbuf;

void loam_strbuf_put(loam_strbuf *b, const char *s, size_t n);
void loam_strbuf_puts(loam_strbuf *b, const char *s);
void loam_strbuf_putc(loam_strbuf *b, char c);
void loam_strbuf_printf(loam_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void loam_strbuf_vprintf(loam_strbuf *b, const char *fmt, va_list ap);
/* Appends `s` as a JSON string literal (quotes included, control bytes and
 * invalid UTF-8 escaped as \uXXXX / U+FFFD so the output is always valid). */
void loam_strbuf_put_json_string(loam_strbuf *b, const char *s, size_t n);
/* Appends s[0..n) lower-cased (ASCII and Latin letters, accents kept), the
 * folding link resolution uses; an invalid byte is copied as it is. */
void loam_strbuf_put_folded(loam_strbuf *b, const char *s, size_t n);
const char *loam_strbuf_cstr(loam_strbuf *b); /* "" for an empty buffer */
void loam_strbuf_clear(loam_strbuf *b);       /* len = 0, keeps memory */
/* Returns the buffer's string (caller frees) and leaves `b` empty. */
char *loam_strbuf_detach(loam_strbuf *b);
void loam_strbuf_free(loam_strbuf *b);

#endif
