/*
 * bench_query.c: how long a tasks query takes inside the helper.
 *
 *   loam-bench-query VAULT [RUNS]
 *
 * Indexes VAULT once (as `loam serve` does), then times, RUNS times each,
 * parsing and running a few queries over every task of the vault:
 * filter + sort + group (the figure the target is about: < 20 ms on a
 * 100,000-note vault), a query with no filter, and one with several keys.
 * Prints the task counts and the best and median times. Today is fixed to
 * 2026-11-25, the centre of the generated dates.
 *
 * Queries read a task table kept beside the vault: the first query builds
 * it (and ranks the notes' paths), the second grows its working memory, a
 * changed note costs its own records at the next query, an added one its
 * place among the ranked paths and a copy of the records back into path
 * order. Those costs are printed first, then the memory queries keep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../helper/query/query.h"
#include "../helper/vault/vault.h"

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One run of `text`, in ms. */
static double S_once(loam_vault *v, const char *text) {
  loam_query_ctx ctx = {loam_date_from_ymd(2026, 11, 25), NULL, v, NULL};
  loam_error err;
  double t0 = S_now();
  loam_query *q = loam_query_parse(text, strlen(text), &ctx, &err);
  if (!q) {
    fprintf(stderr, "bench_query: %s\n", err.msg);
    exit(1);
  }
  loam_query_result r;
  loam_query_run(q, v, &ctx, &r, &err);
  double t = (S_now() - t0) * 1000.0;
  loam_query_result_free(&r);
  loam_query_free(q);
  return t;
}

static void S_bench(loam_vault *v, const char *label, const char *text, int runs) {
  loam_query_ctx ctx = {loam_date_from_ymd(2026, 11, 25), NULL, v, NULL};
  double *t = calloc((size_t)runs, sizeof(double));
  size_t matched = 0, rows = 0;
  for (int i = 0; i < runs; i++) {
    loam_error err;
    double t0 = S_now();
    loam_query *q = loam_query_parse(text, strlen(text), &ctx, &err);
    if (!q) {
      fprintf(stderr, "bench_query: %s: %s\n", label, err.msg);
      exit(1);
    }
    loam_query_result r;
    loam_query_run(q, v, &ctx, &r, &err);
    t[i] = (S_now() - t0) * 1000.0;
    matched = r.total_matched, rows = r.rows.len;
    loam_query_result_free(&r);
    loam_query_free(q);
  }
  qsort(t, (size_t)runs, sizeof(double), S_cmp);
  printf("%-28s %7zu matched %7zu rows   best %7.2f ms   median %7.2f ms\n", label, matched, rows,
         t[0], t[runs / 2]);
  free(t);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: loam-bench-query VAULT [RUNS]\n");
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 10;
  if (runs < 1) runs = 1;
  loam_vault *v = loam_vault_new(argv[1]);
  loam_error err;
  double t0 = S_now();
  if (loam_vault_scan(v, &err) != 0) {
    fprintf(stderr, "bench_query: %s\n", err.msg);
    return 1;
  }
  size_t tasks = 0;
  for (size_t i = 0; i < loam_vault_count(v); i++) tasks += loam_vault_note(v, i)->tasks.len;
  printf("vault: %zu notes, %zu tasks, indexed in %.2f s\n", loam_vault_count(v), tasks,
         S_now() - t0);
  const char *target = "not done\nsort by due\ngroup by filename";
  printf("%-28s %.2f ms (builds the task table)\n", "first query", S_once(v, target));
  printf("%-28s %.2f ms (its working memory grows)\n", "second query", S_once(v, target));
  if (loam_vault_count(v) > 0) {
    char *path = loam_xstrdup(loam_vault_note(v, loam_vault_count(v) / 2)->path);
    loam_vault_update(v, path, NULL, 0, &err); /* read again from disk: replaced */
    printf("%-28s %.2f ms\n", "after a note changed", S_once(v, target));
    const char *text = "- [ ] a new task 📅 2026-11-30\n";
    loam_vault_update(v, "bench-query-new-note.md", text, strlen(text), &err);
    printf("%-28s %.2f ms\n", "after a note was added", S_once(v, target));
    loam_vault_update(v, "bench-query-new-note.md", NULL, 0, &err); /* not on disk: removed */
    printf("%-28s %.2f ms\n", "after a note was removed", S_once(v, target));
    free(path);
  }
  loam_query_memory_use mem;
  loam_query_memory(v, &mem);
  printf("query memory: task table %.1f MB, ranks %.1f MB, working memory %.1f MB\n",
         mem.table / 1e6, mem.ranks / 1e6, mem.scratch / 1e6);
  S_bench(v, "not done + sort + group", target, runs);
  S_bench(v, "all tasks, sort by priority", "sort by priority", runs);
  S_bench(v, "dates, tags, groups",
          "due before in 14 days\ntags include work\nsort by urgency\nsort by "
          "description\ngroup by folder\ngroup by priority",
          runs);
  S_bench(v, "recurrence group",
          "(is recurring) OR (has due date)\ngroup by recurrence\nlimit groups 5", runs);
  loam_vault_free(v);
  return 0;
}
