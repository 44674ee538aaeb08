/*
 * test_codespan.c: which bytes of a line are inline code or a comment.
 * Each expectation is written as a picture of the mask: '1' under a masked
 * byte, '.' elsewhere.
 */
#include <stdlib.h>

#include "../../helper/syntax/codespan.h"
#include "test.h"

/* The mask of (s, n) drawn as a string of '1' and '.'; caller frees. */
static char *mask_picture(const char *s, size_t n, int *any) {
  unsigned char *mask = malloc(n ? n : 1);
  char *pic = malloc(n + 1);
  *any = loam_codespan_mask(s, n, mask);
  for (size_t i = 0; i < n; i++) pic[i] = mask[i] ? '1' : '.';
  pic[n] = '\0';
  free(mask);
  return pic;
}

#define CHECK_MASK(line, want)                                                                     \
  do {                                                                                             \
    int any_;                                                                                      \
    char *pic_ = mask_picture(line, strlen(line), &any_);                                          \
    CHECK_STR(pic_, want);                                                                         \
    CHECK_INT(any_, strchr(want, '1') != NULL);                                                    \
    free(pic_);                                                                                    \
  } while (0)

TEST(plain_text_has_no_code) { CHECK_MASK("just [[words]]", ".............."); }

TEST(single_backticks_mark_the_span_and_its_ticks) { CHECK_MASK("a `b` c", "..111.."); }

TEST(double_backticks_close_only_at_a_double_run) { CHECK_MASK("x ``a`b`` y", "..1111111.."); }

TEST(a_run_of_different_length_does_not_close) {
  CHECK_MASK("`a``", "....");
  CHECK_MASK("``a` ``", "1111111");
}

TEST(unclosed_backtick_is_literal) { CHECK_MASK("a `b c", "......"); }

TEST(escaped_backtick_opens_nothing) {
  CHECK_MASK("\\`a` `b`", "...111.."); /* the span is "` `" */
}

TEST(backslash_inside_code_is_literal) { CHECK_MASK("`a\\` b`", "1111..."); }

TEST(two_spans_on_one_line) { CHECK_MASK("`a` and `b`", "111.....111"); }

TEST(obsidian_comment_is_masked) { CHECK_MASK("a %%[[x]]%% b", "..111111111.."); }

TEST(unclosed_obsidian_comment_is_literal) { CHECK_MASK("a %% b", "......"); }

TEST(html_comment_is_masked) { CHECK_MASK("x <!-- #t --> y", "..11111111111.."); }

TEST(unclosed_html_comment_is_literal) { CHECK_MASK("<!-- a", "......"); }

TEST(code_inside_comment_is_just_comment) { CHECK_MASK("%%`%% `x`", "11111.111"); }

TEST(comment_markers_inside_code_are_code) { CHECK_MASK("`%%` %%", "1111..."); }

TEST(empty_line_marks_nothing) {
  unsigned char m[1] = {7};
  CHECK_INT(loam_codespan_mask("", 0, m), 0);
  CHECK_INT(m[0], 7); /* nothing written */
}

TEST(nul_bytes_are_ordinary_bytes) {
  const char s[] = "`a\0b` \0";
  unsigned char m[8];
  CHECK_INT(loam_codespan_mask(s, 7, m), 1);
  CHECK_INT(m[0] && m[1] && m[2] && m[3] && m[4], 1);
  CHECK_INT(m[5] || m[6], 0);
}

TEST(invalid_utf8_and_truncation_are_ordinary_bytes) {
  CHECK_MASK("`\xff\xfe` \xe2\x82", "1111...");
}

TEST(crlf_leftover_is_not_code) { CHECK_MASK("`a`\r", "111."); }

/* A megabyte of openers that never close must stay fast (linear). */
TEST(a_megabyte_of_unclosed_openers_is_fast) {
  size_t n = 1 << 20;
  char *s = malloc(n);
  unsigned char *m = malloc(n);
  for (size_t i = 0; i < n; i++) s[i] = (i % 3 == 0) ? 'x' : '`';
  CHECK_INT(loam_codespan_mask(s, n, m), 1); /* "``" runs pair up */
  for (size_t i = 0; i < n; i++) s[i] = "<!--"[i % 4];
  CHECK_INT(loam_codespan_mask(s, n, m), 0);
  free(s);
  free(m);
}

/* Runs of every length 1, 2, 3, ... never close: each must not rescan. */
TEST(runs_of_growing_length_are_fast) {
  size_t n = 1 << 20, w = 0;
  char *s = malloc(n);
  unsigned char *m = malloc(n);
  for (size_t k = 1; w + k + 1 <= n; k++) {
    for (size_t j = 0; j < k; j++) s[w++] = '`';
    s[w++] = 'x';
  }
  CHECK_INT(loam_codespan_mask(s, w, m), 0);
  free(s);
  free(m);
}

int main(void) {
  RUN(plain_text_has_no_code);
  RUN(single_backticks_mark_the_span_and_its_ticks);
  RUN(double_backticks_close_only_at_a_double_run);
  RUN(a_run_of_different_length_does_not_close);
  RUN(unclosed_backtick_is_literal);
  RUN(escaped_backtick_opens_nothing);
  RUN(backslash_inside_code_is_literal);
  RUN(two_spans_on_one_line);
  RUN(obsidian_comment_is_masked);
  RUN(unclosed_obsidian_comment_is_literal);
  RUN(html_comment_is_masked);
  RUN(unclosed_html_comment_is_literal);
  RUN(code_inside_comment_is_just_comment);
  RUN(comment_markers_inside_code_are_code);
  RUN(empty_line_marks_nothing);
  RUN(nul_bytes_are_ordinary_bytes);
  RUN(invalid_utf8_and_truncation_are_ordinary_bytes);
  RUN(crlf_leftover_is_not_code);
  RUN(a_megabyte_of_unclosed_openers_is_fast);
  RUN(runs_of_growing_length_are_fast);
  return test_report();
}
