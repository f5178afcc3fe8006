#!/usr/bin/env bash
# Benchmark `jixiao dump` (and `jixiao detect`, `jixiao validate`) against
# the floor, jx_floor.
#
#   bench/run.sh [BUILD_DIR]          (default ./build)
#
# Builds nothing: build first with
#   cmake -S . -B build && cmake --build build
# Generates bench/out/yuanjiang-200k.xlsx (git-ignored) if it is missing.
#
# Environment:
#   JX_BENCH_ROWS  indicator rows of the generated workbook (default 200000)
#   JX_BENCH_RUNS  runs per program, the best wall time is kept (default 5)
#   JX_BENCH_FILE  benchmark this workbook instead of the generated one
#
# Goals (docs/performance.md): jixiao time / floor time <= 1.3 and jixiao
# peak RSS <= 10x the compressed size of the sheet part.

set -u
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-./build}
rows=${JX_BENCH_ROWS:-200000}
runs=${JX_BENCH_RUNS:-5}
goal_ratio=1.3
goal_mem=10

case $rows in ''|*[!0-9]*) echo "run.sh: JX_BENCH_ROWS must be a number" >&2; exit 2 ;; esac
case $runs in ''|*[!0-9]*|0) echo "run.sh: JX_BENCH_RUNS must be a positive number" >&2; exit 2 ;; esac
if [ ! -d "$build" ]; then
    echo "run.sh: build directory '$build' not found; build first:" >&2
    echo "  cmake -S . -B build && cmake --build build" >&2
    exit 2
fi
build=$(cd "$build" && pwd)

# Python for the generator (standard library only; any python3 will do).
py=
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1; then py=$p; break; fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jx_bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# --- the workbook -----------------------------------------------------------
if [ -n "${JX_BENCH_FILE:-}" ]; then
    file=$JX_BENCH_FILE
    [ -f "$file" ] || { echo "run.sh: $file not found" >&2; exit 2; }
else
    if [ $((rows % 1000)) -eq 0 ]; then tag="$((rows / 1000))k"; else tag=$rows; fi
    file="$here/out/yuanjiang-$tag.xlsx"
    if [ ! -f "$file" ]; then
        [ -n "$py" ] || { echo "run.sh: no python3 to generate $file" >&2; exit 2; }
        echo "generating $file ($rows indicator rows) ..."
        g0=$(date +%s%N)
        "$py" "$here/gen_yuanjiang.py" "$rows" "$file" || { echo "run.sh: generation failed" >&2; exit 1; }
        g1=$(date +%s%N)
        awk -v ns=$((g1 - g0)) 'BEGIN { printf "generated in %.1f s\n\n", ns / 1e9 }'
    fi
fi

# --- measuring --------------------------------------------------------------
# run_once CMD...: runs CMD once, stdout to /dev/null and stderr to $tmp/err;
# sets R_WALL_NS (wall time, ns), R_RSS (peak RSS, KiB) and R_RC (exit status).
if /usr/bin/time --version 2>&1 | grep -q GNU; then
    rss_tool="GNU time (/usr/bin/time -f %M)"
    run_once() { # sets R_WALL_NS R_RSS R_RC
        local t0 t1
        t0=$(date +%s%N)
        /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err"
        R_RC=$?
        t1=$(date +%s%N)
        R_WALL_NS=$((t1 - t0))
        R_RSS=$(tail -n 1 "$tmp/rss" 2>/dev/null)
        case $R_RSS in ''|*[!0-9]*) R_RSS=0 ;; esac
    }
elif [ -n "$py" ]; then
    rss_tool="python resource.getrusage (GNU time not installed: apt-get install time)"
    cat >"$tmp/rusage.py" <<'EOF'
import resource, subprocess, sys, time
t0 = time.perf_counter()
with open(sys.argv[2], "wb") as err:
    rc = subprocess.call(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=err)
t1 = time.perf_counter()
with open(sys.argv[1], "w") as f:
    f.write("%d %d %d\n" % (int((t1 - t0) * 1e9), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc))
EOF
    run_once() {
        "$py" "$tmp/rusage.py" "$tmp/ru" "$tmp/err" "$@"
        read -r R_WALL_NS R_RSS R_RC <"$tmp/ru" || { R_WALL_NS=0; R_RSS=0; R_RC=127; }
    }
    # Linux keeps the high-water mark of the forked python across exec, so
    # every figure includes the wrapper's own pages: measure that floor.
    run_once true
    rss_tool="$rss_tool;
            figures at or below $R_RSS KiB (the wrapper's own pages) mean little"
else
    echo "run.sh: neither GNU time nor python3 is available to measure memory" >&2
    exit 2
fi

# --- sizes ------------------------------------------------------------------
file_size=$(wc -c <"$file" | tr -d ' ')
sheet_name= sheet_c= sheet_u=
floor_bin=
for f in "$build/bench/jx_floor" "$build/jx_floor"; do
    if [ -x "$f" ]; then floor_bin=$f; break; fi
done
if [ -n "$floor_bin" ] && "$floor_bin" "$file" >"$tmp/floor.out" 2>"$tmp/err"; then
    # the largest worksheet part
    read -r sheet_name sheet_c sheet_u < <(awk '$1 == "part" && $2 ~ /^xl\/worksheets\// { print $2, $4, $6 }' \
        "$tmp/floor.out" | sort -k2,2n | tail -n 1)
elif [ -n "$py" ]; then
    read -r sheet_name sheet_c sheet_u < <("$py" - "$file" 2>/dev/null <<'EOF'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
s = [i for i in z.infolist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename)]
i = max(s, key=lambda i: i.compress_size)
print(i.filename, i.compress_size, i.file_size)
EOF
    )
fi

fmt() { printf "%d" "$1"; }

