/*
 * fuzzy.c: fuzzy matching and scoring for completion (see fuzzy.h).
 *
 * Folding turns a string into "units": each character is decoded,
 * lower-cased and stripped of its accent with loam_utf8_fold(), so `Søren`
 * becomes s,o,r,e,n and `Ærø` becomes a,e,r,o (one character may give two
 * units). A unit keeps whether its character was upper case, which is what
 * smart case compares: an upper-case needle unit only matches an upper-case
 * haystack unit. A byte that is not UTF-8 is a unit of its own that matches
 * only the same byte. Folding also records each unit's bonus class (start
 * of the string, after '/', after a space, '-' or '_', a lower-to-upper
 * change, after '.'), which depends only on the haystack.
 *
 * Scoring is fzy's dynamic program over the units, in integers (fzy's
 * values times 1000). For needle unit i and hay unit j, D[i][j] is the best
 * score of an alignment that matches i at j, and M[i][j] the best with i
 * matched anywhere up to j:
 *
 *   D[i][j] = max(M[i-1][j-1] + bonus[j], D[i-1][j-1] + S_CONSECUTIVE)
 *   M[i][j] = max(D[i][j], M[i][j-1] + gap)
 *
 * Gaps cost a little, leading and trailing ones less than inner ones, so a
 * shorter candidate wins a tie. On top of fzy, a needle that is a prefix of
 * the haystack gets S_PREFIX, more than any gap can cost, so typing the
 * start of a title puts it first; an exact match (after folding) outranks
 * everything.
 *
 * Bounds. No unit can add more than S_CONSECUTIVE (the largest bonus, at
 * the first position, equals it) and every unmatched haystack unit costs at
 * least the leading/trailing gap, so a prefix alignment is optimal and its
 * score has a closed form (loam_fuzzy_prefix_score), and any other match
 * scores at most what loam_fuzzy_bound() says. A name index uses both to
 * skip the matrix for most names.
 *
 * Only two rows of each matrix are kept, on the stack, bounded by
 * LOAM_FUZZY_MAX_LEN units: no allocation, O(n*m) time.
 */
#include "fuzzy.h"

#include "../common/utf8.h"

#define S_GAP_LEADING 5
#define S_GAP_TRAILING 5
#define S_GAP_INNER 10
#define S_CONSECUTIVE 1000
#define S_PREFIX 2000
#define S_MIN (-(1 << 28)) /* "impossible", far from overflowing when gaps are added */

#define S_UPPER LOAM_FUZZY_UPPER
#define S_BONUS_SHIFT 23
enum { B_NONE, B_FIRST, B_SLASH, B_WORD, B_CAPITAL, B_DOT };
static const int32_t S_bonus_value[8] = {0, 1000, 900, 800, 700, 600, 0, 0};
#define S_BONUS_MAX_LATER 900 /* the largest bonus after the first position */

/* One character read from a string: its code point (or 0x110000 + byte),
 * its folded keys, and its case. */
typedef struct {
  uint32_t src;
  uint32_t keys[4];
  size_t n_keys;
  int upper, lower;
} S_char;

/* Upper case as far as loam_utf8_fold() knows: folding changes it. */
static int S_is_upper(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  if (cp >= 0x110000u) return 0;
  char buf[4];
  uint32_t low;
  size_t n = loam_utf8_fold(cp, 0, buf);
  loam_utf8_decode(buf, n, &low);
  return low != cp;
}

static int S_is_lower(uint32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return cp >= 0xDF && cp <= 0x17F && cp != 0xF7 && !S_is_upper(cp);
}

/* Reads the character at s[*at] (n bytes in all) and advances *at. */
static void S_read_char(const char *s, size_t n, size_t *at, S_char *c) {
  unsigned char b = (unsigned char)s[*at];
  if (b < 0x80) {
    c->src = b;
    c->keys[0] = b >= 'A' && b <= 'Z' ? b + 32u : b;
    c->n_keys = 1;
    c->upper = b >= 'A' && b <= 'Z';
    c->lower = b >= 'a' && b <= 'z';
    *at += 1;
    return;
  }
  size_t len = loam_utf8_valid_len(s + *at, n - *at);
  if (len == 0) {
    c->src = c->keys[0] = 0x110000u + b;
    c->n_keys = 1;
    c->upper = c->lower = 0;
    *at += 1;
    return;
  }
  uint32_t cp;
  loam_utf8_decode(s + *at, len, &cp);
  *at += len;
  char folded[4];
  size_t flen = loam_utf8_fold(cp, 1, folded);
  c->n_keys = 0;
  for (size_t k = 0; k < flen;) {
    uint32_t f;
    k += loam_utf8_decode(folded + k, flen - k, &f);
    c->keys[c->n_keys++] = f;
  }
  c->src = cp;
  c->upper = S_is_upper(cp);
  c->lower = S_is_lower(cp);
}

