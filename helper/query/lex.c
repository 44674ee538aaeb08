/*
 * lex.c: from the text of a ```tasks block to statements.
 *
 * Each line is one instruction, except that a line ending in `\` continues
 * on the next one: the `\`, the whitespace before it and the next line's
 * leading whitespace become one space. `\\` at the end is a literal `\`
 * and ends the statement (docs/Queries/Line Continuations.md).
 *
 * Placeholders `{{...}}` are then expanded: `{{! ...}}` inline comments
 * vanish, `{{query.file.path}}` and its siblings come from the query's own
 * note, `{{query.file.property('k')}}` from its frontmatter, `{{preset.X}}`
 * from the default presets. An unknown name is an error, as in the plugin.
 * A placeholder that expands to several lines yields several statements.
 * Comment lines (`#` first) keep their placeholders unexpanded.
 *
 * Every statement remembers its source lines so errors can point at a line
 * and column; `segs` maps stretches of the joined text back onto them.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "internal.h"

#define S_MAX_EXPANSIONS 10

typedef LOAM_VEC(loam_qseg) S_seg_vec;

static const struct {
  const char *name, *text;
} S_presets[] = {
    {"this_file", "path includes {{query.file.path}}"},
    {"this_folder", "folder includes {{query.file.folder}}"},
    {"this_folder_only", "filter by function task.file.folder === query.file.folder"},
    {"this_root", "root includes {{query.file.root}}"},
    {"hide_date_fields", "# Hide any values for all date fields\nhide due date\n"
                         "hide scheduled date\nhide start date\nhide created date\n"
                         "hide done date\nhide cancelled date"},
    {"hide_non_date_fields", "# Hide all the non-date fields, but not tags\nhide id\n"
                             "hide depends on\nhide recurrence rule\nhide on completion\n"
                             "hide priority"},
    {"hide_query_elements", "# Hide toolbar, postpone, edit, backlinks and task count\n"
                            "hide toolbar\nhide postpone button\nhide edit button\n"
                            "hide backlinks\nhide task count"},
    {"hide_everything", "# Hide everything except description and any tags\n"
                        "preset hide_date_fields\npreset hide_non_date_fields\n"
                        "preset hide_query_elements"},
};

const char *loam_qpreset_text(const char *name, size_t n) {
  for (size_t i = 0; i < sizeof(S_presets) / sizeof(S_presets[0]); i++)
    if (strlen(S_presets[i].name) == n && memcmp(S_presets[i].name, name, n) == 0)
      return S_presets[i].text;
  return NULL;
}

static int S_space(char c) { return c == ' ' || c == '\t'; }

void loam_qstmt_pos(const loam_qstmt *s, size_t off, int *line, int *col) {
  *line = s->line;
  *col = s->col;
  for (size_t i = 0; i < s->n_segs && s->segs[i].off <= off; i++) {
    *line = s->segs[i].line;
    *col = s->segs[i].col + (int)(off - s->segs[i].off);
  }
}

/* ---- placeholders ------------------------------------------------------- */

static int S_fail(loam_error *err, int line, int col, const char *what, const char *why) {
  return loam_error_set(err, LOAM_E_QUERY, line, col,
                        "line %d: there was an error expanding placeholder {{%s}}: %s", line, what,
                        why);
}

/* `query.file.property('name')` or with double quotes: the name, or 0. */
static int S_property_name(const char *in, size_t n, const char **name, size_t *len) {
  static const char prefix[] = "query.file.property(";
  size_t p = sizeof(prefix) - 1;
  if (n < p + 4 || memcmp(in, prefix, p) != 0 || in[n - 1] != ')') return 0;
  char q = in[p];
  if ((q != '\'' && q != '"') || in[n - 2] != q) return 0;
  *name = in + p + 1;
  *len = n - p - 3;
  return 1;
}

