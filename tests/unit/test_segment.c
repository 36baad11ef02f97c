/*
 * test_segment.c - unit tests of the tokenizer and the sentence splitter (src/segment.c).
 *
 * Each test codes a hand-written text with nev_doc_code() and inspects the document's
 * tokens and sentences through src/internal.h (struct nev_doc is visible there), plus the
 * "sentences" / "sentences_dropped" fields of the JSON record. Covered: abbreviations that
 * do not end a sentence (U.S., U.N., Gen., Dr., Jan., Mr.), possessives and n't, quotes,
 * brackets and dashes, UTF-8 letters and curly quotes, repeated sentences and captions
 * ("(pictured)", "(File image)") marked as dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "internal.h"
#include "testutil.h"

static nev_doc *doc;

static int setup(void **state)
{
    (void)state;
    nev_model *m = testutil_open();
    if (!m)
        return -1;
    return nev_doc_new(&doc, m) == NEV_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nev_doc_free(doc);
    return 0;
}

/* Code text (no title) into the shared doc; fails the test when coding fails. */
static void code(const char *text)
{
    nev_doc_reset(doc);
    nev_article a;
    memset(&a, 0, sizeof a);
    a.id = "seg";
    a.id_len = 3;
    a.date = "2024-06-18";
    a.date_len = 10;
    a.text = text;
    a.text_len = strlen(text);
    nev_error err;
    memset(&err, 0, sizeof err);
    int rc = nev_doc_code(doc, &a, &err);
    if (rc != NEV_OK)
        fail_msg("nev_doc_code: %d %s", rc, err.msg);
}

/* The text of sentence i as a NUL-terminated copy in buf. */
static const char *sent_text(uint32_t i, char *buf, size_t cap)
{
    assert_true(i < doc->sents.n);
    const sentence *s = &SENT(doc, i);
    size_t n = s->len < cap - 1 ? s->len : cap - 1;
    memcpy(buf, doc->text + s->off, n);
    buf[n] = '\0';
    return buf;
}

static void assert_sent(uint32_t i, const char *expect)
{
    char buf[1024];
    const char *got = sent_text(i, buf, sizeof buf);
    if (strcmp(got, expect) != 0)
        fail_msg("sentence %u: got [%s], want [%s]", i, got, expect);
}

/* Index of the first token whose text is exactly w, or -1. */
static long find_tok(const char *w)
{
    size_t wl = strlen(w);
    for (uint32_t i = 0; i < doc->toks.n; i++) {
        const token *t = &TOK(doc, i);
        if (t->len == wl && memcmp(doc->text + t->off, w, wl) == 0)
            return (long)i;
    }
    return -1;
}

static void assert_tok(const char *w)
{
    if (find_tok(w) < 0)
        fail_msg("no token [%s]", w);
}

/* The record's integer field. */
static long record_int(const char *field)
{
    const char *json;
    size_t len;
    assert_int_equal(nev_doc_json(doc, &json, &len), NEV_OK);
    cJSON *o = cJSON_ParseWithLength(json, len);
    assert_non_null(o);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
    assert_true(cJSON_IsNumber(v));
    long r = (long)v->valuedouble;
    cJSON_Delete(o);
    return r;
}

/* ---- abbreviations ---------------------------------------------------------------------- */
static void test_abbrev_titles(void **state)
{
    (void)state;
    code("Gen. Mark Olsen met Dr. Ana Ruiz and Mr. Tom Hale in the capital. They talked.");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "Gen. Mark Olsen met Dr. Ana Ruiz and Mr. Tom Hale in the capital.");
    assert_sent(1, "They talked.");
    assert_tok("Gen.");
    assert_tok("Dr.");
    assert_tok("Mr.");
}

static void test_abbrev_countries(void **state)
{
    (void)state;
    code("The U.S. and the U.N. sent envoys to the talks. Both left early.");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "The U.S. and the U.N. sent envoys to the talks.");
    assert_tok("U.S.");
    assert_tok("U.N.");
    /* the folded form keeps the abbreviation recognisable */
    long i = find_tok("U.S.");
    assert_true(i >= 0);
    assert_true(TOK(doc, i).flags & TF_CAP);
}

static void test_abbrev_month(void **state)
{
    (void)state;
    code("The ceasefire began on Jan. 5 and lasted a week. Fighting resumed.");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "The ceasefire began on Jan. 5 and lasted a week.");
    assert_tok("Jan.");
}

/* "U.S." can end a sentence: when a capitalised function word follows, it does. */
static void test_abbrev_at_end(void **state)
{
    (void)state;
    code("The envoy flew to the U.S. The talks start today.");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "The envoy flew to the U.S.");
    assert_sent(1, "The talks start today.");
}

static void test_initials_and_numbers(void **state)
{
    (void)state;
    code("John F. Kennedy spoke. Troops numbered 3,200 in 1950-53 and cost $1.5 billion.");
    assert_int_equal(doc->sents.n, 2);
    assert_tok("F.");
    assert_tok("3,200");
    assert_tok("1950-53");
    assert_tok("1.5");
}

