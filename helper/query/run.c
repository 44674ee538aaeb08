/*
 * run.c: running a parsed query over the vault's tasks.
 *
 * The plugin's order of operations: filter, sort, `limit`, group,
 * `limit groups`; a task appears once per group it belongs to.
 *
 * Everything reads the task table (cache.c) rather than the notes. The
 * filters walk it in path order (the default sort's last key, so rows come
 * out sorted by it) and hand rows to the sorter, which turns each key into
 * a column of integers (sort.c); grouping gives each row one rank per
 * grouper (group.c) and works each heading's text out once. Without
 * `limit` or tags, one radix sort (rank.c) orders rows by (group ranks...,
 * sort keys...); else the rows are sorted, cut, then grouped. Rows that
 * share all their headings share one array of heading strings in the
 * result. Working arrays come from the table's scratch memory, reused by
 * every query.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Type and name of every status symbol of the table, under ctx's statuses. */
static void S_statuses(loam_qrun *r, const loam_query_ctx *ctx) {
  const loam_qstrs *syms = &r->cache->syms;
  size_t n = syms->items.len;
  r->sym_type = loam_qscratch_alloc(r->scratch, (n ? n : 1) * sizeof(*r->sym_type));
  r->sym_name = loam_qscratch_alloc(r->scratch, (n ? n : 1) * sizeof(*r->sym_name));
  for (size_t j = 0; j < n; j++) {
    loam_status unknown;
    const loam_status *st =
        loam_status_lookup(ctx ? ctx->statuses : NULL, syms->items.items[j], &unknown);
    r->sym_type[j] = st->type;
    r->sym_name[j] = st == &unknown ? "Unknown" : st->name; /* the table outlives the query */
  }
}

/* Sets blocking/blocked: both tasks of a dependency must be not done. */
static void S_dependencies(loam_qrun *r) {
  const loam_qcache *c = r->cache;
  loam_hmap ids = {0}, wanted = {0};
  r->blocking = loam_qscratch_calloc(r->scratch, c->recs.len ? c->recs.len : 1);
  r->blocked = loam_qscratch_calloc(r->scratch, c->recs.len ? c->recs.len : 1);
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < c->notes.len; i++) {
      const loam_qnote *m = &c->notes.items[i];
      for (uint32_t t = m->first; t < m->first + m->count; t++) {
        const loam_qrec *rec = &c->recs.items[t];
        if (!(rec->flags & (LOAM_QREC_ID | LOAM_QREC_DEPENDS))) continue;
        if (loam_status_is_done(r->sym_type[rec->sym])) continue;
        const loam_task *k = loam_qrec_task(c, rec);
        int32_t v;
        if (pass == 0) {
          if (rec->flags & LOAM_QREC_ID) loam_hmap_put(&ids, k->id, strlen(k->id), 1);
          for (size_t d = 0; d < k->n_depends_on; d++)
            loam_hmap_put(&wanted, k->depends_on[d], strlen(k->depends_on[d]), 1);
          continue;
        }
        r->blocking[t] =
            (rec->flags & LOAM_QREC_ID) && loam_hmap_get(&wanted, k->id, strlen(k->id), &v);
        for (size_t d = 0; d < k->n_depends_on && !r->blocked[t]; d++)
          r->blocked[t] =
              (uint8_t)loam_hmap_get(&ids, k->depends_on[d], strlen(k->depends_on[d]), &v);
      }
    }
  }
  loam_hmap_free(&ids);
  loam_hmap_free(&wanted);
}

/* Whether tags-only filter f accepts the tags of string `set` (the
 * table's '\n'-joined tags; NULL: none), through a task that has just
 * those. */
