/*
 * test_cindex.c: the completion index over a vault: what equal scores rank
 * by (recency, popularity, shorter title, path), and that it follows the
 * vault as notes are added, changed and removed.
 *
 * Notes are given as text (loam_vault_update with a buffer, as the editor
 * sends them) in an empty temporary vault, with `created` dates, so every
 * expectation is exact.
 */
#include <stdlib.h>
#include <unistd.h>

#include "../../helper/vault/cindex.h"
#include "test.h"

static char root[64];

static loam_vault *new_vault(void) {
  snprintf(root, sizeof(root), "/tmp/loam-cindex-XXXXXX");
  if (!mkdtemp(root)) return NULL;
  return loam_vault_new(root);
}

static void done(loam_vault *v) {
  loam_vault_free(v);
  rmdir(root);
}

static void put(loam_vault *v, const char *path, const char *text) {
  loam_error err = {0};
  if (loam_vault_update(v, path, text, strlen(text), &err) != 0)
    TEST_FAIL_AT("update %s: %s", path, err.msg);
}

static void del(loam_vault *v, const char *path) {
  loam_error err = {0};
  loam_vault_update(v, path, NULL, 0, &err); /* not on disk: removed */
}

/* The paths of the best notes for `needle`, joined with ", ". */
static const char *best_notes(loam_vault *v, const char *needle, size_t k) {
  static char out[1024];
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, strlen(needle));
  loam_names_hit hits[16];
  uint32_t kinds = 1u << LOAM_CINDEX_TITLE | 1u << LOAM_CINDEX_STEM | 1u << LOAM_CINDEX_ALIAS;
  size_t n = loam_cindex_top_notes(loam_cindex_of(v), &nd, kinds, k, hits);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (i) strcat(out, ", ");
    strcat(out, loam_vault_note(v, (size_t)hits[i].group)->path);
  }
  return out;
}

static int32_t popularity(loam_vault *v, const char *path) {
  return loam_cindex_popularity(loam_cindex_of(v), (size_t)loam_vault_find(v, path));
}

TEST(equal_scores_rank_the_more_recent_note_first) {
  loam_vault *v = new_vault();
  put(v, "Alpha one.md", "---\ncreated: 2026-01-01\n---\n");
  put(v, "Alpha two.md", "---\ncreated: 2026-03-01\n---\n");
  put(v, "Alpha six.md", "---\ncreated: 2025-12-31\n---\n");
  CHECK_STR(best_notes(v, "alpha", 3), "Alpha two.md, Alpha one.md, Alpha six.md");
  /* A better score still wins over a newer date. */
  CHECK_STR(best_notes(v, "alpha o", 3), "Alpha one.md, Alpha two.md");
  done(v);
}

TEST(equal_scores_and_dates_rank_the_more_linked_note_first) {
  loam_vault *v = new_vault();
  put(v, "Beta one.md", "---\ncreated: 2026-01-01\n---\n");
  put(v, "Beta two.md", "---\ncreated: 2026-01-01\n---\n");
  put(v, "A.md", "---\ncreated: 2020-01-01\n---\n[[Beta two]] and [[beta two|again]]\n");
  put(v, "B.md", "---\ncreated: 2020-01-01\n---\n[[Beta two#Heading]]\n");
  put(v, "C.md", "---\ncreated: 2020-01-01\n---\n[[Beta one]]\n");
  CHECK_INT(popularity(v, "Beta two.md"), 2); /* two notes, each counted once */
  CHECK_INT(popularity(v, "Beta one.md"), 1);
  CHECK_STR(best_notes(v, "beta", 2), "Beta two.md, Beta one.md");
  /* Links change: now one is more linked. */
  put(v, "A.md", "---\ncreated: 2020-01-01\n---\n[[Beta one]] [[Beta one.md]]\n");
  put(v, "B.md", "---\ncreated: 2020-01-01\n---\n[[Elsewhere]]\n");
  CHECK_INT(popularity(v, "Beta two.md"), 0);
  CHECK_INT(popularity(v, "Beta one.md"), 2);
  CHECK_STR(best_notes(v, "beta", 2), "Beta one.md, Beta two.md");
  /* A note that leaves takes its links with it. */
  del(v, "A.md");
  CHECK_INT(popularity(v, "Beta one.md"), 1);
  done(v);
}

