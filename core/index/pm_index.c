/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index: the linking rules of the patch index (see pm_index.h): which posting and
 * which series a message belongs to, its prior version and counterpart, its state.
 * Storage is index_db's business; this file holds no SQL. Callers get what was
 * recorded as index_record (enums), never the storage's rows (strings).
 */
#include "pm_index.h"

#include <ctype.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "address.h"
#include "files_key.h"
#include "index_db.h"
#include "pm_index_impl.h"
#include "text.h"
#include "xalloc.h"

#define POSTING_WINDOW (60 * 60)      /* a posting's messages are sent within an hour */
#define COPY_WINDOW (24 * 3600)       /* a version posted again without RESEND: within a day */
#define TITLE_WINDOW (365 * 24 * 3600) /* same title and author: within a year (as b4), for a
                                          message that names no version of 2 or more */
#define MAX_REFS 64                   /* References looked at, and stored */
#define MAX_MSGID 998                 /* a Message-ID longer than a line may be is none */
#define MAX_TEXT 1024                 /* bytes kept of a name or title a sender wrote */
#define MAX_DATE (1LL << 40)          /* dates beyond (year 36812) count as unknown */
#define MAX_TRIES 20                  /* of a transaction that failed, retryably */
#define MAX_LOOKS 16 /* series and postings read whole per classification (trusted,
                        complete_posting): a flood of one title, patch-id or change-id
                        in as many series costs no more; those beyond count as no */

static bool streq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* The storage's name of a kind as the enum; see index_record for the unknown. */
static patch_kind kind_of(const char *text)
{
    patch_kind k = patch_kind_from_name(text);
    return patch_kind_is_submission(k) ? k : PATCH_KIND_NONE;
}

static bool linkable(const char *kind)
{
    return kind_of(kind) != PATCH_KIND_NONE;
}

const char *patch_state_name(patch_state s)
{
    switch (s) {
    case PATCH_STATE_NEW: return "new";
    case PATCH_STATE_REVISION: return "revision";
    case PATCH_STATE_RESEND: return "resend";
    case PATCH_STATE_DUPLICATE: return "duplicate";
    case PATCH_STATE_NONE: break;
    }
    return NULL;
}

void index_verdict_free(index_verdict *v)
{
    free(v->series_id);
    free(v->prior_msgid);
    memset(v, 0, sizeof *v);
    v->changed = -1;
}

bool pm_index_location_has_password(const char *location)
{
    return index_db_location_has_password(location);
}

static int open_index(const char *location, bool readonly, pm_index **out, strbuf *err)
{
    index_db *db;
    *out = NULL;
    if (index_db_open(location, readonly, &db, err) < 0)
        return -1;
    pm_index *ix = xcalloc(1, sizeof *ix);
    pthread_mutex_init(&ix->lock, NULL);
    ix->db = db;
    git_libgit2_init();
    *out = ix;
    return 0;
}

int pm_index_open(const char *location, pm_index **out, strbuf *err)
{
    return open_index(location, false, out, err);
}

int pm_index_open_readonly(const char *location, pm_index **out, strbuf *err)
{
    return open_index(location, true, out, err);
}

void pm_index_close(pm_index *ix)
{
    if (!ix)
        return;
    if (ix->batch)
        index_db_rollback(ix->db);
    index_db_close(ix->db);
    pthread_mutex_destroy(&ix->lock);
    free(ix);
    git_libgit2_shutdown();
}

int pm_index_begin(pm_index *ix, strbuf *err)
{
    pthread_mutex_lock(&ix->lock);
    int rc = ix->batch ? 0 : index_db_begin_batch(ix->db, err);
    if (rc == 0)
        ix->batch = true;
    pthread_mutex_unlock(&ix->lock);
    return rc;
}

int pm_index_commit(pm_index *ix, strbuf *err)
{
    pthread_mutex_lock(&ix->lock);
    int rc = 0;
    if (ix->batch) {
        rc = index_db_commit(ix->db, err);
        if (rc < 0)
            index_db_rollback(ix->db);
        ix->batch = false;
    }
    pthread_mutex_unlock(&ix->lock);
    return rc;
}

void pm_index_on_status(pm_index *ix, pm_index_status_fn *fn, void *arg)
{
    pthread_mutex_lock(&ix->lock);
    index_db_set_status_callback(ix->db, fn, arg);
    pthread_mutex_unlock(&ix->lock);
}

long long pm_index_count(pm_index *ix, strbuf *err)
{
    pthread_mutex_lock(&ix->lock);
    long long n = index_db_count(ix->db, err);
    pthread_mutex_unlock(&ix->lock);
    return n;
}

/* Lower-case ASCII, white space collapsed: "Fix  Foo" and "fix foo" are one title. */
static char *normalize_title(const char *s)
{
    char *title = text_one_line(s, TEXT_CONTROLS_ARE_SPACE);
    for (char *c = title; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return title;
}

static char *join_list(const string_list *l)
{
    if (!l->n)
        return NULL;
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < l->n && i < MAX_REFS; i++) {
        if (!l->v[i] || !*l->v[i] || strchr(l->v[i], ' ') || strlen(l->v[i]) > MAX_MSGID)
            continue;
        if (sb.len)
            sb_addc(&sb, ' ');
        sb_adds(&sb, l->v[i]);
    }
    return sb.len ? sb_detach(&sb) : (sb_free(&sb), NULL);
}

static char *dup_nonempty(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

static char *dup_msgid(const char *s)
{
    return s && strlen(s) <= MAX_MSGID ? dup_nonempty(s) : NULL;
}

/* Text a sender wrote, kept to MAX_TEXT bytes: a row never holds a 300 KB name. */
static char *dup_text(const char *s)
{
    char *t = dup_nonempty(s);
    if (t)
        text_cut(t, MAX_TEXT);
    return t;
}

/* The address of a "Name <address>" value in lower case, NULL when there is none:
   people are told apart by address, never by display name ("Jane doe" is "Jane Doe"). */
static char *address_of(const char *value)
{
    char *addr = address_key(value);
    if (addr)
        text_cut(addr, MAX_TEXT);
    return addr;
}

static bool same_address(const char *a, const char *b)
{
    char *x = address_of(a), *y = x ? address_of(b) : NULL;
    bool same = streq(x, y);
    free(x);
    free(y);
    return same;
}

/* Whether a and b are from one person: the address of the header From or of the
   in-body From of one is that of either of the other (a new employer's address in the
   header, the old one in the body). Says nothing of trust (trusted). */
static bool same_person(const index_row *a, const index_row *b)
{
    return same_address(a->from_hdr, b->from_hdr) || same_address(a->from_hdr, b->author) ||
           same_address(a->author, b->from_hdr) || same_address(a->author, b->author);
}

/* The row this message would be recorded as, before linking. */
static void row_from_facts(const patch_facts *pf, index_row *r)
{
    memset(r, 0, sizeof *r);
    r->msgid = dup_msgid(pf->message_id);
    /* a hostile Date may say anything: keep it where date arithmetic cannot overflow */
    r->date = pf->date > 0 && pf->date < MAX_DATE ? (long long)pf->date : 0;
    r->from_hdr = dup_text(pf->from);
    r->author = dup_text(pf->author && *pf->author ? pf->author : pf->from);
    r->list_id = dup_text(pf->list_id);
    r->kind = xstrdup(patch_kind_name(pf->kind));
    r->version = pf->subject.version > 0 ? pf->subject.version : 1;
    r->part = pf->subject.part;
    r->total = pf->subject.total;
    r->resend = pf->subject.resend;
    r->title = normalize_title(pf->subject.title && *pf->subject.title ? pf->subject.title
                                                                        : pf->subject_text);
    text_cut(r->title, MAX_TEXT);
    r->patch_id = dup_nonempty(pf->patch_id);
    r->in_reply_to = dup_msgid(pf->in_reply_to);
    r->thread_root = dup_msgid(pf->references.n ? pf->references.v[0] : pf->in_reply_to);
    r->refs = join_list(&pf->references);
    r->change_id = dup_text(pf->change_id);
    r->tags = dup_text(pf->subject.tags);
    r->files = pf->kind == PATCH_KIND_PATCH ? files_key(&pf->files) : NULL;
    r->prior_links = join_list(&pf->prior_msgids);
    r->changed = -1;
    /* the identity linking trusts: the header sender's address (the in-body From: line,
       which anyone can copy, never), or a DKIM-verified domain the caller trusts */
    r->sender = pf->dkim_domain && *pf->dkim_domain ? xstrdup(pf->dkim_domain)
                                                   : address_of(pf->from);
}

/* A series id: 16 hex digits of the SHA-1 of the first message's Message-ID (and, for
   a message whose Message-ID another message holds, of what tells it apart). */
static char *new_series_id(const char *msgid, const char *conflict)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "series %s", msgid);
    if (conflict)
        sb_addf(&sb, "\nconflict %s", conflict);
    git_oid oid;
    char hex[GIT_OID_HEXSZ + 1];
    git_odb_hash(&oid, sb.data, sb.len, GIT_OBJECT_BLOB);
    git_oid_tostr(hex, sizeof hex, &oid);
    sb_free(&sb);
    return xstrndup(hex, 16);
}

/* A small set of strings with, for each, the lowest row id seen with it. */
typedef struct key_set {
    char **key;
    long long *min_id;
    size_t n, cap, cap2;
} key_set;

static void key_add(key_set *ks, const char *key, long long id)
{
    if (!key)
        return;
    for (size_t i = 0; i < ks->n; i++)
        if (!strcmp(ks->key[i], key)) {
            if (id < ks->min_id[i])
                ks->min_id[i] = id;
            return;
        }
    ks->key = xgrow(ks->key, sizeof *ks->key, ks->n + 1, &ks->cap);
    ks->min_id = xgrow(ks->min_id, sizeof *ks->min_id, ks->n + 1, &ks->cap2);
    ks->key[ks->n] = xstrdup(key);
    ks->min_id[ks->n++] = id;
}

static bool key_has(const key_set *ks, const char *key)
{
    for (size_t i = 0; i < ks->n; i++)
        if (streq(ks->key[i], key))
            return true;
    return false;
}

