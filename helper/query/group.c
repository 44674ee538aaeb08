/*
 * group.c: `group by <key> [reverse]` and the headings tasks fall under.
 *
 * Each task gets one heading per grouper (several for `group by tags`, one
 * per tag, so the task shows under each). A heading has an ordering key
 * and a text. Keys follow the plugin, including its hidden `%%N%%`
 * prefixes that put priorities, status types and invalid dates in a
 * meaningful order; the text is the plugin's heading Markdown without that
 * invisible prefix (`[[Note]]` for a file name, `Work/my\_notes` for a
 * path with its Markdown escapes); the renderer shows it as plain text.
 * Headings are ordered by key with loam_qtext_collate(), urgency groups by
 * number, highest first.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const struct {
  const char *name;
  loam_qgroup_key key;
} S_keys[] = {
    {"status", LOAM_QGROUP_STATUS},
    {"status.name", LOAM_QGROUP_STATUS_NAME},
    {"status.type", LOAM_QGROUP_STATUS_TYPE},
    {"id", LOAM_QGROUP_ID},
    {"due", LOAM_QGROUP_DUE},
    {"done", LOAM_QGROUP_DONE},
    {"scheduled", LOAM_QGROUP_SCHEDULED},
    {"start", LOAM_QGROUP_START},
    {"created", LOAM_QGROUP_CREATED},
    {"cancelled", LOAM_QGROUP_CANCELLED},
    {"happens", LOAM_QGROUP_HAPPENS},
    {"priority", LOAM_QGROUP_PRIORITY},
    {"urgency", LOAM_QGROUP_URGENCY},
    {"recurring", LOAM_QGROUP_RECURRING},
    {"recurrence", LOAM_QGROUP_RECURRENCE},
    {"tags", LOAM_QGROUP_TAGS},
    {"path", LOAM_QGROUP_PATH},
    {"root", LOAM_QGROUP_ROOT},
    {"folder", LOAM_QGROUP_FOLDER},
    {"filename", LOAM_QGROUP_FILENAME},
    {"backlink", LOAM_QGROUP_BACKLINK},
    {"heading", LOAM_QGROUP_HEADING},
};

static int S_ieq(const char *s, size_t n, const char *word) {
  if (strlen(word) != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != word[i]) return 0;
  }
  return 1;
}

int loam_qgroup_parse(loam_qparser *p, const char *s, size_t n, size_t off, loam_qgroup *out) {
  memset(out, 0, sizeof(*out));
  out->stmt = p->stmt;
  size_t k = 0;
  while (k < n && s[k] != ' ') k++;
  if (S_ieq(s, k, "function"))
    return loam_qparse_fail_code(p, LOAM_E_UNSUPPORTED, off,
                                 "'group by function' is not supported: loam has no JavaScript "
                                 "engine");
  size_t rest = k;
  while (rest < n && s[rest] == ' ') rest++;
  for (size_t i = 0; i < sizeof(S_keys) / sizeof(S_keys[0]); i++) {
    if (!S_ieq(s, k, S_keys[i].name)) continue;
    out->key = S_keys[i].key;
    if (rest < n && S_ieq(s + rest, n - rest, "reverse")) out->reverse = 1, rest = n;
    if (rest == n) return 0;
    return loam_qparse_fail(p, off + rest,
                            "do not understand '%.*s' after 'group by %s': "
                            "expected 'reverse' or the end of the line",
                            (int)(n - rest), s + rest, S_keys[i].name);
  }
  return loam_qparse_fail(p, off,
                          "do not understand 'group by %.*s': expected group by status, "
                          "status.name, status.type, id, due, done, scheduled, start, "
                          "created, cancelled, happens, priority, urgency, recurring, "
                          "recurrence, tags, path, root, folder, filename, backlink or "
                          "heading, optionally followed by 'reverse'",
                          (int)n, s);
}

static void S_push(loam_qgval_vec *out, const char *key, const char *display, double num) {
  loam_qgval v = {key, display, num};
  LOAM_VEC_PUSH(out, v);
}

static void S_date(loam_date d, const char *field, loam_arena *a, loam_qgval_vec *out) {
  char buf[64];
  if (d == LOAM_DATE_NONE) {
    snprintf(buf, sizeof(buf), "No %s date", field);
    char *s = loam_arena_strdup(a, buf);
    S_push(out, s, s, 0);
  } else if (d == LOAM_DATE_INVALID) {
    snprintf(buf, sizeof(buf), "%%%%0%%%% Invalid %s date", field);
    char *key = loam_arena_strdup(a, buf);
    S_push(out, key, key + 6, 0);
  } else {
    char iso[11];
    loam_date_format(d, iso);
    snprintf(buf, sizeof(buf), "%s %s", iso, loam_qdate_weekday_name(d));
    char *s = loam_arena_strdup(a, buf);
    S_push(out, s, s, 0);
  }
}

static char *S_stem(const char *filename, loam_arena *a) {
  size_t n = strlen(filename);
  if (n >= 3 && strcmp(filename + n - 3, ".md") == 0) n -= 3;
  return loam_arena_strndup(a, filename, n);
}

static void S_priority(loam_priority pr, loam_arena *a, loam_qgval_vec *out) {
  static const char *const names[] = {"Lowest", "Low", "Normal", "Medium", "High", "Highest"};
  int idx = pr >= LOAM_PRIO_LOWEST && pr <= LOAM_PRIO_HIGHEST ? (int)pr : LOAM_PRIO_NONE;
  char buf[64];
  /* The plugin numbers priorities 0 (highest) to 5 (lowest) in the key. */
  snprintf(buf, sizeof(buf), "%%%%%d%%%%%s priority", 5 - idx, names[idx]);
  char *key = loam_arena_strdup(a, buf);
  S_push(out, key, key + 5, 0);
}

