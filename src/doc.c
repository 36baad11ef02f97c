/*
 * doc.c - the document: lifecycle, JSON Lines parsing, the pipeline driver, dates and
 * warnings. One nev_doc per worker thread; everything it holds lives in its arena.
 */
#include "internal.h"
#include "translit.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#if defined(__GNUC__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

int nev_doc_new(nev_doc **out, const nev_model *m)
{
    if (!out || !m)
        return NEV_EINVAL;
    nev_doc *d = nev_calloc(&m->alc, 1, sizeof *d);
    if (!d)
        return NEV_ENOMEM;
    d->m = m;
    arena_init(&d->ar, &m->alc, (size_t)NEV_MAX_TEXT * 24);
    nev_doc_reset(d);
    *out = d;
    return NEV_OK;
}

void nev_doc_reset(nev_doc *d)
{
    if (!d)
        return;
    arena_reset(&d->ar);
    const nev_model *m = d->m;
    arena ar = d->ar;
    struct translit *tr = d->translit;
    memset(d, 0, sizeof *d);
    d->m = m;
    d->ar = ar;
    d->translit = tr;
    d->date = INT32_MIN;
    vec_init(&d->toks, sizeof(token));
    vec_init(&d->sents, sizeof(sentence));
    vec_init(&d->ments, sizeof(mention));
    vec_init(&d->persons, sizeof(person));
    vec_init(&d->events, sizeof(event));
    vec_init(&d->places, sizeof(place_ref));
    vec_init(&d->quotes, sizeof(quote));
    vec_init(&d->warnings, sizeof(char *));
    vec_init(&d->acts, sizeof(act_ref));
}

void nev_doc_free(nev_doc *d)
{
    if (!d)
        return;
    arena_free(&d->ar);
    translit_doc_free(d);
    nev_free(&d->m->alc, d);
}

int doc_warn(nev_doc *d, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *w = arena_strndup(&d->ar, buf, strlen(buf));
    if (!w || vec_push(&d->ar, &d->warnings, &w) < 0)
        return NEV_ENOMEM;
    return NEV_OK;
}

static const char *json_str(nev_doc *d, const cJSON *o, const char *key, size_t *len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsString(v) && v->valuestring) {
        *len = strlen(v->valuestring);
        return arena_strndup(&d->ar, v->valuestring, *len);
    }
    if (cJSON_IsNumber(v)) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v->valuedouble);
        *len = strlen(buf);
        return arena_strndup(&d->ar, buf, *len);
    }
    *len = 0;
    return NULL;
}

/* ---- the usual record without cJSON ------------------------------------------------------
 * Most records are one flat object whose values are strings or null, with the common string
 * escapes. flat_parse reads those directly into the arena (cJSON builds a tree, copies each
 * string twice and compares every key with strcmp). Anything else - numbers, nested values,
 * \u surrogates, control bytes, escaped keys, bad syntax, no "text" - makes it answer "not
 * mine", and the record goes through cJSON as before, so errors, numbers and rare escapes keep
 * cJSON's exact reading. */

static const char *flat_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static bool flat_hex4(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return false;
    }
    *out = v;
    return true;
}

/* The string whose first byte (after the opening quote) is at p: returns the closing quote,
 * or NULL when the fast path does not take it; *esc tells whether it has escapes. */
static const char *flat_string_end(const char *p, const char *e, bool *esc)
{
    *esc = false;
    for (;;) {
#if defined(__GNUC__) && defined(__SSE2__)
        /* sixteen bytes at a time: a quote, a backslash or a control byte (x <= 0x1F as
         * unsigned bytes: min(x, 0x1F) == x) ends the plain run */
        while (e - p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) {
                p += __builtin_ctz(m);
                goto special;
            }
            p += 16;
        }
#endif
        while (e - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            if (swar_has_byte(x, '"') || swar_has_byte(x, '\\') || swar_has_control(x))
                break;
            p += 8;
        }
        if (p >= e)
            return NULL;
#if defined(__GNUC__) && defined(__SSE2__)
    special:;
#endif
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            return p;
        if (c < 0x20)
            return NULL;
        if (c != '\\') {
            p++;
            continue;
        }
        *esc = true;
        if (e - p < 2)
            return NULL;
        char k = p[1];
        if (k == 'u') {
            uint32_t u;
            if (e - p < 6 || !flat_hex4(p + 2, &u) || u == 0 || (u >= 0xD800 && u <= 0xDFFF))
                return NULL;
            p += 6;
        } else if (k == '"' || k == '\\' || k == '/' || k == 'b' || k == 'f' || k == 'n' ||
                   k == 'r' || k == 't') {
            p += 2;
        } else {
            return NULL;
        }
    }
}

