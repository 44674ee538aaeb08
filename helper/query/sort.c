/*
 * sort.c: `sort by <key> [reverse]` and the order of the results.
 *
 * The user's keys come first, each a tie-breaker for the one before; then
 * the plugin's default keys are always appended (status.type, urgency,
 * due, priority, path), and the sort is stable, so remaining ties keep
 * vault order. `reverse` reverses one key's whole order: `sort by due
 * reverse` puts tasks without a due date first. A key that repeats an
 * earlier one (a default the user already sorts by) is dropped: it could
 * only compare tasks the earlier one found equal.
 *
 * Each key becomes a column of integers, one per row, ordered as the key:
 * dates by day (invalid first, missing last), text keys (description,
 * heading, id, tag, status name) by the rank of each distinct string under
 * loam_qtext_collate(), urgency by the rank of each urgency class's score,
 * path and file name by the task table's per-note ranks. loam_qorder()
 * then sorts by the columns. Columns are filled in batches of rows, one
 * key at a time (one branch per key and batch), while filtering has just
 * brought the batch's records into cache.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "internal.h"

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

/* ---- keys as columns ---------------------------------------------------- */

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

/* One key's column while rows are taken: raw values first (a date, a
 * slot, a note), made into ordered integers by loam_qsorter_order(). */
typedef struct {
  const loam_qsort *k;
  uint32_t *v;
  uint8_t *tier;     /* sort by tag N: 0 N-th tag, 1 fewer tags, 2 none */
  loam_date lo, hi;  /* dates: the real ones' range */
  loam_qslots slots; /* text keys: distinct strings */
} S_column;

struct loam_qsorter {
  const loam_qrun *r;
  S_column *cols;
  size_t n_cols, cap;
  loam_strbuf buf;
};

static const loam_qsort S_defaults[] = {
    {LOAM_QSORT_STATUS_TYPE, 0, 1, NULL}, {LOAM_QSORT_URGENCY, 0, 1, NULL},
    {LOAM_QSORT_DUE, 0, 1, NULL},         {LOAM_QSORT_PRIORITY, 0, 1, NULL},
    {LOAM_QSORT_PATH, 0, 1, NULL},
};

int loam_qsort_path_last(const loam_qsort *keys, size_t n_keys) {
  for (size_t i = 0; i < n_keys; i++)
    if (keys[i].key == LOAM_QSORT_PATH) return 0;
  return 1;
}

/* A key that came before decides every pair this one would see. */
static int S_repeated(const S_column *cols, size_t n, const loam_qsort *k) {
  for (size_t i = 0; i < n; i++)
    if (cols[i].k->key == k->key && (k->key != LOAM_QSORT_TAG || cols[i].k->tag_n == k->tag_n))
      return 1;
  return 0;
}

loam_qsorter *loam_qsorter_new(const loam_qrun *r, const loam_qsort *keys, size_t n_keys,
                               int by_path, size_t cap) {
  loam_qsorter *s = loam_xcalloc(1, sizeof(*s));
  size_t n_all = n_keys + sizeof(S_defaults) / sizeof(S_defaults[0]);
  s->r = r;
  s->cap = cap ? cap : 1;
  s->cols = loam_xcalloc(n_all, sizeof(*s->cols));
  for (size_t i = 0; i < n_all; i++) {
    const loam_qsort *k = i < n_keys ? &keys[i] : &S_defaults[i - n_keys];
    if (S_repeated(s->cols, s->n_cols, k)) continue;
    S_column *c = &s->cols[s->n_cols++];
    c->k = k;
    c->lo = INT32_MAX, c->hi = INT32_MIN;
  }
  if (by_path) s->n_cols--; /* the rows come in path order already */
  for (size_t i = 0; i < s->n_cols; i++) {
    s->cols[i].v = loam_qscratch_alloc(r->scratch, s->cap * sizeof(uint32_t));
    if (s->cols[i].k->key == LOAM_QSORT_TAG)
      s->cols[i].tier = loam_qscratch_alloc(r->scratch, s->cap);
  }
  return s;
}

