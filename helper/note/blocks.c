/*
 * blocks.c: CommonMark block structure, line by line (see blocks.h).
 *
 * The algorithm is the spec's "phase 1" as cmark 0.30 (BSD-2-Clause)
 * implements it, kept in the same order so that every quirk agrees: the
 * open blocks form a chain from the document to the tip (here a stack);
 * each line first continues the open blocks it can (check_open), then
 * opens new ones (open_new), then its text goes to the tip or, lazily, to
 * an open paragraph (add_text). Columns count tabs to stops of 4 and a tab
 * may be half used by a prefix. A block ends, like cmark's, on the line
 * before the one that closed it, except a fenced code block (on that line)
 * and at the end of the input (the last line).
 *
 * What cmark does that is not needed here: inline parsing, the tree, the
 * content of anything but ```tasks blocks and paragraphs that start with
 * '[' (a link reference definition decides whether a setext underline
 * makes a heading). A NUL byte is, as in cmark, read as U+FFFD.
 */
#include "blocks.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

enum { TAB_STOP = 4, CODE_INDENT = 4, MAX_ITEM_DEPTH = 64, MAX_LABEL = 1000 };

typedef enum { B_DOC, B_QUOTE, B_LIST, B_ITEM, B_PARA, B_HEADING, B_HR, B_CODE, B_HTML } S_type;

typedef struct {
  uint8_t type;
  uint8_t fenced, fence_char, html_type, setext, level;
  uint8_t list_ordered, delim, bullet;
  uint8_t kept;      /* paragraph: content kept; fenced code: a ```tasks block */
  int marker_offset; /* item: the list marker's indent */
  int padding;       /* item: marker width + spaces after it */
  int fence_length, fence_offset;
  uint32_t start_line;
  uint32_t children;    /* child blocks (an item with none ends at a blank line) */
  uint32_t item_depth;  /* items in the chain down to this block */
  uint32_t child_item;  /* the parent line a list item opened inside gets */
  size_t content_start; /* paragraph / code: where its text starts in `content` */
} S_block;

typedef struct {
  loam_note *note;
  loam_md_lines *lines;
  LOAM_VEC(S_block) open; /* open.items[0] is the document */
  /* The line being read: bytes [0, len), then a virtual '\n'. */
  const unsigned char *s;
  int len;
  uint32_t line_number;
  int offset, column, first_nonspace, first_nonspace_column, indent, kill_pos;
  bool blank, partial_tab, eof;
  loam_strbuf content;  /* text of kept paragraphs and the ```tasks block */
  loam_strbuf nul_line; /* a line with NUL bytes, read as U+FFFD */
} S_parser;

/* ---- characters ------------------------------------------------------ */

static unsigned char S_at(const S_parser *p, int i) {
  return i < p->len ? p->s[i] : i == p->len ? '\n' : 0;
}