TEST(popularity_counts_links_through_any_name_of_the_note) {
  loam_vault *v = new_vault();
  put(v, "People/Mara Okafor.md", "---\ntitle: Mara O.\naliases: [Mara]\n---\n");
  put(v, "x.md", "[[Mara]]\n");
  put(v, "y.md", "[[People/Mara Okafor]]\n");
  put(v, "z.md", "[[mara okafor]] and [[Mara O.]]\n"); /* two targets naming it: two */
  put(v, "w.md", "[see](People/Mara%20Okafor.md)\n");
  CHECK_INT(popularity(v, "People/Mara Okafor.md"), 5);
  done(v);
}

TEST(equal_scores_dates_and_links_rank_the_shorter_title_then_the_path) {
  loam_vault *v = new_vault();
  put(v, "b/Gamma.md", "---\ntitle: Gamma long title\naliases: [gm]\ncreated: 2026-01-01\n---\n");
  put(v, "a/Gamma.md", "---\ntitle: Gamma\naliases: [gm]\ncreated: 2026-01-01\n---\n");
  put(v, "c/Gamma.md", "---\ntitle: Gamma\naliases: [gm]\ncreated: 2026-01-01\n---\n");
  /* All three match `gm` exactly through their alias. */
  CHECK_STR(best_notes(v, "gm", 3), "a/Gamma.md, c/Gamma.md, b/Gamma.md");
  CHECK_INT(loam_cindex_stem_shared(loam_cindex_of(v), (size_t)loam_vault_find(v, "a/Gamma.md")),
            1);
  done(v);
}

TEST(follows_notes_added_changed_and_removed) {
  loam_vault *v = new_vault();
  put(v, "One.md", "# First heading\n");
  put(v, "Two.md", "# Second heading\n");
  put(v, "Three.md", "# Third heading\n");
  CHECK_STR(best_notes(v, "two", 3), "Two.md");
  /* Removing the first note moves the last one into its slot. */
  del(v, "One.md");
  CHECK_STR(best_notes(v, "one", 3), "");
  CHECK_STR(best_notes(v, "three", 3), "Three.md");
  put(v, "Two.md", "---\ntitle: Renamed title\n---\n");
  CHECK_STR(best_notes(v, "renamed", 3), "Two.md");
  CHECK_STR(best_notes(v, "two", 3), "Two.md"); /* still by its stem */
  put(v, "Four.md", "");
  CHECK_STR(best_notes(v, "four", 3), "Four.md");
  CHECK_INT(loam_cindex_stem_shared(loam_cindex_of(v), (size_t)loam_vault_find(v, "Four.md")), 0);

  loam_names_needle nd;
  loam_names_needle_init(&nd, "heading", 7);
  loam_names_hit hits[4];
  CHECK_INT(loam_cindex_top_headings(loam_cindex_of(v), &nd, 4, hits), 1); /* Third's */
  CHECK_INT(hits[0].group, loam_vault_find(v, "Three.md"));
  done(v);
}

TEST(counts_tags_by_the_notes_that_use_them) {
  loam_vault *v = new_vault();
  put(v, "a.md", "---\ntags: [project/x]\n---\n#project/x #Project/X #solo\n");
  put(v, "b.md", "#PROJECT/x #other\n");
  loam_cindex *ix = loam_cindex_of(v);
  loam_names_needle nd;
  loam_names_needle_init(&nd, "pro", 3);
  loam_names_hit hits[4];
  CHECK_INT(loam_cindex_top_tags(ix, &nd, 4, hits), 1); /* one tag, whatever its case */
  CHECK_STR(loam_cindex_tag_name(ix, hits[0].group), "project/x");
  CHECK_INT(loam_cindex_tag_notes(ix, hits[0].group), 2);
  /* Nothing typed: the most used first. */
  loam_names_needle_init(&nd, "", 0);
  CHECK_INT(loam_cindex_top_tags(ix, &nd, 4, hits), 3);
  CHECK_STR(loam_cindex_tag_name(ix, hits[0].group), "project/x");
  CHECK_STR(loam_cindex_tag_name(ix, hits[1].group), "solo"); /* one note each: shorter first */
  CHECK_STR(loam_cindex_tag_name(ix, hits[2].group), "other");
  /* A tag nobody uses any more is not offered. */
  put(v, "a.md", "no tags\n");
  loam_names_needle_init(&nd, "solo", 4);
  CHECK_INT(loam_cindex_top_tags(ix, &nd, 4, hits), 0);
  done(v);
}

TEST(rebuilds_on_a_rescan) {
  loam_vault *v = new_vault();
  put(v, "Gone.md", "text\n");
  loam_cindex *ix = loam_cindex_of(v);
  loam_error err = {0};
  CHECK_INT(loam_vault_scan(v, &err), 0); /* the folder is empty on disk */
  CHECK(loam_cindex_of(v) == ix);
  CHECK_STR(best_notes(v, "gone", 3), "");
  done(v);
}

/* cindex resolves every target as the vault does. */
static void check_resolution(loam_vault *v, const char *target) {
  int32_t want = loam_vault_resolve(v, target, 0);
  int32_t got = loam_cindex_resolve(loam_cindex_of(v), target, strlen(target), 0);
  if (got != want) TEST_FAIL_AT("\"%s\" resolves to %d, the vault says %d", target, got, want);
}

static void check_all_names(loam_vault *v) {
  char buf[512];
  for (size_t i = 0; i < loam_vault_count(v); i++) {
    const loam_note *n = loam_vault_note(v, i);
    const char *names[64];
    size_t count = 0;
    names[count++] = n->stem;
    names[count++] = n->path;
    if (n->title) names[count++] = n->title;
    for (size_t a = 0; a < n->n_aliases && count < 60; a++) names[count++] = n->aliases[a];
    for (size_t k = 0; k < count; k++) {
      check_resolution(v, names[k]);
      snprintf(buf, sizeof(buf), "  ./%s  ", names[k]);
      check_resolution(v, buf);
      snprintf(buf, sizeof(buf), "%s", names[k]);
      for (char *c = buf; *c; c++) *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
      check_resolution(v, buf); /* upper case */
      snprintf(buf, sizeof(buf), "%s.MD", names[k]);
      check_resolution(v, buf);
      snprintf(buf, sizeof(buf), "%s x", names[k]);
      check_resolution(v, buf);
    }
  }
  check_resolution(v, "");
  check_resolution(v, "   ");
  check_resolution(v, "Nonexistent");
}

TEST(resolves_targets_as_the_vault_does) {
  const char *ex = getenv("LOAM_EXAMPLES");
  loam_vault *v = loam_vault_new(ex ? ex : "../../../shared/examples/vault");
  loam_error err = {0};
  CHECK_INT(loam_vault_scan(v, &err), 0);
  check_all_names(v);
  loam_vault_free(v);

  /* Shared stems, titles and aliases, then changes. */
  v = new_vault();
  put(v, "Kilo.md", "---\naliases: [Shared]\n---\n");
  put(v, "a/Kilo.md", "---\ntitle: Lima\naliases: [Shared]\n---\n");
  put(v, "bb/Kilo.md", "---\ntitle: Kilo\n---\n");
  put(v, "Lima.md", "");
  put(v, "a/b/Lima.md", "---\ntitle: Kilo\n---\n");
  check_all_names(v);
  check_resolution(v, "a/Kilo");
  check_resolution(v, "Shared");
  del(v, "Kilo.md");
  check_all_names(v);
  check_resolution(v, "Kilo");
  put(v, "a/Kilo.md", "---\ntitle: Mike\n---\n");
  check_all_names(v);
  check_resolution(v, "Lima");
  check_resolution(v, "Shared");
  done(v);
}

int main(void) {
  RUN(equal_scores_rank_the_more_recent_note_first);
  RUN(equal_scores_and_dates_rank_the_more_linked_note_first);
  RUN(popularity_counts_links_through_any_name_of_the_note);
  RUN(equal_scores_dates_and_links_rank_the_shorter_title_then_the_path);
  RUN(follows_notes_added_changed_and_removed);
  RUN(counts_tags_by_the_notes_that_use_them);
  RUN(rebuilds_on_a_rescan);
  RUN(resolves_targets_as_the_vault_does);
  return test_report();
}
