/*
 * test_newbook.c - the writer of new workbooks (the batch report's
 * 汇总 and 明细): read back with the project's reader and raw from the
 * zip; frozen header, auto-filter, widths that fit, wrapped rows with
 * their height, numbers as numbers, XML and UTF-8 hazards, refusals,
 * determinism, a failed write leaving nothing; and jx_utf8_clean.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unzip.h>

#include "jixiao.h"

#include "scratch.h"

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* A whole zip entry as a NUL-terminated string (malloc'd), or NULL. */
static char *read_entry(const char *zip, const char *name)
{
    unzFile uf = unzOpen64(zip);
    assert_non_null(uf);
    char *out = NULL;
    if (unzLocateFile(uf, name, 1) == UNZ_OK && unzOpenCurrentFile(uf) == UNZ_OK) {
        size_t len = 0, cap = 4096;
        out = malloc(cap);
        assert_non_null(out);
        int n;
        while ((n = unzReadCurrentFile(uf, out + len, (unsigned)(cap - len - 1))) > 0) {
            len += (size_t)n;
            if (cap - len < 2) {
                cap *= 2;
                out = realloc(out, cap);
                assert_non_null(out);
            }
        }
        assert_int_equal(n, 0);
        out[len] = '\0';
        assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);
    }
    unzClose(uf);
    return out;
}

static const char *const summary_heads[] = {"文件", "错误", "说明"};
static const char *const detail_heads[] = {"File", "Rule"};

static const char *long_text =
    "这是一条很长的说明文字，用来检查超过列宽上限的文字会自动换行，并且所在行的行高足够显示全部内容，"
    "不会只显示第一行；Excel 与 WPS 打开时都能看到完整的说明。";

/* The book the tests read back. */
static void write_sample(const char *path)
{
    jx_newbook *b;
    assert_int_equal(jx_newbook_create(&b), JX_OK);
    size_t s0 = 9, s1 = 9;
    assert_int_equal(jx_newbook_add_sheet(b, "汇总", summary_heads, 3, &s0), JX_OK);
    assert_int_equal(jx_newbook_add_sheet(b, "明细", detail_heads, 2, &s1), JX_OK);
    assert_int_equal(s0, 0);
    assert_int_equal(s1, 1);
    jx_newcell r1[] = {{.text = "a/b.xlsx"}, {.number = 12, .is_number = 1}, {.text = "<&\"'>  x  "}};
    jx_newcell r2[] = {{.text = "bad\xff\xfe" "name.xlsx"}, {.number = -3, .is_number = 1}, {.text = long_text}};
    jx_newcell r3[] = {{.text = "two\nlines"}, {.text = NULL}, {.text = "_x0041_ and \x01 control"}};
    assert_int_equal(jx_newbook_add_row(b, s0, r1, 3), JX_OK);
    assert_int_equal(jx_newbook_add_row(b, s0, r2, 3), JX_OK);
    assert_int_equal(jx_newbook_add_row(b, s0, r3, 3), JX_OK);
    jx_newcell d1[] = {{.text = "a/b.xlsx"}}; /* fewer cells than columns */
    assert_int_equal(jx_newbook_add_row(b, s1, d1, 1), JX_OK);
    jx_diag d;
    assert_int_equal(jx_newbook_write(b, path, &d), JX_OK);
    jx_newbook_free(b);
}

static void read_back(void **state)
{
    (void)state;
    char path[128];
    path_in_tmp(path, sizeof path, "book.xlsx");
    write_sample(path);
    jx_workbook *wb;
    jx_diag d;
    assert_int_equal(jx_workbook_open(path, NULL, &wb, &d), JX_OK);
    assert_int_equal(jx_workbook_sheet_count(wb), 2);
    const jx_sheet *s = jx_workbook_sheet(wb, 0);
    assert_string_equal(jx_sheet_name(s), "汇总");
    assert_string_equal(jx_sheet_name(jx_workbook_sheet(wb, 1)), "明细");
    assert_int_equal(jx_sheet_max_row(s), 4);
    assert_int_equal(jx_sheet_max_col(s), 3);
    assert_string_equal(jx_sheet_cell_text(s, 1, 1), "文件");
    assert_string_equal(jx_sheet_cell_text(s, 2, 1), "a/b.xlsx");
    assert_int_equal(jx_sheet_cell_type(s, 2, 2), JX_CELL_NUMBER);
    assert_string_equal(jx_sheet_cell_text(s, 2, 2), "12");
    assert_string_equal(jx_sheet_cell_text(s, 2, 3), "<&\"'>  x  ");
    assert_string_equal(jx_sheet_cell_text(s, 3, 1), "bad\xEF\xBF\xBD\xEF\xBF\xBDname.xlsx");
    assert_string_equal(jx_sheet_cell_text(s, 3, 2), "-3");
    assert_string_equal(jx_sheet_cell_text(s, 3, 3), long_text);
    assert_string_equal(jx_sheet_cell_text(s, 4, 1), "two\nlines");
    assert_null(jx_sheet_cell_text(s, 4, 2));
    assert_string_equal(jx_sheet_cell_text(s, 4, 3), "_x0041_ and \x01 control");
    const jx_sheet *t = jx_workbook_sheet(wb, 1);
    assert_int_equal(jx_sheet_max_row(t), 2);
    assert_string_equal(jx_sheet_cell_text(t, 2, 1), "a/b.xlsx");
    assert_null(jx_sheet_cell_text(t, 2, 2));
    jx_workbook_close(wb);
}

