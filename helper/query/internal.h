/*
 * query/internal.h: the pieces of the query language shared between its
 * files (private to helper/query and helper/render).
 *
 * A query is parsed in three stages. lex.c turns the block text into
 * statements (continuation lines joined, comments dropped, placeholders
 * and presets expanded), each remembering where it came from. query.c
 * dispatches each statement to a table of instruction parsers: layout
 * lines, `limit`, `sort by` (sort.c), `group by` (group.c) and filters
 * (filter.c, boolean.c), which build a tree of loam_qfilter nodes. Dates
 * inside filters are resolved against ctx->today at parse time (dates.c),
 * so evaluation (eval.c) is a pure function of the task.
 *
 * Everything a query owns lives in its arena except compiled regexes,
 * which the query frees one by one.
 */
#ifndef LOAM_QUERY_INTERNAL_H
#define LOAM_QUERY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../common/date.h"
#include "../common/error.h"
#include "../common/hmap.h"
#include "../common/mem.h"
#include "../common/strbuf.h"
#include "../note/note.h"
#include "../task/status.h"
#include "query.h"

/* ---- statuses ------------------------------------------------------------ */

/* Type and name of a status symbol in the plugin's default table (' '
 * TODO, 'x' DONE, '/' IN_PROGRESS, '-' CANCELLED, anything else, 'X'
 * included, an unknown TODO); a query with user statuses (ctx->statuses)
 * looks them up in loam_qtask_init() instead. */
loam_status_type loam_status_type_of(const char *symbol);
const char *loam_status_name_of(const char *symbol);

/* ---- statements (lex.c) ------------------------------------------------ */

/* A stretch of `text` that maps byte for byte onto one source line. */
typedef struct {
  size_t off;    /* offset in text */
  int line, col; /* 1-based source position of text[off] */
} loam_qseg;

typedef struct {
  char *text;    /* the instruction: continuations joined, placeholders
                    expanded, trimmed */
  char *raw;     /* the source lines as written, '\n'-joined, trimmed */
  char *joined;  /* continuations joined, before placeholders */
  int line, col; /* where the statement starts (1-based) */
  loam_qseg *segs;
  size_t n_segs;     /* 0 when placeholders changed the text: columns unknown */
  int from_defaults; /* came from the note's TQ_* properties (line 0) */
} loam_qstmt;

typedef LOAM_VEC(loam_qstmt *) loam_qstmt_vec;

/* Splits text into statements in arena. Returns 0, or LOAM_E_QUERY for an
 * unknown placeholder or a placeholder that needs the query's file. */
int loam_qstmt_split(const char *text, size_t len, const loam_query_ctx *ctx, loam_arena *arena,
                     loam_qstmt_vec *out, loam_error *err);
/* Statements of the default preset `name` (NULL when there is none). */
const char *loam_qpreset_text(const char *name, size_t n);
/* Source line and column of byte `off` of the statement's text. */
void loam_qstmt_pos(const loam_qstmt *s, size_t off, int *line, int *col);

/* ---- dates (dates.c) ---------------------------------------------------- */

/* One date expression, the whole of s[0..n): 2026-11-25, today, tomorrow,
 * yesterday, monday, next friday, last tuesday, this sunday, in 3 days,
 * 2 weeks ago, 14 October, October 14 2026, May. Returns 1 on success. */
int loam_qdate_parse(const char *s, size_t n, loam_date today, loam_date *out);
/* A range: last|this|next week|month|quarter|year, 2026-W48, 2026-Q4,
 * 2026-11, 2026, or one or two dates (sorted). Returns 1 on success. */
int loam_qdate_parse_range(const char *s, size_t n, loam_date today, loam_date *lo, loam_date *hi);
/* "2022-10-22 (Saturday 22nd October 2022)" into out (>= 64 bytes). */
void loam_qdate_describe(loam_date d, char *out, size_t cap);
const char *loam_qdate_weekday_name(loam_date d); /* "Monday" ... */

/* ---- regular expressions (regex.c) -------------------------------------- */

typedef struct loam_qregex loam_qregex;

/* Compiles a JavaScript-style `/pattern/flags` with PCRE2. On failure
 * returns NULL with a message in msg. */
