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
 *
 * For many tasks (loam_qgroup_level), a heading is worked out once per
 * distinct value (a date, a status, a tag, a note's heading...) rather than
 * once per task, and the distinct headings are ranked once; each row then
 * carries integers: its heading's rank, for ordering, and its slot, for the
 * text. Path and file name headings are per note, ranked by the task table.
 */
#include <stdio.h>
#include <stdlib.h>
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
  char *stem = S_stem(loam_qtask_filename(t), a);
  const char *h = loam_qtask_task(t)->heading;
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
static void S_escape(const char *s, size_t n, loam_strbuf *out) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' || s[i] == '_') loam_strbuf_putc(out, '\\');
    loam_strbuf_putc(out, s[i]);
  }
}

void loam_qgroup_note_text(loam_qgroup_key k, const char *path, size_t name, loam_strbuf *out) {
  path = path ? path : "";
  switch (k) {
  case LOAM_QGROUP_PATH: { /* without its (first) ".md", escaped */
    const char *md = strstr(path, ".md");
    S_escape(path, md ? (size_t)(md - path) : strlen(path), out);
    if (md) S_escape(md + 3, strlen(md + 3), out);
    break;
  }
  case LOAM_QGROUP_FOLDER: /* "dir/sub/" or "/" */
  case LOAM_QGROUP_ROOT: { /* "dir/" or "/" */
    const char *slash = k == LOAM_QGROUP_FOLDER ? strrchr(path, '/') : strchr(path, '/');
    if (slash)
      S_escape(path, (size_t)(slash - path) + 1, out);
    else
      loam_strbuf_putc(out, '/');
    break;
  }
  default: { /* LOAM_QGROUP_FILENAME: [[stem]] */
    const char *file = path + name;
    size_t n = strlen(file);
    if (n >= 3 && strcmp(file + n - 3, ".md") == 0) n -= 3;
    loam_strbuf_puts(out, "[[");
    loam_strbuf_put(out, file, n);
    loam_strbuf_puts(out, "]]");
    break;
  }
  }
}

/* A heading that is its own key, from the note's path. */
static void S_note_heading(loam_qgroup_key k, const loam_qtask *t, loam_arena *a,
                           loam_qgval_vec *out) {
  const char *path = loam_qtask_path(t);
  loam_strbuf b = {0};
  loam_qgroup_note_text(k, path, (size_t)(loam_qtask_filename(t) - path), &b);
  char *s = loam_arena_strdup(a, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
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
  const loam_task *k = loam_qtask_task(t);
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
  case LOAM_QGROUP_HAPPENS: S_date(loam_qtask_happens(t), "happens", a, out); break;
  case LOAM_QGROUP_PRIORITY: S_priority(k->priority, a, out); break;
  case LOAM_QGROUP_URGENCY: {
    double u = loam_qtask_urgency_of(t);
    snprintf(buf, sizeof(buf), "%.2f", u);
    char *s = loam_arena_strdup(a, buf);
    S_push(out, s, s, u);
    break;
  }
  case LOAM_QGROUP_RECURRING:
    S_text(loam_qtask_rule(t) ? "Recurring" : "Not Recurring", "", out);
    break;
  case LOAM_QGROUP_RECURRENCE: S_text(loam_qtask_rule(t), "None", out); break;
  case LOAM_QGROUP_TAGS:
    for (size_t i = 0; i < k->n_tags; i++) {
      int seen = 0; /* a tag written twice still makes one group */
      for (size_t j = 0; j < i && !seen; j++) seen = strcmp(k->tags[i], k->tags[j]) == 0;
      if (!seen) S_push(out, k->tags[i], k->tags[i], 0);
    }
    if (k->n_tags == 0) S_push(out, "(No tags)", "(No tags)", 0);
    break;
  case LOAM_QGROUP_PATH:
  case LOAM_QGROUP_ROOT:
  case LOAM_QGROUP_FOLDER:
  case LOAM_QGROUP_FILENAME: S_note_heading(g->key, t, a, out); break;
  case LOAM_QGROUP_BACKLINK: S_backlink(t, a, out); break;
  case LOAM_QGROUP_HEADING: S_text(k->heading, "(No heading)", out); break;
  }
}

/* ---- the headings of many tasks ------------------------------------------ */

/* Tasks with equal identities have equal headings under g (tags aside):
 * the heading is worked out once per identity. */
