/*
 * test_structure.c - the structure rules (level.pair, level.canonical,
 * level.missing, level3.missing, level3.duplicate, level3.one-list): each
 * fires at the right cell on a model built by hand and stays silent where
 * it should, then the findings on the five seed workbooks.
 */
#include "fixture.h"

#include <stdlib.h>

/* Like fx_expect_sev, but among several findings of one rule at one cell
 * (level.missing reports each missing 一级 at the table's header). */
static const jx_finding *find_sev(const jx_findings *f, const char *rule, const char *sheet, const char *cell,
                                  int sev, const char *file, int line)
{
    for (size_t i = 0; i < f->count; i++) {
        const jx_finding *x = &f->items[i];
        char ref[16] = "";
        if (x->at.row)
            jx_cell_ref(x->at.row, x->at.col, ref);
        if (strcmp(x->rule, rule) == 0 && strcmp(x->sheet, sheet) == 0 && strcmp(ref, cell) == 0 &&
            (int)x->severity == sev)
            return x;
    }
    fx_dump(f);
    print_error("%s at %s!%s with severity %s not found\n", rule, sheet, cell, jx_severity_name(sev));
    _fail(file, line);
    return NULL;
}
#define expect_sev(f, rule, sheet, cell, sev) find_sev(f, rule, sheet, cell, sev, __FILE__, __LINE__)

/* A well-formed project form (产出, 成本, 效益, 满意度, canonical names). */
static jx_form *good_project(jx_model *m, const char *sheet)
{
    jx_form *f = fx_form(m, sheet, "wuchuan-project", "project", 100);
    fx_ind(f, "产出指标", "数量指标", "检查覆盖率", 12);
    fx_ind(f, "产出指标", "质量指标", "参保率", 13);
    fx_ind(f, "产出指标", "时效指标", "结算及时率", 14);
    fx_ind(f, "成本指标", "经济成本指标", "项目运行总成本", 15);
    fx_ind(f, "效益指标", "社会效益指标", "政策知晓率", 16);
    fx_ind(f, "效益指标", "可持续影响指标", "制度健全", 17);
    fx_ind(f, "满意度指标", "服务对象满意度指标", "参保对象满意度", 18);
    return f;
}

/* ---------------- level.pair ---------------- */

static void test_pair_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "城乡医疗救助", "zhanjiang-fund", "project", 100);
    fx_ind(f, "产出指标", "时效指标", "结算及时率", 12);
    fx_ind(f, "效益指标", "社会效益指标", "救助比例", 13);
    /* a 二级 of 满意度指标 under 效益指标 */
    fx_ind(f, "效益指标", "服务对象满意度指标", "救助对象满意度", 18);
    jx_form *g = fx_form(m, "合同制人员经费", "zhanjiang-fund", "project", 100);
    fx_ind(g, "产出指标", "时效指标", "到位率", 13);
    /* a 二级 name in the 一级 column */
    fx_ind(g, "服务对象满意度", "服务对象满意度指", "参保对象满意度", 16);
    fx_ind(g, "其他指标", "数量指标", "某项", 17);
    jx_form *h = fx_form(m, "城乡医疗救助2", "jinzhai-project", "project", 1000000);
    fx_ind(h, "产出指标", "数量指标", "救助人次", 13);
    /* a 一级 listed as a 二级 */
    fx_ind(h, "产出指标", "成本指标", "项目运行总成本", 19);
    fx_ind(h, "产出指标", "成本指标", "资助参保缴费", 20);
    /* a 二级 repeating its 一级 where the 一级 has several 二级 */
    fx_ind(h, "效益指标", "效益指标", "社会效益", 21);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "level.pair", "城乡医疗救助", "C18", JX_SEV_ERROR);
    assert_null(x->fix);
    assert_string_equal(x->text, "服务对象满意度指标");
    assert_non_null(strstr(x->message, "满意度指标"));
    x = fx_expect_sev(out, "level.pair", "合同制人员经费", "B16", JX_SEV_ERROR);
    assert_string_equal(x->text, "服务对象满意度");
    assert_non_null(strstr(x->message, "满意度指标"));
    fx_expect(out, "level.pair", "合同制人员经费", "B17");
    /* the 二级 under a wrong 一级 is not reported again */
    assert_null(fx_find(out, "level.pair", "合同制人员经费", "C16"));
    x = fx_expect_sev(out, "level.pair", "城乡医疗救助2", "C19", JX_SEV_ERROR);
    assert_string_equal(x->text, "成本指标");
    fx_expect(out, "level.pair", "城乡医疗救助2", "C20");
    fx_expect(out, "level.pair", "城乡医疗救助2", "C21");
    assert_int_equal(fx_count(out, "level.pair"), 6);
    jx_findings_free(out);
}

