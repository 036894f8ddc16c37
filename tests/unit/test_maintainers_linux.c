/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for maintainers on the real Linux 6.18.2 MAINTAINERS (../shared corpus): the
 * sections get_maintainer.pl gives for known files, N: and K: sections, and shortened
 * diffstat names. Skipped (exit 77) when the corpus is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "maintainers.h"

#define LINUX_MAINTAINERS PM_SHARED_DIR "/corpus/linux-maintainers/MAINTAINERS"

static maintainers *linux_m;

static int load_linux(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    int rc = maintainers_load(LINUX_MAINTAINERS, &linux_m, &err);
    if (rc < 0)
        fprintf(stderr, "load: %s\n", err.data);
    sb_free(&err);
    return rc;
}

static int free_linux(void **state)
{
    (void)state;
    maintainers_free(linux_m);
    return 0;
}

static maint_match match(const char *file, const char *text)
{
    char *files[] = {(char *)file};
    string_list fl = {files, file ? 1 : 0, 1};
    maint_match r;
    maintainers_match(linux_m, &fl, text, text ? strlen(text) : 0, &r);
    fprintf(stderr, "  %s:", file ? file : "(text)");
    for (size_t i = 0; i < r.sections.n; i++)
        fprintf(stderr, " [%s]", r.sections.v[i]);
    fprintf(stderr, "\n");
    return r;
}

static bool has(const string_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return true;
    return false;
}

static void parses_the_whole_file(void **state)
{
    (void)state;
    maint_stats st;
    maintainers_stats(linux_m, &st);
    assert_int_equal(st.sections, 3158);
    assert_int_equal(st.f, 9179);
    assert_int_equal(st.x, 97);
    assert_int_equal(st.n, 105);
    assert_int_equal(st.k, 60);
    assert_int_equal(st.l, 2951);
    assert_int_equal(st.s, 3123);
    assert_int_equal(st.invalid, 0); /* every regex compiles with PCRE2 */
}

static void vfio(void **state)
{
    (void)state;
    maint_match r = match("drivers/vfio/vfio_iommu_type1.c", NULL);
    assert_true(r.sections.n >= 1);
    assert_string_equal(r.sections.v[0], "VFIO DRIVER");
    assert_true(has(&r.lists, "kvm@vger.kernel.org"));
    maint_match_free(&r);
}

static void s390_gmap_with_parents(void **state)
{
    (void)state;
    maint_match r = match("arch/s390/mm/gmap.c", NULL);
    assert_int_equal(r.sections.n, 3);
    assert_string_equal(r.sections.v[0], "KERNEL VIRTUAL MACHINE for s390 (KVM/s390)");
    assert_string_equal(r.sections.v[1], "S390 MM");           /* F: arch/s390/mm, a directory */
    assert_string_equal(r.sections.v[2], "S390 ARCHITECTURE"); /* F: arch/s390/ */
    maint_match_free(&r);
}

static void kvm_selftests(void **state)
{
    (void)state;
    maint_match r = match("tools/testing/selftests/kvm/lib/x86/processor.c", NULL);
    assert_true(has(&r.sections, "KERNEL VIRTUAL MACHINE (KVM)"));
    assert_false(has(&r.sections, "THE REST"));
    maint_match_free(&r);
}

static void kvm_x86_svm(void **state)
{
    (void)state;
    maint_match r = match("arch/x86/kvm/svm/svm.c", NULL);
    assert_true(has(&r.sections, "KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)"));
    maint_match_free(&r);
}

static void file_name_regex_sections(void **state)
{
    (void)state;
    /* N: [^a-z]tegra, after the deeper F: drivers/gpu/drm/tegra/ and drivers/gpu/drm/ */
    maint_match r = match("drivers/gpu/drm/tegra/dc.c", NULL);
    assert_true(r.sections.n >= 2);
    assert_string_equal(r.sections.v[0], "DRM DRIVERS FOR NVIDIA TEGRA");
    assert_string_equal(r.sections.v[r.sections.n - 1], "TEGRA ARCHITECTURE SUPPORT");
    maint_match_free(&r);
    /* ...and not for "integrator" */
    r = match("drivers/clk/versatile/clk-integrator.c", NULL);
    assert_false(has(&r.sections, "TEGRA ARCHITECTURE SUPPORT"));
    maint_match_free(&r);
    /* N: ^.*\/vdso/[^/]*getrandom[^/]+$ (RANDOM NUMBER DRIVER) */
    r = match("arch/x86/entry/vdso/vgetrandom.c", NULL);
    assert_true(has(&r.sections, "RANDOM NUMBER DRIVER"));
    maint_match_free(&r);
}

static void content_keyword_sections(void **state)
{
    (void)state;
    /* K: \b(?i:clang|llvm)\b on an added line; K: \bunsafe_memcpy\b in the message */
    maint_match r = match("README", "Subject: [PATCH] fix\n\nAvoid unsafe_memcpy here.\n---\n"
                                    "diff --git a/README b/README\n--- a/README\n+++ b/README\n"
                                    "@@ -1,1 +1,1 @@\n-gcc\n+Build with LLVM=1\n");
    assert_true(has(&r.sections, "CLANG/LLVM BUILD SUPPORT"));
    assert_true(has(&r.sections, "FORTIFY_SOURCE"));
    assert_false(has(&r.sections, "THE REST"));
    maint_match_free(&r);
    /* the same words on a context line do not count */
    r = match("README", "diff --git a/README b/README\n--- a/README\n+++ b/README\n"
                        "@@ -1,2 +1,2 @@\n Build with LLVM=1 and unsafe_memcpy\n-a\n+b\n");
    assert_int_equal(r.sections.n, 1);
    assert_string_equal(r.sections.v[0], "THE REST");
    maint_match_free(&r);
}

static void cover_letter_diffstat_names(void **state)
{
    (void)state;
    maint_match r = match(".../s390/mm/gmap.c", NULL);
    assert_int_equal(r.sections.n, 3);
    assert_string_equal(r.sections.v[0], "KERNEL VIRTUAL MACHINE for s390 (KVM/s390)");
    maint_match_free(&r);
    r = match(".../kvm/lib/x86/processor.c", NULL);
    assert_true(has(&r.sections, "KERNEL VIRTUAL MACHINE (KVM)"));
    maint_match_free(&r);
}

int main(void)
{
    if (access(LINUX_MAINTAINERS, R_OK) != 0) {
        printf("SKIP: %s absent\n", LINUX_MAINTAINERS);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_the_whole_file),
        cmocka_unit_test(vfio),
        cmocka_unit_test(s390_gmap_with_parents),
        cmocka_unit_test(kvm_selftests),
        cmocka_unit_test(kvm_x86_svm),
        cmocka_unit_test(file_name_regex_sections),
        cmocka_unit_test(content_keyword_sections),
        cmocka_unit_test(cover_letter_diffstat_names),
    };
    return cmocka_run_group_tests(tests, load_linux, free_linux);
}
