/*
 * test_render.c: the task buffer's lines and highlights for a small vault.
 *
 * Each test runs a query and compares the rendered buffer, lines joined
 * with '\n', with the text a reader should see; highlight tests look up
 * the span of a group on one line. Today is Wednesday 2026-11-25.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../helper/query/query.h"
#include "../../helper/render/tasks.h"
#include "../../helper/vault/vault.h"
#include "fixture.h"
#include "test.h"

static char S_root[256];
static loam_vault *S_vault;

static const loam_fixture_note S_notes[] = {
    {"Projects/Plan.md", "# Plan\n"
                         "- [ ] Top task #work 🔺 📅 2026-11-20\n"
                         "    - [ ] Child task ⏬\n"
                         "        - [x] Grandchild done ✅ 2026-11-24\n"
                         "- [-] Dropped idea ❌ 2026-11-01\n"
                         "## Later\n"
                         "- [ ] Someday 🆔 a1 ⛔ b2,c3 🔁 every month when done 🏁 delete ➕ 2026-11-01 "
                         "🛫 2026-11-02 "
                         "⏳ 2026-11-03 📅 2026-02-30 ^blk\n"},
    {"Other/Inbox.md", "- [ ] Elsewhere #work 📅 2026-12-24\n"},
    {"Archive/Inbox.md", "- [x] Archived ✅ 2026-01-05\n"},
};

static void setup(void) {
  S_vault = loam_fixture_vault(S_root, sizeof(S_root), "render", S_notes,
                               sizeof(S_notes) / sizeof(S_notes[0]));
}

static void teardown(void) { loam_fixture_free(S_vault, S_root); }

static loam_render S_out;

/* Renders text into S_out; returns the lines joined with '\n'. */
static const char *render(const char *text) {
  static char buf[8192];
  loam_render_free(&S_out);
  loam_query_ctx ctx = {loam_date_from_ymd(2026, 11, 25), "Projects/Plan.md", S_vault, NULL};
  loam_error err;
  loam_query *q = loam_query_parse(text, strlen(text), &ctx, &err);
  if (!q) {
    snprintf(buf, sizeof(buf), "error: %s", err.msg);
    return buf;
  }
  loam_query_result r;
  loam_query_run(q, S_vault, &ctx, &r, &err);
  loam_render_tasks(&r, S_vault, &S_out);
  size_t n = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < S_out.lines.len && n < sizeof(buf) - 512; i++)
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "\n" : "",
                          S_out.lines.items[i].text);
  loam_query_result_free(&r);
  loam_query_free(q);
  return buf;
}

/* The text a highlight group covers on line i ("" when absent). */
static const char *span(size_t i, const char *group) {
  static char buf[256];
  buf[0] = '\0';
  if (i >= S_out.lines.len) return "(no line)";
  const loam_render_line *l = &S_out.lines.items[i];
  for (size_t k = 0; k < l->n_hl; k++) {
    if (strcmp(l->hl[k].group, group) != 0) continue;
    snprintf(buf, sizeof(buf), "%.*s", (int)(l->hl[k].end - l->hl[k].start),
             l->text + l->hl[k].start);
    break;
  }
  return buf;
}

TEST(task_lines_show_fields_in_the_plugins_order) {
  CHECK_STR(
      render("path includes Projects\nheading includes later"),
      "- [ ] Someday  🆔 a1 ⛔ b2,c3 🔁 every month when done 🏁 delete ➕ 2026-11-01 🛫 "
      "2026-11-02 "
      "⏳ 2026-11-03 📅 Invalid date ^blk  (Plan > Later)\n"
      "\n"
      "1 task");
}

TEST(backlinks_drop_a_heading_equal_to_the_note_and_disambiguate_names) {
  CHECK_STR(render("tags include work\nsort by path"),
            "- [ ] Elsewhere #work  📅 2026-12-24  (/Other/Inbox.md)\n"
            "- [ ] Top task #work  🔺 📅 2026-11-20  (Plan)\n"
            "\n"
            "2 tasks");
}

TEST(groups_are_headings_separated_by_blank_lines) {
  CHECK_STR(
      render("group by folder\ngroup by status\nhide backlink\nsort by description"),
      "#### Archive/\n"
      "##### Done\n"
      "- [x] Archived  ✅ 2026-01-05\n"
      "\n"
      "#### Other/\n"
      "##### Todo\n"
      "- [ ] Elsewhere #work  📅 2026-12-24\n"
      "\n"
      "#### Projects/\n"
      "##### Done\n"
      "- [-] Dropped idea  ❌ 2026-11-01\n"
      "- [x] Grandchild done  ✅ 2026-11-24\n"
      "\n"
      "##### Todo\n"
      "- [ ] Child task  ⏬\n"
      "- [ ] Someday  🆔 a1 ⛔ b2,c3 🔁 every month when done 🏁 delete ➕ 2026-11-01 🛫 "
      "2026-11-02 "
      "⏳ 2026-11-03 📅 Invalid date ^blk\n"
      "- [ ] Top task #work  🔺 📅 2026-11-20\n"
      "\n"
      "7 tasks");
}

TEST(group_count_and_limited_total) {
  CHECK_STR(
      render("not done\ngroup by filename\nshow group count\nhide backlinks\nlimit 2"),
      "#### Plan (2 tasks)\n"
      "- [ ] Top task #work  🔺 📅 2026-11-20\n"
      "- [ ] Someday  🆔 a1 ⛔ b2,c3 🔁 every month when done 🏁 delete ➕ 2026-11-01 🛫 "
      "2026-11-02 "
      "⏳ 2026-11-03 📅 Invalid date ^blk\n"
      "\n"
      "2 of 4 tasks");
}