static bool S_line_end(unsigned char c) { return c == '\n' || c == '\r'; }
static bool S_space_tab(unsigned char c) { return c == ' ' || c == '\t'; }
static bool S_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool S_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool S_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static bool S_punct(unsigned char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

/* ---- columns --------------------------------------------------------- */

/* Sets first_nonspace, its column, indent and blank (cmark's
 * S_find_first_nonspace); offset does not move. */
static void S_find_nonspace(S_parser *p) {
  int to_tab = TAB_STOP - (p->column % TAB_STOP);
  if (p->first_nonspace <= p->offset) {
    p->first_nonspace = p->offset;
    p->first_nonspace_column = p->column;
    for (;;) {
      unsigned char c = S_at(p, p->first_nonspace);
      if (c == ' ') {
        p->first_nonspace++;
        p->first_nonspace_column++;
        if (--to_tab == 0) to_tab = TAB_STOP;
      } else if (c == '\t') {
        p->first_nonspace++;
        p->first_nonspace_column += to_tab;
        to_tab = TAB_STOP;
      } else {
        break;
      }
    }
  }
  p->indent = p->first_nonspace_column - p->column;
  p->blank = S_line_end(S_at(p, p->first_nonspace));
}

/* Moves offset by `count` bytes, or by `count` columns (a tab may then be
 * only partly used: partial_tab). */
static void S_advance(S_parser *p, int count, bool columns) {
  unsigned char c;
  while (count > 0 && (c = S_at(p, p->offset)) != 0) {
    if (c == '\t') {
      int to_tab = TAB_STOP - (p->column % TAB_STOP);
      if (columns) {
        p->partial_tab = to_tab > count;
        int step = count < to_tab ? count : to_tab;
        p->column += step;
        p->offset += p->partial_tab ? 0 : 1;
        count -= step;
      } else {
        p->partial_tab = false;
        p->column += to_tab;
        p->offset++;
        count--;
      }
    } else {
      p->partial_tab = false;
      p->offset++;
      p->column++;
      count--;
    }
  }
}

/* The rest of the line from offset into `content`, as cmark's add_line: a
 * half-used tab becomes the spaces left of it. */
static void S_add_line(S_parser *p) {
  int from = p->offset;
  if (p->partial_tab) {
    from++;
    for (int k = TAB_STOP - (p->column % TAB_STOP); k > 0; k--) loam_strbuf_putc(&p->content, ' ');
  }
  if (from < p->len)
    loam_strbuf_put(&p->content, (const char *)p->s + from, (size_t)(p->len - from));
  if (from <= p->len) loam_strbuf_putc(&p->content, '\n');
}

/* ---- block starts (cmark's scanners) ---------------------------------- */

static int S_run(const S_parser *p, int i, unsigned char c) {
  int n = 0;
  while (S_at(p, i + n) == c) n++;
  return n;
}

/* Only [ \t] up to the end of the line from i. */
static bool S_rest_blank(const S_parser *p, int i) {
  while (S_space_tab(S_at(p, i))) i++;
  return S_line_end(S_at(p, i));
}

/* `#{1,6}` then spaces or the end: the length matched, or 0. */
static int S_atx(const S_parser *p, int i) {
  int n = S_run(p, i, '#');
  if (n < 1 || n > 6) return 0;
  unsigned char c = S_at(p, i + n);
  if (S_line_end(c)) return n + 1;
  if (!S_space_tab(c)) return 0;
  int k = n;
  while (S_space_tab(S_at(p, i + k))) k++;
  return k;
}

/* An opening fence: 3+ backticks with no backtick after them, or 3+ tildes. */
static int S_open_fence(const S_parser *p, int i) {
  unsigned char c = S_at(p, i);
  if (c != '`' && c != '~') return 0;
  int n = S_run(p, i, c);
  if (n < 3) return 0;
  if (c == '`')
    for (int k = i + n; k < p->len; k++)
      if (p->s[k] == '`') return 0;
  return n;
}

/* A closing fence run of `c` (only spaces after it), or 0. */
static int S_close_fence(const S_parser *p, int i, unsigned char c) {
  int n = S_run(p, i, c);
  return n >= 3 && S_rest_blank(p, i + n) ? n : 0;
}

/* 1 for `===`, 2 for `---` underlines, else 0. */
static int S_setext(const S_parser *p, int i) {
  unsigned char c = S_at(p, i);
  if (c != '=' && c != '-') return 0;
  return S_rest_blank(p, i + S_run(p, i, c)) ? (c == '=' ? 1 : 2) : 0;
}

/* A thematic break from i; on failure notes where it failed (kill_pos). */
static bool S_thematic(S_parser *p, int i) {
  unsigned char c = S_at(p, i), next;
  if (c != '*' && c != '_' && c != '-') {
    p->kill_pos = i;
    return false;
  }
  int count = 1, k = i;
  while ((next = S_at(p, ++k)) != 0) {
    if (next == c)
      count++;
    else if (next != ' ' && next != '\t')
      break;
  }
  if (count >= 3 && S_line_end(next)) return true;
  p->kill_pos = k;
  return false;
}

static bool S_word_is(const S_parser *p, int i, int n, const char *w) {
  if ((int)strlen(w) != n) return false;
  for (int k = 0; k < n; k++)
    if ((S_at(p, i + k) | 0x20) != (unsigned char)w[k]) return false;
  return true;
}

static bool S_word_in(const S_parser *p, int i, int n, const char *const *words) {
  for (; *words; words++)
    if (S_word_is(p, i, n, *words)) return true;
  return false;
}

static const char *const S_type1_tags[] = {"script", "pre", "textarea", "style", NULL};
static const char *const S_block_tags[] = {
    "address",  "article",  "aside",    "base",       "basefont", "blockquote", "body",   "caption",
    "center",   "col",      "colgroup", "dd",         "details",  "dialog",     "dir",    "div",
    "dl",       "dt",       "fieldset", "figcaption", "figure",   "footer",     "form",   "frame",
    "frameset", "h1",       "h2",       "h3",         "h4",       "h5",         "h6",     "head",
    "header",   "hr",       "html",     "iframe",     "legend",   "li",         "link",   "main",
    "menu",     "menuitem", "nav",      "noframes",   "ol",       "optgroup",   "option", "p",
    "param",    "section",  "source",   "title",      "summary",  "table",      "tbody",  "td",
    "tfoot",    "th",       "thead",    "tr",         "track",    "ul",         NULL};

static bool S_starts_ci(const S_parser *p, int i, const char *w) {
  for (int k = 0; w[k]; k++)
    if ((S_at(p, i + k) | (S_alpha((unsigned char)w[k]) ? 0x20 : 0)) != (unsigned char)w[k])
      return false;
  return true;
}

/* HTML block kinds 1-6 starting at the '<' at i, or 0. */
static int S_html_start(const S_parser *p, int i) {
  if (S_at(p, i) != '<') return 0;
  if (S_starts_ci(p, i, "<!--")) return 2;
  if (S_at(p, i + 1) == '?') return 3;
  if (S_starts_ci(p, i, "<![cdata[")) return 5;
  if (S_at(p, i + 1) == '!' && S_at(p, i + 2) >= 'A' && S_at(p, i + 2) <= 'Z') return 4;
  int name = i + 1 + (S_at(p, i + 1) == '/');
  int n = 0;
  while (S_alpha(S_at(p, name + n)) || S_digit(S_at(p, name + n))) n++;
  unsigned char after = S_at(p, name + n);
  if (name == i + 1 && S_word_in(p, name, n, S_type1_tags) && (S_space(after) || after == '>'))
    return 1;
  if (S_word_in(p, name, n, S_block_tags) &&
      (S_space(after) || after == '>' || (after == '/' && S_at(p, name + n + 1) == '>')))
    return 6;
  return 0;
}

static bool S_attr_start(unsigned char c) { return S_alpha(c) || c == '_' || c == ':'; }

static bool S_attr_char(unsigned char c) {
  return S_attr_start(c) || S_digit(c) || c == '.' || c == '-';
}

static bool S_tag_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* An attribute value at i; returns the offset after it or -1. */
static int S_attr_value(const S_parser *p, int i) {
  unsigned char q = S_at(p, i);
  if (q == '"' || q == '\'') {
    for (int k = i + 1; k < p->len; k++)
      if (p->s[k] == q) return k + 1;
    return -1;
  }
  int k = i;
  while (k < p->len && !S_tag_space(p->s[k]) && !strchr("\"'=<>`", p->s[k])) k++;
  return k > i ? k : -1;
}

/* An HTML block of kind 7: one open or closing tag alone on its line. */
static bool S_html7(const S_parser *p, int i) {
  if (S_at(p, i) != '<') return false;
  int k = i + 1;
  bool closing = S_at(p, k) == '/';
  k += closing;
  if (!S_alpha(S_at(p, k))) return false;
  while (S_alpha(S_at(p, k)) || S_digit(S_at(p, k)) || S_at(p, k) == '-') k++;
  while (!closing) {
    int before = k;
    while (k < p->len && S_tag_space(p->s[k])) k++;
    if (k == before || !S_attr_start(S_at(p, k))) {
      k = before;
      break;
    }
    while (S_attr_char(S_at(p, k))) k++;
    int name_end = k;
    while (k < p->len && S_tag_space(p->s[k])) k++;
    if (S_at(p, k) != '=') {
      k = name_end;
      continue;
    }
    k++;
    while (k < p->len && S_tag_space(p->s[k])) k++;
    if ((k = S_attr_value(p, k)) < 0) return false;
  }
  while (k < p->len && S_tag_space(p->s[k])) k++;
  if (!closing && S_at(p, k) == '/') k++;
  if (S_at(p, k) != '>') return false;
  for (k++; k < p->len; k++)
    if (p->s[k] != ' ' && p->s[k] != '\t' && p->s[k] != '\f') return false;
  return true;
}

/* Whether line[from..] holds the end of an HTML block of `kind` (1-5). */
static bool S_html_end(const S_parser *p, int kind, int from) {
  static const char *const ends[] = {"", "", "-->", "?>", ">", "]]>"};
  for (int k = from; k < p->len; k++) {
    if (kind == 1) {
      if (p->s[k] == '<' && S_at(p, k + 1) == '/')
        for (int t = 0; S_type1_tags[t]; t++) {
          int n = (int)strlen(S_type1_tags[t]);
          if (S_word_is(p, k + 2, n, S_type1_tags[t]) && S_at(p, k + 2 + n) == '>') return true;
        }
    } else {
      size_t n = strlen(ends[kind]);
      if (k + (int)n <= p->len && memcmp(p->s + k, ends[kind], n) == 0) return true;
    }
  }
  return false;
}

typedef struct {
  uint8_t ordered, delim, bullet;
  int padding, marker_offset;
} S_marker;

/* A list marker at i: its length, or 0. */
static int S_list_marker(const S_parser *p, int i, bool interrupts, S_marker *m) {
  unsigned char c = S_at(p, i);
  int k = i;
  memset(m, 0, sizeof(*m));
  if (c == '*' || c == '-' || c == '+') {
    k++;
    if (!S_space(S_at(p, k))) return 0;
    if (interrupts) {
      int j = k;
      while (S_space_tab(S_at(p, j))) j++;
      if (S_at(p, j) == '\n') return 0;
    }
    m->bullet = c;
    return k - i;
  }
  if (!S_digit(c)) return 0;
  int start = 0, digits = 0;
  do {
    start = 10 * start + (S_at(p, k) - '0');
    k++;
    digits++;
  } while (digits < 9 && S_digit(S_at(p, k)));
  if (interrupts && start != 1) return 0;
  c = S_at(p, k);
  if (c != '.' && c != ')') return 0;
  k++;
  if (!S_space(S_at(p, k))) return 0;
  if (interrupts) {
    int j = k;
    while (S_space_tab(S_at(p, j))) j++;
    if (S_line_end(S_at(p, j))) return 0;
  }
  m->ordered = 1;
  m->delim = c;
  return k - i;
}

/* ---- link reference definitions (only to tell a setext heading) ------- */

static size_t S_skip_spaces(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  return i;
}

/* cmark's skip_line_end: true after "\r", "\n", "\r\n" or at the end. */
static bool S_skip_line_end(const char *s, size_t n, size_t *i) {
  bool seen = false;
  if (*i < n && s[*i] == '\r') (*i)++, seen = true;
  if (*i < n && s[*i] == '\n') (*i)++, seen = true;
  return seen || *i >= n;
}

static size_t S_spnl(const char *s, size_t n, size_t i) {
  i = S_skip_spaces(s, n, i);
  if (S_skip_line_end(s, n, &i)) i = S_skip_spaces(s, n, i);
  return i;
}

/* A link destination at i: its length (maybe 0), or -1. */
static long S_ref_url(const char *s, size_t n, size_t i) {
  size_t k = i;
  if (k < n && s[k] == '<') {
    for (k++; k < n;) {
      if (s[k] == '>') {
        k++;
        break;
      }
      if (s[k] == '\\')
        k += 2;
      else if (s[k] == '\n' || s[k] == '<')
        return -1;
      else
        k++;
    }
    return k >= n ? -1 : (long)(k - i);
  }
  size_t parens = 0;
  while (k < n) {
    unsigned char c = (unsigned char)s[k];
    if (c == '\\' && k + 1 < n && S_punct((unsigned char)s[k + 1])) {
      k += 2;
    } else if (c == '(') {
      k++;
      if (++parens > 32) return -1;
    } else if (c == ')') {
      if (parens == 0) break;
      parens--;
      k++;
    } else if (S_space(c)) {
      if (k == i) return -1;
      break;
    } else {
      k++;
    }
  }
  return k >= n || parens != 0 ? -1 : (long)(k - i);
}

/* A link title at i ("...", '...' or (...)): its length, or 0. */
static size_t S_ref_title(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  char open = s[i], close = open == '(' ? ')' : open;
  if (open != '"' && open != '\'' && open != '(') return 0;
  size_t end = 0;
  for (size_t k = i + 1; k < n; k++) {
    bool escaped = s[k - 1] == '\\' && k - 1 > i;
    if (s[k] == close) {
      end = k + 1 - i;
      if (!escaped) break;
    } else if (open == '(' && s[k] == '(' && !escaped) {
      break;
    }
  }
  return end;
}

/* One link reference definition at the start of s: bytes used, or 0. */
static size_t S_refdef(const char *s, size_t n) {
  if (n == 0 || s[0] != '[') return 0;
  size_t k = 1;
  int length = 0;
  while (k < n && s[k] != '[' && s[k] != ']') {
    if (s[k] == '\\') {
      k++, length++;
      if (k < n && S_punct((unsigned char)s[k])) k++, length++;
    } else {
      k++, length++;
    }
    if (length > MAX_LABEL) return 0;
  }
  if (k >= n || s[k] != ']') return 0;
  size_t a = 1, b = k;
  while (a < b && S_space((unsigned char)s[a])) a++;
  while (b > a && S_space((unsigned char)s[b - 1])) b--;
  if (a == b) return 0;
  k++;
  if (k >= n || s[k] != ':') return 0;
  k = S_spnl(s, n, k + 1);
  long url = S_ref_url(s, n, k);
  if (url < 0) return 0;
  k += (size_t)url;
  size_t before_title = k;
  k = S_spnl(s, n, k);
  size_t title = k == before_title ? 0 : S_ref_title(s, n, k);
  k = title ? k + title : before_title;
  k = S_skip_spaces(s, n, k);
  if (!S_skip_line_end(s, n, &k)) {
    if (!title) return 0;
    k = S_skip_spaces(s, n, before_title);
    if (!S_skip_line_end(s, n, &k)) return 0;
  }
  return k;
}

/* Drops the definitions that start paragraph b's text; true when text is
 * left (cmark's resolve_reference_link_definitions). */
static bool S_resolve_refs(S_parser *p, S_block *b) {
  if (!b->kept) return true; /* its text does not start with '[' */
  const char *s = p->content.ptr + b->content_start;
  size_t n = p->content.len - b->content_start, used = 0, k;
  while (used < n && (k = S_refdef(s + used, n - used)) > 0) used += k;
  memmove(p->content.ptr + b->content_start, s + used, n - used);
  p->content.len -= used;
  for (size_t i = b->content_start; i < p->content.len; i++)
    if (!S_space((unsigned char)p->content.ptr[i])) return true;
  return false;
}

/* ---- the open blocks ------------------------------------------------- */

static void S_mark(loam_md_lines *lines, uint32_t from, uint32_t to, unsigned char flag) {
  for (uint32_t l = from < 1 ? 1 : from; l <= to && l <= lines->n_lines; l++)
    lines->flags[l - 1] |= flag;
}

static S_block *S_tip(S_parser *p) { return &p->open.items[p->open.len - 1]; }

/* A fenced block's info string makes it a ```tasks block when, read as
 * cmark reads it (entities decoded: the numeric ones and the two named
 * ones that decode to spaces; trimmed; backslash escapes), it is "tasks"
 * or starts with "tasks ". */
static bool S_info_is_tasks(const char *s, size_t n) {
  loam_strbuf d = {0};
  for (size_t i = 0; i < n;) {
    if (s[i] == '&' && i + 2 < n && s[i + 1] == '#') {
      bool hex = (s[i + 2] | 0x20) == 'x';
      size_t k = i + 2 + hex, digits = 0;
      unsigned long cp = 0;
      for (; k < n && digits < 8; k++, digits++) {
        char c = (char)(s[k] | 0x20);
        int v = S_digit((unsigned char)s[k])  ? s[k] - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                              : -1;
        if (v < 0) break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)v;
      }
      if (digits >= 1 && digits <= (hex ? 6u : 7u) && k < n && s[k] == ';') {
        loam_strbuf_putc(&d, cp > 0 && cp < 0x80 ? (char)cp : '\x80'); /* the rest: not ASCII */
        i = k + 1;
        continue;
      }
    }
    if (n - i >= 5 && memcmp(s + i, "&Tab;", 5) == 0) {
      loam_strbuf_putc(&d, '\t'), i += 5;
    } else if (n - i >= 9 && memcmp(s + i, "&NewLine;", 9) == 0) {
      loam_strbuf_putc(&d, '\n'), i += 9;
    } else {
      loam_strbuf_putc(&d, s[i++]);
    }
  }
  size_t a = 0, b = d.len, m = 0;
  while (a < b && S_space((unsigned char)d.ptr[a])) a++;
  while (b > a && S_space((unsigned char)d.ptr[b - 1])) b--;
  for (size_t i = a; i < b && m < 6; i++, m++) {
    if (d.ptr[i] == '\\' && i + 1 < b && S_punct((unsigned char)d.ptr[i + 1])) i++;
    d.ptr[m] = d.ptr[i]; /* m <= i: in place */
  }
  bool tasks = m >= 5 && memcmp(d.ptr, "tasks", 5) == 0 && (m == 5 || d.ptr[5] == ' ');
  loam_strbuf_free(&d);
  return tasks;
}

