/*
 * fixture.h - build indicator models by hand for rule tests.
 *
 * A test describes just the forms and indicators a rule looks at; the
 * helpers here fill the model structures (public, in jixiao.h) from static
 * storage, so a test needs no workbook and no cleanup.
 *
 *   jx_model *m = fx_model();
 *   jx_form *f = fx_form(m, "业务工作经费", "wuchuan-project", "project", 100);
 *   fx_money(&f->total, 4050000, 7, 3);           // 40500.00 元 at C7
 *   jx_indicator *i = fx_ind(f, "产出指标", "数量指标", "检查覆盖率", 12);  // row 12, 三级 in D
 *   fx_target(i, "period", "≥95%", 12, 5);        // E12
 *   jx_findings *out = fx_validate(m);
 *   fx_expect(out, "target.percent", "业务工作经费", "E12");   // fires here
 *   fx_expect_none(out, "target.cost-bound");              // and not this
 */
#ifndef JX_TEST_RULES_FIXTURE_H
#define JX_TEST_RULES_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jixiao.h"

#define FX_MAX_FORMS 16
#define FX_MAX_IND 64
#define FX_MAX_TARGETS 8
#define FX_MAX_KV 16
#define FX_MAX_TABLES 4
#define FX_MAX_ROWS 32
#define FX_MAX_VALUES 16

typedef struct fx_store {
    jx_model model;
    jx_form forms[FX_MAX_FORMS];
    jx_indicator ind[FX_MAX_FORMS][FX_MAX_IND];
    jx_target targets[FX_MAX_FORMS][FX_MAX_IND][FX_MAX_TARGETS];
    char units[FX_MAX_FORMS][FX_MAX_IND][FX_MAX_TARGETS][32];
    jx_kv fields[FX_MAX_FORMS][FX_MAX_KV];
    jx_amount amounts[FX_MAX_FORMS][FX_MAX_KV];
    jx_table tables[FX_MAX_FORMS][FX_MAX_TABLES];
    jx_row rows[FX_MAX_FORMS][FX_MAX_TABLES][FX_MAX_ROWS];
    jx_row_value values[FX_MAX_FORMS][FX_MAX_TABLES][FX_MAX_ROWS][FX_MAX_VALUES];
    const char *list_names[FX_MAX_FORMS][4];
} fx_store;

static fx_store fx_s;

static inline jx_model *fx_model(void)
{
    memset(&fx_s, 0, sizeof fx_s);
    fx_s.model.file = "test.xlsx";
    fx_s.model.forms = fx_s.forms;
    return &fx_s.model;
}

static inline size_t fx_index(const jx_form *f) { return (size_t)(f - fx_s.forms); }

/* money_unit: 100 for forms in 元, 1000000 for 万元 */
static inline jx_form *fx_form(jx_model *m, const char *sheet, const char *template_id, const char *kind,
                               int64_t money_unit)
{
    assert_true(m->form_count < FX_MAX_FORMS);
    jx_form *f = &fx_s.forms[m->form_count++];
    f->sheet = sheet;
    f->template_id = template_id;
    f->kind = kind;
    f->money_unit = money_unit;
    f->indicators = fx_s.ind[fx_index(f)];
    f->fields = fx_s.fields[fx_index(f)];
    f->amounts = fx_s.amounts[fx_index(f)];
    f->tables = fx_s.tables[fx_index(f)];
    f->table_at = (jx_origin){11, 2};
    return f;
}

static inline void fx_text(jx_text *t, const char *s, uint32_t row, uint32_t col)
{
    t->s = s;
    t->at = (jx_origin){row, col};
}

static inline void fx_money(jx_money *mo, int64_t fen, uint32_t row, uint32_t col)
{
    mo->present = 1;
    mo->fen = fen;
    mo->at = (jx_origin){row, col};
}

static inline jx_amount *fx_amount(jx_form *f, const char *key, int64_t fen, uint32_t row, uint32_t col)
{
    assert_true(f->amount_count < FX_MAX_KV);
    jx_amount *a = &f->amounts[f->amount_count++];
    a->key = key;
    fx_money(&a->money, fen, row, col);
    return a;
}

static inline jx_kv *fx_field(jx_form *f, const char *key, const char *value, uint32_t row, uint32_t col)
{
    assert_true(f->field_count < FX_MAX_KV);
    jx_kv *kv = &f->fields[f->field_count++];
    kv->key = key;
    kv->value = value;
    kv->at = (jx_origin){row, col};
    return kv;
}

