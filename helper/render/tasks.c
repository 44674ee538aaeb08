/*
 * render/tasks.c: a query result as the lines of an editor buffer.
 *
 * The layout is the plugin's reading view in plain text:
 *
 *   Explanation of this Tasks code block query:     (only with `explain`)
 *   ...
 *
 *   #### Meetings                                    (group, level 1)
 *   ##### Planning sessions (2 tasks)                (level 2, `show group count`)
 *   - [ ] Draft the overview  ⏫ ➕ 2026-11-04 📅 2026-11-28  (Planning > Action items)
 *   - [/] Collect inventory  🔼 ➕ 2026-11-17  (Storage roadmap review > Tasks)
 *
 *   #### Topics
 *   - [ ] ...
 *
 *   3 tasks                                          (or "2 of 5 tasks")
 *
 * Headings use 4, 5, then 6 `#` as the plugin's h4/h5/h6, and show the
 * plugin's heading Markdown as Obsidian displays it (`[[Note]]` as
 * `Note`); a blank line separates groups. A task line is its checkbox, its description, two
 * spaces, its fields in the plugin's order (id, depends on, priority,
 * recurrence, on completion, created, start, scheduled, due, cancelled,
 * done, block link), and two spaces before the backlink `(Note > Heading)`
 * (just `(Note)` without a heading or when the heading is the note's name;
 * `/path/Note.md` when several notes share the name). `hide`/`show` drop
 * or add fields; short mode keeps only the emojis and shows the backlink
 * as 🔗; `show urgency` adds the score before the backlink; `show tree`
 * nests each task's sub-tasks under it, indented four spaces a level.
 *
 * Highlight groups: LoamTaskCheckbox, LoamTaskDone (description of a done
 * or cancelled task), LoamTaskTag, LoamTaskPriority, LoamTaskDue,
 * LoamTaskOverdue (due before today, not done), LoamTaskDate (other
 * dates), LoamTaskUrgency, LoamTaskBacklink, LoamTaskGroup, LoamTaskCount
 * (the count and "No tasks match."), LoamTaskExplain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../query/internal.h"
#include "tasks.h"

typedef struct {
  loam_strbuf text;
  LOAM_VEC(loam_hl) hl;
} S_line;

typedef struct {
  const loam_query_result *r;
  loam_vault *v;
  loam_render *out;
  S_line line;
  const uint8_t *stem_shared; /* per note: its stem is another note's too */
} S_ctx;

static void S_hl(S_line *l, const char *group, size_t start, size_t end) {
  if (end <= start) return;
  loam_hl h = {group, (uint32_t)start, (uint32_t)end};
  LOAM_VEC_PUSH(&l->hl, h);
}

static void S_emit(S_ctx *c, loam_line_kind kind, int32_t note, uint32_t task, int level) {
  loam_render_line l;
  memset(&l, 0, sizeof(l));
  l.kind = kind;
  l.text = loam_arena_strdup(&c->out->arena, loam_strbuf_cstr(&c->line.text));
  l.note = note;
  l.task = task;
  l.level = level;
  l.n_hl = c->line.hl.len;
  if (l.n_hl) {
    l.hl = loam_arena_alloc(&c->out->arena, l.n_hl * sizeof(loam_hl));
    memcpy(l.hl, c->line.hl.items, l.n_hl * sizeof(loam_hl));
  }
  LOAM_VEC_PUSH(&c->out->lines, l);
  loam_strbuf_clear(&c->line.text);
  c->line.hl.len = 0;
}

static void S_text_line(S_ctx *c, loam_line_kind kind, const char *text, const char *group) {
  loam_strbuf_puts(&c->line.text, text);
  if (group) S_hl(&c->line, group, 0, c->line.text.len);
  S_emit(c, kind, -1, 0, 0);
}

static int S_shown(const S_ctx *c, unsigned bit) { return !(c->r->layout.hide & bit); }

/* ---- the parts of a task line ---------------------------------------------- */

/* The description, without its tags when they are hidden; tags marked. */
static void S_description(S_ctx *c, const loam_task *t, int done) {
  S_line *l = &c->line;
  size_t start = l->text.len;
  const char *d = t->description ? t->description : "";
  int tags = S_shown(c, LOAM_SHOW_TAGS);
  size_t i = 0, n = strlen(d);
  while (i < n) {
    size_t hit = 0;
    if (d[i] == '#' && (i == 0 || d[i - 1] == ' ' || d[i - 1] == '\t')) {
      for (size_t k = 0; k < t->n_tags && !hit; k++) {
        size_t tn = strlen(t->tags[k]);
        if (strncmp(d + i, t->tags[k], tn) == 0 &&
            (i + tn == n || d[i + tn] == ' ' || d[i + tn] == '\t'))
          hit = tn;
      }
    }
    if (!hit) {
      loam_strbuf_putc(&l->text, d[i++]);
      continue;
    }
    if (tags) {
      S_hl(l, "LoamTaskTag", l->text.len, l->text.len + hit);
      loam_strbuf_put(&l->text, d + i, hit);
    } else {
      while (l->text.len > start && l->text.ptr[l->text.len - 1] == ' ') l->text.len--;
      if (l->text.ptr) l->text.ptr[l->text.len] = '\0';
    }
    i += hit;
    if (!tags && l->text.len == start) /* a hidden tag opened the description */
      while (i < n && d[i] == ' ') i++;
  }
  if (done) S_hl(l, "LoamTaskDone", start, l->text.len);
}

