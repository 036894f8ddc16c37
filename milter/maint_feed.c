/* SPDX-License-Identifier: BSD-2-Clause */
/* maint_feed: the milter's current MAINTAINERS map, re-read when it changes (see maint_feed.h). */
#include "maint_feed.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "pmlog.h"
#include "xalloc.h"

struct pm_maint_feed {
    pthread_mutex_t lock;
    atomic_uint refs;
    char *spec;
    maintainers_source *src; /* NULL until a load succeeds; then set for good */
    unsigned interval;       /* seconds between two looks */
    time_t last_look;
    bool looking;            /* a thread is looking at the source */
    bool failing;            /* the last look failed (and was logged) */
};

static void log_failure(const pm_maint_feed *f, bool have_map, const char *why)
{
    pm_log(LOG_ERR, "cannot load MAINTAINERS (%s): %s; %s", f->spec, why,
           have_map ? "keeping the map loaded before"
                    : "subsystem tags are left out until it loads");
}

static maintainers_source *open_source(const char *spec, strbuf *err)
{
    maintainers_source *src;
    return maintainers_source_open(spec, &src, err) < 0 ? NULL : src;
}

pm_maint_feed *pm_maint_feed_open(const char *spec, unsigned interval, pm_maint_feed *previous)
{
    strbuf err = STRBUF_INIT;
    maintainers_source *src = open_source(spec, &err);
    if (!src && previous && !strcmp(previous->spec, spec)) {
        pthread_mutex_lock(&previous->lock);
        previous->interval = interval;
        previous->failing = true;
        bool have_map = previous->src != NULL;
        pthread_mutex_unlock(&previous->lock);
        log_failure(previous, have_map, err.data);
        sb_free(&err);
        atomic_fetch_add(&previous->refs, 1);
        return previous;
    }
    pm_maint_feed *f = xcalloc(1, sizeof *f);
    pthread_mutex_init(&f->lock, NULL);
    atomic_init(&f->refs, 1);
    f->spec = xstrdup(spec);
    f->src = src;
    f->interval = interval;
    f->last_look = time(NULL);
    f->failing = !src;
    if (!src)
        log_failure(f, false, err.data);
    sb_free(&err);
    return f;
}

/* One look at the source by the thread that found it due: load or refresh, then log
 * what changed (failures once per episode). */
static void look(pm_maint_feed *f, maintainers_source *src)
{
    strbuf err = STRBUF_INIT;
    maintainers_source *opened = NULL;
    int rc;
    if (src) {
        rc = maintainers_refresh(src, &err);
    } else {
        opened = open_source(f->spec, &err);
        rc = opened ? 1 : -1;
    }
    pthread_mutex_lock(&f->lock);
    if (opened)
        f->src = opened;
    bool was_failing = f->failing;
    f->failing = rc < 0;
    f->looking = false;
    pthread_mutex_unlock(&f->lock);

    if (rc < 0 && !was_failing)
        log_failure(f, src != NULL, err.data);
    else if (rc == 1)
        pm_log(LOG_NOTICE, "MAINTAINERS (%s) %s", f->spec, src ? "changed: reloaded" : "loaded");
    else if (rc == 0 && was_failing)
        pm_log(LOG_NOTICE, "MAINTAINERS (%s) readable again, unchanged", f->spec);
    sb_free(&err);
}

maintainers *pm_maint_feed_get(pm_maint_feed *f, time_t now)
{
    pthread_mutex_lock(&f->lock);
    bool due = !f->looking &&
               (now < f->last_look || now - f->last_look >= (time_t)f->interval);
    if (due) {
        f->looking = true;
        f->last_look = now;
    }
    maintainers_source *src = f->src;
    pthread_mutex_unlock(&f->lock);

    if (due) {
        look(f, src);
        pthread_mutex_lock(&f->lock);
        src = f->src;
        pthread_mutex_unlock(&f->lock);
    }
    return src ? maintainers_source_get(src) : NULL;
}

void pm_maint_feed_release(pm_maint_feed *f)
{
    if (!f || atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    maintainers_source_close(f->src);
    pthread_mutex_destroy(&f->lock);
    free(f->spec);
    free(f);
}
