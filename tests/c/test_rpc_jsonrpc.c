/*
 * test_rpc_jsonrpc.c: `loam serve --protocol jsonrpc` driven over pipes the
 * way Vim's `lsp` channel mode drives it: JSON-RPC 2.0 messages framed by
 * `Content-Length` headers.
 *
 * The bytes sent are written out by hand (not produced by the helper's own
 * encoder), so a mistake shared by encoder and parser would show. Answers
 * are read with the helper's frame reader and checked field by field. Each
 * test spawns $LOAM_BIN on $LOAM_EXAMPLES (or a scratch vault) with --today
 * 2026-11-25 and ends by closing stdin and checking the exit status is 0,
 * which under the _asan variant also means LeakSanitizer found nothing.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../helper/rpc/json_codec.h"
#include "test.h"

#define S_TIMEOUT_MS 10000
#define S_QUIET_MS 300 /* how long "no answer" is waited for */

typedef struct {
  pid_t pid;
  int to, from; /* the server's stdin and stdout */
  loam_json_frame frame;
  loam_arena arena; /* every received value, freed at the end */
  loam_val *events; /* notifications from the server, set aside */
  char log[64];
} S_client;

static const char *S_bin(void) {
  const char *b = getenv("LOAM_BIN");
  return b ? b : "../../build/bin/loam";
}

static const char *S_examples(void) {
  const char *v = getenv("LOAM_EXAMPLES");
  return v ? v : "../../../shared/examples/vault";
}

static void S_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static int S_start(S_client *c, const char *vault) {
  int in[2], out[2];
  memset(c, 0, sizeof(*c));
  snprintf(c->log, sizeof(c->log), "/tmp/loam-test-jsonrpc-%d.log", (int)getpid());
  if (pipe(in) != 0 || pipe(out) != 0) return 0;
  c->pid = fork();
  if (c->pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    execl(S_bin(), "loam", "serve", "--protocol", "jsonrpc", "--vault", vault, "--today",
          "2026-11-25", "--log", c->log, (char *)NULL);
    _exit(127);
  }
  close(in[0]), close(out[1]);
  c->to = in[1], c->from = out[0];
  loam_json_frame_init(&c->frame);
  return c->pid > 0;
}

#define S_START(c, vault)                                                                          \
  do {                                                                                             \
    if (!S_start((c), (vault))) {                                                                  \
      TEST_FAIL_AT("cannot spawn %s", S_bin());                                                    \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

static void S_write(S_client *c, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t k = write(c->to, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return;
    p += k, n -= (size_t)k;
  }
}

/* Writes `body` with its Content-Length header, in one write. */
static void S_send_body(S_client *c, const char *body) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
  S_write(c, b.ptr, b.len);
  loam_strbuf_free(&b);
}

/* Whether v is a notification (a method and no id). */
static int S_is_notification(const loam_val *v) {
  return v->type == LOAM_VAL_MAP && loam_val_get(v, "method") && !loam_val_get(v, "id");
}

/* Waits up to ms for the next message that is not a notification
 * (notifications go to c->events); NULL on timeout or end of output. */
static loam_val *S_recv_within(S_client *c, int ms) {
  for (;;) {
    loam_val *v;
    loam_json_frame_status st = loam_json_frame_next(&c->frame, &c->arena, &v);
    if (st == LOAM_JSON_FRAME_MSG && S_is_notification(v)) {
      if (!c->events) c->events = loam_val_array(&c->arena);
      loam_val_push(&c->arena, c->events, v);
      continue;
    }
    if (st == LOAM_JSON_FRAME_MSG) return v;
    if (st != LOAM_JSON_FRAME_NEED_MORE) {
      TEST_FAIL_AT("the server wrote a bad message: %s", c->frame.err.msg);
      continue;
    }
    struct pollfd p = {c->from, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return NULL;
    char buf[65536];
    ssize_t n = read(c->from, buf, sizeof(buf));
    if (n <= 0) return NULL;
    loam_json_frame_feed(&c->frame, buf, (size_t)n);
  }
}

static loam_val *S_recv(S_client *c) {
  loam_val *v = S_recv_within(c, S_TIMEOUT_MS);
  if (!v) TEST_FAIL_AT("no message from the server within %d ms", S_TIMEOUT_MS);
  return v;
}

static const loam_val *S_at(const loam_val *v, size_t i) {
  return v && v->type == LOAM_VAL_ARRAY && i < v->u.a.len ? v->u.a.items[i] : NULL;
}

static size_t S_len(const loam_val *v) { return v && v->type == LOAM_VAL_ARRAY ? v->u.a.len : 0; }

static const char *S_str(S_client *c, const loam_val *map, const char *key) {
  return loam_val_get_str(&c->arena, map, key, NULL);
}

/* A response object to integer id `id` (id < 0: to null): checks the
 * envelope and returns the message, or NULL. */
static const loam_val *S_response(S_client *c, const loam_val *msg, int64_t id) {
  if (!msg || msg->type != LOAM_VAL_MAP) {
    TEST_FAIL_AT("expected a response to %lld", (long long)id);
    return NULL;
  }
  CHECK_STR(S_str(c, msg, "jsonrpc"), "2.0");
  const loam_val *got = loam_val_get(msg, "id");
  if (id < 0)
    CHECK(got && got->type == LOAM_VAL_NIL);
  else
    CHECK(got && got->type == LOAM_VAL_INT && got->u.i == id);
  CHECK((loam_val_get(msg, "result") == NULL) != (loam_val_get(msg, "error") == NULL));
  CHECK(loam_val_get(msg, "method") == NULL);
  return msg;
}

/* Sends a request with id and params (a JSON text, or NULL for none) and
 * returns its result, failing the test when it is an error. */
static const loam_val *S_call(S_client *c, int64_t id, const char *method, const char *params) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"method\":\"%s\"%s%s}", (long long)id,
                     method, params ? ",\"params\":" : "", params ? params : "");
  S_send_body(c, b.ptr);
  loam_strbuf_free(&b);
  const loam_val *msg = S_response(c, S_recv(c), id);
  const loam_val *err = msg ? loam_val_get(msg, "error") : NULL;
  if (err) TEST_FAIL_AT("%s failed: %s", method, S_str(c, err, "message"));
  return msg && !err ? loam_val_get(msg, "result") : NULL;
}

