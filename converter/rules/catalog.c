/*
 * catalog.c - the one table of rules.
 *
 * Every rule the validator knows is a row here: id (stable: findings,
 * reports and users' scripts name rules by it), severity, family, title
 * and explanation in Chinese and English, a wrong and a right example,
 * and the source it rests on.  `jixiao rules` prints this table and
 * `jixiao rules --markdown` writes docs/rules.md from it; a test compares
 * the two.
 */
#include "rules/rules.h"

#define DOC10 "财预〔2020〕10号《项目支出绩效评价管理办法》"
#define DOC101 "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》"

const jx_rule jx_rules[] = {
    /* ---------------- arithmetic ---------------- */
    {{"sum.budget", JX_SEV_ERROR, "arithmetic",
      {"部门预算支出与收入来源不相等", "Department spending does not match its funding"},
      {"部门整体表中，基本支出 + 项目支出（部门预算支出）应等于财政拨款 + 其他资金（收入来源）。"
       "相差 0.01 万元以内按尾数误差提示。",
       "In a department form, 基本支出 + 项目支出 (spending) must equal 财政拨款 + 其他资金 "
       "(funding). A difference of 0.01 万元 or less is reported as a rounding note."},
      "基本支出 1,217.00 + 项目支出 32,024.28 = 33,241.28，财政拨款 33,241.27",
      "基本支出 1,217.00 + 项目支出 32,024.28 = 33,241.28，财政拨款 33,241.28",
      "算术；表内“尾数误差”说明"},
     jx_rule_sum_budget},
    {{"sum.funds", JX_SEV_ERROR, "arithmetic",
      {"资金来源之和不等于资金总额", "Funding sources do not add up to the total"},
      {"财政拨款 + 其他资金应等于同一栏的资金总额（年度资金总额、中期资金总额）。",
       "财政拨款 + 其他资金 must equal the total of the same column (年度资金总额, 中期资金总额)."},
      "年度资金总额 4678.00，其中财政拨款 3700.00，其他资金 900.00",
      "年度资金总额 4678.00，其中财政拨款 3700.00，其他资金 978.00", "算术"},
     jx_rule_sum_funds},
    {{"sum.composition", JX_SEV_ERROR, "arithmetic",
      {"构成项目之和不等于合计", "Items do not add up to their 合计"},
      {"收入构成、支出构成（人员类 + 运转类 + 特定目标类）各栏的项目之和应等于该栏的合计。",
       "Each column's items of 收入构成 and 支出构成 (人员类 + 运转类 + 特定目标类) must add up to "
       "the column's 合计."},
      "人员类 1656.57 + 运转类 43.43 + 特定目标类 3095 = 4795.00，合计 4759",
      "人员类 1656.57 + 运转类 43.43 + 特定目标类 3095 = 4795.00，合计 4795", "算术"},
     jx_rule_sum_composition},
    {{"sum.shares", JX_SEV_ERROR, "arithmetic",
      {"占比之和不等于 100%", "Shares do not add up to 100%"},
      {"同一构成的各项占比之和应为 100%，每项占比应与金额 ÷ 合计相符（按两位小数）。",
       "The shares of one composition must add up to 100%, and each share must match amount ÷ "
       "合计 (to two decimals)."},
      "34.55% + 0.9% + 64.45% = 99.9%", "34.55% + 0.9% + 64.55% = 100%", "算术"},
     jx_rule_sum_shares},
    {{"sum.income-expense", JX_SEV_WARNING, "arithmetic",
      {"收入合计与支出合计不相等", "Total income differs from total spending"},
      {"部门总体资金情况中，同一年的收入合计应等于支出合计。",
       "In 部门总体资金情况, a year's total income should equal its total spending."},
      "2023年 收入合计 11283.51，支出合计 11281.05", "2023年 收入合计 11283.51，支出合计 11283.51",
      "算术"},
     jx_rule_sum_income_expense},
    {{"sum.table", JX_SEV_ERROR, "arithmetic",
      {"预算表的明细与小计、合计不符", "Budget table lines do not add up to subtotals or 合计"},
      {"预算表中，类（如 301）的金额应等于其下各款之和，合计行应等于各类之和；"
       "合计栏应等于其组成栏之和（如合计 = 人员经费 + 公用经费）。相差 0.01 万元以内按尾数误差提示。",
       "In a budget table, a class row (e.g. 301) must equal the sum of its items, the 合计 row the "
       "sum of the classes, and a total column the sum of its parts (合计 = 人员经费 + 公用经费). "
       "A difference of 0.01 万元 or less is a rounding note."},
      "301 工资福利支出 496.61，其下各款合计 496.51", "301 工资福利支出 496.61，其下各款合计 496.61",
      "算术；表内“尾数误差”说明"},
     jx_rule_sum_table},
    {{"sum.projects", JX_SEV_WARNING, "arithmetic",
      {"部门项目支出与项目表合计不符", "Department project spending differs from its project forms"},
      {"同一工作簿中，部门整体表的项目支出应等于各项目支出绩效目标表的年度金额之和。"
       "工作簿可能未包含全部项目，故为警告。",
       "In one workbook, the department form's 项目支出 should equal the sum of its project forms' "
       "annual amounts. The workbook may not hold every project, hence a warning."},
      "项目支出 191.55 万元，三个项目表合计 186.55 万元", "项目支出 186.55 万元，三个项目表合计 186.55 万元",
      "算术"},
     jx_rule_sum_projects},
    {{"sum.special-funds", JX_SEV_ERROR, "arithmetic",
      {"项目资金与专项资金预算汇总表不符", "Project amount differs from 专项资金预算汇总表"},
      {"项目支出绩效目标表中各项目的资金总额应等于专项资金预算汇总表中同名专项的总计。",
       "Each project's 资金总额 in 项目支出绩效目标表 must equal the 总计 of the fund of the same "
       "name in 专项资金预算汇总表."},
      "B参保筹资工作经费 资金总额 12.80，汇总表总计 12.08", "B参保筹资工作经费 资金总额 12.80，汇总表总计 12.80",
      "算术"},
     jx_rule_sum_special_funds},
    {{"funds.annual-over-total", JX_SEV_ERROR, "arithmetic",
      {"年度资金大于总额", "Annual amount exceeds the total"},
      {"年度（当年度）资金不能大于中期或项目总金额。",
       "The annual amount cannot exceed the medium-term or project total."},
      "中期资金总额 60.00，年度资金总额 80.00", "中期资金总额 80.00，年度资金总额 80.00", "算术"},
     jx_rule_funds_annual_over_total},

    /* ---------------- structure ---------------- */
    {{"level.pair", JX_SEV_ERROR, "structure",
      {"二级指标不属于其一级指标", "二级 indicator under the wrong 一级"},
      {"按财预〔2021〕101号的指标体系：产出指标下为数量、质量、时效指标；成本指标下为经济成本、"
       "社会成本、生态环境成本指标；效益指标下为经济效益、社会效益、生态效益、可持续影响指标；"
       "满意度指标下为服务对象满意度指标。湖北部门整体的一级指标体系（运行成本、管理效率、履职效能、"
       "社会效应、可持续发展能力、满意度）按其自身体系识别。",
       "The 财预〔2021〕101号 framework: 产出指标 → 数量/质量/时效指标; 成本指标 → 经济成本/社会成本/"
       "生态环境成本指标; 效益指标 → 经济效益/社会效益/生态效益/可持续影响指标; 满意度指标 → "
       "服务对象满意度指标. Hubei's department framework (运行成本, 管理效率, 履职效能, 社会效应, "
       "可持续发展能力, 满意度) is recognised as its own."},
      "效益指标 / 服务对象满意度指标 / 参保对象满意度", "满意度指标 / 服务对象满意度指标 / 参保对象满意度",
      DOC101},
     jx_rule_level_pair},
    {{"level.canonical", JX_SEV_WARNING, "structure",
      {"指标层级名称不规范", "Non-canonical indicator level name"},
      {"一级、二级指标名称应与指标体系的写法一致（如“社会效益指标”而非“社会效益”，"
       "“服务对象满意度指标”而非截断的“服务对象满意度指”），不应含多余空格或换行。",
       "一级 and 二级 names must be written as the framework writes them (社会效益指标, not "
       "社会效益; 服务对象满意度指标, not a truncated 服务对象满意度指), without stray spaces or line "
       "breaks."},
      "效益指标 / 社会效益", "效益指标 / 社会效益指标", DOC101},
     jx_rule_level_canonical},
    {{"level.missing", JX_SEV_ERROR, "structure",
      {"缺少必备的一级指标", "A required 一级 indicator is missing"},
      {"项目支出绩效目标应包含产出指标和效益指标（缺少为错误），并应包含满意度指标和成本指标"
       "（缺少为警告）。",
       "A project's targets must include 产出指标 and 效益指标 (missing: error) and should include "
       "满意度指标 and 成本指标 (missing: warning)."},
      "只有产出指标和效益指标", "产出、成本、效益、满意度指标齐全", DOC101},
     jx_rule_level_missing},
    {{"level3.missing", JX_SEV_ERROR, "structure",
      {"缺少三级指标名称", "Indicator without a 三级 name"},
      {"填了指标值的行应有三级指标名称。", "A row with a target value must name its 三级 indicator."},
      "效益指标 / 社会效益指标 / （空）/ ≥90%", "效益指标 / 社会效益指标 / 政策知晓率 / ≥90%", DOC101},
     jx_rule_level3_missing},
    {{"level3.duplicate", JX_SEV_WARNING, "structure",
      {"同一二级指标下三级指标重复", "三级 indicator repeated under one 二级"},
      {"同一二级指标下不应重复列出同名的三级指标。",
       "A 三级 indicator should not be listed twice under one 二级."},
      "数量指标 / 开展专项检查 / ≥3次；数量指标 / 开展专项检查 / ≥3次",
      "数量指标 / 开展专项检查 / ≥3次；数量指标 / 开展飞行检查 / ≥3次", DOC101},
     jx_rule_level3_duplicate},
    {{"level3.one-list", JX_SEV_WARNING, "structure",
      {"指标只出现在中期或年度之一", "Indicator listed in only one of the 中期/年度 lists"},
      {"中期与年度（长期与年度）两组指标应列出相同的指标；只在一组出现的指标可能漏填或名称不一致。",
       "The 中期 and 年度 (长期 and 年度) lists should name the same indicators; one found in only "
       "one list was left out or named differently."},
      "中期：城乡居民满意度；年度：参保人员满意度", "中期、年度均为：城乡居民满意度", "表的填报说明"},
     jx_rule_level3_one_list},

    /* ---------------- values ---------------- */
    {{"target.missing", JX_SEV_ERROR, "values",
      {"缺少指标值", "Missing target value"},
      {"每个三级指标在表中的每个指标值栏都应填写（“本指标不适用”除外）。",
       "Every 三级 indicator needs a value in each of the form's target columns (except "
       "本指标不适用 rows)."},
      "满意度指标 / “政府购买服务”人员满意度 / 年度指标值：（空）",
      "满意度指标 / “政府购买服务”人员满意度 / 年度指标值：≥95%", DOC101},
     jx_rule_target_missing},
    {{"target.truncated", JX_SEV_ERROR, "values",
      {"指标值不完整", "Truncated target value"},
      {"指标值以运算符结尾（如“≥”后没有数值），或是同一指标另一栏值的截断（“2025年2月支付完”对"
       "“2025年2月支付完成”），应补全。不自动修正。",
       "A target ending in an operator (≥ with no number), or a cut-off copy of the same "
       "indicator's other value (2025年2月支付完 for 2025年2月支付完成), must be completed. Never "
       "fixed automatically."},
      "合规医疗费用救助比例≥", "合规医疗费用救助比例≥70%", DOC101},
     jx_rule_target_truncated},
    {{"target.name", JX_SEV_ERROR, "values",
      {"指标值重复了指标名称", "Target repeats the indicator's name"},
      {"指标值应是可衡量的值，而不是指标名称的重复。",
       "A target must be a measurable value, not the indicator's name again."},
      "对全市医疗机构医保基金使用情况进行全覆盖检查：对医疗机构基金使用情况进行检查",
      "对全市医疗机构医保基金使用情况进行全覆盖检查：100%", DOC101},
     jx_rule_target_name},
    {{"target.cost-bound", JX_SEV_WARNING, "values",
      {"成本指标写成下限", "Cost indicator written as a lower bound"},
      {"成本指标是控制上限，应写“≤”，不应写“≥”。",
       "A cost indicator caps spending: write ≤, not ≥."},
      "项目运行总成本 ≥60万元", "项目运行总成本 ≤60万元", DOC101},
     jx_rule_target_cost_bound},
    {{"target.no-limit", JX_SEV_WARNING, "values",
      {"指标值没有约束作用", "Target that limits nothing"},
      {"“≥0”之类的指标值对任何结果都成立，不能衡量绩效。",
       "A value such as ≥0 holds for any outcome and measures nothing."},
      "财政资金投入成本 ≥0", "财政资金投入成本 ≤40500元", DOC101},
     jx_rule_target_no_limit},
    {{"target.percent", JX_SEV_ERROR, "values",
      {"百分比指标值不合理", "Implausible percentage target"},
      {"比率不能超过 100%：“≥”后跟超过 100 的百分比无法实现（错误）；"
       "比率的 100% 目标应写“100%”或“=100%”，而不是“≥100%”（警告）。",
       "A rate cannot exceed 100%: ≥ followed by more than 100% cannot be met (error); a rate's "
       "100% target is written 100% or =100%, not ≥100% (warning)."},
      "政府采购执行率 ≥100%", "政府采购执行率 100%", DOC101},
     jx_rule_target_percent},
    {{"target.notation", JX_SEV_WARNING, "values",
      {"指标值写法不规范", "Non-standard notation in a target"},
      {"运算符用“≥”“≤”“＝”等符号，不用文字（大于等于、不低于、不少于……）或 ASCII（>=）；"
       "用半角“%”而非全角“％”“＞＝”；数字中不应有空格。可自动修正。",
       "Operators are written as the symbols ≥ ≤ = , not in words (大于等于, 不低于, 不少于…) or "
       "ASCII (>=); half-width % rather than full-width ％ ＞＝; no spaces inside numbers. Fixable "
       "automatically."},
      "大于等于85%", "≥85%", DOC101},
     jx_rule_target_notation},
    {{"amount.text", JX_SEV_WARNING, "values",
      {"金额以文本存储", "Amount stored as text"},
      {"金额单元格应为数值，不应是含空格、逗号的文本（如“33, 241. 27”），"
       "否则求和与汇总会出错。可自动修正为数值。",
       "An amount cell must hold a number, not text with spaces and commas (such as "
       "“33, 241. 27”), or sums and roll-ups go wrong. Fixable automatically."},
      "“33, 241. 27”（文本）", "33241.27（数值）", "算术"},
     jx_rule_amount_text},
    {{"target.type", JX_SEV_WARNING, "values",
      {"指标值类型与指标值不符", "Target type does not match the value"},
      {"定量指标的指标值应有数值；定性指标的指标值不应是数值。",
       "A 定量 (quantitative) target needs a number; a 定性 (qualitative) one should not be a "
       "number."},
      "各项工作成本按预算执行：100%，定性", "各项工作成本按预算执行：100%，定量", DOC101},
     jx_rule_target_type},
    {{"target.measure", JX_SEV_WARNING, "values",
      {"度量单位不是计量单位", "度量单位 is not a unit"},
      {"度量单位应是计量单位（%、元、人次……），不是“年度”“长期”“周期内”这类时间说明。",
       "度量单位 must be a unit of measure (%, 元, 人次 …), not a time span such as 年度, 长期 or "
       "周期内."},
      "参保人员合法权益得到保障：较好，度量单位 年度", "度量单位：%（或定性指标不填）", DOC101},
     jx_rule_target_measure},
    {{"target.vague", JX_SEV_INFO, "values",
      {"指标值表述笼统", "Vague qualitative target"},
      {"“进一步提高”“明显改善”“有所提升”等表述难以衡量；指引要求指标值可衡量，能量化的应量化。",
       "Phrases such as 进一步提高, 明显改善, 有所提升 cannot be measured; the guidance asks for "
       "measurable values, quantified where possible."},
      "医保经办服务能力：有所提升", "医保经办服务能力：经办业务按时办结率≥98%", DOC101},
     jx_rule_target_vague},
    {{"target.year-jump", JX_SEV_WARNING, "values",
      {"各年指标值相差一个数量级", "Order-of-magnitude jump between years"},
      {"同一指标各栏（各年、中期、年度）的数值相差十倍以上，常是多打或少打了一个零。",
       "Values of one indicator across columns (years, 中期, 年度) that differ tenfold or more "
       "usually have a zero too many or too few."},
      "2023年 ≥600000 人次，2024年 ≥60000 人次，当年 ≥600000 人次",
      "2023年 ≥600000 人次，2024年 ≥600000 人次，当年 ≥600000 人次", "算术"},
     jx_rule_target_year_jump},
    {{"target.looser", JX_SEV_WARNING, "values",
      {"年度指标值比中期（长期）更宽松", "Annual target looser than the period target"},
      {"年度目标是中期（长期）目标的分解，不应比其更宽松：“≥”的年度值不应低于中期值，“≤”的年度值不应"
       "高于中期值。",
       "The annual target breaks the period target down and should not be looser: with ≥ the "
       "annual value should not be lower than the period value, with ≤ not higher."},
      "预算调整率：长期 ≤5%，年度 ≤10%", "预算调整率：长期 ≤5%，年度 ≤5%", DOC101},
     jx_rule_target_looser},

    /* ---------------- header ---------------- */
    {{"period.order", JX_SEV_ERROR, "header",
      {"起始年度晚于到期年度", "Start year after end year"},
      {"实施期限的起始年度不能晚于到期年度。", "A period cannot start after it ends."},
      "起始年度 2026，到期年度 2025", "起始年度 2025，到期年度 2026", "表的填报说明"},
     jx_rule_period_order},
    {{"period.ended", JX_SEV_ERROR, "header",
      {"实施期在预算年度之前已结束", "Period ends before the budget year"},
      {"申报某一预算年度的项目，其实施期不能在该年度之前结束。“99年”、到期年度 2099 表示长期（常年）"
       "项目，不作为错误。",
       "A project filed for a budget year cannot end before that year. 99年 and an end year of "
       "2099 mean an ongoing project and are not errors."},
      "2025年度申报，实施期 2022年-2024年", "2025年度申报，实施期 2022年-2099年", DOC10},
     jx_rule_period_ended},
    {{"field.required", JX_SEV_ERROR, "header",
      {"必填项为空", "Required field is empty"},
      {"项目名称（资金名称）、主管部门、资金金额和绩效目标必须填写；跨年度项目还须填写实施周期目标。",
       "项目名称 (资金名称), 主管部门, the amounts and the goals must be filled; a multi-year project "
       "also needs its period goal."},
      "总体绩效目标：（空）", "总体绩效目标：做到稳定住院保障水平……", DOC10},
     jx_rule_field_required},
    {{"department.spelling", JX_SEV_WARNING, "header",
      {"同一部门名称写法不一致", "One department spelled two ways"},
      {"同一工作簿中同一部门的名称应一致；与多数写法只差一两个字的，多半是错字。",
       "A department's name must be the same throughout a workbook; a name one or two characters "
       "off the majority spelling is most likely a typo."},
      "甚江市医疗保障局（其余各表为湛江市医疗保障局）", "湛江市医疗保障局", "表的填报说明"},
     jx_rule_department_spelling},
};

const size_t jx_rule_total = sizeof jx_rules / sizeof jx_rules[0];
