# Checks over ../shared/fixtures (run by .ci/run when it is there; not part
# of ctest, since a user's clone lacks it): every fixture workbook is
# recognised sheet by sheet as fixtures/README.md says, and dumps to the
# same model as its copy in samples/, and converts into every template of
# its kind and back.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
FIX=${JX_FIXTURES:-../shared/fixtures/seeds}
readme=$FIX/../README.md
for wb in "$FIX"/*.xlsx; do
    name=$(basename "$wb" .xlsx)
    run "$JIXIAO" detect "$wb"
    check "$name: detect exits 0" [ "$RC" -eq 0 ]
    # the README's tables list "| sheet | template | layout |" per workbook
    while IFS=$'\t' read -r sheet template; do
        want=$(awk -v wb="### $name.xlsx" -v sh="$sheet" -F' *\\| *' '
            $0 ~ "^### " { inwb = index($0, wb) == 1 }
            inwb && $2 == sh { print $3 }' "$readme")
        if [ -n "$want" ]; then
            check "$name/$sheet: detected $template, README says $want" [ "$template" = "$want" ]
        else
            fail "$name/$sheet: not listed in fixtures/README.md"
        fi
    done < "$TMP/out"
    if [ -e "tests/samples/$name.json" ]; then
        run "$JIXIAO" dump "$wb" --json
        if diff <(sed 1,2d "tests/samples/$name.json") <(sed 1,2d "$TMP/out") > "$TMP/diff"; then
            pass
        else
            fail "$name: fixture model differs from samples/$name.xlsx's"
            head -20 "$TMP/diff" >&2
        fi
    fi
done
# every fixture into every template of its kind and back (the checker of
# tests/convert, on the fixtures as they are)
if /usr/bin/python3 -c 'import openpyxl' 2> /dev/null; then
    mkdir -p "$TMP/convert"
    if /usr/bin/python3 tests/convert/check_convert.py "$JIXIAO" mappings templates "$TMP/convert" \
            "$FIX"/*.xlsx > "$TMP/convert.log" 2>&1; then
        pass
    else
        fail "fixtures: convert matrix"; head -20 "$TMP/convert.log" >&2
    fi
    tail -1 "$TMP/convert.log"
fi
finish
