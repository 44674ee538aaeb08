/*
 * test_complete.c: the `complete` method as the editors call it, on the
 * example vault: the tag and Markdown-link contexts, create items,
 * previews, limits and errors (the link forms and the ranking have CLI
 * tests: tests/cli/complete.sh). Expectations are checked by hand against
 * the vault's notes.
 */
#include <stdlib.h>

#include "../../helper/rpc/method_util.h"
#include "test.h"

static loam_vault *vault;
static loam_ctx ctx;
static loam_arena arena;

static loam_val *params(const char *prefix) {
  loam_val *p = loam_val_map(&arena);
  loam_val_set(&arena, p, "prefix", loam_val_cstr(&arena, prefix));
  return p;
}

static void set(loam_val *p, const char *key, const char *value) {
  loam_val_set(&arena, p, key, loam_val_cstr(&arena, value));
}

/* Calls complete; returns the result (NULL on error, err filled). */
static loam_val *call(loam_val *p, loam_error *err) {
  loam_val *res = NULL;
  const loam_method *m = loam_method_find("complete", 8);
  if (m->fn(&ctx, p, &arena, &res, err) != 0) return NULL;
  return res;
}

static const loam_val *item(const loam_val *res, size_t i) {
  const loam_val *items = loam_val_get(res, "items");
  return items && i < items->u.a.len ? items->u.a.items[i] : NULL;
}

static size_t count(const loam_val *res) { return loam_val_get(res, "items")->u.a.len; }

static const char *str(const loam_val *it, const char *key) {
  return it ? loam_val_get_str(&arena, it, key, NULL) : NULL;
}

TEST(tags_complete_by_name_most_used_first) {
  loam_error err = {0};
  loam_val *p = params("");
  set(p, "context", "tag");
  loam_val *res = call(p, &err);
  /* work, type/people, project/replatforming: 3 notes each, the shorter
   * first; then risk: 2 (Sync engine, Storage roadmap review). */
  CHECK_STR(str(item(res, 0), "insert"), "work");
  CHECK_STR(str(item(res, 0), "detail"), "3 notes");
  CHECK_STR(str(item(res, 0), "kind"), "tag");
  CHECK(loam_val_get(item(res, 0), "path") == NULL);
  CHECK_STR(str(item(res, 1), "insert"), "type/people");
  CHECK_STR(str(item(res, 2), "insert"), "project/replatforming");
  CHECK_STR(str(item(res, 3), "insert"), "risk");
  CHECK_STR(str(item(res, 3), "detail"), "2 notes");
  p = params("type/p");
  set(p, "context", "tag");
  res = call(p, &err);
  CHECK_STR(str(item(res, 0), "insert"), "type/people");
  CHECK_STR(str(item(res, 0), "detail"), "3 notes");
}

TEST(markdown_links_complete_a_path_relative_to_the_note) {
  loam_error err = {0};
  loam_val *p = params("mara");
  set(p, "context", "markdown");
  set(p, "path", "Meetings/2026-11-04 - Planning sessions.md");
  loam_val *res = call(p, &err);
  CHECK_STR(str(item(res, 0), "insert"), "../People/Mara%20Okafor.md");
  CHECK_STR(str(item(res, 0), "label"), "Mara Okafor");
  /* From the vault root, and for a note not indexed yet (a new buffer). */
  p = params("Sync%20eng");
  set(p, "context", "markdown");
  set(p, "path", "New note.md");
  res = call(p, &err);
  CHECK_STR(str(item(res, 0), "insert"), "Topics/Sync%20engine.md");
  p = params("<Object store");
  set(p, "context", "markdown");
  set(p, "path", "Topics/x.md");
  res = call(p, &err);
  CHECK_STR(str(item(res, 0), "insert"), "Object%20store%20replatforming.md");
}

