/*
 * cmark_gfm_parse - parse-only baseline with libcmark-gfm.
 *
 *   cmark_gfm_parse PATH...
 *
 * For every file given, and every *.md file under every directory given
 * (recursively), reads the file and parses it with libcmark-gfm with the
 * GFM "table" and "tasklist" syntax extensions attached, then frees the
 * document tree. Nothing is rendered. At the end prints
 * "cmark_gfm_parse: files=N bytes=N" to stderr.
 *
 * Build: see Makefile (cc -O2 ... -lcmark-gfm-extensions -lcmark-gfm).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "bench_common.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

/* Exported by libcmark-gfm (declared in <cmark-gfm/registry.h>, which pulls in
 * internal headers); frees the global extension registry so that a leak
 * checker sees a clean exit. */
extern void cmark_release_plugins(void);

static cmark_syntax_extension *ext_table;
static cmark_syntax_extension *ext_tasklist;

static int parse_one(const char *text, size_t len)
{
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (!parser)
        return -1;
    if (!cmark_parser_attach_syntax_extension(parser, ext_table) ||
        !cmark_parser_attach_syntax_extension(parser, ext_tasklist)) {
        cmark_parser_free(parser);
        return -1;
    }
    cmark_parser_feed(parser, text, len);
    cmark_node *doc = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    if (!doc)
        return -1;
    cmark_node_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    cmark_gfm_core_extensions_ensure_registered();
    ext_table = cmark_find_syntax_extension("table");
    ext_tasklist = cmark_find_syntax_extension("tasklist");
    if (!ext_table || !ext_tasklist) {
        fprintf(stderr, "cmark_gfm_parse: cmark-gfm extension %s not found\n",
                ext_table ? "\"tasklist\"" : "\"table\"");
        cmark_release_plugins();
        return 1;
    }
    int rc = bench_main(argc, argv, "cmark_gfm_parse", parse_one);
    cmark_release_plugins();
    return rc;
}
