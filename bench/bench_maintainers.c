/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_maintainers: how long loading a MAINTAINERS takes (parse and compile), and the
 * lookups for one 25-file patch: file names only, with the K: scan of its diff, and a
 * cover letter's 25 shortened diffstat names.
 *
 *   bench_maintainers [MAINTAINERS]   (default: $PM_SHARED_DIR/corpus/linux-maintainers/)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "maintainers.h"
#include "xalloc.h"

/* A plausible wide series: drivers, arch, core, headers, docs, tools, bindings. */
static const char *const patch_files[25] = {
    "drivers/vfio/vfio_iommu_type1.c",
    "drivers/vfio/pci/vfio_pci_core.c",
    "arch/s390/mm/gmap.c",
    "arch/x86/kvm/svm/svm.c",
    "arch/x86/kvm/vmx/vmx.c",
    "arch/arm64/kvm/mmu.c",
    "virt/kvm/kvm_main.c",
    "include/linux/kvm_host.h",
    "include/uapi/linux/kvm.h",
    "tools/testing/selftests/kvm/lib/x86/processor.c",
    "tools/testing/selftests/kvm/Makefile.kvm",
    "Documentation/virt/kvm/api.rst",
    "drivers/iommu/intel/iommu.c",
    "drivers/iommu/iommufd/main.c",
    "mm/memory.c",
    "mm/huge_memory.c",
    "include/linux/mm.h",
    "drivers/gpu/drm/tegra/dc.c",
    "drivers/net/ethernet/intel/ice/ice_main.c",
    "net/core/dev.c",
    "fs/crypto/keyring.c",
    "kernel/bpf/verifier.c",
    "Documentation/devicetree/bindings/iommu/arm,smmu-v3.yaml",
    "scripts/get_maintainer.pl",
    "MAINTAINERS",
};

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Wall time, and this thread's CPU time (steadier on a machine shared with builds). */
static double now_us(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

typedef struct timing {
    double *wall, *cpu;
    int n;
} timing;

static void timing_report(const char *what, timing *t, double unit, const char *unit_name)
{
    qsort(t->wall, (size_t)t->n, sizeof *t->wall, by_double);
    qsort(t->cpu, (size_t)t->n, sizeof *t->cpu, by_double);
    printf("%-52s wall median %8.1f min %8.1f p90 %8.1f | cpu median %8.1f min %8.1f (%s)\n",
           what, t->wall[t->n / 2] / unit, t->wall[0] / unit, t->wall[t->n * 9 / 10] / unit,
           t->cpu[t->n / 2] / unit, t->cpu[0] / unit, unit_name);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(&sb, buf, n);
    fclose(f);
    *len = sb.len;
    return sb_detach(&sb);
}

/* A diff touching every file: a hunk of 8 context, 6 removed and 6 added lines each. */
static void make_patch(strbuf *out)
{
    sb_adds(out, "Subject: [PATCH] kvm: tidy up the page walk\n\nSome words on why.\n\n"
                 "Signed-off-by: A U Thor <author@example.org>\n---\n");
    for (int i = 0; i < 25; i++)
        sb_addf(out, " %s | 12 ++++++------\n", patch_files[i]);
    sb_adds(out, " 25 files changed, 150 insertions(+), 150 deletions(-)\n\n");
    for (int i = 0; i < 25; i++) {
        const char *f = patch_files[i];
        sb_addf(out, "diff --git a/%s b/%s\nindex 0123456..89abcde 100644\n--- a/%s\n+++ b/%s\n"
                     "@@ -100,14 +100,14 @@ static int walk(struct kvm *kvm)\n", f, f, f, f);
        for (int l = 0; l < 4; l++)
            sb_addf(out, " \tunsigned long addr%d = start + %d * PAGE_SIZE;\n", l, l);
        for (int l = 0; l < 6; l++)
            sb_addf(out, "-\tret = walk_level(kvm, addr%d, level - 1, &entry);\n", l % 4);
        for (int l = 0; l < 6; l++)
            sb_addf(out, "+\tret = walk_one_level(kvm, addr%d, level - 1, &entry, fl);\n", l % 4);
        for (int l = 0; l < 4; l++)
            sb_adds(out, " \tif (ret)\n \t\treturn ret;\n");
    }
    sb_adds(out, "-- \n2.47.0\n");
}

typedef struct run {
    const char *name;
    const string_list *files;
    const char *text;
    size_t text_len;
} run;

static void time_match(const maintainers *m, const run *r, int rounds)
{
    timing t = {xcalloc((size_t)rounds, sizeof(double)), xcalloc((size_t)rounds, sizeof(double)),
                rounds};
    size_t sections = 0;
    for (int i = 0; i < rounds; i++) {
        maint_match res;
        double w0 = now_us(CLOCK_MONOTONIC), c0 = now_us(CLOCK_THREAD_CPUTIME_ID);
        maintainers_match(m, r->files, r->text, r->text_len, &res);
        t.cpu[i] = now_us(CLOCK_THREAD_CPUTIME_ID) - c0;
        t.wall[i] = now_us(CLOCK_MONOTONIC) - w0;
        sections = res.sections.n;
        maint_match_free(&res);
    }
    char what[128];
    snprintf(what, sizeof what, "%s (%zu sections)", r->name, sections);
    timing_report(what, &t, 1, "us");
    free(t.wall);
    free(t.cpu);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : PM_SHARED_DIR "/corpus/linux-maintainers/MAINTAINERS";
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "bench_maintainers: cannot read %s\n", path);
        return 1;
    }

    enum { LOADS = 21 };
    double wall[LOADS], cpu[LOADS];
    timing t = {wall, cpu, LOADS};
    maintainers *m = NULL;
    strbuf err = STRBUF_INIT;
    for (int i = 0; i < LOADS; i++) {
        maintainers_free(m);
        double w0 = now_us(CLOCK_MONOTONIC), c0 = now_us(CLOCK_THREAD_CPUTIME_ID);
        if (maintainers_load_buffer(text, len, &m, &err) < 0) {
            fprintf(stderr, "bench_maintainers: %s\n", err.data);
            return 1;
        }
        cpu[i] = now_us(CLOCK_THREAD_CPUTIME_ID) - c0;
        wall[i] = now_us(CLOCK_MONOTONIC) - w0;
    }
    maint_stats st;
    maintainers_stats(m, &st);
    printf("load %s (%zu bytes, %zu sections, F %zu X %zu N %zu K %zu)\n", path, len, st.sections,
           st.f, st.x, st.n, st.k);
    timing_report("parse + compile", &t, 1e3, "ms");

    char *names[25], *shortened[25];
    for (int i = 0; i < 25; i++) {
        names[i] = (char *)patch_files[i];
        const char *slash = strchr(patch_files[i], '/');
        strbuf sb = STRBUF_INIT;
        sb_addf(&sb, ".../%s", slash ? slash + 1 : patch_files[i]);
        shortened[i] = sb_detach(&sb);
    }
    string_list files = {names, 25, 25}, cover = {shortened, 25, 25};
    strbuf patch = STRBUF_INIT;
    make_patch(&patch);

    const run runs[] = {
        {"25-file patch, file names only", &files, NULL, 0},
        {"25-file patch, names + K: on its diff", &files, patch.data, patch.len},
        {"cover letter, 25 \".../\" names", &cover, NULL, 0},
    };
    printf("(diff text: %zu bytes)\n", patch.len);
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        time_match(m, &runs[i], 2001);

    for (int i = 0; i < 25; i++)
        free(shortened[i]);
    sb_free(&patch);
    sb_free(&err);
    maintainers_free(m);
    free(text);
    return 0;
}
