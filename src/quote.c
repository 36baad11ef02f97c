/*
 * quote.c - direct quotations and their speakers (GUIDE section 4).
 *
 * Quotes are found in the text by their marks: an opening mark (“ " ‘ « at a word start)
 * runs to the next closing mark (” " ’ » at a word end); a paragraph break closes an
 * unfinished one. Curly and straight marks mix ("‘...”" happens in scraped news).
 * The speaker, in order of preference:
 *   1. after the quote in its last sentence: "..., X said", "said X", "X told AFP";
 *   2. before the quote in its first sentence: "X said: “...”", "according to X";
 *   3. the subject of the sentence the quote is woven into ("X praised Y for “...”");
 * "he"/"she" become the person the article last named; a person's full name is the one of
 * its first mention. Quotes inside repeated sentences are dropped with them.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static bool is_open(uint32_t cp)
{
    return cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0x201E;
}
static bool is_close(uint32_t cp) { return cp == 0x201D || cp == 0x2019 || cp == 0xBB; }

static bool letter_at(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return false;
    uint32_t cp;
    utf8_decode(s + i, len - i, &cp);
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp >= 0xC0;
}

static uint32_t sent_of(const nev_doc *d, uint32_t off)
{
    uint32_t lo = 0, hi = d->sents.n;
    while (lo + 1 < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (SENT(d, mid).off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* say tell add write state note insist claim declare warn stress explain according tweet
 * post announce report quote reply answer continue conclude argue agree ask, by first letter */
static bool reporting_word(const char *s)
{
    switch (s[0]) {
    case 'a':
        return !strcmp(s, "add") || !strcmp(s, "according") || !strcmp(s, "answer") ||
               !strcmp(s, "argue") || !strcmp(s, "agree") || !strcmp(s, "ask") ||
               !strcmp(s, "announce");
    case 'c':
        return !strcmp(s, "claim") || !strcmp(s, "continue") || !strcmp(s, "conclude");
    case 'd':
        return !strcmp(s, "declare");
    case 'e':
        return !strcmp(s, "explain");
    case 'i':
        return !strcmp(s, "insist");
    case 'n':
        return !strcmp(s, "note");
    case 'p':
        return !strcmp(s, "post");
    case 'q':
        return !strcmp(s, "quote");
    case 'r':
        return !strcmp(s, "report") || !strcmp(s, "reply");
    case 's':
        return !strcmp(s, "say") || !strcmp(s, "state") || !strcmp(s, "stress");
    case 't':
        return !strcmp(s, "tell") || !strcmp(s, "tweet");
    case 'w':
        return !strcmp(s, "write") || !strcmp(s, "warn");
    default:
        return false;
    }
}

/* The token's lemma or form is a reporting word. */
static bool reporting(const token *t)
{
    return (t->lemma && reporting_word(t->lemma)) || reporting_word(t->norm);
}

/* Person of token range [t0, t1): a person mention, or "he"/"she" resolved. */
/* Is person mention m in subject position: no verb between its sentence's start and it? */
static bool subject_position(const nev_doc *d, const mention *m)
{
    const sentence *se = &SENT(d, m->sent);
    for (uint32_t i = se->tok0; i < m->t0; i++) {
        if (pos_is_verb(TOK(d, i).pos) || TOK(d, i).pos == POS_MD)
            return false;
        if (TOK(d, i).flags & TF_QUOTED)
            return false;
    }
    return true;
}

/* "he said": the speaker of the last attributed quote within three sentences, else the last
 * person named as a subject there ("Petrovsky told reporters ... he said"), else the last
 * person named. */
