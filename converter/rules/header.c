/*
 * header.c - Header rules: periods, required fields, department names.
 *
 * The header of a form is what stands above its indicator table: names,
 * the implementation period, the amounts and the goals.  These rules read
 * the model's slots for them (jx_form); a slot the form has a place for
 * but left empty keeps its cell (`at`), and findings point there.
 */
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An end year that means "ongoing" (常年项目): 99年 as some forms write it,
 * 2099, or later (金寨 writes 2123: the start year plus 99 years). */
#define ONGOING_FROM 2099
static bool ongoing(int end) { return end == 99 || end >= ONGOING_FROM; }

/* The text of the form's cell at `at`, when the model kept it as a field
 * (the period's cells are fields: 起始年度, 到期年度, 项目实施周期 …). */
static const char *text_at(const jx_form *f, jx_origin at)
{
    if (!at.row)
        return NULL;
    for (size_t i = 0; i < f->field_count; i++)
        if (f->fields[i].at.row == at.row && f->fields[i].at.col == at.col)
            return f->fields[i].value;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* period.order, period.ended                                          */
/* ------------------------------------------------------------------ */

void jx_rule_period_order(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        if (!f->has_period || !f->period_start || !f->period_end || ongoing(f->period_end))
            continue;
        if (f->period_start <= f->period_end)
            continue;
        jx_report(c, f, f->period_end_at, -1, NULL, text_at(f, f->period_end_at),
                  "实施期限起始年度 %d 晚于到期年度 %d；到期年度不能早于起始年度",
                  "the period starts in %d but ends in %d; it cannot end before it starts", f->period_start,
                  f->period_end);
    }
}

void jx_rule_period_ended(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        if (!f->has_period || !f->period_end || !f->year || ongoing(f->period_end))
            continue;
        if (f->period_end >= f->year)
            continue;
        /* a start after the end is period.order's finding, not this one */
        if (f->period_start && f->period_start > f->period_end)
            continue;
        jx_report(c, f, f->period_end_at, -1, NULL, text_at(f, f->period_end_at),
                  "实施期到 %d 年结束，早于本表的预算年度 %d 年；申报 %d 年预算的项目，实施期应至少延续到该年"
                  "（常年项目写 2099 年）",
                  "the period ends in %d, before the form's budget year %d; a project filed for %d must run at "
                  "least into that year (ongoing projects end in 2099)",
                  f->period_end, f->year, f->year);
    }
}

/* ------------------------------------------------------------------ */
/* field.required                                                      */
/* ------------------------------------------------------------------ */

/* Where a missing value should go: the slot's own place, else the first
 * of the alternatives that has one; {0,0} when the form has no place. */
static jx_origin place(jx_origin a, jx_origin b, jx_origin c)
{
    if (a.row)
        return a;
    if (b.row)
        return b;
    return c;
}

static void required(jx_check *c, const jx_form *f, jx_origin at, const char *zh, const char *en)
{
    jx_report(c, f, at, -1, NULL, NULL, "必填项“%s”为空，请填写", "the required field %s is empty; fill it in",
              c->lang == JX_LANG_EN ? en : zh);
}

