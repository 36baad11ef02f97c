/*
 * test_alloc.c - allocation-failure injection. A counting nev_alloc fails its Nth call
 * (malloc or realloc); for N = 1, 2, ... every allocation made by nev_model_open (on the
 * packed model) and by nev_doc_new + nev_doc_code + nev_doc_json + nev_doc_explain of a short
 * article is made to fail once. Every failure must come back as NEV_ENOMEM (never a crash,
 * never a success with a half-built object), and after the frees the number of live blocks
 * must be back where it was: nothing leaks. A doc whose coding failed must code the next
 * article correctly after nev_doc_reset().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsevents.h"
#include "testutil.h"

typedef struct counter {
    long calls;   /* malloc + realloc calls so far */
    long fail_at; /* the call that fails (1-based), 0 for none */
    int sticky;   /* fail every call from fail_at on */
    long live;    /* blocks allocated and not freed */
    long failed;  /* calls that were made to fail */
} counter;

static int should_fail(counter *c)
{
    c->calls++;
    if (c->fail_at && (c->calls == c->fail_at || (c->sticky && c->calls > c->fail_at))) {
        c->failed++;
        return 1;
    }
    return 0;
}

static void *t_malloc(void *ctx, size_t n)
{
    counter *c = ctx;
    if (should_fail(c))
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static void *t_realloc(void *ctx, void *p, size_t n)
{
    counter *c = ctx;
    if (should_fail(c))
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        c->live++;
    return q;
}

static void t_free(void *ctx, void *p)
{
    counter *c = ctx;
    if (p)
        c->live--;
    free(p);
}

static counter ctr;
static const nev_alloc alc = {t_malloc, t_realloc, t_free, &ctr};

static void reset_counter(long fail_at, int sticky)
{
    memset(&ctr, 0, sizeof ctr);
    ctr.fail_at = fail_at;
    ctr.sticky = sticky;
}

static const char article[] =
    "{\"id\":\"a1\",\"date\":\"2024-06-18\",\"title\":\"Envoys meet in Geneva\","
    "\"text\":\"Putin praised Kim Jong Un on Monday. China accused Japan of violating its "
    "airspace near Okinawa. \\\"We will respond,\\\" said Foreign Minister Wang Yi. South Korean "
    "troops fired on North Korean soldiers in Panmunjom. Putin praised Kim Jong Un on Monday.\"}";

/* Code the article with doc d; returns the first error code or NEV_OK. */
static int code_article(nev_doc *d)
{
    nev_article a;
    nev_error err;
    memset(&err, 0, sizeof err);
    int rc = nev_doc_parse_json(d, article, strlen(article), &a, &err);
    if (rc == NEV_OK)
        rc = nev_doc_code(d, &a, &err);
    if (rc != NEV_OK)
        return rc;
    const char *s;
    size_t n;
    if ((rc = nev_doc_json(d, &s, &n)) != NEV_OK)
        return rc;
    return nev_doc_explain(d, &s, &n);
}

/* ---- the model loader --------------------------------------------------------------------- */
static void test_model_open_counts(void **state)
{
    (void)state;
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    assert_non_null(blob);
    reset_counter(0, 0);
    nev_model *m = NULL;
    nev_error err;
    assert_int_equal(nev_model_open(&m, blob, len, 0, &alc, NULL, NULL, &err), NEV_OK);
    assert_true(ctr.calls > 0); /* the allocator is really used */
    nev_model_free(m);
    assert_int_equal(ctr.live, 0);
}

static void model_open_faults(int sticky)
{
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    assert_non_null(blob);
    reset_counter(0, 0);
    nev_model *m = NULL;
    nev_error err;
    assert_int_equal(nev_model_open(&m, blob, len, 0, &alc, NULL, NULL, &err), NEV_OK);
    nev_model_free(m);
    long total = ctr.calls;
    print_message("model open: %ld allocation calls, each failed in turn%s\n", total,
                  sticky ? " (and all after it)" : "");
    for (long n = 1; n <= total; n++) {
        reset_counter(n, sticky);
        m = (nev_model *)(uintptr_t)1; /* must be overwritten */
        memset(&err, 0, sizeof err);
        int rc = nev_model_open(&m, blob, len, 0, &alc, NULL, NULL, &err);
        if (rc == NEV_OK) {
            /* a failed allocation was absorbed: only fine when it did not matter */
            nev_model_free(m);
            if (ctr.live != 0)
                fail_msg("model open, fault at %ld: %ld blocks leaked", n, ctr.live);
            continue;
        }
        if (rc != NEV_ENOMEM)
            fail_msg("model open, fault at %ld of %ld: rc %d (%s), want NEV_ENOMEM", n, total,
                     rc, err.msg);
        if (m != NULL)
            fail_msg("model open, fault at %ld: *out not NULL after failure", n);
        if (ctr.live != 0)
            fail_msg("model open, fault at %ld of %ld: %ld blocks leaked", n, total, ctr.live);
    }
    /* the copy path allocates the blob copy first */
    reset_counter(1, 0);
    assert_int_equal(nev_model_open(&m, blob, len, 1, &alc, NULL, NULL, &err), NEV_ENOMEM);
    assert_int_equal(ctr.live, 0);
}

static void test_model_open_single_fault(void **state)
{
    (void)state;
    model_open_faults(0);
}

static void test_model_open_persistent_fault(void **state)
{
    (void)state;
    model_open_faults(1);
}

/* ---- documents ---------------------------------------------------------------------------- */
static void doc_faults(int sticky)
{
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    assert_non_null(blob);
    reset_counter(0, 0);
    nev_model *m = NULL;
    nev_error err;
    assert_int_equal(nev_model_open(&m, blob, len, 0, &alc, NULL, NULL, &err), NEV_OK);
    long base_live = ctr.live;

    /* a clean run: how many calls, and the reference record */
    long before = ctr.calls;
    nev_doc *d = NULL;
    assert_int_equal(nev_doc_new(&d, m), NEV_OK);
    assert_int_equal(code_article(d), NEV_OK);
    const char *json;
    size_t jl;
    assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
    char *ref = malloc(jl + 1);
    assert_non_null(ref);
    memcpy(ref, json, jl);
    ref[jl] = '\0';
    nev_doc_free(d);
    assert_int_equal(ctr.live, base_live);
    long total = ctr.calls - before;
    assert_true(total > 0);
    print_message("doc: %ld allocation calls, each failed in turn%s\n", total,
                  sticky ? " (and all after it)" : "");

    for (long n = 1; n <= total; n++) {
        long start = ctr.calls;
        ctr.fail_at = start + n;
        ctr.sticky = sticky;
        d = NULL;
        int rc = nev_doc_new(&d, m);
        if (rc == NEV_OK) {
            rc = code_article(d);
            if (rc != NEV_OK && rc != NEV_ENOMEM)
                fail_msg("doc, fault at %ld of %ld: rc %d, want NEV_ENOMEM", n, total, rc);
            if (rc == NEV_OK) {
                /* a fault that was absorbed must not change the record */
                assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
                if (jl != strlen(ref) || memcmp(json, ref, jl) != 0)
                    fail_msg("doc, fault at %ld: success with a different record", n);
            } else if (!sticky) {
                /* the same doc recovers after a reset */
                nev_doc_reset(d);
                ctr.fail_at = 0;
                if (code_article(d) != NEV_OK)
                    fail_msg("doc, fault at %ld: the doc does not recover after reset", n);
                assert_int_equal(nev_doc_json(d, &json, &jl), NEV_OK);
                if (jl != strlen(ref) || memcmp(json, ref, jl) != 0)
                    fail_msg("doc, fault at %ld: record after recovery differs", n);
            }
            ctr.fail_at = 0;
            nev_doc_free(d);
        } else {
            if (rc != NEV_ENOMEM)
                fail_msg("nev_doc_new, fault at %ld: rc %d, want NEV_ENOMEM", n, rc);
            ctr.fail_at = 0;
        }
        if (ctr.live != base_live)
            fail_msg("doc, fault at %ld of %ld: %ld blocks leaked", n, total,
                     ctr.live - base_live);
    }
    free(ref);
    ctr.fail_at = 0;
    nev_model_free(m);
    assert_int_equal(ctr.live, 0);
}

static void test_doc_single_fault(void **state)
{
    (void)state;
    doc_faults(0);
}

static void test_doc_persistent_fault(void **state)
{
    (void)state;
    doc_faults(1);
}

/* A big article needs more arena blocks: faults in the middle of growth. */
static void test_doc_large_article_faults(void **state)
{
    (void)state;
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    reset_counter(0, 0);
    nev_model *m = NULL;
    nev_error err;
    assert_int_equal(nev_model_open(&m, blob, len, 0, &alc, NULL, NULL, &err), NEV_OK);
    long base_live = ctr.live;
    const char *sent = "Putin praised Kim Jong Un in Pyongyang on Monday after talks. ";
    size_t sl = strlen(sent), reps = 3000;
    char *text = malloc(sl * reps + 1);
    assert_non_null(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * sl, sent, sl);
    text[sl * reps] = '\0';
    nev_article a;
    memset(&a, 0, sizeof a);
    a.text = text;
    a.text_len = sl * reps;
    nev_doc *d;
    long before = ctr.calls;
    assert_int_equal(nev_doc_new(&d, m), NEV_OK);
    assert_int_equal(nev_doc_code(d, &a, &err), NEV_OK);
    nev_doc_free(d);
    long total = ctr.calls - before;
    print_message("large doc: %ld allocation calls, each failed in turn\n", total);
    for (long n = 1; n <= total; n++) {
        ctr.fail_at = ctr.calls + n;
        if (nev_doc_new(&d, m) == NEV_OK) {
            int rc = nev_doc_code(d, &a, &err);
            if (rc != NEV_OK && rc != NEV_ENOMEM)
                fail_msg("large doc, fault at %ld: rc %d", n, rc);
            ctr.fail_at = 0;
            nev_doc_free(d);
        }
        ctr.fail_at = 0;
        if (ctr.live != base_live)
            fail_msg("large doc, fault at %ld: %ld blocks leaked", n, ctr.live - base_live);
    }
    free(text);
    nev_model_free(m);
    assert_int_equal(ctr.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_open_counts),
        cmocka_unit_test(test_model_open_single_fault),
        cmocka_unit_test(test_model_open_persistent_fault),
        cmocka_unit_test(test_doc_single_fault),
        cmocka_unit_test(test_doc_persistent_fault),
        cmocka_unit_test(test_doc_large_article_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
