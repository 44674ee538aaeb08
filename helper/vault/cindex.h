/*
 * cindex.h: the completion index: everything link completion searches,
 * folded once and kept current with the vault.
 *
 * Four name tables (match/names.h): note names (title, file stem, aliases,
 * path without ".md"; a note is a group), headings and block ids (grouped
 * by note) and tags (a group per distinct tag). Beside them, what ranks
 * equal scores: a note's recency (its date: frontmatter `created` or a date
 * in its file name, else the day of its file's modification time), its
 * popularity (how many notes link to it, counted by the link targets that
 * name it) and how many notes share its file stem.
 *
 * The index is built on first use and follows the vault through its
 * observer (vault.h): a changed note re-folds that note's names only, and
 * counts (popularity included) are adjusted by what the note adds and
 * takes away, so an update costs the size of the note, not of the vault.
 *
 * Ownership: the vault owns its index and frees it with itself.
 */
#ifndef LOAM_CINDEX_H
#define LOAM_CINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "../common/date.h"
#include "../match/names.h"
#include "vault.h"

typedef struct loam_cindex loam_cindex;

/* Kinds of names in the notes table. */
enum { LOAM_CINDEX_TITLE, LOAM_CINDEX_STEM, LOAM_CINDEX_ALIAS, LOAM_CINDEX_PATH };

/* The vault's completion index, built on the first call. */
loam_cindex *loam_cindex_of(loam_vault *v);

const loam_names *loam_cindex_notes(const loam_cindex *ix);
const loam_names *loam_cindex_headings(const loam_cindex *ix);
const loam_names *loam_cindex_blocks(const loam_cindex *ix);

/*
 * The best k matches, best first, into out[0..k); returns how many.
 *   notes: one hit per note (its best name among `kinds`, a bit per
 *     LOAM_CINDEX_* kind); equal scores rank the more recent note first,
 *     then the more popular, then the shorter title, then by path.
 *   headings, blocks: one hit per heading or block id in the vault; equal
 *     scores rank by note as above, then in document order.
 *   tags: one hit per distinct tag (group = tag id); equal scores rank the
 *     tag used by more notes first, then the shorter, then by name.
 */
size_t loam_cindex_top_notes(loam_cindex *ix, const loam_names_needle *nd, uint32_t kinds, size_t k,
                             loam_names_hit *out);
size_t loam_cindex_top_headings(loam_cindex *ix, const loam_names_needle *nd, size_t k,
                                loam_names_hit *out);
size_t loam_cindex_top_blocks(loam_cindex *ix, const loam_names_needle *nd, size_t k,
                              loam_names_hit *out);
size_t loam_cindex_top_tags(loam_cindex *ix, const loam_names_needle *nd, size_t k,
                            loam_names_hit *out);

/* A tag's name as first written (without '#') and how many notes use it. */
const char *loam_cindex_tag_name(const loam_cindex *ix, int32_t tag);
int32_t loam_cindex_tag_notes(const loam_cindex *ix, int32_t tag);

/* Note i's recency (a day number, LOAM_DATE_NONE when unknown). */
loam_date loam_cindex_recency(const loam_cindex *ix, size_t i);
/* How many notes link to note i by a target that names it (its path,
 * stem, title or an alias, case-insensitively). */
int32_t loam_cindex_popularity(const loam_cindex *ix, size_t i);
/* 1 when another note has the same file stem (case-insensitively). */
int loam_cindex_stem_shared(loam_cindex *ix, size_t i);
/*
 * Resolves a link target (the part before #/^/|, target[0..n)) as
 * loam_vault_resolve() does (path, `.md` optional, then stem, title,
 * alias, case-insensitively; the shortest path among several; empty means
 * `from`), from the index's own maps, which follow every change instead of
 * being rebuilt after it: completion resolves as the user types.
 */
int32_t loam_cindex_resolve(loam_cindex *ix, const char *target, size_t n, int32_t from);
/* The same, also saying by what the target named the note: *kind is a
 * LOAM_CINDEX_* value (LOAM_CINDEX_PATH for an empty target, which names
 * `from`). Obsidian reads only paths and stems: a link loam writes names a
 * note reached by title or alias by its stem instead. */
int32_t loam_cindex_resolve_kind(loam_cindex *ix, const char *target, size_t n, int32_t from,
                                 int *kind);

#endif
