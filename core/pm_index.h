/*
 * pm_index: the local index of patch mail seen before, and the verdict on a new
 * message: new series, revision, resend or duplicate, with the prior version.
 *
 * SYNOPSIS
 *   pm_index *ix; strbuf err = STRBUF_INIT;
 *   if (pm_index_open(location, &ix, &err) < 0) ... err.data says why ...
 *   index_verdict v;
 *   pm_index_classify(ix, &facts, true, &v, &err);   true: record the message
 *   ... v.state, v.series_id, v.prior_msgid, v.prior_version, v.changed ...
 *   index_verdict_free(&v);
 *   pm_index_close(ix);
 *
 * DESCRIPTION
 *   location is a file path (SQLite, WAL mode). A pm_index may be used by many
 *   threads; each call is one transaction. Classification only considers messages of
 *   kind patch, cover or pull; other kinds get state PATCH_STATE_NONE.
 *   Functions return 0 on success and -1 on error with a message in err.
 */
#ifndef PM_INDEX_H
#define PM_INDEX_H

#include <stdbool.h>

#include "patch_facts.h"
#include "strbuf.h"

typedef struct pm_index pm_index;

typedef enum patch_state {
    PATCH_STATE_NONE = 0,
    PATCH_STATE_NEW,
    PATCH_STATE_REVISION,
    PATCH_STATE_RESEND,
    PATCH_STATE_DUPLICATE,
} patch_state;

typedef struct index_verdict {
    patch_state state;
    char *series_id;   /* stable id of the series, NULL for NONE */
    char *prior_msgid; /* Message-ID (no brackets) of the counterpart in the prior version */
    int prior_version; /* 0 when unknown */
    int changed;       /* -1 unknown/not applicable, 0 same patch-id as prior, 1 changed */
} index_verdict;

int pm_index_open(const char *location, pm_index **out, strbuf *err);
void pm_index_close(pm_index *ix);
int pm_index_classify(pm_index *ix, const patch_facts *pf, bool record, index_verdict *out,
                      strbuf *err);
void index_verdict_free(index_verdict *v);
const char *patch_state_name(patch_state s); /* "new", "revision", ...; NULL for NONE */
/* $PATCHMILTER_INDEX, else $XDG_DATA_HOME/patchmilter/index.sqlite, else ~/.local/share/... */
char *pm_index_default_location(void);

#endif
