/*
 * test_query_parse.c: the query language's parser, without a vault.
 *
 * Valid instructions parse into the expected filter tree, sort keys,
 * groups and layout; every invalid one fails with its line, column and a
 * message that says what was expected. "Today" is Wednesday 2026-11-25
 * and the query lives in "Topics/Sub/Open Topics.md".
 */
#include <stdlib.h>

#include "../../helper/query/internal.h"
#include "../../helper/query/query.h"
#include "test.h"

static loam_query_ctx ctx(void) {
  loam_query_ctx c = {loam_date_from_ymd(2026, 11, 25), "Topics/Sub/Open Topics.md", NULL, NULL};
  return c;
}

static loam_query *parse(const char *text, loam_error *err) {
  loam_query_ctx c = ctx();
  memset(err, 0, sizeof(*err));
  return loam_query_parse(text, strlen(text), &c, err);
}

/* Parses text expecting success; reports the error otherwise. */
#define PARSE_OK(q, text)                                                                          \
  loam_error q##_err;                                                                              \
  loam_query *q = parse(text, &q##_err);                                                           \
  if (!q) TEST_FAIL_AT("parse failed: %s", q##_err.msg)

/* Expects an error at (line, col) whose message contains `part`. */
#define PARSE_FAILS(text, code_, line_, col_, part)                                                \
  do {                                                                                             \
    loam_error e_;                                                                                 \
    loam_query *q_ = parse(text, &e_);                                                             \
    CHECK(q_ == NULL);                                                                             \
    loam_query_free(q_);                                                                           \
    CHECK_INT(e_.code, code_);                                                                     \
    CHECK_INT(e_.line, line_);                                                                     \
    CHECK_INT(e_.col, col_);                                                                       \
    if (!strstr(e_.msg, part)) TEST_FAIL_AT("message \"%s\" lacks \"%s\"", e_.msg, part);          \
  } while (0)

static char *explain_of(const loam_qfilter *f) {
  static char buf[2048];
  loam_strbuf b = {0};
  loam_qfilter_explain(f, 0, &b);
  snprintf(buf, sizeof(buf), "%s", loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return buf;
}

TEST(every_issue_two_instruction_parses) {
  static const char *const lines[] = {
      "done",
      "not done",
      "NOT DONE",
      "description includes @mara",
      "description does not include later",
      "tags include #work",
      "tag includes work",
      "tags do not include #someday",
      "tag does not include x",
      "path includes Meetings/",
      "heading includes Action",
      "due before 2026-12-01",
      "due after today",
      "due on tomorrow",
      "scheduled on or before yesterday",
      "starts after 2026-01-01",
      "created on or after 2026-11-01",
      "done before today",
      "has due date",
      "no due date",
      "sort by due",
      "sort by created reverse",
      "sort by priority",
      "sort by description",
      "sort by path reverse",
      "group by filename",
      "group by folder",
      "group by path",
      "group by heading",
      "limit 10",
      "limit to 5 tasks",
      "(done) OR (not done)",
  };
  for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
    loam_error err;
    loam_query *q = parse(lines[i], &err);
    if (!q) TEST_FAIL_AT("'%s' failed: %s", lines[i], err.msg);
    loam_query_free(q);
  }
}

TEST(the_full_language_parses) {
  static const char *const lines[] = {
      "status.name includes progress",
      "status.name regex matches /^Todo$/",
      "status.type is IN_PROGRESS",
      "status.type is not cancelled",
      "has id",
      "no id",
      "id includes abc",
      "id regex does not match /x/",
      "has depends on",
      "no depends on",
      "is blocking",
      "is not blocking",
      "is blocked",
      "is not blocked",
      "has scheduled date",
      "no start date",
      "has created date",
      "no done date",
      "has cancelled date",
      "has happens date",
      "no happens date",
      "due date is invalid",
      "start date is invalid",
      "cancelled date is invalid",
      "happens this week",
      "cancelled in last month",
      "due in or before next week",
      "due in or after 2026-W48",
      "done in 2026-Q4",
      "created 2026-11",
      "scheduled 2026",
      "due 2026-11-01 2026-11-30",
      "due in two weeks",
      "due before in two weeks",
      "due next monday",
      "starts 3 days ago",
      "priority is high",
      "priority is above none",
      "priority below medium",
      "priority is not lowest",
      "priority highest",
      "is recurring",
      "is not recurring",
      "recurrence includes month",
      "has tags",
      "no tags",
      "tag regex matches /#t$/i",
      "exclude sub-items",
      "root includes Topics/",
      "folder does not include Sub/",
      "filename includes Topics",
      "heading regex does not match /^$/",
      "sort by status",
      "sort by status.name",
      "sort by status.type reverse",
      "sort by id",
      "sort by done",
      "sort by scheduled",
      "sort by start",
      "sort by cancelled",
      "sort by happens",
      "sort by urgency",
      "sort by recurring",
      "sort by tag",
      "sort by tag 2",
      "sort by tag reverse 3",
      "sort by filename",
      "sort by heading",
      "sort by random",
      "group by status",
      "group by status.name",
      "group by status.type",
      "group by id",
      "group by due",
      "group by done reverse",
      "group by scheduled",
      "group by start",
      "group by created",
      "group by cancelled",
      "group by happens",
      "group by priority",
      "group by urgency",
      "group by recurring",
      "group by recurrence",
      "group by tags",
      "group by root",
      "group by backlink",
      "limit groups 3",
      "limit groups to 2 tasks",
      "hide due date",
      "show due date",
      "hide backlinks",
      "hide tags",
      "show urgency",
      "show group count",
      "hide task count",
      "show tree",
      "hide edit button",
      "hide postpone button",
      "hide toolbar",
      "hide id",
      "hide recurrence rule",
      "hide on completion",
      "hide depends on",
      "short mode",
      "full mode",
      "short",
      "explain",
      "ignore global query",
      "view list",
      "view columns by priority",
      "preset this_file",
      "preset hide_everything",
      "# a comment",
      "description includes x {{! an inline comment }}",
  };
  for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
    loam_error err;
    loam_query *q = parse(lines[i], &err);
    if (!q) TEST_FAIL_AT("'%s' failed: %s", lines[i], err.msg);
    loam_query_free(q);
  }
}

TEST(unknown_instruction_names_line_and_expectation) {
  PARSE_FAILS("not done\nfrobnicate the tasks", LOAM_E_QUERY, 2, 1, "line 2: do not understand");
  PARSE_FAILS("not done\nfrobnicate the tasks", LOAM_E_QUERY, 2, 1, "expected a filter");
  PARSE_FAILS("  bogus", LOAM_E_QUERY, 1, 3, "'bogus'");
}

TEST(field_errors_point_at_what_is_wrong) {
  PARSE_FAILS("due before someday", LOAM_E_QUERY, 1, 12, "do not understand due date 'someday'");
  PARSE_FAILS("done\ndescription contains x", LOAM_E_QUERY, 2, 13,
              "after 'description' expected includes");
  PARSE_FAILS("description includes", LOAM_E_QUERY, 1, 21, "expected the text to search for");
  PARSE_FAILS("due", LOAM_E_QUERY, 1, 4, "'due' needs more");
  PARSE_FAILS("priority is urgent", LOAM_E_QUERY, 1, 13, "do not understand priority");
  PARSE_FAILS("status.type is WAITING", LOAM_E_QUERY, 1, 16, "invalid status.type");
  PARSE_FAILS("status.type", LOAM_E_QUERY, 1, 12, "invalid status.type");
  PARSE_FAILS("due before YYYY-MM-DD", LOAM_E_QUERY, 1, 1, "unexpanded template text");
  PARSE_FAILS("due on 2026-02-30", LOAM_E_QUERY, 1, 8, "do not understand due date");
  PARSE_FAILS("tags include", LOAM_E_QUERY, 1, 13, "expected the text");
  PARSE_FAILS("urgency above 5", LOAM_E_QUERY, 1, 1, "filtering by urgency");
}

TEST(sort_group_limit_and_layout_errors) {
  PARSE_FAILS("sort by colour", LOAM_E_QUERY, 1, 9, "expected sort by status");
  PARSE_FAILS("sort by due backwards", LOAM_E_QUERY, 1, 13, "expected 'reverse'");
  PARSE_FAILS("group by tag", LOAM_E_QUERY, 1, 10, "tags");
  PARSE_FAILS("group by due reverse please", LOAM_E_QUERY, 1, 14, "expected 'reverse'");
  PARSE_FAILS("limit many", LOAM_E_QUERY, 1, 7, "do not understand query limit");
  PARSE_FAILS("limit 5 apples", LOAM_E_QUERY, 1, 7, "limit");
  PARSE_FAILS("hide colours", LOAM_E_QUERY, 1, 6, "hide/show option 'colours'");
  PARSE_FAILS("view grid", LOAM_E_QUERY, 1, 6, "view mode");
  PARSE_FAILS("preset nope", LOAM_E_QUERY, 1, 8, "cannot find preset \"nope\"");
}

TEST(functions_are_unsupported_not_silently_ignored) {
  PARSE_FAILS("filter by function task.due.moment", LOAM_E_UNSUPPORTED, 1, 1, "not supported");
  PARSE_FAILS("sort by function task.urgency", LOAM_E_UNSUPPORTED, 1, 9, "not supported");
  PARSE_FAILS("group by function task.file.folder", LOAM_E_UNSUPPORTED, 1, 10, "not supported");
  PARSE_FAILS("(done) OR (filter by function true)", LOAM_E_UNSUPPORTED, 1, 12, "not supported");
  /* preset this_folder_only is JavaScript in the plugin; here it is native */
  PARSE_OK(q, "preset this_folder_only");
  if (q) {
    CHECK_INT(q->filters.len, 1);
    CHECK(q->filters.items[0]->exact);
    CHECK_STR(q->filters.items[0]->needle, "Topics/Sub/");
  }
  loam_query_free(q);
}

TEST(regex_errors_and_javascript_only_syntax) {
  PARSE_FAILS("description regex matches waiting", LOAM_E_QUERY, 1, 27, "/pattern/");
  PARSE_FAILS("description regex matches /(a+)+/", LOAM_E_QUERY, 1, 27, "catastrophic");
  PARSE_FAILS("description regex matches /a++/", LOAM_E_QUERY, 1, 27, "possessive");
  PARSE_FAILS("description regex matches /(?>a)/", LOAM_E_QUERY, 1, 27, "not JavaScript");
  PARSE_FAILS("description regex matches /\\Aa/", LOAM_E_QUERY, 1, 27, "PCRE syntax");
  PARSE_FAILS("description regex matches /[[:alpha:]]/", LOAM_E_QUERY, 1, 27, "POSIX");
  PARSE_FAILS("description regex matches /a/v", LOAM_E_QUERY, 1, 27, "'v'");
  PARSE_FAILS("description regex matches /a/q", LOAM_E_QUERY, 1, 27, "flag 'q'");
  PARSE_FAILS("description regex matches /a/ii", LOAM_E_QUERY, 1, 27, "repeated");
  PARSE_FAILS("description regex matches /\\p{L}/", LOAM_E_QUERY, 1, 27, "u flag");
  PARSE_FAILS("description regex matches /(?<=a+)b/", LOAM_E_QUERY, 1, 27,
              "invalid regular expression");
  PARSE_FAILS("description regex matches /(a/", LOAM_E_QUERY, 1, 27, "missing ')'");
  PARSE_OK(q, "description regex matches /\\p{L}+/u\npath regex matches /a/b/c/i");
  loam_query_free(q);
}

TEST(line_continuation_joins_with_one_space) {
  PARSE_OK(q, "description includes waiting \\\n    for answers\ndone");
  if (q) {
    CHECK_INT(q->filters.len, 2);
    CHECK_STR(q->filters.items[0]->needle, "waiting for answers");
  }
  loam_query_free(q);
}

TEST(double_backslash_is_a_literal_backslash) {
  PARSE_OK(q, "description includes C:\\\\\ndone");
  if (q) {
    CHECK_INT(q->filters.len, 2);
    CHECK_STR(q->filters.items[0]->needle, "C:\\");
  }
  loam_query_free(q);
}

TEST(errors_in_continued_lines_point_at_the_right_line) {
  PARSE_FAILS("not done\n(done) OR \\\n  (bogus thing)", LOAM_E_QUERY, 3, 4, "'bogus thing'");
  PARSE_FAILS("due before \\\n  tomorow", LOAM_E_QUERY, 2, 3, "tomorow");
}

TEST(comments_and_blank_lines_are_ignored) {
  PARSE_OK(q, "# not done\n\n   \n# sort by nonsense\ndone {{! only done tasks }}\n");
  if (q) {
    CHECK_INT(q->filters.len, 1);
    CHECK_INT(q->filters.items[0]->kind, LOAM_QF_DONE);
    CHECK_INT(q->sorts.len, 0);
  }
  loam_query_free(q);
}

TEST(placeholders_expand_from_the_query_note) {
  PARSE_OK(q, "path includes {{query.file.path}}\n"
              "path includes {{ query.file.pathWithoutExtension }}\n"
              "root includes {{query.file.root}}\n"
              "folder includes {{query.file.folder}}\n"
              "filename includes {{query.file.filename}}\n"
              "filename includes {{query.file.filenameWithoutExtension}}");
  if (q && q->filters.len == 6) {
    CHECK_STR(q->filters.items[0]->needle, "Topics/Sub/Open Topics.md");
    CHECK_STR(q->filters.items[1]->needle, "Topics/Sub/Open Topics");
    CHECK_STR(q->filters.items[2]->needle, "Topics/");
    CHECK_STR(q->filters.items[3]->needle, "Topics/Sub/");
    CHECK_STR(q->filters.items[4]->needle, "Open Topics.md");
    CHECK_STR(q->filters.items[5]->needle, "Open Topics");
  }
  loam_query_free(q);
  PARSE_FAILS("not done\nfilename includes {{query.file.fileName}}", LOAM_E_QUERY, 2, 1,
              "unknown property");
  PARSE_FAILS("path includes {{query.file.property('owner')}}", LOAM_E_QUERY, 1, 1,
              "no such property");
}

TEST(placeholders_need_a_note) {
  loam_query_ctx c = {loam_date_from_ymd(2026, 11, 25), NULL, NULL, NULL};
  loam_error err;
  const char *text = "path includes {{query.file.path}}";
  CHECK(loam_query_parse(text, strlen(text), &c, &err) == NULL);
  CHECK(strstr(err.msg, "not in a note") != NULL);
  text = "done {{! comments need no note }}\n{{preset.hide_date_fields}}";
  loam_query *q = loam_query_parse(text, strlen(text), &c, &err);
  CHECK(q != NULL);
  if (q) CHECK(q->layout.hide & LOAM_SHOW_DUE);
  loam_query_free(q);
}

TEST(presets_expand_to_their_instructions) {
  PARSE_OK(q, "preset this_folder\npreset hide_everything");
  if (q) {
    CHECK_INT(q->filters.len, 1);
    CHECK_STR(q->filters.items[0]->needle, "Topics/Sub/");
    unsigned want = LOAM_SHOW_DUE | LOAM_SHOW_SCHEDULED | LOAM_SHOW_START | LOAM_SHOW_CREATED |
                    LOAM_SHOW_DONE | LOAM_SHOW_CANCELLED | LOAM_SHOW_ID | LOAM_SHOW_PRIORITY |
                    LOAM_SHOW_DEPENDS_ON | LOAM_SHOW_RECURRENCE | LOAM_SHOW_ON_COMPLETION |
                    LOAM_SHOW_BACKLINK | LOAM_SHOW_TASK_COUNT | LOAM_SHOW_EDIT_BUTTON;
    CHECK_INT(q->layout.hide & want, want);
    CHECK(!(q->layout.hide & LOAM_SHOW_TAGS));
  }
  loam_query_free(q);
}

TEST(layout_defaults_and_last_instruction_wins) {
  PARSE_OK(q, "short mode\nshow urgency\nhide backlink\nshow backlink\nfull mode\nshow tree");
  if (q) {
    CHECK_INT(q->layout.short_mode, 0);
    CHECK(!(q->layout.hide & LOAM_SHOW_URGENCY));
    CHECK(!(q->layout.hide & LOAM_SHOW_BACKLINK));
    CHECK(q->layout.hide & LOAM_SHOW_GROUP_COUNT);
    CHECK_INT(q->layout.show_tree, 1);
  }
  loam_query_free(q);
}

TEST(limits_and_sort_keys_are_recorded) {
  PARSE_OK(q, "limit to 7 tasks\nlimit groups 2\nsort by due reverse\nsort by tag 2\n"
              "SORT BY Description");
  if (q) {
    CHECK_INT(q->limit, 7);
    CHECK_INT(q->limit_groups, 2);
    CHECK_INT(q->sorts.len, 3);
    CHECK_INT(q->sorts.items[0].key, LOAM_QSORT_DUE);
    CHECK_INT(q->sorts.items[0].reverse, 1);
    CHECK_INT(q->sorts.items[1].key, LOAM_QSORT_TAG);
    CHECK_INT(q->sorts.items[1].tag_n, 2);
    CHECK_INT(q->sorts.items[2].key, LOAM_QSORT_DESCRIPTION);
  }
  loam_query_free(q);
}

TEST(boolean_precedence_is_not_xor_and_or) {
  PARSE_OK(q, "(done) OR (has tags) AND (is recurring)");
  if (q) {
    const loam_qfilter *f = q->filters.items[0];
    CHECK_INT(f->kind, LOAM_QF_OR);
    CHECK_INT(f->n_kids, 2);
    CHECK_INT(f->kids[0]->kind, LOAM_QF_DONE);
    CHECK_INT(f->kids[1]->kind, LOAM_QF_AND);
  }
  loam_query_free(q);
  PARSE_OK(q2, "NOT (done) AND (has tags) XOR (is recurring)");
  if (q2) {
    const loam_qfilter *f = q2->filters.items[0];
    CHECK_INT(f->kind, LOAM_QF_AND);
    CHECK_INT(f->kids[0]->kind, LOAM_QF_NOT);
    CHECK_INT(f->kids[1]->kind, LOAM_QF_XOR);
  }
  loam_query_free(q2);
}

TEST(boolean_chains_flatten_like_the_plugin) {
  PARSE_OK(q, "(done) AND (has tags) AND (is recurring) AND NOT (no id)");
  if (q) {
    const loam_qfilter *f = q->filters.items[0];
    CHECK_INT(f->kind, LOAM_QF_AND);
    CHECK_INT(f->n_kids, 2);
    CHECK_INT(f->kids[0]->kind, LOAM_QF_AND);
    CHECK_INT(f->kids[0]->n_kids, 3);
    CHECK_INT(f->kids[1]->kind, LOAM_QF_NOT);
  }
  loam_query_free(q);
  PARSE_OK(q2, "(done) XOR (has tags) XOR (is recurring)");
  if (q2) {
    const loam_qfilter *f = q2->filters.items[0];
    CHECK_INT(f->kind, LOAM_QF_XOR);
    CHECK_INT(f->n_kids, 2);
    CHECK_INT(f->kids[0]->kind, LOAM_QF_XOR);
  }
  loam_query_free(q2);
}

TEST(boolean_nesting_and_every_delimiter) {
  static const char *const lines[] = {
      "((done) OR (has tags)) AND NOT ((is recurring) OR (no id))",
      "[done] OR [has tags]",
      "{done} OR {has tags}",
      "\"done\" OR \"has tags\"",
      "(done)AND(has tags)",
      "(done) OR NOT (has tags)",
      "NOT(done)",
      "NOT NOT (done)",
      "(not done)",
      "( (done) )",
      "(description includes (maybe)) OR (description includes (perhaps))",
      "[description includes (maybe)] OR [description includes (perhaps)]",
      "(tags include #context/loc1) OR (tags include #context/loc2) OR (tags include #x)",
      "(due before tomorrow) AND (due after 2026-01-01 2026-02-01)",
  };
  for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
    loam_error err;
    loam_query *q = parse(lines[i], &err);
    if (!q) TEST_FAIL_AT("'%s' failed: %s", lines[i], err.msg);
    loam_query_free(q);
  }
  PARSE_OK(q, "(description includes (maybe)) OR (description includes (perhaps))");
  if (q) {
    CHECK_STR(q->filters.items[0]->kids[0]->needle, "(maybe)");
    CHECK_STR(q->filters.items[0]->kids[1]->needle, "(perhaps)");
  }
  loam_query_free(q);
}

