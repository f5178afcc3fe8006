/*
 * newbook.c - a workbook made from nothing: sheets of one plain table each
 * (the batch report's 汇总 and 明细).  Unlike the rest of the writer it
 * edits no existing part; it shares only the XML escaping and the
 * temporary-file-and-rename of output.c.
 *
 * Each row is turned into its <row> XML when it is added and appended to
 * the sheet's spool (a temporary file), so that a report of a million
 * findings costs no more memory than one of ten.  What must precede the
 * rows in the part (the column widths, the dimension) is only known at
 * the end, so the part is put together when the workbook is written:
 * head, spooled rows, tail.
 *
 * Printed, a table is landscape and one page wide, as the findings sheet
 * of an annotated workbook is.
 *
 * Invariants: the output depends only on what was added (entries dated
 * 1980-01-01, no document properties with times); every cell's text is
 * well-formed UTF-8 XML; a cell that does not fit its column's widest
 * width wraps, and its row is given the height of its lines, because
 * spreadsheet programs do not all fit row heights on opening.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Column widths, in characters of the default font (a CJK character
 * takes two). */
enum { MIN_WIDTH = 6, MAX_WIDTH = 60, PAD = 2 };
/* Excel keeps at most 32,767 characters in a cell; text is cut before. */
enum { MAX_CELL_CHARS = 32000 };
#define MAX_ROWS (JX_MAX_ROW - 1)
#define MAX_COLS JX_MAX_COL
/* 1980-01-01 00:00 in MS-DOS format: the earliest date a zip can hold. */
#define FIXED_DOS_DATE 0x00210000UL

/* The cell formats styles_part() defines, by index. */
enum { XF_DEFAULT = 0, XF_HEADER, XF_BODY, XF_WRAP };

typedef struct nb_sheet {
    char *name;
    char **headings;
    size_t ncols;
    size_t *width;       /* the widest line of each column, heading included */
    FILE *spool;         /* the <row> elements below the header */
    uint32_t rows;       /* rows added below the header */
    bool failed;         /* the spool could not be written */
} nb_sheet;

struct jx_newbook {
    nb_sheet *sheets;
    size_t count, cap;
    jx_buf row, cells, text; /* reused for every row */
};

jx_error jx_newbook_create(jx_newbook **out)
{
    *out = jx_calloc(1, sizeof **out);
    return *out ? JX_OK : JX_ERR_NOMEM;
}

static void sheet_free(nb_sheet *s)
{
    for (size_t k = 0; s->headings && k < s->ncols; k++)
        free(s->headings[k]);
    free(s->headings);
    free(s->width);
    free(s->name);
    if (s->spool)
        fclose(s->spool);
}

void jx_newbook_free(jx_newbook *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->count; i++)
        sheet_free(&b->sheets[i]);
    free(b->sheets);
    jx_buf_free(&b->row);
    jx_buf_free(&b->cells);
    jx_buf_free(&b->text);
    free(b);
}

/* ---- text ---- */

/* s cleaned (U+FFFD for bad bytes) and cut to what a cell holds, in b;
 * NULL when out of memory. */
static const char *clean_text(jx_buf *b, const char *s)
{
    /* one pass: room for every byte to become U+FFFD */
    size_t room = 3 * strlen(s) + 1;
    b->len = 0;
    if (!jx_buf_reserve(b, room))
        return NULL;
    size_t need = jx_utf8_clean(s, b->data, room);
    size_t chars = 0, i = 0;
    for (; i < need; i++)
        if (((unsigned char)b->data[i] & 0xC0) != 0x80 && ++chars > MAX_CELL_CHARS)
            break;
    b->data[i] = '\0';
    b->len = i;
    return b->data;
}

/* Display width of each line; returns the widest and adds up in *lines
 * how many lines the text takes in a column MAX_WIDTH wide. */
static size_t measure(const char *s, size_t *lines)
{
    size_t widest = 0, w = 0, usable = MAX_WIDTH - PAD;
    *lines = 0;
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        if (*p == '\n' || !*p) {
            *lines += w > usable ? (w + usable - 1) / usable : 1;
            widest = w > widest ? w : widest;
            w = 0;
            if (!*p)
                return widest;
        } else if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    }
}

/* ---- sheets and rows ---- */

