/*
 * jixiao.h - the one public header of libjixiao.
 *
 * libjixiao reads filled budget performance target tables (绩效目标表) from
 * .xlsx workbooks, recognises which county template each sheet follows, and
 * maps the sheet through a declarative mapping file to one indicator model.
 *
 * Data flows one way:
 *   xlsx package -> sheet grid -> mapping -> model -> (rules -> fixes -> writer)
 *
 * Conventions kept by every function here:
 *   - No global mutable state: every call works on the objects passed in, so
 *     independent workbooks may be processed on independent threads.
 *   - Every fallible call returns a jx_error; JX_OK is zero.  When a jx_diag
 *     is passed, it is filled with where the failure happened (file, part,
 *     line, sheet, cell) so that a caller can print one precise line.
 *   - Money is exact: amounts are int64_t 分 (fen, 1/100 yuan), never double.
 *   - Strings are UTF-8 and owned by the object they came from.
 */
#ifndef JIXIAO_H
#define JIXIAO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JX_VERSION "0.1.0"

/* Error codes.  Keep jx_strerror() in converter/common/error.c in step: a
 * unit test walks every value from 0 to JX_ERR__COUNT - 1. */
typedef enum jx_error {
    JX_OK = 0,              /* success */
    JX_ERR_NOMEM,           /* an allocation failed */
    JX_ERR_IO,              /* the file could not be opened, read or written */
    JX_ERR_USAGE,           /* an argument was invalid (API misuse) */
    JX_ERR_EMPTY_FILE,      /* the file has no bytes */
    JX_ERR_NOT_ZIP,         /* not a zip container, so not an .xlsx */
    JX_ERR_ZIP_TRUNCATED,   /* a zip whose end or entries are cut short */
    JX_ERR_ZIP_CORRUPT,     /* a zip entry fails to inflate or its CRC is wrong */
    JX_ERR_ENCRYPTED,       /* a password-protected (OLE2 EncryptedPackage) workbook */
    JX_ERR_LEGACY_XLS,      /* an OLE2 .xls (BIFF) workbook: save as .xlsx first */
    JX_ERR_STRICT_OOXML,    /* ISO 29500 Strict OOXML, which is not supported */
    JX_ERR_NOT_WORKBOOK,    /* a zip, but with no spreadsheet workbook part */
    JX_ERR_MISSING_PART,    /* a part the workbook refers to is absent */
    JX_ERR_LIMIT,           /* a size limit was exceeded (zip bomb, too many cells...) */
    JX_ERR_XML,             /* a part is not well-formed XML */
    JX_ERR_BAD_VALUE,       /* a value in a part breaks the OOXML rules (bad cell ref...) */
    JX_ERR_MAPPING,         /* a mapping file is invalid */
    JX_ERR_NO_MAPPINGS,     /* no mapping file was found in the mapping folder */
    JX_ERR_NOT_FOUND,       /* a looked-up thing (sheet, template id) does not exist */
    JX_ERR_KIND,            /* no form of the kind asked for (convert: project vs department) */
    JX_ERR__COUNT
} jx_error;

typedef enum jx_lang { JX_LANG_ZH = 0, JX_LANG_EN = 1 } jx_lang;

/* A message for an error code, in Chinese or English; never NULL. */
const char *jx_strerror(jx_error err, jx_lang lang);

/* Where a failure happened.  Every field is optional (empty string / 0). */
typedef struct jx_diag {
    jx_error code;
    char file[512];     /* the workbook or mapping file */
    char part[256];     /* the zip entry, e.g. xl/worksheets/sheet1.xml */
    char sheet[128];    /* the sheet name */
    char cell[16];      /* the cell reference, e.g. D12 */
    unsigned long line; /* line within the part (XML errors) */
    char detail[256];   /* extra words, e.g. expat's own message */
} jx_diag;

/* Format a diagnostic as one line (no trailing newline), e.g.
 * "a.xlsx: 不是 xlsx 文件（不是 zip 压缩包）".  Returns buf. */
char *jx_diag_format(const jx_diag *d, jx_lang lang, char *buf, size_t size);

