/*
 * export.c - `newsevents export` and `newsevents query`: read a store written by the database
 * sinks (SQLite file or PostgreSQL conninfo) and print it as GDELT 2.0 Events or Mentions
 * tables (tab-separated, GDELT's column order), JSON Lines or CSV, or run SQL on it.
 *
 * GDELT column order follows "The GDELT Event Database Data Format Codebook V2.0"; the mapping
 * from our tables to each column, and the columns left blank, are in docs/database.md.
 * Numbers are formatted here, not by the database, so a SQLite store and a PostgreSQL store of
 * the same input export to identical bytes.
 */
#include "db.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_export[] =
    "usage: newsevents export [--format gdelt|jsonl|csv] [--table events|mentions] [-o FILE] DB\n"
    "\n"
    "Write the events of a database made by `newsevents code --db` (or --postgres).\n"
    "DB is a SQLite file, or a PostgreSQL connection string (postgresql://... or key=value).\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT  gdelt (default): GDELT 2.0 tab-separated, no header line;\n"
    "                    jsonl: one event a line with its mentions;\n"
    "                    csv: one mention a line with its event, with a header line\n"
    "  -t, --table T     for gdelt: events (61 columns, default) or mentions (16 columns)\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "      --postgres CONNINFO  read from PostgreSQL (instead of DB)\n"
    "  -h, --help        this help\n"
    "\n"
    "Examples:\n"
    "  newsevents export events.sqlite > events.tsv\n"
    "  newsevents export --table mentions -o mentions.tsv events.sqlite\n"
    "  newsevents export --format jsonl 'host=/tmp dbname=news'\n";

static const char usage_query[] =
    "usage: newsevents query DB SQL\n"
    "       newsevents query DB --top-actors [N] | --timeline ACTOR | --top-events [N]\n"
    "\n"
    "Run SQL on a database made by `newsevents code --db` (or a PostgreSQL connection string)\n"
    "and print the rows tab-separated with a header line (NULL prints as nothing).\n"
    "  --top-actors [N]   actor codes by number of mentions (default 20)\n"
    "  --timeline ACTOR   events whose source or target code starts with ACTOR, by date\n"
    "  --top-events [N]   events by number of mentions (default 20)\n"
    "Tables: articles, sentences (+ sentences_fts in SQLite), events, mentions, actors, places,\n"
    "quotes, unattributed_quotes; see docs/database.md.\n"
    "\n"
    "Examples:\n"
    "  newsevents query events.sqlite --top-actors 10\n"
    "  newsevents query events.sqlite \"SELECT cameo, COUNT(*) FROM events GROUP BY cameo\"\n"
    "  newsevents query events.sqlite \\\n"
    "    \"SELECT article_id, text FROM sentences_fts JOIN sentences ON sentences.id = rowid \\\n"
    "     WHERE sentences_fts MATCH 'drone'\"\n";

/* ---- output helpers ------------------------------------------------------------------------ */
typedef struct out {
    FILE *f;
    int fail;
} out;

static void put(out *o, const char *s)
{
    if (fputs(s, o->f) == EOF)
        o->fail = 1;
}

/* A TSV field: tabs and line breaks become spaces. */
static void put_tsv(out *o, const char *s)
{
    if (!s)
        return;
    for (; *s; s++)
        if (fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, o->f) == EOF)
            o->fail = 1;
}

static void put_csv(out *o, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\n\r")) {
        put(o, s);
        return;
    }
    fputc('"', o->f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', o->f);
        fputc(*s, o->f);
    }
    if (fputc('"', o->f) == EOF)
        o->fail = 1;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* Fixed-decimal text of a number column ("" for NULL). */
static void fmt_num(char *buf, size_t cap, const char *v, int decimals)
{
    if (!v || !*v) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, cap, "%.*f", decimals, strtod(v, NULL));
}

