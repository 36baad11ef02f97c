/*
 * segment.c - tokens, sentences and cleaning.
 *
 * Input: doc->text (valid UTF-8). Output: doc->toks (spans into the text with folded forms),
 * doc->sents (spans and token ranges), and sentence.dup_of for sentences that repeat an
 * earlier one: reprinted paragraphs and image captions that repeat a sentence with
 * "(pictured)" or "(File image)" added. Repeats keep their offsets but are not coded.
 *
 * Tokens: words keep inner hyphens and apostrophes ("Jong-un", "O'Brien"); the possessive
 * "'s" and "n't" are split off; an abbreviation keeps its period ("U.S.", "Gen.", "Jan.");
 * numbers keep their separators ("3,200", "1950-53"); every quote mark, bracket, dash and
 * other punctuation is a token of its own.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Abbreviations whose period is part of the word. Closed set, folded, in byte order (in_list). */
static const char *const abbrevs[] = {
    "a.m", "adm", "al", "approx", "apr", "assn", "aug", "bros", "capt", "cf", "cmdr", "co",
    "col", "corp", "cpl", "d.c", "dec", "dept", "dr", "e.g", "e.u", "est", "etc", "feb", "fr",
    "fri", "ft", "gen", "gov", "gov't", "govt", "hon", "i.e", "inc", "insp", "jan", "jr", "jul",
    "jun", "lt", "ltd", "maj", "mar", "messrs", "mlle", "mme", "mon", "mr", "mrs", "ms", "mt",
    "no", "nos", "nov", "oct", "p.m", "ph.d", "plc", "pres", "prof", "rep", "rev", "sat", "sen",
    "sep", "sept", "sgt", "sr", "st", "sun", "supt", "thu", "thur", "thurs", "tue", "tues",
    "u.k", "u.n", "u.s", "u.s.s.r", "univ", "vol", "vs", "wed",
};
#define ABBREV_MAX 7 /* the longest of them ("u.s.s.r") */
/* Of those, the ones that never end a sentence (a name or number always follows); in byte
 * order. */
static const char *const abbrevs_title[] = {
    "adm", "apr", "aug", "capt", "cmdr", "col", "cpl", "dec", "dr", "feb", "fr", "gen", "gov",
    "hon", "insp", "jan", "jul", "jun", "lt", "maj", "mar", "messrs", "mlle", "mme", "mr",
    "mrs", "ms", "mt", "no", "nos", "nov", "oct", "prof", "rep", "rev", "sen", "sep", "sept",
    "sgt", "st", "supt", "vol", "vs",
};

/* Is s (len bytes) in the list? The lists are in byte order: a binary search finds the words
 * with s's first byte, and only those are compared. (The search halves a count that depends
 * on n alone, choosing the half with no branch: its steps, data the predictor cannot guess,
 * cost no mispredicts.) */
#if defined(__GNUC__)
__attribute__((always_inline)) /* (n a constant: the search unrolled) */
#endif
static inline bool in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    const char *const *base = list;
    for (size_t m = n; m > 1;) {
        size_t half = m / 2;
        base += half & -(size_t)((unsigned char)base[half - 1][0] < c); /* (a mask: no jump) */
        m -= half;
    }
    size_t lo = (size_t)(base - list) + (n && (unsigned char)(*base)[0] < c);
    for (; lo < n && (unsigned char)list[lo][0] == c; lo++)
        if (strlen(list[lo]) == len && memcmp(list[lo], s, len) == 0)
            return true;
    return false;
}

static bool is_space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000 ||
           c == 0x2028 || c == 0x2029;
}

static bool is_alnum_cp(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    /* letters of the Latin, Greek, Cyrillic, Arabic, Hebrew and CJK blocks */
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F) ||
           (c >= 0x590 && c <= 0x6FF) || (c >= 0x1E00 && c <= 0x1EFF) ||
           (c >= 0x3040 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF);
}

static bool is_upper_cp(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x410 && c <= 0x42F) || (c >= 0x391 && c <= 0x3A9);
}

static bool is_lower_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
           (c >= 0x430 && c <= 0x44F);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The folded form and case flags of a token that is not ASCII (kept out of push_token, whose
 * ASCII path is the hot one). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int fold_utf8(nev_doc *d, token *t)
{
    char buf[256];
    size_t fn = text_fold(d->text + t->off, t->len, buf, sizeof buf);
    if (fn >= sizeof buf)
        fn = sizeof buf - 1;
    t->norm = arena_strndup(&d->ar, buf, fn);
    if (!t->norm)
        return NEV_ENOMEM;
    t->norm_len = (uint16_t)fn;
    /* case flags from the original text */
    uint32_t cp;
    utf8_decode(d->text + t->off, t->len, &cp);
    if (is_upper_cp(cp))
        t->flags |= TF_CAP;
    int up = 0, low = 0;
    for (uint32_t i = 0; i < t->len;) {
        i += (uint32_t)utf8_decode(d->text + t->off + i, t->len - i, &cp);
        up += is_upper_cp(cp);
        low += is_lower_cp(cp);
    }
    if (up >= 2 && low == 0)
        t->flags |= TF_ALLCAP;
    return NEV_OK;
}

/* The folded forms of ASCII tokens are carved from blocks of the arena: one arena call per
 * block instead of one per token. The pool also notes, for the passes after tokenize, where
 * they have work: the tokens in capitals and the first quote mark. */
typedef struct norm_pool {
    char *next;
    size_t left;
    vec allcaps;          /* indexes of the TF_ALLCAP tokens, ascending (uint32_t) */
    uint32_t first_quote; /* the first token that may be a quote mark (UINT32_MAX: none) */
} norm_pool;

static inline char *pool_alloc(nev_doc *d, norm_pool *p, size_t n)
{
    if (p->left < n) {
        size_t sz = n > 4096 ? n : 4096;
        p->next = arena_alloc(&d->ar, sz);
        if (!p->next)
            return NULL;
        p->left = sz;
    }
    char *r = p->next;
    p->next += n;
    p->left -= n;
    return r;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* push_token's fold of a token of 8 to 255 bytes, eight bytes at a time as its short-token path
 * does; the last eight end with the token (overlapping the ones before: their bytes are
 * written again, the same, and not counted again). *up counts to 2 at most and *low to 1,
 * all push_token's test asks. Out of line: push_token stays small enough to inline. Returns
 * len (the bytes done). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint32_t fold_long(const unsigned char *w, uint32_t len, char *norm, unsigned char *high,
                          int *up, int *low)
{
    const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    uint64_t all = 0, lows = 0;
    int ups = 0;
    for (uint32_t i = 0; i < len; i += 8) {
        uint32_t at = i + 8 <= len ? i : len - 8;
        uint64_t x;
        memcpy(&x, w + at, 8);
        uint64_t fresh = ~0ull << (8 * (i - at)); /* the bytes not counted yet */
        all |= x;
        uint64_t y = x | hi; /* per byte: no borrow crosses a byte below */
        uint64_t is_up = (y - 'A' * ones) & ~(y - ('Z' + 1) * ones) & hi;
        lows |= (y - 'a' * ones) & ~(y - ('z' + 1) * ones) & hi & fresh;
        uint64_t u = is_up & fresh;
        if (u)
            ups += u & (u - 1) ? 2 : 1;
        uint64_t folded = x + (is_up >> 2); /* +32 on upper-case letters */
        memcpy(norm + at, &folded, 8);
    }
    *high = all & hi ? 0x80 : 0;
    *up = ups;
    *low = lows != 0;
    return len;
}
#endif

/* Notes the token being made (index d->toks.n) as one in capitals. */
static int note_allcap(nev_doc *d, norm_pool *pool)
{
    uint32_t *slot = vec_slot(&d->ar, &pool->allcaps);
    if (!slot)
        return NEV_ENOMEM;
    *slot = d->toks.n;
    pool->allcaps.n++;
    return NEV_OK;
}

/* (always inlined: GCC otherwise calls it, a call per token) */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int push_token(nev_doc *d, norm_pool *pool, uint32_t off, uint32_t len,
                             uint8_t flags)
{
    if (d->toks.n >= NEV_MAX_TOKENS)
        return NEV_ELIMIT;
    token *tp = vec_slot(&d->ar, &d->toks); /* built in its slot: no copy through vec_push */
    if (!tp)
        return NEV_ENOMEM;
    const unsigned char *w = (const unsigned char *)d->text + off;
    /* one pass: is it ASCII, its lower-cased form (first 255 bytes, written straight into
     * the arena; a non-ASCII token leaves that copy unused) and its case counts */
    uint32_t n = len < 255 ? len : 255;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len <= 8 && off + 8 <= d->text_len && pool->left >= 16) {
        /* the usual short token: its bytes at once in one 64-bit word (SWAR; the 8 bytes
         * read stay inside the text, the 8 written inside the pool block, whose bytes past
         * the token's n + 1 the next token overwrites) */
        uint64_t x;
        memcpy(&x, w, 8);
        const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
        uint64_t m = ~0ull >> (64 - 8 * len); /* the token's bytes (len is 1 to 8) */
        x &= m;
        if (!(x & hi)) {
            uint64_t y = x | hi; /* per byte: no borrow crosses a byte below */
            uint64_t is_up = (y - 'A' * ones) & ~(y - ('Z' + 1) * ones) & hi & m;
            uint64_t is_low = (y - 'a' * ones) & ~(y - ('z' + 1) * ones) & hi & m;
            uint64_t folded = x + (is_up >> 2); /* +32 on upper-case letters */
            char *norm = pool->next;
            memcpy(norm, &folded, 8);
            norm[len] = '\0';
            pool->next += len + 1;
            pool->left -= len + 1;
            flags |= is_up & 0x80 ? TF_CAP : 0;
            if ((is_up & (is_up - 1)) && !is_low) { /* two or more capitals, no small letter */
                flags |= TF_ALLCAP;
                if (note_allcap(d, pool) != NEV_OK)
                    return NEV_ENOMEM;
            }
            /* the token written once, whole */
            *tp = (token){.off = off, .len = len, .norm = norm, .lemma = norm,
                          .norm_len = (uint16_t)len, .flags = flags, .ment = -1, .place = -1};
            d->toks.n++;
            return NEV_OK;
        }
    }
#endif
    *tp = (token){.off = off, .len = len, .flags = flags, .ment = -1, .place = -1};
    char *norm = pool_alloc(d, pool, n + 1);
    if (!norm)
        return NEV_ENOMEM;
    unsigned char high = 0;
    int up = 0, low = 0;
    uint32_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len >= 8 && len == n)
        i = fold_long(w, len, norm, &high, &up, &low);
#endif
    for (; i < n; i++) {
        unsigned char c = w[i];
        high |= c;
        int is_up = c >= 'A' && c <= 'Z';
        up += is_up;
        low += c >= 'a' && c <= 'z';
        norm[i] = (char)(is_up ? c + 32 : c);
    }
    for (i = n; i < len; i++) {
        high |= w[i];
        up += w[i] >= 'A' && w[i] <= 'Z';
        low += w[i] >= 'a' && w[i] <= 'z';
    }
    if (high < 0x80) {
        /* folding ASCII lowers letters (a token has no white space); the same case flags */
        norm[n] = '\0';
        tp->norm = norm;
        tp->norm_len = (uint16_t)n;
        if (len && w[0] >= 'A' && w[0] <= 'Z')
            tp->flags |= TF_CAP;
        if (up >= 2 && low == 0)
            tp->flags |= TF_ALLCAP;
    } else if (fold_utf8(d, tp) != NEV_OK) {
        return NEV_ENOMEM;
    }
    if ((tp->flags & TF_ALLCAP) && note_allcap(d, pool) != NEV_OK)
        return NEV_ENOMEM;
    tp->lemma = tp->norm;
    d->toks.n++;
    return NEV_OK;
}

/* Byte tables for word_len's loop (one load per byte), written out by the macros below for
 * the 128 ASCII bytes; bytes 0x80 and up are 0 (word_len decodes them). */
#define ALNUM_ASCII(c) (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') ||            \
                        ((c) >= 'A' && (c) <= 'Z'))
/* inner connectors: - ' . , : & / may continue a word ("U.S.", "1,000", "AT&T", "24/7") */
#define ENDS_WORD(c)                                                                            \
    (!ALNUM_ASCII(c) && (c) != '-' && (c) != '\'' && (c) != '.' && (c) != ',' && (c) != ':' &&   \
     (c) != '&' && (c) != '/')
