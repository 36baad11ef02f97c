/* fuzz_json.c - libFuzzer target: one JSON Lines record through nev_doc_parse_json, and when
 * it parses, the whole pipeline on the article it gives. The record is also read by cJSON
 * alone (doc_parse_json with fast = 0): the flat-record reader must give the same answer and
 * the same fields, or the target aborts. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "internal.h"

static int same_field(const char *a, size_t al, const char *b, size_t bl)
{
    if (!a || !b)
        return a == b && al == bl;
    return al == bl && memcmp(a, b, al) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nev_doc *d, *slow;
    const nev_model *m = fuzz_model(NULL, NULL);
    if (!d && nev_doc_new(&d, m) != NEV_OK)
        return 0;
    if (!slow && nev_doc_new(&slow, m) != NEV_OK)
        return 0;
    nev_doc_reset(d);
    nev_doc_reset(slow);
    nev_article a, b;
    nev_error err, err2;
    int rc = nev_doc_parse_json(d, (const char *)data, size, &a, &err);
    int rc2 = doc_parse_json(slow, (const char *)data, size, &b, 0, &err2);
    if (rc != rc2)
        abort();
    if (rc == NEV_OK &&
        (!same_field(a.text, a.text_len, b.text, b.text_len) ||
         !same_field(a.id, a.id_len, b.id, b.id_len) ||
         !same_field(a.date, a.date_len, b.date, b.date_len) ||
         !same_field(a.source, a.source_len, b.source, b.source_len) ||
         !same_field(a.title, a.title_len, b.title, b.title_len)))
        abort();
    if (rc == NEV_OK)
        fuzz_code_article(d, &a);
    return 0;
}
