#!/usr/bin/env python3
"""Independent checks of a `jixiao batch` report (tests/batch/test_batch.sh).

    check_report.py json REPORT.json EXPECT.tsv
        the JSON has exactly the issue's shape; one file row per line of
        EXPECT.tsv (path, status, reason word or -), in that order; the
        counts of each "ok" row are those `jixiao validate --json` printed
        for the file alone (EXPECT.tsv's fourth column names that output,
        or -); every finding belongs to an "ok" file and the findings of
        each file are the single-file findings, in order.
    check_report.py same REPORT.json REPORT.xlsx|REPORT.csv
        the workbook (read with openpyxl) or the two CSV files (csv module,
        RFC 4180) hold the same rows as the JSON, in the same order.
    check_report.py layout REPORT.xlsx
        sheets 汇总 and 明细, header rows frozen, auto-filter over each
        table, every column at least as wide as its widest short text.
    check_report.py csvraw REPORT.csv
        a byte order mark, CRLF line ends, quoting only where RFC 4180
        needs it (a field with a comma, quote or line break).
Exit status 0 when every check passes; otherwise the failures on stderr.
"""
import csv
import json
import sys

FILE_KEYS = ["path", "status", "reason", "templates", "forms", "errors", "warnings", "infos", "fixed"]
FINDING_KEYS = ["path", "sheet", "cell", "rule", "severity", "message", "fix"]
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_WORDS = {"ok": "已处理", "failed": "无法处理"}

failures = []


def fail(msg):
    failures.append(msg)


def check_json(report, expect):
    with open(report, encoding="utf-8") as f:
        d = json.load(f)
    if list(d.keys()) != ["files", "findings"]:
        fail("top-level keys %r" % list(d.keys()))
        return
    rows = [line.rstrip("\n").split("\t") for line in open(expect, encoding="utf-8") if line.strip()]
    if len(d["files"]) != len(rows):
        fail("%d file rows, expected %d" % (len(d["files"]), len(rows)))
    singles = {}
    for got, want in zip(d["files"], rows):
        path, status, word, single = want
        if list(got.keys()) != FILE_KEYS:
            fail("%s: keys %r" % (path, list(got.keys())))
            continue
        if got["path"] != path or got["status"] != status:
            fail("row %r/%r, expected %r/%r" % (got["path"], got["status"], path, status))
            continue
        for k in ("forms", "errors", "warnings", "infos", "fixed"):
            if not isinstance(got[k], int) or got[k] < 0:
                fail("%s: %s is %r" % (path, k, got[k]))
        if not isinstance(got["templates"], list) or not all(isinstance(t, str) for t in got["templates"]):
            fail("%s: templates %r" % (path, got["templates"]))
        if status == "failed":
            if not isinstance(got["reason"], str) or word not in got["reason"]:
                fail("%s: reason %r lacks %r" % (path, got["reason"], word))
            if got["templates"] or got["forms"] or got["errors"]:
                fail("%s: a failed row with counts" % path)
            continue
        if got["reason"] is not None:
            fail("%s: reason %r on an ok row" % (path, got["reason"]))
        if got["forms"] < 1 or not got["templates"]:
            fail("%s: no forms or templates" % path)
        if single != "-":
            with open(single, encoding="utf-8") as f:
                s = json.load(f)
            singles[path] = s["findings"]
            want_counts = {k: sum(1 for x in s["findings"] if x["severity"] == k) for k in ("error", "warning", "info")}
            got_counts = {"error": got["errors"], "warning": got["warnings"], "info": got["infos"]}
            if want_counts != got_counts:
                fail("%s: counts %r, validate alone says %r" % (path, got_counts, want_counts))
    ok_paths = {r["path"] for r in d["files"] if r["status"] == "ok"}
    by_path = {}
    for x in d["findings"]:
        if list(x.keys()) != FINDING_KEYS:
            fail("finding keys %r" % list(x.keys()))
            return
        if x["path"] not in ok_paths:
            fail("a finding of %r, which has no ok row" % x["path"])
        if x["severity"] not in SEVERITY_WORDS:
            fail("severity %r" % x["severity"])
        by_path.setdefault(x["path"], []).append(x)
    for path, findings in singles.items():
        got = [(x["sheet"], x["cell"], x["rule"], x["severity"], x["message"], x["fix"]) for x in by_path.get(path, [])]
        want = [(x["sheet"], x["cell"], x["rule"], x["severity"], x["message"], x.get("fix")) for x in findings]
        if got != want:
            fail("%s: %d findings in the report, %d from validate alone, or they differ" % (path, len(got), len(want)))
    # the files' findings come in file order
    order = [r["path"] for r in d["files"]]
    seen = [x["path"] for x in d["findings"]]
    if seen != sorted(seen, key=order.index):
        fail("findings are not in file order")


def json_tables(report):
    with open(report, encoding="utf-8") as f:
        d = json.load(f)
    files = []
    for r in d["files"]:
        failed = r["status"] == "failed"
        counts = [None] * 5 if failed else [r["forms"], r["errors"], r["warnings"], r["infos"], r["fixed"]]
        files.append([r["path"], "、".join(r["templates"]) or None] + counts
                     + [STATUS_WORDS[r["status"]], r["reason"]])
    findings = [[x["path"], x["sheet"], x["cell"], x["rule"], SEVERITY_WORDS[x["severity"]], x["message"], x["fix"]]
                for x in d["findings"]]
    return files, findings


