/*
 * newsevents.h - the public interface of libnewsevents.
 *
 * libnewsevents turns news articles into political event data: who did what to whom
 * (CAMEO codes), where, when, and who said what, with the evidence for every field.
 *
 * Ownership rule, stated once: the library never keeps or frees caller buffers. Everything
 * reachable from a nev_doc (events, quotes, places, the JSON written for it) stays valid until
 * nev_doc_reset() or nev_doc_free(). A nev_model is immutable after nev_model_open() and may be
 * shared by any number of threads; a nev_doc belongs to one thread at a time.
 *
 * Errors: every fallible function returns NEV_OK (0) or a negative NEV_E* code, and fills an
 * optional nev_error with a message (and file, line, byte offset where they apply). The library
 * never exits, aborts or prints.
 */
#ifndef NEWSEVENTS_H
#define NEWSEVENTS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(NEV_BUILDING_LIBRARY) && defined(__GNUC__)
#define NEV_EXPORT __attribute__((visibility("default")))
#else
#define NEV_EXPORT
#endif

#define NEV_VERSION "0.1.0"

enum {
    NEV_OK = 0,
    NEV_ENOMEM = -1, /* an allocation failed */
    NEV_EINVAL = -2, /* a bad argument from the caller */
    NEV_EIO = -3,    /* a file could not be read or written */
    NEV_EDATA = -4,  /* malformed input data (JSON, dictionary, model) */
    NEV_EUTF8 = -5,  /* invalid UTF-8 (replaced; reported as a warning) */
    NEV_ELIMIT = -6  /* a size limit was exceeded */
};

/* Error details. file/line/offset are set when the error points into a file or buffer. */
typedef struct nev_error {
    int code;       /* NEV_E* */
    char msg[256];  /* human-readable, no trailing newline */
    char file[256]; /* file name or "" */
    long line;      /* 1-based line, 0 when unknown */
    long offset;    /* byte offset, -1 when unknown */
} nev_error;

/* Allocator used for every allocation the library makes. NULL members mean libc. */
typedef struct nev_alloc {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} nev_alloc;

/* Log callback: the library's only way to speak. level: 0 error, 1 warning, 2 info. */
typedef void (*nev_log_fn)(void *ctx, int level, const char *msg);


/* ---- the compiled model ----------------------------------------------------------------- */
typedef struct nev_model nev_model;

/* Open a model from a memory block (a .nevm file's bytes). When copy is 0 the block must
 * outlive the model (e.g. the model embedded in the binary or an mmap); otherwise it is
 * copied. alc and log may be NULL. */
NEV_EXPORT int nev_model_open(nev_model **out, const void *blob, size_t len, int copy,
                              const nev_alloc *alc, nev_log_fn log, void *log_ctx,
                              nev_error *err);
/* Open a model from a .nevm file (read into memory). */
NEV_EXPORT int nev_model_open_file(nev_model **out, const char *path, const nev_alloc *alc,
                                   nev_error *err);
NEV_EXPORT void nev_model_free(nev_model *m);

/* What a name resolves to on a date (YYYY-MM-DD, or NULL for any), and why: every dictionary
 * entry for the folded name with its kind, code and dates. Writes text to out. */
NEV_EXPORT int nev_model_explain_actor(const nev_model *m, const char *name, size_t len,
                                       const char *date, char *out, size_t cap);

/* ---- articles and documents ------------------------------------------------------------- */
/* One article. Strings are UTF-8, not necessarily NUL-terminated; NULL/0 for missing. */
typedef struct nev_article {
    const char *id;     size_t id_len;
    const char *date;   size_t date_len;   /* "YYYY-MM-DD" (a time part is ignored) */
    const char *source; size_t source_len;
    const char *title;  size_t title_len;
    const char *text;   size_t text_len;
} nev_article;

typedef struct nev_doc nev_doc;

NEV_EXPORT int nev_doc_new(nev_doc **out, const nev_model *m);
NEV_EXPORT void nev_doc_reset(nev_doc *d);
NEV_EXPORT void nev_doc_free(nev_doc *d);

/* Parse one JSON Lines record ({"id","date","source","title","text"}) into *a. The strings
 * of *a point into the document (valid until reset). NEV_EDATA with a message when the line
 * is not a JSON object or has no string "text". */
NEV_EXPORT int nev_doc_parse_json(nev_doc *d, const char *line, size_t len, nev_article *a,
                                  nev_error *err);

/* Read an HTML page as an article: the title from <title> (or the first <h1>), the text from
 * <article> or <body> with a paragraph break after each block, without scripts, styles,
 * navigation, headers, footers and forms. id, date and source are left for the caller. The
 * strings point into the document (valid until reset). */
NEV_EXPORT int nev_doc_parse_html(nev_doc *d, const char *html, size_t len, nev_article *a,
                                  nev_error *err);

/* Run the whole pipeline on an article. Invalid UTF-8 is replaced and reported as a warning
 * on the record; limits give NEV_ELIMIT. The article's buffers are copied. */
NEV_EXPORT int nev_doc_code(nev_doc *d, const nev_article *a, nev_error *err);

/* The record of the last coded article as one line of JSON (no newline), valid until reset. */
NEV_EXPORT int nev_doc_json(nev_doc *d, const char **json, size_t *len);

/* A plain-text account of the last coded article (tokens, tags, actors, places, events,
 * quotes) for people asking why a code came out; valid until reset. */
NEV_EXPORT int nev_doc_explain(nev_doc *d, const char **text, size_t *len);

/* ---- read access for sinks (SQLite, TSV) ------------------------------------------------- */
typedef struct nev_actor {
    const char *code;   /* "RUSGOV", "" when unknown */
    const char *name;   /* canonical name or NULL */
    const char *text;   /* the words in the article */
} nev_actor;

typedef struct nev_place {
    const char *name;                    /* as the article writes it ("Kiev") */
    const char *geoname;                 /* the gazetteer's name ("Kyiv") */
    const char *country, *admin1;        /* country: ISO alpha-3 */
    double lat, lon;
    uint32_t geonameid;
    uint32_t off, len;                   /* span in the article text */
} nev_place;

typedef struct nev_event {
    nev_actor source, target;
    const char *cameo, *root, *plover;
    int quad;
    double goldstein;
    const char *date;       /* YYYY-MM-DD or NULL */
    const char *date_kind;  /* "text" (resolved from the sentence) or "article" */
    const char *modality;   /* asserted | reported | intended | hypothetical */
    int negated;
    const nev_place *location; /* NULL when the sentence names no place */
    uint32_t sentence, off, len; /* sentence index and span of the sentence */
    const char *evidence;   /* the sentence text */
    const char *matched;    /* the words that triggered the code */
} nev_event;

typedef struct nev_quote {
    const char *speaker;      /* full name, or NULL when unknown */
    const char *speaker_code; /* actor code or NULL */
    const char *text;
    uint32_t sentence, off, len;
} nev_quote;

NEV_EXPORT size_t nev_doc_events(const nev_doc *d, const nev_event **events);
NEV_EXPORT size_t nev_doc_places(const nev_doc *d, const nev_place **places);
NEV_EXPORT size_t nev_doc_quotes(const nev_doc *d, const nev_quote **quotes);
/* Number of sentences, and the ones dropped as repeats. */
NEV_EXPORT void nev_doc_counts(const nev_doc *d, size_t *sentences, size_t *dropped);

/* Constant English text for an error code. */
NEV_EXPORT const char *nev_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif /* NEWSEVENTS_H */