loam_qregex *loam_qregex_new(const char *s, size_t n, char *msg, size_t cap);
int loam_qregex_match(const loam_qregex *re, const char *s, size_t n);
/* "'^Root\/Sub' with flag 'i'" as the plugin explains it. */
void loam_qregex_describe(const loam_qregex *re, loam_strbuf *out);
void loam_qregex_free(loam_qregex *re);

/* ---- the task table (cache.c) ------------------------------------------ */

/*
 * What queries read of every task, kept beside the vault (a vault observer)
 * and brought up to date before each query: one compact record per task,
 * notes in path order and each note's tasks in file order, each note's path
 * in one pool, and per-note ranks of the path-derived sort and group keys.
 * Records hold no value that depends on `today` or on the user's statuses.
 */
enum {
  LOAM_QREC_TAGS = 1u << 0,     /* has at least one tag */
  LOAM_QREC_ID = 1u << 1,       /* has a non-empty id */
  LOAM_QREC_DEPENDS = 1u << 2,  /* has depends on */
  LOAM_QREC_TOP = 1u << 3,      /* a top-level list item (exclude sub-items) */
  LOAM_QREC_RECURRING = 1u << 4 /* the plugin reads it as recurring: `recur` */
};

#define LOAM_QSYM_DEAD 0 /* the symbol of records no note uses (see in_order) */

typedef struct {
  int32_t note;   /* index in the vault */
  uint32_t index; /* index in the note's tasks: read for text only */
  loam_date due, scheduled, start, created, done, cancelled;
  uint32_t sym;   /* status symbol: loam_qcache.syms */
  uint32_t recur; /* normalised rule (loam_qcache.strs) when RECURRING */
  uint32_t tags;  /* the tags, '\n'-joined (loam_qcache.strs), when TAGS */
  uint8_t priority, flags;
} loam_qrec;

typedef struct {
  uint32_t first, count, cap; /* the note's records: recs[first, first + count) */
  uint32_t path, name, len;   /* path at pool[path] (len bytes), file name at pool[path + name] */
  uint32_t folder, root;      /* loam_qcache.strs: "dir/sub/" or "/", "dir/" or "/" */
  uint32_t dirty;             /* records to rebuild before the next query */
} loam_qnote;

/* Per-note keys whose order the cache keeps as ranks. */
typedef enum {
  LOAM_QNK_PATH,           /* sort by path */
  LOAM_QNK_FILENAME,       /* sort by filename */
  LOAM_QNK_GROUP_PATH,     /* group by path (its heading text) */
  LOAM_QNK_GROUP_FILENAME, /* group by filename ([[stem]]) */
  LOAM_QNK_COUNT
} loam_qnote_key;

typedef struct {
  loam_hmap map; /* string -> id */
  LOAM_VEC(char *) items;
} loam_qstrs;

/*
 * Memory for one query's working arrays (rank.c): handed out in order and
 * taken back all at once when the next query starts, but kept (as one
 * block once a query needed more) rather than given back to the system:
 * fresh pages for a 100,000-note query's arrays cost milliseconds of page
 * faults each time.
 */
typedef struct loam_qscratch_block loam_qscratch_block;
typedef struct {
  loam_qscratch_block *head; /* the block in use first */
  size_t kept;               /* bytes held */
} loam_qscratch;

void *loam_qscratch_alloc(loam_qscratch *s, size_t n);  /* 16-aligned, not zeroed */
void *loam_qscratch_calloc(loam_qscratch *s, size_t n); /* zeroed */
/* Memory handed out after loam_qscratch_save() is taken back by
 * loam_qscratch_restore() (for arrays that live inside one function). */
typedef struct {
  loam_qscratch_block *block;
  size_t used;
} loam_qscratch_mark;
loam_qscratch_mark loam_qscratch_save(const loam_qscratch *s);
void loam_qscratch_restore(loam_qscratch *s, loam_qscratch_mark m);
void loam_qscratch_reset(loam_qscratch *s);
void loam_qscratch_free(loam_qscratch *s);

