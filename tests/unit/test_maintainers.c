/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for maintainers: each get_maintainer.pl rule (F: trees and globs, the
 * slash rule, directories without a slash, X:, N:, K:, ordering, THE REST, lists,
 * ".../" tails) on tests/fixtures/maintainers-small, and the parser's edge cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "maintainers.h"

static maintainers *small;

static int load_small(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    int rc = maintainers_load(PM_FIXTURES "/maintainers-small", &small, &err);
    if (rc < 0)
        fprintf(stderr, "load: %s\n", err.data);
    sb_free(&err);
    return rc;
}

static int free_small(void **state)
{
    (void)state;
    maintainers_free(small);
    return 0;
}

static size_t count(const char *const *v)
{
    size_t n = 0;
    while (v[n])
        n++;
    return n;
}

static void print_list(const char *what, const string_list *l)
{
    fprintf(stderr, "  %s:", what);
    for (size_t i = 0; i < l->n; i++)
        fprintf(stderr, " [%s]", l->v[i]);
    fprintf(stderr, "\n");
}

static void assert_list(const string_list *got, const char *const *want)
{
    bool same = got->n == count(want);
    for (size_t i = 0; same && i < got->n; i++)
        same = !strcmp(got->v[i], want[i]);
    if (!same)
        print_list("got", got);
    assert_true(same);
}

/* Matches files (NULL-terminated) and text against m; checks titles and lists. */
static void check_in(const maintainers *m, const char *const *files, const char *text,
                     const char *const *sections, const char *const *lists)
{
    string_list fl = {(char **)files, count(files), count(files)};
    maint_match r;
    maintainers_match(m, &fl, text, text ? strlen(text) : 0, &r);
    assert_list(&r.sections, sections);
    if (lists)
        assert_list(&r.lists, lists);
    maint_match_free(&r);
}

#define FILES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})
#define check(files, text, sections, lists) check_in(small, files, text, sections, lists)

static void counts_what_it_parsed(void **state)
{
    (void)state;
    maint_stats st;
    maintainers_stats(small, &st);
    assert_int_equal(st.sections, 12); /* the indented preamble line is no entry */
    assert_int_equal(st.f, 14);
    assert_int_equal(st.x, 2);
    assert_int_equal(st.n, 2);
    assert_int_equal(st.k, 2);
    assert_int_equal(st.l, 9);
    assert_int_equal(st.s, 12);
    assert_int_equal(st.invalid, 0);
}

static void trailing_slash_is_the_whole_tree(void **state)
{
    (void)state;
    check(FILES("drivers/alpha/a/b/c.c"), NULL, FILES("ALPHA DRIVER"),
          FILES("alpha@lists.example.org"));
    check(FILES("drivers/alpha.c"), NULL, FILES("THE REST"), NULL);
}

static void star_stays_in_its_directory(void **state)
{
    (void)state;
    check(FILES("drivers/net/dummy.c"), NULL, FILES("NETWORKING [GENERAL]"), NULL);
    check(FILES("drivers/net/wireless/x.c"), NULL, FILES("THE REST"), NULL);
}

static void question_mark_and_classes(void **state)
{
    (void)state;
    check(FILES("sound/da7213.c"), NULL, FILES("DA72XX CODECS"), NULL);
    check(FILES("sound/da721.c"), NULL, FILES("THE REST"), NULL);
    /* "?" matches the "/" here, but the slash counts differ */
    check(FILES("sound/da72/1.c"), NULL, FILES("THE REST"), NULL);
    check(FILES("lib/dacodec.c"), NULL, FILES("DA72XX CODECS"), NULL);
    check(FILES("lib/dacodec.h"), NULL, FILES("DA72XX CODECS"), NULL);
    check(FILES("lib/dacodec.o"), NULL, FILES("THE REST"), NULL);
    /* "." is literal */
    check(FILES("lib/dacodecxc"), NULL, FILES("THE REST"), NULL);
}

static void leading_star_is_least_specific(void **state)
{
    (void)state;
    check(FILES("drivers/netx/a.c"), NULL, FILES("ANY NETX DIRECTORY"), NULL);
    check(FILES("fs/netx/a.c"), NULL, FILES("FILESYSTEMS", "ANY NETX DIRECTORY"), NULL);
}

static void directory_named_without_slash(void **state)
{
    (void)state;
    check(FILES("arch/bar/mm/fault.c"), NULL, FILES("BAR ARCHITECTURE, MEMORY"), NULL);
    check(FILES("arch/bar/mm/sub/dir.c"), NULL, FILES("BAR ARCHITECTURE, MEMORY"), NULL);
    /* the script tests `-d` on the converted value ("tools/conf\.d"): never a directory */
    check(FILES("tools/conf.d/x.c"), NULL, FILES("THE REST"), NULL);
    check(FILES("tools/conf.d"), NULL, FILES("BAR ARCHITECTURE, MEMORY"), NULL);
}

