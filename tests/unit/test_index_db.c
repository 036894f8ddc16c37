/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance tests of the index storage backends (index_db.h): the same cases, the
 * same expected rows, against a SQLite file and, with PM_TEST_PG_URI set
 * (tests/t_index_pg.sh), against a PostgreSQL server: the schema on open, every field
 * of a row written and read back, transactions (rollback, commit, batch, another
 * connection), each query kind, the writes that link rows, merges noted and undone,
 * the migration of a file made by schema 1, a read ahead that a write makes stale, the choice of backend by location, and that the column table of
 * index_sql.h names the columns its SQL text selects and inserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "index_db.h"
#include "index_location.h"
#include "index_sql.h"

#define T0 1700000000LL
#define ALICE "Alice <alice@example.org>"

typedef struct fixture {
    char dir[64];
    char path[512];
    index_db *db;
    strbuf err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    strcpy(f->dir, "/tmp/pm-index-db-test-XXXXXX");
    if (!mkdtemp(f->dir) || test_index_location(f->dir, f->path, sizeof f->path) < 0)
        return -1;
    if (index_db_open(f->path, false, &f->db, &f->err) < 0) {
        fprintf(stderr, "%s\n", f->err.data);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    index_db_close(f->db);
    sb_free(&f->err);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* A recorded patch of Alice's, with the fields most cases do not care about unset. */
static index_row patch(char *msgid, int version, int part, int total, char *title,
                       char *series, char *grp, char *patch_id, long long date)
{
    return (index_row){.msgid = msgid, .date = date, .from_hdr = ALICE, .author = ALICE,
                       .kind = "patch", .version = version, .part = part, .total = total,
                       .title = title, .series_id = series, .grp = grp, .patch_id = patch_id,
                       .state = "new", .changed = -1};
}

static void insert(fixture *f, const index_row *r)
{
    assert_int_equal(index_db_insert(f->db, r, &f->err), 0);
}

/* The Message-IDs of rows, space separated (sorted: for a query that gives no order). */
static char *msgids(const index_rows *rows, bool sorted)
{
    const char **v = calloc(rows->n + 1, sizeof *v);
    for (size_t i = 0; i < rows->n; i++)
        v[i] = rows->v[i].msgid;
    for (size_t i = 1; sorted && i < rows->n; i++)
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            const char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < rows->n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i]);
    free(v);
    return sb_detach(&sb);
}

/* Asserts that query q with params gives the rows `want` (Message-IDs, in order). */
static void expect(fixture *f, index_query q, const index_param *p, size_t np, bool sorted,
                   const char *want)
{
    index_rows rows = {0};
    assert_int_equal(index_db_query(f->db, q, p, np, &rows, &f->err), 0);
    char *got = msgids(&rows, sorted);
    assert_string_equal(got, want);
    free(got);
    index_rows_free(&rows);
}

static void expect1(fixture *f, index_query q, const char *key, const char *want)
{
    index_param p = IP_TEXT(key);
    expect(f, q, &p, 1, false, want);
}

/* The row of msgid; the caller frees it with index_rows_free. */
static index_rows row_of(fixture *f, const char *msgid)
{
    index_rows rows = {0};
    index_param p = IP_TEXT(msgid);
    assert_int_equal(index_db_query(f->db, IQ_BY_MSGID, &p, 1, &rows, &f->err), 0);
    assert_int_equal(rows.n, 1);
    return rows;
}

static void open_creates_the_schema(void **state)
{
    fixture *f = *state;
    assert_int_equal(index_db_count(f->db, &f->err), 0);
    assert_false(index_db_retryable(f->db));
    index_row r = patch("keep@x", 1, 0, 0, "keep", "S", "G", NULL, T0);
    insert(f, &r);
    /* opened again (the schema is there, current): the row is kept */
    index_db_close(f->db);
    f->db = NULL;
    assert_int_equal(index_db_open(f->path, false, &f->db, &f->err), 0);
    assert_int_equal(index_db_count(f->db, &f->err), 1);
}

