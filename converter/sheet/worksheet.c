/*
 * worksheet.c - one worksheet part (xl/worksheets/sheetN.xml) streamed
 * into a grid: <sheetData> rows and cells, hidden rows, <mergeCells>.
 *
 * Cells arrive with or without r attributes (a row without r follows the
 * previous row, a cell without r the previous column), usually in order.
 * Each cell becomes a 16-byte jx_cell; its text goes into the sheet's
 * pool (or stays a shared-string index), followed by its normalised form
 * when that differs.  Numbers keep the exact text of <v>; never a double.
 *
 * Invariants:
 *   - Only cells with a value are stored; when done, cells are sorted by
 *     (row, col) and a position holds one cell (a later duplicate wins).
 *     Sorting happens only when cells arrived out of order.
 *   - Every reference is checked (A1..XFD1048576) and every count bounded
 *     by jx_limits; the first failure names the part, line and value.
 */
#include "sheet/sheet.h"

#include <stdlib.h>
#include <string.h>

/* Offsets of the fixed texts seeded at the start of every pool. */
enum { POOL_EMPTY = 0, POOL_TRUE = 1, POOL_FALSE = 6 };
static const char pool_seed[] = "\0TRUE\0FALSE"; /* 12 bytes with the final NUL */

/* What the t attribute says a cell holds. */
typedef enum cell_kind { K_NUMBER, K_SHARED, K_INLINE, K_STR, K_BOOL, K_ERROR, K_DATE } cell_kind;

static const struct {
    const char *t;
    cell_kind kind;
} cell_kinds[] = {
    {"n", K_NUMBER}, {"s", K_SHARED}, {"inlineStr", K_INLINE}, {"str", K_STR},
    {"b", K_BOOL},   {"e", K_ERROR},  {"d", K_DATE},
};

typedef struct ws_state {
    jx_workbook *wb;
    jx_sheet *sh;
    jx_vec cells;  /* jx_cell */
    jx_buf pool;
    jx_vec hidden; /* uint32_t */
    jx_vec merges; /* jx_range */
    jx_arena scratch; /* normal forms on their way into the pool */
    uint64_t max_cells;
    uint32_t max_merges, max_string_bytes;
    bool in_sheetdata;
    uint32_t row_elem; /* r of the last <row> */
    uint32_t row, col; /* position of the last cell */
    bool out_of_order;
    /* the open cell */
    bool in_c, in_v, in_is, has_v, has_is, formula;
    cell_kind kind;
    uint32_t crow, ccol, style;
    jx_buf v;
    jx_rich rich;
} ws_state;

static inline bool attr_is(const char *name, char c) { return name[0] == c && name[1] == '\0'; }

static bool parse_uint(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool is_true(const char *s) { return s && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0); }

/* <row r="5" hidden="1"> */
static void start_row(jx_xml *x, ws_state *st, const char **attrs)
{
    const char *r = NULL, *hidden = NULL;
    for (size_t i = 0; attrs[i]; i += 2) {
        if (attr_is(attrs[i], 'r'))
            r = attrs[i + 1];
        else if (strcmp(attrs[i], "hidden") == 0)
            hidden = attrs[i + 1];
    }
    uint32_t n;
    if (r) {
        if (!parse_uint(r, JX_MAX_ROW, &n) || n == 0) {
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "bad row number '%s'", r);
            return;
        }
    } else {
        n = st->row_elem + 1;
        if (n > JX_MAX_ROW) {
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "row after %u is outside the sheet", st->row_elem);
            return;
        }
    }
    st->row_elem = n;
    st->row = n;
    st->col = 0;
    if (is_true(hidden)) {
        uint32_t *h = jx_vec_push(&st->hidden);
        if (!h) {
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
            return;
        }
        *h = n;
    }
}