static bool valid_sheet_name(const char *name)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (strchr("[]:*?/\\", *p))
            return false;
        chars += (*p & 0xC0) != 0x80;
    }
    return chars >= 1 && chars <= 31 && name[0] != '\'' && name[strlen(name) - 1] != '\'' &&
           jx_utf8_clean(name, NULL, 0) == strlen(name);
}

static bool same_name(const char *a, const char *b)
{
    /* Excel compares sheet names without regard to case */
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

jx_error jx_newbook_add_sheet(jx_newbook *b, const char *name, const char *const *headings, size_t ncols,
                              size_t *index)
{
    if (!b || !name || !headings || ncols == 0 || ncols > MAX_COLS || !valid_sheet_name(name))
        return JX_ERR_USAGE;
    for (size_t i = 0; i < b->count; i++)
        if (same_name(b->sheets[i].name, name))
            return JX_ERR_USAGE;
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4;
        nb_sheet *grown = jx_realloc(b->sheets, cap * sizeof *grown);
        if (!grown)
            return JX_ERR_NOMEM;
        b->sheets = grown;
        b->cap = cap;
    }
    nb_sheet *s = &b->sheets[b->count];
    memset(s, 0, sizeof *s);
    s->ncols = ncols;
    s->name = jx_strdup(name);
    s->headings = jx_calloc(ncols, sizeof *s->headings);
    s->width = jx_calloc(ncols, sizeof *s->width);
    bool ok = s->name && s->headings && s->width;
    for (size_t k = 0; ok && k < ncols; k++) {
        const char *t = clean_text(&b->text, headings[k] ? headings[k] : "");
        size_t lines;
        ok = t && (s->headings[k] = jx_strdup(t)) != NULL;
        if (ok)
            s->width[k] = measure(t, &lines);
    }
    if (!ok) {
        sheet_free(s);
        return JX_ERR_NOMEM;
    }
    s->spool = tmpfile();
    if (!s->spool) {
        sheet_free(s);
        return JX_ERR_IO;
    }
    if (index)
        *index = b->count;
    b->count++;
    return JX_OK;
}

