/*
 * m_rename.c: renaming and creating notes: `rename_plan` (every link edit a
 * rename needs, computed against the text the index has, nothing written),
 * `rename_note` (the file itself) and `create_note`.
 *
 * A rename is planned here and carried out by the editor: the plan's edits
 * go through a loaded buffer when the note is open and through edit_lines
 * (loam_edit_file) otherwise, both refusing a line that no longer reads as
 * planned. Only the note part of a link changes: `#heading`, `^block`,
 * `|alias`, the `!` of an embed, a Markdown link's text and fragment are
 * kept byte for byte. How the link named the note decides how it names it
 * afterwards: by file stem (the new stem, or the new path when another note
 * shares that stem), by vault path (the new path), by a Markdown path
 * relative to the linking note (the new relative path). A link that named
 * the note through its title or an alias still does, and is left alone.
 *
 * Files are never overwritten: a rename or a creation claims the new name
 * atomically (renameat2 with RENAME_NOREPLACE on Linux, else link() and
 * unlink(), else an O_EXCL placeholder that rename() then replaces), and
 * every path is checked to stay inside the vault.
 */
#define _GNU_SOURCE /* syscall() for renameat2 */
#include "method_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../syntax/wikilink.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* ---- paths ------------------------------------------------------------- */

static int S_ends_md(const char *s, size_t n) {
  return n >= 3 && s[n - 3] == '.' && (s[n - 2] | 0x20) == 'm' && (s[n - 1] | 0x20) == 'd';
}

/* Case-insensitive equality of s[0..n) and t[0..m) (ASCII and Latin
 * letters, as link resolution). */
static int S_same(const char *s, size_t n, const char *t, size_t m) {
  return n == m && loam_utf8_casestr(s, n, t, m) == s;
}

/*
 * Checks a vault-relative note path for a new file: clean parts (none empty,
 * `.`/`..` or starting with '.', which the index would not see), no control
 * byte and none of the characters Obsidian refuses in a file name
 * (`* " \ < > : | ? # ^ [ ]`; they would break links or YAML), and ".md".
 */
static int S_check_new(const char *rel, loam_error *err) {
  size_t n = strlen(rel);
  if (n <= 3 || !S_ends_md(rel, n))
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "not a note name: '%s'", rel);
  for (const char *p = rel; *p; p++) {
    if ((unsigned char)*p < 0x20 || *p == 0x7F || strchr("*\"\\<>:|?#^[]", *p))
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                            "a note name cannot hold '%c' (Obsidian refuses it): '%s'",
                            (unsigned char)*p < 0x20 ? '?' : *p, rel);
    if (*p == '/' || p == rel) {
      const char *part = *p == '/' ? p + 1 : p;
      if (*part == '/' || *part == '\0' || *part == '.' || *part == ' ')
        return loam_error_set(err, LOAM_E_PARAMS, 0, 0,
                              "each part of a note path must start with a visible name: '%s'", rel);
    }
    if (*p == ' ' && (p[1] == '/' || (p[1] == '.' && strcmp(p + 1, ".md") == 0)))
      return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "a name cannot end with a space: '%s'", rel);
  }
  return 0;
}

/* Turns `name` (a stem, or a vault-relative path; ".md" optional; a
 * leading '/' or the vault root means the root) into a clean vault path in
 * `out`. A name without '/' keeps the folder of `from` (may be NULL). */
static int S_new_rel(loam_ctx *ctx, const char *name, const char *from, loam_strbuf *out,
                     loam_error *err) {
  const char *root = loam_vault_root(ctx->vault);
  size_t rn = strlen(root);
  while (*name == ' ') name++;
  if (strncmp(name, root, rn) == 0 && name[rn] == '/') name += rn;
  loam_strbuf_clear(out);
  const char *slash = from ? strrchr(from, '/') : NULL;
  if (!strchr(name, '/') && slash) loam_strbuf_put(out, from, (size_t)(slash - from) + 1);
  while (*name == '/') name++;
  size_t n = strlen(name);
  while (n && name[n - 1] == ' ') n--;
  if (S_ends_md(name, n)) n -= 3; /* ".MD" too: the index reads ".md" only */
  loam_strbuf_put(out, name, n);
  loam_strbuf_puts(out, ".md");
  return S_check_new(loam_strbuf_cstr(out), err);
}

