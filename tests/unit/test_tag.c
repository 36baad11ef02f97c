/*
 * test_tag.c - unit tests of the part-of-speech tagger: the packed model's "tagger" section
 * loads, tags hand-written news sentences with the expected key tags (past tense vs
 * participle, base verb after a modal, curly quotes, all-caps headlines), rejects corrupt
 * sections and behaves on edge cases (empty and very long sentences, unaligned data).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nevm.h"
#include "tag.h"

const uint8_t *testutil_model(size_t *len);

static const uint8_t *sec;
static size_t sec_len;
static tag_model *model;

static int setup(void **state)
{
    (void)state;
    size_t len;
    const uint8_t *blob = testutil_model(&len);
    if (!blob)
        return -1;
    nev_error err;
    if (nevm_section(blob, len, "tagger", &sec, &sec_len, &err) != NEV_OK)
        return -1;
    return tag_model_load(&model, sec, sec_len, NULL, &err) == NEV_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tag_model_free(model);
    return 0;
}

#define MAXW 64

/* Tag a space-separated sentence; returns the token count. */
static size_t tag_text(const char *text, char words[MAXW][48], uint8_t *tags)
{
    const char *w[MAXW] = {0};
    uint32_t l[MAXW] = {0};
    size_t n = 0;
    for (const char *p = text; *p && n < MAXW;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        size_t k = (size_t)(p - s) < 47 ? (size_t)(p - s) : 47;
        memcpy(words[n], s, k);
        words[n][k] = 0;
        w[n] = s;
        l[n] = (uint32_t)(p - s);
        n++;
    }
    assert_int_equal(tag_sentence(model, w, l, n, tags), NEV_OK);
    return n;
}

/* The tag of the first token equal to word. */
static int tag_of(const char *text, const char *word)
{
    char words[MAXW][48];
    uint8_t tags[MAXW];
    size_t n = tag_text(text, words, tags);
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i], word) == 0)
            return tags[i];
    fail_msg("no token %s", word);
    return -1;
}

static void test_news_sentences(void **state)
{
    (void)state;
    const char *s1 = "Russian forces fired on Ukrainian positions near Donetsk on Tuesday .";
    assert_int_equal(tag_of(s1, "fired"), POS_VBD);
    assert_int_equal(tag_of(s1, "forces"), POS_NNS);
    int r = tag_of(s1, "Russian");
    assert_true(r == POS_JJ || r == POS_NNP);
    assert_int_equal(tag_of(s1, "Donetsk"), POS_NNP);
    assert_int_equal(tag_of(s1, "near"), POS_IN);
    assert_int_equal(tag_of(s1, "."), POS_PUNCT);

    assert_int_equal(tag_of("The talks were held in Geneva .", "held"), POS_VBN);
    assert_int_equal(tag_of("The talks were held in Geneva .", "talks"), POS_NNS);
    assert_int_equal(tag_of("He will visit Seoul next week .", "visit"), POS_VB);
    assert_int_equal(tag_of("He will visit Seoul next week .", "will"), POS_MD);
    assert_int_equal(tag_of("The government denied that it had arrested the journalists .",
                            "arrested"),
                     POS_VBN);
    assert_int_equal(tag_of("The government denied that it had arrested the journalists .",
                            "denied"),
                     POS_VBD);
    assert_int_equal(tag_of("Health officials say 20 people were killed .", "say"), POS_VBP);
    assert_int_equal(tag_of("Health officials say 20 people were killed .", "20"), POS_CD);
    assert_int_equal(tag_of("Health officials say 20 people were killed .", "killed"), POS_VBN);
    assert_int_equal(tag_of("North Korea 's leader threatened to use nuclear weapons .", "'s"),
                     POS_POS);
    assert_int_equal(tag_of("North Korea 's leader threatened to use nuclear weapons .", "to"),
                     POS_TO);
    assert_int_equal(tag_of("North Korea 's leader threatened to use nuclear weapons .", "use"),
                     POS_VB);
    assert_int_equal(tag_of("The army shelled the town , killing 12 civilians .", "killing"),
                     POS_VBG);
    assert_int_equal(tag_of("The army shelled the town , killing 12 civilians .", ","),
                     POS_COMMA);
    assert_int_equal(tag_of("Zelenskyy urged NATO to send more weapons .", "NATO"), POS_NNP);
}

