/* SPDX-License-Identifier: BSD-2-Clause */
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
#define SAMPLE_EVERY 40 /* F: values; Perl tries every entry on every path */

/* Sampled paths; v[i][0] is 'D' for "value/f.c" made from a value without a slash. */
typedef struct sample {
    char **v;
    size_t n, cap;
} sample;

static void add_path(sample *s, char kind, const char *path)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        assert_non_null(s->v);
    }
    size_t len = strlen(path);
    char *copy = malloc(len + 2);
    assert_non_null(copy);
    copy[0] = kind;
    memcpy(copy + 1, path, len + 1);
    s->v[s->n++] = copy;
}

/* Paths the value matches: wildcards filled in; a file below a directory. */
static void path_for(const char *value, size_t len, sample *out)
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
    if (!s.len)
        return;
    const char *last = strrchr(s.data, '/');
    last = last ? last + 1 : s.data;
    bool plain = !memchr(value, '*', len) && !memchr(value, '?', len) && !memchr(value, '[', len);
    size_t stem = s.len;
    if (value[len - 1] == '/') {
        sb_adds(&s, "f.c");
        add_path(out, 'F', s.data);
        sb_truncate(&s, stem);
        sb_adds(&s, "d/f.c");
        add_path(out, 'F', s.data);
    } else if (plain && !strchr(last, '.')) {
        sb_adds(&s, "/f.c"); /* most such values are directories */
        add_path(out, 'D', s.data);
    } else {
        add_path(out, 'F', s.data);
    }
    sb_free(&s);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static int slashes(const char *s)
{
    int n = 0;
    while ((s = strchr(s, '/')))
        n++, s++;
    return n;
}

/*
 * Writes the sample, sorted and unique, without the "value/f.c" paths whose value is
 * also a file-name prefix of another path (as "include/drm/drm" is of
 * "include/drm/drm_bridge.h"): the tree would hold "value" as both, which no real tree
 * does, and the two readings differ.
 */
static void write_sample(sample *s, FILE *out)
{
    qsort(s->v, s->n, sizeof *s->v, by_path);
    for (size_t i = 0; i < s->n; i++) {
        const char *path = s->v[i] + 1;
        if (i > 0 && !strcmp(path, s->v[i - 1] + 1))
            continue;
        bool conflict = false;
        if (s->v[i][0] == 'D') {
            size_t stem = strlen(path) - 4;
            int stem_slashes = slashes(path) - 1;
            size_t lo = 0, hi = s->n; /* the paths starting with the stem follow */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (strncmp(s->v[mid] + 1, path, stem) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t j = lo; j < s->n && !conflict && !strncmp(s->v[j] + 1, path, stem); j++) {
                const char *other = s->v[j] + 1;
                conflict = other[stem] && other[stem] != '/' && slashes(other) == stem_slashes;
            }
        }
        if (!conflict)
            fprintf(out, "%s\n", path);
    }
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static char paths[] = "/tmp/pm-maint-paths-XXXXXX";

static int remove_paths(void **state)
{
    (void)state;
    if (strcmp(paths + strlen(paths) - 6, "XXXXXX"))
        unlink(paths);
    return 0;
}

static void same_sections_as_perl(void **state)
{
    (void)state;
    int fd = mkstemp(paths);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w");
    FILE *in = fopen(LINUX_MAINTAINERS, "r");
    assert_non_null(out);
    assert_non_null(in);
    char line[4096];
    size_t nf = 0;
    sample sampled = {0};
    while (fgets(line, sizeof line, in)) {
        if (strncmp(line, "F:", 2) || nf++ % SAMPLE_EVERY)
            continue;
        char *v = line + 2;
        v += strspn(v, " \t");
        size_t len = strcspn(v, "\r\n");
        if (len)
            path_for(v, len, &sampled);
    }
    write_sample(&sampled, out);
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
    assert_true(checked > 200);
    assert_int_equal(differ, 0);
    sb_free(&got);
    sb_free(&want);
    sb_free(&err);
    maintainers_free(m);
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
    return cmocka_run_group_tests(tests, NULL, remove_paths);
}
