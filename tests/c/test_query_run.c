/*
 * test_query_run.c: running queries over a vault.
 *
 * A small fixture vault is written to a temporary folder; each test runs a
 * query and compares the rows, written as "[group/group] description" and
 * joined by " | ", with what the plugin's documented semantics give.
 * Expectations for the shared example vault ($LOAM_EXAMPLES) were worked
 * out by hand from its notes. Today is Wednesday 2026-11-25.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../helper/query/query.h"
#include "../../helper/vault/vault.h"
#include "fixture.h"
#include "test.h"

static char S_root[256];
static loam_vault *S_vault;

static const loam_fixture_note S_notes[] = {
    {"Work/Alpha.md", "# Alpha\n"
                      "\n"
                      "## Tasks\n"
                      "- [ ] Write report #work ⏫ 📅 2026-11-20 ➕ 2026-11-01\n"
                      "- [x] Ship release #work 📅 2026-11-10 ✅ 2026-11-11\n"
                      "- [ ] Plan offsite #team/events 🔼 ⏳ 2026-11-25 📅 2026-12-01\n"
                      "- [/] Review designs 🛫 2026-11-28 📅 2026-11-26\n"
                      "- [-] Old idea ❌ 2026-11-02\n"
                      "    - [ ] Nested child #work\n"
                      "- [ ] Note 10 item\n"
                      "- [ ] Note 2 item\n"},
    {"Work/Sub/Beta.md", "- [ ] Top without heading 🔽\n"
                         "\n"
                         "## Heading B\n"
                         "\n"
                         "- [ ] Blocker task 🆔 abc\n"
                         "- [ ] Blocked task ⛔ abc\n"
                         "- [X] Capital X task\n"
                         "- [ ] Recurring thing 🔁 every week 📅 2026-11-30\n"
                         "- [ ] Bad date task 📅 2026-02-30\n"},
    {"Home.md", "- [ ] Buy milk #home ⏬ ➕ 2026-11-24\n"
                "- [ ] Water plants @mara\n"
                "\n"
                "> - [ ] Quoted task\n"},
    {"Defaults.md", "---\n"
                    "TQ_short_mode: true\n"
                    "TQ_show_tree: false\n"
                    "TQ_explain: true\n"
                    "TQ_show_urgency: maybe\n"
                    "TQ_extra_instructions: |-\n"
                    "  not done\n"
                    "  tags include work\n"
                    "---\n"
                    "# Queries\n"},
    {"Props.md", "---\nowner: '@mara'\n---\n"},
    {"BadDefaults.md", "---\nTQ_extra_instructions: sort by colour\n---\n"},
};

static void setup(void) {
  S_vault = loam_fixture_vault(S_root, sizeof(S_root), "query", S_notes,
                               sizeof(S_notes) / sizeof(S_notes[0]));
}

static void teardown(void) { loam_fixture_free(S_vault, S_root); }

static size_t S_total;

/* Runs text, written in note `path`, over v; rows as "[g1/g2] description"
 * joined by " | ". */
static const char *run_in_note(loam_vault *v, const char *path, const char *text) {
  static char out[8192];
  loam_query_ctx ctx = {loam_date_from_ymd(2026, 11, 25), path, v, NULL};
  loam_error err;
  loam_query *q = loam_query_parse(text, strlen(text), &ctx, &err);
  if (!q) {
    snprintf(out, sizeof(out), "error: %s", err.msg);
    return out;
  }
  loam_query_result r;
  loam_query_run(q, v, &ctx, &r, &err);
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < r.rows.len && n < sizeof(out) - 200; i++) {
    const loam_query_row *row = &r.rows.items[i];
    const loam_task *t = &loam_vault_note(v, (size_t)row->note)->tasks.items[row->task];
    if (i) n += (size_t)snprintf(out + n, sizeof(out) - n, " | ");
    if (row->n_groups) {
      n += (size_t)snprintf(out + n, sizeof(out) - n, "[");
      for (size_t g = 0; g < row->n_groups; g++)
        n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", g ? "/" : "", row->groups[g]);
      n += (size_t)snprintf(out + n, sizeof(out) - n, "] ");
    }
    n += (size_t)snprintf(out + n, sizeof(out) - n, "%s", t->description);
  }
  S_total = r.total_matched;
  loam_query_result_free(&r);
  loam_query_free(q);
  return out;
}

