/*
 * server.c: `loam serve`, the editors' helper on stdin/stdout: msgpack-RPC
 * for Neovim, JSON-RPC 2.0 with Content-Length framing for Vim (see
 * server.h and rpc/PROTOCOL.md).
 *
 * One libuv loop runs everything: reading stdin, writing stdout and the
 * vault watch (vault/watch.c). All state lives in one S_server that
 * loam_serve() allocates and frees; handles reach it through `data`.
 *
 * Transports: what differs between the two protocols is an S_transport,
 * chosen once at start: how received bytes become messages (the frame
 * readers of msgpack_codec.c and json_codec.c), how a message's shape maps
 * to "a request with this id, method and params", and how answers and
 * events are written. Everything else is shared: reading, writing, the
 * dispatch to the methods (S_dispatch: params normalised, the call timed
 * and logged, errors as loam_error), so a method behaves the same to both
 * editors.
 *
 * Reading: stdin is a pipe or socket when an editor starts the helper (read
 * with uv_read_start), a tty when a person runs it by hand, or a regular
 * file / character device under redirection (read with uv_fs_read, which
 * libuv runs on its thread pool, chained until end of file). Every chunk
 * goes into the transport's incremental frame reader: a message split
 * across reads waits for its remaining bytes; several messages in one read
 * are all handled, in order.
 *
 * Handling: each message gets its own arena, freed right after it is
 * answered. msgpack: requests get a response; notifications carrying
 * `_reply` get an `nvim_exec_lua` notification back; other notifications
 * are run and their results dropped; malformed messages get an error
 * response when they carry a usable msgid and are logged otherwise.
 * JSON-RPC: requests get a response with the same id, notifications are run
 * and not answered, and what JSON-RPC 2.0 calls a parse error or an invalid
 * request is answered with an error whose id is null. Garbage is logged and
 * skipped by the frame readers.
 *
 * Events: after the watch re-indexes notes changed on disk, the editor is
 * told which (S_on_changed): an `nvim_exec_lua` call of the Lua client's
 * `_on_event`, or a `loam/indexChanged` notification.
 *
 * Writing: every message is encoded whole into one buffer and handed to
 * uv_write() in one call, so libuv's ordered write queue can never
 * interleave two messages. When stdout is a regular file (redirection, a
 * test capturing output), libuv cannot poll it, and the buffer is written
 * with blocking write() instead. SIGPIPE is ignored so a vanished editor
 * shows up as a write error in the log rather than killing the helper.
 *
 * Shutdown: end of file on stdin closes the input, stops the watch and
 * shuts stdout down after the queued writes; the loop then runs dry and
 * everything is freed, so LeakSanitizer sees nothing left.
 */
#include "server.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <msgpack.h>
#include <uv.h>

#include "../common/error.h"
#include "../vault/vault.h"
#include "../vault/watch.h"
#include "json_codec.h"
#include "methods.h"
#include "msgpack_codec.h"

#ifndef LOAM_VERSION
#define LOAM_VERSION "0.0.0"
#endif

#define S_READ_SIZE 65536
#define S_REPLY_LUA "return require('loam.client')._on_reply(...)"
#define S_EVENT_LUA "return require('loam.client')._on_event(...)"

typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_pipe_t pipe;
  uv_tty_t tty;
  uv_tcp_t tcp;
} S_stdio;

typedef struct S_server S_server;

/* What differs between msgpack-RPC and JSON-RPC (see the file comment). */
typedef struct {
  const char *name;
  void (*init)(S_server *s);
  void (*free)(S_server *s);
  /* Buffers n received bytes and handles every whole message. */
  void (*on_bytes)(S_server *s, const char *buf, size_t n);
  /* Tells the editor about event `name` (snake_case) with `data`. */
  void (*event)(S_server *s, loam_arena *a, const char *name, loam_val *data);
} S_transport;

