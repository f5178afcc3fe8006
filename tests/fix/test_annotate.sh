# jixiao fix --annotate: on every test workbook the findings are in the
# output (comments, fills, the findings sheet) and nothing else changed
# (independent checker), the input is untouched and the findings left are
# those validate finds in the output; LibreOffice reads the comments and
# fills; comments a cell had are kept; prefixed producers; an annotated
# workbook annotated again; --lang en, --in-place, write failures.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
detect_checkers
export TMPDIR="$TMP/tmpdir"
mkdir -p "$TMPDIR"

# findings JSON equal but for the file name
same_findings() {
    /usr/bin/python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
a = a.get("left", a)
b = json.load(open(sys.argv[2]))
sys.exit(0 if a["findings"] == b["findings"] else 1)' "$1" "$2"
}

# check_one IN OUT-NAME [fix options]: annotate IN and check the output
check_one() {
    local wb=$1 name=$2
    shift 2
    local sum lang=
    sum=$(sha256sum < "$wb")
    case " $* " in *" --lang en "*) lang=en ;; esac
    "$JIXIAO" validate "$wb" --json "$@" > "$TMP/$name.before.json" 2> /dev/null
    run "$JIXIAO" fix "$wb" -o "$TMP/$name.xlsx" --annotate --json "$@"
    check "$wb: fix --annotate exits 0 or 1 ($RC: $ERR)" [ "$RC" -le 1 ]
    cp "$TMP/out" "$TMP/$name.fix.json"
    check "$wb: input untouched" [ "$sum" = "$(sha256sum < "$wb")" ]
    "$JIXIAO" validate "$TMP/$name.xlsx" --json "$@" > "$TMP/$name.after.json" 2> /dev/null
    check "$wb: the findings left are what validate finds in the output" \
        same_findings "$TMP/$name.fix.json" "$TMP/$name.after.json"
    if [ $have_openpyxl -eq 1 ]; then
        if /usr/bin/python3 tests/fix/check_annotated.py "$wb" "$TMP/$name.xlsx" "$TMP/$name.fix.json" \
            "$TMP/$name.before.json" $lang > "$TMP/$name.check" 2>&1; then
            pass
        else
            fail "$wb: annotations"
            head -10 "$TMP/$name.check" >&2
        fi
    fi
}

