/*
 * test_rename.c: rename_plan, rename_note and create_note on scratch
 * vaults. Each plan is checked edit by edit against texts written out by
 * hand, then carried out on disk the way an editor does for notes it has
 * not loaded (rename_note, then loam_edit_file per note), and every file of
 * the vault is compared byte for byte with what it must now hold.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../helper/rpc/methods.h"
#include "../../helper/vault/edit.h"
#include "../../helper/vault/vault.h"
#include "test.h"

static loam_arena S_arena;

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

/* The whole file dir/rel, or NULL when it does not exist. */
static char *S_get(const char *dir, const char *rel) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = loam_arena_alloc(&S_arena, 65536);
  size_t n = fread(buf, 1, 65535, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static void S_rmtree(const char *dir) {
  char cmd[4200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("  could not remove %s\n", dir);
}

/* Number of regular files below dir (hidden leftovers included). */
static int S_count_files(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
      n += S_count_files(path);
    else
      n++;
  }
  if (d) closedir(d);
  return n;
}

static loam_val *S_params(const char *const *kv) {
  loam_val *m = loam_val_map(&S_arena);
  for (size_t i = 0; kv[i]; i += 2)
    loam_val_set(&S_arena, m, kv[i], loam_val_cstr(&S_arena, kv[i + 1]));
  return m;
}

/* Calls `method`; returns its result, or NULL with *code set. */
static loam_val *S_call(loam_vault *v, const char *method, const char *const *kv, int *code) {
  loam_ctx ctx = {v, LOAM_DATE_NONE};
  const loam_method *m = loam_method_find(method, strlen(method));
  loam_val *res = NULL;
  loam_error err = {0};
  *code = m ? m->fn(&ctx, S_params(kv), &S_arena, &res, &err) : -1;
  if (*code) printf("  (%s: %s)\n", method, err.msg);
  return *code ? NULL : res;
}

static const char *S_str(const loam_val *m, const char *key) {
  const loam_val *v = loam_val_get(m, key);
  return v && v->type == LOAM_VAL_STR ? loam_arena_strndup(&S_arena, v->u.s.ptr, v->u.s.len) : NULL;
}

static size_t S_len(const loam_val *arr) {
  return arr && arr->type == LOAM_VAL_ARRAY ? arr->u.a.len : 0;
}

static const loam_val *S_at(const loam_val *arr, size_t i) {
  return i < S_len(arr) ? arr->u.a.items[i] : NULL;
}

static const loam_val *S_file(const loam_val *plan, const char *path) {
  const loam_val *files = loam_val_get(plan, "files");
  for (size_t k = 0; k < S_len(files); k++)
    if (strcmp(S_str(S_at(files, k), "path"), path) == 0) return S_at(files, k);
  return NULL;
}

/* "line: new text" of each edit of `path` in the plan, one per line. */
static const char *S_edits(const loam_val *plan, const char *path) {
  const loam_val *f = S_file(plan, path);
  if (!f) return "(no edits)";
  loam_strbuf b = {0};
  const loam_val *edits = loam_val_get(f, "edits");
  for (size_t k = 0; k < S_len(edits); k++) {
    const loam_val *e = S_at(edits, k), *nl = S_at(loam_val_get(e, "lines"), 0);
    loam_strbuf_printf(&b, "%lld: %.*s\n", (long long)loam_val_get_int(e, "line", 0),
                       (int)nl->u.s.len, nl->u.s.ptr);
  }
  const char *s = loam_arena_strdup(&S_arena, loam_strbuf_cstr(&b));
  loam_strbuf_free(&b);
  return s;
}

/* Carries out a plan on disk: rename_note, then the edits of every note. */
static int S_apply(loam_vault *v, const loam_val *plan) {
  int code;
  const char *kv[] = {"path", S_str(plan, "path"), "new_path", S_str(plan, "new_path"), NULL};
  if (!S_call(v, "rename_note", kv, &code)) return code;
  const loam_val *files = loam_val_get(plan, "files");
  for (size_t k = 0; k < S_len(files); k++) {
    const loam_val *f = S_at(files, k), *edits = loam_val_get(f, "edits");
    const char *abs = S_str(f, "abspath");
    if (strcmp(abs, S_str(plan, "abspath")) == 0) abs = S_str(plan, "new_abspath");
    loam_line_edit *le = loam_arena_alloc(&S_arena, S_len(edits) * sizeof(*le));
    for (size_t q = 0; q < S_len(edits); q++) {
      const loam_val *e = S_at(edits, q);
      const char **line = loam_arena_alloc(&S_arena, sizeof(char *));
      const loam_val *nl = S_at(loam_val_get(e, "lines"), 0);
      line[0] = loam_arena_strndup(&S_arena, nl->u.s.ptr, nl->u.s.len);
      le[q] = (loam_line_edit){(uint32_t)loam_val_get_int(e, "line", 0), S_str(e, "expect"), line,
                               1, 0};
    }
    loam_error err = {0};
    if (loam_edit_file(abs, le, S_len(edits), &err) != 0) {
      printf("  edit %s: %s\n", abs, err.msg);
      return err.code;
    }
    loam_vault_update(v, abs, NULL, 0, &err); /* as edit_lines does */
  }
  return 0;
}

static const char S_ann[] = "---\n"
                            "title: Ann Lee\n"
                            "aliases: [Annie]\n"
                            "---\n"
                            "# Ann Lee\n"
                            "## Work\n"
                            "Self: [[Ann Lee#Work]] and [[#Work]]. ^b1\n"
                            "[a](../Notes/A.md) [c](Sub/C.md) [b](B.md)\n";

static const char S_a[] =
    "---\n"
    "attendees: [\"[[Ann Lee]]\", '[[Ann Lee]]']\n"
    "---\n"
    "[[Ann Lee]] and [[Ann Lee|Ann]] and [[Ann Lee#Work|w]] and ![[Ann Lee^b1]] and [[ann lee]]\n"
    "[[People/Ann Lee]] [[People/Ann Lee.md#Work]] [[Annie]] [[Ann Lee\\|x]] `[[Ann Lee]]`\n"
    "[t](../People/Ann%20Lee.md#Work) [u](<../People/Ann Lee.md>) [v](/People/Ann%20Lee.md) "
    "[w](Ann%20Lee.md)\n";

static const char S_root[] = "[r](People/Ann%20Lee.md) and [[Ann Lee|Ann Lee]]\r\n"
                             "Unrelated [[B]] line.\r\n";

static char *S_scratch(void) {
  static char dir[64];
  snprintf(dir, sizeof(dir), "/tmp/loam-rename-XXXXXX");
  if (!mkdtemp(dir)) return NULL;
  S_put(dir, "People/Ann Lee.md", S_ann);
  S_put(dir, "People/B.md", "# B\n");
  S_put(dir, "People/Sub/C.md", "# C\n");
  S_put(dir, "Notes/A.md", S_a);
  S_put(dir, "Notes/Dup.md", "# Dup\n");
  S_put(dir, "Root.md", S_root);
  return dir;
}

static loam_vault *S_open(const char *dir) {
  loam_vault *v = loam_vault_new(dir);
  loam_error err = {0};
  CHECK_INT(loam_vault_scan(v, &err), 0);
  return v;
}

TEST(rename_rewrites_every_link_form_and_keeps_the_rest) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  int code;
  const char *kv[] = {"path", "People/Ann Lee.md", "new_name", "Ann Smith", NULL};
  loam_val *plan = S_call(v, "rename_plan", kv, &code);
  CHECK(plan != NULL);
  if (!plan) return;
  CHECK_STR(S_str(plan, "new_path"), "People/Ann Smith.md");
  CHECK_INT(loam_val_get_int(plan, "links", 0), 17);
  CHECK_INT(loam_val_get_int(plan, "notes", 0), 3);
  CHECK_INT(loam_val_get_int(plan, "kept", 0), 1); /* [[Annie]] */
  CHECK_INT(S_len(loam_val_get(plan, "skipped")), 0);
  CHECK_STR(S_edits(plan, "Notes/A.md"),
            "2: attendees: [\"[[Ann Smith]]\", '[[Ann Smith]]']\n"
            "4: [[Ann Smith]] and [[Ann Smith|Ann]] and [[Ann Smith#Work|w]] and "
            "![[Ann Smith^b1]] and [[Ann Smith]]\n"
            "5: [[People/Ann Smith]] [[People/Ann Smith.md#Work]] [[Annie]] [[Ann Smith\\|x]] "
            "`[[Ann Lee]]`\n"
            "6: [t](../People/Ann%20Smith.md#Work) [u](<../People/Ann Smith.md>) "
            "[v](/People/Ann%20Smith.md) [w](Ann%20Smith.md)\n");
  CHECK_STR(S_edits(plan, "Root.md"), "1: [r](People/Ann%20Smith.md) and [[Ann Smith|Ann Lee]]\n");
  CHECK_STR(S_edits(plan, "People/Ann Lee.md"), "7: Self: [[Ann Smith#Work]] and [[#Work]]. ^b1\n");
  CHECK_INT(S_apply(v, plan), 0);
  CHECK(S_get(dir, "People/Ann Lee.md") == NULL);
  CHECK_STR(S_get(dir, "People/Ann Smith.md"),
            "---\ntitle: Ann Lee\naliases: [Annie]\n---\n# Ann Lee\n## Work\n"
            "Self: [[Ann Smith#Work]] and [[#Work]]. ^b1\n"
            "[a](../Notes/A.md) [c](Sub/C.md) [b](B.md)\n");
  CHECK_STR(S_get(dir, "Root.md"), "[r](People/Ann%20Smith.md) and [[Ann Smith|Ann Lee]]\r\n"
                                   "Unrelated [[B]] line.\r\n");
  CHECK_STR(S_get(dir, "Notes/A.md"),
            "---\n"
            "attendees: [\"[[Ann Smith]]\", '[[Ann Smith]]']\n"
            "---\n"
            "[[Ann Smith]] and [[Ann Smith|Ann]] and [[Ann Smith#Work|w]] and ![[Ann Smith^b1]] "
            "and [[Ann Smith]]\n"
            "[[People/Ann Smith]] [[People/Ann Smith.md#Work]] [[Annie]] [[Ann Smith\\|x]] "
            "`[[Ann Lee]]`\n"
            "[t](../People/Ann%20Smith.md#Work) [u](<../People/Ann Smith.md>) "
            "[v](/People/Ann%20Smith.md) [w](Ann%20Smith.md)\n");
  CHECK_STR(S_get(dir, "People/B.md"), "# B\n");
  CHECK_STR(S_get(dir, "Notes/Dup.md"), "# Dup\n");
  CHECK_INT(S_count_files(dir), 6); /* no temporary file left behind */
  /* The index follows: every link that named Ann Lee names Ann Smith. */
  const char *bl[] = {"path", "People/Ann Smith.md", NULL};
  CHECK_INT(S_len(loam_val_get(S_call(v, "backlinks", bl, &code), "items")), 17);
  const char *none[] = {NULL};
  CHECK_INT(S_len(loam_val_get(S_call(v, "unresolved", none, &code), "items")), 0);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(moving_to_a_folder_rewrites_paths_and_the_notes_own_relative_links) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  int code;
  const char *kv[] = {"path", "People/Ann Lee.md", "new_name", "Archive/Ann Lee", NULL};
  loam_val *plan = S_call(v, "rename_plan", kv, &code);
  CHECK(plan != NULL);
  if (!plan) return;
  CHECK_STR(S_str(plan, "new_path"), "Archive/Ann Lee.md");
  /* Stem links stay as they are; paths change. In her own note only the
   * link that would break from Archive/ changes: ../Notes/A.md still
   * works, B.md still resolves by name, Sub/C.md would not. */
  CHECK_STR(S_edits(plan, "Notes/A.md"),
            "5: [[Archive/Ann Lee]] [[Archive/Ann Lee.md#Work]] [[Annie]] [[Ann Lee\\|x]] "
            "`[[Ann Lee]]`\n"
            "6: [t](../Archive/Ann%20Lee.md#Work) [u](<../Archive/Ann Lee.md>) "
            "[v](/Archive/Ann%20Lee.md) [w](Ann%20Lee.md)\n");
  CHECK_STR(S_edits(plan, "Root.md"), "1: [r](Archive/Ann%20Lee.md) and [[Ann Lee|Ann Lee]]\n");
  CHECK_STR(S_edits(plan, "People/Ann Lee.md"),
            "8: [a](../Notes/A.md) [c](../People/Sub/C.md) [b](B.md)\n");
  CHECK_INT(loam_val_get_int(plan, "links", 0), 7);
  CHECK_INT(S_apply(v, plan), 0);
  CHECK(S_get(dir, "Archive/Ann Lee.md") != NULL);
  const char *none[] = {NULL};
  CHECK_INT(S_len(loam_val_get(S_call(v, "unresolved", none, &code), "items")), 0);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(a_stem_another_note_has_is_written_as_a_path) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  int code;
  const char *kv[] = {"path", "People/Ann Lee.md", "new_name", "Dup.md", NULL};
  loam_val *plan = S_call(v, "rename_plan", kv, &code);
  CHECK(plan != NULL);
  if (!plan) return;
  CHECK_STR(S_str(plan, "new_path"), "People/Dup.md");
  CHECK_STR(S_edits(plan, "Root.md"), "1: [r](People/Dup.md) and [[People/Dup|Ann Lee]]\n");
  const char *a = S_edits(plan, "Notes/A.md");
  CHECK(strstr(a, "6: [t](../People/Dup.md#Work) [u](<../People/Dup.md>) [v](/People/Dup.md) "
                  "[w](../People/Dup.md)\n") != NULL);
  CHECK(strstr(a, "4: [[People/Dup]] and [[People/Dup|Ann]]") != NULL);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(a_plan_refuses_bad_names_and_taken_ones) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  int code;
  const char *bad[] = {"B", "a|b", "x#y", "../Out", ".hidden", "Folder/.x", "", "What?", "a: b"};
  for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
    const char *kv[] = {"path", "People/Ann Lee.md", "new_name", bad[k], NULL};
    CHECK(S_call(v, "rename_plan", kv, &code) == NULL);
    CHECK_INT(code, k == 0 ? LOAM_E_IO : LOAM_E_PARAMS);
  }
  const char *same[] = {"path", "People/Ann Lee.md", "new_name", "Ann Lee", NULL};
  CHECK(S_call(v, "rename_plan", same, &code) == NULL);
  CHECK_INT(code, LOAM_E_PARAMS);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(rename_note_never_overwrites_and_stays_in_the_vault) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  int code;
  const char *taken[] = {"path", "People/Ann Lee.md", "new_path", "People/B.md", NULL};
  CHECK(S_call(v, "rename_note", taken, &code) == NULL);
  CHECK_INT(code, LOAM_E_IO);
  CHECK_STR(S_get(dir, "People/B.md"), "# B\n");
  CHECK_STR(S_get(dir, "People/Ann Lee.md"), S_ann);
  char outside[4200];
  snprintf(outside, sizeof(outside), "%s-outside/X.md", dir);
  const char *out[] = {"path", "People/Ann Lee.md", "new_path", outside, NULL};
  CHECK(S_call(v, "rename_note", out, &code) == NULL);
  CHECK_INT(code, LOAM_E_PARAMS);
  /* A folder symlinked to the outside is outside too. */
  char link_path[4200];
  snprintf(link_path, sizeof(link_path), "%s/Out", dir);
  CHECK_INT(symlink("/tmp", link_path), 0);
  const char *via[] = {"path", "People/Ann Lee.md", "new_path", "Out/loam-escaped.md", NULL};
  CHECK(S_call(v, "rename_note", via, &code) == NULL);
  CHECK_INT(code, LOAM_E_PARAMS);
  CHECK(access("/tmp/loam-escaped.md", F_OK) != 0);
  /* New folders are made; the index follows. */
  const char *ok[] = {"path", "People/Ann Lee.md", "new_path", "New/Deep/Ann.md", NULL};
  loam_val *r = S_call(v, "rename_note", ok, &code);
  CHECK(r != NULL);
  CHECK_STR(S_str(r, "path"), "New/Deep/Ann.md");
  CHECK_STR(S_get(dir, "New/Deep/Ann.md"), S_ann);
  CHECK(S_get(dir, "People/Ann Lee.md") == NULL);
  CHECK(loam_vault_find(v, "New/Deep/Ann.md") >= 0);
  CHECK(loam_vault_find(v, "People/Ann Lee.md") < 0);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(create_note_writes_a_new_note_once) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  int code;
  const char *kv[] = {"path", "Inbox/Fresh idea", "text", "# Fresh idea\n", NULL};
  loam_val *r = S_call(v, "create_note", kv, &code);
  CHECK(r != NULL);
  CHECK_STR(S_str(r, "path"), "Inbox/Fresh idea.md");
  CHECK_STR(S_get(dir, "Inbox/Fresh idea.md"), "# Fresh idea\n");
  CHECK(loam_vault_find(v, "Inbox/Fresh idea.md") >= 0);
  struct stat st;
  char path[4200];
  snprintf(path, sizeof(path), "%s/Inbox/Fresh idea.md", dir);
  CHECK(stat(path, &st) == 0 && (st.st_mode & 0444) == 0444); /* not a 0600 temp file */
  const char *again[] = {"path", "Inbox/Fresh idea.md", "text", "other", NULL};
  CHECK(S_call(v, "create_note", again, &code) == NULL);
  CHECK_INT(code, LOAM_E_IO);
  CHECK_STR(S_get(dir, "Inbox/Fresh idea.md"), "# Fresh idea\n");
  CHECK_INT(S_count_files(dir), 7);
  loam_vault_free(v);
  S_rmtree(dir);
}

