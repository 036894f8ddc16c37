/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_db_sqlite: the SQLite backend of the patch index (index_sqlite_backend, see
 * index_db.h): a database file. Statements are prepared once per connection and
 * reused; the database is in WAL mode so readers never block, and writers wait up to
 * a busy timeout for each other.
 */
#include "index_db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "index_sql.h"
#include "xalloc.h"

/* The statements of index_sql.h, then the transaction control of this backend, then the
   probes that spare a lookup's temporary b-tree when it finds nothing (probe_of). */
enum { ST_BEGIN = IS__N, ST_COMMIT, ST_ROLLBACK, ST_ANY_LINKING, ST_ANY_CORRECTION, ST__N };

static const char *statement_sql(int i)
{
    switch (i) {
    /* IMMEDIATE: take the write lock at once, so two writers never deadlock upgrading */
    case ST_BEGIN: return "BEGIN IMMEDIATE";
    case ST_COMMIT: return "COMMIT";
    case ST_ROLLBACK: return "ROLLBACK";
    case ST_ANY_LINKING: return INDEX_SQL_ANY_LINKING;
    case ST_ANY_CORRECTION: return INDEX_SQL_ANY_CORRECTION;
    default: return INDEX_SQL_STATEMENTS[i];
    }
}

typedef struct sqlite_db {
    index_db base; /* first: the index_db of this connection */
    sqlite3 *conn;
    sqlite3_stmt *st[ST__N];
} sqlite_db;

static sqlite_db *sqlite_of(index_db *db)
{
    return (sqlite_db *)db;
}

#define BUSY_TIMEOUT_MS 30000

/*
 * SQLite's page cache, 32 MB (a negative cache_size is in KiB). A transaction of an import
 * (INDEX_BATCH patch mails) dirties a leaf of each index for every message; the keys
 * of several indexes (patch-id, series id, author and title) are spread over the
 * whole index, so once the index is larger than the cache those leaves are all
 * distinct and SQLite's default of 2 MB spills them to the WAL in mid-transaction and
 * reads them back: on an index of 755,000 messages, 17 pread and 10 pwrite calls per
 * recorded message. 32 MB holds a batch's pages whatever the index's size (4.6 pread
 * and 7 pwrite calls); the cache fills only as far as pages are read, so a small
 * index costs no more memory than before.
 */
#define CACHE_SIZE_PRAGMA "PRAGMA cache_size=-32768"

static int fail(sqlite_db *db, strbuf *err, const char *what)
{
    sb_fail(err, "index: %s: %s", what, db->conn ? sqlite3_errmsg(db->conn) : "no database");
    return -1; /* literal: lets the compiler see that callers set their outputs otherwise */
}

static int exec(sqlite_db *db, const char *sql, strbuf *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sb_fail(err, "index: %s", msg ? msg : sqlite3_errmsg(db->conn));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/*
 * Puts the database in WAL mode. The switch takes an exclusive lock without calling
 * the busy handler, so connections opening a new index at once can be told "locked",
 * or lose the race for its rollback journal (IOERR_DELETE_NOENT): both are retried,
 * as long as the busy timeout.
 */
static int use_wal(sqlite_db *db, strbuf *err)
{
    const struct timespec pause = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
    for (int waited_ms = 0;; waited_ms += 10) {
        int rc = sqlite3_exec(db->conn, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        int ext = sqlite3_extended_errcode(db->conn);
        bool transient = rc == SQLITE_BUSY || rc == SQLITE_LOCKED || ext == SQLITE_IOERR_DELETE_NOENT;
        if (rc == SQLITE_OK || !transient || waited_ms >= BUSY_TIMEOUT_MS)
            return rc == SQLITE_OK ? 0 : fail(db, err, "switching to WAL mode");
        nanosleep(&pause, NULL);
    }
}

static int schema_version(sqlite_db *db, int *version, strbuf *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->conn, INDEX_SQL_SCHEMA_GET, -1, &st, NULL) != SQLITE_OK)
        return fail(db, err, "reading the schema version");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return fail(db, err, "reading the schema version");
    *version = 0;
    return exec(db, INDEX_SQL_SCHEMA_INIT, err);
}

