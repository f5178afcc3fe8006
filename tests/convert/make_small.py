#!/usr/bin/python3
"""A 吴川 project form with two indicators, filled into the blank template
by openpyxl (another producer than jixiao), for converting a form with
fewer indicators than a template's table has rows.

usage: make_small.py TEMPLATES_DIR OUT.xlsx
"""
import sys
import openpyxl

wb = openpyxl.load_workbook(f"{sys.argv[1]}/wuchuan-project.xlsx")
ws = wb.worksheets[0]
values = {"B2": "小额项目", "B5": "吴川市医疗保障局", "E5": "吴川市医疗保障局", "C6": 2025, "E6": 2025,
          "C7": 12345.67, "E7": 12345.67, "B10": "完成小额项目。", "D10": "完成小额项目。"}
for ref, v in values.items():
    ws[ref] = v
for row in ws.iter_rows():
    for c in row:
        if c.value == "一级指标":
            r, col = c.row + 1, c.column
            rows = [("产出指标", "数量指标", "完成数量", "≥10个", "≥10个"),
                    ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥90%")]
            for i, vals in enumerate(rows):
                for k, v in enumerate(vals):
                    ws.cell(r + i, col + k, v)
wb.save(sys.argv[2])
