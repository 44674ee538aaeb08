/*
 * toggle.h: what toggling a task (or changing its status) writes back.
 *
 * loam_task_toggle() implements the Obsidian Tasks rules for one line
 * (docs: Toggling and Editing Statuses, Recurring Tasks, On Completion):
 * the new status is the target symbol, or the status's next symbol; a
 * done date is added when entering a DONE status and removed when leaving
 * it (kept from DONE to DONE), the same for the cancelled date and
 * CANCELLED; completing a recurring task adds its next occurrence above
 * the line (or below), with moved dates, the next TODO status of the
 * cycle, no done, cancelled, created, id, depends-on date or block id;
 * `🏁 delete` drops the completed line. A line that is not a task becomes
 * one: a list item gets `[ ]`, any other line `- [ ] `.
 *
 * Unlike the plugin, which writes the whole line again in its own field
 * order, only the bytes that change are touched: fields stay where they
 * are, new fields go at the end of the fields (before a block id), the
 * Dataview format gets `[completion:: ...]`-style fields.
 */
#ifndef LOAM_TOGGLE_H
#define LOAM_TOGGLE_H

#include <stddef.h>

#include "../common/date.h"
#include "../common/mem.h"
#include "status.h"

typedef struct {
  loam_date today;                   /* the done, cancelled and created date */
  const loam_status_table *statuses; /* NULL: the plugin's defaults */
  const char *target;                /* the new status symbol, or NULL: see cycle */
  int cycle;                         /* 0: the status's next symbol; 1 / -1: the status
                                        after / before it in the table (wrapping) */
  int recurrence_below;              /* the next occurrence goes below the line */
  int set_done_date;                 /* the plugin's options (all on by default,
                                        except created and remove-scheduled) */
  int set_cancelled_date;
  int set_created_date;
  int remove_scheduled_date;
} loam_toggle_opts;

/* Defaults as in the plugin: done and cancelled dates on, created off,
 * the next occurrence above. */
void loam_toggle_opts_init(loam_toggle_opts *o, loam_date today);

typedef struct {
  const char *lines[2]; /* what replaces the line (arena); n_lines 0 deletes it */
  size_t n_lines;
  int changed;    /* 0: nothing to write (e.g. the status is already the target) */
  int task_index; /* which of lines is the toggled task, -1 when deleted */
} loam_toggle_result;

/*
 * Toggles line[0..len) (no end of line; a trailing '\r' is ignored). The
 * new lines are allocated in `a`. Never fails: every line has an answer.
 */
void loam_task_toggle(const char *line, size_t len, const loam_toggle_opts *o, loam_arena *a,
                      loam_toggle_result *out);

#endif
