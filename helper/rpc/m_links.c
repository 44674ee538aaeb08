/*
 * m_links.c: the `resolve`, `backlinks` and `related` methods.
 */
#include "method_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../syntax/codespan.h"
#include "../syntax/wikilink.h"
#include "../vault/walk.h"

/* ---- resolve ----------------------------------------------------------- */

/* Line of the heading `h` in note i (its last `#` part, case-insensitively). */
static uint32_t S_heading_line(const loam_note *n, const char *h) {
  const char *last = strrchr(h, '#');
  if (last) h = last + 1;
  while (*h == ' ') h++;
  for (size_t k = 0; k < n->headings.len; k++)
    if (loam_m_same_text(n->headings.items[k].text, h)) return n->headings.items[k].line;
  return 0;
}

static uint32_t S_block_line(const loam_note *n, const char *id) {
  for (size_t k = 0; k < n->blocks.len; k++)
    if (strcmp(n->blocks.items[k].id, id) == 0) return n->blocks.items[k].line;
  return 0;
}

/* A Markdown link is relative to the linking note's folder first, as in
 * the index (vault.c). */
static int32_t S_resolve_link(loam_ctx *ctx, const loam_link *l, int32_t from) {
  if (l->kind == LOAM_LINK_MARKDOWN && from >= 0 && l->target[0] && l->target[0] != '/') {
    const char *src = loam_m_note(ctx, from)->path, *slash = strrchr(src, '/');
    if (slash) {
      loam_strbuf b = {0};
      loam_strbuf_put(&b, src, (size_t)(slash - src) + 1);
      loam_strbuf_puts(&b, l->target);
      int32_t i = loam_vault_resolve(ctx->vault, b.ptr, from);
      loam_strbuf_free(&b);
      if (i >= 0) return i;
    }
  }
  return loam_vault_resolve(ctx->vault, l->target, from);
}

static loam_val *S_link_to_val(loam_ctx *ctx, loam_arena *a, const loam_link *l, int32_t from) {
  loam_val *m = loam_val_map(a);
  int32_t i = S_resolve_link(ctx, l, from);
  uint32_t line = 0;
  loam_val_set(a, m, "found", loam_val_bool(a, 1));
  loam_val_set(a, m, "target", loam_val_cstr(a, l->target));
  if (l->heading) loam_val_set(a, m, "heading", loam_val_cstr(a, l->heading));
  if (l->block) loam_val_set(a, m, "block", loam_val_cstr(a, l->block));
  if (l->alias) loam_val_set(a, m, "alias", loam_val_cstr(a, l->alias));
  loam_val_set(a, m, "resolved", loam_val_bool(a, i >= 0));
  if (i >= 0) {
    loam_m_set_paths(ctx, a, m, i);
    if (l->block)
      line = S_block_line(loam_m_note(ctx, i), l->block);
    else if (l->heading)
      line = S_heading_line(loam_m_note(ctx, i), l->heading);
  }
  loam_val_set(a, m, "line", loam_val_int(a, line ? line : 1));
  return m;
}

typedef struct {
  uint32_t col;
  loam_link link;
  int found;
} S_under;

static void S_under_cb(const loam_link *l, void *ud) {
  S_under *u = ud;
  if (!u->found && u->col >= l->col && u->col < l->col + l->len) {
    u->link = *l;
    u->found = 1;
  }
}

/*
 * Turns a bare target into a link the way the scanner would read it:
 * `[[...]]` is taken off, then `Note#Heading`, `Note^block`, `Note|alias`;
 * a Markdown target (`Folder/Note%20x.md#Head`) goes through the scanner as
 * `[](<...>)` so its escapes are decoded the same way.
 */
