/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * runtime: what a message is filtered with (the configuration, the open index and
 * the MAINTAINERS feed), reference-counted so that a reload (SIGUSR1) never frees
 * what a message in flight still uses.
 *
 * SYNOPSIS
 *   pm_runtime_source src = {.config_path = "/etc/patchmilter.conf", ...overrides};
 *   pm_runtime *rt;
 *   if (pm_runtime_build(&src, true, &rt, &err) < 0) ... err says why ...
 *   pm_runtime_install(rt);               becomes the current runtime
 *   pm_runtime *mine = pm_runtime_acquire();    at the start of a message
 *   ... mine->cfg, mine->index, pm_maint_feed_get(mine->maintainers, now) ...
 *   pm_runtime_release(mine);             at the end of the message
 *   pm_runtime_reload();                  build a new one, install it, log the outcome
 *   pm_runtime_shutdown();                drop the current one
 *
 * DESCRIPTION
 *   pm_runtime_build() reads the config file (when a path is given), applies the
 *   command-line overrides (key/value pairs, as in the file), and, when `open` is
 *   true, opens the index and the MAINTAINERS feed (maint_feed.h: a MAINTAINERS that
 *   cannot be loaded is logged and does not fail the build; the current runtime's
 *   feed is kept when its spec is the same). A runtime is freed when its last
 *   reference goes: the current runtime holds one. pm_runtime_reload() keeps the
 *   old runtime when the new one cannot be built. Thread-safe.
 *   An index that cannot be opened is logged once and left out (index_error says why):
 *   each message then follows On-InternalError, and a reload tries again.
 *   An index on a database server that becomes unreachable is logged once per outage
 *   (and its return once); index_down is true meanwhile.
 */
#ifndef PM_RUNTIME_H
#define PM_RUNTIME_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "maint_feed.h"
#include "pm_index.h"
#include "strbuf.h"

typedef struct pm_runtime {
    pm_config cfg;
    pm_index *index;          /* NULL without Index, or when it could not be opened */
    char *index_error;        /* why Index could not be opened (logged once); NULL if fine */
    atomic_bool index_down;   /* the index's database server is unreachable (logged once) */
    pm_maint_feed *maintainers; /* NULL without Maintainers */
    unsigned refs;
    unsigned generation;      /* 1 for the first, +1 per reload */
} pm_runtime;

typedef struct pm_override {
    const char *key;
    const char *value;
} pm_override;

typedef struct pm_runtime_source {
    const char *config_path; /* NULL: defaults and overrides only */
    const pm_override *overrides;
    size_t noverrides;
} pm_runtime_source;

int pm_runtime_build(const pm_runtime_source *src, bool open, pm_runtime **out, strbuf *err);
/* Frees a runtime never installed (or one built only to be checked). */
void pm_runtime_discard(pm_runtime *rt);
void pm_runtime_install(pm_runtime *rt);
pm_runtime *pm_runtime_acquire(void);
void pm_runtime_release(pm_runtime *rt);
/* Rebuilds from the source given to pm_runtime_set_source(). Returns 0 or -1 (logged). */
int pm_runtime_reload(void);
void pm_runtime_set_source(const pm_runtime_source *src);
void pm_runtime_shutdown(void);

#endif
