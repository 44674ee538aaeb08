/*
 * hmap.h: an open-addressing hash map from byte-string keys to int32 values.
 *
 * Keys are copied into the map (the map owns them). Used for the vault's
 * path, stem, title and alias look-ups; callers fold case before inserting.
 * `loam_hmap m = {0};` is an empty map; loam_hmap_free() releases it.
 */
#ifndef LOAM_HMAP_H
#define LOAM_HMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *key; /* NULL: empty slot */
  size_t key_len;
  uint64_t hash;
  int32_t value;
  int tombstone;
} loam_hmap_slot;

typedef struct {
  loam_hmap_slot *slots;
  size_t cap, len, used; /* used counts live + tombstones */
} loam_hmap;

uint64_t loam_hash(const char *s, size_t n);
/* Inserts or replaces. */
void loam_hmap_put(loam_hmap *m, const char *key, size_t n, int32_t value);
/* Returns 1 and stores the value when found, else 0. */
int loam_hmap_get(const loam_hmap *m, const char *key, size_t n, int32_t *value);
int loam_hmap_del(loam_hmap *m, const char *key, size_t n);
void loam_hmap_clear(loam_hmap *m); /* empties, keeps capacity */
void loam_hmap_free(loam_hmap *m);

#endif