struct S_server {
  uv_loop_t loop;
  S_stdio in, out;
  int in_stream, out_stream; /* 0: a file, read with uv_fs_read / written with write() */
  uv_fs_t in_req;
  uv_shutdown_t out_shutdown;
  char rbuf[S_READ_SIZE];
  const S_transport *t;
  loam_mp_frame mp;     /* msgpack transport */
  loam_json_frame json; /* JSON-RPC transport */
  loam_ctx ctx;
  loam_watch *watch;
  FILE *log;
  int closing;
};

typedef struct {
  uv_write_t req;
  uv_buf_t buf;
} S_write;

/* ---- log --------------------------------------------------------------- */

static void S_log(S_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void S_log(S_server *s, const char *fmt, ...) {
  if (!s->log) return;
  char stamp[32];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
  fprintf(s->log, "%s ", stamp);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(s->log, fmt, ap);
  va_end(ap);
  fputc('\n', s->log);
  fflush(s->log);
}

/* The watch's lines go to the same log. */
static void S_watch_log(void *ud, const char *line) { S_log(ud, "watch: %s", line); }

/* ---- stdio handles ----------------------------------------------------- */

/* Opens fd as a libuv stream when it is one. Returns 1, or 0 for a file
 * (or anything libuv cannot poll), which the caller handles by hand. */
static int S_open_stdio(S_server *s, S_stdio *h, int fd, int readable) {
  int rc = -1;
  switch (uv_guess_handle(fd)) {
  case UV_NAMED_PIPE:
    if ((rc = uv_pipe_init(&s->loop, &h->pipe, 0)) == 0 && (rc = uv_pipe_open(&h->pipe, fd)) != 0)
      uv_close(&h->handle, NULL);
    break;
  case UV_TTY: rc = uv_tty_init(&s->loop, &h->tty, fd, readable); break;
  case UV_TCP:
    if ((rc = uv_tcp_init(&s->loop, &h->tcp)) == 0 && (rc = uv_tcp_open(&h->tcp, fd)) != 0)
      uv_close(&h->handle, NULL);
    break;
  default: return 0;
  }
  if (rc != 0) {
    S_log(s, "fd %d: %s; using plain %s", fd, uv_strerror(rc), readable ? "reads" : "writes");
    return 0;
  }
  h->handle.data = s;
  return 1;
}

/* ---- writing ----------------------------------------------------------- */

static void S_write_cb(uv_write_t *req, int status) {
  S_write *w = (S_write *)req;
  if (status < 0) S_log(req->data, "write: %s", uv_strerror(status));
  free(w->buf.base);
  free(w);
}

/* Blocking write of all n bytes; stdout may have been made non-blocking by
 * whoever shares it, so EAGAIN waits a moment and tries again. */
static void S_write_all(S_server *s, const char *p, size_t n) {
  while (n > 0) {
    ssize_t k = write(STDOUT_FILENO, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0 && errno == EAGAIN) {
      struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
      continue;
    }
    if (k < 0) {
      S_log(s, "write: %s", strerror(errno));
      return;
    }
    p += k, n -= (size_t)k;
  }
}

/* Queues n bytes of `data` (malloc'd; this takes it) as one write. */
static void S_send_bytes(S_server *s, char *data, size_t n) {
  if (!s->out_stream) {
    S_write_all(s, data, n);
    free(data);
    return;
  }
  S_write *w = loam_xmalloc(sizeof(*w));
  w->buf = uv_buf_init(data, (unsigned)n);
  w->req.data = s;
  int rc = uv_write(&w->req, &s->out.stream, &w->buf, 1, S_write_cb);
  if (rc < 0) {
    S_log(s, "write: %s", uv_strerror(rc));
    free(data);
    free(w);
  }
}

/* ---- dispatch (shared by both transports) ------------------------------ */

/* The params of a message: `[map]`, `[]` (an empty map) or a bare map;
 * NULL (JSON-RPC's optional `params` left out) is an empty map too.
 * Neovim packs an empty Lua table as an array, so `[[]]` is `{}` as well.
 * Returns NULL for any other shape. */
static const loam_val *S_params(loam_arena *a, const loam_val *p) {
  if (!p) return loam_val_map(a);
  if (p->type == LOAM_VAL_MAP) return p;
  if (p->type != LOAM_VAL_ARRAY || p->u.a.len > 1) return NULL;
  const loam_val *first = p->u.a.len ? p->u.a.items[0] : NULL;
  if (!first || (first->type == LOAM_VAL_ARRAY && first->u.a.len == 0)) return loam_val_map(a);
  return first->type == LOAM_VAL_MAP ? first : NULL;
}

/*
 * Runs method `method` (a string value) on the message's raw params.
 * Returns 0 with *result set (nil when the method gave none), or a LOAM_E_*
 * code with err filled: LOAM_E_PROTOCOL for an unknown method (only that),
 * LOAM_E_PARAMS for params of the wrong shape, else the method's own. The
 * time each call takes goes to the log.
 */
static int S_dispatch(S_server *s, const loam_val *method, const loam_val *raw_params,
                      loam_arena *a, loam_val **result, loam_error *err) {
  const char *name = method->u.s.ptr;
  int nlen = (int)method->u.s.len;
  const loam_method *m = loam_method_find(name, method->u.s.len);
  const loam_val *params = S_params(a, raw_params);
  *result = NULL;
  if (!m) {
    S_log(s, "unknown method: %.*s", nlen, name);
    return loam_error_set(err, LOAM_E_PROTOCOL, 0, 0, "unknown method: %.*s", nlen, name);
  }
  if (!params) {
    S_log(s, "%.*s: params must be a map", nlen, name);
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "params of %.*s must be a map or [map]", nlen,
                          name);
  }
  uint64_t t0 = uv_hrtime();
  int rc = m->fn(&s->ctx, params, a, result, err);
  double ms = (double)(uv_hrtime() - t0) / 1e6;
  if (rc != 0) {
    if (!err->code) err->code = rc;
    S_log(s, "%.*s: %s (%.2f ms)", nlen, name, err->msg, ms);
    return err->code;
  }
  S_log(s, "%.*s (%.2f ms)", nlen, name, ms);
  if (!*result) *result = loam_val_nil(a);
  return 0;
}

