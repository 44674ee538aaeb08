/*
 * wikilink.c: finds the links in one line of Markdown (see wikilink.h).
 *
 * One pass from the left. `[[` tries a wikilink: it closes at the next `]]`
 * unless another `[[` comes first (then the inner one is the link, as in
 * Obsidian: `[[a [[b]] c]]` links to b). Every other `[` goes on a small
 * stack as a possible Markdown link text; a `]` pops it, and when `(`
 * follows, the destination decides: a local `.md` path (or a bare
 * `#heading`) is reported, a URL, image or other file is consumed silently
 * so its text cannot start another link.
 *
 * Hostile lines stay linear: the next `]]` and `[[` are cached (the scan
 * only moves forward), the bracket stack has a fixed depth, and a
 * destination longer than S_MAX_DEST bytes is not a link (no note path is
 * that long, and it bounds the work per `](`).
 */
#include "wikilink.h"

#include <string.h>

#define S_MAX_DEPTH 32  /* nested '[' kept for Markdown link text */
#define S_MAX_DEST 2048 /* bytes of a Markdown link destination */
#define S_NONE ((size_t)-1)

typedef struct {
  const char *s;
  size_t len;
  uint32_t line_no;
  const unsigned char *skip;
  loam_arena *arena;
  loam_link_cb cb;
  void *ud;
  size_t count;
  size_t next_close, next_open; /* cached offsets of the next "]]" / "[[" */
} S_scan;

static int S_is_space(char c) { return c == ' ' || c == '\t'; }

static int S_skipped(const S_scan *sc, size_t i) { return sc->skip && sc->skip[i]; }

static void S_trim(const char *s, size_t *a, size_t *b) {
  while (*a < *b && S_is_space(s[*a])) (*a)++;
  while (*b > *a && S_is_space(s[*b - 1])) (*b)--;
}

/* Copies s[a..b) trimmed into the arena; NULL when nothing is left. */
static char *S_dup_trim(loam_arena *arena, const char *s, size_t a, size_t b) {
  S_trim(s, &a, &b);
  return a < b ? loam_arena_strndup(arena, s + a, b - a) : NULL;
}

/* Offset of the next two-byte `pair` at or after `from`, or len. The cache
 * holds because callers ask with offsets that never decrease. */
static size_t S_next_pair(const S_scan *sc, size_t *cache, size_t from, char c) {
  if (*cache != S_NONE && *cache >= from) return *cache;
  size_t i = from;
  while (i + 1 < sc->len && !(sc->s[i] == c && sc->s[i + 1] == c)) i++;
  *cache = i + 1 < sc->len ? i : sc->len;
  return *cache;
}

static void S_emit(S_scan *sc, loam_link *link, size_t start, size_t end) {
  link->line = sc->line_no;
  link->col = (uint32_t)(start + 1);
  link->len = (uint32_t)(end - start);
  link->resolved = -1;
  sc->count++;
  if (sc->cb) sc->cb(link, sc->ud);
}

/* Splits the note part s[a..b) into target, heading and block:
 * `T#H` (H may hold more '#'), `T#^B` and `T^B`. Returns 0 when all three
 * are empty, which is not a link. */
static int S_split_target(loam_arena *arena, const char *s, size_t a, size_t b, loam_link *link) {
  size_t hash = a, caret;
  while (hash < b && s[hash] != '#') hash++;
  caret = a;
  while (caret < hash && s[caret] != '^') caret++;
  size_t target_end = caret < hash ? caret : hash;
  if (caret < hash) {
    link->block = S_dup_trim(arena, s, caret + 1, b);
  } else if (hash < b) {
    size_t h = hash + 1;
    while (h < b && S_is_space(s[h])) h++;
    if (h < b && s[h] == '^')
      link->block = S_dup_trim(arena, s, h + 1, b);
    else
      link->heading = S_dup_trim(arena, s, hash + 1, b);
  }
  char *target = S_dup_trim(arena, s, a, target_end);
  if (!target && !link->heading && !link->block) return 0;
  link->target = target ? target : loam_arena_strdup(arena, "");
  return 1;
}

