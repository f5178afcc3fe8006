/*
 * test_write.c - the writer on workbooks made here, byte by byte: a
 * patched cell whose tag is cut by the patcher's 64 KiB read boundary, at
 * every offset across it; the raw-tag and text helpers; annotating
 * workbooks shaped as producers shape them (no styles part, empty or
 * missing style containers, prefixes, no r namespace on the root,
 * elements after <legacyDrawing>, comments with phonetic runs, cells the
 * sheet XML lacks, sheet names with quotes, control characters).
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

#include <expat.h>
#include <unzip.h>

#include "common/common.h"
#include "write/write.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#include "scratch.h"

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

#define CT_HEAD                                                                                            \
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"                                           \
    "<Override PartName=\"/xl/workbook.xml\" "                                                                 \
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"             \
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "                                                        \
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
#define ROOT_RELS                                                                                          \
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define RELS_HEAD "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define SHEET_REL "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
#define STYLES_REL "<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"

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

/* ---- helpers for the annotation tests ---- */

/* An entry of a zip, NUL-terminated and malloc'd, or NULL when absent. */
static char *read_entry(const char *path, const char *name)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    char *text = NULL;
    if (unzLocateFile(uf, name, 1) == UNZ_OK) {
        unz_file_info64 info;
        assert_int_equal(unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
        text = malloc(info.uncompressed_size + 1);
        assert_non_null(text);
        assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
        assert_int_equal(unzReadCurrentFile(uf, text, (unsigned)info.uncompressed_size), (int)info.uncompressed_size);
        text[info.uncompressed_size] = '\0';
        unzCloseCurrentFile(uf);
    }
    unzClose(uf);
    return text;
}

/* Well-formed XML with every prefix bound. */
static bool well_formed(const char *xml)
{
    XML_Parser p = XML_ParserCreateNS(NULL, ' ');
    bool ok = XML_Parse(p, xml, (int)strlen(xml), XML_TRUE) == XML_STATUS_OK;
    if (!ok)
        print_message("XML error: %s\n", XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    return ok;
}

/* Every entry of the output is well-formed XML (VML included). */
static void all_well_formed(const char *path)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    for (int r = unzGoToFirstFile(uf); r == UNZ_OK; r = unzGoToNextFile(uf)) {
        char name[256];
        assert_int_equal(unzGetCurrentFileInfo64(uf, NULL, name, sizeof name, NULL, 0, NULL, 0), UNZ_OK);
        char *text = read_entry(path, name);
        if (!well_formed(text))
            fail_msg("%s is not well-formed: %s", name, text);
        free(text);
    }
    unzClose(uf);
}

/* The position of needle in hay, which must be there. */
static size_t at(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p)
        fail_msg("no %s in %s", needle, hay);
    return (size_t)(p - hay);
}

/* The sheet's name in write_book (its XML form). */
static const char *book_sheet = "S";

/* A workbook of one sheet "S": the sheet XML, the styles part (NULL:
 * none) and optional extra parts (name, xml pairs, NULL-terminated) whose
 * relationships the caller puts in sheet_rels. */
