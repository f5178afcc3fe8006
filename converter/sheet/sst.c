/*
 * sst.c - the shared string table (xl/sharedStrings.xml) and the string
 * items it shares with inline strings (<is>).
 *
 * A string item is plain (<si><t>) or rich (<si><r><t>..</t></r>...): the
 * text is the runs joined.  Phonetic guides (<rPh>) are annotations, not
 * text, and are left out.  White space is kept exactly as written; only
 * ST_Xstring escapes (_xHHHH_, e.g. _x000D_ for a carriage return that XML
 * would otherwise fold) are decoded.
 *
 * Invariants: every entry has its normalised form computed here, once per
 * unique string; count and length are bounded by jx_limits.
 */
#include "sheet/sheet.h"

#include <string.h>

void jx_rich_reset(jx_rich *r)
{
    r->buf.len = 0;
    if (r->buf.data)
        r->buf.data[0] = '\0';
    r->in_t = 0;
    r->rph = 0;
    r->too_long = false;
    r->nomem = false;
}

int jx_rich_start(jx_rich *r, const char *local)
{
    if (strcmp(local, "rPh") == 0) {
        r->rph++;
        return JX_TAG_RICH_RPH;
    }
    if (local[0] == 't' && local[1] == '\0' && r->rph == 0) {
        r->in_t++;
        return JX_TAG_RICH_T;
    }
    return JX_TAG_NONE;
}

void jx_rich_end(jx_rich *r, int tag)
{
    if (tag == JX_TAG_RICH_RPH && r->rph)
        r->rph--;
    else if (tag == JX_TAG_RICH_T && r->in_t)
        r->in_t--;
}

void jx_rich_text(jx_rich *r, const char *s, size_t len)
{
    if (!r->in_t || r->rph || r->too_long || r->nomem)
        return;
    if (r->buf.len + len > r->max_bytes) {
        r->too_long = true;
        return;
    }
    if (!jx_buf_append(&r->buf, s, len))
        r->nomem = true;
}

const char *jx_norm_of(jx_arena *a, const char *text, size_t len)
{
    if (len <= JX_NORM_MAX)
        return jx_normalize_arena(a, text);
    size_t n = JX_NORM_MAX;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    char head[JX_NORM_MAX + 1];
    memcpy(head, text, n);
    head[n] = '\0';
    const char *norm = jx_normalize_arena(a, head);
    return norm == head ? jx_arena_strndup(a, head, n) : norm;
}

/* Reads "_xHHHH_" at s (len bytes available); returns the code unit or -1. */
static long escape_at(const char *s, size_t len)
{
    if (len < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = jx_hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t jx_xstring_decode(char *s, size_t len)
{
    if (!memchr(s, '_', len))
        return len;
    size_t r = 0, w = 0;
    while (r < len) {
        long u = s[r] == '_' ? escape_at(s + r, len - r) : -1;
        if (u < 0) {
            s[w++] = s[r++];
            continue;
        }
        r += 7;
        uint32_t cp = (uint32_t)u;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = escape_at(s + r, len - r);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                r += 7;
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp == 0)
            continue; /* a NUL cannot live in a C string; XML forbids it anyway */
        w += put_utf8(s + w, cp);
    }
    s[w] = '\0';
    return w;
}

/* ---- the table ---- */

typedef struct sst_state {
    jx_workbook *wb;
    jx_vec items; /* jx_sst_entry */
    jx_rich rich;
    bool in_si;
    uint32_t max_strings;
} sst_state;

static int sst_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    sst_state *st = ud;
    if (st->in_si)
        return jx_rich_start(&st->rich, local);
    if (strcmp(local, "si") != 0)
        return JX_TAG_NONE;
    if (st->items.len >= st->max_strings) {
        jx_xml_fail(x, JX_ERR_LIMIT, "max_strings: more than %u shared strings", st->max_strings);
        return JX_TAG_NONE;
    }
    st->in_si = true;
    jx_rich_reset(&st->rich);
    return JX_TAG_SI;
}

static void sst_end(jx_xml *x, void *ud, int tag)
{
    sst_state *st = ud;
    if (!st->in_si)
        return;
    if (tag != JX_TAG_SI) {
        jx_rich_end(&st->rich, tag);
        return;
    }
    st->in_si = false;
    if (st->rich.nomem) {
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    if (st->rich.too_long) {
        jx_xml_fail(x, JX_ERR_LIMIT, "max_string_bytes: shared string %zu longer than %u bytes",
                    st->items.len, st->rich.max_bytes);
        return;
    }
    size_t len = st->rich.buf.len ? jx_xstring_decode(st->rich.buf.data, st->rich.buf.len) : 0;
    jx_sst_entry *e = jx_vec_push(&st->items);
    if (!e) {
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    e->text = jx_arena_strndup(&st->wb->arena, len ? st->rich.buf.data : "", len);
    e->norm = e->text ? jx_norm_of(&st->wb->arena, e->text, len) : NULL;
    if (!e->text || !e->norm)
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
}

static void sst_text(jx_xml *x, void *ud, const char *s, size_t len)
{
    sst_state *st = ud;
    if (st->in_si)
        jx_rich_text(&st->rich, s, len);
}

jx_error jx_sst_read(jx_workbook *wb, jx_package *pkg, const char *part, jx_diag *d)
{
    static const jx_xml_handlers h = {sst_start, sst_end, sst_text};
    sst_state st = {.wb = wb, .max_strings = wb->lim.max_strings};
    jx_vec_init(&st.items, sizeof(jx_sst_entry));
    st.rich.max_bytes = wb->lim.max_string_bytes;
    jx_error err = jx_xml_parse_part(pkg, part, &h, &st, d);
    if (!err && st.items.len) {
        wb->sst = jx_arena_alloc(&wb->arena, st.items.len * sizeof(jx_sst_entry));
        if (!wb->sst)
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
        else {
            memcpy(wb->sst, st.items.data, st.items.len * sizeof(jx_sst_entry));
            wb->nsst = (uint32_t)st.items.len;
        }
    }
    jx_vec_free(&st.items);
    jx_buf_free(&st.rich.buf);
    return err;
}
