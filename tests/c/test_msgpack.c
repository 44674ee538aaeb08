/* test_msgpack.c: the msgpack codec and the incremental frame reader. */
#include <stdlib.h>
#include <string.h>

#include "../../helper/rpc/msgpack_codec.h"
#include "test.h"

static char *S_json(const loam_val *v) {
  loam_strbuf b = {0};
  loam_val_to_json(v, &b);
  return loam_strbuf_detach(&b);
}

/* Packs v into sb (caller destroys sb). */
static void S_pack(msgpack_sbuffer *sb, const loam_val *v) {
  msgpack_packer pk;
  msgpack_sbuffer_init(sb);
  msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
  loam_mp_pack_val(&pk, v);
}

/* A request [0, id, "complete", [{prefix = "mara"}]]. */
static loam_val *S_request(loam_arena *a, int64_t id) {
  loam_val *msg = loam_val_array(a), *params = loam_val_array(a), *m = loam_val_map(a);
  loam_val_set(a, m, "prefix", loam_val_cstr(a, "mara"));
  loam_val_push(a, params, m);
  loam_val_push(a, msg, loam_val_int(a, 0));
  loam_val_push(a, msg, loam_val_int(a, id));
  loam_val_push(a, msg, loam_val_cstr(a, "complete"));
  loam_val_push(a, msg, params);
  return msg;
}

/* The next message of fr as JSON, or "" when there is none. */
static char *S_next_json(loam_mp_frame *fr, loam_frame_status *st) {
  loam_arena a = {0};
  loam_val *v;
  *st = loam_mp_frame_next(fr, &a, &v);
  char *j = v ? S_json(v) : loam_xstrdup("");
  loam_arena_free(&a);
  return j;
}

TEST(values_survive_a_round_trip) {
  loam_arena a = {0};
  loam_val *msg = loam_val_array(&a), *m = loam_val_map(&a);
  loam_val_set(&a, m, "s", loam_val_cstr(&a, "Søren"));
  loam_val_set(&a, m, "neg", loam_val_int(&a, -5000000000LL));
  loam_val_set(&a, m, "f", loam_val_float(&a, 2.5));
  loam_val_set(&a, m, "t", loam_val_bool(&a, 1));
  loam_val_set(&a, m, "nil", loam_val_nil(&a));
  loam_val_push(&a, msg, m);
  loam_val_push(&a, msg, loam_val_str(&a, "nul\0inside", 10));
  msgpack_sbuffer sb;
  S_pack(&sb, msg);
  loam_mp_frame fr;
  loam_mp_frame_init(&fr);
  loam_mp_frame_feed(&fr, sb.data, sb.size);
  loam_frame_status st;
  char *got = S_next_json(&fr, &st), *want = S_json(msg);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_STR(got, want);
  CHECK_INT(loam_mp_frame_pending(&fr), 0);
  free(got), free(want);
  loam_mp_frame_free(&fr);
  msgpack_sbuffer_destroy(&sb);
  loam_arena_free(&a);
}

TEST(partial_input_waits_for_more_bytes) {
  loam_arena a = {0};
  msgpack_sbuffer sb;
  S_pack(&sb, S_request(&a, 7));
  loam_mp_frame fr;
  loam_mp_frame_init(&fr);
  loam_frame_status st = LOAM_FRAME_NEED_MORE;
  for (size_t i = 0; i < sb.size; i++) {
    CHECK_INT(st, LOAM_FRAME_NEED_MORE);
    loam_mp_frame_feed(&fr, sb.data + i, 1);
    free(S_next_json(&fr, &st));
  }
  CHECK_INT(st, LOAM_FRAME_MSG);
  loam_mp_frame_free(&fr);
  msgpack_sbuffer_destroy(&sb);
  loam_arena_free(&a);
}

TEST(several_messages_in_one_read_come_out_in_order) {
  loam_arena a = {0};
  msgpack_sbuffer one, two;
  S_pack(&one, S_request(&a, 1));
  S_pack(&two, S_request(&a, 2));
  loam_mp_frame fr;
  loam_mp_frame_init(&fr);
  loam_mp_frame_feed(&fr, one.data, one.size);
  loam_mp_frame_feed(&fr, two.data, two.size);
  loam_mp_frame_feed(&fr, two.data, 3); /* and the start of a third */
  loam_frame_status st;
  char *j = S_next_json(&fr, &st);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_STR(j, "[0,1,\"complete\",[{\"prefix\":\"mara\"}]]");
  free(j);
  j = S_next_json(&fr, &st);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_STR(j, "[0,2,\"complete\",[{\"prefix\":\"mara\"}]]");
  free(j);
  free(S_next_json(&fr, &st));
  CHECK_INT(st, LOAM_FRAME_NEED_MORE);
  CHECK_INT(loam_mp_frame_pending(&fr), 3);
  loam_mp_frame_free(&fr);
  msgpack_sbuffer_destroy(&one);
  msgpack_sbuffer_destroy(&two);
  loam_arena_free(&a);
}

/* Feeds raw bytes and returns the JSON of the first message (or ""). */
static char *S_decode_raw(const char *bytes, size_t n, loam_frame_status *st) {
  loam_mp_frame fr;
  loam_mp_frame_init(&fr);
  loam_mp_frame_feed(&fr, bytes, n);
  char *j = S_next_json(&fr, st);
  loam_mp_frame_free(&fr);
  return j;
}

