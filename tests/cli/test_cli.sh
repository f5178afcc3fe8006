# The command line: commands, exit codes, languages, and that every bad
# input ends in one line on stderr naming the file, exit 2, and no crash.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
R=tests/data/reader

run "$JIXIAO" templates
check "templates exits 0" [ "$RC" -eq 0 ]
check "templates lists ten" [ "$(echo "$OUT" | wc -l)" -eq 10 ]
for id in wuchuan-dept wuchuan-project guangshui-dept zhanjiang-dept zhanjiang-fund \
          zhanjiang-key-project yuanjiang-project yuanjiang-special-funds \
          yuanjiang-basic-expenditure jinzhai-project; do
    check "templates has $id" grep -q "^$id " "$TMP/out"
done

run "$JIXIAO" detect samples/zhanjiang-2025.xlsx
check "detect exits 0" [ "$RC" -eq 0 ]
check "detect: one line per sheet" [ "$(echo "$OUT" | wc -l)" -eq 5 ]
check "detect: tab-separated ids" grep -qP '^部门整体\tzhanjiang-dept$' "$TMP/out"
check "detect: key project" grep -qP '^城乡居民医保补助\tzhanjiang-key-project$' "$TMP/out"

# a sheet that is no form: unknown; one that nearly is: the closest
# template and the labels it missed
run "$JIXIAO" detect $R/types.xlsx
check "detect unknown exits 0" [ "$RC" -eq 0 ]
check "detect unknown says unknown" grep -qP '^Sheet1\tunknown$' "$TMP/out"
run "$JIXIAO" detect tests/data/cli/near-miss.xlsx
check "detect near miss exits 0" [ "$RC" -eq 0 ]
check "detect near miss names closest" grep -qP '^业务工作经费\tunknown\t最接近：wuchuan-project（4/5 个标志标签） 缺少：用款单位$' "$TMP/out"
run "$JIXIAO" detect tests/data/cli/near-miss.xlsx --lang en
check "detect near miss (en)" grep -qP '\tunknown\tclosest: wuchuan-project \(4/5 signature labels\) missing: 用款单位$' "$TMP/out"

run "$JIXIAO" dump samples/wuchuan-2025.xlsx
check "dump text exits 0" [ "$RC" -eq 0 ]
check "dump text mentions department" grep -q '吴川市医疗保障局' "$TMP/out"
run "$JIXIAO" dump samples/jinzhai-2025.xlsx --json
check "dump json exits 0" [ "$RC" -eq 0 ]
check "dump json is json" /usr/bin/env python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out"

# usage errors: exit 2, a message, no crash
run "$JIXIAO"
check "no command exits 2" [ "$RC" -eq 2 ]
run "$JIXIAO" frobnicate x.xlsx
check "unknown command exits 2" [ "$RC" -eq 2 ]
check "unknown command says so" grep -q '未知命令' "$TMP/err"
run "$JIXIAO" dump
check "dump without file exits 2" [ "$RC" -eq 2 ]
run "$JIXIAO" dump samples/wuchuan-2025.xlsx --bogus
check "unknown option exits 2" [ "$RC" -eq 2 ]
run "$JIXIAO" dump samples/wuchuan-2025.xlsx --lang fr
check "bad --lang exits 2" [ "$RC" -eq 2 ]
run "$JIXIAO" templates --mappings /nonexistent
check "missing mapping folder exits 2" [ "$RC" -eq 2 ]
check "missing mapping folder named" grep -q '/nonexistent' "$TMP/err"

# bad workbooks: each one line, naming the file, exit 2
bad_input() {
    local file=$1 words_zh=$2 words_en=$3
    run "$JIXIAO" dump "$file"
    check "$file: exit 2" [ "$RC" -eq 2 ]
    check "$file: one line" [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]
    check "$file: names the file" grep -qF "$file" "$TMP/err"
    check "$file: says '$words_zh'" grep -qF "$words_zh" "$TMP/err"
    check "$file: nothing on stdout" [ -z "$OUT" ]
    run "$JIXIAO" dump "$file" --lang en
    check "$file: says '$words_en' (en)" grep -qF "$words_en" "$TMP/err"
}
bad_input $R/empty.xlsx "文件为空" "empty"
bad_input $R/random.xlsx "不是 xlsx" "not an .xlsx"
bad_input $R/legacy.xls ".xls" "save it as .xlsx"
bad_input $R/encrypted.xlsx "已加密" "encrypted"
bad_input $R/strict.xlsx "Strict" "Strict"
bad_input $R/badxml.xlsx "XML" "malformed XML"
bad_input $R/badrel.xlsx "缺少" "lacks a part"
bad_input $R/crc.xlsx "损坏" "corrupt"
bad_input $R/noworkbook.xlsx "没有 Excel 工作簿" "no spreadsheet workbook"
bad_input $R/sstrange.xlsx "无效" "invalid"
bad_input $R/badref-a0.xlsx "无效" "invalid"
bad_input tests/data/cli/overlap-merge.xlsx "overlap" "merged ranges A1:F1 and B1:C3 overlap"
bad_input nonexistent.xlsx "无法读写" "cannot read"
bad_input tests "无法读写" "cannot read"
# a workbook with no recognisable form is a job not done
bad_input $R/types.xlsx "没有识别出" "no sheet matches"

# truncated copies of a real workbook at many offsets: never a crash
size=$(stat -c %s samples/jinzhai-2025.xlsx)
crashes=0
for n in 0 1 4 22 30 100 1000 5000 10000 15000 20000 $((size - 22)) $((size - 1)); do
    head -c "$n" samples/jinzhai-2025.xlsx > "$TMP/cut.xlsx"
    "$JIXIAO" dump "$TMP/cut.xlsx" > /dev/null 2> "$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || { crashes=$((crashes + 1)); echo "cut at $n: rc $rc" >&2; }
done
check "truncated workbooks all exit 2" [ "$crashes" -eq 0 ]

# the input is never modified
sum_before=$(sha256sum samples/*.xlsx)
"$JIXIAO" dump samples/yuanjiang-2024.xlsx --json > /dev/null
check "inputs unchanged" [ "$sum_before" = "$(sha256sum samples/*.xlsx)" ]
finish