static const char *run_in(loam_vault *v, const char *text) {
  return run_in_note(v, "Home.md", text);
}
static const char *run(const char *text) { return run_in(S_vault, text); }

TEST(done_and_not_done_follow_status_types) {
  CHECK_STR(run("done\nsort by description"), "Old idea | Ship release #work");
  CHECK_STR(run("status.type is TODO\nstatus.name includes unknown"), "Capital X task");
  CHECK_STR(run("status.type is IN_PROGRESS"), "Review designs");
  CHECK_STR(run("status.type is cancelled"), "Old idea");
  run("not done");
  CHECK_INT(S_total, 15);
}

TEST(text_filters_are_case_insensitive_substrings) {
  CHECK_STR(run("description includes NOTE\nsort by description"), "Note 2 item | Note 10 item");
  CHECK_STR(run("description includes @mara"), "Water plants @mara");
  CHECK_STR(run_in_note(S_vault, "Props.md",
                        "description includes "
                        "{{query.file.property('owner')}}"),
            "Water plants @mara");
  CHECK_STR(run_in_note(S_vault, "Props.md",
                        "description includes "
                        "{{query.file.property(\"missing\")}}"),
            "error: line 1: there was an error expanding placeholder "
            "{{query.file.property(\"missing\")}}: the query's note has no such property");
  CHECK_STR(run("description does not include e"), "Capital X task");
}

TEST(tag_filters_match_parts_of_tags) {
  CHECK_STR(run("tags include #work\nsort by description"),
            "Nested child #work | Ship release #work | Write report #work");
  CHECK_STR(run("tag includes events"), "Plan offsite #team/events");
  CHECK_STR(run("tags include #team"), "Plan offsite #team/events");
  CHECK_STR(run("tags include #events"), "");
  run("tags do not include work");
  CHECK_INT(S_total, 14);
  run("has tags");
  CHECK_INT(S_total, 5);
  CHECK_STR(run("tag regex matches /#work$/\nnot done\nsort by description"),
            "Nested child #work | Write report #work");
}

TEST(file_filters) {
  run("path includes work/");
  CHECK_INT(S_total, 14);
  run("path includes Sub/Beta.md");
  CHECK_INT(S_total, 6);
  CHECK_STR(run("root regex matches /^\\/$/\nsort by description"),
            "Buy milk #home | Quoted task | Water plants @mara");
  run("root includes Work/");
  CHECK_INT(S_total, 14);
  run("folder includes Work/Sub/");
  CHECK_INT(S_total, 6);
  run("filename includes alpha.md");
  CHECK_INT(S_total, 8);
  CHECK_STR(run("path regex matches /^Home\\.md$/\ndescription includes milk"), "Buy milk #home");
}

TEST(heading_filters_and_missing_headings) {
  run("heading includes tasks");
  CHECK_INT(S_total, 8);
  run("heading does not include tasks");
  CHECK_INT(S_total, 9); /* 5 under "Heading B", 1 without, 3 in Home.md */
  CHECK_STR(run("heading regex does not match /./\nsort by description"),
            "Buy milk #home | Quoted task | Top without heading | Water plants @mara");
}

TEST(date_filters_exclude_missing_dates_except_starts) {
  CHECK_STR(run("due before 2026-11-25\nsort by due"), "Ship release #work | Write report #work");
  CHECK_STR(run("due after today\nsort by due"),
            "Review designs | Recurring thing | Plan offsite #team/events");
  CHECK_STR(run("due on 2026-11-26"), "Review designs");
  CHECK_STR(run("due tomorrow"), "Review designs");
  CHECK_STR(run("due on or before 2026-11-20\nsort by due"),
            "Ship release #work | Write report #work");
  CHECK_STR(run("due this week"), "Review designs");
  CHECK_STR(run("due in or after next week"), "Plan offsite #team/events | Recurring thing");
  run("starts before 2026-11-27");
  CHECK_INT(S_total, 16); /* all but "Review designs", which starts on the 28th */
  CHECK_STR(run("(starts before 2026-11-29) AND (has start date)"), "Review designs");
  CHECK_STR(run("scheduled on today"), "Plan offsite #team/events");
  CHECK_STR(run("created before 2026-11-24\nsort by created"), "Write report #work");
  CHECK_STR(run("done on 2026-11-11"), "Ship release #work");
  CHECK_STR(run("cancelled in 2026-11"), "Old idea");
}

