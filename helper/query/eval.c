/*
 * eval.c: what a filter sees of a task, and whether it matches.
 *
 * A task is seen through a loam_qtask: its record in the task table
 * (cache.c: dates, priority, flags, path, folder, root, the normalised
 * rule) and the status its symbol has under this query's statuses; the
 * note's own task is read only for text (description, heading, id, tags).
 * loam_qfilter_match() is a pure function of that view: dates were resolved
 * when the query was parsed.
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

/*
 * Urgency is a sum of four parts, each with few possible values: the due
 * date's (none; overdue by a week or more; due in more than two weeks; or
 * one of the 21 days between), scheduled today or earlier, starting after
 * today, and the priority. A task's "urgency class" names the four; the
 * score is worked out from the class alone, so sorting and grouping can
 * rank a few hundred classes instead of comparing a score per task.
 */
enum { S_PRIO_CLASSES = LOAM_QURGENCY_PRIO_CLASSES };

double loam_qurgency_of_class(uint32_t c) {
  static const double weight[] = {-1.8, 0.0, 1.95, 3.9, 6.0, 9.0}; /* lowest..highest */
  uint32_t p = c % S_PRIO_CLASSES, st = c / S_PRIO_CLASSES % 2, s = c / S_PRIO_CLASSES / 2 % 2;
  uint32_t d = c / S_PRIO_CLASSES / 4;
  double u = 0.0;
  if (d > 0) {
    /* Overdue by a week or more weighs 12; due in two weeks or later 2.4. */
    int overdue = (int)d - 3 - 14;
    double mult = d == 1 ? 1.0 : d == 2 ? 0.2 : (overdue + 14.0) * 0.8 / 21.0 + 0.2;
    u += mult * 12.0;
  }
  if (s) u += 5.0;
  if (st) u -= 3.0;
  if (p < S_PRIO_CLASSES - 1) u += weight[p];
  return u;
}

double loam_qurgency(loam_date due, loam_date scheduled, loam_date start, int priority,
                     loam_date today) {
  return loam_qurgency_of_class(loam_qurgency_class(due, scheduled, start, priority, today));
}

