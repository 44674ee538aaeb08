/*
 * val.h: a codec-neutral value tree for requests and results.
 *
 * Every RPC method takes its params as a loam_val and builds its result as
 * one, so the msgpack codec (Neovim), the JSON codec (Vim, the CLI's --json)
 * and the CLI all share the same handlers. All values, strings included, are
 * allocated in one arena per message and freed with it: nothing here is
 * freed individually. Map keys are strings; maps keep insertion order.
 */
#ifndef LOAM_VAL_H
#define LOAM_VAL_H

#include <stddef.h>
#include <stdint.h>

#include "../common/mem.h"
#include "../common/strbuf.h"

typedef enum {
  LOAM_VAL_NIL,
  LOAM_VAL_BOOL,
  LOAM_VAL_INT,
  LOAM_VAL_FLOAT,
  LOAM_VAL_STR,
  LOAM_VAL_ARRAY,
  LOAM_VAL_MAP
} loam_val_type;

typedef struct loam_val loam_val;
typedef struct {
  const char *key;
  size_t key_len;
  loam_val *val;
} loam_val_kv;

struct loam_val {
  loam_val_type type;
  union {
    int b;
    int64_t i;
    double f;
    struct {
      const char *ptr;
      size_t len;
    } s; /* not NUL-terminated in
            general; builders add one */
    struct {
      loam_val **items;
      size_t len, cap;
    } a;
    struct {
      loam_val_kv *items;
      size_t len, cap;
    } m;
  } u;
};

/* Builders (all allocate in `a`). Strings are copied. */
loam_val *loam_val_nil(loam_arena *a);
loam_val *loam_val_bool(loam_arena *a, int b);
loam_val *loam_val_int(loam_arena *a, int64_t i);
loam_val *loam_val_float(loam_arena *a, double f);
loam_val *loam_val_str(loam_arena *a, const char *s, size_t n);
loam_val *loam_val_cstr(loam_arena *a, const char *s); /* NULL -> nil */
loam_val *loam_val_array(loam_arena *a);
loam_val *loam_val_map(loam_arena *a);
void loam_val_push(loam_arena *a, loam_val *array, loam_val *item);
/* Sets key (copied) to val; a repeated key is appended again (callers don't). */
void loam_val_set(loam_arena *a, loam_val *map, const char *key, loam_val *val);

/* Getters: NULL / the fallback when absent or of another type. */
const loam_val *loam_val_get(const loam_val *map, const char *key);
/* Returns a NUL-terminated copy in `a` (the value may contain NULs: *len
 * tells), or NULL when the key is absent or not a string. */
const char *loam_val_get_str(loam_arena *a, const loam_val *map, const char *key, size_t *len);
int64_t loam_val_get_int(const loam_val *map, const char *key, int64_t fallback);
int loam_val_get_bool(const loam_val *map, const char *key, int fallback);

/* Appends `v` as compact JSON (strings via loam_strbuf_put_json_string). */
void loam_val_to_json(const loam_val *v, loam_strbuf *out);

#endif
