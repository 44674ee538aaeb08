/*
 * names.h: a table of names for fuzzy completion, folded once, and the
 * best k matches of a needle among them.
 *
 * A name belongs to a group (for the completion index: a note, whose
 * title, stem and aliases are its names) and carries the caller's kind
 * (< 31) and ref (which alias, which heading). Names are folded into fuzzy
 * units when they are set (fuzzy.h), with masks of their keys, upper-case
 * keys, word-start keys and adjacent key pairs, so a query rules most of
 * them out without scoring:
 *
 *   1. only names whose key mask has every needle key are read at all
 *      (posting bitmaps per mask bit);
 *   2. prefix pass: names whose units start with the needle's score
 *      without the matrix (loam_fuzzy_prefix_score) and fill the heap;
 *   3. the rest, best score bound (loam_fuzzy_bound_run) first: a name
 *      whose bound cannot beat the heap's worst is dropped; only then is
 *      the match checked and scored.
 *
 * The heap keeps the best k hits, ordered by score and, for equal scores,
 * by the group keys and the caller's tie-breaker, so the result is exactly
 * what a full sort of every match would give (tests/c/test_names.c checks
 * it against one).
 *
 * Ownership: the table copies nothing but the units; loam_names_free()
 * releases everything. Not thread-safe; queries do not modify the table.
 */
#ifndef LOAM_NAMES_H
#define LOAM_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "fuzzy.h"

typedef struct loam_names loam_names;

typedef struct {
  uint8_t kind; /* < 31 */
  uint32_t ref;
  const char *s;
  size_t n;
} loam_names_input;

loam_names *loam_names_new(void);
void loam_names_free(loam_names *t);
/* Forgets every name. */
void loam_names_clear(loam_names *t);
/* Replaces the names of `group` (>= 0) with in[0..count). */
void loam_names_set(loam_names *t, int32_t group, const loam_names_input *in, size_t count);
/* Removes the names of `group`. */
void loam_names_drop(loam_names *t, int32_t group);
/* Gives the names of group `from` to group `to`, which must have none. */
void loam_names_move(loam_names *t, int32_t from, int32_t to);
/* Number of names held. */
size_t loam_names_count(const loam_names *t);

/* The names of `group`: returns how many, and their first id in *first
 * (ids first .. first + count - 1). Ids change when names are set. */
size_t loam_names_of(const loam_names *t, int32_t group, uint32_t *first);
uint8_t loam_names_kind(const loam_names *t, uint32_t id);
uint32_t loam_names_ref(const loam_names *t, uint32_t id);
int32_t loam_names_group(const loam_names *t, uint32_t id);

/* A needle, folded once per query. Longer than LOAM_FUZZY_MAX_LEN units,
 * it matches nothing. */
typedef struct {
  loam_fuzzy_unit units[LOAM_FUZZY_MAX_LEN];
  size_t n;
  uint64_t mask, upper; /* key mask; keys of upper-case units */
  int too_long;
  loam_fuzzy_bits bits;
  uint64_t pre; /* the first min(n, 8) units packed as names.c packs names */
  uint8_t pre_n, pre_up;
} loam_names_needle;

void loam_names_needle_init(loam_names_needle *nd, const char *s, size_t n);
/* Score of name `id` (LOAM_FUZZY_NONE when it does not match). */
int32_t loam_names_score(const loam_names *t, const loam_names_needle *nd, uint32_t id);

typedef struct {
  int32_t score;
  int32_t group;
  uint32_t id;
} loam_names_hit;

/* For two hits with equal scores (and group keys): < 0 when a ranks first,
 * > 0 when b does. Must be a strict total order on distinct hits. */
typedef int (*loam_names_tie_fn)(void *ud, const loam_names_hit *a, const loam_names_hit *b);

typedef struct {
  uint32_t kinds; /* bit (1 << kind) for each kind of name to match */
  int by_group;   /* one hit per group (its best name), else one per name */
  size_t k;       /* how many hits at most */
  /* Equal scores: the hit whose group has the higher key ranks first (may
   * be NULL), then the tie function decides (NULL: lower group, then lower
   * id first). Keys make the common tie one integer comparison. */
  const uint64_t *group_keys;
  loam_names_tie_fn tie;
  void *ud;
} loam_names_query;

/* Writes the best q->k hits for nd into out[0..q->k), best first; returns
 * how many. An empty needle matches every name with score 0. */
size_t loam_names_top(const loam_names *t, const loam_names_needle *nd, const loam_names_query *q,
                      loam_names_hit *out);

#endif
