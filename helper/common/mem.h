/*
 * mem.h: allocation that never returns NULL.
 *
 * Every allocation in the helper goes through these. On out-of-memory they
 * print one line to stderr and abort, so callers never check for NULL (the
 * cmark convention): a note index that silently drops data is worse than a
 * helper that dies and is restarted by the editor.
 */
#ifndef LOAM_MEM_H
#define LOAM_MEM_H

#include <stddef.h>

void *loam_xmalloc(size_t n);
void *loam_xcalloc(size_t count, size_t size);
void *loam_xrealloc(void *p, size_t n);
/* Grows an array to hold at least `need` items of `size` bytes, doubling. */
void *loam_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *loam_xstrdup(const char *s);
/* Copies n bytes and adds a NUL; `s` need not be NUL-terminated. */
char *loam_xstrndup(const char *s, size_t n);

/*
 * An arena: many small allocations freed in one call. A note owns one arena
 * for all of its strings (headings, links, tasks), so freeing a note is one
 * loam_arena_free(). Zero-initialise (`loam_arena a = {0};`) before use.
 */
typedef struct loam_arena_chunk loam_arena_chunk;
typedef struct {
  loam_arena_chunk *head;
  size_t next; /* size of the next chunk: starts small, doubles to a cap, so
                  100k small notes do not each hold a large chunk */
} loam_arena;

void *loam_arena_alloc(loam_arena *a, size_t n); /* 8-byte aligned, zeroed */
char *loam_arena_strndup(loam_arena *a, const char *s, size_t n);
char *loam_arena_strdup(loam_arena *a, const char *s);
void loam_arena_free(loam_arena *a);

/*
 * A growable array of T: `LOAM_VEC(loam_link) links = {0};`, then
 * `LOAM_VEC_PUSH(&links, link);` and `free(links.items)`.
 */
#define LOAM_VEC(T)                                                                                \
  struct {                                                                                         \
    T *items;                                                                                      \
    size_t len, cap;                                                                               \
  }
#define LOAM_VEC_PUSH(v, x)                                                                        \
  do {                                                                                             \
    (v)->items = loam_xgrow((v)->items, &(v)->cap, (v)->len + 1, sizeof(*(v)->items));             \
    (v)->items[(v)->len++] = (x);                                                                  \
  } while (0)

#endif