/* Limits that keep hostile workbooks bounded.  jx_limits_default() gives
 * values documented in docs/hardening.md; zero in a field means "default". */
typedef struct jx_limits {
    uint64_t max_part_bytes;     /* inflated size of one zip entry */
    uint64_t max_total_bytes;    /* inflated size of all entries read */
    uint32_t max_ratio;          /* inflated/compressed, checked past 16 MiB */
    uint32_t max_entries;        /* zip entries in the package */
    uint64_t max_cells;          /* cells per sheet */
    uint32_t max_strings;        /* shared strings */
    uint32_t max_string_bytes;   /* bytes in one string */
    uint32_t max_depth;          /* XML element nesting */
    uint32_t max_merges;         /* merged ranges per sheet */
} jx_limits;

jx_limits jx_limits_default(void);

/* ------------------------------------------------------------------ */
/* Workbook and grid (read-only view of a package)                     */
/* ------------------------------------------------------------------ */

typedef struct jx_workbook jx_workbook;
typedef struct jx_sheet jx_sheet;

typedef enum jx_cell_type {
    JX_CELL_EMPTY = 0,  /* present in the XML but without a value */
    JX_CELL_STRING,     /* shared, inline or formula string */
    JX_CELL_NUMBER,     /* text is the number exactly as stored in <v> */
    JX_CELL_BOOL,       /* text is "TRUE" or "FALSE" */
    JX_CELL_ERROR,      /* text is the error, e.g. "#N/A" */
    JX_CELL_DATE        /* a number with a date format; text is ISO 8601 */
} jx_cell_type;

typedef enum jx_sheet_state { JX_SHEET_VISIBLE = 0, JX_SHEET_HIDDEN, JX_SHEET_VERY_HIDDEN } jx_sheet_state;

/* A rectangular range, 1-based inclusive. */
typedef struct jx_range { uint32_t r1, c1, r2, c2; } jx_range;

/* Open and read a whole workbook.  limits may be NULL (defaults). */
jx_error jx_workbook_open(const char *path, const jx_limits *limits,
                          jx_workbook **out, jx_diag *diag);
/* The same from bytes in memory (the caller keeps buf alive until close). */
jx_error jx_workbook_open_mem(const void *buf, size_t len, const char *name,
                              const jx_limits *limits, jx_workbook **out, jx_diag *diag);
void jx_workbook_close(jx_workbook *wb);

const char *jx_workbook_path(const jx_workbook *wb);
size_t jx_workbook_sheet_count(const jx_workbook *wb);
const jx_sheet *jx_workbook_sheet(const jx_workbook *wb, size_t index);

const char *jx_sheet_name(const jx_sheet *sh);
const char *jx_sheet_part(const jx_sheet *sh);     /* zip entry of the sheet */
jx_sheet_state jx_sheet_state_of(const jx_sheet *sh);
uint32_t jx_sheet_max_row(const jx_sheet *sh);
uint32_t jx_sheet_max_col(const jx_sheet *sh);
int jx_sheet_row_hidden(const jx_sheet *sh, uint32_t row);

/* The cell's own value; NULL text when the cell is absent or empty. */
jx_cell_type jx_sheet_cell_type(const jx_sheet *sh, uint32_t row, uint32_t col);
const char *jx_sheet_cell_text(const jx_sheet *sh, uint32_t row, uint32_t col);
/* The value shown at (row, col): a cell inside a merged range shows the
 * range's top-left value. */
const char *jx_sheet_text(const jx_sheet *sh, uint32_t row, uint32_t col);
jx_cell_type jx_sheet_type(const jx_sheet *sh, uint32_t row, uint32_t col);
/* The normalised form (see jx_normalize) of the cell's own text, computed
 * once when the sheet is read; NULL when the cell is absent or empty.  For
 * texts longer than 1 KiB only the first 1 KiB is normalised. */
const char *jx_sheet_norm(const jx_sheet *sh, uint32_t row, uint32_t col);
/* The columns of the cells present in a row, ascending, into cols (at
 * most max); returns how many there are (which may exceed max). */
