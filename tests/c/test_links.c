/*
 * test_links.c: the link methods (resolve, backlinks, unresolved, tags)
 * called the way every transport calls them, on the example vault and on
 * small scratch vaults written here. Expectations are read off the notes by
 * hand (line and column numbers are counted in the note texts below).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../helper/rpc/methods.h"
#include "../../helper/vault/vault.h"
#include "test.h"

static loam_arena S_arena;

static loam_vault *S_open(const char *dir) {
  loam_vault *v = loam_vault_new(dir);
  loam_error err = {0};
  CHECK_INT(loam_vault_scan(v, &err), 0);
  return v;
}

static loam_vault *S_examples(void) {
  const char *dir = getenv("LOAM_EXAMPLES");
  return S_open(dir ? dir : "../../../shared/examples/vault");
}

/* Writes dir/rel, making its folders. */
static void S_put(const char *dir, const char *rel, const char *text) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  for (char *p = path + strlen(dir) + 1; *p; p++)
    if (*p == '/') *p = '\0', mkdir(path, 0755), *p = '/';
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void S_rmtree(const char *dir) {
  char cmd[4200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("  could not remove %s\n", dir);
}

/* params built from "key", "value" pairs; a value starting with '#' followed
 * by digits only is an integer. */
static loam_val *S_params(const char *const *kv) {
  loam_val *m = loam_val_map(&S_arena);
  for (size_t i = 0; kv[i]; i += 2) {
    const char *val = kv[i + 1];
    if (val[0] == '#' && val[1] && strspn(val + 1, "0123456789") == strlen(val + 1))
      loam_val_set(&S_arena, m, kv[i], loam_val_int(&S_arena, atoll(val + 1)));
    else
      loam_val_set(&S_arena, m, kv[i], loam_val_cstr(&S_arena, val));
  }
  return m;
}

/* Calls `method`; NULL (and a failed check) when it returns an error. */
static loam_val *S_call(loam_vault *v, const char *method, const char *const *kv) {
  loam_ctx ctx = {v, LOAM_DATE_NONE};
  const loam_method *m = loam_method_find(method, strlen(method));
  loam_val *res = NULL;
  loam_error err = {0};
  if (!m || m->fn(&ctx, S_params(kv), &S_arena, &res, &err) != 0) {
    printf("  %s failed: %s\n", method, err.msg);
    return NULL;
  }
  return res;
}

static const char *S_str(const loam_val *m, const char *key) {
  const loam_val *v = loam_val_get(m, key);
  return v && v->type == LOAM_VAL_STR ? loam_arena_strndup(&S_arena, v->u.s.ptr, v->u.s.len) : NULL;
}

static long long S_int(const loam_val *m, const char *key) {
  return (long long)loam_val_get_int(m, key, -1);
}

static size_t S_len(const loam_val *arr) {
  return arr && arr->type == LOAM_VAL_ARRAY ? arr->u.a.len : 0;
}

static const loam_val *S_at(const loam_val *arr, size_t i) {
  return i < S_len(arr) ? arr->u.a.items[i] : NULL;
}

/* "path:line" of what resolve says for the link at `col` of `text`
 * (written in note `from`), "unresolved:<new_path>" or "none". */
static const char *S_follow(loam_vault *v, const char *from, const char *text, int col) {
  char colbuf[16];
  snprintf(colbuf, sizeof(colbuf), "#%d", col);
  const char *kv[] = {"text", text, "col", colbuf, "path", from, NULL};
  loam_val *r = S_call(v, "resolve", kv);
  if (!r) return "error";
  char out[1024];
  if (!loam_val_get_bool(r, "found", 0))
    snprintf(out, sizeof(out), "none");
  else if (!loam_val_get_bool(r, "resolved", 0))
    snprintf(out, sizeof(out), "unresolved:%s", S_str(r, "new_path"));
  else
    snprintf(out, sizeof(out), "%s:%lld%s%s", S_str(r, "path"), S_int(r, "line"),
             S_str(r, "missing") ? " missing " : "",
             S_str(r, "missing") ? S_str(r, "missing") : "");
  return loam_arena_strdup(&S_arena, out);
}

/* A scratch vault with headings, blocks, folders and Markdown links. */
static const char S_plan[] = "---\n"                            /* 1 */
                             "title: The plan\n"                /* 2 */
                             "---\n"                            /* 3 */
                             "# Plan\n"                         /* 4 */
                             "## Goals\n"                       /* 5 */
                             "### Detail\n"                     /* 6 */
                             "First detail. ^blk\n"             /* 7 */
                             "## Later\n"                       /* 8 */
                             "### Detail\n"                     /* 9 */
                             "## Q&A: risks?\n"                 /* 10 */
                             "See [[#Goals]] and [[#Nope]].\n"; /* 11 */

static char *S_scratch(void) {
  static char dir[64];
  snprintf(dir, sizeof(dir), "/tmp/loam-links-XXXXXX");
  if (!mkdtemp(dir)) return NULL;
  S_put(dir, "Notes/Plan.md", S_plan);
  S_put(dir, "Other/Target note.md", "# Target\n");
  S_put(dir, "Notes/Source.md",
        "---\n"
        "attendees: [\"[[Plan]]\", \"[[Target note]]\"]\n"
        "---\n"
        "[t](../Other/Target%20note.md) and [u](<../Other/Target note.md>)\n"
        "[p](Plan.md#Goals) and [q](/Notes/Plan.md) and ![[Plan#Later]]\n"
        "[[Ghost]] [g](sub/Ghost.md) [[Folder/Ghost]] ![[diagram.png]] [[Plan^gone]]\n");
  return dir;
}

TEST(follow_reaches_every_link_form) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  const char *src = "Notes/Source.md", *plan = "Notes/Plan.md";
  CHECK_STR(S_follow(v, src, "see [[Plan]] now", 7), "Notes/Plan.md:1");
  CHECK_STR(S_follow(v, src, "see [[Plan|the plan]] now", 15), "Notes/Plan.md:1");
  CHECK_STR(S_follow(v, src, "[[Plan#Goals]]", 1), "Notes/Plan.md:5");
  /* The second "Detail": the one inside "Later". */
  CHECK_STR(S_follow(v, src, "[[Plan#Later#Detail]]", 3), "Notes/Plan.md:9");
  CHECK_STR(S_follow(v, src, "[[Plan#Goals#Detail]]", 3), "Notes/Plan.md:6");
  CHECK_STR(S_follow(v, src, "[[Plan^blk]]", 3), "Notes/Plan.md:7");
  CHECK_STR(S_follow(v, src, "[[Plan#^blk]]", 3), "Notes/Plan.md:7");
  CHECK_STR(S_follow(v, src, "[[the plan#later]]", 3), "Notes/Plan.md:8");  /* by title */
  CHECK_STR(S_follow(v, src, "[[Plan#Q&A risks]]", 3), "Notes/Plan.md:10"); /* loosely */
  CHECK_STR(S_follow(v, plan, "See [[#Goals]] and [[#Nope]].", 6), "Notes/Plan.md:5");
  CHECK_STR(S_follow(v, plan, "See [[#Goals]] and [[#Nope]].", 20),
            "Notes/Plan.md:1 missing heading");
  CHECK_STR(S_follow(v, src, "x ![[Plan#Later]]", 3), "Notes/Plan.md:8"); /* on the '!' */
  CHECK_STR(S_follow(v, src, "[p](Plan.md#Goals)", 2), "Notes/Plan.md:5");
  CHECK_STR(S_follow(v, src, "[t](../Other/Target%20note.md)", 10), "Other/Target note.md:1");
  CHECK_STR(S_follow(v, src, "[u](<../Other/Target note.md>)", 10), "Other/Target note.md:1");
  CHECK_STR(S_follow(v, src, "[q](/Notes/Plan.md)", 1), "Notes/Plan.md:1");
  CHECK_STR(S_follow(v, src, "attendees: [\"[[Plan]]\", \"[[Target note]]\"]", 28),
            "Other/Target note.md:1");
  CHECK_STR(S_follow(v, src, "[[Plan^gone]]", 3), "Notes/Plan.md:1 missing block");
  CHECK_STR(S_follow(v, src, "[[Ghost]]", 3), "unresolved:Ghost.md");
  CHECK_STR(S_follow(v, src, "[g](sub/Ghost.md)", 3), "unresolved:Notes/sub/Ghost.md");
  CHECK_STR(S_follow(v, src, "[[Folder/Ghost]]", 3), "unresolved:Folder/Ghost.md");
  CHECK_STR(S_follow(v, src, "no link here", 3), "none");
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(markdown_links_count_as_backlinks_through_relative_paths) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  const char *kv[] = {"path", "Other/Target note.md", NULL};
  const loam_val *items = loam_val_get(S_call(v, "backlinks", kv), "items");
  CHECK_INT(S_len(items), 3); /* frontmatter, then the two Markdown links */
  CHECK_INT(S_int(S_at(items, 0), "line"), 2);
  CHECK_INT(S_int(S_at(items, 1), "line"), 4);
  CHECK_INT(S_int(S_at(items, 1), "col"), 1);
  CHECK_INT(S_int(S_at(items, 2), "line"), 4);
  CHECK_INT(S_int(S_at(items, 2), "col"), 36);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(join_collapses_dot_parts_and_refuses_to_leave_the_vault) {
  loam_strbuf b = {0};
  CHECK_INT(loam_vault_join("A/B/n.md", "../C/x.md", &b), 0);
  CHECK_STR(b.ptr, "A/C/x.md");
  CHECK_INT(loam_vault_join("A/n.md", "./x.md", &b), 0);
  CHECK_STR(b.ptr, "A/x.md");
  CHECK_INT(loam_vault_join("A/n.md", "/Top/x.md", &b), 0);
  CHECK_STR(b.ptr, "Top/x.md");
  CHECK_INT(loam_vault_join("n.md", "x.md", &b), 0);
  CHECK_STR(b.ptr, "x.md");
  CHECK_INT(loam_vault_join("A/n.md", "../../x.md", &b), -1);
  loam_strbuf_free(&b);
}

TEST(unresolved_lists_missing_notes_headings_and_blocks_but_not_attachments) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  const char *none[] = {NULL};
  const loam_val *items = loam_val_get(S_call(v, "unresolved", none), "items");
  /* By the note they name (folded), then path and position:
   * folder/ghost, ghost (x2: [[Ghost]] and sub/Ghost.md is "sub/ghost.md"),
   * plan ([[#Nope]] in Plan, [[Plan^gone]]), sub/ghost.md. */
  CHECK_INT(S_len(items), 5);
  const char *want[][4] = {
      {"Folder/Ghost", "note", "Notes/Source.md", "6"}, {"Ghost", "note", "Notes/Source.md", "6"},
      {"", "heading", "Notes/Plan.md", "11"},           {"Plan", "block", "Notes/Source.md", "6"},
      {"sub/Ghost.md", "note", "Notes/Source.md", "6"},
  };
  for (size_t k = 0; k < 5 && k < S_len(items); k++) {
    const loam_val *it = S_at(items, k);
    CHECK_STR(S_str(it, "target"), want[k][0]);
    CHECK_STR(S_str(it, "missing"), want[k][1]);
    CHECK_STR(S_str(it, "path"), want[k][2]);
    CHECK_INT(S_int(it, "line"), atoi(want[k][3]));
  }
  CHECK_STR(S_str(S_at(items, 2), "heading"), "Nope");
  CHECK_STR(S_str(S_at(items, 2), "text"), "See [[#Goals]] and [[#Nope]].");
  /* At most `limit` items, the first in that order; `total` counts all. */
  const char *two[] = {"limit", "#2", NULL};
  loam_val *r = S_call(v, "unresolved", two);
  CHECK_INT(S_len(loam_val_get(r, "items")), 2);
  CHECK_INT(S_int(r, "total"), 5);
  CHECK_STR(S_str(S_at(loam_val_get(r, "items"), 1), "target"), "Ghost");
  /* Only one note's links. */
  const char *kv[] = {"path", "Notes/Plan.md", NULL};
  CHECK_INT(S_len(loam_val_get(S_call(v, "unresolved", kv), "items")), 1);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(unresolved_on_the_example_vault_is_the_one_on_purpose) {
  loam_vault *v = S_examples();
  const char *none[] = {NULL};
  const loam_val *items = loam_val_get(S_call(v, "unresolved", none), "items");
  CHECK_INT(S_len(items), 1);
  CHECK_INT(S_int(S_call(v, "unresolved", none), "total"), 1);
  CHECK_STR(S_str(S_at(items, 0), "path"), "Topics/Sync engine.md");
  CHECK_INT(S_int(S_at(items, 0), "line"), 25);
  CHECK_INT(S_int(S_at(items, 0), "col"), 24);
  CHECK_STR(S_str(S_at(items, 0), "target"), "Nonexistent design doc");
  CHECK_STR(S_str(S_at(items, 0), "text"), "Unresolved on purpose: [[Nonexistent design doc]].");
  loam_vault_free(v);
}

/* "tag: path:line, ..." for each item of a tags result. */
static const char *S_tag_line(const loam_val *it) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "%s (%lld):", S_str(it, "tag"), S_int(it, "count"));
  const loam_val *notes = loam_val_get(it, "notes");
  for (size_t k = 0; k < S_len(notes); k++)
    loam_strbuf_printf(&b, " %s:%lld", S_str(S_at(notes, k), "path"),
                       S_int(S_at(notes, k), "line"));
  const char *s = loam_arena_strdup(&S_arena, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return s;
}

