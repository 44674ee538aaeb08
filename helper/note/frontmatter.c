/*
 * frontmatter.c: libyaml event parsing of the frontmatter mapping.
 *
 * The event API (not the document API) keeps memory flat and lets a
 * malformed tail still leave the fields read before it.
 */
#include "frontmatter.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../common/strbuf.h"

typedef struct {
  loam_note *note;
  yaml_parser_t parser;
  uint32_t first_line;
  int failed;
} S_fm;

/* Next event; on a parse error records it in the note and returns 0. */
static int S_next(S_fm *fm, yaml_event_t *ev) {
  if (yaml_parser_parse(&fm->parser, ev)) return 1;
  loam_note *n = fm->note;
  const char *problem = fm->parser.problem ? fm->parser.problem : "invalid YAML";
  yaml_mark_t mark = fm->parser.problem_mark;
  n->fm_error_line = fm->first_line + (uint32_t)mark.line;
  n->fm_error_col = (uint32_t)mark.column + 1;
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "frontmatter: %s", problem);
  if (fm->parser.context) loam_strbuf_printf(&b, " %s", fm->parser.context);
  n->fm_error = loam_arena_strdup(&n->arena, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  fm->failed = 1;
  return 0;
}

/* Skips the rest of a nested collection whose start event was consumed. */
static int S_skip_nested(S_fm *fm) {
  int depth = 1;
  while (depth > 0) {
    yaml_event_t ev;
    if (!S_next(fm, &ev)) return 0;
    if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) depth++;
    if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) depth--;
    yaml_event_delete(&ev);
  }
  return 1;
}

static char *S_scalar(loam_note *n, const yaml_event_t *ev) {
  return loam_arena_strndup(&n->arena, (const char *)ev->data.scalar.value, ev->data.scalar.length);
}

static int S_key_is(const char *key, const char *a, const char *b) {
  return strcmp(key, a) == 0 || (b && strcmp(key, b) == 0);
}

/* Splits a tag string "a, #b c" into tags (Obsidian accepts both separators). */
static void S_add_tags(loam_note *n, const char *s) {
  while (*s) {
    while (*s == ' ' || *s == ',' || *s == '\t') s++;
    size_t len = strcspn(s, " ,\t");
    const char *t = s;
    s += len;
    if (len && *t == '#') t++, len--;
    if (len == 0) continue;
    loam_tag tag = {loam_arena_strndup(&n->arena, t, len), 0, 0};
    LOAM_VEC_PUSH(&n->tags, tag);
  }
}

static void S_add_alias(loam_note *n, char *alias) {
  if (!*alias) return;
  n->aliases = loam_xrealloc(n->aliases, (n->n_aliases + 1) * sizeof(char *));
  n->aliases[n->n_aliases++] = alias;
}

/* Applies one value of `key`: a scalar, or one item of a list whose end
 * was read (a list cut short by a YAML error gives nothing). A title or a
 * date must be a scalar. */
static void S_apply(loam_note *n, const char *key, char *value, int from_list) {
  if (S_key_is(key, "title", NULL)) {
    if (!from_list) n->title = value;
  } else if (S_key_is(key, "aliases", "alias")) {
    S_add_alias(n, value);
  } else if (S_key_is(key, "tags", "tag")) {
    S_add_tags(n, value);
  } else if (S_key_is(key, "created", NULL) && !from_list) {
    loam_date d = loam_date_parse_iso(value, strlen(value));
    if (LOAM_DATE_IS_REAL(d)) n->created = d;
  }
}

/* Reads a sequence's items (start event consumed), joins them for the
 * field, and applies them once the whole list has been read. */
static int S_read_list(S_fm *fm, const char *key, loam_strbuf *joined) {
  loam_note *n = fm->note;
  LOAM_VEC(char *) items = {0};
  int ok = 0;
  for (;;) {
    yaml_event_t ev;
    if (!S_next(fm, &ev)) break;
    if (ev.type == YAML_SEQUENCE_END_EVENT) {
      yaml_event_delete(&ev);
      ok = 1;
      break;
    }
    if (ev.type == YAML_SCALAR_EVENT) {
      char *v = S_scalar(n, &ev);
      if (joined->len) loam_strbuf_puts(joined, ", ");
      loam_strbuf_puts(joined, v);
      LOAM_VEC_PUSH(&items, v);
    }
    int nested = ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
    yaml_event_delete(&ev);
    if (nested && !S_skip_nested(fm)) break;
  }
  for (size_t i = 0; ok && i < items.len; i++) S_apply(n, key, items.items[i], 1);
  free(items.items);
  return ok;
}

/* Consumes one value (a scalar, alias or a whole collection). */
static int S_skip_value(S_fm *fm) {
  yaml_event_t ev;
  if (!S_next(fm, &ev)) return 0;
  int nested = ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
  yaml_event_delete(&ev);
  return nested ? S_skip_nested(fm) : 1;
}

/* Reads one `key: value` pair; returns 0 at the mapping's end or on error. */
static int S_read_pair(S_fm *fm) {
  loam_note *n = fm->note;
  yaml_event_t ev;
  if (!S_next(fm, &ev)) return 0;
  if (ev.type == YAML_MAPPING_END_EVENT) {
    yaml_event_delete(&ev);
    return 0;
  }
  if (ev.type != YAML_SCALAR_EVENT) { /* a complex key: skip it and its value */
    int nested = ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
    yaml_event_delete(&ev);
    if (nested && !S_skip_nested(fm)) return 0;
    return S_skip_value(fm);
  }
  char *key = S_scalar(n, &ev);
  yaml_event_delete(&ev);
  if (!S_next(fm, &ev)) return 0;
  loam_field field = {key, NULL};
  if (ev.type == YAML_SCALAR_EVENT) {
    field.value = S_scalar(n, &ev);
    S_apply(n, key, field.value, 0);
    yaml_event_delete(&ev);
  } else if (ev.type == YAML_SEQUENCE_START_EVENT) {
    yaml_event_delete(&ev);
    loam_strbuf joined = {0};
    int ok = S_read_list(fm, key, &joined);
    field.value = loam_arena_strdup(&n->arena, loam_strbuf_cstr(&joined));
    loam_strbuf_free(&joined);
    if (!ok) return 0;
  } else {
    int nested = ev.type == YAML_MAPPING_START_EVENT;
    yaml_event_delete(&ev);
    if (nested && !S_skip_nested(fm)) return 0;
    field.value = loam_arena_strdup(&n->arena, "");
  }
  LOAM_VEC_PUSH(&n->fields, field);
  return 1;
}

void loam_frontmatter_parse(loam_note *note, const char *yaml, size_t len, uint32_t first_line) {
  S_fm fm = {.note = note, .first_line = first_line};
  if (!yaml_parser_initialize(&fm.parser)) return;
  yaml_parser_set_input_string(&fm.parser, (const unsigned char *)yaml, len);
  yaml_event_t ev;
  /* STREAM_START, DOCUMENT_START (or STREAM_END for an empty block), MAPPING_START */
  for (int i = 0; i < 3; i++) {
    if (!S_next(&fm, &ev)) goto done;
    yaml_event_type_t t = ev.type;
    yaml_event_delete(&ev);
    if (t == YAML_STREAM_END_EVENT) goto done;
    if (i == 2 && t != YAML_MAPPING_START_EVENT) {
      note->fm_error = loam_arena_strdup(&note->arena, "frontmatter: not a key: value mapping");
      note->fm_error_line = first_line;
      note->fm_error_col = 1;
      goto done;
    }
  }
  while (S_read_pair(&fm)) {}
done:
  yaml_parser_delete(&fm.parser);
}
