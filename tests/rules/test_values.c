/*
 * test_values.c - the value rules (converter/rules/values.c): for every
 * rule a model where it fires at the right cell (with its fix where it
 * has one) and one where it stays silent; then the five seed workbooks,
 * where each rule must find what a reviewer found by hand, and the clean
 * fixtures, where none may fire.
 */
#include "fixture.h"

#include <stdbool.h>
#include <stdlib.h>

#define GE "\xE2\x89\xA5" /* ≥ */
#define LE "\xE2\x89\xA4" /* ≤ */

static const char *const value_rules[] = {
    "target.missing", "target.truncated", "target.name",  "target.cost-bound", "target.no-limit",
    "target.percent", "target.notation",  "amount.text",  "target.type",       "target.measure",
    "target.vague",   "target.year-jump", "target.looser",
};

/* A one-form model: a 吴川-style project form in 元. */
static jx_form *project(jx_model *m) { return fx_form(m, "业务工作经费", "wuchuan-project", "project", 100); }

/* ------------------------------------------------------------------ */
/* target.missing                                                      */
/* ------------------------------------------------------------------ */

static void missing_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "劳务派遣岗位", "jinzhai-project", "project", 1000000);
    fx_lists(f, "中期", "年度");
    jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "前台业务受理", 14);
    a->lists = 3;
    fx_target(a, "period", GE "15000件", 14, 5);
    fx_target(a, "annual", GE "15000件", 14, 8);
    jx_indicator *b = fx_ind(f, "满意度指标", "满意度指标", "“政府购买服务”人员满意度", 24);
    b->lists = 3;
    fx_target(b, "period", GE "95%", 24, 5);
    fx_target(b, "annual", NULL, 24, 8); /* H24 left empty */
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.missing", "劳务派遣岗位", "H24", JX_SEV_ERROR);
    assert_null(x->fix);
    assert_null(x->text);
    assert_non_null(strstr(x->message, "年度"));
    assert_int_equal(fx_count(out, "target.missing"), 1);
    jx_findings_free(out);

    /* a single-list form: a whitespace-only cell is empty too */
    m = fx_model();
    f = project(m);
    a = fx_ind(f, "产出指标", "数量指标", "检查覆盖率", 12);
    fx_target(a, "period", " ", 12, 5);
    fx_target(a, "annual", "100%", 12, 6);
    out = fx_validate(m);
    fx_expect(out, "target.missing", "业务工作经费", "E12");
    jx_findings_free(out);

    /* a one-year project that uses its 实施周期 column must fill it */
    m = fx_model();
    f = project(m);
    f->has_period = 1;
    f->period_start = f->period_end = 2025;
    a = fx_ind(f, "产出指标", "数量指标", "检查次数", 12);
    fx_target(a, "period", GE "3次", 12, 5);
    fx_target(a, "annual", GE "3次", 12, 6);
    a = fx_ind(f, "产出指标", "数量指标", "宣传次数", 13);
    fx_target(a, "period", NULL, 13, 5);
    fx_target(a, "annual", GE "3次", 13, 6);
    out = fx_validate(m);
    fx_expect(out, "target.missing", "业务工作经费", "E13");
    jx_findings_free(out);
}

static void missing_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "城乡医疗救助", "jinzhai-project", "project", 1000000);
    fx_lists(f, "中期", "年度");
    jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "住院救助和门诊救助人次", 13);
    a->lists = 3;
    fx_target(a, "period", GE "10万人次", 13, 5);
    fx_target(a, "annual", GE "10万人次", 13, 8);
    /* 本指标不适用 rows have empty targets by design */
    jx_indicator *n = fx_ind(f, "效益指标", "经济效益指标", "本指标不适用", 21);
    n->lists = 3;
    fx_target(n, "period", NULL, 21, 5);
    fx_target(n, "annual", NULL, 21, 8);
    /* listed only in the 中期 list: its empty 年度 cell is level3.one-list's */
    jx_indicator *o = fx_ind(f, "满意度指标", "满意度指标", "城乡居民满意度", 29);
    o->lists = 1;
    fx_target(o, "period", GE "90%", 29, 5);
    fx_target(o, "annual", NULL, 29, 8);
    /* a row without a 三级 name is level3.missing's */
    jx_indicator *q = fx_ind(f, "效益指标", "社会效益指标", NULL, 30);
    q->lists = 3;
    fx_target(q, "period", GE "90%", 30, 5);
    fx_target(q, "annual", NULL, 30, 8);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.missing");
    jx_findings_free(out);

    /* a one-year project leaves its whole 实施周期 column empty */
    m = fx_model();
    jx_form *g = project(m);
    g->has_period = 1;
    g->period_start = g->period_end = 2025;
    for (uint32_t r = 12; r < 15; r++) {
        jx_indicator *x = fx_ind(g, "产出指标", "数量指标", "检查次数", r);
        fx_target(x, "period", NULL, r, 5);
        fx_target(x, "annual", GE "3次", r, 6);
    }
    out = fx_validate(m);
    fx_expect_none(out, "target.missing");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.truncated                                                    */
