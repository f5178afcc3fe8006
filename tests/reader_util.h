/*
 * reader_util.h - what the reader's tests (tests/package, tests/sheet)
 * share: where the test workbooks are, and reading one whole.
 */
#ifndef JX_TEST_READER_UTIL_H
#define JX_TEST_READER_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

/* tests/data/reader/<name>; one path at a time (test-only static buffer). */
static inline char *data_path(const char *name)
{
    const char *root = getenv("JX_SOURCE_DIR");
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/tests/data/reader/%s", root ? root : ".", name);
    return buf;
}

/* The whole file, malloc'd. */
static inline unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

#endif
