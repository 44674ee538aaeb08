/*
 * test_task.c: task lines in the Obsidian Tasks format.
 * Examples come from the Tasks docs (obsidian-tasks.md sections 1-2) and
 * the example vault; parse() returns a task whose strings live in the
 * test's arena, with `ok` telling whether the line was a task at all.
 */
#include <stdlib.h>

#include "../../helper/syntax/task.h"
#include "test.h"

static loam_arena S_arena;
static loam_task S_task;
static int S_ok;

static loam_task *parse_n(const char *line, size_t len) {
  S_ok = loam_task_parse(line, len, 3, &S_arena, &S_task);
  return &S_task;
}

static loam_task *parse(const char *line) { return parse_n(line, strlen(line)); }

static loam_date ymd(int y, int m, int d) { return loam_date_from_ymd(y, m, d); }

/* ---- what is a task ---------------------------------------------------- */

TEST(simple_todo) {
  loam_task *t = parse("- [ ] Water the plants");
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->line, 3);
  CHECK_STR(t->status, " ");
  CHECK_INT(t->status_col, 4);
  CHECK_INT(t->indent, 0);
  CHECK_STR(t->text, "- [ ] Water the plants");
  CHECK_STR(t->description, "Water the plants");
  CHECK_INT(t->priority, LOAM_PRIO_NONE);
  CHECK_INT(t->due, LOAM_DATE_NONE);
  CHECK_INT(t->done, LOAM_DATE_NONE);
  CHECK_STR(t->recurrence, NULL);
  CHECK_STR(t->id, NULL);
  CHECK_INT(t->n_depends_on, 0);
  CHECK_INT(t->n_tags, 0);
  CHECK_STR(t->block_id, NULL);
  CHECK_STR(t->heading, NULL);
  CHECK_INT(t->parent_line, 0);
}

TEST(every_list_marker_makes_a_task) {
  CHECK_INT((parse("* [x] a"), S_ok), 1);
  CHECK_INT((parse("+ [x] a"), S_ok), 1);
  CHECK_INT((parse("1. [x] a"), S_ok), 1);
  CHECK_INT((parse("12) [x] a"), S_ok), 1);
  CHECK_INT(S_task.status_col, 6);
}

TEST(indentation_and_blockquotes_are_allowed) {
  loam_task *t = parse("\t  - [ ] nested");
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->indent, 3);
  t = parse("> > - [/] in a callout");
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->indent, 4);
  CHECK_STR(t->status, "/");
  CHECK_STR(t->description, "in a callout");
}

TEST(status_is_one_code_point) {
  CHECK_STR((parse("- [-] a"), S_task.status), "-");
  CHECK_STR((parse("- [>] a"), S_task.status), ">");
  CHECK_STR((parse("- [é] a"), S_task.status), "é");
  CHECK_STR((parse("- [🔥] a"), S_task.status), "🔥");
  CHECK_INT(S_ok, 1);
}

TEST(not_a_task) {
  const char *lines[] = {
      "- []",
      "- [xx] a",
      "-[ ] a",
      "- [ ]a",
      "[ ] a",
      "a - [ ] b",
      "- ( ) a",
      "1 [ ] a",
      "1234567890. [ ] a",
      "-\t[ ] a",
      "",
      "-",
      "- [",
      "- [ ",
      "- [\xff] a",
      "- [\t] a",
      "- [\xe2\x82] a",
      "## - [ ] a",
  };
  for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
    parse(lines[i]);
    if (S_ok) TEST_FAIL_AT("\"%s\" parsed as a task", lines[i]);
  }
}

TEST(empty_task_at_end_of_line) {
  loam_task *t = parse("- [x]");
  CHECK_INT(S_ok, 1);
  CHECK_STR(t->status, "x");
  CHECK_STR(t->description, "");
}

TEST(crlf_leftover_is_dropped) {
  loam_task *t = parse("- [ ] A task in a CRLF file @mara ➕ 2026-11-21\r");
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->created, ymd(2026, 11, 21));
  CHECK_STR(t->description, "A task in a CRLF file @mara");
  CHECK_STR(t->text, "- [ ] A task in a CRLF file @mara ➕ 2026-11-21");
  CHECK_INT((parse("- [ ]\r"), S_ok), 1);
}

/* ---- fields ------------------------------------------------------------ */

