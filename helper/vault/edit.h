/*
 * edit.h: changing a note on disk without ever losing a byte.
 *
 * Every write of a note goes through loam_edit_file(). It applies line
 * edits computed from what the caller saw, and refuses (LOAM_E_CHANGED,
 * nothing written) when any line no longer reads as expected. The new text
 * is written to a temporary file in the same folder, flushed with fsync,
 * given the original's mode, and renamed over it (a symlinked note is
 * written at its target), so a crash leaves either the old note or the new
 * one. The BOM, the line endings (LF or CRLF) and the presence of a final
 * newline are kept. Editors apply the same edits to a loaded buffer
 * instead (lua/loam/edit.lua), so this is the path for notes not open.
 */
#ifndef LOAM_EDIT_H
#define LOAM_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "../common/error.h"

typedef struct {
  uint32_t line;      /* 1-based line the edit applies to */
  const char *expect; /* that line's text as the caller saw it (no EOL);
                         NULL skips the check (only with insert) */
  const char **lines; /* the new lines (no EOL); n_lines == 0 deletes */
  size_t n_lines;
  int insert; /* 1: put `lines` before `line` (line count + 1
                 appends), replacing nothing */
} loam_line_edit;

/*
 * Applies edits (in any order; no two may touch the same line) to the note
 * at absolute path `path`. Returns 0, LOAM_E_CHANGED when an `expect` does
 * not match or the file changed while being rewritten, LOAM_E_NOT_FOUND for
 * a missing file or a line past its end, LOAM_E_IO for a read-only file or
 * a failed write (the original is then untouched).
 */
int loam_edit_file(const char *path, const loam_line_edit *edits, size_t n, loam_error *err);

#endif
