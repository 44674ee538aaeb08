/*
 * names.c: a table of pre-folded names and its top-k query (see names.h).
 *
 * Names live in flat arrays indexed by id (structure of arrays). Beside
 * them, one posting bitmap per key-mask bit: a query ANDs the bitmaps of
 * its needle's bits, a word (64 names) at a time, so it never touches a
 * name that lacks one of its characters. For the names that remain, the
 * first tests read a few bytes each: the kind, the upper-case mask, the
 * first eight units packed in a word (prefix test); the bound reads the
 * length and the word and pair masks. Units in the pool are read only to
 * score.
 *
 * A group's names are always contiguous ids: setting a group marks its old
 * names dead and appends the new ones, and the arrays are compacted when
 * more than half of them are dead. That keeps updates O(names of the
 * group) and lets the prefix pass find a group's best name without any
 * per-group memory: it just watches the group id change.
 */
#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "../common/mem.h"

#define S_DEAD 31 /* the kind of a removed name: never asked for */

typedef struct {
  uint32_t first, count;
} S_range;

static inline unsigned S_ctz(uint64_t x) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned n = 0;
  while (!(x & 1)) x >>= 1, n++;
  return n;
#endif
}

struct loam_names {
  uint64_t *mask, *wmask, *umask;
  loam_fuzzy_pairs *pmask;
  uint64_t *pre;           /* the first up to 8 units, when ASCII: one byte each */
  uint8_t *pre_n, *pre_up; /* how many units `pre` holds; which are upper case */
  loam_fuzzy_unit *head;
  uint32_t *len, *off, *ref;
  int32_t *group;
  uint8_t *kind;
  size_t n, cap, dead;
  LOAM_VEC(loam_fuzzy_unit) units;
  size_t dead_units;
  LOAM_VEC(S_range) groups;
  /* Postings: bit id of post[b] is set when live name id's key mask has bit
   * b, so a query ANDs the lists of its needle's bits and reads nothing of
   * the names that lack one of its characters. */
  uint64_t *post[64];
};

loam_names *loam_names_new(void) { return loam_xcalloc(1, sizeof(loam_names)); }

void loam_names_free(loam_names *t) {
  if (!t) return;
  free(t->mask), free(t->wmask), free(t->pmask), free(t->umask), free(t->pre), free(t->pre_n),
      free(t->pre_up);
  free(t->head), free(t->len), free(t->off), free(t->ref);
  free(t->group), free(t->kind);
  free(t->units.items);
  free(t->groups.items);
  for (int b = 0; b < 64; b++) free(t->post[b]);
  free(t);
}

void loam_names_clear(loam_names *t) {
  for (int b = 0; b < 64; b++)
    if (t->post[b]) memset(t->post[b], 0, (t->n + 63) / 64 * sizeof(uint64_t));
  t->n = t->dead = t->dead_units = 0;
  t->units.len = 0;
  t->groups.len = 0;
}

size_t loam_names_count(const loam_names *t) { return t->n - t->dead; }

static void S_reserve(loam_names *t, size_t need) {
  if (need <= t->cap) return;
  size_t cap = t->cap ? t->cap : 256;
  while (cap < need) cap *= 2;
  t->mask = loam_xrealloc(t->mask, cap * sizeof(*t->mask));
  t->wmask = loam_xrealloc(t->wmask, cap * sizeof(*t->wmask));
  t->pmask = loam_xrealloc(t->pmask, cap * sizeof(*t->pmask));
  t->umask = loam_xrealloc(t->umask, cap * sizeof(*t->umask));
  t->pre = loam_xrealloc(t->pre, cap * sizeof(*t->pre));
  t->pre_n = loam_xrealloc(t->pre_n, cap * sizeof(*t->pre_n));
  t->pre_up = loam_xrealloc(t->pre_up, cap * sizeof(*t->pre_up));
  t->head = loam_xrealloc(t->head, cap * sizeof(*t->head));
  t->len = loam_xrealloc(t->len, cap * sizeof(*t->len));
  t->off = loam_xrealloc(t->off, cap * sizeof(*t->off));
  t->ref = loam_xrealloc(t->ref, cap * sizeof(*t->ref));
  t->group = loam_xrealloc(t->group, cap * sizeof(*t->group));
  t->kind = loam_xrealloc(t->kind, cap * sizeof(*t->kind));
  for (int b = 0; b < 64; b++) { /* cap is a multiple of 64 */
    t->post[b] = loam_xrealloc(t->post[b], cap / 64 * sizeof(uint64_t));
    memset(t->post[b] + t->cap / 64, 0, (cap - t->cap) / 64 * sizeof(uint64_t));
  }
  t->cap = cap;
}

