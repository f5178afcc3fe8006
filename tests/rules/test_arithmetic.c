/*
 * test_arithmetic.c - the arithmetic rules (sum.budget, sum.funds,
 * sum.composition, sum.shares, sum.income-expense, sum.table, sum.projects,
 * sum.special-funds, funds.annual-over-total): each fires at the stated
 * total's cell on a model built by hand and stays silent where the sums
 * hold; 0.01 万元 is a rounding note (info), 0.02 万元 an error, and forms in
 * 元 have no tolerance.  Then the findings on the five seed workbooks and
 * on the clean fixtures.
 */
#include "fixture.h"

#include <stdlib.h>

#define WAN INT64_C(1000000)   /* 分 per 万元 */
#define YUAN INT64_C(100)      /* 分 per 元 */
#define W(x) ((int64_t)(x) * 10000)   /* hundredths of 万元 -> 分 */

static const char *const my_rules[] = {
    "sum.budget",   "sum.funds",    "sum.composition",   "sum.shares",              "sum.income-expense",
    "sum.table",    "sum.projects", "sum.special-funds", "funds.annual-over-total",
};
#define MY_RULES (sizeof my_rules / sizeof my_rules[0])

static void expect_in(const jx_finding *x, const char *needle)
{
    if (!strstr(x->message, needle))
        fail_msg("'%s' not in message: %s", needle, x->message);
}

static void expect_none_of_mine(const jx_findings *out)
{
    for (size_t r = 0; r < MY_RULES; r++)
        fx_expect_none(out, my_rules[r]);
}

/* ---------------- sum.budget ---------------- */

/* 湛江's 部门整体 amounts, in 万元: 基本支出 C5, 项目支出 C6, 财政拨款 E5. */
static jx_form *dept_form(jx_model *m, int64_t basic, int64_t project, int64_t fiscal)
{
    jx_form *f = fx_form(m, "部门整体", "zhanjiang-dept", "department", WAN);
    fx_text(&f->department, "湛江市医疗保障局", 2, 2);
    fx_amount(f, "基本支出", basic, 5, 3);
    fx_amount(f, "项目支出", project, 6, 3);
    fx_money(&f->fiscal, fiscal, 5, 5);
    fx_money(&f->total, fiscal, 5, 5);
    return f;
}

static void test_budget_rounding_is_info(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* 1217.00 + 32024.28 = 33241.28 against 33241.27: 0.01 万元 */
    jx_form *f = dept_form(m, 1217 * WAN, W(3202428), W(3324127));
    fx_field(f, "财政拨款", "33, 241. 27", 5, 5);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.budget", "部门整体", "E5", JX_SEV_INFO);
    expect_in(x, "33241.28");
    expect_in(x, "33241.27");
    expect_in(x, "尾数误差");
    assert_string_equal(x->text, "33, 241. 27");
    assert_null(x->fix);
    assert_int_equal(fx_count(out, "sum.budget"), 1);
    jx_findings_free(out);
}

static void test_budget_error(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* 0.02 万元 apart: an error */
    dept_form(m, 1217 * WAN, W(3202428), W(3324126));
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.budget", "部门整体", "E5", JX_SEV_ERROR);
    expect_in(x, "基本支出 1217.00 + 项目支出 32024.28 = 33241.28 万元");
    expect_in(x, "财政拨款应为 33241.28 万元");
    assert_null(strstr(x->message, "尾数误差"));
    jx_findings_free(out);
}

static void test_budget_with_other_funds(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* 365.32 + 191.55 = 556.87 against 500.00 + 50.00: funding falls short */
    jx_form *f = dept_form(m, W(36532), W(19155), 500 * WAN);
    fx_money(&f->other, 50 * WAN, 6, 5);
    /* 其他资金 alone filled */
    jx_form *g = fx_form(m, "部门整体2", "wuchuan-dept", "department", WAN);
    fx_amount(g, "基本支出", 100 * WAN, 5, 3);
    g->fiscal.at = (jx_origin){5, 6};   /* 财政拨款 left empty */
    fx_money(&g->other, 90 * WAN, 6, 6);
    /* a form with no 财政拨款 cell at all: the finding goes to 其他资金 */
    jx_form *h = fx_form(m, "部门整体3", "some-dept", "department", WAN);
    fx_amount(h, "项目支出", 100 * WAN, 6, 3);
    fx_money(&h->other, 90 * WAN, 6, 6);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.budget", "部门整体", "E5", JX_SEV_ERROR);
    expect_in(x, "财政拨款 500.00 + 其他资金 50.00 = 550.00 万元");
    expect_in(x, "556.87");
    expect_in(x, "财政拨款应为 506.87 万元");
    /* 财政拨款's empty cell is where the finding points: it should hold
     * what 其他资金 leaves uncovered */
    x = fx_expect_sev(out, "sum.budget", "部门整体2", "F5", JX_SEV_ERROR);
    expect_in(x, "财政拨款 0.00 + 其他资金 90.00 = 90.00 万元");
    expect_in(x, "财政拨款应为 10.00 万元");
    x = fx_expect_sev(out, "sum.budget", "部门整体3", "F6", JX_SEV_ERROR);
    expect_in(x, "其他资金应为 100.00 万元");
    jx_findings_free(out);
}