/* ---- words ------------------------------------------------------------------------------ */
static void test_possessive_and_negation(void **state)
{
    (void)state;
    code("Russia's army didn't move. Kim Jong-un's aide wasn't there.");
    assert_int_equal(doc->sents.n, 2);
    assert_tok("Russia");
    assert_tok("'s");
    assert_tok("did");
    assert_tok("n't");
    assert_tok("Jong-un");
    assert_tok("was");
    long i = find_tok("n't");
    assert_true(i >= 0);
    assert_string_equal(TOK(doc, i).norm, "n't");
}

static void test_quotes_brackets_dashes(void **state)
{
    (void)state;
    code("\"We will respond,\" the minister said. The army (which had left) returned -- "
         "slowly.");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "\"We will respond,\" the minister said.");
    assert_sent(1, "The army (which had left) returned -- slowly.");
    assert_tok("(");
    assert_tok(")");
    assert_tok("--");
    /* the words between the quote marks are marked quoted, the others are not */
    long we = find_tok("We"), min = find_tok("minister");
    assert_true(we >= 0 && min >= 0);
    assert_true(TOK(doc, we).flags & TF_QUOTED);
    assert_false(TOK(doc, min).flags & TF_QUOTED);
}

/* A closing quote after the period stays with the sentence it closes. */
static void test_quote_after_period(void **state)
{
    (void)state;
    code("He said: \"The war is over.\" Then he left.");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "He said: \"The war is over.\"");
    assert_sent(1, "Then he left.");
}

static void test_question_exclamation(void **state)
{
    (void)state;
    code("Will they sign? Nobody knows! The talks go on.");
    assert_int_equal(doc->sents.n, 3);
    assert_sent(0, "Will they sign?");
    assert_sent(1, "Nobody knows!");
}

static void test_newline_ends_sentence(void **state)
{
    (void)state;
    code("Troops crossed the border\n\nThe government protested");
    assert_int_equal(doc->sents.n, 2);
    assert_sent(0, "Troops crossed the border");
    assert_sent(1, "The government protested");
}

/* A lower-case word after a period does not start a sentence ("approx. five"). */
static void test_lowercase_after_period(void **state)
{
    (void)state;
    code("They fled at approx. five o'clock.");
    assert_int_equal(doc->sents.n, 1);
}

/* ---- UTF-8 ------------------------------------------------------------------------------ */
static void test_utf8_words(void **state)
{
    (void)state;
    code("Zelenskyy met Erdoğan in Kraków. Lavrov spoke with Çavuşoğlu.");
    assert_int_equal(doc->sents.n, 2);
    assert_tok("Erdoğan");
    assert_tok("Kraków");
    assert_tok("Çavuşoğlu");
    long i = find_tok("Çavuşoğlu");
    assert_true(i >= 0);
    assert_true(TOK(doc, i).flags & TF_CAP);
}

static void test_curly_quotes_and_apostrophe(void **state)
{
    (void)state;
    code("\xE2\x80\x9CWe are ready,\xE2\x80\x9D Kyiv\xE2\x80\x99s envoy said. "
         "Moscow disagreed.");
    assert_int_equal(doc->sents.n, 2);
    assert_tok("\xE2\x80\x9C");
    assert_tok("\xE2\x80\x9D");
    assert_tok("Kyiv");
    assert_tok("\xE2\x80\x99s");
    assert_tok("ready");
}

static void test_cyrillic_and_nbsp(void **state)
{
    (void)state;
    /* a no-break space separates words like a space */
    code("Путин\xC2\xA0выступил. Kyiv replied.");
    assert_int_equal(doc->sents.n, 2);
    assert_tok("Путин");
    assert_tok("выступил");
}

/* Invalid bytes are replaced by U+FFFD before segmentation: the text stays valid. */
static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    code("Troops \xFF\xFE left. They returned.");
    assert_int_equal(doc->sents.n, 2);
    assert_non_null(strstr(doc->text, "\xEF\xBF\xBD"));
    assert_null(memchr(doc->text, 0xFF, doc->text_len));
}

/* ---- repeats and captions --------------------------------------------------------------- */
static void test_repeated_sentence_dropped(void **state)
{
    (void)state;
    code("Rebels seized the northern town of Kalem after heavy fighting on Sunday.\n\n"
         "The army said it would retake it.\n\n"
         "Rebels seized the northern town of Kalem after heavy fighting on Sunday.");
    assert_int_equal(doc->sents.n, 3);
    assert_int_equal(SENT(doc, 0).dup_of, -1);
    assert_int_equal(SENT(doc, 1).dup_of, -1);
    assert_int_equal(SENT(doc, 2).dup_of, 0);
    assert_int_equal(record_int("sentences"), 3);
    assert_int_equal(record_int("sentences_dropped"), 1);
}

