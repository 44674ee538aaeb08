/*
 * fuzzy.c: fuzzy matching and scoring for completion (see fuzzy.h).
 *
 * Both strings are first turned into "units": each character is decoded,
 * lower-cased and stripped of its accent with loam_utf8_fold(), so `Søren`
 * becomes s,o,r,e,n and `Ærø` becomes a,e,r,o (one character may give two
 * units). A unit remembers the character it came from, which is what smart
 * case compares: an upper-case needle character only matches that exact
 * character. A byte that is not UTF-8 is a unit of its own that matches
 * only the same byte.
 *
 * Scoring is fzy's dynamic program over the units. For needle unit i and
 * hay unit j, D[i][j] is the best score of an alignment that matches i at j,
 * and M[i][j] the best with i matched anywhere up to j:
 *
 *   D[i][j] = max(M[i-1][j-1] + bonus[j], D[i-1][j-1] + S_CONSECUTIVE)
 *   M[i][j] = max(D[i][j], M[i][j-1] + gap)
 *
 * bonus[j] rewards the start of the haystack and of words (after space, '-',
 * '_', '/', '.', or a lower-to-upper change); gaps cost a little, leading
 * and trailing ones less than inner ones, so a shorter candidate wins a tie.
 * On top of fzy, a needle that is a prefix of the haystack gets S_PREFIX,
 * more than any gap can cost, so typing the start of a title puts it first;
 * an exact match (after folding) outranks everything.
 *
 * Only two rows of each matrix are kept, on the stack, bounded by
 * LOAM_FUZZY_MAX_LEN units: no allocation, O(n*m) time.
 */
#include "fuzzy.h"

#include <stdint.h>

#include "../common/utf8.h"

#define S_GAP_LEADING (-0.005)
#define S_GAP_TRAILING (-0.005)
#define S_GAP_INNER (-0.01)
#define S_CONSECUTIVE 1.0
#define S_BONUS_FIRST 1.0
#define S_BONUS_SLASH 0.9
#define S_BONUS_WORD 0.8
#define S_BONUS_CAPITAL 0.7
#define S_BONUS_DOT 0.6
#define S_PREFIX 2.0
#define S_EXACT 1e6
/* Haystacks longer than LOAM_FUZZY_MAX_LEN units that do match: below any
 * scored match, above LOAM_FUZZY_NO_MATCH. */
#define S_UNSCORED (-1e6)
#define S_MIN (-1e300)

typedef struct {
  uint32_t key; /* folded code point, or 0x110000 + byte for invalid UTF-8 */
  uint32_t src; /* the character it came from */
  int first;    /* the first unit of its character */
} S_unit;

/* Reads units one at a time from (s, n). */
typedef struct {
  const char *s;
  size_t n, at;
  uint32_t pending[4], src;
  size_t n_pending, i_pending;
} S_reader;

static int S_next(S_reader *r, S_unit *u) {
  if (r->i_pending < r->n_pending) {
    u->key = r->pending[r->i_pending++];
    u->src = r->src;
    u->first = 0;
    return 1;
  }
  if (r->at >= r->n) return 0;
  uint32_t cp;
  size_t used = loam_utf8_decode(r->s + r->at, r->n - r->at, &cp);
  if (loam_utf8_valid_len(r->s + r->at, r->n - r->at) == 0) {
    u->key = u->src = 0x110000u + (unsigned char)r->s[r->at];
    u->first = 1;
    r->at += used;
    r->n_pending = r->i_pending = 0;
    return 1;
  }
  r->at += used;
  char folded[4];
  size_t flen = loam_utf8_fold(cp, 1, folded);
  r->n_pending = r->i_pending = 0;
  for (size_t k = 0; k < flen;) {
    uint32_t f;
    k += loam_utf8_decode(folded + k, flen - k, &f);
    r->pending[r->n_pending++] = f;
  }
  r->src = cp;
  u->key = r->pending[r->i_pending++];
  u->src = cp;
  u->first = 1;
  return 1;
}

