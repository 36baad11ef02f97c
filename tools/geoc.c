/*
 * geoc - host tool: compiles the gazetteer into the "geo" model section (layout in
 * src/geo.h).
 * usage: geoc CITIES500 ADMIN1_JSON ISO3166_JSON PLACES_TXT OUT.sec
 *
 * Inputs: GeoNames cities500.txt (TSV), GeoNames admin1 names as JSON ([{"code":"RU.61",
 * "name":"Rostov"}]), iso-codes iso_3166-1.json (alpha-2 -> alpha-3, country names) and our
 * data/places.txt (extra places and the common-word stoplist; its header documents it).
 * Every name is folded with text_fold(), the function the runtime applies to article text.
 * Indexed per city: name, asciiname and the Latin-script alternate names (minus codes, very
 * short names and stoplisted words); per admin1 division: its name and "X region",
 * "X oblast", "X province", ... variants; variants with '-' as ' ' and without apostrophes.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "geo.h"
#include "text.h"

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "geoc: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

#define GROW(arr, n, cap)                                                                      \
    do {                                                                                       \
        if ((n) >= (cap)) {                                                                    \
            (cap) = (cap) ? (cap) * 2 : 1024;                                                  \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));                                    \
        }                                                                                      \
    } while (0)

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: %s", path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- the string pool: place names and keys ------------------------------------------- */

static char *pool;
static size_t pool_len, pool_cap;

static uint32_t pool_add(const char *s, size_t n, bool nul)
{
    while (pool_len + n + 1 >= pool_cap) {
        pool_cap = pool_cap ? pool_cap * 2 : (1u << 20);
        pool = xrealloc(pool, pool_cap);
    }
    uint32_t off = (uint32_t)pool_len;
    memcpy(pool + pool_len, s, n);
    pool_len += n;
    if (nul)
        pool[pool_len++] = '\0';
    return off;
}

/* ---- places and name entries ---------------------------------------------------------- */

static geo_rec *places;
static size_t n_places, cap_places;

typedef struct entry {
    uint32_t koff; /* in keypool */
    uint16_t klen;
    uint8_t alt;
    uint32_t place;
} entry;

static char *keypool;
static size_t keypool_len, keypool_cap;
static entry *ents;
static size_t n_ents, cap_ents;

/* Sorted folded stoplist and country names. */
static char **common;
static size_t n_common, cap_common;
static char **countries;
static size_t n_countries, cap_countries;
static char **notcountry; /* "!-" lines: iso-codes country names kept as places */
static size_t n_notcountry, cap_notcountry;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool in_sorted(char **set, size_t n, const char *s)
{
    return n && bsearch(&s, set, n, sizeof *set, cmp_str) != NULL;
}

static void add_entry_raw(const char *key, size_t klen, uint32_t place, bool alt)
{
    if (klen == 0 || klen > GEO_KEY_MAX)
        return;
    while (keypool_len + klen >= keypool_cap) {
        keypool_cap = keypool_cap ? keypool_cap * 2 : (1u << 22);
        keypool = xrealloc(keypool, keypool_cap);
    }
    GROW(ents, n_ents, cap_ents);
    ents[n_ents].koff = (uint32_t)keypool_len;
    ents[n_ents].klen = (uint16_t)klen;
    ents[n_ents].alt = alt ? 1 : 0;
    ents[n_ents].place = place;
    n_ents++;
    memcpy(keypool + keypool_len, key, klen);
    keypool_len += klen;
}

/* Index folded key k for place, plus its variants: '-' as ' ', apostrophes dropped. */
static void add_key(const char *k, size_t klen, uint32_t place, bool alt)
{
    if (klen == 0 || klen > GEO_KEY_MAX)
        return;
    add_entry_raw(k, klen, place, alt);
    char v[GEO_KEY_MAX + 1];
    size_t n = 0;
    bool changed = false;
    for (size_t i = 0; i < klen; i++) {
        char c = k[i];
        if (c == '-') {
            c = ' ';
            changed = true;
        }
        if (c == ' ' && n > 0 && v[n - 1] == ' ')
            continue;
        v[n++] = c;
    }
    if (changed)
        add_entry_raw(v, n, place, alt);
    if (memchr(v, '\'', n)) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (v[i] != '\'')
                v[m++] = v[i];
        add_entry_raw(v, m, place, alt);
    }
}

