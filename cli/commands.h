/*
 * commands: the subcommands of the patchmilter command. Each takes the arguments
 * after its own name (argv[0] is the subcommand name) and returns the exit status.
 */
#ifndef PM_COMMANDS_H
#define PM_COMMANDS_H

#include "pm_index.h"
#include "strbuf.h"

typedef struct pm_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} pm_command;

/* Checks the --index value of `command`: a location with a password is refused (ps
   would show it). Returns 0, or -1 after saying why on stderr. */
int index_option_check(const char *command, const char *location);
/* Opens the index at `location` (the --index value), or the default index when it is
   NULL (cli/index_option.c); returns pm_index_open's result. */
int index_option_open(const char *location, pm_index **out, strbuf *err);

int cmd_annotate(int argc, char **argv);
int cmd_digest(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif
