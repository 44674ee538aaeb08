/*
 * m_complete.c: the `complete` method: link completion candidates, ranked (PROTOCOL.md).
 */
#include "method_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../match/fuzzy.h"

#define S_NO_MATCH(score) ((score) <= LOAM_FUZZY_NO_MATCH / 2)

static double S_score(const char *needle, size_t nlen, const char *hay) {
  return hay ? loam_fuzzy_score(needle, nlen, hay, strlen(hay)) : LOAM_FUZZY_NO_MATCH;
}

typedef struct {
  const char *label, *insert, *kind, *detail, *path;
  const char *alias; /* for an alias item; its insert and detail are built
                        only if it makes the list (S_item_finish) */
  int32_t note;
  double score;    /* this item's own fuzzy score */
  double rank;     /* its group's best score: a note and its aliases sort together */
  size_t rank_len; /* the group's label length, the first tie-breaker */
  uint32_t order;  /* within a group: 0 the note, 1 an alias; a line for headings */
} S_item;

typedef LOAM_VEC(S_item) S_items;

static int S_item_cmp(const void *pa, const void *pb) {
  const S_item *x = pa, *y = pb;
  if (x->rank != y->rank) return x->rank > y->rank ? -1 : 1;
  if (x->rank_len != y->rank_len) return x->rank_len < y->rank_len ? -1 : 1;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->order != y->order) return x->order < y->order ? -1 : 1;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  size_t lx = strlen(x->label), ly = strlen(y->label);
  if (lx != ly) return lx < ly ? -1 : 1;
  return strcmp(x->label, y->label);
}

/* The link text that reaches note i: its stem, or its path without ".md"
 * when another note with the same stem wins resolution. */
static const char *S_link_name(loam_ctx *ctx, loam_arena *a, int32_t i) {
  const loam_note *n = loam_m_note(ctx, i);
  if (loam_vault_resolve(ctx->vault, n->stem, -1) == i) return n->stem;
  return loam_arena_strndup(a, n->path, strlen(n->path) - 3);
}

static void S_complete_note(loam_ctx *ctx, int32_t i, const char *needle, size_t nlen,
                            S_items *out) {
  const loam_note *n = loam_m_note(ctx, i);
  /* A needle with a '/' is a path: match it against the path, not the stem. */
  double best = S_score(needle, nlen, memchr(needle, '/', nlen) ? n->path : n->stem);
  double t = S_score(needle, nlen, n->title);
  if (t > best) best = t;
  size_t first = out->len;
  if (!S_NO_MATCH(best)) {
    S_item it = {loam_m_title(n), NULL, "note", n->path, n->path, NULL, i, best, best, 0, 0};
    LOAM_VEC_PUSH(out, it);
  }
  double rank = best;
  for (size_t k = 0; k < n->n_aliases; k++) {
    const char *alias = n->aliases[k];
    double s = S_score(needle, nlen, alias);
    if (S_NO_MATCH(s) || loam_m_same_text(alias, n->stem) ||
        (n->title && loam_m_same_text(alias, n->title)))
      continue;
    S_item it = {alias, NULL, "alias", NULL, n->path, alias, i, s, 0, 0, 1};
    LOAM_VEC_PUSH(out, it);
    if (s > rank) rank = s;
  }
  for (size_t k = first; k < out->len; k++) {
    out->items[k].rank = rank;
    out->items[k].rank_len = strlen(loam_m_title(n));
  }
}

/* Builds a note or alias item's insert text (and an alias's detail). Done
 * for the few items shown, not every candidate: it resolves the stem. */
static void S_item_finish(loam_ctx *ctx, loam_arena *a, S_item *it) {
  if (it->insert) return;
  const char *name = S_link_name(ctx, a, it->note);
  if (!it->alias) {
    it->insert = name;
    return;
  }
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "%s|%s", name, it->alias);
  it->insert = loam_arena_strndup(a, b.ptr, b.len);
  loam_strbuf_clear(&b);
  loam_strbuf_printf(&b, "alias of %s", loam_m_title(loam_m_note(ctx, it->note)));
  it->detail = loam_arena_strndup(a, b.ptr, b.len);
  loam_strbuf_free(&b);
}

