/*
 * main.c: the `loam` command. argv -> `serve` (the editors' helper) or a CLI
 * verb. Every verb builds the same params map an editor would send and calls
 * the same method (rpc/methods.c), so the CLI is a faithful, scriptable view
 * of what the editors get. Usage errors exit 2, an unreadable vault exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/date.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "rpc/methods.h"
#include "rpc/server.h"
#include "vault/vault.h"
#include "vault/walk.h"

static const char S_usage[] =
    "usage: loam <command> [options] [args]\n"
    "\n"
    "commands:\n"
    "  serve     [--protocol msgpack|jsonrpc] [--log FILE]   serve an editor on stdin/stdout\n"
    "  index     [--stats] [--json]                         index the vault, print counts\n"
    "  complete  [--json] [--limit N] [--path NOTE] PREFIX  link completions, best first\n"
    "  query     [--json] [--path NOTE] [FILE|-]            run a tasks query (default: stdin)\n"
    "  resolve   [--json] LINK                              where a [[link]] points\n"
    "  backlinks [--json] NOTE_OR_LINK                      every place that links to a note\n"
    "  related   [--json] [--limit N] NOTE_OR_LINK          notes related to a note\n"
    "\n"
    "common options:\n"
    "  --vault DIR       the vault (default: the current directory)\n"
    "  --today DATE      fix \"today\" (YYYY-MM-DD; also $LOAM_TODAY)\n"
    "  --version, --help\n";

typedef struct {
  const char *command;
  const char *vault;
  const char *log;
  const char *protocol;
  const char *path;
  const char *arg; /* the one positional argument */
  loam_date today;
  long limit;
  int json, stats;
} S_args;

static int S_usage_error(const char *fmt, const char *what) {
  fprintf(stderr, "loam: ");
  fprintf(stderr, fmt, what);
  fprintf(stderr, "\n\n%s", S_usage);
  return 2;
}

/* Parses argv into args; returns 0, or the exit status to end with. */
static int S_parse_args(int argc, char **argv, S_args *a) {
  a->vault = ".";
  a->today = LOAM_DATE_NONE;
  a->limit = -1;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    const char **value = NULL;
    if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) return fputs(S_usage, stdout), -1;
    if (strcmp(s, "--version") == 0) return puts("loam " LOAM_VERSION), -1;
    if (strcmp(s, "--json") == 0) {
      a->json = 1;
      continue;
    }
    if (strcmp(s, "--stats") == 0) {
      a->stats = 1;
      continue;
    }
    if (strcmp(s, "--vault") == 0)
      value = &a->vault;
    else if (strcmp(s, "--log") == 0)
      value = &a->log;
    else if (strcmp(s, "--protocol") == 0)
      value = &a->protocol;
    else if (strcmp(s, "--path") == 0)
      value = &a->path;
    if (value || strcmp(s, "--today") == 0 || strcmp(s, "--limit") == 0) {
      if (i + 1 >= argc) return S_usage_error("option %s needs a value", s);
      const char *v = argv[++i];
      if (value) {
        *value = v;
      } else if (s[2] == 't') {
        a->today = strlen(v) == 10 ? loam_date_parse_iso(v, 10) : LOAM_DATE_NONE;
        if (!LOAM_DATE_IS_REAL(a->today))
          return S_usage_error("--today wants YYYY-MM-DD, got '%s'", v);
      } else {
        char *end;
        a->limit = strtol(v, &end, 10);
        if (*end || a->limit < 1)
          return S_usage_error("--limit wants a positive number, got '%s'", v);
      }
    } else if (s[0] == '-' && s[1] == '-') {
      return S_usage_error("unknown option %s", s);
    } else if (!a->command) {
      a->command = s;
    } else if (!a->arg) {
      a->arg = s;
    } else {
      return S_usage_error("unexpected argument '%s'", s);
    }
  }
  if (!a->command) return S_usage_error("%s", "no command given");
  return 0;
}