size_t jx_sheet_row_cols(const jx_sheet *sh, uint32_t row, uint32_t *cols, size_t max);
/* The merged range covering (row, col), or NULL. */
const jx_range *jx_sheet_merge_at(const jx_sheet *sh, uint32_t row, uint32_t col);
size_t jx_sheet_merge_count(const jx_sheet *sh);
const jx_range *jx_sheet_merge(const jx_sheet *sh, size_t index);

/* Label normalisation used by every stage: NFKC (full-width forms become
 * ASCII, U+3000 a space), then all white space removed, then trailing
 * colons removed ("中期资金总额：" labels the same field as "中期资金总额").
 * Used only to compare; values are always kept as written.  Writes at most
 * size-1 bytes plus NUL into out and returns the length it needed. */
size_t jx_normalize(const char *text, char *out, size_t size);

/* Find the nth (1-based) cell, in row-major order, whose normalised text
 * equals (JX_MATCH_EXACT) or starts with (JX_MATCH_PREFIX) or contains
 * (JX_MATCH_CONTAINS) the normalised label.  Returns 1 and sets *row, *col
 * when found. */
typedef enum jx_match { JX_MATCH_EXACT = 0, JX_MATCH_PREFIX, JX_MATCH_CONTAINS } jx_match;
int jx_sheet_find_label(const jx_sheet *sh, const char *label, jx_match how,
                        unsigned nth, uint32_t *row, uint32_t *col);

/* "D12" from (12, 4).  buf needs 16 bytes. */
char *jx_cell_ref(uint32_t row, uint32_t col, char *buf);

/* ------------------------------------------------------------------ */
/* Mappings and template detection                                     */
/* ------------------------------------------------------------------ */

typedef struct jx_catalog jx_catalog;
typedef struct jx_mapping jx_mapping;

/* Load every *.xml mapping file in a folder. */
jx_error jx_catalog_load(const char *dir, jx_catalog **out, jx_diag *diag);
void jx_catalog_free(jx_catalog *cat);
size_t jx_catalog_count(const jx_catalog *cat);
const jx_mapping *jx_catalog_get(const jx_catalog *cat, size_t index);
const jx_mapping *jx_catalog_find(const jx_catalog *cat, const char *id);

const char *jx_mapping_id(const jx_mapping *m);
const char *jx_mapping_title(const jx_mapping *m);
const char *jx_mapping_kind(const jx_mapping *m);     /* project|department|budget */
const char *jx_mapping_region(const jx_mapping *m);   /* e.g. 广东 吴川 */
const char *jx_mapping_path(const jx_mapping *m);

typedef struct jx_detection {
    const jx_mapping *mapping;   /* the matching template, or NULL */
    const jx_mapping *closest;   /* when none matches: the nearest one */
    unsigned matched, required;  /* signature labels found / needed (closest) */
    const char *missing[16];     /* labels of the closest that were not found */
    unsigned missing_count;
} jx_detection;

jx_error jx_detect(const jx_catalog *cat, const jx_sheet *sh, jx_detection *out);

/* ------------------------------------------------------------------ */
/* The indicator model                                                 */
/* ------------------------------------------------------------------ */

/* Where a value came from: a sheet cell (row 0 means "nowhere").  A slot
 * the form has a place for but left empty keeps the place: text NULL (or
 * money not present) with `at` set. */
typedef struct jx_origin { uint32_t row, col; } jx_origin;

typedef struct jx_text { const char *s; jx_origin at; } jx_text;  /* s NULL when absent */

typedef struct jx_money {
    int present;        /* 0: the form has no such figure */
    int64_t fen;        /* exact amount in 分 */
    int from_text;      /* the cell held text, not a number */
    jx_origin at;
} jx_money;

/* A decimal number held exactly: value = digits / 10^scale. */
typedef struct jx_decimal { int64_t digits; int scale; } jx_decimal;

typedef enum jx_op { JX_OP_NONE = 0, JX_OP_GE, JX_OP_LE, JX_OP_GT, JX_OP_LT, JX_OP_EQ } jx_op;

