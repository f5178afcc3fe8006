/*
 * test_header.c - the header rules (period.order, period.ended,
 * field.required, department.spelling): each fires at the right cell on
 * a model built by hand and stays silent where it should, then the
 * findings on the five seed workbooks.
 */
#include "fixture.h"

#include <stdlib.h>

/* A complete 吴川-style project form: name B2, department B5, period
 * C6/E6, amounts C7/E7, goals B10/D10. */
static jx_form *project(jx_model *m, const char *sheet, int start, int end)
{
    jx_form *f = fx_form(m, sheet, "wuchuan-project", "project", 100);
    fx_text(&f->project, "业务工作经费", 2, 2);
    fx_text(&f->department, "吴川市医疗保障局", 5, 2);
    f->has_period = 1;
    f->period_start = start;
    f->period_end = end;
    f->period_start_at = (jx_origin){6, 3};
    f->period_end_at = (jx_origin){6, 5};
    fx_money(&f->total, 4050000, 7, 3);
    fx_money(&f->annual, 4050000, 7, 5);
    fx_text(&f->goal_period, "实施周期目标", 10, 2);
    fx_text(&f->goal_annual, "年度目标", 10, 4);
    fx_ind(f, "产出指标", "数量指标", "检查覆盖率", 12);
    return f;
}

static jx_form *department(jx_model *m, const char *sheet)
{
    jx_form *f = fx_form(m, sheet, "wuchuan-dept", "department", 1000000);
    fx_text(&f->department, "吴川市医疗保障局", 2, 2);
    fx_money(&f->total, 556870000, 5, 6);
    fx_money(&f->fiscal, 556870000, 5, 6);
    fx_text(&f->goal_annual, "目标1", 10, 2);
    return f;
}

/* ---------------- period.order ---------------- */

static void test_period_order(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m, "倒置", 2026, 2025);
    f->year = 2025;
    fx_field(f, "到期年度", "2025", 6, 5);
    project(m, "正常", 2025, 2027);
    project(m, "一年", 2025, 2025);
    project(m, "常年", 2025, 2099);
    jx_form *g = project(m, "只有到期", 0, 2027);
    (void)g;
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "period.order", "倒置", "E6", JX_SEV_ERROR);
    assert_non_null(strstr(x->message, "2026"));
    assert_non_null(strstr(x->message, "2025"));
    assert_null(x->fix);
    assert_string_equal(x->text, "2025");
    assert_int_equal(fx_count(out, "period.order"), 1);
    /* a start after the end is not also reported as ended */
    fx_expect_none(out, "period.ended");
    jx_findings_free(out);
}

/* ---------------- period.ended ---------------- */

static void test_period_ended(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m, "已结束", 2022, 2024);
    f->year = 2025;
    jx_form *ok = project(m, "当年结束", 2025, 2025);
    ok->year = 2025;
    jx_form *later = project(m, "以后结束", 2023, 2027);
    later->year = 2025;
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "period.ended", "已结束", "E6", JX_SEV_ERROR);
    assert_non_null(strstr(x->message, "2024"));
    assert_non_null(strstr(x->message, "2025"));
    assert_int_equal(fx_count(out, "period.ended"), 1);
    jx_findings_free(out);
}

static void test_period_ended_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* ongoing: 2099, 99年, 金寨's 2123 */
    jx_form *a = project(m, "2099", 2023, 2099);
    a->year = 2025;
    jx_form *b = project(m, "99年", 2023, 99);
    b->year = 2025;
    jx_form *c = project(m, "金寨", 2025, 2123);
    c->year = 2025;
    /* budget year unknown: nothing to compare with */
    project(m, "无年度", 2020, 2022);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "period.ended");
    fx_expect_none(out, "period.order");
    jx_findings_free(out);
}

/* ---------------- field.required ---------------- */

