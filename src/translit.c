/*
 * translit.c - Latin keys for words of other scripts through ICU (see translit.h). No state
 * outside the translit handle: the host tools and the library share this file.
 */
#include "translit.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "common.h"
#include "text.h"

/* Room for the romanisation of a TRANSLIT_MAX_WORD word: a Han syllable becomes up to six
 * letters and a space, a Hangul syllable up to seven letters. */
enum { TR_UCAP = 16 * TRANSLIT_MAX_WORD, TR_BCAP = 3 * TR_UCAP + 4 };

struct translit {
    const nev_alloc *alc;
    UTransliterator *tr;
    UChar u[TR_UCAP];
    char b[TR_BCAP];
    char name[TRANSLIT_NAME_CAP];
};

static int icu_error(UErrorCode e)
{
    if (e == U_MEMORY_ALLOCATION_ERROR)
        return NEV_ENOMEM;
    if (e == U_BUFFER_OVERFLOW_ERROR || e == U_STRING_NOT_TERMINATED_WARNING)
        return NEV_ELIMIT;
    return NEV_EDATA;
}

int translit_open(translit **out, const nev_alloc *alc)
{
    *out = NULL;
    translit *t = nev_calloc(alc, 1, sizeof *t);
    if (!t)
        return NEV_ENOMEM;
    t->alc = alc;
    UChar id[sizeof TRANSLIT_ID];
    u_uastrncpy(id, TRANSLIT_ID, (int32_t)(sizeof id / sizeof *id));
    UErrorCode st = U_ZERO_ERROR;
    t->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st) || !t->tr) {
        if (t->tr)
            utrans_close(t->tr);
        nev_free(alc, t);
        return U_FAILURE(st) ? icu_error(st) : NEV_EDATA;
    }
    *out = t;
    return NEV_OK;
}

void translit_close(translit *t)
{
    if (!t)
        return;
    utrans_close(t->tr);
    nev_free(t->alc, t);
}

char *translit_namebuf(translit *t)
{
    return t->name;
}

bool translit_wanted(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        if (!u_isalpha((UChar32)cp))
            continue;
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript((UChar32)cp, &st);
        if (U_SUCCESS(st) && sc != USCRIPT_LATIN && sc != USCRIPT_COMMON &&
            sc != USCRIPT_INHERITED)
            return true;
    }
    return false;
}

int translit_word(translit *t, const char *s, size_t len, char *out, size_t cap, size_t *n)
{
    *n = 0;
    if (cap)
        out[0] = '\0';
    if (!t || !s || cap == 0)
        return NEV_EINVAL;
    if (len > 4 * TRANSLIT_MAX_WORD)
        return NEV_ELIMIT;
    UErrorCode st = U_ZERO_ERROR;
    int32_t ulen = 0;
    /* the text is valid UTF-8; a stray byte becomes U+FFFD rather than an error */
    u_strFromUTF8WithSub(t->u, TRANSLIT_MAX_WORD, &ulen, s, (int32_t)len, 0xFFFD, NULL, &st);
    if (U_FAILURE(st) || ulen > TRANSLIT_MAX_WORD)
        return st == U_BUFFER_OVERFLOW_ERROR || ulen > TRANSLIT_MAX_WORD ? NEV_ELIMIT
                                                                          : icu_error(st);
    int32_t limit = ulen;
    utrans_transUChars(t->tr, t->u, &ulen, TR_UCAP, 0, &limit, &st);
    if (U_FAILURE(st))
        return icu_error(st);
    int32_t blen = 0;
    u_strToUTF8(t->b, TR_BCAP, &blen, t->u, ulen, &st);
    if (U_FAILURE(st) || blen >= TR_BCAP)
        return U_FAILURE(st) ? icu_error(st) : NEV_ELIMIT;
    /* one word: drop the spaces between romanised Han syllables */
    size_t k = 0;
    for (int32_t i = 0; i < blen; i++)
        if (t->b[i] != ' ' && t->b[i] != '\t' && t->b[i] != '\n')
            t->b[k++] = t->b[i];
    size_t m = text_fold(t->b, k, out, cap);
    if (m >= cap) {
        out[0] = '\0';
        return NEV_ELIMIT;
    }
    /* a romanised hamza or ayn at either end ("'abbas") says nothing in English spelling */
    size_t a = 0;
    while (a < m && (out[a] == '\'' || out[a] == '-'))
        a++;
    while (m > a && (out[m - 1] == '\'' || out[m - 1] == '-'))
        m--;
    memmove(out, out + a, m - a);
    out[m - a] = '\0';
    *n = m - a;
    return NEV_OK;
}

static bool space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000;
}

int translit_phrase(translit *t, const char *s, size_t len, char *out, size_t cap, size_t *n)
{
    *n = 0;
    if (cap == 0)
        return NEV_EINVAL;
    out[0] = '\0';
    size_t o = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (space_cp(cp)) {
            i += k;
            continue;
        }
        size_t w = i; /* the word s[w..i) */
        while (i < len) {
            k = utf8_decode(s + i, len - i, &cp);
            if (space_cp(cp))
                break;
            i += k;
        }
        if (o + 2 >= cap)
            return NEV_ELIMIT;
        char *dst = out + o + (o ? 1 : 0);
        size_t room = cap - o - (o ? 1 : 0), wn;
        if (translit_wanted(s + w, i - w)) {
            int rc = translit_word(t, s + w, i - w, dst, room, &wn);
            if (rc != NEV_OK)
                return rc;
        } else {
            wn = text_fold(s + w, i - w, dst, room);
            if (wn >= room)
                return NEV_ELIMIT;
        }
        if (wn == 0)
            continue;
        if (o)
            out[o] = ' ';
        o += (o ? 1 : 0) + wn;
        out[o] = '\0';
    }
    *n = o;
    return NEV_OK;
}

int translit_key(const nev_alloc *alc, const char *s, size_t len, char *out, size_t cap,
                 size_t *n)
{
    *n = 0;
    if (cap == 0)
        return NEV_EINVAL;
    if (!translit_wanted(s, len)) {
        *n = text_fold(s, len, out, cap);
        return *n < cap ? NEV_OK : NEV_ELIMIT;
    }
    translit *t;
    int rc = translit_open(&t, alc);
    if (rc != NEV_OK)
        return rc;
    rc = translit_phrase(t, s, len, out, cap, n);
    translit_close(t);
    return rc;
}
