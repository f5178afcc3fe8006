/*
 * sheetcopy.c - one output sheet of a conversion: the template's form
 * sheet streamed through, with rows inserted into its tables, every row
 * reference below an insertion moved down, the planned values written
 * and merged ranges replaced where the tables are.
 *
 * Invariants: the template's bytes go out as they are except the tags
 * that carry a row (rows, cells, formulas, ranges), the cells that get a
 * value, and the <mergeCells> element, which is written whole; rows are
 * written in ascending order (template rows in their order, inserted and
 * new rows before the first template row below them), and cells within
 * a row in ascending column order.  A cell that gets a value keeps its
 * style (s); an inserted row copies its prototype row's tag (height,
 * style) and the cell formats of its cells.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cell format of a prototype row. */
typedef struct proto_cell { uint32_t col; char style[16]; } proto_cell;

typedef struct proto_row {
    uint32_t row;
    jx_buf tag;             /* its <row ...> start tag as written */
    jx_vec cells;           /* proto_cell */
} proto_row;

typedef struct copy_walk {
    const jxc_sheet *s;
    const char *template_sheet;
    bool selected, shifting;
    char prefix[32];
    size_t next_value;      /* values before this are written */
    size_t next_insert;     /* its first ins_done rows are written */
    uint32_t ins_done;
    proto_row *protos;      /* one per insertion */
    /* the template row being copied */
    uint32_t row, out_row, col;
    bool in_row;
    proto_row *capture;     /* the row is a prototype: its cells are noted */
    /* a cell being replaced */
    bool replacing;
    uint64_t cell_end;      /* end of its start tag */
    char cell_style[16];
    const jxc_value *cell_value;
    /* a formula being shifted */
    bool in_f;
    jx_buf ftext;
    /* merged ranges */
    bool in_merges, merges_done;
    uint64_t merges_end;    /* end of the <mergeCells> start tag */
    bool in_row_breaks;
    jx_vec kept;            /* jx_range: the template's, shifted */
    jx_buf tmp;
    /* column widths (<cols>) and the default row height, to fit rows to
     * the text written into them */
    jx_vec widths;          /* col_width */
    double default_width, default_height;
} copy_walk;

typedef struct col_width { uint32_t min, max; double width; } col_width;

static void fail_nomem(jxw_xedit *x) { jxw_xedit_fail(x, JX_ERR_NOMEM, NULL); }

/* ---- new cells and rows ---- */

static bool put_value_cell(jx_buf *b, const char *prefix, uint32_t row, uint32_t col, const char *style,
                           const jxc_value *v)
{
    char ref[16];
    jx_cell_ref(row, col, ref);
    bool ok = jx_buf_printf(b, "<%sc r=\"%s\"", prefix, ref);
    if (ok && style && style[0])
        ok = jx_buf_printf(b, " s=\"%s\"", style);
    if (!v)
        return ok && jx_buf_appendz(b, "/>");
    if (v->number)
        return ok && jx_buf_printf(b, "><%sv>", prefix) && jxw_put(b, v->text, 0) &&
               jx_buf_printf(b, "</%sv></%sc>", prefix, prefix);
    return ok && jx_buf_printf(b, " t=\"inlineStr\"><%sis><%st xml:space=\"preserve\">", prefix, prefix) &&
           jxw_put(b, v->text, JXW_XSTRING) && jx_buf_printf(b, "</%st></%sis></%sc>", prefix, prefix, prefix);
}

static const jxc_value *value_at(copy_walk *w, uint32_t row)
{
    const jxc_sheet *s = w->s;
    return w->next_value < s->nvalues && s->values[w->next_value].row == row ? &s->values[w->next_value] : NULL;
}

/* The values of output row `row` left of column `before` (0: all). */
static bool put_values_before(copy_walk *w, jx_buf *b, uint32_t row, uint32_t before)
{
    bool ok = true;
    const jxc_value *v;
    while (ok && (v = value_at(w, row)) && (!before || v->col < before)) {
        ok = put_value_cell(b, w->prefix, row, v->col, NULL, v);
        w->next_value++;
    }
    return ok;
}

/* ---- row heights ---- */

static double width_of_col(const copy_walk *w, uint32_t col)
{
    const col_width *cw = w->widths.data;
    for (size_t i = 0; i < w->widths.len; i++)
        if (cw[i].min <= col && col <= cw[i].max)
            return cw[i].width;
    return w->default_width;
}

