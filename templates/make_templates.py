#!/usr/bin/python3
"""Write the blank county templates templates/<id>.xlsx that `jixiao convert`
fills, one per mapping in mappings/.  Layouts follow the county forms as the
samples (samples/*.xlsx) and the seed documents show them; see
templates/README.md for the conventions the converter relies on.

    /usr/bin/python3 templates/make_templates.py [OUTDIR] [ID...]

Output is reproducible: fixed document dates and zip entry times, so two
runs write the same bytes."""
import datetime
import io
import math
import os
import sys
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.page import PageMargins

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = datetime.datetime(2025, 1, 1, 0, 0, 0)

# Years in titles and labels are written as this placeholder; the converter
# replaces the first with the form's year (the second with a period's end).
Y = "____"

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = "#,##0.00"
PLAIN_NUMBER = "0"

# A4 portrait, less the margins below, in points: a form whose columns are
# wider than this prints landscape, so it is not shrunk below readable size.
PORTRAIT_WIDTH_PT = (8.27 - 0.8) * 72

STYLES = {
    #           size bold  horizontal  wrap  border
    "title":   (16, True,  "center",   True,  False),
    "label":   (10, True,  "center",   True,  True),   # form labels, column headers
    "level":   (10, True,  "center",   True,  True),   # 一级/二级 cells of data rows
    "text":    (10, False, "left",     True,  True),   # free text values
    "center":  (10, False, "center",   True,  True),   # short values, fixed row labels
    "money":   (10, False, "right",    False, True),
    "number":  (10, False, "center",   False, True),   # years, counts
    "note":    (9,  False, "left",     True,  False),  # 备注/填报说明 lines, sign-off lines
    "unit":    (10, False, "right",    False, False),  # 金额单位：万元
}
FORMATS = {"money": MONEY, "number": PLAIN_NUMBER}


def cell_px(width):
    """Excel's pixel width of a column `width` characters wide (Calibri 11 metrics)."""
    return int(width * 7 + 5)


def text_px(text, size, bold):
    """Rough rendered width of text: CJK glyphs are square, Latin ones half."""
    px = 0.0
    for ch in text:
        px += size * 4 / 3 if ord(ch) >= 0x2E80 else size * 4 / 3 * 0.55
    return px * (1.04 if bold else 1.0)