static void test_budget_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* 吴川: 365.32 + 191.55 = 556.87 */
    dept_form(m, W(36532), W(19155), W(55687));
    /* a department form without 基本支出/项目支出 (广水) is not judged */
    jx_form *g = fx_form(m, "部门整体2", "guangshui-dept", "department", WAN);
    fx_money(&g->total, 4795 * WAN, 10, 5);
    /* nor a project form */
    jx_form *p = fx_form(m, "项目", "wuchuan-project", "project", YUAN);
    fx_amount(p, "基本支出", 100, 5, 3);
    fx_money(&p->fiscal, 300, 5, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.budget");
    jx_findings_free(out);
}

static void test_budget_yuan_has_no_tolerance(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "some-dept", "department", YUAN);
    fx_amount(f, "基本支出", 365320000, 5, 3);
    fx_amount(f, "项目支出", 191550000, 6, 3);
    fx_money(&f->fiscal, 556870001, 5, 6);   /* one 分 too much */
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.budget", "部门整体", "F5", JX_SEV_ERROR);
    expect_in(x, "0.01 元");
    expect_in(x, "5568700.00 元");
    jx_findings_free(out);
}

/* ---------------- sum.funds ---------------- */

/* 金寨: 中期 E7 (E8 + E9), 年度 H7 (H8 + H9), in 万元. */
static jx_form *jinzhai_form(jx_model *m, const char *sheet, int64_t mid, int64_t mid_fiscal, int64_t mid_other,
                             int64_t annual, int64_t fiscal, int64_t other)
{
    jx_form *f = fx_form(m, sheet, "jinzhai-project", "project", WAN);
    fx_money(&f->total, mid, 7, 5);
    fx_amount(f, "中期其中财政拨款", mid_fiscal, 8, 5);
    fx_amount(f, "中期其他资金", mid_other, 9, 5);
    fx_money(&f->annual, annual, 7, 8);
    fx_money(&f->fiscal, fiscal, 8, 8);
    fx_money(&f->other, other, 9, 8);
    return f;
}

static void test_funds_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* the catalog's example: 年度 4678 against 3700 + 900; 中期 6000 against 5000 + 0 */
    jx_form *f = jinzhai_form(m, "城乡医疗救助", 6000 * WAN, 5000 * WAN, 0, 4678 * WAN, 3700 * WAN, 900 * WAN);
    fx_field(f, "年度资金总额:", "4678", 7, 8);
    fx_field(f, "年度其中财政拨款", "3700", 8, 8);
    fx_field(f, "年度其他资金", "900", 9, 8);
    fx_field(f, "中期资金总额:", "6000", 7, 5);
    /* 0.01 万元 apart: info; 0.02: error */
    jinzhai_form(m, "租赁费", W(1433), W(1433), 0, W(1433), W(1432), 0);
    jinzhai_form(m, "劳务派遣岗位", W(1962), W(1960), 0, W(1962), W(1962), 0);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.funds", "城乡医疗救助", "H7", JX_SEV_ERROR);
    expect_in(x, "年度其中财政拨款 3700.00 + 年度其他资金 900.00 = 4600.00 万元");
    expect_in(x, "年度资金总额应为 4600.00 万元");
    assert_string_equal(x->text, "4678");
    x = fx_expect_sev(out, "sum.funds", "城乡医疗救助", "E7", JX_SEV_ERROR);
    expect_in(x, "中期资金总额");
    expect_in(x, "5000.00");
    x = fx_expect_sev(out, "sum.funds", "租赁费", "H7", JX_SEV_INFO);
    expect_in(x, "尾数误差");
    fx_expect_sev(out, "sum.funds", "劳务派遣岗位", "E7", JX_SEV_ERROR);
    assert_int_equal(fx_count(out, "sum.funds"), 4);
    jx_findings_free(out);
}

static void test_funds_single_total_in_yuan(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* a form in 元 with one total: no tolerance, one 分 is an error */
    jx_form *f = fx_form(m, "项目", "some-project", "project", YUAN);
    fx_money(&f->total, 4050000, 7, 3);
    fx_money(&f->fiscal, 4000000, 8, 3);
    fx_money(&f->other, 49999, 9, 3);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.funds", "项目", "C7", JX_SEV_ERROR);
    expect_in(x, "0.01 元");
    expect_in(x, "资金总额应为 40499.99 元");
    jx_findings_free(out);
}

static void test_funds_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* 金寨's seed figures add up */
    jinzhai_form(m, "城乡医疗救助", 6000 * WAN, 6000 * WAN, 0, 4678 * WAN, 3700 * WAN, 978 * WAN);
    /* a department form's total is 财政拨款 + 其他资金 by construction */
    jx_form *d = dept_form(m, 100 * WAN, 0, 100 * WAN);
    fx_money(&d->other, 5 * WAN, 6, 5);
    /* a project without 财政拨款/其他资金 (吴川) */
    jx_form *p = fx_form(m, "业务工作经费", "wuchuan-project", "project", YUAN);
    fx_money(&p->total, 4050000, 7, 3);
    fx_money(&p->annual, 4050000, 7, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.funds");
    jx_findings_free(out);
}

