/*
 * jsonstr.c - a string as a JSON literal, for the reports that are
 * written a line at a time into a jx_buf (findings, conversions).
 */
#include "common.h"

bool jx_buf_json_str(jx_buf *b, const char *s)
{
    if (!s)
        return jx_buf_appendz(b, "null");
    bool ok = jx_buf_appendz(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; ok && *p; p++) {
        switch (*p) {
        case '"': ok = jx_buf_appendz(b, "\\\""); break;
        case '\\': ok = jx_buf_appendz(b, "\\\\"); break;
        case '\n': ok = jx_buf_appendz(b, "\\n"); break;
        case '\r': ok = jx_buf_appendz(b, "\\r"); break;
        case '\t': ok = jx_buf_appendz(b, "\\t"); break;
        default:
            ok = *p < 0x20 ? jx_buf_printf(b, "\\u%04x", *p) : jx_buf_append(b, p, 1);
        }
    }
    return ok && jx_buf_appendz(b, "\"");
}
