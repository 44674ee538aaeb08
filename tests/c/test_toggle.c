/*
 * test_toggle.c: what toggling a task line writes back.
 *
 * Expectations follow the Obsidian Tasks docs (Toggling and Editing
 * Statuses, Recurring Tasks, Recurring Tasks and Custom Statuses, On
 * Completion), worked out by hand; the trash example is the docs' own.
 * loam keeps every other byte of the line: new fields go at the end of the
 * fields, before a block id. Today is Wednesday 2026-11-25.
 */
#include <stdio.h>
#include <string.h>

#include "../../helper/task/toggle.h"
#include "test.h"

static loam_arena S_arena;
static loam_toggle_opts S_opts;
static char S_out[2048];

static void S_reset(void) { loam_toggle_opts_init(&S_opts, loam_date_from_ymd(2026, 11, 25)); }

/* The lines that replace `line`, joined by " || "; "(deleted)" for none,
 * "(unchanged)" when nothing is to be written. */
static const char *toggle(const char *line) {
  loam_toggle_result r;
  loam_task_toggle(line, strlen(line), &S_opts, &S_arena, &r);
  if (!r.changed) return "(unchanged)";
  if (r.n_lines == 0) return "(deleted)";
  S_out[0] = '\0';
  for (size_t i = 0; i < r.n_lines; i++) {
    if (i) strcat(S_out, " || ");
    strncat(S_out, r.lines[i], sizeof(S_out) - strlen(S_out) - 8);
  }
  return S_out;
}

static const char *to_status(const char *line, const char *symbol) {
  S_opts.target = symbol;
  const char *r = toggle(line);
  S_opts.target = NULL;
  return r;
}

TEST(todo_becomes_done_with_todays_date) {
  CHECK_STR(toggle("- [ ] Buy milk"), "- [x] Buy milk ✅ 2026-11-25");
  CHECK_STR(toggle("    * [ ] Nested #home ⏫"), "    * [x] Nested #home ⏫ ✅ 2026-11-25");
  CHECK_STR(toggle("- [/] Doing it 📅 2026-11-30"), "- [x] Doing it 📅 2026-11-30 ✅ 2026-11-25");
}

TEST(done_becomes_todo_and_loses_its_date) {
  CHECK_STR(toggle("- [x] Buy milk ✅ 2026-11-20"), "- [ ] Buy milk");
  CHECK_STR(toggle("- [x] Call ✅ 2026-11-20 📅 2026-11-19 #work"), "- [ ] Call 📅 2026-11-19 #work");
  CHECK_STR(toggle("- [-] Dropped ❌ 2026-11-01"), "- [ ] Dropped");
}

TEST(unknown_symbols_are_todo_and_go_to_done) {
  CHECK_STR(toggle("- [?] Question"), "- [x] Question ✅ 2026-11-25");
  CHECK_STR(toggle("- [X] Capital"), "- [x] Capital ✅ 2026-11-25");
}

TEST(cancelling_adds_the_cancelled_date) {
  CHECK_STR(to_status("- [ ] Maybe 📅 2026-12-01", "-"), "- [-] Maybe 📅 2026-12-01 ❌ 2026-11-25");
  CHECK_STR(to_status("- [x] Was done ✅ 2026-11-20", "-"), "- [-] Was done ❌ 2026-11-25");
  CHECK_STR(to_status("- [-] Back ❌ 2026-11-01", "/"), "- [/] Back");
}

TEST(same_status_writes_nothing) {
  CHECK_STR(to_status("- [x] Done ✅ 2026-11-20", "x"), "(unchanged)");
}

TEST(done_to_another_done_status_keeps_the_date_and_does_not_recur) {
  loam_status_table t;
  loam_status_table_init(&t);
  loam_status_table_add(&t, "d", "Delegated done", " ", LOAM_STATUS_DONE);
  S_opts.statuses = &t;
  CHECK_STR(to_status("- [x] Rent 🔁 every month 📅 2026-11-01 ✅ 2026-11-02", "d"),
            "- [d] Rent 🔁 every month 📅 2026-11-01 ✅ 2026-11-02");
  S_opts.statuses = NULL;
}

TEST(non_task_status_gets_no_date_and_no_recurrence) {
  loam_status_table t;
  loam_status_table_init(&t);
  loam_status_table_add(&t, "~", "Note", " ", LOAM_STATUS_NON_TASK);
  S_opts.statuses = &t;
  CHECK_STR(to_status("- [ ] Idea 🔁 every week 📅 2026-11-27", "~"),
            "- [~] Idea 🔁 every week 📅 2026-11-27");
  S_opts.statuses = NULL;
}

TEST(block_id_stays_last) {
  CHECK_STR(toggle("- [ ] Ship 📅 2026-11-30 ^ship-it"),
            "- [x] Ship 📅 2026-11-30 ✅ 2026-11-25 ^ship-it");
  CHECK_STR(toggle("- [x] Ship ✅ 2026-11-24 ^ship-it"), "- [ ] Ship ^ship-it");
}

