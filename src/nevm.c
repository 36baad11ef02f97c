/*
 * nevm.c - reading sections out of a compiled model blob (format in nevm.h).
 */
#include "nevm.h"

#include <string.h>

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int nevm_section(const uint8_t *blob, size_t blob_len, const char *name, const uint8_t **data,
                 size_t *len, nev_error *err)
{
    if (!blob || blob_len < 16 || memcmp(blob, NEVM_MAGIC, 4) != 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "not a newsevents model (bad magic)");
    if (rd32(blob + 4) != NEVM_VERSION)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "model format version %u, expected %u",
                          rd32(blob + 4), NEVM_VERSION);
    uint32_t n = rd32(blob + 8);
    const size_t entry = NEVM_NAME_MAX + 16;
    if (n > (blob_len - 16) / entry)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "model section table truncated");
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *e = blob + 16 + (size_t)i * entry;
        if (strncmp((const char *)e, name, NEVM_NAME_MAX) != 0)
            continue;
        uint64_t off = rd64(e + NEVM_NAME_MAX), l = rd64(e + NEVM_NAME_MAX + 8);
        if (off > blob_len || l > blob_len - off)
            return nev_seterr(err, NEV_EDATA, NULL, 0, "model section %s out of bounds", name);
        *data = blob + off;
        *len = (size_t)l;
        return NEV_OK;
    }
    return nev_seterr(err, NEV_EDATA, NULL, 0, "model has no section \"%s\"", name);
}
