/*
 * fuzz_common.h - what the fuzz targets share: small limits, the shipped
 * mapping catalog and one real sample, loaded once per process (test code:
 * the library itself keeps no such state).
 */
#ifndef JX_FUZZ_COMMON_H
#define JX_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>

#include "jixiao.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small enough that every input finishes fast, large enough for the
 * samples. */
static inline jx_limits fuzz_limits(void)
{
    jx_limits l = jx_limits_default();
    l.max_part_bytes = 8u << 20;
    l.max_total_bytes = 32u << 20;
    l.max_cells = 200000;
    l.max_strings = 100000;
    l.max_merges = 20000;
    return l;
}

/* The input bytes as a file (the writer works on files), and a name for
 * the target's output beside it; false when the file cannot be made. */
static inline bool fuzz_files(const char *target, const uint8_t *data, size_t size, char in[64], char out[64])
{
    snprintf(in, 64, "/tmp/jx_fuzz_%s_in_%ld.xlsx", target, (long)getpid());
    snprintf(out, 64, "/tmp/jx_fuzz_%s_out_%ld.xlsx", target, (long)getpid());
    FILE *f = fopen(in, "wb");
    if (!f)
        return false;
    fwrite(data, 1, size, f);
    fclose(f);
    return true;
}

static inline const char *fuzz_root(void)
{
    const char *r = getenv("JX_SOURCE_DIR");
    return r && *r ? r : JX_FUZZ_SOURCE_DIR;
}

static inline const jx_catalog *fuzz_catalog(void)
{
    static jx_catalog *cat;
    if (!cat) {
        char dir[4096];
        jx_diag d;
        snprintf(dir, sizeof dir, "%s/mappings", fuzz_root());
        if (jx_catalog_load(dir, &cat, &d) != JX_OK) {
            fprintf(stderr, "fuzz: cannot load %s\n", dir);
            abort();
        }
    }
    return cat;
}

static inline const jx_workbook *fuzz_sample(void)
{
    static jx_workbook *wb;
    if (!wb) {
        char path[4096];
        jx_diag d;
        snprintf(path, sizeof path, "%s/samples/jinzhai-2025.xlsx", fuzz_root());
        if (jx_workbook_open(path, NULL, &wb, &d) != JX_OK)
            abort();
    }
    return wb;
}

static inline int fuzz_discard(void *ud, const char *data, size_t len)
{
    (void)ud;
    (void)data;
    (void)len;
    return 0;
}

#endif