/* Decode the checked string [p, q) into the arena (NUL-terminated); NULL when out of memory. */
static char *flat_decode(nev_doc *d, const char *p, const char *q, bool esc, size_t *len)
{
    char *out = arena_alloc(&d->ar, (size_t)(q - p) + 1);
    if (!out)
        return NULL;
    if (!esc) {
        memcpy(out, p, (size_t)(q - p));
        out[q - p] = '\0';
        *len = (size_t)(q - p);
        return out;
    }
    char *o = out;
    while (p < q) {
        const char *bs = memchr(p, '\\', (size_t)(q - p));
        size_t run = bs ? (size_t)(bs - p) : (size_t)(q - p);
        memcpy(o, p, run);
        o += run;
        p += run;
        if (!bs)
            break;
        char k = p[1];
        p += 2;
        switch (k) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            uint32_t u = 0;
            flat_hex4(p, &u); /* checked by flat_string_end: no surrogate, not 0 */
            p += 4;
            o += utf8_encode(u, o);
            break;
        }
        default: *o++ = k; break; /* " \ / */
        }
    }
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* 1 when the record was read into *a, 0 when it is for cJSON. */
static int flat_parse(nev_doc *d, const char *line, size_t len, nev_article *a)
{
    static const char *const keys[5] = {"text", "id", "date", "source", "title"};
    const char *vs[5] = {0}, *ve[5] = {0}; /* a string value's bytes, or vs = NULL */
    bool seen[5] = {0}, esc[5] = {0};
    const char *p = line, *e = line + len;
    p = flat_ws(p, e);
    if (p >= e || *p != '{')
        return 0;
    p = flat_ws(p + 1, e);
    for (;;) {
        if (p >= e || *p != '"')
            return 0; /* (also "{}": no "text") */
        const char *k0 = p + 1, *k1 = k0;
        while (k1 < e && *k1 != '"' && *k1 != '\\' && (unsigned char)*k1 >= 0x20)
            k1++;
        if (k1 >= e || *k1 != '"')
            return 0;
        int which = -1;
        for (int q = 0; q < 5 && which < 0; q++)
            if ((size_t)(k1 - k0) == strlen(keys[q]) && memcmp(k0, keys[q], (size_t)(k1 - k0)) == 0)
                which = q;
        p = flat_ws(k1 + 1, e);
        if (p >= e || *p != ':')
            return 0;
        p = flat_ws(p + 1, e);
        if (p >= e)
            return 0;
        const char *s0 = NULL, *s1 = NULL;
        bool es = false;
        if (*p == '"') {
            s0 = p + 1;
            s1 = flat_string_end(s0, e, &es);
            if (!s1)
                return 0;
            p = s1 + 1;
        } else if (e - p >= 4 && memcmp(p, "null", 4) == 0) {
            p += 4;
        } else if (e - p >= 4 && memcmp(p, "true", 4) == 0) {
            if (which == 0)
                return 0; /* "text" must be a string or null */
            p += 4;
        } else if (e - p >= 5 && memcmp(p, "false", 5) == 0) {
            if (which == 0)
                return 0;
            p += 5;
        } else {
            return 0; /* numbers, objects, arrays, errors */
        }
        if (which >= 0 && !seen[which]) { /* the first of duplicate keys, as cJSON finds it */
            seen[which] = true;
            vs[which] = s0;
            ve[which] = s1;
            esc[which] = es;
        }
        p = flat_ws(p, e);
        if (p < e && *p == ',') {
            p = flat_ws(p + 1, e);
            continue;
        }
        if (p < e && *p == '}')
            break;
        return 0;
    }
    if (!seen[0])
        return 0; /* no "text": cJSON's reading says so */
    const char **outs[5] = {&a->text, &a->id, &a->date, &a->source, &a->title};
    size_t *lens[5] = {&a->text_len, &a->id_len, &a->date_len, &a->source_len, &a->title_len};
    for (int q = 0; q < 5; q++) {
        *outs[q] = NULL;
        *lens[q] = 0;
        if (!vs[q])
            continue;
        *outs[q] = flat_decode(d, vs[q], ve[q], esc[q], lens[q]);
        if (!*outs[q]) {
            memset(a, 0, sizeof *a);
            return 0; /* out of memory: cJSON's path reports it */
        }
    }
    return 1;
}

