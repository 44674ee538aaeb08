/*
 * task.c: parses one task line in the Obsidian Tasks format (see task.h).
 *
 * The line is split as Tasks does: indentation, list marker, `[c]`, body.
 * A trailing block id ` ^id` comes off the body first. Then fields are
 * taken off the END of the body, one at a time in any order, until the text
 * at the end is not a field; what is left is the description. A tag at the
 * end is taken off too (so `⏫ #a ✅ 2022-08-12 #b` reads every field) and
 * put back at the end of the description, in line order, because Tasks
 * keeps tags in descriptions: `Do stuff ⏫ #tag1 ✅ 2022-08-12 #tag2/sub-tag`
 * has the description `Do stuff #tag1 #tag2/sub-tag`.
 *
 * Reading right to left means each field is recognised by its value first
 * (a date, a run of id characters...) and then by the emoji just before it,
 * so every step looks only at the bytes it removes and a line of any length
 * parses in linear time. Tags follow tag.c's Obsidian rules rather than
 * Tasks' own looser pattern, so a task's tags and the note's tags agree.
 */
#include "task.h"

#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "codespan.h"
#include "tag.h"

typedef enum {
  F_NONE,
  F_DUE,
  F_SCHEDULED,
  F_START,
  F_CREATED,
  F_DONE,
  F_CANCELLED,
  F_RECURRENCE,
  F_ON_COMPLETION,
  F_ID,
  F_DEPENDS_ON,
  F_PRIORITY
} S_field;

typedef struct {
  const char *utf8;
  size_t len;
  S_field field;
  loam_priority priority;
} S_signifier;

#define S_SIG(emoji, field)                                                                        \
  { emoji, sizeof(emoji) - 1, field, LOAM_PRIO_NONE }
#define S_PRIO(emoji, prio)                                                                        \
  { emoji, sizeof(emoji) - 1, F_PRIORITY, prio }

static const S_signifier S_emoji[] = {
    S_SIG("📅", F_DUE),           S_SIG("📆", F_DUE),
    S_SIG("🗓", F_DUE),        S_SIG("⏳", F_SCHEDULED),
    S_SIG("⌛", F_SCHEDULED),     S_SIG("🛫", F_START),
    S_SIG("➕", F_CREATED),       S_SIG("✅", F_DONE),
    S_SIG("❌", F_CANCELLED),     S_SIG("🔁", F_RECURRENCE),
    S_SIG("🏁", F_ON_COMPLETION), S_SIG("🆔", F_ID),
    S_SIG("⛔", F_DEPENDS_ON),    S_PRIO("🔺", LOAM_PRIO_HIGHEST),
    S_PRIO("⏫", LOAM_PRIO_HIGH), S_PRIO("🔼", LOAM_PRIO_MEDIUM),
    S_PRIO("🔽", LOAM_PRIO_LOW),  S_PRIO("⏬", LOAM_PRIO_LOWEST),
};

/* Dataview inline field keys, `[key:: value]`. */
static const struct {
  const char *key;
  S_field field;
} S_dataview_keys[] = {
    {"created", F_CREATED},
    {"scheduled", F_SCHEDULED},
    {"start", F_START},
    {"due", F_DUE},
    {"completion", F_DONE},
    {"cancelled", F_CANCELLED},
    {"priority", F_PRIORITY},
    {"repeat", F_RECURRENCE},
    {"onCompletion", F_ON_COMPLETION},
    {"id", F_ID},
    {"dependsOn", F_DEPENDS_ON},
};

static const char *const S_priority_names[] = {"lowest", "low",  "none",
                                               "medium", "high", "highest"};

const char *loam_priority_name(loam_priority p) {
  return (unsigned)p <= LOAM_PRIO_HIGHEST ? S_priority_names[p] : "none";
}

/* ---- character classes ------------------------------------------------- */