static loam_date S_date_of(const loam_qrec *k, loam_qsort_key key) {
  switch (key) {
  case LOAM_QSORT_DONE: return k->done;
  case LOAM_QSORT_DUE: return k->due;
  case LOAM_QSORT_SCHEDULED: return k->scheduled;
  case LOAM_QSORT_START: return k->start;
  case LOAM_QSORT_CREATED: return k->created;
  case LOAM_QSORT_CANCELLED: return k->cancelled;
  default: { /* LOAM_QSORT_HAPPENS: the earliest real one */
    loam_date d = LOAM_DATE_NONE, ds[3] = {k->start, k->scheduled, k->due};
    for (int j = 0; j < 3; j++)
      if (LOAM_DATE_IS_REAL(ds[j]) && (d == LOAM_DATE_NONE || ds[j] < d)) d = ds[j];
    return d;
  }
  }
}

static size_t S_date_offset(loam_qsort_key key) {
  switch (key) {
  case LOAM_QSORT_DONE: return offsetof(loam_qrec, done);
  case LOAM_QSORT_SCHEDULED: return offsetof(loam_qrec, scheduled);
  case LOAM_QSORT_START: return offsetof(loam_qrec, start);
  case LOAM_QSORT_CREATED: return offsetof(loam_qrec, created);
  case LOAM_QSORT_CANCELLED: return offsetof(loam_qrec, cancelled);
  default: return offsetof(loam_qrec, due);
  }
}

static const char *S_description(const loam_qsorter *s, const loam_qrec *r) {
  const char *d = loam_qrec_task(s->r->cache, r)->description;
  return d ? d : "";
}

/* The string a text key compares (NULL: none, as ""). */
static const char *S_text_of(loam_qsorter *s, S_column *c, const loam_qrec *r, size_t i) {
  const loam_task *k = loam_qrec_task(s->r->cache, r);
  switch (c->k->key) {
  case LOAM_QSORT_ID: return r->flags & LOAM_QREC_ID ? k->id : NULL;
  case LOAM_QSORT_HEADING: return k->heading;
  case LOAM_QSORT_DESCRIPTION: {
    const char *d = k->description ? k->description : "";
    if (d[0] != '[' && d[0] != '*' && d[0] != '=' && d[0] != '_') return d; /* nothing to drop */
    S_clean_description(d, &s->buf);
    return loam_strbuf_cstr(&s->buf);
  }
  default: { /* LOAM_QSORT_TAG */
    size_t nth = (size_t)c->k->tag_n;
    c->tier[i] = k->n_tags >= nth ? 0 : k->n_tags > 0 ? 1 : 2;
    return c->tier[i] ? NULL : k->tags[nth - 1];
  }
  }
}

/* Column c's raw values for rows [from, to). */
static void S_take(loam_qsorter *s, S_column *c, const loam_qhit *hits, size_t from, size_t to) {
  const loam_qrec *recs = s->r->cache->recs.items;
  const loam_status_type *type = s->r->sym_type;
  uint32_t *v = c->v;
#define S_EACH(expr)                                                                               \
  for (size_t i = from; i < to; i++) {                                                             \
    const loam_qrec *k = &recs[hits[i].rec];                                                       \
    v[i] = (expr);                                                                                 \
  }                                                                                                \
  break
  switch (c->k->key) {
  case LOAM_QSORT_STATUS: S_EACH((uint32_t)loam_status_is_done(type[k->sym]));
  case LOAM_QSORT_STATUS_TYPE: S_EACH((uint32_t)type[k->sym]);
  case LOAM_QSORT_STATUS_NAME: S_EACH(k->sym);
  case LOAM_QSORT_PRIORITY: S_EACH(255u - k->priority); /* highest first */
  case LOAM_QSORT_RECURRING: S_EACH((k->flags & LOAM_QREC_RECURRING) ? 0u : 1u);
  case LOAM_QSORT_PATH:
  case LOAM_QSORT_FILENAME: S_EACH((uint32_t)k->note);
  case LOAM_QSORT_URGENCY:
    S_EACH(loam_qurgency_class(k->due, k->scheduled, k->start, k->priority, s->r->today));
  case LOAM_QSORT_RANDOM:
    S_EACH((uint32_t)S_random_key(S_description(s, k), s->r->today) ^ 0x80000000u);
  case LOAM_QSORT_ID:
  case LOAM_QSORT_HEADING:
  case LOAM_QSORT_DESCRIPTION:
  case LOAM_QSORT_TAG:
    for (size_t i = from; i < to; i++) {
      const char *str = S_text_of(s, c, &recs[hits[i].rec], i);
      v[i] = loam_qslots_get(&c->slots, 0, str ? str : "", str ? strlen(str) : 0, NULL);
    }
    break;
  case LOAM_QSORT_HAPPENS:
    for (size_t i = from; i < to; i++) {
      loam_date d = S_date_of(&recs[hits[i].rec], LOAM_QSORT_HAPPENS);
      if (LOAM_DATE_IS_REAL(d)) {
        if (d < c->lo) c->lo = d;
        if (d > c->hi) c->hi = d;
      }
      v[i] = (uint32_t)d;
    }
    break;
  default: { /* a date field */
    size_t off = S_date_offset(c->k->key);
    loam_date lo = c->lo, hi = c->hi;
    for (size_t i = from; i < to; i++) {
      loam_date d;
      memcpy(&d, (const char *)&recs[hits[i].rec] + off, sizeof(d));
      if (LOAM_DATE_IS_REAL(d)) {
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
      }
      v[i] = (uint32_t)d;
    }
    c->lo = lo, c->hi = hi;
    break;
  }
  }
#undef S_EACH
}

