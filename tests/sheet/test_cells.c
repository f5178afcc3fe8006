/*
 * test_cells.c - every kind of cell value the reader turns into text:
 * shared, rich (phonetic runs left out), inline and formula strings,
 * numbers kept as written, booleans, errors, cached formula values, dates
 * through built-in and custom formats, the 1904 system, ST_Xstring escapes
 * and white space; plus rows and cells without r, out of order, repeated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet/sheet.h"

#include "reader_util.h"

static jx_workbook *open_ok(const char *name)
{
    jx_workbook *wb = NULL;
    jx_diag d;
    jx_error err = jx_workbook_open(data_path(name), NULL, &wb, &d);
    if (err) {
        char line[1024];
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    }
    assert_int_equal(d.code, JX_OK);
    assert_string_equal(d.file, data_path(name));
    assert_string_equal(d.part, "");
    return wb;
}

/* Check one cell by reference. */
static void cell_is(const jx_sheet *sh, const char *ref, jx_cell_type type, const char *text)
{
    uint32_t r, c;
    assert_true(jx_parse_cell_ref(ref, &r, &c));
    const char *got = jx_sheet_cell_text(sh, r, c);
    if (text == NULL) {
        if (got)
            fail_msg("%s: want no value, got '%s'", ref, got);
        assert_int_equal(jx_sheet_cell_type(sh, r, c), JX_CELL_EMPTY);
        assert_null(jx_sheet_norm(sh, r, c));
        return;
    }
    if (!got || strcmp(got, text) != 0)
        fail_msg("%s: want '%s', got '%s'", ref, text, got ? got : "(null)");
    if (jx_sheet_cell_type(sh, r, c) != type)
        fail_msg("%s: want type %d, got %d", ref, type, jx_sheet_cell_type(sh, r, c));
    assert_non_null(jx_sheet_norm(sh, r, c));
}

static void test_types(void **state)
{
    jx_workbook *wb = open_ok("types.xlsx");
    assert_int_equal(jx_workbook_sheet_count(wb), 1);
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    assert_string_equal(jx_sheet_name(sh), "Sheet1");
    assert_string_equal(jx_sheet_part(sh), "xl/worksheets/sheet1.xml");
    cell_is(sh, "A1", JX_CELL_STRING, "合计");
    cell_is(sh, "B1", JX_CELL_STRING, "富文本"); /* runs joined, <rPh> left out */
    cell_is(sh, "C1", JX_CELL_STRING, "内联");
    cell_is(sh, "D1", JX_CELL_STRING, "公式串");
    cell_is(sh, "E1", JX_CELL_NUMBER, "365.32");
    cell_is(sh, "F1", JX_CELL_NUMBER, "1.2E+3");
    cell_is(sh, "G1", JX_CELL_BOOL, "TRUE");
    cell_is(sh, "H1", JX_CELL_BOOL, "FALSE");
    cell_is(sh, "I1", JX_CELL_ERROR, "#N/A");
    cell_is(sh, "J1", JX_CELL_NUMBER, "1565.32"); /* formula: cached value */
    cell_is(sh, "A3", JX_CELL_STRING, "line1\r\nline2");
    cell_is(sh, "B3", JX_CELL_STRING, "  lead and trail  ");
    cell_is(sh, "C3", JX_CELL_STRING, "a_x0041_b");
    cell_is(sh, "D3", JX_CELL_EMPTY, NULL); /* empty shared string */
    cell_is(sh, "E3", JX_CELL_STRING, "  x  ");
    cell_is(sh, "F3", JX_CELL_EMPTY, NULL); /* styled, no value */
    cell_is(sh, "G3", JX_CELL_EMPTY, NULL); /* formula without a cached value */
    cell_is(sh, "H3", JX_CELL_STRING, "（万元）");
    cell_is(sh, "A4", JX_CELL_STRING, "a\rb");
    cell_is(sh, "B4", JX_CELL_STRING, "inline rich");
    cell_is(sh, "Z99", JX_CELL_EMPTY, NULL);
    assert_null(jx_sheet_cell_text(sh, 0, 1));
    assert_null(jx_sheet_cell_text(sh, 1, 0));
    assert_null(jx_sheet_cell_text(sh, 5000000, 1));
    /* normal forms are computed once; a normal text is its own normal form */
    assert_ptr_equal(jx_sheet_norm(sh, 1, 1), jx_sheet_cell_text(sh, 1, 1));
    assert_string_equal(jx_sheet_norm(sh, 3, 2), "leadandtrail");
    assert_string_equal(jx_sheet_norm(sh, 3, 8), "(万元)");
    assert_string_equal(jx_sheet_norm(sh, 3, 1), "line1line2");
    assert_int_equal(jx_sheet_max_row(sh), 5);
    assert_int_equal(jx_sheet_max_col(sh), 15);
    jx_workbook_close(wb);
}

