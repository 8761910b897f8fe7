/*
 * md4c_parse - parse-only baseline with md4c.
 *
 *   md4c_parse PATH...
 *
 * For every file given, and every *.md file under every directory given
 * (recursively), reads the file and runs md_parse() over it with the
 * MD_DIALECT_GITHUB flags (tables, task lists, strikethrough, permissive
 * autolinks) and callbacks that do nothing. md4c is a push (SAX-style)
 * parser: it builds no tree, so this is a lower bound for "parse a spec".
 * At the end prints "md4c_parse: files=N bytes=N" to stderr.
 *
 * Build: see Makefile (cc -O2 ... -lmd4c).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "bench_common.h"

#include <limits.h>
#include <md4c.h>

static int on_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)type;
    (void)detail;
    (void)userdata;
    return 0;
}

static int on_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)type;
    (void)detail;
    (void)userdata;
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size,
                   void *userdata)
{
    (void)type;
    (void)text;
    (void)size;
    (void)userdata;
    return 0;
}

static const MD_PARSER parser = {
    0,                 /* abi_version */
    MD_DIALECT_GITHUB, /* flags */
    on_block,          /* enter_block */
    on_block,          /* leave_block */
    on_span,           /* enter_span */
    on_span,           /* leave_span */
    on_text,           /* text */
    NULL,              /* debug_log */
    NULL,              /* syntax (reserved) */
};

static int parse_one(const char *text, size_t len)
{
    if (len > (size_t)UINT_MAX) /* MD_SIZE is 32-bit */
        return -1;
    return md_parse(text, (MD_SIZE)len, &parser, NULL);
}

int main(int argc, char **argv)
{
    return bench_main(argc, argv, "md4c_parse", parse_one);
}
