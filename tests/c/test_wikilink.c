/*
 * test_wikilink.c: links in one line of Markdown.
 * scan() collects every link of a line into a small array (strings live in
 * the test's arena) so each test can check the fields it cares about.
 */
#include <stdlib.h>

#include "../../helper/syntax/codespan.h"
#include "../../helper/syntax/wikilink.h"
#include "test.h"

enum { MAX_LINKS = 8 };

typedef struct {
  loam_link links[MAX_LINKS];
  size_t n, total;
} found;

static loam_arena S_arena;
static found S_found;

static void collect_cb(const loam_link *link, void *ud) {
  found *f = ud;
  if (f->n < MAX_LINKS) f->links[f->n++] = *link;
  f->total++;
}

/* Scans line[0..len) and returns what was found; the count returned by the
 * scanner must agree with the callbacks. */
static found *scan_n(const char *line, size_t len, const unsigned char *skip) {
  memset(&S_found, 0, sizeof(S_found));
  size_t n = loam_wikilink_scan(line, len, 7, skip, &S_arena, collect_cb, &S_found);
  CHECK_INT(n, S_found.total);
  return &S_found;
}

static found *scan(const char *line) { return scan_n(line, strlen(line), NULL); }

TEST(plain_wikilink) {
  found *f = scan("see [[Sync engine]] now");
  CHECK_INT(f->n, 1);
  CHECK_INT(f->links[0].kind, LOAM_LINK_WIKI);
  CHECK_STR(f->links[0].target, "Sync engine");
  CHECK_STR(f->links[0].heading, NULL);
  CHECK_STR(f->links[0].block, NULL);
  CHECK_STR(f->links[0].alias, NULL);
  CHECK_INT(f->links[0].line, 7);
  CHECK_INT(f->links[0].col, 5);
  CHECK_INT(f->links[0].len, 15);
  CHECK_INT(f->links[0].resolved, -1);
}

TEST(wikilink_with_alias) {
  found *f = scan("[[Mara Okafor|Mara]]");
  CHECK_STR(f->links[0].target, "Mara Okafor");
  CHECK_STR(f->links[0].alias, "Mara");
}

TEST(wikilink_with_heading) {
  found *f = scan("[[Sync engine#Risks]]");
  CHECK_STR(f->links[0].target, "Sync engine");
  CHECK_STR(f->links[0].heading, "Risks");
}

TEST(wikilink_with_sub_heading_keeps_the_path) {
  found *f = scan("[[Note#A#B]]");
  CHECK_STR(f->links[0].target, "Note");
  CHECK_STR(f->links[0].heading, "A#B");
}

TEST(wikilink_with_heading_and_alias) {
  found *f = scan("[[Sync engine#Risks|the risks]]");
  CHECK_STR(f->links[0].target, "Sync engine");
  CHECK_STR(f->links[0].heading, "Risks");
  CHECK_STR(f->links[0].alias, "the risks");
}

TEST(wikilink_to_a_block) {
  found *f = scan("[[Note^blk-1]] and [[Other#^abc]] and [[^local]]");
  CHECK_INT(f->n, 3);
  CHECK_STR(f->links[0].target, "Note");
  CHECK_STR(f->links[0].block, "blk-1");
  CHECK_STR(f->links[0].heading, NULL);
  CHECK_STR(f->links[1].target, "Other");
  CHECK_STR(f->links[1].block, "abc");
  CHECK_STR(f->links[1].heading, NULL);
  CHECK_STR(f->links[2].target, "");
  CHECK_STR(f->links[2].block, "local");
}

TEST(wikilink_to_a_heading_in_the_same_note) {
  found *f = scan("[[#Heading]]");
  CHECK_INT(f->n, 1);
  CHECK_STR(f->links[0].target, "");
  CHECK_STR(f->links[0].heading, "Heading");
}

TEST(embed_starts_at_the_bang) {
  found *f = scan("x ![[Diagram.png|300]]");
  CHECK_INT(f->n, 1);
  CHECK_INT(f->links[0].kind, LOAM_LINK_EMBED);
  CHECK_STR(f->links[0].target, "Diagram.png");
  CHECK_STR(f->links[0].alias, "300");
  CHECK_INT(f->links[0].col, 3);
  CHECK_INT(f->links[0].len, 20);
}

TEST(whitespace_around_parts_is_trimmed) {
  found *f = scan("[[  Note \t# Head |  alias  ]]");
  CHECK_STR(f->links[0].target, "Note");
  CHECK_STR(f->links[0].heading, "Head");
  CHECK_STR(f->links[0].alias, "alias");
}

TEST(empty_parts_are_absent) {
  found *f = scan("[[Note#|]]");
  CHECK_INT(f->n, 1);
  CHECK_STR(f->links[0].heading, NULL);
  CHECK_STR(f->links[0].alias, NULL);
}

