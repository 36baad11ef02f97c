/*
 * tag.c - part-of-speech tagger at run time: feature extraction shared with the trainer,
 * loading of the "tagger" section and greedy left-to-right tagging with an averaged
 * perceptron (after M. Collins 2002 and the usual greedy tagger feature set).
 *
 * Section "tagger" (written by tools/tagger_train; all integers little-endian u32):
 *
 *   header, 8 words: "NTAG" | version (2) | n_classes (= POS__COUNT) | n_slots (power of 2)
 *                    | n_pairs | n_dict (power of 2, or 0) | forms_len | n_forms
 *   slots, n_slots x 2 words: { key, (first << 8) | count }
 *       an open-addressing (linear probing) table keyed by the 32-bit feature hash; key 0 is
 *       an empty slot. Row `count` weights start at pairs[first].
 *   pairs, n_pairs words: (weight << 8) | class, the weight a signed 24-bit integer (the
 *       averaged perceptron weight scaled so the largest is 2^23 - 1; weights that round to
 *       almost nothing are pruned, and so are features left with no weight).
 *   dict, n_dict x 2 words: { key, class }: the tag dictionary, words seen often in the
 *       training data with (nearly) always the same tag, keyed by the 32-bit hash of the
 *       case-kept normalised form; such words skip the perceptron.
 *   forms, forms_len bytes (a multiple of 4): n_forms word forms (ASCII, at most TAG_WORD_MAX
 *       bytes), each NUL-terminated, then zero padding: the forms the training data has most
 *       often outside the tag dictionary ("said", "to", "1960"). At load time the sum of the
 *       features that depend on the token alone (ids 1-6 and 17) is computed for each form
 *       (and for its sentence-initial shape), so tagging one of them, or any token with the
 *       same lower-cased form and shape, probes one small table instead of seven features.
 *       Version 1 sections (no forms, two reserved words) still load.
 *
 * A feature hash is one 64-bit mix of a feature id and the hash of its value, cut to 32 bits;
 * collisions are rare and harmless (they only blend two features' weights). A lookup touches
 * one slot (8 bytes, usually the first probed) and a short run of pairs.
 *
 * Token text is normalised before hashing: curly quotes become `` '' ` ', dashes "--",
 * the ellipsis "...", letters are case-folded with text_fold_cp (so diacritics go), digits
 * become 0 in the lower-cased form. A sentence that is mostly upper case (an all-caps
 * headline) drops its case features and sets a CAPSENT shape bit instead; the trainer shows
 * the model upper-cased copies of training sentences so it learns to tag those.
 */
#include "tag.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text.h"

/* AVX2 code next to the SSE2 code, chosen at run time (see tag_run) */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__) && !defined(__AVX2__)
#define TAG_AVX2 1
#include <immintrin.h>
#else
#define TAG_AVX2 0
#endif

#define TAG_MAGIC 0x4741544eu /* "NTAG" little-endian */
#define TAG_VERSION 2u
#define TAG_HDR_WORDS 8u

struct tag_model {
    nev_alloc alloc;       /* copy of the allocator the model was loaded with */
    const uint32_t *slots; /* n_slots x {key, first<<8|count} */
    uint32_t slot_mask;    /* n_slots - 1 */
    const uint32_t *pairs; /* (weight << 8) | class */
    uint32_t n_pairs;
    const uint32_t *dict; /* n_dict x {key, class}, or NULL */
    uint32_t dict_mask;   /* n_dict - 1 */
    uint32_t *owned;      /* the copied tables when the data could not be aliased */
    /* Built at load time for speed (the scores are exactly those of the section's tables):
     * table: the slots again, where a feature with TAG_DENSE_MIN weights or more points to a
     * dense row instead ((row << 8) | TAG_DENSE), so the frequent features with many weights
     * are summed with vector adds instead of scattered ones. Rows have TAG_ROW int32 weights
     * indexed by class (padding at the end is 0).
     * state_rows[p1 * C + p2]: the sum of features 0, 7, 8 and 9 for the previous two tags;
     * lv_rows[lvc]: feature 23 for each verb-context value (C = TAG_N_CLASSES). Tagging sums
     * these rows instead of probing the table for features that depend on the state alone.
     * The table is laid out in buckets of TAG_BUCKET slots, one cache line each: the keys,
     * then their entries; a key lives in bucket (key & bucket_mask) or, when that is full,
     * the first bucket after it with room (see find_in). */
    uint32_t *table;      /* 64-byte aligned, in table_mem */
    uint32_t *table_mem;
    uint32_t bucket_mask; /* buckets - 1 */
    int32_t *dense;
    int32_t *state_rows;
    int32_t *lv_rows;
    /* The frequent forms (see the section format): an open-addressing table of form_mask + 1
     * slots { fingerprint, entry index + 1 } over n_fents entries; an entry's row is a dense
     * row (after the features' dense rows). */
    struct tag_fent *fents;
    uint32_t *fslots;
    uint32_t form_mask, n_fents;
    /* mix64 of the small state values that the mixed features (ids 10, 21, 22) combine with
     * the token: mix_p1[p1] = mix64(p1 + 7), mix_lvc[lvc] = mix64(lvc + 13),
     * mix_lv[lv] = mix64(lv + 17) */
    uint64_t mix_p1[TAG_N_CLASSES];
    uint64_t mix_lvc[184];
    uint64_t mix_lv[184 / 4];
    /* the same for the token shape (< TAG_SHAPE_N): feat_key(6, shape), feat_key(18, shape)
     * (at TAG_SHAPE_N: the shape 0xffff of no next token) and mix64(shape + 3) (id 17) */
    uint32_t key6[256], key18[256 + 1];
    uint64_t mix_shape[256];
    int avx2; /* tag with the AVX2 code (the CPU has it) */
};
#define TAG_SHAPE_N 256u

/* The token-only features of a frequent form: the token fields they are computed from, and
 * the table entry ((row << 8) | TAG_DENSE) of their sum. */
struct tag_fent {
    uint64_t h_word, h_suf1, h_suf2, h_suf3, h_pre1;
    uint32_t shape, entry;
};

#define TAG_ROW 48u       /* TAG_N_CLASSES rounded up for vector adds */
#define TAG_DENSE 0xffu   /* count field of a table entry that points to a dense row */
#define TAG_DENSE_MIN 8u  /* weights a feature needs to get a dense row */
#define TAG_BUCKET 8u     /* slots of a bucket of the table built at load (a cache line) */
_Static_assert(TAG_N_CLASSES <= TAG_ROW && TAG_N_CLASSES < TAG_DENSE, "tag row layout");

/* Values of the verb-context feature (lv * 4 + distance): lv <= 45 after tag_state_push. */
#define TAG_LVC_N 184u
_Static_assert(TAG_LVC_N == 184, "mix tables in struct tag_model");

/* ---- Hashing ------------------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

static uint32_t feat_key(uint32_t fid, uint64_t v)
{
    uint32_t k = (uint32_t)mix64(v * 0x9e3779b97f4a7c15ull + fid * 0x632be59bd9b4e019ull + fid);
    return k ? k : 1u;
}

/* Values standing for tokens outside the sentence. */
#define H_START 0x5354415254ull
#define H_END 0x454e44ull

/* ---- Token analysis ------------------------------------------------------------------ */

static int cp_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
        return 1;
    if (cp >= 0x100 && cp <= 0x17f)
        return (cp & 1u) == 0; /* Latin Extended-A mostly pairs upper, lower */
    if (cp >= 0x391 && cp <= 0x3a9)
        return 1;
    if (cp >= 0x400 && cp <= 0x42f)
        return 1;
    return 0;
}

static int cp_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (cp == 0xd7 || cp == 0xf7)
        return 0;
    if (cp >= 0xc0 && cp < 0x2000)
        return 1;
    return cp >= 0x3040 && cp < 0xfe00; /* CJK and other scripts: count as letters */
}

/* A normalised form being built: its bytes (at most TAG_WORD_MAX, the rest is dropped) and
 * the FNV-1a hash of those bytes so far (without a second pass over them). */
typedef struct tag_form {
    char b[TAG_WORD_MAX];
    size_t n;
    uint64_t h;
} tag_form;

static inline void form_put1(tag_form *f, char c)
{
    if (f->n < TAG_WORD_MAX) {
        f->b[f->n++] = c;
        f->h = (f->h ^ (uint8_t)c) * 0x100000001b3ull;
    }
}

/* Append s[0..n) to f, truncating. */
static void put(tag_form *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        form_put1(f, s[i]);
}

/* w[0..n) (n <= 8) as one little-endian number, for comparing short forms at once. */
static inline uint64_t pack8(const char *w, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)(uint8_t)w[i] << (8 * i);
    return v;
}

#define PK2(a, b) ((uint64_t)(uint8_t)(a) | (uint64_t)(uint8_t)(b) << 8)
#define PK3(a, b, c) (PK2(a, b) | (uint64_t)(uint8_t)(c) << 16)
#define PK4(a, b, c, d) (PK3(a, b, c) | (uint64_t)(uint8_t)(d) << 24)
#define PK5(a, b, c, d, e) (PK4(a, b, c, d) | (uint64_t)(uint8_t)(e) << 32)
#define PK6(a, b, c, d, e, f) (PK5(a, b, c, d, e) | (uint64_t)(uint8_t)(f) << 40)
#define PK7(a, b, c, d, e, f, g) (PK6(a, b, c, d, e, f) | (uint64_t)(uint8_t)(g) << 48)

