/*
 * test_tag.c: inline #tags in one line, by Obsidian's rules.
 * tags_of() lists every tag of a line, space-separated, so one check shows
 * what a line yields.
 */
#include <stdlib.h>

#include "../../helper/syntax/tag.h"
#include "test.h"

static char S_buf[4096];

/* Tags of line[0..len) joined by single spaces (static buffer). */
static const char *tags_of_n(const char *line, size_t len, const unsigned char *skip) {
  loam_tag_span span;
  size_t w = 0;
  S_buf[0] = '\0';
  for (size_t at = 0; loam_tag_next(line, len, at, skip, &span); at = span.start + span.len) {
    if (w) S_buf[w++] = ' ';
    if (w + span.len + 1 >= sizeof(S_buf)) break;
    memcpy(S_buf + w, line + span.start, span.len);
    w += span.len;
    S_buf[w] = '\0';
  }
  return S_buf;
}

static const char *tags_of(const char *line) { return tags_of_n(line, strlen(line), NULL); }

TEST(tag_at_start_of_line) { CHECK_STR(tags_of("#work on this"), "#work"); }

TEST(tags_after_spaces_and_tabs) { CHECK_STR(tags_of("a #one\t#two  #three"), "#one #two #three"); }

TEST(nested_tag_keeps_its_slashes) { CHECK_STR(tags_of("see #type/people here"), "#type/people"); }

TEST(tag_with_dash_underscore_and_digits) { CHECK_STR(tags_of("#q3-plan_v2 done"), "#q3-plan_v2"); }

TEST(digits_only_is_not_a_tag) {
  CHECK_STR(tags_of("issue #123 and #2026"), "");
  CHECK_STR(tags_of("#1a"), "#1a");
}

TEST(heading_marker_is_not_a_tag) {
  CHECK_STR(tags_of("# Heading"), "");
  CHECK_STR(tags_of("## Heading #real"), "#real");
}

TEST(lone_hash_is_not_a_tag) {
  CHECK_STR(tags_of("#"), "");
  CHECK_STR(tags_of("a # b"), "");
}

TEST(hash_inside_a_word_or_url_is_not_a_tag) {
  CHECK_STR(tags_of("http://x.org/#frag and C#"), "");
  CHECK_STR(tags_of("(#paren) [#bracket]"), "");
}

TEST(punctuation_ends_a_tag) {
  CHECK_STR(tags_of("#tag. #other, #third! #fourth:"), "#tag #other #third #fourth");
  CHECK_STR(tags_of("#a#b"), "#a");
}

TEST(unicode_letters_are_tag_characters) {
  CHECK_STR(tags_of("#café #日本語 #Søren/Ærø"), "#café #日本語 #Søren/Ærø");
}

TEST(emoji_are_tag_characters) {
  CHECK_STR(tags_of("#🔥 #done✅ x"), "#🔥 #done✅");
  CHECK_STR(tags_of("#👩\u200d💻"), "#👩\u200d💻"); /* the joiner stays */
}

TEST(unicode_punctuation_and_spaces_end_a_tag) {
  CHECK_STR(tags_of("#idée… #a\u00a0b #c\u2014d #e\u3002"), "#idée #a #c #e");
}

TEST(from_offset_still_sees_the_byte_before) {
  loam_tag_span span;
  CHECK_INT(loam_tag_next("x#a #b", 6, 1, NULL, &span), 1);
  CHECK_INT(span.start, 4);
  CHECK_INT(span.len, 2);
}

TEST(skipped_bytes_hide_a_tag) {
  const char *line = "`#code` #real";
  unsigned char skip[13] = {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  CHECK_STR(tags_of_n(line, 13, skip), "#real");
}

TEST(tag_ends_at_the_end_of_the_buffer) { CHECK_STR(tags_of_n("#abcdef", 4, NULL), "#abc"); }

TEST(nul_byte_ends_a_tag) { CHECK_STR(tags_of_n("#ab\0cd #ef", 10, NULL), "#ab #ef"); }

TEST(crlf_leftover_ends_a_tag) { CHECK_STR(tags_of("#work\r"), "#work"); }

TEST(invalid_utf8_bytes_count_as_tag_characters) {
  CHECK_STR(tags_of("#a\xff\xfe b"), "#a\xff\xfe");
  CHECK_STR(tags_of("#\xc0"), "#\xc0");
}

TEST(truncated_utf8_at_end_is_kept_in_the_tag) {
  CHECK_STR(tags_of_n("#caf\xc3", 5, NULL), "#caf\xc3");
  CHECK_STR(tags_of_n("x #\xe2\x82", 5, NULL), "#\xe2\x82");
}

TEST(empty_line_and_out_of_range_start) {
  loam_tag_span span;
  CHECK_INT(loam_tag_next("", 0, 0, NULL, &span), 0);
  CHECK_INT(loam_tag_next("#a", 2, 5, NULL, &span), 0);
}

TEST(megabyte_line_of_tags_and_hashes) {
  size_t n = 1 << 20;
  char *s = malloc(n);
  for (size_t i = 0; i < n; i++) s[i] = "#a #1 ## "[i % 9];
  loam_tag_span span;
  size_t count = 0;
  for (size_t at = 0; loam_tag_next(s, n, at, NULL, &span); at = span.start + span.len) count++;
  CHECK_INT(count, (n + 8) / 9);
  memset(s, '#', n);
  CHECK_INT(loam_tag_next(s, n, 0, NULL, &span), 0);
  memset(s, 'a', n);
  s[0] = '#';
  CHECK_INT(loam_tag_next(s, n, 0, NULL, &span), 1);
  CHECK_INT(span.len, n);
  free(s);
}

int main(void) {
  RUN(tag_at_start_of_line);
  RUN(tags_after_spaces_and_tabs);
  RUN(nested_tag_keeps_its_slashes);
  RUN(tag_with_dash_underscore_and_digits);
  RUN(digits_only_is_not_a_tag);
  RUN(heading_marker_is_not_a_tag);
  RUN(lone_hash_is_not_a_tag);
  RUN(hash_inside_a_word_or_url_is_not_a_tag);
  RUN(punctuation_ends_a_tag);
  RUN(unicode_letters_are_tag_characters);
  RUN(emoji_are_tag_characters);
  RUN(unicode_punctuation_and_spaces_end_a_tag);
  RUN(from_offset_still_sees_the_byte_before);
  RUN(skipped_bytes_hide_a_tag);
  RUN(tag_ends_at_the_end_of_the_buffer);
  RUN(nul_byte_ends_a_tag);
  RUN(crlf_leftover_ends_a_tag);
  RUN(invalid_utf8_bytes_count_as_tag_characters);
  RUN(truncated_utf8_at_end_is_kept_in_the_tag);
  RUN(empty_line_and_out_of_range_start);
  RUN(megabyte_line_of_tags_and_hashes);
  return test_report();
}