/* Lines a text takes wrapped in `width` characters (a CJK character takes
 * two). */
static unsigned lines_in(const char *s, double width)
{
    double usable = width > 2 ? width - 1 : 1, line = 0;
    unsigned lines = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') {
            lines++;
            line = 0;
            continue;
        }
        if ((*p & 0xC0) == 0x80)
            continue;
        double cw = *p >= 0xE0 ? 2 : 1;
        if (line + cw > usable) {
            lines++;
            line = 0;
        }
        line += cw;
    }
    return lines;
}

/* The height output row `row` needs for the texts planned into it, in
 * points (0: none is wider than its cells). */
static double needed_height(const copy_walk *w, uint32_t row)
{
    double need = 0;
    for (size_t i = w->next_value; i < w->s->nvalues && w->s->values[i].row == row; i++) {
        const jxc_value *v = &w->s->values[i];
        if (v->number || !v->col2)
            continue;
        double width = 0;
        for (uint32_t c = v->col; c <= v->col2 && c - v->col < 64; c++)
            width += width_of_col(w, c);
        unsigned lines = lines_in(v->text, width);
        double h = lines * 14.0 + 4;
        if (lines > 1 && h > need)
            need = h;
    }
    return need > 409 ? 409 : need;
}

/* The row tag's height raised to what its texts need. */
static bool fit_height(copy_walk *w, jx_buf *b, const char *tag, size_t len, uint32_t row, const char *r, bool open)
{
    double need = needed_height(w, row);
    const char *ht = NULL;
    char have[32] = "";
    /* the tag's own ht, if any */
    const char *p = strstr(tag, " ht=\"");
    if (p && (size_t)(p - tag) < len) {
        snprintf(have, sizeof have, "%.*s", (int)strcspn(p + 5, "\""), p + 5);
        ht = have;
    }
    double current = ht ? strtod(ht, NULL) : w->default_height;
    char hbuf[32];
    snprintf(hbuf, sizeof hbuf, "%.1f", need);
    const char *set_fit[] = {"r", r, "ht", hbuf, "customHeight", "1", NULL};
    const char *set_r[] = {"r", r, NULL};
    return jxw_tag_edit(b, tag, len, need > current ? set_fit : set_r, open);
}

/* A row the template does not have at this place: an inserted copy of a
 * prototype row, or a row only values need. */
static bool put_new_row(copy_walk *w, jx_buf *b, uint32_t row, const proto_row *proto)
{
    char r[16];
    snprintf(r, sizeof r, "%u", row);
    bool ok;
    if (proto && proto->tag.len) {
        ok = fit_height(w, b, proto->tag.data, proto->tag.len, row, r, true);
    } else {
        char bare[64];
        snprintf(bare, sizeof bare, "<%srow r=\"%s\">", w->prefix, r);
        ok = fit_height(w, b, bare, strlen(bare), row, r, true);
    }
    const proto_cell *pc = proto ? proto->cells.data : NULL;
    size_t npc = proto ? proto->cells.len : 0, k = 0;
    const jxc_value *v;
    while (ok && (k < npc || value_at(w, row))) {
        v = value_at(w, row);
        if (v && (k >= npc || v->col <= pc[k].col)) {
            bool same = k < npc && v->col == pc[k].col;
            ok = put_value_cell(b, w->prefix, row, v->col, same ? pc[k].style : NULL, v);
            w->next_value++;
            k += same;
        } else {
            ok = put_value_cell(b, w->prefix, row, pc[k].col, pc[k].style, NULL);
            k++;
        }
    }
    return ok && jx_buf_printf(b, "</%srow>", w->prefix);
}

/* Every inserted or new row above output row `limit` not yet written. */
static bool put_rows_before(copy_walk *w, jx_buf *b, uint32_t limit)
{
    const jxc_sheet *s = w->s;
    bool ok = true;
    for (;;) {
        uint32_t ins_row = UINT32_MAX, val_row = UINT32_MAX;
        if (w->next_insert < s->ninserts) {
            const jxc_insert *in = &s->inserts[w->next_insert];
            ins_row = jxw_shift_row(s, in->before) - in->count + w->ins_done;
        }
        if (w->next_value < s->nvalues)
            val_row = s->values[w->next_value].row;
        uint32_t r = ins_row < val_row ? ins_row : val_row;
        if (!ok || r >= limit)
            return ok;
        if (r == ins_row) {
            ok = put_new_row(w, b, r, &w->protos[w->next_insert]);
            if (++w->ins_done == s->inserts[w->next_insert].count) {
                w->next_insert++;
                w->ins_done = 0;
            }
        } else {
            ok = put_new_row(w, b, r, NULL);
        }
    }
}