/* Reads the next message, which must be an error response to id (id < 0:
 * null) with JSON-RPC code `code`, and returns its `data` (loam's error). */
static const loam_val *S_error(S_client *c, int64_t id, int64_t code) {
  const loam_val *msg = S_response(c, S_recv(c), id);
  const loam_val *err = msg ? loam_val_get(msg, "error") : NULL;
  if (!err) {
    TEST_FAIL_AT("expected an error response to %lld", (long long)id);
    return NULL;
  }
  CHECK_INT(loam_val_get_int(err, "code", 0), code);
  const loam_val *data = loam_val_get(err, "data");
  CHECK(data && data->type == LOAM_VAL_MAP);
  CHECK_STR(S_str(c, err, "message"), S_str(c, data, "message"));
  return data;
}

/* Closes stdin and checks the server exits 0 within the timeout. */
static void S_stop(S_client *c) {
  close(c->to);
  int status = -1;
  for (int waited = 0; waited < S_TIMEOUT_MS; waited += 10) {
    if (waitpid(c->pid, &status, WNOHANG) == c->pid) break;
    S_sleep_ms(10);
  }
  if (status == -1) {
    TEST_FAIL_AT("the server did not exit after stdin closed");
    kill(c->pid, SIGKILL);
    waitpid(c->pid, &status, 0);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    TEST_FAIL_AT("the server exited with status %d (see %s)", status, c->log);
  }
  close(c->from);
  loam_json_frame_free(&c->frame);
  loam_arena_free(&c->arena);
  if (!test_current_failed) unlink(c->log);
}