/* The bonus class of a character after `prev` (0 at the start). */
static unsigned S_bonus_class(uint32_t prev, int prev_lower, int upper) {
  switch (prev) {
  case '/': return B_SLASH;
  case ' ':
  case '-':
  case '_': return B_WORD;
  case '.': return B_DOT;
  default: return prev_lower && upper ? B_CAPITAL : B_NONE;
  }
}

size_t loam_fuzzy_fold(const char *s, size_t n, loam_fuzzy_unit *out, size_t max) {
  size_t k = 0, at = 0;
  uint32_t prev = 0;
  int prev_lower = 0;
  while (at < n) {
    S_char c;
    S_read_char(s, n, &at, &c);
    unsigned bonus = k == 0 ? B_FIRST : S_bonus_class(prev, prev_lower, c.upper);
    for (size_t u = 0; u < c.n_keys; u++, k++) {
      if (k >= max) continue;
      out[k] = c.keys[u] | (c.upper ? S_UPPER : 0) | ((u == 0 ? bonus : B_NONE) << S_BONUS_SHIFT);
    }
    prev = c.src;
    prev_lower = c.lower;
  }
  return k;
}

uint64_t loam_fuzzy_key_bit(loam_fuzzy_unit u) {
  uint32_t key = LOAM_FUZZY_KEY(u);
  if (key >= 'a' && key <= 'z') return 1ull << (key - 'a');
  if (key >= '0' && key <= '9') return 1ull << (26 + key - '0');
  return 1ull << (36 + key % 28);
}

unsigned loam_fuzzy_pair_index(loam_fuzzy_unit a, loam_fuzzy_unit b) {
  uint64_t h = (uint64_t)LOAM_FUZZY_KEY(a) * 0x9E3779B97F4A7C15ull + LOAM_FUZZY_KEY(b);
  return (unsigned)((h * 0xBF58476D1CE4E5B9ull) >> 56);
}

void loam_fuzzy_pair_mask(const loam_fuzzy_unit *u, size_t n, loam_fuzzy_pairs *out) {
  *out = (loam_fuzzy_pairs){{0, 0, 0, 0}};
  for (size_t i = 1; i < n; i++) {
    unsigned k = loam_fuzzy_pair_index(u[i - 1], u[i]);
    out->w[k >> 6] |= 1ull << (k & 63);
  }
}

uint64_t loam_fuzzy_upper_mask(const loam_fuzzy_unit *u, size_t n) {
  uint64_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (u[i] & S_UPPER) m |= loam_fuzzy_key_bit(u[i]);
  return m;
}

uint64_t loam_fuzzy_mask(const loam_fuzzy_unit *u, size_t n) {
  uint64_t m = 0;
  for (size_t i = 0; i < n; i++) m |= loam_fuzzy_key_bit(u[i]);
  return m;
}

uint64_t loam_fuzzy_word_mask(const loam_fuzzy_unit *u, size_t n) {
  uint64_t m = 0;
  for (size_t i = 1; i < n; i++)
    if (u[i] >> S_BONUS_SHIFT) m |= loam_fuzzy_key_bit(u[i]);
  return m;
}

#define S_eq loam_fuzzy_unit_eq

int loam_fuzzy_match_units(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs,
                           size_t m) {
  size_t j = 0;
  for (size_t i = 0; i < n; i++, j++) {
    while (j < m && !S_eq(nd[i], hs[j])) j++;
    if (j == m) return 0;
  }
  return 1;
}

int loam_fuzzy_is_prefix(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs, size_t m) {
  if (n > m) return 0;
  for (size_t i = 0; i < n; i++)
    if (!S_eq(nd[i], hs[i])) return 0;
  return 1;
}

