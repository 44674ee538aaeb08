/*
 * server.c: `loam serve`, msgpack-RPC on stdin/stdout (see server.h and
 * rpc/PROTOCOL.md).
 *
 * One libuv loop runs everything: reading stdin, writing stdout and the
 * vault watch (vault/watch.c). All state lives in one S_server that
 * loam_serve() allocates and frees; handles reach it through `data`.
 *
 * Reading: stdin is a pipe or socket when an editor starts the helper (read
 * with uv_read_start), a tty when a person runs it by hand, or a regular
 * file / character device under redirection (read with uv_fs_read, which
 * libuv runs on its thread pool, chained until end of file). Every chunk
 * goes into the incremental frame reader (msgpack_codec.c): a message
 * split across reads waits for its remaining bytes; several messages in one
 * read are all handled, in order.
 *
 * Handling: each message gets its own arena, freed right after it is
 * answered. Requests get a response; notifications carrying `_reply` get
 * an `nvim_exec_lua` notification back; other notifications are run and
 * their results dropped. Malformed messages get an error response when they
 * carry a usable msgid, and are logged otherwise; garbage is logged and
 * skipped by the frame reader.
 *
 * Writing: every message is packed whole into one buffer and handed to
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
#include "methods.h"
#include "msgpack_codec.h"

#ifndef LOAM_VERSION
#define LOAM_VERSION "0.0.0"
#endif

#define S_READ_SIZE 65536
#define S_REPLY_LUA "return require('loam.client')._on_reply(...)"

typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_pipe_t pipe;
  uv_tty_t tty;
  uv_tcp_t tcp;
} S_stdio;

typedef struct {
  uv_loop_t loop;
  S_stdio in, out;
  int in_stream, out_stream; /* 0: a file, read with uv_fs_read / written with write() */
  uv_fs_t in_req;
  uv_shutdown_t out_shutdown;
  char rbuf[S_READ_SIZE];
  loam_mp_frame frame;
  loam_ctx ctx;
  loam_watch *watch;
  FILE *log;
  int closing;
} S_server;

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

