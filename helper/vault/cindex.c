/*
 * cindex.c: the completion index (see cindex.h).
 *
 * Counts that several notes contribute to (notes per stem, linking notes
 * per target, notes per tag) live in tables keyed by the 64-bit hash of the
 * folded key: no key is stored or allocated, which makes indexing 100,000
 * notes several times faster than string maps; two keys sharing a 64-bit
 * hash (odds about 1 in 10^9 for a vault that size) would only blur a
 * tie-breaker. Folding is the vault's: lower case (ASCII and Latin
 * letters), accents kept, as link resolution compares.
 *
 * A note's contribution is added when it is indexed and taken away, from
 * the old note the vault hands over, when it changes or leaves. Popularity
 * is kept exact the same way: `owners` maps each name key (stem, path,
 * title, alias) to the notes it names, so when a note's links change, the
 * notes its targets name gain or lose one.
 *
 * Equal scores are ranked by a 64-bit key per note (recency, popularity,
 * shorter title), kept current with those numbers, so the query compares
 * one integer and calls back only when even the keys are equal.
 */
#include "cindex.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"

#define S_MAX_KEYS 64 /* name keys of one note counted for popularity */

/* ---- hashed counts ------------------------------------------------------- */

/* Open addressing from a key's hash to a count; a slot whose count drops
 * to 0 stays until the table is rebuilt. */
typedef struct {
  uint64_t hash; /* 0: empty */
  int32_t value;
} S_slot;

typedef struct {
  S_slot *slots;
  size_t cap, used;
} S_counts;

static S_slot *S_slot_of(S_counts *c, uint64_t h) {
  for (size_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1))
    if (c->slots[i].hash == h || c->slots[i].hash == 0) return &c->slots[i];
}

/* Rebuilds without the zero counts, in twice the room unless those were
 * most of the table. */
static void S_counts_grow(S_counts *c) {
  S_slot *old = c->slots;
  size_t old_cap = c->cap, live = 0;
  for (size_t i = 0; i < old_cap; i++) live += old[i].hash && old[i].value;
  c->cap = !c->cap ? 1024 : live * 4 < c->cap ? c->cap : c->cap * 2;
  c->slots = loam_xcalloc(c->cap, sizeof(S_slot));
  c->used = 0;
  for (size_t i = 0; i < old_cap; i++) {
    if (!old[i].hash || !old[i].value) continue;
    *S_slot_of(c, old[i].hash) = old[i];
    c->used++;
  }
  free(old);
}

static int32_t S_get(S_counts *c, uint64_t h) {
  if (!c->cap) return 0;
  S_slot *s = S_slot_of(c, h);
  return s->hash ? s->value : 0;
}

/* Adds delta to the count of h, or sets it to delta when `set`. */
static void S_add(S_counts *c, uint64_t h, int32_t delta, int set) {
  if ((c->used + 1) * 10 >= c->cap * 7) S_counts_grow(c);
  S_slot *s = S_slot_of(c, h);
  if (!s->hash) s->hash = h, s->value = 0, c->used++;
  s->value = set ? delta : s->value + delta;
}

static void S_counts_free(S_counts *c) {
  free(c->slots);
  *c = (S_counts){0};
}

/* ---- owners: name key -> the notes it names ------------------------------ */

typedef struct {
  uint64_t hash; /* 0: empty */
  int32_t note;  /* -1: removed (the probe goes on past it) */
  uint8_t kinds; /* the note has this key as its path, stem, title, alias */
} S_own;

typedef struct {
  S_own *slots;
  size_t cap, used; /* used counts removed slots too */
} S_owners;

static void S_owners_put(S_owners *o, uint64_t h, int32_t note, uint8_t kinds);

static void S_owners_rebuild(S_owners *o) {
  S_own *old = o->slots;
  size_t old_cap = o->cap, live = 0;
  for (size_t i = 0; i < old_cap; i++) live += old[i].hash && old[i].note >= 0;
  o->cap = !o->cap ? 1024 : live * 4 < o->cap ? o->cap : o->cap * 2;
  o->slots = loam_xcalloc(o->cap, sizeof(S_own));
  o->used = 0;
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].hash && old[i].note >= 0) S_owners_put(o, old[i].hash, old[i].note, old[i].kinds);
  free(old);
}