/* Calls a method; prints its error and returns 1 when it fails. */
static int S_call(loam_ctx *ctx, const char *method, const loam_val *params, loam_arena *a,
                  loam_val **result) {
  const loam_method *m = loam_method_find(method, strlen(method));
  loam_error err = {0};
  if (!m) {
    fprintf(stderr, "loam: no method %s\n", method);
    return 1;
  }
  if (m->fn(ctx, params, a, result, &err) != 0) {
    fprintf(stderr, "loam: %s\n", err.msg); /* parse errors name their line */
    return 1;
  }
  return 0;
}

static void S_print_json_items(const loam_val *items) {
  loam_strbuf b = {0};
  for (size_t i = 0; items && items->type == LOAM_VAL_ARRAY && i < items->u.a.len; i++) {
    loam_strbuf_clear(&b);
    loam_val_to_json(items->u.a.items[i], &b);
    puts(loam_strbuf_cstr(&b));
  }
  loam_strbuf_free(&b);
}

static const char *S_str(loam_arena *a, const loam_val *map, const char *key) {
  const char *s = loam_val_get_str(a, map, key, NULL);
  return s ? s : "";
}

/* Reads FILE, or stdin for "-" or no argument, into a new string. */
static char *S_read_input(const char *arg, size_t *len) {
  if (arg && strcmp(arg, "-") != 0) {
    char *buf;
    int rc = loam_read_file(arg, &buf, len, NULL, NULL);
    if (rc != 0) {
      fprintf(stderr, "loam: cannot read %s: %s\n", arg, strerror(-rc));
      return NULL;
    }
    return buf;
  }
  loam_strbuf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) loam_strbuf_put(&b, chunk, n);
  *len = b.len;
  return loam_strbuf_detach(&b);
}

/* A note argument: a path (vault-relative, absolute, or from the current
 * directory), else a link target such as "Mara" or "[[Mara Okafor]]". */
static const char *S_note_path(loam_vault *v, const char *arg) {
  if (loam_vault_find(v, arg) >= 0) return arg;
  char *real = realpath(arg, NULL);
  int32_t i = real ? loam_vault_find(v, real) : -1;
  free(real);
  if (i < 0) {
    char target[1024];
    size_t n = strlen(arg);
    if (n >= 4 && strncmp(arg, "[[", 2) == 0 && strcmp(arg + n - 2, "]]") == 0) arg += 2, n -= 4;
    n = strcspn(arg, "#^|") < n ? strcspn(arg, "#^|") : n;
    snprintf(target, sizeof(target), "%.*s", (int)n, arg);
    i = loam_vault_resolve(v, target, -1);
  }
  return i >= 0 ? loam_vault_note(v, (size_t)i)->path : NULL;
}

static int S_cmd_index(loam_vault *v, const S_args *args) {
  loam_vault_stats st;
  loam_vault_stats_get(v, &st);
  if (args->json) {
    printf("{\"notes\":%zu,\"links\":%zu,\"resolved\":%zu,\"unresolved\":%zu,\"tasks\":%zu,"
           "\"tags\":%zu,\"headings\":%zu,\"parse_errors\":%zu,\"seconds\":%.6f}\n",
           st.notes, st.links, st.links_resolved, st.links_unresolved, st.tasks, st.tags,
           st.headings, st.parse_errors, st.seconds);
    return 0;
  }
  printf("notes         %zu\nlinks         %zu (%zu resolved, %zu unresolved)\n"
         "tasks         %zu\ntags          %zu\nheadings      %zu\nparse errors  %zu\n"
         "time          %.3f s\n",
         st.notes, st.links, st.links_resolved, st.links_unresolved, st.tasks, st.tags, st.headings,
         st.parse_errors, st.seconds);
  for (size_t i = 0; args->stats && i < loam_vault_count(v); i++) {
    const loam_note *n = loam_vault_note(v, i);
    if (n->fm_error)
      printf("  %s:%u:%u: %s\n", n->path, n->fm_error_line, n->fm_error_col, n->fm_error);
  }
  return 0;
}

