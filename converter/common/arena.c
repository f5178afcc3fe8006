/*
 * arena.c - bump allocator, growable buffers and vectors.
 *
 * An arena hands out memory from large blocks and frees them all at once:
 * a workbook's cells and strings, or a model's texts, die together, so
 * teardown is one call and nothing can be freed twice.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jx_arena_block {
    jx_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

void jx_arena_init(jx_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used_bytes = 0;
}

void jx_arena_free(jx_arena *a)
{
    jx_arena_block *b = a->head;
    while (b) {
        jx_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_bytes = 0;
}

void *jx_arena_alloc(jx_arena *a, size_t size)
{
    size = (size + 7u) & ~(size_t)7u;
    if (size == 0)
        size = 8;
    jx_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        /* Large requests get a block of their own so that the current
         * block's free tail is not wasted. */
        size_t bsize = size > a->block_size / 4 ? size : a->block_size;
        if (bsize > SIZE_MAX - sizeof(jx_arena_block))
            return NULL;
        jx_arena_block *nb = jx_malloc(sizeof(jx_arena_block) + bsize);
        if (!nb)
            return NULL;
        nb->size = bsize;
        nb->used = 0;
        if (bsize != a->block_size && b) {
            /* keep the partially used block at the head */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->used_bytes += size;
    return p;
}

void *jx_arena_calloc(jx_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = jx_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *jx_arena_strndup(jx_arena *a, const char *s, size_t n)
{
    char *p = jx_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *jx_arena_strdup(jx_arena *a, const char *s)
{
    return s ? jx_arena_strndup(a, s, strlen(s)) : NULL;
}

bool jx_buf_reserve(jx_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return false;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = jx_realloc(b->data, cap);
    if (!p)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

bool jx_buf_append(jx_buf *b, const void *data, size_t len)
{
    if (!jx_buf_reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool jx_buf_appendz(jx_buf *b, const char *s)
{
    return jx_buf_append(b, s, strlen(s));
}

bool jx_buf_printf(jx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return jx_buf_append(b, small, (size_t)n);
    if (!jx_buf_reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

bool jx_buf_terminate(jx_buf *b)
{
    if (!jx_buf_reserve(b, 0))
        return false;
    b->data[b->len] = '\0';
    return true;
}

void jx_buf_free(jx_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void jx_vec_init(jx_vec *v, size_t item_size)
{
    v->data = NULL;
    v->len = v->cap = 0;
    v->item = item_size;
}

void *jx_vec_push(jx_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        if (cap > SIZE_MAX / v->item)
            return NULL;
        void *p = jx_realloc(v->data, cap * v->item);
        if (!p)
            return NULL;
        v->data = p;
        v->cap = cap;
    }
    void *slot = (char *)v->data + v->len * v->item;
    memset(slot, 0, v->item);
    v->len++;
    return slot;
}

void jx_vec_free(jx_vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}
