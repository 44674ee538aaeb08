/*
 * test_names.c: the table of pre-folded names and its top-k query.
 *
 * The query skips names by masks and bounds; these tests check that what
 * it returns is exactly what scoring every name and sorting would give, on
 * random tables, and the bookkeeping of groups (set, drop, move, and the
 * compaction that renumbers names).
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../helper/match/names.h"
#include "test.h"

static void set1(loam_names *t, int32_t group, uint8_t kind, const char *s) {
  loam_names_input in = {kind, 0, s, strlen(s)};
  loam_names_set(t, group, &in, 1);
}

static size_t top(loam_names *t, const char *needle, size_t k, int by_group, loam_names_hit *out) {
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, strlen(needle));
  loam_names_query q = {~0u, by_group, k, NULL, NULL, NULL};
  return loam_names_top(t, &nd, &q, out);
}

TEST(should_find_the_best_names_first) {
  loam_names *t = loam_names_new();
  set1(t, 0, 0, "Sync engine");
  set1(t, 1, 0, "Storage roadmap review");
  set1(t, 2, 0, "The sync");
  set1(t, 3, 0, "Unrelated");
  loam_names_hit out[4];
  CHECK_INT(top(t, "sync", 4, 0, out), 2);
  CHECK_INT(out[0].group, 0); /* the prefix */
  CHECK_INT(out[1].group, 2);
  CHECK(out[0].score > out[1].score);
  CHECK_INT(top(t, "zz", 4, 0, out), 0);
  loam_names_free(t);
}

TEST(should_list_everything_for_an_empty_needle) {
  loam_names *t = loam_names_new();
  for (int32_t g = 0; g < 5; g++) set1(t, g, 0, "x");
  loam_names_hit out[3];
  CHECK_INT(top(t, "", 3, 0, out), 3);
  CHECK_INT(out[0].score, 0);
  CHECK_INT(out[0].group, 0); /* no tie-breaker: lower group first */
  CHECK_INT(out[2].group, 2);
  loam_names_free(t);
}

TEST(should_give_each_group_its_best_name) {
  loam_names *t = loam_names_new();
  loam_names_input teo[] = {{0, 0, "Teodor Lind", 11}, {1, 7, "Teo", 3}};
  loam_names_set(t, 0, teo, 2);
  set1(t, 1, 0, "Teodora");
  loam_names_hit out[4];
  CHECK_INT(top(t, "teo", 4, 1, out), 2);
  CHECK_INT(out[0].group, 0);
  CHECK_INT(out[0].score, LOAM_FUZZY_EXACT); /* through the alias */
  CHECK_INT(loam_names_kind(t, out[0].id), 1);
  CHECK_INT(loam_names_ref(t, out[0].id), 7);
  CHECK_INT(out[1].group, 1);
  CHECK_INT(top(t, "teo", 4, 0, out), 3); /* one hit per name */
  loam_names_free(t);
}

TEST(should_only_match_the_kinds_asked_for) {
  loam_names *t = loam_names_new();
  loam_names_input in[] = {{0, 0, "alpha", 5}, {3, 0, "Folder/alpha", 12}};
  loam_names_set(t, 0, in, 2);
  loam_names_needle nd;
  loam_names_needle_init(&nd, "fold", 4);
  loam_names_hit out[2];
  loam_names_query only_titles = {1u << 0, 1, 2, NULL, NULL, NULL};
  CHECK_INT(loam_names_top(t, &nd, &only_titles, out), 0);
  loam_names_query paths = {1u << 3, 1, 2, NULL, NULL, NULL};
  CHECK_INT(loam_names_top(t, &nd, &paths, out), 1);
  loam_names_free(t);
}

TEST(should_replace_drop_and_move_groups) {
  loam_names *t = loam_names_new();
  set1(t, 0, 0, "apple");
  set1(t, 1, 0, "banana");
  set1(t, 2, 0, "cherry");
  set1(t, 0, 0, "apricot"); /* replaces apple */
  loam_names_hit out[3];
  CHECK_INT(top(t, "apple", 3, 1, out), 0);
  CHECK_INT(top(t, "apri", 3, 1, out), 1);
  loam_names_drop(t, 1);
  CHECK_INT(top(t, "banana", 3, 1, out), 0);
  loam_names_move(t, 2, 1); /* cherry is group 1 now */
  CHECK_INT(top(t, "cherry", 3, 1, out), 1);
  CHECK_INT(out[0].group, 1);
  uint32_t first;
  CHECK_INT(loam_names_of(t, 2, &first), 0);
  CHECK_INT(loam_names_of(t, 1, &first), 1);
  CHECK_INT(loam_names_count(t), 2);
  loam_names_free(t);
}

