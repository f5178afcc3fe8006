#!/usr/bin/python3
"""Workbooks for tests/cli (Debian's python3 with openpyxl).

near-miss.xlsx: 吴川's 业务工作经费 form whose 用款单位 label was typed as
用钱单位, so no template matches and detect must name wuchuan-project as
the closest, missing 用款单位.
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
