/*
 * bench_scan.c: a cold scan against the read floor, in the same run.
 *
 *   loam-bench-scan VAULT [RUNS]
 *
 * The floor is what any indexer must pay: walk the folder and read every
 * note (open, fstat, read, close), on one thread and on as many threads as
 * the scan uses. The scan is loam_vault_scan() followed by resolving every
 * link (what `loam index` does). Each is run RUNS times (default 3),
 * alternating, and the medians of wall-clock and CPU time are printed with
 * the ratio, then the resident memory after one scan (VmRSS, the vault
 * alone and with the completion index and the task table built) against
 * the vault's bytes on disk. The machine may be busy: compare CPU times.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../helper/common/mem.h"
#include "../helper/common/strbuf.h"
#include "../helper/vault/vault.h"
#include "../helper/vault/walk.h"

static double S_clock(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double S_median(double *t, int n) {
  qsort(t, (size_t)n, sizeof(*t), S_cmp);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

typedef struct {
  LOAM_VEC(char *) paths;
} S_found;

static void S_walk_cb(const char *rel, void *ud) {
  S_found *f = ud;
  char *p = loam_xstrdup(rel);
  LOAM_VEC_PUSH(&f->paths, p);
}

typedef struct {
  const char *root;
  const S_found *found;
  size_t first, stride;
  long long bytes;
} S_job;

static void *S_read_job(void *arg) {
  S_job *j = arg;
  loam_strbuf abs = {0};
  for (size_t i = j->first; i < j->found->paths.len; i += j->stride) {
    loam_strbuf_clear(&abs);
    loam_strbuf_puts(&abs, j->root);
    loam_strbuf_putc(&abs, '/');
    loam_strbuf_puts(&abs, j->found->paths.items[i]);
    char *buf;
    size_t len;
    if (loam_read_file(abs.ptr, &buf, &len, NULL, NULL) == 0) {
      j->bytes += (long long)len;
      free(buf);
    }
  }
  loam_strbuf_free(&abs);
  return NULL;
}

/* Walks and reads every note on `threads` threads; returns the bytes read. */
static long long S_floor(const char *root, size_t threads, size_t *notes) {
  S_found found = {0};
  loam_walk(root, S_walk_cb, &found);
  S_job jobs[8];
  pthread_t tids[8];
  for (size_t t = 0; t < threads; t++) jobs[t] = (S_job){root, &found, t, threads, 0};
  for (size_t t = 1; t < threads; t++) pthread_create(&tids[t], NULL, S_read_job, &jobs[t]);
  S_read_job(&jobs[0]);
  long long bytes = jobs[0].bytes;
  for (size_t t = 1; t < threads; t++) pthread_join(tids[t], NULL), bytes += jobs[t].bytes;
  *notes = found.paths.len;
  for (size_t i = 0; i < found.paths.len; i++) free(found.paths.items[i]);
  free(found.paths.items);
  return bytes;
}

/* Resident memory of this process, in bytes (Linux; 0 elsewhere). */
static long long S_rss(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long long kb = 0;
  while (f && fgets(line, sizeof(line), f))
    if (strncmp(line, "VmRSS:", 6) == 0) kb = atoll(line + 6);
  if (f) fclose(f);
  return kb * 1024;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: loam-bench-scan VAULT [RUNS]\n");
    return 2;
  }
  const char *root = argv[1];
  int runs = argc > 2 ? atoi(argv[2]) : 3;
  if (runs < 1) runs = 1;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  size_t threads = cpus > 8 ? 8 : cpus > 1 ? (size_t)cpus : 1;
  double *fw = calloc((size_t)runs, sizeof(double)), *fc = calloc((size_t)runs, sizeof(double));
  double *pw = calloc((size_t)runs, sizeof(double)), *pc = calloc((size_t)runs, sizeof(double));
  double *sw = calloc((size_t)runs, sizeof(double)), *sc = calloc((size_t)runs, sizeof(double));
  size_t notes = 0;
  long long bytes = 0;
  for (int r = 0; r < runs; r++) {
    double w0 = S_clock(CLOCK_MONOTONIC), c0 = S_clock(CLOCK_PROCESS_CPUTIME_ID);
    bytes = S_floor(root, 1, &notes);
    fw[r] = S_clock(CLOCK_MONOTONIC) - w0, fc[r] = S_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
    w0 = S_clock(CLOCK_MONOTONIC), c0 = S_clock(CLOCK_PROCESS_CPUTIME_ID);
    S_floor(root, threads, &notes);
    pw[r] = S_clock(CLOCK_MONOTONIC) - w0, pc[r] = S_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
    loam_vault *v = loam_vault_new(root);
    loam_error err = {0};
    w0 = S_clock(CLOCK_MONOTONIC), c0 = S_clock(CLOCK_PROCESS_CPUTIME_ID);
    if (loam_vault_scan(v, &err) != 0) {
      fprintf(stderr, "loam-bench-scan: %s\n", err.msg);
      return 1;
    }
    loam_vault_resolve_all(v);
    sw[r] = S_clock(CLOCK_MONOTONIC) - w0, sc[r] = S_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
    loam_vault_free(v);
  }
  double f1 = S_median(fw, runs), f1c = S_median(fc, runs);
  double fp = S_median(pw, runs), fpc = S_median(pc, runs);
  double s = S_median(sw, runs), scpu = S_median(sc, runs);
  printf("vault: %zu notes, %.1f MB; %d runs, medians; %zu threads\n", notes, bytes / 1e6, runs,
         threads);
  printf("read floor, 1 thread:   %8.3f s wall %8.3f s cpu\n", f1, f1c);
  printf("read floor, %zu threads:  %8.3f s wall %8.3f s cpu\n", threads, fp, fpc);
  printf("cold scan:              %8.3f s wall %8.3f s cpu\n", s, scpu);
  printf("scan / floor (1 thread): %.1fx wall, %.1fx cpu (target <= 3x)\n", s / f1, scpu / f1c);
  printf("scan / floor (%zu threads): %.1fx wall\n", threads, s / fp);
  long long base = S_rss();
  loam_vault *v = loam_vault_new(root);
  loam_vault_scan(v, NULL);
  loam_vault_resolve_all(v);
  long long rss = S_rss();
  printf("resident after a scan: %.1f MB (%.1f MB before; vault on disk %.1f MB; %.2fx)\n",
         rss / 1e6, base / 1e6, bytes / 1e6, (double)(rss - base) / (double)bytes);
  loam_vault_free(v);
  free(fw), free(fc), free(pw), free(pc), free(sw), free(sc);
  return 0;
}
