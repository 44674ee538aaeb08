/*
 * bench_complete.c: helper-side latency of the `complete` method.
 *
 *   loam-bench-complete VAULT [ROUNDS]
 *
 * Indexes VAULT (a vault from loam-gen-vault), builds the completion index
 * (timed: the first completion pays for it), then types a set of words the
 * way a user does, one character at a time, and calls `complete` for each
 * prefix exactly as the server does: params map in, result values out,
 * packed as msgpack, arena freed. Prints the percentiles of those calls,
 * overall and per word, and what an edit costs (note_changed with text,
 * then the next completion, of a note or of a note's headings, which
 * resolves the note). Figures only; nothing is asserted.
 *
 * LOAM_BENCH_CPU=1 times the thread's CPU time instead of the wall clock
 * (what a call costs when other processes share the machine);
 * LOAM_BENCH_VERBOSE=MS prints every call slower than MS milliseconds.
 */
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../helper/rpc/methods.h"
#include "../helper/rpc/msgpack_codec.h"
#include "../helper/vault/vault.h"

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: what a call costs without the time other
 * processes took the CPU away (LOAM_BENCH_CPU=1 reports this instead). */
static double S_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double (*S_clock)(void) = S_now;

/* What users type, each typed a character at a time. */
typedef struct {
  const char *context; /* "wikilink", "tag", "markdown" */
  const char *text;
  const char *form;
} S_word;

static const S_word S_words[] = {
    {"wikilink", "mara okafor", "note"},
    {"wikilink", "sync engine", "note"},
    {"wikilink", "storage roadmap", "note"},
    {"wikilink", "Daily 123", "note"},
    {"wikilink", "soren", "note"},
    {"wikilink", "bjorn nilsen", "note"},
    {"wikilink", "kovac", "note"},
    {"wikilink", "teo", "note"},
    {"wikilink", "2026-03 budget", "note"},
    {"wikilink", "incident review", "note"},
    {"wikilink", "People/zoe", "note"},
    {"wikilink", "zzqx", "note"},
    {"wikilink", "Daily 8#no", "headings"},
    {"wikilink", "##notes", "vault headings"},
    {"wikilink", "^^para-12", "vault blocks"},
    {"tag", "sync/", "tag"},
    {"markdown", "mara", "markdown"},
};
#define S_NWORDS (sizeof(S_words) / sizeof(*S_words))

typedef struct {
  double *t;
  size_t n, cap;
} S_times;

static void S_add(S_times *s, double v) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 1024;
    s->t = realloc(s->t, s->cap * sizeof(double));
  }
  s->t[s->n++] = v;
}

static int S_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double S_pct(S_times *s, double p) {
  size_t k = (size_t)(p * (double)s->n + 0.999999);
  if (k < 1) k = 1;
  if (k > s->n) k = s->n;
  return s->t[k - 1];
}

static void S_report(const char *what, S_times *s) {
  if (!s->n) return;
  qsort(s->t, s->n, sizeof(double), S_cmp);
  printf("%-16s %6zu calls  median %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", what,
         s->n, S_pct(s, 0.5), S_pct(s, 0.9), S_pct(s, 0.99), s->t[s->n - 1]);
}

/* One complete call as the server makes it; returns seconds and the count. */
static double S_complete(loam_ctx *ctx, const char *context, const char *prefix, size_t *items) {
  loam_arena a = {0};
  double t0 = S_clock();
  loam_val *params = loam_val_map(&a);
  loam_val_set(&a, params, "prefix", loam_val_cstr(&a, prefix));
  loam_val_set(&a, params, "context", loam_val_cstr(&a, context));
  loam_val_set(&a, params, "path", loam_val_cstr(&a, "People/Mara Okafor 0.md"));
  loam_val_set(&a, params, "limit", loam_val_int(&a, 50));
  loam_val_set(&a, params, "create", loam_val_bool(&a, 1));
  const loam_method *m = loam_method_find("complete", 8);
  loam_val *res = NULL;
  loam_error err = {0};
  if (m->fn(ctx, params, &a, &res, &err) != 0) {
    fprintf(stderr, "complete %s: %s\n", prefix, err.msg);
    exit(1);
  }
  msgpack_sbuffer sb;
  msgpack_sbuffer_init(&sb);
  msgpack_packer pk;
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  loam_mp_pack_val(&pk, res);
  const loam_val *arr = loam_val_get(res, "items");
  *items = arr ? arr->u.a.len : 0;
  msgpack_sbuffer_destroy(&sb);
  loam_arena_free(&a);
  return S_clock() - t0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: loam-bench-complete VAULT [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 20;
  if (getenv("LOAM_BENCH_CPU")) S_clock = S_cpu;
  loam_vault *v = loam_vault_new(argv[1]);
  loam_error err = {0};
  double t0 = S_now();
  if (loam_vault_scan(v, &err) != 0) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  loam_ctx ctx = {v, LOAM_DATE_NONE};
  printf("vault: %zu notes, scanned in %.2f s\n", loam_vault_count(v), S_now() - t0);
  size_t items;
  double first = S_complete(&ctx, "wikilink", "m", &items);
  printf("first completion (builds the index): %.1f ms\n", first * 1e3);

  S_times all = {0}, per[S_NWORDS] = {{0}};
  const char *verbose = getenv("LOAM_BENCH_VERBOSE"); /* print every call slower than this (ms) */
  for (int r = 0; r < rounds; r++) {
    for (size_t w = 0; w < S_NWORDS; w++) {
      const char *text = S_words[w].text;
      char prefix[128];
      for (size_t n = 1; n <= strlen(text); n++) {
        memcpy(prefix, text, n);
        prefix[n] = '\0';
        double s = S_complete(&ctx, S_words[w].context, prefix, &items) * 1e3;
        if (verbose && s > atof(verbose))
          printf("  %.3f ms  %s '%s' (%zu items)\n", s, S_words[w].context, prefix, items);
        S_add(&all, s);
        S_add(&per[w], s);
      }
    }
  }
  printf("complete, %d rounds of typing %zu words a character at a time:\n", rounds, S_NWORDS);
  S_report("all", &all);
  for (size_t w = 0; w < S_NWORDS; w++) {
    char what[64];
    snprintf(what, sizeof(what), "%s", S_words[w].text);
    S_report(what, &per[w]);
    free(per[w].t);
  }

  /* An edit as the editor sends it, then the next completion. */
  S_times upd = {0}, after = {0};
  const loam_note *n0 = loam_vault_note(v, 0);
  char *path = strdup(n0->path);
  for (int r = 0; r < 200; r++) {
    char text[256];
    snprintf(text, sizeof(text), "---\ntitle: Edited %d\n---\n# Heading %d\n[[Daily 8]] #edit/%d\n",
             r, r, r % 7);
    double s = S_clock();
    loam_vault_update(v, path, text, strlen(text), &err);
    S_add(&upd, (S_clock() - s) * 1e3);
    S_add(&after, S_complete(&ctx, "wikilink", r % 2 ? "edit" : "Daily 8#no", &items) * 1e3);
  }
  printf("after edits (note_changed with text, then complete):\n");
  S_report("update", &upd);
  S_report("next complete", &after);
  free(path);
  free(all.t), free(upd.t), free(after.t);
  loam_vault_free(v);
  return 0;
}
