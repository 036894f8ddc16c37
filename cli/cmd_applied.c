/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_applied: `patchmilter applied [--index FILE|URI] [--config FILE] [REPO:REF...]`:
 * marks in the index the messages each local git branch has applied since its last scan
 * (applied_tree.h), and prints one line per branch: "REPO:REF: N commits, M messages
 * applied (L by Link, P by patch-id)". REPO:REF splits at the last colon. With
 * --config, the branches are the file's AppliedTree keys and the index its Index key
 * (the command line's REPO:REF and --index, when given, win): what the packaged
 * systemd timer runs. Run it from cron or that timer; a scan of a branch that did not
 * move reads one commit.
 * Exit 0 when every branch was scanned, 1 when one could not be, 2 on usage, a bad
 * configuration file, or when the index cannot be opened.
 */
#include <getopt.h>
#include <stdio.h>

#include "applied_tree.h"
#include "commands.h"
#include "config.h"

static const command_help help = {
    .name = "applied",
    .synopsis = "patchmilter applied [--index FILE|URI] [--config FILE] [REPO:REF...]",
    .summary = "Marks the messages that local git branches have applied.",
    .options = INDEX_OPTION_HELP
               "  -c, --config FILE      the AppliedTree branches and Index of this file\n"
               HELP_OPTION_HELP,
};

/* Scans every branch of specs; 0 when all were scanned, 1 when one could not be. */
static int scan_all(pm_index *ix, char *const *specs, size_t n)
{
    int status = 0;
    strbuf err = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        applied_tree_report rep;
        sb_reset(&err);
        if (applied_tree_scan(ix, specs[i], &rep, &err) < 0) {
            fprintf(stderr, "patchmilter applied: %s: %s\n", specs[i], err.data);
            status = 1;
        } else {
            printf("%s: %zu commit%s, %zu message%s applied (%zu by Link, %zu by patch-id)\n",
                   specs[i], rep.commits, rep.commits == 1 ? "" : "s",
                   rep.by_link + rep.by_patch_id, rep.by_link + rep.by_patch_id == 1 ? "" : "s",
                   rep.by_link, rep.by_patch_id);
        }
    }
    sb_free(&err);
    return status;
}

int cmd_applied(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL, *config_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "i:c:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        case 'c': config_path = optarg; break;
        default: return command_usage(&help, c == 'h');
        }
    }
    if (optind >= argc && !config_path)
        return command_usage(&help, false);
    for (int i = optind; i < argc; i++) {
        if (!applied_tree_spec_valid(argv[i])) {
            fprintf(stderr, "patchmilter applied: '%s' is not REPO:REF\n", argv[i]);
            return 2;
        }
    }
    if (index_path && index_option_check("applied", index_path) < 0)
        return 2;
    pm_config cfg;
    pm_config_init(&cfg);
    strbuf err = STRBUF_INIT;
    int status = 2;
    if (config_path && pm_config_load(&cfg, config_path, &err) < 0) {
        fprintf(stderr, "patchmilter applied: %s\n", err.data);
        goto out;
    }
    char *const *specs = optind < argc ? argv + optind : cfg.applied_trees.v;
    size_t n = optind < argc ? (size_t)(argc - optind) : cfg.applied_trees.n;
    if (!n) {
        fprintf(stderr, "patchmilter applied: %s has no AppliedTree\n", config_path);
        goto out;
    }
    pm_index *ix;
    if (index_option_open(index_path ? index_path : cfg.index, &ix, &err) < 0) {
        fprintf(stderr, "patchmilter applied: %s\n", err.data);
        goto out;
    }
    status = scan_all(ix, specs, n);
    pm_index_close(ix);
out:
    pm_config_free(&cfg);
    sb_free(&err);
    return status;
}