/* <c r="B3" t="s" s="4"> */
static void start_cell(jx_xml *x, ws_state *st, const char **attrs)
{
    const char *r = NULL, *t = NULL, *s = NULL;
    for (size_t i = 0; attrs[i]; i += 2) {
        const char *n = attrs[i];
        if (attr_is(n, 'r'))
            r = attrs[i + 1];
        else if (attr_is(n, 't'))
            t = attrs[i + 1];
        else if (attr_is(n, 's'))
            s = attrs[i + 1];
    }
    if (r) {
        if (!jx_parse_cell_ref(r, &st->crow, &st->ccol)) {
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "bad cell reference '%s'", r);
            return;
        }
    } else {
        st->crow = st->row ? st->row : 1;
        st->ccol = st->col + 1;
        if (st->ccol > JX_MAX_COL) {
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "cell after column %u of row %u is outside the sheet",
                        st->col, st->crow);
            return;
        }
    }
    st->row = st->crow;
    st->col = st->ccol;
    st->kind = K_NUMBER;
    if (t) {
        size_t i, n = sizeof cell_kinds / sizeof cell_kinds[0];
        for (i = 0; i < n && strcmp(cell_kinds[i].t, t) != 0; i++)
            ;
        if (i == n) {
            jx_diag_set_cell(jx_xml_diag(x), st->crow, st->ccol);
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "unknown cell type t=\"%s\"", t);
            return;
        }
        st->kind = cell_kinds[i].kind;
    }
    st->style = 0;
    if (s && !parse_uint(s, UINT32_MAX, &st->style))
        st->style = 0;
    st->in_c = true;
    st->has_v = st->has_is = st->formula = false;
    st->v.len = 0;
    if (st->v.data)
        st->v.data[0] = '\0';
}

static int ws_start(jx_xml *x, void *ud, const char *name, const char *local, const char **attrs)
{
    ws_state *st = ud;
    if (st->in_is)
        return jx_rich_start(&st->rich, local);
    if (st->in_c) {
        if (attr_is(local, 'v')) {
            st->in_v = true;
            st->has_v = true;
            st->v.len = 0;
            if (st->v.data)
                st->v.data[0] = '\0';
            return JX_TAG_V;
        }
        if (attr_is(local, 'f')) {
            st->formula = true;
        } else if (strcmp(local, "is") == 0) {
            st->in_is = true;
            st->has_is = true;
            jx_rich_reset(&st->rich);
            return JX_TAG_IS;
        }
        return JX_TAG_NONE;
    }
    if (st->in_sheetdata) {
        if (attr_is(local, 'c')) {
            start_cell(x, st, attrs);
            return JX_TAG_C;
        }
        if (strcmp(local, "row") == 0)
            start_row(x, st, attrs);
        return JX_TAG_NONE;
    }
    if (strcmp(local, "sheetData") == 0) {
        st->in_sheetdata = true;
        return JX_TAG_SHEETDATA;
    }
    if (strcmp(local, "mergeCell") == 0) {
        const char *ref = jx_xml_attr(attrs, "ref");
        jx_range rg;
        if (!ref || !jx_parse_range_ref(ref, &rg)) {
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "bad merged range '%s'", ref ? ref : "");
            return JX_TAG_NONE;
        }
        if (st->merges.len >= st->max_merges) {
            jx_xml_fail(x, JX_ERR_LIMIT, "max_merges: more than %u merged ranges", st->max_merges);
            return JX_TAG_NONE;
        }
        jx_range *m = jx_vec_push(&st->merges);
        if (!m) {
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
            return JX_TAG_NONE;
        }
        *m = rg;
    }
    return JX_TAG_NONE;
}

/* Append text (NUL-terminated at s[len]) to the pool, followed by its
 * normal form when different.  Returns false after failing x. */
static bool pool_add(jx_xml *x, ws_state *st, const char *s, size_t len, uint32_t *off, uint8_t *flags)
{
    const char *norm = jx_norm_of(&st->scratch, s, len);
    if (!norm) {
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
        return false;
    }
    size_t nlen = norm == s ? 0 : strlen(norm) + 1;
    if (st->pool.len + len + 1 + nlen > UINT32_MAX) {
        jx_xml_fail(x, JX_ERR_LIMIT, "sheet text larger than 4 GiB");
        return false;
    }
    *off = (uint32_t)st->pool.len;
    if (!jx_buf_append(&st->pool, s, len + 1) || (nlen && !jx_buf_append(&st->pool, norm, nlen))) {
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
        return false;
    }
    if (nlen)
        *flags |= JX_CF_NORM;
    /* normal forms are rare; let the scratch arena go now and then */
    if (st->scratch.used_bytes > 256 * 1024)
        jx_arena_free(&st->scratch);
    return true;
}

