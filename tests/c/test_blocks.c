/*
 * test_blocks.c: the block scanner (note/blocks.c) gives cmark's answers.
 *
 * Every line's flags (code, list item, heading), each item's parent, the
 * headings and the ```tasks blocks of note/blocks.c are compared with
 * those of note/markdown.c, which asks cmark, on hand-written cases for
 * each rule and on many documents generated from the pieces block
 * structure is made of (quotes, list markers, fences, tabs, HTML, setext
 * underlines, link reference definitions, laziness, blank lines, NUL, CR).
 */
#include <stdlib.h>
#include <string.h>

#include "../../helper/note/blocks.h"
#include "../../helper/note/markdown.h"
#include "test.h"

typedef struct {
  loam_note note;
  loam_md_lines md;
} S_result;

static size_t S_count_lines(const char *s, size_t n) {
  size_t lines = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && s[i] != '\n' && s[i] != '\r') i++;
    lines++;
    if (i < n && s[i] == '\r') i++;
    if (i < n && s[i] == '\n') i++;
  }
  return lines;
}

static void S_run(S_result *r, const char *s, size_t n, int fast) {
  memset(r, 0, sizeof(*r));
  r->md.n_lines = S_count_lines(s, n);
  r->md.flags = calloc(r->md.n_lines + 1, 1);
  r->md.parent_item = calloc(r->md.n_lines + 1, sizeof(uint32_t));
  if (fast)
    loam_blocks_scan(&r->note, s, n, &r->md);
  else
    loam_markdown_scan(&r->note, s, n, &r->md);
}

static void S_free(S_result *r) {
  free(r->md.flags);
  free(r->md.parent_item);
  free(r->note.headings.items);
  free(r->note.queries.items);
  loam_arena_free(&r->note.arena);
}

static void S_show(const char *s, size_t n) {
  printf("  document (%zu bytes): \"", n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n')
      printf("\\n");
    else if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
      printf("\\x%02x", c);
    else
      putchar(c);
  }
  printf("\"\n");
}

/* Compares both scanners on s[0..n); returns 1 when they agree. */
static int S_same(const char *s, size_t n) {
  S_result a, b;
  S_run(&a, s, n, 0);
  S_run(&b, s, n, 1);
  int ok = 1;
  for (size_t i = 0; ok && i < a.md.n_lines; i++) {
    if (a.md.flags[i] != b.md.flags[i] || a.md.parent_item[i] != b.md.parent_item[i]) {
      TEST_FAIL_AT("line %zu: cmark flags %d parent %u, blocks flags %d parent %u", i + 1,
                   a.md.flags[i], a.md.parent_item[i], b.md.flags[i], b.md.parent_item[i]);
      ok = 0;
    }
  }
  if (ok && a.note.headings.len != b.note.headings.len) {
    TEST_FAIL_AT("cmark %zu headings, blocks %zu", a.note.headings.len, b.note.headings.len);
    ok = 0;
  }
  for (size_t i = 0; ok && i < a.note.headings.len; i++) {
    loam_heading *x = &a.note.headings.items[i], *y = &b.note.headings.items[i];
    if (x->level != y->level || x->line != y->line) {
      TEST_FAIL_AT("heading %zu: cmark h%d at %u, blocks h%d at %u", i, x->level, x->line, y->level,
                   y->line);
      ok = 0;
    }
  }
  if (ok && a.note.queries.len != b.note.queries.len) {
    TEST_FAIL_AT("cmark %zu tasks blocks, blocks %zu", a.note.queries.len, b.note.queries.len);
    ok = 0;
  }
  for (size_t i = 0; ok && i < a.note.queries.len; i++) {
    loam_query_block *x = &a.note.queries.items[i], *y = &b.note.queries.items[i];
    if (x->line != y->line || x->end_line != y->end_line || strcmp(x->text, y->text) != 0) {
      TEST_FAIL_AT("tasks block %zu: cmark %u-%u \"%s\", blocks %u-%u \"%s\"", i, x->line,
                   x->end_line, x->text, y->line, y->end_line, y->text);
      ok = 0;
    }
  }
  if (!ok) S_show(s, n);
  S_free(&a);
  S_free(&b);
  return ok;
}

static int S_same_str(const char *s) { return S_same(s, strlen(s)); }

TEST(paragraphs_headings_and_setext_underlines) {
  CHECK(S_same_str("# A\ntext\n## B ##\n\nPara\n===\n\nx\n---\n"));
  CHECK(S_same_str("#A\n####### seven\n#\n# \n   # three spaces\n    # code\n"));
  CHECK(S_same_str("a\nb\n===\n- a\n---\n> q\n===\n"));
  CHECK(S_same_str("[a]: /url\n===\n\n[a]: /url\ntext\n---\n"));
  CHECK(S_same_str("[a]: </u r l> \"title\"\n===\n[b]:\n/url\n'multi\nline'\n---\n"));
}

TEST(code_fences_indented_code_and_tasks_blocks) {
  CHECK(S_same_str("```tasks\nnot done\n```\n~~~~ tasks extra\ndue today\n~~~\n~~~~\n"));
  CHECK(S_same_str("``` tasks\na\n\n  ```\n````tasks\n```\nstill\n````\n"));
  CHECK(S_same_str("    code\n\n    more\ntext\n    lazy?\n"));
  CHECK(S_same_str("- ```tasks\n  inside\nout\n"));
  CHECK(S_same_str("> ```\n> code\nlazy\n```\n"));
  CHECK(S_same_str("```tas\\ks\nx\n```\n```&#116;asks\ny\n```\n``` \\tasks\n```\n"));
  CHECK(S_same_str("``` ` tasks\n```\n~~~ `tasks`\n~~~\n"));
}

