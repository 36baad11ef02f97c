/* fuzz_section.c - libFuzzer targets for the model section loaders, one per build
 * (FUZZ_SECTION = 1 tagger, 2 lemma, 3 geo, 4 actors, 5 patterns, 6 cameo). The input is
 * loaded as that section; when it loads, a copy of the real model with this section swapped
 * in codes a few fixed articles, so tables that pass validation are also used. Then the
 * section is freed (leaks show up under ASan). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "internal.h"
#include "nevm.h"

#ifndef FUZZ_SECTION
#error "define FUZZ_SECTION"
#endif

#if FUZZ_SECTION >= 5
/* The real section named name from the packed model. */
static void real_section(const char *name, const uint8_t **data, size_t *len)
{
    const uint8_t *blob;
    size_t blen;
    fuzz_model(&blob, &blen);
    nev_error err;
    if (nevm_section(blob, blen, name, data, len, &err) != NEV_OK)
        abort();
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const nev_model *real = fuzz_model(NULL, NULL);
    nev_model m = *real; /* shares every table with the real model but the fuzzed one */
    nev_error err;
    int rc;
#if FUZZ_SECTION == 1
    tag_model *t = NULL;
    rc = tag_model_load(&t, data, size, NULL, &err);
    if (rc == NEV_OK) {
        m.tagger = t;
        fuzz_code_fixed(&m);
        tag_model_free(t);
    }
#elif FUZZ_SECTION == 2
    lemma_model *l = NULL;
    rc = lemma_model_load(&l, data, size, NULL, &err);
    if (rc == NEV_OK) {
        m.lemma = l;
        char out[64];
        lemma_of(l, "fired", 5, POS_VBD, out, sizeof out);
        lemma_of(l, "men", 3, POS_NNS, out, sizeof out);
        fuzz_code_fixed(&m);
        lemma_model_free(l);
    }
#elif FUZZ_SECTION == 3
    geo_model *g = NULL;
    rc = geo_model_load(&g, data, size, NULL, &err);
    if (rc == NEV_OK) {
        m.geo = g;
        geo_place p[4];
        geo_lookup(g, "kyiv", 4, p, 4);
        geo_resolve(g, "moscow", 6, NULL, p);
        geo_has_prefix(g, "new", 3);
        geo_find_more_h(g, geo_find(g, "new", 3), geo_hash("new", 3), "new york", 8,
                        geo_hash("new york", 8));
        fuzz_code_fixed(&m);
        geo_model_free(g);
    }
#elif FUZZ_SECTION == 4
    m.actor_text = NULL;
    m.actors = NULL;
    m.n_actors = 0;
    memset(&m.actor_index, 0, sizeof m.actor_index);
    m.actor_chain = NULL;
    rc = actor_load(&m, data, size, &err);
    if (rc == NEV_OK)
        fuzz_code_fixed(&m);
    actor_free(&m);
#elif FUZZ_SECTION == 5 || FUZZ_SECTION == 6
    m.pattern_text = NULL;
    m.patterns = NULL;
    m.n_patterns = 0;
    memset(&m.verb_index, 0, sizeof m.verb_index);
    memset(&m.word_class, 0, sizeof m.word_class);
    m.cameo = NULL;
    m.n_cameo = 0;
    memset(&m.cameo_index, 0, sizeof m.cameo_index);
    const uint8_t *other;
    size_t other_len;
#if FUZZ_SECTION == 5
    real_section("cameo", &other, &other_len);
    rc = cameo_load(&m, other, other_len, &err);
    if (rc == NEV_OK)
        rc = pattern_load(&m, data, size, &err);
#else
    real_section("patterns", &other, &other_len);
    rc = cameo_load(&m, data, size, &err);
    if (rc == NEV_OK)
        rc = pattern_load(&m, other, other_len, &err);
#endif
    if (rc == NEV_OK)
        fuzz_code_fixed(&m);
    pattern_free(&m);
#else
#error "unknown FUZZ_SECTION"
#endif
    (void)rc;
    return 0;
}