/* The key with the lowest row id: the oldest. */
static const char *key_oldest(const key_set *ks)
{
    size_t best = 0;
    for (size_t i = 1; i < ks->n; i++)
        if (ks->min_id[i] < ks->min_id[best])
            best = i;
    return ks->n ? ks->key[best] : NULL;
}

static void key_set_free(key_set *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->key[i]);
    free(ks->key);
    free(ks->min_id);
    memset(ks, 0, sizeof *ks);
}

/* What one classification gathers from the store. */
typedef struct linking {
    index_db *db;
    strbuf *err;
    index_row self;
    patch_kind kind;    /* self's, a submission */
    const char *dkim;   /* the domain DKIM verified for self (patch_facts.dkim_domain), or NULL */
    bool versioned;     /* self's subject names its version */
    index_rows related; /* threaded with it: its parents, its replies, its thread */
    index_rows evidence; /* other rows linking it to a series */
    index_rows series;  /* possible counterparts in the candidate series (load_series) */
    int below;          /* the nearest version below self's in those series, 0 if none */
    int above;          /* the nearest version above, 0 if none */
    key_set groups;
    key_set series_ids;
    key_set sender_series; /* series self's sender has posted in (min_id 1) or not (0) */
    key_set complete;      /* postings known complete (min_id 1) or not (0) */
    int looks;             /* series and postings read whole so far (MAX_LOOKS) */
    bool titled_prior;     /* self's prior has self's title (unpair_retitled) */
} linking;

static int query(linking *lk, index_query q, const index_param *p, size_t np, index_rows *out)
{
    return index_db_query(lk->db, q, p, np, out, lk->err);
}

static int query1(linking *lk, index_query q, const char *key, index_rows *out)
{
    if (!key || !*key)
        return 0;
    index_param p = IP_TEXT(key);
    return query(lk, q, &p, 1, out);
}

/* True when r is another message of the same posting as self. */
static bool same_posting(const index_row *r, const index_row *self)
{
    return linkable(r->kind) && r->version == self->version && r->resend == self->resend &&
           same_address(r->from_hdr, self->from_hdr) && !streq(r->msgid, self->msgid);
}

/* Whether a and b carry the same subject tags ("[PATCH 5.4 0/4]" and "[PATCH 4.19 0/4]"
   are postings for two stable branches, not copies). Rows of schema 2 have none. */
static bool same_tags(const index_row *a, const index_row *b)
{
    return a->tags ? streq(a->tags, b->tags) : !b->tags;
}

static bool within(long long a, long long b, long long window)
{
    return !a || !b || (a > b ? a - b : b - a) <= window;
}

static const index_row *find_row(const index_rows *rows, const char *msgid);
static bool same_sender(const linking *lk, const index_row *r);

static int find_posting(linking *lk)
{
    index_row *self = &lk->self;
    if (query1(lk, IQ_BY_MSGID, self->in_reply_to, &lk->related) < 0 ||
        query1(lk, IQ_CHILDREN, self->msgid, &lk->related) < 0)
        return -1;
    if (self->refs) {
        char *refs = xstrdup(self->refs), *save = NULL;
        int rc = 0;
        for (char *r = strtok_r(refs, " ", &save); r && rc == 0; r = strtok_r(NULL, " ", &save))
            if (!streq(r, self->in_reply_to))
                rc = query1(lk, IQ_BY_MSGID, r, &lk->related);
        free(refs);
        if (rc < 0)
            return -1;
    }
    /* a patch whose subject names no version ("[PATCH 3/9] x") has the version of its
       cover: the message its thread starts at, a cover of its sender */
    const index_row *root = find_row(&lk->related, self->thread_root);
    if (lk->kind == PATCH_KIND_PATCH && !lk->versioned && root &&
        kind_of(root->kind) == PATCH_KIND_COVER && root->version > self->version &&
        same_sender(lk, root))
        self->version = root->version;
    for (size_t i = 0; i < lk->related.n; i++)
        if (same_posting(&lk->related.v[i], self))
            key_add(&lk->groups, lk->related.v[i].grp, lk->related.v[i].id);
    /* the rest of the thread, when neither its parent nor its replies told the posting */
    size_t first = lk->related.n;
    if (!lk->groups.n && self->thread_root && !streq(self->thread_root, self->msgid) &&
        query1(lk, IQ_CHILDREN, self->thread_root, &lk->related) < 0)
        return -1;
    for (size_t i = first; i < lk->related.n; i++)
        if (same_posting(&lk->related.v[i], self))
            key_add(&lk->groups, lk->related.v[i].grp, lk->related.v[i].id);
    if (lk->groups.n || self->total <= 0 || !self->from_hdr || !self->date)
        return 0;

    /* Not threaded: same sender, version and total, sent within the hour, part free. */
    first = lk->related.n;
    index_param p[] = {IP_TEXT(self->from_hdr), IP_NUM(self->version), IP_NUM(self->total),
                       IP_NUM(self->date - POSTING_WINDOW), IP_NUM(self->date + POSTING_WINDOW)};
    if (query(lk, IQ_NEAR, p, 5, &lk->related) < 0)
        return -1;
    const index_rows *near = &lk->related;
    for (size_t i = first; i < near->n; i++) {
        const index_row *r = &near->v[i];
        bool part_taken = false;
        for (size_t j = first; j < near->n; j++)
            if (streq(near->v[j].grp, r->grp) && near->v[j].part == self->part)
                part_taken = true;
        if (!part_taken && same_posting(r, self))
            key_add(&lk->groups, r->grp, r->id);
    }
    return 0;
}

/* Whether r is from self's sender (rows of schema 1 carry no identity: their header
   From address stands for it). The in-body From of either proves nothing: anyone can
   write one (fake_next_version). */
static bool same_sender(const linking *lk, const index_row *r)
{
    if (r->sender)
        return streq(r->sender, lk->self.sender);
    char *sender = address_of(r->from_hdr);
    bool same = streq(sender, lk->self.sender);
    free(sender);
    return same;
}

/* The value noted for key in ks: 1 or 0, -1 when not noted. */
static int key_noted(const key_set *ks, const char *key)
{
    for (size_t i = 0; i < ks->n; i++)
        if (streq(ks->key[i], key))
            return (int)ks->min_id[i];
    return -1;
}

/*
 * Whether r may link self: r is from self's sender, or from the lineage of postings
 * self's sender belongs to (the series of r holds a message of that sender). Anything
 * else (an in-body From:, a change-id, a title, a thread) anyone can copy. Returns 1,
 * 0, or -1 on error.
 */
static int trusted(linking *lk, const index_row *r)
{
    if (!lk->self.sender || !r->series_id)
        return 0;
    if (same_sender(lk, r))
        return 1;
    int known = key_noted(&lk->sender_series, r->series_id);
    if (known >= 0)
        return known;
    if (lk->looks >= MAX_LOOKS)
        return 0;
    lk->looks++;
    index_rows members = {0};
    if (query1(lk, IQ_SERIES_MEMBERS, r->series_id, &members) < 0)
        return -1;
    int found = 0;
    for (size_t i = 0; i < members.n && !found; i++)
        found = same_sender(lk, &members.v[i]);
    index_rows_free(&members);
    key_add(&lk->sender_series, r->series_id, found);
    return found;
}

/* Whether the space-separated list holds word. */
static bool list_has(const char *list, const char *word)
{
    size_t n = word ? strlen(word) : 0;
    for (const char *p = list; n && p && *p; p += strcspn(p, " "), p += *p == ' ')
        if (strcspn(p, " ") == n && !memcmp(p, word, n))
            return true;
    return false;
}

/* Whether the address of the header From `from` is at domain or at a domain below it
   ("jane@lists.example.org" is under "example.org"). */
static bool address_under(const char *from, const char *domain)
{
    char *addr = domain && *domain ? address_of(from) : NULL;
    const char *at = addr ? strrchr(addr, '@') : NULL;
    bool under = false;
    if (at) {
        size_t n = strlen(at + 1), d = strlen(domain);
        under = (n == d || (n > d && at[n - d] == '.')) && !strcmp(at + 1 + n - d, domain);
    }
    free(addr);
    return under;
}

/* Whether r is a cover of a lower version with self's title that self, a cover, names
   as its earlier version, and self's sender may take r's series over: the domain that
   DKIM verified for self (lk->dkim) is that of self's header From address and of r's,
   a colleague at the same company. Anyone can name another's cover; only a verified
   sender of the original's domain continues its series this way (a sender who posted
   in it before needs no such link: trusted). */
static bool named_earlier(const linking *lk, const index_row *r)
{
    return lk->kind == PATCH_KIND_COVER && kind_of(r->kind) == PATCH_KIND_COVER &&
           r->version < lk->self.version && streq(r->title, lk->self.title) &&
           list_has(lk->self.prior_links, r->msgid) &&
           address_under(lk->self.from_hdr, lk->dkim) && address_under(r->from_hdr, lk->dkim);
}

/* Rows from `from` on that self's sender may speak for, or self names as its earlier
   version (named_earlier), link self to their series. */
static int add_evidence_series(linking *lk, size_t from)
{
    for (size_t i = from; i < lk->evidence.n; i++) {
        const index_row *r = &lk->evidence.v[i];
        if (!linkable(r->kind) || streq(r->msgid, lk->self.msgid))
            continue;
        int t = named_earlier(lk, r) ? 1 : trusted(lk, r);
        if (t < 0)
            return -1;
        if (t)
            key_add(&lk->series_ids, r->series_id, r->id);
    }
    return 0;
}

/*
 * Notes the versions of a series next to self's, and loads the messages of those
 * versions and of self's that may be its counterparts.
 */
static int load_series(linking *lk, const char *id)
{
    const index_row *self = &lk->self;
    int below, above;
    if (index_db_series_neighbours(lk->db, id, self, &below, &above, &lk->series, lk->err) < 0)
        return -1;
    if (below > lk->below)
        lk->below = below;
    if (above && (!lk->above || above < lk->above))
        lk->above = above;
    return 0;
}

static bool in_posting(const linking *lk, const index_row *r);