static void S_backlink(const loam_qtask *t, loam_arena *a, loam_qgval_vec *out) {
  char *stem = S_stem(t->filename, a);
  const char *h = t->task->heading;
  loam_strbuf k = {0};
  if (!h)
    loam_strbuf_printf(&k, "[[%s]]", stem);
  else
    loam_strbuf_printf(&k, "[[%s#%s|%s > %s]]", stem, h, stem, h);
  char *link = loam_arena_strdup(a, loam_strbuf_cstr(&k));
  loam_strbuf_free(&k);
  S_push(out, link, link, 0);
}

/* Markdown escapes of the plugin's path, folder and root headings. */
static char *S_escape(const char *s, size_t n, loam_arena *a) {
  loam_strbuf b = {0};
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' || s[i] == '_') loam_strbuf_putc(&b, '\\');
    loam_strbuf_putc(&b, s[i]);
  }
  char *r = loam_arena_strdup(a, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return r;
}

/* The path without its (first) ".md", escaped, as the plugin writes it. */
static void S_path(const char *path, loam_arena *a, loam_qgval_vec *out) {
  path = path ? path : "";
  const char *md = strstr(path, ".md");
  loam_strbuf b = {0};
  loam_strbuf_put(&b, path, md ? (size_t)(md - path) : strlen(path));
  if (md) loam_strbuf_puts(&b, md + 3);
  char *s = S_escape(loam_strbuf_cstr(&b), b.len, a);
  loam_strbuf_free(&b);
  S_push(out, s, s, 0);
}

static void S_escaped(const char *v, loam_arena *a, loam_qgval_vec *out) {
  char *s = S_escape(v, strlen(v), a);
  S_push(out, s, s, 0);
}

static void S_text(const char *v, const char *none, loam_qgval_vec *out) {
  if (!v || !*v)
    S_push(out, none, none, 0);
  else
    S_push(out, v, v, 0);
}

