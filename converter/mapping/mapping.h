/*
 * mapping.h - a template's mapping file, parsed (see docs/mapping.md).
 *
 * A mapping says how to find a form's values on a sheet by labels, never by
 * fixed addresses: fields are "the cell right of (or below) the cell
 * labelled X", tables are found by a header label and their columns by
 * header text, and tables end by a rule.  Everything a county's template
 * needs is data in mappings/<id>.xml; nothing here knows any county.
 *
 * Invariant: a jx_mapping is immutable after parsing and owns all its
 * memory in its arena, so one catalog can serve many threads.
 */
#ifndef JX_MAPPING_H
#define JX_MAPPING_H

#include "common/common.h"

/* Several spellings of one label, e.g. "当年度指标值|年度指标值". */
typedef struct jx_label_spec {
    const char **alts;  /* normalised alternatives */
    const char *raw;    /* as written in the mapping, for messages */
    size_t count;
    jx_match how;
    unsigned nth;       /* 1-based occurrence in row-major order */
} jx_label_spec;

/* Where a field's value sits relative to its label. */
typedef enum jx_take {
    JX_TAKE_RIGHT = 0,   /* the cell right of the label's (merged) cell */
    JX_TAKE_BELOW,       /* the cell below the label's (merged) cell */
    JX_TAKE_SELF,        /* the label cell's own text (titles) */
    JX_TAKE_AFTER_COLON, /* the label cell's text after its first colon */
    JX_TAKE_CROSS        /* the cell in the label's row and col-label's column */
} jx_take;

typedef enum jx_vtype {
    JX_V_TEXT = 0,
    JX_V_MONEY,   /* an amount in the field's unit, kept exactly in 分 */
    JX_V_YEAR,    /* the first year (1900..2199) written in the text */
    JX_V_PERIOD   /* "2023年-2099年": a start and an end year */
} jx_vtype;

/* Model slots a field can fill; JX_SLOT_NONE keeps it only in `fields`. */
typedef enum jx_slot {
    JX_SLOT_NONE = 0,
    JX_SLOT_TITLE, JX_SLOT_YEAR, JX_SLOT_DEPARTMENT, JX_SLOT_UNIT, JX_SLOT_PROJECT,
    JX_SLOT_PERIOD, JX_SLOT_PERIOD_START, JX_SLOT_PERIOD_END,
    JX_SLOT_TOTAL, JX_SLOT_ANNUAL, JX_SLOT_FISCAL, JX_SLOT_OTHER,
    JX_SLOT_GOAL_PERIOD, JX_SLOT_GOAL_ANNUAL,
    JX_SLOT__COUNT
} jx_slot;

typedef struct jx_field_spec {
    jx_slot slot;
    const char *key;       /* key in `fields`/`amounts`; NULL: the label cell's text */
    jx_label_spec label;
    jx_label_spec col_label; /* JX_TAKE_CROSS only */
    jx_take take;
    jx_vtype type;
    int64_t fen_per_unit;  /* money: 100 for 元, 1000000 for 万元 */
    unsigned line;         /* in the mapping file, for messages */
} jx_field_spec;

/* A slot computed from others: total = fiscal + other, for forms that
 * state only the parts. */
typedef struct jx_sum_spec {
    jx_slot slot;
    jx_slot parts[4];
    size_t part_count;
} jx_sum_spec;

/* What a table column holds. */
typedef enum jx_role {
    JX_ROLE_KEY = 0,    /* a plain column of a row table, stored under key */
    JX_ROLE_LEVEL1, JX_ROLE_LEVEL2, JX_ROLE_LEVEL3,
    JX_ROLE_TARGET,     /* a target value; target key in `key` (period, annual) */
    JX_ROLE_YEARS,      /* every header cell that is a year: one target each */
    JX_ROLE_TYPE, JX_ROLE_BASIS, JX_ROLE_CLASS, JX_ROLE_MEASURE,
    JX_ROLE_EXTRA,      /* kept in the indicator's extra list under key */
    /* group columns: a table holding several forms (one per project) */
    JX_ROLE_FORM_CODE, JX_ROLE_FORM_PROJECT, JX_ROLE_FORM_TOTAL, JX_ROLE_FORM_GOAL,
    JX_ROLE__COUNT
} jx_role;