static int S_parse_target(loam_arena *a, const char *t, size_t n, loam_link *out) {
  if (n >= 1 && t[0] == '!') t++, n--;
  if (n >= 4 && memcmp(t, "[[", 2) == 0 && memcmp(t + n - 2, "]]", 2) == 0) t += 2, n -= 4;
  size_t note_end = 0;
  while (note_end < n && t[note_end] != '#' && t[note_end] != '^' && t[note_end] != '|') note_end++;
  int markdown = note_end > 3 && loam_utf8_casestr(t + note_end - 3, 3, ".md", 3) != NULL;
  loam_strbuf b = {0};
  loam_strbuf_puts(&b, markdown ? "[](<" : "[[");
  loam_strbuf_put(&b, t, n);
  loam_strbuf_puts(&b, markdown ? ">)" : "]]");
  S_under u = {1, {0}, 0};
  loam_wikilink_scan(b.ptr, b.len, 1, NULL, a, S_under_cb, &u);
  loam_strbuf_free(&b);
  *out = u.link;
  return u.found;
}

int loam_m_resolve(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                   loam_error *err) {
  const char *target, *text, *path;
  size_t tlen, len;
  int64_t col;
  int rc = loam_m_str_param(params, "target", a, &target, &tlen, err);
  if (!rc) rc = loam_m_str_param(params, "text", a, &text, &len, err);
  if (!rc) rc = loam_m_str_param(params, "path", a, &path, NULL, err);
  if (!rc) rc = loam_m_int_param(params, "col", 1, &col, err);
  if (rc) return rc;
  if (!target && !text)
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "resolve needs 'target' or 'text'");
  int32_t from = path ? loam_vault_find(ctx->vault, path) : -1;
  loam_vault_resolve_all(ctx->vault);
  S_under u = {col > 0 && col <= UINT32_MAX ? (uint32_t)col : 0, {0}, 0};
  if (target) {
    u.found = S_parse_target(a, target, tlen, &u.link);
  } else {
    unsigned char *skip = loam_arena_alloc(a, len + 1);
    loam_codespan_mask(text, len, skip);
    loam_wikilink_scan(text, len, 1, skip, a, S_under_cb, &u);
  }
  if (!u.found) {
    *result = loam_val_map(a);
    loam_val_set(a, *result, "found", loam_val_bool(a, 0));
    return 0;
  }
  *result = S_link_to_val(ctx, a, &u.link, from);
  return 0;
}

/* ---- backlinks --------------------------------------------------------- */

/*
 * The lines of a note's file, read once per request for the context of its
 * links. The index keeps positions, not text, and a backlinks list touches
 * few notes, so reading them is cheaper than keeping every line in memory.
 */
typedef struct {
  char *buf;
  size_t len;
  LOAM_VEC(size_t) starts; /* offset of each line */
} S_lines;

