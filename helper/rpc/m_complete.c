/*
 * m_complete.c: the `complete` method: link, tag and Markdown-link
 * completion candidates, ranked (PROTOCOL.md).
 *
 * The searching is the completion index's (vault/cindex.h): pre-folded
 * names, a top-k query that skips most of them. This file reads the params,
 * tells the forms of prefix apart, and turns the few best hits into items:
 * the text each inserts (which needs link resolution, so it is built for
 * the items shown only), a detail line and a short preview for the
 * documentation window, made from what the index holds (frontmatter,
 * outline), never read from disk, so a reply costs the same whatever the
 * vault's size.
 *
 * Forms of `prefix` (context "wikilink", the text after `[[`):
 *   Note        notes by title, file stem, alias (path when it has a '/')
 *   Note#H      headings of Note; Note#A#H: headings inside heading A
 *   Note#^b     block ids of Note (Note^b too)
 *   #H, #^b     headings, block ids of the current note (`path`; ^b too)
 *   ##H, ^^b    headings, block ids across the vault
 * Every insert is a link Obsidian reads as naming the same note and
 * anchor: a note by its file stem or path (never a title or alias, which
 * Obsidian does not resolve; an alias typed stays as the link's text,
 * `Stem#Heading|Alias`), a block as `#^id`.
 * Context "tag" completes tags; "markdown" completes the path of a
 * Markdown link `[text](path)` with a path relative to the current note.
 */
#include "method_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hmap.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../match/names.h"
#include "../vault/cindex.h"

#define S_MAX_LIMIT 1000

typedef struct {
  const char *label, *insert, *kind, *detail;
  const char *path; /* a note's path, or a new note's path (create) */
  int32_t note;     /* -1: not a note's (tags, create) */
  int32_t score;    /* unit score (fuzzy.h) */
  int32_t part;     /* heading or block index in the note, -1 */
  uint32_t line;    /* of the heading or block, 0 */
} S_item;

typedef LOAM_VEC(S_item) S_items;

typedef struct {
  loam_ctx *ctx;
  loam_cindex *ix;
  loam_arena *a;
  const char *path;   /* the current note param, or NULL */
  const char *root;   /* the vault's folder */
  int create;         /* offer to create a note no name matches exactly */
  const char *folder; /* where a created note goes */
  size_t limit;
  int preview;
  S_items items;
  int more; /* more items matched than were kept */
} S_req;

static const char *S_dup(S_req *r, const char *s, size_t n) {
  return loam_arena_strndup(r->a, s, n);
}

