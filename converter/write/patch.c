/*
 * patch.c - writes a workbook back with some cells changed and, when
 * asked, its findings shown inside it: the job behind jx_write_patched
 * and jx_write_annotated.
 *
 * A job first reads: the workbook through the reader (which sheet is
 * which part), then, without writing, every part it will change (the
 * cells it touches: present? which style? a formula?; the styles' counts
 * and the formats it copies; relationship ids; existing comments and
 * drawings).  From that it plans every index, id and name it adds.  Then
 * one pass over the input's entries, in order: an entry nothing changes
 * is copied raw (its compressed bytes, never re-compressed); an entry
 * that changes is streamed through its part's editor; new parts follow
 * the input's entries.
 *
 * The output is written to a temporary file in the target's folder and
 * renamed into place only when complete, so an interrupted or failed run
 * leaves either no output or the old one, never half a file.  The input
 * is opened read-only.  With nothing to change the output is a byte copy.
 */
#include "write/write.h"
#include "sheet/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define REPORT_SHEET "校验结果"
#define MAX_VML_BYTES (16u * 1024 * 1024)

/* What happens to an input entry in the write pass. */
typedef enum action_kind {
    ACT_SHEET, ACT_STYLES, ACT_BOOK, ACT_RELS, ACT_COMMENTS, ACT_VML, ACT_TYPES
} action_kind;

typedef struct action {
    const char *part;
    action_kind kind;
    void *ctx;
} action;

/* An annotated sheet's other parts. */
typedef struct sheet_extra {
    jxw_rels rels;
    jxw_comments comments;
    jx_buf vml_text;        /* an existing drawing's text */
    jxw_vml_info vml_info;
} sheet_extra;

typedef struct job {
    jx_arena arena;
    jx_patch *patches;
    size_t count;
    const jx_note *notes;
    size_t nnotes;
    jx_lang lang;
    bool annotate;
    unzFile uf;
    jx_diag *d;
    /* the workbook's sheets, as the reader found them */
    jxw_sheet *sheets;
    sheet_extra *extra;     /* per sheet, when annotating */
    size_t nsheets;
    /* the input's entries */
    char **entries;
    size_t nentries;
    unz_file_info64 like;   /* new entries are dated like the workbook part */
    /* annotating */
    jxw_types types;
    jxw_book book;
    jxw_rels book_rels;
    jxw_styles styles;
    const char *report_part;
    jxw_row *rows;
    size_t nrows;
    jx_vec actions;         /* action */
    uint32_t next_block;    /* the next free VML idmap block */
} job;

/* ---- the input's entries ---- */

static const char *stored_name(const job *j, const char *name)
{
    return jxw_stored(j->entries, j->nentries, name);
}

static jx_error list_entries(job *j)
{
    return jxw_list_entries(j->uf, &j->arena, &j->entries, &j->nentries, &j->like, j->d);
}

static jx_error locate(job *j, const char *part) { return jxw_locate(j->uf, part, j->d); }

/* A part name like pattern ("xl/comments%u.xml") that no entry and no
 * other new part has. */
static const char *new_name(job *j, const char *pattern)
{
    char name[512];
    for (unsigned n = 1;; n++) {
        snprintf(name, sizeof name, pattern, n);
        if (stored_name(j, name))
            continue;
        const action *acts = j->actions.data;
        bool taken = false;
        for (size_t i = 0; i < j->actions.len && !taken; i++)
            taken = strcasecmp(acts[i].part, name) == 0;
        if (j->report_part && strcasecmp(j->report_part, name) == 0)
            taken = true;
        for (size_t s = 0; s < j->nsheets && !taken && j->extra; s++) {
            const sheet_extra *e = &j->extra[s];
            taken = (e->comments.part && strcasecmp(e->comments.part, name) == 0) ||
                    (e->comments.vml && strcasecmp(e->comments.vml, name) == 0) ||
                    (e->rels.part && strcasecmp(e->rels.part, name) == 0);
        }
        if (j->styles.part && strcasecmp(j->styles.part, name) == 0)
            taken = true;
        if (!taken)
            return jx_arena_strdup(&j->arena, name);
    }
}

