/* date.c: proleptic Gregorian day numbers (see date.h). */
#include "date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil: exact for every representable year. */
loam_date loam_date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int)doe - 719468;
}

void loam_date_to_ymd(loam_date date, int *y, int *m, int *d) {
  const int z = date + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)yoe + era * 400 + (*m <= 2);
}

int loam_date_days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return days[m - 1];
}

int loam_date_weekday(loam_date date) {
  /* 1970-01-01 was a Thursday (ISO 3). */
  int w = (date + 3) % 7;
  return w < 0 ? w + 7 : w;
}

static int S_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

loam_date loam_date_parse_iso(const char *s, size_t n) {
  if (n < 10 || !S_digits(s, 4) || s[4] != '-' || !S_digits(s + 5, 2) || s[7] != '-' ||
      !S_digits(s + 8, 2))
    return LOAM_DATE_NONE;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (m < 1 || m > 12 || d < 1 || d > loam_date_days_in_month(y, m)) return LOAM_DATE_INVALID;
  return loam_date_from_ymd(y, m, d);
}

void loam_date_format(loam_date date, char out[11]) {
  int y, m, d;
  if (!LOAM_DATE_IS_REAL(date)) {
    out[0] = '\0';
    return;
  }
  loam_date_to_ymd(date, &y, &m, &d);
  /* Digits written by hand: years outside 0..9999 are not dates a note has. */
  unsigned uy = (unsigned)(y < 0 ? 0 : y % 10000);
  out[0] = (char)('0' + uy / 1000);
  out[1] = (char)('0' + uy / 100 % 10);
  out[2] = (char)('0' + uy / 10 % 10);
  out[3] = (char)('0' + uy % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
}

loam_date loam_date_today(void) {
  const char *env = getenv("LOAM_TODAY");
  if (env && strlen(env) == 10) {
    loam_date d = loam_date_parse_iso(env, 10);
    if (LOAM_DATE_IS_REAL(d)) return d;
  }
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  return loam_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
