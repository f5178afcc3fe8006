/*
 * build.c - turns a sheet grid, through its template's mapping, into forms.
 *
 * For every sheet: detect the template, locate the mapping's fields, read
 * its row tables, read its indicator tables block by block, then merge the
 * blocks (金寨's 中期/年度 halves, 广水's 长期/年度 tables) into one list by
 * 三级指标 name.  A table with form columns (沅江) yields one form per
 * project.
 *
 * Invariants:
 *   - the model owns every string it holds (copied into its arena, once per
 *     distinct source string), so it outlives the workbook;
 *   - values are stored as written; a parse (money, target) sits beside the
 *     text and never replaces it;
 *   - every value records the cell it came from.
 */
#include "mapping/mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string interning: the grid shares one pointer per shared string,
 * so keying on the source pointer copies each distinct string once ---- */

typedef struct intern_slot { const char *src; const char *copy; } intern_slot;
typedef struct intern_map { intern_slot *slots; size_t cap, len; } intern_map;

typedef struct parsed_target {
    const char *src;     /* the grid's string; NULL: empty slot */
    jx_op op;
    int has_value;
    jx_decimal value;
    const char *unit;    /* in the model arena */
} parsed_target;

typedef struct builder {
    jx_model *model;
    jx_arena *a;
    jx_vec *owned;    /* heap blocks handed to the model (void *) */
    const jx_sheet *sheet;   /* the sheet being built */
    intern_map interned;
    parsed_target *parsed;   /* memo of target parses, power-of-two sized */
    size_t parsed_cap;
    jx_vec forms;     /* jx_form */
    jx_vec unknown;   /* const char * */
    jx_diag *diag;
} builder;

static size_t ptr_hash(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static bool intern_grow(intern_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    intern_slot *s = jx_calloc(cap, sizeof *s);
    if (!s)
        return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].src) {
            size_t h = ptr_hash(m->slots[i].src) & (cap - 1);
            while (s[h].src)
                h = (h + 1) & (cap - 1);
            s[h] = m->slots[i];
        }
    free(m->slots);
    m->slots = s;
    m->cap = cap;
    return true;
}

/* Copy a grid string into the model once, keyed by its grid pointer; the
 * copy holds `text` (normally the string itself).  NULL stays NULL.  *ok
 * is cleared on allocation failure. */
static const char *keep_as(builder *b, const char *src, const char *text, bool *ok)
{
    if (!src)
        return NULL;
    if (b->interned.len * 2 >= b->interned.cap && !intern_grow(&b->interned)) {
        *ok = false;
        return NULL;
    }
    size_t h = ptr_hash(src) & (b->interned.cap - 1);
    while (b->interned.slots[h].src) {
        if (b->interned.slots[h].src == src)
            return b->interned.slots[h].copy;
        h = (h + 1) & (b->interned.cap - 1);
    }
    const char *copy = jx_arena_strdup(b->a, text);
    if (!copy) {
        *ok = false;
        return NULL;
    }
    b->interned.slots[h].src = src;
    b->interned.slots[h].copy = copy;
    b->interned.len++;
    return copy;
}

static const char *keep(builder *b, const char *src, bool *ok)
{
    return keep_as(b, src, src, ok);
}

/* keep() for a cell's value: a numeric cell is kept as the number a
 * spreadsheet shows (see jx_number_display), so every producer's way of
 * storing 12.8 gives the same text.  A numeric cell's grid text belongs to
 * that cell alone, so interning its display form under it is safe. */
static const char *keep_value(builder *b, const jx_sheet *sh, jx_origin at, const char *src, bool *ok)
{
    char shownum[96];
    if (src && at.row && jx_sheet_cell_type(sh, at.row, at.col) == JX_CELL_NUMBER &&
        jx_number_display(src, shownum, sizeof shownum))
        return keep_as(b, src, shownum, ok);
    return keep(b, src, ok);
}

static bool nonempty(const char *s)
{
    if (!s)
        return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return true;
    return false;
}

/* The value shown at (r, c) and the cell that holds it (a merge's top-left).
 * A merge lends its value down its own first column only: "合计" merged
 * over A25:B25 is the 科目编码 column's value, not also the 科目名称's. */
static const char *shown(const jx_sheet *sh, uint32_t r, uint32_t c, jx_origin *at)
{
    if (!c)
        return NULL;
    const jx_range *m = jx_sheet_merge_at(sh, r, c);
    if (m && m->c1 != c)
        return NULL;
    uint32_t ar = m ? m->r1 : r, ac = m ? m->c1 : c;
    const char *s = jx_sheet_cell_text(sh, ar, ac);
    if (!nonempty(s))
        return NULL;
    if (at) {
        at->row = ar;
        at->col = ac;
    }
    return s;
}

/* The first year 1900..2199 written in the text, and the next one after
 * it (for "2023年-2099年"); 0 when absent. */
static int years_in(const char *s, int *second)
{
    int found[2] = {0, 0}, n = 0;
    for (const char *p = s; p && *p && n < 2; p++) {
        if (*p < '0' || *p > '9')
            continue;
        const char *q = p;
        int v = 0, digits = 0;
        while (*q >= '0' && *q <= '9') {
            if (digits < 6)
                v = v * 10 + (*q - '0');
            digits++;
            q++;
        }
        if (digits == 4 && v >= 1900 && v <= 2199)
            found[n++] = v;
        p = q - 1;
    }
    if (second)
        *second = found[1];
    return found[0];
}

/* ---- the form being built ---- */

typedef struct form_build {
    jx_form form;
    jx_vec fields;      /* jx_kv */
    jx_vec amounts;     /* jx_amount */
    jx_vec tables;      /* jx_table */
    jx_vec indicators;  /* jx_indicator */
} form_build;

static void form_build_init(form_build *fb)
{
    memset(fb, 0, sizeof *fb);
    jx_vec_init(&fb->fields, sizeof(jx_kv));
    jx_vec_init(&fb->amounts, sizeof(jx_amount));
    jx_vec_init(&fb->tables, sizeof(jx_table));
    jx_vec_init(&fb->indicators, sizeof(jx_indicator));
}

