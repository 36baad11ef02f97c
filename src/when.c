/*
 * when.c - dates of sentences: relative expressions resolved against the article date
 * ("on Tuesday" = the latest Tuesday on or before the article date, "yesterday", "last
 * week", "in March", "March 24", "overnight"). A sentence without one takes the article date,
 * and the record says which.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct word {
    const char *s;
    uint8_t len;
} word;
#define W(s) {s, sizeof s - 1}

static const word weekdays[] = {W("monday"), W("tuesday"), W("wednesday"), W("thursday"),
                                W("friday"), W("saturday"), W("sunday")};
static const word months[] = {W("january"), W("february"), W("march"), W("april"), W("may"),
                              W("june"), W("july"), W("august"), W("september"), W("october"),
                              W("november"), W("december")};

static int weekday_of(const token *t)
{
    if (t->norm_len < 6 || t->norm_len > 9)
        return -1;
    for (int i = 0; i < 7; i++)
        if (weekdays[i].len == t->norm_len && memcmp(t->norm, weekdays[i].s, t->norm_len) == 0)
            return i;
    return -1;
}

/* "march", or the first three letters and a period ("mar."). */
static int month_of(const token *t)
{
    if (t->norm_len < 3 || t->norm_len > 9)
        return 0;
    /* the months' first letters: j f m a s o n d (most capitalised words stop here) */
    unsigned c0 = (unsigned char)t->norm[0] - 'a';
    if (c0 >= 26 || !(((1u << ('j' - 'a')) | (1u << ('f' - 'a')) | (1u << ('m' - 'a')) |
                       (1u << ('a' - 'a')) | (1u << ('s' - 'a')) | (1u << ('o' - 'a')) |
                       (1u << ('n' - 'a')) | (1u << ('d' - 'a'))) >> c0 & 1))
        return 0;
    for (int i = 0; i < 12; i++) {
        if (months[i].len == t->norm_len && memcmp(t->norm, months[i].s, t->norm_len) == 0)
            return i + 1;
        if (t->norm_len == 4 && memcmp(t->norm, months[i].s, 3) == 0 && t->norm[3] == '.')
            return i + 1;
    }
    return 0;
}

/* For each length (its low four bits) and first letter (its low five bits) of the words
 * when_run looks for (the relative days, "week", weekdays, months and their "mar."
 * abbreviations), their second letters: one probe settles most tokens without a
 * data-dependent branch. */
#define LBIT(ch) ((uint32_t)1 << ((ch) & 31))
static const uint32_t when_second[16][32] = {
    [3] = {['m' & 31] = LBIT('a')},
    [4] = {['a' & 31] = LBIT('p') | LBIT('u'), ['d' & 31] = LBIT('e'), ['f' & 31] = LBIT('e'),
           ['j' & 31] = LBIT('a') | LBIT('u'), ['m' & 31] = LBIT('a'), ['n' & 31] = LBIT('o'),
           ['o' & 31] = LBIT('c'), ['s' & 31] = LBIT('e'), ['w' & 31] = LBIT('e')},
    [5] = {['a' & 31] = LBIT('p'), ['m' & 31] = LBIT('a'), ['t' & 31] = LBIT('o')},
    [6] = {['a' & 31] = LBIT('u'), ['f' & 31] = LBIT('r'), ['m' & 31] = LBIT('o'),
           ['s' & 31] = LBIT('u')},
    [7] = {['j' & 31] = LBIT('a'), ['o' & 31] = LBIT('c'), ['t' & 31] = LBIT('o') | LBIT('u')},
    [8] = {['d' & 31] = LBIT('e'), ['f' & 31] = LBIT('e'), ['n' & 31] = LBIT('o'),
           ['s' & 31] = LBIT('a'), ['t' & 31] = LBIT('h') | LBIT('o')},
    [9] = {['o' & 31] = LBIT('v'), ['s' & 31] = LBIT('e'), ['w' & 31] = LBIT('e'),
           ['y' & 31] = LBIT('e')},
};

/* 1970-01-01 was a Thursday (index 3 with Monday = 0). */
static int dow(int32_t days) { return (int)(((days % 7) + 7 + 3) % 7); }

int when_run(nev_doc *d)
{
    if (d->date == INT32_MIN)
        return NEV_OK;
    int ay, am, ad;
    civil_from_days(d->date, &ay, &am, &ad);
    for (uint32_t s = 0; s < d->sents.n; s++) {
        sentence *se = &SENT(d, s);
        if (se->dup_of >= 0)
            continue;
        uint32_t end = se->tok0 + se->ntok;
        for (uint32_t i = se->tok0; i < end && se->date == INT32_MIN; i++) {
            const token *t = &TOK(d, i);
            const unsigned char *ns = (const unsigned char *)t->norm;
            if (!(when_second[t->norm_len & 15][ns[0] & 31] >> (ns[t->norm_len != 0] & 31) & 1))
                continue; /* none of the words (every test below needs one) */
            const token *prev = i > se->tok0 ? &TOK(d, i - 1) : NULL;
            bool cap = (t->flags & (TF_CAP | TF_CAPSENT)) != 0;
            int wd = cap ? weekday_of(t) : -1;
            if (wd >= 0) {
                int back = (dow(d->date) - wd + 7) % 7;
                bool next = prev && tok_is(prev, "next");
                if (next)
                    se->date =
                        d->date + ((wd - dow(d->date) + 7) % 7 ? (wd - dow(d->date) + 7) % 7 : 7);
                else
                    se->date = d->date - back;
                continue;
            }
            /* (the words below by their lengths: most tokens have none of them) */
            uint16_t l = t->norm_len;
            if (l == 9 && tok_is(t, "yesterday")) {
                se->date = d->date - 1;
                continue;
            }
            if ((l == 5 && tok_is(t, "today")) || (l == 7 && tok_is(t, "tonight")) ||
                (l == 9 && tok_is(t, "overnight"))) {
                se->date = d->date;
                continue;
            }
            if (l == 8 && tok_is(t, "tomorrow")) {
                se->date = d->date + 1;
                continue;
            }
            if (l == 4 && prev && tok_is(prev, "last") && tok_is(t, "week")) {
                se->date = d->date - 7;
                continue;
            }
            int mo = cap ? month_of(t) : 0;
            if (mo && !(mo == 5 && t->pos == POS_MD)) {
                int day = 1;
                if (i + 1 < end && TOK(d, i + 1).pos == POS_CD) {
                    int v = atoi(TOK(d, i + 1).norm);
                    if (v >= 1 && v <= 31)
                        day = v;
                } else if (prev && prev->pos == POS_CD) {
                    int v = atoi(prev->norm);
                    if (v >= 1 && v <= 31)
                        day = v;
                }
                int y = ay;
                if (i + 2 < end && TOK(d, i + 2).norm_len == 4 && TOK(d, i + 2).pos == POS_CD)
                    y = atoi(TOK(d, i + 2).norm);
                else if (i + 1 < end && TOK(d, i + 1).norm_len == 4 && TOK(d, i + 1).pos == POS_CD)
                    y = atoi(TOK(d, i + 1).norm);
                int32_t dd = days_from_civil(y, mo, day);
                if (y == ay && dd > d->date + 1)
                    dd = days_from_civil(y - 1, mo, day); /* "in March" said in February */
                se->date = dd;
            }
        }
    }
    return NEV_OK;
}
