/*
 * locate.c - finds a mapping's labels, fields and tables on a sheet grid.
 *
 * Everything is found by normalised label text, never by fixed address, so
 * a form that starts at B3, has rows inserted, or carries extra sheets is
 * read the same as the blank template.
 */
#include "mapping/mapping.h"

#include <stdlib.h>
#include <string.h>

bool jx_label_matches(const jx_label_spec *spec, const char *norm)
{
    if (!norm || !*norm)
        return false;
    for (size_t i = 0; i < spec->count; i++) {
        const char *alt = spec->alts[i];
        switch (spec->how) {
        case JX_MATCH_EXACT:
            if (strcmp(norm, alt) == 0)
                return true;
            break;
        case JX_MATCH_PREFIX:
            if (strncmp(norm, alt, strlen(alt)) == 0)
                return true;
            break;
        case JX_MATCH_CONTAINS:
            if (strstr(norm, alt))
                return true;
            break;
        }
    }
    return false;
}

bool jx_locate_label(const jx_sheet *sh, const jx_label_spec *spec, uint32_t *row, uint32_t *col)
{
    /* Alternatives are spellings of one label: take the earliest cell, in
     * reading order, that has any of them. */
    bool found = false;
    uint32_t best_r = 0, best_c = 0;
    for (size_t i = 0; i < spec->count; i++) {
        uint32_t r, c;
        if (jx_sheet_find_label(sh, spec->alts[i], spec->how, spec->nth ? spec->nth : 1, &r, &c) &&
            (!found || r < best_r || (r == best_r && c < best_c))) {
            found = true;
            best_r = r;
            best_c = c;
        }
    }
    if (found) {
        *row = best_r;
        *col = best_c;
    }
    return found;
}

/* The top-left cell of the merge covering (r, c), or (r, c) itself. */
static void anchor_of(const jx_sheet *sh, uint32_t r, uint32_t c, uint32_t *ar, uint32_t *ac)
{
    const jx_range *m = jx_sheet_merge_at(sh, r, c);
    *ar = m ? m->r1 : r;
    *ac = m ? m->c1 : c;
}

static const char *after_colon(const char *s)
{
    if (!s)
        return NULL;
    const char *full = strstr(s, "\xEF\xBC\x9A"); /* U+FF1A FULLWIDTH COLON */
    const char *half = strchr(s, ':');
    const char *p = NULL;
    size_t skip = 0;
    if (full && (!half || full < half)) {
        p = full;
        skip = 3;
    } else if (half) {
        p = half;
        skip = 1;
    }
    if (!p)
        return NULL;
    p += skip;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p ? p : NULL;
}

bool jx_locate_field(const jx_sheet *sh, const jx_field_spec *f, jx_located *out)
{
    memset(out, 0, sizeof *out);
    uint32_t r, c;
    if (!jx_locate_label(sh, &f->label, &r, &c))
        return false;
    out->label_row = r;
    out->label_col = c;
    out->label_text = jx_sheet_cell_text(sh, r, c);
    const jx_range *m = jx_sheet_merge_at(sh, r, c);
    uint32_t r2 = m ? m->r2 : r, c2 = m ? m->c2 : c;
    uint32_t vr = r, vc = c;
    switch (f->take) {
    case JX_TAKE_RIGHT:
        vc = c2 + 1;
        break;
    case JX_TAKE_BELOW:
        vr = r2 + 1;
        break;
    case JX_TAKE_SELF:
        break;
    case JX_TAKE_AFTER_COLON:
        out->row = r;
        out->col = c;
        out->text = after_colon(out->label_text);
        return true;
    case JX_TAKE_CROSS: {
        uint32_t hr, hc;
        if (!jx_locate_label(sh, &f->col_label, &hr, &hc))
            return false;
        vc = hc;
        break;
    }
    }
    if (vc > JX_MAX_COL || vr > JX_MAX_ROW)
        return true;
    anchor_of(sh, vr, vc, &out->row, &out->col);
    out->text = jx_sheet_cell_text(sh, out->row, out->col);
    if (out->text && !*out->text)
        out->text = NULL;
    return true;
}

/* "2023年" or "2023" alone: a year column header. */
static const char *year_key(const char *norm, char buf[8])
{
    if (!norm || strlen(norm) < 4)
        return NULL;
    /* a blank template's "____年": a year column whose year the converter
     * writes */
    if (strcmp(norm, "____年") == 0 || strcmp(norm, "____") == 0)
        return "____";
    for (int i = 0; i < 4; i++)
        if (norm[i] < '0' || norm[i] > '9')
            return NULL;
    const char *rest = norm + 4;
    if (*rest && strcmp(rest, "年") != 0)
        return NULL;
    if (!((norm[0] == '1' && norm[1] == '9') || (norm[0] == '2' && (norm[1] == '0' || norm[1] == '1'))))
        return NULL;
    memcpy(buf, norm, 4);
    buf[4] = '\0';
    return buf;
}