int32_t loam_fuzzy_prefix_score(size_t n, size_t m) {
  if (n == m) return LOAM_FUZZY_EXACT;
  return (int32_t)(S_CONSECUTIVE * n) - (int32_t)(S_GAP_TRAILING * (m - n)) + S_PREFIX;
}

void loam_fuzzy_needle_bits(const loam_fuzzy_unit *nd, size_t n, loam_fuzzy_bits *out) {
  for (size_t i = 0; i < n && i < LOAM_FUZZY_MAX_LEN; i++) {
    out->key[i] = loam_fuzzy_key_bit(nd[i]);
    out->pair[i] = (uint8_t)(i ? loam_fuzzy_pair_index(nd[i - 1], nd[i]) : 0);
  }
}

/* The most needle unit i (>= 1) can earn: consecutive if its pair occurs,
 * else a word bonus if its key starts a word, else nothing. */
static inline int32_t S_unit_max(const loam_fuzzy_bits *bits, size_t i, uint64_t word_mask,
                                 const loam_fuzzy_pairs *pairs) {
  unsigned k = bits->pair[i];
  if ((pairs->w[k >> 6] >> (k & 63)) & 1) return S_CONSECUTIVE;
  return (word_mask & bits->key[i]) ? S_BONUS_MAX_LATER : 0;
}

int32_t loam_fuzzy_bound(const loam_fuzzy_unit *nd, const loam_fuzzy_bits *bits, size_t n,
                         loam_fuzzy_unit head, size_t m, uint64_t word_mask,
                         const loam_fuzzy_pairs *pairs) {
  return loam_fuzzy_bound_run(nd, bits, n, head, m, word_mask, pairs, 0);
}

int32_t loam_fuzzy_bound_run(const loam_fuzzy_unit *nd, const loam_fuzzy_bits *bits, size_t n,
                             loam_fuzzy_unit head, size_t m, uint64_t word_mask,
                             const loam_fuzzy_pairs *pairs, size_t run) {
  if (n == 0) return 0;
  int32_t gaps = (int32_t)(S_GAP_LEADING * (m - n));
  int32_t rest = 0; /* what units 1.. can earn, each on its own */
  for (size_t i = 1; i < n; i++) rest += S_unit_max(bits, i, word_mask, pairs);
  /* The first unit anywhere but at the start: a word bonus at most. */
  int32_t later = ((word_mask & bits->key[0]) ? S_BONUS_MAX_LATER : 0) + rest;
  if (!S_eq(nd[0], head)) return later - gaps;
  int32_t first = S_bonus_value[B_FIRST] + rest;
  if (run >= 1 && run < n) {
    /* At the start, units 0..run-1 earn at most the consecutive bonus; some
     * unit k in 1..run is the first that is not consecutive (unit run
     * cannot be: the haystack differs there) and earns a word bonus at
     * most; after k, each unit on its own. */
    int32_t tail = 0; /* units after `run`, each on its own */
    for (size_t i = run + 1; i < n; i++) tail += S_unit_max(bits, i, word_mask, pairs);
    int32_t best_break = (word_mask & bits->key[run]) ? S_BONUS_MAX_LATER : 0; /* k == run */
    for (size_t k = 1; k < run; k++)
      if (word_mask & bits->key[k]) {
        /* Break at k: units k+1..run on their own; at most run - k of them
         * consecutive, and unit run only with its pair. */
        int32_t after =
            S_CONSECUTIVE * (int32_t)(run - 1 - k) + S_unit_max(bits, run, word_mask, pairs);
        int32_t b = S_BONUS_MAX_LATER - S_CONSECUTIVE * (int32_t)(run - k) + after;
        if (b > best_break) best_break = b;
      }
    first = S_CONSECUTIVE * (int32_t)run + best_break + tail;
  }
  return (first > later ? first : later) - gaps;
}

static inline int32_t S_max(int32_t a, int32_t b) { return a > b ? a : b; }

