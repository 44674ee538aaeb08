/*
 * test_rpc.c: `loam serve` driven over pipes the way Neovim drives it.
 *
 * Each test spawns $LOAM_BIN serve on $LOAM_EXAMPLES (or on a scratch vault)
 * with --today 2026-11-25, speaks msgpack-RPC to it, and ends by closing its
 * stdin and checking that it exits with status 0, which under the _asan
 * variant also means LeakSanitizer found nothing. Every read has a timeout,
 * so a hung server fails the test instead of hanging it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../helper/rpc/msgpack_codec.h"
#include "test.h"

#define S_TIMEOUT_MS 10000
#define S_QUIET_MS 300 /* how long "no answer" is waited for */

typedef struct {
  pid_t pid;
  int to, from; /* the server's stdin and stdout */
  loam_mp_frame frame;
  loam_arena arena; /* every received value, freed at the end */
  loam_val *events; /* index_changed notifications, set aside as they come */
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

/* Starts `loam serve` on vault; stdin_fd/stdout_fd >= 0 replace the pipes. */
static int S_start_fds(S_client *c, const char *vault, int stdin_fd, int stdout_fd) {
  int in[2], out[2];
  memset(c, 0, sizeof(*c));
  snprintf(c->log, sizeof(c->log), "/tmp/loam-test-rpc-%d.log", (int)getpid());
  if (pipe(in) != 0 || pipe(out) != 0) return 0;
  c->pid = fork();
  if (c->pid == 0) {
    dup2(stdin_fd >= 0 ? stdin_fd : in[0], 0);
    dup2(stdout_fd >= 0 ? stdout_fd : out[1], 1);
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    execl(S_bin(), "loam", "serve", "--vault", vault, "--today", "2026-11-25", "--log", c->log,
          (char *)NULL);
    _exit(127);
  }
  close(in[0]), close(out[1]);
  c->to = in[1], c->from = out[0];
  loam_mp_frame_init(&c->frame);
  return c->pid > 0;
}

static int S_start(S_client *c, const char *vault) { return S_start_fds(c, vault, -1, -1); }

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

/* Whether v is [2, "nvim_exec_lua", [<the client's _on_event>, args]]. */
static int S_is_event(const loam_val *v) {
  static const char code[] = "return require('loam.client')._on_event(...)";
  if (v->type != LOAM_VAL_ARRAY || v->u.a.len != 3 || v->u.a.items[2]->type != LOAM_VAL_ARRAY ||
      v->u.a.items[2]->u.a.len != 2)
    return 0;
  const loam_val *lua = v->u.a.items[2]->u.a.items[0];
  return lua->type == LOAM_VAL_STR && strcmp(lua->u.s.ptr, code) == 0;
}

/* Waits up to ms for the next message other than an event (events go to
 * c->events); NULL on timeout or end of output. */
static loam_val *S_recv_within(S_client *c, int ms) {
  for (;;) {
    loam_val *v;
    loam_frame_status st = loam_mp_frame_next(&c->frame, &c->arena, &v);
    if (st == LOAM_FRAME_MSG && S_is_event(v)) {
      if (!c->events) c->events = loam_val_array(&c->arena);
      loam_val_push(&c->arena, c->events, v);
      continue;
    }
    if (st == LOAM_FRAME_MSG) return v;
    if (st == LOAM_FRAME_GARBAGE) {
      TEST_FAIL_AT("the server wrote %zu bytes that are not msgpack-RPC", c->frame.dropped);
      continue;
    }
    struct pollfd p = {c->from, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return NULL;
    char buf[65536];
    ssize_t n = read(c->from, buf, sizeof(buf));
    if (n <= 0) return NULL;
    loam_mp_frame_feed(&c->frame, buf, (size_t)n);
  }
}

static loam_val *S_recv(S_client *c) {
  loam_val *v = S_recv_within(c, S_TIMEOUT_MS);
  if (!v) TEST_FAIL_AT("no message from the server within %d ms", S_TIMEOUT_MS);
  return v;
}

/* Packs [0, id, method, [params]] (or [2, method, [params]] when id < 0). */
static void S_pack_call(msgpack_sbuffer *sb, int64_t id, const char *method,
                        const loam_val *params) {
  msgpack_packer pk;
  msgpack_sbuffer_init(sb);
  msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
  msgpack_pack_array(&pk, id >= 0 ? 4 : 3);
  msgpack_pack_int(&pk, id >= 0 ? 0 : 2);
  if (id >= 0) msgpack_pack_int64(&pk, id);
  msgpack_pack_str(&pk, strlen(method));
  msgpack_pack_str_body(&pk, method, strlen(method));
  msgpack_pack_array(&pk, params ? 1 : 0);
  if (params) loam_mp_pack_val(&pk, params);
}

static void S_send(S_client *c, int64_t id, const char *method, const loam_val *params) {
  msgpack_sbuffer sb;
  S_pack_call(&sb, id, method, params);
  S_write(c, sb.data, sb.size);
  msgpack_sbuffer_destroy(&sb);
}

static const loam_val *S_at(const loam_val *v, size_t i) {
  return v && v->type == LOAM_VAL_ARRAY && i < v->u.a.len ? v->u.a.items[i] : NULL;
}

static size_t S_len(const loam_val *v) { return v && v->type == LOAM_VAL_ARRAY ? v->u.a.len : 0; }

/* The string at key, or NULL. */
static const char *S_str(S_client *c, const loam_val *map, const char *key) {
  return loam_val_get_str(&c->arena, map, key, NULL);
}

/* Checks that msg is the response [1, id, err, result] and returns it. */
static const loam_val *S_check_response(const loam_val *msg, int64_t id) {
  if (S_len(msg) != 4 || S_at(msg, 0)->type != LOAM_VAL_INT || S_at(msg, 0)->u.i != 1) {
    TEST_FAIL_AT("expected a response to %lld", (long long)id);
    return NULL;
  }
  CHECK_INT(S_at(msg, 1)->u.i, id);
  return msg;
}

/* Sends a request and returns its result (NULL when it failed). */
static const loam_val *S_call(S_client *c, int64_t id, const char *method, const loam_val *params) {
  S_send(c, id, method, params);
  const loam_val *msg = S_check_response(S_recv(c), id);
  if (!msg) return NULL;
  if (S_at(msg, 2)->type != LOAM_VAL_NIL) {
    TEST_FAIL_AT("%s failed: %s", method, S_str(c, S_at(msg, 2), "message"));
    return NULL;
  }
  return S_at(msg, 3);
}

/* Sends a request that must fail and returns its error map. */
static const loam_val *S_call_error(S_client *c, int64_t id, const char *method,
                                    const loam_val *params) {
  S_send(c, id, method, params);
  const loam_val *msg = S_check_response(S_recv(c), id);
  if (!msg || S_at(msg, 2)->type != LOAM_VAL_MAP) {
    TEST_FAIL_AT("%s should have failed", method);
    return NULL;
  }
  CHECK_INT(S_at(msg, 3)->type, LOAM_VAL_NIL);
  return S_at(msg, 2);
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
  loam_mp_frame_free(&c->frame);
  loam_arena_free(&c->arena);
  if (!test_current_failed) unlink(c->log);
}

/* A params map with one string entry (and more via S_set). */
static loam_val *S_params(S_client *c, const char *key, const char *value) {
  loam_val *m = loam_val_map(&c->arena);
  if (key) loam_val_set(&c->arena, m, key, loam_val_cstr(&c->arena, value));
  return m;
}

static void S_set_int(S_client *c, loam_val *m, const char *key, int64_t i) {
  loam_val_set(&c->arena, m, key, loam_val_int(&c->arena, i));
}

static void S_set_str(S_client *c, loam_val *m, const char *key, const char *s) {
  loam_val_set(&c->arena, m, key, loam_val_cstr(&c->arena, s));
}

/* The first item of result.items whose `key` equals value, or NULL. */
static const loam_val *S_find_item(S_client *c, const loam_val *res, const char *key,
                                   const char *value) {
  const loam_val *items = loam_val_get(res, "items");
  for (size_t i = 0; i < S_len(items); i++) {
    const char *s = S_str(c, S_at(items, i), key);
    if (s && strcmp(s, value) == 0) return S_at(items, i);
  }
  return NULL;
}

/* ---- transport --------------------------------------------------------- */

TEST(a_request_split_across_two_writes_is_answered) {
  S_client c;
  S_START(&c, S_examples());
  msgpack_sbuffer sb;
  S_pack_call(&sb, 1, "stats", S_params(&c, NULL, NULL));
  S_write(&c, sb.data, sb.size / 2);
  S_sleep_ms(150);
  CHECK(S_recv_within(&c, 50) == NULL); /* half a message: nothing yet */
  S_write(&c, sb.data + sb.size / 2, sb.size - sb.size / 2);
  msgpack_sbuffer_destroy(&sb);
  const loam_val *msg = S_check_response(S_recv(&c), 1);
  CHECK(msg && S_at(msg, 2)->type == LOAM_VAL_NIL);
  S_stop(&c);
}

TEST(two_requests_in_one_write_get_two_answers_in_order) {
  S_client c;
  S_START(&c, S_examples());
  msgpack_sbuffer one, two;
  S_pack_call(&one, 2, "stats", NULL);
  S_pack_call(&two, 3, "complete", S_params(&c, "prefix", "mara"));
  loam_strbuf both = {0};
  loam_strbuf_put(&both, one.data, one.size);
  loam_strbuf_put(&both, two.data, two.size);
  S_write(&c, both.ptr, both.len);
  loam_strbuf_free(&both);
  msgpack_sbuffer_destroy(&one);
  msgpack_sbuffer_destroy(&two);
  S_check_response(S_recv(&c), 2);
  S_check_response(S_recv(&c), 3);
  S_stop(&c);
}

TEST(params_may_be_empty_in_every_form) {
  S_client c;
  S_START(&c, S_examples());
  /* [0, id, "stats", P] for P = [], [[]], [{}], {} */
  static const char *const forms[] = {"\x90", "\x91\x90", "\x91\x80", "\x80"};
  for (int i = 0; i < 4; i++) {
    char req[16] = "\x94\x00";
    req[2] = (char)(20 + i);
    memcpy(req + 3, "\xa5stats", 6);
    memcpy(req + 9, forms[i], strlen(forms[i]));
    S_write(&c, req, 9 + strlen(forms[i]));
    const loam_val *msg = S_check_response(S_recv(&c), 20 + i);
    CHECK(msg && S_at(msg, 2)->type == LOAM_VAL_NIL);
    CHECK(msg && loam_val_get_int(S_at(msg, 3), "notes", 0) == 13);
  }
  S_stop(&c);
}

TEST(a_malformed_request_with_an_id_gets_an_error) {
  S_client c;
  S_START(&c, S_examples());
  static const char bad_method[] = "\x94\x00\x07\x2a\x90";       /* [0, 7, 42, []] */
  static const char bad_params[] = "\x94\x00\x08\xa5stats\xa1x"; /* [0, 8, "stats", "x"] */
  static const char short_req[] = "\x92\x00\x09";                /* [0, 9] */
  S_write(&c, bad_method, sizeof(bad_method) - 1);
  const loam_val *msg = S_check_response(S_recv(&c), 7);
  CHECK_STR(msg ? S_str(&c, S_at(msg, 2), "code") : NULL, "LOAM_E_PROTOCOL");
  S_write(&c, bad_params, sizeof(bad_params) - 1);
  msg = S_check_response(S_recv(&c), 8);
  CHECK_STR(msg ? S_str(&c, S_at(msg, 2), "code") : NULL, "LOAM_E_PARAMS");
  S_write(&c, short_req, sizeof(short_req) - 1);
  msg = S_check_response(S_recv(&c), 9);
  CHECK_STR(msg ? S_str(&c, S_at(msg, 2), "code") : NULL, "LOAM_E_PROTOCOL");
  S_stop(&c);
}

TEST(a_malformed_message_without_an_id_is_dropped_and_the_server_lives) {
  S_client c;
  S_START(&c, S_examples());
  static const char no_id[] = "\x94\x00\xa1x\xa5stats\x90"; /* [0, "x", "stats", []] */
  static const char bad_note[] = "\x93\x02\x05\x90";        /* [2, 5, []] */
  static const char odd_type[] = "\x93\x07\xa1x\x90";       /* [7, "x", []] */
  S_write(&c, no_id, sizeof(no_id) - 1);
  S_write(&c, bad_note, sizeof(bad_note) - 1);
  S_write(&c, odd_type, sizeof(odd_type) - 1);
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  CHECK(S_call(&c, 99, "stats", NULL) != NULL);
  S_stop(&c);
}

TEST(an_unknown_method_is_a_protocol_error) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *err = S_call_error(&c, 4, "frobnicate", S_params(&c, NULL, NULL));
  CHECK_STR(S_str(&c, err, "code"), "LOAM_E_PROTOCOL");
  CHECK_STR(S_str(&c, err, "message"), "unknown method: frobnicate");
  S_stop(&c);
}

TEST(garbage_bytes_are_skipped_without_an_answer) {
  S_client c;
  S_START(&c, S_examples());
  static const char garbage[] = "\xc1\xc1 this is not msgpack \xff\x00";
  S_write(&c, garbage, sizeof(garbage) - 1);
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  /* Garbage and a request in one write: the request still gets through. */
  msgpack_sbuffer sb;
  S_pack_call(&sb, 11, "stats", NULL);
  loam_strbuf both = {0};
  loam_strbuf_put(&both, "\xc1garbage", 8);
  loam_strbuf_put(&both, sb.data, sb.size);
  S_write(&c, both.ptr, both.len);
  loam_strbuf_free(&both);
  msgpack_sbuffer_destroy(&sb);
  S_check_response(S_recv(&c), 11);
  S_stop(&c);
}

TEST(a_notification_with_reply_answers_through_nvim_exec_lua) {
  S_client c;
  S_START(&c, S_examples());
  loam_val *p = S_params(&c, "prefix", "mara");
  S_set_int(&c, p, "_reply", 42);
  S_send(&c, -1, "complete", p);
  const loam_val *msg = S_recv(&c);
  CHECK_INT(S_len(msg), 3);
  CHECK_INT(S_at(msg, 0) ? S_at(msg, 0)->u.i : -1, 2);
  CHECK_STR(S_at(msg, 1) ? S_at(msg, 1)->u.s.ptr : NULL, "nvim_exec_lua");
  const loam_val *args = S_at(msg, 2);
  CHECK_STR(S_at(args, 0) ? S_at(args, 0)->u.s.ptr : NULL,
            "return require('loam.client')._on_reply(...)");
  const loam_val *reply = S_at(args, 1);
  CHECK_INT(S_len(reply), 3);
  CHECK_INT(S_at(reply, 0) ? S_at(reply, 0)->u.i : -1, 42);
  CHECK(S_at(reply, 1) && S_at(reply, 1)->type == LOAM_VAL_NIL);
  const loam_val *first = S_at(loam_val_get(S_at(reply, 2), "items"), 0);
  CHECK_STR(S_str(&c, first, "label"), "Mara Okafor");
  /* Errors come back the same way. */
  p = S_params(&c, "path", "Nope.md");
  S_set_int(&c, p, "_reply", 43);
  S_send(&c, -1, "backlinks", p);
  reply = S_at(S_at(S_recv(&c), 2), 1);
  CHECK_INT(S_at(reply, 0) ? S_at(reply, 0)->u.i : -1, 43);
  CHECK_STR(S_str(&c, S_at(reply, 1), "code"), "LOAM_E_NOT_FOUND");
  CHECK(S_at(reply, 2) && S_at(reply, 2)->type == LOAM_VAL_NIL);
  /* Without _reply a notification is run and not answered. */
  S_send(&c, -1, "stats", NULL);
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  S_stop(&c);
}

TEST(requests_from_a_file_on_stdin_are_answered_into_a_file) {
  char in_path[64], out_path[64];
  snprintf(in_path, sizeof(in_path), "/tmp/loam-test-rpc-in-%d", (int)getpid());
  snprintf(out_path, sizeof(out_path), "/tmp/loam-test-rpc-out-%d", (int)getpid());
  msgpack_sbuffer sb;
  S_pack_call(&sb, 21, "stats", NULL);
  FILE *f = fopen(in_path, "wb");
  fwrite(sb.data, 1, sb.size, f);
  fwrite(sb.data, 1, sb.size, f);
  fclose(f);
  msgpack_sbuffer_destroy(&sb);
  int in = open(in_path, O_RDONLY), out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  S_client c;
  CHECK(S_start_fds(&c, S_examples(), in, out));
  close(in), close(out);
  S_stop(&c); /* end of the file is end of input */
  f = fopen(out_path, "rb");
  char buf[65536];
  size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
  if (f) fclose(f);
  loam_mp_frame fr;
  loam_arena a = {0};
  loam_val *msg;
  loam_mp_frame_init(&fr);
  loam_mp_frame_feed(&fr, buf, n);
  for (int k = 0; k < 2; k++) {
    CHECK_INT(loam_mp_frame_next(&fr, &a, &msg), LOAM_FRAME_MSG);
    CHECK(S_check_response(msg, 21) != NULL);
  }
  CHECK_INT(loam_mp_frame_pending(&fr), 0);
  loam_mp_frame_free(&fr);
  loam_arena_free(&a);
  unlink(in_path), unlink(out_path);
}

/* ---- methods on the example vault -------------------------------------- */

TEST(complete_ranks_the_note_before_its_alias) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "complete", S_params(&c, "prefix", "mara"));
  const loam_val *items = loam_val_get(res, "items");
  CHECK(S_len(items) >= 2);
  CHECK_STR(S_str(&c, S_at(items, 0), "label"), "Mara Okafor");
  CHECK_STR(S_str(&c, S_at(items, 0), "insert"), "Mara Okafor");
  CHECK_STR(S_str(&c, S_at(items, 0), "kind"), "note");
  CHECK_STR(S_str(&c, S_at(items, 0), "path"), "People/Mara Okafor.md");
  const char *abs = S_str(&c, S_at(items, 0), "abspath");
  CHECK(abs && abs[0] == '/' && strstr(abs, "/People/Mara Okafor.md"));
  CHECK_STR(S_str(&c, S_at(items, 1), "insert"), "Mara Okafor|Mara");
  CHECK_STR(S_str(&c, S_at(items, 1), "kind"), "alias");
  CHECK_STR(S_str(&c, S_at(items, 1), "detail"), "alias of Mara Okafor");
  CHECK(loam_val_get(S_at(items, 0), "score")->type == LOAM_VAL_FLOAT);
  CHECK_INT(loam_val_get_bool(res, "incomplete", 1), 0);
  S_stop(&c);
}

