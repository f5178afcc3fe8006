/*
 * shift.c - rows inserted into a sheet, and what that does to the
 * references in it: cell and range references in attributes (merged
 * ranges, conditional formats, data validation, hyperlinks, the
 * dimension) and in formulas (cells and defined names).
 *
 * Insertion works as in a spreadsheet: every row at or below an insertion
 * point moves down by the rows inserted there; a range moves each end on
 * its own, so a range spanning the point grows and one below it moves.
 *
 * Invariant: the map is monotonic (r1 < r2 implies map(r1) < map(r2)), so
 * ranges stay well-formed and sorted lists stay sorted.
 */
#include "write/write.h"

#include <stdio.h>
#include <string.h>

#define MAX_ROW 1048576u

uint32_t jxw_shift_row(const jxc_sheet *s, uint32_t row)
{
    return s ? jxc_shift_row(s->inserts, s->ninserts, row) : row;
}

uint32_t jxw_shift_total(const jxc_sheet *s)
{
    uint64_t t = 0;
    for (size_t i = 0; s && i < s->ninserts; i++)
        t += s->inserts[i].count;
    return t > MAX_ROW ? MAX_ROW : (uint32_t)t;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || (unsigned char)c >= 0x80; }

/* Whether digits [p, p+n) are a row of Excel's grid. */
static bool row_in_grid(const char *p, size_t n)
{
    uint32_t r = 0;
    for (size_t i = 0; i < n; i++)
        r = r * 10 + (uint32_t)(p[i] - '0');
    return r >= 1 && r <= MAX_ROW;
}

/* A cell reference at p ("$A$5", "b7"): its length, or 0.  Sets the
 * offset and length of its row digits. */
static size_t cell_ref_at(const char *p, size_t *row_off, size_t *row_len)
{
    size_t i = 0;
    if (p[i] == '$')
        i++;
    size_t letters = 0;
    while (is_alpha(p[i]) && letters < 4)
        i++, letters++;
    if (!letters || letters > 3)
        return 0;
    if (p[i] == '$')
        i++;
    size_t digits = 0, start = i;
    while (is_digit(p[i]))
        i++, digits++;
    if (!digits || digits > 7 || p[start] == '0' || !row_in_grid(p + start, digits))
        return 0;
    *row_off = start;
    *row_len = digits;
    return i;
}

/* A row reference at p ("$3", "12"): its length, or 0. */
static size_t row_ref_at(const char *p, size_t *row_off, size_t *row_len)
{
    size_t i = p[0] == '$' ? 1 : 0, start = i;
    while (is_digit(p[i]))
        i++;
    if (i == start || i - start > 7 || p[start] == '0' || !row_in_grid(p + start, i - start))
        return 0;
    *row_off = start;
    *row_len = i - start;
    return i;
}

static bool put_shifted_row(jx_buf *out, const jxc_sheet *s, const char *digits, size_t len)
{
    uint32_t row = 0;
    for (size_t i = 0; i < len; i++)
        row = row * 10 + (uint32_t)(digits[i] - '0');
    return jx_buf_printf(out, "%u", jxw_shift_row(s, row));
}

/* A reference at p if one starts there: a cell ("A5"), a range of cells
 * ("A5:$C$9") or of rows ("$3:$4").  Writes it shifted and returns its
 * length; 0 when there is none (nothing written). */
static size_t shift_ref_at(jx_buf *out, const jxc_sheet *s, const char *p, bool *ok)
{
    size_t off1, len1, off2, len2;
    size_t n1 = cell_ref_at(p, &off1, &len1);
    bool rows = false;
    if (!n1) {
        n1 = row_ref_at(p, &off1, &len1);
        rows = true;
        /* a bare number is a row only as part of a row range */
        if (!n1 || p[n1] != ':')
            return 0;
    }
    size_t n2 = 0;
    if (p[n1] == ':') {
        n2 = rows ? row_ref_at(p + n1 + 1, &off2, &len2) : cell_ref_at(p + n1 + 1, &off2, &len2);
        if (!n2 && rows)
            return 0;
    }
    *ok = *ok && jx_buf_append(out, p, off1) && put_shifted_row(out, s, p + off1, len1) &&
          jx_buf_append(out, p + off1 + len1, n1 - off1 - len1);
    if (!n2)
        return n1;
    const char *q = p + n1 + 1;
    *ok = *ok && jx_buf_appendz(out, ":") && jx_buf_append(out, q, off2) && put_shifted_row(out, s, q + off2, len2) &&
          jx_buf_append(out, q + off2 + len2, n2 - off2 - len2);
    return n1 + 1 + n2;
}

