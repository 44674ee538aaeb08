/*
 * fuzzy.h: fuzzy matching and scoring for completion (in the spirit of fzy).
 *
 * Pure: no globals, no I/O, no allocation. Case-smart (an upper-case letter
 * in the needle only matches an upper-case letter; lower-case matches
 * either case) and accent-folding (`soren` matches `Søren`). Consecutive
 * matches and matches at word starts (after space, '-', '_', '/', '.', or a
 * lower-to-upper change) score higher; a prefix match scores highest.
 *
 * Two layers. The byte layer (loam_fuzzy_has_match, loam_fuzzy_score) takes
 * any two strings. The unit layer takes strings folded once with
 * loam_fuzzy_fold() into "units", so an index of names decodes and folds
 * each name when it is added, never per keystroke (match/names.h), and can
 * skip most names with loam_fuzzy_mask() and loam_fuzzy_bound() before
 * scoring any.
 *
 * Unit scores are integers (fzy's values times 1000, so ties are exact and
 * bounds can be compared with them); the byte layer reports them divided by
 * LOAM_FUZZY_SCALE.
 */
#ifndef LOAM_FUZZY_H
#define LOAM_FUZZY_H

#include <stddef.h>
#include <stdint.h>

#define LOAM_FUZZY_MAX_LEN 256 /* longer haystacks are matched, not scored */
#define LOAM_FUZZY_NO_MATCH (-1e30)
#define LOAM_FUZZY_SCALE 1000.0

/* Integer scores of the unit layer. */
#define LOAM_FUZZY_NONE INT32_MIN        /* no match */
#define LOAM_FUZZY_EXACT 100000000       /* equal after folding */
#define LOAM_FUZZY_UNSCORED (-100000000) /* a match in a haystack too long to score */

/*
 * One folded unit: a lower-cased, accent-stripped code point (an invalid
 * UTF-8 byte b is 0x110000 + b) in the low 22 bits, whether the character
 * it came from is upper case, and the word-start bonus class of its
 * position. A character may fold to two units (æ -> a, e); only the first
 * carries the bonus.
 */
typedef uint32_t loam_fuzzy_unit;
#define LOAM_FUZZY_KEY(u) ((u)&0x3FFFFFu)

/* Folds s[0..n) into out[0..max); returns the number of units the whole
 * string folds to (more than max when out was too small). */
size_t loam_fuzzy_fold(const char *s, size_t n, loam_fuzzy_unit *out, size_t max);
/* A 64-bit summary of which keys occur: a name can only match a needle when
 * (mask(name) & mask(needle)) == mask(needle). */
uint64_t loam_fuzzy_mask(const loam_fuzzy_unit *u, size_t n);
/* The keys that occur at a word start after the first unit (bonus positions). */
uint64_t loam_fuzzy_word_mask(const loam_fuzzy_unit *u, size_t n);
/* The mask bit of one unit's key. */
uint64_t loam_fuzzy_key_bit(loam_fuzzy_unit u);
/* The keys that occur in upper case: an upper-case needle unit can only
 * match a name whose upper mask has its key. */
uint64_t loam_fuzzy_upper_mask(const loam_fuzzy_unit *u, size_t n);
/* A 256-bit summary of which pairs of keys occur side by side (bit
 * loam_fuzzy_pair_index(a, b) for each a followed by b). */
typedef struct {
  uint64_t w[4];
} loam_fuzzy_pairs;
void loam_fuzzy_pair_mask(const loam_fuzzy_unit *u, size_t n, loam_fuzzy_pairs *out);
unsigned loam_fuzzy_pair_index(loam_fuzzy_unit a, loam_fuzzy_unit b);

#define LOAM_FUZZY_UPPER (1u << 22)
/* One needle unit matches one haystack unit: same key, and an upper-case
 * needle unit wants an upper-case one (smart case). */
static inline int loam_fuzzy_unit_eq(loam_fuzzy_unit nd, loam_fuzzy_unit h) {
  return LOAM_FUZZY_KEY(nd ^ h) == 0 && (!(nd & LOAM_FUZZY_UPPER) || (h & LOAM_FUZZY_UPPER));
}

/* 1 when every needle unit appears in order in hay (smart case). */
int loam_fuzzy_match_units(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs,
                           size_t m);
/* 1 when the needle's units start the haystack's. */
int loam_fuzzy_is_prefix(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs, size_t m);
/* Score of the best alignment; LOAM_FUZZY_NONE when there is none,
 * LOAM_FUZZY_UNSCORED for a match in a haystack longer than
 * LOAM_FUZZY_MAX_LEN units. An empty needle scores 0. */
int32_t loam_fuzzy_score_units(const loam_fuzzy_unit *nd, size_t n, const loam_fuzzy_unit *hs,
                               size_t m);
/* The score of a needle of n units that is a prefix of a haystack of m
 * units (m <= LOAM_FUZZY_MAX_LEN): computed without the matrix, because no
 * alignment beats the prefix one. */
int32_t loam_fuzzy_prefix_score(size_t n, size_t m);
/*
 * An upper bound of the score of needle nd[0..n) matching, not as a prefix,
 * a haystack of m units that starts with unit `head` and has word mask
 * `word_mask` and pair mask `pairs`. Every scored non-prefix match
 * stays at or below it. A needle unit earns the consecutive bonus only if
 * the haystack has its pair with the previous unit somewhere, and a word
 * bonus only if its key starts a word somewhere; else it earns nothing.
 */
typedef struct {
  uint64_t key[LOAM_FUZZY_MAX_LEN]; /* key bit of unit i */
  uint8_t pair[LOAM_FUZZY_MAX_LEN]; /* pair index of units i-1, i (i >= 1) */
} loam_fuzzy_bits;
/* Precomputes what loam_fuzzy_bound() asks of a needle (n <= MAX_LEN). */
void loam_fuzzy_needle_bits(const loam_fuzzy_unit *nd, size_t n, loam_fuzzy_bits *out);
int32_t loam_fuzzy_bound(const loam_fuzzy_unit *nd, const loam_fuzzy_bits *bits, size_t n,
                         loam_fuzzy_unit head, size_t m, uint64_t word_mask,
                         const loam_fuzzy_pairs *pairs);
/*
 * The same bound, tighter when the caller knows `run`: how many leading
 * haystack units have the needle's keys (1 <= run < n; 0 when unknown).
 * An alignment that starts at the haystack's first unit must break its
 * run of consecutive units by unit `run`, and the unit that breaks it
 * earns a word bonus at most.
 */
int32_t loam_fuzzy_bound_run(const loam_fuzzy_unit *nd, const loam_fuzzy_bits *bits, size_t n,
                             loam_fuzzy_unit head, size_t m, uint64_t word_mask,
                             const loam_fuzzy_pairs *pairs, size_t run);

/* The byte layer, for one-off comparisons. */
/* 1 when every needle character appears in order in hay. */
int loam_fuzzy_has_match(const char *needle, size_t nlen, const char *hay, size_t hlen);
/* Score of the best alignment, higher is better; LOAM_FUZZY_NO_MATCH if none.
 * An empty needle scores 0 against anything. */
double loam_fuzzy_score(const char *needle, size_t nlen, const char *hay, size_t hlen);

#endif
