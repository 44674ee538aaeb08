/*
 * collate.c: how text keys compare, and ranking many strings at once.
 *
 * loam_qtext_collate() is a small stand-in for the plugin's
 * localeCompare(..., {numeric: true}): case and accents only break ties,
 * digit runs compare by value (`Note 2` before `Note 10`), and punctuation
 * sorts before digits before letters, as ICU's root order. It compares in
 * two levels: the primary level (folded characters by weight, digit runs by
 * value), then, only on a primary tie, the tertiary level (accents, case,
 * bytes).
 *
 * Sorting thousands of strings with that function is slow (each call folds
 * and weighs both strings again), so loam_qtext_key() writes a string's
 * primary level once as bytes whose plain comparison (memcmp, then the
 * shorter first) orders exactly as the primary level does, as ICU sort keys
 * do. loam_qtext_rank() sorts by those keys, settles primary ties with the
 * tertiary level, and gives equal strings equal ranks; queries then compare
 * integers.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "internal.h"

/* ---- the primary level ---------------------------------------------------- */

/* Primary weight of a folded ASCII character: whitespace (1 + c), the ICU
 * root order of punctuation and symbols "_-,;:!?.'\"()[]{}@*\/\\&#%`^+<=>|~$"
 * (0x100 + position), digits (0x200 + c), letters (0x300 + c), then other
 * ASCII (0x180 + c). Characters from U+0080 weigh 0x400 + code point. */
static const uint16_t S_ascii_weight[128] = {
    0x180, 0x181, 0x182, 0x183, 0x184, 0x185, 0x186, 0x187, /* controls */
    0x188, 0x00a, 0x00b, 0x18b, 0x18c, 0x00e, 0x18e, 0x18f, /* \t \n \r */
    0x190, 0x191, 0x192, 0x193, 0x194, 0x195, 0x196, 0x197, /* */
    0x198, 0x199, 0x19a, 0x19b, 0x19c, 0x19d, 0x19e, 0x19f, /* */
    0x021, 0x105, 0x109, 0x115, 0x11f, 0x116, 0x114, 0x108, /* space ! " # $ % & ' */
    0x10a, 0x10b, 0x111, 0x119, 0x102, 0x101, 0x107, 0x112, /* ( ) * + , - . / */
    0x230, 0x231, 0x232, 0x233, 0x234, 0x235, 0x236, 0x237, /* 0-7 */
    0x238, 0x239, 0x104, 0x103, 0x11a, 0x11b, 0x11c, 0x106, /* 8 9 : ; < = > ? */
    0x110, 0x1c1, 0x1c2, 0x1c3, 0x1c4, 0x1c5, 0x1c6, 0x1c7, /* @ A-G (never: folded) */
    0x1c8, 0x1c9, 0x1ca, 0x1cb, 0x1cc, 0x1cd, 0x1ce, 0x1cf, /* */
    0x1d0, 0x1d1, 0x1d2, 0x1d3, 0x1d4, 0x1d5, 0x1d6, 0x1d7, /* */
    0x1d8, 0x1d9, 0x1da, 0x10c, 0x113, 0x10d, 0x118, 0x100, /* X Y Z [ \ ] ^ _ */
    0x117, 0x361, 0x362, 0x363, 0x364, 0x365, 0x366, 0x367, /* ` a-g */
    0x368, 0x369, 0x36a, 0x36b, 0x36c, 0x36d, 0x36e, 0x36f, /* */
    0x370, 0x371, 0x372, 0x373, 0x374, 0x375, 0x376, 0x377, /* */
    0x378, 0x379, 0x37a, 0x10e, 0x11d, 0x10f, 0x11e, 0x1ff, /* x y z { | } ~ DEL */
};

static uint32_t S_weight(uint32_t c) { return c < 0x80 ? S_ascii_weight[c] : 0x400 + c; }

/* Next folded character of s (lower case, accents removed). One source
 * character may fold to two ("æ" -> "ae"): buf carries the second. */
typedef struct {
  const char *s;
  size_t n, i;
  char buf[4];
  size_t blen, bpos;
} S_cursor;

