/*
 * filter.c: one filter instruction to a loam_qfilter.
 *
 * Three tables, tried in order: instructions that are fixed phrases
 * (`not done`, `has due date`, `exclude sub-items`, ...), then
 * instructions that start with a field word (`due ...`, `description ...`,
 * `priority ...`), then Boolean combinations. A line that starts with a
 * field word but does not continue as that field allows is an error that
 * names the field and what it accepts; any other line is "unknown".
 * Keywords are case-insensitive; the values after them are kept as typed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- small text helpers ------------------------------------------------- */

static int S_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive compare of s[0..n) with a phrase, where any run of
 * spaces in s matches the single spaces of the phrase. */
static int S_phrase_eq(const char *s, size_t n, const char *phrase) {
  size_t i = 0;
  for (; *phrase; phrase++) {
    if (*phrase == ' ') {
      if (i >= n || s[i] != ' ') return 0;
      while (i < n && s[i] == ' ') i++;
      continue;
    }
    if (i >= n || S_lower((unsigned char)s[i]) != *phrase) return 0;
    i++;
  }
  return i == n;
}

/* Matches `word` (lower case, may contain single spaces) at s+*pos, followed
 * by a space or the end. Advances *pos past the word, not the space. */
static int S_word_at(const char *s, size_t n, size_t *pos, const char *word) {
  size_t i = *pos;
  for (; *word; word++) {
    if (*word == ' ') {
      if (i >= n || s[i] != ' ') return 0;
      while (i < n && s[i] == ' ') i++;
      continue;
    }
    if (i >= n || S_lower((unsigned char)s[i]) != *word) return 0;
    i++;
  }
  if (i < n && s[i] != ' ') return 0;
  *pos = i;
  return 1;
}

static int S_contains(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(s + i, needle, k) == 0) return 1;
  return 0;
}

static loam_qfilter *S_new(loam_qparser *p, loam_qfilter_kind kind, const char *s, size_t n) {
  loam_qfilter *f = loam_arena_alloc(loam_qparse_arena(p), sizeof(*f));
  f->kind = kind;
  f->source = loam_arena_strndup(loam_qparse_arena(p), s, n);
  return f;
}

