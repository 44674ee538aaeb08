/*
 * eval.c: what a filter sees of a task, and whether it matches.
 *
 * loam_qtask_init() derives, once per task, the values several filters,
 * sort keys and groups share (status type, file name, folder, root, the
 * `happens` date, urgency). loam_qfilter_match() is then a pure function of
 * that view: dates were resolved when the query was parsed.
 *
 * Semantics follow the plugin: text `includes` is a case-insensitive
 * substring test; multi-valued fields (tags, depends on) match when any
 * value does; a missing date fails every date filter except `starts`,
 * which matches tasks without a start date; an invalid date matches no
 * comparison; `happens` matches when any of start, scheduled or due does.
 */
#include <string.h>

#include "../common/utf8.h"
#include "../task/recur.h"
#include "internal.h"

/* ---- statuses ----------------------------------------------------------- */

loam_status_type loam_status_type_of(const char *symbol) {
  loam_status unknown;
  return loam_status_lookup(NULL, symbol, &unknown)->type;
}

const char *loam_status_name_of(const char *symbol) {
  loam_status unknown;
  const loam_status *st = loam_status_lookup(NULL, symbol, &unknown);
  return st == &unknown ? "Unknown" : st->name;
}

/* ---- the task view ------------------------------------------------------ */

double loam_qtask_urgency(const loam_task *task, loam_date today) {
  static const double priority[] = {-1.8, 0.0, 1.95, 3.9, 6.0, 9.0}; /* lowest..highest */
  double u = 0.0;
  if (LOAM_DATE_IS_REAL(task->due)) {
    /* Overdue by a week or more weighs 12; due in two weeks or later 2.4. */
    int overdue = (int)(today - task->due);
    double mult = overdue >= 7 ? 1.0 : overdue >= -14 ? (overdue + 14.0) * 0.8 / 21.0 + 0.2 : 0.2;
    u += mult * 12.0;
  }
  if (LOAM_DATE_IS_REAL(task->scheduled) && task->scheduled <= today) u += 5.0;
  if (LOAM_DATE_IS_REAL(task->start) && task->start > today) u -= 3.0;
  if (task->priority >= LOAM_PRIO_LOWEST && task->priority <= LOAM_PRIO_HIGHEST)
    u += priority[task->priority];
  return u;
}

static loam_date S_earliest(loam_date a, loam_date b) {
  if (!LOAM_DATE_IS_REAL(a)) return LOAM_DATE_IS_REAL(b) ? b : LOAM_DATE_NONE;
  if (!LOAM_DATE_IS_REAL(b)) return a;
  return a < b ? a : b;
}

const char *loam_qtask_recurrence(const loam_task *task, loam_arena *arena) {
  if (!task->recurrence) return NULL;
  loam_recur_dates dates = {task->start, task->scheduled, task->due};
  char norm[512];
  if (!loam_recur_of_task(task->recurrence, &dates, norm, sizeof(norm))) return NULL;
  return loam_arena_strdup(arena, norm);
}

void loam_qtask_init(loam_qtask *t, const loam_note *note, int32_t note_index, uint32_t task_index,
                     const loam_query_ctx *ctx, loam_date today, loam_arena *arena) {
  const loam_task *task = &note->tasks.items[task_index];
  memset(t, 0, sizeof(*t));
  t->note = note;
  t->task = task;
  t->note_index = note_index;
  t->task_index = task_index;
  loam_status unknown;
  const loam_status *st = loam_status_lookup(ctx ? ctx->statuses : NULL, task->status, &unknown);
  t->type = st->type;
  t->status_name = st == &unknown ? "Unknown" : st->name; /* the table outlives the query */
  t->recurrence = loam_qtask_recurrence(task, arena);
  const char *path = note->path ? note->path : "";
  const char *slash = strrchr(path, '/');
  t->filename = slash ? slash + 1 : path;
  if (slash) {
    t->folder = loam_arena_strndup(arena, path, (size_t)(slash - path) + 1);
    t->root = loam_arena_strndup(arena, path, (size_t)(strchr(path, '/') - path) + 1);
  } else {
    t->folder = t->root = "/";
  }
  t->happens = S_earliest(S_earliest(task->start, task->scheduled), task->due);
  t->urgency = loam_qtask_urgency(task, today);
}

/* ---- field values ------------------------------------------------------- */

static const char *S_text(const loam_qtask *t, loam_qfield f) {
  const loam_task *k = t->task;
  const char *v = NULL;
  switch (f) {
  case LOAM_QFIELD_DESCRIPTION: v = k->description; break;
  case LOAM_QFIELD_PATH: v = t->note->path; break;
  case LOAM_QFIELD_FOLDER: v = t->folder; break;
  case LOAM_QFIELD_ROOT: v = t->root; break;
  case LOAM_QFIELD_FILENAME: v = t->filename; break;
  case LOAM_QFIELD_HEADING: v = k->heading; break;
  case LOAM_QFIELD_STATUS_NAME: v = t->status_name; break;
  case LOAM_QFIELD_RECURRENCE: v = t->recurrence; break;
  case LOAM_QFIELD_ID: v = k->id; break;
  default: break;
  }
  return v ? v : "";
}

static loam_date S_date(const loam_qtask *t, loam_qfield f) {
  const loam_task *k = t->task;
  switch (f) {
  case LOAM_QFIELD_DUE: return k->due;
  case LOAM_QFIELD_SCHEDULED: return k->scheduled;
  case LOAM_QFIELD_START: return k->start;
  case LOAM_QFIELD_CREATED: return k->created;
  case LOAM_QFIELD_DONE: return k->done;
  case LOAM_QFIELD_CANCELLED: return k->cancelled;
  case LOAM_QFIELD_HAPPENS: return t->happens;
  default: return LOAM_DATE_NONE;
  }
}

