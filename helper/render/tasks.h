/*
 * render/tasks.h: the task query buffer's lines.
 *
 * Turns a query result into the lines the editor shows (group headings,
 * one line per task with its fields and backlink, the task count), each
 * with what it refers to and highlight spans, so the editor layer only
 * paints. The CLI prints the same lines without --json.
 */
#ifndef LOAM_RENDER_TASKS_H
#define LOAM_RENDER_TASKS_H

#include <stddef.h>
#include <stdint.h>

#include "../query/query.h"

typedef enum {
  LOAM_LINE_GROUP, /* a group heading */
  LOAM_LINE_TASK,  /* a task: note/line say where it lives */
  LOAM_LINE_BLANK,
  LOAM_LINE_COUNT, /* "3 tasks" / "50 of 686 tasks" */
  LOAM_LINE_EXPLAIN,
  LOAM_LINE_EMPTY /* "No tasks match." */
} loam_line_kind;

typedef struct {
  const char *group;   /* highlight group name, e.g. "LoamTaskDue" */
  uint32_t start, end; /* byte columns, 0-based, end exclusive */
} loam_hl;

typedef struct {
  loam_line_kind kind;
  char *text;    /* arena */
  int32_t note;  /* for TASK lines: vault index, else -1 */
  uint32_t task; /* index into the note's tasks */
  int level;     /* group nesting level, 1-based, for GROUP lines */
  loam_hl *hl;
  size_t n_hl;
} loam_render_line;

typedef struct {
  LOAM_VEC(loam_render_line) lines;
  loam_arena arena;
} loam_render;

void loam_render_tasks(const loam_query_result *r, loam_vault *v, loam_render *out);
void loam_render_free(loam_render *out);

#endif