/* A wikilink whose `[[` is at i. Returns the offset after it, or 0. */
static size_t S_wikilink(S_scan *sc, size_t i) {
  const char *s = sc->s;
  size_t close = S_next_pair(sc, &sc->next_close, i + 2, ']');
  size_t open = S_next_pair(sc, &sc->next_open, i + 1, '[');
  if (close >= sc->len || open < close || S_skipped(sc, close)) return 0;
  for (size_t k = i + 2; k < close; k++)
    if ((unsigned char)s[k] < 0x20 && s[k] != '\t') return 0; /* NUL, CR: not a name */
  size_t bar = i + 2;
  while (bar < close && s[bar] != '|') bar++;
  size_t note_end = bar;
  /* `[[Note\|alias]]` is how a link is written inside a table. */
  if (bar < close && note_end > i + 2 && s[note_end - 1] == '\\') note_end--;
  loam_link link = {0};
  if (!S_split_target(sc->arena, s, i + 2, note_end, &link)) return 0;
  if (bar < close) link.alias = S_dup_trim(sc->arena, s, bar + 1, close);
  size_t start = i;
  link.kind = LOAM_LINK_WIKI;
  if (i > 0 && s[i - 1] == '!' && !S_skipped(sc, i - 1)) {
    start = i - 1;
    link.kind = LOAM_LINK_EMBED;
  }
  S_emit(sc, &link, start, close + 2);
  return close + 2;
}

