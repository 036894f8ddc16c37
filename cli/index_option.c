/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_option: the --index option of every subcommand, in one place. A location
 * given there is checked first: a PostgreSQL URI with a password would show in ps, so
 * the password belongs in a password file. Without the option the default index is
 * used: $PATCHMILTER_INDEX, else $XDG_DATA_HOME/patchmilter/index.sqlite, else
 * ~/.local/share/patchmilter/index.sqlite. A command that writes makes the directories
 * above it (0700) when missing; a command that only reads opens an index that exists,
 * read-only (a mistyped path is not made an empty index).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "xalloc.h"

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

/* The default location (see the top of this file), its directories made when
   make_dirs; free the result. */
static char *default_location(bool make_dirs)
{
    const char *env = getenv("PATCHMILTER_INDEX");
    if (env && *env)
        return xstrdup(env);
    strbuf sb = STRBUF_INIT;
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        sb_addf(&sb, "%s/patchmilter/index.sqlite", xdg);
    else
        sb_addf(&sb, "%s/.local/share/patchmilter/index.sqlite", home && *home ? home : ".");
    for (char *slash = strchr(sb.data + 1, '/'); make_dirs && slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        int rc = mkdir(sb.data, 0700);
        *slash = '/';
        if (rc < 0 && errno != EEXIST)
            break;
    }
    return sb_detach(&sb);
}

int index_option_open(const char *location, pm_index **out, strbuf *err)
{
    if (location)
        return pm_index_open(location, out, err);
    char *fallback = default_location(true);
    int rc = pm_index_open(fallback, out, err);
    free(fallback);
    return rc;
}

int index_option_open_readonly(const char *command, const char *location, pm_index **out)
{
    char *fallback = location ? NULL : default_location(false);
    const char *where = location ? location : fallback;
    struct stat st;
    int rc = -1;
    *out = NULL;
    if (!strstr(where, "://") && stat(where, &st) < 0) {
        fprintf(stderr, "patchmilter %s: no index at %s (%s); import creates one\n", command,
                where, strerror(errno));
    } else {
        strbuf err = STRBUF_INIT;
        rc = pm_index_open_readonly(where, out, &err);
        if (rc < 0)
            fprintf(stderr, "patchmilter %s: %s\n", command, err.data);
        sb_free(&err);
    }
    free(fallback);
    return rc;
}

int index_command_open(int argc, char **argv, const command_help *h, int operands,
                       pm_index **out)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *location = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
        if (c != 'i')
            return command_usage(h, c == 'h');
        location = optarg;
    }
    if (optind + operands != argc)
        return command_usage(h, false);
    if (location && index_option_check(h->name, location) < 0)
        return 2;
    strbuf err = STRBUF_INIT;
    int rc = index_option_open(location, out, &err);
    if (rc < 0)
        fprintf(stderr, "patchmilter %s: %s\n", h->name, err.data);
    sb_free(&err);
    return rc < 0 ? 2 : -1;
}