static char *S_abs(loam_ctx *ctx, const char *rel) {
  loam_strbuf b = {0};
  loam_strbuf_printf(&b, "%s/%s", loam_vault_root(ctx->vault), rel);
  return loam_strbuf_detach(&b);
}

/* 0 when nothing is at `to`, or it is `from` itself (a change of case on a
 * file system that ignores case); else "already exists". */
static int S_free_name(const char *from, const char *to, const char *rel, loam_error *err) {
  struct stat a, b;
  if (lstat(to, &b) != 0) return 0;
  if (from && lstat(from, &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) return 0;
  return loam_error_set(err, LOAM_E_IO, 0, 0, "%s already exists; nothing was changed", rel);
}

/*
 * Makes the folders of vault path `rel` and checks that the note's folder
 * is inside the vault once symlinks are followed (or is `allowed`, the
 * folder the note already lives in). Returns 0 or an error.
 */
static int S_make_folder(loam_ctx *ctx, const char *rel, const char *allowed, loam_error *err) {
  const char *root = loam_vault_root(ctx->vault);
  loam_strbuf dir = {0};
  loam_strbuf_puts(&dir, root);
  int rc = 0;
  for (const char *p = rel, *slash; !rc && (slash = strchr(p, '/')) != NULL; p = slash + 1) {
    loam_strbuf_putc(&dir, '/');
    loam_strbuf_put(&dir, p, (size_t)(slash - p));
    if (mkdir(dir.ptr, 0777) != 0 && errno != EEXIST)
      rc = loam_error_set(err, LOAM_E_IO, 0, 0, "cannot make folder %s: %s", dir.ptr,
                          strerror(errno));
  }
  if (!rc) {
    char *real = realpath(loam_strbuf_cstr(&dir), NULL);
    char *real_root = realpath(root, NULL);
    char *real_allowed = allowed ? realpath(allowed, NULL) : NULL;
    size_t n = real_root ? strlen(real_root) : 0;
    int inside =
        real && real_root &&
        (strcmp(real, real_root) == 0 || (strncmp(real, real_root, n) == 0 && real[n] == '/') ||
         (real_allowed && strcmp(real, real_allowed) == 0));
    if (!inside) rc = loam_error_set(err, LOAM_E_PARAMS, 0, 0, "%s is not inside the vault", rel);
    free(real), free(real_root), free(real_allowed);
  }
  loam_strbuf_free(&dir);
  return rc;
}

/*
 * Moves `from` to `to` unless something is at `to`: 0, -EEXIST, or another
 * -errno. renameat2(RENAME_NOREPLACE) where the kernel and file system have
 * it; else link() + unlink(), which fails on an existing name; else (file
 * systems without hard links) an O_EXCL placeholder claims the name and
 * rename() replaces it, so another writer can never be overwritten.
 */
static int S_move_noreplace(const char *from, const char *to) {
#if defined(__linux__) && defined(SYS_renameat2)
  if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP && errno != ENOTSUP) return -errno;
#endif
  if (link(from, to) == 0) {
    if (unlink(from) == 0) return 0;
    int e = errno;
    unlink(to);
    return -e;
  }
  if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOTSUP && errno != EMLINK &&
      errno != ENOSYS)
    return -errno;
  int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return -errno;
  close(fd);
  if (rename(from, to) == 0) return 0;
  int e = errno;
  unlink(to);
  return -e;
}

/* ---- the plan ---------------------------------------------------------- */

typedef struct {
  loam_ctx *ctx;
  loam_arena *a;
  int32_t note;         /* the note being renamed */
  const char *old_rel;  /* its path now, with ".md" */
  const char *new_rel;  /* its path after */
  const char *new_name; /* what a link by stem becomes: the new stem, or
                           the new path without ".md" when another note
                           has that stem (as completion inserts it) */
  int moved;            /* to another folder */
  size_t links, kept;   /* links rewritten, links by title or alias */
} S_plan;