static int32_t pronoun_speaker(const nev_doc *d, uint32_t at, const char **name, char *code)
{
    uint32_t s_at = sent_of(d, TOK(d, at).off);
    for (int32_t k = (int32_t)d->quotes.n - 1; k >= 0; k--) {
        const quote *q = &VEC_AT(d->quotes, quote, (uint32_t)k);
        if (s_at - q->sent > 3)
            break;
        /* a person named as a subject after that quote is the newer antecedent
         * ("Lithuanian President Nauseda also believes ... "We are ...," he said") */
        bool newer = false;
        for (int32_t j = (int32_t)d->ments.n - 1; j >= 0 && !newer; j--) {
            const mention *m = &MENT(d, (uint32_t)j);
            if (m->t0 >= at || m->sent <= q->sent)
                continue;
            newer = m->kind == AK_PERSON && (m->person >= 0 || m->name) && subject_position(d, m) &&
                    !(TOK(d, m->t0).flags & TF_QUOTED);
        }
        if (newer)
            break;
        if (q->speaker && q->off < TOK(d, at).off) {
            *name = q->speaker;
            snprintf(code, 12, "%s", q->code);
            return q->person;
        }
    }
    const mention *last = NULL;
    for (int32_t k = (int32_t)d->ments.n - 1; k >= 0; k--) {
        const mention *m = &MENT(d, (uint32_t)k);
        if (m->t0 >= at || m->kind != AK_PERSON || (m->person < 0 && !m->name))
            continue;
        if (!last)
            last = m;
        if (s_at - m->sent > 3)
            break;
        if (subject_position(d, m)) {
            last = m;
            break;
        }
    }
    if (!last)
        return -2;
    *name =
        last->person >= 0 ? VEC_AT(d->persons, person, (uint32_t)last->person).name : last->name;
    snprintf(code, 12, "%s", last->code);
    return last->person;
}

static int32_t person_in(const nev_doc *d, uint32_t t0, uint32_t t1, const char **name,
                         char *code, bool pronouns)
{
    for (uint32_t i = t0; i < t1; i++) {
        const token *t = &TOK(d, i);
        if (t->flags & TF_QUOTED)
            continue;
        if (t->ment >= 0) {
            const mention *m = &MENT(d, (uint32_t)t->ment);
            /* a person with a name; "the South African archbishop" (a role with no name)
             * is a reference to one, resolved by role_reference */
            if (m->kind == AK_PERSON && (m->person >= 0 || m->name)) {
                *name =
                    m->person >= 0 ? VEC_AT(d->persons, person, (uint32_t)m->person).name : m->name;
                snprintf(code, 12, "%s", m->code);
                return m->person >= 0 ? m->person : 0;
            }
        }
        if (pronouns && (tok_is(t, "he") || tok_is(t, "she")))
            return pronoun_speaker(d, i, name, code);
        /* "the agency quoted him as saying" */
        if (pronouns && (tok_is(t, "him") || tok_is(t, "her")) && i > t0 &&
            TOK(d, i - 1).lemma && !strcmp(TOK(d, i - 1).lemma, "quote"))
            return pronoun_speaker(d, i, name, code);
    }
    return -2;
}

/* The last person named with this title word near the name ("Archbishop Desmond Tutu" for
 * "the archbishop added"), within `max_sents` sentences, or -2. */
static int32_t person_with_title(const nev_doc *d, uint32_t before, uint32_t max_sents,
                                 const char *title, const char *cc, const char **name,
                                 char *code)
{
    uint32_t s_idx = sent_of(d, TOK(d, before < d->toks.n ? before : d->toks.n - 1).off);
    for (int32_t k = (int32_t)d->ments.n - 1; k >= 0; k--) {
        const mention *m = &MENT(d, (uint32_t)k);
        if (m->t0 >= before || m->kind != AK_PERSON || (m->person < 0 && !m->name))
            continue;
        if (s_idx - m->sent > max_sents * 4)
            break;
        if (cc && strncmp(m->code, cc, 3) != 0)
            continue; /* "the President of Poland" is Poland's */
        uint32_t from = m->t0 >= 3 ? m->t0 - 3 : 0;
        for (uint32_t i = from; i < m->t1; i++)
            if (strcmp(TOK(d, i).norm, title) == 0) {
                *name = m->person >= 0 ? VEC_AT(d->persons, person, (uint32_t)m->person).name
                                       : m->name;
                snprintf(code, 12, "%s", m->code);
                return m->person;
            }
    }
    return -2;
}