TEST(complete_offers_aliases_headings_and_blocks) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "complete", S_params(&c, "prefix", "Teo"));
  const loam_val *alias = S_find_item(&c, res, "insert", "Teodor Lind|Teo");
  CHECK(alias != NULL);
  CHECK_STR(S_str(&c, alias, "label"), "Teo");
  CHECK_STR(S_str(&c, alias, "kind"), "alias");
  res = S_call(&c, 2, "complete", S_params(&c, "prefix", "Sync engine#Ri"));
  const loam_val *first = S_at(loam_val_get(res, "items"), 0);
  CHECK_STR(S_str(&c, first, "insert"), "Sync engine#Risks");
  CHECK_STR(S_str(&c, first, "label"), "Risks");
  CHECK_STR(S_str(&c, first, "kind"), "heading");
  res = S_call(&c, 3, "complete", S_params(&c, "prefix", "Mara Okafor^broad"));
  first = S_at(loam_val_get(res, "items"), 0);
  CHECK_STR(S_str(&c, first, "insert"), "Mara Okafor#^broad-market");
  CHECK_STR(S_str(&c, first, "kind"), "block");
  loam_val *p = S_params(&c, "prefix", "#Ri");
  S_set_str(&c, p, "path", "Topics/Sync engine.md");
  first = S_at(loam_val_get(S_call(&c, 4, "complete", p), "items"), 0);
  CHECK_STR(S_str(&c, first, "insert"), "#Risks");
  S_stop(&c);
}