/* TAG_CLS_* of a lower-cased form: the forms of "be", "have" and "get", compared as packed
 * numbers (by length) instead of string by string. */
static uint32_t aux_class(const char *w, size_t n)
{
    if (n < 2 || n > 7)
        return TAG_CLS_OTHER;
    switch (w[0]) {
    case 'a': case 'b': case 'g': case 'h': case 'i': case 'w': case '\'':
        break;
    default:
        return TAG_CLS_OTHER;
    }
    uint64_t v = pack8(w, n);
    switch (n) {
    case 2:
        if (v == PK2('b', 'e') || v == PK2('i', 's') || v == PK2('a', 'm') ||
            v == PK2('\'', 's') || v == PK2('\'', 'm'))
            return TAG_CLS_BE;
        if (v == PK2('\'', 'd'))
            return TAG_CLS_HAVE;
        break;
    case 3:
        if (v == PK3('w', 'a', 's') || v == PK3('a', 'r', 'e') || v == PK3('\'', 'r', 'e'))
            return TAG_CLS_BE;
        if (v == PK3('h', 'a', 's') || v == PK3('h', 'a', 'd') || v == PK3('\'', 'v', 'e'))
            return TAG_CLS_HAVE;
        if (v == PK3('g', 'e', 't') || v == PK3('g', 'o', 't'))
            return TAG_CLS_GET;
        break;
    case 4:
        if (v == PK4('w', 'e', 'r', 'e') || v == PK4('b', 'e', 'e', 'n'))
            return TAG_CLS_BE;
        if (v == PK4('h', 'a', 'v', 'e'))
            return TAG_CLS_HAVE;
        if (v == PK4('g', 'e', 't', 's'))
            return TAG_CLS_GET;
        break;
    case 5:
        if (v == PK5('b', 'e', 'i', 'n', 'g'))
            return TAG_CLS_BE;
        break;
    case 6:
        if (v == PK6('h', 'a', 'v', 'i', 'n', 'g'))
            return TAG_CLS_HAVE;
        if (v == PK6('g', 'o', 't', 't', 'e', 'n'))
            return TAG_CLS_GET;
        break;
    default:
        if (v == PK7('g', 'e', 't', 't', 'i', 'n', 'g'))
            return TAG_CLS_GET;
        break;
    }
    return TAG_CLS_OTHER;
}

/* What the scan of a token has counted so far (shape bits, letters, lower-case letters). */
typedef struct tag_scan {
    uint32_t shape;
    size_t n_letters, n_lower;
    int first_letter_seen;
} tag_scan;

/* Count the ASCII byte b at position i of a token of len bytes; returns its lower-cased form
 * (digits become 0). */
static inline unsigned char scan_ascii(tag_scan *sc, unsigned char b, size_t i, size_t len)
{
    if (b >= '0' && b <= '9') {
        sc->shape |= TAG_SHAPE_DIGIT;
        return '0';
    }
    if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
        sc->n_letters++;
        int up = b <= 'Z';
        if (!sc->first_letter_seen) {
            sc->first_letter_seen = 1;
            if (up)
                sc->shape |= TAG_SHAPE_UPPER1;
        }
        sc->n_lower += !up;
        return (unsigned char)(b | 0x20);
    }
    if (b == '-' && i > 0 && i + 1 < len)
        sc->shape |= TAG_SHAPE_HYPHEN;
    if (b == '.')
        sc->shape |= TAG_SHAPE_PERIOD;
    return b;
}

/* FNV-1a of the last k bytes of lw[0..nl), or h_word (the FNV-1a of all of lw) when
 * nl <= k. */
static inline uint64_t suffix_hash(const char *lw, size_t nl, size_t k, uint64_t h_word)
{
    if (nl <= k)
        return h_word;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = nl - k; i < nl; i++)
        h = (h ^ (uint8_t)lw[i]) * 0x100000001b3ull;
    return h;
}

/* Fill t from the lower-cased form lw[0..nl) (hash h_word), the hash of the case-kept form
 * and the counts of the scan of the token. */
static inline void info_finish(tag_tok *t, const char *lw, size_t nl, uint64_t h_word,
                        uint64_t h_exact, const tag_scan *sc)
{
    uint32_t shape = sc->shape;
    if (sc->n_letters) {
        shape |= TAG_SHAPE_ALPHA;
        if (sc->n_lower == 0 && sc->n_letters > 1)
            shape |= TAG_SHAPE_ALLCAPS;
    }
    t->shape = shape;
    t->no_lower = sc->n_letters && sc->n_lower == 0;
    t->cls = aux_class(lw, nl);
    t->h_word = h_word;
    t->h_exact = h_exact;
    /* FNV-1a of the last 1, 2 and 3 bytes (all of lw when shorter), and of the first */
    if (nl > 3) {
        const uint64_t off = 0xcbf29ce484222325ull, pr = 0x100000001b3ull;
        uint64_t c3 = (uint8_t)lw[nl - 3], c2 = (uint8_t)lw[nl - 2], c1 = (uint8_t)lw[nl - 1];
        t->h_suf1 = (off ^ c1) * pr;
        t->h_suf2 = (((off ^ c2) * pr) ^ c1) * pr;
        t->h_suf3 = (((((off ^ c3) * pr) ^ c2) * pr) ^ c1) * pr;
    } else {
        t->h_suf1 = suffix_hash(lw, nl, 1, h_word);
        t->h_suf2 = suffix_hash(lw, nl, 2, h_word);
        t->h_suf3 = h_word;
    }
    t->h_pre1 = nl ? (0xcbf29ce484222325ull ^ (uint8_t)lw[0]) * 0x100000001b3ull
                   : 0xcbf29ce484222325ull;
}

/* What one byte of a token counts for (token_info_ascii): counters of 8 bits each, added up
 * over the token's bytes (at most TAG_WORD_MAX, so none overflows into the next), and in the
 * top byte the byte's lower-cased form (digits become 0; the top byte's sum is not used). */
#define TB_LETTER (1ull << 0)
#define TB_LOWER (1ull << 8)
#define TB_HYPHEN (1ull << 16)
#define TB_DIGIT (1ull << 24)
#define TB_PERIOD (1ull << 32)
#define TB_HIGH (1ull << 40) /* not ASCII */
#define TB_FIELD(acc, f) (((acc) / (f)) & 0xffu)
#define TB_IS_UP(b) ((b) >= 'A' && (b) <= 'Z')
#define TB_IS_LOW(b) ((b) >= 'a' && (b) <= 'z')
#define TB_IS_DIG(b) ((b) >= '0' && (b) <= '9')
#define TB(b)                                                                                  \
    ((TB_IS_UP(b) || TB_IS_LOW(b) ? TB_LETTER : 0) | (TB_IS_LOW(b) ? TB_LOWER : 0) |          \
     ((b) == '-' ? TB_HYPHEN : 0) | (TB_IS_DIG(b) ? TB_DIGIT : 0) |                            \
     ((b) == '.' ? TB_PERIOD : 0) | ((b) >= 0x80 ? TB_HIGH : 0) |                             \
     (uint64_t)(TB_IS_DIG(b) ? '0' : TB_IS_UP(b) ? (b) + 32 : (b)) << 56)
#define TB4(b) TB(b), TB((b) + 1), TB((b) + 2), TB((b) + 3)
#define TB16(b) TB4(b), TB4((b) + 4), TB4((b) + 8), TB4((b) + 12)
#define TB64(b) TB16(b), TB16((b) + 16), TB16((b) + 32), TB16((b) + 48)
static const uint64_t tag_byte_tab[256] = {TB64(0), TB64(64), TB64(128), TB64(192)};

/* tag_token_info for a token of ASCII bytes only, at most TAG_WORD_MAX of them (most
 * tokens): the cases of the general loop below without decoding or truncation, and
 * without keeping the case-kept bytes (only their hash is needed); what scan_ascii counts
 * is added up from tag_byte_tab. Returns 0 (and fills nothing) when a byte is not ASCII. */
static int token_info_ascii(const char *w, size_t len, tag_tok *t)
{
    char lw[TAG_WORD_MAX];
    uint64_t hl = 0xcbf29ce484222325ull, he = hl; /* FNV-1a of the two forms */
    uint64_t acc = 0;
#if defined(__GNUC__) /* (unrolled: the loop's counting is a quarter of its instructions) */
#pragma GCC unroll 4
#endif
    for (size_t i = 0; i < len; i++) {
        unsigned b = (unsigned char)w[i];
        uint64_t e = tag_byte_tab[b];
        unsigned lc = (unsigned)(e >> 56);
        acc += e;
        lw[i] = (char)lc;
        hl = (hl ^ lc) * 0x100000001b3ull;
        he = (he ^ b) * 0x100000001b3ull;
    }
    if (TB_FIELD(acc, TB_HIGH))
        return 0;
    size_t n_let = TB_FIELD(acc, TB_LETTER), n_hyph = TB_FIELD(acc, TB_HYPHEN);
    tag_scan sc = {0, n_let, TB_FIELD(acc, TB_LOWER), 0};
    sc.shape = (TB_FIELD(acc, TB_DIGIT) ? (uint32_t)TAG_SHAPE_DIGIT : 0u) |
               (TB_FIELD(acc, TB_PERIOD) ? (uint32_t)TAG_SHAPE_PERIOD : 0u);
    /* a hyphen inside: not the first byte nor the last */
    if (n_hyph && n_hyph > (size_t)(w[0] == '-') + (size_t)(len > 1 && w[len - 1] == '-'))
        sc.shape |= TAG_SHAPE_HYPHEN;
    if (n_let) {
        size_t f = 0;
        while (!(tag_byte_tab[(unsigned char)w[f]] & TB_LETTER))
            f++;
        if (TB_IS_UP((unsigned char)w[f]))
            sc.shape |= TAG_SHAPE_UPPER1;
    }
    info_finish(t, lw, len, hl, he, &sc);
    return 1;
}