/* Find the nth cell in rows [top, bottom] whose normalised text matches. */
static bool find_in_rows(const jx_sheet *sh, const jx_label_spec *spec, uint32_t top, uint32_t bottom,
                         uint32_t *row, uint32_t *col)
{
    unsigned seen = 0, want = spec->nth ? spec->nth : 1;
    uint32_t maxc = jx_sheet_max_col(sh);
    for (uint32_t r = top; r <= bottom; r++)
        for (uint32_t c = 1; c <= maxc; c++) {
            const char *n = jx_sheet_norm(sh, r, c);
            if (n && jx_label_matches(spec, n) && ++seen == want) {
                *row = r;
                *col = c;
                return true;
            }
        }
    return false;
}

jx_error jx_locate_table(const jx_sheet *sh, const jx_table_spec *t, jx_arena *a,
                         jx_table_layout *out, bool *found)
{
    memset(out, 0, sizeof *out);
    *found = false;
    uint32_t ar, ac;
    if (!jx_locate_label(sh, &t->anchor, &ar, &ac))
        return JX_OK;
    out->anchor_row = ar;
    out->anchor_col = ac;
    uint32_t top = ar > t->window_up ? ar - t->window_up : 1;
    uint32_t bottom = ar + t->window_down;
    uint32_t band_top = ar, band_bottom = ar;
    size_t nfound = 0;

    out->cols = jx_arena_calloc(a, t->block_count, sizeof *out->cols);
    out->shared_cols = jx_arena_calloc(a, t->shared_count ? t->shared_count : 1, sizeof *out->shared_cols);
    if (!out->cols || !out->shared_cols)
        return JX_ERR_NOMEM;
    for (size_t b = 0; b < t->block_count; b++) {
        out->cols[b] = jx_arena_calloc(a, t->blocks[b].column_count ? t->blocks[b].column_count : 1,
                                       sizeof **out->cols);
        if (!out->cols[b])
            return JX_ERR_NOMEM;
    }
    /* Pass 1: named headers.  Their cells give the header band. */
    for (size_t b = 0; b <= t->block_count; b++) {
        const jx_column_spec *cols = b == 0 ? t->shared : t->blocks[b - 1].columns;
        size_t n = b == 0 ? t->shared_count : t->blocks[b - 1].column_count;
        uint32_t *dst = b == 0 ? out->shared_cols : out->cols[b - 1];
        for (size_t i = 0; i < n; i++) {
            if (cols[i].role == JX_ROLE_YEARS)
                continue;
            uint32_t r, c;
            if (!find_in_rows(sh, &cols[i].header, top, bottom, &r, &c))
                continue;
            const jx_range *m = jx_sheet_merge_at(sh, r, c);
            dst[i] = c + (uint32_t)cols[i].offset;
            nfound++;
            if (r < band_top)
                band_top = r;
            uint32_t rb = m ? m->r2 : r;
            if (rb > band_bottom)
                band_bottom = rb;
        }
    }
    if (!nfound)
        return JX_OK;
    /* Pass 2: year columns, searched only inside the header band so that a
     * target such as "2025年" in a data row is never taken for a header. */
    size_t year_cap = 0;
    for (size_t b = 0; b < t->block_count; b++)
        for (size_t i = 0; i < t->blocks[b].column_count; i++)
            if (t->blocks[b].columns[i].role == JX_ROLE_YEARS)
                year_cap += jx_sheet_max_col(sh);
    if (year_cap) {
        out->years = jx_arena_calloc(a, year_cap, sizeof *out->years);
        if (!out->years)
            return JX_ERR_NOMEM;
        for (size_t b = 0; b < t->block_count; b++)
            for (size_t i = 0; i < t->blocks[b].column_count; i++) {
                const jx_column_spec *cs = &t->blocks[b].columns[i];
                if (cs->role != JX_ROLE_YEARS)
                    continue;
                for (uint32_t r = band_top; r <= band_bottom; r++)
                    for (uint32_t c = 1; c <= jx_sheet_max_col(sh); c++) {
                        char buf[8];
                        const char *k = year_key(jx_sheet_norm(sh, r, c), buf);
                        if (!k || out->year_count >= year_cap)
                            continue;
                        out->years[out->year_count].col = c;
                        out->years[out->year_count].row = r;
                        out->years[out->year_count].key = jx_arena_strdup(a, k);
                        out->years[out->year_count].block = b;
                        out->years[out->year_count].spec = cs;
                        if (!out->years[out->year_count].key)
                            return JX_ERR_NOMEM;
                        out->year_count++;
                    }
            }
    }
    /* Resolve each role's column once; rows look it up, not search it. */
    out->role_cols = jx_arena_calloc(a, t->block_count * JX_ROLE__COUNT, sizeof *out->role_cols);
    if (!out->role_cols)
        return JX_ERR_NOMEM;
    for (size_t b = 0; b < t->block_count; b++) {
        uint32_t *rc = out->role_cols + b * JX_ROLE__COUNT;
        for (size_t i = 0; i < t->shared_count; i++)
            if (out->shared_cols[i] && !rc[t->shared[i].role])
                rc[t->shared[i].role] = out->shared_cols[i];
        for (size_t i = 0; i < t->blocks[b].column_count; i++)
            if (out->cols[b][i])
                rc[t->blocks[b].columns[i].role] = out->cols[b][i];
    }
    out->header_top = band_top;
    out->header_bottom = band_bottom;
    out->first_row = band_bottom + 1;
    *found = true;
    return JX_OK;
}

