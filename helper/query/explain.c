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
 * layout instructions and the limits.
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
  if (same) S_lines(out, f->explain, 4);
  else S_child(f, 4, out);
  loam_strbuf_putc(out, '\n');
}

static void S_statements(const loam_qstmt *const *st, size_t n, loam_strbuf *out) {
  for (size_t i = 0; i < n; i++) {
    if (i) loam_strbuf_puts(out, "\n\n");
    S_statement(st[i], out);
  }
  if (n) loam_strbuf_putc(out, '\n');
}

static void S_limit(long n, const char *tail, loam_strbuf *out) {
  loam_strbuf_printf(out, "  At most %ld task%s%s.\n", n, n == 1 ? "" : "s", tail);
}

char *loam_qexplain_build(loam_query *q) {
  loam_strbuf out = {0};
  loam_strbuf_puts(&out, "Explanation of this Tasks code block query:\n\n");
  if (q->ignore_global) loam_strbuf_puts(&out, "  ignore global query\n\n");
  if (q->filters.len == 0)
    loam_strbuf_puts(&out, "  No filters supplied. All tasks will match the query.\n");
  for (size_t i = 0; i < q->filters.len; i++) {
    if (i) loam_strbuf_putc(&out, '\n');
    S_filter(q->filters.items[i], q->filter_stmts.items[i], &out);
  }
  const loam_qstmt *st[256];
  size_t n = 0;
  for (size_t i = 0; i < q->groups.len && n < 256; i++) st[n++] = q->groups.items[i].stmt;
  if (n) loam_strbuf_putc(&out, '\n');
  S_statements(st, n, &out);
  n = 0;
  for (size_t i = 0; i < q->sorts.len && n < 256; i++) st[n++] = q->sorts.items[i].stmt;
  if (n) loam_strbuf_putc(&out, '\n');
  S_statements(st, n, &out);
  if (q->layout_stmts.len) loam_strbuf_putc(&out, '\n');
  S_statements(q->layout_stmts.items, q->layout_stmts.len, &out);
  if (q->limit >= 0) loam_strbuf_putc(&out, '\n'), S_limit(q->limit, "", &out);
  if (q->limit_groups >= 0) {
    loam_strbuf_putc(&out, '\n');
    S_limit(q->limit_groups, " per group (if any \"group by\" options are supplied)", &out);
  }
  char *r = loam_arena_strdup(&q->arena, loam_strbuf_cstr(&out));
  loam_strbuf_free(&out);
  return r;
}
