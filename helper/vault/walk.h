/*
 * walk.h: finding the notes of a vault on disk.
 *
 * Walks a directory tree depth-first, skipping hidden entries (.obsidian,
 * .git, .trash, dotfiles), following symlinked folders once (a folder seen
 * before by device and inode is not entered again, so links cannot loop),
 * and reports every regular `*.md` file by its vault-relative path.
 */
#ifndef LOAM_WALK_H
#define LOAM_WALK_H

#include <stddef.h>

/* Calls cb(relpath, ud) for each note under root. Returns 0, or -errno when
 * the root itself cannot be opened (unreadable sub-folders are skipped). */
typedef void (*loam_walk_cb)(const char *relpath, void *ud);
int loam_walk(const char *root, loam_walk_cb cb, void *ud);

/* Reads a whole file into a new buffer (caller frees). Returns 0 or -errno. */
int loam_read_file(const char *path, char **buf, size_t *len, long long *mtime_ns, long long *size);

#endif