/* The S_tag_line of each item of `tags` for `tag` (NULL: all). */
static const char *S_tags(loam_vault *v, const char *tag) {
  const char *kv[] = {"tag", tag, NULL};
  const loam_val *items = loam_val_get(S_call(v, "tags", tag ? kv : kv + 2), "items");
  loam_strbuf b = {0};
  for (size_t k = 0; k < S_len(items); k++)
    loam_strbuf_printf(&b, "%s\n", S_tag_line(S_at(items, k)));
  const char *s = loam_arena_strdup(&S_arena, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return s;
}

TEST(tags_list_notes_by_tag_on_the_example_vault) {
  loam_vault *v = S_examples();
  /* Every tag with its count; the notes only for a tag asked for. */
  CHECK_STR(S_tags(v, NULL), "misc (1):\n"
                             "project/replatforming (3):\n"
                             "risk (2):\n"
                             "team/platform (1):\n"
                             "team/storage (1):\n"
                             "type/meeting (2):\n"
                             "type/people (3):\n"
                             "work (3):\n");
  CHECK_STR(S_tags(v, "project/replatforming"),
            "project/replatforming (3): Meetings/2026-11-18 - Storage roadmap review.md:1 "
            "Topics/Object store replatforming.md:1 Topics/Sync engine.md:1\n");
  CHECK_STR(S_tags(v, "RISK"), "risk (2): Meetings/2026-11-18 - Storage roadmap review.md:20 "
                               "Topics/Sync engine.md:21\n");
  CHECK_STR(S_tags(v, "work"), "work (3): Meetings/2026-11-04 - Planning sessions.md:18 "
                               "Meetings/2026-11-18 - Storage roadmap review.md:19 "
                               "Topics/Object store replatforming.md:17\n");
  CHECK_STR(S_tags(v, "misc"), "misc (1): Topics/Windows note.md:1\n");
  CHECK_STR(S_tags(v, "team"), "team/platform (1): People/Teodor Lind.md:1\n"
                               "team/storage (1): People/Mara Okafor.md:1\n");
  /* A parent, any case, '#' optional. */
  CHECK_STR(S_tags(v, "#Type"), "type/meeting (2): Meetings/2026-11-04 - Planning sessions.md:1 "
                                "Meetings/2026-11-18 - Storage roadmap review.md:1\n"
                                "type/people (3): People/Mara Okafor.md:1 People/Søren Ærø.md:1 "
                                "People/Teodor Lind.md:1\n");
  CHECK_STR(S_tags(v, "typ"), ""); /* a prefix of a name is not a parent */
  const char *kv[] = {"tag", "type/people", NULL};
  const loam_val *notes =
      loam_val_get(S_at(loam_val_get(S_call(v, "tags", kv), "items"), 0), "notes");
  CHECK_STR(S_str(S_at(notes, 1), "title"), "Søren Ærø");
  loam_vault_free(v);
}

TEST(backlink_context_follows_the_editors_unsaved_text) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  const char text[] = "# Unsaved\n\nnew line first\nthen [[Target note]] here\n";
  loam_error err = {0};
  CHECK_INT(loam_vault_update(v, "Notes/Source.md", text, strlen(text), &err), 0);
  const char *kv[] = {"path", "Other/Target note.md", NULL};
  const loam_val *items = loam_val_get(S_call(v, "backlinks", kv), "items");
  CHECK_INT(S_len(items), 1);
  CHECK_INT(S_int(S_at(items, 0), "line"), 4);
  CHECK_STR(S_str(S_at(items, 0), "text"), "then [[Target note]] here");
  /* Read from disk again: the file's links count, and the text is gone. */
  CHECK_INT(loam_vault_update(v, "Notes/Source.md", NULL, 0, &err), 0);
  int32_t i = loam_vault_find(v, "Notes/Source.md");
  CHECK(loam_vault_text(v, (size_t)i, NULL) == NULL);
  CHECK_INT(S_len(loam_val_get(S_call(v, "backlinks", kv), "items")), 3);
  loam_vault_free(v);
  S_rmtree(dir);
}

int main(void) {
  RUN(follow_reaches_every_link_form);
  RUN(markdown_links_count_as_backlinks_through_relative_paths);
  RUN(join_collapses_dot_parts_and_refuses_to_leave_the_vault);
  RUN(unresolved_lists_missing_notes_headings_and_blocks_but_not_attachments);
  RUN(unresolved_on_the_example_vault_is_the_one_on_purpose);
  RUN(tags_list_notes_by_tag_on_the_example_vault);
  RUN(backlink_context_follows_the_editors_unsaved_text);
  loam_arena_free(&S_arena);
  return test_report();
}
