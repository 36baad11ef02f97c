/*
 * common.c - allocation, error reporting and the tag-name table shared by every module.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *nev_malloc(const nev_alloc *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (a && a->malloc)
        return a->malloc(a->ctx, n);
    return malloc(n);
}

void *nev_calloc(const nev_alloc *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = nev_malloc(a, n * size);
    if (p)
        memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

void *nev_realloc(const nev_alloc *a, void *p, size_t n)
{
    if (n == 0)
        n = 1;
    if (a && a->realloc)
        return a->realloc(a->ctx, p, n);
    return realloc(p, n);
}

void nev_free(const nev_alloc *a, void *p)
{
    if (!p)
        return;
    if (a && a->free)
        a->free(a->ctx, p);
    else
        free(p);
}

int nev_seterr(nev_error *e, int code, const char *file, long line, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->line = line;
    e->offset = -1;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *nev_strerror(int code)
{
    switch (code) {
    case NEV_OK: return "success";
    case NEV_ENOMEM: return "out of memory";
    case NEV_EINVAL: return "invalid argument";
    case NEV_EIO: return "input/output error";
    case NEV_EDATA: return "malformed data";
    case NEV_EUTF8: return "invalid UTF-8";
    case NEV_ELIMIT: return "size limit exceeded";
    default: return "unknown error";
    }
}

static const char *const pos_names[POS__COUNT] = {
    "NONE", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "MD",
    "NN", "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB",
    "RBR", "RBS", "RP", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP",
    "VBZ", "WDT", "WP", "WP$", "WRB",
    ".", ",", ":", "``", "''", "-LRB-", "-RRB-", "SYM",
};

int nev_split_tabs(char *line, char **f, int max)
{
    int nf = 0;
    f[nf++] = line;
    for (char *q = line; *q && nf < max; q++)
        if (*q == '\t') {
            *q = '\0';
            f[nf++] = q + 1;
        }
    return nf;
}

const char *nev_pos_name(nev_pos p)
{
    return (p >= 0 && p < POS__COUNT) ? pos_names[p] : "NONE";
}

nev_pos nev_pos_from_name(const char *s, size_t len)
{
    for (int i = 1; i < POS__COUNT; i++)
        if (strlen(pos_names[i]) == len && memcmp(pos_names[i], s, len) == 0)
            return (nev_pos)i;
    return POS_NONE;
}