static void every_field_read_back(void **state)
{
    fixture *f = *state;
    index_row full = {.msgid = "full@x", .date = T0 + 7, .from_hdr = "Bob <bob@x>",
                      .author = ALICE, .list_id = "linux-ext4.vger.kernel.org",
                      .kind = "cover", .version = 3, .part = 0, .total = 5, .resend = true,
                      .title = "the title", .series_id = "0123456789abcdef", .grp = "grp@x",
                      .patch_id = "p1", .in_reply_to = "parent@x", .thread_root = "root@x",
                      .refs = "root@x parent@x", .change_id = "20240101-x-1",
                      .prior_links = "v1@x v2@x", .state = "resend",
                      .prior_msgid = "prior@x", .prior_version = 2, .changed = 1};
    index_row bare = {.msgid = "bare@x", .kind = "pull", .version = 1, .title = "",
                      .series_id = "s", .grp = "g", .state = "new", .changed = -1};
    insert(f, &full);
    insert(f, &bare);
    index_rows rows = row_of(f, "full@x");
    const index_row *r = &rows.v[0];
    assert_true(r->id > 0);
    assert_string_equal(r->msgid, full.msgid);
    assert_int_equal(r->date, full.date);
    assert_string_equal(r->from_hdr, full.from_hdr);
    assert_string_equal(r->author, full.author);
    assert_string_equal(r->list_id, full.list_id);
    assert_string_equal(r->kind, full.kind);
    assert_int_equal(r->version, 3);
    assert_int_equal(r->part, 0);
    assert_int_equal(r->total, 5);
    assert_true(r->resend);
    assert_string_equal(r->title, full.title);
    assert_string_equal(r->series_id, full.series_id);
    assert_string_equal(r->grp, full.grp);
    assert_string_equal(r->patch_id, full.patch_id);
    assert_string_equal(r->in_reply_to, full.in_reply_to);
    assert_string_equal(r->thread_root, full.thread_root);
    assert_string_equal(r->refs, full.refs);
    assert_string_equal(r->change_id, full.change_id);
    assert_string_equal(r->prior_links, full.prior_links);
    assert_string_equal(r->state, full.state);
    assert_string_equal(r->prior_msgid, full.prior_msgid);
    assert_int_equal(r->prior_version, 2);
    assert_int_equal(r->changed, 1);
    index_rows_free(&rows);
    /* what was not given reads as NULL, 0, false */
    rows = row_of(f, "bare@x");
    r = &rows.v[0];
    assert_null(r->from_hdr);
    assert_null(r->author);
    assert_null(r->list_id);
    assert_null(r->patch_id);
    assert_null(r->in_reply_to);
    assert_null(r->thread_root);
    assert_null(r->refs);
    assert_null(r->change_id);
    assert_null(r->prior_links);
    assert_null(r->prior_msgid);
    assert_int_equal(r->date, 0);
    assert_false(r->resend);
    assert_int_equal(r->prior_version, 0);
    assert_int_equal(r->changed, -1);
    assert_string_equal(r->title, "");
    index_rows_free(&rows);
    expect1(f, IQ_BY_MSGID, "none@x", "");
}

/* A second row under a recorded Message-ID changes nothing; a server backend may
   refuse it, saying a new try could succeed (another host recorded it meanwhile). */
static void same_msgid_is_kept(void **state)
{
    fixture *f = *state;
    index_row first = patch("m@x", 1, 0, 0, "first", "S", "G", "p1", T0);
    index_row again = patch("m@x", 2, 0, 0, "again", "S2", "G2", "p2", T0 + 1);
    insert(f, &first);
    if (index_db_insert(f->db, &again, &f->err) < 0)
        assert_true(index_db_retryable(f->db));
    assert_int_equal(index_db_count(f->db, &f->err), 1);
    index_rows rows = row_of(f, "m@x");
    assert_string_equal(rows.v[0].title, "first");
    assert_int_equal(rows.v[0].version, 1);
    index_rows_free(&rows);
}

static void transactions(void **state)
{
    fixture *f = *state;
    index_row a = patch("a@x", 1, 0, 0, "a", "S", "G", NULL, T0);
    index_row b = patch("b@x", 1, 0, 0, "b", "S", "G", NULL, T0);
    index_row c = patch("c@x", 1, 0, 0, "c", "S", "G", NULL, T0);
    /* rolled back: gone, though the transaction saw it */
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    insert(f, &a);
    expect1(f, IQ_BY_MSGID, "a@x", "a@x");
    index_db_rollback(f->db);
    expect1(f, IQ_BY_MSGID, "a@x", "");
    assert_int_equal(index_db_count(f->db, &f->err), 0);
    /* committed: another connection sees it */
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    insert(f, &b);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    index_db *other;
    assert_int_equal(index_db_open(f->path, false, &other, &f->err), 0);
    assert_int_equal(index_db_count(other, &f->err), 1);
    /* a batch is a transaction too */
    assert_int_equal(index_db_begin_batch(f->db, &f->err), 0);
    insert(f, &c);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    assert_int_equal(index_db_count(other, &f->err), 2);
    index_db_close(other);
    assert_false(index_db_retryable(f->db));
    /* a rollback outside a transaction does nothing */
    index_db_rollback(f->db);
    assert_int_equal(index_db_count(f->db, &f->err), 2);
}

