/*
 * edit.c: safe line edits of a note on disk (see edit.h).
 *
 * The file is read once; every edit is checked against what was read; the
 * new text is assembled keeping each untouched byte as it was (a replaced
 * line keeps its own line ending, new lines take their neighbour's), then
 * written beside the note under a hidden temporary name, flushed, given the
 * note's mode and owner, and renamed over it. Just before the rename the
 * note is stat'ed again: if it changed meanwhile, the temporary file is
 * removed and nothing happens.
 */
#include "edit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/mem.h"
#include "../common/strbuf.h"
#include "walk.h"

typedef struct {
  const char *ptr;
  size_t len;      /* without the line ending */
  const char *eol; /* "\n", "\r\n" or "" (last line without one) */
} S_line;

typedef struct {
  char *buf;
  size_t len;
  int bom;
  LOAM_VEC(S_line) lines;
  const char *eol; /* the file's usual line ending, for new lines */
} S_text;

static void S_split(S_text *t) {
  const char *s = t->buf, *end = t->buf + t->len;
  if (t->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, t->bom = 1;
  size_t crlf = 0, lf = 0;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    S_line l = {s, nl ? (size_t)(nl - s) : (size_t)(end - s), nl ? "\n" : ""};
    if (nl && l.len && s[l.len - 1] == '\r')
      l.len--, l.eol = "\r\n", crlf++;
    else if (nl)
      lf++;
    LOAM_VEC_PUSH(&t->lines, l);
    s = nl ? nl + 1 : end;
  }
  t->eol = crlf > lf ? "\r\n" : "\n";
}

static int S_edit_cmp(const void *a, const void *b) {
  const loam_line_edit *x = *(const loam_line_edit *const *)a;
  const loam_line_edit *y = *(const loam_line_edit *const *)b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return y->insert - x->insert; /* an insertion goes before a replacement of its line */
}

/* Checks every edit against the text; returns 0 or an error code. */
static int S_check(const S_text *t, const loam_line_edit **sorted, size_t n, const char *path,
                   loam_error *err) {
  size_t count = t->lines.len;
  for (size_t i = 0; i < n; i++) {
    const loam_line_edit *e = sorted[i];
    size_t max = e->insert ? count + 1 : count;
    if (e->line < 1 || e->line > max)
      return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "%s has no line %u", path, e->line);
    if (i > 0 && !e->insert && !sorted[i - 1]->insert && sorted[i - 1]->line == e->line)
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "two edits of line %u", e->line);
    if (!e->expect) {
      if (e->insert) continue;
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                            "the edit of line %u says not what it replaces", e->line);
    }
    const S_line *l = e->line <= count ? &t->lines.items[e->line - 1] : NULL;
    if (!l || strlen(e->expect) != l->len || memcmp(e->expect, l->ptr, l->len) != 0)
      return loam_error_set(err, LOAM_E_CHANGED, 0, 0,
                            "%s changed: line %u no longer reads as expected; nothing was written",
                            path, e->line);
  }
  return 0;
}

static void S_put_lines(loam_strbuf *out, const loam_line_edit *e, const char *eol,
                        const char *last_eol) {
  for (size_t k = 0; k < e->n_lines; k++) {
    loam_strbuf_puts(out, e->lines[k]);
    loam_strbuf_puts(out, k + 1 < e->n_lines ? eol : last_eol);
  }
}

/* The new file text: untouched lines byte for byte, edits in place. */
static void S_assemble(const S_text *t, const loam_line_edit **sorted, size_t n, loam_strbuf *out) {
  if (t->bom) loam_strbuf_put(out, "\xEF\xBB\xBF", 3);
  size_t k = 0;
  for (size_t i = 1; i <= t->lines.len + 1; i++) {
    const S_line *l = i <= t->lines.len ? &t->lines.items[i - 1] : NULL;
    int replaced = 0;
    for (; k < n && sorted[k]->line == i; k++) {
      const loam_line_edit *e = sorted[k];
      if (e->insert) {
        /* Appending after a last line without a newline: give it one. */
        if (!l && i > 1 && !*t->lines.items[i - 2].eol && e->n_lines) loam_strbuf_puts(out, t->eol);
        int final_nl = t->lines.len && *t->lines.items[t->lines.len - 1].eol;
        S_put_lines(out, e, t->eol, l || final_nl ? t->eol : "");
      } else {
        S_put_lines(out, e, l->eol[0] ? l->eol : t->eol, l->eol);
        replaced = 1;
      }
    }
    if (l && !replaced) {
      loam_strbuf_put(out, l->ptr, l->len);
      loam_strbuf_puts(out, l->eol);
    }
  }
}

