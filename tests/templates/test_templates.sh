# The blank county templates (templates/<id>.xlsx) that `jixiao convert`
# fills: one per mapping, recognised by its mapping, read as one empty form,
# and exactly what templates/make_templates.py writes.
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"

# A template whose indicator table holds a form per project row
# (yuanjiang-project) reads as no form at all while blank.
per_project_rows="yuanjiang-project"

# What a blank form may still carry: values the reader takes from labels
# (金额单位：万元) and the fixed row labels of tables printed with them
# (广水's 部门总体资金情况 items, 沅江's 合计 row).
check_blank_json() {
    /usr/bin/env python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
tid = sys.argv[2]
bad = []
forms = doc["forms"]
if len(forms) != 1:
    bad.append(f"{len(forms)} forms")
for f in forms:
    if f["template"] != tid:
        bad.append(f"template {f['template']}")
    for slot in ("year", "department", "unit", "project", "period"):
        if f[slot] is not None:
            bad.append(f"{slot}={f[slot]!r}")
    for group in ("funds", "goals"):
        bad += [f"{group}.{k}={v!r}" for k, v in f[group].items() if v is not None]
    if f["indicators"]:
        bad.append(f"{len(f['indicators'])} indicators")
    if f["amounts"]:
        bad.append(f"amounts {f['amounts']}")
    bad += [f"field {k}={v!r}" for k, v in f["fields"].items() if k != "金额单位"]
    labels = {"类别", "项目", "单位名称（专项名称）"}
    for name, rows in f["tables"].items():
        for r in rows:
            bad += [f"{name} row {r['row']} {k}={v!r}" for k, v in r["values"].items() if k not in labels]
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY
}

ids=""
for m in mappings/*.xml; do
    id=$(basename "$m" .xml)
    ids="$ids $id"
    t=templates/$id.xlsx
    check "$id: has a template" [ -f "$t" ]
    [ -f "$t" ] || continue

    run "$JIXIAO" detect "$t"
    check "$id: detect exits 0" [ "$RC" -eq 0 ]
    check "$id: detect names it, one sheet" [ "$(printf '%s\n' "$OUT" | cut -f2- | sort -u)" = "$id" ]

    run "$JIXIAO" dump --json "$t"
    case " $per_project_rows " in
    *" $id "*)
        check "$id: blank table of projects reads as no form" [ "$RC" -eq 2 ] ;;
    *)
        check "$id: dump exits 0" [ "$RC" -eq 0 ]
        if ! why=$(check_blank_json "$TMP/out" "$id"); then
            fail "$id: dump is not one blank form: $why"
        else
            pass
        fi ;;
    esac
done
for t in templates/*.xlsx; do
    id=$(basename "$t" .xlsx)
    check "$id.xlsx: has a mapping" [ -f "mappings/$id.xml" ]
done

if /usr/bin/python3 -c 'import openpyxl' 2> /dev/null; then
    mkdir -p "$TMP/regen"
    run /usr/bin/python3 templates/make_templates.py "$TMP/regen"
    check "make_templates.py exits 0" [ "$RC" -eq 0 ]
    check "regenerated: same entries, same contents" \
        /usr/bin/python3 tests/templates/check_templates.py compare templates "$TMP/regen"
    check "regenerated: nothing the repository lacks" \
        /usr/bin/python3 tests/templates/check_templates.py compare "$TMP/regen" templates
    check "layout conventions" /usr/bin/python3 tests/templates/check_templates.py layout templates
    # the labels the mappings look for are where the values go
    mkdir -p "$TMP/filled"
    check "fill the templates" /usr/bin/python3 tests/templates/check_templates.py fill templates "$TMP/filled"
    for id in $ids; do
        "$JIXIAO" dump --json "$TMP/filled/$id.xlsx" > "$TMP/filled/$id.json" 2> "$TMP/err"
        check "$id: filled, every slot reads" \
            /usr/bin/python3 tests/templates/check_templates.py filled "$id" "$TMP/filled/$id.json"
    done
else
    echo "skipped: /usr/bin/python3 has no openpyxl, templates not regenerated, inspected or filled"
fi
finish
