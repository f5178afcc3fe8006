#!/usr/bin/python3
"""Independent check of a workbook written by `jixiao fix --annotate`
(openpyxl, zipfile and ElementTree, not jixiao's reader):

  check_annotated.py IN.xlsx OUT.xlsx FIX.json BEFORE.json [en]

FIX.json is `jixiao fix --annotate --json`'s output, BEFORE.json
`jixiao validate --json` of IN.  The notes are the findings left
(FIX.json's "left") and the fixed ones (BEFORE's findings that a change
names).  Checks:
  - the zip: IN's entries come first, in order, under their names; an
    entry whose bytes did not change is a raw copy; only the parts
    annotations may touch changed, and each only by additions;
  - drawings (VML) stay well-formed XML;
  - every note with a cell has a comment there containing its message, by
    jixiao (or, where IN had a comment, IN's comment text comes first and
    keeps its author);
  - every note cell the sheet XML has gets the fill (yellow FFFFFF99 when a
    note of it is left, green FFC6EFCE when all were fixed) and keeps its
    font, border, number format, alignment and protection;
  - every other cell keeps its value and style; fixed cells hold the fix;
    merges, widths, heights, print settings, data validation, conditional
    formatting, defined names and other comments are unchanged;
  - the findings sheet comes last with a header and one row per note, the
    cell column linking to the cell (words in English with "en").
Exits 1 with a line per problem.
"""
import collections
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

import openpyxl

src, out, fix_path, before_path = sys.argv[1:5]
english = sys.argv[5:6] == ["en"]
fix = json.load(open(fix_path))
before = json.load(open(before_path))
problems = []
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
YELLOW, GREEN = "FFFFFF99", "FFC6EFCE"
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
HEADER = ["工作表", "单元格", "规则", "严重程度", "说明", "是否已修正", "修正为"]
YES, NO = "是", "否"
if english:
    SEVERITY = {k: k for k in SEVERITY}
    HEADER = ["Sheet", "Cell", "Rule", "Severity", "Message", "Fixed", "Fixed to"]
    YES, NO = "yes", "no"


def problem(text):
    problems.append(text)


# ---- the notes ----
changes = {(c["rule"], c["sheet"], c["cell"]): c for c in fix["changes"]}
notes = [dict(f, fixed=False) for f in fix["left"]["findings"]]
for f in before["findings"]:
    c = changes.get((f["rule"], f["sheet"], f["cell"]))
    if c and f["fix"] == c["after"]:
        notes.append(dict(f, fixed=True, after=c["after"], before=c["before"]))
if fix["annotated"]["findings"] != len(notes):
    problem(f"the run reports {fix['annotated']['findings']} notes, the JSON has {len(notes)}")
by_cell = collections.defaultdict(list)
for n in notes:
    if n["sheet"] and n["cell"]:
        by_cell[(n["sheet"], n["cell"])].append(n)
fixed_cells = {(c["sheet"], c["cell"]): c for c in fix["changes"]}

# ---- the zip ----
za, zb = zipfile.ZipFile(src), zipfile.ZipFile(out)
ia, ib = za.infolist(), zb.infolist()
if [i.filename for i in ib[: len(ia)]] != [i.filename for i in ia]:
    problem("the input's entries are not first, in order, under their names")
new_names = [i.filename for i in ib[len(ia):]]


def parts_of(z):
    """sheet name -> sheet part; the workbook part; its rels."""
    rels = ET.fromstring(z.read("_rels/.rels"))
    book = next(r.get("Target") for r in rels if r.get("Type").endswith("/officeDocument")).lstrip("/")
    folder = book.rsplit("/", 1)[0] + "/"
    book_rels = folder + "_rels/" + book.rsplit("/", 1)[1] + ".rels"
    targets = {}
    for r in ET.fromstring(z.read(book_rels)):
        t = r.get("Target")
        targets[r.get("Id")] = t.lstrip("/") if t.startswith("/") else folder + t
    sheets = {}
    for s in ET.fromstring(z.read(book)).iter(MAIN + "sheet"):
        sheets[s.get("name")] = targets[s.get(REL + "id")]
    return sheets, book, book_rels


sheets_a, book_part, book_rels_part = parts_of(za)
sheets_b, _, _ = parts_of(zb)
noted_sheets = {s for (s, _) in by_cell}
may_change = {book_part, book_rels_part, "[Content_Types].xml", "xl/styles.xml"}
for s in noted_sheets | {c["sheet"] for c in fix["changes"]}:
    part = sheets_a[s]
    folder, base = part.rsplit("/", 1)
    rels = folder + "/_rels/" + base + ".rels"
    may_change |= {part, rels}
    # the sheet's comments and drawing
    if rels in za.namelist():
        for r in ET.fromstring(za.read(rels)):
            t = r.get("Target")
            if r.get("Type").endswith(("/comments", "/vmlDrawing")):
                may_change.add(t.lstrip("/") if t.startswith("/") else
                               "/".join(p for p in (folder + "/" + t).split("/") if p != ".").replace(
                                   "worksheets/../", ""))
