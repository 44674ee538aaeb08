/*
 * markdown.h: the block structure of a note's body, from cmark.
 *
 * For each line: whether it is inside code (fenced or indented code, raw
 * HTML blocks), whether a list item starts there and its parent item, and
 * the headings and ```tasks blocks. Inline scanning (links, tags, tasks)
 * happens afterwards, line by line, on the lines that are not code.
 */
#ifndef LOAM_MARKDOWN_H
#define LOAM_MARKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

enum {
  LOAM_LINE_CODE = 1,    /* inside a code or HTML block: no links/tags/tasks */
  LOAM_LINE_ITEM = 2,    /* a list item starts on this line */
  LOAM_LINE_HEADING = 4, /* a heading starts on this line */
  LOAM_LINE_FRONTMATTER = 8
};

typedef struct {
  unsigned char *flags;  /* per line, index 0 = line 1 */
  uint32_t *parent_item; /* per line: the enclosing list item's line, or 0 */
  size_t n_lines;
} loam_md_lines;

/*
 * Parses body[0..len) (the note with its frontmatter blanked, so line
 * numbers match the file) and fills `lines` (n_lines entries, allocated by
 * the caller) plus note->headings (level and line; text is set by the
 * caller from the raw line) and note->queries.
 */
void loam_markdown_scan(loam_note *note, const char *body, size_t len, loam_md_lines *lines);

#endif
