/*
 * styles.c - xl/styles.xml, read only for what changes a value's meaning:
 * which cell styles (cellXfs) show numbers as dates or times, and the
 * conversion of Excel's serial date numbers to ISO 8601 text.
 *
 * A number format is a date/time format when it is one of the built-in
 * date ids, or when its first section has a date/time letter (d m y h s)
 * outside quoted text, backslash escapes, padding (_x), fills (*x) and
 * [..] brackets; [h], [mm], [ss] elapsed-time brackets count as time.
 *
 * Invariants: serials are converted with integer arithmetic on the digits
 * of the stored text (never through double), honouring the 1904 date
 * system and Excel's fictitious 1900-02-29.
 */
#include "sheet/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Built-in number format ids that are dates or times (ECMA-376 18.8.30
 * and the East Asian ids Excel uses for zh-CN). */
static const struct { uint16_t lo, hi; } builtin_date_ids[] = {
    {14, 22}, {27, 36}, {45, 47}, {50, 58},
};

static bool builtin_is_date(uint32_t id)
{
    for (size_t i = 0; i < sizeof builtin_date_ids / sizeof builtin_date_ids[0]; i++)
        if (id >= builtin_date_ids[i].lo && id <= builtin_date_ids[i].hi)
            return true;
    return false;
}

/* Letters that make a format a date or time (after quoting is removed). */
static bool is_date_letter(char c)
{
    switch (c) {
    case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
    case 'h': case 'H': case 's': case 'S':
        return true;
    default:
        return false;
    }
}

/* "[h]", "[mm]", "[ss]": elapsed time. */
static bool is_elapsed(const char *s, size_t n)
{
    if (n == 0)
        return false;
    char c = s[0] | 0x20;
    if (c != 'h' && c != 'm' && c != 's')
        return false;
    for (size_t i = 1; i < n; i++)
        if ((s[i] | 0x20) != c)
            return false;
    return true;
}

bool jx_numfmt_is_date(uint32_t id, const char *code)
{
    if (!code)
        return builtin_is_date(id);
    for (const char *p = code; *p && *p != ';'; p++) {
        switch (*p) {
        case '"': {
            const char *q = strchr(p + 1, '"');
            if (!q)
                return false;
            p = q;
            break;
        }
        case '\\': case '_': case '*':
            if (!p[1])
                return false;
            p++;
            break;
        case '[': {
            const char *q = strchr(p + 1, ']');
            if (!q)
                return false;
            if (is_elapsed(p + 1, (size_t)(q - p - 1)))
                return true;
            p = q;
            break;
        }
        default:
            if (is_date_letter(*p))
                return true;
        }
    }
    return false;
}

/* ---- serial numbers ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian); H. Hinnant's
 * algorithm, integers only. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

#define MAX_FRAC_DIGITS 13        /* 10^13 * 86400 fits in int64 */
#define MAX_SERIAL_1900 2958465L  /* 9999-12-31 */

/* Split a decimal text ("45580.5625", "4.558E+4") into whole days and a
 * fraction num / 10^fdigits, exactly. */
static bool parse_serial(const char *v, long *days, int64_t *num, int *fdigits)
{
    char digits[64];
    int nd = 0, intdigits = -1;
    const char *p = v;
    if (*p == '+')
        p++;
    bool any = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            any = true;
            if (nd == 0 && *p == '0' && intdigits < 0)
                continue; /* leading zeros of the integer part */
            if (nd < (int)sizeof digits)
                digits[nd++] = *p;
            else if (intdigits < 0)
                return false; /* too many integer digits */
        } else if (*p == '.' && intdigits < 0) {
            intdigits = nd;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (intdigits < 0)
        intdigits = nd;
    if (*p == 'e' || *p == 'E') {
        p++;
        int sign = 1;
        if (*p == '+' || *p == '-')
            sign = *p++ == '-' ? -1 : 1;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        int e = 0;
        for (; *p >= '0' && *p <= '9'; p++)
            if (e < 1000)
                e = e * 10 + (*p - '0');
        intdigits += sign * e;
    }
    while (*p == ' ')
        p++;
    if (*p)
        return false;
    if (intdigits > 7)
        return false;
    long d = 0;
    for (int i = 0; i < intdigits; i++)
        d = d * 10 + (i < nd ? digits[i] - '0' : 0);
    int64_t f = 0;
    int k = 0;
    for (int i = intdigits; k < MAX_FRAC_DIGITS; i++, k++)
        f = f * 10 + (i >= 0 && i < nd ? digits[i] - '0' : 0);
    *days = d;
    *num = f;
    *fdigits = k;
    return true;
}