/* The last person named before token `before`, within `max_sents` sentences. */
static int32_t last_person(const nev_doc *d, uint32_t before, uint32_t max_sents,
                           const char **name, char *code)
{
    uint32_t s_now = TOK(d, before < d->toks.n ? before : d->toks.n - 1).off;
    uint32_t s_idx = sent_of(d, s_now);
    for (int32_t k = (int32_t)d->ments.n - 1; k >= 0; k--) {
        const mention *m = &MENT(d, (uint32_t)k);
        if (m->t0 >= before || m->kind != AK_PERSON || (m->person < 0 && !m->name))
            continue;
        if (s_idx - m->sent > max_sents)
            return -2;
        *name = m->person >= 0 ? VEC_AT(d->persons, person, (uint32_t)m->person).name : m->name;
        snprintf(code, 12, "%s", m->code);
        return m->person;
    }
    return -2;
}

/* A definite role noun standing for a person named before: "the Deputy Prime Minister",
 * "the archbishop". */
static bool role_reference(const nev_doc *d, uint32_t t0, uint32_t t1, const char **title)
{
    for (uint32_t i = t0; i + 1 < t1; i++) {
        if (!tok_is(&TOK(d, i), "the"))
            continue;
        for (uint32_t j = i + 1; j < t1 && j < i + 5; j++) {
            const token *t = &TOK(d, j);
            const actor_entry *e = actor_lookup_kind(d->m, t->norm, t->norm_len, AK_TITLE);
            *title = t->norm;
            /* the title heads the phrase: not "the official Korean Central News Agency" */
            bool head =
                !(j + 1 < t1 && (TOK(d, j + 1).pos == POS_NNP || TOK(d, j + 1).pos == POS_NN ||
                                 TOK(d, j + 1).pos == POS_NNS || TOK(d, j + 1).pos == POS_NNPS));
            if (e && head)
                return true;
            /* multi-word titles: "prime minister" */
            if (j + 1 < t1) {
                char key[128];
                int kl = snprintf(key, sizeof key, "%s %s", t->norm, TOK(d, j + 1).norm);
                if (kl > 0 && (size_t)kl < sizeof key) {
                    e = actor_lookup_kind(d->m, key, (size_t)kl, AK_TITLE);
                    if (e) {
                        *title = TOK(d, j + 1).norm; /* "prime minister": "minister" */
                        return true;
                    }
                }
            }
            if (!(pos_is_adj(t->pos) || t->pos == POS_NNP || t->pos == POS_NN))
                break;
        }
    }
    return false;
}

/* The country a role reference names ("the President of Poland", "the Polish president"):
 * the first country or country adjective after "the" among its few words, or NULL. */
static const char *ref_country(const nev_doc *d, uint32_t t0, uint32_t t1)
{
    for (uint32_t i = t0; i + 1 < t1; i++) {
        if (!tok_is(&TOK(d, i), "the"))
            continue;
        for (uint32_t j = i + 1; j < t1 && j < i + 6; j++) {
            const token *t = &TOK(d, j);
            if (t->ment >= 0) {
                const mention *m = &MENT(d, (uint32_t)t->ment);
                /* ("the President of Kenya" is one role mention, KENGOV) */
                if ((m->kind == AK_COUNTRY || m->kind == AK_ADJ || m->kind == AK_AGENT) &&
                    strlen(m->code) >= 3)
                    return m->code;
            }
            if (pos_is_verb(t->pos) || t->pos == POS_PUNCT || t->pos == POS_COMMA)
                break;
        }
        return NULL;
    }
    return NULL;
}

static bool only_punct(const nev_doc *d, uint32_t t0, uint32_t t1)
{
    for (uint32_t i = t0; i < t1; i++) {
        const token *t = &TOK(d, i);
        if (t->flags & TF_QUOTED)
            continue;
        if (t->norm_len == 1 && !((t->norm[0] >= 'a' && t->norm[0] <= 'z') ||
                                  (t->norm[0] >= '0' && t->norm[0] <= '9')))
            continue;
        if (t->len >= 3 && (unsigned char)d->text[t->off] == 0xE2)
            continue; /* curly marks, dashes */
        return false;
    }
    return true;
}