void tag_token_info(const char *w, size_t len, tag_tok *t)
{
    if (len <= TAG_WORD_MAX && token_info_ascii(w, len, t))
        return;
    tag_form lf = {.n = 0, .h = 0xcbf29ce484222325ull}, ef = lf; /* lower-cased, case kept */
    tag_scan sc = {0, 0, 0, 0};

    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)w[i];
        if (b < 0x80) { /* ASCII: the same cases as below, without decoding */
            char lc = (char)scan_ascii(&sc, b, i, len), ec = (char)b;
            form_put1(&lf, lc);
            form_put1(&ef, ec);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode(w + i, len - i, &cp);
        const char *rep = NULL;
        switch (cp) {
        case 0x201c: case 0x201e: case 0x201f: case 0xab: rep = "``"; break;
        case 0x201d: case 0xbb: rep = "''"; break;
        case 0x2018: case 0x201a: case 0x2039: rep = "`"; break;
        case 0x2019: case 0x203a: case 0x2032: rep = "'"; break;
        case 0x2010: case 0x2011: rep = "-"; break;
        case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: rep = "--"; break;
        case 0x2026: rep = "..."; break;
        default: break;
        }
        if (rep) {
            size_t rl = strlen(rep);
            put(&lf, rep, rl);
            put(&ef, rep, rl);
            if (rep[0] == '-' && rl == 1 && i > 0 && i + k < len)
                sc.shape |= TAG_SHAPE_HYPHEN;
        } else if (cp_is_letter(cp)) { /* (ASCII digits never get here) */
            sc.n_letters++;
            int up = cp_is_upper(cp);
            if (!sc.first_letter_seen) {
                sc.first_letter_seen = 1;
                if (up)
                    sc.shape |= TAG_SHAPE_UPPER1;
            }
            char f[8];
            size_t fl = text_fold_cp(cp, f);
            if (fl == 0 || fl > 3) { /* dropped or unknown: keep the bytes */
                fl = k;
                memcpy(f, w + i, k);
            }
            if (!up)
                sc.n_lower++;
            put(&lf, f, fl);
            put(&ef, w + i, k);
        } else {
            put(&lf, w + i, k);
            put(&ef, w + i, k);
        }
        i += k;
    }
    info_finish(t, lf.b, lf.n, lf.h, ef.h, &sc);
}

int tag_sentence_is_caps(const char *const *words, const uint32_t *lens, size_t n)
{
    size_t n_alpha = 0, n_caps = 0;
    for (size_t i = 0; i < n; i++) {
        size_t letters = 0, lower = 0;
        for (size_t j = 0; j < lens[i];) {
            unsigned char b = (unsigned char)words[i][j];
            if (b < 0x80) { /* ASCII fast path */
                if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
                    letters++;
                    lower += b >= 'a';
                }
                j++;
                continue;
            }
            uint32_t cp;
            j += utf8_decode(words[i] + j, lens[i] - j, &cp);
            if (cp_is_letter(cp)) {
                letters++;
                if (!cp_is_upper(cp))
                    lower++;
            }
        }
        if (!letters)
            continue;
        n_alpha++;
        if (lower == 0)
            n_caps++;
    }
    return n_alpha >= 2 && n_caps * 4 >= n_alpha * 3;
}

void tag_state_init(tag_state *s)
{
    s->p1 = s->p2 = POS_NONE;
    s->lv = 0;
    s->lv_dist = 0;
}

/* The tags after which the verb context is that tag's (MD, VB-VBZ), and those that end it
 * (clause breaks), as bit masks over the classes. */
#define TAG_BIT(c) (1ull << (c))
#define TAG_VERBS                                                                              \
    (TAG_BIT(POS_MD) | TAG_BIT(POS_VB) | TAG_BIT(POS_VBD) | TAG_BIT(POS_VBG) |               \
     TAG_BIT(POS_VBN) | TAG_BIT(POS_VBP) | TAG_BIT(POS_VBZ))
#define TAG_BREAKS                                                                             \
    (TAG_BIT(POS_PUNCT) | TAG_BIT(POS_COLON) | TAG_BIT(POS_COMMA) | TAG_BIT(POS_WDT) |        \
     TAG_BIT(POS_WP) | TAG_BIT(POS_LQUOTE) | TAG_BIT(POS_RQUOTE))
_Static_assert(TAG_N_CLASSES <= 64 && POS_VBZ - POS_VB == 5 && TAG_CLS_GET == 3, "tag state masks");

/* The new verb context without branches on the tag (their outcomes follow the tags, which
 * the left-to-right pass learns late): a verb's kind, or 0 at a clause break, or the old one
 * a token further (0 past 5 tokens). */
static inline void state_push(tag_state *s, const tag_tok *t, int tag)
{
    s->p2 = s->p1;
    s->p1 = tag;
    unsigned u = (unsigned)tag & 63u; /* (tags are classes, < 64) */
    int mv = 0 - (int)((TAG_VERBS >> u) & 1u), mb = 0 - (int)((TAG_BREAKS >> u) & 1u);
    int mo = ~(mv | mb);
    /* MD: 1; VB-VBZ: 1 + cls * 8 + (tag - VB) for a class, else 40 + (tag - VB) */
    static const int8_t vbase[4] = {40, 1 + TAG_CLS_BE * 8, 1 + TAG_CLS_HAVE * 8,
                                    1 + TAG_CLS_GET * 8};
    int vlv = tag == POS_MD ? 1 : vbase[t->cls & 3u] + (tag - POS_VB);
    int d = s->lv_dist + 1;
    int olv = s->lv & (0 - (d <= 5));
    s->lv = (vlv & mv) | (olv & mo);
    s->lv_dist = (d & mo) | (s->lv_dist & mb);
}

void tag_state_push(tag_state *s, const tag_tok *t, int tag) { state_push(s, t, tag); }

/* The features of a token that depend on the tokens alone, not on the tagging state:
 * ids 1-6 and 11-20. Of those, ids 1-6 and 17 depend on the token itself (token_keys, the
 * sums cached for frequent forms) and the others on its neighbours too (context_keys). */
#define TAG_N_STATIC 16
#define TAG_N_TOKEN 7
#define TAG_N_CONTEXT (TAG_N_STATIC - TAG_N_TOKEN)

/* Keys of ids 1-6 and 17, in that order. */
static void token_keys(const tag_tok *t, uint32_t *f)
{
    f[0] = feat_key(1, t->h_word);
    f[1] = feat_key(2, t->h_suf1);
    f[2] = feat_key(3, t->h_suf2);
    f[3] = feat_key(4, t->h_suf3);
    f[4] = feat_key(5, t->h_pre1);
    f[5] = feat_key(6, t->shape);
    f[6] = feat_key(17, t->h_suf3 ^ mix64(t->shape + 3u));
}

/* Keys of ids 11-16 and 18-20, in that order. */
static void context_keys(const tag_tok *const ctx[5], uint32_t *f)
{
    const tag_tok *t = ctx[2];
    uint64_t wm2 = ctx[0] ? ctx[0]->h_word : H_START;
    uint64_t wm1 = ctx[1] ? ctx[1]->h_word : H_START;
    uint64_t sm1 = ctx[1] ? ctx[1]->h_suf3 : H_START;
    uint64_t wp1 = ctx[3] ? ctx[3]->h_word : H_END;
    uint64_t sp1 = ctx[3] ? ctx[3]->h_suf3 : H_END;
    uint64_t shp1 = ctx[3] ? ctx[3]->shape : 0xffff;
    uint64_t wp2 = ctx[4] ? ctx[4]->h_word : H_END;
    f[0] = feat_key(11, wm1);
    f[1] = feat_key(12, sm1);
    f[2] = feat_key(13, wm2);
    f[3] = feat_key(14, wp1);
    f[4] = feat_key(15, sp1);
    f[5] = feat_key(16, wp2);
    f[6] = feat_key(18, shp1);
    f[7] = feat_key(19, wm1 ^ mix64(t->h_word));
    f[8] = feat_key(20, t->h_word ^ mix64(wp1 + 11u));
}

/* token_keys and context_keys with the model's tables of the shape features (the same
 * keys). */
static inline void token_keys_m(const tag_model *m, const tag_tok *t, uint32_t *f)
{
    f[0] = feat_key(1, t->h_word);
    f[1] = feat_key(2, t->h_suf1);
    f[2] = feat_key(3, t->h_suf2);
    f[3] = feat_key(4, t->h_suf3);
    f[4] = feat_key(5, t->h_pre1);
    if (t->shape < TAG_SHAPE_N) {
        f[5] = m->key6[t->shape];
        f[6] = feat_key(17, t->h_suf3 ^ m->mix_shape[t->shape]);
    } else {
        f[5] = feat_key(6, t->shape);
        f[6] = feat_key(17, t->h_suf3 ^ mix64(t->shape + 3u));
    }
}