static void write_book(const char *path, const char *wb_root, const char *sheet_xml, const char *styles,
                       const char *const *extra, const char *extra_types)
{
    char types[4096], book[1024], rels[1024];
    snprintf(types, sizeof types, "%s%s%s</Types>", CT_HEAD,
             styles ? "<Override PartName=\"/xl/styles.xml\" "
                      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    : "",
             extra_types ? extra_types : "");
    snprintf(book, sizeof book, "<?xml version=\"1.0\"?>%s<sheets><sheet name=\"%s\" sheetId=\"1\" %s/></sheets></workbook>",
             wb_root ? wb_root : "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">", book_sheet,
             wb_root && !strstr(wb_root, "xmlns:r") ? "xmlns:r=\"" NS_REL "\" r:id=\"rId1\"" : "r:id=\"rId1\"");
    if (wb_root && strstr(wb_root, "<x:")) {
        /* a prefixed producer */
        snprintf(book, sizeof book,
                 "<?xml version=\"1.0\"?>%s<x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets>"
                 "</x:workbook>",
                 wb_root);
    }
    snprintf(rels, sizeof rels, "%s%s%s</Relationships>", RELS_HEAD, SHEET_REL, styles ? STYLES_REL : "");
    part parts[16] = {
        {"[Content_Types].xml", types}, {"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", book},
        {"xl/_rels/workbook.xml.rels", rels}, {"xl/worksheets/sheet1.xml", sheet_xml},
    };
    size_t n = 5;
    if (styles)
        parts[n++] = (part){"xl/styles.xml", styles};
    for (size_t i = 0; extra && extra[i]; i += 2)
        parts[n++] = (part){extra[i], extra[i + 1]};
    write_zip(path, parts, n);
}

#define SHEET_OPEN "<?xml version=\"1.0\"?><worksheet xmlns=\"" NS_MAIN "\">"
#define STYLES_FULL                                                                                        \
    "<?xml version=\"1.0\"?><styleSheet xmlns=\"" NS_MAIN "\"><fonts count=\"1\"><font><sz val=\"11\"/></font></fonts>" \
    "<fills count=\"2\"><fill><patternFill/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"    \
    "<borders count=\"2\"><border/><border><left style=\"thin\"/></border></borders>"                            \
    "<cellStyleXfs count=\"1\"><xf/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"                       \
    "<xf numFmtId=\"4\" fontId=\"0\" fillId=\"0\" borderId=\"1\" applyNumberFormat=\"1\"><alignment wrapText=\"1\"/></xf>" \
    "</cellXfs></styleSheet>"

static jx_note note(const char *sheet, uint32_t row, uint32_t col, const char *message)
{
    return (jx_note){.sheet = sheet, .at = {row, col}, .rule = "test.rule", .severity = JX_SEV_WARNING,
                     .message = message};
}

static void annotate(const char *in, const jx_note *notes, size_t n, jx_annotated *res)
{
    jx_diag d;
    if (jx_write_annotated(in, NULL, 0, notes, n, JX_LANG_ZH, tmp_path("out.xlsx"), res, &d) != JX_OK)
        fail_msg("annotate failed: %s (%s)", d.detail, d.part);
    all_well_formed(tmp_path("out.xlsx"));
    /* and the reader reads it */
    jx_workbook *wb = NULL;
    assert_int_equal(jx_workbook_open(tmp_path("out.xlsx"), NULL, &wb, &d), JX_OK);
    jx_workbook_close(wb);
}

/* ---- raw tags and text ---- */