static char *S_printf(loam_qparser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *S_printf(loam_qparser *p, const char *fmt, ...) {
  loam_strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  loam_strbuf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *r = loam_arena_strdup(loam_qparse_arena(p), loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return r;
}

/* ---- fixed phrases ------------------------------------------------------ */

static const struct {
  const char *phrase;
  loam_qfilter_kind kind;
  loam_qfield field;
  int negate;
  const char *explain;
} S_phrases[] = {
    {"done", LOAM_QF_DONE, 0, 0, "status type is DONE or CANCELLED or NON_TASK"},
    {"not done", LOAM_QF_DONE, 0, 1, "status type is TODO or IN_PROGRESS or ON_HOLD"},
    {"has due date", LOAM_QF_HAS, LOAM_QFIELD_DUE, 0, NULL},
    {"no due date", LOAM_QF_HAS, LOAM_QFIELD_DUE, 1, NULL},
    {"due date is invalid", LOAM_QF_DATE_INVALID, LOAM_QFIELD_DUE, 0, NULL},
    {"has scheduled date", LOAM_QF_HAS, LOAM_QFIELD_SCHEDULED, 0, NULL},
    {"no scheduled date", LOAM_QF_HAS, LOAM_QFIELD_SCHEDULED, 1, NULL},
    {"scheduled date is invalid", LOAM_QF_DATE_INVALID, LOAM_QFIELD_SCHEDULED, 0, NULL},
    {"has start date", LOAM_QF_HAS, LOAM_QFIELD_START, 0, NULL},
    {"no start date", LOAM_QF_HAS, LOAM_QFIELD_START, 1, NULL},
    {"start date is invalid", LOAM_QF_DATE_INVALID, LOAM_QFIELD_START, 0, NULL},
    {"has created date", LOAM_QF_HAS, LOAM_QFIELD_CREATED, 0, NULL},
    {"no created date", LOAM_QF_HAS, LOAM_QFIELD_CREATED, 1, NULL},
    {"created date is invalid", LOAM_QF_DATE_INVALID, LOAM_QFIELD_CREATED, 0, NULL},
    {"has done date", LOAM_QF_HAS, LOAM_QFIELD_DONE, 0, NULL},
    {"no done date", LOAM_QF_HAS, LOAM_QFIELD_DONE, 1, NULL},
    {"done date is invalid", LOAM_QF_DATE_INVALID, LOAM_QFIELD_DONE, 0, NULL},
    {"has cancelled date", LOAM_QF_HAS, LOAM_QFIELD_CANCELLED, 0, NULL},
    {"no cancelled date", LOAM_QF_HAS, LOAM_QFIELD_CANCELLED, 1, NULL},
    {"cancelled date is invalid", LOAM_QF_DATE_INVALID, LOAM_QFIELD_CANCELLED, 0, NULL},
    {"has happens date", LOAM_QF_HAS, LOAM_QFIELD_HAPPENS, 0, NULL},
    {"no happens date", LOAM_QF_HAS, LOAM_QFIELD_HAPPENS, 1, NULL},
    {"has tags", LOAM_QF_HAS, LOAM_QFIELD_TAGS, 0, NULL},
    {"has tag", LOAM_QF_HAS, LOAM_QFIELD_TAGS, 0, NULL},
    {"no tags", LOAM_QF_HAS, LOAM_QFIELD_TAGS, 1, NULL},
    {"no tag", LOAM_QF_HAS, LOAM_QFIELD_TAGS, 1, NULL},
    {"has id", LOAM_QF_HAS, LOAM_QFIELD_ID, 0, NULL},
    {"no id", LOAM_QF_HAS, LOAM_QFIELD_ID, 1, NULL},
    {"has depends on", LOAM_QF_HAS, LOAM_QFIELD_DEPENDS_ON, 0, NULL},
    {"no depends on", LOAM_QF_HAS, LOAM_QFIELD_DEPENDS_ON, 1, NULL},
    {"is recurring", LOAM_QF_RECURRING, 0, 0, NULL},
    {"is not recurring", LOAM_QF_RECURRING, 0, 1, NULL},
    {"exclude sub-items", LOAM_QF_SUB_ITEMS, 0, 0, NULL},
    {"is blocking", LOAM_QF_BLOCKING, 0, 0, NULL},
    {"is not blocking", LOAM_QF_BLOCKING, 0, 1, NULL},
    {"is blocked", LOAM_QF_BLOCKED, 0, 0, NULL},
    {"is not blocked", LOAM_QF_BLOCKED, 0, 1, NULL},
};

static loam_qfilter *S_phrase(loam_qparser *p, const char *s, size_t n) {
  for (size_t i = 0; i < sizeof(S_phrases) / sizeof(S_phrases[0]); i++) {
    if (!S_phrase_eq(s, n, S_phrases[i].phrase)) continue;
    loam_qfilter *f = S_new(p, S_phrases[i].kind, s, n);
    f->field = S_phrases[i].field;
    f->negate = S_phrases[i].negate;
    if (S_phrases[i].explain)
      f->explain = loam_arena_strdup(loam_qparse_arena(p), S_phrases[i].explain);
    if (f->kind == LOAM_QF_BLOCKING || f->kind == LOAM_QF_BLOCKED) loam_qparse_uses_blocking(p);
    return f;
  }
  return NULL;
}

/* ---- text fields: includes / regex matches ------------------------------ */

static const char S_text_ops_help[] =
    "includes <text>, does not include <text>, regex matches /re/ or regex does not match /re/";

static int S_text(loam_qparser *p, const char *s, size_t n, size_t off, size_t pos,
                  loam_qfield field, const char *name, loam_qfilter **out) {
  static const struct {
    const char *op;
    int negate, regex, tags_only;
  } ops[] = {
      {"includes", 0, 0, 0},      {"does not include", 1, 0, 0},
      {"regex matches", 0, 1, 0}, {"regex does not match", 1, 1, 0},
      {"include", 0, 0, 1},       {"do not include", 1, 0, 1},
  };
  size_t at = pos;
  while (at < n && s[at] == ' ') at++;
  for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
    size_t q = at;
    if (ops[i].tags_only && field != LOAM_QFIELD_TAGS) continue;
    if (!S_word_at(s, n, &q, ops[i].op)) continue;
    if (q + 1 >= n) /* nothing after the operator */
      return loam_qparse_fail(p, off + q, "%s %s: expected %s after '%s'", name, ops[i].op,
                              ops[i].regex ? "a /regular expression/" : "the text to search for",
                              ops[i].op);
    const char *v = s + q + 1; /* exactly one space, as the plugin reads it */
    size_t vn = n - q - 1;
    loam_qfilter *f = S_new(p, LOAM_QF_TEXT, s, n);
    f->field = field;
    f->negate = ops[i].negate;
    if (ops[i].regex) {
      char msg[300];
      f->re = loam_qregex_new(v, vn, msg, sizeof(msg));
      if (!f->re) return loam_qparse_fail(p, off + q + 1, "%s", msg);
      loam_qparse_keep_regex(p, f->re);
      loam_strbuf b = {0};
      const char *slash = memchr(s, '/', n);
      loam_strbuf_puts(&b, "using regex: ");
      while (slash && b.len + 2 < (size_t)(slash - s)) loam_strbuf_putc(&b, ' ');
      loam_qregex_describe(f->re, &b);
      f->explain = loam_arena_strdup(loam_qparse_arena(p), loam_strbuf_cstr(&b));
      loam_strbuf_free(&b);
    } else {
      f->needle = loam_arena_strndup(loam_qparse_arena(p), v, vn);
      f->needle_len = vn;
    }
    *out = f;
    return 0;
  }
  return loam_qparse_fail(p, off + at, "do not understand '%.*s': after '%s' expected %s%s", (int)n,
                          s, name, S_text_ops_help,
                          field == LOAM_QFIELD_TAGS ? " (or include / do not include)" : "");
}

/* ---- dates -------------------------------------------------------------- */

static const char *S_date_name(loam_qfield f) {
  switch (f) {
  case LOAM_QFIELD_DUE: return "due";
  case LOAM_QFIELD_SCHEDULED: return "scheduled";
  case LOAM_QFIELD_START: return "start";
  case LOAM_QFIELD_CREATED: return "created";
  case LOAM_QFIELD_DONE: return "done";
  case LOAM_QFIELD_CANCELLED: return "cancelled";
  default: return "due, start or scheduled";
  }
}

/* The plugin's explanation: "due date is before 2026-11-25 (Wednesday ...)". */
static char *S_date_explain(loam_qparser *p, const loam_qfilter *f) {
  const char *name = S_date_name(f->field);
  const char *missing = f->field == LOAM_QFIELD_START ? " OR no start date" : "";
  char lo[64], hi[64];
  loam_qdate_describe(f->lo, lo, sizeof(lo));
  loam_qdate_describe(f->hi, hi, sizeof(hi));
  switch (f->op) {
  case LOAM_QDATE_BEFORE: return S_printf(p, "%s date is before %s%s", name, lo, missing);
  case LOAM_QDATE_AFTER: return S_printf(p, "%s date is after %s%s", name, hi, missing);
  case LOAM_QDATE_IN_OR_BEFORE:
    return S_printf(p, "%s date is on or before %s%s", name, hi, missing);
  case LOAM_QDATE_IN_OR_AFTER: return S_printf(p, "%s date is on or after %s%s", name, lo, missing);
  default: break;
  }
  if (f->lo == f->hi) return S_printf(p, "%s date is on %s%s", name, lo, missing);
  return S_printf(p, "%s date is between:\n  %s and\n  %s inclusive%s", name, lo, hi,
                  *missing ? "\n  OR no start date" : "");
}

static int S_date(loam_qparser *p, const char *s, size_t n, size_t off, size_t pos,
                  loam_qfield field, const char *word, loam_qfilter **out) {
  static const struct {
    const char *kw;
    loam_qdate_op op;
  } kws[] = {
      {"on or before", LOAM_QDATE_IN_OR_BEFORE},
      {"in or before", LOAM_QDATE_IN_OR_BEFORE},
      {"on or after", LOAM_QDATE_IN_OR_AFTER},
      {"in or after", LOAM_QDATE_IN_OR_AFTER},
      {"before", LOAM_QDATE_BEFORE},
      {"after", LOAM_QDATE_AFTER},
      {"on", LOAM_QDATE_IN},
      {"in", LOAM_QDATE_IN},
  };
  const char *tmpl = NULL;
  if (S_contains(s, n, "<%"))
    tmpl = "<%";
  else if (S_contains(s, n, "YYYY-MM-DD"))
    tmpl = "YYYY-MM-DD";
  if (tmpl)
    return loam_qparse_fail(p, off,
                            "instruction contains unexpanded template text \"%s\" and "
                            "cannot be interpreted",
                            tmpl);
  size_t kw_at = pos;
  while (kw_at < n && s[kw_at] == ' ') kw_at++;
  size_t at = kw_at;
  loam_qdate_op op = LOAM_QDATE_IN;
  for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
    if (S_word_at(s, n, &at, kws[i].kw)) {
      op = kws[i].op;
      break;
    }
  }
  size_t date_at = at;
  while (date_at < n && s[date_at] == ' ') date_at++;
  loam_qfilter *f = S_new(p, LOAM_QF_DATE, s, n);
  f->field = field;
  f->op = op;
  /* First as a range; failing that, keyword and text as one date, which
   * is how `due in two weeks` means "the day two weeks from today". */
  if (!loam_qdate_parse_range(s + date_at, n - date_at, p->ctx->today, &f->lo, &f->hi)) {
    if (!loam_qdate_parse(s + kw_at, n - kw_at, p->ctx->today, &f->lo))
      return loam_qparse_fail(p, off + date_at,
                              "do not understand %s date '%.*s': expected a date such as "
                              "2026-11-25, today, tomorrow, next monday, in 3 days, or a range "
                              "such as this week, next month, 2026-W48, 2026-Q4, 2026-11, 2026 "
                              "or two dates",
                              word, (int)(n - date_at), s + date_at);
    f->hi = f->lo;
  }
  f->explain = S_date_explain(p, f);
  *out = f;
  return 0;
}

