/*
 * frontmatter.h: the YAML block at the top of a note, read with libyaml.
 *
 * Only the top-level mapping matters to loam: scalars become fields, lists
 * of scalars become fields joined with ", " and, for `aliases` and `tags`,
 * lists of values. Nested mappings are skipped. A YAML error is recorded in
 * the note with its position in the file; what was read before it is kept.
 */
#ifndef LOAM_FRONTMATTER_H
#define LOAM_FRONTMATTER_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

/* Parses yaml[0..len), whose first line is line `first_line` of the file,
 * into note (title, aliases, created, fields, frontmatter tags, fm_error). */
void loam_frontmatter_parse(loam_note *note, const char *yaml, size_t len, uint32_t first_line);

#endif
