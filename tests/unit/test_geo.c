/*
 * test_geo.c - unit tests of the gazetteer (src/geo.c) on the real "geo" section of the
 * packed model: lookups, prefixes, the stoplist, and disambiguation in context, with
 * coordinates checked within 161 km (the scoring tolerance of GUIDE.md section 3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo.h"
#include "nevm.h"
#include "text.h"

/* From tests/unit/testutil.c: the packed model read into memory (NULL on failure). */
const uint8_t *testutil_model(size_t *len);

static geo_model *model;

static int setup(void **state)
{
    (void)state;
    size_t blen = 0;
    const uint8_t *blob = testutil_model(&blen);
    if (!blob)
        return -1;
    const uint8_t *data;
    size_t len;
    nev_error err;
    if (nevm_section(blob, blen, "geo", &data, &len, &err) != NEV_OK) {
        fprintf(stderr, "no geo section: %s\n", err.msg);
        return -1;
    }
    if (geo_model_load(&model, data, len, NULL, &err) != NEV_OK) {
        fprintf(stderr, "geo_model_load: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    geo_model_free(model);
    model = NULL;
    return 0;
}

static double km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, d = 3.14159265358979323846 / 180.0;
    double a = sin((lat2 - lat1) * d / 2) * sin((lat2 - lat1) * d / 2) +
               cos(lat1 * d) * cos(lat2 * d) * sin((lon2 - lon1) * d / 2) *
                   sin((lon2 - lon1) * d / 2);
    return 2 * r * asin(sqrt(a));
}

/* Resolve surface text s (folded here, as the engine does) in a context of up to two
 * countries and check the country and the distance to (lat, lon). */
static void expect(const char *s, const char *c1, float w1, const char *c2, float w2, bool cue,
                   const char *cc3, double lat, double lon)
{
    char key[128];
    size_t kl = text_fold(s, strlen(s), key, sizeof key);
    char cs[2][4] = {{0}, {0}};
    float ws[2] = {w1, w2};
    size_t n = 0;
    if (c1)
        memcpy(cs[n++], c1, 4);
    if (c2) {
        memcpy(cs[n], c2, 4);
        ws[n++] = w2;
    }
    geo_context ctx = {cs, ws, n, cue};
    geo_place p;
    if (!geo_resolve(model, key, kl, &ctx, &p)) {
        fprintf(stderr, "unresolved: %s\n", s);
        fail();
    }
    double d = km(p.lat, p.lon, lat, lon);
    if (strcmp(p.cc3, cc3) != 0 || d > 161.0) {
        fprintf(stderr, "%s -> %s (%s, %s) %.3f %.3f: %.0f km\n", s, p.name, p.cc3, p.admin1,
                p.lat, p.lon, d);
        fail();
    }
}

static void test_lookup(void **state)
{
    (void)state;
    geo_place c[8];
    /* "kyiv" and "kiev" both list the capital (GeoNames 703448) and the Kyiv City region */
    static const char *const kyiv[] = {"kyiv", "kiev"};
    for (size_t k = 0; k < 2; k++) {
        size_t n = geo_lookup(model, kyiv[k], 4, c, 8), found = 0;
        assert_true(n >= 1 && n <= 8);
        for (size_t i = 0; i < n; i++)
            if (c[i].geonameid == 703448) {
                assert_string_equal(c[i].name, "Kyiv");
                assert_string_equal(c[i].cc3, "UKR");
                assert_int_equal(c[i].kind, GEO_CAPITAL);
                found++;
            }
        assert_int_equal(found, 1);
    }
    size_t n;
    /* population order */
    n = geo_lookup(model, "washington", 10, c, 8);
    assert_true(n > 10);
    for (size_t i = 1; i < 8; i++)
        assert_true(c[i - 1].population >= c[i].population);
    assert_int_equal(geo_lookup(model, "xqzzyv", 6, c, 8), 0);
    assert_int_equal(geo_lookup(model, "", 0, c, 8), 0);
    /* count without output */
    assert_true(geo_lookup(model, "kyiv", 4, NULL, 0) >= 1);
    /* own places carry no geonameid */
    n = geo_lookup(model, "black sea", 9, c, 8);
    assert_true(n >= 2);
    assert_int_equal(c[0].geonameid, 0);
    assert_int_equal(c[0].kind, GEO_WATER);
    /* admin1 variants */
    assert_true(geo_lookup(model, "rostov oblast", 13, c, 1) >= 1);
    assert_int_equal(c[0].kind, GEO_REGION);
    assert_string_equal(c[0].cc3, "RUS");
    assert_true(geo_lookup(model, "rostov region", 13, c, 1) >= 1);
    /* a hyphenated name also answers with spaces */
    assert_true(geo_lookup(model, "rostov-on-don", 13, c, 1) >= 1);
    assert_true(geo_lookup(model, "rostov on don", 13, c, 1) >= 1);
    assert_true(geo_n_names(model) > 100000);
}

static void test_prefix(void **state)
{
    (void)state;
    assert_true(geo_has_prefix(model, "chasiv", 6));
    assert_true(geo_has_prefix(model, "strait of", 9));
    assert_true(geo_has_prefix(model, "black", 5));
    assert_false(geo_has_prefix(model, "chasiv yar", 10));
    assert_false(geo_has_prefix(model, "xqzzyv", 6));
}

/* geo_find_more_h (the continuation filter) finds what geo_find does, word by word */
static void test_find_more(void **state)
{
    (void)state;
    static const char *const names[] = {"chasiv yar", "strait of hormuz", "rostov on don",
                                        "new york", "black sea", "the hague"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *n = names[i];
        size_t len = strlen(n);
        const geo_krec *k = NULL;
        for (size_t p = 1; p <= len; p++) {
            if (p < len && n[p] != ' ')
                continue;
            const char *sp = memchr(n, ' ', p);
            const geo_krec *want = geo_find(model, n, p);
            if (!sp) {
                k = want;
            } else {
                size_t q = p; /* the previous key ends at the last space before p */
                while (n[q - 1] != ' ')
                    q--;
                k = geo_find_more_h(model, k, geo_hash(n, q - 1), n, p, geo_hash(n, p));
            }
            assert_ptr_equal(k, want);
        }
        assert_non_null(k);
    }
    /* unknown continuations */
    const geo_krec *k = geo_find(model, "chasiv", 6);
    assert_null(geo_find_more_h(model, k, geo_hash("chasiv", 6), "chasiv xqzzyv", 13,
                                geo_hash("chasiv xqzzyv", 13)));
    assert_null(geo_find_more_h(model, NULL, 0, "chasiv yar", 10, geo_hash("chasiv yar", 10)));
    /* geo_find_lower_h answers as geo_find does */
    static const char *const words[] = {"kyiv", "new", "the", "xqzzyv", "chasiv"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t len = strlen(words[i]);
        uint32_t h = geo_hash(words[i], len);
        assert_ptr_equal(geo_find_lower_h(model, words[i], len, h),
                         geo_find(model, words[i], len));
        /* geo_find_lower_start_h: geo_maybe_lower_h, then geo_find_lower_h */
        assert_ptr_equal(geo_find_lower_start_h(model, words[i], len, h),
                         geo_maybe_lower_h(model, words[i], len, h)
                             ? geo_find_lower_h(model, words[i], len, h)
                             : NULL);
        assert_ptr_equal(geo_find_h(model, words[i], len, h), geo_find(model, words[i], len));
    }
}

static void test_common_words(void **state)
{
    (void)state;
    assert_true(geo_is_common_word(model, "police", 6));
    assert_true(geo_is_common_word(model, "reading", 7));
    assert_false(geo_is_common_word(model, "kyiv", 4));
    geo_place p;
    geo_context none = {NULL, NULL, 0, false};
    geo_context cue = {NULL, NULL, 0, true};
    static const char *const words[] = {"police", "of", "will", "mobile", "reading", "bath",
                                        "nice", "march", "sale", "deal", "energy",
                                        "independence", "union", "victoria"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (geo_resolve(model, words[i], strlen(words[i]), &none, &p)) {
            fprintf(stderr, "common word resolved: %s -> %s\n", words[i], p.name);
            fail();
        }
    /* with a cue ("in Nice") the place is accepted */
    assert_true(geo_resolve(model, "nice", 4, &cue, &p));
    assert_string_equal(p.cc3, "FRA");
    /* countries are actors, not locations */
    assert_true(geo_is_country_name(model, "ukraine", 7));
    assert_false(geo_resolve(model, "ukraine", 7, &cue, &p));
    assert_false(geo_resolve(model, "russia", 6, &none, &p));
    assert_false(geo_resolve(model, "xqzzyv", 6, &cue, &p));
}

static void test_resolve(void **state)
{
    (void)state;
    expect("Kyiv", NULL, 0, NULL, 0, false, "UKR", 50.45, 30.52);
    expect("Kiev", NULL, 0, NULL, 0, false, "UKR", 50.45, 30.52);
    expect("Chasiv Yar", "UKR", 5, "RUS", 3, false, "UKR", 48.59, 37.86);
    expect("Pokrovsk", "UKR", 5, "RUS", 3, false, "UKR", 48.28, 37.18);
    expect("Pyongyang", "PRK", 2, NULL, 0, false, "PRK", 39.03, 125.75);
    expect("Seoul", NULL, 0, NULL, 0, false, "KOR", 37.57, 126.98);
    expect("Moscow", "USA", 3, NULL, 0, false, "RUS", 55.75, 37.62);
    expect("Washington", NULL, 0, NULL, 0, false, "USA", 38.90, -77.04);
    expect("Washington", "USA", 4, "RUS", 1, false, "USA", 38.90, -77.04);
    expect("London", NULL, 0, NULL, 0, false, "GBR", 51.51, -0.13);
    expect("Brussels", NULL, 0, NULL, 0, false, "BEL", 50.85, 4.35);
    expect("Gaza", "ISR", 3, NULL, 0, false, "PSE", 31.50, 34.47);
    expect("Mosul", NULL, 0, NULL, 0, false, "IRQ", 36.34, 43.13);
    expect("Aleppo", NULL, 0, NULL, 0, false, "SYR", 36.20, 37.16);
    expect("Azov", "RUS", 3, "UKR", 1, false, "RUS", 47.11, 39.42);
    expect("Rostov region", NULL, 0, NULL, 0, false, "RUS", 47.7, 41.0);
    expect("Rostov", "RUS", 2, NULL, 0, false, "RUS", 47.23, 39.72);
    expect("Donetsk Oblast", "UKR", 3, NULL, 0, false, "UKR", 48.0, 37.8);
    expect("Donetsk", "UKR", 3, "RUS", 2, false, "UKR", 48.02, 37.80);
    expect("Donetsk", NULL, 0, NULL, 0, false, "UKR", 48.02, 37.80);
    expect("Black Sea", "UKR", 3, NULL, 0, false, "UKR", 43.4, 34.0);
    expect("Black Sea", "RUS", 3, NULL, 0, false, "RUS", 43.4, 34.0);
    expect("Strait of Hormuz", "IRN", 3, NULL, 0, false, "IRN", 26.57, 56.25);
    expect("Gulf", "IRN", 3, NULL, 0, false, "IRN", 26.5, 52.0);
    expect("Paris", NULL, 0, NULL, 0, false, "FRA", 48.86, 2.35);
    expect("Paris", "RUS", 5, "USA", 1, false, "FRA", 48.86, 2.35);
    expect("Sea of Azov", "UKR", 3, NULL, 0, false, "UKR", 46.1, 36.6);
    expect("Golan Heights", "SYR", 1, "ISR", 3, false, "ISR", 33.0, 35.75);
    expect("Crimea", "UKR", 3, NULL, 0, false, "UKR", 45.0, 34.1);
    expect("Donbas", "UKR", 3, NULL, 0, false, "UKR", 48.0, 38.5);
    expect("Kharkiv", "UKR", 3, NULL, 0, false, "UKR", 50.0, 36.23);
    expect("Bakhmut", "UKR", 3, NULL, 0, false, "UKR", 48.6, 38.0);
    expect("Zaporizhzhia", "UKR", 3, NULL, 0, false, "UKR", 47.84, 35.14);
    expect("Belgorod", "RUS", 3, "UKR", 3, false, "RUS", 50.6, 36.6);
    expect("New York", NULL, 0, NULL, 0, false, "USA", 40.71, -74.01);
    expect("Jerusalem", NULL, 0, NULL, 0, false, "ISR", 31.77, 35.21);
    expect("Tehran", NULL, 0, NULL, 0, false, "IRN", 35.69, 51.39);
    expect("Beijing", NULL, 0, NULL, 0, false, "CHN", 39.91, 116.40);
}

static void test_implausible(void **state)
{
    (void)state;
    geo_place p;
    geo_context none = {NULL, NULL, 0, false};
    /* a tiny place abroad, no cue: refused; with its country in context or a cue: accepted */
    assert_int_equal(geo_lookup(model, "soldeu", 6, NULL, 0), 1);
    assert_false(geo_resolve(model, "soldeu", 6, &none, &p));
    const char and_[1][4] = {"AND"};
    float w = 1.0f;
    geo_context ctx = {and_, &w, 1, false};
    assert_true(geo_resolve(model, "soldeu", 6, &ctx, &p));
    assert_string_equal(p.name, "Soldeu");
    assert_string_equal(p.cc3, "AND");
    /* a bad section is rejected */
    uint8_t junk[128] = {0};
    geo_model *m = NULL;
    nev_error err;
    assert_int_equal(geo_model_load(&m, junk, sizeof junk, NULL, &err), NEV_EDATA);
    assert_null(m);
    assert_false(geo_resolve(model, "", 0, &none, &p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),       cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_find_more),
        cmocka_unit_test(test_common_words), cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_implausible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