static int S_is_blank(char c) { return c == ' ' || c == '\t'; }
static int S_is_digit(char c) { return c >= '0' && c <= '9'; }
static int S_is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int S_is_id_char(char c) { return S_is_alpha(c) || S_is_digit(c) || c == '_' || c == '-'; }
static int S_is_rule_char(char c) {
  return S_is_alpha(c) || S_is_digit(c) || c == ' ' || c == ',' || c == '!';
}
static int S_is_dep_char(char c) { return S_is_id_char(c) || c == ' ' || c == ','; }
static int S_is_block_char(char c) { return S_is_alpha(c) || S_is_digit(c) || c == '-'; }

static size_t S_back_while(const char *s, size_t lo, size_t e, int (*in_class)(char)) {
  while (e > lo && in_class(s[e - 1])) e--;
  return e;
}

static size_t S_back_spaces(const char *s, size_t lo, size_t e) {
  while (e > lo && s[e - 1] == ' ') e--;
  return e;
}

static int S_ascii_ieq(const char *s, size_t n, const char *word) {
  if (strlen(word) != n) return 0;
  for (size_t k = 0; k < n; k++)
    if ((s[k] | 0x20) != word[k]) return 0;
  return 1;
}

static char *S_ascii_lower_dup(loam_arena *arena, const char *s, size_t n) {
  char *out = loam_arena_strndup(arena, s, n);
  for (size_t k = 0; k < n; k++)
    if (out[k] >= 'A' && out[k] <= 'Z') out[k] = (char)(out[k] + 32);
  return out;
}

static void S_trim(const char *s, size_t *a, size_t *b) {
  while (*a < *b && S_is_blank(s[*a])) (*a)++;
  while (*b > *a && S_is_blank(s[*b - 1])) (*b)--;
}

/* ---- signifiers -------------------------------------------------------- */

/* Which signifier emoji ends at `pos` (an optional U+FE0F after it
 * included)? Returns the field and stores where the emoji starts. */
static S_field S_emoji_before(const char *s, size_t lo, size_t pos, size_t *start,
                              loam_priority *prio) {
  if (pos - lo >= 3 && memcmp(s + pos - 3, "\xEF\xB8\x8F", 3) == 0) pos -= 3;
  /* Every signifier ends in a UTF-8 continuation byte: most text is out. */
  if (pos == lo || ((unsigned char)s[pos - 1] & 0xC0) != 0x80) return F_NONE;
  for (size_t k = 0; k < sizeof(S_emoji) / sizeof(S_emoji[0]); k++) {
    size_t n = S_emoji[k].len;
    if (pos - lo >= n && memcmp(s + pos - n, S_emoji[k].utf8, n) == 0) {
      *start = pos - n;
      *prio = S_emoji[k].priority;
      return S_emoji[k].field;
    }
  }
  return F_NONE;
}

static loam_date *S_date_slot(loam_task *t, S_field f) {
  switch (f) {
  case F_DUE: return &t->due;
  case F_SCHEDULED: return &t->scheduled;
  case F_START: return &t->start;
  case F_CREATED: return &t->created;
  case F_DONE: return &t->done;
  case F_CANCELLED: return &t->cancelled;
  default: return NULL;
  }
}

/* ---- values ------------------------------------------------------------ */

/* Depends-on list `a, b,c`: ids separated by commas, spaces around commas.
 * Returns the number of ids, storing them when `out` is set. */
static size_t S_split_ids(const char *s, size_t a, size_t b, loam_arena *arena, char **out) {
  size_t n = 0;
  while (a <= b) {
    size_t comma = a;
    while (comma < b && s[comma] != ',') comma++;
    size_t x = a, y = comma;
    S_trim(s, &x, &y);
    if (x == y) return 0;
    for (size_t k = x; k < y; k++)
      if (!S_is_id_char(s[k])) return 0;
    if (out) out[n] = loam_arena_strndup(arena, s + x, y - x);
    n++;
    a = comma + 1;
  }
  return n;
}

/* Stores the value s[a..b) of field f. Returns 0 (and changes nothing) when
 * the value has the wrong shape for the field. */