/* Upper case as far as loam_utf8_fold() knows: folding changes it. */
static int S_is_upper(uint32_t cp) {
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

/* Smart case: an upper-case needle character wants itself. */
static int S_unit_eq(const S_unit *needle, const S_unit *hay) {
  if (needle->key != hay->key) return 0;
  return !S_is_upper(needle->src) || needle->src == hay->src;
}

int loam_fuzzy_has_match(const char *needle, size_t nlen, const char *hay, size_t hlen) {
  S_reader rn = {needle, nlen, 0, {0}, 0, 0, 0};
  S_reader rh = {hay, hlen, 0, {0}, 0, 0, 0};
  S_unit un, uh;
  while (S_next(&rn, &un)) {
    do {
      if (!S_next(&rh, &uh)) return 0;
    } while (!S_unit_eq(&un, &uh));
  }
  return 1;
}

/* Reads at most max units; returns how many, or max + 1 when there are more. */
static size_t S_units(const char *s, size_t n, S_unit *out, size_t max) {
  S_reader r = {s, n, 0, {0}, 0, 0, 0};
  size_t k = 0;
  S_unit u;
  while (S_next(&r, &u)) {
    if (k == max) return max + 1;
    out[k++] = u;
  }
  return k;
}

static double S_bonus(uint32_t prev, const S_unit *u) {
  if (!u->first) return 0;
  switch (prev) {
  case '/': return S_BONUS_SLASH;
  case ' ':
  case '-':
  case '_': return S_BONUS_WORD;
  case '.': return S_BONUS_DOT;
  default: return S_is_lower(prev) && S_is_upper(u->src) ? S_BONUS_CAPITAL : 0;
  }
}

static double S_max(double a, double b) { return a > b ? a : b; }

static double S_align(const S_unit *nd, size_t n, const S_unit *hs, size_t m) {
  double bonus[LOAM_FUZZY_MAX_LEN];
  double d_prev[LOAM_FUZZY_MAX_LEN], m_prev[LOAM_FUZZY_MAX_LEN];
  double d_cur[LOAM_FUZZY_MAX_LEN], m_cur[LOAM_FUZZY_MAX_LEN];
  for (size_t j = 0; j < m; j++)
    bonus[j] = j == 0 ? (hs[0].first ? S_BONUS_FIRST : 0) : S_bonus(hs[j - 1].src, &hs[j]);
  for (size_t i = 0; i < n; i++) {
    double gap = i == n - 1 ? S_GAP_TRAILING : S_GAP_INNER;
    double best = S_MIN;
    for (size_t j = 0; j < m; j++) {
      double score = S_MIN;
      if (S_unit_eq(&nd[i], &hs[j])) {
        if (i == 0)
          score = (double)j * S_GAP_LEADING + bonus[j];
        else if (j > 0)
          score = S_max(m_prev[j - 1] + bonus[j], d_prev[j - 1] + S_CONSECUTIVE);
      }
      d_cur[j] = score;
      best = S_max(score, best + gap);
      m_cur[j] = best;
    }
    for (size_t j = 0; j < m; j++) {
      d_prev[j] = d_cur[j];
      m_prev[j] = m_cur[j];
    }
  }
  return m_prev[m - 1];
}

static int S_is_prefix(const S_unit *nd, size_t n, const S_unit *hs, size_t m) {
  if (n > m) return 0;
  for (size_t i = 0; i < n; i++)
    if (!S_unit_eq(&nd[i], &hs[i])) return 0;
  return 1;
}

double loam_fuzzy_score(const char *needle, size_t nlen, const char *hay, size_t hlen) {
  S_unit nd[LOAM_FUZZY_MAX_LEN], hs[LOAM_FUZZY_MAX_LEN];
  if (nlen == 0) return 0;
  if (!loam_fuzzy_has_match(needle, nlen, hay, hlen)) return LOAM_FUZZY_NO_MATCH;
  size_t n = S_units(needle, nlen, nd, LOAM_FUZZY_MAX_LEN);
  size_t m = S_units(hay, hlen, hs, LOAM_FUZZY_MAX_LEN);
  if (n > LOAM_FUZZY_MAX_LEN || m > LOAM_FUZZY_MAX_LEN) return S_UNSCORED;
  if (S_is_prefix(nd, n, hs, m)) {
    if (n == m) return S_EXACT;
    return S_align(nd, n, hs, m) + S_PREFIX;
  }
  return S_align(nd, n, hs, m);
}
