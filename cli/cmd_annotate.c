/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_annotate: `patchmilter annotate [--index FILE|URI] [--dry-run] [--maintainers SPEC]
 * [--prefix PREFIX] [--max-size SIZE] [--me ADDRESS]... [--trusted-authserv-id ID]
 * [--trusted-sender ADDRESS]... [--time-limit MS] < message`: writes the message to
 * stdout with our fields added and forged copies removed (--me: whom X-Patch-For is
 * for, as the Me key; with ID, a DKIM pass in the message's first
 * Authentication-Results field of that id makes the signing domain the sender's
 * identity for linking, as TrustedAuthservID; --trusted-sender: whose notices give
 * Applied and Verdict, as the TrustedSender key). Exit 0 for any
 * input; problems with the index or the MAINTAINERS file are reported on stderr and
 * leave their fields out.
 * A message larger than SIZE (default: MaximumMessageSize's default, 32M; same syntax)
 * is not analysed, as the milter does: forged copies are removed, nothing is added, and
 * memory stays at about twice the message. An analysis that takes more than MS
 * milliseconds of CPU time (default 10000, as the milter; cpu_budget.h) is given up the
 * same way, with a warning on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "commands.h"
#include "config.h"
#include "xalloc.h"

static const command_help help = {
    .name = "annotate",
    .synopsis = "patchmilter annotate [--index FILE|URI] [--dry-run] [--maintainers SPEC]\n"
                "         [--prefix PREFIX] [--max-size SIZE] [--me ADDRESS]...\n"
                "         [--trusted-authserv-id ID] [--trusted-sender ADDRESS]...\n"
                "         [--time-limit MS] < message",
    .summary = "Writes the message on stdin to stdout with the X-Patch- fields added.",
    .options = INDEX_OPTION_HELP
               "  -n, --dry-run          consult the index, record nothing in it\n"
               "  -m, --maintainers SPEC a MAINTAINERS file, or REPO.git:REF:PATH\n"
               "  -p, --prefix PREFIX    the prefix of the fields (default: X-Patch-)\n"
               "  -s, --max-size SIZE    leave a larger message as it is (default: 32M)\n"
               "  -M, --me ADDRESS       you, for X-Patch-For (repeatable; or *@domain)\n"
               "  -a, --trusted-authserv-id ID  our Authentication-Results id: DKIM domain links\n"
               "  -T, --trusted-sender ADDRESS  whose notices count (repeatable; or *@domain)\n"
               "  -t, --time-limit MS    after MS ms of CPU time only remove forged fields (10000)\n"
               HELP_OPTION_HELP,
};

/* A number of milliseconds, 0 to 86,400,000 (a day). */
static int parse_time_limit(const char *v, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long ms = strtoul(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-' || ms > 86400000UL)
        return -1;
    *out = (unsigned)ms;
    return 0;
}

static void read_all(FILE *in, strbuf *out)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        sb_add(out, chunk, n);
}

/* The configuration key an option sets; see patchmilter.conf(5). */
static const char *option_key(int c)
{
    switch (c) {
    case 'p': return "HeaderPrefix";
    case 's': return "MaximumMessageSize";
    case 'M': return "Me";
    case 'T': return "TrustedSender";
    default: return "TrustedAuthservID";
    }
}

static const char *option_name(const struct option *options, int c)
{
    for (; options->name; options++)
        if (options->val == c)
            return options->name;
    return "?";
}

int cmd_annotate(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"dry-run", no_argument, NULL, 'n'},
        {"maintainers", required_argument, NULL, 'm'},
        {"prefix", required_argument, NULL, 'p'},
        {"max-size", required_argument, NULL, 's'},
        {"me", required_argument, NULL, 'M'},
        {"trusted-authserv-id", required_argument, NULL, 'a'},
        {"trusted-sender", required_argument, NULL, 'T'},
        {"time-limit", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL, *maintainers_spec = NULL;
    bool dry_run = false;
    unsigned time_limit_ms = PM_ANALYSIS_TIME_LIMIT_MS;
    pm_config limits; /* options that are keys too are checked as the keys are */
    pm_config_init(&limits);
    strbuf err = STRBUF_INIT;
    int c;
    while ((c = getopt_long(argc, argv, "i:nm:p:s:M:a:T:t:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        case 'n': dry_run = true; break;
        case 'm': maintainers_spec = optarg; break;
        case 't':
            if (parse_time_limit(optarg, &time_limit_ms) == 0)
                break;
            fprintf(stderr, "patchmilter annotate: --time-limit: not a number of milliseconds: %s\n",
                    optarg);
            sb_free(&err);
            pm_config_free(&limits);
            return command_usage(&help, false);
        case 'p':
        case 'a':
        case 's':
        case 'M':
        case 'T':
            if (pm_config_set(&limits, option_key(c), optarg, &err) == 0)
                break;
            fprintf(stderr, "patchmilter annotate: --%s: %s\n", option_name(options, c), err.data);
            /* fall through */
        default:
            sb_free(&err);
            pm_config_free(&limits);
            return command_usage(&help, c == 'h');
        }
    }
    sb_free(&err);
    if (optind != argc) {
        pm_config_free(&limits);
        return command_usage(&help, false);
    }
    if (index_path && index_option_check("annotate", index_path) < 0) {
        pm_config_free(&limits);
        return 2;
    }
    size_t max_size = limits.max_message_size;
    const char *prefix = limits.header_prefix;

    strbuf input = STRBUF_INIT, output = STRBUF_INIT;
    read_all(stdin, &input);
    cpu_budget budget; /* counts the parse too, as in the milter */
    cpu_budget_start(&budget, time_limit_ms);
    mail_message msg;
    mail_parse(&msg, input.data ? input.data : "", input.len);
    annotate_result res = {0};
    pm_index *index = NULL;
    maintainers *maint = NULL;
    if (input.len > max_size) {
        fprintf(stderr, "patchmilter annotate: message of %zu bytes is over %zu: not annotated\n",
                input.len, max_size);
    } else {
        if (index_option_open(index_path, &index, &err) < 0) {
            fprintf(stderr, "patchmilter annotate: %s\n", err.data);
            sb_reset(&err);
        }
        if (maintainers_spec && maintainers_load(maintainers_spec, &maint, &err) < 0) {
            fprintf(stderr, "patchmilter annotate: maintainers: %s\n", err.data);
            sb_reset(&err);
        }
        annotate_config cfg = {.prefix = prefix, .index = index, .record = !dry_run,
                               .maintainers = maint, .me = &limits.me,
                               .trusted_authserv_id = limits.trusted_authserv_id,
                               .trusted_senders = &limits.trusted_senders,
                               .budget = &budget};
        if (annotate_message(&cfg, &msg, &res, &err) < 0)
            fprintf(stderr, "patchmilter annotate: %s\n", err.data);
        if (res.over_budget)
            fprintf(stderr, "patchmilter annotate: analysis over its time limit of %u ms: not "
                            "annotated, forged fields removed\n", time_limit_ms);
    }
    annotate_render(&msg, prefix, &res.fields, &output);
    int status = fwrite(output.data, 1, output.len, stdout) == output.len && fflush(stdout) == 0 ? 0 : 1;
    if (status)
        perror("patchmilter annotate: stdout");

    annotate_result_free(&res);
    mail_free(&msg);
    maintainers_free(maint);
    pm_index_close(index);
    pm_config_free(&limits);
    sb_free(&input);
    sb_free(&output);
    sb_free(&err);
    return status;
}
