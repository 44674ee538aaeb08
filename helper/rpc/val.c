/*
 * val.c: the codec-neutral value tree (see val.h).
 *
 * Everything lives in the message's arena: values, strings, and the item
 * arrays of arrays and maps. Growing an array allocates a larger block in
 * the arena and leaves the old one behind; that waste is bounded by the
 * doubling and vanishes with the arena, which is freed once per message.
 */
#include "val.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static loam_val *S_new(loam_arena *a, loam_val_type type) {
  loam_val *v = loam_arena_alloc(a, sizeof(*v));
  v->type = type;
  return v;
}

loam_val *loam_val_nil(loam_arena *a) { return S_new(a, LOAM_VAL_NIL); }

loam_val *loam_val_bool(loam_arena *a, int b) {
  loam_val *v = S_new(a, LOAM_VAL_BOOL);
  v->u.b = b != 0;
  return v;
}

loam_val *loam_val_int(loam_arena *a, int64_t i) {
  loam_val *v = S_new(a, LOAM_VAL_INT);
  v->u.i = i;
  return v;
}

loam_val *loam_val_float(loam_arena *a, double f) {
  loam_val *v = S_new(a, LOAM_VAL_FLOAT);
  v->u.f = f;
  return v;
}

loam_val *loam_val_str(loam_arena *a, const char *s, size_t n) {
  loam_val *v = S_new(a, LOAM_VAL_STR);
  v->u.s.ptr = loam_arena_strndup(a, s ? s : "", s ? n : 0);
  v->u.s.len = s ? n : 0;
  return v;
}

loam_val *loam_val_cstr(loam_arena *a, const char *s) {
  return s ? loam_val_str(a, s, strlen(s)) : loam_val_nil(a);
}

loam_val *loam_val_array(loam_arena *a) { return S_new(a, LOAM_VAL_ARRAY); }

loam_val *loam_val_map(loam_arena *a) { return S_new(a, LOAM_VAL_MAP); }

/* Makes room for one more item of `size` bytes in an arena-held array. */
static void *S_grow(loam_arena *a, void *items, size_t len, size_t *cap, size_t size) {
  if (len < *cap) return items;
  size_t ncap = *cap ? *cap * 2 : 4;
  void *fresh = loam_arena_alloc(a, ncap * size);
  if (len) memcpy(fresh, items, len * size);
  *cap = ncap;
  return fresh;
}

void loam_val_push(loam_arena *a, loam_val *array, loam_val *item) {
  if (!array || array->type != LOAM_VAL_ARRAY) return;
  array->u.a.items =
      S_grow(a, array->u.a.items, array->u.a.len, &array->u.a.cap, sizeof(loam_val *));
  array->u.a.items[array->u.a.len++] = item ? item : loam_val_nil(a);
}

void loam_val_set(loam_arena *a, loam_val *map, const char *key, loam_val *val) {
  if (!map || map->type != LOAM_VAL_MAP || !key) return;
  map->u.m.items = S_grow(a, map->u.m.items, map->u.m.len, &map->u.m.cap, sizeof(loam_val_kv));
  loam_val_kv *kv = &map->u.m.items[map->u.m.len++];
  kv->key_len = strlen(key);
  kv->key = loam_arena_strndup(a, key, kv->key_len);
  kv->val = val ? val : loam_val_nil(a);
}

const loam_val *loam_val_get(const loam_val *map, const char *key) {
  if (!map || map->type != LOAM_VAL_MAP || !key) return NULL;
  size_t n = strlen(key);
  for (size_t i = 0; i < map->u.m.len; i++) {
    const loam_val_kv *kv = &map->u.m.items[i];
    if (kv->key_len == n && memcmp(kv->key, key, n) == 0) return kv->val;
  }
  return NULL;
}

const char *loam_val_get_str(loam_arena *a, const loam_val *map, const char *key, size_t *len) {
  const loam_val *v = loam_val_get(map, key);
  if (!v || v->type != LOAM_VAL_STR) return NULL;
  if (len) *len = v->u.s.len;
  return loam_arena_strndup(a, v->u.s.ptr, v->u.s.len);
}

int64_t loam_val_get_int(const loam_val *map, const char *key, int64_t fallback) {
  const loam_val *v = loam_val_get(map, key);
  if (!v) return fallback;
  if (v->type == LOAM_VAL_INT) return v->u.i;
  /* Lua numbers may arrive as floats (1.0): accept integral ones. */
  if (v->type == LOAM_VAL_FLOAT && v->u.f == floor(v->u.f) && fabs(v->u.f) < 9.0e18)
    return (int64_t)v->u.f;
  return fallback;
}

int loam_val_get_bool(const loam_val *map, const char *key, int fallback) {
  const loam_val *v = loam_val_get(map, key);
  return v && v->type == LOAM_VAL_BOOL ? v->u.b : fallback;
}

/* JSON has no NaN or infinities; they become null. The shortest of %.15g and
 * %.17g that reads back exactly keeps 0.1 short and 1/3 exact. */
static void S_json_float(double f, loam_strbuf *out) {
  if (isnan(f) || isinf(f)) {
    loam_strbuf_puts(out, "null");
    return;
  }
  char buf[32];
  snprintf(buf, sizeof(buf), "%.15g", f);
  if (strtod(buf, NULL) != f) snprintf(buf, sizeof(buf), "%.17g", f);
  loam_strbuf_puts(out, buf);
}

void loam_val_to_json(const loam_val *v, loam_strbuf *out) {
  if (!v) {
    loam_strbuf_puts(out, "null");
    return;
  }
  switch (v->type) {
  case LOAM_VAL_NIL: loam_strbuf_puts(out, "null"); break;
  case LOAM_VAL_BOOL: loam_strbuf_puts(out, v->u.b ? "true" : "false"); break;
  case LOAM_VAL_INT: loam_strbuf_printf(out, "%" PRId64, v->u.i); break;
  case LOAM_VAL_FLOAT: S_json_float(v->u.f, out); break;
  case LOAM_VAL_STR: loam_strbuf_put_json_string(out, v->u.s.ptr, v->u.s.len); break;
  case LOAM_VAL_ARRAY:
    loam_strbuf_putc(out, '[');
    for (size_t i = 0; i < v->u.a.len; i++) {
      if (i) loam_strbuf_putc(out, ',');
      loam_val_to_json(v->u.a.items[i], out);
    }
    loam_strbuf_putc(out, ']');
    break;
  case LOAM_VAL_MAP:
    loam_strbuf_putc(out, '{');
    for (size_t i = 0; i < v->u.m.len; i++) {
      if (i) loam_strbuf_putc(out, ',');
      loam_strbuf_put_json_string(out, v->u.m.items[i].key, v->u.m.items[i].key_len);
      loam_strbuf_putc(out, ':');
      loam_val_to_json(v->u.m.items[i].val, out);
    }
    loam_strbuf_putc(out, '}');
    break;
  }
}