TEST(a_create_item_comes_last_for_a_name_no_note_has) {
  loam_error err = {0};
  loam_val *p = params("Mara");
  loam_val_set(&arena, p, "create", loam_val_bool(&arena, 1));
  loam_val *res = call(p, &err);
  for (size_t i = 0; i < count(res); i++) /* Mara is an alias's exact name */
    CHECK(strcmp(str(item(res, i), "kind"), "create") != 0);

  /* `on` matches several notes (Teodor Lind, Søren Ærø, ...) and names none. */
  p = params("on");
  loam_val_set(&arena, p, "create", loam_val_bool(&arena, 1));
  loam_val_set(&arena, p, "limit", loam_val_int(&arena, 1));
  set(p, "folder", "Inbox");
  res = call(p, &err);
  CHECK_INT(count(res), 2); /* the limit, and the create item after it */
  CHECK_INT(loam_val_get_bool(res, "incomplete", 0), 1);
  const loam_val *c = item(res, 1);
  CHECK_STR(str(c, "kind"), "create");
  CHECK_STR(str(c, "insert"), "on");
  CHECK_STR(str(c, "path"), "Inbox/on.md");
  CHECK_STR(str(c, "detail"), "new note Inbox/on.md");
  CHECK(loam_val_get(c, "score") == NULL);
  /* Without `create`, no such item (the default). */
  res = call(params("Brand new"), &err);
  CHECK_INT(count(res), 0);

  p = params("Projects/Plan");
  loam_val_set(&arena, p, "create", loam_val_bool(&arena, 1));
  set(p, "folder", "Inbox");
  res = call(p, &err);
  CHECK_STR(str(item(res, count(res) - 1), "path"), "Projects/Plan.md"); /* its own folder */

  static const char *bad[] = {"a:b", "what?", ".hidden", "../up", "a/../b", "x*"};
  for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
    p = params(bad[k]);
    loam_val_set(&arena, p, "create", loam_val_bool(&arena, 1));
    res = call(p, &err);
    for (size_t i = 0; i < count(res); i++)
      if (strcmp(str(item(res, i), "kind"), "create") == 0)
        TEST_FAIL_AT("a create item for \"%s\"", bad[k]);
  }
}

TEST(items_carry_a_preview_from_the_index) {
  loam_error err = {0};
  loam_val *res = call(params("Sync engine#Ri"), &err);
  CHECK_STR(str(item(res, 0), "preview"), "Sync engine\n"
                                          "Topics/Sync engine.md · 2026-10-27\n"
                                          "§ Risks (line 18)\n"
                                          "aliases: sync service\n"
                                          "tags: #project/replatforming #risk\n"
                                          "\n"
                                          "# Sync engine\n"
                                          "## Design\n"
                                          "## Risks\n"
                                          "## Links");
  CHECK_INT(loam_val_get_int(item(res, 0), "line", 0), 18);
  loam_val *p = params("Sync engine#Ri");
  loam_val_set(&arena, p, "preview", loam_val_bool(&arena, 0));
  res = call(p, &err);
  CHECK(loam_val_get(item(res, 0), "preview") == NULL);
}

TEST(limits_and_errors) {
  loam_error err = {0};
  loam_val *p = params("");
  loam_val_set(&arena, p, "limit", loam_val_int(&arena, 2));
  loam_val *res = call(p, &err);
  CHECK_INT(count(res), 2);
  CHECK_INT(loam_val_get_bool(res, "incomplete", 0), 1);
  CHECK_INT(count(call(params("zzzzqqq"), &err)), 0);

  p = params("x");
  set(p, "context", "emoji");
  CHECK(call(p, &err) == NULL);
  CHECK_INT(err.code, LOAM_E_PARAMS);
  p = params("#x");
  set(p, "path", "Nope.md");
  CHECK(call(p, &err) == NULL);
  CHECK_INT(err.code, LOAM_E_NOT_FOUND);
  CHECK_INT(count(call(params("#x"), &err)), 0); /* no current note: nothing */
}

int main(void) {
  const char *ex = getenv("LOAM_EXAMPLES");
  vault = loam_vault_new(ex ? ex : "../../../shared/examples/vault");
  loam_error err = {0};
  if (loam_vault_scan(vault, &err) != 0) {
    printf("cannot read the example vault: %s\n", err.msg);
    return 1;
  }
  ctx = (loam_ctx){vault, LOAM_DATE_NONE};
  RUN(tags_complete_by_name_most_used_first);
  RUN(markdown_links_complete_a_path_relative_to_the_note);
  RUN(a_create_item_comes_last_for_a_name_no_note_has);
  RUN(items_carry_a_preview_from_the_index);
  RUN(limits_and_errors);
  loam_arena_free(&arena);
  loam_vault_free(vault);
  return test_report();
}
