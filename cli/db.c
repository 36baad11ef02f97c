/*
 * db.c - the SQLite store of the newsevents command, and what both database backends share:
 * parsing the engine's JSON record (src/out_json.c) with cJSON, turning it into table rows,
 * and grouping mentions of the same event across articles into event records.
 *
 * Input: one JSON record per article (db_write), in input order, from the CLI's writer thread.
 * Output: the tables of docs/database.md. Articles are written in transactions of DB_BATCH;
 * db_close() regroups every event key whose mentions changed and commits.
 *
 * Grouping rule (docs/database.md, "Events and mentions"): mentions with the same source code,
 * target code, CAMEO code and date are one event when their places lie within DB_GROUP_KM of
 * the group's first mention (or neither has a place). Mentions are visited in (article id,
 * index) order, so the groups and their ids depend only on which articles are stored: a second
 * run, or a merge of shards in any order, gives the same events as one run.
 */
#include "db.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void seterr(char *err, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void seterr(char *err, size_t cap, const char *fmt, ...)
{
    if (!err || !cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

static void *xalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("newsevents: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("newsevents: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

/* ---- dbuf --------------------------------------------------------------------------------- */
void dbuf_put(dbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void dbuf_str(dbuf *b, const char *s) { dbuf_put(b, s, strlen(s)); }

void dbuf_fmt(dbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k <= 0)
        return;
    char *tmp = xalloc((size_t)k + 1);
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)k + 1, fmt, ap);
    va_end(ap);
    dbuf_put(b, tmp, (size_t)k);
    free(tmp);
}

void dbuf_free(dbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* ---- the JSON record ---------------------------------------------------------------------- */
static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int jnum(const cJSON *o, const char *k, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v))
        return 0;
    *out = v->valuedouble;
    return 1;
}

static long jlong(const cJSON *o, const char *k, long dflt)
{
    double d;
    return jnum(o, k, &d) ? (long)d : dflt;
}

static void jspan(const cJSON *o, long *s0, long *s1)
{
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(o, "span");
    *s0 = *s1 = -1;
    if (cJSON_IsArray(sp) && cJSON_GetArraySize(sp) == 2) {
        const cJSON *a = cJSON_GetArrayItem(sp, 0), *b = cJSON_GetArrayItem(sp, 1);
        if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) {
            *s0 = (long)a->valuedouble;
            *s1 = (long)b->valuedouble;
        }
    }
}

/* An actor is an object {code, name, text} or a bare code string (GUIDE.md section 5). */
static void jactor(const cJSON *o, const char *k, db_actor *a)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    memset(a, 0, sizeof *a);
    if (cJSON_IsString(v)) {
        a->code = v->valuestring;
    } else if (cJSON_IsObject(v)) {
        a->code = jstr(v, "code");
        a->name = jstr(v, "name");
        a->text = jstr(v, "text");
    }
}

static void jplace(const cJSON *o, db_place *p)
{
    memset(p, 0, sizeof *p);
    p->name = jstr(o, "name");
    p->country = jstr(o, "country");
    p->admin1 = jstr(o, "admin1");
    p->has_ll = jnum(o, "lat", &p->lat) && jnum(o, "lon", &p->lon);
    double g;
    if (jnum(o, "geonameid", &g))
        p->geonameid = (long long)g;
    jspan(o, &p->span0, &p->span1);
}

/* The quotes of array k (README "Output": "quotes" with a named speaker, and
 * "unattributed_quotes" whose speaker is null). *out is malloc'd, never NULL. */
static void jquotes(const cJSON *root, const char *k, db_quote **out, size_t *n_out)
{
    const cJSON *qus = cJSON_GetObjectItemCaseSensitive(root, k);
    int n = cJSON_IsArray(qus) ? cJSON_GetArraySize(qus) : 0;
    db_quote *qv = xalloc(sizeof *qv * (size_t)(n + 1));
    size_t nq = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, qus)
    {
        if (!cJSON_IsObject(e))
            continue;
        db_quote *q = &qv[nq++];
        memset(q, 0, sizeof *q);
        const cJSON *sp = cJSON_GetObjectItemCaseSensitive(e, "speaker");
        if (cJSON_IsString(sp)) {
            q->speaker = sp->valuestring;
        } else if (cJSON_IsObject(sp)) {
            q->speaker = jstr(sp, "name");
            q->speaker_code = jstr(sp, "code");
        }
        q->text = jstr(e, "text");
        q->sentence = jlong(e, "sentence", -1);
        jspan(e, &q->span0, &q->span1);
    }
    *out = qv;
    *n_out = nq;
}