TEST(has_no_and_invalid_dates) {
  run("has due date");
  CHECK_INT(S_total, 6); /* the invalid date counts as present */
  run("no due date");
  CHECK_INT(S_total, 11);
  CHECK_STR(run("due date is invalid"), "Bad date task");
  run("due before 2030-01-01");
  CHECK_INT(S_total, 5);
  CHECK_STR(run("has start date"), "Review designs");
  run("no happens date");
  CHECK_INT(S_total, 11);
}

TEST(happens_matches_any_of_start_scheduled_due) {
  CHECK_STR(run("happens before 2026-11-26\nsort by description"),
            "Plan offsite #team/events | Ship release #work | Write report #work");
  CHECK_STR(run("happens on 2026-11-28"), "Review designs");
}

TEST(priority_filters) {
  CHECK_STR(run("priority is above none\nsort by priority"),
            "Write report #work | Plan offsite #team/events");
  CHECK_STR(run("priority is below none\nsort by priority"),
            "Top without heading | Buy milk #home");
  CHECK_STR(run("priority is high"), "Write report #work");
  run("priority is none");
  CHECK_INT(S_total, 13);
  run("priority is not none");
  CHECK_INT(S_total, 4);
}

TEST(recurrence_dependencies_and_sub_items) {
  CHECK_STR(run("is recurring"), "Recurring thing");
  CHECK_STR(run("recurrence includes WEEK"), "Recurring thing");
  CHECK_STR(run("is blocking"), "Blocker task");
  CHECK_STR(run("is blocked"), "Blocked task");
  CHECK_STR(run("has id"), "Blocker task");
  CHECK_STR(run("has depends on"), "Blocked task");
  CHECK_STR(run("id includes AB"), "Blocker task");
  run("is not blocked");
  CHECK_INT(S_total, 16);
  run("exclude sub-items");
  CHECK_INT(S_total, 16); /* the nested child goes; the quoted task stays */
  CHECK_STR(run("exclude sub-items\ndescription includes task\nsort by description"),
            "Bad date task | Blocked task | Blocker task | Capital X task | Quoted task");
}

TEST(boolean_combinations_evaluate) {
  CHECK_STR(run("(description includes milk) OR (tags include #team)\nsort by description"),
            "Buy milk #home | Plan offsite #team/events");
  CHECK_STR(run("(tags include #work) AND NOT (done)\nsort by description"),
            "Nested child #work | Write report #work");
  CHECK_STR(run("(tags include #work) XOR (has due date)\nsort by description"),
            "Bad date task | Nested child #work | Plan offsite #team/events | Recurring thing | "
            "Review designs");
  CHECK_STR(run("[description includes (x] OR [description includes milk]"), "Buy milk #home");
  run("NOT ((done) OR (has tags))");
  CHECK_INT(S_total, 11);
}

TEST(default_sort_is_status_type_urgency_due_priority_path) {
  CHECK_STR(run("not done\nlimit 6"),
            "Review designs | Write report #work | Plan offsite #team/events | Recurring thing | "
            "Bad date task | Water plants @mara");
  CHECK_INT(S_total, 15);
}

TEST(user_sort_keys_come_first_and_reverse_puts_missing_first) {
  CHECK_STR(run("has due date\nsort by due"),
            "Bad date task | Ship release #work | Write report #work | Review designs | "
            "Recurring thing | Plan offsite #team/events");
  CHECK_STR(run("tags include work\nsort by due reverse"),
            "Nested child #work | Write report #work | Ship release #work");
  CHECK_STR(run("path includes Home\nsort by priority"),
            "Water plants @mara | Quoted task | Buy milk #home");
  CHECK_STR(run("path includes Home\nsort by description reverse"),
            "Water plants @mara | Quoted task | Buy milk #home");
  CHECK_STR(run("description includes item\nsort by description"), "Note 2 item | Note 10 item");
}

TEST(sort_by_several_keys) {
  CHECK_STR(
      run("path includes Beta\nsort by status\nsort by due reverse\nsort by description"),
      "Blocked task | Blocker task | Capital X task | Top without heading | Recurring thing | "
      "Bad date task");
}

TEST(limit_keeps_the_first_tasks_after_sorting) {
  CHECK_STR(run("tags include work\nsort by description\nlimit 2"),
            "Nested child #work | Ship release #work");
  CHECK_INT(S_total, 3);
  CHECK_STR(run("limit to 0 tasks"), "");
}