static void test_pair_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    good_project(m, "项目");
    /* older local spellings, short forms, 满意度指标 repeated as its only
     * 二级: not pairing errors */
    jx_form *f = fx_form(m, "旧写法", "jinzhai-project", "project", 1000000);
    fx_ind(f, "产出指标", "数量指标", "救助人次", 13);
    fx_ind(f, "成本指标", "生态成本指标", "排放", 14);
    fx_ind(f, "效益指标", "社会效益", "减轻负担", 15);
    fx_ind(f, "满意度指标", "满意度指标", "满意度", 16);
    fx_ind(f, "满意度指标", "满意度", "群众满意度", 17);
    fx_ind(f, "效益指标", "某种效益", "未知二级不判断", 18);
    /* 湛江's department form: no 一级/二级 at all */
    jx_form *d = fx_form(m, "部门整体", "zhanjiang-dept", "department", 1000000);
    fx_ind(d, NULL, NULL, "城乡居民医保参保人数", 12);
    fx_ind(d, NULL, NULL, "参保对象满意度(%)", 15);
    /* Hubei's department framework: its own 一级, free 二级 */
    jx_form *h = fx_form(m, "广水", "guangshui-dept", "department", 1000000);
    fx_ind(h, "运行成本", "公用经费控制", "公用经费控制率", 24);
    fx_ind(h, "管理效率", "预算执行", "预算执行率", 34);
    fx_ind(h, "履职效能", "核心业务产出 1", "覆盖率", 48);
    fx_ind(h, "社会效应", "社会效益 2", "就医方便程度", 53);
    fx_ind(h, "可持续发展能力", "人才支撑", "培训完成率", 58);
    fx_ind(h, "满意度", "服务对象满意度", "城乡居民满意度", 63);
    fx_ind(h, "满意度", "社会效益指标", "二级随意", 64);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "level.pair");
    jx_findings_free(out);
}

static void test_pair_hubei_foreign_level1(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *h = fx_form(m, "广水", "guangshui-dept", "department", 1000000);
    fx_ind(h, "运行成本", "公用经费控制", "公用经费控制率", 24);
    fx_ind(h, "管理效率", "预算执行", "预算执行率", 34);
    fx_ind(h, "履职效能", "核心业务产出 1", "覆盖率", 48);
    fx_ind(h, "产出指标", "数量指标", "混入的101号一级", 50);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "level.pair", "广水", "B50", JX_SEV_ERROR);
    assert_non_null(strstr(x->message, "运行成本"));
    assert_int_equal(fx_count(out, "level.pair"), 1);
    fx_expect_none(out, "level.canonical");
    jx_findings_free(out);
}

/* ---------------- level.canonical ---------------- */

static void expect_fix(const jx_findings *out, const char *sheet, const char *cell, const char *text,
                       const char *fix)
{
    const jx_finding *x = fx_expect_sev(out, "level.canonical", sheet, cell, JX_SEV_WARNING);
    assert_non_null(x->fix);
    assert_string_equal(x->fix, fix);
    assert_non_null(x->text);
    assert_string_equal(x->text, text);
}