static const char *S_printf(S_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *S_printf(S_req *r, const char *fmt, ...) {
  loam_strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  loam_strbuf_vprintf(&b, fmt, ap);
  va_end(ap);
  const char *s = S_dup(r, loam_strbuf_cstr(&b), b.len);
  loam_strbuf_free(&b);
  return s;
}

/* a, b and c (each may be NULL) joined, in the arena: the hot paths build
 * strings with this, not printf, which costs more than the search. */
static const char *S_cat(S_req *r, const char *a, const char *b, const char *c) {
  size_t na = a ? strlen(a) : 0, nb = b ? strlen(b) : 0, nc = c ? strlen(c) : 0;
  char *out = loam_arena_alloc(r->a, na + nb + nc + 1);
  if (na) memcpy(out, a, na);
  if (nb) memcpy(out + na, b, nb);
  if (nc) memcpy(out + na + nb, c, nc);
  out[na + nb + nc] = '\0';
  return out;
}

/* Appends the decimal digits of v. */
static void S_put_uint(loam_strbuf *b, uint64_t v) {
  char digits[24];
  size_t n = 0;
  do digits[n++] = (char)('0' + v % 10);
  while (v /= 10);
  while (n) loam_strbuf_putc(b, digits[--n]);
}

/* The link text that reaches note i: its stem, or its path without ".md"
 * when another note with the same stem wins resolution. */
static const char *S_link_name(S_req *r, int32_t i) {
  const loam_note *n = loam_m_note(r->ctx, i);
  if (!loam_cindex_stem_shared(r->ix, (size_t)i)) return n->stem;
  if (loam_cindex_resolve(r->ix, n->stem, strlen(n->stem), -1) == i) return n->stem;
  return S_dup(r, n->path, strlen(n->path) - 3);
}

static void S_push(S_req *r, S_item it) { LOAM_VEC_PUSH(&r->items, it); }

/* ---- notes ([[Note) ------------------------------------------------------ */

typedef struct {
  uint32_t id;
  int32_t score;
} S_alias_hit;

static int S_alias_cmp(const void *pa, const void *pb) {
  const S_alias_hit *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The items of note i for needle nd: the note (when its title, stem or
 * path matched), then each alias that matched, best first. */
static void S_note_items(S_req *r, int32_t i, const loam_names_needle *nd, uint32_t kinds) {
  const loam_names *t = loam_cindex_notes(r->ix);
  const loam_note *n = loam_m_note(r->ctx, i);
  uint32_t first;
  size_t count = loam_names_of(t, i, &first);
  int32_t note_score = LOAM_FUZZY_NONE;
  S_alias_hit aliases[64];
  size_t n_aliases = 0;
  for (uint32_t id = first; id < first + count; id++) {
    uint8_t kind = loam_names_kind(t, id);
    if (!((kinds >> kind) & 1)) continue;
    int32_t s = loam_names_score(t, nd, id);
    if (s == LOAM_FUZZY_NONE) continue;
    if (kind != LOAM_CINDEX_ALIAS) {
      if (s > note_score) note_score = s;
      continue;
    }
    const char *alias = n->aliases[loam_names_ref(t, id)];
    /* An alias that is the note's own name adds nothing; nothing typed
     * lists notes, not every alias. */
    if (nd->n == 0 || loam_m_same_text(alias, n->stem) ||
        (n->title && loam_m_same_text(alias, n->title)) || n_aliases == 64)
      continue;
    aliases[n_aliases++] = (S_alias_hit){id, s};
  }
  const char *name = S_link_name(r, i);
  if (note_score != LOAM_FUZZY_NONE)
    S_push(r, (S_item){loam_m_title(n), name, "note", n->path, n->path, i, note_score, -1, 0});
  qsort(aliases, n_aliases, sizeof(*aliases), S_alias_cmp);
  for (size_t k = 0; k < n_aliases; k++) {
    const char *alias = n->aliases[loam_names_ref(t, aliases[k].id)];
    S_push(r, (S_item){alias, S_cat(r, name, "|", alias), "alias",
                       S_cat(r, "alias of ", loam_m_title(n), NULL), n->path, i, aliases[k].score,
                       -1, 0});
  }
}

/* A name a new note may have: no characters that Obsidian refuses in file
 * names or that would end the link, no hidden or parent folders. */
static int S_creatable(const char *name, size_t n) {
  if (n == 0 || name[0] == '.' || name[0] == '/' || name[0] == ' ' || name[n - 1] == '/' ||
      name[n - 1] == ' ')
    return 0;
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)name[k];
    if (c < 0x20 || c == 0x7f || strchr("*\"\\<>:|?#^[]", c)) return 0;
    if (c == '/' && (name[k + 1] == '.' || name[k + 1] == '/')) return 0;
  }
  return 1;
}