/* ------------------------------------------------------------------ */

static void truncated_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "城乡医疗救助", "jinzhai-project", "project", 1000000);
    jx_indicator *a = fx_ind(f, "产出指标", "质量指标", "重点救助对象住院救助比率", 15);
    fx_target(a, "period", "合规医疗费用救助比例" GE "70%", 15, 5);
    fx_target(a, "annual", "合规医疗费用救助比例" GE, 15, 8);
    jx_indicator *b = fx_ind(f, "产出指标", "时效指标", "“追溯码”项目费用支付", 16);
    fx_target(b, "period", "2025年2月支付完成", 16, 5);
    fx_target(b, "annual", "2025年2月支付完", 16, 8);
    jx_indicator *c = fx_ind(f, "产出指标", "数量指标", "开展专项检查", 17);
    fx_target(c, "period", GE, 17, 5);
    fx_target(c, "annual", GE "3次", 17, 8);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.truncated", "城乡医疗救助", "H15", JX_SEV_ERROR);
    assert_null(x->fix);
    assert_string_equal(x->text, "合规医疗费用救助比例" GE);
    assert_non_null(strstr(x->message, "E15"));
    x = fx_expect(out, "target.truncated", "城乡医疗救助", "H16");
    assert_null(x->fix);
    assert_string_equal(x->text, "2025年2月支付完");
    fx_expect(out, "target.truncated", "城乡医疗救助", "E17");
    /* the complete values are not the cut ones */
    assert_null(fx_find(out, "target.truncated", NULL, "E15"));
    assert_null(fx_find(out, "target.truncated", NULL, "E16"));
    assert_int_equal(fx_count(out, "target.truncated"), 3);
    jx_findings_free(out);
}

static void truncated_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    const char *pairs[][2] = {
        {GE "5%", GE "50%"},       /* another number */
        {GE "5", GE "50"},         /* a prefix, but numbers */
        {"100", "100%"},           /* a unit left out is not a cut */
        {"及时", "及时完成"},       /* too short to call a cut */
        {"2025年底支付完成", "2025年底支付完成"},
        {"有效保障", "有效保障群众基本医疗权益"}, /* much more than a cut-off tail */
        {"不低于上年", "不低于上年"},
    };
    for (uint32_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "指标", 12 + i);
        fx_target(a, "period", pairs[i][0], 12 + i, 5);
        fx_target(a, "annual", pairs[i][1], 12 + i, 6);
    }
    jx_indicator *n = fx_ind(f, "效益指标", "生态效益指标", "本指标不适用", 30);
    fx_target(n, "period", GE, 30, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.truncated");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.name                                                         */
/* ------------------------------------------------------------------ */

static void name_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "wuchuan-dept", "department", 1000000);
    jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "对全市医疗机构医保基金使用情况进行全覆盖检查", 17);
    fx_target(a, "period", "对医疗机构基金使用情况进行检查", 17, 5);
    fx_target(a, "annual", "对医疗机构基金使用情况进行检查", 17, 6);
    jx_indicator *b = fx_ind(f, "产出指标", "质量指标", "参保人员信息变更办理", 18);
    fx_target(b, "period", "参保人员信息变更办理", 18, 5); /* the name itself */
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.name", "部门整体", "E17", JX_SEV_ERROR);
    assert_null(x->fix);
    assert_string_equal(x->text, "对医疗机构基金使用情况进行检查");
    fx_expect(out, "target.name", "部门整体", "F17");
    fx_expect(out, "target.name", "部门整体", "E18");
    jx_findings_free(out);
}

static void name_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    /* 广水: the 长期 column states the property the name measures */
    jx_indicator *a = fx_ind(f, "管理效率", "资产管理", "资产管理制度健全性", 43);
    fx_target(a, "period", "资产管理制度健全", 43, 5);
    fx_target(a, "annual", "健全", 43, 7);
    jx_indicator *b = fx_ind(f, "管理效率", "战略管理", "中长期规划相符性", 28);
    fx_target(b, "period", "中长期规划相符", 28, 5);
    /* ordinary targets */
    jx_indicator *c = fx_ind(f, "可持续发展能力", "人才支撑", "干部队伍体系建设规划情况", 59);
    fx_target(c, "period", "干部队伍建设具备科学合理的制度支撑", 59, 5);
    jx_indicator *d = fx_ind(f, "效益指标", "可持续影响指标", "建立健全医疗救助兜底制度", 28);
    fx_target(d, "period", "制度健全", 28, 6); /* shorter than 6 */
    jx_indicator *e = fx_ind(f, "产出指标", "数量指标", "城乡居民医疗保险覆盖率", 48);
    fx_target(e, "period", GE "95%", 48, 5);
    jx_indicator *g = fx_ind(f, "产出指标", "时效指标", "集中带量采购落实情况", 22);
    fx_target(g, "period", "完成国家组织集中采购中选产品约定采购量", 22, 8);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.name");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.cost-bound                                                   */