/* A target value as written, and its parse.  A target whose cell the form
 * has but left empty is kept with text NULL (so a finding can point at
 * it); the JSON leaves such targets out. */
typedef struct jx_target {
    const char *key;        /* "period", "annual" or a year such as "2023" */
    const char *text;       /* the cell text exactly as written; NULL: empty */
    jx_op op;               /* JX_OP_NONE when no operator */
    int has_value;          /* 0 for qualitative targets */
    jx_decimal value;
    const char *unit;       /* NULL when none */
    jx_origin at;
} jx_target;

jx_error jx_target_parse(const char *text, jx_target *out, char *unit_buf, size_t unit_size);

typedef struct jx_kv { const char *key; const char *value; jx_origin at; } jx_kv;

/* An amount the form states under its own label (基本支出, 项目支出 ...). */
typedef struct jx_amount { const char *key; jx_money money; } jx_amount;

typedef struct jx_indicator {
    jx_text level1, level2, level3;
    jx_target *targets;  size_t target_count;
    jx_text type, basis, klass, measure;   /* 定量/定性, 指标值确定依据, 指标分类, 度量单位 */
    jx_kv *extra;        size_t extra_count; /* other mapped columns (e.g. 备注) */
    jx_origin at;        /* the 三级指标 cell (or the row's first mapped cell) */
    unsigned lists;      /* bit i: listed in the form's list i (jx_form.list_names) */
} jx_indicator;

/* A row of a department or budget table (年度重点工作任务, 项目支出情况,
 * 专项资金预算汇总表 ...). Money columns are converted to 分. */
typedef struct jx_row_value {
    const char *key;
    const char *text;
    int is_money; jx_money money;
    jx_origin at;
} jx_row_value;
typedef struct jx_row { uint32_t row; jx_row_value *values; size_t count; } jx_row;
typedef struct jx_table { const char *name; jx_row *rows; size_t row_count; } jx_table;

typedef struct jx_form {
    const char *sheet;
    int hidden;                  /* the sheet is hidden in the workbook */
    const char *template_id;
    const char *kind;            /* project | department | budget */
    jx_text title;
    int year;                    /* 0 when the form states none */
    jx_origin year_at;
    jx_text department, unit, project;
    int has_period; int period_start, period_end; jx_origin period_start_at, period_end_at;
    jx_money total, annual, fiscal, other;
    int64_t money_unit;          /* 分 per unit the form states amounts in: 100 元, 1000000 万元 */
    jx_text goal_period, goal_annual;
    /* Where the indicator table starts (its 一级指标 header cell; for 沅江,
     * the project's name cell), for findings about the table as a whole. */
    jx_origin table_at;
    jx_kv *fields;       size_t field_count;     /* the form's own labels */
    jx_amount *amounts;  size_t amount_count;    /* money fields without a slot */
    jx_indicator *indicators; size_t indicator_count;
    /* Templates that list indicators more than once (金寨's 中期 and 年度
     * halves, 广水's 长期 and 年度 tables) name each list; one list: 0. */
    const char **list_names; size_t list_count;
    jx_table *tables;    size_t table_count;
} jx_form;

typedef struct jx_model {
    const char *file;
    jx_form *forms; size_t form_count;
    /* Sheets that matched no template, for reporting. */
    const char **unknown_sheets; size_t unknown_count;
} jx_model;

/* Map every sheet of the workbook to forms.  The model's strings live in
 * the model (it stays valid after the workbook is closed). */
jx_error jx_model_build(const jx_catalog *cat, const jx_workbook *wb,
                        jx_model **out, jx_diag *diag);
void jx_model_free(jx_model *m);

/* Exact money formatting: 4050000 fen -> "40500.00" (yuan). buf >= 32. */
char *jx_money_format(int64_t fen, char *buf);
/* "33, 241. 27" -> 3324127 (in units of 1/100): parses a decimal written
 * with stray spaces and thousands separators; scale says how many fen one
 * unit is (100 for 元, 1000000 for 万元). Rounds half away from zero. */
jx_error jx_money_parse(const char *text, int64_t fen_per_unit, int64_t *fen);

