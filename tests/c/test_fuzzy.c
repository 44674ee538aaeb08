/*
 * test_fuzzy.c: fuzzy matching and ranking, in the manner of fzy's tests:
 * each test states which of two candidates a needle should prefer.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../helper/match/fuzzy.h"
#include "test.h"

static int has(const char *needle, const char *hay) {
  return loam_fuzzy_has_match(needle, strlen(needle), hay, strlen(hay));
}

static double score(const char *needle, const char *hay) {
  return loam_fuzzy_score(needle, strlen(needle), hay, strlen(hay));
}

/* `needle` ranks `better` strictly above `worse`. */
#define CHECK_PREFERS(needle, better, worse)                                                       \
  do {                                                                                             \
    double b_ = score(needle, better), w_ = score(needle, worse);                                  \
    if (!(b_ > w_))                                                                                \
      TEST_FAIL_AT("\"%s\": \"%s\" (%g) should beat \"%s\" (%g)", needle, better, b_, worse, w_);  \
  } while (0)

TEST(should_match_in_order) {
  CHECK(has("a", "a"));
  CHECK(has("sen", "Sync engine"));
  CHECK(has("", "anything"));
  CHECK(has("", ""));
  CHECK(!has("a", ""));
  CHECK(!has("ba", "ab"));
  CHECK(!has("xyz", "Sync engine"));
}

TEST(should_fold_case_for_lower_case_needles) {
  CHECK(has("sync", "SYNC"));
  CHECK(has("mara", "Mara Okafor"));
}

TEST(should_require_upper_case_for_upper_case_needle_letters) {
  CHECK(has("Mara", "Mara"));
  CHECK(!has("Mara", "mara"));
  CHECK(has("mO", "Mara Okafor"));
  CHECK(!has("MO", "mara okafor"));
  CHECK_INT(score("Mara", "mara") == LOAM_FUZZY_NO_MATCH, 1);
  /* Upper case wants upper case; the accent still folds. */
  CHECK(has("Soren", "Søren"));
  CHECK(has("AERO", "ÆRØ"));
  CHECK(!has("AERO", "ærø"));
}

TEST(should_match_accent_folded) {
  CHECK(has("soren", "Søren Ærø"));
  CHECK(has("aero", "Ærø"));
  CHECK(has("cafe", "Café"));
  CHECK(has("strasse", "Straße"));
  CHECK(has("é", "cafe")); /* the needle folds too */
  CHECK(score("soren", "Søren") > LOAM_FUZZY_NO_MATCH);
}

TEST(should_score_empty_needle_as_zero) {
  CHECK(score("", "Sync engine") == 0);
  CHECK(score("", "") == 0);
}

TEST(should_return_no_match_when_absent) {
  CHECK(score("zz", "Sync engine") == LOAM_FUZZY_NO_MATCH);
  CHECK(score("a", "") == LOAM_FUZZY_NO_MATCH);
}

TEST(should_prefer_exact_match) {
  CHECK_PREFERS("sync", "sync", "Sync engine");
  CHECK_PREFERS("sync", "Sync", "sync service");
}

TEST(should_prefer_prefix_match) {
  CHECK_PREFERS("sync", "Sync engine and a very long title here", "The sync");
  CHECK_PREFERS("obj", "Object store replatforming", "An object");
}

TEST(should_prefer_starts_of_words) {
  CHECK_PREFERS("amor", "app/models/order", "app/models/zrder");
  CHECK_PREFERS("se", "Sync engine", "Sausage");
  CHECK_PREFERS("or", "Object Replatforming", "Objector"); /* after a space */
  CHECK_PREFERS("rm", "Roadmap-meeting", "roadmapxmeeting");
}

TEST(should_prefer_camel_case_starts) { CHECK_PREFERS("sf", "someFile", "surf"); }

TEST(should_prefer_consecutive) {
  CHECK_PREFERS("file", "a file", "filter le");
  CHECK_PREFERS("eng", "big engine", "e n g x");
}

TEST(should_prefer_shorter_candidates) {
  CHECK_PREFERS("sync", "Sync engine", "Sync engine review notes");
  CHECK_PREFERS("test", "tests", "testing");
}

TEST(should_prefer_shorter_gaps) { CHECK_PREFERS("ab", "a_xb", "a_xxxxb"); }

TEST(should_prefer_the_start_of_the_string) { CHECK_PREFERS("t", "Teodor Lind", "Mara Teodor"); }

TEST(should_match_after_folding_expands_a_letter) {
  CHECK(has("ae", "Æble"));
  CHECK(score("ae", "Æble") > score("ae", "a-e"));
}

TEST(should_handle_invalid_utf8_as_bytes) {
  CHECK(has("\xff", "a\xff"));
  CHECK(!has("\xff", "a\xfe"));
  CHECK(has("ab", "a\xff\xfe"
                  "b"));
  CHECK(score("ab", "a\xffz"
                    "b") > LOAM_FUZZY_NO_MATCH);
}

