/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_sql: every SQL statement of the patch index, in one place.
 *
 * The text is plain SQL shared by the two backends of index_db.h, SQLite
 * (index_db_sqlite.c) and PostgreSQL (index_db_pg.c): positional parameters ?N
 * (index_db_pg.c spells them $N, a mechanical rewrite), INSERT ... ON CONFLICT, no
 * rowid or other SQLite-only features in the queries. Only the type of the `id`
 * column (INDEX_SQL_ID_COLUMN, which a backend may define before including this file)
 * and the transaction control differ per backend and are kept with the backend.
 *
 * Every query on `messages` selects INDEX_SQL_COLUMNS in that order; each backend
 * maps them to an index_row by walking INDEX_SQL_COLUMN_TABLE, the same columns as a
 * table. INDEX_SQL_STATEMENTS lists the statements both backends prepare, numbered so
 * that the query q of index_db.h is statement q.
 */
#ifndef PM_INDEX_SQL_H
#define PM_INDEX_SQL_H

#include <stdbool.h>
#include <stddef.h>

#include "index_db.h"

#ifndef INDEX_SQL_ID_COLUMN
#define INDEX_SQL_ID_COLUMN "id INTEGER PRIMARY KEY"
#endif

/* Schema migrations: entry N brings the schema from version N to N+1. */
static const char *const INDEX_SQL_MIGRATIONS[] = {
    /* 0 -> 1: messages, explicit links between them */
    "CREATE TABLE messages ("
    " " INDEX_SQL_ID_COLUMN ","
    " msgid TEXT NOT NULL UNIQUE,"
    " date BIGINT NOT NULL DEFAULT 0,"
    " from_hdr TEXT,"
    " author TEXT,"
    " list_id TEXT,"
    " kind TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " part INTEGER NOT NULL,"
    " total INTEGER NOT NULL,"
    " resend INTEGER NOT NULL,"
    " title TEXT NOT NULL,"
    " series_id TEXT NOT NULL,"
    " grp TEXT NOT NULL,"
    " patch_id TEXT,"
    " in_reply_to TEXT,"
    " thread_root TEXT,"
    " refs TEXT,"
    " change_id TEXT,"
    " prior_links TEXT,"
    " state TEXT NOT NULL,"
    " prior_msgid TEXT,"
    " prior_version INTEGER NOT NULL DEFAULT 0,"
    " changed INTEGER NOT NULL DEFAULT -1);"
    "CREATE INDEX messages_patch_id ON messages(patch_id);"
    "CREATE INDEX messages_change_id ON messages(change_id);"
    "CREATE INDEX messages_author_title ON messages(author, title);"
    "CREATE INDEX messages_from_version ON messages(from_hdr, version, total, date);"
    "CREATE INDEX messages_series ON messages(series_id, version);"
    "CREATE INDEX messages_grp ON messages(grp);"
    "CREATE INDEX messages_in_reply_to ON messages(in_reply_to);"
    "CREATE INDEX messages_thread_root ON messages(thread_root);"
    "CREATE INDEX messages_prior_msgid ON messages(prior_msgid);"
    "CREATE TABLE links ("
    " from_msgid TEXT NOT NULL,"
    " to_msgid TEXT NOT NULL,"
    " PRIMARY KEY (to_msgid, from_msgid));",
    /* 1 -> 2: the series merges a message caused, one row per message moved, so that
       `patchmilter unlink` can undo them (IF NOT EXISTS: a script that empties an index
       by dropping the tables of schema 1 leaves this one) */
    "CREATE TABLE IF NOT EXISTS series_moves ("
    " by_msgid TEXT NOT NULL,"
    " msgid TEXT NOT NULL,"
    " from_series TEXT NOT NULL,"
    " to_series TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS series_moves_by ON series_moves(by_msgid);"
    /* and the identity of the sender (index_row.sender) */
    "ALTER TABLE messages ADD COLUMN sender TEXT;",
    /* 2 -> 3: a title is looked up whoever wrote it, people compared by address */
    "CREATE INDEX IF NOT EXISTS messages_title ON messages(title);"
    "DROP INDEX IF EXISTS messages_author_title;"
    /* and the subject's tags: a posting for another stable branch is no copy */
    "ALTER TABLE messages ADD COLUMN tags TEXT;",
    /* 3 -> 4: what became of a message (applied, ...), and where each scan of a git
       branch ended */
    "CREATE TABLE IF NOT EXISTS events ("
    " msgid TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " detail TEXT NOT NULL,"
    " evidence TEXT NOT NULL,"
    " date BIGINT NOT NULL,"
    " PRIMARY KEY (msgid, kind, detail));"
    "CREATE TABLE IF NOT EXISTS scans ("
    " source TEXT PRIMARY KEY,"
    " tip TEXT NOT NULL);",
    /* 4 -> 5: the replies in threads of patch mail (no body: who, when, which patch
       mail of the thread they answer, a bot's name, the review trailers they give),
       and the MAINTAINERS sections a patch mail touches, which its replies inherit */
    "CREATE TABLE IF NOT EXISTS replies ("
    " msgid TEXT PRIMARY KEY,"
    " date BIGINT NOT NULL,"
    " from_hdr TEXT NOT NULL,"
    " sender TEXT NOT NULL,"
    " parent TEXT NOT NULL,"
    " target TEXT NOT NULL,"
    " subject TEXT NOT NULL,"
    " bot TEXT NOT NULL,"
    " review TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS replies_target ON replies(target);"
    "CREATE INDEX IF NOT EXISTS replies_date ON replies(date);"
    "CREATE TABLE IF NOT EXISTS sections ("
    " msgid TEXT NOT NULL,"
    " section TEXT NOT NULL,"
    " PRIMARY KEY (msgid, section));",
    /* 5 -> 6: links corrected by hand (`patchmilter link`, `unlink`), kept apart from
       the messages so that they hold when the messages are imported again: newer has
       older as its earlier version; older empty: the merges of series newer's arrival
       causes are undone */
    "CREATE TABLE IF NOT EXISTS corrections ("
    " newer TEXT PRIMARY KEY,"
    " older TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS corrections_older ON corrections(older);",
    /* 6 -> 7: the messages of a series by kind in recording order (with their version),
       so that INDEX_SQL_SERIES_NEIGHBOURS takes its newest counterparts in index order
       instead of sorting them in a temporary table */
    "CREATE INDEX IF NOT EXISTS messages_series_kind ON messages(series_id, kind, id, version);",
    /* 7 -> 8: the files a patch touches (files_key.h), by which a retitled patch finds
       its earlier version */
    "ALTER TABLE messages ADD COLUMN files TEXT;",
    /* 8 -> 9: the messages by date, so that a digest of a week (INDEX_SQL_BY_DATE)
       reads that week's rows, not the whole table */
    "CREATE INDEX IF NOT EXISTS messages_date ON messages(date);",
};
/* The schema version the migrations lead to. */
#define INDEX_SQL_LATEST ((int)(sizeof INDEX_SQL_MIGRATIONS / sizeof INDEX_SQL_MIGRATIONS[0]))

