/* fuzz_html.c - libFuzzer target: bytes as an HTML page through nev_doc_parse_html, and when
 * it parses, the whole pipeline on the article it gives. */
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nev_doc *d;
    const nev_model *m = fuzz_model(NULL, NULL);
    if (!d && nev_doc_new(&d, m) != NEV_OK)
        return 0;
    nev_doc_reset(d);
    nev_article a;
    nev_error err;
    if (nev_doc_parse_html(d, (const char *)data, size, &a, &err) == NEV_OK)
        fuzz_code_article(d, &a);
    return 0;
}