/* Write the model as JSON (the shape in docs/model.md). */
typedef int (*jx_write_fn)(void *ud, const char *data, size_t len);
jx_error jx_model_write_json(const jx_model *m, jx_write_fn write, void *ud);

/* ------------------------------------------------------------------ */
/* Validation                                                          */
/* ------------------------------------------------------------------ */

typedef enum jx_severity { JX_SEV_INFO = 0, JX_SEV_WARNING, JX_SEV_ERROR } jx_severity;

const char *jx_severity_name(jx_severity s);   /* "info", "warning", "error" */

/* One rule of the catalog (docs/rules.md is generated from these). */
typedef struct jx_rule_info {
    const char *id;          /* stable, e.g. "sum.parts" */
    jx_severity severity;    /* the usual severity (a finding may differ) */
    const char *family;      /* arithmetic | structure | values | header */
    const char *title[2];    /* [JX_LANG_ZH], [JX_LANG_EN] */
    const char *explain[2];
    const char *wrong;       /* an example that the rule reports */
    const char *right;       /* the same, correct */
    const char *source;      /* the document or arithmetic it rests on */
} jx_rule_info;

size_t jx_rule_count(void);
const jx_rule_info *jx_rule_get(size_t index);
const jx_rule_info *jx_rule_find(const char *id);

typedef struct jx_finding {
    const char *rule;        /* the rule's id */
    jx_severity severity;
    const char *sheet;
    jx_origin at;            /* the cell a person must change */
    const char *message;     /* in the language asked for */
    const char *fix;         /* the corrected text, or NULL when none is certain */
    const char *text;        /* the cell's text as written, or NULL */
} jx_finding;

typedef struct jx_findings {
    jx_finding *items;
    size_t count;
    size_t errors, warnings, infos;
} jx_findings;

/* Run every rule over the model.  Findings come sorted by form, then row
 * and column, then rule id; messages are in `lang`. */
jx_error jx_validate(const jx_model *m, jx_lang lang, jx_findings **out);
void jx_findings_free(jx_findings *f);

/* {"file": ..., "findings": [...]} as `jixiao validate --json` prints it. */
jx_error jx_findings_write_json(const jx_findings *f, const char *file, jx_write_fn write, void *ud);

/* ------------------------------------------------------------------ */
/* Fixing: patches to cells, written back into the workbook            */
/* ------------------------------------------------------------------ */

/* One cell to change.  `text` is the new value as it should stand in the
 * cell; with as_number the cell becomes a numeric cell holding it. */
typedef struct jx_patch {
    const char *sheet;
    jx_origin at;
    const char *before;      /* the cell's text before, for the report */
    const char *text;
    int as_number;
    const char *rule;        /* the rule whose finding it fixes */
    int skipped;             /* set by jx_write_patched: the cell holds a formula */
} jx_patch;

typedef struct jx_fix_plan {
    jx_patch *patches; size_t count;
    /* findings two rules want to fix differently: left for a person */
    size_t conflicts;
} jx_fix_plan;

/* The patches for every finding that carries an unambiguous fix.  Two
 * findings fixing one cell differently cancel each other (a person
 * decides); two that agree make one patch. */
jx_error jx_fix_plan_make(const jx_findings *f, jx_fix_plan **out);
void jx_fix_plan_free(jx_fix_plan *p);

/* Write `in_path` with the patches applied to `out_path`: every zip entry
 * no patch touches is copied as it is (its compressed bytes, same order,
 * same name); a patched sheet is rewritten by streaming its XML, changing
 * only the patched <c> elements.  The output is written to a temporary
 * file beside out_path and renamed into place, so an interrupted run
 * leaves no half-written file.  With no patches the output is a byte copy
 * of the input.  The input is never modified.  A patched cell that holds a
 * formula is left as it is (its cached value would contradict the
 * formula): its patch is marked `skipped`, and *skipped counts them. */
jx_error jx_write_patched(const char *in_path, jx_patch *patches, size_t count,
                          const char *out_path, size_t *skipped, jx_diag *diag);