static const char S_STATS[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats\"}";

/* ---- transport --------------------------------------------------------- */

TEST(a_request_split_in_its_header_and_its_body_is_answered) {
  S_client c;
  S_START(&c, S_examples());
  char msg[128];
  int n = snprintf(msg, sizeof(msg), "Content-Length: %zu\r\n\r\n%s", strlen(S_STATS), S_STATS);
  /* "Content-L" | "ength: 41\r\n" | "\r" | "\n{\"jsonrpc\":\"2.0\"," | the rest */
  static const size_t cuts[] = {0, 9, 20, 21, 39};
  for (int i = 0; i < 4; i++) {
    S_write(&c, msg + cuts[i], cuts[i + 1] - cuts[i]);
    CHECK(S_recv_within(&c, 100) == NULL);
  }
  S_write(&c, msg + 39, (size_t)n - 39);
  const loam_val *res = loam_val_get(S_response(&c, S_recv(&c), 1), "result");
  CHECK_INT(loam_val_get_int(res, "notes", 0), 13);
  S_stop(&c);
}

TEST(two_requests_in_one_write_get_two_answers_in_order) {
  S_client c;
  S_START(&c, S_examples());
  const char *second = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"complete\","
                       "\"params\":{\"prefix\":\"mara\"}}";
  loam_strbuf two = {0};
  loam_strbuf_printf(&two, "Content-Length: %zu\r\n\r\n%s", strlen(S_STATS), S_STATS);
  loam_strbuf_printf(&two, "Content-Length: %zu\r\nContent-Type: application/vim-jsonrpc\r\n\r\n%s",
                     strlen(second), second);
  S_write(&c, two.ptr, two.len);
  loam_strbuf_free(&two);
  CHECK(S_response(&c, S_recv(&c), 1) != NULL);
  const loam_val *res = loam_val_get(S_response(&c, S_recv(&c), 2), "result");
  CHECK_STR(S_str(&c, S_at(loam_val_get(res, "items"), 0), "label"), "Mara Okafor");
  S_stop(&c);
}

TEST(malformed_json_is_a_parse_error_to_null_and_the_server_lives) {
  S_client c;
  S_START(&c, S_examples());
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\n \"id\":3,,\"method\":\"stats\"}");
  const loam_val *data = S_error(&c, -1, -32700);
  CHECK_STR(S_str(&c, data, "code"), "LOAM_E_PROTOCOL");
  CHECK_STR(S_str(&c, data, "message"), "JSON: line 2, col 9: expected a string key");
  CHECK_INT(loam_val_get_int(data, "line", 0), 2);
  CHECK_INT(loam_val_get_int(data, "col", 0), 9);
  CHECK(S_call(&c, 4, "stats", NULL) != NULL);
  S_stop(&c);
}

TEST(invalid_requests_get_an_invalid_request_error) {
  S_client c;
  S_START(&c, S_examples());
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":42}");
  const loam_val *data = S_error(&c, 5, -32600);
  CHECK_STR(S_str(&c, data, "message"), "invalid request: method must be a string");
  S_send_body(&c, "{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"stats\"}");
  CHECK_STR(S_str(&c, S_error(&c, 6, -32600), "message"),
            "invalid request: jsonrpc must be \"2.0\"");
  /* Without a usable id the answer goes to null, as JSON-RPC 2.0 asks. */
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"stats\"}");
  CHECK_STR(S_str(&c, S_error(&c, -1, -32600), "message"),
            "invalid request: id must be a number or a string");
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"params\":{}}");
  CHECK_STR(S_str(&c, S_error(&c, -1, -32600), "message"),
            "invalid request: method must be a string");
  S_send_body(&c, "[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"stats\"}]");
  CHECK_STR(S_str(&c, S_error(&c, -1, -32600), "message"),
            "invalid request: batches are not supported");
  S_send_body(&c, "\"just a string\"");
  CHECK_STR(S_str(&c, S_error(&c, -1, -32600), "message"), "invalid request: not an object");
  /* params of the wrong shape are the method's params error */
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"stats\",\"params\":\"x\"}");
  CHECK_STR(S_str(&c, S_error(&c, 8, -32602), "code"), "LOAM_E_PARAMS");
  S_stop(&c);
}

TEST(an_unknown_method_is_method_not_found) {
  S_client c;
  S_START(&c, S_examples());
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"frobnicate\",\"params\":{}}");
  const loam_val *data = S_error(&c, 9, -32601);
  CHECK_STR(S_str(&c, data, "code"), "LOAM_E_PROTOCOL");
  CHECK_STR(S_str(&c, data, "message"), "unknown method: frobnicate");
  S_stop(&c);
}

TEST(bad_headers_are_dropped_and_the_next_request_is_answered) {
  S_client c;
  S_START(&c, S_examples());
  /* garbage, a body without headers, a header with no length */
  S_write(&c, "\x01\x02 garbage\r\n", 12);
  S_write(&c, S_STATS, sizeof(S_STATS) - 1);
  S_write(&c, "Content-Type: text/plain\r\n\r\n", 28);
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  /* garbage and a request in one write: the request gets through */
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "Content-Length: nope\r\n\r\nContent-Length: %zu\r\n\r\n%s",
                     strlen(S_STATS), S_STATS);
  S_write(&c, b.ptr, b.len);
  loam_strbuf_free(&b);
  CHECK(S_response(&c, S_recv(&c), 1) != NULL);
  S_stop(&c);
}

