# jixiao serve: every endpoint against the command line (same bytes, same
# messages), the limits, hostile uploads, 50 uploads at once, temporary
# files, and stopping on SIGTERM/SIGINT.  Needs curl.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
. "$SRC/tests/serve/serve_lib.sh"
cd "$SRC"
JIXIAO=$(realpath "$JIXIAO")
JIXIAO_MAPPINGS=$(realpath "$JIXIAO_MAPPINGS")
if ! command -v curl > /dev/null 2>&1; then
    fail "curl is needed (apt-get install curl)"
    finish
    exit
fi
PY=/usr/bin/python3

# ---- options ----
run "$JIXIAO" serve --help
check "serve --help exits 0" [ "$RC" -eq 0 ]
check "serve --help names --listen" grep -q -- '--listen 127.0.0.1:8080' "$TMP/out"
run "$JIXIAO" serve --bogus
check "unknown option: exit 2, one line" [ "$RC" -eq 2 ] && [ "$(wc -l < "$TMP/err")" -eq 1 ]
for bad in "--listen nowhere:x" "--listen 1.2.3.4.5:80" "--listen [::1:80" "--max-upload 0" "--max-upload 20XB" \
           "--workers 0" "--workers 9999" "--max-files -1" "--lang fr" "--listen"; do
    # shellcheck disable=SC2086
    run "$JIXIAO" serve $bad
    check "serve $bad: exit 2 ($RC)" [ "$RC" -eq 2 ]
    check "serve $bad: one line" [ "$(wc -l < "$TMP/err")" -eq 1 ]
done
TMPDIR=/nonexistent run "$JIXIAO" serve --listen 127.0.0.1:0
check "no temporary folder: exit 2 ($RC)" [ "$RC" -eq 2 ]
check "no temporary folder: says so" grep -q '无法创建临时文件夹：/nonexistent' "$TMP/err"
run "$JIXIAO" serve --listen "[::1" --lang en
check "bad listen says so in English" grep -q -- "--listen takes HOST:PORT" "$TMP/err"

# the default address is the loopback one: a port alone listens there too
start_server || exit 1
check "listens on 127.0.0.1" grep -q '^jixiao serve：在浏览器中打开 http://127.0.0.1:[0-9]*/' "$SRV_OUT"
first_port=$PORT
run "$JIXIAO" serve --listen "127.0.0.1:$first_port"
check "a port in use: exit 2" [ "$RC" -eq 2 ]
check "a port in use: says where" grep -q "无法在 127.0.0.1:$first_port 上启动服务" "$TMP/err"
stop_server
check "SIGTERM: exit 0" [ "$SRV_RC" -eq 0 ]
check "SIGTERM: says stopped" grep -q '已停止' "$SRV_ERR"

start_server --max-upload 256KB || exit 1

# ---- the page ----
curl -s -D "$TMP/h" -o "$TMP/page" "$URL"
check "GET /: 200" grep -q '^HTTP/1.1 200' "$TMP/h"
check "GET /: html" grep -qi '^Content-Type: text/html; charset=utf-8' "$TMP/h"
check "GET /: Chinese page" grep -q '<html lang="zh-CN">' "$TMP/page"
check "GET /: scripts only from itself" grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'" "$TMP/h"
for asset in page.js page.css; do
    curl -s -D "$TMP/h" -o "$TMP/$asset" "$URL$asset"
    check "GET /$asset: 200" grep -q '^HTTP/1.1 200' "$TMP/h"
    check "GET /$asset: the file in the source tree" cmp -s "$TMP/$asset" converter/serve/page/$asset
done
check "GET /: the file in the source tree" cmp -s "$TMP/page" converter/serve/page/index.html
# nothing is fetched from anywhere else
check "no outside address in the page" [ "$(cat "$TMP/page" "$TMP/page.js" "$TMP/page.css" | grep -c 'https\?://')" -eq 0 ]
check "HEAD /: 200" [ "$(curl -s -o /dev/null -w '%{http_code}' -I "$URL")" = 200 ]

# ---- /api/templates: the catalog, as `jixiao templates` lists it ----
curl -s -D "$TMP/h" -o "$TMP/templates.json" "${URL}api/templates"
check "templates: 200 json" grep -qi '^Content-Type: application/json' "$TMP/h"
"$JIXIAO" templates > "$TMP/templates.txt"
check "templates: ids, titles and order of jixiao templates" $PY -c '
import json, sys
got = [(t["id"], t["kind"], t["title"]) for t in json.load(open(sys.argv[1]))]
want = []
for line in open(sys.argv[2], encoding="utf-8"):
    tid, kind, rest = line.split(None, 2)
    want.append((tid, kind, rest.rsplit("（", 1)[0]))
