/*
 * comments.c - a sheet's comments part (xl/commentsN.xml): made new, or,
 * when the sheet has one, added to: the author jixiao joins <authors>, a
 * cell without a comment gets a new <comment>, and a cell with one keeps
 * it and gets the notes as a further paragraph (a run starting with a line
 * break, after the comment's own text).
 *
 * Invariants: no existing comment, author or run is changed or moved; new
 * comments go at the end of <commentList>; the part's prefix is kept.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A run of note text; `lead` starts it on a new line. */
static bool put_run(jx_buf *b, const char *p, const char *text, bool lead)
{
    return jx_buf_printf(b, "<%sr><%srPr><%ssz val=\"9\"/><%srFont val=\"宋体\"/><%scharset val=\"134\"/></%srPr>", p,
                         p, p, p, p, p) &&
           jx_buf_printf(b, "<%st xml:space=\"preserve\">%s", p, lead ? "\n" : "") && jxw_put(b, text, JXW_XSTRING) &&
           jx_buf_printf(b, "</%st></%sr>", p, p);
}

static uint32_t author_id(const jxw_comments *c) { return c->author >= 0 ? (uint32_t)c->author : c->nauthors; }

/* The new <comment> elements: cells that have none. */
static bool put_new_comments(jx_buf *b, const jxw_comments *c)
{
    const char *p = c->prefix;
    bool ok = true;
    for (size_t i = 0; ok && i < c->ncells; i++) {
        const jxw_note_cell *n = &c->cells[i];
        if (n->existing)
            continue;
        char ref[16];
        ok = jx_buf_printf(b, "<%scomment ref=\"%s\" authorId=\"%u\"><%stext>", p, jx_cell_ref(n->row, n->col, ref),
                           author_id(c), p) &&
             put_run(b, p, n->text, false) && jx_buf_printf(b, "</%stext></%scomment>", p, p);
    }
    return ok;
}

static bool put_author(jx_buf *b, const char *p)
{
    return jx_buf_printf(b, "<%sauthor>" JXW_AUTHOR "</%sauthor>", p, p);
}

bool jxw_comments_new_part(jx_buf *out, const jxw_comments *c)
{
    return jx_buf_appendz(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<comments xmlns=\"" JXW_NS_MAIN "\"><authors>") &&
           put_author(out, "") && jx_buf_appendz(out, "</authors><commentList>") && put_new_comments(out, c) &&
           jx_buf_appendz(out, "</commentList></comments>");
}

