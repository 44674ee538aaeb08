/*
 * sort.c: `sort by <key> [reverse]` and the order of the results.
 *
 * The user's keys come first, each a tie-breaker for the one before; then
 * the plugin's default keys are always appended (status.type, urgency,
 * due, priority, path), and the sort is stable, so remaining ties keep
 * vault order. `reverse` reverses one key's whole order: `sort by due
 * reverse` puts tasks without a due date first.
 *
 * Text keys compare with loam_qtext_collate(), a small stand-in for the
 * plugin's localeCompare(..., {numeric: true}): case and accents only
 * break ties, digit runs compare by value (`Note 2` before `Note 10`), and
 * punctuation sorts before digits before letters, as ICU's root order.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "internal.h"

/* ---- collation ---------------------------------------------------------- */

/* ICU root order of ASCII punctuation and symbols (non-ignorable). */
static const char S_punct_order[] = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/* Primary weight of a folded code point: whitespace, punctuation, digits,
 * letters, then everything else by code point. */
static uint32_t S_weight(uint32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1 + c;
  if (c < 0x80) {
    const char *p = c ? strchr(S_punct_order, (int)c) : NULL;
    if (p) return 0x100 + (uint32_t)(p - S_punct_order);
    if (c >= '0' && c <= '9') return 0x200 + c;
    if (c >= 'a' && c <= 'z') return 0x300 + c;
    return 0x180 + c; /* other ASCII controls: among the symbols */
  }
  return 0x400 + c;
}

/* Next folded character of s (lower case, accents removed). One source
 * character may fold to two ("æ" -> "ae"): *pend carries the second. */
typedef struct {
  const char *s;
  size_t n, i;
  char buf[4];
  size_t blen, bpos;
} S_cursor;

static int S_next(S_cursor *c, uint32_t *out) {
  if (c->bpos < c->blen) return *out = (unsigned char)c->buf[c->bpos++], 1;
  if (c->i >= c->n) return 0;
  uint32_t cp;
  c->i += loam_utf8_decode(c->s + c->i, c->n - c->i, &cp);
  c->blen = loam_utf8_fold(cp, 1, c->buf);
  c->bpos = 0;
  if (c->blen == 1 || (unsigned char)c->buf[0] < 0x80)
    return *out = (unsigned char)c->buf[c->bpos++], 1;
  loam_utf8_decode(c->buf, c->blen, out); /* not foldable: the whole code point */
  c->bpos = c->blen;
  return 1;
}

static int S_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Reads a digit run starting with `first`; returns its value's digits
 * without leading zeros in buf (up to 64). */
static size_t S_number(S_cursor *c, uint32_t first, char *buf, uint32_t *after, int *more) {
  size_t len = 0;
  uint32_t d = first;
  for (;;) {
    if (!(len == 0 && d == '0') && len < 64) buf[len++] = (char)d;
    if (!S_next(c, &d)) return *more = 0, len;
    if (!S_digit(d)) return *after = d, *more = 1, len;
  }
}

static int S_primary(const char *a, size_t an, const char *b, size_t bn) {
  S_cursor x = {a, an, 0, {0}, 0, 0}, y = {b, bn, 0, {0}, 0, 0};
  uint32_t ca, cb;
  int ha = S_next(&x, &ca), hb = S_next(&y, &cb);
  while (ha && hb) {
    if (S_digit(ca) && S_digit(cb)) {
      char na[64], nb[64];
      int ma, mb;
      size_t la = S_number(&x, ca, na, &ca, &ma), lb = S_number(&y, cb, nb, &cb, &mb);
      if (la != lb) return la < lb ? -1 : 1;
      int r = memcmp(na, nb, la);
      if (r) return r < 0 ? -1 : 1;
      ha = ma, hb = mb;
      continue;
    }
    uint32_t wa = S_weight(ca), wb = S_weight(cb);
    if (wa != wb) return wa < wb ? -1 : 1;
    ha = S_next(&x, &ca), hb = S_next(&y, &cb);
  }
  return ha == hb ? 0 : ha ? 1 : -1;
}

