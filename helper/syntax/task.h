/*
 * task.h: parsing one task line in the Obsidian Tasks format.
 *
 * A task is a list item (`-`, `*`, `+`, `1.` or `1)` after optional
 * indentation of spaces, tabs and `>`), followed by whitespace and `[c]`
 * where c is exactly one character (one UTF-8 code point), then the rest.
 *
 * Fields are read from the END of the line, repeatedly, in any order
 * (tags may be interleaved); parsing stops at the first text that is not a
 * field, which stays in the description (see the Tasks docs: "order of
 * items"). Emoji fields: 📅 📆 🗓 due, ⏳ ⌛ scheduled, 🛫 start, ➕ created,
 * ✅ done, ❌ cancelled, 🔁 recurrence, 🏁 on completion, 🆔 id, ⛔ depends
 * on, priorities 🔺 ⏫ 🔼 🔽 ⏬; an optional U+FE0F after an emoji is
 * accepted. The Dataview form `[due:: 2026-12-01]` / `(due:: ...)` is read
 * too (keys created, scheduled, start, due, completion, cancelled,
 * priority, repeat, onCompletion, id, dependsOn). A trailing block id
 * ` ^abc` is kept apart. Dates are YYYY-MM-DD; an impossible date is stored
 * as LOAM_DATE_INVALID.
 */
#ifndef LOAM_TASK_H
#define LOAM_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "../common/date.h"
#include "../common/mem.h"

typedef enum {
  LOAM_PRIO_LOWEST = 0,
  LOAM_PRIO_LOW = 1,
  LOAM_PRIO_NONE = 2,
  LOAM_PRIO_MEDIUM = 3,
  LOAM_PRIO_HIGH = 4,
  LOAM_PRIO_HIGHEST = 5
} loam_priority;

typedef struct {
  uint32_t line;       /* 1-based line in the note */
  char status[5];      /* the status symbol as UTF-8, NUL-terminated */
  uint32_t indent;     /* bytes of leading whitespace/'>' before the marker */
  uint32_t status_col; /* 1-based byte column of the status symbol */
  char *text;          /* the whole line as in the file, no EOL (arena) */
  char *description;   /* with every field and the block id removed, trimmed;
                          tags stay in it, as in Obsidian Tasks (arena) */
  loam_date due, scheduled, start, created, done, cancelled;
  loam_priority priority;
  char *recurrence;    /* rule text after 🔁, e.g. "every month"; NULL if none */
  char *on_completion; /* "keep" / "delete" / NULL */
  char *id;            /* NULL if none */
  char **depends_on;   /* ids, arena array of n_depends_on strings */
  size_t n_depends_on;
  char **tags; /* tags on the line including '#', in line order */
  size_t n_tags;
  char *block_id;       /* without '^'; NULL if none */
  char *heading;        /* nearest preceding heading text; set by the note parser */
  uint32_t parent_line; /* line of the parent list item task, 0 at top level;
                           set by the note parser (for `exclude sub-items`) */
} loam_task;

/*
 * Parses line[0..len) (no EOL). Returns 1 and fills *out (strings in arena)
 * when the line is a task, 0 otherwise. Never fails on any bytes.
 */
int loam_task_parse(const char *line, size_t len, uint32_t line_no, loam_arena *arena,
                    loam_task *out);

/* Priority names: "highest" ... "lowest", and "none" for LOAM_PRIO_NONE. */
const char *loam_priority_name(loam_priority p);

#endif
