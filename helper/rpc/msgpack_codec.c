/*
 * msgpack_codec.c: loam_val <-> msgpack, and the incremental frame reader
 * (see msgpack_codec.h).
 *
 * Framing works in two steps. S_skim() walks the headers of the buffered
 * bytes (never the payloads) with a small stack of "items still to read"
 * counts, to learn whether one whole message is there and how long it is;
 * only then does msgpack_unpacker_next() parse it, so msgpack-c always
 * starts at a message boundary with a fresh context. The unparsed bytes are
 * read in place from the unpacker's buffer (its public `buffer`, `off` and
 * `used` fields), and resynchronisation after garbage advances `off`, which
 * is exactly what msgpack-c does itself after a parsed message.
 */
#include "msgpack_codec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/mem.h"

/* msgpack-c reports allocation failure by return value; loam aborts on it
 * like every other allocation (see mem.h). */
static void S_oom(void) {
  fprintf(stderr, "loam: out of memory (msgpack buffer)\n");
  abort();
}

/* ---- decoding ---------------------------------------------------------- */

static loam_val *S_to_val(loam_arena *a, const msgpack_object *o, int depth);

static void S_map_to_val(loam_arena *a, const msgpack_object *o, loam_val *map, int depth) {
  for (uint32_t i = 0; i < o->via.map.size; i++) {
    const msgpack_object_kv *kv = &o->via.map.ptr[i];
    const char *kp;
    size_t kn;
    if (kv->key.type == MSGPACK_OBJECT_STR) {
      kp = kv->key.via.str.ptr, kn = kv->key.via.str.size;
    } else if (kv->key.type == MSGPACK_OBJECT_BIN) {
      kp = kv->key.via.bin.ptr, kn = kv->key.via.bin.size;
    } else {
      continue; /* loam maps are keyed by strings */
    }
    /* loam_val_set() wants a C string; keys with NUL bytes are cut there,
     * which can only make a params key not match, never misbehave. */
    loam_val_set(a, map, loam_arena_strndup(a, kp, kn), S_to_val(a, &kv->val, depth + 1));
  }
}

static loam_val *S_to_val(loam_arena *a, const msgpack_object *o, int depth) {
  if (depth > LOAM_MP_MAX_DEPTH + 1) return loam_val_nil(a); /* cannot happen: skimmed */
  switch (o->type) {
  case MSGPACK_OBJECT_NIL: return loam_val_nil(a);
  case MSGPACK_OBJECT_BOOLEAN: return loam_val_bool(a, o->via.boolean);
  case MSGPACK_OBJECT_POSITIVE_INTEGER:
    if (o->via.u64 > (uint64_t)INT64_MAX) return loam_val_float(a, (double)o->via.u64);
    return loam_val_int(a, (int64_t)o->via.u64);
  case MSGPACK_OBJECT_NEGATIVE_INTEGER: return loam_val_int(a, o->via.i64);
  case MSGPACK_OBJECT_FLOAT32:
  case MSGPACK_OBJECT_FLOAT64: return loam_val_float(a, o->via.f64);
  case MSGPACK_OBJECT_STR: return loam_val_str(a, o->via.str.ptr, o->via.str.size);
  case MSGPACK_OBJECT_BIN: return loam_val_str(a, o->via.bin.ptr, o->via.bin.size);
  case MSGPACK_OBJECT_EXT: return loam_val_nil(a);
  case MSGPACK_OBJECT_ARRAY: {
    loam_val *arr = loam_val_array(a);
    for (uint32_t i = 0; i < o->via.array.size; i++)
      loam_val_push(a, arr, S_to_val(a, &o->via.array.ptr[i], depth + 1));
    return arr;
  }
  case MSGPACK_OBJECT_MAP: {
    loam_val *map = loam_val_map(a);
    S_map_to_val(a, o, map, depth);
    return map;
  }
  }
  return loam_val_nil(a);
}

loam_val *loam_mp_to_val(loam_arena *a, const msgpack_object *o) { return S_to_val(a, o, 0); }

/* ---- encoding ---------------------------------------------------------- */

