/*
 * normalize.c - the one label normalisation every stage uses.
 *
 * Labels in real forms differ in width (（） vs ()), in stray spaces
 * ("合 计", "预算金额 (万元)") and in line breaks inside a cell.  Two labels
 * are the same when their NFKC forms with every white-space character and
 * any trailing colon removed are byte-equal.  NFKC comes from utf8proc.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* True when NFKC leaves the text as it is and it has no white space, so
 * the text is its own normal form (most cells: ASCII letters and CJK). */
static bool already_normal(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned char c = *p;
        if (c < 0x80) {
            if (c <= ' ' || c == 0x7F || (c == ':' && p[1] == '\0'))
                return false;
            p++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0)
            return false;
        /* CJK unified ideographs are NFKC-stable and never white space */
        if (!(cp >= 0x4E00 && cp <= 0x9FFF))
            return false;
        p += n;
    }
    return true;
}

static bool is_space_cp(utf8proc_int32_t cp)
{
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x3000 ||
        cp == 0xFEFF || cp == 0x200B)
        return true;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

/* Normalise into a freshly malloc'd string; NULL on failure. */
static char *normalize_alloc(const char *text, size_t *len_out)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT);
    if (n < 0) {
        /* invalid UTF-8: fall back to the bytes themselves, minus ASCII space */
        size_t len = strlen(text);
        char *copy = malloc(len + 1);
        if (!copy)
            return NULL;
        size_t k = 0;
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)text[i] > ' ')
                copy[k++] = text[i];
        while (k > 0 && copy[k - 1] == ':')
            k--;
        copy[k] = '\0';
        *len_out = k;
        return copy;
    }
    /* remove white space in place */
    utf8proc_uint8_t *r = mapped, *w = mapped;
    while (*r) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(r, -1, &cp);
        if (k <= 0)
            break;
        if (!is_space_cp(cp)) {
            memmove(w, r, (size_t)k);
            w += k;
        }
        r += k;
    }
    /* trailing colons decorate labels; NFKC already made '：' into ':' */
    while (w > mapped && w[-1] == ':')
        w--;
    *w = '\0';
    *len_out = (size_t)(w - mapped);
    return (char *)mapped;
}

size_t jx_normalize(const char *text, char *out, size_t size)
{
    if (!text)
        text = "";
    if (already_normal(text)) {
        size_t n = strlen(text);
        if (size)
            jx_strlcpy_utf8(out, text, size);
        return n;
    }
    size_t n = 0;
    char *s = normalize_alloc(text, &n);
    if (!s) {
        if (size)
            out[0] = '\0';
        return 0;
    }
    if (size)
        jx_strlcpy_utf8(out, s, size);
    free(s);
    return n;
}

const char *jx_normalize_arena(jx_arena *a, const char *text)
{
    if (!text)
        return NULL;
    if (already_normal(text))
        return text;
    size_t n = 0;
    char *s = normalize_alloc(text, &n);
    if (!s)
        return NULL;
    char *copy = jx_arena_strndup(a, s, n);
    free(s);
    return copy;
}
