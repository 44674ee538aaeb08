/*
 * json_codec.h: loam_val <-> JSON, and the `Content-Length` framing of
 * JSON-RPC 2.0 as Vim's `lsp` channel mode speaks it.
 *
 * Parsing is strict RFC 8259 JSON with three deliberate choices:
 * - Bytes inside strings that are not valid UTF-8 are kept as they are
 *   (Vim's json_encode() passes a buffer's Latin-1 bytes through raw), so a
 *   line from the editor reaches a method byte for byte, as over msgpack.
 *   The encoder (loam_val_to_json) writes them back as U+FFFD.
 * - `\u` escapes: a surrogate pair becomes its one code point; a lone
 *   surrogate becomes U+FFFD; `\u0000` is a NUL byte inside the string
 *   (strings are counted, not NUL-terminated).
 * - An integer that fits int64 is an integer; any other number (fraction,
 *   exponent, too large) is a double. A repeated key is kept twice, and
 *   lookups (loam_val_get) see the first.
 * Everything else that is not JSON (a trailing comma, a leading zero, a
 * control byte in a string, a BOM, text after the value, nesting deeper than
 * LOAM_JSON_MAX_DEPTH) is an error naming its line and column. Parsing never
 * reads past `len` and allocates only in the caller's arena.
 *
 * Why written here rather than jansson or json-c (both in Debian): the
 * framing already hands the parser one whole body, so their incremental
 * readers buy nothing; both build their own refcounted trees that would be
 * copied into loam_val again; jansson rejects the invalid UTF-8 Vim sends
 * and neither lets `\u0000` through by default; and every user building
 * the helper (Homebrew, other distributions) would need one more library.
 * The parser is ~300 lines with its limits in plain sight, tested with
 * pathological inputs in tests/c/test_json.c.
 *
 * Framing: a message is headers (`Content-Length: N`, others such as
 * `Content-Type` ignored; names case-insensitive; lines end in CRLF, a bare
 * LF is accepted), an empty line, then exactly N bytes of JSON. The frame
 * reader is incremental like the msgpack one: a partial message means
 * "wait for more bytes"; several messages in one read come out one by one.
 */
#ifndef LOAM_JSON_CODEC_H
#define LOAM_JSON_CODEC_H

#include <stddef.h>

#include "../common/error.h"
#include "../common/strbuf.h"
#include "val.h"

#define LOAM_JSON_MAX_DEPTH 32                   /* as LOAM_MP_MAX_DEPTH */
#define LOAM_JSON_MAX_MESSAGE ((size_t)64 << 20) /* bytes in one body */
#define LOAM_JSON_MAX_HEADER 4096                /* bytes of headers of one message */

/*
 * Parses the JSON text s[0..len) into a value allocated in `a`. Returns 0
 * and sets *out, or LOAM_E_PROTOCOL with err (may be NULL) holding the
 * 1-based line and byte column of the problem and *out NULL.
 */
int loam_json_parse(loam_arena *a, const char *s, size_t len, loam_val **out, loam_error *err);

/* Appends one framed message: `Content-Length: N\r\n\r\n` and `msg` as
 * compact JSON (loam_val_to_json; NULL is `null`). */
void loam_json_frame_write(loam_strbuf *out, const loam_val *msg);

typedef enum {
  LOAM_JSON_FRAME_BAD_HEADER = -2, /* headers that cannot be used were dropped */
  LOAM_JSON_FRAME_BAD_JSON = -1,   /* a whole body that is not JSON was dropped */
  LOAM_JSON_FRAME_NEED_MORE = 0,
  LOAM_JSON_FRAME_MSG = 1
} loam_json_frame_status;

typedef struct {
  loam_strbuf buf; /* bytes received; buf.ptr[off..len) not handed out yet */
  size_t off;
  size_t dropped; /* bytes dropped by the last BAD_HEADER */
  loam_error err; /* what was wrong, after BAD_HEADER or BAD_JSON */
} loam_json_frame;

void loam_json_frame_init(loam_json_frame *fr);
void loam_json_frame_free(loam_json_frame *fr);
/* Copies n bytes into the frame's buffer. */
void loam_json_frame_feed(loam_json_frame *fr, const char *buf, size_t n);
/*
 * Takes the next message out of the buffer:
 * - LOAM_JSON_FRAME_MSG: *out is its body, parsed into `a`;
 * - LOAM_JSON_FRAME_NEED_MORE: at most a partial message is buffered;
 * - LOAM_JSON_FRAME_BAD_JSON: a whole body arrived but is not JSON; it was
 *   consumed and fr->err says why (JSON-RPC answers this "Parse error");
 * - LOAM_JSON_FRAME_BAD_HEADER: the headers were unusable (no or a bad
 *   Content-Length, a body over LOAM_JSON_MAX_MESSAGE, more than
 *   LOAM_JSON_MAX_HEADER bytes without an empty line, bytes that are no
 *   header at all); bytes were dropped up to the next `Content-Length:`
 *   (fr->dropped says how many) and the caller simply calls again.
 */
loam_json_frame_status loam_json_frame_next(loam_json_frame *fr, loam_arena *a, loam_val **out);
/* Bytes buffered and not yet handed out. */
size_t loam_json_frame_pending(const loam_json_frame *fr);

#endif