static void S_lines_read(loam_ctx *ctx, int32_t i, S_lines *out) {
  char *abs = loam_vault_abspath(ctx->vault, (size_t)i);
  memset(out, 0, sizeof(*out));
  if (loam_read_file(abs, &out->buf, &out->len, NULL, NULL) != 0) out->buf = NULL, out->len = 0;
  free(abs);
  size_t start = out->len >= 3 && memcmp(out->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  LOAM_VEC_PUSH(&out->starts, start);
  for (size_t k = start; k < out->len; k++)
    if (out->buf[k] == '\n') LOAM_VEC_PUSH(&out->starts, k + 1);
}

/* Line `line` (1-based) without its end of line and surrounding blanks. */
static loam_val *S_lines_get(loam_arena *a, const S_lines *ls, uint32_t line) {
  if (line == 0 || line > ls->starts.len || !ls->buf) return loam_val_cstr(a, "");
  size_t s = ls->starts.items[line - 1];
  size_t e = line < ls->starts.len ? ls->starts.items[line] : ls->len;
  while (e > s && (ls->buf[e - 1] == '\n' || ls->buf[e - 1] == '\r' || ls->buf[e - 1] == ' ' ||
                   ls->buf[e - 1] == '\t'))
    e--;
  while (s < e && (ls->buf[s] == ' ' || ls->buf[s] == '\t')) s++;
  return loam_val_str(a, ls->buf + s, e - s);
}

static void S_lines_free(S_lines *ls) {
  free(ls->buf);
  free(ls->starts.items);
}

typedef struct {
  loam_val *val;
  loam_date date;
  const char *path;
  uint32_t line, col;
} S_backlink;

typedef LOAM_VEC(S_backlink) S_backlinks_vec;

static int S_backlink_cmp(const void *pa, const void *pb) {
  const S_backlink *x = pa, *y = pb;
  int dx = LOAM_DATE_IS_REAL(x->date), dy = LOAM_DATE_IS_REAL(y->date);
  if (dx != dy) return dx ? -1 : 1;
  if (dx && x->date != y->date) return x->date > y->date ? -1 : 1;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

/* Appends the links of note j that point at note `to`. */
static void S_backlinks_from(loam_ctx *ctx, loam_arena *a, int32_t j, int32_t to,
                             S_backlinks_vec *out) {
  const loam_note *src = loam_m_note(ctx, j);
  S_lines lines;
  int read = 0;
  for (size_t k = 0; k < src->links.len; k++) {
    const loam_link *l = &src->links.items[k];
    if (l->resolved != to) continue;
    if (!read) S_lines_read(ctx, j, &lines), read = 1;
    loam_val *m = loam_val_map(a);
    loam_m_set_paths(ctx, a, m, j);
    loam_val_set(a, m, "line", loam_val_int(a, l->line));
    loam_val_set(a, m, "col", loam_val_int(a, l->col));
    loam_val_set(a, m, "text", S_lines_get(a, &lines, l->line));
    loam_val_set(a, m, "title", loam_val_cstr(a, loam_m_title(src)));
    loam_m_set_date(a, m, "date", src->created);
    S_backlink b = {m, src->created, src->path, l->line, l->col};
    LOAM_VEC_PUSH(out, b);
  }
  if (read) S_lines_free(&lines);
}

int loam_m_backlinks(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                     loam_error *err) {
  int32_t to;
  int rc = loam_m_note_param(ctx, params, a, &to, err);
  if (rc) return rc;
  loam_vault_resolve_all(ctx->vault);
  S_backlinks_vec found = {0};
  /* A note's links to itself ([[#Heading]]) are not backlinks. */
  for (size_t j = 0; j < loam_vault_count(ctx->vault); j++)
    if ((int32_t)j != to) S_backlinks_from(ctx, a, (int32_t)j, to, &found);
  if (found.len) qsort(found.items, found.len, sizeof(S_backlink), S_backlink_cmp);
  loam_val *items = loam_val_array(a);
  for (size_t k = 0; k < found.len; k++) loam_val_push(a, items, found.items[k].val);
  free(found.items);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  return 0;
}

/* ---- related ----------------------------------------------------------- */

/*
 * Scoring, kept simple and explainable: a direct link either way is worth
 * S_W_LINK, each tag the two notes share S_W_TAG, and each third note that
 * links to both S_W_COCITE. Every contribution adds a reason.
 */
enum { S_W_LINK = 3, S_W_TAG = 1, S_W_COCITE = 1 };

typedef struct {
  double score;
  loam_val *reasons;
  int links_to, linked_from;
  int32_t cocited_by; /* last note that co-cited this one, for dedupe */
} S_rel;

static void S_reason(loam_arena *a, S_rel *r, double w, const char *fmt, const char *arg) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, fmt, arg);
  if (!r->reasons) r->reasons = loam_val_array(a);
  loam_val_push(a, r->reasons, loam_val_str(a, b.ptr, b.len));
  loam_strbuf_free(&b);
  r->score += w;
}

/* 1 when note j has a link that resolves to note `to`. */
static int S_links_to(loam_ctx *ctx, int32_t j, int32_t to) {
  const loam_note *n = loam_m_note(ctx, j);
  for (size_t k = 0; k < n->links.len; k++)
    if (n->links.items[k].resolved == to) return 1;
  return 0;
}

/* Direct links both ways first, so they lead the reasons, then co-citation:
 * every other note that a note citing `self` also cites. */