TEST(complete_caps_at_limit_and_says_so) {
  S_client c;
  S_START(&c, S_examples());
  loam_val *p = S_params(&c, "prefix", "");
  S_set_int(&c, p, "limit", 2);
  const loam_val *res = S_call(&c, 1, "complete", p);
  CHECK_INT(S_len(loam_val_get(res, "items")), 2);
  CHECK_INT(loam_val_get_bool(res, "incomplete", 0), 1);
  /* Nothing matches: an empty list, not an error. */
  res = S_call(&c, 2, "complete", S_params(&c, "prefix", "zzzzqqq"));
  CHECK_INT(S_len(loam_val_get(res, "items")), 0);
  S_stop(&c);
}

TEST(resolve_finds_the_heading_line_of_a_target) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "resolve", S_params(&c, "target", "Sync engine#Risks"));
  CHECK_INT(loam_val_get_bool(res, "found", 0), 1);
  CHECK_INT(loam_val_get_bool(res, "resolved", 0), 1);
  CHECK_STR(S_str(&c, res, "path"), "Topics/Sync engine.md");
  CHECK_STR(S_str(&c, res, "heading"), "Risks");
  CHECK_INT(loam_val_get_int(res, "line", 0), 18);
  res = S_call(&c, 2, "resolve", S_params(&c, "target", "[[Mara Okafor^broad-market]]"));
  CHECK_STR(S_str(&c, res, "block"), "broad-market");
  CHECK_INT(loam_val_get_int(res, "line", 0), 39);
  res = S_call(&c, 3, "resolve", S_params(&c, "target", "Nonexistent design doc"));
  CHECK_INT(loam_val_get_bool(res, "found", 0), 1);
  CHECK_INT(loam_val_get_bool(res, "resolved", 1), 0);
  CHECK(loam_val_get(res, "path") == NULL);
  CHECK_INT(loam_val_get_int(res, "line", 0), 1);
  res = S_call(&c, 4, "resolve", S_params(&c, "target", "Topics/Sync%20engine.md#Design"));
  CHECK_STR(S_str(&c, res, "path"), "Topics/Sync engine.md");
  CHECK_INT(loam_val_get_int(res, "line", 0), 14);
  S_stop(&c);
}