/* ---- priority and status.type ------------------------------------------- */

static int S_priority(loam_qparser *p, const char *s, size_t n, size_t off, size_t pos,
                      loam_qfilter **out) {
  static const char *const names[] = {"lowest", "low", "none", "medium", "high", "highest"};
  size_t at = pos;
  while (at < n && s[at] == ' ') at++;
  S_word_at(s, n, &at, "is");
  while (at < n && s[at] == ' ') at++;
  loam_qprio_op op = LOAM_QPRIO_IS;
  if (S_word_at(s, n, &at, "above"))
    op = LOAM_QPRIO_ABOVE;
  else if (S_word_at(s, n, &at, "below"))
    op = LOAM_QPRIO_BELOW;
  else if (S_word_at(s, n, &at, "not"))
    op = LOAM_QPRIO_NOT;
  while (at < n && s[at] == ' ') at++;
  for (int i = 0; i < 6; i++) {
    size_t q = at;
    if (!S_word_at(s, n, &q, names[i]) || q != n) continue;
    loam_qfilter *f = S_new(p, LOAM_QF_PRIORITY, s, n);
    f->value = i;
    f->prio_op = op;
    if (op == LOAM_QPRIO_IS) f->explain = S_printf(p, "priority is %.*s", (int)(n - at), s + at);
    *out = f;
    return 0;
  }
  return loam_qparse_fail(p, off + at,
                          "do not understand priority: expected priority is "
                          "[above|below|not] lowest|low|none|medium|high|highest");
}

