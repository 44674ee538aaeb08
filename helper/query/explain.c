/*
 * explain.c: the text of the `explain` instruction, in the plugin's layout.
 *
 *   Explanation of this Tasks code block query:
 *
 *     not done =>
 *       status type is TODO or IN_PROGRESS or ON_HOLD
 *
 *     (due before tomorrow) AND (is recurring) =>
 *       AND (All of):
 *         due before tomorrow =>
 *           due date is before 2022-10-22 (Saturday 22nd October 2022)
 *         is recurring
 *
 * Dates appear resolved, regexes as they are used, continuation lines and
 * placeholders as written and then as understood; then the group, sort and
 * layout instructions and the limits. Instructions from the query file
 * defaults (TQ_* properties) get a section of their own first.
 */
#include <string.h>

#include "internal.h"

static void S_indent(loam_strbuf *out, int n) {
  for (int i = 0; i < n; i++) loam_strbuf_putc(out, ' ');
}

/* Each line of text at `indent`, lines separated (not ended) by '\n'. */
static void S_lines(loam_strbuf *out, const char *text, int indent) {
  for (;;) {
    const char *nl = strchr(text, '\n');
    S_indent(out, indent);
    loam_strbuf_put(out, text, nl ? (size_t)(nl - text) : strlen(text));
    if (!nl) return;
    loam_strbuf_putc(out, '\n');
    text = nl + 1;
  }
}

static int S_is_bool(const loam_qfilter *f) {
  return f->kind == LOAM_QF_AND || f->kind == LOAM_QF_OR || f->kind == LOAM_QF_XOR ||
         f->kind == LOAM_QF_NOT;
}

/* A leaf inside a Boolean: its explanation, after "instruction =>" when
 * that differs from the instruction itself. */
static void S_child(const loam_qfilter *f, int indent, loam_strbuf *out) {
  if (S_is_bool(f)) {
    loam_qfilter_explain(f, indent, out);
  } else if (f->explain) {
    S_lines(out, f->source, indent);
    loam_strbuf_puts(out, " =>\n");
    S_lines(out, f->explain, indent + 2);
  } else {
    S_lines(out, f->source, indent);
  }
}

void loam_qfilter_explain(const loam_qfilter *f, int indent, loam_strbuf *out) {
  static const char *const symbols[] = {"AND", "OR", "XOR", "NOT"};
  static const char *const descriptions[] = {"All of", "At least one of", "Exactly one of",
                                             "None of"};
  if (!S_is_bool(f)) {
    S_lines(out, f->explain ? f->explain : f->source, indent);
    return;
  }
  S_indent(out, indent);
  loam_strbuf_puts(out, symbols[f->kind]);
  if (f->n_kids > 1) loam_strbuf_printf(out, " (%s)", descriptions[f->kind]);
  loam_strbuf_putc(out, ':');
  for (size_t i = 0; i < f->n_kids; i++) {
    loam_strbuf_putc(out, '\n');
    S_child(f->kids[i], indent + 2, out);
  }
}

/* The statement as written, then each rewriting of it ("=>"). */
static void S_statement(const loam_qstmt *st, loam_strbuf *out) {
  S_lines(out, st->raw, 2);
  if (strchr(st->raw, '\n')) loam_strbuf_puts(out, "\n  ");
  if (strcmp(st->joined, st->raw) != 0) loam_strbuf_printf(out, " =>\n  %s", st->joined);
  if (strcmp(st->text, st->joined) != 0) loam_strbuf_printf(out, " =>\n  %s", st->text);
}

static void S_filter(const loam_qfilter *f, const loam_qstmt *st, loam_strbuf *out) {
  S_statement(st, out);
  int same = !S_is_bool(f) && strcmp(f->source, st->text) == 0;
  if (same && !f->explain) {
    loam_strbuf_putc(out, '\n');
    return;
  }
  loam_strbuf_puts(out, " =>\n");
  if (same)
    S_lines(out, f->explain, 4);
  else
    S_child(f, 4, out);
  loam_strbuf_putc(out, '\n');
}

/* Whether st comes from `origin` (0 the block, 1 the query file defaults,
 * -1 either). */
static int S_from(const loam_qstmt *st, int origin) {
  return origin < 0 || !st || st->from_defaults == origin;
}

/* The statements from `origin`, separated by blank lines. */
static void S_statements(const loam_qstmt *const *st, size_t n, int origin, int *first,
                         loam_strbuf *out) {
  for (size_t i = 0; i < n; i++) {
    if (origin >= 0 && st[i]->from_defaults != origin) continue;
    loam_strbuf_puts(out, *first ? "\n" : "\n\n");
    *first = 0;
    S_statement(st[i], out);
  }
}

static void S_section(const loam_qstmt *const *st, size_t n, int origin, loam_strbuf *out) {
  int first = 1;
  S_statements(st, n, origin, &first, out);
  if (!first) loam_strbuf_putc(out, '\n');
}

static void S_limit(long n, const char *tail, loam_strbuf *out) {
  loam_strbuf_printf(out, "\n  At most %ld task%s%s.\n", n, n == 1 ? "" : "s", tail);
}

void loam_qexplain_body(const loam_query *q, int origin, loam_strbuf *out) {
  if (q->ignore_global) loam_strbuf_puts(out, "  ignore global query\n\n");
  size_t shown = 0;
  for (size_t i = 0; i < q->filters.len; i++) {
    if (origin >= 0 && q->filter_stmts.items[i]->from_defaults != origin) continue;
    if (shown++) loam_strbuf_putc(out, '\n');
    S_filter(q->filters.items[i], q->filter_stmts.items[i], out);
  }
  if (shown == 0) loam_strbuf_puts(out, "  No filters supplied. All tasks will match the query.\n");
  const loam_qstmt *st[256];
  size_t n = 0;
  for (size_t i = 0; i < q->groups.len && n < 256; i++) st[n++] = q->groups.items[i].stmt;
  S_section(st, n, origin, out);
  n = 0;
  for (size_t i = 0; i < q->sorts.len && n < 256; i++) st[n++] = q->sorts.items[i].stmt;
  S_section(st, n, origin, out);
  S_section(q->layout_stmts.items, q->layout_stmts.len, origin, out);
  if (q->limit >= 0 && S_from(q->limit_stmt, origin)) S_limit(q->limit, "", out);
  if (q->limit_groups >= 0 && S_from(q->limit_groups_stmt, origin))
    S_limit(q->limit_groups, " per group (if any \"group by\" options are supplied)", out);
}
