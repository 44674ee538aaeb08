/*
 * note.h: one parsed note.
 *
 * loam_note_parse() takes any bytes (invalid UTF-8, CRLF, a BOM, NUL bytes,
 * huge lines) and always returns a note: a frontmatter error is recorded in
 * the note (fm_error) and the body is still indexed. Links, tags and tasks
 * inside code (fenced or indented blocks, code spans) and HTML comments are
 * ignored; block structure comes from cmark, frontmatter from libyaml.
 *
 * Ownership: the note owns everything it points to, in one arena and a few
 * arrays; loam_note_free() releases it all.
 */
#ifndef LOAM_NOTE_H
#define LOAM_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/date.h"
#include "../common/mem.h"
#include "../syntax/task.h"
#include "../syntax/wikilink.h"

typedef struct {
  int level;     /* 1..6 */
  char *text;    /* heading text as written, trimmed, without #'s */
  uint32_t line; /* 1-based */
} loam_heading;

typedef struct {
  char *id; /* without '^' */
  uint32_t line;
} loam_block;

typedef struct {
  char *name;    /* without '#', e.g. "type/people" */
  uint32_t line; /* 0 for frontmatter tags */
  uint32_t col;
} loam_tag;

typedef struct {
  char *key;
  char *value; /* scalar text; list values are joined with ", " */
} loam_field;

typedef struct {
  uint32_t line;     /* 1-based line of the opening fence */
  uint32_t end_line; /* line of the closing fence (or the last line) */
  char *text;        /* the query text between the fences, '\n'-separated */
} loam_query_block;

typedef struct loam_note {
  char *path;  /* vault-relative, '/'-separated, with ".md" */
  char *stem;  /* file name without ".md" */
  char *title; /* frontmatter `title`, or NULL */
  char **aliases;
  size_t n_aliases;
  char *fm_error; /* frontmatter error message, or NULL */
  uint32_t fm_error_line, fm_error_col;
  uint32_t body_line;          /* first line after the frontmatter (1 when none) */
  loam_date created;           /* frontmatter `created`, else a date in the file name */
  int crlf;                    /* the file uses CRLF line endings */
  int bom;                     /* the file starts with a UTF-8 BOM */
  LOAM_VEC(loam_field) fields; /* every top-level frontmatter key */
  LOAM_VEC(loam_heading) headings;
  LOAM_VEC(loam_block) blocks;
  LOAM_VEC(loam_tag) tags;   /* frontmatter tags first, then inline */
  LOAM_VEC(loam_link) links; /* frontmatter links first, then body */
  LOAM_VEC(loam_task) tasks;
  LOAM_VEC(loam_query_block) queries;
  int64_t mtime_ns; /* set by the vault when read from disk */
  int64_t size;
  loam_arena arena;
} loam_note;

/* Parses `buf[0..len)` as the note at vault-relative `path`. Never NULL. */
loam_note *loam_note_parse(const char *path, const char *buf, size_t len);
void loam_note_free(loam_note *note);
/* Value of a frontmatter field by exact key, or NULL. */
const char *loam_note_field(const loam_note *note, const char *key);

#endif
