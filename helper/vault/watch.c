/*
 * watch.c: file watching for the vault index (see watch.h).
 *
 * Linux (inotify) and the BSDs (kqueue) watch one folder per handle, so the
 * watch walks the vault and starts one uv_fs_event_t per non-hidden folder,
 * and adds handles for folders created later. macOS and Windows watch a whole
 * tree with one handle (FSEvents / ReadDirectoryChangesW via
 * UV_FS_EVENT_RECURSIVE, reporting names relative to the root), so there
 * the watch starts a single recursive handle on the root; S_RECURSIVE picks
 * the mode at compile time and the rest of the code is shared. Only libuv
 * is called, never inotify or FSEvents directly. (FSEvents does not report
 * changes behind a symlinked folder; on macOS those notes are refreshed by
 * the editor's note_changed only. That path is untested here.)
 *
 * Every event is reduced to a vault-relative path: a `.md` file is queued
 * for re-indexing; a folder that now exists is walked (new handles in
 * per-folder mode, and its notes queued, since a folder moved into the vault
 * brings its notes without one event each); a path that no longer exists
 * queues every indexed note below it, which the update then removes. The
 * queue is a set, drained by a one-shot timer started by the first event of
 * a burst, so a save that fires several events reads the file once.
 *
 * Handles close asynchronously: loam_watch_stop() closes them and the last
 * close callback frees the watch.
 */
#include "watch.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/hmap.h"
#include "../common/mem.h"
#include "../common/strbuf.h"

#if defined(__APPLE__) || defined(_WIN32)
#define S_RECURSIVE 1
#else
#define S_RECURSIVE 0
#endif

/* A folder's identity, so a folder reached twice (through a symlink) is
 * watched once and a symlink loop ends, as in the vault walk. */
typedef struct {
  uint64_t dev, ino;
} S_inode;

typedef struct S_dir {
  uv_fs_event_t ev;
  char *rel;   /* vault-relative folder, "" for the root */
  size_t slot; /* index in w->dirs */
  S_inode id;
  struct loam_watch *w;
} S_dir;

struct loam_watch {
  uv_loop_t *loop;
  loam_vault *vault;
  loam_watch_log_fn log;
  void *log_ud;
  loam_watch_changed_fn changed;
  void *changed_ud;
  LOAM_VEC(S_dir *) dirs; /* NULL where a folder went away */
  loam_hmap dir_index;    /* rel -> slot in dirs */
  loam_hmap seen;         /* S_inode of each watched (or walked) folder */
  size_t n_dirs;
  uv_timer_t timer;
  LOAM_VEC(char *) pending; /* vault-relative paths to re-index */
  loam_hmap pending_set;
  size_t open_handles; /* the timer and every started dir, until closed */
  int stopping;
};