/* Packs `msg` whole and queues it. */
static void S_send(S_server *s, const loam_val *msg) {
  msgpack_sbuffer sb;
  msgpack_packer pk;
  msgpack_sbuffer_init(&sb);
  msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
  loam_mp_pack_val(&pk, msg);
  size_t n = sb.size;
  char *data = msgpack_sbuffer_release(&sb);
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

/* An array of the n values that follow (NULL stands for nil). */
static loam_val *S_tuple(loam_arena *a, size_t n, ...) {
  loam_val *arr = loam_val_array(a);
  va_list ap;
  va_start(ap, n);
  for (size_t i = 0; i < n; i++) loam_val_push(a, arr, va_arg(ap, loam_val *));
  va_end(ap);
  return arr;
}

/* [1, id, error, result] */
static void S_respond(S_server *s, loam_arena *a, const loam_val *id, loam_val *error,
                      loam_val *result) {
  S_send(s, S_tuple(a, 4, loam_val_int(a, 1), (loam_val *)id, error, error ? NULL : result));
}

/* [2, "nvim_exec_lua", [code, [reply, error, result]]] */
static void S_reply_async(S_server *s, loam_arena *a, const loam_val *reply, loam_val *error,
                          loam_val *result) {
  loam_val *args = S_tuple(a, 3, (loam_val *)reply, error, error ? NULL : result);
  S_send(s, S_tuple(a, 3, loam_val_int(a, 2), loam_val_cstr(a, "nvim_exec_lua"),
                    S_tuple(a, 2, loam_val_cstr(a, S_REPLY_LUA), args)));
}

/* ---- dispatch ---------------------------------------------------------- */

static loam_val *S_error_val(loam_arena *a, int code, const char *fmt, const char *what, size_t n) {
  loam_error err = {0};
  loam_error_set(&err, code, 0, 0, fmt, (int)n, what);
  return loam_error_to_val(a, &err);
}

/*
 * Runs `method` on params. Returns the error value (NULL on success) and
 * sets *result. The time each call takes goes to the log.
 */
static loam_val *S_call(S_server *s, const loam_val *method, const loam_val *params, loam_arena *a,
                        loam_val **result) {
  const char *name = method->u.s.ptr;
  int nlen = (int)method->u.s.len;
  const loam_method *m = loam_method_find(name, method->u.s.len);
  *result = NULL;
  if (!m) {
    S_log(s, "unknown method: %.*s", nlen, name);
    return S_error_val(a, LOAM_E_PROTOCOL, "unknown method: %.*s", name, method->u.s.len);
  }
  loam_error err = {0};
  uint64_t t0 = uv_hrtime();
  int rc = m->fn(&s->ctx, params, a, result, &err);
  double ms = (double)(uv_hrtime() - t0) / 1e6;
  if (rc != 0) {
    if (!err.code) err.code = rc;
    S_log(s, "%.*s: %s (%.2f ms)", nlen, name, err.msg, ms);
    return loam_error_to_val(a, &err);
  }
  S_log(s, "%.*s (%.2f ms)", nlen, name, ms);
  if (!*result) *result = loam_val_nil(a);
  return NULL;
}

/* The params of a message: `[map]`, `[]` (an empty map) or a bare map.
 * Neovim packs an empty Lua table as an array, so `[[]]` is `{}` too. */
static const loam_val *S_params(loam_arena *a, const loam_val *p) {
  if (p->type == LOAM_VAL_MAP) return p;
  if (p->type != LOAM_VAL_ARRAY || p->u.a.len > 1) return NULL;
  const loam_val *first = p->u.a.len ? p->u.a.items[0] : NULL;
  if (!first || (first->type == LOAM_VAL_ARRAY && first->u.a.len == 0)) return loam_val_map(a);
  return first->type == LOAM_VAL_MAP ? first : NULL;
}

static int S_is_int(const loam_val *v, int64_t i) { return v->type == LOAM_VAL_INT && v->u.i == i; }

/* The msgid of a malformed message, when it has one an answer can carry. */
static const loam_val *S_usable_id(const loam_val *msg) {
  if (msg->type != LOAM_VAL_ARRAY || msg->u.a.len < 2) return NULL;
  const loam_val *id = msg->u.a.items[1];
  if (id->type != LOAM_VAL_INT || id->u.i < 0 || id->u.i > UINT32_MAX) return NULL;
  return S_is_int(msg->u.a.items[0], 0) || msg->u.a.len == 4 ? id : NULL;
}

static void S_malformed(S_server *s, const loam_val *msg, loam_arena *a, const char *why) {
  const loam_val *id = S_usable_id(msg);
  S_log(s, "malformed message (%s)%s", why, id ? "" : ", dropped");
  if (id)
    S_respond(s, a, id,
              S_error_val(a, LOAM_E_PROTOCOL, "malformed message: %.*s", why, strlen(why)), NULL);
}

static void S_request(S_server *s, const loam_val *msg, loam_arena *a) {
  loam_val *const *it = msg->u.a.items;
  if (!S_usable_id(msg)) {
    S_malformed(s, msg, a, "msgid is not an unsigned integer");
    return;
  }
  if (it[2]->type != LOAM_VAL_STR) {
    S_malformed(s, msg, a, "method is not a string");
    return;
  }
  const loam_val *params = S_params(a, it[3]);
  loam_val *result = NULL, *error;
  if (!params) {
    error = S_error_val(a, LOAM_E_PARAMS, "params of %.*s must be a map or [map]", it[2]->u.s.ptr,
                        it[2]->u.s.len);
  } else {
    error = S_call(s, it[2], params, a, &result);
  }
  S_respond(s, a, it[1], error, result);
}

static void S_notification(S_server *s, const loam_val *msg, loam_arena *a) {
  loam_val *const *it = msg->u.a.items;
  if (it[1]->type != LOAM_VAL_STR) {
    S_malformed(s, msg, a, "method is not a string");
    return;
  }
  const loam_val *params = S_params(a, it[2]);
  const loam_val *reply = params ? loam_val_get(params, "_reply") : NULL;
  if (reply && reply->type == LOAM_VAL_NIL) reply = NULL;
  loam_val *result = NULL, *error;
  if (!params) {
    error = S_error_val(a, LOAM_E_PARAMS, "params of %.*s must be a map or [map]", it[1]->u.s.ptr,
                        it[1]->u.s.len);
    S_log(s, "notification %.*s: params must be a map", (int)it[1]->u.s.len, it[1]->u.s.ptr);
  } else {
    error = S_call(s, it[1], params, a, &result);
  }
  if (reply) S_reply_async(s, a, reply, error, result);
}

static void S_handle(S_server *s, const loam_val *msg, loam_arena *a) {
  if (msg->type != LOAM_VAL_ARRAY || msg->u.a.len == 0) {
    S_malformed(s, msg, a, "not an array");
    return;
  }
  const loam_val *type = msg->u.a.items[0];
  size_t len = msg->u.a.len;
  if (S_is_int(type, 0) && len == 4)
    S_request(s, msg, a);
  else if (S_is_int(type, 2) && len == 3)
    S_notification(s, msg, a);
  else if (S_is_int(type, 1) && len == 4)
    S_log(s, "ignoring a response: loam sends no requests");
  else
    S_malformed(s, msg, a,
                type->type == LOAM_VAL_INT ? "wrong length or type" : "type is not an integer");
}

/* Handles every whole message now in the frame reader. */
static void S_on_bytes(S_server *s, const char *buf, size_t n) {
  loam_mp_frame_feed(&s->frame, buf, n);
  for (;;) {
    loam_arena a = {0};
    loam_val *msg;
    loam_frame_status st = loam_mp_frame_next(&s->frame, &a, &msg);
    if (st == LOAM_FRAME_MSG)
      S_handle(s, msg, &a);
    else if (st == LOAM_FRAME_GARBAGE)
      S_log(s, "dropped %zu bytes that are not msgpack-RPC", s->frame.dropped);
    loam_arena_free(&a);
    if (st == LOAM_FRAME_NEED_MORE) break;
  }
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
    S_on_bytes(s, buf->base, (size_t)nread);
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
    S_on_bytes(s, s->rbuf, (size_t)n);
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
  if (opts->protocol != LOAM_PROTO_MSGPACK) {
    fprintf(stderr, "loam: --protocol jsonrpc is not implemented yet\n");
    return 2;
  }
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
  S_log(s, "loam %s serving %s: %zu notes in %.3f s", LOAM_VERSION, loam_vault_root(s->ctx.vault),
        st.notes, st.seconds);
  return 0;
}

int loam_serve(const loam_serve_opts *opts) {
  S_server *s = loam_xcalloc(1, sizeof(*s)); /* big (read buffer): not on the stack */
  int status = S_setup(s, opts);
  if (status == 0) {
    signal(SIGPIPE, SIG_IGN);
    uv_loop_init(&s->loop);
    loam_mp_frame_init(&s->frame);
    s->out_stream = S_open_stdio(s, &s->out, STDOUT_FILENO, 0);
    s->watch = loam_watch_start(&s->loop, s->ctx.vault, S_watch_log, s);
    S_start_input(s);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    /* Normally empty by now; a handle left open would make close fail. */
    uv_walk(&s->loop, S_close_walk_cb, NULL);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&s->loop) != 0) S_log(s, "loop did not close cleanly");
    loam_mp_frame_free(&s->frame);
  }
  loam_vault_free(s->ctx.vault);
  if (s->log) fclose(s->log);
  free(s);
  return status;
}
