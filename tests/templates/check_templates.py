"""Checks of the blank templates that need openpyxl (test_templates.sh runs
this only where /usr/bin/python3 has it):

  compare DIR_A DIR_B     every .xlsx in A has a twin in B with the same
                          zip entries holding the same bytes
  layout DIR              the conventions templates/README.md promises
  fill SRC DST            fill every value cell of each template (and each
                          ____ with a year), as the converter would
  filled ID DUMP.json     the dump of a filled template has a value in
                          every slot its mapping reads"""
import os
import re
import sys
import zipfile

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def compare(a, b):
    for name in sorted(os.listdir(a)):
        if not name.endswith(".xlsx"):
            continue
        other = os.path.join(b, name)
        if not os.path.exists(other):
            fail(f"{name}: not regenerated")
            continue
        za, zb = zipfile.ZipFile(os.path.join(a, name)), zipfile.ZipFile(other)
        if sorted(za.namelist()) != sorted(zb.namelist()):
            fail(f"{name}: entries differ: {sorted(set(za.namelist()) ^ set(zb.namelist()))}")
            continue
        for entry in za.namelist():
            if za.read(entry) != zb.read(entry):
                fail(f"{name}: {entry} differs from a fresh run of make_templates.py")


def layout(d):
    import openpyxl
    year = re.compile(r"(19|20|21)\d\d")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".xlsx"):
            continue
        wb = openpyxl.load_workbook(os.path.join(d, name))
        if len(wb.worksheets) != 1:
            fail(f"{name}: {len(wb.worksheets)} sheets, want one")
        ws = wb.worksheets[0]
        ps = ws.page_setup
        if str(ps.paperSize) != "9":
            fail(f"{name}: paper {ps.paperSize}, want A4 (9)")
        if not ws.sheet_properties.pageSetUpPr.fitToPage or str(ps.fitToWidth) != "1" or str(ps.fitToHeight) != "0":
            fail(f"{name}: not fit to one page wide")
        if ws.max_column >= 13 and ps.orientation != "landscape":
            fail(f"{name}: {ws.max_column} columns printed {ps.orientation}")
        if not ws.print_title_rows:
            fail(f"{name}: no print title rows")
        title = ws["A1"]
        if not title.value or not title.font.b or title.font.sz < 14:
            fail(f"{name}: A1 is not a bold, large title")
        fonts = set()
        for row in ws.iter_rows():
            for c in row:
                # unstyled cells are gaps holding nothing; openpyxl does not
                # load the styles of merged-over cells
                if c.has_style and type(c).__name__ != "MergedCell" and c.font.name not in ("宋体", "SimSun"):
                    fonts.add(c.font.name)
                if isinstance(c.value, str) and year.search(c.value):
                    fail(f"{name}!{c.coordinate}: a year in {c.value!r} (write ____)")
                elif isinstance(c.value, (int, float)):
                    fail(f"{name}!{c.coordinate}: a value {c.value!r} in a blank template")
        if fonts:
            fail(f"{name}: fonts {sorted(fonts)}, want 宋体")


def fill(src, dst):
    """Every empty, bordered, not bold cell is a value cell: a number where
    it is formatted as one, else text naming the cell.  Placeholders get
    successive years, so year columns get distinct headers."""
    import openpyxl
    year = 2021
    for name in sorted(os.listdir(src)):
        if not name.endswith(".xlsx"):
            continue
        wb = openpyxl.load_workbook(os.path.join(src, name))
        n = 0
        for row in wb.worksheets[0].iter_rows():
            for c in row:
                if type(c).__name__ == "MergedCell":
                    continue
                if isinstance(c.value, str):
                    while "____" in c.value:
                        c.value = c.value.replace("____", str(year), 1)
                        year += 1
                if c.value is not None or not c.border.left.style or c.font.b:
                    continue
                n += 1
                if c.number_format == "#,##0.00":
                    c.value = 100 + n
                elif c.number_format == "0":
                    c.value = 2020 + n % 10
                else:
                    c.value = "v" + c.coordinate
        wb.save(os.path.join(dst, name))


# The model slots each template's mapping fills from a filled form.
FILLED = {
    "wuchuan-dept": "department funds.fiscal funds.other funds.total goals.annual indicators tables.年度重点工作任务",
    "wuchuan-project": "project department unit period funds.total funds.annual goals.period goals.annual indicators",
    "guangshui-dept": "department period funds.total goals.period goals.annual indicators years "
                      "tables.部门总体资金情况 tables.项目支出情况",
    "zhanjiang-dept": "year department funds.fiscal funds.other funds.total goals.annual indicators",
    "zhanjiang-fund": "year project department funds.annual goals.period goals.annual indicators",
    "zhanjiang-key-project": "year project department unit period funds.total funds.annual goals.period "
                             "goals.annual indicators",
    "yuanjiang-project": "project funds.total goals.period indicators",
    "yuanjiang-special-funds": "funds.total tables.专项资金预算汇总表",
    "yuanjiang-basic-expenditure": "funds.total tables.一般公共预算基本支出表",
    "jinzhai-project": "year project department unit period funds.total funds.annual funds.fiscal funds.other "
                       "goals.period goals.annual indicators",
}


def filled(tid, path):
    import json
    try:
        forms = json.load(open(path, encoding="utf-8"))["forms"]
    except ValueError:
        fail(f"{tid}: jixiao dump of the filled template gave no JSON")
        return
    if not forms:
        fail(f"{tid}: the filled template reads as no form")
        return
    f = forms[0]
    for slot in FILLED[tid].split():
        if slot == "indicators":
            ok = bool(f["indicators"])
        elif slot == "years":
            # year columns: targets keyed by a year
            ok = any(k.isdigit() for i in f["indicators"] for k in i["targets"])
        elif slot.startswith("tables."):
            ok = bool(f["tables"].get(slot[7:]))
        elif "." in slot:
            group, key = slot.split(".")
            ok = f[group][key] is not None
        else:
            ok = f[slot] is not None
        if not ok:
            fail(f"{tid}: filled, the mapping reads no {slot}")


def main(argv):
    if argv[1] == "compare":
        compare(argv[2], argv[3])
    elif argv[1] == "layout":
        layout(argv[2])
    elif argv[1] == "fill":
        fill(argv[2], argv[3])
    elif argv[1] == "filled":
        filled(argv[2], argv[3])
    else:
        sys.exit(f"usage: {argv[0]} compare A B | layout DIR | fill SRC DST | filled ID DUMP.json")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