#define INDEX_SQL_SCHEMA_TABLE "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
#define INDEX_SQL_SCHEMA_GET "SELECT version FROM schema_version"
#define INDEX_SQL_SCHEMA_INIT "INSERT INTO schema_version (version) VALUES (0)"
#define INDEX_SQL_SCHEMA_SET "UPDATE schema_version SET version = ?1"

#define INDEX_SQL_COLUMNS                                                                        \
    "id, msgid, date, from_hdr, author, list_id, kind, version, part, total, resend, title, "    \
    "series_id, grp, patch_id, in_reply_to, thread_root, refs, change_id, prior_links, state, "  \
    "prior_msgid, prior_version, changed, sender, tags, files"

#define INDEX_SQL_SELECT "SELECT " INDEX_SQL_COLUMNS " FROM messages "

/* The columns of INDEX_SQL_COLUMNS as a table, in that order: where each is kept in an
   index_row. A backend reads a row, and binds an insert's parameters (every column but
   the first, id, in order), by walking it. */
typedef enum index_column_type {
    IC_TEXT,   /* char *, NULL for SQL NULL */
    IC_INT,    /* int */
    IC_BIGINT, /* long long */
    IC_BOOL,   /* bool */
} index_column_type;

typedef struct index_column {
    const char *name;
    index_column_type type;
    size_t offset; /* in index_row */
} index_column;

