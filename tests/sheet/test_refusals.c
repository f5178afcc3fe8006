/*
 * test_refusals.c - packages that are zips but not workbooks we can read:
 * Strict OOXML, no workbook part, a sheet relationship pointing nowhere,
 * malformed sheet XML, a shared-string index out of range, bad cell
 * references.  Each gives its exact error and says where.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"

#include "reader_util.h"

static jx_diag refuse(const char *name, jx_error want)
{
    jx_diag d;
    jx_workbook *wb = NULL;
    const char *path = data_path(name);
    jx_error err = jx_workbook_open(path, NULL, &wb, &d);
    if (err != want)
        fail_msg("%s: got %d (%s), want %d", name, err, d.detail, want);
    assert_null(wb);
    assert_int_equal(d.code, want);
    assert_string_equal(d.file, path);
    return d;
}

static void test_strict(void **state)
{
    jx_diag d = refuse("strict.xlsx", JX_ERR_STRICT_OOXML);
    assert_string_equal(d.part, "_rels/.rels");
    d = refuse("strict-ns.xlsx", JX_ERR_STRICT_OOXML);
    assert_string_equal(d.part, "xl/workbook.xml");
}

static void test_no_workbook(void **state)
{
    jx_diag d = refuse("noworkbook.xlsx", JX_ERR_NOT_WORKBOOK);
    assert_string_equal(d.part, "xl/workbook.xml");
}

static void test_sheet_rel_nowhere(void **state)
{
    jx_diag d = refuse("badrel.xlsx", JX_ERR_MISSING_PART);
    assert_string_equal(d.part, "xl/worksheets/nowhere.xml");
    assert_string_equal(d.sheet, "Sheet1");
    assert_non_null(strstr(d.detail, "xl/worksheets/nowhere.xml"));
}

static void test_malformed_sheet(void **state)
{
    jx_diag d = refuse("badxml.xlsx", JX_ERR_XML);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_string_equal(d.sheet, "Sheet1");
    assert_int_equal(d.line, 4);
    assert_true(d.detail[0] != '\0'); /* expat's own words */
    char line[1024];
    jx_diag_format(&d, JX_LANG_EN, line, sizeof line);
    assert_non_null(strstr(line, "line 4"));
}

static void test_sst_index(void **state)
{
    jx_diag d = refuse("sstrange.xlsx", JX_ERR_BAD_VALUE);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_string_equal(d.cell, "B1");
    assert_true(d.line > 0);
}

static void test_bad_refs(void **state)
{
    jx_diag d = refuse("badref-a0.xlsx", JX_ERR_BAD_VALUE);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(d.detail, "'A0'"));
    d = refuse("badref-xfe.xlsx", JX_ERR_BAD_VALUE);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(d.detail, "'XFE1'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strict),
        cmocka_unit_test(test_no_workbook),
        cmocka_unit_test(test_sheet_rel_nowhere),
        cmocka_unit_test(test_malformed_sheet),
        cmocka_unit_test(test_sst_index),
        cmocka_unit_test(test_bad_refs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
