/*
 * recur.c: recurrence rules, read and written as the rrule library's
 * English reader and writer do, and their next dates (see recur.h).
 *
 * Reading: a tokenizer that, like rrule's (2.8.1, the plugin's), tries every token pattern at
 * the current position and takes the longest match (the first listed wins
 * a tie), skipping whitespace; then rrule's recursive descent grammar. An
 * error anywhere (rrule throws) means "not a rule". Running out of tokens
 * that match simply ends the rule, as in rrule.
 *
 * Occurrences: the rule's options are completed from the anchor date as
 * rrule does (`every week` recurs on the anchor's weekday, `every month` on
 * its day of the month, `every year` on its day and month), then periods
 * (a day, a week from Monday, a month, a year, `interval` apart from the
 * anchor's) are walked in order and each day of a period is kept when it
 * passes every BY* filter, exactly as RFC 5545 and rrule do.
 */
#include "recur.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tokens -------------------------------------------------------------- */

typedef enum {
  T_NONE = -1,
  T_SKIP,
  T_NUMBER,
  T_NUMBER_AS_TEXT,
  T_EVERY,
  T_DAYS,
  T_WEEKDAYS,
  T_WEEKS,
  T_HOURS,
  T_MINUTES,
  T_MONTHS,
  T_YEARS,
  T_ON,
  T_AT,
  T_THE,
  T_FIRST,
  T_SECOND,
  T_THIRD,
  T_NTH,
  T_LAST,
  T_FOR,
  T_TIMES,
  T_UNTIL,
  T_MONDAY, /* ... T_MONDAY + 6 = Sunday */
  T_TUESDAY,
  T_WEDNESDAY,
  T_THURSDAY,
  T_FRIDAY,
  T_SATURDAY,
  T_SUNDAY,
  T_JANUARY, /* ... T_JANUARY + 11 = December */
  T_FEBRUARY,
  T_MARCH,
  T_APRIL,
  T_MAY,
  T_JUNE,
  T_JULY,
  T_AUGUST,
  T_SEPTEMBER,
  T_OCTOBER,
  T_NOVEMBER,
  T_DECEMBER,
  T_COMMA,
  T_COUNT
} S_tok;

/* Words a token accepts, longest first (`mo(n(day)?)?` is monday|mon|mo). */
static const char *const S_words[T_COUNT][5] = {
    [T_NUMBER_AS_TEXT] = {"three", "one", "two"},
    [T_EVERY] = {"every"},
    [T_DAYS] = {"days", "day"},
    [T_WEEKDAYS] = {"weekdays", "weekday"},
    [T_WEEKS] = {"weeks", "week"},
    [T_HOURS] = {"hours", "hour"},
    [T_MINUTES] = {"minutes", "minute"},
    [T_MONTHS] = {"months", "month"},
    [T_YEARS] = {"years", "year"},
    [T_ON] = {"on", "in"},
    [T_AT] = {"at"},
    [T_THE] = {"the"},
    [T_FIRST] = {"first"},
    [T_SECOND] = {"second"},
    [T_THIRD] = {"third"},
    [T_LAST] = {"last"},
    [T_FOR] = {"for"},
    [T_TIMES] = {"times", "time"},
    [T_UNTIL] = {"until", "til"},
    [T_MONDAY] = {"monday", "mon", "mo"},
    [T_TUESDAY] = {"tuesday", "tues", "tue", "tu"},
    [T_WEDNESDAY] = {"wednesday", "wedn", "wed", "we"},
    [T_THURSDAY] = {"thursday", "thur", "thu", "th"},
    [T_FRIDAY] = {"friday", "fri", "fr"},
    [T_SATURDAY] = {"saturday", "sat", "sa"},
    [T_SUNDAY] = {"sunday", "sun", "su"},
    [T_JANUARY] = {"january", "jan"},
    [T_FEBRUARY] = {"february", "feb"},
    [T_MARCH] = {"march", "mar"},
    [T_APRIL] = {"april", "apr"},
    [T_MAY] = {"may"},
    [T_JUNE] = {"june", "jun"},
    [T_JULY] = {"july", "jul"},
    [T_AUGUST] = {"august", "aug"},
    [T_SEPTEMBER] = {"september", "sept", "sep"},
    [T_OCTOBER] = {"october", "oct"},
    [T_NOVEMBER] = {"november", "nov"},
    [T_DECEMBER] = {"december", "dec"},
};

static int S_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int S_digit(int c) { return c >= '0' && c <= '9'; }
static int S_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static size_t S_prefix_ci(const char *s, size_t n, const char *w) {
  size_t k = 0;
  for (; w[k]; k++)
    if (k >= n || S_lower((unsigned char)s[k]) != w[k]) return 0;
  return k;
}