/*
 * The most recent row from `from` on that links self to a series weakly (same author
 * and title, or same patch-id) and that self's sender may speak for, in *best, or -1.
 * Returns -1 on error.
 */
static int weak_match(linking *lk, size_t from, bool by_title, long *best_out)
{
    const index_row *self = &lk->self;
    long best = -1;
    for (size_t i = from; i < lk->evidence.n; i++) {
        const index_row *r = &lk->evidence.v[i];
        if (!linkable(r->kind) || streq(r->msgid, self->msgid))
            continue;
        if (by_title) {
            /* a cover or pull request posted again soon, untagged, is a copy (decide) */
            bool copy = lk->kind != PATCH_KIND_PATCH && r->resend == self->resend &&
                        same_tags(r, self) && r->date && self->date &&
                        within(r->date, self->date, COPY_WINDOW);
            bool other_version = r->version != self->version || r->resend != self->resend ||
                                 streq(r->patch_id, self->patch_id) || copy;
            /* a v2 may come years after its v1; a v1 again is a new series after a year */
            if (!other_version || kind_of(r->kind) != lk->kind || !same_person(r, self) ||
                (self->version < 2 && !within(r->date, self->date, TITLE_WINDOW)))
                continue;
        }
        if (best >= 0 && r->id < lk->evidence.v[best].id)
            continue;
        int t = trusted(lk, r);
        if (t < 0)
            return -1;
        if (t)
            best = (long)i;
    }
    *best_out = best;
    return 0;
}

/*
 * The series self belongs to. Strong links (its posting, change-id, named earlier
 * versions, threads into another version) may join several series into one. A weak
 * link (same author and title, else same patch-id: a series may carry another's
 * patch) only chooses the series of a posting that has none beyond itself yet.
 */
static int find_series(linking *lk)
{
    index_row *self = &lk->self;
    for (size_t i = 0; i < lk->related.n; i++) {
        const index_row *r = &lk->related.v[i];
        int t = 1;
        if (!key_has(&lk->groups, r->grp)) {
            if (!linkable(r->kind) || r->version == self->version || !same_person(r, self))
                continue;
            if ((t = trusted(lk, r)) < 0)
                return -1;
        }
        if (t)
            key_add(&lk->series_ids, r->series_id, r->id);
    }
    size_t mark = lk->evidence.n;
    if (query1(lk, IQ_BY_CHANGE_ID, self->change_id, &lk->evidence) < 0 ||
        add_evidence_series(lk, mark) < 0)
        return -1;
    /* a message naming another's series ("see v2 of X's patches") does not join it */
    mark = lk->evidence.n;
    if (query1(lk, IQ_LINKING, self->msgid, &lk->evidence) < 0)
        return -1;
    if (self->prior_links) {
        char *links = xstrdup(self->prior_links), *save = NULL;
        int rc = 0;
        for (char *l = strtok_r(links, " ", &save); l && rc == 0; l = strtok_r(NULL, " ", &save))
            rc = query1(lk, IQ_BY_MSGID, l, &lk->evidence);
        free(links);
        if (rc < 0)
            return -1;
    }
    if (add_evidence_series(lk, mark) < 0)
        return -1;
    for (size_t i = 0; i < lk->series_ids.n; i++)
        if (load_series(lk, lk->series_ids.key[i]) < 0)
            return -1;
    bool alone = !lk->below && !lk->above; /* the strong series hold only self's posting */
    for (size_t i = 0; i < lk->series.n; i++)
        if (!in_posting(lk, &lk->series.v[i]))
            alone = false;
    if (!alone)
        return 0;

    size_t title_mark = lk->evidence.n;
    if (self->author && *self->title && query1(lk, IQ_BY_TITLE, self->title, &lk->evidence) < 0)
        return -1;
    long best;
    if (weak_match(lk, title_mark, true, &best) < 0)
        return -1;
    if (best < 0) {
        size_t patch_mark = lk->evidence.n;
        if (query1(lk, IQ_BY_PATCH_ID, self->patch_id, &lk->evidence) < 0 ||
            weak_match(lk, patch_mark, false, &best) < 0)
            return -1;
    }
    if (best >= 0 && !key_has(&lk->series_ids, lk->evidence.v[best].series_id)) {
        key_add(&lk->series_ids, lk->evidence.v[best].series_id, lk->evidence.v[best].id);
        return load_series(lk, lk->evidence.v[best].series_id);
    }
    return 0;
}

static bool in_posting(const linking *lk, const index_row *r)
{
    return key_has(&lk->groups, r->grp) || streq(r->msgid, lk->self.msgid);
}

/* Guesses the version of an unknown message from b4's Message-ID form "...-v3-0-...". */
static int version_from_msgid(const char *msgid, int fallback)
{
    for (const char *p = msgid; p && (p = strstr(p, "-v")); p++) {
        size_t digits = strspn(p + 2, "0123456789");
        const char *q = p + 2 + digits;
        size_t part = *q == '-' ? strspn(q + 1, "0123456789") : 0;
        if (digits > 0 && digits <= 4 && part > 0 && q[1 + part] == '-')
            return atoi(p + 2) > 0 ? atoi(p + 2) : fallback;
    }
    return fallback;
}

static const index_row *find_row(const index_rows *rows, const char *msgid)
{
    for (size_t i = 0; i < rows->n; i++)
        if (streq(rows->v[i].msgid, msgid))
            return &rows->v[i];
    return NULL;
}

/* Of two candidates, the one posted last before self (a series may restart at v1). */
static const index_row *closer(const index_row *self, const index_row *a, const index_row *b)
{
    if (!a)
        return b;
    bool a_before = !self->date || a->date <= self->date;
    bool b_before = !self->date || b->date <= self->date;
    if (a_before != b_before)
        return a_before ? a : b;
    return b->date > a->date || (b->date == a->date && b->id > a->id) ? b : a;
}

/* Whether the posting of r is (nearly) complete: it holds most of its parts from 1
   to its total (an archive may lack one; a stray copy of one part holds too few).
   Returns 1, 0, or -1 on error. */
static int complete_posting(linking *lk, const index_row *r)
{
    if (r->total <= 0)
        return 1;
    int known = key_noted(&lk->complete, r->grp);
    if (known >= 0)
        return known;
    if (lk->looks >= MAX_LOOKS)
        return 0;
    lk->looks++;
    index_rows rows = {0};
    if (query1(lk, IQ_BY_GROUP, r->grp, &rows) < 0)
        return -1;
    long parts = 0; /* distinct parts in 1..total, of at most INDEX_SQL_MAX_ROWS rows */
    for (size_t i = 0; i < rows.n; i++) {
        int part = rows.v[i].part;
        bool seen = part < 1 || part > r->total;
        for (size_t j = 0; j < i && !seen; j++)
            seen = rows.v[j].part == part;
        parts += !seen;
    }
    index_rows_free(&rows);
    int complete = parts * 2 > r->total;
    key_add(&lk->complete, r->grp, complete);
    return complete;
}

/* How well r stands for the prior posting as the list saw it: from self's sender,
   through the list (List-Id), in a complete posting (complete_posting); higher is
   better. */
static int prior_rank(linking *lk, const index_row *r)
{
    int complete = complete_posting(lk, r);
    if (complete < 0)
        return -1;
    return same_sender(lk, r) * 4 + (r->list_id != NULL) * 2 + complete;
}

static bool same_patch_id(const index_row *a, const index_row *b)
{
    return a->patch_id ? streq(a->patch_id, b->patch_id) : !b->patch_id;
}

#define MAX_TITLE_EDIT 128 /* bytes of a title compared by edit distance */

/* The edit distance of titles a and b (each cut to MAX_TITLE_EDIT bytes). A start and
   an end they share cost no edit and are left out first (titles of one series
   compared are mostly alike). */
