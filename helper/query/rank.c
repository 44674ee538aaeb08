/*
 * rank.c: the integer machinery under sorting and grouping.
 *
 * A query orders its tasks by several keys. Rather than compare tasks key
 * by key (a text comparison each time), each key becomes a column of small
 * integers first, one per task, whose order is the key's order (equal
 * values for ties: a text key's column holds ranks from loam_qtext_rank()).
 * loam_qorder() then sorts by the columns with a least-significant-digit
 * radix sort, which is stable, so tasks that tie on every column keep their
 * order: the columns are packed into 64-bit words (the least significant
 * column in the low bits) above the item's index, which rides along, and
 * each word is sorted in passes of at most 13 bits (measured best for a few
 * hundred thousand items), skipping a pass when every item has the same
 * digit. With the item in the word, one array moves per pass.
 *
 * loam_qslots numbers distinct values (an integer and an optional string,
 * compared byte for byte), so that the work a value needs (its heading, its
 * rank) is done once per value rather than once per task.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- radix sort ------------------------------------------------------------ */

static unsigned S_bits(uint32_t max) {
  unsigned b = 0;
  while (b < 32 && (max >> b)) b++;
  return b;
}

/* Stable sort of k[0..n) by bits [shift, shift + bits); tmp: scratch. */
static void S_radix(uint64_t *k, uint64_t *tmp, size_t n, unsigned shift, unsigned bits,
                    loam_qscratch *scratch) {
  enum { MAX_DIGIT = 13 };
  unsigned passes = (bits + MAX_DIGIT - 1) / MAX_DIGIT;
  if (passes == 0 || n < 2) return;
  unsigned width = (bits + passes - 1) / passes;
  size_t buckets = (size_t)1 << width;
  uint64_t mask = buckets - 1;
  size_t *count = loam_qscratch_calloc(scratch, passes * buckets * sizeof(*count));
  for (size_t i = 0; i < n; i++)
    for (unsigned d = 0; d < passes; d++)
      count[d * buckets + ((k[i] >> (shift + d * width)) & mask)]++;
  uint64_t *src = k, *dst = tmp;
  for (unsigned d = 0; d < passes; d++) {
    size_t *c = count + d * buckets, sum = 0;
    unsigned at = shift + d * width;
    if (c[(src[0] >> at) & mask] == n) continue; /* one digit for all */
    for (size_t b = 0; b < buckets; b++) {
      size_t t = c[b];
      c[b] = sum;
      sum += t;
    }
    for (size_t i = 0; i < n; i++) dst[c[(src[i] >> at) & mask]++] = src[i];
    uint64_t *t = src;
    src = dst, dst = t;
  }
  if (src != k) memcpy(k, src, n * sizeof(*k));
}

void loam_qorder(const loam_qcol *cols, size_t n_cols, size_t n, uint32_t *perm,
                 loam_qscratch *scratch) {
  for (size_t i = 0; i < n; i++) perm[i] = (uint32_t)i;
  if (n < 2) return;
  loam_qscratch_mark mark = loam_qscratch_save(scratch);
  /* Each word is (columns << ib) | item: the item rides along in the low
   * bits, so one array moves. */
  unsigned ib = S_bits((uint32_t)(n - 1)), room = 64 - ib;
  uint64_t item = ((uint64_t)1 << ib) - 1;
  uint64_t *k = loam_qscratch_alloc(scratch, n * sizeof(*k));
  uint64_t *tmp = loam_qscratch_alloc(scratch, n * sizeof(*tmp));
  unsigned *width = loam_qscratch_alloc(scratch, (n_cols ? n_cols : 1) * sizeof(*width));
  for (size_t j = 0; j < n_cols; j++) width[j] = S_bits(cols[j].max);
  /* Words from the least significant column up; a column never straddles. */
  size_t c = n_cols;
  while (c > 0) {
    size_t first = c; /* columns [first, c) make this word */
    unsigned bits = 0;
    while (first > 0 && bits + width[first - 1] <= room) bits += width[--first];
    if (first == c) break; /* a column wider than the room: not with 32-bit items */
    if (bits > 0) {
      /* Column by column (tight loops); the first word in item order. */
      int identity = c == n_cols;
      for (size_t i = 0; i < n; i++) k[i] = 0;
      for (size_t j = first; j < c; j++) {
        unsigned w = width[j];
        const uint32_t *v = cols[j].v;
        if (!w) continue;
        if (identity)
          for (size_t i = 0; i < n; i++) k[i] = k[i] << w | v[i];
        else
          for (size_t i = 0; i < n; i++) k[i] = k[i] << w | v[perm[i]];
      }
      for (size_t i = 0; i < n; i++) k[i] = k[i] << ib | perm[i];
      S_radix(k, tmp, n, ib, bits, scratch);
      for (size_t i = 0; i < n; i++) perm[i] = (uint32_t)(k[i] & item);
    }
    c = first;
  }
  loam_qscratch_restore(scratch, mark);
}

