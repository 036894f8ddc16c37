/*
 * index_option: what every subcommand checks in its --index value: a PostgreSQL URI
 * with a password would show in ps, so the password belongs in a password file; and
 * the index a command that only reads opens (it must exist: a mistyped path is not
 * made an empty index).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

int index_open_for_reading(const char *command, const char *location, pm_index **out)
{
    struct stat st;
    *out = NULL;
    if (!strstr(location, "://") && stat(location, &st) < 0) {
        fprintf(stderr, "patchmilter %s: no index at %s (%s); import creates one\n", command,
                location, strerror(errno));
        return -1;
    }
    strbuf err = STRBUF_INIT;
    int rc = pm_index_open_readonly(location, out, &err);
    if (rc < 0)
        fprintf(stderr, "patchmilter %s: %s\n", command, err.data);
    sb_free(&err);
    return rc;
}