TEST(escaped_pipe_inside_a_table) {
  found *f = scan("| [[Note\\|alias]] |");
  CHECK_STR(f->links[0].target, "Note");
  CHECK_STR(f->links[0].alias, "alias");
}

TEST(empty_wikilinks_are_not_links) { CHECK_INT(scan("[[]] [[ ]] [[|x]] [[#]] ![[]]")->n, 0); }

TEST(unclosed_wikilink_is_not_a_link) {
  CHECK_INT(scan("[[Note")->n, 0);
  CHECK_INT(scan("[[Note]")->n, 0);
  CHECK_INT(scan("[[")->n, 0);
}

TEST(nested_brackets_link_the_inner_name) {
  found *f = scan("[[a [[b]] c]] [[[x]]");
  CHECK_INT(f->n, 2);
  CHECK_STR(f->links[0].target, "b");
  CHECK_INT(f->links[0].col, 5);
  CHECK_STR(f->links[1].target, "x");
  CHECK_INT(f->links[1].col, 16);
}

TEST(several_links_on_one_line) {
  found *f = scan("[[A]], [[B|b]] and ![[C]]");
  CHECK_INT(f->n, 3);
  CHECK_STR(f->links[0].target, "A");
  CHECK_STR(f->links[1].target, "B");
  CHECK_STR(f->links[2].target, "C");
  CHECK_INT(f->links[2].kind, LOAM_LINK_EMBED);
}

TEST(markdown_link_to_a_note) {
  found *f = scan("read [the plan](Some%20Note.md#Head) today");
  CHECK_INT(f->n, 1);
  CHECK_INT(f->links[0].kind, LOAM_LINK_MARKDOWN);
  CHECK_STR(f->links[0].target, "Some Note.md");
  CHECK_STR(f->links[0].heading, "Head");
  CHECK_STR(f->links[0].alias, "the plan");
  CHECK_INT(f->links[0].col, 6);
  CHECK_INT(f->links[0].len, 31);
}

TEST(markdown_link_in_angle_brackets) {
  found *f = scan("[t](<a b.md>) [u](<Folder/c d.md#Sec tion>)");
  CHECK_INT(f->n, 2);
  CHECK_STR(f->links[0].target, "a b.md");
  CHECK_STR(f->links[1].target, "Folder/c d.md");
  CHECK_STR(f->links[1].heading, "Sec tion");
}

TEST(markdown_link_with_title_and_parentheses) {
  found *f = scan("[x](Plan%20(draft).md \"title\") [y](../up.MD)");
  CHECK_INT(f->n, 2);
  CHECK_STR(f->links[0].target, "Plan (draft).md");
  CHECK_STR(f->links[1].target, "../up.MD");
}

TEST(markdown_link_to_a_block_or_local_heading) {
  found *f = scan("[b](Note.md#^blk) [h](#Local%20Heading)");
  CHECK_INT(f->n, 2);
  CHECK_STR(f->links[0].block, "blk");
  CHECK_STR(f->links[1].target, "");
  CHECK_STR(f->links[1].heading, "Local Heading");
}

TEST(urls_are_not_note_links) {
  CHECK_INT(scan("[a](https://x.org/n.md) [b](http://x) [c](mailto:me@x.md)")->n, 0);
  CHECK_INT(scan("[d](obsidian://open?file=x.md) [e](file:///tmp/n.md)")->n, 0);
}

TEST(other_files_and_images_are_not_note_links) {
  CHECK_INT(scan("[pdf](doc.pdf) ![img](pic.png) ![md](note.md) [empty]()")->n, 0);
}

TEST(link_text_with_nested_brackets) {
  found *f = scan("[a [b] c](n.md)");
  CHECK_INT(f->n, 1);
  CHECK_STR(f->links[0].alias, "a [b] c");
  CHECK_INT(f->links[0].col, 1);
}

TEST(broken_markdown_links_are_not_links) {
  CHECK_INT(scan("[a] (n.md) [b](n.md [c](<n.md) [d](n .md)")->n, 0);
}

TEST(percent_escape_of_a_control_byte_stays_encoded) {
  found *f = scan("[a](x%00y%zz.md)");
  CHECK_STR(f->links[0].target, "x%00y%zz.md");
}

TEST(link_starting_in_code_is_ignored) {
  const char *line = "`[[Hidden]]` [[Shown]] `[x](h.md)`";
  size_t n = strlen(line);
  unsigned char *mask = malloc(n);
  loam_codespan_mask(line, n, mask);
  found *f = scan_n(line, n, mask);
  CHECK_INT(f->n, 1);
  CHECK_STR(f->links[0].target, "Shown");
  free(mask);
}

