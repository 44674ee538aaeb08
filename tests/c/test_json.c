/*
 * test_json.c: the JSON parser and the Content-Length frame reader
 * (helper/rpc/json_codec.c): every kind of value, escapes and invalid UTF-8,
 * the errors with their positions, the limits, pathological inputs, and
 * framing split at every byte.
 */
#include <stdlib.h>
#include <string.h>

#include "../../helper/rpc/json_codec.h"
#include "test.h"

/* Parses text and returns it re-encoded as compact JSON (a new string), or
 * "ERROR line:col: message" when it does not parse. */
static char *S_round(const char *text, size_t len) {
  loam_arena a = {0};
  loam_val *v;
  loam_error err = {0};
  loam_strbuf b = {0};
  if (loam_json_parse(&a, text, len, &v, &err) == 0)
    loam_val_to_json(v, &b);
  else
    loam_strbuf_printf(&b, "ERROR %d:%d: %s", err.line, err.col, err.msg);
  loam_arena_free(&a);
  return loam_strbuf_detach(&b);
}

#define CHECK_JSON(text, want)                                                                     \
  do {                                                                                             \
    char *got_ = S_round((text), strlen(text));                                                    \
    CHECK_STR(got_, (want));                                                                       \
    free(got_);                                                                                    \
  } while (0)

/* The error message for text, without the position prefix. */
#define CHECK_ERROR(text, line, col, what)                                                         \
  do {                                                                                             \
    char want_[256];                                                                               \
    snprintf(want_, sizeof(want_), "ERROR %d:%d: JSON: line %d, col %d: %s", line, col, line, col, \
             what);                                                                                \
    CHECK_JSON(text, want_);                                                                       \
  } while (0)

/* Parses text, which must succeed, into a (the caller frees a). */
static loam_val *S_parse(loam_arena *a, const char *text, size_t len) {
  loam_val *v = NULL;
  if (loam_json_parse(a, text, len, &v, NULL) != 0) TEST_FAIL_AT("'%s' does not parse", text);
  return v;
}

/* ---- values ------------------------------------------------------------ */

TEST(every_kind_of_value_reads_and_writes_back) {
  CHECK_JSON(" { \"a\" : 1 , \"b\" : [ true , false , null ] , \"c\" : { } , \"d\" : [ ] } ",
             "{\"a\":1,\"b\":[true,false,null],\"c\":{},\"d\":[]}");
  CHECK_JSON("\"text\"", "\"text\"");
  CHECK_JSON("-0", "0");
  CHECK_JSON("\t\r\n42\n", "42");
  CHECK_JSON("[-2.5,0.125,1e2,1E-2,2e+3]", "[-2.5,0.125,100,0.01,2000]");
}

TEST(map_keys_keep_their_order_and_the_first_of_a_repeated_key_wins) {
  loam_arena a = {0};
  const char text[] = "{\"z\":1,\"a\":2,\"z\":3}";
  loam_val *v = S_parse(&a, text, strlen(text));
  CHECK_INT(v ? v->u.m.len : 0, 3);
  CHECK_STR(v ? v->u.m.items[0].key : NULL, "z");
  CHECK_INT(loam_val_get_int(v, "z", 0), 1);
  loam_arena_free(&a);
}

TEST(integers_that_fit_int64_stay_integers) {
  loam_arena a = {0};
  const char *ints[] = {"9223372036854775807", "-9223372036854775808", "0", "-7"};
  const int64_t want[] = {INT64_MAX, INT64_MIN, 0, -7};
  for (int i = 0; i < 4; i++) {
    loam_val *v = S_parse(&a, ints[i], strlen(ints[i]));
    CHECK_INT(v ? (int)v->type : -1, LOAM_VAL_INT);
    CHECK(v && v->u.i == want[i]);
  }
  const char *floats[] = {"9223372036854775808", "-9223372036854775809", "1.0", "1e0"};
  const double fwant[] = {9223372036854775808.0, -9223372036854775809.0, 1.0, 1.0};
  for (int i = 0; i < 4; i++) {
    loam_val *v = S_parse(&a, floats[i], strlen(floats[i]));
    CHECK_INT(v ? (int)v->type : -1, LOAM_VAL_FLOAT);
    CHECK(v && v->u.f == fwant[i]);
  }
  loam_arena_free(&a);
}