static void S_identity(const loam_qgroup *g, const loam_qtask *t, uint64_t *a, const char **s) {
  const loam_qrec *k = t->rec;
  *a = 0;
  *s = NULL;
  switch (g->key) {
  case LOAM_QGROUP_STATUS: *a = (uint64_t)loam_status_is_done(t->type); break;
  case LOAM_QGROUP_STATUS_NAME: *a = k->sym; break;
  case LOAM_QGROUP_STATUS_TYPE: *a = (uint64_t)t->type; break;
  case LOAM_QGROUP_ID:
    if (k->flags & LOAM_QREC_ID)
      *s = loam_qtask_task(t)->id;
    else
      *a = 1;
    break;
  case LOAM_QGROUP_DUE: *a = (uint32_t)k->due; break;
  case LOAM_QGROUP_DONE: *a = (uint32_t)k->done; break;
  case LOAM_QGROUP_SCHEDULED: *a = (uint32_t)k->scheduled; break;
  case LOAM_QGROUP_START: *a = (uint32_t)k->start; break;
  case LOAM_QGROUP_CREATED: *a = (uint32_t)k->created; break;
  case LOAM_QGROUP_CANCELLED: *a = (uint32_t)k->cancelled; break;
  case LOAM_QGROUP_HAPPENS: *a = (uint32_t)loam_qtask_happens(t); break;
  case LOAM_QGROUP_PRIORITY: *a = k->priority; break;
  case LOAM_QGROUP_URGENCY:
    *a = loam_qurgency_class(k->due, k->scheduled, k->start, k->priority, t->run->today);
    break;
  case LOAM_QGROUP_RECURRING: *a = (k->flags & LOAM_QREC_RECURRING) != 0; break;
  case LOAM_QGROUP_RECURRENCE: *a = (k->flags & LOAM_QREC_RECURRING) ? k->recur + 1ull : 0; break;
  case LOAM_QGROUP_ROOT: *a = t->run->cache->notes.items[k->note].root; break;
  case LOAM_QGROUP_FOLDER: *a = t->run->cache->notes.items[k->note].folder; break;
  case LOAM_QGROUP_BACKLINK:
    *s = loam_qtask_task(t)->heading;
    *a = (uint64_t)(uint32_t)k->note << 1 | (*s != NULL);
    break;
  case LOAM_QGROUP_HEADING:
    *s = loam_qtask_task(t)->heading;
    *a = *s == NULL;
    break;
  default: break; /* tags, path, filename: not here */
  }
}

/* Ranks of the slots' headings in the plugin's order (before reverse):
 * keys by loam_qtext_collate(), urgency by score, highest first; equal
 * headings rank equal. *max: the largest rank. */
static uint32_t *S_rank_slots(const loam_qgroup *g, const loam_qgval *v, size_t n, uint32_t *max) {
  uint32_t *rank = loam_xmalloc((n ? n : 1) * sizeof(*rank));
  *max = 0;
  if (n == 0) return rank;
  if (g->key == LOAM_QGROUP_URGENCY) { /* highest first; ties: equal ranks */
    double *num = loam_xmalloc(n * sizeof(*num));
    for (size_t i = 0; i < n; i++) num[i] = v[i].num;
    for (size_t i = 1; i < n; i++) /* insertion sort, descending: few scores */
      for (size_t j = i; j > 0 && num[j - 1] < num[j]; j--) {
        double x = num[j];
        num[j] = num[j - 1], num[j - 1] = x;
      }
    for (size_t i = 0; i < n; i++) {
      size_t lo = 0, hi = n - 1; /* scores above v[i] */
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (num[mid] > v[i].num)
          lo = mid + 1;
        else
          hi = mid;
      }
      rank[i] = (uint32_t)lo;
      if (rank[i] > *max) *max = rank[i];
    }
    free(num);
    return rank;
  }
  const char **s = loam_xmalloc(n * sizeof(*s));
  size_t *len = loam_xmalloc(n * sizeof(*len));
  for (size_t i = 0; i < n; i++) s[i] = v[i].key, len[i] = strlen(v[i].key);
  *max = loam_qtext_rank(s, len, n, rank) - 1;
  free(s);
  free(len);
  return rank;
}

