/*
 * worksheet.c - a sheet part, changed cell by cell: a patched cell gets a
 * new value (its <c> element rewritten: the original attributes but t, in
 * order, then the new content), a highlighted cell a new style (only its
 * s attribute changes; its content bytes stay), and a sheet that gets
 * comments a <legacyDrawing> where CT_Worksheet's sequence wants it.
 *
 * Invariants: cells are found as the reader finds them (rows and cells
 * without r count on from the previous one); everything outside the
 * changed <c> elements and the added element is written as it came; a
 * <c> being replaced is the only input held back.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

jxw_cell *jxw_sheet_cell(const jxw_sheet *s, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = s->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        jxw_cell *c = &s->cells[mid];
        if (c->row == row && c->col == col)
            return c;
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Where the walk is: depth of <sheetData>, the current row and column. */
typedef struct walk {
    jxw_sheet *sheet;
    jx_arena *arena;
    unsigned data_depth;     /* depth of <sheetData>, 0 outside */
    uint32_t row, col;
    jxw_cell *cell;          /* the changed cell being read */
    unsigned cell_depth;
    uint64_t cell_start_end; /* end of its start tag */
    /* edit */
    bool legacy_done;
    jx_buf tag;              /* the rebuilt start tag of a patched cell */
    char cell_prefix[32];
} walk;

/* Follow rows and cells; returns the changed cell at a <c>, or NULL. */
static jxw_cell *track(jxw_xedit *x, walk *w, const char *local, const char **atts)
{
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 2 && strcmp(local, "sheetData") == 0) {
        w->data_depth = depth;
        return NULL;
    }
    if (!w->data_depth)
        return NULL;
    if (depth == w->data_depth + 1 && strcmp(local, "row") == 0) {
        const char *r = jxw_attr(atts, "r");
        w->row = r ? (uint32_t)strtoul(r, NULL, 10) : w->row + 1;
        w->col = 0;
        return NULL;
    }
    if (depth != w->data_depth + 2 || strcmp(local, "c") != 0)
        return NULL;
    const char *ref = jxw_attr(atts, "r");
    uint32_t r = w->row, c = w->col + 1;
    if (ref && !jx_parse_cell_ref(ref, &r, &c)) {
        jxw_xedit_fail(x, JX_ERR_BAD_VALUE, "bad cell reference");
        return NULL;
    }
    w->row = r;
    w->col = c;
    return jxw_sheet_cell(w->sheet, r, c);
}

/* ---- scan: which changed cells exist, their styles, their formulas ---- */

static void scan_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    walk *w = ud;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 1) {
        jxw_prefix(name, w->sheet->prefix, sizeof w->sheet->prefix);
        jxw_ns_prefix(atts, JXW_NS_REL, w->sheet->rel_prefix, sizeof w->sheet->rel_prefix);
        return;
    }
    if (w->cell) {
        if (strcmp(local, "f") == 0)
            w->cell->formula = true;
        return;
    }
    if (depth == 2 && strcmp(local, "legacyDrawing") == 0) {
        for (size_t i = 0; atts[i]; i += 2)
            if (strcmp(jxw_local(atts[i]), "id") == 0 && atts[i] != jxw_local(atts[i]))
                w->sheet->legacy_rid = jx_arena_strdup(w->arena, atts[i + 1]);
        if (!w->sheet->legacy_rid)
            jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    jxw_cell *c = track(x, w, local, atts);
    if (!c)
        return;
    const char *s = jxw_attr(atts, "s");
    c->present = true;
    c->style = s ? (uint32_t)strtoul(s, NULL, 10) : 0;
    w->cell = c;
    w->cell_depth = depth;
}

static void scan_end(jxw_xedit *x, void *ud, const char *name)
{
    (void)name;
    walk *w = ud;
    if (w->cell && jxw_xedit_depth(x) == w->cell_depth)
        w->cell = NULL;
    if (w->data_depth == jxw_xedit_depth(x))
        w->data_depth = 0;
}

jx_error jxw_sheet_scan(unzFile uf, jxw_sheet *s, jx_arena *a, jx_diag *d)
{
    static const jxw_xedit_handlers h = {scan_start, scan_end, NULL};
    walk w = {.sheet = s, .arena = a};
    return jxw_xedit_run(uf, NULL, s->part, &h, &w, d);
}

/* ---- edit ---- */

/* Elements CT_Worksheet puts after <legacyDrawing> (mc:AlternateContent
 * wraps oleObjects and controls). */
static bool after_legacy_drawing(const char *local)
{
    static const char *const names[] = {"legacyDrawingHF", "drawingHF", "picture",  "oleObjects", "controls",
                                        "webPublishItems", "tableParts", "extLst", "AlternateContent"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(local, names[i]) == 0)
            return true;
    return false;
}

