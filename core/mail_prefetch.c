/*
 * mail_prefetch: a reading thread and a bounded queue in front of a mail_source (see
 * mail_prefetch.h). The reader is usually the faster side, so it keeps the queue full;
 * once full, it sleeps until the queue has drained to half (of its slots and of its
 * bytes) rather than waking for every message taken, which would cost two context
 * switches a message.
 */
#include "mail_prefetch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define QUEUE_SLOTS 256

typedef struct queued {
    int rc;
    char *data; /* the message, or the error text when rc < 0 */
    size_t len;
    char *origin;
} queued;

struct mail_prefetch {
    mail_source *src;
    size_t max_bytes;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, has_room;
    queued slot[QUEUE_SLOTS];
    size_t head, count, bytes;
    bool done, stop;
    bool reader_waits, taker_waits; /* who sleeps on has_room, on not_empty */
    queued current; /* handed to the caller, freed on the next call */
};

static void queued_free(queued *q)
{
    free(q->data);
    free(q->origin);
    memset(q, 0, sizeof *q);
}

static void *read_ahead(void *arg)
{
    mail_prefetch *pf = arg;
    strbuf err = STRBUF_INIT;
    for (;;) {
        mail_item it;
        sb_reset(&err);
        int rc = mail_source_next(pf->src, &it, &err);
        queued q = {.rc = rc, .origin = it.origin ? xstrdup(it.origin) : NULL};
        if (rc > 0) {
            q.data = xmalloc(it.len + 1);
            memcpy(q.data, it.data, it.len);
            q.data[it.len] = '\0';
            q.len = it.len;
        } else if (rc < 0) {
            q.data = xstrdup(err.data ? err.data : "unreadable");
        }
        pthread_mutex_lock(&pf->lock);
        while (!pf->stop && pf->count &&
               (pf->count == QUEUE_SLOTS || pf->bytes + q.len > pf->max_bytes)) {
            pf->reader_waits = true;
            pthread_cond_wait(&pf->has_room, &pf->lock);
        }
        pf->reader_waits = false;
        bool stop = pf->stop;
        if (!stop && rc != 0) {
            pf->slot[(pf->head + pf->count) % QUEUE_SLOTS] = q;
            pf->count++;
            pf->bytes += q.len;
        } else {
            queued_free(&q);
        }
        if (rc == 0)
            pf->done = true;
        if (pf->taker_waits)
            pthread_cond_signal(&pf->not_empty);
        pthread_mutex_unlock(&pf->lock);
        if (stop || rc == 0)
            break;
    }
    sb_free(&err);
    return NULL;
}

mail_prefetch *mail_prefetch_start(mail_source *src, size_t max_bytes)
{
    mail_prefetch *pf = xcalloc(1, sizeof *pf);
    pf->src = src;
    pf->max_bytes = max_bytes;
    pthread_mutex_init(&pf->lock, NULL);
    pthread_cond_init(&pf->not_empty, NULL);
    pthread_cond_init(&pf->has_room, NULL);
    if (pthread_create(&pf->thread, NULL, read_ahead, pf) != 0)
        abort(); /* as for memory: nothing useful can be done without it */
    return pf;
}

int mail_prefetch_next(mail_prefetch *pf, mail_item *item, strbuf *err)
{
    queued_free(&pf->current);
    memset(item, 0, sizeof *item);
    pthread_mutex_lock(&pf->lock);
    while (!pf->count && !pf->done) {
        pf->taker_waits = true;
        pthread_cond_wait(&pf->not_empty, &pf->lock);
    }
    pf->taker_waits = false;
    if (!pf->count) {
        pthread_mutex_unlock(&pf->lock);
        return 0;
    }
    pf->current = pf->slot[pf->head];
    pf->head = (pf->head + 1) % QUEUE_SLOTS;
    pf->count--;
    pf->bytes -= pf->current.len;
    if (pf->reader_waits && pf->count <= QUEUE_SLOTS / 2 && pf->bytes <= pf->max_bytes / 2)
        pthread_cond_signal(&pf->has_room);
    pthread_mutex_unlock(&pf->lock);

    item->origin = pf->current.origin;
    if (pf->current.rc < 0) {
        sb_reset(err);
        sb_adds(err, pf->current.data);
        return -1;
    }
    item->data = pf->current.data;
    item->len = pf->current.len;
    return 1;
}

void mail_prefetch_stop(mail_prefetch *pf)
{
    if (!pf)
        return;
    pthread_mutex_lock(&pf->lock);
    pf->stop = true;
    pthread_cond_signal(&pf->has_room);
    pthread_mutex_unlock(&pf->lock);
    pthread_join(pf->thread, NULL);
    for (size_t i = 0; i < pf->count; i++)
        queued_free(&pf->slot[(pf->head + i) % QUEUE_SLOTS]);
    queued_free(&pf->current);
    pthread_mutex_destroy(&pf->lock);
    pthread_cond_destroy(&pf->not_empty);
    pthread_cond_destroy(&pf->has_room);
    free(pf);
}