TEST(malformed_booleans_are_errors) {
  PARSE_FAILS("(not done) AND {is recurring}", LOAM_E_QUERY, 1, 1, "delimiter");
  PARSE_FAILS("\"not done\" AND (is recurring)", LOAM_E_QUERY, 1, 1, "delimiter");
  PARSE_FAILS("not done AND (is recurring)", LOAM_E_QUERY, 1, 1, "delimiter");
  PARSE_FAILS("(done) OR (is recurring", LOAM_E_QUERY, 1, 1, "delimiter");
  PARSE_FAILS("(done) OR ()", LOAM_E_QUERY, 1, 12, "empty filter");
  PARSE_FAILS("(done) OR (bogus)", LOAM_E_QUERY, 1, 12, "'bogus'");
  PARSE_FAILS("(done) and (not done)", LOAM_E_QUERY, 1, 2, "done) and (not done");
  PARSE_FAILS("((done) OR (has tags)", LOAM_E_QUERY, 1, 22, "expected ')'");
  PARSE_FAILS("(done) OR (has tags))", LOAM_E_QUERY, 1, 21, "unexpected ')'");
  PARSE_FAILS("(done) OR (due before nope)", LOAM_E_QUERY, 1, 23, "due date 'nope'");
}

TEST(pathological_nesting_is_bounded) {
  char buf[4096];
  size_t n = 0;
  for (int i = 0; i < 500; i++) buf[n++] = '(';
  memcpy(buf + n, "done", 4);
  n += 4;
  for (int i = 0; i < 500; i++) buf[n++] = ')';
  buf[n] = '\0';
  PARSE_FAILS(buf, LOAM_E_QUERY, 1, 101, "nested too deeply");
}