static void put_legacy_drawing(jxw_xedit *x, walk *w)
{
    const jxw_sheet *s = w->sheet;
    jx_buf b = {0};
    bool ok = s->rel_prefix[0] ? jx_buf_printf(&b, "<%slegacyDrawing %s:id=\"%s\"/>", s->prefix, s->rel_prefix,
                                               s->add_legacy_rid)
                               : jx_buf_printf(&b, "<%slegacyDrawing xmlns:r=\"" JXW_NS_REL "\" r:id=\"%s\"/>",
                                               s->prefix, s->add_legacy_rid);
    if (ok)
        jxw_xedit_insert(x, b.data, b.len);
    else
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    jx_buf_free(&b);
    w->legacy_done = true;
}

/* The new <c> of a patched cell: the original start tag's attributes (t
 * dropped; s changed when it is highlighted), the new type and content,
 * in the producer's namespace prefix. */
static void put_patched_cell(jxw_xedit *x, walk *w, uint64_t end)
{
    const jxw_cell *c = w->cell;
    const jx_patch *p = c->patch;
    const char *pre = w->cell_prefix;
    jx_buf out = {0};
    bool ok = jx_buf_append(&out, w->tag.data, w->tag.len);
    if (p->as_number)
        ok = ok && jx_buf_printf(&out, "><%sv>", pre) && jxw_put(&out, p->text, 0) &&
             jx_buf_printf(&out, "</%sv></%sc>", pre, pre);
    else
        ok = ok && jx_buf_printf(&out, " t=\"inlineStr\"><%sis><%st xml:space=\"preserve\">", pre, pre) &&
             jxw_put(&out, p->text, JXW_XSTRING) && jx_buf_printf(&out, "</%st></%sis></%sc>", pre, pre, pre);
    if (!ok) {
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    } else {
        jxw_xedit_write(x, out.data, out.len);
        jxw_xedit_skip_to(x, end);
    }
    jx_buf_free(&out);
}

static bool restyled(const jxw_cell *c) { return c->mark != JXW_MARK_NONE; }

static void edit_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    walk *w = ud;
    if (w->cell)
        return;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 2 && w->sheet->add_legacy_rid && !w->legacy_done && after_legacy_drawing(local))
        put_legacy_drawing(x, w);
    jxw_cell *c = track(x, w, local, atts);
    if (!c)
        return;
    char style[16];
    snprintf(style, sizeof style, "%u", c->new_style);
    if (c->patch && !c->formula) {
        /* replaced whole at its end: hold it back from here */
        w->cell = c;
        w->cell_depth = depth;
        w->cell_start_end = jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x);
        jxw_xedit_copy_to(x, jxw_xedit_tag_off(x));
        jxw_xedit_hold(x, jxw_xedit_tag_off(x));
        jxw_prefix(name, w->cell_prefix, sizeof w->cell_prefix);
        w->tag.len = 0;
        bool ok = jx_buf_printf(&w->tag, "<%s", name);
        bool s_done = false;
        for (size_t i = 0; ok && atts[i]; i += 2) {
            if (strcmp(atts[i], "t") == 0)
                continue;
            const char *v = atts[i + 1];
            if (strcmp(atts[i], "s") == 0 && restyled(c)) {
                v = style;
                s_done = true;
            }
            ok = jx_buf_printf(&w->tag, " %s=\"", atts[i]) && jxw_put(&w->tag, v, JXW_ATTR) &&
                 jx_buf_appendz(&w->tag, "\"");
        }
        if (ok && restyled(c) && !s_done)
            ok = jx_buf_printf(&w->tag, " s=\"%s\"", style);
        if (!ok)
            jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    if (restyled(c)) {
        /* only the start tag's s changes */
        const char *set[] = {"s", style, NULL};
        jxw_xedit_set_attrs(x, set);
    }
}

static void edit_end(jxw_xedit *x, void *ud, const char *name)
{
    (void)name;
    walk *w = ud;
    unsigned depth = jxw_xedit_depth(x);
    if (w->cell) {
        if (depth != w->cell_depth)
            return;
        /* <c .../>: the element ends with its start tag */
        uint64_t stop = jxw_xedit_tag_len(x) == 0 ? w->cell_start_end : jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x);
        jxw_xedit_release(x);
        put_patched_cell(x, w, stop);
        w->cell = NULL;
        return;
    }
    if (w->data_depth == depth)
        w->data_depth = 0;
    if (depth == 1 && w->sheet->add_legacy_rid && !w->legacy_done)
        put_legacy_drawing(x, w);
}

jx_error jxw_sheet_edit(unzFile uf, zipFile zf, const jxw_sheet *s, jx_diag *d)
{
    static const jxw_xedit_handlers h = {edit_start, edit_end, NULL};
    walk w = {.sheet = (jxw_sheet *)s};
    jx_error err = jxw_xedit_run(uf, zf, s->part, &h, &w, d);
    jx_buf_free(&w.tag);
    return err;
}