static void excluded_patterns(void **state)
{
    (void)state;
    check(FILES("net/core/dev.c"), NULL, FILES("NETWORKING [GENERAL]"), NULL);
    check(FILES("net/ipv6/route.c"), NULL, FILES("IPV6"), FILES("ipv6@lists.example.org"));
    check(FILES("drivers/net/skipper.c"), NULL, FILES("THE REST"), NULL);
}

static void file_name_regex(void **state)
{
    (void)state;
    check(FILES("drivers/gpu/tegra/dc.c"), NULL, FILES("TEGRA"), FILES("tegra@lists.example.org"));
    check(FILES("drivers/integrator/x.c"), NULL, FILES("THE REST"), NULL);
}

static void most_specific_first(void **state)
{
    (void)state;
    check(FILES("drivers/alpha/core/core.c"), NULL, FILES("ALPHA DRIVER CORE", "ALPHA DRIVER"),
          FILES("ALPHA@lists.example.org", "core@lists.example.org"));
    /* files are taken sorted and each brings its sections in turn */
    check(FILES("net/core/dev.c", "drivers/alpha/x.c", "net/core/dev.c"), NULL,
          FILES("ALPHA DRIVER", "NETWORKING [GENERAL]"),
          FILES("alpha@lists.example.org", "netdev@lists.example.org"));
}

static void last_matching_entry_sets_the_depth(void **state)
{
    (void)state;
    /* F: fs/late/late.c (depth 3) is overridden by the later N: (depth 0), as upstream */
    check(FILES("fs/late/late.c"), NULL, FILES("FILESYSTEMS", "LATE REGEX"), NULL);
}

static void the_rest_only_when_alone(void **state)
{
    (void)state;
    check(FILES("README"), NULL, FILES("THE REST"), FILES("linux-kernel@lists.example.org"));
    check(FILES("README", "fs/inode.c"), NULL, FILES("FILESYSTEMS"),
          FILES("fsdevel@lists.example.org"));
    check(NONE, NULL, NONE, NONE);
    check_in(NULL, FILES("README"), "text", NONE, NONE);
}

static const char patch[] =
    "Subject: [PATCH] alpha: %s less\n"
    "\n"
    "Some words.\n"
    "---\n"
    " drivers/alpha/x.c | 2 +-\n"
    "\n"
    "diff --git a/drivers/alpha/x.c b/drivers/alpha/x.c\n"
    "--- a/drivers/alpha/x.c\n"
    "+++ b/drivers/alpha/x.c\n"
    "@@ -1,3 +1,3 @@ %s\n"
    " %s\n"
    "-%s\n"
    "+%s\n";

static void check_patch(const char *subject, const char *hunk, const char *context,
                        const char *removed, const char *added, const char *const *sections)
{
    char text[2048];
    snprintf(text, sizeof text, patch, subject, hunk, context, removed, added);
    check(FILES("drivers/alpha/x.c"), text, sections, NULL);
}

static void keywords_in_message_and_changed_lines(void **state)
{
    (void)state;
    const char *const alpha[] = {"ALPHA DRIVER", NULL};
    const char *const alpha_kw[] = {"ALPHA DRIVER", "KEYWORDED", NULL};
    check_patch("tidy", "", "x();", "y();", "z();", alpha);
    check_patch("frobnicate", "", "x();", "y();", "z();", alpha_kw);
    check_patch("tidy", "", "x();", "frobnicate();", "z();", alpha_kw);
    check_patch("tidy", "", "x();", "y();", "WIDGET_REGISTER(w);", alpha_kw); /* (?i) */
    check_patch("tidy", "", "frobnicate();", "y();", "z();", alpha);   /* context line */
    check_patch("tidy", "frobnicate()", "x();", "y();", "z();", alpha); /* hunk header */
    check_patch("tidy", "", "x();", "frobnicated();", "z();", alpha);   /* \b */
    /* a cover letter (no diff): every line counts */
    check(FILES("drivers/alpha/x.c"), "Series to frobnicate.\n\n drivers/alpha/x.c | 2 +-\n",
          alpha_kw, NULL);
    /* a keyword on a file header line does not count */
    check(FILES("drivers/alpha/x.c"), "Intro\n--- a/frobnicate.c\n+++ b/frobnicate.c\n", alpha,
          NULL);
    /* a match spanning two lines is no match of either line */
    check(NONE, "+frob\n+nicate\n", NONE, NONE);
}

static void keyword_alternation_as_upstream(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    maintainers *m = NULL;
    const char *text = "ALT\nK:\tfirst_word|second_word\n";
    assert_int_equal(maintainers_load_buffer(text, strlen(text), &m, &err), 0);
    const char *diff = "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n %s\n-a\n+b\n";
    char patch_text[256];
    /* "^[+-].*" + value: only the first alternative needs a changed line */
    snprintf(patch_text, sizeof patch_text, diff, "first_word");
    check_in(m, NONE, patch_text, NONE, NONE);
    snprintf(patch_text, sizeof patch_text, diff, "second_word");
    check_in(m, NONE, patch_text, FILES("ALT"), NONE);
    maintainers_free(m);
    sb_free(&err);
}

