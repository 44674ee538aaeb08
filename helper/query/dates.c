/*
 * dates.c: the dates and date ranges inside query filters.
 *
 * The plugin hands these to the chrono natural-language parser; we accept
 * the documented subset exactly and reject the rest, so a typo is an error
 * instead of a silently different date:
 *
 *   single dates  YYYY-MM-DD, today, tomorrow, yesterday, now; weekdays
 *                 (the closest one: on a Wednesday `tuesday` is yesterday),
 *                 `this|next|last <weekday>`; `in N days|weeks|months|years`,
 *                 `N ... ago`, `N ... from now` (N a number, a/an, or a
 *                 word up to twelve); `14 October`, `October 14`, `14th of
 *                 October 2026`, `May` (the 1st), `May 2027`.
 *   ranges        `last|this|next week|month|quarter|year` (ISO weeks,
 *                 Monday to Sunday), `YYYY-Www`, `YYYY-Qq`, `YYYY-MM`,
 *                 `YYYY`, and two dates in either order.
 *
 * `next <weekday>` is that weekday in next week (Monday-based), as chrono
 * computes it; `last <weekday>` the most recent one before today; `this
 * <weekday>` the one in the current week. A day and month without a year
 * is in the current year, as the docs say.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define S_MAX_WORDS 8

typedef struct {
  char w[S_MAX_WORDS][24]; /* lower-cased ASCII words; longer words never match */
  size_t n;
} S_words;

static const char *const S_weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};
static const char *const S_months[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};

/* Splits s into words at spaces and commas; 0 when there are too many. */
static int S_split(const char *s, size_t n, S_words *out) {
  out->n = 0;
  size_t i = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) i++;
    if (i == n) break;
    if (out->n == S_MAX_WORDS) return 0;
    size_t len = 0;
    char *w = out->w[out->n++];
    while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != ',') {
      char c = s[i++];
      if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
      if (len + 1 < sizeof(out->w[0])) w[len] = c;
      len++;
    }
    if (len + 1 > sizeof(out->w[0])) len = 0; /* too long: an empty word matches nothing */
    w[len] = '\0';
  }
  return 1;
}

/* Weekday 0..6 (Monday first) for a full name or 3/4-letter abbreviation. */
static int S_weekday(const char *w) {
  static const char *const abbrev[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int i = 0; i < 7; i++) {
    if (strcmp(w, S_weekdays[i]) == 0 || strcmp(w, abbrev[i]) == 0) return i;
  }
  if (strcmp(w, "tues") == 0) return 1;
  if (strcmp(w, "thur") == 0 || strcmp(w, "thurs") == 0) return 3;
  return -1;
}

/* Month 1..12 for a full name or 3-letter abbreviation (and "sept"). */
static int S_month(const char *w) {
  for (int i = 0; i < 12; i++) {
    if (strcmp(w, S_months[i]) == 0) return i + 1;
    if (strlen(w) == 3 && strncmp(w, S_months[i], 3) == 0) return i + 1;
  }
  if (strcmp(w, "sept") == 0) return 9;
  return 0;
}