static int add_quote(nev_doc *d, uint32_t qs, uint32_t qe)
{
    /* trim space and trailing commas */
    while (qs < qe && (d->text[qs] == ' ' || d->text[qs] == '\n'))
        qs++;
    while (qe > qs && (d->text[qe - 1] == ' ' || d->text[qe - 1] == ',' || d->text[qe - 1] == '\n'))
        qe--;
    if (qe <= qs)
        return NEV_OK;
    uint32_t s0 = sent_of(d, qs), s1 = sent_of(d, qe - 1);
    if (SENT(d, s0).dup_of >= 0 || SENT(d, s1).dup_of >= 0)
        return NEV_OK;
    /* the same text quoted twice counts once */
    for (uint32_t i = 0; i < d->quotes.n; i++) {
        quote *o = &VEC_AT(d->quotes, quote, i);
        if (o->len == qe - qs && memcmp(d->text + o->off, d->text + qs, o->len) == 0)
            return NEV_OK;
    }
    quote q;
    memset(&q, 0, sizeof q);
    q.off = qs;
    q.len = qe - qs;
    q.sent = s0;
    q.person = -1;
    const char *name = NULL;
    char code[12] = "";
    int32_t p = -2;
    const sentence *a = &SENT(d, s0), *b = &SENT(d, s1);
    /* tokens after the quote in its last sentence, before it in its first */
    uint32_t after0 = b->tok0, after1 = b->tok0 + b->ntok;
    while (after0 < after1 && TOK(d, after0).off < qe)
        after0++;
    if (after0 < after1 && (d->text[TOK(d, after0).off] & 0x80))
        after0++; /* the closing mark */
    uint32_t before0 = a->tok0, before1 = a->tok0;
    while (before1 < a->tok0 + a->ntok && TOK(d, before1).off < qs)
        before1++;
    if (before1 > before0)
        before1--; /* the opening mark */
    bool rep_after = false, rep_before = false;
    for (uint32_t i = after0; i < after1 && i < after0 + 24; i++)
        if (!(TOK(d, i).flags & TF_QUOTED) && reporting(&TOK(d, i))) {
            rep_after = true;
            break;
        }
    for (uint32_t i = before0; i < before1; i++)
        if (!(TOK(d, i).flags & TF_QUOTED) && reporting(&TOK(d, i)))
            rep_before = true;
    /* 1. "..., X said" / "said X" / "X told AFP" */
    const char *title = NULL;
    if (rep_after) {
        p = person_in(d, after0, after1, &name, code, true);
        if (p == -2 && role_reference(d, after0, after1, &title)) {
            p = person_with_title(d, after0, 4, title, ref_country(d, after0, after1), &name, code);
            if (p == -2)
                p = last_person(d, after0, 4, &name, code);
        }
    }
    /* 2. "X said: ..." and quotes woven into X's sentence (also when the words after the
     * quote name no person: "..., Russian state news agencies reported") */
    if (p == -2) {
        p = person_in(d, before0, before1, &name, code, true);
        if (p == -2 && rep_before && role_reference(d, before0, before1, &title)) {
            p = person_with_title(d, before0, 4, title, ref_country(d, before0, before1), &name,
                                  code);
            if (p == -2)
                p = last_person(d, before0, 4, &name, code);
        }
    }
    /* 3. a quotation standing alone in its paragraph: the person the sentence before it
     * is about ("Lithuanian President Gitanas Nauseda also believes that ..."), else it
     * continues the last speaker */
    if (p == -2 && !rep_after && !rep_before && only_punct(d, after0, after1) &&
        only_punct(d, before0, before1) && s0 > 0) {
        const sentence *pv = &SENT(d, s0 - 1);
        for (uint32_t i = pv->tok0; i < pv->tok0 + pv->ntok && p == -2; i++) {
            const token *t = &TOK(d, i);
            if (t->ment < 0 || (t->flags & TF_QUOTED))
                continue;
            const mention *m = &MENT(d, (uint32_t)t->ment);
            if (m->kind == AK_PERSON && (m->person >= 0 || m->name) && subject_position(d, m)) {
                name = m->person >= 0 ? VEC_AT(d->persons, person, (uint32_t)m->person).name
                                      : m->name;
                snprintf(code, sizeof code, "%s", m->code);
                p = m->person;
            }
            i = m->t1 - 1;
        }
    }
    if (p == -2 && !rep_after && !rep_before && only_punct(d, after0, after1) &&
        only_punct(d, before0, before1)) {
        for (int32_t k = (int32_t)d->quotes.n - 1; k >= 0; k--) {
            const quote *o = &VEC_AT(d->quotes, quote, (uint32_t)k);
            if (s0 - o->sent > 4)
                break;
            if (o->speaker) {
                p = o->person;
                name = o->speaker;
                snprintf(code, sizeof code, "%s", o->code);
                break;
            }
        }
        if (p == -2)
            p = last_person(d, before0, 2, &name, code);
    }
    if (p >= -1 && name) {
        q.person = p;
        q.speaker = name;
        snprintf(q.code, sizeof q.code, "%s", code);
    }
    return vec_push(&d->ar, &d->quotes, &q) < 0 ? NEV_ENOMEM : NEV_OK;
}

