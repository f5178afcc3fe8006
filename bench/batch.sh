#!/usr/bin/env bash
# The batch benchmark: `jixiao batch` (validate, and --fix) against what a
# bureau's IT staff would write with openpyxl (load every workbook and read
# every cell; load, read and save) and against the floor (jx_floor: inflate
# and tokenize the same parts), in one run, on the same corpus.
#
#   bench/batch.sh [BUILD_DIR]          (default ./build)
#
# Builds nothing: build first with
#   cmake -S . -B build && cmake --build build
# Generates bench/out/corpus-<N>/ (git-ignored) when it is missing: 70 % of
# the workbooks written by jx_gen_corpus (the project's writer), 30 % by
# openpyxl (bench/gen_corpus.py), from samples/ and tests/data/clean/.
#
# Environment:
#   JX_BENCH_FILES  workbooks in the corpus (default 1000)
#   JX_BENCH_SMALL  the smaller run the memory is compared with (default 100)
#   JX_BENCH_JOBS   -j for jixiao, and floor processes (default 2)
#   JX_BENCH_RUNS   timed runs of jixiao and the floor, best kept (default 3)
#   JX_BENCH_PYTHON 0 to skip the openpyxl loops (they take minutes)
#
# Goals (docs/performance.md): validate >= 50x the openpyxl load loop;
# --fix >= 30x the openpyxl load+save loop; validate within 2x the floor;
# peak RSS for all the files within 1.5x that for JX_BENCH_SMALL of them.

set -u
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-./build}
files=${JX_BENCH_FILES:-1000}
small=${JX_BENCH_SMALL:-100}
jobs=${JX_BENCH_JOBS:-2}
runs=${JX_BENCH_RUNS:-3}
with_python=${JX_BENCH_PYTHON:-1}

for v in "$files" "$small" "$jobs" "$runs"; do
    case $v in ''|*[!0-9]*|0) echo "batch.sh: JX_BENCH_FILES, _SMALL, _JOBS and _RUNS must be positive numbers" >&2; exit 2 ;; esac
done
if [ ! -d "$build" ]; then
    echo "batch.sh: build directory '$build' not found; build first:" >&2
    echo "  cmake -S . -B build && cmake --build build" >&2
    exit 2
fi
build=$(cd "$build" && pwd)
jixiao=$build/jixiao
floor=$build/bench/jx_floor
gen=$build/bench/jx_gen_corpus
for b in "$jixiao" "$floor" "$gen"; do
    [ -x "$b" ] || { echo "batch.sh: $b is not built (cmake --build $build)" >&2; exit 2; }