TEST(crlf_line_text_loses_only_its_carriage_return) {
  CHECK_STR(toggle("- [ ] Windows line\r"), "- [x] Windows line ✅ 2026-11-25");
}

TEST(options_turn_dates_off) {
  S_opts.set_done_date = 0;
  CHECK_STR(toggle("- [ ] Quiet"), "- [x] Quiet");
  CHECK_STR(toggle("- [ ] Stray date ✅ 2026-01-01"), "- [x] Stray date");
  S_opts.set_cancelled_date = 0;
  CHECK_STR(to_status("- [ ] Quiet", "-"), "- [-] Quiet");
  S_reset();
}

TEST(recurring_task_gets_its_next_occurrence_above) {
  /* The docs' example (Recurring Tasks.md). */
  CHECK_STR(toggle("- [ ] take out the trash 🔁 every Sunday 📅 2021-04-25"),
            "- [ ] take out the trash 🔁 every Sunday 📅 2021-05-02 || "
            "- [x] take out the trash 🔁 every Sunday 📅 2021-04-25 ✅ 2026-11-25");
}

TEST(recurring_task_next_occurrence_below_when_asked) {
  S_opts.recurrence_below = 1;
  CHECK_STR(toggle("- [ ] Standup 🔁 every weekday 📅 2026-11-27"),
            "- [x] Standup 🔁 every weekday 📅 2026-11-27 ✅ 2026-11-25 || "
            "- [ ] Standup 🔁 every weekday 📅 2026-11-30");
  S_reset();
}

TEST(next_occurrence_moves_every_date_and_drops_ids_and_block) {
  CHECK_STR(
      toggle("- [ ] Pay rent 🆔 r1 ⛔ x2, y3 🔁 every month ➕ 2026-10-01 🛫 2026-11-20 "
             "⏳ 2026-11-28 📅 2026-11-30 ^rent"),
      "- [ ] Pay rent 🔁 every month 🛫 2026-12-20 ⏳ 2026-12-28 📅 2026-12-30 || "
      "- [x] Pay rent 🆔 r1 ⛔ x2, y3 🔁 every month ➕ 2026-10-01 🛫 2026-11-20 "
      "⏳ 2026-11-28 📅 2026-11-30 ✅ 2026-11-25 ^rent");
}

TEST(next_occurrence_from_the_31st_is_the_last_of_next_month) {
  CHECK_STR(toggle("- [ ] Report 🔁 every month 📅 2027-01-31"),
            "- [ ] Report 🔁 every month 📅 2027-02-28 || "
            "- [x] Report 🔁 every month 📅 2027-01-31 ✅ 2026-11-25");
}

TEST(when_done_counts_from_today) {
  CHECK_STR(toggle("- [ ] Haircut 🔁 every 4 weeks when done 📅 2026-10-01"),
            "- [ ] Haircut 🔁 every 4 weeks when done 📅 2026-12-23 || "
            "- [x] Haircut 🔁 every 4 weeks when done 📅 2026-10-01 ✅ 2026-11-25");
}

TEST(created_date_on_new_occurrence_only_when_asked) {
  S_opts.set_created_date = 1;
  CHECK_STR(toggle("- [ ] Water 🔁 every 3 days ⏳ 2026-11-24"),
            "- [ ] Water 🔁 every 3 days ⏳ 2026-11-27 ➕ 2026-11-25 || "
            "- [x] Water 🔁 every 3 days ⏳ 2026-11-24 ✅ 2026-11-25");
  S_reset();
}

TEST(remove_scheduled_date_on_recurrence) {
  S_opts.remove_scheduled_date = 1;
  CHECK_STR(toggle("- [ ] Plan 🔁 every week ⏳ 2026-11-23 📅 2026-11-27"),
            "- [ ] Plan 🔁 every week 📅 2026-12-04 || "
            "- [x] Plan 🔁 every week ⏳ 2026-11-23 📅 2026-11-27 ✅ 2026-11-25");
  S_reset();
}

TEST(invalid_reference_date_drops_the_rule) {
  CHECK_STR(toggle("- [ ] Broken 🔁 every week 📅 2026-02-30"),
            "- [x] Broken 🔁 every week 📅 2026-02-30 ✅ 2026-11-25");
}

TEST(cancelling_a_recurring_task_creates_nothing) {
  CHECK_STR(to_status("- [ ] Gym 🔁 every day 📅 2026-11-25", "-"),
            "- [-] Gym 🔁 every day 📅 2026-11-25 ❌ 2026-11-25");
}