/* Length of the match of token t at s[0..n), 0 for none. */
static size_t S_match(S_tok t, const char *s, size_t n) {
  size_t k = 0;
  switch (t) {
  case T_SKIP:
    while (k < n && S_space((unsigned char)s[k])) k++;
    if (k == 0 && n == 1 && s[0] == '.') k = 1;
    return k;
  case T_NUMBER:
    if (n == 0 || s[0] < '1' || s[0] > '9') return 0;
    while (k < n && S_digit((unsigned char)s[k])) k++;
    return k;
  case T_NTH: {
    size_t d = S_match(T_NUMBER, s, n);
    if (d == 0 || d >= n) return 0;
    if (s[d] == '.') return d + 1;
    static const char *const sfx[] = {"th", "nd", "rd", "st"};
    for (int i = 0; i < 4; i++)
      if (S_prefix_ci(s + d, n - d, sfx[i])) return d + 2;
    return 0;
  }
  case T_COMMA:
    for (;;) {
      if (k < n && s[k] == ',') {
        k++;
      } else {
        size_t w = S_prefix_ci(s + k, n - k, "and");
        if (!w) w = S_prefix_ci(s + k, n - k, "or");
        if (!w) return k;
        k += w;
      }
      while (k < n && S_space((unsigned char)s[k])) k++;
    }
  default:
    for (int i = 0; i < 5 && S_words[t][i]; i++)
      if ((k = S_prefix_ci(s, n, S_words[t][i])) > 0) return k;
    return 0;
  }
}

/* ---- rrule's reader -------------------------------------------------------- */

typedef struct {
  const char *text;
  size_t n;
  int done;
  S_tok symbol;
  const char *value; /* the matched text of symbol */
  size_t value_len;
  int err;
  loam_recur *o;
  int has_interval, has_byweekday, has_bymonthday, has_bymonth;
} S_parser;

/* rrule's nextSymbol(): 1 when a symbol was read, 0 otherwise. */
static int S_next(S_parser *p) {
  S_tok best;
  size_t best_len;
  p->symbol = T_NONE;
  p->value = NULL;
  do {
    if (p->done) return 0;
    best = T_NONE;
    best_len = 0;
    for (int t = 0; t < T_COUNT; t++) {
      size_t k = S_match((S_tok)t, p->text, p->n);
      if (k > 0 && (best == T_NONE || k > best_len)) best = (S_tok)t, best_len = k;
    }
    if (best == T_NONE) {
      p->done = 1;
      return 0;
    }
    p->value = p->text;
    p->value_len = best_len;
    p->text += best_len;
    p->n -= best_len;
    if (p->n == 0) p->done = 1;
  } while (best == T_SKIP);
  p->symbol = best;
  return 1;
}

static int S_is_done(const S_parser *p) { return p->done && p->symbol == T_NONE; }

static int S_accept(S_parser *p, S_tok t) {
  if (p->symbol != t) return 0;
  S_next(p);
  return 1;
}

/* A number value (1..); numbers too large to mean anything fail. */
static long S_number_value(S_parser *p, const char *s, size_t n) {
  long v = 0;
  for (size_t i = 0; i < n && S_digit((unsigned char)s[i]); i++) {
    v = v * 10 + (s[i] - '0');
    if (v > 1000000) {
      p->err = 1;
      return 1;
    }
  }
  return v;
}

/* acceptNumber(): the number's value, or 0 when the symbol is not one. */
static long S_accept_number(S_parser *p) {
  if (p->symbol != T_NUMBER) return 0;
  long v = S_number_value(p, p->value, p->value_len);
  S_next(p);
  return v;
}

#define S_PUSH(list, count, v)                                                                     \
  do {                                                                                             \
    if ((count) >= LOAM_RECUR_MAX_LIST) {                                                          \
      p->err = 1;                                                                                  \
      return;                                                                                      \
    }                                                                                              \
    (list)[(count)++] = (v);                                                                       \
  } while (0)

static int S_decode_weekday(const S_parser *p) {
  return p->symbol >= T_MONDAY && p->symbol <= T_SUNDAY ? (int)(p->symbol - T_MONDAY) : -1;
}

static int S_decode_month(const S_parser *p) {
  return p->symbol >= T_JANUARY && p->symbol <= T_DECEMBER ? (int)(p->symbol - T_JANUARY) + 1 : 0;
}

/* decodeNTH(): consumes `last`, `first`, `2nd [last]`...; 0 when none. */
static int S_decode_nth(S_parser *p) {
  long v;
  switch (p->symbol) {
  case T_LAST: S_next(p); return -1;
  case T_FIRST: S_next(p); return 1;
  case T_SECOND: S_next(p); return S_accept(p, T_LAST) ? -2 : 2;
  case T_THIRD: S_next(p); return S_accept(p, T_LAST) ? -3 : 3;
  case T_NTH:
    v = S_number_value(p, p->value, p->value_len);
    if (v > 366) {
      p->err = 1;
      return 0;
    }
    S_next(p);
    return S_accept(p, T_LAST) ? -(int)v : (int)v;
  default: return 0;
  }
}

static void S_weekdays_mo_fr(S_parser *p) {
  p->o->n_weekdays = 0;
  for (int d = 0; d < 5; d++) {
    loam_recur_wday w = {(int8_t)d, 0};
    p->o->weekdays[p->o->n_weekdays++] = w;
  }
  p->has_byweekday = 1;
}

