/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_applied: `patchmilter applied --index FILE|URI REPO:REF...`: marks in the index
 * the messages each local git branch has applied since its last scan (applied_tree.h),
 * and prints one line per branch: "REPO:REF: N commits, M messages applied (L by
 * Link, P by patch-id)". REPO:REF splits at the last colon. Run it from cron or the
 * packaged systemd timer; a scan of a branch that did not move reads one commit.
 * Exit 0 when every branch was scanned, 1 when one could not be, 2 on usage or when
 * the index cannot be opened.
 */
#include <getopt.h>
#include <stdio.h>

#include "applied_tree.h"
#include "commands.h"

static const command_help help = {
    .name = "applied",
    .synopsis = "patchmilter applied [--index FILE|URI] REPO:REF...",
    .summary = "Marks the messages that local git branches have applied.",
    .options = INDEX_OPTION_HELP HELP_OPTION_HELP,
};

int cmd_applied(int argc, char **argv)
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
        default: return command_usage(&help, c == 'h');
        }
    }
    if (optind >= argc)
        return command_usage(&help, false);
    for (int i = optind; i < argc; i++) {
        if (!applied_tree_spec_valid(argv[i])) {
            fprintf(stderr, "patchmilter applied: '%s' is not REPO:REF\n", argv[i]);
            return 2;
        }
    }
    if (index_path && index_option_check("applied", index_path) < 0)
        return 2;
    pm_index *ix;
    strbuf err = STRBUF_INIT;
    if (index_option_open(index_path, &ix, &err) < 0) {
        fprintf(stderr, "patchmilter applied: %s\n", err.data);
        sb_free(&err);
        return 2;
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        applied_tree_report rep;
        sb_reset(&err);
        if (applied_tree_scan(ix, argv[i], &rep, &err) < 0) {
            fprintf(stderr, "patchmilter applied: %s: %s\n", argv[i], err.data);
            status = 1;
        } else {
            printf("%s: %zu commit%s, %zu message%s applied (%zu by Link, %zu by patch-id)\n",
                   argv[i], rep.commits, rep.commits == 1 ? "" : "s",
                   rep.by_link + rep.by_patch_id, rep.by_link + rep.by_patch_id == 1 ? "" : "s",
                   rep.by_link, rep.by_patch_id);
        }
    }
    pm_index_close(ix);
    sb_free(&err);
    return status;
}
