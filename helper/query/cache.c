/*
 * cache.c: the task table queries read instead of the notes.
 *
 * Reading 300,000 tasks out of 100,000 notes means touching memory all
 * over the index; the table keeps what filters, sorts and groups need in
 * one array of small records, note by note in path order (the order the
 * default sort ends with), and each note's path in one pool, so a query
 * reads a few MB straight through. It lives beside the vault as an
 * observer, and follows changes cheaply:
 *
 * - a note replaced (saved, edited): its records are marked, and rebuilt
 *   at the next query, in place when they fit, else at the end of the
 *   array (the old ones are marked dead);
 * - a note removed: the vault moves its last note into the hole, and so
 *   does the table (records stay where they are; ranks move);
 * - a note added: its path joins the pool and the per-note ranks;
 * - the vault rescanned: everything is read again at the next query.
 *
 * When records went out of path order, or dead ones pile up, the next
 * query copies the live ones back into order (a few ms for 300,000 tasks);
 * only a rescan reads every note again.
 *
 * Per-note ranks order notes by a path-derived key (path, file name, and
 * the `group by path` and `group by filename` headings) with
 * loam_qtext_rank(): computed on first use (50 to 100 ms for 100,000
 * notes), then kept: an added note finds its place by binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "../task/recur.h"
#include "internal.h"

/* ---- interned strings -------------------------------------------------------- */

static uint32_t S_intern(loam_qstrs *t, const char *s, size_t n) {
  int32_t id;
  if (loam_hmap_get(&t->map, s, n, &id)) return (uint32_t)id;
  char *copy = loam_xstrndup(s, n);
  LOAM_VEC_PUSH(&t->items, copy);
  loam_hmap_put(&t->map, s, n, (int32_t)(t->items.len - 1));
  return (uint32_t)(t->items.len - 1);
}

static void S_strs_free(loam_qstrs *t) {
  for (size_t i = 0; i < t->items.len; i++) free(t->items.items[i]);
  free(t->items.items);
  loam_hmap_free(&t->map);
}

/* Grows an array by an eighth (and at least to `need`): the table's arrays
 * are large and grow a few items at a time. */
static void *S_grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return p;
  size_t c = *cap + *cap / 8 + 64;
  *cap = c < need ? need : c;
  return loam_xrealloc(p, *cap * size);
}

/* ---- records ----------------------------------------------------------------- */

/* Top level list item: no indentation, or at most one space after the
 * last '>' of a blockquote or callout. */
static int S_top_level(const loam_task *k) {
  if (k->indent == 0 || !k->text) return 1;
  const char *gt = NULL;
  for (uint32_t i = 0; i < k->indent; i++)
    if (k->text[i] == '>') gt = k->text + i;
  if (!gt) return 0;
  size_t rest = (size_t)(k->text + k->indent - gt - 1);
  return rest == 0 || (rest == 1 && gt[1] == ' ');
}

static void S_record(loam_qcache *c, const loam_task *k, int32_t note, uint32_t index,
                     loam_qrec *r) {
  r->note = note;
  r->index = index;
  r->due = k->due, r->scheduled = k->scheduled, r->start = k->start;
  r->created = k->created, r->done = k->done, r->cancelled = k->cancelled;
  r->sym = S_intern(&c->syms, k->status, strlen(k->status));
  r->priority = (uint8_t)k->priority;
  r->flags = 0;
  r->recur = r->tags = 0;
  if (k->n_tags) { /* the set of tags, so that tag filters run once per set */
    loam_strbuf_clear(&c->buf);
    for (size_t t = 0; t < k->n_tags; t++) {
      if (t) loam_strbuf_putc(&c->buf, '\n');
      loam_strbuf_puts(&c->buf, k->tags[t]);
    }
    r->flags |= LOAM_QREC_TAGS;
    r->tags = S_intern(&c->strs, loam_strbuf_cstr(&c->buf), c->buf.len);
  }
  if (k->id && *k->id) r->flags |= LOAM_QREC_ID;
  if (k->n_depends_on) r->flags |= LOAM_QREC_DEPENDS;
  if (S_top_level(k)) r->flags |= LOAM_QREC_TOP;
  if (k->recurrence) {
    loam_recur_dates dates = {k->start, k->scheduled, k->due};
    char norm[512];
    if (loam_recur_of_task(k->recurrence, &dates, norm, sizeof(norm))) {
      r->flags |= LOAM_QREC_RECURRING;
      r->recur = S_intern(&c->strs, norm, strlen(norm));
    }
  }
}