TEST(should_handle_truncated_utf8_at_end) {
  CHECK(has("a", "a\xc3"));
  CHECK(!has("\xc3\xa9", "a\xc3")); /* é needs both bytes */
  CHECK(score("a", "a\xe2\x82") > LOAM_FUZZY_NO_MATCH);
}

TEST(should_handle_nul_bytes_inside_the_buffer) {
  CHECK(loam_fuzzy_has_match("ab", 2, "a\0b", 3));
  CHECK(loam_fuzzy_score("a\0", 2, "xa\0", 3) > LOAM_FUZZY_NO_MATCH);
  CHECK(!loam_fuzzy_has_match("a\0", 2, "a", 1));
}

TEST(should_match_long_haystacks_without_scoring_them) {
  size_t n = 1 << 20;
  char *hay = malloc(n);
  memset(hay, 'x', n);
  hay[n - 1] = 'q';
  CHECK(loam_fuzzy_has_match("xq", 2, hay, n));
  double s = loam_fuzzy_score("xq", 2, hay, n);
  CHECK(s > LOAM_FUZZY_NO_MATCH);
  CHECK(s < score("xq", "x something q"));
  CHECK(loam_fuzzy_score("qq", 2, hay, n) == LOAM_FUZZY_NO_MATCH);
  free(hay);
}

TEST(should_score_at_the_length_limit_and_not_beyond) {
  char hay[LOAM_FUZZY_MAX_LEN + 1];
  memset(hay, 'b', sizeof(hay));
  hay[0] = 'a';
  hay[LOAM_FUZZY_MAX_LEN - 1] = 'z';
  double at_limit = loam_fuzzy_score("az", 2, hay, LOAM_FUZZY_MAX_LEN);
  CHECK(at_limit > -10); /* a real score: a word start minus the gaps */
  hay[LOAM_FUZZY_MAX_LEN - 1] = 'b';
  hay[LOAM_FUZZY_MAX_LEN] = 'z';
  double over = loam_fuzzy_score("az", 2, hay, LOAM_FUZZY_MAX_LEN + 1);
  CHECK(over > LOAM_FUZZY_NO_MATCH);
  CHECK(over < at_limit);
}

TEST(should_handle_needle_longer_than_the_limit) {
  char needle[LOAM_FUZZY_MAX_LEN + 10];
  memset(needle, 'a', sizeof(needle));
  CHECK(loam_fuzzy_has_match(needle, sizeof(needle), needle, sizeof(needle)));
  CHECK(loam_fuzzy_score(needle, sizeof(needle), needle, sizeof(needle)) > LOAM_FUZZY_NO_MATCH);
  CHECK(loam_fuzzy_score(needle, sizeof(needle), needle, 10) == LOAM_FUZZY_NO_MATCH);
}

/* ---- the unit layer ---------------------------------------------------- */

typedef struct {
  loam_fuzzy_unit u[LOAM_FUZZY_MAX_LEN * 2];
  size_t n;
} units;

static units fold(const char *s) {
  units x;
  x.n = loam_fuzzy_fold(s, strlen(s), x.u, LOAM_FUZZY_MAX_LEN * 2);
  return x;
}

static int32_t unit_score(const char *needle, const char *hay) {
  units a = fold(needle), b = fold(hay);
  return loam_fuzzy_score_units(a.u, a.n, b.u, b.n);
}

TEST(should_fold_a_character_into_two_units_when_it_expands) {
  units x = fold("Ærø");
  CHECK_INT(x.n, 4); /* a, e, r, o */
  CHECK_INT(LOAM_FUZZY_KEY(x.u[0]), 'a');
  CHECK_INT(LOAM_FUZZY_KEY(x.u[1]), 'e');
  CHECK_INT(LOAM_FUZZY_KEY(x.u[3]), 'o');
  CHECK((x.u[0] & LOAM_FUZZY_UPPER) && (x.u[1] & LOAM_FUZZY_UPPER));
  units bad = fold("a\xff");
  CHECK_INT(LOAM_FUZZY_KEY(bad.u[1]), 0x110000 + 0xff);
}

TEST(should_report_the_full_unit_count_when_out_is_short) {
  loam_fuzzy_unit u[2];
  CHECK_INT(loam_fuzzy_fold("abcd", 4, u, 2), 4);
}

TEST(should_score_units_as_the_byte_layer_does) {
  static const char *pairs[][2] = {{"sen", "Sync engine"}, {"mara", "Mara Okafor"},
                                   {"soren", "Søren Ærø"}, {"amor", "app/models/order"},
                                   {"sf", "someFile"},     {"ae", "Æble"},
                                   {"zz", "Sync engine"}};
  for (size_t k = 0; k < sizeof(pairs) / sizeof(*pairs); k++) {
    int32_t s = unit_score(pairs[k][0], pairs[k][1]);
    double d = score(pairs[k][0], pairs[k][1]);
    if (s == LOAM_FUZZY_NONE)
      CHECK(d == LOAM_FUZZY_NO_MATCH);
    else
      CHECK(d == s / LOAM_FUZZY_SCALE);
  }
}

