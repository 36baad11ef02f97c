/* fuzz_util.c - the model for the fuzz targets and the fixed articles they code (see
 * fuzz_util.h). Test code: may print and abort on setup errors. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NEV_MODEL_PATH
#define NEV_MODEL_PATH "build/newsevents.nevm"
#endif

static uint8_t *g_blob;
static size_t g_len;
static nev_model *g_model;

const nev_model *fuzz_model(const uint8_t **blob, size_t *blob_len)
{
    if (!g_model) {
        const char *path = getenv("NEV_MODEL");
        if (!path || !*path)
            path = NEV_MODEL_PATH;
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "fuzz: cannot open model %s (set NEV_MODEL)\n", path);
            abort();
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        g_blob = malloc((size_t)n);
        if (!g_blob || fread(g_blob, 1, (size_t)n, f) != (size_t)n) {
            fprintf(stderr, "fuzz: cannot read model %s\n", path);
            abort();
        }
        fclose(f);
        g_len = (size_t)n;
        nev_error err;
        if (nev_model_open(&g_model, g_blob, g_len, 0, NULL, NULL, NULL, &err) != NEV_OK) {
            fprintf(stderr, "fuzz: model %s: %s\n", path, err.msg);
            abort();
        }
    }
    if (blob)
        *blob = g_blob;
    if (blob_len)
        *blob_len = g_len;
    return g_model;
}

static volatile size_t sink; /* keeps the reads of the outputs */

void fuzz_code_article(nev_doc *d, const nev_article *a)
{
    nev_error err;
    if (nev_doc_code(d, a, &err) != NEV_OK)
        return;
    const char *s;
    size_t n;
    if (nev_doc_json(d, &s, &n) == NEV_OK && n)
        sink += (unsigned char)s[n - 1];
    if (nev_doc_explain(d, &s, &n) == NEV_OK && n)
        sink += (unsigned char)s[n - 1];
    const nev_event *ev;
    size_t ne = nev_doc_events(d, &ev);
    for (size_t i = 0; i < ne; i++)
        sink += strlen(ev[i].cameo) + strlen(ev[i].source.code) + strlen(ev[i].target.code) +
                strlen(ev[i].evidence);
    const nev_quote *q;
    size_t nq = nev_doc_quotes(d, &q);
    for (size_t i = 0; i < nq; i++)
        sink += strlen(q[i].text);
    const nev_place *p;
    size_t np = nev_doc_places(d, &p);
    for (size_t i = 0; i < np; i++)
        sink += strlen(p[i].name);
    size_t sents, dropped;
    nev_doc_counts(d, &sents, &dropped);
    sink += sents + dropped;
}

static const char *const fixed[] = {
    "Putin praised Kim Jong Un in Pyongyang on Monday. China accused Japan of spying.",
    "\"We will respond,\" said Chinese Foreign Minister Wang Yi. Wang criticized Japan.",
    "South Korean troops fired on North Korean soldiers near Panmunjom. Seoul accused the "
    "North of violating the armistice. Russia and China signed an agreement in Moscow.",
    "The European Union imposed new sanctions on Belarus. Iran threatened Israel. "
    "Kim Jong Un visited Moscow. Russian police detained Estonian citizens in Pskov.",
};

size_t fuzz_code_fixed(const nev_model *m)
{
    nev_doc *d;
    if (nev_doc_new(&d, m) != NEV_OK)
        return 0;
    size_t total = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        nev_doc_reset(d);
        nev_article a;
        memset(&a, 0, sizeof a);
        a.text = fixed[i];
        a.text_len = strlen(fixed[i]);
        a.date = "2024-06-18";
        a.date_len = 10;
        a.title = "Talks in Kyiv";
        a.title_len = 13;
        fuzz_code_article(d, &a);
        const nev_event *ev;
        total += nev_doc_events(d, &ev);
    }
    nev_doc_free(d);
    return total;
}