int db_record_parse(db_record *r, const char *json, size_t len, char *err, size_t errcap)
{
    memset(r, 0, sizeof *r);
    r->root = cJSON_ParseWithLength(json, len);
    if (!cJSON_IsObject(r->root)) {
        seterr(err, errcap, "record is not a JSON object");
        db_record_free(r);
        return -1;
    }
    r->id = jstr(r->root, "id");
    if (!r->id || !r->id[0]) {
        seterr(err, errcap, "record has no string \"id\"");
        db_record_free(r);
        return -1;
    }
    r->date = jstr(r->root, "date");
    r->n_sentences = jlong(r->root, "sentences", 0);
    r->n_dropped = jlong(r->root, "sentences_dropped", 0);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(r->root, "warnings");
    if (cJSON_IsArray(w) && cJSON_GetArraySize(w) > 0)
        r->warnings = cJSON_PrintUnformatted(w);

    const cJSON *evs = cJSON_GetObjectItemCaseSensitive(r->root, "events");
    int n = cJSON_IsArray(evs) ? cJSON_GetArraySize(evs) : 0;
    r->ev = xalloc(sizeof *r->ev * (size_t)(n + 1));
    const cJSON *e;
    cJSON_ArrayForEach(e, evs)
    {
        if (!cJSON_IsObject(e))
            continue;
        db_event *d = &r->ev[r->n_ev++];
        memset(d, 0, sizeof *d);
        jactor(e, "source", &d->src);
        jactor(e, "target", &d->tgt);
        d->cameo = jstr(e, "cameo");
        d->root = jstr(e, "root");
        d->plover = jstr(e, "plover");
        d->date = jstr(e, "date");
        d->date_kind = jstr(e, "date_kind");
        d->modality = jstr(e, "modality");
        d->field = jstr(e, "field");
        d->evidence = jstr(e, "evidence");
        d->matched = jstr(e, "matched");
        d->quad = (int)jlong(e, "quad", 0);
        d->has_goldstein = jnum(e, "goldstein", &d->goldstein);
        d->negated = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "negated"));
        const cJSON *loc = cJSON_GetObjectItemCaseSensitive(e, "location");
        if (cJSON_IsObject(loc)) {
            jplace(loc, &d->loc);
            d->has_loc = 1;
        }
        d->sentence = jlong(e, "sentence", -1);
        jspan(e, &d->span0, &d->span1);
        if (!d->cameo) {
            seterr(err, errcap, "%s: event %zu has no \"cameo\"", r->id, r->n_ev - 1);
            db_record_free(r);
            return -1;
        }
    }
    const cJSON *pls = cJSON_GetObjectItemCaseSensitive(r->root, "locations");
    n = cJSON_IsArray(pls) ? cJSON_GetArraySize(pls) : 0;
    r->pl = xalloc(sizeof *r->pl * (size_t)(n + 1));
    cJSON_ArrayForEach(e, pls)
    {
        if (cJSON_IsObject(e))
            jplace(e, &r->pl[r->n_pl++]);
    }
    jquotes(r->root, "quotes", &r->qu, &r->n_qu);
    jquotes(r->root, "unattributed_quotes", &r->uq, &r->n_uq);
    return 0;
}

void db_record_free(db_record *r)
{
    cJSON_Delete(r->root);
    free(r->warnings);
    free(r->ev);
    free(r->pl);
    free(r->qu);
    free(r->uq);
    memset(r, 0, sizeof *r);
}

/* ---- rows ---------------------------------------------------------------------------------- */
const char *const db_table_name[DB_T_COUNT] = {
    "articles", "sentences", "mentions", "places", "quotes", "unattributed_quotes", "actors"};
const char *const db_table_cols[DB_T_COUNT] = {
    "id, date, source, n_sentences, n_dropped, warnings",
    "article_id, idx, field, kind, text, span_start, span_end",
    "article_id, idx, source_code, target_code, cameo, date, root, quad, goldstein, plover, "
    "date_kind, modality, negated, sentence, field, span_start, span_end, evidence, matched, "
    "source_name, source_text, target_name, target_text, place_name, place_country, "
    "place_admin1, lat, lon, geonameid",
    "article_id, idx, name, country, admin1, lat, lon, geonameid, span_start, span_end",
    "article_id, idx, speaker, speaker_code, text, sentence, span_start, span_end",
    "article_id, idx, text, sentence, span_start, span_end",
    "code, name"};
const int db_table_ncol[DB_T_COUNT] = {6, 7, 29, 10, 8, 6, 2};

/* Small number formatting into a ring of buffers, so one row can hold several numbers. */
typedef struct numbuf {
    char b[32][32];
    int i;
} numbuf;

static const char *nl(numbuf *nb, long v)
{
    char *p = nb->b[nb->i++ & 31];
    snprintf(p, 32, "%ld", v);
    return p;
}

static const char *nf(numbuf *nb, const char *fmt, double v)
{
    char *p = nb->b[nb->i++ & 31];
    snprintf(p, 32, fmt, v);
    return p;
}

static const char *nz(const char *s) { return s ? s : ""; }

