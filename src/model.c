/*
 * model.c - opening the compiled model: finds each section in the .nevm blob and hands it to
 * the module that owns it. The model is immutable afterwards and shared by all threads.
 */
#include "internal.h"
#include "nevm.h"

#include <stdio.h>
#include <string.h>

static int load_section(nev_model *m, const char *name, const uint8_t **data, size_t *len,
                        nev_error *err)
{
    return nevm_section(m->blob, m->blob_len, name, data, len, err);
}

int nev_model_open(nev_model **out, const void *blob, size_t len, int copy,
                   const nev_alloc *alc, nev_log_fn log, void *log_ctx, nev_error *err)
{
    if (!out || !blob)
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "null argument");
    *out = NULL;
    nev_model *m = nev_calloc(alc, 1, sizeof *m);
    if (!m)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    if (alc)
        m->alc = *alc;
    m->log = log;
    m->log_ctx = log_ctx;
    if (copy) {
        m->owned = nev_malloc(alc, len);
        if (!m->owned) {
            nev_free(alc, m);
            return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
        }
        memcpy(m->owned, blob, len);
        m->blob = m->owned;
    } else {
        m->blob = blob;
    }
    m->blob_len = len;
    const uint8_t *d;
    size_t n;
    int rc;
    if ((rc = load_section(m, "tagger", &d, &n, err)) != NEV_OK ||
        (rc = tag_model_load(&m->tagger, d, n, &m->alc, err)) != NEV_OK)
        goto fail;
    if ((rc = load_section(m, "lemma", &d, &n, err)) != NEV_OK ||
        (rc = lemma_model_load(&m->lemma, d, n, &m->alc, err)) != NEV_OK)
        goto fail;
    if ((rc = load_section(m, "geo", &d, &n, err)) != NEV_OK ||
        (rc = geo_model_load(&m->geo, d, n, &m->alc, err)) != NEV_OK)
        goto fail;
    if ((rc = load_section(m, "actors", &d, &n, err)) != NEV_OK ||
        (rc = actor_load(m, d, n, err)) != NEV_OK)
        goto fail;
    if ((rc = load_section(m, "cameo", &d, &n, err)) != NEV_OK ||
        (rc = cameo_load(m, d, n, err)) != NEV_OK)
        goto fail;
    if ((rc = load_section(m, "patterns", &d, &n, err)) != NEV_OK ||
        (rc = pattern_load(m, d, n, err)) != NEV_OK)
        goto fail;
    *out = m;
    return NEV_OK;
fail:
    nev_model_free(m);
    return rc;
}

int nev_model_open_file(nev_model **out, const char *path, const nev_alloc *alc,
                        nev_error *err)
{
    if (!out || !path)
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "null argument");
    FILE *f = fopen(path, "rb");
    if (!f)
        return nev_seterr(err, NEV_EIO, path, 0, "cannot open model file");
    int rc = NEV_OK;
    uint8_t *buf = NULL;
    if (fseek(f, 0, SEEK_END) != 0) {
        rc = nev_seterr(err, NEV_EIO, path, 0, "cannot seek model file");
        goto done;
    }
    long n = ftell(f);
    if (n <= 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = nev_seterr(err, NEV_EIO, path, 0, "empty or unreadable model file");
        goto done;
    }
    buf = nev_malloc(alc, (size_t)n);
    if (!buf) {
        rc = nev_seterr(err, NEV_ENOMEM, path, 0, "out of memory");
        goto done;
    }
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        rc = nev_seterr(err, NEV_EIO, path, 0, "short read of model file");
        goto done;
    }
    rc = nev_model_open(out, buf, (size_t)n, 1, alc, NULL, NULL, err);
done:
    nev_free(alc, buf);
    fclose(f);
    return rc;
}

void nev_model_free(nev_model *m)
{
    if (!m)
        return;
    nev_alloc a = m->alc;
    tag_model_free(m->tagger);
    lemma_model_free(m->lemma);
    geo_model_free(m->geo);
    actor_free(m);
    pattern_free(m);
    nev_free(&a, m->owned);
    nev_free(&a, m);
}