/* </c>: turn what was read into a stored cell, if it has a value. */
static void end_cell(jx_xml *x, ws_state *st)
{
    st->in_c = st->in_v = st->in_is = false;
    jx_cell c = {.row = st->crow, .col = (uint16_t)st->ccol, .style = st->style};
    if (st->formula)
        c.flags |= JX_CF_FORMULA;
    char *v = st->v.data ? st->v.data : (char *)"";
    size_t vlen = st->v.len;
    if (st->kind == K_INLINE && st->has_is) {
        if (st->rich.nomem) {
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
            return;
        }
        if (st->rich.too_long) {
            jx_diag_set_cell(jx_xml_diag(x), c.row, c.col);
            jx_xml_fail(x, JX_ERR_LIMIT, "max_string_bytes: inline string longer than %u bytes",
                        st->max_string_bytes);
            return;
        }
        v = st->rich.buf.data ? st->rich.buf.data : (char *)"";
        vlen = st->rich.buf.len;
    } else if (!st->has_v) {
        return;
    }
    switch (st->kind) {
    case K_SHARED: {
        uint32_t idx;
        if (!parse_uint(v, UINT32_MAX, &idx) || idx >= st->wb->nsst) {
            jx_diag_set_cell(jx_xml_diag(x), c.row, c.col);
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "shared string index '%s' out of range (%u strings)", v,
                        st->wb->nsst);
            return;
        }
        if (st->wb->sst[idx].text[0] == '\0')
            return;
        c.type = JX_CELL_STRING;
        c.flags |= JX_CF_SHARED;
        c.text = idx;
        break;
    }
    case K_INLINE:
    case K_STR:
        vlen = jx_xstring_decode(v, vlen);
        if (vlen == 0)
            return;
        c.type = JX_CELL_STRING;
        if (!pool_add(x, st, v, vlen, &c.text, &c.flags))
            return;
        break;
    case K_NUMBER: {
        if (vlen == 0)
            return;
        char iso[32];
        if (c.style < st->wb->nxf && st->wb->xf_date[c.style] &&
            jx_serial_to_iso(v, st->wb->date1904, iso, sizeof iso)) {
            c.type = JX_CELL_DATE;
            v = iso;
            vlen = strlen(iso);
        } else {
            c.type = JX_CELL_NUMBER;
        }
        if (!pool_add(x, st, v, vlen, &c.text, &c.flags))
            return;
        break;
    }
    case K_BOOL:
        c.type = JX_CELL_BOOL;
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            c.text = POOL_TRUE;
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            c.text = POOL_FALSE;
        else {
            jx_diag_set_cell(jx_xml_diag(x), c.row, c.col);
            jx_xml_fail(x, JX_ERR_BAD_VALUE, "bad boolean '%s'", v);
            return;
        }
        break;
    case K_ERROR:
    case K_DATE:
        if (vlen == 0)
            return;
        c.type = st->kind == K_ERROR ? JX_CELL_ERROR : JX_CELL_DATE;
        if (!pool_add(x, st, v, vlen, &c.text, &c.flags))
            return;
        break;
    }
    jx_cell *last = st->cells.len ? (jx_cell *)st->cells.data + st->cells.len - 1 : NULL;
    if (last && last->row == c.row && last->col == c.col) {
        *last = c; /* a duplicate reference: the later one wins */
        return;
    }
    if (last && (last->row > c.row || (last->row == c.row && last->col > c.col)))
        st->out_of_order = true;
    if (st->cells.len >= st->max_cells) {
        jx_xml_fail(x, JX_ERR_LIMIT, "max_cells: more than %llu cells",
                    (unsigned long long)st->max_cells);
        return;
    }
    jx_cell *slot = jx_vec_push(&st->cells);
    if (!slot) {
        jx_xml_fail(x, JX_ERR_NOMEM, NULL);
        return;
    }
    *slot = c;
}