static void test_tag_edit(void **state)
{
    (void)state;
    static const struct { const char *in, *name, *value; bool open; const char *out; } cases[] = {
        {"<c r=\"A1\" s=\"3\">", "s", "9", false, "<c r=\"A1\" s=\"9\">"},
        {"<c r='A1' s='3'/>", "s", "9", false, "<c r='A1' s='9'/>"},
        {"<c r=\"A1\"/>", "s", "9", false, "<c r=\"A1\" s=\"9\"/>"},
        {"<c\n  r = \"A1\"\t/>", "s", "9", false, "<c\n  r = \"A1\" s=\"9\"\t/>"},
        {"<x:fills count=\"0\"/>", "count", "2", true, "<x:fills count=\"2\">"},
        {"<fills/>", "count", "2", true, "<fills count=\"2\">"},
        {"<a b=\"1>2\" s=\"1\">", "s", "x\"y", false, "<a b=\"1>2\" s=\"x&quot;y\">"},
        {"<a q='it' s='1'>", "s", "it's", false, "<a q='it' s='it&apos;s'>"},
        {"<c ss=\"1\" xs=\"2\">", "s", "5", false, "<c ss=\"1\" xs=\"2\" s=\"5\">"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jx_buf b = {0};
        const char *set[] = {cases[i].name, cases[i].value, NULL};
        assert_true(jxw_tag_edit(&b, cases[i].in, strlen(cases[i].in), set, cases[i].open));
        assert_true(jx_buf_terminate(&b));
        assert_string_equal(b.data, cases[i].out);
        jx_buf_free(&b);
    }
    assert_true(jxw_tag_is_empty("<a/>", 4));
    assert_false(jxw_tag_is_empty("<a>", 3));
}

static void test_put(void **state)
{
    (void)state;
    static const struct { const char *in; unsigned flags; const char *out; } cases[] = {
        {"a<b>&\"c\"", 0, "a&lt;b&gt;&amp;\"c\""},
        {"a\"b\nc\td", JXW_ATTR, "a&quot;b&#10;c&#9;d"},
        {"line\nnext\r", JXW_XSTRING, "line\nnext&#13;"},
        {"v\x0Bt\x01", JXW_XSTRING, "v_x000B_t_x0001_"},
        {"v\x0Bt", 0, "vt"},
        {"_x0041_ and _x41_", JXW_XSTRING, "_x005F_x0041_ and _x41_"},
        {"宋体", 0, "宋体"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jx_buf b = {0};
        assert_true(jxw_put(&b, cases[i].in, cases[i].flags));
        assert_true(jx_buf_terminate(&b));
        assert_string_equal(b.data, cases[i].out);
        jx_buf_free(&b);
    }
}

/* ---- annotating ---- */

/* No styles part at all: one is made (with the defaults Excel needs) and
 * related; the cell gets a copy of the default format with the fill. */
static void test_no_styles_part(void **state)
{
    (void)state;
    write_book(tmp_path("in.xlsx"), NULL,
               SHEET_OPEN "<sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c></row></sheetData></worksheet>", NULL,
               NULL, NULL);
    jx_note n = note("S", 2, 2, "看这里");
    jx_annotated res;
    annotate(tmp_path("in.xlsx"), &n, 1, &res);
    assert_int_equal(res.highlighted, 1);
    assert_int_equal(res.comments, 1);
    assert_string_equal(res.sheet, "校验结果");
    char *rels = read_entry(tmp_path("out.xlsx"), "xl/_rels/workbook.xml.rels");
    char *types = read_entry(tmp_path("out.xlsx"), "[Content_Types].xml");
    char *styles = read_entry(tmp_path("out.xlsx"), "xl/styles1.xml");
    char *sheet = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet1.xml");
    assert_non_null(styles);
    at(rels, "/relationships/styles\" Target=\"/xl/styles1.xml\"");
    at(types, "PartName=\"/xl/styles1.xml\"");
    /* fill 0 none, 1 gray125, then the two highlights; xf 0 default, 1 its copy */
    at(styles, "<fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill>");
    at(styles, "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
               "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\"");
    at(sheet, "<c r=\"B2\" s=\"1\"><v>1</v></c>");
    free(rels);
    free(types);
    free(styles);
    free(sheet);
}

/* Containers that are empty (<fills count="0"/>) or missing: opened or
 * added in CT_Stylesheet's order; a copied format keeps all but its fill. */
static void test_styles_containers(void **state)
{
    (void)state;
    write_book(tmp_path("in.xlsx"), NULL,
               SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\" s=\"0\"/></row></sheetData></worksheet>",
               "<?xml version=\"1.0\"?><styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"0\"/><fills count=\"0\"/>"
               "<cellXfs count=\"1\"><xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
               "applyNumberFormat=\"1\"><protection locked=\"0\"/></xf></cellXfs><dxfs count=\"0\"/></styleSheet>",
               NULL, NULL);
    jx_note n = note("S", 1, 1, "x");
    annotate(tmp_path("in.xlsx"), &n, 1, NULL);
    char *styles = read_entry(tmp_path("out.xlsx"), "xl/styles.xml");
    /* fonts added after numFmts, fills opened, borders and cellStyleXfs
     * added before cellXfs, dxfs untouched */
    size_t fonts = at(styles, "<fonts count=\"4\">"), fills = at(styles, "<fills count=\"4\"><fill>"),
           borders = at(styles, "<borders count=\"1\">"), csx = at(styles, "<cellStyleXfs count=\"1\">"),
           xfs = at(styles, "<cellXfs count=\"5\">"), dxfs = at(styles, "<dxfs count=\"0\"/>");
    assert_true(at(styles, "<numFmts count=\"0\"/>") < fonts && fonts < fills && fills < borders && borders < csx &&
                csx < xfs && xfs < dxfs);
    at(styles, "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"2\" borderId=\"0\" applyNumberFormat=\"1\" "
               "applyFill=\"1\"><protection locked=\"0\"/></xf>");
    free(styles);
}

/* A producer that prefixes SpreadsheetML and declares no r prefix on the
 * root: added elements carry the prefix and declare r where they use it. */
static void test_prefixed(void **state)
{
    (void)state;
    const char *sheet =
        "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData><x:row r=\"1\">"
        "<x:c r=\"A1\" s=\"1\"><x:v>5</x:v></x:c></x:row></x:sheetData><x:pageMargins left=\"1\"/></x:worksheet>";
    char styles[2048];
    snprintf(styles, sizeof styles, "%s", STYLES_FULL);
    /* the same styles, prefixed */
    jx_buf b = {0};
    for (const char *p = styles; *p; p++) {
        assert_true(jx_buf_append(&b, p, 1));
        if (*p == '<' && p[1] != '?' && p[1] != '/')
            assert_true(jx_buf_appendz(&b, "x:"));
        else if (*p == '<' && p[1] == '/') {
            assert_true(jx_buf_appendz(&b, "/x:"));
            p++;
        }
    }
    assert_true(jx_buf_terminate(&b));
    char *xs = strstr(b.data, "xmlns=");
    assert_non_null(xs);
    memmove(xs + 8, xs + 6, strlen(xs + 6) + 1);
    memcpy(xs, "xmlns:x=", 8);
    write_book(tmp_path("in.xlsx"), "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">", sheet, b.data,
               NULL, NULL);
    jx_buf_free(&b);
    jx_note n = note("S", 1, 1, "x");
    annotate(tmp_path("in.xlsx"), &n, 1, NULL);
    char *out_sheet = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet1.xml");
    char *out_styles = read_entry(tmp_path("out.xlsx"), "xl/styles.xml");
    char *out_book = read_entry(tmp_path("out.xlsx"), "xl/workbook.xml");
    at(out_sheet, "<x:c r=\"A1\" s=\"2\"><x:v>5</x:v></x:c>");
    assert_true(at(out_sheet, "<x:pageMargins") <
                at(out_sheet, "<x:legacyDrawing xmlns:r=\"" NS_REL "\" r:id=\"rId2\"/></x:worksheet>"));
    at(out_styles, "<x:fill><x:patternFill patternType=\"solid\">");
    at(out_styles, "<x:xf numFmtId=\"4\" fontId=\"0\" fillId=\"2\" borderId=\"1\" applyNumberFormat=\"1\" "
                   "applyFill=\"1\"><x:alignment wrapText=\"1\"/></x:xf>");
    /* the root binds r: the new sheet uses it without declaring it */
    at(out_book, "<x:sheet name=\"校验结果\" sheetId=\"2\" r:id=\"rId3\"/></x:sheets>");
    free(out_sheet);
    free(out_styles);
    free(out_book);
}

/* <legacyDrawing> goes before the elements CT_Worksheet puts after it,
 * using the root's own prefix for the r namespace. */
static void test_legacy_drawing_place(void **state)
{
    (void)state;
    write_book(tmp_path("in.xlsx"), NULL,
               "<?xml version=\"1.0\"?><worksheet xmlns=\"" NS_MAIN "\" xmlns:rr=\"" NS_REL "\"><sheetData>"
               "<row r=\"1\"><c r=\"A1\" s=\"1\" t=\"s\"/></row></sheetData><pageMargins left=\"1\"/>"
               "<drawing rr:id=\"rId7\"/><tableParts count=\"0\"/><extLst><ext uri=\"x\"/></extLst></worksheet>",
               STYLES_FULL, NULL, NULL);
    jx_note n = note("S", 1, 1, "x");
    annotate(tmp_path("in.xlsx"), &n, 1, NULL);
    char *sheet = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet1.xml");
    at(sheet, "<drawing rr:id=\"rId7\"/><legacyDrawing rr:id=\"rId2\"/><tableParts count=\"0\"/>");
    at(sheet, "<c r=\"A1\" s=\"2\" t=\"s\"/>");
    free(sheet);
}

/* A sheet with comments (one with phonetic runs) and a drawing: kept, the
 * note a further paragraph before the phonetic runs; a new comment by the
 * added author jixiao; the drawing gains a box after its own. */
static void test_existing_comments(void **state)
{
    (void)state;
    const char *extra[] = {
        "xl/worksheets/_rels/sheet1.xml.rels",
        RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" NS_REL "/comments\" Target=\"../comments7.xml\"/>"
                  "<Relationship Id=\"rId2\" Type=\"" NS_REL "/vmlDrawing\" Target=\"../drawings/d.vml\"/></Relationships>",
        "xl/comments7.xml",
        "<?xml version=\"1.0\"?><comments xmlns=\"" NS_MAIN "\"><authors><author>甲</author></authors><commentList>"
        "<comment ref=\"A1\" authorId=\"0\"><text><t>旧</t><rPh sb=\"0\" eb=\"1\"><t>jiu</t></rPh></text></comment>"
        "<comment ref=\"B1\" authorId=\"0\"><text/></comment></commentList></comments>",
        "xl/drawings/d.vml",
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
        "xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" "
        "data=\"3\"/></o:shapelayout><v:shape id=\"_x0000_s3073\" type=\"#_x0000_t202\"/>\n</xml>\n",
        NULL};
    write_book(tmp_path("in.xlsx"), NULL,
               SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"/><c r=\"B1\"/><c r=\"C1\"/></row>"
                          "</sheetData><legacyDrawing xmlns:r=\"" NS_REL "\" r:id=\"rId2\"/></worksheet>",
               STYLES_FULL, extra,
               "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
               "<Override PartName=\"/xl/comments7.xml\" "
               "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>");
    jx_note n[] = {note("S", 1, 1, "一"), note("S", 1, 2, "二"), note("S", 1, 3, "三")};
    n[0].fixed = 1;
    n[0].before = "旧值";
    n[0].after = "新值";
    jx_annotated res;
    annotate(tmp_path("in.xlsx"), n, 3, &res);
    assert_int_equal(res.comments, 3);
    char *comments = read_entry(tmp_path("out.xlsx"), "xl/comments7.xml");
    char *vml = read_entry(tmp_path("out.xlsx"), "xl/drawings/d.vml");
    char *sheet = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet1.xml");
    char *types = read_entry(tmp_path("out.xlsx"), "[Content_Types].xml");
    at(comments, "<authors><author>甲</author><author>jixiao</author></authors>");
    at(comments, "<text><t>旧</t><r><rPr>");
    assert_true(at(comments, "已修正：一（原为“旧值”）</t></r><rPh") > at(comments, "<t>旧</t>"));
    at(comments, "<comment ref=\"B1\" authorId=\"0\"><text><r>");
    at(comments, "<comment ref=\"C1\" authorId=\"1\"><text><r><rPr>");
    at(comments, "警告：三</t></r></text></comment></commentList>");
    /* one new box (C1), after the drawing's own, before </xml> */
    assert_true(at(vml, "_x0000_s3073") < at(vml, "<v:shapetype"));
    assert_true(at(vml, "<v:shape id=\"_x0000_s3074\"") < at(vml, "</xml>\n"));
    assert_null(strstr(vml, "_x0000_s3075"));
    at(vml, "<x:Row>0</x:Row><x:Column>2</x:Column>");
    /* no second legacyDrawing, no new comments part, no new content type */
    assert_ptr_equal(strstr(sheet, "<legacyDrawing"), strstr(strstr(sheet, "<legacyDrawing") + 1, "<legacyDrawing") ? NULL : strstr(sheet, "<legacyDrawing"));
    assert_null(strstr(types, "comments1.xml"));
    assert_null(read_entry(tmp_path("out.xlsx"), "xl/comments1.xml"));
    free(comments);
    free(vml);
    free(sheet);
    free(types);
}

/* A note on a cell the sheet XML lacks gets a comment but no fill (and
 * no cell is added); a note naming no sheet or no cell is only listed; a
 * sheet name with a quote is quoted in the link; control characters in
 * a message become escapes. */
static void test_absent_cells_and_links(void **state)
{
    (void)state;
    const char *book_root = "<workbook xmlns=\"" NS_MAIN "\">";
    write_book(tmp_path("in.xlsx"), book_root,
               SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
               STYLES_FULL, NULL, NULL);
    char long_message[201];
    memset(long_message, 'x', 200);
    long_message[200] = '\0';
    jx_note n[] = {note("S", 5, 4, "空\x0B格"), note(NULL, 0, 0, "整个工作簿"), note("S", 0, 0, "整张表"),
                   note("S", 9, 26, long_message)};
    jx_annotated res;
    annotate(tmp_path("in.xlsx"), n, 4, &res);
    assert_int_equal(res.comments, 2);
    assert_int_equal(res.highlighted, 0);
    assert_int_equal(res.listed, 4);
    char *sheet = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet1.xml");
    char *report = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet2.xml");
    char *comments = read_entry(tmp_path("out.xlsx"), "xl/comments1.xml");
    char *book = read_entry(tmp_path("out.xlsx"), "xl/workbook.xml");
    assert_null(strstr(sheet, "D5"));
    at(sheet, "<c r=\"A1\"><v>1</v></c>");
    at(comments, "<comment ref=\"D5\" authorId=\"0\">");
    at(comments, "警告：空_x000B_格");
    /* the workbook's note first, then the sheet's, then the cell's */
    assert_true(at(report, "整个工作簿") < at(report, "整张表") && at(report, "整张表") < at(report, "空_x000B_格"));
    at(report, "<hyperlinks><hyperlink ref=\"B4\" location=\"'S'!D5\" display=\"D5\"/>");
    /* a message of 200 columns wraps to 3 lines in a column 80 wide */
    at(report, "<row r=\"4\"><c r=\"A4\"");
    at(report, "<row r=\"5\" ht=\"45\" customHeight=\"1\"><c r=\"A5\"");
    /* the root lacks xmlns:r: the new <sheet> declares it */
    at(book, "<sheet name=\"校验结果\" sheetId=\"2\" xmlns:r=\"" NS_REL "\" r:id=\"rId3\"/>");
    free(sheet);
    free(report);
    free(comments);
    free(book);
}

/* A sheet name with a quote, an ampersand and a space: the link's
 * location quotes it ('O''Neil & 表'!B2), escaped for XML. */
static void test_quoted_sheet_link(void **state)
{
    (void)state;
    book_sheet = "O'Neil &amp; 表";
    write_book(tmp_path("in.xlsx"), NULL,
               SHEET_OPEN "<sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c></row></sheetData></worksheet>",
               STYLES_FULL, NULL, NULL);
    book_sheet = "S";
    jx_note n = note("O'Neil & 表", 2, 2, "x");
    annotate(tmp_path("in.xlsx"), &n, 1, NULL);
    char *report = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet2.xml");
    char *book = read_entry(tmp_path("out.xlsx"), "xl/workbook.xml");
    at(report, "location=\"'O''Neil &amp; 表'!B2\" display=\"B2\"");
    at(report, "<t xml:space=\"preserve\">O'Neil &amp; 表</t>");
    at(book, "<sheet name=\"校验结果\"");
    free(report);
    free(book);
}

/* A note naming a sheet the workbook lacks: refused, nothing written. */
static void test_unknown_sheet(void **state)
{
    (void)state;
    write_book(tmp_path("in.xlsx"), NULL, SHEET_OPEN "<sheetData/></worksheet>", STYLES_FULL, NULL, NULL);
    jx_note n = note("Nope", 1, 1, "x");
    jx_diag d;
    unlink(tmp_path("none.xlsx"));
    assert_int_equal(jx_write_annotated(tmp_path("in.xlsx"), NULL, 0, &n, 1, JX_LANG_ZH, tmp_path("none.xlsx"), NULL, &d),
                     JX_ERR_NOT_FOUND);
    assert_int_equal(access(tmp_path("none.xlsx"), F_OK), -1);
    assert_int_equal(jx_write_annotated(NULL, NULL, 0, NULL, 0, JX_LANG_ZH, tmp_path("none.xlsx"), NULL, &d),
                     JX_ERR_USAGE);
}

/* A patched cell that is also highlighted: the new value and the new
 * style in one <c>; a formula cell keeps its value but gets its fill. */
static void test_patch_and_highlight(void **state)
{
    (void)state;
    write_book(tmp_path("in.xlsx"), NULL,
               SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>旧</t></is></c>"
                          "<c r=\"B1\" s=\"1\"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>",
               STYLES_FULL, NULL, NULL);
    jx_patch p[] = {{.sheet = "S", .at = {1, 1}, .text = "新", .rule = "r"},
                    {.sheet = "S", .at = {1, 2}, .text = "3", .as_number = 1, .rule = "r"}};
    jx_note n[] = {note("S", 1, 1, "一"), note("S", 1, 2, "二")};
    n[0].fixed = 1;
    n[0].after = "新";
    jx_annotated res;
    jx_diag d;
    assert_int_equal(jx_write_annotated(tmp_path("in.xlsx"), p, 2, n, 2, JX_LANG_EN, tmp_path("out.xlsx"), &res, &d),
                     JX_OK);
    all_well_formed(tmp_path("out.xlsx"));
    assert_int_equal(res.skipped, 1);
    assert_true(p[1].skipped);
    char *sheet = read_entry(tmp_path("out.xlsx"), "xl/worksheets/sheet1.xml");
    char *comments = read_entry(tmp_path("out.xlsx"), "xl/comments1.xml");
    /* copies sorted by (format, mark): fixed first, then attention */
    at(sheet, "<c r=\"A1\" s=\"2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">新</t></is></c>");
    at(sheet, "<c r=\"B1\" s=\"3\"><f>1+1</f><v>2</v></c>");
    at(comments, "fixed: 一");
    at(comments, "warning: 二");
    free(sheet);
    free(comments);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patch_across_read_boundary),
        cmocka_unit_test(test_tag_edit),
        cmocka_unit_test(test_put),
        cmocka_unit_test(test_no_styles_part),
        cmocka_unit_test(test_styles_containers),
        cmocka_unit_test(test_prefixed),
        cmocka_unit_test(test_legacy_drawing_place),
        cmocka_unit_test(test_existing_comments),
        cmocka_unit_test(test_absent_cells_and_links),
        cmocka_unit_test(test_quoted_sheet_link),
        cmocka_unit_test(test_unknown_sheet),
        cmocka_unit_test(test_patch_and_highlight),
    };
    return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
