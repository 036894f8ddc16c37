/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * commands: the subcommands of the patchmilter command. Each takes the arguments
 * after its own name (argv[0] is the subcommand name) and returns the exit status.
 */
#ifndef PM_COMMANDS_H
#define PM_COMMANDS_H

#include <stdbool.h>

#include "pm_index.h"
#include "strbuf.h"

typedef struct pm_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} pm_command;

/* What a subcommand's --help prints: `options` has one line per option, each ending
   in a newline. */
typedef struct command_help {
    const char *name;
    const char *synopsis; /* "patchmilter NAME [options] ARGS", may span lines */
    const char *summary;  /* one sentence */
    const char *options;
} command_help;

/* Prints the help on stdout and returns 0 (1 if stdout failed) when `help`, else the
   synopsis on stderr and returns 2: the exit status of the subcommand. */
int command_usage(const command_help *h, bool help);

/* The --index line of every subcommand's help. */
#define INDEX_OPTION_HELP \
    "  -i, --index FILE|URI   SQLite file or postgresql:// URI (default: $PATCHMILTER_INDEX or XDG)\n"
#define HELP_OPTION_HELP "  -h, --help             show this help and exit\n"

/* Checks the --index value of `command`: a location with a password is refused (ps
   would show it). Returns 0, or -1 after saying why on stderr. */
int index_option_check(const char *command, const char *location);
/* Opens the index at `location` (the --index value), or the default index when it is
   NULL (cli/index_option.c); returns pm_index_open's result. */
int index_option_open(const char *location, pm_index **out, strbuf *err);

/* Opens the index at `location` (the default index when NULL) read-only for `command`,
   which only reads: a file that does not exist is not created. Returns 0, or -1 after
   saying why on stderr. */
int index_option_open_readonly(const char *command, const char *location, pm_index **out);

/* The command line of a subcommand that takes `[--index FILE|URI] OPERAND...` and
   writes the index (link, unlink): exactly `operands` operands, then the index opened
   into *out. Returns -1 with *out open and argv[optind] the first operand, else the
   exit status (help shown, usage or an error said on stderr). */
int index_command_open(int argc, char **argv, const command_help *h, int operands,
                       pm_index **out);

int cmd_annotate(int argc, char **argv);
int cmd_applied(int argc, char **argv);
int cmd_digest(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_unlink(int argc, char **argv);

#endif
