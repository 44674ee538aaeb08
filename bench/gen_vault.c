/*
 * gen_vault.c: writes a synthetic vault for benchmarks.
 *
 *   loam-gen-vault DIR N [SEED]
 *
 * N notes spread over People/, Meetings/, Topics/ and Daily/ (10% / 40% /
 * 30% / 20%), each with frontmatter (title, aliases, tags, created), a few
 * headings, block ids, 3-12 wikilinks of every form to other notes, inline
 * tags, and 0-6 tasks in the Tasks emoji format with dates spread around
 * 2026-11-25. Deterministic for a given N and SEED, so figures compare.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  uint64_t s;
} S_rng;

static uint32_t S_next(S_rng *r) { /* xorshift64* */
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return (uint32_t)((r->s * 2685821657736338717ULL) >> 32);
}

static uint32_t S_below(S_rng *r, uint32_t n) { return n ? S_next(r) % n : 0; }

static const char *S_words[] = {
    "storage", "roadmap", "sync",    "engine",     "planning", "review",    "budget",    "hiring",
    "design",  "launch",  "pilot",   "gateway",    "cluster",  "inventory", "migration", "security",
    "latency", "backup",  "summit",  "contract",   "vendor",   "pipeline",  "search",    "index",
    "cache",   "quota",   "billing", "onboarding", "release",  "incident",  "capacity",  "audit"};
static const char *S_first[] = {"Mara",  "Teodor", "Søren",  "Ines", "Kwame", "Zoë",   "Aiko",
                                "Bjørn", "Chloé",  "Dmitri", "Elif", "Farah", "Goran", "Hana"};
static const char *S_last[] = {"Okafor", "Lind",   "Ærø",    "Duarte", "Mensah", "Åberg", "Tanaka",
                               "Nilsen", "Moreau", "Petrov", "Yilmaz", "Haddad", "Kovač", "Sato"};
#define COUNT(a) (sizeof(a) / sizeof(*(a)))

/* The title of note i (same function for the note and its linkers). */
static void S_title(uint32_t i, uint32_t n, char *out, size_t size, const char **folder) {
  uint32_t kind = i % 10;
  if (kind == 0) {
    *folder = "People";
    snprintf(out, size, "%s %s %u", S_first[i / 10 % COUNT(S_first)],
             S_last[i / 140 % COUNT(S_last)], i);
  } else if (kind <= 4) {
    *folder = "Meetings";
    snprintf(out, size, "2026-%02u-%02u - %s %s %u", 1 + i % 12, 1 + i % 28,
             S_words[i % COUNT(S_words)], S_words[(i / 7) % COUNT(S_words)], i);
  } else if (kind <= 7) {
    *folder = "Topics";
    snprintf(out, size, "%s %s %u", S_words[(i / 3) % COUNT(S_words)],
             S_words[(i / 5) % COUNT(S_words)], i);
  } else {
    *folder = "Daily";
    snprintf(out, size, "Daily %u", i);
  }
  (void)n;
}

static void S_date(S_rng *r, char *out, size_t size) {
  int day = 25 + (int)S_below(r, 60) - 30; /* around 2026-11-25 */
  int month = 11;
  if (day < 1)
    day += 31, month = 10;
  else if (day > 30)
    day -= 30, month = 12;
  snprintf(out, size, "2026-%02d-%02d", month, day);
}

static void S_task(FILE *f, S_rng *r, uint32_t i) {
  static const char *status[] = {" ", " ", " ", " ", "x", "/", "-"};
  static const char *prio[] = {"", "", "", " 🔺", " ⏫", " 🔼", " 🔽", " ⏬"};
  char d1[16], d2[16];
  S_date(r, d1, sizeof(d1));
  S_date(r, d2, sizeof(d2));
  fprintf(f, "- [%s] %s the %s %s @%s #work%s", status[S_below(r, COUNT(status))],
          S_below(r, 2) ? "Review" : "Draft", S_words[S_below(r, COUNT(S_words))],
          S_words[S_below(r, COUNT(S_words))], S_first[S_below(r, COUNT(S_first))],
          prio[S_below(r, COUNT(prio))]);
  if (S_below(r, 3)) fprintf(f, " 📅 %s", d1);
  if (S_below(r, 2)) fprintf(f, " ➕ %s", d2);
  if (S_below(r, 20) == 0) fprintf(f, " 🔁 every week");
  fprintf(f, "%s\n", i % 97 == 0 ? " ^task-block" : "");
}

static int S_write_note(const char *dir, uint32_t i, uint32_t n, S_rng *r) {
  char title[160], path[1024], other[160];
  const char *folder, *ofolder;
  S_title(i, n, title, sizeof(title), &folder);
  snprintf(path, sizeof(path), "%s/%s/%s.md", dir, folder, title);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "---\ntitle: %s\n", title);
  if (i % 10 == 0) fprintf(f, "aliases:\n  - %s\n", S_first[i / 10 % COUNT(S_first)]);
  fprintf(f, "tags: [type/%s, %s]\ncreated: 2026-%02u-%02u\n---\n\n# %s\n\n", folder,
          S_words[i % COUNT(S_words)], 1 + i % 11, 1 + i % 28, title);
  uint32_t links = 3 + S_below(r, 10);
  fprintf(f, "## Notes\n\n");
  for (uint32_t k = 0; k < links; k++) {
    uint32_t j = S_below(r, n);
    S_title(j, n, other, sizeof(other), &ofolder);
    static const char *forms[] = {"[[%s]]", "[[%s#Notes]]", "[[%s|that note]]", "![[%s]]",
                                  "[[%s^task-block]]"};
    fprintf(f, "- On %s, see ", S_words[S_below(r, COUNT(S_words))]);
    fprintf(f, forms[S_below(r, COUNT(forms))], other);
    fprintf(f, " #%s/%s\n", S_words[S_below(r, COUNT(S_words))], S_words[S_below(r, 8)]);
  }
  fprintf(f, "\nA paragraph about %s with `[[code, not a link]]`. ^para-%u\n\n## Tasks\n\n",
          S_words[S_below(r, COUNT(S_words))], i);
  uint32_t tasks = S_below(r, 7);
  for (uint32_t k = 0; k < tasks; k++) S_task(f, r, i);
  if (i % 10 == 0)
    fprintf(f, "\n```tasks\nnot done\ndescription includes @%s\nsort by due\n```\n",
            S_first[i / 10 % COUNT(S_first)]);
  return fclose(f);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: loam-gen-vault DIR N [SEED]\n");
    return 2;
  }
  const char *dir = argv[1];
  uint32_t n = (uint32_t)strtoul(argv[2], NULL, 10);
  S_rng r = {argc > 3 ? strtoull(argv[3], NULL, 10) | 1 : 0x9E3779B97F4A7C15ULL};
  static const char *folders[] = {"", "/People", "/Meetings", "/Topics", "/Daily"};
  for (size_t k = 0; k < COUNT(folders); k++) {
    char p[1024];
    snprintf(p, sizeof(p), "%s%s", dir, folders[k]);
    if (mkdir(p, 0755) != 0 && errno != EEXIST) {
      perror(p);
      return 1;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    if (S_write_note(dir, i, n, &r) != 0) {
      perror(dir);
      return 1;
    }
  }
  printf("wrote %u notes to %s\n", n, dir);
  return 0;
}