TEST(resolve_reads_the_link_under_the_cursor) {
  S_client c;
  S_START(&c, S_examples());
  const char *line = "- [[Mara Okafor|Mara]] and `[[Code]]` and [[#Risks]]";
  loam_val *p = S_params(&c, "text", line);
  S_set_int(&c, p, "col", 10);
  const loam_val *res = S_call(&c, 1, "resolve", p);
  CHECK_STR(S_str(&c, res, "target"), "Mara Okafor");
  CHECK_STR(S_str(&c, res, "alias"), "Mara");
  CHECK_STR(S_str(&c, res, "path"), "People/Mara Okafor.md");
  p = S_params(&c, "text", line);
  S_set_int(&c, p, "col", 31); /* inside a code span */
  CHECK_INT(loam_val_get_bool(S_call(&c, 2, "resolve", p), "found", 1), 0);
  p = S_params(&c, "text", line);
  S_set_int(&c, p, "col", 1);
  CHECK_INT(loam_val_get_bool(S_call(&c, 3, "resolve", p), "found", 1), 0);
  p = S_params(&c, "text", line);
  S_set_int(&c, p, "col", (int64_t)strlen(line) - 2);
  S_set_str(&c, p, "path", "Topics/Sync engine.md");
  res = S_call(&c, 4, "resolve", p);
  CHECK_STR(S_str(&c, res, "path"), "Topics/Sync engine.md");
  CHECK_INT(loam_val_get_int(res, "line", 0), 18);
  const loam_val *err = S_call_error(&c, 5, "resolve", S_params(&c, NULL, NULL));
  CHECK_STR(S_str(&c, err, "code"), "LOAM_E_PARAMS");
  S_stop(&c);
}

