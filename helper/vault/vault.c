/*
 * vault.c: the index of every note (see vault.h).
 *
 * Notes live in one array of owned pointers. Four folded-key maps answer
 * link resolution (path without ".md", stem, title, alias); they and every
 * link's `resolved` field are rebuilt lazily after a change, which costs
 * one pass over the notes and is far cheaper than keeping them exact under
 * every rename.
 *
 * A full scan walks the folder first, then parses the notes on a few
 * threads: parsing is pure (each note owns its memory; libyaml and cmark keep
 * no shared state), and the results land in per-path slots, so the threads
 * share nothing they write. The index itself is single-threaded.
 */
#include "vault.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "walk.h"

enum { KEY_PATH, KEY_STEM, KEY_TITLE, KEY_ALIAS, KEY_COUNT };

/* The editor's text of a note indexed from it (note_changed with text),
 * so that line context matches the index. Few (the open buffers): a list. */
typedef struct {
  char *path, *buf;
  size_t len;
} S_text;

/* An index kept beside the vault, told about every change. */
typedef struct {
  const loam_vault_observer *o;
  void *ud;
} S_observer;

struct loam_vault {
  char *root; /* absolute, no trailing '/' */
  LOAM_VEC(loam_note *) notes;
  loam_hmap by_path;           /* exact vault-relative path -> index */
  loam_hmap lookup[KEY_COUNT]; /* folded keys -> best index */
  LOAM_VEC(S_text) texts;
  int lookup_dirty, links_dirty;
  double scan_seconds;
  LOAM_VEC(S_observer) observers;
  uint64_t generation;
};

/* Tells the observers about a change (see vault.h). */
static void S_changed(loam_vault *v, loam_vault_change what, size_t i, const loam_note *old) {
  v->generation++;
  for (size_t k = 0; k < v->observers.len; k++)
    v->observers.items[k].o->changed(v->observers.items[k].ud, v, what, i, old);
}

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Lower-cases s[0..n) (ASCII and Latin letters) into out. */
static void S_fold(const char *s, size_t n, loam_strbuf *out) {
  loam_strbuf_clear(out);
  loam_strbuf_put_folded(out, s, n);
}

loam_vault *loam_vault_new(const char *root) {
  loam_vault *v = loam_xcalloc(1, sizeof(*v));
  char *real = realpath(root, NULL);
  v->root = real ? loam_xstrdup(real) : loam_xstrdup(root);
  free(real);
  size_t n = strlen(v->root);
  while (n > 1 && v->root[n - 1] == '/') v->root[--n] = '\0';
  return v;
}

/* Forgets the editor text kept for `rel` (NULL: for every note). */
static void S_text_drop(loam_vault *v, const char *rel) {
  for (size_t k = v->texts.len; k-- > 0;) {
    S_text *t = &v->texts.items[k];
    if (rel && strcmp(t->path, rel) != 0) continue;
    free(t->path), free(t->buf);
    *t = v->texts.items[--v->texts.len];
  }
}

static void S_clear(loam_vault *v) {
  for (size_t i = 0; i < v->notes.len; i++) loam_note_free(v->notes.items[i]);
  v->notes.len = 0;
  S_text_drop(v, NULL);
  loam_hmap_clear(&v->by_path);
  v->lookup_dirty = v->links_dirty = 1;
}

void loam_vault_free(loam_vault *v) {
  if (!v) return;
  for (size_t k = 0; k < v->observers.len; k++)
    v->observers.items[k].o->free(v->observers.items[k].ud);
  free(v->observers.items);
  S_clear(v);
  free(v->notes.items);
  free(v->texts.items);
  loam_hmap_free(&v->by_path);
  for (int k = 0; k < KEY_COUNT; k++) loam_hmap_free(&v->lookup[k]);
  free(v->root);
  free(v);
}

const char *loam_vault_root(const loam_vault *v) { return v->root; }

/* Reads and parses the note at `rel`; NULL when it cannot be read. */
static loam_note *S_load(const loam_vault *v, const char *rel) {
  loam_strbuf abs = {0};
  loam_strbuf_printf(&abs, "%s/%s", v->root, rel);
  char *buf;
  size_t len;
  long long mtime, size;
  int rc = loam_read_file(abs.ptr, &buf, &len, &mtime, &size);
  loam_strbuf_free(&abs);
  if (rc != 0) return NULL;
  loam_note *note = loam_note_parse(rel, buf, len);
  note->mtime_ns = mtime;
  note->size = size;
  free(buf);
  return note;
}