echo "workbook    $file"
echo "file size   $(fmt "$file_size") bytes"
if [ -n "$sheet_name" ]; then
    echo "sheet part  $sheet_name: compressed $(fmt "$sheet_c") bytes, uncompressed $(fmt "$sheet_u") bytes"
else
    echo "sheet part  (sizes unknown: neither jx_floor nor python3 could read the package)"
fi
echo "method      best wall time of $runs interleaved runs after one warm-up; peak RSS is the largest"
echo "            of the runs, measured with $rss_tool"
echo "machine     $(nproc 2>/dev/null || echo '?') cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)"
echo

# --- the programs -------------------------------------------------------------
floor_time=
header_done=
row() { # label time rss
    local label=$1 t=$2 rss=$3
    if [ -z "$header_done" ]; then
        printf "%-22s %9s %17s %15s %21s\n" "program" "time (s)" "ratio to floor" "peak RSS (KiB)" "RSS / sheet (comp.)"
        header_done=1
    fi
    local ratio="-" rverdict="" mem="-" mverdict=""
    if [ -n "$floor_time" ] && [ "$label" != "jx_floor" ]; then
        ratio=$(awk -v a="$t" -v b="$floor_time" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        rverdict=$(awk -v r="$ratio" -v g="$goal_ratio" 'BEGIN { if (r == "-") print ""; else if (r + 0 <= g) print "ok"; else print "OVER" }')
    elif [ "$label" = "jx_floor" ]; then
        ratio="1.00"
    fi
    if [ -n "$sheet_c" ] && [ "$sheet_c" -gt 0 ]; then
        mem=$(awk -v k="$rss" -v c="$sheet_c" 'BEGIN { printf "%.2fx", k * 1024 / c }')
        if [ "$label" != "jx_floor" ]; then
            mverdict=$(awk -v k="$rss" -v c="$sheet_c" -v g="$goal_mem" 'BEGIN { if (k * 1024 <= g * c) print "ok"; else print "OVER" }')
        fi
    fi
    printf "%-22s %9s %10s %-6s %15s %14s %-6s\n" "$label" "$t" "$ratio" "$rverdict" "$(fmt "$rss")" "$mem" "$mverdict"
}

# Programs: 0 the floor, 1 jixiao dump, 2 jixiao detect, 3 jixiao
# validate. The runs are interleaved (floor, dump, detect, validate, floor,
# ...) so that a burst of load on the machine hits all of them alike
# instead of skewing the ratio.
jixiao=$build/jixiao
labels=("jx_floor" "jixiao dump --json" "jixiao detect" "jixiao validate --json")
run_prog() {
    case $1 in
    0) run_once "$floor_bin" "$file" ;;
    1) run_once timeout 600 "$jixiao" dump "$file" --json ;;
    2) run_once timeout 600 "$jixiao" detect "$file" ;;
    3) run_once timeout 600 "$jixiao" validate "$file" --json
       # exit 1 means "findings of severity error": the run itself succeeded
       if [ "$R_RC" -eq 1 ]; then R_RC=0; fi ;;
    esac
}
failed() { # index: report the failure of the last run
    echo "${labels[$1]}: not available yet or failed (exit $R_RC):"
    head -n 3 "$tmp/err" | sed 's/^/    /'
    echo
}

candidates=()
if [ -n "$floor_bin" ]; then
    candidates+=(0)
else
    echo "jx_floor not built: cmake --build $build --target jx_floor"
    echo
fi
if [ -x "$jixiao" ]; then
    candidates+=(1 2 3)
else
    echo "jixiao is not built yet ($jixiao missing): only the floor figures are shown."
    echo "Build it with: cmake --build $build --target jixiao"
    echo
fi

# warm-up (page cache, dynamic loader) and availability check
active=()
for i in "${candidates[@]}"; do
    run_prog "$i"
    if [ "$R_RC" -eq 0 ]; then active+=("$i"); else failed "$i"; fi
done
declare -a best rss
for i in "${active[@]}"; do best[$i]=0; rss[$i]=0; done
for ((n = 0; n < runs; n++)); do
    still=()
    for i in "${active[@]}"; do
        run_prog "$i"
        if [ "$R_RC" -ne 0 ]; then failed "$i"; continue; fi
        still+=("$i")
        if [ "${best[$i]}" -eq 0 ] || [ "$R_WALL_NS" -lt "${best[$i]}" ]; then best[$i]=$R_WALL_NS; fi
        if [ "$R_RSS" -gt "${rss[$i]}" ]; then rss[$i]=$R_RSS; fi
    done
    active=("${still[@]}")
done

secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
for i in "${active[@]}"; do
    if [ "$i" -eq 0 ]; then floor_time=$(secs "${best[0]}"); fi
done
for i in "${active[@]}"; do
    row "${labels[$i]}" "$(secs "${best[$i]}")" "${rss[$i]}"
done
# A stub that exits 0 at once would look very fast: show what dump wrote.
for i in "${active[@]}"; do
    if [ "$i" -eq 1 ]; then
        out_bytes=$(timeout 600 "$jixiao" dump "$file" --json 2>/dev/null | wc -c | tr -d ' ')
        echo
        echo "jixiao dump --json wrote $out_bytes bytes of JSON"
        if [ "$out_bytes" -eq 0 ]; then echo "  (no output: its figures above mean nothing)"; fi
    fi
done

echo
echo "goals: ratio to floor <= $goal_ratio; peak RSS <= ${goal_mem}x the sheet part's compressed size"
if [ -n "$sheet_c" ] && [ "$sheet_c" -gt 0 ]; then
    echo "       (${goal_mem}x $(fmt "$sheet_c") bytes = $(fmt $((goal_mem * sheet_c / 1024))) KiB)"
fi
exit 0