static bool add_action(job *j, const char *part, action_kind kind, void *ctx)
{
    action *a = jx_vec_push(&j->actions);
    if (!a)
        return false;
    a->part = part;
    a->kind = kind;
    a->ctx = ctx;
    return true;
}

static const action *action_for(const job *j, const char *entry)
{
    const action *acts = j->actions.data;
    for (size_t i = 0; i < j->actions.len; i++)
        if (strcasecmp(acts[i].part, entry) == 0)
            return &acts[i];
    return NULL;
}

/* ---- the cells each sheet changes ---- */

static int cmp_cell(const void *x, const void *y)
{
    const jxw_cell *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

static bool note_on(const jx_note *n, const char *sheet)
{
    return n->sheet && n->at.row && n->at.col && strcmp(n->sheet, sheet) == 0;
}

/* The sheets of the workbook, and per sheet the cells patches and notes
 * touch; a patch or note naming no sheet of the workbook is an error. */
static jx_error gather(job *j, const char *in_path)
{
    jx_workbook *wb = NULL;
    jx_diag rd;
    /* only which sheet is which part: the cells are streamed later */
    jx_error err = jx_workbook_open_index(in_path, NULL, &wb, &rd);
    if (err) {
        *j->d = rd;
        return err;
    }
    j->nsheets = jx_workbook_sheet_count(wb);
    j->sheets = jx_arena_calloc(&j->arena, j->nsheets ? j->nsheets : 1, sizeof *j->sheets);
    if (!j->sheets)
        err = jx_fail(j->d, JX_ERR_NOMEM, NULL);
    size_t matched_patches = 0, matched_notes = 0;
    for (size_t s = 0; !err && s < j->nsheets; s++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, s);
        jxw_sheet *ws = &j->sheets[s];
        ws->index = s;
        ws->name = jx_arena_strdup(&j->arena, jx_sheet_name(sh));
        ws->part = jx_arena_strdup(&j->arena, jx_sheet_part(sh));
        if (!ws->name || !ws->part) {
            err = jx_fail(j->d, JX_ERR_NOMEM, NULL);
            break;
        }
        size_t n = 0;
        for (size_t i = 0; i < j->count; i++)
            n += strcmp(j->patches[i].sheet, ws->name) == 0;
        matched_patches += n;
        for (size_t i = 0; i < j->nnotes; i++) {
            matched_notes += j->notes[i].sheet && strcmp(j->notes[i].sheet, ws->name) == 0;
            n += note_on(&j->notes[i], ws->name);
        }
        if (!n)
            continue;
        ws->cells = jx_arena_calloc(&j->arena, n, sizeof *ws->cells);
        if (!ws->cells) {
            err = jx_fail(j->d, JX_ERR_NOMEM, NULL);
            break;
        }
        size_t k = 0;
        for (size_t i = 0; i < j->count; i++)
            if (strcmp(j->patches[i].sheet, ws->name) == 0)
                ws->cells[k++] = (jxw_cell){.row = j->patches[i].at.row, .col = j->patches[i].at.col,
                                            .patch = &j->patches[i]};
        for (size_t i = 0; i < j->nnotes; i++)
            if (note_on(&j->notes[i], ws->name))
                ws->cells[k++] = (jxw_cell){.row = j->notes[i].at.row, .col = j->notes[i].at.col,
                                            .mark = j->notes[i].fixed ? JXW_MARK_FIXED : JXW_MARK_ATTENTION};
        qsort(ws->cells, k, sizeof *ws->cells, cmp_cell);
        /* one entry per cell: the first patch; attention over fixed */
        size_t w = 0;
        for (size_t i = 0; i < k; i++) {
            if (w && cmp_cell(&ws->cells[w - 1], &ws->cells[i]) == 0) {
                jxw_cell *c = &ws->cells[w - 1];
                if (!c->patch)
                    c->patch = ws->cells[i].patch;
                if (ws->cells[i].mark > c->mark)
                    c->mark = ws->cells[i].mark;
                continue;
            }
            ws->cells[w++] = ws->cells[i];
        }
        ws->ncells = w;
    }
    size_t sheeted = 0;
    for (size_t i = 0; i < j->nnotes; i++)
        sheeted += j->notes[i].sheet != NULL;
    if (!err && (matched_patches != j->count || matched_notes != sheeted)) {
        jx_diag_set_file(j->d, in_path);
        err = jx_fail(j->d, JX_ERR_NOT_FOUND, "a patch or note names a sheet the workbook does not have");
    }
    jx_workbook_close(wb);
    return err;
}

