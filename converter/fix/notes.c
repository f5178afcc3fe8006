/*
 * notes.c - what a fix run shows inside the workbook: the findings left
 * after fixing, and the findings whose fix was written.
 *
 * A finding of `before` was fixed when a patch the writer applied (not
 * skipped) changed its cell to the text the finding asked for; findings
 * that agreed on a cell share that patch, so each is marked fixed.  A
 * finding whose cell two rules wanted changed differently has no patch
 * and, still being there, comes from `after`.
 *
 * Invariant: the notes own their strings (one arena).
 */
#include "common/common.h"

#include <stdlib.h>
#include <string.h>

typedef struct notes_box {
    jx_notes pub;
    jx_arena arena;
} notes_box;

void jx_notes_free(jx_notes *n)
{
    if (!n)
        return;
    notes_box *box = (notes_box *)n;
    jx_arena_free(&box->arena);
    free(box);
}

static int cmp_place(const char *sheet, jx_origin at, const jx_patch *p)
{
    int r = strcmp(sheet, p->sheet);
    if (r)
        return r;
    if (at.row != p->at.row)
        return at.row < p->at.row ? -1 : 1;
    return at.col < p->at.col ? -1 : at.col > p->at.col;
}

/* The plan's patches are sorted by sheet, row and column, one per cell. */
static const jx_patch *applied_patch(const jx_fix_plan *plan, const jx_finding *f)
{
    if (!plan || !f->fix || !f->sheet || !f->at.row)
        return NULL;
    size_t lo = 0, hi = plan->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const jx_patch *p = &plan->patches[mid];
        int r = cmp_place(f->sheet, f->at, p);
        if (r == 0)
            return !p->skipped && strcmp(p->text, f->fix) == 0 ? p : NULL;
        if (r > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool copy_note(jx_arena *a, jx_note *n, const jx_finding *f, const jx_patch *p)
{
    n->sheet = f->sheet ? jx_arena_strdup(a, f->sheet) : NULL;
    n->at = f->at;
    n->rule = jx_arena_strdup(a, f->rule ? f->rule : "");
    n->severity = f->severity;
    n->message = jx_arena_strdup(a, f->message ? f->message : "");
    n->fixed = p != NULL;
    n->before = p && p->before ? jx_arena_strdup(a, p->before) : NULL;
    n->after = p ? jx_arena_strdup(a, p->text) : NULL;
    return (!f->sheet || n->sheet) && n->rule && n->message && (!p || n->after) && (!p || !p->before || n->before);
}

jx_error jx_notes_make(const jx_findings *before, const jx_fix_plan *plan, const jx_findings *after, jx_notes **out)
{
    *out = NULL;
    notes_box *box = jx_calloc(1, sizeof *box);
    if (!box)
        return JX_ERR_NOMEM;
    jx_arena_init(&box->arena, 16 * 1024);
    size_t n = after ? after->count : 0;
    for (size_t i = 0; before && i < before->count; i++)
        n += applied_patch(plan, &before->items[i]) != NULL;
    jx_note *items = jx_arena_calloc(&box->arena, n ? n : 1, sizeof *items);
    bool ok = items != NULL;
    size_t k = 0;
    for (size_t i = 0; ok && after && i < after->count; i++)
        ok = copy_note(&box->arena, &items[k++], &after->items[i], NULL);
    for (size_t i = 0; ok && before && i < before->count; i++) {
        const jx_patch *p = applied_patch(plan, &before->items[i]);
        if (p)
            ok = copy_note(&box->arena, &items[k++], &before->items[i], p);
    }
    if (!ok) {
        jx_notes_free(&box->pub);
        return JX_ERR_NOMEM;
    }
    box->pub.items = items;
    box->pub.count = k;
    *out = &box->pub;
    return JX_OK;
}
