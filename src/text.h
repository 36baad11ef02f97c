/*
 * text.h - UTF-8 helpers shared by the pipeline and the dictionary compilers: decoding,
 * validation with replacement, and the key folding that makes dictionary keys and article
 * text comparable ("Kyïv", "KYIV" and "kyiv" all fold to "kyiv").
 */
#ifndef NEV_TEXT_H
#define NEV_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__GNUC__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Decode one code point at s[0..len). Returns its byte length (1..4) and stores it in *cp;
 * on an invalid or truncated sequence stores 0xFFFD and returns 1. len must be > 0. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (4 bytes room). Returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/* Length of the longest valid UTF-8 prefix of s, i.e. len when s is valid. */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Length of the ASCII prefix of s[0..len) (bytes below 0x80), sixteen (SSE2) or eight bytes at
 * a time. */
static inline size_t text_ascii_prefix(const char *s, size_t len)
{
    size_t i = 0;
    uint64_t x;
#if defined(__GNUC__) && defined(__SSE2__)
    /* sixteen bytes at a time: the top bits as a mask */
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(v);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i + 8 <= len && (memcpy(&x, s + i, 8), !(x & 0x8080808080808080ull)))
        i += 8;
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* Eight bytes at a time (SWAR): does one of the eight bytes of x equal c? (A byte of x ^ c is
 * zero: only then does the borrow of the subtraction reach its top bit.) */
static inline bool swar_has_byte(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (0x0101010101010101ull * c);
    return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

/* Is one of the eight bytes of x a control byte (below 0x20)? */
static inline bool swar_has_control(uint64_t x)
{
    return ((x - 0x2020202020202020ull) & ~x & 0x8080808080808080ull) != 0;
}

/*
 * Fold s[0..len) into a comparison key written to out (cap bytes, always NUL-terminated when
 * cap > 0): lower case; Latin letters with diacritics to plain ASCII (é->e, ł->l, ß->ss);
 * curly apostrophes and quotes to ' and "; every dash and hyphen to '-'; any run of white
 * space to one ' '; leading and trailing space dropped. Other scripts are kept, lower-cased
 * where a simple mapping exists (Cyrillic, Greek). Returns the key length, which may be
 * larger than cap - 1 (then the key was truncated, like snprintf).
 */
size_t text_fold(const char *s, size_t len, char *out, size_t cap);

/* Fold one code point: writes up to 3 bytes to out and returns the count (0 to drop it). */
size_t text_fold_cp(uint32_t cp, char *out);

#endif /* NEV_TEXT_H */
