/*
 * jx_floor: the least any streaming xlsx reader pays.
 *
 *   jx_floor [--inflate-only] FILE.xlsx...
 *
 * Opens the package with minizip, inflates xl/workbook.xml, its rels,
 * xl/sharedStrings.xml and every worksheet part (xl/worksheets/NAME.xml), and
 * feeds each to expat in 64 KiB chunks with empty start, end and character
 * handlers. Nothing is kept: no strings, no cells, no merges. Whatever a real
 * reader does on top of this (looking up shared strings, decoding cell
 * references, building rows, detecting the template) is its own cost;
 * bench/run.sh compares `jixiao dump` against this program.
 *
 * --inflate-only skips expat and only inflates the same parts, to show how
 * the floor splits between zlib and the XML tokenizer.
 *
 * With several files it does the same for each in turn (the floor of a
 * batch run, bench/batch.sh), in one process.
 *
 * Output (one line per part, then a total per file), for run.sh to parse:
 *   part NAME compressed C uncompressed U inflated I
 *   total inflated N bytes in P parts, S.SSS s
 * Exit status 0 on success, 1 on a zip or XML error (in any file), 2 on
 * bad usage.
 */
#define _POSIX_C_SOURCE 200809L

#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unzip.h>

#define CHUNK (64 * 1024)

static int inflate_only;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)ud;
    (void)name;
    (void)atts;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
    (void)ud;
    (void)s;
    (void)len;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Inflate and parse the current entry. Returns 0 on success. */
static int parse_current(unzFile uf, const char *name, unsigned long long *inflated)
{
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
        fprintf(stderr, "jx_floor: %s: cannot read entry info\n", name);
        return 1;
    }
    if (unzOpenCurrentFile(uf) != UNZ_OK) {
        fprintf(stderr, "jx_floor: %s: cannot open entry\n", name);
        return 1;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        fprintf(stderr, "jx_floor: out of memory\n");
        unzCloseCurrentFile(uf);
        return 1;
    }
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_chars);

    unsigned long long total = 0;
    int rc = 0;
    for (;;) {
        void *buf = XML_GetBuffer(p, CHUNK);
        if (!buf) {
            fprintf(stderr, "jx_floor: %s: expat cannot allocate its buffer\n", name);
            rc = 1;
            break;
        }
        int n = unzReadCurrentFile(uf, buf, CHUNK);
        if (n < 0) {
            fprintf(stderr, "jx_floor: %s: inflate error %d\n", name, n);
            rc = 1;
            break;
        }
        total += (unsigned long long)n;
        if (inflate_only) {
            if (n == 0)
                break;
            continue;
        }
        if (XML_ParseBuffer(p, n, n == 0) != XML_STATUS_OK) {
            fprintf(stderr, "jx_floor: %s:%lu:%lu: %s\n", name,
                    (unsigned long)XML_GetCurrentLineNumber(p),
                    (unsigned long)XML_GetCurrentColumnNumber(p),
                    XML_ErrorString(XML_GetErrorCode(p)));
            rc = 1;
            break;
        }
        if (n == 0)
            break;
    }
    XML_ParserFree(p);
    /* UNZ_CRCERROR here means the entry was damaged. */
    int crc = unzCloseCurrentFile(uf);
    if (rc == 0 && crc != UNZ_OK) {
        fprintf(stderr, "jx_floor: %s: CRC error\n", name);
        rc = 1;
    }
    if (rc == 0) {
        printf("part %s compressed %llu uncompressed %llu inflated %llu\n", name,
               (unsigned long long)info.compressed_size,
               (unsigned long long)info.uncompressed_size, total);
        *inflated += total;
    }
    return rc;
}

static int is_worksheet(const char *name)
{
    static const char dir[] = "xl/worksheets/";
    size_t dl = sizeof dir - 1, len = strlen(name);
    if (strncmp(name, dir, dl) != 0 || strchr(name + dl, '/'))
        return 0; /* not in the folder, or in xl/worksheets/_rels/ */
    return len > dl + 4 && strcmp(name + len - 4, ".xml") == 0;
}

/* The floor of one workbook: 0 on success. */
static int floor_one(const char *path)
{
    double t0 = now();
    unzFile uf = unzOpen64(path);
    if (!uf) {
        fprintf(stderr, "jx_floor: %s: cannot open as a zip file\n", path);
        return 1;
    }

    unsigned long long inflated = 0;
    int parts = 0, rc = 0;

    /* The small parts a reader needs to find the sheets, then the strings. */
    static const char *const fixed[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/sharedStrings.xml"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && rc == 0; i++) {
        if (unzLocateFile(uf, fixed[i], 0) != UNZ_OK) {
            if (i < 2) {
                fprintf(stderr, "jx_floor: %s: no %s\n", path, fixed[i]);
                rc = 1;
            }
            continue; /* sharedStrings.xml is optional */
        }
        rc = parse_current(uf, fixed[i], &inflated);
        parts++;
    }

    /* Every worksheet, in zip order. */
    int sheets = 0;
    for (int err = unzGoToFirstFile(uf); rc == 0 && err == UNZ_OK; err = unzGoToNextFile(uf)) {
        char name[1024];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            continue;
        if (!is_worksheet(name))
            continue;
        rc = parse_current(uf, name, &inflated);
        parts++;
        sheets++;
    }
    unzClose(uf);
    if (rc == 0 && sheets == 0) {
        fprintf(stderr, "jx_floor: %s: no worksheet parts\n", path);
        rc = 1;
    }
    if (rc != 0)
        return 1;
    printf("total inflated %llu bytes in %d parts, %.3f s\n", inflated, parts, now() - t0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--inflate-only") == 0) {
        inflate_only = 1;
        argv++;
        argc--;
    }
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: jx_floor [--inflate-only] FILE.xlsx...\n"
                        "Inflates the workbook, shared strings and worksheet parts and runs\n"
                        "expat over them with empty handlers: the floor for any xlsx reader.\n"
                        "--inflate-only: inflate the same parts without parsing them.\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= floor_one(argv[i]);
    return rc;
}