TEST(backlinks_list_linking_lines_newest_first) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "backlinks", S_params(&c, "path", "People/Mara Okafor.md"));
  const loam_val *items = loam_val_get(res, "items");
  const loam_val *first = S_at(items, 0);
  CHECK_STR(S_str(&c, first, "path"), "Meetings/2026-11-18 - Storage roadmap review.md");
  CHECK_INT(loam_val_get_int(first, "line", 0), 10);
  CHECK_INT(loam_val_get_int(first, "col", 0), 12);
  CHECK_STR(S_str(&c, first, "text"), "Attendees: [[Mara Okafor]], [[Teodor Lind]]");
  CHECK_STR(S_str(&c, first, "title"), "2026-11-18 - Storage roadmap review");
  CHECK_STR(S_str(&c, first, "date"), "2026-11-18");
  CHECK(S_find_item(&c, res, "path", "Topics/Sync engine.md") != NULL);
  CHECK(S_find_item(&c, res, "path", "People/Teodor Lind.md") != NULL);
  CHECK(S_find_item(&c, res, "path", "People/Mara Okafor.md") == NULL); /* not itself */
  /* The note without a date comes last. */
  const loam_val *last = S_at(items, S_len(items) - 1);
  CHECK_STR(S_str(&c, last, "path"), "Topics/Broken frontmatter.md");
  CHECK(loam_val_get(last, "date") == NULL);
  /* An absolute path names the same note. */
  loam_strbuf abs = {0};
  loam_strbuf_printf(&abs, "%s/People/Mara Okafor.md", S_examples());
  res = S_call(&c, 2, "backlinks", S_params(&c, "path", abs.ptr));
  CHECK_INT(S_len(loam_val_get(res, "items")), S_len(items));
  loam_strbuf_free(&abs);
  const loam_val *err = S_call_error(&c, 3, "backlinks", S_params(&c, "path", "Nope.md"));
  CHECK_STR(S_str(&c, err, "code"), "LOAM_E_NOT_FOUND");
  S_stop(&c);
}

