# jixiao batch interrupted with Ctrl-C (SIGINT): no new file starts, those in
# progress finish, the report covers exactly what was done (the first files
# of the list, each with its output) and says so, exit 2, nothing half
# written.  A second Ctrl-C ends it at once: no report, no unfinished
# output, no staging folder.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
PY=/usr/bin/python3

# Enough files that the run is still going when the signal comes: links
# to the samples (each is read and fixed as a file of its own).
N=1500
IN=$TMP/inbox
mkdir -p "$IN"
i=0
while [ $i -lt $N ]; do
    for s in wuchuan-2025 jinzhai-2025 zhanjiang-2025; do
        ln -s "$SRC/samples/$s.xlsx" "$IN/$(printf '%05d' $i)-$s.xlsx"
        i=$((i + 1))
    done
done
N=$i

# wait_for_output DIR: until a first output is there (the run is under way)
wait_for_output() {
    local k=0
    while [ $k -lt 3000 ]; do
        [ -n "$(find "$1" -maxdepth 1 -name '0*.xlsx' 2> /dev/null | head -n 1)" ] && return 0
        sleep 0.01
        k=$((k + 1))
    done
    return 1
}

# ---- one Ctrl-C ----
"$JIXIAO" batch "$IN" -o "$TMP/out" --fix -j 2 --report "$TMP/r.json" > "$TMP/o1" 2> "$TMP/e1" &
pid=$!
check "the run starts" wait_for_output "$TMP/out"
kill -INT $pid
wait $pid
rc=$?
check "interrupted: exit 2 ($rc)" [ "$rc" -eq 2 ]
check "interrupted: says it stops starting files" grep -q "收到中断信号：不再开始新文件" "$TMP/e1"
check "interrupted: says the report covers what was done" grep -q "已中断：$N 个文件中处理了 [0-9]* 个；报告只包含已处理的文件" "$TMP/e1"
done_n=$(sed -n "s/.*已中断：$N 个文件中处理了 \([0-9]*\) 个.*/\1/p" "$TMP/e1")
check "interrupted: some but not all files done ($done_n of $N)" [ "${done_n:-0}" -gt 0 -a "${done_n:-0}" -lt "$N" ]
# the report: the first done_n files of the list, in order, each with its output
check "interrupted: the report is the first files, with their outputs" $PY -c '
import json, os, sys
d = json.load(open(sys.argv[1]))
n, inbox, out = int(sys.argv[2]), sys.argv[3], sys.argv[4]
names = sorted(os.listdir(inbox))[:n]
paths = [r["path"] for r in d["files"]]
assert paths == names, (paths[:3], names[:3])
assert all(r["status"] == "ok" for r in d["files"])
written = sorted(f for f in os.listdir(out))
assert written == names, (len(written), n)
' "$TMP/r.json" "$done_n" "$IN" "$TMP/out"
check "interrupted: the last output is a whole workbook" "$JIXIAO" detect "$TMP/out/$(ls "$TMP/out" | tail -n 1)"
check "interrupted: no staging folder or temporary file left" [ "$(ls -A "$TMP/out" | grep -c '^\.jixiao-\|tmp')" -eq 0 ]
check "interrupted: no temporary report left" [ "$(ls "$TMP" | grep -c 'r.json.tmp')" -eq 0 ]

# ---- two Ctrl-C: at once, nothing left half-done ----
# Two small files first, then large ones (a 20,000-row table takes a
# good part of a second to fix): the second signal comes while the large
# ones are in progress.
IN2=$TMP/inbox2
mkdir -p "$IN2"
ln -s "$SRC/samples/wuchuan-2025.xlsx" "$IN2/0a.xlsx"
ln -s "$SRC/samples/jinzhai-2025.xlsx" "$IN2/0b.xlsx"
$PY "$SRC/bench/gen_yuanjiang.py" 20000 "$TMP/big.xlsx" > /dev/null
for k in 1 2 3 4 5 6; do ln -s "$TMP/big.xlsx" "$IN2/1-big$k.xlsx"; done
"$JIXIAO" batch "$IN2" -o "$TMP/out2" --fix -j 2 --report "$TMP/r2.json" > "$TMP/o2" 2> "$TMP/e2" &
pid=$!
check "the second run starts" wait_for_output "$TMP/out2"
kill -INT $pid
sleep 0.02
kill -INT $pid
wait $pid
rc=$?
check "twice: ended by the signal ($rc)" [ "$rc" -eq 130 ]
check "twice: says so" grep -q "再次中断：立即退出" "$TMP/e2"
check "twice: no report" [ ! -e "$TMP/r2.json" ]
check "twice: no staging folder or temporary file" [ "$(ls -A "$TMP/out2" | grep -c '^\.jixiao-\|tmp')" -eq 0 ]
check "twice: no temporary report" [ "$(ls "$TMP" | grep -c 'r2.json.tmp')" -eq 0 ]
check "twice: the small files' outputs only, whole" sh -c '
ls "$1" | grep -qv "^0[ab].xlsx$" && exit 1
for f in "$1"/*.xlsx; do "$2" detect "$f" > /dev/null 2>&1 || exit 1; done' sh "$TMP/out2" "$JIXIAO"
finish
