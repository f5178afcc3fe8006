# Every bundled sample dumps to exactly its checked-in model
# (tests/samples/<name>.json), and every variant workbook to its own
# (tests/data/variants/<name>.json).  To accept a deliberate change, run
# tests/samples/update.sh and review the diff.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
for wb in samples/*.xlsx tests/data/variants/*.xlsx; do
    [ -e "$wb" ] || continue
    case $wb in
        samples/*) want=tests/samples/$(basename "$wb" .xlsx).json ;;
        *) want=${wb%.xlsx}.json ;;
    esac
    if [ ! -e "$want" ]; then
        fail "$wb: no expected model $want"
        continue
    fi
    run "$JIXIAO" dump "$wb" --json
    check "$wb: dump exits 0 ($ERR)" [ "$RC" -eq 0 ]
    if diff -u "$want" "$TMP/out" > "$TMP/diff"; then
        pass
    else
        fail "$wb: model differs from $want"
        head -40 "$TMP/diff" >&2
    fi
done
# Every sample's findings are exactly its checked-in list
# (tests/samples/<name>.findings.json): the defects of the seed documents,
# each at its cell, and nothing else.
for wb in samples/*.xlsx; do
    want=tests/samples/$(basename "$wb" .xlsx).findings.json
    run "$JIXIAO" validate "$wb" --json
    check "$wb: validate exits 0 or 1 ($RC)" [ "$RC" -le 1 ]
    if diff -u "$want" "$TMP/out" > "$TMP/diff"; then
        pass
    else
        fail "$wb: findings differ from $want"
        head -40 "$TMP/diff" >&2
    fi
done

# The clean workbooks (correct data, three templates) have no finding.
for wb in tests/data/clean/*.xlsx; do
    [ -e "$wb" ] || continue
    run "$JIXIAO" validate "$wb" --json
    check "$wb: clean exits 0" [ "$RC" -eq 0 ]
    check "$wb: clean has no finding" grep -q '"findings": \[\]' "$TMP/out"
done

# Re-saves by LibreOffice and Gnumeric read to the same model as the
# original (all but the "file" line): producers differ in shared strings,
# rich-text runs, number spelling and zip layout, never in meaning.
for wb in tests/data/resaved/*.xlsx; do
    [ -e "$wb" ] || continue
    name=$(basename "$wb" .xlsx)
    want=tests/samples/${name%.*}.json
    run "$JIXIAO" dump "$wb" --json
    check "$wb: dump exits 0 ($ERR)" [ "$RC" -eq 0 ]
    if diff -u <(sed 1,2d "$want") <(sed 1,2d "$TMP/out") > "$TMP/diff"; then
        pass
    else
        fail "$wb: model differs from the original's"
        head -30 "$TMP/diff" >&2
    fi
done
finish
