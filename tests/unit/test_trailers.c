/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for trailers: trailer lines and change-id, review names of a reply
   (loose ones only when they name the sender), links to earlier versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "address.h"
#include "strbuf.h"
#include "trailers.h"

static void trailer_lines_and_change_id(void **state)
{
    (void)state;
    const char *text = "Fix x.\n\nsigned-off-by:  Pat <pat@example.org>  \nReviewed-by: Rev <rev@example.org>\n"
                       "Change-Id: \nchange-id: 20251101-x-0123\nchange-id: later\nNot-a-trailer: y\n"
                       "    Acked-by: Indented <a@example.org>\n";
    trailer *t;
    size_t n = trailers_parse(text, strlen(text), &t);
    assert_int_equal(n, 5);
    assert_string_equal(t[0].name, "signed-off-by");
    assert_string_equal(t[0].value, "Pat <pat@example.org>");
    assert_string_equal(t[1].name, "Reviewed-by");
    assert_string_equal(t[2].value, "");
    char *change_id = trailers_change_id(t, n);
    assert_string_equal(change_id, "20251101-x-0123");
    free(change_id);
    trailers_free(t, n);
    text = "No trailers here.\n";
    assert_int_equal(trailers_parse(text, strlen(text), &t), 0);
    assert_null(t);
    assert_null(trailers_change_id(t, 0));
}

/* The review names of a reply with this From and text. */
static char *review_of(const char *from, const char *text)
{
    char *sender = address_normalize(from);
    char *review = trailers_review(text, strlen(text), sender);
    free(sender);
    return review;
}

static void review_loose_trailers(void **state)
{
    (void)state;
    /* an indented tag of the sender's, with another address of the same person */
    char *review = review_of("Eric Reviewer <er@kernel.example>",
                             "> Signed-off-by: Pat Author <pat@example.org>\n\nLooks good, you can add:\n\n"
                             "    Reviewed-by: Eric Reviewer <er@corp.example>\n\nBut a few comments:\n");
    assert_string_equal(review, "Reviewed-by");
    free(review);
    /* "Acked By:" with the sender's address */
    review = review_of("\"Rose, Greg\" <greg.rose@example.com>",
                       "> -- \n> 1.7.3\n\nAcked By: Greg Rose <Greg.Rose@example.com>\n");
    assert_string_equal(review, "Acked-by");
    free(review);
    /* indented trailers of others, suggested as an order, are no review */
    assert_null(review_of("Miguel Maint <mm@example.org>",
                          "I would suggest this ordering:\n\n    Suggested-by: A <a@example.org>\n"
                          "    Reviewed-by: B <b@example.org>\n    Acked-by: C <c@example.org>\n\nCheers\n"));
    /* a top-posted reply: the original below Outlook's rule is not the reply's */
    assert_null(review_of("Top Poster <tp@example.org>",
                          "Thanks, will test.\n\n-----Original Message-----\nFrom: Pat Author <pat@example.org>\n"
                          "Subject: [PATCH] x\n\nFix x.\n\nReviewed-by: Someone <s@example.org>\n"
                          "Signed-off-by: Pat <pat@example.org>\n"));
    /* several, in the fixed order */
    review = review_of("Rev Iewer <rev@example.org>",
                       "Tested-by: Rev Iewer <rev@example.org>\nReviewed-by: Rev Iewer <rev@example.org>\n");
    assert_string_equal(review, "Reviewed-by, Tested-by");
    free(review);
}

static void prior_version_links(void **state)
{
    (void)state;
    const char *text = "Changes in v3:\n- x\n- Link to v2: https://lore.kernel.org/r/v2-0@example.org\n"
                       "Fixes the thing reported in v1 [1].\n\n[1] https://lore.kernel.org/all/v1-0%40example.org/\n"
                       "Link: https://lore.kernel.org/r/v2-0-link@example.org\n"
                       "Based on v6.1: https://lore.kernel.org/r/base@example.org\n"
                       "v3: https://lore.kernel.org/r/self@example.org\n"
                       "v2 again: https://lore.kernel.org/r/v2-0@example.org\n";
    string_list ids = {0};
    trailers_prior_links(text, strlen(text), "self@example.org", &ids);
    assert_int_equal(ids.n, 2);
    assert_string_equal(ids.v[0], "v2-0@example.org");
    assert_string_equal(ids.v[1], "v1-0@example.org");
    string_list_free(&ids);
}