static void S_log(loam_watch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void S_log(loam_watch *w, const char *fmt, ...) {
  if (!w->log) return;
  loam_strbuf line = {0};
  va_list ap;
  va_start(ap, fmt);
  loam_strbuf_vprintf(&line, fmt, ap);
  va_end(ap);
  w->log(w->log_ud, loam_strbuf_cstr(&line));
  loam_strbuf_free(&line);
}

/* ---- paths ------------------------------------------------------------- */

static char *S_join(const char *dir, const char *name) {
  loam_strbuf b = {0};
  loam_strbuf_puts(&b, dir);
  if (*dir && *name) loam_strbuf_putc(&b, '/');
  loam_strbuf_puts(&b, name);
  return loam_strbuf_detach(&b);
}

static char *S_abspath(loam_watch *w, const char *rel) {
  return S_join(loam_vault_root(w->vault), rel);
}

/* Any component starting with '.' (.obsidian, .git, .trash, editor swap
 * files such as .note.md.swp): the vault does not index those. */
static int S_is_hidden(const char *rel) {
  for (const char *p = rel; *p; p++)
    if (*p == '.' && (p == rel || p[-1] == '/' || p[-1] == '\\')) return 1;
  return 0;
}

static int S_is_note(const char *rel) {
  size_t n = strlen(rel);
  return n > 3 && rel[n - 3] == '.' && (rel[n - 2] | 0x20) == 'm' && (rel[n - 1] | 0x20) == 'd';
}

/* 1: a folder (symlinks followed; *id says which), 0: something else,
 * -1: gone. */
static int S_kind(loam_watch *w, const char *rel, S_inode *id) {
  char *abs = S_abspath(w, rel);
  uv_fs_t req;
  int rc = uv_fs_stat(NULL, &req, abs, NULL);
  int kind = rc < 0 ? -1 : S_ISDIR(req.statbuf.st_mode) ? 1 : 0;
  if (id) id->dev = req.statbuf.st_dev, id->ino = req.statbuf.st_ino;
  uv_fs_req_cleanup(&req);
  free(abs);
  return kind;
}

/* ---- the queue of notes to re-index ------------------------------------ */

static void S_drain_cb(uv_timer_t *timer) {
  loam_watch *w = timer->data;
  size_t n = w->pending.len, done = 0;
  /* Taken out of the queue first, so the owner's callback may queue. */
  char **paths = w->pending.items;
  w->pending.items = NULL, w->pending.len = w->pending.cap = 0;
  loam_hmap_clear(&w->pending_set);
  for (size_t i = 0; i < n; i++) {
    loam_error err = {0};
    char *rel = paths[i];
    if (loam_vault_update(w->vault, rel, NULL, 0, &err) != 0) {
      S_log(w, "cannot update %s: %s", rel, err.msg);
      free(rel);
    } else {
      S_log(w, "updated %s", rel);
      paths[done++] = rel;
    }
  }
  if (done && w->changed) w->changed(w->changed_ud, (const char *const *)paths, done);
  for (size_t i = 0; i < done; i++) free(paths[i]);
  free(paths);
}

static void S_queue(loam_watch *w, const char *rel) {
  size_t n = strlen(rel);
  int32_t seen;
  if (w->stopping || loam_hmap_get(&w->pending_set, rel, n, &seen)) return;
  loam_hmap_put(&w->pending_set, rel, n, 1);
  LOAM_VEC_PUSH(&w->pending, loam_xstrdup(rel));
  /* Started by the first event of a burst and not pushed back by the next
   * ones, so a file that keeps changing is still read every few ms. */
  if (!uv_is_active((uv_handle_t *)&w->timer))
    uv_timer_start(&w->timer, S_drain_cb, LOAM_WATCH_DEBOUNCE_MS, 0);
}

/* Queues every indexed note below folder `rel` (it went away). */
static void S_queue_notes_under(loam_watch *w, const char *rel) {
  size_t n = strlen(rel);
  for (size_t i = 0; i < loam_vault_count(w->vault); i++) {
    const char *path = loam_vault_note(w->vault, i)->path;
    if (strncmp(path, rel, n) == 0 && path[n] == '/') S_queue(w, path);
  }
}

/* ---- folders ----------------------------------------------------------- */

static void S_maybe_free(loam_watch *w) {
  if (!w->stopping || w->open_handles) return;
  for (size_t i = 0; i < w->pending.len; i++) free(w->pending.items[i]);
  free(w->pending.items);
  free(w->dirs.items);
  loam_hmap_free(&w->pending_set);
  loam_hmap_free(&w->dir_index);
  loam_hmap_free(&w->seen);
  free(w);
}

static void S_dir_close_cb(uv_handle_t *h) {
  S_dir *d = h->data;
  loam_watch *w = d->w;
  free(d->rel);
  free(d);
  w->open_handles--;
  S_maybe_free(w);
}

static void S_dir_close(loam_watch *w, S_dir *d) {
  w->dirs.items[d->slot] = NULL;
  loam_hmap_del(&w->dir_index, d->rel, strlen(d->rel));
  loam_hmap_del(&w->seen, (const char *)&d->id, sizeof(d->id));
  w->n_dirs--;
  uv_close((uv_handle_t *)&d->ev, S_dir_close_cb);
}

/* Stops watching `rel` and every folder below it. */
static void S_forget_dir(loam_watch *w, const char *rel) {
  size_t n = strlen(rel);
  for (size_t i = 0; i < w->dirs.len; i++) {
    S_dir *d = w->dirs.items[i];
    if (d && strncmp(d->rel, rel, n) == 0 && (d->rel[n] == '\0' || d->rel[n] == '/'))
      S_dir_close(w, d);
  }
}

static void S_event_cb(uv_fs_event_t *h, const char *name, int events, int status);

/* Starts one handle on folder `rel`; returns 0 or a libuv error. */
static int S_watch_dir(loam_watch *w, const char *rel, S_inode id) {
  int32_t slot;
  if (loam_hmap_get(&w->dir_index, rel, strlen(rel), &slot)) return 0;
  S_dir *d = loam_xcalloc(1, sizeof(*d));
  d->rel = loam_xstrdup(rel);
  d->id = id;
  d->w = w;
  d->ev.data = d;
  uv_fs_event_init(w->loop, &d->ev);
  w->open_handles++;
  char *abs = S_abspath(w, rel);
  int rc = uv_fs_event_start(&d->ev, S_event_cb, abs, S_RECURSIVE ? UV_FS_EVENT_RECURSIVE : 0);
  free(abs);
  d->slot = w->dirs.len;
  LOAM_VEC_PUSH(&w->dirs, d);
  loam_hmap_put(&w->dir_index, rel, strlen(rel), (int32_t)d->slot);
  w->n_dirs++;
  if (rc < 0) {
    S_log(w, "cannot watch %s/: %s", *rel ? rel : ".", uv_strerror(rc));
    S_dir_close(w, d);
  }
  return rc;
}

/*
 * Watches folder `rel` and, in per-folder mode, every non-hidden folder
 * below it. With `queue_notes`, also queues the notes found (a folder that
 * appeared after the scan). Symlinked folders are followed once, as in the
 * vault walk: a folder already seen is skipped, so links cannot loop.
 */
static void S_add_tree(loam_watch *w, const char *rel, int queue_notes) {
  S_inode id;
  int32_t dummy;
  if (S_kind(w, rel, &id) != 1 || loam_hmap_get(&w->seen, (const char *)&id, sizeof(id), &dummy))
    return;
  loam_hmap_put(&w->seen, (const char *)&id, sizeof(id), 1);
  if (!S_RECURSIVE || *rel == '\0') S_watch_dir(w, rel, id);
  if (S_RECURSIVE && !queue_notes) return;
  char *abs = S_abspath(w, rel);
  uv_fs_t req;
  uv_dirent_t ent;
  if (uv_fs_scandir(NULL, &req, abs, 0, NULL) >= 0) {
    while (uv_fs_scandir_next(&req, &ent) != UV_EOF) {
      if (ent.name[0] == '.') continue;
      char *child = S_join(rel, ent.name);
      if (ent.type != UV_DIRENT_FILE) S_add_tree(w, child, queue_notes);
      if (queue_notes && ent.type != UV_DIRENT_DIR && S_is_note(child)) S_queue(w, child);
      free(child);
    }
  }
  uv_fs_req_cleanup(&req);
  free(abs);
}

/* A folder appeared: watch it and index what it holds. In recursive mode
 * nothing below the root has a handle, so only this walk's folders count
 * as seen. */
static void S_add_folder(loam_watch *w, const char *rel) {
  if (S_RECURSIVE) loam_hmap_clear(&w->seen);
  S_add_tree(w, rel, 1);
}

static void S_event_cb(uv_fs_event_t *h, const char *name, int events, int status) {
  S_dir *d = h->data;
  loam_watch *w = d->w;
  (void)events; /* rename vs change does not matter: the path is looked at */
  if (w->stopping) return;
  if (status < 0) {
    S_log(w, "event error on %s/: %s", *d->rel ? d->rel : ".", uv_strerror(status));
    return;
  }
  if (!name || !*name) return;
  char *rel = S_join(d->rel, name);
  if (!S_is_hidden(rel)) {
    if (S_is_note(rel)) {
      S_queue(w, rel);
    } else {
      int kind = S_kind(w, rel, NULL);
      if (kind == 1) {
        S_add_folder(w, rel);
      } else if (kind < 0) {
        S_forget_dir(w, rel);
        S_queue_notes_under(w, rel);
      }
    }
  }
  free(rel);
}

/* ---- life cycle -------------------------------------------------------- */

loam_watch *loam_watch_start(uv_loop_t *loop, loam_vault *v, loam_watch_log_fn log, void *ud) {
  loam_watch *w = loam_xcalloc(1, sizeof(*w));
  w->loop = loop;
  w->vault = v;
  w->log = log;
  w->log_ud = ud;
  uv_timer_init(loop, &w->timer);
  w->timer.data = w;
  w->open_handles = 1;
  S_add_tree(w, "", 0);
  S_log(w, "watching %zu folder%s%s", w->n_dirs, w->n_dirs == 1 ? "" : "s",
        S_RECURSIVE ? " (recursive)" : "");
  return w;
}

static void S_timer_close_cb(uv_handle_t *h) {
  loam_watch *w = h->data;
  w->open_handles--;
  S_maybe_free(w);
}

void loam_watch_stop(loam_watch *w) {
  if (!w || w->stopping) return;
  w->stopping = 1;
  for (size_t i = 0; i < w->dirs.len; i++)
    if (w->dirs.items[i]) S_dir_close(w, w->dirs.items[i]);
  uv_timer_stop(&w->timer);
  uv_close((uv_handle_t *)&w->timer, S_timer_close_cb);
}

size_t loam_watch_count(const loam_watch *w) { return w ? w->n_dirs : 0; }

void loam_watch_on_changed(loam_watch *w, loam_watch_changed_fn fn, void *ud) {
  if (!w) return;
  w->changed = fn;
  w->changed_ud = ud;
}