int quote_run(nev_doc *d)
{
    const char *s = d->text;
    uint32_t n = d->text_len;
    bool in = false;
    uint32_t start = 0;
    for (uint32_t i = 0; i < n;) {
        /* only '"', a line break and the lead bytes of the curly marks and guillemets (E2,
         * C2) matter; the text is valid UTF-8, so other bytes are skipped one by one */
        unsigned char b = (unsigned char)s[i];
        if (b != '"' && b != '\n' && b != 0xE2 && b != 0xC2) {
            i++;
            /* then sixteen (SSE2) or eight bytes at a time while none of them is one of
             * those */
#if defined(__SSE2__)
            const __m128i q = _mm_set1_epi8('"'), nl = _mm_set1_epi8('\n'),
                          e2 = _mm_set1_epi8((char)0xE2), c2 = _mm_set1_epi8((char)0xC2);
            while (i + 16 <= n) {
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                __m128i hit =
                    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, nl)),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, e2), _mm_cmpeq_epi8(x, c2)));
                if (_mm_movemask_epi8(hit))
                    break;
                i += 16;
            }
#endif
            while (i + 8 <= n) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (swar_has_byte(x, '"') || swar_has_byte(x, '\n') || swar_has_byte(x, 0xE2) ||
                    swar_has_byte(x, 0xC2))
                    break;
                i += 8;
            }
            continue;
        }
        uint32_t cp;
        uint32_t k = (uint32_t)utf8_decode(s + i, n - i, &cp);
        bool word_before = i > 0 && letter_at(s, n, i - 1);
        if (cp == '\n' && in) {
            /* a paragraph ends an unfinished quote; news leaves it open when the quote goes
             * on in the next paragraph, which opens again */
            if (i > start + 12) {
                int rc = add_quote(d, start, i);
                if (rc)
                    return rc;
            }
            in = false;
        }
        if (!in) {
            if ((is_open(cp) || (cp == '"')) && !(cp == 0x2018 && word_before)) {
                in = true;
                start = i + k;
            }
        } else {
            bool closes = is_close(cp) || cp == '"';
            if (cp == 0x2019 && letter_at(s, n, i + k) && word_before)
                closes = false; /* an apostrophe: "Russia’s" */
            /* a straight mark after a sentence's end and a space, before a letter, opens the
             * next quoted paragraph: scraped text that lost the paragraph break ("... is
             * utterly unacceptable. "The rule of law ...") */
            if (cp == '"' && i >= 2 && s[i - 1] == ' ' &&
                (s[i - 2] == '.' || s[i - 2] == '?' || s[i - 2] == '!') &&
                letter_at(s, n, i + k)) {
                int rc = add_quote(d, start, i);
                if (rc)
                    return rc;
                start = i + k;
                i += k;
                continue;
            }
            if (closes) {
                int rc = add_quote(d, start, i);
                if (rc)
                    return rc;
                in = false;
            }
        }
        i += k;
    }
    return NEV_OK;
}
