/*
 * query.c: parsing a ```tasks block statement by statement, and running it.
 *
 * The query's note may add instructions first through its TQ_* properties
 * (the plugin's "query file defaults": TQ_short_mode, TQ_show_tree,
 * TQ_extra_instructions, ...); later instructions win.
 *
 * Statements are tried in the plugin's order: `preset`, `short mode`,
 * `full mode`, `explain`, `ignore global query`, `limit`, `sort by`,
 * `group by`, `view`, `hide`/`show`, `#` comments, and finally filters. The
 * first statement that fails stops the parse with its line, column and
 * what was expected.
 *
 * Running a query is run.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define S_MAX_PRESET_DEPTH 8

/* ---- parser services ------------------------------------------------------ */

static int S_vfail(loam_qparser *p, int code, size_t off, const char *fmt, va_list ap) {
  int line = 0, col = 0;
  if (p->stmt) loam_qstmt_pos(p->stmt, off, &line, &col);
  char msg[400];
  vsnprintf(msg, sizeof(msg), fmt, ap);
  if (p->stmt && p->stmt->from_defaults)
    return loam_error_set(p->err, code, 0, 0, "query file defaults (TQ_* properties of %s): %s",
                          p->ctx->query_path, msg);
  return loam_error_set(p->err, code, line, col, "line %d: %s", line, msg);
}

int loam_qparse_fail(loam_qparser *p, size_t off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = S_vfail(p, LOAM_E_QUERY, off, fmt, ap);
  va_end(ap);
  return rc;
}

int loam_qparse_fail_code(loam_qparser *p, int code, size_t off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = S_vfail(p, code, off, fmt, ap);
  va_end(ap);
  return rc;
}

loam_arena *loam_qparse_arena(loam_qparser *p) { return &p->q->arena; }
void loam_qparse_keep_regex(loam_qparser *p, loam_qregex *re) { LOAM_VEC_PUSH(&p->q->regexes, re); }
void loam_qparse_uses_blocking(loam_qparser *p) { p->q->uses_blocking = 1; }

/* ---- statements ----------------------------------------------------------- */

static int S_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive `word` at the start of s, then a space or the end;
 * *rest is the offset after the following spaces. */
static int S_starts(const char *s, size_t n, const char *word, size_t *rest) {
  size_t i = 0;
  for (; *word; word++, i++)
    if (i >= n || S_lower((unsigned char)s[i]) != *word) return 0;
  if (i < n && s[i] != ' ') return 0;
  while (i < n && s[i] == ' ') i++;
  if (rest) *rest = i;
  return 1;
}

/* Two words, e.g. "sort" "by", with any spaces between. */
static int S_two(const char *s, size_t n, const char *w1, const char *w2, size_t *rest) {
  size_t a, b;
  if (!S_starts(s, n, w1, &a) || !S_starts(s + a, n - a, w2, &b)) return 0;
  *rest = a + b;
  return 1;
}

static int S_is(const char *s, size_t n, const char *phrase) {
  size_t rest;
  return S_starts(s, n, phrase, &rest) && rest == n;
}

/* limit [groups] [to] N [task|tasks] */
static int S_limit(loam_qparser *p, const char *s, size_t n, size_t at) {
  int groups = 0;
  size_t r;
  if (S_starts(s + at, n - at, "groups", &r)) groups = 1, at += r;
  if (S_starts(s + at, n - at, "to", &r)) at += r;
  long v = 0;
  size_t d = at;
  while (d < n && s[d] >= '0' && s[d] <= '9' && v < 100000000) v = v * 10 + (s[d++] - '0');
  size_t tail = d;
  while (tail < n && s[tail] == ' ') tail++;
  int ok = d > at && (tail == n || (tail > d && (S_is(s + tail, n - tail, "tasks") ||
                                                 S_is(s + tail, n - tail, "task"))));
  if (!ok)
    return loam_qparse_fail(p, at,
                            "do not understand query limit: expected 'limit N', 'limit "
                            "to N tasks', 'limit groups N' or 'limit groups to N tasks'");
  if (groups)
    p->q->limit_groups = v, p->q->limit_groups_stmt = p->stmt;
  else
    p->q->limit = v, p->q->limit_stmt = p->stmt;
  return 0;
}

