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

/* Code points whose NFKC form is themselves (CJK text, its usual
 * punctuation, ≥ ≤ and quotes); ranges, ascending. */
static const struct { utf8proc_int32_t lo, hi; } nfkc_stable[] = {
    {0x2014, 0x2014}, /* — */
    {0x2018, 0x2019}, /* ‘ ’ */
    {0x201C, 0x201D}, /* “ ” */
    {0x2264, 0x2265}, /* ≤ ≥ */
    {0x3001, 0x3003}, /* 、。〃 */
    {0x3008, 0x3011}, /* 〈〉《》「」『』【】 */
    {0x4E00, 0x9FFF}, /* CJK unified ideographs */
};

static bool stable_cp(utf8proc_int32_t cp)
{
    for (size_t i = 0; i < sizeof nfkc_stable / sizeof nfkc_stable[0]; i++)
        if (cp >= nfkc_stable[i].lo && cp <= nfkc_stable[i].hi)
            return true;
    return false;
}

/* Decode one UTF-8 sequence (well-formed, 2 to 4 bytes); 0 when it is
 * not one, so the caller falls back to utf8proc. */
static int decode_utf8(const unsigned char *p, utf8proc_int32_t *cp)
{
    if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
        *cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
        return *cp >= 0x80 ? 2 : 0;
    }
    if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return *cp >= 0x800 && (*cp < 0xD800 || *cp > 0xDFFF) ? 3 : 0;
    }
    if ((p[0] & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
        *cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        return *cp >= 0x10000 && *cp <= 0x10FFFF ? 4 : 0;
    }
    return 0;
}

/* NFKC + white space removal by hand, in one pass, for text made only of
 * ASCII, the stable code points above, full-width ASCII (U+FF01..FF5E,
 * whose NFKC is the ASCII character) and the ideographic space.  Returns
 * false when any other code point occurs: then utf8proc does it.  out
 * must hold strlen(text) + 1 bytes (the result is never longer). */
static bool normalize_fast(const char *text, char *out, size_t *len_out)
{
    const unsigned char *p = (const unsigned char *)text;
    char *w = out;
    while (*p) {
        if (*p < 0x80) {
            if (*p > ' ' && *p != 0x7F)
                *w++ = (char)*p;
            p++;
            continue;
        }
        utf8proc_int32_t cp;
        int n = decode_utf8(p, &cp);
        if (!n)
            return false;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            *w++ = (char)(cp - 0xFEE0);
        else if (cp == 0x3000)
            ; /* ideographic space: white space */
        else if (stable_cp(cp)) {
            memcpy(w, p, (size_t)n);
            w += n;
        } else
            return false;
        p += n;
    }
    while (w > out && w[-1] == ':')
        w--;
    *w = '\0';
    *len_out = (size_t)(w - out);
    return true;
}

/* Normalise into a freshly malloc'd string; NULL on failure. */
static char *normalize_alloc(const char *text, size_t *len_out)
{
    size_t text_len = strlen(text);
    char *fast = jx_malloc(text_len + 1);
    if (!fast)
        return NULL;
    if (normalize_fast(text, fast, len_out))
        return fast;
    free(fast);
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT);
    if (n < 0) {
        /* invalid UTF-8: fall back to the bytes themselves, minus ASCII space */
        size_t len = strlen(text);
        char *copy = jx_malloc(len + 1);
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
    /* the common case needs no allocation: one pass by hand, straight
     * into out when it is large enough, else into a stack buffer */
    size_t tlen = strlen(text);
    size_t n_fast;
    if (size > tlen && normalize_fast(text, out, &n_fast))
        return n_fast;
    char local[512];
    if (tlen < sizeof local && normalize_fast(text, local, &n_fast)) {
        if (size)
            jx_strlcpy_utf8(out, local, size);
        return n_fast;
    }
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