/* Sets (or clears) name id in the postings of its key bits. */
static void S_post(loam_names *t, size_t id, int on) {
  uint64_t bit = 1ull << (id % 64);
  for (uint64_t m = t->mask[id]; m; m &= m - 1) {
    uint64_t *word = &t->post[S_ctz(m)][id / 64];
    *word = on ? *word | bit : *word & ~bit;
  }
}

static S_range *S_range_of(loam_names *t, int32_t group) {
  size_t g = (size_t)group;
  if (g >= t->groups.len) {
    t->groups.items = loam_xgrow(t->groups.items, &t->groups.cap, g + 1, sizeof(S_range));
    memset(t->groups.items + t->groups.len, 0, (g + 1 - t->groups.len) * sizeof(S_range));
    t->groups.len = g + 1;
  }
  return &t->groups.items[g];
}

/* Rewrites the arrays without the dead names. Ids change; groups stay
 * contiguous because the order is kept. */
static void S_compact(loam_names *t) {
  size_t w = 0, uw = 0;
  for (int b = 0; b < 64; b++) memset(t->post[b], 0, (t->n + 63) / 64 * sizeof(uint64_t));
  for (size_t r = 0; r < t->n; r++) {
    if (t->kind[r] == S_DEAD) continue;
    uint32_t m = t->len[r];
    memmove(t->units.items + uw, t->units.items + t->off[r], m * sizeof(loam_fuzzy_unit));
    t->mask[w] = t->mask[r], t->wmask[w] = t->wmask[r], t->pmask[w] = t->pmask[r];
    t->umask[w] = t->umask[r];
    t->pre[w] = t->pre[r], t->pre_n[w] = t->pre_n[r], t->pre_up[w] = t->pre_up[r];
    t->head[w] = t->head[r];
    t->len[w] = m, t->off[w] = (uint32_t)uw, t->ref[w] = t->ref[r];
    t->group[w] = t->group[r], t->kind[w] = t->kind[r];
    S_range *g = &t->groups.items[t->group[w]];
    if (g->first == r) g->first = (uint32_t)w; /* the group's first name moves first */
    S_post(t, w, 1);
    uw += m;
    w++;
  }
  t->n = w;
  t->units.len = uw;
  t->dead = t->dead_units = 0;
}

void loam_names_drop(loam_names *t, int32_t group) {
  if (group < 0 || (size_t)group >= t->groups.len) return;
  S_range *g = &t->groups.items[group];
  for (uint32_t k = 0; k < g->count; k++) {
    uint32_t id = g->first + k;
    S_post(t, id, 0);
    t->kind[id] = S_DEAD;
    t->group[id] = -1;
    t->dead_units += t->len[id];
  }
  t->dead += g->count;
  g->first = g->count = 0;
}

/* Packs the leading ASCII units (at most 8) of u[0..m) into one word, so a
 * prefix test of a short needle reads no unit pool: the pool is large and
 * a name's units are a cache miss away. */
static void S_pre(const loam_fuzzy_unit *u, size_t m, uint64_t *pre, uint8_t *n, uint8_t *up) {
  *pre = 0, *n = 0, *up = 0;
  for (size_t j = 0; j < m && j < 8; j++) {
    uint32_t key = LOAM_FUZZY_KEY(u[j]);
    if (key >= 0x80) break;
    *pre |= (uint64_t)key << (8 * j);
    if (u[j] & LOAM_FUZZY_UPPER) *up |= (uint8_t)(1u << j);
    (*n)++;
  }
}

