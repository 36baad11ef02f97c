/*
 * db_pg.c - the PostgreSQL store of the newsevents command (libpq). Same tables as the SQLite
 * store (docs/database.md) except full text: sentences carry a generated tsvector column with
 * a GIN index instead of an FTS5 table. Rows are buffered per table in COPY text format and
 * sent with COPY FROM STDIN every DB_BATCH articles, in one transaction per batch; db_close()
 * regroups mentions into events with the same code as the SQLite store (db.c), so both
 * stores hold identical events for the same input.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char pg_schema[] =
    "SET client_min_messages = warning;\n"
    "CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text);\n"
    "INSERT INTO meta VALUES ('schema', '" DB_SCHEMA_VERSION "') ON CONFLICT DO NOTHING;\n"
    "CREATE TABLE IF NOT EXISTS articles(id text PRIMARY KEY, date text, source text,\n"
    "  n_sentences integer, n_dropped integer, warnings text);\n"
    "CREATE TABLE IF NOT EXISTS sentences(id bigserial PRIMARY KEY,\n"
    "  article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx integer, field text, kind text, text text, span_start integer, span_end integer,\n"
    "  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED);\n"
    "CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id);\n"
    "CREATE INDEX IF NOT EXISTS sentences_tsv ON sentences USING gin(tsv);\n"
    "CREATE TABLE IF NOT EXISTS events(id bigint PRIMARY KEY, source_code text NOT NULL,\n"
    "  target_code text NOT NULL, cameo text NOT NULL, date text NOT NULL, root text,\n"
    "  quad integer, goldstein double precision, plover text, is_root integer,\n"
    "  place_name text, place_country text, place_admin1 text, lat double precision,\n"
    "  lon double precision, geonameid bigint, num_mentions integer, num_sources integer,\n"
    "  num_articles integer, first_article text, date_added text);\n"
    "CREATE INDEX IF NOT EXISTS events_key ON events(source_code, target_code, cameo, date);\n"
    "CREATE TABLE IF NOT EXISTS mentions(id bigserial PRIMARY KEY,\n"
    "  event_id bigint REFERENCES events(id) ON DELETE SET NULL,\n"
    "  article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx integer NOT NULL, source_code text NOT NULL, target_code text NOT NULL,\n"
    "  cameo text NOT NULL, date text NOT NULL, root text, quad integer,\n"
    "  goldstein double precision, plover text, date_kind text, modality text,\n"
    "  negated integer, sentence integer, field text, span_start integer, span_end integer,\n"
    "  evidence text, matched text, source_name text, source_text text, target_name text,\n"
    "  target_text text, place_name text, place_country text, place_admin1 text,\n"
    "  lat double precision, lon double precision, geonameid bigint);\n"
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);\n"
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);\n"
    "CREATE INDEX IF NOT EXISTS mentions_key ON mentions(source_code, target_code, cameo, date);\n"
    "CREATE TABLE IF NOT EXISTS actors(code text NOT NULL, name text NOT NULL,\n"
    "  PRIMARY KEY (code, name));\n"
    "CREATE TABLE IF NOT EXISTS places(id bigserial PRIMARY KEY,\n"
    "  article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx integer, name text, country text, admin1 text, lat double precision,\n"
    "  lon double precision, geonameid bigint, span_start integer, span_end integer);\n"
    "CREATE INDEX IF NOT EXISTS places_article ON places(article_id);\n"
    "CREATE TABLE IF NOT EXISTS quotes(id bigserial PRIMARY KEY,\n"
    "  article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx integer, speaker text, speaker_code text, text text, sentence integer,\n"
    "  span_start integer, span_end integer);\n"
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);\n"
    /* schema 2; an older database gets it here on open */
    "CREATE TABLE IF NOT EXISTS unattributed_quotes(id bigserial PRIMARY KEY,\n"
    "  article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx integer, text text, sentence integer, span_start integer, span_end integer);\n"
    "CREATE INDEX IF NOT EXISTS unattributed_quotes_article ON unattributed_quotes(article_id);\n"
    "CREATE TABLE IF NOT EXISTS regroup(source_code text NOT NULL, target_code text NOT NULL,\n"
    "  cameo text NOT NULL, date text NOT NULL,\n"
    "  PRIMARY KEY (source_code, target_code, cameo, date));\n"
    "UPDATE meta SET value = '" DB_SCHEMA_VERSION "' WHERE key = 'schema' AND value = '1';\n"
    "CREATE TEMP TABLE batch_ids(id text) ON COMMIT DELETE ROWS;\n"
    "CREATE TEMP TABLE actors_stage(code text, name text) ON COMMIT DELETE ROWS;\n"
    "CREATE TEMP TABLE event_map(mid bigint, eid bigint) ON COMMIT DELETE ROWS;\n";