static void S_complete_notes(S_req *r, const char *needle, size_t nlen, int with_create) {
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, nlen);
  /* A needle with a '/' is a path: match it against paths, not stems. */
  uint32_t kinds = (1u << LOAM_CINDEX_TITLE) | (1u << LOAM_CINDEX_ALIAS) |
                   (memchr(needle, '/', nlen) ? 1u << LOAM_CINDEX_PATH : 1u << LOAM_CINDEX_STEM);
  size_t k = r->limit + 1, got;
  loam_names_hit *hits;
  for (;;) {
    hits = loam_arena_alloc(r->a, k * sizeof(*hits));
    got = loam_cindex_top_notes(r->ix, &nd, kinds, k, hits);
    r->items.len = 0;
    for (size_t h = 0; h < got; h++) S_note_items(r, hits[h].group, &nd, kinds);
    /* Few items for many notes only when inserts repeat: look further. */
    if (got < k || r->items.len > r->limit || k >= 64 * (r->limit + 1)) break;
    k *= 4;
  }
  r->more = got == k;
  int exact = got > 0 && hits[0].score == LOAM_FUZZY_EXACT;
  if (with_create && !exact && nd.n > 0 && S_creatable(needle, nlen)) {
    const char *name = S_dup(r, needle, nlen);
    const char *path = memchr(needle, '/', nlen) || !r->folder || !*r->folder
                           ? S_printf(r, "%s.md", name)
                           : S_printf(r, "%s/%s.md", r->folder, name);
    S_item it = {name, name, "create", S_printf(r, "new note %s", path), path, -1, 0, -1, 0};
    it.score = LOAM_FUZZY_NONE;
    S_push(r, it);
  }
}

/* ---- parts of one note (Note#Head, Note^block) ------------------------- */

static int S_part_cmp(const void *pa, const void *pb) {
  const S_item *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  size_t lx = strlen(x->label), ly = strlen(y->label);
  if (lx != ly) return lx < ly ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Headings (`mark` '#') or block ids ('^') of note i matching the last part
 * of `rest`; for headings, the parts before it (`A#B#needle`) name the
 * heading the candidates must be inside. Inserts are `note_part`, `#` (and
 * `^` for a block), the parent headings, the label, then `tail` (NULL or
 * `|alias`).
 */
static void S_complete_parts(S_req *r, int32_t i, char mark, const char *note_part,
                             const char *rest, const char *tail) {
  const loam_note *n = loam_m_note(r->ctx, i);
  const loam_names *t = mark == '#' ? loam_cindex_headings(r->ix) : loam_cindex_blocks(r->ix);
  size_t lo = 0, hi = mark == '#' ? n->headings.len : n->blocks.len;
  int floor = 0;
  loam_strbuf lead = {0}; /* note_part + #/#^ + the parent headings */
  loam_strbuf_printf(&lead, "%s%s", note_part, mark == '#' ? "#" : "#^");
  const char *needle = rest;
  for (const char *sep; mark == '#' && (sep = strchr(needle, '#')) != NULL; needle = sep + 1) {
    char *parent = loam_xstrndup(needle, (size_t)(sep - needle));
    size_t found = hi;
    for (size_t h = lo; h < hi && found == hi; h++)
      if (n->headings.items[h].level > floor && loam_m_same_text(n->headings.items[h].text, parent))
        found = h;
    free(parent);
    if (found == hi) return loam_strbuf_free(&lead); /* no such heading: nothing inside it */
    floor = n->headings.items[found].level;
    lo = found + 1;
    for (size_t h = lo; h < hi; h++)
      if (n->headings.items[h].level <= floor) {
        hi = h;
        break;
      }
    loam_strbuf_printf(&lead, "%s#", n->headings.items[found].text);
  }
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, strlen(needle));
  uint32_t first;
  loam_names_of(t, i, &first);
  size_t start = r->items.len;
  for (size_t k = lo; k < hi; k++) {
    if (mark == '#' && n->headings.items[k].level <= floor) continue;
    int32_t s = loam_names_score(t, &nd, first + (uint32_t)k);
    if (s == LOAM_FUZZY_NONE) continue;
    const char *label = mark == '#' ? n->headings.items[k].text : n->blocks.items[k].id;
    uint32_t line = mark == '#' ? n->headings.items[k].line : n->blocks.items[k].line;
    S_push(r,
           (S_item){label, S_cat(r, loam_strbuf_cstr(&lead), label, tail),
                    mark == '#' ? "heading" : "block", n->path, n->path, i, s, (int32_t)k, line});
  }
  loam_strbuf_free(&lead);
  /* Nothing typed yet: document order. */
  if (nd.n > 0) qsort(r->items.items + start, r->items.len - start, sizeof(S_item), S_part_cmp);
  if (r->items.len - start > r->limit) r->more = 1;
}