/*
 * Two postings of Alice's series S1 (v1: cover a0 and patches a1 a2; v2: b1), its v3
 * (c1), and Bob's z1 in S2 carrying a1's patch-id.
 */
static void record_two_series(fixture *f)
{
    index_row a0 = patch("a0@x", 1, 0, 2, "cover", "S1", "G1", NULL, T0);
    a0.kind = "cover";
    index_row a1 = patch("a1@x", 1, 1, 2, "t one", "S1", "G1", "P1", T0);
    a1.in_reply_to = a1.thread_root = a1.refs = "a0@x";
    a1.change_id = "C1";
    index_row a2 = patch("a2@x", 1, 2, 2, "t two", "S1", "G1", "P2", T0 + 1);
    a2.in_reply_to = a2.thread_root = a2.refs = "a0@x";
    index_row b1 = patch("b1@x", 2, 1, 2, "t one", "S1", "G2", "P1", T0 + 100);
    b1.change_id = "C1";
    b1.prior_links = "a0@x";
    index_row c1 = patch("c1@x", 3, 1, 1, "t one", "S1", "G3", "P3", T0 + 200);
    index_row z1 = patch("z1@x", 1, 1, 1, "other", "S2", "G4", "P1", T0 + 5000);
    z1.from_hdr = z1.author = "Bob <bob@x>";
    const index_row *all[] = {&a0, &a1, &a2, &b1, &c1, &z1};
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    for (size_t i = 0; i < 6; i++)
        insert(f, all[i]);
    assert_int_equal(index_db_insert_link(f->db, "b1@x", "a0@x", &f->err), 0);
    assert_int_equal(index_db_insert_link(f->db, "b1@x", "a0@x", &f->err), 0); /* again: kept once */
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    assert_int_equal(index_db_count(f->db, &f->err), 6);
}

static void each_query_kind(void **state)
{
    fixture *f = *state;
    record_two_series(f);
    expect1(f, IQ_BY_MSGID, "<a1@x>", "");
    expect1(f, IQ_BY_MSGID, "a1@x", "a1@x");
    expect1(f, IQ_BY_PATCH_ID, "P1", "a1@x b1@x z1@x");
    expect1(f, IQ_BY_CHANGE_ID, "C1", "a1@x b1@x");
    expect1(f, IQ_BY_TITLE, "t one", "a1@x b1@x c1@x");
    expect1(f, IQ_BY_SERIES, "S1", "a0@x a1@x a2@x b1@x c1@x");
    /* replies to a0 and the messages of its thread: each of a1, a2 twice, in no order */
    index_param child = IP_TEXT("a0@x");
    expect(f, IQ_CHILDREN, &child, 1, true, "a1@x a1@x a2@x a2@x");
    index_param near[] = {IP_TEXT(ALICE), IP_NUM(1), IP_NUM(2), IP_NUM(T0 - 3600),
                          IP_NUM(T0 + 3600)};
    expect(f, IQ_NEAR, near, 5, false, "a0@x a1@x a2@x");
    near[4] = IP_NUM(T0);
    expect(f, IQ_NEAR, near, 5, false, "a0@x a1@x");
    expect1(f, IQ_LINKING, "a0@x", "b1@x");
    expect1(f, IQ_LINKING, "b1@x", "");
    index_param dates[] = {IP_NUM(T0), IP_NUM(T0 + 101)};
    expect(f, IQ_BY_DATE, dates, 2, false, "a0@x a1@x a2@x b1@x");
}