/* <c> of a text cell with its format. */
static bool put_text_cell(jx_buf *out, const char *ref, unsigned xf, const char *text)
{
    return jx_buf_printf(out, "<c r=\"%s\" s=\"%u\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref, xf) &&
           jxw_put(out, text, JXW_XSTRING) && jx_buf_appendz(out, "</t></is></c>");
}

jx_error jx_newbook_add_row(jx_newbook *b, size_t sheet, const jx_newcell *cells, size_t ncells)
{
    if (!b || sheet >= b->count || ncells > b->sheets[sheet].ncols || (ncells && !cells))
        return JX_ERR_USAGE;
    nb_sheet *s = &b->sheets[sheet];
    if (s->failed)
        return JX_ERR_IO;
    if (s->rows >= MAX_ROWS)
        return JX_ERR_LIMIT;
    uint32_t r = s->rows + 2;
    size_t height = 1;
    bool ok = true;
    b->cells.len = 0;
    for (size_t k = 0; ok && k < ncells; k++) {
        const jx_newcell *c = &cells[k];
        char ref[16];
        jx_cell_ref(r, (uint32_t)k + 1, ref);
        if (c->is_number) {
            char digits[32];
            int n = snprintf(digits, sizeof digits, "%lld", (long long)c->number);
            ok = jx_buf_printf(&b->cells, "<c r=\"%s\" s=\"%u\"><v>%s</v></c>", ref, XF_BODY, digits);
            if ((size_t)n > s->width[k])
                s->width[k] = (size_t)n;
            continue;
        }
        if (!c->text || !*c->text)
            continue;
        const char *t = clean_text(&b->text, c->text);
        if (!t) {
            ok = false;
            break;
        }
        size_t lines, w = measure(t, &lines);
        if (w > s->width[k])
            s->width[k] = w;
        if (lines > height)
            height = lines;
        ok = put_text_cell(&b->cells, ref, lines > 1 ? XF_WRAP : XF_BODY, t);
    }
    b->row.len = 0;
    ok = ok &&
         (height > 1 ? jx_buf_printf(&b->row, "<row r=\"%u\" ht=\"%zu\" customHeight=\"1\">", r, 15 * height)
                     : jx_buf_printf(&b->row, "<row r=\"%u\">", r)) &&
         jx_buf_append(&b->row, b->cells.data, b->cells.len) && jx_buf_appendz(&b->row, "</row>");
    if (!ok)
        return JX_ERR_NOMEM;
    if (fwrite(b->row.data, 1, b->row.len, s->spool) != b->row.len) {
        s->failed = true;
        return JX_ERR_IO;
    }
    s->rows++;
    return JX_OK;
}

/* ---- parts ---- */

static size_t column_width(size_t widest)
{
    size_t w = widest + PAD;
    return w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
}

/* The table's range, A1:I101. */
static void table_range(const nb_sheet *s, char *buf, size_t size, bool absolute)
{
    char a[16], z[16];
    jx_cell_ref(1, 1, a);
    jx_cell_ref(s->rows + 1, (uint32_t)s->ncols, z);
    if (!absolute) {
        snprintf(buf, size, "%s:%s", a, z);
        return;
    }
    /* $A$1:$I$101: a $ before the letters and before the digits */
    size_t za = strcspn(z, "0123456789");
    snprintf(buf, size, "$A$1:$%.*s$%s", (int)za, z, z + za);
}

static bool sheet_head(jx_buf *out, const nb_sheet *s, bool selected)
{
    char range[48];
    table_range(s, range, sizeof range, false);
    bool ok = jx_buf_printf(out,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                            "<worksheet xmlns=\"" JXW_NS_MAIN "\" xmlns:r=\"" JXW_NS_REL "\">"
                            "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><dimension ref=\"%s\"/><sheetViews><sheetView %sworkbookViewId=\"0\">"
                            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                            "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
                            "<sheetFormatPr defaultRowHeight=\"15\"/><cols>",
                            range, selected ? "tabSelected=\"1\" " : "");
    for (size_t k = 0; ok && k < s->ncols; k++)
        ok = jx_buf_printf(out, "<col min=\"%zu\" max=\"%zu\" width=\"%zu\" customWidth=\"1\"/>", k + 1, k + 1,
                           column_width(s->width[k]));
    size_t lines = 1;
    for (size_t k = 0; k < s->ncols; k++) {
        size_t l;
        measure(s->headings[k], &l);
        lines = l > lines ? l : lines;
    }
    ok = ok && jx_buf_appendz(out, "</cols><sheetData>") &&
         (lines > 1 ? jx_buf_printf(out, "<row r=\"1\" ht=\"%zu\" customHeight=\"1\">", 15 * lines)
                    : jx_buf_appendz(out, "<row r=\"1\">"));
    for (size_t k = 0; ok && k < s->ncols; k++) {
        char ref[16];
        jx_cell_ref(1, (uint32_t)k + 1, ref);
        ok = put_text_cell(out, ref, XF_HEADER, s->headings[k]);
    }
    return ok && jx_buf_appendz(out, "</row>");
}

static bool sheet_tail(jx_buf *out, const nb_sheet *s)
{
    char range[48];
    table_range(s, range, sizeof range, false);
    return jx_buf_printf(out,
                         "</sheetData><autoFilter ref=\"%s\"/><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" "
                         "bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" "
                         "orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>",
                         range);
}

static bool types_part(jx_buf *out, size_t nsheets)
{
    bool ok = jx_buf_appendz(out,
                             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                             "<Types xmlns=\"" JXW_NS_TYPES "\">"
                             "<Default Extension=\"rels\" ContentType=\"" JXW_CT_RELS "\"/>"
                             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                             "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                             "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                             "<Override PartName=\"/xl/styles.xml\" ContentType=\"" JXW_CT_STYLES "\"/>");
    for (size_t i = 0; ok && i < nsheets; i++)
        ok = jx_buf_printf(out, "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" ContentType=\"" JXW_CT_SHEET "\"/>",
                           i + 1);
    return ok && jx_buf_appendz(out, "</Types>");
}

static bool package_rels_part(jx_buf *out)
{
    return jx_buf_appendz(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<Relationships xmlns=\"" JXW_NS_PKG_REL "\"><Relationship Id=\"rId1\" "
                               "Type=\"" JXW_NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
}

static bool workbook_rels_part(jx_buf *out, size_t nsheets)
{
    bool ok = jx_buf_appendz(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                  "<Relationships xmlns=\"" JXW_NS_PKG_REL "\">");
    for (size_t i = 0; ok && i < nsheets; i++)
        ok = jx_buf_printf(out,
                           "<Relationship Id=\"rId%zu\" Type=\"" JXW_NS_REL "/worksheet\" "
                           "Target=\"worksheets/sheet%zu.xml\"/>",
                           i + 1, i + 1);
    return ok && jx_buf_printf(out,
                               "<Relationship Id=\"rId%zu\" Type=\"" JXW_NS_REL "/styles\" Target=\"styles.xml\"/>"
                               "</Relationships>",
                               nsheets + 1);
}

/* 'Sheet name'!$A$1:$I$101 as element text: quotes doubled, then escaped. */
static bool put_filter_range(jx_buf *out, const nb_sheet *s)
{
    jx_buf ref = {0};
    char range[48];
    table_range(s, range, sizeof range, true);
    bool ok = jx_buf_appendz(&ref, "'");
    for (const char *p = s->name; ok && *p; p++)
        ok = *p == '\'' ? jx_buf_appendz(&ref, "''") : jx_buf_append(&ref, p, 1);
    ok = ok && jx_buf_printf(&ref, "'!%s", range) && jx_buf_terminate(&ref) && jxw_put(out, ref.data, 0);
    jx_buf_free(&ref);
    return ok;
}

static bool workbook_part(jx_buf *out, const jx_newbook *b)
{
    bool ok = jx_buf_appendz(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                  "<workbook xmlns=\"" JXW_NS_MAIN "\" xmlns:r=\"" JXW_NS_REL "\">"
                                  "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
    for (size_t i = 0; ok && i < b->count; i++)
        ok = jx_buf_appendz(out, "<sheet name=\"") && jxw_put(out, b->sheets[i].name, JXW_ATTR) &&
             jx_buf_printf(out, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1);
    /* the name Excel itself keeps for an auto-filter's range */
    ok = ok && jx_buf_appendz(out, "</sheets><definedNames>");
    for (size_t i = 0; ok && i < b->count; i++)
        ok = jx_buf_printf(out, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"%zu\" hidden=\"1\">",
                           i) &&
             put_filter_range(out, &b->sheets[i]) && jx_buf_appendz(out, "</definedName>");
    return ok && jx_buf_appendz(out, "</definedNames></workbook>");
}

static bool styles_part(jx_buf *out)
{
    /* the cell formats, in the order of XF_*: default, header (bold on a
     * light fill with a rule below), body (top-aligned), wrapped body */
    return jx_buf_appendz(
        out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<styleSheet xmlns=\"" JXW_NS_MAIN "\">"
             "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/>"
             "</font><font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
             "</fonts><fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill "
             "patternType=\"gray125\"/></fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/>"
             "<bgColor indexed=\"64\"/></patternFill></fill></fills>"
             "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/>"
             "<top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
             "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
             "<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
             "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
             "applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"center\"/></xf>"
             "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
             "<alignment vertical=\"top\"/></xf>"
             "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
             "<alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
             "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
             "</styleSheet>");
}

/* ---- the package ---- */

static jx_error open_entry(zipFile zf, const char *name, jx_diag *d)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.dosDate = FIXED_DOS_DATE;
    if (zipOpenNewFileInZip64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) !=
        ZIP_OK) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "cannot write the entry");
    }
    return JX_OK;
}

