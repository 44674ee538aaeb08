/* test_val.c: the value tree: builders, getters, and the JSON encoder. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../helper/rpc/val.h"
#include "test.h"

static char *S_json(const loam_val *v) {
  loam_strbuf b = {0};
  loam_val_to_json(v, &b);
  return loam_strbuf_detach(&b);
}

#define CHECK_JSON(v, want)                                                                        \
  do {                                                                                             \
    char *j_ = S_json(v);                                                                          \
    CHECK_STR(j_, want);                                                                           \
    free(j_);                                                                                      \
  } while (0)

TEST(builders_make_every_type) {
  loam_arena a = {0};
  CHECK_INT(loam_val_nil(&a)->type, LOAM_VAL_NIL);
  CHECK_INT(loam_val_bool(&a, 7)->u.b, 1);
  CHECK_INT(loam_val_int(&a, -42)->u.i, -42);
  CHECK(loam_val_float(&a, 0.5)->u.f == 0.5);
  loam_val *s = loam_val_str(&a, "abc", 2);
  CHECK_INT(s->u.s.len, 2);
  CHECK_STR(s->u.s.ptr, "ab"); /* copied and NUL-terminated */
  CHECK_INT(loam_val_cstr(&a, NULL)->type, LOAM_VAL_NIL);
  loam_arena_free(&a);
}

TEST(arrays_and_maps_grow_and_keep_order) {
  loam_arena a = {0};
  loam_val *arr = loam_val_array(&a), *map = loam_val_map(&a);
  char key[16];
  for (int i = 0; i < 100; i++) {
    loam_val_push(&a, arr, loam_val_int(&a, i));
    snprintf(key, sizeof(key), "k%d", i);
    loam_val_set(&a, map, key, loam_val_int(&a, i * 2));
  }
  CHECK_INT(arr->u.a.len, 100);
  CHECK_INT(arr->u.a.items[99]->u.i, 99);
  CHECK_INT(map->u.m.len, 100);
  CHECK_STR(map->u.m.items[0].key, "k0");
  CHECK_INT(loam_val_get_int(map, "k57", -1), 114);
  loam_val_push(&a, arr, NULL); /* NULL is stored as nil */
  CHECK_INT(arr->u.a.items[100]->type, LOAM_VAL_NIL);
  loam_arena_free(&a);
}

TEST(getters_fall_back_on_missing_or_mistyped_keys) {
  loam_arena a = {0};
  loam_val *m = loam_val_map(&a);
  loam_val_set(&a, m, "n", loam_val_int(&a, 3));
  loam_val_set(&a, m, "f", loam_val_float(&a, 4.0));
  loam_val_set(&a, m, "half", loam_val_float(&a, 4.5));
  loam_val_set(&a, m, "s", loam_val_str(&a, "a\0b", 3));
  loam_val_set(&a, m, "b", loam_val_bool(&a, 1));
  CHECK_INT(loam_val_get_int(m, "n", 0), 3);
  CHECK_INT(loam_val_get_int(m, "f", 0), 4); /* Lua sends 4 as 4.0 sometimes */
  CHECK_INT(loam_val_get_int(m, "half", -1), -1);
  CHECK_INT(loam_val_get_int(m, "s", -1), -1);
  CHECK_INT(loam_val_get_int(m, "missing", 9), 9);
  size_t len = 0;
  const char *s = loam_val_get_str(&a, m, "s", &len);
  CHECK_INT(len, 3);
  CHECK(s && memcmp(s, "a\0b", 4) == 0);
  CHECK(loam_val_get_str(&a, m, "n", NULL) == NULL);
  CHECK_INT(loam_val_get_bool(m, "b", 0), 1);
  CHECK_INT(loam_val_get_bool(m, "n", 0), 0);
  CHECK(loam_val_get(NULL, "n") == NULL);
  CHECK(loam_val_get(loam_val_int(&a, 1), "n") == NULL);
  loam_arena_free(&a);
}

TEST(json_encodes_nested_values_compactly) {
  loam_arena a = {0};
  loam_val *m = loam_val_map(&a), *arr = loam_val_array(&a);
  loam_val_push(&a, arr, loam_val_int(&a, 1));
  loam_val_push(&a, arr, loam_val_bool(&a, 0));
  loam_val_push(&a, arr, loam_val_nil(&a));
  loam_val_push(&a, arr, loam_val_float(&a, 0.25));
  loam_val_set(&a, m, "items", arr);
  loam_val_set(&a, m, "empty", loam_val_map(&a));
  loam_val_set(&a, m, "none", loam_val_array(&a));
  CHECK_JSON(m, "{\"items\":[1,false,null,0.25],\"empty\":{},\"none\":[]}");
  CHECK_JSON(NULL, "null");
  CHECK_JSON(loam_val_int(&a, INT64_MIN), "-9223372036854775808");
  loam_arena_free(&a);
}

TEST(json_floats_are_exact_and_never_nan) {
  loam_arena a = {0};
  CHECK_JSON(loam_val_float(&a, 0.1), "0.1");
  CHECK_JSON(loam_val_float(&a, 1.0 / 3.0), "0.33333333333333331");
  CHECK_JSON(loam_val_float(&a, NAN), "null");
  CHECK_JSON(loam_val_float(&a, -INFINITY), "null");
  loam_arena_free(&a);
}

TEST(json_escapes_quotes_controls_and_nul) {
  loam_arena a = {0};
  CHECK_JSON(loam_val_str(&a, "a\"b\\c\n\t\x01", 8), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
  CHECK_JSON(loam_val_str(&a, "x\0y", 3), "\"x\\u0000y\"");
  loam_arena_free(&a);
}

TEST(json_keeps_utf8_and_replaces_invalid_bytes) {
  loam_arena a = {0};
  CHECK_JSON(loam_val_cstr(&a, "Søren Ærø ✅"), "\"Søren Ærø ✅\"");
  CHECK_JSON(loam_val_str(&a,
                          "a\xff"
                          "b\xc3",
                          4),
             "\"a\\ufffdb\\ufffd\"");
  loam_val *m = loam_val_map(&a);
  loam_val_set(&a, m, "k\"\xfe", loam_val_nil(&a));
  CHECK_JSON(m, "{\"k\\\"\\ufffd\":null}");
  loam_arena_free(&a);
}

int main(void) {
  RUN(builders_make_every_type);
  RUN(arrays_and_maps_grow_and_keep_order);
  RUN(getters_fall_back_on_missing_or_mistyped_keys);
  RUN(json_encodes_nested_values_compactly);
  RUN(json_floats_are_exact_and_never_nan);
  RUN(json_escapes_quotes_controls_and_nul);
  RUN(json_keeps_utf8_and_replaces_invalid_bytes);
  return test_report();
}