static void series_neighbours(void **state)
{
    fixture *f = *state;
    record_two_series(f);
    index_row self = patch("new@x", 2, 1, 2, "t one", NULL, NULL, "P9", 0);
    index_rows rows = {0};
    int below = -1, above = -1;
    assert_int_equal(
        index_db_series_neighbours(f->db, "S1", &self, &below, &above, &rows, &f->err), 0);
    assert_int_equal(below, 1);
    assert_int_equal(above, 3);
    char *got = msgids(&rows, false);
    assert_string_equal(got, "a1@x b1@x c1@x"); /* same title, by version */
    free(got);
    index_rows_free(&rows);
    /* a patch by patch-id, from version 1: nothing below */
    self = patch("new@x", 1, 2, 2, "renamed", NULL, NULL, "P2", 0);
    assert_int_equal(
        index_db_series_neighbours(f->db, "S1", &self, &below, &above, &rows, &f->err), 0);
    assert_int_equal(below, 0);
    assert_int_equal(above, 2);
    got = msgids(&rows, false);
    assert_string_equal(got, "a2@x");
    free(got);
    index_rows_free(&rows);
    /* a cover: every cover of those versions */
    self.kind = "cover";
    self.version = 2;
    assert_int_equal(
        index_db_series_neighbours(f->db, "S1", &self, &below, &above, &rows, &f->err), 0);
    got = msgids(&rows, false);
    assert_string_equal(got, "a0@x");
    free(got);
    index_rows_free(&rows);
    /* an unknown series */
    assert_int_equal(
        index_db_series_neighbours(f->db, "S9", &self, &below, &above, &rows, &f->err), 0);
    assert_int_equal(below, 0);
    assert_int_equal(above, 0);
    assert_int_equal(rows.n, 0);
}

/* The counterparts come by version, then in recording order, whatever order they were
   recorded in; of more than INDEX_SQL_MAX_ROWS, the newest. */
static void series_neighbours_order_and_bound(void **state)
{
    fixture *f = *state;
    const char *order[] = {"v2a@x", "v1a@x", "v3a@x", "v2b@x", "v1b@x"};
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    for (size_t i = 0; i < 5; i++) {
        int version = order[i][1] - '0';
        index_row c = patch((char *)order[i], version, 0, 2, "cover", "S3", "G", NULL, T0);
        c.kind = "cover";
        insert(f, &c);
    }
    char msgid[32];
    for (int i = 0; i < atoi(INDEX_SQL_MAX_ROWS); i++) { /* a flood of covers of version 5 */
        snprintf(msgid, sizeof msgid, "flood%03d@x", i);
        index_row c = patch(msgid, 5, 0, 2, "cover", "S3", "G", NULL, T0);
        c.kind = "cover";
        insert(f, &c);
    }
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    index_row self = patch("new@x", 2, 0, 2, "cover", NULL, NULL, NULL, 0);
    self.kind = "cover";
    index_rows rows = {0};
    int below, above;
    assert_int_equal(
        index_db_series_neighbours(f->db, "S3", &self, &below, &above, &rows, &f->err), 0);
    assert_int_equal(below, 1);
    assert_int_equal(above, 3);
    char *got = msgids(&rows, false);
    assert_string_equal(got, "v1a@x v1b@x v2a@x v2b@x v3a@x");
    free(got);
    index_rows_free(&rows);
    /* version 4: the newest INDEX_SQL_MAX_ROWS of versions 3 and 5, so not v3a */
    self.version = 4;
    assert_int_equal(
        index_db_series_neighbours(f->db, "S3", &self, &below, &above, &rows, &f->err), 0);
    assert_int_equal(below, 3);
    assert_int_equal(above, 5);
    assert_int_equal(rows.n, atoi(INDEX_SQL_MAX_ROWS));
    assert_string_equal(rows.v[0].msgid, "flood000@x");
    assert_string_equal(rows.v[rows.n - 1].msgid, "flood499@x");
    index_rows_free(&rows);
}

static void linking_writes(void **state)
{
    fixture *f = *state;
    record_two_series(f);
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    assert_int_equal(index_db_merge_series(f->db, "S1", "S2", "m@x", &f->err), 0);
    assert_int_equal(index_db_merge_group(f->db, "G1", "G2", &f->err), 0);
    index_rows rows = row_of(f, "c1@x");
    long long c1 = rows.v[0].id;
    index_rows_free(&rows);
    assert_int_equal(index_db_set_prior(f->db, c1, "b1@x", 2, 1, &f->err), 0);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    expect1(f, IQ_BY_SERIES, "S1", "a0@x a1@x z1@x a2@x b1@x c1@x"); /* version, part */
    expect1(f, IQ_BY_SERIES, "S2", "");
    rows = row_of(f, "b1@x");
    assert_string_equal(rows.v[0].grp, "G1");
    index_rows_free(&rows);
    rows = row_of(f, "c1@x");
    assert_string_equal(rows.v[0].prior_msgid, "b1@x");
    assert_int_equal(rows.v[0].prior_version, 2);
    assert_int_equal(rows.v[0].changed, 1);
    assert_string_equal(rows.v[0].series_id, "S1");
    index_rows_free(&rows);
}

