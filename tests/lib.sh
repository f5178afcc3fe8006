# Shared helpers for the shell tests (sourced).  Each test file counts its
# checks and ends with the plain "N passed, N failed" line.
set -u
JIXIAO=${JIXIAO:-./build/jixiao}
SRC=${JX_SOURCE_DIR:-.}
export JIXIAO_MAPPINGS=${JIXIAO_MAPPINGS:-$SRC/mappings}
PASSED=0
FAILED=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# check NAME CONDITION-COMMAND...
check() {
    local name=$1; shift
    if "$@"; then pass; else fail "$name"; fi
}

# run CMD...: sets OUT, ERR, RC
run() {
    "$@" > "$TMP/out" 2> "$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out")
    ERR=$(cat "$TMP/err")
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