#define INDEX_COLUMN(name, type) {#name, type, offsetof(index_row, name)}
static const index_column INDEX_SQL_COLUMN_TABLE[] = {
    INDEX_COLUMN(id, IC_BIGINT),
    INDEX_COLUMN(msgid, IC_TEXT),
    INDEX_COLUMN(date, IC_BIGINT),
    INDEX_COLUMN(from_hdr, IC_TEXT),
    INDEX_COLUMN(author, IC_TEXT),
    INDEX_COLUMN(list_id, IC_TEXT),
    INDEX_COLUMN(kind, IC_TEXT),
    INDEX_COLUMN(version, IC_INT),
    INDEX_COLUMN(part, IC_INT),
    INDEX_COLUMN(total, IC_INT),
    INDEX_COLUMN(resend, IC_BOOL),
    INDEX_COLUMN(title, IC_TEXT),
    INDEX_COLUMN(series_id, IC_TEXT),
    INDEX_COLUMN(grp, IC_TEXT),
    INDEX_COLUMN(patch_id, IC_TEXT),
    INDEX_COLUMN(in_reply_to, IC_TEXT),
    INDEX_COLUMN(thread_root, IC_TEXT),
    INDEX_COLUMN(refs, IC_TEXT),
    INDEX_COLUMN(change_id, IC_TEXT),
    INDEX_COLUMN(prior_links, IC_TEXT),
    INDEX_COLUMN(state, IC_TEXT),
    INDEX_COLUMN(prior_msgid, IC_TEXT),
    INDEX_COLUMN(prior_version, IC_INT),
    INDEX_COLUMN(changed, IC_INT),
    INDEX_COLUMN(sender, IC_TEXT),
    INDEX_COLUMN(tags, IC_TEXT),
    INDEX_COLUMN(files, IC_TEXT),
};
#undef INDEX_COLUMN
#define INDEX_SQL_NCOLUMNS (sizeof INDEX_SQL_COLUMN_TABLE / sizeof *INDEX_SQL_COLUMN_TABLE)

/* The value of column c in r, read and set: the text of an IC_TEXT column (NULL for
   SQL NULL), that of any other column as a number. */
static inline const char *index_row_text(const index_row *r, const index_column *c)
{
    return *(char *const *)((const char *)r + c->offset);
}

static inline void index_row_set_text(index_row *r, const index_column *c, char *text)
{
    *(char **)((char *)r + c->offset) = text;
}

static inline long long index_row_num(const index_row *r, const index_column *c)
{
    const char *field = (const char *)r + c->offset;
    switch (c->type) {
    case IC_INT: return *(const int *)field;
    case IC_BOOL: return *(const bool *)field;
    default: return *(const long long *)field;
    }
}

static inline void index_row_set_num(index_row *r, const index_column *c, long long num)
{
    char *field = (char *)r + c->offset;
    switch (c->type) {
    case IC_INT: *(int *)field = (int)num; break;
    case IC_BOOL: *(bool *)field = num != 0; break;
    default: *(long long *)field = num; break;
    }
}

/* The queries returning messages, by index_query (index_db.h). Those a classification
   makes are bounded: of the rows that match, the INDEX_SQL_MAX_ROWS recorded last, so
   that the same patch, title or sender repeated without end (a mail loop, a flood)
   cannot make every later message slower. */
#define INDEX_SQL_MAX_ROWS "500"
/* The newest matching rows of `query` (a SELECT of INDEX_SQL_COLUMNS), as a table. */
#define INDEX_SQL_NEWEST(query) \
    "SELECT * FROM (" query " ORDER BY id DESC LIMIT " INDEX_SQL_MAX_ROWS ") AS newest "