/* A merge is noted with the message that caused it; undoing it moves back the rows it
   moved that are still where it put them, and forgets it. */
static void merges_undone(void **state)
{
    fixture *f = *state;
    record_two_series(f);
    expect1(f, IQ_SERIES_MEMBERS, "S2", "z1@x");
    expect1(f, IQ_BY_GROUP, "G1", "a0@x a1@x a2@x");
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    assert_int_equal(index_db_merge_series(f->db, "S1", "S2", "m@x", &f->err), 0);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    expect1(f, IQ_SERIES_MEMBERS, "S2", "");
    expect1(f, IQ_MOVED_BY, "m@x", "z1@x");
    expect1(f, IQ_MOVED_BY, "other@x", "");
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    assert_int_equal(index_db_undo_merges(f->db, "m@x", &f->err), 0);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    expect1(f, IQ_BY_SERIES, "S2", "z1@x");
    expect1(f, IQ_BY_SERIES, "S1", "a0@x a1@x a2@x b1@x c1@x");
    expect1(f, IQ_MOVED_BY, "m@x", "");
    /* a row a later merge moved on stays where that one put it */
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    assert_int_equal(index_db_merge_series(f->db, "S1", "S2", "m@x", &f->err), 0);
    assert_int_equal(index_db_merge_series(f->db, "S3", "S1", "n@x", &f->err), 0);
    assert_int_equal(index_db_undo_merges(f->db, "m@x", &f->err), 0);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    expect1(f, IQ_BY_SERIES, "S3", "a0@x a1@x z1@x a2@x b1@x c1@x");
}

/* An index made by the schema before series_moves (version 1) is migrated on open:
   its rows kept, merges noted from then on. A file only: a server starts empty. */
static void schema_1_is_migrated(void **state)
{
    fixture *f = *state;
    if (test_pg_uri())
        skip();
    index_db_close(f->db);
    f->db = NULL;
    assert_int_equal(remove(f->path), 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, INDEX_SQL_SCHEMA_TABLE, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, INDEX_SQL_MIGRATIONS[0], NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO schema_version (version) VALUES (1);"
                                  "INSERT INTO messages (msgid, kind, version, part, total, "
                                  "resend, title, series_id, grp, state) VALUES ('old@x', "
                                  "'patch', 1, 0, 0, 0, 'old', 'S9', 'G9', 'new');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(index_db_open(f->path, false, &f->db, &f->err), 0);
    assert_int_equal(index_db_count(f->db, &f->err), 1);
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    assert_int_equal(index_db_merge_series(f->db, "S1", "S9", "m@x", &f->err), 0);
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    expect1(f, IQ_MOVED_BY, "m@x", "old@x");
}

/* No statement but the count reads a whole table: each finds its rows through an index,
   so that its cost does not grow with the index (a digest's week on a list's years of
   mail once read every message). A file only: the plans are SQLite's. */
static void no_statement_scans_a_table(void **state)
{
    fixture *f = *state;
    if (test_pg_uri())
        skip();
    static const char *const tables[] = {"messages", "links",    "series_moves", "events",
                                         "scans",    "replies",  "sections",     "corrections"};
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    for (int i = 0; i < IS__N; i++) {
        if (i == IS_COUNT)
            continue;
        strbuf sql = STRBUF_INIT;
        sb_addf(&sql, "EXPLAIN QUERY PLAN %s", INDEX_SQL_STATEMENTS[i]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql.data, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(st, 3);
            for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
                char scan[64];
                snprintf(scan, sizeof scan, "SCAN %s", tables[t]);
                size_t n = strlen(scan);
                if (!strncmp(detail, scan, n) && (detail[n] == '\0' || detail[n] == ' '))
                    fail_msg("statement %d: %s", i, detail);
            }
        }
        sqlite3_finalize(st);
        sb_free(&sql);
    }
    sqlite3_close(db);
}