/* One link's new text, spliced into its line at [col, col + len). */
typedef struct {
  uint32_t line, col, len;
  const char *text;
} S_splice;

typedef LOAM_VEC(S_splice) S_splices;

static const char *S_stem_of(const char *rel, size_t *n) {
  const char *slash = strrchr(rel, '/');
  const char *stem = slash ? slash + 1 : rel;
  *n = strlen(stem) - (S_ends_md(stem, strlen(stem)) ? 3 : 0);
  return stem;
}

/* Whether a note other than the renamed one has file stem `stem`. */
static int S_stem_taken(S_plan *p, const char *stem, size_t n) {
  for (size_t k = 0; k < loam_vault_count(p->ctx->vault); k++) {
    size_t sn;
    const char *s = S_stem_of(loam_m_note(p->ctx, (int32_t)k)->path, &sn);
    if ((int32_t)k != p->note && S_same(s, sn, stem, n)) return 1;
  }
  return 0;
}

/* Appends s[0..n) to b, doubling single quotes when `quoted` (the link sits
 * in a single-quoted YAML scalar). */
static void S_put_quoted(loam_strbuf *b, const char *s, size_t n, int quoted) {
  for (size_t k = 0; k < n; k++) {
    loam_strbuf_putc(b, s[k]);
    if (quoted && s[k] == '\'') loam_strbuf_putc(b, '\'');
  }
}

/*
 * The new text of wikilink or embed s[0..n) (as written in the note), NULL
 * to keep it. *changed is set when the text is not the link the index
 * knows (the line changed since): the caller skips it.
 */
static const char *S_wiki(S_plan *p, const char *s, size_t n, const loam_link *l, int quoted,
                          int *changed) {
  size_t o = s[0] == '!' ? 1 : 0;
  *changed = 1;
  if (n < o + 5 || s[o] != '[' || s[o + 1] != '[' || s[n - 2] != ']' || s[n - 1] != ']')
    return NULL;
  size_t a = o + 2, e = a;
  while (e < n - 2 && s[e] != '#' && s[e] != '^' && s[e] != '|') e++;
  if (e < n - 2 && s[e] == '|' && e > a && s[e - 1] == '\\') e--;
  while (a < e && (s[a] == ' ' || s[a] == '\t')) a++;
  while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
  if (strlen(l->target) != e - a || memcmp(l->target, s + a, e - a) != 0) return NULL;
  *changed = 0;
  /* `./` and `/` before the name, `.md` after it, are kept as written. */
  size_t ca = a, ce = e;
  while (ca < ce && (s[ca] == '/' || (s[ca] == '.' && ca + 1 < ce && s[ca + 1] == '/')))
    ca += s[ca] == '/' ? 1 : 2;
  if (S_ends_md(s + ca, ce - ca)) ce -= 3;
  const char *repl;
  size_t rn;
  if (memchr(s + ca, '/', ce - ca)) {
    size_t on = strlen(p->old_rel) - 3;
    if (!S_same(s + ca, ce - ca, p->old_rel, on)) return p->kept++, NULL;
    repl = p->new_rel, rn = strlen(p->new_rel) - 3;
  } else {
    size_t sn;
    const char *stem = S_stem_of(p->old_rel, &sn);
    if (!S_same(s + ca, ce - ca, stem, sn)) return p->kept++, NULL;
    /* Moved under the same stem: a link by stem still names it. */
    if (strlen(p->new_name) == sn && memcmp(p->new_name, stem, sn) == 0) return NULL;
    repl = p->new_name, rn = strlen(p->new_name);
  }
  loam_strbuf b = {0};
  loam_strbuf_put(&b, s, ca);
  S_put_quoted(&b, repl, rn, quoted);
  loam_strbuf_put(&b, s + ce, n - ce);
  /* Moved to another folder under the same stem: nothing to change. */
  const char *out =
      b.len == n && memcmp(b.ptr, s, n) == 0 ? NULL : loam_arena_strndup(p->a, b.ptr, b.len);
  loam_strbuf_free(&b);
  return out;
}