/* Closes the tip block (cmark's finalize) and records what it was. */
static void S_close(S_parser *p) {
  S_block *b = S_tip(p);
  uint32_t end = p->eof || (b->type == B_CODE && b->fenced) || (b->type == B_HEADING && b->setext)
                     ? p->line_number
                     : p->line_number - 1;
  if (b->type == B_CODE || b->type == B_HTML) S_mark(p->lines, b->start_line, end, LOAM_LINE_CODE);
  if (b->type == B_CODE && b->kept) {
    const char *text = p->content.ptr + b->content_start;
    const char *nl = memchr(text, '\n', p->content.len - b->content_start);
    const char *lit = nl ? nl + 1 : p->content.ptr + p->content.len;
    loam_query_block q = {
        b->start_line, end,
        loam_arena_strndup(&p->note->arena, lit, (size_t)(p->content.ptr + p->content.len - lit))};
    LOAM_VEC_PUSH(&p->note->queries, q);
  }
  if (b->type == B_HEADING) {
    loam_heading h = {b->level, NULL, b->start_line};
    S_mark(p->lines, h.line, h.line, LOAM_LINE_HEADING);
    LOAM_VEC_PUSH(&p->note->headings, h);
  }
  if (b->type == B_PARA && !S_resolve_refs(p, b)) p->open.items[p->open.len - 2].children--;
  if (b->type == B_PARA || b->type == B_CODE) p->content.len = b->content_start;
  p->open.len--;
}

