/*
 * json_codec.c: the JSON parser and the Content-Length frame reader (see
 * json_codec.h). Encoding is loam_val_to_json() in val.c.
 *
 * The parser is recursive descent over (ptr, len) with a depth counter, so
 * recursion is bounded by LOAM_JSON_MAX_DEPTH. Strings are unescaped into an
 * arena block the size of their escaped form (unescaping never grows a
 * string), so each string costs one allocation. On an error the position is
 * turned into a line and column only then, by counting newlines.
 *
 * The frame reader keeps received bytes in a strbuf and an offset into it.
 * It reads header lines until the empty one, then waits for the body's
 * Content-Length bytes. Unusable headers make it drop bytes up to the next
 * `Content-Length:`; while waiting, the first header line is checked as it
 * grows, so a stray JSON text without headers is dropped at once instead
 * of being buffered up to LOAM_JSON_MAX_HEADER.
 */
#include "json_codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"

/* ---- parsing ----------------------------------------------------------- */

typedef struct {
  const char *s;
  size_t n, pos;
  loam_arena *a;
  loam_error *err;
  int failed;
} S_parser;

/* Records the first error, at the current position. Returns NULL so that
 * `return S_fail(p, ...)` ends a value parser. */
static loam_val *S_fail(S_parser *p, const char *what) {
  if (p->failed) return NULL;
  p->failed = 1;
  int line = 1, col = 1;
  for (size_t i = 0; i < p->pos && i < p->n; i++) {
    if (p->s[i] == '\n')
      line++, col = 1;
    else
      col++;
  }
  loam_error_set(p->err, LOAM_E_PROTOCOL, line, col, "JSON: line %d, col %d: %s", line, col, what);
  return NULL;
}

static void S_skip_ws(S_parser *p) {
  while (p->pos < p->n) {
    char c = p->s[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    p->pos++;
  }
}

/* Matches the literal word at the current position. */
static int S_word(S_parser *p, const char *word) {
  size_t k = strlen(word);
  if (p->n - p->pos < k || memcmp(p->s + p->pos, word, k) != 0) return 0;
  p->pos += k;
  return 1;
}

static int S_hex4(const char *s, uint32_t *out) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (uint32_t)(c - '0');
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
      v |= (uint32_t)((c | 0x20) - 'a' + 10);
    else
      return 0;
  }
  *out = v;
  return 1;
}

/* Reads the `\uXXXX` (and a following low surrogate) at p->pos, which is
 * just after the `u`, into *cp. */
static int S_unicode_escape(S_parser *p, uint32_t *cp) {
  if (p->n - p->pos < 4 || !S_hex4(p->s + p->pos, cp)) return 0;
  p->pos += 4;
  if (*cp < 0xD800 || *cp > 0xDFFF) return 1;
  uint32_t lo;
  if (*cp <= 0xDBFF && p->n - p->pos >= 6 && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u' &&
      S_hex4(p->s + p->pos + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
    p->pos += 6;
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
  } else {
    *cp = 0xFFFD; /* a lone surrogate has no UTF-8 form */
  }
  return 1;
}

/* Parses the string starting at the `"` at p->pos into *ptr and *len (a
 * NUL-terminated block in the arena). Returns 0 on an error. */
static int S_string(S_parser *p, const char **ptr, size_t *len) {
  size_t start = ++p->pos, end = start;
  /* Fast path: most strings have no escapes; find the closing quote. */
  while (end < p->n && p->s[end] != '"' && p->s[end] != '\\' && (unsigned char)p->s[end] >= 0x20)
    end++;
  if (end < p->n && p->s[end] == '"') {
    *ptr = loam_arena_strndup(p->a, p->s + start, end - start);
    *len = end - start;
    p->pos = end + 1;
    return 1;
  }
  /* Escapes: the unescaped text is never longer than the escaped one. */
  size_t cap = end - start;
  while (cap + start < p->n && p->s[start + cap] != '"') cap += p->s[start + cap] == '\\' ? 2 : 1;
  char *out = loam_arena_alloc(p->a, cap + 1);
  size_t k = 0;
  for (;;) {
    if (p->pos >= p->n) return S_fail(p, "unterminated string"), 0;
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c == '"') break;
    if (c < 0x20) return S_fail(p, "control character in a string (escape it)"), 0;
    if (c != '\\') {
      out[k++] = (char)c; /* invalid UTF-8 is kept as it is */
      p->pos++;
      continue;
    }
    if (++p->pos >= p->n) return S_fail(p, "unterminated string"), 0;
    char e = p->s[p->pos++];
    switch (e) {
    case '"':
    case '\\':
    case '/': out[k++] = e; break;
    case 'b': out[k++] = '\b'; break;
    case 'f': out[k++] = '\f'; break;
    case 'n': out[k++] = '\n'; break;
    case 'r': out[k++] = '\r'; break;
    case 't': out[k++] = '\t'; break;
    case 'u': {
      uint32_t cp;
      if (!S_unicode_escape(p, &cp)) return S_fail(p, "\\u needs four hex digits"), 0;
      k += loam_utf8_encode(cp, out + k); /* \uXXXX is 6 bytes, UTF-8 at most 3 (4 for 12) */
      break;
    }
    default: p->pos--; return S_fail(p, "unknown escape in a string"), 0;
    }
  }
  p->pos++;
  out[k] = '\0';
  *ptr = out;
  *len = k;
  return 1;
}

