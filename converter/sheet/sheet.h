/*
 * sheet.h - the sheet grid stage (internal): the structures behind
 * jx_workbook and jx_sheet, and the readers of each OOXML part.
 *
 * Invariants:
 *   - A workbook is read whole at open and never changes afterwards, so
 *     any number of threads may read one workbook.
 *   - A sheet's cells are sorted by (row, col), one cell per position, and
 *     only cells with a value are stored.
 *   - Every text and its normalised form is computed once at load time:
 *     shared strings once per unique string.
 */
#ifndef JX_SHEET_H
#define JX_SHEET_H

#include "common/common.h"
#include "package/package.h"

/* One shared string with its normalised form (== text when already normal). */
typedef struct jx_sst_entry {
    const char *text;
    const char *norm;
} jx_sst_entry;

/* Cell flags. */
enum {
    JX_CF_SHARED = 1,  /* text is an index into the workbook's shared strings */
    JX_CF_FORMULA = 2, /* the cell has a formula; text is its cached value */
    JX_CF_NORM = 4,    /* pool text is followed by its (different) normal form */
};

/* A compact cell: 16 bytes.  text is an offset into the sheet's pool or,
 * with JX_CF_SHARED, a shared-string index. */
typedef struct jx_cell {
    uint32_t row;
    uint16_t col;
    uint8_t type;  /* jx_cell_type */
    uint8_t flags; /* JX_CF_* */
    uint32_t style;
    uint32_t text;
} jx_cell;

struct jx_sheet {
    const jx_workbook *wb;
    const char *name, *part, *rel_id;
    jx_sheet_state state;
    jx_cell *cells; /* sorted by (row, col) */
    size_t ncells;
    char *pool;     /* NUL-terminated texts of non-shared cells */
    size_t pool_len;
    /* cells of row r are cells[row_first[r] .. row_first[r + 1]) for
     * 1 <= r <= index_rows; rows past it have no cells */
    uint32_t *row_first;
    uint32_t index_rows;
    uint32_t *hidden; /* sorted row numbers */
    size_t nhidden;
    jx_range *merges; /* in document order */
    size_t nmerges;
    /* merges touching band b (rows b<<merge_shift ..):
     * merge_ids[merge_first[b] .. merge_first[b+1]), sorted by first
     * column; NULL when the sheet has no merges */
    uint32_t *merge_first, *merge_ids;
    uint32_t merge_rows;     /* the last band */
    unsigned merge_shift;    /* a band is 2^merge_shift rows */
    uint32_t max_row, max_col;
};

struct jx_workbook {
    jx_arena arena;
    const char *path;
    jx_limits lim;
    jx_sheet *sheets;
    size_t nsheets;
    jx_sst_entry *sst;
    uint32_t nsst;
    uint8_t *xf_date; /* per cellXfs index: 1 when its number format is a date */
    uint32_t nxf;
    bool date1904;
};

/* Tag codes the readers give elements they react to (see
 * jx_xml_handlers); fit in a byte. */
enum jx_tag {
    JX_TAG_NONE = 0,
    JX_TAG_RICH_T,   /* a <t> whose text counts */
    JX_TAG_RICH_RPH, /* a phonetic run */
    JX_TAG_SI,
    JX_TAG_CELLXFS,
    JX_TAG_SHEETDATA,
    JX_TAG_C,
    JX_TAG_V,
    JX_TAG_IS,
};

/* ---- sst.c ---- */

/* Collects the text of a string item (<si> or <is>): <t> directly or in
 * rich-text runs <r>, leaving out phonetic runs <rPh>. */
typedef struct jx_rich {
    jx_buf buf;
    uint32_t in_t;     /* inside a <t> that counts */
    uint32_t rph;      /* depth inside <rPh> */
    uint32_t max_bytes;
    bool too_long, nomem;
} jx_rich;

void jx_rich_reset(jx_rich *r);
int jx_rich_start(jx_rich *r, const char *local); /* returns the tag */
void jx_rich_end(jx_rich *r, int tag);
void jx_rich_text(jx_rich *r, const char *s, size_t len);
/* The normalised form of a text (see jx_normalize_arena: text itself when
 * already normal); only the first JX_NORM_MAX bytes of a longer text are
 * normalised.  NULL when out of memory. */
#define JX_NORM_MAX 1024
const char *jx_norm_of(jx_arena *a, const char *text, size_t len);
/* Decode ST_Xstring escapes (_xHHHH_) in place; returns the new length. */
size_t jx_xstring_decode(char *s, size_t len);

jx_error jx_sst_read(jx_workbook *wb, jx_package *pkg, const char *part, jx_diag *d);

/* ---- styles.c ---- */

jx_error jx_styles_read(jx_workbook *wb, jx_package *pkg, const char *part, jx_diag *d);
/* Is number format (id, code) a date or time format?  code may be NULL
 * for a built-in id. */
bool jx_numfmt_is_date(uint32_t id, const char *code);
/* Excel serial number text -> ISO 8601 ("2024-10-16", with "T13:30:00"
 * when there is a time of day, or "13:30:00" for a bare time).  False when
 * the text is not a serial Excel can show as a date. */
bool jx_serial_to_iso(const char *v, bool date1904, char *out, size_t size);

/* ---- workbook.c ---- */

/* The workbook's worksheets (names, states, parts) without reading their
 * cells, the shared strings or the styles: what the writer needs to find
 * the parts it edits, at a fraction of jx_workbook_open's cost.  Its
 * sheets have no cells. */
jx_error jx_workbook_open_index(const char *path, const jx_limits *limits, jx_workbook **out, jx_diag *diag);

/* ---- worksheet.c ---- */

jx_error jx_worksheet_read(jx_workbook *wb, jx_sheet *sh, jx_package *pkg, jx_diag *d);

/* ---- grid.c ---- */

/* Build the row index and merge index of a sheet whose cells and merges
 * are in place (cells sorted). */
jx_error jx_grid_index(jx_sheet *sh, jx_diag *d);
void jx_sheet_release(jx_sheet *sh);

#endif