/* An indicator on `row`: 一级 in B, 二级 in C, 三级 in D (any may be NULL). */
static inline jx_indicator *fx_ind(jx_form *f, const char *l1, const char *l2, const char *l3, uint32_t row)
{
    assert_true(f->indicator_count < FX_MAX_IND);
    size_t k = f->indicator_count++;
    jx_indicator *i = &f->indicators[k];
    fx_text(&i->level1, l1, l1 ? row : 0, 2);
    fx_text(&i->level2, l2, l2 ? row : 0, 3);
    fx_text(&i->level3, l3, l3 ? row : 0, l3 ? 4 : 0);
    i->targets = fx_s.targets[fx_index(f)][k];
    /* as the reader does: the 三级 cell, or without a name the row's first
     * target (set by fx_target) */
    i->at = (jx_origin){row, l3 ? 4 : 0};
    i->lists = 1;
    return i;
}

/* A target as the reader would give it (text parsed as jixiao parses it);
 * text NULL: the form has the cell but it is empty. */
static inline jx_target *fx_target(jx_indicator *i, const char *key, const char *text, uint32_t row, uint32_t col)
{
    assert_true(i->target_count < FX_MAX_TARGETS);
    size_t fi = 0, ii = 0;
    for (fi = 0; fi < FX_MAX_FORMS; fi++)
        if (i >= fx_s.ind[fi] && i < fx_s.ind[fi] + FX_MAX_IND) {
            ii = (size_t)(i - fx_s.ind[fi]);
            break;
        }
    size_t k = i->target_count++;
    jx_target *t = &i->targets[k];
    char *unit = fx_s.units[fi][ii][k];
    memset(t, 0, sizeof *t);
    if (text)
        jx_target_parse(text, t, unit, 32);
    t->key = key;
    t->text = text;
    t->at = (jx_origin){row, col};
    if (!i->level3.s && !i->at.col && text)
        i->at = t->at;
    return t;
}

/* Several lists (金寨's 中期/年度): names, and which lists an indicator is in. */
static inline void fx_lists(jx_form *f, const char *a, const char *b)
{
    fx_s.list_names[fx_index(f)][0] = a;
    fx_s.list_names[fx_index(f)][1] = b;
    f->list_names = fx_s.list_names[fx_index(f)];
    f->list_count = 2;
}

static inline jx_table *fx_table(jx_form *f, const char *name)
{
    assert_true(f->table_count < FX_MAX_TABLES);
    jx_table *t = &f->tables[f->table_count++];
    t->name = name;
    t->rows = fx_s.rows[fx_index(f)][(size_t)(t - f->tables)];
    return t;
}

static inline jx_row *fx_row(jx_table *t, uint32_t row)
{
    assert_true(t->row_count < FX_MAX_ROWS);
    jx_row *r = &t->rows[t->row_count++];
    r->row = row;
    size_t fi = 0, ti = 0;
    for (fi = 0; fi < FX_MAX_FORMS; fi++)
        if (t >= fx_s.tables[fi] && t < fx_s.tables[fi] + FX_MAX_TABLES) {
            ti = (size_t)(t - fx_s.tables[fi]);
            break;
        }
    r->values = fx_s.values[fi][ti][t->row_count - 1];
    return r;
}

/* A value in a row; fen < 0 with is_money 0 for text. */
static inline void fx_value(jx_row *r, const char *key, const char *text, int is_money, int64_t fen, uint32_t col)
{
    assert_true(r->count < FX_MAX_VALUES);
    jx_row_value *v = &r->values[r->count++];
    v->key = key;
    v->text = text;
    v->is_money = is_money;
    v->at = (jx_origin){r->row, col};
    if (is_money) {
        v->money.present = 1;
        v->money.fen = fen;
        v->money.at = v->at;
    }
}

static inline jx_findings *fx_validate(jx_model *m)
{
    jx_findings *out = NULL;
    assert_int_equal(jx_validate(m, JX_LANG_ZH, &out), JX_OK);
    return out;
}

