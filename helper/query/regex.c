/*
 * regex.c: JavaScript-style `/pattern/flags` searches, run by PCRE2.
 *
 * Tasks queries carry JavaScript regular expressions. PCRE2 is close, and
 * its compile options make it closer: \u and \x as JavaScript reads them
 * (ALT_BSUX), `[]` and `[^]` (ALLOW_EMPTY_CLASS), `$` only at the very end
 * (DOLLAR_ENDONLY), unset back-references matching the empty string. What
 * remains different is refused with a message rather than silently
 * meaning something else:
 *   - PCRE-only syntax a JavaScript engine rejects or reads literally:
 *     possessive quantifiers, atomic and branch-reset groups, inline
 *     options, recursion, conditionals, \A \Z \z \G \K \Q \E \h \R \X,
 *     POSIX classes [[:alpha:]];
 *   - JavaScript-only syntax PCRE2 cannot honour: the `v` flag, \p{...}
 *     without the `u` flag (JavaScript then means a literal "p{"), and
 *     whatever PCRE2 itself rejects (e.g. variable-length lookbehind).
 * Like the plugin (8.3.0) we refuse patterns over 500 bytes and nested
 * unbounded quantifiers such as (a+)+, and PCRE2 runs with match limits,
 * so a search cannot hang the helper.
 *
 * Flags: i (caseless), m, s, u, y (anchored at the start), g and d (no
 * effect on a yes/no match).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define S_MAX_PATTERN 500
#define S_MAX_QUANTIFIERS 25
#define S_MAX_GROUP_DEPTH 64

struct loam_qregex {
  pcre2_code *code;
  pcre2_match_context *mctx;
  char *source; /* pattern with '/' escaped, as JavaScript's .source shows it */
  char flags[16];
};

static int S_flags(const char *f, size_t n, char *out, uint32_t *opts, char *msg, size_t cap) {
  if (n >= 9) return snprintf(msg, cap, "invalid regular expression flags '%.*s'", (int)n, f), 0;
  for (size_t i = 0; i < n; i++) {
    if (memchr(f, f[i], i)) {
      snprintf(msg, cap, "invalid regular expression flags '%.*s': '%c' repeated", (int)n, f, f[i]);
      return 0;
    }
    switch (f[i]) {
    case 'i': *opts |= PCRE2_CASELESS; break;
    case 'm': *opts |= PCRE2_MULTILINE; break;
    case 's': *opts |= PCRE2_DOTALL; break;
    case 'y': *opts |= PCRE2_ANCHORED; break;
    case 'u':
    case 'g':
    case 'd': break;
    case 'v':
      snprintf(msg, cap, "the regular expression flag 'v' (unicodeSets) is not supported");
      return 0;
    default:
      snprintf(msg, cap, "invalid regular expression flag '%c' (allowed: d g i m s u y)", f[i]);
      return 0;
    }
  }
  memcpy(out, f, n);
  out[n] = '\0';
  return 1;
}

/* Length of a well-formed {n}, {n,} or {n,m} at p (0 when it is not one:
 * JavaScript then reads the brace literally). Sets *unbounded. */
static size_t S_brace_quantifier(const char *p, const char *end, int *unbounded) {
  const char *q = p + 1;
  const char *d = q;
  while (q < end && *q >= '0' && *q <= '9') q++;
  if (q == d) return 0;
  *unbounded = 0;
  if (q < end && *q == ',') {
    q++;
    const char *d2 = q;
    while (q < end && *q >= '0' && *q <= '9') q++;
    if (q == d2) *unbounded = 1;
  }
  return q < end && *q == '}' ? (size_t)(q - p + 1) : 0;
}

static const char *S_pcre_only_escape(char c) {
  switch (c) {
  case 'A':
  case 'Z':
  case 'z':
  case 'G':
  case 'K':
  case 'Q':
  case 'E':
  case 'h':
  case 'H':
  case 'R':
  case 'X':
  case 'N':
  case 'g':
  case 'C':
  case 'e':
  case 'o': return "is PCRE syntax; Tasks uses JavaScript regular expressions";
  default: return NULL;
  }
}

