#!/usr/bin/env bash
# Regenerate tests/data/resaved/: every samples/*.xlsx re-saved by
# LibreOffice Calc (headless) and by Gnumeric (ssconvert), then check that
# each re-save opens with openpyxl and keeps every sheet name and every
# non-empty cell of the original (numbers compared by value, 40500 == 40500.0).
#
# Needs (Debian/Ubuntu, as root):
#   apt-get update
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui gnumeric python3-openpyxl
#   (libreoffice-calc instead of libreoffice-calc-nogui where the latter is absent)
#
# Usage: tests/data/resave.sh            re-save all samples and check them
#        tests/data/resave.sh --check    only check the committed re-saves
# Idempotent: outputs are overwritten.  The bytes differ from run to run
# (LibreOffice writes the current time into docProps/core.xml), the cell
# contents do not.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
samples="$root/samples"
out="$here/resaved"
names=(wuchuan-2025 guangshui-2025 zhanjiang-2025 yuanjiang-2024 jinzhai-2025)

# Debian's python3 has openpyxl; a pyenv python3 earlier on PATH may not.
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for p in /usr/bin/python3 python3; do
    if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
  done
fi
[ -n "$PY" ] || { echo "resave.sh: no python3 with openpyxl (apt-get install python3-openpyxl)" >&2; exit 2; }

check() {
  "$PY" - "$samples" "$out" "${names[@]}" <<'PYCHECK'
import sys, os, numbers, warnings
import openpyxl
warnings.simplefilter("ignore")
samples, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]

def cells(ws):
    d = {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None or (isinstance(v, str) and v == ""):
                continue
            d[c.coordinate] = c
    return d

def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, numbers.Number) and isinstance(b, numbers.Number):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return type(a) is type(b) and a == b

bad = 0
for name in names:
    src = os.path.join(samples, name + ".xlsx")
    wa = openpyxl.load_workbook(src)
    for producer in ("libreoffice", "gnumeric"):
        path = os.path.join(out, f"{name}.{producer}.xlsx")
        label = f"{name}.{producer}.xlsx"
        if not os.path.exists(path):
            print(f"FAIL {label}: missing"); bad += 1; continue
        try:
            wb = openpyxl.load_workbook(path)
        except Exception as e:
            print(f"FAIL {label}: openpyxl cannot open it: {e}"); bad += 1; continue
        diffs, notes = [], []
        if wa.sheetnames != wb.sheetnames:
            diffs.append(f"sheet names {wa.sheetnames} -> {wb.sheetnames}")
        for sa in wa.worksheets:
            if sa.title not in wb.sheetnames:
                continue
            sb = wb[sa.title]
            if sa.sheet_state != sb.sheet_state:
                diffs.append(f"[{sa.title}] state {sa.sheet_state} -> {sb.sheet_state}")
            ca, cb = cells(sa), cells(sb)
            for k, c in ca.items():
                if k not in cb:
                    diffs.append(f"[{sa.title}]{k} lost: {c.value!r}")
                elif not same(c.value, cb[k].value):
                    diffs.append(f"[{sa.title}]{k} {c.value!r} -> {cb[k].value!r}")
                elif c.number_format != cb[k].number_format:
                    notes.append(f"[{sa.title}]{k} format {c.number_format!r} -> {cb[k].number_format!r}")
            for k in cb.keys() - ca.keys():
                diffs.append(f"[{sa.title}]{k} new: {cb[k].value!r}")
            ma = {str(r) for r in sa.merged_cells.ranges}
            mb = {str(r) for r in sb.merged_cells.ranges}
            if ma != mb:
                diffs.append(f"[{sa.title}] merges lost {sorted(ma - mb)} new {sorted(mb - ma)}")
        n = sum(len(cells(s)) for s in wa.worksheets)
        if diffs:
            bad += 1
            print(f"FAIL {label}: {len(diffs)} difference(s) in {n} cells")
            for d in diffs[:40]:
                print("     " + d)
        else:
            print(f"ok   {label}: {len(wa.sheetnames)} sheets, {n} cells, merges equal"
                  + (f"; {len(notes)} number-format change(s), e.g. {notes[0]}" if notes else ""))
sys.exit(1 if bad else 0)
PYCHECK
}

if [ "${1:-}" = "--check" ]; then
  check
  exit
fi

missing=()
command -v soffice >/dev/null || missing+=("libreoffice-calc-nogui (or libreoffice-calc)")
command -v ssconvert >/dev/null || missing+=("gnumeric")
if [ ${#missing[@]} -gt 0 ]; then
  echo "resave.sh: missing: ${missing[*]}" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends libreoffice-calc-nogui gnumeric" >&2
  exit 2
fi

gnumeric_type=Gnumeric_Excel:xlsx2
exporters=$(ssconvert --list-exporters 2>&1 || true)  # the list goes to stderr
case $exporters in *Gnumeric_Excel:xlsx2*) ;; *) gnumeric_type=Gnumeric_Excel:xlsx ;; esac

tmp=$(mktemp -d /tmp/jx-resave.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# A private LibreOffice profile: works as root and alongside other soffice runs.
lo_profile="file://$tmp/lo-profile"
mkdir -p "$out" "$tmp/lo"

for name in "${names[@]}"; do
  src="$samples/$name.xlsx"
  [ -f "$src" ] || { echo "resave.sh: $src missing" >&2; exit 1; }

  soffice -env:UserInstallation="$lo_profile" --headless --norestore \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/lo" "$src" >/dev/null 2>"$tmp/lo.err" \
    || { cat "$tmp/lo.err" >&2; exit 1; }
  [ -s "$tmp/lo/$name.xlsx" ] || { echo "resave.sh: LibreOffice wrote nothing for $name" >&2; cat "$tmp/lo.err" >&2; exit 1; }
  mv -f "$tmp/lo/$name.xlsx" "$out/$name.libreoffice.xlsx"

  # ssconvert complains about openpyxl's <workbookProtection/>; harmless.
  ssconvert --export-type="$gnumeric_type" "$src" "$tmp/$name.gnumeric.xlsx" >/dev/null 2>"$tmp/gn.err" \
    || { cat "$tmp/gn.err" >&2; exit 1; }
  mv -f "$tmp/$name.gnumeric.xlsx" "$out/$name.gnumeric.xlsx"
  echo "re-saved $name (LibreOffice, Gnumeric $gnumeric_type)"
done

check