static int S_text_match(const loam_qfilter *f, const char *s) {
  size_t n = strlen(s);
  if (f->re) return loam_qregex_match(f->re, s, n);
  if (f->exact) return n == f->needle_len && memcmp(s, f->needle, n) == 0;
  return loam_utf8_casestr(s, n, f->needle, f->needle_len) != NULL;
}

static int S_match_text(const loam_qfilter *f, const loam_qtask *t) {
  if (f->field == LOAM_QFIELD_TAGS) {
    for (size_t i = 0; i < t->task->n_tags; i++)
      if (S_text_match(f, t->task->tags[i])) return 1;
    return 0;
  }
  return S_text_match(f, S_text(t, f->field));
}

static int S_has(const loam_qtask *t, loam_qfield f) {
  const loam_task *k = t->task;
  switch (f) {
  case LOAM_QFIELD_TAGS: return k->n_tags > 0;
  case LOAM_QFIELD_ID: return k->id && *k->id;
  case LOAM_QFIELD_DEPENDS_ON: return k->n_depends_on > 0;
  case LOAM_QFIELD_HAPPENS:
    return k->start != LOAM_DATE_NONE || k->scheduled != LOAM_DATE_NONE || k->due != LOAM_DATE_NONE;
  default: return S_date(t, f) != LOAM_DATE_NONE; /* an invalid date is still there */
  }
}

static int S_date_cmp(const loam_qfilter *f, loam_date d) {
  switch (f->op) {
  case LOAM_QDATE_BEFORE: return d < f->lo;
  case LOAM_QDATE_AFTER: return d > f->hi;
  case LOAM_QDATE_IN_OR_BEFORE: return d <= f->hi;
  case LOAM_QDATE_IN_OR_AFTER: return d >= f->lo;
  default: return d >= f->lo && d <= f->hi;
  }
}

static int S_match_date(const loam_qfilter *f, const loam_qtask *t) {
  if (f->field == LOAM_QFIELD_HAPPENS) {
    const loam_task *k = t->task;
    loam_date ds[3] = {k->start, k->scheduled, k->due};
    for (int i = 0; i < 3; i++)
      if (LOAM_DATE_IS_REAL(ds[i]) && S_date_cmp(f, ds[i])) return 1;
    return 0;
  }
  loam_date d = S_date(t, f->field);
  if (d == LOAM_DATE_NONE) return f->field == LOAM_QFIELD_START;
  return d != LOAM_DATE_INVALID && S_date_cmp(f, d);
}

static int S_match_priority(const loam_qfilter *f, const loam_qtask *t) {
  int p = (int)t->task->priority;
  switch (f->prio_op) {
  case LOAM_QPRIO_ABOVE: return p > f->value;
  case LOAM_QPRIO_BELOW: return p < f->value;
  case LOAM_QPRIO_NOT: return p != f->value;
  default: return p == f->value;
  }
}

/* Top level list item: no indentation, or at most one space after the
 * last '>' of a blockquote or callout. */
static int S_top_level(const loam_task *k) {
  if (k->indent == 0 || !k->text) return 1;
  const char *gt = NULL;
  for (uint32_t i = 0; i < k->indent; i++)
    if (k->text[i] == '>') gt = k->text + i;
  if (!gt) return 0;
  size_t rest = (size_t)(k->text + k->indent - gt - 1);
  return rest == 0 || (rest == 1 && gt[1] == ' ');
}

static int S_match_leaf(const loam_qfilter *f, const loam_qtask *t) {
  switch (f->kind) {
  case LOAM_QF_DONE: return loam_status_is_done(t->type);
  case LOAM_QF_STATUS_TYPE: return (int)t->type == f->value;
  case LOAM_QF_TEXT: return S_match_text(f, t);
  case LOAM_QF_HAS: return S_has(t, f->field);
  case LOAM_QF_DATE: return S_match_date(f, t);
  case LOAM_QF_DATE_INVALID: return S_date(t, f->field) == LOAM_DATE_INVALID;
  case LOAM_QF_PRIORITY: return S_match_priority(f, t);
  case LOAM_QF_RECURRING: return t->recurrence != NULL;
  case LOAM_QF_SUB_ITEMS: return S_top_level(t->task);
  case LOAM_QF_BLOCKING: return t->blocking;
  case LOAM_QF_BLOCKED: return t->blocked;
  default: return 0;
  }
}

int loam_qfilter_match(const loam_qfilter *f, const loam_qtask *t) {
  int r;
  switch (f->kind) {
  case LOAM_QF_AND:
    r = 1;
    for (size_t i = 0; i < f->n_kids && r; i++) r = loam_qfilter_match(f->kids[i], t);
    break;
  case LOAM_QF_OR:
    r = 0;
    for (size_t i = 0; i < f->n_kids && !r; i++) r = loam_qfilter_match(f->kids[i], t);
    break;
  case LOAM_QF_XOR: /* chained: true for an odd number of matches */
    r = 0;
    for (size_t i = 0; i < f->n_kids; i++) r ^= loam_qfilter_match(f->kids[i], t);
    break;
  case LOAM_QF_NOT: r = !loam_qfilter_match(f->kids[0], t); break;
  default: r = S_match_leaf(f, t); break;
  }
  return f->negate ? !r : r;
}
