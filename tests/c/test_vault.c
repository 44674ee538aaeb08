/* test_vault.c: walking, indexing and resolving on real folders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../helper/vault/vault.h"
#include "test.h"

static loam_vault *S_examples(void) {
  const char *dir = getenv("LOAM_EXAMPLES");
  loam_vault *v = loam_vault_new(dir ? dir : "../../shared/examples/vault");
  loam_error err = {0};
  CHECK_INT(loam_vault_scan(v, &err), 0);
  return v;
}

static const char *S_resolved_path(loam_vault *v, const char *target) {
  int32_t i = loam_vault_resolve(v, target, -1);
  return i >= 0 ? loam_vault_note(v, (size_t)i)->path : NULL;
}

static void S_write(const char *dir, const char *rel, const char *text) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

TEST(example_vault_has_every_note_in_path_order) {
  loam_vault *v = S_examples();
  CHECK_INT(loam_vault_count(v), 13);
  CHECK_STR(loam_vault_note(v, 0)->path, "Daily/2026-11-24.md");
  CHECK_STR(loam_vault_note(v, 12)->path, "Topics/Windows note.md");
  loam_vault_stats st;
  loam_vault_stats_get(v, &st);
  CHECK_INT(st.parse_errors, 1);   /* Topics/Broken frontmatter.md */
  CHECK(st.links_unresolved >= 1); /* [[Nonexistent design doc]] */
  loam_vault_free(v);
}

TEST(resolution_by_path_stem_title_and_alias) {
  loam_vault *v = S_examples();
  CHECK_STR(S_resolved_path(v, "Mara Okafor"), "People/Mara Okafor.md");
  CHECK_STR(S_resolved_path(v, "mara okafor"), "People/Mara Okafor.md");
  CHECK_STR(S_resolved_path(v, "People/Mara Okafor"), "People/Mara Okafor.md");
  CHECK_STR(S_resolved_path(v, "People/Mara Okafor.md"), "People/Mara Okafor.md");
  CHECK_STR(S_resolved_path(v, "Teo"), "People/Teodor Lind.md");
  CHECK_STR(S_resolved_path(v, "M. Okafor"), "People/Mara Okafor.md");
  CHECK_STR(S_resolved_path(v, "SØREN ÆRØ"), "People/Søren Ærø.md");
  CHECK_STR(S_resolved_path(v, "sync service"), "Topics/Sync engine.md");
  CHECK(S_resolved_path(v, "Nonexistent design doc") == NULL);
  loam_vault_free(v);
}

TEST(every_link_is_resolved_after_resolve_all) {
  loam_vault *v = S_examples();
  loam_vault_resolve_all(v);
  int32_t daily = loam_vault_find(v, "Daily/2026-11-24.md");
  CHECK(daily >= 0);
  const loam_note *n = loam_vault_note(v, (size_t)daily);
  CHECK_INT(n->links.len, 2);
  if (n->links.len == 2) {
    CHECK_STR(loam_vault_note(v, (size_t)n->links.items[0].resolved)->path,
              "People/Teodor Lind.md");
    CHECK_STR(n->links.items[1].heading, "Tasks");
    CHECK_STR(loam_vault_note(v, (size_t)n->links.items[1].resolved)->path,
              "Meetings/2026-11-18 - Storage roadmap review.md");
  }
  loam_vault_free(v);
}