typedef struct {
  int has_unbounded; /* the group contains an unbounded quantifier */
} S_group;

/* Walks the pattern once: refuses PCRE-only and unsupported syntax, nested
 * unbounded quantifiers and too many quantifiers. */
static int S_check(const char *p, size_t n, int unicode, char *msg, size_t cap) {
  const char *end = p + n;
  S_group stack[S_MAX_GROUP_DEPTH + 1] = {{0}};
  int depth = 0, quantifiers = 0, in_class = 0, last_group_unbounded = 0;
  int prev_atom = 0; /* something a quantifier can apply to precedes */
  for (const char *s = p; s < end; s++) {
    if (*s == '\\') {
      if (s + 1 >= end) return snprintf(msg, cap, "\\ at end of pattern"), 0;
      char c = s[1];
      const char *why = S_pcre_only_escape(c);
      if (why) return snprintf(msg, cap, "\\%c %s", c, why), 0;
      if ((c == 'p' || c == 'P') && !unicode)
        return snprintf(msg, cap,
                        "\\%c{...} needs the u flag (without it JavaScript reads "
                        "a literal '%c')",
                        c, c),
               0;
      s++;
      prev_atom = 1, last_group_unbounded = 0;
      continue;
    }
    if (in_class) {
      if (*s == '[' && s + 1 < end && (s[1] == ':' || s[1] == '=' || s[1] == '.'))
        return snprintf(msg, cap, "POSIX classes like [[:alpha:]] are not JavaScript syntax"), 0;
      if (*s == ']') in_class = 0, prev_atom = 1, last_group_unbounded = 0;
      continue;
    }
    int unbounded = 0;
    size_t qlen = 0;
    switch (*s) {
    case '[':
      if (s + 1 < end && s[1] == '^') s++;
      if (s + 1 < end && s[1] == ']') { /* `[]` / `[^]`: JavaScript's empty classes */
        s++;
        prev_atom = 1, last_group_unbounded = 0;
      } else {
        in_class = 1;
      }
      continue;
    case '(':
      if (s + 1 < end && s[1] == '?') { /* (?: (?= (?! (?<= (?<! (?<name> */
        char k = s + 2 < end ? s[2] : ' ';
        if (k != ':' && k != '=' && k != '!' && k != '<')
          return snprintf(msg, cap,
                          "'(?%c' is not JavaScript syntax (atomic groups, inline "
                          "flags, recursion and conditionals are PCRE only)",
                          k),
                 0;
        s += 2;
        if (k == '<' && s + 1 < end && (s[1] == '=' || s[1] == '!'))
          s++;
        else if (k == '<')
          while (s + 1 < end && *s != '>') s++;
      }
      if (depth == S_MAX_GROUP_DEPTH) return snprintf(msg, cap, "groups nested too deeply"), 0;
      stack[++depth].has_unbounded = 0;
      prev_atom = 0;
      continue;
    case ')':
      if (depth == 0) return snprintf(msg, cap, "unmatched ')'"), 0;
      last_group_unbounded = stack[depth].has_unbounded;
      depth--;
      if (last_group_unbounded) stack[depth].has_unbounded = 1;
      prev_atom = 1;
      continue;
    case '*':
    case '+':
      unbounded = 1;
      qlen = 1;
      break;
    case '?': qlen = 1; break;
    case '{': qlen = S_brace_quantifier(s, end, &unbounded); break;
    default: break;
    }
    if (qlen == 0) {
      prev_atom = *s != '|' && *s != '^' && *s != '$';
      last_group_unbounded = 0;
      continue;
    }
    if (!prev_atom) return snprintf(msg, cap, "nothing to repeat before '%c'", *s), 0;
    s += qlen - 1;
    if (s + 1 < end && s[1] == '+')
      return snprintf(msg, cap, "possessive quantifiers ('%c+') are not JavaScript syntax", *s), 0;
    if (s + 1 < end && s[1] == '?') s++; /* lazy */
    if (++quantifiers > S_MAX_QUANTIFIERS)
      return snprintf(msg, cap, "too many repetitions (more than %d quantifiers)",
                      S_MAX_QUANTIFIERS),
             0;
    if (unbounded && last_group_unbounded)
      return snprintf(msg, cap,
                      "nested repetition such as (a+)+ may cause catastrophic "
                      "backtracking"),
             0;
    if (unbounded) stack[depth].has_unbounded = 1;
    prev_atom = 0, last_group_unbounded = 0;
  }
  if (in_class) return snprintf(msg, cap, "missing ']'"), 0;
  if (depth) return snprintf(msg, cap, "missing ')'"), 0;
  return 1;
}

