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

/* ---- a converted workbook: the form sheet copied once per form ---- */

typedef struct copy_book_walk {
    const jxw_book *book;
    const jxw_book_copy *c;
    size_t sheet_index;      /* <sheet> elements seen */
    bool in_name;            /* a defined name whose text is being held */
    long name_sheet;         /* its localSheetId, or -1 */
    uint64_t name_off;       /* where its start tag begins */
    jx_buf name_tag, text;
} copy_book_walk;

static void fail_mem(jxw_xedit *x) { jxw_xedit_fail(x, JX_ERR_NOMEM, NULL); }

static void copy_book_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    copy_book_walk *w = ud;
    const jxw_book_copy *c = w->c;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    const char *raw = jxw_xedit_bytes(x, jxw_xedit_tag_off(x));
    size_t len = (size_t)jxw_xedit_tag_len(x);
    jx_buf b = {0};
    bool ok = true;
    if (depth == 3 && strcmp(local, "sheet") == 0) {
        if (w->sheet_index++ != c->index)
            return;
        char rid_attr[48];
        snprintf(rid_attr, sizeof rid_attr, "%s:id", w->book->rel_prefix[0] ? w->book->rel_prefix : "r");
        for (size_t i = 0; ok && i < c->ncopies; i++) {
            char id[16];
            snprintf(id, sizeof id, "%u", w->book->max_sheet_id + (uint32_t)i);
            const char *set[] = {"name", c->names[i], rid_attr, c->rids[i], i ? "sheetId" : NULL, id, NULL};
            ok = jxw_tag_edit(&b, raw, len, set, false);
        }
        if (ok)
            jxw_xedit_replace(x, b.data, b.len);
    } else if (depth == 3 && strcmp(local, "definedName") == 0) {
        const char *ls = jxw_attr(atts, "localSheetId");
        w->name_sheet = ls ? strtol(ls, NULL, 10) : -1;
        if (w->name_sheet > (long)c->index) {
            char v[24];
            snprintf(v, sizeof v, "%ld", w->name_sheet + (long)c->ncopies - 1);
            const char *set[] = {"localSheetId", v, NULL};
            jxw_xedit_set_attrs(x, set);
            w->name_sheet = -2; /* another sheet's: its text stays */
        } else if (!jxw_tag_is_empty(raw, len)) {
            /* held: written again per copy at its end */
            w->in_name = true;
            w->name_off = jxw_xedit_tag_off(x);
            w->name_tag.len = w->text.len = 0;
            ok = jx_buf_append(&w->name_tag, raw, len);
            jxw_xedit_copy_to(x, w->name_off);
            jxw_xedit_hold(x, w->name_off);
        }
    } else if (depth == 3 && strcmp(local, "workbookView") == 0) {
        const char *tab = jxw_attr(atts, "activeTab");
        long t = tab ? strtol(tab, NULL, 10) : 0;
        if (t > (long)c->index) {
            char v[24];
            snprintf(v, sizeof v, "%ld", t + (long)c->ncopies - 1);
            const char *set[] = {"activeTab", v, NULL};
            jxw_xedit_set_attrs(x, set);
        }
    }
    if (!ok)
        fail_mem(x);
    jx_buf_free(&b);
}

static void copy_book_text(jxw_xedit *x, void *ud, const char *s, int len)
{
    copy_book_walk *w = ud;
    if (w->in_name && !jx_buf_append(&w->text, s, (size_t)len))
        fail_mem(x);
}

/* One defined name for copy i (its sheet's rows and name). */
static bool put_name(jx_buf *b, copy_book_walk *w, jxw_xedit *x, size_t i, bool local)
{
    const jxw_book_copy *c = w->c;
    char id[16];
    snprintf(id, sizeof id, "%zu", c->index + i);
    const char *set[] = {"localSheetId", id, NULL};
    jx_buf f = {0};
    bool ok = jxw_tag_edit(b, w->name_tag.data, w->name_tag.len, local ? set : NULL, false) &&
              jx_buf_terminate(&w->text) &&
              jxw_shift_formula(&f, c->plans[i], w->text.data ? w->text.data : "", c->template_name, c->names[i]) &&
              jxw_put(b, f.data, 0);
    jx_buf_free(&f);
    (void)x;
    return ok;
}

static void copy_book_end(jxw_xedit *x, void *ud, const char *name)
{
    copy_book_walk *w = ud;
    const jxw_book_copy *c = w->c;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    jx_buf b = {0};
    bool ok = true;
    if (depth == 2 && strcmp(local, "sheets") == 0 && c->notes_name) {
        char id[16], rid_attr[48];
        snprintf(id, sizeof id, "%u", w->book->max_sheet_id + (uint32_t)c->ncopies);
        snprintf(rid_attr, sizeof rid_attr, "%s:id", w->book->rel_prefix[0] ? w->book->rel_prefix : "r");
        ok = jx_buf_printf(&b, "<%ssheet name=\"", w->book->prefix) && jxw_put(&b, c->notes_name, JXW_ATTR) &&
             jx_buf_printf(&b, "\" sheetId=\"%s\" ", id) &&
             (w->book->rel_prefix[0] ? jx_buf_printf(&b, "%s=\"%s\"/>", rid_attr, c->notes_rid)
                                     : jx_buf_printf(&b, "xmlns:r=\"" JXW_NS_REL "\" r:id=\"%s\"/>", c->notes_rid));
        if (ok)
            jxw_xedit_insert(x, b.data, b.len);
    } else if (depth == 3 && strcmp(local, "definedName") == 0 && w->in_name) {
        /* the name's text: once per copy when it belongs to the form
         * sheet, else once, with the form sheet's references shifted */
        char end[64];
        snprintf(end, sizeof end, "</%s>", name);
        bool local_name = w->name_sheet == (long)c->index;
        size_t copies = local_name ? c->ncopies : 1;
        for (size_t i = 0; ok && i < copies; i++)
            ok = put_name(&b, w, x, i, local_name) && jx_buf_appendz(&b, end);
        jxw_xedit_skip_to(x, jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x));
        jxw_xedit_write(x, b.data, b.len);
        jxw_xedit_release(x);
        w->in_name = false;
    }
    if (!ok)
        fail_mem(x);
    jx_buf_free(&b);
}

jx_error jxw_book_convert(unzFile uf, zipFile zf, const jxw_book *b, const jxw_book_copy *c, jx_diag *d)
{
    static const jxw_xedit_handlers h = {copy_book_start, copy_book_end, copy_book_text};
    copy_book_walk w = {.book = b, .c = c};
    jx_error err = jxw_xedit_run(uf, zf, b->part, &h, &w, d);
    jx_buf_free(&w.name_tag);
    jx_buf_free(&w.text);
    return err;
}