static int S_digit(char c) { return c >= '0' && c <= '9'; }

static loam_val *S_number(S_parser *p) {
  size_t start = p->pos, i = p->pos;
  int is_int = 1;
  if (i < p->n && p->s[i] == '-') i++;
  if (i >= p->n || !S_digit(p->s[i])) return p->pos = i, S_fail(p, "expected a value");
  if (p->s[i] == '0' && i + 1 < p->n && S_digit(p->s[i + 1]))
    return p->pos = i, S_fail(p, "a number may not start with 0");
  while (i < p->n && S_digit(p->s[i])) i++;
  if (i < p->n && p->s[i] == '.') {
    is_int = 0;
    if (++i >= p->n || !S_digit(p->s[i])) return p->pos = i, S_fail(p, "expected digits after '.'");
    while (i < p->n && S_digit(p->s[i])) i++;
  }
  if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
    is_int = 0;
    if (++i < p->n && (p->s[i] == '+' || p->s[i] == '-')) i++;
    if (i >= p->n || !S_digit(p->s[i]))
      return p->pos = i, S_fail(p, "expected digits in the exponent");
    while (i < p->n && S_digit(p->s[i])) i++;
  }
  p->pos = i;
  if (is_int) {
    int neg = p->s[start] == '-';
    uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    int fits = 1;
    for (size_t d = start + (size_t)neg; d < i && fits; d++) {
      unsigned digit = (unsigned)(p->s[d] - '0');
      if (v > (limit - digit) / 10) fits = 0;
      v = v * 10 + digit;
    }
    if (fits) return loam_val_int(p->a, neg ? (int64_t)(0 - v) : (int64_t)v);
  }
  /* strtod wants a terminated string; the helper never changes its locale,
   * so the decimal point is '.'. */
  char *tok = loam_arena_strndup(p->a, p->s + start, i - start);
  return loam_val_float(p->a, strtod(tok, NULL));
}

static loam_val *S_value(S_parser *p, int depth);

static loam_val *S_array(S_parser *p, int depth) {
  loam_val *arr = loam_val_array(p->a);
  p->pos++;
  S_skip_ws(p);
  if (p->pos < p->n && p->s[p->pos] == ']') return p->pos++, arr;
  for (;;) {
    loam_val *item = S_value(p, depth + 1);
    if (!item) return NULL;
    loam_val_push(p->a, arr, item);
    S_skip_ws(p);
    if (p->pos < p->n && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->n && p->s[p->pos] == ']') return p->pos++, arr;
    return S_fail(p, "expected ',' or ']'");
  }
}

