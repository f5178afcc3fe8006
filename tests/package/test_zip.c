/*
 * test_zip.c - the package stage on good input: opening from a path and
 * from memory, finding parts case-insensitively, streaming a part in
 * bounded pieces, sniffing, and the expat wrapper's namespace handling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "package/package.h"

#include "reader_util.h"

static jx_package *open_pkg(const char *name, const jx_limits *lim)
{
    jx_source src;
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_source_open_file(&src, data_path(name), &d), JX_OK);
    jx_package *pkg = NULL;
    assert_int_equal(jx_package_open(&src, name, lim, &pkg, &d), JX_OK);
    return pkg;
}

static void test_limits_default(void **state)
{
    jx_limits l = jx_limits_default();
    assert_true(l.max_part_bytes == 512ull * 1024 * 1024);
    assert_true(l.max_total_bytes == 2048ull * 1024 * 1024);
    assert_int_equal(l.max_ratio, 1000);
    assert_int_equal(l.max_entries, 10000);
    assert_true(l.max_cells == 20000000);
    assert_int_equal(l.max_strings, 5000000);
    assert_int_equal(l.max_string_bytes, 1024 * 1024);
    assert_int_equal(l.max_depth, 256);
    assert_int_equal(l.max_merges, 1000000);
}

static void test_entries_and_find(void **state)
{
    jx_package *pkg = open_pkg("types.xlsx", NULL);
    assert_true(jx_package_entry_count(pkg) >= 6);
    assert_string_equal(jx_package_entry_name(pkg, 0), "[Content_Types].xml");
    assert_null(jx_package_entry_name(pkg, 1000));
    assert_string_equal(jx_package_find(pkg, "XL/Worksheets/SHEET1.xml"), "xl/worksheets/sheet1.xml");
    assert_string_equal(jx_package_find(pkg, "/xl/workbook.xml"), "xl/workbook.xml");
    assert_null(jx_package_find(pkg, "xl/nothing.xml"));
    assert_string_equal(jx_package_file(pkg), "types.xlsx");
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_package_part_open(pkg, "xl/nothing.xml", &d), JX_ERR_MISSING_PART);
    assert_string_equal(d.part, "xl/nothing.xml");
    jx_package_close(pkg);
}

typedef struct sink_state {
    size_t total, calls, biggest;
    char head[16];
} sink_state;

static jx_error count_sink(void *ud, const char *data, size_t len, jx_diag *d)
{
    sink_state *s = ud;
    if (s->total == 0)
        memcpy(s->head, data, len < 15 ? len : 15);
    s->total += len;
    s->calls++;
    if (len > s->biggest)
        s->biggest = len;
    return JX_OK;
}

static void test_stream_chunks(void **state)
{
    /* bomb-declared.xlsx holds an honest 200 KB sheet */
    jx_package *pkg = open_pkg("bomb-declared.xlsx", NULL);
    sink_state s = {0};
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_package_stream(pkg, "xl/worksheets/sheet1.xml", count_sink, &s, &d), JX_OK);
    assert_true(s.total > 150000);
    assert_true(s.calls >= 3);
    assert_true(s.biggest <= JX_PART_CHUNK);
    assert_memory_equal(s.head, "<?xml", 5);
    /* a part can be streamed again */
    sink_state s2 = {0};
    assert_int_equal(jx_package_stream(pkg, "xl/worksheets/sheet1.xml", count_sink, &s2, &d), JX_OK);
    assert_int_equal(s2.total, s.total);
    jx_package_close(pkg);
}

static jx_error stop_sink(void *ud, const char *data, size_t len, jx_diag *d)
{
    return jx_fail(d, JX_ERR_BAD_VALUE, "stop");
}

static void test_stream_sink_error(void **state)
{
    jx_package *pkg = open_pkg("types.xlsx", NULL);
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_package_stream(pkg, "xl/workbook.xml", stop_sink, NULL, &d), JX_ERR_BAD_VALUE);
    /* the package is still usable after a sink gave up */
    sink_state s = {0};
    assert_int_equal(jx_package_stream(pkg, "xl/workbook.xml", count_sink, &s, &d), JX_OK);
    assert_true(s.total > 100);
    jx_package_close(pkg);
}

static void test_open_mem(void **state)
{
    size_t len;
    unsigned char *buf = slurp(data_path("types.xlsx"), &len);
    jx_source src;
    jx_source_open_mem(&src, buf, len);
    jx_package *pkg = NULL;
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_package_open(&src, "mem", NULL, &pkg, &d), JX_OK);
    sink_state s = {0};
    assert_int_equal(jx_package_stream(pkg, "xl/sharedStrings.xml", count_sink, &s, &d), JX_OK);
    assert_true(s.total > 100);
    jx_package_close(pkg);
    free(buf);
}