static jx_error write_bytes(zipFile zf, const char *name, const void *data, size_t len, jx_diag *d)
{
    if (len && zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "write failed");
    }
    return JX_OK;
}

static jx_error close_entry(zipFile zf, const char *name, jx_diag *d)
{
    if (zipCloseFileInZip(zf) != ZIP_OK) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "write failed");
    }
    return JX_OK;
}

/* Every part but the sheets, made whole: which part, from the book. */
typedef enum small_part { PART_TYPES, PART_RELS, PART_WORKBOOK, PART_WORKBOOK_RELS, PART_STYLES, PART__COUNT } small_part;

static const char *const small_part_names[PART__COUNT] = {
    [PART_TYPES] = "[Content_Types].xml",
    [PART_RELS] = "_rels/.rels",
    [PART_WORKBOOK] = "xl/workbook.xml",
    [PART_WORKBOOK_RELS] = "xl/_rels/workbook.xml.rels",
    [PART_STYLES] = "xl/styles.xml",
};

static bool make_part(jx_buf *out, small_part p, const jx_newbook *b)
{
    switch (p) {
    case PART_TYPES: return types_part(out, b->count);
    case PART_RELS: return package_rels_part(out);
    case PART_WORKBOOK: return workbook_part(out, b);
    case PART_WORKBOOK_RELS: return workbook_rels_part(out, b->count);
    case PART_STYLES: return styles_part(out);
    case PART__COUNT: break;
    }
    return false;
}

