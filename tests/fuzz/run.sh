#!/usr/bin/env bash
# Run the libFuzzer targets for a while each; any crashing, leaking or
# slow input is kept under tests/fuzz/regressions/<target>/, where the
# ordinary test suite replays it from then on.
#
#   CC=clang cmake -S . -B build-fuzz -DJX_FUZZ=ON && cmake --build build-fuzz -j
#   tests/fuzz/run.sh [SECONDS-PER-TARGET] [TARGET...]     (default 60, all)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(workbook mapping values fix convert)
build=${JX_FUZZ_BUILD:-build-fuzz}
declare -A seeds=(
    [workbook]="samples tests/data/variants tests/data/resaved tests/data/clean tests/data/hostile"
    [fix]="samples tests/data/variants tests/data/cli tests/data/hostile"
    [mapping]="mappings tests/data/hostile/mapping-lol tests/data/hostile/mapping-xxe"
    [values]="tests/fuzz/seeds/values"
    [convert]="samples tests/data/variants tests/data/clean"
)
status=0
for t in "${targets[@]}"; do
    bin=$build/tests/fuzz_$t
    [ -x "$bin" ] || { echo "$bin not built (see the header of this script)"; exit 2; }
    work=$(mktemp -d)
    # the corpus grows in a scratch folder; seeds and kept inputs start it
    for s in ${seeds[$t]} tests/fuzz/regressions/$t; do
        find "$s" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$work/" \; 2>/dev/null || true
    done
    mkdir -p "tests/fuzz/regressions/$t"
    echo "== fuzz_$t for ${seconds}s ($(ls "$work" | wc -l) seeds)"
    before=$(ls "tests/fuzz/regressions/$t")
    if ! JX_SOURCE_DIR=$PWD ASAN_OPTIONS=detect_leaks=1 "$bin" "$work" -max_total_time="$seconds" \
            -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
            -artifact_prefix="tests/fuzz/regressions/$t/" -print_final_stats=1 2> "$work.log"; then
        status=1
        echo "fuzz_$t FAILED: the input is kept in tests/fuzz/regressions/$t/"
        # what a reader of a CI log needs: the report (libFuzzer ends its
        # log with it) and the input itself
        tail -n 60 "$work.log"
        for f in tests/fuzz/regressions/$t/*; do
            [ -e "$f" ] || continue
            grep -qxF "$(basename "$f")" <<< "$before" && continue
            echo "-- $f ($(stat -c %s "$f") bytes), to reproduce: base64 -d > $(basename "$f") <<'EOF'"
            if [ "$(stat -c %s "$f")" -le 65536 ]; then base64 "$f"; else echo "(too large to print)"; fi
            echo "EOF"
        done
    fi
    grep -E "^stat::number_of_executed_units|^#.*DONE|ERROR" "$work.log" | tail -3 || true
    rm -rf "$work" "$work.log"
done
exit $status
