/*
 * bench_common.h - shared driver for the C Markdown parser harnesses.
 *
 * Each harness (cmark_gfm_parse.c, md4c_parse.c) supplies one function that
 * parses a single in-memory document and frees whatever it built; this file
 * supplies everything else: argument handling, recursive directory walking,
 * file reading and the final "files=N bytes=N" line on stderr.
 *
 * Semantics (kept close to `specwright check <paths>`):
 *   - a path given on the command line that is a regular file is parsed
 *     whatever its name;
 *   - a directory is walked recursively and every regular file whose name
 *     ends in ".md" is parsed; symbolic links to files are followed,
 *     symbolic links to directories are not (no loops);
 *   - the read buffer is reused across files, so steady-state allocation is
 *     the parser's own.
 *
 * Exit status: 0 if every path was read and parsed, 1 if any failed
 * (a message for each failure goes to stderr), 2 on a usage error.
 *
 * The including file must define _POSIX_C_SOURCE / _DEFAULT_SOURCE before any
 * system header (both harnesses do so on their first lines).
 */
#ifndef SPECWRIGHT_BENCH_COMMON_H
#define SPECWRIGHT_BENCH_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Parses one document of `len` bytes; returns 0 on success, non-zero on a
 * parser failure. Must free everything it allocates before returning. */
typedef int (*bench_parse_fn)(const char *text, size_t len);

struct bench_state {
    bench_parse_fn parse;
    const char *prog;
    char *buf;               /* reusable file buffer */
    size_t cap;
    char *path;              /* reusable path buffer for the directory walk */
    size_t path_cap;
    unsigned long long files;
    unsigned long long bytes;
    int failed;
};

static int bench_reserve(char **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 4096;
    while (n < need) {
        if (n > ((size_t)-1) / 2)
            return -1;
        n *= 2;
    }
    char *q = realloc(*p, n);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Reads the whole file into st->buf; returns its length, or -1 (errno set). */
static long long bench_read_file(struct bench_state *st, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat sb;
    size_t len = 0;
    if (fstat(fd, &sb) == 0 && sb.st_size > 0 &&
        bench_reserve(&st->buf, &st->cap, (size_t)sb.st_size + 1) != 0) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    for (;;) {
        if (len + 1 >= st->cap &&
            bench_reserve(&st->buf, &st->cap, len + 65536) != 0) {
            close(fd);
            errno = ENOMEM;
            return -1;
        }
        ssize_t n = read(fd, st->buf + len, st->cap - len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    st->buf[len] = '\0'; /* not needed by the parsers; handy in a debugger */
    return (long long)len;
}

static void bench_file(struct bench_state *st, const char *path)
{
    long long n = bench_read_file(st, path);
    if (n < 0) {
        fprintf(stderr, "%s: %s: %s\n", st->prog, path, strerror(errno));
        st->failed = 1;
        return;
    }
    if (st->parse(st->buf, (size_t)n) != 0) {
        fprintf(stderr, "%s: %s: parse failed\n", st->prog, path);
        st->failed = 1;
        return;
    }
    st->files++;
    st->bytes += (unsigned long long)n;
}

static int bench_has_md_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Walks the directory whose path is st->path[0..len); st->path is restored
 * to that prefix on return. */
static void bench_walk(struct bench_state *st, size_t len)
{
    DIR *d = opendir(st->path);
    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", st->prog, st->path, strerror(errno));
        st->failed = 1;
        return;
    }
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno != 0) {
                fprintf(stderr, "%s: %s: %s\n", st->prog, st->path,
                        strerror(errno));
                st->failed = 1;
            }
            break;
        }
        const char *name = de->d_name;
        if (name[0] == '.' &&
            (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
            continue;

        size_t nlen = strlen(name);
        int need_sep = len > 0 && st->path[len - 1] != '/';
        if (bench_reserve(&st->path, &st->path_cap, len + need_sep + nlen + 1)) {
            fprintf(stderr, "%s: out of memory\n", st->prog);
            st->failed = 1;
            break;
        }
        size_t sub = len;
        if (need_sep)
            st->path[sub++] = '/';
        memcpy(st->path + sub, name, nlen + 1);

        int is_dir = 0, is_reg = 0;
        unsigned char t = de->d_type;
        if (t == DT_DIR) {
            is_dir = 1;
        } else if (t == DT_REG) {
            is_reg = 1;
        } else {
            /* DT_LNK or DT_UNKNOWN: ask the file system. */
            struct stat sb;
            if (lstat(st->path, &sb) == 0) {
                if (S_ISDIR(sb.st_mode))
                    is_dir = 1;
                else if (S_ISREG(sb.st_mode))
                    is_reg = 1;
                else if (S_ISLNK(sb.st_mode) && stat(st->path, &sb) == 0 &&
                         S_ISREG(sb.st_mode))
                    is_reg = 1; /* link to a file: follow; to a dir: skip */
            }
        }

        if (is_dir)
            bench_walk(st, sub + nlen);
        else if (is_reg && bench_has_md_suffix(name))
            bench_file(st, st->path);

        st->path[len] = '\0';
    }
    closedir(d);
}

static void bench_path(struct bench_state *st, const char *arg)
{
    struct stat sb;
    if (stat(arg, &sb) != 0) {
        fprintf(stderr, "%s: %s: %s\n", st->prog, arg, strerror(errno));
        st->failed = 1;
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        size_t len = strlen(arg);
        if (bench_reserve(&st->path, &st->path_cap, len + 1)) {
            fprintf(stderr, "%s: out of memory\n", st->prog);
            st->failed = 1;
            return;
        }
        memcpy(st->path, arg, len + 1);
        bench_walk(st, len);
    } else if (S_ISREG(sb.st_mode)) {
        bench_file(st, arg);
    } else {
        fprintf(stderr, "%s: %s: not a regular file or directory\n",
                st->prog, arg);
        st->failed = 1;
    }
}

/* Runs the harness over argv[1..]; returns the process exit status. */
static int bench_main(int argc, char **argv, const char *prog,
                      bench_parse_fn parse)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--help") == 0) {
        fprintf(stderr,
                "usage: %s PATH...\n"
                "  Parses every file given and every *.md file under each\n"
                "  directory given (recursively), builds nothing else, and\n"
                "  prints \"files=N bytes=N\" to stderr.\n",
                prog);
        return 2;
    }
    struct bench_state st;
    memset(&st, 0, sizeof st);
    st.parse = parse;
    st.prog = prog;
    for (int i = 1; i < argc; i++)
        bench_path(&st, argv[i]);
    free(st.buf);
    free(st.path);
    fprintf(stderr, "%s: files=%llu bytes=%llu\n", prog, st.files, st.bytes);
    return st.failed ? 1 : 0;
}

#endif /* SPECWRIGHT_BENCH_COMMON_H */
