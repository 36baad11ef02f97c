/*
 * arena.c - the per-document bump allocator. Blocks come from the caller's allocator; reset
 * keeps the first block so a worker processing many articles allocates almost nothing.
 */
#include "internal.h"

#include <string.h>

struct arena_block {
    arena_block *prev;
    size_t cap, used;
    _Alignas(8) unsigned char data[];
};

#define ARENA_BLOCK 65536u

void arena_init(arena *a, const nev_alloc *alc, size_t limit)
{
    a->alc = alc;
    a->head = NULL;
    a->used_total = 0;
    a->limit = limit;
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0)
        n = 8;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        if (a->limit && a->used_total + n > a->limit)
            return NULL;
        size_t cap = n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK;
        if (b && b->cap * 2 > cap && b->cap < (16u << 20))
            cap = b->cap * 2 > n ? b->cap * 2 : n;
        arena_block *nb = nev_malloc(a->alc, sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->prev = b;
        nb->cap = cap;
        nb->used = 0;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void arena_reset(arena *a)
{
    arena_block *b = a->head;
    while (b && b->prev) {
        arena_block *p = b->prev;
        nev_free(a->alc, b);
        b = p;
    }
    if (b)
        b->used = 0;
    a->head = b;
    a->used_total = 0;
}

void arena_free(arena *a)
{
    arena_reset(a);
    if (a->head)
        nev_free(a->alc, a->head);
    a->head = NULL;
}

void vec_init(vec *v, uint32_t elem_size)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->size = elem_size;
}

void *vec_grow_slot(arena *a, vec *v)
{
    if (v->n == v->cap && vec_reserve(a, v, v->cap ? v->cap * 2 : 16) != NEV_OK)
        return NULL;
    return (char *)v->data + (size_t)v->n * v->size;
}

int vec_reserve(arena *a, vec *v, uint32_t cap)
{
    if (cap <= v->cap)
        return NEV_OK;
    void *d = arena_alloc(a, (size_t)cap * v->size);
    if (!d)
        return NEV_ENOMEM;
    if (v->n)
        memcpy(d, v->data, (size_t)v->n * v->size);
    v->data = d;
    v->cap = cap;
    return NEV_OK;
}

int64_t vec_push(arena *a, vec *v, const void *elem)
{
    void *slot = vec_slot(a, v);
    if (!slot)
        return -1;
    memcpy(slot, elem, v->size);
    return v->n++;
}