static int S_set_value(loam_task *t, S_field f, const char *s, size_t a, size_t b,
                       loam_arena *arena) {
  S_trim(s, &a, &b);
  loam_date *slot = S_date_slot(t, f);
  if (slot) {
    if (b - a != 10) return 0;
    loam_date d = loam_date_parse_iso(s + a, 10);
    if (d == LOAM_DATE_NONE) return 0;
    *slot = d;
    return 1;
  }
  if (a == b) return 0;
  for (size_t k = a; k < b; k++) {
    int ok = f == F_RECURRENCE      ? S_is_rule_char(s[k])
             : f == F_ON_COMPLETION ? S_is_alpha(s[k])
             : f == F_ID            ? S_is_id_char(s[k])
                                    : 1;
    if (!ok) return 0;
  }
  if (f == F_RECURRENCE) {
    t->recurrence = loam_arena_strndup(arena, s + a, b - a);
  } else if (f == F_ON_COMPLETION) {
    /* Tasks ignores an unknown value but still reads it as the field. */
    if (S_ascii_ieq(s + a, b - a, "keep") || S_ascii_ieq(s + a, b - a, "delete"))
      t->on_completion = S_ascii_lower_dup(arena, s + a, b - a);
  } else if (f == F_ID) {
    t->id = loam_arena_strndup(arena, s + a, b - a);
  } else if (f == F_DEPENDS_ON) {
    size_t n = S_split_ids(s, a, b, NULL, NULL);
    if (n == 0) return 0;
    t->depends_on = loam_arena_alloc(arena, n * sizeof(char *));
    t->n_depends_on = S_split_ids(s, a, b, arena, t->depends_on);
  } else {
    return 0;
  }
  return 1;
}

/* ---- one field off the end --------------------------------------------- */

/* Each S_take_* looks at the text s[lo..e) and, when it ends with its kind
 * of field, stores the value and returns where the field starts; else it
 * returns e. */

/* `📅 2026-12-01`: a date, spaces, a date emoji. */
static size_t S_take_date(loam_task *t, const char *s, size_t lo, size_t e, loam_arena *arena) {
  if (e - lo < 10 || !S_is_digit(s[e - 1])) return e;
  size_t at, value = e - 10;
  loam_priority prio;
  S_field f = S_emoji_before(s, lo, S_back_spaces(s, lo, value), &at, &prio);
  if (!S_date_slot(t, f) || !S_set_value(t, f, s, value, e, arena)) return e;
  return at;
}

static size_t S_take_priority(loam_task *t, const char *s, size_t lo, size_t e) {
  size_t at;
  loam_priority prio;
  if (S_emoji_before(s, lo, e, &at, &prio) != F_PRIORITY) return e;
  t->priority = prio;
  return at;
}

/* A value made of one character class, then the emoji of `want`:
 * `🔁 every week`, `🏁 delete`, `🆔 abc`, `⛔ abc, def`. */
static size_t S_take_word(loam_task *t, const char *s, size_t lo, size_t e, loam_arena *arena,
                          S_field want, int (*in_class)(char)) {
  size_t value = S_back_while(s, lo, e, in_class), at;
  loam_priority prio;
  if (value == e) return e;
  if (S_emoji_before(s, lo, S_back_spaces(s, lo, value), &at, &prio) != want) return e;
  if (!S_set_value(t, want, s, value, e, arena)) return e;
  return at;
}

static S_field S_dataview_key(const char *s, size_t n) {
  for (size_t k = 0; k < sizeof(S_dataview_keys) / sizeof(S_dataview_keys[0]); k++)
    if (strlen(S_dataview_keys[k].key) == n && memcmp(s, S_dataview_keys[k].key, n) == 0)
      return S_dataview_keys[k].field;
  return F_NONE;
}