static int S_tags_match(const loam_qrun *r, const loam_qfilter *f, const char *set) {
  loam_strbuf copy = {0};
  LOAM_VEC(char *) tags = {0};
  loam_qrec rec;
  loam_task task;
  memset(&rec, 0, sizeof(rec));
  memset(&task, 0, sizeof(task));
  if (set) {
    loam_strbuf_puts(&copy, set);
    char *s = copy.ptr;
    for (char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
      *nl = '\0';
      LOAM_VEC_PUSH(&tags, s);
    }
    LOAM_VEC_PUSH(&tags, s);
    rec.flags = LOAM_QREC_TAGS;
  }
  task.tags = tags.items;
  task.n_tags = tags.len;
  loam_qtask view = {r, &rec, &task, LOAM_STATUS_TODO, ""};
  int ok = loam_qfilter_match(f, &view);
  free(tags.items);
  loam_strbuf_free(&copy);
  return ok;
}

/* What filtering a query needs: its filters, sorted by how they are
 * worked out. */
typedef struct {
  const loam_qrun *r;
  const uint8_t *pass;        /* per status symbol: the status-only filters accept it */
  const loam_qfilter **tagf;  /* tags-only filters ... */
  uint8_t **memo;             /* ... and per set of tags: 0 not yet known, 1 accepted, 2 not */
  size_t n_tagf, n_sets;      /* set n_sets - 1: no tags */
  const loam_qfilter **other; /* every other filter, task by task */
  size_t n_other;
} S_filters;

static inline int S_accept(const S_filters *fs, uint32_t t) {
  const loam_qrec *rec = &fs->r->cache->recs.items[t];
  if (!fs->pass[rec->sym]) return 0;
  if (!fs->n_tagf && !fs->n_other) return 1;
  size_t set = rec->flags & LOAM_QREC_TAGS ? rec->tags : fs->n_sets - 1;
  for (size_t j = 0; j < fs->n_tagf; j++) {
    if (!fs->memo[j][set]) {
      const char *tags = set < fs->n_sets - 1 ? fs->r->cache->strs.items.items[set] : NULL;
      fs->memo[j][set] = S_tags_match(fs->r, fs->tagf[j], tags) ? 1 : 2;
    }
    if (fs->memo[j][set] != 1) return 0;
  }
  if (!fs->n_other) return 1;
  loam_qtask view;
  loam_qtask_view(fs->r, t, &view);
  for (size_t j = 0; j < fs->n_other; j++)
    if (!loam_qfilter_match(fs->other[j], &view)) return 0;
  return 1;
}

/* The tasks every filter accepts, in vault order, or with `order`, note
 * by note in that order, handed to the sorter in batches while their
 * records are in cache. Filters that look only at the status are worked
 * out once per status symbol, those that look only at the tags once per
 * set of tags (when first met). */
static size_t S_filter(const loam_query *q, const loam_qrun *r, const uint32_t *order,
                       loam_qsorter *sorter, loam_qhit *hit) {
  const loam_qcache *c = r->cache;
  size_t n_syms = c->syms.items.len, nf = q->filters.len + 1;
  uint8_t *pass = loam_qscratch_alloc(r->scratch, n_syms ? n_syms : 1);
  S_filters fs = {r,
                  pass,
                  loam_qscratch_alloc(r->scratch, nf * sizeof(*fs.tagf)),
                  loam_qscratch_alloc(r->scratch, nf * sizeof(*fs.memo)),
                  0,
                  c->strs.items.len + 1,
                  loam_qscratch_alloc(r->scratch, nf * sizeof(*fs.other)),
                  0};
  memset(pass, 1, n_syms);
  for (size_t f = 0; f < q->filters.len; f++) {
    const loam_qfilter *filter = q->filters.items[f];
    if (loam_qfilter_tags_only(filter)) {
      fs.memo[fs.n_tagf] = loam_qscratch_calloc(r->scratch, fs.n_sets);
      fs.tagf[fs.n_tagf++] = filter;
    } else if (!loam_qfilter_status_only(filter)) {
      fs.other[fs.n_other++] = filter;
    } else {
      for (size_t j = 0; j < n_syms; j++) {
        loam_qtask view = {r, NULL, NULL, r->sym_type[j], r->sym_name[j]};
        if (pass[j]) pass[j] = (uint8_t)loam_qfilter_match(filter, &view);
      }
    }
  }
  pass[LOAM_QSYM_DEAD] = 0;
  size_t n = 0, taken = 0;
  if (order && c->in_order) { /* the array is in path order: read it straight */
    for (uint32_t t = 0; t < c->recs.len; t++) {
      if (!S_accept(&fs, t)) continue;
      loam_qhit h = {t, c->recs.items[t].note, c->recs.items[t].index};
      hit[n++] = h;
      if (n - taken == 256) loam_qsorter_take(sorter, hit, taken, n), taken = n;
    }
  } else {
    for (size_t i = 0; i < c->notes.len; i++) {
      const loam_qnote *m = &c->notes.items[order ? order[i] : i];
      for (uint32_t t = m->first; t < m->first + m->count; t++) {
        if (!S_accept(&fs, t)) continue;
        loam_qhit h = {t, c->recs.items[t].note, c->recs.items[t].index};
        hit[n++] = h;
        if (n - taken == 256) loam_qsorter_take(sorter, hit, taken, n), taken = n;
      }
    }
  }
  loam_qsorter_take(sorter, hit, taken, n);
  return n;
}

