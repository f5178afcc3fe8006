/*
 * test_layout.c - how a workbook is put together: sheets found through
 * relationships (absolute, relative and ../ targets, odd case, a workbook
 * part outside xl/), names, order and visibility from workbook.xml,
 * chartsheets skipped; merged ranges and label search on the grid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"

#include "reader_util.h"

static jx_workbook *open_ok(const char *name, const jx_limits *lim)
{
    jx_workbook *wb = NULL;
    jx_diag d;
    jx_error err = jx_workbook_open(data_path(name), lim, &wb, &d);
    if (err) {
        char line[1024];
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    }
    return wb;
}

static void test_sheet_order_names_targets(void **state)
{
    jx_workbook *wb = open_ok("layout.xlsx", NULL);
    /* four <sheet>s, one of them a chartsheet */
    assert_int_equal(jx_workbook_sheet_count(wb), 3);
    static const struct {
        const char *name, *part, *a1;
        jx_sheet_state st;
    } want[] = {
        {"甲", "wb/sheets/zz.xml", "甲表", JX_SHEET_VISIBLE},    /* "/WB/Sheets/ZZ.xml" */
        {"乙", "wb/sheets/aa.xml", "乙表", JX_SHEET_HIDDEN},     /* "sheets/../sheets/aa.xml" */
        {"丙", "wb/sheets/mm.xml", "共享", JX_SHEET_VERY_HIDDEN}, /* "../wb/sheets/mm.xml" */
    };
    for (size_t i = 0; i < 3; i++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, i);
        assert_string_equal(jx_sheet_name(sh), want[i].name);
        assert_string_equal(jx_sheet_part(sh), want[i].part);
        assert_int_equal(jx_sheet_state_of(sh), want[i].st);
        assert_string_equal(jx_sheet_cell_text(sh, 1, 1), want[i].a1);
    }
    assert_null(jx_workbook_sheet(wb, 3));
    /* styles found through their relationship type, not their name */
    assert_int_equal(jx_sheet_cell_type(jx_workbook_sheet(wb, 2), 1, 2), JX_CELL_DATE);
    assert_string_equal(jx_sheet_cell_text(jx_workbook_sheet(wb, 2), 1, 2), "2024-10-16");
    assert_string_equal(jx_workbook_path(wb), data_path("layout.xlsx"));
    jx_workbook_close(wb);
}

static void test_merges(void **state)
{
    jx_workbook *wb = open_ok("labels.xlsx", NULL);
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    assert_int_equal(jx_sheet_merge_count(sh), 3);
    const jx_range *m = jx_sheet_merge(sh, 0);
    assert_int_equal(m->r1, 1);
    assert_int_equal(m->c1, 1);
    assert_int_equal(m->r2, 1);
    assert_int_equal(m->c2, 6);
    assert_null(jx_sheet_merge(sh, 3));
    assert_ptr_equal(jx_sheet_merge_at(sh, 1, 1), m);
    assert_ptr_equal(jx_sheet_merge_at(sh, 1, 6), m);
    assert_null(jx_sheet_merge_at(sh, 1, 7));
    assert_null(jx_sheet_merge_at(sh, 2, 1));
    const jx_range *b4 = jx_sheet_merge_at(sh, 6, 4);
    assert_non_null(b4);
    assert_int_equal(b4->r1, 4);
    assert_int_equal(b4->c1, 2);
    assert_null(jx_sheet_merge_at(sh, 6, 5));
    assert_null(jx_sheet_merge_at(sh, 7, 2));
    assert_null(jx_sheet_merge_at(sh, 0, 0));
    assert_null(jx_sheet_merge_at(sh, 99, 1));
    /* text through a merge is the top-left cell's; the cell's own is empty */
    assert_string_equal(jx_sheet_text(sh, 1, 4), "项目支出绩效目标表");
    assert_null(jx_sheet_cell_text(sh, 1, 4));
    assert_int_equal(jx_sheet_type(sh, 1, 4), JX_CELL_STRING);
    assert_int_equal(jx_sheet_cell_type(sh, 1, 4), JX_CELL_EMPTY);
    assert_string_equal(jx_sheet_text(sh, 5, 3), "年度目标");
    assert_string_equal(jx_sheet_text(sh, 2, 2), "（万元）");
    assert_null(jx_sheet_text(sh, 11, 9)); /* a merge over empty cells */
    assert_int_equal(jx_sheet_type(sh, 11, 9), JX_CELL_EMPTY);
    /* the extent counts merges too */
    assert_int_equal(jx_sheet_max_row(sh), 12);
    assert_int_equal(jx_sheet_max_col(sh), 9);
    jx_workbook_close(wb);
}

