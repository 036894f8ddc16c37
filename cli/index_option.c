/*
 * index_option: what every subcommand checks in its --index value: a PostgreSQL URI
 * with a password would show in ps, so the password belongs in a password file.
 */
#include <stdio.h>

#include "commands.h"
#include "pm_index.h"

int index_option_check(const char *command, const char *location)
{
    if (!pm_index_location_has_password(location))
        return 0;
    fprintf(stderr,
            "patchmilter %s: --index: no password on the command line (ps shows it); put it in "
            "~/.pgpass or the file PGPASSFILE names, or use Index in the configuration file\n",
            command);
    return -1;
}