void loam_names_set(loam_names *t, int32_t group, const loam_names_input *in, size_t count) {
  loam_names_drop(t, group);
  if (t->dead > 1024 && t->dead * 2 > t->n) S_compact(t);
  S_range *g = S_range_of(t, group);
  S_reserve(t, t->n + count);
  g->first = (uint32_t)t->n;
  g->count = (uint32_t)count;
  for (size_t k = 0; k < count; k++) {
    size_t id = t->n++;
    /* A character folds to at most two units and takes at least one byte. */
    size_t room = 2 * in[k].n;
    t->units.items =
        loam_xgrow(t->units.items, &t->units.cap, t->units.len + room + 1, sizeof(loam_fuzzy_unit));
    loam_fuzzy_unit *u = t->units.items + t->units.len;
    size_t m = loam_fuzzy_fold(in[k].s, in[k].n, u, room);
    t->mask[id] = loam_fuzzy_mask(u, m);
    t->wmask[id] = loam_fuzzy_word_mask(u, m);
    loam_fuzzy_pair_mask(u, m, &t->pmask[id]);
    t->umask[id] = loam_fuzzy_upper_mask(u, m);
    S_pre(u, m, &t->pre[id], &t->pre_n[id], &t->pre_up[id]);
    t->head[id] = m ? u[0] : 0;
    t->len[id] = (uint32_t)m;
    t->off[id] = (uint32_t)t->units.len;
    t->ref[id] = in[k].ref;
    t->group[id] = group;
    t->kind[id] = in[k].kind < S_DEAD ? in[k].kind : S_DEAD - 1;
    t->units.len += m;
    S_post(t, id, 1);
  }
}

void loam_names_move(loam_names *t, int32_t from, int32_t to) {
  if (from < 0 || (size_t)from >= t->groups.len || from == to) return;
  S_range r = t->groups.items[from];
  t->groups.items[from].first = t->groups.items[from].count = 0;
  loam_names_drop(t, to);
  *S_range_of(t, to) = r;
  for (uint32_t k = 0; k < r.count; k++) t->group[r.first + k] = to;
}

size_t loam_names_of(const loam_names *t, int32_t group, uint32_t *first) {
  *first = 0;
  if (group < 0 || (size_t)group >= t->groups.len) return 0;
  *first = t->groups.items[group].first;
  return t->groups.items[group].count;
}

uint8_t loam_names_kind(const loam_names *t, uint32_t id) { return t->kind[id]; }
uint32_t loam_names_ref(const loam_names *t, uint32_t id) { return t->ref[id]; }
int32_t loam_names_group(const loam_names *t, uint32_t id) { return t->group[id]; }

void loam_names_needle_init(loam_names_needle *nd, const char *s, size_t n) {
  nd->n = loam_fuzzy_fold(s, n, nd->units, LOAM_FUZZY_MAX_LEN);
  nd->too_long = nd->n > LOAM_FUZZY_MAX_LEN;
  if (nd->too_long) nd->n = LOAM_FUZZY_MAX_LEN;
  nd->mask = loam_fuzzy_mask(nd->units, nd->n);
  nd->upper = loam_fuzzy_upper_mask(nd->units, nd->n);
  loam_fuzzy_needle_bits(nd->units, nd->n, &nd->bits);
  S_pre(nd->units, nd->n, &nd->pre, &nd->pre_n, &nd->pre_up);
}

int32_t loam_names_score(const loam_names *t, const loam_names_needle *nd, uint32_t id) {
  if (nd->too_long) return LOAM_FUZZY_NONE;
  return loam_fuzzy_score_units(nd->units, nd->n, t->units.items + t->off[id], t->len[id]);
}

/* ---- the heap of the best k ------------------------------------------- */

typedef struct {
  loam_names_hit *a;
  size_t len, k;
  const uint64_t *keys;
  loam_names_tie_fn tie;
  void *ud;
} S_heap;

/* 1 when x ranks strictly before y. */
static inline int S_better(const S_heap *h, const loam_names_hit *x, const loam_names_hit *y) {
  if (x->score != y->score) return x->score > y->score;
  if (h->keys && x->group != y->group && h->keys[x->group] != h->keys[y->group])
    return h->keys[x->group] > h->keys[y->group];
  if (h->tie) return h->tie(h->ud, x, y) < 0;
  if (x->group != y->group) return x->group < y->group;
  return x->id < y->id;
}

/* The root is the worst hit kept: no child ranks after its parent. */
static void S_sift_down(S_heap *h, size_t i, size_t len) {
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, w = i;
    if (l < len && S_better(h, &h->a[w], &h->a[l])) w = l;
    if (r < len && S_better(h, &h->a[w], &h->a[r])) w = r;
    if (w == i) return;
    loam_names_hit tmp = h->a[i];
    h->a[i] = h->a[w], h->a[w] = tmp;
    i = w;
  }
}

