/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * null_milter: a milter that does nothing, the baseline of bench/milter_bench.sh.
 * It negotiates exactly what patchmilter negotiates (same actions, same skipped
 * stages, same no-reply stages) and keeps no state, so the difference in throughput
 * is what patchmilter's own work costs. Usage: null_milter SOCKET [FIELDS]
 * (SOCKET in libmilter syntax). With FIELDS, it inserts that many fixed header fields
 * at the end of each message, as patchmilter inserts its own, so that a run can tell
 * what the MTA's handling of the edits costs from what patchmilter's work costs.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#define STEPS (SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NORCPT | SMFIP_NODATA | SMFIP_NOUNKNOWN | \
               SMFIP_NOEOH | SMFIP_NR_MAIL | SMFIP_NR_HDR | SMFIP_NR_BODY)

static sfsistat negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
                          unsigned long f3, unsigned long *pf0, unsigned long *pf1,
                          unsigned long *pf2, unsigned long *pf3)
{
    (void)ctx;
    (void)f0;
    (void)f2;
    (void)f3;
    *pf0 = SMFIF_ADDHDRS | SMFIF_CHGHDRS;
    *pf1 = STEPS & f1;
    *pf2 = *pf3 = 0;
    return SMFIS_CONTINUE;
}

static sfsistat noreply(SMFICTX *ctx)
{
    (void)ctx;
    return SMFIS_NOREPLY;
}

static sfsistat envfrom(SMFICTX *ctx, char **argv)
{
    (void)argv;
    return noreply(ctx);
}

static sfsistat header(SMFICTX *ctx, char *name, char *value)
{
    (void)name;
    (void)value;
    return noreply(ctx);
}

static sfsistat body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    (void)chunk;
    (void)len;
    return noreply(ctx);
}

static int fields; /* to insert at the end of each message */

static sfsistat eom(SMFICTX *ctx)
{
    for (int i = 0; i < fields; i++)
        smfi_insheader(ctx, 1, "X-Null-Field", "a value as long as patchmilter's");
    return SMFIS_CONTINUE;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || (argc == 3 && (fields = atoi(argv[2])) < 0)) {
        fprintf(stderr, "usage: null_milter SOCKET [FIELDS]\n");
        return 2;
    }
    struct smfiDesc desc = {
        .xxfi_name = "null_milter",
        .xxfi_version = SMFI_VERSION,
        .xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS,
        .xxfi_envfrom = envfrom,
        .xxfi_header = header,
        .xxfi_body = body,
        .xxfi_eom = eom,
        .xxfi_negotiate = negotiate,
    };
    if (smfi_setconn(argv[1]) != MI_SUCCESS || smfi_register(desc) != MI_SUCCESS ||
        smfi_opensocket(1) != MI_SUCCESS) {
        fprintf(stderr, "null_milter: cannot listen on %s\n", argv[1]);
        return 1;
    }
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}
