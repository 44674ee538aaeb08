/*
 * tag.h: inline #tags in one line (Obsidian rules).
 *
 * A tag starts with '#' at the start of the line or after whitespace, and
 * runs over letters, digits (any Unicode letter/number bytes >= 0x80 are
 * accepted), '_', '-', '/'. It must contain at least one non-digit, so
 * `#123` is not a tag; `#` followed by a space (a heading) is not one; '#'
 * inside a URL (`http://x/#frag`) is not preceded by whitespace so is not one.
 * Nested tags keep their slashes: `#type/people`.
 */
#ifndef LOAM_TAG_H
#define LOAM_TAG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  size_t start; /* byte offset of the '#' in the line */
  size_t len;   /* bytes of the tag including '#' */
} loam_tag_span;

/*
 * Finds the next tag in line[from..len) and stores it in *out; returns 1, or
 * 0 when there is none. `skip` (may be NULL) marks bytes inside code.
 */
int loam_tag_next(const char *line, size_t len, size_t from, const unsigned char *skip,
                  loam_tag_span *out);

#endif
