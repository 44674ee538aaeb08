/*
 * utf8.h: the few UTF-8 operations the helper needs, over (ptr, len).
 * Invalid bytes are never an error: decoders report them so callers can
 * treat each as one opaque character.
 */
#ifndef LOAM_UTF8_H
#define LOAM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the valid UTF-8 sequence at s, or 0 when it is invalid
 * (bad lead byte, truncated, overlong, surrogate, > U+10FFFF). */
size_t loam_utf8_valid_len(const char *s, size_t n);
/* Decodes one code point at s into *cp. Returns the bytes consumed (>= 1 when
 * n > 0); an invalid byte yields *cp = 0xFFFD and consumes 1. */
size_t loam_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp to out (room for 4 bytes); returns length. */
size_t loam_utf8_encode(uint32_t cp, char *out);
/* Lower-cases ASCII and the Latin-1/Latin Extended-A letters, and folds
 * accents (é -> e, ø -> o, æ -> ae, ß -> ss) when `fold_accents` is set.
 * Writes at most 4 bytes to out; returns the length. */
size_t loam_utf8_fold(uint32_t cp, int fold_accents, char *out);
/* Case-insensitive (ASCII + Latin letters) substring search; NULL if absent. */
const char *loam_utf8_casestr(const char *hay, size_t hay_len, const char *needle,
                              size_t needle_len);

#endif