static int valid_date(const char *d)
{
    if (!d || strlen(d) < 10 || d[4] != '-' || d[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
            return 0;
    return 1;
}

/* ---- GDELT ----------------------------------------------------------------------------------- */
/* The ten actor columns of GDELT for one CAMEO actor code. */
static void gdelt_actor(out *o, const char *code, const char *name)
{
    char cc[4] = "", known[4] = "", type[3][4] = {"", "", ""};
    size_t n = code ? strlen(code) : 0;
    size_t at = 0;
    int nt = 0;
    if (n >= 3 && (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3))) {
        memcpy(type[nt++], code, 3);
        at = 3;
        if (n >= 6) {
            memcpy(known, code + 3, 3);
            at = 6;
        }
    } else if (n >= 3) {
        memcpy(cc, code, 3);
        at = 3;
    }
    for (; at + 3 <= n && nt < 3; at += 3)
        memcpy(type[nt++], code + at, 3);
    /* Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
     * Type1Code, Type2Code, Type3Code */
    put_tsv(o, code);
    put(o, "\t");
    put_tsv(o, name);
    put(o, "\t");
    put(o, cc);
    put(o, "\t");
    put(o, known);
    put(o, "\t\t\t\t");
    put(o, type[0]);
    put(o, "\t");
    put(o, type[1]);
    put(o, "\t");
    put(o, type[2]);
}

enum { E_ID, E_DATE, E_SRC, E_TGT, E_CAMEO, E_ROOT, E_QUAD, E_GOLD, E_ISROOT, E_NM, E_NS, E_NA,
       E_PNAME, E_PCC, E_PADM1, E_LAT, E_LON, E_GEOID, E_ADDED, E_FIRST, E_SNAME, E_TNAME };

static const char gdelt_events_sql[] =
    "SELECT e.id, e.date, e.source_code, e.target_code, e.cameo, e.root, e.quad, e.goldstein, "
    "e.is_root, e.num_mentions, e.num_sources, e.num_articles, e.place_name, e.place_country, "
    "e.place_admin1, e.lat, e.lon, e.geonameid, e.date_added, e.first_article, "
    "m.source_name, m.target_name FROM events e LEFT JOIN mentions m ON m.event_id = e.id AND "
    "m.article_id = e.first_article AND m.idx = (SELECT MIN(m2.idx) FROM mentions m2 WHERE "
    "m2.event_id = e.id AND m2.article_id = e.first_article) ORDER BY e.id";

static int gdelt_event_row(void *ctx, int ncol, char **v, char **names)
{
    (void)names;
    (void)ncol;
    out *o = ctx;
    char buf[64];
    const char *d = v[E_DATE];
    int dated = valid_date(d);
    /* GLOBALEVENTID SQLDATE MonthYear Year FractionDate */
    put(o, v[E_ID]);
    put(o, "\t");
    if (dated) {
        int y = atoi(d), mo = atoi(d + 5), dd = atoi(d + 8);
        snprintf(buf, sizeof buf, "%04d%02d%02d\t%04d%02d\t%04d\t%.4f", y, mo, dd, y, mo, y,
                 y + (mo * 30 + dd) / 365.0);
        put(o, buf);
    } else {
        put(o, "\t\t\t");
    }
    put(o, "\t");
    gdelt_actor(o, v[E_SRC], v[E_SNAME]);
    put(o, "\t");
    gdelt_actor(o, v[E_TGT], v[E_TNAME]);
    /* IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions
     * NumSources NumArticles AvgTone */
    const char *cameo = nz(v[E_CAMEO]);
    char base[4] = "";
    snprintf(base, sizeof base, "%.3s", cameo);
    put(o, "\t");
    put(o, nz(v[E_ISROOT]));
    put(o, "\t");
    put_tsv(o, cameo);
    put(o, "\t");
    put_tsv(o, base);
    put(o, "\t");
    put_tsv(o, v[E_ROOT]);
    put(o, "\t");
    put(o, nz(v[E_QUAD]));
    put(o, "\t");
    fmt_num(buf, sizeof buf, v[E_GOLD], 1);
    put(o, buf);
    put(o, "\t");
    put(o, nz(v[E_NM]));
    put(o, "\t");
    put(o, nz(v[E_NS]));
    put(o, "\t");
    put(o, nz(v[E_NA]));
    put(o, "\t");
    /* Actor1Geo_* and Actor2Geo_*: the record places the action, not the actors */
    put(o, "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t");
    /* ActionGeo: Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID */
    if (v[E_PNAME]) {
        int us = v[E_PCC] && !strcmp(v[E_PCC], "USA");
        int state = v[E_PADM1] && !strcmp(v[E_PADM1], v[E_PNAME]);
        put(o, "\t");
        put(o, state ? (us ? "2" : "5") : (us ? "3" : "4"));
        put(o, "\t");
        put_tsv(o, v[E_PNAME]);
        if (v[E_PADM1] && v[E_PADM1][0] && !state) {
            put(o, ", ");
            put_tsv(o, v[E_PADM1]);
        }
        if (v[E_PCC] && v[E_PCC][0]) {
            put(o, ", ");
            put_tsv(o, v[E_PCC]);
        }
        put(o, "\t");
        put_tsv(o, v[E_PCC]);
        put(o, "\t\t\t");
        fmt_num(buf, sizeof buf, v[E_LAT], 4);
        put(o, buf);
        put(o, "\t");
        fmt_num(buf, sizeof buf, v[E_LON], 4);
        put(o, buf);
        put(o, "\t");
        put(o, nz(v[E_GEOID]));
    } else {
        put(o, "\t\t\t\t\t\t\t\t");
    }
    /* DATEADDED SOURCEURL */
    put(o, "\t");
    if (valid_date(v[E_ADDED])) {
        snprintf(buf, sizeof buf, "%.4s%.2s%.2s000000", v[E_ADDED], v[E_ADDED] + 5,
                 v[E_ADDED] + 8);
        put(o, buf);
    }
    put(o, "\t");
    put_tsv(o, v[E_FIRST]);
    put(o, "\n");
    return o->fail;
}

enum { M_EID, M_ADDED, M_ADATE, M_SOURCE, M_ART, M_SENT, M_SPAN, M_EVID, M_STEXT, M_TTEXT,
       M_MATCHED, M_MODALITY };

/* Byte offset of needle inside the sentence, plus the sentence's offset; -1 when absent. */
static long char_offset(const char *span, const char *evidence, const char *needle)
{
    if (!span || !evidence || !needle || !*needle)
        return -1;
    const char *p = strstr(evidence, needle);
    return p ? strtol(span, NULL, 10) + (long)(p - evidence) : -1;
}

static int gdelt_mention_row(void *ctx, int ncol, char **v, char **names)
{
    (void)names;
    (void)ncol;
    out *o = ctx;
    char buf[256];
    put(o, nz(v[M_EID]));
    put(o, "\t");
    if (valid_date(v[M_ADDED])) {
        snprintf(buf, sizeof buf, "%.4s%.2s%.2s000000", v[M_ADDED], v[M_ADDED] + 5,
                 v[M_ADDED] + 8);
        put(o, buf);
    }
    put(o, "\t");
    if (valid_date(v[M_ADATE])) {
        snprintf(buf, sizeof buf, "%.4s%.2s%.2s000000", v[M_ADATE], v[M_ADATE] + 5,
                 v[M_ADATE] + 8);
        put(o, buf);
    }
    const char *art = nz(v[M_ART]);
    int web = !strncmp(art, "http://", 7) || !strncmp(art, "https://", 8);
    put(o, web ? "\t1\t" : "\t2\t");
    put_tsv(o, v[M_SOURCE]);
    put(o, "\t");
    put_tsv(o, art);
    const char *mod = nz(v[M_MODALITY]);
    int conf = !strcmp(mod, "asserted") ? 100 : !strcmp(mod, "reported") ? 80
             : !strcmp(mod, "intended") ? 60 : !strcmp(mod, "hypothetical") ? 40 : 50;
    snprintf(buf, sizeof buf, "\t%ld\t%ld\t%ld\t%ld\t1\t%d\t\t\t\t\n",
             v[M_SENT] ? strtol(v[M_SENT], NULL, 10) + 1 : 0,
             char_offset(v[M_SPAN], v[M_EVID], v[M_STEXT]),
             char_offset(v[M_SPAN], v[M_EVID], v[M_TTEXT]),
             char_offset(v[M_SPAN], v[M_EVID], v[M_MATCHED]), conf);
    put(o, buf);
    return o->fail;
}

/* ---- JSON Lines and CSV: events joined with their mentions ------------------------------------
 */
static const char *const joined_cols[] = {
    /* event */
    "event_id", "date", "source_code", "target_code", "cameo", "root", "quad", "goldstein",
    "plover", "is_root", "place_name", "place_country", "place_admin1", "lat", "lon",
    "geonameid", "num_mentions", "num_sources", "num_articles", "first_article", "date_added",
    /* mention */
    "article_id", "article_source", "article_date", "idx", "sentence", "field", "span_start",
    "span_end", "modality", "negated", "date_kind", "source_name", "source_text",
    "target_name", "target_text", "matched", "evidence"};
#define N_EVENT_COLS 21
#define N_JOINED_COLS 38

static const char joined_sql_fmt[] =
    "SELECT e.id, e.date, e.source_code, e.target_code, e.cameo, e.root, e.quad, e.goldstein, "
    "e.plover, e.is_root, e.place_name, e.place_country, e.place_admin1, e.lat, e.lon, "
    "e.geonameid, e.num_mentions, e.num_sources, e.num_articles, e.first_article, "
    "e.date_added, m.article_id, a.source, a.date, m.idx, m.sentence, m.field, m.span_start, "
    "m.span_end, m.modality, m.negated, m.date_kind, m.source_name, m.source_text, "
    "m.target_name, m.target_text, m.matched, m.evidence FROM events e "
    "JOIN mentions m ON m.event_id = e.id JOIN articles a ON a.id = m.article_id "
    "ORDER BY e.id, m.article_id%s, m.idx";

/* Kind of each joined column: 0 text, 1 integer, 10 + N a number with N decimals. */
static int col_kind(int i)
{
    const char *c = joined_cols[i];
    if (!strcmp(c, "goldstein"))
        return 11;
    if (!strcmp(c, "lat") || !strcmp(c, "lon"))
        return 15;
    static const char *const ints[] = {"event_id", "quad", "is_root", "geonameid",
                                       "num_mentions", "num_sources", "num_articles", "idx",
                                       "sentence", "span_start", "span_end", "negated"};
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++)
        if (!strcmp(c, ints[k]))
            return 1;
    return 0;
}