/* The same rows, newest first, for a query of INDEX_SQL_NEWEST_FIRST_QUERIES: the backends
   hand them over in recording order (index_sql_recording_order). Put in order in SQL ("SELECT * FROM (...) ORDER BY
   id"), each row went through a subquery and a sorter, which copy every column; in
   the order of an index ending in id the newest need no sort at all. */
#define INDEX_SQL_NEWEST_FIRST(query) query " ORDER BY id DESC LIMIT " INDEX_SQL_MAX_ROWS
#define INDEX_SQL_BY_MSGID INDEX_SQL_SELECT "WHERE msgid = ?1"
#define INDEX_SQL_BY_PATCH_ID INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE patch_id = ?1")
#define INDEX_SQL_BY_CHANGE_ID INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE change_id = ?1")
#define INDEX_SQL_BY_TITLE INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE title = ?1")
/* A whole series, for lookup: not bounded. */
#define INDEX_SQL_BY_SERIES INDEX_SQL_SELECT "WHERE series_id = ?1 ORDER BY version, part, id"
/* The messages of series ?1 that may be counterparts of a message of version ?2, kind ?3,
   title ?4 and patch-id ?5 (all covers and pulls, patches by title or patch-id), in
   that version and in the nearest versions below and above it, the newest first, each
   ending with two NULLs; then one row of NULLs that ends with those two versions (NULL
   when none). One statement, so that a server answers it in one round trip; no join,
   no materialized table, and the newest found in the order of messages_series_kind,
   so that SQLite opens no temporary table for it (index_db_series_neighbours puts the
   rows in order). */
#define INDEX_SQL_BELOW "(SELECT max(version) FROM messages WHERE series_id = ?1 AND version < ?2)"
#define INDEX_SQL_ABOVE "(SELECT min(version) FROM messages WHERE series_id = ?1 AND version > ?2)"
#define INDEX_SQL_SERIES_NEIGHBOURS                                                          \
    "SELECT *, NULL, NULL FROM (" INDEX_SQL_SELECT                                           \
    "WHERE series_id = ?1 AND kind = ?3 AND (kind <> 'patch' OR title = ?4 OR patch_id = ?5) " \
    "AND version IN (" INDEX_SQL_BELOW ", ?2, " INDEX_SQL_ABOVE ") "                         \
    "ORDER BY id DESC LIMIT " INDEX_SQL_MAX_ROWS ") AS newest UNION ALL SELECT "             \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "         \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "   \
    INDEX_SQL_BELOW ", " INDEX_SQL_ABOVE
/* Where the two versions are in a row of INDEX_SQL_SERIES_NEIGHBOURS. */
#define INDEX_SQL_BELOW_COLUMN 27
#define INDEX_SQL_ABOVE_COLUMN 28
/* Messages that answer ?1 or whose thread starts at ?1 (a message may come twice). */
#define INDEX_SQL_CHILDREN                                              \
    INDEX_SQL_NEWEST(INDEX_SQL_SELECT "WHERE in_reply_to = ?1") "UNION ALL " \
    INDEX_SQL_NEWEST(INDEX_SQL_SELECT "WHERE thread_root = ?1")
/* Same sender (header From), version and total, dated between ?4 and ?5. */
#define INDEX_SQL_NEAR                                                                   \
    INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE from_hdr = ?1 AND version = ?2 AND total = ?3 " \
                                            "AND date BETWEEN ?4 AND ?5")
/* Messages whose text names ?1 as an earlier version. */
#define INDEX_SQL_LINKING                                                                       \
    INDEX_SQL_NEWEST_FIRST(                                                                     \
        "SELECT m.id, m.msgid, m.date, m.from_hdr, m.author, m.list_id, m.kind, m.version, "    \
        "m.part, m.total, m.resend, m.title, m.series_id, m.grp, m.patch_id, m.in_reply_to, "   \
        "m.thread_root, m.refs, m.change_id, m.prior_links, m.state, m.prior_msgid, "           \
        "m.prior_version, m.changed, m.sender, m.tags, m.files FROM links l JOIN messages m "                    \
        "ON m.msgid = l.from_msgid "                                                            \
        "WHERE l.to_msgid = ?1")