/* ---------------- 部门总体资金情况 ---------------- */

typedef struct comp_line {
    const char *group, *item;
    int64_t now, y2024, y2023;   /* < 0: empty */
    const char *share;           /* NULL: empty */
} comp_line;

/* 广水's table, rows 7-14: B 类别, C 项目, E 当年金额, G 占比, H 2024, I 2023. */
static jx_form *guangshui_form(jx_model *m, const comp_line *lines, size_t n)
{
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", WAN);
    fx_text(&f->department, "广水市医疗保障局", 3, 3);
    jx_table *t = fx_table(f, "部门总体资金情况");
    uint32_t group_row = 0;
    const char *group = NULL;
    for (size_t i = 0; i < n; i++) {
        jx_row *r = fx_row(t, (uint32_t)(7 + i));
        if (!group || strcmp(group, lines[i].group) != 0) {
            group = lines[i].group;
            group_row = r->row;
        }
        fx_value(r, "类别", lines[i].group, 0, -1, 2);
        r->values[r->count - 1].at.row = group_row;   /* merged down from the group's first row */
        fx_value(r, "项目", lines[i].item, 0, -1, 3);
        if (lines[i].now >= 0)
            fx_value(r, "当年金额", "x", 1, lines[i].now, 5);
        if (lines[i].share)
            fx_value(r, "占比", lines[i].share, 0, -1, 7);
        if (lines[i].y2024 >= 0)
            fx_value(r, "2024", "x", 1, lines[i].y2024, 8);
        if (lines[i].y2023 >= 0)
            fx_value(r, "2023", "x", 1, lines[i].y2023, 9);
    }
    return f;
}

/* The seed's table. */
static const comp_line seed_lines[] = {
    {"收入构成", "财政拨款", W(479500), W(1346854), W(1128105), "100%"},
    {"收入构成", "财政专户管理资金", -1, -1, -1, NULL},
    {"收入构成", "单位资金", -1, W(100), W(246), NULL},
    {"收入构成", "合 计", W(479500), W(1346954), W(1128351), "100%"},
    {"支出构成", "人员类项目支出", W(165657), W(129798), W(119965), "34.55%"},
    {"支出构成", "运转类项目支出", W(4343), W(7538), W(13163), "0.9%"},
    {"支出构成", "特定目标类项目支出", W(309500), W(1209618), W(994977), "64.55%"},
    {"支出构成", "合 计", W(479500), W(1346954), W(1128105), "100%"},
};
#define SEED_LINES (sizeof seed_lines / sizeof seed_lines[0])

static void test_composition_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    comp_line l[SEED_LINES];
    memcpy(l, seed_lines, sizeof l);
    l[7].now = W(475900);        /* the catalog's example: 合计 4759 for 4795 */
    l[3].y2023 = W(1128352);     /* 0.01 万元 off: info */
    l[7].y2024 = W(1346956);     /* 0.02 万元 off: error */
    guangshui_form(m, l, SEED_LINES);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.composition", "部门整体", "E14", JX_SEV_ERROR);
    expect_in(x, "人员类项目支出 1656.57 + 运转类项目支出 43.43 + 特定目标类项目支出 3095.00 = 4795.00 万元");
    expect_in(x, "应为 4795.00 万元");
    x = fx_expect_sev(out, "sum.composition", "部门整体", "I10", JX_SEV_INFO);
    expect_in(x, "2023年");
    expect_in(x, "尾数误差");
    x = fx_expect_sev(out, "sum.composition", "部门整体", "H14", JX_SEV_ERROR);
    expect_in(x, "13469.54");
    assert_int_equal(fx_count(out, "sum.composition"), 3);
    jx_findings_free(out);
}

static void test_composition_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    guangshui_form(m, seed_lines, SEED_LINES);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.composition");
    jx_findings_free(out);
}

static void test_shares_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    comp_line l[SEED_LINES];
    memcpy(l, seed_lines, sizeof l);
    l[6].share = "64.45%";   /* the catalog's example: 34.55 + 0.9 + 64.45 = 99.9 */
    l[3].share = "99%";      /* the 合计 row's own share */
    guangshui_form(m, l, SEED_LINES);
    jx_findings *out = fx_validate(m);
    /* the sum, at the 合计 row's share */
    const jx_finding *x = fx_expect_sev(out, "sum.shares", "部门整体", "G14", JX_SEV_ERROR);
    expect_in(x, "34.55% + 0.9% + 64.45% = 99.9%");
    /* the share against 3095 ÷ 4795 = 64.55% */
    x = fx_expect_sev(out, "sum.shares", "部门整体", "G13", JX_SEV_ERROR);
    expect_in(x, "64.55%");
    assert_string_equal(x->text, "64.45%");
    /* 0.9% for 43.43 ÷ 4795 = 0.9057%: less than 0.01% off, info */
    x = fx_expect_sev(out, "sum.shares", "部门整体", "G12", JX_SEV_INFO);
    expect_in(x, "0.91%");
    expect_in(x, "尾数误差");
    x = fx_expect_sev(out, "sum.shares", "部门整体", "G10", JX_SEV_ERROR);
    assert_string_equal(x->fix, "100%");
    assert_int_equal(fx_count(out, "sum.shares"), 4);
    jx_findings_free(out);
}