/* 1 when the item's reasons include `why`. */
static int S_has_reason(S_client *c, const loam_val *item, const char *why) {
  const loam_val *r = loam_val_get(item, "reasons");
  for (size_t i = 0; i < S_len(r); i++)
    if (strcmp(S_at(r, i)->u.s.ptr, why) == 0) return 1;
  (void)c;
  return 0;
}

TEST(related_explains_each_score) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "related", S_params(&c, "path", "People/Mara Okafor.md"));
  const loam_val *teo = S_find_item(&c, res, "path", "People/Teodor Lind.md");
  CHECK(teo != NULL);
  CHECK(S_has_reason(&c, teo, "links to"));
  CHECK(S_has_reason(&c, teo, "linked from"));
  CHECK(S_has_reason(&c, teo, "shares #type/people"));
  CHECK(S_has_reason(&c, teo, "co-cited in 2026-11-18 - Storage roadmap review"));
  CHECK_STR(S_str(&c, S_at(loam_val_get(res, "items"), 0), "path"), "People/Teodor Lind.md");
  const loam_val *soren = S_find_item(&c, res, "path", "People/Søren Ærø.md");
  CHECK(soren && S_has_reason(&c, soren, "shares #type/people"));
  CHECK_STR(S_str(&c, soren, "title"), "Søren Ærø");
  CHECK(S_find_item(&c, res, "path", "People/Mara Okafor.md") == NULL);
  loam_val *p = S_params(&c, "path", "People/Mara Okafor.md");
  S_set_int(&c, p, "limit", 1);
  CHECK_INT(S_len(loam_val_get(S_call(&c, 2, "related", p), "items")), 1);
  S_stop(&c);
}

TEST(stats_counts_the_vault_and_lists_parse_errors) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "stats", NULL);
  CHECK_INT(loam_val_get_int(res, "notes", 0), 13);
  CHECK(loam_val_get_int(res, "links", 0) > 10);
  CHECK(loam_val_get_int(res, "unresolved", 0) >= 1);
  CHECK(loam_val_get_int(res, "tasks", 0) > 10);
  CHECK(S_str(&c, res, "version") != NULL);
  CHECK(loam_val_get(res, "seconds")->type == LOAM_VAL_FLOAT);
  const loam_val *errs = loam_val_get(res, "parse_errors");
  CHECK_INT(S_len(errs), 1);
  CHECK_STR(S_str(&c, S_at(errs, 0), "path"), "Topics/Broken frontmatter.md");
  CHECK(loam_val_get_int(S_at(errs, 0), "line", 0) >= 1);
  S_stop(&c);
}

/* The `tasks` entry a task line points at, checked against the line. */
static void S_check_task_lines(S_client *c, const loam_val *res) {
  const loam_val *lines = loam_val_get(res, "lines"), *tasks = loam_val_get(res, "tasks");
  size_t task_lines = 0;
  for (size_t i = 0; i < S_len(lines); i++) {
    const loam_val *l = S_at(lines, i);
    CHECK(S_str(c, l, "text") != NULL);
    CHECK(loam_val_get(l, "hl") && loam_val_get(l, "hl")->type == LOAM_VAL_ARRAY);
    const char *kind = S_str(c, l, "kind");
    if (!kind || strcmp(kind, "task") != 0) continue;
    task_lines++;
    const loam_val *t = S_at(tasks, (size_t)loam_val_get_int(l, "task", 0) - 1);
    CHECK(t != NULL);
    CHECK_STR(S_str(c, t, "path"), S_str(c, l, "path"));
    CHECK_INT(loam_val_get_int(t, "line", -1), loam_val_get_int(l, "line", -2));
  }
  CHECK_INT(task_lines, S_len(tasks));
  CHECK_INT(loam_val_get_int(res, "count", -1), S_len(tasks));
}

TEST(query_runs_text_or_the_block_under_the_cursor) {
  S_client c;
  S_START(&c, S_examples());
  const loam_val *res = S_call(&c, 1, "query", S_params(&c, "text", "not done"));
  CHECK(loam_val_get_int(res, "total", 0) >= 10);
  S_check_task_lines(&c, res);
  loam_val *p = S_params(&c, "path", "People/Mara Okafor.md");
  S_set_int(&c, p, "line", 31);
  res = S_call(&c, 2, "query", p);
  const loam_val *tasks = loam_val_get(res, "tasks");
  CHECK(S_len(tasks) >= 3);
  for (size_t i = 0; i < S_len(tasks); i++) {
    const char *text = S_str(&c, S_at(tasks, i), "text");
    CHECK(text && strstr(text, "@mara") && strstr(text, "- [ ]"));
  }
  S_check_task_lines(&c, res);
  p = S_params(&c, "path", "People/Mara Okafor.md");
  S_set_int(&c, p, "line", 3);
  CHECK_STR(S_str(&c, S_call_error(&c, 3, "query", p), "code"), "LOAM_E_NOT_FOUND");
  const loam_val *err =
      S_call_error(&c, 4, "query", S_params(&c, "text", "not done\nthis is no instruction"));
  CHECK_STR(S_str(&c, err, "code"), "LOAM_E_QUERY");
  CHECK_INT(loam_val_get_int(err, "line", 0), 2);
  p = S_params(&c, "text", "not done");
  S_set_str(&c, p, "today", "25/11/2026");
  CHECK_STR(S_str(&c, S_call_error(&c, 5, "query", p), "code"), "LOAM_E_PARAMS");
  S_stop(&c);
}