TEST(group_by_file_properties) {
  CHECK_STR(run("tags include work\ngroup by filename\nsort by description"),
            "[[[Alpha]]] Nested child #work | [[[Alpha]]] Ship release #work | [[[Alpha]]] Write "
            "report #work");
  CHECK_STR(run("description includes a\ngroup by folder\nsort by description\nlimit groups 1"),
            "[/] Quoted task | [Work/] Old idea | [Work/Sub/] Bad date task");
  CHECK_STR(run("priority is not none\ngroup by path"),
            "[Home] Buy milk #home | [Work/Alpha] Write report #work | "
            "[Work/Alpha] Plan offsite #team/events | [Work/Sub/Beta] Top without heading");
  CHECK_STR(run("path includes Beta\ngroup by heading\nlimit groups 2"),
            "[(No heading)] Top without heading | [Heading B] Recurring thing | "
            "[Heading B] Bad date task");
  CHECK_STR(
      run("priority is not none\ngroup by root\ngroup by backlink"),
      "[//[[Home]]] Buy milk #home | [Work//[[Alpha#Tasks|Alpha > Tasks]]] Write report #work | "
      "[Work//[[Alpha#Tasks|Alpha > Tasks]]] Plan offsite #team/events | [Work//[[Beta]]] Top "
      "without heading");
}

TEST(group_by_tags_shows_a_task_under_each_tag) {
  CHECK_STR(run("path includes Alpha\nnot done\ngroup by tags\nsort by description"),
            "[(No tags)] Note 2 item | [(No tags)] Note 10 item | [(No tags)] Review designs | "
            "[#team/events] Plan offsite #team/events | [#work] Nested child #work | "
            "[#work] Write report #work");
}

TEST(group_headings_order_like_the_plugin) {
  CHECK_STR(run("path includes Work\nnot done\nhas due date\ngroup by due"),
            "[Invalid due date] Bad date task | [2026-11-20 Friday] Write report #work | "
            "[2026-11-26 Thursday] Review designs | [2026-11-30 Monday] Recurring thing | "
            "[2026-12-01 Tuesday] Plan offsite #team/events");
  CHECK_STR(run("path includes Alpha\nhas due date\ngroup by priority reverse"),
            "[Normal priority] Review designs | [Normal priority] Ship release #work | "
            "[Medium priority] Plan offsite #team/events | [High priority] Write report #work");
  CHECK_STR(run("path includes Alpha\ndescription includes e\ngroup by status.type"),
            "[IN_PROGRESS] Review designs | [TODO] Write report #work | "
            "[TODO] Plan offsite #team/events | [TODO] Nested child #work | "
            "[TODO] Note 10 item | [TODO] Note 2 item | "
            "[DONE] Ship release #work | [CANCELLED] Old idea");
  CHECK_STR(run("path includes Alpha\ngroup by status\nlimit groups 1"),
            "[Done] Ship release #work | [Todo] Review designs");
  CHECK_STR(run("has due date\nnot done\ngroup by recurring\nlimit groups 1"),
            "[Not Recurring] Review designs | [Recurring] Recurring thing");
  CHECK_STR(run("path includes Beta\ngroup by id\nlimit groups 1"),
            "[(No id)] Recurring thing | [abc] Blocker task");
  CHECK_STR(run("is recurring\ngroup by recurrence"), "[every week] Recurring thing");
}

TEST(group_by_urgency_puts_the_most_urgent_first) {
  CHECK_STR(
      run("path includes Alpha\nhas due date\nnot done\ngroup by urgency"),
      "[17.09] Write report #work | [14.96] Plan offsite #team/events | [7.29] Review designs");
  CHECK_STR(
      run("path includes Alpha\nhas due date\nnot done\ngroup by urgency reverse"),
      "[7.29] Review designs | [14.96] Plan offsite #team/events | [17.09] Write report #work");
}

TEST(nested_groups_and_columns) {
  CHECK_STR(run("tags include work\ngroup by status\ngroup by filename"),
            "[Done/[[Alpha]]] Ship release #work | [Todo/[[Alpha]]] Write report #work | "
            "[Todo/[[Alpha]]] Nested child #work");
  CHECK_STR(run("tags include work\nview columns by status\ngroup by filename\nlimit groups 1"),
            "[Done/[[Alpha]]] Ship release #work | [Todo/[[Alpha]]] Write report #work");
}