/* Scan the sheets with cells; patches of cells holding a formula are
 * marked skipped and left out. */
static jx_error scan_sheets(job *j, size_t *skipped)
{
    for (size_t s = 0; s < j->nsheets; s++) {
        jxw_sheet *ws = &j->sheets[s];
        if (!ws->ncells)
            continue;
        jx_error err = locate(j, ws->part);
        if (!err)
            err = jxw_sheet_scan(j->uf, ws, &j->arena, j->d);
        if (err)
            return err;
        for (size_t i = 0; i < ws->ncells; i++)
            if (ws->cells[i].patch && ws->cells[i].formula) {
                ws->cells[i].patch->skipped = 1;
                (*skipped)++;
            }
    }
    return JX_OK;
}

/* Whether the sheet's bytes change. */
static bool sheet_changes(const jxw_sheet *ws)
{
    if (ws->add_legacy_rid)
        return true;
    for (size_t i = 0; i < ws->ncells; i++) {
        const jxw_cell *c = &ws->cells[i];
        if ((c->patch && !c->formula) || (c->mark && c->present))
            return true;
    }
    return false;
}

/* ---- planning the annotations ---- */

static size_t sheet_index(const job *j, const char *name)
{
    for (size_t s = 0; s < j->nsheets; s++)
        if (strcmp(j->sheets[s].name, name) == 0)
            return s;
    return j->nsheets;
}

typedef struct keyed_row { jxw_row row; size_t order; } keyed_row;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed_row *a = x, *b = y;
    const jx_note *na = a->row.note, *nb = b->row.note;
    if (a->row.place != b->row.place)
        return a->row.place < b->row.place ? -1 : 1;
    if (na->at.row != nb->at.row)
        return na->at.row < nb->at.row ? -1 : 1;
    if (na->at.col != nb->at.col)
        return na->at.col < nb->at.col ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* The findings sheet's rows: every note, sorted by sheet, row, column
 * (notes about the workbook as a whole first), else in the given order. */
