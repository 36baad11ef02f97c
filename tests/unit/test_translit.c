/*
 * test_translit.c - names in their own script: the ICU keys (translit.h), articles in
 * Cyrillic, Hangul, Arabic and Han coded to the same actors as the Latin names, spans into the
 * original text, a mixed-script token, unknown names getting a Latin name and surname links,
 * and allocation failures on an article that opens a transliterator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "testutil.h"
#include "translit.h"

/* ---- keys ---------------------------------------------------------------------------------- */
static translit *tr;

static int setup_tr(void **state)
{
    (void)state;
    return translit_open(&tr, NULL) == NEV_OK && testutil_open() ? 0 : -1;
}

static int teardown_tr(void **state)
{
    (void)state;
    translit_close(tr);
    tr = NULL;
    return 0;
}

static const char *word(const char *s)
{
    static char out[256];
    size_t n;
    assert_int_equal(translit_word(tr, s, strlen(s), out, sizeof out, &n), NEV_OK);
    assert_int_equal(n, strlen(out));
    return out;
}

static void test_wanted(void **state)
{
    (void)state;
    assert_true(translit_wanted("Путин", strlen("Путин")));
    assert_true(translit_wanted("김정은", strlen("김정은")));
    assert_true(translit_wanted("بشار", strlen("بشار")));
    assert_true(translit_wanted("习近平", strlen("习近平")));
    assert_true(translit_wanted("Kim김", strlen("Kim김")));
    /* Latin with diacritics, punctuation and symbols are left to text_fold */
    assert_false(translit_wanted("Kyïv", strlen("Kyïv")));
    assert_false(translit_wanted("Nguyễn", strlen("Nguyễn")));
    assert_false(translit_wanted("\xE2\x80\x94\xE2\x82\xAC\xE2\x80\x9C", 9));
    assert_false(translit_wanted("Putin", 5));
}

static void test_words(void **state)
{
    (void)state;
    assert_string_equal(word("Путин"), "putin");
    assert_string_equal(word("ПУТИН"), "putin");
    assert_string_equal(word("путин"), "putin");
    assert_string_equal(word("Лавров"), "lavrov");
    assert_string_equal(word("Шойгу"), "shoygu");
    assert_string_equal(word("Ельцин"), "yeltsin");                 /* BGN, soft sign dropped */
    assert_string_equal(word("Зеленський"), "zelenskiy");
    assert_string_equal(word("Єрмак"), word("єрмак"));             /* Ukrainian capitals */
    assert_string_equal(word("김정은"), "gimjeong-eun");
    assert_string_equal(word("习近平"), "xijinping");               /* no spaces in a token */
    assert_string_equal(word("Αθήνα"), "athena");
    /* mixed scripts: the Latin part is kept */
    assert_string_equal(word("Путин-Trump"), "putin-trump");
    assert_string_equal(word("Kim김"), "kimgim");
    /* Arabic: hamza and ayn marks vanish, no apostrophe at the ends */
    const char *ali = word("علي");
    assert_true(ali[0] >= 'a' && ali[0] <= 'z');
}

static void test_limits(void **state)
{
    (void)state;
    char big[4 * TRANSLIT_MAX_WORD * 2 + 1];
    for (size_t i = 0; i < sizeof big - 1; i += 2)
        memcpy(big + i, "\xD0\x96", 2); /* Ж: a word longer than any name */
    big[sizeof big - 1] = '\0';
    char out[256];
    size_t n = 1;
    assert_int_equal(translit_word(tr, big, strlen(big), out, sizeof out, &n), NEV_ELIMIT);
    assert_int_equal(n, 0);
    /* a key over the caller's buffer */
    assert_int_equal(translit_word(tr, "Владимир", strlen("Владимир"), out, 4, &n), NEV_ELIMIT);
    assert_int_equal(translit_word(tr, "", 0, out, sizeof out, &n), NEV_OK);
    assert_int_equal(n, 0);
}

