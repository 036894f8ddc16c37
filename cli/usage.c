/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * usage: what every subcommand prints for --help (its synopsis and one line per
 * option, on stdout, exit 0) and for a usage error (the synopsis and a pointer to
 * --help, on stderr, exit 2).
 */
#include <stdio.h>

#include "commands.h"

int command_usage(const command_help *h, bool help)
{
    if (help) {
        printf("usage: %s\n%s\n\noptions:\n%s", h->synopsis, h->summary, h->options);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: %s\nTry 'patchmilter %s --help'.\n", h->synopsis, h->name);
    return 2;
}