void jx_rule_field_required(jx_check *c, const jx_model *m)
{
    static const jx_origin none = {0, 0};
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        if (!f->kind)
            continue;
        if (strcmp(f->kind, "project") == 0) {
            if (jx_rule_blank(f->project.s))
                required(c, f, f->project.at, "项目名称", "项目名称 (project name)");
            if (jx_rule_blank(f->department.s))
                required(c, f, f->department.at, "主管部门", "主管部门 (department)");
            if (!f->total.present && !f->annual.present)
                required(c, f, place(f->total.at, f->annual.at, none), "资金金额",
                         "资金金额 (the amount)");
            bool multi_year = f->has_period && f->period_start && f->period_end &&
                              f->period_end > f->period_start;
            if (jx_rule_blank(f->goal_period.s) && jx_rule_blank(f->goal_annual.s))
                required(c, f, place(f->goal_period.at, f->goal_annual.at, none), "总体绩效目标",
                         "总体绩效目标 (the goals)");
            else if (multi_year && jx_rule_blank(f->goal_period.s)) {
                char span[64];
                if (ongoing(f->period_end))
                    snprintf(span, sizeof span, "%d–", f->period_start);
                else
                    snprintf(span, sizeof span, "%d–%d", f->period_start, f->period_end);
                jx_report(c, f, f->goal_period.at, -1, NULL, NULL,
                          "实施期 %s 年跨年度，须填写实施周期（中期、长期）绩效目标，现为空",
                          "the period %s spans several years, so its period (中期/长期) goal is required; it is "
                          "empty",
                          span);
            }
        } else if (strcmp(f->kind, "department") == 0) {
            if (jx_rule_blank(f->department.s))
                required(c, f, f->department.at, "部门名称", "部门名称 (department)");
            if (!f->total.present)
                required(c, f, place(f->total.at, f->fiscal.at, none), "资金总额（财政拨款）",
                         "资金总额 (the department's funds)");
            if (jx_rule_blank(f->goal_annual.s))
                required(c, f, f->goal_annual.at, "总体绩效目标（年度）", "总体绩效目标 (the annual goal)");
        }
        /* budget tables have no header fields of this kind */
    }
}

/* ------------------------------------------------------------------ */
/* department.spelling                                                 */
/* ------------------------------------------------------------------ */

#define MAX_NAME_CPS 128

/* UTF-8 to code points (at most max); returns the count, or max + 1 when
 * the name is longer. */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t len;
        if (*p < 0x80) {
            cp = *p;
            len = 1;
        } else if ((*p & 0xE0) == 0xC0) {
            cp = *p & 0x1F;
            len = 2;
        } else if ((*p & 0xF0) == 0xE0) {
            cp = *p & 0x0F;
            len = 3;
        } else {
            cp = *p & 0x07;
            len = 4;
        }
        size_t k = 1;
        for (; k < len && (p[k] & 0xC0) == 0x80; k++)
            cp = (cp << 6) | (p[k] & 0x3F);
        p += k;
        if (n == max)
            return max + 1;
        out[n++] = cp;
    }
    return n;
}

/* Levenshtein distance of two code point strings, or limit + 1 when it
 * exceeds limit. */
static size_t edit_distance(const uint32_t *a, size_t la, const uint32_t *b, size_t lb, size_t limit)
{
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t prev[MAX_NAME_CPS + 1], cur[MAX_NAME_CPS + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min > limit)
            return limit + 1;
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb] <= limit ? prev[lb] : limit + 1;
}

/* How far apart two spellings of one name may be: one character in a
 * name of four or more, two in a name of ten or more.  Shorter names
 * differing that much are different departments (民政局 / 财政局). */
static size_t allowed_distance(size_t longer)
{
    return longer >= 10 ? 2 : longer >= 4 ? 1 : 0;
}

typedef struct spelling {
    char *norm;             /* the normalised name */
    const char *written;    /* a spelling as written (the first without stray spaces, if any) */
    size_t cells;           /* distinct (sheet, cell)s holding it */
    uint32_t cps[MAX_NAME_CPS];
    size_t ncps;            /* MAX_NAME_CPS + 1: too long to compare */
} spelling;

/* Forms that share their department cell (沅江's project forms share the
 * sheet's 部门 line) count it once: `first[i]` is true for the first form
 * of each (sheet, cell). */
typedef struct cell_ref_of { const char *sheet; jx_origin at; size_t form; } cell_ref_of;

static int cmp_cell_ref(const void *x, const void *y)
{
    const cell_ref_of *a = x, *b = y;
    int r = jx_cmp_sheet_cell(a->sheet, a->at, b->sheet, b->at);
    return r ? r : (a->form < b->form ? -1 : a->form > b->form);
}

