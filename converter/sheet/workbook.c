/*
 * workbook.c - the workbook part and the relationships that lead to it
 * and from it: /_rels/.rels -> officeDocument -> xl/workbook.xml, whose
 * own relationships name the worksheets, shared strings and styles.
 *
 * Parts are always found through relationships and their TYPES, never by
 * assuming file names (producers name them as they like); targets are
 * resolved relative to the source part's folder, or from the package root
 * when they start with '/'.  Sheets keep workbook.xml's order and names.
 * Chartsheets, dialogsheets and macrosheets carry no cells and are skipped.
 *
 * Invariants: jx_workbook_open reads everything eagerly and leaves the
 * workbook immutable; on any failure everything allocated is freed and
 * the diagnostic names the file (and the part, sheet, line where known).
 */
#include "sheet/sheet.h"

#include <stdlib.h>
#include <string.h>

#define STRICT_NS "http://purl.oclc.org/ooxml/"

typedef struct rel {
    const char *id, *type, *target; /* target resolved to a part name */
} rel;

typedef struct rels_state {
    jx_arena *arena;
    const char *source; /* the part the relationships belong to */
    jx_vec rels;
} rels_state;

/* The last path segment of a relationship type ("worksheet"). */
static const char *type_tail(const char *type)
{
    const char *slash = strrchr(type, '/');
    return slash ? slash + 1 : type;
}


static int rels_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    rels_state *st = ud;
    if (strcmp(local, "Relationship") != 0)
        return JX_TAG_NONE;
    const char *id = jx_xml_attr(attrs, "Id");
    const char *type = jx_xml_attr(attrs, "Type");
    const char *target = jx_xml_attr(attrs, "Target");
    const char *mode = jx_xml_attr(attrs, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return JX_TAG_NONE;
    if (strncmp(type, STRICT_NS, strlen(STRICT_NS)) == 0) {
        jx_xml_fail(x, JX_ERR_STRICT_OOXML, "relationship type %s", type);
        return JX_TAG_NONE;
    }
    rel *r = jx_vec_push(&st->rels);
    if (!r) {
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
        return JX_TAG_NONE;
    }
    r->id = jx_arena_strdup(st->arena, id);
    r->type = jx_arena_strdup(st->arena, type);
    r->target = jx_part_resolve(st->arena, st->source, target);
    if (!r->id || !r->type || !r->target)
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
    return JX_TAG_NONE;
}

/* Read the relationships part of source (absent: no relationships). */
static jx_error read_rels(jx_package *pkg, jx_arena *a, const char *source, const char *rels_part,
                          jx_vec *out, jx_diag *d)
{
    static const jx_xml_handlers h = {rels_start, NULL, NULL};
    rels_state st = {.arena = a, .source = source};
    jx_vec_init(&st.rels, sizeof(rel));
    jx_error err = JX_OK;
    const char *stored = jx_package_find(pkg, rels_part);
    if (stored)
        err = jx_xml_parse_part(pkg, stored, &h, &st, d);
    *out = st.rels;
    return err;
}

static const rel *find_rel_by_tail(const jx_vec *rels, const char *tail)
{
    const rel *r = rels->data;
    for (size_t i = 0; i < rels->len; i++)
        if (strcmp(type_tail(r[i].type), tail) == 0)
            return &r[i];
    return NULL;
}

static const rel *find_rel_by_id(const jx_vec *rels, const char *id)
{
    const rel *r = rels->data;
    for (size_t i = 0; i < rels->len; i++)
        if (strcmp(r[i].id, id) == 0)
            return &r[i];
    return NULL;
}

/* ---- workbook.xml ---- */

typedef struct sheet_ref {
    const char *name, *rid;
    jx_sheet_state state;
} sheet_ref;

typedef struct wb_state {
    jx_workbook *wb;
    jx_vec sheets; /* sheet_ref */
    bool root_seen;
} wb_state;

static jx_sheet_state parse_state(const char *s)
{
    if (!s)
        return JX_SHEET_VISIBLE;
    if (strcmp(s, "hidden") == 0)
        return JX_SHEET_HIDDEN;
    if (strcmp(s, "veryHidden") == 0)
        return JX_SHEET_VERY_HIDDEN;
    return JX_SHEET_VISIBLE;
}

