/*
 * convert.h - the converter's plan (internal): where each model value of a
 * converted form goes in the target's blank template, which rows the
 * template's tables grow by, which cells are merged, and what could not
 * be carried.
 *
 * The plan is made from the same mapping that reads the template: fields
 * are found by their labels on the blank template, tables by their
 * anchors and column headers (mapping/locate.c).  The writer
 * (write/convert.c, write/sheetcopy.c) only follows it.
 *
 * Coordinates: `inserts` and `drop` are in template rows; `values` and
 * `merges` in output rows (after the insertions).
 */
#ifndef JX_CONVERT_H
#define JX_CONVERT_H

#include "common/common.h"
#include "mapping/mapping.h"

/* `count` rows inserted before template row `before`, each a copy of
 * template row `proto` (its style, height and cell formats). */
typedef struct jxc_insert { uint32_t before, count, proto; } jxc_insert;

/* Template row -> output row, under insertions sorted by `before`: every
 * row at or below an insertion point moves down by the rows inserted
 * there (at most to Excel's last row). */
uint32_t jxc_shift_row(const jxc_insert *ins, size_t n, uint32_t row);

/* A value to write: text as a string cell, or a number.  col2 is the last
 * column of the merged range it shows in (col when none): its row is made
 * high enough for wrapped text to show whole; 0 for a value merged down
 * several rows, which leaves the height alone. */
typedef struct jxc_value { uint32_t row, col; const char *text; bool number; uint32_t col2; } jxc_value;

/* One output sheet: a copy of the template's form sheet, filled. */
typedef struct jxc_sheet {
    const char *name;
    jxc_insert *inserts;  size_t ninserts;   /* sorted by before */
    jxc_value *values;    size_t nvalues;    /* sorted by row, then column; one per cell */
    jx_range *merges;     size_t nmerges;    /* merged ranges to add */
    jx_range *drop;       size_t ndrop;      /* template merges inside these go */
} jxc_sheet;

typedef struct jxc_plan {
    jx_arena arena;
    const jx_mapping *target;
    jxc_sheet *sheets;  size_t nsheets;
    jx_carry *items;    size_t nitems;       /* the conversion report */
    size_t forms;                             /* source forms converted */
} jxc_plan;

/* Plan the conversion of every form of m of the target's kind into the
 * template sheet tsheet (read with the target mapping).  JX_ERR_KIND when
 * the model has no form of that kind. */
jx_error jxc_plan_make(const jx_model *m, const jx_mapping *target, const jx_sheet *tsheet, jx_lang lang,
                       jxc_plan **out, jx_diag *d);
void jxc_plan_free(jxc_plan *p);

#endif