void loam_qsorter_take(loam_qsorter *s, const loam_qhit *hits, size_t from, size_t to) {
  for (size_t j = 0; j < s->n_cols; j++) S_take(s, &s->cols[j], hits, from, to);
}

/* Ranks of the slots' strings (the table's copies). */
static uint32_t *S_slot_ranks(const loam_qslots *t, uint32_t *n_ranks) {
  size_t n = t->len;
  const char **str = loam_xmalloc((n ? n : 1) * sizeof(*str));
  size_t *len = loam_xmalloc((n ? n : 1) * sizeof(*len));
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->tab[i].used) continue;
    str[t->tab[i].id] = t->tab[i].s ? t->tab[i].s : "";
    len[t->tab[i].id] = t->tab[i].len;
  }
  uint32_t *rank = loam_xmalloc((n ? n : 1) * sizeof(*rank));
  *n_ranks = loam_qtext_rank(str, len, n, rank);
  free(str);
  free(len);
  return rank;
}

static int S_num_desc(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x > y ? -1 : x < y;
}

/* Ranks of the urgency classes present in v[0..n), highest score first
 * (classes with equal scores rank equal); *max: the largest rank. */
static uint32_t *S_class_ranks(const uint32_t *v, size_t n, uint32_t *max) {
  uint32_t *rank = loam_xcalloc(LOAM_QURGENCY_CLASSES, sizeof(*rank));
  for (size_t i = 0; i < n; i++) rank[v[i]] = 1; /* present */
  double score[LOAM_QURGENCY_CLASSES];
  size_t m = 0;
  for (uint32_t c = 0; c < LOAM_QURGENCY_CLASSES; c++)
    if (rank[c]) score[m++] = loam_qurgency_of_class(c);
  qsort(score, m, sizeof(*score), S_num_desc);
  *max = 0;
  for (uint32_t c = 0; c < LOAM_QURGENCY_CLASSES; c++) {
    if (!rank[c]) continue;
    double u = loam_qurgency_of_class(c);
    size_t lo = 0, hi = m - 1; /* how many present scores are higher */
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (score[mid] > u)
        lo = mid + 1;
      else
        hi = mid;
    }
    rank[c] = (uint32_t)lo;
    if (rank[c] > *max) *max = rank[c];
  }
  return rank;
}

/* Turns column c's raw values for rows 0..n-1 into its order; returns the
 * largest value. */
