/*
 * test_pipeline.c - behaviour of the whole pipeline (nev_doc_code -> JSON record) on short
 * sentences written for these tests: events with source key, CAMEO root and target key,
 * negation, passive voice, reporting verbs, accusations, symmetric acts, compound actors,
 * intents, relative dates, quotes, warnings for invalid UTF-8 and empty articles.
 *
 * Known gaps: a check written with GAP(cond, "name") is the behaviour GUIDE.md asks for that
 * the engine does not show yet. When it does not hold, the test is skipped (cmocka skip())
 * with "GAP: name" printed, so the lead sees it in `ctest -V`; when it holds the test passes.
 * Set NEV_TEST_GAPS=1 in the environment to turn gaps into failures. Checks written with
 * assert_* / EXPECT are behaviour the engine has and must keep.
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

static cJSON *rec; /* the record of the last coded text */

static int teardown_rec(void **state)
{
    (void)state;
    cJSON_Delete(rec);
    rec = NULL;
    return 0;
}

static int setup(void **state)
{
    (void)state;
    return testutil_open() ? 0 : -1;
}

/* Code text with an article date (may be NULL) and parse its record into rec. */
static void code(const char *text, const char *date)
{
    cJSON_Delete(rec);
    rec = testutil_record(text, date);
    if (!rec)
        fail_msg("no JSON record for [%s]", text);
}

static const cJSON *events(void)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(rec, "events");
    assert_true(cJSON_IsArray(e));
    return e;
}

static int n_events(void) { return cJSON_GetArraySize(events()); }

/* The key of an actor: first three letters of its code ("" when none). */
static void actor_key(const cJSON *ev, const char *which, char key[4])
{
    key[0] = '\0';
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(ev, which);
    const cJSON *c = cJSON_IsObject(a) ? cJSON_GetObjectItemCaseSensitive(a, "code") : a;
    if (cJSON_IsString(c) && c->valuestring) {
        snprintf(key, 4, "%s", c->valuestring);
    }
}

static const char *ev_str(const cJSON *ev, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, field);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The first event (source key, root, target key), or NULL. root is the CAMEO root "19". */
static const cJSON *find_event(const char *src, const char *root, const char *tgt)
{
    const cJSON *ev;
    cJSON_ArrayForEach(ev, events())
    {
        char s[4], t[4];
        actor_key(ev, "source", s);
        actor_key(ev, "target", t);
        const char *code = ev_str(ev, "cameo");
        if (!code || strncmp(code, root, 2) != 0)
            continue;
        if (strcmp(s, src) == 0 && strcmp(t, tgt) == 0)
            return ev;
    }
    return NULL;
}

static bool has_event(const char *src, const char *root, const char *tgt)
{
    return find_event(src, root, tgt) != NULL;
}

/* A readable list of the record's events for failure messages. */
static const char *event_list(void)
{
    static char buf[1024];
    size_t n = 0;
    buf[0] = '\0';
    const cJSON *ev;
    cJSON_ArrayForEach(ev, events())
    {
        char s[4], t[4];
        actor_key(ev, "source", s);
        actor_key(ev, "target", t);
        const char *c = ev_str(ev, "cameo");
        int k = snprintf(buf + n, sizeof buf - n, "(%s %s %s) ", s, c ? c : "?", t);
        if (k < 0 || (size_t)k >= sizeof buf - n)
            break;
        n += (size_t)k;
    }
    return n ? buf : "(no events)";
}

#define EXPECT(cond)                                                                         \
    do {                                                                                     \
        if (!(cond))                                                                         \
            fail_msg("expected %s; events: %s", #cond, event_list());                        \
    } while (0)

static bool strict_gaps(void)
{
    const char *e = getenv("NEV_TEST_GAPS");
    return e && *e && strcmp(e, "0") != 0;
}

/* A known gap of the engine: skip (or fail under NEV_TEST_GAPS=1) when cond does not hold. */
#define GAP(cond, name)                                                                      \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            if (strict_gaps())                                                               \
                fail_msg("GAP %s: expected %s; events: %s", name, #cond, event_list());      \
            print_message("GAP: %s (expected %s; events: %s)\n", name, #cond, event_list()); \
            skip();                                                                          \
        }                                                                                    \
    } while (0)

static const char *const DATE = "2024-06-18"; /* a Tuesday */

/* ---- basic events ----------------------------------------------------------------------- */
static void test_fire_on(void **state)
{
    (void)state;
    code("South Korean troops fired on North Korean soldiers.", DATE);
    GAP(has_event("KOR", "19", "PRK"), "role noun 'troops' with a country adjective "
                                       "as the source of 'fired on'");
    const cJSON *ev = find_event("KOR", "19", "PRK");
    assert_string_equal(ev_str(ev, "modality"), "asserted");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "negated")));
}

