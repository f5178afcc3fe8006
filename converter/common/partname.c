/*
 * partname.c - OPC part names: where a relationship's target points, and
 * which part holds a part's relationships.  The reader and the writer
 * resolve targets with this one function, so they always agree on which
 * part a relationship names.
 */
#include "common/common.h"

#include <string.h>

/* Resolve target against the folder of source into a part name without a
 * leading '/', with "." and ".." segments applied and %XX decoded. */
char *jx_part_resolve(jx_arena *a, const char *source, const char *target)
{
    size_t slen = strlen(source), tlen = strlen(target);
    char *path = jx_arena_alloc(a, slen + tlen + 2);
    if (!path)
        return NULL;
    size_t n = 0;
    if (target[0] != '/') {
        const char *slash = strrchr(source, '/');
        if (slash) {
            n = (size_t)(slash - source) + 1;
            memcpy(path, source, n);
        }
    }
    for (size_t i = 0; i < tlen; i++) {
        int h1, h2;
        if (target[i] == '%' && i + 2 < tlen && (h1 = jx_hexval(target[i + 1])) >= 0 &&
            (h2 = jx_hexval(target[i + 2])) >= 0) {
            path[n++] = (char)(h1 * 16 + h2);
            i += 2;
        } else {
            path[n++] = target[i];
        }
    }
    path[n] = '\0';
    /* apply segments in place */
    char *out = path;
    size_t w = 0;
    const char *p = path;
    while (*p) {
        const char *seg = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - seg);
        if (*p == '/')
            p++;
        if (len == 0 || (len == 1 && seg[0] == '.'))
            continue;
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (w > 0 && out[w - 1] == '/')
                w--;
            while (w > 0 && out[w - 1] != '/')
                w--;
            continue;
        }
        if (w > 0 && out[w - 1] != '/')
            out[w++] = '/';
        memmove(out + w, seg, len);
        w += len;
    }
    out[w] = '\0';
    return out;
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels" */
char *jx_part_rels(jx_arena *a, const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    size_t len = strlen(part);
    char *p = jx_arena_alloc(a, len + sizeof "_rels/" + sizeof ".rels");
    if (!p)
        return NULL;
    memcpy(p, part, dir);
    memcpy(p + dir, "_rels/", 6);
    memcpy(p + dir + 6, part + dir, len - dir);
    memcpy(p + len + 6, ".rels", 6);
    return p;
}