static void test_shares_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    comp_line l[SEED_LINES];
    memcpy(l, seed_lines, sizeof l);
    /* 34.55 + 0.91 + 64.54 = 100; 64.54 written as the fraction a
     * percent-formatted number cell holds */
    l[5].share = "0.91%";
    l[6].share = "0.6454";
    guangshui_form(m, l, SEED_LINES);
    jx_findings *out = fx_validate(m);
    /* 64.54 is within 0.01% of 3095 ÷ 4795 = 64.546% but not its rounding:
     * a note, no error (no rounding of the seed's amounts adds up to 100) */
    fx_expect_sev(out, "sum.shares", "部门整体", "G13", JX_SEV_INFO);
    assert_int_equal(fx_count(out, "sum.shares"), 1);
    jx_findings_free(out);

    m = fx_model();
    static const comp_line exact[] = {
        {"支出构成", "人员类", W(2500), -1, -1, "25%"},
        {"支出构成", "运转类", W(7500), -1, -1, "75.00%"},
        {"支出构成", "合计", W(10000), -1, -1, "100%"},
    };
    guangshui_form(m, exact, 3);
    out = fx_validate(m);
    fx_expect_none(out, "sum.shares");
    jx_findings_free(out);
}

static void test_income_expense(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    guangshui_form(m, seed_lines, SEED_LINES);
    jx_findings *out = fx_validate(m);
    /* the seed: 2023年 11283.51 against 11281.05 */
    const jx_finding *x = fx_expect_sev(out, "sum.income-expense", "部门整体", "I14", JX_SEV_WARNING);
    expect_in(x, "2023年");
    expect_in(x, "11283.51");
    expect_in(x, "11281.05");
    expect_in(x, "2.46 万元");
    /* 当年金额 and 2024 agree */
    assert_int_equal(fx_count(out, "sum.income-expense"), 1);
    jx_findings_free(out);

    m = fx_model();
    comp_line l[SEED_LINES];
    memcpy(l, seed_lines, sizeof l);
    l[7].y2023 = W(1128350);   /* 0.01 万元 apart: info */
    l[6].y2023 = W(994977 + 245);
    guangshui_form(m, l, SEED_LINES);
    out = fx_validate(m);
    fx_expect_sev(out, "sum.income-expense", "部门整体", "I14", JX_SEV_INFO);
    jx_findings_free(out);

    m = fx_model();
    memcpy(l, seed_lines, sizeof l);
    l[7].y2023 = W(1128351);
    l[6].y2023 = W(994977 + 246);
    guangshui_form(m, l, SEED_LINES);
    out = fx_validate(m);
    fx_expect_none(out, "sum.income-expense");
    fx_expect_none(out, "sum.composition");
    jx_findings_free(out);
}

/* ---------------- sum.table ---------------- */

typedef struct basic_line {
    const char *code, *name;
    int64_t total, staff, office;   /* < 0: empty */
} basic_line;

/* 沅江's 一般公共预算基本支出表, rows from 5: A 科目编码, B 科目名称, C 合计, D 人员经费, E 公用经费. */
static jx_form *basic_form(jx_model *m, const basic_line *lines, size_t n)
{
    jx_form *f = fx_form(m, "一般公共预算基本支出表", "yuanjiang-basic-expenditure", "budget", WAN);
    fx_text(&f->department, "沅江市医疗保障局", 2, 1);
    jx_table *t = fx_table(f, "一般公共预算基本支出表");
    for (size_t i = 0; i < n; i++) {
        jx_row *r = fx_row(t, (uint32_t)(5 + i));
        fx_value(r, "科目编码", lines[i].code, 0, -1, 1);
        if (lines[i].name)
            fx_value(r, "科目名称", lines[i].name, 0, -1, 2);
        if (lines[i].total >= 0)
            fx_value(r, "合计", "x", 1, lines[i].total, 3);
        if (lines[i].staff >= 0)
            fx_value(r, "人员经费", "x", 1, lines[i].staff, 4);
        if (lines[i].office >= 0)
            fx_value(r, "公用经费", "x", 1, lines[i].office, 5);
    }
    return f;
}

/* The seed's figures, shortened: 301 = 30102 + 30101 + 30199, 302 = 30217 + 30201, 合计 = 301 + 302. */
static const basic_line basic_seed[] = {
    {"301", "工资福利支出", W(49661), W(49661), -1},
    {"30102", "津贴补贴", W(6149), W(6149), -1},
    {"30101", "基本工资", W(19379), W(19379), -1},
    {"30199", "其他工资福利支出", W(24133), W(24133), -1},
    {"302", "商品和服务支出", W(1814), -1, W(1814)},
    {"30217", "公务接待费", W(300), -1, W(300)},
    {"30201", "办公费", W(1514), -1, W(1514)},
    {"合计", NULL, W(51475), W(49661), W(1814)},
};
#define BASIC_LINES (sizeof basic_seed / sizeof basic_seed[0])