/* ------------------------------------------------------------------ */
/* Annotating: the findings shown inside the workbook                  */
/* ------------------------------------------------------------------ */

/* One finding to show: what is left after fixing, or what was fixed. */
typedef struct jx_note {
    const char *sheet;       /* NULL: about the workbook as a whole */
    jx_origin at;            /* row 0: no one cell (no comment, no highlight) */
    const char *rule;
    jx_severity severity;
    const char *message;
    int fixed;               /* 1: the writer changed the cell to `after` */
    const char *before;      /* fixed: the cell's text before, or NULL */
    const char *after;       /* fixed: the text it was changed to */
} jx_note;

typedef struct jx_notes {
    jx_note *items;
    size_t count;
} jx_notes;

/* The notes of a fix run: every finding of `after` (the workbook
 * validated once patched), and every finding of `before` whose fix an
 * applied patch wrote (fixed, in `plan` after the write marked skipped
 * patches).  The notes own their strings. */
jx_error jx_notes_make(const jx_findings *before, const jx_fix_plan *plan, const jx_findings *after,
                       jx_notes **out);
void jx_notes_free(jx_notes *n);

/* What jx_write_annotated did. */
typedef struct jx_annotated {
    size_t skipped;          /* patches left alone: the cell holds a formula */
    size_t listed;           /* notes listed in the findings sheet */
    size_t comments;         /* cells given a comment, or a paragraph in theirs */
    size_t highlighted;      /* cells given a highlight fill */
    char sheet[128];         /* the name of the findings sheet added */
} jx_annotated;

/* jx_write_patched, and the notes shown in the output workbook:
 *   - a cell a note points at gets a comment by the author "jixiao" (its
 *     notes one a line); a cell that has a comment keeps it and gets the
 *     notes as a further paragraph of it;
 *   - it gets a fill, in a new cell format copied from its own (borders,
 *     font, number format and alignment stay): green when every note of
 *     the cell was fixed, yellow when one is left.  A cell the sheet's XML
 *     does not have (an empty cell without a format) gets no fill;
 *   - a sheet (校验结果; 校验结果 (2) ... when that name is taken) added
 *     last lists every note: sheet, cell (a link to it), rule, severity,
 *     message, whether it was fixed and to what.
 * Every part it does not change is copied raw; parts it changes (the
 * patched and annotated sheets, styles, workbook, their relationships,
 * content types, existing comments and drawings) are streamed and changed
 * only where something is added.  Words are in `lang`.  result may be NULL. */
jx_error jx_write_annotated(const char *in_path, jx_patch *patches, size_t count, const jx_note *notes,
                            size_t nnotes, jx_lang lang, const char *out_path, jx_annotated *result,
                            jx_diag *diag);

/* ------------------------------------------------------------------ */
/* Converting: the forms filled into another county's template         */
/* ------------------------------------------------------------------ */

/* What a conversion could not carry, field by field. */
typedef enum jx_carry_kind {
    JX_CARRY_NO_PLACE = 0,    /* the source has it; the target template has no place for it */
    JX_CARRY_NO_SOURCE,       /* the target template asks for it; the source form lacks it */
    JX_CARRY_NOT_CONVERTED    /* a whole form of another kind than the target's */
} jx_carry_kind;

typedef struct jx_carry {
    jx_carry_kind kind;
    const char *sheet;        /* the source form's sheet */
    const char *form;         /* the source form's project (or department), to tell forms apart */
    jx_origin at;             /* NO_PLACE: the source cell */
    const char *field;        /* what it is, in the language asked for ("指标值确定依据", "项目类型") */
    const char *text;         /* NO_PLACE: the value; NOT_CONVERTED: the form's kind */
    const char *out_sheet;    /* NO_SOURCE: the output sheet where it is missing */
    jx_origin out_at;         /* NO_SOURCE: the empty target cell (row 0: a whole column) */
    size_t count;             /* NO_SOURCE of a column: how many rows it is empty in */
} jx_carry;

