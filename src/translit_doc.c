/*
 * translit_doc.c - the transliteration stage (see translit.h): words of other scripts get
 * Latin folded forms so the actor dictionary, the gazetteer and surname links see "putin" for
 * "Путин"; persons named in another script get a Latin display name.
 */
#include "internal.h"
#include "translit.h"

#include <string.h>
#include <unicode/uchar.h>

/* The document's transliterator, opened on first use. NEV_OK with *tr NULL when ICU cannot
 * build it: the record says so once and the words keep their own-script forms. */
static int doc_translit(nev_doc *d, translit **tr)
{
    *tr = d->translit;
    if (*tr)
        return NEV_OK;
    int rc = translit_open(&d->translit, &d->m->alc);
    if (rc == NEV_ENOMEM)
        return rc;
    if (rc != NEV_OK)
        return doc_warn(d, "transliteration unavailable (%s): names in other scripts are not "
                           "matched", nev_strerror(rc));
    *tr = d->translit;
    return NEV_OK;
}

int translit_run(nev_doc *d)
{
    char key[256];
    /* text[lo, hi) is known to be ASCII: a token inside it wants no transliteration (most
     * tokens; translit_wanted is asked only about the others) */
    uint32_t lo = 0, hi = (uint32_t)text_ascii_prefix(d->text, d->text_len);
    if (hi == d->text_len)
        return NEV_OK; /* an ASCII text (most news): no token wants it, no pass over them */
    for (uint32_t i = 0; i < d->toks.n; i++) {
        token *t = &TOK(d, i);
        const char *w = d->text + t->off;
        if (t->off >= hi || t->off < lo) {
            lo = t->off;
            hi = lo + (uint32_t)text_ascii_prefix(d->text + lo, d->text_len - lo);
        }
        if (t->off + t->len <= hi)
            continue;
        if (!translit_wanted(w, t->len))
            continue;
        translit *tr;
        int rc = doc_translit(d, &tr);
        if (rc != NEV_OK)
            return rc;
        if (!tr)
            return NEV_OK;
        size_t n;
        rc = translit_word(tr, w, t->len, key, sizeof key, &n);
        if (rc == NEV_ENOMEM)
            return rc;
        if (rc != NEV_OK || n == 0)
            continue; /* too long for a name, or nothing left: keep the own-script form */
        char *norm = arena_strndup(&d->ar, key, n);
        if (!norm)
            return NEV_ENOMEM;
        t->norm = norm;
        t->norm_len = (uint16_t)n;
        d->tok_hash[i] = strmap_hash(norm, n);
        t->lemma = norm;
        if (memchr(norm, '-', n))
            t->flags |= TF_HYPHEN;
        /* capitalised: an upper-case first letter (also Є, І, Ї, Ґ, Ў, Ј...), or a letter of a
         * script without case, which in English news is a name */
        uint32_t cp;
        utf8_decode(w, t->len, &cp);
        if (u_isupper((UChar32)cp) || u_istitle((UChar32)cp) ||
            (u_isalpha((UChar32)cp) && !u_hasBinaryProperty((UChar32)cp, UCHAR_CASED)))
            t->flags |= TF_CAP;
        if ((t->flags & TF_CAP) && !(t->flags & TF_CAPSENT) &&
            (t->pos == POS_NN || t->pos == POS_NNS || pos_is_adj(t->pos) || t->pos == POS_FW))
            t->pos = POS_NNP;
    }
    return NEV_OK;
}

/* "ivan petrov" -> "Ivan Petrov", "bashar al-assad" -> "Bashar al-Assad" into o (n + 1
 * bytes) */
static void title_case(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    o[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        bool start = i == 0 || o[i - 1] == ' ' || o[i - 1] == '(';
        if (start && i + 3 < n && (o[i] == 'a' || o[i] == 'e') && o[i + 1] == 'l' &&
            o[i + 2] == '-') {
            i += 2; /* the Arabic article stays in lower case; the name after it does not */
            if (o[i + 1] >= 'a' && o[i + 1] <= 'z')
                o[i + 1] = (char)(o[i + 1] - 32);
            continue;
        }
        if (start && o[i] >= 'a' && o[i] <= 'z')
            o[i] = (char)(o[i] - 32);
    }
}

void translit_name(nev_doc *d, const char **name, size_t *len)
{
    /* the tokens of the name were transliterated by translit_run, which opened d->translit;
     * without it the name stays as written */
    translit *tr = d->translit;
    if (!tr || !translit_wanted(*name, *len))
        return;
    char key[TRANSLIT_NAME_CAP];
    size_t n;
    if (translit_phrase(tr, *name, *len, key, sizeof key, &n) != NEV_OK || n == 0)
        return;
    uint32_t cnt;
    const actor_entry *e = actor_lookup(d->m, key, n, &cnt);
    const char *src = e && e->kind == AK_PERSON ? e->name : key;
    size_t sl = strlen(src);
    if (sl >= TRANSLIT_NAME_CAP)
        return;
    char *o = translit_namebuf(tr);
    title_case(o, src, sl);
    *name = o;
    *len = sl;
}

void translit_doc_free(nev_doc *d)
{
    translit_close(d->translit);
    d->translit = NULL;
}
