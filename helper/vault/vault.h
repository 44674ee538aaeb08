/*
 * vault.h: the vault index, the one owner of every parsed note.
 *
 * A vault is a folder of `.md` notes. loam_vault_scan() walks it (skipping
 * hidden folders such as .obsidian, .git, .trash, and symlink loops) and
 * parses every note. Notes are addressed by index (0..count-1); an index is
 * stable until the next update that removes a note.
 *
 * Link resolution: a target resolves to a note by path (vault-relative,
 * `.md` optional), then by file stem, then title, then alias, all
 * case-insensitively; several candidates resolve to the shortest path.
 * Resolution is recomputed lazily after updates.
 */
#ifndef LOAM_VAULT_H
#define LOAM_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "../common/error.h"
#include "../common/strbuf.h"
#include "../note/note.h"

typedef struct loam_vault loam_vault;

typedef struct {
  size_t notes, links, links_resolved, links_unresolved, tasks, tags, headings;
  size_t parse_errors; /* notes whose frontmatter did not parse */
  double seconds;      /* time taken by the last full scan */
} loam_vault_stats;

/* A new, empty vault rooted at `root` (an existing directory). */
loam_vault *loam_vault_new(const char *root);
void loam_vault_free(loam_vault *v);
const char *loam_vault_root(const loam_vault *v);

/* Walks the root and (re)builds the whole index. Returns 0 or LOAM_E_IO
 * when the root cannot be read (unreadable files inside are skipped). */
int loam_vault_scan(loam_vault *v, loam_error *err);

/*
 * Re-indexes one note from `buf` (the editor's text) or, when buf is NULL,
 * from disk; a note missing on disk is removed. `path` is vault-relative or
 * absolute inside the vault. Returns 0, or LOAM_E_NOT_FOUND when the path is
 * outside the vault or not a `.md` file.
 */
int loam_vault_update(loam_vault *v, const char *path, const char *buf, size_t len,
                      loam_error *err);

size_t loam_vault_count(const loam_vault *v);
const loam_note *loam_vault_note(const loam_vault *v, size_t i);
/* Index of the note at vault-relative or absolute `path`, or -1. */
int32_t loam_vault_find(const loam_vault *v, const char *path);
/* Resolves a link target (the part before #/^/|) to a note index or -1.
 * An empty target refers to `from` (a [[#heading]] link). */
int32_t loam_vault_resolve(loam_vault *v, const char *target, int32_t from);
/* Resolves link `l` written in note `from` (-1: none). A Markdown link's
 * path is tried relative to the linking note's folder first (`./` and `../`
 * parts allowed), then like any target (vault path, stem, title, alias). */
int32_t loam_vault_resolve_link(loam_vault *v, const loam_link *l, int32_t from);
/* Joins `target` (a Markdown link path) to the folder of the vault-relative
 * path `from` (a leading '/' means the vault root), collapsing `.` and `..`,
 * into `out`. Returns 0, or -1 when it climbs above the vault or is empty. */
int loam_vault_join(const char *from, const char *target, loam_strbuf *out);
/* The text note i was last indexed from when the editor sent it
 * (loam_vault_update with a buffer; *len its length), or NULL when the note
 * was read from disk. Valid until the next update or scan. */
const char *loam_vault_text(const loam_vault *v, size_t i, size_t *len);
/* Makes every link's `resolved` field current; cheap when nothing changed. */
void loam_vault_resolve_all(loam_vault *v);
/* Writes the absolute path of note i into a new string (caller frees). */
char *loam_vault_abspath(const loam_vault *v, size_t i);
void loam_vault_stats_get(loam_vault *v, loam_vault_stats *out);

/*
 * Change notifications, for indexes kept beside the vault (the completion
 * index). `changed` runs after each change, with:
 *   LOAM_VAULT_RESCANNED  every note was read again (i and old unused);
 *   LOAM_VAULT_PUT        note i was added (old NULL; i is the last index)
 *                         or replaced (old: the previous note, freed
 *                         right after the call);
 *   LOAM_VAULT_REMOVED    note i (old, freed right after the call) left;
 *                         unless i == loam_vault_count(), the note that was
 *                         last (index loam_vault_count()) now sits at i.
 * The vault calls free(ud) when it is freed.
 */
typedef enum { LOAM_VAULT_RESCANNED, LOAM_VAULT_PUT, LOAM_VAULT_REMOVED } loam_vault_change;
typedef struct {
  void (*changed)(void *ud, loam_vault *v, loam_vault_change what, size_t i, const loam_note *old);
  void (*free)(void *ud);
} loam_vault_observer;
void loam_vault_observe(loam_vault *v, const loam_vault_observer *o, void *ud);
/* The ud registered with observer `o`, or NULL. */
void *loam_vault_observer_data(const loam_vault *v, const loam_vault_observer *o);
/* Counts changes to the notes: equal values mean nothing changed between. */
uint64_t loam_vault_generation(const loam_vault *v);

#endif