struct pg_sink {
    PGconn *pg;
    dbuf copy[DB_T_COUNT]; /* pending COPY data per table */
    dbuf ids;              /* pending article ids (COPY data for batch_ids) */
    char **batch;          /* the ids of the pending batch, to spot a repeat */
    size_t n_batch, cap_batch;
};

static void seterr(char *err, size_t cap, const char *what, const char *msg)
{
    if (!err || !cap)
        return;
    char tmp[512];
    snprintf(tmp, sizeof tmp, "postgres: %.200s%s%.280s", what, what[0] ? ": " : "", msg);
    size_t n = strlen(tmp);
    if (n >= cap) /* a message may be cut to the caller's buffer */
        n = cap - 1;
    memcpy(err, tmp, n);
    err[n] = '\0';
    while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
        err[--n] = '\0';
}

int pgx_exec(PGconn *pg, const char *sql, char *err, size_t errcap)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        seterr(err, errcap, "", PQerrorMessage(pg));
        rc = -1;
    }
    PQclear(res);
    return rc;
}

int pgx_query(PGconn *pg, const char *sql, dbx_row_fn fn, void *ctx, char *err, size_t errcap)
{
    if (!PQsendQuery(pg, sql) || !PQsetSingleRowMode(pg)) {
        seterr(err, errcap, "", PQerrorMessage(pg));
        return -1;
    }
    int rc = 0, stop = 0;
    char **vals = NULL, **names = NULL;
    int ncol = 0;
    PGresult *res;
    while ((res = PQgetResult(pg)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE && !stop && !rc) {
            if (!vals) {
                ncol = PQnfields(res);
                vals = calloc((size_t)ncol + 1, sizeof *vals);
                names = calloc((size_t)ncol + 1, sizeof *names);
                if (!vals || !names) {
                    rc = -1;
                    seterr(err, errcap, "", "out of memory");
                } else {
                    for (int i = 0; i < ncol; i++) {
                        const char *nm = PQfname(res, i);
                        names[i] = malloc(strlen(nm) + 1);
                        if (names[i])
                            strcpy(names[i], nm);
                    }
                }
            }
            if (!rc) {
                for (int i = 0; i < ncol; i++)
                    vals[i] = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
                stop = fn(ctx, ncol, vals, names);
            }
        } else if (st == PGRES_TUPLES_OK) {
            /* the end of the rows; with no rows, the callback never runs */
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_COMMAND_OK && !rc) {
            seterr(err, errcap, "", PQresultErrorMessage(res));
            rc = -1;
        }
        PQclear(res);
    }
    if (names)
        for (int i = 0; i < ncol; i++)
            free(names[i]);
    free(names);
    free(vals);
    if (stop && !rc) {
        seterr(err, errcap, "", "query stopped");
        rc = -1;
    }
    return rc;
}

/* Append one value in COPY text format. */
static void copy_val(dbuf *b, const char *s)
{
    if (!s) {
        dbuf_put(b, "\\N", 2);
        return;
    }
    const char *run = s;
    for (; *s; s++) {
        const char *esc = NULL;
        switch (*s) {
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc) {
            dbuf_put(b, run, (size_t)(s - run));
            dbuf_put(b, esc, 2);
            run = s + 1;
        }
    }
    dbuf_put(b, run, (size_t)(s - run));
}

