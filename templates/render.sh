#!/usr/bin/env bash
# Render a workbook as it prints: LibreOffice → PDF → one PNG per page
# (70 dpi), to look at a template's layout.  Chinese needs a CJK font
# (Debian: fonts-noto-cjk), else it renders as boxes.
#   templates/render.sh FILE.xlsx OUTDIR
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 FILE.xlsx OUTDIR" >&2
    exit 2
fi
file=$1
out=$2
mkdir -p "$out"
name=$(basename "${file%.*}")
# a private profile: no clash with another soffice running for this user
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$out" "$file" > /dev/null
pdftoppm -png -r 70 "$out/$name.pdf" "$out/$name"
ls "$out/$name"*.png