TEST(string_escapes_become_their_bytes) {
  loam_arena a = {0};
  const char text[] = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t e\\u00e9 snow\\u2603 x\"";
  loam_val *v = S_parse(&a, text, strlen(text));
  CHECK_STR(v ? v->u.s.ptr : NULL, "q\" b\\ s/ \b\f\n\r\t e\xc3\xa9 snow\xe2\x98\x83 x");
  loam_arena_free(&a);
}

TEST(a_surrogate_pair_is_one_code_point_and_a_lone_one_is_a_replacement) {
  loam_arena a = {0};
  const char *in[] = {"\"\\ud83d\\ude00\"", "\"\\uD83D\\uDE00\"", "\"\\ud800\"", "\"\\udc00x\"",
                      "\"\\ud800\\u0041\""};
  const char *want[] = {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xef\xbf\xbdx",
                        "\xef\xbf\xbd"
                        "A"};
  for (int i = 0; i < 5; i++) {
    loam_val *v = S_parse(&a, in[i], strlen(in[i]));
    CHECK_STR(v ? v->u.s.ptr : NULL, want[i]);
  }
  loam_arena_free(&a);
}

TEST(u0000_is_a_nul_inside_a_counted_string) {
  loam_arena a = {0};
  const char text[] = "[\"a\\u0000b\"]";
  loam_val *v = S_parse(&a, text, strlen(text));
  const loam_val *s = v && v->u.a.len == 1 ? v->u.a.items[0] : NULL;
  CHECK_INT(s ? s->u.s.len : 0, 3);
  CHECK(s && memcmp(s->u.s.ptr, "a\0b", 3) == 0);
  loam_arena_free(&a);
}

TEST(invalid_utf8_in_a_string_is_kept_byte_for_byte) {
  loam_arena a = {0};
  /* Latin-1 "café" as Vim's json_encode() sends it, a lone continuation
   * byte, and a truncated sequence. */
  const char text[] = "[\"caf\xe9\", \"\x80\", \"ab\xe2\x98\"]";
  loam_val *v = S_parse(&a, text, strlen(text));
  CHECK_INT(v ? v->u.a.len : 0, 3);
  if (v && v->u.a.len == 3) {
    CHECK_STR(v->u.a.items[0]->u.s.ptr, "caf\xe9");
    CHECK_STR(v->u.a.items[1]->u.s.ptr, "\x80");
    CHECK_STR(v->u.a.items[2]->u.s.ptr, "ab\xe2\x98");
  }
  loam_arena_free(&a);
  /* and written back as valid JSON */
  CHECK_JSON("\"caf\xe9\"", "\"caf\\ufffd\"");
}

/* ---- errors ------------------------------------------------------------ */