static bool S_can_contain(uint8_t parent, uint8_t child) {
  return parent == B_DOC || parent == B_QUOTE || parent == B_ITEM ||
         (parent == B_LIST && child == B_ITEM);
}

static bool S_accepts_lines(uint8_t t) { return t == B_PARA || t == B_HEADING || t == B_CODE; }

/* Opens a block of `type` under open block c (closing what is above c, and
 * c itself while it cannot hold it); returns the new block's index. */
static size_t S_add_child(S_parser *p, size_t c, uint8_t type) {
  while (p->open.len - 1 > c) S_close(p);
  while (!S_can_contain(p->open.items[c].type, type)) S_close(p), c--;
  S_block *parent = &p->open.items[c];
  S_block b = {.type = type, .start_line = p->line_number, .content_start = p->content.len};
  b.item_depth = parent->item_depth + (type == B_ITEM);
  b.child_item =
      type == B_ITEM && b.item_depth <= MAX_ITEM_DEPTH ? b.start_line : parent->child_item;
  parent->children++;
  LOAM_VEC_PUSH(&p->open, b);
  return c + 1;
}

/* ---- one line -------------------------------------------------------- */

static bool S_item_continues(S_parser *p, const S_block *b) {
  if (p->indent >= b->marker_offset + b->padding) {
    S_advance(p, b->marker_offset + b->padding, true);
    return true;
  }
  if (p->blank && b->children > 0) {
    S_advance(p, p->first_nonspace - p->offset, false);
    return true;
  }
  return false;
}