/* Headings (`mark` '#') or block ids ('^') of note i matching the needle. */
static void S_complete_parts(loam_ctx *ctx, loam_arena *a, int32_t i, char mark,
                             const char *note_part, const char *needle, size_t nlen, S_items *out) {
  const loam_note *n = loam_m_note(ctx, i);
  size_t count = mark == '#' ? n->headings.len : n->blocks.len;
  for (size_t k = 0; k < count; k++) {
    const char *label = mark == '#' ? n->headings.items[k].text : n->blocks.items[k].id;
    uint32_t line = mark == '#' ? n->headings.items[k].line : n->blocks.items[k].line;
    double s = S_score(needle, nlen, label);
    if (S_NO_MATCH(s)) continue;
    loam_strbuf b = {0};
    loam_strbuf_printf(&b, "%s%c%s", note_part, mark, label);
    S_item it = {label,
                 loam_arena_strndup(a, b.ptr, b.len),
                 mark == '#' ? "heading" : "block",
                 n->path,
                 n->path,
                 NULL,
                 i,
                 s,
                 s,
                 strlen(label),
                 line};
    loam_strbuf_free(&b);
    LOAM_VEC_PUSH(out, it);
  }
}

static loam_val *S_item_to_val(loam_ctx *ctx, loam_arena *a, const S_item *it) {
  loam_val *m = loam_val_map(a);
  loam_val_set(a, m, "label", loam_val_cstr(a, it->label));
  loam_val_set(a, m, "insert", loam_val_cstr(a, it->insert));
  loam_val_set(a, m, "kind", loam_val_cstr(a, it->kind));
  loam_m_set_paths(ctx, a, m, it->note);
  loam_val_set(a, m, "detail", loam_val_cstr(a, it->detail));
  loam_val_set(a, m, "score", loam_val_float(a, it->score));
  return m;
}

/* Collects the candidates for `prefix` into items; returns 0 or an error. */
static int S_complete_collect(loam_ctx *ctx, loam_arena *a, const char *prefix, size_t plen,
                              const char *path, S_items *items, int *outline_order,
                              loam_error *err) {
  size_t cut = strcspn(prefix, "#^");
  if (memchr(prefix, '|', plen)) return 0; /* typing the display text: nothing to offer */
  if (cut >= plen) {
    for (size_t i = 0; i < loam_vault_count(ctx->vault); i++)
      S_complete_note(ctx, (int32_t)i, prefix, plen, items);
    return 0;
  }
  const char *note_part = loam_arena_strndup(a, prefix, cut);
  int32_t from = path ? loam_vault_find(ctx->vault, path) : -1;
  int32_t i = loam_vault_resolve(ctx->vault, note_part, from);
  if (i < 0) {
    if (*note_part || !path) return 0;
    return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no such note: %s", path);
  }
  /* `Note#A#B` completes headings matching the last part. */
  const char *needle = prefix + cut + 1;
  if (prefix[cut] == '#' && strrchr(needle, '#')) needle = strrchr(needle, '#') + 1;
  size_t nlen = plen - (size_t)(needle - prefix);
  S_complete_parts(ctx, a, i, prefix[cut], note_part, needle, nlen, items);
  *outline_order = nlen == 0; /* nothing typed yet: headings in document order */
  return 0;
}

/* The first `limit` items with distinct insert texts, best first, built
 * into an array; *more is set when further distinct items were left out. */
static loam_val *S_complete_items(loam_ctx *ctx, loam_arena *a, S_items *items, size_t limit,
                                  int *more) {
  loam_hmap seen = {0};
  loam_val *arr = loam_val_array(a);
  size_t shown = 0;
  *more = 0;
  for (size_t k = 0; k < items->len; k++) {
    S_item *it = &items->items[k];
    S_item_finish(ctx, a, it);
    if (loam_hmap_get(&seen, it->insert, strlen(it->insert), NULL)) continue;
    if (shown == limit) {
      *more = 1;
      break;
    }
    loam_hmap_put(&seen, it->insert, strlen(it->insert), 1);
    loam_val_push(a, arr, S_item_to_val(ctx, a, it));
    shown++;
  }
  loam_hmap_free(&seen);
  return arr;
}

int loam_m_complete(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                    loam_error *err) {
  const char *prefix, *path;
  size_t plen;
  int64_t limit;
  int rc = loam_m_str_param(params, "prefix", a, &prefix, &plen, err);
  if (!rc) rc = loam_m_str_param(params, "path", a, &path, NULL, err);
  if (!rc) rc = loam_m_int_param(params, "limit", 50, &limit, err);
  if (rc) return rc;
  if (!prefix) prefix = "", plen = 0;
  if (limit <= 0) limit = 50;
  S_items items = {0};
  int outline_order = 0;
  rc = S_complete_collect(ctx, a, prefix, plen, path, &items, &outline_order, err);
  if (rc) {
    free(items.items);
    return rc;
  }
  if (!outline_order && items.len) qsort(items.items, items.len, sizeof(S_item), S_item_cmp);
  int more;
  loam_val *res = loam_val_map(a);
  loam_val_set(a, res, "items", S_complete_items(ctx, a, &items, (size_t)limit, &more));
  loam_val_set(a, res, "incomplete", loam_val_bool(a, more));
  free(items.items);
  *result = res;
  return 0;
}
