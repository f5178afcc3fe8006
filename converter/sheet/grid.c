/*
 * grid.c - the read-only grid of a loaded sheet: its indexes and the
 * jx_sheet_* accessors of the public header.
 *
 * A row index (row -> first cell) makes a row's cells one slice of the
 * sorted cell array, so a cell is a binary search within its row.  Merged
 * ranges are indexed by bands of 2^merge_shift rows (every merge listed
 * under each band it touches, ordered by first column), so
 * jx_sheet_merge_at looks only at the merges of one band.  The band is
 * one row (shift 0) unless the merges are so tall or so many that listing
 * them per row would cost more than the index budget; then bands widen
 * until the index fits.  A lookup never scans every merge.
 *
 * Invariants: after jx_grid_index nothing in the sheet changes, so every
 * accessor is safe from several threads; only jx_sheet_find_label
 * allocates, and only memory of its own call.
 */
#include "sheet/sheet.h"

#include <stdlib.h>
#include <string.h>

/* Index entries (merge x band) kept at most: a floor for small sheets,
 * else a few per cell, so the index never outweighs the cells. */
#define MERGE_INDEX_FLOOR (4u * 1024u * 1024u)
#define MERGE_INDEX_PER_CELL 4u

/* order[] holds (merge index, first column) pairs */
static int cmp_c1(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    if (x[1] != y[1])
        return x[1] < y[1] ? -1 : 1;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Merged ranges never overlap in a workbook Excel wrote; one that does is
 * damaged (and "the value shown at a cell" would be ambiguous).  Within a
 * band merges are sorted by first column, so only ranges whose columns
 * meet are compared; the comparisons are capped so that a hostile sheet
 * cannot make the check itself slow (past the cap, no more are checked). */
#define MERGE_OVERLAP_CHECKS (64u * 1024u * 1024u)

static jx_error check_overlaps(const jx_sheet *sh, jx_diag *d)
{
    uint64_t budget = MERGE_OVERLAP_CHECKS;
    for (uint32_t b = 0; b <= sh->merge_rows; b++) {
        uint32_t lo = sh->merge_first[b], hi = sh->merge_first[b + 1];
        for (uint32_t i = lo; i < hi; i++) {
            const jx_range *m = &sh->merges[sh->merge_ids[i]];
            for (uint32_t k = i + 1; k < hi; k++) {
                const jx_range *o = &sh->merges[sh->merge_ids[k]];
                if (o->c1 > m->c2)
                    break;
                if (budget-- == 0)
                    return JX_OK;
                if (o->r1 <= m->r2 && m->r1 <= o->r2) {
                    char a[16], a2[16], x[16], x2[16];
                    jx_diag_set_part(d, sh->part);
                    jx_diag_set_sheet(d, sh->name);
                    return jx_fail(d, JX_ERR_BAD_VALUE, "merged ranges %s:%s and %s:%s overlap",
                                   jx_cell_ref(m->r1, m->c1, a), jx_cell_ref(m->r2, m->c2, a2),
                                   jx_cell_ref(o->r1, o->c1, x), jx_cell_ref(o->r2, o->c2, x2));
                }
            }
        }
    }
    return JX_OK;
}

static uint64_t band_entries(const jx_sheet *sh, unsigned shift)
{
    uint64_t total = 0;
    for (size_t i = 0; i < sh->nmerges; i++)
        total += (uint64_t)((sh->merges[i].r2 >> shift) - (sh->merges[i].r1 >> shift) + 1);
    return total;
}

static jx_error index_merges(jx_sheet *sh, jx_diag *d)
{
    if (!sh->nmerges)
        return JX_OK;
    uint32_t max_r2 = 0;
    for (size_t i = 0; i < sh->nmerges; i++)
        if (sh->merges[i].r2 > max_r2)
            max_r2 = sh->merges[i].r2;
    uint64_t budget = (uint64_t)sh->ncells * MERGE_INDEX_PER_CELL;
    if (budget < MERGE_INDEX_FLOOR)
        budget = MERGE_INDEX_FLOOR;
    /* widen the bands until the index fits; at shift 20 one band holds
     * every row, so the index is one entry per merge (nmerges is bounded
     * by max_merges) */
    unsigned shift = 0;
    uint64_t total = band_entries(sh, shift);
    while (total > budget && shift < 20)
        total = band_entries(sh, ++shift);
    uint32_t rows = max_r2 >> shift; /* the last band */
    uint32_t *order = jx_malloc(sh->nmerges * 2 * sizeof *order);
    uint32_t *first = jx_calloc((size_t)rows + 2, sizeof *first);
    uint32_t *ids = jx_malloc((size_t)(total ? total : 1) * sizeof *ids);
    if (!order || !first || !ids) {
        free(order);
        free(first);
        free(ids);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    for (size_t i = 0; i < sh->nmerges; i++) {
        order[2 * i] = (uint32_t)i;
        order[2 * i + 1] = sh->merges[i].c1;
    }
    qsort(order, sh->nmerges, 2 * sizeof *order, cmp_c1);
    /* count per band, then prefix sums: first[b] is where band b starts */
    for (size_t i = 0; i < sh->nmerges; i++)
        for (uint32_t r = sh->merges[i].r1 >> shift; r <= sh->merges[i].r2 >> shift; r++)
            first[r + 1]++;
    for (uint32_t r = 1; r <= rows + 1; r++)
        first[r] += first[r - 1];
    uint32_t *fill = first; /* reuse: advance a cursor per band, then undo */
    for (size_t k = 0; k < sh->nmerges; k++) {
        uint32_t i = order[2 * k];
        for (uint32_t r = sh->merges[i].r1 >> shift; r <= sh->merges[i].r2 >> shift; r++)
            ids[fill[r]++] = i;
    }
    /* each cursor now sits where the next band starts: shift back */
    for (uint32_t r = rows + 1; r > 0; r--)
        first[r] = first[r - 1];
    first[0] = 0;
    free(order);
    sh->merge_first = first;
    sh->merge_ids = ids;
    sh->merge_shift = shift;
    sh->merge_rows = rows;
    return check_overlaps(sh, d);
}

jx_error jx_grid_index(jx_sheet *sh, jx_diag *d)
{
    uint32_t max_row = 0, max_col = 0;
    for (size_t i = 0; i < sh->nmerges; i++) {
        if (sh->merges[i].r2 > max_row)
            max_row = sh->merges[i].r2;
        if (sh->merges[i].c2 > max_col)
            max_col = sh->merges[i].c2;
    }
    uint32_t last_row = sh->ncells ? sh->cells[sh->ncells - 1].row : 0;
    for (size_t i = 0; i < sh->ncells; i++)
        if (sh->cells[i].col > max_col)
            max_col = sh->cells[i].col;
    if (last_row > max_row)
        max_row = last_row;
    sh->max_row = max_row;
    sh->max_col = max_col;
    if (sh->ncells) {
        sh->row_first = jx_malloc(((size_t)last_row + 2) * sizeof *sh->row_first);
        if (!sh->row_first)
            return jx_fail(d, JX_ERR_NOMEM, NULL);
        size_t i = 0;
        for (uint32_t r = 0; r <= last_row + 1; r++) {
            while (i < sh->ncells && sh->cells[i].row < r)
                i++;
            sh->row_first[r] = (uint32_t)i;
        }
        sh->index_rows = last_row;
    }
    return index_merges(sh, d);
}

void jx_sheet_release(jx_sheet *sh)
{
    free(sh->cells);
    free(sh->pool);
    free(sh->hidden);
    free(sh->merges);
    free(sh->row_first);
    free(sh->merge_first);
    free(sh->merge_ids);
    sh->cells = NULL;
    sh->pool = NULL;
    sh->hidden = NULL;
    sh->merges = NULL;
    sh->row_first = sh->merge_first = sh->merge_ids = NULL;
}

/* ---- accessors ---- */

static const jx_cell *find_cell(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    if (!sh || row == 0 || row > sh->index_rows)
        return NULL;
    size_t lo = sh->row_first[row], hi = sh->row_first[row + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t c = sh->cells[mid].col;
        if (c == col)
            return &sh->cells[mid];
        if (c < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const char *cell_text(const jx_sheet *sh, const jx_cell *c)
{
    if (c->flags & JX_CF_SHARED)
        return sh->wb->sst[c->text].text;
    return sh->pool + c->text;
}

static const char *cell_norm(const jx_sheet *sh, const jx_cell *c)
{
    if (c->flags & JX_CF_SHARED)
        return sh->wb->sst[c->text].norm;
    const char *t = sh->pool + c->text;
    return (c->flags & JX_CF_NORM) ? t + strlen(t) + 1 : t;
}

const char *jx_sheet_name(const jx_sheet *sh) { return sh ? sh->name : NULL; }
const char *jx_sheet_part(const jx_sheet *sh) { return sh ? sh->part : NULL; }
jx_sheet_state jx_sheet_state_of(const jx_sheet *sh) { return sh ? sh->state : JX_SHEET_VISIBLE; }
uint32_t jx_sheet_max_row(const jx_sheet *sh) { return sh ? sh->max_row : 0; }
uint32_t jx_sheet_max_col(const jx_sheet *sh) { return sh ? sh->max_col : 0; }

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int jx_sheet_row_hidden(const jx_sheet *sh, uint32_t row)
{
    if (!sh || !sh->nhidden)
        return 0;
    return bsearch(&row, sh->hidden, sh->nhidden, sizeof row, u32_cmp) != NULL;
}

jx_cell_type jx_sheet_cell_type(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    const jx_cell *c = find_cell(sh, row, col);
    return c ? (jx_cell_type)c->type : JX_CELL_EMPTY;
}

const char *jx_sheet_cell_text(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    const jx_cell *c = find_cell(sh, row, col);
    return c ? cell_text(sh, c) : NULL;
}

size_t jx_sheet_row_cols(const jx_sheet *sh, uint32_t row, uint32_t *cols, size_t max)
{
    if (!sh || row == 0 || row > sh->index_rows)
        return 0;
    size_t lo = sh->row_first[row], hi = sh->row_first[row + 1];
    for (size_t i = lo; i < hi && i - lo < max; i++)
        cols[i - lo] = sh->cells[i].col;
    return hi - lo;
}

const char *jx_sheet_norm(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    const jx_cell *c = find_cell(sh, row, col);
    return c ? cell_norm(sh, c) : NULL;
}

const jx_range *jx_sheet_merge_at(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    if (!sh || !sh->nmerges || row == 0)
        return NULL;
    uint32_t band = row >> sh->merge_shift;
    if (!sh->merge_first || band > sh->merge_rows)
        return NULL;
    for (uint32_t k = sh->merge_first[band]; k < sh->merge_first[band + 1]; k++) {
        const jx_range *m = &sh->merges[sh->merge_ids[k]];
        if (m->c1 > col)
            break;
        /* a band holds merges of its other rows too */
        if (col <= m->c2 && row >= m->r1 && row <= m->r2)
            return m;
    }
    return NULL;
}

size_t jx_sheet_merge_count(const jx_sheet *sh) { return sh ? sh->nmerges : 0; }

const jx_range *jx_sheet_merge(const jx_sheet *sh, size_t index)
{
    return sh && index < sh->nmerges ? &sh->merges[index] : NULL;
}

/* The cell shown at (row, col): a merge shows its top-left cell. */
static const jx_cell *shown_cell(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    const jx_range *m = jx_sheet_merge_at(sh, row, col);
    return m ? find_cell(sh, m->r1, m->c1) : find_cell(sh, row, col);
}

const char *jx_sheet_text(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    const jx_cell *c = shown_cell(sh, row, col);
    return c ? cell_text(sh, c) : NULL;
}

jx_cell_type jx_sheet_type(const jx_sheet *sh, uint32_t row, uint32_t col)
{
    const jx_cell *c = shown_cell(sh, row, col);
    return c ? (jx_cell_type)c->type : JX_CELL_EMPTY;
}

static bool label_matches(const char *norm, const char *label, size_t llen, jx_match how)
{
    switch (how) {
    case JX_MATCH_EXACT: return strcmp(norm, label) == 0;
    case JX_MATCH_PREFIX: return strncmp(norm, label, llen) == 0;
    case JX_MATCH_CONTAINS: return strstr(norm, label) != NULL;
    }
    return false;
}

/* Cells scanned one by one before a search switches to matching each
 * shared string once: labels are usually near the top, absent ones cost a
 * whole sheet. */
#define FIND_DIRECT_CELLS 4096u

static int find_norm(const jx_sheet *sh, const char *norm, size_t nlen, jx_match how, unsigned nth,
                     uint32_t *row, uint32_t *col)
{
    size_t direct = sh->ncells < FIND_DIRECT_CELLS ? sh->ncells : FIND_DIRECT_CELLS;
    size_t i = 0;
    const jx_cell *hit = NULL;
    for (; i < direct && !hit; i++)
        if (label_matches(cell_norm(sh, &sh->cells[i]), norm, nlen, how) && --nth == 0)
            hit = &sh->cells[i];
    uint32_t nsst = sh->wb->nsst;
    unsigned char *bits = NULL;
    if (!hit && i < sh->ncells && nsst) {
        bits = jx_calloc((size_t)nsst / 8 + 1, 1);
        if (bits)
            for (uint32_t k = 0; k < nsst; k++)
                if (label_matches(sh->wb->sst[k].norm, norm, nlen, how))
                    bits[k / 8] |= (unsigned char)(1u << (k % 8));
    }
    for (; i < sh->ncells && !hit; i++) {
        const jx_cell *c = &sh->cells[i];
        bool m = (bits && (c->flags & JX_CF_SHARED)) ? (bits[c->text / 8] >> (c->text % 8)) & 1
                                                     : label_matches(cell_norm(sh, c), norm, nlen, how);
        if (m && --nth == 0)
            hit = c;
    }
    free(bits);
    if (!hit)
        return 0;
    if (row)
        *row = hit->row;
    if (col)
        *col = hit->col;
    return 1;
}

int jx_sheet_find_label(const jx_sheet *sh, const char *label, jx_match how, unsigned nth,
                        uint32_t *row, uint32_t *col)
{
    if (!sh || !label)
        return 0;
    char small[1024];
    char *norm = small;
    size_t need = jx_normalize(label, small, sizeof small);
    if (need >= sizeof small) {
        norm = jx_malloc(need + 1);
        if (!norm)
            return 0;
        jx_normalize(label, norm, need + 1);
    }
    int found = norm[0] ? find_norm(sh, norm, need, how, nth ? nth : 1, row, col) : 0;
    if (norm != small)
        free(norm);
    return found;
}