TEST(explain_shows_resolved_dates_and_logic) {
  PARSE_OK(q, "explain\nnot done\n(due before tomorrow) AND (is recurring)\nstarts after 2 years "
              "ago\ndue next week\npath regex matches /^Topics/Sub/i\ngroup by due\nsort by "
              "priority\nshort mode\nlimit 5");
  if (q) {
    const char *want =
        "Explanation of this Tasks code block query:\n"
        "\n"
        "  not done =>\n"
        "    status type is TODO or IN_PROGRESS or ON_HOLD\n"
        "\n"
        "  (due before tomorrow) AND (is recurring) =>\n"
        "    AND (All of):\n"
        "      due before tomorrow =>\n"
        "        due date is before 2026-11-26 (Thursday 26th November 2026)\n"
        "      is recurring\n"
        "\n"
        "  starts after 2 years ago =>\n"
        "    start date is after 2024-11-25 (Monday 25th November 2024) OR no start date\n"
        "\n"
        "  due next week =>\n"
        "    due date is between:\n"
        "      2026-11-30 (Monday 30th November 2026) and\n"
        "      2026-12-06 (Sunday 6th December 2026) inclusive\n"
        "\n"
        "  path regex matches /^Topics/Sub/i =>\n"
        "    using regex:     '^Topics\\/Sub' with flag 'i'\n"
        "\n"
        "  group by due\n"
        "\n"
        "  sort by priority\n"
        "\n"
        "  short mode\n"
        "\n"
        "  At most 5 tasks.\n";
    CHECK_STR(q->explanation, want);
  }
  loam_query_free(q);
}