static int S_cmd_query(loam_ctx *ctx, const S_args *args, loam_arena *a) {
  size_t len;
  char *text = S_read_input(args->arg, &len);
  if (!text) return 1;
  loam_val *params = loam_val_map(a);
  loam_val_set(a, params, "text", loam_val_str(a, text, len));
  free(text);
  if (args->path) loam_val_set(a, params, "path", loam_val_cstr(a, args->path));
  loam_val *res;
  if (S_call(ctx, "query", params, a, &res)) return 1;
  const loam_val *tasks = loam_val_get(res, "tasks");
  if (args->json) {
    loam_strbuf b = {0};
    for (size_t i = 0; tasks && i < tasks->u.a.len; i++) {
      const loam_val *t = tasks->u.a.items[i];
      loam_val *o = loam_val_map(a); /* exactly the documented keys, in order */
      static const char *keys[] = {"path", "line", "status", "text", "groups"};
      for (size_t k = 0; k < 5; k++)
        loam_val_set(a, o, keys[k], (loam_val *)loam_val_get(t, keys[k]));
      loam_strbuf_clear(&b);
      loam_val_to_json(o, &b);
      puts(loam_strbuf_cstr(&b));
    }
    loam_strbuf_free(&b);
    return 0;
  }
  const loam_val *lines = loam_val_get(res, "lines");
  for (size_t i = 0; lines && i < lines->u.a.len; i++) puts(S_str(a, lines->u.a.items[i], "text"));
  return 0;
}

static int S_cmd_complete(loam_ctx *ctx, const S_args *args, loam_arena *a) {
  loam_val *params = loam_val_map(a);
  loam_val_set(a, params, "prefix", loam_val_cstr(a, args->arg ? args->arg : ""));
  if (args->path) loam_val_set(a, params, "path", loam_val_cstr(a, args->path));
  if (args->limit > 0) loam_val_set(a, params, "limit", loam_val_int(a, args->limit));
  loam_val *res;
  if (S_call(ctx, "complete", params, a, &res)) return 1;
  const loam_val *items = loam_val_get(res, "items");
  if (args->json) return S_print_json_items(items), 0;
  for (size_t i = 0; items && i < items->u.a.len; i++) {
    const loam_val *it = items->u.a.items[i];
    printf("%s\t%s\t%s\n", S_str(a, it, "insert"), S_str(a, it, "kind"), S_str(a, it, "path"));
  }
  return 0;
}

static int S_cmd_resolve(loam_ctx *ctx, const S_args *args, loam_arena *a) {
  const char *t = args->arg;
  size_t n = strlen(t);
  if (n >= 4 && strncmp(t, "[[", 2) == 0 && strcmp(t + n - 2, "]]") == 0) t += 2, n -= 4;
  loam_val *params = loam_val_map(a);
  loam_val_set(a, params, "target", loam_val_str(a, t, n));
  loam_val *res;
  if (S_call(ctx, "resolve", params, a, &res)) return 1;
  int resolved = loam_val_get_bool(res, "resolved", 0);
  if (args->json) {
    loam_strbuf b = {0};
    loam_val_to_json(res, &b);
    puts(loam_strbuf_cstr(&b));
    loam_strbuf_free(&b);
  } else if (resolved) {
    printf("%s:%lld\n", S_str(a, res, "path"), (long long)loam_val_get_int(res, "line", 1));
  } else {
    fprintf(stderr, "loam: unresolved link: %.*s\n", (int)n, t);
  }
  return resolved ? 0 : 1;
}

