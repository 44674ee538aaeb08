/*
 * toggle.c: toggling one task line (see toggle.h).
 *
 * The line is parsed with loam_task_parse() to know its status, dates and
 * rule; the bytes to change are then found in the line itself, right to
 * left as the parser reads fields, and the new line is the old one with a
 * few spans replaced: the status symbol, a date value, a field removed
 * (with the spaces before it) or appended before the block id. Edits are
 * collected first and applied from the right, so offsets stay valid.
 */
#include "toggle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../syntax/task.h"
#include "recur.h"

void loam_toggle_opts_init(loam_toggle_opts *o, loam_date today) {
  memset(o, 0, sizeof(*o));
  o->today = today;
  o->set_done_date = 1;
  o->set_cancelled_date = 1;
}

/* ---- finding fields in the line ----------------------------------------- */

typedef enum {
  K_DUE,
  K_SCHEDULED,
  K_START,
  K_CREATED,
  K_DONE,
  K_CANCELLED,
  K_ID,
  K_DEPENDS
} S_kind;

static const char *const S_emoji[][4] = {
    [K_DUE] = {"📅", "📆", "🗓", NULL},
    [K_SCHEDULED] = {"⏳", "⌛", NULL},
    [K_START] = {"🛫", NULL},
    [K_CREATED] = {"➕", NULL},
    [K_DONE] = {"✅", NULL},
    [K_CANCELLED] = {"❌", NULL},
    [K_ID] = {"🆔", NULL},
    [K_DEPENDS] = {"⛔", NULL},
};
static const char *const S_dataview_key[] = {
    [K_DUE] = "due",         [K_SCHEDULED] = "scheduled", [K_START] = "start",
    [K_CREATED] = "created", [K_DONE] = "completion",     [K_CANCELLED] = "cancelled",
    [K_ID] = "id",           [K_DEPENDS] = "dependsOn",
};

typedef struct {
  size_t start, end;   /* the whole field: emoji .. value, or [ .. ] */
  size_t vstart, vend; /* its value */
} S_span;

static int S_digit(char c) { return c >= '0' && c <= '9'; }
static int S_idc(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || S_digit(c) || c == '_' || c == '-';
}

static int S_is_date_text(const char *s, size_t n) {
  return n >= 10 && S_digit(s[0]) && S_digit(s[1]) && S_digit(s[2]) && S_digit(s[3]) &&
         s[4] == '-' && S_digit(s[5]) && S_digit(s[6]) && s[7] == '-' && S_digit(s[8]) &&
         S_digit(s[9]);
}

/* The value after an emoji ending at `p` (spaces, an optional U+FE0F). */
static int S_value_after(const char *s, size_t len, size_t p, S_kind k, S_span *sp) {
  if (p + 3 <= len && memcmp(s + p, "\xEF\xB8\x8F", 3) == 0) p += 3;
  while (p < len && s[p] == ' ') p++;
  sp->vstart = p;
  if (k == K_ID || k == K_DEPENDS) {
    while (p < len && (S_idc(s[p]) || (k == K_DEPENDS && (s[p] == ',' || s[p] == ' ')))) p++;
    while (p > sp->vstart && s[p - 1] == ' ') p--;
    if (p == sp->vstart) return 0;
  } else {
    if (!S_is_date_text(s + p, len - p)) return 0;
    p += 10;
  }
  sp->vend = sp->end = p;
  return 1;
}

/* The last emoji field of kind k in s[0..len) whose value satisfies
 * `want` (a date value that parses to it, for dates). */
static int S_find_emoji(const char *s, size_t len, S_kind k, loam_date want, S_span *out) {
  int found = 0;
  for (size_t i = 0; i < len; i++) {
    for (int e = 0; S_emoji[k][e]; e++) {
      size_t n = strlen(S_emoji[k][e]);
      if (i + n > len || memcmp(s + i, S_emoji[k][e], n) != 0) continue;
      S_span sp = {i, 0, 0, 0};
      if (!S_value_after(s, len, i + n, k, &sp)) continue;
      if (k <= K_CANCELLED && loam_date_parse_iso(s + sp.vstart, 10) != want) continue;
      *out = sp;
      found = 1;
    }
  }
  return found;
}