static void S_owners_put(S_owners *o, uint64_t h, int32_t note, uint8_t kinds) {
  if ((o->used + 1) * 10 >= o->cap * 7) S_owners_rebuild(o);
  size_t i = h & (o->cap - 1);
  while (o->slots[i].hash && o->slots[i].note >= 0) i = (i + 1) & (o->cap - 1);
  if (!o->slots[i].hash) o->used++;
  o->slots[i] = (S_own){h, note, kinds};
}

static void S_owners_del(S_owners *o, uint64_t h, int32_t note) {
  if (!o->cap) return;
  for (size_t i = h & (o->cap - 1); o->slots[i].hash; i = (i + 1) & (o->cap - 1))
    if (o->slots[i].hash == h && o->slots[i].note == note) {
      o->slots[i].note = -1;
      return;
    }
}

/* ---- the index ----------------------------------------------------------- */

typedef struct {
  char *name; /* as first written */
  int32_t notes;
} S_tag;

struct loam_cindex {
  loam_vault *v;
  loam_names *notes, *headings, *blocks, *tags;
  S_counts stems;   /* folded stem -> notes with it */
  S_counts inbound; /* folded link target -> notes linking with it */
  S_counts tag_ids; /* folded tag -> 1 + index in tag_list */
  S_owners owners;  /* folded name key -> notes it names */
  LOAM_VEC(S_tag) tag_list;
  LOAM_VEC(uint64_t) tag_keys; /* per tag: notes using it, then shorter */
  /* Per note. */
  LOAM_VEC(loam_date) recency;
  LOAM_VEC(int32_t) popularity;
  LOAM_VEC(uint64_t) keys; /* recency, popularity, shorter title: higher first */
  loam_strbuf fold;        /* scratch */
};

/* The hash of s[0..n) lower-cased (as vault.c folds); never 0. */
static uint64_t S_hash(loam_cindex *ix, const char *s, size_t n) {
  loam_strbuf *out = &ix->fold;
  loam_strbuf_clear(out);
  loam_strbuf_put_folded(out, s, n);
  uint64_t h = loam_hash(loam_strbuf_cstr(out), out->len);
  return h ? h : 1;
}

/* 1 when h is among hs[0..n). */
static int S_seen(const uint64_t *hs, size_t n, uint64_t h) {
  for (size_t k = 0; k < n; k++)
    if (hs[k] == h) return 1;
  return 0;
}

/* A key naming a note, and as what (bits 1 << LOAM_CINDEX_PATH, ...). */
typedef struct {
  uint64_t hash;
  uint8_t kinds;
} S_key;

static size_t S_add_key(S_key *out, size_t count, uint64_t h, int kind) {
  for (size_t k = 0; k < count; k++)
    if (out[k].hash == h) return out[k].kinds |= (uint8_t)(1u << kind), count;
  if (count == S_MAX_KEYS) return count;
  out[count] = (S_key){h, (uint8_t)(1u << kind)};
  return count + 1;
}

/* The distinct keys naming a note, as link resolution reads them: its path
 * without ".md", stem, title, aliases. Returns how many (<= S_MAX_KEYS). */
static size_t S_name_keys(loam_cindex *ix, const loam_note *n, S_key *out) {
  size_t count = 0;
  count = S_add_key(out, count, S_hash(ix, n->path, strlen(n->path) - 3), LOAM_CINDEX_PATH);
  count = S_add_key(out, count, S_hash(ix, n->stem, strlen(n->stem)), LOAM_CINDEX_STEM);
  if (n->title)
    count = S_add_key(out, count, S_hash(ix, n->title, strlen(n->title)), LOAM_CINDEX_TITLE);
  for (size_t a = 0; a < n->n_aliases; a++)
    count =
        S_add_key(out, count, S_hash(ix, n->aliases[a], strlen(n->aliases[a])), LOAM_CINDEX_ALIAS);
  return count;
}

/* The popularity key of a link: its target (a stem, title, alias or path),
 * for a Markdown link the file name of its path; without ".md". */
static size_t S_link_key(const loam_link *l, const char **key) {
  const char *t = l->target;
  if (l->kind == LOAM_LINK_MARKDOWN && strrchr(t, '/')) t = strrchr(t, '/') + 1;
  size_t n = strlen(t);
  if (n > 3 && strcmp(t + n - 3, ".md") == 0) n -= 3;
  *key = t;
  return n;
}