static void copy_row(dbuf *b, const char *const *vals, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            dbuf_put(b, "\t", 1);
        copy_val(b, vals[i]);
    }
    dbuf_put(b, "\n", 1);
}

static int copy_send(PGconn *pg, const char *table, const char *cols, const dbuf *data,
                     char *err, size_t errcap)
{
    if (!data->n)
        return 0;
    char sql[1024];
    snprintf(sql, sizeof sql, "COPY %s(%s) FROM STDIN", table, cols);
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        seterr(err, errcap, table, PQerrorMessage(pg));
        PQclear(res);
        return -1;
    }
    PQclear(res);
    int rc = 0;
    if (PQputCopyData(pg, data->p, (int)data->n) != 1 || PQputCopyEnd(pg, NULL) != 1) {
        seterr(err, errcap, table, PQerrorMessage(pg));
        rc = -1;
    }
    while ((res = PQgetResult(pg)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc) {
            seterr(err, errcap, table, PQresultErrorMessage(res));
            rc = -1;
        }
        PQclear(res);
    }
    return rc;
}

static void batch_clear(pg_sink *p)
{
    for (int t = 0; t < DB_T_COUNT; t++)
        p->copy[t].n = 0;
    p->ids.n = 0;
    for (size_t i = 0; i < p->n_batch; i++)
        free(p->batch[i]);
    p->n_batch = 0;
}

static int pg_flush(pg_sink *p, char *err, size_t errcap)
{
    if (!p->n_batch)
        return 0;
    int rc = pgx_exec(p->pg, "BEGIN", err, errcap);
    if (!rc)
        rc = copy_send(p->pg, "batch_ids", "id", &p->ids, err, errcap);
    if (!rc)
        rc = pgx_exec(p->pg,
                      "INSERT INTO regroup SELECT DISTINCT m.source_code, m.target_code, m.cameo, "
                      "m.date FROM mentions m JOIN batch_ids b ON b.id = m.article_id "
                      "ON CONFLICT DO NOTHING;"
                      "DELETE FROM articles a USING batch_ids b WHERE a.id = b.id",
                      err, errcap);
    for (int t = 0; !rc && t < DB_T_COUNT; t++)
        rc = copy_send(p->pg, t == DB_T_ACTORS ? "actors_stage" : db_table_name[t],
                       db_table_cols[t], &p->copy[t], err, errcap);
    if (!rc)
        rc = pgx_exec(p->pg,
                      "INSERT INTO actors SELECT DISTINCT code, name FROM actors_stage "
                      "ON CONFLICT DO NOTHING",
                      err, errcap);
    if (!rc)
        rc = pgx_exec(p->pg, "COMMIT", err, errcap);
    if (rc) {
        char tmp[8];
        pgx_exec(p->pg, "ROLLBACK", tmp, sizeof tmp);
    }
    batch_clear(p);
    return rc;
}

static void pg_free(pg_sink *p)
{
    if (!p)
        return;
    batch_clear(p);
    for (int t = 0; t < DB_T_COUNT; t++)
        dbuf_free(&p->copy[t]);
    dbuf_free(&p->ids);
    free(p->batch);
    if (p->pg)
        PQfinish(p->pg);
    free(p);
}

