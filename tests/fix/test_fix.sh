# jixiao fix: the fidelity contract (independent checker), idempotence,
# the no-op copy, --in-place, refusals, and write failures that leave
# nothing behind and the input untouched.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
detect_checkers

for wb in samples/*.xlsx tests/data/resaved/*.xlsx tests/data/variants/*.xlsx; do
    name=$(basename "$wb" .xlsx)
    sum=$(sha256sum "$wb")
    run "$JIXIAO" fix "$wb" -o "$TMP/$name.fixed.xlsx" --json
    check "$wb: fix exits 0 or 1 ($RC: $ERR)" [ "$RC" -le 1 ]
    cp "$TMP/out" "$TMP/$name.changes.json"
    check "$wb: input untouched" [ "$sum" = "$(sha256sum "$wb")" ]
    if [ $have_openpyxl -eq 1 ]; then
        if /usr/bin/python3 tests/fix/check_fidelity.py "$wb" "$TMP/$name.fixed.xlsx" "$TMP/$name.changes.json" > "$TMP/fid" 2>&1; then
            pass
        else
            fail "$wb: fidelity"; head -10 "$TMP/fid" >&2
        fi
    fi
    # the fixed findings are gone: no change's (rule, cell) is still reported
    check "$wb: fixed findings gone" /usr/bin/env python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
left = {(f["rule"], f["sheet"], f["cell"]) for f in d["left"]["findings"]}
bad = [c for c in d["changes"] if (c["rule"], c["sheet"], c["cell"]) in left]
sys.exit(1 if bad else 0)' "$TMP/$name.changes.json"
    # fixing twice changes nothing the second time
    "$JIXIAO" fix "$TMP/$name.fixed.xlsx" -o "$TMP/$name.twice.xlsx" > /dev/null 2>&1
    check "$wb: idempotent" cmp -s "$TMP/$name.fixed.xlsx" "$TMP/$name.twice.xlsx"
    if [ $have_soffice -eq 1 ] && [ "${wb#samples/}" != "$wb" ]; then
        (cd "$TMP" && timeout 120 soffice -env:UserInstallation=file://$TMP/lo --headless \
            --convert-to csv --outdir "$TMP/csv" "$TMP/$name.fixed.xlsx" > /dev/null 2>&1)
        check "$wb: LibreOffice converts the fixed workbook" [ -s "$TMP/csv/$name.fixed.csv" ]
    fi
done

# a workbook with nothing to fix: the output is the input, byte for byte
run "$JIXIAO" fix tests/data/clean/wuchuan-project-clean.xlsx -o "$TMP/clean.xlsx"
check "clean: exit 0" [ "$RC" -eq 0 ]
check "clean: identical copy" cmp -s tests/data/clean/wuchuan-project-clean.xlsx "$TMP/clean.xlsx"

# a fixable value computed by a formula is left alone, and said so
run "$JIXIAO" fix tests/data/cli/formula-fix.xlsx -o "$TMP/formula.xlsx" --lang en
check "formula: exit 0 or 1" [ "$RC" -le 1 ]
check "formula: reported as left alone" grep -q "1 cells hold formulas and were left alone" "$TMP/out"
check "formula: cell unchanged" /usr/bin/env python3 -c '
import sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet2.xml").decode()
sys.exit(0 if "<f>\"社会\"&amp;\"效益\"</f><v>社会效益</v>" in x else 1)' "$TMP/formula.xlsx"
check "formula: still a finding" grep -q "业务工作经费!C15  level.canonical" "$TMP/out"
check "formula: not listed as changed" [ "$(grep -c '业务工作经费!C15  level.canonical  “' "$TMP/out")" -eq 0 ]

# refusals: no -o; -o naming the input (in any spelling); bad input
run "$JIXIAO" fix samples/wuchuan-2025.xlsx
check "no -o: exit 2" [ "$RC" -eq 2 ]
cp samples/wuchuan-2025.xlsx "$TMP/w.xlsx"
sum=$(sha256sum < "$TMP/w.xlsx")
run "$JIXIAO" fix "$TMP/w.xlsx" -o "$TMP/./w.xlsx"
check "-o = input: exit 2" [ "$RC" -eq 2 ]
check "-o = input: untouched" [ "$sum" = "$(sha256sum < "$TMP/w.xlsx")" ]
run "$JIXIAO" fix tests/data/reader/empty.xlsx -o "$TMP/e.xlsx"
check "bad input: exit 2" [ "$RC" -eq 2 ]
check "bad input: no output" [ ! -e "$TMP/e.xlsx" ]

# --in-place: the original kept as .bak, the file fixed
run "$JIXIAO" fix "$TMP/w.xlsx" --in-place
check "in place: exit 0 or 1" [ "$RC" -le 1 ]
check "in place: .bak is the original" [ "$sum" = "$(sha256sum < "$TMP/w.xlsx.bak")" ]
check "in place: file changed" [ "$sum" != "$(sha256sum < "$TMP/w.xlsx")" ]
check "in place: no leftovers" [ "$(ls "$TMP" | grep -c 'w.xlsx.jixiao-new\|tmp')" -eq 0 ]

# write failures: a folder that does not exist, one that cannot hold files;
# each a one-line error, exit 2, nothing left behind, input untouched
run "$JIXIAO" fix samples/wuchuan-2025.xlsx -o "$TMP/no/such/dir/out.xlsx"
check "missing folder: exit 2" [ "$RC" -eq 2 ]
check "missing folder: one line" [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]
run "$JIXIAO" fix samples/wuchuan-2025.xlsx -o /proc/jixiao-out.xlsx
check "unwritable folder: exit 2" [ "$RC" -eq 2 ]
check "unwritable folder: nothing written" [ ! -e /proc/jixiao-out.xlsx ]
# a full disk: a tiny tmpfs, where the system lets us mount one
mkdir -p "$TMP/full"
if mount -t tmpfs -o size=12k tmpfs "$TMP/full" 2> /dev/null; then
    run "$JIXIAO" fix samples/jinzhai-2025.xlsx -o "$TMP/full/out.xlsx"
    check "disk full: exit 2" [ "$RC" -eq 2 ]
    check "disk full: one line naming the output" [ "$(printf '%s\n' "$ERR" | grep -c full/out.xlsx)" -eq 1 ]
    check "disk full: nothing left behind" [ -z "$(ls -A "$TMP/full")" ]
    umount "$TMP/full"
else
    echo "SKIPPED: disk-full check (cannot mount a tmpfs here)"
fi
finish