static int S_is_ascii_punct(unsigned char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

static int S_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Copies s[a..b) into the arena with backslash escapes and %XX decoded.
 * Escapes that would decode to a control byte (%00, %0A) stay as written so
 * the result is a clean C string. */
static char *S_decode(loam_arena *arena, const char *s, size_t a, size_t b) {
  char *out = loam_arena_alloc(arena, b - a + 1);
  size_t n = 0;
  for (size_t i = a; i < b; i++) {
    if (s[i] == '\\' && i + 1 < b && S_is_ascii_punct((unsigned char)s[i + 1])) {
      out[n++] = s[++i];
    } else if (s[i] == '%' && i + 2 < b && S_hex(s[i + 1]) >= 0 && S_hex(s[i + 2]) >= 0 &&
               S_hex(s[i + 1]) * 16 + S_hex(s[i + 2]) >= 0x20) {
      out[n++] = (char)(S_hex(s[i + 1]) * 16 + S_hex(s[i + 2]));
      i += 2;
    } else {
      out[n++] = s[i];
    }
  }
  out[n] = '\0';
  return out;
}

/* `scheme:` at the start of a destination: a URL, not a note. */
static int S_has_scheme(const char *s, size_t a, size_t b) {
  if (a >= b || !((s[a] | 0x20) >= 'a' && (s[a] | 0x20) <= 'z')) return 0;
  for (size_t i = a + 1; i < b; i++) {
    char c = s[i];
    if (c == ':') return 1;
    int ok = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
             c == '.' || c == '-';
    if (!ok) return 0;
  }
  return 0;
}

static int S_ends_md(const char *t) {
  size_t n = strlen(t);
  return n >= 3 && t[n - 3] == '.' && (t[n - 2] | 0x20) == 'm' && (t[n - 1] | 0x20) == 'd';
}

typedef struct {
  size_t a, b; /* the destination, without <> */
  size_t end;  /* offset after the closing ')' */
} S_destination;

/* Destination in angle brackets starting at the '<' at i. */
static int S_dest_angle(const char *s, size_t len, size_t i, S_destination *d) {
  size_t j = i + 1;
  while (j < len && j - i <= S_MAX_DEST && s[j] != '>' && s[j] != '<' && s[j] != '\n') {
    if (s[j] == '\\' && j + 1 < len && S_is_ascii_punct((unsigned char)s[j + 1])) j++;
    j++;
  }
  if (j >= len || s[j] != '>') return 0;
  d->a = i + 1;
  d->b = j;
  d->end = j + 1;
  return 1;
}

/* Bare destination at i: no spaces or control bytes, balanced parentheses. */
static int S_dest_raw(const char *s, size_t len, size_t i, S_destination *d) {
  size_t j = i;
  int depth = 0;
  while (j < len && j - i <= S_MAX_DEST) {
    unsigned char c = (unsigned char)s[j];
    if (c <= 0x20 || c == 0x7F) break;
    if (c == '\\' && j + 1 < len && S_is_ascii_punct((unsigned char)s[j + 1])) {
      j += 2;
      continue;
    }
    if (c == '(' && ++depth > S_MAX_DEPTH) return 0;
    if (c == ')' && depth-- == 0) break;
    j++;
  }
  if (j - i > S_MAX_DEST || depth > 0) return 0;
  d->a = i;
  d->b = j;
  d->end = j;
  return 1;
}

/* An optional link title ("t", 't' or (t)) at i; returns the offset after it. */
static size_t S_title(const char *s, size_t len, size_t i) {
  char close = s[i] == '"' ? '"' : s[i] == '\'' ? '\'' : s[i] == '(' ? ')' : 0;
  if (!close) return i;
  for (size_t j = i + 1; j < len; j++) {
    if (s[j] == '\\' && j + 1 < len)
      j++;
    else if (s[j] == close)
      return j + 1;
    else if (close == ')' && s[j] == '(')
      return i;
  }
  return i;
}

/* Parses `(dest "title")` with the '(' at i. */
static int S_parse_dest(const char *s, size_t len, size_t i, S_destination *d) {
  size_t j = i + 1;
  while (j < len && S_is_space(s[j])) j++;
  int ok = j < len && s[j] == '<' ? S_dest_angle(s, len, j, d) : S_dest_raw(s, len, j, d);
  if (!ok) return 0;
  j = d->end;
  size_t before_title = j;
  while (j < len && S_is_space(s[j])) j++;
  if (j < len && j > before_title) j = S_title(s, len, j);
  while (j < len && S_is_space(s[j])) j++;
  if (j >= len || s[j] != ')') return 0;
  d->end = j + 1;
  return 1;
}

/* Reports `[text](dest)` when dest is a local note. */
static void S_markdown_link(S_scan *sc, size_t open, size_t close, const S_destination *d) {
  const char *s = sc->s;
  if (d->a == d->b || S_has_scheme(s, d->a, d->b)) return;
  size_t hash = d->a;
  while (hash < d->b && s[hash] != '#') hash++;
  loam_link link = {0};
  link.kind = LOAM_LINK_MARKDOWN;
  link.target = S_decode(sc->arena, s, d->a, hash);
  if (hash < d->b) {
    char *frag = S_decode(sc->arena, s, hash + 1, d->b);
    size_t n = strlen(frag);
    if (n > 0 && frag[0] == '^')
      link.block = S_dup_trim(sc->arena, frag, 1, n);
    else
      link.heading = S_dup_trim(sc->arena, frag, 0, n);
  }
  if (link.target[0] ? !S_ends_md(link.target) : !link.heading && !link.block) return;
  link.alias = S_dup_trim(sc->arena, s, open + 1, close);
  S_emit(sc, &link, open, d->end);
}

/*
 * Outside any Markdown link text only a `[` can start something, so the
 * scan jumps to the next one (memchr) instead of stepping byte by byte: to
 * the run of backslashes before it, which the loop pairs up as escapes
 * (none of them can be inside code: a code span or comment never ends with
 * a backslash). Returns 0 when no `[` is left.
 */
static int S_jump_to_bracket(const S_scan *sc, size_t *i) {
  const char *open = memchr(sc->s + *i, '[', sc->len - *i);
  if (!open) return 0;
  size_t j = (size_t)(open - sc->s);
  while (j > *i && sc->s[j - 1] == '\\') j--;
  *i = j;
  return 1;
}

size_t loam_wikilink_scan(const char *line, size_t len, uint32_t line_no, const unsigned char *skip,
                          loam_arena *arena, loam_link_cb cb, void *ud) {
  if (!memchr(line, '[', len)) return 0; /* most lines: no link can start */
  S_scan sc = {line, len, line_no, skip, arena, cb, ud, 0, S_NONE, S_NONE};
  size_t stack[S_MAX_DEPTH];
  size_t depth = 0;
  size_t i = 0;
  while (i < len) {
    if (depth == 0 && !S_jump_to_bracket(&sc, &i)) break;
    char c = line[i];
    if (c != '[' && c != ']' && c != '\\') { /* nothing else starts or ends a link */
      i++;
      continue;
    }
    if (S_skipped(&sc, i)) {
      i++;
      continue;
    }
    if (c == '\\' && i + 1 < len && S_is_ascii_punct((unsigned char)line[i + 1])) {
      i += 2;
      continue;
    }
    if (c == '[' && i + 1 < len && line[i + 1] == '[') {
      size_t end = S_wikilink(&sc, i);
      if (end) {
        depth = 0; /* a link inside Markdown link text ends that text */
        i = end;
        continue;
      }
    }
    if (c == '[') {
      if (depth < S_MAX_DEPTH) stack[depth++] = i;
    } else if (c == ']' && depth > 0) {
      size_t open = stack[--depth];
      S_destination d;
      if (i + 1 < len && line[i + 1] == '(' && S_parse_dest(line, len, i + 1, &d)) {
        if (open == 0 || line[open - 1] != '!') S_markdown_link(&sc, open, i, &d);
        depth = 0; /* links do not nest: the text is used up */
        i = d.end;
        continue;
      }
    }
    i++;
  }
  return sc.count;
}
