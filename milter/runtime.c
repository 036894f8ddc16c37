/* SPDX-License-Identifier: BSD-2-Clause */
/* runtime: the reference-counted configuration, index and MAINTAINERS feed (see runtime.h). */
#include "runtime.h"

#include <pthread.h>
#include <stdlib.h>
#include <syslog.h>

#include "pmlog.h"
#include "xalloc.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pm_runtime *current;
static unsigned generations;
static const pm_runtime_source *reload_source;

/* The index's database server went away or came back: one log line each. */
static void index_status(void *arg, bool down, const char *why)
{
    pm_runtime *rt = arg;
    atomic_store(&rt->index_down, down);
    if (down)
        pm_log(LOG_ERR, "%s; messages follow On-InternalError until it is back", why);
    else
        pm_log(LOG_NOTICE, "index: database %s reachable again", why);
}

int pm_runtime_build(const pm_runtime_source *src, bool open, pm_runtime **out, strbuf *err)
{
    pm_runtime *rt = xcalloc(1, sizeof *rt);
    pm_config_init(&rt->cfg);
    *out = NULL;
    if (src->config_path && pm_config_load(&rt->cfg, src->config_path, err) < 0)
        goto fail;
    for (size_t i = 0; i < src->noverrides; i++) {
        if (pm_config_set(&rt->cfg, src->overrides[i].key, src->overrides[i].value, err) < 0)
            goto fail;
    }
    if (open && rt->cfg.index) {
        strbuf why = STRBUF_INIT;
        if (pm_index_open(rt->cfg.index, &rt->index, &why) == 0) {
            pm_index_on_status(rt->index, index_status, rt);
        } else {
            pm_log(LOG_ERR, "index %s cannot be used: %s; messages follow On-InternalError",
                   rt->cfg.index, why.data);
            rt->index_error = sb_detach(&why);
        }
        sb_free(&why);
    }
    if (open && rt->cfg.maintainers) {
        pm_runtime *previous = pm_runtime_acquire();
        rt->maintainers = pm_maint_feed_open(rt->cfg.maintainers,
                                             rt->cfg.maintainers_check_interval,
                                             previous ? previous->maintainers : NULL);
        pm_runtime_release(previous);
    }
    *out = rt;
    return 0;
fail:
    pm_runtime_discard(rt);
    return -1;
}

void pm_runtime_discard(pm_runtime *rt)
{
    if (!rt)
        return;
    if (rt->index)
        pm_index_close(rt->index);
    pm_maint_feed_release(rt->maintainers);
    free(rt->index_error);
    pm_config_free(&rt->cfg);
    free(rt);
}

void pm_runtime_install(pm_runtime *rt)
{
    pthread_mutex_lock(&lock);
    pm_runtime *old = current;
    rt->refs = 1;
    rt->generation = ++generations;
    current = rt;
    pthread_mutex_unlock(&lock);
    pm_runtime_release(old);
}

pm_runtime *pm_runtime_acquire(void)
{
    pthread_mutex_lock(&lock);
    pm_runtime *rt = current;
    if (rt)
        rt->refs++;
    pthread_mutex_unlock(&lock);
    return rt;
}

void pm_runtime_release(pm_runtime *rt)
{
    if (!rt)
        return;
    pthread_mutex_lock(&lock);
    bool last = --rt->refs == 0;
    pthread_mutex_unlock(&lock);
    if (last)
        pm_runtime_discard(rt);
}

void pm_runtime_set_source(const pm_runtime_source *src)
{
    reload_source = src;
}

int pm_runtime_reload(void)
{
    if (!reload_source)
        return -1;
    strbuf err = STRBUF_INIT;
    pm_runtime *rt;
    if (pm_runtime_build(reload_source, true, &rt, &err) < 0) {
        pm_log(LOG_ERR, "reload failed, keeping the current configuration: %s", err.data);
        sb_free(&err);
        return -1;
    }
    sb_free(&err);
    pm_runtime_install(rt);
    pm_log(LOG_NOTICE, "configuration reloaded (generation %u)", rt->generation);
    return 0;
}

void pm_runtime_shutdown(void)
{
    pthread_mutex_lock(&lock);
    pm_runtime *old = current;
    current = NULL;
    pthread_mutex_unlock(&lock);
    pm_runtime_release(old);
}