int db_record_rows(const db_record *r, const char *source, db_emit_fn emit, void *ctx, char *err,
                   size_t errcap)
{
    numbuf nb;
    nb.i = 0;
    const char *art[6] = {r->id,
                          r->date,
                          source,
                          nl(&nb, r->n_sentences),
                          nl(&nb, r->n_dropped),
                          r->warnings};
    if (emit(ctx, DB_T_ARTICLES, art, err, errcap))
        return -1;

    /* sentences: the evidence sentence of every event (once per index), then the text of each
     * quote (attributed or not) whose sentence carries no event: the record has no other
     * sentence text */
    for (size_t i = 0; i < r->n_ev; i++) {
        const db_event *e = &r->ev[i];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = r->ev[j].sentence == e->sentence;
        if (seen || !e->evidence)
            continue;
        nb.i = 0;
        const char *v[7] = {r->id, nl(&nb, e->sentence), e->field, "event", e->evidence,
                            nl(&nb, e->span0), nl(&nb, e->span1)};
        if (emit(ctx, DB_T_SENTENCES, v, err, errcap))
            return -1;
    }
    for (size_t i = 0; i < r->n_qu + r->n_uq; i++) {
        const db_quote *q = i < r->n_qu ? &r->qu[i] : &r->uq[i - r->n_qu];
        int seen = 0;
        for (size_t j = 0; j < r->n_ev && !seen; j++)
            seen = r->ev[j].sentence == q->sentence;
        if (seen || !q->text)
            continue;
        nb.i = 0;
        const char *v[7] = {r->id, nl(&nb, q->sentence), NULL, "quote", q->text,
                            nl(&nb, q->span0), nl(&nb, q->span1)};
        if (emit(ctx, DB_T_SENTENCES, v, err, errcap))
            return -1;
    }
    for (size_t i = 0; i < r->n_ev; i++) {
        const db_event *e = &r->ev[i];
        nb.i = 0;
        const db_place *p = e->has_loc ? &e->loc : NULL;
        const char *v[29] = {r->id,
                             nl(&nb, (long)i),
                             nz(e->src.code),
                             nz(e->tgt.code),
                             e->cameo,
                             nz(e->date),
                             e->root,
                             nl(&nb, e->quad),
                             e->has_goldstein ? nf(&nb, "%.1f", e->goldstein) : NULL,
                             e->plover,
                             e->date_kind,
                             e->modality,
                             nl(&nb, e->negated),
                             nl(&nb, e->sentence),
                             e->field,
                             nl(&nb, e->span0),
                             nl(&nb, e->span1),
                             e->evidence,
                             e->matched,
                             e->src.name,
                             e->src.text,
                             e->tgt.name,
                             e->tgt.text,
                             p ? p->name : NULL,
                             p ? p->country : NULL,
                             p ? p->admin1 : NULL,
                             p && p->has_ll ? nf(&nb, "%.5f", p->lat) : NULL,
                             p && p->has_ll ? nf(&nb, "%.5f", p->lon) : NULL,
                             p && p->geonameid ? nl(&nb, (long)p->geonameid) : NULL};
        if (emit(ctx, DB_T_MENTIONS, v, err, errcap))
            return -1;
    }
    for (size_t i = 0; i < r->n_pl; i++) {
        const db_place *p = &r->pl[i];
        nb.i = 0;
        const char *v[10] = {r->id,
                             nl(&nb, (long)i),
                             p->name,
                             p->country,
                             p->admin1,
                             p->has_ll ? nf(&nb, "%.5f", p->lat) : NULL,
                             p->has_ll ? nf(&nb, "%.5f", p->lon) : NULL,
                             p->geonameid ? nl(&nb, (long)p->geonameid) : NULL,
                             nl(&nb, p->span0),
                             nl(&nb, p->span1)};
        if (emit(ctx, DB_T_PLACES, v, err, errcap))
            return -1;
    }
    for (size_t i = 0; i < r->n_qu; i++) {
        const db_quote *q = &r->qu[i];
        nb.i = 0;
        const char *v[8] = {r->id,          nl(&nb, (long)i),     q->speaker,
                            q->speaker_code, q->text,             nl(&nb, q->sentence),
                            nl(&nb, q->span0), nl(&nb, q->span1)};
        if (emit(ctx, DB_T_QUOTES, v, err, errcap))
            return -1;
    }
    for (size_t i = 0; i < r->n_uq; i++) {
        const db_quote *q = &r->uq[i];
        nb.i = 0;
        const char *v[6] = {r->id, nl(&nb, (long)i), q->text, nl(&nb, q->sentence),
                            nl(&nb, q->span0), nl(&nb, q->span1)};
        if (emit(ctx, DB_T_UQUOTES, v, err, errcap))
            return -1;
    }
    /* actors: every coded actor with the name it went by (duplicates are ignored by the
     * backends) */
    for (size_t i = 0; i < r->n_ev; i++) {
        const db_actor *a[2] = {&r->ev[i].src, &r->ev[i].tgt};
        for (int k = 0; k < 2; k++) {
            if (!a[k]->code || !a[k]->code[0])
                continue;
            const char *v[2] = {a[k]->code, nz(a[k]->name)};
            if (emit(ctx, DB_T_ACTORS, v, err, errcap))
                return -1;
        }
    }
    for (size_t i = 0; i < r->n_qu; i++) {
        if (!r->qu[i].speaker_code || !r->qu[i].speaker_code[0])
            continue;
        const char *v[2] = {r->qu[i].speaker_code, nz(r->qu[i].speaker)};
        if (emit(ctx, DB_T_ACTORS, v, err, errcap))
            return -1;
    }
    return 0;
}

/* ---- grouping ------------------------------------------------------------------------------ */
const char db_group_select[] =
    "SELECT m.id, m.source_code, m.target_code, m.cameo, m.date, m.article_id, m.idx, "
    "COALESCE(a.source, ''), m.lat, m.lon, m.sentence, m.root, m.quad, m.goldstein, m.plover, "
    "m.place_name, m.place_country, m.place_admin1, m.geonameid, COALESCE(a.date, '') "
    "FROM mentions m JOIN regroup r ON r.source_code = m.source_code AND "
    "r.target_code = m.target_code AND r.cameo = m.cameo AND r.date = m.date "
    "JOIN articles a ON a.id = m.article_id";

enum { G_MID, G_SRC, G_TGT, G_CAMEO, G_DATE, G_ART, G_IDX, G_SOURCE, G_LAT, G_LON, G_SENT,
       G_ROOT, G_QUAD, G_GOLD, G_PLOVER, G_PNAME, G_PCC, G_PADM1, G_GEOID, G_ADATE };

typedef struct loadctx {
    char **rows; /* each row: DB_GROUP_NCOL pointers followed by the strings */
    size_t n, cap;
} loadctx;