TEST(update_adds_replaces_and_removes_notes) {
  char dir[] = "/tmp/loam-vault-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  S_write(dir, "A.md", "# A\n[[B]]\n");
  loam_vault *v = loam_vault_new(dir);
  CHECK_INT(loam_vault_scan(v, NULL), 0);
  CHECK_INT(loam_vault_count(v), 1);
  CHECK(loam_vault_resolve(v, "B", -1) < 0);
  /* from the editor's buffer: not on disk yet */
  const char *text = "---\naliases: [Bee]\n---\n# B\n";
  CHECK_INT(loam_vault_update(v, "B.md", text, strlen(text), NULL), 0);
  CHECK_INT(loam_vault_count(v), 2);
  CHECK_STR(S_resolved_path(v, "Bee"), "B.md");
  /* from disk, by absolute path */
  char abs[4200];
  snprintf(abs, sizeof(abs), "%s/A.md", dir);
  S_write(dir, "A.md", "# A again\n");
  CHECK_INT(loam_vault_update(v, abs, NULL, 0, NULL), 0);
  int32_t a = loam_vault_find(v, "A.md");
  CHECK(a >= 0 && loam_vault_note(v, (size_t)a)->links.len == 0);
  unlink(abs);
  CHECK_INT(loam_vault_update(v, abs, NULL, 0, NULL), 0);
  CHECK_INT(loam_vault_count(v), 1);
  CHECK(loam_vault_find(v, "A.md") < 0);
  CHECK_STR(S_resolved_path(v, "Bee"), "B.md");
  loam_error err = {0};
  CHECK_INT(loam_vault_update(v, "/etc/passwd.md", NULL, 0, &err), LOAM_E_NOT_FOUND);
  CHECK_INT(loam_vault_update(v, "../outside.md", NULL, 0, NULL), LOAM_E_NOT_FOUND);
  CHECK_INT(loam_vault_update(v, "notes.txt", NULL, 0, NULL), LOAM_E_NOT_FOUND);
  loam_vault_free(v);
  char cmd[4200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  CHECK_INT(system(cmd), 0);
}

TEST(an_edited_body_gets_its_links_resolved_and_renames_still_count) {
  loam_vault *v = S_examples();
  loam_vault_resolve_all(v);
  const char *text = "# 2026-11-24\n\nNow links [[Sync engine]] and [[Teo]] and [[Nowhere]].\n";
  CHECK_INT(loam_vault_update(v, "Daily/2026-11-24.md", text, strlen(text), NULL), 0);
  loam_vault_resolve_all(v);
  int32_t d = loam_vault_find(v, "Daily/2026-11-24.md");
  const loam_note *n = loam_vault_note(v, (size_t)d);
  CHECK_INT(n->links.len, 3);
  if (n->links.len == 3) {
    CHECK_STR(loam_vault_note(v, (size_t)n->links.items[0].resolved)->path,
              "Topics/Sync engine.md");
    CHECK_STR(loam_vault_note(v, (size_t)n->links.items[1].resolved)->path,
              "People/Teodor Lind.md");
    CHECK_INT(n->links.items[2].resolved, -1);
  }
  /* A new alias elsewhere changes what other notes' links mean. */
  const char *aliased = "---\naliases: [Nowhere]\n---\n# Sync engine\n";
  CHECK_INT(loam_vault_update(v, "Topics/Sync engine.md", aliased, strlen(aliased), NULL), 0);
  loam_vault_resolve_all(v);
  n = loam_vault_note(v, (size_t)loam_vault_find(v, "Daily/2026-11-24.md"));
  CHECK(n->links.len == 3 && n->links.items[2].resolved >= 0);
  loam_vault_free(v);
}

TEST(hidden_folders_are_skipped_and_symlink_loops_end) {
  char dir[] = "/tmp/loam-vault-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char p[4200];
  snprintf(p, sizeof(p), "%s/.obsidian", dir);
  mkdir(p, 0755);
  snprintf(p, sizeof(p), "%s/sub", dir);
  mkdir(p, 0755);
  S_write(dir, ".obsidian/config.md", "hidden");
  S_write(dir, "sub/Note.md", "# Note");
  S_write(dir, "sub/readme.txt", "not a note");
  snprintf(p, sizeof(p), "%s/sub/loop", dir);
  CHECK_INT(symlink(dir, p), 0); /* sub/loop -> the vault itself */
  loam_vault *v = loam_vault_new(dir);
  CHECK_INT(loam_vault_scan(v, NULL), 0);
  CHECK_INT(loam_vault_count(v), 1);
  CHECK_STR(loam_vault_count(v) ? loam_vault_note(v, 0)->path : NULL, "sub/Note.md");
  loam_vault_free(v);
  char cmd[4200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  CHECK_INT(system(cmd), 0);
}

TEST(an_unreadable_vault_is_an_error) {
  loam_vault *v = loam_vault_new("/nonexistent/vault");
  loam_error err = {0};
  CHECK_INT(loam_vault_scan(v, &err), LOAM_E_IO);
  CHECK(strstr(err.msg, "/nonexistent/vault") != NULL);
  loam_vault_free(v);
}

int main(void) {
  RUN(example_vault_has_every_note_in_path_order);
  RUN(resolution_by_path_stem_title_and_alias);
  RUN(every_link_is_resolved_after_resolve_all);
  RUN(update_adds_replaces_and_removes_notes);
  RUN(an_edited_body_gets_its_links_resolved_and_renames_still_count);
  RUN(hidden_folders_are_skipped_and_symlink_loops_end);
  RUN(an_unreadable_vault_is_an_error);
  return test_report();
}
