/*
 * boolean.c: filters combined on one line with AND, OR, XOR and NOT.
 *
 *   (due before tomorrow) AND NOT [tags include #someday]   -- not valid:
 *   every operand must use the same delimiter pair, one of ( ) [ ] { } " "
 *
 * The delimiter is the first character after any leading NOT, and the
 * line's last character must close it (the plugin's rule). Operators are
 * upper case; spaces around them are optional; precedence is NOT, XOR,
 * AND, OR; XOR chains pairwise, so `A XOR B XOR C` holds for one or three.
 *
 * An operand's text runs from its opening delimiter to a closing one that
 * is followed only by more closers and spaces and then an operator and an
 * opening delimiter, or the end of the line. Unlike the plugin, closers
 * needed to balance parentheses inside the operand stay in it, so
 * `(description includes (maybe)) OR (...)` works with plain parentheses;
 * everything the plugin accepts is read the same way.
 *
 * The tree is built as the plugin explains it: `a AND b AND c` is one AND
 * node with three operands.
 */
#include <string.h>

#include "internal.h"

#define S_MAX_DEPTH 100

typedef struct {
  loam_qparser *p;
  const char *s;
  size_t n, off, i;
  char open, close;
  int depth; /* delimiter pairs currently open */
} S_bp;

static const char S_opens[] = "([{\"", S_closes[] = ")]}\"";

static void S_skip(S_bp *b) {
  while (b->i < b->n && (b->s[b->i] == ' ' || b->s[b->i] == '\t')) b->i++;
}

static int S_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether s[i..) starts with the operator word (not a longer word). */
static int S_op_at(const char *s, size_t n, size_t i, const char *op) {
  size_t k = strlen(op);
  return i + k <= n && memcmp(s + i, op, k) == 0 && (i + k == n || !S_alnum(s[i + k]));
}

static size_t S_skip_spaces(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  return i;
}

/* After an operand's closers: an operator (with any NOTs) and an opener. */
static int S_operator_follows(const S_bp *b, size_t i) {
  const char *ops[] = {"AND", "OR", "XOR"};
  for (int k = 0; k < 3; k++) {
    if (!S_op_at(b->s, b->n, i, ops[k])) continue;
    size_t j = S_skip_spaces(b->s, b->n, i + strlen(ops[k]));
    while (S_op_at(b->s, b->n, j, "NOT")) j = S_skip_spaces(b->s, b->n, j + 3);
    return j < b->n && b->s[j] == b->open;
  }
  return 0;
}

int loam_qboolean_looks_like(const char *s, size_t n) {
  size_t i = S_skip_spaces(s, n, 0);
  while (S_op_at(s, n, i, "NOT")) i = S_skip_spaces(s, n, i + 3);
  if (i < n && strchr(S_opens, s[i])) return 1;
  /* An operator before a delimiter anywhere: a Boolean with a bad start. */
  for (size_t k = 0; k < n; k++) {
    if (!(S_op_at(s, n, k, "AND") || S_op_at(s, n, k, "OR") || S_op_at(s, n, k, "XOR") ||
          S_op_at(s, n, k, "NOT")) ||
        (k > 0 && S_alnum(s[k - 1])))
      continue;
    size_t j = k;
    while (j < n && s[j] >= 'A' && s[j] <= 'Z') j++;
    j = S_skip_spaces(s, n, j);
    if (j < n && s[j] && strchr(S_opens, s[j])) return 1;
  }
  return 0;
}

/* ---- tree building -------------------------------------------------------- */

static int S_is_bool(const loam_qfilter *f) {
  return f->kind == LOAM_QF_AND || f->kind == LOAM_QF_OR || f->kind == LOAM_QF_XOR ||
         f->kind == LOAM_QF_NOT;
}

/* Appends to an arena array whose capacity is the next power of two. */
static void S_push_kid(S_bp *b, loam_qfilter *f, loam_qfilter *kid) {
  size_t n = f->n_kids;
  if (n == 0 || (n & (n - 1)) == 0) {
    loam_qfilter **kids =
        loam_arena_alloc(loam_qparse_arena(b->p), (n ? 2 * n : 2) * sizeof(*kids));
    if (n) memcpy(kids, f->kids, n * sizeof(*kids));
    f->kids = kids;
  }
  f->kids[f->n_kids++] = kid;
}

static loam_qfilter *S_node(S_bp *b, loam_qfilter_kind kind, loam_qfilter *left,
                            loam_qfilter *right) {
  if (kind != LOAM_QF_XOR && kind != LOAM_QF_NOT && left->kind == kind && !S_is_bool(right)) {
    S_push_kid(b, left, right);
    return left;
  }
  loam_qfilter *f = loam_arena_alloc(loam_qparse_arena(b->p), sizeof(*f));
  f->kind = kind;
  S_push_kid(b, f, left);
  if (right) S_push_kid(b, f, right);
  return f;
}

/* ---- parsing ---------------------------------------------------------- */

static int S_or(S_bp *b, loam_qfilter **out);