static int S_same_str(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* 1 when the two versions of a note answer to the same names (path, stem,
 * title, aliases), so link resolution elsewhere cannot have changed. */
static int S_same_names(const loam_note *a, const loam_note *b) {
  if (!S_same_str(a->title, b->title) || a->n_aliases != b->n_aliases) return 0;
  for (size_t k = 0; k < a->n_aliases; k++)
    if (strcmp(a->aliases[k], b->aliases[k]) != 0) return 0;
  return 1;
}

static void S_resolve_note(loam_vault *v, int32_t i) {
  loam_note *n = v->notes.items[i];
  for (size_t j = 0; j < n->links.len; j++)
    n->links.items[j].resolved = loam_vault_resolve_link(v, &n->links.items[j], i);
}

static void S_put(loam_vault *v, loam_note *note) {
  int32_t i;
  if (loam_hmap_get(&v->by_path, note->path, strlen(note->path), &i)) {
    loam_note *old = v->notes.items[i];
    int same = S_same_names(old, note);
    v->notes.items[i] = note;
    S_changed(v, LOAM_VAULT_PUT, (size_t)i, old);
    loam_note_free(old);
    /* The common case, an edit of a note's body (live typing): only this
     * note's own links need resolving, not the whole vault's. */
    if (same && !v->lookup_dirty && !v->links_dirty) {
      S_resolve_note(v, i);
      return;
    }
  } else {
    LOAM_VEC_PUSH(&v->notes, note);
    loam_hmap_put(&v->by_path, note->path, strlen(note->path), (int32_t)v->notes.len - 1);
    S_changed(v, LOAM_VAULT_PUT, v->notes.len - 1, NULL);
  }
  v->lookup_dirty = v->links_dirty = 1;
}

static void S_remove(loam_vault *v, int32_t i) {
  loam_note *gone = v->notes.items[i];
  loam_hmap_del(&v->by_path, gone->path, strlen(gone->path));
  loam_note *last = v->notes.items[--v->notes.len];
  if ((size_t)i < v->notes.len) {
    v->notes.items[i] = last;
    loam_hmap_put(&v->by_path, last->path, strlen(last->path), i);
  }
  v->lookup_dirty = v->links_dirty = 1;
  S_changed(v, LOAM_VAULT_REMOVED, (size_t)i, gone);
  loam_note_free(gone);
}

/* The walk collects paths; parsing them is the slow part, done in parallel. */
typedef struct {
  LOAM_VEC(char *) paths;
} S_found;

static void S_walk_cb(const char *rel, void *ud) {
  S_found *f = ud;
  char *p = loam_xstrdup(rel);
  LOAM_VEC_PUSH(&f->paths, p);
}

static int S_by_path_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One parsing thread: every `stride`-th path from `first`, into its slot of
 * `notes` (so no two threads write the same memory). */
typedef struct {
  const loam_vault *v;
  const S_found *found;
  loam_note **notes;
  size_t first, stride;
} S_job;

static void *S_parse_job(void *arg) {
  S_job *j = arg;
  for (size_t i = j->first; i < j->found->paths.len; i += j->stride)
    j->notes[i] = S_load(j->v, j->found->paths.items[i]);
  return NULL;
}

static size_t S_threads(size_t work) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  size_t n = cpus > 1 ? (size_t)cpus : 1;
  if (n > 8) n = 8;
  return work < 64 ? 1 : n; /* a small vault is not worth a thread */
}

/* Parses every found path into notes[i], with up to S_threads() threads. */
static void S_parse_all(const loam_vault *v, const S_found *found, loam_note **notes) {
  size_t n = S_threads(found->paths.len), started = 0;
  pthread_t tids[8];
  S_job jobs[8];
  for (size_t t = 0; t < n; t++) {
    jobs[t] = (S_job){v, found, notes, t, n};
    if (t > 0 && pthread_create(&tids[t], NULL, S_parse_job, &jobs[t]) == 0) started |= 1u << t;
  }
  S_parse_job(&jobs[0]);
  for (size_t t = 1; t < n; t++) {
    if (started & (1u << t))
      pthread_join(tids[t], NULL);
    else
      S_parse_job(&jobs[t]); /* no thread to be had: do its share here */
  }
}

int loam_vault_scan(loam_vault *v, loam_error *err) {
  double t0 = S_now();
  S_clear(v);
  S_found found = {0};
  int rc = loam_walk(v->root, S_walk_cb, &found);
  if (rc == 0) {
    /* Path order makes every listing deterministic, whatever readdir returns. */
    if (found.paths.len) /* qsort's array may not be NULL, even empty */
      qsort(found.paths.items, found.paths.len, sizeof(char *), S_by_path_cmp);
    loam_note **notes = loam_xcalloc(found.paths.len, sizeof(*notes));
    S_parse_all(v, &found, notes);
    for (size_t i = 0; i < found.paths.len; i++) {
      if (!notes[i]) continue; /* unreadable: skipped, as the walk promises */
      LOAM_VEC_PUSH(&v->notes, notes[i]);
      const char *p = notes[i]->path;
      loam_hmap_put(&v->by_path, p, strlen(p), (int32_t)v->notes.len - 1);
    }
    free(notes);
  }
  for (size_t i = 0; i < found.paths.len; i++) free(found.paths.items[i]);
  free(found.paths.items);
  if (rc != 0)
    return loam_error_set(err, LOAM_E_IO, 0, 0, "cannot read vault %s: %s", v->root, strerror(-rc));
  v->scan_seconds = S_now() - t0;
  S_changed(v, LOAM_VAULT_RESCANNED, 0, NULL);
  return 0;
}

