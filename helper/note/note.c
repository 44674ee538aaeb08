/*
 * note.c: assembles a loam_note from raw bytes (see note.h).
 *
 * Steps: drop a BOM, split lines (LF or CRLF; NUL bytes stay inside lines
 * because every scanner works on (ptr, len)), read the frontmatter with
 * libyaml, hand the block scanner (blocks.h) the body with the frontmatter blanked so its line
 * numbers match the file, then scan each non-code line for links, tags,
 * block ids and tasks.
 */
#include "note.h"

#include <stdlib.h>
#include <string.h>

#include "../syntax/codespan.h"
#include "../syntax/tag.h"
#include "frontmatter.h"
#include "blocks.h"

typedef struct {
  const char *ptr;
  size_t len; /* without "\n" or "\r\n" */
} S_line;

typedef struct {
  loam_note *note;
  S_line *lines;
  size_t n_lines;
  loam_md_lines md;
  unsigned char *mask; /* code-span mask for the current line */
  size_t mask_cap;
} S_parse;

static S_line *S_split(const char *buf, size_t len, size_t *n_out, int *crlf) {
  size_t cap = 64, n = 0;
  S_line *lines = loam_xmalloc(cap * sizeof(*lines));
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && buf[i] != '\n') continue;
    if (i == len && start == len && n > 0) break; /* final newline: no empty last line */
    size_t l = i - start;
    if (l && buf[start + l - 1] == '\r') {
      l--;
      if (n == 0) *crlf = 1;
    }
    lines = loam_xgrow(lines, &cap, n + 1, sizeof(*lines));
    lines[n++] = (S_line){buf + start, l};
    start = i + 1;
  }
  *n_out = n;
  return lines;
}

static int S_is_fence(const S_line *l, int closing) {
  size_t n = l->len;
  while (n && (l->ptr[n - 1] == ' ' || l->ptr[n - 1] == '\t')) n--;
  return n == 3 && (memcmp(l->ptr, "---", 3) == 0 || (closing && memcmp(l->ptr, "...", 3) == 0));
}

/* Finds and parses the frontmatter; returns the number of lines it spans. */
static size_t S_frontmatter(S_parse *p) {
  if (p->n_lines < 2 || !S_is_fence(&p->lines[0], 0)) return 0;
  for (size_t i = 1; i < p->n_lines; i++) {
    if (!S_is_fence(&p->lines[i], 1)) continue;
    const char *yaml = p->lines[1].ptr;
    size_t len = (size_t)(p->lines[i].ptr - yaml);
    loam_frontmatter_parse(p->note, yaml, len, 2);
    return i + 1;
  }
  return 0; /* no closing fence: Obsidian shows it as text, so do we */
}

/* The body for cmark: the frontmatter lines replaced by empty lines. */
static char *S_body(const char *buf, size_t len, const S_parse *p, size_t fm_lines,
                    size_t *out_len) {
  if (fm_lines == 0) {
    *out_len = len;
    return NULL;
  }
  const char *rest = fm_lines < p->n_lines ? p->lines[fm_lines].ptr : buf + len;
  size_t rest_len = (size_t)(buf + len - rest);
  char *body = loam_xmalloc(fm_lines + rest_len + 1);
  memset(body, '\n', fm_lines);
  memcpy(body + fm_lines, rest, rest_len);
  *out_len = fm_lines + rest_len;
  return body;
}

static void S_add_link(const loam_link *link, void *ud) {
  loam_note *note = ud;
  LOAM_VEC_PUSH(&note->links, *link);
}

static int S_id_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* A block id: " ^id" at the end of the line, or "^id" alone on it. */
static void S_block_id(loam_note *note, const S_line *l, uint32_t line_no) {
  size_t end = l->len;
  while (end && (l->ptr[end - 1] == ' ' || l->ptr[end - 1] == '\t')) end--;
  size_t i = end;
  while (i && S_id_char((unsigned char)l->ptr[i - 1])) i--;
  if (i == end || i == 0 || l->ptr[i - 1] != '^') return;
  if (i >= 2 && l->ptr[i - 2] != ' ' && l->ptr[i - 2] != '\t') return;
  loam_block b = {loam_arena_strndup(&note->arena, l->ptr + i, end - i), line_no};
  LOAM_VEC_PUSH(&note->blocks, b);
}

static void S_tags(loam_note *note, const S_line *l, uint32_t line_no, const unsigned char *mask) {
  loam_tag_span span;
  size_t from = 0;
  while (loam_tag_next(l->ptr, l->len, from, mask, &span)) {
    loam_tag tag = {loam_arena_strndup(&note->arena, l->ptr + span.start + 1, span.len - 1),
                    line_no, (uint32_t)span.start + 1};
    LOAM_VEC_PUSH(&note->tags, tag);
    from = span.start + span.len;
  }
}

/* The heading's text: ATX markers and closing #'s removed, trimmed. */
static char *S_heading_text(loam_note *note, const S_line *l) {
  const char *s = l->ptr, *e = l->ptr + l->len;
  while (s < e && *s == ' ') s++;
  if (s < e && *s == '#') {
    while (s < e && *s == '#') s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
    const char *c = e;
    while (c > s && c[-1] == '#') c--;
    if (c == s || c[-1] == ' ' || c[-1] == '\t') e = c; /* closing sequence */
  }
  while (s < e && (*s == ' ' || *s == '\t')) s++;
  while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
  return loam_arena_strndup(&note->arena, s, (size_t)(e - s));
}

