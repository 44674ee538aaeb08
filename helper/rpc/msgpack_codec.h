/*
 * msgpack_codec.h: loam_val <-> msgpack, and message framing on a byte stream.
 *
 * The frame reader is incremental: bytes are fed as they arrive, and
 * loam_mp_frame_next() hands out whole messages one at a time. A partial
 * message means "wait for more bytes", never an error. Before msgpack-c sees
 * a message, a skim over its headers checks that the message is complete,
 * nests at most LOAM_MP_MAX_DEPTH deep and fits in LOAM_MP_MAX_MESSAGE
 * bytes; so a header that promises four billion items cannot make msgpack-c
 * allocate for them, and msgpack-c never holds a half-parsed message.
 *
 * Decoding: bin is read as a string (Neovim sends Lua strings with invalid
 * UTF-8 as bin); ext values (Neovim's Buffer/Window/Tabpage handles) become
 * nil; map pairs whose key is not a string or bin are dropped; unsigned
 * integers above INT64_MAX become floats.
 */
#ifndef LOAM_MSGPACK_CODEC_H
#define LOAM_MSGPACK_CODEC_H

#include <stddef.h>

#include <msgpack.h>

#include "val.h"

#define LOAM_MP_MAX_DEPTH 32                   /* msgpack-c's own limit */
#define LOAM_MP_MAX_MESSAGE ((size_t)64 << 20) /* bytes in one message */

/* Converts a decoded msgpack object into a value allocated in `a`. */
loam_val *loam_mp_to_val(loam_arena *a, const msgpack_object *o);
/* Appends `v` (NULL packs as nil) to the packer's buffer. */
void loam_mp_pack_val(msgpack_packer *pk, const loam_val *v);

typedef enum {
  LOAM_FRAME_GARBAGE = -1, /* bytes that are not msgpack; they were dropped */
  LOAM_FRAME_NEED_MORE = 0,
  LOAM_FRAME_MSG = 1
} loam_frame_status;

typedef struct {
  msgpack_unpacker unp;
  msgpack_unpacked res;
  size_t dropped; /* bytes dropped by the last resynchronisation */
} loam_mp_frame;

void loam_mp_frame_init(loam_mp_frame *fr);
void loam_mp_frame_free(loam_mp_frame *fr);
/* Copies n bytes into the frame's buffer. */
void loam_mp_frame_feed(loam_mp_frame *fr, const char *buf, size_t n);
/*
 * Takes the next whole message out of the buffer: LOAM_FRAME_MSG with *out
 * set (allocated in `a`), LOAM_FRAME_NEED_MORE when the buffer holds at most
 * a partial message, or LOAM_FRAME_GARBAGE when bytes that cannot start or
 * continue a message were found: they are dropped up to the next byte that
 * could start a request or notification (a 3- or 4-item array), fr->dropped
 * says how many, and the caller simply calls again.
 */
loam_frame_status loam_mp_frame_next(loam_mp_frame *fr, loam_arena *a, loam_val **out);
/* Bytes buffered and not yet handed out. */
size_t loam_mp_frame_pending(const loam_mp_frame *fr);

#endif