/* Issue 19, shape 7: links written as a block under a line naming an earlier version;
 * a block under a "depends on" line names no version of this series. */
static void prior_version_link_blocks(void **state)
{
    (void)state;
    const char *text = "V1 version of this series can be found here:\n"
                       "  https://lore.kernel.org/all/v1-0@example.org/\n"
                       "  https://lore.kernel.org/all/v1-1@example.org/\n"
                       "\nPrevious versions:\n\n"
                       "  - https://lore.kernel.org/r/v2-0@example.org\n"
                       "  [3] https://lore.kernel.org/r/v3-0@example.org\n"
                       "\nThis series depends on v3 of the widget series:\n"
                       "  https://lore.kernel.org/r/dep@example.org\n"
                       "\nChanges since v1:\n- rebased\n  https://lore.kernel.org/r/report@example.org\n"
                       "Tested on v6.1:\n  https://lore.kernel.org/r/test@example.org\n"
                       "RFC v1:\n - https://lore.kernel.org/r/rfc@example.org\n"
                       "This updates xfs_io for the kernel patchset \"[PATCH v8 0/2] x\"\n"
                       "https://lore.kernel.org/r/kernel-v8@example.org\n";
    string_list ids = {0};
    trailers_prior_links(text, strlen(text), NULL, &ids);
    assert_int_equal(ids.n, 4);
    assert_string_equal(ids.v[0], "v1-0@example.org");
    assert_string_equal(ids.v[1], "v1-1@example.org");
    assert_string_equal(ids.v[2], "v2-0@example.org");
    assert_string_equal(ids.v[3], "v3-0@example.org");
    string_list_free(&ids);
}

/* The prior links of a text made of `unit` n times and then `tail`. */
static string_list links_of_repeated(const char *unit, size_t n, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *text = malloc(u * n + t + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * u, unit, u);
    memcpy(text + u * n, tail, t + 1);
    string_list ids = {0};
    trailers_prior_links(text, u * n + t, NULL, &ids);
    free(text);
    return ids;
}

/* Issue 18: 1 MB of "[1] http://..." lines made the search for a line citing the
 * footnote quadratic (minutes). The result on a big input is right, and a footnote
 * cited only by its own line or by a line that names no version is no link. */
static void footnotes_in_bulk(void **state)
{
    (void)state;
    string_list ids = links_of_repeated("[1] http://x.org/a@b\n", 60000, "As said in v2 [1].\n");
    assert_int_equal(ids.n, 1);
    assert_string_equal(ids.v[0], "a@b");
    string_list_free(&ids);
    ids = links_of_repeated("[1] http://x.org/a@b\n", 60000, "See [1], [2] and [12].\n");
    assert_int_equal(ids.n, 0);
    string_list_free(&ids);
    ids = links_of_repeated("[7] v1 cites [7] http://x.org/a@b\n", 1000, "");
    assert_int_equal(ids.n, 1); /* "v1" before the URL: a link of its own */
    string_list_free(&ids);
    ids = links_of_repeated("[7] http://x.org/c@d cites [7] in v1\n", 1000, "");
    assert_int_equal(ids.n, 0);  /* only its own number: not cited */
    string_list_free(&ids);
}

/* At most PRIOR_LINKS_MAX links, the first ones, each once. */
static void at_most_sixteen_links(void **state)
{
    (void)state;
    char text[64 * 40];
    size_t len = 0;
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "v%d: https://x.org/r/id%d@b\n", i + 1, i % 20);
    string_list ids = {0};
    trailers_prior_links(text, len, NULL, &ids);
    assert_int_equal(ids.n, PRIOR_LINKS_MAX);
    assert_string_equal(ids.v[0], "id0@b");
    assert_string_equal(ids.v[15], "id15@b");
    string_list_free(&ids);
}

/* Issue 18: a "Link to v5:" URL is percent-decoded into X-Patch-Prior; only a valid
 * msg-id may come out of it: printable ASCII, one '@' with text on both sides, no angle
 * brackets, white space or controls, at most 250 bytes. */
