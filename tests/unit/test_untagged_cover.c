/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for untagged_cover: which answers make a message without a patch tag a
   cover letter, and which do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "untagged_cover.h"

#define ANN "Ann Author <ann@example.org>"
#define ROOT "root@example.org"

/* Two patches of posting p answering ROOT, the second from `from`, part k of total n. */
static bool holds(const char *from, int k, int n, const char *posting, const char *irt,
                  const char *root_from)
{
    untagged_answers a = {0};
    untagged_answers_add(&a, "p", ANN, 1, 2, ROOT);
    untagged_answers_add(&a, posting, from, k, n, irt);
    bool h = untagged_cover_holds(&a, ROOT, root_from);
    untagged_answers_free(&a);
    return h;
}

static void one_posting_of_one_sender(void **state)
{
    (void)state;
    assert_true(holds(ANN, 2, 2, "p", ROOT, ANN));
    assert_true(holds("ANN@Example.ORG", 2, 2, "p", ROOT, "<ann@example.org>")); /* no case */
}

static void anything_else_is_none(void **state)
{
    (void)state;
    assert_false(holds("Eve <eve@example.org>", 2, 2, "p", ROOT, ANN)); /* another sender */
    assert_false(holds(ANN, 2, 2, "p", ROOT, "Dan <dan@example.org>")); /* root another's */
    assert_false(holds(ANN, 2, 3, "p", ROOT, ANN));                     /* another N */
    assert_false(holds(ANN, 0, 2, "p", ROOT, ANN));                     /* a part 0 */
    assert_false(holds(ANN, 3, 2, "p", ROOT, ANN));                     /* k > N */
    assert_false(holds(ANN, 2, 2, "q", ROOT, ANN));                     /* two postings */
    assert_false(holds(ANN, 2, 2, "p", "s-1@example.org", ANN));        /* chained */
    untagged_answers none = {0};
    assert_false(untagged_cover_holds(&none, ROOT, ANN)); /* answered by no patch */
    untagged_answers a = {0};
    untagged_answers_add(&a, "p", ANN, 1, 1, ROOT);
    assert_false(untagged_cover_holds(&a, "other@example.org", ANN)); /* not this root */
    assert_true(untagged_cover_holds(&a, ROOT, ANN));
    untagged_answers_free(&a);
    untagged_answers_add(&a, "p", NULL, 1, 1, ROOT);
    assert_false(untagged_cover_holds(&a, ROOT, NULL)); /* no address */
    untagged_answers_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_posting_of_one_sender),
        cmocka_unit_test(anything_else_is_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
