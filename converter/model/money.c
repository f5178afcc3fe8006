/*
 * money.c - exact amounts.
 *
 * Amounts live as int64_t 分.  They are parsed from decimal text (a cell's
 * <v>, or a number typed as text with stray spaces and separators, as in
 * "33, 241. 27") digit by digit, so no amount ever passes through a
 * binary floating-point value.  Rounding to the 分 is half away from zero;
 * it only happens for values that carry more decimals than the unit allows
 * (Excel's 17-digit artefacts such as 14.330000000000002).
 */
#include "common/common.h"

#include <stdio.h>
#include <string.h>

/* Skippable inside a written number: ASCII space, comma, the full-width
 * comma and the ideographic space.  Returns the byte length, or 0. */
static size_t filler_len(const char *p)
{
    if (*p == ' ' || *p == ',' || *p == '\t')
        return 1;
    if (strncmp(p, "\xEF\xBC\x8C", 3) == 0 || strncmp(p, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

jx_error jx_money_parse(const char *text, int64_t fen_per_unit, int64_t *fen)
{
    if (!text || fen_per_unit <= 0)
        return JX_ERR_BAD_VALUE;
    int unit_exp = 0;
    for (int64_t u = fen_per_unit; u > 1; u /= 10) {
        if (u % 10)
            return JX_ERR_USAGE; /* units are powers of ten */
        unit_exp++;
    }
    const char *p = text;
    while (filler_len(p))
        p += filler_len(p);
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    char digits[64];
    int nd = 0, frac = 0;
    bool dot = false, any = false;
    for (;;) {
        size_t skip = filler_len(p);
        if (skip) {
            p += skip;
            continue;
        }
        if (*p >= '0' && *p <= '9') {
            any = true;
            if (nd == 0 && *p == '0' && !dot) {
                p++;
                continue; /* leading zeros carry nothing */
            }
            if (nd >= (int)sizeof digits - 1)
                return JX_ERR_BAD_VALUE;
            digits[nd++] = *p++;
            if (dot)
                frac++;
            continue;
        }
        if (*p == '.' && !dot) {
            dot = true;
            p++;
            continue;
        }
        break;
    }
    int exp10 = 0;
    if (*p == 'E' || *p == 'e') {
        p++;
        bool eneg = false;
        if (*p == '-' || *p == '+')
            eneg = *p++ == '-';
        if (*p < '0' || *p > '9')
            return JX_ERR_BAD_VALUE;
        while (*p >= '0' && *p <= '9') {
            exp10 = exp10 * 10 + (*p++ - '0');
            if (exp10 > 400)
                return JX_ERR_BAD_VALUE;
        }
        if (eneg)
            exp10 = -exp10;
    }
    while (filler_len(p))
        p += filler_len(p);
    if (*p || !any)
        return JX_ERR_BAD_VALUE;
    /* value = digits * 10^(exp10 - frac); in fen multiply by 10^unit_exp */
    int shift = exp10 - frac + unit_exp;
    int keep = nd + shift; /* digits that form the integer fen amount */
    if (keep > 18)
        return JX_ERR_BAD_VALUE;
    int64_t v = 0;
    for (int i = 0; i < keep; i++)
        v = v * 10 + (i < nd ? digits[i] - '0' : 0);
    /* round on the first dropped digit; when keep < 0 that digit is an
     * implied zero, so nothing rounds up */
    if (keep >= 0 && keep < nd && digits[keep] >= '5')
        v++;
    *fen = neg ? -v : v;
    return JX_OK;
}

char *jx_money_format(int64_t fen, char *buf)
{
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(buf, 32, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
    return buf;
}

/* The number a spreadsheet shows for a stored <v>: Excel keeps 15
 * significant digits, so Gnumeric's "12.8000000000000000002" and Excel's
 * "12.8" are the same number to a user.  Rounds the digit string (half
 * up) without floating point and prints it in plain notation. */
bool jx_number_display(const char *raw, char *buf, size_t size)
{
    enum { SIG = 15 };
    const char *p = raw;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    char d[64];
    /* value = 0.d[0]d[1]... x 10^point */
    int nd = 0, point = 0;
    bool seen = false, has_point = false;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.') {
            if (has_point)
                return false;
            has_point = true;
            point = nd;
            continue;
        }
        seen = true;
        if (nd == 0 && *p == '0') {
            if (has_point)
                point--; /* a leading zero after the point shifts it */
            continue;
        }
        if (nd < (int)sizeof d)
            d[nd++] = *p;
        else if (!has_point)
            return false;
    }
    if (!has_point)
        point = nd;
    if (*p == 'E' || *p == 'e') {
        p++;
        bool eneg = false;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        int e = 0;
        if (*p < '0' || *p > '9')
            return false;
        while (*p >= '0' && *p <= '9') {
            e = e * 10 + (*p++ - '0');
            if (e > 400)
                return false;
        }
        point += eneg ? -e : e;
    }
    if (*p || !seen)
        return false;
    if (nd > SIG) {
        bool up = d[SIG] >= '5';
        nd = SIG;
        for (int i = nd - 1; up && i >= 0; i--) {
            if (d[i] == '9')
                d[i] = '0';
            else {
                d[i]++;
                up = false;
            }
        }
        if (up) { /* 999.. rounded up to 1000.. */
            memmove(d + 1, d, (size_t)nd - 1);
            d[0] = '1';
            point++;
        }
    }
    while (nd > 0 && d[nd - 1] == '0')
        nd--;
    if (nd == 0) {
        if (size < 2)
            return false;
        strcpy(buf, "0");
        return true;
    }
    if (point > 20 || point < -20)
        return false;
    /* plain notation */
    char out[96];
    size_t k = 0;
    if (neg)
        out[k++] = '-';
    if (point <= 0) {
        out[k++] = '0';
        out[k++] = '.';
        for (int i = 0; i < -point; i++)
            out[k++] = '0';
        for (int i = 0; i < nd; i++)
            out[k++] = d[i];
    } else {
        for (int i = 0; i < point; i++)
            out[k++] = i < nd ? d[i] : '0';
        if (nd > point) {
            out[k++] = '.';
            for (int i = point; i < nd; i++)
                out[k++] = d[i];
        }
    }
    out[k] = '\0';
    if (k + 1 > size)
        return false;
    memcpy(buf, out, k + 1);
    return true;
}