static const struct {
  const char *name;
  unsigned bit; /* 0: accepted, nothing to hide in an editor buffer */
} S_elements[] = {
    {"backlink", LOAM_SHOW_BACKLINK},
    {"edit button", LOAM_SHOW_EDIT_BUTTON},
    {"nested backlink", 0},
    {"postpone button", 0},
    {"task count", LOAM_SHOW_TASK_COUNT},
    {"group count", LOAM_SHOW_GROUP_COUNT},
    {"toolbar", 0},
    {"tree", LOAM_SHOW_TREE},
    {"urgency", LOAM_SHOW_URGENCY},
    {"cancelled date", LOAM_SHOW_CANCELLED},
    {"created date", LOAM_SHOW_CREATED},
    {"depends on", LOAM_SHOW_DEPENDS_ON},
    {"done date", LOAM_SHOW_DONE},
    {"due date", LOAM_SHOW_DUE},
    {"id", LOAM_SHOW_ID},
    {"on completion", LOAM_SHOW_ON_COMPLETION},
    {"priority", LOAM_SHOW_PRIORITY},
    {"recurrence rule", LOAM_SHOW_RECURRENCE},
    {"scheduled date", LOAM_SHOW_SCHEDULED},
    {"start date", LOAM_SHOW_START},
    {"tags", LOAM_SHOW_TAGS},
};

/* hide|show <element>: the element name, or its plural. */
static int S_hide_show(loam_qparser *p, const char *s, size_t n, size_t at, int hide) {
  for (size_t i = 0; i < sizeof(S_elements) / sizeof(S_elements[0]); i++) {
    size_t k = strlen(S_elements[i].name), m = n - at;
    int eq = 1;
    for (size_t j = 0; j < k && eq; j++)
      eq = j < m && S_lower((unsigned char)s[at + j]) == S_elements[i].name[j];
    if (!eq || !(m == k || (m == k + 1 && S_lower((unsigned char)s[n - 1]) == 's'))) continue;
    unsigned bit = S_elements[i].bit;
    if (hide)
      p->q->layout.hide |= bit;
    else
      p->q->layout.hide &= ~bit;
    if (bit == LOAM_SHOW_TREE) p->q->layout.show_tree = !hide;
    LOAM_VEC_PUSH(&p->q->layout_stmts, p->stmt);
    return 0;
  }
  return loam_qparse_fail(p, at,
                          "do not understand hide/show option '%.*s': expected one of "
                          "id, depends on, priority, recurrence rule, on completion, "
                          "created date, start date, scheduled date, due date, "
                          "cancelled date, done date, tags, backlink(s), urgency, task "
                          "count, group count, tree, edit button, postpone button, "
                          "toolbar",
                          (int)(n - at), s + at);
}

static int S_statement(loam_qparser *p, const loam_qstmt *st, int preset_depth);

static int S_preset(loam_qparser *p, const char *s, size_t n, size_t at, int depth) {
  const char *text = loam_qpreset_text(s + at, n - at);
  if (!text)
    return loam_qparse_fail(p, at,
                            "cannot find preset \"%.*s\": the presets are this_file, "
                            "this_folder, this_folder_only, this_root, hide_date_fields, "
                            "hide_non_date_fields, hide_query_elements, hide_everything",
                            (int)(n - at), s + at);
  if (depth >= S_MAX_PRESET_DEPTH) return loam_qparse_fail(p, at, "presets nested too deeply");
  loam_qstmt_vec sub = {0};
  const loam_qstmt *outer = p->stmt;
  int rc = loam_qstmt_split(text, strlen(text), p->ctx, &p->q->arena, &sub, p->err);
  for (size_t i = 0; rc == 0 && i < sub.len; i++) {
    loam_qstmt *st = sub.items[i]; /* reported at, and explained as, the preset line */
    st->raw = outer->raw;
    st->joined = outer->text;
    st->line = outer->line, st->col = outer->col, st->n_segs = 0;
    rc = S_statement(p, st, depth + 1);
  }
  p->stmt = outer;
  free(sub.items);
  return rc;
}