static void test_table_basic_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    basic_line l[BASIC_LINES];
    memcpy(l, basic_seed, sizeof l);
    l[3].total = l[3].staff = W(24123);   /* 30199 0.1 万元 short: 301's 合计 and 人员经费 no longer add up */
    l[6].total = W(1513);                 /* 30201: 合计 0.01 off 公用经费 (info), and 302's 合计 (info) */
    l[7].office = W(1816);                /* 合计 row 公用经费 0.02 off 302 (error) */
    basic_form(m, l, BASIC_LINES);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.table", "一般公共预算基本支出表", "C5", JX_SEV_ERROR);
    expect_in(x, "301 工资福利支出");
    expect_in(x, "496.51");
    expect_in(x, "496.61");
    fx_expect_sev(out, "sum.table", "一般公共预算基本支出表", "D5", JX_SEV_ERROR);
    x = fx_expect_sev(out, "sum.table", "一般公共预算基本支出表", "C11", JX_SEV_INFO);
    expect_in(x, "公用经费 15.14");
    expect_in(x, "尾数误差");
    fx_expect_sev(out, "sum.table", "一般公共预算基本支出表", "C9", JX_SEV_INFO);
    x = fx_expect_sev(out, "sum.table", "一般公共预算基本支出表", "E12", JX_SEV_ERROR);
    expect_in(x, "301、302");
    /* the 合计 row's 合计 now differs from 人员经费 + 公用经费 by 0.02 */
    fx_expect_sev(out, "sum.table", "一般公共预算基本支出表", "C12", JX_SEV_ERROR);
    jx_findings_free(out);
}

static void test_table_basic_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    basic_form(m, basic_seed, BASIC_LINES);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.table");
    jx_findings_free(out);
}

typedef struct special_line {
    const char *code, *name;
    int64_t total, general, grant,budgeted;
} special_line;

/* 沅江's 专项资金预算汇总表, rows from 6: A 单位代码, B 名称, C 总计, D 一般公共预算小计,
 * E 经费拨款, M 编入部门预算金额. */
static jx_form *special_form(jx_model *m, const special_line *lines, size_t n)
{
    jx_form *f = fx_form(m, "专项资金预算汇总表", "yuanjiang-special-funds", "budget", WAN);
    fx_text(&f->department, "沅江市医疗保障局", 2, 1);
    jx_table *t = fx_table(f, "专项资金预算汇总表");
    for (size_t i = 0; i < n; i++) {
        jx_row *r = fx_row(t, (uint32_t)(6 + i));
        if (lines[i].code)
            fx_value(r, "单位代码", lines[i].code, 0, -1, 1);
        fx_value(r, "单位名称（专项名称）", lines[i].name, 0, -1, 2);
        if (lines[i].total >= 0)
            fx_value(r, "总计", "x", 1, lines[i].total, 3);
        if (lines[i].general >= 0)
            fx_value(r, "一般公共预算小计", "x", 1, lines[i].general, 4);
        if (lines[i].grant >= 0)
            fx_value(r, "经费拨款", "x", 1, lines[i].grant, 5);
        if (lines[i].budgeted >= 0)
            fx_value(r, "编入部门预算金额", "x", 1, lines[i].budgeted, 13);
    }
    return f;
}

/* The seed: only 总计, 一般公共预算小计 and 编入部门预算金额 are filled. */
static const special_line special_seed[] = {
    {NULL, "合计", W(6822), W(6822), -1, W(6822)},
    {"201", "沅江市医疗保障局", W(6822), W(6822), -1, W(6822)},
    {"201001", "B参保筹资工作经费", W(1280), W(1280), -1, W(1280)},
    {"201001", "B医保基金监管工作经费", W(2240), W(2240), -1, W(2240)},
    {"201001", "B医保信息系统运行及网络维护费", W(1062), W(1062), -1, W(1062)},
    {"201001", "B医保中心工作经费", W(1280), W(1280), -1, W(1280)},
    {"201001", "B政策法规宣传工作经费", W(960), W(960), -1, W(960)},
};
#define SPECIAL_LINES (sizeof special_seed / sizeof special_seed[0])

