/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for config: defaults, every key, comments, booleans, errors naming file:line,
 * the Lists filter, and the shipped sample conf/patchmilter.conf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "config.h"

static int parse(pm_config *cfg, const char *text, strbuf *err)
{
    pm_config_init(cfg);
    return pm_config_parse(cfg, text, strlen(text), "t.conf", err);
}

static void defaults(void **state)
{
    (void)state;
    pm_config cfg;
    pm_config_init(&cfg);
    assert_null(cfg.socket);
    assert_string_equal(cfg.header_prefix, "X-Patch-");
    assert_int_equal(cfg.on_internal_error, PM_ON_ERROR_ACCEPT);
    assert_int_equal(cfg.max_message_size, 32 * 1024 * 1024);
    assert_int_equal(cfg.maintainers_check_interval, 60);
    assert_int_equal(cfg.max_subsystems, 5);
    assert_int_equal(cfg.umask, -1);
    assert_int_equal(cfg.syslog, PM_UNSET);
    assert_true(cfg.background);
    assert_true(pm_config_list_matches(&cfg, NULL));
    pm_config_free(&cfg);
}

static void every_key(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    const char *text = "# patchmilter\n"
                       "Socket   local:/run/pm/pm.sock   # trailing comment\n"
                       "userid patchmilter:mail\n"
                       "UMask 007\n"
                       "PidFile /run/pm/pm.pid\r\n"
                       "\n"
                       "   Index /var/lib/pm/index#1.sqlite\n"
                       "Maintainers /srv/linux.git:HEAD:MAINTAINERS\n"
                       "MaintainersCheckInterval 600\n"
                       "MaximumSubsystems 3\n"
                       "TrustedAuthservID mx.example.org\n"
                       "HeaderPrefix X-Series-\n"
                       "Syslog Yes\n"
                       "SyslogFacility local3\n"
                       "On-InternalError tempfail\n"
                       "MaximumMessageSize 2M\n"
                       "Background false\n"
                       "Lists <linux-kernel.vger.kernel.org>, netdev.vger.kernel.org\n";
    assert_int_equal(parse(&cfg, text, &err), 0);
    assert_string_equal(cfg.socket, "local:/run/pm/pm.sock");
    assert_string_equal(cfg.user_id, "patchmilter:mail");
    assert_int_equal(cfg.socket_line, 2);
    assert_int_equal(cfg.user_id_line, 3);
    assert_int_equal(cfg.umask, 07);
    assert_string_equal(cfg.pid_file, "/run/pm/pm.pid");
    assert_string_equal(cfg.index, "/var/lib/pm/index#1.sqlite");
    assert_string_equal(cfg.maintainers, "/srv/linux.git:HEAD:MAINTAINERS");
    assert_int_equal(cfg.maintainers_check_interval, 600);
    assert_int_equal(cfg.max_subsystems, 3);
    assert_string_equal(cfg.trusted_authserv_id, "mx.example.org");
    assert_string_equal(cfg.header_prefix, "X-Series-");
    assert_int_equal(cfg.syslog, PM_YES);
    assert_int_equal(pm_syslog_facility_code(cfg.syslog_facility), LOG_LOCAL3);
    assert_int_equal(cfg.on_internal_error, PM_ON_ERROR_TEMPFAIL);
    assert_int_equal(cfg.max_message_size, 2 * 1024 * 1024);
    assert_false(cfg.background);
    assert_int_equal(cfg.nlists, 2);
    assert_true(pm_config_list_matches(&cfg, "Linux Kernel <LINUX-KERNEL.vger.kernel.org>"));
    assert_true(pm_config_list_matches(&cfg, " netdev.vger.kernel.org "));
    assert_false(pm_config_list_matches(&cfg, "<linux-mm.kvack.org>"));
    assert_false(pm_config_list_matches(&cfg, NULL));
    pm_config_free(&cfg);
    sb_free(&err);
}