static int S_filter(loam_qparser *p, const char *s, size_t n) {
  loam_qfilter *f;
  int rc = loam_qfilter_parse(p, s, n, 0, &f);
  if (rc) return rc;
  LOAM_VEC_PUSH(&p->q->filters, f);
  LOAM_VEC_PUSH(&p->q->filter_stmts, p->stmt);
  return 0;
}

static int S_statement(loam_qparser *p, const loam_qstmt *st, int preset_depth) {
  p->stmt = st;
  const char *s = st->text;
  size_t n = strlen(s), at;
  loam_query *q = p->q;
  if (S_starts(s, n, "preset", &at) && at < n) return S_preset(p, s, n, at, preset_depth);
  if (S_is(s, n, "short") || S_is(s, n, "short mode")) {
    q->layout.short_mode = 1;
    LOAM_VEC_PUSH(&q->layout_stmts, st);
    return 0;
  }
  if (S_is(s, n, "full") || S_is(s, n, "full mode")) {
    q->layout.short_mode = 0;
    LOAM_VEC_PUSH(&q->layout_stmts, st);
    return 0;
  }
  if (S_is(s, n, "explain")) return q->explain = 1, 0;
  if (S_is(s, n, "ignore global query")) return q->ignore_global = 1, 0;
  if (S_starts(s, n, "limit", &at)) return S_limit(p, s, n, at);
  if (S_two(s, n, "sort", "by", &at)) {
    loam_qsort k;
    int rc = loam_qsort_parse(p, s + at, n - at, at, &k);
    if (rc == 0) LOAM_VEC_PUSH(&q->sorts, k);
    return rc;
  }
  if (S_two(s, n, "group", "by", &at)) {
    loam_qgroup g;
    int rc = loam_qgroup_parse(p, s + at, n - at, at, &g);
    if (rc == 0) LOAM_VEC_PUSH(&q->groups, g);
    return rc;
  }
  if (S_starts(s, n, "view", &at)) {
    size_t r;
    if (S_is(s + at, n - at, "list")) {
      q->has_columns = 0;
    } else if (S_two(s + at, n - at, "columns", "by", &r)) {
      int rc = loam_qgroup_parse(p, s + at + r, n - at - r, at + r, &q->columns);
      if (rc) return rc;
      q->has_columns = 1;
    } else {
      return loam_qparse_fail(p, at,
                              "do not understand view mode '%.*s': expected 'view list' "
                              "or 'view columns by <group key>'",
                              (int)(n - at), s + at);
    }
    LOAM_VEC_PUSH(&q->layout_stmts, st);
    return 0;
  }
  if (S_starts(s, n, "hide", &at)) return S_hide_show(p, s, n, at, 1);
  if (S_starts(s, n, "show", &at)) return S_hide_show(p, s, n, at, 0);
  if (s[0] == '#') return 0;
  return S_filter(p, s, n);
}

/* ---- query file defaults ------------------------------------------------- */

/* The note's TQ_* properties, in the plugin's order, as instructions. */
static const struct {
  const char *property, *on, *off;
} S_defaults[] = {
    {"TQ_show_toolbar", "show toolbar", "hide toolbar"},
    {"TQ_explain", "explain", NULL},
    {"TQ_short_mode", "short mode", "full mode"},
    {"TQ_show_tree", "show tree", "hide tree"},
    {"TQ_show_tags", "show tags", "hide tags"},
    {"TQ_show_id", "show id", "hide id"},
    {"TQ_show_depends_on", "show depends on", "hide depends on"},
    {"TQ_show_priority", "show priority", "hide priority"},
    {"TQ_show_recurrence_rule", "show recurrence rule", "hide recurrence rule"},
    {"TQ_show_on_completion", "show on completion", "hide on completion"},
    {"TQ_show_created_date", "show created date", "hide created date"},
    {"TQ_show_start_date", "show start date", "hide start date"},
    {"TQ_show_scheduled_date", "show scheduled date", "hide scheduled date"},
    {"TQ_show_due_date", "show due date", "hide due date"},
    {"TQ_show_cancelled_date", "show cancelled date", "hide cancelled date"},
    {"TQ_show_done_date", "show done date", "hide done date"},
    {"TQ_show_urgency", "show urgency", "hide urgency"},
    {"TQ_show_backlink", "show backlink", "hide backlink"},
    {"TQ_show_edit_button", "show edit button", "hide edit button"},
    {"TQ_show_postpone_button", "show postpone button", "hide postpone button"},
    {"TQ_show_task_count", "show task count", "hide task count"},
    {"TQ_extra_instructions", NULL, NULL},
};

