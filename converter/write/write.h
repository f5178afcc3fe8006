/*
 * write.h - the writer stage (internal): writing a workbook back with some
 * cells changed and, on request, the findings shown inside it.
 *
 * One source file per OOXML part the writer touches:
 *   xmledit.c    the streaming editor every existing part goes through
 *   output.c     the output package: temp file, raw copies, new entries
 *   worksheet.c  a sheet: cell values and styles, <legacyDrawing>
 *   styles.c     xl/styles.xml: the highlight fills, copies of cell formats
 *   comments.c   xl/commentsN.xml, new or added to
 *   vml.c        xl/drawings/vmlDrawingN.vml, the comment boxes Excel shows
 *   rels.c       relationship parts and [Content_Types].xml
 *   workbook.c   xl/workbook.xml: the findings sheet in <sheets>
 *   report.c     the findings sheet (校验结果) itself
 *   patch.c      the job: which parts change how, and the one write pass
 *
 * Invariants kept by every editor: an existing part is streamed, its
 * bytes written as they came except the spans an edit replaces or the
 * points where it inserts; nothing else of the part (attribute order,
 * quotes, white space, namespace prefixes, extension lists) changes.  New
 * parts are small and written whole.  Nothing here knows about rules.
 */
#ifndef JX_WRITE_H
#define JX_WRITE_H

#include "common/common.h"
#include "convert/convert.h"

#include <expat.h>
#include <unzip.h>
#include <zip.h>

#define JXW_NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define JXW_NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define JXW_NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define JXW_NS_TYPES "http://schemas.openxmlformats.org/package/2006/content-types"
#define JXW_CT_SHEET "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
#define JXW_CT_COMMENTS "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
#define JXW_CT_STYLES "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
#define JXW_CT_VML "application/vnd.openxmlformats-officedocument.vmlDrawing"
#define JXW_CT_RELS "application/vnd.openxmlformats-package.relationships+xml"
#define JXW_AUTHOR "jixiao"
#define JXW_CHUNK (64 * 1024)

/* ---- xmledit.c: the streaming editor ----
 *
 * A part is parsed by expat in 64 KiB pieces; its bytes are written to the
 * output as they were, up to the end of the last tag expat reported (a tag
 * cut by a piece's end waits for the next piece).  Handlers see each tag
 * with its byte span and may, before the bytes are written: copy input up
 * to a point, write new bytes there, skip input (the span they replace),
 * or hold input back from a point until they know what to do with it.
 * Without an output (zf NULL) the same walk is a scan: nothing is written.
 * Handlers get expat's names unprocessed ("x:c"): prefixes as written. */
typedef struct jxw_xedit jxw_xedit;
typedef struct jxw_xedit_handlers {
    void (*start)(jxw_xedit *x, void *ud, const char *name, const char **atts); /* may be NULL */
    void (*end)(jxw_xedit *x, void *ud, const char *name);                     /* may be NULL */
    void (*text)(jxw_xedit *x, void *ud, const char *s, int len);          /* may be NULL */
} jxw_xedit_handlers;

/* Stream the current entry of uf (located by the caller) through the
 * handlers, writing to the open entry of zf (NULL: scan).  Refuses parts
 * in UTF-16 or a declared encoding other than UTF-8 (edits are UTF-8) and
 * parts with a DTD (OOXML has none). */
jx_error jxw_xedit_run(unzFile uf, zipFile zf, const char *part, const jxw_xedit_handlers *h, void *ud,
                       jx_diag *d);
/* Element depth of the tag being reported (the root is 1). */
unsigned jxw_xedit_depth(const jxw_xedit *x);
/* The input bytes of the tag being reported; in an end handler a length
 * of 0 means the element was an empty-element tag (<x/>). */