static int S_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

/* s[0..n) with backslash escapes and %XX decoded, as the scanner reads a
 * Markdown destination. */
static void S_decode(const char *s, size_t n, loam_strbuf *out) {
  loam_strbuf_clear(out);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1])) {
      loam_strbuf_putc(out, s[++i]);
    } else if (s[i] == '%' && i + 2 < n && S_hex(s[i + 1]) >= 0 && S_hex(s[i + 2]) >= 0 &&
               S_hex(s[i + 1]) * 16 + S_hex(s[i + 2]) >= 0x20) {
      loam_strbuf_putc(out, (char)(S_hex(s[i + 1]) * 16 + S_hex(s[i + 2])));
      i += 2;
    } else {
      loam_strbuf_putc(out, s[i]);
    }
  }
  loam_strbuf_cstr(out);
}

/* Appends path `s` to a Markdown destination: as is inside <...>, else
 * with spaces and the bytes that would end or confuse it as %XX. */
static void S_encode(loam_strbuf *b, const char *s, int angle) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int esc = c < 0x20 || c == 0x7F || c == '<' || c == '>' ||
              (!angle && (c == ' ' || c == '(' || c == ')' || c == '%' || c == '\\'));
    if (esc)
      loam_strbuf_printf(b, "%%%02X", c);
    else
      loam_strbuf_putc(b, (char)c);
  }
}

/* The path from the folder of `from` to `to` (both vault paths). */
static void S_relative(const char *from, const char *to, loam_strbuf *out) {
  loam_strbuf_clear(out);
  const char *f = from, *t = to;
  /* Skip the folders both paths share. */
  for (;;) {
    const char *fs = strchr(f, '/'), *ts = strchr(t, '/');
    if (!fs || !ts || fs - f != ts - t || memcmp(f, t, (size_t)(fs - f)) != 0) break;
    f = fs + 1, t = ts + 1;
  }
  for (const char *c = f; (c = strchr(c, '/')) != NULL; c++) loam_strbuf_puts(out, "../");
  loam_strbuf_puts(out, t);
}

/* Where the destination of Markdown link s[0..n) is: [*da, *db) (without
 * <>), *angle when in <...>. 0 when it does not parse. */
static int S_md_dest(const char *s, size_t n, size_t *da, size_t *db, int *angle) {
  size_t i = 1;
  int depth = 0;
  for (; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n) {
      i++;
    } else if (s[i] == '[') {
      depth++;
    } else if (s[i] == ']' && depth-- == 0) {
      break;
    }
  }
  if (i + 1 >= n || s[i + 1] != '(') return 0;
  size_t j = i + 2;
  while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
  *angle = j < n && s[j] == '<';
  *da = j + (size_t)*angle;
  size_t k = *da;
  int paren = 0;
  for (; k < n; k++) {
    char c = s[k];
    if (c == '\\' && k + 1 < n) {
      k++;
      continue;
    }
    if (*angle ? c == '>' : (c == ' ' || c == '\t' || (c == ')' && paren-- == 0))) break;
    if (!*angle && c == '(') paren++;
  }
  *db = k;
  return k < n;
}

/*
 * The new text of Markdown link s[0..n) in note `src` pointing at note
 * `to`, NULL to keep it; *changed as for S_wiki. The link keeps its form:
 * a path relative to the linking note (recomputed from where both notes
 * will be), a vault path (with its leading '/' if it had one), or a bare
 * file name (the new name, when the renamed note is the target).
 */