TEST(all_date_fields) {
  loam_task *t = parse("- [ ] x 🛫 2026-11-20 ⏳ 2026-11-25 📅 2026-12-05 ➕ 2026-11-06 "
                       "❌ 2026-11-07 ✅ 2026-11-08");
  CHECK_INT(t->start, ymd(2026, 11, 20));
  CHECK_INT(t->scheduled, ymd(2026, 11, 25));
  CHECK_INT(t->due, ymd(2026, 12, 5));
  CHECK_INT(t->created, ymd(2026, 11, 6));
  CHECK_INT(t->cancelled, ymd(2026, 11, 7));
  CHECK_INT(t->done, ymd(2026, 11, 8));
  CHECK_STR(t->description, "x");
}

TEST(emoji_variants_and_variation_selector) {
  loam_task *t = parse("- [ ] a 📆 2026-01-02");
  CHECK_INT(t->due, ymd(2026, 1, 2));
  t = parse("- [ ] a 🗓️ 2026-01-03 ⌛2026-01-04");
  CHECK_INT(t->due, ymd(2026, 1, 3));
  CHECK_INT(t->scheduled, ymd(2026, 1, 4));
  t = parse("- [ ] a ⏫️");
  CHECK_INT(t->priority, LOAM_PRIO_HIGH);
  CHECK_STR(t->description, "a");
}

TEST(every_priority) {
  CHECK_INT(parse("- [ ] a 🔺")->priority, LOAM_PRIO_HIGHEST);
  CHECK_INT(parse("- [ ] a ⏫")->priority, LOAM_PRIO_HIGH);
  CHECK_INT(parse("- [ ] a 🔼")->priority, LOAM_PRIO_MEDIUM);
  CHECK_INT(parse("- [ ] a 🔽")->priority, LOAM_PRIO_LOW);
  CHECK_INT(parse("- [ ] a ⏬")->priority, LOAM_PRIO_LOWEST);
  CHECK_STR(loam_priority_name(LOAM_PRIO_NONE), "none");
  CHECK_STR(loam_priority_name(LOAM_PRIO_HIGHEST), "highest");
  CHECK_STR(loam_priority_name((loam_priority)42), "none");
}

TEST(fields_in_any_order_from_the_end) {
  loam_task *t = parse("- [ ] Draft the overview for @mara #work ⏫ 📅 2026-11-28 "
                       "➕ 2026-11-04");
  CHECK_INT(t->priority, LOAM_PRIO_HIGH);
  CHECK_INT(t->due, ymd(2026, 11, 28));
  CHECK_INT(t->created, ymd(2026, 11, 4));
  CHECK_STR(t->description, "Draft the overview for @mara #work");
  t = parse("- [ ] b ➕ 2026-11-04 ⏫ 📅 2026-11-28");
  CHECK_INT(t->priority, LOAM_PRIO_HIGH);
  CHECK_INT(t->created, ymd(2026, 11, 4));
  CHECK_STR(t->description, "b");
}

TEST(tags_interleaved_with_fields_stay_in_the_description) {
  loam_task *t = parse("- [x] Do stuff ⏫ #tag1 ✅ 2022-08-12 #tag2/sub-tag");
  CHECK_INT(t->done, ymd(2022, 8, 12));
  CHECK_INT(t->priority, LOAM_PRIO_HIGH);
  CHECK_STR(t->description, "Do stuff #tag1 #tag2/sub-tag");
  CHECK_INT(t->n_tags, 2);
  CHECK_STR(t->tags[0], "#tag1");
  CHECK_STR(t->tags[1], "#tag2/sub-tag");
}

TEST(signifier_before_ordinary_words_is_description) {
  loam_task *t = parse("- [ ] 📅 2026-01-01 is when we ship");
  CHECK_INT(t->due, LOAM_DATE_NONE);
  CHECK_STR(t->description, "📅 2026-01-01 is when we ship");
}

TEST(invalid_date_is_read_but_invalid) {
  loam_task *t = parse("- [ ] a 📅 2026-02-30 ➕ 2026-13-01");
  CHECK_INT(t->due, LOAM_DATE_INVALID);
  CHECK_INT(t->created, LOAM_DATE_INVALID);
  CHECK_STR(t->description, "a");
}

TEST(malformed_date_is_not_a_field) {
  loam_task *t = parse("- [ ] a 📅 2026-1-01");
  CHECK_INT(t->due, LOAM_DATE_NONE);
  CHECK_STR(t->description, "a 📅 2026-1-01");
  t = parse("- [ ] a 📅 12026-01-01");
  CHECK_INT(t->due, LOAM_DATE_NONE);
}