/* " 📅 2026-12-01" (or just " 📅" in short mode). */
static void S_field(S_ctx *c, const char *emoji, const char *value, const char *group) {
  S_line *l = &c->line;
  loam_strbuf_putc(&l->text, ' ');
  size_t start = l->text.len;
  loam_strbuf_puts(&l->text, emoji);
  if (!c->r->layout.short_mode && value) {
    loam_strbuf_putc(&l->text, ' ');
    loam_strbuf_puts(&l->text, value);
  }
  S_hl(l, group, start, l->text.len);
}

static void S_date(S_ctx *c, unsigned bit, const char *emoji, loam_date d, const char *group) {
  if (d == LOAM_DATE_NONE || !S_shown(c, bit)) return;
  char iso[11];
  loam_date_format(d, iso);
  S_field(c, emoji, d == LOAM_DATE_INVALID ? "Invalid date" : iso, group);
}

static void S_fields(S_ctx *c, const loam_task *t, int done) {
  static const char *const prio[] = {"⏬", "🔽", NULL, "🔼", "⏫", "🔺"};
  if (t->id && *t->id && S_shown(c, LOAM_SHOW_ID)) S_field(c, "🆔", t->id, "LoamTaskField");
  if (t->n_depends_on && S_shown(c, LOAM_SHOW_DEPENDS_ON)) {
    loam_strbuf ids = {0};
    for (size_t i = 0; i < t->n_depends_on; i++)
      loam_strbuf_printf(&ids, "%s%s", i ? "," : "", t->depends_on[i]);
    S_field(c, "⛔", loam_strbuf_cstr(&ids), "LoamTaskField");
    loam_strbuf_free(&ids);
  }
  if (t->priority >= LOAM_PRIO_LOWEST && t->priority <= LOAM_PRIO_HIGHEST && prio[t->priority] &&
      S_shown(c, LOAM_SHOW_PRIORITY))
    S_field(c, prio[t->priority], NULL, "LoamTaskPriority");
  const char *rule = loam_qtask_recurrence(t, &c->out->arena); /* as the plugin shows it */
  if (rule && S_shown(c, LOAM_SHOW_RECURRENCE)) S_field(c, "🔁", rule, "LoamTaskField");
  if (t->on_completion && S_shown(c, LOAM_SHOW_ON_COMPLETION))
    S_field(c, "🏁", t->on_completion, "LoamTaskField");
  S_date(c, LOAM_SHOW_CREATED, "➕", t->created, "LoamTaskDate");
  S_date(c, LOAM_SHOW_START, "🛫", t->start, "LoamTaskDate");
  S_date(c, LOAM_SHOW_SCHEDULED, "⏳", t->scheduled, "LoamTaskDate");
  int overdue = !done && LOAM_DATE_IS_REAL(t->due) && t->due < c->r->today;
  S_date(c, LOAM_SHOW_DUE, "📅", t->due, overdue ? "LoamTaskOverdue" : "LoamTaskDue");
  S_date(c, LOAM_SHOW_CANCELLED, "❌", t->cancelled, "LoamTaskDate");
  S_date(c, LOAM_SHOW_DONE, "✅", t->done, "LoamTaskDate");
  if (t->block_id) loam_strbuf_printf(&c->line.text, " ^%s", t->block_id);
}

/* Like the plugin's Intl.NumberFormat: at most 3 decimals, no trailing 0. */
static void S_urgency(S_ctx *c, const loam_task *t) {
  char buf[32];
  double u = loam_qtask_urgency(t, c->r->today);
  snprintf(buf, sizeof(buf), "%.3f", u);
  char *end = buf + strlen(buf);
  while (end > buf && end[-1] == '0') *--end = '\0';
  if (end > buf && end[-1] == '.') *--end = '\0';
  if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
  loam_strbuf_puts(&c->line.text, "  ");
  size_t start = c->line.text.len;
  loam_strbuf_puts(&c->line.text, buf);
  S_hl(&c->line, "LoamTaskUrgency", start, c->line.text.len);
}