static int S_next(S_cursor *c, uint32_t *out) {
  if (c->bpos < c->blen) return *out = (unsigned char)c->buf[c->bpos++], 1;
  if (c->i >= c->n) return 0;
  unsigned char b = (unsigned char)c->s[c->i];
  if (b < 0x80) { /* what decoding and folding an ASCII byte gives */
    c->i++;
    return *out = b >= 'A' && b <= 'Z' ? b + 32u : b, 1;
  }
  uint32_t cp;
  c->i += loam_utf8_decode(c->s + c->i, c->n - c->i, &cp);
  c->blen = loam_utf8_fold(cp, 1, c->buf);
  c->bpos = 0;
  if (c->blen == 1 || (unsigned char)c->buf[0] < 0x80)
    return *out = (unsigned char)c->buf[c->bpos++], 1;
  loam_utf8_decode(c->buf, c->blen, out); /* not foldable: the whole code point */
  c->bpos = c->blen;
  return 1;
}

static int S_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Reads a digit run starting with `first`; returns its value's digits
 * without leading zeros in buf (up to 64). */
static size_t S_number(S_cursor *c, uint32_t first, char *buf, uint32_t *after, int *more) {
  size_t len = 0;
  uint32_t d = first;
  for (;;) {
    if (!(len == 0 && d == '0') && len < 64) buf[len++] = (char)d;
    if (!S_next(c, &d)) return *more = 0, len;
    if (!S_digit(d)) return *after = d, *more = 1, len;
  }
}

static int S_primary(const char *a, size_t an, const char *b, size_t bn) {
  S_cursor x = {a, an, 0, {0}, 0, 0}, y = {b, bn, 0, {0}, 0, 0};
  uint32_t ca, cb;
  int ha = S_next(&x, &ca), hb = S_next(&y, &cb);
  while (ha && hb) {
    if (S_digit(ca) && S_digit(cb)) {
      char na[64], nb[64];
      int ma, mb;
      size_t la = S_number(&x, ca, na, &ca, &ma), lb = S_number(&y, cb, nb, &cb, &mb);
      if (la != lb) return la < lb ? -1 : 1;
      int r = memcmp(na, nb, la);
      if (r) return r < 0 ? -1 : 1;
      ha = ma, hb = mb;
      continue;
    }
    uint32_t wa = S_weight(ca), wb = S_weight(cb);
    if (wa != wb) return wa < wb ? -1 : 1;
    ha = S_next(&x, &ca), hb = S_next(&y, &cb);
  }
  return ha == hb ? 0 : ha ? 1 : -1;
}

/* ---- the tertiary level --------------------------------------------------- */

/* Tie-breaks: accents (plain first), then case (lower first), then bytes. */
static int S_tertiary(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, j = 0;
  while (i < an && j < bn) {
    uint32_t ca, cb;
    i += loam_utf8_decode(a + i, an - i, &ca);
    j += loam_utf8_decode(b + j, bn - j, &cb);
    if (ca == cb) continue;
    char fa[4], fb[4];
    size_t la = loam_utf8_fold(ca, 0, fa), lb = loam_utf8_fold(cb, 0, fb);
    if (la == lb && memcmp(fa, fb, la) == 0) return ca > cb ? -1 : 1; /* lower case first */
    int r = memcmp(fa, fb, la < lb ? la : lb);
    return r ? (r < 0 ? -1 : 1) : (la < lb ? -1 : 1);
  }
  if (i < an || j < bn) return i < an ? 1 : -1;
  return 0;
}

int loam_qtext_collate(const char *a, size_t an, const char *b, size_t bn) {
  int r = S_primary(a, an, b, bn);
  return r ? r : S_tertiary(a, an, b, bn);
}

/* ---- keys ----------------------------------------------------------------- */

/*
 * The key is the primary level as a byte string, one token after another:
 * a character is its weight in two bytes (big-endian; weights below 0xE000)
 * or 0xE0 and three bytes (weights from 0xE000: code points from U+DC00);
 * a digit run is the weight of a digit (0x02 0x30, which no other character
 * has, so a number meets other characters where any digit would), then its
 * count of significant digits (0..64), then those digits, so that a shorter
 * number sorts first and equal lengths compare digit by digit. Every token
 * tells its own length from its first bytes, so comparing keys byte by byte
 * compares tokens one by one, as S_primary does, and a key that is a prefix
 * of another is a string with fewer tokens: first.
 */
