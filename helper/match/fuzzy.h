/*
 * fuzzy.h: fuzzy matching and scoring for completion (in the spirit of fzy).
 *
 * Pure: no globals, no I/O, no allocation. Case-smart (an upper-case letter
 * in the needle must match exactly; lower-case matches either case) and
 * accent-folding (`soren` matches `Søren`). Consecutive matches and matches
 * at word starts (after space, '-', '_', '/', '.', or a lower-to-upper
 * change) score higher; a prefix match scores highest.
 */
#ifndef LOAM_FUZZY_H
#define LOAM_FUZZY_H

#include <stddef.h>

#define LOAM_FUZZY_MAX_LEN 256 /* longer haystacks are matched, not scored */
#define LOAM_FUZZY_NO_MATCH (-1e30)

/* 1 when every needle character appears in order in hay. */
int loam_fuzzy_has_match(const char *needle, size_t nlen, const char *hay, size_t hlen);
/* Score of the best alignment, higher is better; LOAM_FUZZY_NO_MATCH if none.
 * An empty needle scores 0 against anything. */
double loam_fuzzy_score(const char *needle, size_t nlen, const char *hay, size_t hlen);

#endif