static void test_canonical_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "业务工作经费", "wuchuan-project", "project", 100);
    fx_ind(f, "产出指标", "数量指标 产出指标", "补助标准", 11);
    fx_ind(f, "产出指标\n", "质量指标", "参保率", 12);
    fx_ind(f, "成本", "经济成本指标 ", "总成本", 13);
    fx_ind(f, "效益指标", "社会效益", "减轻负担", 15);
    fx_ind(f, "效益指标", "经济效益", "降价幅度", 17);
    fx_ind(f, "服务对象满意度", "服务对象满意度指", "参保对象满意度", 16);
    fx_ind(f, "满意度指标", "服务对象满 意度指标", "参保人员满意度", 18);
    fx_ind(f, "满意度指标", "满意度指标", "群众满意度", 19);
    fx_ind(f, "效益指标", "时效", "放错了的简称", 20);
    jx_findings *out = fx_validate(m);
    expect_fix(out, "业务工作经费", "C11", "数量指标 产出指标", "数量指标");
    expect_fix(out, "业务工作经费", "B12", "产出指标\n", "产出指标");
    expect_fix(out, "业务工作经费", "B13", "成本", "成本指标");
    expect_fix(out, "业务工作经费", "C13", "经济成本指标 ", "经济成本指标");
    expect_fix(out, "业务工作经费", "C15", "社会效益", "社会效益指标");
    expect_fix(out, "业务工作经费", "C17", "经济效益", "经济效益指标");
    expect_fix(out, "业务工作经费", "C16", "服务对象满意度指", "服务对象满意度指标");
    expect_fix(out, "业务工作经费", "C18", "服务对象满 意度指标", "服务对象满意度指标");
    expect_fix(out, "业务工作经费", "C19", "满意度指标", "服务对象满意度指标");
    /* a short form in the wrong place: both the spelling and the pair */
    expect_fix(out, "业务工作经费", "C20", "时效", "时效指标");
    fx_expect(out, "level.pair", "业务工作经费", "C20");
    /* 服务对象满意度 in the 一级 column is not given a guessed fix */
    assert_null(fx_find(out, "level.canonical", "业务工作经费", "B16"));
    assert_int_equal(fx_count(out, "level.canonical"), 10);
    /* messages quote the text and say what is right */
    const jx_finding *x = fx_find(out, "level.canonical", "业务工作经费", "C15");
    assert_non_null(strstr(x->message, "社会效益指标"));
    jx_findings_free(out);
}

static void test_canonical_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    good_project(m, "项目");
    jx_form *f = fx_form(m, "旧写法", "wuchuan-dept", "department", 1000000);
    fx_ind(f, "成本指标", "生态成本指标", "排放", 14);
    fx_ind(f, "效益指标", "某种效益", "未知二级不判断", 18);
    jx_form *h = fx_form(m, "广水", "guangshui-dept", "department", 1000000);
    fx_ind(h, "运行成本", "公用经费控制", "公用经费控制率", 24);
    fx_ind(h, "社会效应", "社会效益 2", "就医方便程度", 53);
    fx_ind(h, "满意度", "服务对象满意度", "城乡居民满意度", 63);
    jx_form *d = fx_form(m, "部门整体", "zhanjiang-dept", "department", 1000000);
    fx_ind(d, NULL, NULL, "参保人数", 12);
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "level.canonical");
    jx_findings_free(out);
}

/* ---------------- level.missing ---------------- */