static void test_table_special_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    special_line l[SPECIAL_LINES];
    memcpy(l, special_seed, sizeof l);
    l[3].total = l[3].general = l[3].budgeted = W(2250);   /* one fund 0.1 more: 201 and 合计 no longer add up */
    l[4].grant = W(1000);                              /* 经费拨款 filled: 一般公共预算小计 must equal it */
    special_form(m, l, SPECIAL_LINES);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.table", "专项资金预算汇总表", "C7", JX_SEV_ERROR);
    expect_in(x, "68.32");
    expect_in(x, "68.22");
    fx_expect_sev(out, "sum.table", "专项资金预算汇总表", "D7", JX_SEV_ERROR);
    fx_expect_sev(out, "sum.table", "专项资金预算汇总表", "M7", JX_SEV_ERROR);
    /* a fund's 经费拨款 with none on its department's row */
    fx_expect_sev(out, "sum.table", "专项资金预算汇总表", "E7", JX_SEV_ERROR);
    x = fx_expect_sev(out, "sum.table", "专项资金预算汇总表", "D10", JX_SEV_ERROR);
    expect_in(x, "经费拨款 10.00");
    expect_in(x, "“一般公共预算小计”应为 10.00 万元");
    /* 合计 = 201 still holds */
    assert_null(fx_find(out, "sum.table", "专项资金预算汇总表", "C6"));
    jx_findings_free(out);
}

static void test_table_special_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    special_form(m, special_seed, SPECIAL_LINES);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.table");
    jx_findings_free(out);
}

/* ---------------- sum.projects ---------------- */

static jx_form *wuchuan_project(jx_model *m, const char *name, const char *dept, int64_t yuan)
{
    jx_form *p = fx_form(m, name, "wuchuan-project", "project", YUAN);
    fx_text(&p->project, name, 2, 2);
    fx_text(&p->department, dept, 5, 2);
    fx_money(&p->total, yuan * 100, 7, 3);
    fx_money(&p->annual, yuan * 100, 7, 5);
    return p;
}

static jx_form *wuchuan_dept(jx_model *m, int64_t project)
{
    jx_form *d = fx_form(m, "部门整体", "wuchuan-dept", "department", WAN);
    fx_text(&d->department, "吴川市医疗保障局", 2, 2);
    fx_amount(d, "基本支出", W(36532), 5, 3);
    fx_amount(d, "项目支出", project, 6, 3);
    fx_money(&d->fiscal, W(36532) + project, 5, 6);
    fx_money(&d->total, W(36532) + project, 5, 6);
    return d;
}

static void test_projects_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    wuchuan_dept(m, W(19155));
    wuchuan_project(m, "业务工作经费", "吴川市医疗保障局", 40500);
    wuchuan_project(m, "非税工作经费（当年）", "吴川市医疗保障局", 1450000);
    wuchuan_project(m, "非税工作经费（往年）", "吴川市 医疗保障局", 375000);   /* normalised alike */
    wuchuan_project(m, "别的部门的项目", "吴川市财政局", 999999);               /* not this department's */
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.projects", "部门整体", "C6", JX_SEV_WARNING);
    expect_in(x, "191.55 万元");
    expect_in(x, "186.55 万元");
    expect_in(x, "3 张项目表");
    assert_null(strstr(x->message, "别的部门"));
    assert_int_equal(fx_count(out, "sum.projects"), 1);
    jx_findings_free(out);

    /* 0.01 万元 apart: info */
    m = fx_model();
    wuchuan_dept(m, W(18656));
    wuchuan_project(m, "业务工作经费", "吴川市医疗保障局", 40500);
    wuchuan_project(m, "非税工作经费（当年）", "吴川市医疗保障局", 1450000);
    wuchuan_project(m, "非税工作经费（往年）", "吴川市医疗保障局", 375000);
    out = fx_validate(m);
    fx_expect_sev(out, "sum.projects", "部门整体", "C6", JX_SEV_INFO);
    jx_findings_free(out);
}

static void test_projects_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    wuchuan_dept(m, W(18655));
    wuchuan_project(m, "业务工作经费", "吴川市医疗保障局", 40500);
    wuchuan_project(m, "非税工作经费（当年）", "吴川市医疗保障局", 1450000);
    /* a project whose 主管部门 is misspelt still belongs by its 用款单位 */
    jx_form *p = wuchuan_project(m, "非税工作经费（往年）", "吳川市医疗保障局", 375000);
    fx_text(&p->unit, "吴川市医疗保障局", 5, 5);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.projects");
    jx_findings_free(out);

    /* no project form of the department: nothing to compare */
    m = fx_model();
    wuchuan_dept(m, W(19155));
    wuchuan_project(m, "别的部门的项目", "吴川市财政局", 40500);
    out = fx_validate(m);
    fx_expect_none(out, "sum.projects");
    jx_findings_free(out);
}

/* ---------------- sum.special-funds ---------------- */

static jx_form *yuanjiang_project(jx_model *m, const char *name, int64_t total, uint32_t row)
{
    jx_form *p = fx_form(m, "项目支出绩效目标表", "yuanjiang-project", "project", WAN);
    fx_text(&p->project, name, row, 2);
    fx_text(&p->department, "沅江市医疗保障局", 2, 1);
    fx_money(&p->total, total, row, 3);
    return p;
}

