/* status.c: the status table (see status.h). */
#include "status.h"

#include <stdio.h>
#include <string.h>

#include "../common/utf8.h"

static const char *const S_type_names[] = {"IN_PROGRESS", "TODO",      "ON_HOLD",
                                           "DONE",        "CANCELLED", "NON_TASK"};

const char *loam_status_type_name(loam_status_type type) {
  return (unsigned)type <= LOAM_STATUS_NON_TASK ? S_type_names[type] : "TODO";
}

int loam_status_type_parse(const char *s, loam_status_type *out) {
  for (int i = 0; i <= LOAM_STATUS_NON_TASK; i++) {
    const char *n = S_type_names[i];
    size_t k = 0;
    while (n[k] && s[k] && (s[k] >= 'a' && s[k] <= 'z' ? s[k] - 32 : s[k]) == n[k]) k++;
    if (!n[k] && !s[k]) {
      *out = (loam_status_type)i;
      return 0;
    }
  }
  return -1;
}

int loam_status_is_done(loam_status_type type) {
  return type == LOAM_STATUS_DONE || type == LOAM_STATUS_CANCELLED || type == LOAM_STATUS_NON_TASK;
}

/* Exactly one code point (max_cp 1), or at most one (empty allowed). */
static int S_symbol_ok(const char *s, int allow_empty) {
  size_t n = strlen(s);
  if (n == 0) return allow_empty;
  return n <= 4 && loam_utf8_valid_len(s, n) == n;
}

static void S_set(loam_status *st, const char *symbol, const char *name, const char *next,
                  loam_status_type type) {
  snprintf(st->symbol, sizeof(st->symbol), "%s", symbol);
  snprintf(st->next, sizeof(st->next), "%s", next);
  snprintf(st->name, sizeof(st->name), "%s", name);
  st->type = type;
}

void loam_status_table_init(loam_status_table *t) {
  t->len = 0;
  loam_status_table_add(t, " ", "Todo", "x", LOAM_STATUS_TODO);
  loam_status_table_add(t, "x", "Done", " ", LOAM_STATUS_DONE);
  loam_status_table_add(t, "/", "In Progress", "x", LOAM_STATUS_IN_PROGRESS);
  loam_status_table_add(t, "-", "Cancelled", " ", LOAM_STATUS_CANCELLED);
}

int loam_status_table_add(loam_status_table *t, const char *symbol, const char *name,
                          const char *next, loam_status_type type) {
  if (!symbol || !S_symbol_ok(symbol, 0) || !next || !S_symbol_ok(next, 1)) return -1;
  for (size_t i = 0; i < t->len; i++)
    if (strcmp(t->items[i].symbol, symbol) == 0) {
      S_set(&t->items[i], symbol, name ? name : "", next, type);
      return 0;
    }
  if (t->len >= LOAM_STATUS_MAX) return -1;
  S_set(&t->items[t->len++], symbol, name ? name : "", next, type);
  return 0;
}

const loam_status *loam_status_lookup(const loam_status_table *t, const char *symbol,
                                      loam_status *unknown) {
  static loam_status_table defaults;
  static int ready;
  if (!t) {
    if (!ready) loam_status_table_init(&defaults), ready = 1;
    t = &defaults;
  }
  for (size_t i = 0; i < t->len; i++)
    if (strcmp(t->items[i].symbol, symbol) == 0) return &t->items[i];
  S_set(unknown, symbol, "Unknown", "x", LOAM_STATUS_TODO);
  return unknown;
}