static void S_offer(S_heap *h, const loam_names_hit *x) {
  if (h->len < h->k) {
    size_t i = h->len++;
    h->a[i] = *x;
    while (i > 0) {
      size_t p = (i - 1) / 2;
      if (!S_better(h, &h->a[p], &h->a[i])) break;
      loam_names_hit tmp = h->a[i];
      h->a[i] = h->a[p], h->a[p] = tmp;
      i = p;
    }
  } else if (S_better(h, x, &h->a[0])) {
    h->a[0] = *x;
    S_sift_down(h, 0, h->len);
  }
}

/* 1 when a hit scoring at most `bound` cannot enter the heap. */
static int S_hopeless(const S_heap *h, int32_t bound, int32_t group, uint32_t id) {
  if (h->len < h->k) return 0;
  const loam_names_hit *worst = &h->a[0];
  if (bound != worst->score) return bound < worst->score;
  loam_names_hit x = {bound, group, id};
  return !S_better(h, &x, worst);
}

/* Sorts the heap best first (a heap sort: the worst goes to the end). */
static void S_finish(S_heap *h) {
  for (size_t end = h->len; end > 1; end--) {
    loam_names_hit tmp = h->a[0];
    h->a[0] = h->a[end - 1], h->a[end - 1] = tmp;
    S_sift_down(h, 0, end - 1);
  }
}

/* ---- the query ---------------------------------------------------------- */

/* The best hit of the group being read, for by_group queries. */
typedef struct {
  loam_names_hit best;
  int has;
} S_group;

static void S_take(S_heap *h, S_group *cur, int by_group, const loam_names_hit *x) {
  if (!by_group) return S_offer(h, x);
  if (cur->has && cur->best.group == x->group) {
    if (S_better(h, x, &cur->best)) cur->best = *x;
    return;
  }
  if (cur->has) S_offer(h, &cur->best);
  cur->best = *x;
  cur->has = 1;
}

static void S_flush(S_heap *h, S_group *cur) {
  if (cur->has) S_offer(h, &cur->best);
  cur->has = 0;
}

static size_t S_top_empty(const loam_names *t, uint32_t kinds, int by_group, S_heap *h) {
  S_group cur = {{0, 0, 0}, 0};
  for (size_t id = 0; id < t->n; id++) {
    if (!((kinds >> t->kind[id]) & 1)) continue;
    loam_names_hit x = {0, t->group[id], (uint32_t)id};
    if (!by_group && S_hopeless(h, 0, x.group, x.id)) continue;
    S_take(h, &cur, by_group, &x);
  }
  S_flush(h, &cur);
  S_finish(h);
  return h->len;
}

/* Walks the ids of the live names whose key mask has every bit of a
 * needle's mask: the AND of those bits' postings, a word at a time. */
typedef struct {
  const uint64_t *lists[64];
  size_t n_lists, word, words;
  uint64_t bits;
} S_iter;

static void S_iter_init(S_iter *it, const loam_names *t, uint64_t mask) {
  *it = (S_iter){{0}, 0, 0, 0, 0};
  for (uint64_t m = mask; m; m &= m - 1) it->lists[it->n_lists++] = t->post[S_ctz(m)];
  it->words = it->n_lists ? (t->n + 63) / 64 : 0;
  it->word = 0;
  it->bits = 0;
  if (it->words) {
    it->bits = it->lists[0][0];
    for (size_t l = 1; l < it->n_lists && it->bits; l++) it->bits &= it->lists[l][0];
  }
}

static inline int S_iter_next(S_iter *it, size_t *id) {
  while (!it->bits) {
    if (++it->word >= it->words) return 0;
    uint64_t x = it->lists[0][it->word];
    for (size_t l = 1; l < it->n_lists && x; l++) x &= it->lists[l][it->word];
    it->bits = x;
  }
  *id = it->word * 64 + S_ctz(it->bits);
  it->bits &= it->bits - 1;
  return 1;
}