/* An array of the n values that follow (NULL stands for nil). */
static loam_val *S_tuple(loam_arena *a, size_t n, ...) {
  loam_val *arr = loam_val_array(a);
  va_list ap;
  va_start(ap, n);
  for (size_t i = 0; i < n; i++) loam_val_push(a, arr, va_arg(ap, loam_val *));
  va_end(ap);
  return arr;
}

static int S_is_int(const loam_val *v, int64_t i) { return v->type == LOAM_VAL_INT && v->u.i == i; }

/* ---- msgpack-RPC (Neovim) ---------------------------------------------- */

/* Packs `msg` whole and queues it. */
static void S_mp_send(S_server *s, const loam_val *msg) {
  msgpack_sbuffer sb;
  msgpack_packer pk;
  msgpack_sbuffer_init(&sb);
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  loam_mp_pack_val(&pk, msg);
  size_t n = sb.size;
  S_send_bytes(s, msgpack_sbuffer_release(&sb), n);
}

/* [1, id, error, result]; error is the error map when rc != 0. */
static void S_mp_respond(S_server *s, loam_arena *a, const loam_val *id, int rc,
                         const loam_error *err, loam_val *result) {
  loam_val *error = rc ? loam_error_to_val(a, err) : NULL;
  S_mp_send(s, S_tuple(a, 4, loam_val_int(a, 1), (loam_val *)id, error, rc ? NULL : result));
}

/* [2, "nvim_exec_lua", [code, args]] */
static void S_mp_exec_lua(S_server *s, loam_arena *a, const char *code, loam_val *args) {
  S_mp_send(s, S_tuple(a, 3, loam_val_int(a, 2), loam_val_cstr(a, "nvim_exec_lua"),
                       S_tuple(a, 2, loam_val_cstr(a, code), args)));
}

/* The msgid of a malformed message, when it has one an answer can carry. */
static const loam_val *S_mp_usable_id(const loam_val *msg) {
  if (msg->type != LOAM_VAL_ARRAY || msg->u.a.len < 2) return NULL;
  const loam_val *id = msg->u.a.items[1];
  if (id->type != LOAM_VAL_INT || id->u.i < 0 || id->u.i > UINT32_MAX) return NULL;
  return S_is_int(msg->u.a.items[0], 0) || msg->u.a.len == 4 ? id : NULL;
}