/* ---- merged ranges ---- */

/* a within b */
static bool inside(const jx_range *a, const jx_range *b)
{
    return a->r1 >= b->r1 && a->r2 <= b->r2 && a->c1 >= b->c1 && a->c2 <= b->c2;
}

static void keep_merge(copy_walk *w, jxw_xedit *x, const char *ref)
{
    jx_range r;
    if (!ref || !jx_parse_range_ref(ref, &r))
        return; /* not a range: nothing Excel would merge either */
    for (size_t i = 0; i < w->s->ndrop; i++)
        if (inside(&r, &w->s->drop[i]))
            return;
    r.r1 = jxw_shift_row(w->s, r.r1);
    r.r2 = jxw_shift_row(w->s, r.r2);
    jx_range *slot = jx_vec_push(&w->kept);
    if (!slot)
        return fail_nomem(x);
    *slot = r;
}

static bool put_merges(copy_walk *w, jx_buf *b)
{
    size_t n = w->kept.len + w->s->nmerges;
    if (!n)
        return true;
    bool ok = jx_buf_printf(b, "<%smergeCells count=\"%zu\">", w->prefix, n);
    const jx_range *kept = w->kept.data;
    for (size_t i = 0; ok && i < n; i++) {
        const jx_range *r = i < w->kept.len ? &kept[i] : &w->s->merges[i - w->kept.len];
        char a[16], z[16];
        ok = jx_buf_printf(b, "<%smergeCell ref=\"%s:%s\"/>", w->prefix, jx_cell_ref(r->r1, r->c1, a),
                           jx_cell_ref(r->r2, r->c2, z));
    }
    return ok && jx_buf_printf(b, "</%smergeCells>", w->prefix);
}

/* Elements that come after <mergeCells> in CT_Worksheet: the merges go
 * before the first of them when the template has none. */
static bool after_merges(const char *local)
{
    static const char *const names[] = {"phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
                                        "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
                                        "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
                                        "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture",
                                        "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(local, names[i]) == 0)
            return true;
    return false;
}

/* ---- tags ---- */


/* Replace attribute `name` (a reference list) with its shifted form. */
static void shift_attr(copy_walk *w, jxw_xedit *x, const char **atts, const char *name)
{
    const char *v = jxw_attr(atts, name);
    if (!v || !w->shifting)
        return;
    jx_buf s = {0};
    if (!jxw_shift_refs(&s, w->s, v)) {
        jx_buf_free(&s);
        return fail_nomem(x);
    }
    const char *set[] = {name, s.data, NULL};
    jxw_xedit_set_attrs(x, set);
    jx_buf_free(&s);
}

static void on_row(copy_walk *w, jxw_xedit *x, const char **atts)
{
    const char *r = jxw_attr(atts, "r");
    uint32_t row = r ? (uint32_t)strtoul(r, NULL, 10) : w->row + 1;
    if (row <= w->row || row > 1048576) {
        jxw_xedit_fail(x, JX_ERR_BAD_VALUE, "rows out of order in the template (row %u)", row);
        return;
    }
    w->row = row;
    w->out_row = jxw_shift_row(w->s, row);
    w->col = 0;
    w->in_row = true;
    w->capture = NULL;
    for (size_t i = 0; i < w->s->ninserts; i++)
        if (w->s->inserts[i].proto == row && !w->protos[i].tag.len) {
            w->capture = &w->protos[i];
            if (!jx_buf_append(&w->capture->tag, jxw_xedit_bytes(x, jxw_xedit_tag_off(x)),
                               (size_t)jxw_xedit_tag_len(x)) ||
                !jx_buf_terminate(&w->capture->tag))
                return fail_nomem(x);
        }
    jx_buf b = {0};
    char rr[16];
    snprintf(rr, sizeof rr, "%u", w->out_row);
    const char *raw = jxw_xedit_bytes(x, jxw_xedit_tag_off(x));
    size_t len = (size_t)jxw_xedit_tag_len(x);
    bool empty = jxw_tag_is_empty(raw, len);
    /* rows above first: they consume their values */
    bool ok = put_rows_before(w, &b, w->out_row);
    /* the tag's text is not NUL-terminated: fit_height reads a copy */
    jx_buf tag = {0};
    ok = ok && jx_buf_append(&tag, raw, len) && jx_buf_terminate(&tag) &&
         fit_height(w, &b, tag.data, len, w->out_row, rr, empty && value_at(w, w->out_row));
    jx_buf_free(&tag);
    if (ok && empty && value_at(w, w->out_row))
        ok = put_values_before(w, &b, w->out_row, 0) && jx_buf_printf(&b, "</%srow>", w->prefix);
    if (ok)
        jxw_xedit_replace(x, b.data, b.len);
    else
        fail_nomem(x);
    jx_buf_free(&b);
}

/* Every other prototype that is this same row shares the first's capture. */
static void share_captures(copy_walk *w)
{
    for (size_t i = 0; i < w->s->ninserts; i++) {
        if (w->protos[i].tag.len || !w->capture || w->s->inserts[i].proto != w->capture->row)
            continue;
        /* copied, not aliased: each proto_row owns its buffers */
        if (!jx_buf_append(&w->protos[i].tag, w->capture->tag.data, w->capture->tag.len) ||
            !jx_buf_terminate(&w->protos[i].tag))
            continue; /* that copy goes without the prototype's format */
        for (size_t k = 0; k < w->capture->cells.len; k++) {
            proto_cell *c = jx_vec_push(&w->protos[i].cells);
            if (c)
                *c = ((proto_cell *)w->capture->cells.data)[k];
        }
    }
}

static void on_cell(copy_walk *w, jxw_xedit *x, const char **atts)
{
    uint32_t row = w->row, col = w->col + 1;
    const char *r = jxw_attr(atts, "r");
    if (r && (!jx_parse_cell_ref(r, &row, &col) || row != w->row)) {
        jxw_xedit_fail(x, JX_ERR_BAD_VALUE, "bad cell reference %s in the template", r);
        return;
    }
    if (col <= w->col) {
        jxw_xedit_fail(x, JX_ERR_BAD_VALUE, "cells out of order in the template (%s)", r ? r : "?");
        return;
    }
    w->col = col;
    const char *style = jxw_attr(atts, "s");
    if (w->capture) {
        proto_cell *pc = jx_vec_push(&w->capture->cells);
        if (!pc)
            return fail_nomem(x);
        pc->col = col;
        snprintf(pc->style, sizeof pc->style, "%s", style ? style : "");
    }
    jx_buf b = {0};
    bool ok = put_values_before(w, &b, w->out_row, col);
    const jxc_value *v = value_at(w, w->out_row);
    if (ok && v && v->col == col) {
        /* this cell gets a value: held back until its end, then rewritten */
        w->replacing = true;
        w->cell_value = v;
        w->next_value++;
        w->cell_end = jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x);
        snprintf(w->cell_style, sizeof w->cell_style, "%s", style ? style : "");
        /* what precedes the cell goes out now (insert copies up to it) */
        jxw_xedit_insert(x, b.data, b.len);
        jxw_xedit_hold(x, jxw_xedit_tag_off(x));
        jx_buf_free(&b);
        return;
    }
    char ref[16];
    jx_cell_ref(w->out_row, col, ref);
    const char *set[] = {"r", ref, NULL};
    const char *raw = jxw_xedit_bytes(x, jxw_xedit_tag_off(x));
    ok = ok && raw && jxw_tag_edit(&b, raw, (size_t)jxw_xedit_tag_len(x), set, false);
    if (ok)
        jxw_xedit_replace(x, b.data, b.len);
    else
        fail_nomem(x);
    jx_buf_free(&b);
}

