/*
 * package.h - the zip package stage (internal): where the bytes of a
 * workbook come from, what kind of file they are, and the inflated,
 * size-checked stream of one part handed to expat.
 *
 * Invariants:
 *   - A part is never held whole in memory: it is read in 64 KiB pieces.
 *   - Every inflated byte is counted against jx_limits while it streams,
 *     so a zip bomb stops at the limit, not after inflating everything.
 *   - Nothing here knows about cells or forms.
 */
#ifndef JX_PACKAGE_H
#define JX_PACKAGE_H

#include "common/common.h"

#define JX_PART_CHUNK (64u * 1024u)

/* ---- source: the raw bytes of the file, from a descriptor or memory ---- */
typedef struct jx_source {
    const unsigned char *mem; /* memory source, or NULL */
    int fd;                   /* file source (owned), or -1 */
    uint64_t size;
} jx_source;

/* Open path for reading; a directory or unreadable path is JX_ERR_IO. */
jx_error jx_source_open_file(jx_source *src, const char *path, jx_diag *d);
void jx_source_open_mem(jx_source *src, const void *buf, size_t len);
void jx_source_close(jx_source *src);
/* Read up to n bytes at off; returns the count read (short only at the end
 * of the source or on an I/O error). */
size_t jx_source_read_at(const jx_source *src, uint64_t off, void *buf, size_t n);

/* ---- sniff.c: what kind of file this is, before minizip sees it ----
 * JX_OK when the bytes start like a zip; otherwise JX_ERR_EMPTY_FILE,
 * JX_ERR_ENCRYPTED / JX_ERR_LEGACY_XLS (OLE2), JX_ERR_NOT_ZIP. */
jx_error jx_sniff(const jx_source *src, jx_diag *d);
/* For a file that starts like a zip but that minizip cannot open: is the
 * end-of-central-directory record missing or pointing past the end
 * (JX_ERR_ZIP_TRUNCATED) or present but unreadable (JX_ERR_ZIP_CORRUPT)? */
jx_error jx_sniff_zip_failure(const jx_source *src);

/* ---- zip.c: the package ---- */
typedef struct jx_package jx_package;

/* Takes ownership of src (closed by jx_package_close, also on failure).
 * file names the workbook in diagnostics. */
jx_error jx_package_open(jx_source *src, const char *file, const jx_limits *lim,
                         jx_package **out, jx_diag *d);
void jx_package_close(jx_package *pkg);

size_t jx_package_entry_count(const jx_package *pkg);
const char *jx_package_entry_name(const jx_package *pkg, size_t index);
/* The stored name of a part, looked up case-insensitively (OPC part names
 * compare so); a leading '/' is ignored.  NULL when absent. */
const char *jx_package_find(const jx_package *pkg, const char *name);
const jx_limits *jx_package_limits(const jx_package *pkg);
const char *jx_package_file(const jx_package *pkg);

/* Reading one part at a time: open, read until *got == 0 (the CRC has then
 * been checked), close.  Errors fill d with the part name. */
jx_error jx_package_part_open(jx_package *pkg, const char *name, jx_diag *d);
jx_error jx_package_part_read(jx_package *pkg, void *buf, size_t cap, size_t *got, jx_diag *d);
void jx_package_part_close(jx_package *pkg);

/* Stream a whole part through sink in pieces of at most 64 KiB. */
typedef jx_error (*jx_part_sink)(void *ud, const char *data, size_t len, jx_diag *d);
jx_error jx_package_stream(jx_package *pkg, const char *name, jx_part_sink sink, void *ud,
                           jx_diag *d);

/* ---- xml.c: expat over a streamed part ----
 * Names reach the start handler split: `local` is the element's local
 * name, `name` the full expat name ("<namespace URI> <local>", or just the
 * local name when unqualified).  Attributes are expat's name/value pairs.
 * The start handler returns a small tag code of its choosing (0: nothing
 * of interest), and the end handler gets that code back instead of a name:
 * closing tags then cost no string work at all. */
typedef struct jx_xml jx_xml;
typedef struct jx_xml_handlers {
    int (*start)(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs);
    void (*end)(jx_xml *x, void *ud, int tag);                      /* may be NULL */
    void (*text)(jx_xml *x, void *ud, const char *s, size_t len); /* may be NULL */
} jx_xml_handlers;

/* The namespace separator in expat's names. */
#define JX_XML_NS_SEP ' '

jx_error jx_xml_parse_part(jx_package *pkg, const char *part, const jx_xml_handlers *h, void *ud,
                           jx_diag *d);
/* Called from a handler: stop parsing with this error; the diagnostic gets
 * the part and the current line.  The first failure wins.  Returns code. */
jx_error jx_xml_fail(jx_xml *x, jx_error code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool jx_xml_failed(const jx_xml *x);
jx_diag *jx_xml_diag(jx_xml *x);
unsigned long jx_xml_line(const jx_xml *x);
/* The value of the attribute whose local name is `local` (any namespace,
 * unqualified first), or NULL. */
const char *jx_xml_attr(const char **attrs, const char *local);
/* Like jx_xml_attr but only an attribute in a namespace whose URI ends with
 * ns_suffix, e.g. "relationships" for r:id. */
const char *jx_xml_attr_ns(const char **attrs, const char *ns_suffix, const char *local);

#endif
