/*
 * cmd_lookup: `patchmilter lookup --index FILE|URI KEY`: shows what the index holds for
 * a Message-ID, a patch-id or a series id (one block of "name: value" lines per
 * message). Exit 0 when something was found, 1 when nothing, 2 on usage or error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "pm_index.h"

static int usage(void)
{
    fprintf(stderr, "usage: patchmilter lookup --index FILE|URI <message-id|patch-id|series-id>\n");
    return 2;
}

int cmd_lookup(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        default: return usage();
        }
    }
    if (optind + 1 != argc)
        return usage();
    if (index_path && index_option_check("lookup", index_path) < 0)
        return 2;
    pm_index *ix;
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    int status = 2;
    if (index_option_open(index_path, &ix, &err) < 0) {
        fprintf(stderr, "patchmilter lookup: %s\n", err.data);
    } else {
        int n = pm_index_lookup(ix, argv[optind], &out, &err);
        if (n < 0)
            fprintf(stderr, "patchmilter lookup: %s\n", err.data);
        else if (n == 0)
            fprintf(stderr, "patchmilter lookup: %s: not in the index\n", argv[optind]);
        else
            fwrite(out.data, 1, out.len, stdout);
        status = n < 0 ? 2 : n == 0 ? 1 : 0;
        pm_index_close(ix);
    }
    sb_free(&out);
    sb_free(&err);
    return status;
}