static int32_t S_align(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs, size_t m) {
  int32_t bonus[LOAM_FUZZY_MAX_LEN], rows[4][LOAM_FUZZY_MAX_LEN];
  int32_t *d_prev = rows[0], *m_prev = rows[1], *d_cur = rows[2], *m_cur = rows[3];
  for (size_t j = 0; j < m; j++) bonus[j] = S_bonus_value[(hs[j] >> S_BONUS_SHIFT) & 7];
  /* Needle unit i can only match at j in [i, m - n + i]: the cells outside
   * are never read. Row 0 has no predecessor. */
  int32_t gap = n == 1 ? S_GAP_TRAILING : S_GAP_INNER, best = S_MIN;
  for (size_t j = 0; j <= m - n; j++) {
    int32_t score = S_eq(nd[0], hs[j]) ? bonus[j] - (int32_t)j * S_GAP_LEADING : S_MIN;
    d_prev[j] = score;
    best = S_max(score, best - gap);
    m_prev[j] = best;
  }
  for (size_t i = 1; i < n; i++) {
    gap = i == n - 1 ? S_GAP_TRAILING : S_GAP_INNER;
    best = S_MIN;
    loam_fuzzy_unit u = nd[i];
    for (size_t j = i, last = m - n + i; j <= last; j++) {
      int32_t score = S_MIN;
      if (S_eq(u, hs[j])) score = S_max(m_prev[j - 1] + bonus[j], d_prev[j - 1] + S_CONSECUTIVE);
      d_cur[j] = score;
      best = S_max(score, best - gap);
      m_cur[j] = best;
    }
    int32_t *t = d_prev;
    d_prev = d_cur, d_cur = t;
    t = m_prev;
    m_prev = m_cur, m_cur = t;
  }
  return m_prev[m - 1];
}

int32_t loam_fuzzy_score_units(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs,
                               size_t m) {
  if (n == 0) return 0;
  if (!loam_fuzzy_match_units(nd, n, hs, m)) return LOAM_FUZZY_NONE;
  if (m > LOAM_FUZZY_MAX_LEN) return LOAM_FUZZY_UNSCORED;
  if (loam_fuzzy_is_prefix(nd, n, hs, m)) return loam_fuzzy_prefix_score(n, m);
  return S_align(nd, n, hs, m);
}

/* ---- the byte layer ---------------------------------------------------- */

/* Reads the units of a string one at a time, for strings of any length. */
typedef struct {
  const char *s;
  size_t n, at;
  S_char c;
  size_t next_key;
} S_reader;

static int S_next(S_reader *r, loam_fuzzy_unit *u) {
  if (r->next_key >= r->c.n_keys) {
    if (r->at >= r->n) return 0;
    S_read_char(r->s, r->n, &r->at, &r->c);
    r->next_key = 0;
  }
  *u = r->c.keys[r->next_key++] | (r->c.upper ? S_UPPER : 0);
  return 1;
}

int loam_fuzzy_has_match(const char *needle, size_t nlen, const char *hay, size_t hlen) {
  S_reader rn = {needle, nlen, 0, {0}, 0}, rh = {hay, hlen, 0, {0}, 0};
  loam_fuzzy_unit un, uh;
  while (S_next(&rn, &un)) {
    do {
      if (!S_next(&rh, &uh)) return 0;
    } while (!S_eq(un, uh));
  }
  return 1;
}

double loam_fuzzy_score(const char *needle, size_t nlen, const char *hay, size_t hlen) {
  loam_fuzzy_unit nd[LOAM_FUZZY_MAX_LEN], hs[LOAM_FUZZY_MAX_LEN];
  if (nlen == 0) return 0;
  if (!loam_fuzzy_has_match(needle, nlen, hay, hlen)) return LOAM_FUZZY_NO_MATCH;
  size_t n = loam_fuzzy_fold(needle, nlen, nd, LOAM_FUZZY_MAX_LEN);
  size_t m = loam_fuzzy_fold(hay, hlen, hs, LOAM_FUZZY_MAX_LEN);
  if (n > LOAM_FUZZY_MAX_LEN || m > LOAM_FUZZY_MAX_LEN)
    return LOAM_FUZZY_UNSCORED / LOAM_FUZZY_SCALE;
  int32_t s =
      loam_fuzzy_is_prefix(nd, n, hs, m) ? loam_fuzzy_prefix_score(n, m) : S_align(nd, n, hs, m);
  return s / LOAM_FUZZY_SCALE;
}