static void form_build_free(form_build *fb)
{
    jx_vec_free(&fb->fields);
    jx_vec_free(&fb->amounts);
    jx_vec_free(&fb->tables);
    jx_vec_free(&fb->indicators);
}

static bool copy_vec(builder *b, jx_vec *v, void **out, size_t *count)
{
    *count = v->len;
    *out = NULL;
    if (!v->len)
        return true;
    *out = jx_arena_alloc(b->a, v->len * v->item);
    if (!*out)
        return false;
    memcpy(*out, v->data, v->len * v->item);
    return true;
}

/* Copy the vectors into the model arena and append the form. */
static jx_error form_emit(builder *b, form_build *fb)
{
    jx_form *f = &fb->form;
    if (!copy_vec(b, &fb->fields, (void **)&f->fields, &f->field_count) ||
        !copy_vec(b, &fb->amounts, (void **)&f->amounts, &f->amount_count) ||
        !copy_vec(b, &fb->tables, (void **)&f->tables, &f->table_count) ||
        !copy_vec(b, &fb->indicators, (void **)&f->indicators, &f->indicator_count))
        return JX_ERR_NOMEM;
    jx_form *slot = jx_vec_push(&b->forms);
    if (!slot)
        return JX_ERR_NOMEM;
    *slot = *f;
    return JX_OK;
}

/* A key not yet used in the vector of jx_kv or jx_amount (both start with
 * `const char *key`): "其他资金", then "其他资金#2" ... */
static const char *unique_key(builder *b, jx_vec *v, const char *key, bool *ok)
{
    char buf[512];
    for (int n = 1; n < 100; n++) {
        if (n == 1)
            jx_strlcpy_utf8(buf, key, sizeof buf);
        else
            snprintf(buf, sizeof buf, "%.500s#%d", key, n);
        bool used = false;
        for (size_t i = 0; i < v->len && !used; i++)
            used = strcmp(*(const char **)((char *)v->data + i * v->item), buf) == 0;
        if (!used) {
            const char *r = jx_arena_strdup(b->a, buf);
            if (!r)
                *ok = false;
            return r;
        }
    }
    return NULL;
}

/* The label cell's text, trimmed, as the key of a field. */
static const char *label_key(builder *b, const char *label, bool *ok)
{
    if (!label)
        return NULL;
    while (*label == ' ' || *label == '\n' || *label == '\t')
        label++;
    size_t n = strlen(label);
    while (n && (label[n - 1] == ' ' || label[n - 1] == '\n' || label[n - 1] == '\t' || label[n - 1] == '\r'))
        n--;
    char *k = jx_arena_strndup(b->a, label, n);
    if (!k)
        *ok = false;
    return k;
}

/* Text before the first colon (half or full width), for "部门：xxx" keys. */
static const char *before_colon(builder *b, const char *label, bool *ok)
{
    const char *full = strstr(label, "\xEF\xBC\x9A");
    const char *half = strchr(label, ':');
    const char *p = full && (!half || full < half) ? full : half;
    if (!p)
        return label_key(b, label, ok);
    char *k = jx_arena_strndup(b->a, label, (size_t)(p - label));
    if (!k) {
        *ok = false;
        return NULL;
    }
    return label_key(b, k, ok);
}

static jx_money money_of(const jx_sheet *sh, const char *text, jx_origin at, int64_t fen_per_unit)
{
    jx_money m = {0};
    if (!text)
        return m;
    int64_t fen;
    if (jx_money_parse(text, fen_per_unit, &fen) == JX_OK) {
        m.present = 1;
        m.fen = fen;
        m.from_text = jx_sheet_cell_type(sh, at.row, at.col) == JX_CELL_STRING;
        m.at = at;
    }
    return m;
}

static jx_money *slot_money(jx_form *f, jx_slot s)
{
    switch (s) {
    case JX_SLOT_TOTAL: return &f->total;
    case JX_SLOT_ANNUAL: return &f->annual;
    case JX_SLOT_FISCAL: return &f->fiscal;
    case JX_SLOT_OTHER: return &f->other;
    default: return NULL;
    }
}

static jx_text *slot_text(jx_form *f, jx_slot s)
{
    switch (s) {
    case JX_SLOT_TITLE: return &f->title;
    case JX_SLOT_DEPARTMENT: return &f->department;
    case JX_SLOT_UNIT: return &f->unit;
    case JX_SLOT_PROJECT: return &f->project;
    case JX_SLOT_GOAL_PERIOD: return &f->goal_period;
    case JX_SLOT_GOAL_ANNUAL: return &f->goal_annual;
    default: return NULL;
    }
}