/* ---- across the vault ([[##Head, [[^^block) ---------------------------- */

static void S_complete_vault_parts(S_req *r, char mark, const char *needle, size_t nlen) {
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, nlen);
  size_t k = r->limit + 1;
  loam_names_hit *hits = loam_arena_alloc(r->a, k * sizeof(*hits));
  size_t got = mark == '#' ? loam_cindex_top_headings(r->ix, &nd, k, hits)
                           : loam_cindex_top_blocks(r->ix, &nd, k, hits);
  const loam_names *t = mark == '#' ? loam_cindex_headings(r->ix) : loam_cindex_blocks(r->ix);
  for (size_t h = 0; h < got; h++) {
    int32_t i = hits[h].group;
    const loam_note *n = loam_m_note(r->ctx, i);
    uint32_t part = loam_names_ref(t, hits[h].id);
    const char *label = mark == '#' ? n->headings.items[part].text : n->blocks.items[part].id;
    uint32_t line = mark == '#' ? n->headings.items[part].line : n->blocks.items[part].line;
    S_push(r, (S_item){label, S_cat(r, S_link_name(r, i), mark == '#' ? "#" : "#^", label),
                       mark == '#' ? "heading" : "block", n->path, n->path, i, hits[h].score,
                       (int32_t)part, line});
  }
  r->more = got == k;
}

/* ---- tags (#tag) ----------------------------------------------------------- */

static void S_complete_tags(S_req *r, const char *needle, size_t nlen) {
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, nlen);
  size_t k = r->limit + 1;
  loam_names_hit *hits = loam_arena_alloc(r->a, k * sizeof(*hits));
  size_t got = loam_cindex_top_tags(r->ix, &nd, k, hits);
  for (size_t h = 0; h < got; h++) {
    const char *name = loam_cindex_tag_name(r->ix, hits[h].group);
    int32_t notes = loam_cindex_tag_notes(r->ix, hits[h].group);
    S_push(r, (S_item){name, name, "tag", S_printf(r, "%d note%s", notes, notes == 1 ? "" : "s"),
                       NULL, -1, hits[h].score, -1, 0});
  }
  r->more = got == k;
}

/* ---- Markdown links ([text](path) ------------------------------------------ */

/* The vault path of `path` (a note's, relative or absolute; the note may
 * be new, not indexed yet), or NULL when it is not inside the vault. */
static const char *S_vault_path(S_req *r, const char *path) {
  if (!path) return NULL;
  int32_t i = loam_vault_find(r->ctx->vault, path);
  if (i >= 0) return loam_m_note(r->ctx, i)->path;
  const char *root = loam_vault_root(r->ctx->vault);
  size_t rn = strlen(root);
  if (path[0] != '/') return path;
  if (strncmp(path, root, rn) == 0 && path[rn] == '/') return path + rn + 1;
  return NULL;
}

/* `to` (a vault path) relative to the folder of vault path `from`, with
 * the characters a Markdown link destination cannot hold %-encoded. */
static const char *S_relative(S_req *r, const char *from, const char *to) {
  loam_strbuf b = {0};
  if (from) {
    /* Skip the folders both share, then climb out of the rest of from's. */
    size_t common = 0;
    for (size_t k = 0; from[k] && from[k] == to[k]; k++)
      if (from[k] == '/') common = k + 1;
    for (const char *p = from + common; (p = strchr(p, '/')) != NULL; p++)
      loam_strbuf_puts(&b, "../");
    to += common;
  }
  for (const char *p = to; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '%' || c == 0x7f)
      loam_strbuf_printf(&b, "%%%02X", c);
    else
      loam_strbuf_putc(&b, (char)c);
  }
  const char *s = S_dup(r, loam_strbuf_cstr(&b), b.len);
  loam_strbuf_free(&b);
  return s;
}