static size_t fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = text_fold(s, len, out, cap);
    return n < cap ? n : 0; /* truncated keys are not indexed */
}

/* Is the UTF-8 name written in Latin script (with common punctuation), without digits? */
static bool latin_name(const char *s, size_t len)
{
    bool letter = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        if (cp < 0x80) {
            if (isdigit((int)cp) || cp == '(' || cp == ')' || cp == '/' || cp == ';')
                return false;
            if (isalpha((int)cp))
                letter = true;
            continue;
        }
        if ((cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7) ||
            (cp >= 0x1E00 && cp <= 0x1EFF)) {
            letter = true;
            continue;
        }
        if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x2010 && cp <= 0x2019) || cp == 0xA0 ||
            cp == 0x2BC || cp == 0x2BB || cp == 0x2BF || cp == 0x2BE)
            continue;
        return false;
    }
    return letter;
}

/* Short all-capital codes (IATA/ICAO, abbreviations): "ROV", "LED", "UKKK". */
static bool code_like(const char *s, size_t len)
{
    if (len > 4)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)s[i]))
            return false;
    return true;
}

/* Index one name of a place. Primary names are always indexed (stoplisted ones get flagged
 * later); alternate names must be Latin, not codes, 3+ characters and not stoplisted. */
static void add_name(const char *s, size_t len, uint32_t place, bool alt)
{
    char k[GEO_KEY_MAX + 1];
    if (len == 0)
        return;
    if (alt && (!latin_name(s, len) || code_like(s, len)))
        return;
    size_t n = fold(s, len, k, sizeof k);
    if (n == 0 || (alt && n < 3))
        return;
    if (alt && in_sorted(common, n_common, k))
        return;
    add_key(k, n, place, alt);
}

static uint32_t new_place(void)
{
    GROW(places, n_places, cap_places);
    memset(&places[n_places], 0, sizeof places[0]);
    places[n_places].admin1_idx = 0xFFFF;
    return (uint32_t)n_places++;
}

/* ---- iso-codes: alpha-2 -> alpha-3 and country names ---------------------------------- */

static char a2to3[26 * 26][4];

static void add_country_name(const char *s)
{
    char k[GEO_KEY_MAX + 1];
    size_t n = fold(s, strlen(s), k, sizeof k);
    if (n == 0 || strchr(k, ','))
        return;
    GROW(countries, n_countries, cap_countries);
    countries[n_countries++] = strdup(k);
}

static void load_iso(const char *path)
{
    size_t len;
    char *txt = read_file(path, &len);
    cJSON *root = cJSON_Parse(txt);
    if (!root)
        die("%s: bad JSON", path);
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "3166-1");
    if (!cJSON_IsArray(arr))
        die("%s: no 3166-1 array", path);
    cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *a2 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "alpha_2"));
        const char *a3 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "alpha_3"));
        if (!a2 || !a3 || strlen(a2) != 2 || strlen(a3) != 3 || !isupper((unsigned char)a2[0]) ||
            !isupper((unsigned char)a2[1]))
            continue;
        memcpy(a2to3[(a2[0] - 'A') * 26 + (a2[1] - 'A')], a3, 4);
        const char *names[] = {"name", "common_name"};
        for (int i = 0; i < 2; i++) {
            const char *nm = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, names[i]));
            if (nm)
                add_country_name(nm);
        }
    }
    cJSON_Delete(root);
    free(txt);
}

static const char *cc3_of(const char *a2, size_t len)
{
    if (len != 2 || !isupper((unsigned char)a2[0]) || !isupper((unsigned char)a2[1]))
        return NULL;
    const char *a3 = a2to3[(a2[0] - 'A') * 26 + (a2[1] - 'A')];
    if (a3[0])
        return a3;
    if (a2[0] == 'X' && a2[1] == 'K')
        return "XKX"; /* Kosovo: user-assigned in ISO, used by GeoNames */
    return NULL;
}

/* ---- admin1 --------------------------------------------------------------------------- */

typedef struct admin1 {
    char code[24]; /* "RU.61" */
    char *name;
    uint32_t name_off;
    double wlat, wlon, wsum;
    uint64_t pop;
    uint32_t n_cities;
} admin1;

static admin1 *adm;
static size_t n_adm;

static int cmp_adm(const void *a, const void *b)
{
    return strcmp(((const admin1 *)a)->code, ((const admin1 *)b)->code);
}