TEST(ids_are_echoed_as_sent_and_notifications_are_not_answered) {
  S_client c;
  S_START(&c, S_examples());
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"stats\"}");
  const loam_val *msg = S_recv(&c);
  CHECK_STR(S_str(&c, msg, "id"), "abc");
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":4294967296,\"method\":\"stats\"}");
  CHECK(S_response(&c, S_recv(&c), 4294967296LL) != NULL);
  /* A notification runs (the note is indexed) but gets no answer. */
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"note_changed\",\"params\":"
                  "{\"path\":\"Topics/Scratch.md\",\"text\":\"# Scratch\\n[[Mara Okafor]]\\n\"}}");
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"frobnicate\"}");
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  CHECK_INT(loam_val_get_int(S_call(&c, 2, "stats", NULL), "notes", 0), 14);
  /* A response from the client (loam sends no requests) is ignored. */
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":null}");
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  S_stop(&c);
}

TEST(params_may_be_absent_an_object_or_a_one_item_list) {
  S_client c;
  S_START(&c, S_examples());
  const char *forms[] = {NULL, "{}", "[]", "[{}]", "null"};
  for (int i = 0; i < 5; i++)
    CHECK_INT(loam_val_get_int(S_call(&c, 10 + i, "stats", forms[i]), "notes", 0), 13);
  S_stop(&c);
}

/* ---- every method once ------------------------------------------------- */

TEST(every_method_answers_as_over_msgpack) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "complete", "{\"prefix\":\"Teo\",\"limit\":5}");
  const loam_val *first = S_at(loam_val_get(res, "items"), 0);
  CHECK_STR(S_str(&c, first, "insert"), "Teodor Lind");
  CHECK_STR(S_str(&c, first, "path"), "People/Teodor Lind.md");
  CHECK(loam_val_get(res, "incomplete") && loam_val_get(res, "incomplete")->type == LOAM_VAL_BOOL);

  res =
      S_call(&c, 2, "query", "{\"text\":\"not done\\ndescription includes @mara\\nsort by due\"}");
  CHECK(loam_val_get_int(res, "count", 0) >= 3);
  const loam_val *tasks = loam_val_get(res, "tasks");
  for (size_t i = 0; i < S_len(tasks); i++)
    CHECK(strstr(S_str(&c, S_at(tasks, i), "text"), "@mara") != NULL);
  const loam_val *line = S_at(loam_val_get(res, "lines"), 0);
  CHECK(S_str(&c, line, "text") != NULL);
  CHECK(loam_val_get(line, "hl") && loam_val_get(line, "hl")->type == LOAM_VAL_ARRAY);

  res = S_call(&c, 3, "resolve", "{\"target\":\"Sync engine#Risks\"}");
  CHECK_STR(S_str(&c, res, "path"), "Topics/Sync engine.md");
  CHECK_INT(loam_val_get_int(res, "line", 0), 18);

  res = S_call(&c, 4, "backlinks", "{\"path\":\"People/Mara Okafor.md\"}");
  first = S_at(loam_val_get(res, "items"), 0);
  CHECK_STR(S_str(&c, first, "path"), "Meetings/2026-11-18 - Storage roadmap review.md");
  CHECK_INT(loam_val_get_int(first, "line", 0), 10);

  res = S_call(&c, 5, "related", "[{\"path\":\"People/Mara Okafor.md\",\"limit\":1}]");
  CHECK_STR(S_str(&c, S_at(loam_val_get(res, "items"), 0), "path"), "People/Teodor Lind.md");

  res = S_call(&c, 6, "stats", "{}");
  CHECK_INT(loam_val_get_int(res, "notes", 0), 13);
  CHECK(loam_val_get(res, "seconds") && loam_val_get(res, "seconds")->type == LOAM_VAL_FLOAT);

  /* Strings travel with their escapes and non-ASCII intact. */
  res = S_call(&c, 7, "note_changed",
               "{\"path\":\"Topics/Scratch.md\",\"text\":\"---\\ntitle: Scr\\u00e4tch "
               "\\ud83d\\ude00\\n---\\nSee [[S\\u00f8ren \\u00c6r\\u00f8]].\\n\"}");
  CHECK_INT(loam_val_get_int(res, "notes", 0), 14);
  res = S_call(&c, 8, "backlinks", "{\"path\":\"People/S\xc3\xb8ren \xc3\x86r\xc3\xb8.md\"}");
  const loam_val *items = loam_val_get(res, "items"), *scratch = NULL;
  for (size_t i = 0; i < S_len(items); i++)
    if (strcmp(S_str(&c, S_at(items, i), "path"), "Topics/Scratch.md") == 0)
      scratch = S_at(items, i);
  CHECK_STR(scratch ? S_str(&c, scratch, "title") : NULL, "Scr\xc3\xa4tch \xf0\x9f\x98\x80");
  S_stop(&c);
}