static void on_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    copy_walk *w = ud;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 1) {
        jxw_prefix(name, w->prefix, sizeof w->prefix);
        return;
    }
    if (w->replacing || w->in_merges) {
        if (w->in_merges && strcmp(local, "mergeCell") == 0)
            keep_merge(w, x, jxw_attr(atts, "ref"));
        return;
    }
    if (depth == 2 && !w->merges_done && (strcmp(local, "mergeCells") == 0 || after_merges(local))) {
        if (strcmp(local, "mergeCells") == 0) {
            /* written whole at its end: the kept ranges and the new */
            w->in_merges = true;
            w->merges_end = jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x);
            jxw_xedit_copy_to(x, jxw_xedit_tag_off(x));
            jxw_xedit_hold(x, jxw_xedit_tag_off(x));
            return;
        }
        w->merges_done = true;
        jx_buf b = {0};
        if (put_merges(w, &b))
            jxw_xedit_insert(x, b.data, b.len);
        else
            fail_nomem(x);
        jx_buf_free(&b);
    }
    if (depth == 2 && strcmp(local, "sheetFormatPr") == 0) {
        const char *dw = jxw_attr(atts, "defaultColWidth"), *dh = jxw_attr(atts, "defaultRowHeight");
        if (dw)
            w->default_width = strtod(dw, NULL);
        if (dh)
            w->default_height = strtod(dh, NULL);
    }
    if (depth == 3 && strcmp(local, "col") == 0) {
        const char *mn = jxw_attr(atts, "min"), *mx = jxw_attr(atts, "max"), *wd = jxw_attr(atts, "width");
        col_width *cw = mn && mx && wd ? jx_vec_push(&w->widths) : NULL;
        if (cw)
            *cw = (col_width){(uint32_t)strtoul(mn, NULL, 10), (uint32_t)strtoul(mx, NULL, 10), strtod(wd, NULL)};
        else if (mn && mx && wd)
            return fail_nomem(x);
    }
    if (depth == 3 && strcmp(local, "row") == 0)
        return on_row(w, x, atts);
    if (depth == 4 && w->in_row && strcmp(local, "c") == 0)
        return on_cell(w, x, atts);
    if (depth == 5 && strcmp(local, "f") == 0 && w->shifting) {
        shift_attr(w, x, atts, "ref");
        if (!jxw_tag_is_empty(jxw_xedit_bytes(x, jxw_xedit_tag_off(x)), (size_t)jxw_xedit_tag_len(x))) {
            w->in_f = true;
            w->ftext.len = 0;
            jxw_xedit_copy_to(x, jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x));
            jxw_xedit_hold(x, jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x));
        }
        return;
    }
    if (strcmp(local, "dimension") == 0 && depth == 2) {
        const char *ref = jxw_attr(atts, "ref");
        jx_range r;
        if (!ref || !jx_parse_range_ref(ref, &r))
            return;
        r.r1 = jxw_shift_row(w->s, r.r1);
        r.r2 = jxw_shift_row(w->s, r.r2);
        for (size_t i = 0; i < w->s->nvalues; i++) {
            if (w->s->values[i].row > r.r2)
                r.r2 = w->s->values[i].row;
            if (w->s->values[i].col > r.c2)
                r.c2 = w->s->values[i].col;
        }
        char a[16], z[16], v[40];
        snprintf(v, sizeof v, "%s:%s", jx_cell_ref(r.r1, r.c1, a), jx_cell_ref(r.r2, r.c2, z));
        const char *set[] = {"ref", v, NULL};
        return jxw_xedit_set_attrs(x, set);
    }
    if (strcmp(local, "sheetView") == 0 && !w->selected && jxw_attr(atts, "tabSelected")) {
        const char *set[] = {"tabSelected", "0", NULL};
        return jxw_xedit_set_attrs(x, set);
    }
    /* ranges of other parts of the sheet move with their rows */
    static const struct { const char *element, *attr; } ranged[] = {
        {"conditionalFormatting", "sqref"}, {"dataValidation", "sqref"}, {"hyperlink", "ref"},
        {"autoFilter", "ref"}, {"ignoredError", "sqref"}, {"protectedRange", "sqref"},
    };
    for (size_t i = 0; i < sizeof ranged / sizeof ranged[0]; i++)
        if (strcmp(local, ranged[i].element) == 0)
            return shift_attr(w, x, atts, ranged[i].attr);
    if (depth == 2 && strcmp(local, "rowBreaks") == 0)
        w->in_row_breaks = true;
    if (depth == 3 && w->in_row_breaks && strcmp(local, "brk") == 0 && w->shifting) {
        /* a row break's id is a row (a column break's, in colBreaks, a column) */
        const char *id = jxw_attr(atts, "id");
        if (!id)
            return;
        char v[16];
        snprintf(v, sizeof v, "%u", jxw_shift_row(w->s, (uint32_t)strtoul(id, NULL, 10)));
        const char *set[] = {"id", v, NULL};
        return jxw_xedit_set_attrs(x, set);
    }
}

static void on_text(jxw_xedit *x, void *ud, const char *s, int len)
{
    copy_walk *w = ud;
    if (w->in_f && !jx_buf_append(&w->ftext, s, (size_t)len))
        fail_nomem(x);
}

