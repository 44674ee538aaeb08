/*
 * recur.h: recurrence rules (`🔁 every week on Sunday`) and their next dates.
 *
 * Obsidian Tasks reads a rule with the rrule library's English reader
 * (`every [N] day|week|month|year ...`, `every weekday`, `every Tuesday,
 * Friday`, `every month on the last Friday`, `every January on the 15th`,
 * an optional ` when done` at the end) and shows it normalised by rrule's
 * writer (`every Sunday` is `every week on Sunday`). loam_recur_parse()
 * reads the same language, token by token with the same longest-match
 * tokens and the same grammar, including its forgiving corners (text after
 * a complete rule that matches no token is ignored; `every two weeks` is
 * not a rule). loam_recur_text() writes the normalised text.
 *
 * loam_recur_next_dates() computes the next occurrence as the plugin does
 * when a recurring task is completed: the reference date is due, else
 * scheduled, else start (due, start, scheduled when the scheduled date is
 * to be removed); the next reference date is the rule's first occurrence
 * after it (after today for `when done`), with RFC 5545 semantics
 * (`every month on the 31st` skips short months) and the plugin's
 * correction for plain `every [N] month(s)` and `every [N] year(s)`
 * (from the 31st, the next month's last day); the other dates keep their
 * distance from the reference date.
 *
 * Differences from the plugin, all in rules nobody writes: `until <date>`
 * reads only `2027`, `January 5 2027` and `January 5, 2027` (rrule hands
 * the text to JavaScript's Date.parse); hours and minutes only move the
 * date.
 */
#ifndef LOAM_RECUR_H
#define LOAM_RECUR_H

#include <stddef.h>
#include <stdint.h>

#include "../common/date.h"

typedef enum {
  LOAM_RECUR_YEARLY,
  LOAM_RECUR_MONTHLY,
  LOAM_RECUR_WEEKLY,
  LOAM_RECUR_DAILY,
  LOAM_RECUR_HOURLY,
  LOAM_RECUR_MINUTELY
} loam_recur_freq;

#define LOAM_RECUR_MAX_LIST 32

/* A weekday as the rule wrote it: 0 = Monday ... 6 = Sunday, and n the
 * `2nd` / `last` (-1) / `2nd last` (-2) ordinal, 0 when none. */
typedef struct {
  int8_t weekday;
  int16_t n;
} loam_recur_wday;

typedef struct {
  loam_recur_freq freq;
  int interval; /* >= 1 */
  int when_done;
  int count;       /* `for N times`; 0 none */
  loam_date until; /* `until January 5, 2027`; 0 none (1970-01-01 is no one's deadline) */
  /* The lists as written (in rule order), n_* == 0 when absent. */
  loam_recur_wday weekdays[LOAM_RECUR_MAX_LIST];
  int n_weekdays;
  int16_t monthdays[LOAM_RECUR_MAX_LIST]; /* 1..31 or -1 (last), -2 ... */
  int n_monthdays;
  int8_t months[LOAM_RECUR_MAX_LIST]; /* 1..12 */
  int n_months;
  int8_t weeknos[LOAM_RECUR_MAX_LIST];
  int n_weeknos;
  int8_t hours[LOAM_RECUR_MAX_LIST];
  int n_hours;
} loam_recur;

/* Parses rule text s[0..n) (what follows 🔁, e.g. "every 2 weeks when
 * done"). Returns 1 and fills *out, or 0 when the plugin would not read it
 * as a rule. */
int loam_recur_parse(const char *s, size_t n, loam_recur *out);

/* Writes the normalised text (`every week on Sunday when done`) into out;
 * returns its length (truncated to cap - 1). */
size_t loam_recur_text(const loam_recur *r, char *out, size_t cap);

/* The first occurrence of r strictly after `after`, for a rule anchored at
 * `dtstart` (both real dates), including the plugin's month-end and
 * year-end corrections. LOAM_DATE_NONE when the rule has none. */
loam_date loam_recur_after(const loam_recur *r, loam_date dtstart, loam_date after);

/* The dates a task's next occurrence gets. */
typedef struct {
  loam_date start, scheduled, due; /* LOAM_DATE_NONE when absent */
} loam_recur_dates;

/*
 * Computes the next occurrence's dates of a task with rule r and dates
 * `cur`, completed on `today`. `remove_scheduled` is the plugin's "remove
 * scheduled date on recurrence" option. Returns 1 and fills *next, or 0
 * when there is none: the reference date is invalid (the plugin then does
 * not read the rule at all, unless it is `when done`; then every date
 * lands on the new reference date, as in the plugin) or the rule has no
 * further occurrence. A task
 * without dates gets a next occurrence without dates.
 */
int loam_recur_next_dates(const loam_recur *r, const loam_recur_dates *cur, loam_date today,
                          int remove_scheduled, loam_recur_dates *next);

/* Whether the plugin reads task rule `text` with these dates as recurring
 * (the rule parses, and the reference date is not invalid unless the rule
 * is `when done`); when it does
 * and `norm` is given, the normalised text goes there. */
int loam_recur_of_task(const char *text, const loam_recur_dates *dates, char *norm, size_t cap);

#endif