TEST(explain_matches_the_docs_nested_example) {
  PARSE_OK(q, "explain\n"
              "(                                                 \\\n"
              "    (description includes 1) AND (description includes 2)  \\\n"
              ") OR (                                            \\\n"
              "    (description includes 5) AND (description includes 6)  \\\n"
              ")                                                 \\\n"
              "AND NOT (description includes 7)");
  if (q) {
    const char *want =
        "Explanation of this Tasks code block query:\n"
        "\n"
        "  (                                                 \\\n"
        "      (description includes 1) AND (description includes 2)  \\\n"
        "  ) OR (                                            \\\n"
        "      (description includes 5) AND (description includes 6)  \\\n"
        "  )                                                 \\\n"
        "  AND NOT (description includes 7)\n"
        "   =>\n"
        "  ( (description includes 1) AND (description includes 2) ) OR ( (description includes "
        "5) AND (description includes 6) ) AND NOT (description includes 7) =>\n"
        "    OR (At least one of):\n"
        "      AND (All of):\n"
        "        description includes 1\n"
        "        description includes 2\n"
        "      AND (All of):\n"
        "        AND (All of):\n"
        "          description includes 5\n"
        "          description includes 6\n"
        "        NOT:\n"
        "          description includes 7\n";
    CHECK_STR(q->explanation, want);
  }
  loam_query_free(q);
}