TEST(a_plan_reads_the_editors_text_of_a_modified_note) {
  char *dir = S_scratch();
  loam_vault *v = S_open(dir);
  const char text[] = "Unsaved first line\n[r](People/Ann%20Lee.md) and [[Ann Lee|Ann Lee]]\n";
  loam_error err = {0};
  CHECK_INT(loam_vault_update(v, "Root.md", text, strlen(text), &err), 0);
  int code;
  const char *kv[] = {"path", "People/Ann Lee.md", "new_name", "Ann Smith", NULL};
  loam_val *plan = S_call(v, "rename_plan", kv, &code);
  CHECK_STR(S_edits(plan, "Root.md"), "2: [r](People/Ann%20Smith.md) and [[Ann Smith|Ann Lee]]\n");
  const loam_val *e = S_at(loam_val_get(S_file(plan, "Root.md"), "edits"), 0);
  CHECK_STR(S_str(e, "expect"), "[r](People/Ann%20Lee.md) and [[Ann Lee|Ann Lee]]");
  loam_vault_free(v);
  S_rmtree(dir);
}

int main(void) {
  RUN(rename_rewrites_every_link_form_and_keeps_the_rest);
  RUN(moving_to_a_folder_rewrites_paths_and_the_notes_own_relative_links);
  RUN(a_stem_another_note_has_is_written_as_a_path);
  RUN(a_plan_refuses_bad_names_and_taken_ones);
  RUN(rename_note_never_overwrites_and_stays_in_the_vault);
  RUN(create_note_writes_a_new_note_once);
  RUN(a_plan_reads_the_editors_text_of_a_modified_note);
  loam_arena_free(&S_arena);
  return test_report();
}