/* Appends the value of placeholder `in` (trimmed inner text) to out. */
static int S_placeholder(const char *in, size_t n, const loam_query_ctx *ctx, int line, int col,
                         loam_strbuf *out, loam_error *err) {
  char what[128];
  size_t wn = n < sizeof(what) - 1 ? n : sizeof(what) - 1;
  memcpy(what, in, wn);
  what[wn] = '\0';
  if (n > 7 && memcmp(in, "preset.", 7) == 0) {
    const char *text = loam_qpreset_text(in + 7, n - 7);
    if (!text) return S_fail(err, line, col, what, "unknown preset");
    loam_strbuf_puts(out, text);
    return 0;
  }
  if (n < 11 || memcmp(in, "query.file.", 11) != 0)
    return S_fail(err, line, col, what, "unknown property");
  const char *path = ctx ? ctx->query_path : NULL;
  if (!path) return S_fail(err, line, col, what, "the query is not in a note, so it has no file");
  const char *slash = strrchr(path, '/'), *first = strchr(path, '/');
  const char *file = slash ? slash + 1 : path;
  size_t plen = strlen(path), flen = strlen(file);
  size_t ext = plen >= 3 && strcmp(path + plen - 3, ".md") == 0 ? 3 : 0;
  const char *key = in + 11;
  size_t kn = n - 11, pn;
  const char *pname;
  if (kn == 4 && memcmp(key, "path", 4) == 0)
    loam_strbuf_puts(out, path);
  else if (kn == 20 && memcmp(key, "pathWithoutExtension", 20) == 0)
    loam_strbuf_put(out, path, plen - ext);
  else if (kn == 4 && memcmp(key, "root", 4) == 0)
    loam_strbuf_put(out, first ? path : "/", first ? (size_t)(first - path) + 1 : 1);
  else if (kn == 6 && memcmp(key, "folder", 6) == 0)
    loam_strbuf_put(out, slash ? path : "/", slash ? (size_t)(slash - path) + 1 : 1);
  else if (kn == 8 && memcmp(key, "filename", 8) == 0)
    loam_strbuf_puts(out, file);
  else if (kn == 24 && memcmp(key, "filenameWithoutExtension", 24) == 0)
    loam_strbuf_put(out, file, flen - (flen >= ext ? ext : 0));
  else if (S_property_name(in, n, &pname, &pn)) {
    int32_t idx = ctx->vault ? loam_vault_find(ctx->vault, path) : -1;
    const loam_note *note = idx >= 0 ? loam_vault_note(ctx->vault, (size_t)idx) : NULL;
    char k[128];
    if (pn >= sizeof(k)) return S_fail(err, line, col, what, "property name too long");
    memcpy(k, pname, pn);
    k[pn] = '\0';
    const char *v = note ? loam_note_field(note, k) : NULL;
    if (!v) return S_fail(err, line, col, what, "the query's note has no such property");
    loam_strbuf_puts(out, v);
  } else {
    return S_fail(err, line, col, what, "unknown property");
  }
  return 0;
}

/* The first "xy" in s[0..n), or NULL (bounded, unlike strstr on a tail:
 * a line of 100k placeholders stays linear). */
static const char *S_find2(const char *s, size_t n, char x, char y) {
  for (const char *p = s; n > 1 && (p = memchr(p, x, n - 1)) != NULL; p++) {
    if (p[1] == y) return p;
    n = (size_t)(s + n - p - 1);
    s = p + 1;
  }
  return NULL;
}

/* One pass over s: every {{...}} replaced. Sets *changed. */
static int S_expand_once(const char *s, const loam_query_ctx *ctx, int line, int col,
                         loam_strbuf *out, int *changed, loam_error *err) {
  *changed = 0;
  const char *end = s + strlen(s);
  for (;;) {
    const char *open = S_find2(s, (size_t)(end - s), '{', '{');
    const char *close = open ? S_find2(open + 2, (size_t)(end - open - 2), '}', '}') : NULL;
    if (!close) break;
    loam_strbuf_put(out, s, (size_t)(open - s));
    const char *in = open + 2, *stop = close;
    while (in < stop && S_space(*in)) in++;
    while (stop > in && S_space(stop[-1])) stop--;
    *changed = 1;
    if (!(in < stop && *in == '!')) {
      int rc = S_placeholder(in, (size_t)(stop - in), ctx, line, col, out, err);
      if (rc) return rc;
    }
    s = close + 2;
  }
  loam_strbuf_put(out, s, (size_t)(end - s));
  return 0;
}

/* ---- lines and continuations --------------------------------------------- */

typedef struct {
  loam_strbuf text, raw;
  S_seg_vec segs;
  int line, col, open;
} S_pending;

static char *S_trimmed(loam_arena *a, const char *s, size_t n, size_t *lead) {
  size_t i = 0;
  while (i < n && (S_space(s[i]) || s[i] == '\n')) i++;
  while (n > i && (S_space(s[n - 1]) || s[n - 1] == '\n')) n--;
  if (lead) *lead = i;
  return loam_arena_strndup(a, s + i, n - i);
}

static loam_qstmt *S_stmt_new(loam_arena *a, S_pending *p) {
  loam_qstmt *st = loam_arena_alloc(a, sizeof(*st));
  size_t lead;
  st->text = S_trimmed(a, loam_strbuf_cstr(&p->text), p->text.len, &lead);
  st->joined = st->text;
  st->raw = S_trimmed(a, loam_strbuf_cstr(&p->raw), p->raw.len, NULL);
  st->segs = loam_arena_alloc(a, (p->segs.len + 1) * sizeof(loam_qseg));
  for (size_t i = 0; i < p->segs.len; i++) {
    loam_qseg g = p->segs.items[i];
    g.off = g.off > lead ? g.off - lead : 0;
    if (p->segs.items[i].off < lead) g.col += (int)(lead - p->segs.items[i].off);
    st->segs[st->n_segs++] = g;
  }
  loam_qstmt_pos(st, 0, &st->line, &st->col);
  return st;
}