static void col_text(char *buf, size_t cap, int kind, const char *v)
{
    if (kind == 1)
        snprintf(buf, cap, "%lld", strtoll(v, NULL, 10));
    else
        fmt_num(buf, cap, v, kind - 10);
}

typedef struct jctx {
    out *o;
    int csv;
    char *cur_id;
    cJSON *ev, *mentions;
} jctx;

static cJSON *json_val(int i, const char *v)
{
    if (!v)
        return cJSON_CreateNull();
    int k = col_kind(i);
    if (!k)
        return cJSON_CreateString(v);
    char buf[64];
    col_text(buf, sizeof buf, k, v);
    return cJSON_CreateRaw(buf);
}

static void json_flush(jctx *j)
{
    if (!j->ev)
        return;
    char *s = cJSON_PrintUnformatted(j->ev);
    if (s) {
        put(j->o, s);
        put(j->o, "\n");
        free(s);
    } else {
        j->o->fail = 1;
    }
    cJSON_Delete(j->ev);
    j->ev = NULL;
    free(j->cur_id);
    j->cur_id = NULL;
}

static int joined_row(void *ctx, int ncol, char **v, char **names)
{
    (void)names;
    jctx *j = ctx;
    if (ncol != N_JOINED_COLS)
        return 1;
    if (j->csv) {
        char buf[64];
        for (int i = 0; i < ncol; i++) {
            if (i)
                put(j->o, ",");
            int k = col_kind(i);
            if (k && v[i]) {
                col_text(buf, sizeof buf, k, v[i]);
                put(j->o, buf);
            } else {
                put_csv(j->o, v[i]);
            }
        }
        put(j->o, "\n");
        return j->o->fail;
    }
    if (!j->cur_id || strcmp(j->cur_id, v[0])) {
        json_flush(j);
        j->cur_id = malloc(strlen(v[0]) + 1);
        if (!j->cur_id)
            return 1;
        strcpy(j->cur_id, v[0]);
        j->ev = cJSON_CreateObject();
        for (int i = 0; i < N_EVENT_COLS; i++)
            cJSON_AddItemToObject(j->ev, i ? joined_cols[i] : "id", json_val(i, v[i]));
        j->mentions = cJSON_AddArrayToObject(j->ev, "mentions");
    }
    cJSON *m = cJSON_CreateObject();
    for (int i = N_EVENT_COLS; i < ncol; i++)
        cJSON_AddItemToObject(m, joined_cols[i], json_val(i, v[i]));
    cJSON_AddItemToArray(j->mentions, m);
    return j->o->fail;
}