static const char *S_markdown(S_plan *p, const char *s, size_t n, const loam_link *l, int32_t src,
                              int32_t to, int *changed) {
  size_t da, db;
  int angle;
  *changed = 1;
  if (s[0] != '[' || !S_md_dest(s, n, &da, &db, &angle)) return NULL;
  size_t ph = da;
  while (ph < db && s[ph] != '#') ph++;
  loam_strbuf path = {0}, joined = {0}, b = {0};
  const char *out = NULL;
  S_decode(s + da, ph - da, &path);
  if (strcmp(path.ptr, l->target) != 0) goto done;
  *changed = 0;
  const char *src_old = loam_m_note(p->ctx, src)->path;
  const char *src_new = src == p->note ? p->new_rel : src_old;
  const char *to_old = loam_m_note(p->ctx, to)->path;
  const char *to_new = to == p->note ? p->new_rel : to_old;
  size_t tn = strlen(to_old);
  int by_folder = path.ptr[0] != '/' && loam_vault_join(src_old, path.ptr, &joined) == 0 &&
                  S_same(joined.ptr, joined.len, to_old, tn);
  int by_vault = !by_folder && loam_vault_join("", path.ptr, &joined) == 0 &&
                 S_same(joined.ptr, joined.len, to_old, tn);
  if (to != p->note) {
    /* A link out of the moved note: rewritten only when, read from the new
     * folder, it would name another note or none. */
    int32_t now = -1;
    if (path.ptr[0] != '/' && loam_vault_join(src_new, path.ptr, &joined) == 0)
      now = loam_vault_find(p->ctx->vault, joined.ptr);
    if (now == to || (now < 0 && loam_vault_resolve(p->ctx->vault, path.ptr, src) == to)) goto done;
  }
  if (by_folder) {
    S_relative(src_new, to_new, &joined);
    S_encode(&b, joined.ptr, angle);
  } else if (by_vault) {
    if (path.ptr[0] == '/') loam_strbuf_putc(&b, '/');
    S_encode(&b, to_new, angle);
  } else {
    size_t sn;
    const char *stem = S_stem_of(to_old, &sn);
    int by_name = to == p->note && !strchr(path.ptr, '/') && S_ends_md(path.ptr, path.len) &&
                  S_same(path.ptr, path.len - 3, stem, sn);
    if (!by_name) {
      if (to == p->note) p->kept++; /* through its title or an alias */
      goto done;
    }
    if (strchr(p->new_name, '/'))
      S_relative(src_new, to_new, &joined);
    else
      loam_strbuf_clear(&joined), loam_strbuf_printf(&joined, "%s.md", p->new_name);
    S_encode(&b, joined.ptr, angle);
  }
  if (b.len == ph - da && memcmp(b.ptr, s + da, b.len) == 0) goto done; /* the same */
  loam_strbuf_clear(&joined);
  loam_strbuf_put(&joined, s, da);
  loam_strbuf_put(&joined, b.ptr, b.len);
  loam_strbuf_put(&joined, s + ph, n - ph);
  out = loam_arena_strndup(p->a, joined.ptr, joined.len);
done:
  loam_strbuf_free(&path);
  loam_strbuf_free(&joined);
  loam_strbuf_free(&b);
  return out;
}

/* Whether byte `col` (1-based) of a frontmatter line is inside a
 * single-quoted YAML scalar ('' inside one keeps the count even). */
static int S_in_single_quotes(const char *line, size_t len, uint32_t col) {
  int inside = 0;
  for (size_t k = 0; k + 1 < col && k < len; k++)
    if (line[k] == '\'') inside = !inside;
  return inside;
}

static int S_splice_cmp(const void *pa, const void *pb) {
  const S_splice *x = pa, *y = pb;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->col > y->col ? -1 : x->col < y->col; /* right to left in a line */
}

/* The links of note j that the rename changes, as line edits in `edits`
 * (an array); returns how many links changed. Skipped links (their line
 * changed since the index read it) go to `skipped`. */