static void found_at(const jx_sheet *sh, const char *label, jx_match how, unsigned nth, const char *ref)
{
    uint32_t r = 0, c = 0;
    int ok = jx_sheet_find_label(sh, label, how, nth, &r, &c);
    if (!ref) {
        if (ok) {
            char got[16];
            fail_msg("'%s' #%u: want none, found %s", label, nth, jx_cell_ref(r, c, got));
        }
        return;
    }
    char got[16] = "-";
    if (ok)
        jx_cell_ref(r, c, got);
    if (!ok || strcmp(got, ref) != 0)
        fail_msg("'%s' how %d #%u: want %s, got %s", label, how, nth, ref, got);
}

static void test_find_label(void **state)
{
    jx_workbook *wb = open_ok("labels.xlsx", NULL);
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    /* "合 计", "合计" and "　合计　" are the same label */
    found_at(sh, "合计", JX_MATCH_EXACT, 1, "A2");
    found_at(sh, "合计", JX_MATCH_EXACT, 0, "A2"); /* 0 means 1 */
    found_at(sh, "合计", JX_MATCH_EXACT, 2, "A3");
    found_at(sh, "合计", JX_MATCH_EXACT, 3, "A7");
    found_at(sh, "合计", JX_MATCH_EXACT, 4, NULL);
    found_at(sh, " 合 计 ", JX_MATCH_EXACT, 1, "A2");
    found_at(sh, "合计", JX_MATCH_PREFIX, 3, "A4");
    found_at(sh, "合计金", JX_MATCH_PREFIX, 1, "A4");
    /* full-width brackets, trailing colons */
    found_at(sh, "(万元)", JX_MATCH_EXACT, 1, "B2");
    found_at(sh, "（万元）", JX_MATCH_EXACT, 1, "B2");
    found_at(sh, "万元", JX_MATCH_CONTAINS, 1, "B2");
    found_at(sh, "万元", JX_MATCH_CONTAINS, 2, "B3");
    found_at(sh, "万元", JX_MATCH_EXACT, 1, NULL);
    found_at(sh, "中期资金总额", JX_MATCH_EXACT, 1, "C2");
    found_at(sh, "中期资金总额：", JX_MATCH_EXACT, 2, "B7");
    found_at(sh, "中期资金总额:", JX_MATCH_EXACT, 1, "C2");
    found_at(sh, "目标表", JX_MATCH_CONTAINS, 1, "A1");
    found_at(sh, "目标表", JX_MATCH_PREFIX, 1, NULL);
    found_at(sh, "不存在", JX_MATCH_CONTAINS, 1, NULL);
    found_at(sh, "", JX_MATCH_CONTAINS, 1, NULL);
    /* a label longer than the on-stack buffer */
    char longlabel[3000];
    memset(longlabel, 'x', sizeof longlabel - 1);
    longlabel[sizeof longlabel - 1] = '\0';
    found_at(sh, longlabel, JX_MATCH_CONTAINS, 1, NULL);
    /* row and col are optional */
    assert_int_equal(jx_sheet_find_label(sh, "合计", JX_MATCH_EXACT, 1, NULL, NULL), 1);
    jx_workbook_close(wb);
}

