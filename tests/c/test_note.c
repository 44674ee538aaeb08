/* test_note.c: loam_note_parse on real note shapes and hostile bytes. */
#include <stdlib.h>
#include <string.h>

#include "../../helper/note/note.h"
#include "test.h"

static loam_note *S_parse(const char *path, const char *text) {
  return loam_note_parse(path, text, strlen(text));
}

TEST(frontmatter_block_lists_give_title_aliases_tags_and_created) {
  loam_note *n =
      S_parse("People/Mara Okafor.md",
              "---\ntype: people\ntitle: Mara Okafor\naliases:\n  - Mara\n  - M. Okafor\n"
              "last_contact: 2026-11-18\ncreated: '2026-01-03'\ntags:\n- type/people\n"
              "- team/storage\n---\n\n# Mara Okafor\n");
  CHECK_STR(n->title, "Mara Okafor");
  CHECK_STR(n->stem, "Mara Okafor");
  CHECK_INT(n->n_aliases, 2);
  if (n->n_aliases == 2) {
    CHECK_STR(n->aliases[0], "Mara");
    CHECK_STR(n->aliases[1], "M. Okafor");
  }
  CHECK_INT(n->tags.len, 2);
  if (n->tags.len == 2) {
    CHECK_STR(n->tags.items[0].name, "type/people");
    CHECK_STR(n->tags.items[1].name, "team/storage");
  }
  CHECK_INT(n->created, loam_date_from_ymd(2026, 1, 3));
  CHECK_STR(loam_note_field(n, "last_contact"), "2026-11-18");
  CHECK_STR(loam_note_field(n, "type"), "people");
  CHECK(n->fm_error == NULL);
  CHECK_INT(n->body_line, 13);
  CHECK_INT(n->headings.len, 1);
  loam_note_free(n);
}

TEST(frontmatter_flow_lists_and_single_string_alias) {
  loam_note *n =
      S_parse("a.md", "---\naliases: [Teo]\ntags: [type/people, '#team/platform']\n---\n");
  CHECK_INT(n->n_aliases, 1);
  CHECK_STR(n->n_aliases ? n->aliases[0] : NULL, "Teo");
  CHECK_INT(n->tags.len, 2);
  CHECK_STR(n->tags.len > 1 ? n->tags.items[1].name : NULL, "team/platform");
  loam_note_free(n);
  n = S_parse(
      "b.md",
      "---\nalias: Solo\ntags: \"one, #two three\"\n---\n"); /* unquoted, # starts a YAML comment */
  CHECK_INT(n->n_aliases, 1);
  CHECK_INT(n->tags.len, 3);
  CHECK_STR(n->tags.len == 3 ? n->tags.items[1].name : NULL, "two");
  loam_note_free(n);
}

TEST(a_list_is_no_title_and_a_cut_short_list_gives_nothing) {
  loam_note *n = S_parse("l.md", "---\ntitle: [a, b]\ncreated: [2026-01-01]\n---\n");
  CHECK(n->title == NULL);
  CHECK_INT(n->created, LOAM_DATE_NONE);
  CHECK_STR(loam_note_field(n, "title"), "a, b");
  loam_note_free(n);
  n = S_parse("m.md", "---\naliases: [One, Two\n---\n");
  CHECK(n->fm_error != NULL);
  CHECK_INT(n->n_aliases, 0);
  loam_note_free(n);
}

TEST(frontmatter_links_are_indexed_with_their_line) {
  loam_note *n = S_parse(
      "m.md", "---\ntitle: M\nattendees: [\"[[Mara Okafor]]\", \"[[Teodor Lind]]\"]\n---\nbody\n");
  CHECK_INT(n->links.len, 2);
  if (n->links.len == 2) {
    CHECK_STR(n->links.items[0].target, "Mara Okafor");
    CHECK_INT(n->links.items[0].line, 3);
    CHECK_INT(n->links.items[0].col, 14);
  }
  loam_note_free(n);
}

