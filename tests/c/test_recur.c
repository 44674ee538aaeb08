/*
 * test_recur.c: recurrence rules, their normalised text and next dates.
 *
 * Each row is a rule and a task's due, scheduled and start dates completed
 * on `today`, with the text and next dates the Obsidian Tasks plugin
 * (8.3.0, rrule 2.8.1) gives: recorded by running the plugin's own
 * Recurrence class on the same input (see tests/conformance/README.md),
 * and spot-checked by hand against a calendar (every month from Jan 31 is
 * Feb 28; every month on the 31st skips to Mar 31; the last Friday of
 * December 2026 is the 25th...). "NULL" means the plugin does not read
 * the rule as recurring; "NONE" that it has no next occurrence.
 */
#include <stdio.h>
#include <string.h>

#include "../../helper/task/recur.h"
#include "test.h"

static const struct {
  const char *rule, *due, *scheduled, *start, *today;
  const char *text, *next_due, *next_scheduled, *next_start;
} S_cases[] = {
    {"every 10 days when done", "2026-11-25", "", "", "2026-11-25", "every 10 days when done",
     "2026-12-05", "", ""},
    {"every 10 days when done", "2022-01-31", "", "", "2026-11-25", "every 10 days when done",
     "2026-12-05", "", ""},
    {"every 10 days when done", "", "", "", "2026-11-25", "every 10 days when done", "", "", ""},
    {"every weekday", "2026-11-25", "", "", "2026-11-25", "every weekday", "2026-11-26", "", ""},
    {"every weekday", "2022-01-31", "", "", "2026-11-25", "every weekday", "2022-02-01", "", ""},
    {"every weekday", "", "", "", "2026-11-25", "every weekday", "", "", ""},
    {"every week on Sunday", "2026-11-25", "", "", "2026-11-25", "every week on Sunday",
     "2026-11-29", "", ""},
    {"every week on Sunday", "2022-01-31", "", "", "2026-11-25", "every week on Sunday",
     "2022-02-06", "", ""},
    {"every week on Sunday", "2024-02-29", "", "", "2026-11-25", "every week on Sunday",
     "2024-03-03", "", ""},
    {"every week on Sunday", "2026-12-31", "", "", "2026-11-25", "every week on Sunday",
     "2027-01-03", "", ""},
    {"every week on Sunday", "", "", "", "2026-11-25", "every week on Sunday", "", "", ""},
    {"every week on Sunday", "2026-11-30", "2026-11-28", "2026-11-27", "2026-11-25",
     "every week on Sunday", "2026-12-06", "2026-12-04", "2026-12-03"},
    {"every week on Sunday", "2026-02-30", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every week on Sunday", "2026-11-30", "", "2026-02-30", "2026-11-25", "every week on Sunday",
     "2026-12-06", "", "2026-12-06"},
    {"every Sunday", "2026-11-25", "", "", "2026-11-25", "every week on Sunday", "2026-11-29", "",
     ""},
    {"every Sunday", "2022-01-31", "", "", "2026-11-25", "every week on Sunday", "2022-02-06", "",
     ""},
    {"every Sunday", "", "", "", "2026-11-25", "every week on Sunday", "", "", ""},
    {"every week on Tuesday, Friday", "2026-11-25", "", "", "2026-11-25",
     "every week on Tuesday, Friday", "2026-11-27", "", ""},
    {"every week on Tuesday, Friday", "2022-01-31", "", "", "2026-11-25",
     "every week on Tuesday, Friday", "2022-02-01", "", ""},
    {"every week on Tuesday, Friday", "", "", "", "2026-11-25", "every week on Tuesday, Friday", "",
     "", ""},
    {"every 2 weeks", "2026-11-25", "", "", "2026-11-25", "every 2 weeks", "2026-12-09", "", ""},
    {"every 2 weeks", "2022-01-31", "", "", "2026-11-25", "every 2 weeks", "2022-02-14", "", ""},
    {"every 2 weeks", "", "", "", "2026-11-25", "every 2 weeks", "", "", ""},
    {"every 3 weeks on Friday", "2026-11-25", "", "", "2026-11-25", "every 3 weeks on Friday",
     "2026-11-27", "", ""},
    {"every 3 weeks on Friday", "2022-01-31", "", "", "2026-11-25", "every 3 weeks on Friday",
     "2022-02-04", "", ""},
    {"every 3 weeks on Friday", "", "", "", "2026-11-25", "every 3 weeks on Friday", "", "", ""},
    {"every 2 months", "2026-11-25", "", "", "2026-11-25", "every 2 months", "2027-01-25", "", ""},
    {"every 2 months", "2022-01-31", "", "", "2026-11-25", "every 2 months", "2022-03-31", "", ""},
    {"every 2 months", "2024-02-29", "", "", "2026-11-25", "every 2 months", "2024-04-29", "", ""},
    {"every 2 months", "2026-12-31", "", "", "2026-11-25", "every 2 months", "2027-02-28", "", ""},
    {"every 2 months", "", "", "", "2026-11-25", "every 2 months", "", "", ""},
    {"every 2 months", "2026-11-30", "2026-11-28", "2026-11-27", "2026-11-25", "every 2 months",
     "2027-01-30", "2027-01-28", "2027-01-27"},
    {"every 2 months", "2026-02-30", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every 2 months", "2026-11-30", "", "2026-02-30", "2026-11-25", "every 2 months", "2027-01-30",
     "", "2027-01-30"},
    {"every month", "2026-11-25", "", "", "2026-11-25", "every month", "2026-12-25", "", ""},
    {"every month", "2022-01-31", "", "", "2026-11-25", "every month", "2022-02-28", "", ""},
    {"every month", "2024-02-29", "", "", "2026-11-25", "every month", "2024-03-29", "", ""},
    {"every month", "2026-12-31", "", "", "2026-11-25", "every month", "2027-01-31", "", ""},
    {"every month", "", "", "", "2026-11-25", "every month", "", "", ""},
    {"every month", "2026-11-30", "2026-11-28", "2026-11-27", "2026-11-25", "every month",
     "2026-12-30", "2026-12-28", "2026-12-27"},
    {"every month", "2026-02-30", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every month", "2026-11-30", "", "2026-02-30", "2026-11-25", "every month", "2026-12-30", "",
     "2026-12-30"},
    {"every 3 months", "2026-11-25", "", "", "2026-11-25", "every 3 months", "2027-02-25", "", ""},
    {"every 3 months", "2022-01-31", "", "", "2026-11-25", "every 3 months", "2022-04-30", "", ""},
    {"every 3 months", "", "", "", "2026-11-25", "every 3 months", "", "", ""},
    {"every month on the 1st", "2026-11-25", "", "", "2026-11-25", "every month on the 1st",
     "2026-12-01", "", ""},
    {"every month on the 1st", "2022-01-31", "", "", "2026-11-25", "every month on the 1st",
     "2022-02-01", "", ""},
    {"every month on the 1st", "", "", "", "2026-11-25", "every month on the 1st", "", "", ""},
    {"every month on the last", "2026-11-25", "", "", "2026-11-25", "every month on the last",
     "2026-11-30", "", ""},
    {"every month on the last", "2022-01-31", "", "", "2026-11-25", "every month on the last",
     "2022-02-28", "", ""},
    {"every month on the last", "", "", "", "2026-11-25", "every month on the last", "", "", ""},
    {"every month on the last Friday", "2026-11-25", "", "", "2026-11-25",
     "every month on the last Friday", "2026-11-27", "", ""},
    {"every month on the last Friday", "2022-01-31", "", "", "2026-11-25",
     "every month on the last Friday", "2022-02-25", "", ""},
    {"every month on the last Friday", "", "", "", "2026-11-25", "every month on the last Friday",
     "", "", ""},
    {"every month on the 2nd last Friday", "2026-11-25", "", "", "2026-11-25",
     "every month on the 2nd last Friday", "2026-12-18", "", ""},
    {"every month on the 2nd last Friday", "2022-01-31", "", "", "2026-11-25",
     "every month on the 2nd last Friday", "2022-02-18", "", ""},
    {"every month on the 2nd last Friday", "", "", "", "2026-11-25",
     "every month on the 2nd last Friday", "", "", ""},
    {"every 6 months on the 2nd Wednesday", "2026-11-25", "", "", "2026-11-25",
     "every 6 months on the 2nd Wednesday", "2027-05-12", "", ""},
    {"every 6 months on the 2nd Wednesday", "2022-01-31", "", "", "2026-11-25",
     "every 6 months on the 2nd Wednesday", "2022-07-13", "", ""},
    {"every 6 months on the 2nd Wednesday", "", "", "", "2026-11-25",
     "every 6 months on the 2nd Wednesday", "", "", ""},
    {"every January on the 15th", "2026-11-25", "", "", "2026-11-25", "every January on the 15th",
     "2027-01-15", "", ""},
    {"every January on the 15th", "2022-01-31", "", "", "2026-11-25", "every January on the 15th",
     "2023-01-15", "", ""},
    {"every January on the 15th", "", "", "", "2026-11-25", "every January on the 15th", "", "",
     ""},
    {"every February on the last", "2026-11-25", "", "", "2026-11-25", "every February on the last",
     "2027-02-28", "", ""},
    {"every February on the last", "2022-01-31", "", "", "2026-11-25", "every February on the last",
     "2022-02-28", "", ""},
    {"every February on the last", "", "", "", "2026-11-25", "every February on the last", "", "",
     ""},
    {"every April and December on the 1st and 24th", "2026-11-25", "", "", "2026-11-25",
     "every April and December on the 1st and 24th", "2026-12-01", "", ""},
    {"every April and December on the 1st and 24th", "2022-01-31", "", "", "2026-11-25",
     "every April and December on the 1st and 24th", "2022-04-01", "", ""},
    {"every April and December on the 1st and 24th", "", "", "", "2026-11-25",
     "every April and December on the 1st and 24th", "", "", ""},
    {"every year", "2026-11-25", "", "", "2026-11-25", "every year", "2027-11-25", "", ""},
    {"every year", "2022-01-31", "", "", "2026-11-25", "every year", "2023-01-31", "", ""},
    {"every year", "2024-02-29", "", "", "2026-11-25", "every year", "2025-02-28", "", ""},
    {"every year", "2026-12-31", "", "", "2026-11-25", "every year", "2027-12-31", "", ""},
    {"every year", "", "", "", "2026-11-25", "every year", "", "", ""},
    {"every year", "2026-11-30", "2026-11-28", "2026-11-27", "2026-11-25", "every year",
     "2027-11-30", "2027-11-28", "2027-11-27"},
    {"every year", "2026-02-30", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every year", "2026-11-30", "", "2026-02-30", "2026-11-25", "every year", "2027-11-30", "",
     "2027-11-30"},
    {"every month on the 31st", "2026-11-25", "", "", "2026-11-25", "every month on the 31st",
     "2026-12-31", "", ""},
    {"every month on the 31st", "2022-01-31", "", "", "2026-11-25", "every month on the 31st",
     "2022-03-31", "", ""},
    {"every month on the 31st", "2024-02-29", "", "", "2026-11-25", "every month on the 31st",
     "2024-03-31", "", ""},
    {"every month on the 31st", "2026-12-31", "", "", "2026-11-25", "every month on the 31st",
     "2027-01-31", "", ""},
    {"every month on the 31st", "", "", "", "2026-11-25", "every month on the 31st", "", "", ""},
    {"every month on the 31st", "2026-11-30", "2026-11-28", "2026-11-27", "2026-11-25",
     "every month on the 31st", "2026-12-31", "2026-12-29", "2026-12-28"},
    {"every month on the 31st", "2026-02-30", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every month on the 31st", "2026-11-30", "", "2026-02-30", "2026-11-25",
     "every month on the 31st", "2026-12-31", "", "2026-12-31"},
    {"every month on the 31st, 15th, 5th", "2026-11-25", "", "", "2026-11-25",
     "every month on the 5th, 15th and 31st", "2026-12-05", "", ""},
    {"every month on the 31st, 15th, 5th", "2022-01-31", "", "", "2026-11-25",
     "every month on the 5th, 15th and 31st", "2022-02-05", "", ""},
    {"every month on the 31st, 15th, 5th", "", "", "", "2026-11-25",
     "every month on the 5th, 15th and 31st", "", "", ""},
    {"every month when done", "2026-11-25", "", "", "2026-11-25", "every month when done",
     "2026-12-25", "", ""},
    {"every month when done", "2022-01-31", "", "", "2026-11-25", "every month when done",
     "2026-12-25", "", ""},
    {"every month when done", "", "", "", "2026-11-25", "every month when done", "", "", ""},
    {"Every Week On Sunday", "2026-11-25", "", "", "2026-11-25", "every week on Sunday",
     "2026-11-29", "", ""},
    {"Every Week On Sunday", "2022-01-31", "", "", "2026-11-25", "every week on Sunday",
     "2022-02-06", "", ""},
    {"Every Week On Sunday", "", "", "", "2026-11-25", "every week on Sunday", "", "", ""},
    {"every 2 weeks on mon, wed", "2026-11-25", "", "", "2026-11-25",
     "every 2 weeks on Monday, Wednesday", "2026-12-07", "", ""},
    {"every 2 weeks on mon, wed", "2022-01-31", "", "", "2026-11-25",
     "every 2 weeks on Monday, Wednesday", "2022-02-02", "", ""},
    {"every 2 weeks on mon, wed", "", "", "", "2026-11-25", "every 2 weeks on Monday, Wednesday",
     "", "", ""},
    {"every month on weekdays", "2026-11-25", "", "", "2026-11-25", "every month on weekdays",
     "2026-11-26", "", ""},
    {"every month on weekdays", "2022-01-31", "", "", "2026-11-25", "every month on weekdays",
     "2022-02-01", "", ""},
    {"every month on weekdays", "", "", "", "2026-11-25", "every month on weekdays", "", "", ""},
    {"every day at 10", "2026-11-25", "", "", "2026-11-25", "every day at 10", "2026-11-26", "",
     ""},
    {"every day at 10", "2022-01-31", "", "", "2026-11-25", "every day at 10", "2022-02-01", "",
     ""},
    {"every day at 10", "", "", "", "2026-11-25", "every day at 10", "", "", ""},
    {"every day for 3 times", "2026-11-25", "", "", "2026-11-25", "every day for 3 times",
     "2026-11-26", "", ""},
    {"every day for 3 times", "2022-01-31", "", "", "2026-11-25", "every day for 3 times",
     "2022-02-01", "", ""},
    {"every day for 3 times", "", "", "", "2026-11-25", "every day for 3 times", "", "", ""},
    {"every day until 2027", "2026-11-25", "", "", "2026-11-25", "every day until January 1, 2027",
     "2026-11-26", "", ""},
    {"every day until 2027", "2022-01-31", "", "", "2026-11-25", "every day until January 1, 2027",
     "2022-02-01", "", ""},
    {"every day until 2027", "", "", "", "2026-11-25", "every day until January 1, 2027", "", "",
     ""},
    {"every two weeks", "2026-11-25", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every two weeks", "2022-01-31", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every two weeks", "", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every", "2026-11-25", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every", "2022-01-31", "", "", "2026-11-25", "NULL", "", "", ""},
    {"every", "", "", "", "2026-11-25", "NULL", "", "", ""},
    {"everyday", "2026-11-25", "", "", "2026-11-25", "every day", "2026-11-26", "", ""},
    {"everyday", "2022-01-31", "", "", "2026-11-25", "every day", "2022-02-01", "", ""},
    {"everyday", "", "", "", "2026-11-25", "every day", "", "", ""},
    {"every 101 days", "2026-11-25", "", "", "2026-11-25", "every 101 day", "2027-03-06", "", ""},
    {"every 101 days", "2022-01-31", "", "", "2026-11-25", "every 101 day", "2022-05-12", "", ""},
    {"every 101 days", "", "", "", "2026-11-25", "every 101 day", "", "", ""},
    {"every 3 years in March", "2026-11-25", "", "", "2026-11-25", "every 3 years March",
     "2029-03-25", "", ""},
    {"every 3 years in March", "2022-01-31", "", "", "2026-11-25", "every 3 years March",
     "2022-03-31", "", ""},
    {"every 3 years in March", "", "", "", "2026-11-25", "every 3 years March", "", "", ""},
    {"every hour", "2026-11-25", "", "", "2026-11-25", "every hour", "2026-11-26", "", ""},
    {"every hour", "2022-01-31", "", "", "2026-11-25", "every hour", "2022-02-01", "", ""},
    {"every hour", "", "", "", "2026-11-25", "every hour", "", "", ""},
    {"every November on the 4th Thursday", "2026-11-25", "", "", "2026-11-25",
     "every November on the 4th Thursday", "2026-11-26", "", ""},
    {"every November on the 4th Thursday", "2022-01-31", "", "", "2026-11-25",
     "every November on the 4th Thursday", "2022-11-24", "", ""},
    {"every November on the 4th Thursday", "", "", "", "2026-11-25",
     "every November on the 4th Thursday", "", "", ""},
    {"every weekend", "2026-11-25", "", "", "2026-11-25", "every week", "2026-12-02", "", ""},
    {"every weekend", "2022-01-31", "", "", "2026-11-25", "every week", "2022-02-07", "", ""},
    {"every weekend", "", "", "", "2026-11-25", "every week", "", "", ""},
    {"every 4 years", "2026-11-25", "", "", "2026-11-25", "every 4 years", "2030-11-25", "", ""},
    {"every 4 years", "2022-01-31", "", "", "2026-11-25", "every 4 years", "2026-01-31", "", ""},
    {"every 4 years", "", "", "", "2026-11-25", "every 4 years", "", "", ""},
    {"every year on week 10", "2026-11-25", "", "", "2026-11-25", "every year in week 10",
     "2027-03-08", "", ""},
    {"every year on week 10", "2022-01-31", "", "", "2026-11-25", "every year in week 10",
     "2022-03-07", "", ""},
    {"every year on week 10", "", "", "", "2026-11-25", "every year in week 10", "", "", ""},
    {"every 2 months on the 31st", "2026-11-25", "", "", "2026-11-25", "every 2 months on the 31st",
     "2027-01-31", "", ""},
    {"every 2 months on the 31st", "2022-01-31", "", "", "2026-11-25", "every 2 months on the 31st",
     "2022-03-31", "", ""},
    {"every 2 months on the 31st", "", "", "", "2026-11-25", "every 2 months on the 31st", "", "",
     ""},
    {"every Sunday on the 1st", "2026-11-25", "", "", "2026-11-25", "every week on Sunday the 1st",
     "2027-08-01", "", ""},
    {"every Sunday on the 1st", "2022-01-31", "", "", "2026-11-25", "every week on Sunday the 1st",
     "2022-05-01", "", ""},
    {"every Sunday on the 1st", "", "", "", "2026-11-25", "every week on Sunday the 1st", "", "",
     ""},
    {"every week foo", "2026-11-25", "", "", "2026-11-25", "every week", "2026-12-02", "", ""},
    {"every week foo", "2022-01-31", "", "", "2026-11-25", "every week", "2022-02-07", "", ""},
    {"every week foo", "", "", "", "2026-11-25", "every week", "", "", ""},
};

static loam_date S_date(const char *s) {
  return *s ? loam_date_parse_iso(s, strlen(s)) : LOAM_DATE_NONE;
}

static void S_fmt(loam_date d, char out[16]) {
  if (d == LOAM_DATE_NONE)
    out[0] = '\0';
  else if (d == LOAM_DATE_INVALID)
    strcpy(out, "INVALID");
  else
    loam_date_format(d, out);
}

TEST(rules_read_write_and_move_as_the_plugin_does) {
  for (size_t i = 0; i < sizeof(S_cases) / sizeof(S_cases[0]); i++) {
    loam_recur_dates cur = {S_date(S_cases[i].start), S_date(S_cases[i].scheduled),
                            S_date(S_cases[i].due)};
    char norm[256];
    int recurring = loam_recur_of_task(S_cases[i].rule, &cur, norm, sizeof(norm));
    if (strcmp(S_cases[i].text, "NULL") == 0) {
      if (recurring) TEST_FAIL_AT("case %zu '%s': read as '%s'", i, S_cases[i].rule, norm);
      continue;
    }
    if (!recurring) {
      TEST_FAIL_AT("case %zu '%s': not read as a rule", i, S_cases[i].rule);
      continue;
    }
    if (strcmp(norm, S_cases[i].text) != 0)
      TEST_FAIL_AT("case %zu '%s': text '%s', expected '%s'", i, S_cases[i].rule, norm,
                   S_cases[i].text);
    loam_recur r;
    CHECK(loam_recur_parse(S_cases[i].rule, strlen(S_cases[i].rule), &r));
    loam_recur_dates next;
    char due[16] = "NONE", sch[16] = "", start[16] = "";
    if (loam_recur_next_dates(&r, &cur, S_date(S_cases[i].today), 0, &next)) {
      S_fmt(next.due, due);
      S_fmt(next.scheduled, sch);
      S_fmt(next.start, start);
    }
    if (strcmp(due, S_cases[i].next_due) || strcmp(sch, S_cases[i].next_scheduled) ||
        strcmp(start, S_cases[i].next_start))
      TEST_FAIL_AT("case %zu '%s' from %s|%s|%s: got %s|%s|%s, expected %s|%s|%s", i,
                   S_cases[i].rule, S_cases[i].due, S_cases[i].scheduled, S_cases[i].start, due,
                   sch, start, S_cases[i].next_due, S_cases[i].next_scheduled,
                   S_cases[i].next_start);
  }
}

TEST(month_end_moves_earlier_but_on_the_31st_skips) {
  loam_recur r;
  loam_date jan31 = loam_date_from_ymd(2022, 1, 31);
  CHECK(loam_recur_parse("every month", 11, &r));
  CHECK_INT(loam_recur_after(&r, jan31, jan31), loam_date_from_ymd(2022, 2, 28));
  CHECK(loam_recur_parse("every month on the 31st", 23, &r));
  CHECK_INT(loam_recur_after(&r, jan31, jan31), loam_date_from_ymd(2022, 3, 31));
  loam_date leap = loam_date_from_ymd(2024, 2, 29);
  CHECK(loam_recur_parse("every year", 10, &r));
  CHECK_INT(loam_recur_after(&r, leap, leap), loam_date_from_ymd(2025, 2, 28));
}

TEST(remove_scheduled_date_uses_start_before_scheduled) {
  loam_recur r;
  CHECK(loam_recur_parse("every week", 10, &r));
  loam_recur_dates cur = {loam_date_from_ymd(2026, 11, 27), loam_date_from_ymd(2026, 11, 28),
                          LOAM_DATE_NONE};
  loam_recur_dates next;
  CHECK(loam_recur_next_dates(&r, &cur, loam_date_from_ymd(2026, 11, 25), 1, &next));
  CHECK_INT(next.start, loam_date_from_ymd(2026, 12, 4));
  CHECK_INT(next.scheduled, LOAM_DATE_NONE);
  CHECK_INT(next.due, LOAM_DATE_NONE);
}

TEST(a_rule_with_no_further_date_has_no_next_occurrence) {
  loam_recur r;
  CHECK(loam_recur_parse("every February on the 30th", 26, &r));
  loam_recur_dates cur = {LOAM_DATE_NONE, LOAM_DATE_NONE, loam_date_from_ymd(2026, 11, 25)};
  loam_recur_dates next;
  CHECK(!loam_recur_next_dates(&r, &cur, loam_date_from_ymd(2026, 11, 25), 0, &next));
}

TEST(text_outside_the_rule_alphabet_is_not_a_rule) {
  loam_recur r;
  CHECK(!loam_recur_parse("every week; on Monday", 21, &r));
  CHECK(!loam_recur_parse("", 0, &r));
  CHECK(!loam_recur_parse("when done", 9, &r));
  char huge[600];
  memset(huge, 'x', sizeof(huge));
  memcpy(huge, "every day ", 10);
  CHECK(loam_recur_parse(huge, sizeof(huge), &r)); /* trailing text matching no token ends it */
  char text[64];
  loam_recur_text(&r, text, sizeof(text));
  CHECK_STR(text, "every day");
}

int main(void) {
  RUN(rules_read_write_and_move_as_the_plugin_does);
  RUN(month_end_moves_earlier_but_on_the_31st_skips);
  RUN(remove_scheduled_date_uses_start_before_scheduled);
  RUN(a_rule_with_no_further_date_has_no_next_occurrence);
  RUN(text_outside_the_rule_alphabet_is_not_a_rule);
  return test_report();
}