static uint32_t S_finish(loam_qsorter *s, S_column *c, size_t n) {
  uint32_t *v = c->v, max = 0;
  switch (c->k->key) {
  case LOAM_QSORT_STATUS:
  case LOAM_QSORT_STATUS_TYPE:
  case LOAM_QSORT_PRIORITY:
  case LOAM_QSORT_RECURRING:
  case LOAM_QSORT_RANDOM: { /* small integers: minus the smallest */
    uint32_t lo = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
      if (v[i] < lo) lo = v[i];
      if (v[i] > max) max = v[i];
    }
    for (size_t i = 0; i < n; i++) v[i] -= lo;
    return max - lo;
  }
  case LOAM_QSORT_STATUS_NAME: { /* few names: ranked per symbol */
    size_t ns = s->r->cache->syms.items.len;
    const char **str = loam_xmalloc((ns ? ns : 1) * sizeof(*str));
    size_t *len = loam_xmalloc((ns ? ns : 1) * sizeof(*len));
    uint32_t *rank = loam_xmalloc((ns ? ns : 1) * sizeof(*rank));
    for (size_t j = 0; j < ns; j++) {
      str[j] = s->r->sym_name[j] ? s->r->sym_name[j] : "";
      len[j] = strlen(str[j]);
    }
    uint32_t n_ranks = loam_qtext_rank(str, len, ns, rank);
    for (size_t i = 0; i < n; i++) v[i] = rank[v[i]];
    free(str);
    free(len);
    free(rank);
    return n_ranks ? n_ranks - 1 : 0;
  }
  case LOAM_QSORT_PATH:
  case LOAM_QSORT_FILENAME: { /* the table's per-note ranks */
    uint32_t n_ranks;
    const uint32_t *rank = loam_qcache_ranks(
        s->r->cache, c->k->key == LOAM_QSORT_PATH ? LOAM_QNK_PATH : LOAM_QNK_FILENAME, &n_ranks);
    for (size_t i = 0; i < n; i++) v[i] = rank[v[i]];
    return n_ranks ? n_ranks - 1 : 0;
  }
  case LOAM_QSORT_URGENCY: {
    uint32_t *rank = S_class_ranks(v, n, &max);
    for (size_t i = 0; i < n; i++) v[i] = rank[v[i]];
    free(rank);
    return max;
  }
  case LOAM_QSORT_ID:
  case LOAM_QSORT_HEADING:
  case LOAM_QSORT_DESCRIPTION:
  case LOAM_QSORT_TAG: {
    uint32_t n_ranks, *rank = S_slot_ranks(&c->slots, &n_ranks);
    if (c->tier) { /* fewer tags, then none, after every N-th tag */
      for (size_t i = 0; i < n; i++) v[i] = c->tier[i] ? n_ranks + c->tier[i] - 1 : rank[v[i]];
      max = n_ranks + 1;
    } else {
      for (size_t i = 0; i < n; i++) v[i] = rank[v[i]];
      max = n_ranks ? n_ranks - 1 : 0;
    }
    free(rank);
    return max;
  }
  default: { /* dates: invalid first, then earliest to latest, then missing */
    loam_date lo = c->lo;
    uint32_t none = lo <= c->hi ? (uint32_t)((int64_t)c->hi - lo) + 2 : 1;
    for (size_t i = 0; i < n; i++) {
      loam_date d = (loam_date)v[i];
      v[i] = d == LOAM_DATE_INVALID ? 0
             : d == LOAM_DATE_NONE  ? none
                                    : (uint32_t)((int64_t)d - lo) + 1;
    }
    return none;
  }
  }
}

size_t loam_qsorter_count(const loam_qsorter *s) { return s->n_cols; }

void loam_qsorter_columns(loam_qsorter *s, size_t n, loam_qcol *cols) {
  for (size_t j = 0; j < s->n_cols; j++) {
    S_column *c = &s->cols[j];
    uint32_t max = n ? S_finish(s, c, n) : 0;
    if (c->k->reverse)
      for (size_t i = 0; i < n; i++) c->v[i] = max - c->v[i];
    cols[j].v = c->v;
    cols[j].max = max;
  }
}

void loam_qsorter_order(loam_qsorter *s, size_t n, uint32_t *perm) {
  loam_qcol *cols = loam_xmalloc((s->n_cols ? s->n_cols : 1) * sizeof(*cols));
  loam_qsorter_columns(s, n, cols);
  loam_qorder(cols, s->n_cols, n, perm, s->r->scratch);
  free(cols);
}

void loam_qsorter_free(loam_qsorter *s) {
  if (!s) return;
  for (size_t j = 0; j < s->n_cols; j++) {
    loam_qslots_free(&s->cols[j].slots);
  }
  free(s->cols);
  loam_strbuf_free(&s->buf);
  free(s);
}