TEST(link_closing_inside_code_is_ignored) {
  const char *line = "[[a `]]`";
  unsigned char mask[8] = {0, 0, 0, 0, 1, 1, 1, 1};
  CHECK_INT(scan_n(line, 8, mask)->n, 0);
}

TEST(escaped_brackets_are_text) { CHECK_INT(scan("\\[[Not]] \\[x](n.md)")->n, 0); }

TEST(nul_byte_inside_a_wikilink_is_not_a_link) {
  CHECK_INT(scan_n("[[a\0b]] [[c]]", 13, NULL)->n, 1);
  CHECK_STR(S_found.links[0].target, "c");
}

TEST(crlf_leftover_after_a_link) {
  found *f = scan("[[Sync engine]]\r");
  CHECK_INT(f->n, 1);
  CHECK_STR(f->links[0].target, "Sync engine");
  CHECK_INT(scan("[[Sync engine\r]]")->n, 0);
}

TEST(invalid_and_truncated_utf8_pass_through) {
  found *f = scan("[[S\xf8ren]] [[\xe2\x82");
  CHECK_INT(f->n, 1);
  CHECK_STR(f->links[0].target, "S\xf8ren");
}

TEST(unicode_names) {
  found *f = scan("[[Søren Ærø|Søren]]");
  CHECK_STR(f->links[0].target, "Søren Ærø");
  CHECK_STR(f->links[0].alias, "Søren");
}

TEST(null_callback_still_counts) {
  CHECK_INT(loam_wikilink_scan("[[a]] [[b]]", 11, 1, NULL, &S_arena, NULL, NULL), 2);
  CHECK_INT(loam_wikilink_scan("", 0, 1, NULL, &S_arena, NULL, NULL), 0);
}

/* Hostile megabyte lines: unclosed openers, deep nesting, a huge link. */
TEST(megabyte_lines_are_scanned_in_linear_time) {
  size_t n = 1 << 20;
  char *s = malloc(n);
  memset(s, '[', n);
  CHECK_INT(scan_n(s, n, NULL)->n, 0);
  for (size_t i = 0; i < n; i++) s[i] = "[a](x"[i % 5];
  CHECK_INT(scan_n(s, n, NULL)->n, 0);
  for (size_t i = 0; i < n; i++) s[i] = "[[a ]"[i % 5];
  CHECK_INT(scan_n(s, n, NULL)->n, 0);
  for (size_t i = 0; i < n; i++) s[i] = "[[x]]"[i % 5];
  CHECK_INT(scan_n(s, n, NULL)->total, n / 5);
  memset(s, 'a', n);
  memcpy(s, "[[", 2);
  memcpy(s + n - 2, "]]", 2);
  found *f = scan_n(s, n, NULL);
  CHECK_INT(f->n, 1);
  CHECK_INT(f->links[0].len, n);
  CHECK_INT(strlen(f->links[0].target), n - 4);
  free(s);
}

int main(void) {
  RUN(plain_wikilink);
  RUN(wikilink_with_alias);
  RUN(wikilink_with_heading);
  RUN(wikilink_with_sub_heading_keeps_the_path);
  RUN(wikilink_with_heading_and_alias);
  RUN(wikilink_to_a_block);
  RUN(wikilink_to_a_heading_in_the_same_note);
  RUN(embed_starts_at_the_bang);
  RUN(whitespace_around_parts_is_trimmed);
  RUN(empty_parts_are_absent);
  RUN(escaped_pipe_inside_a_table);
  RUN(empty_wikilinks_are_not_links);
  RUN(unclosed_wikilink_is_not_a_link);
  RUN(nested_brackets_link_the_inner_name);
  RUN(several_links_on_one_line);
  RUN(markdown_link_to_a_note);
  RUN(markdown_link_in_angle_brackets);
  RUN(markdown_link_with_title_and_parentheses);
  RUN(markdown_link_to_a_block_or_local_heading);
  RUN(urls_are_not_note_links);
  RUN(other_files_and_images_are_not_note_links);
  RUN(link_text_with_nested_brackets);
  RUN(broken_markdown_links_are_not_links);
  RUN(percent_escape_of_a_control_byte_stays_encoded);
  RUN(link_starting_in_code_is_ignored);
  RUN(link_closing_inside_code_is_ignored);
  RUN(escaped_brackets_are_text);
  RUN(nul_byte_inside_a_wikilink_is_not_a_link);
  RUN(crlf_leftover_after_a_link);
  RUN(invalid_and_truncated_utf8_pass_through);
  RUN(unicode_names);
  RUN(null_callback_still_counts);
  RUN(megabyte_lines_are_scanned_in_linear_time);
  loam_arena_free(&S_arena);
  return test_report();
}