typedef struct loam_qcache {
  loam_vault *v;
  LOAM_VEC(loam_qrec) recs;
  LOAM_VEC(loam_qnote) notes;
  LOAM_VEC(char) pool; /* NUL-terminated paths */
  LOAM_VEC(uint32_t) dirty;
  size_t garbage, pool_garbage;     /* records and pool bytes no note uses */
  int rebuild;                      /* everything must be read again */
  int in_order;                     /* recs, read in order, are the notes' records in path order
                                       (between them only records of symbol LOAM_QSYM_DEAD) */
  loam_qstrs syms, strs;            /* status symbols; folders, roots, rules, tag sets */
  uint32_t *ranks[LOAM_QNK_COUNT];  /* per note (NULL: not computed) */
  uint32_t *order[LOAM_QNK_COUNT];  /* note indices by rank, then index */
  uint32_t n_ranks[LOAM_QNK_COUNT]; /* every rank is below */
  uint8_t *stem_shared;             /* per note: another note has its stem (NULL: not known) */
  loam_qscratch scratch;            /* the running query's arrays */
  loam_strbuf buf;                  /* building a record */
} loam_qcache;

/* The table of v, created on first use and current on return. */
loam_qcache *loam_qcache_of(loam_vault *v);
/* Ranks (0-based, equal keys equal ranks) of key k per note; *n: how many
 * ranks there are at most. */
const uint32_t *loam_qcache_ranks(loam_qcache *c, loam_qnote_key k, uint32_t *n);
/* Per note, whether several notes have its stem (a NULL stem counts as
 * ""; notes without one are not counted): backlinks then show the path. */
const uint8_t *loam_qcache_stem_shared(loam_qcache *c);
/* Every note index, ordered by path (loam_qtext_collate), ties by index:
 * the order the default sort's last key, path, wants. */
const uint32_t *loam_qcache_path_order(loam_qcache *c);

/* ---- tasks as the query sees them (eval.c) ------------------------------ */

/* One query's view of the table: statuses resolved, blocking computed. */
typedef struct {
  loam_qcache *cache;
  loam_qscratch *scratch; /* cache->scratch */
  loam_date today;
  loam_status_type *sym_type; /* per status symbol */
  const char **sym_name;
  uint8_t *blocking, *blocked; /* per record, or NULL when unused */
} loam_qrun;

typedef struct {
  const loam_qrun *run;
  const loam_qrec *rec;
  const loam_task *task_; /* the note's task once read: loam_qtask_task() */
  loam_status_type type;
  const char *status_name;
} loam_qtask;

/* The task a record stands for, in its note (a trip to the note's memory:
 * for text only). */
static inline const loam_task *loam_qrec_task(const loam_qcache *c, const loam_qrec *r) {
  return &loam_vault_note(c->v, (size_t)r->note)->tasks.items[r->index];
}

/* A task a query's filters accepted: its record, and where it lives. */
typedef struct {
  uint32_t rec;
  int32_t note;
  uint32_t index;
} loam_qhit;

/* The view of record `rec` of r's table. */
static inline void loam_qtask_view(const loam_qrun *r, uint32_t rec, loam_qtask *out) {
  const loam_qrec *k = &r->cache->recs.items[rec];
  out->run = r;
  out->rec = k;
  out->task_ = NULL;
  out->type = r->sym_type[k->sym];
  out->status_name = r->sym_name[k->sym];
}

static inline const loam_task *loam_qtask_task(const loam_qtask *t) {
  if (!t->task_) ((loam_qtask *)t)->task_ = loam_qrec_task(t->run->cache, t->rec);
  return t->task_;
}
const char *loam_qtask_path(const loam_qtask *t);
const char *loam_qtask_filename(const loam_qtask *t); /* last path component, with .md */
const char *loam_qtask_folder(const loam_qtask *t);   /* "dir/sub/" or "/" */
const char *loam_qtask_root(const loam_qtask *t);     /* "dir/" or "/" */
/* The rule as the plugin normalises it, or NULL when the plugin does not
 * read the task as recurring. */
const char *loam_qtask_rule(const loam_qtask *t);
loam_date loam_qtask_happens(const loam_qtask *t); /* earliest real start/scheduled/due */
double loam_qtask_urgency_of(const loam_qtask *t); /* for run->today */
int loam_qtask_blocking(const loam_qtask *t);
int loam_qtask_blocked(const loam_qtask *t);