TEST(what_is_not_json_is_an_error_with_its_position) {
  CHECK_ERROR("", 1, 1, "expected a value");
  CHECK_ERROR("   ", 1, 4, "expected a value");
  CHECK_ERROR("[1,2,]", 1, 6, "expected a value");
  CHECK_ERROR("{\"a\":1,}", 1, 8, "expected a string key");
  CHECK_ERROR("[1,\n  2,,3]", 2, 5, "expected a value");
  CHECK_ERROR("{\"a\" 1}", 1, 6, "expected ':'");
  CHECK_ERROR("{'a':1}", 1, 2, "expected a string key");
  CHECK_ERROR("[1 2]", 1, 4, "expected ',' or ']'");
  CHECK_ERROR("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}'");
  CHECK_ERROR("01", 1, 1, "a number may not start with 0");
  CHECK_ERROR("-", 1, 2, "expected a value");
  CHECK_ERROR("1.", 1, 3, "expected digits after '.'");
  CHECK_ERROR(".5", 1, 1, "expected a value");
  CHECK_ERROR("1e", 1, 3, "expected digits in the exponent");
  CHECK_ERROR("+1", 1, 1, "expected a value");
  CHECK_ERROR("NaN", 1, 1, "expected a value");
  CHECK_ERROR("tru", 1, 1, "expected a value");
  CHECK_ERROR("nul", 1, 1, "expected a value");
  CHECK_ERROR("[1] x", 1, 5, "text after the value");
  CHECK_ERROR("{} {}", 1, 4, "text after the value");
  CHECK_ERROR("\"abc", 1, 5, "unterminated string");
  CHECK_ERROR("\"a\\", 1, 4, "unterminated string");
  CHECK_ERROR("\"a\tb\"", 1, 3, "control character in a string (escape it)");
  CHECK_ERROR("\"a\\qb\"", 1, 4, "unknown escape in a string");
  CHECK_ERROR("\"\\u12\"", 1, 4, "\\u needs four hex digits");
  CHECK_ERROR("\"\\u12g4\"", 1, 4, "\\u needs four hex digits");
  CHECK_ERROR("\xef\xbb\xbf{}", 1, 1, "expected a value"); /* a BOM */
}

TEST(the_parser_never_reads_past_the_length_it_is_given) {
  /* "[1]" followed by bytes that must not be seen */
  char *got = S_round("[1]garbage", 3);
  CHECK_STR(got, "[1]");
  free(got);
  got = S_round("\"abc\"", 4); /* the closing quote is outside */
  CHECK_STR(got, "ERROR 1:5: JSON: line 1, col 5: unterminated string");
  free(got);
  got = S_round("true", 3);
  CHECK_STR(got, "ERROR 1:1: JSON: line 1, col 1: expected a value");
  free(got);
}

/* ---- limits and pathological inputs ------------------------------------ */

static char *S_nested(int depth) {
  char *s = malloc((size_t)depth * 2 + 1);
  for (int i = 0; i < depth; i++) s[i] = '[', s[depth + i] = ']';
  s[depth * 2] = '\0';
  return s;
}

TEST(nesting_is_limited_to_32_levels) {
  char *ok = S_nested(LOAM_JSON_MAX_DEPTH), *deep = S_nested(LOAM_JSON_MAX_DEPTH + 1);
  char *got = S_round(ok, strlen(ok));
  CHECK_STR(got, ok);
  free(got);
  CHECK_ERROR(deep, 1, 33, "nested deeper than 32 levels");
  free(ok), free(deep);
  /* A million opening brackets stop at the limit, not in a stack overflow. */
  size_t n = 1000000;
  char *brackets = malloc(n);
  memset(brackets, '[', n);
  got = S_round(brackets, n);
  CHECK_STR(got, "ERROR 1:33: JSON: line 1, col 33: nested deeper than 32 levels");
  free(got), free(brackets);
}

TEST(huge_strings_and_arrays_parse_in_one_pass) {
  size_t n = 8u << 20; /* an 8 MiB string with an escape every 1000 bytes */
  char *text = malloc(n + 3);
  text[0] = '"';
  for (size_t i = 1; i <= n; i++) text[i] = i % 1000 == 0 ? '\\' : 'x';
  text[n] = 'x'; /* no escape right before the quote */
  for (size_t i = 1000; i < n; i += 1000) text[i + 1] = 'n';
  text[n + 1] = '"';
  loam_arena a = {0};
  loam_val *v = S_parse(&a, text, n + 2);
  CHECK_INT(v ? v->u.s.len : 0, n - (n - 1) / 1000);
  loam_arena_free(&a);
  free(text);
  /* 200000 items */
  loam_strbuf b = {0};
  loam_strbuf_putc(&b, '[');
  for (int i = 0; i < 200000; i++) loam_strbuf_printf(&b, "%s%d", i ? "," : "", i);
  loam_strbuf_putc(&b, ']');
  v = S_parse(&a, b.ptr, b.len);
  CHECK_INT(v ? v->u.a.len : 0, 200000);
  CHECK_INT(v && v->u.a.len == 200000 ? v->u.a.items[199999]->u.i : 0, 199999);
  loam_arena_free(&a);
  loam_strbuf_free(&b);
}