/* A count: digits, a/an, or one..twelve. -1 when w is none of these. */
static int S_count(const char *w) {
  static const char *const words[] = {"zero",  "one",   "two",  "three", "four",   "five",  "six",
                                      "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  if (strcmp(w, "a") == 0 || strcmp(w, "an") == 0) return 1;
  for (int i = 0; i <= 12; i++)
    if (strcmp(w, words[i]) == 0) return i;
  size_t len = strlen(w);
  if (len == 0 || len > 5) return -1;
  int v = 0;
  for (size_t i = 0; i < len; i++) {
    if (w[i] < '0' || w[i] > '9') return -1;
    v = v * 10 + (w[i] - '0');
  }
  return v;
}

/* Day of month 1..31 from "14", "14th", "1st", "2nd", "3rd"; 0 otherwise. */
static int S_day(const char *w) {
  int v = 0;
  size_t i = 0;
  while (w[i] >= '0' && w[i] <= '9' && i < 2) v = v * 10 + (w[i++] - '0');
  if (i == 0 || v < 1 || v > 31) return 0;
  const char *suffix = w + i;
  if (*suffix == '\0' || strcmp(suffix, "st") == 0 || strcmp(suffix, "nd") == 0 ||
      strcmp(suffix, "rd") == 0 || strcmp(suffix, "th") == 0)
    return v;
  return 0;
}

static int S_year(const char *w) {
  if (strlen(w) != 4) return 0;
  int v = 0;
  for (int i = 0; i < 4; i++) {
    if (w[i] < '0' || w[i] > '9') return 0;
    v = v * 10 + (w[i] - '0');
  }
  return v;
}

/* Adds months, clamping the day to the end of the target month. */
static loam_date S_add_months(loam_date d, int months) {
  int y, m, day;
  loam_date_to_ymd(d, &y, &m, &day);
  int idx = y * 12 + (m - 1) + months;
  y = idx / 12 - (idx % 12 < 0); /* floor division */
  m = idx - y * 12 + 1;
  int last = loam_date_days_in_month(y, m);
  return loam_date_from_ymd(y, m, day > last ? last : day);
}

/* "days", "week", ... -> 1 day, 7 days, or months (returned negative). */
static int S_unit(const char *w, int *months) {
  *months = 0;
  if (strcmp(w, "day") == 0 || strcmp(w, "days") == 0) return 1;
  if (strcmp(w, "week") == 0 || strcmp(w, "weeks") == 0) return 7;
  if (strcmp(w, "fortnight") == 0 || strcmp(w, "fortnights") == 0) return 14;
  if (strcmp(w, "month") == 0 || strcmp(w, "months") == 0) return *months = 1, 0;
  if (strcmp(w, "year") == 0 || strcmp(w, "years") == 0) return *months = 12, 0;
  return -1;
}

static int S_shift(loam_date today, const char *count, const char *unit, int sign, loam_date *out) {
  int n = S_count(count), months;
  int days = S_unit(unit, &months);
  if (n < 0 || days < 0) return 0;
  *out = months ? S_add_months(today, sign * n * months) : today + sign * n * days;
  return 1;
}

static int S_relative_weekday(const char *modifier, int wd, loam_date today, loam_date *out) {
  int now = loam_date_weekday(today);
  loam_date monday = today - now;
  if (modifier == NULL) {
    int diff = wd - now; /* the closest occurrence, past or future */
    if (diff > 3) diff -= 7;
    if (diff < -3) diff += 7;
    *out = today + diff;
  } else if (strcmp(modifier, "this") == 0) {
    *out = monday + wd;
  } else if (strcmp(modifier, "next") == 0) {
    *out = monday + 7 + wd;
  } else if (strcmp(modifier, "last") == 0 || strcmp(modifier, "past") == 0) {
    int back = (now - wd + 7) % 7;
    *out = today - (back == 0 ? 7 : back);
  } else {
    return 0;
  }
  return 1;
}

static int S_ymd(int y, int m, int d, loam_date *out) {
  if (m < 1 || m > 12 || d < 1 || d > loam_date_days_in_month(y, m)) return 0;
  *out = loam_date_from_ymd(y, m, d);
  return 1;
}

/* Day-and-month forms: "14 october [2026]", "october 14 [2026]",
 * "14th of october [2026]", "may [2026]". */
static int S_calendar(const S_words *w, loam_date today, loam_date *out) {
  int ty, tm, td;
  loam_date_to_ymd(today, &ty, &tm, &td);
  const char *a = w->w[0], *b = w->n > 1 ? w->w[1] : "", *c = w->n > 2 ? w->w[2] : "";
  const char *d4 = w->n > 3 ? w->w[3] : "";
  int m, day, y = ty;
  if ((m = S_month(a)) != 0) {
    if (w->n == 1) return S_ymd(ty, m, 1, out);
    if (w->n == 2 && S_year(b) != 0) return S_ymd(S_year(b), m, 1, out);
    if ((day = S_day(b)) == 0 || w->n > 3) return 0;
    if (w->n == 3 && (y = S_year(c)) == 0) return 0;
    return S_ymd(y, m, day, out);
  }
  if ((day = S_day(a)) == 0) return 0;
  size_t i = 1;
  if (strcmp(b, "of") == 0) b = c, c = d4, i = 2;
  if ((m = S_month(b)) == 0) return 0;
  if (w->n == i + 1) return S_ymd(ty, m, day, out);
  if (w->n == i + 2 && (y = S_year(c)) != 0) return S_ymd(y, m, day, out);
  return 0;
}

int loam_qdate_parse(const char *s, size_t n, loam_date today, loam_date *out) {
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  while (n > 0 && (*s == ' ' || *s == '\t')) s++, n--;
  if (n >= 10) {
    loam_date d = loam_date_parse_iso(s, n);
    if (n == 10 && LOAM_DATE_IS_REAL(d)) return *out = d, 1;
    if (d != LOAM_DATE_NONE) return 0; /* 2026-02-30, or trailing text */
  }
  S_words w;
  if (!S_split(s, n, &w) || w.n == 0) return 0;
  const char *a = w.w[0];
  if (w.n == 1) {
    if (strcmp(a, "today") == 0 || strcmp(a, "now") == 0 || strcmp(a, "tonight") == 0)
      return *out = today, 1;
    if (strcmp(a, "tomorrow") == 0) return *out = today + 1, 1;
    if (strcmp(a, "yesterday") == 0) return *out = today - 1, 1;
    if (S_weekday(a) >= 0) return S_relative_weekday(NULL, S_weekday(a), today, out);
  }
  if (w.n == 2 && S_weekday(w.w[1]) >= 0)
    return S_relative_weekday(a, S_weekday(w.w[1]), today, out);
  if (w.n == 3 && strcmp(a, "in") == 0) return S_shift(today, w.w[1], w.w[2], 1, out);
  if (w.n == 3 && strcmp(w.w[2], "ago") == 0) return S_shift(today, a, w.w[1], -1, out);
  if (w.n == 4 && strcmp(w.w[2], "from") == 0 && strcmp(w.w[3], "now") == 0)
    return S_shift(today, a, w.w[1], 1, out);
  return S_calendar(&w, today, out);
}

/* Week W of ISO year Y: Monday of the week holding 4 January, plus W-1 weeks. */
static int S_iso_week(int y, int week, loam_date *lo, loam_date *hi) {
  loam_date jan4 = loam_date_from_ymd(y, 1, 4);
  loam_date week1 = jan4 - loam_date_weekday(jan4);
  loam_date next_jan4 = loam_date_from_ymd(y + 1, 1, 4);
  int weeks = (int)((next_jan4 - loam_date_weekday(next_jan4) - week1) / 7);
  if (week < 1 || week > weeks) return 0;
  *lo = week1 + 7 * (week - 1);
  *hi = *lo + 6;
  return 1;
}

static void S_months_range(int y, int m, int count, loam_date *lo, loam_date *hi) {
  *lo = loam_date_from_ymd(y, m, 1);
  *hi = S_add_months(*lo, count) - 1;
}

static int S_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static int S_number(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

/* YYYY, YYYY-Qq, YYYY-MM, YYYY-Www. */
static int S_numbered_range(const char *s, size_t n, loam_date *lo, loam_date *hi) {
  if (n < 4 || !S_digits(s, 4)) return 0;
  int y = S_number(s, 4);
  if (n == 4) return S_months_range(y, 1, 12, lo, hi), 1;
  if (s[4] != '-') return 0;
  if (n == 7 && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4')
    return S_months_range(y, (s[6] - '1') * 3 + 1, 3, lo, hi), 1;
  if (n == 7 && S_digits(s + 5, 2)) {
    int m = S_number(s + 5, 2);
    if (m < 1 || m > 12) return 0;
    return S_months_range(y, m, 1, lo, hi), 1;
  }
  if (n == 8 && (s[5] == 'W' || s[5] == 'w') && S_digits(s + 6, 2))
    return S_iso_week(y, S_number(s + 6, 2), lo, hi);
  return 0;
}

/* last|this|next week|month|quarter|year. */
static int S_relative_range(const S_words *w, loam_date today, loam_date *lo, loam_date *hi) {
  if (w->n != 2) return 0;
  int step;
  if (strcmp(w->w[0], "last") == 0)
    step = -1;
  else if (strcmp(w->w[0], "this") == 0)
    step = 0;
  else if (strcmp(w->w[0], "next") == 0)
    step = 1;
  else
    return 0;
  int y, m, d;
  loam_date_to_ymd(today, &y, &m, &d);
  const char *unit = w->w[1];
  if (strcmp(unit, "week") == 0) {
    *lo = today - loam_date_weekday(today) + 7 * step;
    *hi = *lo + 6;
  } else if (strcmp(unit, "month") == 0) {
    *lo = S_add_months(loam_date_from_ymd(y, m, 1), step);
    *hi = S_add_months(*lo, 1) - 1;
  } else if (strcmp(unit, "quarter") == 0) {
    loam_date first = loam_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
    *lo = S_add_months(first, 3 * step);
    *hi = S_add_months(*lo, 3) - 1;
  } else if (strcmp(unit, "year") == 0) {
    S_months_range(y + step, 1, 12, lo, hi);
  } else {
    return 0;
  }
  return 1;
}

/* Two ISO-shaped words where one is impossible: the docs say the range
 * falls back to the valid date alone. */
static int S_half_invalid_pair(const char *s, size_t n, loam_date *lo, loam_date *hi) {
  while (n > 0 && s[n - 1] == ' ') n--;
  while (n > 0 && *s == ' ') s++, n--;
  if (n < 21) return 0;
  const char *second = s + 10;
  while (second < s + n && *second == ' ') second++;
  if (second == s + 10 || (size_t)(s + n - second) != 10) return 0;
  loam_date a = loam_date_parse_iso(s, 10), b = loam_date_parse_iso(second, 10);
  if (a == LOAM_DATE_NONE || b == LOAM_DATE_NONE) return 0;
  if (a == LOAM_DATE_INVALID && LOAM_DATE_IS_REAL(b)) return *lo = *hi = b, 1;
  if (b == LOAM_DATE_INVALID && LOAM_DATE_IS_REAL(a)) return *lo = *hi = a, 1;
  return 0;
}

int loam_qdate_parse_range(const char *s, size_t n, loam_date today, loam_date *lo, loam_date *hi) {
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  while (n > 0 && (*s == ' ' || *s == '\t')) s++, n--;
  S_words w;
  if (S_split(s, n, &w) && S_relative_range(&w, today, lo, hi)) return 1;
  if (S_numbered_range(s, n, lo, hi)) return 1;
  loam_date a, b;
  if (loam_qdate_parse(s, n, today, &a)) return *lo = *hi = a, 1;
  /* Two dates: try each split at a space. */
  for (size_t i = 1; i + 1 < n; i++) {
    if (s[i] != ' ') continue;
    if (loam_qdate_parse(s, i, today, &a) && loam_qdate_parse(s + i + 1, n - i - 1, today, &b)) {
      *lo = a < b ? a : b;
      *hi = a < b ? b : a;
      return 1;
    }
  }
  return S_half_invalid_pair(s, n, lo, hi);
}

const char *loam_qdate_weekday_name(loam_date d) {
  static const char *const names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
  return names[loam_date_weekday(d)];
}

void loam_qdate_describe(loam_date d, char *out, size_t cap) {
  static const char *const months[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
  int y, m, day;
  loam_date_to_ymd(d, &y, &m, &day);
  const char *suffix = "th";
  if (day % 10 == 1 && day != 11)
    suffix = "st";
  else if (day % 10 == 2 && day != 12)
    suffix = "nd";
  else if (day % 10 == 3 && day != 13)
    suffix = "rd";
  char iso[11];
  loam_date_format(d, iso);
  snprintf(out, cap, "%s (%s %d%s %s %04d)", iso, loam_qdate_weekday_name(d), day, suffix,
           months[m - 1], y % 10000);
}
