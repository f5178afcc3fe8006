#!/usr/bin/env python3
"""The openpyxl-written share of the batch benchmark's corpus.

    gen_corpus.py OUTDIR FIRST COUNT SOURCE.xlsx...

Writes COUNT workbooks, numbered FIRST to FIRST+COUNT-1, each SOURCE
(taken in turn) loaded and saved by openpyxl, so the corpus also holds
files as that library writes them (shared strings, its own styles part,
no calcChain), with the data varied and, in about one file in three,
defects planted:
  - target values written as operator, number and unit (≥95%, ≤30万元,
    100%) get another number of the same kind, about half of them;
  - defects: an operator in words (≥85% -> 大于等于85%), a 二级指标 short
    of its framework name (社会效益指标 -> 社会效益).
Output file i is OUTDIR/<source name>/NNNN.xlsx.  Choices come from a
generator seeded by the file's number, so a run is repeatable (openpyxl
stamps the save time into docProps/core.xml, so the bytes are not).
Needs openpyxl (Debian: python3-openpyxl).
"""

import os
import random
import re
import sys

import openpyxl

TARGET = re.compile(r"^(≥|≤|>|<|=)?(\d+(?:\.\d+)?)(%|万元|元|次|人次|个|天|家|户|项|人|年|月)$")


def vary(value, rng):
    m = TARGET.match(value)
    if not m or not (m.group(1) or m.group(3)):
        return None
    op, num, unit = m.group(1) or "", m.group(2), m.group(3) or ""
    if unit == "%":
        return "%s%d%%" % (op, rng.randint(60, 100))
    places = len(num.split(".")[1]) if "." in num else 0
    x = float(num) * rng.uniform(0.75, 1.25)
    return "%s%.*f%s" % (op, places, max(x, 10 ** -places if places else 1), unit)


def make(src, out, number):
    rng = random.Random(number)
    wb = openpyxl.load_workbook(src)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for c in cells:
        if rng.random() < 0.5:
            v = vary(c.value.strip(), rng)
            if v:
                c.value = v
    defects = 0
    if rng.random() < 1 / 3:
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                pool = [c for c in cells if c.value.startswith("≥")]
                if pool:
                    c = rng.choice(pool)
                    c.value = "大于等于" + c.value[1:]
                    defects += 1
            else:
                pool = [c for c in cells if c.value.strip() == "社会效益指标"]
                if pool:
                    rng.choice(pool).value = "社会效益"
                    defects += 1
    wb.save(out)
    return defects


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: gen_corpus.py OUTDIR FIRST COUNT SOURCE.xlsx...")
    outdir, first, count, sources = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    for i in range(first, first + count):
        src = sources[i % len(sources)]
        d = os.path.join(outdir, os.path.basename(src)[:-5])
        os.makedirs(d, exist_ok=True)
        out = os.path.join(d, "%04d.xlsx" % i)
        print("%s %d defects" % (out, make(src, out, i)))


if __name__ == "__main__":
    main()