/* Returns whether code block b goes on; *closed when this line closed it. */
static bool S_code_continues(S_parser *p, const S_block *b, bool *closed) {
  if (!b->fenced) {
    if (p->indent >= CODE_INDENT) {
      S_advance(p, CODE_INDENT, true);
      return true;
    }
    if (p->blank) {
      S_advance(p, p->first_nonspace - p->offset, false);
      return true;
    }
    return false;
  }
  int n = 0;
  if (p->indent <= 3 && S_at(p, p->first_nonspace) == b->fence_char)
    n = S_close_fence(p, p->first_nonspace, b->fence_char);
  if (n >= b->fence_length) {
    S_advance(p, n, false);
    S_close(p);
    *closed = true;
    return false;
  }
  for (int i = b->fence_offset; i > 0 && S_space_tab(S_at(p, p->offset)); i--)
    S_advance(p, 1, true);
  return true;
}

/* The open blocks this line continues: the index of the last one, or -1
 * when the line closed a fence and is used up. */
static long S_check_open(S_parser *p, bool *all_matched) {
  bool closed = false;
  size_t last = 0;
  *all_matched = false;
  for (size_t k = 1; k < p->open.len; k++) {
    const S_block *b = &p->open.items[k];
    bool ok = true;
    S_find_nonspace(p);
    switch (b->type) {
    case B_QUOTE:
      ok = p->indent <= 3 && S_at(p, p->first_nonspace) == '>';
      if (ok) {
        S_advance(p, p->indent + 1, true);
        if (S_space_tab(S_at(p, p->offset))) S_advance(p, 1, true);
      }
      break;
    case B_ITEM: ok = S_item_continues(p, b); break;
    case B_CODE: ok = S_code_continues(p, b, &closed); break;
    case B_HEADING: ok = false; break;
    case B_HTML: ok = b->html_type <= 5 || !p->blank; break;
    case B_PARA: ok = !p->blank; break;
    default: break;
    }
    if (!ok) return closed ? -1 : (long)last;
    last = k;
  }
  *all_matched = true;
  return (long)last;
}