/* Tie-breaks: accents (plain first), then case (lower first), then bytes. */
static int S_tertiary(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, j = 0;
  while (i < an && j < bn) {
    uint32_t ca, cb;
    i += loam_utf8_decode(a + i, an - i, &ca);
    j += loam_utf8_decode(b + j, bn - j, &cb);
    if (ca == cb) continue;
    char fa[4], fb[4];
    size_t la = loam_utf8_fold(ca, 0, fa), lb = loam_utf8_fold(cb, 0, fb);
    if (la == lb && memcmp(fa, fb, la) == 0) return ca > cb ? -1 : 1; /* lower case first */
    int r = memcmp(fa, fb, la < lb ? la : lb);
    return r ? (r < 0 ? -1 : 1) : (la < lb ? -1 : 1);
  }
  if (i < an || j < bn) return i < an ? 1 : -1;
  return 0;
}

int loam_qtext_collate(const char *a, size_t an, const char *b, size_t bn) {
  int r = S_primary(a, an, b, bn);
  return r ? r : S_tertiary(a, an, b, bn);
}

static int S_collate(const char *a, const char *b) {
  a = a ? a : "";
  b = b ? b : "";
  return loam_qtext_collate(a, strlen(a), b, strlen(b));
}

/* ---- parsing ------------------------------------------------------------ */

static const struct {
  const char *name;
  loam_qsort_key key;
} S_keys[] = {
    {"status.name", LOAM_QSORT_STATUS_NAME},
    {"status.type", LOAM_QSORT_STATUS_TYPE},
    {"status", LOAM_QSORT_STATUS},
    {"id", LOAM_QSORT_ID},
    {"done", LOAM_QSORT_DONE},
    {"due", LOAM_QSORT_DUE},
    {"scheduled", LOAM_QSORT_SCHEDULED},
    {"start", LOAM_QSORT_START},
    {"created", LOAM_QSORT_CREATED},
    {"cancelled", LOAM_QSORT_CANCELLED},
    {"happens", LOAM_QSORT_HAPPENS},
    {"description", LOAM_QSORT_DESCRIPTION},
    {"priority", LOAM_QSORT_PRIORITY},
    {"urgency", LOAM_QSORT_URGENCY},
    {"recurring", LOAM_QSORT_RECURRING},
    {"tag", LOAM_QSORT_TAG},
    {"path", LOAM_QSORT_PATH},
    {"filename", LOAM_QSORT_FILENAME},
    {"heading", LOAM_QSORT_HEADING},
    {"random", LOAM_QSORT_RANDOM},
};

static int S_ieq(const char *s, size_t n, const char *word) {
  size_t k = strlen(word);
  if (n != k) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != word[i]) return 0;
  }
  return 1;
}

int loam_qsort_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qsort *out) {
  memset(out, 0, sizeof(*out));
  out->stmt = p->stmt;
  size_t k = 0;
  while (k < n && s[k] != ' ') k++;
  if (S_ieq(s, k, "function"))
    return loam_qparse_fail_code(p, LOAM_E_UNSUPPORTED, off,
                                 "'sort by function' is not supported: loam has no JavaScript "
                                 "engine");
  size_t rest = k;
  while (rest < n && s[rest] == ' ') rest++;
  for (size_t i = 0; i < sizeof(S_keys) / sizeof(S_keys[0]); i++) {
    if (!S_ieq(s, k, S_keys[i].name)) continue;
    out->key = S_keys[i].key;
    out->tag_n = 1;
    size_t w = rest;
    while (w < n && s[w] != ' ') w++;
    if (rest < n && S_ieq(s + rest, w - rest, "reverse")) {
      out->reverse = 1;
      for (rest = w; rest < n && s[rest] == ' ';) rest++;
    }
    if (out->key == LOAM_QSORT_TAG && rest < n) { /* sort by tag [reverse] N */
      int v = 0;
      size_t d = rest;
      while (d < n && s[d] >= '0' && s[d] <= '9' && v < 1000) v = v * 10 + (s[d++] - '0');
      if (d == n && v > 0) out->tag_n = v, rest = n;
    }
    if (rest == n) return 0;
    return loam_qparse_fail(p, off + rest,
                            "do not understand '%.*s' after 'sort by %s': "
                            "expected 'reverse' or the end of the line",
                            (int)(n - rest), s + rest, S_keys[i].name);
  }
  return loam_qparse_fail(p, off,
                          "do not understand 'sort by %.*s': expected sort by status, "
                          "status.name, status.type, id, done, due, scheduled, start, "
                          "created, cancelled, happens, description, priority, "
                          "urgency, recurring, tag [N], path, filename, heading or "
                          "random, optionally followed by 'reverse'",
                          (int)n, s);
}

