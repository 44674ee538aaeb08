/*
 * m_links.c: the link methods: `resolve` (the link under the cursor),
 * `backlinks`, `related`, `unresolved` and `tags`, and the line reader they
 * share with m_rename.c (loam_m_lines_*).
 *
 * Everything works on the index (vault.c): which note a link names is its
 * `resolved` field, computed by loam_vault_resolve_link() for the index and
 * for a link read from the cursor's line alike, so following a link and
 * listing backlinks can never disagree.
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

/*
 * Heading text as links write it: Obsidian drops characters a link cannot
 * hold (`#`, `|`, `^`, `:`, brackets) and keeps the rest, so the loose form
 * compares only letters and digits (any non-ASCII character counts as a
 * letter), folded. It is tried when no heading matches exactly.
 */
static void S_skeleton(const char *s, loam_strbuf *out) {
  size_t n = strlen(s);
  loam_strbuf_clear(out);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
        loam_strbuf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
      i++;
      continue;
    }
    uint32_t cp;
    size_t used = loam_utf8_decode(s + i, n - i, &cp);
    char buf[4];
    if (cp >= 0x80 || (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
      loam_strbuf_put(out, buf, loam_utf8_fold(cp, 0, buf));
    i += used;
  }
}

/* Whether heading h is `part`: case-insensitively, or (with `loose`, the
 * skeleton of part given) by skeletons; `have` is scratch space. */
static int S_heading_is(const loam_heading *h, const char *part, const loam_strbuf *loose,
                        loam_strbuf *have) {
  if (!loose) return loam_m_same_text(h->text, part);
  S_skeleton(h->text, have);
  return loose->len && loose->len == have->len && memcmp(loose->ptr, have->ptr, have->len) == 0;
}

/* Index of the heading matching parts[0..np) as a path (each part inside
 * the section of the one before), or -1. With `loose`, compares skeletons
 * (skel[p] is the skeleton of parts[p]). */
static long S_heading_path(const loam_note *n, char **parts, const loam_strbuf *skel, size_t np,
                           int loose) {
  long at = -1;
  int level = 0;
  loam_strbuf have = {0};
  for (size_t p = 0; p < np && (p == 0 || at >= 0); p++) {
    long found = -1;
    for (size_t k = (size_t)(at + 1); k < n->headings.len && found < 0; k++) {
      if (level > 0 && n->headings.items[k].level <= level) break;
      if (S_heading_is(&n->headings.items[k], parts[p], loose ? &skel[p] : NULL, &have))
        found = (long)k;
    }
    at = found;
    if (at >= 0) level = n->headings.items[at].level;
  }
  loam_strbuf_free(&have);
  return at;
}

/*
 * Line of heading `h` in note n, 0 when it has none. `A#B` names B inside
 * the section of A, as Obsidian writes sub-headings; when that path does
 * not match, the last part alone matches anywhere. Exact (case-insensitive)
 * matches win over loose ones.
 */
uint32_t loam_m_heading_line(const loam_note *n, const char *h) {
  char *copy = loam_xstrdup(h);
  char *parts[16];
  size_t np = 0;
  for (char *part = copy, *next; part && np < 16; part = next) {
    next = strchr(part, '#');
    if (next) *next++ = '\0';
    while (*part == ' ') part++;
    size_t len = strlen(part);
    while (len && part[len - 1] == ' ') part[--len] = '\0';
    if (len) parts[np++] = part;
  }
  long at = -1;
  loam_strbuf skel[16] = {{0}};
  for (int loose = 0; np && at < 0 && loose < 2; loose++) {
    for (size_t p = 0; loose && p < np; p++) S_skeleton(parts[p], &skel[p]);
    at = S_heading_path(n, parts, skel, np, loose);
    if (at < 0 && np > 1) at = S_heading_path(n, parts + np - 1, skel + np - 1, 1, loose);
  }
  for (size_t p = 0; p < np; p++) loam_strbuf_free(&skel[p]);
  free(copy);
  return at >= 0 ? n->headings.items[at].line : 0;
}