typedef struct jx_conversion {
    const char *target;       /* the target template id */
    size_t forms;             /* source forms converted */
    const char **sheets;      /* the output's form sheets, in order */
    size_t sheet_count;
    jx_carry *items;          /* sorted by source sheet and cell, NOT_CONVERTED last */
    size_t count;
    const char *notes_sheet;  /* the name of the 转换说明 sheet added */
} jx_conversion;

/* Fill the forms of m into the blank template workbook template_path of
 * target_id and write the result to out_path:
 *   - only forms of the target's kind (project/department/budget) are
 *     converted; the others are listed as not converted; with none of
 *     that kind the result is JX_ERR_KIND;
 *   - a template with one form per sheet gets one copy of its form sheet
 *     per form, named after the project; a template whose indicator table
 *     holds several projects (form.* columns) gets one sheet of row blocks;
 *   - values go by meaning (a 中期 target to the 实施周期/长期 column,
 *     amounts in the target's unit, exactly); tables grow by inserting
 *     rows that copy the template's first data row, shifting what is
 *     below (cells, merges, formulas, defined names, validations);
 *     一级/二级 cells are merged over their rows;
 *   - what could not be carried is in *out and in a last sheet,
 *     转换说明 (Conversion notes).
 * Written to a temporary file beside out_path and renamed into place;
 * the template and the source are never modified.  out may be NULL. */
jx_error jx_convert(const jx_catalog *cat, const jx_model *m, const char *target_id, const char *template_path,
                    jx_lang lang, const char *out_path, jx_conversion **out, jx_diag *diag);
void jx_conversion_free(jx_conversion *c);

/* {"target": ..., "forms": N, "sheets": [...], "items": [...]} as
 * `jixiao convert --json` prints it. */
jx_error jx_conversion_write_json(const jx_conversion *c, jx_write_fn write, void *ud);

/* The kind's name in lang ("无对应位置" / "no place in the target"...). */
const char *jx_carry_kind_name(jx_carry_kind k, jx_lang lang);

/* ------------------------------------------------------------------ */
/* New workbooks: plain tables, such as the batch report               */
/* ------------------------------------------------------------------ */

/* A workbook made from nothing: sheets of one table each, a bold header
 * row (frozen, with an auto-filter over the table) above rows of text
 * and whole numbers; every column as wide as its longest text, within
 * bounds (longer text wraps and its row is made high enough).  Rows are
 * spooled to temporary files as they are added, so memory does not grow
 * with them.  The bytes written depend only on what was added (no
 * timestamps), so the same rows give the same file. */
typedef struct jx_newbook jx_newbook;

/* One cell: text (NULL or "" leaves it empty), or with is_number the
 * whole number `number`.  Text that is not well-formed UTF-8 is written
 * with U+FFFD in place of the bad bytes. */
typedef struct jx_newcell {
    const char *text;
    int64_t number;
    int is_number;
} jx_newcell;

jx_error jx_newbook_create(jx_newbook **out);
void jx_newbook_free(jx_newbook *b);
/* A sheet with its column headings; *index gets its place (0, 1 ...).
 * The name must be a valid sheet name (1 to 31 characters, none of
 * []:*?/\) and unique: else JX_ERR_USAGE. */
jx_error jx_newbook_add_sheet(jx_newbook *b, const char *name, const char *const *headings, size_t ncols,
                              size_t *index);
/* A row of at most ncols cells (fewer: the rest are empty).  A sheet
 * holds at most 1,048,575 rows below its header: JX_ERR_LIMIT past that. */
jx_error jx_newbook_add_row(jx_newbook *b, size_t sheet, const jx_newcell *cells, size_t ncells);
/* Write the workbook to a temporary file beside path, then rename it
 * into place (an existing file keeps its permission bits). */
jx_error jx_newbook_write(jx_newbook *b, const char *path, jx_diag *diag);

/* Copy s into out with each byte that is not part of a well-formed UTF-8
 * sequence, and U+FFFE and U+FFFF (which XML cannot hold), replaced by
 * U+FFFD; at most size-1 bytes plus NUL, cut at a character boundary.
 * Returns the length the whole copy needs (so out may be NULL, size 0). */
size_t jx_utf8_clean(const char *s, char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif
