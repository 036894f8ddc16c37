/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_db: the storage of the patch index: one database connection, the schema and
 * its migrations, and the few reads and writes the linking rules of pm_index.c need.
 * pm_index.c holds no SQL and the storage no linking rule. Two backends implement it
 * over the same statements (index_sql.h): index_db_sqlite.c (a file) and
 * index_db_pg.c (a PostgreSQL server); index_db.c picks one by the location and
 * hands every call to it.
 *
 * SYNOPSIS
 *   index_db *db;
 *   index_db_open(location, &db, &err);
 *   index_db_begin(db, &err); ... index_db_query(db, IQ_BY_MSGID, p, 1, &rows, &err);
 *   index_db_insert(db, &row, &err); ... index_db_commit(db, &err);
 *   index_rows_free(&rows); index_db_close(db);
 *
 * DESCRIPTION
 *   location is a postgresql:// or postgres:// URI (PostgreSQL), else a file path
 *   (SQLite). An index_db is not thread safe: the caller serializes calls (pm_index
 *   holds a mutex). Writers wait for each other (busy timeout), so an import can run
 *   beside the milter. Queries append to `out`; functions return 0, or -1 with err set.
 *   After a failure, index_db_retryable() says whether running the whole transaction
 *   again may succeed (only a server backend, whose writers race, says yes).
 *
 * IMPLEMENTING A BACKEND
 *   A backend is a const index_backend: its location schemes and one function for
 *   each index_db_* call (every entry is set; a call the backend has no use for does
 *   nothing and succeeds). Its connection is a struct of its own whose first member
 *   is an index_db; open allocates it and hands back that member, the other functions
 *   get it back. index_db.c sets db->backend after open.
 */
#ifndef PM_INDEX_DB_H
#define PM_INDEX_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "string_list.h"

/* One recorded message (see the messages table in index_sql.h). */
typedef struct index_row {
    long long id;
    char *msgid;
    long long date;
    char *from_hdr;
    char *author;
    char *list_id;
    char *kind;        /* "patch", "cover", "pull" */
    int version;
    int part;
    int total;
    bool resend;
    char *title;       /* normalized */
    char *series_id;
    char *grp;         /* the messages of one posting of one version share it */
    char *patch_id;
    char *in_reply_to;
    char *thread_root; /* first of References, else In-Reply-To */
    char *refs;        /* References, space separated */
    char *change_id;
    char *prior_links; /* Message-IDs of earlier versions named in the text, space separated */
    char *state;       /* verdict given when recorded */
    char *prior_msgid;
    int prior_version;
    int changed;
    char *sender;      /* identity for linking: a DKIM-verified domain, else the
                          header From address; NULL in rows of schema 1 */
    char *tags;        /* the subject's other tokens ("5.4", "RFC"); NULL when none,
                          and in rows of schema 2 and before */
    char *files;       /* the files a patch touches (files_key.h); NULL when unknown, and
                          in rows of schema 7 and before */
} index_row;

typedef struct index_rows {
    index_row *v;
    size_t n;
    size_t cap;
} index_rows;

typedef enum index_query {
    IQ_BY_MSGID,        /* (msgid) */
    IQ_BY_PATCH_ID,     /* (patch_id) */
    IQ_BY_CHANGE_ID,    /* (change_id) */
    IQ_BY_TITLE,        /* (title) */
    IQ_BY_SERIES,       /* (series_id) */
    IQ_CHILDREN,        /* (msgid): replies to it and messages of threads rooted at it */
    IQ_NEAR,            /* (from_hdr, version, total, date_min, date_max) */
    IQ_LINKING,         /* (msgid): messages naming it as an earlier version */
    IQ_BY_DATE,         /* (date_min, date_max): dated in [min, max), in recording order */
    IQ_SERIES_MEMBERS,  /* (series_id): its newest messages */
    IQ_BY_GROUP,        /* (grp): the newest messages of a posting */
    IQ_MOVED_BY,        /* (msgid): messages its series merges moved, still where moved */
    IQ_BY_PRIOR,        /* (msgid): the newest messages naming it as their prior */
    IQ_SERIES_VIEW,     /* (series_id): its INDEX_SERIES_ROWS newest messages and one more */
    IQ__N
} index_query;