static void S_push_row(loam_query_result *out, const loam_qhit *h) {
  loam_query_row row = {h->note, h->index, NULL, 0};
  out->rows.items[out->rows.len++] = row;
}

/* Distinct tasks among out's rows (tags fan tasks out): an open-addressing
 * set of (note, task) pairs. */
static size_t S_distinct(const loam_query_result *out) {
  size_t cap = 16, n = 0;
  while (cap < out->rows.len * 2) cap *= 2;
  uint64_t *set = loam_xcalloc(cap, sizeof(*set)); /* key + 1; 0: empty */
  for (size_t i = 0; i < out->rows.len; i++) {
    const loam_query_row *row = &out->rows.items[i];
    uint64_t key = ((uint64_t)(uint32_t)row->note << 32 | row->task) + 1;
    size_t j = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
    while (set[j] && set[j] != key) j = (j + 1) & (cap - 1);
    if (!set[j]) set[j] = key, n++;
  }
  free(set);
  return n;
}

/* The query's groupers, `view columns by` first. */
static size_t S_groupers(const loam_query *q, const loam_qgroup **out) {
  size_t ng = 0;
  if (q->has_columns) out[ng++] = &q->columns;
  for (size_t i = 0; i < q->groups.len && ng < 64; i++) out[ng++] = &q->groups.items[i];
  return ng;
}

/* Groups rows[0..n) into out->rows. The rows are sorted, or, with a
 * sorter, in the order they were taken: then rows are ordered by their
 * headings and the sort keys at once (one sort instead of two: the same
 * order, as the second sort is stable and the first is by sort keys). */
