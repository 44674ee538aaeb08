/*
 * markdown.c: walks cmark's block tree for code, list items, headings and
 * ```tasks blocks (see markdown.h). cmark treats every byte string as a
 * document, so this cannot fail.
 */
#include "markdown.h"

#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * cmark allocates many small blocks per note (nodes, buffers) and frees
 * them all at the end; interleaved with the index's long-lived memory that
 * fragments malloc's heap badly on large vaults (a 100k-note scan spent
 * most of its time in malloc). So cmark gets a bump allocator over a scratch
 * arena that is freed in one call per note. cmark's allocator interface has
 * no user pointer, so the arena is reached through a thread-local that is
 * set only while loam_markdown_scan() runs on that thread.
 */
static _Thread_local loam_arena *S_scratch;

static void *S_calloc(size_t count, size_t size) {
  if (size && count > (SIZE_MAX - sizeof(size_t)) / size) abort();
  size_t n = count * size;
  size_t *p = loam_arena_alloc(S_scratch, n + sizeof(size_t)); /* zeroed */
  p[0] = n;                                                    /* for S_realloc */
  return p + 1;
}

static void *S_realloc(void *old, size_t n) {
  void *p = S_calloc(1, n);
  if (old) {
    size_t was = ((size_t *)old)[-1];
    memcpy(p, old, was < n ? was : n);
  }
  return p;
}

static void S_free(void *p) { (void)p; /* the whole arena goes at once */ }

static void S_mark(loam_md_lines *lines, int from, int to, unsigned char flag) {
  for (int l = from; l <= to; l++)
    if (l >= 1 && (size_t)l <= lines->n_lines) lines->flags[l - 1] |= flag;
}

static void S_code_block(loam_note *note, cmark_node *node, loam_md_lines *lines) {
  int start = cmark_node_get_start_line(node), end = cmark_node_get_end_line(node);
  S_mark(lines, start, end, LOAM_LINE_CODE);
  const char *info = cmark_node_get_fence_info(node);
  if (!info || strncmp(info, "tasks", 5) != 0 || (info[5] && info[5] != ' ')) return;
  const char *lit = cmark_node_get_literal(node);
  loam_query_block q = {(uint32_t)start, (uint32_t)end,
                        loam_arena_strdup(&note->arena, lit ? lit : "")};
  LOAM_VEC_PUSH(&note->queries, q);
}

/* Records the item's line and its parent; `stack` holds enclosing items. */
static void S_item(cmark_node *node, loam_md_lines *lines, const uint32_t *stack, int depth) {
  int line = cmark_node_get_start_line(node);
  if (line < 1 || (size_t)line > lines->n_lines) return;
  lines->flags[line - 1] |= LOAM_LINE_ITEM;
  lines->parent_item[line - 1] = depth > 0 ? stack[depth - 1] : 0;
}

void loam_markdown_scan(loam_note *note, const char *body, size_t len, loam_md_lines *lines) {
  enum { MAX_DEPTH = 64 }; /* deeper items are still items, parented to level 64 */
  uint32_t stack[MAX_DEPTH];
  int depth = 0;
  loam_arena scratch = {.next = 16 * 1024};
  S_scratch = &scratch;
  cmark_mem mem = {S_calloc, S_realloc, S_free};
  cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &mem);
  cmark_parser_feed(parser, body, len);
  cmark_node *doc = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_ITEM) {
      if (ev == CMARK_EVENT_ENTER) {
        S_item(node, lines, stack, depth);
        if (depth < MAX_DEPTH) stack[depth] = (uint32_t)cmark_node_get_start_line(node);
        depth++;
      } else {
        depth--;
      }
      continue;
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    if (type == CMARK_NODE_CODE_BLOCK) {
      S_code_block(note, node, lines);
    } else if (type == CMARK_NODE_HTML_BLOCK) {
      S_mark(lines, cmark_node_get_start_line(node), cmark_node_get_end_line(node), LOAM_LINE_CODE);
    } else if (type == CMARK_NODE_HEADING) {
      loam_heading h = {cmark_node_get_heading_level(node), NULL,
                        (uint32_t)cmark_node_get_start_line(node)};
      S_mark(lines, (int)h.line, (int)h.line, LOAM_LINE_HEADING);
      LOAM_VEC_PUSH(&note->headings, h);
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  S_scratch = NULL;
  loam_arena_free(&scratch);
}