static int migrate(sqlite_db *db, strbuf *err)
{
    const int latest = INDEX_SQL_LATEST;
    int version;
    if (exec(db, "BEGIN IMMEDIATE", err) < 0)
        return -1;
    if (exec(db, INDEX_SQL_SCHEMA_TABLE, err) < 0 || schema_version(db, &version, err) < 0)
        goto rollback;
    if (version > latest) {
        sb_fail(err, "index: schema version %d is newer than this program (%d)", version, latest);
        goto rollback;
    }
    for (; version < latest; version++) {
        if (exec(db, INDEX_SQL_MIGRATIONS[version], err) < 0)
            goto rollback;
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db->conn, INDEX_SQL_SCHEMA_SET, -1, &st, NULL) != SQLITE_OK) {
            fail(db, err, "recording the schema version");
            goto rollback;
        }
        sqlite3_bind_int(st, 1, version + 1);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            fail(db, err, "recording the schema version");
            goto rollback;
        }
    }
    return exec(db, "COMMIT", err);
rollback:
    sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static void sqlite_close(index_db *base)
{
    sqlite_db *db = sqlite_of(base);
    for (int i = 0; i < ST__N; i++)
        sqlite3_finalize(db->st[i]);
    sqlite3_close(db->conn);
    free(db);
}

/* A read-only index is used as it is: its schema must be the latest. */
static int check_schema(sqlite_db *db, strbuf *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->conn, INDEX_SQL_SCHEMA_GET, -1, &st, NULL) != SQLITE_OK)
        return fail(db, err, "reading the schema version (is it an index?)");
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return index_db_check_schema(version, INDEX_SQL_LATEST, err);
}

/*
 * The URI that opens an SQLite index read-only. A reader of a WAL database needs its
 * -shm file, which it cannot create in a directory it cannot write: then, when there
 * is no -wal either (every write is in the file), the file is opened as immutable.
 */
static char *readonly_uri(const char *path)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s-wal", path);
    bool no_wal = access(sb.data, F_OK) < 0;
    sb_reset(&sb);
    const char *slash = strrchr(path, '/');
    if (slash)
        sb_add(&sb, path, (size_t)(slash - path) + 1);
    else
        sb_adds(&sb, ".");
    bool immutable = no_wal && access(sb.data, W_OK) < 0;
    sb_reset(&sb);
    sb_adds(&sb, "file:");
    for (const char *p = path; *p; p++)
        if (*p == '%' || *p == '?' || *p == '#')
            sb_addf(&sb, "%%%02X", (unsigned char)*p);
        else
            sb_addc(&sb, *p);
    sb_adds(&sb, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
    return sb_detach(&sb);
}

/*
 * SQLite's configuration, set once before its first use: no memory statistics, which
 * nothing here reads and which take a global mutex for every allocation and free
 * SQLite makes (several per row read).
 */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sqlite_open(const char *location, bool readonly, index_db **out, strbuf *err)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, configure_sqlite);
    sqlite_db *db = xcalloc(1, sizeof *db);
    *out = NULL;
    char *uri = readonly ? readonly_uri(location) : NULL;
    int flags = readonly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int opened = sqlite3_open_v2(uri ? uri : location, &db->conn, flags | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (opened != SQLITE_OK) {
        sb_fail(err, "index: cannot open %s: %s", location,
                db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
        sqlite_close(&db->base);
        return -1;
    }
    sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);
    if (exec(db, CACHE_SIZE_PRAGMA, err) < 0)
        goto failed;
    if (readonly ? check_schema(db, err) < 0
                 : use_wal(db, err) < 0 || exec(db, "PRAGMA synchronous=NORMAL", err) < 0 ||
                       migrate(db, err) < 0)
        goto failed;
    for (int i = 0; i < ST__N; i++)
        if (sqlite3_prepare_v3(db->conn, statement_sql(i), -1, SQLITE_PREPARE_PERSISTENT,
                               &db->st[i], NULL) != SQLITE_OK) {
            fail(db, err, "preparing a statement");
            goto failed;
        }
    *out = &db->base;
    return 0;
failed:
    sqlite_close(&db->base);
    return -1;
}