/* Put one located field into the form. */
static jx_error apply_field(builder *b, const jx_sheet *sh, const jx_field_spec *fs, const jx_located *loc,
                            form_build *fb)
{
    bool ok = true;
    jx_form *f = &fb->form;
    jx_origin at = {loc->row, loc->col};
    const char *text = keep_value(b, sh, at, loc->text, &ok);

    /* every field the form has a label for is kept as written in `fields`,
     * except a title (its label is its value) and a value found at a row
     * and column crossing (its row label alone would misname it) */
    if (fs->take != JX_TAKE_SELF && (fs->take != JX_TAKE_CROSS || fs->key)) {
        const char *key = fs->key ? fs->key
                          : fs->take == JX_TAKE_AFTER_COLON ? before_colon(b, loc->label_text ? loc->label_text : "", &ok)
                                                             : label_key(b, loc->label_text, &ok);
        bool dup_cell = false;
        for (size_t i = 0; i < fb->fields.len; i++) {
            jx_kv *kv = (jx_kv *)fb->fields.data + i;
            dup_cell |= kv->at.row == at.row && kv->at.col == at.col && kv->at.row;
        }
        if (key && !dup_cell && text) {
            const char *ukey = unique_key(b, &fb->fields, key, &ok);
            jx_kv *kv = jx_vec_push(&fb->fields);
            if (!kv)
                return JX_ERR_NOMEM;
            kv->key = ukey;
            kv->value = text;
            kv->at = at;
        }
    }
    if (!ok)
        return JX_ERR_NOMEM;
    if (!text) {
        /* the form has a place for the value but left it empty: keep the
         * place, so that a finding can point at it */
        jx_money *mslot = slot_money(f, fs->slot);
        jx_text *tslot = slot_text(f, fs->slot);
        if (mslot && !mslot->present && !mslot->at.row)
            mslot->at = at;
        if (tslot && !tslot->s && !tslot->at.row)
            tslot->at = at;
        return JX_OK;
    }

    switch (fs->type) {
    case JX_V_MONEY: {
        jx_money m = money_of(sh, text, at, fs->fen_per_unit);
        jx_money *dst = slot_money(f, fs->slot);
        if (dst) {
            if (!dst->present && m.present)
                *dst = m;
            else if (!dst->present && !dst->at.row)
                dst->at = at; /* text that is no number: keep the place */
        } else if (m.present) {
            const char *key = fs->key ? fs->key : label_key(b, loc->label_text, &ok);
            const char *ukey = key ? unique_key(b, &fb->amounts, key, &ok) : NULL;
            jx_amount *am = jx_vec_push(&fb->amounts);
            if (!am)
                return JX_ERR_NOMEM;
            am->key = ukey ? ukey : "";
            am->money = m;
        }
        break;
    }
    case JX_V_YEAR: {
        int y = years_in(text, NULL);
        if (!y)
            break;
        if (fs->slot == JX_SLOT_YEAR && !f->year) {
            f->year = y;
            f->year_at = at;
        } else if (fs->slot == JX_SLOT_PERIOD_START && !f->period_start) {
            f->period_start = y;
            f->period_start_at = at;
            f->has_period = 1;
        } else if (fs->slot == JX_SLOT_PERIOD_END && !f->period_end) {
            f->period_end = y;
            f->period_end_at = at;
            f->has_period = 1;
        }
        break;
    }
    case JX_V_PERIOD: {
        int end = 0, start = years_in(text, &end);
        if (start && !f->period_start) {
            f->period_start = start;
            f->period_start_at = at;
            f->has_period = 1;
        }
        if (end && !f->period_end) {
            f->period_end = end;
            f->period_end_at = at;
            f->has_period = 1;
        }
        break;
    }
    case JX_V_TEXT: {
        jx_text *dst = slot_text(f, fs->slot);
        if (dst && !dst->s) {
            dst->s = text;
            dst->at = at;
        }
        break;
    }
    }
    return ok ? JX_OK : JX_ERR_NOMEM;
}

static void apply_sums(const jx_mapping *m, jx_form *f)
{
    for (size_t i = 0; i < m->sum_count; i++) {
        const jx_sum_spec *s = &m->sums[i];
        jx_money *dst = slot_money(f, s->slot);
        if (!dst || dst->present)
            continue;
        jx_money sum = {0};
        for (size_t k = 0; k < s->part_count; k++) {
            jx_money *part = slot_money(f, s->parts[k]);
            if (!part || !part->present)
                continue;
            if (!sum.present)
                sum.at = part->at;
            sum.present = 1;
            sum.fen += part->fen;
            sum.from_text |= part->from_text;
        }
        *dst = sum;
    }
}

/* ---- row tables ---- */

static jx_error read_row_table(builder *b, const jx_sheet *sh, const jx_table_spec *t, form_build *fb)
{
    jx_table_layout lay;
    bool found;
    jx_error err = jx_locate_table(sh, t, b->a, &lay, &found);
    if (err || !found)
        return err;
    jx_vec rows;
    jx_vec_init(&rows, sizeof(jx_row));
    bool ok = true;
    size_t maxvals = lay.year_count;
    for (size_t k = 0; k < t->block_count; k++)
        maxvals += t->blocks[k].column_count;
    for (uint32_t r = lay.first_row; ok; r++) {
        jx_row_kind kind = jx_classify_row(sh, t, &lay, r);
        if (kind == JX_ROW_END)
            break;
        if (kind == JX_ROW_HEADER)
            continue;
        jx_row_value *vals = jx_arena_calloc(b->a, maxvals ? maxvals : 1, sizeof *vals);
        if (!vals) {
            ok = false;
            break;
        }
        size_t n = 0;
        for (size_t k = 0; k < t->block_count; k++)
            for (size_t i = 0; i < t->blocks[k].column_count; i++) {
                const jx_column_spec *cs = &t->blocks[k].columns[i];
                if (cs->role == JX_ROLE_YEARS)
                    continue;
                jx_origin at = {0};
                const char *s = shown(sh, r, lay.cols[k][i], &at);
                if (!s)
                    continue;
                jx_row_value *v = &vals[n++];
                v->key = keep(b, cs->key, &ok);
                v->text = keep_value(b, sh, at, s, &ok);
                v->at = at;
                if (cs->type == JX_V_MONEY) {
                    v->is_money = 1;
                    v->money = money_of(sh, s, at, cs->fen_per_unit);
                }
            }
        for (size_t y = 0; y < lay.year_count; y++) {
            jx_origin at = {0};
            const char *s = shown(sh, r, lay.years[y].col, &at);
            if (!s)
                continue;
            jx_row_value *v = &vals[n++];
            v->key = keep(b, lay.years[y].key, &ok);
            v->text = keep_value(b, sh, at, s, &ok);
            v->at = at;
            if (lay.years[y].spec->type == JX_V_MONEY) {
                v->is_money = 1;
                v->money = money_of(sh, s, at, lay.years[y].spec->fen_per_unit);
            }
        }
        if (!n)
            continue;
        jx_row *row = jx_vec_push(&rows);
        if (!row) {
            ok = false;
            break;
        }
        row->row = r;
        row->values = vals;
        row->count = n;
    }
    jx_table *tab = ok ? jx_vec_push(&fb->tables) : NULL;
    if (tab) {
        tab->name = keep(b, t->name, &ok);
        ok = copy_vec(b, &rows, (void **)&tab->rows, &tab->row_count);
    }
    jx_vec_free(&rows);
    return tab && ok ? JX_OK : JX_ERR_NOMEM;
}

/* ---- indicator tables ---- */

typedef struct block_state { jx_text l1, l2; } block_state;

/* One project of a table that holds several (沅江), or the whole sheet. */
typedef struct group {
    const char *key;      /* project name as in the grid; NULL: the whole sheet */
    jx_text code, project, goal;
    jx_money total;
} group;

typedef struct group_slot { const char *key; uint32_t group; } group_slot;