/* The normalised rule of a task the plugin reads as recurring, or NULL. */
const char *loam_qtask_recurrence(const loam_task *task, loam_arena *arena);
double loam_qtask_urgency(const loam_task *task, loam_date today);
double loam_qurgency(loam_date due, loam_date scheduled, loam_date start, int priority,
                     loam_date today);
/* The urgency class of those dates and priority (0 .. LOAM_QURGENCY_CLASSES
 * - 1): tasks of one class have one score, loam_qurgency_of_class(). The
 * due date's part: none (0), overdue by a week or more (1), due in more
 * than two weeks (2), or one of the 21 days between (3 + 14 + overdue). */
#define LOAM_QURGENCY_PRIO_CLASSES 7 /* the six priorities, and none known */
#define LOAM_QURGENCY_CLASSES (24 * 2 * 2 * LOAM_QURGENCY_PRIO_CLASSES)
static inline uint32_t loam_qurgency_class(loam_date due, loam_date scheduled, loam_date start,
                                           int priority, loam_date today) {
  uint32_t d = 0;
  if (LOAM_DATE_IS_REAL(due)) {
    int overdue = (int)(today - due);
    d = overdue >= 7 ? 1 : overdue >= -14 ? (uint32_t)(overdue + 14) + 3 : 2;
  }
  uint32_t s = LOAM_DATE_IS_REAL(scheduled) && scheduled <= today;
  uint32_t st = LOAM_DATE_IS_REAL(start) && start > today;
  uint32_t p = priority >= LOAM_PRIO_LOWEST && priority <= LOAM_PRIO_HIGHEST
                   ? (uint32_t)priority
                   : LOAM_QURGENCY_PRIO_CLASSES - 1;
  return ((d * 2 + s) * 2 + st) * LOAM_QURGENCY_PRIO_CLASSES + p;
}
double loam_qurgency_of_class(uint32_t c);

/* ---- filters (filter.c, boolean.c, eval.c) ------------------------------ */

typedef enum {
  LOAM_QF_AND,
  LOAM_QF_OR,
  LOAM_QF_XOR,
  LOAM_QF_NOT,         /* boolean nodes */
  LOAM_QF_DONE,        /* `done` (negate: `not done`) */
  LOAM_QF_STATUS_TYPE, /* status.type is X */
  LOAM_QF_TEXT,        /* <field> includes / regex matches */
  LOAM_QF_HAS,         /* has <field> (negate: no <field>) */
  LOAM_QF_DATE,        /* <date field> before/after/on/in ... */
  LOAM_QF_DATE_INVALID,
  LOAM_QF_PRIORITY,
  LOAM_QF_RECURRING,
  LOAM_QF_SUB_ITEMS, /* exclude sub-items */
  LOAM_QF_BLOCKING,
  LOAM_QF_BLOCKED
} loam_qfilter_kind;

typedef enum {
  LOAM_QFIELD_DESCRIPTION,
  LOAM_QFIELD_PATH,
  LOAM_QFIELD_FOLDER,
  LOAM_QFIELD_ROOT,
  LOAM_QFIELD_FILENAME,
  LOAM_QFIELD_HEADING,
  LOAM_QFIELD_STATUS_NAME,
  LOAM_QFIELD_RECURRENCE,
  LOAM_QFIELD_ID,
  LOAM_QFIELD_TAGS,
  LOAM_QFIELD_DEPENDS_ON,
  LOAM_QFIELD_DUE,
  LOAM_QFIELD_SCHEDULED,
  LOAM_QFIELD_START,
  LOAM_QFIELD_CREATED,
  LOAM_QFIELD_DONE,
  LOAM_QFIELD_CANCELLED,
  LOAM_QFIELD_HAPPENS
} loam_qfield;

typedef enum {
  LOAM_QDATE_IN,
  LOAM_QDATE_BEFORE,
  LOAM_QDATE_AFTER,
  LOAM_QDATE_IN_OR_BEFORE,
  LOAM_QDATE_IN_OR_AFTER
} loam_qdate_op;

typedef enum { LOAM_QPRIO_IS, LOAM_QPRIO_ABOVE, LOAM_QPRIO_BELOW, LOAM_QPRIO_NOT } loam_qprio_op;