TEST(leftmost_duplicate_field_wins) {
  /* Tasks overwrites as it reads leftwards, so the leftmost value stays. */
  CHECK_INT(parse("- [ ] a 📅 2026-01-01 📅 2026-02-02")->due, ymd(2026, 1, 1));
}

TEST(recurrence_rule_text) {
  loam_task *t = parse("- [ ] Confirm the hardware order (L-series, bare metal) #work 🔁 every "
                       "month 📅 2026-12-01 ➕ 2026-11-01");
  CHECK_STR(t->recurrence, "every month");
  CHECK_INT(t->due, ymd(2026, 12, 1));
  CHECK_STR(t->description, "Confirm the hardware order (L-series, bare metal) #work");
  t = parse("- [ ] b 🔁 every week on Tuesday, Friday!");
  CHECK_STR(t->recurrence, "every week on Tuesday, Friday!");
  CHECK_STR(t->description, "b");
}

TEST(on_completion) {
  CHECK_STR(parse("- [ ] a 🏁 delete")->on_completion, "delete");
  CHECK_STR(parse("- [ ] a 🏁 Keep")->on_completion, "keep");
  loam_task *t = parse("- [ ] a 🏁 sometimes");
  CHECK_STR(t->on_completion, NULL);
  CHECK_STR(t->description, "a");
}

TEST(id_and_depends_on) {
  loam_task *t = parse("- [ ] do this after 🆔 abc_1 ⛔ dcf64c, 0h17ye ,x-y");
  CHECK_STR(t->id, "abc_1");
  CHECK_INT(t->n_depends_on, 3);
  CHECK_STR(t->depends_on[0], "dcf64c");
  CHECK_STR(t->depends_on[1], "0h17ye");
  CHECK_STR(t->depends_on[2], "x-y");
  CHECK_STR(t->description, "do this after");
}

TEST(malformed_depends_on_is_description) {
  loam_task *t = parse("- [ ] a ⛔ x,,y");
  CHECK_INT(t->n_depends_on, 0);
  CHECK_STR(t->description, "a ⛔ x,,y");
  t = parse("- [ ] a ⛔ x y");
  CHECK_INT(t->n_depends_on, 0);
}

TEST(block_id_is_removed_first) {
  loam_task *t = parse("- [ ] a 📅 2026-01-02 ^abc-1");
  CHECK_STR(t->block_id, "abc-1");
  CHECK_INT(t->due, ymd(2026, 1, 2));
  CHECK_STR(t->description, "a");
  t = parse("- [ ] ^alone");
  CHECK_STR(t->block_id, NULL);
  CHECK_STR(t->description, "^alone");
  t = parse("- [ ] a ^not_id");
  CHECK_STR(t->block_id, NULL);
}

TEST(dataview_inline_fields) {
  loam_task *t = parse("- [ ] a [due:: 2026-12-01]  [priority:: high] (repeat:: every week) "
                       "[completion:: 2026-12-02], [id:: x1] (dependsOn:: a,b)");
  CHECK_INT(t->due, ymd(2026, 12, 1));
  CHECK_INT(t->done, ymd(2026, 12, 2));
  CHECK_INT(t->priority, LOAM_PRIO_HIGH);
  CHECK_STR(t->recurrence, "every week");
  CHECK_STR(t->id, "x1");
  CHECK_INT(t->n_depends_on, 2);
  CHECK_STR(t->description, "a");
}

TEST(dataview_other_keys) {
  loam_task *t = parse("- [ ] a [created:: 2026-01-01] [start:: 2026-01-02] "
                       "[scheduled::2026-01-03] [cancelled:: 2026-01-04] "
                       "[onCompletion:: delete] [priority:: lowest]");
  CHECK_INT(t->created, ymd(2026, 1, 1));
  CHECK_INT(t->start, ymd(2026, 1, 2));
  CHECK_INT(t->scheduled, ymd(2026, 1, 3));
  CHECK_INT(t->cancelled, ymd(2026, 1, 4));
  CHECK_STR(t->on_completion, "delete");
  CHECK_INT(t->priority, LOAM_PRIO_LOWEST);
}

TEST(unknown_or_mismatched_dataview_fields_are_description) {
  loam_task *t = parse("- [ ] a [owner:: me]");
  CHECK_STR(t->description, "a [owner:: me]");
  t = parse("- [ ] a (due:: 2026-12-01]");
  CHECK_INT(t->due, LOAM_DATE_NONE);
  t = parse("- [ ] a [priority:: urgent]");
  CHECK_INT(t->priority, LOAM_PRIO_NONE);
}