static void S_complete_markdown(S_req *r, const char *prefix, size_t plen) {
  /* What was typed of a destination: `<` starts one with spaces; %20 is a
   * space. */
  loam_strbuf typed = {0};
  size_t k = plen && prefix[0] == '<' ? 1 : 0;
  for (; k < plen; k++) {
    if (prefix[k] == '%' && k + 2 < plen + 1 && strncmp(prefix + k, "%20", 3) == 0) {
      loam_strbuf_putc(&typed, ' ');
      k += 2;
    } else {
      loam_strbuf_putc(&typed, prefix[k]);
    }
  }
  const char *needle = loam_strbuf_cstr(&typed);
  size_t nlen = typed.len;
  if (nlen > 3 && strcmp(needle + nlen - 3, ".md") == 0) nlen -= 3;
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, nlen);
  uint32_t kinds = 1u << LOAM_CINDEX_TITLE | 1u << LOAM_CINDEX_STEM | 1u << LOAM_CINDEX_ALIAS |
                   1u << LOAM_CINDEX_PATH;
  size_t want = r->limit + 1;
  loam_names_hit *hits = loam_arena_alloc(r->a, want * sizeof(*hits));
  size_t got = loam_cindex_top_notes(r->ix, &nd, kinds, want, hits);
  const char *from_path = S_vault_path(r, r->path);
  for (size_t h = 0; h < got; h++) {
    const loam_note *n = loam_m_note(r->ctx, hits[h].group);
    S_push(r, (S_item){loam_m_title(n), S_relative(r, from_path, n->path), "note", n->path, n->path,
                       hits[h].group, hits[h].score, -1, 0});
  }
  r->more = got == want;
  loam_strbuf_free(&typed);
}

/* ---- previews ------------------------------------------------------------ */

/* Appends at most `max` bytes of s, cut at a character boundary, with an
 * ellipsis when cut. */
static void S_put_cut(loam_strbuf *b, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n <= max) return loam_strbuf_put(b, s, n);
  size_t cut = max;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
  loam_strbuf_put(b, s, cut);
  loam_strbuf_puts(b, "…");
}

/* A few lines about note i for the documentation window: title, path and
 * date, its frontmatter (aliases, tags and a few other fields) and its
 * outline. `heading`/`block` (>= 0) name the part an item points at. */