TEST(explain_shows_continuations_and_placeholders) {
  PARSE_OK(q, "explain\ndescription includes a \\\n  b\nfilename includes {{query.file.filename}}");
  if (q) {
    const char *want = "Explanation of this Tasks code block query:\n"
                       "\n"
                       "  description includes a \\\n"
                       "    b\n"
                       "   =>\n"
                       "  description includes a b\n"
                       "\n"
                       "  filename includes {{query.file.filename}} =>\n"
                       "  filename includes Open Topics.md\n";
    CHECK_STR(q->explanation, want);
  }
  loam_query_free(q);
  PARSE_OK(q2, "explain");
  if (q2)
    CHECK_STR(q2->explanation, "Explanation of this Tasks code block query:\n\n"
                               "  No filters supplied. All tasks will match the query.\n");
  loam_query_free(q2);
}

TEST(date_filter_explanations) {
  PARSE_OK(q, "due on or before 2026-W48\nscheduled in or after this month\ndue 2026-12-01\n"
              "starts in 2026-11-01 2026-11-03\nhappens after next month");
  if (q && q->filters.len == 5) {
    CHECK_STR(explain_of(q->filters.items[0]),
              "due date is on or before 2026-11-29 (Sunday 29th November 2026)");
    CHECK_STR(explain_of(q->filters.items[1]),
              "scheduled date is on or after 2026-11-01 (Sunday 1st November 2026)");
    CHECK_STR(explain_of(q->filters.items[2]),
              "due date is on 2026-12-01 (Tuesday 1st December 2026)");
    CHECK_STR(explain_of(q->filters.items[3]),
              "start date is between:\n  2026-11-01 (Sunday 1st November 2026) and\n"
              "  2026-11-03 (Tuesday 3rd November 2026) inclusive\n  OR no start date");
    CHECK_STR(explain_of(q->filters.items[4]),
              "due, start or scheduled date is after 2026-12-31 (Thursday 31st December 2026)");
  }
  loam_query_free(q);
}

