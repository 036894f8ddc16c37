/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_run: `patchmilter run [-n] [-f] [-c FILE] [-p SOCKET] [--index FILE|URI]
 * [--maintainers SPEC]`: the milter daemon (milter/daemon.h). Options override the
 * configuration file (default: PM_DEFAULT_CONFIG, the build's sysconfdir); -n only
 * checks the configuration.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "daemon.h"

static const command_help help = {
    .name = "run",
    .synopsis = "patchmilter run [-n] [-f] [-c FILE] [-p SOCKET] [--index FILE|URI]"
                " [--maintainers SPEC]",
    .summary = "Runs the milter daemon (see patchmilter.conf(5)); options override the file.",
    .options = "  -c, --config FILE      the configuration file (default: " PM_DEFAULT_CONFIG ")\n"
               "  -f, --foreground       stay in the foreground, log to stderr unless Syslog is set\n"
               "  -n, --check            check the configuration and exit (0: valid)\n"
               "  -p, --socket SOCKET    where to listen: unix:/PATH, inet:PORT@HOST, inet6:PORT@HOST\n"
               "  -i, --index FILE|URI   the index (overrides Index)\n"
               "  -m, --maintainers SPEC MAINTAINERS file or REPO.git:REF:PATH (overrides Maintainers)\n"
               HELP_OPTION_HELP,
};

int cmd_run(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"foreground", no_argument, NULL, 'f'},
        {"check", no_argument, NULL, 'n'},
        {"socket", required_argument, NULL, 'p'},
        {"index", required_argument, NULL, 'i'},
        {"maintainers", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config_path = PM_DEFAULT_CONFIG, *socket = NULL, *index = NULL, *maint = NULL;
    bool foreground = false, check = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:fnp:i:m:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'c': config_path = optarg; break;
        case 'f': foreground = true; break;
        case 'n': check = true; break;
        case 'p': socket = optarg; break;
        case 'i': index = optarg; break;
        case 'm': maint = optarg; break;
        default: return command_usage(&help, opt == 'h');
        }
    }
    if (optind < argc)
        return command_usage(&help, false);
    if (index && index_option_check("run", index) < 0)
        return 2;
    pm_override overrides[3];
    size_t noverrides = 0;
    if (socket)
        overrides[noverrides++] = (pm_override){"Socket", socket};
    if (index)
        overrides[noverrides++] = (pm_override){"Index", index};
    if (maint)
        overrides[noverrides++] = (pm_override){"Maintainers", maint};
    pm_runtime_source src = {config_path, overrides, noverrides};
    return check ? pm_daemon_check(&src) : pm_daemon_run(&src, foreground);
}