static void layout(void **state)
{
    (void)state;
    char path[128];
    path_in_tmp(path, sizeof path, "layout.xlsx");
    write_sample(path);
    char *x = read_entry(path, "xl/worksheets/sheet1.xml");
    assert_non_null(x);
    /* frozen header, auto-filter over the table, the first tab selected */
    assert_non_null(strstr(x, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    assert_non_null(strstr(x, "<autoFilter ref=\"A1:C4\"/>"));
    assert_non_null(strstr(x, "<dimension ref=\"A1:C4\"/>"));
    assert_non_null(strstr(x, "tabSelected=\"1\""));
    /* printed one page wide */
    assert_non_null(strstr(x, "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"));
    assert_non_null(strstr(x, "fitToWidth=\"1\" fitToHeight=\"0\""));
    /* widths: the file names (the longest, 16 with two U+FFFD counted as
     * two columns each) + 2; the numbers' column is the heading's
     * width, at least the minimum; the long text is capped and wraps */
    assert_non_null(strstr(x, "<col min=\"1\" max=\"1\" width=\"18\" customWidth=\"1\"/>"));
    assert_non_null(strstr(x, "<col min=\"2\" max=\"2\" width=\"6\" customWidth=\"1\"/>"));
    assert_non_null(strstr(x, "<col min=\"3\" max=\"3\" width=\"60\" customWidth=\"1\"/>"));
    /* the long text (153 columns) takes 3 lines of 58; "two\nlines" two */
    assert_non_null(strstr(x, "<row r=\"3\" ht=\"45\" customHeight=\"1\">"));
    assert_non_null(strstr(x, "<row r=\"4\" ht=\"30\" customHeight=\"1\">"));
    assert_non_null(strstr(x, "<row r=\"2\">"));
    /* numbers are numeric cells; a control character an ST_Xstring escape,
     * a literal _x0041_ kept literal */
    assert_non_null(strstr(x, "<v>12</v>"));
    assert_non_null(strstr(x, "_x005F_x0041_ and _x0001_ control"));
    free(x);
    x = read_entry(path, "xl/worksheets/sheet2.xml");
    assert_non_null(x);
    assert_non_null(strstr(x, "<autoFilter ref=\"A1:B2\"/>"));
    assert_null(strstr(x, "tabSelected"));
    free(x);
    x = read_entry(path, "xl/workbook.xml");
    assert_non_null(x);
    assert_non_null(strstr(x, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">"
                              "'汇总'!$A$1:$C$4</definedName>"));
    free(x);
    /* no document properties: nothing that would carry a time */
    assert_null(read_entry(path, "docProps/core.xml"));
}

static void deterministic(void **state)
{
    (void)state;
    char a[128], b[128];
    path_in_tmp(a, sizeof a, "same1.xlsx");
    path_in_tmp(b, sizeof b, "same2.xlsx");
    write_sample(a);
    sleep(2); /* a zip dated by the clock would differ now */
    write_sample(b);
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    assert_non_null(fa);
    assert_non_null(fb);
    int ca, cb;
    do {
        ca = fgetc(fa);
        cb = fgetc(fb);
        assert_int_equal(ca, cb);
    } while (ca != EOF);
    fclose(fa);
    fclose(fb);
}

static void refusals(void **state)
{
    (void)state;
    jx_newbook *b;
    assert_int_equal(jx_newbook_create(&b), JX_OK);
    size_t i;
    static const char *const bad_names[] = {"", "a/b", "a[1]", "x:y", "what?", "'quoted'",
                                            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二"};
    for (size_t k = 0; k < sizeof bad_names / sizeof bad_names[0]; k++)
        assert_int_equal(jx_newbook_add_sheet(b, bad_names[k], detail_heads, 2, &i), JX_ERR_USAGE);
    assert_int_equal(jx_newbook_add_sheet(b, "Sheet", detail_heads, 0, &i), JX_ERR_USAGE);
    assert_int_equal(jx_newbook_add_sheet(b, "Sheet", detail_heads, 2, &i), JX_OK);
    assert_int_equal(jx_newbook_add_sheet(b, "SHEET", detail_heads, 2, &i), JX_ERR_USAGE);
    jx_newcell three[3] = {{.text = "a"}, {.text = "b"}, {.text = "c"}};
    assert_int_equal(jx_newbook_add_row(b, 0, three, 3), JX_ERR_USAGE);
    assert_int_equal(jx_newbook_add_row(b, 1, three, 1), JX_ERR_USAGE);
    /* a folder that does not exist: an error naming the file, nothing left */
    char path[160];
    path_in_tmp(path, sizeof path, "no/such/dir/r.xlsx");
    jx_diag d;
    assert_int_equal(jx_newbook_write(b, path, &d), JX_ERR_IO);
    assert_non_null(strstr(d.file, "r.xlsx"));
    jx_newbook_free(b);
    jx_newbook *empty;
    assert_int_equal(jx_newbook_create(&empty), JX_OK);
    path_in_tmp(path, sizeof path, "empty.xlsx");
    assert_int_equal(jx_newbook_write(empty, path, &d), JX_ERR_USAGE);
    assert_int_equal(access(path, F_OK), -1);
    jx_newbook_free(empty);
    /* an empty table is still a table: the header and its filter */
    assert_int_equal(jx_newbook_create(&b), JX_OK);
    assert_int_equal(jx_newbook_add_sheet(b, "T", detail_heads, 2, &i), JX_OK);
    assert_int_equal(jx_newbook_write(b, path, &d), JX_OK);
    jx_newbook_free(b);
    char *x = read_entry(path, "xl/worksheets/sheet1.xml");
    assert_non_null(x);
    assert_non_null(strstr(x, "<autoFilter ref=\"A1:B1\"/>"));
    free(x);
}

/* Many rows stream through the spool: the part holds every one, in order. */
static void many_rows(void **state)
{
    (void)state;
    jx_newbook *b;
    assert_int_equal(jx_newbook_create(&b), JX_OK);
    size_t s;
    assert_int_equal(jx_newbook_add_sheet(b, "明细", detail_heads, 2, &s), JX_OK);
    enum { N = 50000 };
    for (int r = 0; r < N; r++) {
        char t[32];
        snprintf(t, sizeof t, "row %d", r);
        jx_newcell c[2] = {{.text = t}, {.number = r, .is_number = 1}};
        assert_int_equal(jx_newbook_add_row(b, s, c, 2), JX_OK);
    }
    char path[128];
    path_in_tmp(path, sizeof path, "many.xlsx");
    jx_diag d;
    assert_int_equal(jx_newbook_write(b, path, &d), JX_OK);
    jx_newbook_free(b);
    jx_workbook *wb;
    assert_int_equal(jx_workbook_open(path, NULL, &wb, &d), JX_OK);
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    assert_int_equal(jx_sheet_max_row(sh), N + 1);
    assert_string_equal(jx_sheet_cell_text(sh, N + 1, 1), "row 49999");
    assert_string_equal(jx_sheet_cell_text(sh, 2, 2), "0");
    jx_workbook_close(wb);
}

static void utf8_clean(void **state)
{
    (void)state;
    char out[64];
    static const struct { const char *in, *out; } cases[] = {
        {"plain", "plain"},
        {"绩效目标表", "绩效目标表"},
        {"a\xff" "b", "a\xEF\xBF\xBD" "b"},
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},            /* overlong '/' */
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* a surrogate */
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* past U+10FFFF */
        {"\xEF\xBF\xBF", "\xEF\xBF\xBD"},                     /* U+FFFF */
        {"\xE7\xBB", "\xEF\xBF\xBD\xEF\xBF\xBD"},             /* cut short at the end */
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},             /* four bytes, fine */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t need = jx_utf8_clean(cases[i].in, out, sizeof out);
        assert_string_equal(out, cases[i].out);
        assert_int_equal(need, strlen(cases[i].out));
        assert_int_equal(jx_utf8_clean(cases[i].in, NULL, 0), need);
    }
    /* cut at a character boundary */
    char small[5];
    assert_int_equal(jx_utf8_clean("绩效目标", small, sizeof small), 12);
    assert_string_equal(small, "绩");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_back), cmocka_unit_test(layout), cmocka_unit_test(deterministic),
        cmocka_unit_test(refusals), cmocka_unit_test(many_rows), cmocka_unit_test(utf8_clean),
    };
    return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