TEST(this_folder_only_preset_is_exact) {
  loam_query_ctx ctx = {loam_date_from_ymd(2026, 11, 25), "Work/Alpha.md", S_vault, NULL};
  loam_error err;
  const char *text = "preset this_folder_only";
  loam_query *q = loam_query_parse(text, strlen(text), &ctx, &err);
  CHECK(q != NULL);
  loam_query_result r;
  if (q) {
    loam_query_run(q, S_vault, &ctx, &r, &err);
    CHECK_INT(r.total_matched, 8);
    loam_query_result_free(&r);
  }
  loam_query_free(q);
}

TEST(query_file_defaults_come_first) {
  loam_query_ctx ctx = {loam_date_from_ymd(2026, 11, 25), "Defaults.md", S_vault, NULL};
  loam_error err;
  const char *text = "sort by description\nlimit 5";
  loam_query *q = loam_query_parse(text, strlen(text), &ctx, &err);
  CHECK(q != NULL);
  if (!q) return;
  loam_query_result r;
  loam_query_run(q, S_vault, &ctx, &r, &err);
  CHECK_INT(r.total_matched, 2);
  CHECK_INT(r.layout.short_mode, 1);
  CHECK_INT(r.layout.show_tree, 0);
  CHECK(r.layout.hide & LOAM_SHOW_URGENCY); /* "maybe" is no boolean: no instruction */
  CHECK_STR(r.explain,
            "Explanation of the Query File Defaults (from properties/frontmatter in the query's "
            "file):\n"
            "\n"
            "  not done =>\n"
            "    status type is TODO or IN_PROGRESS or ON_HOLD\n"
            "\n"
            "  tags include work\n"
            "\n"
            "  short mode\n"
            "\n"
            "  hide tree\n"
            "\n"
            "Explanation of this Tasks code block query:\n"
            "\n"
            "  No filters supplied. All tasks will match the query.\n"
            "\n"
            "  sort by description\n"
            "\n"
            "  At most 5 tasks.\n");
  loam_query_result_free(&r);
  loam_query_free(q);
  ctx.query_path = "BadDefaults.md";
  q = loam_query_parse(text, strlen(text), &ctx, &err);
  CHECK(q == NULL);
  CHECK_INT(err.line, 0);
  CHECK(strstr(err.msg, "query file defaults (TQ_* properties of BadDefaults.md)") != NULL);
  loam_query_free(q);
}

/* ---- the shared example vault --------------------------------------------- */

static loam_vault *examples(void) {
  const char *root = getenv("LOAM_EXAMPLES");
  static char fallback[] = "/work/shared/examples/vault";
  loam_vault *v = loam_vault_new(root ? root : fallback);
  loam_error err;
  if (!v || loam_vault_scan(v, &err) != 0) {
    loam_vault_free(v);
    return NULL;
  }
  return v;
}

TEST(example_mara_newest_created_first) {
  loam_vault *v = examples();
  if (!v) return;
  CHECK_STR(run_in(v, "not done\ndescription includes @mara\nsort by created reverse"),
            "Fix this note @mara | A task in a CRLF file @mara | "
            "Evaluate the competitive risk of the in-house object store @mara @teo #risk | "
            "Catch up with @mara on the draft document and align on direction #work | "
            "Prepare the summit presentation outline @mara | "
            "Draft the cloud pipeline overview for @mara #work");
  loam_vault_free(v);
}

TEST(example_teo_by_due) {
  loam_vault *v = examples();
  if (!v) return;
  CHECK_STR(run_in(v, "not done\ndescription includes @teo\nsort by due"),
            "List the failure modes we must survive @teo #risk | "
            "Write the reliability test plan for the sync path @teo | "
            "Collect cluster inventory @teo | "
            "Evaluate the competitive risk of the in-house object store @mara @teo #risk | "
            "Ask @teo which teams own the HDD clusters #work");
  loam_vault_free(v);
}