TEST(new_occurrence_status_follows_the_cycle_to_todo_or_in_progress) {
  loam_status_table t;
  loam_status_table_init(&t);
  loam_status_table_add(&t, "x", "Done", "/", LOAM_STATUS_DONE);
  loam_status_table_add(&t, "/", "In Progress", "x", LOAM_STATUS_IN_PROGRESS);
  S_opts.statuses = &t;
  CHECK_STR(toggle("- [/] Cycle 🔁 every day 📅 2026-11-25"),
            "- [/] Cycle 🔁 every day 📅 2026-11-26 || "
            "- [x] Cycle 🔁 every day 📅 2026-11-25 ✅ 2026-11-25");
  loam_status_table_add(&t, "x", "Done", "-", LOAM_STATUS_DONE); /* -> Cancelled -> Todo */
  CHECK_STR(toggle("- [ ] Cycle 🔁 every day 📅 2026-11-25"),
            "- [ ] Cycle 🔁 every day 📅 2026-11-26 || "
            "- [x] Cycle 🔁 every day 📅 2026-11-25 ✅ 2026-11-25");
  S_opts.statuses = NULL;
}

TEST(on_completion_delete_removes_the_done_line) {
  CHECK_STR(toggle("- [ ] Once 🏁 delete"), "(deleted)");
  CHECK_STR(toggle("- [ ] Bins 🔁 every week 🏁 delete 📅 2026-11-29"),
            "- [ ] Bins 🔁 every week 🏁 delete 📅 2026-12-06");
  CHECK_STR(to_status("- [ ] Once 🏁 delete", "-"), "- [-] Once 🏁 delete ❌ 2026-11-25");
}

TEST(dataview_fields_are_written_as_dataview) {
  CHECK_STR(toggle("- [ ] Read [due:: 2026-11-30]"),
            "- [x] Read [due:: 2026-11-30] [completion:: 2026-11-25]");
  CHECK_STR(toggle("- [ ] Swim [repeat:: every week] [due:: 2026-11-26]"),
            "- [ ] Swim [repeat:: every week] [due:: 2026-12-03] || "
            "- [x] Swim [repeat:: every week] [due:: 2026-11-26] [completion:: 2026-11-25]");
  CHECK_STR(toggle("- [x] Read (completion:: 2026-11-20)"), "- [ ] Read");
}

TEST(cycling_walks_the_status_table) {
  S_opts.cycle = 1;
  CHECK_STR(toggle("- [ ] a"), "- [x] a ✅ 2026-11-25");
  CHECK_STR(toggle("- [x] a ✅ 2026-11-25"), "- [/] a");
  CHECK_STR(toggle("- [-] a ❌ 2026-11-25"), "- [ ] a");
  S_opts.cycle = -1;
  CHECK_STR(toggle("- [ ] a"), "- [-] a ❌ 2026-11-25");
  CHECK_STR(toggle("- [?] a"), "- [-] a ❌ 2026-11-25"); /* unknown: from the end */
  S_reset();
}

TEST(lines_that_are_not_tasks_become_tasks) {
  CHECK_STR(toggle("- Buy bread"), "- [ ] Buy bread");
  CHECK_STR(toggle("  1. Step"), "  1. [ ] Step");
  CHECK_STR(toggle("Plain words"), "- [ ] Plain words");
  CHECK_STR(toggle("> quoted"), "> - [ ] quoted");
  CHECK_STR(toggle(""), "- [ ] ");
  CHECK_STR(to_status("Plain words", "x"), "(unchanged)");
}

TEST(a_description_with_a_date_sign_keeps_it) {
  CHECK_STR(toggle("- [x] Moved ✅ 2026-01-01 meeting ✅ 2026-11-20"),
            "- [ ] Moved ✅ 2026-01-01 meeting");
}

int main(void) {
  S_reset();
  RUN(todo_becomes_done_with_todays_date);
  RUN(done_becomes_todo_and_loses_its_date);
  RUN(unknown_symbols_are_todo_and_go_to_done);
  RUN(cancelling_adds_the_cancelled_date);
  RUN(same_status_writes_nothing);
  RUN(done_to_another_done_status_keeps_the_date_and_does_not_recur);
  RUN(non_task_status_gets_no_date_and_no_recurrence);
  RUN(block_id_stays_last);
  RUN(crlf_line_text_loses_only_its_carriage_return);
  RUN(options_turn_dates_off);
  RUN(recurring_task_gets_its_next_occurrence_above);
  RUN(recurring_task_next_occurrence_below_when_asked);
  RUN(next_occurrence_moves_every_date_and_drops_ids_and_block);
  RUN(next_occurrence_from_the_31st_is_the_last_of_next_month);
  RUN(when_done_counts_from_today);
  RUN(created_date_on_new_occurrence_only_when_asked);
  RUN(remove_scheduled_date_on_recurrence);
  RUN(invalid_reference_date_drops_the_rule);
  RUN(cancelling_a_recurring_task_creates_nothing);
  RUN(new_occurrence_status_follows_the_cycle_to_todo_or_in_progress);
  RUN(on_completion_delete_removes_the_done_line);
  RUN(dataview_fields_are_written_as_dataview);
  RUN(cycling_walks_the_status_table);
  RUN(lines_that_are_not_tasks_become_tasks);
  RUN(a_description_with_a_date_sign_keeps_it);
  loam_arena_free(&S_arena);
  return test_report();
}
