/* hmap.c: linear-probing string hash map (see hmap.h). */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

uint64_t loam_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a, then a final mix */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

static loam_hmap_slot *S_find(const loam_hmap *m, const char *key, size_t n, uint64_t h) {
  if (!m->cap) return NULL;
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    loam_hmap_slot *s = &m->slots[i];
    if (!s->key && !s->tombstone) return NULL;
    if (s->key && s->hash == h && s->key_len == n && memcmp(s->key, key, n) == 0) return s;
  }
}

static void S_rehash(loam_hmap *m, size_t cap) {
  loam_hmap_slot *old = m->slots;
  size_t old_cap = m->cap;
  m->slots = loam_xcalloc(cap, sizeof(*m->slots));
  m->cap = cap;
  m->len = m->used = 0;
  for (size_t i = 0; i < old_cap; i++) {
    if (!old[i].key) continue;
    size_t mask = cap - 1, j = old[i].hash & mask;
    while (m->slots[j].key) j = (j + 1) & mask;
    m->slots[j] = old[i];
    m->slots[j].tombstone = 0;
    m->len++;
    m->used++;
  }
  free(old);
}

void loam_hmap_put(loam_hmap *m, const char *key, size_t n, int32_t value) {
  uint64_t h = loam_hash(key, n);
  loam_hmap_slot *s = S_find(m, key, n, h);
  if (s) {
    s->value = value;
    return;
  }
  if ((m->used + 1) * 4 >= m->cap * 3)
    S_rehash(m, m->cap ? (m->len * 2 > m->cap ? m->cap * 2 : m->cap) : 16);
  size_t mask = m->cap - 1, i = h & mask;
  while (m->slots[i].key) i = (i + 1) & mask;
  if (!m->slots[i].tombstone) m->used++;
  m->slots[i] = (loam_hmap_slot){loam_xstrndup(key, n), n, h, value, 0};
  m->len++;
}

int loam_hmap_get(const loam_hmap *m, const char *key, size_t n, int32_t *value) {
  loam_hmap_slot *s = S_find(m, key, n, loam_hash(key, n));
  if (!s) return 0;
  if (value) *value = s->value;
  return 1;
}

int loam_hmap_del(loam_hmap *m, const char *key, size_t n) {
  loam_hmap_slot *s = S_find(m, key, n, loam_hash(key, n));
  if (!s) return 0;
  free(s->key);
  s->key = NULL;
  s->tombstone = 1;
  m->len--;
  return 1;
}

void loam_hmap_clear(loam_hmap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
  if (m->cap) memset(m->slots, 0, m->cap * sizeof(*m->slots));
  m->len = m->used = 0;
}

void loam_hmap_free(loam_hmap *m) {
  loam_hmap_clear(m);
  free(m->slots);
  m->slots = NULL;
  m->cap = 0;
}