static void S_on(S_parser *p) {
  loam_recur *o = p->o;
  int on = S_accept(p, T_ON);
  int the = S_accept(p, T_THE);
  if (!(on || the)) return;
  do {
    int nth = S_decode_nth(p);
    if (p->err) return;
    int wkd = S_decode_weekday(p);
    int m = S_decode_month(p);
    if (nth) {
      if (wkd >= 0) {
        S_next(p);
        loam_recur_wday w = {(int8_t)wkd, (int16_t)nth};
        S_PUSH(o->weekdays, o->n_weekdays, w);
        p->has_byweekday = 1;
      } else {
        S_PUSH(o->monthdays, o->n_monthdays, (int16_t)nth);
        p->has_bymonthday = 1;
        S_accept(p, T_DAYS);
      }
    } else if (wkd >= 0) {
      S_next(p);
      loam_recur_wday w = {(int8_t)wkd, 0};
      S_PUSH(o->weekdays, o->n_weekdays, w);
      p->has_byweekday = 1;
    } else if (p->symbol == T_WEEKDAYS) {
      S_next(p);
      if (!p->has_byweekday) S_weekdays_mo_fr(p);
    } else if (p->symbol == T_WEEKS) {
      S_next(p);
      long n = S_accept_number(p);
      if (!n || n > 53) {
        p->err = 1;
        return;
      }
      o->n_weeknos = 0;
      o->weeknos[o->n_weeknos++] = (int8_t)n;
      while (S_accept(p, T_COMMA)) {
        n = S_accept_number(p);
        if (!n || n > 53) {
          p->err = 1;
          return;
        }
        S_PUSH(o->weeknos, o->n_weeknos, (int8_t)n);
      }
    } else if (m) {
      S_next(p);
      S_PUSH(o->months, o->n_months, (int8_t)m);
      p->has_bymonth = 1;
    } else {
      return;
    }
  } while (S_accept(p, T_COMMA) || S_accept(p, T_THE) || S_accept(p, T_ON));
}

static void S_at(S_parser *p) {
  loam_recur *o = p->o;
  if (!S_accept(p, T_AT)) return;
  do {
    long n = S_accept_number(p);
    if (!n) {
      p->err = 1;
      return;
    }
    o->n_hours = 0;
    o->hours[o->n_hours++] = (int8_t)(n % 100);
    while (S_accept(p, T_COMMA)) {
      n = S_accept_number(p);
      if (!n) {
        p->err = 1;
        return;
      }
      S_PUSH(o->hours, o->n_hours, (int8_t)(n % 100));
    }
  } while (S_accept(p, T_COMMA) || S_accept(p, T_AT));
}

/* MDAYs(): `on the 1st, 15th` after a weekday list. rrule reads one
 * symbol too many after the first day; so do we. */
static void S_mdays(S_parser *p) {
  loam_recur *o = p->o;
  S_accept(p, T_ON);
  S_accept(p, T_THE);
  int nth = S_decode_nth(p);
  if (!nth || p->err) return;
  o->n_monthdays = 0;
  o->monthdays[o->n_monthdays++] = (int16_t)nth;
  p->has_bymonthday = 1;
  S_next(p);
  while (S_accept(p, T_COMMA)) {
    nth = S_decode_nth(p);
    if (!nth || p->err) {
      p->err = 1;
      return;
    }
    S_PUSH(o->monthdays, o->n_monthdays, (int16_t)nth);
    S_next(p);
  }
}

/* `until` takes the rest of the text as a date (JavaScript's Date.parse
 * in rrule); loam reads `2027` and `January 5 2027` / `January 5, 2027`. */
static void S_until(S_parser *p) {
  const char *s = p->text;
  size_t n = p->n, i = 0;
  while (i < n && S_space((unsigned char)s[i])) i++;
  int month = 1, day = 1;
  for (int m = 0; m < 12; m++) {
    size_t k = S_match((S_tok)(T_JANUARY + m), s + i, n - i);
    if (k && (i + k == n || !S_lower((unsigned char)s[i + k]) || s[i + k] == ' ')) {
      month = m + 1, i += k;
      while (i < n && s[i] == ' ') i++;
      size_t d0 = i;
      day = 0;
      while (i < n && S_digit((unsigned char)s[i]) && i - d0 < 2) day = day * 10 + (s[i++] - '0');
      if (i == d0) break;
      if (i < n && s[i] == ',') i++;
      while (i < n && s[i] == ' ') i++;
      break;
    }
  }
  size_t y0 = i;
  int year = 0;
  while (i < n && S_digit((unsigned char)s[i]) && i - y0 < 4) year = year * 10 + (s[i++] - '0');
  while (i < n && S_space((unsigned char)s[i])) i++;
  if (i - y0 == 0 || i != n || day < 1 || day > loam_date_days_in_month(year, month)) {
    p->err = 1;
    return;
  }
  p->o->until = loam_date_from_ymd(year, month, day);
}

/* F(): `for N times`, `until <date>`. */
static void S_for_until(S_parser *p) {
  if (p->symbol == T_UNTIL) {
    S_until(p);
  } else if (S_accept(p, T_FOR)) {
    if (p->symbol != T_NUMBER) {
      p->err = 1;
      return;
    }
    p->o->count = (int)S_number_value(p, p->value, p->value_len);
    S_next(p);
  }
}