static void on_end(jxw_xedit *x, void *ud, const char *name)
{
    copy_walk *w = ud;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    jx_buf b = {0};
    bool ok = true;
    if (w->replacing) {
        if (depth != 4 || strcmp(local, "c") != 0)
            return;
        uint64_t end = jxw_xedit_tag_len(x) ? jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x) : w->cell_end;
        ok = put_value_cell(&b, w->prefix, w->out_row, w->cell_value->col, w->cell_style, w->cell_value);
        jxw_xedit_skip_to(x, end);
        jxw_xedit_write(x, b.data, b.len);
        jxw_xedit_release(x);
        w->replacing = false;
    } else if (w->in_merges) {
        if (depth != 2)
            return;
        /* <mergeCells/>: its start tag was the whole element */
        uint64_t end = jxw_xedit_tag_len(x) ? jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x) : w->merges_end;
        ok = put_merges(w, &b);
        jxw_xedit_skip_to(x, end);
        jxw_xedit_write(x, b.data, b.len);
        jxw_xedit_release(x);
        w->in_merges = false;
        w->merges_done = true;
    } else if (w->in_f && depth == 5) {
        w->tmp.len = 0;
        ok = jx_buf_terminate(&w->ftext) &&
             jxw_shift_formula(&w->tmp, w->s, w->ftext.data, w->template_sheet, NULL);
        jxw_xedit_skip_to(x, jxw_xedit_tag_off(x));
        if (ok) {
            ok = jxw_put(&b, w->tmp.data, 0);
            jxw_xedit_write(x, b.data, b.len);
        }
        w->tmp.len = 0;
        jxw_xedit_release(x);
        w->in_f = false;
    } else if (depth == 3 && strcmp(local, "row") == 0) {
        if (w->capture)
            share_captures(w);
        if (jxw_xedit_tag_len(x)) {
            ok = put_values_before(w, &b, w->out_row, 0);
            if (ok && b.len)
                jxw_xedit_insert(x, b.data, b.len);
        }
        w->in_row = false;
        w->capture = NULL;
    } else if (depth == 2 && strcmp(local, "rowBreaks") == 0) {
        w->in_row_breaks = false;
    } else if (depth == 2 && strcmp(local, "sheetData") == 0) {
        if (jxw_xedit_tag_len(x)) {
            ok = put_rows_before(w, &b, UINT32_MAX);
            if (ok && b.len)
                jxw_xedit_insert(x, b.data, b.len);
        } else {
            /* <sheetData/>: opened to hold the new rows */
            ok = jx_buf_printf(&b, "<%ssheetData>", w->prefix) && put_rows_before(w, &b, UINT32_MAX) &&
                 jx_buf_printf(&b, "</%ssheetData>", w->prefix);
            if (ok)
                jxw_xedit_replace(x, b.data, b.len);
        }
    } else if (depth == 1 && !w->merges_done) {
        w->merges_done = true;
        ok = put_merges(w, &b);
        if (ok && b.len)
            jxw_xedit_insert(x, b.data, b.len);
    }
    if (!ok)
        fail_nomem(x);
    jx_buf_free(&b);
}

jx_error jxw_sheet_copy(unzFile uf, zipFile zf, const char *part, const char *template_sheet, const jxc_sheet *s,
                        bool selected, jx_diag *d)
{
    static const jxw_xedit_handlers h = {on_start, on_end, on_text};
    copy_walk w = {.s = s, .template_sheet = template_sheet, .selected = selected,
                   .shifting = s->ninserts > 0};
    jx_vec_init(&w.kept, sizeof(jx_range));
    jx_vec_init(&w.widths, sizeof(col_width));
    w.default_width = 9.0;
    w.default_height = 15.0;
    w.protos = jx_calloc(s->ninserts ? s->ninserts : 1, sizeof *w.protos);
    if (!w.protos)
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    for (size_t i = 0; i < s->ninserts; i++) {
        w.protos[i].row = s->inserts[i].proto;
        jx_vec_init(&w.protos[i].cells, sizeof(proto_cell));
    }
    jx_error err = jxw_xedit_run(uf, zf, part, &h, &w, d);
    for (size_t i = 0; i < s->ninserts; i++) {
        jx_buf_free(&w.protos[i].tag);
        jx_vec_free(&w.protos[i].cells);
    }
    free(w.protos);
    jx_vec_free(&w.kept);
    jx_vec_free(&w.widths);
    jx_buf_free(&w.ftext);
    jx_buf_free(&w.tmp);
    return err;
}