void loam_qgroup_values(const loam_qgroup *g, const loam_qtask *t, loam_arena *a,
                        loam_qgval_vec *out) {
  const loam_task *k = t->task;
  char buf[64];
  switch (g->key) {
  case LOAM_QGROUP_STATUS: S_text(loam_status_is_done(t->type) ? "Done" : "Todo", "", out); break;
  case LOAM_QGROUP_STATUS_NAME: S_text(t->status_name, "", out); break;
  case LOAM_QGROUP_STATUS_TYPE: {
    snprintf(buf, sizeof(buf), "%%%%%d%%%%%s", (int)t->type + 1, loam_status_type_name(t->type));
    char *key = loam_arena_strdup(a, buf);
    S_push(out, key, key + 5, 0);
    break;
  }
  case LOAM_QGROUP_ID:
    if (k->id && *k->id)
      S_push(out, k->id, k->id, 0);
    else
      S_push(out, "", "(No id)", 0);
    break;
  case LOAM_QGROUP_DUE: S_date(k->due, "due", a, out); break;
  case LOAM_QGROUP_DONE: S_date(k->done, "done", a, out); break;
  case LOAM_QGROUP_SCHEDULED: S_date(k->scheduled, "scheduled", a, out); break;
  case LOAM_QGROUP_START: S_date(k->start, "start", a, out); break;
  case LOAM_QGROUP_CREATED: S_date(k->created, "created", a, out); break;
  case LOAM_QGROUP_CANCELLED: S_date(k->cancelled, "cancelled", a, out); break;
  case LOAM_QGROUP_HAPPENS: S_date(t->happens, "happens", a, out); break;
  case LOAM_QGROUP_PRIORITY: S_priority(k->priority, a, out); break;
  case LOAM_QGROUP_URGENCY: {
    snprintf(buf, sizeof(buf), "%.2f", t->urgency);
    char *s = loam_arena_strdup(a, buf);
    S_push(out, s, s, t->urgency);
    break;
  }
  case LOAM_QGROUP_RECURRING: S_text(t->recurrence ? "Recurring" : "Not Recurring", "", out); break;
  case LOAM_QGROUP_RECURRENCE: S_text(t->recurrence, "None", out); break;
  case LOAM_QGROUP_TAGS:
    for (size_t i = 0; i < k->n_tags; i++) {
      int seen = 0; /* a tag written twice still makes one group */
      for (size_t j = 0; j < i && !seen; j++) seen = strcmp(k->tags[i], k->tags[j]) == 0;
      if (!seen) S_push(out, k->tags[i], k->tags[i], 0);
    }
    if (k->n_tags == 0) S_push(out, "(No tags)", "(No tags)", 0);
    break;
  case LOAM_QGROUP_PATH: S_path(t->note->path, a, out); break;
  case LOAM_QGROUP_ROOT: S_escaped(t->root, a, out); break;
  case LOAM_QGROUP_FOLDER: S_escaped(t->folder, a, out); break;
  case LOAM_QGROUP_FILENAME: {
    loam_strbuf b = {0};
    loam_strbuf_printf(&b, "[[%s]]", S_stem(t->filename, a));
    char *link = loam_arena_strdup(a, loam_strbuf_cstr(&b));
    loam_strbuf_free(&b);
    S_push(out, link, link, 0);
    break;
  }
  case LOAM_QGROUP_BACKLINK: S_backlink(t, a, out); break;
  case LOAM_QGROUP_HEADING: S_text(k->heading, "(No heading)", out); break;
  }
}

int loam_qgroup_compare(const loam_qgroup *g, const loam_qgval *a, const loam_qgval *b) {
  int r;
  if (g->key == LOAM_QGROUP_URGENCY)
    r = a->num > b->num ? -1 : a->num < b->num ? 1 : 0;
  else
    r = loam_qtext_collate(a->key, strlen(a->key), b->key, strlen(b->key));
  return g->reverse ? -r : r;
}
