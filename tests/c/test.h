/*
 * test.h: the smallest test harness that reads well.
 *
 *   TEST(wikilink_with_heading_and_alias) { CHECK_STR(link.heading, "Risks"); }
 *   int main(void) { RUN(wikilink_with_heading_and_alias); return test_report(); }
 *
 * A failed check prints file:line and the values, marks the test failed and
 * carries on with the next check, so one run shows every broken expectation.
 */
#ifndef LOAM_TEST_H
#define LOAM_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int test_failed_checks, test_passed, test_failed, test_current_failed;

#define TEST(name) static void name(void)

#define RUN(name)                                                                                  \
  do {                                                                                             \
    test_current_failed = 0;                                                                       \
    name();                                                                                        \
    if (test_current_failed) {                                                                     \
      test_failed++;                                                                               \
      printf("FAIL %s\n", #name);                                                                  \
    } else {                                                                                       \
      test_passed++;                                                                               \
      printf("ok   %s\n", #name);                                                                  \
    }                                                                                              \
  } while (0)

#define TEST_FAIL_AT(...)                                                                          \
  do {                                                                                             \
    printf("  %s:%d: ", __FILE__, __LINE__);                                                       \
    printf(__VA_ARGS__);                                                                           \
    printf("\n");                                                                                  \
    test_current_failed = 1;                                                                       \
    test_failed_checks++;                                                                          \
  } while (0)

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) TEST_FAIL_AT("expected %s", #cond);                                               \
  } while (0)

#define CHECK_INT(got, want)                                                                       \
  do {                                                                                             \
    long long g_ = (long long)(got), w_ = (long long)(want);                                       \
    if (g_ != w_) TEST_FAIL_AT("%s == %lld, expected %lld", #got, g_, w_);                         \
  } while (0)

#define CHECK_STR(got, want)                                                                       \
  do {                                                                                             \
    const char *g_ = (got), *w_ = (want);                                                          \
    if ((g_ == NULL) != (w_ == NULL) || (g_ && strcmp(g_, w_) != 0))                               \
      TEST_FAIL_AT("%s == \"%s\", expected \"%s\"", #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
  } while (0)

static inline int test_report(void) {
  printf("%d passed, %d failed\n", test_passed, test_failed);
  return test_failed ? 1 : 0;
}

#endif