sys.exit(0 if got == want and len(got) == 10 else 1)' "$TMP/templates.json" "$TMP/templates.txt"

# ---- /api/validate: the bytes of validate --json, the forms of detect ----
for wb in samples/*.xlsx tests/data/clean/*.xlsx; do
    name=$(basename "$wb")
    for lang in zh en; do
        code=$(curl -s -D "$TMP/h" -o "$TMP/v.json" -w '%{http_code}' -F "file=@$wb" "${URL}api/validate?lang=$lang")
        check "$name ($lang): validate 200 ($code)" [ "$code" = 200 ]
        (cd "$(dirname "$wb")" && "$JIXIAO" validate "$name" --json --lang "$lang") > "$TMP/cli.json"
        check "$name ($lang): validate --json's bytes" cmp -s "$TMP/v.json" "$TMP/cli.json"
    done
    (cd "$(dirname "$wb")" && "$JIXIAO" detect "$name") > "$TMP/detect.txt"
    check "$name: X-Jixiao-Forms as detect says" $PY -c '
import json, re, sys
line = [l for l in open(sys.argv[1], encoding="latin-1") if l.lower().startswith("x-jixiao-forms:")][0]
got = {(f["sheet"], f["template"]) for f in json.loads(line.split(":", 1)[1])}
want = set()
for l in open(sys.argv[2], encoding="utf-8"):
    sheet, tid = l.rstrip("\n").split("\t")[:2]
    tid = re.match(r"[a-z0-9-]+", tid).group(0)
    want.add((sheet, None if tid == "unknown" else tid))
sys.exit(0 if got == want else 1)' "$TMP/h" "$TMP/detect.txt"
done

# ---- /api/convert: the bytes of jixiao convert; its refusals ----
for pair in wuchuan-2025:jinzhai-project zhanjiang-2025:yuanjiang-project guangshui-2025:wuchuan-dept; do
    name=${pair%%:*}; to=${pair#*:}
    code=$(curl -s -D "$TMP/h" -o "$TMP/conv.xlsx" -w '%{http_code}' -F "file=@samples/$name.xlsx" "${URL}api/convert?to=$to")
    check "$name convert?to=$to: 200 ($code)" [ "$code" = 200 ]
    "$JIXIAO" convert "samples/$name.xlsx" --to "$to" -o "$TMP/cli-conv.xlsx" --json > "$TMP/conv.json"
    check "$name convert?to=$to: the CLI's bytes" cmp -s "$TMP/conv.xlsx" "$TMP/cli-conv.xlsx"
    check "$name convert?to=$to: not-carried count as the CLI's" $PY -c '
import json, sys
h = dict(l.split(":", 1) for l in open(sys.argv[1], encoding="latin-1") if ":" in l)
h = {k.strip().lower(): v.strip() for k, v in h.items()}
d = json.load(open(sys.argv[2]))
sys.exit(0 if h["x-jixiao-not-carried"] == str(len(d["items"])) else 1)' "$TMP/h" "$TMP/conv.json"
done
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/yuanjiang-2024.xlsx" "${URL}api/convert?to=wuchuan-dept")
check "convert to another kind: 422 ($code)" [ "$code" = 422 ]
check "convert to another kind: the CLI's line" grep -q '部门整体' "$TMP/body"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" "${URL}api/convert?to=no-such")
check "convert to an unknown id: 400 ($code)" [ "$code" = 400 ]
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" "${URL}api/convert")
check "convert without ?to: 400 ($code)" [ "$code" = 400 ]

# ---- /api/batch: a zip of the outputs and the summary workbook ----
code=$(curl -s -o "$TMP/batch.zip" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" -F "file=@samples/guangshui-2025.xlsx" \
    -F "file=@tests/data/reader/badrel.xlsx;filename=../../evil.xlsx" "${URL}api/batch?to=jinzhai-project")
check "batch?to: 200 ($code)" [ "$code" = 200 ]
"$JIXIAO" convert samples/wuchuan-2025.xlsx --to jinzhai-project -o "$TMP/cli-wc.xlsx" > /dev/null
check "batch?to: the zip holds what jixiao convert writes, and the summary" $PY -c '
import io, sys, zipfile, openpyxl
z = zipfile.ZipFile(sys.argv[1])
assert sorted(z.namelist()) == ["wuchuan-2025.xlsx", "汇总.xlsx"], z.namelist()
assert z.read("wuchuan-2025.xlsx") == open(sys.argv[2], "rb").read()
rows = list(openpyxl.load_workbook(io.BytesIO(z.read("汇总.xlsx")))["汇总"].iter_rows(values_only=True))
assert [r[0] for r in rows[1:]] == ["wuchuan-2025.xlsx", "guangshui-2025.xlsx", "evil.xlsx"], rows
assert rows[1][7] == "已处理" and rows[2][7] == "无法处理" and rows[3][7] == "无法处理", rows' "$TMP/batch.zip" "$TMP/cli-wc.xlsx"
code=$(curl -s -o "$TMP/batch.zip" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" -F "file=@samples/wuchuan-2025.xlsx" "${URL}api/batch?fix=1&lang=en")
check "batch?fix: 200 ($code)" [ "$code" = 200 ]
"$JIXIAO" fix samples/wuchuan-2025.xlsx -o "$TMP/cli-wf.xlsx" > /dev/null
check "batch?fix: both copies, named apart, as jixiao fix writes them" $PY -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert sorted(z.namelist()) == ["summary.xlsx", "wuchuan-2025 (2).xlsx", "wuchuan-2025.xlsx"], z.namelist()
want = open(sys.argv[2], "rb").read()
assert z.read("wuchuan-2025.xlsx") == want and z.read("wuchuan-2025 (2).xlsx") == want' "$TMP/batch.zip" "$TMP/cli-wf.xlsx"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" "${URL}api/batch?to=jinzhai-project&fix=1")
check "batch?to&fix: 400 ($code)" [ "$code" = 400 ]
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" "${URL}api/batch?to=no-such")
check "batch?to=unknown: 400 ($code)" [ "$code" = 400 ]
check "batch: no temporary file left" [ "$(leftovers)" -eq 0 ]

# ---- /api/fix: the bytes of jixiao fix, with and without --annotate ----
for wb in samples/*.xlsx; do
    name=$(basename "$wb" .xlsx)
    for variant in "" "annotate=1" "annotate=1&lang=en"; do
        case $variant in
            "") args=(); suffix=修正 ;;
            annotate=1) args=(--annotate); suffix=标注 ;;
            *) args=(--annotate --lang en); suffix=annotated ;;
        esac
        code=$(curl -s -D "$TMP/h" -o "$TMP/fixed.xlsx" -w '%{http_code}' -F "file=@$wb" "${URL}api/fix?$variant")
        check "$name fix?$variant: 200 ($code)" [ "$code" = 200 ]
        "$JIXIAO" fix "$wb" -o "$TMP/cli.xlsx" --json "${args[@]}" > "$TMP/cli.json"
        check "$name fix?$variant: the CLI's bytes" cmp -s "$TMP/fixed.xlsx" "$TMP/cli.xlsx"
        check "$name fix?$variant: counts as the CLI's" $PY -c '
import json, sys, urllib.parse
h = {}
for l in open(sys.argv[1], encoding="latin-1"):
    if ":" in l:
        k, v = l.split(":", 1)
        h[k.strip().lower()] = v.strip()
d = json.load(open(sys.argv[2]))
left = d["left"]["findings"]
want_left = "%d,%d,%d" % tuple(sum(f["severity"] == s for f in left) for s in ("error", "warning", "info"))
name = urllib.parse.unquote(h["content-disposition"].split("filename*=UTF-8")[1][2:])
ok = (h["x-jixiao-changed"] == str(len(d["changes"])) and h["x-jixiao-left"] == want_left
      and h["content-type"].startswith("application/vnd.openxmlformats") and name == sys.argv[3])
sys.exit(0 if ok else 1)' "$TMP/h" "$TMP/cli.json" "$name-$suffix.xlsx"
    done
done
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/wuchuan-2025.xlsx" "${URL}api/fix?annotate=yes")
check "fix?annotate=yes: 400" [ "$code" = 400 ]
check "fix?annotate=yes: says so" grep -q '^annotate 只接受 0 或 1$' "$TMP/body"

# ---- a workbook the CLI refuses: 422 and the CLI's line ----
for wb in tests/data/reader/{empty,random,legacy,encrypted,strict,truncentry,crc,badxml,badrel,badref-a0,noworkbook,bomb-declared,bomb-ratio,bomb-liar,types}.xls* tests/data/cli/overlap-merge.xlsx; do
    for lang in zh en; do
        for ep in validate fix; do
            code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@$wb" "${URL}api/$ep?lang=$lang")
            check "$wb $ep ($lang): 422 ($code)" [ "$code" = 422 ]
            want=$(cli_line "$wb" validate --lang "$lang")
            check "$wb $ep ($lang): the CLI's line" [ "$(cat "$TMP/body")" = "$want" ]
        done
    done
done

# ---- limits and malformed requests ----
head -c 300000 /dev/urandom > "$TMP/big.xlsx"
for expect in "Expect: 100-continue" "Expect:"; do
    code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "$expect" -F "file=@$TMP/big.xlsx" "${URL}api/validate")
    check "over --max-upload ($expect): 413 ($code)" [ "$code" = 413 ]
    check "over --max-upload ($expect): says the limit" grep -q '^上传的文件超过 256KB 的上限$' "$TMP/body"
done
head -c 3000000 /dev/urandom > "$TMP/huge.xlsx"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "Expect:" -F "file=@$TMP/huge.xlsx" "${URL}api/fix?lang=en")
check "far over the limit: 413 at once ($code)" [ "$code" = 413 ]
check "far over the limit: says so in English" grep -q '^the upload exceeds the limit of 256KB$' "$TMP/body"
# without a length the connection is closed past the bound: no reply, no file kept
curl -s -o /dev/null -H "Transfer-Encoding: chunked" -F "file=@$TMP/huge.xlsx" "${URL}api/validate"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/jinzhai-2025.xlsx" -F "file=@samples/wuchuan-2025.xlsx" \
       "${URL}api/validate")
check "two files to validate: 413 ($code)" [ "$code" = 413 ]
check "two files: says the count" grep -q '^一次最多上传 1 个文件$' "$TMP/body"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "other=@samples/jinzhai-2025.xlsx" "${URL}api/validate")
check "no file field: 400 ($code)" [ "$code" = 400 ] && grep -q 'file' "$TMP/body"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' --data-binary @samples/jinzhai-2025.xlsx "${URL}api/validate")
check "not multipart: 415 ($code)" [ "$code" = 415 ]
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "${URL}api/nothing")
check "unknown address: 404 ($code)" [ "$code" = 404 ]
check "unknown address: one line" grep -q '^没有这个地址：/api/nothing$' "$TMP/body"
code=$(curl -s -D "$TMP/h" -o "$TMP/body" -w '%{http_code}' "${URL}api/fix")
check "GET on a POST endpoint: 405 ($code)" [ "$code" = 405 ] && grep -qi '^Allow: POST' "$TMP/h"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@samples/jinzhai-2025.xlsx" "${URL}api/validate?lang=fr")
check "lang=fr: 400 ($code)" [ "$code" = 400 ]
# a body that stops before its closing boundary
B=jxbound
{ printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n' $B
  head -c 5000 samples/jinzhai-2025.xlsx; } > "$TMP/cut.body"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "Content-Type: multipart/form-data; boundary=$B" \
       --data-binary @"$TMP/cut.body" "${URL}api/validate")
check "multipart cut short: 400 ($code)" [ "$code" = 400 ]
check "multipart cut short: says so" grep -q '不完整或格式错误' "$TMP/body"

# ---- hostile names: never a path, never a header ----
mkdir -p "$TMP/hostile"
for raw in '../../../escape.xlsx' '/tmp/abs.xlsx' '..\\..\\win.xlsx' 'a"b;c.xlsx' '.' ''; do
    { printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n' $B "$raw"
      printf 'Content-Type: application/octet-stream\r\n\r\n'
      cat samples/wuchuan-2025.xlsx
      printf -- '\r\n--%s--\r\n' $B; } > "$TMP/hostile.body"
    code=$(cd "$TMP/hostile" && curl -s -D "$TMP/h" -o "$TMP/hostile.xlsx" -w '%{http_code}' \
           -H "Content-Type: multipart/form-data; boundary=$B" --data-binary @"$TMP/hostile.body" "${URL}api/fix")
    check "name '$raw': 200 ($code)" [ "$code" = 200 ]
    check "name '$raw': the fixed workbook" $PY -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()' "$TMP/hostile.xlsx"
    check "name '$raw': one Content-Disposition line" [ "$(grep -ci '^Content-Disposition:' "$TMP/h")" -eq 1 ]
done
check "no file escaped the private folder" [ -z "$(find "$TMP" / -xdev -maxdepth 3 \( -name 'escape*.xlsx' -o -name 'abs*.xlsx' -o -name 'win*.xlsx' \) 2> /dev/null)" ]
# a name with a line break cannot add a header
printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="x\rX-Evil: 1.xlsx"\r\n\r\n' $B > "$TMP/evil.body"
cat samples/wuchuan-2025.xlsx >> "$TMP/evil.body"
printf -- '\r\n--%s--\r\n' $B >> "$TMP/evil.body"
curl -s -D "$TMP/h" -o /dev/null -H "Content-Type: multipart/form-data; boundary=$B" --data-binary @"$TMP/evil.body" \
     "${URL}api/fix"
check "a line break in a name adds no header" [ "$(grep -ci '^X-Evil' "$TMP/h")" -eq 0 ]
# bytes that are no workbook, a zip of zeros, a client that leaves halfway
head -c 200000 /dev/zero > "$TMP/zeros.xlsx"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -F "file=@$TMP/zeros.xlsx" "${URL}api/fix")
check "zeros: 422 ($code)" [ "$code" = 422 ]
head -c 200000 /dev/urandom > "$TMP/mid.xlsx"
curl -s -o /dev/null --limit-rate 20k --max-time 1 -F "file=@$TMP/mid.xlsx;filename=slow.xlsx" "${URL}api/validate"
code=$(curl -s -o /dev/null -w '%{http_code}' "${URL}api/templates")
check "still serving after hostile uploads ($code)" [ "$code" = 200 ] && kill -0 "$SRV_PID"
for _ in $(seq 40); do [ "$(leftovers)" -eq 0 ] && break; sleep 0.05; done
check "no temporary file left after hostile uploads ($(leftovers))" [ "$(leftovers)" -eq 0 ]

# ---- 50 uploads at once ----
samples=(samples/*.xlsx)
clients=()
for i in $(seq 0 49); do
    wb=${samples[$((i % ${#samples[@]}))]}
    ep=$([ $((i % 2)) -eq 0 ] && echo validate || echo fix)
    curl -s -o "$TMP/c$i.out" -w '%{http_code}' -F "file=@$wb" "${URL}api/$ep" > "$TMP/c$i.code" &
    clients+=($!)
done
wait "${clients[@]}"
for wb in "${samples[@]}"; do
    name=$(basename "$wb")
    (cd samples && "$JIXIAO" validate "$name" --json) > "$TMP/want-validate-$name"
    "$JIXIAO" fix "$wb" -o "$TMP/want-fix-$name" > /dev/null
done
ok=0
for i in $(seq 0 49); do
    name=$(basename "${samples[$((i % ${#samples[@]}))]}")
    ep=$([ $((i % 2)) -eq 0 ] && echo validate || echo fix)
    [ "$(cat "$TMP/c$i.code")" = 200 ] && cmp -s "$TMP/c$i.out" "$TMP/want-$ep-$name" && ok=$((ok + 1))
done
check "50 at once: every reply right ($ok/50)" [ "$ok" -eq 50 ]
check "50 at once: no temporary file left ($(leftovers))" [ "$(leftovers)" -eq 0 ]

# ---- a graceful stop: the request in progress is answered ----
{ printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="slow.xlsx"\r\n\r\n' $B
  cat samples/jinzhai-2025.xlsx
  printf -- '\r\n--%s--\r\n' $B; } > "$TMP/slow.body"
len=$(stat -c %s "$TMP/slow.body")
(
    exec 3<> "/dev/tcp/127.0.0.1/$PORT"
    printf 'POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' $B "$len" >&3
    head -c 2000 "$TMP/slow.body" >&3
    sleep 1.5
    tail -c +2001 "$TMP/slow.body" >&3
    cat <&3 > "$TMP/slow.reply"
) &
client=$!
for _ in $(seq 40); do [ "$(leftovers)" -gt 0 ] && break; sleep 0.05; done
kill -TERM "$SRV_PID"
sleep 0.5
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${URL}api/templates")
check "stopping: no new connection ($code)" [ "$code" = 000 ]
wait $client
wait "$SRV_PID"
SRV_RC=$?
SRV_PID=
check "stopping: exit 0 ($SRV_RC)" [ "$SRV_RC" -eq 0 ]
check "stopping: the request in progress got its reply" grep -q '^HTTP/1.1 200' "$TMP/slow.reply"
check "stopping: its findings complete" grep -q '"file": "slow.xlsx"' "$TMP/slow.reply"
check "stopping: waited for it" grep -q '正在停止，等待 1 个请求处理完' "$SRV_ERR"
check "stopped: no temporary file left" [ "$(leftovers)" -eq 0 ]
start_server --lang en || exit 1
stop_server INT
check "SIGINT: exit 0" [ "$SRV_RC" -eq 0 ]
check "SIGINT: says stopped (English)" grep -q 'jixiao serve: stopped' "$SRV_ERR"

finish
