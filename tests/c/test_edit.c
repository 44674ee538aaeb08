/* test_edit.c: loam_edit_file keeps every byte it was not asked to change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../helper/vault/edit.h"
#include "../../helper/vault/walk.h"
#include "test.h"

static char S_dir[64];

static const char *S_path(const char *name) {
  static char p[256];
  snprintf(p, sizeof(p), "%s/%s", S_dir, name);
  return p;
}

static void S_put(const char *name, const char *text, size_t n) {
  FILE *f = fopen(S_path(name), "wb");
  if (!f) return;
  fwrite(text, 1, n, f);
  fclose(f);
}

/* 1 when the file holds exactly `want`. */
static int S_holds(const char *name, const char *want, size_t n) {
  char *buf;
  size_t len;
  if (loam_read_file(S_path(name), &buf, &len, NULL, NULL) != 0) return 0;
  int same = len == n && memcmp(buf, want, n) == 0;
  if (!same) printf("  file holds: [%.*s]\n", (int)len, buf);
  free(buf);
  return same;
}

#define PUT(name, lit) S_put(name, lit, sizeof(lit) - 1)
#define HOLDS(name, lit) S_holds(name, lit, sizeof(lit) - 1)

static loam_line_edit S_replace(uint32_t line, const char *expect, const char **lines, size_t n) {
  loam_line_edit e = {line, expect, lines, n, 0};
  return e;
}

TEST(a_replaced_line_keeps_the_rest_of_the_file) {
  PUT("a.md", "# A\n- [ ] task\nlast\n");
  const char *now[] = {"- [x] task ✅ 2026-11-25"};
  loam_line_edit e = S_replace(2, "- [ ] task", now, 1);
  CHECK_INT(loam_edit_file(S_path("a.md"), &e, 1, NULL), 0);
  CHECK(HOLDS("a.md", "# A\n- [x] task ✅ 2026-11-25\nlast\n"));
}

TEST(crlf_bom_and_missing_final_newline_are_kept) {
  PUT("w.md", "\xEF\xBB\xBF# W\r\n- [ ] one\r\n- [ ] two");
  const char *one[] = {"- [x] one"}, *two[] = {"- [ ] two again", "- [x] two"};
  loam_line_edit e[] = {S_replace(2, "- [ ] one", one, 1), S_replace(3, "- [ ] two", two, 2)};
  CHECK_INT(loam_edit_file(S_path("w.md"), e, 2, NULL), 0);
  CHECK(HOLDS("w.md", "\xEF\xBB\xBF# W\r\n- [x] one\r\n- [ ] two again\r\n- [x] two"));
}

TEST(insert_above_delete_and_append) {
  PUT("i.md", "one\ntwo\nthree\n");
  const char *next[] = {"- [ ] next"}, *tail[] = {"tail"};
  loam_line_edit e[] = {
      {2, "two", next, 1, 1},   /* insert before line 2, checking it */
      {3, "three", NULL, 0, 0}, /* delete line 3 */
      {4, NULL, tail, 1, 1},    /* append */
  };
  CHECK_INT(loam_edit_file(S_path("i.md"), e, 3, NULL), 0);
  CHECK(HOLDS("i.md", "one\n- [ ] next\ntwo\ntail\n"));
  PUT("n.md", "no newline");
  loam_line_edit app = {2, NULL, tail, 1, 1};
  CHECK_INT(loam_edit_file(S_path("n.md"), &app, 1, NULL), 0);
  CHECK(HOLDS("n.md", "no newline\ntail"));
}

TEST(a_line_that_changed_is_refused_and_nothing_is_written) {
  PUT("c.md", "- [ ] edited elsewhere\nother\n");
  const char *now[] = {"- [x] task"}, *other[] = {"OTHER"};
  loam_line_edit e[] = {S_replace(2, "other", other, 1), S_replace(1, "- [ ] task", now, 1)};
  loam_error err = {0};
  CHECK_INT(loam_edit_file(S_path("c.md"), e, 2, &err), LOAM_E_CHANGED);
  CHECK(strstr(err.msg, "line 1") != NULL);
  CHECK(HOLDS("c.md", "- [ ] edited elsewhere\nother\n"));
}