bool jxw_shift_refs(jx_buf *out, const jxc_sheet *s, const char *refs)
{
    /* a list separated by spaces (sqref): each item is a reference */
    bool ok = true;
    const char *p = refs;
    while (ok && *p) {
        size_t n = (p == refs || p[-1] == ' ') ? shift_ref_at(out, s, p, &ok) : 0;
        if (n)
            p += n;
        else
            ok = jx_buf_append(out, p++, 1);
    }
    return ok && jx_buf_terminate(out);
}

/* The sheet a qualified reference names at p ("'My sheet'!" or "S1!"):
 * its length including "!", and the name (unquoted, quotes undoubled)
 * into name; 0 when p does not start one. */
static size_t sheet_prefix_at(const char *p, char *name, size_t size)
{
    size_t i = 0, k = 0;
    if (p[0] == '\'') {
        for (i = 1; p[i]; i++) {
            if (p[i] == '\'') {
                if (p[i + 1] == '\'') {
                    i++;
                } else {
                    break;
                }
            }
            if (k + 1 < size)
                name[k++] = p[i];
        }
        if (p[i] != '\'' || p[i + 1] != '!')
            return 0;
        name[k] = '\0';
        return i + 2;
    }
    while (is_word(p[i]))
        i++;
    if (!i || p[i] != '!' || i >= size)
        return 0;
    memcpy(name, p, i);
    name[i] = '\0';
    return i + 1;
}

static bool put_sheet_name(jx_buf *out, const char *name)
{
    bool ok = jx_buf_appendz(out, "'");
    for (const char *p = name; ok && *p; p++)
        ok = *p == '\'' ? jx_buf_appendz(out, "''") : jx_buf_append(out, p, 1);
    return ok && jx_buf_appendz(out, "'!");
}

bool jxw_shift_formula(jx_buf *out, const jxc_sheet *s, const char *f, const char *sheet, const char *rename)
{
    bool ok = true;
    const char *p = f;
    while (ok && *p) {
        if (*p == '"') {
            /* a string literal: copied as it is ("" is a quote inside) */
            const char *q = p + 1;
            while (*q && !(*q == '"' && q[1] != '"'))
                q += *q == '"' ? 2 : 1;
            if (*q)
                q++;
            ok = jx_buf_append(out, p, (size_t)(q - p));
            p = q;
            continue;
        }
        bool boundary = p == f || !is_word(p[-1]);
        char name[256];
        size_t pre = boundary ? sheet_prefix_at(p, name, sizeof name) : 0;
        if (pre) {
            bool own = sheet && strcmp(name, sheet) == 0;
            ok = own && rename ? put_sheet_name(out, rename) : jx_buf_append(out, p, pre);
            p += pre;
            /* another sheet's reference is copied as it is (a NULL sheet
             * shifts nothing) */
            p += shift_ref_at(out, own ? s : NULL, p, &ok);
            continue;
        }
        if (boundary && (is_alpha(*p) || *p == '$' || is_digit(*p))) {
            size_t off, len;
            size_t n = cell_ref_at(p, &off, &len);
            if (!n)
                n = row_ref_at(p, &off, &len);
            /* a function name ("LOG10(") or part of a name is not a
             * reference; neither is a number or a name: copied to its end */
            size_t m = n && (is_word(p[n]) || p[n] == '(' || p[n] == '!') ? 0 : shift_ref_at(out, s, p, &ok);
            if (!m) {
                while (is_word(p[m]))
                    m++;
                m = m ? m : 1;
                ok = ok && jx_buf_append(out, p, m);
            }
            p += m;
            continue;
        }
        ok = jx_buf_append(out, p++, 1);
    }
    return ok && jx_buf_terminate(out);
}
