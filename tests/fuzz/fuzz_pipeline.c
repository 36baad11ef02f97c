/* fuzz_pipeline.c - libFuzzer target: raw bytes as an article through nev_doc_code. The
 * first byte picks the shape: bit 0 sends the first line as the title, bit 1 drops the date,
 * bit 2 takes a date from the next 10 bytes. */
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
    memset(&a, 0, sizeof a);
    a.id = "fuzz";
    a.id_len = 4;
    a.date = "2024-06-18";
    a.date_len = 10;
    const char *p = (const char *)data;
    size_t n = size;
    if (n > 0) {
        unsigned mode = (unsigned char)p[0];
        p++;
        n--;
        if ((mode & 4) && n >= 10) {
            a.date = p;
            a.date_len = 10;
            p += 10;
            n -= 10;
        }
        if (mode & 2) {
            a.date = NULL;
            a.date_len = 0;
        }
        if (mode & 1) {
            const char *nl = memchr(p, '\n', n);
            size_t tl = nl ? (size_t)(nl - p) : n;
            a.title = p;
            a.title_len = tl;
            p += tl;
            n -= tl;
        }
    }
    a.text = p;
    a.text_len = n;
    fuzz_code_article(d, &a);
    return 0;
}