/* Reads one operand's text and parses it as a filter of its own. */
static int S_operand(S_bp *b, loam_qfilter **out) {
  const char *s = b->s;
  size_t start = b->i;
  for (size_t k = start; k < b->n; k++) {
    if (s[k] != b->close) continue;
    size_t q = k, closers = 0;
    while (q < b->n && (s[q] == b->close || s[q] == ' ' || s[q] == '\t'))
      closers += s[q++] == b->close;
    int eol = q == b->n;
    if (!eol && !S_operator_follows(b, q)) continue;
    size_t end = k; /* keep the closers that balance openers inside the text */
    long inside = 0;
    if (b->open != b->close)
      for (size_t j = start; j < k; j++) inside += (s[j] == b->open) - (s[j] == b->close);
    long spare = eol ? (long)closers - b->depth : (long)closers - 1;
    for (long keep = inside < spare ? inside : spare; keep > 0; end++)
      if (s[end] == b->close) keep--;
    b->i = end;
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    if (end == start)
      return loam_qparse_fail(b->p, b->off + start,
                              "empty filter between "
                              "delimiters");
    b->p->depth++;
    int rc = loam_qfilter_parse(b->p, s + start, end - start, b->off + start, out);
    b->p->depth--;
    return rc;
  }
  return loam_qparse_fail(b->p, b->off + start,
                          "malformed boolean query: no closing '%c' "
                          "followed by AND, OR, XOR or the end of the "
                          "line",
                          b->close);
}

static int S_primary(S_bp *b, loam_qfilter **out) {
  S_skip(b);
  if (b->i >= b->n || b->s[b->i] != b->open)
    return loam_qparse_fail(b->p, b->off + b->i,
                            "malformed boolean query: expected '%c' "
                            "(each filter must be inside the line's "
                            "delimiters)",
                            b->open);
  if (b->depth >= S_MAX_DEPTH || b->p->depth >= S_MAX_DEPTH)
    return loam_qparse_fail(b->p, b->off + b->i, "boolean query nested too deeply");
  b->i++;
  b->depth++;
  S_skip(b);
  int group = b->i < b->n &&
              ((b->s[b->i] == b->open && b->open != b->close) ||
               (S_op_at(b->s, b->n, b->i, "NOT") && S_skip_spaces(b->s, b->n, b->i + 3) < b->n &&
                b->s[S_skip_spaces(b->s, b->n, b->i + 3)] == b->open));
  int rc = group ? S_or(b, out) : S_operand(b, out);
  if (rc) return rc;
  S_skip(b);
  if (b->i >= b->n || b->s[b->i] != b->close)
    return loam_qparse_fail(b->p, b->off + b->i, "malformed boolean query: expected '%c'",
                            b->close);
  b->i++;
  b->depth--;
  return 0;
}

static int S_unary(S_bp *b, loam_qfilter **out) {
  S_skip(b);
  if (!S_op_at(b->s, b->n, b->i, "NOT")) return S_primary(b, out);
  b->i += 3;
  loam_qfilter *kid;
  int rc = S_unary(b, &kid);
  if (rc == 0) *out = S_node(b, LOAM_QF_NOT, kid, NULL);
  return rc;
}

/* One precedence level: operands of `next` joined by `op`. */
static int S_level(S_bp *b, const char *op, loam_qfilter_kind kind,
                   int (*next)(S_bp *, loam_qfilter **), loam_qfilter **out) {
  int rc = next(b, out);
  while (rc == 0) {
    S_skip(b);
    if (!S_op_at(b->s, b->n, b->i, op)) break;
    b->i += strlen(op);
    loam_qfilter *right;
    if ((rc = next(b, &right)) == 0) *out = S_node(b, kind, *out, right);
  }
  return rc;
}

static int S_xor(S_bp *b, loam_qfilter **out) {
  return S_level(b, "XOR", LOAM_QF_XOR, S_unary, out);
}
static int S_and(S_bp *b, loam_qfilter **out) { return S_level(b, "AND", LOAM_QF_AND, S_xor, out); }
static int S_or(S_bp *b, loam_qfilter **out) { return S_level(b, "OR", LOAM_QF_OR, S_and, out); }

int loam_qboolean_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qfilter **out) {
  S_bp b = {p, s, n, off, 0, 0, 0, 0};
  size_t i = S_skip_spaces(s, n, 0);
  while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == ' ')) i++;
  const char *o = i < n ? strchr(S_opens, s[i]) : NULL;
  if (!o || s[i] == '\0' || n == 0 || s[n - 1] != S_closes[o - S_opens])
    return loam_qparse_fail(p, off + (i < n ? i : 0),
                            "all filters in a Boolean instruction must be inside one of these "
                            "pairs of delimiter characters: (...) or [...] or {...} or \"...\"; "
                            "combinations of those delimiters are not supported");
  b.open = *o;
  b.close = S_closes[o - S_opens];
  int rc = S_or(&b, out);
  if (rc) return rc;
  S_skip(&b);
  if (b.i < n)
    return loam_qparse_fail(p, off + b.i,
                            "malformed boolean query: unexpected '%.*s' (expected "
                            "AND, OR, XOR, AND NOT, OR NOT or the end of the line)",
                            (int)(n - b.i), s + b.i);
  loam_qfilter *top = *out;
  if (S_is_bool(top)) top->source = loam_arena_strndup(loam_qparse_arena(p), s, n);
  return 0;
}
