#!/usr/bin/python3
"""Regenerate tests/data/clean/*.xlsx from samples/*.xlsx.

Each clean workbook is one seed sheet with every defect corrected: the
layout, styles, column widths and merged ranges of the seed are kept, the
header is filled consistently, the amounts add up to the 分, and the
indicator table is rebuilt with legal 一级/二级 pairs (财预〔2021〕101号),
measurable targets and the four 一级 a project form needs.  On these forms
a finance-bureau reviewer applying the national rules should mark nothing:
they are the negative fixtures of the validator (no error, no warning).
What changed from each seed, and the model jixiao must read from each
file, is in tests/data/clean/README.md; keep the two in step.

Run with Debian's python3 (it has openpyxl):  /usr/bin/python3 tests/data/make_clean.py
Idempotent: the outputs are overwritten, and written with fixed timestamps
so that an unchanged script gives byte-identical files.

How a sheet is changed (the approach of make_variants.py):
- header cells are overwritten in place (never inside a merged range);
- the indicator table body is rebuilt: rows are added or removed at its
  end (merges and row heights below move with their rows), every body row
  takes the styles of the seed's first body row, and the 绩效指标 column and
  the 一级/二级 columns are merged again over the rows they span;
- row heights of rewritten text rows are fitted to the text.
After saving, every file is reloaded and compared with its seed cell by
cell and merge by merge (verify), and the planned data is checked against
the validator's rules (lint), so a change that breaks either fails loudly.
"""
import copy
import datetime
import io
import math
import os
import re
import sys
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, column_index_from_string, range_boundaries

from xlsx_common import check_merges, keep_only, load, merges, put, save, select

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SAMPLES = os.path.join(ROOT, "samples")
OUT = os.path.join(HERE, "clean")
STAMP = datetime.datetime(2025, 1, 15, 8, 0, 0)


# ---------------------------------------------------------------- helpers

