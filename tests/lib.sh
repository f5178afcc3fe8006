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

# have_openpyxl / have_soffice: 1 when the independent checkers can run
# (/usr/bin/python3 with openpyxl; LibreOffice), else 0 with a SKIPPED line.
detect_checkers() {
    have_openpyxl=0
    /usr/bin/python3 -c 'import openpyxl' 2> /dev/null && have_openpyxl=1
    [ $have_openpyxl -eq 1 ] || echo "SKIPPED: openpyxl checks (install python3-openpyxl)"
    have_soffice=0
    command -v soffice > /dev/null 2>&1 && have_soffice=1
    [ $have_soffice -eq 1 ] || echo "SKIPPED: LibreOffice checks (install libreoffice-calc-nogui)"
}