static inline const jx_finding *fx_find(const jx_findings *f, const char *rule, const char *sheet, const char *cell)
{
    for (size_t i = 0; i < f->count; i++) {
        const jx_finding *x = &f->items[i];
        char ref[16] = "";
        if (x->at.row)
            jx_cell_ref(x->at.row, x->at.col, ref);
        if (strcmp(x->rule, rule) == 0 && (!sheet || (x->sheet && strcmp(x->sheet, sheet) == 0)) &&
            (!cell || strcmp(ref, cell) == 0))
            return x;
    }
    return NULL;
}

static inline void fx_dump(const jx_findings *f)
{
    for (size_t i = 0; i < f->count; i++) {
        char ref[16] = "-";
        if (f->items[i].at.row)
            jx_cell_ref(f->items[i].at.row, f->items[i].at.col, ref);
        print_message("  %s %s!%s %s: %s [fix: %s]\n", jx_severity_name(f->items[i].severity),
                      f->items[i].sheet ? f->items[i].sheet : "-", ref, f->items[i].rule, f->items[i].message,
                      f->items[i].fix ? f->items[i].fix : "-");
    }
}

/* The rule fired at that cell (with that severity when sev >= 0). */
static inline const jx_finding *fx_expect_at(const jx_findings *f, const char *rule, const char *sheet,
                                             const char *cell, int sev, const char *file, int line)
{
    const jx_finding *x = fx_find(f, rule, sheet, cell);
    if (!x) {
        fx_dump(f);
        _fail(file, line);
    } else if (sev >= 0 && (int)x->severity != sev) {
        fx_dump(f);
        print_error("%s at %s: severity %s\n", rule, cell, jx_severity_name(x->severity));
        _fail(file, line);
    }
    return x;
}
#define fx_expect(f, rule, sheet, cell) fx_expect_at(f, rule, sheet, cell, -1, __FILE__, __LINE__)
#define fx_expect_sev(f, rule, sheet, cell, sev) fx_expect_at(f, rule, sheet, cell, sev, __FILE__, __LINE__)

/* The rule did not fire anywhere. */
#define fx_expect_none(f, rule)                                                                        \
    do {                                                                                               \
        if (fx_find(f, rule, NULL, NULL)) {                                                            \
            fx_dump(f);                                                                                \
            fail_msg("%s fired", rule);                                                                \
        }                                                                                              \
    } while (0)

/* ---- the real seed workbooks ---- */

/* The five seed workbooks, and the corrected forms on which no rule may
 * fire (tests/data/clean), for array initialisers. */
#define FX_SEED_FILES                                                                              \
    "samples/wuchuan-2025.xlsx", "samples/guangshui-2025.xlsx", "samples/zhanjiang-2025.xlsx",     \
        "samples/yuanjiang-2024.xlsx", "samples/jinzhai-2025.xlsx"
#define FX_CLEAN_FILES                                                                             \
    "tests/data/clean/wuchuan-project-clean.xlsx", "tests/data/clean/jinzhai-project-clean.xlsx", \
        "tests/data/clean/zhanjiang-fund-clean.xlsx"

static inline const char *fx_source_dir(void)
{
    const char *root = getenv("JX_SOURCE_DIR");
    return root && *root ? root : ".";
}

/* The shipped mapping catalog (mappings/). */
static inline jx_catalog *fx_catalog(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/mappings", fx_source_dir());
    jx_catalog *cat = NULL;
    jx_diag d = {0};
    if (jx_catalog_load(dir, &cat, &d) != JX_OK) {
        char line[1024];
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    }
    return cat;
}

/* Read, map and validate a workbook of the repository (path relative to
 * its root); the findings outlive the model. */
static inline jx_findings *fx_validate_file(const jx_catalog *cat, const char *rel)
{
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/%s", fx_source_dir(), rel);
    jx_workbook *wb = NULL;
    jx_model *m = NULL;
    jx_findings *out = NULL;
    jx_diag d = {0};
    if (jx_workbook_open(path, NULL, &wb, &d) != JX_OK)
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    if (jx_model_build(cat, wb, &m, &d) != JX_OK)
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    jx_workbook_close(wb);
    assert_int_equal(jx_validate(m, JX_LANG_ZH, &out), JX_OK);
    jx_model_free(m);
    return out;
}

/* How many findings of a rule. */
static inline int fx_count(const jx_findings *f, const char *rule)
{
    int n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += strcmp(f->items[i].rule, rule) == 0;
    return n;
}

#endif
