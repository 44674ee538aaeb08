/* walk.c: directory walk and whole-file reads (see walk.h). Portable POSIX. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/mem.h"
#include "../common/strbuf.h"

typedef struct {
  dev_t dev;
  ino_t ino;
} S_dir_id;

typedef struct {
  loam_walk_cb cb;
  void *ud;
  LOAM_VEC(S_dir_id) seen;
  loam_strbuf abs; /* root + "/" + relative path being walked */
  size_t root_len;
} S_walk;

static int S_seen_before(S_walk *w, const struct stat *st) {
  for (size_t i = 0; i < w->seen.len; i++)
    if (w->seen.items[i].dev == st->st_dev && w->seen.items[i].ino == st->st_ino) return 1;
  S_dir_id id = {st->st_dev, st->st_ino};
  LOAM_VEC_PUSH(&w->seen, id);
  return 0;
}

static int S_is_note(const char *name) {
  size_t n = strlen(name);
  return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

static int S_walk_dir(S_walk *w) {
  DIR *d = opendir(loam_strbuf_cstr(&w->abs));
  if (!d) return -errno;
  size_t base = w->abs.len;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue; /* hidden: .obsidian, .git, .trash, ., .. */
    w->abs.len = base;
    loam_strbuf_putc(&w->abs, '/');
    loam_strbuf_puts(&w->abs, e->d_name);
    struct stat st;
    if (stat(w->abs.ptr, &st) != 0) continue; /* dangling link, raced delete */
    if (S_ISDIR(st.st_mode)) {
      if (!S_seen_before(w, &st)) S_walk_dir(w);
    } else if (S_ISREG(st.st_mode) && S_is_note(e->d_name)) {
      w->cb(w->abs.ptr + w->root_len + 1, w->ud);
    }
  }
  w->abs.len = base;
  w->abs.ptr[base] = '\0';
  closedir(d);
  return 0;
}

int loam_walk(const char *root, loam_walk_cb cb, void *ud) {
  S_walk w = {.cb = cb, .ud = ud};
  loam_strbuf_puts(&w.abs, root);
  while (w.abs.len > 1 && w.abs.ptr[w.abs.len - 1] == '/') w.abs.ptr[--w.abs.len] = '\0';
  w.root_len = w.abs.len;
  struct stat st;
  int rc = stat(w.abs.ptr, &st) == 0 ? 0 : -errno;
  if (rc == 0 && !S_ISDIR(st.st_mode)) rc = -ENOTDIR;
  if (rc == 0) {
    S_seen_before(&w, &st);
    rc = S_walk_dir(&w);
  }
  free(w.seen.items);
  loam_strbuf_free(&w.abs);
  return rc;
}

int loam_read_file(const char *path, char **buf, size_t *len, long long *mtime_ns,
                   long long *size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -errno;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    int rc = errno ? -errno : -EINVAL;
    close(fd);
    return rc;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *p = loam_xmalloc(cap);
  for (;;) {
    if (n + 1 >= cap) p = loam_xgrow(p, &cap, cap + 4096, 1); /* grew while reading */
    ssize_t r = read(fd, p + n, cap - n - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int rc = -errno;
      free(p);
      close(fd);
      return rc;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  p[n] = '\0';
  *buf = p;
  *len = n;
  if (mtime_ns) {
#if defined(__APPLE__)
    *mtime_ns = (long long)st.st_mtimespec.tv_sec * 1000000000LL + st.st_mtimespec.tv_nsec;
#else
    *mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
#endif
  }
  if (size) *size = (long long)n;
  return 0;
}