typedef struct loam_qfilter loam_qfilter;
struct loam_qfilter {
  loam_qfilter_kind kind;
  int negate;
  loam_qfield field;
  const char *needle; /* TEXT with `includes` */
  size_t needle_len;
  int exact;        /* TEXT: the value must equal needle (case-sensitive) */
  loam_qregex *re;  /* TEXT with `regex matches` */
  loam_date lo, hi; /* DATE: the inclusive range searched */
  loam_qdate_op op;
  int value; /* PRIORITY: a loam_priority; STATUS_TYPE: a type */
  loam_qprio_op prio_op;
  loam_qfilter **kids; /* boolean nodes */
  size_t n_kids;
  char *source;  /* the instruction as written (after expansion) */
  char *explain; /* how it was understood, or NULL when that is
                    just the instruction; lines end without '\n' */
};

/* The parsing state shared by the instruction parsers. */
typedef struct loam_qparser {
  loam_query *q;
  const loam_query_ctx *ctx;
  const loam_qstmt *stmt;
  loam_error *err;
  int depth; /* boolean nesting, bounded against stack abuse */
} loam_qparser;

/* Reports an error at byte `off` of the current statement's text. Returns
 * LOAM_E_QUERY (or `code` for loam_qparse_fail_code). */
int loam_qparse_fail(loam_qparser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int loam_qparse_fail_code(loam_qparser *p, int code, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
loam_arena *loam_qparse_arena(loam_qparser *p);
void loam_qparse_keep_regex(loam_qparser *p, loam_qregex *re);
void loam_qparse_uses_blocking(loam_qparser *p);

/* Parses one filter instruction s[0..n) found at byte `off` of the
 * statement. Returns 0 and *out, LOAM_E_QUERY, or LOAM_E_UNSUPPORTED. */
int loam_qfilter_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qfilter **out);
/* A line of filters combined with AND/OR/NOT/XOR and delimiters. */
int loam_qboolean_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qfilter **out);
/* Whether s looks like a Boolean combination (a delimiter after any NOT). */
int loam_qboolean_looks_like(const char *s, size_t n);

int loam_qfilter_match(const loam_qfilter *f, const loam_qtask *t);
/* Whether f looks only at the status (done, status.type, status.name, and
 * Boolean combinations of those): then it can be worked out per symbol. */
int loam_qfilter_status_only(const loam_qfilter *f);
/* Whether f looks only at the tags (has tags, tags include, tag regex,
 * and Boolean combinations): then it can be worked out per set of tags. */
int loam_qfilter_tags_only(const loam_qfilter *f);
/* Appends the explanation of f (indented by `indent` spaces). */
void loam_qfilter_explain(const loam_qfilter *f, int indent, loam_strbuf *out);

/* ---- sorting (sort.c) and grouping (group.c) ---------------------------- */

typedef enum {
  LOAM_QSORT_STATUS,
  LOAM_QSORT_STATUS_NAME,
  LOAM_QSORT_STATUS_TYPE,
  LOAM_QSORT_ID,
  LOAM_QSORT_DONE,
  LOAM_QSORT_DUE,
  LOAM_QSORT_SCHEDULED,
  LOAM_QSORT_START,
  LOAM_QSORT_CREATED,
  LOAM_QSORT_CANCELLED,
  LOAM_QSORT_HAPPENS,
  LOAM_QSORT_DESCRIPTION,
  LOAM_QSORT_PRIORITY,
  LOAM_QSORT_URGENCY,
  LOAM_QSORT_RECURRING,
  LOAM_QSORT_TAG,
  LOAM_QSORT_PATH,
  LOAM_QSORT_FILENAME,
  LOAM_QSORT_HEADING,
  LOAM_QSORT_RANDOM
} loam_qsort_key;

typedef struct {
  loam_qsort_key key;
  int reverse;
  int tag_n;              /* 1-based tag for `sort by tag N` */
  const loam_qstmt *stmt; /* NULL for the default keys */
} loam_qsort;

/* Parses "<key> [reverse]" (the text after `sort by`). */
int loam_qsort_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qsort *out);
/* Whether the default key path is the last one that orders (the user's
 * keys do not include path). */
int loam_qsort_path_last(const loam_qsort *keys, size_t n_keys);

/* ---- text order (collate.c) and integer order (rank.c) ------------------ */

