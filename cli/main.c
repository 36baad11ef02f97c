/*
 * main.c - the newsevents command. Options, files and threads only: all coding is done by
 * libnewsevents. `code` runs as a pipeline: the main thread reads articles into a bounded
 * ring of items, N worker threads (each owning one nev_doc) code them as they come, and the
 * main thread writes the finished records in input order, so reading, coding and writing
 * overlap and -j1 and -jN give byte-identical output. With -j1 everything runs in the main
 * thread, one article after another.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "newsevents.h"

extern const unsigned char nev_embedded_model[];
extern const unsigned char nev_embedded_model_end[];

static const char *prog = "newsevents";

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

static const char usage_main[] =
    "usage: newsevents COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "newsevents reads news articles and writes political event data: who did what to whom\n"
    "(CAMEO codes with PLOVER labels), where, when, and who said what, with the sentence and\n"
    "character span behind every event.\n"
    "\n"
    "Commands:\n"
    "  code FILES...    code articles (JSON Lines, .txt files, or - for standard input)\n"
    "  export DB        write a database's events as GDELT 2.0 TSV, JSON Lines or CSV\n"
    "  query DB SQL     run SQL or a ready query (--top-actors, --timeline, --top-events)\n"
    "  merge OUT SHARD... combine shard databases, regrouping events across them\n"
    "  explain FILES... show what the coder saw: tokens, tags, actors, places, events\n"
    "  actors NAME      what a name resolves to and why (--date YYYY-MM-DD)\n"
    "  version          print the version\n"
    "  help [COMMAND]   show help for a command\n"
    "\n"
    "Example:\n"
    "  newsevents code articles.jsonl > records.jsonl\n"
    "  newsevents code --help\n";

static const char usage_code[] =
    "usage: newsevents code [OPTIONS] FILE...\n"
    "\n"
    "Code news articles into events. Each FILE is one of:\n"
    "  *.jsonl / *.json  one article per line: {\"id\", \"date\", \"source\", \"title\", "
    "\"text\"}\n"
    "  *.html, *.htm     an HTML page: title and text without menus and scripts; id = file name\n"
    "  *.txt (any other) one article per file; its id is the file name\n"
    "  -                 JSON Lines read from standard input\n"
    "One JSON record per article is written in input order (see README, \"Output\").\n"
    "A bad line (not JSON, no \"text\") is reported on standard error as FILE:LINE: reason and\n"
    "the run goes on; the exit status is 1 when any input failed, 2 on usage errors.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   write records to FILE instead of standard output\n"
    "  -f, --format FMT    jsonl (default): one record per article;\n"
    "                      tsv: one event per line, tab-separated, with a header line\n"
    "  -j, --jobs N        worker threads (default: all cores); output is identical for any N\n"
    "      --date DATE     article date (YYYY-MM-DD) for .txt files and records without one\n"
    "      --model FILE    use a compiled model file instead of the built-in one\n"
    "      --db FILE       also store the records in the SQLite database FILE (created when\n"
    "                      missing; see docs/database.md); records then go to standard\n"
    "                      output only when -o or -f is given too\n"
    "      --postgres CONNINFO  the same into PostgreSQL (libpq connection string)\n"
    "  -q, --quiet         no progress line and no summary on standard error\n"
    "  -h, --help          this help\n"
    "\n"
    "Examples:\n"
    "  newsevents code articles.jsonl > records.jsonl\n"
    "  newsevents code -j4 -o records.jsonl day1.jsonl day2.jsonl\n"
    "  cat articles.jsonl | newsevents code - --format tsv > events.tsv\n"
    "  newsevents code --date 2024-06-18 story.txt\n"
    "  newsevents code --db news.sqlite articles.jsonl && newsevents export news.sqlite\n";

/* ---- input items ------------------------------------------------------------------------ */
typedef struct item {
    const char *file;  /* for error messages */
    long line;         /* 0 for a whole-file article */
    char *data;        /* the JSON line or the file's text */
    size_t len;
    int is_text;       /* plain-text article (2: an HTML page) */
    char *id;          /* id for plain text */
    /* results */
    char *out;         /* the record, or NULL on error */
    size_t out_len;
    char *err;         /* error message */
    size_t n_events, n_sent, n_warn;
    char *json;        /* the JSON record for the database, or NULL */
    size_t json_len;
    char *source;      /* the article's source name for the database, or NULL */
} item;