/* Note i's tie key: recency, then popularity, then the shorter title. */
static void S_set_key(loam_cindex *ix, size_t i, size_t title_len) {
  loam_date r = ix->recency.items[i];
  int64_t days = LOAM_DATE_IS_REAL(r) ? (int64_t)r + (1 << 23) : 0;
  if (days < 0) days = 0;
  if (days > 0xFFFFFF) days = 0xFFFFFF;
  int64_t pop = ix->popularity.items[i];
  if (pop > 0xFFFFFF) pop = 0xFFFFFF;
  if (pop < 0) pop = 0;
  if (title_len > 0xFFFF) title_len = 0xFFFF;
  ix->keys.items[i] = (uint64_t)days << 40 | (uint64_t)pop << 16 | (0xFFFF - title_len);
}

static size_t S_title_len(const loam_note *n) { return strlen(n->title ? n->title : n->stem); }

static void S_tag_key(loam_cindex *ix, int32_t id) {
  S_tag *t = &ix->tag_list.items[id];
  size_t len = strlen(t->name);
  ix->tag_keys.items[id] =
      (uint64_t)(t->notes > 0 ? t->notes : 0) << 16 | (0xFFFF - (len > 0xFFFF ? 0xFFFF : len));
}

/* Adds (delta 1) or takes away (-1) what `note` contributes to the counts. */
static void S_contribute(loam_cindex *ix, const loam_note *note, int32_t delta) {
  S_add(&ix->stems, S_hash(ix, note->stem, strlen(note->stem)), delta, 0);
  LOAM_VEC(uint64_t) seen = {0}; /* a note counts once per target, once per tag */
  for (size_t j = 0; j < note->links.len; j++) {
    const char *target;
    size_t n = S_link_key(&note->links.items[j], &target);
    if (n == 0) continue;
    uint64_t h = S_hash(ix, target, n);
    if (S_seen(seen.items, seen.len, h)) continue;
    LOAM_VEC_PUSH(&seen, h);
    S_add(&ix->inbound, h, delta, 0);
    /* The notes this target names gain or lose a linking note. */
    if (!ix->owners.cap) continue;
    for (size_t s = h & (ix->owners.cap - 1); ix->owners.slots[s].hash;
         s = (s + 1) & (ix->owners.cap - 1)) {
      int32_t o = ix->owners.slots[s].note;
      if (ix->owners.slots[s].hash != h || o < 0) continue;
      ix->popularity.items[o] += delta;
      S_set_key(ix, (size_t)o, S_title_len(loam_vault_note(ix->v, (size_t)o)));
    }
  }
  seen.len = 0;
  for (size_t j = 0; j < note->tags.len; j++) {
    const char *name = note->tags.items[j].name;
    uint64_t h = S_hash(ix, name, strlen(name));
    if (S_seen(seen.items, seen.len, h)) continue;
    LOAM_VEC_PUSH(&seen, h);
    int32_t id = S_get(&ix->tag_ids, h) - 1;
    if (id < 0) {
      if (delta < 0) continue;
      S_tag t = {loam_xstrdup(name), 0};
      LOAM_VEC_PUSH(&ix->tag_list, t);
      LOAM_VEC_PUSH(&ix->tag_keys, 0);
      id = (int32_t)ix->tag_list.len - 1;
      S_add(&ix->tag_ids, h, id + 1, 1);
    }
    S_tag *t = &ix->tag_list.items[id];
    t->notes += delta;
    if (t->notes == 1 && delta > 0) {
      loam_names_input in = {0, 0, t->name, strlen(t->name)};
      loam_names_set(ix->tags, id, &in, 1);
    } else if (t->notes <= 0) {
      t->notes = 0;
      loam_names_drop(ix->tags, id);
    }
    S_tag_key(ix, id);
  }
  free(seen.items);
}

/* Makes note i the owner of its name keys (own 1) or not (own 0). */
static void S_own_names(loam_cindex *ix, const loam_note *note, size_t i, int own) {
  S_key keys[S_MAX_KEYS];
  size_t n = S_name_keys(ix, note, keys);
  for (size_t k = 0; k < n; k++) {
    if (own)
      S_owners_put(&ix->owners, keys[k].hash, (int32_t)i, keys[k].kinds);
    else
      S_owners_del(&ix->owners, keys[k].hash, (int32_t)i);
  }
}