static void test_dates(void **state)
{
    jx_workbook *wb = open_ok("types.xlsx");
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    cell_is(sh, "A2", JX_CELL_DATE, "2024-10-16");          /* built-in 14 */
    cell_is(sh, "B2", JX_CELL_DATE, "2024-10-16T13:30:00"); /* yyyy"年"m"月"d"日" */
    cell_is(sh, "C2", JX_CELL_NUMBER, "45581");             /* #,##0.00"元" */
    cell_is(sh, "D2", JX_CELL_DATE, "1900-01-01T12:00:00"); /* [h]:mm */
    cell_is(sh, "E2", JX_CELL_DATE, "2024-10-16T13:30:00"); /* built-in 22 */
    cell_is(sh, "F2", JX_CELL_DATE, "2024-10-16T00:00:00"); /* t="d": as written */
    cell_is(sh, "G2", JX_CELL_DATE, "1900-02-29");          /* Excel's leap-year bug */
    cell_is(sh, "H2", JX_CELL_DATE, "1900-02-28");
    cell_is(sh, "I2", JX_CELL_DATE, "1900-03-01");
    cell_is(sh, "J2", JX_CELL_DATE, "1900-01-01");
    cell_is(sh, "K2", JX_CELL_NUMBER, "5");                 /* [Red]0.00 */
    cell_is(sh, "L2", JX_CELL_NUMBER, "12.50");             /* built-in 2, text kept */
    cell_is(sh, "M2", JX_CELL_NUMBER, "7");                 /* "day"0: quoted letters */
    cell_is(sh, "N2", JX_CELL_DATE, "2024-10-16");          /* numFmt 170 redefined */
    cell_is(sh, "O2", JX_CELL_NUMBER, "45581");             /* no such style */
    cell_is(sh, "A5", JX_CELL_DATE, "2024-10-16");          /* exponent form */
    cell_is(sh, "B5", JX_CELL_NUMBER, "-1");                /* no such date */
    cell_is(sh, "C5", JX_CELL_DATE, "12:00:00");            /* a bare time */
    cell_is(sh, "D5", JX_CELL_DATE, "2024-10-17");          /* rounds to midnight */
    jx_workbook_close(wb);
}

static void test_date1904(void **state)
{
    jx_workbook *wb = open_ok("date1904.xlsx");
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    cell_is(sh, "A1", JX_CELL_DATE, "2024-10-16");
    cell_is(sh, "B1", JX_CELL_DATE, "2024-10-16T18:00:00");
    cell_is(sh, "C1", JX_CELL_DATE, "1904-01-02");
    jx_workbook_close(wb);
}

static void test_no_sst_and_positions(void **state)
{
    jx_workbook *wb = open_ok("nosst.xlsx");
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    cell_is(sh, "A1", JX_CELL_STRING, "A1"); /* row and cell without r */
    cell_is(sh, "B1", JX_CELL_NUMBER, "2");
    cell_is(sh, "C3", JX_CELL_NUMBER, "33");
    cell_is(sh, "D3", JX_CELL_NUMBER, "34"); /* previous column + 1 */
    cell_is(sh, "A4", JX_CELL_NUMBER, "41"); /* previous row + 1 */
    cell_is(sh, "A5", JX_CELL_NUMBER, "51"); /* rows out of order */
    cell_is(sh, "B6", JX_CELL_NUMBER, "62"); /* cells out of order */
    cell_is(sh, "A6", JX_CELL_NUMBER, "99"); /* a later duplicate wins */
    cell_is(sh, "A7", JX_CELL_NUMBER, "2");  /* adjacent duplicate */
    cell_is(sh, "A2", JX_CELL_EMPTY, NULL);
    assert_true(jx_sheet_row_hidden(sh, 9));
    assert_true(jx_sheet_row_hidden(sh, 10));
    assert_false(jx_sheet_row_hidden(sh, 11));
    assert_false(jx_sheet_row_hidden(sh, 8));
    assert_int_equal(jx_sheet_max_row(sh), 11);
    assert_int_equal(jx_sheet_max_col(sh), 4);
    /* row-major order after sorting: A5 comes before A6 and B6 */
    uint32_t r = 0, c = 0;
    assert_true(jx_sheet_find_label(sh, "99", JX_MATCH_EXACT, 1, &r, &c));
    assert_int_equal(r, 6);
    assert_int_equal(c, 1);
    jx_workbook_close(wb);
}

static void test_prefixed(void **state)
{
    jx_workbook *wb = open_ok("prefixed.xlsx");
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    assert_string_equal(jx_sheet_name(sh), "前缀");
    cell_is(sh, "A1", JX_CELL_STRING, "甲");
    cell_is(sh, "B1", JX_CELL_STRING, "乙丙");
    cell_is(sh, "C1", JX_CELL_NUMBER, "3.5");
    cell_is(sh, "A2", JX_CELL_STRING, "丁");
    assert_int_equal(jx_sheet_merge_count(sh), 1);
    /* max from cells and merges, not from <dimension ref="A1:Z99"> */
    assert_int_equal(jx_sheet_max_row(sh), 3);
    assert_int_equal(jx_sheet_max_col(sh), 3);
    assert_string_equal(jx_sheet_text(sh, 3, 3), "丁");
    jx_workbook_close(wb);
}