static void test_accuse(void **state)
{
    (void)state;
    code("China accused Japan of violating its airspace.", DATE);
    EXPECT(has_event("CHN", "11", "JPN"));
    const cJSON *ev = find_event("CHN", "11", "JPN");
    assert_int_equal(strncmp(ev_str(ev, "cameo"), "112", 3), 0); /* 112 or a 112x refinement */
    /* the evidence is the sentence; the span points at it */
    assert_string_equal(ev_str(ev, "evidence"), "China accused Japan of violating its airspace.");
    assert_non_null(ev_str(ev, "matched"));
    assert_non_null(strstr(ev_str(ev, "matched"), "accused"));
}

/* "accuse X of Y": the accusation is coded, the act Y is not. */
static void test_accuse_does_not_code_the_accused_act(void **state)
{
    (void)state;
    code("Seoul accused the North of firing on its soldiers.", DATE);
    EXPECT(has_event("KOR", "11", "PRK"));
    GAP(n_events() == 1, "the act inside 'accuse X of Y' must not be coded (GUIDE 1)");
}

static void test_praise_person_actors(void **state)
{
    (void)state;
    code("Putin praised Kim Jong Un.", DATE);
    EXPECT(has_event("RUS", "05", "PRK"));
    const cJSON *ev = find_event("RUS", "05", "PRK");
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(ev, "source");
    assert_true(cJSON_IsObject(src));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(src, "code")->valuestring, "RUSGOV");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(src, "text")->valuestring, "Putin");
    assert_int_equal(n_events(), 1);
}

static void test_title_noun_actors(void **state)
{
    (void)state;
    code("The Japanese prime minister praised the French president.", DATE);
    GAP(has_event("JPN", "05", "FRA"), "country adjective + title noun as an actor "
                                       "('the Japanese prime minister')");
}

static void test_deny(void **state)
{
    (void)state;
    code("India denied the claims by Pakistan.", DATE);
    EXPECT(has_event("IND", "01", "PAK"));
}

static void test_urge(void **state)
{
    (void)state;
    code("Turkey urged Greece to return to negotiations.", DATE);
    EXPECT(has_event("TUR", "02", "GRC"));
}

static void test_criticize(void **state)
{
    (void)state;
    code("Germany criticized Hungary over the decision.", DATE);
    EXPECT(has_event("DEU", "11", "HUN"));
}

static void test_sanctions(void **state)
{
    (void)state;
    code("The European Union imposed new sanctions on Belarus.", DATE);
    GAP(has_event("IGO", "16", "BLR"), "'impose sanctions on' (163) with an IGO source");
}

static void test_threaten(void **state)
{
    (void)state;
    code("Iran threatened Israel with retaliation.", DATE);
    GAP(has_event("IRN", "13", "ISR"), "'threaten' (13x)");
}

static void test_arrest(void **state)
{
    (void)state;
    code("Egyptian police arrested two Sudanese journalists.", DATE);
    GAP(has_event("EGY", "17", "SDN"), "'arrest' (173) with role nouns on both sides");
}

/* ---- negation ---------------------------------------------------------------------------- */
static void test_negated_did_not(void **state)
{
    (void)state;
    code("China did not accuse Japan of violating its airspace.", DATE);
    EXPECT(!has_event("CHN", "11", "JPN"));
    GAP(n_events() == 0, "the act inside a negated 'accuse X of Y' is coded on its own "
                         "(JPN 128 from 'violating')");
}

static void test_negated_never(void **state)
{
    (void)state;
    code("Germany never praised France.", DATE);
    GAP(n_events() == 0, "negation by 'never'");
}

static void test_negated_denied_act(void **state)
{
    (void)state;
    code("Russia denied that its troops fired on Georgian soldiers.", DATE);
    GAP(!has_event("RUS", "19", "GEO"), "an act inside a denial is not coded");
}