static int S_dataview_priority(loam_task *t, const char *s, size_t a, size_t b) {
  S_trim(s, &a, &b);
  for (int p = LOAM_PRIO_LOWEST; p <= LOAM_PRIO_HIGHEST; p++) {
    if (p == LOAM_PRIO_NONE) continue;
    const char *name = S_priority_names[p];
    if (strlen(name) == b - a && memcmp(s + a, name, b - a) == 0) {
      t->priority = (loam_priority)p;
      return 1;
    }
  }
  return 0;
}

/* `[due:: 2026-12-01]` or `(due:: 2026-12-01)`, maybe followed by a comma
 * (Tasks accepts one, a workaround for a Dataview rendering issue). */
static size_t S_take_dataview(loam_task *t, const char *s, size_t lo, size_t e, loam_arena *arena) {
  size_t close = e;
  if (close > lo && s[close - 1] == ',') close = S_back_spaces(s, lo, close - 1);
  if (close == lo || (s[close - 1] != ']' && s[close - 1] != ')')) return e;
  char open_c = s[close - 1] == ']' ? '[' : '(';
  size_t open = close - 1;
  while (open > lo && s[open - 1] != open_c) open--;
  if (open == lo) return e;
  open--; /* at the opening bracket */
  size_t a = open + 1;
  while (a < close - 1 && s[a] == ' ') a++;
  size_t key = a;
  while (a < close - 1 && S_is_alpha(s[a])) a++;
  S_field f = S_dataview_key(s + key, a - key);
  if (f == F_NONE || close - 1 - a < 2 || s[a] != ':' || s[a + 1] != ':') return e;
  int ok = f == F_PRIORITY ? S_dataview_priority(t, s, a + 2, close - 1)
                           : S_set_value(t, f, s, a + 2, close - 1, arena);
  return ok ? open : e;
}

/* A tag at the end, preceded by whitespace; its span goes to `tags`. */
static size_t S_take_tag(const char *s, size_t lo, size_t e, loam_tag_span *span) {
  size_t t = e;
  while (t > lo && !S_is_blank(s[t - 1])) t--;
  if (t == e || s[t] != '#') return e;
  if (!loam_tag_next(s, e, t, NULL, span) || span->start != t || span->len != e - t) return e;
  return t;
}

typedef LOAM_VEC(loam_tag_span) S_span_vec;

/* Takes one field or tag off the end of s[lo..e); returns the new end, e
 * when nothing was recognised. */
static size_t S_take_one(loam_task *t, const char *s, size_t lo, size_t e, loam_arena *arena,
                         S_span_vec *tags) {
  size_t at;
  loam_tag_span span;
  if ((at = S_take_date(t, s, lo, e, arena)) != e) return at;
  if ((at = S_take_priority(t, s, lo, e)) != e) return at;
  if ((at = S_take_word(t, s, lo, e, arena, F_RECURRENCE, S_is_rule_char)) != e) return at;
  if ((at = S_take_word(t, s, lo, e, arena, F_ON_COMPLETION, S_is_alpha)) != e) return at;
  if ((at = S_take_word(t, s, lo, e, arena, F_ID, S_is_id_char)) != e) return at;
  if ((at = S_take_word(t, s, lo, e, arena, F_DEPENDS_ON, S_is_dep_char)) != e) return at;
  if ((at = S_take_dataview(t, s, lo, e, arena)) != e) return at;
  if ((at = S_take_tag(s, lo, e, &span)) != e) LOAM_VEC_PUSH(tags, span);
  return at;
}

/* ---- the line ---------------------------------------------------------- */

/* Indentation, list marker, spaces, `[c]`, then a space or the end. Returns
 * the offset where the body may start, or 0 when the line is not a task. */
