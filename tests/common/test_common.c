/* The common layer: error messages cover the enum, diagnostics stay on
 * one line, normalisation, cell references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/common.h"

static void test_every_error_has_messages(void **state)
{
    (void)state;
    for (int e = 0; e < JX_ERR__COUNT; e++) {
        const char *zh = jx_strerror((jx_error)e, JX_LANG_ZH);
        const char *en = jx_strerror((jx_error)e, JX_LANG_EN);
        if (!strcmp(zh, "未知错误") || !strcmp(en, "unknown error"))
            fail_msg("error %d has no message", e);
    }
    assert_string_equal(jx_strerror(JX_ERR__COUNT, JX_LANG_EN), "unknown error");
}

static void test_diag_is_one_line(void **state)
{
    (void)state;
    jx_diag d;
    jx_diag_clear(&d);
    jx_diag_set_file(&d, "a.xlsx");
    jx_diag_set_sheet(&d, "部门整体");
    jx_diag_set_cell(&d, 12, 4);
    jx_diag_set_part(&d, "xl/worksheets/sheet1.xml");
    d.line = 7;
    jx_fail(&d, JX_ERR_XML, "line one\nline two");
    char buf[1024];
    jx_diag_format(&d, JX_LANG_ZH, buf, sizeof buf);
    assert_null(strchr(buf, '\n'));
    assert_non_null(strstr(buf, "a.xlsx"));
    assert_non_null(strstr(buf, "部门整体"));
    assert_non_null(strstr(buf, "D12"));
    assert_non_null(strstr(buf, "第 7 行"));
    jx_diag_format(&d, JX_LANG_EN, buf, sizeof buf);
    assert_non_null(strstr(buf, "line 7"));
    assert_non_null(strstr(buf, "malformed XML"));
}

static void test_normalize(void **state)
{
    (void)state;
    char out[128];
    jx_normalize("合 计", out, sizeof out);
    assert_string_equal(out, "合计");
    jx_normalize("预算金额（万元）", out, sizeof out);
    assert_string_equal(out, "预算金额(万元)");
    jx_normalize("中期资金总额：", out, sizeof out);
    assert_string_equal(out, "中期资金总额");
    jx_normalize("\xE3\x80\x80项目\n名称\t", out, sizeof out);
    assert_string_equal(out, "项目名称");
    jx_normalize("ＡＢＣ１２３", out, sizeof out);
    assert_string_equal(out, "ABC123");
    jx_normalize("部门:沅江", out, sizeof out);
    assert_string_equal(out, "部门:沅江");
    /* truncation never splits a character */
    jx_normalize("项目名称", out, 5);
    assert_string_equal(out, "项");
}

static void test_cell_refs(void **state)
{
    (void)state;
    char b[16];
    assert_string_equal(jx_cell_ref(12, 4, b), "D12");
    assert_string_equal(jx_cell_ref(1, 27, b), "AA1");
    assert_string_equal(jx_cell_ref(1048576, 16384, b), "XFD1048576");
    uint32_t r, c;
    assert_true(jx_parse_cell_ref("XFD1048576", &r, &c));
    assert_int_equal(c, 16384);
    assert_false(jx_parse_cell_ref("A0", &r, &c));
    assert_false(jx_parse_cell_ref("XFE1", &r, &c));
    assert_false(jx_parse_cell_ref("A1048577", &r, &c));
    assert_false(jx_parse_cell_ref("1A", &r, &c));
    jx_range rg;
    assert_true(jx_parse_range_ref("A1:F1", &rg));
    assert_int_equal(rg.c2, 6);
    assert_false(jx_parse_range_ref("F1:A1", &rg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_error_has_messages),
        cmocka_unit_test(test_diag_is_one_line),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_cell_refs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