uint64_t jxw_xedit_tag_off(const jxw_xedit *x);
uint64_t jxw_xedit_tag_len(const jxw_xedit *x);
/* Input bytes [off, off+len) not yet written or skipped. */
const char *jxw_xedit_bytes(const jxw_xedit *x, uint64_t off);
void jxw_xedit_copy_to(jxw_xedit *x, uint64_t off);
void jxw_xedit_skip_to(jxw_xedit *x, uint64_t off);
void jxw_xedit_write(jxw_xedit *x, const char *data, size_t len);
void jxw_xedit_hold(jxw_xedit *x, uint64_t off);
void jxw_xedit_release(jxw_xedit *x);
/* Write data just before the tag being reported. */
void jxw_xedit_insert(jxw_xedit *x, const char *data, size_t len);
/* Write data instead of the tag being reported. */
void jxw_xedit_replace(jxw_xedit *x, const char *data, size_t len);
/* Write the tag being reported with attributes set (jxw_tag_edit), in
 * place of itself. */
void jxw_xedit_set_attrs(jxw_xedit *x, const char *const *set);
void jxw_xedit_fail(jxw_xedit *x, jx_error e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The local name of an expat name ("x:c" -> "c"). */
const char *jxw_local(const char *name);
/* The prefix of name with its colon ("x:c" -> "x:", "c" -> "") into buf. */
void jxw_prefix(const char *name, char *buf, size_t size);
/* The value of the attribute named exactly `name`, or NULL. */
const char *jxw_attr(const char **atts, const char *name);
/* The prefix ("r") the attributes declare for namespace uri, into buf;
 * false when none does. */
bool jxw_ns_prefix(const char **atts, const char *uri, char *buf, size_t size);

/* A raw start tag ("<name ...>" or "<name .../>", as written) with
 * attributes set: set is name/value pairs ending in NULL; values are
 * escaped here.  An attribute present keeps its place and quote and gets
 * the new value; one absent is added at the end.  With open, an
 * empty-element tag becomes a start tag ("<x/>" -> "<x>"). */
bool jxw_tag_edit(jx_buf *out, const char *tag, size_t len, const char *const *set, bool open);
bool jxw_tag_is_empty(const char *tag, size_t len);

/* Text for XML: & < > escaped, and in attributes " and white space as
 * character references.  With JXW_XSTRING (cell and comment text) the
 * characters XML 1.0 cannot hold become ST_Xstring escapes (_x000B_) and
 * a literal "_xHHHH_" keeps its meaning (_x005F_xHHHH_). */
enum { JXW_ATTR = 1, JXW_XSTRING = 2 };
bool jxw_put(jx_buf *b, const char *s, unsigned flags);

/* ---- output.c: the output package ---- */

/* A temporary file beside out (so that rename is atomic) with the input's
 * permission bits; NULL on failure (d filled). */
char *jxw_temp_beside(const char *out, const char *in, jx_diag *d);
/* fsync the finished temporary file and rename it into place. */
jx_error jxw_commit(const char *tmp, const char *out, jx_diag *d);
jx_error jxw_copy_bytes(const char *in, const char *out, jx_diag *d);
/* Copy the current entry of uf as it is: its compressed bytes, name,
 * date, attributes and extra field. */
jx_error jxw_copy_raw(unzFile uf, zipFile zf, const char *name, const unz_file_info64 *info, jx_diag *d);
/* Open a deflated entry in zf dated and attributed like `like`. */
jx_error jxw_entry_open(zipFile zf, const char *name, const unz_file_info64 *like, jx_diag *d);
jx_error jxw_entry_close(zipFile zf, const char *name, jx_diag *d);
/* A whole new entry. */
jx_error jxw_add_part(zipFile zf, const char *name, const unz_file_info64 *like, const jx_buf *data, jx_diag *d);
/* The package's entries in order, their names in the arena; *like is
 * the workbook part's info (new entries are dated like it). */
jx_error jxw_list_entries(unzFile uf, jx_arena *a, char ***names, size_t *count, unz_file_info64 *like, jx_diag *d);
/* The stored spelling of a part name (case-insensitive, a leading '/'
 * ignored), or NULL. */
const char *jxw_stored(char *const *names, size_t count, const char *name);
/* Position uf at a stored entry. */
jx_error jxw_locate(unzFile uf, const char *part, jx_diag *d);
/* Read a whole (small) entry into b; it must not exceed max bytes. */
jx_error jxw_read_part(unzFile uf, const char *name, size_t max, jx_buf *b, jx_diag *d);

/* ---- worksheet.c ---- */

/* The highlight a cell gets. */
typedef enum jxw_mark { JXW_MARK_NONE = 0, JXW_MARK_FIXED, JXW_MARK_ATTENTION } jxw_mark;

/* A cell the writer changes: its value (a patch), its style (a highlight),
 * or both. */
typedef struct jxw_cell {
    uint32_t row, col;
    jx_patch *patch;      /* NULL: the value stays */
    jxw_mark mark;
    /* found by the scan */
    bool present;         /* the sheet has a <c> for it */
    bool formula;         /* it holds a formula: its value is not patched */
    uint32_t style;       /* its s */
    /* set by planning */
    uint32_t new_style;   /* the s to give it when marked and present */
} jxw_cell;

typedef struct jxw_sheet {
    const char *name;     /* the sheet's name */
    const char *part;     /* its stored entry name */
    size_t index;         /* its place among the workbook's sheets */
    jxw_cell *cells;      /* sorted by row and column */
    size_t ncells;
    /* found by the scan */
    char prefix[32];      /* the root's element prefix ("x:") */
    char rel_prefix[32];  /* a prefix the root binds to the r namespace, or "" */
    const char *legacy_rid; /* <legacyDrawing r:id>, or NULL */
    /* set by planning: a <legacyDrawing> to add */
    const char *add_legacy_rid;
    struct jxw_comments *comments; /* NULL: no comments to add */
} jxw_sheet;

jxw_cell *jxw_sheet_cell(const jxw_sheet *s, uint32_t row, uint32_t col);
jx_error jxw_sheet_scan(unzFile uf, jxw_sheet *s, jx_arena *a, jx_diag *d);
jx_error jxw_sheet_edit(unzFile uf, zipFile zf, const jxw_sheet *s, jx_diag *d);

/* ---- styles.c ---- */

/* A copy of a cell format with a highlight fill: the <xf> it copies, as
 * written (raw NULL: the part has no such xf; a plain one is used). */
typedef struct jxw_xf_copy {
    uint32_t from;
    jxw_mark mark;
    const char *raw;
    size_t raw_len, tag_len;
} jxw_xf_copy;

/* The containers of a styles part, in CT_Stylesheet's order. */
enum { JXW_NUMFMTS, JXW_FONTS, JXW_FILLS, JXW_BORDERS, JXW_CELLSTYLEXFS, JXW_CELLXFS, JXW_CELLSTYLES,
       JXW_DXFS, JXW_TABLESTYLES, JXW_COLORS, JXW_EXTLST, JXW_CONTAINERS };

typedef struct jxw_styles {
    const char *part;        /* the stored styles part, or the one to create */
    bool exists;
    /* found by the scan */
    char prefix[32];
    bool has[JXW_CONTAINERS];       /* which containers the part has */
    uint32_t count[JXW_CONTAINERS]; /* their children */
    /* what to add: copies sorted by (from, mark) */
    jxw_xf_copy *copies;
    size_t ncopies;
    /* the indices of what is added, set by jxw_styles_plan */
    uint32_t first_copy;     /* the xf of copies[0] */
    uint32_t xf_header, xf_link, xf_body;
    uint32_t fill_first, font_first;
} jxw_styles;

jx_error jxw_styles_scan(unzFile uf, jxw_styles *st, jx_arena *a, jx_diag *d);
void jxw_styles_plan(jxw_styles *st);
jx_error jxw_styles_edit(unzFile uf, zipFile zf, const jxw_styles *st, jx_diag *d);
bool jxw_styles_new_part(jx_buf *out, const jxw_styles *st);

/* ---- comments.c and vml.c ---- */

/* A cell that gets a comment, or a further paragraph in its comment. */
typedef struct jxw_note_cell {
    uint32_t row, col;
    const char *text;       /* its notes, one a line */
    bool existing;          /* it has a comment: the text is added to it */
} jxw_note_cell;

typedef struct jxw_comments {
    jxw_note_cell *cells;   /* sorted by row and column */
    size_t ncells;
    const char *part;       /* the comments part (existing or to create) */
    bool exists;
    const char *vml;        /* the VML drawing (existing or to create), or NULL */
    bool vml_exists;
    /* found by scanning an existing comments part */
    char prefix[32];
    long author;            /* index of the author jixiao; -1: to add */
    uint32_t nauthors;
    bool has_authors, has_list;
    /* VML shape ids: the block of a new drawing; the next id */
    uint32_t idmap_first, idmap_count;
    uint32_t next_shape;
} jxw_comments;

jx_error jxw_comments_scan(unzFile uf, jxw_comments *c, jx_diag *d);
jx_error jxw_comments_edit(unzFile uf, zipFile zf, const jxw_comments *c, jx_diag *d);
bool jxw_comments_new_part(jx_buf *out, const jxw_comments *c);

/* What an existing VML drawing holds: the largest shape id, whether it
 * defines the note shape type, and its idmap blocks. */
typedef struct jxw_vml_info {
    uint32_t max_shape, max_block;
    bool has_type;          /* it defines the note shape type _x0000_t202 */
    bool closed;            /* it ends with </xml> */
    bool root_ns;           /* its root declares the v, o and x prefixes */
} jxw_vml_info;
void jxw_vml_inspect(const char *text, size_t len, jxw_vml_info *info);
bool jxw_vml_new_part(jx_buf *out, const jxw_comments *c);
/* The drawing's text with shapes for the new comments put before its
 * closing </xml>. */
bool jxw_vml_add_shapes(jx_buf *out, const char *text, size_t len, const jxw_comments *c, const jxw_vml_info *info);

/* ---- rels.c ---- */

typedef struct jxw_rel { const char *id, *type, *target; } jxw_rel; /* target: a part name */

typedef struct jxw_rels {
    const char *source;     /* the part they belong to ("" for the package) */
    const char *part;       /* the rels part's name (stored if it exists) */
    bool exists;
    char prefix[32];
    jx_vec items;           /* jxw_rel: those it has */
    jx_vec added;           /* jxw_rel: those to add (target: absolute part name) */
} jxw_rels;

/* Part names of relationships: jx_part_rels and jx_part_resolve
 * (common.h), shared with the reader. */
void jxw_rels_init(jxw_rels *r, const char *source, const char *part);
void jxw_rels_free(jxw_rels *r);
jx_error jxw_rels_scan(unzFile uf, jxw_rels *r, jx_arena *a, jx_diag *d);
/* jxw_rels_scan of r->part when the package stores it (entries as
 * jxw_list_entries lists them); r->part becomes the stored spelling and
 * r->exists is set.  Absent, r stays empty. */
jx_error jxw_rels_scan_stored(unzFile uf, char *const *entries, size_t n, jxw_rels *r, jx_arena *a, jx_diag *d);
/* The workbook part's stored name: the package's officeDocument
 * relationship, else xl/workbook.xml. */
jx_error jxw_find_book(unzFile uf, char *const *entries, size_t n, jx_arena *a, const char **part, jx_diag *d);
const jxw_rel *jxw_rels_by_id(const jxw_rels *r, const char *id);
const jxw_rel *jxw_rels_by_type(const jxw_rels *r, const char *type_tail);
/* Add a relationship of type (its last segment) to part; returns its new
 * unique id, or NULL when out of memory. */
const char *jxw_rels_add(jxw_rels *r, jx_arena *a, const char *type_tail, const char *part);
jx_error jxw_rels_edit(unzFile uf, zipFile zf, const jxw_rels *r, jx_diag *d);
bool jxw_rels_new_part(jx_buf *out, const jxw_rels *r);

typedef struct jxw_types {
    char prefix[32];
    jx_vec defaults;        /* const char *: extensions it has */
    jx_buf add;             /* the <Default>/<Override> elements to add */
    bool has_root;
} jxw_types;

jx_error jxw_types_scan(unzFile uf, jxw_types *t, jx_arena *a, jx_diag *d);
bool jxw_types_add_default(jxw_types *t, const char *ext, const char *type);
bool jxw_types_add_override(jxw_types *t, const char *part, const char *type);
jx_error jxw_types_edit(unzFile uf, zipFile zf, const jxw_types *t, jx_diag *d);

/* ---- workbook.c ---- */

typedef struct jxw_book {
    const char *part;
    char prefix[32], rel_prefix[32];
    uint32_t max_sheet_id;
    jx_vec names;           /* const char *: its sheets' names */
    bool has_sheets;
    /* the sheet to add */
    const char *add_name, *add_rid;
} jxw_book;

jx_error jxw_book_scan(unzFile uf, jxw_book *b, jx_arena *a, jx_diag *d);
jx_error jxw_book_edit(unzFile uf, zipFile zf, const jxw_book *b, jx_diag *d);

/* A converted workbook: the form sheet (the index-th <sheet>) becomes
 * ncopies sheets, the notes sheet comes last; defined names of the form
 * sheet (print titles, print area) are repeated per copy with its rows
 * and name, other sheets' localSheetId and the active tab move along. */
typedef struct jxw_book_copy {
    size_t index;
    const char *template_name;
    size_t ncopies;
    const char **names, **rids;          /* per copy */
    const jxc_sheet *const *plans;       /* per copy: its inserted rows */
    const char *notes_name, *notes_rid;
} jxw_book_copy;
jx_error jxw_book_convert(unzFile uf, zipFile zf, const jxw_book *b, const jxw_book_copy *c, jx_diag *d);

/* ---- report.c: the findings sheet ---- */

typedef struct jxw_row {
    const jx_note *note;
    const char *sheet;      /* NULL when the note names no sheet */
    size_t place;           /* 0: no sheet; else 1 + the sheet's place */
    bool linked;            /* the cell column links to the cell */
} jxw_row;

bool jxw_report_part(jx_buf *out, const jxw_row *rows, size_t n, jx_lang lang, const jxw_styles *st);

/* A sheet that lists rows under a bold, frozen header (the findings and
 * the conversion notes): widths that fit, wrapped rows as high as their
 * text, landscape one page wide, and one column that may link to a
 * cell of another sheet. */
#define JXW_LIST_MAX_COLS 12
typedef struct jxw_list {
    size_t ncols;
    const char *const *headers;
    const size_t *min_w, *max_w;          /* column width bounds, in characters */
    size_t nrows;
    /* the texts of row i; buf holds texts the callback formats */
    void (*row)(const void *ud, size_t i, const char **texts, char (*buf)[32]);
    int link_col;                         /* -1: none */
    bool (*link)(const void *ud, size_t i, const char **sheet, char ref[16]); /* NULL: none */
    const void *ud;
} jxw_list;
bool jxw_list_part(jx_buf *out, const jxw_list *l, const jxw_styles *st);

/* The words the annotations use, in lang. */
const char *jxw_severity_word(jx_severity s, jx_lang lang);
/* One note as a line of a comment. */
bool jxw_note_line(jx_buf *b, const jx_note *n, jx_lang lang);

/* ---- shift.c: rows inserted into a sheet ---- */

/* Template row -> output row under the sheet's insertions. */
uint32_t jxw_shift_row(const jxc_sheet *s, uint32_t row);
uint32_t jxw_shift_total(const jxc_sheet *s);
/* A reference or a space-separated list of them (sqref), shifted, into
 * out (NUL-terminated). */
bool jxw_shift_refs(jx_buf *out, const jxc_sheet *s, const char *refs);
/* A formula with references to its own sheet shifted: unqualified ones and
 * those qualified by `sheet`, which are requalified by `rename` when it is
 * not NULL; references to other sheets and text in quotes stay. */
bool jxw_shift_formula(jx_buf *out, const jxc_sheet *s, const char *f, const char *sheet, const char *rename);

/* ---- sheetcopy.c: a form sheet of the template, filled ---- */

/* Stream the template's form sheet (the current entry of uf) into the open
 * entry of zf as the output sheet s: rows inserted, references shifted,
 * values written, merges dropped and added.  `selected`: whether this
 * copy keeps the template's tabSelected (only one sheet may have it, or
 * Excel opens the workbook with its sheets grouped). */
jx_error jxw_sheet_copy(unzFile uf, zipFile zf, const char *part, const char *template_sheet, const jxc_sheet *s,
                        bool selected, jx_diag *d);

#endif