typedef struct opts {
    const char *output, *model, *date;
    const char *db_path, *pg_conninfo; /* database sinks */
    int format_set, format_tsv, jobs, quiet, explain;
} opts;

static void code_item(nev_doc *d, const opts *o, item *it)
{
    nev_doc_reset(d);
    nev_article a;
    nev_error err;
    memset(&err, 0, sizeof err);
    int rc;
    if (it->is_text == 2) {
        rc = nev_doc_parse_html(d, it->data, it->len, &a, &err);
        a.id = it->id;
        a.id_len = strlen(it->id);
    } else if (it->is_text) {
        memset(&a, 0, sizeof a);
        a.id = it->id;
        a.id_len = strlen(it->id);
        a.text = it->data;
        a.text_len = it->len;
        rc = NEV_OK;
    } else {
        rc = nev_doc_parse_json(d, it->data, it->len, &a, &err);
    }
    if (rc == NEV_OK && (!a.date || a.date_len == 0) && o->date) {
        a.date = o->date;
        a.date_len = strlen(o->date);
    }
    if (rc == NEV_OK)
        rc = nev_doc_code(d, &a, &err);
    if (rc != NEV_OK) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", err.msg[0] ? err.msg : nev_strerror(rc));
        it->err = xstrdup(buf);
        return;
    }
    const nev_event *ev;
    it->n_events = nev_doc_events(d, &ev);
    nev_doc_counts(d, &it->n_sent, NULL);
    if (o->db_path || o->pg_conninfo) {
        const char *json;
        size_t len;
        nev_doc_json(d, &json, &len);
        it->json = xmalloc(len + 1);
        memcpy(it->json, json, len);
        it->json[len] = '\0';
        it->json_len = len;
        if (a.source && a.source_len) {
            it->source = xmalloc(a.source_len + 1);
            memcpy(it->source, a.source, a.source_len);
            it->source[a.source_len] = '\0';
        }
    }
    if (o->explain) {
        const char *txt;
        size_t len;
        if (nev_doc_explain(d, &txt, &len) != NEV_OK) {
            it->err = xstrdup("out of memory");
            return;
        }
        it->out = xmalloc(len + 1);
        memcpy(it->out, txt, len);
        it->out_len = len;
        return;
    }
    if (!o->format_tsv) {
        const char *json;
        size_t len;
        nev_doc_json(d, &json, &len);
        it->out = xmalloc(len + 2);
        memcpy(it->out, json, len);
        it->out[len] = '\n';
        it->out_len = len + 1;
        return;
    }
    /* TSV: one event a line */
    size_t cap = 1024, n = 0;
    char *buf = xmalloc(cap);
    char id[256] = "";
    if (a.id)
        snprintf(id, sizeof id, "%.*s", (int)a.id_len, a.id);
    for (size_t i = 0; i < it->n_events; i++) {
        const nev_event *e = &ev[i];
        char line[4096];
        char evid[2048];
        size_t k = 0;
        for (const char *p = e->evidence; *p && k + 1 < sizeof evid; p++)
            evid[k++] = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
        evid[k] = '\0';
        char lat[32] = "", lon[32] = "";
        if (e->location) {
            snprintf(lat, sizeof lat, "%.5f", e->location->lat);
            snprintf(lon, sizeof lon, "%.5f", e->location->lon);
        }
        int l = snprintf(line, sizeof line,
                         "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%u\t%s\n",
                         id, e->date ? e->date : "", e->source.code, e->target.code, e->cameo,
                         e->root, e->quad, e->goldstein, e->plover ? e->plover : "", e->modality,
                         e->location ? e->location->name : "",
                         e->location ? e->location->country : "",
                         e->location ? (e->location->admin1 ? e->location->admin1 : "") : "",
                         lat, lon, e->sentence, evid);
        if (l < 0)
            continue;
        if ((size_t)l >= sizeof line)
            l = (int)sizeof line - 1;
        if (n + (size_t)l + 1 > cap) {
            while (n + (size_t)l + 1 > cap)
                cap *= 2;
            buf = xrealloc(buf, cap);
        }
        memcpy(buf + n, line, (size_t)l);
        n += (size_t)l;
    }
    it->out = buf;
    it->out_len = n;
}

/* ---- reading ---------------------------------------------------------------------------- */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n < cap ? n : cap - 1] = '\0';
    *len = n;
    return buf;
}