static inline void context_keys_m(const tag_model *m, const tag_tok *const ctx[5], uint32_t *f)
{
    const tag_tok *t = ctx[2];
    uint64_t wm2 = ctx[0] ? ctx[0]->h_word : H_START;
    uint64_t wm1 = ctx[1] ? ctx[1]->h_word : H_START;
    uint64_t sm1 = ctx[1] ? ctx[1]->h_suf3 : H_START;
    uint64_t wp1 = ctx[3] ? ctx[3]->h_word : H_END;
    uint64_t sp1 = ctx[3] ? ctx[3]->h_suf3 : H_END;
    uint64_t wp2 = ctx[4] ? ctx[4]->h_word : H_END;
    f[0] = feat_key(11, wm1);
    f[1] = feat_key(12, sm1);
    f[2] = feat_key(13, wm2);
    f[3] = feat_key(14, wp1);
    f[4] = feat_key(15, sp1);
    f[5] = feat_key(16, wp2);
    if (!ctx[3])
        f[6] = m->key18[TAG_SHAPE_N];
    else if (ctx[3]->shape < TAG_SHAPE_N)
        f[6] = m->key18[ctx[3]->shape];
    else
        f[6] = feat_key(18, ctx[3]->shape);
    f[7] = feat_key(19, wm1 ^ mix64(t->h_word));
    f[8] = feat_key(20, t->h_word ^ mix64(wp1 + 11u));
}

/* All TAG_N_STATIC keys in feature id order (1-6, 11-20), as tag_features lists them. */
static void static_keys(const tag_tok *const ctx[5], uint32_t *f)
{
    uint32_t tk[TAG_N_TOKEN], ck[TAG_N_CONTEXT];
    token_keys(ctx[2], tk);
    context_keys(ctx, ck);
    memcpy(f, tk, 6 * sizeof *f);
    memcpy(f + 6, ck, 6 * sizeof *f);
    f[12] = tk[6];
    memcpy(f + 13, ck + 6, 3 * sizeof *f);
}

/* The verb-context value of features 21 and 23. */
static uint64_t lv_code(const tag_state *st)
{
    return (uint64_t)st->lv * 4u + (uint64_t)(st->lv_dist < 3 ? st->lv_dist : 3);
}

/* Features that depend on the state alone: ids 0, 7, 8, 9 and 23. */
static uint32_t key_bias(void) { return feat_key(0, 0); }
static uint32_t key_p1(int p1) { return feat_key(7, (uint64_t)p1); }
static uint32_t key_p2(int p2) { return feat_key(8, (uint64_t)p2); }
static uint32_t key_p12(int p1, int p2) { return feat_key(9, (uint64_t)p1 * 64u + (uint64_t)p2); }
static uint32_t key_lv(uint64_t lvc) { return feat_key(23, lvc); }

/* Features that depend on both the token and the state: ids 10, 21 and 22. */
static void mixed_keys(const tag_tok *t, const tag_state *st, uint32_t *f)
{
    f[0] = feat_key(10, t->h_word ^ mix64((uint64_t)st->p1 + 7u));
    f[1] = feat_key(21, t->h_suf2 ^ mix64(lv_code(st) + 13u));
    f[2] = feat_key(22, t->h_word ^ mix64((uint64_t)st->lv + 17u));
}

/* mixed_keys with the model's tables of the state values' mixes (the same keys). */
static inline uint64_t mixv_p1(const tag_model *m, int p1)
{
    return (unsigned)p1 < TAG_N_CLASSES ? m->mix_p1[p1] : mix64((uint64_t)p1 + 7u);
}
static inline uint64_t mixv_lvc(const tag_model *m, uint64_t lvc)
{
    return lvc < TAG_LVC_N ? m->mix_lvc[lvc] : mix64(lvc + 13u);
}
static inline uint64_t mixv_lv(const tag_model *m, int lv)
{
    return (unsigned)lv < TAG_LVC_N / 4 ? m->mix_lv[lv] : mix64((uint64_t)lv + 17u);
}
static inline void mixed_keys_m(const tag_model *m, const tag_tok *t, const tag_state *st,
                                uint32_t *f)
{
    f[0] = feat_key(10, t->h_word ^ mixv_p1(m, st->p1));
    f[1] = feat_key(21, t->h_suf2 ^ mixv_lvc(m, lv_code(st)));
    f[2] = feat_key(22, t->h_word ^ mixv_lv(m, st->lv));
}

size_t tag_features(const tag_tok *const ctx[5], const tag_state *st, uint32_t *f)
{
    uint32_t sk[TAG_N_STATIC], mk[3];
    static_keys(ctx, sk);
    mixed_keys(ctx[2], st, mk);
    size_t n = 0;
    f[n++] = key_bias();
    for (size_t i = 0; i < 6; i++)
        f[n++] = sk[i];
    f[n++] = key_p1(st->p1);
    f[n++] = key_p2(st->p2);
    f[n++] = key_p12(st->p1, st->p2);
    f[n++] = mk[0];
    for (size_t i = 6; i < TAG_N_STATIC; i++)
        f[n++] = sk[i];
    f[n++] = mk[1];
    f[n++] = mk[2];
    f[n++] = key_lv(lv_code(st));
    return n;
}

/* The bucket of table (of bmask + 1 buckets) where a lookup of key starts. */
static inline const uint32_t *bucket_of(const uint32_t *table, uint32_t bmask, uint32_t key)
{
    return table + (size_t)(key & bmask) * (2 * TAG_BUCKET);
}

/* The table entry of a feature key (never 0) in table (of bmask + 1 buckets):
 * (first << 8) | count, or 0 when the key has no weights. A bucket with an empty slot ends
 * the search (keys only go past full buckets). With SSE2, the 8 keys of a bucket are
 * compared at once, so a lookup has a single branch, taken unless the bucket is full
 * (rarely). (tag_run passes the table and the mask from locals: the key arrays it writes
 * could alias the model's fields, which would be loaded again.) */
static inline uint32_t find_in(const uint32_t *table, uint32_t bmask, uint32_t key)
{
#if defined(__SSE2__)
    const __m128i k = _mm_set1_epi32((int)key), z = _mm_setzero_si128();
    for (uint32_t b = key & bmask;; b = (b + 1) & bmask) {
        const uint32_t *ln = table + (size_t)b * (2 * TAG_BUCKET);
        __m128i a0 = _mm_load_si128((const __m128i *)(const void *)ln);
        __m128i a1 = _mm_load_si128((const __m128i *)(const void *)(ln + 4));
        /* bits 0-7: the slot with key, bits 8-15: the empty slots */
        __m128i e = _mm_packs_epi32(_mm_cmpeq_epi32(a0, k), _mm_cmpeq_epi32(a1, k));
        __m128i f = _mm_packs_epi32(_mm_cmpeq_epi32(a0, z), _mm_cmpeq_epi32(a1, z));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(e, f));
        if (bits) {
            unsigned j = (unsigned)__builtin_ctz(bits);
            return ln[TAG_BUCKET + (j & (TAG_BUCKET - 1))] & (0u - (j < TAG_BUCKET));
        }
    }
#else
    for (uint32_t b = key & bmask;; b = (b + 1) & bmask) {
        const uint32_t *ln = table + (size_t)b * (2 * TAG_BUCKET);
        int room = 0;
        for (size_t j = 0; j < TAG_BUCKET; j++) {
            if (ln[j] == key)
                return ln[TAG_BUCKET + j];
            room |= ln[j] == 0;
        }
        if (room)
            return 0;
    }
#endif
}

static inline uint32_t find_row(const tag_model *m, uint32_t key)
{
    return find_in(m->table, m->bucket_mask, key);
}

/* Add the weights of a table entry from find_row to scores (dense: the model's dense rows,
 * pairs: its pairs). */
static inline void add_in(const int32_t *dense, const uint32_t *pairs, uint32_t v,
                          int32_t *scores)
{
    if ((v & 0xffu) == TAG_DENSE) {
        const int32_t *r = dense + (size_t)(v >> 8) * TAG_ROW;
        for (size_t c = 0; c < TAG_ROW; c++)
            scores[c] += r[c];
        return;
    }
    const uint32_t *p = pairs + (v >> 8);
    for (uint32_t j = 0, c = v & 0xffu; j < c; j++) {
        /* arithmetic shift of the signed 24-bit weight */
        int32_t wgt = (int32_t)(p[j] & 0xffffff00u) / 256;
        scores[p[j] & 0xffu] += wgt;
    }
}

static inline void add_row(const tag_model *m, uint32_t v, int32_t *scores)
{
    add_in(m->dense, m->pairs, v, scores);
}

/* out = the sum of the n rows of TAG_ROW weights rows[0..n) (n >= 1), accumulated in
 * registers rather than in out. */
static inline void sum_rows(const int32_t *const *rows, size_t n, int32_t *out)
{
#if defined(__SSE2__)
    enum { NV = TAG_ROW / 4 };
    __m128i acc[NV];
    for (size_t k = 0; k < NV; k++)
        acc[k] = _mm_loadu_si128((const __m128i *)(const void *)(rows[0] + 4 * k));
    for (size_t j = 1; j < n; j++)
        for (size_t k = 0; k < NV; k++)
            acc[k] = _mm_add_epi32(
                acc[k], _mm_loadu_si128((const __m128i *)(const void *)(rows[j] + 4 * k)));
    for (size_t k = 0; k < NV; k++)
        _mm_storeu_si128((__m128i *)(void *)(out + 4 * k), acc[k]);
#else
    memcpy(out, rows[0], TAG_ROW * sizeof *out);
    for (size_t j = 1; j < n; j++)
        for (size_t c = 0; c < TAG_ROW; c++)
            out[c] += rows[j][c];
#endif
}

static void add_feature(const tag_model *m, uint32_t key, int32_t *scores)
{
    add_row(m, find_row(m, key), scores);
}