TEST(lists_items_and_their_parents) {
  CHECK(S_same_str("- a\n  - b\n    - [ ] c\n- d\n1. e\n2) f\n   3) g\n"));
  CHECK(S_same_str("- a\n\n  b\n\n-\n  c\n-\n\n  d\n* - + nested\n"));
  CHECK(S_same_str("text\n- interrupts\ntext\n2. does not\n1. does\n-\n"));
  CHECK(S_same_str("-\tone\n -\t\ttwo\n  *     five\n10. x\n1234567890. y\n"));
  CHECK(S_same_str("- a\n    b\n  c\n- [x] d\n      code?\n"));
  CHECK(S_same_str("* * *\n- - -\n-  -  -\n_ _ _\n"));
}

TEST(html_blocks_of_every_kind) {
  CHECK(S_same_str("<div>\n[[x]]\n\n<!-- c\n[[y]] -->\nafter\n<?php x ?>\n<!DOCTYPE html>\n"));
  CHECK(S_same_str("<script>\nx\n</script>\n<pre\n>\n</PRE>\n<![CDATA[\n]]>\n"));
  CHECK(S_same_str("<a href=\"x\">\nline\n\n<span a='1' b=2 c>  \ntext\n<x/>\n</y>\n"));
  CHECK(S_same_str("para\n<a>\n<div>\n<!-- one line -->\n"));
}

TEST(quotes_laziness_and_tabs) {
  CHECK(S_same_str("> a\nb\n> - c\nd\n>> e\n>\tf\n>\t\tg\n"));
  CHECK(S_same_str(">     code\n> para\n    lazy code?\n"));
  CHECK(S_same_str("\t- a\n\t\t- b\n \t- c\n"));
}

TEST(odd_bytes) {
  static const char nul[] = "- a\0b\n```ta\0sks\n\0\n```\n# \0\n";
  CHECK(S_same(nul, sizeof(nul) - 1));
  CHECK(S_same_str("a\rb\r\n- c\r# d\r\r```tasks\rx\r```"));
  CHECK(S_same_str("\xEF\xBB\xBF# bom\n"));
  CHECK(S_same_str(""));
  CHECK(S_same_str("\n\n\n"));
  CHECK(S_same_str("no newline at the end"));
}

TEST(deep_nesting) {
  char buf[8192];
  size_t n = 0;
  for (int i = 0; i < 60; i++)
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%*s- x\n", 2 * i, "");
  CHECK(S_same(buf, n));
  n = 0;
  for (int i = 0; i < 300; i++) buf[n++] = '>';
  memcpy(buf + n, " - - - [ ] t\n", 13);
  CHECK(S_same(buf, n + 13));
}

/* Pieces that open, continue or close blocks, glued into random lines. */
static const char *const S_pieces[] = {
    "- ",       "* ",        "+ ",   "1. ",     "2) ",   "10. ",     "-",         "> ",
    ">",        " ",         "  ",   "   ",     "    ",  "\t",       "# ",        "## ",
    "###### ",  "#######",   "```",  "````",    "~~~",   "```tasks", "~~~ tasks", "``` x`",
    "===",      "---",       "***",  "_ _ _",   "<div>", "</div>",   "<!--",      "-->",
    "<?",       "?>",        "<!X",  ">",       "<a>",   "<b c=1>",  "</p>",      "<pre>",
    "</pre>",   "<![CDATA[", "]]>",  "[a]: /u", "[b]:",  "\"t\"",    "(t)",       "text",
    "[[link]]", "#tag",      "[ ] ", "[x] ",    "\\",    "&#116;",   "<!x",       "<!1",
    "&Tab;",    "\0",        "\r",   "x",       "y z",   "`",        "1",         "a)",
    "<",        "'"};

static unsigned S_rand(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return (*state >> 16) & 0x7fff;
}

TEST(generated_documents_agree) {
  unsigned state = 14;
  char doc[4096];
  int disagreements = 0;
  size_t n_pieces = sizeof(S_pieces) / sizeof(*S_pieces);
  for (int d = 0; d < 200000 && disagreements < 5; d++) {
    size_t n = 0;
    int lines = 1 + (int)(S_rand(&state) % 24);
    for (int l = 0; l < lines; l++) {
      int parts = (int)(S_rand(&state) % 5);
      for (int k = 0; k < parts; k++) {
        const char *piece = S_pieces[S_rand(&state) % n_pieces];
        size_t len = piece[0] ? strlen(piece) : 1; /* "\0" is one NUL byte */
        if (n + len + 2 >= sizeof(doc)) break;
        memcpy(doc + n, piece, len);
        n += len;
      }
      if (S_rand(&state) % 8 != 0 || l + 1 < lines) doc[n++] = '\n';
    }
    if (!S_same(doc, n)) disagreements++;
  }
  CHECK_INT(disagreements, 0);
}

int main(void) {
  RUN(paragraphs_headings_and_setext_underlines);
  RUN(code_fences_indented_code_and_tasks_blocks);
  RUN(lists_items_and_their_parents);
  RUN(html_blocks_of_every_kind);
  RUN(quotes_laziness_and_tabs);
  RUN(odd_bytes);
  RUN(deep_nesting);
  RUN(generated_documents_agree);
  return test_report();
}