/* ------------------------------------------------------------------ */

static void cost_bound_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "稽查稽核工作经费", "jinzhai-project", "project", 1000000);
    /* 金寨 puts 成本指标 as a 二级 under 产出指标 */
    jx_indicator *a = fx_ind(f, "产出指标", "成本指标", "项目运行总成本", 20);
    fx_target(a, "period", GE "60万元", 20, 5);
    fx_target(a, "annual", GE "60万元", 20, 8);
    jx_indicator *b = fx_ind(f, "产出指标", "成本指标", "劳务派遣人员定额标准", 21);
    fx_target(b, "period", GE "每人每年核定6.54万元", 21, 5); /* no value, still a lower bound */
    jx_indicator *c = fx_ind(f, "成本指标", "经济成本指标", "财政资金投入成本", 22);
    fx_target(c, "period", GE "0", 22, 5);
    jx_indicator *d = fx_ind(f, "成本指标", "经济成本指标", "办公用房租赁费", 23);
    fx_target(d, "period", "大于13.23万元", 23, 5);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.cost-bound", "稽查稽核工作经费", "E20", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, GE "60万元");
    assert_non_null(strstr(x->message, LE "60万元"));
    fx_expect(out, "target.cost-bound", "稽查稽核工作经费", "H20");
    fx_expect(out, "target.cost-bound", "稽查稽核工作经费", "E21");
    fx_expect(out, "target.cost-bound", "稽查稽核工作经费", "E22");
    fx_expect(out, "target.cost-bound", "稽查稽核工作经费", "E23");
    jx_findings_free(out);
}

static void cost_bound_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "租赁费", "jinzhai-project", "project", 1000000);
    jx_indicator *a = fx_ind(f, "产出指标", "成本指标", "项目总成本", 17);
    fx_target(a, "period", LE "14.33万元", 17, 5);
    fx_target(a, "annual", "14.33万元", 17, 8);
    jx_indicator *b = fx_ind(f, "产出指标", "数量指标", "开展医保政策宣传", 13); /* not a cost */
    fx_target(b, "period", GE "12次", 13, 5);
    jx_indicator *c = fx_ind(f, "效益指标", "经济效益指标", "追回违规医保基金、违约金", 22);
    fx_target(c, "period", GE "400万元", 22, 5);
    jx_indicator *d = fx_ind(f, "成本指标", "经济成本指标", "成本控制", 23);
    fx_target(d, "period", "不高于预算", 23, 5);
    jx_indicator *n = fx_ind(f, "成本指标", "生态环境成本指标", "本指标不适用", 24);
    fx_target(n, "period", GE "0", 24, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.cost-bound");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.no-limit                                                     */
/* ------------------------------------------------------------------ */

static void no_limit_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    jx_indicator *a = fx_ind(f, "成本指标", "经济成本指标", "财政资金投入成本", 12);
    fx_target(a, "period", GE "0", 12, 5);
    fx_target(a, "annual", ">=0", 12, 6);
    jx_indicator *b = fx_ind(f, "产出指标", "数量指标", "开展检查次数", 13);
    fx_target(b, "period", GE "0.00次", 13, 5);
    fx_money(&f->annual, 4050000, 7, 5);
    jx_findings *out = fx_validate(m);
    /* a non-cost ≥0 limits nothing */
    const jx_finding *x = fx_expect_sev(out, "target.no-limit", "业务工作经费", "E13", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, GE "0.00次");
    /* a cost indicator's ≥0 is target.cost-bound's, which names the cap:
     * the form's own annual budget */
    assert_null(fx_find(out, "target.no-limit", "业务工作经费", "E12"));
    x = fx_expect(out, "target.cost-bound", "业务工作经费", "E12");
    assert_non_null(strstr(x->message, "≤40500.00元"));
    fx_expect(out, "target.cost-bound", "业务工作经费", "F12");
    jx_findings_free(out);
}