static int is_html_name(const char *p)
{
    size_t n = strlen(p);
    return (n > 5 && !strcasecmp(p + n - 5, ".html")) || (n > 4 && !strcasecmp(p + n - 4, ".htm"));
}

static int is_jsonl_name(const char *p)
{
    size_t n = strlen(p);
    return strcmp(p, "-") == 0 || (n > 6 && !strcmp(p + n - 6, ".jsonl")) ||
           (n > 5 && !strcmp(p + n - 5, ".json")) || (n > 7 && !strcmp(p + n - 7, ".ndjson"));
}

typedef struct run {
    opts o;
    const nev_model *model;
    FILE *out;         /* NULL: records go only to the database */
    db_sink *db;
    size_t articles, events, errors, sentences, blank;
    double t0;
    size_t bytes_total, bytes_done;
    int tty;
} run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write one coded item (in input order): the record, the database row, the counts; then free
 * its buffers. */
static void emit_item(run *r, item *it)
{
    if (it->err) {
        if (it->line)
            fprintf(stderr, "%s:%ld: %s\n", it->file, it->line, it->err);
        else
            fprintf(stderr, "%s: %s\n", it->file, it->err);
        r->errors++;
    } else {
        if (r->out && it->out_len && fwrite(it->out, 1, it->out_len, r->out) != it->out_len)
            die("write error: %s", strerror(errno));
        char dberr[1024];
        if (r->db && it->json &&
            db_write(r->db, it->json, it->json_len, it->source, dberr, sizeof dberr)) {
            if (it->line)
                fprintf(stderr, "%s:%ld: database: %s\n", it->file, it->line, dberr);
            else
                fprintf(stderr, "%s: database: %s\n", it->file, dberr);
            r->errors++;
        }
        r->articles++;
        r->events += it->n_events;
        r->sentences += it->n_sent;
    }
    r->bytes_done += it->len;
    free(it->out);
    free(it->json);
    free(it->source);
    free(it->err);
    free(it->data);
    free(it->id);
}

static void progress(run *r)
{
    if (r->tty && !r->o.quiet) {
        double el = now() - r->t0;
        double rate = el > 0 ? (double)r->sentences / el : 0;
        double left = (r->bytes_done && r->bytes_total > r->bytes_done)
                          ? el * (double)(r->bytes_total - r->bytes_done) / (double)r->bytes_done
                          : 0;
        fprintf(stderr, "\r%s: %zu articles, %zu events, %.0f sentences/s, %.0f s left   ", prog,
                r->articles, r->events, rate, left);
    }
}

#define BATCH 512     /* items between two progress lines */
#define RING 1024     /* items read ahead of the writer at most */
#define REFILL 64     /* a full ring is refilled after this many items are written */

/*
 * The pipeline. Item number s (in input order) lives in ring[s % RING]. The main thread
 * fills items (n_read), workers claim them in order (n_claimed) and mark them done, and the
 * main thread writes done items in order (n_written) and so frees their slots. One mutex
 * guards the counters and the done flags; coding and writing run outside it. A thread is
 * signalled only when it waits (n_idle workers; the writer waiting for item write_target),
 * and a full ring waits for REFILL items at once, not one: a wake-up per item cost ~10% of
 * a -j2 run in system time and context switches.
 */
typedef struct pipeline {
    run *r;
    item *ring;
    unsigned char *done;
    size_t n_read, n_claimed, n_written;
    int eof;       /* no more items will be read */
    int n_workers; /* 0: code in the main thread */
    int n_idle;    /* workers waiting in to_code */
    int writer_waiting; /* the main thread waits in to_write for item write_target */
    size_t write_target;
    nev_doc *main_doc; /* the main thread's document when it codes (-j1) */
    pthread_t th[256];
    pthread_mutex_t mu;
    pthread_cond_t to_code;  /* workers: an item was read, or eof */
    pthread_cond_t to_write; /* main thread: the next item to write is done */
} pipeline;

static void *pipe_worker(void *arg)
{
    pipeline *p = arg;
    nev_doc *d;
    if (nev_doc_new(&d, p->r->model) != NEV_OK)
        die("out of memory");
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->n_claimed == p->n_read && !p->eof) {
            p->n_idle++;
            pthread_cond_wait(&p->to_code, &p->mu);
            p->n_idle--;
        }
        if (p->n_claimed == p->n_read)
            break; /* eof and nothing left */
        size_t s = p->n_claimed++;
        pthread_mutex_unlock(&p->mu);
        code_item(d, &p->r->o, &p->ring[s % RING]);
        pthread_mutex_lock(&p->mu);
        p->done[s % RING] = 1;
        if (p->writer_waiting && s == p->write_target)
            pthread_cond_signal(&p->to_write);
    }
    pthread_mutex_unlock(&p->mu);
    nev_doc_free(d);
    return NULL;
}