int pg_sink_open(pg_sink **out, const char *conninfo, char *err, size_t errcap)
{
    *out = NULL;
    pg_sink *p = calloc(1, sizeof *p);
    if (!p) {
        seterr(err, errcap, "", "out of memory");
        return -1;
    }
    p->pg = PQconnectdb(conninfo);
    if (PQstatus(p->pg) != CONNECTION_OK) {
        seterr(err, errcap, "", PQerrorMessage(p->pg));
        pg_free(p);
        return -1;
    }
    if (pgx_exec(p->pg, pg_schema, err, errcap)) {
        pg_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

static int pg_emit(void *ctx, int table, const char *const *vals, char *err, size_t errcap)
{
    (void)err;
    (void)errcap;
    pg_sink *p = ctx;
    copy_row(&p->copy[table], vals, db_table_ncol[table]);
    return 0;
}

int pg_sink_write(pg_sink *p, const db_record *r, const char *source, char *err, size_t errcap)
{
    /* an id seen again inside the pending batch: send the batch first, so the later record
     * replaces the earlier one as it does in SQLite */
    for (size_t i = 0; i < p->n_batch; i++)
        if (!strcmp(p->batch[i], r->id)) {
            if (pg_flush(p, err, errcap))
                return -1;
            break;
        }
    if (p->n_batch == p->cap_batch) {
        size_t cap = p->cap_batch ? p->cap_batch * 2 : 64;
        char **nb = realloc(p->batch, sizeof *nb * cap);
        if (!nb) {
            seterr(err, errcap, "", "out of memory");
            return -1;
        }
        p->batch = nb;
        p->cap_batch = cap;
    }
    size_t k = strlen(r->id) + 1;
    char *id = malloc(k);
    if (!id) {
        seterr(err, errcap, "", "out of memory");
        return -1;
    }
    memcpy(id, r->id, k);
    p->batch[p->n_batch++] = id;
    const char *v[1] = {r->id};
    copy_row(&p->ids, v, 1);
    if (db_record_rows(r, source, pg_emit, p, err, errcap))
        return -1;
    if (p->n_batch >= DB_BATCH)
        return pg_flush(p, err, errcap);
    return 0;
}

static int pg_query_cb(void *conn, const char *sql, dbx_row_fn fn, void *ctx, char *err,
                       size_t errcap)
{
    return pgx_query(conn, sql, fn, ctx, err, errcap);
}

static int pg_regroup(pg_sink *p, char *err, size_t errcap)
{
    db_grouped g;
    if (pgx_exec(p->pg,
                 "INSERT INTO regroup SELECT DISTINCT source_code, target_code, cameo, date "
                 "FROM mentions WHERE event_id IS NULL ON CONFLICT DO NOTHING",
                 err, errcap) ||
        db_group_load(&g, pg_query_cb, p->pg, err, errcap))
        return -1;
    int rc = pgx_exec(p->pg,
                      "DELETE FROM events WHERE EXISTS (SELECT 1 FROM regroup r WHERE "
                      "r.source_code = events.source_code AND r.target_code = "
                      "events.target_code AND r.cameo = events.cameo AND r.date = events.date)",
                      err, errcap);
    dbuf ev = {NULL, 0, 0}, map = {NULL, 0, 0};
    for (size_t j = 0; j < g.n_events; j++)
        copy_row(&ev, (const char *const *)&g.events[j * DB_EVENT_NCOL], DB_EVENT_NCOL);
    for (size_t i = 0; i < g.n_links; i++)
        dbuf_fmt(&map, "%lld\t%lld\n", (long long)g.mention_id[i], (long long)g.event_id[i]);
    if (!rc)
        rc = copy_send(p->pg, "events", DB_EVENT_COLS, &ev, err, errcap);
    if (!rc)
        rc = copy_send(p->pg, "event_map", "mid, eid", &map, err, errcap);
    if (!rc)
        rc = pgx_exec(p->pg,
                      "UPDATE mentions m SET event_id = t.eid FROM event_map t WHERE m.id = t.mid;"
                      "DELETE FROM regroup",
                      err, errcap);
    dbuf_free(&ev);
    dbuf_free(&map);
    db_grouped_free(&g);
    return rc;
}

int pg_sink_close(pg_sink *p, char *err, size_t errcap)
{
    int rc = pg_flush(p, err, errcap);
    if (!rc)
        rc = pgx_exec(p->pg, "BEGIN", err, errcap);
    if (!rc) {
        rc = pg_regroup(p, err, errcap);
        if (!rc)
            rc = pgx_exec(p->pg, "COMMIT", err, errcap);
        else {
            char tmp[8];
            pgx_exec(p->pg, "ROLLBACK", tmp, sizeof tmp);
        }
    }
    pg_free(p);
    return rc ? -1 : 0;
}
