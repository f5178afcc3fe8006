/*
 * utf8.c - making any bytes safe to write as UTF-8 text: file names on
 * Linux and zip entry names are arbitrary bytes, and a report (XML, JSON,
 * CSV) that carries them must stay well-formed.
 */
#include "common/common.h"

#include <string.h>

/* The length of the well-formed sequence at p (1 to 4), or 0 when the
 * bytes there are not one (overlong forms, surrogates and code points
 * past U+10FFFF are not).  *keep is false for U+FFFE and U+FFFF: whole
 * sequences, replaced as one character. */
static size_t sequence_length(const unsigned char *p, bool *keep)
{
    *keep = true;
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0; /* also stops at the NUL */
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *keep = cp != 0xFFFE && cp != 0xFFFF;
    return n;
}

size_t jx_utf8_clean(const char *s, char *out, size_t size)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t need = 0, len = 0;
    bool full = size == 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        bool keep;
        size_t n = sequence_length(p, &keep);
        const char *piece = n && keep ? (const char *)p : replacement;
        size_t plen = n && keep ? n : 3;
        need += plen;
        if (!full && len + plen < size) {
            memcpy(out + len, piece, plen);
            len += plen;
        } else
            full = true;
        p += n ? n : 1;
    }
    if (size)
        out[len] = '\0';
    return need;
}
