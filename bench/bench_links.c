/*
 * bench_links.c: how long the link methods take inside the helper.
 *
 *   loam-bench-links VAULT [RUNS]
 *
 * Indexes VAULT once (as `loam serve` does), picks the note with the most
 * backlinks, and times, RUNS times each, what the editor asks for while
 * navigating: resolve (the link under the cursor), backlinks, related,
 * unresolved (the whole vault), tags, rename_plan; and the cost of staying
 * current: note_changed with a buffer's text followed by backlinks, which
 * re-resolves every link of the vault (the index resolves lazily). Prints
 * the median wall-clock and CPU times and the best wall-clock time (the
 * CPU time is what a request costs when the machine is busy elsewhere).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../helper/rpc/methods.h"
#include "../helper/vault/vault.h"

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: what a request costs, whatever else the
 * machine is doing. */
static double S_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Calls `method` with params {k1: v1, k2: v2} (NULL keys end the list);
 * returns the number of items in the result's `items` (or -1). */
static long S_call(loam_ctx *ctx, const char *method, const char *k1, const char *v1,
                   const char *k2, const char *v2) {
  loam_arena a = {0};
  loam_val *p = loam_val_map(&a), *res = NULL;
  if (k1) loam_val_set(&a, p, k1, loam_val_cstr(&a, v1));
  if (k2) loam_val_set(&a, p, k2, loam_val_cstr(&a, v2));
  loam_error err = {0};
  const loam_method *m = loam_method_find(method, strlen(method));
  long n = -1;
  if (m->fn(ctx, p, &a, &res, &err) != 0) {
    fprintf(stderr, "bench_links: %s: %s\n", method, err.msg);
    exit(1);
  }
  const loam_val *items = loam_val_get(res, "items");
  if (!items) items = loam_val_get(res, "files");
  if (items && items->type == LOAM_VAL_ARRAY) n = (long)items->u.a.len;
  loam_arena_free(&a);
  return n;
}

typedef struct {
  loam_ctx *ctx;
  const char *method, *k1, *v1, *k2, *v2;
  const char *touch; /* note_changed on this note (its own text) first */
  const char *text;
} S_case;

static void S_bench(const char *label, const S_case *c, int runs) {
  double *t = calloc((size_t)runs, sizeof(double)), *cpu = calloc((size_t)runs, sizeof(double));
  long n = 0;
  for (int i = 0; i < runs; i++) {
    double t0 = S_now(), c0 = S_cpu();
    if (c->touch) loam_vault_update(c->ctx->vault, c->touch, c->text, strlen(c->text), NULL);
    n = S_call(c->ctx, c->method, c->k1, c->v1, c->k2, c->v2);
    t[i] = (S_now() - t0) * 1000.0;
    cpu[i] = (S_cpu() - c0) * 1000.0;
  }
  qsort(t, (size_t)runs, sizeof(double), S_cmp);
  qsort(cpu, (size_t)runs, sizeof(double), S_cmp);
  printf("%-28s %6ld items   median %8.2f ms (cpu %8.2f ms)   best %8.2f ms\n", label, n,
         t[runs / 2], cpu[runs / 2], t[0]);
  free(t);
  free(cpu);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: loam-bench-links VAULT [RUNS]\n");
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 10;
  if (runs < 1) runs = 1;
  loam_vault *v = loam_vault_new(argv[1]);
  loam_error err;
  double t0 = S_now();
  if (loam_vault_scan(v, &err) != 0) {
    fprintf(stderr, "bench_links: %s\n", err.msg);
    return 1;
  }
  loam_vault_resolve_all(v);
  size_t count = loam_vault_count(v), links = 0;
  size_t *in = calloc(count ? count : 1, sizeof(size_t));
  for (size_t i = 0; i < count; i++) {
    const loam_note *n = loam_vault_note(v, i);
    links += n->links.len;
    for (size_t k = 0; k < n->links.len; k++)
      if (n->links.items[k].resolved >= 0) in[n->links.items[k].resolved]++;
  }
  size_t top = 0;
  for (size_t i = 1; i < count; i++)
    if (in[i] > in[top]) top = i;
  const loam_note *hub = loam_vault_note(v, top);
  printf("vault: %zu notes, %zu links, indexed in %.2f s; most linked: %s (%zu backlinks)\n", count,
         links, S_now() - t0, hub->path, in[top]);
  free(in);

  /* A note's text as an editor would send it, for the staying-current case. */
  char *abs = loam_vault_abspath(v, 0);
  FILE *f = fopen(abs, "rb");
  static char text[1 << 16];
  size_t len = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
  text[len] = '\0';
  if (f) fclose(f);
  free(abs);
  const char *first = loam_vault_note(v, 0)->path;

  loam_ctx ctx = {v, LOAM_DATE_NONE};
  char target[1024];
  snprintf(target, sizeof(target), "[[%s#anything]]", hub->stem);
  S_case cases[] = {
      {&ctx, "resolve", "target", target, NULL, NULL, NULL, NULL},
      {&ctx, "backlinks", "path", hub->path, NULL, NULL, NULL, NULL},
      {&ctx, "related", "path", hub->path, NULL, NULL, NULL, NULL},
      {&ctx, "unresolved", NULL, NULL, NULL, NULL, NULL, NULL},
      {&ctx, "tags", NULL, NULL, NULL, NULL, NULL, NULL},
      {&ctx, "rename_plan", "path", hub->path, "new_name", "Bench renamed note", NULL, NULL},
      {&ctx, "backlinks", "path", hub->path, NULL, NULL, first, text},
  };
  const char *labels[] = {"resolve [[hub#heading]]", "backlinks of the hub",
                          "related to the hub",      "unresolved (whole vault)",
                          "tags (whole vault)",      "rename_plan of the hub",
                          "note_changed + backlinks"};
  for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) S_bench(labels[k], &cases[k], runs);
  loam_vault_free(v);
  return 0;
}