static int S_cmd_note_list(loam_ctx *ctx, const S_args *args, loam_arena *a, const char *method) {
  const char *path = S_note_path(ctx->vault, args->arg);
  if (!path) {
    fprintf(stderr, "loam: no note matches '%s'\n", args->arg);
    return 1;
  }
  loam_val *params = loam_val_map(a);
  loam_val_set(a, params, "path", loam_val_cstr(a, path));
  if (args->limit > 0) loam_val_set(a, params, "limit", loam_val_int(a, args->limit));
  loam_val *res;
  if (S_call(ctx, method, params, a, &res)) return 1;
  const loam_val *items = loam_val_get(res, "items");
  if (args->json) return S_print_json_items(items), 0;
  for (size_t i = 0; items && i < items->u.a.len; i++) {
    const loam_val *it = items->u.a.items[i];
    if (strcmp(method, "backlinks") == 0) {
      printf("%s:%lld:%lld: %s\n", S_str(a, it, "path"), (long long)loam_val_get_int(it, "line", 0),
             (long long)loam_val_get_int(it, "col", 0), S_str(a, it, "text"));
    } else {
      const loam_val *why = loam_val_get(it, "reasons");
      printf("%s", S_str(a, it, "path"));
      for (size_t r = 0; why && why->type == LOAM_VAL_ARRAY && r < why->u.a.len; r++)
        printf("%s%.*s", r ? ", " : "\t", (int)why->u.a.items[r]->u.s.len,
               why->u.a.items[r]->u.s.ptr);
      printf("\n");
    }
  }
  return 0;
}

static int S_needs_arg(const S_args *args, int wanted) {
  if (wanted && !args->arg) return S_usage_error("'%s' needs an argument", args->command);
  return 0;
}

static int S_run_verb(loam_ctx *ctx, const S_args *args) {
  loam_arena a = {0};
  int rc;
  const char *c = args->command;
  if (strcmp(c, "index") == 0)
    rc = S_cmd_index(ctx->vault, args);
  else if (strcmp(c, "query") == 0)
    rc = S_cmd_query(ctx, args, &a);
  else if (strcmp(c, "complete") == 0)
    rc = S_cmd_complete(ctx, args, &a);
  else if (strcmp(c, "resolve") == 0)
    rc = S_cmd_resolve(ctx, args, &a);
  else
    rc = S_cmd_note_list(ctx, args, &a, c);
  loam_arena_free(&a);
  return rc;
}

static int S_known_verb(const char *c) {
  static const char *verbs[] = {"index", "query", "complete", "resolve", "backlinks", "related"};
  for (size_t i = 0; i < sizeof(verbs) / sizeof(*verbs); i++)
    if (strcmp(c, verbs[i]) == 0) return 1;
  return 0;
}

static int S_serve(const S_args *args) {
  loam_serve_opts opts = {args->vault, args->log, args->today, LOAM_PROTO_MSGPACK};
  if (args->protocol && strcmp(args->protocol, "jsonrpc") == 0)
    opts.protocol = LOAM_PROTO_JSONRPC;
  else if (args->protocol && strcmp(args->protocol, "msgpack") != 0)
    return S_usage_error("unknown protocol '%s' (msgpack or jsonrpc)", args->protocol);
  return loam_serve(&opts);
}

int main(int argc, char **argv) {
  S_args args = {0};
  int rc = S_parse_args(argc, argv, &args);
  if (rc) return rc < 0 ? 0 : rc;
  if (strcmp(args.command, "help") == 0) return fputs(S_usage, stdout), 0;
  if (strcmp(args.command, "serve") == 0) return S_serve(&args);
  if (!S_known_verb(args.command)) return S_usage_error("unknown command '%s'", args.command);
  int needs_arg = strcmp(args.command, "index") != 0 && strcmp(args.command, "query") != 0 &&
                  strcmp(args.command, "complete") != 0;
  if ((rc = S_needs_arg(&args, needs_arg))) return rc;
  if (args.today == LOAM_DATE_NONE) args.today = loam_date_today();

  loam_vault *v = loam_vault_new(args.vault);
  loam_error err = {0};
  if (loam_vault_scan(v, &err) != 0) {
    fprintf(stderr, "loam: %s\n", err.msg);
    loam_vault_free(v);
    return 1;
  }
  loam_ctx ctx = {v, args.today};
  rc = S_run_verb(&ctx, &args);
  loam_vault_free(v);
  return rc;
}