static void S_related_links(loam_ctx *ctx, loam_arena *a, int32_t self, S_rel *rel) {
  const loam_note *n = loam_m_note(ctx, self);
  size_t count = loam_vault_count(ctx->vault);
  for (size_t k = 0; k < n->links.len; k++) {
    int32_t r = n->links.items[k].resolved;
    if (r >= 0 && r != self && !rel[r].links_to)
      rel[r].links_to = 1, S_reason(a, &rel[r], S_W_LINK, "%s", "links to");
  }
  for (size_t j = 0; j < count; j++)
    if ((int32_t)j != self && S_links_to(ctx, (int32_t)j, self))
      rel[j].linked_from = 1, S_reason(a, &rel[j], S_W_LINK, "%s", "linked from");
  for (size_t j = 0; j < count; j++) {
    if (!rel[j].linked_from) continue;
    const loam_note *src = loam_m_note(ctx, (int32_t)j);
    for (size_t k = 0; k < src->links.len; k++) {
      int32_t r = src->links.items[k].resolved;
      if (r < 0 || r == self || r == (int32_t)j || rel[r].cocited_by == (int32_t)j) continue;
      rel[r].cocited_by = (int32_t)j;
      S_reason(a, &rel[r], S_W_COCITE, "co-cited in %s", loam_m_title(src));
    }
  }
}

/* 1 when note n has tag `name` among its first `count` tags; tags compare
 * case-insensitively, as in Obsidian. Notes carry a handful of tags, so
 * scanning beats building sets. */
static int S_has_tag(const loam_note *n, size_t count, const char *name) {
  for (size_t k = 0; k < count; k++)
    if (loam_m_same_text(n->tags.items[k].name, name)) return 1;
  return 0;
}

static void S_related_tags(loam_ctx *ctx, loam_arena *a, int32_t self, S_rel *rel) {
  const loam_note *n = loam_m_note(ctx, self);
  for (size_t j = 0; n->tags.len && j < loam_vault_count(ctx->vault); j++) {
    const loam_note *o = loam_m_note(ctx, (int32_t)j);
    if ((int32_t)j == self) continue;
    for (size_t k = 0; k < o->tags.len; k++) {
      const char *tag = o->tags.items[k].name;
      if (S_has_tag(n, n->tags.len, tag) && !S_has_tag(o, k, tag))
        S_reason(a, &rel[j], S_W_TAG, "shares #%s", tag);
    }
  }
}

typedef struct {
  int32_t note;
  double score;
  const char *title, *path;
} S_ranked;

static int S_ranked_cmp(const void *pa, const void *pb) {
  const S_ranked *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  int c = strcmp(x->title, y->title);
  return c ? c : strcmp(x->path, y->path);
}

int loam_m_related(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                   loam_error *err) {
  int32_t self;
  int64_t limit;
  int rc = loam_m_note_param(ctx, params, a, &self, err);
  if (!rc) rc = loam_m_int_param(params, "limit", 20, &limit, err);
  if (rc) return rc;
  if (limit <= 0) limit = 20;
  loam_vault_resolve_all(ctx->vault);
  size_t count = loam_vault_count(ctx->vault);
  S_rel *rel = loam_xcalloc(count, sizeof(S_rel));
  for (size_t j = 0; j < count; j++) rel[j].cocited_by = -1;
  S_related_links(ctx, a, self, rel);
  S_related_tags(ctx, a, self, rel);
  LOAM_VEC(S_ranked) ranked = {0};
  for (size_t j = 0; j < count; j++) {
    if (rel[j].score <= 0) continue;
    const loam_note *n = loam_m_note(ctx, (int32_t)j);
    S_ranked r = {(int32_t)j, rel[j].score, loam_m_title(n), n->path};
    LOAM_VEC_PUSH(&ranked, r);
  }
  if (ranked.len) qsort(ranked.items, ranked.len, sizeof(S_ranked), S_ranked_cmp);
  loam_val *items = loam_val_array(a);
  for (size_t k = 0; k < ranked.len && k < (size_t)limit; k++) {
    const S_ranked *r = &ranked.items[k];
    loam_val *m = loam_val_map(a);
    loam_m_set_paths(ctx, a, m, r->note);
    loam_val_set(a, m, "title", loam_val_cstr(a, r->title));
    loam_val_set(a, m, "score", loam_val_float(a, r->score));
    loam_val_set(a, m, "reasons", rel[r->note].reasons);
    loam_val_push(a, items, m);
  }
  free(ranked.items);
  free(rel);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  return 0;
}
