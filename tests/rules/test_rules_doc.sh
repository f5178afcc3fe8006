# docs/rules.md is the rule table's own documentation: regenerated from
# the code it must be identical, so a rule added without docs (or docs
# left behind by a removed rule) fails here.  To update after changing
# converter/rules/catalog.c: ./build/jixiao rules --markdown > docs/rules.md
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"
run "$JIXIAO" rules --markdown
check "rules --markdown exits 0" [ "$RC" -eq 0 ]
if diff -u docs/rules.md "$TMP/out" > "$TMP/diff"; then
    pass
else
    fail "docs/rules.md differs from 'jixiao rules --markdown'"
    head -30 "$TMP/diff" >&2
fi
# every rule of the catalog has a section, and no section lacks a rule
ids=$("$JIXIAO" rules | awk '{print $1}' | sort)
sections=$(grep '^## ' docs/rules.md | sed 's/^## //' | sort)
check "one section per rule" [ "$ids" = "$sections" ]
check "ids are unique" [ "$(echo "$ids" | uniq -d | wc -l)" -eq 0 ]
finish