/* A list item (and its list when needed) under block *c. */
static void S_open_item(S_parser *p, size_t *c, int matched, S_marker *m) {
  S_advance(p, p->first_nonspace + matched - p->offset, false);
  bool save_tab = p->partial_tab;
  int save_offset = p->offset, save_column = p->column;
  while (p->column - save_column <= 5 && S_space_tab(S_at(p, p->offset))) S_advance(p, 1, true);
  int spaces = p->column - save_column;
  if (spaces >= 5 || spaces < 1 || S_line_end(S_at(p, p->offset))) {
    m->padding = matched + 1;
    p->offset = save_offset, p->column = save_column, p->partial_tab = save_tab;
    if (spaces > 0) S_advance(p, 1, true);
  } else {
    m->padding = matched + spaces;
  }
  m->marker_offset = p->indent;
  const S_block *list = &p->open.items[*c];
  if (list->type != B_LIST || list->list_ordered != m->ordered || list->delim != m->delim ||
      list->bullet != m->bullet) {
    *c = S_add_child(p, *c, B_LIST);
    S_block *l = &p->open.items[*c];
    l->list_ordered = m->ordered, l->delim = m->delim, l->bullet = m->bullet;
  }
  uint32_t parent = p->open.items[*c].child_item;
  *c = S_add_child(p, *c, B_ITEM);
  S_block *it = &p->open.items[*c];
  it->list_ordered = m->ordered, it->delim = m->delim, it->bullet = m->bullet;
  it->marker_offset = m->marker_offset, it->padding = m->padding;
  if (p->line_number >= 1 && p->line_number <= p->lines->n_lines) {
    p->lines->flags[p->line_number - 1] |= LOAM_LINE_ITEM;
    p->lines->parent_item[p->line_number - 1] = parent;
  }
}