static size_t title_distance(const char *a, const char *b)
{
    size_t na = strnlen(a, MAX_TITLE_EDIT), nb = strnlen(b, MAX_TITLE_EDIT);
    for (; na && nb && *a == *b; na--, nb--)
        a++, b++;
    while (na && nb && a[na - 1] == b[nb - 1])
        na--, nb--;
    size_t row[MAX_TITLE_EDIT + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* The text of a title after its subsystem prefix ("fscrypt: foo" gives "foo"). */
static const char *title_topic(const char *title)
{
    const char *colon = strrchr(title, ':');
    return colon && colon[1] == ' ' && colon[2] ? colon + 2 : title;
}

/* How close title b is to a: 2 the same, 1 close (the same after the subsystem
   prefix, or an edit distance of at most a quarter of the longer), 0 not; *distance
   is the edit distance. */
static int title_likeness(const char *a, const char *b, size_t *distance)
{
    *distance = 0;
    if (streq(a, b))
        return 2;
    if (!a || !b)
        return 0;
    *distance = title_distance(a, b);
    size_t longer = strnlen(a, MAX_TITLE_EDIT);
    if (strnlen(b, MAX_TITLE_EDIT) > longer)
        longer = strnlen(b, MAX_TITLE_EDIT);
    const char *ta = title_topic(a), *tb = title_topic(b);
    return (ta != a && tb != b && streq(ta, tb)) || *distance * 4 <= longer;
}

/* Whether r is a patch of self's posting recorded before it (a sibling). */
static bool sibling(const linking *lk, const index_row *r)
{
    return key_has(&lk->groups, r->grp) && r->version == lk->self.version &&
           !streq(r->msgid, lk->self.msgid) && linkable(r->kind);
}

/* How many of the siblings that came with self have their prior in the posting of
   cover r (read whole, as complete_posting reads one, within MAX_LOOKS). Returns
   the number, or -1 on error. */
static int priors_in_posting(linking *lk, const index_row *r)
{
    bool any = false;
    for (size_t i = 0; i < lk->related.n && !any; i++)
        any = sibling(lk, &lk->related.v[i]) && lk->related.v[i].prior_msgid;
    if (!any || lk->looks >= MAX_LOOKS)
        return 0;
    lk->looks++;
    index_rows rows = {0};
    if (query1(lk, IQ_BY_GROUP, r->grp, &rows) < 0)
        return -1;
    int n = 0; /* rows of r's posting that a sibling names as prior: each counted once */
    for (size_t i = 0; i < rows.n; i++) {
        bool named = false;
        for (size_t j = 0; j < lk->related.n && !named; j++)
            named = sibling(lk, &lk->related.v[j]) &&
                    streq(lk->related.v[j].prior_msgid, rows.v[i].msgid);
        n += named;
    }
    index_rows_free(&rows);
    return n;
}

/* How well cover r stands for self's prior cover when a series was split or merged:
   by title first, then by how many of self's patches have their prior in r's
   posting; higher is better. Returns -1 on error. */
static long cover_affinity(linking *lk, const index_row *r)
{
    size_t distance;
    int title = title_likeness(lk->self.title, r->title, &distance);
    int linked = priors_in_posting(lk, r);
    if (linked < 0)
        return -1;
    return title * 1024L + (linked < 1023 ? linked : 1023);
}

/*
 * The counterpart of self in version `version` of its series, in *out (NULL when
 * none): for a patch, the patch with the same title, else with the same patch-id; for
 * a cover or a pull request, the cover or pull request. Of several, the best by
 * ranked (for a cover, cover_affinity before prior_rank), then the last posted before
 * self (a series may restart at v1).
 * *disagree: candidates as good differ on the patch-id, so no change can be told.
 */
/* Whether r may be self's counterpart in `version`: 0 by title (any cover or pull
   request), 1 by patch-id, -1 not. */
static int candidate_class(const linking *lk, const index_row *r, int version)
{
    if (r->version != version || in_posting(lk, r) || kind_of(r->kind) != lk->kind)
        return -1;
    if (lk->kind != PATCH_KIND_PATCH || streq(r->title, lk->self.title))
        return 0;
    return streq(r->patch_id, lk->self.patch_id) ? 1 : -1;
}

/* Whether r, in `version`, stands for the same patch as `chosen` but with another
   patch-id. */
static bool rival(const linking *lk, const index_row *r, int version, const index_row *chosen)
{
    return r->version == version && !in_posting(lk, r) && kind_of(r->kind) == lk->kind &&
           (lk->kind != PATCH_KIND_PATCH || streq(r->title, chosen->title)) &&
           !same_patch_id(r, chosen);
}

/* The rank of a candidate counterpart r: a cover's affinity (cover_affinity) first,
   then prior_rank; higher is better, -1 on error. */
static long ranked(linking *lk, const index_row *r)
{
    long affinity = lk->kind == PATCH_KIND_COVER ? cover_affinity(lk, r) : 0;
    int rank = affinity < 0 ? -1 : prior_rank(lk, r);
    return rank < 0 ? -1 : affinity * 8 + rank;
}

static int counterpart(linking *lk, int version, const index_row **out, bool *disagree)
{
    const index_row *self = &lk->self, *best[2] = {NULL, NULL}; /* by title, by patch-id */
    size_t n[2] = {0, 0};
    *out = NULL;
    *disagree = false;
    for (size_t i = 0; i < lk->series.n; i++) {
        int by = candidate_class(lk, &lk->series.v[i], version);
        if (by >= 0 && !n[by]++)
            best[by] = &lk->series.v[i];
    }
    int by = n[0] ? 0 : 1;
    if (!n[by])
        return 0;
    /* one candidate and no rival: nothing to rank (prior_rank reads whole postings) */
    bool rivals = false;
    for (size_t i = 0; n[by] == 1 && i < lk->series.n && !rivals; i++)
        rivals = rival(lk, &lk->series.v[i], version, best[by]);
    if (n[by] == 1 && !rivals) {
        *out = best[by];
        return 0;
    }
    long top = -1;
    best[by] = NULL;
    for (size_t i = 0; i < lk->series.n; i++) {
        const index_row *r = &lk->series.v[i];
        if (candidate_class(lk, r, version) != by)
            continue;
        long rk = ranked(lk, r);
        if (rk < 0)
            return -1;
        if (rk > top) {
            best[by] = r;
            top = rk;
        } else if (rk == top) {
            best[by] = closer(self, best[by], r);
        }
    }
    *out = best[by];
    for (size_t i = 0; i < lk->series.n; i++) {
        const index_row *r = &lk->series.v[i];
        if (!rival(lk, r, version, *out))
            continue;
        long rk = ranked(lk, r);
        if (rk < 0)
            return -1;
        if (rk == top)
            *disagree = true;
    }
    return 0;
}

#define MAX_SIBLING_PRIORS 3 /* siblings' priors looked up to find their posting */

/* Whether msgid is the prior of a sibling in rows. */
static bool prior_of_sibling(const linking *lk, const index_rows *rows, const char *msgid)
{
    for (size_t i = 0; i < rows->n; i++)
        if (sibling(lk, &rows->v[i]) && streq(rows->v[i].prior_msgid, msgid))
            return true;
    return false;
}

/*
 * The posting most of self's siblings (its posting's cover and patches recorded so
 * far, less those whose prior the index does not hold) have their priors in, loaded
 * into lk->evidence from *mark on; *found false when there is none. Reads self's
 * posting and at most MAX_SIBLING_PRIORS priors.
 */
static int siblings_prior_posting(linking *lk, index_rows *own, size_t *mark, bool *found)
{
    *found = false;
    for (size_t i = 0; i < lk->groups.n && lk->looks < MAX_LOOKS; i++, lk->looks++)
        if (query1(lk, IQ_BY_GROUP, lk->groups.key[i], own) < 0)
            return -1;
    size_t with_prior = 0, tries = 0, loaded = lk->evidence.n;
    for (size_t i = 0; i < own->n; i++)
        with_prior += sibling(lk, &own->v[i]) && own->v[i].prior_msgid;
    for (size_t i = 0; i < own->n && tries < MAX_SIBLING_PRIORS && lk->looks < MAX_LOOKS; i++) {
        const index_row *s = &own->v[i];
        bool tried = false; /* its prior is in a posting looked at already */
        for (size_t j = loaded; j < lk->evidence.n && !tried; j++)
            tried = streq(lk->evidence.v[j].msgid, s->prior_msgid);
        if (!sibling(lk, s) || !s->prior_msgid || s->prior_version >= lk->self.version || tried)
            continue;
        tries++;
        index_rows prior = {0};
        if (query1(lk, IQ_BY_MSGID, s->prior_msgid, &prior) < 0)
            return -1;
        if (!prior.n) { /* a prior the index does not hold (a cover's v1 root) is in none */
            with_prior--;
            continue;
        }
        const char *grp = prior.n && key_has(&lk->series_ids, prior.v[0].series_id)
                              ? prior.v[0].grp
                              : NULL;
        *mark = lk->evidence.n;
        lk->looks++;
        int rc = grp ? query1(lk, IQ_BY_GROUP, grp, &lk->evidence) : 0;
        index_rows_free(&prior);
        if (rc < 0)
            return -1;
        size_t linked = 0;
        for (size_t j = *mark; j < lk->evidence.n; j++)
            linked += prior_of_sibling(lk, own, lk->evidence.v[j].msgid);
        if (linked * 2 > with_prior) {
            *found = true;
            return 0;
        }
    }
    return 0;
}

/* How a candidate for a retitled patch's counterpart ranks: by the files they both
   touch (files_compare), then by title (title_likeness), at the patch's position, then
   by the smaller edit distance. */
typedef struct pick_rank {
    int files, cls;
    bool at;
    size_t distance;
} pick_rank;

/* Whether a ranks above b (a distance ranks only between equals otherwise). */
static bool ranks_above(const pick_rank *a, const pick_rank *b)
{
    if (a->files != b->files)
        return a->files > b->files;
    if (a->cls != b->cls)
        return a->cls > b->cls;
    if (a->at != b->at)
        return a->at;
    return a->distance < b->distance;
}

/* The candidate of the best rank, and the runner-up's. A candidate has a close title,
   or touches the same files at the patch's position; never other files than the
   patch: files are no guess, a title is. */
typedef struct title_pick {
    const index_row *best;
    bool runner_up;
    pick_rank first, second;
} title_pick;

static void pick_consider(title_pick *p, const index_row *patch, const index_row *r)
{
    pick_rank k = {.files = files_compare(patch->files, r->files), .at = r->part == patch->part};
    k.cls = title_likeness(patch->title, r->title, &k.distance);
    if ((!k.cls && (k.files != FILES_SAME || !k.at)) || k.files == FILES_DISJOINT)
        return;
    if (!p->best || ranks_above(&k, &p->first)) {
        p->runner_up = p->best != NULL;
        p->second = p->first;
        p->best = r, p->first = k;
    } else if (!p->runner_up || ranks_above(&k, &p->second)) {
        p->runner_up = true;
        p->second = k;
    }
}

/* The best candidate when it stands out from the runner-up (same files where the
   runner-up shares fewer, a closer title class, its position, or less than half its
   edit distance), else NULL. */
static const index_row *pick_result(const title_pick *p)
{
    const pick_rank *a = &p->first, *b = &p->second;
    bool stands_out = !p->runner_up || a->files > b->files || a->cls > b->cls ||
                      a->at > b->at || a->distance * 2 < b->distance;
    return p->best && stands_out ? p->best : NULL;
}

/*
 * A retitled patch ("add support foo" -> "add support for foo", a subsystem prefix
 * renamed): within the posting its siblings have their priors in, the patch none of
 * them paired with that touches self's files, whose title is close to self's
 * (title_likeness), at self's position (title_pick), in *out; only one that stands
 * out, never one touching other files (NULL otherwise).
 */
static int retitled(linking *lk, const index_row **out)
{
    const index_row *self = &lk->self;
    *out = NULL;
    index_rows own = {0};
    size_t mark = 0;
    bool found;
    if (siblings_prior_posting(lk, &own, &mark, &found) < 0) {
        index_rows_free(&own);
        return -1;
    }
    title_pick pick = {0};
    for (size_t i = mark; found && i < lk->evidence.n; i++) {
        const index_row *r = &lk->evidence.v[i];
        if (kind_of(r->kind) == PATCH_KIND_PATCH && r->version < self->version &&
            !prior_of_sibling(lk, &own, r->msgid))
            pick_consider(&pick, self, r);
    }
    index_rows_free(&own);
    *out = pick_result(&pick);
    return 0;
}

/* Whether r, a patch of a lower version of self's series (or of one self merges into
   it), by self's author and posted before self, beats *best: a higher version, then
   posted later. */
static bool deeper_prior(const linking *lk, const index_row *r, const index_row *best)
{
    const index_row *self = &lk->self;
    if (kind_of(r->kind) != PATCH_KIND_PATCH || r->version >= self->version ||
        in_posting(lk, r) || !key_has(&lk->series_ids, r->series_id) ||
        !same_person(r, self) || (self->date && r->date > self->date))
        return false;
    return !best || r->version > best->version ||
           (r->version == best->version && closer(self, best, r) == r);
}

/*
 * A patch missing from the nearest lower version (dropped there and brought back, a
 * version the list carried only in part, a series merged into this one): its
 * author's latest patch with the same title, else the same patch-id, at any lower
 * version, in *out (NULL when none). Two bounded lookups, as find_series makes.
 */
static int further_down(linking *lk, const index_row **out)
{
    const index_row *self = &lk->self;
    *out = NULL;
    for (int by_title = 1; by_title >= 0 && !*out; by_title--) {
        size_t mark = lk->evidence.n;
        int rc = !by_title ? query1(lk, IQ_BY_PATCH_ID, self->patch_id, &lk->evidence)
                 : *self->title ? query1(lk, IQ_BY_TITLE, self->title, &lk->evidence)
                                : 0;
        if (rc < 0)
            return -1;
        for (size_t i = mark; i < lk->evidence.n; i++) {
            const index_row *r = &lk->evidence.v[i];
            if (!deeper_prior(lk, r, *out))
                continue;
            int t = trusted(lk, r);
            if (t < 0)
                return -1;
            if (t)
                *out = r;
        }
    }
    return 0;
}

/*
 * Whether self is r posted again: the same version of the same patch (patch-id) or
 * cover (title), from the same sender or in self's own posting. Untagged, a posting
 * sent again keeps each patch in its place; a posting of another lineage that merely
 * carries the same patch at the same version (two series sharing one) is no resend.
 */
static bool resent(const linking *lk, const index_row *r)
{
    const index_row *self = &lk->self;
    bool copy = lk->kind == PATCH_KIND_PATCH ? streq(r->patch_id, self->patch_id)
                                             : streq(r->title, self->title);
    if (r->version != self->version || kind_of(r->kind) != lk->kind || !copy)
        return false;
    if (!in_posting(lk, r) && !same_sender(lk, r))
        return false;
    return self->resend ||
           (r->part == self->part && r->total == self->total && same_tags(r, self));
}

/* A patch naming a patch of a lower version of its series in its text ("v1: <link>",
   a single patch revised without cover): of those it names that its sender may speak
   for (trusted), the one of the highest version, in *out (NULL when none). */
static int named_patch(linking *lk, const index_row **out)
{
    *out = NULL;
    char *links = xstrdup(lk->self.prior_links), *save = NULL;
    int rc = 0;
    for (char *l = strtok_r(links, " ", &save); l && rc == 0; l = strtok_r(NULL, " ", &save)) {
        const index_row *r = find_row(&lk->evidence, l);
        if (!r || kind_of(r->kind) != PATCH_KIND_PATCH || r->version >= lk->self.version ||
            (*out && r->version <= (*out)->version))
            continue;
        if ((rc = trusted(lk, r)) > 0)
            *out = r;
    }
    free(links);
    return rc < 0 ? -1 : 0;
}

static int decide(linking *lk, index_verdict *v)
{
    index_row *self = &lk->self;
    const index_row *prior = NULL;
    int prior_version = lk->below;
    for (size_t i = 0; i < lk->series.n && !prior; i++)
        if (resent(lk, &lk->series.v[i]))
            prior = &lk->series.v[i];
    bool resend = prior || self->resend;
    const char *named = NULL;
    if (!prior && self->prior_links && lk->kind == PATCH_KIND_COVER) {
        size_t n = strcspn(self->prior_links, " ");
        char *first = xstrndup(self->prior_links, n);
        const index_row *r = find_row(&lk->evidence, first);
        int t = !r || r->version >= self->version ? 0 : named_earlier(lk, r) ? 1 : trusted(lk, r);
        if (t < 0) {
            free(first);
            return -1;
        }
        if (t)
            prior = r;
        else if (!r)
            named = self->prior_links;
        v->prior_msgid = r ? NULL : first;
        if (r)
            free(first);
    }
    if (!prior && self->prior_links && lk->kind == PATCH_KIND_PATCH && named_patch(lk, &prior) < 0)
        return -1;
    bool disagree = false;
    if (!prior && !named && prior_version > 0 &&
        counterpart(lk, prior_version, &prior, &disagree) < 0)
        return -1;
    if (!prior && !named && prior_version > 0 && lk->kind == PATCH_KIND_PATCH &&
        (retitled(lk, &prior) < 0 || (!prior && further_down(lk, &prior) < 0)))
        return -1;
    if (prior) {
        lk->titled_prior = lk->kind == PATCH_KIND_PATCH && !resend &&
                           streq(prior->title, self->title);
        v->prior_msgid = xstrdup(prior->msgid);
        v->prior_version = prior->version;
        if (self->patch_id && prior->patch_id && !disagree)
            v->changed = strcmp(self->patch_id, prior->patch_id) != 0;
    } else if (named) {
        v->prior_version = version_from_msgid(v->prior_msgid, self->version - 1);
    } else {
        v->prior_version = prior_version;
    }
    v->version = self->version;
    /* a named earlier version the index does not hold is unchecked: anyone can name
       one, so it alone does not make a revision */
    v->state = resend                       ? PATCH_STATE_RESEND
               : prior || lk->below > 0     ? PATCH_STATE_REVISION
                                            : PATCH_STATE_NEW;
    return 0;
}

/* A patch whose prior has its title takes that prior from a sibling that came before
   it and was paired with it as retitled (retitled; not by the same patch-id, which
   is no guess): that sibling is left without. */
static int unpair_retitled(linking *lk)
{
    const index_row *self = &lk->self;
    index_rows rows = {0};
    int rc = query1(lk, IQ_BY_PRIOR, self->prior_msgid, &rows);
    for (size_t i = 0; i < rows.n && rc == 0; i++) {
        const index_row *r = &rows.v[i];
        if (streq(r->grp, self->grp) && r->version == self->version &&
            kind_of(r->kind) == PATCH_KIND_PATCH && !streq(r->title, self->title) &&
            r->changed != 0 && !streq(r->msgid, self->msgid))
            rc = index_db_set_prior(lk->db, r->id, NULL, r->prior_version, -1, lk->err);
    }
    index_rows_free(&rows);
    return rc;
}

/* Gives r, a message of a later version, self as prior. */
static int give_prior(linking *lk, const index_row *r)
{
    const index_row *self = &lk->self;
    int changed = r->patch_id && self->patch_id ? strcmp(r->patch_id, self->patch_id) != 0 : -1;
    return index_db_set_prior(lk->db, r->id, self->msgid, self->version, changed, lk->err);
}

/*
 * Shape 1 the other way round: self, recorded after later versions of its series,
 * becomes the prior of its author's patches with its title at versions above it,
 * posted after it, whose prior is missing or of a version below self's (self is
 * then the latest lower version that has them). One bounded lookup by title; *taken
 * tells whether one took it.
 */
static int further_up(linking *lk, const char *series_id, bool *taken)
{
    const index_row *self = &lk->self;
    size_t mark = lk->evidence.n;
    if (query1(lk, IQ_BY_TITLE, self->title, &lk->evidence) < 0)
        return -1;
    for (size_t i = mark; i < lk->evidence.n; i++) {
        const index_row *r = &lk->evidence.v[i];
        if (kind_of(r->kind) != PATCH_KIND_PATCH || r->version <= self->version ||
            (r->prior_msgid && r->prior_version >= self->version) || in_posting(lk, r) ||
            (r->version == lk->above && !r->prior_msgid) /* record gave it self */ ||
            !(streq(r->series_id, series_id) || key_has(&lk->series_ids, r->series_id)) ||
            !same_person(r, self) || (self->date && r->date && r->date < self->date))
            continue;
        int t = trusted(lk, r);
        if (t < 0 || (t && give_prior(lk, r) < 0))
            return -1;
        *taken = *taken || t;
    }
    return 0;
}

/*
 * Shape 3 the other way round: self, a patch recorded after the next version up and
 * taken by none of its patches by title, becomes the prior of that version's retitled
 * patch: in the posting where the counterparts of self's siblings (its posting's other
 * patches) have them as prior, the patch without prior that touches self's files or
 * whose title is close to self's (title_pick), when one stands out. Reads self's posting, at most MAX_SIBLING_PRIORS
 * siblings' counterparts and one posting.
 */
static int retitled_above(linking *lk, const char *series_id)
{
    const index_row *self = &lk->self;
    if (lk->looks >= MAX_LOOKS)
        return 0;
    lk->looks++;
    index_rows own = {0}, later = {0};
    int rc = query1(lk, IQ_BY_GROUP, self->grp, &own);
    const char *grp = NULL;
    for (size_t i = 0, tries = 0; rc == 0 && !grp && i < own.n && tries < MAX_SIBLING_PRIORS;
         i++) {
        const index_row *s = &own.v[i];
        if (streq(s->msgid, self->msgid) || kind_of(s->kind) != PATCH_KIND_PATCH)
            continue;
        tries++;
        size_t mark = later.n;
        rc = query1(lk, IQ_BY_PRIOR, s->msgid, &later);
        for (size_t j = mark; rc == 0 && j < later.n && !grp; j++)
            if (later.v[j].version == lk->above && streq(later.v[j].series_id, series_id))
                grp = later.v[j].grp;
    }
    size_t mark = later.n;
    if (rc == 0 && grp && lk->looks < MAX_LOOKS) {
        lk->looks++;
        rc = query1(lk, IQ_BY_GROUP, grp, &later);
    }
    title_pick pick = {0};
    for (size_t i = mark; rc == 0 && grp && i < later.n; i++) {
        const index_row *r = &later.v[i];
        if (kind_of(r->kind) == PATCH_KIND_PATCH && r->version == lk->above && !r->prior_msgid &&
            !streq(r->title, self->title))
            pick_consider(&pick, self, r);
    }
    const index_row *r = rc == 0 ? pick_result(&pick) : NULL;
    if (r)
        rc = give_prior(lk, r);
    index_rows_free(&own);
    index_rows_free(&later);
    return rc;
}

/* How many messages of self's posting (own) have their prior among the messages that
   answer root or whose thread starts at it. Returns -1 on error. */
static int priors_under(linking *lk, const index_rows *own, const char *root)
{
    index_rows under = {0};
    if (query1(lk, IQ_CHILDREN, root, &under) < 0)
        return -1;
    int n = 0;
    for (size_t i = 0; i < own->n; i++)
        n += own->v[i].prior_msgid && find_row(&under, own->v[i].prior_msgid) != NULL;
    index_rows_free(&under);
    return n;
}

/*
 * Shape 10: the cover of self's posting (its thread root), recorded without prior,
 * gets one when self, a patch, links to a lower version whose patch answers the root
 * of its thread directly and the index does not hold that root (a v1 cover that
 * states no version is no patch mail): that root, of the prior's version. A posting
 * whose patches continue two series (one merged into the other) has the root most of
 * its patches recorded so far have their priors under: a later patch moves the cover
 * to its root when more of them are under it. A prior the cover names, or one the
 * index holds, stays. At most four lookups, only when the roots differ.
 */
static int cover_from_prior_root(linking *lk, const index_verdict *v)
{
    const index_row *self = &lk->self;
    const index_row *cover = find_row(&lk->related, self->thread_root);
    if (lk->kind != PATCH_KIND_PATCH || v->state != PATCH_STATE_REVISION || !v->prior_msgid ||
        !cover || kind_of(cover->kind) != PATCH_KIND_COVER || cover->version != self->version ||
        !key_has(&lk->groups, cover->grp) || list_has(cover->prior_links, cover->prior_msgid))
        return 0;
    const index_row *prior = find_row(&lk->series, v->prior_msgid);
    if (!prior)
        prior = find_row(&lk->evidence, v->prior_msgid);
    if (!prior || prior->version >= self->version || !prior->thread_root ||
        !streq(prior->in_reply_to, prior->thread_root) ||
        streq(cover->prior_msgid, prior->thread_root))
        return 0;
    index_rows held = {0}, own = {0};
    int rc = query1(lk, IQ_BY_MSGID, prior->thread_root, &held);
    if (rc == 0 && !held.n)
        rc = query1(lk, IQ_BY_MSGID, cover->prior_msgid, &held);
    bool move = rc == 0 && !held.n;
    if (move && cover->prior_msgid) {
        rc = query1(lk, IQ_BY_GROUP, self->grp, &own);
        int now = rc < 0 ? -1 : priors_under(lk, &own, cover->prior_msgid);
        int here = now < 0 ? -1 : priors_under(lk, &own, prior->thread_root);
        rc = here < 0 ? -1 : 0;
        move = here > now;
    }
    if (rc == 0 && move)
        rc = index_db_set_prior(lk->db, cover->id, prior->thread_root, prior->version, -1,
                                lk->err);
    index_rows_free(&held);
    index_rows_free(&own);
    return rc;
}

static patch_state state_of(const char *text);

/* Sets the version, posting, series and verdict v of the recorded message id. */
static int take_verdict(linking *lk, long long id, int version, const char *grp,
                        const char *series_id, const index_verdict *v)
{
    char num[24], ver[12], prior_version[12], changed[12];
    snprintf(num, sizeof num, "%lld", id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(prior_version, sizeof prior_version, "%d", v->prior_version);
    snprintf(changed, sizeof changed, "%d", v->changed);
    const char *values[] = {num, ver, grp, series_id, patch_state_name(v->state),
                            v->prior_msgid, prior_version, changed};
    return index_db_texts(lk->db, IT_TAKE_VERSION, values, 8, NULL, lk->err);
}

/*
 * Shape 10 out of order: self, a cover stating its version (2 or more), recorded after
 * patches of its posting (an archive imported newest first, mail that arrived out of
 * order): each patch of its sender that answers it as its thread root and was recorded
 * at version 1 (its subject names none: the version is the cover's) takes self's
 * version, posting and series, and the verdict a classification gives it there (its
 * prior, state and changed), as if recorded after self; messages naming it as their
 * prior learn its version. Self, which took those patches for a lower version, is
 * then decided again (*v). Only the rows of self's posting; one lookup each.
 */
static int versions_from_cover(linking *lk, index_verdict *v)
{
    const index_row *self = &lk->self;
    if (lk->kind != PATCH_KIND_COVER || self->version < 2)
        return 0;
    /* first all of them at self's version (none is then a lower version to another),
       then each decided there */
    int rc = 0;
    size_t taken = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < lk->related.n && rc == 0; i++) {
            const index_row *r = &lk->related.v[i];
            if (kind_of(r->kind) != PATCH_KIND_PATCH || r->version != 1 ||
                !streq(r->thread_root, self->msgid) || !same_sender(lk, r))
                continue;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = lk->related.v[j].id == r->id;
            if (seen)
                continue;
            index_row at = *r; /* borrowed */
            at.version = self->version;
            at.grp = self->grp;
            at.series_id = self->series_id;
            index_verdict pv = {.state = state_of(r->state), .prior_msgid = r->prior_msgid,
                                .prior_version = r->prior_version, .changed = r->changed};
            if (pass == 0) {
                rc = take_verdict(lk, r->id, at.version, at.grp, at.series_id, &pv);
                continue;
            }
            if (index_prior_of_recorded(lk->db, &at, &pv, lk->err) < 0)
                return -1;
            rc = take_verdict(lk, r->id, at.version, at.grp, at.series_id, &pv);
            index_verdict_free(&pv);
            index_rows later = {0};
            if (rc == 0)
                rc = query1(lk, IQ_BY_PRIOR, r->msgid, &later);
            for (size_t j = 0; j < later.n && rc == 0; j++)
                rc = index_db_set_prior(lk->db, later.v[j].id, r->msgid, at.version,
                                        later.v[j].changed, lk->err);
            index_rows_free(&later);
            taken++;
        }
    }
    index_rows own = {0};
    if (rc == 0 && taken)
        rc = query1(lk, IQ_BY_MSGID, self->msgid, &own);
    if (rc == 0 && own.n) {
        index_verdict again;
        rc = index_prior_of_recorded(lk->db, &own.v[0], &again, lk->err);
        if (rc == 0)
            rc = take_verdict(lk, own.v[0].id, self->version, self->grp, self->series_id, &again);
        if (rc == 0) {
            free(v->prior_msgid);
            v->prior_msgid = again.prior_msgid;
            again.prior_msgid = NULL;
            v->state = again.state;
            v->prior_version = again.prior_version;
            v->changed = again.changed;
        }
        index_verdict_free(&again);
    }
    index_rows_free(&own);
    return rc;
}

/* Records self, merges what it joined, and gives later versions it precedes a prior. */
static int record(linking *lk, index_verdict *v)
{
    index_row *self = &lk->self;
    const char *grp = key_oldest(&lk->groups);
    self->grp = xstrdup(grp ? grp : self->msgid);
    self->series_id = xstrdup(v->series_id);
    self->state = xstrdup(patch_state_name(v->state));
    self->prior_msgid = v->prior_msgid ? xstrdup(v->prior_msgid) : NULL;
    self->prior_version = v->prior_version;
    self->changed = v->changed;
    for (size_t i = 0; i < lk->groups.n; i++)
        if (strcmp(lk->groups.key[i], self->grp) &&
            index_db_merge_group(lk->db, self->grp, lk->groups.key[i], lk->err) < 0)
            return -1;
    for (size_t i = 0; i < lk->series_ids.n; i++)
        if (strcmp(lk->series_ids.key[i], self->series_id) &&
            index_db_merge_series(lk->db, self->series_id, lk->series_ids.key[i], self->msgid,
                                  lk->err) < 0)
            return -1;
    if (index_db_insert(lk->db, self, lk->err) < 0 ||
        (lk->titled_prior && unpair_retitled(lk) < 0) || cover_from_prior_root(lk, v) < 0 ||
        versions_from_cover(lk, v) < 0)
        return -1;
    if (self->prior_links) {
        char *links = xstrdup(self->prior_links), *save = NULL;
        int rc = 0;
        for (char *l = strtok_r(links, " ", &save); l && rc == 0; l = strtok_r(NULL, " ", &save))
            rc = index_db_insert_link(lk->db, self->msgid, l, lk->err);
        free(links);
        if (rc < 0)
            return -1;
    }

    /* Messages that named this one as their prior learn its version. */
    for (size_t i = 0; i < lk->evidence.n; i++) {
        const index_row *r = &lk->evidence.v[i];
        if (streq(r->prior_msgid, self->msgid) && r->prior_version != self->version &&
            index_db_set_prior(lk->db, r->id, r->prior_msgid, self->version, r->changed,
                               lk->err) < 0)
            return -1;
    }
    /* The next version up, recorded before this one, gets its counterparts here. */
    int next = lk->above;
    bool taken = false;
    for (size_t i = 0; next && i < lk->series.n; i++) {
        const index_row *r = &lk->series.v[i];
        if (r->version != next || r->prior_msgid || in_posting(lk, r) ||
            kind_of(r->kind) != lk->kind ||
            (lk->kind == PATCH_KIND_PATCH && !streq(r->title, self->title)) ||
            (lk->kind == PATCH_KIND_COVER && r->date && self->date && r->date < self->date))
            continue;
        if (give_prior(lk, r) < 0)
            return -1;
        taken = true;
    }
    if (!next || lk->kind != PATCH_KIND_PATCH || !*self->title)
        return 0;
    if (further_up(lk, v->series_id, &taken) < 0)
        return -1;
    return taken ? 0 : retitled_above(lk, v->series_id);
}

int index_prior_of_recorded(index_db *db, const index_row *row, index_verdict *v, strbuf *err)
{
    memset(v, 0, sizeof *v);
    v->changed = -1;
    if (!linkable(row->kind))
        return 0;
    linking lk = {.db = db, .err = err, .kind = kind_of(row->kind)};
    lk.self = *row; /* borrowed: never freed here */
    key_add(&lk.groups, row->grp, row->id);
    key_add(&lk.series_ids, row->series_id, row->id);
    size_t named = row->prior_links ? strcspn(row->prior_links, " ") : 0;
    char *first = named ? xstrndup(row->prior_links, named) : NULL;
    int rc = query1(&lk, IQ_BY_MSGID, first, &lk.evidence);
    if (rc == 0)
        rc = load_series(&lk, row->series_id);
    /* row itself, recorded, is no copy nor counterpart of itself */
    size_t kept = 0;
    for (size_t i = 0; i < lk.series.n; i++) {
        if (streq(lk.series.v[i].msgid, row->msgid))
            index_row_free(&lk.series.v[i]);
        else
            lk.series.v[kept++] = lk.series.v[i];
    }
    lk.series.n = kept;
    if (rc == 0)
        rc = decide(&lk, v);
    free(first);
    key_set_free(&lk.sender_series);
    key_set_free(&lk.complete);
    index_rows_free(&lk.evidence);
    index_rows_free(&lk.series);
    key_set_free(&lk.groups);
    key_set_free(&lk.series_ids);
    if (rc < 0)
        index_verdict_free(v);
    return rc;
}

/* A message recorded under the same Message-ID is this one (a copy, from another
   list or delivered twice) when it carries the same patch, or has the same subject,
   From and Date; else whoever sent the first squats the Message-ID. */
static bool same_message(const index_row *r, const index_row *self)
{
    return streq(r->patch_id, self->patch_id) ||
           (streq(r->title, self->title) && r->version == self->version &&
            r->part == self->part && r->total == self->total && r->resend == self->resend &&
            streq(r->from_hdr, self->from_hdr) && r->date == self->date);
}

static void verdict_from_row(const index_row *r, index_verdict *v)
{
    v->state = PATCH_STATE_DUPLICATE;
    v->version = r->version;
    v->series_id = xstrdup(r->series_id);
    v->prior_msgid = r->prior_msgid ? xstrdup(r->prior_msgid) : NULL;
    v->prior_version = r->prior_version;
    v->changed = r->changed;
}

typedef struct lookups {
    index_lookup *v;
    size_t n, cap;
    char *words[4]; /* copies of the lists the keys point into */
    size_t nwords;
} lookups;

/* Adds the lookups of `q` for each word of the space-separated list, but skip. */
static void add_lookups(lookups *l, index_query q, const char *list, const char *skip)
{
    if (!list || !*list || l->nwords == sizeof l->words / sizeof l->words[0])
        return;
    char *copy = l->words[l->nwords++] = xstrdup(list), *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (streq(w, skip))
            continue;
        l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
        l->v[l->n++] = (index_lookup){q, w};
    }
}