static int wb_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    wb_state *st = ud;
    if (!st->root_seen) {
        st->root_seen = true;
        if (strncmp(name, STRICT_NS, strlen(STRICT_NS)) == 0) {
            jx_xml_fail(x, JX_ERR_STRICT_OOXML, "namespace %.*s", (int)(local - name - 1), name);
            return JX_TAG_NONE;
        }
        if (strcmp(local, "workbook") != 0)
            jx_xml_fail(x, JX_ERR_NOT_WORKBOOK, "root element is <%s>, not <workbook>", local);
        return JX_TAG_NONE;
    }
    if (strcmp(local, "workbookPr") == 0) {
        const char *v = jx_xml_attr(attrs, "date1904");
        st->wb->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(local, "sheet") == 0) {
        const char *sname = jx_xml_attr(attrs, "name");
        const char *rid = jx_xml_attr_ns(attrs, "relationships", "id");
        if (!sname || !rid) {
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "<sheet> without name or r:id");
            return JX_TAG_NONE;
        }
        sheet_ref *s = jx_vec_push(&st->sheets);
        if (!s) {
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
            return JX_TAG_NONE;
        }
        s->name = jx_arena_strdup(&st->wb->arena, sname);
        s->rid = jx_arena_strdup(&st->wb->arena, rid);
        s->state = parse_state(jx_xml_attr(attrs, "state"));
        if (!s->name || !s->rid)
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
    }
    return JX_TAG_NONE;
}


/* /_rels/.rels -> the workbook part's stored name. */
static jx_error find_workbook_part(jx_workbook *wb, jx_package *pkg, const char **out, jx_diag *d)
{
    jx_vec rels;
    jx_error err = read_rels(pkg, &wb->arena, "", "_rels/.rels", &rels, d);
    const char *target = NULL;
    if (!err) {
        const rel *r = find_rel_by_tail(&rels, "officeDocument");
        target = r ? r->target : "xl/workbook.xml";
    }
    jx_vec_free(&rels);
    if (err)
        return err;
    *out = jx_package_find(pkg, target);
    if (!*out) {
        jx_diag_set_part(d, target);
        return jx_fail(d, JX_ERR_NOT_WORKBOOK, "no workbook part %s", target);
    }
    return JX_OK;
}

/* With cells false only the sheets' names, states and parts are read
 * (jx_workbook_open_index). */
static jx_error read_package(jx_workbook *wb, jx_package *pkg, bool cells, jx_diag *d)
{
    const char *wb_part;
    jx_error err = find_workbook_part(wb, pkg, &wb_part, d);
    if (err)
        return err;
    static const jx_xml_handlers h = {wb_start, NULL, NULL};
    wb_state st = {.wb = wb};
    jx_vec_init(&st.sheets, sizeof(sheet_ref));
    jx_vec rels;
    jx_vec_init(&rels, sizeof(rel));
    err = jx_xml_parse_part(pkg, wb_part, &h, &st, d);
    if (!err && !st.root_seen) {
        jx_diag_set_part(d, wb_part);
        err = jx_fail(d, JX_ERR_NOT_WORKBOOK, "empty workbook part");
    }
    char *rels_part = NULL;
    if (!err && !(rels_part = jx_part_rels(&wb->arena, wb_part)))
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err)
        err = read_rels(pkg, &wb->arena, wb_part, rels_part, &rels, d);
    /* shared strings before sheets (cells refer to them), styles too */
    const rel *sst = err || !cells ? NULL : find_rel_by_tail(&rels, "sharedStrings");
    if (sst) {
        const char *stored = jx_package_find(pkg, sst->target);
        if (!stored) {
            jx_diag_set_part(d, sst->target);
            err = jx_fail(d, JX_ERR_MISSING_PART, "shared strings part %s is missing", sst->target);
        } else {
            err = jx_sst_read(wb, pkg, stored, d);
        }
    }
    const rel *sty = err || !cells ? NULL : find_rel_by_tail(&rels, "styles");
    if (sty) {
        const char *stored = jx_package_find(pkg, sty->target);
        if (!stored) {
            jx_diag_set_part(d, sty->target);
            err = jx_fail(d, JX_ERR_MISSING_PART, "styles part %s is missing", sty->target);
        } else {
            err = jx_styles_read(wb, pkg, stored, d);
        }
    }
    if (!err && st.sheets.len) {
        wb->sheets = jx_arena_calloc(&wb->arena, st.sheets.len, sizeof(jx_sheet));
        if (!wb->sheets)
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    const sheet_ref *refs = st.sheets.data;
    for (size_t i = 0; !err && i < st.sheets.len; i++) {
        jx_diag_set_sheet(d, refs[i].name);
        const rel *r = find_rel_by_id(&rels, refs[i].rid);
        if (!r) {
            jx_diag_set_part(d, rels_part);
            err = jx_fail(d, JX_ERR_MISSING_PART, "relationship %s of sheet '%s' not found",
                          refs[i].rid, refs[i].name);
            break;
        }
        if (strcmp(type_tail(r->type), "worksheet") != 0)
            continue; /* chartsheet, dialogsheet, macrosheet: no cells */
        const char *stored = jx_package_find(pkg, r->target);
        if (!stored) {
            jx_diag_set_part(d, r->target);
            err = jx_fail(d, JX_ERR_MISSING_PART, "sheet '%s' refers to missing part %s",
                          refs[i].name, r->target);
            break;
        }
        jx_sheet *sh = &wb->sheets[wb->nsheets++];
        sh->wb = wb;
        sh->name = refs[i].name;
        sh->rel_id = refs[i].rid;
        sh->state = refs[i].state;
        sh->part = stored;
        if (cells)
            err = jx_worksheet_read(wb, sh, pkg, d);
    }
    jx_vec_free(&st.sheets);
    jx_vec_free(&rels);
    return err;
}