static void test_quotes_and_caps(void **state)
{
    (void)state;
    /* curly quotes as separate tokens */
    const char *q2 = "\xe2\x80\x9c We will not accept this , \xe2\x80\x9d the minister said .";
    assert_int_equal(tag_of(q2, "\xe2\x80\x9c"), POS_LQUOTE);
    assert_int_equal(tag_of(q2, "\xe2\x80\x9d"), POS_RQUOTE);
    assert_int_equal(tag_of(q2, "said"), POS_VBD);
    assert_int_equal(tag_of(q2, "accept"), POS_VB);
    assert_int_equal(tag_of("( Reuters ) -- The U.S. imposed sanctions on Iran .", "("), POS_LRB);
    assert_int_equal(tag_of("( Reuters ) -- The U.S. imposed sanctions on Iran .", ")"), POS_RRB);
    assert_int_equal(tag_of("( Reuters ) -- The U.S. imposed sanctions on Iran .", "U.S."),
                     POS_NNP);
    assert_int_equal(tag_of("( Reuters ) -- The U.S. imposed sanctions on Iran .", "sanctions"),
                     POS_NNS);
    /* an all-caps headline */
    const char *h = "RUSSIA ACCUSES UKRAINE OF SHELLING NUCLEAR PLANT";
    assert_int_equal(tag_of(h, "ACCUSES"), POS_VBZ);
    assert_int_equal(tag_of(h, "OF"), POS_IN);
    assert_int_equal(tag_of(h, "SHELLING"), POS_VBG);
    assert_true(pos_is_noun(tag_of(h, "RUSSIA")));
}

static void test_edge_cases(void **state)
{
    (void)state;
    uint8_t tags[8] = {0};
    assert_int_equal(tag_sentence(model, NULL, NULL, 0, tags), NEV_OK);
    assert_int_equal(tag_sentence(NULL, NULL, NULL, 3, tags), NEV_EINVAL);
    /* empty tokens and invalid UTF-8 do not crash and get some tag */
    const char *w[3] = {"", "\xff\xfe", "war"};
    uint32_t l[3] = {0, 2, 3};
    assert_int_equal(tag_sentence(model, w, l, 3, tags), NEV_OK);
    for (int i = 0; i < 3; i++)
        assert_true(tags[i] > POS_NONE && tags[i] < POS__COUNT);

    /* a very long sentence: same tags as the short one at its start */
    enum { N = 5000 };
    const char **lw = malloc(N * sizeof *lw);
    uint32_t *ll = malloc(N * sizeof *ll);
    uint8_t *lt = malloc(N);
    assert_non_null(lw);
    assert_non_null(ll);
    assert_non_null(lt);
    const char *pat[] = {"The", "troops", "attacked", "the", "village", "and"};
    for (size_t i = 0; i < N; i++) {
        lw[i] = pat[i % 6];
        ll[i] = (uint32_t)strlen(lw[i]);
    }
    assert_int_equal(tag_sentence(model, lw, ll, N, lt), NEV_OK);
    assert_int_equal(lt[0], POS_DT);
    assert_int_equal(lt[1], POS_NNS);
    assert_int_equal(lt[2], POS_VBD);
    assert_int_equal(lt[4996], POS_NN); /* 4996 % 6 == 4: "village" */
    assert_int_equal(lt[4997], POS_CC);
    free(lw);
    free(ll);
    free(lt);
}

static void test_load(void **state)
{
    (void)state;
    nev_error err;
    tag_model *m = NULL;
    /* unaligned copy: loads by copying and tags the same */
    uint8_t *buf = malloc(sec_len + 1);
    assert_non_null(buf);
    memcpy(buf + 1, sec, sec_len);
    assert_int_equal(tag_model_load(&m, buf + 1, sec_len, NULL, &err), NEV_OK);
    const char *w[4] = {"They", "fired", "rockets", "."};
    uint32_t l[4] = {4, 5, 7, 1};
    uint8_t t1[4], t2[4];
    assert_int_equal(tag_sentence(m, w, l, 4, t1), NEV_OK);
    assert_int_equal(tag_sentence(model, w, l, 4, t2), NEV_OK);
    assert_memory_equal(t1, t2, 4);
    assert_int_equal(t1[1], POS_VBD);
    tag_model_free(m);

    /* corrupt sections are refused */
    memcpy(buf, sec, 64);
    assert_int_equal(tag_model_load(&m, buf, 16, NULL, &err), NEV_EDATA);
    assert_null(m);
    assert_int_equal(tag_model_load(&m, buf, 64, NULL, &err), NEV_EDATA);
    memcpy(buf, sec, sec_len);
    buf[0] = 'X';
    assert_int_equal(tag_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    memcpy(buf, sec, sec_len);
    /* a pair with a class out of range */
    uint32_t n_slots, n_pairs;
    memcpy(&n_slots, buf + 12, 4);
    memcpy(&n_pairs, buf + 16, 4);
    assert_true(n_pairs > 0);
    buf[32 + 8 * (size_t)n_slots] = 0xff;
    assert_int_equal(tag_model_load(&m, buf, sec_len, NULL, &err), NEV_EDATA);
    assert_null(m);
    free(buf);
    tag_model_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_sentences),
        cmocka_unit_test(test_quotes_and_caps),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
