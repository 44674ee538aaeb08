/* strbuf.c: growable strings (see strbuf.h). */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

static void S_reserve(loam_strbuf *b, size_t extra) {
  b->ptr = loam_xgrow(b->ptr, &b->cap, b->len + extra + 1, 1);
}

void loam_strbuf_put(loam_strbuf *b, const char *s, size_t n) {
  S_reserve(b, n);
  if (n) memcpy(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len] = '\0';
}

void loam_strbuf_puts(loam_strbuf *b, const char *s) { loam_strbuf_put(b, s, strlen(s)); }

void loam_strbuf_putc(loam_strbuf *b, char c) { loam_strbuf_put(b, &c, 1); }

void loam_strbuf_vprintf(loam_strbuf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return;
  S_reserve(b, (size_t)n);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void loam_strbuf_printf(loam_strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  loam_strbuf_vprintf(b, fmt, ap);
  va_end(ap);
}

void loam_strbuf_put_json_string(loam_strbuf *b, const char *s, size_t n) {
  loam_strbuf_putc(b, '"');
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      loam_strbuf_putc(b, '\\');
      loam_strbuf_putc(b, (char)c);
      i++;
    } else if (c < 0x20) {
      switch (c) {
      case '\n': loam_strbuf_puts(b, "\\n"); break;
      case '\r': loam_strbuf_puts(b, "\\r"); break;
      case '\t': loam_strbuf_puts(b, "\\t"); break;
      default: loam_strbuf_printf(b, "\\u%04x", c); break;
      }
      i++;
    } else if (c < 0x80) {
      loam_strbuf_putc(b, (char)c);
      i++;
    } else {
      size_t len = loam_utf8_valid_len(s + i, n - i);
      if (len == 0) {
        loam_strbuf_puts(b, "\\ufffd");
        i++;
      } else {
        loam_strbuf_put(b, s + i, len);
        i += len;
      }
    }
  }
  loam_strbuf_putc(b, '"');
}

void loam_strbuf_put_folded(loam_strbuf *b, const char *s, size_t n) {
  S_reserve(b, n); /* ASCII folds to one byte each: room for the common case */
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) { /* the common case, without a decode or a call */
      if (b->len + 1 >= b->cap) S_reserve(b, n - i);
      b->ptr[b->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      i++;
      continue;
    }
    uint32_t cp;
    size_t used = loam_utf8_decode(s + i, n - i, &cp);
    char buf[4];
    if (cp == 0xFFFD && used == 1)
      loam_strbuf_putc(b, s[i]);
    else
      loam_strbuf_put(b, buf, loam_utf8_fold(cp, 0, buf));
    i += used;
  }
  b->ptr[b->len] = '\0';
}

const char *loam_strbuf_cstr(loam_strbuf *b) { return b->ptr ? b->ptr : ""; }

void loam_strbuf_clear(loam_strbuf *b) {
  b->len = 0;
  if (b->ptr) b->ptr[0] = '\0';
}

char *loam_strbuf_detach(loam_strbuf *b) {
  char *p = b->ptr ? b->ptr : loam_xstrdup("");
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void loam_strbuf_free(loam_strbuf *b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}