/* The newest messages of series ?1: who has posted in it. */
#define INDEX_SQL_SERIES_MEMBERS INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE series_id = ?1")
/* The newest messages of posting ?1: is it complete. */
#define INDEX_SQL_BY_GROUP INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE grp = ?1")
/* The newest messages whose prior is ?1. */
#define INDEX_SQL_BY_PRIOR INDEX_SQL_NEWEST_FIRST(INDEX_SQL_SELECT "WHERE prior_msgid = ?1")
/* The messages that the merges caused by ?1 moved, where they still are. */
#define INDEX_SQL_MOVED_BY                                                                      \
    "SELECT m.id, m.msgid, m.date, m.from_hdr, m.author, m.list_id, m.kind, m.version, "        \
    "m.part, m.total, m.resend, m.title, m.series_id, m.grp, m.patch_id, m.in_reply_to, "       \
    "m.thread_root, m.refs, m.change_id, m.prior_links, m.state, m.prior_msgid, "               \
    "m.prior_version, m.changed, m.sender, m.tags, m.files FROM series_moves v JOIN messages m "                 \
    "ON m.msgid = v.msgid "                                                                     \
    "WHERE v.by_msgid = ?1 AND m.series_id = v.to_series ORDER BY m.id"

/* Messages dated in [?1, ?2), in the order they were recorded (the digest). */
#define INDEX_SQL_BY_DATE INDEX_SQL_SELECT "WHERE date >= ?1 AND date < ?2 ORDER BY id"

#define INDEX_SQL_INSERT                                                                       \
    "INSERT INTO messages (msgid, date, from_hdr, author, list_id, kind, version, part, total, " \
    "resend, title, series_id, grp, patch_id, in_reply_to, thread_root, refs, change_id, "      \
    "prior_links, state, prior_msgid, prior_version, changed, sender, tags, files) VALUES (?1, "  \
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "   \
    "?21, ?22, ?23, ?24, ?25, ?26) "                                                                      \
    "ON CONFLICT (msgid) DO NOTHING"
#define INDEX_SQL_INSERT_LINK \
    "INSERT INTO links (from_msgid, to_msgid) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
/* A merge of series ?2 into ?1 caused by message ?3: first noted, then made. */
#define INDEX_SQL_NOTE_MOVES                                                      \
    "INSERT INTO series_moves (by_msgid, msgid, from_series, to_series) "        \
    "SELECT CAST(?3 AS TEXT), msgid, series_id, CAST(?1 AS TEXT) FROM messages "   \
    "WHERE series_id = ?2"
#define INDEX_SQL_MERGE_SERIES "UPDATE messages SET series_id = ?1 WHERE series_id = ?2"
/* Undoes the merges caused by ?1: each message moved goes back where it was, unless a
   later merge moved it on; then the notes are dropped. */
#define INDEX_SQL_UNDO_MOVES                                                           \
    "UPDATE messages SET series_id = v.from_series FROM series_moves v "              \
    "WHERE v.by_msgid = ?1 AND v.msgid = messages.msgid AND messages.series_id = v.to_series"
#define INDEX_SQL_FORGET_MOVES "DELETE FROM series_moves WHERE by_msgid = ?1"
#define INDEX_SQL_MERGE_GROUP "UPDATE messages SET grp = ?1 WHERE grp = ?2"
#define INDEX_SQL_SET_PRIOR \
    "UPDATE messages SET prior_msgid = ?2, prior_version = ?3, changed = ?4 WHERE id = ?1"
#define INDEX_SQL_COUNT "SELECT count(*) FROM messages"
/* Events: an event of a message, once; the first INDEX_SQL_MAX_EVENTS of a message. */
#define INDEX_SQL_MAX_EVENTS "64"
#define INDEX_SQL_ADD_EVENT                                                      \
    "INSERT INTO events (msgid, kind, detail, evidence, date) "                  \
    "VALUES (?1, ?2, ?3, ?4, CAST(?5 AS BIGINT)) ON CONFLICT DO NOTHING"
