/*
 * date.h: calendar dates as day numbers.
 *
 * A date is an int32_t count of days since 1970-01-01 (negative before), so
 * comparing and subtracting dates is integer arithmetic. Two sentinels stand
 * for "no date" and "a date field whose text is not a real date" (Obsidian
 * Tasks keeps such invalid dates searchable with `due date is invalid`).
 */
#ifndef LOAM_DATE_H
#define LOAM_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t loam_date;
#define LOAM_DATE_NONE INT32_MIN
#define LOAM_DATE_INVALID (INT32_MIN + 1)
#define LOAM_DATE_IS_REAL(d) ((d) > LOAM_DATE_INVALID)

loam_date loam_date_from_ymd(int y, int m, int d); /* no validation */
void loam_date_to_ymd(loam_date date, int *y, int *m, int *d);
int loam_date_days_in_month(int y, int m);
int loam_date_weekday(loam_date date); /* 0 = Monday ... 6 = Sunday (ISO) */
/* Parses exactly "YYYY-MM-DD" at s (n >= 10 bytes are read, nothing after is
 * checked). Returns the date, LOAM_DATE_INVALID for a well-formed but
 * impossible date (2026-02-30), or LOAM_DATE_NONE when the shape is wrong. */
loam_date loam_date_parse_iso(const char *s, size_t n);
/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void loam_date_format(loam_date date, char out[11]);
/* Today in local time, or $LOAM_TODAY when set to a valid YYYY-MM-DD. */
loam_date loam_date_today(void);

#endif