/* Lookups announced ahead answer as the queries would; a write makes them stale. */
static void prefetch_then_write(void **state)
{
    fixture *f = *state;
    record_two_series(f);
    assert_int_equal(index_db_begin(f->db, &f->err), 0);
    const index_lookup ahead[] = {{IQ_BY_MSGID, "a1@x"}, {IQ_BY_PATCH_ID, "P1"},
                                  {IQ_CHILDREN, "a0@x"}, {IQ_BY_MSGID, NULL}};
    assert_int_equal(index_db_prefetch(f->db, ahead, 4, &f->err), 0);
    expect1(f, IQ_BY_MSGID, "a1@x", "a1@x");
    index_param child = IP_TEXT("a0@x");
    expect(f, IQ_CHILDREN, &child, 1, true, "a1@x a1@x a2@x a2@x");
    index_row p9 = patch("p9@x", 1, 0, 0, "nine", "S9", "G9", "P1", T0);
    insert(f, &p9);
    expect1(f, IQ_BY_PATCH_ID, "P1", "a1@x b1@x z1@x p9@x");
    assert_int_equal(index_db_commit(f->db, &f->err), 0);
    expect1(f, IQ_BY_PATCH_ID, "P1", "a1@x b1@x z1@x p9@x");
}

static void backend_by_location(void **state)
{
    (void)state;
    assert_true(index_db_location_has_password("postgresql://u:pw@host/db"));
    assert_true(index_db_location_has_password("postgres://u:pw@host/db"));
    assert_false(index_db_location_has_password("postgresql://u@host/db"));
    /* a file whose name looks like a URI with a password is still a file */
    assert_false(index_db_location_has_password("u:pw@host/index.sqlite"));
    strbuf err = STRBUF_INIT;
    index_db *db = NULL;
    assert_int_equal(index_db_open("/nonexistent-dir/x/index.sqlite", false, &db, &err), -1);
    assert_null(db);
    assert_non_null(strstr(err.data, "cannot open /nonexistent-dir/x/index.sqlite"));
    /* a URI goes to PostgreSQL, which parses it */
    assert_int_equal(index_db_open("postgres://[::1", false, &db, &err), -1);
    assert_null(db);
    assert_non_null(strstr(err.data, "not a valid PostgreSQL URI"));
    sb_free(&err);
}

/* The names of INDEX_SQL_COLUMN_TABLE from `first` on, joined with ", ", each after
   `prefix`. */
static void join_columns(strbuf *out, size_t first, const char *prefix)
{
    for (size_t c = first; c < INDEX_SQL_NCOLUMNS; c++)
        sb_addf(out, "%s%s%s", c > first ? ", " : "", prefix, INDEX_SQL_COLUMN_TABLE[c].name);
}

/* The column table that both backends walk names the columns the SQL text selects
   and inserts, in the same order. */
static void column_table_matches_the_sql(void **state)
{
    (void)state;
    strbuf want = STRBUF_INIT;
    join_columns(&want, 0, "");
    assert_string_equal(want.data, INDEX_SQL_COLUMNS);
    sb_reset(&want);
    join_columns(&want, 0, "m.");
    assert_non_null(strstr(INDEX_SQL_LINKING, want.data));
    assert_non_null(strstr(INDEX_SQL_MOVED_BY, want.data));
    sb_reset(&want);
    sb_adds(&want, "INSERT INTO messages (");
    join_columns(&want, 1, "");
    sb_adds(&want, ") VALUES (");
    assert_int_equal(strncmp(INDEX_SQL_INSERT, want.data, want.len), 0);
    assert_int_equal(INDEX_SQL_BELOW_COLUMN, INDEX_SQL_NCOLUMNS);
    assert_int_equal(INDEX_SQL_ABOVE_COLUMN, INDEX_SQL_NCOLUMNS + 1);
    sb_free(&want);
}

int main(void)
{
#define CASE(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        CASE(open_creates_the_schema),
        CASE(every_field_read_back),
        CASE(same_msgid_is_kept),
        CASE(transactions),
        CASE(each_query_kind),
        CASE(series_neighbours),
        CASE(series_neighbours_order_and_bound),
        CASE(linking_writes),
        CASE(merges_undone),
        CASE(schema_1_is_migrated),
        CASE(prefetch_then_write),
        CASE(no_statement_scans_a_table),
        cmocka_unit_test(backend_by_location),
        cmocka_unit_test(column_table_matches_the_sql),
    };
    if (test_pg_uri())
        return cmocka_run_group_tests_name("index_db on PostgreSQL", tests, NULL, NULL);
    printf("SKIP: the PostgreSQL variant needs PM_TEST_PG_URI (tests/t_index_pg.sh sets it)\n");
    return cmocka_run_group_tests_name("index_db on SQLite", tests, NULL, NULL);
}