static void S_mp_malformed(S_server *s, const loam_val *msg, loam_arena *a, const char *why) {
  const loam_val *id = S_mp_usable_id(msg);
  S_log(s, "malformed message (%s)%s", why, id ? "" : ", dropped");
  if (!id) return;
  loam_error err = {0};
  loam_error_set(&err, LOAM_E_PROTOCOL, 0, 0, "malformed message: %s", why);
  S_mp_respond(s, a, id, LOAM_E_PROTOCOL, &err, NULL);
}

/* [0, msgid, method, params] */
static void S_mp_request(S_server *s, const loam_val *msg, loam_arena *a) {
  loam_val *const *it = msg->u.a.items;
  if (!S_mp_usable_id(msg)) {
    S_mp_malformed(s, msg, a, "msgid is not an unsigned integer");
    return;
  }
  if (it[2]->type != LOAM_VAL_STR) {
    S_mp_malformed(s, msg, a, "method is not a string");
    return;
  }
  loam_error err = {0};
  loam_val *result;
  int rc = S_dispatch(s, it[2], it[3], a, &result, &err);
  S_mp_respond(s, a, it[1], rc, &err, result);
}

/* [2, method, params]; answered through nvim_exec_lua when params carry
 * `_reply` (PROTOCOL.md, "Asynchronous requests from Neovim"). */
static void S_mp_notification(S_server *s, const loam_val *msg, loam_arena *a) {
  loam_val *const *it = msg->u.a.items;
  if (it[1]->type != LOAM_VAL_STR) {
    S_mp_malformed(s, msg, a, "method is not a string");
    return;
  }
  const loam_val *params = S_params(a, it[2]);
  const loam_val *reply = params ? loam_val_get(params, "_reply") : NULL;
  if (reply && reply->type == LOAM_VAL_NIL) reply = NULL;
  loam_error err = {0};
  loam_val *result;
  int rc = S_dispatch(s, it[1], it[2], a, &result, &err);
  if (!reply) return;
  loam_val *error = rc ? loam_error_to_val(a, &err) : NULL;
  S_mp_exec_lua(s, a, S_REPLY_LUA, S_tuple(a, 3, (loam_val *)reply, error, rc ? NULL : result));
}

static void S_mp_handle(S_server *s, const loam_val *msg, loam_arena *a) {
  if (msg->type != LOAM_VAL_ARRAY || msg->u.a.len == 0) {
    S_mp_malformed(s, msg, a, "not an array");
    return;
  }
  const loam_val *type = msg->u.a.items[0];
  size_t len = msg->u.a.len;
  if (S_is_int(type, 0) && len == 4)
    S_mp_request(s, msg, a);
  else if (S_is_int(type, 2) && len == 3)
    S_mp_notification(s, msg, a);
  else if (S_is_int(type, 1) && len == 4)
    S_log(s, "ignoring a response: loam sends no requests");
  else
    S_mp_malformed(s, msg, a,
                   type->type == LOAM_VAL_INT ? "wrong length or type" : "type is not an integer");
}

static void S_mp_on_bytes(S_server *s, const char *buf, size_t n) {
  loam_mp_frame_feed(&s->mp, buf, n);
  for (;;) {
    loam_arena a = {0};
    loam_val *msg;
    loam_frame_status st = loam_mp_frame_next(&s->mp, &a, &msg);
    if (st == LOAM_FRAME_MSG)
      S_mp_handle(s, msg, &a);
    else if (st == LOAM_FRAME_GARBAGE)
      S_log(s, "dropped %zu bytes that are not msgpack-RPC", s->mp.dropped);
    loam_arena_free(&a);
    if (st == LOAM_FRAME_NEED_MORE) break;
  }
}

