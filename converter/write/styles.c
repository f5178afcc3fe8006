/*
 * styles.c - xl/styles.xml for annotations: two solid fills (green: every
 * note of the cell was fixed; yellow: one is left), for each highlighted
 * cell format a copy of its <xf> with the fill, and three formats for the
 * findings sheet (a bold header, a link, wrapped text), with the fonts
 * they need.  Everything is added at the end of its container, so no
 * existing index moves; counts are updated.
 *
 * Invariants: a copied <xf> keeps its bytes (font, border, number format,
 * alignment, protection, extensions) but fillId and applyFill; a container
 * a part lacks is added where CT_Stylesheet's sequence wants it, with the
 * entries Excel expects at its head (fill 0 none and 1 gray125, a default
 * font, border, cell format); the part's own prefix is used throughout.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const container_names[JXW_CONTAINERS] = {
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
    "colors",  "extLst"};

/* The containers the annotations need: those added to, and those whose
 * entry 0 the added formats refer to. */
static bool needed(int k) { return k >= JXW_FONTS && k <= JXW_CELLXFS; }

static int container_of(const char *local)
{
    for (int k = 0; k < JXW_CONTAINERS; k++)
        if (strcmp(local, container_names[k]) == 0)
            return k;
    return -1;
}

#define FILL_ATTENTION "FFFFFF99"
#define FILL_FIXED "FFC6EFCE"
#define LINK_COLOR "FF0563C1"
#define FONT_NAME "宋体"

/* ---- scan ---- */

typedef struct scan_walk {
    jxw_styles *st;
    jx_arena *arena;
    int container;          /* the depth-2 container being read, or -1 */
    jxw_xf_copy *capture;   /* first copy of the <xf> being captured */
    uint64_t start, tag_len;
} scan_walk;

static void scan_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    (void)atts;
    scan_walk *w = ud;
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 1) {
        jxw_prefix(name, w->st->prefix, sizeof w->st->prefix);
        return;
    }
    if (depth == 2) {
        w->container = container_of(jxw_local(name));
        if (w->container >= 0)
            w->st->has[w->container] = true;
        return;
    }
    if (depth != 3 || w->container < 0)
        return;
    uint32_t index = w->st->count[w->container]++;
    if (w->container != JXW_CELLXFS)
        return;
    for (size_t i = 0; i < w->st->ncopies; i++)
        if (w->st->copies[i].from == index) {
            w->capture = &w->st->copies[i];
            w->start = jxw_xedit_tag_off(x);
            w->tag_len = jxw_xedit_tag_len(x);
            jxw_xedit_hold(x, w->start);
            break;
        }
}

static void scan_end(jxw_xedit *x, void *ud, const char *name)
{
    (void)name;
    scan_walk *w = ud;
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 2)
        w->container = -1;
    if (depth != 3 || !w->capture)
        return;
    uint64_t end = jxw_xedit_tag_len(x) ? jxw_xedit_tag_off(x) + jxw_xedit_tag_len(x) : w->start + w->tag_len;
    const char *raw = jxw_xedit_bytes(x, w->start);
    char *copy = raw ? jx_arena_strndup(w->arena, raw, (size_t)(end - w->start)) : NULL;
    if (!copy) {
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    /* every copy of this xf (one per mark) */
    uint32_t from = w->capture->from;
    for (jxw_xf_copy *c = w->capture; c < w->st->copies + w->st->ncopies && c->from == from; c++) {
        c->raw = copy;
        c->raw_len = (size_t)(end - w->start);
        c->tag_len = (size_t)w->tag_len;
    }
    w->capture = NULL;
    jxw_xedit_release(x);
}

jx_error jxw_styles_scan(unzFile uf, jxw_styles *st, jx_arena *a, jx_diag *d)
{
    static const jxw_xedit_handlers h = {scan_start, scan_end, NULL};
    scan_walk w = {.st = st, .arena = a, .container = -1};
    return jxw_xedit_run(uf, NULL, st->part, &h, &w, d);
}

/* ---- what is added ---- */

/* Entries a container must start with that it lacks. */
static uint32_t defaults_needed(const jxw_styles *st, int k)
{
    uint32_t have = st->count[k];
    switch (k) {
    case JXW_FILLS: return have < 2 ? 2 - have : 0;
    case JXW_FONTS:
    case JXW_BORDERS:
    case JXW_CELLSTYLEXFS:
    case JXW_CELLXFS: return have ? 0 : 1;
    default: return 0;
    }
}