TEST(should_keep_groups_whole_when_compacting) {
  loam_names *t = loam_names_new();
  char name[32];
  /* Rewrite groups many times so that dead names pile up and compact. */
  for (int round = 0; round < 20; round++)
    for (int32_t g = 0; g < 500; g++) {
      snprintf(name, sizeof(name), "note %d v%d", g, round);
      loam_names_input in[] = {{0, 0, name, strlen(name)}, {1, 1, "alias", 5}};
      loam_names_set(t, g, in, 2);
    }
  CHECK_INT(loam_names_count(t), 1000);
  for (int32_t g = 0; g < 500; g += 97) {
    uint32_t first;
    CHECK_INT(loam_names_of(t, g, &first), 2);
    CHECK_INT(loam_names_group(t, first), g);
    CHECK_INT(loam_names_group(t, first + 1), g);
    CHECK_INT(loam_names_kind(t, first + 1), 1);
  }
  loam_names_hit out[2];
  CHECK_INT(top(t, "note 123 v19", 2, 1, out), 1);
  CHECK_INT(out[0].group, 123);
  CHECK_INT(out[0].score, LOAM_FUZZY_EXACT);
  loam_names_free(t);
}

/* ---- the query equals a full sort ------------------------------------- */

static uint32_t rng_state = 777;
static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

static void random_text(char *out, size_t len, const char *alphabet) {
  size_t na = strlen(alphabet);
  for (size_t i = 0; i < len; i++) out[i] = alphabet[rng() % na];
  out[len] = '\0';
}

/* Group keys for the property test: a few distinct values, many ties. */
static uint64_t keys[64];

static int tie_by_group(void *ud, const loam_names_hit *a, const loam_names_hit *b) {
  (void)ud;
  if (a->group != b->group) return a->group < b->group ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static int better(const loam_names_hit *a, const loam_names_hit *b) {
  if (a->score != b->score) return a->score > b->score;
  if (a->group != b->group && keys[a->group] != keys[b->group])
    return keys[a->group] > keys[b->group];
  return tie_by_group(NULL, a, b) < 0;
}

/* Scores every name and keeps the best per group (or every name), sorted. */
static size_t brute(loam_names *t, const char *needle, int by_group, loam_names_hit *out) {
  loam_names_needle nd;
  loam_names_needle_init(&nd, needle, strlen(needle));
  size_t n = 0;
  for (int32_t g = 0; g < 64; g++) {
    uint32_t first;
    size_t count = loam_names_of(t, g, &first);
    loam_names_hit best = {LOAM_FUZZY_NONE, -1, 0};
    for (uint32_t id = first; id < first + count; id++) {
      loam_names_hit h = {loam_names_score(t, &nd, id), g, id};
      if (h.score == LOAM_FUZZY_NONE) continue;
      if (!by_group)
        out[n++] = h;
      else if (best.group < 0 || better(&h, &best))
        best = h;
    }
    if (by_group && best.group >= 0) out[n++] = best;
  }
  for (size_t i = 1; i < n; i++) /* insertion sort: small */
    for (size_t j = i; j > 0 && better(&out[j], &out[j - 1]); j--) {
      loam_names_hit x = out[j];
      out[j] = out[j - 1], out[j - 1] = x;
    }
  return n;
}

TEST(should_return_what_a_full_sort_returns) {
  static const char *alphabet = "abcAB -/_";
  loam_names_hit want[64 * 4], got[64 * 4];
  for (int round = 0; round < 300; round++) {
    loam_names *t = loam_names_new();
    for (int32_t g = 0; g < 64; g++) {
      keys[g] = rng() % 3;
      char text[4][24];
      loam_names_input in[4];
      size_t count = 1 + rng() % 4;
      for (size_t k = 0; k < count; k++) {
        random_text(text[k], 1 + rng() % 20, alphabet);
        in[k] = (loam_names_input){0, (uint32_t)k, text[k], strlen(text[k])};
      }
      loam_names_set(t, g, in, count);
    }
    char needle[6];
    random_text(needle, rng() % 4, alphabet);
    for (int by_group = 0; by_group < 2; by_group++) {
      size_t k = 1 + rng() % 20;
      loam_names_needle nd;
      loam_names_needle_init(&nd, needle, strlen(needle));
      loam_names_query q = {~0u, by_group, k, keys, tie_by_group, NULL};
      size_t n = loam_names_top(t, &nd, &q, got);
      size_t all = brute(t, needle, by_group, want);
      CHECK_INT(n, all < k ? all : k);
      for (size_t i = 0; i < n && i < all; i++)
        if (got[i].id != want[i].id || got[i].score != want[i].score) {
          TEST_FAIL_AT("round %d needle \"%s\" by_group %d: hit %zu is name %u (%d), want %u (%d)",
                       round, needle, by_group, i, got[i].id, got[i].score, want[i].id,
                       want[i].score);
          break;
        }
    }
    loam_names_free(t);
  }
}

int main(void) {
  RUN(should_find_the_best_names_first);
  RUN(should_list_everything_for_an_empty_needle);
  RUN(should_give_each_group_its_best_name);
  RUN(should_only_match_the_kinds_asked_for);
  RUN(should_replace_drop_and_move_groups);
  RUN(should_keep_groups_whole_when_compacting);
  RUN(should_return_what_a_full_sort_returns);
  return test_report();
}