static int S_same_file(const struct stat *a, const struct stat *b) {
#if defined(__APPLE__)
  int same_time = a->st_mtimespec.tv_sec == b->st_mtimespec.tv_sec &&
                  a->st_mtimespec.tv_nsec == b->st_mtimespec.tv_nsec;
#else
  int same_time =
      a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
#endif
  return same_time && a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

static int S_write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -errno;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Flushes the folder so the rename itself survives a crash (best effort). */
static void S_sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

/* Writes `text` beside `real` and renames it over, unless `real` no longer
 * matches `before`. */
static int S_replace(const char *real, const struct stat *before, const loam_strbuf *text,
                     loam_error *err) {
  const char *slash = strrchr(real, '/');
  loam_strbuf tmp = {0}, dir = {0};
  loam_strbuf_put(&dir, real, slash ? (size_t)(slash - real) : 1);
  loam_strbuf_printf(&tmp, "%s/.%s.loam-XXXXXX", dir.ptr, slash ? slash + 1 : real);
  int rc = 0, fd = mkstemp(tmp.ptr);
  if (fd < 0) {
    rc = loam_error_set(err, LOAM_E_IO, 0, 0, "cannot write beside %s: %s", real, strerror(errno));
    goto out;
  }
  int wrc = S_write_all(fd, loam_strbuf_cstr((loam_strbuf *)text), text->len);
  if (wrc == 0 && fsync(fd) != 0) wrc = -errno;
  if (wrc == 0 && fchmod(fd, before->st_mode & 07777) != 0) wrc = -errno;
  /* Another user's note keeps its owner when we may set it (root); else the
   * write still happens, owned by us, as any editor's save would be. */
  if (fchown(fd, before->st_uid, before->st_gid) != 0) errno = 0;
  if (close(fd) != 0 && wrc == 0) wrc = -errno;
  struct stat now;
  if (wrc != 0) {
    rc = loam_error_set(err, LOAM_E_IO, 0, 0, "cannot write %s: %s", real, strerror(-wrc));
  } else if (stat(real, &now) != 0 || !S_same_file(before, &now)) {
    rc = loam_error_set(err, LOAM_E_CHANGED, 0, 0,
                        "%s changed while it was being rewritten; nothing was written", real);
  } else if (rename(tmp.ptr, real) != 0) {
    rc = loam_error_set(err, LOAM_E_IO, 0, 0, "cannot replace %s: %s", real, strerror(errno));
  } else {
    S_sync_dir(dir.ptr);
  }
  if (rc != 0) unlink(tmp.ptr);
out:
  loam_strbuf_free(&tmp);
  loam_strbuf_free(&dir);
  return rc;
}

/* Reads the note behind `path` (through symlinks); fills real and st. */
static int S_read(const char *path, char **real, S_text *t, struct stat *st, loam_error *err) {
  *real = realpath(path, NULL);
  if (!*real)
    return loam_error_set(err, errno == ENOENT ? LOAM_E_NOT_FOUND : LOAM_E_IO, 0, 0, "%s: %s", path,
                          strerror(errno));
  if (stat(*real, st) != 0 || !S_ISREG(st->st_mode))
    return loam_error_set(err, LOAM_E_IO, 0, 0, "%s is not a regular file", path);
  if (!(st->st_mode & S_IWUSR) || access(*real, W_OK) != 0)
    return loam_error_set(err, LOAM_E_IO, 0, 0, "%s is read-only; nothing was written", path);
  int rc = loam_read_file(*real, &t->buf, &t->len, NULL, NULL);
  if (rc != 0)
    return loam_error_set(err, LOAM_E_IO, 0, 0, "cannot read %s: %s", path, strerror(-rc));
  return 0;
}

int loam_edit_file(const char *path, const loam_line_edit *edits, size_t n, loam_error *err) {
  S_text t = {0};
  struct stat st;
  char *real = NULL;
  const loam_line_edit **sorted = loam_xcalloc(n ? n : 1, sizeof(*sorted));
  for (size_t i = 0; i < n; i++) sorted[i] = &edits[i];
  qsort(sorted, n, sizeof(*sorted), S_edit_cmp);
  int rc = S_read(path, &real, &t, &st, err);
  if (rc == 0) {
    S_split(&t);
    rc = S_check(&t, sorted, n, path, err);
  }
  if (rc == 0) {
    loam_strbuf out = {0};
    S_assemble(&t, sorted, n, &out);
    rc = S_replace(real, &st, &out, err);
    loam_strbuf_free(&out);
  }
  free(t.lines.items);
  free(t.buf);
  free(real);
  free(sorted);
  return rc;
}