#define ROW16(f, b)                                                                             \
    f((b) + 0), f((b) + 1), f((b) + 2), f((b) + 3), f((b) + 4), f((b) + 5), f((b) + 6),          \
        f((b) + 7), f((b) + 8), f((b) + 9), f((b) + 10), f((b) + 11), f((b) + 12), f((b) + 13), \
        f((b) + 14), f((b) + 15)
#define ASCII_TABLE(f)                                                                          \
    {ROW16(f, 0x00), ROW16(f, 0x10), ROW16(f, 0x20), ROW16(f, 0x30),                            \
     ROW16(f, 0x40), ROW16(f, 0x50), ROW16(f, 0x60), ROW16(f, 0x70)}

/* ASCII letters and digits */
static const uint8_t alnum_ascii[256] = ASCII_TABLE(ALNUM_ASCII);

static inline bool is_alnum_ascii(unsigned char c)
{
    return alnum_ascii[c];
}

/* ASCII bytes that end a word: neither letters nor digits nor inner connectors */
static const uint8_t ends_word[256] = ASCII_TABLE(ENDS_WORD);

/* the inner connectors, and the ASCII bytes that are not letters or digits: a connector
 * joins only when a letter or digit (or a byte of a longer character) follows it */
#define JOINS(c) (!ALNUM_ASCII(c) && !ENDS_WORD(c))
static const uint8_t joins_ascii[256] = ASCII_TABLE(JOINS);
#define NOT_ALNUM(c) (!ALNUM_ASCII(c))
static const uint8_t not_alnum_ascii[256] = ASCII_TABLE(NOT_ALNUM);

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* How many of the eight bytes at p, from the first, are ASCII letters or digits (SWAR: each
 * range test is done on the low seven bits with the top bit set, so no borrow crosses a
 * byte; bytes with the top bit set are none). */
static inline uint32_t alnum_run8(const char *p)
{
    const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t y = (x & ~hi) | hi;     /* low seven bits, top bit set */
    uint64_t f = ((x | 0x2020202020202020ull) & ~hi) | hi; /* letters folded to lower case */
    uint64_t digit = (y - 0x30 * ones) & ~(y - 0x3A * ones);
    uint64_t alpha = (f - 0x61 * ones) & ~(f - 0x7B * ones);
    uint64_t other = ~((digit | alpha) & ~x) & hi; /* top bit: not a letter or digit */
    return other ? (uint32_t)__builtin_ctzll(other) >> 3 : 8;
}
#endif

/* Length of the word starting at i (letters, digits, inner hyphens, apostrophes, dots of
 * abbreviations and numbers). Returns 0 when text[i] does not start a word. *hyphen is
 * TF_HYPHEN when an inner hyphen joins it, else 0. */
static uint32_t word_len(const char *s, uint32_t n, uint32_t i, uint32_t *split_at,
                         uint8_t *hyphen)
{
    uint32_t j = i, cp;
    bool apos = false; /* an inner apostrophe (' or ’) taken in: no n't without one */
    *split_at = 0;
    *hyphen = 0;
    size_t k;
    if ((unsigned char)s[j] < 0x80) { /* the usual first byte: no decoding */
        if (!is_alnum_ascii((unsigned char)s[j]))
            return 0;
        j++;
    } else {
        k = utf8_decode(s + j, n - j, &cp);
        if (!is_alnum_cp(cp))
            return 0;
        j += (uint32_t)k;
    }
    while (j < n) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (j + 8 <= n) { /* the letters and digits eight bytes at a time */
            uint32_t r = alnum_run8(s + j);
            j += r;
            if (r == 8)
                continue;
        }
#endif
        unsigned char b = (unsigned char)s[j];
        if (is_alnum_ascii(b)) {
            j++;
            continue;
        }
        /* an ASCII byte that is no inner connector ends the word (spaces, most marks), and
         * so does a connector before an ASCII byte that is no letter or digit ("said.",
         * "year, "), which every rule below needs: one test for the usual word end, not a
         * branch on which of the two it is and the decoding of the connector and the next */
        unsigned char b2 = j + 1 < n ? (unsigned char)s[j + 1] : ' ';
        if (ends_word[b] | (joins_ascii[b] & not_alnum_ascii[b2]))
            break;
        k = utf8_decode(s + j, n - j, &cp);
        if (is_alnum_cp(cp)) {
            j += (uint32_t)k;
            continue;
        }
        /* inner connectors: hyphen, apostrophe, period, comma between digits, slash, & */
        uint32_t next = 0;
        if (j + k < n)
            utf8_decode(s + j + k, n - j - k, &next);
        if ((cp == '-' || cp == 0x2010 || cp == 0x2011) && is_alnum_cp(next)) {
            *hyphen = TF_HYPHEN;
            j += (uint32_t)k;
            continue;
        }
        if ((cp == '\'' || cp == 0x2019) && is_alnum_cp(next)) {
            /* possessive 's and n't are split off */
            const char *after = s + j + k;
            size_t rest = n - j - k;
            bool s_end = (next == 's' || next == 'S') &&
                         (rest == 1 || !is_alnum_cp((unsigned char)after[1]));
            if (s_end) {
                *split_at = j;
                return j - i;
            }
            apos = true;
            j += (uint32_t)k;
            continue;
        }
        if ((cp == '.' || cp == ',' || cp == ':') && j > i && is_digit(s[j - 1]) &&
            next < 0x80 && is_digit((char)next)) {
            j += (uint32_t)k;
            continue;
        }
        if (cp == '.' && next < 0x80 &&
            ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z')) && j + k + 1 <= n) {
            /* U.S., U.N., Ph.D: single letters separated by periods */
            uint32_t seg = j;
            while (seg > i && is_alnum_cp((unsigned char)s[seg - 1]))
                seg--;
            if (j - seg <= 2) {
                j += (uint32_t)k;
                continue;
            }
        }
        if ((cp == '&' || cp == '/') && is_alnum_cp(next) && j > i &&
            is_upper_cp((unsigned char)s[j - 1]) && is_upper_cp(next)) {
            j += (uint32_t)k; /* AT&T */
            continue;
        }
        break;
    }
    /* n't: "didn't" -> "did" + "n't" (only a word that took in an apostrophe: the usual one,
     * with none, skips the letter compares, whose branches the predictor cannot guess) */
    if (apos && j - i > 3 && (s[j - 1] == 't' || s[j - 1] == 'T') && (s[j - 2] == '\'' ||
        (j - i > 5 && (unsigned char)s[j - 2] == 0x99 && (unsigned char)s[j - 3] == 0x80 &&
         (unsigned char)s[j - 4] == 0xE2))) {
        uint32_t ap = s[j - 2] == '\'' ? j - 2 : j - 4;
        if (ap > i && (s[ap - 1] == 'n' || s[ap - 1] == 'N'))
            *split_at = ap - 1;
    }
    return j - i;
}

static int tokenize(nev_doc *d, norm_pool *pool)
{
    const char *s = d->text;
    uint32_t n = d->text_len, i = 0;
    uint8_t pending = 0;
    /* news text has a token every five to six bytes: room for one every four, so the token
     * array is allocated once instead of doubled (and copied) seven or eight times */
    uint32_t est = n / 4 + 32;
    if (vec_reserve(&d->ar, &d->toks, est < NEV_MAX_TOKENS ? est : NEV_MAX_TOKENS) != NEV_OK)
        return NEV_ENOMEM;
    while (i < n) {
        uint32_t cp;
        uint32_t k;
        if ((unsigned char)s[i] < 0x80) {
            cp = (unsigned char)s[i];
            k = 1;
        } else {
            k = (uint32_t)utf8_decode(s + i, n - i, &cp);
        }
        if (is_space_cp(cp)) {
            pending |= TF_SPACE;
            if (cp == '\n' || cp == 0x2028 || cp == 0x2029)
                pending |= TF_NEWLINE;
            i += k;
            continue;
        }
        uint32_t split = 0;
        uint8_t hyphen;
        uint32_t wl = word_len(s, n, i, &split, &hyphen);
        int rc;
        if (wl) {
            uint32_t end = i + wl;
            pending |= hyphen; /* (the piece before a split holds the hyphen) */
            if (split) {
                if ((rc = push_token(d, pool, i, split - i, pending)) != NEV_OK)
                    return rc;
                pending = 0;
                i = split;
                /* the split-off piece: 's (apostrophe + s) or n't */
                uint32_t pl;
                if (s[i] == 'n' || s[i] == 'N')
                    pl = end - i;
                else
                    pl = (s[i] == '\'' ? 1 : 3) + 1;
                if ((rc = push_token(d, pool, i, pl, 0)) != NEV_OK)
                    return rc;
                i += pl;
                continue;
            }
            /* a trailing period belongs to an abbreviation: "Gen.", "U.S." */
            if (end < n && s[end] == '.') {
                char key[16];
                size_t kl;
                unsigned char high = 0;
                for (uint32_t q = 0; q < wl; q++)
                    high |= (unsigned char)s[i + q];
                if (high < 0x80) {
                    /* ASCII (a word has no white space): folding lowers it; longer than any
                     * abbreviation, it is none */
                    kl = wl;
                    if (kl <= ABBREV_MAX)
                        for (uint32_t q = 0; q < wl; q++)
                            key[q] = (char)(s[i + q] >= 'A' && s[i + q] <= 'Z' ? s[i + q] + 32
                                                                                : s[i + q]);
                } else {
                    kl = text_fold(s + i, wl, key, sizeof key);
                }
                bool abbr = kl <= ABBREV_MAX &&
                            in_list(abbrevs, sizeof abbrevs / sizeof *abbrevs, key, kl);
                bool initials = memchr(s + i, '.', wl) != NULL;
                bool initial = wl == 1 && is_upper_cp((unsigned char)s[i]);
                if (abbr || initials || initial)
                    end++;
            }
            if ((rc = push_token(d, pool, i, end - i, pending)) != NEV_OK)
                return rc;
            /* the usual single space after it taken here, with no branch: the test for
             * white space at the top then mostly sees what follows it, a word or a mark,
             * instead of a space after a word but none after one before a comma */
            uint32_t sp = end < n && s[end] == ' ';
            pending = (uint8_t)(-sp & TF_SPACE);
            i = end + sp;
            continue;
        }
        /* punctuation: runs of the same ASCII mark stay together ("...", "--") */
        uint32_t j = i + k;
        if ((s[i] == '"' || (unsigned char)s[i] == 0xE2 || (unsigned char)s[i] == 0xC2) &&
            d->toks.n < pool->first_quote)
            pool->first_quote = d->toks.n; /* (" “ ” ‘ ’ « »: none is a word) */
        if (cp < 0x80 && (cp == '.' || cp == '-' || cp == '!' || cp == '?'))
            while (j < n && s[j] == (char)cp)
                j++;
        if ((rc = push_token(d, pool, i, j - i, pending)) != NEV_OK)
            return rc;
        uint32_t sp = j < n && s[j] == ' '; /* (as after a word) */
        pending = (uint8_t)(-sp & TF_SPACE);
        i = j + sp;
    }
    return NEV_OK;
}

static inline bool ends_sentence(const token *t)
{
    return tok_is(t, ".") || tok_is(t, "!") || tok_is(t, "?") || tok_is(t, "...") ||
           tok_is(t, "!!") || tok_is(t, "??");
}

/* A token ending with a period that is an abbreviation which can also end a sentence
 * ("U.S.", "Inc.") ends it when a capitalised function word follows. */
static bool abbrev_may_end(const nev_doc *d, uint32_t i)
{
    const token *t = &TOK(d, i);
    if (t->len < 2 || d->text[t->off + t->len - 1] != '.')
        return false;
    char key[16];
    size_t kl = text_fold(d->text + t->off, t->len - 1, key, sizeof key);
    if (kl < sizeof key &&
        in_list(abbrevs_title, sizeof abbrevs_title / sizeof *abbrevs_title, key, kl))
        return false;
    if (t->len == 2) /* an initial: "John F. Kennedy" */
        return false;
    if (i + 1 >= d->toks.n)
        return true;
    const token *nx = &TOK(d, i + 1);
    static const char *const starters[] = {"a",  "an",  "but",  "he",  "i",    "in",   "it",
                                           "officials", "on", "she", "that", "the", "they",
                                           "this", "we"}; /* (in byte order: in_list) */
    return (nx->flags & TF_CAP) && !(nx->flags & TF_ALLCAP) &&
           in_list(starters, sizeof starters / sizeof *starters, nx->norm, nx->norm_len);
}

static bool is_close(const token *t)
{
    return tok_is(t, "\"") || tok_is(t, "'") || tok_is(t, ")") || tok_is(t, "]");
}

static int split_sentences(nev_doc *d)
{
    uint32_t n = d->toks.n, start = 0;
    for (uint32_t i = 0; i <= n; i++) {
        bool cut = false;
        uint32_t end = i; /* sentence is [start, end) */
        if (i == n) {
            cut = true;
        } else if (i > start && (TOK(d, i).flags & TF_NEWLINE)) {
            cut = true; /* paragraphs and lines end sentences */
        } else if (i == start || (is_alnum_ascii((unsigned char)TOK(d, i - 1).norm[0]) &&
                                  d->text[TOK(d, i - 1).off + TOK(d, i - 1).len - 1] != '.')) {
            continue; /* (most tokens) a word without a final period ends nothing, nor closes */
        } else if (ends_sentence(&TOK(d, i - 1))) {
            /* closing quotes and brackets after the period stay with the sentence */
            if (is_close(&TOK(d, i)) && !(TOK(d, i).flags & TF_SPACE))
                continue;
            const token *nx = &TOK(d, i);
            uint32_t cp;
            utf8_decode(d->text + nx->off, nx->len, &cp);
            cut = !is_lower_cp(cp);
        } else if (i > start + 1 && is_close(&TOK(d, i - 1)) && ends_sentence(&TOK(d, i - 2)) &&
                   (TOK(d, i).flags & TF_SPACE)) {
            cut = true;
        } else if (abbrev_may_end(d, i - 1)) {
            cut = true;
        }
        if (!cut || end == start)
            continue;
        sentence s;
        s.tok0 = start;
        s.ntok = end - start;
        s.off = TOK(d, start).off;
        s.len = TOK(d, end - 1).off + TOK(d, end - 1).len - s.off;
        s.dup_of = -1;
        s.place = -1;
        s.date = INT32_MIN;
        /* very long runs are cut so the coder's windows stay bounded */
        while (s.ntok > NEV_MAX_SENT_TOKENS) {
            sentence part = s;
            part.ntok = NEV_MAX_SENT_TOKENS;
            const token *last = &TOK(d, part.tok0 + part.ntok - 1);
            part.len = last->off + last->len - part.off;
            if (vec_push(&d->ar, &d->sents, &part) < 0)
                return NEV_ENOMEM;
            s.tok0 += NEV_MAX_SENT_TOKENS;
            s.ntok -= NEV_MAX_SENT_TOKENS;
            s.off = TOK(d, s.tok0).off;
            s.len = TOK(d, end - 1).off + TOK(d, end - 1).len - s.off;
        }
        if (vec_push(&d->ar, &d->sents, &s) < 0)
            return NEV_ENOMEM;
        start = end;
    }
    return NEV_OK;
}

/* Mark quote state: tokens between an opening and a closing mark get TF_QUOTED. Before
 * token first no mark changes the state: the pass starts there. */
static void mark_quotes(nev_doc *d, uint32_t first)
{
    /* curly marks say which way they face: “ ‘ « open, ” » close, and a ’ closes only an
     * open quote (otherwise it is an apostrophe); straight " toggles. Mixed pairs (‘...”)
     * happen in scraped news. */
    bool in = false;
    for (uint32_t i = first; i < d->toks.n; i++) {
        token *t = &TOK(d, i);
        in &= !(t->flags & TF_NEWLINE); /* a paragraph closes any open quote */
        const unsigned char *u = (const unsigned char *)d->text + t->off;
        /* the usual token, no quote mark (none starts with E2, C2 or "), on a straight path
         * with no branch on the token (its length, its bytes, whether it is quoted) */
        if (!((u[0] == 0xE2) | (u[0] == 0xC2) | (t->norm[0] == '"'))) {
            t->flags |= (uint8_t)(-(unsigned)in & TF_QUOTED);
            continue;
        }
        if (t->len == 3 && u[0] == 0xE2 && u[1] == 0x80) {
            if (u[2] == 0x9C || (u[2] == 0x98 && (t->flags & TF_SPACE || i == 0 ||
                                                  (t->flags & TF_NEWLINE)))) {
                in = true; /* “ or ‘ */
                continue;
            }
            if (u[2] == 0x9D || (u[2] == 0x99 && in)) {
                in = false; /* ” or ’ */
                continue;
            }
        }
        if (t->len == 2 && u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB)) {
            in = u[1] == 0xAB;
            continue;
        }
        if (t->norm_len == 1 && t->norm[0] == '"' && t->len == 1) {
            in = !in;
            continue;
        }
        if (in)
            t->flags |= TF_QUOTED;
    }
}

static void sort_u32(uint32_t *v, size_t n);

/* the brackets: ( [ and ) ] */
#define OPENS(c) ((c) == '(' || (c) == '[')
#define CLOSES(c) ((c) == ')' || (c) == ']')
#define BRACKET(c) (OPENS(c) || CLOSES(c))
static const uint8_t bracket_ascii[256] = ASCII_TABLE(BRACKET);

/* Does token t count as a word of its sentence for repeat detection? Brackets and what they
 * hold (parentheticals like "(pictured, right)") and words under three letters do not;
 * *depth tracks the brackets. (No branch on the length, which the predictor cannot guess:
 * the one taken, for a bracket, is rare; norm is NUL-terminated, so norm[0] is there even
 * for an empty token.) */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline bool counted_word(const token *t, int *depth)
{
    unsigned char c = (unsigned char)t->norm[0];
    if ((t->norm_len == 1) & bracket_ascii[c]) {
        if (OPENS(c))
            (*depth)++;
        else if (*depth)
            (*depth)--;
    }
    return (t->norm_len >= 3) & (*depth == 0);
}

/* Content words of a sentence as a sorted set of hashes (at most cap: the first cap distinct
 * words), for repeat detection. */
static size_t sent_words(const nev_doc *d, const sentence *s, uint32_t *out, size_t cap)
{
    /* usual case: collect every word, then sort and drop duplicates (the same set as the
     * first-cap-distinct scan below when there are no more than cap words at all) */
    uint32_t all[NEV_MAX_SENT_TOKENS];
    size_t na = 0;
    int depth = 0;
    for (uint32_t i = s->tok0; i < s->tok0 + s->ntok && na < NEV_MAX_SENT_TOKENS; i++) {
        all[na] = d->tok_hash[i];
        na += counted_word(&TOK(d, i), &depth);
    }
    if (na <= cap) {
        sort_u32(all, na);
        size_t n = 0;
        for (size_t k = 0; k < na; k++)
            if (n == 0 || all[k] != out[n - 1])
                out[n++] = all[k];
        return n;
    }
    size_t n = 0;
    depth = 0;
    for (uint32_t i = s->tok0; i < s->tok0 + s->ntok && n < cap; i++) {
        const token *t = &TOK(d, i);
        if (!counted_word(t, &depth))
            continue;
        uint32_t h = d->tok_hash[i];
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            if (out[j] == h) {
                dup = true;
                break;
            }
        if (!dup)
            out[n++] = h;
    }
    sort_u32(out, n);
    return n;
}

/* An article's content words by hash (strmap_hash, never 0; 0: an empty slot): mark is the last
 * sentence that holds the word (sent_slots), then the sentence being compared (mark_repeats). */
typedef struct word_set {
    struct {
        uint32_t hash, mark;
    } *slots;
    uint32_t mask;
} word_set;

/* The content words of a sentence (the same set as sent_words: the first cap distinct ones)
 * as the slots of x that hold them, in text order; stamp marks them as this sentence's. */
static size_t sent_slots(const nev_doc *d, const sentence *s, word_set *x, uint32_t stamp,
                         uint32_t *out, size_t cap)
{
    size_t n = 0;
    int depth = 0;
    for (uint32_t i = s->tok0; i < s->tok0 + s->ntok && n < cap; i++) {
        if (!counted_word(&TOK(d, i), &depth))
            continue;
        uint32_t h = d->tok_hash[i];
        uint32_t k = (h * 0x9e3779b1u) & x->mask;
        /* the first step of the probe with no branch (a collision there is common, and
         * unpredictable); then the loop, which seldom takes a step */
        uint32_t hk = x->slots[k].hash;
        k = ((hk == 0) | (hk == h)) ? k : (k + 1) & x->mask;
        while (x->slots[k].hash && x->slots[k].hash != h)
            k = (k + 1) & x->mask;
        bool fresh = x->slots[k].mark != stamp;
        x->slots[k].hash = h;
        x->slots[k].mark = stamp;
        out[n] = k;
        n += fresh;
    }
    return n;
}

static void sort_u32(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) { /* insertion sort: at most 128 words */
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Does b hold at least 85% of the values of a (both sorted sets)? The merge stops as soon as
 * a has missed more of its values than that allows, which is early for most pairs. (It steps
 * without branches on the data: which side advances is unpredictable.) */
static bool holds_most(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
    uint32_t need = (85u * na + 99u) / 100u; /* smallest c with c * 100 >= 85 * na */
    uint32_t allowed = na - need, miss = 0, i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t x = a[i], y = b[j];
        miss += x < y; /* b has passed a[i] */
        if (miss > allowed)
            return false;
        i += x <= y;
        j += y <= x;
    }
    return miss + (na - i) <= allowed;
}

/* Earlier sentences that may be repeated, indexed by word: for each word hash, the list of
 * sentences containing it (newest first) and its length. */
typedef struct word_slot {
    uint32_t word, head, len; /* head: posting index + 1, 0 for an empty slot */
} word_slot;
typedef struct posting {
    uint32_t sent, next; /* next: posting index + 1, or 0 */
} posting;
typedef struct word_index {
    word_slot *slots;
    uint32_t mask;
    posting *posts;
    uint32_t n_posts;
} word_index;

static word_slot *index_slot(word_index *x, uint32_t w)
{
    uint32_t i = (w * 0x9e3779b1u) & x->mask;
    while (x->slots[i].head && x->slots[i].word != w)
        i = (i + 1) & x->mask;
    return &x->slots[i];
}

/* The first earlier sentence that sentence i repeats, or -1. The candidates are the sentences
 * sharing one of the p rarest words of i, p = count - needed + 1: a sentence that holds the
 * needed share of i's words misses fewer than p of them, so it holds one of any p. */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int32_t find_repeat(word_index *x, uint32_t i, const uint32_t *wi, uint32_t ci,
                           const uint32_t *words, const uint16_t *counts, uint32_t cap,
                           uint32_t *cand, uint32_t *seen)
{
    uint32_t need = (85u * ci + 99u) / 100u; /* smallest c with c * 100 >= 85 * ci */
    uint32_t p = ci - need + 1;
    /* the p words with the shortest lists (selection by repeated minimum: p is small) */
    uint32_t lens[128];
    word_slot *sl[128];
    for (uint32_t a = 0; a < ci; a++) {
        sl[a] = index_slot(x, wi[a]);
        lens[a] = sl[a]->head ? sl[a]->len : 0;
    }
    uint32_t nc = 0;
    for (uint32_t k = 0; k < p; k++) {
        uint32_t m = k;
        for (uint32_t a = k + 1; a < ci; a++)
            if (lens[a] < lens[m])
                m = a;
        uint32_t tl = lens[k];
        word_slot *ts = sl[k];
        lens[k] = lens[m];
        sl[k] = sl[m];
        lens[m] = tl;
        sl[m] = ts;
        if (!sl[k]->head)
            continue;
        for (uint32_t q = sl[k]->head; q; q = x->posts[q - 1].next) {
            uint32_t j = x->posts[q - 1].sent;
            if (seen[j] != i + 1) {
                seen[j] = i + 1;
                cand[nc++] = j;
            }
        }
    }
    if (nc > 1)
        qsort(cand, nc, sizeof *cand, cmp_u32);
    for (uint32_t k = 0; k < nc; k++) {
        uint32_t j = cand[k];
        if (counts[j] * 100u < 85u * ci)
            continue;
        if (holds_most(wi, ci, words + (size_t)j * cap, counts[j]))
            return (int32_t)j;
    }
    return -1;
}

/* A sentence repeats an earlier one when at least 85% of its content words (outside
 * brackets) occur in that sentence and it has at least five of them: this catches verbatim
 * reprints, captions with "(pictured)" added and shortened caption versions. Word sets are
 * kept sorted so two sentences compare in linear time; a sentence with fewer words than the
 * 85% needs is skipped without comparing; long articles compare only with the sentences that
 * share a rare word (find_repeat), so they do not take time quadratic in their length. */
static int mark_repeats(nev_doc *d)
{
    enum { CAP = 128, DIRECT = 32 };
    uint32_t n = d->sents.n;
    if (n < 2)
        return NEV_OK;
    uint32_t *words = arena_alloc(&d->ar, (size_t)n * CAP * sizeof *words);
    uint16_t *counts = arena_alloc(&d->ar, (size_t)n * sizeof *counts);
    if (!words || !counts)
        return NEV_ENOMEM;
    if (n <= DIRECT) {
        /* the article's words in one table: a sentence's set is a list of table slots (no
         * sorting), and two sentences share the words of one whose slots carry its mark */
        uint32_t size = 64; /* more slots than tokens: the probes always end */
        while (size <= d->toks.n)
            size *= 2;
        word_set x = {arena_alloc(&d->ar, (size_t)size * sizeof *x.slots), size - 1};
        if (!x.slots)
            return NEV_ENOMEM;
        memset(x.slots, 0, (size_t)size * sizeof *x.slots);
        for (uint32_t i = 0; i < n; i++)
            counts[i] = (uint16_t)sent_slots(d, &SENT(d, i), &x, i + 1, words + (size_t)i * CAP,
                                             CAP);
        for (uint32_t i = 1; i < n; i++) {
            if (counts[i] < 5)
                continue;
            const uint32_t *wi = words + (size_t)i * CAP;
            uint32_t mark = n + 1 + i; /* above the sentence stamps of sent_slots */
            for (uint32_t a = 0; a < counts[i]; a++)
                x.slots[wi[a]].mark = mark;
            /* (smallest c with c * 100 >= 85 * counts[i]) */
            uint32_t need = (85u * counts[i] + 99u) / 100u;
            for (uint32_t j = 0; j < i; j++) {
                if (SENT(d, j).dup_of >= 0 || counts[j] < 5)
                    continue;
                /* the shared words are at most counts[j] (both are sets) */
                if (counts[j] * 100u < 85u * counts[i])
                    continue;
                const uint32_t *wj = words + (size_t)j * CAP;
                /* stop once enough are shared, or too many of j's words are not i's for
                 * the rest to make up need */
                uint32_t shared = 0, cj = counts[j], miss = 0, allowed = cj - need;
                for (uint32_t b = 0; b < cj; b++) {
                    if (x.slots[wj[b]].mark == mark) {
                        if (++shared >= need)
                            break;
                    } else if (++miss > allowed) {
                        break;
                    }
                }
                if (shared >= need) {
                    SENT(d, i).dup_of = (int32_t)j;
                    d->n_dropped++;
                    break;
                }
            }
        }
        return NEV_OK;
    }
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        counts[i] = (uint16_t)sent_words(d, &SENT(d, i), words + (size_t)i * CAP, CAP);
        total += counts[i];
    }
    word_index x;
    uint32_t size = 64;
    while (size < 2 * total + 2)
        size *= 2;
    x.slots = arena_alloc(&d->ar, (size_t)size * sizeof *x.slots);
    x.posts = arena_alloc(&d->ar, (total ? total : 1) * sizeof *x.posts);
    uint32_t *cand = arena_alloc(&d->ar, (size_t)n * sizeof *cand);
    uint32_t *seen = arena_alloc(&d->ar, (size_t)n * sizeof *seen);
    if (!x.slots || !x.posts || !cand || !seen)
        return NEV_ENOMEM;
    memset(x.slots, 0, (size_t)size * sizeof *x.slots);
    memset(seen, 0, (size_t)n * sizeof *seen);
    x.mask = size - 1;
    x.n_posts = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (counts[i] < 5)
            continue;
        const uint32_t *wi = words + (size_t)i * CAP;
        if (i > 0) {
            int32_t j = find_repeat(&x, i, wi, counts[i], words, counts, CAP, cand, seen);
            if (j >= 0) {
                SENT(d, i).dup_of = j;
                d->n_dropped++;
                continue; /* a repeat is never repeated */
            }
        }
        for (uint32_t a = 0; a < counts[i]; a++) {
            word_slot *sl = index_slot(&x, wi[a]);
            posting *pp = &x.posts[x.n_posts++];
            pp->sent = i;
            pp->next = sl->head;
            sl->word = wi[a];
            sl->head = x.n_posts;
            sl->len++;
        }
    }
    return NEV_OK;
}

/* A headline in title case ("China Warns US Over Taiwan Arms Sale", "U.S. Condemns Terrorist
 * Attack in Hasaka"): short, no word in lower case but a few short function words, and at
 * least two capitalised words after the first that are also English words. Case then says
 * no more than in capitals, and the sentence is tagged and read as one in capitals. */
static bool title_case(const nev_doc *d, const sentence *se)
{
    if (se->ntok < 3 || se->ntok > 25 || !d->m->lemma)
        return false;
    /* the short words title case may leave in lower case (in byte order: in_list) */
    static const char *const low[] = {"a",    "about", "after", "amid", "an",   "and",   "as",
                                      "at",   "but",   "by",    "for",  "from", "in",    "into",
                                      "near", "nor",   "of",    "off",  "on",   "onto",  "or",
                                      "out",  "over",  "per",   "since", "than", "the",  "to",
                                      "until", "up",   "upon",  "via",  "vs",   "with"};
    uint32_t long_words = 0, common = 0;
    for (uint32_t i = se->tok0; i < se->tok0 + se->ntok; i++) {
        const token *t = &TOK(d, i);
        if (!(t->norm[0] >= 'a' && t->norm[0] <= 'z'))
            continue;
        if (!(t->flags & TF_CAP) && !in_list(low, sizeof low / sizeof *low, t->norm, t->norm_len))
            return false;
        if (t->norm_len >= 5)
            long_words++;
        if (i > se->tok0 && t->norm_len >= 3 && (t->flags & TF_CAP) && !(t->flags & TF_ALLCAP) &&
            lemma_is_word(d->m->lemma, t->norm, t->norm_len))
            common++;
    }
    return long_words >= 2 && common >= 2;
}

int segment_run(nev_doc *d)
{
    int rc;
    norm_pool pool = {NULL, 0, {NULL, 0, 0, 0}, UINT32_MAX};
    vec_init(&pool.allcaps, sizeof(uint32_t));
    if ((rc = tokenize(d, &pool)) != NEV_OK)
        return rc;
    mark_quotes(d, pool.first_quote);
    if ((rc = split_sentences(d)) != NEV_OK)
        return rc;
    /* sentences in capitals (wire headlines): case carries no information. A sentence without
     * a token in capitals (most) has no count to make: caps is 0. */
    const uint32_t *ac = pool.allcaps.data;
    uint32_t q = 0;
    for (uint32_t s = 0; s < d->sents.n; s++) {
        sentence *se = &SENT(d, s);
        uint32_t caps = 0, words = 0;
        while (q < pool.allcaps.n && ac[q] < se->tok0)
            q++;
        if (q < pool.allcaps.n && ac[q] < se->tok0 + se->ntok) {
            for (uint32_t i = se->tok0; i < se->tok0 + se->ntok; i++) {
                token *t = &TOK(d, i);
                unsigned char c0 = (unsigned char)t->norm[0];
                /* (counted with no branch but the rare one on a non-ASCII byte) */
                bool w = is_alnum_ascii(c0);
                if (c0 >= 0x80)
                    w = is_alnum_cp(c0);
                w &= t->norm_len > 1;
                words += w;
                caps += w & ((t->flags & TF_ALLCAP) != 0);
            }
        }
        if ((words >= 3 && caps * 10 >= words * 7) || title_case(d, se))
            for (uint32_t i = se->tok0; i < se->tok0 + se->ntok; i++)
                TOK(d, i).flags |= TF_CAPSENT;
    }
    /* every token's hash once, for mark_repeats here and actor_tokens later */
    d->tok_hash = arena_alloc(&d->ar, (d->toks.n ? d->toks.n : 1) * sizeof *d->tok_hash);
    if (!d->tok_hash)
        return NEV_ENOMEM;
    /* (n and the arrays in locals: the stores could alias d->toks.n. The two arms call the
     * same function: the first, inlined where len <= 8 is known, drops the block loop for
     * the usual short word) */
    const token *tk = d->toks.data;
    uint32_t *th = d->tok_hash;
    for (uint32_t i = 0, n = d->toks.n; i < n; i++) {
        size_t len = tk[i].norm_len;
        th[i] = len <= 8 ? strmap_hash(tk[i].norm, len) : strmap_hash(tk[i].norm, len);
    }
    return mark_repeats(d);
}

/* Does segment_tag lemmatize words of tag pos? (verbs and plural nouns; one bit per tag,
 * no branch) */
#define LEMMA_TAGS                                                                              \
    ((1ull << POS_VB) | (1ull << POS_VBD) | (1ull << POS_VBG) | (1ull << POS_VBN) |               \
     (1ull << POS_VBP) | (1ull << POS_VBZ) | (1ull << POS_NNS) | (1ull << POS_NNPS))
_Static_assert(POS__COUNT <= 64, "one bit per tag");
static inline bool lemmatized(int pos)
{
    return (LEMMA_TAGS >> (unsigned)pos) & 1u;
}

int segment_tag(nev_doc *d)
{
    const nev_model *m = d->m;
    const char *words[NEV_MAX_SENT_TOKENS];
    uint32_t lens[NEV_MAX_SENT_TOKENS];
    uint8_t tags[NEV_MAX_SENT_TOKENS];
    char buf[256];
    for (uint32_t s = 0; s < d->sents.n; s++) {
        sentence *se = &SENT(d, s);
        if (se->dup_of >= 0)
            continue;
        bool capsent = se->ntok && (TOK(d, se->tok0).flags & TF_CAPSENT);
        for (uint32_t i = 0; i < se->ntok; i++) {
            token *t = &TOK(d, se->tok0 + i);
            words[i] = d->text + t->off;
            lens[i] = t->len;
            if (capsent) { /* headline in capitals: tag the folded form, capitalised */
                words[i] = t->norm;
                lens[i] = t->norm_len;
            }
        }
        int rc = tag_sentence(m->tagger, words, lens, se->ntok, tags);
        if (rc != NEV_OK)
            return rc;
        /* "met her/PRP Australian counterpart": "her" before a noun phrase is possessive */
        for (uint32_t i = 0; i + 1 < se->ntok; i++) {
            const token *t = &TOK(d, se->tok0 + i);
            uint8_t nx = tags[i + 1];
            if (tags[i] == POS_PRP && t->norm_len == 3 && memcmp(t->norm, "her", 3) == 0 &&
                (nx == POS_JJ || nx == POS_JJR || nx == POS_JJS || nx == POS_NN ||
                 nx == POS_NNS || nx == POS_NNP || nx == POS_NNPS || nx == POS_CD))
                tags[i] = POS_PRPS;
        }
        /* the words to lemmatize, gathered with no branch per token (whether a tag is
         * lemmatized is data the branch predictor cannot guess) */
        uint16_t lw[NEV_MAX_SENT_TOKENS];
        uint32_t nl = 0;
        for (uint32_t i = 0; i < se->ntok; i++) {
            token *t = &TOK(d, se->tok0 + i);
            t->pos = tags[i];
            lw[nl] = (uint16_t)i;
            nl += lemmatized(tags[i]);
        }
        /* the lemma table is far bigger than the cache: start the lookups LD words ahead */
        enum { LD = 4 };
        for (uint32_t a = 0; a < nl && a < LD; a++)
            lemma_prefetch(m->lemma, TOK(d, se->tok0 + lw[a]).norm,
                           TOK(d, se->tok0 + lw[a]).norm_len, tags[lw[a]]);
        for (uint32_t a = 0; a < nl; a++) {
            if (a + LD < nl)
                lemma_prefetch(m->lemma, TOK(d, se->tok0 + lw[a + LD]).norm,
                               TOK(d, se->tok0 + lw[a + LD]).norm_len, tags[lw[a + LD]]);
            token *t = &TOK(d, se->tok0 + lw[a]);
            size_t n = lemma_of(m->lemma, t->norm, t->norm_len, t->pos, buf, sizeof buf);
            if (n >= sizeof buf)
                n = sizeof buf - 1;
            if (n != t->norm_len || memcmp(buf, t->norm, n) != 0) {
                t->lemma = arena_strndup(&d->ar, buf, n);
                if (!t->lemma)
                    return NEV_ENOMEM;
            }
        }
    }
    return NEV_OK;
}
