/*
 * workbook.c - xl/workbook.xml: its sheets' names and ids are read, and
 * the findings sheet is added as the last <sheet> of <sheets>.
 *
 * Invariants: nothing but the added <sheet> changes; sheet positions
 * (which defined names' localSheetId and the active tab refer to) stay,
 * since the new sheet comes after all of them.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct book_walk {
    jxw_book *book;
    jx_arena *arena;
} book_walk;

static void scan_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    book_walk *w = ud;
    jxw_book *b = w->book;
    const char *local = jxw_local(name);
    if (jxw_xedit_depth(x) == 1) {
        jxw_prefix(name, b->prefix, sizeof b->prefix);
        jxw_ns_prefix(atts, JXW_NS_REL, b->rel_prefix, sizeof b->rel_prefix);
        return;
    }
    if (jxw_xedit_depth(x) == 2 && strcmp(local, "sheets") == 0) {
        b->has_sheets = true;
        return;
    }
    if (jxw_xedit_depth(x) != 3 || strcmp(local, "sheet") != 0)
        return;
    const char *id = jxw_attr(atts, "sheetId"), *sname = jxw_attr(atts, "name");
    if (id) {
        unsigned long v = strtoul(id, NULL, 10);
        if (v > b->max_sheet_id && v < UINT32_MAX)
            b->max_sheet_id = (uint32_t)v;
    }
    if (sname) {
        const char **slot = jx_vec_push(&b->names);
        if (!slot || !(*slot = jx_arena_strdup(w->arena, sname)))
            jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    }
}

jx_error jxw_book_scan(unzFile uf, jxw_book *b, jx_arena *a, jx_diag *d)
{
    static const jxw_xedit_handlers h = {scan_start, NULL, NULL};
    book_walk w = {.book = b, .arena = a};
    jx_error err = jxw_xedit_run(uf, NULL, b->part, &h, &w, d);
    if (!err && !b->has_sheets) {
        jx_diag_set_part(d, b->part);
        err = jx_fail(d, JX_ERR_BAD_VALUE, "the workbook has no <sheets>");
    }
    return err;
}

static void edit_end(jxw_xedit *x, void *ud, const char *name)
{
    const jxw_book *b = ud;
    if (jxw_xedit_depth(x) != 2 || strcmp(jxw_local(name), "sheets") != 0)
        return;
    if (jxw_xedit_tag_len(x) == 0) {
        jxw_xedit_fail(x, JX_ERR_BAD_VALUE, "the workbook's <sheets> is empty");
        return;
    }
    jx_buf s = {0};
    bool ok = jx_buf_printf(&s, "<%ssheet name=\"", b->prefix) && jxw_put(&s, b->add_name, JXW_ATTR) &&
              jx_buf_printf(&s, "\" sheetId=\"%u\" ", b->max_sheet_id + 1) &&
              (b->rel_prefix[0] ? jx_buf_printf(&s, "%s:id=\"%s\"/>", b->rel_prefix, b->add_rid)
                                : jx_buf_printf(&s, "xmlns:r=\"" JXW_NS_REL "\" r:id=\"%s\"/>", b->add_rid));
    if (ok)
        jxw_xedit_insert(x, s.data, s.len);
    else
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    jx_buf_free(&s);
}

jx_error jxw_book_edit(unzFile uf, zipFile zf, const jxw_book *b, jx_diag *d)
{
    static const jxw_xedit_handlers h = {NULL, edit_end, NULL};
    return jxw_xedit_run(uf, zf, b->part, &h, (void *)b, d);
}