TEST(a_task_under_several_tags_is_counted_once) {
  CHECK_STR(render("path includes Projects\nnot done\ngroup by tags\nhide backlink\nhide priority\n"
                   "hide due date\nhide id\nhide depends on\nhide recurrence rule\n"
                   "hide on completion\npreset hide_date_fields"),
            "#### (No tags)\n"
            "- [ ] Someday  ^blk\n"
            "- [ ] Child task\n"
            "\n"
            "#### #work\n"
            "- [ ] Top task #work\n"
            "\n"
            "3 tasks");
}

TEST(short_mode_hide_tags_and_urgency) {
  CHECK_STR(render("path includes Projects\nheading includes plan\nnot done\nshort mode\n"
                   "hide tags\nshow urgency"),
            "- [ ] Top task  🔺 📅  20.086 🔗\n"
            "- [ ] Child task  ⏬  -1.8 🔗\n"
            "\n"
            "2 tasks");
}

TEST(empty_results_and_hidden_count) {
  CHECK_STR(render("description includes nothing like this"), "No tasks match.");
  CHECK_STR(render("path includes Other\nhide task count\nhide backlink"),
            "- [ ] Elsewhere #work  📅 2026-12-24");
  CHECK_STR(render("limit 0"), "No tasks match.\n0 of 7 tasks"); /* nothing shown, 7 matched */
}

TEST(explain_comes_first) {
  CHECK_STR(render("explain\npath includes Other\nhide backlink"),
            "Explanation of this Tasks code block query:\n"
            "\n"
            "  path includes Other\n"
            "\n"
            "  hide backlink\n"
            "\n"
            "- [ ] Elsewhere #work  📅 2026-12-24\n"
            "\n"
            "1 task");
  CHECK_INT(S_out.lines.items[0].kind, LOAM_LINE_EXPLAIN);
  CHECK_INT(S_out.lines.items[1].kind, LOAM_LINE_EXPLAIN);
  CHECK_INT(S_out.lines.items[5].kind, LOAM_LINE_BLANK);
  CHECK_INT(S_out.lines.items[6].kind, LOAM_LINE_TASK);
}

TEST(show_tree_nests_sub_tasks_under_their_parent) {
  CHECK_STR(
      render("path includes Projects\nshow tree\nhide backlink\nsort by description"),
      "- [-] Dropped idea  ❌ 2026-11-01\n"
      "- [ ] Someday  🆔 a1 ⛔ b2,c3 🔁 every month when done 🏁 delete ➕ 2026-11-01 🛫 "
      "2026-11-02 "
      "⏳ 2026-11-03 📅 Invalid date ^blk\n"
      "- [ ] Top task #work  🔺 📅 2026-11-20\n"
      "    - [ ] Child task  ⏬\n"
      "        - [x] Grandchild done  ✅ 2026-11-24\n"
      "\n"
      "5 tasks");
}

TEST(line_kinds_refer_to_tasks) {
  render("path includes Other\ngroup by root");
  CHECK_INT(S_out.lines.len, 4);
  CHECK_INT(S_out.lines.items[0].kind, LOAM_LINE_GROUP);
  CHECK_INT(S_out.lines.items[0].level, 1);
  CHECK_INT(S_out.lines.items[0].note, -1);
  const loam_render_line *t = &S_out.lines.items[1];
  CHECK_INT(t->kind, LOAM_LINE_TASK);
  CHECK_STR(loam_vault_note(S_vault, (size_t)t->note)->path, "Other/Inbox.md");
  CHECK_INT(t->task, 0);
  CHECK_INT(S_out.lines.items[2].kind, LOAM_LINE_BLANK);
  CHECK_INT(S_out.lines.items[3].kind, LOAM_LINE_COUNT);
}

TEST(highlights_cover_the_right_bytes) {
  render("path includes Projects\nheading includes plan\nsort by description\ngroup by status");
  /* #### Done / Dropped / Grandchild / blank / #### Todo / Child / Top / blank / count */
  CHECK_STR(span(0, "LoamTaskGroup"), "#### Done");
  CHECK_STR(span(1, "LoamTaskCheckbox"), "[-]");
  CHECK_STR(span(1, "LoamTaskDone"), "Dropped idea");
  CHECK_STR(span(2, "LoamTaskDate"), "✅ 2026-11-24");
  CHECK_STR(span(2, "LoamTaskDone"), "Grandchild done");
  CHECK_STR(span(6, "LoamTaskTag"), "#work");
  CHECK_STR(span(6, "LoamTaskPriority"), "🔺");
  CHECK_STR(span(6, "LoamTaskOverdue"), "📅 2026-11-20");
  CHECK_STR(span(6, "LoamTaskDue"), "");
  CHECK_STR(span(6, "LoamTaskDone"), "");
  CHECK_STR(span(6, "LoamTaskBacklink"), "(Plan)");
  CHECK_STR(span(8, "LoamTaskCount"), "4 tasks");
  render("path includes Other");
  CHECK_STR(span(0, "LoamTaskDue"), "📅 2026-12-24");
  CHECK_STR(span(0, "LoamTaskOverdue"), "");
}

int main(void) {
  setup();
  RUN(task_lines_show_fields_in_the_plugins_order);
  RUN(backlinks_drop_a_heading_equal_to_the_note_and_disambiguate_names);
  RUN(groups_are_headings_separated_by_blank_lines);
  RUN(group_count_and_limited_total);
  RUN(a_task_under_several_tags_is_counted_once);
  RUN(short_mode_hide_tags_and_urgency);
  RUN(empty_results_and_hidden_count);
  RUN(explain_comes_first);
  RUN(show_tree_nests_sub_tasks_under_their_parent);
  RUN(line_kinds_refer_to_tasks);
  RUN(highlights_cover_the_right_bytes);
  loam_render_free(&S_out);
  teardown();
  return test_report();
}