static void errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        {"Socket inet:1@localhost\nBogus 1\n", "t.conf:2: unknown key 'Bogus'"},
        {"\n\nUMask 0x7\n", "t.conf:3: bad value '0x7' for UMask"},
        {"Syslog maybe\n", "t.conf:1: bad value 'maybe' for Syslog"},
        {"On-InternalError reject\n", "t.conf:1: bad value 'reject' for On-InternalError"},
        {"MaximumMessageSize 10T\n", "t.conf:1: bad value '10T' for MaximumMessageSize"},
        {"MaximumMessageSize 0\n", "t.conf:1: bad value '0' for MaximumMessageSize"},
        {"MaximumMessageSize 99999999999999999999999\n",
         "t.conf:1: bad value '99999999999999999999999' for MaximumMessageSize"},
        {"MaintainersCheckInterval 86401\n",
         "t.conf:1: bad value '86401' for MaintainersCheckInterval"},
        {"MaintainersCheckInterval 1m\n", "t.conf:1: bad value '1m' for MaintainersCheckInterval"},
        {"MaximumSubsystems 0\n", "t.conf:1: bad value '0' for MaximumSubsystems"},
        {"MaximumSubsystems 101\n", "t.conf:1: bad value '101' for MaximumSubsystems"},
        {"TrustedAuthservID mx;evil\n", "t.conf:1: bad value 'mx;evil' for TrustedAuthservID"},
        {"MaintainersCheckInterval -1\n", "t.conf:1: bad value '-1' for MaintainersCheckInterval"},
        {"SyslogFacility kern\n", "t.conf:1: bad value 'kern' for SyslogFacility"},
        {"HeaderPrefix X-Bad:\n", "t.conf:1: bad value 'X-Bad:' for HeaderPrefix"},
        {"HeaderPrefix X-01234567890123456789012345678901234567890123456789012345678901-\n",
         "t.conf:1: bad value 'X-01234567890123456789012345678901234567890123456789012345678901-' "
         "for HeaderPrefix"},
        {"# c\nIndex\n", "t.conf:2: missing value for Index"},
        {"Lists , ,\n", "t.conf:1: bad value ', ,' for Lists"},
        {"\nSocket inet:0@localhost\n",
         "t.conf:2: Socket inet:0@localhost: port '0' is not 1-65535 (or a service name)"},
        {"Socket inet6:65536\n", "t.conf:1: Socket inet6:65536: port '65536' is not 1-65535 (or a service name)"},
        {"Socket inet:@host\n", "t.conf:1: Socket inet:@host: port '' is not 1-65535 (or a service name)"},
        {"Socket tcp:25@host\n",
         "t.conf:1: Socket tcp:25@host: unknown socket type 'tcp' (unix:, local:, inet: or inet6:)"},
        {"Socket run/pm.sock\n",
         "t.conf:1: Socket run/pm.sock: unknown socket type '' (unix:, local:, inet: or inet6:)"},
        {"Socket unix:\n", "t.conf:1: Socket unix:: no path"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pm_config cfg;
        strbuf err = STRBUF_INIT;
        assert_int_equal(parse(&cfg, cases[i].text, &err), -1);
        assert_string_equal(err.data, cases[i].message);
        pm_config_free(&cfg);
        sb_free(&err);
    }
}

static void nul_byte_is_an_error(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    pm_config_init(&cfg);
    assert_int_equal(pm_config_parse(&cfg, "Index a\0b\n", 10, "n.conf", &err), -1);
    assert_string_equal(err.data, "n.conf:1: NUL byte in line");
    pm_config_free(&cfg);
    sb_free(&err);
}

static void later_value_wins_and_overrides_apply(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    assert_int_equal(parse(&cfg, "Index a\nIndex b\n", &err), 0);
    assert_string_equal(cfg.index, "b");
    assert_int_equal(pm_config_set(&cfg, "index", "c", &err), 0);
    assert_string_equal(cfg.index, "c");
    pm_config_free(&cfg);
    sb_free(&err);
}

static void missing_file_is_an_error(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    pm_config_init(&cfg);
    assert_int_equal(pm_config_load(&cfg, "/nonexistent/patchmilter.conf", &err), -1);
    assert_non_null(strstr(err.data, "/nonexistent/patchmilter.conf: "));
    pm_config_free(&cfg);
    sb_free(&err);
}