TEST(broken_frontmatter_is_reported_and_body_still_indexed) {
  loam_note *n = S_parse("Topics/Broken frontmatter.md",
                         "---\ntitle: [unclosed\ntags: {\n---\n\nBroken frontmatter must not hide "
                         "the body. [[Mara Okafor]]\n\n- [ ] Fix this note @mara ➕ 2026-11-22\n");
  CHECK(n->fm_error != NULL);
  CHECK(n->fm_error_line >= 2 && n->fm_error_line <= 4);
  CHECK(n->title == NULL); /* `title: [unclosed` is no title, whatever libyaml read of it */
  CHECK_INT(n->tags.len, 0);
  CHECK_INT(n->links.len, 1);
  CHECK_STR(n->links.len ? n->links.items[0].target : NULL, "Mara Okafor");
  CHECK_INT(n->links.len ? n->links.items[0].line : 0, 6);
  CHECK_INT(n->tasks.len, 1);
  CHECK_INT(n->tasks.len ? n->tasks.items[0].line : 0, 8);
  CHECK_INT(n->tasks.len ? n->tasks.items[0].created : 0, loam_date_from_ymd(2026, 11, 22));
  loam_note_free(n);
}

TEST(bom_is_skipped_before_frontmatter) {
  loam_note *n = S_parse("BOM note.md",
                         "\xEF\xBB\xBF---\ntitle: BOM note\n---\n\nSee [[Sync engine#Design]].\n");
  CHECK(n->bom);
  CHECK_STR(n->title, "BOM note");
  CHECK(n->fm_error == NULL);
  CHECK_INT(n->links.len, 1);
  if (n->links.len) {
    CHECK_STR(n->links.items[0].target, "Sync engine");
    CHECK_STR(n->links.items[0].heading, "Design");
    CHECK_INT(n->links.items[0].line, 5);
  }
  loam_note_free(n);
}

TEST(crlf_lines_lose_their_carriage_return) {
  loam_note *n = S_parse(
      "Windows note.md",
      "---\r\ntitle: Windows note\r\ntags: [misc]\r\n---\r\n\r\n# Windows note\r\n"
      "\r\nLinks to [[Sync engine]].\r\n\r\n- [ ] A task in a CRLF file @mara ➕ 2026-11-21\r\n");
  CHECK(n->crlf);
  CHECK_STR(n->title, "Windows note");
  CHECK_INT(n->headings.len, 1);
  CHECK_STR(n->headings.len ? n->headings.items[0].text : NULL, "Windows note");
  CHECK_INT(n->tasks.len, 1);
  if (n->tasks.len) {
    CHECK_STR(n->tasks.items[0].text, "- [ ] A task in a CRLF file @mara ➕ 2026-11-21");
    CHECK_INT(n->tasks.items[0].line, 10);
  }
  loam_note_free(n);
}

TEST(links_tags_and_tasks_inside_code_are_ignored) {
  loam_note *n = S_parse("Daily/2026-11-24.md",
                         "# 2026-11-24\n\n- Talked to [[Teo]] about it.\n- [ ] Water the plants\n\n"
                         "Code: `[[not a link]]` and `#nottag` and\n\n```\n[[also not a link]]\n"
                         "- [ ] not a task either\n#nope\n```\n\n    [[indented code]]\n");
  CHECK_INT(n->links.len, 1);
  CHECK_STR(n->links.len ? n->links.items[0].target : NULL, "Teo");
  CHECK_INT(n->tasks.len, 1);
  CHECK_INT(n->tags.len, 0);
  CHECK_INT(n->created, loam_date_from_ymd(2026, 11, 24)); /* from the file name */
  loam_note_free(n);
}

TEST(headings_blocks_and_task_headings) {
  loam_note *n = S_parse(
      "n.md", "# Title #\n\n## Action items\n\n- [ ] First ⏫\n    - [x] Nested ✅ 2026-11-05\n\n"
              "Setext heading\n---\n\n- Keep the API. ^api-contract\n\n^lonely\n");
  CHECK_INT(n->headings.len, 3);
  if (n->headings.len == 3) {
    CHECK_STR(n->headings.items[0].text, "Title");
    CHECK_INT(n->headings.items[1].level, 2);
    CHECK_STR(n->headings.items[1].text, "Action items");
    CHECK_INT(n->headings.items[1].line, 3);
    CHECK_STR(n->headings.items[2].text, "Setext heading");
    CHECK_INT(n->headings.items[2].level, 2);
  }
  CHECK_INT(n->tasks.len, 2);
  if (n->tasks.len == 2) {
    CHECK_STR(n->tasks.items[0].heading, "Action items");
    CHECK_INT(n->tasks.items[0].parent_line, 0);
    CHECK_INT(n->tasks.items[1].parent_line, 5);
    CHECK_STR(n->tasks.items[1].status, "x");
  }
  CHECK_INT(n->blocks.len, 2);
  if (n->blocks.len == 2) {
    CHECK_STR(n->blocks.items[0].id, "api-contract");
    CHECK_INT(n->blocks.items[0].line, 11);
    CHECK_STR(n->blocks.items[1].id, "lonely");
  }
  loam_note_free(n);
}