/* ---- comparators -------------------------------------------------------- */

/* Dates: invalid first, then earliest to latest, then missing. */
static int S_date_cmp(loam_date a, loam_date b) {
  int ra = a == LOAM_DATE_INVALID ? 0 : a == LOAM_DATE_NONE ? 2 : 1;
  int rb = b == LOAM_DATE_INVALID ? 0 : b == LOAM_DATE_NONE ? 2 : 1;
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 1 || a == b) return 0;
  return a < b ? -1 : 1;
}

/* The description as the reader sees its start: a leading [[link|alias]]
 * becomes its visible text, leading **, *, ==, __, _ markup is dropped. */
static void S_clean_description(const char *d, loam_strbuf *out) {
  static const char *const marks[] = {"**", "*", "==", "__", "_"};
  loam_strbuf_clear(out);
  if (d[0] == '[') {
    const char *in = d + (d[1] == '[' ? 2 : 1);
    const char *close = strchr(in, ']');
    if (close) {
      const char *bar = memchr(in, '|', (size_t)(close - in));
      const char *vis = bar ? bar + 1 : in;
      loam_strbuf_put(out, vis, (size_t)(close - vis));
      d = close + 1 + (close[1] == ']');
    }
  }
  loam_strbuf_puts(out, d);
  for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
    const char *s = loam_strbuf_cstr(out);
    size_t k = strlen(marks[m]);
    if (strncmp(s, marks[m], k) != 0 || s[k] == '\0' || s[k] == marks[m][0]) continue;
    const char *end = strstr(s + k, marks[m]);
    if (!end || memchr(s + k, marks[m][0], (size_t)(end - s - k))) continue;
    loam_strbuf tmp = {0};
    loam_strbuf_put(&tmp, s + k, (size_t)(end - s - k));
    loam_strbuf_puts(&tmp, end + k);
    loam_strbuf_clear(out);
    loam_strbuf_puts(out, loam_strbuf_cstr(&tmp));
    loam_strbuf_free(&tmp);
  }
}

/* The plugin's tiny hash of "<today> <description>", over UTF-16 units. */
static int32_t S_random_key(const char *desc, loam_date today) {
  char day[11];
  loam_date_format(today, day);
  uint32_t h = 9;
  const char *parts[2] = {day, desc};
  for (int p = 0; p < 2; p++) {
    if (p == 1) h = (h ^ ' ') * 387420489u;
    size_t n = strlen(parts[p]);
    for (size_t i = 0; i < n;) {
      uint32_t cp;
      i += loam_utf8_decode(parts[p] + i, n - i, &cp);
      if (cp >= 0x10000) {
        h = (h ^ (0xD800 + ((cp - 0x10000) >> 10))) * 387420489u;
        cp = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      }
      h = (h ^ cp) * 387420489u;
    }
  }
  return (int32_t)(h ^ (h >> 9));
}

typedef struct {
  const loam_qsort *keys;
  size_t n_keys;
  loam_date today;
  loam_strbuf a, b; /* scratch for descriptions */
} S_sort_ctx;

static int S_tag_cmp(const loam_task *a, const loam_task *b, int nth) {
  /* As the plugin: tasks with an N-th tag first, then tasks with fewer tags,
   * then tasks with none (the last two tiers keep their order). */
  size_t n = (size_t)nth;
  int ta = a->n_tags >= n ? 0 : a->n_tags > 0 ? 1 : 2;
  int tb = b->n_tags >= n ? 0 : b->n_tags > 0 ? 1 : 2;
  if (ta || tb) return ta - tb;
  return S_collate(a->tags[n - 1], b->tags[n - 1]);
}

