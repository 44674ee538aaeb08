/*
 * test_complete_obsidian.c: every link a `complete` item inserts is one
 * Obsidian reads as naming the same note and anchor (issue 8 item 6).
 * Obsidian resolves the note part of `[[...]]` by vault path or file name
 * (any case), never by title or alias, and writes a block reference as
 * `#^id` (`[[Note#^id]]`, `[[#^id]]` in the same note). The vault is
 * written here, so each rule decides one case.
 */
#include <stdlib.h>

#include "../../helper/rpc/method_util.h"
#include "fixture.h"
#include "test.h"

static loam_ctx ctx;
static loam_arena arena;

static const loam_fixture_note notes[] = {
    {"People/Mara Okafor.md", "---\n"
                              "aliases: [Mara, M.O.]\n"
                              "---\n"
                              "# Mara Okafor\n"
                              "## Profile\n"
                              "Builds markets. ^broad-market\n"},
    {"Topics/sync.md", "---\n"
                       "title: Sync engine\n"
                       "---\n"
                       "## Risks\n"
                       "Clock skew. ^skew\n"},
    {"Plan.md", "# Plan\nsee ^top-item\n\nfirst ^top-item\n"},
    {"Archive/Plan.md", "## Old\nold text ^old-block\n"},
};

/* The inserts of `prefix` (current note `path` or NULL), one per line. */
static const char *inserts(const char *prefix, const char *path) {
  loam_val *p = loam_val_map(&arena);
  loam_val_set(&arena, p, "prefix", loam_val_cstr(&arena, prefix));
  if (path) loam_val_set(&arena, p, "path", loam_val_cstr(&arena, path));
  loam_val_set(&arena, p, "preview", loam_val_bool(&arena, 0));
  loam_val *res = NULL;
  static loam_error err;
  static char out[4096];
  const loam_method *m = loam_method_find("complete", 8);
  if (m->fn(&ctx, p, &arena, &res, &err) != 0) return err.msg;
  const loam_val *items = loam_val_get(res, "items");
  out[0] = '\0';
  for (size_t i = 0; items && i < items->u.a.len; i++) {
    const char *ins = loam_val_get_str(&arena, items->u.a.items[i], "insert", NULL);
    if (i) strncat(out, "\n", sizeof(out) - strlen(out) - 1);
    strncat(out, ins, sizeof(out) - strlen(out) - 1);
  }
  return out;
}

TEST(block_ids_are_written_hash_caret) {
  CHECK_STR(inserts("Mara Okafor^bro", NULL), "Mara Okafor#^broad-market");
  CHECK_STR(inserts("Mara Okafor#^", NULL), "Mara Okafor#^broad-market");
  CHECK_STR(inserts("mara okafor#^br", NULL), "mara okafor#^broad-market");
  CHECK_STR(inserts("People/Mara Okafor#^", NULL), "People/Mara Okafor#^broad-market");
  CHECK_STR(inserts("^^skew", NULL), "sync#^skew");
  /* The current note: `[[#^id]]`, typed as `^` or `#^`. */
  CHECK_STR(inserts("^", "Topics/sync.md"), "#^skew");
  CHECK_STR(inserts("#^sk", "Topics/sync.md"), "#^skew");
}

TEST(a_note_reached_by_alias_or_title_is_named_by_its_file) {
  /* Through an alias the link keeps the alias as its text. */
  CHECK_STR(inserts("Mara#Prof", NULL), "Mara Okafor#Profile|Mara");
  CHECK_STR(inserts("M.O.^", NULL), "Mara Okafor#^broad-market|M.O.");
  /* Through a title the file stem names it. */
  CHECK_STR(inserts("Sync engine#Ri", NULL), "sync#Risks");
  CHECK_STR(inserts("Sync engine^", NULL), "sync#^skew");
  /* A stem two notes share names the one resolution does not pick by its
   * path (what the vault resolves `Plan` to is Plan.md, the shorter). */
  CHECK_STR(inserts("Plan#^", NULL), "Plan#^top-item");
  CHECK_STR(inserts("Archive/Plan#^", NULL), "Archive/Plan#^old-block");
  CHECK_STR(inserts("^^old", NULL), "Archive/Plan#^old-block");
  CHECK_STR(inserts("##Old", NULL), "Archive/Plan#Old");
}

int main(void) {
  char root[64];
  loam_vault *v = loam_fixture_vault(root, sizeof(root), "complete-obsidian", notes,
                                     sizeof(notes) / sizeof(*notes));
  ctx = (loam_ctx){v, LOAM_DATE_NONE};
  RUN(block_ids_are_written_hash_caret);
  RUN(a_note_reached_by_alias_or_title_is_named_by_its_file);
  loam_arena_free(&arena);
  loam_fixture_free(v, root);
  return test_report();
}