static void S_rule(S_parser *p) {
  loam_recur *o = p->o;
  if (!S_accept(p, T_EVERY)) {
    p->err = 1;
    return;
  }
  long n = S_accept_number(p);
  if (n) o->interval = (int)n, p->has_interval = 1;
  if (S_is_done(p)) {
    p->err = 1;
    return;
  }
  S_tok t = p->symbol;
  switch (t) {
  case T_DAYS:
    o->freq = LOAM_RECUR_DAILY;
    if (S_next(p)) {
      S_at(p);
      if (!p->err) S_for_until(p);
    }
    return;
  case T_WEEKDAYS:
    o->freq = LOAM_RECUR_WEEKLY;
    S_weekdays_mo_fr(p);
    S_next(p);
    S_at(p);
    if (!p->err) S_for_until(p);
    return;
  case T_WEEKS:
  case T_HOURS:
  case T_MINUTES:
  case T_MONTHS:
  case T_YEARS:
    o->freq = t == T_WEEKS     ? LOAM_RECUR_WEEKLY
              : t == T_HOURS   ? LOAM_RECUR_HOURLY
              : t == T_MINUTES ? LOAM_RECUR_MINUTELY
              : t == T_MONTHS  ? LOAM_RECUR_MONTHLY
                               : LOAM_RECUR_YEARLY;
    if (S_next(p)) {
      S_on(p);
      if (!p->err && t == T_WEEKS) S_at(p);
      if (!p->err) S_for_until(p);
    }
    return;
  default: break;
  }
  if (S_decode_weekday(p) >= 0) {
    o->freq = LOAM_RECUR_WEEKLY;
    loam_recur_wday w = {(int8_t)S_decode_weekday(p), 0};
    o->weekdays[o->n_weekdays++] = w;
    p->has_byweekday = 1;
    if (!S_next(p)) return;
    while (S_accept(p, T_COMMA)) {
      int d = S_decode_weekday(p);
      if (S_is_done(p) || d < 0) {
        p->err = 1;
        return;
      }
      loam_recur_wday x = {(int8_t)d, 0};
      S_PUSH(o->weekdays, o->n_weekdays, x);
      S_next(p);
    }
    S_at(p);
    if (!p->err) S_mdays(p);
    if (!p->err) S_for_until(p);
    return;
  }
  if (S_decode_month(p)) {
    o->freq = LOAM_RECUR_YEARLY;
    o->months[o->n_months++] = (int8_t)S_decode_month(p);
    p->has_bymonth = 1;
    if (!S_next(p)) return;
    while (S_accept(p, T_COMMA)) {
      int m = S_decode_month(p);
      if (S_is_done(p) || !m) {
        p->err = 1;
        return;
      }
      S_PUSH(o->months, o->n_months, (int8_t)m);
      S_next(p);
    }
    S_on(p);
    if (!p->err) S_for_until(p);
    return;
  }
  p->err = 1; /* unknown symbol */
}

static int S_rule_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || S_digit(c) || c == ' ' || c == ',' ||
         c == '!';
}

int loam_recur_parse(const char *s, size_t n, loam_recur *out) {
  memset(out, 0, sizeof(*out));
  out->interval = 1;
  if (!s || n == 0) return 0;
  /* The plugin's own split: `^([a-zA-Z0-9, !]+?)( when done)?$`, case-insensitive. */
  for (size_t i = 0; i < n; i++)
    if (!S_rule_char((unsigned char)s[i])) return 0;
  static const char when[] = " when done";
  size_t wl = sizeof(when) - 1;
  if (n > wl && S_prefix_ci(s + n - wl, wl, when) == wl) out->when_done = 1, n -= wl;
  while (n > 0 && S_space((unsigned char)s[n - 1])) n--;
  while (n > 0 && S_space((unsigned char)s[0])) s++, n--;
  if (n == 0) return 0;
  S_parser p;
  memset(&p, 0, sizeof(p));
  p.text = s;
  p.n = n;
  p.o = out;
  if (!S_next(&p)) return 0;
  S_rule(&p);
  if (p.err) {
    int when_done = out->when_done;
    memset(out, 0, sizeof(*out));
    out->interval = 1;
    out->when_done = when_done;
    return 0;
  }
  return 1;
}

/* ---- rrule's writer ------------------------------------------------------ */

typedef struct {
  char *out;
  size_t cap, len;
} S_text;

static void S_put(S_text *t, const char *s) {
  for (; *s; s++) {
    if (t->len + 1 < t->cap) t->out[t->len] = *s;
    t->len++;
  }
  if (t->cap) t->out[t->len < t->cap ? t->len : t->cap - 1] = '\0';
}

/* rrule's add(): a space, then the word. */
static void S_add(S_text *t, const char *s) {
  S_put(t, " ");
  S_put(t, s);
}

static int S_plural(int n) { return n % 100 != 1; }

static void S_nth(int n, char *buf, size_t cap) {
  if (n == -1) {
    snprintf(buf, cap, "last");
    return;
  }
  int a = abs(n);
  const char *sfx = (a == 1 || a == 21 || a == 31) ? "st"
                    : (a == 2 || a == 22)          ? "nd"
                    : (a == 3 || a == 23)          ? "rd"
                                                   : "th";
  snprintf(buf, cap, "%d%s%s", a, sfx, n < 0 ? " last" : "");
}