static void load_admin1(const char *path)
{
    size_t len;
    char *txt = read_file(path, &len);
    cJSON *root = cJSON_Parse(txt);
    if (!cJSON_IsArray(root))
        die("%s: expected a JSON array", path);
    size_t n = (size_t)cJSON_GetArraySize(root);
    adm = xrealloc(NULL, n * sizeof *adm);
    cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "code"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name"));
        if (!code || !name || strlen(code) >= sizeof adm[0].code || !name[0])
            continue;
        admin1 *a = &adm[n_adm++];
        memset(a, 0, sizeof *a);
        strcpy(a->code, code);
        a->name = strdup(name);
    }
    if (n_adm >= 0xFFFF)
        die("%s: too many divisions", path);
    qsort(adm, n_adm, sizeof *adm, cmp_adm);
    for (size_t i = 0; i < n_adm; i++)
        adm[i].name_off = pool_add(adm[i].name, strlen(adm[i].name), true);
    cJSON_Delete(root);
    free(txt);
}

static long find_admin1(const char *cc2, size_t cc2_len, const char *code, size_t code_len)
{
    admin1 key;
    if (cc2_len + code_len + 2 > sizeof key.code || code_len == 0)
        return -1;
    memcpy(key.code, cc2, cc2_len);
    key.code[cc2_len] = '.';
    memcpy(key.code + cc2_len + 1, code, code_len);
    key.code[cc2_len + 1 + code_len] = '\0';
    admin1 *a = bsearch(&key, adm, n_adm, sizeof *adm, cmp_adm);
    return a ? a - adm : -1;
}

/* Suffixes GeoNames puts on division names, and the ones we index. */
static const char *const div_suffixes[] = {
    " oblast", " autonomous region", " region", " province", " governorate", " state",
    " prefecture", " krai", " kray", " city", " district", " county", " department",
    " voivodeship", " municipality", " territory", " republic", " autonomous okrug", " okrug",
    " emirate", " division", " raion", "-do", NULL};
static const char *const div_variants[] = {" region", " oblast", " province", " governorate",
                                           " state", " prefecture", NULL};

static void add_admin1_places(void)
{
    for (size_t i = 0; i < n_adm; i++) {
        admin1 *a = &adm[i];
        if (a->n_cities == 0)
            continue;
        const char *cc3 = cc3_of(a->code, (size_t)(strchr(a->code, '.') - a->code));
        if (!cc3)
            continue;
        uint32_t p = new_place();
        geo_rec *r = &places[p];
        r->lat = (float)(a->wlat / a->wsum);
        r->lon = (float)(a->wlon / a->wsum);
        r->population = a->pop > UINT32_MAX ? UINT32_MAX : (uint32_t)a->pop;
        r->name_off = a->name_off;
        r->admin1_off = a->name_off;
        memcpy(r->cc3, cc3, 4);
        r->kind = GEO_REGION;
        r->flags = GEO_RF_ADMIN1;
        r->admin1_idx = (uint16_t)i;
        char k[GEO_KEY_MAX + 1];
        size_t n = fold(a->name, strlen(a->name), k, sizeof k);
        if (n == 0)
            continue;
        add_key(k, n, p, false);
        /* base name: strip "Oblast", "Governorate", ... and "Republic of" */
        size_t bn = n;
        for (int s = 0; div_suffixes[s]; s++) {
            size_t sl = strlen(div_suffixes[s]);
            if (bn > sl + 2 && memcmp(k + bn - sl, div_suffixes[s], sl) == 0) {
                bn -= sl;
                break;
            }
        }
        char base[GEO_KEY_MAX + 1];
        const char *b = k;
        if (bn > 12 && memcmp(k, "republic of ", 12) == 0) {
            b += 12;
            bn -= 12;
        }
        memcpy(base, b, bn);
        base[bn] = '\0';
        if (bn < 3)
            continue;
        add_key(base, bn, p, false);
        for (int v = 0; div_variants[v]; v++) {
            char kv[GEO_KEY_MAX + 1];
            int m = snprintf(kv, sizeof kv, "%s%s", base, div_variants[v]);
            if (m > 0 && (size_t)m < sizeof kv)
                add_key(kv, (size_t)m, p, false);
        }
    }
}

/* ---- cities500 ------------------------------------------------------------------------ */