static int S_key_cmp(S_sort_ctx *c, const loam_qsort *k, const loam_qtask *x, const loam_qtask *y) {
  const loam_task *a = x->task, *b = y->task;
  switch (k->key) {
  case LOAM_QSORT_STATUS: return loam_status_is_done(x->type) - loam_status_is_done(y->type);
  case LOAM_QSORT_STATUS_NAME: return S_collate(x->status_name, y->status_name);
  case LOAM_QSORT_STATUS_TYPE: return (int)x->type - (int)y->type;
  case LOAM_QSORT_ID: return S_collate(a->id, b->id);
  case LOAM_QSORT_DONE: return S_date_cmp(a->done, b->done);
  case LOAM_QSORT_DUE: return S_date_cmp(a->due, b->due);
  case LOAM_QSORT_SCHEDULED: return S_date_cmp(a->scheduled, b->scheduled);
  case LOAM_QSORT_START: return S_date_cmp(a->start, b->start);
  case LOAM_QSORT_CREATED: return S_date_cmp(a->created, b->created);
  case LOAM_QSORT_CANCELLED: return S_date_cmp(a->cancelled, b->cancelled);
  case LOAM_QSORT_HAPPENS: return S_date_cmp(x->happens, y->happens);
  case LOAM_QSORT_DESCRIPTION:
    S_clean_description(a->description ? a->description : "", &c->a);
    S_clean_description(b->description ? b->description : "", &c->b);
    return loam_qtext_collate(loam_strbuf_cstr(&c->a), c->a.len, loam_strbuf_cstr(&c->b), c->b.len);
  case LOAM_QSORT_PRIORITY: return (int)b->priority - (int)a->priority;
  case LOAM_QSORT_URGENCY: return x->urgency > y->urgency ? -1 : x->urgency < y->urgency ? 1 : 0;
  case LOAM_QSORT_RECURRING: return (y->recurrence != NULL) - (x->recurrence != NULL);
  case LOAM_QSORT_TAG: return S_tag_cmp(a, b, k->tag_n);
  case LOAM_QSORT_PATH: return S_collate(x->note->path, y->note->path);
  case LOAM_QSORT_FILENAME: return S_collate(x->filename, y->filename);
  case LOAM_QSORT_HEADING: return S_collate(a->heading, b->heading);
  case LOAM_QSORT_RANDOM: {
    int32_t ra = S_random_key(a->description ? a->description : "", c->today);
    int32_t rb = S_random_key(b->description ? b->description : "", c->today);
    return ra < rb ? -1 : ra > rb;
  }
  }
  return 0;
}

static const loam_qsort S_defaults[] = {
    {LOAM_QSORT_STATUS_TYPE, 0, 1, NULL}, {LOAM_QSORT_URGENCY, 0, 1, NULL},
    {LOAM_QSORT_DUE, 0, 1, NULL},         {LOAM_QSORT_PRIORITY, 0, 1, NULL},
    {LOAM_QSORT_PATH, 0, 1, NULL},
};

static int S_cmp(S_sort_ctx *c, const loam_qtask *x, const loam_qtask *y) {
  for (size_t i = 0; i < c->n_keys; i++) {
    int r = S_key_cmp(c, &c->keys[i], x, y);
    if (r) return c->keys[i].reverse ? -r : r;
  }
  for (size_t i = 0; i < sizeof(S_defaults) / sizeof(S_defaults[0]); i++) {
    int r = S_key_cmp(c, &S_defaults[i], x, y);
    if (r) return r;
  }
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Merge sort: stable, O(n log n) comparisons, no global context needed. */
static void S_merge_sort(S_sort_ctx *c, loam_qtask **v, loam_qtask **tmp, size_t n) {
  if (n < 2) return;
  size_t h = n / 2;
  S_merge_sort(c, v, tmp, h);
  S_merge_sort(c, v + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = S_cmp(c, v[j], v[i]) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof(*v));
}

void loam_qsort_tasks(loam_qtask **tasks, size_t n, const loam_qsort *keys, size_t n_keys,
                      loam_date today) {
  S_sort_ctx c = {keys, n_keys, today, {0}, {0}};
  loam_qtask **tmp = loam_xmalloc((n ? n : 1) * sizeof(*tmp));
  S_merge_sort(&c, tasks, tmp, n);
  free(tmp);
  loam_strbuf_free(&c.a);
  loam_strbuf_free(&c.b);
}
