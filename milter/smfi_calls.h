/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smfi_calls: the only path from patchmilter's callbacks to libmilter's context
 * functions (private pointer, macros, header edits), so that the callbacks can be
 * driven without an MTA.
 *
 * SYNOPSIS
 *   conn_state *c = pm_getpriv(ctx);
 *   pm_setpriv(ctx, c);
 *   const char *qid = pm_getsymval(ctx, "i");
 *   pm_chgheader(ctx, "X-Patch-Kind", 2, NULL);           delete the second copy
 *   pm_insheader(ctx, 1, "X-Patch-Kind", "patch");
 *
 * DESCRIPTION
 *   Each function forwards to the smfi_* call of the same name through the table
 *   installed by pm_smfi_calls_install() (libmilter's by default; a test installs
 *   one that records the edits). Return values are libmilter's (MI_SUCCESS or
 *   MI_FAILURE; NULL when unset).
 */
#ifndef PM_SMFI_CALLS_H
#define PM_SMFI_CALLS_H

#include <libmilter/mfapi.h>

typedef struct pm_smfi_calls {
    void *(*getpriv)(SMFICTX *ctx);
    int (*setpriv)(SMFICTX *ctx, void *priv);
    char *(*getsymval)(SMFICTX *ctx, char *name);
    int (*chgheader)(SMFICTX *ctx, char *name, int idx, char *value);
    int (*insheader)(SMFICTX *ctx, int idx, char *name, char *value);
} pm_smfi_calls;

/* NULL restores libmilter's functions. */
void pm_smfi_calls_install(const pm_smfi_calls *calls);

void *pm_getpriv(SMFICTX *ctx);
int pm_setpriv(SMFICTX *ctx, void *priv);
const char *pm_getsymval(SMFICTX *ctx, const char *name);
int pm_chgheader(SMFICTX *ctx, const char *name, int idx, const char *value);
int pm_insheader(SMFICTX *ctx, int idx, const char *name, const char *value);

#endif