static void test_missing_fires(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    /* only 产出 and 满意度; 效益 only as 本指标不适用 */
    jx_form *f = fx_form(m, "城乡居民医保补助", "zhanjiang-key-project", "project", 1000000);
    f->table_at = (jx_origin){10, 2};
    fx_ind(f, "产出指标", "数量指标", "参保人数", 11);
    fx_ind(f, "效益指标", "经济效益指标", "本指标不适用", 12);
    fx_ind(f, "满意度指标", "服务对象满意度指标", "参保对象满意度", 16);
    /* no 产出指标, and the 满意度 indicator stands under 效益指标 */
    jx_form *g = fx_form(m, "第三方支付评审", "zhanjiang-fund", "project", 100);
    fx_ind(g, "成本指标", "经济成本指标", "服务费", 12);
    fx_ind(g, "效益指标", "社会效益指标", "审核服务", 16);
    fx_ind(g, "效益指标", "服务对象满意度指标", "参保对象满意度", 17);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = expect_sev(out, "level.missing", "城乡居民医保补助", "B10", JX_SEV_ERROR);
    assert_null(x->fix);
    int errors = 0, warnings = 0;
    for (size_t i = 0; i < out->count; i++) {
        const jx_finding *y = &out->items[i];
        if (strcmp(y->rule, "level.missing") || strcmp(y->sheet, "城乡居民医保补助"))
            continue;
        char ref[16];
        assert_string_equal(jx_cell_ref(y->at.row, y->at.col, ref), "B10");
        errors += y->severity == JX_SEV_ERROR;
        warnings += y->severity == JX_SEV_WARNING;
        if (y->severity == JX_SEV_ERROR)
            assert_non_null(strstr(y->message, "效益指标"));
        else
            assert_non_null(strstr(y->message, "成本指标"));
    }
    assert_int_equal(errors, 1);
    assert_int_equal(warnings, 1);
    /* the second form: 产出 missing (error), 满意度 missing (warning) */
    errors = warnings = 0;
    for (size_t i = 0; i < out->count; i++) {
        const jx_finding *y = &out->items[i];
        if (strcmp(y->rule, "level.missing") || strcmp(y->sheet, "第三方支付评审"))
            continue;
        char ref[16];
        assert_string_equal(jx_cell_ref(y->at.row, y->at.col, ref), "B11");
        if (y->severity == JX_SEV_ERROR) {
            errors++;
            assert_non_null(strstr(y->message, "产出指标"));
        } else {
            warnings++;
            assert_non_null(strstr(y->message, "满意度指标"));
            assert_non_null(strstr(y->message, "C17"));
        }
    }
    assert_int_equal(errors, 1);
    assert_int_equal(warnings, 1);
    jx_findings_free(out);
}

static void test_missing_silent(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    good_project(m, "项目");
    /* short forms of the 一级 count (canonicalised) */
    jx_form *f = fx_form(m, "简称", "wuchuan-project", "project", 100);
    fx_ind(f, "产出", "数量指标", "检查覆盖率", 12);
    fx_ind(f, "成本指标 ", "经济成本指标", "总成本", 13);
    fx_ind(f, "效益", "社会效益指标", "知晓率", 14);
    fx_ind(f, "满意度", "服务对象满意度指标", "满意度", 15);
    /* department forms and Hubei's framework are not project forms */
    jx_form *d = fx_form(m, "部门整体", "wuchuan-dept", "department", 1000000);
    fx_ind(d, "产出指标", "数量指标", "检查", 16);
    jx_form *h = fx_form(m, "广水", "guangshui-dept", "department", 1000000);
    fx_ind(h, "运行成本", "公用经费控制", "公用经费控制率", 24);
    jx_form *b = fx_form(m, "专项资金预算汇总表", "yuanjiang-special-funds", "budget", 1000000);
    (void)b;
    jx_findings *out = fx_validate(m);
    fx_expect_none(out, "level.missing");
    jx_findings_free(out);
}

/* ---------------- level3.missing ---------------- */

static void test_level3_missing(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = good_project(m, "项目");
    jx_indicator *i = fx_ind(f, "效益指标", "社会效益指标", NULL, 19);
    fx_target(i, "period", "≥90%", 19, 5);
    fx_target(i, "annual", "≥90%", 19, 6);
    /* the real model: no 三级, so `at` is the first value's cell */
    jx_indicator *k = fx_ind(f, "效益指标", "社会效益指标", NULL, 20);
    fx_target(k, "period", NULL, 20, 5);
    fx_target(k, "annual", "≥80%", 20, 6);
    k->at = (jx_origin){20, 6};
    k->level3.at = (jx_origin){0, 0};
    /* a row naming nothing and valuing nothing is no finding */
    jx_indicator *e = fx_ind(f, "效益指标", "社会效益指标", "  ", 21);
    fx_target(e, "period", NULL, 21, 5);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "level3.missing", "项目", "D19", JX_SEV_ERROR);
    assert_non_null(strstr(x->message, "≥90%"));
    assert_null(x->fix);
    /* the 三级 column, taken from the indicators around it */
    fx_expect(out, "level3.missing", "项目", "D20");
    assert_int_equal(fx_count(out, "level3.missing"), 2);
    jx_findings_free(out);

    m = fx_model();
    good_project(m, "项目");
    out = fx_validate(m);
    fx_expect_none(out, "level3.missing");
    jx_findings_free(out);
}