static void test_open_mem(void **state)
{
    FILE *f = fopen(data_path("types.xlsx"), "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    size_t len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    jx_workbook *wb = NULL;
    jx_diag d;
    assert_int_equal(jx_workbook_open_mem(buf, len, "types in memory", NULL, &wb, &d), JX_OK);
    assert_string_equal(jx_workbook_path(wb), "types in memory");
    assert_string_equal(jx_sheet_cell_text(jx_workbook_sheet(wb, 0), 1, 2), "富文本");
    jx_workbook_close(wb);
    free(buf);
}

/* ---- the helpers behind the cells ---- */

static void test_numfmt_is_date(void **state)
{
    static const struct {
        uint32_t id;
        const char *code;
        bool date;
    } cases[] = {
        {14, NULL, true},  {22, NULL, true},  {27, NULL, true},  {36, NULL, true},
        {45, NULL, true},  {47, NULL, true},  {50, NULL, true},  {58, NULL, true},
        {0, NULL, false},  {2, NULL, false},  {13, NULL, false}, {23, NULL, false},
        {37, NULL, false}, {49, NULL, false}, {59, NULL, false},
        {164, "yyyy\"年\"m\"月\"d\"日\"", true},
        {164, "[$-F800]dddd, mmmm dd, yyyy", true},
        {164, "[h]:mm", true},
        {164, "[mm]", true},
        {164, "h:mm:ss AM/PM", true},
        {164, "yyyy/m/d;@", true},
        {164, "[DBNum1][$-804]yyyy\"年\"m\"月\"", true},
        {164, "General", false},
        {164, "0.00", false},
        {164, "#,##0.00\"元\"", false},
        {164, "\"day\"0", false},
        {164, "\\d0", false},
        {164, "0.00_);[Red]\\(0.00\\)", false},
        {164, "[Red]0.00;[Blue]-0.00", false},
        {164, "0.00E+00", false},
        {164, "_-* #,##0.00_-;\\-* #,##0.00_-;_-* \"-\"??_-;_-@_-", false},
        {164, "@", false},
        {164, "0;\"yes\";d", false}, /* only the first section decides */
        {164, "", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (jx_numfmt_is_date(cases[i].id, cases[i].code) != cases[i].date)
            fail_msg("format %u '%s': want %d", cases[i].id, cases[i].code ? cases[i].code : "",
                     cases[i].date);
}

static void test_serial_to_iso(void **state)
{
    static const struct {
        const char *v;
        bool d1904;
        const char *want; /* NULL: not a date */
    } cases[] = {
        {"45581", false, "2024-10-16"},
        {"45581.0", false, "2024-10-16"},
        {"45581.5625", false, "2024-10-16T13:30:00"},
        {"4.5581E+4", false, "2024-10-16"},
        {"4558150E-2", false, "2024-10-16T12:00:00"},
        {"1", false, "1900-01-01"},
        {"59", false, "1900-02-28"},
        {"60", false, "1900-02-29"},
        {"61", false, "1900-03-01"},
        {"366", false, "1900-12-31"},
        {"2958465", false, "9999-12-31"},
        {"2958466", false, NULL},
        {"0.75", false, "18:00:00"},
        {"0.999999999", false, "1900-01-01"}, /* rounds up to day 1 */
        {"44119", true, "2024-10-16"},
        {"0", true, "00:00:00"},
        {"1", true, "1904-01-02"},
        {"-1", false, NULL},
        {"abc", false, NULL},
        {"", false, NULL},
        {"1.2.3", false, NULL},
        {"12345678", false, NULL},
        {"45581.00001157407", false, "2024-10-16T00:00:01"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[40] = "";
        bool ok = jx_serial_to_iso(cases[i].v, cases[i].d1904, out, sizeof out);
        if (!cases[i].want) {
            if (ok)
                fail_msg("'%s': want no date, got %s", cases[i].v, out);
            continue;
        }
        if (!ok || strcmp(out, cases[i].want) != 0)
            fail_msg("'%s': want %s, got %s", cases[i].v, cases[i].want, ok ? out : "(none)");
    }
}

static void test_xstring_decode(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a_x000D_b", "a\rb"},
        {"_x005F_x000D_", "_x000D_"},
        {"_x4E2D_", "中"},
        {"_xD83D__xDE00_", "\xF0\x9F\x98\x80"},
        {"_xD83D_", "\xEF\xBF\xBD"},
        {"_x00_", "_x00_"},
        {"_x12G4_", "_x12G4_"},
        {"x_x0009_y_x000a_", "x\ty\n"},
        {"_x0000_z", "z"},
        {"plain", "plain"},
        {"_", "_"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", cases[i].in);
        size_t n = jx_xstring_decode(buf, strlen(buf));
        assert_int_equal(n, strlen(cases[i].out));
        assert_string_equal(buf, cases[i].out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_no_sst_and_positions),
        cmocka_unit_test(test_prefixed),
        cmocka_unit_test(test_open_mem),
        cmocka_unit_test(test_numfmt_is_date),
        cmocka_unit_test(test_serial_to_iso),
        cmocka_unit_test(test_xstring_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