/* [2, "nvim_exec_lua", ["return require('loam.client')._on_event(...)", [name, data]]] */
static void S_mp_event(S_server *s, loam_arena *a, const char *name, loam_val *data) {
  S_mp_exec_lua(s, a, S_EVENT_LUA, S_tuple(a, 2, loam_val_cstr(a, name), data));
}

static void S_mp_init(S_server *s) { loam_mp_frame_init(&s->mp); }
static void S_mp_free(S_server *s) { loam_mp_frame_free(&s->mp); }

static const S_transport S_msgpack = {"msgpack-RPC", S_mp_init, S_mp_free, S_mp_on_bytes,
                                      S_mp_event};

/* ---- JSON-RPC 2.0 (Vim) ------------------------------------------------ */

/* JSON-RPC's own error codes, and where loam's codes go. */
enum {
  S_JSON_PARSE_ERROR = -32700,
  S_JSON_INVALID_REQUEST = -32600,
  S_JSON_METHOD_NOT_FOUND = -32601,
  S_JSON_INVALID_PARAMS = -32602,
  S_JSON_SERVER_ERROR = -32000 /* + a LOAM_E_* code: -32001 ... -32009 */
};

/* The JSON-RPC error code of a S_dispatch() failure. */
static int S_json_code(int rc) {
  if (rc == LOAM_E_PROTOCOL) return S_JSON_METHOD_NOT_FOUND;
  if (rc == LOAM_E_PARAMS) return S_JSON_INVALID_PARAMS;
  return S_JSON_SERVER_ERROR + rc;
}

static void S_json_send(S_server *s, const loam_val *msg) {
  loam_strbuf b = {0};
  loam_json_frame_write(&b, msg);
  size_t n = b.len;
  S_send_bytes(s, loam_strbuf_detach(&b), n);
}

/* {"jsonrpc": "2.0", ...}: the start of every message loam sends. */
static loam_val *S_json_msg(loam_arena *a) {
  loam_val *m = loam_val_map(a);
  loam_val_set(a, m, "jsonrpc", loam_val_cstr(a, "2.0"));
  return m;
}

/* A response to id (NULL: null). With code != 0 it is an error whose `data`
 * is loam's own error map {code, message, line?, col?}. */
static void S_json_respond(S_server *s, loam_arena *a, const loam_val *id, int code,
                           const loam_error *err, loam_val *result) {
  loam_val *m = S_json_msg(a);
  loam_val_set(a, m, "id", id ? (loam_val *)id : loam_val_nil(a));
  if (code) {
    loam_val *e = loam_val_map(a);
    loam_val_set(a, e, "code", loam_val_int(a, code));
    loam_val_set(a, e, "message", loam_val_cstr(a, err->msg[0] ? err->msg : "error"));
    loam_val_set(a, e, "data", loam_error_to_val(a, err));
    loam_val_set(a, m, "error", e);
  } else {
    loam_val_set(a, m, "result", result);
  }
  S_json_send(s, m);
}

/* Answers a message that is no valid request: to its id when it has a
 * usable one, else to null, as JSON-RPC 2.0 asks. */
static void S_json_invalid(S_server *s, loam_arena *a, const loam_val *id, const char *why) {
  loam_error err = {0};
  loam_error_set(&err, LOAM_E_PROTOCOL, 0, 0, "invalid request: %s", why);
  S_log(s, "%s", err.msg);
  S_json_respond(s, a, id, S_JSON_INVALID_REQUEST, &err, NULL);
}

