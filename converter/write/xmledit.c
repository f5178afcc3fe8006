/*
 * xmledit.c - the streaming editor: an existing part goes out byte for
 * byte except where a handler replaces a span or inserts new bytes.
 *
 * Invariants: output bytes follow input order; only bytes expat has
 * parsed (up to the end of the last tag it reported) are written when a
 * piece is done, so a tag cut by a piece boundary is never half written;
 * a handler may edit the tag being reported, or any input it held back,
 * because those bytes are still in the pending buffer; the pending buffer
 * holds at most one piece plus what handlers hold back.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NO_HOLD UINT64_MAX

struct jxw_xedit {
    XML_Parser parser;
    zipFile zf;                /* NULL: scan */
    const jxw_xedit_handlers *h;
    void *ud;
    jx_buf pending;            /* input bytes not yet written, from offset base */
    uint64_t base;
    uint64_t emitted;          /* everything before this is written or skipped */
    uint64_t parsed;           /* end of the last tag expat reported */
    uint64_t hold;             /* nothing from here on is written (NO_HOLD) */
    uint64_t tag_off, tag_len; /* the tag being reported */
    unsigned depth;
    jx_error err;
    char detail[200];
};

unsigned jxw_xedit_depth(const jxw_xedit *x) { return x->depth; }
uint64_t jxw_xedit_tag_off(const jxw_xedit *x) { return x->tag_off; }
uint64_t jxw_xedit_tag_len(const jxw_xedit *x) { return x->tag_len; }

void jxw_xedit_fail(jxw_xedit *x, jx_error e, const char *fmt, ...)
{
    if (x->err)
        return;
    x->err = e;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->detail, sizeof x->detail, fmt, ap);
        va_end(ap);
    }
    XML_StopParser(x->parser, XML_FALSE);
}

const char *jxw_xedit_bytes(const jxw_xedit *x, uint64_t off)
{
    return off >= x->base && off - x->base <= x->pending.len ? x->pending.data + (off - x->base) : NULL;
}

static void put_out(jxw_xedit *x, const char *data, size_t len)
{
    if (x->err || !x->zf || !len)
        return;
    if (jx_fault_io("write an edited zip entry") || zipWriteInFileInZip(x->zf, data, (unsigned)len) != ZIP_OK)
        jxw_xedit_fail(x, JX_ERR_IO, "write failed");
}

void jxw_xedit_copy_to(jxw_xedit *x, uint64_t off)
{
    if (x->err || off <= x->emitted)
        return;
    put_out(x, x->pending.data + (x->emitted - x->base), (size_t)(off - x->emitted));
    x->emitted = off;
}

void jxw_xedit_skip_to(jxw_xedit *x, uint64_t off)
{
    if (off > x->emitted)
        x->emitted = off;
}

void jxw_xedit_write(jxw_xedit *x, const char *data, size_t len) { put_out(x, data, len); }
void jxw_xedit_hold(jxw_xedit *x, uint64_t off) { x->hold = off; }
void jxw_xedit_release(jxw_xedit *x) { x->hold = NO_HOLD; }

void jxw_xedit_insert(jxw_xedit *x, const char *data, size_t len)
{
    jxw_xedit_copy_to(x, x->tag_off);
    put_out(x, data, len);
}

void jxw_xedit_replace(jxw_xedit *x, const char *data, size_t len)
{
    jxw_xedit_copy_to(x, x->tag_off);
    put_out(x, data, len);
    jxw_xedit_skip_to(x, x->tag_off + x->tag_len);
}

void jxw_xedit_set_attrs(jxw_xedit *x, const char *const *set)
{
    jx_buf b = {0};
    const char *raw = jxw_xedit_bytes(x, x->tag_off);
    if (raw && jxw_tag_edit(&b, raw, (size_t)x->tag_len, set, false))
        jxw_xedit_replace(x, b.data, b.len);
    else
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    jx_buf_free(&b);
}

static void note_tag(jxw_xedit *x)
{
    x->tag_off = (uint64_t)XML_GetCurrentByteIndex(x->parser);
    x->tag_len = (uint64_t)XML_GetCurrentByteCount(x->parser);
    if (x->tag_off + x->tag_len > x->parsed)
        x->parsed = x->tag_off + x->tag_len;
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
    jxw_xedit *x = ud;
    if (x->err)
        return;
    note_tag(x);
    x->depth++;
    if (x->h->start)
        x->h->start(x, x->ud, name, atts);
}

