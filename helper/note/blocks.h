/*
 * blocks.h: the block structure of a note's body, without cmark.
 *
 * loam needs from Markdown only its block structure (which lines are code,
 * where list items and headings start, the ```tasks blocks), never inline
 * markup. cmark builds both, and its inline pass was half of a vault scan.
 * This scanner follows cmark 0.30's block phase step by step (containers,
 * laziness, tabs, fences, HTML blocks, setext headings after link reference
 * definitions, the line a block ends on) so its answers are cmark's: the
 * test test_blocks checks that on generated documents, line by line.
 *
 * Same contract as loam_markdown_scan() (markdown.h): fills `lines`
 * (n_lines entries, allocated by the caller), note->headings (level and
 * line; text is set by the caller) and note->queries. Any bytes are a
 * document: NUL, CR, invalid UTF-8, deep nesting, huge lines.
 */
#ifndef LOAM_BLOCKS_H
#define LOAM_BLOCKS_H

#include <stddef.h>

#include "markdown.h"
#include "note.h"

void loam_blocks_scan(loam_note *note, const char *body, size_t len, loam_md_lines *lines);

#endif