TEST(note_changed_indexes_buffer_text) {
  S_client c;
  S_START(&c, S_examples());
  loam_val *p = S_params(&c, "path", "Topics/Scratch.md");
  S_set_str(&c, p, "text", "# Scratch\n\nSee [[Mara Okafor]].\n");
  CHECK_INT(loam_val_get_int(S_call(&c, 1, "note_changed", p), "notes", 0), 14);
  const loam_val *res = S_call(&c, 2, "backlinks", S_params(&c, "path", "People/Mara Okafor.md"));
  CHECK(S_find_item(&c, res, "path", "Topics/Scratch.md") != NULL);
  /* Without text the file is read: it does not exist, so the note goes. */
  res = S_call(&c, 3, "note_changed", S_params(&c, "path", "Topics/Scratch.md"));
  CHECK_INT(loam_val_get_int(res, "notes", 0), 13);
  const loam_val *err = S_call_error(&c, 4, "note_changed", S_params(&c, "path", "/etc/passwd"));
  CHECK_STR(S_str(&c, err, "code"), "LOAM_E_NOT_FOUND");
  S_stop(&c);
}

TEST(an_error_in_a_tasks_block_points_at_the_note_line) {
  S_client c;
  S_START(&c, S_examples());
  loam_val *p = S_params(&c, "path", "Topics/Bad query.md");
  S_set_str(&c, p, "text", "# Bad\n\n```tasks\nnot done\nfrobnicate\n```\n");
  S_call(&c, 1, "note_changed", p);
  p = S_params(&c, "path", "Topics/Bad query.md");
  loam_val_set(&c.arena, p, "line", loam_val_int(&c.arena, 4));
  const loam_val *err = S_call_error(&c, 2, "query", p);
  CHECK_STR(S_str(&c, err, "code"), "LOAM_E_QUERY");
  CHECK_INT(loam_val_get_int(err, "line", 0), 5); /* fence on line 3, query line 2 */
  CHECK(strstr(S_str(&c, err, "message"), "Topics/Bad query.md:5:") != NULL);
  S_stop(&c);
}

/* ---- file watching ----------------------------------------------------- */

static void S_put_file(const char *dir, const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  FILE *f = fopen(path, "w");
  if (f) fputs(text, f), fclose(f);
}

/* Polls stats until the note count is `want` (the watch debounces). */
static int64_t S_wait_notes(S_client *c, int64_t *id, int64_t want) {
  int64_t got = -1;
  for (int tries = 0; tries < 100 && got != want; tries++) {
    if (tries) S_sleep_ms(50);
    got = loam_val_get_int(S_call(c, (*id)++, "stats", NULL), "notes", -1);
  }
  return got;
}

static void S_path(char *out, size_t n, const char *dir, const char *rel) {
  snprintf(out, n, "%s/%s", dir, rel);
}

TEST(the_watch_follows_files_and_folders_on_disk) {
  char dir[] = "/tmp/loam-test-vault-XXXXXX", ext[] = "/tmp/loam-test-ext-XXXXXX";
  char path[600], to[600];
  if (!mkdtemp(dir) || !mkdtemp(ext)) {
    TEST_FAIL_AT("mkdtemp failed");
    return;
  }
  S_put_file(dir, "A.md", "# A\n");
  S_put_file(ext, "Ext.md", "# Ext\n");
  S_path(path, sizeof(path), dir, ".obsidian");
  mkdir(path, 0700);
  S_path(path, sizeof(path), dir, "Linked"); /* a symlinked folder is followed */
  CHECK_INT(symlink(ext, path), 0);
  S_path(path, sizeof(path), dir, "Loop"); /* and a loop is not */
  CHECK_INT(symlink(dir, path), 0);
  S_client c;
  S_START(&c, dir);
  int64_t id = 1;
  CHECK_INT(S_wait_notes(&c, &id, 2), 2);
  S_put_file(dir, "B.md", "# B\n[[A]]\n");
  CHECK_INT(S_wait_notes(&c, &id, 3), 3);
  const loam_val *res = S_call(&c, id++, "backlinks", S_params(&c, "path", "A.md"));
  CHECK_STR(S_str(&c, S_at(loam_val_get(res, "items"), 0), "text"), "[[A]]");
  S_put_file(ext, "Ext2.md", "# Ext2\n");
  CHECK_INT(S_wait_notes(&c, &id, 4), 4);
  CHECK(S_call(&c, id++, "backlinks", S_params(&c, "path", "Linked/Ext2.md")) != NULL);
  S_put_file(dir, ".obsidian/C.md", "# hidden\n");
  S_put_file(dir, "notes.txt", "not a note\n");
  S_path(path, sizeof(path), dir, "Sub");
  mkdir(path, 0700);
  S_put_file(dir, "Sub/D.md", "# D\n");
  CHECK_INT(S_wait_notes(&c, &id, 5), 5);
  S_path(path, sizeof(path), dir, "Sub/Deeper");
  mkdir(path, 0700);
  S_put_file(dir, "Sub/Deeper/E.md", "# E\n");
  CHECK_INT(S_wait_notes(&c, &id, 6), 6);
  S_path(path, sizeof(path), dir, "B.md");
  unlink(path);
  CHECK_INT(S_wait_notes(&c, &id, 5), 5);
  S_path(path, sizeof(path), dir, "Sub");
  S_path(to, sizeof(to), dir, "Moved");
  rename(path, to); /* a folder renamed: its notes move with it */
  CHECK_INT(S_wait_notes(&c, &id, 5), 5);
  S_put_file(dir, "Moved/Deeper/F.md", "# F\n"); /* and its new name is watched */
  CHECK_INT(S_wait_notes(&c, &id, 6), 6);
  CHECK(S_call(&c, id++, "backlinks", S_params(&c, "path", "Moved/Deeper/F.md")) != NULL);
  S_path(path, sizeof(path), dir, "Moved");
  S_path(to, sizeof(to), dir, ".trash");
  rename(path, to); /* a folder moved out of sight takes its notes along */
  CHECK_INT(S_wait_notes(&c, &id, 3), 3);
  S_stop(&c);
  char cmd[1400];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, ext);
  CHECK_INT(system(cmd), 0);
}