static int32_t S_count_popularity(loam_cindex *ix, const loam_note *note) {
  S_key keys[S_MAX_KEYS];
  size_t n = S_name_keys(ix, note, keys);
  int32_t sum = 0;
  for (size_t k = 0; k < n; k++) sum += S_get(&ix->inbound, keys[k].hash);
  return sum;
}

static loam_date S_recency(const loam_note *note) {
  if (LOAM_DATE_IS_REAL(note->created)) return note->created;
  /* No date of its own: the day it was last written (now, for a note the
   * editor sent, which is being written now). */
  int64_t secs = note->mtime_ns > 0 ? note->mtime_ns / 1000000000 : (int64_t)time(NULL);
  return (loam_date)(secs / 86400);
}

static void S_resize(loam_cindex *ix, size_t count) {
  while (ix->recency.len < count) {
    LOAM_VEC_PUSH(&ix->recency, LOAM_DATE_NONE);
    LOAM_VEC_PUSH(&ix->popularity, 0);
    LOAM_VEC_PUSH(&ix->keys, 0);
  }
  ix->recency.len = ix->popularity.len = ix->keys.len = count;
}

/* Folds note i's names, headings and block ids into the tables. */
static void S_index_names(loam_cindex *ix, size_t i, const loam_note *note) {
  LOAM_VEC(loam_names_input) in = {0};
  const char *title = note->title;
  if (title) {
    loam_names_input x = {LOAM_CINDEX_TITLE, 0, title, strlen(title)};
    LOAM_VEC_PUSH(&in, x);
  }
  if (!title || strcmp(title, note->stem) != 0) {
    loam_names_input x = {LOAM_CINDEX_STEM, 0, note->stem, strlen(note->stem)};
    LOAM_VEC_PUSH(&in, x);
  }
  for (size_t a = 0; a < note->n_aliases; a++) {
    const char *alias = note->aliases[a];
    loam_names_input x = {LOAM_CINDEX_ALIAS, (uint32_t)a, alias, strlen(alias)};
    LOAM_VEC_PUSH(&in, x);
  }
  if (strchr(note->path, '/')) {
    loam_names_input x = {LOAM_CINDEX_PATH, 0, note->path, strlen(note->path) - 3};
    LOAM_VEC_PUSH(&in, x);
  }
  loam_names_set(ix->notes, (int32_t)i, in.items, in.len);

  in.len = 0;
  for (size_t h = 0; h < note->headings.len; h++) {
    const char *t = note->headings.items[h].text;
    loam_names_input x = {0, (uint32_t)h, t, strlen(t)};
    LOAM_VEC_PUSH(&in, x);
  }
  loam_names_set(ix->headings, (int32_t)i, in.items, in.len);

  in.len = 0;
  for (size_t b = 0; b < note->blocks.len; b++) {
    const char *id = note->blocks.items[b].id;
    loam_names_input x = {0, (uint32_t)b, id, strlen(id)};
    LOAM_VEC_PUSH(&in, x);
  }
  loam_names_set(ix->blocks, (int32_t)i, in.items, in.len);
  free(in.items);
}

static void S_rank_note(loam_cindex *ix, size_t i, const loam_note *note) {
  ix->recency.items[i] = S_recency(note);
  ix->popularity.items[i] = S_count_popularity(ix, note);
  S_set_key(ix, i, S_title_len(note));
}

static void S_reset(loam_cindex *ix) {
  loam_names_clear(ix->notes);
  loam_names_clear(ix->headings);
  loam_names_clear(ix->blocks);
  loam_names_clear(ix->tags);
  S_counts_free(&ix->stems);
  S_counts_free(&ix->inbound);
  S_counts_free(&ix->tag_ids);
  free(ix->owners.slots);
  ix->owners = (S_owners){0};
  for (size_t t = 0; t < ix->tag_list.len; t++) free(ix->tag_list.items[t].name);
  ix->tag_list.len = ix->tag_keys.len = 0;
  size_t n = loam_vault_count(ix->v);
  S_resize(ix, n);
  for (size_t i = 0; i < n; i++) S_contribute(ix, loam_vault_note(ix->v, i), 1);
  for (size_t i = 0; i < n; i++) {
    const loam_note *note = loam_vault_note(ix->v, i);
    S_own_names(ix, note, i, 1);
    S_index_names(ix, i, note);
    S_rank_note(ix, i, note);
  }
}