/* Splits expanded text that grew new lines into more statements. */
static void S_push_expanded(loam_arena *a, const loam_qstmt *base, const char *text,
                            loam_qstmt_vec *out) {
  const char *s = text;
  while (*s) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    char *t = S_trimmed(a, s, n, NULL);
    if (*t) {
      loam_qstmt *st = loam_arena_alloc(a, sizeof(*st));
      *st = *base;
      st->text = t;
      st->n_segs = 0;
      LOAM_VEC_PUSH(out, st);
    }
    s += n + (nl ? 1 : 0);
  }
}

/* Joins `\`-continued lines of text (used again after expansion). */
static char *S_continue(const char *s, loam_arena *a) {
  loam_strbuf b = {0};
  int cont = 0;
  while (*s) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    const char *l = s;
    if (cont)
      while (n > 0 && S_space(*l)) l++, n--;
    int next = n > 0 && l[n - 1] == '\\' && !(n > 1 && l[n - 2] == '\\');
    if (n > 1 && l[n - 1] == '\\' && l[n - 2] == '\\')
      n--;
    else if (next) {
      n--;
      while (n > 0 && S_space(l[n - 1])) n--;
    }
    if (cont) loam_strbuf_putc(&b, ' ');
    loam_strbuf_put(&b, l, n);
    if (!next) loam_strbuf_putc(&b, '\n');
    cont = next;
    s += (nl ? (size_t)(nl - s) + 1 : strlen(s));
  }
  char *r = loam_arena_strdup(a, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return r;
}

static int S_finish(S_pending *p, const loam_query_ctx *ctx, loam_arena *a, loam_qstmt_vec *out,
                    loam_error *err) {
  loam_qstmt *st = S_stmt_new(a, p);
  loam_strbuf_clear(&p->text);
  loam_strbuf_clear(&p->raw);
  p->segs.len = 0;
  p->open = 0;
  if (!*st->text) return 0;
  if (st->text[0] == '#' || !strstr(st->text, "{{")) {
    LOAM_VEC_PUSH(out, st);
    return 0;
  }
  char *cur = st->text;
  for (int i = 0; i < S_MAX_EXPANSIONS; i++) {
    loam_strbuf b = {0};
    int changed, rc = S_expand_once(cur, ctx, st->line, st->col, &b, &changed, err);
    if (!rc && changed) cur = loam_arena_strdup(a, loam_strbuf_cstr(&b));
    loam_strbuf_free(&b);
    if (rc) return rc;
    if (!changed) break;
  }
  if (strcmp(cur, st->text) == 0) {
    LOAM_VEC_PUSH(out, st);
    return 0;
  }
  S_push_expanded(a, st, S_continue(cur, a), out);
  return 0;
}

int loam_qstmt_split(const char *text, size_t len, const loam_query_ctx *ctx, loam_arena *arena,
                     loam_qstmt_vec *out, loam_error *err) {
  S_pending p = {0};
  int rc = 0, line_no = 0;
  size_t i = 0;
  while (rc == 0 && i <= len) {
    const char *l = text + i;
    const char *nl = memchr(l, '\n', len - i);
    size_t n = nl ? (size_t)(nl - l) : len - i;
    i += n + 1;
    line_no++;
    if (n > 0 && l[n - 1] == '\r') n--;
    if (p.open)
      loam_strbuf_putc(&p.raw, '\n');
    else
      p.line = line_no;
    loam_strbuf_put(&p.raw, l, n);
    size_t start = 0;
    if (p.open)
      while (start < n && S_space(l[start])) start++;
    size_t end = n;
    int cont = end > start && l[end - 1] == '\\' && !(end > 1 && l[end - 2] == '\\');
    if (end - start > 1 && l[end - 1] == '\\' && l[end - 2] == '\\')
      end--;
    else if (cont) {
      end--;
      while (end > start && S_space(l[end - 1])) end--;
    }
    if (p.open) loam_strbuf_putc(&p.text, ' ');
    loam_qseg seg = {p.text.len, line_no, (int)start + 1};
    LOAM_VEC_PUSH(&p.segs, seg);
    loam_strbuf_put(&p.text, l + start, end - start);
    p.open = cont;
    if (!cont) rc = S_finish(&p, ctx, arena, out, err);
  }
  if (rc == 0 && p.open) rc = S_finish(&p, ctx, arena, out, err);
  loam_strbuf_free(&p.text);
  loam_strbuf_free(&p.raw);
  free(p.segs.items);
  return rc;
}
