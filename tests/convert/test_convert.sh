# jixiao convert: every sample form into every template of its kind and
# back (independent checker over dump --json), a small form made by
# openpyxl, the layout of the outputs, validation, LibreOffice, refusals.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
export JIXIAO_TEMPLATES=$SRC/templates
detect_checkers

sources="samples/*.xlsx tests/data/variants/*.xlsx tests/data/clean/*.xlsx"
if [ $have_openpyxl -eq 1 ]; then
    /usr/bin/python3 tests/convert/make_small.py templates "$TMP/small.xlsx"
    sources="$sources $TMP/small.xlsx"
fi
mkdir -p "$TMP/matrix"
# shellcheck disable=SC2086
if /usr/bin/python3 tests/convert/check_convert.py "$JIXIAO" mappings templates "$TMP/matrix" $sources > "$TMP/matrix.log" 2>&1; then
    pass
else
    fail "convert matrix and round trips"; grep -v '^[0-9]* conversions' "$TMP/matrix.log" | head -20 >&2
fi
tail -1 "$TMP/matrix.log"

# every output: its layout against the template, and no structural
# finding the input did not have
structural=$("$JIXIAO" rules | awk '$0 ~ /^structure\./ || $2 == "structure" {print $1}')
for out in "$TMP"/matrix/*--*.xlsx; do
    case $out in *--back-*) continue ;; esac
    base=$(basename "$out" .xlsx); tid=${base##*--}; src=${base%--*}
    input=$(ls samples/"$src".xlsx tests/data/*/"$src".xlsx "$TMP/$src.xlsx" 2> /dev/null | head -1)
    if [ $have_openpyxl -eq 1 ]; then
        check "$base: layout" /usr/bin/python3 tests/convert/check_layout.py "templates/$tid.xlsx" "$out" 转换说明
    fi
    "$JIXIAO" validate --json "$input" > "$TMP/in.json" 2> /dev/null
    "$JIXIAO" validate --json "$out" > "$TMP/out.json" 2> /dev/null
    check "$base: no new structural finding" /usr/bin/env python3 -c '
import json, sys
rules = set(sys.argv[3].split())
def ids(p): return {f["rule"] for f in json.load(open(p))["findings"] if f["rule"] in rules}
new = ids(sys.argv[2]) - ids(sys.argv[1])
print(*new) if new else None
sys.exit(1 if new else 0)' "$TMP/in.json" "$TMP/out.json" "$structural"
done

# a growing table moves formulas, validations, conditional formats,
# hyperlinks, print areas and row breaks below it
if [ $have_openpyxl -eq 1 ]; then
    mkdir -p "$TMP/grow"
    if /usr/bin/python3 tests/convert/check_growth.py "$JIXIAO" mappings templates "$TMP/grow" samples/wuchuan-2025.xlsx > "$TMP/grow.log" 2>&1; then
        pass
    else
        fail "growing table moves what is below"; cat "$TMP/grow.log" >&2
    fi
fi

# a table 8 times the template's: guangshui's 41 indicators into 吴川's 5 rows
run "$JIXIAO" convert samples/guangshui-2025.xlsx --to wuchuan-dept -o "$TMP/big.xlsx"
check "big table converts ($ERR)" [ "$RC" -eq 0 ]
"$JIXIAO" dump --json "$TMP/big.xlsx" > "$TMP/big.json"
check "big table reads back 41 indicators" /usr/bin/env python3 -c '
import json, sys; sys.exit(0 if len(json.load(open(sys.argv[1]))["forms"][0]["indicators"]) == 41 else 1)' "$TMP/big.json"

# the report: --json shape, the notes sheet, what is not carried
run "$JIXIAO" convert samples/zhanjiang-2025.xlsx --to jinzhai-project -o "$TMP/zj.xlsx" --json
check "convert --json exits 0" [ "$RC" -eq 0 ]
check "--json lists the department form as not converted" /usr/bin/env python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["target"] == "jinzhai-project" and d["forms"] == 4 and len(d["sheets"]) == 4
kinds = {i["kind"] for i in d["items"]}
assert {"no_place", "no_source", "not_converted"} <= kinds, kinds
assert any(i["kind"] == "not_converted" and i["sheet"] == "部门整体" for i in d["items"])
assert any(i["kind"] == "no_place" and i["field"] == "政策依据" for i in d["items"])' "$TMP/out"
run "$JIXIAO" convert samples/zhanjiang-2025.xlsx --to jinzhai-project -o "$TMP/zj-en.xlsx" --lang en
check "English report" grep -q "not converted" "$TMP/out"

# refusals: exit 2, one line, nothing written, input untouched
sum=$(sha256sum samples/wuchuan-2025.xlsx)
run "$JIXIAO" convert samples/yuanjiang-2024.xlsx --to wuchuan-dept -o "$TMP/no.xlsx"
check "no form of the kind: exit 2" [ "$RC" -eq 2 ]
check "no form of the kind: names both kinds" sh -c 'echo "$1" | grep -q 部门整体 && echo "$1" | grep -q 项目支出' _ "$ERR"
check "no form of the kind: nothing written" [ ! -e "$TMP/no.xlsx" ]
run "$JIXIAO" convert samples/wuchuan-2025.xlsx --to no-such -o "$TMP/no.xlsx"
check "unknown template: exit 2" [ "$RC" -eq 2 ]
run "$JIXIAO" convert samples/wuchuan-2025.xlsx --to jinzhai-project
check "no -o: exit 2" [ "$RC" -eq 2 ]
run "$JIXIAO" convert samples/wuchuan-2025.xlsx --to jinzhai-project -o samples/wuchuan-2025.xlsx
check "-o the input: exit 2" [ "$RC" -eq 2 ]
run "$JIXIAO" convert samples/wuchuan-2025.xlsx --to jinzhai-project -o "$TMP/missing/dir/out.xlsx"
check "missing folder: exit 2, one line" [ "$RC" -eq 2 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]
run "$JIXIAO" convert samples/wuchuan-2025.xlsx --to jinzhai-project -o "$TMP/x.xlsx" --templates "$TMP"
check "no template file: exit 2" [ "$RC" -eq 2 ]
check "input untouched" [ "$sum" = "$(sha256sum samples/wuchuan-2025.xlsx)" ]
check "no temporary files left" [ -z "$(ls "$TMP" | grep -i tmp)" ]

if [ $have_soffice -eq 1 ]; then
    # every converted sample, in one LibreOffice run
    outs=$(ls "$TMP"/matrix/*--*.xlsx | grep -v -- '--back-' | grep -E '/(wuchuan|guangshui|zhanjiang|yuanjiang|jinzhai)-20[0-9]{2}--')
    # shellcheck disable=SC2086
    (cd "$TMP" && timeout 600 soffice -env:UserInstallation=file://$TMP/lo --headless \
        --convert-to csv --outdir "$TMP/csv" $outs > /dev/null 2>&1)
    for out in $outs; do
        name=$(basename "$out" .xlsx)
        check "$name: LibreOffice converts it" [ -s "$TMP/csv/$name.csv" ]
    done
fi
finish
