/*
 * codespan.h: which bytes of a line sit inside inline code.
 *
 * CommonMark code spans: a run of N backticks opens a span that closes at
 * the next run of exactly N backticks on the same line; an unclosed run is
 * literal text. Also marks `%%...%%` comments and `<!-- ... -->` (both
 * within the line), which Obsidian does not render, so links, tags and tasks
 * there are ignored. Multi-line spans are rare in notes and not handled.
 */
#ifndef LOAM_CODESPAN_H
#define LOAM_CODESPAN_H

#include <stddef.h>

/* Sets mask[i] = 1 for each byte of line[0..len) inside a code span
 * (backticks included) or comment, 0 elsewhere. Returns 1 when any byte was
 * marked. `mask` has room for len bytes. */
int loam_codespan_mask(const char *line, size_t len, unsigned char *mask);

#endif
