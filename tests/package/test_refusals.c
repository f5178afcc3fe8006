/*
 * test_refusals.c - files the package stage must refuse, each with the
 * exact error and a diagnostic naming the file: empty, not a zip, cut
 * short anywhere, OLE2 (.xls or an encrypted package), zip-level
 * encryption, CRC errors, bombs (declared, lying, ratio, total) and other
 * jx_limits, and paths that are not files.
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

/* Open a fixture with limits; the error must be `want` and the diagnostic
 * must name the file.  Returns the diagnostic for further checks. */
static jx_diag refuse(const char *name, const jx_limits *lim, jx_error want)
{
    jx_diag d;
    jx_workbook *wb = (jx_workbook *)&d; /* must be reset to NULL */
    const char *path = data_path(name);
    jx_error err = jx_workbook_open(path, lim, &wb, &d);
    if (err != want)
        fail_msg("%s: got %d (%s), want %d", name, err, d.detail, want);
    assert_null(wb);
    assert_int_equal(d.code, want);
    assert_string_equal(d.file, path);
    return d;
}

static void test_empty(void **state) { refuse("empty.xlsx", NULL, JX_ERR_EMPTY_FILE); }

static void test_not_zip(void **state) { refuse("random.xlsx", NULL, JX_ERR_NOT_ZIP); }

static void test_legacy_xls(void **state)
{
    jx_diag d = refuse("legacy.xls", NULL, JX_ERR_LEGACY_XLS);
    char line[1024];
    assert_non_null(strstr(jx_diag_format(&d, JX_LANG_ZH, line, sizeof line), ".xls"));
}

static void test_encrypted_package(void **state) { refuse("encrypted.xlsx", NULL, JX_ERR_ENCRYPTED); }

static void test_zip_entry_encrypted(void **state)
{
    jx_diag d = refuse("zipenc.xlsx", NULL, JX_ERR_ENCRYPTED);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
}

static void test_crc(void **state)
{
    jx_diag d = refuse("crc.xlsx", NULL, JX_ERR_ZIP_CORRUPT);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(d.detail, "CRC"));
}

static void test_truncated_entry(void **state)
{
    jx_diag d = refuse("truncentry.xlsx", NULL, JX_ERR_ZIP_TRUNCATED);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
}

/* Cut a good workbook at every length: every cut must be refused cleanly. */
static void test_truncated_everywhere(void **state)
{
    size_t len;
    unsigned char *buf = slurp(data_path("types.xlsx"), &len);
    size_t truncated = 0;
    for (size_t cut = 0; cut < len; cut++) {
        jx_workbook *wb = NULL;
        jx_diag d;
        jx_error err = jx_workbook_open_mem(buf, cut, "cut.xlsx", NULL, &wb, &d);
        if (err == JX_OK)
            fail_msg("a cut at %zu of %zu bytes opened", cut, len);
        assert_null(wb);
        assert_string_equal(d.file, "cut.xlsx");
        if (cut == 0)
            assert_int_equal(err, JX_ERR_EMPTY_FILE);
        else if (cut >= 2)
            truncated += err == JX_ERR_ZIP_TRUNCATED;
    }
    /* with the end record gone, a zip is a truncated zip */
    assert_int_equal(truncated, len - 2);
    /* and on disk too */
    char tmp[] = "/tmp/jx_cut_XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fwrite(buf, 1, len / 2, f);
    fclose(f);
    jx_workbook *wb = NULL;
    jx_diag d;
    assert_int_equal(jx_workbook_open(tmp, NULL, &wb, &d), JX_ERR_ZIP_TRUNCATED);
    assert_string_equal(d.file, tmp);
    remove(tmp);
    free(buf);
}

/* Flip bytes all over a good workbook: never a crash, never a leak. */
static void test_corrupt_bytes(void **state)
{
    size_t len;
    unsigned char *buf = slurp(data_path("types.xlsx"), &len);
    unsigned char *copy = malloc(len);
    assert_non_null(copy);
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        memcpy(copy, buf, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % len] ^= (unsigned char)(1u << (seed % 8));
        }
        jx_workbook *wb = NULL;
        jx_diag d;
        jx_error err = jx_workbook_open_mem(copy, len, "flip.xlsx", NULL, &wb, &d);
        if (err == JX_OK)
            jx_workbook_close(wb);
        else
            assert_string_equal(d.file, "flip.xlsx");
    }
    free(copy);
    free(buf);
}

