/*
 * methods.h: the requests the helper answers, shared by every transport.
 *
 * Each method reads its params map and builds its result in the message's
 * arena. The msgpack server (Neovim), the JSON-RPC server (Vim) and the CLI
 * all dispatch through loam_method_find(), so a feature is written once.
 * Methods are documented in doc/loam.txt (*loam-protocol*).
 */
#ifndef LOAM_METHODS_H
#define LOAM_METHODS_H

#include "../common/date.h"
#include "../common/error.h"
#include "../vault/vault.h"
#include "val.h"

typedef struct {
  loam_vault *vault;
  loam_date today; /* LOAM_DATE_NONE: the real today, read per request */
} loam_ctx;

/* Returns 0 and sets *result, or a LOAM_E_* code with err filled. */
typedef int (*loam_method_fn)(loam_ctx *ctx, const loam_val *params, loam_arena *a,
                              loam_val **result, loam_error *err);

typedef struct {
  const char *name;
  loam_method_fn fn;
} loam_method;

const loam_method *loam_method_find(const char *name, size_t len);
/* The error as a result value: {code = "LOAM_E_QUERY", message, line, col}. */
loam_val *loam_error_to_val(loam_arena *a, const loam_error *err);

#endif
