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
    return px * (1.08 if bold else 1.0)


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
            avail = sum(cell_px(self.widths[c]) for c in range(c1, c2 + 1)) - 8
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


TEMPLATES = {
    "wuchuan-project": wuchuan_project,
    "jinzhai-project": jinzhai_project,
    "yuanjiang-project": yuanjiang_project,
    "zhanjiang-fund": zhanjiang_fund,
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
