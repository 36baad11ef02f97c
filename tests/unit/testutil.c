/* testutil.c - loads the packed model once for a test executable and codes test texts. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *model_bytes;
static size_t model_len;
static nev_model *model;
static nev_doc *doc;

const uint8_t *testutil_model(size_t *len)
{
    if (!model_bytes) {
        FILE *f = fopen(NEV_MODEL_PATH, "rb");
        if (!f)
            return NULL;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        model_bytes = malloc((size_t)n);
        if (!model_bytes || fread(model_bytes, 1, (size_t)n, f) != (size_t)n) {
            fclose(f);
            free(model_bytes);
            model_bytes = NULL;
            return NULL;
        }
        fclose(f);
        model_len = (size_t)n;
    }
    *len = model_len;
    return model_bytes;
}

nev_model *testutil_open(void)
{
    if (!model) {
        size_t n;
        const uint8_t *b = testutil_model(&n);
        nev_error err;
        if (!b || nev_model_open(&model, b, n, 0, NULL, NULL, NULL, &err) != NEV_OK) {
            fprintf(stderr, "model: %s\n", b ? err.msg : "cannot read " NEV_MODEL_PATH);
            return NULL;
        }
    }
    return model;
}

const char *testutil_code(const char *text, const char *date)
{
    nev_model *m = testutil_open();
    if (!m)
        return NULL;
    if (!doc && nev_doc_new(&doc, m) != NEV_OK)
        return NULL;
    nev_doc_reset(doc);
    nev_article a;
    memset(&a, 0, sizeof a);
    a.id = "t";
    a.id_len = 1;
    a.text = text;
    a.text_len = strlen(text);
    if (date) {
        a.date = date;
        a.date_len = strlen(date);
    }
    nev_error err;
    if (nev_doc_code(doc, &a, &err) != NEV_OK)
        return NULL;
    const char *json;
    size_t len;
    if (nev_doc_json(doc, &json, &len) != NEV_OK)
        return NULL;
    return json;
}

cJSON *testutil_record(const char *text, const char *date)
{
    const char *json = testutil_code(text, date);
    return json ? cJSON_Parse(json) : NULL;
}
