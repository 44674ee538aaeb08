/*
 * status.h: task statuses as Obsidian Tasks defines them.
 *
 * A status is a symbol (the character between `[` and `]`), a name, the
 * symbol of the status that follows it when the task is toggled, and a
 * type. The plugin's default table is ` ` Todo -> x, `x` Done -> ` `,
 * `/` In Progress -> x, `-` Cancelled -> ` `; any other symbol (`X`
 * included) is an unknown status: name "Unknown", next `x`, type TODO.
 * Users add statuses (or redefine these) in the editor's options; a
 * loam_status_table holds the defaults followed by theirs, and a later
 * entry for a symbol replaces an earlier one, as in the plugin's settings.
 */
#ifndef LOAM_STATUS_H
#define LOAM_STATUS_H

#include <stddef.h>

typedef enum {
  LOAM_STATUS_IN_PROGRESS, /* enum order is the plugin's status.type sort order */
  LOAM_STATUS_TODO,
  LOAM_STATUS_ON_HOLD,
  LOAM_STATUS_DONE,
  LOAM_STATUS_CANCELLED,
  LOAM_STATUS_NON_TASK
} loam_status_type;

typedef struct {
  char symbol[5]; /* one UTF-8 code point, NUL-terminated */
  char next[5];
  char name[64];
  loam_status_type type;
} loam_status;

#define LOAM_STATUS_MAX 64

typedef struct {
  loam_status items[LOAM_STATUS_MAX];
  size_t len;
} loam_status_table;

/* The plugin's four default statuses. */
void loam_status_table_init(loam_status_table *t);
/* Adds (or replaces, by symbol) a status. Returns 0, or -1 when the symbol
 * is not exactly one code point, the next symbol is not at most one, or
 * the table is full. */
int loam_status_table_add(loam_status_table *t, const char *symbol, const char *name,
                          const char *next, loam_status_type type);
/* The status of `symbol`: the registered one, or an unknown TODO status
 * (written into *unknown). t may be NULL for the defaults. */
const loam_status *loam_status_lookup(const loam_status_table *t, const char *symbol,
                                      loam_status *unknown);
/* "TODO", "IN_PROGRESS", ... */
const char *loam_status_type_name(loam_status_type type);
/* Parses a type name (case-insensitive). Returns 0, or -1 if unknown. */
int loam_status_type_parse(const char *s, loam_status_type *out);
/* DONE, CANCELLED and NON_TASK count as `done`. */
int loam_status_is_done(loam_status_type type);

#endif