static bool first_of_cells(const jx_model *m, bool *first)
{
    cell_ref_of *refs = jx_malloc(m->form_count * sizeof *refs);
    if (!refs)
        return false;
    for (size_t i = 0; i < m->form_count; i++) {
        const jx_form *f = &m->forms[i];
        refs[i] = (cell_ref_of){f->sheet ? f->sheet : "", f->department.at, i};
    }
    qsort(refs, m->form_count, sizeof *refs, cmp_cell_ref);
    for (size_t i = 0; i < m->form_count; i++) {
        /* a form without a cell for its department is a place of its own */
        const cell_ref_of *a = &refs[i], *p = i ? &refs[i - 1] : NULL;
        first[a->form] = !p || !a->at.row || strcmp(p->sheet, a->sheet) != 0 || p->at.row != a->at.row ||
                         p->at.col != a->at.col;
    }
    free(refs);
    return true;
}

static size_t find_spelling(const jx_vec *v, const char *norm)
{
    const spelling *s = v->data;
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(s[i].norm, norm) == 0)
            return i;
    return SIZE_MAX;
}

void jx_rule_department_spelling(jx_check *c, const jx_model *m)
{
    jx_vec names;
    jx_vec_init(&names, sizeof(spelling));
    if (!m->form_count)
        return;
    size_t *form_name = jx_calloc(m->form_count, sizeof *form_name);
    bool *first = jx_calloc(m->form_count, sizeof *first);
    if (!form_name || !first || !first_of_cells(m, first)) {
        free(form_name);
        free(first);
        c->err = JX_ERR_NOMEM;
        return;
    }
    char norm[1024];
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        form_name[fi] = SIZE_MAX;
        if (jx_rule_blank(f->department.s))
            continue;
        jx_rule_norm(f->department.s, norm, sizeof norm);
        size_t k = find_spelling(&names, norm);
        if (k == SIZE_MAX) {
            spelling *s = jx_vec_push(&names);
            if (!s || !(s->norm = jx_malloc(strlen(norm) + 1))) {
                c->err = JX_ERR_NOMEM;
                break;
            }
            strcpy(s->norm, norm);
            s->written = f->department.s;
            s->ncps = code_points(norm, s->cps, MAX_NAME_CPS);
            k = names.len - 1;
        }
        spelling *s = (spelling *)names.data + k;
        if (strcmp(s->written, s->norm) != 0 && strcmp(f->department.s, s->norm) == 0)
            s->written = f->department.s;
        if (first[fi])
            s->cells++;
        form_name[fi] = k;
    }
    /* each spelling's nearest more frequent spelling within reach, if any */
    spelling *sp = names.data;
    size_t *major = names.len ? jx_malloc(names.len * sizeof *major) : NULL;
    if (names.len && !major)
        c->err = JX_ERR_NOMEM;
    for (size_t i = 0; i < names.len && !c->err; i++) {
        major[i] = SIZE_MAX;
        if (sp[i].ncps > MAX_NAME_CPS)
            continue;
        size_t best_d = SIZE_MAX;
        for (size_t j = 0; j < names.len; j++) {
            if (j == i || sp[j].cells <= sp[i].cells || sp[j].ncps > MAX_NAME_CPS)
                continue;
            size_t longer = sp[i].ncps > sp[j].ncps ? sp[i].ncps : sp[j].ncps;
            size_t limit = allowed_distance(longer);
            if (!limit)
                continue;
            size_t d = edit_distance(sp[i].cps, sp[i].ncps, sp[j].cps, sp[j].ncps, limit);
            if (d == 0 || d > limit)
                continue;
            if (d < best_d || (d == best_d && sp[j].cells > sp[major[i]].cells)) {
                best_d = d;
                major[i] = j;
            }
        }
    }
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        size_t k = form_name[fi];
        if (k == SIZE_MAX || major[k] == SIZE_MAX || !first[fi])
            continue;
        const jx_form *f = &m->forms[fi];
        const spelling *right = &sp[major[k]];
        jx_report(c, f, f->department.at, -1, right->written, f->department.s,
                  "部门名称“%s”与本工作簿中多数写法“%s”（%zu 处）只差一两个字，多半是错字；应为“%s”",
                  "the department “%s” is one or two characters off “%s”, as %zu other places in this "
                  "workbook spell it; most likely a typo for “%s”",
                  f->department.s, right->written, right->cells, right->written);
    }
    for (size_t i = 0; i < names.len; i++)
        free(sp[i].norm);
    free(major);
    free(form_name);
    free(first);
    jx_vec_free(&names);
}
