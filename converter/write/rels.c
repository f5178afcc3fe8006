/*
 * rels.c - relationship parts and [Content_Types].xml: read to learn what
 * a part refers to, and added to (new <Relationship>, <Default>,
 * <Override> elements before the closing tag) when the writer adds parts.
 *
 * Targets are resolved by jx_part_resolve, as the reader resolves them:
 * relative to the source part's folder, or from the package root when
 * they start with '/'.  New relationships use absolute targets
 * ("/xl/comments1.xml"), which need no path arithmetic and which Excel,
 * LibreOffice and openpyxl all follow.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>



void jxw_rels_init(jxw_rels *r, const char *source, const char *part)
{
    memset(r, 0, sizeof *r);
    r->source = source;
    r->part = part;
    jx_vec_init(&r->items, sizeof(jxw_rel));
    jx_vec_init(&r->added, sizeof(jxw_rel));
}

void jxw_rels_free(jxw_rels *r)
{
    jx_vec_free(&r->items);
    jx_vec_free(&r->added);
}

typedef struct rels_walk {
    jxw_rels *rels;
    jx_arena *arena;
} rels_walk;

static void rels_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    rels_walk *w = ud;
    if (jxw_xedit_depth(x) == 1) {
        jxw_prefix(name, w->rels->prefix, sizeof w->rels->prefix);
        return;
    }
    if (strcmp(jxw_local(name), "Relationship") != 0)
        return;
    const char *id = jxw_attr(atts, "Id"), *type = jxw_attr(atts, "Type"), *target = jxw_attr(atts, "Target");
    const char *mode = jxw_attr(atts, "TargetMode");
    if (!id)
        return;
    jxw_rel *r = jx_vec_push(&w->rels->items);
    if (!r) {
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    r->id = jx_arena_strdup(w->arena, id);
    r->type = jx_arena_strdup(w->arena, type ? type : "");
    /* an external target is no part: it is kept only for its id */
    r->target = target && !(mode && strcmp(mode, "External") == 0) ? jx_part_resolve(w->arena, w->rels->source, target)
                                                                     : jx_arena_strdup(w->arena, "");
    if (!r->id || !r->type || !r->target)
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
}

jx_error jxw_rels_scan(unzFile uf, jxw_rels *r, jx_arena *a, jx_diag *d)
{
    static const jxw_xedit_handlers h = {rels_start, NULL, NULL};
    rels_walk w = {.rels = r, .arena = a};
    return jxw_xedit_run(uf, NULL, r->part, &h, &w, d);
}

jx_error jxw_rels_scan_stored(unzFile uf, char *const *entries, size_t n, jxw_rels *r, jx_arena *a, jx_diag *d)
{
    const char *stored = jxw_stored(entries, n, r->part);
    if (!stored)
        return JX_OK;
    r->part = stored;
    r->exists = true;
    jx_error err = jxw_locate(uf, stored, d);
    return err ? err : jxw_rels_scan(uf, r, a, d);
}

jx_error jxw_find_book(unzFile uf, char *const *entries, size_t n, jx_arena *a, const char **part, jx_diag *d)
{
    jxw_rels root;
    jxw_rels_init(&root, "", "_rels/.rels");
    jx_error err = jxw_rels_scan_stored(uf, entries, n, &root, a, d);
    const jxw_rel *r = err ? NULL : jxw_rels_by_type(&root, "officeDocument");
    if (!err && !(*part = jxw_stored(entries, n, r ? r->target : "xl/workbook.xml")))
        err = jx_fail(d, JX_ERR_NOT_WORKBOOK, "no workbook part");
    jxw_rels_free(&root);
    return err;
}

static const char *type_tail(const char *type)
{
    const char *slash = strrchr(type, '/');
    return slash ? slash + 1 : type;
}

const jxw_rel *jxw_rels_by_id(const jxw_rels *r, const char *id)
{
    const jxw_rel *items = r->items.data;
    for (size_t i = 0; i < r->items.len; i++)
        if (strcmp(items[i].id, id) == 0)
            return &items[i];
    return NULL;
}

const jxw_rel *jxw_rels_by_type(const jxw_rels *r, const char *tail)
{
    const jxw_rel *items = r->items.data;
    for (size_t i = 0; i < r->items.len; i++)
        if (strcmp(type_tail(items[i].type), tail) == 0)
            return &items[i];
    return NULL;
}

static bool id_taken(const jxw_rels *r, const char *id)
{
    const jxw_rel *added = r->added.data;
    for (size_t i = 0; i < r->added.len; i++)
        if (strcmp(added[i].id, id) == 0)
            return true;
    return jxw_rels_by_id(r, id) != NULL;
}

const char *jxw_rels_add(jxw_rels *r, jx_arena *a, const char *tail, const char *part)
{
    char id[32];
    unsigned long n = r->items.len + r->added.len + 1;
    do
        snprintf(id, sizeof id, "rId%lu", n++);
    while (id_taken(r, id));
    jxw_rel *rel = jx_vec_push(&r->added);
    if (!rel)
        return NULL;
    size_t tn = strlen(JXW_NS_REL) + strlen(tail) + 2;
    char *type = jx_arena_alloc(a, tn);
    char *target = jx_arena_alloc(a, strlen(part) + 2);
    rel->id = jx_arena_strdup(a, id);
    if (!type || !target || !rel->id)
        return NULL;
    snprintf(type, tn, "%s/%s", JXW_NS_REL, tail);
    snprintf(target, strlen(part) + 2, "/%s", part);
    rel->type = type;
    rel->target = target;
    return rel->id;
}