static void trusted_sender_repeats(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    const char *text = "TrustedSender patchwork-bot+*@kernel.org\n"
                       "trustedsender  Jakub Kicinski <kuba@kernel.org>\n";
    assert_int_equal(parse(&cfg, text, &err), 0);
    assert_int_equal(cfg.trusted_senders.patterns.n, 2);
    assert_true(me_set_has(&cfg.trusted_senders, "patchwork-bot+netdevbpf@kernel.org"));
    assert_true(me_set_has(&cfg.trusted_senders, "KUBA@kernel.org"));
    assert_false(me_set_has(&cfg.me, "kuba@kernel.org"));
    pm_config_free(&cfg);
    assert_int_equal(parse(&cfg, "\n\nTrustedSender Jakub\n", &err), -1);
    assert_non_null(strstr(err.data, "t.conf:3:"));
    pm_config_free(&cfg);
    sb_free(&err);
}

static void me_and_bot_repeat(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    const char *text = "Me Eric Biggers <ebiggers@kernel.org>\n"
                       "Me   *@example.org\n"
                       "Bot nipa   nipa@example.org\n"
                       "Bot our-ci\tci+*@example.org\n";
    assert_int_equal(parse(&cfg, text, &err), 0);
    assert_int_equal(cfg.me.patterns.n, 2);
    assert_true(me_set_has(&cfg.me, "EBIGGERS@kernel.org"));
    assert_true(me_set_has(&cfg.me, "anyone@example.org"));
    assert_int_equal(cfg.bots.n, 2);
    assert_string_equal(cfg.bots.v[1].name, "our-ci");
    assert_string_equal(cfg.bots.v[1].pattern, "ci+*@example.org");
    pm_config_free(&cfg);

    assert_int_equal(parse(&cfg, "Me Eric Biggers\n", &err), -1);
    assert_non_null(strstr(err.data, "t.conf:1:"));
    pm_config_free(&cfg);
    sb_reset(&err);
    assert_int_equal(parse(&cfg, "\nBot nipa\n", &err), -1);
    assert_non_null(strstr(err.data, "t.conf:2:"));
    pm_config_free(&cfg);
    sb_reset(&err);
    assert_int_equal(parse(&cfg, "Bot Bad/Name x@example.org\n", &err), -1);
    assert_non_null(strstr(err.data, "bad bot name"));
    pm_config_free(&cfg);
    sb_free(&err);
}

static void applied_trees(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    assert_int_equal(parse(&cfg, "AppliedTree /srv/git/linux.git:master\n"
                                 "AppliedTree /srv/a:b:refs/heads/net-next\n"
                                 "AppliedCheckInterval 60\n",
                           &err),
                     0);
    assert_int_equal(cfg.applied_trees.n, 2);
    assert_string_equal(cfg.applied_trees.v[1], "/srv/a:b:refs/heads/net-next");
    assert_int_equal(cfg.applied_check_interval, 60);
    pm_config_free(&cfg);
    assert_int_equal(parse(&cfg, "", &err), 0);
    assert_int_equal(cfg.applied_check_interval, PM_DEFAULT_APPLIED_CHECK_INTERVAL);
    pm_config_free(&cfg);
    static const char *const bad[] = {"AppliedTree /srv/linux\n", "AppliedTree :master\n",
                                      "AppliedTree /srv/linux:\n", "AppliedCheckInterval 0\n",
                                      "AppliedCheckInterval 86401\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sb_reset(&err);
        assert_int_equal(parse(&cfg, bad[i], &err), -1);
        assert_non_null(strstr(err.data, "t.conf:1:"));
        pm_config_free(&cfg);
    }
    sb_free(&err);
}

static void shipped_sample_parses(void **state)
{
    (void)state;
    pm_config cfg;
    strbuf err = STRBUF_INIT;
    pm_config_init(&cfg);
    int rc = pm_config_load(&cfg, PM_FIXTURES "/../../conf/patchmilter.conf", &err);
    if (rc < 0)
        fail_msg("%s", err.data);
    assert_non_null(cfg.socket);
    pm_config_free(&cfg);
    sb_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(every_key),
        cmocka_unit_test(errors_name_the_line),
        cmocka_unit_test(nul_byte_is_an_error),
        cmocka_unit_test(later_value_wins_and_overrides_apply),
        cmocka_unit_test(missing_file_is_an_error),
        cmocka_unit_test(me_and_bot_repeat),
        cmocka_unit_test(applied_trees),
        cmocka_unit_test(trusted_sender_repeats),
        cmocka_unit_test(shipped_sample_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