/* Turns `path` (absolute or relative) into a clean vault-relative path.
 * Returns 0, or -1 when it is outside the vault or has ".." parts. */
static int S_relpath(const loam_vault *v, const char *path, loam_strbuf *out) {
  size_t rn = strlen(v->root);
  const char *rel = path;
  loam_strbuf_clear(out);
  if (path[0] == '/') {
    if (strncmp(path, v->root, rn) == 0 && path[rn] == '/') {
      rel = path + rn + 1;
    } else {
      /* The editor may name the file through a symlinked folder. */
      char *real = realpath(path, NULL);
      int ok = real && strncmp(real, v->root, rn) == 0 && real[rn] == '/';
      if (ok) loam_strbuf_puts(out, real + rn + 1);
      free(real);
      if (!ok) return -1;
      return 0;
    }
  }
  while (rel[0] == '.' && rel[1] == '/') rel += 2;
  if (strstr(rel, "../") == rel || strstr(rel, "/../") || rel[0] == '\0') return -1;
  loam_strbuf_puts(out, rel);
  return 0;
}

static int S_is_md(const char *p) {
  size_t n = strlen(p);
  return n > 3 && strcmp(p + n - 3, ".md") == 0;
}

int loam_vault_update(loam_vault *v, const char *path, const char *buf, size_t len,
                      loam_error *err) {
  loam_strbuf rel = {0};
  if (S_relpath(v, path, &rel) != 0 || !S_is_md(loam_strbuf_cstr(&rel))) {
    loam_strbuf_free(&rel);
    return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "not a note in the vault: %s", path);
  }
  loam_note *note;
  if (buf) {
    note = loam_note_parse(rel.ptr, buf, len);
  } else {
    note = S_load(v, rel.ptr);
  }
  int32_t i;
  S_text_drop(v, rel.ptr);
  if (note && buf) {
    S_text t = {loam_xstrdup(rel.ptr), loam_xmalloc(len + 1), len};
    memcpy(t.buf, buf, len);
    t.buf[len] = '\0';
    LOAM_VEC_PUSH(&v->texts, t);
  }
  if (note)
    S_put(v, note);
  else if (loam_hmap_get(&v->by_path, rel.ptr, rel.len, &i))
    S_remove(v, i);
  loam_strbuf_free(&rel);
  return 0;
}

const char *loam_vault_text(const loam_vault *v, size_t i, size_t *len) {
  if (i >= v->notes.len) return NULL;
  const char *path = v->notes.items[i]->path;
  for (size_t k = 0; k < v->texts.len; k++)
    if (strcmp(v->texts.items[k].path, path) == 0) {
      if (len) *len = v->texts.items[k].len;
      return v->texts.items[k].buf;
    }
  return NULL;
}

size_t loam_vault_count(const loam_vault *v) { return v->notes.len; }

const loam_note *loam_vault_note(const loam_vault *v, size_t i) {
  return i < v->notes.len ? v->notes.items[i] : NULL;
}

int32_t loam_vault_find(const loam_vault *v, const char *path) {
  loam_strbuf rel = {0};
  int32_t i = -1;
  if (S_relpath(v, path, &rel) == 0 && !loam_hmap_get(&v->by_path, rel.ptr, rel.len, &i)) i = -1;
  loam_strbuf_free(&rel);
  return i;
}

/* Keeps the candidate with the shorter path (then the smaller) for a key. */
static void S_offer(loam_vault *v, int k, const char *key, size_t n, int32_t i) {
  int32_t cur;
  if (loam_hmap_get(&v->lookup[k], key, n, &cur)) {
    const char *a = v->notes.items[cur]->path, *b = v->notes.items[i]->path;
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb || (la == lb && strcmp(a, b) <= 0)) return;
  }
  loam_hmap_put(&v->lookup[k], key, n, i);
}

