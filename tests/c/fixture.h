/*
 * fixture.h: a small vault on disk for tests that need real notes.
 *
 *   static const loam_fixture_note notes[] = {{"Work/Plan.md", "# Plan\n"}, ...};
 *   loam_vault *v = loam_fixture_vault(root, sizeof(root), "query", notes, N);
 *   ...
 *   loam_fixture_free(v, root);
 *
 * Folders in the paths are created as needed; the vault is scanned before
 * it is returned; loam_fixture_free() removes the whole folder.
 */
#ifndef LOAM_TEST_FIXTURE_H
#define LOAM_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../helper/vault/vault.h"

typedef struct {
  const char *path; /* vault-relative */
  const char *text;
} loam_fixture_note;

/* mkdir -p for the folders of `path` (everything before its last '/'). */
static void loam_fixture_mkdirs(const char *path) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s", path);
  for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
    *p = '\0';
    mkdir(dir, 0700);
    *p = '/';
  }
}

static loam_vault *loam_fixture_vault(char *root, size_t size, const char *name,
                                      const loam_fixture_note *notes, size_t n) {
  snprintf(root, size, "/tmp/loam-%s-XXXXXX", name);
  if (!mkdtemp(root)) abort();
  char path[512];
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof(path), "%s/%s", root, notes[i].path);
    loam_fixture_mkdirs(path);
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(notes[i].text, f);
    fclose(f);
  }
  loam_vault *v = loam_vault_new(root);
  loam_error err;
  if (loam_vault_scan(v, &err) != 0) abort();
  return v;
}

static void loam_fixture_free(loam_vault *v, const char *root) {
  loam_vault_free(v);
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
}

#endif