/* The lookups by one key that every classification of self makes first (its copy,
   its thread, its change-id, the versions it names), announced in one go. */
static int prefetch(linking *lk)
{
    const index_row *self = &lk->self;
    lookups l = {0};
    index_lookup by_self[] = {{IQ_BY_MSGID, self->msgid}, {IQ_CHILDREN, self->msgid},
                              {IQ_LINKING, self->msgid}};
    for (size_t i = 0; i < 3; i++) {
        l.v = xgrow(l.v, sizeof *l.v, l.n + 1, &l.cap);
        l.v[l.n++] = by_self[i];
    }
    index_lookup by_key[] = {{IQ_BY_MSGID, self->in_reply_to}, {IQ_BY_CHANGE_ID, self->change_id}};
    for (size_t i = 0; i < 2; i++) {
        if (!by_key[i].key || !*by_key[i].key)
            continue;
        l.v = xgrow(l.v, sizeof *l.v, l.n + 1, &l.cap);
        l.v[l.n++] = by_key[i];
    }
    add_lookups(&l, IQ_BY_MSGID, self->refs, self->in_reply_to);
    add_lookups(&l, IQ_BY_MSGID, self->prior_links, NULL);
    int rc = index_db_prefetch(lk->db, l.v, l.n, lk->err);
    for (size_t i = 0; i < l.nwords; i++)
        free(l.words[i]);
    free(l.v);
    return rc;
}