static uint8_t kind_of(const char *fc, size_t len, uint8_t *level)
{
    *level = 0;
    if ((len == 4 && memcmp(fc, "PPLC", 4) == 0) || (len == 4 && memcmp(fc, "PPLG", 4) == 0))
        return GEO_CAPITAL;
    if (len >= 4 && memcmp(fc, "PPLA", 4) == 0) {
        *level = len == 4 ? 1 : (uint8_t)(fc[4] >= '2' && fc[4] <= '4' ? fc[4] - '0' : 4);
        return GEO_ADMIN_SEAT;
    }
    return GEO_CITY;
}

static void load_cities(const char *path)
{
    size_t len;
    char *txt = read_file(path, &len);
    size_t lineno = 0;
    char *line = txt;
    while (line < txt + len) {
        char *eol = strchr(line, '\n');
        if (!eol)
            eol = txt + len;
        *eol = '\0';
        lineno++;
        const char *f[19];
        size_t fl[19];
        int nf = 0;
        char *s = line;
        while (nf < 19) {
            char *t = strchr(s, '\t');
            f[nf] = s;
            fl[nf] = t ? (size_t)(t - s) : strlen(s);
            nf++;
            if (!t)
                break;
            s = t + 1;
        }
        if (nf < 15) {
            if (fl[0] > 0)
                fprintf(stderr, "geoc: %s:%zu: short line skipped\n", path, lineno);
            line = eol + 1;
            continue;
        }
        const char *cc3 = cc3_of(f[8], fl[8]);
        if (!cc3) {
            line = eol + 1;
            continue;
        }
        uint32_t p = new_place();
        geo_rec *r = &places[p];
        r->geonameid = (uint32_t)strtoul(f[0], NULL, 10);
        r->lat = strtof(f[4], NULL);
        r->lon = strtof(f[5], NULL);
        unsigned long long pop = strtoull(f[14], NULL, 10);
        r->population = pop > UINT32_MAX ? UINT32_MAX : (uint32_t)pop;
        r->name_off = pool_add(f[1], fl[1], true);
        memcpy(r->cc3, cc3, 4);
        uint8_t level;
        r->kind = kind_of(f[7], fl[7], &level);
        r->flags = level;
        long ai = find_admin1(f[8], fl[8], f[10], fl[10]);
        if (ai >= 0) {
            admin1 *a = &adm[ai];
            r->admin1_idx = (uint16_t)ai;
            r->admin1_off = a->name_off;
            double w = r->population > 0 ? (double)r->population : 1.0;
            a->wlat += w * r->lat;
            a->wlon += w * r->lon;
            a->wsum += w;
            a->pop += r->population;
            a->n_cities++;
        }
        add_name(f[1], fl[1], p, false);
        add_name(f[2], fl[2], p, false);
        const char *alt = f[3], *end = f[3] + fl[3];
        while (alt < end) {
            const char *c = memchr(alt, ',', (size_t)(end - alt));
            if (!c)
                c = end;
            add_name(alt, (size_t)(c - alt), p, true);
            alt = c + 1;
        }
        line = eol + 1;
    }
    free(txt);
}

/* ---- data/places.txt -------------------------------------------------------------------- */

typedef struct own_line {
    char *names, *cc3s, *kind;
    float lat, lon;
    size_t lineno;
} own_line;

static own_line *own;
static size_t n_own, cap_own;

/* First pass: the stoplist ("!word") and country aliases ("!!name"); places are kept for the
 * second pass, which runs after cities so that their records follow the cities'. */