TEST(tags_are_every_tag_on_the_line_outside_code) {
  loam_task *t = parse("- [ ] #a mid `#code` %%#hidden%% #b 📅 2026-01-01 #c");
  CHECK_INT(t->n_tags, 3);
  CHECK_STR(t->tags[0], "#a");
  CHECK_STR(t->tags[1], "#b");
  CHECK_STR(t->tags[2], "#c");
  CHECK_STR(t->description, "#a mid `#code` %%#hidden%% #b #c");
}

TEST(tag_only_description) {
  loam_task *t = parse("- [ ] #todo ⏫");
  CHECK_STR(t->description, "#todo");
  CHECK_INT(t->priority, LOAM_PRIO_HIGH);
}

/* ---- pathological input ------------------------------------------------ */

TEST(emoji_without_a_value_stays_in_the_description) {
  loam_task *t = parse("- [ ] a 📅");
  CHECK_INT(t->due, LOAM_DATE_NONE);
  CHECK_STR(t->description, "a 📅");
  CHECK_STR(parse("- [ ] 🔁")->recurrence, NULL);
  CHECK_STR(parse("- [ ] 🆔")->id, NULL);
  CHECK_STR(S_task.description, "🆔");
}

TEST(nul_byte_inside_the_line) {
  loam_task *t = parse_n("- [ ] a\0b 📅 2026-01-01", 25);
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->due, ymd(2026, 1, 1));
  CHECK_STR(t->description, "a"); /* C string stops at the NUL */
}

TEST(invalid_and_truncated_utf8) {
  loam_task *t = parse("- [ ] \xff\xfe ⏫ \xe2\x82");
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->priority, LOAM_PRIO_NONE);
  CHECK_STR(t->description, "\xff\xfe ⏫ \xe2\x82");
  t = parse_n("- [ ] a 📅 2026-01-01", 10); /* cut inside the emoji */
  CHECK_INT(t->due, LOAM_DATE_NONE);
  CHECK_STR(t->description, "a \xf0\x9f");
}

TEST(megabyte_task_line) {
  size_t k = 349000, n = 6 + 3 * k + 2; /* "- [ ] #t #t ... #t" */
  char *s = malloc(n);
  memcpy(s, "- [ ] ", 6);
  for (size_t i = 6; i < n; i++) s[i] = "#t "[(i - 6) % 3];
  loam_task *t = parse_n(s, n);
  CHECK_INT(S_ok, 1);
  CHECK_INT(t->n_tags, k + 1);
  CHECK_INT(strlen(t->description), n - 6);
  const char *fields = "⏫ 📅 2026-01-01 "; /* 20 bytes */
  for (size_t i = 6; i < n; i++) s[i] = fields[(i - 6) % 20];
  t = parse_n(s, n);
  CHECK_INT(S_ok, 1);
  free(s);
}

int main(void) {
  RUN(simple_todo);
  RUN(every_list_marker_makes_a_task);
  RUN(indentation_and_blockquotes_are_allowed);
  RUN(status_is_one_code_point);
  RUN(not_a_task);
  RUN(empty_task_at_end_of_line);
  RUN(crlf_leftover_is_dropped);
  RUN(all_date_fields);
  RUN(emoji_variants_and_variation_selector);
  RUN(every_priority);
  RUN(fields_in_any_order_from_the_end);
  RUN(tags_interleaved_with_fields_stay_in_the_description);
  RUN(signifier_before_ordinary_words_is_description);
  RUN(invalid_date_is_read_but_invalid);
  RUN(malformed_date_is_not_a_field);
  RUN(leftmost_duplicate_field_wins);
  RUN(recurrence_rule_text);
  RUN(on_completion);
  RUN(id_and_depends_on);
  RUN(malformed_depends_on_is_description);
  RUN(block_id_is_removed_first);
  RUN(dataview_inline_fields);
  RUN(dataview_other_keys);
  RUN(unknown_or_mismatched_dataview_fields_are_description);
  RUN(tags_are_every_tag_on_the_line_outside_code);
  RUN(tag_only_description);
  RUN(emoji_without_a_value_stays_in_the_description);
  RUN(nul_byte_inside_the_line);
  RUN(invalid_and_truncated_utf8);
  RUN(megabyte_task_line);
  loam_arena_free(&S_arena);
  return test_report();
}