/* A file carries no password. */
static bool sqlite_location_has_password(const char *location)
{
    (void)location;
    return false;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Runs a statement that returns no rows; params are already bound. */
static int run(sqlite_db *db, int which, const char *what, strbuf *err)
{
    sqlite3_stmt *st = db->st[which];
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return fail(db, err, what);
    return 0;
}

/* A file has no server to lose. */
static void sqlite_set_status_callback(index_db *db, index_status_fn *fn, void *arg)
{
    (void)db;
    (void)fn;
    (void)arg;
}

/* Writers wait for each other: no transaction loses a race. */
static bool sqlite_retryable(const index_db *db)
{
    (void)db;
    return false;
}

/* A batch is an ordinary transaction: it holds the write lock anyway. */
static int sqlite_begin(index_db *base, bool batch, strbuf *err)
{
    (void)batch;
    return run(sqlite_of(base), ST_BEGIN, "starting a transaction", err);
}

static int sqlite_commit(index_db *base, strbuf *err)
{
    return run(sqlite_of(base), ST_COMMIT, "committing", err);
}

static void sqlite_rollback(index_db *base)
{
    sqlite_db *db = sqlite_of(base);
    if (sqlite3_get_autocommit(db->conn))
        return;
    sqlite3_step(db->st[ST_ROLLBACK]);
    sqlite3_reset(db->st[ST_ROLLBACK]);
}

static char *column_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? xstrdup((const char *)s) : NULL;
}

static void read_row(sqlite3_stmt *st, index_row *r)
{
    for (size_t c = 0; c < INDEX_SQL_NCOLUMNS; c++) {
        const index_column *col = &INDEX_SQL_COLUMN_TABLE[c];
        if (col->type == IC_TEXT)
            index_row_set_text(r, col, column_text(st, (int)c));
        else
            index_row_set_num(r, col, sqlite3_column_int64(st, (int)c));
    }
}

/* The probe run before statement i, or -1 (see INDEX_SQL_ANY_LINKING). */
static int probe_of(int i)
{
    switch (i) {
    case IQ_LINKING: return ST_ANY_LINKING;
    case IS_TEXTS + IT_CORRECTIONS_OF: return ST_ANY_CORRECTION;
    default: return -1;
    }
}

static void bind_params(sqlite3_stmt *st, const index_param *params, size_t nparams)
{
    for (size_t i = 0; i < nparams; i++) {
        if (params[i].text)
            bind_text(st, (int)i + 1, params[i].text);
        else
            sqlite3_bind_int64(st, (int)i + 1, params[i].num);
    }
}

static void bind_texts(sqlite3_stmt *st, const char *const *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bind_text(st, (int)i + 1, values[i]);
}

/* False when the probe of statement which, its parameters bound by bind (params or
   values), finds no row: the statement would find none either. True when it finds one,
   fails (the statement then runs and reports the error), or which has no probe. */
static bool may_match(sqlite_db *db, int which, const index_param *params, size_t nparams,
                      const char *const *values, size_t nvalues)
{
    int probe = probe_of(which);
    if (probe < 0)
        return true;
    sqlite3_stmt *st = db->st[probe];
    bind_params(st, params, nparams);
    bind_texts(st, values, nvalues);
    bool none = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return !none;
}

/* A local file answers each lookup as fast as a read ahead would. */
static int sqlite_prefetch(index_db *db, const index_lookup *lookups, size_t n, strbuf *err)
{
    (void)db;
    (void)lookups;
    (void)n;
    (void)err;
    return 0;
}

static int sqlite_query(index_db *base, index_query q, const index_param *params, size_t nparams,
                        index_rows *out, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    sqlite3_stmt *st = db->st[q];
    if (!may_match(db, (int)q, params, nparams, NULL, 0))
        return 0;
    bind_params(st, params, nparams);
    size_t from = out->n;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
        read_row(st, &out->v[out->n++]);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return fail(db, err, "querying");
    index_sql_recording_order(q, out, from);
    return 0;
}

static int sqlite_insert(index_db *base, const index_row *r, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    sqlite3_stmt *st = db->st[IS_INSERT];
    for (size_t c = 1; c < INDEX_SQL_NCOLUMNS; c++) { /* all but id, as parameter c */
        const index_column *col = &INDEX_SQL_COLUMN_TABLE[c];
        if (col->type == IC_TEXT)
            bind_text(st, (int)c, index_row_text(r, col));
        else
            sqlite3_bind_int64(st, (int)c, index_row_num(r, col));
    }
    return run(db, IS_INSERT, "recording a message", err);
}