#define INDEX_SQL_EVENTS_OF                                                      \
    "SELECT kind, detail, evidence, date FROM events WHERE msgid = ?1 "          \
    "ORDER BY date, kind, detail LIMIT " INDEX_SQL_MAX_EVENTS
/* `patchmilter series`: the messages of series ?1, at most INDEX_SERIES_ROWS (index_db.h),
   those recorded last, and one more (which tells that the series holds more), in
   recording order; the events of the messages of series ?1, the first
   INDEX_SERIES_EVENTS by date (messages found by the messages_series index, their
   events by the primary key). */
#define INDEX_SQL_NUMBER(n) INDEX_SQL_NUMBER_TEXT(n)
#define INDEX_SQL_NUMBER_TEXT(n) #n
#define INDEX_SQL_SERIES_VIEW                                                                  \
    "SELECT * FROM (" INDEX_SQL_SELECT "WHERE series_id = ?1 ORDER BY id DESC LIMIT "          \
    INDEX_SQL_NUMBER(INDEX_SERIES_ROWS) " + 1) AS newest ORDER BY id"
#define INDEX_SQL_SERIES_EVENTS_OF                                                             \
    "SELECT e.msgid, e.kind, e.detail, e.evidence, e.date FROM events e JOIN messages m "     \
    "ON m.msgid = e.msgid WHERE m.series_id = ?1 ORDER BY e.date, e.msgid, e.kind, e.detail " \
    "LIMIT " INDEX_SQL_NUMBER(INDEX_SERIES_EVENTS)
/* Where the last scan of source ?1 ended; setting it. */
#define INDEX_SQL_SCAN_TIP "SELECT tip FROM scans WHERE source = ?1"
#define INDEX_SQL_SET_SCAN_TIP \
    "INSERT INTO scans (source, tip) VALUES (?1, ?2) ON CONFLICT (source) DO UPDATE SET tip = ?2"

/* Replies: one recorded (a Message-ID recorded before is left as it is); a reply by
   Message-ID; the replies to a message, the INDEX_SQL_MAX_ROWS newest; the replies
   dated in [?1, ?2), in date order, at most INDEX_REPLIES_MAX. Each reads the columns
   of INDEX_SQL_REPLY_COLUMNS. */
#define INDEX_SQL_REPLY_COLUMNS "msgid, date, from_hdr, sender, parent, target, subject, bot, review"
#define INDEX_SQL_ADD_REPLY                                                                   \
    "INSERT INTO replies (" INDEX_SQL_REPLY_COLUMNS ") VALUES (?1, CAST(?2 AS BIGINT), ?3, ?4, " \
    "?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING"
#define INDEX_SQL_REPLY_OF "SELECT " INDEX_SQL_REPLY_COLUMNS " FROM replies WHERE msgid = ?1"
#define INDEX_SQL_REPLIES_TO                                                                   \
    "SELECT " INDEX_SQL_REPLY_COLUMNS " FROM replies WHERE target = ?1 ORDER BY date DESC LIMIT " \
    INDEX_SQL_MAX_ROWS
#define INDEX_SQL_REPLIES_BETWEEN                                                             \
    "SELECT " INDEX_SQL_REPLY_COLUMNS " FROM replies WHERE date >= CAST(?1 AS BIGINT) AND "    \
    "date < CAST(?2 AS BIGINT) ORDER BY date, msgid LIMIT " INDEX_SQL_NUMBER(INDEX_REPLIES_MAX)
/* The sections of a patch mail: one added; those of a message. */
#define INDEX_SQL_ADD_SECTION \
    "INSERT INTO sections (msgid, section) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
#define INDEX_SQL_SECTIONS_OF \
    "SELECT section FROM sections WHERE msgid = ?1 ORDER BY section LIMIT " \
    INDEX_SQL_NUMBER(INDEX_SECTIONS_MAX)
