/*
 * test_samples.c - the real workbooks in samples/ (openpyxl output, and a
 * LibreOffice re-save with shared strings) open, and spot-checked cells
 * read as their producers wrote them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"

static const char *const samples[] = {
    "guangshui-2025.xlsx", "jinzhai-2025.xlsx", "wuchuan-2025.xlsx",
    "yuanjiang-2024.xlsx", "zhanjiang-2025.xlsx",
};

static jx_workbook *open_sample(const char *name)
{
    const char *root = getenv("JX_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/%s", root ? root : ".", name);
    jx_workbook *wb = NULL;
    jx_diag d;
    jx_error err = jx_workbook_open(path, NULL, &wb, &d);
    if (err) {
        char line[1024];
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    }
    assert_true(jx_workbook_sheet_count(wb) > 0);
    return wb;
}

static const jx_sheet *sheet_named(const jx_workbook *wb, const char *name)
{
    for (size_t i = 0; i < jx_workbook_sheet_count(wb); i++)
        if (strcmp(jx_sheet_name(jx_workbook_sheet(wb, i)), name) == 0)
            return jx_workbook_sheet(wb, i);
    fail_msg("no sheet '%s'", name);
    return NULL;
}

static void text_at(const jx_sheet *sh, const char *ref, jx_cell_type type, const char *want)
{
    uint32_t r, c;
    char tmp[16];
    /* parse "C7" by hand: the test sees only the public header */
    c = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z')
        c = c * 26 + (uint32_t)(*p++ - 'A' + 1);
    r = (uint32_t)strtoul(p, NULL, 10);
    assert_string_equal(jx_cell_ref(r, c, tmp), ref);
    const char *got = jx_sheet_cell_text(sh, r, c);
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s!%s: want '%s', got '%s'", jx_sheet_name(sh), ref, want, got ? got : "(null)");
    assert_int_equal(jx_sheet_cell_type(sh, r, c), type);
}

static void test_all_open(void **state)
{
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        jx_workbook *wb = open_sample(samples[i]);
        for (size_t k = 0; k < jx_workbook_sheet_count(wb); k++) {
            const jx_sheet *sh = jx_workbook_sheet(wb, k);
            assert_true(jx_sheet_max_row(sh) > 0);
            assert_true(jx_sheet_max_col(sh) > 0);
            assert_non_null(jx_sheet_text(sh, 1, 1));
        }
        jx_workbook_close(wb);
    }
}

static void test_wuchuan(void **state)
{
    jx_workbook *wb = open_sample("wuchuan-2025.xlsx");
    const jx_sheet *sh = jx_workbook_sheet(wb, 1);
    assert_string_equal(jx_sheet_name(sh), "业务工作经费");
    text_at(sh, "C7", JX_CELL_NUMBER, "40500");
    text_at(sh, "B2", JX_CELL_STRING, "业务工作经费");
    const jx_sheet *first = jx_workbook_sheet(wb, 0);
    const jx_range *m = jx_sheet_merge_at(first, 1, 3);
    assert_non_null(m);
    assert_int_equal(m->r1, 1);
    assert_int_equal(m->c1, 1);
    assert_int_equal(m->r2, 1);
    assert_int_equal(m->c2, 6);
    assert_string_equal(jx_sheet_text(first, 1, 6), jx_sheet_cell_text(first, 1, 1));
    jx_workbook_close(wb);
}

static void test_zhanjiang(void **state)
{
    jx_workbook *wb = open_sample("zhanjiang-2025.xlsx");
    const jx_sheet *sh = sheet_named(wb, "部门整体");
    text_at(sh, "E5", JX_CELL_STRING, "33, 241. 27");
    jx_workbook_close(wb);
}

static void test_jinzhai(void **state)
{
    jx_workbook *wb = open_sample("jinzhai-2025.xlsx");
    const jx_sheet *sh = jx_workbook_sheet(wb, 0);
    text_at(sh, "A2", JX_CELL_STRING, "( 2025 年度)");
    text_at(sh, "E7", JX_CELL_NUMBER, "6000");
    uint32_t r, c;
    assert_true(jx_sheet_find_label(sh, "中期资金总额", JX_MATCH_EXACT, 1, &r, &c));
    assert_int_equal(r, 7);
    assert_int_equal(c, 3);
    assert_true(jx_sheet_find_label(sh, "项目资金(万元)", JX_MATCH_EXACT, 1, &r, &c));
    assert_int_equal(r, 7);
    assert_int_equal(c, 1);
    jx_workbook_close(wb);
}

/* A workbook is read-only after open: threads may share it. */
typedef struct reader_job {
    const jx_workbook *wb;
    int found;
} reader_job;

static void *read_all(void *arg)
{
    reader_job *job = arg;
    for (int round = 0; round < 50; round++)
        for (size_t k = 0; k < jx_workbook_sheet_count(job->wb); k++) {
            const jx_sheet *sh = jx_workbook_sheet(job->wb, k);
            uint32_t r, c;
            job->found += jx_sheet_find_label(sh, "合计", JX_MATCH_CONTAINS, 1, &r, &c);
            for (uint32_t row = 1; row <= jx_sheet_max_row(sh); row++)
                for (uint32_t col = 1; col <= jx_sheet_max_col(sh); col++)
                    (void)jx_sheet_text(sh, row, col);
        }
    return NULL;
}

static void test_threads(void **state)
{
    jx_workbook *wb = open_sample("zhanjiang-2025.xlsx");
    reader_job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (reader_job){.wb = wb};
        assert_int_equal(pthread_create(&t[i], NULL, read_all, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 1; i < 4; i++)
        assert_int_equal(jobs[i].found, jobs[0].found);
    jx_workbook_close(wb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_open),
        cmocka_unit_test(test_wuchuan),
        cmocka_unit_test(test_zhanjiang),
        cmocka_unit_test(test_jinzhai),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
