/*
 * plan.c - turns findings that carry a fix into cell patches.
 *
 * Only findings with a certain fix become patches (the rules set `fix`
 * only then).  A cell two findings want to change to different texts is
 * not touched: that is a decision for a person, counted as a conflict.
 * Amounts stored as text become numeric cells; every other fix is text.
 *
 * Invariant: the plan owns its strings, sorted by sheet, row and column,
 * one patch per cell.
 */
#include "common/common.h"

#include <stdlib.h>
#include <string.h>

/* Rules whose fix turns a text cell into a number. */
static const char *const numeric_rules[] = {"amount.text"};

typedef struct plan_box {
    jx_fix_plan pub;
    jx_arena arena;
} plan_box;

static bool numeric_rule(const char *rule)
{
    for (size_t i = 0; i < sizeof numeric_rules / sizeof numeric_rules[0]; i++)
        if (strcmp(rule, numeric_rules[i]) == 0)
            return true;
    return false;
}

static int cmp_patch(const void *x, const void *y)
{
    const jx_patch *a = x, *b = y;
    int r = jx_cmp_sheet_cell(a->sheet, a->at, b->sheet, b->at);
    return r ? r : strcmp(a->rule, b->rule);
}

void jx_fix_plan_free(jx_fix_plan *p)
{
    if (!p)
        return;
    plan_box *box = (plan_box *)p;
    jx_arena_free(&box->arena);
    free(box);
}

jx_error jx_fix_plan_make(const jx_findings *f, jx_fix_plan **out)
{
    *out = NULL;
    plan_box *box = jx_calloc(1, sizeof *box);
    if (!box)
        return JX_ERR_NOMEM;
    jx_arena_init(&box->arena, 16 * 1024);
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += f->items[i].fix && f->items[i].sheet && f->items[i].at.row;
    jx_patch *all = jx_arena_calloc(&box->arena, n ? n : 1, sizeof *all);
    if (!all) {
        jx_fix_plan_free(&box->pub);
        return JX_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < f->count; i++) {
        const jx_finding *x = &f->items[i];
        if (!x->fix || !x->sheet || !x->at.row)
            continue;
        all[k].sheet = jx_arena_strdup(&box->arena, x->sheet);
        all[k].at = x->at;
        all[k].before = x->text ? jx_arena_strdup(&box->arena, x->text) : NULL;
        all[k].text = jx_arena_strdup(&box->arena, x->fix);
        all[k].as_number = numeric_rule(x->rule);
        all[k].rule = jx_arena_strdup(&box->arena, x->rule);
        if (!all[k].sheet || !all[k].text || !all[k].rule || (x->text && !all[k].before)) {
            jx_fix_plan_free(&box->pub);
            return JX_ERR_NOMEM;
        }
        k++;
    }
    if (k)
        qsort(all, k, sizeof *all, cmp_patch);
    /* one patch per cell: agreeing fixes merge, disagreeing ones cancel */
    size_t w = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        bool agree = true;
        while (j < k && jx_cmp_sheet_cell(all[j].sheet, all[j].at, all[i].sheet, all[i].at) == 0) {
            agree &= strcmp(all[j].text, all[i].text) == 0 && all[j].as_number == all[i].as_number;
            j++;
        }
        if (agree)
            all[w++] = all[i];
        else
            box->pub.conflicts += j - i;
        i = j;
    }
    box->pub.patches = all;
    box->pub.count = w;
    *out = &box->pub;
    return JX_OK;
}