static int load_row(void *ctx, int ncol, char **vals, char **names)
{
    (void)names;
    loadctx *l = ctx;
    if (ncol != DB_GROUP_NCOL)
        return 1;
    size_t bytes = sizeof(char *) * DB_GROUP_NCOL;
    for (int i = 0; i < ncol; i++)
        bytes += vals[i] ? strlen(vals[i]) + 1 : 0;
    char **row = xalloc(bytes);
    char *p = (char *)(row + DB_GROUP_NCOL);
    for (int i = 0; i < ncol; i++) {
        if (!vals[i]) {
            row[i] = NULL;
            continue;
        }
        size_t k = strlen(vals[i]) + 1;
        memcpy(p, vals[i], k);
        row[i] = p;
        p += k;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->rows = xrealloc(l->rows, sizeof *l->rows * l->cap);
    }
    l->rows[l->n++] = (char *)row;
    return 0;
}

#define ROW(g, i) ((char **)(g)[i])

static int cmp_key(char **a, char **b)
{
    for (int c = G_SRC; c <= G_DATE; c++) {
        int k = strcmp(a[c] ? a[c] : "", b[c] ? b[c] : "");
        if (k)
            return k;
    }
    return 0;
}

static int cmp_rows(const void *pa, const void *pb)
{
    char **a = *(char ***)pa, **b = *(char ***)pb;
    int k = cmp_key(a, b);
    if (k)
        return k;
    k = strcmp(a[G_ART], b[G_ART]);
    if (k)
        return k;
    long ia = strtol(a[G_IDX], NULL, 10), ib = strtol(b[G_IDX], NULL, 10);
    return (ia > ib) - (ia < ib);
}

static int cmp_str(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static double km_between(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, d2r = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * d2r, dlon = (lon2 - lon1) * d2r;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * d2r) * cos(lat2 * d2r) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

/* 53-bit id (exact in JSON and doubles) from the key and the group's first mention. */
static int64_t event_hash(char **row)
{
    uint64_t h = 1469598103934665603ULL;
    const int cols[] = {G_SRC, G_TGT, G_CAMEO, G_DATE, G_ART, G_IDX};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        const char *s = row[cols[c]] ? row[cols[c]] : "";
        for (; *s; s++) {
            h ^= (unsigned char)*s;
            h *= 1099511628211ULL;
        }
        h ^= 0xff;
        h *= 1099511628211ULL;
    }
    h &= (1ULL << 53) - 1;
    return h ? (int64_t)h : 1;
}

static char *dupfmt_l(long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    char *p = xalloc(strlen(buf) + 1);
    strcpy(p, buf);
    return p;
}

