/* The merge index stays correct when merges are too tall to list per row
 * (the index then widens its row bands instead of scanning every merge). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <zip.h>

#include "jixiao.h"

static void add(zipFile z, const char *name, const char *data)
{
    assert_int_equal(zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6), ZIP_OK);
    assert_int_equal(zipWriteInFileInZip(z, data, (unsigned)strlen(data)), ZIP_OK);
    assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
}

/* A sheet with `tall` merges A1:A1048576, B1:B1048576 ... (each covering
 * every row, so 1M index entries apiece) plus small merges further right. */
static char *make_workbook(int tall)
{
    char *path = strdup("/tmp/jx_merge_index_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    add(z, "[Content_Types].xml",
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    add(z, "_rels/.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    add(z, "xl/workbook.xml",
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"r1\"/></sheets></workbook>");
    add(z, "xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/s.xml\"/></Relationships>");
    size_t cap = 1 << 20, len = 0;
    char *xml = malloc(cap);
    assert_non_null(xml);
    len += (size_t)snprintf(xml + len, cap - len,
                            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                            "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>top</t></is></c></row>"
                            "<row r=\"500000\"><c r=\"Z500000\" t=\"inlineStr\"><is><t>z</t></is></c></row>"
                            "</sheetData><mergeCells>");
    char col[4];
    for (int i = 0; i < tall; i++) {
        col[0] = (char)('A' + i);
        col[1] = '\0';
        len += (size_t)snprintf(xml + len, cap - len, "<mergeCell ref=\"%s1:%s1048576\"/>", col, col);
    }
    /* 2x2 merges at Z (col 26) every 10 rows from 100 */
    for (int r = 100; r < 100000; r += 10)
        len += (size_t)snprintf(xml + len, cap - len, "<mergeCell ref=\"Z%d:AA%d\"/>", r, r + 1);
    len += (size_t)snprintf(xml + len, cap - len, "</mergeCells></worksheet>");
    assert_true(len < cap);
    add(z, "xl/worksheets/s.xml", xml);
    free(xml);
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
    close(fd);
    return path;
}

static void check_lookups(int tall)
{
    char *path = make_workbook(tall);
    jx_workbook *wb = NULL;
    jx_diag d;
    assert_int_equal(jx_workbook_open(path, NULL, &wb, &d), JX_OK);
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    assert_int_equal(jx_sheet_merge_count(sh), (size_t)tall + 9990);
    /* the tall merges: every row of column A..  shows A1's value */
    for (uint32_t r = 1; r <= 1048576; r += 4099) {
        const jx_range *m = jx_sheet_merge_at(sh, r, 1);
        assert_non_null(m);
        assert_int_equal(m->c1, 1);
        assert_string_equal(jx_sheet_text(sh, r, 1), "top");
    }
    assert_null(jx_sheet_merge_at(sh, 1, (uint32_t)tall + 1));
    /* the small merges: inside, at their edges, and the rows between */
    for (uint32_t r = 100; r < 100000; r += 10) {
        const jx_range *m = jx_sheet_merge_at(sh, r + 1, 27);
        assert_non_null(m);
        assert_int_equal(m->r1, r);
        assert_int_equal(m->c1, 26);
        assert_null(jx_sheet_merge_at(sh, r + 2, 26));
        assert_null(jx_sheet_merge_at(sh, r + 1, 28));
    }
    assert_null(jx_sheet_merge_at(sh, 99, 26));
    assert_string_equal(jx_sheet_cell_text(sh, 500000, 26), "z");
    jx_workbook_close(wb);
    unlink(path);
    free(path);
}

/* one tall merge fits the per-row index; eight do not */
static void test_per_row_index(void **state) { (void)state; check_lookups(1); }
static void test_banded_index(void **state) { (void)state; check_lookups(8); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_row_index),
        cmocka_unit_test(test_banded_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