/* The last Dataview field `[key:: value]` / `(key:: value)` of kind k. */
static int S_find_dataview(const char *s, size_t len, S_kind k, S_span *out) {
  const char *key = S_dataview_key[k];
  size_t kl = strlen(key);
  int found = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '[' && s[i] != '(') continue;
    char close = s[i] == '[' ? ']' : ')';
    size_t p = i + 1;
    while (p < len && s[p] == ' ') p++;
    if (p + kl + 2 > len || memcmp(s + p, key, kl) != 0 || s[p + kl] != ':' || s[p + kl + 1] != ':')
      continue;
    size_t v = p + kl + 2, e = v;
    while (e < len && s[e] != close) e++;
    if (e >= len) continue;
    S_span sp = {i, e + 1, v, e};
    while (sp.vstart < sp.vend && s[sp.vstart] == ' ') sp.vstart++;
    while (sp.vend > sp.vstart && s[sp.vend - 1] == ' ') sp.vend--;
    *out = sp;
    found = 1;
  }
  return found;
}

static int S_find(const char *s, size_t len, S_kind k, loam_date want, S_span *out) {
  return S_find_emoji(s, len, k, want, out) || S_find_dataview(s, len, k, out);
}

/* Whether the line is written in the Dataview format. */
static int S_uses_dataview(const char *s, size_t len) {
  S_span sp;
  for (int k = K_DUE; k <= K_DEPENDS; k++)
    if (S_find_dataview(s, len, (S_kind)k, &sp)) return 1;
  for (size_t i = 0; i + 12 < len; i++)
    if ((s[i] == '[' || s[i] == '(') &&
        (strncmp(s + i + 1, "priority::", 10) == 0 || strncmp(s + i + 1, "repeat::", 8) == 0))
      return 1;
  return 0;
}

/* ---- edits ------------------------------------------------------------------ */

typedef struct {
  size_t start, end;
  char *text;
} S_edit;

typedef struct {
  S_edit items[16];
  size_t len;
  loam_arena *a;
} S_edits;

static void S_replace(S_edits *e, size_t start, size_t end, const char *text) {
  if (e->len >= sizeof(e->items) / sizeof(e->items[0])) return;
  S_edit x = {start, end, loam_arena_strdup(e->a, text)};
  e->items[e->len++] = x;
}

/* Removes a field and the spaces before it. */
static void S_remove(S_edits *e, const char *s, const S_span *sp) {
  size_t start = sp->start;
  while (start > 0 && s[start - 1] == ' ') start--;
  S_replace(e, start, sp->end, "");
}

static int S_edit_cmp(const void *x, const void *y) {
  const S_edit *a = x, *b = y;
  return a->start < b->start ? 1 : a->start > b->start ? -1 : 0;
}

