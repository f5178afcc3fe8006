# jixiao batch over a folder of good, defective, corrupt and non-xlsx
# files: a row for every workbook, the right exit code, outputs for exactly
# the processable files, inputs unchanged; -j 1 and -j 4 byte-identical;
# the report as xlsx (openpyxl), CSV (BOM, RFC 4180) and JSON (shape, and
# counts equal to `jixiao validate` on each file alone); standard input;
# lock files; OUTDIR inside the input refused; outputs never over inputs.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
PY=/usr/bin/python3
have_openpyxl=0
$PY -c 'import openpyxl' 2> /dev/null && have_openpyxl=1
[ $have_openpyxl -eq 1 ] || echo "SKIPPED: openpyxl checks (install python3-openpyxl)"
CHECK="$SRC/tests/batch/check_report.py"
R=tests/data/reader

# ---- the inbox ----
IN=$TMP/inbox
mkdir -p "$IN/clean" "$IN/county/sub" "$IN/bad"
cp tests/data/clean/wuchuan-project-clean.xlsx tests/data/clean/zhanjiang-fund-clean.xlsx "$IN/clean/"
cp samples/jinzhai-2025.xlsx samples/wuchuan-2025.xlsx "$IN/county/"
cp samples/guangshui-2025.xlsx "$IN/county/sub/"
cp samples/yuanjiang-2024.xlsx "$IN/county/UPPER.XLSX"
cp tests/data/clean/jinzhai-project-clean.xlsx "$IN/county/a,\"quoted\" name.xlsx"
cp tests/data/clean/wuchuan-project-clean.xlsx "$IN/county/bad-$(printf '\377')byte.xlsx"
printf 'jixiao\0\0\0' > "$IN/county/~\$wuchuan-2025.xlsx"   # Office's lock file
cp $R/empty.xlsx $R/crc.xlsx $R/encrypted.xlsx $R/types.xlsx "$IN/bad/"
cp $R/legacy.xls "$IN/bad/legacy-renamed.xlsx"
echo "not a workbook" > "$IN/bad/notes.xlsx"
echo "read me" > "$IN/readme.txt"
cp $R/legacy.xls "$IN/old.xls"
sums() { (cd "$IN" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(sums)

# what each workbook must come to, in the order the report lists them
# (names sorted byte-wise, folders recursed in place); the reason word is
# one the --lang en message for it must contain
BAD=$(printf 'county/bad-\357\277\275byte.xlsx')
cat > "$TMP/expect.tsv" <<EOF
bad/crc.xlsx	failed	corrupt	-
bad/empty.xlsx	failed	empty	-
bad/encrypted.xlsx	failed	encrypted	-
bad/legacy-renamed.xlsx	failed	.xls	-
bad/notes.xlsx	failed	not an .xlsx	-
bad/types.xlsx	failed	no sheet matches	-
clean/wuchuan-project-clean.xlsx	ok	-	$TMP/single/wuchuan-project-clean.json
clean/zhanjiang-fund-clean.xlsx	ok	-	$TMP/single/zhanjiang-fund-clean.json
county/UPPER.XLSX	ok	-	$TMP/single/yuanjiang-2024.json
county/a,"quoted" name.xlsx	ok	-	$TMP/single/jinzhai-project-clean.json
$BAD	ok	-	$TMP/single/wuchuan-project-clean.json
county/jinzhai-2025.xlsx	ok	-	$TMP/single/jinzhai-2025.json
county/sub/guangshui-2025.xlsx	ok	-	$TMP/single/guangshui-2025.json
county/wuchuan-2025.xlsx	ok	-	$TMP/single/wuchuan-2025.json
EOF
# each workbook validated alone, for the counts and findings to compare
mkdir -p "$TMP/single"
for wb in samples/*.xlsx tests/data/clean/*.xlsx; do
    "$JIXIAO" validate "$wb" --json --lang en > "$TMP/single/$(basename "$wb" .xlsx).json" 2> /dev/null
done

# ---- validate: every workbook has its row; exit 2 (some cannot be read) ----
run "$JIXIAO" batch "$IN" --report "$TMP/r.json" --lang en -j 2
check "validate: exit 2 ($RC)" [ "$RC" -eq 2 ]
check "validate: 14 rows, 6 failed" grep -q "14 files: 8 processed, 6 failed" "$TMP/out"
check "validate: skipped the lock file, readme and .xls" grep -q "skipped 3 files" "$TMP/out"
check "validate: each failure one line on stderr" [ "$(grep -c '^jixiao: bad/' "$TMP/err")" -eq 6 ]
check "validate: a final progress line" grep -q "14/14 files" "$TMP/err"
if $PY "$CHECK" json "$TMP/r.json" "$TMP/expect.tsv"; then pass; else fail "validate: JSON rows"; fi
check "validate: inputs unchanged" [ "$before" = "$(sums)" ]
check "validate: nothing written into the inbox" [ "$(find "$IN" -newer "$TMP/expect.tsv" | wc -l)" -eq 0 ]

# exit codes 0 and 1
run "$JIXIAO" batch "$IN/clean" --quiet
check "clean folder: exit 0 ($RC)" [ "$RC" -eq 0 ]
check "clean folder: --quiet prints no progress" [ -z "$ERR" ]
check "clean folder: a line per file" [ "$(grep -c 'clean.xlsx  ' "$TMP/out")" -eq 2 ]
run "$JIXIAO" batch "$IN/clean" "$IN/county" --quiet
check "defective: exit 1 ($RC)" [ "$RC" -eq 1 ]

# ---- fix: outputs for exactly the processable files, same relative paths ----
run "$JIXIAO" batch "$IN" -o "$TMP/out1" --fix -j 1 --report "$TMP/r1.xlsx" --quiet
check "fix -j1: exit 2 ($RC)" [ "$RC" -eq 2 ]
(cd "$TMP/out1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$TMP/outputs"
awk -F'\t' '$2 == "ok" { print $1 }' "$TMP/expect.tsv" | sed "s|$(printf '\357\277\275')|$(printf '\377')|" \
    | LC_ALL=C sort > "$TMP/want-outputs"
check "fix: outputs for exactly the ok files" cmp -s "$TMP/outputs" "$TMP/want-outputs"
check "fix: no staging folder or temporary file left" [ "$(find "$TMP/out1" -name '.jixiao-*' -o -name '*.tmp*' | wc -l)" -eq 0 ]
check "fix: inputs unchanged" [ "$before" = "$(sums)" ]
check "fix: a clean workbook is copied as it is" cmp -s "$IN/clean/wuchuan-project-clean.xlsx" "$TMP/out1/clean/wuchuan-project-clean.xlsx"
# the fixed copy is what `jixiao fix` writes for the file alone
"$JIXIAO" fix "$IN/county/wuchuan-2025.xlsx" -o "$TMP/alone.xlsx" > /dev/null 2>&1
check "fix: same output as jixiao fix" cmp -s "$TMP/alone.xlsx" "$TMP/out1/county/wuchuan-2025.xlsx"

# the counts of a --fix run are what `jixiao fix` leaves, file by file
"$JIXIAO" batch "$IN/county" "$IN/clean" -o "$TMP/o-counts" --fix --report "$TMP/counts.json" --quiet --lang en \
    > /dev/null 2>&1
for f in county/jinzhai-2025.xlsx county/wuchuan-2025.xlsx clean/wuchuan-project-clean.xlsx; do
    "$JIXIAO" fix "$IN/$f" -o "$TMP/alone-fix.xlsx" --json --lang en > "$TMP/alone-fix.json" 2> /dev/null
    check "fix counts of $f = jixiao fix" $PY -c '
import json, sys
batch = json.load(open(sys.argv[1]))
alone = json.load(open(sys.argv[2]))
name = sys.argv[3].split("/", 1)[1]
row = next(r for r in batch["files"] if r["path"] == name)
left = alone["left"]["findings"]
want = (len(alone["changes"]), sum(x["severity"] == "error" for x in left), sum(x["severity"] == "warning" for x in left),
        sum(x["severity"] == "info" for x in left))
got = (row["fixed"], row["errors"], row["warnings"], row["infos"])
mine = [(x["sheet"], x["cell"], x["rule"], x["message"]) for x in batch["findings"] if x["path"] == name]
theirs = [(x["sheet"], x["cell"], x["rule"], x["message"]) for x in left]
sys.exit(0 if got == want and mine == theirs else 1)' "$TMP/counts.json" "$TMP/alone-fix.json" "$f"
done

# ---- -j 4: byte-identical outputs and reports ----
for fmt in xlsx csv json; do
    "$JIXIAO" batch "$IN" -o "$TMP/o-$fmt-1" --fix -j 1 --report "$TMP/j1.$fmt" --quiet > /dev/null 2>&1
    "$JIXIAO" batch "$IN" -o "$TMP/o-$fmt-4" --fix -j 4 --report "$TMP/j4.$fmt" --quiet > /dev/null 2>&1
    check "-j1 = -j4: $fmt report" cmp -s "$TMP/j1.$fmt" "$TMP/j4.$fmt"
    check "-j1 = -j4: outputs ($fmt run)" diff -r "$TMP/o-$fmt-1" "$TMP/o-$fmt-4"
done
check "-j1 = -j4: findings CSV" cmp -s "$TMP/j1.findings.csv" "$TMP/j4.findings.csv"
run "$JIXIAO" batch "$IN" -j 1 --quiet
cp "$TMP/out" "$TMP/text1"
run "$JIXIAO" batch "$IN" -j 3 --quiet
check "-j1 = -j3: standard output" cmp -s "$TMP/out" "$TMP/text1"

# ---- the report in three formats, one content ----
"$JIXIAO" batch "$IN" --fix -o "$TMP/o-r" --report "$TMP/f.json" --quiet > /dev/null 2>&1
"$JIXIAO" batch "$IN" --fix -o "$TMP/o-r2" --report "$TMP/f.csv" --quiet > /dev/null 2>&1
"$JIXIAO" batch "$IN" --fix -o "$TMP/o-r3" --report "$TMP/f.xlsx" --quiet > /dev/null 2>&1
if $PY "$CHECK" csvraw "$TMP/f.csv"; then pass; else fail "CSV: BOM, CRLF, RFC 4180 quoting"; fi
check "CSV: the quoted file name is quoted" grep -q '"county/a,""quoted"" name.xlsx"' "$TMP/f.csv"
if $PY "$CHECK" same "$TMP/f.json" "$TMP/f.csv"; then pass; else fail "CSV rows = JSON rows"; fi
check "fix report: cells fixed counted" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["path"]: r for r in d["files"]}
sys.exit(0 if rows["county/wuchuan-2025.xlsx"]["fixed"] > 0 and rows["clean/wuchuan-project-clean.xlsx"]["fixed"] == 0 else 1)' "$TMP/f.json"
if [ $have_openpyxl -eq 1 ]; then
    if $PY "$CHECK" same "$TMP/f.json" "$TMP/f.xlsx"; then pass; else fail "xlsx rows = JSON rows"; fi
    if $PY "$CHECK" layout "$TMP/f.xlsx"; then pass; else fail "xlsx layout"; fi
    check "xlsx: expected rows" $PY -c '
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
s = list(wb["汇总"].iter_rows(values_only=True))
assert s[0] == ("文件", "模板", "表数", "错误", "警告", "提示", "已修正", "状态", "原因"), s[0]
assert len(s) == 15, len(s)
rows = {r[0]: r for r in s[1:]}
assert rows["bad/empty.xlsx"][7] == "无法处理" and "空" in rows["bad/empty.xlsx"][8]
w = rows["county/wuchuan-2025.xlsx"]
assert w[1] == "wuchuan-dept、wuchuan-project" and w[2] == 4 and w[7] == "已处理" and w[8] is None, w
assert rows["clean/zhanjiang-fund-clean.xlsx"][3:6] == (0, 0, 0)
d = list(wb["明细"].iter_rows(values_only=True))
assert d[0] == ("文件", "工作表", "单元格", "规则", "严重程度", "说明", "建议改为"), d[0]
assert any(r[0] == "county/jinzhai-2025.xlsx" and r[4] == "错误" for r in d[1:])
assert not any(r[0].startswith("bad/") or r[0].startswith("clean/") for r in d[1:])
' "$TMP/f.xlsx"
fi

# ---- standard input: paths one a line, as given; lock files skipped ----
(cd "$IN" && find . -iname '*.xlsx' | LC_ALL=C sort) > "$TMP/list"
run sh -c "cd '$IN' && '$JIXIAO' batch - --report '$TMP/s.json' --quiet < '$TMP/list'"
check "stdin: exit 2 ($RC)" [ "$RC" -eq 2 ]
check "stdin: paths as given, lock file skipped" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
paths = [r["path"] for r in d["files"]]
want = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8", errors="surrogateescape") if "~$" not in l]
want = [w.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for w in want]
sys.exit(0 if paths == want and len(paths) == 14 else 1)' "$TMP/s.json" "$TMP/list"
# a list mixing a folder, a file, a lock file named directly and a path that does not exist
printf '%s\n' "$IN/clean" "samples/zhanjiang-2025.xlsx" "$IN/county/~\$wuchuan-2025.xlsx" "no/such.xlsx" \
    | "$JIXIAO" batch - --lang en > "$TMP/mixed" 2> /dev/null
check "stdin: folder, file, missing path" [ "$(grep -c '  ' "$TMP/mixed")" -eq 4 ]
check "stdin: the missing path is a failed row" grep -q "no/such.xlsx  failed: no such file" "$TMP/mixed"

# ---- OUTDIR inside the input is refused; nothing is written ----
run "$JIXIAO" batch "$IN" -o "$IN/fixed" --fix
check "OUTDIR inside input: exit 2" [ "$RC" -eq 2 ]
check "OUTDIR inside input: one line" [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]
check "OUTDIR inside input: not created" [ ! -e "$IN/fixed" ]
run "$JIXIAO" batch "$IN/county" -o "$IN/county/../county/" --fix
check "OUTDIR = input: exit 2" [ "$RC" -eq 2 ]
ln -s "$IN" "$TMP/inbox-link"
run "$JIXIAO" batch "$TMP/inbox-link" -o "$IN/new/deeper" --annotate
check "OUTDIR inside input through a link: exit 2" [ "$RC" -eq 2 ]
check "inputs unchanged after the refusals" [ "$before" = "$(sums)" ]

# ---- an output never overwrites an input; two inputs with one output ----
mkdir -p "$TMP/here/d1" "$TMP/here/d2"
cp samples/wuchuan-2025.xlsx "$TMP/here/w.xlsx"
cp samples/wuchuan-2025.xlsx "$TMP/here/d1/x.xlsx"
cp samples/jinzhai-2025.xlsx "$TMP/here/d2/x.xlsx"
wsum=$(sha256sum < "$TMP/here/w.xlsx")
run sh -c "cd '$TMP/here' && '$JIXIAO' batch w.xlsx -o . --fix --lang en --quiet"
check "over an input: exit 2" [ "$RC" -eq 2 ]
check "over an input: a failed row saying so" grep -q "w.xlsx  failed: its output ./w.xlsx would overwrite an input" "$TMP/out"
check "over an input: input unchanged" [ "$wsum" = "$(sha256sum < "$TMP/here/w.xlsx")" ]
run "$JIXIAO" batch "$TMP/here/d1" "$TMP/here/d2" -o "$TMP/both" --fix --lang en --quiet
check "one output for two inputs: exit 2" [ "$RC" -eq 2 ]
check "one output for two inputs: the second is refused" grep -q "^x.xlsx  failed: its output would be that of x.xlsx" "$TMP/out"
check "one output for two inputs: the first is written" cmp -s "$TMP/both/x.xlsx" "$TMP/o-r/county/wuchuan-2025.xlsx"

# ---- --annotate: with --fix, and alone ----
run "$JIXIAO" batch "$IN/county/sub" samples/wuchuan-2025.xlsx -o "$TMP/ann" --fix --annotate --quiet
check "annotate+fix: exit 1 ($RC)" [ "$RC" -eq 1 ]
run "$JIXIAO" batch "$IN/county/sub" -o "$TMP/ann-only" --annotate --quiet
check "annotate only: exit 0 ($RC)" [ "$RC" -eq 0 ]
if [ $have_openpyxl -eq 1 ]; then
    check "annotate: findings sheets" $PY -c '
import openpyxl, sys
for p in sys.argv[1:]:
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames[-1] == "校验结果", (p, wb.sheetnames)
    assert wb["校验结果"].max_row > 1
' "$TMP/ann/guangshui-2025.xlsx" "$TMP/ann/samples/wuchuan-2025.xlsx" "$TMP/ann-only/guangshui-2025.xlsx"
fi
"$JIXIAO" fix samples/wuchuan-2025.xlsx -o "$TMP/ann-alone.xlsx" --annotate > /dev/null 2>&1
check "annotate+fix: same output as jixiao fix --annotate" cmp -s "$TMP/ann-alone.xlsx" "$TMP/ann/samples/wuchuan-2025.xlsx"

# ---- refusals of the command itself: exit 2, one line ----
refuse() { # name args...
    local name=$1; shift
    run "$JIXIAO" batch "$@"
    check "$name: exit 2 ($RC)" [ "$RC" -eq 2 ]
    check "$name: one line" [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]
}
refuse "no paths"
refuse "--fix without -o" "$IN" --fix
refuse "-o without --fix" "$IN" -o "$TMP/x"
refuse "report format" "$IN" --report "$TMP/r.txt"
refuse "report folder missing" "$IN" --report "$TMP/no/such/r.xlsx"
refuse "-j 0" "$IN" -j 0
refuse "-j x" "$IN" -jx
refuse "unknown option" "$IN" --frobnicate
refuse "no .xlsx found" "$TMP/single"
refuse "report is an input" "$IN/clean" --report "$IN/clean/wuchuan-project-clean.xlsx"

# --to: converted copies, byte for byte what jixiao convert writes; a
# workbook with no form of the target's kind is a failed row
rm -rf "$TMP/conv"
run "$JIXIAO" batch samples -o "$TMP/conv" --to jinzhai-project --report "$TMP/conv.json" -j 2 --quiet
check "batch --to: exit 2 (guangshui has no project form)" [ "$RC" -eq 2 ]
for name in wuchuan-2025 zhanjiang-2025 yuanjiang-2024 jinzhai-2025; do
    "$JIXIAO" convert "samples/$name.xlsx" --to jinzhai-project -o "$TMP/cli-$name.xlsx" > /dev/null
    check "batch --to: $name as jixiao convert writes it" cmp -s "$TMP/conv/$name.xlsx" "$TMP/cli-$name.xlsx"
done
check "batch --to: no output for guangshui" [ ! -e "$TMP/conv/guangshui-2025.xlsx" ]
check "batch --to: guangshui's row names both kinds" /usr/bin/env python3 -c '
import json, sys
rows = {f["path"]: f for f in json.load(open(sys.argv[1]))["files"]}
r = rows["guangshui-2025.xlsx"]
sys.exit(0 if r["status"] == "failed" and "部门整体" in r["reason"] and "项目支出" in r["reason"] else 1)' "$TMP/conv.json"
refuse "--to with --fix" "$IN" -o "$TMP/x" --to jinzhai-project --fix
refuse "--to an unknown id" "$IN" -o "$TMP/x" --to no-such
run "$JIXIAO" batch --fix "$IN" --lang en
check "English usage message" grep -q "need -o OUTDIR" "$TMP/err"
run "$JIXIAO" batch --help
check "batch --help" grep -q "jixiao batch" "$TMP/out"
finish
