/*
 * wikilink.h: scanning one line of Markdown for links.
 *
 * Pure: no allocation beyond the caller's arena, no I/O. Recognises
 * `[[target]]`, `[[target#heading]]` (sub-headings `[[t#A#B]]` keep "A#B"),
 * `[[target^block]]`, `[[target|alias]]`, `[[#heading]]`, `[[^block]]`,
 * embeds `![[...]]`, and Markdown links `[text](path.md)` /
 * `[text](path.md#heading)` / `[text](<path with spaces.md>)` to local
 * notes (not URLs: anything with a scheme such as `https:` is skipped;
 * `%20` in the path is decoded). Empty targets `[[]]` are not links.
 */
#ifndef LOAM_WIKILINK_H
#define LOAM_WIKILINK_H

#include <stddef.h>
#include <stdint.h>

#include "../common/mem.h"

typedef enum { LOAM_LINK_WIKI, LOAM_LINK_EMBED, LOAM_LINK_MARKDOWN } loam_link_kind;

typedef struct {
  loam_link_kind kind;
  char *target;     /* note part, trimmed; "" for [[#heading]] (arena) */
  char *heading;    /* after the first '#', NULL when absent (arena) */
  char *block;      /* after '^', without it; NULL when absent (arena) */
  char *alias;      /* after '|' (or the Markdown link text); NULL when absent */
  uint32_t line;    /* 1-based */
  uint32_t col;     /* 1-based byte column of the first byte ('!' or '[') */
  uint32_t len;     /* bytes of the whole link text in the line */
  int32_t resolved; /* index into the vault's notes or -1; set by the index */
} loam_link;

/*
 * Calls `cb(&link, ud)` for each link in line[0..len). `line_no` is stored
 * in each link; columns are 1-based bytes from line[0]. `skip` (may be NULL)
 * marks byte ranges to ignore (code spans): skip[i] != 0 means line[i] is
 * inside code. Strings are allocated in `arena`. Returns the number of links.
 */
typedef void (*loam_link_cb)(const loam_link *link, void *ud);
size_t loam_wikilink_scan(const char *line, size_t len, uint32_t line_no, const unsigned char *skip,
                          loam_arena *arena, loam_link_cb cb, void *ud);

#endif