static void load_places_txt(const char *path)
{
    size_t len;
    char *txt = read_file(path, &len);
    size_t lineno = 0;
    char *line = txt;
    while (line < txt + len) {
        char *eol = strchr(line, '\n');
        if (!eol)
            eol = txt + len;
        *eol = '\0';
        lineno++;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        char k[GEO_KEY_MAX + 1];
        if (ll == 0 || line[0] == '#') {
            /* comment */
        } else if (line[0] == '!' && line[1] == '!') {
            add_country_name(line + 2);
        } else if (line[0] == '!' && line[1] == '-') {
            size_t n = fold(line + 2, ll - 2, k, sizeof k);
            if (n) {
                GROW(notcountry, n_notcountry, cap_notcountry);
                notcountry[n_notcountry++] = strdup(k);
            }
        } else if (line[0] == '!') {
            size_t n = fold(line + 1, ll - 1, k, sizeof k);
            if (n) {
                GROW(common, n_common, cap_common);
                common[n_common++] = strdup(k);
            }
        } else {
            char *fld[5];
            int nf = 0;
            char *s = line;
            while (nf < 5) {
                fld[nf++] = s;
                char *t = strchr(s, '\t');
                if (!t)
                    break;
                *t = '\0';
                s = t + 1;
            }
            if (nf != 5)
                die("%s:%zu: expected 5 tab-separated fields", path, lineno);
            char *e1, *e2;
            float lat = strtof(fld[2], &e1), lon = strtof(fld[3], &e2);
            if (*e1 || *e2 || fabsf(lat) > 90.0f || fabsf(lon) > 180.0f)
                die("%s:%zu: bad coordinates", path, lineno);
            GROW(own, n_own, cap_own);
            own[n_own].names = strdup(fld[0]);
            own[n_own].cc3s = strdup(fld[1]);
            own[n_own].kind = strdup(fld[4]);
            own[n_own].lat = lat;
            own[n_own].lon = lon;
            own[n_own].lineno = lineno;
            n_own++;
        }
        line = eol + 1;
    }
    free(txt);
    qsort(common, n_common, sizeof *common, cmp_str);
    qsort(notcountry, n_notcountry, sizeof *notcountry, cmp_str);
}

static void add_own_places(const char *path)
{
    static const struct {
        const char *name;
        uint8_t kind;
    } kinds[] = {{"sea", GEO_WATER},       {"strait", GEO_WATER}, {"river", GEO_WATER},
                 {"gulf", GEO_WATER},      {"lake", GEO_WATER},   {"region", GEO_REGION},
                 {"border", GEO_REGION},   {"peninsula", GEO_REGION},
                 {"city", GEO_CITY},       {"other", GEO_OTHER}};
    for (size_t i = 0; i < n_own; i++) {
        own_line *o = &own[i];
        int kind = -1;
        for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++)
            if (strcmp(o->kind, kinds[j].name) == 0)
                kind = kinds[j].kind;
        if (kind < 0)
            die("%s:%zu: unknown kind '%s'", path, o->lineno, o->kind);
        const char *canon_end = strchr(o->names, '|');
        size_t canon_len = canon_end ? (size_t)(canon_end - o->names) : strlen(o->names);
        uint32_t name_off = pool_add(o->names, canon_len, true);
        /* one record per listed country, in file order (the first is the default) */
        for (char *c = o->cc3s; *c;) {
            size_t cl = strcspn(c, ",");
            if (cl != 3 || !isupper((unsigned char)c[0]))
                die("%s:%zu: bad country list '%s'", path, o->lineno, o->cc3s);
            uint32_t p = new_place();
            geo_rec *r = &places[p];
            r->lat = o->lat;
            r->lon = o->lon;
            memcpy(r->cc3, c, 3);
            r->cc3[3] = '\0';
            r->name_off = name_off;
            r->kind = (uint8_t)kind;
            r->flags = GEO_RF_OWN;
            for (char *nm = o->names; *nm;) {
                size_t nl = strcspn(nm, "|");
                char k[GEO_KEY_MAX + 1];
                size_t kl = fold(nm, nl, k, sizeof k);
                if (kl)
                    add_key(k, kl, p, false);
                nm += nl;
                if (*nm == '|')
                    nm++;
            }
            c += cl;
            if (*c == ',')
                c++;
        }
    }
}

/* ---- index construction ---------------------------------------------------------------- */

static int cmp_keys(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al < bl ? -1 : al > bl);
}

static int cmp_ent(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = cmp_keys(keypool + a->koff, a->klen, keypool + b->koff, b->klen);
    if (c)
        return c;
    if (a->place != b->place)
        return a->place < b->place ? -1 : 1;
    return (int)a->alt - (int)b->alt;
}

/* Candidate order: population descending, then file order. */
static int cmp_cand(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa & ~GEO_CAND_ALT, b = *(const uint32_t *)pb & ~GEO_CAND_ALT;
    if (places[a].population != places[b].population)
        return places[a].population > places[b].population ? -1 : 1;
    return a < b ? -1 : a > b;
}

typedef struct ukey {
    uint32_t koff; /* in keypool until written */
    uint16_t klen;
    uint8_t flags;
    uint32_t cand_start, n_cand;
} ukey;

static ukey *keys;
static size_t n_keys, cap_keys;

