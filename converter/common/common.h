/*
 * common.h - small pieces every stage uses: an arena allocator, a growable
 * byte buffer, diagnostics helpers.  Internal to libjixiao.
 *
 * Invariant: nothing here keeps state outside the objects passed in.
 */
#ifndef JX_COMMON_H
#define JX_COMMON_H

#include "jixiao.h"
#include "fault.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- arena: many small allocations freed together ---- */
typedef struct jx_arena_block jx_arena_block;
typedef struct jx_arena {
    jx_arena_block *head;
    size_t block_size;     /* default size of a new block */
    size_t used_bytes;     /* total bytes handed out, for benchmarks */
} jx_arena;

void jx_arena_init(jx_arena *a, size_t block_size);
void jx_arena_free(jx_arena *a);
/* Aligned to 8; NULL on allocation failure. */
void *jx_arena_alloc(jx_arena *a, size_t size);
void *jx_arena_calloc(jx_arena *a, size_t n, size_t size);
char *jx_arena_strdup(jx_arena *a, const char *s);
char *jx_arena_strndup(jx_arena *a, const char *s, size_t n);

/* ---- growable buffer (heap) ---- */
typedef struct jx_buf { char *data; size_t len, cap; } jx_buf;
bool jx_buf_reserve(jx_buf *b, size_t extra);
bool jx_buf_append(jx_buf *b, const void *data, size_t len);
bool jx_buf_appendz(jx_buf *b, const char *s);
bool jx_buf_printf(jx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ensures a terminating NUL after len (not counted). */
bool jx_buf_terminate(jx_buf *b);
void jx_buf_free(jx_buf *b);
/* s as a JSON string literal ("null" for NULL). */
bool jx_buf_json_str(jx_buf *b, const char *s);

/* ---- growable array of fixed-size items (heap) ---- */
typedef struct jx_vec { void *data; size_t len, cap, item; } jx_vec;
void jx_vec_init(jx_vec *v, size_t item_size);
/* Returns a pointer to the new zeroed slot, or NULL. */
void *jx_vec_push(jx_vec *v);
void jx_vec_free(jx_vec *v);

/* ---- diagnostics ---- */
/* Set code and (optionally) a detail message on d, if d is not NULL.
 * Returns code, so that `return jx_fail(d, JX_ERR_X, "...")` reads well. */
jx_error jx_fail(jx_diag *d, jx_error code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void jx_diag_clear(jx_diag *d);
void jx_diag_set_file(jx_diag *d, const char *file);
void jx_diag_set_part(jx_diag *d, const char *part);
void jx_diag_set_sheet(jx_diag *d, const char *sheet);
void jx_diag_set_cell(jx_diag *d, uint32_t row, uint32_t col);

/* Copy with truncation at a UTF-8 boundary; always NUL-terminates. */
void jx_strlcpy_utf8(char *dst, const char *src, size_t size);

/* Parse "D12" to (12, 4).  Returns false on a malformed reference or one
 * outside Excel's grid (A1..XFD1048576). */
bool jx_parse_cell_ref(const char *ref, uint32_t *row, uint32_t *col);
bool jx_parse_range_ref(const char *ref, jx_range *out);

/* Normalise into an arena; returns the input pointer itself when the text
 * is already normal (the common case), so callers must not free it. */
const char *jx_normalize_arena(jx_arena *a, const char *text);

/* Resolve a relationship target against the folder of its source part
 * into a part name without a leading '/', with "." and ".." applied and
 * %XX decoded; "/xl/x.xml" is absolute.  In the arena; NULL on failure. */
char *jx_part_resolve(jx_arena *a, const char *source, const char *target);
/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels" (in the arena). */
char *jx_part_rels(jx_arena *a, const char *part);

/* Order of cells across a workbook: by sheet name, then row, then column
 * (<0, 0, >0 like strcmp). */
int jx_cmp_sheet_cell(const char *sheet_a, jx_origin a, const char *sheet_b, jx_origin b);

/* The value of a hexadecimal digit, or -1. */
int jx_hexval(char c);

/* The number a spreadsheet shows for a stored numeric text (15
 * significant digits, plain notation).  False when raw is not a number
 * or is too large to print plainly. */
bool jx_number_display(const char *raw, char *buf, size_t size);

#define JX_MAX_ROW 1048576u
#define JX_MAX_COL 16384u

#endif
