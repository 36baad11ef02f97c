/*
 * doc.c - the document: lifecycle, JSON Lines parsing, the pipeline driver, dates and
 * warnings. One nev_doc per worker thread; everything it holds lives in its arena.
 */
#include "internal.h"
#include "translit.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

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

int nev_doc_parse_json(nev_doc *d, const char *line, size_t len, nev_article *a,
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
    for (size_t i = 0; i + 6 <= len; i++) {
        /* the next backslash that can start "\u0000" (positions up to len - 6) */
        const char *bs = memchr(line + i, '\\', len - 5 - i);
        if (!bs)
            break;
        i = (size_t)(bs - line);
        if (memcmp(line + i + 1, "u0000", 5) == 0)
            nuls++;
        i++; /* skip the escaped character: "\\u0000" is a backslash and "u0000" */
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
        for (size_t j = 0; j < ok; j++) {
            char c = s[i + j];
            if (c == '\0') {
                memcpy(dst, "\xEF\xBF\xBD", 3);
                dst += 3;
                (*bad)++;
            } else {
                *dst++ = c;
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
    if (rc == NEV_OK)
        rc = place_run(d);
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
