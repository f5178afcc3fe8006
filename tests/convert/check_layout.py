#!/usr/bin/python3
"""The layout of a converted workbook, checked with openpyxl against its
blank template: same column widths, print setup and print titles on every
form sheet, the indicator table's 一级 cells merged over their rows, no
merged ranges overlapping, and the notes sheet last.

usage: check_layout.py TEMPLATE.xlsx OUT.xlsx NOTES_SHEET_NAME
"""
import sys
import openpyxl

template, out, notes = sys.argv[1:4]
t = openpyxl.load_workbook(template)
o = openpyxl.load_workbook(out)
ts = t.worksheets[0]
problems = []
if o.sheetnames[-1] != notes:
    problems.append(f"last sheet is {o.sheetnames[-1]!r}, not {notes!r}")
selected = 0
for ws in o.worksheets[:-1]:
    selected += bool(ws.sheet_view.tabSelected)
    for col, dim in ts.column_dimensions.items():
        if dim.width and abs((ws.column_dimensions[col].width or 0) - dim.width) > 0.01:
            problems.append(f"{ws.title}: column {col} width {ws.column_dimensions[col].width} != {dim.width}")
    if ws.page_setup.orientation != ts.page_setup.orientation or ws.page_setup.paperSize != ts.page_setup.paperSize:
        problems.append(f"{ws.title}: page setup differs from the template")
    if bool(ts.print_title_rows) != bool(ws.print_title_rows):
        problems.append(f"{ws.title}: print titles {ws.print_title_rows!r} vs template {ts.print_title_rows!r}")
    ranges = list(ws.merged_cells.ranges)
    cells = {}
    for r in ranges:
        for row in range(r.min_row, r.max_row + 1):
            for col in range(r.min_col, r.max_col + 1):
                if (row, col) in cells:
                    problems.append(f"{ws.title}: {r} overlaps {cells[(row, col)]}")
                cells[(row, col)] = r
    # 一级指标 cells: a text never repeats in the next row unmerged
    for row in ws.iter_rows():
        for c in row:
            if c.value == "一级指标":
                col = c.column
                prev = None
                for r in range(c.row + 1, ws.max_row + 1):
                    v = ws.cell(r, col).value
                    if v is not None and v == prev and (r, col) not in cells:
                        problems.append(f"{ws.title}: {ws.cell(r, col).coordinate} repeats {v!r} unmerged")
                    prev = v if v is not None else prev if (r, col) in cells else None
if selected > 1:
    problems.append(f"{selected} sheets selected: Excel would open them grouped")
for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