uint32_t loam_m_block_line(const loam_note *n, const char *id) {
  for (size_t k = 0; k < n->blocks.len; k++)
    if (strcmp(n->blocks.items[k].id, id) == 0) return n->blocks.items[k].line;
  return 0;
}

/* Where a link's anchor is in note `to`: *line (0 when the link has no
 * anchor or it is missing) and the missing part ("heading", "block") or
 * NULL. */
static const char *S_anchor(const loam_note *to, const loam_link *l, uint32_t *line) {
  *line = 0;
  if (l->block) {
    *line = loam_m_block_line(to, l->block);
    return *line ? NULL : "block";
  }
  if (l->heading) {
    *line = loam_m_heading_line(to, l->heading);
    return *line ? NULL : "heading";
  }
  return NULL;
}

static const char *S_kind_name(loam_link_kind k) {
  return k == LOAM_LINK_EMBED ? "embed" : k == LOAM_LINK_MARKDOWN ? "markdown" : "wiki";
}

/* Where a note for unresolved link l (in note `from`) would live: a
 * Markdown path relative to the linking note's folder, a wikilink's target
 * as a vault path; ".md" added. NULL when it cannot be a note path. */
static const char *S_new_path(loam_ctx *ctx, loam_arena *a, const loam_link *l, int32_t from) {
  loam_strbuf b = {0};
  const char *from_path =
      l->kind == LOAM_LINK_MARKDOWN && from >= 0 ? loam_m_note(ctx, from)->path : "";
  const char *out = NULL;
  if (l->target[0] && loam_vault_join(from_path, l->target, &b) == 0) {
    size_t n = b.len;
    if (!(n > 3 && loam_utf8_casestr(b.ptr + n - 3, 3, ".md", 3))) loam_strbuf_puts(&b, ".md");
    out = loam_arena_strndup(a, b.ptr, b.len);
  }
  loam_strbuf_free(&b);
  return out;
}