static char *dupstr(const char *s)
{
    if (!s)
        return NULL;
    char *p = xalloc(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

int db_group_load(db_grouped *g,
                  int (*q)(void *conn, const char *sql, dbx_row_fn fn, void *ctx, char *err,
                           size_t errcap),
                  void *conn, char *err, size_t errcap)
{
    memset(g, 0, sizeof *g);
    loadctx l = {NULL, 0, 0};
    if (q(conn, db_group_select, load_row, &l, err, errcap)) {
        for (size_t i = 0; i < l.n; i++)
            free(l.rows[i]);
        free(l.rows);
        return -1;
    }
    g->rows = l.rows;
    g->n_rows = l.n;
    if (!l.n)
        return 0;
    qsort(l.rows, l.n, sizeof *l.rows, cmp_rows);
    char ***rows = (char ***)l.rows;

    size_t *grp = xalloc(sizeof *grp * l.n);      /* group of each row */
    size_t *anchor = xalloc(sizeof *anchor * l.n); /* first row of each group */
    size_t ng = 0;
    for (size_t i = 0, k0 = 0; i < l.n; i++) {
        if (i && cmp_key(rows[i], rows[i - 1]))
            k0 = ng; /* groups of this key start here */
        char **r = rows[i];
        int has = r[G_LAT] && r[G_LON];
        double la = has ? strtod(r[G_LAT], NULL) : 0, lo = has ? strtod(r[G_LON], NULL) : 0;
        size_t found = (size_t)-1;
        for (size_t j = k0; j < ng && found == (size_t)-1; j++) {
            char **a = rows[anchor[j]];
            int ahas = a[G_LAT] && a[G_LON];
            if (has != ahas)
                continue;
            if (!has || km_between(la, lo, strtod(a[G_LAT], NULL), strtod(a[G_LON], NULL)) <=
                            DB_GROUP_KM)
                found = j;
        }
        if (found == (size_t)-1) {
            anchor[ng] = i;
            found = ng++;
        }
        grp[i] = found;
    }

    g->events = xalloc(sizeof *g->events * ng * DB_EVENT_NCOL);
    g->n_events = ng;
    g->mention_id = xalloc(sizeof *g->mention_id * l.n);
    g->event_id = xalloc(sizeof *g->event_id * l.n);
    g->n_links = l.n;
    int64_t *ids = xalloc(sizeof *ids * ng);
    int64_t *sorted = xalloc(sizeof *sorted * ng);
    for (size_t j = 0; j < ng; j++)
        ids[j] = sorted[j] = event_hash(rows[anchor[j]]);
    /* ids must be unique in the batch: on a (very unlikely) clash the later group moves up */
    qsort(sorted, ng, sizeof *sorted, cmp_i64);
    for (size_t j = 1; j < ng; j++)
        if (sorted[j] == sorted[j - 1]) {
            for (size_t k = 0; k < ng; k++)
                for (size_t m = k + 1; m < ng; m++)
                    if (ids[m] == ids[k])
                        ids[m] = (ids[m] + 1) & (((int64_t)1 << 53) - 1);
            break;
        }
    free(sorted);

    const char **srcs = xalloc(sizeof *srcs * l.n);
    for (size_t j = 0; j < ng; j++) {
        long n_m = 0, n_a = 0, is_root = 0;
        size_t n_s = 0;
        const char *last_art = NULL, *added = NULL;
        for (size_t i = anchor[j]; i < l.n; i++) {
            if (i > anchor[j] && cmp_key(rows[i], rows[anchor[j]]))
                break;
            if (grp[i] != j)
                continue;
            char **r = rows[i];
            n_m++;
            if (!last_art || strcmp(last_art, r[G_ART]))
                n_a++;
            last_art = r[G_ART];
            srcs[n_s++] = r[G_SOURCE] ? r[G_SOURCE] : "";
            if (r[G_SENT] && strtol(r[G_SENT], NULL, 10) <= 1)
                is_root = 1;
            if (r[G_ADATE] && r[G_ADATE][0] && (!added || strcmp(r[G_ADATE], added) < 0))
                added = r[G_ADATE];
        }
        qsort(srcs, n_s, sizeof *srcs, cmp_str);
        long n_src = 0;
        for (size_t i = 0; i < n_s; i++)
            if (!i || strcmp(srcs[i], srcs[i - 1]))
                n_src++;
        char **a = rows[anchor[j]];
        char **ev = &g->events[j * DB_EVENT_NCOL];
        ev[0] = dupfmt_l(ids[j]);
        ev[1] = dupstr(a[G_SRC]);
        ev[2] = dupstr(a[G_TGT]);
        ev[3] = dupstr(a[G_CAMEO]);
        ev[4] = dupstr(a[G_DATE]);
        ev[5] = dupstr(a[G_ROOT]);
        ev[6] = dupstr(a[G_QUAD]);
        ev[7] = dupstr(a[G_GOLD]);
        ev[8] = dupstr(a[G_PLOVER]);
        ev[9] = dupfmt_l(is_root);
        ev[10] = dupstr(a[G_PNAME]);
        ev[11] = dupstr(a[G_PCC]);
        ev[12] = dupstr(a[G_PADM1]);
        ev[13] = dupstr(a[G_LAT]);
        ev[14] = dupstr(a[G_LON]);
        ev[15] = dupstr(a[G_GEOID]);
        ev[16] = dupfmt_l(n_m);
        ev[17] = dupfmt_l(n_src);
        ev[18] = dupfmt_l(n_a);
        ev[19] = dupstr(a[G_ART]);
        ev[20] = dupstr(added);
    }
    for (size_t i = 0; i < l.n; i++) {
        g->mention_id[i] = strtoll(rows[i][G_MID], NULL, 10);
        g->event_id[i] = ids[grp[i]];
    }
    free(srcs);
    free(ids);
    free(grp);
    free(anchor);
    return 0;
}

void db_grouped_free(db_grouped *g)
{
    for (size_t i = 0; i < g->n_events * DB_EVENT_NCOL; i++)
        free(g->events[i]);
    free(g->events);
    free(g->mention_id);
    free(g->event_id);
    for (size_t i = 0; i < g->n_rows; i++)
        free(g->rows[i]);
    free(g->rows);
    memset(g, 0, sizeof *g);
}

/* ---- SQLite --------------------------------------------------------------------------------- */
static const char lite_schema[] =
    "PRAGMA foreign_keys = ON;\n"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
    "INSERT OR IGNORE INTO meta VALUES ('schema', '" DB_SCHEMA_VERSION "');\n"
    "CREATE TABLE IF NOT EXISTS articles(id TEXT PRIMARY KEY, date TEXT, source TEXT,\n"
    "  n_sentences INTEGER, n_dropped INTEGER, warnings TEXT);\n"
    "CREATE TABLE IF NOT EXISTS sentences(id INTEGER PRIMARY KEY,\n"
    "  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx INTEGER, field TEXT, kind TEXT, text TEXT, span_start INTEGER, span_end INTEGER);\n"
    "CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id);\n"
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(text, content='sentences',\n"
    "  content_rowid='id');\n"
    "CREATE TRIGGER IF NOT EXISTS sentences_ai AFTER INSERT ON sentences BEGIN\n"
    "  INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END;\n"
    "CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences BEGIN\n"
    "  INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);\n"
    "  END;\n"
    "CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, source_code TEXT NOT NULL,\n"
    "  target_code TEXT NOT NULL, cameo TEXT NOT NULL, date TEXT NOT NULL, root TEXT,\n"
    "  quad INTEGER, goldstein REAL, plover TEXT, is_root INTEGER, place_name TEXT,\n"
    "  place_country TEXT, place_admin1 TEXT, lat REAL, lon REAL, geonameid INTEGER,\n"
    "  num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, first_article TEXT,\n"
    "  date_added TEXT);\n"
    "CREATE INDEX IF NOT EXISTS events_key ON events(source_code, target_code, cameo, date);\n"
    "CREATE TABLE IF NOT EXISTS mentions(id INTEGER PRIMARY KEY,\n"
    "  event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,\n"
    "  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL, source_code TEXT NOT NULL, target_code TEXT NOT NULL,\n"
    "  cameo TEXT NOT NULL, date TEXT NOT NULL, root TEXT, quad INTEGER, goldstein REAL,\n"
    "  plover TEXT, date_kind TEXT, modality TEXT, negated INTEGER, sentence INTEGER,\n"
    "  field TEXT, span_start INTEGER, span_end INTEGER, evidence TEXT, matched TEXT,\n"
    "  source_name TEXT, source_text TEXT, target_name TEXT, target_text TEXT,\n"
    "  place_name TEXT, place_country TEXT, place_admin1 TEXT, lat REAL, lon REAL,\n"
    "  geonameid INTEGER);\n"
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);\n"
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);\n"
    "CREATE INDEX IF NOT EXISTS mentions_key ON mentions(source_code, target_code, cameo, date);\n"
    "CREATE TABLE IF NOT EXISTS actors(code TEXT NOT NULL, name TEXT NOT NULL,\n"
    "  PRIMARY KEY (code, name)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS places(id INTEGER PRIMARY KEY,\n"
    "  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx INTEGER, name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,\n"
    "  geonameid INTEGER, span_start INTEGER, span_end INTEGER);\n"
    "CREATE INDEX IF NOT EXISTS places_article ON places(article_id);\n"
    "CREATE TABLE IF NOT EXISTS quotes(id INTEGER PRIMARY KEY,\n"
    "  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx INTEGER, speaker TEXT, speaker_code TEXT, text TEXT, sentence INTEGER,\n"
    "  span_start INTEGER, span_end INTEGER);\n"
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);\n"
    /* schema 2; an older database gets it here on open */
    "CREATE TABLE IF NOT EXISTS unattributed_quotes(id INTEGER PRIMARY KEY,\n"
    "  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  idx INTEGER, text TEXT, sentence INTEGER, span_start INTEGER, span_end INTEGER);\n"
    "CREATE INDEX IF NOT EXISTS unattributed_quotes_article ON unattributed_quotes(article_id);\n"
    "CREATE TABLE IF NOT EXISTS regroup(source_code TEXT NOT NULL, target_code TEXT NOT NULL,\n"
    "  cameo TEXT NOT NULL, date TEXT NOT NULL,\n"
    "  PRIMARY KEY (source_code, target_code, cameo, date)) WITHOUT ROWID;\n"
    "UPDATE meta SET value = '" DB_SCHEMA_VERSION "' WHERE key = 'schema' AND value = '1';\n";

