/*
 * xml.c - expat run over a streamed zip part.
 *
 * The parser is namespace-aware (XML_ParserCreateNS), so producers that
 * prefix the SpreadsheetML namespace (<x:worksheet xmlns:x=...>) read the
 * same as those that make it the default: handlers look at local names.
 * Inflated bytes go straight into expat's own buffer (XML_GetBuffer), so a
 * part is never held whole.
 *
 * Invariants:
 *   - All state is in the jx_xml on the stack of jx_xml_parse_part; the
 *     consumer's state travels as user data.  No globals.
 *   - Element nesting is bounded by max_depth.  A part with a DTD is
 *     refused as soon as <!DOCTYPE starts (OOXML parts have none), before
 *     any entity is declared; behind that, expat's billion-laughs
 *     protection stays on and no external entity handler is ever set, so
 *     a part cannot make us fetch anything.
 *   - Once a handler fails, no further handler of the consumer runs.
 */
#include "package/package.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jx_xml {
    XML_Parser parser;
    const jx_xml_handlers *h;
    void *ud;
    jx_diag *diag;
    const char *part;
    uint32_t depth, max_depth;
    unsigned char *tags; /* tag code of each open element, by depth */
    jx_error err;
};

static const char *local_name(const char *name)
{
    const char *sep = strrchr(name, JX_XML_NS_SEP);
    return sep ? sep + 1 : name;
}

static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    jx_xml *x = data;
    if (x->err)
        return;
    if (++x->depth > x->max_depth) {
        jx_xml_fail(x, JX_ERR_LIMIT, "max_depth: XML elements nested deeper than %u", x->max_depth);
        return;
    }
    int tag = x->h->start(x, x->ud, name, local_name(name), attrs);
    x->tags[x->depth] = (unsigned char)tag;
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
    jx_xml *x = data;
    if (x->err)
        return;
    int tag = x->tags[x->depth--];
    if (x->h->end)
        x->h->end(x, x->ud, tag);
}

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    jx_xml_fail(data, JX_ERR_BAD_VALUE, "a DTD (<!DOCTYPE %s>): OOXML parts have none; its entities are not read",
                name);
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
    jx_xml *x = data;
    if (x->err || len <= 0)
        return;
    x->h->text(x, x->ud, s, (size_t)len);
}

jx_error jx_xml_fail(jx_xml *x, jx_error code, const char *fmt, ...)
{
    if (x->err)
        return code;
    x->err = code;
    if (x->diag) {
        x->diag->code = code;
        jx_diag_set_part(x->diag, x->part);
        x->diag->line = XML_GetCurrentLineNumber(x->parser);
        if (fmt) {
            va_list ap;
            va_start(ap, fmt);
            char tmp[sizeof x->diag->detail];
            vsnprintf(tmp, sizeof tmp, fmt, ap);
            va_end(ap);
            jx_strlcpy_utf8(x->diag->detail, tmp, sizeof x->diag->detail);
        }
    }
    XML_StopParser(x->parser, XML_FALSE);
    return code;
}

bool jx_xml_failed(const jx_xml *x) { return x->err != JX_OK; }
jx_diag *jx_xml_diag(jx_xml *x) { return x->diag; }
unsigned long jx_xml_line(const jx_xml *x) { return XML_GetCurrentLineNumber(x->parser); }

const char *jx_xml_attr(const char **attrs, const char *local)
{
    const char *qualified = NULL;
    for (size_t i = 0; attrs[i]; i += 2) {
        const char *n = attrs[i];
        if (strcmp(n, local) == 0)
            return attrs[i + 1];
        if (!qualified) {
            const char *sep = strrchr(n, JX_XML_NS_SEP);
            if (sep && strcmp(sep + 1, local) == 0)
                qualified = attrs[i + 1];
        }
    }
    return qualified;
}

const char *jx_xml_attr_ns(const char **attrs, const char *ns_suffix, const char *local)
{
    size_t sl = strlen(ns_suffix);
    for (size_t i = 0; attrs[i]; i += 2) {
        const char *n = attrs[i];
        const char *sep = strrchr(n, JX_XML_NS_SEP);
        if (!sep || strcmp(sep + 1, local) != 0)
            continue;
        size_t nl = (size_t)(sep - n);
        if (nl >= sl && memcmp(sep - sl, ns_suffix, sl) == 0)
            return attrs[i + 1];
    }
    return NULL;
}

/* Turn an expat failure into our error: an abort means a handler failed
 * and has already filled the diagnostic. */
static jx_error parse_error(jx_xml *x)
{
    if (x->err)
        return x->err;
    enum XML_Error code = XML_GetErrorCode(x->parser);
    if (code == XML_ERROR_NO_MEMORY)
        return jx_fail(x->diag, JX_ERR_NOMEM, NULL);
    jx_diag_set_part(x->diag, x->part);
    if (x->diag)
        x->diag->line = XML_GetCurrentLineNumber(x->parser);
    const char *msg = XML_ErrorString(code);
    return jx_fail(x->diag, JX_ERR_XML, "%s", msg ? msg : "XML error");
}

jx_error jx_xml_parse_part(jx_package *pkg, const char *part, const jx_xml_handlers *h, void *ud,
                           jx_diag *d)
{
    jx_error err = jx_package_part_open(pkg, part, d);
    if (err)
        return err;
    XML_Parser p = XML_ParserCreate_MM(NULL, JX_XML_MEMORY, (const XML_Char[]){JX_XML_NS_SEP, 0});
    if (!p) {
        jx_package_part_close(pkg);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    jx_xml x = {
        .parser = p,
        .h = h,
        .ud = ud,
        .diag = d,
        .part = part,
        .max_depth = jx_package_limits(pkg)->max_depth,
    };
    x.tags = jx_calloc((size_t)x.max_depth + 2, 1);
    if (!x.tags) {
        XML_ParserFree(p);
        jx_package_part_close(pkg);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    XML_SetUserData(p, &x);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    if (h->text)
        XML_SetCharacterDataHandler(p, on_text);
    for (;;) {
        void *buf = XML_GetBuffer(p, (int)JX_PART_CHUNK);
        if (!buf) {
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
            break;
        }
        size_t got = 0;
        err = jx_package_part_read(pkg, buf, JX_PART_CHUNK, &got, d);
        if (err)
            break;
        if (XML_ParseBuffer(p, (int)got, got == 0) != XML_STATUS_OK) {
            err = parse_error(&x);
            break;
        }
        if (got == 0)
            break;
    }
    XML_ParserFree(p);
    free(x.tags);
    jx_package_part_close(pkg);
    return err;
}
