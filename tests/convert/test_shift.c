/*
 * test_shift.c - rows inserted into a sheet and the references that move
 * with them: cells, ranges, row ranges, sqref lists, formulas (strings,
 * other sheets, function names, renamed sheets).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "common/common.h"
#include "write/write.h"

/* 3 rows inserted before row 10, 2 before row 20 */
static jxc_insert ins[] = {{10, 3, 9}, {20, 2, 19}};
static const jxc_sheet sheet = {.inserts = ins, .ninserts = 2};

static void rows_move(void **state)
{
    (void)state;
    assert_int_equal(jxw_shift_row(&sheet, 9), 9);
    assert_int_equal(jxw_shift_row(&sheet, 10), 13);
    assert_int_equal(jxw_shift_row(&sheet, 19), 22);
    assert_int_equal(jxw_shift_row(&sheet, 20), 25);
    assert_int_equal(jxw_shift_total(&sheet), 5);
    /* never past Excel's last row */
    assert_int_equal(jxw_shift_row(&sheet, 1048576), 1048576);
}

static void check_refs(const char *in, const char *want)
{
    jx_buf b = {0};
    assert_true(jxw_shift_refs(&b, &sheet, in));
    assert_string_equal(b.data, want);
    jx_buf_free(&b);
}

static void refs_move(void **state)
{
    (void)state;
    check_refs("A1", "A1");
    check_refs("B12", "B15");
    check_refs("A5:C11", "A5:C14");        /* spans the point: grows */
    check_refs("$A$10:$F$21", "$A$13:$F$26");
    check_refs("A1 B10:C10 D25", "A1 B13:C13 D30");
    check_refs("$3:$4", "$3:$4");
    check_refs("$9:$10", "$9:$13");
}

static void check_formula(const char *in, const char *sheet_name, const char *rename, const char *want)
{
    jx_buf b = {0};
    assert_true(jxw_shift_formula(&b, &sheet, in, sheet_name, rename));
    assert_string_equal(b.data, want);
    jx_buf_free(&b);
}

static void formulas_move(void **state)
{
    (void)state;
    check_formula("SUM(E5:E12)", NULL, NULL, "SUM(E5:E15)");
    check_formula("E12*2+LOG10(A11)", NULL, NULL, "E15*2+LOG10(A14)");
    /* text and numbers stay */
    check_formula("IF(A11>10,\"A11 \"\"B12\"\"\",3.5)", NULL, NULL, "IF(A14>10,\"A11 \"\"B12\"\"\",3.5)");
    /* another sheet's cells stay; its own, qualified, move and are renamed */
    check_formula("'Other'!A12+Form!A12", "Form", "Copy 2", "'Other'!A12+'Copy 2'!A15");
    check_formula("'项目表'!$3:$4", "项目表", "业务工作经费", "'业务工作经费'!$3:$4");
    check_formula("'项目表'!$A$1:$F$30", "项目表", NULL, "'项目表'!$A$1:$F$35");
    /* names that look like references are not */
    check_formula("ABC1234567+X1Y", NULL, NULL, "ABC1234567+X1Y");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_move),
        cmocka_unit_test(refs_move),
        cmocka_unit_test(formulas_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