static size_t S_plan_note(S_plan *p, int32_t j, loam_val *edits, loam_val *skipped) {
  const loam_note *n = loam_m_note(p->ctx, j);
  S_splices splices = {0};
  loam_m_lines lines;
  int read = 0;
  for (size_t k = 0; k < n->links.len; k++) {
    const loam_link *l = &n->links.items[k];
    int to_it = l->resolved == p->note;
    /* A moved note's relative Markdown links to other notes move with it. */
    int from_it = j == p->note && p->moved && l->kind == LOAM_LINK_MARKDOWN && l->resolved >= 0;
    if (!l->target[0] || !(to_it || from_it)) continue;
    if (!read) loam_m_lines_read(p->ctx, j, &lines), read = 1;
    size_t len;
    const char *line = loam_m_lines_get(&lines, l->line, &len);
    int changed = 1;
    const char *text = NULL;
    if (line && l->col >= 1 && l->col - 1 + l->len <= len) {
      const char *span = line + l->col - 1;
      int quoted = l->line < n->body_line && S_in_single_quotes(line, len, l->col);
      text = l->kind == LOAM_LINK_MARKDOWN
                 ? S_markdown(p, span, l->len, l, j, l->resolved, &changed)
                 : S_wiki(p, span, l->len, l, quoted, &changed);
    }
    if (changed) {
      loam_val *m = loam_val_map(p->a);
      loam_m_set_paths(p->ctx, p->a, m, j);
      loam_val_set(p->a, m, "line", loam_val_int(p->a, l->line));
      loam_val_set(p->a, m, "col", loam_val_int(p->a, l->col));
      loam_val_push(p->a, skipped, m);
    } else if (text) {
      S_splice sp = {l->line, l->col, l->len, text};
      LOAM_VEC_PUSH(&splices, sp);
    }
  }
  if (splices.len) qsort(splices.items, splices.len, sizeof(S_splice), S_splice_cmp);
  loam_strbuf b = {0};
  for (size_t k = 0; k < splices.len;) {
    uint32_t ln = splices.items[k].line;
    size_t len;
    const char *line = loam_m_lines_get(&lines, ln, &len);
    loam_strbuf_clear(&b);
    loam_strbuf_put(&b, line, len);
    for (; k < splices.len && splices.items[k].line == ln; k++) {
      const S_splice *sp = &splices.items[k];
      loam_strbuf tail = {0};
      size_t at = sp->col - 1;
      loam_strbuf_put(&tail, b.ptr + at + sp->len, b.len - at - sp->len);
      b.len = at;
      loam_strbuf_puts(&b, sp->text);
      loam_strbuf_put(&b, tail.ptr, tail.len);
      loam_strbuf_free(&tail);
    }
    loam_val *e = loam_val_map(p->a), *new_lines = loam_val_array(p->a);
    loam_val_set(p->a, e, "line", loam_val_int(p->a, ln));
    loam_val_set(p->a, e, "expect", loam_val_str(p->a, line, len));
    loam_val_push(p->a, new_lines, loam_val_str(p->a, b.ptr, b.len));
    loam_val_set(p->a, e, "lines", new_lines);
    loam_val_push(p->a, edits, e);
  }
  loam_strbuf_free(&b);
  size_t count = splices.len;
  free(splices.items);
  if (read) loam_m_lines_free(&lines);
  return count;
}

typedef struct {
  const char *path;
  loam_val *val;
} S_file;

static int S_file_cmp(const void *x, const void *y) {
  return strcmp(((const S_file *)x)->path, ((const S_file *)y)->path);
}