/* ---------------- level3.duplicate ---------------- */

static void test_level3_duplicate(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "稽查", "jinzhai-project", "project", 1000000);
    fx_ind(f, "产出指标", "数量指标", "开展专项检查", 13);
    fx_ind(f, "产出指标", "数量指标", "参加飞行检查", 14);
    fx_ind(f, "产出指标", "数量指标", "开展专项 检查", 15);
    /* the same name under another 二级 is another indicator */
    fx_ind(f, "产出指标", "质量指标", "开展专项检查", 16);
    /* 本指标不适用 rows repeat by nature */
    fx_ind(f, "效益指标", "经济效益指标", "本指标不适用", 17);
    fx_ind(f, "效益指标", "经济效益指标", "本指标不适用", 18);
    /* 社会效益 and 社会效益指标 are one 二级 */
    fx_ind(f, "效益指标", "社会效益指标", "知晓率", 19);
    fx_ind(f, "效益指标", "社会效益", "知晓率", 20);
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "level3.duplicate", "稽查", "D15", JX_SEV_WARNING);
    assert_non_null(strstr(x->message, "D13"));
    assert_string_equal(x->text, "开展专项 检查");
    fx_expect(out, "level3.duplicate", "稽查", "D20");
    assert_int_equal(fx_count(out, "level3.duplicate"), 2);
    jx_findings_free(out);

    m = fx_model();
    good_project(m, "项目");
    jx_form *g = good_project(m, "项目2"); /* same names in another form */
    (void)g;
    out = fx_validate(m);
    fx_expect_none(out, "level3.duplicate");
    jx_findings_free(out);
}

/* ---------------- level3.one-list ---------------- */

static void test_one_list(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "部门整体", "guangshui-dept", "department", 1000000);
    fx_lists(f, "长期", "年度");
    jx_indicator *a = fx_ind(f, "满意度", "服务对象满意度", "城乡居民满意度", 63);
    a->lists = 1;
    jx_indicator *b = fx_ind(f, "满意度", "服务对象满意度", "参保人员满意度", 108);
    b->lists = 2;
    jx_indicator *both = fx_ind(f, "满意度", "联系部门满意度", "相关单位满意度", 64);
    both->lists = 3;
    jx_indicator *na = fx_ind(f, "运行成本", "公用经费控制", "本指标不适用", 65);
    na->lists = 1;
    jx_findings *out = fx_validate(m);
    const jx_finding *x = fx_expect_sev(out, "level3.one-list", "部门整体", "D63", JX_SEV_WARNING);
    /* names the list it is missing from */
    assert_non_null(strstr(x->message, "年度指标中没有"));
    x = fx_expect(out, "level3.one-list", "部门整体", "D108");
    assert_non_null(strstr(x->message, "长期指标中没有"));
    assert_int_equal(fx_count(out, "level3.one-list"), 2);
    jx_findings_free(out);

    /* one list: nothing to compare */
    m = fx_model();
    jx_form *g = good_project(m, "项目");
    g->indicators[0].lists = 1;
    out = fx_validate(m);
    fx_expect_none(out, "level3.one-list");
    jx_findings_free(out);
}

