/*
 * convert.c - the job behind jx_convert: a blank template workbook
 * written out with its form sheet once per converted form, filled as
 * convert/plan.c planned, and a last sheet (转换说明) listing what could
 * not be carried.
 *
 * The template package is the base: every entry the conversion does not
 * touch is copied raw; the form sheet is streamed once per copy
 * (sheetcopy.c); the workbook part, its relationships, the content types
 * and the styles (formats for the notes sheet) are streamed and added
 * to; the copies' own relationships (printer settings) are repeated.
 * The output goes to a temporary file beside out_path, renamed into place
 * when complete.
 */
#include "write/write.h"
#include "sheet/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define NOTES_ZH "转换说明"
#define NOTES_EN "Conversion notes"
#define MAX_RELS_BYTES (1u << 20)

typedef struct conv_job {
    jx_arena arena;
    const jxc_plan *plan;
    jx_lang lang;
    jx_diag *d;
    unzFile uf;
    char **entries;
    size_t nentries;
    unz_file_info64 like;
    const char *sheet_part;      /* the template's form sheet */
    const char *sheet_name;
    const char *sheet_rels;      /* its relationships part, when stored */
    const char **parts;          /* per copy: its sheet part */
    const char **rels_parts;     /* per copy: its relationships part */
    const char **rids;
    const char *notes_part, *notes_name, *notes_rid;
    jxw_book book;
    jxw_book_copy copy;
    jxw_rels book_rels;
    jxw_types types;
    jxw_styles styles;
    const char *types_part;
} conv_job;

const char *jx_carry_kind_name(jx_carry_kind k, jx_lang lang)
{
    static const char *const words[3][2] = {
        {"无对应位置", "no place in the target"},
        {"源表缺少", "missing in the source"},
        {"未转换", "not converted"},
    };
    return (unsigned)k < 3 ? words[k][lang == JX_LANG_EN] : "";
}

/* ---- the template's entries ---- */

static const char *stored(const conv_job *j, const char *name)
{
    return jxw_stored(j->entries, j->nentries, name);
}

static jx_error locate(conv_job *j, const char *part) { return jxw_locate(j->uf, part, j->d); }

static jx_error list_entries(conv_job *j)
{
    return jxw_list_entries(j->uf, &j->arena, &j->entries, &j->nentries, &j->like, j->d);
}

/* A part name like pattern that no entry and no planned part has. */
static const char *new_name(conv_job *j, const char *pattern, const char **planned, size_t nplanned)
{
    char name[512];
    for (unsigned n = 1;; n++) {
        snprintf(name, sizeof name, pattern, n);
        bool taken = stored(j, name) != NULL;
        for (size_t i = 0; i < nplanned && !taken; i++)
            taken = planned[i] && strcasecmp(planned[i], name) == 0;
        if (!taken)
            return jx_arena_strdup(&j->arena, name);
    }
}

static jx_error scan_rels(conv_job *j, jxw_rels *r)
{
    return jxw_rels_scan_stored(j->uf, j->entries, j->nentries, r, &j->arena, j->d);
}

/* The template's form sheet may refer to printer settings and external
 * links, which every copy can share; comments, drawings and tables belong
 * to one sheet and cannot be repeated. */
static jx_error check_sheet_rels(conv_job *j)
{
    jxw_rels r;
    jxw_rels_init(&r, j->sheet_part, jx_part_rels(&j->arena, j->sheet_part));
    jx_error err = r.part ? scan_rels(j, &r) : jx_fail(j->d, JX_ERR_NOMEM, NULL);
    static const char *const shareable[] = {"printerSettings", "hyperlink"};
    const jxw_rel *rel = r.items.data;
    for (size_t i = 0; !err && i < r.items.len; i++) {
        const char *tail = strrchr(rel[i].type, '/');
        tail = tail ? tail + 1 : rel[i].type;
        bool ok = false;
        for (size_t k = 0; k < sizeof shareable / sizeof shareable[0]; k++)
            ok |= strcmp(tail, shareable[k]) == 0;
        if (!ok) {
            jx_diag_set_part(j->d, r.part);
            err = jx_fail(j->d, JX_ERR_BAD_VALUE, "the template's form sheet has %s, which a copy cannot share", tail);
        }
    }
    if (!err && r.exists)
        j->sheet_rels = r.part;
    jxw_rels_free(&r);
    return err;
}