/* 1 when the needle's units start name id's. */
static inline int S_is_prefix(const loam_names *t, const loam_names_needle *nd, size_t id) {
  size_t n = nd->n, m = t->len[id], k = n < 8 ? n : 8;
  if (m < n) return 0;
  if (nd->pre_n == k) { /* the needle starts with k ASCII units: compare words */
    if (t->pre_n[id] < k) return 0;
    uint64_t low = k == 8 ? ~0ull : (1ull << (8 * k)) - 1;
    if ((t->pre[id] ^ nd->pre) & low) return 0;
    if (nd->pre_up & ~t->pre_up[id] & (uint8_t)low) return 0; /* smart case */
    if (n == k) return 1;
    return loam_fuzzy_is_prefix(nd->units + k, n - k, t->units.items + t->off[id] + k, m - k);
  }
  return loam_fuzzy_is_prefix(nd->units, n, t->units.items + t->off[id], m);
}

/* How many leading units of name id have the needle's keys (case aside),
 * when that is fewer than the needle's; else 0 (unknown). */
static size_t S_run(const loam_names *t, const loam_names_needle *nd, size_t id) {
  size_t n = nd->n, m = t->len[id];
  if (!m || LOAM_FUZZY_KEY(t->head[id] ^ nd->units[0])) return 0;
  size_t known = t->pre_n[id] < nd->pre_n ? t->pre_n[id] : nd->pre_n;
  uint64_t low = known >= 8 ? ~0ull : (1ull << (8 * known)) - 1;
  uint64_t diff = (t->pre[id] ^ nd->pre) & low;
  size_t run = diff ? S_ctz(diff) / 8 : known;
  if (!diff) { /* equal as far as the words tell: read on in the pool */
    const loam_fuzzy_unit *hs = t->units.items + t->off[id];
    while (run < n && run < m && !LOAM_FUZZY_KEY(hs[run] ^ nd->units[run])) run++;
  }
  return run < n ? run : 0;
}

/* Where a group's hit sits in the heap, or -1. */
static ptrdiff_t S_find(const S_heap *h, int32_t group) {
  for (size_t i = 0; i < h->len; i++)
    if (h->a[i].group == group) return (ptrdiff_t)i;
  return -1;
}

typedef struct {
  int32_t bound;
  uint32_t id;
} S_cand;

/*
 * The non-prefix matches, best bound first: the names that survive the
 * masks and the heap's current worst are bucketed by their bound, then
 * scored from the highest bucket down, so the heap's worst rises as fast as
 * it can and most names are dropped by their bound alone. `done` marks the
 * groups whose best is known already (by_group).
 */