/* Marks records [from, to) as no note's: queries reading the array in
 * order skip them by their symbol, which no status has. */
static void S_bury(loam_qcache *c, size_t from, size_t to) {
  for (size_t k = from; k < to; k++) c->recs.items[k].sym = LOAM_QSYM_DEAD;
}

/* (Re)writes note i's records from the vault: in place when they fit,
 * else at the end of the array (the array is then out of path order). */
static void S_note_records(loam_qcache *c, size_t i) {
  const loam_note *note = loam_vault_note(c->v, i);
  loam_qnote *m = &c->notes.items[i];
  size_t n = note->tasks.len;
  if (n > m->cap) {
    S_bury(c, m->first, m->first + m->cap);
    c->garbage += m->cap;
    m->first = (uint32_t)c->recs.len;
    m->cap = (uint32_t)n;
    c->recs.items = S_grow(c->recs.items, &c->recs.cap, c->recs.len + n, sizeof(loam_qrec));
    c->recs.len += n;
    c->in_order = 0;
  }
  m->count = (uint32_t)n;
  for (size_t t = 0; t < n; t++)
    S_record(c, &note->tasks.items[t], (int32_t)i, (uint32_t)t, &c->recs.items[m->first + t]);
  S_bury(c, m->first + n, m->first + m->cap);
  m->dirty = 0;
}

/* Note i's path, folder and root. */
static void S_note_path(loam_qcache *c, size_t i) {
  const char *path = loam_vault_note(c->v, i)->path;
  path = path ? path : "";
  size_t n = strlen(path);
  loam_qnote *m = &c->notes.items[i];
  m->path = (uint32_t)c->pool.len;
  c->pool.items = S_grow(c->pool.items, &c->pool.cap, c->pool.len + n + 1, 1);
  memcpy(c->pool.items + c->pool.len, path, n + 1);
  c->pool.len += n + 1;
  const char *slash = strrchr(path, '/');
  m->name = slash ? (uint32_t)(slash + 1 - path) : 0;
  m->len = (uint32_t)n;
  if (slash) {
    m->folder = S_intern(&c->strs, path, (size_t)(slash - path) + 1);
    m->root = S_intern(&c->strs, path, (size_t)(strchr(path, '/') - path) + 1);
  } else {
    m->folder = m->root = S_intern(&c->strs, "/", 1);
  }
}

static void S_drop_ranks(loam_qcache *c) {
  for (int k = 0; k < LOAM_QNK_COUNT; k++) {
    free(c->ranks[k]);
    free(c->order[k]);
    c->ranks[k] = c->order[k] = NULL;
  }
  free(c->stem_shared);
  c->stem_shared = NULL;
}

/* Everything again. The records are laid out note by note in path order
 * (the order queries read them in when the default sort ends with path),
 * so the path ranks are worked out first. Ranks stay valid unless the
 * vault's paths changed (the observer drops them then). */
static void S_rebuild(loam_qcache *c) {
  size_t n = loam_vault_count(c->v), total = 0, bytes = 0;
  for (size_t i = 0; i < n; i++) {
    const loam_note *note = loam_vault_note(c->v, i);
    total += note->tasks.len;
    bytes += (note->path ? strlen(note->path) : 0) + 1;
  }
  free(c->recs.items);
  free(c->pool.items);
  free(c->notes.items);
  c->recs.items = loam_xmalloc((total ? total : 1) * sizeof(loam_qrec));
  c->recs.cap = total ? total : 1;
  c->recs.len = 0;
  c->pool.items = loam_xmalloc(bytes ? bytes : 1);
  c->pool.cap = bytes ? bytes : 1;
  c->pool.len = 0;
  c->notes.items = loam_xcalloc(n ? n : 1, sizeof(loam_qnote));
  c->notes.cap = n ? n : 1;
  c->notes.len = n;
  for (size_t i = 0; i < n; i++) S_note_path(c, i);
  const uint32_t *order = loam_qcache_path_order(c);
  for (size_t i = 0; i < n; i++) S_note_records(c, order[i]);
  c->garbage = c->pool_garbage = 0;
  c->dirty.len = 0;
  c->rebuild = 0;
  c->in_order = 1;
}

/* The records again in path order, without what no note uses: copied, not
 * read from the notes again (a few ms for 300,000 tasks). */
