/*
 * markdown.c: walks cmark's block tree for code, list items, headings and
 * ```tasks blocks (see markdown.h). cmark treats every byte string as a
 * document, so this cannot fail.
 */
#include "markdown.h"

#include <cmark.h>
#include <string.h>

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
  cmark_node *doc = cmark_parse_document(body, len, CMARK_OPT_DEFAULT);
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
}