static int S_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (S_lower((unsigned char)*a) != *b) return 0;
  return *a == *b;
}

/* The instructions the query's note asks for, or NULL (caller frees). */
static char *S_file_defaults(const loam_query_ctx *ctx) {
  if (!ctx->vault || !ctx->query_path) return NULL;
  int32_t idx = loam_vault_find(ctx->vault, ctx->query_path);
  if (idx < 0) return NULL;
  const loam_note *note = loam_vault_note(ctx->vault, (size_t)idx);
  loam_strbuf b = {0};
  for (size_t i = 0; i < sizeof(S_defaults) / sizeof(S_defaults[0]); i++) {
    const char *v = loam_note_field(note, S_defaults[i].property);
    if (!v) continue;
    const char *line = !S_defaults[i].on   ? v /* extra instructions */
                       : S_ieq(v, "true")  ? S_defaults[i].on
                       : S_ieq(v, "false") ? S_defaults[i].off
                                           : NULL;
    if (line && *line) loam_strbuf_printf(&b, "%s\n", line);
  }
  return b.len ? loam_strbuf_detach(&b) : NULL;
}

static int S_parse_text(loam_qparser *p, const char *text, size_t len, int from_defaults) {
  loam_qstmt_vec stmts = {0};
  int rc = loam_qstmt_split(text, len, p->ctx, &p->q->arena, &stmts, p->err);
  for (size_t i = 0; rc == 0 && i < stmts.len; i++) {
    loam_qstmt *st = stmts.items[i];
    if (from_defaults) st->from_defaults = 1, st->line = st->col = 0, st->n_segs = 0;
    rc = S_statement(p, st, 0);
  }
  free(stmts.items);
  return rc;
}

static char *S_explanation(loam_query *q, int with_defaults) {
  loam_strbuf b = {0};
  if (with_defaults) {
    loam_strbuf_puts(&b, "Explanation of the Query File Defaults (from properties/frontmatter in "
                         "the query's file):\n\n");
    loam_qexplain_body(q, 1, &b);
    loam_strbuf_putc(&b, '\n');
  }
  loam_strbuf_puts(&b, "Explanation of this Tasks code block query:\n\n");
  loam_qexplain_body(q, 0, &b);
  char *r = loam_arena_strdup(&q->arena, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return r;
}

loam_query *loam_query_parse(const char *text, size_t len, const loam_query_ctx *ctx,
                             loam_error *err) {
  loam_query *q = loam_xcalloc(1, sizeof(*q));
  q->limit = q->limit_groups = -1;
  q->layout.hide = LOAM_SHOW_URGENCY | LOAM_SHOW_GROUP_COUNT | LOAM_SHOW_TREE;
  loam_query_ctx none = {loam_date_today(), NULL, NULL, NULL};
  if (!ctx) ctx = &none;
  q->today = ctx->today;
  loam_qparser p = {q, ctx, NULL, err, 0};
  char *defaults = S_file_defaults(ctx);
  int rc = defaults ? S_parse_text(&p, defaults, strlen(defaults), 1) : 0;
  if (rc == 0) rc = S_parse_text(&p, text ? text : "", text ? len : 0, 0);
  if (rc == 0 && q->explain) q->explanation = S_explanation(q, defaults != NULL);
  free(defaults);
  if (rc) {
    loam_query_free(q);
    return NULL;
  }
  return q;
}

void loam_query_free(loam_query *q) {
  if (!q) return;
  for (size_t i = 0; i < q->regexes.len; i++) loam_qregex_free(q->regexes.items[i]);
  free(q->regexes.items);
  free(q->filters.items);
  free(q->filter_stmts.items);
  free(q->sorts.items);
  free(q->groups.items);
  free(q->layout_stmts.items);
  loam_arena_free(&q->arena);
  free(q);
}
