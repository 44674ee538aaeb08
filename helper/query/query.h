/*
 * query.h: the Obsidian Tasks query language.
 *
 * loam_query_parse() turns the text of a ```tasks block into a query, or
 * fails with the 1-based line (and column) of the first bad instruction and
 * what was expected: an unknown instruction never matches everything.
 * loam_query_run() filters every task of the vault, sorts (the user's keys,
 * then the plugin's default keys), applies `limit`, groups, and applies
 * `limit groups`. The result owns its rows; tasks are referenced by index.
 */
#ifndef LOAM_QUERY_H
#define LOAM_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "../common/date.h"
#include "../common/error.h"
#include "../common/mem.h"
#include "../task/status.h"
#include "../vault/vault.h"

typedef struct {
  loam_date today;
  const char *query_path;            /* vault-relative path of the note holding the
                                        query (for {{query.file.path}}, presets), or NULL */
  const loam_vault *vault;           /* optional: the vault of query_path, for
                                        {{query.file.property('name')}} */
  const loam_status_table *statuses; /* the plugin's defaults then the user's
                                        statuses; NULL: the defaults */
} loam_query_ctx;

typedef struct loam_query loam_query;

loam_query *loam_query_parse(const char *text, size_t len, const loam_query_ctx *ctx,
                             loam_error *err);
void loam_query_free(loam_query *q);

typedef struct {
  int32_t note;  /* index in the vault */
  uint32_t task; /* index into that note's tasks */
  char **groups; /* group headings, outermost first (result arena) */
  size_t n_groups;
} loam_query_row;

/* What the query asked to show or hide, for the renderer. */
typedef struct {
  unsigned hide; /* bitmask of LOAM_SHOW_* elements that are hidden */
  int short_mode;
  int show_tree;
} loam_query_layout;

enum {
  LOAM_SHOW_ID = 1u << 0,
  LOAM_SHOW_DEPENDS_ON = 1u << 1,
  LOAM_SHOW_PRIORITY = 1u << 2,
  LOAM_SHOW_CANCELLED = 1u << 3,
  LOAM_SHOW_CREATED = 1u << 4,
  LOAM_SHOW_START = 1u << 5,
  LOAM_SHOW_SCHEDULED = 1u << 6,
  LOAM_SHOW_DUE = 1u << 7,
  LOAM_SHOW_DONE = 1u << 8,
  LOAM_SHOW_RECURRENCE = 1u << 9,
  LOAM_SHOW_ON_COMPLETION = 1u << 10,
  LOAM_SHOW_TAGS = 1u << 11,
  LOAM_SHOW_BACKLINK = 1u << 12,
  LOAM_SHOW_TASK_COUNT = 1u << 13,
  LOAM_SHOW_URGENCY = 1u << 14,
  LOAM_SHOW_GROUP_COUNT = 1u << 15,
  LOAM_SHOW_EDIT_BUTTON = 1u << 16,
  LOAM_SHOW_TREE = 1u << 17
};

typedef struct {
  LOAM_VEC(loam_query_row) rows; /* in display order */
  size_t total_matched;          /* before `limit` */
  size_t distinct;               /* tasks among rows (a task is in each of its tag groups) */
  loam_query_layout layout;
  char *explain;                     /* text of `explain`, or NULL (arena) */
  loam_date today;                   /* ctx->today, for overdue highlighting */
  const loam_status_table *statuses; /* ctx->statuses (not owned), NULL: defaults */
  loam_arena arena;
} loam_query_result;

/* Runs q over v. Returns 0; *out must be released with loam_query_result_free.
 * The first run builds a table of v's tasks that later runs reuse (kept
 * current as notes change); see loam_query_memory(). */
int loam_query_run(const loam_query *q, loam_vault *v, const loam_query_ctx *ctx,
                   loam_query_result *out, loam_error *err);
void loam_query_result_free(loam_query_result *r);

/* Bytes queries keep beside v between runs: the task table, its ranks and
 * the working memory of the largest query so far (0 before any query). */
typedef struct {
  size_t table, ranks, scratch;
} loam_query_memory_use;
void loam_query_memory(loam_vault *v, loam_query_memory_use *out);

#endif