static void no_limit_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "开展检查次数", 12);
    fx_target(a, "period", GE "0.5次", 12, 5);
    fx_target(a, "annual", ">0", 12, 6);
    jx_indicator *b = fx_ind(f, "产出指标", "质量指标", "安全事故次数", 13);
    fx_target(b, "period", LE "0", 13, 5);
    fx_target(b, "annual", "0", 13, 6);
    jx_indicator *c = fx_ind(f, "产出指标", "质量指标", "差错率", 14);
    fx_target(c, "period", GE "10%", 14, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.no-limit");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.percent                                                      */
/* ------------------------------------------------------------------ */

static void percent_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    jx_indicator *a = fx_ind(f, "管理效率", "预算执行", "政府采购执行率", 81);
    fx_target(a, "period", "100%", 36, 5);
    fx_target(a, "annual", GE "100%", 81, 7);
    jx_indicator *b = fx_ind(f, "管理效率", "预算执行", "预算执行率", 82);
    fx_target(b, "annual", GE "120%", 82, 7);
    jx_indicator *c = fx_ind(f, "管理效率", "预算执行", "覆盖率", 83);
    fx_target(c, "annual", ">100%", 83, 7);
    jx_indicator *d = fx_ind(f, "管理效率", "预算执行", "医疗救助结算及时率(%)", 84);
    fx_target(d, "annual", GE "100.5", 84, 7); /* the unit is in the name */
    jx_indicator *e = fx_ind(f, "管理效率", "预算执行", "完成率", 85);
    fx_target(e, "annual", GE "100.00\xEF\xBC\x85", 85, 7); /* ≥100.00％ */
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.percent", "部门整体", "G81", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, GE "100%");
    fx_expect_sev(out, "target.percent", "部门整体", "G82", JX_SEV_ERROR);
    fx_expect_sev(out, "target.percent", "部门整体", "G83", JX_SEV_ERROR);
    fx_expect_sev(out, "target.percent", "部门整体", "G84", JX_SEV_ERROR);
    fx_expect_sev(out, "target.percent", "部门整体", "G85", JX_SEV_WARNING);
    assert_null(fx_find(out, "target.percent", NULL, "E36"));
    jx_findings_free(out);
}

static void percent_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    const char *texts[] = {"100%", LE "100%", GE "99.99%", GE "100人", "=100%", GE "95", "120%"};
    for (uint32_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "指标", 12 + i);
        fx_target(a, "period", texts[i], 12 + i, 5);
    }
    /* a growth may pass 100% */
    jx_indicator *g = fx_ind(f, "效益指标", "经济效益指标", "医保基金收入增长率", 30);
    fx_target(g, "period", GE "150%", 30, 5);
    fx_target(g, "annual", GE "100%", 30, 6);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.percent");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.notation                                                     */
/* ------------------------------------------------------------------ */

static void notation_fires(void **state)
{
    (void)state;
    static const struct { const char *text, *fix; } cases[] = {
        {"大于等于95%", GE "95%"},
        {"大于等于85%", GE "85%"},
        {"大于或等于 90%", GE "90%"},
        {"不低于95%", GE "95%"},
        {"不少于3次", GE "3次"},
        {"小于等于400 元/人", LE "400 元/人"},
        {"不超过60万元", LE "60万元"},
        {">=90%", GE "90%"},
        {"<= 5%", LE "5%"},
        {"\xEF\xBC\x9E\xEF\xBC\x9D" "90%", GE "90%"},   /* ＞＝90% */
        {"\xEF\xBC\x9C\xEF\xBC\x9D" "10%", LE "10%"},   /* ＜＝10% */
        {"95\xEF\xBC\x85", "95%"},                       /* 95％ */
        {GE " 90%", GE "90%"},
        {GE "2. 6%", GE "2.6%"},
        {GE "33, 241. 27万元", GE "33,241.27万元"},
        {"合规医疗费用救助比例不低于70%", "合规医疗费用救助比例" GE "70%"},
        {GE "10\xEF\xBC\x88%\xEF\xBC\x89", GE "10(%)"},  /* ≥10（%） */
        {GE "\xEF\xBC\x99\xEF\xBC\x95%", GE "95%"},      /* full-width digits */
    };
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "项目支出绩效目标表", "yuanjiang-project", "project", 1000000);
    for (uint32_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "指标", 9 + i);
        fx_target(a, "period", cases[i].text, 9 + i, 8);
    }
    jx_findings *out = fx_validate(m);
    for (uint32_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cell[16];
        jx_cell_ref(9 + i, 8, cell);
        const jx_finding *x = fx_expect_sev(out, "target.notation", "项目支出绩效目标表", cell, JX_SEV_WARNING);
        assert_non_null(x->fix);
        if (strcmp(x->fix, cases[i].fix) != 0)
            fail_msg("'%s': fix '%s', want '%s'", cases[i].text, x->fix, cases[i].fix);
        assert_string_equal(x->text, cases[i].text);
    }
    jx_findings_free(out);
}

static void notation_silent(void **state)
{
    (void)state;
    const char *texts[] = {
        GE "95%", LE "400 元/人", GE "600000 人次", "100%", "不低于上年", "不低于国家和省的最低 标准",
        "确保不超过3个工作日办结", "达到省下达的年度基本 医保参保人数目标值", "完成（国家）组织采购",
        "有效保障", "7*24小时", "52.5元/人/年", GE "每人每年核定6.54万元",
    };
    jx_model *m = fx_model();
    jx_form *f = project(m);
    for (uint32_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "指标", 12 + i);
        fx_target(a, "period", texts[i], 12 + i, 5);
    }
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.notation");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* amount.text                                                         */
/* ------------------------------------------------------------------ */

