/*
 * tag.c: finds inline #tags in one line (see tag.h for the rules).
 *
 * Obsidian's tag characters are ASCII letters, digits, '_', '-', '/', and
 * any non-ASCII character: accented letters, CJK and emoji all count, since
 * users tag in their own language. What ends a tag beyond ASCII is Unicode
 * whitespace and punctuation (U+2000..U+206F general punctuation, U+2E00..
 * U+2E7F, ideographic space and full stops), so `#idée…` is `#idée`. The
 * joiners U+200C/U+200D stay in, or emoji sequences would be cut in half.
 * A byte that is not valid UTF-8 counts as one tag character: we never
 * judge bytes we cannot decode, and a lone byte cannot be punctuation.
 */
#include "tag.h"

#include <string.h>

#include "../common/utf8.h"

static int S_is_space(char c) { return c == ' ' || c == '\t'; }

static int S_is_ascii_tag_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '/';
}

/* Non-ASCII code points that end a tag: spaces and punctuation. */
static int S_is_unicode_break(uint32_t cp) {
  if (cp == 0x200C || cp == 0x200D) return 0;
  return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x3003) || cp == 0xFEFF ||
         cp == 0xFF0C || cp == 0xFF0E;
}

/* Bytes of the tag character at s (1-4), or 0 when s[0] ends the tag. */
static size_t S_tag_char_len(const char *s, size_t n) {
  unsigned char c = (unsigned char)s[0];
  if (c < 0x80) return S_is_ascii_tag_char(c);
  uint32_t cp;
  size_t k = loam_utf8_valid_len(s, n);
  if (k == 0) return 1;
  loam_utf8_decode(s, n, &cp);
  return S_is_unicode_break(cp) ? 0 : k;
}

/* Length of the tag body after the '#' at `at`, or 0 when it is not a tag
 * (empty, or digits only). */
static size_t S_tag_body(const char *line, size_t len, size_t at) {
  size_t j = at + 1;
  int has_non_digit = 0;
  while (j < len) {
    size_t k = S_tag_char_len(line + j, len - j);
    if (k == 0) break;
    if (k > 1 || line[j] < '0' || line[j] > '9') has_non_digit = 1;
    j += k;
  }
  return has_non_digit ? j - (at + 1) : 0;
}

int loam_tag_next(const char *line, size_t len, size_t from, const unsigned char *skip,
                  loam_tag_span *out) {
  for (size_t i = from; i < len; i++) {
    const char *hash = memchr(line + i, '#', len - i);
    if (!hash) return 0;
    i = (size_t)(hash - line);
    if (skip && skip[i]) continue;
    if (i > 0 && !S_is_space(line[i - 1])) continue;
    size_t body = S_tag_body(line, len, i);
    if (body == 0) continue;
    out->start = i;
    out->len = body + 1;
    return 1;
  }
  return 0;
}