int nev_doc_parse_json(nev_doc *d, const char *line, size_t len, nev_article *a,
                       nev_error *err)
{
    return doc_parse_json(d, line, len, a, 1, err);
}

int doc_parse_json(nev_doc *d, const char *line, size_t len, nev_article *a, int fast,
                   nev_error *err)
{
    if (!d || !line || !a)
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "null argument");
    memset(a, 0, sizeof *a);
    if (len > NEV_MAX_TEXT + 65536u)
        return nev_seterr(err, NEV_ELIMIT, NULL, 0, "record of %zu bytes is over the %u-byte limit",
                          len, NEV_MAX_TEXT);
    /* cJSON strings end at a NUL, so an escaped "\u0000" would cut the text silently:
     * replace it by U+FFFD in a copy and say so on the record */
    size_t nuls = 0;
    for (size_t i = 0; i + 6 <= len;) {
        /* the next backslash that can start "\u0000" (positions up to len - 6) */
        const char *bs = memchr(line + i, '\\', len - 5 - i);
        if (!bs)
            break;
        i = (size_t)(bs - line);
        if (memcmp(line + i + 1, "u0000", 5) == 0)
            nuls++;
        i += 2; /* past the escaped character: "\\u0000" is a backslash and "u0000" */
    }
    if (nuls) {
        char *copy = arena_strndup(&d->ar, line, len);
        if (!copy)
            return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i + 6 <= len; i++) {
            if (copy[i] != '\\')
                continue;
            if (memcmp(copy + i + 1, "u0000", 5) == 0)
                memcpy(copy + i + 1, "ufffd", 5);
            i++;
        }
        line = copy;
        if (doc_warn(d, "%zu NUL characters (\\u0000) in the record replaced by U+FFFD", nuls) !=
            NEV_OK)
            return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    }
    if (fast && flat_parse(d, line, len, a))
        return NEV_OK;
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!o) {
        long at = end ? (long)(end - line) : -1;
        int rc = nev_seterr(err, NEV_EDATA, NULL, 0, "not valid JSON (near byte %ld)", at);
        if (err)
            err->offset = at;
        return rc;
    }
    int rc = NEV_OK;
    if (!cJSON_IsObject(o)) {
        rc = nev_seterr(err, NEV_EDATA, NULL, 0, "a record must be a JSON object");
        goto done;
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!cJSON_IsString(text) && !cJSON_IsNull(text)) {
        rc = nev_seterr(err, NEV_EDATA, NULL, 0, "record has no string field \"text\"");
        goto done;
    }
    a->text = json_str(d, o, "text", &a->text_len);
    a->id = json_str(d, o, "id", &a->id_len);
    a->date = json_str(d, o, "date", &a->date_len);
    a->source = json_str(d, o, "source", &a->source_len);
    a->title = json_str(d, o, "title", &a->title_len);
    if ((cJSON_IsString(text) && !a->text) || (!a->text && !a->title && cJSON_IsString(text)))
        rc = nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
done:
    cJSON_Delete(o);
    return rc;
}

