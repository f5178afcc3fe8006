# The page of jixiao serve in headless Chromium (Debian's chromium, driven
# by playwright-core from tests/serve/node_modules: `npm ci` there), then
# the workbooks it downloaded checked with the command line.  Outside CI a
# machine without Chromium or the node modules skips it; in CI (CI=true)
# that is a failure.  JX_SCREENSHOTS=DIR keeps the screenshots there
# (docs/ holds the ones a person looked at).
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
. "$SRC/tests/serve/serve_lib.sh"
cd "$SRC"
JIXIAO=$(realpath "$JIXIAO")
JIXIAO_MAPPINGS=$(realpath "$JIXIAO_MAPPINGS")

missing=
command -v node > /dev/null 2>&1 || missing="node (apt-get install nodejs)"
[ -x /usr/bin/chromium ] || missing="$missing /usr/bin/chromium (apt-get install chromium)"
[ -d tests/serve/node_modules/playwright-core ] || missing="$missing playwright-core (cd tests/serve && npm ci)"
command -v curl > /dev/null 2>&1 || missing="$missing curl"
if [ -n "$missing" ]; then
    if [ "${CI:-}" = true ]; then
        fail "the browser test needs:$missing"
    else
        echo "SKIPPED: the browser test needs:$missing"
    fi
    finish
    exit
fi

sample=samples/jinzhai-2025.xlsx
name=$(basename "$sample")
(cd samples && "$JIXIAO" validate "$name" --json) > "$TMP/findings.json"
(cd samples && "$JIXIAO" validate "$name" --json --lang en) > "$TMP/findings-en.json"
mkdir -p "$TMP/bad" "$TMP/dl"
echo "这不是工作簿" > "$TMP/bad/不是工作簿.xlsx"
bad_line=$(cli_line "$TMP/bad/不是工作簿.xlsx" validate)
check "the CLI refuses the bad file" [ -n "$bad_line" ]

start_server || exit 1
JX_URL=$URL JX_SAMPLE=$SRC/$sample JX_FINDINGS=$TMP/findings.json JX_FINDINGS_EN=$TMP/findings-en.json \
    JX_BAD="$TMP/bad/不是工作簿.xlsx" JX_BAD_LINE="$bad_line" JX_OUT=$TMP/dl \
    timeout 300 node tests/serve/browser.mjs > "$TMP/browser.out" 2>&1
rc=$?
cat "$TMP/browser.out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$TMP/browser.out" | tail -1)
if [ -n "$line" ]; then
    set -- $line
    PASSED=$((PASSED + $1))
    FAILED=$((FAILED + $3))
fi
check "the browser run ends well ($rc)" [ "$rc" -eq 0 ] && [ -n "$line" ]

# what the page downloaded is what the command line writes
"$JIXIAO" fix "$sample" -o "$TMP/cli-fixed.xlsx" --json > "$TMP/cli-fix.json"
"$JIXIAO" fix "$sample" -o "$TMP/cli-annotated.xlsx" --annotate > /dev/null
check "downloaded fixed workbook = jixiao fix" cmp -s "$TMP/dl/fixed.xlsx" "$TMP/cli-fixed.xlsx"
check "downloaded annotated workbook = jixiao fix --annotate" cmp -s "$TMP/dl/annotated.xlsx" "$TMP/cli-annotated.xlsx"
"$JIXIAO" convert "$sample" --to jinzhai-project -o "$TMP/cli-converted.xlsx" > /dev/null
check "downloaded converted workbook = jixiao convert" cmp -s "$TMP/dl/converted.xlsx" "$TMP/cli-converted.xlsx"
run "$JIXIAO" validate "$TMP/dl/fixed.xlsx" --json
check "the downloaded workbook reads and validates ($RC)" [ "$RC" -le 1 ]
check "the page said what the CLI says" /usr/bin/python3 -c '
import json, re, sys
fix = json.load(open(sys.argv[1]))
left = json.load(open(sys.argv[2]))["findings"]
line = open(sys.argv[3], encoding="utf-8").read()
m = re.search(r"修正 (\d+) 处；仍需人工处理 (\d+) 个错误、(\d+) 个警告、(\d+) 个提示", line)
want = (len(fix["changes"]),) + tuple(sum(f["severity"] == s for f in left) for s in ("error", "warning", "info"))
sys.exit(0 if m and tuple(map(int, m.groups())) == want and len(fix["changes"]) > 0 else 1)' \
    "$TMP/cli-fix.json" "$TMP/out" "$TMP/dl/fixed-line.txt"
check "the fixed findings are gone" /usr/bin/python3 -c '
import json, sys
changes = json.load(open(sys.argv[1]))["changes"]
left = {(f["rule"], f["sheet"], f["cell"]) for f in json.load(open(sys.argv[2]))["findings"]}
sys.exit(1 if any((c["rule"], c["sheet"], c["cell"]) in left for c in changes) else 0)' "$TMP/cli-fix.json" "$TMP/out"
check "screenshots taken" [ -s "$TMP/dl/serve-laptop.png" ] && [ -s "$TMP/dl/serve-narrow.png" ]
if [ -n "${JX_SCREENSHOTS:-}" ]; then
    cp "$TMP/dl/serve-laptop.png" "$TMP/dl/serve-narrow.png" "$JX_SCREENSHOTS"/
fi
stop_server
check "server stopped cleanly ($SRV_RC)" [ "$SRV_RC" -eq 0 ]
check "no temporary file left ($(leftovers))" [ "$(leftovers)" -eq 0 ]
finish
