/*
 * cmd_run: `patchmilter run [-n] [-f] [-c FILE] [-p SOCKET] [--index FILE|URI]
 * [--maintainers SPEC]`: the milter daemon (milter/daemon.h). Options override the
 * configuration file; -n only checks the configuration.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "daemon.h"

static int usage(void)
{
    fprintf(stderr, "usage: patchmilter run [-n] [-f] [-c FILE] [-p SOCKET] [--index FILE|URI] "
                    "[--maintainers SPEC]\n");
    return 2;
}

int cmd_run(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"foreground", no_argument, NULL, 'f'},
        {"check", no_argument, NULL, 'n'},
        {"socket", required_argument, NULL, 'p'},
        {"index", required_argument, NULL, 'i'},
        {"maintainers", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    const char *config_path = NULL, *socket = NULL, *index = NULL, *maint = NULL;
    bool foreground = false, check = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:fnp:", long_options, NULL)) != -1) {
        switch (opt) {
        case 'c': config_path = optarg; break;
        case 'f': foreground = true; break;
        case 'n': check = true; break;
        case 'p': socket = optarg; break;
        case 'i': index = optarg; break;
        case 'm': maint = optarg; break;
        default: return usage();
        }
    }
    if (optind < argc)
        return usage();
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