static void test_phrase_and_key(void **state)
{
    (void)state;
    char out[256];
    size_t n;
    const char *p = "владимир  владимирович\xC2\xA0путин";
    assert_int_equal(translit_phrase(tr, p, strlen(p), out, sizeof out, &n), NEV_OK);
    assert_string_equal(out, "vladimir vladimirovich putin");
    p = "President Путин";
    assert_int_equal(translit_key(NULL, p, strlen(p), out, sizeof out, &n), NEV_OK);
    assert_string_equal(out, "president putin");
    assert_int_equal(n, strlen(out));
    p = "Kyïv";
    assert_int_equal(translit_key(NULL, p, strlen(p), out, sizeof out, &n), NEV_OK);
    assert_string_equal(out, "kyiv");
}

/* `newsevents actors NAME` explains a native name through its key */
static void test_explain(void **state)
{
    (void)state;
    char out[4096];
    const char *name = "Путин";
    assert_int_equal(nev_model_explain_actor(testutil_open(), name, strlen(name), "2024-06-18",
                                             out, sizeof out),
                     NEV_OK);
    assert_non_null(strstr(out, "-> RUSGOV"));
    name = "김정은";
    assert_int_equal(nev_model_explain_actor(testutil_open(), name, strlen(name), "2024-06-18",
                                             out, sizeof out),
                     NEV_OK);
    assert_non_null(strstr(out, "-> PRKGOV"));
}

/* ---- articles ----------------------------------------------------------------------------- */
static cJSON *rec;
static char text_copy[4096];

static int teardown_rec(void **state)
{
    (void)state;
    cJSON_Delete(rec);
    rec = NULL;
    return 0;
}

static void code(const char *text, const char *date)
{
    cJSON_Delete(rec);
    snprintf(text_copy, sizeof text_copy, "%s", text);
    rec = testutil_record(text, date);
    if (!rec)
        fail_msg("no JSON record for [%s]", text);
}

static const char *side(const cJSON *ev, const char *which, const char *field)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(ev, which);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, field);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The event source code -> root -> target code, with the source's display name or NULL. */
static const cJSON *find(const char *src, const char *root, const char *tgt)
{
    const cJSON *ev;
    cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(rec, "events"))
    {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(ev, "root");
        if (!strcmp(side(ev, "source", "code"), src) && !strcmp(side(ev, "target", "code"), tgt) &&
            cJSON_IsString(r) && !strcmp(r->valuestring, root))
            return ev;
    }
    char *s = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(rec, "events"));
    print_message("events: %s\n", s);
    free(s);
    fail_msg("no event %s %s %s", src, root, tgt);
    return NULL;
}

static void test_cyrillic(void **state)
{
    (void)state;
    code("Владимир Путин met Belarusian President Александр Лукашенко in Minsk. Сергей Лавров "
         "accused Ukraine of sabotage.",
         "2024-06-18");
    const cJSON *ev = find("RUSGOV", "04", "BLRGOV");
    assert_string_equal(side(ev, "source", "name"), "Vladimir Putin");
    assert_string_equal(side(ev, "source", "text"), "Владимир Путин"); /* as written */
    ev = find("RUSGOV", "11", "UKR");
    assert_string_equal(side(ev, "source", "name"), "Sergei Lavrov");
    /* the date picks the term: before 1994 Lavrov held no listed office (country only) */
    code("Сергей Лавров accused Ukraine of sabotage.", "1990-01-01");
    find("RUS", "11", "UKR");
}

static void test_ukrainian(void **state)
{
    (void)state;
    code("Володимир Зеленський criticised Hungary. Зеленский praised Poland.", "2023-03-01");
    const cJSON *ev = find("UKRGOV", "11", "HUN");
    assert_string_equal(side(ev, "source", "name"), "Volodymyr Zelensky");
    find("UKRGOV", "05", "POL"); /* the Russian spelling too */
}

