# jixiao validate: exit codes (0 clean, 1 errors, 2 could not read), the
# JSON shape, languages, and that no workbook the reader accepts, however
# odd, makes validation crash.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"

run "$JIXIAO" validate tests/data/reader/empty.xlsx
check "unreadable: exit 2" [ "$RC" -eq 2 ]
check "unreadable: one line naming the file" \
    [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 -a -n "$(echo "$ERR" | grep -F tests/data/reader/empty.xlsx)" ]

for wb in samples/*.xlsx; do
    run "$JIXIAO" validate "$wb" --json
    check "$wb: exit 0 or 1 ($RC)" [ "$RC" -eq 0 -o "$RC" -eq 1 ]
    check "$wb: json findings" /usr/bin/env python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["file"] == sys.argv[2]
for f in d["findings"]:
    assert set(f) == {"rule", "severity", "sheet", "cell", "message", "fix"}, f
    assert f["severity"] in ("error", "warning", "info")
errors = sum(f["severity"] == "error" for f in d["findings"])
assert (errors > 0) == (int(sys.argv[3]) == 1), (errors, sys.argv[3])
' "$TMP/out" "$wb" "$RC"
    run "$JIXIAO" validate "$wb" --lang en
    check "$wb: english text" [ "$RC" -le 1 ]
done

# the rule catalog: every rule named in findings exists
run "$JIXIAO" rules --lang en
check "rules lists rules" [ "$(echo "$OUT" | wc -l)" -ge 30 ]

# robustness: every workbook of the test data, and byte-flipped copies of
# the samples, validate without a crash (exit 0, 1 or 2, never a signal)
crashes=0
for wb in samples/*.xlsx tests/data/*/*.xlsx tests/data/reader/*.xls; do
    [ -e "$wb" ] || continue
    "$JIXIAO" validate "$wb" > /dev/null 2>&1
    rc=$?
    [ "$rc" -le 2 ] || { crashes=$((crashes + 1)); echo "$wb: exit $rc" >&2; }
done
for wb in samples/*.xlsx; do
    size=$(stat -c %s "$wb")
    for i in 1 2 3 4 5 6 7 8; do
        cp "$wb" "$TMP/flip.xlsx"
        off=$(( (size * i) / 9 ))
        printf '\xff' | dd of="$TMP/flip.xlsx" bs=1 seek="$off" conv=notrunc status=none
        "$JIXIAO" validate "$TMP/flip.xlsx" > /dev/null 2>&1
        rc=$?
        [ "$rc" -le 2 ] || { crashes=$((crashes + 1)); echo "$wb flipped at $off: exit $rc" >&2; }
    done
done
check "no crash on any workbook" [ "$crashes" -eq 0 ]
finish