static jx_error small_entry(zipFile zf, small_part p, const jx_newbook *book, jx_diag *d)
{
    const char *name = small_part_names[p];
    jx_buf b = {0};
    jx_error err = make_part(&b, p, book) ? open_entry(zf, name, d) : jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err) {
        err = write_bytes(zf, name, b.data, b.len, d);
        jx_error e2 = close_entry(zf, name, d);
        err = err ? err : e2;
    }
    jx_buf_free(&b);
    return err;
}

static jx_error sheet_entry(zipFile zf, const nb_sheet *s, size_t index, jx_diag *d)
{
    char name[64];
    snprintf(name, sizeof name, "xl/worksheets/sheet%zu.xml", index + 1);
    if (s->failed || fflush(s->spool) != 0) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "cannot keep the rows in a temporary file");
    }
    jx_buf b = {0};
    jx_error err = sheet_head(&b, s, index == 0) ? open_entry(zf, name, d) : jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err)
        err = write_bytes(zf, name, b.data, b.len, d);
    char *chunk = err ? NULL : jx_malloc(JXW_CHUNK);
    if (!err && !chunk)
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err && fseek(s->spool, 0, SEEK_SET) != 0)
        err = jx_fail(d, JX_ERR_IO, "cannot read back the spooled rows");
    while (!err) {
        size_t n = fread(chunk, 1, JXW_CHUNK, s->spool);
        if (n == 0) {
            if (ferror(s->spool))
                err = jx_fail(d, JX_ERR_IO, "cannot read back the spooled rows");
            break;
        }
        err = write_bytes(zf, name, chunk, n, d);
    }
    free(chunk);
    /* later rows are appended after what was read back */
    if (fseek(s->spool, 0, SEEK_END) != 0 && !err)
        err = jx_fail(d, JX_ERR_IO, "cannot reposition the spool");
    b.len = 0;
    if (!err)
        err = sheet_tail(&b, s) ? write_bytes(zf, name, b.data, b.len, d) : jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err)
        err = close_entry(zf, name, d);
    jx_buf_free(&b);
    return err;
}

jx_error jx_newbook_write(jx_newbook *b, const char *path, jx_diag *diag)
{
    jx_diag_clear(diag);
    if (!b || !path || b->count == 0)
        return jx_fail(diag, JX_ERR_USAGE, "a workbook needs a sheet");
    jx_diag_set_file(diag, path);
    char *tmp = jxw_temp_beside(path, path, diag);
    if (!tmp)
        return diag ? diag->code : JX_ERR_IO;
    zipFile zf = zipOpen64(tmp, APPEND_STATUS_CREATE);
    jx_error err = zf ? JX_OK : jx_fail(diag, JX_ERR_IO, "cannot create the output");
    /* in the order Excel writes them: content types and relationships
     * first, so that a reader streaming the zip finds them early */
    for (int p = 0; !err && p < PART_STYLES; p++)
        err = small_entry(zf, (small_part)p, b, diag);
    for (size_t i = 0; !err && i < b->count; i++)
        err = sheet_entry(zf, &b->sheets[i], i, diag);
    if (!err)
        err = small_entry(zf, PART_STYLES, b, diag);
    if (zf && zipClose(zf, NULL) != ZIP_OK && !err)
        err = jx_fail(diag, JX_ERR_IO, "cannot finish the output");
    if (!err)
        err = jxw_commit(tmp, path, diag);
    if (err)
        unlink(tmp);
    free(tmp);
    return err;
}
