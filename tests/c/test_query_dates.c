/*
 * test_query_dates.c: dates and date ranges inside filters, relative to a
 * fixed today, Wednesday 2026-11-25.
 */
#include "../../helper/query/internal.h"
#include "test.h"

static loam_date today(void) { return loam_date_from_ymd(2026, 11, 25); }

/* The date s means, as YYYY-MM-DD, or "error". */
static const char *date_of(const char *s) {
  static char buf[11];
  loam_date d;
  if (!loam_qdate_parse(s, strlen(s), today(), &d)) return "error";
  loam_date_format(d, buf);
  return buf;
}

/* The range s means, as "YYYY-MM-DD..YYYY-MM-DD", or "error". */
static const char *range_of(const char *s) {
  static char buf[32];
  loam_date lo, hi;
  if (!loam_qdate_parse_range(s, strlen(s), today(), &lo, &hi)) return "error";
  char a[11], b[11];
  loam_date_format(lo, a);
  loam_date_format(hi, b);
  snprintf(buf, sizeof(buf), "%s..%s", a, b);
  return buf;
}

TEST(today_tomorrow_yesterday_and_iso) {
  CHECK_STR(date_of("today"), "2026-11-25");
  CHECK_STR(date_of("Tomorrow"), "2026-11-26");
  CHECK_STR(date_of("yesterday"), "2026-11-24");
  CHECK_STR(date_of("  2026-02-28 "), "2026-02-28");
  CHECK_STR(date_of("2024-02-29"), "2024-02-29");
}

TEST(a_bare_weekday_is_the_closest_one) {
  CHECK_STR(date_of("wednesday"), "2026-11-25");
  CHECK_STR(date_of("tuesday"), "2026-11-24");
  CHECK_STR(date_of("monday"), "2026-11-23");
  CHECK_STR(date_of("sunday"), "2026-11-22");
  CHECK_STR(date_of("saturday"), "2026-11-28");
  CHECK_STR(date_of("Thu"), "2026-11-26");
}

TEST(next_last_and_this_weekday) {
  CHECK_STR(date_of("next monday"), "2026-11-30");
  CHECK_STR(date_of("next friday"), "2026-12-04");
  CHECK_STR(date_of("next wednesday"), "2026-12-02");
  CHECK_STR(date_of("last friday"), "2026-11-20");
  CHECK_STR(date_of("last tuesday"), "2026-11-24");
  CHECK_STR(date_of("last wednesday"), "2026-11-18");
  CHECK_STR(date_of("this friday"), "2026-11-27");
  CHECK_STR(date_of("this monday"), "2026-11-23");
}

TEST(counted_offsets) {
  CHECK_STR(date_of("in 3 days"), "2026-11-28");
  CHECK_STR(date_of("in two weeks"), "2026-12-09");
  CHECK_STR(date_of("in a week"), "2026-12-02");
  CHECK_STR(date_of("14 days ago"), "2026-11-11");
  CHECK_STR(date_of("2 years ago"), "2024-11-25");
  CHECK_STR(date_of("3 months from now"), "2027-02-25");
  CHECK_STR(date_of("in 1 month"), "2026-12-25");
}

TEST(months_clamp_to_the_last_day) {
  loam_date d;
  CHECK(loam_qdate_parse("in 1 month", 10, loam_date_from_ymd(2026, 1, 31), &d));
  char buf[11];
  loam_date_format(d, buf);
  CHECK_STR(buf, "2026-02-28");
}

TEST(written_calendar_dates_use_the_current_year) {
  CHECK_STR(date_of("14 October"), "2026-10-14");
  CHECK_STR(date_of("October 14"), "2026-10-14");
  CHECK_STR(date_of("May"), "2026-05-01");
  CHECK_STR(date_of("25th May 2023"), "2023-05-25");
  CHECK_STR(date_of("1st of March"), "2026-03-01");
  CHECK_STR(date_of("Dec 3, 2027"), "2027-12-03");
  CHECK_STR(date_of("June 2027"), "2027-06-01");
}

TEST(nonsense_is_not_a_date) {
  CHECK_STR(date_of(""), "error");
  CHECK_STR(date_of("someday"), "error");
  CHECK_STR(date_of("2026-02-30"), "error");
  CHECK_STR(date_of("2026-11-25 and more"), "error");
  CHECK_STR(date_of("30 February"), "error");
  CHECK_STR(date_of("in x days"), "error");
  CHECK_STR(date_of("two weeks"), "error");
  CHECK_STR(date_of("next week"), "error");
  CHECK_STR(date_of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "error");
  CHECK_STR(date_of("a b c d e f g h i j k"), "error");
}

TEST(relative_ranges_use_iso_weeks) {
  CHECK_STR(range_of("this week"), "2026-11-23..2026-11-29");
  CHECK_STR(range_of("last week"), "2026-11-16..2026-11-22");
  CHECK_STR(range_of("next week"), "2026-11-30..2026-12-06");
  CHECK_STR(range_of("this month"), "2026-11-01..2026-11-30");
  CHECK_STR(range_of("next month"), "2026-12-01..2026-12-31");
  CHECK_STR(range_of("last month"), "2026-10-01..2026-10-31");
  CHECK_STR(range_of("this quarter"), "2026-10-01..2026-12-31");
  CHECK_STR(range_of("next quarter"), "2027-01-01..2027-03-31");
  CHECK_STR(range_of("last quarter"), "2026-07-01..2026-09-30");
  CHECK_STR(range_of("this year"), "2026-01-01..2026-12-31");
  CHECK_STR(range_of("Next Year"), "2027-01-01..2027-12-31");
}

TEST(numbered_ranges) {
  CHECK_STR(range_of("2026-W48"), "2026-11-23..2026-11-29");
  CHECK_STR(range_of("2026-W01"), "2025-12-29..2026-01-04");
  CHECK_STR(range_of("2026-W53"), "2026-12-28..2027-01-03"); /* 2026 has 53 ISO weeks */
  CHECK_STR(range_of("2025-W53"), "error");
  CHECK_STR(range_of("2026-W00"), "error");
  CHECK_STR(range_of("2020-W53"), "2020-12-28..2021-01-03");
  CHECK_STR(range_of("2026-Q4"), "2026-10-01..2026-12-31");
  CHECK_STR(range_of("2026-Q1"), "2026-01-01..2026-03-31");
  CHECK_STR(range_of("2026-11"), "2026-11-01..2026-11-30");
  CHECK_STR(range_of("2024-02"), "2024-02-01..2024-02-29");
  CHECK_STR(range_of("2026-13"), "error");
  CHECK_STR(range_of("2026"), "2026-01-01..2026-12-31");
}

TEST(two_dates_form_a_sorted_range) {
  CHECK_STR(range_of("2026-11-01 2026-11-30"), "2026-11-01..2026-11-30");
  CHECK_STR(range_of("2026-11-30   2026-11-01"), "2026-11-01..2026-11-30");
  CHECK_STR(range_of("25th May 2023 2023-06-01"), "2023-05-25..2023-06-01");
  CHECK_STR(range_of("today"), "2026-11-25..2026-11-25");
  /* one impossible ISO date: the range falls back to the other date */
  CHECK_STR(range_of("2026-02-30 2026-03-05"), "2026-03-05..2026-03-05");
  CHECK_STR(range_of("2026-02-30 2026-02-31"), "error");
}

TEST(dates_are_described_like_the_plugin) {
  char buf[64];
  loam_qdate_describe(loam_date_from_ymd(2022, 10, 22), buf, sizeof(buf));
  CHECK_STR(buf, "2022-10-22 (Saturday 22nd October 2022)");
  loam_qdate_describe(loam_date_from_ymd(2026, 12, 1), buf, sizeof(buf));
  CHECK_STR(buf, "2026-12-01 (Tuesday 1st December 2026)");
  loam_qdate_describe(loam_date_from_ymd(2026, 11, 11), buf, sizeof(buf));
  CHECK_STR(buf, "2026-11-11 (Wednesday 11th November 2026)");
  loam_qdate_describe(loam_date_from_ymd(2026, 11, 23), buf, sizeof(buf));
  CHECK_STR(buf, "2026-11-23 (Monday 23rd November 2026)");
}

int main(void) {
  RUN(today_tomorrow_yesterday_and_iso);
  RUN(a_bare_weekday_is_the_closest_one);
  RUN(next_last_and_this_weekday);
  RUN(counted_offsets);
  RUN(months_clamp_to_the_last_day);
  RUN(written_calendar_dates_use_the_current_year);
  RUN(nonsense_is_not_a_date);
  RUN(relative_ranges_use_iso_weeks);
  RUN(numbered_ranges);
  RUN(two_dates_form_a_sorted_range);
  RUN(dates_are_described_like_the_plugin);
  return test_report();
}
