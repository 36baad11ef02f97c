/*
 * db.h - the database side of the newsevents command: SQLite and PostgreSQL sinks that store
 * the engine's JSON record (src/out_json.c) per article, group mentions of the same event
 * across articles into event records (GDELT's NumMentions/NumSources/NumArticles), and the
 * export, query and merge commands. The schema and the GDELT column mapping are documented in
 * docs/database.md.
 *
 * The first block is the interface main.c uses; everything below "internal" is shared by
 * db.c, db_pg.c and export.c only.
 */
#ifndef NEV_CLI_DB_H
#define NEV_CLI_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct db_sink db_sink;

/* path: SQLite file; conninfo: libpq connection string. 0 ok, -1 error (message in err).
 * The schema is created when missing. */
int db_open_sqlite(db_sink **out, const char *path, char *err, size_t errcap);
int db_open_postgres(db_sink **out, const char *conninfo, char *err, size_t errcap);
/* One article record (the JSON line without newline), plus the article's source name as given
 * in the input (may be NULL). Coding the same article id again replaces its rows. Call from
 * one thread, in input order. 0 ok, -1 error (the sink stays usable for the next record when
 * the error was a bad record). */
int db_write(db_sink *s, const char *json, size_t len, const char *source, char *err,
             size_t errcap);
/* Commit, group mentions of the same event across articles, close. Frees s even on error. */
int db_close(db_sink *s, char *err, size_t errcap);

int cmd_export(int argc, char **argv); /* newsevents export ... (argv after "export") */
int cmd_query(int argc, char **argv);  /* newsevents query ... */
int cmd_merge(int argc, char **argv);  /* newsevents merge OUT.sqlite SHARD.sqlite... */

/* ==== internal ============================================================================ */
#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#define DB_BATCH 500        /* articles per transaction */
#define DB_GROUP_KM 50.0    /* mentions with places closer than this are one event */

/* One parsed record. Strings point into root (owned) and are NULL when absent. */
typedef struct db_actor {
    const char *code, *name, *text;
} db_actor;

typedef struct db_place {
    const char *name, *country, *admin1;
    double lat, lon;
    int has_ll;
    long long geonameid; /* 0 when absent */
    long span0, span1;
} db_place;

typedef struct db_event {
    db_actor src, tgt;
    const char *cameo, *root, *plover, *date, *date_kind, *modality, *field, *evidence, *matched;
    int quad, negated, has_goldstein, has_loc;
    double goldstein;
    db_place loc;
    long sentence, span0, span1;
} db_event;

typedef struct db_quote {
    const char *speaker, *speaker_code, *text;
    long sentence, span0, span1;
} db_quote;

typedef struct db_record {
    cJSON *root;
    const char *id, *date;
    long n_sentences, n_dropped;
    char *warnings; /* the warnings array as JSON text (malloc'd) */
    db_event *ev;
    size_t n_ev;
    db_place *pl;
    size_t n_pl;
    db_quote *qu; /* the record's "quotes" (a named speaker) */
    size_t n_qu;
    db_quote *uq; /* its "unattributed_quotes" (no named speaker) */
    size_t n_uq;
} db_record;

int db_record_parse(db_record *r, const char *json, size_t len, char *err, size_t errcap);
void db_record_free(db_record *r);

/* A read-only connection for export and query: SQLite file or PostgreSQL conninfo. */
typedef struct dbx {
    sqlite3 *lite;
    PGconn *pg;
} dbx;

/* Row callback: vals[i] is NULL for SQL NULL. Return nonzero to stop. */
typedef int (*dbx_row_fn)(void *ctx, int ncol, char **vals, char **names);

/* A target that looks like a libpq conninfo (postgres:// or postgresql:// URI, or key=value). */
int dbx_is_pg_target(const char *target);
int dbx_open(dbx *x, const char *target, char *err, size_t errcap);
int dbx_query(dbx *x, const char *sql, dbx_row_fn fn, void *ctx, char *err, size_t errcap);
void dbx_close(dbx *x);
int pgx_query(PGconn *pg, const char *sql, dbx_row_fn fn, void *ctx, char *err, size_t errcap);
int pgx_exec(PGconn *pg, const char *sql, char *err, size_t errcap);

/* Growable byte buffer (COPY data, SQL text). */
typedef struct dbuf {
    char *p;
    size_t n, cap;
} dbuf;
void dbuf_put(dbuf *b, const char *s, size_t n);
void dbuf_str(dbuf *b, const char *s);
void dbuf_fmt(dbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void dbuf_free(dbuf *b);

/* ---- grouping, shared by both backends ---------------------------------------------------
 * The sink hands the grouper every mention whose key (source code, target code, cameo, date)
 * needs regrouping, as rows of strings in the column order of DB_GROUP_SELECT; the grouper
 * returns event rows (DB_EVENT_COLS) and the event id of every mention. The result depends
 * only on the set of mentions, never on their order, so a merge of shards equals one run. */
#define DB_GROUP_NCOL 20
#define DB_EVENT_NCOL 21
#define DB_EVENT_COLS                                                                          \
    "id, source_code, target_code, cameo, date, root, quad, goldstein, plover, is_root, "      \
    "place_name, place_country, place_admin1, lat, lon, geonameid, num_mentions, "             \
    "num_sources, num_articles, first_article, date_added"

typedef struct db_grouped {
    char **events;    /* n_events * DB_EVENT_NCOL strings (NULL = SQL NULL), owned */
    size_t n_events;
    int64_t *mention_id, *event_id; /* n_links pairs */
    size_t n_links;
    char **rows;      /* the input rows, owned */
    size_t n_rows;
} db_grouped;

/* Load through q (a query function over the sink's connection) and group. */
int db_group_load(db_grouped *g, int (*q)(void *conn, const char *sql, dbx_row_fn fn, void *ctx,
                                          char *err, size_t errcap),
                  void *conn, char *err, size_t errcap);
void db_grouped_free(db_grouped *g);

/* ---- rows of one record, shared by both backends ----------------------------------------
 * db_record_rows() calls emit once per row with the values of the table's column list
 * (DB_*_COLS; NULL = SQL NULL; numbers as decimal text). */
enum { DB_T_ARTICLES, DB_T_SENTENCES, DB_T_MENTIONS, DB_T_PLACES, DB_T_QUOTES, DB_T_UQUOTES,
       DB_T_ACTORS, DB_T_COUNT };
/* The schema version kept in meta ('schema'). 2 added unattributed_quotes; a database of an
 * older version is brought up to date on open (the new tables are created when missing). */
#define DB_SCHEMA_VERSION "2"
extern const char *const db_table_name[DB_T_COUNT];
extern const char *const db_table_cols[DB_T_COUNT];
extern const int db_table_ncol[DB_T_COUNT];
typedef int (*db_emit_fn)(void *ctx, int table, const char *const *vals, char *err,
                          size_t errcap);
int db_record_rows(const db_record *r, const char *source, db_emit_fn emit, void *ctx, char *err,
                   size_t errcap);

/* The grouping query over the regroup table (portable SQL). */
extern const char db_group_select[];

/* PostgreSQL sink (db_pg.c). */
typedef struct pg_sink pg_sink;
int pg_sink_open(pg_sink **out, const char *conninfo, char *err, size_t errcap);
int pg_sink_write(pg_sink *p, const db_record *r, const char *source, char *err, size_t errcap);
int pg_sink_close(pg_sink *p, char *err, size_t errcap);

#endif /* NEV_CLI_DB_H */