/* ---- passive voice ---------------------------------------------------------------------- */
static void test_passive_swaps(void **state)
{
    (void)state;
    code("Japan was accused by China of violating its airspace.", DATE);
    EXPECT(has_event("CHN", "11", "JPN"));
    EXPECT(!has_event("JPN", "11", "CHN"));
}

static void test_passive_attack(void **state)
{
    (void)state;
    code("North Korean soldiers were fired on by South Korean troops.", DATE);
    GAP(has_event("KOR", "19", "PRK"), "passive 'were fired on by' with role nouns");
    EXPECT(!has_event("PRK", "19", "KOR"));
}

/* ---- reporting verbs -------------------------------------------------------------------- */
static void test_reporting_verb_is_not_an_event(void **state)
{
    (void)state;
    code("Germany praised France, Japan said.", DATE);
    EXPECT(has_event("DEU", "05", "FRA"));
    EXPECT(n_events() == 1); /* "said" is attribution */
}

static void test_reported_clause(void **state)
{
    (void)state;
    code("South Korea said the North fired on its soldiers.", DATE);
    GAP(has_event("PRK", "19", "KOR"), "'its' in a reported clause resolves to the "
                                       "speaker (KOR); 'the North' in a Korean story");
}

/* ---- symmetric and compound ------------------------------------------------------------- */
static void test_symmetric_agreement(void **state)
{
    (void)state;
    code("Russia and China signed an agreement.", DATE);
    EXPECT(has_event("RUS", "05", "CHN"));
    EXPECT(has_event("CHN", "05", "RUS"));
}

static void test_symmetric_with(void **state)
{
    (void)state;
    code("Russia signed an agreement with China.", DATE);
    GAP(has_event("RUS", "05", "CHN") && has_event("CHN", "05", "RUS"),
        "'sign an agreement with X' (symmetric, target after 'with')");
}

static void test_compound_source(void **state)
{
    (void)state;
    code("Russia and China praised Iran.", DATE);
    EXPECT(has_event("RUS", "05", "IRN"));
    EXPECT(has_event("CHN", "05", "IRN"));
}

static void test_talks_both_directions(void **state)
{
    (void)state;
    code("Indian and Chinese officials held talks in Beijing.", DATE);
    GAP(has_event("IND", "04", "CHN") && has_event("CHN", "04", "IND"),
        "'hold talks' with a compound adjective source (040/046 both ways)");
}

/* "hold talks" is a meeting, not a detention (173). */
static void test_hold_talks_not_arrest(void **state)
{
    (void)state;
    code("Russia and China held talks in Beijing.", DATE);
    GAP(!has_event("RUS", "17", "") && !has_event("CHN", "17", ""),
        "'held talks' coded as 173 (arrest) from the verb 'hold'");
    GAP(has_event("RUS", "04", "CHN") && has_event("CHN", "04", "RUS"),
        "'A and B held talks' gives 04x both ways");
}

/* ---- visits and intents ------------------------------------------------------------------ */
static void test_visit(void **state)
{
    (void)state;
    code("Kim Jong Un visited Moscow.", DATE);
    EXPECT(has_event("PRK", "04", "RUS"));
    const cJSON *ev = find_event("PRK", "04", "RUS");
    assert_string_equal(ev_str(ev, "cameo"), "042");
}

static void test_future_visit_is_intent(void **state)
{
    (void)state;
    code("Vladimir Putin will visit Pyongyang next month.", DATE);
    GAP(has_event("RUS", "03", "PRK"), "a future visit to a capital is an intent (036) "
                                       "RUS -> PRK");
    const cJSON *ev = find_event("RUS", "03", "PRK");
    assert_string_equal(ev_str(ev, "cameo"), "036");
    assert_string_equal(ev_str(ev, "modality"), "intended");
}

/* ---- dates ------------------------------------------------------------------------------ */
static void test_on_monday_resolves(void **state)
{
    (void)state;
    code("China accused Japan of violating its airspace on Monday.", DATE);
    EXPECT(has_event("CHN", "11", "JPN"));
    const cJSON *ev = find_event("CHN", "11", "JPN");
    assert_string_equal(ev_str(ev, "date"), "2024-06-17");
    assert_string_equal(ev_str(ev, "date_kind"), "text");
}

static void test_no_date_in_text_uses_article(void **state)
{
    (void)state;
    code("China accused Japan of violating its airspace.", DATE);
    const cJSON *ev = find_event("CHN", "11", "JPN");
    EXPECT(ev != NULL);
    assert_string_equal(ev_str(ev, "date"), DATE);
    assert_string_equal(ev_str(ev, "date_kind"), "article");
}