def check_same(report_json, other):
    files, findings = json_tables(report_json)
    if other.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(other)
        got_files = [list(r) for r in wb["汇总"].iter_rows(min_row=2, values_only=True)]
        got_findings = [list(r) for r in wb["明细"].iter_rows(min_row=2, values_only=True)]
    else:
        second = other[:-4] + ".findings.csv"

        def rows(path, numeric):
            with open(path, encoding="utf-8-sig", newline="") as f:
                out = []
                for r in list(csv.reader(f))[1:]:
                    out.append([None if v == "" else int(v) if k in numeric else v for k, v in enumerate(r)])
                return out
        got_files = rows(other, {2, 3, 4, 5, 6})
        got_findings = rows(second, set())
    if got_files != files:
        fail("%s: file rows differ from the JSON:\n  %r\n  %r" % (other, got_files[:3], files[:3]))
    if got_findings != findings:
        n = next((i for i, (a, b) in enumerate(zip(got_findings, findings)) if a != b), min(len(got_findings), len(findings)))
        fail("%s: findings differ from the JSON at row %d (%d vs %d rows)" % (other, n, len(got_findings), len(findings)))


def width(s):
    return sum(2 if ord(c) > 0x2E80 else 1 for c in str(s))


def check_layout(report):
    import openpyxl
    from openpyxl.utils import get_column_letter
    wb = openpyxl.load_workbook(report)
    if wb.sheetnames != ["汇总", "明细"]:
        fail("sheets %r" % wb.sheetnames)
        return
    for ws, heads in ((wb["汇总"], 9), (wb["明细"], 7)):
        if ws.freeze_panes != "A2":
            fail("%s: freeze_panes %r" % (ws.title, ws.freeze_panes))
        want = "A1:%s%d" % (get_column_letter(heads), ws.max_row)
        if ws.auto_filter.ref != want:
            fail("%s: auto-filter %r, expected %r" % (ws.title, ws.auto_filter.ref, want))
        if not all(c.font.b for c in ws[1]):
            fail("%s: header not bold" % ws.title)
        for col in range(1, heads + 1):
            letter = get_column_letter(col)
            w = ws.column_dimensions[letter].width
            widest = max(width(ws.cell(row=r, column=col).value or "") for r in range(1, ws.max_row + 1))
            # short texts fit; longer ones wrap in a column of the cap
            if w < min(widest, 58):
                fail("%s: column %s width %s for text %d wide" % (ws.title, letter, w, widest))
            if widest > 58:
                wrapped = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)
                           if width(ws.cell(row=r, column=col).value or "") > 58]
                if not all(c.alignment.wrap_text for c in wrapped):
                    fail("%s: long text in column %s does not wrap" % (ws.title, letter))


def rfc4180_fields(text):
    """Fields of RFC 4180 text with whether each was quoted; strict: a
    quote inside an unquoted field, or a record not ended by CRLF, fails."""
    records, fields, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j, value = i + 1, []
            while True:
                if j >= n:
                    fail("an unterminated quoted field")
                    return records
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        value.append('"')
                        j += 2
                        continue
                    break
                value.append(text[j])
                j += 1
            fields.append(("".join(value), True))
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in ',\r\n':
                if text[j] == '"':
                    fail("a quote inside an unquoted field at %d" % j)
                j += 1
            fields.append((text[i:j], False))
            i = j
        if i < n and text[i] == ",":
            i += 1
            if i == n:
                fields.append(("", False))
        elif text.startswith("\r\n", i) or i == n:
            if i == n:
                fail("the last record has no CRLF")
            records.append(fields)
            fields = []
            i += 2
        else:
            fail("a bare line end at %d" % i)
            return records
    return records


def check_csvraw(report):
    for path in (report, report[:-4] + ".findings.csv"):
        data = open(path, "rb").read()
        if not data.startswith(b"\xef\xbb\xbf"):
            fail("%s: no byte order mark" % path)
        records = rfc4180_fields(data[3:].decode("utf-8"))
        if len({len(r) for r in records}) != 1:
            fail("%s: records of different lengths" % path)
        for r in records:
            for value, quoted in r:
                needs = any(c in value for c in ',"\r\n')
                if needs != quoted:
                    fail("%s: field %r %s" % (path, value, "not quoted" if needs else "quoted without need"))
        # the csv module reads the same fields
        with open(path, encoding="utf-8-sig", newline="") as f:
            if list(csv.reader(f)) != [[v for v, _ in r] for r in records]:
                fail("%s: the csv module reads it differently" % path)


def main():
    what = sys.argv[1]
    if what == "json":
        check_json(sys.argv[2], sys.argv[3])
    elif what == "same":
        check_same(sys.argv[2], sys.argv[3])
    elif what == "layout":
        check_layout(sys.argv[2])
    elif what == "csvraw":
        check_csvraw(sys.argv[2])
    else:
        sys.exit("unknown check %r" % what)
    for f in failures:
        print("check_report: " + f, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