TEST(random_bytes_never_crash_the_parser) {
  /* Mutations of a request, and noise from the JSON alphabet: each either
   * parses or fails with a position inside the text. */
  static const char alphabet[] = "{}[]\",:0123456789.eE+-\\u truefalsn\x80\xff\n";
  const char seed[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"complete\",\"params\":"
                      "{\"prefix\":\"Ma\\u00e9\",\"limit\":5.5e1,\"x\":[null,true,{}]}}";
  unsigned state = 12345;
  for (int round = 0; round < 20000; round++) {
    char buf[sizeof(seed) + 8];
    size_t n = sizeof(seed) - 1;
    memcpy(buf, seed, n);
    if (round % 2) {
      n = 1 + (state % (sizeof(buf) - 1));
      for (size_t i = 0; i < n; i++) {
        state = state * 1103515245u + 12345u;
        buf[i] = alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
      }
    } else {
      for (int k = 0; k < 3; k++) {
        state = state * 1103515245u + 12345u;
        buf[(state >> 8) % n] = alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
      }
    }
    loam_arena a = {0};
    loam_val *v;
    loam_error err = {0};
    if (loam_json_parse(&a, buf, n, &v, &err) != 0) {
      if (err.line < 1 || err.col < 1 || (size_t)err.col > n + 1) {
        TEST_FAIL_AT("round %d: error position %d:%d in %zu bytes", round, err.line, err.col, n);
        round = 20000;
      }
    } else if (!v) {
      TEST_FAIL_AT("round %d: success without a value", round);
      round = 20000;
    }
    loam_arena_free(&a);
  }
}

/* ---- framing ----------------------------------------------------------- */

static const char S_MSG[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats\"}";

/* The next message of fr as JSON, or "" when there is none. */
static char *S_next(loam_json_frame *fr, loam_json_frame_status *st) {
  loam_arena a = {0};
  loam_val *v;
  loam_strbuf b = {0};
  *st = loam_json_frame_next(fr, &a, &v);
  if (v) loam_val_to_json(v, &b);
  loam_arena_free(&a);
  return b.ptr ? loam_strbuf_detach(&b) : loam_xstrdup("");
}

#define CHECK_NEXT(fr, want_status, want_json)                                                     \
  do {                                                                                             \
    loam_json_frame_status st_;                                                                    \
    char *j_ = S_next((fr), &st_);                                                                 \
    CHECK_INT(st_, (want_status));                                                                 \
    CHECK_STR(j_, (want_json));                                                                    \
    free(j_);                                                                                      \
  } while (0)

static void S_frame(loam_strbuf *b, const char *body) {
  loam_strbuf_printf(b, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
}

TEST(frame_write_puts_the_length_before_the_body) {
  loam_arena a = {0};
  loam_val *m = loam_val_map(&a);
  loam_val_set(&a, m, "jsonrpc", loam_val_cstr(&a, "2.0"));
  loam_val_set(&a, m, "id", loam_val_int(&a, 7));
  loam_val_set(&a, m, "result", loam_val_cstr(&a, "é"));
  loam_strbuf b = {0};
  loam_json_frame_write(&b, m);
  CHECK_STR(b.ptr,
            "Content-Length: 38\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"\xc3\xa9\"}");
  loam_strbuf_free(&b);
  loam_arena_free(&a);
}

TEST(a_message_fed_byte_by_byte_comes_out_once_whole) {
  loam_strbuf b = {0};
  S_frame(&b, S_MSG);
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  for (size_t i = 0; i + 1 < b.len; i++) {
    loam_json_frame_feed(&fr, b.ptr + i, 1);
    CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  }
  loam_json_frame_feed(&fr, b.ptr + b.len - 1, 1);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, S_MSG);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  CHECK_INT(loam_json_frame_pending(&fr), 0);
  loam_json_frame_free(&fr);
  loam_strbuf_free(&b);
}

TEST(several_messages_in_one_read_come_out_in_order) {
  loam_strbuf b = {0};
  S_frame(&b, "[1]");
  S_frame(&b, "[2]");
  loam_strbuf_puts(&b, "Content-Length: 3\r\n\r\n[3");
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  loam_json_frame_feed(&fr, b.ptr, b.len);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "[1]");
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "[2]");
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  loam_json_frame_feed(&fr, "]", 1);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "[3]");
  loam_json_frame_free(&fr);
  loam_strbuf_free(&b);
}