static void S_group(const loam_query *q, const loam_qrun *r, const loam_qhit *rows, size_t n,
                    loam_qsorter *sorter, loam_query_result *out) {
  const loam_qgroup *groupers[64];
  size_t ng = S_groupers(q, groupers);
  if (ng == 0) {
    out->rows.items = loam_xmalloc((n ? n : 1) * sizeof(loam_query_row));
    out->rows.cap = n ? n : 1;
    for (size_t i = 0; i < n; i++) S_push_row(out, &rows[i]);
    out->distinct = n;
    return;
  }
  loam_qglevel lv[64];
  int fan = 0;
  for (size_t l = 0; l < ng; l++) {
    loam_qgroup_level(r, groupers[l], rows, n, &lv[l]);
    fan |= lv[l].start != NULL;
  }
  /* Entries: one per row, or one per combination of headings (tags fan
   * out; the last grouper varies fastest), each with a value per level. */
  size_t ne = n;
  uint32_t *pos = NULL, *vidx[64] = {0};
  if (fan) {
    LOAM_VEC(uint32_t) p = {0};
    LOAM_VEC(uint32_t) vi[64];
    memset(vi, 0, sizeof(vi));
    for (size_t i = 0; i < n; i++) {
      size_t combos = 1;
      for (size_t l = 0; l < ng; l++)
        combos *= lv[l].start ? lv[l].start[i + 1] - lv[l].start[i] : 1;
      for (size_t k = 0; k < combos; k++) {
        size_t rest = k;
        for (size_t l = ng; l-- > 0;) {
          size_t cnt = lv[l].start ? lv[l].start[i + 1] - lv[l].start[i] : 1;
          uint32_t v = (uint32_t)((lv[l].start ? lv[l].start[i] : i) + rest % cnt);
          rest /= cnt;
          LOAM_VEC_PUSH(&vi[l], v);
        }
        uint32_t at = (uint32_t)i;
        LOAM_VEC_PUSH(&p, at);
      }
    }
    ne = p.len;
    pos = p.items;
    for (size_t l = 0; l < ng; l++) vidx[l] = vi[l].items;
  }
  size_t n_sort = sorter ? loam_qsorter_count(sorter) : 0;
  loam_qcol *cols = loam_qscratch_alloc(r->scratch, (ng + n_sort) * sizeof(*cols));
  uint32_t *grank[64];
  for (size_t l = 0; l < ng; l++) {
    if (fan) {
      grank[l] = loam_qscratch_alloc(r->scratch, (ne ? ne : 1) * sizeof(uint32_t));
      for (size_t e = 0; e < ne; e++) grank[l][e] = lv[l].rank[vidx[l][e]];
    } else {
      grank[l] = lv[l].rank;
    }
    cols[l].v = grank[l];
    cols[l].max = lv[l].max;
  }
  if (sorter) loam_qsorter_columns(sorter, n, cols + ng);
  uint32_t *perm = loam_qscratch_alloc(r->scratch, (ne ? ne : 1) * sizeof(*perm));
  loam_qorder(cols, ng + n_sort, ne, perm, r->scratch);
  /* The entries in order, gathered array by array (independent loads, many
   * in flight at once): rows into the result, ranks and slots beside; then
   * walked in order, the result's rows packed as `limit groups` drops some. */
  out->rows.items = loam_xmalloc((ne ? ne : 1) * sizeof(loam_query_row));
  out->rows.cap = ne ? ne : 1;
  for (size_t k = 0; k < ne; k++) {
    const loam_qhit *h = &rows[fan ? pos[perm[k]] : perm[k]];
    loam_query_row row = {h->note, h->index, NULL, ng};
    out->rows.items[k] = row;
  }
  uint32_t *rank[64], *slot[64];
  for (size_t l = 0; l < ng; l++) {
    rank[l] = loam_qscratch_alloc(r->scratch, (ne ? ne : 1) * sizeof(uint32_t));
    for (size_t k = 0; k < ne; k++) rank[l][k] = grank[l][perm[k]];
    slot[l] = NULL; /* per note: the row's note */
    if (lv[l].per_note) continue;
    slot[l] = loam_qscratch_alloc(r->scratch, (ne ? ne : 1) * sizeof(uint32_t));
    if (fan)
      for (size_t k = 0; k < ne; k++) slot[l][k] = lv[l].slot[vidx[l][perm[k]]];
    else
      for (size_t k = 0; k < ne; k++) slot[l][k] = lv[l].slot[perm[k]];
  }
  size_t in_group = 0;
  uint32_t cur[64], last[64]; /* slots of this entry, of the last row kept */
  char **groups = NULL;       /* of the last row kept */
  loam_qbump bump = {&out->arena, NULL, 0};
  for (size_t k = 0; k < ne; k++) {
    for (size_t l = 0; l < ng; l++) { /* headings read soon, all over the table */
      if (k + 16 < ne && !slot[l])
        loam_qglevel_prefetch(&lv[l], r, (uint32_t)out->rows.items[k + 16].note, 0);
      if (k + 8 < ne && !slot[l])
        loam_qglevel_prefetch(&lv[l], r, (uint32_t)out->rows.items[k + 8].note, 1);
    }
    loam_query_row row = out->rows.items[k]; /* k >= rows.len: not yet overwritten */
    int same = k > 0;
    for (size_t l = 0; same && l < ng; l++) same = rank[l][k] == rank[l][k - 1];
    in_group = same ? in_group + 1 : 1;
    if (q->limit_groups >= 0 && in_group > (size_t)q->limit_groups) continue;
    int shared = groups != NULL;
    for (size_t l = 0; l < ng; l++) {
      cur[l] = slot[l] ? slot[l][k] : (uint32_t)row.note;
      shared = shared && cur[l] == last[l];
    }
    if (!shared) {
      groups = loam_qbump_alloc(&bump, ng * sizeof(char *));
      for (size_t l = 0; l < ng; l++) {
        groups[l] = (char *)loam_qglevel_text(&lv[l], r, cur[l], &bump);
        last[l] = cur[l];
      }
    }
    row.groups = groups;
    out->rows.items[out->rows.len++] = row;
  }
  out->distinct = fan ? S_distinct(out) : out->rows.len;
  for (size_t l = 0; l < ng; l++) {
    if (fan) free(vidx[l]);
    loam_qglevel_free(&lv[l]);
  }
  free(pos);
}