static void test_sniff(void **state)
{
    jx_source src;
    jx_diag d;
    jx_diag_clear(&d);
    jx_source_open_mem(&src, "", 0);
    assert_int_equal(jx_sniff(&src, &d), JX_ERR_EMPTY_FILE);
    jx_source_open_mem(&src, "PK\3\4", 4);
    assert_int_equal(jx_sniff(&src, &d), JX_OK);
    assert_int_equal(jx_sniff_zip_failure(&src), JX_ERR_ZIP_TRUNCATED);
    jx_source_open_mem(&src, "hello, world", 12);
    assert_int_equal(jx_sniff(&src, &d), JX_ERR_NOT_ZIP);
    jx_source_open_mem(&src, "P", 1);
    assert_int_equal(jx_sniff(&src, &d), JX_ERR_NOT_ZIP);
    /* OLE2 magic with nothing readable after it: still an OLE2 file */
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    jx_source_open_mem(&src, ole, sizeof ole);
    assert_int_equal(jx_sniff(&src, &d), JX_ERR_LEGACY_XLS);
    /* a garbled OLE2 directory must not loop or read out of bounds */
    unsigned char junk[2048];
    memset(junk, 0xAB, sizeof junk);
    memcpy(junk, ole, sizeof ole);
    junk[30] = 9;
    junk[31] = 0;
    jx_source_open_mem(&src, junk, sizeof junk);
    assert_int_equal(jx_sniff(&src, &d), JX_ERR_LEGACY_XLS);
    memset(junk + 32, 0, sizeof junk - 32); /* FAT/DIFAT pointing to sector 0 everywhere */
    jx_source_open_mem(&src, junk, sizeof junk);
    assert_int_equal(jx_sniff(&src, &d), JX_ERR_LEGACY_XLS);
}

/* ---- the XML wrapper ---- */

typedef struct xml_state {
    int elements, cells;
    char first_local[32];
    const char *rid;
    char text[64];
    size_t text_len;
} xml_state;

static int x_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    xml_state *s = ud;
    if (s->elements++ == 0)
        snprintf(s->first_local, sizeof s->first_local, "%s", local);
    if (strcmp(local, "c") == 0)
        s->cells++;
    if (strcmp(local, "sheet") == 0) {
        const char *rid = jx_xml_attr_ns(attrs, "relationships", "id");
        assert_non_null(rid);
        assert_string_equal(rid, "rId1");
        assert_null(jx_xml_attr_ns(attrs, "relationships", "name"));
        assert_string_equal(jx_xml_attr(attrs, "name"), "前缀");
        assert_string_equal(jx_xml_attr(attrs, "id"), "rId1"); /* any namespace */
        s->rid = "ok";
    }
    return 0;
}

static void x_end(jx_xml *x, void *ud, int tag) {}

static void x_text(jx_xml *x, void *ud, const char *t, size_t len)
{
    xml_state *s = ud;
    if (s->text_len + len < sizeof s->text) {
        memcpy(s->text + s->text_len, t, len);
        s->text_len += len;
    }
}

static void test_xml_prefixed(void **state)
{
    jx_package *pkg = open_pkg("prefixed.xlsx", NULL);
    jx_xml_handlers h = {x_start, x_end, x_text};
    xml_state s = {0};
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_xml_parse_part(pkg, "xl/workbook.xml", &h, &s, &d), JX_OK);
    assert_string_equal(s.first_local, "workbook");
    assert_non_null(s.rid);
    xml_state s2 = {0};
    assert_int_equal(jx_xml_parse_part(pkg, "xl/worksheets/sheet1.xml", &h, &s2, &d), JX_OK);
    assert_string_equal(s2.first_local, "worksheet");
    assert_int_equal(s2.cells, 4);
    jx_package_close(pkg);
}

static int h_fail_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    int *calls = ud;
    (*calls)++;
    if (strcmp(local, "sheetData") == 0)
        jx_xml_fail(x, JX_ERR_BAD_VALUE, "stop at %s", local);
    return 0;
}

static void test_xml_handler_failure(void **state)
{
    jx_package *pkg = open_pkg("types.xlsx", NULL);
    jx_xml_handlers h = {h_fail_start, x_end, NULL};
    int calls = 0;
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_xml_parse_part(pkg, "xl/worksheets/sheet1.xml", &h, &calls, &d), JX_ERR_BAD_VALUE);
    assert_int_equal(calls, 2); /* worksheet, sheetData, then nothing more */
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_true(d.line > 0);
    assert_string_equal(d.detail, "stop at sheetData");
    jx_package_close(pkg);
}

static void test_xml_depth_limit(void **state)
{
    jx_limits lim = {.max_depth = 5};
    jx_package *pkg = open_pkg("types.xlsx", &lim);
    jx_xml_handlers h = {x_start, x_end, NULL};
    xml_state s = {0};
    jx_diag d;
    jx_diag_clear(&d);
    /* worksheet > sheetData > row > c > is > t is six deep */
    assert_int_equal(jx_xml_parse_part(pkg, "xl/worksheets/sheet1.xml", &h, &s, &d), JX_ERR_LIMIT);
    assert_non_null(strstr(d.detail, "max_depth"));
    jx_package_close(pkg);
}

static void test_xml_malformed(void **state)
{
    jx_package *pkg = open_pkg("badxml.xlsx", NULL);
    jx_xml_handlers h = {x_start, x_end, NULL};
    xml_state s = {0};
    jx_diag d;
    jx_diag_clear(&d);
    assert_int_equal(jx_xml_parse_part(pkg, "xl/worksheets/sheet1.xml", &h, &s, &d), JX_ERR_XML);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_int_equal(d.line, 4);
    assert_non_null(strstr(d.detail, "mismatched tag"));
    jx_package_close(pkg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_default),
        cmocka_unit_test(test_entries_and_find),
        cmocka_unit_test(test_stream_chunks),
        cmocka_unit_test(test_stream_sink_error),
        cmocka_unit_test(test_open_mem),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_xml_prefixed),
        cmocka_unit_test(test_xml_handler_failure),
        cmocka_unit_test(test_xml_depth_limit),
        cmocka_unit_test(test_xml_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