static void test_hangul(void **state)
{
    (void)state;
    code("North Korean leader 김정은 threatened South Korea. 윤석열 condemned North Korea.",
         "2024-06-18");
    const cJSON *ev = find("PRKGOV", "13", "KOR");
    assert_string_equal(side(ev, "source", "name"), "Kim Jong Un");
    ev = find("KORGOV", "11", "PRK");
    assert_string_equal(side(ev, "source", "name"), "Yoon Suk Yeol");
    assert_string_equal(side(ev, "source", "text"), "윤석열");
}

static void test_arabic(void **state)
{
    (void)state;
    code("Syrian President بشار الأسد praised Russia.", "2019-05-01");
    const cJSON *ev = find("SYRGOV", "05", "RUS");
    assert_string_equal(side(ev, "source", "name"), "Bashar al-Assad");
    /* no town Béchar from the first name */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "locations")), 0);
    /* the shared surname alone: the date decides between Hafez and Bashar */
    code("الأسد accused Israel of aggression.", "1995-05-01");
    ev = find("SYRGOV", "11", "ISR");
    assert_string_equal(side(ev, "source", "name"), "Hafez al-Assad");
}

static void test_han_and_persian(void **state)
{
    (void)state;
    code("习近平 met Vladimir Putin in Beijing. مسعود پزشکیان visited Iraq.", "2024-09-10");
    find("CHNGOV", "04", "RUSGOV");
    find("IRNGOV", "04", "IRQ");
}

/* Mixed-script token: a Cyrillic name glued to a Latin word, and a Latin possessive. */
static void test_mixed_script(void **state)
{
    (void)state;
    code("Путин's spokesman Дмитрий Песков accused Britain of lying. The Путин-Lukashenko talks "
         "ended. Лукашенко-led Belarus praised Russia.",
         "2024-06-18");
    find("RUSGOV", "11", "GBR");
    find("BLR", "05", "RUS");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "events")), 2);
}

/* An unknown name: a Latin display name, and the surname alone links to it. */
static void test_unknown_name(void **state)
{
    (void)state;
    code("\"We will not retreat,\" said Иван Петров, a Moscow analyst. \"Sanctions hurt,\" "
         "Петров added.",
         "2024-06-18");
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(rec, "quotes");
    assert_int_equal(cJSON_GetArraySize(qs), 2);
    const cJSON *q;
    cJSON_ArrayForEach(q, qs)
    {
        const cJSON *sp = cJSON_GetObjectItemCaseSensitive(q, "speaker");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(sp, "name");
        assert_true(cJSON_IsString(nm));
        assert_string_equal(nm->valuestring, "Ivan Petrov");
    }
}

/* Spans stay byte offsets into the text as given. */
static void test_spans(void **state)
{
    (void)state;
    code("Troops attacked Харків on Monday.", "2024-06-18");
    const cJSON *locs = cJSON_GetObjectItemCaseSensitive(rec, "locations");
    assert_int_equal(cJSON_GetArraySize(locs), 1);
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(locs, 0), "span");
    int a = cJSON_GetArrayItem(sp, 0)->valueint, b = cJSON_GetArrayItem(sp, 1)->valueint;
    assert_true(a >= 0 && b > a && (size_t)b <= strlen(text_copy));
    assert_int_equal(b - a, (int)strlen("Харків"));
    assert_memory_equal(text_copy + a, "Харків", (size_t)(b - a));
}

/* ---- allocation failures on an article that opens a transliterator ------------------------- */
typedef struct counter {
    long calls, fail_at, live;
} counter;
static counter ctr;

static void *c_malloc(void *ctx, size_t n)
{
    counter *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    c->live += p != NULL;
    return p;
}

static void *c_realloc(void *ctx, void *p, size_t n)
{
    counter *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *q = realloc(p, n);
    c->live += q && !p;
    return q;
}