static void test_english(void **state)
{
    (void)state;
    jx_model *m = fx_model();
    jx_form *f = fx_form(m, "项目", "zhanjiang-fund", "project", 100);
    fx_ind(f, "产出指标", "数量指标", "审核量", 12);
    fx_ind(f, "效益指标", "服务对象满意度指标", "满意度", 17);
    fx_ind(f, "效益指标", "社会效益", "知晓率", 18);
    jx_findings *out = NULL;
    assert_int_equal(jx_validate(m, JX_LANG_EN, &out), JX_OK);
    const jx_finding *x = fx_expect(out, "level.pair", "项目", "C17");
    assert_non_null(strstr(x->message, "belongs to 满意度指标"));
    x = fx_expect(out, "level.canonical", "项目", "C18");
    assert_non_null(strstr(x->message, "write “社会效益指标”"));
    x = fx_expect(out, "level.missing", "项目", "B11");
    assert_non_null(strstr(x->message, "should include"));
    jx_findings_free(out);
}

/* ---------------- the seed workbooks ---------------- */

static void expect_rule_fix(const jx_findings *out, const char *rule, const char *sheet, const char *cell,
                            int sev, const char *text, const char *fix)
{
    const jx_finding *x = find_sev(out, rule, sheet, cell, sev, __FILE__, __LINE__);
    if (text) {
        assert_non_null(x->text);
        assert_string_equal(x->text, text);
    }
    if (fix) {
        assert_non_null(x->fix);
        assert_string_equal(x->fix, fix);
    } else {
        assert_null(x->fix);
    }
}

static const char *const my_rules[] = {"level.pair",     "level.canonical",  "level.missing",
                                       "level3.missing", "level3.duplicate", "level3.one-list"};

