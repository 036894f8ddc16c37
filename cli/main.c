/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main: the patchmilter command: dispatches to a subcommand (annotate, import,
 * lookup, series, link, unlink, applied, digest, run), and prints usage and version.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const pm_command commands[] = {
    {"annotate", cmd_annotate, "annotate one message from stdin, write it to stdout"},
    {"import", cmd_import, "record mbox, Maildir and public-inbox archives in the index"},
    {"lookup", cmd_lookup, "show what the index holds for a Message-ID, patch-id or series"},
    {"series", cmd_series, "show every version of a series and what became of it"},
    {"link", cmd_link, "link a later version to an earlier one by hand"},
    {"unlink", cmd_unlink, "undo the merges of series a message caused, links by hand too"},
    {"applied", cmd_applied, "mark the messages local git branches have applied"},
    {"digest", cmd_digest, "report on a list's patch mail (text or HTML), recording it in the index"},
    {"run", cmd_run, "run the milter daemon (see patchmilter.conf(5))"},
};

static int usage(FILE *out, int status)
{
    fprintf(out, "usage: patchmilter <command> [options]\n       patchmilter <command> --help\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\noptions:\n"
                 "  -h, --help             show this help and exit\n"
                 "  -V, --version          show the version and exit\n"
                 "\nSee patchmilter(8).\n");
    return status;
}

/* Free memory glibc keeps at the top of each heap rather than give back at once.
   Each index query builds temporary tables (SQLite's sorters and subquery results)
   of a few MB that are freed when it ends; with glibc's default (128 KB) those
   pages go back to the kernel and are faulted in again by the next query: 150,000
   page faults and three quarters of the CPU time of importing the fscrypt archive
   (bench/RESULTS.md, "import"). Peak RSS is unchanged. */
#define HEAP_TOP_PAD (4 << 20)

int main(int argc, char **argv)
{
    mallopt(M_TOP_PAD, HEAP_TOP_PAD);
    if (argc < 2)
        return usage(stderr, 2);
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
        return usage(stdout, 0);
    if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
        printf("patchmilter %s\n", PM_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "patchmilter: unknown command '%s'\n", argv[1]);
    return usage(stderr, 2);
}