void loam_qgroup_level(const loam_qrun *r, const loam_qgroup *g, const loam_qhit *rows, size_t n,
                       loam_qglevel *out) {
  memset(out, 0, sizeof(*out));
  out->g = g;
  out->n = n;
  if (g->key == LOAM_QGROUP_PATH || g->key == LOAM_QGROUP_FILENAME) { /* per note */
    uint32_t n_ranks;
    const uint32_t *nr = loam_qcache_ranks(
        r->cache, g->key == LOAM_QGROUP_PATH ? LOAM_QNK_GROUP_PATH : LOAM_QNK_GROUP_FILENAME,
        &n_ranks);
    out->per_note = 1;
    out->rank = loam_qscratch_alloc(r->scratch, (n ? n : 1) * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) out->rank[i] = nr[rows[i].note];
    out->max = n_ranks ? n_ranks - 1 : 0;
    out->n_slots = r->cache->notes.len;
  } else {
    loam_qslots slots = {0};
    loam_qgval_vec vals = {0}, tmp = {0};
    LOAM_VEC(uint32_t) slot = {0};
    int tags = g->key == LOAM_QGROUP_TAGS;
    if (tags) out->start = loam_qscratch_alloc(r->scratch, (n + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
      loam_qtask t;
      loam_qtask_view(r, rows[i].rec, &t);
      int is_new;
      if (tags) {
        out->start[i] = (uint32_t)slot.len;
        tmp.len = 0;
        loam_qgroup_values(g, &t, &out->arena, &tmp);
        for (size_t j = 0; j < tmp.len; j++) {
          const char *key = tmp.items[j].key;
          uint32_t id = loam_qslots_get(&slots, 0, key, strlen(key), &is_new);
          if (is_new) LOAM_VEC_PUSH(&vals, tmp.items[j]);
          LOAM_VEC_PUSH(&slot, id);
        }
        continue;
      }
      uint64_t a;
      const char *s;
      S_identity(g, &t, &a, &s);
      uint32_t id = loam_qslots_get(&slots, a, s, s ? strlen(s) : 0, &is_new);
      if (is_new) {
        tmp.len = 0;
        loam_qgroup_values(g, &t, &out->arena, &tmp);
        LOAM_VEC_PUSH(&vals, tmp.items[0]);
      }
      LOAM_VEC_PUSH(&slot, id);
    }
    if (tags) out->start[n] = (uint32_t)slot.len;
    uint32_t *sr = S_rank_slots(g, vals.items, vals.len, &out->max);
    out->slot = loam_qscratch_alloc(r->scratch, (slot.len ? slot.len : 1) * sizeof(uint32_t));
    out->rank = loam_qscratch_alloc(r->scratch, (slot.len ? slot.len : 1) * sizeof(uint32_t));
    for (size_t j = 0; j < slot.len; j++) out->rank[j] = sr[slot.items[j]];
    if (slot.len) memcpy(out->slot, slot.items, slot.len * sizeof(uint32_t));
    free(slot.items);
    out->n_slots = vals.len;
    out->text = loam_arena_alloc(&out->arena, (vals.len ? vals.len : 1) * sizeof(char *));
    for (size_t j = 0; j < vals.len; j++) out->text[j] = (char *)vals.items[j].display;
    free(sr);
    free(vals.items);
    free(tmp.items);
    loam_qslots_free(&slots);
  }
  if (g->reverse) {
    size_t values = out->start ? out->start[n] : n;
    for (size_t j = 0; j < values; j++) out->rank[j] = out->max - out->rank[j];
  }
  out->memo = loam_qscratch_calloc(r->scratch, (out->n_slots ? out->n_slots : 1) * sizeof(char *));
}

static const char *S_dup(loam_qbump *b, const char *s, size_t n) {
  char *t = loam_qbump_alloc(b, n + 1);
  memcpy(t, s, n);
  t[n] = '\0';
  return t;
}

const char *loam_qglevel_text(loam_qglevel *lv, const loam_qrun *r, uint32_t slot, loam_qbump *b) {
  if (lv->memo[slot]) return lv->memo[slot];
  if (!lv->per_note) return lv->memo[slot] = S_dup(b, lv->text[slot], strlen(lv->text[slot]));
  const loam_qnote *m = &r->cache->notes.items[slot];
  const char *path = r->cache->pool.items + m->path;
  if (lv->g->key == LOAM_QGROUP_FILENAME) { /* [[stem]], without a buffer: one per note */
    const char *file = path + m->name;
    size_t n = m->len - m->name;
    if (n >= 3 && memcmp(file + n - 3, ".md", 3) == 0) n -= 3;
    char *t = loam_qbump_alloc(b, n + 5);
    memcpy(t, "[[", 2);
    memcpy(t + 2, file, n);
    memcpy(t + 2 + n, "]]", 3);
    return lv->memo[slot] = t;
  }
  loam_strbuf_clear(&lv->buf);
  loam_qgroup_note_text(lv->g->key, path, m->name, &lv->buf);
  return lv->memo[slot] = S_dup(b, loam_strbuf_cstr(&lv->buf), lv->buf.len);
}

void loam_qglevel_free(loam_qglevel *lv) {
  loam_strbuf_free(&lv->buf);
  loam_arena_free(&lv->arena);
  memset(lv, 0, sizeof(*lv));
}
