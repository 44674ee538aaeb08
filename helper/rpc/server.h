/*
 * server.h: `loam serve`, the long-running helper the editors talk to.
 *
 * Reads requests from stdin and writes responses to stdout, on a libuv loop
 * (which also watches the vault for changes and announces re-indexed notes
 * as index_changed events). The protocol is msgpack-RPC (Neovim) or JSON-RPC
 * 2.0 with Content-Length framing (Vim's `lsp` channel mode); the methods are
 * the same (rpc/PROTOCOL.md). stdout carries protocol bytes only;
 * diagnostics go to the log file.
 */
#ifndef LOAM_SERVER_H
#define LOAM_SERVER_H

#include "../common/date.h"

typedef enum { LOAM_PROTO_MSGPACK, LOAM_PROTO_JSONRPC } loam_protocol;

typedef struct {
  const char *vault;    /* vault root directory */
  const char *log_path; /* NULL: no log */
  loam_date today;      /* LOAM_DATE_NONE: the real today */
  loam_protocol protocol;
} loam_serve_opts;

/* Runs until stdin closes. Returns the process exit status. */
int loam_serve(const loam_serve_opts *opts);

#endif