static void S_rest(const loam_names *t, const loam_names_needle *nd, uint32_t kinds, int by_group,
                   uint64_t *done, S_heap *h) {
  const loam_fuzzy_unit *nu = nd->units, *pool = t->units.items;
  const size_t n = nd->n;
  const uint64_t nm = nd->mask;
  LOAM_VEC(S_cand) cands = {0};
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  S_iter it;
  S_iter_init(&it, t, nm);
  for (size_t id; S_iter_next(&it, &id);) {
    if (!((kinds >> t->kind[id]) & 1)) continue;
    if ((t->umask[id] & nd->upper) != nd->upper) continue;
    int32_t g = t->group[id];
    if (by_group && (done[g / 64] >> (g % 64)) & 1) continue;
    uint32_t m = t->len[id];
    if (m < n) continue;
    int32_t bound;
    if (m > LOAM_FUZZY_MAX_LEN) {
      bound = LOAM_FUZZY_UNSCORED;
    } else {
      if (S_is_prefix(t, nd, id)) continue; /* scored in the first pass */
      bound = loam_fuzzy_bound_run(nu, &nd->bits, n, t->head[id], m, t->wmask[id], &t->pmask[id],
                                   S_run(t, nd, id));
    }
    if (S_hopeless(h, bound, g, (uint32_t)id)) continue;
    S_cand c = {bound, (uint32_t)id};
    LOAM_VEC_PUSH(&cands, c);
    if (bound < lo) lo = bound;
    if (bound > hi) hi = bound;
  }
  if (!cands.len) return;

  /* Bucket by bound, highest first. */
  int64_t width = ((int64_t)hi - lo) / 1024 + 1;
  size_t nb = (size_t)(((int64_t)hi - lo) / width) + 1;
  size_t *start = loam_xcalloc(nb + 1, sizeof(size_t));
  S_cand *sorted = loam_xmalloc(cands.len * sizeof(S_cand));
  for (size_t c = 0; c < cands.len; c++) start[(size_t)((hi - cands.items[c].bound) / width) + 1]++;
  for (size_t b = 0; b < nb; b++) start[b + 1] += start[b];
  for (size_t c = 0; c < cands.len; c++)
    sorted[start[(size_t)((hi - cands.items[c].bound) / width)]++] = cands.items[c];
  /* start[b] is now the end of bucket b: bucket b is [b ? start[b-1] : 0, start[b]). */

  uint64_t *offered = by_group ? loam_xcalloc(t->groups.len / 64 + 1, sizeof(uint64_t)) : NULL;
  for (size_t b = 0, c = 0; b < nb; b++) {
    int32_t top = (int32_t)(hi - (int64_t)b * width);
    if (h->len == h->k && top < h->a[0].score) break; /* nothing below can enter */
    for (; c < start[b]; c++) {
      const S_cand *x = &sorted[c];
      int32_t g = t->group[x->id];
      if (S_hopeless(h, x->bound, g, x->id)) continue;
      ptrdiff_t at = -1;
      if (by_group && (offered[g / 64] >> (g % 64)) & 1) {
        at = S_find(h, g);
        loam_names_hit b_hit = {x->bound, g, x->id};
        if (at >= 0 && !S_better(h, &b_hit, &h->a[at])) continue; /* cannot improve its group */
      }
      uint32_t m = t->len[x->id];
      const loam_fuzzy_unit *hs = pool + t->off[x->id];
      if (!loam_fuzzy_match_units(nu, n, hs, m)) continue;
      int32_t score =
          m > LOAM_FUZZY_MAX_LEN ? LOAM_FUZZY_UNSCORED : loam_fuzzy_score_units(nu, n, hs, m);
      loam_names_hit hit = {score, g, x->id};
      if (at >= 0) {
        if (S_better(h, &hit, &h->a[at])) {
          h->a[at] = hit;
          S_sift_down(h, (size_t)at, h->len);
        }
        continue;
      }
      if (by_group) offered[g / 64] |= 1ull << (g % 64);
      S_offer(h, &hit);
    }
  }
  free(offered);
  free(sorted);
  free(start);
  free(cands.items);
}

static const loam_fuzzy_pairs S_all_pairs = {{~0ull, ~0ull, ~0ull, ~0ull}};

size_t loam_names_top(const loam_names *t, const loam_names_needle *nd, const loam_names_query *q,
                      loam_names_hit *out) {
  S_heap h = {out, 0, q->k, q->group_keys, q->tie, q->ud};
  uint32_t kinds = q->kinds & ~(1u << S_DEAD);
  int by_group = q->by_group;
  if (q->k == 0 || nd->too_long) return 0;
  if (nd->n == 0) return S_top_empty(t, kinds, by_group, &h);

  const size_t n = nd->n;
  const uint64_t nm = nd->mask;
  /* Groups with a prefix match: their best is already known, because any
   * prefix match outscores any non-prefix one (fuzzy.c, "Bounds"). */
  uint64_t *done = by_group ? loam_xcalloc(t->groups.len / 64 + 1, sizeof(uint64_t)) : NULL;

  /* 1. Prefix matches, scored without the matrix. */
  S_group cur = {{0, 0, 0}, 0};
  S_iter it;
  S_iter_init(&it, t, nm);
  for (size_t id; S_iter_next(&it, &id);) {
    if (!((kinds >> t->kind[id]) & 1)) continue;
    if ((t->umask[id] & nd->upper) != nd->upper) continue;
    if (t->len[id] > LOAM_FUZZY_MAX_LEN || !S_is_prefix(t, nd, id)) continue;
    loam_names_hit x = {loam_fuzzy_prefix_score(n, t->len[id]), t->group[id], (uint32_t)id};
    if (by_group) done[x.group / 64] |= 1ull << (x.group % 64);
    if (!by_group && S_hopeless(&h, x.score, x.group, x.id)) continue;
    S_take(&h, &cur, by_group, &x);
  }
  S_flush(&h, &cur);

  /* 2. Everything else, unless no non-prefix match can enter the heap. */
  int32_t best_other =
      loam_fuzzy_bound(nd->units, &nd->bits, n, nd->units[0], n + 1, ~0ull, &S_all_pairs);
  if (h.len < h.k || h.a[0].score <= best_other) S_rest(t, nd, kinds, by_group, done, &h);
  free(done);
  S_finish(&h);
  return h.len;
}
