/*
 * error.c - error messages and one-line diagnostics.
 *
 * The message table is indexed by jx_error; a unit test checks that every
 * code has both a Chinese and an English message, so the table cannot
 * drift from the enum.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

static const char *const messages[JX_ERR__COUNT][2] = {
    [JX_OK] = {"成功", "success"},
    [JX_ERR_NOMEM] = {"内存不足", "out of memory"},
    [JX_ERR_IO] = {"无法读写文件", "cannot read or write the file"},
    [JX_ERR_USAGE] = {"参数无效", "invalid argument"},
    [JX_ERR_EMPTY_FILE] = {"文件为空（0 字节）", "the file is empty (0 bytes)"},
    [JX_ERR_NOT_ZIP] = {"不是 xlsx 工作簿（不是 zip 压缩包）",
                        "not an .xlsx workbook (not a zip container)"},
    [JX_ERR_ZIP_TRUNCATED] = {"xlsx 文件不完整（zip 压缩包被截断）",
                              "the .xlsx file is incomplete (truncated zip)"},
    [JX_ERR_ZIP_CORRUPT] = {"xlsx 文件已损坏（zip 数据无法解压或校验失败）",
                            "the .xlsx file is corrupt (zip data fails to inflate or its CRC is wrong)"},
    [JX_ERR_ENCRYPTED] = {"工作簿已加密（设有打开密码），请在 Excel/WPS 中取消密码后另存为 .xlsx",
                          "the workbook is encrypted (password to open); remove the password in Excel/WPS and save it as .xlsx"},
    [JX_ERR_LEGACY_XLS] = {"这是旧版 .xls 工作簿，请先在 Excel/WPS 中另存为 .xlsx",
                           "this is a legacy .xls workbook; save it as .xlsx in Excel/WPS first"},
    [JX_ERR_STRICT_OOXML] = {"不支持“Strict Open XML 电子表格”格式，请另存为普通“Excel 工作簿 (.xlsx)”",
                             "Strict Open XML spreadsheets are not supported; save as a normal \"Excel Workbook (.xlsx)\""},
    [JX_ERR_NOT_WORKBOOK] = {"zip 压缩包中没有 Excel 工作簿", "the zip container holds no spreadsheet workbook"},
    [JX_ERR_MISSING_PART] = {"工作簿缺少其引用的部件", "the workbook lacks a part it refers to"},
    [JX_ERR_LIMIT] = {"超出安全限制（文件过大或疑似压缩炸弹）",
                      "a safety limit was exceeded (too large, or a zip bomb)"},
    [JX_ERR_XML] = {"XML 格式错误", "malformed XML"},
    [JX_ERR_BAD_VALUE] = {"工作簿中有无效的值", "the workbook holds an invalid value"},
    [JX_ERR_MAPPING] = {"映射文件无效", "invalid mapping file"},
    [JX_ERR_NO_MAPPINGS] = {"映射目录中没有映射文件", "no mapping files in the mapping folder"},
    [JX_ERR_NOT_FOUND] = {"未找到", "not found"},
    [JX_ERR_KIND] = {"没有该类型的表（项目支出表与部门整体表不能互相转换）",
                     "no form of that kind (project and department forms do not convert into each other)"},
};

const char *jx_strerror(jx_error err, jx_lang lang)
{
    if ((unsigned)err >= JX_ERR__COUNT)
        return lang == JX_LANG_EN ? "unknown error" : "未知错误";
    const char *m = messages[err][lang == JX_LANG_EN ? 1 : 0];
    return m ? m : (lang == JX_LANG_EN ? "unknown error" : "未知错误");
}

void jx_strlcpy_utf8(char *dst, const char *src, size_t size)
{
    if (!size)
        return;
    size_t n = src ? strlen(src) : 0;
    if (n >= size) {
        n = size - 1;
        /* back up over UTF-8 continuation bytes so we never split a char */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

jx_error jx_fail(jx_diag *d, jx_error code, const char *fmt, ...)
{
    if (d) {
        d->code = code;
        if (fmt) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(d->detail, sizeof d->detail, fmt, ap);
            va_end(ap);
            /* vsnprintf may cut a UTF-8 sequence; re-trim it */
            char tmp[sizeof d->detail];
            memcpy(tmp, d->detail, sizeof tmp);
            jx_strlcpy_utf8(d->detail, tmp, sizeof d->detail);
        }
    }
    return code;
}