TEST(tasks_query_blocks_are_found_with_their_lines) {
  loam_note *n = S_parse("q.md", "# Q\n\n```tasks\nnot done\ndescription includes @mara\n```\n\n"
                                 "```js\nnot a query\n```\n");
  CHECK_INT(n->queries.len, 1);
  if (n->queries.len) {
    CHECK_INT(n->queries.items[0].line, 3);
    CHECK_INT(n->queries.items[0].end_line, 6);
    CHECK_STR(n->queries.items[0].text, "not done\ndescription includes @mara\n");
  }
  loam_note_free(n);
}

TEST(inline_tags_are_collected_but_not_headings_or_numbers) {
  loam_note *n = S_parse("t.md", "# Heading\n\nSome #type/people and #work, not #123 nor a#b.\n");
  CHECK_INT(n->tags.len, 2);
  if (n->tags.len == 2) {
    CHECK_STR(n->tags.items[0].name, "type/people");
    CHECK_INT(n->tags.items[0].line, 3);
    CHECK_INT(n->tags.items[0].col, 6);
    CHECK_STR(n->tags.items[1].name, "work");
  }
  loam_note_free(n);
}

TEST(empty_and_frontmatter_only_notes) {
  loam_note *n = loam_note_parse("Empty.md", "", 0);
  CHECK_INT(n->links.len + n->tasks.len + n->headings.len, 0);
  CHECK(n->title == NULL);
  loam_note_free(n);
  n = S_parse("fm.md", "---\n---\n");
  CHECK(n->fm_error == NULL);
  CHECK_INT(n->body_line, 3);
  loam_note_free(n);
  n = S_parse("unclosed.md", "---\ntitle: never closed\n");
  CHECK(n->title == NULL); /* no closing fence: not frontmatter */
  loam_note_free(n);
  n = S_parse("scalar.md", "---\njust text\n---\n");
  CHECK(n->fm_error != NULL);
  loam_note_free(n);
}

TEST(hostile_bytes_never_crash) {
  static const char nul[] =
      "---\ntitle: a\0b\n---\n# H\0x\n- [ ] t\0ask [[a\0b]]\n\xff\xfe [[\xc3]] #\xe2\x82\n";
  loam_note *n = loam_note_parse("nul.md", nul, sizeof(nul) - 1);
  CHECK(n != NULL);
  CHECK_INT(n->tasks.len, 1);
  loam_note_free(n);
  size_t big = 1 << 20;
  char *huge = malloc(big + 32);
  memcpy(huge, "- [ ] ", 6);
  for (size_t i = 6; i < big; i++) huge[i] = (char)("[[a]] #t `x` "[i % 13]);
  memcpy(huge + big, "\n```\nunclosed fence", 19);
  n = loam_note_parse("huge.md", huge, big + 19);
  CHECK_INT(n->tasks.len, 1);
  CHECK(n->links.len > 1000);
  loam_note_free(n);
  free(huge);
  for (int c = 0; c < 256; c++) { /* every single byte as a whole file */
    char one = (char)c;
    loam_note_free(loam_note_parse("one.md", &one, 1));
  }
}

int main(void) {
  RUN(frontmatter_block_lists_give_title_aliases_tags_and_created);
  RUN(frontmatter_flow_lists_and_single_string_alias);
  RUN(a_list_is_no_title_and_a_cut_short_list_gives_nothing);
  RUN(frontmatter_links_are_indexed_with_their_line);
  RUN(broken_frontmatter_is_reported_and_body_still_indexed);
  RUN(bom_is_skipped_before_frontmatter);
  RUN(crlf_lines_lose_their_carriage_return);
  RUN(links_tags_and_tasks_inside_code_are_ignored);
  RUN(headings_blocks_and_task_headings);
  RUN(tasks_query_blocks_are_found_with_their_lines);
  RUN(inline_tags_are_collected_but_not_headings_or_numbers);
  RUN(empty_and_frontmatter_only_notes);
  RUN(hostile_bytes_never_crash);
  return test_report();
}