TEST(keywords_are_case_insensitive_operators_are_not) {
  PARSE_OK(q, "NOT DONE\nDescription Includes X\nTAGS INCLUDE #a\nDue Before Tomorrow\n"
              "Group By Filename\nHIDE DUE DATE\nLIMIT 3");
  if (q) CHECK_INT(q->filters.len, 4);
  loam_query_free(q);
  PARSE_FAILS("(done) Or (has tags)", LOAM_E_QUERY, 1, 2, "done) Or (has tags");
}

TEST(crlf_and_empty_queries) {
  PARSE_OK(q, "not done\r\nsort by due\r\n");
  if (q) {
    CHECK_INT(q->filters.len, 1);
    CHECK_INT(q->sorts.len, 1);
  }
  loam_query_free(q);
  PARSE_OK(q2, "");
  if (q2) CHECK_INT(q2->filters.len, 0);
  loam_query_free(q2);
}

int main(void) {
  RUN(every_issue_two_instruction_parses);
  RUN(the_full_language_parses);
  RUN(unknown_instruction_names_line_and_expectation);
  RUN(field_errors_point_at_what_is_wrong);
  RUN(sort_group_limit_and_layout_errors);
  RUN(functions_are_unsupported_not_silently_ignored);
  RUN(regex_errors_and_javascript_only_syntax);
  RUN(line_continuation_joins_with_one_space);
  RUN(double_backslash_is_a_literal_backslash);
  RUN(errors_in_continued_lines_point_at_the_right_line);
  RUN(comments_and_blank_lines_are_ignored);
  RUN(placeholders_expand_from_the_query_note);
  RUN(placeholders_need_a_note);
  RUN(presets_expand_to_their_instructions);
  RUN(layout_defaults_and_last_instruction_wins);
  RUN(limits_and_sort_keys_are_recorded);
  RUN(boolean_precedence_is_not_xor_and_or);
  RUN(boolean_chains_flatten_like_the_plugin);
  RUN(boolean_nesting_and_every_delimiter);
  RUN(malformed_booleans_are_errors);
  RUN(pathological_nesting_is_bounded);
  RUN(explain_shows_resolved_dates_and_logic);
  RUN(explain_matches_the_docs_nested_example);
  RUN(explain_shows_continuations_and_placeholders);
  RUN(date_filter_explanations);
  RUN(keywords_are_case_insensitive_operators_are_not);
  RUN(crlf_and_empty_queries);
  return test_report();
}