static loam_val *S_object(S_parser *p, int depth) {
  loam_val *map = loam_val_map(p->a);
  p->pos++;
  S_skip_ws(p);
  if (p->pos < p->n && p->s[p->pos] == '}') return p->pos++, map;
  for (;;) {
    S_skip_ws(p);
    const char *key;
    size_t key_len;
    if (p->pos >= p->n || p->s[p->pos] != '"') return S_fail(p, "expected a string key");
    if (!S_string(p, &key, &key_len)) return NULL;
    S_skip_ws(p);
    if (p->pos >= p->n || p->s[p->pos] != ':') return S_fail(p, "expected ':'");
    p->pos++;
    loam_val *v = S_value(p, depth + 1);
    if (!v) return NULL;
    /* loam_val_set copies the key as a C string: a `\u0000` in a key cuts
     * it there, which can only make a key not match. */
    loam_val_set(p->a, map, key, v);
    S_skip_ws(p);
    if (p->pos < p->n && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->n && p->s[p->pos] == '}') return p->pos++, map;
    return S_fail(p, "expected ',' or '}'");
  }
}

static loam_val *S_value(S_parser *p, int depth) {
  S_skip_ws(p);
  if (p->pos >= p->n) return S_fail(p, "expected a value");
  char c = p->s[p->pos];
  if ((c == '[' || c == '{') && depth >= LOAM_JSON_MAX_DEPTH)
    return S_fail(p, "nested deeper than 32 levels");
  switch (c) {
  case '[': return S_array(p, depth);
  case '{': return S_object(p, depth);
  case '"': {
    const char *s;
    size_t len;
    if (!S_string(p, &s, &len)) return NULL;
    loam_val *v = loam_val_str(p->a, NULL, 0);
    v->u.s.ptr = s, v->u.s.len = len; /* already in the arena: no second copy */
    return v;
  }
  case 't': return S_word(p, "true") ? loam_val_bool(p->a, 1) : S_fail(p, "expected a value");
  case 'f': return S_word(p, "false") ? loam_val_bool(p->a, 0) : S_fail(p, "expected a value");
  case 'n': return S_word(p, "null") ? loam_val_nil(p->a) : S_fail(p, "expected a value");
  default: return S_number(p);
  }
}

int loam_json_parse(loam_arena *a, const char *s, size_t len, loam_val **out, loam_error *err) {
  S_parser p = {s, len, 0, a, err, 0};
  loam_val *v = S_value(&p, 0);
  if (v) {
    S_skip_ws(&p);
    if (p.pos < p.n) v = S_fail(&p, "text after the value");
  }
  *out = v;
  return v ? 0 : LOAM_E_PROTOCOL;
}

/* ---- framing ----------------------------------------------------------- */

static const char S_CLEN[] = "content-length";

void loam_json_frame_write(loam_strbuf *out, const loam_val *msg) {
  loam_strbuf body = {0};
  loam_val_to_json(msg, &body);
  loam_strbuf_printf(out, "Content-Length: %zu\r\n\r\n", body.len);
  loam_strbuf_put(out, body.ptr ? body.ptr : "", body.len);
  loam_strbuf_free(&body);
}

void loam_json_frame_init(loam_json_frame *fr) { memset(fr, 0, sizeof(*fr)); }

void loam_json_frame_free(loam_json_frame *fr) {
  loam_strbuf_free(&fr->buf);
  memset(fr, 0, sizeof(*fr));
}

size_t loam_json_frame_pending(const loam_json_frame *fr) { return fr->buf.len - fr->off; }

void loam_json_frame_feed(loam_json_frame *fr, const char *buf, size_t n) {
  if (n == 0) return;
  /* Move the unread bytes to the front once they are the smaller part, so
   * the buffer stays about one message big however long the session. */
  if (fr->off > 0 && fr->off >= fr->buf.len - fr->off) {
    memmove(fr->buf.ptr, fr->buf.ptr + fr->off, fr->buf.len - fr->off);
    fr->buf.len -= fr->off;
    fr->off = 0;
  }
  loam_strbuf_put(&fr->buf, buf, n);
}

static int S_tchar(unsigned char c) { /* RFC 9110 token characters */
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
         (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int S_ieq(const char *s, size_t n, const char *lower) {
  if (strlen(lower) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]) != lower[i]) return 0;
  return 1;
}

static const char S_CLEN_COLON[] = "content-length:";

/* Whether s[0..n) equals the first n bytes of `lower`, ignoring ASCII case. */
static int S_iprefix(const char *s, size_t n, const char *lower) {
  for (size_t i = 0; i < n; i++)
    if (!lower[i] || (s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]) != lower[i]) return 0;
  return 1;
}

/* Drops bytes up to the next `Content-Length:` at or after `from` (>= 1),
 * or, when there is none, up to a tail that could still become one. */