class Form:
    """One form on one sheet.  Cells are placed by range; every cell of a
    merged range gets the style so that borders draw on all its edges."""

    def __init__(self, wb, sheet, widths):
        self.ws = wb.create_sheet(sheet)
        self.widths = {}
        for i, w in enumerate(widths, start=1):
            letter = get_column_letter(i)
            self.ws.column_dimensions[letter].width = w
            self.widths[i] = w
        self.ncols = len(widths)
        self.min_height = {}
        self.texts = []  # (c1, r1, c2, r2, text, style) for row heights

    def put(self, ref, text=None, style="text"):
        c1, r1, c2, r2 = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
        if (c1, r1) != (c2, r2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        size, bold, horiz, wrap, border = STYLES[style]
        font = Font(name=FONT, size=size, bold=bold)
        align = Alignment(horizontal=horiz, vertical="center", wrap_text=wrap)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = self.ws.cell(r, c)
                cell.font = font
                cell.alignment = align
                if border:
                    cell.border = BOX
                if style in FORMATS:
                    cell.number_format = FORMATS[style]
        if text is not None:
            self.ws.cell(r1, c1).value = text
            self.texts.append((c1, r1, c2, r2, text, style))

    # shorthands
    def title(self, text):
        self.put(f"A1:{get_column_letter(self.ncols)}1", text, "title")

    def label(self, ref, text):
        self.put(ref, text, "label")

    def note(self, row, text):
        self.put(f"A{row}:{get_column_letter(self.ncols)}{row}", text, "note")

    def row(self, r, cells):
        """cells: [(columns, style), ...] in order, columns "B" or "B:C"."""
        for cols, style in cells:
            a, _, b = cols.partition(":")
            self.put(f"{a}{r}:{b or a}{r}", None, style)

    def height(self, row, points):
        self.min_height[row] = max(self.min_height.get(row, 0), points)

    def finish(self, print_rows=None, landscape=None):
        self._fit_heights()
        ws = self.ws
        total_pt = sum(cell_px(w) for w in self.widths.values()) * 0.75
        if landscape is None:
            landscape = total_pt > PORTRAIT_WIDTH_PT
        ps = ws.page_setup
        ps.paperSize = ws.PAPERSIZE_A4
        ps.orientation = "landscape" if landscape else "portrait"
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.3, footer=0.3)
        if print_rows:
            ws.print_title_rows = print_rows

    def _fit_heights(self):
        """Rows as high as their labels need (wrapped at the merged width);
        a label merged over several rows spreads its need over them."""
        need = dict(self.min_height)
        multi = []
        for c1, r1, c2, r2, text, style in self.texts:
            size, bold, _, wrap, _ = STYLES[style]
            avail = sum(cell_px(self.widths[c]) for c in range(c1, c2 + 1)) - 6
            lines = 0
            for part in str(text).split("\n"):
                lines += max(1, math.ceil(text_px(part, size, bold) / avail)) if wrap else 1
            pts = lines * size * 1.35 + 5
            if r1 == r2:
                need[r1] = max(need.get(r1, 0), pts)
            else:
                multi.append((r1, r2, pts))
        for r in range(1, self.ws.max_row + 1):
            need[r] = max(need.get(r, 0), 17.5)
        for r1, r2, pts in multi:
            have = sum(need[r] for r in range(r1, r2 + 1))
            if have < pts:
                extra = (pts - have) / (r2 - r1 + 1)
                for r in range(r1, r2 + 1):
                    need[r] += extra
        for r, h in sorted(need.items()):
            self.ws.row_dimensions[r].height = round(h * 2) / 2


# ---------------------------------------------------------------------------
# Indicator tables: header row(s), then blank rows whose 一级/二级 cells are
# not merged (the converter merges them over the rows it fills).

INDICATOR_ROWS = 5
TABLE_ROWS = 3


def indicator_rows(f, first, cells, n=INDICATOR_ROWS, height=None):
    for r in range(first, first + n):
        f.row(r, cells)
        if height:
            f.height(r, height)
    return first + n


SIX_COL_ROW = [("B", "level"), ("C", "level"), ("D", "text"), ("E", "center"), ("F", "center")]


def six_col_indicators(f, row, period="实施周期指标值", annual="年度指标值"):
    """吴川/湛江: A 绩效指标 (merged down), B–D 一级/二级/三级, E 实施周期, F 年度."""
    f.label(f"A{row}:A{row + INDICATOR_ROWS}", "绩效指标")
    for col, text in zip("BCDEF", ("一级指标", "二级指标", "三级指标", period, annual)):
        f.label(f"{col}{row}", text)
    return indicator_rows(f, row + 1, SIX_COL_ROW)


# ---------------------------------------------------------------------------

def wuchuan_project(wb):
    f = Form(wb, "项目支出绩效目标表", [12, 16, 18, 34, 18, 18])
    f.title("项目支出绩效目标表")
    for r, text in ((2, "项目名称"), (3, "项目类型"), (4, "项目等级")):
        f.label(f"A{r}", text)
        f.put(f"B{r}:F{r}")
    f.label("A5", "主管部门"); f.put("B5:C5"); f.label("D5", "用款单位"); f.put("E5:F5")
    f.label("A6", "实施期限"); f.label("B6", "起始年度"); f.put("C6", None, "number")
    f.label("D6", "到期年度"); f.put("E6:F6", None, "number")
    f.label("A7", "预算金额"); f.label("B7", "总金额"); f.put("C7", None, "money")
    f.label("D7", "当年度金额"); f.put("E7:F7", None, "money")
    f.label("A8", "项目概述"); f.put("B8:F8"); f.height(8, 45)
    f.label("A9:A10", "总体绩效目标")
    f.label("B9:C9", "实施周期总目标（跨年度项目需填写）"); f.label("D9:F9", "当年度目标")
    f.put("B10:C10"); f.put("D10:F10"); f.height(10, 90)
    end = six_col_indicators(f, 11, annual="当年度指标值")
    f.note(end, "备注：1.本表的填报主体是预算单位，主管部门可进行代编。")
    f.note(end + 1, "2. 本表在“一上”或“二上”环节通过系统录入，具体字段信息以系统为准。")
    f.note(end + 2, "3.本表用于在“一上”和“二上”阶段填报项目支出绩效目标或修订完善已入库项目的绩效目标 。")
    f.finish(print_rows="11:11")


