/*
 * test_lemma.c - unit tests of the WordNet lemmatizer: the packed model's "lemma" section
 * loads; exceptions, suffix rules checked against base forms, guesses for unknown words,
 * other tags, the output buffer contract and corrupt sections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lemma.h"
#include "nevm.h"

const uint8_t *testutil_model(size_t *len);

static const uint8_t *sec;
static size_t sec_len;
static lemma_model *model;

static int setup(void **state)
{
    (void)state;
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    if (!blob)
        return -1;
    nev_error err;
    if (nevm_section(blob, len, "lemma", &sec, &sec_len, &err) != NEV_OK)
        return -1;
    return lemma_model_load(&model, sec, sec_len, NULL, &err) == NEV_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lemma_model_free(model);
    return 0;
}

static void check(const char *word, int pos, const char *want)
{
    char out[64];
    size_t n = lemma_of(model, word, strlen(word), pos, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("lemma_of(%s, %s) = %s, want %s", word, nev_pos_name((nev_pos)pos), out, want);
    assert_int_equal(n, strlen(want));
}

static void test_exceptions(void **state)
{
    (void)state;
    check("fled", POS_VBD, "flee");
    check("struck", POS_VBD, "strike");
    check("sought", POS_VBN, "seek");
    check("men", POS_NNS, "man");
    check("women", POS_NNS, "woman");
    check("children", POS_NNS, "child");
    check("said", POS_VBD, "say");
    check("was", POS_VBD, "be");
    check("is", POS_VBZ, "be");
    check("are", POS_VBP, "be");
    check("'s", POS_VBZ, "be");
    check("\xe2\x80\x99s", POS_VBZ, "be"); /* curly apostrophe */
    check("has", POS_VBZ, "have");
    check("crises", POS_NNS, "crisis");
    check("better", POS_JJR, "good");
}

static void test_rules(void **state)
{
    (void)state;
    check("fired", POS_VBD, "fire");
    check("tried", POS_VBD, "try");
    check("stopped", POS_VBD, "stop");
    check("attacks", POS_NNS, "attack");
    check("attacks", POS_VBZ, "attack");
    check("visiting", POS_VBG, "visit");
    check("accused", POS_VBN, "accuse");
    check("shelled", POS_VBD, "shell");
    check("killed", POS_VBN, "kill");
    check("planning", POS_VBG, "plan");
    check("making", POS_VBG, "make");
    check("hoped", POS_VBD, "hope");
    check("talks", POS_NNS, "talk");
    check("churches", POS_NNS, "church");
    check("taxes", POS_NNS, "tax");
    check("bigger", POS_JJR, "big");
    check("visit", POS_VB, "visit");
    check("condemns", POS_VBZ, "condemn");
    check("news", POS_NN, "news");
}

static void test_is_word(void **state)
{
    (void)state;
    assert_true(lemma_is_word(model, "attack", 6));
    assert_true(lemma_is_word(model, "strike", 6));
    assert_true(lemma_is_word(model, "international", 13)); /* a key longer than a slot holds */
    assert_false(lemma_is_word(model, "attacked", 8)); /* in the table, but inflected */
    assert_false(lemma_is_word(model, "internationalx", 14));
    assert_false(lemma_is_word(model, "xqzt", 4));
    assert_false(lemma_is_word(model, "", 0));
    assert_false(lemma_is_word(NULL, "attack", 6));
}

static void test_guesses_and_other_tags(void **state)
{
    (void)state;
    check("tweeted", POS_VBD, "tweet");    /* not in WordNet 3.0 */
    check("livestreams", POS_NNS, "livestream");
    check("us", POS_PRP, "us");            /* other tags: copied */
    check("fled", POS_NN, "fled");         /* singular nouns: copied */
    check("athens", POS_NNP, "athens");    /* proper nouns: copied */
    check("unflurbed", POS_JJ, "unflurbed");
}

static void test_buffer(void **state)
{
    (void)state;
    char out[4];
    size_t n = lemma_of(model, "struck", 6, POS_VBD, out, sizeof out);
    assert_int_equal(n, 6);           /* full length, like snprintf */
    assert_string_equal(out, "str");  /* truncated, NUL-terminated */
    n = lemma_of(model, "fled", 4, POS_VBD, NULL, 0);
    assert_int_equal(n, 4);
    /* not NUL-terminated input: only len bytes are read */
    char big[16];
    n = lemma_of(model, "firedXYZ", 5, POS_VBD, big, sizeof big);
    assert_string_equal(big, "fire");
    /* no model: guesses only */
    n = lemma_of(NULL, "attacked", 8, POS_VBD, big, sizeof big);
    assert_string_equal(big, "attack");
}

static void test_load(void **state)
{
    (void)state;
    nev_error err;
    lemma_model *m = NULL;
    uint8_t *buf = malloc(sec_len + 1);
    assert_non_null(buf);
    memcpy(buf + 1, sec, sec_len); /* unaligned */
    assert_int_equal(lemma_model_load(&m, buf + 1, sec_len, NULL, &err), NEV_OK);
    char out[32];
    lemma_of(m, "sought", 6, POS_VBD, out, sizeof out);
    assert_string_equal(out, "seek");
    lemma_model_free(m);

    memcpy(buf, sec, sec_len);
    assert_int_equal(lemma_model_load(&m, buf, sec_len - 1, NULL, &err), NEV_EDATA);
    assert_null(m);
    buf[0] ^= 1;
    assert_int_equal(lemma_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    buf[0] ^= 1;
    /* a slot pointing outside the string pool: a long key, a long lemma tail; a lemma
     * keeping more of the word than there is */
    uint32_t n_slots;
    memcpy(&n_slots, buf + 8, 4);
    uint8_t *s = NULL;
    for (uint32_t i = 0; i < n_slots && !s; i++)
        if (buf[32 + 32 * (size_t)i + 4])
            s = buf + 32 + 32 * (size_t)i;
    assert_non_null(s);
    uint8_t keep[32];
    memcpy(keep, s, 32);
    s[4] = 200;
    memset(s + 16, 0xff, 4);
    assert_int_equal(lemma_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    memcpy(s, keep, 32);
    s[21] = 200;
    memset(s + 22, 0xff, 4);
    assert_int_equal(lemma_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    memcpy(s, keep, 32);
    s[26] = (uint8_t)(s[4] + 1);
    assert_int_equal(lemma_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    memcpy(s, keep, 32);
    assert_int_equal(lemma_model_load(&m, buf, sec_len, NULL, &err), NEV_OK);
    lemma_model_free(m);
    m = NULL;
    /* a table with no empty slot */
    for (uint32_t i = 0; i < n_slots; i++)
        if (!buf[32 + 32 * (size_t)i + 4])
            buf[32 + 32 * (size_t)i + 4] = 1;
    assert_int_equal(lemma_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    assert_null(m);
    free(buf);
    lemma_model_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exceptions),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_guesses_and_other_tags),
        cmocka_unit_test(test_buffer),
        cmocka_unit_test(test_is_word),
        cmocka_unit_test(test_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