static char *S_apply(S_edits *e, const char *s, size_t len) {
  qsort(e->items, e->len, sizeof(e->items[0]), S_edit_cmp);
  loam_strbuf b = {0};
  size_t at = len;
  /* From the right: copy what follows each edit, then its text. */
  char **parts = loam_xcalloc(e->len * 2 + 1, sizeof(char *));
  size_t *lens = loam_xcalloc(e->len * 2 + 1, sizeof(size_t));
  size_t np = 0;
  for (size_t i = 0; i < e->len; i++) {
    size_t end = e->items[i].end < at ? e->items[i].end : at;
    parts[np] = (char *)s + end, lens[np++] = at - end;
    parts[np] = e->items[i].text, lens[np++] = strlen(e->items[i].text);
    at = e->items[i].start < at ? e->items[i].start : at;
  }
  loam_strbuf_put(&b, s, at);
  while (np-- > 0) loam_strbuf_put(&b, parts[np], lens[np]);
  char *r = loam_arena_strdup(e->a, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  free(parts);
  free(lens);
  return r;
}

/* Where new fields go: after the last field, before a block id and
 * trailing spaces. */
static size_t S_fields_end(const char *s, size_t len, const loam_task *t) {
  size_t e = len;
  while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
  if (t->block_id) {
    size_t n = strlen(t->block_id);
    if (e >= n + 2 && memcmp(s + e - n, t->block_id, n) == 0 && s[e - n - 1] == '^') e -= n + 1;
    while (e > 0 && s[e - 1] == ' ') e--;
  }
  return e;
}

static void S_add_field(S_edits *e, const char *s, size_t len, const loam_task *t, S_kind k,
                        loam_date d, int dataview) {
  char iso[11], buf[64];
  loam_date_format(d, iso);
  if (dataview)
    snprintf(buf, sizeof(buf), " [%s:: %s]", S_dataview_key[k], iso);
  else
    snprintf(buf, sizeof(buf), " %s %s", S_emoji[k][0], iso);
  size_t at = S_fields_end(s, len, t);
  S_replace(e, at, at, buf);
}

/* Sets a date field to d (LOAM_DATE_NONE removes it). `old` is its parsed
 * value, which tells where it is. */
static void S_set_date(S_edits *e, const char *s, size_t len, const loam_task *t, S_kind k,
                       loam_date old, loam_date d, int dataview) {
  S_span sp;
  int has = old != LOAM_DATE_NONE && S_find(s, len, k, old, &sp);
  if (d == LOAM_DATE_NONE) {
    if (has) S_remove(e, s, &sp);
  } else if (has) {
    if (d != old) {
      char iso[11];
      loam_date_format(d, iso);
      S_replace(e, sp.vstart, sp.vend, iso);
    }
  } else {
    S_add_field(e, s, len, t, k, d, dataview);
  }
}

/* ---- statuses --------------------------------------------------------------- */

static const loam_status *S_status(const loam_toggle_opts *o, const char *symbol,
                                   loam_status *unknown) {
  return loam_status_lookup(o->statuses, symbol, unknown);
}

/* The status after (dir 1) or before (-1) `cur` in the table. */
static const loam_status *S_cycle(const loam_toggle_opts *o, const loam_status *cur, int dir,
                                  loam_status *tmp) {
  loam_status_table defaults;
  const loam_status_table *t = o->statuses;
  if (!t) loam_status_table_init(&defaults), t = &defaults;
  size_t i = 0;
  while (i < t->len && strcmp(t->items[i].symbol, cur->symbol) != 0) i++;
  size_t k =
      i == t->len ? (dir > 0 ? 0 : t->len - 1) : (i + t->len + (size_t)(dir > 0 ? 1 : -1)) % t->len;
  *tmp = t->items[k];
  return tmp;
}

static int S_identical(const loam_status *a, const loam_status *b) {
  return strcmp(a->symbol, b->symbol) == 0 && strcmp(a->name, b->name) == 0 &&
         strcmp(a->next, b->next) == 0 && a->type == b->type;
}

/* The status of a new occurrence: the one after `done`, followed along the
 * cycle to the first TODO, else the first IN_PROGRESS, else space. */
static const loam_status *S_recurrence_status(const loam_toggle_opts *o, const loam_status *done,
                                              loam_status *s1, loam_status *s2) {
  size_t n = o->statuses ? o->statuses->len : 4;
  const loam_status *first = S_status(o, done->next, s1);
  const loam_status *want[2] = {NULL, NULL};
  loam_status_type types[2] = {LOAM_STATUS_TODO, LOAM_STATUS_IN_PROGRESS};
  for (int w = 0; w < 2; w++) {
    const loam_status *st = first;
    loam_status tmp;
    if (st->type == types[w]) return st;
    for (size_t i = 0; i + 1 < n; i++) {
      st = S_status(o, st->next, &tmp);
      if (st->type == types[w]) {
        *s2 = *st;
        want[w] = s2;
        break;
      }
    }
    if (want[w]) return want[w];
  }
  return S_status(o, " ", s2);
}

/* ---- non-task lines --------------------------------------------------------- */

static void S_make_task(const char *s, size_t len, loam_arena *a, loam_toggle_result *out) {
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '>')) i++;
  size_t m = i;
  if (m < len && (s[m] == '-' || s[m] == '*' || s[m] == '+')) {
    m++;
  } else {
    while (m < len && S_digit(s[m])) m++;
    m = m > i && m < len && (s[m] == '.' || s[m] == ')') ? m + 1 : i;
  }
  loam_strbuf b = {0};
  loam_strbuf_put(&b, s, m > i ? m : i);
  loam_strbuf_puts(&b, m > i ? " [ ]" : "- [ ] ");
  loam_strbuf_put(&b, s + (m > i ? m : i), len - (m > i ? m : i));
  out->lines[0] = loam_arena_strdup(a, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  out->n_lines = 1;
  out->changed = 1;
  out->task_index = 0;
}

/* ---- toggling ----------------------------------------------------------------- */