void loam_mp_pack_val(msgpack_packer *pk, const loam_val *v) {
  if (!v) {
    msgpack_pack_nil(pk);
    return;
  }
  switch (v->type) {
  case LOAM_VAL_NIL: msgpack_pack_nil(pk); break;
  case LOAM_VAL_BOOL: v->u.b ? msgpack_pack_true(pk) : msgpack_pack_false(pk); break;
  case LOAM_VAL_INT: msgpack_pack_int64(pk, v->u.i); break;
  case LOAM_VAL_FLOAT: msgpack_pack_double(pk, v->u.f); break;
  case LOAM_VAL_STR:
    msgpack_pack_str(pk, v->u.s.len);
    msgpack_pack_str_body(pk, v->u.s.ptr, v->u.s.len);
    break;
  case LOAM_VAL_ARRAY:
    msgpack_pack_array(pk, v->u.a.len);
    for (size_t i = 0; i < v->u.a.len; i++) loam_mp_pack_val(pk, v->u.a.items[i]);
    break;
  case LOAM_VAL_MAP:
    msgpack_pack_map(pk, v->u.m.len);
    for (size_t i = 0; i < v->u.m.len; i++) {
      const loam_val_kv *kv = &v->u.m.items[i];
      msgpack_pack_str(pk, kv->key_len);
      msgpack_pack_str_body(pk, kv->key, kv->key_len);
      loam_mp_pack_val(pk, kv->val);
    }
    break;
  }
}

/* ---- framing ----------------------------------------------------------- */

typedef enum { SKIM_BAD = -1, SKIM_MORE = 0, SKIM_DONE = 1 } skim_status;

static uint64_t S_be(const unsigned char *p, size_t n) {
  uint64_t x = 0;
  for (size_t i = 0; i < n; i++) x = (x << 8) | p[i];
  return x;
}

/*
 * Reads the header of the item at p[0..n): its header length *h, payload
 * length *body (str, bin, ext) and, for a container, the number of items
 * that follow in *items (maps count keys and values). Returns SKIM_MORE
 * when the header itself is cut off, SKIM_BAD for the never-used byte 0xc1.
 */
static skim_status S_header(const unsigned char *p, size_t n, size_t *h, uint64_t *body,
                            uint64_t *items, int *container) {
  unsigned char b = p[0];
  size_t ext = 0; /* extra header bytes after b holding a length */
  *h = 1, *body = 0, *items = 0, *container = 0;
  if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) return SKIM_DONE;
  if (b <= 0x8f) return *container = 1, *items = 2u * (b & 0x0f), SKIM_DONE;
  if (b <= 0x9f) return *container = 1, *items = b & 0x0f, SKIM_DONE;
  if (b <= 0xbf) return *body = b & 0x1f, SKIM_DONE;
  switch (b) {
  case 0xc4:
  case 0xd9: ext = 1; break; /* bin8, str8 */
  case 0xc5:
  case 0xda: ext = 2; break; /* bin16, str16 */
  case 0xc6:
  case 0xdb: ext = 4; break;         /* bin32, str32 */
  case 0xc7: ext = 1, *h = 2; break; /* ext8 + type */
  case 0xc8: ext = 2, *h = 2; break;
  case 0xc9: ext = 4, *h = 2; break;
  case 0xca:
  case 0xce:
  case 0xd2: *h = 5; return SKIM_DONE; /* 32-bit */
  case 0xcb:
  case 0xcf:
  case 0xd3: *h = 9; return SKIM_DONE; /* 64-bit */
  case 0xcc:
  case 0xd0: *h = 2; return SKIM_DONE;
  case 0xcd:
  case 0xd1: *h = 3; return SKIM_DONE;
  case 0xd4:
  case 0xd5:
  case 0xd6:
  case 0xd7:
  case 0xd8: /* fixext */ *h = 2, *body = (uint64_t)1 << (b - 0xd4); return SKIM_DONE;
  case 0xdc:
  case 0xdd:
  case 0xde:
  case 0xdf: {
    ext = (b & 1) ? 4 : 2;
    if (n < 1 + ext) return SKIM_MORE;
    uint64_t count = S_be(p + 1, ext);
    *h = 1 + ext, *container = 1, *items = b >= 0xde ? 2 * count : count;
    return SKIM_DONE;
  }
  default: return SKIM_BAD; /* 0xc1 */
  }
  if (n < *h + ext) return SKIM_MORE;
  *body = S_be(p + 1, ext);
  *h += ext;
  return SKIM_DONE;
}

/*
 * Finds the length of the message at p[0..n). A message must be an array
 * (every msgpack-RPC message is), must nest at most LOAM_MP_MAX_DEPTH
 * containers and must fit in LOAM_MP_MAX_MESSAGE bytes.
 */