static bool put_added(jx_buf *b, const jxw_rels *r)
{
    const jxw_rel *added = r->added.data;
    bool ok = true;
    for (size_t i = 0; ok && i < r->added.len; i++)
        ok = jx_buf_printf(b, "<%sRelationship Id=\"", r->prefix) && jxw_put(b, added[i].id, JXW_ATTR) &&
             jx_buf_appendz(b, "\" Type=\"") && jxw_put(b, added[i].type, JXW_ATTR) &&
             jx_buf_appendz(b, "\" Target=\"") && jxw_put(b, added[i].target, JXW_ATTR) && jx_buf_appendz(b, "\"/>");
    return ok;
}

/* Put `add` before the root's end tag; an empty root becomes a start tag,
 * `add` and an end tag. */
static void append_to_root(jxw_xedit *x, const char *name, const jx_buf *add, bool start)
{
    uint64_t off = jxw_xedit_tag_off(x), len = jxw_xedit_tag_len(x);
    if (start) {
        const char *raw = jxw_xedit_bytes(x, off);
        if (!raw || !jxw_tag_is_empty(raw, (size_t)len))
            return;
        jx_buf b = {0};
        if (jxw_tag_edit(&b, raw, (size_t)len, NULL, true) && jx_buf_append(&b, add->data, add->len) &&
            jx_buf_printf(&b, "</%s>", name))
            jxw_xedit_replace(x, b.data, b.len);
        else
            jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
        jx_buf_free(&b);
    } else if (len) {
        jxw_xedit_insert(x, add->data, add->len);
    }
}

typedef struct append_walk { const jx_buf *add; } append_walk;

static void append_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    (void)atts;
    if (jxw_xedit_depth(x) == 1)
        append_to_root(x, name, ((append_walk *)ud)->add, true);
}

static void append_end(jxw_xedit *x, void *ud, const char *name)
{
    if (jxw_xedit_depth(x) == 1)
        append_to_root(x, name, ((append_walk *)ud)->add, false);
}

static jx_error append_part(unzFile uf, zipFile zf, const char *part, const jx_buf *add, jx_diag *d)
{
    static const jxw_xedit_handlers h = {append_start, append_end, NULL};
    append_walk w = {.add = add};
    return jxw_xedit_run(uf, zf, part, &h, &w, d);
}

jx_error jxw_rels_edit(unzFile uf, zipFile zf, const jxw_rels *r, jx_diag *d)
{
    jx_buf add = {0};
    if (!put_added(&add, r)) {
        jx_buf_free(&add);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    jx_error err = append_part(uf, zf, r->part, &add, d);
    jx_buf_free(&add);
    return err;
}

bool jxw_rels_new_part(jx_buf *out, const jxw_rels *r)
{
    return jx_buf_appendz(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<Relationships xmlns=\"" JXW_NS_PKG_REL "\">") &&
           put_added(out, r) && jx_buf_appendz(out, "</Relationships>");
}

/* ---- [Content_Types].xml ---- */

typedef struct types_walk {
    jxw_types *types;
    jx_arena *arena;
} types_walk;

static void types_start(jxw_xedit *x, void *ud, const char *name, const char **atts)
{
    types_walk *w = ud;
    if (jxw_xedit_depth(x) == 1) {
        jxw_prefix(name, w->types->prefix, sizeof w->types->prefix);
        w->types->has_root = true;
        return;
    }
    const char *ext = jxw_attr(atts, "Extension");
    if (strcmp(jxw_local(name), "Default") != 0 || !ext)
        return;
    const char **slot = jx_vec_push(&w->types->defaults);
    if (!slot || !(*slot = jx_arena_strdup(w->arena, ext)))
        jxw_xedit_fail(x, JX_ERR_NOMEM, NULL);
}

jx_error jxw_types_scan(unzFile uf, jxw_types *t, jx_arena *a, jx_diag *d)
{
    static const jxw_xedit_handlers h = {types_start, NULL, NULL};
    types_walk w = {.types = t, .arena = a};
    return jxw_xedit_run(uf, NULL, "[Content_Types].xml", &h, &w, d);
}

bool jxw_types_add_default(jxw_types *t, const char *ext, const char *type)
{
    const char **have = t->defaults.data;
    for (size_t i = 0; i < t->defaults.len; i++)
        if (strcasecmp(have[i], ext) == 0)
            return true;
    const char **slot = jx_vec_push(&t->defaults);
    if (!slot)
        return false;
    *slot = ext; /* a literal of the caller's */
    return jx_buf_printf(&t->add, "<%sDefault Extension=\"%s\" ContentType=\"%s\"/>", t->prefix, ext, type);
}

bool jxw_types_add_override(jxw_types *t, const char *part, const char *type)
{
    return jx_buf_printf(&t->add, "<%sOverride PartName=\"/", t->prefix) && jxw_put(&t->add, part, JXW_ATTR) &&
           jx_buf_printf(&t->add, "\" ContentType=\"%s\"/>", type);
}

jx_error jxw_types_edit(unzFile uf, zipFile zf, const jxw_types *t, jx_diag *d)
{
    return append_part(uf, zf, "[Content_Types].xml", &t->add, d);
}
