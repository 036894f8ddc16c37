/* SPDX-License-Identifier: BSD-2-Clause */
/* applied_feed: AppliedTree scans on a thread of their own (see applied_feed.h). */
#include "applied_feed.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "applied_tree.h"
#include "pmlog.h"
#include "runtime.h"
#include "string_list.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, running;
static pthread_t thread;
static string_list failing; /* the branches whose last scan failed (logged) */

static void scan_one(pm_index *ix, const char *spec)
{
    applied_tree_report rep;
    strbuf err = STRBUF_INIT;
    bool was_failing = string_list_has(&failing, spec);
    if (applied_tree_scan(ix, spec, &rep, &err) < 0) {
        if (!was_failing) {
            pm_log(LOG_ERR, "AppliedTree %s: %s; trying again in the next round", spec, err.data);
            string_list_add(&failing, spec);
        }
    } else {
        if (was_failing) {
            pm_log(LOG_NOTICE, "AppliedTree %s: scanned again", spec);
            string_list_remove(&failing, spec);
        }
        if (rep.by_link + rep.by_patch_id)
            pm_log(LOG_INFO, "AppliedTree %s: %zu commits, %zu messages applied (%zu by Link, "
                             "%zu by patch-id)",
                   spec, rep.commits, rep.by_link + rep.by_patch_id, rep.by_link, rep.by_patch_id);
    }
    sb_free(&err);
}

/* One round over the current runtime's branches; returns the interval to wait. */
static unsigned round_once(void)
{
    pm_runtime *rt = pm_runtime_acquire();
    if (!rt)
        return 60;
    unsigned interval = rt->cfg.applied_check_interval;
    for (size_t i = 0; rt->index && i < rt->cfg.applied_trees.n; i++) {
        pthread_mutex_lock(&lock);
        bool stop = stopping;
        pthread_mutex_unlock(&lock);
        if (stop)
            break;
        scan_one(rt->index, rt->cfg.applied_trees.v[i]);
    }
    pm_runtime_release(rt);
    return interval;
}

static void *feed(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        pthread_mutex_unlock(&lock);
        unsigned interval = round_once();
        pthread_mutex_lock(&lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += interval;
        while (!stopping && pthread_cond_timedwait(&wake, &lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int pm_applied_feed_start(void)
{
    pthread_mutex_lock(&lock);
    stopping = false;
    running = pthread_create(&thread, NULL, feed, NULL) == 0;
    pthread_mutex_unlock(&lock);
    if (!running)
        pm_log(LOG_ERR, "cannot start the AppliedTree thread");
    return running ? 0 : -1;
}

void pm_applied_feed_stop(void)
{
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_broadcast(&wake);
    bool join = running;
    running = false;
    pthread_mutex_unlock(&lock);
    if (join)
        pthread_join(thread, NULL);
    string_list_free(&failing);
}