static void test_bomb_declared(void **state)
{
    jx_limits lim = {.max_part_bytes = 64 * 1024};
    jx_diag d = refuse("bomb-declared.xlsx", &lim, JX_ERR_LIMIT);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(d.detail, "max_part_bytes"));
    assert_non_null(strstr(d.detail, "declared"));
    /* within the default limits it is an ordinary workbook */
    jx_workbook *wb = NULL;
    assert_int_equal(jx_workbook_open(data_path("bomb-declared.xlsx"), NULL, &wb, &d), JX_OK);
    assert_int_equal(jx_sheet_max_row(jx_workbook_sheet(wb, 0)), 5000);
    jx_workbook_close(wb);
}

static void test_bomb_liar(void **state)
{
    /* declares 1000 bytes, inflates to 200 KB: never more than declared is
     * produced, and the short read fails the CRC */
    jx_diag d = refuse("bomb-liar.xlsx", NULL, JX_ERR_ZIP_CORRUPT);
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
}

static void test_bomb_ratio(void **state)
{
    jx_limits lim = {.max_ratio = 100};
    jx_diag d = refuse("bomb-ratio.xlsx", &lim, JX_ERR_LIMIT);
    assert_non_null(strstr(d.detail, "max_ratio"));
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    /* 17 MiB of blanks squeezed past 1000:1 trips the default too */
    refuse("bomb-ratio.xlsx", NULL, JX_ERR_LIMIT);
}

static void test_inflated_past_limits(void **state)
{
    /* the sheet honestly declares 200 KB, within the part limit: the total
     * limit is crossed while it inflates, and reading stops there */
    jx_limits lim = {.max_total_bytes = 100 * 1024};
    jx_diag d = refuse("bomb-declared.xlsx", &lim, JX_ERR_LIMIT);
    assert_non_null(strstr(d.detail, "max_total_bytes"));
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    jx_limits few = {.max_entries = 3};
    d = refuse("types.xlsx", &few, JX_ERR_LIMIT);
    assert_non_null(strstr(d.detail, "max_entries"));
}

static void test_depth(void **state)
{
    jx_diag d = refuse("deep.xlsx", NULL, JX_ERR_LIMIT);
    assert_non_null(strstr(d.detail, "max_depth"));
    assert_string_equal(d.part, "xl/worksheets/sheet1.xml");
    jx_limits lim = {.max_depth = 1000};
    jx_workbook *wb = NULL;
    assert_int_equal(jx_workbook_open(data_path("deep.xlsx"), &lim, &wb, &d), JX_OK);
    jx_workbook_close(wb);
}

static void test_not_a_file(void **state)
{
    const char *root = getenv("JX_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/reader", root ? root : ".");
    jx_workbook *wb = NULL;
    jx_diag d;
    assert_int_equal(jx_workbook_open(dir, NULL, &wb, &d), JX_ERR_IO);
    assert_string_equal(d.file, dir);
    assert_null(wb);
    assert_int_equal(jx_workbook_open(data_path("no-such-file.xlsx"), NULL, &wb, &d), JX_ERR_IO);
    assert_string_equal(d.file, data_path("no-such-file.xlsx"));
    assert_int_equal(jx_workbook_open(NULL, NULL, &wb, &d), JX_ERR_USAGE);
    assert_int_equal(jx_workbook_open_mem(NULL, 0, "nothing", NULL, &wb, &d), JX_ERR_EMPTY_FILE);
    assert_string_equal(d.file, "nothing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_not_zip),
        cmocka_unit_test(test_legacy_xls),
        cmocka_unit_test(test_encrypted_package),
        cmocka_unit_test(test_zip_entry_encrypted),
        cmocka_unit_test(test_crc),
        cmocka_unit_test(test_truncated_entry),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_corrupt_bytes),
        cmocka_unit_test(test_bomb_declared),
        cmocka_unit_test(test_bomb_liar),
        cmocka_unit_test(test_bomb_ratio),
        cmocka_unit_test(test_inflated_past_limits),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_not_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