static const char *S_preview(S_req *r, const S_item *it) {
  const loam_note *n = loam_m_note(r->ctx, it->note);
  loam_strbuf b = {0};
  loam_strbuf_puts(&b, loam_m_title(n));
  loam_strbuf_putc(&b, '\n');
  loam_strbuf_puts(&b, n->path);
  if (LOAM_DATE_IS_REAL(n->created)) {
    char d[11];
    loam_date_format(n->created, d);
    loam_strbuf_puts(&b, " · ");
    loam_strbuf_puts(&b, d);
  }
  loam_strbuf_putc(&b, '\n');
  if (it->part >= 0) {
    loam_strbuf_puts(&b, strcmp(it->kind, "heading") == 0 ? "§ " : "^");
    loam_strbuf_puts(&b, it->label);
    loam_strbuf_puts(&b, " (line ");
    S_put_uint(&b, it->line);
    loam_strbuf_puts(&b, ")\n");
  }
  if (n->n_aliases) {
    loam_strbuf_puts(&b, "aliases:");
    for (size_t k = 0; k < n->n_aliases && k < 6; k++) {
      loam_strbuf_puts(&b, k ? ", " : " ");
      loam_strbuf_puts(&b, n->aliases[k]);
    }
    loam_strbuf_putc(&b, '\n');
  }
  if (n->tags.len) {
    loam_strbuf_puts(&b, "tags:");
    for (size_t k = 0; k < n->tags.len && k < 8; k++) {
      loam_strbuf_puts(&b, " #");
      loam_strbuf_puts(&b, n->tags.items[k].name);
    }
    loam_strbuf_putc(&b, '\n');
  }
  size_t shown = 0;
  for (size_t k = 0; k < n->fields.len && shown < 4; k++) {
    const loam_field *f = &n->fields.items[k];
    if (!f->value || !*f->value || !strcmp(f->key, "title") || !strcmp(f->key, "aliases") ||
        !strcmp(f->key, "alias") || !strcmp(f->key, "tags") || !strcmp(f->key, "tag") ||
        !strcmp(f->key, "created"))
      continue;
    loam_strbuf_puts(&b, f->key);
    loam_strbuf_puts(&b, ": ");
    S_put_cut(&b, f->value, 60);
    loam_strbuf_putc(&b, '\n');
    shown++;
  }
  for (size_t k = 0; k < n->headings.len && k < 8; k++) {
    const loam_heading *h = &n->headings.items[k];
    if (k == 0) loam_strbuf_putc(&b, '\n');
    for (int l = 0; l < h->level; l++) loam_strbuf_putc(&b, '#');
    loam_strbuf_putc(&b, ' ');
    S_put_cut(&b, h->text, 70);
    loam_strbuf_putc(&b, '\n');
  }
  if (n->headings.len > 8) {
    loam_strbuf_putc(&b, '(');
    S_put_uint(&b, n->headings.len - 8);
    loam_strbuf_puts(&b, " more headings)\n");
  }
  while (b.len && b.ptr[b.len - 1] == '\n') b.ptr[--b.len] = '\0';
  const char *s = S_dup(r, loam_strbuf_cstr(&b), b.len);
  loam_strbuf_free(&b);
  return s;
}

/* ---- the method ------------------------------------------------------------ */

static loam_val *S_item_to_val(S_req *r, const S_item *it) {
  loam_arena *a = r->a;
  loam_val *m = loam_val_map(a);
  loam_val_set(a, m, "label", loam_val_cstr(a, it->label));
  loam_val_set(a, m, "insert", loam_val_cstr(a, it->insert));
  loam_val_set(a, m, "kind", loam_val_cstr(a, it->kind));
  const char *path = it->note >= 0 ? loam_m_note(r->ctx, it->note)->path : it->path;
  if (path) {
    loam_val_set(a, m, "path", loam_val_cstr(a, path));
    loam_val_set(a, m, "abspath", loam_val_cstr(a, S_cat(r, r->root, "/", path)));
  }
  loam_val_set(a, m, "detail", loam_val_cstr(a, it->detail));
  if (it->score != LOAM_FUZZY_NONE)
    loam_val_set(a, m, "score", loam_val_float(a, it->score / LOAM_FUZZY_SCALE));
  if (it->line) loam_val_set(a, m, "line", loam_val_int(a, it->line));
  if (r->preview && it->note >= 0)
    loam_val_set(a, m, "preview", loam_val_cstr(a, S_preview(r, it)));
  return m;
}

/* The first `limit` items with distinct insert texts (a create item after
 * them), as an array; sets r->more when some were left out. */
static loam_val *S_items_to_val(S_req *r) {
  loam_hmap seen = {0};
  loam_val *arr = loam_val_array(r->a);
  size_t shown = 0;
  for (size_t k = 0; k < r->items.len; k++) {
    S_item *it = &r->items.items[k];
    int create = strcmp(it->kind, "create") == 0;
    if (loam_hmap_get(&seen, it->insert, strlen(it->insert), NULL)) continue;
    if (shown == r->limit && !create) {
      r->more = 1;
      continue;
    }
    loam_hmap_put(&seen, it->insert, strlen(it->insert), 1);
    loam_val_push(r->a, arr, S_item_to_val(r, it));
    if (!create) shown++;
  }
  loam_hmap_free(&seen);
  return arr;
}

/* How an insert names note i, reached by `typed` (n bytes) as `kind`: as
 * typed when that was its path or stem (Obsidian resolves those, any
 * case), else by its link name; *tail gets `|alias` when an alias was
 * typed, so the link still shows it. */