static void amount_text_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* 湛江's department form, in 万元: total = 财政拨款 at E5 (read twice) */
    jx_form *f = fx_form(m, "部门整体", "zhanjiang-dept", "department", 1000000);
    fx_field(f, "财政拨款", "33, 241. 27", 5, 5);
    fx_field(f, "项目支出", "32, 024. 28", 6, 3);
    fx_money(&f->fiscal, 33241270000, 5, 5);
    f->fiscal.from_text = 1;
    fx_money(&f->total, 33241270000, 5, 5);
    f->total.from_text = 1;
    fx_amount(f, "项目支出", 32024280000, 6, 3)->money.from_text = 1;
    /* a fund form in 元 */
    jx_form *g = fx_form(m, "城乡医疗救助", "zhanjiang-fund", "project", 100);
    fx_field(g, "2025年金额", "3, 200, 000. 00", 6, 3);
    fx_money(&g->annual, 320000000, 6, 3);
    g->annual.from_text = 1;
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "amount.text", "部门整体", "E5", JX_SEV_WARNING);
    assert_string_equal(x->fix, "33241.27");
    assert_string_equal(x->text, "33, 241. 27");
    x = fx_expect(out, "amount.text", "部门整体", "C6");
    assert_string_equal(x->fix, "32024.28");
    x = fx_expect(out, "amount.text", "城乡医疗救助", "C6");
    assert_string_equal(x->fix, "3200000.00");
    assert_string_equal(x->text, "3, 200, 000. 00");
    assert_int_equal(fx_count(out, "amount.text"), 3); /* E5 once */
    jx_findings_free(out);
}

static void amount_text_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "wuchuan-dept", "department", 1000000);
    fx_field(f, "财政拨款", "556.87", 5, 6);
    fx_money(&f->fiscal, 556870000, 5, 6);
    /* a total summed from a number (F5) and a text part elsewhere sits at
     * F5: F5 itself is a number */
    fx_money(&f->total, 656870000, 5, 6);
    f->total.from_text = 1;
    fx_amount(f, "基本支出", 365320000, 5, 3);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "amount.text");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.type                                                         */
/* ------------------------------------------------------------------ */

static void type_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "项目支出绩效目标表", "yuanjiang-project", "project", 1000000);
    jx_indicator *a = fx_ind(f, "成本指标", "经济成本指标", "各项工作成本按预算执行", 28);
    fx_target(a, "period", "100%", 28, 8);
    fx_text(&a->type, "定性", 28, 12);
    jx_indicator *b = fx_ind(f, "效益指标", "社会效益指标", "参保人员合法权益得到保障", 29);
    fx_target(b, "period", "较好", 29, 8);
    fx_text(&b->type, "定量", 29, 12);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.type", "项目支出绩效目标表", "L28", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, "定性");
    fx_expect(out, "target.type", "项目支出绩效目标表", "L29");
    jx_findings_free(out);
}

static void type_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "项目支出绩效目标表", "yuanjiang-project", "project", 1000000);
    static const char *const rows[][2] = {
        {"定量", GE "95%"}, {"定性", "较好"}, {"定量", "2025年底支付完成"}, {"定性", "全覆盖"}, {"定量", NULL},
        {"", "100%"},
    };
    for (uint32_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "指标", 9 + i);
        fx_target(a, "period", rows[i][1], 9 + i, 8);
        fx_text(&a->type, rows[i][0], 9 + i, 12);
    }
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.type");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.measure                                                      */
/* ------------------------------------------------------------------ */

static void measure_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "项目支出绩效目标表", "yuanjiang-project", "project", 1000000);
    const char *words[] = {"年度", "长期", "周期内", " 中期 ", "当年", "全年"};
    for (uint32_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        jx_indicator *a = fx_ind(f, "效益指标", "社会效益指标", "指标", 13 + i);
        fx_target(a, "period", "较好", 13 + i, 8);
        fx_text(&a->measure, words[i], 13 + i, 11);
    }
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.measure", "项目支出绩效目标表", "K13", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, "年度");
    for (uint32_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char cell[16];
        fx_expect(out, "target.measure", "项目支出绩效目标表", jx_cell_ref(13 + i, 11, cell));
    }
    jx_findings_free(out);
}

static void measure_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "项目支出绩效目标表", "yuanjiang-project", "project", 1000000);
    const char *units[] = {"百分比", "%", "人次", "元/人/年", "年", NULL};
    for (uint32_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "指标", 9 + i);
        fx_target(a, "period", "100%", 9 + i, 8);
        fx_text(&a->measure, units[i], units[i] ? 9 + i : 0, 11);
    }
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.measure");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.vague                                                        */
/* ------------------------------------------------------------------ */

static void vague_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    const char *texts[] = {"有所提升", "明显提高", "稳步拓展", "成效明显", "较好", "参保率进一步提高"};
    for (uint32_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        jx_indicator *a = fx_ind(f, "效益指标", "社会效益指标", "指标", 12 + i);
        fx_target(a, "period", texts[i], 12 + i, 5);
    }
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.vague", "业务工作经费", "E12", JX_SEV_INFO);
    assert_null(x->fix);
    assert_string_equal(x->text, "有所提升");
    x = fx_expect(out, "target.vague", "业务工作经费", "E17");
    assert_non_null(strstr(x->message, "进一步提高"));
    assert_int_equal(fx_count(out, "target.vague"), sizeof texts / sizeof texts[0]);
    jx_findings_free(out);
}