for a, b in zip(ia, ib):
    da, db = za.read(a), zb.read(b)
    same_raw = a.CRC == b.CRC and a.compress_size == b.compress_size and a.compress_type == b.compress_type
    if da == db and not same_raw:
        problem(f"{a.filename}: same content but re-compressed (not a raw copy)")
    if da != db and a.filename not in may_change:
        problem(f"{a.filename}: changed, but annotations do not touch it")


def children(e):
    return [ET.tostring(c) for c in e]


# the parts annotations add to: the input's elements are all still there
for a in ia:
    name = a.filename
    if name == "[Content_Types].xml" or name.endswith(".rels"):
        ea, eb = ET.fromstring(za.read(name)), ET.fromstring(zb.read(name))
        if children(eb)[: len(ea)] != children(ea):
            problem(f"{name}: the input's entries changed")
    elif name == book_part:
        ea, eb = ET.fromstring(za.read(name)), ET.fromstring(zb.read(name))
        sa, sb = ea.find(MAIN + "sheets"), eb.find(MAIN + "sheets")
        if children(sb)[:-1] != children(sa):
            problem("workbook: the input's sheets changed")
        for x, y in zip(ea, eb):
            if x.tag != MAIN + "sheets" and ET.tostring(x) != ET.tostring(y):
                problem(f"workbook: <{x.tag}> changed")
    elif name == "xl/styles.xml":
        ea, eb = ET.fromstring(za.read(name)), ET.fromstring(zb.read(name))
        grown = {MAIN + t for t in ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs")}
        for x in ea:
            y = eb.find(x.tag)
            if y is None or children(y)[: len(x)] != children(x):
                problem(f"styles: <{x.tag}> lost or changed entries")
            elif x.tag not in grown and ET.tostring(x) != ET.tostring(y):
                problem(f"styles: <{x.tag}> changed")
            elif "count" in y.attrib and int(y.get("count")) != len(y):
                problem(f"styles: <{x.tag}> count {y.get('count')} but {len(y)} entries")
        if any(y.tag not in grown and ea.find(y.tag) is None for y in eb):
            problem("styles: an element was added that need not be")

# drawings: a new one, or one that was well-formed, is namespace-well-formed
for b in ib:
    if not b.filename.endswith(".vml"):
        continue
    try:
        ET.fromstring(za.read(b.filename))
    except KeyError:
        pass
    except ET.ParseError:
        continue
    try:
        ET.fromstring(zb.read(b))
    except ET.ParseError as e:
        problem(f"{b.filename}: not well-formed ({e})")

# ---- sheets ----
wa, wb = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
if wb.sheetnames[: len(wa.sheetnames)] != wa.sheetnames or len(wb.sheetnames) != len(wa.sheetnames) + 1:
    problem(f"sheets: {wa.sheetnames} became {wb.sheetnames}")
if set(wa.defined_names) != set(wb.defined_names):
    problem("defined names changed")


def present_cells(z, part):
    """The cells the sheet XML has, with their children and attributes."""
    cells = {}
    root = ET.fromstring(z.read(part))
    for c in root.iter(MAIN + "c"):
        cells[c.get("r")] = c
    return root, cells


def style_of(c):
    """What a cell looks like (openpyxl's style_id numbers its own list)."""
    return tuple(repr(getattr(c, a)) for a in ("font", "border", "fill", "number_format", "alignment", "protection"))


def comment_text(c):
    return c.text if c is not None else None


for sa in wa.worksheets:
    name = sa.title
    sb = wb[name]
    ra, xa = present_cells(za, sheets_a[name])
    rb, xb = present_cells(zb, sheets_b[name])
    # the sheet XML: the same top-level elements, but a <legacyDrawing> added
    had_drawing = ra.find(MAIN + "legacyDrawing") is not None
    tops_a = [ET.tostring(e) for e in ra if e.tag != MAIN + "sheetData"]
    tops_b = [ET.tostring(e) for e in rb if e.tag != MAIN + "sheetData" and
              (had_drawing or e.tag != MAIN + "legacyDrawing")]
    if tops_a != tops_b or len([e for e in rb if e.tag == MAIN + "legacyDrawing"]) > 1:
        problem(f"{name}: elements outside the cells changed")
    if set(map(str, sa.merged_cells.ranges)) != set(map(str, sb.merged_cells.ranges)):
        problem(f"{name}: merged ranges changed")
    for k, d in sa.column_dimensions.items():
        if sb.column_dimensions[k].width != d.width:
            problem(f"{name}: width of column {k} changed")
    for k, d in sa.row_dimensions.items():
        if sb.row_dimensions[k].height != d.height:
            problem(f"{name}: height of row {k} changed")
    for attr in ("print_options", "page_margins", "page_setup", "print_title_rows", "print_area", "freeze_panes"):
        if repr(getattr(sa, attr)) != repr(getattr(sb, attr)):
            problem(f"{name}: {attr} changed")
    if repr(sa.data_validations.dataValidation) != repr(sb.data_validations.dataValidation):
        problem(f"{name}: data validation changed")
    if repr(list(sa.conditional_formatting)) != repr(list(sb.conditional_formatting)):
        problem(f"{name}: conditional formatting changed")
    refs = {c.coordinate for row in sa.iter_rows() for c in row} | set(xa) | \
           {ref for (s, ref) in by_cell if s == name}
    for ref in refs:
        a, b = sa[ref], sb[ref]
        here = by_cell.get((name, ref), [])
        fixed = fixed_cells.get((name, ref))
        # value
        if fixed:
            want = fixed["after"]
            if fixed["rule"] == "amount.text":
                if not isinstance(b.value, (int, float)) or Decimal(str(b.value)) != Decimal(want):
                    problem(f"{name}!{ref}: want the number {want}, got {b.value!r}")
            elif b.value != want:
                problem(f"{name}!{ref}: want {want!r}, got {b.value!r}")
        elif a.value != b.value:
            problem(f"{name}!{ref}: {a.value!r} became {b.value!r}")
        # comment
        if here:
            if b.comment is None:
                problem(f"{name}!{ref}: no comment")
            else:
                text = b.comment.text
                for n in here:
                    if n["message"] not in text:
                        problem(f"{name}!{ref}: the comment lacks {n['message']!r}")
                if a.comment is not None:
                    if not text.startswith(a.comment.text) or b.comment.author != a.comment.author:
                        problem(f"{name}!{ref}: the comment it had is not kept first")
                elif b.comment.author != "jixiao":
                    problem(f"{name}!{ref}: comment by {b.comment.author!r}, not jixiao")
        elif comment_text(a.comment) != comment_text(b.comment):
            problem(f"{name}!{ref}: comment changed")
        # style
        if here and ref in xa:
            want = YELLOW if any(not n["fixed"] for n in here) else GREEN
            if b.fill.fill_type != "solid" or b.fill.fgColor.rgb != want:
                problem(f"{name}!{ref}: fill {b.fill.fill_type} {b.fill.fgColor.rgb}, want solid {want}")
            for attr in ("font", "border", "number_format", "alignment", "protection"):
                if repr(getattr(a, attr)) != repr(getattr(b, attr)):
                    problem(f"{name}!{ref}: {attr} changed")
        elif style_of(a) != style_of(b):
            problem(f"{name}!{ref}: style changed")
        if here and ref not in xa and ref in xb:
            problem(f"{name}!{ref}: a cell was added")

# ---- the findings sheet ----
report = wb.worksheets[-1]
if report.title != fix["annotated"]["sheet"] or not report.title.startswith("校验结果"):
    problem(f"the last sheet is {report.title!r}")
rows = list(report.iter_rows(values_only=True))
if not rows or list(rows[0]) != HEADER:
    problem(f"findings sheet header: {rows[:1]}")
if not report["A1"].font.b or report.freeze_panes != "A2":
    problem("findings sheet: header not bold or not frozen")
want = collections.Counter(
    (n["sheet"] or "", n["cell"] or "", n["rule"], SEVERITY[n["severity"]], n["message"], YES if n["fixed"] else NO,
     n.get("after") if n["fixed"] else None) for n in notes)
got = collections.Counter((r[0] or "", r[1] or "",) + tuple(r[2:7]) + (None,) * (7 - len(r)) for r in rows[1:])
if want != got:
    problem(f"findings sheet rows differ: missing {list((want - got).items())[:3]}, extra {list((got - want).items())[:3]}")
for i, r in enumerate(rows[1:], start=2):
    link = report.cell(i, 2).hyperlink
    if len(r) > 1 and r[1]:
        location = "'" + str(r[0]).replace("'", "''") + "'!" + str(r[1])
        if link is None or link.location != location:
            problem(f"findings sheet B{i}: link {link.location if link else None!r}, want {location!r}")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