TEST(read_only_missing_and_out_of_range_are_refused) {
  PUT("ro.md", "keep me\n");
  chmod(S_path("ro.md"), 0444);
  const char *x[] = {"x"};
  loam_line_edit e = S_replace(1, "keep me", x, 1);
  loam_error err = {0};
  CHECK_INT(loam_edit_file(S_path("ro.md"), &e, 1, &err), LOAM_E_IO);
  CHECK(strstr(err.msg, "read-only") != NULL);
  CHECK(HOLDS("ro.md", "keep me\n"));
  CHECK_INT(loam_edit_file(S_path("missing.md"), &e, 1, NULL), LOAM_E_NOT_FOUND);
  PUT("short.md", "keep me\n");
  loam_line_edit far = S_replace(5, "keep me", x, 1);
  CHECK_INT(loam_edit_file(S_path("short.md"), &far, 1, NULL), LOAM_E_NOT_FOUND);
  loam_line_edit twice[] = {S_replace(1, "keep me", x, 1), S_replace(1, "keep me", x, 1)};
  CHECK_INT(loam_edit_file(S_path("short.md"), twice, 2, NULL), LOAM_E_PARAMS);
  CHECK(HOLDS("short.md", "keep me\n"));
}

TEST(mode_is_kept_and_a_symlinked_note_is_written_at_its_target) {
  PUT("m.md", "a\n");
  chmod(S_path("m.md"), 0640);
  const char *b[] = {"b"};
  loam_line_edit e = S_replace(1, "a", b, 1);
  CHECK_INT(loam_edit_file(S_path("m.md"), &e, 1, NULL), 0);
  struct stat st;
  CHECK_INT(stat(S_path("m.md"), &st), 0);
  CHECK_INT(st.st_mode & 07777, 0640);
  PUT("target.md", "a\n");
  char link[256];
  snprintf(link, sizeof(link), "%s", S_path("link.md"));
  CHECK_INT(symlink("target.md", link), 0);
  CHECK_INT(loam_edit_file(link, &e, 1, NULL), 0);
  CHECK(HOLDS("target.md", "b\n"));
  struct stat lst;
  CHECK_INT(lstat(link, &lst), 0);
  CHECK(S_ISLNK(lst.st_mode));
}

TEST(no_temporary_file_is_left_behind) {
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -c loam- >/dev/null", S_dir);
  CHECK(system(cmd) != 0); /* grep found nothing */
}

TEST(bytes_the_edit_does_not_touch_survive_nul_and_invalid_utf8) {
  static const char text[] = "bin\0ary \xff\xfe\n- [ ] t\n\r\n";
  S_put("b.md", text, sizeof(text) - 1);
  const char *x[] = {"- [x] t"};
  loam_line_edit e = S_replace(2, "- [ ] t", x, 1);
  CHECK_INT(loam_edit_file(S_path("b.md"), &e, 1, NULL), 0);
  static const char want[] = "bin\0ary \xff\xfe\n- [x] t\n\r\n";
  CHECK(S_holds("b.md", want, sizeof(want) - 1));
}

int main(void) {
  snprintf(S_dir, sizeof(S_dir), "/tmp/loam-edit-XXXXXX");
  if (!mkdtemp(S_dir)) return 1;
  RUN(a_replaced_line_keeps_the_rest_of_the_file);
  RUN(crlf_bom_and_missing_final_newline_are_kept);
  RUN(insert_above_delete_and_append);
  RUN(a_line_that_changed_is_refused_and_nothing_is_written);
  RUN(read_only_missing_and_out_of_range_are_refused);
  RUN(mode_is_kept_and_a_symlinked_note_is_written_at_its_target);
  RUN(no_temporary_file_is_left_behind);
  RUN(bytes_the_edit_does_not_touch_survive_nul_and_invalid_utf8);
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", S_dir);
  if (system(cmd) != 0) printf("could not remove %s\n", S_dir);
  return test_report();
}
