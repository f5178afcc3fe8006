#!/usr/bin/python3
"""Workbooks for tests/cli and tests/fix (Debian's python3 with openpyxl).

near-miss.xlsx: 吴川's 业务工作经费 form whose 用款单位 label was typed as
用钱单位, so no template matches and detect must name wuchuan-project as
the closest, missing 用款单位.

overlap-merge.xlsx: 吴川's workbook with a merged range B1:C3 that
overlaps A1:F1 on 业务工作经费: a damaged workbook, refused.

formula-fix.xlsx: 吴川's workbook where the misspelt 二级 社会效益 of
业务工作经费 (C15) is computed by a formula (cached value 社会效益): fix
must leave that cell alone, since a new value would contradict the formula.
"""
import os
import openpyxl

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "..", "samples", "wuchuan-2025.xlsx")
wb = openpyxl.load_workbook(src)
for name in list(wb.sheetnames):
    if name != "业务工作经费":
        del wb[name]
ws = wb["业务工作经费"]
assert ws["D5"].value == "用款单位"
ws["D5"].value = "用钱单位"
os.makedirs(os.path.join(here, "cli"), exist_ok=True)
wb.save(os.path.join(here, "cli", "near-miss.xlsx"))

# formula-fix.xlsx: edit the sheet XML directly (openpyxl writes no cached
# values for formulas)
import zipfile

src = os.path.join(here, "..", "..", "samples", "wuchuan-2025.xlsx")
dst = os.path.join(here, "cli", "formula-fix.xlsx")
old = '<c r="C15" s="2" t="inlineStr"><is><t>&#31038;&#20250;&#25928;&#30410;</t></is></c>'
new = '<c r="C15" s="2" t="str"><f>"社会"&amp;"效益"</f><v>社会效益</v></c>'
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        if info.filename == "xl/worksheets/sheet2.xml":
            text = data.decode("utf-8")
            assert old in text
            data = text.replace(old, new).encode("utf-8")
        zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(zi, data)

# overlap-merge.xlsx
dst = os.path.join(here, "cli", "overlap-merge.xlsx")
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        if info.filename == "xl/worksheets/sheet2.xml":
            assert b'<mergeCell ref="A1:F1"/>' in data
            data = data.replace(b'<mergeCell ref="A1:F1"/>', b'<mergeCell ref="A1:F1"/><mergeCell ref="B1:C3"/>')
        zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(zi, data)

# commented.xlsx: 吴川's workbook where cells already carry comments (so
# the sheet has a comments part and a VML drawing): 业务工作经费!E12 (a
# finding fix leaves), C15 (a finding fix corrects) and A1 (no finding).
# fix --annotate must keep each comment and add its notes after it.
from openpyxl.comments import Comment

wb = openpyxl.load_workbook(os.path.join(here, "..", "..", "samples", "wuchuan-2025.xlsx"))
ws = wb["业务工作经费"]
ws["E12"].comment = Comment("财务科：这个值请再核对", "张会计")
ws["C15"].comment = Comment("原表如此", "李科长")
ws["A1"].comment = Comment("2025 年版", "张会计")
wb.save(os.path.join(here, "cli", "commented.xlsx"))

# prefixed.xlsx: 吴川's workbook as a producer that prefixes SpreadsheetML
# elements (<x:worksheet xmlns:x=...>, no default namespace) writes it:
# whatever fix --annotate adds to those parts must carry the prefix.
import re

src = os.path.join(here, "..", "..", "samples", "wuchuan-2025.xlsx")
dst = os.path.join(here, "cli", "prefixed.xlsx")
main_ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        text = data.decode("utf-8")
        if main_ns in text:
            text = re.sub(r"<(/?)([A-Za-z][\w]*)(?=[\s/>])", r"<\1x:\2", text)
            text = text.replace(main_ns, main_ns.replace("xmlns=", "xmlns:x="))
            data = text.encode("utf-8")
        zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(zi, data)