static void test_last_week(void **state)
{
    (void)state;
    code("Putin praised Kim Jong Un last week.", DATE);
    GAP(has_event("RUS", "05", "PRK"), "an event whose target is followed by a date phrase "
                                       "('Kim Jong Un last week')");
    const cJSON *ev = find_event("RUS", "05", "PRK");
    assert_string_equal(ev_str(ev, "date"), "2024-06-11");
    assert_string_equal(ev_str(ev, "date_kind"), "text");
}

static void test_no_article_date(void **state)
{
    (void)state;
    code("China accused Japan of violating its airspace on Monday.", NULL);
    const cJSON *ev = find_event("CHN", "11", "JPN");
    EXPECT(ev != NULL);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(ev, "date");
    assert_true(d == NULL || cJSON_IsNull(d)); /* nothing to resolve against */
}

static void test_bad_article_date_warns(void **state)
{
    (void)state;
    code("Putin praised Kim Jong Un.", "18/06/2024");
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(rec, "warnings");
    assert_true(cJSON_IsArray(w));
    assert_true(cJSON_GetArraySize(w) >= 1);
}

/* ---- quotes ----------------------------------------------------------------------------- */
static void test_quote_speaker(void **state)
{
    (void)state;
    code("\"This is a violation of our sovereignty,\" said Chinese Foreign Minister Wang Yi.",
         DATE);
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(rec, "quotes");
    assert_true(cJSON_IsArray(q));
    assert_int_equal(cJSON_GetArraySize(q), 1);
    const cJSON *q0 = cJSON_GetArrayItem(q, 0);
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(q0, "speaker");
    const cJSON *name = cJSON_IsObject(sp) ? cJSON_GetObjectItemCaseSensitive(sp, "name") : sp;
    assert_true(cJSON_IsString(name));
    assert_non_null(strstr(name->valuestring, "Wang Yi"));
    const cJSON *txt = cJSON_GetObjectItemCaseSensitive(q0, "text");
    assert_true(cJSON_IsString(txt));
    assert_non_null(strstr(txt->valuestring, "This is a violation of our sovereignty"));
    assert_null(strchr(txt->valuestring, '"'));
}

static void test_surname_link(void **state)
{
    (void)state;
    code("Chinese Foreign Minister Wang Yi arrived in Tokyo. Wang criticized Japan.", DATE);
    GAP(has_event("CHN", "11", "JPN"), "a surname alone refers back to the full name");
}

/* ---- input edge cases ------------------------------------------------------------------- */
static void test_invalid_utf8_warns(void **state)
{
    (void)state;
    code("Putin praised \xC3\x28 Kim Jong Un \xFF.", DATE);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(rec, "warnings");
    assert_true(cJSON_IsArray(w));
    assert_true(cJSON_GetArraySize(w) >= 1);
    const cJSON *w0 = cJSON_GetArrayItem(w, 0);
    assert_true(cJSON_IsString(w0));
    assert_non_null(strstr(w0->valuestring, "UTF-8"));
}

static void test_clean_text_no_warnings(void **state)
{
    (void)state;
    code("Putin praised Kim Jong Un.", DATE);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(rec, "warnings");
    assert_true(cJSON_IsArray(w));
    assert_int_equal(cJSON_GetArraySize(w), 0);
}

static void test_empty_text(void **state)
{
    (void)state;
    code("", DATE);
    assert_int_equal(n_events(), 0);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(rec, "sentences");
    assert_true(cJSON_IsNumber(s));
    assert_int_equal((int)s->valuedouble, 0);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
    assert_true(cJSON_IsString(id));
    assert_string_equal(id->valuestring, "t");
    assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "locations")));
    assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "quotes")));
}

/* Regression: "us" resolves to the speaker, whose subject search met the same "us" again
 * through the infinitive after it and recursed until the stack ran out. */
static void test_we_and_infinitive_terminate(void **state)
{
    (void)state;
    code("\"It will enable us to provide service and maintain the position,\" said Mark Jones.",
         DATE);
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(rec, "quotes");
    assert_true(cJSON_IsArray(q));
    assert_int_equal(cJSON_GetArraySize(q), 1); /* coded at all, and the quote is Jones's */
}

static void test_no_actors_no_events(void **state)
{
    (void)state;
    code("The weather was pleasant and the markets were calm all week.", DATE);
    assert_int_equal(n_events(), 0);
}