static jxw_note_cell *cell_of(const jxw_comments *c, const char *ref)
{
    uint32_t row, col;
    if (!ref || !jx_parse_cell_ref(ref, &row, &col))
        return NULL;
    size_t lo = 0, hi = c->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        jxw_note_cell *n = &c->cells[mid];
        if (n->row == row && n->col == col)
            return n;
        if (n->row < row || (n->row == row && n->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- scan: authors, and which cells have a comment ---- */

typedef struct scan_walk {
    jxw_comments *c;
    bool in_author;
    jx_buf author;
} scan_walk;

static void scan_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    scan_walk *w = ud;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 1) {
        jxw_prefix(name, w->c->prefix, sizeof w->c->prefix);
    } else if (depth == 2) {
        w->c->has_authors |= strcmp(local, "authors") == 0;
        w->c->has_list |= strcmp(local, "commentList") == 0;
    } else if (depth == 3 && strcmp(local, "author") == 0) {
        w->in_author = true;
        w->author.len = 0;
    } else if (depth == 3 && strcmp(local, "comment") == 0) {
        jxw_note_cell *n = cell_of(w->c, jxw_attr(atts, "ref"));
        if (n)
            n->existing = true;
    }
}

static void scan_text(jxw_xedit *x, void *ud, const char *s, int len)
{
    scan_walk *w = ud;
    if (w->in_author && !jx_buf_append(&w->author, s, (size_t)len))
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
}

static void scan_end(jxw_xedit *x, void *ud, const char *name)
{
    (void)name;
    scan_walk *w = ud;
    if (!w->in_author || jxw_xedit_depth(x) != 3)
        return;
    w->in_author = false;
    if (w->c->author < 0 && w->author.len == strlen(JXW_AUTHOR) && memcmp(w->author.data, JXW_AUTHOR, w->author.len) == 0)
        w->c->author = w->c->nauthors;
    w->c->nauthors++;
}

jx_error jxw_comments_scan(unzFile uf, jxw_comments *c, jx_diag *d)
{
    static const jxw_xedit_handlers h = {scan_start, scan_end, scan_text};
    c->author = -1;
    c->nauthors = 0;
    scan_walk w = {.c = c};
    jx_error err = jxw_xedit_run(uf, NULL, c->part, &h, &w, d);
    jx_buf_free(&w.author);
    return err;
}

/* ---- edit ---- */

typedef struct edit_walk {
    const jxw_comments *c;
    const jxw_note_cell *cell;  /* the existing comment being read that gets a paragraph */
    bool *done;                 /* per cell: its paragraph is written */
    bool in_text;
} edit_walk;

static void put(jxw_xedit *x, jx_buf *b, bool ok, bool replace)
{
    if (!ok)
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    else if (replace)
        jxw_xedit_replace(x, b->data, b->len);
    else
        jxw_xedit_insert(x, b->data, b->len);
    jx_buf_free(b);
}

/* The empty-element tag being reported, as a start tag. */
static bool opened(jx_buf *b, jxw_xedit *x)
{
    const char *raw = jxw_xedit_bytes(x, jxw_xedit_tag_off(x));
    return raw && jxw_tag_edit(b, raw, (size_t)jxw_xedit_tag_len(x), NULL, true);
}

static bool empty_tag(jxw_xedit *x)
{
    const char *raw = jxw_xedit_bytes(x, jxw_xedit_tag_off(x));
    return raw && jxw_tag_is_empty(raw, (size_t)jxw_xedit_tag_len(x));
}

static void add_paragraph(jxw_xedit *x, edit_walk *w, bool replace_empty, const char *name)
{
    size_t i = (size_t)(w->cell - w->c->cells);
    if (w->done[i])
        return;
    w->done[i] = true;
    jx_buf b = {0};
    bool ok = true;
    if (replace_empty)
        ok = opened(&b, x);
    ok = ok && put_run(&b, w->c->prefix, w->cell->text, true);
    if (replace_empty)
        ok = ok && jx_buf_printf(&b, "</%s>", name);
    put(x, &b, ok, replace_empty);
}

static void edit_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    edit_walk *w = ud;
    const jxw_comments *c = w->c;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    jx_buf b = {0};
    if (depth == 2 && strcmp(local, "authors") == 0 && c->author < 0 && empty_tag(x)) {
        put(x, &b, opened(&b, x) && put_author(&b, c->prefix) && jx_buf_printf(&b, "</%s>", name), true);
    } else if (depth == 2 && strcmp(local, "commentList") == 0) {
        bool ok = true;
        if (!c->has_authors)
            ok = jx_buf_printf(&b, "<%sauthors>", c->prefix) && put_author(&b, c->prefix) &&
                 jx_buf_printf(&b, "</%sauthors>", c->prefix);
        if (empty_tag(x))
            put(x, &b, ok && opened(&b, x) && put_new_comments(&b, c) && jx_buf_printf(&b, "</%s>", name), true);
        else
            put(x, &b, ok, false);
    } else if (depth == 3 && strcmp(local, "comment") == 0) {
        w->cell = cell_of(c, jxw_attr(atts, "ref"));
    } else if (depth == 4 && w->cell && strcmp(local, "text") == 0) {
        w->in_text = true;
        if (empty_tag(x))
            add_paragraph(x, w, true, name);
    } else if (depth == 5 && w->in_text && (strcmp(local, "rPh") == 0 || strcmp(local, "phoneticPr") == 0)) {
        /* the paragraph goes after the text, before its phonetic runs */
        add_paragraph(x, w, false, name);
    }
}

static void edit_end(jxw_xedit *x, void *ud, const char *name)
{
    edit_walk *w = ud;
    const jxw_comments *c = w->c;
    const char *local = jxw_local(name);
    unsigned depth = jxw_xedit_depth(x);
    bool closing = jxw_xedit_tag_len(x) > 0; /* not the end of an empty element */
    jx_buf b = {0};
    if (depth == 4 && w->in_text) {
        w->in_text = false;
        if (closing)
            add_paragraph(x, w, false, name);
    } else if (depth == 3 && strcmp(local, "comment") == 0) {
        w->cell = NULL;
    } else if (depth == 2 && closing && strcmp(local, "authors") == 0 && c->author < 0) {
        put(x, &b, put_author(&b, c->prefix), false);
    } else if (depth == 2 && closing && strcmp(local, "commentList") == 0) {
        put(x, &b, put_new_comments(&b, c), false);
    } else if (depth == 1 && !c->has_list) {
        bool ok = true;
        if (!c->has_authors)
            ok = jx_buf_printf(&b, "<%sauthors>", c->prefix) && put_author(&b, c->prefix) &&
                 jx_buf_printf(&b, "</%sauthors>", c->prefix);
        ok = ok && jx_buf_printf(&b, "<%scommentList>", c->prefix) && put_new_comments(&b, c) &&
             jx_buf_printf(&b, "</%scommentList>", c->prefix);
        if (closing)
            put(x, &b, ok, false);
        else
            jx_buf_free(&b); /* <comments/>: nothing to hold them; the part is broken anyway */
    }
}

jx_error jxw_comments_edit(unzFile uf, zipFile zf, const jxw_comments *c, jx_diag *d)
{
    static const jxw_xedit_handlers h = {edit_start, edit_end, NULL};
    edit_walk w = {.c = c, .done = jx_calloc(c->ncells ? c->ncells : 1, sizeof(bool))};
    if (!w.done)
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    jx_error err = jxw_xedit_run(uf, zf, c->part, &h, &w, d);
    free(w.done);
    return err;
}