static void limit_keeps_lists_of_kept_sections(void **state)
{
    (void)state;
    string_list fl = {(char *[]){"drivers/alpha/core/core.c", "net/core/dev.c"}, 2, 2};
    maint_match r;
    maintainers_match(small, &fl, NULL, 0, &r);
    assert_int_equal(r.sections.n, 3);
    assert_int_equal(r.lists.n, 3);
    maint_match_limit(&r, 1);
    assert_list(&r.sections, FILES("ALPHA DRIVER CORE"));
    assert_list(&r.lists, FILES("ALPHA@lists.example.org", "core@lists.example.org"));
    maint_match_limit(&r, 0);
    assert_int_equal(r.sections.n, 1);
    maint_match_free(&r);
}

static void shortened_diffstat_names(void **state)
{
    (void)state;
    check(FILES(".../alpha/core/core.c"), NULL, FILES("ALPHA DRIVER CORE", "ALPHA DRIVER"), NULL);
    check(FILES(".../core.c"), NULL, FILES("ALPHA DRIVER CORE", "ALPHA DRIVER"), NULL);
    check(FILES(".../ipv6/route.c"), NULL, FILES("IPV6"), NULL);
    check(FILES(".../tegra/dc.c"), NULL, FILES("TEGRA"), NULL); /* N: sees the name as given */
    check(FILES(".../mm/fault.c"), NULL, FILES("BAR ARCHITECTURE, MEMORY"), NULL);
    check(FILES(".../nowhere/x.c"), NULL, FILES("THE REST"), NULL);
    check(FILES(".../"), NULL, FILES("THE REST"), NULL);
}

static maintainers *load_text(const char *text, strbuf *err)
{
    maintainers *m = NULL;
    if (maintainers_load_buffer(text, strlen(text), &m, err) < 0)
        return NULL;
    return m;
}

static void parser_edge_cases(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    assert_null(load_text("", &err));
    assert_non_null(strstr(err.data, "no MAINTAINERS sections"));
    sb_reset(&err);
    assert_int_equal(maintainers_load_buffer("A\nF:\tx\0y\n", 9, &(maintainers *){NULL}, &err), -1);
    assert_non_null(strstr(err.data, "NUL"));

    /* CRLF, a blank line inside a section, trailing blanks on the title, bad regexes */
    maintainers *m = load_text("ONE  \r\nL:\tone@example.org\r\n\r\nF:\tone/\r\nN:\t(unclosed\r\n"
                               "F:\tbad[/\r\nK:\t+\r\nTWO\nF:\ttwo/\n",
                               &err);
    assert_non_null(m);
    maint_stats st;
    maintainers_stats(m, &st);
    assert_int_equal(st.sections, 2);
    assert_int_equal(st.invalid, 3);
    check_in(m, FILES("one/a.c", "two/b.c"), NULL, FILES("ONE", "TWO"), FILES("one@example.org"));
    maintainers_free(m);

    /* tag lines before any title: titled by their first line, as the script does */
    m = load_text("F:\tx/\n", &err);
    assert_non_null(m);
    check_in(m, FILES("x/y"), NULL, FILES("F:\tx/"), NONE);
    maintainers_free(m);
    sb_free(&err);
}

static void hostile_regex_and_text_are_bounded(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    maintainers *m = load_text("SLOW\nK:\t(a|aa)+$\nN:\t(x+x+)+y\n", &err);
    assert_non_null(m);
    strbuf text = STRBUF_INIT;
    sb_adds(&text, "intro\n+");
    for (int i = 0; i < 5000; i++)
        sb_addc(&text, 'a');
    sb_adds(&text, "b\n");
    strbuf name = STRBUF_INIT;
    for (int i = 0; i < 3000; i++)
        sb_addc(&name, 'x');
    char *files[] = {name.data, "", NULL};
    string_list fl = {files, 3, 3};
    maint_match r;
    maintainers_match(m, &fl, text.data, text.len, &r); /* returns: the match limit holds */
    assert_int_equal(r.sections.n, 0);
    maint_match_free(&r);
    maintainers_free(m);
    sb_free(&text);
    sb_free(&name);
    sb_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_what_it_parsed),
        cmocka_unit_test(trailing_slash_is_the_whole_tree),
        cmocka_unit_test(star_stays_in_its_directory),
        cmocka_unit_test(question_mark_and_classes),
        cmocka_unit_test(leading_star_is_least_specific),
        cmocka_unit_test(directory_named_without_slash),
        cmocka_unit_test(excluded_patterns),
        cmocka_unit_test(file_name_regex),
        cmocka_unit_test(most_specific_first),
        cmocka_unit_test(last_matching_entry_sets_the_depth),
        cmocka_unit_test(the_rest_only_when_alone),
        cmocka_unit_test(keywords_in_message_and_changed_lines),
        cmocka_unit_test(keyword_alternation_as_upstream),
        cmocka_unit_test(limit_keeps_lists_of_kept_sections),
        cmocka_unit_test(shortened_diffstat_names),
        cmocka_unit_test(parser_edge_cases),
        cmocka_unit_test(hostile_regex_and_text_are_bounded),
    };
    return cmocka_run_group_tests(tests, load_small, free_small);
}