static uint32_t added(const jxw_styles *st, int k)
{
    switch (k) {
    case JXW_FONTS: return 3;
    case JXW_FILLS: return 2;
    case JXW_CELLXFS: return (uint32_t)st->ncopies + 3;
    default: return 0;
    }
}

void jxw_styles_plan(jxw_styles *st)
{
    st->font_first = st->count[JXW_FONTS] + defaults_needed(st, JXW_FONTS);
    st->fill_first = st->count[JXW_FILLS] + defaults_needed(st, JXW_FILLS);
    st->first_copy = st->count[JXW_CELLXFS] + defaults_needed(st, JXW_CELLXFS);
    st->xf_header = st->first_copy + (uint32_t)st->ncopies;
    st->xf_link = st->xf_header + 1;
    st->xf_body = st->xf_header + 2;
}

static bool put_font(jx_buf *b, const char *p, const char *extra)
{
    return jx_buf_printf(b, "<%sfont>%s<%ssz val=\"11\"/>", p, extra, p) &&
           jx_buf_printf(b, "<%sname val=\"" FONT_NAME "\"/><%sfamily val=\"3\"/><%scharset val=\"134\"/></%sfont>", p,
                         p, p, p);
}

static bool put_fill(jx_buf *b, const char *p, const char *rgb)
{
    return jx_buf_printf(b, "<%sfill><%spatternFill patternType=\"solid\"><%sfgColor rgb=\"%s\"/>", p, p, p, rgb) &&
           jx_buf_printf(b, "<%sbgColor indexed=\"64\"/></%spatternFill></%sfill>", p, p, p);
}

static bool put_copy(jx_buf *b, const jxw_styles *st, const jxw_xf_copy *c)
{
    char fill[16];
    snprintf(fill, sizeof fill, "%u", st->fill_first + (c->mark == JXW_MARK_FIXED ? 1 : 0));
    if (!c->raw)
        return jx_buf_printf(b, "<%sxf numFmtId=\"0\" fontId=\"0\" fillId=\"%s\" borderId=\"0\" xfId=\"0\" "
                                "applyFill=\"1\"/>",
                             st->prefix, fill);
    const char *set[] = {"fillId", fill, "applyFill", "1", NULL};
    return jxw_tag_edit(b, c->raw, c->tag_len, set, false) &&
           jx_buf_append(b, c->raw + c->tag_len, c->raw_len - c->tag_len);
}

/* The entries added to container k: the defaults it lacks, then ours. */
static bool put_children(jx_buf *b, const jxw_styles *st, int k)
{
    const char *p = st->prefix;
    uint32_t defaults = defaults_needed(st, k);
    bool ok = true;
    switch (k) {
    case JXW_FONTS:
        if (defaults)
            ok = put_font(b, p, "");
        for (int i = 0; ok && i < 3; i++) {
            char extra[96];
            if (i == 0)
                snprintf(extra, sizeof extra, "<%sb/>", p);
            else if (i == 1)
                snprintf(extra, sizeof extra, "<%su/><%scolor rgb=\"" LINK_COLOR "\"/>", p, p);
            else
                extra[0] = '\0';
            ok = put_font(b, p, extra);
        }
        break;
    case JXW_FILLS:
        if (defaults == 2)
            ok = jx_buf_printf(b, "<%sfill><%spatternFill patternType=\"none\"/></%sfill>", p, p, p);
        if (ok && defaults >= 1)
            ok = jx_buf_printf(b, "<%sfill><%spatternFill patternType=\"gray125\"/></%sfill>", p, p, p);
        ok = ok && put_fill(b, p, FILL_ATTENTION) && put_fill(b, p, FILL_FIXED);
        break;
    case JXW_BORDERS:
        if (defaults)
            ok = jx_buf_printf(b, "<%sborder><%sleft/><%sright/><%stop/><%sbottom/><%sdiagonal/></%sborder>", p, p, p,
                               p, p, p, p);
        break;
    case JXW_CELLSTYLEXFS:
        if (defaults)
            ok = jx_buf_printf(b, "<%sxf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>", p);
        break;
    case JXW_CELLXFS:
        if (defaults)
            ok = jx_buf_printf(b, "<%sxf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>", p);
        for (size_t i = 0; ok && i < st->ncopies; i++)
            ok = put_copy(b, st, &st->copies[i]);
        /* the findings sheet: header, link, wrapped text */
        ok = ok &&
             jx_buf_printf(b, "<%sxf numFmtId=\"0\" fontId=\"%u\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                              "applyFont=\"1\" applyAlignment=\"1\"><%salignment vertical=\"center\"/></%sxf>",
                           p, st->font_first, p, p) &&
             jx_buf_printf(b, "<%sxf numFmtId=\"0\" fontId=\"%u\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                              "applyFont=\"1\" applyAlignment=\"1\"><%salignment vertical=\"top\"/></%sxf>",
                           p, st->font_first + 1, p, p) &&
             jx_buf_printf(b, "<%sxf numFmtId=\"0\" fontId=\"%u\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                              "applyFont=\"1\" applyAlignment=\"1\"><%salignment vertical=\"top\" wrapText=\"1\"/>"
                              "</%sxf>",
                           p, st->font_first + 2, p, p);
        break;
    default: break;
    }
    return ok;
}