static void XMLCALL on_end(void *ud, const char *name)
{
    jxw_xedit *x = ud;
    if (x->err)
        return;
    note_tag(x);
    if (x->h->end)
        x->h->end(x, x->ud, name);
    x->depth--;
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    jxw_xedit *x = ud;
    if (!x->err)
        x->h->text(x, x->ud, s, len);
}

static void XMLCALL on_decl(void *ud, const XML_Char *version, const XML_Char *encoding, int standalone)
{
    (void)version;
    (void)standalone;
    jxw_xedit *x = ud;
    if (encoding && strcasecmp(encoding, "UTF-8") != 0 && strcasecmp(encoding, "UTF8") != 0)
        jxw_xedit_fail(x, JX_ERR_BAD_VALUE, "a part in %s cannot be edited (only UTF-8)", encoding);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    jxw_xedit_fail(ud, JX_ERR_BAD_VALUE, "a part with a DTD cannot be edited");
}

jx_error jxw_xedit_run(unzFile uf, zipFile zf, const char *part, const jxw_xedit_handlers *h, void *ud,
                       jx_diag *d)
{
    jxw_xedit x = {.zf = zf, .h = h, .ud = ud, .hold = NO_HOLD};
    x.parser = XML_ParserCreate_MM(NULL, JX_XML_MEMORY, NULL);
    unsigned char *chunk = jx_malloc(JXW_CHUNK);
    if (!x.parser || !chunk) {
        if (x.parser)
            XML_ParserFree(x.parser);
        free(chunk);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    XML_SetUserData(x.parser, &x);
    XML_SetElementHandler(x.parser, on_start, on_end);
    if (h->text)
        XML_SetCharacterDataHandler(x.parser, on_text);
    XML_SetXmlDeclHandler(x.parser, on_decl);
    XML_SetStartDoctypeDeclHandler(x.parser, on_doctype);
    if (unzOpenCurrentFile(uf) != UNZ_OK)
        x.err = JX_ERR_ZIP_CORRUPT;
    bool first = true, open = !x.err;
    while (!x.err) {
        int n = unzReadCurrentFile(uf, chunk, JXW_CHUNK);
        if (n < 0) {
            x.err = JX_ERR_ZIP_CORRUPT;
            break;
        }
        if (first && n >= 2 && ((chunk[0] == 0xFF && chunk[1] == 0xFE) || (chunk[0] == 0xFE && chunk[1] == 0xFF))) {
            /* what the editors write is UTF-8 */
            x.err = JX_ERR_BAD_VALUE;
            snprintf(x.detail, sizeof x.detail, "UTF-16 parts cannot be edited");
            break;
        }
        first = false;
        if (!jx_buf_append(&x.pending, chunk, (size_t)n)) {
            x.err = JX_ERR_NOMEM;
            break;
        }
        if (XML_Parse(x.parser, (const char *)chunk, n, n == 0) == XML_STATUS_ERROR && !x.err) {
            enum XML_Error e = XML_GetErrorCode(x.parser);
            x.err = e == XML_ERROR_NO_MEMORY ? JX_ERR_NOMEM : JX_ERR_XML;
            if (x.err == JX_ERR_XML)
                snprintf(x.detail, sizeof x.detail, "line %lu: %s",
                         (unsigned long)XML_GetCurrentLineNumber(x.parser), XML_ErrorString(e));
            break;
        }
        /* a tag cut by the piece's end is not reported yet: its first
         * bytes wait, as do bytes a handler holds back */
        uint64_t upto = n == 0 ? x.base + x.pending.len : x.parsed;
        if (x.hold < upto)
            upto = x.hold;
        jxw_xedit_copy_to(&x, upto);
        size_t drop = (size_t)(x.emitted - x.base);
        if (drop && !x.err) {
            memmove(x.pending.data, x.pending.data + drop, x.pending.len - drop);
            x.pending.len -= drop;
            x.base += drop;
        }
        if (n == 0)
            break;
    }
    if (open && unzCloseCurrentFile(uf) == UNZ_CRCERROR && !x.err) {
        x.err = JX_ERR_ZIP_CORRUPT;
        snprintf(x.detail, sizeof x.detail, "CRC mismatch");
    }
    XML_ParserFree(x.parser);
    free(chunk);
    jx_buf_free(&x.pending);
    if (x.err) {
        jx_diag_set_part(d, part);
        return jx_fail(d, x.err, "%s", x.detail[0] ? x.detail : "cannot edit the part");
    }
    return JX_OK;
}

/* ---- names and attributes ---- */

const char *jxw_local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

void jxw_prefix(const char *name, char *buf, size_t size)
{
    size_t n = (size_t)(jxw_local(name) - name);
    if (n >= size)
        n = 0;
    memcpy(buf, name, n);
    buf[n] = '\0';
}

const char *jxw_attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

bool jxw_ns_prefix(const char **atts, const char *uri, char *buf, size_t size)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strncmp(atts[i], "xmlns:", 6) == 0 && strcmp(atts[i + 1], uri) == 0 && strlen(atts[i] + 6) < size) {
            strcpy(buf, atts[i] + 6);
            return true;
        }
    return false;
}