static jx_error open_source(jx_source *src, const char *file, const jx_limits *limits, bool cells,
                            jx_workbook **out, jx_diag *d)
{
    jx_package *pkg;
    jx_error err = jx_package_open(src, file, limits, &pkg, d);
    if (err)
        return err;
    jx_workbook *wb = jx_calloc(1, sizeof *wb);
    if (!wb) {
        jx_package_close(pkg);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    jx_arena_init(&wb->arena, 64 * 1024);
    wb->lim = *jx_package_limits(pkg);
    wb->path = jx_arena_strdup(&wb->arena, file);
    err = wb->path ? read_package(wb, pkg, cells, d) : jx_fail(d, JX_ERR_NOMEM, NULL);
    /* package names were copied where kept: part names live in the package */
    if (!err) {
        for (size_t i = 0; i < wb->nsheets; i++) {
            wb->sheets[i].part = jx_arena_strdup(&wb->arena, wb->sheets[i].part);
            if (!wb->sheets[i].part) {
                err = jx_fail(d, JX_ERR_NOMEM, NULL);
                break;
            }
        }
    }
    jx_package_close(pkg);
    if (err) {
        jx_workbook_close(wb);
        return err;
    }
    *out = wb;
    return JX_OK;
}

/* On success the diagnostic keeps only the file name. */
static void diag_success(jx_diag *d, const char *file)
{
    jx_diag_clear(d);
    jx_diag_set_file(d, file);
}

static jx_error open_path(const char *path, const jx_limits *limits, bool cells, jx_workbook **out,
                          jx_diag *diag)
{
    jx_diag_clear(diag);
    if (!out)
        return jx_fail(diag, JX_ERR_USAGE, "no output pointer");
    *out = NULL;
    if (!path)
        return jx_fail(diag, JX_ERR_USAGE, "no path");
    jx_diag_set_file(diag, path);
    jx_source src;
    jx_error err = jx_source_open_file(&src, path, diag);
    if (!err)
        err = open_source(&src, path, limits, cells, out, diag);
    if (!err)
        diag_success(diag, path);
    return err;
}

jx_error jx_workbook_open(const char *path, const jx_limits *limits, jx_workbook **out, jx_diag *diag)
{
    return open_path(path, limits, true, out, diag);
}

jx_error jx_workbook_open_index(const char *path, const jx_limits *limits, jx_workbook **out, jx_diag *diag)
{
    return open_path(path, limits, false, out, diag);
}

jx_error jx_workbook_open_mem(const void *buf, size_t len, const char *name, const jx_limits *limits,
                              jx_workbook **out, jx_diag *diag)
{
    jx_diag_clear(diag);
    if (!out)
        return jx_fail(diag, JX_ERR_USAGE, "no output pointer");
    *out = NULL;
    if (!buf && len)
        return jx_fail(diag, JX_ERR_USAGE, "no buffer");
    const char *file = name ? name : "(memory)";
    jx_diag_set_file(diag, file);
    jx_source src;
    jx_source_open_mem(&src, buf ? buf : "", len);
    jx_error err = open_source(&src, file, limits, true, out, diag);
    if (!err)
        diag_success(diag, file);
    return err;
}

void jx_workbook_close(jx_workbook *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->nsheets; i++)
        jx_sheet_release(&wb->sheets[i]);
    jx_arena_free(&wb->arena);
    free(wb);
}

const char *jx_workbook_path(const jx_workbook *wb) { return wb ? wb->path : NULL; }
size_t jx_workbook_sheet_count(const jx_workbook *wb) { return wb ? wb->nsheets : 0; }

const jx_sheet *jx_workbook_sheet(const jx_workbook *wb, size_t index)
{
    return wb && index < wb->nsheets ? &wb->sheets[index] : NULL;
}