static bool changes(const jxw_styles *st, int k) { return defaults_needed(st, k) + added(st, k) > 0; }

/* A whole container that the part lacks. */
static bool put_container(jx_buf *b, const jxw_styles *st, int k)
{
    uint32_t n = st->count[k] + defaults_needed(st, k) + added(st, k);
    return jx_buf_printf(b, "<%s%s count=\"%u\">", st->prefix, container_names[k], n) && put_children(b, st, k) &&
           jx_buf_printf(b, "</%s%s>", st->prefix, container_names[k]);
}

/* ---- edit ---- */

typedef struct edit_walk {
    const jxw_styles *st;
    int container;          /* the depth-2 container being read, or -1 */
    bool done[JXW_CONTAINERS];
} edit_walk;

/* Add the needed containers the part lacks that come before `before`
 * (JXW_CONTAINERS: all that are left). */
static void put_missing(jxw_xedit *x, edit_walk *w, int before)
{
    jx_buf b = {0};
    bool ok = true;
    for (int k = 0; ok && k < before && k < JXW_CONTAINERS; k++)
        if (needed(k) && !w->st->has[k] && !w->done[k]) {
            ok = put_container(&b, w->st, k);
            w->done[k] = true;
        }
    if (!ok)
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    else if (b.len)
        jxw_xedit_insert(x, b.data, b.len);
    jx_buf_free(&b);
}

static void edit_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    (void)atts;
    edit_walk *w = ud;
    if (jxw_xedit_depth(x) != 2)
        return;
    int k = container_of(jxw_local(name));
    w->container = k;
    if (k < 0)
        return;
    put_missing(x, w, k);
    if (!needed(k) || !changes(w->st, k))
        return;
    /* the count, and for an empty container its entries too */
    const char *raw = jxw_xedit_bytes(x, jxw_xedit_tag_off(x));
    size_t len = (size_t)jxw_xedit_tag_len(x);
    char count[16];
    snprintf(count, sizeof count, "%u", w->st->count[k] + defaults_needed(w->st, k) + added(w->st, k));
    const char *set[] = {"count", count, NULL};
    bool empty = raw && jxw_tag_is_empty(raw, len);
    jx_buf b = {0};
    bool ok = raw && jxw_tag_edit(&b, raw, len, set, true);
    if (ok && empty)
        ok = put_children(&b, w->st, k) && jx_buf_printf(&b, "</%s>", name);
    if (ok)
        jxw_xedit_replace(x, b.data, b.len);
    else
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    jx_buf_free(&b);
}

static void edit_end(jxw_xedit *x, void *ud, const char *name)
{
    (void)name;
    edit_walk *w = ud;
    unsigned depth = jxw_xedit_depth(x);
    if (depth == 1) {
        put_missing(x, w, JXW_CONTAINERS);
        return;
    }
    if (depth != 2 || w->container < 0)
        return;
    int k = w->container;
    w->container = -1;
    if (!needed(k) || !changes(w->st, k) || jxw_xedit_tag_len(x) == 0)
        return;
    jx_buf b = {0};
    if (put_children(&b, w->st, k))
        jxw_xedit_insert(x, b.data, b.len);
    else
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
    jx_buf_free(&b);
}

jx_error jxw_styles_edit(unzFile uf, zipFile zf, const jxw_styles *st, jx_diag *d)
{
    static const jxw_xedit_handlers h = {edit_start, edit_end, NULL};
    edit_walk w = {.st = st, .container = -1};
    return jxw_xedit_run(uf, zf, st->part, &h, &w, d);
}

bool jxw_styles_new_part(jx_buf *out, const jxw_styles *st)
{
    bool ok = jx_buf_appendz(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                  "<styleSheet xmlns=\"" JXW_NS_MAIN "\">");
    for (int k = JXW_FONTS; ok && k <= JXW_CELLXFS; k++)
        ok = put_container(out, st, k);
    return ok && jx_buf_appendz(out, "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
                                     "</cellStyles></styleSheet>");
}
