#!/bin/sh
# Regenerate the expected models after a deliberate change; review the diff
# (git diff tests/) before committing: every changed value must be right.
set -e
cd "$(dirname "$0")/../.."
JIXIAO=${JIXIAO:-./build/jixiao}
export JIXIAO_MAPPINGS=${JIXIAO_MAPPINGS:-mappings}
for wb in samples/*.xlsx; do
    "$JIXIAO" dump "$wb" --json > "tests/samples/$(basename "$wb" .xlsx).json"
    # exit 1 only says there are errors among the findings
    "$JIXIAO" validate "$wb" --json > "tests/samples/$(basename "$wb" .xlsx).findings.json" || [ $? -eq 1 ]
done
for wb in tests/data/variants/*.xlsx; do
    [ -e "$wb" ] || continue
    "$JIXIAO" dump "$wb" --json > "${wb%.xlsx}.json"
done