/* Corrections by hand: setting the one of newer ?1 (older ?2, empty for an unlink);
   those that name ?1 or ?2 as newer or older, at most INDEX_SQL_MAX_CORRECTIONS
   (= rather than IN (?1, ?2): SQLite fills a temporary table for each IN list, twice
   for every message imported). */
#define INDEX_SQL_MAX_CORRECTIONS "64"
#define INDEX_SQL_SET_CORRECTION                                              \
    "INSERT INTO corrections (newer, older) VALUES (?1, ?2) "                \
    "ON CONFLICT (newer) DO UPDATE SET older = ?2"
#define INDEX_SQL_CORRECTIONS_OF                                              \
    "SELECT newer, older FROM corrections "                                   \
    "WHERE newer = ?1 OR newer = ?2 OR older = ?1 OR older = ?2 "            \
    "ORDER BY newer LIMIT " INDEX_SQL_MAX_CORRECTIONS

/* Whether INDEX_SQL_LINKING and INDEX_SQL_CORRECTIONS_OF, given the same parameters,
   find any row: SQLite opens a temporary b-tree for a sort under a LIMIT on every run,
   even when no row matches, as for nearly every message imported (none names it, no
   link of it was corrected by hand); a search of the index alone costs a tenth. */
#define INDEX_SQL_ANY_LINKING "SELECT 1 FROM links WHERE to_msgid = ?1 LIMIT 1"
#define INDEX_SQL_ANY_CORRECTION                                              \
    "SELECT 1 FROM corrections "                                              \
    "WHERE newer = ?1 OR newer = ?2 OR older = ?1 OR older = ?2 LIMIT 1"

/* The messages of posting ?1 put in series ?2 (an unlink: a posting is in one series). */
#define INDEX_SQL_MOVE_POSTING \
    "UPDATE messages SET series_id = ?2 WHERE grp = ?1 AND series_id <> ?2"

/* Message ?1, a patch recorded before the cover that states its version, given that
   version ?2, the cover's posting ?3 and series ?4, and the verdict ?5..?8 it gets at
   that version. */
#define INDEX_SQL_TAKE_VERSION                                                              \
    "UPDATE messages SET version = CAST(?2 AS INTEGER), grp = ?3, series_id = ?4, "         \
    "state = ?5, prior_msgid = ?6, prior_version = CAST(?7 AS INTEGER), "                   \
    "changed = CAST(?8 AS INTEGER) WHERE id = CAST(?1 AS BIGINT)"

/* The queries written with INDEX_SQL_NEWEST_FIRST, whose rows index_db_query reverses. */
static const bool INDEX_SQL_NEWEST_FIRST_QUERIES[IQ__N] = {
    [IQ_BY_PATCH_ID] = true, [IQ_BY_CHANGE_ID] = true,    [IQ_BY_TITLE] = true,
    [IQ_NEAR] = true,        [IQ_LINKING] = true,         [IQ_SERIES_MEMBERS] = true,
    [IQ_BY_GROUP] = true,    [IQ_BY_PRIOR] = true,
};

/* Puts the rows of query q that a backend appended to out from index `from` on into
   recording order: a query of INDEX_SQL_NEWEST_FIRST_QUERIES reads them newest first.
   Each backend's query calls it on the rows it read. */
static inline void index_sql_recording_order(index_query q, index_rows *out, size_t from)
{
    if (!INDEX_SQL_NEWEST_FIRST_QUERIES[q])
        return;
    for (size_t i = from, j = out->n; i + 1 < j; i++, j--) {
        index_row t = out->v[i];
        out->v[i] = out->v[j - 1];
        out->v[j - 1] = t;
    }
}

/* The statements that are not queries of index_db.h, numbered after them. */
typedef enum index_statement {
    IS_SERIES_NEIGHBOURS = IQ__N,
    IS_INSERT,
    IS_INSERT_LINK,
    IS_NOTE_MOVES,
    IS_MERGE_SERIES,
    IS_UNDO_MOVES,
    IS_FORGET_MOVES,
    IS_MERGE_GROUP,
    IS_SET_PRIOR,
    IS_COUNT,
    IS_TEXTS, /* then the statements of index_db_texts(), in index_text_statement order */
    IS__N = IS_TEXTS + IT__N
} index_statement;