/* The pattern as JavaScript's RegExp.source shows it: '/' escaped. */
static char *S_source(const char *p, size_t n) {
  loam_strbuf b = {0};
  int in_class = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '\\' && i + 1 < n) {
      loam_strbuf_put(&b, p + i, 2);
      i++;
      continue;
    }
    if (p[i] == '[')
      in_class = 1;
    else if (p[i] == ']')
      in_class = 0;
    if (p[i] == '/' && !in_class) loam_strbuf_putc(&b, '\\');
    loam_strbuf_putc(&b, p[i]);
  }
  return b.len ? loam_strbuf_detach(&b) : loam_xstrdup("");
}

loam_qregex *loam_qregex_new(const char *s, size_t n, char *msg, size_t cap) {
  size_t k = n; /* one past the last '/' */
  while (k > 1 && s[k - 1] != '/') k--;
  if (n < 3 || s[0] != '/' || k <= 2) {
    snprintf(msg, cap, "regular expressions must look like /pattern/ or /pattern/flags");
    return NULL;
  }
  const char *pat = s + 1, *last = s + k - 1;
  size_t plen = k - 2;
  uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
                  PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_BACKSLASH_C;
  char flags[16];
  if (!S_flags(last + 1, (size_t)(s + n - last - 1), flags, &opts, msg, cap)) return NULL;
  int unicode = strchr(flags, 'u') != NULL;
  if (plen > S_MAX_PATTERN) {
    snprintf(msg, cap, "regular expression is too long (%zu characters, maximum %d)", plen,
             S_MAX_PATTERN);
    return NULL;
  }
  if (!S_check(pat, plen, unicode, msg, cap)) return NULL;
  pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
  if (unicode) pcre2_set_compile_extra_options(cctx, PCRE2_EXTRA_ALT_BSUX);
  int code;
  PCRE2_SIZE at;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, plen, opts, &code, &at, cctx);
  pcre2_compile_context_free(cctx);
  if (!re) {
    char why[256];
    pcre2_get_error_message(code, (PCRE2_UCHAR *)why, sizeof(why));
    snprintf(msg, cap, "invalid regular expression at offset %zu: %s", (size_t)at, why);
    return NULL;
  }
  loam_qregex *r = loam_xcalloc(1, sizeof(*r));
  r->code = re;
  r->mctx = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(r->mctx, 100000);
  pcre2_set_depth_limit(r->mctx, 1000);
  r->source = S_source(pat, plen);
  memcpy(r->flags, flags, sizeof(flags));
  return r;
}

int loam_qregex_match(const loam_qregex *re, const char *s, size_t n) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
  int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, md, re->mctx);
  pcre2_match_data_free(md);
  return rc >= 0; /* no match, and a hit match limit, are both "no" */
}

void loam_qregex_describe(const loam_qregex *re, loam_strbuf *out) {
  size_t nf = strlen(re->flags);
  loam_strbuf_printf(out, "'%s' with ", re->source);
  if (nf == 0)
    loam_strbuf_puts(out, "no flags");
  else
    loam_strbuf_printf(out, "flag%s '%s'", nf > 1 ? "s" : "", re->flags);
}

void loam_qregex_free(loam_qregex *re) {
  if (!re) return;
  pcre2_code_free(re->code);
  pcre2_match_context_free(re->mctx);
  free(re->source);
  free(re);
}