/* The spec column a sheet column belongs to, or NULL. */
static const jx_column_spec *spec_at(const jx_table_spec *t, const jx_table_layout *lay, uint32_t col)
{
    for (size_t i = 0; i < t->shared_count; i++)
        if (lay->shared_cols[i] == col)
            return &t->shared[i];
    for (size_t b = 0; b < t->block_count; b++)
        for (size_t i = 0; i < t->blocks[b].column_count; i++)
            if (lay->cols[b][i] == col)
                return &t->blocks[b].columns[i];
    return NULL;
}

static bool is_year_col(const jx_table_layout *lay, uint32_t col)
{
    for (size_t y = 0; y < lay->year_count; y++)
        if (lay->years[y].col == col)
            return true;
    return false;
}

/* Whether a column header (named, not a year or offset one) shows in this
 * row, through a merge: a repeated header's lower rows show the cells
 * merged down from its first. */
static bool shows_header(const jx_sheet *sh, const jx_column_spec *cs, uint32_t row, uint32_t col)
{
    if (!cs || cs->role == JX_ROLE_YEARS || cs->offset)
        return false;
    const jx_range *m = jx_sheet_merge_at(sh, row, col);
    const char *norm = m ? jx_sheet_norm(sh, m->r1, m->c1) : jx_sheet_norm(sh, row, col);
    return norm && jx_label_matches(&cs->header, norm);
}

/* Rows are classified from the cells they actually hold, so a sparse row
 * of a 13-column table costs a handful of lookups, not dozens. */
jx_row_kind jx_classify_row(const jx_sheet *sh, const jx_table_spec *t, const jx_table_layout *lay,
                            uint32_t row)
{
    if (row > jx_sheet_max_row(sh))
        return JX_ROW_END;
    uint32_t cols[64];
    size_t n = jx_sheet_row_cols(sh, row, cols, sizeof cols / sizeof cols[0]);
    if (n > sizeof cols / sizeof cols[0])
        n = sizeof cols / sizeof cols[0]; /* wider rows: their first 64 cells decide */
    bool mapped_value = false;
    int own_headers = 0;
    for (size_t i = 0; i < n; i++) {
        const char *norm = jx_sheet_norm(sh, row, cols[i]);
        if (!norm)
            continue;
        if (t->end.count && jx_label_matches(&t->end, norm))
            return JX_ROW_END;
        const jx_column_spec *cs = spec_at(t, lay, cols[i]);
        if (cs || is_year_col(lay, cols[i]))
            mapped_value = true;
        if (cs && cs->role != JX_ROLE_YEARS && !cs->offset && jx_label_matches(&cs->header, norm))
            own_headers++;
    }
    /* A printed export repeats the header inside long tables: a row where
     * two or more columns show their own header text is not data.  Only a
     * row holding at least one header cell of its own can be one. */
    if (own_headers >= 1) {
        int hits = 0;
        for (size_t i = 0; i < t->shared_count; i++)
            hits += lay->shared_cols[i] && shows_header(sh, &t->shared[i], row, lay->shared_cols[i]);
        for (size_t b = 0; b < t->block_count; b++)
            for (size_t i = 0; i < t->blocks[b].column_count; i++)
                hits += lay->cols[b][i] && shows_header(sh, &t->blocks[b].columns[i], row, lay->cols[b][i]);
        if (hits >= 2)
            return JX_ROW_HEADER;
    }
    if (t->end_blank && !mapped_value)
        return JX_ROW_END;
    return JX_ROW_DATA;
}