typedef struct jx_column_spec {
    jx_role role;
    const char *key;
    jx_label_spec header;
    int offset;          /* columns right of the header cell's first column */
    jx_vtype type;
    int64_t fen_per_unit;
    unsigned line;
} jx_column_spec;

typedef struct jx_block_spec {
    const char *name;          /* e.g. 中期; NULL: the table's name */
    jx_column_spec *columns;
    size_t column_count;
} jx_block_spec;

typedef struct jx_table_spec {
    const char *name;          /* NULL for indicator tables */
    jx_label_spec anchor;      /* the label that finds the table */
    unsigned window_up, window_down; /* rows around the anchor holding headers */
    jx_column_spec *shared;    /* columns every block uses (金寨's 一级指标) */
    size_t shared_count;
    jx_block_spec *blocks;     /* side-by-side halves; at least one */
    size_t block_count;
    jx_label_spec end;         /* a row holding this label ends the table */
    bool end_blank;            /* a row with every mapped column empty ends it */
    unsigned line;
} jx_table_spec;

struct jx_mapping {
    jx_arena arena;
    const char *id, *kind, *title, *region, *path;
    int64_t fen_per_unit;             /* the template's money unit */
    jx_label_spec *signature;  size_t signature_count;
    jx_label_spec *absent;     size_t absent_count;  /* labels that must not appear */
    jx_field_spec *fields;     size_t field_count;
    jx_sum_spec *sums;         size_t sum_count;
    jx_table_spec *indicator_tables; size_t indicator_table_count;
    jx_table_spec *row_tables; size_t row_table_count;
};

struct jx_catalog {
    jx_mapping **items;
    size_t count;
};

/* Parse one mapping file. */
jx_error jx_mapping_load(const char *path, jx_mapping **out, jx_diag *diag);
/* Parse a mapping from memory (fuzzing, tests); name is for messages. */
jx_error jx_mapping_parse(const char *xml, size_t len, const char *name, jx_mapping **out,
                          jx_diag *diag);
void jx_mapping_free(jx_mapping *m);

/* ---- locating on a sheet (locate.c) ---- */

/* Find a label's cell; returns true and its (top-left) position. */
bool jx_locate_label(const jx_sheet *sh, const jx_label_spec *spec, uint32_t *row, uint32_t *col);
/* True when the normalised text equals/starts with/contains one alternative. */
bool jx_label_matches(const jx_label_spec *spec, const char *norm);

/* A field's value cell, found by its spec; false when the label is absent. */
typedef struct jx_located {
    uint32_t label_row, label_col;
    uint32_t row, col;        /* the value's cell (top-left of its merge) */
    const char *text;         /* NULL when the value cell is empty */
    const char *label_text;   /* the label cell's own text */
} jx_located;
bool jx_locate_field(const jx_sheet *sh, const jx_field_spec *f, jx_located *out);

/* A table's header band and its columns. */
typedef struct jx_table_layout {
    uint32_t anchor_row, anchor_col;
    uint32_t header_top, header_bottom;  /* rows of the header band */
    uint32_t first_row;                  /* first data row */
    /* for each block, for each column: the sheet column (0 = not found);
     * for JX_ROLE_YEARS columns several sheet columns with their keys. */
    uint32_t **cols;       /* [block][column] */
    uint32_t *shared_cols; /* [shared column] */
    struct { uint32_t row, col; const char *key; size_t block; const jx_column_spec *spec; } *years;
    size_t year_count;
    /* role_cols[block * JX_ROLE__COUNT + role]: the sheet column holding a
     * role for a block (its own column, else a shared one; 0 = none) */
    uint32_t *role_cols;
} jx_table_layout;

jx_error jx_locate_table(const jx_sheet *sh, const jx_table_spec *t, jx_arena *a,
                         jx_table_layout *out, bool *found);
/* Whether data row `row` ends the table, is a repeated header, or is data. */
typedef enum jx_row_kind { JX_ROW_DATA = 0, JX_ROW_END, JX_ROW_HEADER } jx_row_kind;
jx_row_kind jx_classify_row(const jx_sheet *sh, const jx_table_spec *t,
                            const jx_table_layout *lay, uint32_t row);

#endif