/* ---- Loading ------------------------------------------------------------------------- */

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_pow2(uint32_t x) { return x && (x & (x - 1)) == 0; }

/* The fingerprint of a token for the forms table (never 0). */
static inline uint32_t form_fp(const tag_tok *t)
{
    /* (built at load time: any function of h_word and shape will do; h_word is FNV-1a, whose
     * high half is well mixed) */
    return (uint32_t)((t->h_word + t->shape * 0x9e3779b97f4a7c15ull) >> 32) | 1u;
}

/* The dense-row table entry of the token-only features of t when t has a frequent form's
 * lower-cased form and shape, else 0. */
static inline uint32_t form_entry(const tag_model *m, const tag_tok *t)
{
    if (!m->n_fents)
        return 0;
    uint32_t fp = form_fp(t);
    for (uint32_t i = fp & m->form_mask; m->fslots[2 * i]; i = (i + 1) & m->form_mask) {
        if (m->fslots[2 * i] != fp)
            continue;
        const struct tag_fent *e = &m->fents[m->fslots[2 * i + 1] - 1];
        if (e->h_word == t->h_word && e->shape == t->shape && e->h_suf3 == t->h_suf3 &&
            e->h_suf2 == t->h_suf2 && e->h_suf1 == t->h_suf1 && e->h_pre1 == t->h_pre1)
            return e->entry;
    }
    return 0;
}

/* Add form t (its token-only sum in dense row *d) to the forms table, unless there. */
static void form_add(tag_model *m, const tag_tok *t, uint32_t *d)
{
    if (form_entry(m, t))
        return;
    uint32_t fp = form_fp(t), i = fp & m->form_mask;
    while (m->fslots[2 * i])
        i = (i + 1) & m->form_mask;
    struct tag_fent *e = &m->fents[m->n_fents];
    *e = (struct tag_fent){t->h_word, t->h_suf1, t->h_suf2, t->h_suf3, t->h_pre1, t->shape,
                           (*d << 8) | TAG_DENSE};
    uint32_t k[TAG_N_TOKEN];
    token_keys(t, k);
    int32_t *row = m->dense + (size_t)*d * TAG_ROW;
    for (size_t j = 0; j < TAG_N_TOKEN; j++)
        add_feature(m, k[j], row);
    m->n_fents++;
    m->fslots[2 * i] = fp;
    m->fslots[2 * i + 1] = m->n_fents;
    (*d)++;
}

/* Build table, dense, state_rows and lv_rows (see struct tag_model), and the forms table
 * from the n_forms strings in forms[] (checked by the caller). */
static int precompute_rows(tag_model *m, const nev_alloc *a, const char *forms, uint32_t n_forms)
{
    uint32_t n_slots = m->slot_mask + 1, n_dense = 0;
    for (uint32_t i = 0; i < n_slots; i++)
        if (m->slots[2 * i] && (m->slots[2 * i + 1] & 0xffu) >= TAG_DENSE_MIN)
            n_dense++;
    /* a form has its own shape and, when capitalised, its sentence-initial shape */
    uint32_t max_fents = 2 * n_forms, n_fslots = 16;
    while (n_fslots < 2 * max_fents)
        n_fslots *= 2;
    /* as many slots as the section's (at least one bucket), so some bucket has room */
    uint32_t n_buckets = n_slots >= TAG_BUCKET ? n_slots / TAG_BUCKET : 1;
    size_t table_words = (size_t)n_buckets * 2 * TAG_BUCKET;
    m->table_mem = nev_malloc(a, (table_words + 16) * sizeof *m->table);
    if (m->table_mem) {
        m->table = m->table_mem + ((64 - ((uintptr_t)m->table_mem & 63u)) & 63u) / 4;
        memset(m->table, 0, table_words * sizeof *m->table);
    }
    m->bucket_mask = n_buckets - 1;
    m->dense = nev_calloc(a, ((size_t)n_dense + max_fents + 1) * TAG_ROW, sizeof *m->dense);
    m->fents = nev_calloc(a, (size_t)max_fents + 1, sizeof *m->fents);
    m->fslots = nev_calloc(a, (size_t)n_fslots * 2, sizeof *m->fslots);
    m->form_mask = n_fslots - 1;
    if (!m->fents || !m->fslots)
        return NEV_ENOMEM;
    m->state_rows = nev_calloc(a, (size_t)TAG_N_CLASSES * TAG_N_CLASSES * TAG_ROW,
                               sizeof *m->state_rows);
    m->lv_rows = nev_calloc(a, (size_t)TAG_LVC_N * TAG_ROW, sizeof *m->lv_rows);
    if (!m->table || !m->dense || !m->state_rows || !m->lv_rows)
        return NEV_ENOMEM;
    uint32_t d = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        uint32_t key = m->slots[2 * i], v = m->slots[2 * i + 1];
        if (!key)
            continue;
        if ((v & 0xffu) >= TAG_DENSE_MIN) {
            int32_t *row = m->dense + (size_t)d * TAG_ROW;
            const uint32_t *p = m->pairs + (v >> 8);
            for (uint32_t j = 0; j < (v & 0xffu); j++)
                row[p[j] & 0xffu] += (int32_t)(p[j] & 0xffffff00u) / 256;
            v = (d << 8) | TAG_DENSE;
            d++;
        }
        /* the first slot with room from the key's bucket on (there are more slots than
         * keys); a key the section has twice keeps its first entry, as probing found it */
        for (uint32_t b = key & m->bucket_mask;; b = (b + 1) & m->bucket_mask) {
            uint32_t *ln = m->table + (size_t)b * (2 * TAG_BUCKET);
            size_t j = 0;
            while (j < TAG_BUCKET && ln[j] != 0 && ln[j] != key)
                j++;
            if (j == TAG_BUCKET)
                continue;
            if (ln[j] == 0) {
                ln[j] = key;
                ln[TAG_BUCKET + j] = v;
            }
            break;
        }
    }
    int32_t bias[TAG_ROW] = {0}, r1[TAG_ROW];
    add_feature(m, key_bias(), bias);
    for (int p1 = 0; p1 < TAG_N_CLASSES; p1++) {
        memcpy(r1, bias, sizeof r1);
        add_feature(m, key_p1(p1), r1);
        for (int p2 = 0; p2 < TAG_N_CLASSES; p2++) {
            int32_t *row = m->state_rows + ((size_t)p1 * TAG_N_CLASSES + (size_t)p2) * TAG_ROW;
            memcpy(row, r1, sizeof r1);
            add_feature(m, key_p2(p2), row);
            add_feature(m, key_p12(p1, p2), row);
        }
    }
    for (uint32_t v = 0; v < TAG_LVC_N; v++)
        add_feature(m, key_lv(v), m->lv_rows + (size_t)v * TAG_ROW);
    for (uint32_t v = 0; v < TAG_N_CLASSES; v++)
        m->mix_p1[v] = mix64((uint64_t)v + 7u);
    for (uint32_t v = 0; v < TAG_LVC_N; v++)
        m->mix_lvc[v] = mix64((uint64_t)v + 13u);
    for (uint32_t v = 0; v < TAG_LVC_N / 4; v++)
        m->mix_lv[v] = mix64((uint64_t)v + 17u);
    for (uint32_t v = 0; v < TAG_SHAPE_N; v++) {
        m->key6[v] = feat_key(6, v);
        m->key18[v] = feat_key(18, v);
        m->mix_shape[v] = mix64(v + 3u);
    }
    m->key18[TAG_SHAPE_N] = feat_key(18, 0xffff);
    /* the forms, after the table is complete (their sums go through add_feature) */
    for (uint32_t f = 0; f < n_forms; f++) {
        size_t len = strlen(forms);
        tag_tok t;
        tag_token_info(forms, len, &t);
        form_add(m, &t, &d);
        if (t.shape & TAG_SHAPE_UPPER1) {
            t.shape |= TAG_SHAPE_FIRST;
            form_add(m, &t, &d);
        }
        forms += len + 1;
    }
    return NEV_OK;
}

int tag_model_load(tag_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                   nev_error *err)
{
    if (!out || (!data && len))
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "tag_model_load: bad arguments");
    *out = NULL;
    if (len < TAG_HDR_WORDS * 4 || rd32(data) != TAG_MAGIC)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "tagger section: bad magic or size");
    uint32_t version = rd32(data + 4);
    if ((version != TAG_VERSION && version != 1) || rd32(data + 8) != TAG_N_CLASSES)
        return nev_seterr(err, NEV_EDATA, NULL, 0,
                          "tagger section: version %u with %u classes, expected %u with %u",
                          rd32(data + 4), rd32(data + 8), TAG_VERSION, TAG_N_CLASSES);
    uint32_t n_slots = rd32(data + 12), n_pairs = rd32(data + 16), n_dict = rd32(data + 20);
    if (!is_pow2(n_slots) || (n_dict && !is_pow2(n_dict)) || n_pairs >= (1u << 24))
        return nev_seterr(err, NEV_EDATA, NULL, 0, "tagger section: bad table sizes");
    uint32_t forms_len = version >= 2 ? rd32(data + 24) : 0;
    uint32_t n_forms = version >= 2 ? rd32(data + 28) : 0;
    uint64_t words = TAG_HDR_WORDS + 2ull * n_slots + n_pairs + 2ull * n_dict;
    if (forms_len % 4 != 0 || n_forms > forms_len ||
        (words + forms_len / 4) * 4 != len)
        return nev_seterr(err, NEV_EDATA, NULL, 0,
                          "tagger section: %zu bytes, header says %llu", len,
                          (unsigned long long)((words + forms_len / 4) * 4));
    /* the forms: n_forms NUL-terminated ASCII strings of 1 to TAG_WORD_MAX bytes, then zeros
     * (read from the bytes as they are: they are only needed here) */
    const char *forms = (const char *)data + words * 4;
    {
        uint32_t off = 0;
        for (uint32_t f = 0; f < n_forms; f++) {
            uint32_t start = off;
            while (off < forms_len && forms[off] != 0 && (unsigned char)forms[off] < 0x80)
                off++;
            if (off >= forms_len || forms[off] != 0 || off == start ||
                off - start > TAG_WORD_MAX)
                return nev_seterr(err, NEV_EDATA, NULL, 0, "tagger section: bad word forms");
            off++;
        }
        for (; off < forms_len; off++)
            if (forms[off] != 0)
                return nev_seterr(err, NEV_EDATA, NULL, 0, "tagger section: bad word forms");
    }

    tag_model *m = nev_calloc(a, 1, sizeof *m);
    if (!m)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "tagger: out of memory");
    if (a)
        m->alloc = *a;
    const uint16_t probe = 1;
    int little = *(const uint8_t *)&probe == 1;
    const uint32_t *base;
    if (little && ((uintptr_t)data & 3u) == 0) {
        base = (const uint32_t *)(const void *)data;
    } else {
        m->owned = nev_malloc(a, (size_t)words * 4);
        if (!m->owned) {
            nev_free(a, m);
            return nev_seterr(err, NEV_ENOMEM, NULL, 0, "tagger: out of memory");
        }
        for (uint64_t i = 0; i < words; i++)
            m->owned[i] = rd32(data + 4 * i);
        base = m->owned;
    }
    m->slots = base + TAG_HDR_WORDS;
    m->slot_mask = n_slots - 1;
    m->pairs = m->slots + 2ull * n_slots;
    m->n_pairs = n_pairs;
    m->dict = n_dict ? m->pairs + n_pairs : NULL;
    m->dict_mask = n_dict ? n_dict - 1 : 0;

    /* Validate so tagging never reads outside the tables, whatever the bytes say. */
    uint32_t n_empty = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        uint32_t key = m->slots[2 * i], v = m->slots[2 * i + 1];
        if (key == 0) {
            n_empty++;
            continue;
        }
        if ((uint64_t)(v >> 8) + (v & 0xffu) > n_pairs)
            goto bad;
    }
    for (uint32_t i = 0; i < n_pairs; i++)
        if ((m->pairs[i] & 0xffu) >= TAG_N_CLASSES)
            goto bad;
    uint32_t n_dict_empty = 0;
    for (uint32_t i = 0; i < n_dict; i++) {
        if (m->dict[2 * i] == 0)
            n_dict_empty++;
        else if (m->dict[2 * i + 1] == POS_NONE || m->dict[2 * i + 1] >= TAG_N_CLASSES)
            goto bad;
    }
    if (n_empty == 0 || (n_dict && n_dict_empty == 0))
        goto bad; /* probing would never stop */
#if TAG_AVX2
    m->avx2 = __builtin_cpu_supports("avx2") != 0;
#endif
    if (precompute_rows(m, a, forms, n_forms) != NEV_OK) {
        tag_model_free(m);
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "tagger: out of memory");
    }
    *out = m;
    return NEV_OK;
bad:
    tag_model_free(m);
    return nev_seterr(err, NEV_EDATA, NULL, 0, "tagger section: corrupt tables");
}

void tag_model_free(tag_model *m)
{
    if (!m)
        return;
    nev_alloc a = m->alloc;
    nev_free(&a, m->table_mem);
    nev_free(&a, m->dense);
    nev_free(&a, m->state_rows);
    nev_free(&a, m->lv_rows);
    nev_free(&a, m->fents);
    nev_free(&a, m->fslots);
    nev_free(&a, m->owned);
    nev_free(&a, m);
}

/* ---- Tagging ------------------------------------------------------------------------- */

static int dict_lookup(const tag_model *m, uint64_t h)
{
    if (!m->dict)
        return POS_NONE;
    uint32_t key = tag_dict_key(h);
    uint32_t i = key & m->dict_mask;
    for (;;) {
        uint32_t k = m->dict[2 * i];
        if (k == key)
            return (int)m->dict[2 * i + 1];
        if (k == 0)
            return POS_NONE;
        i = (i + 1) & m->dict_mask;
    }
}

/* The sentence-dependent shape bits of token i, once tag_token_info has filled t. */
static void info_adjust(size_t i, int caps, tag_tok *t)
{
    if (caps && (t->shape & TAG_SHAPE_ALPHA)) {
        t->shape &= ~(uint32_t)(TAG_SHAPE_UPPER1 | TAG_SHAPE_ALLCAPS);
        t->shape |= TAG_SHAPE_CAPSENT;
    }
    if (i == 0)
        t->shape |= TAG_SHAPE_FIRST;
}

static void info_at(const char *const *words, const uint32_t *lens, size_t i, int caps,
                    tag_tok *t)
{
    tag_token_info(words[i], lens[i], t);
    info_adjust(i, caps, t);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Prefetch a row of TAG_ROW int32 weights (three cache lines). */
static inline void prefetch_row(const int32_t *r)
{
    PREFETCH(r);
    PREFETCH(r + 16);
    PREFETCH(r + 32);
}

/* Prefetch what table entry v points to (its dense row, or its run of pairs; for 0,
 * pairs[0]) without a branch on the kind of entry, whose outcome would be data-dependent;
 * return 1 when v is a dense row. */
static inline int prefetch_entry(const int32_t *dense, const uint32_t *pairs, uint32_t v)
{
    int isd = (v & 0xffu) == TAG_DENSE;
    /* (selected with a mask: compilers make a branch of ?: here) */
    uintptr_t row = (uintptr_t)(dense + (size_t)(v >> 8) * TAG_ROW);
    uintptr_t run = (uintptr_t)(pairs + (v >> 8));
    uintptr_t msk = 0 - (uintptr_t)isd;
    const char *p = (const char *)(run ^ ((row ^ run) & msk));
    size_t step = 64 & msk; /* a pairs run: the same line again */
    PREFETCH(p);
    PREFETCH(p + step);
    PREFETCH(p + 2 * step);
    return isd;
}

/* The first class with the highest score, POS_NONE (0) excluded (scores has TAG_ROW
 * entries). With SSE2, without branches: the maximum by vector compares, then the first
 * class equal to it from a bit mask of the classes. */
static inline int best_class(const int32_t *scores)
{
#if defined(__SSE2__)
    enum { NV = (TAG_N_CLASSES + 3) / 4 };
    __m128i v[NV], mx;
    for (size_t k = 0; k < NV; k++)
        v[k] = _mm_loadu_si128((const __m128i *)(const void *)(scores + 4 * k));
    /* class 0 and the padding classes never win: they are lifted out of the race */
    const __m128i lo = _mm_set1_epi32(INT32_MIN);
    const __m128i k0 = _mm_setr_epi32(0, -1, -1, -1);
    v[0] = _mm_or_si128(_mm_and_si128(k0, v[0]), _mm_andnot_si128(k0, lo));
    if (TAG_N_CLASSES % 4) {
        const __m128i kl = _mm_cmplt_epi32(_mm_setr_epi32(0, 1, 2, 3),
                                           _mm_set1_epi32(TAG_N_CLASSES % 4));
        v[NV - 1] = _mm_or_si128(_mm_and_si128(kl, v[NV - 1]), _mm_andnot_si128(kl, lo));
    }
    mx = v[0];
    for (size_t k = 1; k < NV; k++) {
        __m128i gt = _mm_cmpgt_epi32(v[k], mx);
        mx = _mm_or_si128(_mm_and_si128(gt, v[k]), _mm_andnot_si128(gt, mx));
    }
    __m128i sh = _mm_shuffle_epi32(mx, _MM_SHUFFLE(1, 0, 3, 2));
    __m128i gt = _mm_cmpgt_epi32(sh, mx);
    mx = _mm_or_si128(_mm_and_si128(gt, sh), _mm_andnot_si128(gt, mx));
    sh = _mm_shuffle_epi32(mx, _MM_SHUFFLE(2, 3, 0, 1));
    gt = _mm_cmpgt_epi32(sh, mx);
    mx = _mm_or_si128(_mm_and_si128(gt, sh), _mm_andnot_si128(gt, mx));
    /* the compares of four vectors packed to 16 bytes (saturation keeps -1 and 0), one
     * movemask for 16 classes */
    enum { NV16 = (NV + 3) / 4 };
    uint64_t bits = 0;
    for (size_t j = 0; j < NV16; j++) {
        __m128i e[4];
        for (size_t k = 0; k < 4; k++)
            e[k] = 4 * j + k < NV ? _mm_cmpeq_epi32(v[4 * j + k], mx) : _mm_setzero_si128();
        __m128i p = _mm_packs_epi16(_mm_packs_epi32(e[0], e[1]), _mm_packs_epi32(e[2], e[3]));
        bits |= (uint64_t)(uint32_t)_mm_movemask_epi8(p) << (16 * j);
    }
    bits &= ((1ull << TAG_N_CLASSES) - 1) & ~1ull;
    return __builtin_ctzll(bits);
#else
    int best = 1;
    int32_t top = scores[1];
    for (int c = 2; c < TAG_N_CLASSES; c++)
        if (scores[c] > top) {
            top = scores[c];
            best = c;
        }
    return best;
#endif
}

/* With gcc or clang on x86-64, tag_sentence is compiled twice, for SSE2 and for AVX2, and the
 * model picks one at load by what the CPU has (the scores are the same integer sums either
 * way): AVX2 sums a row with 6 vector adds instead of 12 and has a vector max. */
#if TAG_AVX2
#define TAG_TARGET_AVX2 __attribute__((target("avx2")))

TAG_TARGET_AVX2 static inline void sum_rows_avx2(const int32_t *const *rows, size_t n,
                                                 int32_t *out)
{
    enum { NV = TAG_ROW / 8 };
    __m256i acc[NV];
    for (size_t k = 0; k < NV; k++)
        acc[k] = _mm256_loadu_si256((const __m256i *)(const void *)(rows[0] + 8 * k));
    for (size_t j = 1; j < n; j++)
        for (size_t k = 0; k < NV; k++)
            acc[k] = _mm256_add_epi32(
                acc[k], _mm256_loadu_si256((const __m256i *)(const void *)(rows[j] + 8 * k)));
    for (size_t k = 0; k < NV; k++)
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * k), acc[k]);
}