static jx_error plan_rows(job *j)
{
    keyed_row *k = jx_calloc(j->nnotes ? j->nnotes : 1, sizeof *k);
    j->rows = jx_arena_calloc(&j->arena, j->nnotes ? j->nnotes : 1, sizeof *j->rows);
    if (!k || !j->rows) {
        free(k);
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    for (size_t i = 0; i < j->nnotes; i++) {
        const jx_note *n = &j->notes[i];
        size_t s = n->sheet ? sheet_index(j, n->sheet) : j->nsheets;
        k[i].row.note = n;
        k[i].row.sheet = s < j->nsheets ? j->sheets[s].name : NULL;
        k[i].row.place = s < j->nsheets ? s + 1 : 0;
        k[i].row.linked = k[i].row.sheet && n->at.row && n->at.col;
        k[i].order = i;
    }
    qsort(k, j->nnotes, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < j->nnotes; i++)
        j->rows[i] = k[i].row;
    j->nrows = j->nnotes;
    free(k);
    return JX_OK;
}

/* Per sheet, the cells that get a comment and their text: the lines of
 * their notes, in the findings sheet's order.  Rows and cells are both
 * sorted by sheet, row and column: one walk. */
static jx_error plan_note_cells(job *j)
{
    size_t r = 0;
    for (size_t s = 0; s < j->nsheets; s++) {
        jxw_sheet *ws = &j->sheets[s];
        jxw_comments *c = &j->extra[s].comments;
        size_t n = 0;
        for (size_t i = 0; i < ws->ncells; i++)
            n += ws->cells[i].mark != JXW_MARK_NONE;
        if (!n)
            continue;
        c->cells = jx_arena_calloc(&j->arena, n, sizeof *c->cells);
        if (!c->cells)
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
        jx_buf text = {0};
        for (size_t i = 0; i < ws->ncells; i++) {
            const jxw_cell *cell = &ws->cells[i];
            if (!cell->mark)
                continue;
            /* past the rows before this cell's: earlier sheets, notes on no
             * cell, earlier cells */
            while (r < j->nrows && (j->rows[r].place < s + 1 ||
                                    (j->rows[r].place == s + 1 &&
                                     (!j->rows[r].linked || j->rows[r].note->at.row < cell->row ||
                                      (j->rows[r].note->at.row == cell->row && j->rows[r].note->at.col < cell->col)))))
                r++;
            text.len = 0;
            bool ok = true;
            for (; ok && r < j->nrows && j->rows[r].place == s + 1 && j->rows[r].note->at.row == cell->row &&
                   j->rows[r].note->at.col == cell->col;
                 r++)
                ok = (!text.len || jx_buf_appendz(&text, "\n")) && jxw_note_line(&text, j->rows[r].note, j->lang);
            ok = ok && jx_buf_terminate(&text);
            jxw_note_cell *nc = &c->cells[c->ncells++];
            nc->row = cell->row;
            nc->col = cell->col;
            nc->text = ok ? jx_arena_strdup(&j->arena, text.data) : NULL;
            if (!nc->text) {
                jx_buf_free(&text);
                return jx_fail(j->d, JX_ERR_NOMEM, NULL);
            }
        }
        jx_buf_free(&text);
        ws->comments = c;
    }
    return JX_OK;
}

/* The workbook part, through /_rels/.rels. */
static jx_error find_book(job *j)
{
    return jxw_find_book(j->uf, j->entries, j->nentries, &j->arena, &j->book.part, j->d);
}

static jx_error scan_rels(job *j, jxw_rels *r)
{
    return jxw_rels_scan_stored(j->uf, j->entries, j->nentries, r, &j->arena, j->d);
}

/* The blocks of VML shape ids the package's drawings use. */
static jx_error scan_drawings(job *j)
{
    uint32_t max_block = 0;
    jx_buf text = {0};
    jx_error err = JX_OK;
    for (size_t i = 0; i < j->nentries && !err; i++) {
        size_t n = strlen(j->entries[i]);
        if (n < 4 || strcasecmp(j->entries[i] + n - 4, ".vml") != 0)
            continue;
        err = jxw_read_part(j->uf, j->entries[i], MAX_VML_BYTES, &text, j->d);
        jxw_vml_info info;
        if (!err) {
            jxw_vml_inspect(text.data, text.len, &info);
            if (info.max_block > max_block)
                max_block = info.max_block;
        }
    }
    jx_buf_free(&text);
    j->next_block = max_block + 1;
    return err;
}

/* A sheet's comments part and drawing: existing ones to add to, or new
 * ones, with the relationships and content types they need. */
static jx_error plan_comments(job *j, size_t s)
{
    jxw_sheet *ws = &j->sheets[s];
    sheet_extra *e = &j->extra[s];
    jxw_comments *c = ws->comments;
    jx_error err = scan_rels(j, &e->rels);
    if (err)
        return err;
    const jxw_rel *cr = jxw_rels_by_type(&e->rels, "comments");
    const char *stored = cr ? stored_name(j, cr->target) : NULL;
    if (stored) {
        c->part = stored;
        c->exists = true;
        if ((err = locate(j, stored)) || (err = jxw_comments_scan(j->uf, c, j->d)))
            return err;
        if (!add_action(j, stored, ACT_COMMENTS, c))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    } else {
        c->part = new_name(j, "xl/comments%u.xml");
        c->author = -1;
        if (!c->part || !jxw_rels_add(&e->rels, &j->arena, "comments", c->part) ||
            !jxw_types_add_override(&j->types, c->part, JXW_CT_COMMENTS))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    size_t fresh = 0;
    for (size_t i = 0; i < c->ncells; i++)
        fresh += !c->cells[i].existing;
    if (ws->legacy_rid) {
        /* the sheet has a drawing: the new boxes go into it */
        const jxw_rel *vr = jxw_rels_by_id(&e->rels, ws->legacy_rid);
        const char *vml = vr ? stored_name(j, vr->target) : NULL;
        if (vml && fresh) {
            err = jxw_read_part(j->uf, vml, MAX_VML_BYTES, &e->vml_text, j->d);
            if (err)
                return err;
            jxw_vml_info *info = &e->vml_info;
            jxw_vml_inspect(e->vml_text.data, e->vml_text.len, info);
            if (info->closed) {
                c->vml = vml;
                c->vml_exists = true;
                c->next_shape = info->max_shape + 1;
                if (!add_action(j, vml, ACT_VML, e))
                    return jx_fail(j->d, JX_ERR_NOMEM, NULL);
            }
        }
    } else if (fresh) {
        c->vml = new_name(j, "xl/drawings/vmlDrawing%u.vml");
        c->idmap_first = j->next_block;
        c->idmap_count = (uint32_t)(fresh / 1024 + 1);
        c->next_shape = c->idmap_first * 1024 + 1;
        j->next_block += c->idmap_count;
        ws->add_legacy_rid = c->vml ? jxw_rels_add(&e->rels, &j->arena, "vmlDrawing", c->vml) : NULL;
        if (!ws->add_legacy_rid || !jxw_types_add_default(&j->types, "vml", JXW_CT_VML))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    if (e->rels.added.len) {
        if (e->rels.exists && !add_action(j, e->rels.part, ACT_RELS, &e->rels))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
        if (!e->rels.exists && !jxw_types_add_default(&j->types, "rels", JXW_CT_RELS))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    return JX_OK;
}

static int cmp_copy(const void *x, const void *y)
{
    const jxw_xf_copy *a = x, *b = y;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return (int)a->mark - (int)b->mark;
}

/* The cell formats to copy with a fill: one per (style, mark) of the
 * highlighted cells; then the styles part's plan, and each cell's new s. */
static jx_error plan_styles(job *j)
{
    jxw_styles *st = &j->styles;
    size_t n = 0;
    for (size_t s = 0; s < j->nsheets; s++)
        for (size_t i = 0; i < j->sheets[s].ncells; i++)
            n += j->sheets[s].cells[i].mark && j->sheets[s].cells[i].present;
    st->copies = jx_arena_calloc(&j->arena, n ? n : 1, sizeof *st->copies);
    if (!st->copies)
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    for (size_t s = 0; s < j->nsheets; s++)
        for (size_t i = 0; i < j->sheets[s].ncells; i++) {
            const jxw_cell *c = &j->sheets[s].cells[i];
            if (c->mark && c->present)
                st->copies[st->ncopies++] = (jxw_xf_copy){.from = c->style, .mark = c->mark};
        }
    qsort(st->copies, st->ncopies, sizeof *st->copies, cmp_copy);
    size_t w = 0;
    for (size_t i = 0; i < st->ncopies; i++)
        if (!w || cmp_copy(&st->copies[w - 1], &st->copies[i]) != 0)
            st->copies[w++] = st->copies[i];
    st->ncopies = w;
    jxw_rels_init(&j->book_rels, j->book.part, jx_part_rels(&j->arena, j->book.part));
    if (!j->book_rels.part)
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    jx_error err = scan_rels(j, &j->book_rels);
    if (err)
        return err;
    const jxw_rel *sr = jxw_rels_by_type(&j->book_rels, "styles");
    const char *stored = sr ? stored_name(j, sr->target) : NULL;
    if (stored) {
        st->part = stored;
        st->exists = true;
        if ((err = locate(j, stored)) || (err = jxw_styles_scan(j->uf, st, &j->arena, j->d)))
            return err;
        if (!add_action(j, stored, ACT_STYLES, st))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    } else {
        st->part = new_name(j, "xl/styles%u.xml");
        if (!st->part || !jxw_rels_add(&j->book_rels, &j->arena, "styles", st->part) ||
            !jxw_types_add_override(&j->types, st->part, JXW_CT_STYLES))
            return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    jxw_styles_plan(st);
    for (size_t s = 0; s < j->nsheets; s++)
        for (size_t i = 0; i < j->sheets[s].ncells; i++) {
            jxw_cell *c = &j->sheets[s].cells[i];
            if (!c->mark || !c->present)
                continue;
            jxw_xf_copy key = {.from = c->style, .mark = c->mark};
            const jxw_xf_copy *found = bsearch(&key, st->copies, st->ncopies, sizeof key, cmp_copy);
            c->new_style = st->first_copy + (uint32_t)(found - st->copies);
        }
    return JX_OK;
}

/* "校验结果", or "校验结果 (2)" ... when a sheet has that name. */
static const char *report_name(job *j)
{
    char name[64];
    for (unsigned n = 1;; n++) {
        if (n == 1)
            snprintf(name, sizeof name, "%s", REPORT_SHEET);
        else
            snprintf(name, sizeof name, "%s (%u)", REPORT_SHEET, n);
        const char **names = j->book.names.data;
        bool taken = false;
        for (size_t i = 0; i < j->book.names.len && !taken; i++)
            taken = strcasecmp(names[i], name) == 0;
        if (!taken)
            return jx_arena_strdup(&j->arena, name);
    }
}

static jx_error plan_annotations(job *j)
{
    jx_error err = plan_rows(j);
    if (!err)
        err = plan_note_cells(j);
    const char *types = err ? NULL : stored_name(j, "[Content_Types].xml");
    if (!err && !types)
        err = jx_fail(j->d, JX_ERR_MISSING_PART, "[Content_Types].xml");
    if (!err && !(err = locate(j, types)))
        err = jxw_types_scan(j->uf, &j->types, &j->arena, j->d);
    if (!err)
        err = find_book(j);
    if (!err && !(err = locate(j, j->book.part)))
        err = jxw_book_scan(j->uf, &j->book, &j->arena, j->d);
    if (!err)
        err = plan_styles(j);
    if (!err)
        err = scan_drawings(j);
    for (size_t s = 0; !err && s < j->nsheets; s++) {
        jxw_rels_init(&j->extra[s].rels, j->sheets[s].part, jx_part_rels(&j->arena, j->sheets[s].part));
        if (!j->extra[s].rels.part)
            err = jx_fail(j->d, JX_ERR_NOMEM, NULL);
        else if (j->sheets[s].comments)
            err = plan_comments(j, s);
    }
    if (err)
        return err;
    /* the findings sheet, last in the workbook */
    j->report_part = new_name(j, "xl/worksheets/sheet%u.xml");
    j->book.add_name = report_name(j);
    j->book.add_rid = j->report_part ? jxw_rels_add(&j->book_rels, &j->arena, "worksheet", j->report_part) : NULL;
    if (!j->book.add_name || !j->book.add_rid || !jxw_types_add_override(&j->types, j->report_part, JXW_CT_SHEET))
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    if (!add_action(j, j->book.part, ACT_BOOK, &j->book) ||
        (j->book_rels.exists && !add_action(j, j->book_rels.part, ACT_RELS, &j->book_rels)) ||
        (!j->book_rels.exists && !jxw_types_add_default(&j->types, "rels", JXW_CT_RELS)) ||
        !add_action(j, types, ACT_TYPES, &j->types))
        return jx_fail(j->d, JX_ERR_NOMEM, NULL);
    return JX_OK;
}

/* ---- the write pass ---- */

static jx_error edit_entry(job *j, zipFile zf, const char *name, const unz_file_info64 *info, const action *a)
{
    jx_error err = jxw_entry_open(zf, name, info, j->d);
    if (err)
        return err;
    jx_buf out = {0};
    switch (a->kind) {
    case ACT_SHEET: err = jxw_sheet_edit(j->uf, zf, a->ctx, j->d); break;
    case ACT_STYLES: err = jxw_styles_edit(j->uf, zf, a->ctx, j->d); break;
    case ACT_BOOK: err = jxw_book_edit(j->uf, zf, a->ctx, j->d); break;
    case ACT_RELS: err = jxw_rels_edit(j->uf, zf, a->ctx, j->d); break;
    case ACT_COMMENTS: err = jxw_comments_edit(j->uf, zf, a->ctx, j->d); break;
    case ACT_TYPES: err = jxw_types_edit(j->uf, zf, a->ctx, j->d); break;
    case ACT_VML: {
        /* read whole when planned: the text with the new boxes */
        const sheet_extra *e = a->ctx;
        if (!jxw_vml_add_shapes(&out, e->vml_text.data, e->vml_text.len, &e->comments, &e->vml_info))
            err = jx_fail(j->d, JX_ERR_NOMEM, NULL);
        else if (jx_fault_io("write a drawing") || zipWriteInFileInZip(zf, out.data, (unsigned)out.len) != ZIP_OK)
            err = jx_fail(j->d, JX_ERR_IO, "write failed");
        break;
    }
    }
    jx_buf_free(&out);
    jx_error close_err = jxw_entry_close(zf, name, j->d);
    return err ? err : close_err;
}

static jx_error add_new(job *j, zipFile zf, const char *name, bool (*make)(jx_buf *, const void *), const void *ctx)
{
    jx_buf b = {0};
    jx_error err = make(&b, ctx) ? jxw_add_part(zf, name, &j->like, &b, j->d) : jx_fail(j->d, JX_ERR_NOMEM, NULL);
    jx_buf_free(&b);
    return err;
}

static bool make_styles(jx_buf *b, const void *ctx) { return jxw_styles_new_part(b, ctx); }
static bool make_comments(jx_buf *b, const void *ctx) { return jxw_comments_new_part(b, ctx); }
static bool make_vml(jx_buf *b, const void *ctx) { return jxw_vml_new_part(b, ctx); }
static bool make_rels(jx_buf *b, const void *ctx) { return jxw_rels_new_part(b, ctx); }
static bool make_report(jx_buf *b, const void *ctx)
{
    const job *j = ctx;
    return jxw_report_part(b, j->rows, j->nrows, j->lang, &j->styles);
}

/* The parts that are new, after the input's entries. */
static jx_error add_new_parts(job *j, zipFile zf)
{
    jx_error err = add_new(j, zf, j->report_part, make_report, j);
    if (!err && !j->styles.exists)
        err = add_new(j, zf, j->styles.part, make_styles, &j->styles);
    if (!err && !j->book_rels.exists)
        err = add_new(j, zf, j->book_rels.part, make_rels, &j->book_rels);
    for (size_t s = 0; !err && s < j->nsheets; s++) {
        const sheet_extra *e = &j->extra[s];
        if (!j->sheets[s].comments)
            continue;
        if (!e->comments.exists)
            err = add_new(j, zf, e->comments.part, make_comments, &e->comments);
        if (!err && e->comments.vml && !e->comments.vml_exists)
            err = add_new(j, zf, e->comments.vml, make_vml, &e->comments);
        if (!err && !e->rels.exists && e->rels.added.len)
            err = add_new(j, zf, e->rels.part, make_rels, &e->rels);
    }
    return err;
}

static jx_error write_pass(job *j, zipFile zf)
{
    jx_error err = JX_OK;
    int r = unzGoToFirstFile(j->uf);
    while (!err && r == UNZ_OK) {
        unz_file_info64 info;
        char name[1024];
        if (unzGetCurrentFileInfo64(j->uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) {
            err = jx_fail(j->d, JX_ERR_ZIP_CORRUPT, "unreadable entry");
            break;
        }
        const action *a = action_for(j, name);
        err = a ? edit_entry(j, zf, name, &info, a) : jxw_copy_raw(j->uf, zf, name, &info, j->d);
        r = err ? r : unzGoToNextFile(j->uf);
    }
    if (!err && r != UNZ_END_OF_LIST_OF_FILE)
        err = jx_fail(j->d, JX_ERR_ZIP_CORRUPT, "unreadable central directory");
    if (!err && j->annotate)
        err = add_new_parts(j, zf);
    return err;
}

static void job_free(job *j)
{
    for (size_t s = 0; j->extra && s < j->nsheets; s++) {
        jxw_rels_free(&j->extra[s].rels);
        jx_buf_free(&j->extra[s].vml_text);
    }
    free(j->extra);
    jx_vec_free(&j->types.defaults);
    jx_buf_free(&j->types.add);
    jx_vec_free(&j->book.names);
    jxw_rels_free(&j->book_rels);
    jx_vec_free(&j->actions);
    jx_arena_free(&j->arena);
}

static jx_error run_job(job *j, const char *in_path, const char *tmp, size_t *skipped)
{
    jx_error err = gather(j, in_path);
    if (err)
        return err;
    j->uf = unzOpen64(in_path);
    zipFile zf = j->uf && !jx_fault_io("open the zip") ? zipOpen64(tmp, APPEND_STATUS_CREATE) : NULL;
    if (!j->uf || !zf)
        err = jx_fail(j->d, j->uf ? JX_ERR_IO : JX_ERR_NOT_ZIP, "cannot open");
    if (!err)
        err = list_entries(j);
    if (!err)
        err = scan_sheets(j, skipped);
    if (!err && j->annotate) {
        j->extra = jx_calloc(j->nsheets ? j->nsheets : 1, sizeof *j->extra);
        err = j->extra ? plan_annotations(j) : jx_fail(j->d, JX_ERR_NOMEM, NULL);
    }
    for (size_t s = 0; !err && s < j->nsheets; s++)
        if (sheet_changes(&j->sheets[s]) && !add_action(j, j->sheets[s].part, ACT_SHEET, &j->sheets[s]))
            err = jx_fail(j->d, JX_ERR_NOMEM, NULL);
    if (!err)
        err = write_pass(j, zf);
    /* zipClose frees the zip even when it fails */
    if (zf && (zipClose(zf, NULL) != ZIP_OK || jx_fault_io("close the zip")) && !err)
        err = jx_fail(j->d, JX_ERR_IO, "write failed");
    if (j->uf)
        unzClose(j->uf);
    return err;
}

static jx_error write_job(const char *in_path, jx_patch *patches, size_t count, const jx_note *notes, size_t nnotes,
                          jx_lang lang, bool annotate, const char *out_path, jx_annotated *result, jx_diag *diag)
{
    jx_annotated res = {0};
    jx_diag_clear(diag);
    jx_diag_set_file(diag, out_path);
    char *tmp = jxw_temp_beside(out_path, in_path, diag);
    if (!tmp)
        return diag ? diag->code : JX_ERR_IO;
    jx_error err;
    if (count == 0 && !annotate) {
        /* nothing to change: the output is the input, byte for byte */
        err = jxw_copy_bytes(in_path, tmp, diag);
    } else {
        jx_diag d;
        jx_diag_clear(&d);
        jx_diag_set_file(&d, out_path);
        job j = {.patches = patches, .count = count, .notes = notes, .nnotes = nnotes, .lang = lang,
                 .annotate = annotate, .d = &d};
        jx_arena_init(&j.arena, 64 * 1024);
        jx_vec_init(&j.actions, sizeof(action));
        jx_vec_init(&j.types.defaults, sizeof(const char *));
        jx_vec_init(&j.book.names, sizeof(const char *));
        jxw_rels_init(&j.book_rels, "", NULL);
        err = run_job(&j, in_path, tmp, &res.skipped);
        if (!err && annotate) {
            for (size_t s = 0; s < j.nsheets; s++) {
                const jxw_sheet *ws = &j.sheets[s];
                res.comments += ws->comments ? ws->comments->ncells : 0;
                for (size_t i = 0; i < ws->ncells; i++)
                    res.highlighted += ws->cells[i].mark && ws->cells[i].present;
            }
            snprintf(res.sheet, sizeof res.sheet, "%s", j.book.add_name);
            res.listed = j.nrows;
        }
        job_free(&j);
        if (err && diag)
            *diag = d;
    }
    if (!err)
        err = jxw_commit(tmp, out_path, diag);
    if (err)
        unlink(tmp);
    free(tmp);
    if (diag && err) {
        diag->code = err;
        if (!diag->file[0])
            jx_diag_set_file(diag, out_path);
    }
    if (result)
        *result = res;
    return err;
}

jx_error jx_write_patched(const char *in_path, jx_patch *patches, size_t count, const char *out_path,
                          size_t *skipped, jx_diag *diag)
{
    jx_annotated res;
    jx_error err = write_job(in_path, patches, count, NULL, 0, JX_LANG_ZH, false, out_path, &res, diag);
    if (skipped)
        *skipped = err ? 0 : res.skipped;
    return err;
}

jx_error jx_write_annotated(const char *in_path, jx_patch *patches, size_t count, const jx_note *notes,
                            size_t nnotes, jx_lang lang, const char *out_path, jx_annotated *result, jx_diag *diag)
{
    if (!in_path || !out_path || (count && !patches) || (nnotes && !notes)) {
        jx_diag_clear(diag);
        return jx_fail(diag, JX_ERR_USAGE, "jx_write_annotated: missing argument");
    }
    return write_job(in_path, patches, count, notes, nnotes, lang, true, out_path, result, diag);
}