static int classify_locked(pm_index *ix, const patch_facts *pf, bool rec, index_verdict *v,
                           strbuf *err)
{
    linking lk = {.db = ix->db, .err = err, .kind = pf->kind, .versioned = pf->subject.versioned,
                  .dkim = pf->dkim_domain && *pf->dkim_domain ? pf->dkim_domain : NULL};
    row_from_facts(pf, &lk.self);
    int rc = -1;
    index_rows same = {0};
    char *conflict = NULL;
    if (lk.self.msgid) {
        if (prefetch(&lk) < 0 || query1(&lk, IQ_BY_MSGID, lk.self.msgid, &same) < 0)
            goto out;
        if (same.n && same_message(&same.v[0], &lk.self)) {
            verdict_from_row(&same.v[0], v);
            rc = 0;
            goto out;
        }
        /* another message holds this Message-ID: classified on its own, from nothing
           of the first, and not recorded (the Message-ID is taken) */
        if (same.n) {
            rec = false;
            strbuf sb = STRBUF_INIT;
            sb_addf(&sb, "%s %lld %s", lk.self.sender ? lk.self.sender : "", lk.self.date,
                    lk.self.patch_id ? lk.self.patch_id : lk.self.title);
            conflict = sb_detach(&sb);
        }
    }
    if (find_posting(&lk) < 0 || find_series(&lk) < 0)
        goto out;
    /* a message without Message-ID is never recorded: it starts no series of its own
       (an id made from nothing would be shared by every such message) */
    const char *series = key_oldest(&lk.series_ids);
    v->series_id = series        ? xstrdup(series)
                   : lk.self.msgid ? new_series_id(lk.self.msgid, conflict)
                                   : NULL;
    if (decide(&lk, v) < 0)
        goto out;
    rc = rec && lk.self.msgid ? record(&lk, v) : 0;
    if (rc == 0 && rec && lk.self.msgid)
        rc = index_apply_corrections(ix->db, lk.self.msgid, lk.self.in_reply_to, v, err);
out:
    free(conflict);
    key_set_free(&lk.sender_series);
    key_set_free(&lk.complete);
    index_rows_free(&same);
    index_row_free(&lk.self);
    index_rows_free(&lk.related);
    index_rows_free(&lk.evidence);
    index_rows_free(&lk.series);
    key_set_free(&lk.groups);
    key_set_free(&lk.series_ids);
    return rc;
}