static void test_required_project(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* everything empty, every place kept */
    jx_form *f = project(m, "空白", 2025, 2027);
    fx_text(&f->project, NULL, 2, 2);
    fx_text(&f->department, "  ", 5, 2);
    f->total = (jx_money){.present = 0, .at = {7, 3}};
    f->annual = (jx_money){.present = 0, .at = {7, 5}};
    fx_text(&f->goal_period, NULL, 10, 2);
    fx_text(&f->goal_annual, NULL, 10, 4);
    /* a multi-year project without its period goal */
    jx_form *g = project(m, "缺周期目标", 2023, 2099);
    fx_text(&g->goal_period, NULL, 10, 2);
    /* no place at all for the name */
    jx_form *h = project(m, "无处", 2025, 2025);
    h->project = (jx_text){0};
    jx_findings *out = fx_validate(m);
    fx_expect_sev(out, "field.required", "空白", "B2", JX_SEV_ERROR);
    fx_expect(out, "field.required", "空白", "B5");
    fx_expect(out, "field.required", "空白", "C7");
    fx_expect(out, "field.required", "空白", "B10");
    const jx_finding *x = fx_expect(out, "field.required", "缺周期目标", "B10");
    assert_non_null(strstr(x->message, "2023"));
    x = fx_expect(out, "field.required", "无处", "");
    assert_null(x->fix);
    assert_int_equal(fx_count(out, "field.required"), 6);
    jx_findings_free(out);
}

static void test_required_department(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = department(m, "部门整体");
    fx_text(&f->department, NULL, 2, 2);
    f->total = (jx_money){0};
    f->fiscal = (jx_money){.present = 0, .at = {5, 6}};
    fx_text(&f->goal_annual, NULL, 10, 2);
    jx_findings *out = fx_validate(m);
    fx_expect(out, "field.required", "部门整体", "B2");
    fx_expect(out, "field.required", "部门整体", "F5");
    fx_expect(out, "field.required", "部门整体", "B10");
    assert_int_equal(fx_count(out, "field.required"), 3);
    jx_findings_free(out);
}

static void test_required_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    project(m, "完整", 2025, 2027);
    /* a one-year project needs no period goal (湛江 城乡居民医保补助) */
    jx_form *a = project(m, "一年", 2025, 2025);
    fx_text(&a->goal_period, NULL, 8, 3);
    /* only the annual amount (湛江's fund forms): enough */
    jx_form *b = project(m, "只有年度金额", 2023, 2099);
    b->total = (jx_money){0};
    /* no period at all (沅江): only one goal needed */
    jx_form *c = project(m, "沅江", 0, 0);
    c->has_period = 0;
    c->goal_annual = (jx_text){0};
    department(m, "部门整体");
    /* budget tables are not checked */
    fx_form(m, "专项资金预算汇总表", "yuanjiang-special-funds", "budget", 1000000);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "field.required");
    jx_findings_free(out);
}

/* ---------------- department.spelling ---------------- */

static void test_spelling(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *d = department(m, "部门整体");
    fx_text(&d->department, "湛江市医疗保障局", 2, 2);
    const char *sheets[] = {"城乡医疗救助", "合同制人员经费", "第三方支付评审"};
    for (size_t i = 0; i < 3; i++) {
        jx_form *f = project(m, sheets[i], 2023, 2099);
        fx_text(&f->department, "湛江市医疗保障局", 3, 2);
    }
    jx_form *odd = project(m, "城乡居民医保补助", 2025, 2025);
    fx_text(&odd->department, "甚江市医疗保障局", 4, 2);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "department.spelling", "城乡居民医保补助", "B4", JX_SEV_WARNING);
    assert_non_null(x->fix);
    assert_string_equal(x->fix, "湛江市医疗保障局");
    assert_string_equal(x->text, "甚江市医疗保障局");
    assert_non_null(strstr(x->message, "甚江市医疗保障局"));
    assert_int_equal(fx_count(out, "department.spelling"), 1);
    jx_findings_free(out);
}