static void test_seeds(void **state)
{
    (void)state;
    jx_catalog *cat = fx_catalog();
    int total[6] = {0};

    /* 湛江 */
    jx_findings *z = fx_validate_file(cat, "samples/zhanjiang-2025.xlsx");
    expect_rule_fix(z, "level.pair", "城乡医疗救助", "C18", JX_SEV_ERROR, "服务对象满意度指标", NULL);
    expect_rule_fix(z, "level.pair", "第三方支付评审", "C17", JX_SEV_ERROR, "服务对象满意度指标", NULL);
    expect_rule_fix(z, "level.pair", "合同制人员经费", "B16", JX_SEV_ERROR, "服务对象满意度", NULL);
    expect_rule_fix(z, "level.canonical", "合同制人员经费", "C16", JX_SEV_WARNING, "服务对象满意度指",
                    "服务对象满意度指标");
    expect_rule_fix(z, "level.canonical", "城乡居民医保补助", "C16", JX_SEV_WARNING, "服务对象满 意度指标",
                    "服务对象满意度指标");
    expect_rule_fix(z, "level.canonical", "城乡居民医保补助", "C11", JX_SEV_WARNING, "数量指标 产出指标",
                    "数量指标");
    /* 城乡居民医保补助 has no 效益指标 (error) and no 成本指标 (warning) */
    expect_rule_fix(z, "level.missing", "城乡居民医保补助", "B10", JX_SEV_ERROR, NULL, NULL);
    expect_rule_fix(z, "level.missing", "城乡居民医保补助", "B10", JX_SEV_WARNING, NULL, NULL);
    /* the department form (no 一级/二级) is not checked */
    for (size_t i = 0; i < z->count; i++)
        for (size_t r = 0; r < 6; r++)
            if (strcmp(z->items[i].rule, my_rules[r]) == 0) {
                assert_string_not_equal(z->items[i].sheet, "部门整体");
                total[r]++;
            }
    jx_findings_free(z);

    /* 吴川: 社会效益 in each project sheet */
    jx_findings *w = fx_validate_file(cat, "samples/wuchuan-2025.xlsx");
    expect_rule_fix(w, "level.canonical", "业务工作经费", "C15", JX_SEV_WARNING, "社会效益", "社会效益指标");
    expect_rule_fix(w, "level.canonical", "非税工作经费（当年）", "C16", JX_SEV_WARNING, "社会效益",
                    "社会效益指标");
    expect_rule_fix(w, "level.canonical", "非税工作经费（往年）", "C16", JX_SEV_WARNING, "社会效益",
                    "社会效益指标");
    for (size_t i = 0; i < w->count; i++)
        for (size_t r = 0; r < 6; r++)
            total[r] += strcmp(w->items[i].rule, my_rules[r]) == 0;
    jx_findings_free(w);

    /* 金寨: 成本指标 as a 二级 of 产出指标, 满意度指标 as its own 二级 */
    static const struct { const char *sheet, *cost, *satisfaction; } jz[] = {
        {"城乡医疗救助", "C19", "C29"},     {"稽查稽核工作经费", "C20", "C28"}, {"医疗保障事务管理经费", "C19", "C26"},
        {"租赁费", "C17", "C23"},           {"劳务派遣岗位", "C17", "C24"},     {"医疗保障管理经费", "C18", "C26"},
    };
    jx_findings *j = fx_validate_file(cat, "samples/jinzhai-2025.xlsx");
    for (size_t i = 0; i < sizeof jz / sizeof jz[0]; i++) {
        expect_rule_fix(j, "level.pair", jz[i].sheet, jz[i].cost, JX_SEV_ERROR, "成本指标", NULL);
        expect_rule_fix(j, "level.canonical", jz[i].sheet, jz[i].satisfaction, JX_SEV_WARNING, "满意度指标",
                        "服务对象满意度指标");
        expect_rule_fix(j, "level.missing", jz[i].sheet, "B12", JX_SEV_WARNING, NULL, NULL);
    }
    for (size_t i = 0; i < j->count; i++) {
        for (size_t r = 0; r < 6; r++)
            total[r] += strcmp(j->items[i].rule, my_rules[r]) == 0;
        /* both halves list the same indicators */
        assert_string_not_equal(j->items[i].rule, "level3.one-list");
    }
    jx_findings_free(j);

    /* 广水: Hubei's framework is silent; the two one-list indicators */
    jx_findings *g = fx_validate_file(cat, "samples/guangshui-2025.xlsx");
    const jx_finding *x = fx_expect_sev(g, "level3.one-list", "部门整体", "D63", JX_SEV_WARNING);
    assert_non_null(strstr(x->message, "年度"));
    x = fx_expect_sev(g, "level3.one-list", "部门整体", "D108", JX_SEV_WARNING);
    assert_non_null(strstr(x->message, "长期"));
    fx_expect_none(g, "level.pair");
    fx_expect_none(g, "level.canonical");
    for (size_t i = 0; i < g->count; i++)
        for (size_t r = 0; r < 6; r++)
            total[r] += strcmp(g->items[i].rule, my_rules[r]) == 0;
    jx_findings_free(g);

    /* 沅江: a clean structure */
    jx_findings *y = fx_validate_file(cat, "samples/yuanjiang-2024.xlsx");
    for (size_t r = 0; r < 6; r++)
        fx_expect_none(y, my_rules[r]);
    jx_findings_free(y);

    /* nothing beyond the findings the seeds are known for */
    static const int expected[6] = {9, 12, 14, 0, 0, 2};
    for (size_t r = 0; r < 6; r++) {
        if (total[r] != expected[r])
            print_error("%s: %d findings on the seeds, expected %d\n", my_rules[r], total[r], expected[r]);
        assert_int_equal(total[r], expected[r]);
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
        for (size_t r = 0; r < 6; r++)
            fx_expect_none(out, my_rules[r]);
        jx_findings_free(out);
    }
    jx_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pair_fires),
        cmocka_unit_test(test_pair_silent),
        cmocka_unit_test(test_pair_hubei_foreign_level1),
        cmocka_unit_test(test_canonical_fires),
        cmocka_unit_test(test_canonical_silent),
        cmocka_unit_test(test_missing_fires),
        cmocka_unit_test(test_missing_silent),
        cmocka_unit_test(test_level3_missing),
        cmocka_unit_test(test_level3_duplicate),
        cmocka_unit_test(test_one_list),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_clean_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