int loam_m_rename_plan(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err) {
  int32_t self;
  const char *name;
  int rc = loam_m_note_param(ctx, params, a, &self, err);
  if (!rc) rc = loam_m_str_required(params, "new_name", a, &name, NULL, err);
  if (rc) return rc;
  const char *old_rel = loam_m_note(ctx, self)->path;
  loam_strbuf rel = {0};
  rc = S_new_rel(ctx, name, old_rel, &rel, err);
  if (!rc && strcmp(rel.ptr, old_rel) == 0)
    rc = loam_error_set(err, LOAM_E_PARAMS, 0, 0, "%s already has that name", old_rel);
  if (!rc) {
    char *from = S_abs(ctx, old_rel), *to = S_abs(ctx, rel.ptr);
    rc = S_free_name(from, to, rel.ptr, err);
    free(from), free(to);
  }
  if (rc) return loam_strbuf_free(&rel), rc;
  loam_vault_resolve_all(ctx->vault);

  S_plan p = {ctx, a, self, old_rel, loam_arena_strndup(a, rel.ptr, rel.len), NULL, 0, 0, 0};
  loam_strbuf_free(&rel);
  size_t sn, on;
  const char *stem = S_stem_of(p.new_rel, &sn), *old_stem = S_stem_of(old_rel, &on);
  p.moved = stem - p.new_rel != old_stem - old_rel ||
            memcmp(p.new_rel, old_rel, (size_t)(stem - p.new_rel)) != 0;
  p.new_name = S_stem_taken(&p, stem, sn) ? loam_arena_strndup(a, p.new_rel, strlen(p.new_rel) - 3)
                                          : loam_arena_strndup(a, stem, sn);
  LOAM_VEC(S_file) files = {0};
  loam_val *skipped = loam_val_array(a);
  for (size_t j = 0; j < loam_vault_count(ctx->vault); j++) {
    loam_val *edits = loam_val_array(a);
    size_t links = S_plan_note(&p, (int32_t)j, edits, skipped);
    if (!links) continue;
    p.links += links;
    loam_val *f = loam_val_map(a);
    loam_m_set_paths(ctx, a, f, (int32_t)j);
    loam_val_set(a, f, "links", loam_val_int(a, (int64_t)links));
    loam_val_set(a, f, "edits", edits);
    S_file sf = {loam_m_note(ctx, (int32_t)j)->path, f};
    LOAM_VEC_PUSH(&files, sf);
  }
  if (files.len) qsort(files.items, files.len, sizeof(S_file), S_file_cmp);
  loam_val *list = loam_val_array(a);
  for (size_t k = 0; k < files.len; k++) loam_val_push(a, list, files.items[k].val);
  size_t notes = files.len;
  free(files.items);

  loam_val *m = loam_val_map(a);
  loam_m_set_paths(ctx, a, m, self);
  char *new_abs = S_abs(ctx, p.new_rel);
  loam_val_set(a, m, "new_path", loam_val_cstr(a, p.new_rel));
  loam_val_set(a, m, "new_abspath", loam_val_cstr(a, new_abs));
  free(new_abs);
  loam_val_set(a, m, "links", loam_val_int(a, (int64_t)p.links));
  loam_val_set(a, m, "notes", loam_val_int(a, (int64_t)notes));
  loam_val_set(a, m, "kept", loam_val_int(a, (int64_t)p.kept));
  loam_val_set(a, m, "files", list);
  loam_val_set(a, m, "skipped", skipped);
  *result = m;
  return 0;
}

/* ---- rename_note and create_note ---------------------------------------- */

/* The vault path `path` names (relative, or absolute inside the vault). */
static int S_target_param(loam_ctx *ctx, const loam_val *params, const char *key, loam_arena *a,
                          loam_strbuf *rel, loam_error *err) {
  const char *path;
  int rc = loam_m_str_required(params, key, a, &path, NULL, err);
  if (rc) return rc;
  const char *root = loam_vault_root(ctx->vault);
  size_t rn = strlen(root);
  if (path[0] == '/' && !(strncmp(path, root, rn) == 0 && path[rn] == '/'))
    return loam_error_set(err, LOAM_E_PARAMS, 0, 0, "%s is not inside the vault", path);
  return S_new_rel(ctx, path[0] == '/' ? path + rn + 1 : path, NULL, rel, err);
}