static void S_relayout(loam_qcache *c) {
  const uint32_t *order = loam_qcache_path_order(c);
  size_t live = 0, at = 0;
  for (size_t i = 0; i < c->notes.len; i++) live += c->notes.items[i].count;
  loam_qrec *fresh = loam_xmalloc((live ? live : 1) * sizeof(*fresh));
  for (size_t i = 0; i < c->notes.len; i++) {
    loam_qnote *m = &c->notes.items[order[i]];
    if (m->count) memcpy(fresh + at, c->recs.items + m->first, m->count * sizeof(*fresh));
    m->first = (uint32_t)at;
    m->cap = m->count;
    at += m->count;
  }
  free(c->recs.items);
  c->recs.items = fresh;
  c->recs.len = live;
  c->recs.cap = live ? live : 1;
  c->garbage = 0;
  c->in_order = 1;
}

/* The paths again, without those of removed notes. */
static void S_compact_pool(loam_qcache *c) {
  size_t bytes = 0, at = 0;
  for (size_t i = 0; i < c->notes.len; i++) bytes += c->notes.items[i].len + 1;
  char *fresh = loam_xmalloc(bytes ? bytes : 1);
  for (size_t i = 0; i < c->notes.len; i++) {
    loam_qnote *m = &c->notes.items[i];
    memcpy(fresh + at, c->pool.items + m->path, m->len + 1);
    m->path = (uint32_t)at;
    at += m->len + 1;
  }
  free(c->pool.items);
  c->pool.items = fresh;
  c->pool.len = at;
  c->pool.cap = bytes ? bytes : 1;
  c->pool_garbage = 0;
}

static void S_sync(loam_qcache *c) {
  if (c->rebuild) {
    S_rebuild(c);
    return;
  }
  for (size_t k = 0; k < c->dirty.len; k++) {
    uint32_t i = c->dirty.items[k];
    if (i < c->notes.len && c->notes.items[i].dirty) S_note_records(c, i);
  }
  c->dirty.len = 0;
  if (c->pool_garbage > c->pool.len / 4) S_compact_pool(c);
  if (!c->in_order || c->garbage > c->recs.len / 8) S_relayout(c);
}

/* Lists note i for S_sync (once; `moved`: its flag came with it from
 * another index, so it is listed again). Without queries in between, the
 * list is rebuilt from the flags rather than left to grow. */
static void S_mark(loam_qcache *c, size_t i, int moved) {
  if (c->notes.items[i].dirty && !moved) return;
  c->notes.items[i].dirty = 1;
  if (c->dirty.len > 2 * c->notes.len + 1024) {
    c->dirty.len = 0;
    for (size_t k = 0; k < c->notes.len; k++) {
      uint32_t at = (uint32_t)k;
      if (c->notes.items[k].dirty) LOAM_VEC_PUSH(&c->dirty, at);
    }
    return;
  }
  uint32_t at = (uint32_t)i;
  LOAM_VEC_PUSH(&c->dirty, at);
}

static void S_rank_insert(loam_qcache *c, loam_qnote_key k, size_t i);
static void S_rank_remove(loam_qcache *c, int k, size_t i, size_t last);

/* ---- the observer ------------------------------------------------------------ */

static void S_changed(void *ud, loam_vault *v, loam_vault_change what, size_t i,
                      const loam_note *old) {
  loam_qcache *c = ud;
  (void)v;
  if (c->rebuild) return; /* read again at the next query anyway */
  if (what == LOAM_VAULT_RESCANNED) {
    c->rebuild = 1;
    S_drop_ranks(c);
    return;
  }
  if (what == LOAM_VAULT_PUT) {
    if (!old) { /* added: the last note */
      c->in_order = 0;
      c->notes.items = S_grow(c->notes.items, &c->notes.cap, c->notes.len + 1, sizeof(loam_qnote));
      memset(&c->notes.items[c->notes.len++], 0, sizeof(loam_qnote));
      S_note_path(c, i);
      for (int k = 0; k < LOAM_QNK_COUNT; k++)
        if (c->ranks[k]) S_rank_insert(c, (loam_qnote_key)k, i);
      free(c->stem_shared);
      c->stem_shared = NULL;
    }
    S_mark(c, i, 0); /* its records point into `old`, freed after this call */
    return;
  }
  /* Removed: the vault's last note now sits at i (unless i was last). */
  size_t last = c->notes.len - 1;
  loam_qnote *gone = &c->notes.items[i];
  c->garbage += gone->cap;
  c->pool_garbage += strlen(c->pool.items + gone->path) + 1;
  S_bury(c, gone->first, gone->first + gone->cap);
  if (i < last) {
    c->in_order = 0; /* path ties are ordered by note index, which moved */
    *gone = c->notes.items[last];
    for (uint32_t t = 0; t < gone->count; t++) c->recs.items[gone->first + t].note = (int32_t)i;
    if (gone->dirty) S_mark(c, i, 1);
  }
  for (int k = 0; k < LOAM_QNK_COUNT; k++)
    if (c->ranks[k]) S_rank_remove(c, k, i, last);
  c->notes.len--;
  free(c->stem_shared); /* one stem fewer */
  c->stem_shared = NULL;
}