static void S_json_handle(S_server *s, const loam_val *msg, loam_arena *a) {
  if (msg->type != LOAM_VAL_MAP) {
    S_json_invalid(s, a, NULL,
                   msg->type == LOAM_VAL_ARRAY ? "batches are not supported" : "not an object");
    return;
  }
  const loam_val *id = loam_val_get(msg, "id"), *method = loam_val_get(msg, "method");
  const loam_val *version = loam_val_get(msg, "jsonrpc");
  if (!method && (loam_val_get(msg, "result") || loam_val_get(msg, "error"))) {
    S_log(s, "ignoring a response: loam sends no requests");
    return;
  }
  int usable_id = id && (id->type == LOAM_VAL_INT || id->type == LOAM_VAL_STR);
  if (id && !usable_id) {
    S_json_invalid(s, a, NULL, "id must be a number or a string");
  } else if (version && (version->type != LOAM_VAL_STR || version->u.s.len != 3 ||
                         memcmp(version->u.s.ptr, "2.0", 3) != 0)) {
    S_json_invalid(s, a, id, "jsonrpc must be \"2.0\"");
  } else if (!method || method->type != LOAM_VAL_STR) {
    S_json_invalid(s, a, id, "method must be a string");
  } else {
    loam_error err = {0};
    loam_val *result;
    const loam_val *params = loam_val_get(msg, "params");
    if (params && params->type == LOAM_VAL_NIL) params = NULL; /* `"params": null` as left out */
    int rc = S_dispatch(s, method, params, a, &result, &err);
    if (id) S_json_respond(s, a, id, rc ? S_json_code(rc) : 0, &err, result);
  }
}

static void S_json_on_bytes(S_server *s, const char *buf, size_t n) {
  loam_json_frame_feed(&s->json, buf, n);
  for (;;) {
    loam_arena a = {0};
    loam_val *msg;
    loam_json_frame_status st = loam_json_frame_next(&s->json, &a, &msg);
    if (st == LOAM_JSON_FRAME_MSG) {
      S_json_handle(s, msg, &a);
    } else if (st == LOAM_JSON_FRAME_BAD_JSON) {
      S_log(s, "parse error: %s", s->json.err.msg);
      S_json_respond(s, &a, NULL, S_JSON_PARSE_ERROR, &s->json.err, NULL);
    } else if (st == LOAM_JSON_FRAME_BAD_HEADER) {
      S_log(s, "dropped %zu bytes: %s", s->json.dropped, s->json.err.msg);
    }
    loam_arena_free(&a);
    if (st == LOAM_JSON_FRAME_NEED_MORE) break;
  }
}

/* A notification "loam/<name in camelCase>": index_changed -> loam/indexChanged. */
static void S_json_event(S_server *s, loam_arena *a, const char *name, loam_val *data) {
  loam_strbuf method = {0};
  loam_strbuf_puts(&method, "loam/");
  for (const char *p = name; *p; p++) {
    if (*p == '_' && p[1] >= 'a' && p[1] <= 'z')
      loam_strbuf_putc(&method, (char)(*++p - 'a' + 'A'));
    else
      loam_strbuf_putc(&method, *p);
  }
  loam_val *m = S_json_msg(a);
  loam_val_set(a, m, "method", loam_val_str(a, method.ptr, method.len));
  loam_val_set(a, m, "params", data);
  loam_strbuf_free(&method);
  S_json_send(s, m);
}

static void S_json_init(S_server *s) { loam_json_frame_init(&s->json); }
static void S_json_free(S_server *s) { loam_json_frame_free(&s->json); }

static const S_transport S_jsonrpc = {"JSON-RPC", S_json_init, S_json_free, S_json_on_bytes,
                                      S_json_event};

/* ---- events ------------------------------------------------------------ */

/* The watch re-indexed `paths`: tell the editor (index_changed). */
static void S_on_changed(void *ud, const char *const *paths, size_t n) {
  S_server *s = ud;
  if (s->closing) return;
  loam_arena a = {0};
  loam_val *list = loam_val_array(&a), *data = loam_val_map(&a);
  for (size_t i = 0; i < n; i++) loam_val_push(&a, list, loam_val_cstr(&a, paths[i]));
  loam_val_set(&a, data, "paths", list);
  s->t->event(s, &a, "index_changed", data);
  loam_arena_free(&a);
}

/* ---- reading and shutdown ---------------------------------------------- */

static void S_out_shutdown_cb(uv_shutdown_t *req, int status) {
  (void)status; /* a pipe the editor already closed is fine here */
  uv_close((uv_handle_t *)req->handle, NULL);
}