static void only_valid_msgids(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "a%09b@x.org",                         /* tab */
        "a@x.org%3E%0D%0AX-Patch-State:%20dup", /* '>', CR LF, a field */
        "a%0Ab@x.org",                         /* LF */
        "a%00b@x.org",                         /* NUL */
        "a%20b@x.org",                         /* space */
        "a@b@x.org",                           /* two '@' */
        "a%40b@x.org",                         /* two '@', one encoded */
        "@x.org",                              /* nothing before '@' */
        "a@",                                  /* nothing after '@' */
        "%3C%3Ca@x.org%3E",                    /* '<' left inside */
        "caf%C3%A9@x.org",                     /* not ASCII */
        "a%7Fb@x.org",                         /* DEL */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "Link to v5: https://lore.kernel.org/r/%s\n", bad[i]);
        string_list ids = {0};
        trailers_prior_links(text, strlen(text), NULL, &ids);
        if (ids.n)
            fail_msg("%s gave %s", bad[i], ids.v[0]);
        string_list_free(&ids);
    }
    char text[700];
    memcpy(text, "v2: https://x.org/r/", 20);
    memset(text + 20, 'a', 246);
    memcpy(text + 266, "@x.org\n", 8); /* 252 bytes */
    string_list ids = {0};
    trailers_prior_links(text, strlen(text), NULL, &ids);
    assert_int_equal(ids.n, 0);
    memcpy(text + 264, "@x.org\n", 8); /* 250 bytes */
    trailers_prior_links(text, strlen(text), NULL, &ids);
    assert_int_equal(ids.n, 1);
    assert_int_equal(strlen(ids.v[0]), 250);
    string_list_free(&ids);
    const char *good = "Link to v5: https://lore.kernel.org/r/%3C20260101.x-1%2Bb%40mail.x.org%3E\n"
                       "v1: http://a\nv1: http://\n";
    trailers_prior_links(good, strlen(good), NULL, &ids);
    assert_int_equal(ids.n, 1);
    assert_string_equal(ids.v[0], "20260101.x-1+b@mail.x.org");
    string_list_free(&ids);
}

/* A commit message's postings: Link: URLs holding a Message-ID, Message-ID: trailers. */
static void posting_msgids_of_a_commit(void **state)
{
    (void)state;
    const char *msg = "widget: add frob\n\n"
                      "See https://lore.kernel.org/r/not-a-trailer@example.org\n\n"
                      "Link: https://bugzilla.kernel.org/show_bug.cgi?id=1\n"
                      "Closes: https://lore.kernel.org/r/report@example.org\n"
                      "Link: https://lore.kernel.org/r/20260101.1-a@example.org\n"
                      "Link: https://patch.msgid.link/20260101.1-a@example.org\n"
                      "link: https://lore.kernel.org/linux-widget/%3Cb%40example.org%3E/T/#u\n"
                      "Message-ID: <c@example.org>\n"
                      "Message-Id: c@example.org\n"
                      "Message-ID: <two@@example.org>\n"
                      "Link: https://x.example/<d@example.org\n"
                      "Signed-off-by: A <a@example.org>\n";
    string_list out = {0};
    trailers_posting_msgids(msg, strlen(msg), &out);
    assert_int_equal(out.n, 3);
    assert_string_equal(out.v[0], "20260101.1-a@example.org");
    assert_string_equal(out.v[1], "b@example.org");
    assert_string_equal(out.v[2], "c@example.org");
    string_list_free(&out);
    /* at most POSTING_LINKS_MAX */
    strbuf many = STRBUF_INIT;
    for (int i = 0; i < 100; i++)
        sb_addf(&many, "Link: https://lore.kernel.org/r/%d@example.org\n", i);
    trailers_posting_msgids(many.data, many.len, &out);
    assert_int_equal(out.n, POSTING_LINKS_MAX);
    string_list_free(&out);
    sb_free(&many);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trailer_lines_and_change_id),
        cmocka_unit_test(review_loose_trailers),
        cmocka_unit_test(prior_version_links),
        cmocka_unit_test(prior_version_link_blocks),
        cmocka_unit_test(footnotes_in_bulk),
        cmocka_unit_test(at_most_sixteen_links),
        cmocka_unit_test(only_valid_msgids),
        cmocka_unit_test(posting_msgids_of_a_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
