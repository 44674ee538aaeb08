/*
 * fuzz_syntax.c: libFuzzer entry for the line scanners and fuzzy matching.
 *
 * Every input is one line: it is masked for code, scanned for links and
 * tags, parsed as a task, and split in two at its first byte's value to
 * feed the fuzzy matcher a needle and a haystack. Nothing is checked
 * beyond the scanners' own promises (offsets inside the line, no crash);
 * the sanitizers do the rest. Build and run (not part of ctest) as below.
 */
// clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined
//   -o /tmp/fuzz_syntax tests/fuzz/fuzz_syntax.c helper/syntax/*.c helper/match/*.c
//   helper/common/*.c
// /tmp/fuzz_syntax -max_len=4096 tests/fuzz/corpus/syntax
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../helper/common/mem.h"
#include "../../helper/match/fuzzy.h"
#include "../../helper/syntax/codespan.h"
#include "../../helper/syntax/tag.h"
#include "../../helper/syntax/task.h"
#include "../../helper/syntax/wikilink.h"

static size_t S_len;

static void S_link_cb(const loam_link *link, void *ud) {
  (void)ud;
  if (link->col < 1 || link->col - 1 + (size_t)link->len > S_len || !link->target) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *line = (const char *)data;
  unsigned char *mask = loam_xmalloc(size ? size : 1);
  loam_arena arena = {0};
  S_len = size;

  int any = loam_codespan_mask(line, size, mask);
  const unsigned char *skip = any ? mask : NULL;
  loam_wikilink_scan(line, size, 1, skip, &arena, S_link_cb, NULL);

  loam_tag_span span;
  for (size_t at = 0; loam_tag_next(line, size, at, skip, &span); at = span.start + span.len)
    if (span.len < 2 || span.start + span.len > size || line[span.start] != '#') abort();

  loam_task task;
  if (loam_task_parse(line, size, 1, &arena, &task) && (!task.description || !task.text)) abort();

  size_t cut = size ? data[0] % size : 0;
  loam_fuzzy_score(line, cut, line + cut, size - cut);

  loam_arena_free(&arena);
  free(mask);
  return 0;
}
