/*
 * watch.h: keeping the vault index current while files change on disk.
 *
 * A watch follows every non-hidden folder of a vault with libuv fs events
 * and re-indexes each `.md` file that is created, changed, renamed or
 * deleted, through loam_vault_update(v, path, NULL, 0, ...). Events are
 * debounced: a burst of events within LOAM_WATCH_DEBOUNCE_MS re-reads a file
 * once. Folders created later are watched too (and the notes already in
 * them indexed); a folder that disappears takes its notes out of the index.
 *
 * Runs on the caller's libuv loop; nothing here blocks except the short
 * synchronous directory listings when a folder is added.
 */
#ifndef LOAM_WATCH_H
#define LOAM_WATCH_H

#include <stddef.h>

#include <uv.h>

#include "vault.h"

#define LOAM_WATCH_DEBOUNCE_MS 50

typedef struct loam_watch loam_watch;

/* Where the watch reports what it did and what failed: one line of text,
 * without a newline. The owner of the log decides how to stamp it. */
typedef void (*loam_watch_log_fn)(void *ud, const char *line);

/*
 * Starts watching the folders of `v` on `loop`. Never NULL: folders that
 * cannot be watched (inotify limits, permissions) are logged through `log`
 * (may be NULL) and skipped. `v` must outlive the watch.
 */
loam_watch *loam_watch_start(uv_loop_t *loop, loam_vault *v, loam_watch_log_fn log, void *ud);
/*
 * Stops watching and closes every handle. The watch frees itself once libuv
 * has closed them, so the caller must run the loop afterwards (uv_run
 * returns when they are closed). Updates still waiting on the debounce are
 * dropped. NULL is ignored.
 */
void loam_watch_stop(loam_watch *w);
/*
 * Who is told which notes a burst re-indexed: `fn` gets the vault-relative
 * paths (changed, added or removed notes; n >= 1), once per burst, after
 * the index is updated. The paths are valid during the call only. NULL
 * stops the reports; the server uses this for its index-changed events.
 */
typedef void (*loam_watch_changed_fn)(void *ud, const char *const *paths, size_t n);
void loam_watch_on_changed(loam_watch *w, loam_watch_changed_fn fn, void *ud);
/* Number of folders being watched (1 when the platform watches recursively). */
size_t loam_watch_count(const loam_watch *w);

#endif