/* Copy s into the arena replacing invalid UTF-8 and NUL bytes by U+FFFD; counts repairs. */
static char *copy_valid(nev_doc *d, char *dst, const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    while (i < len) {
        size_t ok = utf8_valid_prefix(s + i, len - i);
        /* the valid run is copied whole up to each NUL (usually none: one memchr, one
         * memcpy instead of a byte loop) */
        const char *p = s + i, *e = s + i + ok;
        while (p < e) {
            const char *z = memchr(p, '\0', (size_t)(e - p));
            size_t n = z ? (size_t)(z - p) : (size_t)(e - p);
            memcpy(dst, p, n);
            dst += n;
            p += n;
            if (z) {
                memcpy(dst, "\xEF\xBF\xBD", 3);
                dst += 3;
                (*bad)++;
                p++;
            }
        }
        i += ok;
        if (i < len) {
            memcpy(dst, "\xEF\xBF\xBD", 3);
            dst += 3;
            (*bad)++;
            i++;
        }
    }
    (void)d;
    return dst;
}

static int set_text(nev_doc *d, const nev_article *a)
{
    size_t tl = a->title ? a->title_len : 0, bl = a->text ? a->text_len : 0;
    if (tl + bl > NEV_MAX_TEXT)
        return nev_seterr(&d->err, NEV_ELIMIT, NULL, 0,
                          "article of %zu bytes is over the %u-byte limit", tl + bl, NEV_MAX_TEXT);
    char *buf = arena_alloc(&d->ar, (tl + bl) * 3 + 3);
    if (!buf)
        return nev_seterr(&d->err, NEV_ENOMEM, NULL, 0, "out of memory");
    size_t bad = 0;
    char *p = buf;
    if (tl) {
        p = copy_valid(d, p, a->title, tl, &bad);
        *p++ = '\n';
        *p++ = '\n';
    }
    d->body_off = (uint32_t)(p - buf);
    if (bl)
        p = copy_valid(d, p, a->text, bl, &bad);
    *p = '\0';
    d->text = buf;
    d->text_len = (uint32_t)(p - buf);
    if (bad && doc_warn(d, "%zu invalid UTF-8 or NUL bytes replaced by U+FFFD", bad) != NEV_OK)
        return NEV_ENOMEM;
    return NEV_OK;
}

int nev_doc_code(nev_doc *d, const nev_article *a, nev_error *err)
{
    if (!d || !a)
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "null argument");
    /* keep the strings the caller gave (they may live in this doc's arena already) */
    d->id = a->id ? arena_strndup(&d->ar, a->id, a->id_len) : NULL;
    d->src_name = a->source ? arena_strndup(&d->ar, a->source, a->source_len) : NULL;
    d->date_str = a->date ? arena_strndup(&d->ar, a->date, a->date_len) : NULL;
    d->date = a->date ? parse_date(a->date, a->date_len) : INT32_MIN;
    if (a->date && a->date_len && d->date == INT32_MIN)
        doc_warn(d, "article date is not YYYY-MM-DD; relative dates left unresolved");
    int rc = set_text(d, a);
    if (rc == NEV_OK) {
        rc = segment_run(d);
        if (rc == NEV_ELIMIT && d->err.code == 0)
            nev_seterr(&d->err, rc, NULL, 0, "article has more than %u tokens (limit); not coded",
                       NEV_MAX_TOKENS);
    }
    if (rc == NEV_OK)
        rc = segment_tag(d);
    if (rc == NEV_OK)
        rc = translit_run(d);
    if (rc == NEV_OK) {
        actor_tokens(d);
        rc = place_run(d);
    }
    if (rc == NEV_OK)
        rc = actor_run(d);
    if (rc == NEV_OK)
        rc = when_run(d);
    if (rc == NEV_OK)
        rc = event_run(d);
    if (rc == NEV_OK)
        rc = quote_run(d);
    if (rc == NEV_OK)
        rc = out_views(d);
    if (rc == NEV_OK)
        rc = out_json(d);
    if (rc != NEV_OK) {
        if (d->err.code == 0)
            nev_seterr(&d->err, rc, NULL, 0, "%s", nev_strerror(rc));
        if (err)
            *err = d->err;
    }
    return rc;
}

int nev_doc_json(nev_doc *d, const char **json, size_t *len)
{
    if (!d || !json || !len || !d->json)
        return NEV_EINVAL;
    *json = d->json;
    *len = d->json_len;
    return NEV_OK;
}

void nev_doc_counts(const nev_doc *d, size_t *sentences, size_t *dropped)
{
    if (sentences)
        *sentences = d->sents.n;
    if (dropped)
        *dropped = d->n_dropped;
}