static void test_special_funds_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    special_form(m, special_seed, SPECIAL_LINES);
    yuanjiang_project(m, "B参保筹资工作经费", W(1208), 6);        /* the catalog's example: 12.08 for 12.80 */
    yuanjiang_project(m, "B医保基金监管工作经费", W(2241), 17);   /* 0.01 off: info */
    yuanjiang_project(m, "B医保中心工作经费", W(1282), 41);       /* 0.02 off: error */
    yuanjiang_project(m, "B不在汇总表的项目", W(100), 52);        /* no row: warning */
    yuanjiang_project(m, "B医保信息系统运行及网络维护费", W(1062), 28);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "sum.special-funds", "项目支出绩效目标表", "C6", JX_SEV_ERROR);
    expect_in(x, "12.08");
    expect_in(x, "12.80");
    expect_in(x, "第 8 行");
    fx_expect_sev(out, "sum.special-funds", "项目支出绩效目标表", "C17", JX_SEV_INFO);
    fx_expect_sev(out, "sum.special-funds", "项目支出绩效目标表", "C41", JX_SEV_ERROR);
    x = fx_expect_sev(out, "sum.special-funds", "项目支出绩效目标表", "C52", JX_SEV_WARNING);
    expect_in(x, "B不在汇总表的项目");
    assert_null(fx_find(out, "sum.special-funds", "项目支出绩效目标表", "C28"));
    assert_int_equal(fx_count(out, "sum.special-funds"), 4);
    jx_findings_free(out);
}

static void test_special_funds_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    special_form(m, special_seed, SPECIAL_LINES);
    yuanjiang_project(m, "B参保筹资工作经费", W(1280), 6);
    yuanjiang_project(m, "B医保基金监管工作经费", W(2240), 17);
    yuanjiang_project(m, "B医保信息系统运行及网络维护费", W(1062), 28);
    yuanjiang_project(m, "B医保中心工作经费", W(1280), 41);
    yuanjiang_project(m, "B政策法规宣传工作经费", W(960), 52);
    /* another department's project is not looked for in this summary */
    jx_form *p = yuanjiang_project(m, "别处的项目", W(5), 63);
    fx_text(&p->department, "沅江市财政局", 2, 1);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "sum.special-funds");
    expect_none_of_mine(out);
    jx_findings_free(out);

    /* without a 专项资金预算汇总表 nothing is compared */
    m = fx_model();
    yuanjiang_project(m, "B参保筹资工作经费", W(1208), 6);
    out = fx_validate(m);
    fx_expect_none(out, "sum.special-funds");
    jx_findings_free(out);
}

/* ---------------- funds.annual-over-total ---------------- */

static void test_annual_over_total(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* the catalog's example: 中期 60, 年度 80 */
    jx_form *f = jinzhai_form(m, "稽查稽核工作经费", 60 * WAN, 60 * WAN, 0, 80 * WAN, 80 * WAN, 0);
    fx_field(f, "中期资金总额:", "60", 7, 5);
    fx_field(f, "年度资金总额:", "80", 7, 8);
    /* 0.01 万元 over: info */
    jinzhai_form(m, "租赁费", W(1433), W(1433), 0, W(1434), W(1434), 0);
    /* 元: one 分 over is an error */
    jx_form *p = fx_form(m, "业务工作经费", "wuchuan-project", "project", YUAN);
    fx_money(&p->total, 4050000, 7, 3);
    fx_money(&p->annual, 4050001, 7, 5);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "funds.annual-over-total", "稽查稽核工作经费", "H7", JX_SEV_ERROR);
    expect_in(x, "年度资金总额 80.00 万元");
    expect_in(x, "中期资金总额 60.00 万元");
    expect_in(x, "应不大于 60.00 万元");
    assert_string_equal(x->text, "80");
    fx_expect_sev(out, "funds.annual-over-total", "租赁费", "H7", JX_SEV_INFO);
    x = fx_expect_sev(out, "funds.annual-over-total", "业务工作经费", "E7", JX_SEV_ERROR);
    expect_in(x, "0.01 元");
    assert_int_equal(fx_count(out, "funds.annual-over-total"), 3);
    jx_findings_free(out);
}

static void test_annual_over_total_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jinzhai_form(m, "城乡医疗救助", 6000 * WAN, 6000 * WAN, 0, 4678 * WAN, 3700 * WAN, 978 * WAN);
    wuchuan_project(m, "业务工作经费", "吴川市医疗保障局", 40500);
    /* only one of the two stated */
    jx_form *z = fx_form(m, "城乡医疗救助2", "zhanjiang-fund", "project", YUAN);
    fx_money(&z->annual, 320000000, 6, 3);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "funds.annual-over-total");
    jx_findings_free(out);
}

/* ---------------- English ---------------- */

static void test_english(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    dept_form(m, 1217 * WAN, W(3202428), W(3324127));
    jx_findings *out = NULL;
    assert_int_equal(jx_validate(m, JX_LANG_EN, &out), JX_OK);
    const jx_finding *x = fx_expect_sev(out, "sum.budget", "部门整体", "E5", JX_SEV_INFO);
    expect_in(x, "33241.28 10k yuan");
    expect_in(x, "rounding difference");
    jx_findings_free(out);

    m = fx_model();
    guangshui_form(m, seed_lines, SEED_LINES);
    assert_int_equal(jx_validate(m, JX_LANG_EN, &out), JX_OK);
    x = fx_expect_sev(out, "sum.income-expense", "部门整体", "I14", JX_SEV_WARNING);
    expect_in(x, "total income 11283.51 10k yuan");
    jx_findings_free(out);
}

