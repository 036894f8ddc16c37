/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for files_key: a key is the same whatever the order of the paths, and keys
   compare as the same files, some, moved ones (no evidence) or none; no list, an
   oversized list or a malformed key gives nothing to compare by. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "files_key.h"

/* The key of the space-separated paths. */
static char *key_of(const char *paths)
{
    string_list l = {0};
    for (const char *p = paths; *p;) {
        size_t n = strcspn(p, " ");
        string_list_addn(&l, p, n);
        p += n + (p[n] == ' ');
    }
    char *key = files_key(&l);
    string_list_free(&l);
    return key;
}

static void compares_paths_then_names(void **state)
{
    (void)state;
    char *a = key_of("fs/ceph/file.c include/linux/fscrypt.h");
    char *a2 = key_of("include/linux/fscrypt.h fs/ceph/file.c fs/ceph/file.c");
    char *some = key_of("fs/ceph/file.c fs/ceph/dir.c");
    char *other = key_of("fs/ceph/dir.c");
    char *moved = key_of("fs/ceph2/file.c");
    assert_string_equal(a, a2);
    assert_int_equal(files_compare(a, a2), FILES_SAME);
    assert_int_equal(files_compare(a, some), FILES_OVERLAP);
    assert_int_equal(files_compare(some, a), FILES_OVERLAP);
    assert_int_equal(files_compare(a, other), FILES_DISJOINT);
    assert_int_equal(files_compare(a, moved), FILES_UNKNOWN);
    assert_int_equal(files_compare(a, NULL), FILES_UNKNOWN);
    free(a);
    free(a2);
    free(some);
    free(other);
    free(moved);
}

static void nothing_to_compare_by(void **state)
{
    (void)state;
    string_list none = {0}, many = {0};
    assert_null(files_key(&none));
    char path[32];
    for (int i = 0; i <= FILES_KEY_MAX; i++) {
        snprintf(path, sizeof path, "drivers/x/%d.c", i);
        string_list_add(&many, path);
    }
    assert_null(files_key(&many));
    string_list_free(&many);
    /* keys not of this module's making are compared without reading past their end */
    assert_int_equal(files_compare("0000000", "00000000 ;"), FILES_DISJOINT);
    assert_int_equal(files_compare("  ;;", "0;0"), FILES_DISJOINT);
    assert_int_equal(files_compare("", "00000000"), FILES_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compares_paths_then_names),
        cmocka_unit_test(nothing_to_compare_by),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