static int S_status_type(loam_qparser *p, const char *s, size_t n, size_t off, size_t pos,
                         loam_qfilter **out) {
  size_t at = pos;
  while (at < n && s[at] == ' ') at++;
  int negate = 0;
  if (S_word_at(s, n, &at, "is not"))
    negate = 1;
  else if (!S_word_at(s, n, &at, "is"))
    at = n + 1;
  while (at < n && s[at] == ' ') at++;
  for (int t = LOAM_STATUS_IN_PROGRESS; at < n && t <= LOAM_STATUS_NON_TASK; t++) {
    size_t q = at;
    char name[16];
    const char *tn = loam_status_type_name((loam_status_type)t);
    for (size_t i = 0; i <= strlen(tn); i++) name[i] = (char)S_lower((unsigned char)tn[i]);
    if (!S_word_at(s, n, &q, name) || q != n) continue;
    loam_qfilter *f = S_new(p, LOAM_QF_STATUS_TYPE, s, n);
    f->value = t;
    f->negate = negate;
    *out = f;
    return 0;
  }
  return loam_qparse_fail(p, off + (at < n ? at : pos),
                          "invalid status.type instruction: expected status.type is|is not "
                          "TODO|DONE|IN_PROGRESS|ON_HOLD|CANCELLED|NON_TASK (any case)");
}

/* ---- the field table ---------------------------------------------------- */

typedef enum { S_TEXT, S_DATE, S_PRIORITY, S_STATUS_TYPE } S_field_kind;