/* best_class with AVX2. */
TAG_TARGET_AVX2 static inline int best_class_avx2(const int32_t *scores)
{
    enum { NV = (TAG_N_CLASSES + 7) / 8 };
    _Static_assert(NV * 8 <= TAG_ROW, "best_class_avx2 reads whole vectors");
    __m256i v[NV], mx;
    for (size_t k = 0; k < NV; k++)
        v[k] = _mm256_loadu_si256((const __m256i *)(const void *)(scores + 8 * k));
    /* class 0 and the padding classes never win: they are lifted out of the race */
    const __m256i lo = _mm256_set1_epi32(INT32_MIN);
    v[0] = _mm256_blend_epi32(v[0], lo, 0x01);
    if (TAG_N_CLASSES % 8) {
        const __m256i kl = _mm256_cmpgt_epi32(_mm256_set1_epi32(TAG_N_CLASSES % 8),
                                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        v[NV - 1] = _mm256_blendv_epi8(lo, v[NV - 1], kl);
    }
    mx = v[0];
    for (size_t k = 1; k < NV; k++)
        mx = _mm256_max_epi32(mx, v[k]);
    mx = _mm256_max_epi32(mx, _mm256_permute2x128_si256(mx, mx, 1));
    mx = _mm256_max_epi32(mx, _mm256_shuffle_epi32(mx, _MM_SHUFFLE(1, 0, 3, 2)));
    mx = _mm256_max_epi32(mx, _mm256_shuffle_epi32(mx, _MM_SHUFFLE(2, 3, 0, 1)));
    uint64_t bits = 0;
    for (size_t k = 0; k < NV; k++)
        bits |= (uint64_t)(uint32_t)_mm256_movemask_ps(
                    _mm256_castsi256_ps(_mm256_cmpeq_epi32(v[k], mx)))
                << (8 * k);
    bits &= ((1ull << TAG_N_CLASSES) - 1) & ~1ull;
    return __builtin_ctzll(bits);
}
#define TAG_SUM_ROWS(avx2, rows, n, out)                                                       \
    ((avx2) ? sum_rows_avx2(rows, n, out) : sum_rows(rows, n, out))
#define TAG_BEST_CLASS(avx2, scores) ((avx2) ? best_class_avx2(scores) : best_class(scores))
#else
#define TAG_SUM_ROWS(avx2, rows, n, out) ((void)(avx2), sum_rows(rows, n, out))
#define TAG_BEST_CLASS(avx2, scores) ((void)(avx2), best_class(scores))
#endif

#define TAG_BLOCK 32 /* tokens whose static features are looked up together */
#define TAG_RING 64  /* token analyses kept: a block and two on each side; power of 2 */

/*
 * Tagging runs in blocks of TAG_BLOCK tokens. For each block, the features that do not depend
 * on the tagging state (TAG_N_STATIC per token) are looked up first, all at once with
 * prefetching so the table's cache misses overlap, and summed per token. Then the tokens are
 * tagged left to right: the static sum, the precomputed rows of the state features, and the
 * three features that mix the token with the state. Integer sums do not depend on the order
 * of the terms, so the scores are exactly those of summing tag_features() one by one.
 */
#if defined(__GNUC__)
#define TAG_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define TAG_ALWAYS_INLINE inline
#endif

/* tag_sentence for n > 0 and valid arguments, with AVX2 when avx2 (a constant where it is
 * inlined). */
static TAG_ALWAYS_INLINE void tag_run(const tag_model *m, const char *const *words,
                                      const uint32_t *lens, size_t n, uint8_t *tags, int avx2)
{
    tag_tok ring[TAG_RING]; /* token analyses, at index (position & (TAG_RING - 1)) */
    /* the model's tables in locals (see find_in) */
    const uint32_t *const tab = m->table, *const pairs = m->pairs;
    const int32_t *const dense = m->dense;
    const uint32_t smask = m->bucket_mask;
    int caps;
    size_t n_info = 0;
    if (n <= TAG_RING) {
        /* the whole sentence fits the ring: analyse every token first and count the
         * capitalised words from the analyses (tag_sentence_is_caps counts the same) */
        size_t n_alpha = 0, n_caps = 0;
        for (size_t i = 0; i < n; i++) {
            tag_token_info(words[i], lens[i], &ring[i]);
            n_alpha += (ring[i].shape & TAG_SHAPE_ALPHA) != 0;
            n_caps += ring[i].no_lower;
        }
        caps = n_alpha >= 2 && n_caps * 4 >= n_alpha * 3;
        for (size_t i = 0; i < n; i++) {
            info_adjust(i, caps, &ring[i]);
            if (!caps && m->dict)
                PREFETCH(&m->dict[2 * (tag_dict_key(ring[i].h_exact) & m->dict_mask)]);
        }
        n_info = n;
    } else {
        caps = tag_sentence_is_caps(words, lens, n);
    }
    uint32_t keys[TAG_BLOCK][TAG_N_STATIC]; /* context keys, then token keys (or none) */
    uint32_t fent[TAG_BLOCK];               /* form_entry of the token, 0 for none */
    size_t nk[TAG_BLOCK];                   /* keys to look up */
    /* what the lookup of a token's keys found, for the few tokens between lookup and sum
     * (by position in the pipeline mod 4): nd dense rows, then the ns other entries (over
     * the token's keys) */
    const int32_t *drow[4][TAG_N_STATIC + 1];
    uint8_t nd[4], ns[4];
    /* the sum of a token's static features, then (from the guess pass on) plus the rows of
     * the guessed state (the state rows and the verb-context row) */
    int32_t stat[TAG_BLOCK][TAG_ROW];
    int dtag[TAG_BLOCK];
    uint32_t gkey[TAG_BLOCK][3], gval[TAG_BLOCK][3]; /* mixed keys for guessed tags, entries */
    tag_state gst[TAG_BLOCK];                        /* the guessed state before each token */
    uint64_t glvc[TAG_BLOCK];                        /* and its lv_code */
    tag_state st;
    tag_state_init(&st);
    for (size_t b = 0; b < n; b += TAG_BLOCK) {
        size_t e = n - b > TAG_BLOCK ? b + TAG_BLOCK : n;
        size_t need = n - e > 2 ? e + 2 : n;
        for (; n_info < need; n_info++) {
            tag_tok *t = &ring[n_info & (TAG_RING - 1)];
            info_at(words, lens, n_info, caps, t);
            if (!caps && m->dict)
                PREFETCH(&m->dict[2 * (tag_dict_key(t->h_exact) & m->dict_mask)]);
        }
        /* static features: keys first (for a frequent form, the features of the token alone
         * are one precomputed row); then a software pipeline over the block's tokens:
         * prefetch the table slots of token q, look up the rows of token q - D (prefetching
         * their weights), sum the rows of token q - 2D (counting the tokens outside the tag
         * dictionary only) */
        for (size_t i = b; i < e; i++) {
            const tag_tok *t = &ring[i & (TAG_RING - 1)];
            dtag[i - b] = caps ? POS_NONE : dict_lookup(m, t->h_exact);
            if (dtag[i - b] != POS_NONE)
                continue;
            const tag_tok *ctx[5] = {
                i >= 2 ? &ring[(i - 2) & (TAG_RING - 1)] : NULL,
                i >= 1 ? &ring[(i - 1) & (TAG_RING - 1)] : NULL, t,
                i + 1 < n ? &ring[(i + 1) & (TAG_RING - 1)] : NULL,
                i + 2 < n ? &ring[(i + 2) & (TAG_RING - 1)] : NULL};
            context_keys_m(m, ctx, keys[i - b]);
            fent[i - b] = form_entry(m, t);
            if (fent[i - b]) {
                prefetch_row(dense + (size_t)(fent[i - b] >> 8) * TAG_ROW);
                nk[i - b] = TAG_N_CONTEXT;
            } else {
                token_keys_m(m, t, keys[i - b] + TAG_N_CONTEXT);
                nk[i - b] = TAG_N_STATIC;
            }
        }
        enum { D = 2 };
        size_t nb = e - b, nl = 0;
        uint8_t live[TAG_BLOCK]; /* the block's tokens that the perceptron tags */
        for (size_t q = 0; q < nb; q++)
            if (dtag[q] == POS_NONE)
                live[nl++] = (uint8_t)q;
        for (size_t x = 0; x < nl + 2 * D; x++) {
            if (x < nl) {
                size_t q = live[x];
                for (size_t k = 0; k < nk[q]; k++)
                    PREFETCH(bucket_of(tab, smask, keys[q][k]));
            }
            if (x >= D && x - D < nl) {
                size_t p = live[x - D], sl = (x - D) & 3u, npd = 0, nps = 0;
                uint32_t *kk = keys[p];
                if (fent[p])
                    drow[sl][npd++] = dense + (size_t)(fent[p] >> 8) * TAG_ROW;
                for (size_t k = 0; k < nk[p]; k++) {
                    /* (without branches on the entry: see prefetch_entry) */
                    uint32_t v = find_in(tab, smask, kk[k]);
                    int isd = prefetch_entry(dense, pairs, v);
                    drow[sl][npd] = dense + (size_t)(v >> 8) * TAG_ROW;
                    npd += (size_t)isd;
                    kk[nps] = v;
                    nps += (size_t)(!isd & (v != 0));
                }
                nd[sl] = (uint8_t)npd;
                ns[sl] = (uint8_t)nps;
            }
            if (x >= 2 * D && x - 2 * D < nl) {
                size_t r = live[x - 2 * D], sl = (x - 2 * D) & 3u;
                if (nd[sl])
                    TAG_SUM_ROWS(avx2, drow[sl], nd[sl], stat[r]);
                else
                    memset(stat[r], 0, sizeof stat[r]);
                for (size_t k = 0; k < ns[sl]; k++)
                    add_in(dense, pairs, keys[r][k], stat[r]);
            }
        }
        /* guess the tags: each token's best class by its static sum and the state rows,
         * carrying a guessed state along; the features mixing a token with the guessed state
         * are looked up now, in a pipeline like the one above, so the left-to-right pass
         * below finds them ready whenever the guess was right (most tokens) instead of
         * waiting for the table once the previous tag is known */
        {
            tag_state gs = st;
            for (size_t q = 0; q < nb + D; q++) {
                if (q < nb && dtag[q] == POS_NONE) {
                    const tag_tok *t = &ring[(b + q) & (TAG_RING - 1)];
                    gst[q] = gs;
                    glvc[q] = lv_code(&gs);
                    mixed_keys_m(m, t, &gs, gkey[q]);
                    for (size_t k = 0; k < 3; k++)
                        PREFETCH(bucket_of(tab, smask, gkey[q][k]));
                    const int32_t *srow =
                        m->state_rows + ((size_t)gs.p1 * TAG_N_CLASSES + (size_t)gs.p2) * TAG_ROW;
                    const int32_t *rows[3] = {stat[q], srow};
                    uint64_t lvc = glvc[q];
                    size_t nr = 2;
                    if (lvc < TAG_LVC_N)
                        rows[nr++] = m->lv_rows + (size_t)lvc * TAG_ROW;
                    TAG_SUM_ROWS(avx2, rows, nr, stat[q]); /* in place */
                    state_push(&gs, t, TAG_BEST_CLASS(avx2, stat[q]));
                } else if (q < nb) {
                    state_push(&gs, &ring[(b + q) & (TAG_RING - 1)], dtag[q]);
                }
                if (q >= D && dtag[q - D] == POS_NONE)
                    for (size_t k = 0; k < 3; k++) {
                        uint32_t v = find_in(tab, smask, gkey[q - D][k]);
                        gval[q - D][k] = v;
                        prefetch_entry(dense, pairs, v);
                    }
            }
        }
        /* left to right; the keys of the features mixing a token with the state are made
         * (and their slots prefetched) as soon as the previous tag is known */
        uint32_t mk[3];
        if (dtag[0] == POS_NONE) /* the guessed state is st there */
            memcpy(mk, gkey[0], sizeof mk);
        for (size_t i = b; i < e; i++) {
            const tag_tok *t = &ring[i & (TAG_RING - 1)];
            int best = dtag[i - b];
            if (best == POS_NONE) {
                int32_t scores[TAG_ROW];
                const int32_t *srow =
                    m->state_rows + ((size_t)st.p1 * TAG_N_CLASSES + (size_t)st.p2) * TAG_ROW;
                uint64_t lvc = lv_code(&st);
                /* most tags (not verbs, modals or clause breaks) leave the verb context as
                 * it is, one token further: start the next token's lookups of the two
                 * features that depend on it for that case now, before this tag is known */
                if (i + 1 < e && dtag[i + 1 - b] == POS_NONE) {
                    tag_state ps = st;
                    if (++ps.lv_dist > 5)
                        ps.lv = 0;
                    const tag_state *g = &gst[i + 1 - b];
                    /* (nothing to do when the guess has this verb context: its lookups are
                     * done) */
                    if (ps.lv != g->lv || lv_code(&ps) != glvc[i + 1 - b]) {
                        const tag_tok *nt = &ring[(i + 1) & (TAG_RING - 1)];
                        uint32_t k21 = feat_key(21, nt->h_suf2 ^ mixv_lvc(m, lv_code(&ps)));
                        uint32_t k22 = feat_key(22, nt->h_word ^ mixv_lv(m, ps.lv));
                        PREFETCH(bucket_of(tab, smask, k21));
                        PREFETCH(bucket_of(tab, smask, k22));
                    }
                }
                /* the rows of the features mixing token and state first (their weights are
                 * fetched while the precomputed rows are summed), then the sum */
                uint32_t ev[4];
                size_t ne = 0;
                for (size_t k = 0; k < 3; k++)
                    ev[ne++] = mk[k] == gkey[i - b][k] ? gval[i - b][k] : find_in(tab, smask, mk[k]);
                if (lvc >= TAG_LVC_N)
                    ev[ne++] = find_in(tab, smask, key_lv(lvc));
                const int32_t *rows[3 + 4];
                size_t nr = 0, nsp = 0;
                const tag_state *g = &gst[i - b];
                int32_t base[TAG_ROW];
                if (st.p1 == g->p1 && st.p2 == g->p2 && lvc == glvc[i - b]) {
                    rows[nr++] = stat[i - b]; /* it has this state's rows */
                } else {
                    /* the static sum again: stat less the guessed state's rows (exact in
                     * wrapping arithmetic, like the vector adds) */
                    const int32_t *gr =
                        m->state_rows + ((size_t)g->p1 * TAG_N_CLASSES + (size_t)g->p2) * TAG_ROW;
                    const int32_t *gl =
                        glvc[i - b] < TAG_LVC_N ? m->lv_rows + (size_t)glvc[i - b] * TAG_ROW : NULL;
                    for (size_t c = 0; c < TAG_ROW; c++)
                        base[c] = (int32_t)((uint32_t)stat[i - b][c] - (uint32_t)gr[c] -
                                            (gl ? (uint32_t)gl[c] : 0u));
                    rows[nr++] = base;
                    rows[nr++] = srow;
                    if (lvc < TAG_LVC_N)
                        rows[nr++] = m->lv_rows + (size_t)lvc * TAG_ROW;
                }
                for (size_t k = 0; k < ne; k++) {
                    uint32_t v = ev[k];
                    int isd = prefetch_entry(dense, pairs, v);
                    rows[nr] = dense + (size_t)(v >> 8) * TAG_ROW;
                    nr += (size_t)isd;
                    ev[nsp] = v;
                    nsp += (size_t)(!isd & (v != 0));
                }
                TAG_SUM_ROWS(avx2, rows, nr, scores);
                for (size_t k = 0; k < nsp; k++)
                    add_in(dense, pairs, ev[k], scores);
                best = TAG_BEST_CLASS(avx2, scores);
            }
            tags[i] = (uint8_t)best;
            state_push(&st, t, best);
            if (i + 1 < e && dtag[i + 1 - b] == POS_NONE) {
                const tag_state *g = &gst[i + 1 - b];
                uint64_t lvc = lv_code(&st);
                if (st.p2 != g->p2 || st.p1 != g->p1 || lvc != glvc[i + 1 - b]) {
                    /* the guess's sum of the state rows is not this state's */
                    prefetch_row(m->state_rows +
                                 ((size_t)st.p1 * TAG_N_CLASSES + (size_t)st.p2) * TAG_ROW);
                    if (lvc < TAG_LVC_N)
                        prefetch_row(m->lv_rows + (size_t)lvc * TAG_ROW);
                }
                if (st.p1 == g->p1 && st.lv == g->lv && lvc == glvc[i + 1 - b]) {
                    memcpy(mk, gkey[i + 1 - b], sizeof mk); /* the guess was right so far */
                } else {
                    mixed_keys_m(m, &ring[(i + 1) & (TAG_RING - 1)], &st, mk);
                    for (size_t k = 0; k < 3; k++)
                        PREFETCH(bucket_of(tab, smask, mk[k]));
                }
            }
        }
    }
}

static void tag_run_sse2(const tag_model *m, const char *const *words, const uint32_t *lens,
                         size_t n, uint8_t *tags)
{
    tag_run(m, words, lens, n, tags, 0);
}

#if TAG_AVX2
TAG_TARGET_AVX2 static void tag_run_avx2(const tag_model *m, const char *const *words,
                                         const uint32_t *lens, size_t n, uint8_t *tags)
{
    tag_run(m, words, lens, n, tags, 1);
}
#endif

int tag_sentence(const tag_model *m, const char *const *words, const uint32_t *lens, size_t n,
                 uint8_t *tags)
{
    if (n == 0)
        return NEV_OK;
    if (!m || !words || !lens || !tags)
        return NEV_EINVAL;
#if TAG_AVX2
    if (m->avx2) {
        tag_run_avx2(m, words, lens, n, tags);
        return NEV_OK;
    }
#endif
    tag_run_sse2(m, words, lens, n, tags);
    return NEV_OK;
}