static void S_changed(void *ud, loam_vault *v, loam_vault_change what, size_t i,
                      const loam_note *old) {
  loam_cindex *ix = ud;
  (void)v;
  if (what == LOAM_VAULT_RESCANNED) return S_reset(ix);
  if (old) {
    S_own_names(ix, old, i, 0);
    S_contribute(ix, old, -1);
  }
  if (what == LOAM_VAULT_PUT) {
    const loam_note *note = loam_vault_note(ix->v, i);
    S_resize(ix, loam_vault_count(ix->v));
    S_contribute(ix, note, 1);
    S_own_names(ix, note, i, 1);
    S_index_names(ix, i, note);
    S_rank_note(ix, i, note);
    return;
  }
  /* Removed: the last note moved into slot i (unless i was the last). */
  size_t last = loam_vault_count(ix->v);
  loam_names *tables[] = {ix->notes, ix->headings, ix->blocks};
  for (size_t t = 0; t < 3; t++) {
    loam_names_drop(tables[t], (int32_t)i);
    if (i < last) loam_names_move(tables[t], (int32_t)last, (int32_t)i);
  }
  if (i < last) {
    const loam_note *moved = loam_vault_note(ix->v, i);
    S_own_names(ix, moved, last, 0);
    S_own_names(ix, moved, i, 1);
    ix->recency.items[i] = ix->recency.items[last];
    ix->popularity.items[i] = ix->popularity.items[last];
    ix->keys.items[i] = ix->keys.items[last];
  }
  S_resize(ix, last);
}

static void S_free(void *ud) {
  loam_cindex *ix = ud;
  loam_names_free(ix->notes);
  loam_names_free(ix->headings);
  loam_names_free(ix->blocks);
  loam_names_free(ix->tags);
  S_counts_free(&ix->stems);
  S_counts_free(&ix->inbound);
  S_counts_free(&ix->tag_ids);
  free(ix->owners.slots);
  for (size_t t = 0; t < ix->tag_list.len; t++) free(ix->tag_list.items[t].name);
  free(ix->tag_list.items);
  free(ix->tag_keys.items);
  free(ix->recency.items);
  free(ix->popularity.items);
  free(ix->keys.items);
  loam_strbuf_free(&ix->fold);
  free(ix);
}

static const loam_vault_observer S_observer = {S_changed, S_free};

loam_cindex *loam_cindex_of(loam_vault *v) {
  loam_cindex *ix = loam_vault_observer_data(v, &S_observer);
  if (ix) return ix;
  ix = loam_xcalloc(1, sizeof(*ix));
  ix->v = v;
  ix->notes = loam_names_new();
  ix->headings = loam_names_new();
  ix->blocks = loam_names_new();
  ix->tags = loam_names_new();
  S_reset(ix);
  loam_vault_observe(v, &S_observer, ix);
  return ix;
}

const loam_names *loam_cindex_notes(const loam_cindex *ix) { return ix->notes; }
const loam_names *loam_cindex_headings(const loam_cindex *ix) { return ix->headings; }
const loam_names *loam_cindex_blocks(const loam_cindex *ix) { return ix->blocks; }

/* ---- ranking ------------------------------------------------------------ */

loam_date loam_cindex_recency(const loam_cindex *ix, size_t i) {
  return i < ix->recency.len ? ix->recency.items[i] : LOAM_DATE_NONE;
}

int32_t loam_cindex_popularity(const loam_cindex *ix, size_t i) {
  return i < ix->popularity.len ? ix->popularity.items[i] : 0;
}

/* The note of key h with `kind` that resolution prefers: the shortest
 * path, then the smaller; -1 when none. */
static int32_t S_owner(loam_cindex *ix, uint64_t h, int kind) {
  int32_t best = -1;
  const char *best_path = NULL;
  size_t best_len = 0;
  if (!ix->owners.cap) return -1;
  for (size_t s = h & (ix->owners.cap - 1); ix->owners.slots[s].hash;
       s = (s + 1) & (ix->owners.cap - 1)) {
    const S_own *o = &ix->owners.slots[s];
    if (o->hash != h || o->note < 0 || !((o->kinds >> kind) & 1)) continue;
    const char *path = loam_vault_note(ix->v, (size_t)o->note)->path;
    size_t len = strlen(path);
    if (best < 0 || len < best_len || (len == best_len && strcmp(path, best_path) < 0))
      best = o->note, best_path = path, best_len = len;
  }
  return best;
}