static void c_free(void *ctx, void *p)
{
    counter *c = ctx;
    c->live -= p != NULL;
    free(p);
}

static const nev_alloc calc = {c_malloc, c_realloc, c_free, &ctr};

static int code_with(nev_doc *d, const char *text)
{
    nev_article a;
    memset(&a, 0, sizeof a);
    a.text = text;
    a.text_len = strlen(text);
    a.date = "2024-06-18";
    a.date_len = 10;
    nev_error err;
    return nev_doc_code(d, &a, &err);
}

static void test_alloc_faults(void **state)
{
    (void)state;
    static const char text[] = "Владимир Путин met 김정은 in Pyongyang. Иван Петров said "
                               "بشار الأسد praised Russia. Петров added more.";
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    assert_non_null(blob);
    memset(&ctr, 0, sizeof ctr);
    nev_model *m;
    nev_error err;
    assert_int_equal(nev_model_open(&m, blob, len, 0, &calc, NULL, NULL, &err), NEV_OK);
    long base = ctr.live;
    nev_doc *d;
    long before = ctr.calls;
    assert_int_equal(nev_doc_new(&d, m), NEV_OK);
    assert_int_equal(code_with(d, text), NEV_OK);
    const char *json;
    size_t jl;
    assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
    char *ref = strndup(json, jl);
    assert_non_null(strstr(ref, "Kim Jong Un"));
    /* the transliterator survives a reset: the second article gives the same record */
    nev_doc_reset(d);
    assert_int_equal(code_with(d, text), NEV_OK);
    assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
    assert_true(jl == strlen(ref) && memcmp(json, ref, jl) == 0);
    nev_doc_free(d);
    assert_int_equal(ctr.live, base);
    long total = ctr.calls - before;
    for (long n = 1; n <= total; n++) {
        ctr.fail_at = ctr.calls + n;
        if (nev_doc_new(&d, m) != NEV_OK) {
            ctr.fail_at = 0;
            assert_int_equal(ctr.live, base);
            continue;
        }
        int rc = code_with(d, text);
        if (rc == NEV_OK) {
            assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
            if (jl != strlen(ref) || memcmp(json, ref, jl) != 0)
                fail_msg("fault at %ld: success with a different record", n);
        } else {
            if (rc != NEV_ENOMEM)
                fail_msg("fault at %ld: rc %d, want NEV_ENOMEM", n, rc);
            ctr.fail_at = 0;
            nev_doc_reset(d);
            if (code_with(d, text) != NEV_OK)
                fail_msg("fault at %ld: no recovery after reset", n);
            assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
            if (jl != strlen(ref) || memcmp(json, ref, jl) != 0)
                fail_msg("fault at %ld: record after recovery differs", n);
        }
        ctr.fail_at = 0;
        nev_doc_free(d);
        if (ctr.live != base)
            fail_msg("fault at %ld: %ld blocks leaked", n, ctr.live - base);
    }
    free(ref);
    nev_model_free(m);
    assert_int_equal(ctr.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wanted),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_phrase_and_key),
        cmocka_unit_test(test_explain),
        cmocka_unit_test_teardown(test_cyrillic, teardown_rec),
        cmocka_unit_test_teardown(test_ukrainian, teardown_rec),
        cmocka_unit_test_teardown(test_hangul, teardown_rec),
        cmocka_unit_test_teardown(test_arabic, teardown_rec),
        cmocka_unit_test_teardown(test_han_and_persian, teardown_rec),
        cmocka_unit_test_teardown(test_mixed_script, teardown_rec),
        cmocka_unit_test_teardown(test_unknown_name, teardown_rec),
        cmocka_unit_test_teardown(test_spans, teardown_rec),
        cmocka_unit_test(test_alloc_faults),
    };
    return cmocka_run_group_tests(tests, setup_tr, teardown_tr);
}