double loam_qtask_urgency(const loam_task *task, loam_date today) {
  return loam_qurgency(task->due, task->scheduled, task->start, (int)task->priority, today);
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

static const loam_qnote *S_note(const loam_qtask *t) {
  return &t->run->cache->notes.items[t->rec->note];
}

const char *loam_qtask_path(const loam_qtask *t) {
  return t->run->cache->pool.items + S_note(t)->path;
}

const char *loam_qtask_filename(const loam_qtask *t) {
  const loam_qnote *m = S_note(t);
  return t->run->cache->pool.items + m->path + m->name;
}

const char *loam_qtask_folder(const loam_qtask *t) {
  return t->run->cache->strs.items.items[S_note(t)->folder];
}

const char *loam_qtask_root(const loam_qtask *t) {
  return t->run->cache->strs.items.items[S_note(t)->root];
}

const char *loam_qtask_rule(const loam_qtask *t) {
  if (!(t->rec->flags & LOAM_QREC_RECURRING)) return NULL;
  return t->run->cache->strs.items.items[t->rec->recur];
}

loam_date loam_qtask_happens(const loam_qtask *t) {
  const loam_qrec *k = t->rec;
  return S_earliest(S_earliest(k->start, k->scheduled), k->due);
}

double loam_qtask_urgency_of(const loam_qtask *t) {
  const loam_qrec *k = t->rec;
  return loam_qurgency(k->due, k->scheduled, k->start, k->priority, t->run->today);
}

static size_t S_rec_index(const loam_qtask *t) {
  return (size_t)(t->rec - t->run->cache->recs.items);
}

int loam_qtask_blocking(const loam_qtask *t) {
  return t->run->blocking && t->run->blocking[S_rec_index(t)];
}

int loam_qtask_blocked(const loam_qtask *t) {
  return t->run->blocked && t->run->blocked[S_rec_index(t)];
}

/* ---- field values ------------------------------------------------------- */

static const char *S_text(const loam_qtask *t, loam_qfield f) {
  const char *v = NULL;
  switch (f) {
  case LOAM_QFIELD_DESCRIPTION: v = loam_qtask_task(t)->description; break;
  case LOAM_QFIELD_PATH: v = loam_qtask_path(t); break;
  case LOAM_QFIELD_FOLDER: v = loam_qtask_folder(t); break;
  case LOAM_QFIELD_ROOT: v = loam_qtask_root(t); break;
  case LOAM_QFIELD_FILENAME: v = loam_qtask_filename(t); break;
  case LOAM_QFIELD_HEADING: v = loam_qtask_task(t)->heading; break;
  case LOAM_QFIELD_STATUS_NAME: v = t->status_name; break;
  case LOAM_QFIELD_RECURRENCE: v = loam_qtask_rule(t); break;
  case LOAM_QFIELD_ID: v = loam_qtask_task(t)->id; break;
  default: break;
  }
  return v ? v : "";
}

static loam_date S_date(const loam_qtask *t, loam_qfield f) {
  const loam_qrec *k = t->rec;
  switch (f) {
  case LOAM_QFIELD_DUE: return k->due;
  case LOAM_QFIELD_SCHEDULED: return k->scheduled;
  case LOAM_QFIELD_START: return k->start;
  case LOAM_QFIELD_CREATED: return k->created;
  case LOAM_QFIELD_DONE: return k->done;
  case LOAM_QFIELD_CANCELLED: return k->cancelled;
  case LOAM_QFIELD_HAPPENS: return loam_qtask_happens(t);
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
    if (!(t->rec->flags & LOAM_QREC_TAGS)) return 0;
    const loam_task *k = loam_qtask_task(t);
    for (size_t i = 0; i < k->n_tags; i++)
      if (S_text_match(f, k->tags[i])) return 1;
    return 0;
  }
  return S_text_match(f, S_text(t, f->field));
}

static int S_has(const loam_qtask *t, loam_qfield f) {
  const loam_qrec *k = t->rec;
  switch (f) {
  case LOAM_QFIELD_TAGS: return (k->flags & LOAM_QREC_TAGS) != 0;
  case LOAM_QFIELD_ID: return (k->flags & LOAM_QREC_ID) != 0;
  case LOAM_QFIELD_DEPENDS_ON: return (k->flags & LOAM_QREC_DEPENDS) != 0;
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
    const loam_qrec *k = t->rec;
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
  int p = (int)t->rec->priority;
  switch (f->prio_op) {
  case LOAM_QPRIO_ABOVE: return p > f->value;
  case LOAM_QPRIO_BELOW: return p < f->value;
  case LOAM_QPRIO_NOT: return p != f->value;
  default: return p == f->value;
  }
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
  case LOAM_QF_RECURRING: return (t->rec->flags & LOAM_QREC_RECURRING) != 0;
  case LOAM_QF_SUB_ITEMS: return (t->rec->flags & LOAM_QREC_TOP) != 0;
  case LOAM_QF_BLOCKING: return loam_qtask_blocking(t);
  case LOAM_QF_BLOCKED: return loam_qtask_blocked(t);
  default: return 0;
  }
}

int loam_qfilter_status_only(const loam_qfilter *f) {
  switch (f->kind) {
  case LOAM_QF_AND:
  case LOAM_QF_OR:
  case LOAM_QF_XOR:
  case LOAM_QF_NOT:
    for (size_t i = 0; i < f->n_kids; i++)
      if (!loam_qfilter_status_only(f->kids[i])) return 0;
    return 1;
  case LOAM_QF_DONE:
  case LOAM_QF_STATUS_TYPE: return 1;
  case LOAM_QF_TEXT: return f->field == LOAM_QFIELD_STATUS_NAME;
  default: return 0;
  }
}

int loam_qfilter_tags_only(const loam_qfilter *f) {
  switch (f->kind) {
  case LOAM_QF_AND:
  case LOAM_QF_OR:
  case LOAM_QF_XOR:
  case LOAM_QF_NOT:
    for (size_t i = 0; i < f->n_kids; i++)
      if (!loam_qfilter_tags_only(f->kids[i])) return 0;
    return 1;
  case LOAM_QF_TEXT:
  case LOAM_QF_HAS: return f->field == LOAM_QFIELD_TAGS;
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