int32_t loam_cindex_resolve(loam_cindex *ix, const char *target, size_t n, int32_t from) {
  int kind;
  return loam_cindex_resolve_kind(ix, target, n, from, &kind);
}

int32_t loam_cindex_resolve_kind(loam_cindex *ix, const char *target, size_t n, int32_t from,
                                 int *kind) {
  *kind = LOAM_CINDEX_PATH;
  while (n && *target == ' ') target++, n--;
  if (n == 0) return from >= 0 && (size_t)from < loam_vault_count(ix->v) ? from : -1;
  while (n >= 2 && target[0] == '.' && target[1] == '/') target += 2, n -= 2;
  while (n && *target == '/') target++, n--;
  while (n && target[n - 1] == ' ') n--;
  uint64_t whole = S_hash(ix, target, n);
  /* Paths and stems are written with or without ".md" (any case). */
  uint64_t bare = whole;
  if (n > 3 && strcmp(loam_strbuf_cstr(&ix->fold) + ix->fold.len - 3, ".md") == 0)
    bare = S_hash(ix, target, n - 3);
  static const int order[] = {LOAM_CINDEX_PATH, LOAM_CINDEX_STEM, LOAM_CINDEX_TITLE,
                              LOAM_CINDEX_ALIAS};
  for (size_t k = 0; k < 4; k++) {
    int path_or_stem = order[k] == LOAM_CINDEX_PATH || order[k] == LOAM_CINDEX_STEM;
    int32_t i = S_owner(ix, path_or_stem ? bare : whole, order[k]);
    if (i >= 0) return *kind = order[k], i;
  }
  return -1;
}

int loam_cindex_stem_shared(loam_cindex *ix, size_t i) {
  const loam_note *n = loam_vault_note(ix->v, i);
  return S_get(&ix->stems, S_hash(ix, n->stem, strlen(n->stem))) > 1;
}

/* Equal scores and keys: by path; one note's names or parts in order. */
static int S_tie_by_note(void *ud, const loam_names_hit *a, const loam_names_hit *b) {
  loam_cindex *ix = ud;
  if (a->group != b->group)
    return strcmp(loam_vault_note(ix->v, (size_t)a->group)->path,
                  loam_vault_note(ix->v, (size_t)b->group)->path);
  return a->id < b->id ? -1 : a->id > b->id;
}

static int S_tie_tags(void *ud, const loam_names_hit *a, const loam_names_hit *b) {
  loam_cindex *ix = ud;
  int c = strcmp(ix->tag_list.items[a->group].name, ix->tag_list.items[b->group].name);
  return c ? c : (a->group < b->group ? -1 : a->group > b->group);
}

size_t loam_cindex_top_notes(loam_cindex *ix, const loam_names_needle *nd, uint32_t kinds, size_t k,
                             loam_names_hit *out) {
  loam_names_query q = {kinds, 1, k, ix->keys.items, S_tie_by_note, ix};
  return loam_names_top(ix->notes, nd, &q, out);
}

size_t loam_cindex_top_headings(loam_cindex *ix, const loam_names_needle *nd, size_t k,
                                loam_names_hit *out) {
  loam_names_query q = {1, 0, k, ix->keys.items, S_tie_by_note, ix};
  return loam_names_top(ix->headings, nd, &q, out);
}

size_t loam_cindex_top_blocks(loam_cindex *ix, const loam_names_needle *nd, size_t k,
                              loam_names_hit *out) {
  loam_names_query q = {1, 0, k, ix->keys.items, S_tie_by_note, ix};
  return loam_names_top(ix->blocks, nd, &q, out);
}

size_t loam_cindex_top_tags(loam_cindex *ix, const loam_names_needle *nd, size_t k,
                            loam_names_hit *out) {
  loam_names_query q = {1, 0, k, ix->tag_keys.items, S_tie_tags, ix};
  return loam_names_top(ix->tags, nd, &q, out);
}

const char *loam_cindex_tag_name(const loam_cindex *ix, int32_t tag) {
  return ix->tag_list.items[tag].name;
}

int32_t loam_cindex_tag_notes(const loam_cindex *ix, int32_t tag) {
  return ix->tag_list.items[tag].notes;
}