def set_merges(ws, boxes):
    """Replace the sheet's merged ranges by boxes (min_col, min_row, max_col, max_row)."""
    for r in list(ws.merged_cells.ranges):
        ws.merged_cells.remove(r)          # keeps the cells; unmerge_cells would delete them
    for c1, r1, c2, r2 in sorted(boxes):
        if (c1, r1) != (c2, r2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def box(b):
    return f"{get_column_letter(b[0])}{b[1]}:{get_column_letter(b[2])}{b[3]}"


def merged_width(ws, ref):
    """Width (in Excel's character units) of the merged range anchored at ref, or of the cell."""
    col, row = openpyxl.utils.cell.coordinate_from_string(ref)
    c = column_index_from_string(col)
    last = c
    for c1, r1, c2, r2 in merges(ws):
        if (c1, r1) == (c, row):
            last = c2
    return sum(ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(c, last + 1))


def text_lines(text, width):
    """Lines a wrapped 10-point text takes in a cell `width` characters wide.

    A CJK character takes about 1.9 width units, an ASCII one about 1."""
    per_line = max(1.0, width - 1.0)
    lines = 0
    for part in str(text).split("\n"):
        units = sum(1.0 if ord(ch) < 0x2E80 else 1.9 for ch in part)
        lines += max(1, math.ceil(units / per_line))
    return lines


def fit_height(ws, r, base, step=13.5, cols=None):
    """Set row r's height to fit the longest text of its one-row cells."""
    lines = 1
    multi = {(c1, r1) for c1, r1, c2, r2 in merges(ws) if r2 > r1}
    for c in cols or range(1, ws.max_column + 1):
        cell = ws.cell(r, c)
        if cell.value is None or type(cell).__name__ == "MergedCell" or (c, r) in multi:
            continue
        lines = max(lines, text_lines(cell.value, merged_width(ws, cell.coordinate)))
    ws.row_dimensions[r].height = base + step * (lines - 1)


def rebuild_table(ws, header_row, first, last, rows, group_cols, base_height):
    """Replace the indicator table body (rows first..last) by `rows`.

    rows: one dict per body row, {"B": 一级, "C": 二级, "D": 三级, ...}.
    group_cols: the columns whose equal consecutive values are merged into
    one cell (the 一级 column first, then the 二级 columns); a 二级 group never
    crosses a 一级 boundary.  Column A (绩效指标) is merged from header_row
    to the last body row.  Rows are added or removed at the end of the
    body; merges and row heights below it move with their rows.  Returns
    the number of rows added (negative: removed).
    """
    ncols = ws.max_column
    styles = [copy.copy(ws.cell(first, c)._style) for c in range(1, ncols + 1)]
    boxes = merges(ws)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    n = len(rows)
    d = n - (last - first + 1)
    set_merges(ws, [])
    if d > 0:
        ws.insert_rows(last + 1, d)
    elif d < 0:
        ws.delete_rows(first + n, -d)

    new = []
    for c1, r1, c2, r2 in boxes:
        if r2 < first and not (c1 == 1 and r1 == header_row):
            new.append((c1, r1, c2, r2))                 # above the body
        elif r1 > last:
            new.append((c1, r1 + d, c2, r2 + d))         # below the body
        # else: inside the body (or column A's 绩效指标), rebuilt below
    for r in list(ws.row_dimensions):
        ws.row_dimensions[r].height = None
    for r, h in heights.items():
        if r < first:
            ws.row_dimensions[r].height = h
        elif r > last:
            ws.row_dimensions[r + d].height = h

    for i in range(n):
        r = first + i
        for c in range(1, ncols + 1):
            cell = Cell(ws, row=r, column=c)          # a plain cell, even where a merge covered it
            cell._style = copy.copy(styles[c - 1])
            ws._cells[(r, c)] = cell
    new.append((1, header_row, 1, first + n - 1))
    for gi, col in enumerate(group_cols):
        ci = column_index_from_string(col)
        outer = group_cols[0]
        start = 0
        for i in range(1, n + 1):
            ends = (i == n or rows[i][col] != rows[start][col]
                    or (gi > 0 and rows[i][outer] != rows[start][outer]))
            if ends:
                new.append((ci, first + start, ci, first + i - 1))
                start = i
    for i, values in enumerate(rows):
        r = first + i
        for col, v in values.items():
            if col in group_cols and i > 0 and rows[i - 1][col] == v and \
                    (col == group_cols[0] or rows[i - 1][group_cols[0]] == values[group_cols[0]]):
                continue                                  # covered by the group's merge
            ws[f"{col}{r}"].value = v
    set_merges(ws, new)
    for i in range(n):
        fit_height(ws, first + i, base_height)
    return d


def verify(sample, sheet, name, header_row, first, last, changed, body, body_merges):
    """Compare a saved clean sheet with its seed sheet, cell by cell.

    Above the table body every seed cell keeps its value unless `changed`
    names it; the body holds exactly `body` ({ref: value}); rows below the
    body moved by the number of rows added.  Seed merges outside the body
    map the same way; the body's merges are exactly body_merges.
    """
    src = openpyxl.load_workbook(os.path.join(SAMPLES, sample + ".xlsx"))[sheet]
    dst = openpyxl.load_workbook(os.path.join(OUT, name))[sheet]
    n = len({int(re.sub(r"[A-Z]", "", k)) for k in body})
    d = (first + n) - (last + 1)
    want = {}
    for line in src.iter_rows():
        for c in line:
            if c.value is None or first <= c.row <= last:
                continue
            r = c.row + d if c.row > last else c.row
            want[f"{get_column_letter(c.column)}{r}"] = c.value
    want.update(changed)
    want.update(body)
    got = {c.coordinate: c.value for line in dst.iter_rows() for c in line if c.value is not None}
    bad = [f"{k}: want {want.get(k)!r} got {got.get(k)!r}"
           for k in sorted(want.keys() | got.keys()) if want.get(k) != got.get(k)]
    mw = set(body_merges)
    for c1, r1, c2, r2 in merges(src):
        if r2 < first and not (c1 == 1 and r1 == header_row):
            mw.add(box((c1, r1, c2, r2)))
        elif r1 > last:
            mw.add(box((c1, r1 + d, c2, r2 + d)))
    mg = {box(b) for b in merges(dst)}
    if mw != mg:
        bad.append(f"merges missing {sorted(mw - mg)} unexpected {sorted(mg - mw)}")
    for ref, v in changed.items():
        if isinstance(v, (int, float)) and dst[ref].data_type != "n":
            bad.append(f"{ref}: amount stored as {dst[ref].data_type}, not a number")
    if bad:
        raise SystemExit(f"{name} [{sheet}] differs from the plan:\n  " + "\n  ".join(bad))
    print(f"  checked {name} [{sheet}]: {len(got)} cells, {len(mg)} merges as planned")


# ---------------------------------------------------------------- the rules

LEVELS = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
VAGUE = ("进一步", "明显", "有所", "显著", "逐步", "较好", "良好", "有效", "稳步", "不断",
         "大幅", "提升", "提高", "改善", "不适用", "力争", "争取", "左右")
OP_WORDS = ("大于", "小于", "等于", "不低于", "不高于", "不少于", "不超过", "不多于", "至少",
            "至多", "达到", ">=", "<=", ">", "<", "＞", "＜", "＝", "=", "≧", "≦", "％")
TARGET = re.compile(r"^(≥|≤)?(\d+(?:\.\d+)?)(%|次|小时|天|平方米|万元|元/平方米/年)$")


def lint(name, indicators, period_key="period", annual_key="annual"):
    """Check the planned indicators against the validator's rules.

    indicators: (一级, 二级, 三级, 实施周期/中期 value, 年度 value) tuples."""
    bad = []
    seen = set()
    for l1, l2, l3, *vals in indicators:
        where = f"{l1}/{l2}/{l3}"
        if l2 not in LEVELS.get(l1, ()):
            bad.append(f"{where}: {l1} → {l2} is not a legal pair")
        if not l3 or (l2, l3) in seen:
            bad.append(f"{where}: 三级 missing or repeated")
        seen.add((l2, l3))
        parsed = []
        for v in vals:
            m = TARGET.match(v or "")
            if not m:
                bad.append(f"{where}: {v!r} is not a measurable target")
                continue
            op, num, unit = m.group(1), Decimal(m.group(2)), m.group(3)
            parsed.append((op, num, unit))
            if v == l3 or any(w in v for w in OP_WORDS) or " " in v:
                bad.append(f"{where}: {v!r} spelled badly")
            if unit == "%" and (num > 100 or (num == 100 and op)):
                bad.append(f"{where}: {v!r}: a full rate is 100%, no rate above it")
            if l1 == "成本指标" and (op != "≤" or num == 0):
                bad.append(f"{where}: {v!r}: a cost is an upper bound ≤ x, x > 0")
            if l1 != "成本指标" and op == "≤" and unit == "%":
                bad.append(f"{where}: {v!r}: a rate is a lower bound")
        if len(parsed) == 2:
            (po, pv, pu), (ao, av, au) = parsed
            if po != ao or pu != au:
                bad.append(f"{where}: the two columns differ in operator or unit")
            elif (ao == "≥" and av < pv) or (ao == "≤" and av > pv) or (ao is None and av != pv):
                bad.append(f"{where}: the annual target is looser than the period's")
            elif pv and av and (pv / av >= 10 or av / pv >= 10):
                bad.append(f"{where}: the columns differ by an order of magnitude")
        if any(w in l3 for w in VAGUE) or " " in l3:
            bad.append(f"{where}: vague or badly spaced name")
    for l1 in LEVELS:
        if not any(i[0] == l1 for i in indicators):
            bad.append(f"no indicator under {l1}")
    if bad:
        raise SystemExit(f"{name}: the planned data breaks the rules:\n  " + "\n  ".join(bad))


def lint_text(name, texts):
    """Goals and descriptions: no vague words, no stray spaces."""
    bad = [f"{k}: {w!r}" for k, t in texts.items() for w in VAGUE + (" ", "　") if w in t]
    if bad:
        raise SystemExit(f"{name}: texts to rewrite:\n  " + "\n  ".join(bad))


def fen(x):
    """An amount (元 or 万元 as written) as an exact Decimal."""
    return Decimal(repr(x))


# ---------------------------------------------------------------- workbooks

# The indicator tables: (一级, 二级, 三级, 实施周期/中期 value, 年度 value).

WUCHUAN = [
    ("产出指标", "数量指标", "定点医药机构医保基金使用情况检查覆盖率", "100%", "100%"),
    ("产出指标", "数量指标", "每年开展医保政策集中宣传活动次数", "≥4次", "≥4次"),
    ("产出指标", "质量指标", "基本医疗保险综合参保率", "≥95%", "≥95%"),
    ("产出指标", "质量指标", "违规使用医保基金问题整改到位率", "100%", "100%"),
    ("产出指标", "时效指标", "集中带量采购药品耗材货款结算时限", "≤30天", "≤30天"),
    ("成本指标", "经济成本指标", "业务工作经费支出", "≤12.15万元", "≤4.05万元"),
    ("效益指标", "经济效益指标", "国家组织集采中选药品平均降价幅度", "≥30%", "≥30%"),
    ("效益指标", "社会效益指标", "参保群众医保政策知晓率", "≥85%", "≥85%"),
    ("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%", "≥90%"),
]

WUCHUAN_HEADER = {
    "C6": 2025,                      # 起始年度 (number, format 0)
    "E6": 2027,                      # 到期年度 (was 2099)
    "C7": 121500,                    # 总金额 (元) = 3 × 40500
    "B8": "用于开展医保基金监管检查、医保政策宣传、药品耗材集中带量采购数据分析和货款结算等业务工作，"
          "2025—2027年每年40500元，合计121500元。",
    "B10": "2025—2027年每年安排业务工作经费4.05万元，合计12.15万元：\n"
           "一、每年对全市定点医药机构医保基金使用情况开展全覆盖检查，违规使用医保基金问题整改到位率100%；\n"
           "二、每年开展医保政策集中宣传活动4次以上，参保群众医保政策知晓率达到85%以上，基本医疗保险综合参保率保持在95%以上；\n"
           "三、落实国家组织药品耗材集中带量采购政策，中选药品平均降价30%以上，货款在30天内结算；\n"
           "四、参保群众满意度每年达到90%以上。",
    "D10": "2025年安排业务工作经费4.05万元：\n"
           "一、对全市定点医药机构医保基金使用情况开展全覆盖检查，违规使用医保基金问题整改到位率100%；\n"
           "二、开展医保政策集中宣传活动4次以上，参保群众医保政策知晓率达到85%以上，基本医疗保险综合参保率达到95%以上；\n"
           "三、落实国家组织药品耗材集中带量采购政策，中选药品平均降价30%以上，货款在30天内结算；\n"
           "四、参保群众满意度达到90%以上。",
}
WUCHUAN_FOOTER = {   # the 备注 lines 2 and 3 (seed rows 19-20): stray spaces after "2." and before "。"
    19: "2.本表在“一上”或“二上”环节通过系统录入，具体字段信息以系统为准。",
    20: "3.本表用于在“一上”和“二上”阶段填报项目支出绩效目标或修订完善已入库项目的绩效目标。",
}


def wuchuan_project_clean():
    """业务工作经费 (wuchuan-project): a three-year project, 9 indicators."""
    wb = load("wuchuan-2025")
    keep_only(wb, "业务工作经费")
    ws = wb["业务工作经费"]
    put(ws, WUCHUAN_HEADER)
    fit_height(ws, 8, 17.5)
    fit_height(ws, 10, 17.5)
    rows = [dict(zip("BCDEF", i)) for i in WUCHUAN]
    d = rebuild_table(ws, 11, 12, 17, rows, ("B", "C"), 17.5)
    footer = {f"A{r + d}": v for r, v in WUCHUAN_FOOTER.items()}
    put(ws, footer)
    select(wb, 0)
    name = "wuchuan-project-clean.xlsx"
    save(wb, OUT, name)
    body, bm = plan_body(12, rows, ("B", "C"), 11)
    verify("wuchuan-2025", "业务工作经费", name, 11, 12, 17,
           {**WUCHUAN_HEADER, **footer}, body, bm)
    lint(name, WUCHUAN)
    lint_text(name, {k: v for k, v in WUCHUAN_HEADER.items() if isinstance(v, str)})
    total, annual = fen(WUCHUAN_HEADER["C7"]), fen(40500)
    assert annual <= total and total == 3 * annual
    assert WUCHUAN[5][3] == f"≤{total / 10000}万元" and WUCHUAN[5][4] == f"≤{annual / 10000}万元"


JINZHAI = [
    ("产出指标", "数量指标", "租赁办公用房及档案室面积", "473.25平方米", "473.25平方米"),
    ("产出指标", "质量指标", "办公场所和档案存放场所保障率", "100%", "100%"),
    ("产出指标", "质量指标", "租赁房屋消防安全检查合格率", "100%", "100%"),
    ("产出指标", "时效指标", "租金按合同约定支付及时率", "100%", "100%"),
    ("成本指标", "经济成本指标", "办公用房及档案室租赁费", "≤42.99万元", "≤14.33万元"),
    ("成本指标", "经济成本指标", "办公用房租金单价", "≤303元/平方米/年", "≤303元/平方米/年"),
    ("效益指标", "社会效益指标", "工作日医保经办窗口正常开放率", "100%", "100%"),
    ("效益指标", "可持续影响指标", "医保业务档案完好率", "100%", "100%"),
    ("满意度指标", "服务对象满意度指标", "办事群众对医保经办服务场所满意度", "≥95%", "≥95%"),
]

JINZHAI_HEADER = {
    "A2": "(2025年度)",                                   # was '( 2025 年度)'
    "G6": "3年",                                          # 项目期, was '99年'
    "E7": 42.99, "E8": 42.99, "E9": 0,                    # 中期 (万元): 3 × 14.33
    "H7": 14.33, "H8": 14.33, "H9": 0,                    # 年度 (万元)
    "B10": "中期目标（2025年—2027年）",                    # was 2025年—2123年
    "B11": "2025—2027年每年安排财政资金14.33万元，合计42.99万元，租赁机关办公用房及档案室473.25平方米，"
           "按合同约定按时足额支付租金，保障医保经办窗口在工作日正常开放和医保业务档案安全存放，"
           "办事群众对医保经办服务场所满意度每年达到95%以上。",
    "F11": "2025年安排财政资金14.33万元，租赁机关办公用房及档案室473.25平方米，按合同约定按时足额支付全年租金，"
           "保障医保经办窗口在工作日正常开放和医保业务档案安全存放，"
           "办事群众对医保经办服务场所满意度达到95%以上。",
}


def jinzhai_project_clean():
    """租赁费 (jinzhai-project): 中期 2025—2027, both halves list the same 9 indicators."""
    wb = load("jinzhai-2025")
    keep_only(wb, "租赁费")
    ws = wb["租赁费"]
    put(ws, JINZHAI_HEADER)
    fit_height(ws, 11, 17.25)
    rows = [{"B": l1, "C": l2, "D": l3, "E": p, "F": l2, "G": l3, "H": a}
            for l1, l2, l3, p, a in JINZHAI]
    d = rebuild_table(ws, 12, 13, 23, rows, ("B", "C", "F"), 17.25)
    assert d == -2
    select(wb, 0)
    name = "jinzhai-project-clean.xlsx"
    save(wb, OUT, name)
    body, bm = plan_body(13, rows, ("B", "C", "F"), 12)
    verify("jinzhai-2025", "租赁费", name, 12, 13, 23, JINZHAI_HEADER, body, bm)
    lint(name, JINZHAI)
    lint_text(name, {k: v for k, v in JINZHAI_HEADER.items() if k in ("B11", "F11")})
    h = {k: fen(v) for k, v in JINZHAI_HEADER.items() if k[0] in "EH" and k[1:] in "789"}
    assert h["E8"] + h["E9"] == h["E7"] and h["H8"] + h["H9"] == h["H7"] and h["H7"] <= h["E7"]
    assert h["E7"] == 3 * h["H7"]
    assert JINZHAI[4][3] == f"≤{h['E7']}万元" and JINZHAI[4][4] == f"≤{h['H7']}万元"


ZHANJIANG = [
    ("产出指标", "数量指标", "医保结算疑点数据审核率", "100%", "100%"),
    ("产出指标", "数量指标", "智能审核覆盖定点医疗机构比例", "100%", "100%"),
    ("产出指标", "质量指标", "单据审核月度复核率", "≥90%", "≥90%"),
    ("产出指标", "质量指标", "智能监控系统正常运行率", "≥99%", "≥99%"),
    ("产出指标", "时效指标", "系统故障响应时间", "≤2小时", "≤2小时"),
    ("成本指标", "经济成本指标", "第三方支付评审服务费", "≤360万元", "≤120万元"),
    ("效益指标", "经济效益指标", "审核认定的违规医保基金追回率", "100%", "100%"),
    ("效益指标", "社会效益指标", "智能监控疑点线索移交处理率", "100%", "100%"),
    ("满意度指标", "服务对象满意度指标", "定点医疗机构对审核服务满意度", "≥90%", "≥90%"),
]

ZHANJIANG_HEADER = {
    "B5": "2025年-2027年",                                # 项目实施周期, was 2022年-2099年
    "B7": "用于购买基本医疗保险第三方支付评审服务：由第三方机构对全市定点医疗机构的医保结算单据开展智能审核和人工复核，"
          "本地化维护和更新审核规则库，开展医保数据分析，协助医保部门和定点医疗机构开展药品、诊疗项目、"
          "医用耗材“三个目录”校验匹配，提供医保基金使用实时监控服务。2025年安排资金120万元，按服务合同约定分期支付。",
    "B8": "《医疗保障基金使用监督管理条例》（国务院令第735号）；"
          "《国务院办公厅关于促进“互联网+医疗健康”发展的意见》（国办发〔2018〕26号）；"
          "《人力资源社会保障部办公厅关于全面推进基本医疗保险医疗服务智能监控的通知》（人社厅发〔2015〕56号）；"
          "《国务院办公厅关于加强医疗保障基金使用常态化监管的实施意见》（国办发〔2023〕17号）。",
    "C9": "2025年安排资金120万元购买第三方支付评审服务：全市定点医疗机构纳入智能审核，医保结算疑点数据审核率100%，"
          "单据审核月度复核率90%以上；智能监控系统正常运行率99%以上，故障2小时内响应；"
          "审核认定的违规医保基金全部追回，疑点线索全部移交处理；定点医疗机构对审核服务满意度90%以上。",
    "C10": "2025—2027年每年安排资金120万元，合计360万元，购买第三方支付评审服务，运行医保智能监控系统，"
           "实现医疗服务实时监控、慢性病及协议药店监测预警、诊疗项目及重点药品监控预警、参保人健康征信预警四项功能；"
           "每年对全市定点医疗机构医保结算疑点数据全部完成审核，审核认定的违规医保基金全部追回，"
           "定点医疗机构对审核服务满意度每年90%以上。",
}


def zhanjiang_fund_clean():
    """第三方支付评审 (zhanjiang-fund): 2025年-2027年, 9 indicators."""
    wb = load("zhanjiang-2025")
    keep_only(wb, "第三方支付评审")
    ws = wb["第三方支付评审"]
    put(ws, ZHANJIANG_HEADER)
    for r in (7, 8, 9, 10):
        fit_height(ws, r, 17.5)
    rows = [dict(zip("BCDEF", i)) for i in ZHANJIANG]
    d = rebuild_table(ws, 11, 12, 17, rows, ("B", "C"), 17.5)
    assert d == 3
    select(wb, 0)
    name = "zhanjiang-fund-clean.xlsx"
    save(wb, OUT, name)
    body, bm = plan_body(12, rows, ("B", "C"), 11)
    verify("zhanjiang-2025", "第三方支付评审", name, 11, 12, 17, ZHANJIANG_HEADER, body, bm)
    lint(name, ZHANJIANG)
    lint_text(name, {k: v for k, v in ZHANJIANG_HEADER.items() if k != "B5"})
    back = openpyxl.load_workbook(os.path.join(OUT, name))["第三方支付评审"]
    assert back["C6"].value == 1200000 and back["C6"].data_type == "n"
    assert ZHANJIANG[5][4] == f"≤{fen(back['C6'].value) / 10000}万元"


def plan_body(first, rows, group_cols, header_row):
    """The cells and merges rebuild_table is meant to leave: ({ref: value}, [range])."""
    cells, boxes = {}, [f"A{header_row}:A{first + len(rows) - 1}"]
    outer = group_cols[0]
    for col in group_cols:
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][col] != rows[start][col] or rows[i][outer] != rows[start][outer]:
                if i - 1 > start:
                    boxes.append(f"{col}{first + start}:{col}{first + i - 1}")
                cells[f"{col}{first + start}"] = rows[start][col]
                start = i
    for i, values in enumerate(rows):
        for col, v in values.items():
            if col not in group_cols:
                cells[f"{col}{first + i}"] = v
    return cells, boxes


def main():
    os.makedirs(OUT, exist_ok=True)
    wuchuan_project_clean()
    jinzhai_project_clean()
    zhanjiang_fund_clean()


if __name__ == "__main__":
    sys.exit(main())
