/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mail_prefetch: a reading thread, optionally a preparing thread, and a bounded queue
 * after each (see mail_prefetch.h). A producer is usually the faster side, so it keeps
 * its queue full; once full, it sleeps until the queue has drained to half (of its
 * slots and of its bytes) rather than waking for every message taken, which would cost
 * two context switches a message. One lock guards both queues.
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
    void *prepared;
} queued;

/* One hop between two threads. */
typedef struct queue {
    queued slot[QUEUE_SLOTS];
    size_t head, count, bytes;
    bool done;                        /* the producer has put its last item */
    bool producer_waits, taker_waits; /* who sleeps on has_room, on not_empty */
    pthread_cond_t not_empty, has_room;
} queue;

struct mail_prefetch {
    mail_source *src;
    size_t max_bytes;
    mail_prefetch_stage stage;
    bool staged;
    pthread_t reader, preparer;
    pthread_mutex_t lock;
    queue read, ready; /* reader -> preparer -> caller; without a stage only `ready` */
    bool stop;
    queued current; /* handed to the caller, released on the next call */
};

static void queued_free(mail_prefetch *pf, queued *q)
{
    if (q->prepared && pf->stage.release)
        pf->stage.release(q->prepared);
    free(q->data);
    free(q->origin);
    memset(q, 0, sizeof *q);
}

static void queue_init(queue *q)
{
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->has_room, NULL);
}

static void queue_destroy(mail_prefetch *pf, queue *q)
{
    for (size_t i = 0; i < q->count; i++)
        queued_free(pf, &q->slot[(q->head + i) % QUEUE_SLOTS]);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->has_room);
}

/* Puts item, waiting for room, or with rc 0 marks the end. Under the lock. False
   when stopped: the item was not taken. */
static bool queue_put(mail_prefetch *pf, queue *q, queued *item)
{
    while (!pf->stop && item->rc != 0 && q->count &&
           (q->count == QUEUE_SLOTS || q->bytes + item->len > pf->max_bytes)) {
        q->producer_waits = true;
        pthread_cond_wait(&q->has_room, &pf->lock);
    }
    q->producer_waits = false;
    if (pf->stop)
        return false;
    if (item->rc == 0) {
        q->done = true;
    } else {
        q->slot[(q->head + q->count) % QUEUE_SLOTS] = *item;
        q->count++;
        q->bytes += item->len;
    }
    if (q->taker_waits)
        pthread_cond_signal(&q->not_empty);
    return true;
}

/* Takes the oldest item, waiting for one. Under the lock. False at the end or when
   stopped. */
static bool queue_take(mail_prefetch *pf, queue *q, queued *item)
{
    while (!pf->stop && !q->count && !q->done) {
        q->taker_waits = true;
        pthread_cond_wait(&q->not_empty, &pf->lock);
    }
    q->taker_waits = false;
    if (pf->stop || !q->count)
        return false;
    *item = q->slot[q->head];
    q->head = (q->head + 1) % QUEUE_SLOTS;
    q->count--;
    q->bytes -= item->len;
    if (q->producer_waits && q->count <= QUEUE_SLOTS / 2 && q->bytes <= pf->max_bytes / 2)
        pthread_cond_signal(&q->has_room);
    return true;
}

static void *read_ahead(void *arg)
{
    mail_prefetch *pf = arg;
    queue *out = pf->staged ? &pf->read : &pf->ready;
    strbuf err = STRBUF_INIT;
    for (;;) {
        mail_item it;
        sb_reset(&err);
        int rc = mail_source_next(pf->src, &it, &err);
        queued q = {.rc = rc, .origin = rc && it.origin ? xstrdup(it.origin) : NULL};
        if (rc > 0) {
            q.data = xmalloc(it.len + 1);
            memcpy(q.data, it.data, it.len);
            q.data[it.len] = '\0';
            q.len = it.len;
        } else if (rc < 0) {
            q.data = xstrdup(err.data ? err.data : "unreadable");
        }
        pthread_mutex_lock(&pf->lock);
        bool put = queue_put(pf, out, &q);
        pthread_mutex_unlock(&pf->lock);
        if (!put)
            queued_free(pf, &q);
        if (!put || rc == 0)
            break;
    }
    sb_free(&err);
    return NULL;
}

static void *prepare_ahead(void *arg)
{
    mail_prefetch *pf = arg;
    for (;;) {
        queued q;
        pthread_mutex_lock(&pf->lock);
        bool taken = queue_take(pf, &pf->read, &q);
        pthread_mutex_unlock(&pf->lock);
        if (!taken)
            q = (queued){.rc = 0}; /* the end (or a stop, which the put below sees) */
        else if (q.rc > 0)
            q.prepared = pf->stage.prepare(&(mail_item){q.data, q.len, q.origin}, pf->stage.arg);
        pthread_mutex_lock(&pf->lock);
        bool put = queue_put(pf, &pf->ready, &q);
        pthread_mutex_unlock(&pf->lock);
        if (!put)
            queued_free(pf, &q);
        if (!put || !taken)
            break;
    }
    return NULL;
}

mail_prefetch *mail_prefetch_start(mail_source *src, size_t max_bytes,
                                   const mail_prefetch_stage *stage)
{
    mail_prefetch *pf = xcalloc(1, sizeof *pf);
    pf->src = src;
    pf->max_bytes = max_bytes;
    pf->staged = stage && stage->prepare;
    if (pf->staged)
        pf->stage = *stage;
    pthread_mutex_init(&pf->lock, NULL);
    queue_init(&pf->read);
    queue_init(&pf->ready);
    /* as for memory: nothing useful can be done without them */
    if (pthread_create(&pf->reader, NULL, read_ahead, pf) != 0 ||
        (pf->staged && pthread_create(&pf->preparer, NULL, prepare_ahead, pf) != 0))
        abort();
    return pf;
}

int mail_prefetch_next(mail_prefetch *pf, mail_item *item, strbuf *err)
{
    queued_free(pf, &pf->current);
    memset(item, 0, sizeof *item);
    pthread_mutex_lock(&pf->lock);
    bool taken = queue_take(pf, &pf->ready, &pf->current);
    pthread_mutex_unlock(&pf->lock);
    if (!taken)
        return 0;
    item->origin = pf->current.origin;
    if (pf->current.rc < 0) {
        sb_fail(err, "%s", pf->current.data);
        return -1;
    }
    item->data = pf->current.data;
    item->len = pf->current.len;
    return 1;
}

void *mail_prefetch_prepared(const mail_prefetch *pf)
{
    return pf->current.prepared;
}

void mail_prefetch_stop(mail_prefetch *pf)
{
    if (!pf)
        return;
    pthread_mutex_lock(&pf->lock);
    pf->stop = true;
    queue *queues[] = {&pf->read, &pf->ready};
    for (size_t i = 0; i < 2; i++) {
        pthread_cond_broadcast(&queues[i]->has_room);
        pthread_cond_broadcast(&queues[i]->not_empty);
    }
    pthread_mutex_unlock(&pf->lock);
    pthread_join(pf->reader, NULL);
    if (pf->staged)
        pthread_join(pf->preparer, NULL);
    queue_destroy(pf, &pf->read);
    queue_destroy(pf, &pf->ready);
    queued_free(pf, &pf->current);
    pthread_mutex_destroy(&pf->lock);
    free(pf);
}