static jx_error find_book(conv_job *j)
{
    return jxw_find_book(j->uf, j->entries, j->nentries, &j->arena, &j->book.part, j->d);
}

/* ---- planning the package ---- */

static jx_error plan_package(conv_job *j, size_t sheet_index)
{
    const jxc_plan *plan = j->plan;
    size_t n = plan->nsheets;
    jx_error err = find_book(j);
    if (!err && !(err = locate(j, j->book.part)))
        err = jxw_book_scan(j->uf, &j->book, &j->arena, j->d);
    if (!err)
        err = check_sheet_rels(j);
    if (!err && stored(j, "xl/calcChain.xml"))
        err = jx_fail(j->d, JX_ERR_BAD_VALUE,
                      "the template holds formulas with a calculation chain (xl/calcChain.xml), which copies of its sheet would contradict");
    j->types_part = err ? NULL : stored(j, "[Content_Types].xml");
    if (!err && !j->types_part)
        err = jx_fail(j->d, JX_ERR_MISSING_PART, "[Content_Types].xml");
    if (!err && !(err = locate(j, j->types_part)))
        err = jxw_types_scan(j->uf, &j->types, &j->arena, j->d);
    if (err)
        return err;
    jxw_rels_init(&j->book_rels, j->book.part, jx_part_rels(&j->arena, j->book.part));
    if (!j->book_rels.part || (err = scan_rels(j, &j->book_rels)))
        return err ? err : jx_fail(j->d, JX_ERR_NOMEM, NULL);
    if (!j->book_rels.exists)
        return jx_fail(j->d, JX_ERR_MISSING_PART, "%s", j->book_rels.part);

    /* the copies' parts: the first is the template's own */
    j->parts = jx_arena_calloc(&j->arena, n + 1, sizeof *j->parts);
    j->rels_parts = jx_arena_calloc(&j->arena, n + 1, sizeof *j->rels_parts);
    j->rids = jx_arena_calloc(&j->arena, n + 1, sizeof *j->rids);
    if (!j->parts || !j->rels_parts || !j->rids)
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    const jxw_rel *rel = j->book_rels.items.data;
    for (size_t i = 0; i < j->book_rels.items.len && !j->rids[0]; i++)
        if (strcasecmp(rel[i].target, j->sheet_part) == 0)
            j->rids[0] = rel[i].id;
    if (!j->rids[0])
        return jx_fail(j->d, JX_ERR_MISSING_PART, "no relationship to %s", j->sheet_part);
    j->parts[0] = j->sheet_part;
    j->rels_parts[0] = j->sheet_rels;
    for (size_t i = 1; i <= n; i++) {
        /* i == n: the notes sheet */
        j->parts[i] = new_name(j, "xl/worksheets/sheet%u.xml", j->parts, i);
        if (!j->parts[i])
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
        if (i < n && j->sheet_rels && !(j->rels_parts[i] = jx_part_rels(&j->arena, j->parts[i])))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
        const char *rid = jxw_rels_add(&j->book_rels, &j->arena, "worksheet", j->parts[i]);
        if (!rid || !jxw_types_add_override(&j->types, j->parts[i], JXW_CT_SHEET))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
        j->rids[i] = rid;
    }
    j->notes_part = j->parts[n];
    j->notes_rid = j->rids[n];
    /* the notes sheet's name, unlike any sheet the template keeps */
    const char *base = j->lang == JX_LANG_EN ? NOTES_EN : NOTES_ZH;
    for (unsigned k = 1; !j->notes_name; k++) {
        char name[64];
        snprintf(name, sizeof name, k == 1 ? "%s" : "%s (%u)", base, k);
        bool taken = false;
        const char **names = j->book.names.data;
        for (size_t i = 0; i < j->book.names.len && !taken; i++)
            taken = i != sheet_index && strcasecmp(names[i], name) == 0;
        for (size_t i = 0; i < n && !taken; i++)
            taken = strcasecmp(plan->sheets[i].name, name) == 0;
        if (!taken && !(j->notes_name = jx_arena_strdup(&j->arena, name)))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    /* the workbook: the copies where the form sheet was */
    const char **names = jx_arena_calloc(&j->arena, n, sizeof *names);
    const jxc_sheet **plans = jx_arena_calloc(&j->arena, n, sizeof *plans);
    if (!names || !plans)
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    for (size_t i = 0; i < n; i++) {
        names[i] = plan->sheets[i].name;
        plans[i] = &plan->sheets[i];
    }
    j->copy = (jxw_book_copy){sheet_index, j->sheet_name, n, names, j->rids, plans, j->notes_name, j->notes_rid};
    /* formats for the notes sheet */
    const jxw_rel *sr = jxw_rels_by_type(&j->book_rels, "styles");
    const char *st_part = sr ? stored(j, sr->target) : NULL;
    if (st_part) {
        j->styles.part = st_part;
        j->styles.exists = true;
        if ((err = locate(j, st_part)) || (err = jxw_styles_scan(j->uf, &j->styles, &j->arena, j->d)))
            return err;
    } else {
        j->styles.part = new_name(j, "xl/styles%u.xml", j->parts, n + 1);
        if (!j->styles.part || !jxw_rels_add(&j->book_rels, &j->arena, "styles", j->styles.part) ||
            !jxw_types_add_override(&j->types, j->styles.part, JXW_CT_STYLES))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    jxw_styles_plan(&j->styles);
    if (j->sheet_rels && !jxw_types_add_default(&j->types, "rels", JXW_CT_RELS))
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    return JX_OK;
}

/* ---- the notes sheet ---- */

enum { NOTE_COLS = 7 };

static void carry_texts(const void *ud, size_t i, const char **t, char (*buf)[32])
{
    const conv_job *j = ud;
    bool en = j->lang == JX_LANG_EN;
    if (!j->plan->nitems) {
        t[0] = en ? "complete" : "完整";
        t[1] = t[2] = t[5] = t[6] = "";
        t[3] = en ? "everything" : "全部内容";
        t[4] = en ? "every value of the source forms has its place in the target" : "源表的全部内容均已转入目标模板";
        return;
    }
    const jx_carry *c = &j->plan->items[i];
    buf[0][0] = buf[1][0] = '\0';
    if (c->at.row)
        jx_cell_ref(c->at.row, c->at.col, buf[0]);
    if (c->out_at.row) {
        jx_cell_ref(c->out_at.row, c->out_at.col, buf[1]);
    } else if (c->out_at.col) {
        char col[16];
        jx_cell_ref(1, c->out_at.col, col);
        col[strcspn(col, "0123456789")] = '\0';
        snprintf(buf[1], sizeof buf[1], en ? "column %s (%zu rows)" : "%s 列（%zu 行）", col, c->count);
    }
    t[0] = jx_carry_kind_name(c->kind, j->lang);
    t[1] = c->sheet ? c->sheet : "";
    t[2] = buf[0];
    t[3] = c->field ? c->field : "";
    t[4] = c->text ? c->text : (c->form ? c->form : "");
    if (c->kind == JX_CARRY_NO_SOURCE && c->form)
        t[4] = c->form;
    t[5] = c->out_sheet ? c->out_sheet : "";
    t[6] = buf[1];
}

static bool carry_link(const void *ud, size_t i, const char **sheet, char ref[16])
{
    const conv_job *j = ud;
    if (!j->plan->nitems)
        return false;
    const jx_carry *c = &j->plan->items[i];
    if (!c->out_sheet || !c->out_at.row)
        return false;
    *sheet = c->out_sheet;
    jx_cell_ref(c->out_at.row, c->out_at.col, ref);
    return true;
}

static bool notes_part(jx_buf *b, const conv_job *j)
{
    static const char *const headers[2][NOTE_COLS] = {
        {"情况", "源工作表", "源单元格", "内容项", "源表中的值（或所属项目）", "目标工作表", "目标单元格"},
        {"Status", "Source sheet", "Source cell", "Field", "Value in the source (or its form)", "Target sheet",
         "Target cell"},
    };
    static const size_t min_w[NOTE_COLS] = {10, 12, 8, 12, 30, 12, 10}, max_w[NOTE_COLS] = {14, 30, 10, 30, 70, 30, 18};
    jxw_list l = {NOTE_COLS, headers[j->lang == JX_LANG_EN], min_w, max_w, j->plan->nitems ? j->plan->nitems : 1,
                  carry_texts, 6, carry_link, j};
    return jxw_list_part(b, &l, &j->styles);
}

/* ---- the write pass ---- */

static jx_error add_part(conv_job *j, zipFile zf, const char *name, const jx_buf *b)
{
    return jxw_add_part(zf, name, &j->like, b, j->d);
}

static jx_error write_copies(conv_job *j, zipFile zf, const unz_file_info64 *info)
{
    jx_error err = JX_OK;
    for (size_t i = 0; !err && i < j->plan->nsheets; i++) {
        if ((err = locate(j, j->sheet_part)) || (err = jxw_entry_open(zf, j->parts[i], info, j->d)))
            break;
        err = jxw_sheet_copy(j->uf, zf, j->sheet_part, j->sheet_name, &j->plan->sheets[i], i == 0, j->d);
        jx_error cerr = jxw_entry_close(zf, j->parts[i], j->d);
        if (!err)
            err = cerr;
    }
    return err;
}

static jx_error write_rels_copies(conv_job *j, zipFile zf, const unz_file_info64 *info)
{
    jx_buf b = {0};
    jx_error err = locate(j, j->sheet_rels);
    if (!err)
        err = jxw_copy_raw(j->uf, zf, j->sheet_rels, info, j->d);
    if (!err && j->plan->nsheets > 1 && !(err = locate(j, j->sheet_rels)))
        err = jxw_read_part(j->uf, j->sheet_rels, MAX_RELS_BYTES, &b, j->d);
    for (size_t i = 1; !err && i < j->plan->nsheets; i++)
        err = add_part(j, zf, j->rels_parts[i], &b);
    jx_buf_free(&b);
    return err;
}

static jx_error write_pass(conv_job *j, zipFile zf)
{
    jx_error err = JX_OK;
    for (size_t e = 0; !err && e < j->nentries; e++) {
        const char *name = j->entries[e];
        unz_file_info64 info;
        if ((err = locate(j, name)))
            break;
        if (unzGetCurrentFileInfo64(j->uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
            err = jx_fail(j->d, JX_ERR_ZIP_CORRUPT, "unreadable entry");
            break;
        }
        if (name == j->sheet_part) {
            err = write_copies(j, zf, &info);
        } else if (j->sheet_rels && name == j->sheet_rels) {
            err = write_rels_copies(j, zf, &info);
        } else if (name == j->book.part) {
            if (!(err = jxw_entry_open(zf, name, &info, j->d))) {
                err = jxw_book_convert(j->uf, zf, &j->book, &j->copy, j->d);
                jx_error cerr = jxw_entry_close(zf, name, j->d);
                err = err ? err : cerr;
            }
        } else if (name == j->book_rels.part || name == j->types_part || (j->styles.exists && name == j->styles.part)) {
            if (!(err = jxw_entry_open(zf, name, &info, j->d))) {
                err = name == j->book_rels.part ? jxw_rels_edit(j->uf, zf, &j->book_rels, j->d)
                    : name == j->types_part     ? jxw_types_edit(j->uf, zf, &j->types, j->d)
                                                : jxw_styles_edit(j->uf, zf, &j->styles, j->d);
                jx_error cerr = jxw_entry_close(zf, name, j->d);
                err = err ? err : cerr;
            }
        } else {
            err = jxw_copy_raw(j->uf, zf, name, &info, j->d);
        }
    }
    jx_buf b = {0};
    if (!err)
        err = notes_part(&b, j) ? add_part(j, zf, j->notes_part, &b) : jx_fail(j->d, JX_ERR_NOMEM, NULL);
    b.len = 0;
    if (!err && !j->styles.exists)
        err = jxw_styles_new_part(&b, &j->styles) ? add_part(j, zf, j->styles.part, &b)
                                                  : jx_fail(j->d, JX_ERR_NOMEM, NULL);
    jx_buf_free(&b);
    return err;
}

/* ---- the result ---- */

typedef struct conversion_box {
    jx_conversion pub;
    jx_arena arena;
} conversion_box;

static const char *keep(jx_arena *a, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *c = jx_arena_strdup(a, s);
    *ok = *ok && c;
    return c;
}

static jx_conversion *make_result(const jxc_plan *plan, const char *notes_name)
{
    conversion_box *box = jx_calloc(1, sizeof *box);
    if (!box)
        return NULL;
    jx_arena_init(&box->arena, 0);
    jx_conversion *c = &box->pub;
    bool ok = true;
    c->target = keep(&box->arena, plan->target->id, &ok);
    c->forms = plan->forms;
    c->notes_sheet = keep(&box->arena, notes_name, &ok);
    c->sheets = jx_arena_calloc(&box->arena, plan->nsheets ? plan->nsheets : 1, sizeof *c->sheets);
    c->items = jx_arena_calloc(&box->arena, plan->nitems ? plan->nitems : 1, sizeof *c->items);
    ok = ok && c->sheets && c->items;
    for (size_t i = 0; ok && i < plan->nsheets; i++)
        c->sheets[c->sheet_count++] = keep(&box->arena, plan->sheets[i].name, &ok);
    for (size_t i = 0; ok && i < plan->nitems; i++) {
        const jx_carry *s = &plan->items[i];
        jx_carry *d = &c->items[c->count++];
        *d = *s;
        d->sheet = keep(&box->arena, s->sheet, &ok);
        d->form = keep(&box->arena, s->form, &ok);
        d->field = keep(&box->arena, s->field, &ok);
        d->text = keep(&box->arena, s->text, &ok);
        d->out_sheet = keep(&box->arena, s->out_sheet, &ok);
    }
    if (!ok) {
        jx_conversion_free(c);
        return NULL;
    }
    return c;
}

void jx_conversion_free(jx_conversion *c)
{
    if (!c)
        return;
    conversion_box *box = (conversion_box *)c;
    jx_arena_free(&box->arena);
    free(box);
}

static const char *kind_key(jx_carry_kind k)
{
    static const char *const keys[] = {"no_place", "no_source", "not_converted"};
    return (unsigned)k < 3 ? keys[k] : "";
}

jx_error jx_conversion_write_json(const jx_conversion *c, jx_write_fn write, void *ud)
{
    jx_buf b = {0};
    bool ok = jx_buf_appendz(&b, "{\n  \"target\": ") && jx_buf_json_str(&b, c->target) &&
              jx_buf_printf(&b, ",\n  \"forms\": %zu,\n  \"sheets\": [", c->forms);
    for (size_t i = 0; ok && i < c->sheet_count; i++)
        ok = jx_buf_appendz(&b, i ? ", " : "") && jx_buf_json_str(&b, c->sheets[i]);
    ok = ok && jx_buf_appendz(&b, "],\n  \"notes_sheet\": ") && jx_buf_json_str(&b, c->notes_sheet) &&
         jx_buf_appendz(&b, ",\n  \"items\": [");
    for (size_t i = 0; ok && i < c->count; i++) {
        const jx_carry *x = &c->items[i];
        char cell[16] = "", out[16] = "";
        if (x->at.row)
            jx_cell_ref(x->at.row, x->at.col, cell);
        if (x->out_at.row)
            jx_cell_ref(x->out_at.row, x->out_at.col, out);
        else if (x->out_at.col)
            jx_cell_ref(1, x->out_at.col, out), out[strcspn(out, "0123456789")] = '\0';
        ok = jx_buf_appendz(&b, i ? ",\n    {\"kind\": " : "\n    {\"kind\": ") &&
             jx_buf_json_str(&b, kind_key(x->kind)) && jx_buf_appendz(&b, ", \"sheet\": ") &&
             jx_buf_json_str(&b, x->sheet) && jx_buf_appendz(&b, ", \"form\": ") && jx_buf_json_str(&b, x->form) &&
             jx_buf_appendz(&b, ", \"cell\": ") && jx_buf_json_str(&b, cell[0] ? cell : NULL) &&
             jx_buf_appendz(&b, ", \"field\": ") && jx_buf_json_str(&b, x->field) &&
             jx_buf_appendz(&b, ", \"text\": ") && jx_buf_json_str(&b, x->text) &&
             jx_buf_appendz(&b, ", \"out_sheet\": ") && jx_buf_json_str(&b, x->out_sheet) &&
             jx_buf_appendz(&b, ", \"out_cell\": ") && jx_buf_json_str(&b, out[0] ? out : NULL) &&
             (x->count ? jx_buf_printf(&b, ", \"rows\": %zu}", x->count) : jx_buf_appendz(&b, "}"));
    }
    ok = ok && jx_buf_appendz(&b, c->count ? "\n  ]\n}\n" : "]\n}\n");
    jx_error err = ok ? JX_OK : JX_ERR_NOMEM;
    if (ok && write(ud, b.data, b.len) != 0)
        err = JX_ERR_IO;
    jx_buf_free(&b);
    return err;
}

/* ---- jx_convert ---- */

static jx_error run(conv_job *j, const char *template_path, const char *tmp, size_t sheet_index)
{
    j->uf = unzOpen64(template_path);
    zipFile zf = j->uf ? zipOpen64(tmp, APPEND_STATUS_CREATE) : NULL;
    jx_error err = JX_OK;
    if (!j->uf || !zf)
        err = jx_fail(j->d, j->uf ? JX_ERR_IO : JX_ERR_NOT_ZIP, "cannot open");
    if (!err)
        err = list_entries(j);
    if (!err && !(j->sheet_part = stored(j, j->sheet_part)))
        err = jx_fail(j->d, JX_ERR_MISSING_PART, "the template's form sheet");
    if (!err)
        err = plan_package(j, sheet_index);
    if (!err)
        err = write_pass(j, zf);
    if (zf && zipClose(zf, NULL) != ZIP_OK && !err)
        err = jx_fail(j->d, JX_ERR_IO, "write failed");
    if (j->uf)
        unzClose(j->uf);
    return err;
}

jx_error jx_convert(const jx_catalog *cat, const jx_model *m, const char *target_id, const char *template_path,
                    jx_lang lang, const char *out_path, jx_conversion **out, jx_diag *diag)
{
    if (out)
        *out = NULL;
    jx_diag_clear(diag);
    if (!cat || !m || !target_id || !template_path || !out_path)
        return jx_fail(diag, JX_ERR_USAGE, "jx_convert: missing argument");
    const jx_mapping *target = jx_catalog_find(cat, target_id);
    if (!target)
        return jx_fail(diag, JX_ERR_NOT_FOUND, "%s", target_id);
    /* the template's form sheet, recognised by the target's own signature */
    jx_workbook *wb = NULL;
    jx_error err = jx_workbook_open(template_path, NULL, &wb, diag);
    if (err)
        return err;
    const jx_sheet *ts = NULL;
    size_t index = 0;
    for (size_t i = 0; i < jx_workbook_sheet_count(wb) && !ts; i++) {
        jx_detection det;
        if (jx_detect(cat, jx_workbook_sheet(wb, i), &det) == JX_OK && det.mapping == target) {
            ts = jx_workbook_sheet(wb, i);
            index = i;
        }
    }
    if (!ts) {
        jx_diag_set_file(diag, template_path);
        err = jx_fail(diag, JX_ERR_NOT_FOUND, "no %s form in the template", target_id);
        jx_workbook_close(wb);
        return err;
    }
    jxc_plan *plan = NULL;
    err = jxc_plan_make(m, target, ts, lang, &plan, diag);
    if (err) {
        jx_workbook_close(wb);
        return err;
    }
    char *tmp = jxw_temp_beside(out_path, template_path, diag);
    conv_job j = {.plan = plan, .lang = lang, .sheet_part = jx_sheet_part(ts), .sheet_name = jx_sheet_name(ts)};
    jx_diag d;
    jx_diag_clear(&d);
    jx_diag_set_file(&d, template_path);
    j.d = &d;
    jx_arena_init(&j.arena, 64 * 1024);
    jx_vec_init(&j.types.defaults, sizeof(const char *));
    jx_vec_init(&j.book.names, sizeof(const char *));
    jxw_rels_init(&j.book_rels, "", NULL);
    if (!tmp) {
        err = diag ? diag->code : JX_ERR_IO;
    } else {
        err = run(&j, template_path, tmp, index);
        if (err && diag)
            *diag = d;
        if (!err && out && !(*out = make_result(plan, j.notes_name)))
            err = jx_fail(diag, JX_ERR_NOMEM, NULL);
        if (!err)
            err = jxw_commit(tmp, out_path, diag);
        if (err)
            unlink(tmp);
    }
    if (err && out && *out) {
        jx_conversion_free(*out);
        *out = NULL;
    }
    free(tmp);
    jx_vec_free(&j.types.defaults);
    jx_buf_free(&j.types.add);
    jx_vec_free(&j.book.names);
    jxw_rels_free(&j.book_rels);
    jx_arena_free(&j.arena);
    jxc_plan_free(plan);
    jx_workbook_close(wb);
    return err;
}
