/*
 * codespan.c: marks the bytes of one line that sit inside inline code or a
 * comment (see codespan.h), so the link, tag and task scanners can skip them.
 *
 * One pass from the left: whichever opener comes first (a backtick run,
 * `%%`, `<!--`) claims the text up to its closer, and anything inside is
 * literal. An opener without a closer on the line is plain text. Searching
 * for closers is kept linear on hostile lines (thousands of unclosed
 * openers): a table of where each backtick-run length last occurs answers
 * "is there a closer?" without scanning, and a failed comment search
 * remembers that no closer exists past that point.
 */
#include "codespan.h"

#include <string.h>

/* Backtick runs longer than this are literal text (cmark has the same kind of
 * bound); it keeps the last-run table a fixed size on the stack. */
#define S_MAX_TICKS 255

static size_t S_run_len(const char *s, size_t len, size_t i, char c) {
  size_t j = i;
  while (j < len && s[j] == c) j++;
  return j - i;
}

/* last[k] = 1 + start of the last maximal run of exactly k backticks (0 when
 * there is none), so "a closer exists after p" is `last[k] > p`. */
static void S_index_runs(const char *s, size_t len, size_t *last) {
  memset(last, 0, (S_MAX_TICKS + 1) * sizeof(*last));
  for (size_t i = 0; i < len;) {
    if (s[i] != '`') {
      i++;
      continue;
    }
    size_t n = S_run_len(s, len, i, '`');
    if (n <= S_MAX_TICKS) last[n] = i + 1;
    i += n;
  }
}

/* Start of the next run of exactly n backticks at or after `from`; the caller
 * knows from the index that one exists. */
static size_t S_find_run(const char *s, size_t len, size_t from, size_t n) {
  for (size_t i = from; i < len;) {
    if (s[i] != '`') {
      i++;
      continue;
    }
    size_t k = S_run_len(s, len, i, '`');
    if (k == n) return i;
    i += k;
  }
  return len;
}

/* Offset of `pat` in s[from..len), or len. */
static size_t S_find(const char *s, size_t len, size_t from, const char *pat, size_t n) {
  for (size_t i = from; i + n <= len; i++)
    if (s[i] == pat[0] && memcmp(s + i, pat, n) == 0) return i;
  return len;
}

static int S_starts(const char *s, size_t len, size_t i, const char *pat, size_t n) {
  return i + n <= len && memcmp(s + i, pat, n) == 0;
}

static int S_is_ascii_punct(unsigned char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

/* Marks a comment that opens at i with `open` and closes with `close`.
 * `*no_close_from` records that no closer exists at or after that offset.
 * Returns the offset after the comment, or after the opener when unclosed. */
static size_t S_comment(const char *s, size_t len, size_t i, size_t open_n, const char *close,
                        size_t close_n, size_t *no_close_from, unsigned char *mask, int *any) {
  size_t from = i + open_n;
  size_t at = from >= *no_close_from ? len : S_find(s, len, from, close, close_n);
  if (at == len) {
    if (from < *no_close_from) *no_close_from = from;
    return from;
  }
  memset(mask + i, 1, at + close_n - i);
  *any = 1;
  return at + close_n;
}

/* Offset of the first byte that can open a span or a comment ('`', '%',
 * '<'), or len: most lines have none, and then nothing else is done. */
static size_t S_first_opener(const char *s, size_t len) {
  size_t first = len;
  static const char openers[] = "`%<";
  for (const char *o = openers; *o; o++) {
    const char *at = memchr(s, *o, first);
    if (at) first = (size_t)(at - s);
  }
  return first;
}

int loam_codespan_mask(const char *line, size_t len, unsigned char *mask) {
  size_t last[S_MAX_TICKS + 1];
  size_t pct_none = (size_t)-1, html_none = (size_t)-1;
  int any = 0, indexed = 0;
  if (len == 0) return 0;
  memset(mask, 0, len);
  size_t first = S_first_opener(line, len);
  if (first == len) return 0;
  /* Backslashes just before it pair up as before: start at their run. */
  while (first > 0 && line[first - 1] == '\\') first--;
  for (size_t i = first; i < len;) {
    unsigned char c = (unsigned char)line[i];
    if (c == '\\' && i + 1 < len && S_is_ascii_punct((unsigned char)line[i + 1])) {
      i += 2; /* an escaped backtick or '%' opens nothing */
    } else if (c == '`') {
      if (!indexed) S_index_runs(line, len, last), indexed = 1; /* 2 KB: only when needed */
      size_t n = S_run_len(line, len, i, '`');
      size_t from = i + n;
      if (n > S_MAX_TICKS || last[n] <= from) {
        i = from;
        continue;
      }
      size_t close = S_find_run(line, len, from, n);
      memset(mask + i, 1, close + n - i);
      any = 1;
      i = close + n;
    } else if (c == '%' && S_starts(line, len, i, "%%", 2)) {
      i = S_comment(line, len, i, 2, "%%", 2, &pct_none, mask, &any);
    } else if (c == '<' && S_starts(line, len, i, "<!--", 4)) {
      i = S_comment(line, len, i, 4, "-->", 3, &html_none, mask, &any);
    } else {
      i++;
    }
  }
  return any;
}