/* Indicators of every block list, in reading order, each tagged with its
 * group.  One vector per list instead of one per group keeps 18,000
 * projects from costing 18,000 half-empty vectors. */
typedef struct reading {
    size_t nlists;
    jx_vec groups;          /* group */
    jx_vec *lists;          /* [nlists] jx_indicator */
    jx_vec *owner;          /* [nlists] uint32_t: the group of each indicator */
    block_state *state;     /* [nlists] 一级/二级 carried down */
    uint32_t current;       /* the group rows belong to now, or UINT32_MAX */
    bool monotonic;         /* group ids never go back, so groups are contiguous */
    group_slot *index;      /* project name -> group, open addressing */
    size_t index_cap;
} reading;

/* Find the sheet column of a role in a block (or the shared columns). */
static uint32_t role_col(const jx_table_spec *t, const jx_table_layout *lay, size_t blk, jx_role role)
{
    (void)t;
    return lay->role_cols[blk * JX_ROLE__COUNT + role];
}

static jx_text text_at(builder *b, const jx_sheet *sh, uint32_t r, uint32_t c, bool *ok)
{
    jx_text t = {0};
    const char *s = shown(sh, r, c, &t.at);
    t.s = keep_value(b, sh, t.at, s, ok);
    return t;
}

static int target_rank(const char *key)
{
    if (strcmp(key, "period") == 0)
        return 0;
    if (strcmp(key, "annual") == 0)
        return 1;
    return 2;
}

/* period, annual, then years ascending: a stable order for output */
static int cmp_targets(const void *x, const void *y)
{
    const jx_target *a = x, *b = y;
    int ra = target_rank(a->key), rb = target_rank(b->key);
    if (ra != rb)
        return ra - rb;
    return strcmp(a->key, b->key);
}

/* Parse a target's text once per distinct grid string: a long table
 * repeats "≥95%" and "100%" thousands of times. */
static jx_error parse_target_memo(builder *b, const char *text, jx_target *t)
{
    if (!b->parsed) {
        b->parsed_cap = 4096;
        b->parsed = jx_calloc(b->parsed_cap, sizeof *b->parsed);
        if (!b->parsed)
            return JX_ERR_NOMEM;
    }
    size_t h = ptr_hash(text) & (b->parsed_cap - 1);
    parsed_target *slot = &b->parsed[h];
    if (slot->src == text) {
        t->op = slot->op;
        t->has_value = slot->has_value;
        t->value = slot->value;
        t->unit = slot->unit;
        return JX_OK;
    }
    char unit[64] = "";
    jx_target_parse(text, t, unit, sizeof unit);
    if (t->unit && !(t->unit = jx_arena_strdup(b->a, unit)))
        return JX_ERR_NOMEM;
    /* a direct-mapped cache: a collision just replaces the older entry */
    slot->src = text;
    slot->op = t->op;
    slot->has_value = t->has_value;
    slot->value = t->value;
    slot->unit = t->unit;
    return JX_OK;
}

static jx_error add_target(builder *b, const char *key, const char *text, jx_origin at, jx_target *dst,
                           size_t *n)
{
    bool ok = true;
    jx_target *t = &dst[*n];
    memset(t, 0, sizeof *t);
    jx_error err = text ? parse_target_memo(b, text, t) : JX_OK;
    if (err)
        return err;
    t->key = keep(b, key, &ok);
    t->text = keep_value(b, b->sheet, at, text, &ok);
    t->at = at;
    if (!ok)
        return JX_ERR_NOMEM;
    (*n)++;
    return JX_OK;
}

