/*
 * dictc - host tool: the dictionary compiler. Reads the plain-text dictionaries in data/
 * (format in data/README.md) and ISO 3166 names from Debian's iso-codes, checks them, folds
 * every key with the same text_fold() the library applies to article text, and writes the
 * model sections:
 *
 *   dictc actors OUT.sec ISO_3166_JSON DIR/actors/NAME.txt...
 *       lines "KIND<TAB>CODE<TAB>FROM<TAB>TO<TAB>FLAGS<TAB>HOME<TAB>CANONICAL<TAB>key|key|..."
 *       where KIND is the enum actor_kind number, FROM/TO are days since 1970 or "-", FLAGS
 *       the AEF_* bits and HOME a group's home country or "-".
 *   dictc patterns OUT.sec CAMEO.txt verbs.txt nouns.txt
 *       lines "V|N|L<TAB>CODE<TAB>FLAGS<TAB>ITEM ITEM ..." (L: light verb)
 *   dictc cameo OUT.sec CAMEO.txt
 *       lines "CODE<TAB>GOLDSTEIN<TAB>QUAD<TAB>PLOVER"
 *   dictc check FILE...
 *       reports forms with conflicting codes for overlapping dates (run by the tests)
 *
 * A line "@alias<TAB>native|native<TAB>latin form" in an actor file gives forms written in
 * another script (Cyrillic, Arabic, Hangul...) to every entry, in any actor file, that lists
 * the Latin form. Their keys are made with translit_phrase(), the function the library
 * applies to the article's words, so the keys meet whatever ICU's romanisation gives.
 *
 * Errors name the file and line ("data/actors/people.txt:812: bad date range") and make the
 * build fail. Duplicate forms with conflicting codes and overlapping dates are reported.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "translit.h"

static int n_errors;

static void fail(const char *file, long line, const char *msg, const char *what)
{
    fprintf(stderr, "%s:%ld: %s%s%s\n", file, line, msg, what ? ": " : "", what ? what : "");
    n_errors++;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "%s: read failed\n", path);
        exit(1);
    }
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
}

/* The next line of a dictionary buffer that is not blank or a '#' comment, trimmed and
 * NUL-terminated in place; *line counts lines. NULL at the end. */
static char *next_line(char **cur, long *line)
{
    while (*cur && **cur) {
        char *p = *cur, *nl = strchr(p, '\n');
        if (nl)
            *nl++ = '\0';
        *cur = nl;
        (*line)++;
        trim(p);
        if (*p != '#' && *p != '\0')
            return p;
    }
    return NULL;
}

static int code_ok(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n > 11)
        return 0;
    if (strcmp(c, "-") == 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9')))
            return 0;
    return 1;
}

static int parse_range(const char *s, char *from, char *to, size_t cap)
{
    if (strcmp(s, "-") == 0 || *s == '\0') {
        snprintf(from, cap, "-");
        snprintf(to, cap, "-");
        return 1;
    }
    const char *dots = strstr(s, "..");
    if (!dots)
        return 0;
    size_t fl = (size_t)(dots - s);
    const char *t = dots + 2;
    if (fl == 0)
        snprintf(from, cap, "-");
    else {
        int32_t d = parse_date(s, fl);
        if (d == INT32_MIN || fl != 10)
            return 0;
        snprintf(from, cap, "%ld", (long)d);
    }
    if (*t == '\0')
        snprintf(to, cap, "-");
    else {
        int32_t d = parse_date(t, strlen(t));
        if (d == INT32_MIN || strlen(t) != 10)
            return 0;
        snprintf(to, cap, "%ld", (long)d);
    }
    return 1;
}