TEST(bin_reads_as_string_ext_as_nil_and_odd_keys_are_dropped) {
  /* [bin "a\xff", fixext1, {1: "x", "k": 2}, uint64 max] */
  static const char raw[] = "\x94\xc4\x02"
                            "a\xff"
                            "\xd4\x01\x05"
                            "\x82\x01\xa1x\xa1k\x02"
                            "\xcf\xff\xff\xff\xff\xff\xff\xff\xff";
  loam_frame_status st;
  char *j = S_decode_raw(raw, sizeof(raw) - 1, &st);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_STR(j, "[\"a\\ufffd\",null,{\"k\":2},1.8446744073709552e+19]");
  free(j);
}

TEST(garbage_is_dropped_up_to_the_next_message) {
  loam_arena a = {0};
  msgpack_sbuffer sb;
  S_pack(&sb, S_request(&a, 5));
  loam_strbuf in = {0};
  loam_strbuf_put(&in, "\xc1\xc1hello", 7);
  loam_strbuf_put(&in, sb.data, sb.size);
  loam_mp_frame fr;
  loam_mp_frame_init(&fr);
  loam_mp_frame_feed(&fr, in.ptr, in.len);
  loam_frame_status st;
  free(S_next_json(&fr, &st));
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
  CHECK_INT(fr.dropped, 7);
  char *j = S_next_json(&fr, &st);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_STR(j, "[0,5,\"complete\",[{\"prefix\":\"mara\"}]]");
  free(j);
  loam_strbuf_free(&in);
  loam_mp_frame_free(&fr);
  msgpack_sbuffer_destroy(&sb);
  loam_arena_free(&a);
}

TEST(a_message_that_is_not_an_array_is_garbage) {
  loam_frame_status st;
  free(S_decode_raw("\x05", 1, &st));
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
  free(S_decode_raw("\x81\xa1k\x01", 4, &st));
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
}

TEST(huge_declared_sizes_are_garbage_not_allocations) {
  loam_frame_status st;
  free(S_decode_raw("\xdd\xff\xff\xff\xff", 5, &st)); /* array of 4G items */
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
  free(S_decode_raw("\x91\xdf\xff\xff\xff\xff", 6, &st)); /* [map of 4G pairs] */
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
  free(S_decode_raw("\x91\xdb\xff\xff\xff\xff", 6, &st)); /* [str of 4 GiB] */
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
  free(S_decode_raw("\x91\xdb\x00\x01\x00\x00", 6, &st)); /* [str of 64 KiB]: wait */
  CHECK_INT(st, LOAM_FRAME_NEED_MORE);
}

TEST(nesting_is_bounded) {
  char deep[LOAM_MP_MAX_DEPTH + 1];
  memset(deep, '\x91', sizeof(deep));
  deep[LOAM_MP_MAX_DEPTH - 1] = '\x90'; /* 32 nested arrays: the limit */
  loam_frame_status st;
  char *j = S_decode_raw(deep, LOAM_MP_MAX_DEPTH, &st);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_INT(strlen(j), 2 * LOAM_MP_MAX_DEPTH);
  free(j);
  deep[LOAM_MP_MAX_DEPTH - 1] = '\x91';
  deep[LOAM_MP_MAX_DEPTH] = '\x90'; /* 33 */
  free(S_decode_raw(deep, LOAM_MP_MAX_DEPTH + 1, &st));
  CHECK_INT(st, LOAM_FRAME_GARBAGE);
}

TEST(every_header_length_is_skimmed_right) {
  /* [str8, bin16, float32, float64, uint16, int32, fixext16, ext8, array16 [nil], map16 {}] */
  static const char raw[] = "\x9a"
                            "\xd9\x01z"
                            "\xc5\x00\x01y"
                            "\xca\x3f\x80\x00\x00"
                            "\xcb\x3f\xf8\x00\x00\x00\x00\x00\x00"
                            "\xcd\x01\x00"
                            "\xd2\xff\xff\xff\xfe"
                            "\xd8\x01"
                            "0123456789abcdef"
                            "\xc7\x02\x01xy"
                            "\xdc\x00\x01\xc0"
                            "\xde\x00\x00";
  loam_frame_status st;
  char *j = S_decode_raw(raw, sizeof(raw) - 1, &st);
  CHECK_INT(st, LOAM_FRAME_MSG);
  CHECK_STR(j, "[\"z\",\"y\",1,1.5,256,-2,null,null,[null],{}]");
  free(j);
  /* Cut anywhere, the same bytes are a partial message. */
  for (size_t n = 1; n < sizeof(raw) - 1; n++) {
    free(S_decode_raw(raw, n, &st));
    if (st != LOAM_FRAME_NEED_MORE) TEST_FAIL_AT("cut at %zu: status %d", n, st);
  }
}

int main(void) {
  RUN(values_survive_a_round_trip);
  RUN(partial_input_waits_for_more_bytes);
  RUN(several_messages_in_one_read_come_out_in_order);
  RUN(bin_reads_as_string_ext_as_nil_and_odd_keys_are_dropped);
  RUN(garbage_is_dropped_up_to_the_next_message);
  RUN(a_message_that_is_not_an_array_is_garbage);
  RUN(huge_declared_sizes_are_garbage_not_allocations);
  RUN(nesting_is_bounded);
  RUN(every_header_length_is_skimmed_right);
  return test_report();
}