static const char *S_note_part(S_req *r, int32_t i, const char *typed, size_t n, int kind,
                               const char **tail) {
  *tail = NULL;
  if (n == 0 || kind == LOAM_CINDEX_PATH || kind == LOAM_CINDEX_STEM) return S_dup(r, typed, n);
  if (kind == LOAM_CINDEX_ALIAS) *tail = S_cat(r, "|", S_dup(r, typed, n), NULL);
  return S_link_name(r, i);
}

/* Collects the items of a `[[` prefix; returns 0 or an error. */
static int S_complete_wikilink(S_req *r, const char *prefix, size_t plen, loam_error *err) {
  if (memchr(prefix, '|', plen)) return 0; /* typing the display text: nothing to offer */
  if (plen >= 2 && (strncmp(prefix, "##", 2) == 0 || strncmp(prefix, "^^", 2) == 0)) {
    S_complete_vault_parts(r, prefix[0], prefix + 2, plen - 2);
    return 0;
  }
  size_t cut = strcspn(prefix, "#^");
  if (cut >= plen) {
    S_complete_notes(r, prefix, plen, r->create);
    return 0;
  }
  int32_t from = r->path ? loam_vault_find(r->ctx->vault, r->path) : -1;
  int kind;
  int32_t i = loam_cindex_resolve_kind(r->ix, prefix, cut, from, &kind);
  if (i < 0) {
    if (cut || !r->path) return 0;
    return loam_error_set(err, LOAM_E_NOT_FOUND, 0, 0, "no such note: %s", r->path);
  }
  const char *tail, *note_part = S_note_part(r, i, prefix, cut, kind, &tail);
  /* `Note^b` and `Note#^b` are both block ids: Obsidian writes the second. */
  char mark = prefix[cut];
  const char *rest = prefix + cut + 1;
  if (mark == '#' && *rest == '^') mark = '^', rest++;
  S_complete_parts(r, i, mark, note_part, rest, tail);
  return 0;
}

int loam_m_complete(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                    loam_error *err) {
  const char *prefix, *context;
  size_t plen;
  int64_t limit;
  S_req r = {ctx, NULL, a, NULL, loam_vault_root(ctx->vault), 0, NULL, 50, 1, {0}, 0};
  int rc = loam_m_str_param(params, "prefix", a, &prefix, &plen, err);
  if (!rc) rc = loam_m_str_param(params, "path", a, &r.path, NULL, err);
  if (!rc) rc = loam_m_str_param(params, "context", a, &context, NULL, err);
  if (!rc) rc = loam_m_str_param(params, "folder", a, &r.folder, NULL, err);
  if (!rc) rc = loam_m_int_param(params, "limit", 50, &limit, err);
  if (rc) return rc;
  r.preview = loam_val_get_bool(params, "preview", 1);
  r.create = loam_val_get_bool(params, "create", 0);
  if (!prefix) prefix = "", plen = 0;
  r.limit = limit <= 0 ? 50 : limit > S_MAX_LIMIT ? S_MAX_LIMIT : (size_t)limit;
  r.ix = loam_cindex_of(ctx->vault);
  if (!context || strcmp(context, "wikilink") == 0)
    rc = S_complete_wikilink(&r, prefix, plen, err);
  else if (strcmp(context, "tag") == 0)
    S_complete_tags(&r, prefix, plen);
  else if (strcmp(context, "markdown") == 0)
    S_complete_markdown(&r, prefix, plen);
  else
    rc = loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                        "param 'context' must be \"wikilink\", \"tag\" or \"markdown\"");
  if (rc) {
    free(r.items.items);
    return rc;
  }
  loam_val *res = loam_val_map(a);
  loam_val_set(a, res, "items", S_items_to_val(&r));
  loam_val_set(a, res, "incomplete", loam_val_bool(a, r.more));
  free(r.items.items);
  *result = res;
  return 0;
}