TEST(header_names_ignore_case_other_headers_are_skipped_and_lf_is_accepted) {
  const char in[] = "content-length:2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8"
                    "\r\n\r\n{}"
                    "CONTENT-LENGTH:   4  \n\n[12]"
                    "\r\n\r\nContent-Length: 1\r\n\r\n5";
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  loam_json_frame_feed(&fr, in, sizeof(in) - 1);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "{}");
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "[12]");
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "5"); /* blank lines between messages are skipped */
  loam_json_frame_free(&fr);
}

TEST(a_body_that_is_not_json_is_consumed_and_reported_with_its_position) {
  loam_strbuf b = {0};
  S_frame(&b, "{\"a\":\n nope}");
  S_frame(&b, "[1]");
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  loam_json_frame_feed(&fr, b.ptr, b.len);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_BAD_JSON, "");
  CHECK_INT(fr.err.line, 2);
  CHECK_INT(fr.err.col, 2);
  CHECK_STR(fr.err.msg, "JSON: line 2, col 2: expected a value");
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "[1]");
  /* An empty body is no JSON either. */
  loam_json_frame_feed(&fr, "Content-Length: 0\r\n\r\n", 21);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_BAD_JSON, "");
  loam_json_frame_free(&fr);
  loam_strbuf_free(&b);
}

/* Feeds `bad` then a good message; the reader must drop what it has to
 * (reporting why) and then hand out the good one. */
static void S_check_resync(const char *bad, size_t len, const char *why) {
  loam_strbuf b = {0};
  loam_strbuf_put(&b, bad, len);
  S_frame(&b, "[\"good\"]");
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  loam_json_frame_feed(&fr, b.ptr, b.len);
  loam_json_frame_status st;
  char *j = S_next(&fr, &st);
  CHECK_INT(st, LOAM_JSON_FRAME_BAD_HEADER);
  CHECK_STR(fr.err.msg, why);
  free(j);
  int rounds = 0;
  while ((j = S_next(&fr, &st)), st == LOAM_JSON_FRAME_BAD_HEADER && rounds++ < 1000) free(j);
  CHECK_INT(st, LOAM_JSON_FRAME_MSG);
  CHECK_STR(j, "[\"good\"]");
  free(j);
  loam_json_frame_free(&fr);
  loam_strbuf_free(&b);
}

