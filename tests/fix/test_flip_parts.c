/*
 * test_flip_parts.c - flipped bytes in each part of real workbooks.
 *
 * Flipping bytes of the zip file mostly breaks a CRC or the deflate
 * stream (tests/package/test_refusals.c does that); here the bytes of one
 * part are flipped before it is compressed, so that the XML parsers and
 * everything after them see the damage: for every part of the seeds and
 * of a workbook with comments and a drawing, rounds of 1 to 4 flipped
 * bits, then read -> model -> validate -> fix plan -> jx_write_patched ->
 * read back, and jx_write_annotated -> read back.
 *
 * Every step must end in JX_OK or a clean error whose diagnostic names
 * the file; what the writer wrote must read again; a failed write leaves
 * no output.  Under ASan (CI's second pass) this also means no memory
 * error and no leak.
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

#include <unzip.h>

#include "jixiao.h"

#define ROUNDS 12

static const char *const inputs[] = {
    "samples/wuchuan-2025.xlsx",   "samples/guangshui-2025.xlsx", "samples/zhanjiang-2025.xlsx",
    "samples/yuanjiang-2024.xlsx", "samples/jinzhai-2025.xlsx",   "tests/data/cli/commented.xlsx",
};

static char tmpdir[64];
static jx_catalog *cat;
/* how far the runs got: refused by the reader, by the model, written */
static size_t refused_read, refused_model, written;

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jx_test_flip_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    const char *root = getenv("JX_SOURCE_DIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/mappings", root ? root : ".");
    jx_diag d;
    return jx_catalog_load(dir, &cat, &d) == JX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    jx_catalog_free(cat);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

typedef struct entry { char name[512]; unsigned char *data; size_t len; } entry;

/* The entries of a workbook, inflated. */
static entry *read_entries(const char *path, size_t *n)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    unz_global_info64 gi;
    assert_int_equal(unzGetGlobalInfo64(uf, &gi), UNZ_OK);
    entry *e = calloc(gi.number_entry, sizeof *e);
    assert_non_null(e);
    size_t k = 0;
    for (int r = unzGoToFirstFile(uf); r == UNZ_OK; r = unzGoToNextFile(uf), k++) {
        unz_file_info64 fi;
        assert_int_equal(unzGetCurrentFileInfo64(uf, &fi, e[k].name, sizeof e[k].name, NULL, 0, NULL, 0), UNZ_OK);
        e[k].len = (size_t)fi.uncompressed_size;
        e[k].data = malloc(e[k].len ? e[k].len : 1);
        assert_non_null(e[k].data);
        assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
        assert_int_equal(unzReadCurrentFile(uf, e[k].data, (unsigned)e[k].len), (int)e[k].len);
        assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);
    }
    unzClose(uf);
    *n = k;
    return e;
}

/* The workbook again, with `flips` bits of entry `which` flipped. */
static void write_flipped(const char *path, const entry *e, size_t n, size_t which, int flips, unsigned *seed)
{
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        unsigned char *data = malloc(e[i].len ? e[i].len : 1);
        assert_non_null(data);
        memcpy(data, e[i].data, e[i].len);
        for (int k = 0; i == which && e[i].len && k < flips; k++) {
            *seed = *seed * 1103515245u + 12345u;
            data[(*seed >> 8) % e[i].len] ^= (unsigned char)(1u << (*seed % 8));
        }
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        assert_int_equal(zipOpenNewFileInZip64(zf, e[i].name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                               Z_DEFAULT_COMPRESSION, 0),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zf, data, (unsigned)e[i].len), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
        free(data);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

/* A failed step must say which file; a failed write must leave nothing. */
static void clean_failure(jx_error err, const jx_diag *d, const char *file, const char *what)
{
    if (err == JX_OK)
        return;
    if (err == JX_ERR_NOMEM || err == JX_ERR_USAGE || (unsigned)err >= JX_ERR__COUNT)
        fail_msg("%s: %s ended in %d", file, what, err);
    if (d && strcmp(d->file, file) != 0)
        fail_msg("%s: %s failed naming '%s'", file, what, d->file);
}

static void must_read(const char *path, const char *what)
{
    jx_workbook *wb = NULL;
    jx_diag d;
    jx_error err = jx_workbook_open(path, NULL, &wb, &d);
    if (err)
        fail_msg("%s does not read again: %s", what, d.detail);
    jx_workbook_close(wb);
    unlink(path);
}

static void run(const char *in, const char *label)
{
    char patched[128], annotated[128];
    snprintf(patched, sizeof patched, "%s/patched.xlsx", tmpdir);
    snprintf(annotated, sizeof annotated, "%s/annotated.xlsx", tmpdir);
    jx_workbook *wb = NULL;
    jx_model *m = NULL;
    jx_findings *f = NULL;
    jx_fix_plan *plan = NULL;
    jx_notes *notes = NULL;
    jx_diag d;
    jx_error err = jx_workbook_open(in, NULL, &wb, &d);
    clean_failure(err, &d, in, label);
    refused_read += err != JX_OK;
    if (!err) {
        err = jx_model_build(cat, wb, &m, &d);
        clean_failure(err, &d, in, label);
        refused_model += err != JX_OK;
    }
    jx_workbook_close(wb);
    if (!err)
        assert_int_equal(jx_validate(m, JX_LANG_ZH, &f), JX_OK);
    if (!err)
        assert_int_equal(jx_fix_plan_make(f, &plan), JX_OK);
    if (!err) {
        size_t skipped;
        err = jx_write_patched(in, plan->patches, plan->count, patched, &skipped, &d);
        clean_failure(err, &d, patched, label);
        if (err)
            assert_int_not_equal(access(patched, F_OK), 0);
        else
            must_read(patched, label);
        written += err == JX_OK;
        /* every finding as a note, as if none had been fixed */
        assert_int_equal(jx_notes_make(f, plan, f, &notes), JX_OK);
        jx_annotated res;
        err = jx_write_annotated(in, plan->patches, plan->count, notes->items, notes->count, JX_LANG_ZH, annotated,
                                 &res, &d);
        clean_failure(err, &d, annotated, label);
        if (err)
            assert_int_not_equal(access(annotated, F_OK), 0);
        else
            must_read(annotated, label);
    }
    jx_notes_free(notes);
    jx_fix_plan_free(plan);
    jx_findings_free(f);
    jx_model_free(m);
}

static void test_flipped_parts(void **state)
{
    (void)state;
    const char *root = getenv("JX_SOURCE_DIR");
    unsigned seed = 20261123;
    size_t runs = 0;
    for (size_t w = 0; w < sizeof inputs / sizeof inputs[0]; w++) {
        char src[512], flipped[128];
        snprintf(src, sizeof src, "%s/%s", root ? root : ".", inputs[w]);
        snprintf(flipped, sizeof flipped, "%s/flipped.xlsx", tmpdir);
        size_t n;
        entry *e = read_entries(src, &n);
        for (size_t p = 0; p < n; p++)
            for (int round = 0; round < ROUNDS; round++) {
                char label[700];
                unsigned at = seed;
                write_flipped(flipped, e, n, p, 1 + round % 4, &seed);
                snprintf(label, sizeof label, "%s, part %s, %d flips from seed %u", inputs[w], e[p].name,
                         1 + round % 4, at);
                run(flipped, label);
                runs++;
            }
        for (size_t i = 0; i < n; i++)
            free(e[i].data);
        free(e);
    }
    printf("%zu workbooks with flipped parts: %zu refused by the reader, %zu by the model, %zu fixed and "
           "annotated\n", runs, refused_read, refused_model, written);
    /* the damage must reach past the reader, or the writer is not tested */
    assert_true(written > runs / 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_flipped_parts)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
