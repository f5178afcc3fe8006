# Helpers for the jixiao serve tests (sourced after tests/lib.sh): start a
# server on a free loopback port with a TMPDIR of its own, so that a test
# can see every temporary file it makes; stop it as SIGTERM would.

SRV_PID=
trap '[ -n "$SRV_PID" ] && kill "$SRV_PID" 2> /dev/null; rm -rf "$TMP"' EXIT

# start_server [ARGS...]: sets URL (http://127.0.0.1:PORT/), PORT,
# SRV_PID, SRV_TMP (the server's TMPDIR), SRV_OUT and SRV_ERR.
start_server() {
    SRV_TMP=$(mktemp -d "$TMP/srvtmp.XXXXXX")
    SRV_OUT=$(mktemp "$TMP/srv.out.XXXXXX")
    SRV_ERR=$(mktemp "$TMP/srv.err.XXXXXX")
    TMPDIR=$SRV_TMP "$JIXIAO" serve --listen 127.0.0.1:0 "$@" > "$SRV_OUT" 2> "$SRV_ERR" &
    SRV_PID=$!
    URL=
    for _ in $(seq 200); do
        URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$SRV_OUT" 2> /dev/null)
        [ -n "$URL" ] && break
        kill -0 "$SRV_PID" 2> /dev/null || break
        sleep 0.05
    done
    PORT=${URL##*:}
    PORT=${PORT%/}
    if [ -z "$URL" ]; then
        echo "the server did not start:" >&2
        cat "$SRV_ERR" >&2
        return 1
    fi
}

# stop_server [SIGNAL]: sets SRV_RC
stop_server() {
    kill -"${1:-TERM}" "$SRV_PID"
    wait "$SRV_PID"
    SRV_RC=$?
    SRV_PID=
}

# what the command line says about a file, without its "jixiao: ": run in
# the file's folder so that it names the file as an upload does
cli_line() {
    (cd "$(dirname "$1")" && "$JIXIAO" "${@:2}" "$(basename "$1")" 2>&1 > /dev/null) | sed 's/^jixiao: //'
}

# entries left in the server's TMPDIR
leftovers() {
    find "$SRV_TMP" -mindepth 1 | wc -l
}
