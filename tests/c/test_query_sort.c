/*
 * test_query_sort.c: the pure pieces under sorting and grouping: text
 * collation (numbers by value, case and accents as tie-breaks) and the
 * urgency score. Today is Wednesday 2026-11-25.
 */
#include "../../helper/query/internal.h"
#include "test.h"

static int cmp(const char *a, const char *b) {
  int r = loam_qtext_collate(a, strlen(a), b, strlen(b));
  return r < 0 ? -1 : r > 0;
}

static loam_date day(int m, int d) { return loam_date_from_ymd(2026, m, d); }

static loam_task task(loam_priority p, loam_date due, loam_date scheduled, loam_date start) {
  loam_task t;
  memset(&t, 0, sizeof(t));
  t.priority = p;
  t.due = due;
  t.scheduled = scheduled;
  t.start = start;
  t.created = t.done = t.cancelled = LOAM_DATE_NONE;
  return t;
}

TEST(numbers_sort_by_value) {
  CHECK_INT(cmp("Note 2", "Note 10"), -1);
  CHECK_INT(cmp("Note 10", "Note 9"), 1);
  CHECK_INT(cmp("v1.10", "v1.9"), 1);
  CHECK_INT(cmp("a007", "a7"), -1); /* equal value: the tie-break is by bytes */
  CHECK_INT(cmp("2026-11-04 - Planning", "2026-11-18 - Storage"), -1);
  CHECK_INT(cmp("99999999999999999999999", "100000000000000000000000"), -1);
}

TEST(case_and_accents_only_break_ties) {
  CHECK_INT(cmp("apple", "Banana"), -1);
  CHECK_INT(cmp("Apple", "banana"), -1);
  CHECK_INT(cmp("apple", "Apple"), -1); /* lower case first, as ICU */
  CHECK_INT(cmp("resume", "résumé"), -1);
  CHECK_INT(cmp("résumé", "resumf"), -1);
  CHECK_INT(cmp("Ærø", "Aero"), 1);
  CHECK_INT(cmp("Søren", "Soren"), 1);
  CHECK_INT(cmp("Søren", "Sorf"), -1);
  CHECK_INT(cmp("same", "same"), 0);
}

TEST(punctuation_before_digits_before_letters) {
  CHECK_INT(cmp("(No tags)", "#work"), -1);
  CHECK_INT(cmp("#work", "2026"), -1);
  CHECK_INT(cmp("2026", "No due date"), -1);
  CHECK_INT(cmp("%%0%% Invalid", "2026-11-25"), -1);
  CHECK_INT(cmp("a b", "ab"), -1);
  CHECK_INT(cmp("", "a"), -1);
}

TEST(urgency_follows_the_plugin_table) {
  loam_date today = day(11, 25);
  loam_task t = task(LOAM_PRIO_NONE, LOAM_DATE_NONE, LOAM_DATE_NONE, LOAM_DATE_NONE);
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 1950);
  t = task(LOAM_PRIO_HIGHEST, LOAM_DATE_NONE, LOAM_DATE_NONE, LOAM_DATE_NONE);
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 9000);
  t = task(LOAM_PRIO_LOWEST, LOAM_DATE_NONE, LOAM_DATE_NONE, LOAM_DATE_NONE);
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 - 0.5), -1800);
  t = task(LOAM_PRIO_LOW, day(11, 25), LOAM_DATE_NONE, LOAM_DATE_NONE); /* due today: 8.8 */
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 8800);
  t = task(LOAM_PRIO_LOW, day(11, 18), LOAM_DATE_NONE, LOAM_DATE_NONE); /* a week overdue */
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 12000);
  t = task(LOAM_PRIO_LOW, day(12, 9), LOAM_DATE_NONE, LOAM_DATE_NONE); /* two weeks ahead */
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 2400);
  t = task(LOAM_PRIO_LOW, day(12, 31), LOAM_DATE_NONE, LOAM_DATE_NONE);
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 2400);
  t = task(LOAM_PRIO_LOW, LOAM_DATE_INVALID, day(11, 25), day(11, 26));
  CHECK_INT((int)(loam_qtask_urgency(&t, today) * 1000 + 0.5), 2000); /* +5 scheduled, -3 start */
}

int main(void) {
  RUN(numbers_sort_by_value);
  RUN(case_and_accents_only_break_ties);
  RUN(punctuation_before_digits_before_letters);
  RUN(urgency_follows_the_plugin_table);
  return test_report();
}