void jx_diag_clear(jx_diag *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

void jx_diag_set_file(jx_diag *d, const char *file)
{
    if (d)
        jx_strlcpy_utf8(d->file, file, sizeof d->file);
}

void jx_diag_set_part(jx_diag *d, const char *part)
{
    if (d)
        jx_strlcpy_utf8(d->part, part, sizeof d->part);
}

void jx_diag_set_sheet(jx_diag *d, const char *sheet)
{
    if (d)
        jx_strlcpy_utf8(d->sheet, sheet, sizeof d->sheet);
}

void jx_diag_set_cell(jx_diag *d, uint32_t row, uint32_t col)
{
    if (d)
        jx_cell_ref(row, col, d->cell);
}

char *jx_diag_format(const jx_diag *d, jx_lang lang, char *buf, size_t size)
{
    bool en = lang == JX_LANG_EN;
    int n = snprintf(buf, size, "%s", d->file[0] ? d->file : "-");
    size_t len = n > 0 ? (size_t)n : 0;
#define JX_ADD(...)                                                        \
    do {                                                                   \
        if (len < size) {                                                  \
            int k = snprintf(buf + len, size - len, __VA_ARGS__);          \
            if (k > 0)                                                     \
                len += (size_t)k;                                          \
        }                                                                  \
    } while (0)
    if (d->sheet[0])
        JX_ADD(en ? ": sheet '%s'" : "：工作表“%s”", d->sheet);
    if (d->cell[0])
        JX_ADD(en ? " cell %s" : " 单元格 %s", d->cell);
    if (d->part[0])
        JX_ADD(en ? " (part %s" : "（部件 %s", d->part);
    if (d->part[0] && d->line)
        JX_ADD(en ? ", line %lu" : "，第 %lu 行", d->line);
    if (d->part[0])
        JX_ADD(en ? ")" : "）");
    JX_ADD(en ? ": %s" : "：%s", jx_strerror(d->code, lang));
    if (d->detail[0])
        JX_ADD(en ? " (%s)" : "（%s）", d->detail);
#undef JX_ADD
    /* one line, always: fold any newline a detail carried */
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return buf;
}

char *jx_cell_ref(uint32_t row, uint32_t col, char *buf)
{
    char letters[8];
    int n = 0;
    uint32_t c = col;
    while (c > 0 && n < 7) {
        c--;
        letters[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    int k = 0;
    while (n > 0)
        buf[k++] = letters[--n];
    /* digits by hand: this runs for every cell the model reports */
    char digits[12];
    int nd = 0;
    uint32_t r = row;
    do {
        digits[nd++] = (char)('0' + r % 10);
        r /= 10;
    } while (r && nd < 10);
    while (nd > 0 && k < 15)
        buf[k++] = digits[--nd];
    buf[k] = '\0';
    return buf;
}

int jx_cmp_sheet_cell(const char *sheet_a, jx_origin a, const char *sheet_b, jx_origin b)
{
    int r = strcmp(sheet_a, sheet_b);
    if (r)
        return r;
    if (a.row != b.row)
        return a.row < b.row ? -1 : 1;
    if (a.col != b.col)
        return a.col < b.col ? -1 : 1;
    return 0;
}

int jx_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool jx_parse_cell_ref(const char *ref, uint32_t *row, uint32_t *col)
{
    const char *p = ref;
    uint32_t c = 0, r = 0;
    if (*p == '$')
        p++;
    int letters = 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        int v = (*p >= 'a' ? *p - 'a' : *p - 'A') + 1;
        c = c * 26 + (uint32_t)v;
        if (++letters > 3)
            return false;
        p++;
    }
    if (*p == '$')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (uint32_t)(*p - '0');
        if (++digits > 7)
            return false;
        p++;
    }
    if (*p || !letters || !digits || r == 0 || r > JX_MAX_ROW || c == 0 || c > JX_MAX_COL)
        return false;
    *row = r;
    *col = c;
    return true;
}

bool jx_parse_range_ref(const char *ref, jx_range *out)
{
    const char *colon = strchr(ref, ':');
    char a[32];
    if (!colon) {
        if (!jx_parse_cell_ref(ref, &out->r1, &out->c1))
            return false;
        out->r2 = out->r1;
        out->c2 = out->c1;
        return true;
    }
    size_t n = (size_t)(colon - ref);
    if (n >= sizeof a)
        return false;
    memcpy(a, ref, n);
    a[n] = '\0';
    if (!jx_parse_cell_ref(a, &out->r1, &out->c1) || !jx_parse_cell_ref(colon + 1, &out->r2, &out->c2))
        return false;
    if (out->r2 < out->r1 || out->c2 < out->c1)
        return false;
    return true;
}