/* ---- scratch --------------------------------------------------------------- */

struct loam_qscratch_block {
  loam_qscratch_block *next;
  size_t size, used;
  max_align_t data[];
};

void *loam_qscratch_alloc(loam_qscratch *s, size_t n) {
  n = (n + 15) & ~(size_t)15;
  loam_qscratch_block *b = s->head;
  while (b && b->size - b->used < n && b->next) b = b->next;
  if (!b || b->size - b->used < n) {
    size_t size = n > ((size_t)1 << 20) ? n : (size_t)1 << 20;
    loam_qscratch_block *fresh = loam_xmalloc(sizeof(*fresh) + size);
    fresh->size = size;
    fresh->used = 0;
    fresh->next = NULL;
    if (b)
      b->next = fresh;
    else
      s->head = fresh;
    s->kept += size;
    b = fresh;
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  return p;
}

void *loam_qscratch_calloc(loam_qscratch *s, size_t n) {
  void *p = loam_qscratch_alloc(s, n);
  memset(p, 0, n);
  return p;
}

loam_qscratch_mark loam_qscratch_save(const loam_qscratch *s) {
  loam_qscratch_mark m = {NULL, 0};
  for (loam_qscratch_block *b = s->head; b; b = b->next)
    if (b->used) m.block = b, m.used = b->used; /* the last block in use */
  return m;
}

void loam_qscratch_restore(loam_qscratch *s, loam_qscratch_mark m) {
  loam_qscratch_block *b = s->head;
  if (m.block) {
    while (b != m.block) b = b->next;
    b->used = m.used;
    b = b->next;
  }
  for (; b; b = b->next) b->used = 0;
}

void loam_qscratch_reset(loam_qscratch *s) {
  if (s->head && s->head->next) { /* one block of the size the last query needed */
    size_t size = s->kept;
    loam_qscratch_free(s);
    s->head = loam_xmalloc(sizeof(*s->head) + size);
    s->head->size = size;
    s->head->next = NULL;
    s->kept = size;
  }
  if (s->head) s->head->used = 0;
}

void loam_qscratch_free(loam_qscratch *s) {
  while (s->head) {
    loam_qscratch_block *next = s->head->next;
    free(s->head);
    s->head = next;
  }
  s->kept = 0;
}

/* ---- slots ----------------------------------------------------------------- */

/* Eight bytes at a time: slots hash every row's string (descriptions,
 * headings, tags), most of them repeats. */
static uint64_t S_hash(uint64_t a, const char *s, size_t len) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ a ^ (s ? len * 0xC2B2AE3D27D4EB4FULL + 1 : 0);
  for (size_t i = 0; s && i < len; i += 8) {
    uint64_t w = 0;
    memcpy(&w, s + i, len - i < 8 ? len - i : 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  h ^= h >> 29;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 32;
  return h;
}

static void S_grow(loam_qslots *t) {
  size_t cap = t->cap ? t->cap * 2 : 64;
  loam_qslot_entry *tab = loam_xcalloc(cap, sizeof(*tab));
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->tab[i].used) continue;
    size_t j = t->tab[i].hash & (cap - 1);
    while (tab[j].used) j = (j + 1) & (cap - 1);
    tab[j] = t->tab[i];
  }
  free(t->tab);
  t->tab = tab;
  t->cap = cap;
}

uint32_t loam_qslots_get(loam_qslots *t, uint64_t a, const char *s, size_t len, int *is_new) {
  if ((t->len + 1) * 2 > t->cap) S_grow(t);
  uint64_t h = S_hash(a, s, len);
  size_t mask = t->cap - 1, i = h & mask;
  for (;; i = (i + 1) & mask) {
    loam_qslot_entry *e = &t->tab[i];
    if (!e->used) break;
    if (e->hash == h && e->a == a && (e->s != NULL) == (s != NULL) &&
        (!s || (e->len == len && memcmp(e->s, s, len) == 0))) {
      if (is_new) *is_new = 0;
      return e->id;
    }
  }
  loam_qslot_entry *e = &t->tab[i];
  e->used = 1;
  e->hash = h;
  e->a = a;
  e->s = s ? loam_arena_strndup(&t->arena, s, len) : NULL;
  e->len = len;
  e->id = (uint32_t)t->len++;
  if (is_new) *is_new = 1;
  return e->id;
}

void loam_qslots_free(loam_qslots *t) {
  free(t->tab);
  loam_arena_free(&t->arena);
  memset(t, 0, sizeof(*t));
}
