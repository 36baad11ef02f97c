/*
 * out_json.c - the record of one article: read-only views for sinks (nev_event, nev_place,
 * nev_quote) and the JSON Lines record built from them. The JSON fields are documented in
 * README.md ("Output"); GUIDE.md section 5 names the ones the scorer reads.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- a growable string in the arena ---------------------------------------------------- */

static void sb_grow(sbuf *b, size_t need)
{
    if (b->oom || b->n + need + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->n + need + 1)
        cap *= 2;
    char *q = arena_alloc(b->ar, cap);
    if (!q) {
        b->oom = true;
        return;
    }
    if (b->n)
        memcpy(q, b->p, b->n);
    b->p = q;
    b->cap = cap;
}

void sb_put(sbuf *b, const char *s, size_t n)
{
    sb_grow(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

void sb_fmt(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if ((size_t)k < sizeof tmp) {
        sb_put(b, tmp, (size_t)k);
        return;
    }
    sb_grow(b, (size_t)k + 1); /* long output: format straight into the buffer */
    if (b->oom)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

/* None of the eight bytes of x needs escaping in a JSON string: no '"', '\\' or byte below
 * 0x20. */
static inline bool plain8(uint64_t x)
{
    return !(swar_has_byte(x, '"') || swar_has_byte(x, '\\') || swar_has_control(x));
}

/* JSON string (the text is valid UTF-8: only control characters, quotes and backslashes
 * need escapes). NULL writes null. */
void sb_json(sbuf *b, const char *s, size_t n)
{
    if (!s) {
        sb_str(b, "null");
        return;
    }
    sb_grow(b, n + 2);
    sb_put(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        /* eight bytes at a time while none is a quote, a backslash or a control byte (the
         * usual case: names and sentences) */
        uint64_t x;
        while (i + 8 <= n && (memcpy(&x, s + i, 8), plain8(x)))
            i += 8;
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': sb_str(b, "\\\""); break;
        case '\\': sb_str(b, "\\\\"); break;
        case '\n': sb_str(b, "\\n"); break;
        case '\t': sb_str(b, "\\t"); break;
        case '\r': sb_str(b, "\\r"); break;
        default: sb_fmt(b, "\\u%04x", c); break;
        }
    }
    sb_put(b, s + run, n - run);
    sb_put(b, "\"", 1);
}

void sb_jstr(sbuf *b, const char *s) { sb_json(b, s, s ? strlen(s) : 0); }

/* A decimal unsigned number (what "%u" writes), without the cost of printf. */
static void sb_u32(sbuf *b, uint32_t v)
{
    char tmp[10];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_put(b, tmp + i, sizeof tmp - i);
}

/* x with `decimals` digits after the point, exactly as printf("%.*f") writes it: the fast way
 * when x * 10^decimals is clearly away from a rounding tie (then the nearest integer is the
 * one printf's exact decimal rounding picks), otherwise through snprintf. */
static void sb_fixed(sbuf *b, double x, int decimals)
{
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000};
    double t = (x < 0 ? -x : x) * (decimals >= 1 && decimals <= 5 ? scale[decimals] : 0);
    /* below 2^32 the product is within 2^-21 of the exact one, far inside the margin */
    if (decimals >= 1 && decimals <= 5 && t < 4294967296.0) {
        double fl = (double)(uint64_t)t; /* t >= 0: truncation is floor */
        double frac = t - fl;
        if (frac < 0.4999 || frac > 0.5001) {
            uint64_t r = (uint64_t)fl + (frac > 0.5);
            char tmp[32];
            size_t i = sizeof tmp;
            for (int d = 0; d < decimals; d++) {
                tmp[--i] = (char)('0' + r % 10);
                r /= 10;
            }
            tmp[--i] = '.';
            do {
                tmp[--i] = (char)('0' + r % 10);
                r /= 10;
            } while (r);
            if (signbit(x))
                tmp[--i] = '-'; /* printf keeps the sign of a negative number, even -0.0 */
            sb_put(b, tmp + i, sizeof tmp - i);
            return;
        }
    }
    sb_fmt(b, "%.*f", decimals, x);
}

/* ---- views ------------------------------------------------------------------------------ */
static char *span_dup(nev_doc *d, uint32_t off, uint32_t len)
{
    return arena_strndup(&d->ar, d->text + off, len);
}

static char *fmt_date(nev_doc *d, int32_t days)
{
    char buf[16];
    size_t n = format_date(days, buf);
    return arena_strndup(&d->ar, buf, n < sizeof buf ? n : sizeof buf - 1);
}

static const char *const modality_names[] = {"asserted", "reported", "intended", "hypothetical"};

int out_views(nev_doc *d)
{
    /* places: one per distinct place, in order of first mention */
    nev_place *pl = arena_alloc(&d->ar, sizeof *pl * (d->places.n + 1));
    int32_t *pmap = arena_alloc(&d->ar, sizeof *pmap * (d->places.n + 1));
    if (!pl || !pmap)
        return NEV_ENOMEM;
    size_t np = 0;
    for (uint32_t i = 0; i < d->places.n; i++) {
        place_ref *r = &VEC_AT(d->places, place_ref, i);
        int32_t found = -1;
        for (size_t j = 0; j < np; j++)
            if (pl[j].geonameid == r->gp.geonameid && !strcmp(pl[j].geoname, r->gp.name))
                found = (int32_t)j;
        if (found >= 0) {
            pmap[i] = found;
            continue;
        }
        nev_place *p = &pl[np];
        memset(p, 0, sizeof *p);
        p->name = r->written;
        p->geoname = r->gp.name;
        p->country = arena_strndup(&d->ar, r->gp.cc3, strlen(r->gp.cc3));
        p->admin1 = r->gp.admin1;
        p->lat = r->gp.lat;
        p->lon = r->gp.lon;
        p->geonameid = r->gp.geonameid;
        p->off = r->off >= d->body_off ? r->off - d->body_off : r->off;
        p->len = r->len;
        pmap[i] = (int32_t)np++;
    }
    d->pub_places = pl;
    d->n_pub_places = np;

    nev_event *ev = arena_alloc(&d->ar, sizeof *ev * (d->events.n + 1));
    if (!ev)
        return NEV_ENOMEM;
    size_t ne = 0;
    for (uint32_t i = 0; i < d->events.n; i++) {
        event *e = &VEC_AT(d->events, event, i);
        if (e->dropped)
            continue;
        nev_event *o = &ev[ne++];
        memset(o, 0, sizeof *o);
        o->source.code = arena_strndup(&d->ar, e->src, strlen(e->src));
        o->target.code = arena_strndup(&d->ar, e->tgt, strlen(e->tgt));
        o->source.name = e->src_name;
        o->target.name = e->tgt_name;
        if (e->src_t1 > e->src_t0)
            o->source.text = span_dup(d, TOK(d, e->src_t0).off,
                                      TOK(d, e->src_t1 - 1).off + TOK(d, e->src_t1 - 1).len -
                                          TOK(d, e->src_t0).off);
        if (e->tgt_t1 > e->tgt_t0)
            o->target.text = span_dup(d, TOK(d, e->tgt_t0).off,
                                      TOK(d, e->tgt_t1 - 1).off + TOK(d, e->tgt_t1 - 1).len -
                                          TOK(d, e->tgt_t0).off);
        o->cameo = arena_strndup(&d->ar, e->cameo, strlen(e->cameo));
        o->root = arena_strndup(&d->ar, e->cameo, 2);
        const cameo_info *ci = cameo_get(d->m, e->cameo);
        o->plover = ci ? ci->plover : NULL;
        o->quad = ci ? ci->quad : 0;
        o->goldstein = ci ? ci->goldstein : 0;
        const sentence *s = &SENT(d, e->sent);
        if (s->date != INT32_MIN) {
            o->date = fmt_date(d, s->date);
            o->date_kind = "text";
        } else if (d->date != INT32_MIN) {
            o->date = fmt_date(d, d->date);
            o->date_kind = "article";
        }
        o->modality = modality_names[e->modality & 3];
        o->negated = e->negated;
        o->location = s->place >= 0 ? &pl[pmap[s->place]] : NULL;
        o->sentence = e->sent;
        o->off = s->off >= d->body_off ? s->off - d->body_off : s->off;
        o->len = s->len;
        o->evidence = span_dup(d, s->off, s->len);
        if (e->trig_t1 > e->trig_t0)
            o->matched = span_dup(d, TOK(d, e->trig_t0).off,
                                  TOK(d, e->trig_t1 - 1).off + TOK(d, e->trig_t1 - 1).len -
                                      TOK(d, e->trig_t0).off);
        if (!o->source.code || !o->target.code || !o->cameo || !o->evidence)
            return NEV_ENOMEM;
    }
    d->pub_events = ev;
    d->n_pub_events = ne;

    nev_quote *qv = arena_alloc(&d->ar, sizeof *qv * (d->quotes.n + 1));
    if (!qv)
        return NEV_ENOMEM;
    for (uint32_t i = 0; i < d->quotes.n; i++) {
        quote *q = &VEC_AT(d->quotes, quote, i);
        nev_quote *o = &qv[i];
        o->speaker = q->speaker;
        o->speaker_code = q->code[0] ? arena_strndup(&d->ar, q->code, strlen(q->code)) : NULL;
        o->text = span_dup(d, q->off, q->len);
        o->sentence = q->sent;
        o->off = q->off >= d->body_off ? q->off - d->body_off : q->off;
        o->len = q->len;
        if (!o->text)
            return NEV_ENOMEM;
    }
    d->pub_quotes = qv;
    d->n_pub_quotes = d->quotes.n;
    return NEV_OK;
}

size_t nev_doc_events(const nev_doc *d, const nev_event **events)
{
    *events = d->pub_events;
    return d->n_pub_events;
}

size_t nev_doc_places(const nev_doc *d, const nev_place **places)
{
    *places = d->pub_places;
    return d->n_pub_places;
}

size_t nev_doc_quotes(const nev_doc *d, const nev_quote **quotes)
{
    *quotes = d->pub_quotes;
    return d->n_pub_quotes;
}

/* ---- JSON -------------------------------------------------------------------------------- */
static void actor_json(sbuf *b, const nev_actor *a)
{
    sb_str(b, "{\"code\":");
    sb_jstr(b, a->code);
    sb_str(b, ",\"name\":");
    sb_jstr(b, a->name);
    sb_str(b, ",\"text\":");
    sb_jstr(b, a->text);
    sb_str(b, "}");
}

/* ',"sentence":N,"span":[off,end]' of an event or a quote. */
static void evidence_span(sbuf *b, uint32_t sent, uint32_t off, uint32_t len)
{
    sb_str(b, ",\"sentence\":");
    sb_u32(b, sent);
    sb_str(b, ",\"span\":[");
    sb_u32(b, off);
    sb_put(b, ",", 1);
    sb_u32(b, off + len);
    sb_put(b, "]", 1);
}

static void place_json(sbuf *b, const nev_place *p)
{
    sb_str(b, "{\"name\":");
    sb_jstr(b, p->name);
    sb_str(b, ",\"geoname\":");
    sb_jstr(b, p->geoname);
    sb_str(b, ",\"country\":");
    sb_jstr(b, p->country);
    sb_str(b, ",\"admin1\":");
    sb_jstr(b, p->admin1);
    sb_str(b, ",\"lat\":");
    sb_fixed(b, p->lat, 5);
    sb_str(b, ",\"lon\":");
    sb_fixed(b, p->lon, 5);
    sb_str(b, ",\"geonameid\":");
    sb_u32(b, p->geonameid);
    sb_str(b, ",\"span\":[");
    sb_u32(b, p->off);
    sb_put(b, ",", 1);
    sb_u32(b, p->off + p->len);
    sb_str(b, "]}");
}

int out_json(nev_doc *d)
{
    sbuf b = {&d->ar, NULL, 0, 0, false};
    sb_str(&b, "{\"id\":");
    sb_jstr(&b, d->id);
    sb_str(&b, ",\"date\":");
    sb_jstr(&b, d->date != INT32_MIN ? fmt_date(d, d->date) : NULL);
    sb_str(&b, ",\"events\":[");
    const nev_event *ev = d->pub_events;
    for (size_t i = 0; i < d->n_pub_events; i++) {
        const nev_event *e = &ev[i];
        sb_str(&b, i ? ",{\"source\":" : "{\"source\":");
        actor_json(&b, &e->source);
        sb_str(&b, ",\"target\":");
        actor_json(&b, &e->target);
        sb_str(&b, ",\"cameo\":");
        sb_jstr(&b, e->cameo);
        sb_str(&b, ",\"root\":");
        sb_jstr(&b, e->root);
        sb_fmt(&b, ",\"quad\":%d,\"goldstein\":", e->quad);
        sb_fixed(&b, e->goldstein, 1);
        sb_str(&b, ",\"plover\":");
        sb_jstr(&b, e->plover);
        sb_str(&b, ",\"date\":");
        sb_jstr(&b, e->date);
        sb_str(&b, ",\"date_kind\":");
        sb_jstr(&b, e->date_kind);
        sb_str(&b, ",\"modality\":");
        sb_jstr(&b, e->modality);
        sb_str(&b, e->negated ? ",\"negated\":true" : ",\"negated\":false");
        sb_str(&b, ",\"location\":");
        if (e->location)
            place_json(&b, e->location);
        else
            sb_str(&b, "null");
        evidence_span(&b, e->sentence, e->off, e->len);
        sb_str(&b, SENT(d, e->sentence).off >= d->body_off ? ",\"field\":\"text\",\"evidence\":"
                                                           : ",\"field\":\"title\",\"evidence\":");
        sb_jstr(&b, e->evidence);
        sb_str(&b, ",\"matched\":");
        sb_jstr(&b, e->matched);
        sb_str(&b, "}");
    }
    sb_str(&b, "],\"locations\":[");
    const nev_place *pl = d->pub_places;
    for (size_t i = 0; i < d->n_pub_places; i++) {
        if (i)
            sb_str(&b, ",");
        place_json(&b, &pl[i]);
    }
    /* GUIDE section 4: "quotes" holds quotations with a named speaker; the others are kept
     * in "unattributed_quotes" so nothing is lost */
    const nev_quote *qv = d->pub_quotes;
    for (int pass = 0; pass < 2; pass++) {
        sb_str(&b, pass ? "],\"unattributed_quotes\":[" : "],\"quotes\":[");
        bool first = true;
        for (size_t i = 0; i < d->n_pub_quotes; i++) {
            const nev_quote *q = &qv[i];
            if ((q->speaker != NULL) != (pass == 0))
                continue;
            sb_str(&b, !first ? ",{\"speaker\":" : "{\"speaker\":");
            first = false;
            if (q->speaker) {
                sb_str(&b, "{\"name\":");
                sb_jstr(&b, q->speaker);
                sb_str(&b, ",\"code\":");
                sb_jstr(&b, q->speaker_code);
                sb_str(&b, "}");
            } else {
                sb_str(&b, "null");
            }
            sb_str(&b, ",\"text\":");
            sb_jstr(&b, q->text);
            evidence_span(&b, q->sentence, q->off, q->len);
            sb_str(&b, "}");
        }
    }
    sb_str(&b, "],\"sentences\":");
    sb_u32(&b, d->sents.n);
    sb_str(&b, ",\"sentences_dropped\":");
    sb_u32(&b, d->n_dropped);
    sb_str(&b, ",\"warnings\":[");
    for (uint32_t i = 0; i < d->warnings.n; i++) {
        if (i)
            sb_str(&b, ",");
        sb_jstr(&b, VEC_AT(d->warnings, char *, i));
    }
    sb_str(&b, "]}");
    if (b.oom)
        return NEV_ENOMEM;
    d->json = b.p;
    d->json_len = b.n;
    return NEV_OK;
}