/* How many messages of a series IQ_SERIES_VIEW hands back (`patchmilter series`), and
   events of a series IT_SERIES_EVENTS does. */
#define INDEX_SERIES_ROWS 2000
#define INDEX_SERIES_EVENTS 8192
/* How many replies IT_REPLIES_BETWEEN hands back (a digest's range), and sections
   IT_SECTIONS_OF does. */
#define INDEX_REPLIES_MAX 200000
#define INDEX_SECTIONS_MAX 64

/* The statements of index_db_texts(): text parameters, text columns. */
typedef enum index_text_statement {
    IT_ADD_EVENT,    /* (msgid, kind, detail, evidence, date) */
    IT_EVENTS_OF,    /* (msgid) -> kind, detail, evidence, date per row */
    IT_SCAN_TIP,     /* (source) -> tip */
    IT_SET_SCAN_TIP, /* (source, tip) */
    IT_SERIES_EVENTS, /* (series_id) -> msgid, kind, detail, evidence, date per row */
    IT_ADD_REPLY,     /* (the INDEX_SQL_REPLY_COLUMNS of index_sql.h) */
    IT_REPLY_OF,      /* (msgid) -> the reply's columns */
    IT_REPLIES_TO,    /* (target) -> the columns of its newest replies, per row */
    IT_REPLIES_BETWEEN, /* (date_min, date_max) -> the columns of each reply, per row */
    IT_ADD_SECTION,   /* (msgid, section) */
    IT_SECTIONS_OF,   /* (msgid) -> section per row */
    IT_SET_CORRECTION, /* (newer, older): a link by hand, older "" for an unlink */
    IT_CORRECTIONS_OF, /* (msgid, msgid) -> newer, older per row: those naming either */
    IT_MOVE_POSTING,   /* (grp, series_id): the messages of a posting into a series */
    IT_TAKE_VERSION,   /* (id, version, grp, series_id, state, prior_msgid, prior_version,
                          changed): a patch recorded before its cover, as if after it */
    IT__N
} index_text_statement;

typedef struct index_param {
    const char *text; /* NULL: use num */
    long long num;
} index_param;

#define IP_TEXT(s) ((index_param){.text = (s)})
#define IP_NUM(n) ((index_param){.text = NULL, .num = (n)})

/* Told when a database server becomes unreachable (down, why) and when it is back. */
typedef void index_status_fn(void *arg, bool down, const char *why);

/* One lookup by a single text key (index_db_prefetch). */
typedef struct index_lookup {
    index_query q;
    const char *key;
} index_lookup;

typedef struct index_backend index_backend;

/* The start of every backend's connection. */
typedef struct index_db {
    const index_backend *backend;
} index_db;

struct index_backend {
    /* The prefixes of the locations it serves, NULL-terminated; NULL: file paths
       (every location no other backend claims). */
    const char *const *schemes;
    /* readonly: an index that exists is used as it is, never created nor migrated,
       and nothing is written (SQLite opens the file read-only; PostgreSQL makes every
       transaction of the session read-only); a schema that is not the latest is an
       error (index_db_check_schema). */
    int (*open)(const char *location, bool readonly, index_db **out, strbuf *err);
    bool (*location_has_password)(const char *location);
    void (*close)(index_db *db);
    void (*set_status_callback)(index_db *db, index_status_fn *fn, void *arg);
    bool (*retryable)(const index_db *db);
    int (*begin)(index_db *db, bool batch, strbuf *err);
    int (*commit)(index_db *db, strbuf *err);
    void (*rollback)(index_db *db);
    int (*prefetch)(index_db *db, const index_lookup *lookups, size_t n, strbuf *err);
    int (*query)(index_db *db, index_query q, const index_param *params, size_t nparams,
                 index_rows *out, strbuf *err);
    int (*insert)(index_db *db, const index_row *row, strbuf *err);
    int (*insert_link)(index_db *db, const char *from_msgid, const char *to_msgid, strbuf *err);
    int (*series_neighbours)(index_db *db, const char *series_id, const index_row *self,
                             int *below, int *above, index_rows *out, strbuf *err);
    int (*merge_series)(index_db *db, const char *keep, const char *drop, const char *by_msgid,
                        strbuf *err);
    int (*undo_merges)(index_db *db, const char *by_msgid, strbuf *err);
    int (*merge_group)(index_db *db, const char *keep, const char *drop, strbuf *err);
    int (*set_prior)(index_db *db, long long id, const char *prior_msgid, int prior_version,
                     int changed, strbuf *err);
    long long (*count)(index_db *db, strbuf *err);
    int (*texts)(index_db *db, index_text_statement statement, const char *const *values,
                 size_t n, string_list *out, strbuf *err);
};