done
/usr/bin/time --version 2>&1 | grep -q GNU || { echo "batch.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
py=/usr/bin/python3
have_openpyxl=0
$py -c 'import openpyxl' 2> /dev/null && have_openpyxl=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jx_batch_bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# --- the corpus ----------------------------------------------------------------
corpus=$here/out/corpus-$files
sources=("$root"/samples/*.xlsx "$root"/tests/data/clean/*.xlsx)
if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    py_count=0
    [ $have_openpyxl -eq 1 ] && py_count=$((files * 3 / 10))
    c_count=$((files - py_count))
    echo "generating $corpus: $c_count workbooks by jx_gen_corpus, $py_count by openpyxl ..."
    g0=$(date +%s%N)
    "$gen" "$root/mappings" "$corpus" 0 "$c_count" "${sources[@]}" > "$tmp/gen.txt" || { echo "batch.sh: generation failed" >&2; exit 1; }
    if [ "$py_count" -gt 0 ]; then
        "$py" "$here/gen_corpus.py" "$corpus" "$c_count" "$py_count" "${sources[@]}" >> "$tmp/gen.txt" ||
            { echo "batch.sh: generation failed" >&2; exit 1; }
    fi
    g1=$(date +%s%N)
    awk -v ns=$((g1 - g0)) 'BEGIN { printf "generated in %.1f s\n\n", ns / 1e9 }'
    printf '%s\n' "$c_count $py_count" > "$corpus/.complete"
fi
read -r c_count py_count < "$corpus/.complete"
find "$corpus" -name '*.xlsx' | sort > "$tmp/list"
head -n "$small" "$tmp/list" > "$tmp/small"
n=$(wc -l < "$tmp/list")
bytes=$(xargs -a "$tmp/list" cat | wc -c)

# --- measuring -----------------------------------------------------------------
# run_once OUT STDIN CMD...: sets R_NS (wall), R_CPU (user + system seconds),
# R_RSS (peak KiB), all from GNU time -v but the wall time; R_RC
run_once() {
    local out=$1 in=$2 t0 t1
    shift 2
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tmp/time" "$@" < "$in" > "$out" 2> "$tmp/err"
    R_RC=$?
    t1=$(date +%s%N)
    R_NS=$((t1 - t0))
    R_RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
    R_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tmp/time")
    case $R_RSS in ''|*[!0-9]*) R_RSS=0 ;; esac
}

prog_cmd() { # NAME LIST -> the command line of program NAME over LIST
    case $1 in
    floor) echo xargs -n "$(( ($(wc -l < "$2") + jobs - 1) / jobs ))" -P "$jobs" "$floor" ;;
    validate) echo "$jixiao" batch - -j "$jobs" --quiet --lang en --report "$tmp/validate.xlsx" ;;
    fix) echo "$jixiao" batch - -j "$jobs" --quiet --lang en --fix -o "$tmp/fixed" --report "$tmp/fix.xlsx" ;;
    esac
}
measure() { # name LIST: one run; batch exit 1 means findings of severity error, a success
    rm -rf "$tmp/fixed"
    # shellcheck disable=SC2046
    run_once "$tmp/out.$1" "$2" $(prog_cmd "$1" "$2")
    if [ "$R_RC" -eq 1 ] && [ "$1" != floor ]; then R_RC=0; fi
    if [ "$R_RC" -ne 0 ]; then
        echo "batch.sh: $1 failed (exit $R_RC):" >&2
        head -n 5 "$tmp/err" >&2
        exit 1
    fi
}

echo "corpus      $corpus"
echo "            $n workbooks ($c_count written by jx_gen_corpus, $py_count by openpyxl), $bytes bytes"
echo "machine     $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "method      jixiao and the floor: best wall time of $runs interleaved runs after a warm-up;"
echo "            -j $jobs for jixiao, $jobs jx_floor processes (xargs -P $jobs); the openpyxl loops run once,"
echo "            one process, as such a script is written; CPU (user + system) and peak RSS"
echo "            from GNU time -v"
echo "load        $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run: other work on the machine"
echo

declare -A best rss cpu
for p in floor validate fix; do measure "$p" "$tmp/list"; done # warm-up (page cache)
for ((r = 0; r < runs; r++)); do
    for p in floor validate fix; do
        measure "$p" "$tmp/list"
        if [ -z "${best[$p]:-}" ] || [ "$R_NS" -lt "${best[$p]}" ]; then best[$p]=$R_NS; cpu[$p]=$R_CPU; fi
        if [ "$R_RSS" -gt "${rss[$p]:-0}" ]; then rss[$p]=$R_RSS; fi
    done
done
# what jixiao said it did (the last run of each), so that a stub is not
# mistaken for a fast program
summary_validate=$(head -n 1 "$tmp/out.validate")
summary_fix=$(head -n 1 "$tmp/out.fix")
outputs=$(find "$tmp/fixed" -name '*.xlsx' | wc -l)
declare -A rss_small
for p in validate fix; do
    measure "$p" "$tmp/small"
    rss_small[$p]=$R_RSS
done

secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
rate() { awk -v ns="$1" -v n="$n" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
verdict() { # value goal direction(ge|le)
    awk -v v="$1" -v g="$2" -v d="$3" 'BEGIN { if (v == "-") print ""; else if ((d == "ge" && v + 0 >= g) || (d == "le" && v + 0 <= g)) print "ok"; else print "MISSED" }'
}

py_load= py_save=
if [ "$with_python" != 0 ] && [ $have_openpyxl -eq 1 ]; then
    echo "running the openpyxl loops (minutes) ..."
    run_once "$tmp/out.pyload" /dev/null "$py" "$here/openpyxl_loop.py" load "$tmp/list"
    [ "$R_RC" -eq 0 ] && py_load=$R_NS && py_load_rss=$R_RSS && py_load_cpu=$R_CPU && py_load_out=$(cat "$tmp/out.pyload")
    mkdir -p "$tmp/pysaved"
    run_once "$tmp/out.pysave" /dev/null "$py" "$here/openpyxl_loop.py" save "$tmp/list" "$tmp/pysaved"
    [ "$R_RC" -eq 0 ] && py_save=$R_NS && py_save_rss=$R_RSS && py_save_cpu=$R_CPU && py_save_out=$(cat "$tmp/out.pysave")
    echo
elif [ "$with_python" != 0 ]; then
    echo "openpyxl is not installed (/usr/bin/python3 -c 'import openpyxl' fails): no openpyxl loops"
    echo
fi

row() { printf "%-34s %9s %9s %9s %15s\n" "$@"; }
row "program ($n workbooks)" "wall (s)" "CPU (s)" "files/s" "peak RSS (KiB)"
row "jx_floor (x$jobs processes)" "$(secs "${best[floor]}")" "${cpu[floor]}" "$(rate "${best[floor]}")" "${rss[floor]}"
row "jixiao batch -j $jobs (validate)" "$(secs "${best[validate]}")" "${cpu[validate]}" "$(rate "${best[validate]}")" "${rss[validate]}"
row "jixiao batch -j $jobs --fix" "$(secs "${best[fix]}")" "${cpu[fix]}" "$(rate "${best[fix]}")" "${rss[fix]}"
[ -n "$py_load" ] && row "openpyxl load loop" "$(secs "$py_load")" "$py_load_cpu" "$(rate "$py_load")" "$py_load_rss"
[ -n "$py_save" ] && row "openpyxl load+save loop" "$(secs "$py_save")" "$py_save_cpu" "$(rate "$py_save")" "$py_save_rss"
echo
echo "jixiao validate said: $summary_validate"
echo "jixiao --fix said:    $summary_fix ($outputs workbooks written)"
[ -n "$py_load" ] && echo "openpyxl load said:   $py_load_out"
[ -n "$py_save" ] && echo "openpyxl save said:   $py_save_out"
echo

r_floor=$(ratio "${best[validate]}" "${best[floor]}")
r_fix_floor=$(ratio "${best[fix]}" "${best[floor]}")
printf "%-52s %8s  %s\n" "ratio (wall time)" "value" "goal"
if [ -n "$py_load" ]; then
    r=$(ratio "$py_load" "${best[validate]}")
    printf "%-52s %7sx  >= 50x  %s\n" "openpyxl load loop / jixiao validate" "$r" "$(verdict "$r" 50 ge)"
fi
if [ -n "$py_save" ]; then
    r=$(ratio "$py_save" "${best[fix]}")
    printf "%-52s %7sx  >= 30x  %s\n" "openpyxl load+save loop / jixiao --fix" "$r" "$(verdict "$r" 30 ge)"
fi
printf "%-52s %7sx  <= 2x   %s\n" "jixiao validate / floor" "$r_floor" "$(verdict "$r_floor" 2 le)"
printf "%-52s %7sx\n" "jixiao --fix / floor" "$r_fix_floor"
# CPU time is what other load on a shared machine disturbs least; jixiao
# spreads its CPU over $jobs cores, the loops use one
if [ -n "$py_load" ]; then
    printf "%-52s %7sx\n" "CPU: openpyxl load loop / jixiao validate" "$(ratio "$py_load_cpu" "${cpu[validate]}")"
fi
if [ -n "$py_save" ]; then
    printf "%-52s %7sx\n" "CPU: openpyxl load+save loop / jixiao --fix" "$(ratio "$py_save_cpu" "${cpu[fix]}")"
fi
printf "%-52s %7sx\n" "CPU: jixiao validate / floor" "$(ratio "${cpu[validate]}" "${cpu[floor]}")"
for p in validate fix; do
    r=$(awk -v a="${rss[$p]}" -v b="${rss_small[$p]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf "%-52s %7sx  <= 1.5x %s\n" "peak RSS $n / $small files, $p (${rss[$p]} / ${rss_small[$p]} KiB)" "$r" \
        "$(verdict "$r" 1.5 le)"
done
exit 0
