/*
 * Cross-check of maintainers against tests/maintainers_ref.pl (get_maintainer.pl's
 * section choice run with Perl's own regex engine) on the real Linux 6.18.2 MAINTAINERS:
 * paths made from a sample of its F: values (wildcards filled in, files below
 * directories) must get the same sections in the same order. Skipped (exit 77) without
 * the ../shared corpus or perl.
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
#define REFERENCE PM_FIXTURES "/../maintainers_ref.pl"
#define SAMPLE_EVERY 16 /* F: values; Perl tries every entry on every path */

/* A path the value matches: wildcards filled in; a file below a directory. */
static void path_for(const char *value, size_t len, FILE *out)
{
    if (memchr(value, '\\', len) || memchr(value, '(', len) || memchr(value, '|', len))
        return;
    strbuf s = STRBUF_INIT;
    for (size_t i = 0; i < len; i++) {
        if (value[i] == '*')
            sb_addc(&s, 'x');
        else if (value[i] == '?')
            sb_addc(&s, 'y');
        else if (value[i] == '[') {
            const char *close = memchr(value + i, ']', len - i);
            if (!close || value[i + 1] == '^' || value[i + 1] == ']') {
                sb_free(&s);
                return;
            }
            sb_addc(&s, value[i + 1]);
            i = (size_t)(close - value);
        } else {
            sb_addc(&s, value[i]);
        }
    }
    const char *last = strrchr(s.data ? s.data : "", '/');
    last = last ? last + 1 : s.data;
    bool plain = !memchr(value, '*', len) && !memchr(value, '?', len) && !memchr(value, '[', len);
    if (len && value[len - 1] == '/')
        fprintf(out, "%sf.c\n%sd/f.c\n", s.data, s.data);
    else if (plain && !strchr(last, '.'))
        fprintf(out, "%s/f.c\n", s.data); /* most such values are directories */
    else if (s.len)
        fprintf(out, "%s\n", s.data);
    sb_free(&s);
}

static void same_sections_as_perl(void **state)
{
    (void)state;
    char paths[] = "/tmp/pm-maint-paths-XXXXXX";
    int fd = mkstemp(paths);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w");
    FILE *in = fopen(LINUX_MAINTAINERS, "r");
    assert_non_null(out);
    assert_non_null(in);
    char line[4096];
    size_t nf = 0;
    while (fgets(line, sizeof line, in)) {
        if (strncmp(line, "F:", 2) || nf++ % SAMPLE_EVERY)
            continue;
        char *v = line + 2;
        v += strspn(v, " \t");
        path_for(v, strcspn(v, "\r\n"), out);
    }
    fputs("arch/s390/mm/gmap.c\ntools/testing/selftests/kvm/lib/x86/processor.c\n"
          "drivers/vfio/vfio_iommu_type1.c\narch/x86/kvm/svm/svm.c\nREADME\n"
          "drivers/gpu/drm/tegra/dc.c\narch/arm/boot/dts/nvidia/tegra20.dtsi\n",
          out);
    fclose(in);
    assert_int_equal(fclose(out), 0);

    maintainers *m;
    strbuf err = STRBUF_INIT;
    assert_int_equal(maintainers_load(LINUX_MAINTAINERS, &m, &err), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "perl '%s' '%s' '%s'", REFERENCE, LINUX_MAINTAINERS, paths);
    FILE *ref = popen(cmd, "r");
    assert_non_null(ref);
    strbuf got = STRBUF_INIT, want = STRBUF_INIT;
    size_t checked = 0, differ = 0;
    char buf[65536];
    while (fgets(buf, sizeof buf, ref)) {
        buf[strcspn(buf, "\n")] = '\0';
        char *tab = strchr(buf, '\t');
        if (tab)
            *tab = '\0';
        char *files[] = {buf};
        string_list fl = {files, 1, 1};
        maint_match r;
        maintainers_match(m, &fl, NULL, 0, &r);
        sb_reset(&got);
        for (size_t i = 0; i < r.sections.n; i++)
            sb_addf(&got, "\t%s", r.sections.v[i]);
        maint_match_free(&r);
        sb_reset(&want);
        if (tab)
            sb_addf(&want, "\t%s", tab + 1);
        checked++;
        if (strcmp(got.data ? got.data : "", want.data ? want.data : "")) {
            if (differ++ < 10)
                fprintf(stderr, "%s\n  perl:%s\n  core:%s\n", buf, want.data ? want.data : "",
                        got.data ? got.data : "");
        }
    }
    assert_int_equal(pclose(ref), 0);
    fprintf(stderr, "  %zu paths compared, %zu differ\n", checked, differ);
    assert_true(checked > 500);
    assert_int_equal(differ, 0);
    sb_free(&got);
    sb_free(&want);
    sb_free(&err);
    maintainers_free(m);
    unlink(paths);
}

int main(void)
{
    if (access(LINUX_MAINTAINERS, R_OK) != 0) {
        printf("SKIP: %s absent\n", LINUX_MAINTAINERS);
        return 77;
    }
    if (system("perl -e 1 >/dev/null 2>&1") != 0) {
        printf("SKIP: perl absent\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_sections_as_perl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