typedef struct lite_sink {
    sqlite3 *db;
    sqlite3_stmt *ins[DB_T_COUNT];
    sqlite3_stmt *keys_of, *del_article, *ins_event, *set_event;
    int in_tx;
    size_t n_batch;
} lite_sink;

struct db_sink {
    lite_sink *lite;
    pg_sink *pg;
};

static int lite_exec(sqlite3 *db, const char *sql, char *err, size_t errcap)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        seterr(err, errcap, "sqlite: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int lite_prep(sqlite3 *db, sqlite3_stmt **st, const char *sql, char *err, size_t errcap)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        seterr(err, errcap, "sqlite: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static int lite_query(void *conn, const char *sql, dbx_row_fn fn, void *ctx, char *err,
                      size_t errcap)
{
    sqlite3 *db = conn;
    sqlite3_stmt *st;
    if (lite_prep(db, &st, sql, err, errcap))
        return -1;
    int ncol = sqlite3_column_count(st);
    char **vals = xalloc(sizeof *vals * (size_t)(ncol + 1) * 2);
    char **names = vals + ncol + 1;
    for (int i = 0; i < ncol; i++)
        names[i] = (char *)sqlite3_column_name(st, i);
    int rc = SQLITE_DONE, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < ncol; i++)
            vals[i] = (char *)sqlite3_column_text(st, i);
        stop = fn(ctx, ncol, vals, names);
    }
    int bad = !stop && rc != SQLITE_DONE;
    if (bad)
        seterr(err, errcap, "sqlite: %s", sqlite3_errmsg(db));
    else if (stop)
        seterr(err, errcap, "query stopped");
    free(vals);
    sqlite3_finalize(st);
    return bad || stop ? -1 : 0;
}

