# The library allocates only through the hooks of converter/common/fault.h
# (jx_malloc, jx_calloc, jx_realloc, jx_strdup, jx_strndup; expat parsers
# with XML_ParserCreate_MM(..., JX_XML_MEMORY, ...)), or tests/fault could
# not fail those allocations.  A direct call anywhere in converter/ (the
# command line and the server aside: they are not the library) fails here,
# naming the line.  To convert a file:
#   sed -i -E 's/\b(malloc|calloc|realloc|strdup|strndup)(\s*\()/jx_\1\2/g' FILE
. "${JX_SOURCE_DIR:-.}/tests/lib.sh"
cd "$SRC"

direct=$(grep -rnE '(^|[^_[:alnum:]])(malloc|calloc|realloc|strdup|strndup)[[:space:]]*\(' converter \
             --include='*.c' --include='*.h' |
         grep -vE '^converter/(cli/|serve/|common/fault\.[ch]:)' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' || true)
check "no direct allocation in converter/: ${direct:-none}" [ -z "$direct" ]

parsers=$(grep -rnE 'XML_ParserCreate(NS)?[[:space:]]*\(' converter --include='*.c' | grep -v '^converter/cli/' || true)
check "expat parsers made with JX_XML_MEMORY: ${parsers:-all}" [ -z "$parsers" ]

mm=$(grep -rnE 'XML_ParserCreate_MM[[:space:]]*\(' converter --include='*.c' | grep -v 'JX_XML_MEMORY' || true)
check "XML_ParserCreate_MM with JX_XML_MEMORY: ${mm:-all}" [ -z "$mm" ]

# the check itself: a direct call is found
printf 'static void *f(void) { return malloc(4); }\n' > "$TMP/probe.c"
check "a direct call is found" grep -qE '(^|[^_[:alnum:]])(malloc|calloc|realloc|strdup|strndup)[[:space:]]*\(' "$TMP/probe.c"
finish