static void pipe_start(pipeline *p, run *r)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    p->ring = xmalloc(sizeof *p->ring * RING);
    p->done = xmalloc(RING);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->to_code, NULL);
    pthread_cond_init(&p->to_write, NULL);
    if (r->o.jobs > 1)
        for (int i = 0; i < r->o.jobs && i < 256; i++)
            if (pthread_create(&p->th[p->n_workers], NULL, pipe_worker, p) == 0)
                p->n_workers++;
}

/* Write the done items at the head of the ring, in order. With wait > 0, first wait until
 * the wait-th item from the head (or the last one read, if fewer) is done (there must be one
 * read and not yet written). */
static void pipe_write(pipeline *p, size_t wait)
{
    pthread_mutex_lock(&p->mu);
    if (wait) {
        size_t left = p->n_read - p->n_written;
        p->write_target = p->n_written + (wait < left ? wait : left) - 1;
        while (!p->done[p->write_target % RING]) {
            p->writer_waiting = 1;
            pthread_cond_wait(&p->to_write, &p->mu);
            p->writer_waiting = 0;
        }
    }
    while (p->n_written < p->n_read && p->done[p->n_written % RING]) {
        size_t s = p->n_written;
        item it = p->ring[s % RING];
        pthread_mutex_unlock(&p->mu);
        emit_item(p->r, &it);
        if ((s + 1) % BATCH == 0)
            progress(p->r);
        pthread_mutex_lock(&p->mu);
        p->done[s % RING] = 0;
        p->n_written = s + 1;
    }
    pthread_mutex_unlock(&p->mu);
}

/* Add an item (copied) in input order: code and write it at once in the main thread, or hand
 * it to the workers, waiting for the writer when RING items are in flight. */
static void pipe_add(pipeline *p, const item *it)
{
    if (!p->n_workers) {
        item x = *it;
        if (!p->main_doc && nev_doc_new(&p->main_doc, p->r->model) != NEV_OK)
            die("out of memory");
        code_item(p->main_doc, &p->r->o, &x);
        emit_item(p->r, &x);
        if (++p->n_written % BATCH == 0)
            progress(p->r);
        return;
    }
    while (p->n_read - p->n_written == RING)
        pipe_write(p, REFILL);
    pthread_mutex_lock(&p->mu);
    p->ring[p->n_read % RING] = *it;
    p->done[p->n_read % RING] = 0;
    p->n_read++;
    if (p->n_idle)
        pthread_cond_signal(&p->to_code);
    pthread_mutex_unlock(&p->mu);
    pipe_write(p, 0);
}

/* Write every item read so far (so messages about the input come after its records). */
static void pipe_drain(pipeline *p)
{
    while (p->n_workers && p->n_written < p->n_read)
        pipe_write(p, 1);
}

/* No more input: let the workers finish, write everything, stop the threads. */
static void pipe_finish(pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    p->eof = 1;
    pthread_cond_broadcast(&p->to_code);
    pthread_mutex_unlock(&p->mu);
    pipe_drain(p);
    for (int i = 0; i < p->n_workers; i++)
        pthread_join(p->th[i], NULL);
    nev_doc_free(p->main_doc);
    progress(p->r);
    pthread_cond_destroy(&p->to_write);
    pthread_cond_destroy(&p->to_code);
    pthread_mutex_destroy(&p->mu);
    free(p->done);
    free(p->ring);
}

