#!/usr/bin/python3
"""A table that grows moves everything below it: a blank template given a
formula, a data validation, a conditional format, a hyperlink, a print area
and a row break below (and over) its indicator rows by openpyxl; a form
with more indicators converted into it; the output's references checked.

usage: check_growth.py JIXIAO MAPPINGS TEMPLATES WORKDIR SOURCE.xlsx
"""
import json
import os
import shutil
import subprocess
import sys

import openpyxl
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break

jixiao, mappings, templates, work, source = sys.argv[1:6]
tdir = os.path.join(work, "templates")
os.makedirs(tdir, exist_ok=True)
for name in os.listdir(templates):
    if name.endswith(".xlsx"):
        shutil.copy(os.path.join(templates, name), tdir)

# wuchuan-project: header row 11, blank rows 12-16, 备注 from row 17
wb = openpyxl.load_workbook(os.path.join(tdir, "wuchuan-project.xlsx"))
ws = wb.worksheets[0]
first = last = None
for row in ws.iter_rows():
    for c in row:
        if c.value == "一级指标":
            first = c.row + 1
        if isinstance(c.value, str) and c.value.startswith("备注") and first and not last:
            last = c.row - 1
assert first and last, (first, last)
below = last + 3
ws.cell(below, 7, f"=COUNTA(D{first}:D{last})")
ws.cell(below, 8, f"=G{below}*2")
dv = DataValidation(type="list", formula1='"≥,≤,="', allow_blank=True)
dv.add(f"E{first}:F{last}")
ws.add_data_validation(dv)
ws.conditional_formatting.add(f"E{first}:F{last}", CellIsRule(operator="equal", formula=['"0"'],
                              fill=PatternFill("solid", fgColor="FFFF00")))
ws.cell(below, 9, "link").hyperlink = f"#'{ws.title}'!A{below}"
ws.print_area = f"A1:F{below}"
ws.row_breaks.append(Break(id=below))
wb.save(os.path.join(tdir, "wuchuan-project.xlsx"))

out = os.path.join(work, "grown.xlsx")
p = subprocess.run([jixiao, "--mappings", mappings, "--templates", tdir, "convert", source, "--to",
                    "wuchuan-project", "-o", out, "--json"], capture_output=True, text=True)
assert p.returncode == 0, p.stderr
model = json.loads(subprocess.run([jixiao, "--mappings", mappings, "dump", "--json", out],
                                  capture_output=True, text=True).stdout)
n = len(model["forms"][0]["indicators"])
grow = n - (last - first + 1)
assert grow > 0, f"the source must have more than {last - first + 1} indicators"
o = openpyxl.load_workbook(out)
ws = o.worksheets[0]
nb, nl = below + grow, last + grow
problems = []
want = {(nb, 7): f"=COUNTA(D{first}:D{nl})", (nb, 8): f"=G{nb}*2"}
for (r, c), f in want.items():
    if ws.cell(r, c).value != f:
        problems.append(f"{ws.cell(r, c).coordinate}: {ws.cell(r, c).value!r} != {f!r}")
dvs = [str(d.sqref) for d in ws.data_validations.dataValidation]
if dvs != [f"E{first}:F{nl}"]:
    problems.append(f"data validation {dvs}")
cfs = [str(r.sqref) for r in ws.conditional_formatting]
if cfs != [f"E{first}:F{nl}"]:
    problems.append(f"conditional formats {cfs}")
links = [(h.ref, h.location) for h in ws._hyperlinks] or [(c.coordinate, c.hyperlink.location) for row in ws.iter_rows() for c in row if c.hyperlink]
if not links or links[0][0] != f"I{nb}":
    problems.append(f"hyperlinks {links}")
def area(w):
    a = w.print_area
    return ",".join(a) if isinstance(a, (list, tuple)) else str(a)


if not area(ws).endswith(f"$F${nb}"):
    problems.append(f"print area {ws.print_area}")
if [b.id for b in ws.row_breaks.brk] != [nb]:
    problems.append(f"row breaks {[b.id for b in ws.row_breaks.brk]}")
# the 绩效指标 label merged down the table's side grows with it
side = [r for r in ws.merged_cells.ranges if r.min_col == 1 and r.min_row < first <= r.max_row]
if not side or side[0].max_row < nl:
    problems.append(f"side label {side}")
# the other copies carry their own print area
for other in o.worksheets[1:-1]:
    if not other.print_area:
        problems.append(f"{other.title}: no print area")
for pr in problems:
    print(pr)
print(f"grew by {grow}: {'ok' if not problems else 'FAILED'}")
sys.exit(1 if problems else 0)