/* The same search done the slow way, over jx_sheet_norm of every cell. */
static int naive_find(const jx_sheet *sh, const char *label, jx_match how, unsigned nth, uint32_t *row,
                      uint32_t *col)
{
    char norm[1024];
    jx_normalize(label, norm, sizeof norm);
    if (!norm[0])
        return 0;
    if (nth == 0)
        nth = 1;
    for (uint32_t r = 1; r <= jx_sheet_max_row(sh); r++)
        for (uint32_t c = 1; c <= jx_sheet_max_col(sh); c++) {
            const char *n = jx_sheet_norm(sh, r, c);
            if (!n)
                continue;
            bool m = how == JX_MATCH_EXACT    ? strcmp(n, norm) == 0
                     : how == JX_MATCH_PREFIX ? strncmp(n, norm, strlen(norm)) == 0
                                              : strstr(n, norm) != NULL;
            if (m && --nth == 0) {
                *row = r;
                *col = c;
                return 1;
            }
        }
    return 0;
}

static void test_find_label_large(void **state)
{
    jx_workbook *wb = open_ok("many.xlsx", NULL);
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    static const char *const labels[] = {"合计", "小计", "(万元)", "万元", "中期资金总额", "末尾标签",
                                         "行2999", "2999", "行2999合计", "指标", "没有"};
    static const unsigned nths[] = {1, 2, 100, 700, 1500, 2999, 3001};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        for (int how = JX_MATCH_EXACT; how <= JX_MATCH_CONTAINS; how++)
            for (size_t k = 0; k < sizeof nths / sizeof nths[0]; k++) {
                uint32_t r1 = 0, c1 = 0, r2 = 0, c2 = 0;
                int a = jx_sheet_find_label(sh, labels[i], (jx_match)how, nths[k], &r1, &c1);
                int b = naive_find(sh, labels[i], (jx_match)how, nths[k], &r2, &c2);
                if (a != b || r1 != r2 || c1 != c2)
                    fail_msg("'%s' how %d #%u: got %d (%u,%u), want %d (%u,%u)", labels[i], how, nths[k],
                             a, r1, c1, b, r2, c2);
            }
    found_at(sh, "末尾标签", JX_MATCH_EXACT, 1, "D3001");
    jx_workbook_close(wb);
}

static void test_limits_on_sheets(void **state)
{
    static const struct {
        const char *file;
        jx_limits lim;
        const char *word;
    } cases[] = {
        {"types.xlsx", {.max_cells = 3}, "max_cells"},
        {"types.xlsx", {.max_strings = 2}, "max_strings"},
        {"types.xlsx", {.max_string_bytes = 4}, "max_string_bytes"},
        {"labels.xlsx", {.max_merges = 2}, "max_merges"},
        {"nosst.xlsx", {.max_string_bytes = 1}, "max_string_bytes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jx_workbook *wb = NULL;
        jx_diag d;
        assert_int_equal(jx_workbook_open(data_path(cases[i].file), &cases[i].lim, &wb, &d), JX_ERR_LIMIT);
        assert_null(wb);
        assert_string_equal(d.file, data_path(cases[i].file));
        assert_true(d.part[0] != '\0');
        if (!strstr(d.detail, cases[i].word))
            fail_msg("%s: detail '%s' does not name %s", cases[i].file, d.detail, cases[i].word);
    }
    /* just enough is fine */
    jx_limits lim = {.max_merges = 3, .max_cells = 40};
    jx_workbook *wb = open_ok("labels.xlsx", &lim);
    jx_workbook_close(wb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_order_names_targets),
        cmocka_unit_test(test_merges),
        cmocka_unit_test(test_find_label),
        cmocka_unit_test(test_find_label_large),
        cmocka_unit_test(test_limits_on_sheets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