def jinzhai_project(wb):
    f = Form(wb, "项目支出绩效目标申报表", [6, 10, 14, 30, 16, 14, 30, 16])
    f.title("项目支出绩效目标申报表")
    f.put("A2:H2", f"（{Y}年度）", "note")
    f.ws["A2"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    f.ws["A2"].font = Font(name=FONT, size=11)
    f.put("A3:D3", "项目负责人（签字）：", "note")
    f.put("E3:H3", "单位（盖章）：", "note")
    f.label("A4:B4", "项目名称"); f.put("C4:H4")
    f.label("A5:B5", "主管部门及代码"); f.put("C5:D5"); f.label("E5:F5", "实施单位"); f.put("G5:H5")
    f.label("A6:B6", "项目属性"); f.put("C6:D6"); f.label("E6:F6", "项目期"); f.put("G6:H6")
    f.label("A7:B9", "项目资金 (万元)")
    for r, left, right in ((7, "中期资金总额：", "年度资金总额："),
                           (8, "其中：财政拨款", "其中：财政拨款"),
                           (9, "其他资金", "其他资金")):
        f.label(f"C{r}:D{r}", left); f.put(f"E{r}", None, "money")
        f.label(f"F{r}:G{r}", right); f.put(f"H{r}", None, "money")
    f.label("A10:A11", "总体目标")
    f.label("B10:E10", f"中期目标（{Y}年—{Y}年）"); f.label("F10:H10", "年度目标")
    f.put("B11:E11"); f.put("F11:H11"); f.height(11, 75)
    f.label(f"A12:A{12 + INDICATOR_ROWS}", "绩效指标")
    for col, text in zip("BCDEFGH", ("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值")):
        f.label(f"{col}12", text)
    end = indicator_rows(f, 13, [("B", "level"), ("C", "level"), ("D", "text"), ("E", "center"),
                                 ("F", "level"), ("G", "text"), ("H", "center")])
    f.put(f"A{end}:H{end}", "项目负责人：", "note")
    f.finish(print_rows="12:12")


def yuanjiang_project(wb):
    f = Form(wb, "项目支出绩效目标表", [10, 24, 10, 36, 11, 16, 30, 16, 10, 10, 10, 10, 8])
    f.title("项目支出绩效目标表")
    f.put("A2:D2", "部门：", "note")
    f.put("K2:M2", "金额单位：万元", "unit")
    for col, text in zip("ABCD", ("单位代码", "单位（专项）名称", "资金总额", "实施期绩效目标")):
        f.label(f"{col}3:{col}4", text)
    f.label("E3:M3", "绩效指标")
    for col, text in zip("EFGHIJKLM", ("一级指标", "二级指标", "三级指标", "指标值", "指标值内容",
                                       "评（扣分标准）", "度量单位", "指标值类型", "备注")):
        f.label(f"{col}4", text)
    # row 5: the department total row; then the projects' rows
    cells = [("A", "center"), ("B", "center"), ("C", "money"), ("D", "text"), ("E", "level"),
             ("F", "level"), ("G", "text"), ("H", "center"), ("I", "center"), ("J", "center"),
             ("K", "center"), ("L", "center"), ("M", "center")]
    f.row(5, cells)
    end = indicator_rows(f, 6, cells)
    f.note(end, "注：本表反映部门本年度的项目支出绩效目标具体情况。本表金额转换为万元时，因四舍五入可能存在尾数误差。")
    f.finish(print_rows="3:4")


def zhanjiang_fund(wb):
    f = Form(wb, "绩效目标申报表", [12, 16, 16, 34, 18, 18])
    f.title("绩效目标申报表")
    for r, text in ((2, "资金名称"), (3, "业务主管部门"), (4, "资金类型"), (5, "项目实施周期")):
        f.label(f"A{r}", text)
        f.put(f"B{r}:F{r}")
    f.label("A6", "资金需求"); f.label("B6", f"{Y}年金额"); f.put("C6:F6", None, "money")
    f.label("A7", "用途范围"); f.put("B7:F7"); f.height(7, 45)
    f.label("A8", "政策依据"); f.put("B8:F8"); f.height(8, 45)
    f.label("A9:A10", "总体绩效目标")
    f.label("B9", "年度绩效目标"); f.put("C9:F9"); f.height(9, 60)
    f.label("B10", "实施周期绩效目标"); f.put("C10:F10"); f.height(10, 60)
    six_col_indicators(f, 11)
    f.finish(print_rows="11:11")


def dept_budget_block(f, money_col, right_labels, level_label="本级使用资金"):
    """吴川/湛江 部门整体: rows 2–10 (部门名称 … 总体绩效目标), amounts in 万元.
    right_labels: the columns of the right-hand labels, "D" or "D:E"."""
    last = get_column_letter(f.ncols)
    a, _, b = right_labels.partition(":")

    def rl(r):
        return f"{a}{r}:{b or a}{r}"
    f.label("A2", "部门名称"); f.put(f"B2:{last}2")
    f.label("A3", "基本信息"); f.label("B3", "财政供养人员数"); f.put("C3", None, "number")
    f.label(rl(3), "下属二级单位数")
    f.put(f"{money_col}3", None, "number")
    f.label("A4:A9", "预算整体情况")
    rows = ((4, "部门预算支出", None, "收入来源", None),
            (5, "基本支出", "money", "财政拨款", "money"),
            (6, "项目支出", "money", "其他资金", "money"),
            (7, "事业发展性支出", None, "按预算级次划分", None),
            (8, "财政专项资金", "money", level_label, "money"),
            (9, "其他事业发展性支出", "money", "拟用于对下转移支付资金", "money"))
    for r, left, lkind, right, rkind in rows:
        f.label(f"B{r}", left)
        f.label(rl(r), right)
        if lkind:
            f.put(f"C{r}", None, lkind)
            f.put(f"{money_col}{r}", None, rkind)
        else:
            f.label(f"C{r}", "预算金额（万元）")
            f.label(f"{money_col}{r}", "预算金额（万元）")
    f.label("A10", "总体绩效目标"); f.put(f"B10:{last}10"); f.height(10, 70)


def wuchuan_dept(wb):
    f = Form(wb, "部门整体预算绩效目标表", [12, 16, 18, 34, 18, 18])
    f.title("部门整体预算绩效目标表")
    dept_budget_block(f, "F", "D:E")
    # 年度重点工作任务: header row 11, blank task rows, then 其他需完成的任务
    f.label(f"A11:A{11 + TABLE_ROWS}", "年度重点工作任务")
    f.label("B11", "名称"); f.label("C11:D11", "主要实施内容")
    f.label("E11", "拟投入的资金（万元）"); f.label("F11", "期望达到的目标（概述）")
    end = indicator_rows(f, 12, [("B", "center"), ("C:D", "text"), ("E", "money"), ("F", "text")],
                         n=TABLE_ROWS, height=24)
    f.label(f"A{end}", "其他需完成的任务\n（可选填）"); f.put(f"B{end}:F{end}")
    head = end + 1
    end = six_col_indicators(f, head)
    f.note(end, "备注：1.本表的填报主体是一级预算单位。")
    f.note(end + 1, "2.本表在“二上”环节通过系统录入，具体字段信息以系统为准。")
    f.finish(print_rows=f"{head}:{head}")


def zhanjiang_dept(wb):
    f = Form(wb, "市级部门整体预算绩效目标表", [12, 22, 42, 30, 24])
    f.title(f"{Y}年市级部门整体预算绩效目标表")
    dept_budget_block(f, "E", "D", level_label="市本级使用资金")
    # 年度重点工作任务: each task's 关键性指标 rows; 名称 and 主要实施内容
    # are merged down over them by the converter, not here
    f.label(f"A11:A{11 + INDICATOR_ROWS}", "年度重点工作任务")
    for col, text in zip("BCDE", ("名称", "主要实施内容", "关键性指标", "实现值")):
        f.label(f"{col}11", text)
    end = indicator_rows(f, 12, [("B", "center"), ("C", "text"), ("D", "text"), ("E", "center")])
    f.label(f"A{end}", "其他需完成的任务 (可选填)"); f.put(f"B{end}:E{end}"); f.height(end, 30)
    f.finish(print_rows="11:11")


def zhanjiang_key_project(wb):
    f = Form(wb, "市级重点支出项目绩效目标表", [14, 18, 18, 34, 20, 20])
    f.title(f"{Y}年市级重点支出项目绩效目标表")
    f.label("A2", "资金名称"); f.put("B2:F2")
    f.label("A3", "资金类型"); f.put("B3:F3")
    f.label("A4", "主管部门"); f.put("B4:C4"); f.label("D4", "用款单位"); f.put("E4:F4")
    f.label("A5", "项目期限"); f.label("B5", "起始年度"); f.put("C5", None, "number")
    f.label("D5", "到期年度"); f.put("E5:F5", None, "number")
    f.label("A6", "预算金额 (万元)"); f.label("B6", "总金额 (万元)"); f.put("C6", None, "money")
    f.label("D6", "当年度金额(万元)"); f.put("E6:F6", None, "money")
    f.label("A7", "项目概述"); f.put("B7:F7"); f.height(7, 45)
    f.label("A8:A9", "总体绩效目标")
    f.label("B8", "实施周期总目标(跨年度项目需填写)"); f.put("C8:F8"); f.height(8, 45)
    f.label("B9", "当年度目标"); f.put("C9:F9"); f.height(9, 45)
    six_col_indicators(f, 10)
    f.finish(print_rows="10:10")


GUANGSHUI_NOTES = (
    "填报说明:",
    "1.部门（单位）名称：填写本表的预算部门全称。",
    "2.部门职能：填写部门主要职能。",
    "3.年度工作任务：填写根据部门主要职责和工作计划确定的本年度主要工作任务。",
    "4.长期目标：描述本部门在三年内通过履行部门职责所达到的部门整体及核心业务效果，并以相应的绩效指标予以细化、量化描述。",
    "5.长期绩效指标：主要包括运行成本、管理效率、履职效能、社会效应、可持续发展能力和满意度等六个一级指标，"
    "每一类一级指标细分为若干二级指标、三级指标，三级指标对应具体的指标值。",
    "6.年度目标：描述本部门在本年度内通过履行部门职责所达到的部门整体及核心业务效果。",
    "7.年度绩效指标参照长期绩效指标填报。",
    "8.指标值确定依据。通过收集相关基础数据，明确指标值确定依据，主要包括计划标准、行业标准、历史标准、预算支出标准或其他标准。",
    "9.指标分类。按照绩效提升与创新程度将整体绩效目标分为绩效基本型、绩效创新型指标。",
)


def guangshui_dept(wb):
    f = Form(wb, "部门整体绩效目标申报表", [10, 10, 16, 22, 12, 12, 14, 12, 10])
    f.title("部门整体绩效目标申报表")
    # a date to write by hand, not the form's year: no placeholder
    f.put("A2:C2", "填报日期：", "note")
    f.put("D2:E2", "单位：万元", "note")
    f.put("F2:I2", "单位领导审签（公章）：", "note")
    f.label("A3:B3", "部门（单位）名称"); f.put("C3:I3")
    f.label("A4:B4", "填报人"); f.put("C4:D4", None, "center")
    f.label("E4:F4", "联系电话"); f.put("G4:I4", None, "center")
    # 部门总体资金情况: fixed row labels as on the form
    f.label("A5:A14", "部门总体资金情况")
    f.label("B5:D6", "总体资金情况"); f.label("E5:F6", "当年金额"); f.label("G5:G6", "占比")
    f.label("H5:I5", "近两年收支金额")
    f.label("H6", f"{Y}年"); f.label("I6", f"{Y}年")
    f.label("B7:B10", "收入构成"); f.label("B11:B14", "支出构成")
    items = ("财政拨款", "财政专户管理资金", "单位资金", "合 计",
             "人员类项目支出", "运转类项目支出", "特定目标类项目支出", "合 计")
    for r, item in enumerate(items, start=7):
        f.put(f"C{r}:D{r}", item, "center")
        f.put(f"E{r}:F{r}", None, "money")
        f.put(f"G{r}", None, "center")
        f.put(f"H{r}", None, "money")
        f.put(f"I{r}", None, "money")
    f.label("A15:B15", "部门职能概述"); f.put("C15:I15"); f.height(15, 90)
    f.label("A16:B16", "年度工作任务"); f.put("C16:I16"); f.height(16, 90)
    # 项目支出情况: one row per project
    f.label(f"A17:A{17 + TABLE_ROWS}", "项目支出情况")
    f.label("B17:C17", "项目名称"); f.label("D17", "支出项目类别")
    f.label("E17", "项目\n总预算"); f.label("F17", "项目本年\n年度预算")
    f.label("G17:I17", "项目主要支出方向和用途")
    r = indicator_rows(f, 18, [("B:C", "center"), ("D", "center"), ("E", "money"), ("F", "money"),
                               ("G:I", "text")], n=TABLE_ROWS, height=30)
    f.label(f"A{r}:B{r}", f"长期目标：\n（截止 {Y}年）"); f.put(f"C{r}:I{r}"); f.height(r, 60)
    # 长期绩效指标: 指标值 spans E:G in every row
    head = r + 1
    f.label(f"A{head}:A{head + INDICATOR_ROWS}", "长期绩效指标")
    f.label(f"B{head}", "一级指标"); f.label(f"C{head}", "二级指标"); f.label(f"D{head}", "三级指标")
    f.label(f"E{head}:G{head}", "指标值"); f.label(f"H{head}", "指标值确定依据"); f.label(f"I{head}", "指标分类")
    r = indicator_rows(f, head + 1, [("B", "level"), ("C", "level"), ("D", "text"), ("E:G", "center"),
                                     ("H", "center"), ("I", "center")])
    f.label(f"A{r}:B{r}", "年度目标："); f.put(f"C{r}:I{r}"); f.height(r, 60)
    # 年度绩效指标: three header rows; 近两年 year columns E, F
    h = r + 1
    f.label(f"A{h}:A{h + 2 + INDICATOR_ROWS}", "年度绩效指标")
    f.label(f"B{h}:B{h + 2}", "一级指标"); f.label(f"C{h}:C{h + 2}", "二级指标"); f.label(f"D{h}:D{h + 2}", "三级指标")
    f.label(f"E{h}:G{h}", "指标值")
    f.label(f"H{h}:H{h + 2}", "指标值确定依据"); f.label(f"I{h}:I{h + 2}", "指标分类")
    f.label(f"E{h + 1}:F{h + 1}", "近两年指标值"); f.label(f"G{h + 1}:G{h + 2}", "预期当年实现值")
    f.label(f"E{h + 2}", f"{Y}年"); f.label(f"F{h + 2}", f"{Y}年")
    r = indicator_rows(f, h + 3, [("B", "level"), ("C", "level"), ("D", "text"), ("E", "center"),
                                  ("F", "center"), ("G", "center"), ("H", "center"), ("I", "center")])
    for i, text in enumerate(GUANGSHUI_NOTES):
        f.note(r + i, text)
    # Two long tables, and a sheet repeats one band of rows: the 年度 table's
    # three header rows (the 长期 table's one row is easy to read without).
    f.finish(print_rows=f"{h}:{h + 2}")


def yuanjiang_special_funds(wb):
    f = Form(wb, "专项资金预算汇总表", [10, 30] + [11] * 12)
    f.title("专项资金预算汇总表")
    f.put("A2:C2", "部门：", "note")
    f.put("L2:N2", "金额单位：万元", "unit")
    f.label("A3:A5", "单位代码"); f.label("B3:B5", "单位名称（专项名称）")
    f.label("C3:L3", "预算额度"); f.label("M3:N3", "预算编制方式")
    f.label("C4:C5", "总计"); f.label("D4:I4", "一般公共预算")
    for col, text in zip("DEFGHI", ("一般公共预算小计", "经费拨款", "纳入一般公共预算管理的非税收入", "一般债券",
                                    "外国政府和国际组织贷款", "外国政府和国际组织赠款")):
        f.label(f"{col}5", text)
    for col, text in zip("JKLMN", ("政府性基金", "国有资本经营预算", "社会保险基金预算资金",
                                   "编入部门预算金额", "财政代编金额")):
        f.label(f"{col}4:{col}5", text)
    money = [(get_column_letter(c), "money") for c in range(3, 15)]
    # row 6 合计 (a fixed label, as printed); then the department and its funds
    f.put("A6", None, "center"); f.put("B6", "合计", "center"); f.row(6, money)
    end = indicator_rows(f, 7, [("A", "center"), ("B", "text")] + money, n=1 + TABLE_ROWS)
    f.note(end, "注：本表反映部门本年度的专项资金项目安排情况。本表金额转换为万元时，因四舍五入可能存在尾数误差。")
    f.finish(print_rows="3:5")


def yuanjiang_basic_expenditure(wb):
    f = Form(wb, "一般公共预算基本支出表", [12, 32, 14, 14, 14])
    f.title("一般公共预算基本支出表")
    f.put("A2:B2", "单位：", "note")
    f.put("D2:E2", "单位：万元", "unit")
    f.label("A3:B3", "部门预算支出经济分类科目"); f.label("C3:E3", "本年一般公共预算基本支出")
    for col, text in zip("ABCDE", ("科目编码", "科目名称", "合计", "人员经费", "公用经费")):
        f.label(f"{col}4", text)
    end = indicator_rows(f, 5, [("A", "center"), ("B", "text"), ("C", "money"), ("D", "money"), ("E", "money")],
                         n=TABLE_ROWS)
    f.put(f"A{end}:B{end}", "合计", "center")
    f.row(end, [("C", "money"), ("D", "money"), ("E", "money")])
    f.note(end + 1, "注：本套报表金额单位转换时可能存在尾数误差。")
    f.finish(print_rows="3:4")


TEMPLATES = {
    "wuchuan-dept": wuchuan_dept,
    "wuchuan-project": wuchuan_project,
    "guangshui-dept": guangshui_dept,
    "zhanjiang-dept": zhanjiang_dept,
    "zhanjiang-fund": zhanjiang_fund,
    "zhanjiang-key-project": zhanjiang_key_project,
    "yuanjiang-project": yuanjiang_project,
    "yuanjiang-special-funds": yuanjiang_special_funds,
    "yuanjiang-basic-expenditure": yuanjiang_basic_expenditure,
    "jinzhai-project": jinzhai_project,
}


def save(wb, path):
    wb.properties.creator = "jixiao templates/make_templates.py"
    wb.properties.lastModifiedBy = None
    wb.properties.created = STAMP
    wb.properties.modified = STAMP
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps zip entries with the current time: rewrite them fixed.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    os.replace(tmp, path)


def main(argv):
    out = argv[1] if len(argv) > 1 else HERE
    ids = argv[2:] or sorted(TEMPLATES)
    os.makedirs(out, exist_ok=True)
    for tid in ids:
        if tid not in TEMPLATES:
            sys.exit(f"make_templates.py: no template '{tid}'")
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        TEMPLATES[tid](wb)
        save(wb, os.path.join(out, tid + ".xlsx"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