static loam_json_frame_status S_resync(loam_json_frame *fr, size_t from, const char *why) {
  const char *p = fr->buf.ptr + fr->off;
  size_t n = loam_json_frame_pending(fr), k = strlen(S_CLEN_COLON), skip;
  for (skip = from > n ? n : from; skip < n; skip++)
    if (S_iprefix(p + skip, n - skip < k ? n - skip : k, S_CLEN_COLON)) break;
  fr->off += skip;
  fr->dropped = skip;
  loam_error_set(&fr->err, LOAM_E_PROTOCOL, 0, 0, "%s", why);
  return LOAM_JSON_FRAME_BAD_HEADER;
}

/*
 * Reads one header line p[0..len) (no line end). Sets *clen for a
 * Content-Length. Returns NULL, or what is wrong with the line.
 */
static const char *S_header_line(const char *p, size_t len, long long *clen) {
  size_t colon = 0;
  while (colon < len && S_tchar((unsigned char)p[colon])) colon++;
  if (colon == 0 || colon == len || p[colon] != ':') return "not a header line";
  if (!S_ieq(p, colon, S_CLEN)) return NULL; /* Content-Type and others */
  size_t i = colon + 1, end = len;
  while (i < end && (p[i] == ' ' || p[i] == '\t')) i++;
  while (end > i && (p[end - 1] == ' ' || p[end - 1] == '\t')) end--;
  if (i == end) return "Content-Length is empty";
  unsigned long long v = 0;
  for (; i < end; i++) {
    if (!S_digit(p[i])) return "Content-Length is not a number";
    v = v * 10 + (unsigned)(p[i] - '0');
    if (v > LOAM_JSON_MAX_MESSAGE) return "Content-Length is over the 64 MiB limit";
  }
  if (*clen >= 0 && (unsigned long long)*clen != v) return "two different Content-Length headers";
  *clen = (long long)v;
  return NULL;
}

loam_json_frame_status loam_json_frame_next(loam_json_frame *fr, loam_arena *a, loam_val **out) {
  *out = NULL;
  fr->dropped = 0;
  memset(&fr->err, 0, sizeof(fr->err));
  /* Line ends between messages are not worth a complaint. */
  while (fr->off < fr->buf.len && (fr->buf.ptr[fr->off] == '\r' || fr->buf.ptr[fr->off] == '\n'))
    fr->off++;
  const char *p = fr->buf.ptr + fr->off;
  size_t n = loam_json_frame_pending(fr), pos = 0;
  long long clen = -1;
  if (n == 0) return LOAM_JSON_FRAME_NEED_MORE;
  for (;;) {
    const char *nl = memchr(p + pos, '\n', n - pos);
    if (!nl) {
      if (n > LOAM_JSON_MAX_HEADER) return S_resync(fr, 1, "headers longer than 4096 bytes");
      /* A line still arriving must at least start like a header (or be
       * the CR of the empty line). */
      size_t i = pos;
      if (n - pos == 1 && p[pos] == '\r') return LOAM_JSON_FRAME_NEED_MORE;
      while (i < n && S_tchar((unsigned char)p[i])) i++;
      if (i < n && p[i] != ':') return S_resync(fr, 1, "not a header line");
      return LOAM_JSON_FRAME_NEED_MORE;
    }
    size_t eol = (size_t)(nl - p), len = eol - pos;
    if (len > 0 && p[eol - 1] == '\r') len--;
    if (eol + 1 > LOAM_JSON_MAX_HEADER) return S_resync(fr, 1, "headers longer than 4096 bytes");
    if (len == 0) { /* the empty line: the body follows */
      pos = eol + 1;
      break;
    }
    const char *why = S_header_line(p + pos, len, &clen);
    if (why) return S_resync(fr, pos + 1, why); /* from inside the bad line */
    pos = eol + 1;
  }
  if (clen < 0) return S_resync(fr, pos, "no Content-Length header");
  if (n - pos < (size_t)clen) return LOAM_JSON_FRAME_NEED_MORE;
  fr->off += pos + (size_t)clen;
  if (loam_json_parse(a, p + pos, (size_t)clen, out, &fr->err) != 0)
    return LOAM_JSON_FRAME_BAD_JSON;
  return LOAM_JSON_FRAME_MSG;
}