extern const index_backend index_sqlite_backend;
extern const index_backend index_pg_backend;

/* For a backend opening an index read-only: 0 when `version` (-1: none found) is the
   `latest` schema, else -1 with err telling the reader what to do. */
int index_db_check_schema(int version, int latest, strbuf *err);

/* The calls, each handed to the backend of db (of location, for the first two). */
int index_db_open(const char *location, bool readonly, index_db **out, strbuf *err);
/* True for a server location that carries a password. */
bool index_db_location_has_password(const char *location);
void index_db_close(index_db *db);
/* Only a server backend calls fn; when it is down already, fn hears so at once. */
void index_db_set_status_callback(index_db *db, index_status_fn *fn, void *arg);
bool index_db_retryable(const index_db *db);
/* A write transaction; nested calls are not allowed. */
int index_db_begin(index_db *db, strbuf *err);
/* A write transaction for many messages (import): other writers wait for it. */
int index_db_begin_batch(index_db *db, strbuf *err);
int index_db_commit(index_db *db, strbuf *err);
void index_db_rollback(index_db *db);
/* A hint: the caller is about to make these lookups (index_db_query with q and the one
   parameter key) in the open transaction. A server backend sends them at once and
   answers those calls from what came back, until the transaction writes; SQLite, and
   any backend outside a transaction, ignores it. */
int index_db_prefetch(index_db *db, const index_lookup *lookups, size_t n, strbuf *err);
int index_db_query(index_db *db, index_query q, const index_param *params, size_t nparams,
                   index_rows *out, strbuf *err);
/* Inserts row (its id is ignored); a row with the same msgid is left as it is, except
   that a server backend fails, retryable, when another connection recorded it meanwhile. */
int index_db_insert(index_db *db, const index_row *row, strbuf *err);
int index_db_insert_link(index_db *db, const char *from_msgid, const char *to_msgid, strbuf *err);
/* The nearest versions of series below and above self's version (0 when there is
   none), and the messages of those versions and of self's that may be self's
   counterparts (INDEX_SQL_SERIES_NEIGHBOURS), appended to out by version, then in the
   order they were recorded. */
int index_db_series_neighbours(index_db *db, const char *series_id, const index_row *self,
                               int *below, int *above, index_rows *out, strbuf *err);
/* Moves the messages of series drop to keep, noting that by_msgid caused it. */
int index_db_merge_series(index_db *db, const char *keep, const char *drop, const char *by_msgid,
                          strbuf *err);
/* Undoes the merges by_msgid caused (IQ_MOVED_BY lists the messages it moves back). */
int index_db_undo_merges(index_db *db, const char *by_msgid, strbuf *err);
int index_db_merge_group(index_db *db, const char *keep, const char *drop, strbuf *err);
int index_db_set_prior(index_db *db, long long id, const char *prior_msgid, int prior_version,
                       int changed, strbuf *err);
long long index_db_count(index_db *db, strbuf *err); /* -1 on error */
/* Runs statement with text parameters (NULL: SQL NULL); each column of each row it
   returns is appended to out as text (NULL as ""), row after row; out is NULL for a
   statement returning none. */
int index_db_texts(index_db *db, index_text_statement statement, const char *const *values,
                   size_t n, string_list *out, strbuf *err);

void index_row_free(index_row *r);
void index_rows_free(index_rows *rows);

#endif