static const char *const S_day_names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};
static const char *const S_month_names[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

typedef enum { S_ITEM_WEEKDAY, S_ITEM_NTH, S_ITEM_MONTH, S_ITEM_NUMBER } S_item_kind;

/* rrule's list(): items joined by ", ", the last one by " <final> " when
 * `final` is given. */
static void S_list(S_text *t, S_item_kind kind, const void *items, int n, const char *final) {
  char buf[48];
  S_put(t, " ");
  for (int i = 0; i < n; i++) {
    if (i) {
      if (final && i == n - 1) {
        S_put(t, " ");
        S_put(t, final);
        S_put(t, " ");
      } else {
        S_put(t, ", ");
      }
    }
    switch (kind) {
    case S_ITEM_WEEKDAY: {
      const loam_recur_wday *w = &((const loam_recur_wday *)items)[i];
      if (w->n) {
        S_nth(w->n, buf, sizeof(buf));
        S_put(t, buf);
        S_put(t, " ");
      }
      S_put(t, S_day_names[w->weekday]);
      break;
    }
    case S_ITEM_NTH: S_nth(((const int *)items)[i], buf, sizeof(buf)), S_put(t, buf); break;
    case S_ITEM_MONTH: S_put(t, S_month_names[((const int *)items)[i] - 1]); break;
    case S_ITEM_NUMBER: snprintf(buf, sizeof(buf), "%d", ((const int *)items)[i]), S_put(t, buf);
    }
  }
}

typedef struct {
  loam_recur_wday all[LOAM_RECUR_MAX_LIST], some[LOAM_RECUR_MAX_LIST];
  int n_all, n_some;
  int present, weekdays, every_day;
  int mdays[LOAM_RECUR_MAX_LIST];
  int n_mdays;
} S_writer;

static void S_sort_wdays(loam_recur_wday *v, int n) { /* stable insertion sort by weekday */
  for (int i = 1; i < n; i++) {
    loam_recur_wday x = v[i];
    int j = i;
    while (j > 0 && v[j - 1].weekday > x.weekday) v[j] = v[j - 1], j--;
    v[j] = x;
  }
}

static void S_writer_init(S_writer *w, const loam_recur *r) {
  memset(w, 0, sizeof(*w));
  /* Month days: 1, 2, 3, ... then -1, -2 ... (rrule sorts them so). */
  for (int i = 0; i < r->n_monthdays; i++)
    if (r->monthdays[i] > 0) w->mdays[w->n_mdays++] = r->monthdays[i];
  for (int i = 1; i < w->n_mdays; i++)
    for (int j = i; j > 0 && w->mdays[j - 1] > w->mdays[j]; j--) {
      int x = w->mdays[j];
      w->mdays[j] = w->mdays[j - 1], w->mdays[j - 1] = x;
    }
  int pos = w->n_mdays;
  for (int i = 0; i < r->n_monthdays; i++)
    if (r->monthdays[i] < 0) w->mdays[w->n_mdays++] = r->monthdays[i];
  for (int i = pos + 1; i < w->n_mdays; i++)
    for (int j = i; j > pos && w->mdays[j - 1] < w->mdays[j]; j--) {
      int x = w->mdays[j];
      w->mdays[j] = w->mdays[j - 1], w->mdays[j - 1] = x;
    }
  if (r->n_weekdays == 0) return;
  w->present = 1;
  unsigned seen = 0;
  for (int i = 0; i < r->n_weekdays; i++) {
    seen |= 1u << r->weekdays[i].weekday;
    if (r->weekdays[i].n)
      w->some[w->n_some++] = r->weekdays[i];
    else
      w->all[w->n_all++] = r->weekdays[i];
  }
  S_sort_wdays(w->all, w->n_all);
  S_sort_wdays(w->some, w->n_some);
  w->weekdays = (seen & 0x1F) == 0x1F && !(seen & 0x60);
  w->every_day = seen == 0x7F;
}

static void S_bymonthday(S_text *t, const S_writer *w) {
  if (w->present && w->n_all) {
    S_add(t, "on");
    S_list(t, S_ITEM_WEEKDAY, w->all, w->n_all, "or");
    S_add(t, "the");
    S_list(t, S_ITEM_NTH, w->mdays, w->n_mdays, "or");
  } else {
    S_add(t, "on the");
    S_list(t, S_ITEM_NTH, w->mdays, w->n_mdays, "and");
  }
}

static void S_byweekday(S_text *t, const S_writer *w) {
  if (w->n_all && !w->weekdays) {
    S_add(t, "on");
    S_list(t, S_ITEM_WEEKDAY, w->all, w->n_all, NULL);
  }
  if (w->n_some) {
    if (w->n_all) S_add(t, "and");
    S_add(t, "on the");
    S_list(t, S_ITEM_WEEKDAY, w->some, w->n_some, "and");
  }
}

static void S_ints(const int8_t *v, int n, int *out) {
  for (int i = 0; i < n; i++) out[i] = v[i];
}

size_t loam_recur_text(const loam_recur *r, char *out, size_t cap) {
  S_text t = {out, cap, 0};
  if (cap) out[0] = '\0';
  S_writer w;
  S_writer_init(&w, r);
  int months[LOAM_RECUR_MAX_LIST], hours[LOAM_RECUR_MAX_LIST], weeknos[LOAM_RECUR_MAX_LIST];
  S_ints(r->months, r->n_months, months);
  S_ints(r->hours, r->n_hours, hours);
  S_ints(r->weeknos, r->n_weeknos, weeknos);
  char num[24];
  snprintf(num, sizeof(num), "%d", r->interval);
  int iv = r->interval;
  S_put(&t, "every");
  switch (r->freq) {
  case LOAM_RECUR_HOURLY:
  case LOAM_RECUR_MINUTELY: {
    int h = r->freq == LOAM_RECUR_HOURLY;
    if (iv != 1) S_add(&t, num);
    S_add(&t, S_plural(iv) ? (h ? "hours" : "minutes") : (h ? "hour" : "minute"));
    break;
  }
  case LOAM_RECUR_DAILY:
    if (iv != 1) S_add(&t, num);
    if (w.present && w.weekdays)
      S_add(&t, S_plural(iv) ? "weekdays" : "weekday");
    else
      S_add(&t, S_plural(iv) ? "days" : "day");
    if (r->n_months) {
      S_add(&t, "in");
      S_list(&t, S_ITEM_MONTH, months, r->n_months, "and");
    }
    if (w.n_mdays)
      S_bymonthday(&t, &w);
    else if (w.present)
      S_byweekday(&t, &w);
    else if (r->n_hours) {
      S_add(&t, "at");
      S_list(&t, S_ITEM_NUMBER, hours, r->n_hours, "and");
    }
    break;
  case LOAM_RECUR_WEEKLY:
    if (iv != 1) {
      S_add(&t, num);
      S_add(&t, S_plural(iv) ? "weeks" : "week");
    }
    if (w.present && w.weekdays) {
      if (iv == 1)
        S_add(&t, "weekday");
      else
        S_add(&t, "on"), S_add(&t, "weekdays");
    } else if (w.present && w.every_day) {
      S_add(&t, S_plural(iv) ? "days" : "day");
    } else {
      if (iv == 1) S_add(&t, "week");
      if (r->n_months) {
        S_add(&t, "in");
        S_list(&t, S_ITEM_MONTH, months, r->n_months, "and");
      }
      if (w.n_mdays)
        S_bymonthday(&t, &w);
      else if (w.present)
        S_byweekday(&t, &w);
      if (r->n_hours) {
        S_add(&t, "at");
        S_list(&t, S_ITEM_NUMBER, hours, r->n_hours, "and");
      }
    }
    break;
  case LOAM_RECUR_MONTHLY:
    if (r->n_months) {
      if (iv != 1) {
        S_add(&t, num);
        S_add(&t, "months");
        if (S_plural(iv)) S_add(&t, "in");
      }
      S_list(&t, S_ITEM_MONTH, months, r->n_months, "and");
    } else {
      if (iv != 1) S_add(&t, num);
      S_add(&t, S_plural(iv) ? "months" : "month");
    }
    if (w.n_mdays)
      S_bymonthday(&t, &w);
    else if (w.present && w.weekdays)
      S_add(&t, "on"), S_add(&t, "weekdays");
    else if (w.present)
      S_byweekday(&t, &w);
    break;
  case LOAM_RECUR_YEARLY:
    if (r->n_months) {
      if (iv != 1) S_add(&t, num), S_add(&t, "years");
      S_list(&t, S_ITEM_MONTH, months, r->n_months, "and");
    } else {
      if (iv != 1) S_add(&t, num);
      S_add(&t, S_plural(iv) ? "years" : "year");
    }
    if (w.n_mdays)
      S_bymonthday(&t, &w);
    else if (w.present)
      S_byweekday(&t, &w);
    if (r->n_weeknos) {
      S_add(&t, "in");
      S_add(&t, S_plural(r->n_weeknos) ? "weeks" : "week");
      S_list(&t, S_ITEM_NUMBER, weeknos, r->n_weeknos, "and");
    }
    break;
  }
  if (r->until) {
    int uy, um, ud;
    loam_date_to_ymd(r->until, &uy, &um, &ud);
    char until[64];
    snprintf(until, sizeof(until), "%s %d, %d", S_month_names[um - 1], ud, uy);
    S_add(&t, "until");
    S_add(&t, until);
  } else if (r->count) {
    snprintf(num, sizeof(num), "%d", r->count);
    S_add(&t, "for");
    S_add(&t, num);
    S_add(&t, S_plural(r->count) ? "times" : "time");
  }
  if (r->when_done) S_put(&t, " when done");
  return t.len < cap ? t.len : (cap ? cap - 1 : 0);
}

/* ---- occurrences ------------------------------------------------------------ */

/* The rule's filters, completed from the anchor date as rrule does. */
typedef struct {
  const loam_recur *r;
  unsigned wdays;                              /* plain weekdays, bit 0 = Monday */
  loam_recur_wday nwdays[LOAM_RECUR_MAX_LIST]; /* `2nd Friday` (monthly, yearly) */
  int n_nwdays;
  uint32_t mdays_pos, mdays_neg; /* bit d: day d / day -d */
  int has_mdays;
  unsigned months; /* bit m: month m */
} S_filter;

static void S_filter_init(S_filter *f, const loam_recur *r, loam_date dtstart) {
  memset(f, 0, sizeof(*f));
  f->r = r;
  int y, m, d;
  loam_date_to_ymd(dtstart, &y, &m, &d);
  for (int i = 0; i < r->n_weekdays; i++) {
    const loam_recur_wday *w = &r->weekdays[i];
    if (!w->n || r->freq > LOAM_RECUR_MONTHLY)
      f->wdays |= 1u << w->weekday;
    else
      f->nwdays[f->n_nwdays++] = *w;
  }
  for (int i = 0; i < r->n_monthdays; i++) {
    int v = r->monthdays[i];
    if (v > 0 && v <= 31) f->mdays_pos |= 1u << v;
    if (v < 0 && v >= -31) f->mdays_neg |= 1u << -v;
    f->has_mdays = 1;
  }
  for (int i = 0; i < r->n_months; i++) f->months |= 1u << r->months[i];
  if (!r->n_weeknos && !r->n_monthdays && !r->n_weekdays) {
    if (r->freq == LOAM_RECUR_YEARLY) {
      if (!r->n_months) f->months = 1u << m;
      f->mdays_pos = 1u << d, f->has_mdays = 1;
    } else if (r->freq == LOAM_RECUR_MONTHLY) {
      f->mdays_pos = 1u << d, f->has_mdays = 1;
    } else if (r->freq == LOAM_RECUR_WEEKLY) {
      f->wdays = 1u << loam_date_weekday(dtstart);
    }
  }
}

/* ISO 8601 week number of a date. */
static int S_iso_week(loam_date date) {
  loam_date thursday = date - loam_date_weekday(date) + 3;
  int y, m, d;
  loam_date_to_ymd(thursday, &y, &m, &d);
  return (int)((thursday - loam_date_from_ymd(y, 1, 1)) / 7) + 1;
}

/* Is `date` the n-th weekday w of [lo, hi]? */
static int S_is_nth(loam_date date, int w, int n, loam_date lo, loam_date hi) {
  if (loam_date_weekday(date) != w) return 0;
  if (n > 0) {
    loam_date first = lo + ((w - loam_date_weekday(lo) + 7) % 7);
    return date == first + 7 * (n - 1) && date <= hi;
  }
  loam_date last = hi - ((loam_date_weekday(hi) - w + 7) % 7);
  return date == last - 7 * (-n - 1) && date >= lo;
}

static int S_passes(const S_filter *f, loam_date date) {
  int y, m, d;
  loam_date_to_ymd(date, &y, &m, &d);
  const loam_recur *r = f->r;
  if (f->months && !(f->months & (1u << m))) return 0;
  if (r->n_weeknos) {
    int wk = S_iso_week(date), ok = 0;
    for (int i = 0; i < r->n_weeknos && !ok; i++) ok = r->weeknos[i] == wk;
    if (!ok) return 0;
  }
  if (f->wdays && !(f->wdays & (1u << loam_date_weekday(date)))) return 0;
  if (f->n_nwdays) {
    loam_date lo, hi;
    if (r->freq == LOAM_RECUR_MONTHLY || (r->freq == LOAM_RECUR_YEARLY && r->n_months)) {
      lo = loam_date_from_ymd(y, m, 1);
      hi = lo + loam_date_days_in_month(y, m) - 1;
    } else {
      lo = loam_date_from_ymd(y, 1, 1);
      hi = loam_date_from_ymd(y, 12, 31);
    }
    int ok = 0;
    for (int i = 0; i < f->n_nwdays && !ok; i++)
      ok = S_is_nth(date, f->nwdays[i].weekday, f->nwdays[i].n, lo, hi);
    if (!ok) return 0;
  }
  if (f->has_mdays) {
    int neg = loam_date_days_in_month(y, m) - d + 1; /* 1 on the last day */
    if (!(f->mdays_pos & (1u << d)) && !(neg <= 31 && (f->mdays_neg & (1u << neg)))) return 0;
  }
  return 1;
}

/* Rules with no occurrence at all are searched this far, then given up. */
#define S_HORIZON_YEARS 1000

/* rrule's after(): first occurrence on a date > after, dtstart <= after. */
static loam_date S_after(const loam_recur *r, loam_date dtstart, loam_date after) {
  S_filter f;
  S_filter_init(&f, r, dtstart);
  int y0, m0, d0;
  loam_date_to_ymd(dtstart, &y0, &m0, &d0);
  loam_date horizon = loam_date_from_ymd(y0 + S_HORIZON_YEARS, 1, 1);
  long seen = 0, iv = r->interval > 0 ? r->interval : 1;
  if (r->freq == LOAM_RECUR_HOURLY || r->freq == LOAM_RECUR_MINUTELY) {
    /* Occurrences every iv hours (minutes) from dtstart's midnight: a day
     * has one when some multiple of iv falls inside it. */
    long per_day = r->freq == LOAM_RECUR_HOURLY ? 24 : 1440;
    for (loam_date day = dtstart; day < horizon; day++) {
      long from = (long)(day - dtstart) * per_day, k = (from + iv - 1) / iv;
      if (k * iv >= from + per_day || !S_passes(&f, day)) continue;
      if ((r->count && k >= r->count) || (r->until && day > r->until)) return LOAM_DATE_NONE;
      if (day > after) return day;
    }
    return LOAM_DATE_NONE;
  }
  for (long k = 0;; k++) {
    loam_date lo, hi;
    switch (r->freq) {
    case LOAM_RECUR_DAILY: lo = hi = dtstart + (loam_date)(k * iv); break;
    case LOAM_RECUR_WEEKLY: {
      loam_date monday = dtstart - loam_date_weekday(dtstart);
      lo = k == 0 ? dtstart : monday + (loam_date)(k * iv * 7);
      hi = monday + (loam_date)(k * iv * 7) + 6;
      break;
    }
    case LOAM_RECUR_MONTHLY: {
      long mi = (long)(m0 - 1) + k * iv;
      int y = y0 + (int)(mi / 12), m = (int)(mi % 12) + 1;
      lo = loam_date_from_ymd(y, m, 1);
      hi = lo + loam_date_days_in_month(y, m) - 1;
      break;
    }
    default: { /* yearly */
      int y = y0 + (int)(k * iv);
      lo = loam_date_from_ymd(y, 1, 1);
      hi = loam_date_from_ymd(y, 12, 31);
    }
    }
    if (lo >= horizon) return LOAM_DATE_NONE;
    for (loam_date day = lo < dtstart ? dtstart : lo; day <= hi; day++) {
      if (!S_passes(&f, day)) continue;
      if (r->count && ++seen > r->count) return LOAM_DATE_NONE;
      if (r->until && day > r->until) return LOAM_DATE_NONE;
      if (day > after) return day;
    }
  }
}

/* The plugin's test on the rule's text: `every [N] month(s)` or
 * `every [N] year(s)`; returns N (1 when absent) or 0. */
static int S_every_n(const char *text, const char *unit) {
  if (strncmp(text, "every", 5) != 0) return 0;
  const char *p = text + 5;
  int n = 1;
  if (p[0] == ' ' && S_digit((unsigned char)p[1])) {
    n = 0;
    for (p++; S_digit((unsigned char)*p); p++) n = n * 10 + (*p - '0');
  }
  return p[0] == ' ' && strncmp(p + 1, unit, strlen(unit)) == 0 ? n : 0;
}

loam_date loam_recur_after(const loam_recur *r, loam_date dtstart, loam_date after) {
  loam_date next = S_after(r, dtstart, after);
  if (next == LOAM_DATE_NONE) return next;
  char text[512];
  loam_recur_text(r, text, sizeof(text));
  /* The plugin's month-end correction: when a plain `every month` lands
   * more than N months on (the 31st has no February), it tries again from
   * one day earlier, and again, until it lands in the right month. */
  int months = strstr(text, " on ") ? 0 : S_every_n(text, "month");
  int years = S_every_n(text, "year");
  for (int guard = 0; guard < 400 && next != LOAM_DATE_NONE; guard++) {
    int ay, am, ad, ny, nm, nd;
    loam_date_to_ymd(after, &ay, &am, &ad);
    loam_date_to_ymd(next, &ny, &nm, &nd);
    int too_far = (months && (ny - ay) * 12 + (nm - am) > months) || (years && ny - ay > years);
    if (!too_far) break;
    after -= 1;
    next = S_after(r, after, after);
  }
  return next;
}

int loam_recur_next_dates(const loam_recur *r, const loam_recur_dates *cur, loam_date today,
                          int remove_scheduled, loam_recur_dates *next) {
  loam_date order[3] = {cur->due, cur->scheduled, cur->start};
  if (remove_scheduled) order[1] = cur->start, order[2] = cur->scheduled;
  loam_date ref = LOAM_DATE_NONE;
  for (int i = 0; i < 3 && ref == LOAM_DATE_NONE; i++) ref = order[i];
  if (ref == LOAM_DATE_INVALID && !r->when_done) return 0; /* the plugin cannot anchor the rule */
  loam_date anchor = r->when_done || ref == LOAM_DATE_NONE ? today : ref;
  loam_date nref = loam_recur_after(r, anchor, anchor);
  if (nref == LOAM_DATE_NONE) return 0;
  next->start = next->scheduled = next->due = LOAM_DATE_NONE;
  if (ref == LOAM_DATE_NONE) return 1;
  const loam_date *src[3] = {&cur->start, &cur->scheduled, &cur->due};
  loam_date *dst[3] = {&next->start, &next->scheduled, &next->due};
  /* An invalid date other than the reference one lands on the new
   * reference date (the plugin adds NaN days, which moment ignores). */
  for (int i = 0; i < 3; i++)
    *dst[i] = LOAM_DATE_IS_REAL(*src[i]) && LOAM_DATE_IS_REAL(ref) ? nref + (*src[i] - ref)
              : *src[i] == LOAM_DATE_INVALID                       ? nref
                                                                   : LOAM_DATE_NONE;
  if (remove_scheduled && (cur->start != LOAM_DATE_NONE || cur->due != LOAM_DATE_NONE))
    next->scheduled = LOAM_DATE_NONE;
  return 1;
}

int loam_recur_of_task(const char *text, const loam_recur_dates *dates, char *norm, size_t cap) {
  loam_recur r;
  if (!text || !loam_recur_parse(text, strlen(text), &r)) return 0;
  loam_date ref = dates->due != LOAM_DATE_NONE         ? dates->due
                  : dates->scheduled != LOAM_DATE_NONE ? dates->scheduled
                                                       : dates->start;
  if (ref == LOAM_DATE_INVALID && !r.when_done) return 0;
  if (norm) loam_recur_text(&r, norm, cap);
  return 1;
}