/* Whether an index_changed event naming `path` has come (waiting up to
 * the timeout for it), and it was the only path in its event. */
static int S_saw_index_changed(S_client *c, const char *path) {
  for (int waited = 0; waited <= S_TIMEOUT_MS; waited += 20) {
    for (size_t i = 0; c->events && i < c->events->u.a.len; i++) {
      const loam_val *args = S_at(S_at(c->events->u.a.items[i], 2), 1);
      const loam_val *paths = loam_val_get(S_at(args, 1), "paths");
      if (S_at(args, 0) && strcmp(S_at(args, 0)->u.s.ptr, "index_changed") == 0 &&
          S_len(paths) == 1 && strcmp(S_at(paths, 0)->u.s.ptr, path) == 0)
        return 1;
    }
    S_recv_within(c, 20); /* anything but an event would be a stray answer */
  }
  return 0;
}

TEST(a_note_changed_on_disk_is_announced_as_index_changed) {
  char dir[] = "/tmp/loam-test-vault-XXXXXX", path[600];
  if (!mkdtemp(dir)) {
    TEST_FAIL_AT("mkdtemp failed");
    return;
  }
  S_put_file(dir, "A.md", "# A\n");
  S_client c;
  S_START(&c, dir);
  CHECK(S_call(&c, 1, "stats", NULL) != NULL); /* the watch is running */
  S_put_file(dir, "B.md", "# B\n[[A]]\n");
  CHECK(S_saw_index_changed(&c, "B.md"));
  /* The index is current when the event is sent. */
  const loam_val *res = S_call(&c, 2, "backlinks", S_params(&c, "path", "A.md"));
  CHECK_STR(S_str(&c, S_at(loam_val_get(res, "items"), 0), "path"), "B.md");
  S_path(path, sizeof(path), dir, "B.md");
  unlink(path); /* a removed note is announced too */
  c.events = NULL;
  CHECK(S_saw_index_changed(&c, "B.md"));
  CHECK_INT(S_len(loam_val_get(S_call(&c, 3, "backlinks", S_params(&c, "path", "A.md")), "items")),
            0);
  /* Hidden folders and other files are not notes: nothing is announced. */
  S_path(path, sizeof(path), dir, ".obsidian");
  mkdir(path, 0700);
  S_put_file(dir, ".obsidian/C.md", "# C\n");
  S_put_file(dir, "notes.txt", "text\n");
  c.events = NULL;
  CHECK(S_recv_within(&c, S_QUIET_MS) == NULL);
  CHECK(c.events == NULL);
  S_stop(&c);
  char cmd[700];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  CHECK_INT(system(cmd), 0);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  RUN(a_request_split_across_two_writes_is_answered);
  RUN(two_requests_in_one_write_get_two_answers_in_order);
  RUN(params_may_be_empty_in_every_form);
  RUN(a_malformed_request_with_an_id_gets_an_error);
  RUN(a_malformed_message_without_an_id_is_dropped_and_the_server_lives);
  RUN(an_unknown_method_is_a_protocol_error);
  RUN(garbage_bytes_are_skipped_without_an_answer);
  RUN(a_notification_with_reply_answers_through_nvim_exec_lua);
  RUN(requests_from_a_file_on_stdin_are_answered_into_a_file);
  RUN(complete_ranks_the_note_before_its_alias);
  RUN(complete_offers_aliases_headings_and_blocks);
  RUN(complete_caps_at_limit_and_says_so);
  RUN(resolve_finds_the_heading_line_of_a_target);
  RUN(resolve_reads_the_link_under_the_cursor);
  RUN(backlinks_list_linking_lines_newest_first);
  RUN(related_explains_each_score);
  RUN(stats_counts_the_vault_and_lists_parse_errors);
  RUN(query_runs_text_or_the_block_under_the_cursor);
  RUN(note_changed_indexes_buffer_text);
  RUN(an_error_in_a_tasks_block_points_at_the_note_line);
  RUN(the_watch_follows_files_and_folders_on_disk);
  RUN(a_note_changed_on_disk_is_announced_as_index_changed);
  return test_report();
}