static int has_flag(const char *flags, const char *f)
{
    size_t n = strlen(f);
    for (const char *p = flags; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        while (l && *p == ' ') {
            p++;
            l--;
        }
        if (l == n && memcmp(p, f, n) == 0)
            return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* ---- native-script aliases --------------------------------------------------------------- */
typedef struct alias {
    char *target; /* the folded Latin form the native forms stand for */
    char *keys;   /* the native forms' keys, "key|key" */
    char *file;
    long line;
    int used;
} alias;

static alias *aliases;
static size_t n_aliases;
static translit *alias_tr; /* opened at the first alias */

static int is_alias_line(const char *p)
{
    return strncmp(p, "@alias\t", 7) == 0;
}

/* Collect the @alias lines of an actor file (before any file is compiled: an alias may name
 * an entry of another file). */
static void load_aliases(const char *path)
{
    char *buf = read_all(path, NULL);
    long line = 0;
    char *cur = buf, *p;
    while ((p = next_line(&cur, &line)) != NULL) {
        if (!is_alias_line(p))
            continue;
        char *f[4] = {0};
        if (nev_split_tabs(p, f, 4) != 3 || !*f[1] || !*f[2]) {
            fail(path, line, "expected @alias<TAB>native|native<TAB>latin form", NULL);
            continue;
        }
        char target[512];
        size_t tl = text_fold(f[2], strlen(f[2]), target, sizeof target);
        if (tl == 0 || tl >= sizeof target || translit_wanted(f[2], strlen(f[2]))) {
            fail(path, line, "an alias names the Latin form of an entry", f[2]);
            continue;
        }
        char keys[2048] = "";
        size_t kn = 0;
        for (char *tok = strtok(f[1], "|"); tok; tok = strtok(NULL, "|")) {
            if (!translit_wanted(tok, strlen(tok))) {
                fail(path, line, "alias form without letters of another script (list it on the "
                                 "entry's line)", tok);
                continue;
            }
            if (strpbrk(tok, ".,;:!?\"()[]/&") || strstr(tok, "\xE2\x80\x8C") ||
                strstr(tok, "\xE2\x80\x8D")) { /* ZWNJ, ZWJ: the tokenizer cuts there */
                fail(path, line, "alias form: letters, spaces, hyphens and apostrophes only", tok);
                continue;
            }
            if (!alias_tr && translit_open(&alias_tr, NULL) != NEV_OK) {
                fail(path, line, "ICU cannot build the transliterator", TRANSLIT_ID);
                break;
            }
            char key[512];
            size_t n;
            if (translit_phrase(alias_tr, tok, strlen(tok), key, sizeof key, &n) != NEV_OK ||
                n == 0) {
                fail(path, line, "cannot transliterate", tok);
                continue;
            }
            if (kn + n + 2 >= sizeof keys) {
                fail(path, line, "too many alias forms", NULL);
                break;
            }
            kn += (size_t)snprintf(keys + kn, sizeof keys - kn, "%s%s", kn ? "|" : "", key);
        }
        if (!kn)
            continue;
        aliases = realloc(aliases, sizeof *aliases * (n_aliases + 1));
        alias *a = &aliases[n_aliases++];
        a->target = strdup(target);
        a->keys = strdup(keys);
        a->file = strdup(path);
        a->line = line;
        a->used = 0;
    }
    free(buf);
}

/* Write "|key" for the native forms aliased to a folded form. */
static void write_alias_keys(FILE *out, const char *key)
{
    for (size_t i = 0; i < n_aliases; i++)
        if (strcmp(aliases[i].target, key) == 0) {
            fprintf(out, "|%s", aliases[i].keys);
            aliases[i].used = 1;
        }
}

static void check_aliases_used(void)
{
    for (size_t i = 0; i < n_aliases; i++)
        if (!aliases[i].used)
            fail(aliases[i].file, aliases[i].line, "no entry lists the aliased form",
                 aliases[i].target);
}

static void free_aliases(void)
{
    for (size_t i = 0; i < n_aliases; i++) {
        free(aliases[i].target);
        free(aliases[i].keys);
        free(aliases[i].file);
    }
    free(aliases);
    aliases = NULL;
    n_aliases = 0;
    translit_close(alias_tr);
    alias_tr = NULL;
}

/* Write "key|key|..." folded, dropping empty and duplicate forms, each followed by the keys
 * of its native-script aliases. */
static void write_keys(FILE *out, const char *forms, const char *file, long line)
{
    char *copy = strdup(forms);
    int first = 1;
    for (char *tok = strtok(copy, "|"); tok; tok = strtok(NULL, "|")) {
        char key[512];
        size_t n = text_fold(tok, strlen(tok), key, sizeof key);
        if (n == 0)
            continue;
        if (n >= sizeof key) {
            fail(file, line, "form too long", tok);
            continue;
        }
        if (strchr(key, '\t')) {
            fail(file, line, "tab inside a form", tok);
            continue;
        }
        fprintf(out, "%s%s", first ? "" : "|", key);
        write_alias_keys(out, key);
        first = 0;
    }
    if (first)
        fail(file, line, "no forms", NULL);
    free(copy);
}

static int kind_for(const char *file, const char *flags)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    if (has_flag(flags, "block"))
        return AK_BLOCK;
    if (strncmp(base, "countries", 9) == 0)
        return has_flag(flags, "adj") ? AK_ADJ : AK_COUNTRY;
    if (strncmp(base, "seats", 5) == 0)
        return AK_SEAT;
    if (strncmp(base, "orgs", 4) == 0)
        return has_flag(flags, "group") ? AK_GROUP : has_flag(flags, "media") ? AK_MEDIA : AK_ORG;
    if (strncmp(base, "people", 6) == 0)
        return AK_PERSON;
    if (strncmp(base, "agents", 6) == 0)
        return AK_AGENT;
    if (strncmp(base, "titles", 6) == 0)
        return AK_TITLE;
    return 0;
}

static void actor_file(FILE *out, const char *path)
{
    char *buf = read_all(path, NULL);
    long line = 0;
    char *cur = buf, *p;
    while ((p = next_line(&cur, &line)) != NULL) {
        if (is_alias_line(p))
            continue; /* read by load_aliases */
        char *f[5] = {0};
        int nf = nev_split_tabs(p, f, 5);
        if (nf < 2) {
            fail(path, line, "expected CODE<TAB>forms", p);
            continue;
        }
        const char *flags = nf >= 4 ? f[3] : "";
        int kind = kind_for(path, flags);
        if (!kind) {
            fail(path, line, "unknown dictionary file kind", NULL);
            break;
        }
        if (!code_ok(f[0])) {
            fail(path, line, "bad actor code", f[0]);
            continue;
        }
        char from[32], to[32];
        if (!parse_range(nf >= 3 ? f[2] : "-", from, to, sizeof from)) {
            fail(path, line, "bad date range (want YYYY-MM-DD..YYYY-MM-DD)", f[2]);
            continue;
        }
        char canon[256];
        const char *bar = strchr(f[1], '|');
        size_t cl = bar ? (size_t)(bar - f[1]) : strlen(f[1]);
        if (cl >= sizeof canon)
            cl = sizeof canon - 1;
        memcpy(canon, f[1], cl);
        canon[cl] = '\0';
        int fl = (has_flag(flags, "place") ? AEF_PLACE : 0) |
                 (has_flag(flags, "caps") ? AEF_CAPS : 0) |
                 (has_flag(flags, "ambiguous") ? AEF_AMBIGUOUS : 0);
        char home[8] = "-";
        const char *h = strstr(flags, "home=");
        if (h) {
            snprintf(home, sizeof home, "%.3s", h + 5);
            if (strlen(home) != 3 || !code_ok(home)) {
                fail(path, line, "bad home=XXX country", h);
                continue;
            }
        }
        fprintf(out, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t", kind, f[0], from, to, fl, home, canon);
        write_keys(out, f[1], path, line);
        fputc('\n', out);
    }
    free(buf);
}

/* Official and common names of every ISO 3166-1 country, as extra country forms. */
static void iso_countries(FILE *out, const char *path)
{
    char *buf = read_all(path, NULL);
    cJSON *root = cJSON_Parse(buf);
    const cJSON *list = root ? cJSON_GetObjectItem(root, "3166-1") : NULL;
    if (!cJSON_IsArray(list)) {
        fail(path, 0, "not an iso-codes 3166-1 file", NULL);
        cJSON_Delete(root);
        free(buf);
        return;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, list)
    {
        const cJSON *a3 = cJSON_GetObjectItem(c, "alpha_3");
        if (!cJSON_IsString(a3))
            continue;
        const char *keys[] = {"name", "official_name", "common_name"};
        char forms[1024] = "";
        for (int i = 0; i < 3; i++) {
            const cJSON *v = cJSON_GetObjectItem(c, keys[i]);
            if (!cJSON_IsString(v) || strchr(v->valuestring, ','))
                continue; /* "Korea, Republic of" style inversions are left to our own file */
            if (*forms)
                strncat(forms, "|", sizeof forms - strlen(forms) - 1);
            strncat(forms, v->valuestring, sizeof forms - strlen(forms) - 1);
        }
        if (!*forms)
            continue;
        const cJSON *nm = cJSON_GetObjectItem(c, "name");
        fprintf(out, "%d\t%s\t-\t-\t0\t-\t%s\t", AK_COUNTRY, a3->valuestring,
                cJSON_IsString(nm) ? nm->valuestring : a3->valuestring);
        write_keys(out, forms, path, 0);
        fputc('\n', out);
    }
    cJSON_Delete(root);
    free(buf);
}

/* ---- patterns and cameo ----------------------------------------------------------------- */
static char **cameo_codes;
static int n_cameo;

static void load_cameo(const char *path, FILE *out)
{
    char *buf = read_all(path, NULL);
    long line = 0;
    char *cur = buf, *p;
    while ((p = next_line(&cur, &line)) != NULL) {
        char *f[5] = {0};
        int nf = nev_split_tabs(p, f, 5);
        if (nf < 4 || strlen(f[0]) < 2 || strlen(f[0]) > 4) {
            fail(path, line, "expected CODE<TAB>GOLDSTEIN<TAB>QUAD<TAB>PLOVER", NULL);
            continue;
        }
        char *end;
        double g = strtod(f[1], &end);
        long q = strtol(f[2], NULL, 10);
        if (*end || g < -10 || g > 10 || q < 0 || q > 4) {
            fail(path, line, "bad Goldstein value or quad class", f[0]);
            continue;
        }
        cameo_codes = realloc(cameo_codes, sizeof *cameo_codes * (size_t)(n_cameo + 1));
        cameo_codes[n_cameo++] = strdup(f[0]);
        if (out)
            fprintf(out, "%s\t%s\t%ld\t%s\n", f[0], f[1], q, f[3]);
    }
    free(buf);
}

static int cameo_known(const char *c)
{
    for (int i = 0; i < n_cameo; i++)
        if (strcmp(cameo_codes[i], c) == 0)
            return 1;
    return 0;
}

static void pattern_file(FILE *out, const char *path, char type)
{
    char *buf = read_all(path, NULL);
    long line = 0;
    char *cur = buf, *p;
    while ((p = next_line(&cur, &line)) != NULL) {
        char *f[4] = {0};
        int nf = nev_split_tabs(p, f, 4);
        if (nf < 2) {
            fail(path, line, "expected CODE<TAB>PATTERN[<TAB>FLAGS]", p);
            continue;
        }
        if (strcmp(f[0], "LIGHT") == 0) {
            char key[128];
            text_fold(f[1], strlen(f[1]), key, sizeof key);
            fprintf(out, "L\t-\t\t%s\n", key);
            continue;
        }
        if (strcmp(f[0], "-") != 0 && !cameo_known(f[0])) {
            fail(path, line, "unknown CAMEO code", f[0]);
            continue;
        }
        char key[512];
        size_t kl = text_fold(f[1], strlen(f[1]), key, sizeof key);
        if (kl == 0 || kl >= sizeof key) {
            fail(path, line, "empty or too long pattern", NULL);
            continue;
        }
        const char *k0 = key;
        if (strncmp(k0, "n:", 2) == 0)
            k0 += 2;
        fprintf(out, "%c\t%s\t%s\t%s\n", type, f[0], nf >= 3 ? f[2] : "", k0);
    }
    free(buf);
}

/* ---- check: duplicates, conflicting codes, overlapping date ranges ---------------------- */
typedef struct form_rec {
    char *form, *code, *file;
    long line, from, to; /* days; LONG_MIN/LONG_MAX when open */
    int kind;
} form_rec;

static form_rec *recs;
static size_t n_recs, cap_recs;

static int cmp_rec(const void *a, const void *b)
{
    const form_rec *x = a, *y = b;
    int c = strcmp(x->form, y->form);
    return c ? c : (x->from < y->from ? -1 : x->from > y->from);
}

static void add_rec(const char *form, size_t len, const char *code, const char *file, long line,
                    const char *from, const char *to, int kind)
{
    if (n_recs == cap_recs) {
        cap_recs = cap_recs ? cap_recs * 2 : 4096;
        recs = realloc(recs, cap_recs * sizeof *recs);
    }
    form_rec *r = &recs[n_recs++];
    r->form = strndup(form, len);
    r->code = strdup(code);
    r->file = strdup(file);
    r->line = line;
    r->from = strcmp(from, "-") ? atol(from) : -2147483647L;
    r->to = strcmp(to, "-") ? atol(to) : 2147483647L;
    r->kind = kind;
}

static void check_file(const char *path)
{
    char *buf = read_all(path, NULL);
    long line = 0;
    char *cur = buf, *p;
    while ((p = next_line(&cur, &line)) != NULL) {
        if (is_alias_line(p))
            continue;
        char *f[5] = {0};
        int nf = nev_split_tabs(p, f, 5);
        if (nf < 2)
            continue;
        const char *flags = nf >= 4 ? f[3] : "";
        char from[32], to[32];
        if (!parse_range(nf >= 3 ? f[2] : "-", from, to, sizeof from))
            continue;
        char *copy = strdup(f[1]);
        for (char *tok = strtok(copy, "|"); tok; tok = strtok(NULL, "|")) {
            char key[512];
            text_fold(tok, strlen(tok), key, sizeof key);
            int kind = kind_for(path, flags);
            add_rec(key, strlen(key), f[0], path, line, from, to, kind);
            /* the entry's native-script aliases take its code and dates */
            for (size_t a = 0; a < n_aliases; a++) {
                if (strcmp(aliases[a].target, key) != 0)
                    continue;
                aliases[a].used = 1;
                for (const char *k = aliases[a].keys, *bar; k; k = bar ? bar + 1 : NULL) {
                    bar = strchr(k, '|');
                    add_rec(k, bar ? (size_t)(bar - k) : strlen(k), f[0], aliases[a].file,
                            aliases[a].line, from, to, kind);
                }
            }
        }
        free(copy);
    }
    free(buf);
}

/* Same form, different code, overlapping dates, same kind of dictionary: an error. The same
 * form in different kinds (a person's surname that is also a town) is allowed. */
static int run_check(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        load_aliases(argv[i]);
    for (int i = 2; i < argc; i++)
        check_file(argv[i]);
    check_aliases_used();
    if (n_recs)
        qsort(recs, n_recs, sizeof *recs, cmp_rec);
    size_t people = 0, dated = 0;
    for (size_t i = 0; i < n_recs; i++) {
        if (recs[i].kind == AK_PERSON) {
            people++;
            dated += recs[i].from > -2147483647L || recs[i].to < 2147483647L;
        }
        for (size_t j = i + 1; j < n_recs && strcmp(recs[j].form, recs[i].form) == 0; j++) {
            const form_rec *a = &recs[i], *b = &recs[j];
            bool same_kind = a->kind == b->kind ||
                             ((a->kind == AK_COUNTRY || a->kind == AK_ADJ) &&
                              (b->kind == AK_COUNTRY || b->kind == AK_ADJ));
            if (!same_kind || strcmp(a->code, b->code) == 0)
                continue;
            /* a handover day may belong to both terms */
            long lo = a->from > b->from ? a->from : b->from, hi = a->to < b->to ? a->to : b->to;
            if (hi - lo >= 1) {
                fprintf(stderr,
                        "%s:%ld: \"%s\" is %s here and %s at %s:%ld for overlapping dates\n",
                        b->file, b->line, b->form, b->code, a->code, a->file, a->line);
                n_errors++;
            }
        }
    }
    printf("dictc check: %zu forms, %zu person forms (%zu dated), %d conflict(s)\n", n_recs,
           people, dated, n_errors);
    return n_errors ? 1 : 0;
}

/* Free what a run collected, so the compiler can run again in one process (the fuzz target
 * calls main repeatedly). */
static void dictc_reset(void)
{
    for (int i = 0; i < n_cameo; i++)
        free(cameo_codes[i]);
    free(cameo_codes);
    cameo_codes = NULL;
    n_cameo = 0;
    for (size_t i = 0; i < n_recs; i++) {
        free(recs[i].form);
        free(recs[i].code);
        free(recs[i].file);
    }
    free(recs);
    recs = NULL;
    n_recs = cap_recs = 0;
    n_errors = 0;
    free_aliases();
}

static int dictc_run(int argc, char **argv);

#ifndef DICTC_NO_MAIN
int main(int argc, char **argv)
{
    return dictc_run(argc, argv);
}
#endif

/* The whole compiler; also the entry point of the dictc fuzz target. */
int dictc_main(int argc, char **argv);
int dictc_main(int argc, char **argv)
{
    int rc = dictc_run(argc, argv);
    dictc_reset();
    return rc;
}

static int dictc_run(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "check") == 0)
        return run_check(argc, argv);
    if (argc < 4) {
        fprintf(stderr, "usage: dictc actors OUT ISO_JSON FILES... | patterns OUT CAMEO VERBS NOUNS"
                        " | cameo OUT CAMEO\n");
        return 2;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    if (strcmp(argv[1], "actors") == 0) {
        fprintf(out, "# generated by tools/dictc from data/actors and iso-codes, do not edit\n");
        for (int i = 4; i < argc; i++)
            load_aliases(argv[i]);
        for (int i = 4; i < argc; i++)
            actor_file(out, argv[i]);
        iso_countries(out, argv[3]); /* after ours: our canonical names come first */
        check_aliases_used();
    } else if (strcmp(argv[1], "patterns") == 0 && argc >= 5) {
        fprintf(out,
                "# generated by tools/dictc from data/verbs.txt and data/nouns.txt, do not edit\n");
        load_cameo(argv[3], NULL);
        for (int i = 4; i < argc; i++)
            pattern_file(out, argv[i], strstr(argv[i], "noun") ? 'N' : 'V');
    } else if (strcmp(argv[1], "cameo") == 0) {
        fprintf(out, "# generated by tools/dictc from data/cameo.txt, do not edit\n");
        load_cameo(argv[3], out);
    } else {
        fprintf(stderr, "dictc: unknown section %s\n", argv[1]);
        return 2;
    }
    if (fclose(out) != 0 || n_errors) {
        fprintf(stderr, "dictc: %d error(s)\n", n_errors);
        remove(argv[2]);
        return 1;
    }
    return 0;
}
