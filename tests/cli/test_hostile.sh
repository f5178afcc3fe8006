# Hostile and malformed workbooks (tests/data/hostile, made by
# tests/data/make_hostile_fixtures.py) through every command that reads a
# workbook: exit 2, one line on stderr naming the file and saying why,
# nothing on stdout, no output written, nothing written where a zip entry
# name or a relationship points, no file outside the package read.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
H=$SRC/tests/data/hostile

# commands run two folders down in $TMP, so that "../../x" stays inside it
WORK=$TMP/a/b
mkdir -p "$WORK"

refuse() {
    local name=$1 words_zh=$2 words_en=$3
    local file=$H/$name
    for cmd in dump validate "fix -o $WORK/out.xlsx" "fix --annotate -o $WORK/out.xlsx"; do
        # shellcheck disable=SC2086
        (cd "$WORK" && "$JIXIAO" $cmd "$file" > "$TMP/out" 2> "$TMP/err")
        RC=$?
        local what="$name ($cmd)"
        check "$what: exit 2" [ "$RC" -eq 2 ]
        check "$what: one line" [ "$(wc -l < "$TMP/err")" -eq 1 ]
        check "$what: names the file" grep -qF "$file" "$TMP/err"
        check "$what: says '$words_zh'" grep -qF -- "$words_zh" "$TMP/err"
        check "$what: nothing on stdout" [ ! -s "$TMP/out" ]
        check "$what: no output" [ ! -e "$WORK/out.xlsx" ]
        check "$what: nothing else written" [ -z "$(find "$TMP/a" -type f)" ]
        check "$what: nothing from /etc/passwd" bash -c "! grep -q 'root:' '$TMP/out' '$TMP/err'"
        rm -rf "$TMP/a" && mkdir -p "$WORK"
    done
    (cd "$WORK" && "$JIXIAO" dump "$file" --lang en > /dev/null 2> "$TMP/err")
    check "$name: says '$words_en' (en)" grep -qF -- "$words_en" "$TMP/err"
}

refuse merge-outside-col.xlsx "bad merged range 'A1:XFE2'" "invalid value"
refuse merge-outside-row.xlsx "bad merged range 'A1048576:B1048577'" "invalid value"
refuse merge-backwards.xlsx "bad merged range 'C3:A1'" "invalid value"
refuse declared-2g.xlsx "declared size 2147483648" "safety limit"
refuse entry-dotdot.xlsx "部件 ../../jixiao-escaped.txt" "outside the package"
refuse entry-absolute.xlsx "部件 /tmp/jixiao-escaped.txt" "outside the package"
refuse entry-backslash.xlsx "outside the package" "outside the package"
refuse rel-climbing.xlsx "missing part etc/passwd" "lacks a part"
refuse rel-external.xlsx "缺少" "lacks a part"
refuse xxe-sheet.xlsx "DOCTYPE worksheet" "invalid value"
refuse xxe-sst.xlsx "DOCTYPE sst" "invalid value"
refuse xxe-workbook.xlsx "DOCTYPE workbook" "invalid value"
refuse lol-sheet.xlsx "DOCTYPE worksheet" "invalid value"
check "no entry name was followed to /tmp" [ ! -e /tmp/jixiao-escaped.txt ]

# the mapping parser: expat's own limits (no DTD rule there)
run "$JIXIAO" templates --mappings "$H/mapping-lol"
check "billion laughs in a mapping: exit 2" [ "$RC" -eq 2 ]
check "billion laughs in a mapping: one line" [ "$(wc -l < "$TMP/err")" -eq 1 ]
check "billion laughs in a mapping: expat's amplification limit" grep -qF "amplification" "$TMP/err"
run "$JIXIAO" templates --mappings "$H/mapping-xxe"
check "XXE in a mapping: exit 2" [ "$RC" -eq 2 ]
check "XXE in a mapping: one line" [ "$(wc -l < "$TMP/err")" -eq 1 ]
check "XXE in a mapping: not resolved" grep -qF "external entity" "$TMP/err"
check "XXE in a mapping: nothing from /etc/passwd" bash -c "! grep -q 'root:' '$TMP/out' '$TMP/err'"
finish