/* Locale-like comparison: case and accents as tie-breaks, digit runs by
 * value ("Note 2" < "Note 10"), punctuation before digits before letters. */
int loam_qtext_collate(const char *a, size_t an, const char *b, size_t bn);
/* Appends s's sort key: comparing keys bytewise (then the shorter first)
 * orders as loam_qtext_collate does before its case and accent tie-breaks. */
void loam_qtext_key(const char *s, size_t n, loam_strbuf *out);
/* Ranks s[0..n) (lengths len) in collation order into rank[0..n): equal
 * strings (collate 0) get equal ranks. Returns the number of ranks. */
uint32_t loam_qtext_rank(const char *const *s, const size_t *len, size_t n, uint32_t *rank);

/* A sort column: v[i] in 0..max for item i. */
typedef struct {
  const uint32_t *v;
  uint32_t max;
} loam_qcol;

/* The stable order of items 0..n-1 by cols (most significant first). */
void loam_qorder(const loam_qcol *cols, size_t n_cols, size_t n, uint32_t *perm,
                 loam_qscratch *scratch);

/* Sorting rows: loam_qsorter_take() the rows the filters accepted (in
 * vault order, or with `by_path` in loam_qcache_path_order(), then the
 * default path key, which must be the last one (loam_qsort_path_last()),
 * is not sorted by again), then loam_qsorter_order() gives the stable order
 * by keys and the plugin's default keys. */
typedef struct loam_qsorter loam_qsorter;
loam_qsorter *loam_qsorter_new(const loam_qrun *r, const loam_qsort *keys, size_t n_keys,
                               int by_path, size_t cap);
/* Rows [from, to) (to <= cap) are hits[from, to). */
void loam_qsorter_take(loam_qsorter *s, const loam_qhit *hits, size_t from, size_t to);
/* perm[0..n): the rows in sorted order. */
void loam_qsorter_order(loam_qsorter *s, size_t n, uint32_t *perm);
/* Or the columns that order them (loam_qsorter_count(), most significant
 * first; valid until loam_qsorter_free), to sort with other keys before. */
size_t loam_qsorter_count(const loam_qsorter *s);
void loam_qsorter_columns(loam_qsorter *s, size_t n, loam_qcol *cols);
void loam_qsorter_free(loam_qsorter *s);

/* Numbers distinct values (an integer and an optional string) from 0. */
typedef struct {
  uint64_t hash, a;
  const char *s; /* a copy, or NULL */
  size_t len;
  uint32_t id;
  int used;
} loam_qslot_entry;

typedef struct {
  loam_qslot_entry *tab;
  size_t cap, len;
  loam_arena arena;
} loam_qslots;

uint32_t loam_qslots_get(loam_qslots *t, uint64_t a, const char *s, size_t len, int *is_new);
void loam_qslots_free(loam_qslots *t);

typedef enum {
  LOAM_QGROUP_STATUS,
  LOAM_QGROUP_STATUS_NAME,
  LOAM_QGROUP_STATUS_TYPE,
  LOAM_QGROUP_ID,
  LOAM_QGROUP_DUE,
  LOAM_QGROUP_DONE,
  LOAM_QGROUP_SCHEDULED,
  LOAM_QGROUP_START,
  LOAM_QGROUP_CREATED,
  LOAM_QGROUP_CANCELLED,
  LOAM_QGROUP_HAPPENS,
  LOAM_QGROUP_PRIORITY,
  LOAM_QGROUP_URGENCY,
  LOAM_QGROUP_RECURRING,
  LOAM_QGROUP_RECURRENCE,
  LOAM_QGROUP_TAGS,
  LOAM_QGROUP_PATH,
  LOAM_QGROUP_ROOT,
  LOAM_QGROUP_FOLDER,
  LOAM_QGROUP_FILENAME,
  LOAM_QGROUP_BACKLINK,
  LOAM_QGROUP_HEADING
} loam_qgroup_key;

typedef struct {
  loam_qgroup_key key;
  int reverse;
  const loam_qstmt *stmt;
} loam_qgroup;

/* One heading a task belongs to: `key` orders the groups (it may carry the
 * plugin's hidden %%N%% prefix), `display` is the plugin's heading
 * Markdown without that prefix (`[[Note]]`, `Work/my\_notes`). */