static skim_status S_skim(const unsigned char *p, size_t n, size_t *len) {
  uint64_t todo[LOAM_MP_MAX_DEPTH + 1]; /* items left per open level */
  int depth = 1;
  size_t pos = 0;
  todo[0] = 1;
  if (n == 0) return SKIM_MORE;
  if (!(p[0] >= 0x90 && p[0] <= 0x9f) && p[0] != 0xdc && p[0] != 0xdd) return SKIM_BAD;
  while (depth > 0) {
    if (todo[depth - 1] == 0) {
      depth--;
      continue;
    }
    todo[depth - 1]--;
    if (pos >= n) return SKIM_MORE;
    size_t h;
    uint64_t body, items;
    int container;
    skim_status st = S_header(p + pos, n - pos, &h, &body, &items, &container);
    if (st != SKIM_DONE) return st;
    if (container) {
      if (depth - 1 >= LOAM_MP_MAX_DEPTH) return SKIM_BAD;
      if (items > LOAM_MP_MAX_MESSAGE - pos) return SKIM_BAD; /* each item >= 1 byte */
      todo[depth++] = items;
      body = 0;
    }
    if (body > LOAM_MP_MAX_MESSAGE || pos + h + body > LOAM_MP_MAX_MESSAGE) return SKIM_BAD;
    if (pos + h + body > n) return SKIM_MORE;
    pos += h + (size_t)body;
  }
  *len = pos;
  return SKIM_DONE;
}

void loam_mp_frame_init(loam_mp_frame *fr) {
  memset(fr, 0, sizeof(*fr));
  if (!msgpack_unpacker_init(&fr->unp, MSGPACK_UNPACKER_INIT_BUFFER_SIZE)) S_oom();
  msgpack_unpacked_init(&fr->res);
}

void loam_mp_frame_free(loam_mp_frame *fr) {
  msgpack_unpacked_destroy(&fr->res);
  msgpack_unpacker_destroy(&fr->unp);
}

void loam_mp_frame_feed(loam_mp_frame *fr, const char *buf, size_t n) {
  if (n == 0) return;
  if (!msgpack_unpacker_reserve_buffer(&fr->unp, n)) S_oom();
  memcpy(msgpack_unpacker_buffer(&fr->unp), buf, n);
  msgpack_unpacker_buffer_consumed(&fr->unp, n);
}

size_t loam_mp_frame_pending(const loam_mp_frame *fr) { return fr->unp.used - fr->unp.off; }

/* Drops bytes up to the next one that can start a 3- or 4-item array. */
static void S_resync(loam_mp_frame *fr) {
  const unsigned char *p = (const unsigned char *)fr->unp.buffer + fr->unp.off;
  size_t n = loam_mp_frame_pending(fr), skip = 1;
  while (skip < n && p[skip] != 0x93 && p[skip] != 0x94) skip++;
  fr->unp.off += skip;
  fr->dropped = skip;
}

loam_frame_status loam_mp_frame_next(loam_mp_frame *fr, loam_arena *a, loam_val **out) {
  const unsigned char *p = (const unsigned char *)fr->unp.buffer + fr->unp.off;
  size_t len = 0;
  fr->dropped = 0;
  *out = NULL;
  switch (S_skim(p, loam_mp_frame_pending(fr), &len)) {
  case SKIM_MORE: return LOAM_FRAME_NEED_MORE;
  case SKIM_BAD: S_resync(fr); return LOAM_FRAME_GARBAGE;
  case SKIM_DONE: break;
  }
  if (msgpack_unpacker_next(&fr->unp, &fr->res) != MSGPACK_UNPACK_SUCCESS) {
    /* Only an allocation failure inside msgpack-c gets here: the skim has
     * already checked the bytes. Drop the message and start afresh. */
    msgpack_unpacker_reset(&fr->unp);
    fr->unp.off = (size_t)((const char *)p - fr->unp.buffer) + len;
    fr->dropped = len;
    return LOAM_FRAME_GARBAGE;
  }
  *out = loam_mp_to_val(a, &fr->res.data);
  /* The value owns copies of everything: release msgpack-c's zone (and its
   * reference on the buffer) now rather than at the next message. */
  msgpack_unpacked_destroy(&fr->res);
  msgpack_unpacked_init(&fr->res);
  return LOAM_FRAME_MSG;
}