bool jx_serial_to_iso(const char *v, bool date1904, char *out, size_t size)
{
    if (!v || *v == '-')
        return false;
    long days;
    int64_t num;
    int k;
    if (!parse_serial(v, &days, &num, &k))
        return false;
    int64_t scale = 1;
    for (int i = 0; i < k; i++)
        scale *= 10;
    int64_t sec = (num * 86400 + scale / 2) / scale;
    if (sec >= 86400) {
        sec -= 86400;
        days++;
    }
    if (days > MAX_SERIAL_1900 - (date1904 ? 1462 : 0))
        return false;
    unsigned hh = (unsigned)(sec / 3600), mi = (unsigned)(sec / 60 % 60), ss = (unsigned)(sec % 60);
    if (days == 0) {
        /* a bare time of day: Excel's day 0 is no calendar date */
        snprintf(out, size, "%02u:%02u:%02u", hh, mi, ss);
        return true;
    }
    long y;
    unsigned m, d;
    if (!date1904 && days == 60) {
        /* Lotus 1-2-3's leap day, kept by Excel for compatibility */
        y = 1900;
        m = 2;
        d = 29;
    } else {
        long base = date1904 ? days_from_civil(1904, 1, 1)
                  : days < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
        civil_from_days(base + days, &y, &m, &d);
    }
    if (sec)
        snprintf(out, size, "%04ld-%02u-%02uT%02u:%02u:%02u", y, m, d, hh, mi, ss);
    else
        snprintf(out, size, "%04ld-%02u-%02u", y, m, d);
    return true;
}

/* ---- styles.xml ---- */

typedef struct numfmt {
    uint32_t id;
    uint32_t seq; /* document order: a later definition of an id wins */
    bool is_date;
} numfmt;

typedef struct styles_state {
    jx_vec fmts;  /* numfmt */
    jx_vec xfs;   /* uint32_t numFmtId per cellXfs entry */
    uint32_t depth_cellxfs; /* > 0 while inside <cellXfs> */
    uint32_t depth;
} styles_state;

static uint32_t parse_u32(const char *s)
{
    if (!s)
        return 0;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int styles_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    styles_state *st = ud;
    st->depth++;
    if (strcmp(local, "numFmt") == 0) {
        numfmt *f = jx_vec_push(&st->fmts);
        if (!f) {
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
            return JX_TAG_NONE;
        }
        f->id = parse_u32(jx_xml_attr(attrs, "numFmtId"));
        f->seq = (uint32_t)st->fmts.len;
        const char *code = jx_xml_attr(attrs, "formatCode");
        f->is_date = jx_numfmt_is_date(f->id, code ? code : "");
    } else if (strcmp(local, "cellXfs") == 0) {
        st->depth_cellxfs = st->depth;
        return JX_TAG_CELLXFS;
    } else if (st->depth_cellxfs && st->depth == st->depth_cellxfs + 1 && strcmp(local, "xf") == 0) {
        uint32_t *id = jx_vec_push(&st->xfs);
        if (!id) {
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
            return JX_TAG_NONE;
        }
        *id = parse_u32(jx_xml_attr(attrs, "numFmtId"));
    }
    return JX_TAG_NONE;
}

static void styles_end(jx_xml *x, void *ud, int tag)
{
    styles_state *st = ud;
    if (tag == JX_TAG_CELLXFS)
        st->depth_cellxfs = 0;
    st->depth--;
}

static int cmp_numfmt_id(const void *a, const void *b)
{
    const numfmt *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_numfmt(const void *a, const void *b)
{
    const numfmt *x = a, *y = b;
    int c = cmp_numfmt_id(a, b);
    return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

jx_error jx_styles_read(jx_workbook *wb, jx_package *pkg, const char *part, jx_diag *d)
{
    static const jx_xml_handlers h = {styles_start, styles_end, NULL};
    styles_state st = {0};
    jx_vec_init(&st.fmts, sizeof(numfmt));
    jx_vec_init(&st.xfs, sizeof(uint32_t));
    jx_error err = jx_xml_parse_part(pkg, part, &h, &st, d);
    if (!err && st.xfs.len) {
        numfmt *fmts = st.fmts.data;
        size_t nfmts = st.fmts.len;
        if (nfmts > 1) {
            qsort(fmts, nfmts, sizeof *fmts, cmp_numfmt);
            size_t w = 0; /* keep the last definition of each id */
            for (size_t i = 0; i < nfmts; i++) {
                if (i + 1 < nfmts && fmts[i + 1].id == fmts[i].id)
                    continue;
                fmts[w++] = fmts[i];
            }
            nfmts = w;
        }
        wb->xf_date = jx_arena_calloc(&wb->arena, st.xfs.len, 1);
        if (!wb->xf_date) {
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
        } else {
            const uint32_t *ids = st.xfs.data;
            for (size_t i = 0; i < st.xfs.len; i++) {
                numfmt key = {.id = ids[i]};
                const numfmt *f = nfmts ? bsearch(&key, fmts, nfmts, sizeof *fmts, cmp_numfmt_id) : NULL;
                wb->xf_date[i] = f ? f->is_date : builtin_is_date(ids[i]);
            }
            wb->nxf = (uint32_t)st.xfs.len;
        }
    }
    jx_vec_free(&st.fmts);
    jx_vec_free(&st.xfs);
    return err;
}