TEST(the_newer_methods_answer_over_json_too) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "unresolved", "{\"path\":\"Topics/Sync engine.md\"}");
  const loam_val *item = S_at(loam_val_get(res, "items"), 0);
  CHECK_STR(S_str(&c, item, "target"), "Nonexistent design doc");
  CHECK_INT(loam_val_get_int(item, "line", 0), 25);
  CHECK_INT(loam_val_get_int(item, "col", 0), 24);
  CHECK_STR(S_str(&c, item, "missing"), "note");

  res = S_call(&c, 2, "tags", "{\"tag\":\"#type\"}");
  CHECK_STR(S_str(&c, S_at(loam_val_get(res, "items"), 0), "tag"), "type/meeting");
  item = S_at(loam_val_get(res, "items"), 1);
  CHECK_STR(S_str(&c, item, "tag"), "type/people");
  CHECK_INT(loam_val_get_int(item, "count", 0), 3);

  res = S_call(&c, 3, "task_blocks", "{\"path\":\"People/Mara Okafor.md\"}");
  item = S_at(loam_val_get(res, "blocks"), 0);
  CHECK_INT(loam_val_get_int(item, "line", 0), 29);
  CHECK_INT(loam_val_get_int(item, "end_line", 0), 33);

  res = S_call(&c, 4, "task_toggle",
               "{\"path\":\"Daily/2026-11-24.md\",\"line\":5,\"text\":\"- [ ] Water the plants\"}");
  item = S_at(loam_val_get(res, "edits"), 0);
  CHECK_INT(loam_val_get_int(item, "line", 0), 5);
  CHECK_STR(S_str(&c, item, "expect"), "- [ ] Water the plants");
  CHECK_STR(S_at(loam_val_get(item, "lines"), 0) ? S_at(loam_val_get(item, "lines"), 0)->u.s.ptr
                                                 : NULL,
            "- [x] Water the plants \xe2\x9c\x85 2026-11-25");

  /* a plan only: nothing is written */
  res = S_call(&c, 5, "rename_plan",
               "{\"path\":\"People/Teodor Lind.md\",\"new_name\":\"Teodor L\"}");
  CHECK_STR(S_str(&c, res, "new_path"), "People/Teodor L.md");
  CHECK_INT(loam_val_get_int(res, "notes", 0), 3);
  CHECK_INT(loam_val_get_int(res, "kept", 0), 1);
  CHECK(S_len(loam_val_get(res, "files")) >= 3);
  S_stop(&c);
}

TEST(method_errors_carry_loams_error_in_data) {
  S_client c;
  S_START(&c, S_examples());
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"query\","
                  "\"params\":{\"text\":\"not done\\nthis is no instruction\"}}");
  const loam_val *data = S_error(&c, 1, -32004); /* -32000 + LOAM_E_QUERY (-4) */
  CHECK_STR(S_str(&c, data, "code"), "LOAM_E_QUERY");
  CHECK_INT(loam_val_get_int(data, "line", 0), 2);
  CHECK(loam_val_get_int(data, "col", 0) >= 1);
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"backlinks\","
                  "\"params\":{\"path\":\"Nope.md\"}}");
  data = S_error(&c, 2, -32005); /* LOAM_E_NOT_FOUND */
  CHECK_STR(S_str(&c, data, "code"), "LOAM_E_NOT_FOUND");
  CHECK(loam_val_get(data, "line") == NULL);
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resolve\",\"params\":{}}");
  CHECK_STR(S_str(&c, S_error(&c, 3, -32602), "code"), "LOAM_E_PARAMS");
  S_stop(&c);
}

/* ---- writing and events ------------------------------------------------ */

static void S_put_file(const char *dir, const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  FILE *f = fopen(path, "w");
  if (f) fputs(text, f), fclose(f);
}

static char *S_read(const char *dir, const char *rel) {
  char path[512];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  FILE *f = fopen(path, "rb");
  loam_strbuf b = {0};
  char buf[4096];
  size_t n;
  while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0) loam_strbuf_put(&b, buf, n);
  if (f) fclose(f);
  return b.ptr ? loam_strbuf_detach(&b) : loam_xstrdup("");
}

