/* mem.c: aborting allocators and the arena (see mem.h). */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_oom(size_t n) {
  fprintf(stderr, "loam: out of memory (%zu bytes)\n", n);
  abort();
}

void *loam_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) S_oom(n);
  return p;
}

void *loam_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) S_oom(count * size);
  return p;
}

void *loam_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) S_oom(n);
  return q;
}

void *loam_xgrow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 8;
  while (c < need) {
    if (c > SIZE_MAX / 2 / size) S_oom(SIZE_MAX);
    c *= 2;
  }
  *cap = c;
  return loam_xrealloc(p, c * size);
}

char *loam_xstrndup(const char *s, size_t n) {
  char *p = loam_xmalloc(n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *loam_xstrdup(const char *s) { return loam_xstrndup(s, strlen(s)); }

struct loam_arena_chunk {
  loam_arena_chunk *next;
  size_t used, size;
  max_align_t data[]; /* aligned storage */
};

enum { ARENA_FIRST = 512, ARENA_CHUNK = 16 * 1024 };

void *loam_arena_alloc(loam_arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  loam_arena_chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t step = a->next ? a->next : ARENA_FIRST;
    a->next = step < ARENA_CHUNK ? step * 2 : ARENA_CHUNK;
    size_t size = n > step ? n : step;
    c = loam_xmalloc(sizeof(*c) + size);
    c->used = 0;
    c->size = size;
    /* A big one-off allocation goes behind the head so the head's free room
     * stays usable for the small strings that follow. */
    if (a->head && n > step) {
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *loam_arena_strndup(loam_arena *a, const char *s, size_t n) {
  char *p = loam_arena_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *loam_arena_strdup(loam_arena *a, const char *s) {
  return loam_arena_strndup(a, s, strlen(s));
}

void loam_arena_free(loam_arena *a) {
  loam_arena_chunk *c = a->head;
  while (c) {
    loam_arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->next = 0;
}