TEST(should_give_a_prefix_its_closed_form_score) {
  CHECK_INT(unit_score("sync", "Sync engine"), loam_fuzzy_prefix_score(4, 11));
  CHECK_INT(unit_score("sync", "sync"), LOAM_FUZZY_EXACT);
  /* Any prefix match beats any non-prefix match of the same needle. */
  CHECK(loam_fuzzy_prefix_score(4, LOAM_FUZZY_MAX_LEN) > unit_score("sync", "a sync"));
}

/* A tiny deterministic generator, for the property tests. */
static uint32_t rng_state = 12345;
static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

static void random_text(char *out, size_t len, const char *alphabet) {
  size_t na = strlen(alphabet);
  for (size_t i = 0; i < len; i++) out[i] = alphabet[rng() % na];
  out[len] = '\0';
}

TEST(should_never_score_above_the_bound) {
  /* Names and needles from a small alphabet, so that many match. */
  static const char *alphabet = "abcAB -/._";
  int checked = 0, tighter = 0;
  for (int round = 0; round < 20000; round++) {
    char hay[40], needle[8];
    random_text(hay, 1 + rng() % 30, alphabet);
    random_text(needle, 1 + rng() % 5, alphabet);
    units a = fold(needle), b = fold(hay);
    int32_t s = loam_fuzzy_score_units(a.u, a.n, b.u, b.n);
    if (s == LOAM_FUZZY_NONE || loam_fuzzy_is_prefix(a.u, a.n, b.u, b.n)) continue;
    loam_fuzzy_bits bits;
    loam_fuzzy_needle_bits(a.u, a.n, &bits);
    loam_fuzzy_pairs pairs;
    loam_fuzzy_pair_mask(b.u, b.n, &pairs);
    uint64_t wm = loam_fuzzy_word_mask(b.u, b.n);
    int32_t bound = loam_fuzzy_bound(a.u, &bits, a.n, b.u[0], b.n, wm, &pairs);
    if (s > bound) TEST_FAIL_AT("\"%s\" in \"%s\": score %d above bound %d", needle, hay, s, bound);
    /* The tighter bound, given the run of leading units with the needle's keys. */
    size_t run = 0;
    while (run < a.n && run < b.n && LOAM_FUZZY_KEY(a.u[run] ^ b.u[run]) == 0) run++;
    if (run < a.n) {
      int32_t tight = loam_fuzzy_bound_run(a.u, &bits, a.n, b.u[0], b.n, wm, &pairs, run);
      if (s > tight)
        TEST_FAIL_AT("\"%s\" in \"%s\": score %d above run bound %d", needle, hay, s, tight);
      CHECK(tight <= bound);
      if (tight < bound) tighter++;
    }
    /* Masks: a match implies the needle's keys (and upper keys) are there. */
    uint64_t nm = loam_fuzzy_mask(a.u, a.n), um = loam_fuzzy_upper_mask(a.u, a.n);
    CHECK((loam_fuzzy_mask(b.u, b.n) & nm) == nm);
    CHECK((loam_fuzzy_upper_mask(b.u, b.n) & um) == um);
    checked++;
  }
  CHECK(checked > 1000);
  CHECK(tighter > 100); /* the run bound does prune more */
}

int main(void) {
  RUN(should_match_in_order);
  RUN(should_fold_case_for_lower_case_needles);
  RUN(should_require_upper_case_for_upper_case_needle_letters);
  RUN(should_match_accent_folded);
  RUN(should_score_empty_needle_as_zero);
  RUN(should_return_no_match_when_absent);
  RUN(should_prefer_exact_match);
  RUN(should_prefer_prefix_match);
  RUN(should_prefer_starts_of_words);
  RUN(should_prefer_camel_case_starts);
  RUN(should_prefer_consecutive);
  RUN(should_prefer_shorter_candidates);
  RUN(should_prefer_shorter_gaps);
  RUN(should_prefer_the_start_of_the_string);
  RUN(should_match_after_folding_expands_a_letter);
  RUN(should_handle_invalid_utf8_as_bytes);
  RUN(should_handle_truncated_utf8_at_end);
  RUN(should_handle_nul_bytes_inside_the_buffer);
  RUN(should_match_long_haystacks_without_scoring_them);
  RUN(should_score_at_the_length_limit_and_not_beyond);
  RUN(should_handle_needle_longer_than_the_limit);
  RUN(should_fold_a_character_into_two_units_when_it_expands);
  RUN(should_report_the_full_unit_count_when_out_is_short);
  RUN(should_score_units_as_the_byte_layer_does);
  RUN(should_give_a_prefix_its_closed_form_score);
  RUN(should_never_score_above_the_bound);
  return test_report();
}