/* ---- raw tags ---- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool jxw_tag_is_empty(const char *tag, size_t len)
{
    return len >= 2 && tag[len - 2] == '/' && tag[len - 1] == '>';
}

bool jxw_tag_edit(jx_buf *out, const char *tag, size_t len, const char *const *set, bool open)
{
    size_t nset = 0;
    while (set && set[nset])
        nset += 2;
    bool done[16] = {false};
    if (nset / 2 > sizeof done / sizeof done[0])
        return false;
    size_t i = 1;
    while (i < len && !is_space(tag[i]) && tag[i] != '/' && tag[i] != '>')
        i++;
    bool ok = jx_buf_append(out, tag, i);
    for (;;) {
        size_t ws = i;
        while (i < len && is_space(tag[i]))
            i++;
        if (i >= len || tag[i] == '/' || tag[i] == '>') {
            i = ws;
            break;
        }
        size_t name = i;
        while (i < len && tag[i] != '=' && !is_space(tag[i]))
            i++;
        size_t name_len = i - name;
        while (i < len && tag[i] != '"' && tag[i] != '\'')
            i++;
        if (i >= len)
            return false;
        char quote = tag[i++];
        size_t value = i;
        while (i < len && tag[i] != quote)
            i++;
        if (i >= len)
            return false;
        size_t k = 0;
        while (k < nset && !(strlen(set[k]) == name_len && memcmp(set[k], tag + name, name_len) == 0))
            k += 2;
        ok = ok && jx_buf_append(out, tag + ws, value - ws);
        if (k < nset) {
            done[k / 2] = true;
            /* the new value, in the quote the tag uses */
            jx_buf v = {0};
            ok = ok && jxw_put(&v, set[k + 1], JXW_ATTR);
            if (ok && quote == '\'')
                for (size_t j = 0; ok && j < v.len; j++)
                    ok = v.data[j] == '\'' ? jx_buf_appendz(out, "&apos;") : jx_buf_append(out, v.data + j, 1);
            else
                ok = ok && jx_buf_append(out, v.data, v.len);
            jx_buf_free(&v);
        } else {
            ok = ok && jx_buf_append(out, tag + value, i - value);
        }
        ok = ok && jx_buf_append(out, &quote, 1);
        i++;
    }
    for (size_t k = 0; k < nset; k += 2)
        if (!done[k / 2])
            ok = ok && jx_buf_printf(out, " %s=\"", set[k]) && jxw_put(out, set[k + 1], JXW_ATTR) &&
                 jx_buf_appendz(out, "\"");
    if (open && jxw_tag_is_empty(tag, len)) {
        /* white space before "/>" is kept; "/" goes */
        ok = ok && jx_buf_append(out, tag + i, len - 2 - i) && jx_buf_appendz(out, ">");
    } else {
        ok = ok && jx_buf_append(out, tag + i, len - i);
    }
    return ok;
}

/* ---- text ---- */

static bool is_hex(char c) { return jx_hexval(c) >= 0; }

bool jxw_put(jx_buf *b, const char *s, unsigned flags)
{
    bool attr = flags & JXW_ATTR, xstring = flags & JXW_XSTRING;
    const char *run = s; /* bytes not yet written that need no escape */
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c != '_')
            continue;
        const char *rep = NULL;
        char num[16];
        bool drop = false;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case '_':
            /* a literal _xHHHH_ would be read as an escape */
            if (xstring && (p[1] == 'x' || p[1] == 'X') && is_hex(p[2]) && is_hex(p[3]) && is_hex(p[4]) &&
                is_hex(p[5]) && p[6] == '_')
                rep = "_x005F_";
            break;
        default:
            /* below 0x20: not an XML 1.0 character: an escape, or nothing */
            if (!xstring) {
                drop = true;
                break;
            }
            snprintf(num, sizeof num, "_x%04X_", c);
            rep = num;
            break;
        }
        if (!rep && !drop)
            continue;
        /* the run before this byte, then its replacement */
        if (!jx_buf_append(b, run, (size_t)(p - run)) || (rep && !jx_buf_appendz(b, rep)))
            return false;
        run = p + 1;
    }
    return jx_buf_appendz(b, run);
}
