/*
 * test_write.c - the writer on workbooks made here, byte by byte: a
 * patched cell whose tag is cut by the patcher's 64 KiB read boundary, at
 * every offset across it.
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
#include <zip.h>

#include "common/common.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jx_test_write_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

static const char *tmp_path(const char *name)
{
    static char buf[2][128];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

typedef struct part { const char *name, *xml; } part;

/* A zip of the given parts, deflated, in order. */
static void write_zip(const char *path, const part *parts, size_t n)
{
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        assert_int_equal(zipOpenNewFileInZip64(zf, parts[i].name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                               Z_DEFAULT_COMPRESSION, 0),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zf, parts[i].xml, (unsigned)strlen(parts[i].xml)), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

/* A one-sheet workbook (sheet "S") around the given sheet XML. */
static void write_workbook(const char *path, const char *sheet_xml)
{
    const part parts[] = {
        {"[Content_Types].xml",
         "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" "
         "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
         "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
         "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"},
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
                            "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet_xml},
    };
    write_zip(path, parts, sizeof parts / sizeof parts[0]);
}

/* A sheet of `rows` one-cell rows (A1, A2, ...), padded so that the start
 * tag of A<target> begins `before` bytes ahead of offset 65536. */
static char *boundary_sheet(uint32_t rows, uint32_t target, size_t before)
{
    jx_buf b = {0};
    assert_true(jx_buf_appendz(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" NS_MAIN
                                   "\"><sheetData>"));
    for (uint32_t r = 1; r <= rows; r++) {
        assert_true(jx_buf_printf(&b, "<row r=\"%u\">", r));
        if (r == target - 1) {
            /* pad this row so the next <c> starts where it should */
            size_t next = b.len + strlen("</row>") + (size_t)snprintf(NULL, 0, "<row r=\"%u\">", target);
            assert_true(next + before <= 65536);
            for (size_t i = next; i < 65536 - before; i++)
                assert_true(jx_buf_append(&b, " ", 1));
            assert_true(jx_buf_appendz(&b, "</row>"));
            continue;
        }
        assert_true(jx_buf_printf(&b, "<c r=\"A%u\" t=\"inlineStr\"><is><t>row %u ", r, r));
        for (int i = 0; i < 80; i++)
            assert_true(jx_buf_append(&b, "x", 1));
        assert_true(jx_buf_appendz(&b, "</t></is></c></row>"));
    }
    assert_true(jx_buf_appendz(&b, "</sheetData></worksheet>"));
    assert_true(jx_buf_terminate(&b));
    char needle[32];
    snprintf(needle, sizeof needle, "<c r=\"A%u\"", target);
    assert_int_equal((size_t)(strstr(b.data, needle) - b.data), 65536 - before);
    return b.data;
}

/* A patched <c> whose tag straddles the read boundary is written whole
 * and once, wherever the boundary cuts it (it was written twice, half and
 * whole, making the sheet unreadable). */
static void test_patch_across_read_boundary(void **state)
{
    (void)state;
    const uint32_t target = 400;
    for (size_t before = 1; before <= 40; before++) {
        char *xml = boundary_sheet(460, target, before);
        write_workbook(tmp_path("in.xlsx"), xml);
        free(xml);
        jx_patch p = {.sheet = "S", .at = {target, 1}, .text = "PATCHED", .rule = "test"};
        size_t skipped = 9;
        jx_diag d;
        assert_int_equal(jx_write_patched(tmp_path("in.xlsx"), &p, 1, tmp_path("out.xlsx"), &skipped, &d), JX_OK);
        assert_int_equal(skipped, 0);
        jx_workbook *wb = NULL;
        if (jx_workbook_open(tmp_path("out.xlsx"), NULL, &wb, &d) != JX_OK)
            fail_msg("boundary %zu bytes into the tag: the output does not read: %s", before, d.detail);
        const jx_sheet *sh = jx_workbook_sheet(wb, 0);
        assert_string_equal(jx_sheet_cell_text(sh, target, 1), "PATCHED");
        assert_non_null(jx_sheet_cell_text(sh, target - 2, 1));
        assert_non_null(strstr(jx_sheet_cell_text(sh, target + 1, 1), "row 401"));
        assert_non_null(strstr(jx_sheet_cell_text(sh, 460, 1), "row 460"));
        jx_workbook_close(wb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patch_across_read_boundary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