int pm_index_classify(pm_index *ix, const patch_facts *pf, bool rec, index_verdict *out,
                      strbuf *err)
{
    memset(out, 0, sizeof *out);
    out->changed = -1;
    if (!patch_kind_is_submission(pf->kind))
        return 0;
    pthread_mutex_lock(&ix->lock);
    bool own = !ix->batch && rec;
    int rc;
    /* Outside a batch the classification runs optimistically beside other writers
       (other hosts on the same server). When it lost a race to one of them, it is
       tried again under the writers' lock (as a batch takes it): the lock waits for
       the winner to finish, which a pause would only guess at, and no neighbour can
       then make it fail again, however busy. Other retryable failures (a connection
       found dead) are tried again the same way. */
    for (int attempt = 1;; attempt++) {
        if (own)
            rc = attempt > 1 ? index_db_begin_batch(ix->db, err) : index_db_begin(ix->db, err);
        else
            rc = 0;
        if (rc == 0)
            rc = classify_locked(ix, pf, rec, out, err);
        if (own) {
            if (rc == 0)
                rc = index_db_commit(ix->db, err);
            if (rc < 0)
                index_db_rollback(ix->db);
        }
        if (rc == 0 || ix->batch || attempt == MAX_TRIES || !index_db_retryable(ix->db))
            break;
        index_verdict_free(out);
    }
    pthread_mutex_unlock(&ix->lock);
    if (rc < 0)
        index_verdict_free(out);
    return rc;
}

/* The storage's name of a state as the enum; see index_record for the unknown. */
static patch_state state_of(const char *text)
{
    for (patch_state s = PATCH_STATE_NEW; s <= PATCH_STATE_DUPLICATE; s++)
        if (streq(patch_state_name(s), text))
            return s;
    return PATCH_STATE_NEW;
}

/* Moves row into a record; row is freed. */
static void record_from_row(index_row *row, index_record *r)
{
    *r = (index_record){
        .msgid = row->msgid,
        .kind = kind_of(row->kind),
        .state = state_of(row->state),
        .series_id = row->series_id,
        .posting = row->grp,
        .version = row->version,
        .part = row->part,
        .total = row->total,
        .title = row->title,
        .author = row->author,
        .from = row->from_hdr,
        .sender = row->sender,
        .date = row->date,
        .list_id = row->list_id,
        .patch_id = row->patch_id,
        .change_id = row->change_id,
        .in_reply_to = row->in_reply_to,
        .prior_links = row->prior_links,
        .prior_msgid = row->prior_msgid,
        .prior_version = row->prior_version,
        .changed = row->changed,
    };
    row->msgid = row->series_id = row->grp = row->title = row->author = row->from_hdr = NULL;
    row->sender = NULL;
    row->list_id = row->patch_id = row->change_id = row->in_reply_to = NULL;
    row->prior_links = row->prior_msgid = NULL;
    index_row_free(row);
}

char *index_bare_msgid(const char *msgid)
{
    size_t len = strlen(msgid);
    return len >= 2 && msgid[0] == '<' && msgid[len - 1] == '>' ? xstrndup(msgid + 1, len - 2)
                                                                : xstrdup(msgid);
}

/* Moves the rows to the end of out; rows is emptied. */
void records_from_rows(index_rows *rows, index_records *out)
{
    for (size_t i = 0; i < rows->n; i++) {
        out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
        record_from_row(&rows->v[i], &out->v[out->n++]);
    }
    index_rows_free(rows);
}