TEST(example_open_topics_grouped_by_file) {
  loam_vault *v = examples();
  if (!v) return;
  CHECK_STR(
      run_in(v, "not done\n(description includes @mara) OR (description includes @teo)\n"
                "group by filename\nsort by priority"),
      "[[[2026-11-04 - Planning sessions]]] Draft the cloud pipeline overview for @mara #work | "
      "[[[2026-11-04 - Planning sessions]]] Ask @teo which teams own the HDD clusters #work | "
      "[[[2026-11-04 - Planning sessions]]] Prepare the summit presentation outline @mara | "
      "[[[2026-11-18 - Storage roadmap review]]] Evaluate the competitive risk of the in-house "
      "object store @mara @teo #risk | "
      "[[[2026-11-18 - Storage roadmap review]]] Collect cluster inventory @teo | "
      "[[[2026-11-18 - Storage roadmap review]]] Catch up with @mara on the draft document and "
      "align on direction #work | "
      "[[[2026-11-18 - Storage roadmap review]]] Write the reliability test plan for the sync "
      "path @teo | "
      "[[[Broken frontmatter]]] Fix this note @mara | "
      "[[[Sync engine]]] List the failure modes we must survive @teo #risk | "
      "[[[Windows note]]] A task in a CRLF file @mara");
  CHECK_INT(S_total, 10);
  loam_vault_free(v);
}

TEST(example_overdue_and_done_today) {
  loam_vault *v = examples();
  if (!v) return;
  CHECK_STR(run_in(v, "due before today\nnot done"), "Reply to the summit organisers");
  CHECK_STR(run_in(v, "done yesterday"), "Expense report");
  CHECK_STR(run_in(v, "heading includes risks"),
            "List the failure modes we must survive @teo #risk");
  loam_vault_free(v);
}

/* Rules are matched and grouped by the plugin's normalised text, and a rule
 * whose reference date is invalid (or that does not parse) is no rule. */
TEST(recurrence_is_the_normalised_rule) {
  char root[] = "/tmp/loam-recur-XXXXXX", path[600];
  if (!mkdtemp(root)) abort();
  snprintf(path, sizeof(path), "%s/R.md", root);
  FILE *f = fopen(path, "w");
  fputs("- [ ] Bins 🔁 every Sunday 📅 2026-11-29\n"
        "- [ ] Gym 🔁 Every Tuesday, fri 📅 2026-11-27\n"
        "- [ ] Broken date 🔁 every week 📅 2026-02-30\n"
        "- [ ] Not a rule 🔁 every two weeks\n"
        "- [ ] Rent 🔁 every month on the 1st when done\n",
        f);
  fclose(f);
  loam_vault *v = loam_vault_new(root);
  loam_error err;
  CHECK_INT(loam_vault_scan(v, &err), 0);
  CHECK_STR(run_in_note(v, NULL, "recurrence includes every week on sunday"), "Bins");
  CHECK_STR(run_in_note(v, NULL, "is recurring"), "Gym | Bins | Rent"); /* by urgency */
  CHECK_STR(run_in_note(v, NULL, "is not recurring"), "Broken date | Not a rule");
  CHECK_STR(run_in_note(v, NULL, "group by recurrence"),
            "[every month on the 1st when done] Rent | [every week on Sunday] Bins | "
            "[every week on Tuesday, Friday] Gym | [None] Broken date | [None] Not a rule");
  CHECK_STR(run_in_note(v, NULL, "sort by recurring\nsort by description"),
            "Bins | Gym | Rent | Broken date | Not a rule");
  loam_vault_free(v);
  unlink(path);
  rmdir(root);
}

int main(void) {
  setup();
  RUN(done_and_not_done_follow_status_types);
  RUN(text_filters_are_case_insensitive_substrings);
  RUN(tag_filters_match_parts_of_tags);
  RUN(file_filters);
  RUN(heading_filters_and_missing_headings);
  RUN(date_filters_exclude_missing_dates_except_starts);
  RUN(has_no_and_invalid_dates);
  RUN(happens_matches_any_of_start_scheduled_due);
  RUN(priority_filters);
  RUN(recurrence_dependencies_and_sub_items);
  RUN(boolean_combinations_evaluate);
  RUN(default_sort_is_status_type_urgency_due_priority_path);
  RUN(user_sort_keys_come_first_and_reverse_puts_missing_first);
  RUN(sort_by_several_keys);
  RUN(limit_keeps_the_first_tasks_after_sorting);
  RUN(group_by_file_properties);
  RUN(group_by_tags_shows_a_task_under_each_tag);
  RUN(group_headings_order_like_the_plugin);
  RUN(group_by_urgency_puts_the_most_urgent_first);
  RUN(nested_groups_and_columns);
  RUN(this_folder_only_preset_is_exact);
  RUN(query_file_defaults_come_first);
  RUN(example_mara_newest_created_first);
  RUN(example_teo_by_due);
  RUN(example_open_topics_grouped_by_file);
  RUN(example_overdue_and_done_today);
  RUN(recurrence_is_the_normalised_rule);
  teardown();
  return test_report();
}