static int lite_step(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errcap)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        seterr(err, errcap, "sqlite: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static int lite_emit(void *ctx, int table, const char *const *vals, char *err, size_t errcap)
{
    lite_sink *l = ctx;
    sqlite3_stmt *st = l->ins[table];
    for (int i = 0; i < db_table_ncol[table]; i++)
        if (vals[i])
            sqlite3_bind_text(st, i + 1, vals[i], -1, SQLITE_STATIC);
    return lite_step(l->db, st, err, errcap);
}

static void lite_free(lite_sink *l)
{
    if (!l)
        return;
    for (int t = 0; t < DB_T_COUNT; t++)
        sqlite3_finalize(l->ins[t]);
    sqlite3_finalize(l->keys_of);
    sqlite3_finalize(l->del_article);
    sqlite3_finalize(l->ins_event);
    sqlite3_finalize(l->set_event);
    if (l->db)
        sqlite3_close(l->db);
    free(l);
}

static int lite_open(lite_sink **out, const char *path, char *err, size_t errcap)
{
    lite_sink *l = xalloc(sizeof *l);
    memset(l, 0, sizeof *l);
    *out = NULL;
    if (sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        seterr(err, errcap, "%s: %s", path, l->db ? sqlite3_errmsg(l->db) : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(l->db, 10000);
    if (lite_exec(l->db,
                  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                  "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                  err, errcap) ||
        lite_exec(l->db, lite_schema, err, errcap))
        goto fail;
    for (int t = 0; t < DB_T_COUNT; t++) {
        char sql[1024];
        char qs[128] = "";
        for (int i = 0; i < db_table_ncol[t]; i++)
            strcat(qs, i ? ",?" : "?");
        snprintf(sql, sizeof sql, "INSERT %sINTO %s(%s) VALUES (%s)",
                 t == DB_T_ACTORS ? "OR IGNORE " : "", db_table_name[t], db_table_cols[t], qs);
        if (lite_prep(l->db, &l->ins[t], sql, err, errcap))
            goto fail;
    }
    if (lite_prep(l->db, &l->keys_of,
                  "INSERT OR IGNORE INTO regroup SELECT DISTINCT source_code, target_code, "
                  "cameo, date FROM mentions WHERE article_id = ?1",
                  err, errcap) ||
        lite_prep(l->db, &l->del_article, "DELETE FROM articles WHERE id = ?1", err, errcap) ||
        lite_prep(l->db, &l->ins_event,
                  "INSERT INTO events(" DB_EVENT_COLS ") VALUES "
                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  err, errcap) ||
        lite_prep(l->db, &l->set_event, "UPDATE mentions SET event_id = ?1 WHERE id = ?2", err,
                  errcap))
        goto fail;
    *out = l;
    return 0;
fail:
    lite_free(l);
    return -1;
}

/* Delete an article's rows (the cascade removes its sentences, mentions, places, quotes) and
 * remember the event keys it touched. */
static int lite_delete_article(lite_sink *l, const char *id, char *err, size_t errcap)
{
    sqlite3_bind_text(l->keys_of, 1, id, -1, SQLITE_STATIC);
    if (lite_step(l->db, l->keys_of, err, errcap))
        return -1;
    sqlite3_bind_text(l->del_article, 1, id, -1, SQLITE_STATIC);
    return lite_step(l->db, l->del_article, err, errcap);
}

static int lite_write(lite_sink *l, const db_record *r, const char *source, char *err,
                      size_t errcap)
{
    if (!l->in_tx) {
        if (lite_exec(l->db, "BEGIN", err, errcap))
            return -1;
        l->in_tx = 1;
    }
    if (lite_exec(l->db, "SAVEPOINT article", err, errcap))
        return -1;
    if (lite_delete_article(l, r->id, err, errcap) ||
        db_record_rows(r, source, lite_emit, l, err, errcap)) {
        char tmp[8];
        lite_exec(l->db, "ROLLBACK TO article; RELEASE article", tmp, sizeof tmp);
        return -1;
    }
    if (lite_exec(l->db, "RELEASE article", err, errcap))
        return -1;
    if (++l->n_batch >= DB_BATCH) {
        if (lite_exec(l->db, "COMMIT", err, errcap))
            return -1;
        l->in_tx = 0;
        l->n_batch = 0;
    }
    return 0;
}

/* Regroup every key in the regroup table plus every key with ungrouped mentions. */
static int lite_regroup(lite_sink *l, char *err, size_t errcap)
{
    db_grouped g;
    if (lite_exec(l->db,
                  "INSERT OR IGNORE INTO regroup SELECT DISTINCT source_code, target_code, "
                  "cameo, date FROM mentions WHERE event_id IS NULL",
                  err, errcap) ||
        db_group_load(&g, lite_query, l->db, err, errcap))
        return -1;
    int rc = lite_exec(l->db,
                       "DELETE FROM events WHERE EXISTS (SELECT 1 FROM regroup r WHERE "
                       "r.source_code = events.source_code AND r.target_code = "
                       "events.target_code AND r.cameo = events.cameo AND r.date = events.date)",
                       err, errcap);
    for (size_t j = 0; !rc && j < g.n_events; j++) {
        char **ev = &g.events[j * DB_EVENT_NCOL];
        for (int i = 0; i < DB_EVENT_NCOL; i++)
            if (ev[i])
                sqlite3_bind_text(l->ins_event, i + 1, ev[i], -1, SQLITE_STATIC);
        rc = lite_step(l->db, l->ins_event, err, errcap);
    }
    for (size_t i = 0; !rc && i < g.n_links; i++) {
        sqlite3_bind_int64(l->set_event, 1, g.event_id[i]);
        sqlite3_bind_int64(l->set_event, 2, g.mention_id[i]);
        rc = lite_step(l->db, l->set_event, err, errcap);
    }
    if (!rc)
        rc = lite_exec(l->db, "DELETE FROM regroup", err, errcap);
    db_grouped_free(&g);
    return rc;
}

static int lite_close(lite_sink *l, char *err, size_t errcap)
{
    int rc = 0;
    if (!l->in_tx)
        rc = lite_exec(l->db, "BEGIN", err, errcap);
    l->in_tx = 1;
    if (!rc)
        rc = lite_regroup(l, err, errcap);
    if (!rc)
        rc = lite_exec(l->db, "COMMIT", err, errcap);
    else {
        char tmp[8];
        lite_exec(l->db, "ROLLBACK", tmp, sizeof tmp);
    }
    if (!rc)
        lite_exec(l->db, "PRAGMA optimize", err, errcap);
    lite_free(l);
    return rc ? -1 : 0;
}

/* ---- the public sink ------------------------------------------------------------------------ */
int db_open_sqlite(db_sink **out, const char *path, char *err, size_t errcap)
{
    *out = NULL;
    lite_sink *l;
    if (lite_open(&l, path, err, errcap))
        return -1;
    db_sink *s = xalloc(sizeof *s);
    s->lite = l;
    s->pg = NULL;
    *out = s;
    return 0;
}

int db_open_postgres(db_sink **out, const char *conninfo, char *err, size_t errcap)
{
    *out = NULL;
    pg_sink *p;
    if (pg_sink_open(&p, conninfo, err, errcap))
        return -1;
    db_sink *s = xalloc(sizeof *s);
    s->lite = NULL;
    s->pg = p;
    *out = s;
    return 0;
}

int db_write(db_sink *s, const char *json, size_t len, const char *source, char *err,
             size_t errcap)
{
    db_record r;
    if (db_record_parse(&r, json, len, err, errcap))
        return -1;
    int rc = s->lite ? lite_write(s->lite, &r, source, err, errcap)
                     : pg_sink_write(s->pg, &r, source, err, errcap);
    db_record_free(&r);
    return rc;
}

int db_close(db_sink *s, char *err, size_t errcap)
{
    if (!s)
        return 0;
    int rc = s->lite ? lite_close(s->lite, err, errcap) : pg_sink_close(s->pg, err, errcap);
    free(s);
    return rc;
}

/* ---- read-only connections for export and query --------------------------------------------- */
int dbx_is_pg_target(const char *t)
{
    return !strncmp(t, "postgres://", 11) || !strncmp(t, "postgresql://", 13) ||
           strchr(t, '=') != NULL;
}

int dbx_open(dbx *x, const char *target, char *err, size_t errcap)
{
    memset(x, 0, sizeof *x);
    if (dbx_is_pg_target(target)) {
        x->pg = PQconnectdb(target);
        if (PQstatus(x->pg) != CONNECTION_OK) {
            seterr(err, errcap, "postgres: %s", PQerrorMessage(x->pg));
            PQfinish(x->pg);
            x->pg = NULL;
            return -1;
        }
        return pgx_exec(x->pg, "SET client_min_messages = warning", err, errcap);
    }
    if (sqlite3_open_v2(target, &x->lite, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        seterr(err, errcap, "%s: %s", target, x->lite ? sqlite3_errmsg(x->lite) : "cannot open");
        sqlite3_close(x->lite);
        x->lite = NULL;
        return -1;
    }
    sqlite3_busy_timeout(x->lite, 10000);
    return 0;
}

int dbx_query(dbx *x, const char *sql, dbx_row_fn fn, void *ctx, char *err, size_t errcap)
{
    if (x->pg)
        return pgx_query(x->pg, sql, fn, ctx, err, errcap);
    return lite_query(x->lite, sql, fn, ctx, err, errcap);
}

void dbx_close(dbx *x)
{
    if (x->pg)
        PQfinish(x->pg);
    if (x->lite)
        sqlite3_close(x->lite);
    memset(x, 0, sizeof *x);
}

/* ---- merge ---------------------------------------------------------------------------------- */
static const char usage_merge[] =
    "usage: newsevents merge OUT.sqlite SHARD.sqlite...\n"
    "\n"
    "Combine shard databases (from `newsevents code --db` runs over parts of a corpus) into\n"
    "OUT.sqlite, created when missing. An article stored in several shards keeps the copy of\n"
    "the last shard named. Mentions of the same event across shards are regrouped, so the\n"
    "event records and their counts equal those of one run over the whole corpus.\n";

static int merge_shard(lite_sink *l, const char *path, char *err, size_t errcap)
{
    sqlite3_stmt *st;
    if (lite_prep(l->db, &st, "ATTACH DATABASE ?1 AS shard", err, errcap))
        return -1;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    int rc = lite_step(l->db, st, err, errcap);
    sqlite3_finalize(st);
    if (rc)
        return -1;
    dbuf sql = {NULL, 0, 0};
    dbuf_str(&sql, "BEGIN;\n"
                   "INSERT OR IGNORE INTO regroup SELECT DISTINCT m.source_code, m.target_code, "
                   "m.cameo, m.date FROM main.mentions m WHERE m.article_id IN "
                   "(SELECT id FROM shard.articles);\n"
                   "DELETE FROM main.articles WHERE id IN (SELECT id FROM shard.articles);\n");
    for (int t = 0; t < DB_T_COUNT; t++) {
        /* a shard of schema 1 has no unattributed_quotes: its articles have no such rows */
        if (t == DB_T_UQUOTES) {
            if (lite_prep(l->db, &st,
                          "SELECT 1 FROM shard.sqlite_master WHERE type = 'table' AND "
                          "name = 'unattributed_quotes'",
                          err, errcap)) {
                rc = -1;
                break;
            }
            int has = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_finalize(st);
            if (!has)
                continue;
        }
        dbuf_fmt(&sql, "INSERT %sINTO main.%s(%s) SELECT %s FROM shard.%s%s;\n",
                 t == DB_T_ACTORS ? "OR IGNORE " : "", db_table_name[t], db_table_cols[t],
                 db_table_cols[t], db_table_name[t], t == DB_T_ACTORS ? "" : " ORDER BY rowid");
    }
    dbuf_str(&sql, "COMMIT;\n");
    if (!rc)
        rc = lite_exec(l->db, sql.p, err, errcap);
    dbuf_free(&sql);
    if (rc) {
        char tmp[8];
        lite_exec(l->db, "ROLLBACK", tmp, sizeof tmp);
    }
    char tmp[256];
    if (lite_exec(l->db, "DETACH DATABASE shard", tmp, sizeof tmp) && !rc) {
        seterr(err, errcap, "%s", tmp);
        rc = -1;
    }
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    if (argc >= 1 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        fputs(usage_merge, stdout);
        return 0;
    }
    if (argc < 2) {
        fputs(usage_merge, stderr);
        return 2;
    }
    char err[1024] = "";
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "newsevents: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        fclose(f);
    }
    lite_sink *l;
    if (lite_open(&l, argv[0], err, sizeof err)) {
        fprintf(stderr, "newsevents: %s\n", err);
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (merge_shard(l, argv[i], err, sizeof err)) {
            fprintf(stderr, "newsevents: %s: %s\n", argv[i], err);
            lite_free(l);
            return 1;
        }
    }
    if (lite_close(l, err, sizeof err)) {
        fprintf(stderr, "newsevents: %s: %s\n", argv[0], err);
        return 1;
    }
    return 0;
}
