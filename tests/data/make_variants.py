#!/usr/bin/python3
"""Regenerate tests/data/variants/*.xlsx from samples/*.xlsx.

Each variant is a seed form changed the way a finance bureau receives forms
in practice: rows inserted into the indicator table, a form that starts at
B3, other data, extra and hidden sheets, sheets in another order.  What
changed, and the values the mapping layer must find, is in
tests/data/variants/README.md; keep the two in step.

Run with Debian's python3 (it has openpyxl):  /usr/bin/python3 tests/data/make_variants.py
Idempotent: the outputs are overwritten, and written with fixed timestamps
so that an unchanged script gives byte-identical files.

openpyxl's insert_rows moves cell values and styles only; merged ranges,
row heights and the merges of the new rows are rebuilt here (insert_rows
below), and every variant is reloaded after saving and compared with its
seed cell by cell and merge by merge (check_merges, verify).
"""
import copy
import datetime
import io
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

from xlsx_common import check_merges, keep_only, load, merges, put, save, select

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SAMPLES = os.path.join(ROOT, "samples")
OUT = os.path.join(HERE, "variants")
STAMP = datetime.datetime(2025, 1, 15, 8, 0, 0)


# ---------------------------------------------------------------- helpers

def set_merges(ws, boxes):
    """Replace the sheet's merged ranges by boxes (min_col, min_row, max_col, max_row)."""
    for r in list(ws.merged_cells.ranges):
        ws.merged_cells.remove(r)          # keeps the cells; unmerge_cells would delete them
    for c1, r1, c2, r2 in boxes:
        if (c1, r1) != (c2, r2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def copy_style(src, dst):
    dst._style = copy.copy(src._style)


def insert_rows(ws, idx, n, template_row, grow_cols=()):
    """Insert n rows before row idx, rebuilding what openpyxl leaves behind.

    - merged ranges below idx move down by n; ranges spanning idx
      (min_row < idx <= max_row) grow by n;
    - ranges ending on row idx-1 grow too when their first column is in
      grow_cols (adding rows at the end of a 一级/二级 group);
    - the new rows take the styles, the height and the one-row merges
      (e.g. E:G of a 指标值 cell) of template_row (a row number before the
      insertion);
    - row heights below idx move down with their rows.
    """
    boxes = merges(ws)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    last_col = ws.max_column
    set_merges(ws, [])
    ws.insert_rows(idx, n)

    t = template_row + n if template_row >= idx else template_row
    for r in range(idx, idx + n):
        for c in range(1, last_col + 1):
            copy_style(ws.cell(t, c), ws.cell(r, c))

    new = []
    for c1, r1, c2, r2 in boxes:
        if r1 >= idx:
            new.append((c1, r1 + n, c2, r2 + n))
        elif r2 >= idx or (r2 == idx - 1 and c1 in grow_cols):
            new.append((c1, r1, c2, r2 + n))
        else:
            new.append((c1, r1, c2, r2))
        if r1 == r2 == template_row and c1 not in grow_cols:
            for r in range(idx, idx + n):
                new.append((c1, r, c2, r))
    set_merges(ws, new)

    for r in list(ws.row_dimensions):
        ws.row_dimensions[r].height = None
    for r, h in heights.items():
        ws.row_dimensions[r + n if r >= idx else r].height = h
    if template_row in heights:
        for r in range(idx, idx + n):
            ws.row_dimensions[r].height = heights[template_row]


def merge(ws, ref):
    """Merge ref after dropping any merged range it overlaps."""
    c1, r1, c2, r2 = range_boundaries(ref)
    keep = [b for b in merges(ws)
            if b[2] < c1 or b[0] > c2 or b[3] < r1 or b[1] > r2]
    set_merges(ws, keep + [(c1, r1, c2, r2)])


def shift_sheet(ws, drow, dcol, margin_width=3.0):
    """Move every cell, merge, row height and column width by (drow, dcol)."""
    boxes = merges(ws)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    widths = {c: d.width for c, d in ws.column_dimensions.items() if d.width}
    set_merges(ws, [])
    ws.move_range(f"A1:{get_column_letter(ws.max_column)}{ws.max_row}", rows=drow, cols=dcol)
    set_merges(ws, [(c1 + dcol, r1 + drow, c2 + dcol, r2 + drow) for c1, r1, c2, r2 in boxes])
    for r in list(ws.row_dimensions):
        ws.row_dimensions[r].height = None
    for r, h in heights.items():
        ws.row_dimensions[r + drow].height = h
    for c in list(ws.column_dimensions):
        del ws.column_dimensions[c]
    for c, w in widths.items():
        ws.column_dimensions[get_column_letter(openpyxl.utils.column_index_from_string(c) + dcol)].width = w
    for c in range(1, dcol + 1):
        ws.column_dimensions[get_column_letter(c)].width = margin_width


def row(ws, r, first_col, values):
    """Write values into row r from column first_col on; None leaves a cell as it is."""
    for i, v in enumerate(values):
        if v is not None:
            put(ws, {f"{get_column_letter(first_col + i)}{r}": v})


def verify(sample, sheet, variant, inserts=(), drow=0, dcol=0, expect=None,
           merges_changed=None, merges_added=(), dst_sheet=None, changed=None):
    """Compare a saved variant sheet with its seed sheet, cell by cell.

    inserts: (row, n) pairs in seed numbering: n rows were inserted before
    seed row `row`.  A seed cell (r, c) must be at (map(r) + drow, c + dcol)
    with the same value unless expect (variant coordinates -> value) names
    it (or changed names it in seed coordinates); every other variant cell
    must be in expect.  Seed merges map the
    same way (a range spanning an insertion grows with it); merges_changed
    maps a mapped range to what it became (None: gone), merges_added lists
    the new ones.
    """
    expect = dict(expect or {})
    merges_changed = dict(merges_changed or {})

    def rmap(r):
        return r + drow + sum(n for at, n in inserts if r >= at)

    src = openpyxl.load_workbook(os.path.join(SAMPLES, sample + ".xlsx"))[sheet]
    dst = openpyxl.load_workbook(os.path.join(OUT, variant))[dst_sheet or sheet]
    want = {}
    for line in src.iter_rows():
        for c in line:
            if c.value is not None:
                want[f"{get_column_letter(c.column + dcol)}{rmap(c.row)}"] = c.value
    for ref, v in (changed or {}).items():
        c, r = openpyxl.utils.cell.coordinate_from_string(ref)
        want[f"{get_column_letter(openpyxl.utils.column_index_from_string(c) + dcol)}{rmap(r)}"] = v
    want.update(expect)
    got = {c.coordinate: c.value for line in dst.iter_rows() for c in line if c.value is not None}
    bad = [f"{k}: want {want.get(k)!r} got {got.get(k)!r}"
           for k in sorted(want.keys() | got.keys()) if want.get(k) != got.get(k)]

    def box(b):
        return f"{get_column_letter(b[0])}{b[1]}:{get_column_letter(b[2])}{b[3]}"
    mw = set()
    for c1, r1, c2, r2 in merges(src):
        m = box((c1 + dcol, rmap(r1), c2 + dcol, rmap(r2)))
        m = merges_changed.pop(m, m)
        if m:
            mw.add(m)
    mw |= set(merges_added)
    mg = {box(b) for b in merges(dst)}
    if merges_changed:
        bad.append(f"merges_changed not used: {merges_changed}")
    if mw != mg:
        bad.append(f"merges missing {sorted(mw - mg)} unexpected {sorted(mg - mw)}")
    if bad:
        raise SystemExit(f"{variant} [{dst.title}] differs from the plan:\n  " + "\n  ".join(bad))
    print(f"  checked {variant} [{dst.title}]: {len(got)} cells, {len(mg)} merges as planned")


# ---------------------------------------------------------------- variants

def wuchuan_project_inserted():
    """业务工作经费 alone, 3 indicator rows inserted, other values, 说明 sheet first."""
    wb = load("wuchuan-2025")
    keep_only(wb, "业务工作经费")
    ws = wb["业务工作经费"]
    put(ws, {"B2": "测试项目经费", "C6": 2024, "E6": 2026, "C7": 128000.50, "E7": 64000.25})

    # 产出指标: rows 13 (数量指标) and 14 (质量指标).  Two more 数量指标 rows
    # inside the group, right under row 13: B13:B14 grows to B13:B16.
    insert_rows(ws, 14, 2, template_row=13)
    merge(ws, "C13:C15")                      # 数量指标 now spans its three rows
    row(ws, 14, 4, ["开展医保政策宣传活动次数", "≥12次", "≥4次"])
    row(ws, 15, 4, ["完成定点医药机构现场检查家数", "≥300家", "≥100家"])
    # 效益指标/社会效益: rows 17-18 now.  One more row at the end of the group.
    insert_rows(ws, 19, 1, template_row=18, grow_cols=(2, 3))
    row(ws, 19, 4, ["参保群众医保政策知晓率", "≥85%", "≥80%"])
    ws.row_dimensions[19].height = 31          # row 18's text is long; this one is not

    info = wb.create_sheet("说明", 0)
    lines = [
        "填报说明",
        "1. 本工作簿由财政局下发，请在“业务工作经费”表中填报项目支出绩效目标。",
        "2. 预算金额以元为单位，保留两位小数。",
        "3. 绩效指标可根据项目实际增加行，一级、二级指标单元格请合并填写。",
        "4. 填报完成后请于规定时间内报送财政局预算绩效管理股。",
    ]
    for i, text in enumerate(lines, start=1):
        info.cell(i, 1, text)
    info["A1"].font = openpyxl.styles.Font(bold=True, size=14)
    info.column_dimensions["A"].width = 80
    select(wb, 0)
    save(wb, OUT, "wuchuan-project-inserted.xlsx")
    verify("wuchuan-2025", "业务工作经费", "wuchuan-project-inserted.xlsx",
           inserts=[(14, 2), (17, 1)],
           expect={"B2": "测试项目经费", "C6": 2024, "E6": 2026, "C7": 128000.5, "E7": 64000.25,
                   "D14": "开展医保政策宣传活动次数", "E14": "≥12次", "F14": "≥4次",
                   "D15": "完成定点医药机构现场检查家数", "E15": "≥300家", "F15": "≥100家",
                   "D19": "参保群众医保政策知晓率", "E19": "≥85%", "F19": "≥80%"},
           merges_changed={"B17:B18": "B17:B19", "C17:C18": "C17:C19"},
           merges_added=["C13:C15"])
    back = openpyxl.load_workbook(os.path.join(OUT, "wuchuan-project-inserted.xlsx"))
    assert back.sheetnames == ["说明", "业务工作经费"], back.sheetnames
    assert [c.value for c in back["说明"]["A"]] == lines


def wuchuan_project_offset():
    """业务工作经费 alone, unchanged, every cell and merge moved to start at B3."""
    wb = load("wuchuan-2025")
    keep_only(wb, "业务工作经费")
    shift_sheet(wb["业务工作经费"], 2, 1)
    select(wb, 0)
    save(wb, OUT, "wuchuan-project-offset.xlsx")
    verify("wuchuan-2025", "业务工作经费", "wuchuan-project-offset.xlsx", drow=2, dcol=1)


def jinzhai_project_more():
    """城乡医疗救助 alone, 4 indicator rows more; the halves differ in order and count."""
    wb = load("jinzhai-2025")
    keep_only(wb, "城乡医疗救助")
    ws = wb["城乡医疗救助"]
    # 产出指标/数量指标 is rows 13-14 in both halves (C13:C14, F13:F14).
    # Two rows at the end of the group; the halves list them in another order.
    insert_rows(ws, 15, 2, template_row=14, grow_cols=(3, 6))
    row(ws, 15, 4, ["医疗救助资金拨付到位率", "100%"])
    row(ws, 16, 4, ["资助参保人数", "≥2万人"])
    row(ws, 15, 7, ["资助参保人数", "≥2万人"])
    row(ws, 16, 7, ["医疗救助资金拨付到位率", "100%"])
    # 效益指标/社会效益指标 is now rows 24-27 (C24:C27, F24:F27).  Two rows at
    # its end: the 年度 half gets two indicators, the 中期 half one (row 29's
    # 中期 三级/指标值 cells stay empty).
    insert_rows(ws, 28, 2, template_row=27, grow_cols=(3, 6))
    row(ws, 28, 4, ["因病致贫返贫发生率", "逐年下降"])
    row(ws, 28, 7, ["困难群众医疗救助政策知晓率", "≥85%"])
    row(ws, 29, 7, ["因病致贫返贫发生率", "逐年下降"])
    select(wb, 0)
    save(wb, OUT, "jinzhai-project-more.xlsx")
    verify("jinzhai-2025", "城乡医疗救助", "jinzhai-project-more.xlsx",
           inserts=[(15, 2), (26, 2)],
           expect={"D15": "医疗救助资金拨付到位率", "E15": "100%", "G15": "资助参保人数", "H15": "≥2万人",
                   "D16": "资助参保人数", "E16": "≥2万人", "G16": "医疗救助资金拨付到位率", "H16": "100%",
                   "D28": "因病致贫返贫发生率", "E28": "逐年下降",
                   "G28": "困难群众医疗救助政策知晓率", "H28": "≥85%",
                   "G29": "因病致贫返贫发生率", "H29": "逐年下降"},
           merges_changed={"C13:C14": "C13:C16", "F13:F14": "F13:F16",
                           "C24:C27": "C24:C29", "F24:F27": "F24:F29"})


# guangshui-dept-other: the values another department filled in (seed coordinates).
GUANGSHUI_CHANGES = {
    "A2": "填报日期：2024 年 10 月 21 日",
    "C3": "随县医疗保障局",
    "C4": "张晓燕",
    "G4": "0722-4812635",
    # 收入构成: 财政拨款, 财政专户管理资金, 单位资金, 合 计
    "E7": 5230.6, "G7": "100%", "H7": 14210.36, "I7": 12002.8,
    "H9": 0.5, "I9": 1.2,
    "E10": 5230.6, "G10": "100%", "H10": 14210.86, "I10": 12004,
    # 支出构成: 人员类, 运转类, 特定目标类, 合 计
    "E11": 1820.4, "G11": "34.8%", "H11": 1350.2, "I11": 1240.5,
    "E12": 52.2, "G12": "1%", "H12": 80.66, "I12": 119.3,
    "E13": 3358, "G13": "64.2%", "H13": 12780, "I13": 10644.2,
    "E14": 5230.6, "G14": "100%", "H14": 14210.86, "I14": 12004,
    # 项目支出情况
    "B18": "医保基金监管能力建设", "E18": 96, "F18": 96,
    "E19": 15, "F19": 15,
    "E20": 2, "F20": 2,
    "E21": 3245, "F21": 3245,
    "C22": "负责全县职工医疗保险、生育保险、城乡居民医疗保险相关工作有序开展，确保医保基金安全高效运行。",
    # 长期绩效指标: other target values
    "E33": "≤4%", "E37": "≥85%",
    "E48": "≥96%", "E49": "≥450000 人次", "E50": "≤380 元/人", "E51": "≥1500 人",
    "E63": "≥92%",
    "C65": "1.落实城乡居民医疗保险政策，保障全县居民基本医疗。\n2.夯实医疗救助托底保障，防范因病致贫返贫。\n3.巩固拓展脱贫攻坚成果同乡村振兴有效衔接。",
    # 年度绩效指标: 2023年 E, 2024年 F, 预期当年实现值 G
    "E78": "9%", "F78": "8%", "G78": "≤8%",
    "E82": "75%", "F82": "61%", "G82": "≥70%",
    "E93": "≥94%", "F93": "≥95%", "G93": "≥96%",
    "E94": "≥430000 人次", "F94": "≥440000 人次", "G94": "≥450000 人次",
    "E96": "≥1300 人", "F96": "≥1400 人", "G96": "≥1500 人",
    "G108": "≥88%",
}


def guangshui_dept_other():
    """guangshui-2025 filled by another department, one indicator row more per table."""
    wb = load("guangshui-2025")
    ws = wb["部门整体"]
    put(ws, GUANGSHUI_CHANGES)
    # 长期 履职效能 is B48:B51 (核心业务产出 1-4, one row each, 指标值 E:G merged
    # per row).  One more row at the end of the group.
    insert_rows(ws, 52, 1, template_row=51, grow_cols=(2,))
    row(ws, 52, 3, ["核心业务产出 5", "医保电子凭证激活率", "≥85%", None, None, "计划标准", "基本型"])
    # 年度 履职效能 is now B94:B97 (rows 94-97).  One more row at its end.
    insert_rows(ws, 98, 1, template_row=97, grow_cols=(2,))
    row(ws, 98, 3, ["核心业务产出 6", "医保电子凭证激活率", "68%", "76%", "≥85%", "计划标准", "基本型"])
    select(wb, 0)
    save(wb, OUT, "guangshui-dept-other.xlsx")
    verify("guangshui-2025", "部门整体", "guangshui-dept-other.xlsx",
           inserts=[(52, 1), (97, 1)], changed=GUANGSHUI_CHANGES,
           expect={"C52": "核心业务产出 5", "D52": "医保电子凭证激活率", "E52": "≥85%",
                   "H52": "计划标准", "I52": "基本型",
                   "C98": "核心业务产出 6", "D98": "医保电子凭证激活率", "E98": "68%", "F98": "76%",
                   "G98": "≥85%", "H98": "计划标准", "I98": "基本型"},
           merges_changed={"B48:B51": "B48:B52", "B94:B97": "B94:B98"},
           merges_added=["E52:G52"])


def yuanjiang_project_sixth():
    """yuanjiang-2024 with a sixth special-fund project, in both tables."""
    wb = load("yuanjiang-2024")
    name, code, amount = "B医疗救助经办服务经费", "201001", 8.5
    total = 76.72                                  # 68.22 + 8.5
    goal = "规范医疗救助经办服务，确保救助资金及时足额拨付，切实减轻困难群众医疗费用负担。"

    ws = wb["专项资金预算汇总表"]
    totals = {ref: total for ref in ("C6", "D6", "M6", "C7", "D7", "M7")}
    put(ws, totals)
    insert_rows(ws, 13, 1, template_row=12)
    fund_row = {"A13": code, "B13": name, "C13": amount, "D13": amount, "M13": amount}
    put(ws, fund_row)

    ws = wb["项目支出绩效目标表"]
    put(ws, {"C5": total})
    # The last project is rows 52-62; the note is row 63.  Eleven new rows
    # shaped like rows 52-62: same 二级 list, A-D merged over the project, E
    # merged per 一级, per-row styles and heights of rows 52-62.
    insert_rows(ws, 63, 11, template_row=62)
    for i in range(11):
        for c in range(1, 14):
            copy_style(ws.cell(52 + i, c), ws.cell(63 + i, c))
        ws.row_dimensions[63 + i].height = ws.row_dimensions[52 + i].height
    block_merges = [f"{col}63:{col}73" for col in "ABCD"] + ["E63:E65", "E66:E68", "E69:E72"]
    set_merges(ws, merges(ws) + [range_boundaries(m) for m in block_merges])
    project = {"A63": code, "B63": name, "C63": amount, "D63": goal,
               "E63": "成本指标", "E66": "产出指标", "E69": "效益指标", "E73": "满意度指标"}
    second = ["经济成本指标", "社会成本指标", "生态环境成本指标",
              "数量指标", "质量指标", "时效指标",
              "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
              "服务对象满意度指标"]
    for i, s in enumerate(second):
        project[f"F{63 + i}"] = s
    #        row  三级指标                      指标值          度量单位  指标值类型
    for r, g, h, k, l in [
            (63, "各项工作成本按预算执行", "100%", "百分比", "定量"),
            (66, "医疗救助对象资助参保率", "100%", "百分比", "定量"),
            (67, "医疗救助政策落实准确率", "大于等于95%", "百分比", "定量"),
            (68, "救助资金拨付及时率", "100%", "百分比", "定量"),
            (70, "困难群众医疗费用负担", "有效减轻", "年度", "定性"),
            (73, "救助对象对医保服务满意度", "大于等于85%", "百分比", "定量")]:
        project.update({f"G{r}": g, f"H{r}": h, f"K{r}": k, f"L{r}": l})
    put(ws, project)
    select(wb, 0)
    save(wb, OUT, "yuanjiang-project-sixth.xlsx")
    verify("yuanjiang-2024", "专项资金预算汇总表", "yuanjiang-project-sixth.xlsx",
           inserts=[(13, 1)], changed=totals, expect=fund_row)
    verify("yuanjiang-2024", "项目支出绩效目标表", "yuanjiang-project-sixth.xlsx",
           inserts=[(63, 11)], changed={"C5": total}, expect=project,
           merges_added=block_merges)
    verify("yuanjiang-2024", "一般公共预算基本支出表", "yuanjiang-project-sixth.xlsx")


def zhanjiang_mixed():
    """zhanjiang-2025 with its sheets in another order and one fund sheet hidden."""
    wb = load("zhanjiang-2025")
    order = ["城乡居民医保补助", "第三方支付评审", "部门整体", "合同制人员经费", "城乡医疗救助"]
    wb._sheets = [wb[t] for t in order]
    wb["合同制人员经费"].sheet_state = "hidden"
    select(wb, 0)
    save(wb, OUT, "zhanjiang-mixed.xlsx")
    back = openpyxl.load_workbook(os.path.join(OUT, "zhanjiang-mixed.xlsx"))
    assert back.sheetnames == order, back.sheetnames
    assert [ws.sheet_state for ws in back.worksheets] == ["visible"] * 3 + ["hidden", "visible"]
    for title in order:
        verify("zhanjiang-2025", title, "zhanjiang-mixed.xlsx")


def main():
    os.makedirs(OUT, exist_ok=True)
    wuchuan_project_inserted()
    wuchuan_project_offset()
    jinzhai_project_more()
    guangshui_dept_other()
    yuanjiang_project_sixth()
    zhanjiang_mixed()


if __name__ == "__main__":
    sys.exit(main())