static void vague_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    const char *texts[] = {GE "95%", "100%", "及时", "制度健全", "2025年底支付完成", "有效提高" GE "5%"};
    for (uint32_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        jx_indicator *a = fx_ind(f, "效益指标", "社会效益指标", "指标", 12 + i);
        fx_target(a, "period", texts[i], 12 + i, 5);
    }
    jx_indicator *n = fx_ind(f, "效益指标", "生态效益指标", "本指标不适用", 30);
    fx_target(n, "period", "有所提升", 30, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.vague");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.year-jump                                                    */
/* ------------------------------------------------------------------ */

static void year_jump_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    jx_indicator *a = fx_ind(f, "履职效能", "核心业务产出 2", "城乡居民医疗保险待遇领取人数", 49);
    fx_target(a, "period", GE "600000 人次", 49, 5);
    fx_target(a, "annual", GE "600000 人次", 94, 7);
    fx_target(a, "2023", GE "600000 人次", 94, 5);
    fx_target(a, "2024", GE "60000 人次", 94, 6);
    /* too large by ten, decimals against integers */
    jx_indicator *b = fx_ind(f, "履职效能", "核心业务产出 3", "资助参保成本", 50);
    fx_target(b, "period", LE "400.5元/人", 50, 5);
    fx_target(b, "annual", LE "4005元/人", 95, 7);
    fx_target(b, "2023", LE "400.50元/人", 95, 5);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.year-jump", "部门整体", "F94", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, GE "60000 人次");
    fx_expect(out, "target.year-jump", "部门整体", "G95");
    assert_int_equal(fx_count(out, "target.year-jump"), 2);
    jx_findings_free(out);
}

static void year_jump_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    /* only two values: no majority to tell which is wrong */
    jx_indicator *a = fx_ind(f, "产出指标", "数量指标", "住院救助人次", 13);
    fx_target(a, "period", GE "100000人次", 13, 5);
    fx_target(a, "annual", GE "10000人次", 13, 8);
    /* under tenfold */
    jx_indicator *b = fx_ind(f, "产出指标", "数量指标", "资助参保", 14);
    fx_target(b, "period", GE "2000 人", 14, 5);
    fx_target(b, "annual", GE "2000 人", 14, 7);
    fx_target(b, "2023", GE "3000 人", 14, 6);
    fx_target(b, "2024", GE "19999 人", 14, 8);
    /* different units are not compared */
    jx_indicator *c = fx_ind(f, "产出指标", "数量指标", "宣传", 15);
    fx_target(c, "period", GE "10万人次", 15, 5);
    fx_target(c, "annual", GE "100000人次", 15, 7);
    fx_target(c, "2023", GE "100000人次", 15, 6);
    fx_target(c, "2024", GE "10万人次", 15, 8);
    /* zeros and text */
    jx_indicator *d = fx_ind(f, "运行成本", "项目支出成本控制", "“三公经费”变动率", 16);
    fx_target(d, "period", "0", 16, 5);
    fx_target(d, "annual", "5", 16, 7);
    fx_target(d, "2023", "5", 16, 6);
    fx_target(d, "2024", "有效", 16, 8);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.year-jump");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* target.looser                                                       */
/* ------------------------------------------------------------------ */

static void looser_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    jx_indicator *a = fx_ind(f, "管理效率", "预算编制", "预算调整率", 33);
    fx_target(a, "period", LE "5%", 33, 5);
    fx_target(a, "annual", LE "10%", 78, 7);
    jx_indicator *b = fx_ind(f, "管理效率", "预算执行", "非税收入预算完成率", 37);
    fx_target(b, "period", GE "80%", 37, 5);
    fx_target(b, "annual", GE "60%", 82, 7);
    jx_indicator *c = fx_ind(f, "可持续发展能力", "人才支撑", "高学历、高层次人才储备率", 60);
    fx_target(c, "period", GE "2.6%", 60, 5);
    fx_target(c, "annual", GE "2.59%", 105, 7);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "target.looser", "部门整体", "G78", JX_SEV_WARNING);
    assert_null(x->fix);
    assert_string_equal(x->text, LE "10%");
    assert_non_null(strstr(x->message, "5%"));
    fx_expect(out, "target.looser", "部门整体", "G82");
    x = fx_expect(out, "target.looser", "部门整体", "G105");
    assert_non_null(strstr(x->message, "2.6%"));
    assert_null(fx_find(out, "target.looser", NULL, "E33"));
    jx_findings_free(out);
}