static int code_files(run *r, char **files, int n_files)
{
    int io_fail = 0;
    for (int fi = 0; fi < n_files; fi++) {
        struct stat st;
        if (strcmp(files[fi], "-") && stat(files[fi], &st) == 0)
            r->bytes_total += (size_t)st.st_size;
    }
    pipeline p;
    pipe_start(&p, r);
    for (int fi = 0; fi < n_files; fi++) {
        const char *path = files[fi];
        size_t len;
        char *buf = read_file(path, &len);
        if (!buf) {
            int e = errno;
            pipe_drain(&p);
            fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(e));
            r->errors++;
            io_fail = 1;
            continue;
        }
        const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
        if (!is_jsonl_name(path)) {
            item it;
            memset(&it, 0, sizeof it);
            it.file = name;
            it.data = buf;
            it.len = len;
            it.is_text = is_html_name(path) ? 2 : 1;
            const char *base = strrchr(path, '/');
            it.id = xstrdup(base ? base + 1 : path);
            pipe_add(&p, &it);
            continue;
        }
        long line = 0;
        for (size_t i = 0; i < len;) {
            const char *nl = memchr(buf + i, '\n', len - i);
            size_t e = nl ? (size_t)(nl - buf) : len;
            line++;
            size_t s = i, t = e;
            while (s < t && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r'))
                s++;
            while (t > s && (buf[t - 1] == ' ' || buf[t - 1] == '\t' || buf[t - 1] == '\r'))
                t--;
            if (t > s) {
                item it;
                memset(&it, 0, sizeof it);
                it.file = name;
                it.line = line;
                it.data = xmalloc(t - s + 1);
                memcpy(it.data, buf + s, t - s);
                it.data[t - s] = '\0';
                it.len = t - s;
                pipe_add(&p, &it);
            } else {
                r->blank++;
            }
            i = e + 1;
        }
        free(buf);
    }
    pipe_finish(&p);
    return io_fail;
}

static long parse_long(const char *s, const char *what)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s)
        die("%s: not a number: %s", what, s);
    return v;
}

static int cmd_code(int argc, char **argv, int explain)
{
    run r;
    memset(&r, 0, sizeof r);
    r.o.explain = explain;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    r.o.jobs = ncpu > 0 ? (int)ncpu : 1;
    char **files = xmalloc(sizeof *files * (size_t)(argc + 1));
    int nf = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define NEEDVAL()                                                                            \
    do {                                                                                     \
        if (i + 1 >= argc)                                                                   \
            die("option %s needs a value (see newsevents code --help)", a);                 \
        val = argv[++i];                                                                     \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_code, stdout);
            free(files);
            return 0;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEEDVAL();
            r.o.output = val;
        } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
            NEEDVAL();
            r.o.format_set = 1;
            if (!strcmp(val, "tsv"))
                r.o.format_tsv = 1;
            else if (strcmp(val, "jsonl"))
                die("unknown format %s (jsonl or tsv)", val);
        } else if (!strncmp(a, "-j", 2) && a[2]) {
            r.o.jobs = (int)parse_long(a + 2, "-j");
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            NEEDVAL();
            r.o.jobs = (int)parse_long(val, a);
        } else if (!strcmp(a, "--date")) {
            NEEDVAL();
            if (strlen(val) != 10 || val[4] != '-' || val[7] != '-')
                die("--date wants YYYY-MM-DD, not %s", val);
            r.o.date = val;
        } else if (!strcmp(a, "--model")) {
            NEEDVAL();
            r.o.model = val;
        } else if (!strcmp(a, "--db")) {
            NEEDVAL();
            r.o.db_path = val;
        } else if (!strcmp(a, "--postgres")) {
            NEEDVAL();
            r.o.pg_conninfo = val;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            r.o.quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            die("unknown option %s (see newsevents code --help)", a);
        } else {
            files[nf++] = argv[i];
        }
    }
    if (nf == 0)
        die("no input files (use - for standard input; see newsevents code --help)");
    if (r.o.jobs < 1 || r.o.jobs > 256)
        die("-j wants 1..256");
    if (r.o.db_path && r.o.pg_conninfo)
        die("--db and --postgres: choose one");
    nev_model *m = NULL;
    nev_error err;
    memset(&err, 0, sizeof err);
    int rc;
    if (r.o.model)
        rc = nev_model_open_file(&m, r.o.model, NULL, &err);
    else
        rc = nev_model_open(&m, nev_embedded_model,
                            (size_t)(nev_embedded_model_end - nev_embedded_model), 0, NULL, NULL,
                            NULL, &err);
    if (rc != NEV_OK)
        die("cannot load the model%s%s: %s", err.file[0] ? " " : "", err.file, err.msg);
    r.model = m;
    r.out = stdout;
    if (r.o.output && !(r.out = fopen(r.o.output, "wb")))
        die("%s: %s", r.o.output, strerror(errno));
    if ((r.o.db_path || r.o.pg_conninfo) && !r.o.output && !r.o.format_set)
        r.out = NULL; /* with a database, standard output stays quiet unless asked */
    if (r.o.db_path || r.o.pg_conninfo) {
        char dberr[1024];
        int dbrc = r.o.db_path ? db_open_sqlite(&r.db, r.o.db_path, dberr, sizeof dberr)
                               : db_open_postgres(&r.db, r.o.pg_conninfo, dberr, sizeof dberr);
        if (dbrc)
            die("%s", dberr);
    }
    if (r.o.format_tsv && r.out)
        fputs("id\tdate\tsource\ttarget\tcameo\troot\tquad\tgoldstein\tplover\tmodality\t"
              "place\tcountry\tadmin1\tlat\tlon\tsentence\tevidence\n", r.out);
    r.tty = isatty(2);
    r.t0 = now();
    int io_fail = code_files(&r, files, nf);
    if (r.out && (fflush(r.out) != 0 || (r.out != stdout && fclose(r.out) != 0)))
        die("write error: %s", strerror(errno));
    if (r.db) {
        char dberr[1024];
        if (db_close(r.db, dberr, sizeof dberr))
            die("%s", dberr);
    }
    if (!r.o.quiet) {
        if (r.tty)
            fputc('\n', stderr);
        fprintf(stderr,
                "%s: %zu articles coded, %zu events, %zu sentences, %zu errors%s in %.2f s\n", prog,
                r.articles, r.events, r.sentences, r.errors,
                r.blank ? " (blank lines skipped)" : "", now() - r.t0);
    }
    nev_model_free(m);
    free(files);
    return (r.errors || io_fail) ? 1 : 0;
}