static const char *const INDEX_SQL_STATEMENTS[IS__N] = {
    [IQ_BY_MSGID] = INDEX_SQL_BY_MSGID,
    [IQ_BY_PATCH_ID] = INDEX_SQL_BY_PATCH_ID,
    [IQ_BY_CHANGE_ID] = INDEX_SQL_BY_CHANGE_ID,
    [IQ_BY_TITLE] = INDEX_SQL_BY_TITLE,
    [IQ_BY_SERIES] = INDEX_SQL_BY_SERIES,
    [IQ_CHILDREN] = INDEX_SQL_CHILDREN,
    [IQ_NEAR] = INDEX_SQL_NEAR,
    [IQ_LINKING] = INDEX_SQL_LINKING,
    [IQ_BY_DATE] = INDEX_SQL_BY_DATE,
    [IQ_SERIES_MEMBERS] = INDEX_SQL_SERIES_MEMBERS,
    [IQ_BY_GROUP] = INDEX_SQL_BY_GROUP,
    [IQ_MOVED_BY] = INDEX_SQL_MOVED_BY,
    [IQ_BY_PRIOR] = INDEX_SQL_BY_PRIOR,
    [IQ_SERIES_VIEW] = INDEX_SQL_SERIES_VIEW,
    [IS_SERIES_NEIGHBOURS] = INDEX_SQL_SERIES_NEIGHBOURS,
    [IS_INSERT] = INDEX_SQL_INSERT,
    [IS_INSERT_LINK] = INDEX_SQL_INSERT_LINK,
    [IS_NOTE_MOVES] = INDEX_SQL_NOTE_MOVES,
    [IS_MERGE_SERIES] = INDEX_SQL_MERGE_SERIES,
    [IS_UNDO_MOVES] = INDEX_SQL_UNDO_MOVES,
    [IS_FORGET_MOVES] = INDEX_SQL_FORGET_MOVES,
    [IS_MERGE_GROUP] = INDEX_SQL_MERGE_GROUP,
    [IS_SET_PRIOR] = INDEX_SQL_SET_PRIOR,
    [IS_COUNT] = INDEX_SQL_COUNT,
    [IS_TEXTS + IT_ADD_EVENT] = INDEX_SQL_ADD_EVENT,
    [IS_TEXTS + IT_EVENTS_OF] = INDEX_SQL_EVENTS_OF,
    [IS_TEXTS + IT_SCAN_TIP] = INDEX_SQL_SCAN_TIP,
    [IS_TEXTS + IT_SET_SCAN_TIP] = INDEX_SQL_SET_SCAN_TIP,
    [IS_TEXTS + IT_SERIES_EVENTS] = INDEX_SQL_SERIES_EVENTS_OF,
    [IS_TEXTS + IT_ADD_REPLY] = INDEX_SQL_ADD_REPLY,
    [IS_TEXTS + IT_REPLY_OF] = INDEX_SQL_REPLY_OF,
    [IS_TEXTS + IT_REPLIES_TO] = INDEX_SQL_REPLIES_TO,
    [IS_TEXTS + IT_REPLIES_BETWEEN] = INDEX_SQL_REPLIES_BETWEEN,
    [IS_TEXTS + IT_ADD_SECTION] = INDEX_SQL_ADD_SECTION,
    [IS_TEXTS + IT_SECTIONS_OF] = INDEX_SQL_SECTIONS_OF,
    [IS_TEXTS + IT_SET_CORRECTION] = INDEX_SQL_SET_CORRECTION,
    [IS_TEXTS + IT_CORRECTIONS_OF] = INDEX_SQL_CORRECTIONS_OF,
    [IS_TEXTS + IT_MOVE_POSTING] = INDEX_SQL_MOVE_POSTING,
    [IS_TEXTS + IT_TAKE_VERSION] = INDEX_SQL_TAKE_VERSION,
};

#endif
