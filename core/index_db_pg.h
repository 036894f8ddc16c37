/*
 * index_db_pg: the PostgreSQL backend of index_db.h (libpq). index_db.c hands every
 * call to it when the location is a postgresql:// or postgres:// URI; the functions
 * mean what their index_db_* namesakes mean, over the same statements (index_sql.h,
 * ?N rewritten to $N when prepared).
 *
 * DESCRIPTION
 *   Opening connects, but does not fail for want of a server: the connection is made
 *   again on demand after it was lost (a restart of PostgreSQL, a dropped connection), at
 *   most once a second while the server stays away. The schema is created or migrated
 *   on each new connection, under a table lock, so several hosts may start at once.
 *   Transactions are SERIALIZABLE; a batch also locks the tables against other writers
 *   (readers go on), so a batch never has to be replayed. Inside a transaction the
 *   connection is in pipeline mode: BEGIN and the writes go out without waiting, their
 *   results are checked before the next read's or at the commit (a write's failure may
 *   so surface at a later call of the same transaction); lookups announced with
 *   index_pg_prefetch go out together and answer the matching index_pg_query calls
 *   until the transaction writes. A failure that a new try of
 *   the whole transaction can cure (serialization failure, deadlock, a row recorded
 *   meanwhile by another host, a connection found dead) leaves index_pg_retryable()
 *   true until the next call.
 *   The status callback hears "down" once when the server becomes unreachable and
 *   "up" when it is back; the messages name host, port, database and user, never a
 *   password (keep it in a password file: ~/.pgpass or PGPASSFILE).
 */
#ifndef PM_INDEX_DB_PG_H
#define PM_INDEX_DB_PG_H

#include <stdbool.h>

#include "index_db.h"

typedef struct index_pg index_pg;

/* True when location names a PostgreSQL database rather than a file. */
bool index_pg_location(const char *location);
/* True when the URI carries a password (which then shows wherever the URI does). */
bool index_pg_has_password(const char *uri);
int index_pg_open(const char *uri, index_pg **out, strbuf *err);
void index_pg_close(index_pg *pg);
void index_pg_set_status_callback(index_pg *pg, index_status_fn *fn, void *arg);
bool index_pg_retryable(const index_pg *pg);
int index_pg_begin(index_pg *pg, bool batch, strbuf *err);
int index_pg_commit(index_pg *pg, strbuf *err);
void index_pg_rollback(index_pg *pg);
int index_pg_prefetch(index_pg *pg, const index_lookup *lookups, size_t n, strbuf *err);
int index_pg_query(index_pg *pg, index_query q, const index_param *params, size_t nparams,
                   index_rows *out, strbuf *err);
int index_pg_insert(index_pg *pg, const index_row *row, strbuf *err);
int index_pg_insert_link(index_pg *pg, const char *from_msgid, const char *to_msgid, strbuf *err);
int index_pg_series_neighbours(index_pg *pg, const char *series_id, const index_row *self,
                               int *below, int *above, index_rows *out, strbuf *err);
int index_pg_merge_series(index_pg *pg, const char *keep, const char *drop, strbuf *err);
int index_pg_merge_group(index_pg *pg, const char *keep, const char *drop, strbuf *err);
int index_pg_set_prior(index_pg *pg, long long id, const char *prior_msgid, int prior_version,
                       int changed, strbuf *err);
long long index_pg_count(index_pg *pg, strbuf *err);

#endif