static const struct {
  const char *word;
  S_field_kind kind;
  loam_qfield field;
} S_fields[] = {
    {"status.name", S_TEXT, LOAM_QFIELD_STATUS_NAME},
    {"status.type", S_STATUS_TYPE, 0},
    {"priority", S_PRIORITY, 0},
    {"happens", S_DATE, LOAM_QFIELD_HAPPENS},
    {"cancelled", S_DATE, LOAM_QFIELD_CANCELLED},
    {"created", S_DATE, LOAM_QFIELD_CREATED},
    {"starts", S_DATE, LOAM_QFIELD_START},
    {"scheduled", S_DATE, LOAM_QFIELD_SCHEDULED},
    {"due", S_DATE, LOAM_QFIELD_DUE},
    {"done", S_DATE, LOAM_QFIELD_DONE},
    {"path", S_TEXT, LOAM_QFIELD_PATH},
    {"folder", S_TEXT, LOAM_QFIELD_FOLDER},
    {"root", S_TEXT, LOAM_QFIELD_ROOT},
    {"description", S_TEXT, LOAM_QFIELD_DESCRIPTION},
    {"tags", S_TEXT, LOAM_QFIELD_TAGS},
    {"tag", S_TEXT, LOAM_QFIELD_TAGS},
    {"heading", S_TEXT, LOAM_QFIELD_HEADING},
    {"filename", S_TEXT, LOAM_QFIELD_FILENAME},
    {"recurrence", S_TEXT, LOAM_QFIELD_RECURRENCE},
    {"id", S_TEXT, LOAM_QFIELD_ID},
};

/* `filter by function`: only the default preset this_folder_only has a
 * native meaning (the task's folder equals the query's); any other
 * JavaScript cannot run here. */
static int S_function(loam_qparser *p, const char *s, size_t n, size_t off, size_t pos,
                      loam_qfilter **out) {
  while (pos < n && s[pos] == ' ') pos++;
  const char *folder_only = "task.file.folder === query.file.folder";
  const char *path = p->ctx ? p->ctx->query_path : NULL;
  if (path && n - pos == strlen(folder_only) && memcmp(s + pos, folder_only, n - pos) == 0) {
    const char *slash = strrchr(path, '/');
    loam_qfilter *f = S_new(p, LOAM_QF_TEXT, s, n);
    f->field = LOAM_QFIELD_FOLDER;
    f->exact = 1;
    f->needle =
        slash ? loam_arena_strndup(loam_qparse_arena(p), path, (size_t)(slash - path) + 1) : "/";
    f->needle_len = strlen(f->needle);
    *out = f;
    return 0;
  }
  return loam_qparse_fail_code(p, LOAM_E_UNSUPPORTED, off,
                               "'filter by function' is not supported: loam has no JavaScript "
                               "engine (use the built-in filters, combined with AND/OR/NOT)");
}

int loam_qfilter_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qfilter **out) {
  *out = S_phrase(p, s, n);
  if (*out) return 0;
  size_t pos = 0;
  if (S_word_at(s, n, &pos, "filter by function")) return S_function(p, s, n, off, pos, out);
  for (size_t i = 0; i < sizeof(S_fields) / sizeof(S_fields[0]); i++) {
    pos = 0;
    if (!S_word_at(s, n, &pos, S_fields[i].word)) continue;
    if (pos == n && S_fields[i].kind != S_STATUS_TYPE)
      return loam_qparse_fail(p, off + pos, "do not understand '%.*s': '%s' needs more after it",
                              (int)n, s, S_fields[i].word);
    switch (S_fields[i].kind) {
    case S_TEXT: return S_text(p, s, n, off, pos, S_fields[i].field, S_fields[i].word, out);
    case S_DATE: return S_date(p, s, n, off, pos, S_fields[i].field, S_fields[i].word, out);
    case S_PRIORITY: return S_priority(p, s, n, off, pos, out);
    case S_STATUS_TYPE: return S_status_type(p, s, n, off, pos, out);
    }
  }
  if (loam_qboolean_looks_like(s, n)) return loam_qboolean_parse(p, s, n, off, out);
  pos = 0;
  if (S_word_at(s, n, &pos, "urgency"))
    return loam_qparse_fail(p, off,
                            "filtering by urgency is not supported (sort or group by "
                            "urgency instead)");
  return loam_qparse_fail(p, off,
                          "do not understand '%.*s': expected a filter such as "
                          "'not done', 'due before tomorrow', 'description includes "
                          "text', 'tags include #tag', 'path includes folder/', "
                          "'(filter) OR (filter)', or 'sort by', 'group by', 'limit', "
                          "'hide'/'show', 'explain'",
                          (int)n, s);
}