static int cmp_ukey(const void *pa, const void *pb)
{
    const ukey *a = pa, *b = pb;
    return cmp_keys(keypool + a->koff, a->klen, keypool + b->koff, b->klen);
}

static ukey *find_ukey(const char *k, size_t kl, size_t n_sorted)
{
    size_t lo = 0, hi = n_sorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_keys(keypool + keys[mid].koff, keys[mid].klen, k, kl);
        if (c == 0)
            return &keys[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void write_all(FILE *f, const void *p, size_t n, const char *path)
{
    if (n && fwrite(p, 1, n, f) != n)
        die("%s: write failed", path);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: geoc CITIES500 ADMIN1_JSON ISO3166_JSON PLACES_TXT OUT.sec\n");
        return 2;
    }
    clock_t t0 = clock();
    pool_add("", 0, true);
    load_places_txt(argv[4]);
    load_iso(argv[3]);
    load_admin1(argv[2]);
    load_cities(argv[1]);
    size_t n_city_places = n_places;
    add_admin1_places();
    add_own_places(argv[4]);
    qsort(countries, n_countries, sizeof *countries, cmp_str);

    /* group entries by key, dropping duplicate (key, place) pairs (primary wins) */
    qsort(ents, n_ents, sizeof *ents, cmp_ent);
    uint32_t *cands = xrealloc(NULL, n_ents * sizeof *cands);
    size_t n_cands = 0, n_names = 0;
    for (size_t i = 0; i < n_ents;) {
        size_t j = i;
        GROW(keys, n_keys, cap_keys);
        ukey *u = &keys[n_keys++];
        u->koff = ents[i].koff;
        u->klen = ents[i].klen;
        u->flags = 0;
        u->cand_start = (uint32_t)n_cands;
        while (j < n_ents && cmp_keys(keypool + ents[j].koff, ents[j].klen, keypool + u->koff,
                                      u->klen) == 0) {
            if (j == i || ents[j].place != ents[j - 1].place)
                cands[n_cands++] = ents[j].place | (ents[j].alt ? GEO_CAND_ALT : 0);
            j++;
        }
        u->n_cand = (uint32_t)(n_cands - u->cand_start);
        qsort(cands + u->cand_start, u->n_cand, sizeof *cands, cmp_cand);
        if (u->n_cand > 65535) {
            n_cands = u->cand_start + 65535;
            u->n_cand = 65535;
        }
        n_names++;
        i = j;
    }
    /* prefixes of multi-word keys, stoplist and country names; new keys get no candidates */
    size_t n_sorted = n_keys;
    for (size_t i = 0; i < n_sorted; i++) {
        for (uint16_t p = 1; p < keys[i].klen; p++) {
            if (keypool[keys[i].koff + p] != ' ')
                continue;
            ukey *u = find_ukey(keypool + keys[i].koff, p, n_sorted);
            if (u) {
                u->flags |= GEO_KF_PREFIX;
                continue;
            }
            GROW(keys, n_keys, cap_keys);
            keys[n_keys++] = (ukey){keys[i].koff, p, GEO_KF_PREFIX, 0, 0};
        }
    }
    qsort(keys, n_keys, sizeof *keys, cmp_ukey);
    /* merge duplicate prefix-only keys */
    size_t w = 0;
    for (size_t i = 0; i < n_keys; i++) {
        if (w > 0 && cmp_ukey(&keys[w - 1], &keys[i]) == 0) {
            keys[w - 1].flags |= keys[i].flags;
            if (keys[i].n_cand) {
                keys[w - 1].cand_start = keys[i].cand_start;
                keys[w - 1].n_cand = keys[i].n_cand;
            }
            continue;
        }
        keys[w++] = keys[i];
    }
    n_keys = w;
    for (int pass = 0; pass < 2; pass++) {
        char **set = pass == 0 ? common : countries;
        size_t n = pass == 0 ? n_common : n_countries;
        uint8_t flag = pass == 0 ? GEO_KF_COMMON : GEO_KF_COUNTRY;
        for (size_t i = 0; i < n; i++) {
            size_t kl = strlen(set[i]);
            if (kl == 0 || kl > GEO_KEY_MAX)
                continue;
            if (pass == 1 && in_sorted(notcountry, n_notcountry, set[i]))
                continue;
            ukey *u = find_ukey(set[i], kl, n_keys);
            if (u) {
                u->flags |= flag;
                continue;
            }
            size_t before = keypool_len;
            add_entry_raw(set[i], kl, 0, false); /* only to copy the text into keypool */
            n_ents--;
            GROW(keys, n_keys, cap_keys);
            keys[n_keys++] = (ukey){(uint32_t)before, (uint16_t)kl, flag, 0, 0};
        }
        qsort(keys, n_keys, sizeof *keys, cmp_ukey);
    }

    /* the continuation filter: every key P + ' ' + rest goes into the lines of each such P
     * that is a key with GEO_KF_PREFIX (a stoplisted or country key added above may lack
     * such a P: no longest match reaches it, geo_find_more_h neither); a P gets a line per
     * GEO_NEXT_PER_LINE keys */
    uint32_t *n_more = calloc(n_keys ? n_keys : 1, sizeof *n_more);
    if (!n_more)
        die("out of memory");
    size_t n_next = 0;
    for (size_t i = 0; i < n_keys; i++)
        for (uint16_t p = 1; p < keys[i].klen; p++) {
            if (keypool[keys[i].koff + p] != ' ')
                continue;
            ukey *u = find_ukey(keypool + keys[i].koff, p, n_keys);
            if (!u || !(u->flags & GEO_KF_PREFIX))
                continue;
            n_more[u - keys]++;
            n_next++;
        }
    uint32_t next_lines = 64;
    while ((uint64_t)next_lines * GEO_NEXT_PER_LINE < n_next)
        next_lines *= 2;
    for (size_t i = 0; i < n_keys; i++) {
        unsigned span = 0;
        while ((uint64_t)GEO_NEXT_PER_LINE << span < n_more[i] && span < 20)
            span++;
        keys[i].flags |= (uint8_t)(span << GEO_KF_SPAN_SHIFT);
    }
    uint64_t *next = calloc((size_t)next_lines * 8, sizeof *next);
    if (!next)
        die("out of memory");
    for (size_t i = 0; i < n_keys; i++) {
        const char *kt = keypool + keys[i].koff;
        uint32_t h = geo_hash(kt, keys[i].klen);
        unsigned bit[3];
        geo_next_bits(h, bit);
        for (uint16_t p = 1; p < keys[i].klen; p++) {
            if (kt[p] != ' ')
                continue;
            const ukey *u = find_ukey(kt, p, n_keys);
            if (!u || !(u->flags & GEO_KF_PREFIX))
                continue;
            uint64_t *line = next + (size_t)geo_next_line(geo_hash(kt, p), h,
                                                          u->flags >> GEO_KF_SPAN_SHIFT,
                                                          next_lines - 1) * 8;
            for (int q = 0; q < 3; q++)
                line[bit[q] >> 6] |= 1ull << (bit[q] & 63);
        }
    }
    free(n_more);

    /* keys into the pool: a key that is a prefix of the previous key's text shares it */
    uint32_t *koff_pool = xrealloc(NULL, n_keys * sizeof *koff_pool);
    for (size_t i = 0; i < n_keys; i++) {
        if (i + 1 < n_keys && keys[i + 1].klen > keys[i].klen &&
            memcmp(keypool + keys[i + 1].koff, keypool + keys[i].koff, keys[i].klen) == 0) {
            koff_pool[i] = UINT32_MAX; /* filled from the next key below */
            continue;
        }
        koff_pool[i] = pool_add(keypool + keys[i].koff, keys[i].klen, false);
    }
    for (size_t i = n_keys; i-- > 0;)
        if (koff_pool[i] == UINT32_MAX)
            koff_pool[i] = koff_pool[i + 1];
    pool_add("", 0, true); /* the pool ends with a NUL */

    /* the slot table, load factor <= 0.7 (16-byte slots: as big as 0.5 with 4-byte buckets
     * and 12-byte key records) */
    uint32_t n_slots = 1024;
    while ((uint64_t)n_slots * 7 < (uint64_t)n_keys * 10 + 1)
        n_slots *= 2;
    geo_krec *krecs = calloc(n_slots, sizeof *krecs);
    /* cands keeps the candidates of keys with several; a single one is in its slot */
    uint32_t *cands_out = xrealloc(NULL, (n_cands ? n_cands : 1) * sizeof *cands_out);
    size_t n_cands_out = 0;
    if (!krecs)
        die("out of memory");
    for (size_t i = 0; i < n_keys; i++) {
        uint32_t h = geo_hash(pool + koff_pool[i], keys[i].klen), s = h & (n_slots - 1);
        while (krecs[s].key_len)
            s = (s + 1) & (n_slots - 1);
        geo_krec *k = &krecs[s];
        k->hash = h;
        k->key_off = koff_pool[i];
        k->key_len = (uint8_t)keys[i].klen;
        k->flags = keys[i].flags;
        k->n_cand = (uint16_t)keys[i].n_cand;
        if (k->n_cand == 1) {
            k->cand = cands[keys[i].cand_start];
        } else {
            k->cand = (uint32_t)n_cands_out;
            memcpy(cands_out + n_cands_out, cands + keys[i].cand_start,
                   k->n_cand * sizeof *cands);
            n_cands_out += k->n_cand;
        }
    }
    free(cands);
    cands = cands_out;
    n_cands = n_cands_out;

    geo_hdr hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.magic = GEO_MAGIC;
    hdr.version = GEO_VERSION;
    hdr.n_places = (uint32_t)n_places;
    hdr.n_keys = (uint32_t)n_keys;
    hdr.n_slots = n_slots;
    hdr.n_cands = (uint32_t)n_cands;
    hdr.n_names = (uint32_t)n_names;
    hdr.float_check = 1.5f;
    uint64_t off = sizeof hdr;
    hdr.off_places = (uint32_t)off;
    off += n_places * sizeof(geo_rec);
    hdr.off_keys = (uint32_t)off;
    off += (uint64_t)n_slots * sizeof(geo_krec);
    hdr.off_cands = (uint32_t)off;
    off += n_cands * 4;
    hdr.off_pool = (uint32_t)off;
    size_t pad = (4 - pool_len % 4) % 4;
    for (size_t i = 0; i < pad; i++)
        pool_add("", 0, true);
    hdr.pool_len = (uint32_t)pool_len;
    off += pool_len;
    /* the Bloom filters, on 8-byte boundaries (the pool's padding is zeros) */
    uint64_t *bloom, *lower;
    uint32_t bloom_words, lower_words;
    if (geo_build_filters(places, krecs, n_slots, cands, pool, NULL, &bloom,
                          &bloom_words, &lower, &lower_words) != NEV_OK)
        die("out of memory");
    static const char zeros[8];
    size_t bloom_pad = (size_t)((8 - off % 8) % 8);
    off += bloom_pad;
    hdr.off_bloom = (uint32_t)off;
    hdr.bloom_words = bloom_words;
    off += (uint64_t)bloom_words * 8;
    hdr.off_lower = (uint32_t)off;
    hdr.lower_words = lower_words;
    off += (uint64_t)lower_words * 8;
    size_t next_pad = (size_t)((64 - off % 64) % 64);
    off += next_pad;
    hdr.off_next = (uint32_t)off;
    hdr.next_lines = next_lines;
    off += (uint64_t)next_lines * 64;
    if (off > UINT32_MAX)
        die("section too large");

    FILE *f = fopen(argv[5], "wb");
    if (!f)
        die("%s: %s", argv[5], strerror(errno));
    write_all(f, &hdr, sizeof hdr, argv[5]);
    write_all(f, places, n_places * sizeof *places, argv[5]);
    write_all(f, krecs, (size_t)n_slots * sizeof *krecs, argv[5]);
    write_all(f, cands, n_cands * 4, argv[5]);
    write_all(f, pool, pool_len, argv[5]);
    write_all(f, zeros, bloom_pad, argv[5]);
    write_all(f, bloom, (size_t)bloom_words * 8, argv[5]);
    write_all(f, lower, (size_t)lower_words * 8, argv[5]);
    static const char zeros64[64];
    write_all(f, zeros64, next_pad, argv[5]);
    write_all(f, next, (size_t)next_lines * 64, argv[5]);
    free(next);
    free(bloom);
    free(lower);
    if (fclose(f) != 0)
        die("%s: write failed", argv[5]);
    fprintf(stderr,
            "geoc: %zu places (%zu cities, %zu own/admin1), %zu names, %zu keys, %zu candidates, "
            "%zu stopwords, %zu continuations in %u lines, %.1f MB, %.2f s\n",
            n_places, n_city_places, n_places - n_city_places, n_names, n_keys, n_cands,
            n_common, n_next, next_lines, (double)off / 1e6, (double)(clock() - t0) / CLOCKS_PER_SEC);
    return 0;
}