static void S_backlink(S_ctx *c, int32_t ni, const loam_note *note, const loam_task *t) {
  S_line *l = &c->line;
  loam_strbuf_puts(&l->text, c->r->layout.short_mode ? " " : "  ");
  size_t start = l->text.len;
  if (c->r->layout.short_mode) {
    loam_strbuf_puts(&l->text, "🔗");
  } else {
    const char *stem = note->stem ? note->stem : "";
    size_t link = l->text.len + 1;
    loam_strbuf_putc(&l->text, '(');
    if (c->stem_shared[ni])
      loam_strbuf_printf(&l->text, "/%s", note->path); /* names are ambiguous */
    else
      loam_strbuf_puts(&l->text, stem);
    if (t->heading && strcmp(t->heading, l->text.ptr + link) != 0)
      loam_strbuf_printf(&l->text, " > %s", t->heading);
    loam_strbuf_putc(&l->text, ')');
  }
  S_hl(l, "LoamTaskBacklink", start, l->text.len);
}

static void S_task(S_ctx *c, int32_t ni, uint32_t ti, int depth) {
  const loam_note *note = loam_vault_note(c->v, (size_t)ni);
  const loam_task *t = &note->tasks.items[ti];
  loam_status unknown;
  int done = loam_status_is_done(loam_status_lookup(c->r->statuses, t->status, &unknown)->type);
  S_line *l = &c->line;
  for (int i = 0; i < depth; i++) loam_strbuf_puts(&l->text, "    ");
  loam_strbuf_puts(&l->text, "- ");
  size_t box = l->text.len;
  loam_strbuf_printf(&l->text, "[%s]", t->status);
  S_hl(l, "LoamTaskCheckbox", box, l->text.len);
  loam_strbuf_putc(&l->text, ' ');
  S_description(c, t, done);
  size_t before = l->text.len;
  loam_strbuf_putc(&l->text, ' '); /* two spaces before the fields */
  S_fields(c, t, done);
  if (l->text.len == before + 1) l->text.ptr[l->text.len = before] = '\0';
  if (S_shown(c, LOAM_SHOW_URGENCY)) S_urgency(c, t);
  if (S_shown(c, LOAM_SHOW_BACKLINK)) S_backlink(c, ni, note, t);
  S_emit(c, LOAM_LINE_TASK, ni, ti, 0);
}

/* ---- show tree --------------------------------------------------------------- */

/* Whether task b of note `ni` sits (at any depth) under task a's line. */
static int S_under(const loam_note *note, const loam_task *b, uint32_t a_line) {
  for (int hops = 0; b->parent_line && hops < 1000; hops++) {
    if (b->parent_line == a_line) return 1;
    const loam_task *up = NULL;
    for (size_t k = 0; k < note->tasks.len && !up; k++)
      if (note->tasks.items[k].line == b->parent_line) up = &note->tasks.items[k];
    if (!up) return 0;
    b = up;
  }
  return 0;
}

/* The task, then every task nested under it in file order. */
static void S_subtree(S_ctx *c, int32_t ni, uint32_t ti, int depth) {
  S_task(c, ni, ti, depth);
  const loam_note *note = loam_vault_note(c->v, (size_t)ni);
  uint32_t line = note->tasks.items[ti].line;
  for (size_t k = ti + 1; k < note->tasks.len; k++)
    if (note->tasks.items[k].parent_line == line && depth < 32)
      S_subtree(c, ni, (uint32_t)k, depth + 1);
}

/* A row is drawn inside another row's tree when its ancestor is also a row
 * of the same group. */
static int S_drawn_by_other(S_ctx *c, size_t from, size_t to, size_t i) {
  const loam_query_row *row = &c->r->rows.items[i];
  const loam_note *note = loam_vault_note(c->v, (size_t)row->note);
  const loam_task *t = &note->tasks.items[row->task];
  for (size_t k = from; k < to; k++) {
    const loam_query_row *o = &c->r->rows.items[k];
    if (k == i || o->note != row->note) continue;
    if (S_under(note, t, note->tasks.items[o->task].line)) return 1;
  }
  return 0;
}

/* ---- groups and rows ----------------------------------------------------------- */

static int S_same_groups(const loam_query_row *a, const loam_query_row *b, size_t upto) {
  if (a->groups == b->groups) return 1; /* rows of one group share their headings */
  for (size_t i = 0; i < upto; i++)
    if (strcmp(a->groups[i], b->groups[i]) != 0) return 0;
  return 1;
}

/* A group heading's Markdown as Obsidian shows it: [[Note|alias]] as its
 * alias, [[Note]] as Note, backslash escapes resolved. */
