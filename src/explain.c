/*
 * explain.c - a plain-text account of what the pipeline saw in the last coded article:
 * each sentence with its tokens, tags and lemmas, the actor mentions with their codes, the
 * places, and the events coded from it. For users asking "why this code?" and for
 * developers reading misses; `newsevents explain FILE` prints it.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

int nev_doc_explain(nev_doc *d, const char **text, size_t *len)
{
    if (!d || !text || !len)
        return NEV_EINVAL;
    sbuf b = {&d->ar, NULL, 0, 0, false};
    for (uint32_t s = 0; s < d->sents.n; s++) {
        const sentence *se = &SENT(d, s);
        sb_fmt(&b, "\n[%u] %.*s\n", s, (int)se->len, d->text + se->off);
        if (se->dup_of >= 0) {
            sb_fmt(&b, "    repeats sentence %d: not coded\n", se->dup_of);
            continue;
        }
        sb_fmt(&b, "    ");
        for (uint32_t i = se->tok0; i < se->tok0 + se->ntok; i++) {
            const token *t = &TOK(d, i);
            sb_fmt(&b, "%.*s/%s", (int)t->len, d->text + t->off, nev_pos_name((nev_pos)t->pos));
            if (strcmp(t->lemma, t->norm) != 0)
                sb_fmt(&b, "(%s)", t->lemma);
            sb_fmt(&b, " ");
        }
        sb_fmt(&b, "\n");
        for (uint32_t k = 0; k < d->ments.n; k++) {
            const mention *m = &MENT(d, k);
            if (m->sent != s)
                continue;
            const token *a = &TOK(d, m->t0), *z = &TOK(d, m->t1 - 1);
            sb_fmt(&b, "    actor  %-10s %.*s%s%s\n", m->code[0] ? m->code : "\"\"",
                   (int)(z->off + z->len - a->off), d->text + a->off, m->name ? "  = " : "",
                   m->name ? m->name : "");
        }
        for (uint32_t k = 0; k < d->places.n; k++) {
            const place_ref *p = &VEC_AT(d->places, place_ref, k);
            if (p->sent == s)
                sb_fmt(&b, "    place  %.*s -> %s (%s) %.3f,%.3f\n", (int)p->len, d->text + p->off,
                       p->gp.name, p->gp.cc3, p->gp.lat, p->gp.lon);
        }
        for (uint32_t k = 0; k < d->events.n; k++) {
            const event *e = &VEC_AT(d->events, event, k);
            if (e->sent != s)
                continue;
            const token *a = &TOK(d, e->trig_t0),
                        *z = &TOK(d, e->trig_t1 > e->trig_t0 ? e->trig_t1 - 1 : e->trig_t0);
            sb_fmt(&b, "    event  %s %s %s   <- \"%.*s\"\n", e->src[0] ? e->src : "\"\"", e->cameo,
                   e->tgt[0] ? e->tgt : "\"\"", (int)(z->off + z->len - a->off), d->text + a->off);
        }
    }
    for (uint32_t k = 0; k < d->quotes.n; k++) {
        const quote *q = &VEC_AT(d->quotes, quote, k);
        sb_fmt(&b, "\nquote [%u] %s: %.*s", q->sent, q->speaker ? q->speaker : "(no speaker)",
               (int)q->len, d->text + q->off);
    }
    sb_fmt(&b, "\n");
    if (b.oom)
        return NEV_ENOMEM;
    *text = b.p;
    *len = b.n;
    return NEV_OK;
}