static void S_rebuild_lookup(loam_vault *v) {
  loam_strbuf key = {0};
  for (int k = 0; k < KEY_COUNT; k++) loam_hmap_clear(&v->lookup[k]);
  for (size_t i = 0; i < v->notes.len; i++) {
    const loam_note *n = v->notes.items[i];
    S_fold(n->path, strlen(n->path) - 3, &key);
    S_offer(v, KEY_PATH, key.ptr, key.len, (int32_t)i);
    S_fold(n->stem, strlen(n->stem), &key);
    S_offer(v, KEY_STEM, key.ptr, key.len, (int32_t)i);
    if (n->title) {
      S_fold(n->title, strlen(n->title), &key);
      S_offer(v, KEY_TITLE, key.ptr, key.len, (int32_t)i);
    }
    for (size_t a = 0; a < n->n_aliases; a++) {
      S_fold(n->aliases[a], strlen(n->aliases[a]), &key);
      S_offer(v, KEY_ALIAS, key.ptr, key.len, (int32_t)i);
    }
  }
  loam_strbuf_free(&key);
  v->lookup_dirty = 0;
}

int32_t loam_vault_resolve(loam_vault *v, const char *target, int32_t from) {
  while (*target == ' ') target++;
  if (*target == '\0') return from >= 0 && (size_t)from < v->notes.len ? from : -1;
  if (v->lookup_dirty) S_rebuild_lookup(v);
  while (target[0] == '.' && target[1] == '/') target += 2;
  while (*target == '/') target++;
  size_t n = strlen(target);
  while (n && target[n - 1] == ' ') n--;
  loam_strbuf key = {0};
  S_fold(target, n, &key);
  int32_t found = -1;
  for (int k = 0; k < KEY_COUNT && found < 0; k++) {
    size_t kn = key.len;
    if ((k == KEY_PATH || k == KEY_STEM) && kn > 3 && strcmp(key.ptr + kn - 3, ".md") == 0) kn -= 3;
    if (!loam_hmap_get(&v->lookup[k], key.ptr, kn, &found)) found = -1;
  }
  loam_strbuf_free(&key);
  return found;
}

int loam_vault_join(const char *from, const char *target, loam_strbuf *out) {
  loam_strbuf_clear(out);
  const char *slash = target[0] == '/' ? NULL : strrchr(from, '/');
  if (slash) loam_strbuf_put(out, from, (size_t)(slash - from));
  for (const char *p = target; *p;) {
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      if (out->len == 0) return -1; /* above the vault */
      char *cut = strrchr(loam_strbuf_cstr(out), '/');
      out->len = cut ? (size_t)(cut - out->ptr) : 0;
      out->ptr[out->len] = '\0';
    } else if (n > 0 && !(n == 1 && p[0] == '.')) {
      if (out->len) loam_strbuf_putc(out, '/');
      loam_strbuf_put(out, p, n);
    }
    p += n + (end != NULL);
  }
  return out->len ? 0 : -1;
}

int32_t loam_vault_resolve_link(loam_vault *v, const loam_link *l, int32_t from) {
  if (l->kind == LOAM_LINK_MARKDOWN && l->target[0] && from >= 0 && (size_t)from < v->notes.len) {
    loam_strbuf joined = {0};
    int32_t i = -1;
    if (loam_vault_join(v->notes.items[from]->path, l->target, &joined) == 0)
      i = loam_vault_resolve(v, joined.ptr, from);
    loam_strbuf_free(&joined);
    if (i >= 0) return i;
  }
  return loam_vault_resolve(v, l->target, from);
}

void loam_vault_resolve_all(loam_vault *v) {
  if (!v->links_dirty && !v->lookup_dirty) return;
  for (size_t i = 0; i < v->notes.len; i++) S_resolve_note(v, (int32_t)i);
  v->links_dirty = 0;
}

char *loam_vault_abspath(const loam_vault *v, size_t i) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "%s/%s", v->root, v->notes.items[i]->path);
  return loam_strbuf_detach(&b);
}

void loam_vault_observe(loam_vault *v, const loam_vault_observer *o, void *ud) {
  S_observer w = {o, ud};
  LOAM_VEC_PUSH(&v->observers, w);
}

void *loam_vault_observer_data(const loam_vault *v, const loam_vault_observer *o) {
  for (size_t k = 0; k < v->observers.len; k++)
    if (v->observers.items[k].o == o) return v->observers.items[k].ud;
  return NULL;
}

uint64_t loam_vault_generation(const loam_vault *v) { return v->generation; }

void loam_vault_stats_get(loam_vault *v, loam_vault_stats *out) {
  memset(out, 0, sizeof(*out));
  loam_vault_resolve_all(v);
  out->notes = v->notes.len;
  out->seconds = v->scan_seconds;
  for (size_t i = 0; i < v->notes.len; i++) {
    const loam_note *n = v->notes.items[i];
    out->links += n->links.len;
    for (size_t j = 0; j < n->links.len; j++)
      if (n->links.items[j].resolved >= 0) out->links_resolved++;
    out->tasks += n->tasks.len;
    out->tags += n->tags.len;
    out->headings += n->headings.len;
    if (n->fm_error) out->parse_errors++;
  }
  out->links_unresolved = out->links - out->links_resolved;
}