static void S_heading_text(loam_strbuf *out, const char *md) {
  while (*md) {
    const char *close = strncmp(md, "[[", 2) == 0 ? strstr(md + 2, "]]") : NULL;
    if (close) {
      const char *in = md + 2, *vis = in;
      for (const char *p = in; p < close; p++)
        if (*p == '|') vis = p + 1;
      loam_strbuf_put(out, vis, (size_t)(close - vis));
      md = close + 2;
    } else if (md[0] == '\\' && md[1]) {
      loam_strbuf_putc(out, md[1]);
      md += 2;
    } else {
      loam_strbuf_putc(out, *md++);
    }
  }
}

static void S_headings(S_ctx *c, size_t i, size_t group_end) {
  const loam_query_row *row = &c->r->rows.items[i];
  const loam_query_row *prev = i ? &c->r->rows.items[i - 1] : NULL;
  size_t level = 0;
  while (prev && level < row->n_groups &&
         (prev->groups == row->groups || strcmp(prev->groups[level], row->groups[level]) == 0))
    level++;
  if (level == row->n_groups) return;
  if (prev) S_text_line(c, LOAM_LINE_BLANK, "", NULL);
  for (; level < row->n_groups; level++) {
    int hashes = 4 + (int)level > 6 ? 6 : 4 + (int)level;
    for (int h = 0; h < hashes; h++) loam_strbuf_putc(&c->line.text, '#');
    loam_strbuf_putc(&c->line.text, ' ');
    S_heading_text(&c->line.text, row->groups[level]);
    if (level + 1 == row->n_groups && S_shown(c, LOAM_SHOW_GROUP_COUNT)) {
      size_t n = group_end - i;
      loam_strbuf_printf(&c->line.text, " (%zu task%s)", n, n == 1 ? "" : "s");
    }
    S_hl(&c->line, "LoamTaskGroup", 0, c->line.text.len);
    S_emit(c, LOAM_LINE_GROUP, -1, 0, (int)level + 1);
  }
}

static void S_rows(S_ctx *c) {
  const loam_query_result *r = c->r;
  for (size_t i = 0; i < r->rows.len;) {
    size_t end = i + 1; /* rows [i, end) share every heading */
    while (end < r->rows.len && r->rows.items[end].n_groups == r->rows.items[i].n_groups &&
           S_same_groups(&r->rows.items[end], &r->rows.items[i], r->rows.items[i].n_groups))
      end++;
    S_headings(c, i, end);
    for (size_t k = i; k < end; k++) {
      const loam_query_row *row = &r->rows.items[k];
      if (!r->layout.show_tree)
        S_task(c, row->note, row->task, 0);
      else if (!S_drawn_by_other(c, i, end, k))
        S_subtree(c, row->note, row->task, 0);
    }
    i = end;
  }
}

static void S_explain(S_ctx *c) {
  const char *s = c->r->explain;
  while (*s) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    loam_strbuf_put(&c->line.text, s, n);
    S_hl(&c->line, "LoamTaskExplain", 0, n);
    S_emit(c, LOAM_LINE_EXPLAIN, -1, 0, 0);
    s += n + (nl ? 1 : 0);
  }
  S_text_line(c, LOAM_LINE_BLANK, "", NULL);
}

static void S_count(S_ctx *c) {
  size_t shown = c->r->distinct, total = c->r->total_matched;
  char buf[64];
  if (shown == total)
    snprintf(buf, sizeof(buf), "%zu task%s", shown, shown == 1 ? "" : "s");
  else
    snprintf(buf, sizeof(buf), "%zu of %zu task%s", shown, total, total == 1 ? "" : "s");
  S_text_line(c, LOAM_LINE_COUNT, buf, "LoamTaskCount");
}

void loam_render_tasks(const loam_query_result *r, loam_vault *v, loam_render *out) {
  memset(out, 0, sizeof(*out));
  if (!r || !v) return;
  S_ctx c = {r, v, out, {{0}, {0}}, loam_qcache_stem_shared(loam_qcache_of(v))};
  if (r->explain && *r->explain) S_explain(&c);
  if (r->rows.len == 0) {
    S_text_line(&c, LOAM_LINE_EMPTY, "No tasks match.", "LoamTaskCount");
    if (r->total_matched && S_shown(&c, LOAM_SHOW_TASK_COUNT)) S_count(&c);
  } else {
    S_rows(&c);
    if (S_shown(&c, LOAM_SHOW_TASK_COUNT)) {
      S_text_line(&c, LOAM_LINE_BLANK, "", NULL);
      S_count(&c);
    }
  }
  loam_strbuf_free(&c.line.text);
  free(c.line.hl.items);
}

void loam_render_free(loam_render *out) {
  if (!out) return;
  free(out->lines.items);
  loam_arena_free(&out->arena);
  memset(out, 0, sizeof(*out));
}
