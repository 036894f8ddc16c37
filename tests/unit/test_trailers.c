/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for trailers: trailer lines and change-id, review names of a reply
   (loose ones only when they name the sender), links to earlier versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "address.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trailer_lines_and_change_id),
        cmocka_unit_test(review_loose_trailers),
        cmocka_unit_test(prior_version_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