static void test_caption_pictured_dropped(void **state)
{
    (void)state;
    code("Prime Minister Anna Berg signed the trade agreement with visiting envoys in Oslo.\n\n"
         "Prime Minister Anna Berg (pictured) signed the trade agreement with visiting envoys "
         "in Oslo.");
    assert_int_equal(doc->sents.n, 2);
    assert_int_equal(SENT(doc, 1).dup_of, 0);
    assert_int_equal(record_int("sentences_dropped"), 1);
}

static void test_caption_file_image_dropped(void **state)
{
    (void)state;
    code("Navy ships escorted the grain convoy through the strait on Friday morning.\n\n"
         "(File image) Navy ships escorted the grain convoy through the strait on Friday.");
    assert_int_equal(doc->sents.n, 2);
    assert_int_equal(SENT(doc, 1).dup_of, 0);
    assert_int_equal(record_int("sentences_dropped"), 1);
}

/* Sentences sharing a few words are not repeats. */
static void test_different_sentences_kept(void **state)
{
    (void)state;
    code("Rebels seized the northern town of Kalem after heavy fighting on Sunday.\n\n"
         "Government troops recaptured the southern port of Darro after shelling on Monday.");
    assert_int_equal(doc->sents.n, 2);
    assert_int_equal(SENT(doc, 1).dup_of, -1);
    assert_int_equal(record_int("sentences_dropped"), 0);
}

/* Short repeated sentences (under five content words) are kept: "He said." twice. */
static void test_short_repeat_kept(void **state)
{
    (void)state;
    code("Talks failed. Talks failed.");
    assert_int_equal(doc->sents.n, 2);
    assert_int_equal(record_int("sentences_dropped"), 0);
}

/* ---- edge cases ------------------------------------------------------------------------- */
static void test_empty_and_blank(void **state)
{
    (void)state;
    code("");
    assert_int_equal(doc->sents.n, 0);
    assert_int_equal(doc->toks.n, 0);
    code("   \n\n\t  ");
    assert_int_equal(doc->sents.n, 0);
    code("...");
    assert_int_equal(doc->sents.n, 1);
}

/* Token spans tile the text: in order, inside the text, never overlapping. */
static void test_spans_are_consistent(void **state)
{
    (void)state;
    code("On Jan. 3, the U.N. envoy -- Dr. Li -- said: \"Enough!\" (Reuters) "
         "Erdoğan's aides didn't reply; \xE2\x80\x9Cno comment\xE2\x80\x9D.");
    uint32_t prev_end = 0;
    for (uint32_t i = 0; i < doc->toks.n; i++) {
        const token *t = &TOK(doc, i);
        assert_true(t->len > 0);
        assert_true(t->off >= prev_end);
        assert_true(t->off + t->len <= doc->text_len);
        prev_end = t->off + t->len;
    }
    uint32_t next_tok = 0;
    for (uint32_t s = 0; s < doc->sents.n; s++) {
        const sentence *se = &SENT(doc, s);
        assert_int_equal(se->tok0, next_tok);
        next_tok = se->tok0 + se->ntok;
    }
    assert_int_equal(next_tok, doc->toks.n);
}

/* A sentence longer than the coder's window is cut into bounded pieces. */
static void test_long_sentence_cut(void **state)
{
    (void)state;
    size_t n = 1000;
    char *buf = malloc(n * 6 + 2);
    assert_non_null(buf);
    char *p = buf;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, "word ", 5);
        p += 5;
    }
    *p++ = '.';
    *p = '\0';
    code(buf);
    free(buf);
    assert_int_equal(doc->toks.n, n + 1);
    assert_true(doc->sents.n >= 3);
    for (uint32_t s = 0; s < doc->sents.n; s++)
        assert_true(SENT(doc, s).ntok <= NEV_MAX_SENT_TOKENS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbrev_titles),
        cmocka_unit_test(test_abbrev_countries),
        cmocka_unit_test(test_abbrev_month),
        cmocka_unit_test(test_abbrev_at_end),
        cmocka_unit_test(test_initials_and_numbers),
        cmocka_unit_test(test_possessive_and_negation),
        cmocka_unit_test(test_quotes_brackets_dashes),
        cmocka_unit_test(test_quote_after_period),
        cmocka_unit_test(test_question_exclamation),
        cmocka_unit_test(test_newline_ends_sentence),
        cmocka_unit_test(test_lowercase_after_period),
        cmocka_unit_test(test_utf8_words),
        cmocka_unit_test(test_curly_quotes_and_apostrophe),
        cmocka_unit_test(test_cyrillic_and_nbsp),
        cmocka_unit_test(test_invalid_utf8_replaced),
        cmocka_unit_test(test_repeated_sentence_dropped),
        cmocka_unit_test(test_caption_pictured_dropped),
        cmocka_unit_test(test_caption_file_image_dropped),
        cmocka_unit_test(test_different_sentences_kept),
        cmocka_unit_test(test_short_repeat_kept),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_spans_are_consistent),
        cmocka_unit_test(test_long_sentence_cut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