/* Read one data row of one block into an indicator (or nothing). */
static jx_error read_indicator(builder *b, const jx_sheet *sh, const jx_table_spec *t,
                               const jx_table_layout *lay, size_t blk, uint32_t r, block_state *st,
                               jx_vec *out, size_t list_index)
{
    bool ok = true;
    jx_origin at1 = {0}, at2 = {0};
    const char *s1 = shown(sh, r, role_col(t, lay, blk, JX_ROLE_LEVEL1), &at1);
    const char *s2 = shown(sh, r, role_col(t, lay, blk, JX_ROLE_LEVEL2), &at2);
    if (s1) {
        /* a new 一级 block: a blank 二级 below it no longer means "same as
         * above" (that would carry a 二级 across 一级 boundaries) */
        if (!st->l1.s || strcmp(st->l1.s, s1) != 0)
            st->l2.s = NULL;
        st->l1.s = s1;
        st->l1.at = at1;
    }
    if (s2) {
        st->l2.s = s2;
        st->l2.at = at2;
    }
    uint32_t c3 = role_col(t, lay, blk, JX_ROLE_LEVEL3);
    const char *s3 = c3 ? jx_sheet_cell_text(sh, r, c3) : NULL;
    if (!nonempty(s3))
        s3 = NULL;

    const jx_block_spec *bs = &t->blocks[blk];
    size_t cap = lay->year_count;
    for (size_t i = 0; i < bs->column_count; i++)
        cap += bs->columns[i].role == JX_ROLE_TARGET;
    jx_target *targets = cap ? jx_arena_calloc(b->a, cap, sizeof *targets) : NULL;
    if (cap && !targets)
        return JX_ERR_NOMEM;
    size_t nt = 0, nvalues = 0;
    jx_error err = JX_OK;
    for (size_t i = 0; i < bs->column_count && !err; i++) {
        if (bs->columns[i].role != JX_ROLE_TARGET || !lay->cols[blk][i])
            continue;
        jx_origin at = {0};
        const char *s = shown(sh, r, lay->cols[blk][i], &at);
        if (!s)
            at = (jx_origin){r, lay->cols[blk][i]}; /* an empty target keeps its cell */
        nvalues += s != NULL;
        err = add_target(b, bs->columns[i].key, s, at, targets, &nt);
    }
    for (size_t y = 0; y < lay->year_count && !err; y++) {
        if (lay->years[y].block != blk)
            continue;
        jx_origin at = {0};
        const char *s = shown(sh, r, lay->years[y].col, &at);
        if (!s)
            at = (jx_origin){r, lay->years[y].col};
        nvalues += s != NULL;
        err = add_target(b, lay->years[y].key, s, at, targets, &nt);
    }
    if (err)
        return err;
    /* rows listing a 二级 with nothing under it (沅江 prints every 二级 of
     * the template) are not indicators */
    if (!s3 && nvalues == 0)
        return JX_OK;

    jx_indicator *ind = jx_vec_push(out);
    if (!ind)
        return JX_ERR_NOMEM;
    ind->level1.s = keep(b, st->l1.s, &ok);
    ind->level1.at = st->l1.at;
    ind->level2.s = keep(b, st->l2.s, &ok);
    ind->level2.at = st->l2.at;
    ind->level3.s = keep(b, s3, &ok);
    ind->level3.at = (jx_origin){s3 ? r : 0, s3 ? c3 : 0};
    ind->targets = targets;
    ind->target_count = nt;
    ind->type = text_at(b, sh, r, role_col(t, lay, blk, JX_ROLE_TYPE), &ok);
    ind->basis = text_at(b, sh, r, role_col(t, lay, blk, JX_ROLE_BASIS), &ok);
    ind->klass = text_at(b, sh, r, role_col(t, lay, blk, JX_ROLE_CLASS), &ok);
    ind->measure = text_at(b, sh, r, role_col(t, lay, blk, JX_ROLE_MEASURE), &ok);
    /* extra columns, shared ones included (湛江's task name) */
    size_t nextra = 0;
    for (size_t i = 0; i < bs->column_count; i++)
        nextra += bs->columns[i].role == JX_ROLE_EXTRA;
    for (size_t i = 0; i < t->shared_count; i++)
        nextra += t->shared[i].role == JX_ROLE_EXTRA;
    if (nextra) {
        ind->extra = jx_arena_calloc(b->a, nextra, sizeof *ind->extra);
        if (!ind->extra)
            return JX_ERR_NOMEM;
        for (size_t pass = 0; pass < 2; pass++) {
            const jx_column_spec *cols = pass ? bs->columns : t->shared;
            size_t n = pass ? bs->column_count : t->shared_count;
            const uint32_t *at = pass ? lay->cols[blk] : lay->shared_cols;
            for (size_t i = 0; i < n; i++) {
                if (cols[i].role != JX_ROLE_EXTRA)
                    continue;
                jx_text tx = text_at(b, sh, r, at[i], &ok);
                if (!tx.s)
                    continue;
                jx_kv *kv = &ind->extra[ind->extra_count++];
                kv->key = keep(b, cols[i].key, &ok);
                kv->value = tx.s;
                kv->at = tx.at;
            }
        }
    }
    jx_origin first_value = {r, 0};
    for (size_t i = 0; i < nt; i++)
        if (targets[i].text) {
            first_value = targets[i].at;
            break;
        }
    ind->at = s3 ? ind->level3.at : first_value;
    ind->lists = 1u << (list_index < 31 ? list_index : 31);
    return ok ? JX_OK : JX_ERR_NOMEM;
}