void index_record_free(index_record *r)
{
    char *strings[] = {r->msgid,     r->series_id,   r->posting,     r->title,
                       r->author,    r->from,        r->sender,      r->list_id,
                       r->patch_id,  r->change_id,   r->in_reply_to, r->prior_links,
                       r->prior_msgid};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    memset(r, 0, sizeof *r);
}

void index_records_free(index_records *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        index_record_free(&rs->v[i]);
    free(rs->v);
    memset(rs, 0, sizeof *rs);
}

int pm_index_lookup(pm_index *ix, const char *key, index_records *out, strbuf *err)
{
    char *bare = index_bare_msgid(key);
    index_rows rows = {0};
    pthread_mutex_lock(&ix->lock);
    static const index_query order[] = {IQ_BY_MSGID, IQ_BY_PATCH_ID, IQ_BY_SERIES};
    int rc = 0;
    for (size_t i = 0; i < 3 && rc == 0 && !rows.n; i++) {
        index_param p = IP_TEXT(bare);
        rc = index_db_query(ix->db, order[i], &p, 1, &rows, err);
    }
    pthread_mutex_unlock(&ix->lock);
    int n = rc < 0 ? -1 : (int)rows.n;
    if (rc == 0)
        records_from_rows(&rows, out);
    index_rows_free(&rows);
    free(bare);
    return n;
}

int pm_index_recorded(pm_index *ix, const char *msgid, index_record *out, strbuf *err)
{
    index_rows rows = {0};
    index_param p = IP_TEXT(msgid);
    pthread_mutex_lock(&ix->lock);
    int rc = index_db_query(ix->db, IQ_BY_MSGID, &p, 1, &rows, err);
    pthread_mutex_unlock(&ix->lock);
    if (rc == 0 && rows.n) {
        record_from_row(&rows.v[0], out);
        rc = 1;
    }
    index_rows_free(&rows);
    return rc;
}

int pm_index_titled(pm_index *ix, const char *title, long long since, long long until,
                    index_record *out, strbuf *err)
{
    char *want = normalize_title(title);
    index_rows rows = {0};
    index_param p = IP_TEXT(want);
    pthread_mutex_lock(&ix->lock);
    int rc = *want ? index_db_query(ix->db, IQ_BY_TITLE, &p, 1, &rows, err) : 0;
    pthread_mutex_unlock(&ix->lock);
    long best = -1;
    for (size_t i = 0; rc == 0 && i < rows.n; i++) /* in recording order */
        if (kind_of(rows.v[i].kind) == PATCH_KIND_PATCH && rows.v[i].date >= since &&
            rows.v[i].date <= until)
            best = (long)i;
    if (best >= 0) {
        record_from_row(&rows.v[best], out);
        rc = 1;
    }
    index_rows_free(&rows);
    free(want);
    return rc;
}

long long pm_index_recorded_between(pm_index *ix, long long since, long long until,
                                    index_records *out, strbuf *err)
{
    index_param p[2] = {IP_NUM(since), IP_NUM(until)};
    index_rows rows = {0};
    pthread_mutex_lock(&ix->lock);
    int rc = index_db_query(ix->db, IQ_BY_DATE, p, 2, &rows, err);
    pthread_mutex_unlock(&ix->lock);
    long long n = rc < 0 ? -1 : (long long)rows.n;
    if (rc == 0)
        records_from_rows(&rows, out);
    index_rows_free(&rows);
    return n;
}

/* ---- events ---- */

/* (pm_index_impl.h) */
int index_texts_locked(pm_index *ix, index_text_statement statement, const char *const *values,
                       size_t n, string_list *out, strbuf *err)
{
    pthread_mutex_lock(&ix->lock);
    bool own = !out && !ix->batch;
    int rc = own ? index_db_begin(ix->db, err) : 0;
    if (rc == 0)
        rc = index_db_texts(ix->db, statement, values, n, out, err);
    if (own && rc == 0)
        rc = index_db_commit(ix->db, err);
    if (own && rc < 0)
        index_db_rollback(ix->db);
    pthread_mutex_unlock(&ix->lock);
    return rc;
}

int pm_index_add_event(pm_index *ix, const char *msgid, const char *kind, const char *detail,
                       const char *evidence, long long date, strbuf *err)
{
    const char *v[] = {msgid, kind, detail, evidence};
    for (size_t i = 0; i < 4; i++)
        if (!v[i] || !*v[i] || strlen(v[i]) > INDEX_EVENT_MAX)
            return sb_fail(err, "index: an event value is empty or longer than %d bytes",
                           INDEX_EVENT_MAX);
    char when[24];
    snprintf(when, sizeof when, "%lld", date > 0 && date < MAX_DATE ? date : 0);
    const char *values[] = {msgid, kind, detail, evidence, when};
    return index_texts_locked(ix, IT_ADD_EVENT, values, 5, NULL, err);
}

int pm_index_events(pm_index *ix, const char *msgid, index_events *out, strbuf *err)
{
    string_list cells = {0};
    const char *values[] = {msgid};
    int rc = index_texts_locked(ix, IT_EVENTS_OF, values, 1, &cells, err);
    for (size_t i = 0; rc == 0 && i + 3 < cells.n; i += 4) {
        out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
        index_event *e = &out->v[out->n++];
        e->kind = xstrdup(cells.v[i]);
        e->detail = xstrdup(cells.v[i + 1]);
        e->evidence = xstrdup(cells.v[i + 2]);
        e->date = strtoll(cells.v[i + 3], NULL, 10);
    }
    string_list_free(&cells);
    return rc;
}

/* The newest row of rows naming it as prior with a version above `version` and from
   `sender`, or NULL: another sender's message may take a prior for its own verdict (a
   series taken over), never tell the readers of the first that it is superseded. */
static const index_row *newer_version(const index_rows *rows, int version, const char *sender)
{
    const index_row *best = NULL;
    for (size_t i = 0; i < rows->n; i++)
        if (rows->v[i].version > version && sender && streq(rows->v[i].sender, sender) &&
            (!best || rows->v[i].id > best->id))
            best = &rows->v[i];
    return best;
}

/* The latest version that supersedes msgid, of a version above `version` from
   `sender`, into *found (emptied first): 1, 0 (none), -1. Under the lock. */
static int successor_chain(index_db *db, const char *msgid, int version, const char *sender,
                           index_rows *found, strbuf *err)
{
    char *at = xstrdup(msgid);
    int rc = 0;
    bool any = false;
    for (int hop = 0; rc == 0 && at && hop < PM_SUCCESSOR_HOPS; hop++) {
        index_rows next = {0};
        index_param p = IP_TEXT(at);
        rc = index_db_query(db, IQ_BY_PRIOR, &p, 1, &next, err);
        const index_row *r = rc == 0 ? newer_version(&next, version, sender) : NULL;
        free(at);
        at = NULL;
        if (r) {
            index_rows_free(found);
            found->v = xgrow(found->v, sizeof *found->v, 1, &found->cap);
            found->v[0] = *r;
            found->n = 1;
            memset((index_row *)r, 0, sizeof *r); /* moved into found */
            version = found->v[0].version;
            at = xstrdup(found->v[0].msgid);
            any = true;
        }
        index_rows_free(&next);
    }
    free(at);
    return rc < 0 ? -1 : any;
}

int pm_index_successor(pm_index *ix, const char *msgid, index_record *out, strbuf *err)
{
    index_rows self = {0}, cover = {0}, found = {0};
    index_param p = IP_TEXT(msgid);
    pthread_mutex_lock(&ix->lock);
    int rc = index_db_query(ix->db, IQ_BY_MSGID, &p, 1, &self, err);
    const index_row *s = rc == 0 && self.n ? &self.v[0] : NULL;
    int any = s ? successor_chain(ix->db, msgid, s->version, s->sender, &found, err) : rc;
    /* the latest counterpart (or self) a later version dropped: what supersedes its
       posting's cover */
    const index_row *last = any == 1 ? &found.v[0] : s;
    if (any >= 0 && last && kind_of(last->kind) == PATCH_KIND_PATCH && last->thread_root &&
        !streq(last->thread_root, last->msgid)) {
        p = IP_TEXT(last->thread_root);
        int rc2 = index_db_query(ix->db, IQ_BY_MSGID, &p, 1, &cover, err);
        const index_row *c = rc2 == 0 && cover.n ? &cover.v[0] : NULL;
        if (c && kind_of(c->kind) == PATCH_KIND_COVER && c->version == last->version &&
            streq(c->sender, last->sender))
            rc2 = successor_chain(ix->db, c->msgid, c->version, c->sender, &found, err);
        any = rc2 < 0 ? -1 : any || rc2 == 1;
    }
    pthread_mutex_unlock(&ix->lock);
    if (any == 1)
        record_from_row(&found.v[0], out);
    index_rows_free(&found);
    index_rows_free(&cover);
    index_rows_free(&self);
    return any;
}

int pm_index_posting(pm_index *ix, const char *posting, index_records *out, strbuf *err)
{
    index_rows rows = {0};
    index_param p = IP_TEXT(posting);
    pthread_mutex_lock(&ix->lock);
    int rc = index_db_query(ix->db, IQ_BY_GROUP, &p, 1, &rows, err);
    pthread_mutex_unlock(&ix->lock);
    int n = rc < 0 ? -1 : (int)rows.n;
    if (rc == 0)
        records_from_rows(&rows, out);
    index_rows_free(&rows);
    return n;
}

void index_events_free(index_events *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].kind);
        free(e->v[i].detail);
        free(e->v[i].evidence);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}

int pm_index_scan_tip(pm_index *ix, const char *source, char **tip, strbuf *err)
{
    string_list cells = {0};
    const char *values[] = {source};
    int rc = index_texts_locked(ix, IT_SCAN_TIP, values, 1, &cells, err);
    *tip = rc == 0 && cells.n && *cells.v[0] ? xstrdup(cells.v[0]) : NULL;
    string_list_free(&cells);
    return rc;
}

int pm_index_set_scan_tip(pm_index *ix, const char *source, const char *tip, strbuf *err)
{
    const char *values[] = {source, tip};
    return index_texts_locked(ix, IT_SET_SCAN_TIP, values, 2, NULL, err);
}