/* Opens the blocks that start on this line under block *c; returns whether
 * any was opened. */
static bool S_open_new(S_parser *p, size_t *c, bool all_matched) {
  bool maybe_lazy = S_tip(p)->type == B_PARA, opened = false;
  uint8_t cont = p->open.items[*c].type;
  while (cont != B_CODE && cont != B_HTML) {
    S_find_nonspace(p);
    bool indented = p->indent >= CODE_INDENT;
    int fns = p->first_nonspace, m, lev;
    S_marker mk;
    bool added = true;
    if (!indented && S_at(p, fns) == '>') {
      S_advance(p, fns + 1 - p->offset, false);
      if (S_space_tab(S_at(p, p->offset))) S_advance(p, 1, true);
      *c = S_add_child(p, *c, B_QUOTE);
    } else if (!indented && (m = S_atx(p, fns)) > 0) {
      S_advance(p, fns + m - p->offset, false);
      *c = S_add_child(p, *c, B_HEADING);
      p->open.items[*c].level = (uint8_t)S_run(p, fns, '#');
    } else if (!indented && (m = S_open_fence(p, fns)) > 0) {
      *c = S_add_child(p, *c, B_CODE);
      S_block *b = &p->open.items[*c];
      b->fenced = 1, b->fence_char = S_at(p, fns);
      b->fence_length = m > 255 ? 255 : m;
      b->fence_offset = fns - p->offset;
      S_advance(p, fns + m - p->offset, false);
    } else if (!indented && ((m = S_html_start(p, fns)) > 0 ||
                             (cont != B_PARA && !maybe_lazy && S_html7(p, fns) && (m = 7)))) {
      *c = S_add_child(p, *c, B_HTML);
      p->open.items[*c].html_type = (uint8_t)m;
    } else if (!indented && cont == B_PARA && (lev = S_setext(p, fns)) > 0) {
      S_block *b = &p->open.items[*c];
      added = false;
      if (S_resolve_refs(p, b)) {
        b->type = B_HEADING, b->level = (uint8_t)lev, b->setext = 1;
        p->content.len = b->content_start;
        S_advance(p, p->len - p->offset, false);
      }
    } else if (!indented && !(cont == B_PARA && !all_matched) && p->kill_pos <= fns &&
               S_thematic(p, fns)) {
      *c = S_add_child(p, *c, B_HR);
      S_advance(p, p->len - p->offset, false);
    } else if ((!indented || cont == B_LIST) && p->indent < 4 &&
               (m = S_list_marker(p, fns, cont == B_PARA, &mk)) > 0) {
      S_open_item(p, c, m, &mk);
    } else if (indented && !maybe_lazy && !p->blank) {
      S_advance(p, CODE_INDENT, true);
      *c = S_add_child(p, *c, B_CODE);
    } else {
      break;
    }
    opened = opened || added;
    if (S_accepts_lines(p->open.items[*c].type)) break;
    cont = p->open.items[*c].type;
    maybe_lazy = false;
  }
  return opened;
}