/* ---------------- the seed workbooks ---------------- */

typedef struct seed_finding {
    const char *file, *rule, *sheet, *cell;
    jx_severity severity;
    const char *contains[3];
} seed_finding;

/* Every arithmetic finding on the five seeds, and nothing else. */
static const seed_finding seed_findings[] = {
    /* 湛江: 1217.00 + 32024.28 = 33241.28 against 财政拨款 33241.27 */
    {"samples/zhanjiang-2025.xlsx", "sum.budget", "部门整体", "E5", JX_SEV_INFO, {"33241.28", "33241.27", "尾数误差"}},
    /* 湛江: 项目支出 32024.28 against its four project forms (30975 + 320 + 167.7273 + 120) */
    {"samples/zhanjiang-2025.xlsx", "sum.projects", "部门整体", "C6", JX_SEV_WARNING, {"32024.28", "31582.7273", "4 张项目表"}},
    /* 吴川: 项目支出 191.55 against 40500 + 1450000 + 375000 元 */
    {"samples/wuchuan-2025.xlsx", "sum.projects", "部门整体", "C6", JX_SEV_WARNING, {"191.55 万元", "186.55 万元", "3 张项目表"}},
    /* 广水: 2023年 收入 11283.51 against 支出 11281.05 */
    {"samples/guangshui-2025.xlsx", "sum.income-expense", "部门整体", "I14", JX_SEV_WARNING, {"2023年", "11283.51", "11281.05"}},
    /* 广水: 0.9% for 43.43 ÷ 4795 = 0.9057% (so that the shares add up to 100%) */
    {"samples/guangshui-2025.xlsx", "sum.shares", "部门整体", "G12", JX_SEV_INFO, {"0.9%", "0.91%", "尾数误差"}},
};

static void test_seeds(void **state)
{
    (void)state;
    jx_catalog *cat = fx_catalog();
    static const char *const files[] = {"samples/guangshui-2025.xlsx", "samples/jinzhai-2025.xlsx",
                                        "samples/wuchuan-2025.xlsx", "samples/yuanjiang-2024.xlsx",
                                        "samples/zhanjiang-2025.xlsx"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        jx_findings *out = fx_validate_file(cat, files[i]);
        size_t want = 0;
        for (size_t k = 0; k < sizeof seed_findings / sizeof seed_findings[0]; k++) {
            const seed_finding *s = &seed_findings[k];
            if (strcmp(s->file, files[i]) != 0)
                continue;
            want++;
            const jx_finding *x = fx_expect_sev(out, s->rule, s->sheet, s->cell, (int)s->severity);
            for (size_t n = 0; n < 3 && s->contains[n]; n++)
                expect_in(x, s->contains[n]);
        }
        size_t got = 0;
        for (size_t k = 0; k < out->count; k++)
            for (size_t r = 0; r < MY_RULES; r++)
                got += strcmp(out->items[k].rule, my_rules[r]) == 0;
        if (got != want) {
            fx_dump(out);
            fail_msg("%s: %zu arithmetic findings, expected %zu", files[i], got, want);
        }
        jx_findings_free(out);
    }
    jx_catalog_free(cat);
}

/* The corrected forms of tests/data/clean: nothing to report. */
static void test_clean_fixtures(void **state)
{
    (void)state;
    jx_catalog *cat = fx_catalog();
    static const char *const files[] = {FX_CLEAN_FILES};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        jx_findings *out = fx_validate_file(cat, files[i]);
        expect_none_of_mine(out);
        jx_findings_free(out);
    }
    jx_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_rounding_is_info),
        cmocka_unit_test(test_budget_error),
        cmocka_unit_test(test_budget_with_other_funds),
        cmocka_unit_test(test_budget_silent),
        cmocka_unit_test(test_budget_yuan_has_no_tolerance),
        cmocka_unit_test(test_funds_fires),
        cmocka_unit_test(test_funds_single_total_in_yuan),
        cmocka_unit_test(test_funds_silent),
        cmocka_unit_test(test_composition_fires),
        cmocka_unit_test(test_composition_silent),
        cmocka_unit_test(test_shares_fires),
        cmocka_unit_test(test_shares_silent),
        cmocka_unit_test(test_income_expense),
        cmocka_unit_test(test_table_basic_fires),
        cmocka_unit_test(test_table_basic_silent),
        cmocka_unit_test(test_table_special_fires),
        cmocka_unit_test(test_table_special_silent),
        cmocka_unit_test(test_projects_fires),
        cmocka_unit_test(test_projects_silent),
        cmocka_unit_test(test_special_funds_fires),
        cmocka_unit_test(test_special_funds_silent),
        cmocka_unit_test(test_annual_over_total),
        cmocka_unit_test(test_annual_over_total_silent),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_clean_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