for wb in samples/*.xlsx tests/data/resaved/*.xlsx tests/data/variants/*.xlsx tests/data/clean/*.xlsx \
    tests/data/cli/formula-fix.xlsx tests/data/cli/commented.xlsx tests/data/cli/prefixed.xlsx; do
    check_one "$wb" "$(basename "$wb" .xlsx)"
done

# the same fix as without --annotate: the same changes, the same left
run "$JIXIAO" fix samples/jinzhai-2025.xlsx -o "$TMP/plain.xlsx" --json
check "annotate changes what fix changes" /usr/bin/python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sys.exit(0 if a["changes"] == b["changes"] and a["left"]["findings"] == b["left"]["findings"] else 1)' \
    "$TMP/out" "$TMP/jinzhai-2025.fix.json"

# comments a cell had: kept, first, with their authors; the notes after
if [ $have_openpyxl -eq 1 ]; then
    check "commented: old comments kept, notes added" /usr/bin/python3 -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["业务工作经费"]
e12, c15, a1 = ws["E12"].comment, ws["C15"].comment, ws["A1"].comment
ok = (e12.author == "张会计" and e12.text.startswith("财务科：这个值请再核对\n警告：成本指标")
      and c15.author == "李科长" and c15.text.startswith("原表如此\n已修正：")
      and a1.text == "2025 年版" and ws["F12"].comment.author == "jixiao")
sys.exit(0 if ok else 1)' "$TMP/commented.xlsx"
fi
check "commented: the drawing keeps its shapes and gains one" /usr/bin/python3 -c '
import sys, zipfile, re
a = zipfile.ZipFile(sys.argv[1]).read("xl/drawings/commentsDrawing1.vml").decode()
b = zipfile.ZipFile(sys.argv[2]).read("xl/drawings/commentsDrawing1.vml").decode()
ids = lambda t: re.findall(r"_x0000_s(\d+)", t)
sys.exit(0 if b.startswith(a[:a.rindex("</xml>")]) and len(ids(b)) == len(ids(a)) + 1 else 1)' \
    tests/data/cli/commented.xlsx "$TMP/commented.xlsx"

# an annotated workbook annotated again: a second findings sheet, the
# notes added to jixiao's own comments, nothing else changed
check_one "$TMP/wuchuan-2025.xlsx" again
check "again: 校验结果 (2)" grep -q '"sheet": "校验结果 (2)"' "$TMP/again.fix.json"

# English words
check_one samples/wuchuan-2025.xlsx english --lang en
check "en: English headers" /usr/bin/python3 -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[-1]
sys.exit(0 if [c.value for c in ws[1]] == ["Sheet", "Cell", "Rule", "Severity", "Message", "Fixed", "Fixed to"] else 1)' \
    "$TMP/english.xlsx"

# the text report says where the findings are
run "$JIXIAO" fix samples/wuchuan-2025.xlsx -o "$TMP/text.xlsx" --annotate
check "text: exit 1 (errors left)" [ "$RC" -eq 1 ]
check "text: says what was annotated" grep -q "已在工作簿中标注 14 个问题：14 个单元格加了批注，14 个加了底色；清单见工作表“校验结果”" "$TMP/out"

# --in-place: the original kept as .bak, the file annotated
cp samples/yuanjiang-2024.xlsx "$TMP/y.xlsx"
sum=$(sha256sum < "$TMP/y.xlsx")
run "$JIXIAO" fix "$TMP/y.xlsx" --in-place --annotate
check "in place: exit 0 or 1" [ "$RC" -le 1 ]
check "in place: .bak is the original" [ "$sum" = "$(sha256sum < "$TMP/y.xlsx.bak")" ]
check "in place: annotated" /usr/bin/python3 -c '
import sys, zipfile
sys.exit(0 if "xl/comments1.xml" in zipfile.ZipFile(sys.argv[1]).namelist() else 1)' "$TMP/y.xlsx"

# a failed write: one line, exit 2, nothing left behind (not even the
# temporary copy fix validates before annotating)
run "$JIXIAO" fix samples/wuchuan-2025.xlsx -o "$TMP/no/such/dir/out.xlsx" --annotate
check "missing folder: exit 2" [ "$RC" -eq 2 ]
check "missing folder: one line" [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]
check "no temporary files left" [ -z "$(ls -A "$TMPDIR")" ]

# LibreOffice opens every annotated sample and reads its comments and fills
if [ $have_soffice -eq 1 ]; then
    outs=""
    for wb in samples/*.xlsx; do outs="$outs $TMP/$(basename "$wb" .xlsx).xlsx"; done
    (cd "$TMP" && timeout 300 soffice -env:UserInstallation=file://$TMP/lo --headless \
        --convert-to xlsx --outdir "$TMP/lo" $outs > /dev/null 2>&1)
    (cd "$TMP" && timeout 300 soffice -env:UserInstallation=file://$TMP/lo --headless \
        --convert-to csv --outdir "$TMP/csv" $outs > /dev/null 2>&1)
    for wb in samples/*.xlsx; do
        name=$(basename "$wb" .xlsx)
        check "$wb: LibreOffice converts the annotated workbook" [ -s "$TMP/csv/$name.csv" ]
        if [ $have_openpyxl -eq 1 ]; then
            check "$wb: LibreOffice reads every comment and fill" /usr/bin/python3 -c '
import sys, openpyxl
a, b = openpyxl.load_workbook(sys.argv[1]), openpyxl.load_workbook(sys.argv[2])
def notes(wb):
    return {(ws.title, c.coordinate): (c.comment.text.replace("\r", "").strip(), c.fill.fgColor.rgb)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment}
na, nb = notes(a), notes(b)
sys.exit(0 if na and na == nb and b.sheetnames == a.sheetnames else 1)' "$TMP/$name.xlsx" "$TMP/lo/$name.xlsx"
        fi
    done
fi
finish