static int sqlite_insert_link(index_db *base, const char *from_msgid, const char *to_msgid,
                              strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    bind_text(db->st[IS_INSERT_LINK], 1, from_msgid);
    bind_text(db->st[IS_INSERT_LINK], 2, to_msgid);
    return run(db, IS_INSERT_LINK, "recording a link", err);
}

static int sqlite_series_neighbours(index_db *base, const char *series_id, const index_row *self,
                                    int *below, int *above, index_rows *out, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    sqlite3_stmt *st = db->st[IS_SERIES_NEIGHBOURS];
    bind_text(st, 1, series_id);
    sqlite3_bind_int(st, 2, self->version);
    bind_text(st, 3, self->kind);
    bind_text(st, 4, self->title);
    bind_text(st, 5, self->patch_id);
    *below = *above = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) == SQLITE_NULL) { /* the row of the versions */
            *below = sqlite3_column_int(st, INDEX_SQL_BELOW_COLUMN); /* NULL reads as 0 */
            *above = sqlite3_column_int(st, INDEX_SQL_ABOVE_COLUMN);
            continue;
        }
        out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
        read_row(st, &out->v[out->n++]);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : fail(db, err, "querying a series");
}

static int merge(sqlite_db *db, int which, const char *keep, const char *drop, strbuf *err)
{
    bind_text(db->st[which], 1, keep);
    bind_text(db->st[which], 2, drop);
    return run(db, which, "merging", err);
}

static int sqlite_merge_series(index_db *base, const char *keep, const char *drop,
                               const char *by_msgid, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    bind_text(db->st[IS_NOTE_MOVES], 3, by_msgid);
    if (merge(db, IS_NOTE_MOVES, keep, drop, err) < 0)
        return -1;
    return merge(db, IS_MERGE_SERIES, keep, drop, err);
}

static int sqlite_undo_merges(index_db *base, const char *by_msgid, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    bind_text(db->st[IS_UNDO_MOVES], 1, by_msgid);
    if (run(db, IS_UNDO_MOVES, "undoing merges", err) < 0)
        return -1;
    bind_text(db->st[IS_FORGET_MOVES], 1, by_msgid);
    return run(db, IS_FORGET_MOVES, "undoing merges", err);
}

static int sqlite_merge_group(index_db *base, const char *keep, const char *drop, strbuf *err)
{
    return merge(sqlite_of(base), IS_MERGE_GROUP, keep, drop, err);
}

static int sqlite_set_prior(index_db *base, long long id, const char *prior_msgid,
                            int prior_version, int changed, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    sqlite3_stmt *st = db->st[IS_SET_PRIOR];
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, prior_msgid);
    sqlite3_bind_int(st, 3, prior_version);
    sqlite3_bind_int(st, 4, changed);
    return run(db, IS_SET_PRIOR, "updating a message", err);
}

static long long sqlite_count(index_db *base, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    sqlite3_stmt *st = db->st[IS_COUNT];
    long long n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (n < 0)
        fail(db, err, "counting");
    return n;
}

static int sqlite_texts(index_db *base, index_text_statement statement, const char *const *values,
                        size_t n, string_list *out, strbuf *err)
{
    sqlite_db *db = sqlite_of(base);
    sqlite3_stmt *st = db->st[IS_TEXTS + statement];
    if (!may_match(db, IS_TEXTS + (int)statement, NULL, 0, values, n))
        return 0;
    bind_texts(st, values, n);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; out && c < sqlite3_column_count(st); c++) {
            const unsigned char *v = sqlite3_column_text(st, c);
            string_list_add(out, v ? (const char *)v : "");
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : fail(db, err, "reading or writing events");
}

const index_backend index_sqlite_backend = {
    .schemes = NULL, /* file paths */
    .open = sqlite_open,
    .location_has_password = sqlite_location_has_password,
    .close = sqlite_close,
    .set_status_callback = sqlite_set_status_callback,
    .retryable = sqlite_retryable,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .prefetch = sqlite_prefetch,
    .query = sqlite_query,
    .insert = sqlite_insert,
    .insert_link = sqlite_insert_link,
    .series_neighbours = sqlite_series_neighbours,
    .merge_series = sqlite_merge_series,
    .undo_merges = sqlite_undo_merges,
    .merge_group = sqlite_merge_group,
    .set_prior = sqlite_set_prior,
    .count = sqlite_count,
    .texts = sqlite_texts,
};