static void ws_end(jx_xml *x, void *ud, int tag)
{
    ws_state *st = ud;
    switch (tag) {
    case JX_TAG_V: st->in_v = false; break;
    case JX_TAG_C: end_cell(x, st); break;
    case JX_TAG_IS: st->in_is = false; break;
    case JX_TAG_SHEETDATA: st->in_sheetdata = false; break;
    case JX_TAG_RICH_T:
    case JX_TAG_RICH_RPH: jx_rich_end(&st->rich, tag); break;
    default: break;
    }
}

static void ws_text(jx_xml *x, void *ud, const char *s, size_t len)
{
    ws_state *st = ud;
    if (st->in_v) {
        if (st->v.len + len > st->max_string_bytes) {
            jx_diag_set_cell(jx_xml_diag(x), st->crow, st->ccol);
            jx_xml_fail(x, JX_ERR_LIMIT, "max_string_bytes: cell value longer than %u bytes",
                        st->max_string_bytes);
            return;
        }
        if (!jx_buf_append(&st->v, s, len))
            jx_xml_fail(x, JX_ERR_NOMEM, NULL);
    } else if (st->in_is) {
        jx_rich_text(&st->rich, s, len);
    }
}

static int cell_cmp(const jx_cell *a, const jx_cell *b)
{
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

/* Stable merge sort (a later duplicate must stay later), then keep the
 * last cell of every run of equal positions. */
static bool sort_cells(jx_vec *cells)
{
    size_t n = cells->len;
    jx_cell *a = cells->data;
    jx_cell *tmp = jx_malloc(n * sizeof *tmp);
    if (!tmp)
        return false;
    jx_cell *src = a, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = cell_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        jx_cell *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && cell_cmp(&a[i], &a[i + 1]) == 0)
            continue;
        a[w++] = a[i];
    }
    cells->len = w;
    return true;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

jx_error jx_worksheet_read(jx_workbook *wb, jx_sheet *sh, jx_package *pkg, jx_diag *d)
{
    static const jx_xml_handlers h = {ws_start, ws_end, ws_text};
    ws_state st = {.wb = wb, .sh = sh};
    jx_vec_init(&st.cells, sizeof(jx_cell));
    jx_vec_init(&st.hidden, sizeof(uint32_t));
    jx_vec_init(&st.merges, sizeof(jx_range));
    jx_arena_init(&st.scratch, 16 * 1024);
    st.max_cells = wb->lim.max_cells < UINT32_MAX ? wb->lim.max_cells : UINT32_MAX - 1;
    st.max_merges = wb->lim.max_merges;
    st.max_string_bytes = wb->lim.max_string_bytes;
    st.rich.max_bytes = wb->lim.max_string_bytes;
    jx_error err = JX_OK;
    if (!jx_buf_append(&st.pool, pool_seed, sizeof pool_seed))
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err)
        err = jx_xml_parse_part(pkg, sh->part, &h, &st, d);
    if (!err && st.out_of_order && !sort_cells(&st.cells))
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err && st.hidden.len > 1)
        qsort(st.hidden.data, st.hidden.len, sizeof(uint32_t), u32_cmp);
    jx_buf_free(&st.v);
    jx_buf_free(&st.rich.buf);
    jx_arena_free(&st.scratch);
    /* the sheet owns the arrays from here, also on failure */
    sh->cells = st.cells.data;
    sh->ncells = st.cells.len;
    sh->pool = st.pool.data;
    sh->pool_len = st.pool.len;
    sh->hidden = st.hidden.data;
    sh->nhidden = st.hidden.len;
    sh->merges = st.merges.data;
    sh->nmerges = st.merges.len;
    if (err)
        return err;
    return jx_grid_index(sh, d);
}
