#!/usr/bin/env python3
"""What a bureau's IT staff would write to go through an inbox with
openpyxl: the baseline `jixiao batch` is compared with (bench/batch.sh).

    openpyxl_loop.py load LIST            load each workbook, read every cell
    openpyxl_loop.py save LIST OUTDIR     the same, then save it into OUTDIR

LIST holds one path a line.  One process, one file after another, as such
a script is written.  A file openpyxl cannot read is counted and skipped.
Prints: files, failures, cells read, seconds.
"""

import os
import sys
import time

import openpyxl


def main():
    mode, listfile = sys.argv[1], sys.argv[2]
    outdir = sys.argv[3] if mode == "save" else None
    paths = [line.rstrip("\n") for line in open(listfile, encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    cells = failures = 0
    for i, path in enumerate(paths):
        try:
            wb = openpyxl.load_workbook(path)
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is not None:
                            cells += 1
            if outdir:
                wb.save(os.path.join(outdir, "%05d.xlsx" % i))
        except Exception:  # noqa: BLE001 - a bad file is counted, not fatal
            failures += 1
    print("files %d failures %d cells %d seconds %.3f" % (len(paths), failures, cells, time.perf_counter() - t0))


if __name__ == "__main__":
    main()