static int cmd_actors(int argc, char **argv)
{
    const char *date = NULL, *model = NULL;
    int n_names = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("usage: newsevents actors NAME... [--date YYYY-MM-DD] [--model FILE]\n\n"
                 "Print every dictionary entry for each NAME (folded: case, accents, curly\n"
                 "apostrophes do not matter) with its kind, code and dates, and the code it\n"
                 "resolves to on DATE.\n\nExample:\n  newsevents actors \"Kim Jong Un\" --date "
                 "2024-06-18");
            return 0;
        }
        if (!strcmp(argv[i], "--date") && i + 1 < argc)
            date = argv[++i];
        else if (!strcmp(argv[i], "--model") && i + 1 < argc)
            model = argv[++i];
        else if (argv[i][0] == '-')
            die("unknown option %s (see newsevents actors --help)", argv[i]);
        else
            n_names++;
    }
    if (!n_names)
        die("no name given (see newsevents actors --help)");
    if (date && (strlen(date) != 10 || date[4] != '-' || date[7] != '-'))
        die("--date wants YYYY-MM-DD, not %s", date);
    nev_model *m = NULL;
    nev_error err;
    memset(&err, 0, sizeof err);
    int rc = model ? nev_model_open_file(&m, model, NULL, &err)
                   : nev_model_open(&m, nev_embedded_model,
                                    (size_t)(nev_embedded_model_end - nev_embedded_model), 0, NULL,
                                    NULL, NULL, &err);
    if (rc != NEV_OK)
        die("cannot load the model: %s", err.msg);
    static char buf[1 << 16];
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--date") || !strcmp(argv[i], "--model")) {
            i++;
            continue;
        }
        if (nev_model_explain_actor(m, argv[i], strlen(argv[i]), date, buf, sizeof buf) == NEV_OK)
            fputs(buf, stdout);
    }
    nev_model_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        if (argc > 2 && !strcmp(argv[2], "code"))
            fputs(usage_code, stdout);
        else
            fputs(usage_main, stdout);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("newsevents %s\n", NEV_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "code"))
        return cmd_code(argc - 2, argv + 2, 0);
    if (!strcmp(cmd, "explain"))
        return cmd_code(argc - 2, argv + 2, 1);
    if (!strcmp(cmd, "actors"))
        return cmd_actors(argc - 2, argv + 2);
    if (!strcmp(cmd, "export"))
        return cmd_export(argc - 2, argv + 2);
    if (!strcmp(cmd, "query"))
        return cmd_query(argc - 2, argv + 2);
    if (!strcmp(cmd, "merge"))
        return cmd_merge(argc - 2, argv + 2);
    fprintf(stderr, "%s: unknown command %s\n\n%s", prog, cmd, usage_main);
    return 2;
}