static size_t S_checkbox(const char *s, size_t len, loam_task *t) {
  size_t i = 0;
  while (i < len && (S_is_blank(s[i]) || s[i] == '>')) i++;
  t->indent = (uint32_t)i;
  if (i < len && (s[i] == '-' || s[i] == '*' || s[i] == '+')) {
    i++;
  } else {
    size_t d = i;
    while (i < len && S_is_digit(s[i]) && i - d < 9) i++;
    if (i == d || i >= len || (s[i] != '.' && s[i] != ')')) return 0;
    i++;
  }
  if (i >= len || s[i] != ' ') return 0;
  while (i < len && s[i] == ' ') i++;
  if (i >= len || s[i] != '[') return 0;
  size_t n = loam_utf8_valid_len(s + i + 1, len - i - 1);
  if (n == 0 || (n == 1 && ((unsigned char)s[i + 1] < 0x20 || s[i + 1] == 0x7F))) return 0;
  size_t close = i + 1 + n;
  if (close >= len || s[close] != ']') return 0;
  if (close + 1 < len && !S_is_blank(s[close + 1])) return 0;
  memcpy(t->status, s + i + 1, n);
  t->status[n] = '\0';
  t->status_col = (uint32_t)(i + 2);
  return close + 1;
}

/* ` ^block-id` at the very end of s[lo..e); returns the new end. */
static size_t S_take_block_id(loam_task *t, const char *s, size_t lo, size_t e, loam_arena *arena) {
  size_t id = S_back_while(s, lo, e, S_is_block_char);
  if (id == e || id < lo + 2 || s[id - 1] != '^' || s[id - 2] != ' ') return e;
  t->block_id = loam_arena_strndup(arena, s + id, e - id);
  return id - 2;
}

/* Remaining text s[lo..e) then the tags taken off the end, in line order. */
static char *S_description(const char *s, size_t lo, size_t e, const S_span_vec *tags,
                           loam_arena *arena) {
  size_t n = e - lo;
  for (size_t k = 0; k < tags->len; k++) n += 1 + tags->items[k].len;
  char *out = loam_arena_alloc(arena, n + 1);
  size_t w = e - lo;
  memcpy(out, s + lo, w);
  for (size_t k = tags->len; k-- > 0;) {
    if (w > 0) out[w++] = ' ';
    memcpy(out + w, s + tags->items[k].start, tags->items[k].len);
    w += tags->items[k].len;
  }
  out[w] = '\0';
  return out;
}

/* Every tag on the line, outside code spans and comments. */
static void S_collect_tags(loam_task *t, const char *s, size_t len, loam_arena *arena) {
  unsigned char *mask = loam_xmalloc(len ? len : 1);
  const unsigned char *skip = loam_codespan_mask(s, len, mask) ? mask : NULL;
  loam_tag_span span;
  size_t n = 0;
  for (size_t at = 0; loam_tag_next(s, len, at, skip, &span); at = span.start + span.len) n++;
  if (n) {
    t->tags = loam_arena_alloc(arena, n * sizeof(char *));
    for (size_t at = 0; loam_tag_next(s, len, at, skip, &span); at = span.start + span.len)
      t->tags[t->n_tags++] = loam_arena_strndup(arena, s + span.start, span.len);
  }
  free(mask);
}

int loam_task_parse(const char *line, size_t len, uint32_t line_no, loam_arena *arena,
                    loam_task *out) {
  memset(out, 0, sizeof(*out));
  if (len > 0 && line[len - 1] == '\r') len--; /* a CRLF file's leftover */
  size_t lo = S_checkbox(line, len, out);
  if (lo == 0) return 0;
  out->line = line_no;
  out->text = loam_arena_strndup(arena, line, len);
  out->due = out->scheduled = out->start = LOAM_DATE_NONE;
  out->created = out->done = out->cancelled = LOAM_DATE_NONE;
  out->priority = LOAM_PRIO_NONE;

  size_t e = len;
  S_trim(line, &lo, &e);
  e = S_take_block_id(out, line, lo, e, arena);
  S_trim(line, &lo, &e);
  S_span_vec tags = {0};
  for (;;) {
    size_t at = S_take_one(out, line, lo, e, arena, &tags);
    if (at == e) break;
    e = at;
    S_trim(line, &lo, &e);
  }
  out->description = S_description(line, lo, e, &tags, arena);
  free(tags.items);
  S_collect_tags(out, line, len, arena);
  return 1;
}