/* ---- export ------------------------------------------------------------------------------------
 */
int cmd_export(int argc, char **argv)
{
    const char *format = "gdelt", *table = "events", *output = NULL, *target = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_export, stdout);
            return 0;
        } else if ((!strcmp(a, "-f") || !strcmp(a, "--format")) && has_val) {
            format = argv[++i];
        } else if ((!strcmp(a, "-t") || !strcmp(a, "--table")) && has_val) {
            table = argv[++i];
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_val) {
            output = argv[++i];
        } else if (!strcmp(a, "--postgres") && has_val) {
            target = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "newsevents: unknown option or missing value: %s (see newsevents "
                            "export --help)\n", a);
            return 2;
        } else if (!target) {
            target = a;
        } else {
            fprintf(stderr, "newsevents: export takes one database (see --help)\n");
            return 2;
        }
    }
    int gdelt = !strcmp(format, "gdelt"), csv = !strcmp(format, "csv");
    if (!gdelt && !csv && strcmp(format, "jsonl")) {
        fprintf(stderr, "newsevents: unknown format %s (gdelt, jsonl or csv)\n", format);
        return 2;
    }
    int mentions = !strcmp(table, "mentions");
    if (!mentions && strcmp(table, "events")) {
        fprintf(stderr, "newsevents: unknown table %s (events or mentions)\n", table);
        return 2;
    }
    if (!target) {
        fputs(usage_export, stderr);
        return 2;
    }
    char err[1024] = "";
    dbx x;
    if (dbx_open(&x, target, err, sizeof err)) {
        fprintf(stderr, "newsevents: %s\n", err);
        return 1;
    }
    out o = {stdout, 0};
    if (output && !(o.f = fopen(output, "wb"))) {
        fprintf(stderr, "newsevents: %s: %s\n", output, strerror(errno));
        dbx_close(&x);
        return 1;
    }
    /* text order must not depend on the server's collation */
    const char *coll = x.pg ? " COLLATE \"C\"" : "";
    char sql[2048];
    int rc;
    if (gdelt && mentions) {
        snprintf(sql, sizeof sql,
                 "SELECT m.event_id, e.date_added, a.date, a.source, m.article_id, m.sentence, "
                 "m.span_start, m.evidence, m.source_text, m.target_text, m.matched, m.modality "
                 "FROM mentions m JOIN events e ON e.id = m.event_id JOIN articles a ON "
                 "a.id = m.article_id ORDER BY m.event_id, m.article_id%s, m.idx",
                 coll);
        rc = dbx_query(&x, sql, gdelt_mention_row, &o, err, sizeof err);
    } else if (gdelt) {
        rc = dbx_query(&x, gdelt_events_sql, gdelt_event_row, &o, err, sizeof err);
    } else {
        jctx j = {&o, csv, NULL, NULL, NULL};
        if (csv) {
            for (int i = 0; i < N_JOINED_COLS; i++) {
                put(&o, i ? "," : "");
                put(&o, joined_cols[i]);
            }
            put(&o, "\n");
        }
        snprintf(sql, sizeof sql, joined_sql_fmt, coll);
        rc = dbx_query(&x, sql, joined_row, &j, err, sizeof err);
        json_flush(&j);
    }
    dbx_close(&x);
    if (fflush(o.f) != 0)
        o.fail = 1;
    if (o.f != stdout && fclose(o.f) != 0)
        o.fail = 1;
    if (rc && !o.fail) {
        fprintf(stderr, "newsevents: %s\n", err);
        return 1;
    }
    if (o.fail) {
        fprintf(stderr, "newsevents: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* ---- query --------------------------------------------------------------------------------------
 */
typedef struct qctx {
    out *o;
    long rows;
} qctx;

static int query_row(void *ctx, int ncol, char **v, char **names)
{
    qctx *q = ctx;
    if (q->rows++ == 0) {
        for (int i = 0; i < ncol; i++) {
            put(q->o, i ? "\t" : "");
            put_tsv(q->o, names[i]);
        }
        put(q->o, "\n");
    }
    for (int i = 0; i < ncol; i++) {
        put(q->o, i ? "\t" : "");
        put_tsv(q->o, v[i]);
    }
    put(q->o, "\n");
    return q->o->fail;
}

static long opt_count(int argc, char **argv, int *i)
{
    if (*i + 1 < argc) {
        char *end;
        long n = strtol(argv[*i + 1], &end, 10);
        if (!*end && end != argv[*i + 1] && n > 0) {
            (*i)++;
            return n;
        }
    }
    return 20;
}

int cmd_query(int argc, char **argv)
{
    const char *target = NULL, *sql_arg = NULL;
    char sql[2048] = "";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_query, stdout);
            return 0;
        } else if (!strcmp(a, "--top-actors")) {
            long n = opt_count(argc, argv, &i);
            snprintf(sql, sizeof sql,
                     "SELECT t.code AS actor, COUNT(*) AS mentions FROM (SELECT source_code AS "
                     "code FROM mentions UNION ALL SELECT target_code AS code FROM mentions) AS "
                     "t WHERE t.code <> '' GROUP BY t.code ORDER BY mentions DESC, actor LIMIT %ld",
                     n);
        } else if (!strcmp(a, "--top-events")) {
            long n = opt_count(argc, argv, &i);
            snprintf(sql, sizeof sql,
                     "SELECT id, date, source_code, cameo, target_code, plover, num_mentions, "
                     "num_sources, num_articles, place_name FROM events ORDER BY num_mentions "
                     "DESC, num_articles DESC, id LIMIT %ld",
                     n);
        } else if (!strcmp(a, "--timeline")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "newsevents: --timeline needs an actor code\n");
                return 2;
            }
            const char *actor = argv[++i];
            char code[64];
            size_t k = 0;
            for (const char *p = actor; *p; p++) {
                if (!isalnum((unsigned char)*p) || k + 1 >= sizeof code) {
                    fprintf(stderr, "newsevents: not an actor code: %s\n", actor);
                    return 2;
                }
                code[k++] = (char)toupper((unsigned char)*p);
            }
            code[k] = '\0';
            if (!k) {
                fprintf(stderr, "newsevents: --timeline needs an actor code\n");
                return 2;
            }
            snprintf(sql, sizeof sql,
                     "SELECT date, source_code, cameo, target_code, plover, quad, "
                     "num_mentions, num_articles, place_name FROM events WHERE source_code LIKE "
                     "'%s%%' OR target_code LIKE '%s%%' ORDER BY date, id",
                     code, code);
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "newsevents: unknown option %s (see newsevents query --help)\n", a);
            return 2;
        } else if (!target) {
            target = a;
        } else if (!sql_arg) {
            sql_arg = a;
        } else {
            fprintf(stderr, "newsevents: query takes one database and one SQL statement\n");
            return 2;
        }
    }
    if (!target || (!sql_arg && !sql[0]) || (sql_arg && sql[0])) {
        fputs(usage_query, stderr);
        return 2;
    }
    char err[1024] = "";
    dbx x;
    if (dbx_open(&x, target, err, sizeof err)) {
        fprintf(stderr, "newsevents: %s\n", err);
        return 1;
    }
    out o = {stdout, 0};
    qctx q = {&o, 0};
    int rc = dbx_query(&x, sql_arg ? sql_arg : sql, query_row, &q, err, sizeof err);
    dbx_close(&x);
    if (fflush(stdout) != 0)
        o.fail = 1;
    if (rc && !o.fail) {
        fprintf(stderr, "newsevents: %s\n", err);
        return 1;
    }
    return o.fail ? 1 : 0;
}