static void S_free(void *ud) {
  loam_qcache *c = ud;
  free(c->recs.items);
  free(c->notes.items);
  free(c->pool.items);
  free(c->dirty.items);
  S_strs_free(&c->syms);
  S_strs_free(&c->strs);
  S_drop_ranks(c);
  loam_qscratch_free(&c->scratch);
  loam_strbuf_free(&c->buf);
  free(c);
}

static const loam_vault_observer S_observer = {S_changed, S_free};

loam_qcache *loam_qcache_of(loam_vault *v) {
  loam_qcache *c = loam_vault_observer_data(v, &S_observer);
  if (!c) {
    c = loam_xcalloc(1, sizeof(*c));
    c->v = v;
    c->rebuild = 1;
    S_intern(&c->syms, "(dead)", 6); /* LOAM_QSYM_DEAD: longer than any symbol */
    loam_vault_observe(v, &S_observer, c);
  }
  S_sync(c);
  return c;
}

/* ---- per-note ranks ---------------------------------------------------------- */

/* Note i's key of kind k, appended to out. */
static void S_note_key(const loam_qcache *c, loam_qnote_key k, size_t i, loam_strbuf *out) {
  const loam_qnote *m = &c->notes.items[i];
  const char *path = c->pool.items + m->path;
  switch (k) {
  case LOAM_QNK_PATH: loam_strbuf_put(out, path, m->len); break;
  case LOAM_QNK_FILENAME: loam_strbuf_put(out, path + m->name, m->len - m->name); break;
  case LOAM_QNK_GROUP_PATH: loam_qgroup_note_text(LOAM_QGROUP_PATH, path, m->name, out); break;
  default: loam_qgroup_note_text(LOAM_QGROUP_FILENAME, path, m->name, out); break;
  }
}

/* How note a's key compares with `key`. */
static int S_note_cmp(const loam_qcache *c, loam_qnote_key k, size_t a, const loam_strbuf *key,
                      loam_strbuf *buf) {
  loam_strbuf_clear(buf);
  S_note_key(c, k, a, buf);
  return loam_qtext_collate(loam_strbuf_cstr(buf), buf->len, key->ptr ? key->ptr : "", key->len);
}

/*
 * A note added (index i, the last): its rank is found by binary search in
 * the order, and the ranks above shift up by one, rather than ranking
 * every note again. Equal keys keep index order: it goes after them.
 */