int loam_query_run(const loam_query *q, loam_vault *v, const loam_query_ctx *ctx,
                   loam_query_result *out, loam_error *err) {
  memset(out, 0, sizeof(*out));
  if (!q || !v) return loam_error_set(err, LOAM_E_USAGE, 0, 0, "query and vault are required");
  loam_date today = ctx ? ctx->today : q->today;
  out->layout = q->layout;
  out->today = today;
  out->statuses = ctx ? ctx->statuses : NULL;
  if (q->explanation) out->explain = loam_arena_strdup(&out->arena, q->explanation);
  loam_qcache *cache = loam_qcache_of(v);
  loam_qscratch_reset(&cache->scratch);
  loam_qrun r = {cache, &cache->scratch, today, NULL, NULL, NULL, NULL};
  S_statuses(&r, ctx);
  if (q->uses_blocking) S_dependencies(&r);
  size_t total = 0;
  for (size_t i = 0; i < r.cache->notes.len; i++) total += r.cache->notes.items[i].count;
  loam_qhit *hit = loam_qscratch_alloc(r.scratch, (total ? total : 1) * sizeof(*hit));
  /* The default sort ends with path: filtering the notes in path order
   * gives rows already sorted by it, ties in vault order. */
  int by_path = loam_qsort_path_last(q->sorts.items, q->sorts.len);
  loam_qsorter *sorter = loam_qsorter_new(&r, q->sorts.items, q->sorts.len, by_path, total);
  size_t n = S_filter(q, &r, by_path ? loam_qcache_path_order(r.cache) : NULL, sorter, hit);
  out->total_matched = n;
  const loam_qgroup *groupers[64];
  size_t ng = S_groupers(q, groupers);
  int at_once = ng > 0 && !(q->limit >= 0 && (size_t)q->limit < n);
  for (size_t l = 0; l < ng; l++) at_once &= groupers[l]->key != LOAM_QGROUP_TAGS;
  if (at_once) {
    S_group(q, &r, hit, n, sorter, out);
    loam_qsorter_free(sorter);
    return 0;
  }
  uint32_t *perm = loam_qscratch_alloc(r.scratch, (n ? n : 1) * sizeof(*perm));
  loam_qsorter_order(sorter, n, perm);
  loam_qsorter_free(sorter);
  loam_qhit *sorted = loam_qscratch_alloc(r.scratch, (n ? n : 1) * sizeof(*sorted));
  for (size_t i = 0; i < n; i++) sorted[i] = hit[perm[i]];
  hit = sorted;
  if (q->limit >= 0 && (size_t)q->limit < n) n = (size_t)q->limit;
  S_group(q, &r, hit, n, NULL, out);
  return 0;
}

void loam_query_result_free(loam_query_result *r) {
  if (!r) return;
  free(r->rows.items);
  loam_arena_free(&r->arena);
  memset(r, 0, sizeof(*r));
}