static loam_val *S_link_to_val(loam_ctx *ctx, loam_arena *a, const loam_link *l, int32_t from) {
  loam_val *m = loam_val_map(a);
  int32_t i = loam_vault_resolve_link(ctx->vault, l, from);
  uint32_t line = 0;
  loam_val_set(a, m, "found", loam_val_bool(a, 1));
  loam_val_set(a, m, "kind", loam_val_cstr(a, S_kind_name(l->kind)));
  loam_val_set(a, m, "target", loam_val_cstr(a, l->target));
  if (l->heading) loam_val_set(a, m, "heading", loam_val_cstr(a, l->heading));
  if (l->block) loam_val_set(a, m, "block", loam_val_cstr(a, l->block));
  if (l->alias) loam_val_set(a, m, "alias", loam_val_cstr(a, l->alias));
  loam_val_set(a, m, "resolved", loam_val_bool(a, i >= 0));
  if (i >= 0) {
    loam_m_set_paths(ctx, a, m, i);
    const char *missing = S_anchor(loam_m_note(ctx, i), l, &line);
    if (missing) loam_val_set(a, m, "missing", loam_val_cstr(a, missing));
  } else {
    loam_val_set(a, m, "new_path", loam_val_cstr(a, S_new_path(ctx, a, l, from)));
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
 * The lines of a note, read once per request for the context of its links.
 * The index keeps positions, not text, and a list touches few notes, so
 * reading them is cheaper than keeping every line in memory. A note the
 * editor sent as text is read from that text, so the lines match the
 * index's positions while the buffer is not saved.
 */
void loam_m_lines_read(loam_ctx *ctx, int32_t i, loam_m_lines *out) {
  memset(out, 0, sizeof(*out));
  size_t len;
  const char *text = loam_vault_text(ctx->vault, (size_t)i, &len);
  if (text) {
    out->buf = loam_xmalloc(len + 1);
    memcpy(out->buf, text, len);
    out->len = len;
  } else {
    char *abs = loam_vault_abspath(ctx->vault, (size_t)i);
    if (loam_read_file(abs, &out->buf, &out->len, NULL, NULL) != 0) out->buf = NULL, out->len = 0;
    free(abs);
  }
  size_t start = out->len >= 3 && memcmp(out->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  LOAM_VEC_PUSH(&out->starts, start);
  for (size_t k = start; k < out->len; k++)
    if (out->buf[k] == '\n' && k + 1 < out->len) LOAM_VEC_PUSH(&out->starts, k + 1);
}

const char *loam_m_lines_get(const loam_m_lines *ls, uint32_t line, size_t *len) {
  if (line == 0 || line > ls->starts.len || !ls->buf) return NULL;
  size_t s = ls->starts.items[line - 1];
  size_t e = line < ls->starts.len ? ls->starts.items[line] : ls->len;
  if (e > s && ls->buf[e - 1] == '\n') e--;
  if (e > s && ls->buf[e - 1] == '\r') e--;
  *len = e - s;
  return ls->buf + s;
}

void loam_m_lines_free(loam_m_lines *ls) {
  free(ls->buf);
  free(ls->starts.items);
}

/* Line `line` (1-based) without its end of line and surrounding blanks. */
static loam_val *S_context(loam_arena *a, const loam_m_lines *ls, uint32_t line) {
  size_t n;
  const char *s = loam_m_lines_get(ls, line, &n);
  if (!s) return loam_val_cstr(a, "");
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  while (n && (s[0] == ' ' || s[0] == '\t')) s++, n--;
  return loam_val_str(a, s, n);
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
  loam_m_lines lines;
  int read = 0;
  for (size_t k = 0; k < src->links.len; k++) {
    const loam_link *l = &src->links.items[k];
    if (l->resolved != to) continue;
    if (!read) loam_m_lines_read(ctx, j, &lines), read = 1;
    loam_val *m = loam_val_map(a);
    loam_m_set_paths(ctx, a, m, j);
    loam_val_set(a, m, "line", loam_val_int(a, l->line));
    loam_val_set(a, m, "col", loam_val_int(a, l->col));
    loam_val_set(a, m, "text", S_context(a, &lines, l->line));
    loam_val_set(a, m, "title", loam_val_cstr(a, loam_m_title(src)));
    loam_m_set_date(a, m, "date", src->created);
    S_backlink b = {m, src->created, src->path, l->line, l->col};
    LOAM_VEC_PUSH(out, b);
  }
  if (read) loam_m_lines_free(&lines);
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
 * links to both S_W_COCITE. A common tag relates thousands of notes in a
 * large vault, so the whole vault is only scored; the reasons are written
 * for the notes shown, in the same order the score was counted: links to,
 * linked from, co-cited in (by the citing note's place in the index),
 * shares #tag (in the note's tag order).
 */
enum { S_W_LINK = 3, S_W_TAG = 1, S_W_COCITE = 1 };

typedef struct {
  double score;
  int links_to, linked_from;
  int32_t cocited_by; /* last note that co-cited this one, for dedupe */
} S_rel;

typedef LOAM_VEC(int32_t) S_notes;

/* 1 when note j has a link that resolves to note `to`. */
static int S_links_to(loam_ctx *ctx, int32_t j, int32_t to) {
  const loam_note *n = loam_m_note(ctx, j);
  for (size_t k = 0; k < n->links.len; k++)
    if (n->links.items[k].resolved == to) return 1;
  return 0;
}

/* Links both ways, then co-citation: every other note that a note citing
 * `self` also cites. The citing notes are pushed to `citing`. */
static void S_related_links(loam_ctx *ctx, int32_t self, S_rel *rel, S_notes *citing) {
  const loam_note *n = loam_m_note(ctx, self);
  size_t count = loam_vault_count(ctx->vault);
  for (size_t k = 0; k < n->links.len; k++) {
    int32_t r = n->links.items[k].resolved;
    if (r >= 0 && r != self && !rel[r].links_to) rel[r].links_to = 1, rel[r].score += S_W_LINK;
  }
  for (size_t j = 0; j < count; j++)
    if ((int32_t)j != self && S_links_to(ctx, (int32_t)j, self)) {
      rel[j].linked_from = 1, rel[j].score += S_W_LINK;
      LOAM_VEC_PUSH(citing, (int32_t)j);
    }
  for (size_t c = 0; c < citing->len; c++) {
    int32_t j = citing->items[c];
    const loam_note *src = loam_m_note(ctx, j);
    for (size_t k = 0; k < src->links.len; k++) {
      int32_t r = src->links.items[k].resolved;
      if (r < 0 || r == self || r == j || rel[r].cocited_by == j) continue;
      rel[r].cocited_by = j;
      rel[r].score += S_W_COCITE;
    }
  }
}

static int S_same_tag(const char *x, const char *y, size_t len) {
  /* ASCII case-insensitively, as long as both are ASCII (nearly always). */
  for (size_t i = 0; i < len; i++) {
    unsigned char a = (unsigned char)x[i], b = (unsigned char)y[i];
    if (a >= 0x80 || b >= 0x80) return loam_m_same_text(x, y);
    if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (b >= 'A' && b <= 'Z' ? b + 32 : b)) return 0;
  }
  return 1;
}

/* 1 when note n has tag `name` (`len` bytes) among its first `count`
 * tags, whose lengths are `lens` (NULL: measured here); tags compare
 * case-insensitively, as in Obsidian. Equal tags have equal lengths, so
 * comparing lengths first skips nearly every comparison. */
static int S_has_tag(const loam_note *n, size_t count, const size_t *lens, const char *name,
                     size_t len) {
  for (size_t k = 0; k < count; k++) {
    size_t kl = lens ? lens[k] : strlen(n->tags.items[k].name);
    if (kl == len && S_same_tag(n->tags.items[k].name, name, len)) return 1;
  }
  return 0;
}

/* How many tags note o shares with `self` (each counted once); with `why`,
 * pushes "shares #tag" for each. */
static size_t S_shared_tags(const loam_note *self, const size_t *lens, const loam_note *o,
                            loam_arena *a, loam_val *why) {
  size_t shared = 0;
  for (size_t k = 0; k < o->tags.len; k++) {
    const char *tag = o->tags.items[k].name;
    size_t len = strlen(tag);
    if (S_has_tag(self, self->tags.len, lens, tag, len) && !S_has_tag(o, k, NULL, tag, len)) {
      shared++;
      if (why) {
        loam_strbuf b = {0};
        loam_strbuf_printf(&b, "shares #%s", tag);
        loam_val_push(a, why, loam_val_str(a, b.ptr, b.len));
        loam_strbuf_free(&b);
      }
    }
  }
  return shared;
}

static void S_related_tags(loam_ctx *ctx, int32_t self, const size_t *lens, S_rel *rel) {
  const loam_note *n = loam_m_note(ctx, self);
  for (size_t j = 0; n->tags.len && j < loam_vault_count(ctx->vault); j++)
    if ((int32_t)j != self)
      rel[j].score +=
          S_W_TAG * (double)S_shared_tags(n, lens, loam_m_note(ctx, (int32_t)j), NULL, NULL);
}

/* The reasons note r is related to `self`, as scored. */
static loam_val *S_reasons(loam_ctx *ctx, loam_arena *a, int32_t self, const size_t *lens,
                           const S_rel *rel, int32_t r, const int32_t *citing, size_t n_citing) {
  loam_val *why = loam_val_array(a);
  if (rel[r].links_to) loam_val_push(a, why, loam_val_cstr(a, "links to"));
  if (rel[r].linked_from) loam_val_push(a, why, loam_val_cstr(a, "linked from"));
  for (size_t c = 0; c < n_citing; c++) {
    int32_t j = citing[c];
    if (j == r || !S_links_to(ctx, j, r)) continue;
    loam_strbuf b = {0};
    loam_strbuf_printf(&b, "co-cited in %s", loam_m_title(loam_m_note(ctx, j)));
    loam_val_push(a, why, loam_val_str(a, b.ptr, b.len));
    loam_strbuf_free(&b);
  }
  S_shared_tags(loam_m_note(ctx, self), lens, loam_m_note(ctx, r), a, why);
  return why;
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
  const loam_note *n = loam_m_note(ctx, self);
  size_t *lens = loam_xmalloc((n->tags.len ? n->tags.len : 1) * sizeof(size_t));
  for (size_t k = 0; k < n->tags.len; k++) lens[k] = strlen(n->tags.items[k].name);
  S_rel *rel = loam_xcalloc(count ? count : 1, sizeof(S_rel));
  for (size_t j = 0; j < count; j++) rel[j].cocited_by = -1;
  S_notes citing = {0};
  S_related_links(ctx, self, rel, &citing);
  S_related_tags(ctx, self, lens, rel);
  LOAM_VEC(S_ranked) ranked = {0};
  for (size_t j = 0; j < count; j++) {
    if (rel[j].score <= 0) continue;
    const loam_note *o = loam_m_note(ctx, (int32_t)j);
    S_ranked r = {(int32_t)j, rel[j].score, loam_m_title(o), o->path};
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
    loam_val_set(a, m, "reasons",
                 S_reasons(ctx, a, self, lens, rel, r->note, citing.items, citing.len));
    loam_val_push(a, items, m);
  }
  free(ranked.items);
  free(citing.items);
  free(rel);
  free(lens);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  return 0;
}

/* ---- unresolved -------------------------------------------------------- */

/* Folds case (ASCII and Latin letters) as link resolution does. */
static void S_fold(const char *s, loam_strbuf *out) {
  loam_strbuf_clear(out);
  loam_strbuf_put_folded(out, s, strlen(s));
}

/* A link to an attachment (`![[diagram.png]]`, `[[report.pdf]]`): the last
 * part of the target has an extension other than .md, of 1-5 letters and
 * digits with at least one letter. The index holds notes only, so such a
 * link is not called unresolved. */
static int S_is_attachment(const char *target) {
  const char *base = strrchr(target, '/');
  const char *dot = strrchr(base ? base : target, '.');
  if (!dot) return 0;
  size_t n = strlen(dot + 1);
  int letter = 0;
  for (size_t k = 1; k <= n; k++) {
    char c = dot[k];
    if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) return 0;
    letter |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }
  return n >= 1 && n <= 5 && letter && !loam_m_same_text(dot, ".md");
}

typedef struct {
  int32_t note;
  const loam_link *link;
  const char *missing;
  const char *key, *path; /* key: the folded name of the note the link names */
  uint32_t line, col;
} S_unresolved;

typedef LOAM_VEC(S_unresolved) S_unresolved_vec;

static int S_unresolved_cmp(const void *pa, const void *pb) {
  const S_unresolved *x = pa, *y = pb;
  int c = strcmp(x->key, y->key);
  if (!c) c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

/* Appends the links of note j that point nowhere: no such note, or no such
 * heading or block in the note they name. */
static void S_unresolved_in(loam_ctx *ctx, loam_arena *a, int32_t j, S_unresolved_vec *out,
                            loam_strbuf *key) {
  const loam_note *src = loam_m_note(ctx, j);
  for (size_t k = 0; k < src->links.len; k++) {
    const loam_link *l = &src->links.items[k];
    uint32_t anchor;
    const char *missing =
        l->resolved < 0 ? "note" : S_anchor(loam_m_note(ctx, l->resolved), l, &anchor);
    if (!missing || (l->resolved < 0 && S_is_attachment(l->target))) continue;
    /* Grouped by the note they name: the linking note for [[#heading]]. */
    S_fold(l->target[0] ? l->target : src->stem, key);
    S_unresolved u = {j,         l,       missing, loam_arena_strndup(a, key->ptr, key->len),
                      src->path, l->line, l->col};
    LOAM_VEC_PUSH(out, u);
  }
}

/* The result item of u; the linking note's lines are read once (*lines
 * holds those of note *read, -1 for none). */
static loam_val *S_unresolved_val(loam_ctx *ctx, loam_arena *a, const S_unresolved *u,
                                  loam_m_lines *lines, int32_t *read) {
  if (*read != u->note) {
    if (*read >= 0) loam_m_lines_free(lines);
    loam_m_lines_read(ctx, u->note, lines);
    *read = u->note;
  }
  const loam_link *l = u->link;
  loam_val *m = loam_val_map(a);
  loam_m_set_paths(ctx, a, m, u->note);
  loam_val_set(a, m, "line", loam_val_int(a, l->line));
  loam_val_set(a, m, "col", loam_val_int(a, l->col));
  loam_val_set(a, m, "target", loam_val_cstr(a, l->target));
  if (l->heading) loam_val_set(a, m, "heading", loam_val_cstr(a, l->heading));
  if (l->block) loam_val_set(a, m, "block", loam_val_cstr(a, l->block));
  loam_val_set(a, m, "missing", loam_val_cstr(a, u->missing));
  loam_val_set(a, m, "text", S_context(a, lines, l->line));
  return m;
}

int loam_m_unresolved(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                      loam_error *err) {
  int32_t only = -1;
  int64_t limit;
  int rc = loam_m_int_param(params, "limit", 1000, &limit, err);
  if (rc) return rc;
  if (loam_val_get(params, "path") && loam_val_get(params, "path")->type != LOAM_VAL_NIL) {
    rc = loam_m_note_param(ctx, params, a, &only, err);
    if (rc) return rc;
  }
  if (limit <= 0) limit = 1000;
  loam_vault_resolve_all(ctx->vault);
  S_unresolved_vec found = {0};
  loam_strbuf key = {0};
  for (size_t j = 0; j < loam_vault_count(ctx->vault); j++)
    if (only < 0 || (int32_t)j == only) S_unresolved_in(ctx, a, (int32_t)j, &found, &key);
  loam_strbuf_free(&key);
  if (found.len) qsort(found.items, found.len, sizeof(S_unresolved), S_unresolved_cmp);
  /* Only the items shown have their line read. */
  loam_val *items = loam_val_array(a);
  loam_m_lines lines;
  int32_t read = -1;
  for (size_t k = 0; k < found.len && k < (size_t)limit; k++)
    loam_val_push(a, items, S_unresolved_val(ctx, a, &found.items[k], &lines, &read));
  if (read >= 0) loam_m_lines_free(&lines);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  loam_val_set(a, *result, "total", loam_val_int(a, (int64_t)found.len));
  free(found.items);
  return 0;
}

/* ---- tags -------------------------------------------------------------- */

typedef struct {
  const char *name; /* as first written, in path order */
  const char *key;  /* folded */
  LOAM_VEC(int32_t) notes;
  LOAM_VEC(uint32_t) lines;
} S_tag;

static int S_tag_cmp(const void *pa, const void *pb) {
  const S_tag *x = pa, *y = pb;
  int c = strcmp(x->key, y->key);
  return c ? c : strcmp(x->name, y->name);
}

typedef struct {
  const char *path;
  int32_t note;
} S_by_path;

static int S_by_path_cmp(const void *pa, const void *pb) {
  return strcmp(((const S_by_path *)pa)->path, ((const S_by_path *)pb)->path);
}

/* Whether folded tag `key` is `want` or below it (`want/...`). */
static int S_tag_under(const char *key, const char *want) {
  size_t n = strlen(want);
  return strncmp(key, want, n) == 0 && (key[n] == '\0' || key[n] == '/');
}

int loam_m_tags(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                loam_error *err) {
  const char *want_tag;
  int rc = loam_m_str_param(params, "tag", a, &want_tag, NULL, err);
  if (rc) return rc;
  /* Every tag with every note is too much to send for a large vault: the
   * notes come with a `tag`, or when asked for. */
  int with_notes = loam_val_get_bool(params, "notes", want_tag != NULL);
  loam_strbuf key = {0}, want = {0};
  if (want_tag) {
    while (*want_tag == '#') want_tag++;
    S_fold(want_tag, &want);
  }
  loam_hmap index = {0}; /* folded name -> slot in tags */
  LOAM_VEC(S_tag) tags = {0};
  size_t count = loam_vault_count(ctx->vault);
  /* Notes in path order, so "first written" and the note lists are stable. */
  S_by_path *order = loam_xmalloc((count ? count : 1) * sizeof(S_by_path));
  for (size_t j = 0; j < count; j++)
    order[j] = (S_by_path){loam_m_note(ctx, (int32_t)j)->path, (int32_t)j};
  if (count) qsort(order, count, sizeof(S_by_path), S_by_path_cmp);
  for (size_t o = 0; o < count; o++) {
    int32_t j = order[o].note;
    const loam_note *n = loam_m_note(ctx, j);
    for (size_t k = 0; k < n->tags.len; k++) {
      S_fold(n->tags.items[k].name, &key);
      if (want_tag && !S_tag_under(key.ptr, loam_strbuf_cstr(&want))) continue;
      int32_t slot;
      if (!loam_hmap_get(&index, key.ptr, key.len, &slot)) {
        S_tag t = {n->tags.items[k].name, loam_arena_strndup(a, key.ptr, key.len), {0}, {0}};
        slot = (int32_t)tags.len;
        LOAM_VEC_PUSH(&tags, t);
        loam_hmap_put(&index, key.ptr, key.len, slot);
      }
      S_tag *t = &tags.items[slot];
      if (t->notes.len && t->notes.items[t->notes.len - 1] == j) continue; /* written twice */
      LOAM_VEC_PUSH(&t->notes, j);
      LOAM_VEC_PUSH(&t->lines, n->tags.items[k].line ? n->tags.items[k].line : 1);
    }
  }
  free(order);
  if (tags.len) qsort(tags.items, tags.len, sizeof(S_tag), S_tag_cmp);
  loam_val *items = loam_val_array(a);
  for (size_t k = 0; k < tags.len; k++) {
    S_tag *t = &tags.items[k];
    loam_val *m = loam_val_map(a), *notes = loam_val_array(a);
    loam_val_set(a, m, "tag", loam_val_cstr(a, t->name));
    loam_val_set(a, m, "count", loam_val_int(a, (int64_t)t->notes.len));
    for (size_t q = 0; with_notes && q < t->notes.len; q++) {
      loam_val *nm = loam_val_map(a);
      loam_m_set_paths(ctx, a, nm, t->notes.items[q]);
      loam_val_set(a, nm, "title",
                   loam_val_cstr(a, loam_m_title(loam_m_note(ctx, t->notes.items[q]))));
      loam_val_set(a, nm, "line", loam_val_int(a, t->lines.items[q]));
      loam_val_push(a, notes, nm);
    }
    if (with_notes) loam_val_set(a, m, "notes", notes);
    loam_val_push(a, items, m);
    free(t->notes.items);
    free(t->lines.items);
  }
  free(tags.items);
  loam_hmap_free(&index);
  loam_strbuf_free(&key);
  loam_strbuf_free(&want);
  *result = loam_val_map(a);
  loam_val_set(a, *result, "items", items);
  return 0;
}