static void looser_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    static const char *const pairs[][2] = {
        {LE "100%", LE "95%"},      /* stricter */
        {GE "90%", GE "95%"},       /* stricter */
        {GE "95%", GE "95.0%"},     /* equal */
        {"100%", GE "90%"},         /* different operators */
        {GE "10万元", GE "5万人"},   /* different units */
        {LE "12.15万元", LE "4.05万元"},
        {"有效保障", "有效保障"},
    };
    for (uint32_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        jx_indicator *a = fx_ind(f, "管理效率", "预算执行", "指标", 24 + i);
        fx_target(a, "period", pairs[i][0], 24 + i, 5);
        fx_target(a, "annual", pairs[i][1], 69 + i, 7);
    }
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "target.looser");
    jx_findings_free(out);
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

/* Both languages quote the cell's text; no format directive is left. */
static void messages_both_languages(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = project(m);
    jx_indicator *a = fx_ind(f, "成本指标", "经济成本指标", "财政资金投入成本", 12);
    fx_target(a, "period", GE "0", 12, 5);
    fx_target(a, "annual", NULL, 12, 6);
    jx_indicator *b = fx_ind(f, "产出指标", "质量指标", "政府采购执行率", 13);
    fx_target(b, "period", "大于等于100%", 13, 5);
    fx_target(b, "annual", "有所提升", 13, 6);
    for (int lang = 0; lang < 2; lang++) {
        jx_findings *out = NULL;
        assert_int_equal(jx_validate(m, (jx_lang)lang, &out), JX_OK);
        size_t mine = 0;
        for (size_t i = 0; i < out->count; i++) {
            const jx_finding *x = &out->items[i];
            bool value_rule = false;
            for (size_t r = 0; r < sizeof value_rules / sizeof value_rules[0]; r++)
                value_rule |= strcmp(x->rule, value_rules[r]) == 0;
            if (!value_rule)
                continue;
            mine++;
            assert_non_null(x->message);
            assert_true(strlen(x->message) > 10);
            assert_null(strstr(x->message, "%s"));
            assert_null(strstr(x->message, "%%"));
            if (x->text)
                assert_non_null(strstr(x->message, x->text));
        }
        assert_true(mine >= 5); /* cost-bound, no-limit, missing, percent, notation, vague */
        jx_findings_free(out);
    }
}

/* ------------------------------------------------------------------ */
/* The seeds                                                           */
/* ------------------------------------------------------------------ */

static jx_catalog *catalog;

static int load_catalog(void **state)
{
    (void)state;
    catalog = fx_catalog();
    return catalog ? 0 : -1;
}

static int free_catalog(void **state)
{
    (void)state;
    jx_catalog_free(catalog);
    catalog = NULL;
    return 0;
}

static void seed_jinzhai(void **state)
{
    (void)state;
    jx_findings *out = fx_validate_file(catalog, "samples/jinzhai-2025.xlsx");
    fx_expect(out, "target.missing", "劳务派遣岗位", "H23");
    fx_expect(out, "target.missing", "劳务派遣岗位", "H24");
    /* 本指标不适用 rows are left empty on purpose */
    assert_null(fx_find(out, "target.missing", "劳务派遣岗位", "H19"));
    fx_expect(out, "target.truncated", "城乡医疗救助", "H15");
    fx_expect(out, "target.truncated", "医疗保障管理经费", "H16");
    fx_expect(out, "target.cost-bound", "稽查稽核工作经费", "E20");
    fx_expect(out, "target.cost-bound", "稽查稽核工作经费", "H20");
    fx_expect(out, "target.cost-bound", "租赁费", "E18");
    fx_expect(out, "target.cost-bound", "劳务派遣岗位", "E17");
    fx_expect(out, "target.cost-bound", "劳务派遣岗位", "E18");
    fx_expect_sev(out, "target.vague", "稽查稽核工作经费", "E17", JX_SEV_INFO);
    jx_findings_free(out);
}

static void seed_wuchuan(void **state)
{
    (void)state;
    jx_findings *out = fx_validate_file(catalog, "samples/wuchuan-2025.xlsx");
    fx_expect(out, "target.name", "部门整体", "E17");
    fx_expect(out, "target.name", "部门整体", "F17");
    assert_int_equal(fx_count(out, "target.name"), 2);
    fx_expect(out, "target.cost-bound", "部门整体", "E16");
    fx_expect(out, "target.cost-bound", "部门整体", "F16");
    fx_expect(out, "target.cost-bound", "业务工作经费", "E12");
    fx_expect(out, "target.cost-bound", "非税工作经费（往年）", "F12");
    /* every ≥0 of 吴川 is on a cost indicator: reported once, as cost-bound */
    assert_int_equal(fx_count(out, "target.no-limit"), 0);
    jx_findings_free(out);
}

static void seed_guangshui(void **state)
{
    (void)state;
    jx_findings *out = fx_validate_file(catalog, "samples/guangshui-2025.xlsx");
    static const char *const full[] = {"G81", "G83", "G85", "G86", "G87"};
    for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
        fx_expect_sev(out, "target.percent", "部门整体", full[i], JX_SEV_WARNING);
    fx_expect(out, "target.year-jump", "部门整体", "F94");
    assert_int_equal(fx_count(out, "target.year-jump"), 1);
    fx_expect(out, "target.looser", "部门整体", "G78"); /* 预算调整率 ≤5% / ≤10% */
    fx_expect(out, "target.looser", "部门整体", "G80"); /* 结转结余率 ≤1% / ≤10% */
    fx_expect(out, "target.looser", "部门整体", "G82"); /* 非税收入预算完成率 ≥80% / ≥60% */
    fx_expect(out, "target.vague", "部门整体", "E53");
    /* 资产管理制度健全 under 资产管理制度健全性 is a value */
    fx_expect_none(out, "target.name");
    jx_findings_free(out);
}

