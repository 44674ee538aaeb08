/* utf8.c: UTF-8 decoding, case and accent folding (see utf8.h). */
#include "utf8.h"

#include <string.h>

size_t loam_utf8_valid_len(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) return 0;
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp, min;
  if ((c & 0xE0) == 0xC0)
    len = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    len = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    len = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

size_t loam_utf8_decode(const char *str, size_t n, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  size_t len = loam_utf8_valid_len(str, n);
  if (len == 0) {
    *cp = 0xFFFD;
    return n ? 1 : 0;
  }
  if (len == 1)
    *cp = s[0];
  else if (len == 2)
    *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  else if (len == 3)
    *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  else
    *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
          ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  return len;
}

size_t loam_utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Base letters for U+00C0..U+00FF; '\0' where there is none (× ÷). */
static const char S_latin1_base[64] = "AAAAAAACEEEEIIII"
                                      "DNOOOOO\0OUUUUYTs"
                                      "aaaaaaaceeeeiiii"
                                      "dnooooo\0ouuuuyty";

/* Folds U+0100..U+017F (Latin Extended-A): pairs of upper/lower letters. */
static char S_latin_ext_a_base(uint32_t cp) {
  static const char base[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkk"
                             "LlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUu"
                             "WwYyYZzZzZzs";
  size_t i = cp - 0x100;
  return i < sizeof(base) - 1 ? base[i] : 0;
}

size_t loam_utf8_fold(uint32_t cp, int fold_accents, char *out) {
  if (cp < 0x80) {
    out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    return 1;
  }
  if (fold_accents) {
    if (cp == 0xC6 || cp == 0xE6) return memcpy(out, "ae", 2), 2;
    if (cp == 0xDF) return memcpy(out, "ss", 2), 2;
    if (cp == 0x152 || cp == 0x153) return memcpy(out, "oe", 2), 2;
    char base = 0;
    if (cp >= 0xC0 && cp <= 0xFF)
      base = S_latin1_base[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
      base = S_latin_ext_a_base(cp);
    if (base) {
      out[0] = (char)(base >= 'A' && base <= 'Z' ? base + 32 : base);
      return 1;
    }
  } else {
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
      cp += 0x20;
    else if (cp >= 0x100 && cp <= 0x17F && S_latin_ext_a_base(cp) &&
             S_latin_ext_a_base(cp) >= 'A' && S_latin_ext_a_base(cp) <= 'Z' &&
             S_latin_ext_a_base(cp + 1) && S_latin_ext_a_base(cp + 1) >= 'a')
      cp += 1;
  }
  return loam_utf8_encode(cp, out);
}

/* Folds the next character of s into out; returns bytes consumed. */
static size_t S_fold_next(const char *s, size_t n, char *out, size_t *out_len) {
  uint32_t cp;
  size_t used = loam_utf8_decode(s, n, &cp);
  if (cp == 0xFFFD && used == 1 && (unsigned char)s[0] >= 0x80) {
    out[0] = s[0]; /* keep an invalid byte as itself so it still matches itself */
    *out_len = 1;
  } else {
    *out_len = loam_utf8_fold(cp, 0, out);
  }
  return used;
}

static int S_match_at(const char *h, size_t hn, const char *nd, size_t nn) {
  size_t i = 0, j = 0;
  while (j < nn) {
    if (i >= hn) return 0;
    char a[4], b[4];
    size_t al, bl;
    i += S_fold_next(h + i, hn - i, a, &al);
    j += S_fold_next(nd + j, nn - j, b, &bl);
    if (al != bl || memcmp(a, b, al) != 0) return 0;
  }
  return 1;
}

const char *loam_utf8_casestr(const char *hay, size_t hay_len, const char *needle,
                              size_t needle_len) {
  if (needle_len == 0) return hay;
  for (size_t i = 0; i < hay_len;) {
    if (S_match_at(hay + i, hay_len - i, needle, needle_len)) return hay + i;
    uint32_t cp;
    i += loam_utf8_decode(hay + i, hay_len - i, &cp);
  }
  return NULL;
}