typedef struct {
  const char *key;
  const char *display;
  double num; /* urgency groups order by number */
} loam_qgval;

typedef LOAM_VEC(loam_qgval) loam_qgval_vec;

/* Parses "<key> [reverse]" (the text after `group by`). */
int loam_qgroup_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qgroup *out);
/* Appends the headings of t under g (tags give one per tag). */
void loam_qgroup_values(const loam_qgroup *g, const loam_qtask *t, loam_arena *arena,
                        loam_qgval_vec *out);
/* The heading of a note under `group by` path, folder, root or filename
 * (the key and the text are the same), from its path and the offset of its
 * file name; appended to out. */
void loam_qgroup_note_text(loam_qgroup_key k, const char *path, size_t name, loam_strbuf *out);

/* The headings of one grouper for rows[0..n): each row has one value (or,
 * for tags, start[i]..start[i+1]), each value a rank (the order of the
 * headings, reverse applied; equal headings equal ranks) and a slot (its
 * text: loam_qglevel_text). */
typedef struct {
  const loam_qgroup *g;
  size_t n;
  uint32_t *start; /* NULL: value i belongs to row i */
  uint32_t *rank, *slot;
  uint32_t max; /* largest rank */
  int per_note; /* a row's slot is its note (slot: NULL) */
  char **text;  /* per slot, when !per_note (arena) */
  const char **memo;
  size_t n_slots;
  loam_arena arena;
  loam_strbuf buf;
} loam_qglevel; /* arrays in the query's scratch */

void loam_qgroup_level(const loam_qrun *r, const loam_qgroup *g, const loam_qhit *rows, size_t n,
                       loam_qglevel *out);
/* Small pieces of a result's arena, carved out of big blocks. */
typedef struct {
  loam_arena *arena;
  char *at;
  size_t left;
} loam_qbump;

static inline void *loam_qbump_alloc(loam_qbump *b, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (n > b->left) {
    size_t size = n > 65536 ? n : 65536;
    b->at = loam_arena_alloc(b->arena, size);
    b->left = size;
  }
  void *p = b->at;
  b->at += n, b->left -= n;
  return p;
}

/* The heading text of `slot`, copied once into the result (b). */
const char *loam_qglevel_text(loam_qglevel *lv, const loam_qrun *r, uint32_t slot, loam_qbump *b);

#if defined(__GNUC__)
#define LOAM_QPREFETCH(p) __builtin_prefetch(p)
#else
#define LOAM_QPREFETCH(p) ((void)(p))
#endif

/* Asks for the memory loam_qglevel_text(slot) will read: `stage` 0 the
 * note, then (some rows later) 1 its path. Per-note headings are read in
 * heading order, all over the table. */
static inline void loam_qglevel_prefetch(const loam_qglevel *lv, const loam_qrun *r, uint32_t slot,
                                         int stage) {
  if (!lv->per_note) return;
  const loam_qnote *m = &r->cache->notes.items[slot];
  if (stage == 0)
    LOAM_QPREFETCH(m);
  else
    LOAM_QPREFETCH(r->cache->pool.items + m->path + m->name);
}
void loam_qglevel_free(loam_qglevel *lv);

/* ---- the query ---------------------------------------------------------- */

struct loam_query {
  loam_arena arena;
  LOAM_VEC(loam_qfilter *) filters;
  LOAM_VEC(const loam_qstmt *) filter_stmts;
  LOAM_VEC(loam_qsort) sorts;
  LOAM_VEC(loam_qgroup) groups;
  LOAM_VEC(const loam_qstmt *) layout_stmts;
  LOAM_VEC(loam_qregex *) regexes;
  long limit, limit_groups; /* -1: none */
  const loam_qstmt *limit_stmt, *limit_groups_stmt;
  loam_query_layout layout;
  int explain, ignore_global, uses_blocking, has_columns;
  loam_qgroup columns; /* `view columns by ...`: an outermost group */
  loam_date today;
  char *explanation; /* built once parsing succeeded */
};

/* Appends the body of the plugin's explanation of q (without its title):
 * the instructions from `origin`, 0 the block, 1 the query file defaults,
 * -1 both. */
void loam_qexplain_body(const loam_query *q, int origin, loam_strbuf *out);

#endif