TEST(unusable_headers_are_dropped_up_to_the_next_content_length) {
  const char *json_only = "{\"jsonrpc\":\"2.0\",\"id\":1}";
  S_check_resync(json_only, strlen(json_only), "not a header line");
  const char *no_len = "Content-Type: x\r\n\r\n{}";
  S_check_resync(no_len, strlen(no_len), "no Content-Length header");
  const char *not_num = "Content-Length: 12a\r\n\r\n";
  S_check_resync(not_num, strlen(not_num), "Content-Length is not a number");
  const char *empty = "Content-Length:\r\n\r\n";
  S_check_resync(empty, strlen(empty), "Content-Length is empty");
  const char *two = "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}";
  S_check_resync(two, strlen(two), "two different Content-Length headers");
  const char *huge = "Content-Length: 67108865\r\n\r\n";
  S_check_resync(huge, strlen(huge), "Content-Length is over the 64 MiB limit");
  const char *no_colon = "Hello there\r\n\r\n";
  S_check_resync(no_colon, strlen(no_colon), "not a header line");
  char binary[] = "\x00\x01\x02 Content-Len \xff";
  S_check_resync(binary, sizeof(binary) - 1, "not a header line");
  /* Header lines that never end: dropped once past 4096 bytes. */
  char *long_hdr = malloc(5000);
  memcpy(long_hdr, "X-Pad: ", 7);
  memset(long_hdr + 7, 'p', 5000 - 7);
  S_check_resync(long_hdr, 5000, "headers longer than 4096 bytes");
  free(long_hdr);
}

TEST(a_partial_header_waits_and_a_partial_content_length_is_kept_across_garbage) {
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  loam_json_frame_feed(&fr, "Content-Len", 11);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  loam_json_frame_feed(&fr, "gth: 2\r", 7);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  loam_json_frame_feed(&fr, "\n\r", 2);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  loam_json_frame_feed(&fr, "\n[", 2);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  loam_json_frame_feed(&fr, "]", 1);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "[]");
  /* garbage, then the start of a header arriving in pieces */
  loam_json_frame_feed(&fr, "oops?cOnTeNt-", 13);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_BAD_HEADER, "");
  CHECK_INT(fr.dropped, 5);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_NEED_MORE, "");
  loam_json_frame_feed(&fr, "length: 1\r\n\r\n7", 14);
  CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, "7");
  loam_json_frame_free(&fr);
}

TEST(the_buffer_does_not_grow_over_a_long_session) {
  loam_strbuf b = {0};
  S_frame(&b, S_MSG);
  loam_json_frame fr;
  loam_json_frame_init(&fr);
  for (int i = 0; i < 10000; i++) {
    loam_json_frame_feed(&fr, b.ptr, b.len);
    CHECK_NEXT(&fr, LOAM_JSON_FRAME_MSG, S_MSG);
  }
  CHECK(fr.buf.cap < 4 * b.len + 64);
  loam_json_frame_free(&fr);
  loam_strbuf_free(&b);
}

int main(void) {
  RUN(every_kind_of_value_reads_and_writes_back);
  RUN(map_keys_keep_their_order_and_the_first_of_a_repeated_key_wins);
  RUN(integers_that_fit_int64_stay_integers);
  RUN(string_escapes_become_their_bytes);
  RUN(a_surrogate_pair_is_one_code_point_and_a_lone_one_is_a_replacement);
  RUN(u0000_is_a_nul_inside_a_counted_string);
  RUN(invalid_utf8_in_a_string_is_kept_byte_for_byte);
  RUN(what_is_not_json_is_an_error_with_its_position);
  RUN(the_parser_never_reads_past_the_length_it_is_given);
  RUN(nesting_is_limited_to_32_levels);
  RUN(huge_strings_and_arrays_parse_in_one_pass);
  RUN(random_bytes_never_crash_the_parser);
  RUN(frame_write_puts_the_length_before_the_body);
  RUN(a_message_fed_byte_by_byte_comes_out_once_whole);
  RUN(several_messages_in_one_read_come_out_in_order);
  RUN(header_names_ignore_case_other_headers_are_skipped_and_lf_is_accepted);
  RUN(a_body_that_is_not_json_is_consumed_and_reported_with_its_position);
  RUN(unusable_headers_are_dropped_up_to_the_next_content_length);
  RUN(a_partial_header_waits_and_a_partial_content_length_is_kept_across_garbage);
  RUN(the_buffer_does_not_grow_over_a_long_session);
  return test_report();
}