static void S_task(S_parse *p, size_t i, const char *heading) {
  loam_note *note = p->note;
  loam_task task;
  if (!loam_task_parse(p->lines[i].ptr, p->lines[i].len, (uint32_t)i + 1, &note->arena, &task))
    return;
  task.heading = (char *)heading;
  task.parent_line = p->md.parent_item[i];
  LOAM_VEC_PUSH(&note->tasks, task);
}

/* Links, tags, block ids and tasks of every line that is not code. */
static void S_scan_lines(S_parse *p) {
  loam_note *note = p->note;
  size_t next_heading = 0;
  const char *heading = NULL;
  for (size_t i = 0; i < p->n_lines; i++) {
    const S_line *l = &p->lines[i];
    uint32_t line_no = (uint32_t)i + 1;
    unsigned char flags = p->md.flags[i];
    if (flags & LOAM_LINE_HEADING) {
      while (next_heading < note->headings.len && note->headings.items[next_heading].line < line_no)
        next_heading++;
      if (next_heading < note->headings.len && note->headings.items[next_heading].line == line_no) {
        note->headings.items[next_heading].text = S_heading_text(note, l);
        heading = note->headings.items[next_heading].text;
      }
    }
    if (flags & LOAM_LINE_CODE) continue;
    p->mask = loam_xgrow(p->mask, &p->mask_cap, l->len + 1, 1);
    int any_code = loam_codespan_mask(l->ptr, l->len, p->mask);
    const unsigned char *mask = any_code ? p->mask : NULL;
    loam_wikilink_scan(l->ptr, l->len, line_no, mask, &note->arena, S_add_link, note);
    if (flags & LOAM_LINE_FRONTMATTER) continue;
    S_tags(note, l, line_no, mask);
    S_block_id(note, l, line_no);
    if (flags & LOAM_LINE_ITEM) S_task(p, i, heading);
  }
}

static void S_names(loam_note *note, const char *path) {
  note->path = loam_arena_strdup(&note->arena, path);
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (n > 3 && strcmp(base + n - 3, ".md") == 0) n -= 3;
  note->stem = loam_arena_strndup(&note->arena, base, n);
}

/* A YYYY-MM-DD anywhere in the file name (daily and meeting notes). */
static loam_date S_date_in_name(const char *stem) {
  size_t n = strlen(stem);
  for (size_t i = 0; i + 10 <= n; i++) {
    loam_date d = loam_date_parse_iso(stem + i, n - i);
    if (LOAM_DATE_IS_REAL(d)) return d;
  }
  return LOAM_DATE_NONE;
}

/* Gives back the vectors' unused room: a vault holds many small notes. */
#define S_FIT(v)                                                                                   \
  do {                                                                                             \
    if ((v).cap > (v).len) {                                                                       \
      (v).items = loam_xrealloc((v).items, ((v).len ? (v).len : 1) * sizeof(*(v).items));          \
      (v).cap = (v).len ? (v).len : 1;                                                             \
    }                                                                                              \
  } while (0)

static void S_shrink(loam_note *n) {
  S_FIT(n->fields);
  S_FIT(n->headings);
  S_FIT(n->blocks);
  S_FIT(n->tags);
  S_FIT(n->links);
  S_FIT(n->tasks);
  S_FIT(n->queries);
}

loam_note *loam_note_parse(const char *path, const char *buf, size_t len) {
  loam_note *note = loam_xcalloc(1, sizeof(*note));
  note->created = LOAM_DATE_NONE;
  S_names(note, path);
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    buf += 3;
    len -= 3;
    note->bom = 1;
  }
  S_parse p = {.note = note};
  p.lines = S_split(buf, len, &p.n_lines, &note->crlf);
  size_t fm_lines = S_frontmatter(&p);
  note->body_line = (uint32_t)fm_lines + 1;
  if (note->created == LOAM_DATE_NONE) note->created = S_date_in_name(note->stem);

  size_t body_len;
  char *body = S_body(buf, len, &p, fm_lines, &body_len);
  p.md.n_lines = p.n_lines;
  p.md.flags = loam_xcalloc(p.n_lines, 1);
  p.md.parent_item = loam_xcalloc(p.n_lines, sizeof(uint32_t));
  for (size_t i = 0; i < fm_lines && i < p.n_lines; i++) p.md.flags[i] = LOAM_LINE_FRONTMATTER;
  loam_blocks_scan(note, body ? body : buf, body_len, &p.md);
  for (size_t i = 0; i < fm_lines && i < p.n_lines; i++) p.md.flags[i] = LOAM_LINE_FRONTMATTER;
  S_scan_lines(&p);

  S_shrink(note);
  free(body);
  free(p.md.flags);
  free(p.md.parent_item);
  free(p.mask);
  free(p.lines);
  return note;
}

void loam_note_free(loam_note *note) {
  if (!note) return;
  free(note->aliases);
  free(note->fields.items);
  free(note->headings.items);
  free(note->blocks.items);
  free(note->tags.items);
  free(note->links.items);
  free(note->tasks.items);
  free(note->queries.items);
  loam_arena_free(&note->arena);
  free(note);
}

const char *loam_note_field(const loam_note *note, const char *key) {
  for (size_t i = 0; i < note->fields.len; i++)
    if (strcmp(note->fields.items[i].key, key) == 0) return note->fields.items[i].value;
  return NULL;
}
