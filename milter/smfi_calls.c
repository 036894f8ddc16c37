/* SPDX-License-Identifier: BSD-2-Clause */
/* smfi_calls: forwarding of context calls to libmilter or to a test's table (see smfi_calls.h). */
#include "smfi_calls.h"

static const pm_smfi_calls libmilter_calls = {
    .getpriv = smfi_getpriv,
    .setpriv = smfi_setpriv,
    .getsymval = smfi_getsymval,
    .chgheader = smfi_chgheader,
    .insheader = smfi_insheader,
};

static const pm_smfi_calls *calls = &libmilter_calls;

void pm_smfi_calls_install(const pm_smfi_calls *table)
{
    calls = table ? table : &libmilter_calls;
}

void *pm_getpriv(SMFICTX *ctx)
{
    return calls->getpriv(ctx);
}

int pm_setpriv(SMFICTX *ctx, void *priv)
{
    return calls->setpriv(ctx, priv);
}

/* libmilter's prototypes predate const; none of these calls writes to the strings. */
const char *pm_getsymval(SMFICTX *ctx, const char *name)
{
    return calls->getsymval(ctx, (char *)name);
}

int pm_chgheader(SMFICTX *ctx, const char *name, int idx, const char *value)
{
    return calls->chgheader(ctx, (char *)name, idx, (char *)value);
}

int pm_insheader(SMFICTX *ctx, int idx, const char *name, const char *value)
{
    return calls->insheader(ctx, idx, (char *)name, (char *)value);
}