static void S_shutdown(S_server *s, const char *why) {
  if (s->closing) return;
  s->closing = 1;
  S_log(s, "shutting down: %s", why);
  if (s->in_stream) uv_close(&s->in.handle, NULL);
  loam_watch_stop(s->watch);
  s->watch = NULL;
  if (s->out_stream && uv_shutdown(&s->out_shutdown, &s->out.stream, S_out_shutdown_cb) != 0)
    uv_close(&s->out.handle, NULL);
}

static void S_alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  S_server *s = h->data;
  (void)suggested;
  *buf = uv_buf_init(s->rbuf, sizeof(s->rbuf));
}

static void S_read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  S_server *s = stream->data;
  if (nread > 0)
    s->t->on_bytes(s, buf->base, (size_t)nread);
  else if (nread == UV_EOF)
    S_shutdown(s, "end of input");
  else if (nread < 0)
    S_shutdown(s, uv_strerror((int)nread));
}

static void S_fs_read_start(S_server *s);

static void S_fs_read_cb(uv_fs_t *req) {
  S_server *s = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  if (n > 0) {
    s->t->on_bytes(s, s->rbuf, (size_t)n);
    S_fs_read_start(s);
  } else {
    S_shutdown(s, n == 0 ? "end of input" : uv_strerror((int)n));
  }
}

static void S_fs_read_start(S_server *s) {
  uv_buf_t buf = uv_buf_init(s->rbuf, sizeof(s->rbuf));
  s->in_req.data = s;
  int rc = uv_fs_read(&s->loop, &s->in_req, STDIN_FILENO, &buf, 1, -1, S_fs_read_cb);
  if (rc < 0) S_shutdown(s, uv_strerror(rc));
}

static void S_start_input(S_server *s) {
  s->in_stream = S_open_stdio(s, &s->in, STDIN_FILENO, 1);
  if (!s->in_stream) {
    S_fs_read_start(s);
    return;
  }
  int rc = uv_read_start(&s->in.stream, S_alloc_cb, S_read_cb);
  if (rc < 0) S_shutdown(s, uv_strerror(rc));
}

/* ---- life cycle -------------------------------------------------------- */

static void S_close_walk_cb(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

/* Opens the log and indexes the vault. Returns 0 or an exit status. */
static int S_setup(S_server *s, const loam_serve_opts *opts) {
  if (opts->log_path && !(s->log = fopen(opts->log_path, "a")))
    fprintf(stderr, "loam: cannot open log %s: %s\n", opts->log_path, strerror(errno));
  s->t = opts->protocol == LOAM_PROTO_JSONRPC ? &S_jsonrpc : &S_msgpack;
  s->ctx.vault = loam_vault_new(opts->vault);
  s->ctx.today = opts->today;
  loam_error err = {0};
  if (loam_vault_scan(s->ctx.vault, &err) != 0) {
    fprintf(stderr, "loam: %s\n", err.msg);
    S_log(s, "%s", err.msg);
    return 1;
  }
  loam_vault_stats st;
  loam_vault_stats_get(s->ctx.vault, &st);
  S_log(s, "loam %s serving %s over %s: %zu notes in %.3f s", LOAM_VERSION,
        loam_vault_root(s->ctx.vault), s->t->name, st.notes, st.seconds);
  return 0;
}

int loam_serve(const loam_serve_opts *opts) {
  S_server *s = loam_xcalloc(1, sizeof(*s)); /* big (read buffer): not on the stack */
  int status = S_setup(s, opts);
  if (status == 0) {
    signal(SIGPIPE, SIG_IGN);
    uv_loop_init(&s->loop);
    s->t->init(s);
    s->out_stream = S_open_stdio(s, &s->out, STDOUT_FILENO, 0);
    s->watch = loam_watch_start(&s->loop, s->ctx.vault, S_watch_log, s);
    loam_watch_on_changed(s->watch, S_on_changed, s);
    S_start_input(s);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    /* Normally empty by now; a handle left open would make close fail. */
    uv_walk(&s->loop, S_close_walk_cb, NULL);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&s->loop) != 0) S_log(s, "loop did not close cleanly");
    s->t->free(s);
  }
  loam_vault_free(s->ctx.vault);
  if (s->log) fclose(s->log);
  free(s);
  return status;
}