static void test_spelling_silent(void **state)
{
    (void)state;
    /* different departments: names farther apart */
    jx_model *m = fx_model();
    for (int i = 0; i < 3; i++)
        project(m, i == 0 ? "a" : i == 1 ? "b" : "c", 2025, 2025);
    jx_form *f = project(m, "d", 2025, 2025);
    fx_text(&f->department, "湛江市医疗保障局", 5, 2); /* 吴川 ↔ 湛江: two of eight */
    jx_form *g = project(m, "e", 2025, 2025);
    fx_text(&g->department, "吴川市财政局", 5, 2);
    jx_form *h = project(m, "f", 2025, 2025);
    fx_text(&h->department, "吴川市医疗保障局 ", 5, 2); /* the same name with a stray space */
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "department.spelling");
    jx_findings_free(out);

    /* two spellings, one each: no majority to follow */
    m = fx_model();
    project(m, "a", 2025, 2025);
    jx_form *k = project(m, "b", 2025, 2025);
    fx_text(&k->department, "吴川市医疗保障屈", 5, 2);
    out = fx_validate(m);
    fx_expect_none(out, "department.spelling");
    jx_findings_free(out);

    /* short names one character apart are different bodies */
    m = fx_model();
    for (int i = 0; i < 3; i++) {
        jx_form *p = project(m, i == 0 ? "a" : i == 1 ? "b" : "c", 2025, 2025);
        fx_text(&p->department, "民政局", 5, 2);
    }
    jx_form *p = project(m, "d", 2025, 2025);
    fx_text(&p->department, "财政局", 5, 2);
    out = fx_validate(m);
    fx_expect_none(out, "department.spelling");
    jx_findings_free(out);
}

/* A cell several forms share (沅江's 部门 line above all its projects)
 * counts once. */
static void test_spelling_shared_cell(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    for (int i = 0; i < 3; i++) {
        jx_form *f = project(m, "项目支出绩效目标表", 2025, 2025);
        fx_text(&f->department, "沅江市医疗报障局", 2, 1);
    }
    jx_form *a = project(m, "专项资金预算汇总表", 2025, 2025);
    fx_text(&a->department, "沅江市医疗保障局", 2, 1);
    jx_form *b = project(m, "一般公共预算基本支出表", 2025, 2025);
    fx_text(&b->department, "沅江市医疗保障局", 2, 1);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect(out, "department.spelling", "项目支出绩效目标表", "A2");
    assert_string_equal(x->fix, "沅江市医疗保障局");
    assert_int_equal(fx_count(out, "department.spelling"), 1);
    jx_findings_free(out);
}

/* ---------------- the seed workbooks ---------------- */

static void test_seeds(void **state)
{
    (void)state;
    jx_catalog *cat = fx_catalog();
    static const char *const files[] = {FX_SEED_FILES, FX_CLEAN_FILES};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        jx_findings *out = fx_validate_file(cat, files[i]);
        /* 2099, 99年 and 金寨's 2123 are ongoing; 湛江 城乡居民医保补助 is a
         * one-year project without a period goal; every form has its
         * name, department, amounts and goals */
        fx_expect_none(out, "period.order");
        fx_expect_none(out, "period.ended");
        fx_expect_none(out, "field.required");
        if (strstr(files[i], "zhanjiang-2025")) {
            const jx_finding *x =
                fx_expect_sev(out, "department.spelling", "城乡居民医保补助", "B4", JX_SEV_WARNING);
            assert_string_equal(x->fix, "湛江市医疗保障局");
            assert_string_equal(x->text, "甚江市医疗保障局");
            assert_int_equal(fx_count(out, "department.spelling"), 1);
        } else {
            fx_expect_none(out, "department.spelling");
        }
        jx_findings_free(out);
    }
    jx_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_order),
        cmocka_unit_test(test_period_ended),
        cmocka_unit_test(test_period_ended_silent),
        cmocka_unit_test(test_required_project),
        cmocka_unit_test(test_required_department),
        cmocka_unit_test(test_required_silent),
        cmocka_unit_test(test_spelling),
        cmocka_unit_test(test_spelling_silent),
        cmocka_unit_test(test_spelling_shared_cell),
        cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