/* The line's text: a lazy paragraph line, code, HTML, or a new paragraph. */
static void S_add_text(S_parser *p, size_t c, size_t last_matched, bool opened) {
  S_find_nonspace(p);
  if (!opened && p->open.len - 1 != last_matched && !p->blank && S_tip(p)->type == B_PARA) {
    if (S_tip(p)->kept) S_add_line(p);
    return;
  }
  while (p->open.len - 1 > c) S_close(p);
  S_block *b = &p->open.items[c];
  if (b->type == B_CODE) {
    if (b->fenced && b->start_line == p->line_number) {
      b->kept = S_info_is_tasks((const char *)p->s + p->offset,
                                p->offset < p->len ? (size_t)(p->len - p->offset) : 0);
    }
    if (b->kept) S_add_line(p);
  } else if (b->type == B_HTML) {
    if (b->html_type <= 5 && S_html_end(p, b->html_type, p->first_nonspace)) S_close(p);
  } else if (p->blank) {
    /* nothing */
  } else if (S_accepts_lines(b->type)) {
    S_advance(p, p->first_nonspace - p->offset, false);
    if (b->kept) S_add_line(p);
  } else {
    c = S_add_child(p, c, B_PARA);
    S_advance(p, p->first_nonspace - p->offset, false);
    b = &p->open.items[c];
    b->kept = !p->partial_tab && S_at(p, p->offset) == '[';
    if (b->kept) S_add_line(p);
  }
}

static void S_line(S_parser *p, const unsigned char *s, size_t len) {
  if (len > INT32_MAX / 2) len = INT32_MAX / 2; /* columns are ints, as in cmark */
  if (memchr(s, '\0', len)) {
    loam_strbuf_clear(&p->nul_line);
    for (size_t i = 0; i < len; i++) {
      if (s[i])
        loam_strbuf_putc(&p->nul_line, (char)s[i]);
      else
        loam_strbuf_put(&p->nul_line, "\xEF\xBF\xBD", 3);
    }
    s = (const unsigned char *)p->nul_line.ptr;
    len = p->nul_line.len;
    if (len > INT32_MAX / 2) len = INT32_MAX / 2;
  }
  p->s = s, p->len = (int)len;
  p->offset = p->column = p->first_nonspace = p->first_nonspace_column = 0;
  p->indent = p->kill_pos = 0;
  p->blank = p->partial_tab = false;
  p->line_number++;
  bool all_matched;
  long last = S_check_open(p, &all_matched);
  if (last < 0) return;
  size_t c = (size_t)last;
  bool opened = S_open_new(p, &c, all_matched);
  S_add_text(p, c, (size_t)last, opened);
}

void loam_blocks_scan(loam_note *note, const char *body, size_t len, loam_md_lines *lines) {
  S_parser p = {.note = note, .lines = lines};
  S_block doc = {.type = B_DOC, .start_line = 1};
  LOAM_VEC_PUSH(&p.open, doc);
  const unsigned char *s = (const unsigned char *)body, *end = s + len;
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3; /* cmark skips one more BOM */
  while (s < end) {
    const unsigned char *eol = memchr(s, '\n', (size_t)(end - s));
    if (!eol) eol = end;
    const unsigned char *cr = memchr(s, '\r', (size_t)(eol - s)); /* CRLF, or a lone CR */
    if (cr) eol = cr;
    S_line(&p, s, (size_t)(eol - s));
    s = eol;
    if (s < end && *s == '\r') s++;
    if (s < end && *s == '\n') s++;
  }
  p.eof = true;
  while (p.open.len > 1) S_close(&p);
  free(p.open.items);
  loam_strbuf_free(&p.content);
  loam_strbuf_free(&p.nul_line);
}