int loam_m_rename_note(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err) {
  int32_t self;
  loam_strbuf rel = {0};
  int rc = loam_m_note_param(ctx, params, a, &self, err);
  if (!rc) rc = S_target_param(ctx, params, "new_path", a, &rel, err);
  if (rc) return loam_strbuf_free(&rel), rc;
  char *old_rel = loam_arena_strdup(a, loam_m_note(ctx, self)->path);
  char *from = S_abs(ctx, old_rel), *to = S_abs(ctx, rel.ptr);
  char *from_dir = loam_xstrdup(from);
  *strrchr(from_dir, '/') = '\0';
  if (strcmp(old_rel, rel.ptr) == 0)
    rc = loam_error_set(err, LOAM_E_PARAMS, 0, 0, "%s already has that name", old_rel);
  if (!rc) rc = S_free_name(from, to, rel.ptr, err);
  if (!rc) rc = S_make_folder(ctx, rel.ptr, from_dir, err);
  if (!rc) {
    struct stat a_st, b_st;
    int same = lstat(to, &b_st) == 0 && lstat(from, &a_st) == 0 && a_st.st_ino == b_st.st_ino &&
               a_st.st_dev == b_st.st_dev;
    int mv = same ? (rename(from, to) == 0 ? 0 : -errno) : S_move_noreplace(from, to);
    if (mv == -EEXIST)
      rc = loam_error_set(err, LOAM_E_IO, 0, 0, "%s already exists; nothing was changed", rel.ptr);
    else if (mv < 0)
      rc = loam_error_set(err, LOAM_E_IO, 0, 0, "cannot rename %s to %s: %s", old_rel, rel.ptr,
                          strerror(-mv));
  }
  if (!rc) {
    loam_vault_update(ctx->vault, old_rel, NULL, 0, NULL); /* gone: removed */
    loam_vault_update(ctx->vault, rel.ptr, NULL, 0, NULL);
    *result = loam_val_map(a);
    loam_val_set(a, *result, "path", loam_val_cstr(a, rel.ptr));
    loam_val_set(a, *result, "abspath", loam_val_cstr(a, to));
  }
  free(from), free(to), free(from_dir);
  loam_strbuf_free(&rel);
  return rc;
}

/* Writes `text` to a new hidden file in the folder of `to` (flushed, with
 * the mode a new file gets) and moves it to `to` unless that exists. */
static int S_create(const char *to, const char *text, size_t len) {
  loam_strbuf tmp = {0};
  const char *slash = strrchr(to, '/');
  loam_strbuf_put(&tmp, to, (size_t)(slash - to) + 1);
  loam_strbuf_puts(&tmp, ".loam-new-XXXXXX");
  int fd = mkstemp(tmp.ptr), rc = 0;
  if (fd < 0) {
    rc = -errno;
    loam_strbuf_free(&tmp);
    return rc;
  }
  mode_t mask = umask(0);
  umask(mask);
  for (size_t off = 0; rc == 0 && off < len;) {
    ssize_t k = write(fd, text + off, len - off);
    if (k < 0 && errno != EINTR) rc = -errno;
    if (k > 0) off += (size_t)k;
  }
  if (rc == 0 && fsync(fd) != 0) rc = -errno;
  if (rc == 0 && fchmod(fd, 0666 & ~mask) != 0) rc = -errno;
  if (close(fd) != 0 && rc == 0) rc = -errno;
  if (rc == 0) rc = S_move_noreplace(tmp.ptr, to);
  if (rc != 0) unlink(tmp.ptr);
  loam_strbuf_free(&tmp);
  return rc;
}

int loam_m_create_note(loam_ctx *ctx, const loam_val *params, loam_arena *a, loam_val **result,
                       loam_error *err) {
  loam_strbuf rel = {0};
  const char *text;
  size_t len;
  int rc = S_target_param(ctx, params, "path", a, &rel, err);
  if (!rc) rc = loam_m_str_param(params, "text", a, &text, &len, err);
  if (rc) return loam_strbuf_free(&rel), rc;
  char *to = S_abs(ctx, rel.ptr);
  rc = S_free_name(NULL, to, rel.ptr, err);
  if (!rc) rc = S_make_folder(ctx, rel.ptr, NULL, err);
  if (!rc) {
    int cr = S_create(to, text ? text : "", text ? len : 0);
    if (cr == -EEXIST)
      rc = loam_error_set(err, LOAM_E_IO, 0, 0, "%s already exists; nothing was changed", rel.ptr);
    else if (cr < 0)
      rc = loam_error_set(err, LOAM_E_IO, 0, 0, "cannot create %s: %s", rel.ptr, strerror(-cr));
  }
  if (!rc) {
    loam_vault_update(ctx->vault, rel.ptr, NULL, 0, NULL);
    *result = loam_val_map(a);
    loam_val_set(a, *result, "path", loam_val_cstr(a, rel.ptr));
    loam_val_set(a, *result, "abspath", loam_val_cstr(a, to));
  }
  free(to);
  loam_strbuf_free(&rel);
  return rc;
}