/* Whether a loam/indexChanged notification listing `path` has come,
 * waiting up to the timeout for it. */
static int S_saw_index_changed(S_client *c, const char *path) {
  for (int waited = 0; waited <= S_TIMEOUT_MS; waited += 20) {
    for (size_t i = 0; c->events && i < c->events->u.a.len; i++) {
      const loam_val *ev = c->events->u.a.items[i];
      const loam_val *paths = loam_val_get(loam_val_get(ev, "params"), "paths");
      const char *method = S_str(c, ev, "method");
      CHECK_STR(S_str(c, ev, "jsonrpc"), "2.0");
      for (size_t k = 0; method && strcmp(method, "loam/indexChanged") == 0 && k < S_len(paths);
           k++)
        if (strcmp(S_at(paths, k)->u.s.ptr, path) == 0) return 1;
    }
    S_recv_within(c, 20);
  }
  return 0;
}

TEST(edit_lines_and_friends_write_notes_and_the_watch_announces_them) {
  char dir[] = "/tmp/loam-test-jsonrpc-vault-XXXXXX";
  if (!mkdtemp(dir)) {
    TEST_FAIL_AT("mkdtemp failed");
    return;
  }
  S_put_file(dir, "Tasks.md", "# Tasks\n- [ ] one\n- [ ] two\n");
  S_client c;
  S_START(&c, dir);
  const loam_val *res = S_call(
      &c, 1, "edit_lines",
      "{\"path\":\"Tasks.md\",\"edits\":[{\"line\":3,\"expect\":\"- [ ] two\","
      "\"lines\":[\"- [x] two\"]},{\"line\":4,\"insert\":true,\"lines\":[\"- [ ] three\"]}]}");
  CHECK(loam_val_get_bool(res, "ok", 0));
  char *text = S_read(dir, "Tasks.md");
  CHECK_STR(text, "# Tasks\n- [ ] one\n- [x] two\n- [ ] three\n");
  free(text);
  CHECK(S_saw_index_changed(&c, "Tasks.md"));
  /* A stale expectation is refused and nothing is written. */
  S_send_body(&c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"edit_lines\",\"params\":{\"path\":"
                  "\"Tasks.md\",\"edits\":[{\"line\":2,\"expect\":\"- [ ] uno\",\"lines\":[]}]}}");
  CHECK_STR(S_str(&c, S_error(&c, 2, -32008), "code"), "LOAM_E_CHANGED");
  text = S_read(dir, "Tasks.md");
  CHECK_STR(text, "# Tasks\n- [ ] one\n- [x] two\n- [ ] three\n");
  free(text);
  /* create_note and rename_note write too, and are announced */
  c.events = NULL;
  res = S_call(&c, 3, "create_note", "{\"path\":\"Inbox/New.md\",\"text\":\"# New\\n\"}");
  CHECK_STR(S_str(&c, res, "path"), "Inbox/New.md");
  text = S_read(dir, "Inbox/New.md");
  CHECK_STR(text, "# New\n");
  free(text);
  res = S_call(&c, 4, "rename_note", "{\"path\":\"Inbox/New.md\",\"new_path\":\"Inbox/Newer.md\"}");
  CHECK_STR(S_str(&c, res, "path"), "Inbox/Newer.md");
  CHECK(S_saw_index_changed(&c, "Inbox/Newer.md"));
  /* A note written by someone else is announced too. */
  c.events = NULL;
  S_put_file(dir, "Other.md", "# Other\n");
  CHECK(S_saw_index_changed(&c, "Other.md"));
  S_stop(&c);
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  CHECK_INT(system(cmd), 0);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  RUN(a_request_split_in_its_header_and_its_body_is_answered);
  RUN(two_requests_in_one_write_get_two_answers_in_order);
  RUN(malformed_json_is_a_parse_error_to_null_and_the_server_lives);
  RUN(invalid_requests_get_an_invalid_request_error);
  RUN(an_unknown_method_is_method_not_found);
  RUN(bad_headers_are_dropped_and_the_next_request_is_answered);
  RUN(ids_are_echoed_as_sent_and_notifications_are_not_answered);
  RUN(params_may_be_absent_an_object_or_a_one_item_list);
  RUN(every_method_answers_as_over_msgpack);
  RUN(the_newer_methods_answer_over_json_too);
  RUN(method_errors_carry_loams_error_in_data);
  RUN(edit_lines_and_friends_write_notes_and_the_watch_announces_them);
  return test_report();
}
