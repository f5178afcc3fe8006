"""Helpers the test-workbook generators share (make_variants.py,
make_clean.py): loading samples, keeping and selecting sheets, merged
ranges, writing cells, and saving reproducibly (same bytes every run)
with a check that no merge overlaps and no value hides under one."""
import datetime
import io
import os
import re
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SAMPLES = os.path.join(ROOT, "samples")
STAMP = datetime.datetime(2025, 1, 15, 8, 0, 0)


def load(name):
    return openpyxl.load_workbook(os.path.join(SAMPLES, name + ".xlsx"))


def keep_only(wb, *titles):
    """Drop every sheet whose title is not in titles."""
    for ws in list(wb.worksheets):
        if ws.title not in titles:
            wb.remove(ws)


def select(wb, index):
    """Make sheet index the active (and only selected) tab."""
    wb.active = index
    for i, ws in enumerate(wb.worksheets):
        ws.sheet_view.tabSelected = (i == index)
    wb.views[0].firstSheet = 0


def merges(ws):
    return sorted(range_boundaries(str(r)) for r in ws.merged_cells.ranges)


def put(ws, values):
    """values: {"B2": value, ...}.  Writing into the covered part of a merge is a bug."""
    for ref, v in values.items():
        cell = ws[ref]
        if type(cell).__name__ == "MergedCell":
            raise SystemExit(f"{ws.title}!{ref} lies inside a merged range")
        cell.value = v


def save(wb, out_dir, name):
    wb.properties.created = STAMP
    wb.properties.modified = STAMP
    wb.properties.creator = "openpyxl"
    buf = io.BytesIO()
    wb.save(buf)
    # Same bytes on every run: fixed entry times, same order.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    path = os.path.join(out_dir, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    check_merges(path)
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def check_merges(path):
    """Reload: merges must not overlap, and no value may hide under a merge."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        seen = {}
        for c1, r1, c2, r2 in merges(ws):
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) in seen:
                        raise SystemExit(f"{path}: {ws.title} merges overlap at {get_column_letter(c)}{r}")
                    seen[(r, c)] = (c1, r1)
    # openpyxl drops values under merges on load; look at the raw XML instead.
    z = zipfile.ZipFile(path)
    for part in [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]:
        xml = z.read(part).decode()
        mc = [range_boundaries(m) for m in re.findall(r'<mergeCell ref="([A-Z0-9:]+)"', xml)]
        covered = set()
        for c1, r1, c2, r2 in mc:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add(f"{get_column_letter(c)}{r}")
        for ref, body in re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', xml):
            if ref in covered and ("<v>" in body or "<t>" in body or "<t " in body):
                raise SystemExit(f"{path}: {part} {ref} has a value under a merged range")