static char *S_next_occurrence(const char *s, size_t len, const loam_task *t,
                               const loam_toggle_opts *o, const loam_status *st,
                               const loam_recur_dates *next, int dataview, loam_arena *a) {
  S_edits e = {.len = 0, .a = a};
  S_replace(&e, t->status_col - 1, t->status_col - 1 + strlen(t->status), st->symbol);
  S_span sp;
  if (t->done != LOAM_DATE_NONE && S_find(s, len, K_DONE, t->done, &sp)) S_remove(&e, s, &sp);
  if (t->cancelled != LOAM_DATE_NONE && S_find(s, len, K_CANCELLED, t->cancelled, &sp))
    S_remove(&e, s, &sp);
  if (t->id && S_find(s, len, K_ID, 0, &sp)) S_remove(&e, s, &sp);
  if (t->n_depends_on && S_find(s, len, K_DEPENDS, 0, &sp)) S_remove(&e, s, &sp);
  S_set_date(&e, s, len, t, K_CREATED, t->created, o->set_created_date ? o->today : LOAM_DATE_NONE,
             dataview);
  S_set_date(&e, s, len, t, K_START, t->start, next->start, dataview);
  S_set_date(&e, s, len, t, K_SCHEDULED, t->scheduled, next->scheduled, dataview);
  S_set_date(&e, s, len, t, K_DUE, t->due, next->due, dataview);
  if (t->block_id) {
    size_t end = len;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    size_t n = strlen(t->block_id);
    if (end >= n + 1 && memcmp(s + end - n, t->block_id, n) == 0 && s[end - n - 1] == '^') {
      S_span b = {end - n - 1, end, 0, 0};
      S_remove(&e, s, &b);
    }
  }
  return S_apply(&e, s, len);
}

void loam_task_toggle(const char *line, size_t len, const loam_toggle_opts *o, loam_arena *a,
                      loam_toggle_result *out) {
  memset(out, 0, sizeof(*out));
  out->task_index = -1;
  if (len > 0 && line[len - 1] == '\r') len--;
  loam_task t;
  loam_arena scratch = {0};
  if (!loam_task_parse(line, len, 1, &scratch, &t)) {
    if (!o->target && !o->cycle) S_make_task(line, len, a, out);
    loam_arena_free(&scratch);
    return;
  }
  loam_status u_old, u_new;
  const loam_status *old = S_status(o, t.status, &u_old);
  const loam_status *new = o->target  ? S_status(o, o->target, &u_new)
                           : o->cycle ? S_cycle(o, old, o->cycle, &u_new)
                                      : S_status(o, *old->next ? old->next : " ", &u_new);
  if (S_identical(old, new)) {
    out->lines[0] = loam_arena_strndup(a, line, len);
    out->n_lines = 1;
    out->task_index = 0;
    loam_arena_free(&scratch);
    return;
  }
  int dataview = S_uses_dataview(line, len);
  /* The plugin's newDate(): set on entering the type, kept within it. */
  loam_date done = new->type != LOAM_STATUS_DONE   ? LOAM_DATE_NONE
                   : old->type == LOAM_STATUS_DONE ? t.done
                   : o->set_done_date              ? o->today
                                                   : LOAM_DATE_NONE;
  loam_date cancelled = new->type != LOAM_STATUS_CANCELLED   ? LOAM_DATE_NONE
                        : old->type == LOAM_STATUS_CANCELLED ? t.cancelled
                        : o->set_cancelled_date              ? o->today
                                                             : LOAM_DATE_NONE;
  S_edits e = {.len = 0, .a = a};
  S_replace(&e, t.status_col - 1, t.status_col - 1 + strlen(t.status), new->symbol);
  S_set_date(&e, line, len, &t, K_DONE, t.done, done, dataview);
  S_set_date(&e, line, len, &t, K_CANCELLED, t.cancelled, cancelled, dataview);
  char *toggled = S_apply(&e, line, len);

  int completing = new->type == LOAM_STATUS_DONE && old->type != LOAM_STATUS_DONE;
  char *next_line = NULL;
  loam_recur r;
  loam_recur_dates cur = {t.start, t.scheduled, t.due}, next;
  if (completing && t.recurrence && loam_recur_of_task(t.recurrence, &cur, NULL, 0) &&
      loam_recur_parse(t.recurrence, strlen(t.recurrence), &r) &&
      loam_recur_next_dates(&r, &cur, o->today, o->remove_scheduled_date, &next)) {
    loam_status s1, s2;
    const loam_status *st = S_recurrence_status(o, new, &s1, &s2);
    next_line = S_next_occurrence(line, len, &t, o, st, &next, dataview, a);
  }
  int keep = !(completing && t.on_completion && strcmp(t.on_completion, "delete") == 0);
  if (next_line && !o->recurrence_below) out->lines[out->n_lines++] = next_line;
  if (keep) out->task_index = (int)out->n_lines, out->lines[out->n_lines++] = toggled;
  if (next_line && o->recurrence_below) out->lines[out->n_lines++] = next_line;
  out->changed = 1;
  loam_arena_free(&scratch);
}