static void S_rank_insert(loam_qcache *c, loam_qnote_key k, size_t i) {
  size_t n = i; /* notes ranked so far */
  c->ranks[k] = loam_xrealloc(c->ranks[k], c->notes.cap * sizeof(uint32_t));
  c->order[k] = loam_xrealloc(c->order[k], c->notes.cap * sizeof(uint32_t));
  uint32_t *rank = c->ranks[k], *order = c->order[k];
  loam_strbuf key = {0}, buf = {0};
  S_note_key(c, k, i, &key);
  size_t lo = 0, hi = n; /* the first note whose key is greater */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (S_note_cmp(c, k, order[mid], &key, &buf) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  uint32_t r;
  if (lo > 0 && S_note_cmp(c, k, order[lo - 1], &key, &buf) == 0) {
    r = rank[order[lo - 1]];
  } else {
    r = lo > 0 ? rank[order[lo - 1]] + 1 : 0;
    for (size_t j = 0; j < n; j++) rank[j] += rank[j] >= r;
    c->n_ranks[k]++;
  }
  memmove(order + lo + 1, order + lo, (n - lo) * sizeof(*order));
  order[lo] = (uint32_t)i;
  rank[i] = r;
  loam_strbuf_free(&key);
  loam_strbuf_free(&buf);
}

/* Note i removed, the last note (`last`) moved into its place: ranks keep
 * their order (with a gap, perhaps); the moved note may now come before
 * notes with its key, as ties are in index order. */
static void S_rank_remove(loam_qcache *c, int k, size_t i, size_t last) {
  uint32_t *rank = c->ranks[k], *order = c->order[k];
  size_t n = last + 1, p = 0;
  while (order[p] != i) p++;
  memmove(order + p, order + p + 1, (n - p - 1) * sizeof(*order));
  if (i == last) return;
  rank[i] = rank[last];
  size_t q = 0;
  while (order[q] != last) q++;
  order[q] = (uint32_t)i;
  for (; q > 0 && rank[order[q - 1]] == rank[i] && order[q - 1] > i; q--) {
    order[q] = order[q - 1];
    order[q - 1] = (uint32_t)i;
  }
}

const uint32_t *loam_qcache_ranks(loam_qcache *c, loam_qnote_key k, uint32_t *n) {
  if (!c->ranks[k]) {
    size_t count = c->notes.len;
    loam_strbuf text = {0};
    size_t *off = loam_xmalloc((count + 1) * sizeof(*off));
    for (size_t i = 0; i < count; i++) {
      off[i] = text.len;
      S_note_key(c, k, i, &text);
    }
    off[count] = text.len;
    const char *base = loam_strbuf_cstr(&text);
    const char **s = loam_xmalloc((count ? count : 1) * sizeof(*s));
    size_t *len = loam_xmalloc((count ? count : 1) * sizeof(*len));
    for (size_t i = 0; i < count; i++) s[i] = base + off[i], len[i] = off[i + 1] - off[i];
    uint32_t *rank = loam_xmalloc((c->notes.cap ? c->notes.cap : 1) * sizeof(uint32_t));
    uint32_t n_ranks = loam_qtext_rank(s, len, count, rank);
    /* The order: by rank, ties by index (a counting sort). */
    size_t *at = loam_xcalloc((size_t)n_ranks + 1, sizeof(*at));
    uint32_t *order = loam_xmalloc((c->notes.cap ? c->notes.cap : 1) * sizeof(uint32_t));
    for (size_t i = 0; i < count; i++) at[rank[i] + 1]++;
    for (size_t r = 1; r <= n_ranks; r++) at[r] += at[r - 1];
    for (size_t i = 0; i < count; i++) order[at[rank[i]]++] = (uint32_t)i;
    c->ranks[k] = rank;
    c->order[k] = order;
    c->n_ranks[k] = n_ranks;
    free(at);
    free(s);
    free(len);
    free(off);
    loam_strbuf_free(&text);
  }
  *n = c->n_ranks[k];
  return c->ranks[k];
}

const uint32_t *loam_qcache_path_order(loam_qcache *c) {
  uint32_t n;
  loam_qcache_ranks(c, LOAM_QNK_PATH, &n);
  return c->order[LOAM_QNK_PATH];
}

const uint8_t *loam_qcache_stem_shared(loam_qcache *c) {
  if (!c->stem_shared) {
    size_t n = c->notes.len;
    loam_hmap count = {0};
    for (size_t i = 0; i < n; i++) {
      const char *stem = loam_vault_note(c->v, i)->stem;
      int32_t k = 0;
      if (!stem) continue;
      loam_hmap_get(&count, stem, strlen(stem), &k);
      loam_hmap_put(&count, stem, strlen(stem), k + 1);
    }
    c->stem_shared = loam_xcalloc(n ? n : 1, 1);
    for (size_t i = 0; i < n; i++) {
      const char *stem = loam_vault_note(c->v, i)->stem;
      int32_t k = 0;
      stem = stem ? stem : "";
      loam_hmap_get(&count, stem, strlen(stem), &k);
      c->stem_shared[i] = k > 1;
    }
    loam_hmap_free(&count);
  }
  return c->stem_shared;
}

void loam_query_memory(loam_vault *v, loam_query_memory_use *out) {
  memset(out, 0, sizeof(*out));
  const loam_qcache *c = loam_vault_observer_data(v, &S_observer);
  if (!c) return;
  out->table = sizeof(*c) + c->recs.cap * sizeof(loam_qrec) + c->notes.cap * sizeof(loam_qnote) +
               c->pool.cap + c->dirty.cap * sizeof(uint32_t);
  const loam_qstrs *t[2] = {&c->syms, &c->strs};
  for (int j = 0; j < 2; j++) {
    out->table += t[j]->map.cap * sizeof(loam_hmap_slot) + t[j]->items.cap * sizeof(char *);
    for (size_t i = 0; i < t[j]->items.len; i++) out->table += strlen(t[j]->items.items[i]) + 1;
  }
  for (int k = 0; k < LOAM_QNK_COUNT; k++)
    if (c->ranks[k]) out->ranks += 2 * c->notes.cap * sizeof(uint32_t);
  if (c->stem_shared) out->ranks += c->notes.len;
  out->scratch = c->scratch.kept;
}