static bool same_name(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a, b) == 0)
        return true;
    char na[1024], nb[1024];
    jx_normalize(a, na, sizeof na);
    jx_normalize(b, nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

/* Merge `sec` into `prim` by 三级 name (二级 and 三级 first, then 三级
 * alone): a matched indicator gains the other's targets.  One found only
 * in `sec` is placed just before the indicator that the next matched one
 * of `sec` pairs with (at the end if none follows), so both lists' orders
 * are kept. */
static jx_error merge_lists(builder *b, jx_vec *prim, const jx_vec *sec)
{
    size_t np = prim->len, ns = sec->len;
    unsigned char *used = jx_calloc(np + 1, 1);
    size_t *hit = jx_malloc((ns + 1) * sizeof *hit);
    size_t *anchor = jx_malloc((ns + 1) * sizeof *anchor);
    jx_indicator *out = jx_malloc((np + ns + 1) * sizeof *out);
    jx_error err = JX_OK;
    if (!used || !hit || !anchor || !out)
        err = JX_ERR_NOMEM;
    jx_indicator *p = prim->data;
    const jx_indicator *sv = sec->data;
    /* pass 1: pair every indicator of sec with one of prim, or none */
    for (size_t i = 0; !err && i < ns; i++) {
        hit[i] = SIZE_MAX;
        for (int pass = 0; pass < 2 && hit[i] == SIZE_MAX; pass++)
            for (size_t k = 0; k < np; k++) {
                if (used[k] || !same_name(p[k].level3.s, sv[i].level3.s))
                    continue;
                if (pass == 0 && !same_name(p[k].level2.s, sv[i].level2.s))
                    continue;
                if (pass == 1 && !sv[i].level3.s)
                    continue;
                hit[i] = k;
                used[k] = 1;
                break;
            }
    }
    /* where each unpaired one goes: before the next pair's prim entry */
    size_t next = np;
    for (size_t i = ns; !err && i-- > 0;) {
        if (hit[i] != SIZE_MAX)
            next = hit[i];
        else
            anchor[i] = next;
    }
    /* pass 2: join targets, then lay the lists out in one */
    for (size_t i = 0; !err && i < ns; i++) {
        if (hit[i] == SIZE_MAX)
            continue;
        jx_indicator *d = &p[hit[i]];
        const jx_indicator *s = &sv[i];
        size_t n = d->target_count + s->target_count;
        jx_target *t = jx_arena_calloc(b->a, n ? n : 1, sizeof *t);
        if (!t) {
            err = JX_ERR_NOMEM;
            break;
        }
        memcpy(t, d->targets, d->target_count * sizeof *t);
        size_t nt = d->target_count;
        for (size_t k = 0; k < s->target_count; k++) {
            bool dup = false;
            for (size_t j = 0; j < nt && !dup; j++)
                if (strcmp(t[j].key, s->targets[k].key) == 0) {
                    dup = true;
                    if (!t[j].text && s->targets[k].text)
                        t[j] = s->targets[k];
                }
            if (!dup)
                t[nt++] = s->targets[k];
        }
        d->targets = t;
        d->target_count = nt;
        d->lists |= s->lists;
        if (!d->basis.s)
            d->basis = s->basis;
        if (!d->klass.s)
            d->klass = s->klass;
        if (!d->type.s)
            d->type = s->type;
        if (!d->measure.s)
            d->measure = s->measure;
    }
    size_t n = 0;
    for (size_t k = 0; !err && k <= np; k++) {
        for (size_t i = 0; i < ns; i++)
            if (hit[i] == SIZE_MAX && anchor[i] == k)
                out[n++] = sv[i];
        if (k < np)
            out[n++] = p[k];
    }
    if (!err) {
        for (size_t i = np; i < n; i++)
            if (!jx_vec_push(prim)) {
                err = JX_ERR_NOMEM;
                break;
            }
    }
    if (!err && n)
        memcpy(prim->data, out, n * sizeof *out);
    free(used);
    free(hit);
    free(anchor);
    free(out);
    return err;
}

static void sort_targets(jx_vec *list)
{
    jx_indicator *p = list->data;
    for (size_t i = 0; i < list->len; i++)
        qsort(p[i].targets, p[i].target_count, sizeof *p[i].targets, cmp_targets);
}

/* Whether a table holds several forms (one per project). */
static uint32_t group_col(const jx_table_spec *t, const jx_table_layout *lay)
{
    return role_col(t, lay, 0, JX_ROLE_FORM_PROJECT);
}

typedef struct table_read {
    const jx_table_spec *spec;
    jx_table_layout lay;
    bool found;
    size_t list_base;     /* index of this table's first block list */
} table_read;

static size_t str_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static jx_error reading_init(reading *rd, size_t nlists)
{
    memset(rd, 0, sizeof *rd);
    rd->nlists = nlists;
    rd->current = UINT32_MAX;
    rd->monotonic = true;
    jx_vec_init(&rd->groups, sizeof(group));
    rd->lists = jx_calloc(nlists ? nlists : 1, sizeof *rd->lists);
    rd->owner = jx_calloc(nlists ? nlists : 1, sizeof *rd->owner);
    rd->state = jx_calloc(nlists ? nlists : 1, sizeof *rd->state);
    if (!rd->lists || !rd->owner || !rd->state)
        return JX_ERR_NOMEM;
    for (size_t i = 0; i < nlists; i++) {
        jx_vec_init(&rd->lists[i], sizeof(jx_indicator));
        jx_vec_init(&rd->owner[i], sizeof(uint32_t));
    }
    return JX_OK;
}

static void reading_free(reading *rd)
{
    for (size_t i = 0; rd->lists && i < rd->nlists; i++)
        jx_vec_free(&rd->lists[i]);
    for (size_t i = 0; rd->owner && i < rd->nlists; i++)
        jx_vec_free(&rd->owner[i]);
    free(rd->lists);
    free(rd->owner);
    free(rd->state);
    free(rd->index);
    jx_vec_free(&rd->groups);
}

/* The group for a project name (NULL: the sheet), created on first sight. */
static jx_error switch_group(reading *rd, const char *key, bool *created)
{
    *created = false;
    if (rd->index_cap <= rd->groups.len * 2 + 1) {
        size_t cap = rd->index_cap ? rd->index_cap * 2 : 256;
        group_slot *idx = jx_calloc(cap, sizeof *idx);
        if (!idx)
            return JX_ERR_NOMEM;
        group_slot *old = rd->index;
        size_t old_cap = rd->index_cap;
        rd->index = idx;
        rd->index_cap = cap;
        for (size_t i = 0; i < old_cap; i++) {
            const char *k = old[i].key;
            if (!k)
                continue;
            size_t h = str_hash(k) & (cap - 1);
            while (rd->index[h].key)
                h = (h + 1) & (cap - 1);
            rd->index[h] = old[i];
        }
        free(old);
    }
    const char *k = key ? key : "";
    size_t h = str_hash(k) & (rd->index_cap - 1);
    while (rd->index[h].key) {
        if (strcmp(rd->index[h].key, k) == 0) {
            uint32_t g = rd->index[h].group;
            if (rd->current != UINT32_MAX && g < rd->current)
                rd->monotonic = false;
            rd->current = g;
            return JX_OK;
        }
        h = (h + 1) & (rd->index_cap - 1);
    }
    group *g = jx_vec_push(&rd->groups);
    if (!g)
        return JX_ERR_NOMEM;
    g->key = key;
    rd->index[h].key = k;
    rd->index[h].group = (uint32_t)(rd->groups.len - 1);
    rd->current = (uint32_t)(rd->groups.len - 1);
    *created = true;
    return JX_OK;
}

/* Read every indicator table of the mapping, tagging rows with groups. */
static jx_error read_indicator_tables(builder *b, const jx_mapping *m, const jx_sheet *sh, table_read *tr,
                                      reading *rd)
{
    jx_error err = JX_OK;
    for (size_t ti = 0; ti < m->indicator_table_count && !err; ti++) {
        const jx_table_spec *t = tr[ti].spec;
        if (!tr[ti].found)
            continue;
        const jx_table_layout *lay = &tr[ti].lay;
        uint32_t gcol = group_col(t, lay);
        bool created;
        if (!gcol && (err = switch_group(rd, NULL, &created)))
            break;
        for (uint32_t r = lay->first_row; !err; r++) {
            jx_row_kind kind = jx_classify_row(sh, t, lay, r);
            if (kind == JX_ROW_END)
                break;
            if (kind == JX_ROW_HEADER)
                continue;
            if (gcol) {
                jx_origin at = {0};
                const char *key = shown(sh, r, gcol, &at);
                group *cur = rd->current == UINT32_MAX ? NULL : (group *)rd->groups.data + rd->current;
                if (key && (!cur || !cur->key || strcmp(cur->key, key) != 0)) {
                    if ((err = switch_group(rd, key, &created)))
                        break;
                    group *g = (group *)rd->groups.data + rd->current;
                    bool ok = true;
                    if (created) {
                        g->project.s = keep(b, key, &ok);
                        g->project.at = at;
                        g->code = text_at(b, sh, r, role_col(t, lay, 0, JX_ROLE_FORM_CODE), &ok);
                        g->goal = text_at(b, sh, r, role_col(t, lay, 0, JX_ROLE_FORM_GOAL), &ok);
                        uint32_t tc = role_col(t, lay, 0, JX_ROLE_FORM_TOTAL);
                        jx_origin tat = {0};
                        const char *ts = shown(sh, r, tc, &tat);
                        for (size_t i = 0; i < t->blocks[0].column_count; i++)
                            if (t->blocks[0].columns[i].role == JX_ROLE_FORM_TOTAL)
                                g->total = money_of(sh, ts, tat, t->blocks[0].columns[i].fen_per_unit);
                    }
                    /* a new project starts its 一级/二级 afresh */
                    memset(rd->state, 0, rd->nlists * sizeof *rd->state);
                    if (!ok)
                        err = JX_ERR_NOMEM;
                }
                if (rd->current == UINT32_MAX)
                    continue; /* rows before the first project */
            }
            for (size_t blk = 0; blk < t->block_count && !err; blk++) {
                size_t li = tr[ti].list_base + blk;
                size_t before = rd->lists[li].len;
                err = read_indicator(b, sh, t, lay, blk, r, &rd->state[li], &rd->lists[li], li);
                if (!err && rd->lists[li].len > before) {
                    uint32_t *o = jx_vec_push(&rd->owner[li]);
                    if (!o)
                        err = JX_ERR_NOMEM;
                    else
                        *o = rd->current;
                }
            }
        }
    }
    return err;
}

/* Hand a vector's heap buffer to the model (it is freed with the model). */
static jx_error give_to_model(builder *b, jx_vec *v)
{
    if (!v->data)
        return JX_OK;
    void **slot = jx_vec_push(b->owned);
    if (!slot)
        return JX_ERR_NOMEM;
    *slot = v->data;
    v->data = NULL;
    v->len = v->cap = 0;
    return JX_OK;
}

/* The indicators of group gi from list li, as a fresh vector (the general
 * path: projects listed in pieces, or several blocks per project). */
static jx_error gather(const reading *rd, size_t li, uint32_t gi, jx_vec *out)
{
    jx_vec_init(out, sizeof(jx_indicator));
    const uint32_t *own = rd->owner[li].data;
    const jx_indicator *ind = rd->lists[li].data;
    for (size_t i = 0; i < rd->lists[li].len; i++)
        if (own[i] == gi) {
            jx_indicator *d = jx_vec_push(out);
            if (!d)
                return JX_ERR_NOMEM;
            *d = ind[i];
        }
    return JX_OK;
}

/* Emit one form per project (grouped tables). */
static jx_error emit_groups(builder *b, form_build *base, reading *rd)
{
    jx_error err = JX_OK;
    size_t ngroups = rd->groups.len;
    /* fast path: one list whose projects are contiguous: forms point into
     * the list itself, which the model takes over */
    size_t *start = NULL, *count = NULL;
    bool direct = rd->nlists == 1 && rd->monotonic;
    if (direct) {
        start = jx_calloc(ngroups ? ngroups : 1, sizeof *start);
        count = jx_calloc(ngroups ? ngroups : 1, sizeof *count);
        if (!start || !count)
            err = JX_ERR_NOMEM;
        const uint32_t *own = rd->owner[0].data;
        for (size_t i = rd->lists[0].len; !err && i-- > 0;) {
            start[own[i]] = i;
            count[own[i]]++;
        }
        if (!err)
            sort_targets(&rd->lists[0]);
    }
    jx_indicator *all = direct ? rd->lists[0].data : NULL;
    const group *gs = rd->groups.data;
    for (size_t gi = 0; gi < ngroups && !err; gi++) {
        form_build fb;
        form_build_init(&fb);
        fb.form = base->form;
        fb.form.project = gs[gi].project;
        fb.form.goal_period = gs[gi].goal;
        fb.form.total = gs[gi].total;
        fb.form.table_at = gs[gi].project.at;
        for (size_t i = 0; i < base->fields.len && !err; i++) {
            jx_kv *kv = jx_vec_push(&fb.fields);
            if (!kv)
                err = JX_ERR_NOMEM;
            else
                *kv = ((jx_kv *)base->fields.data)[i];
        }
        if (!err && gs[gi].code.s) {
            jx_kv *kv = jx_vec_push(&fb.fields);
            if (!kv)
                err = JX_ERR_NOMEM;
            else {
                kv->key = "单位代码";
                kv->value = gs[gi].code.s;
                kv->at = gs[gi].code.at;
            }
        }
        for (size_t i = 0; i < base->tables.len && !err; i++) {
            jx_table *tb = jx_vec_push(&fb.tables);
            if (!tb)
                err = JX_ERR_NOMEM;
            else
                *tb = ((jx_table *)base->tables.data)[i];
        }
        jx_vec prim;
        jx_vec_init(&prim, sizeof(jx_indicator));
        if (!err && !direct) {
            err = gather(rd, 0, (uint32_t)gi, &prim);
            for (size_t li = 1; li < rd->nlists && !err; li++) {
                jx_vec sec;
                err = gather(rd, li, (uint32_t)gi, &sec);
                if (!err)
                    err = merge_lists(b, &prim, &sec);
                jx_vec_free(&sec);
            }
            if (!err)
                sort_targets(&prim);
        }
        size_t n = direct ? count[gi] : prim.len;
        /* the department total row above the projects has no indicators:
         * it is not a form */
        if (!err && n) {
            err = form_emit(b, &fb);
            jx_form *f = (jx_form *)b->forms.data + (b->forms.len - 1);
            if (!err && direct) {
                f->indicators = all + start[gi];
                f->indicator_count = n;
            } else if (!err) {
                f->indicators = jx_arena_alloc(b->a, n * sizeof *f->indicators);
                if (!f->indicators)
                    err = JX_ERR_NOMEM;
                else
                    memcpy(f->indicators, prim.data, n * sizeof *f->indicators);
                f->indicator_count = n;
            }
        }
        jx_vec_free(&prim);
        form_build_free(&fb);
    }
    if (!err && direct)
        err = give_to_model(b, &rd->lists[0]);
    free(start);
    free(count);
    return err;
}

static jx_error build_sheet(builder *b, const jx_mapping *m, const jx_sheet *sh)
{
    b->sheet = sh;
    form_build base;
    form_build_init(&base);
    jx_error err = JX_OK;
    base.form.sheet = jx_arena_strdup(b->a, jx_sheet_name(sh));
    /* a hidden form may be stale: the model says so, it does not skip it */
    base.form.hidden = jx_sheet_state_of(sh) != JX_SHEET_VISIBLE;
    base.form.money_unit = m->fen_per_unit;
    base.form.template_id = jx_arena_strdup(b->a, m->id);
    base.form.kind = jx_arena_strdup(b->a, m->kind);
    if (!base.form.sheet || !base.form.template_id || !base.form.kind)
        err = JX_ERR_NOMEM;

    for (size_t i = 0; i < m->field_count && !err; i++) {
        jx_located loc;
        if (jx_locate_field(sh, &m->fields[i], &loc))
            err = apply_field(b, sh, &m->fields[i], &loc, &base);
    }
    apply_sums(m, &base.form);
    for (size_t i = 0; i < m->row_table_count && !err; i++)
        err = read_row_table(b, sh, &m->row_tables[i], &base);

    size_t nlists = 0;
    table_read *tr = jx_calloc(m->indicator_table_count ? m->indicator_table_count : 1, sizeof *tr);
    if (!tr && !err)
        err = JX_ERR_NOMEM;
    bool grouped = false;
    for (size_t i = 0; i < m->indicator_table_count && !err; i++) {
        tr[i].spec = &m->indicator_tables[i];
        tr[i].list_base = nlists;
        nlists += m->indicator_tables[i].block_count;
        err = jx_locate_table(sh, tr[i].spec, b->a, &tr[i].lay, &tr[i].found);
        if (!err && tr[i].found && group_col(tr[i].spec, &tr[i].lay))
            grouped = true;
        if (!err && tr[i].found && !base.form.table_at.row) {
            uint32_t c1 = role_col(tr[i].spec, &tr[i].lay, 0, JX_ROLE_LEVEL1);
            base.form.table_at = (jx_origin){tr[i].lay.anchor_row, c1 ? c1 : tr[i].lay.anchor_col};
        }
    }
    if (!err && nlists > 1) {
        base.form.list_names = jx_arena_calloc(b->a, nlists, sizeof *base.form.list_names);
        if (!base.form.list_names)
            err = JX_ERR_NOMEM;
        for (size_t i = 0; !err && i < m->indicator_table_count; i++)
            for (size_t k = 0; k < m->indicator_tables[i].block_count; k++) {
                const char *name = m->indicator_tables[i].blocks[k].name;
                bool ok = true;
                base.form.list_names[tr[i].list_base + k] = name ? keep(b, name, &ok) : "";
                if (!ok)
                    err = JX_ERR_NOMEM;
            }
        base.form.list_count = nlists;
    }
    reading rd;
    jx_error rerr = reading_init(&rd, nlists);
    if (!err)
        err = rerr;
    if (!err && nlists)
        err = read_indicator_tables(b, m, sh, tr, &rd);

    if (!err && !grouped) {
        /* one form: every block list merged into the first by name */
        for (size_t li = 1; li < nlists && !err; li++)
            err = merge_lists(b, &rd.lists[0], &rd.lists[li]);
        if (!err && nlists) {
            sort_targets(&rd.lists[0]);
            jx_vec tmp = base.indicators;
            base.indicators = rd.lists[0];
            rd.lists[0] = tmp;
        }
        if (!err)
            err = form_emit(b, &base);
    } else if (!err)
        err = emit_groups(b, &base, &rd);
    reading_free(&rd);
    free(tr);
    form_build_free(&base);
    return err;
}

/* The model and what it owns: the arena for small things, and the heap
 * blocks of large lists it took over instead of copying. */
typedef struct model_box {
    jx_model pub;   /* first: a jx_model * is a model_box * */
    jx_arena arena;
    jx_vec owned;
} model_box;

jx_error jx_model_build(const jx_catalog *cat, const jx_workbook *wb, jx_model **out, jx_diag *diag)
{
    *out = NULL;
    jx_diag_clear(diag);
    jx_diag_set_file(diag, jx_workbook_path(wb));
    model_box *box = jx_calloc(1, sizeof *box);
    if (!box)
        return jx_fail(diag, JX_ERR_NOMEM, NULL);
    jx_model *model = &box->pub;
    jx_arena_init(&box->arena, 256 * 1024);
    jx_vec_init(&box->owned, sizeof(void *));
    builder b = {.model = model, .a = &box->arena, .owned = &box->owned, .diag = diag};
    jx_vec_init(&b.forms, sizeof(jx_form));
    jx_vec_init(&b.unknown, sizeof(const char *));
    jx_error err = JX_OK;
    model->file = jx_arena_strdup(b.a, jx_workbook_path(wb) ? jx_workbook_path(wb) : "");
    if (!model->file)
        err = JX_ERR_NOMEM;
    for (size_t i = 0; i < jx_workbook_sheet_count(wb) && !err; i++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, i);
        jx_detection det;
        err = jx_detect(cat, sh, &det);
        if (err)
            break;
        if (!det.mapping) {
            const char **slot = jx_vec_push(&b.unknown);
            if (!slot || !(*slot = jx_arena_strdup(b.a, jx_sheet_name(sh))))
                err = JX_ERR_NOMEM;
            continue;
        }
        err = build_sheet(&b, det.mapping, sh);
        if (err)
            jx_diag_set_sheet(diag, jx_sheet_name(sh));
    }
    if (!err) {
        model->forms = b.forms.data;
        model->form_count = b.forms.len;
        err = give_to_model(&b, &b.forms);
    }
    if (!err && !copy_vec(&b, &b.unknown, (void **)&model->unknown_sheets, &model->unknown_count))
        err = JX_ERR_NOMEM;
    jx_vec_free(&b.forms);
    jx_vec_free(&b.unknown);
    free(b.interned.slots);
    free(b.parsed);
    if (err) {
        jx_model_free(model);
        return jx_fail(diag, err, NULL);
    }
    *out = model;
    return JX_OK;
}

void jx_model_free(jx_model *m)
{
    if (!m)
        return;
    model_box *box = (model_box *)m;
    for (size_t i = 0; i < box->owned.len; i++)
        free(((void **)box->owned.data)[i]);
    jx_vec_free(&box->owned);
    jx_arena_free(&box->arena);
    free(box);
}