static void seed_yuanjiang(void **state)
{
    (void)state;
    jx_findings *out = fx_validate_file(catalog, "samples/yuanjiang-2024.xlsx");
    const jx_finding *x = fx_expect(out, "target.notation", "项目支出绩效目标表", "H9");
    assert_string_equal(x->fix, GE "95%");
    assert_string_equal(x->text, "大于等于95%");
    x = fx_expect(out, "target.notation", "项目支出绩效目标表", "H16");
    assert_string_equal(x->fix, GE "85%");
    fx_expect(out, "target.type", "项目支出绩效目标表", "L28"); /* 100%, 定性 */
    fx_expect(out, "target.measure", "项目支出绩效目标表", "K13");
    fx_expect(out, "target.measure", "项目支出绩效目标表", "K22"); /* 周期内 */
    fx_expect(out, "target.measure", "项目支出绩效目标表", "K44"); /* 长期 */
    fx_expect(out, "target.vague", "项目支出绩效目标表", "H13");
    jx_findings_free(out);
}

static void seed_zhanjiang(void **state)
{
    (void)state;
    jx_findings *out = fx_validate_file(catalog, "samples/zhanjiang-2025.xlsx");
    const jx_finding *x = fx_expect(out, "amount.text", "部门整体", "E5");
    assert_string_equal(x->fix, "33241.27");
    assert_string_equal(x->text, "33, 241. 27");
    static const char *const cells[] = {"C6", "C9", "E8", "E9"};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        fx_expect(out, "amount.text", "部门整体", cells[i]);
    x = fx_expect(out, "amount.text", "城乡医疗救助", "C6");
    assert_string_equal(x->fix, "3200000.00");
    assert_string_equal(x->text, "3, 200, 000. 00");
    x = fx_expect(out, "amount.text", "合同制人员经费", "C6");
    assert_string_equal(x->fix, "1677273.00");
    assert_null(fx_find(out, "amount.text", "第三方支付评审", NULL)); /* a number */
    jx_findings_free(out);
}

/* The corrected fixtures: no value rule may fire. */
static void clean_fixtures(void **state)
{
    (void)state;
    static const char *const files[] = {FX_CLEAN_FILES};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        jx_findings *out = fx_validate_file(catalog, files[i]);
        for (size_t r = 0; r < sizeof value_rules / sizeof value_rules[0]; r++) {
            if (fx_find(out, value_rules[r], NULL, NULL)) {
                fx_dump(out);
                fail_msg("%s fired on %s", value_rules[r], files[i]);
            }
        }
        jx_findings_free(out);
    }
}

int main(void)
{
    const struct CMUnitTest models[] = {
        cmocka_unit_test(missing_fires),      cmocka_unit_test(missing_silent),
        cmocka_unit_test(truncated_fires),    cmocka_unit_test(truncated_silent),
        cmocka_unit_test(name_fires),         cmocka_unit_test(name_silent),
        cmocka_unit_test(cost_bound_fires),   cmocka_unit_test(cost_bound_silent),
        cmocka_unit_test(no_limit_fires),     cmocka_unit_test(no_limit_silent),
        cmocka_unit_test(percent_fires),      cmocka_unit_test(percent_silent),
        cmocka_unit_test(notation_fires),     cmocka_unit_test(notation_silent),
        cmocka_unit_test(amount_text_fires),  cmocka_unit_test(amount_text_silent),
        cmocka_unit_test(type_fires),         cmocka_unit_test(type_silent),
        cmocka_unit_test(measure_fires),      cmocka_unit_test(measure_silent),
        cmocka_unit_test(vague_fires),        cmocka_unit_test(vague_silent),
        cmocka_unit_test(year_jump_fires),    cmocka_unit_test(year_jump_silent),
        cmocka_unit_test(looser_fires),       cmocka_unit_test(looser_silent),
        cmocka_unit_test(messages_both_languages),
    };
    const struct CMUnitTest seeds[] = {
        cmocka_unit_test(seed_jinzhai),   cmocka_unit_test(seed_wuchuan),   cmocka_unit_test(seed_guangshui),
        cmocka_unit_test(seed_yuanjiang), cmocka_unit_test(seed_zhanjiang), cmocka_unit_test(clean_fixtures),
    };
    int failed = cmocka_run_group_tests_name("values: models", models, NULL, NULL);
    failed += cmocka_run_group_tests_name("values: seeds", seeds, load_catalog, free_catalog);
    return failed;
}
