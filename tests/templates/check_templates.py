"""Checks of the blank templates that need openpyxl (test_templates.sh runs
this only where /usr/bin/python3 has it):

  compare DIR_A DIR_B     every .xlsx in A has a twin in B with the same
                          zip entries holding the same bytes
  layout DIR              the conventions templates/README.md promises"""
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


def main(argv):
    if argv[1] == "compare":
        compare(argv[2], argv[3])
    elif argv[1] == "layout":
        layout(argv[2])
    else:
        sys.exit(f"usage: {argv[0]} compare DIR_A DIR_B | layout DIR")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