void loam_qtext_key(const char *s, size_t n, loam_strbuf *out) {
  S_cursor x = {s, n, 0, {0}, 0, 0};
  uint32_t c;
  int has = S_next(&x, &c);
  while (has) {
    if (S_digit(c)) {
      char num[64];
      int more;
      size_t len = S_number(&x, c, num, &c, &more);
      char head[3] = {0x02, 0x30, (char)len};
      loam_strbuf_put(out, head, 3);
      loam_strbuf_put(out, num, len);
      has = more;
      continue;
    }
    uint32_t w = S_weight(c);
    if (w < 0xE000) {
      char t[2] = {(char)(w >> 8), (char)(w & 0xFF)};
      loam_strbuf_put(out, t, 2);
    } else {
      char t[4] = {(char)0xE0, (char)(w >> 16), (char)((w >> 8) & 0xFF), (char)(w & 0xFF)};
      loam_strbuf_put(out, t, 4);
    }
    has = S_next(&x, &c);
  }
}

/* ---- ranking -------------------------------------------------------------- */

typedef struct {
  const char *const *s;
  const size_t *len; /* of s */
  const char *keys;
  const size_t *koff; /* key i is keys[koff[i] .. koff[i + 1]) */
} S_rank_ctx;

static int S_rank_cmp(const S_rank_ctx *c, uint32_t a, uint32_t b) {
  size_t la = c->koff[a + 1] - c->koff[a], lb = c->koff[b + 1] - c->koff[b];
  int r = memcmp(c->keys + c->koff[a], c->keys + c->koff[b], la < lb ? la : lb);
  if (r) return r < 0 ? -1 : 1;
  if (la != lb) return la < lb ? -1 : 1;
  return S_tertiary(c->s[a], c->len[a], c->s[b], c->len[b]);
}

static void S_rank_sort(const S_rank_ctx *c, uint32_t *v, uint32_t *tmp, size_t n) {
  if (n < 2) return;
  if (n <= 12) { /* insertion sort */
    for (size_t i = 1; i < n; i++) {
      uint32_t x = v[i];
      size_t j = i;
      for (; j > 0 && S_rank_cmp(c, v[j - 1], x) > 0; j--) v[j] = v[j - 1];
      v[j] = x;
    }
    return;
  }
  size_t h = n / 2, i = 0, j = h, k = 0;
  S_rank_sort(c, v, tmp, h);
  S_rank_sort(c, v + h, tmp, n - h);
  if (S_rank_cmp(c, v[h - 1], v[h]) <= 0) return; /* already in order */
  while (i < h && j < n) tmp[k++] = S_rank_cmp(c, v[j], v[i]) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  memcpy(v, tmp, k * sizeof(*v));
}

uint32_t loam_qtext_rank(const char *const *s, const size_t *len, size_t n, uint32_t *rank) {
  if (n == 0) return 0;
  loam_strbuf keys = {0};
  size_t *koff = loam_xmalloc((n + 1) * sizeof(*koff));
  for (size_t i = 0; i < n; i++) {
    koff[i] = keys.len;
    loam_qtext_key(s[i], len[i], &keys);
  }
  koff[n] = keys.len;
  uint32_t *order = loam_xmalloc(n * sizeof(*order)), *tmp = loam_xmalloc(n * sizeof(*tmp));
  for (size_t i = 0; i < n; i++) order[i] = (uint32_t)i;
  S_rank_ctx c = {s, len, keys.ptr, koff};
  S_rank_sort(&c, order, tmp, n);
  uint32_t r = 0;
  rank[order[0]] = 0;
  for (size_t i = 1; i < n; i++) {
    if (S_rank_cmp(&c, order[i - 1], order[i]) != 0) r++;
    rank[order[i]] = r;
  }
  free(order);
  free(tmp);
  free(koff);
  loam_strbuf_free(&keys);
  return r + 1;
}