/* The public views agree with the JSON record. */
static void test_views_match_json(void **state)
{
    (void)state;
    nev_model *m = testutil_open();
    nev_doc *d;
    assert_int_equal(nev_doc_new(&d, m), NEV_OK);
    const char *line = "{\"id\":\"v1\",\"date\":\"2024-06-18\",\"title\":\"Praise\","
                       "\"text\":\"Russia and China praised Iran.\"}";
    nev_article a;
    nev_error err;
    assert_int_equal(nev_doc_parse_json(d, line, strlen(line), &a, &err), NEV_OK);
    assert_int_equal(nev_doc_code(d, &a, &err), NEV_OK);
    const nev_event *ev;
    size_t n = nev_doc_events(d, &ev);
    const char *json;
    size_t len;
    assert_int_equal(nev_doc_json(d, &json, &len), NEV_OK);
    cJSON *o = cJSON_ParseWithLength(json, len);
    assert_non_null(o);
    assert_int_equal((int)n, cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "events")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring, "v1");
    for (size_t i = 0; i < n; i++) {
        assert_non_null(ev[i].cameo);
        assert_non_null(ev[i].evidence);
        assert_int_equal(strncmp(ev[i].cameo, ev[i].root, 2), 0);
    }
    size_t sents, dropped;
    nev_doc_counts(d, &sents, &dropped);
    /* title and text are one article: two sentences */
    assert_int_equal(sents, 2);
    assert_int_equal(dropped, 0);
    cJSON_Delete(o);
    nev_doc_free(d);
}

static void test_parse_json_errors(void **state)
{
    (void)state;
    nev_model *m = testutil_open();
    nev_doc *d;
    assert_int_equal(nev_doc_new(&d, m), NEV_OK);
    nev_article a;
    nev_error err;
    memset(&err, 0, sizeof err);
    const char *bad = "{\"id\": 1, \"text\": ";
    assert_int_equal(nev_doc_parse_json(d, bad, strlen(bad), &a, &err), NEV_EDATA);
    assert_true(err.msg[0] != '\0');
    const char *notext = "{\"id\": \"x\", \"title\": \"t\"}";
    assert_int_equal(nev_doc_parse_json(d, notext, strlen(notext), &a, &err), NEV_EDATA);
    const char *arr = "[1,2]";
    assert_int_equal(nev_doc_parse_json(d, arr, strlen(arr), &a, &err), NEV_EDATA);
    const char *numtext = "{\"text\": 5}";
    assert_int_equal(nev_doc_parse_json(d, numtext, strlen(numtext), &a, &err), NEV_EDATA);
    const char *ok = "{\"id\": 42, \"text\": \"x\"}";
    assert_int_equal(nev_doc_parse_json(d, ok, strlen(ok), &a, &err), NEV_OK);
    assert_int_equal(a.id_len, 2);
    assert_memory_equal(a.id, "42", 2);
    nev_doc_free(d);
}

#define T(f) cmocka_unit_test_teardown(f, teardown_rec)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_fire_on),
        T(test_accuse),
        T(test_accuse_does_not_code_the_accused_act),
        T(test_praise_person_actors),
        T(test_title_noun_actors),
        T(test_deny),
        T(test_urge),
        T(test_criticize),
        T(test_sanctions),
        T(test_threaten),
        T(test_arrest),
        T(test_negated_did_not),
        T(test_negated_never),
        T(test_negated_denied_act),
        T(test_passive_swaps),
        T(test_passive_attack),
        T(test_reporting_verb_is_not_an_event),
        T(test_reported_clause),
        T(test_symmetric_agreement),
        T(test_symmetric_with),
        T(test_compound_source),
        T(test_talks_both_directions),
        T(test_hold_talks_not_arrest),
        T(test_visit),
        T(test_future_visit_is_intent),
        T(test_on_monday_resolves),
        T(test_no_date_in_text_uses_article),
        T(test_last_week),
        T(test_no_article_date),
        T(test_bad_article_date_warns),
        T(test_quote_speaker),
        T(test_surname_link),
        T(test_invalid_utf8_warns),
        T(test_clean_text_no_warnings),
        T(test_empty_text),
        T(test_we_and_infinitive_terminate),
        T(test_no_actors_no_events),
        T(test_views_match_json),
        T(test_parse_json_errors),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
