/*
 * plan.c - where each value of a form goes in another county's blank
 * template, found with the template's own mapping.
 *
 * Fields: the target mapping's fields are located on the blank template
 * (their labels are there, their value cells empty); each takes the
 * source form's value for the same model slot, or for a field without a
 * slot the source field whose label the target's label matches.  Tables:
 * each target table is located by its anchor and headers; its rows are
 * the source's indicators (or table rows) and its columns take values by
 * role (一级, 年度 target, 指标值确定依据 ...), never by position.  A table
 * with more rows than the template's blank rows grows: rows copying the
 * first blank row are inserted above its last blank row, so ranges that
 * span the table (a 绩效指标 label merged down its side) grow with it.
 *
 * Everything the source has that the target has no place for, and every
 * place of the target the source cannot fill, becomes a jx_carry.
 */
#include "convert/convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- words for the report, in both languages ---- */

static const char *const slot_words[JX_SLOT__COUNT][2] = {
    [JX_SLOT_TITLE] = {"标题", "title"},
    [JX_SLOT_YEAR] = {"年度", "year"},
    [JX_SLOT_DEPARTMENT] = {"主管部门", "department"},
    [JX_SLOT_UNIT] = {"实施单位", "implementing unit"},
    [JX_SLOT_PROJECT] = {"项目名称", "project"},
    [JX_SLOT_PERIOD] = {"实施期限", "period"},
    [JX_SLOT_PERIOD_START] = {"起始年度", "start year"},
    [JX_SLOT_PERIOD_END] = {"到期年度", "end year"},
    [JX_SLOT_TOTAL] = {"资金总额", "total funds"},
    [JX_SLOT_ANNUAL] = {"年度资金", "funds of the year"},
    [JX_SLOT_FISCAL] = {"其中：财政拨款", "of which fiscal"},
    [JX_SLOT_OTHER] = {"其他资金", "other funds"},
    [JX_SLOT_GOAL_PERIOD] = {"实施周期（中期/长期）目标", "period (medium-term) goal"},
    [JX_SLOT_GOAL_ANNUAL] = {"年度目标", "annual goal"},
};

static const char *const role_words[JX_ROLE__COUNT][2] = {
    [JX_ROLE_LEVEL1] = {"一级指标", "level-1 indicator"},
    [JX_ROLE_LEVEL2] = {"二级指标", "level-2 indicator"},
    [JX_ROLE_LEVEL3] = {"三级指标", "level-3 indicator"},
    [JX_ROLE_TYPE] = {"指标值类型", "value type"},
    [JX_ROLE_BASIS] = {"指标值确定依据", "basis of the value"},
    [JX_ROLE_CLASS] = {"指标分类", "indicator class"},
    [JX_ROLE_MEASURE] = {"度量单位", "unit of measure"},
    [JX_ROLE_FORM_CODE] = {"单位代码", "unit code"},
    [JX_ROLE_FORM_PROJECT] = {"项目名称", "project"},
    [JX_ROLE_FORM_TOTAL] = {"资金总额", "total funds"},
    [JX_ROLE_FORM_GOAL] = {"实施期绩效目标", "period goal"},
};

static const char *target_word(const char *key, jx_lang lang)
{
    static const struct { const char *key, *w[2]; } words[] = {
        {"period", {"实施周期（中期/长期）指标值", "period (medium-term) target"}},
        {"annual", {"年度指标值", "annual target"}},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].key, key) == 0)
            return words[i].w[lang == JX_LANG_EN];
    return NULL;
}

/* ---- building ---- */

typedef struct sheet_build {
    const char *name;
    jx_vec values, inserts, merges, drop;
} sheet_build;

typedef struct planner {
    jxc_plan *plan;
    jx_arena *a;
    const jx_mapping *t;
    const jx_sheet *ts;      /* the blank template's form sheet */
    jx_lang lang;
    jx_vec items;            /* jx_carry */
    jx_vec sheets;           /* sheet_build */
    bool nomem;
} planner;

static const char *word(const char *const w[2], jx_lang lang) { return w[lang == JX_LANG_EN]; }

static jx_carry *add_item(planner *p, jx_carry_kind kind, const jx_form *f, const char *field)
{
    jx_carry *c = jx_vec_push(&p->items);
    if (!c) {
        p->nomem = true;
        return NULL;
    }
    c->kind = kind;
    c->sheet = f ? f->sheet : NULL;
    c->form = f ? (f->project.s ? f->project.s : f->department.s) : NULL;
    c->field = field;
    return c;
}

static void no_place(planner *p, const jx_form *f, const char *field, const char *text, jx_origin at)
{
    jx_carry *c = add_item(p, JX_CARRY_NO_PLACE, f, field);
    if (c) {
        c->text = text;
        c->at = at;
    }
}

static void no_source(planner *p, const jx_form *f, const sheet_build *sb, const char *field, uint32_t row,
                      uint32_t col, size_t count)
{
    jx_carry *c = add_item(p, JX_CARRY_NO_SOURCE, f, field);
    if (c) {
        c->out_sheet = sb->name;
        c->out_at = (jx_origin){row, col};
        c->count = count;
    }
}

uint32_t jxc_shift_row(const jxc_insert *ins, size_t n, uint32_t row)
{
    uint64_t r = row;
    for (size_t i = 0; i < n; i++)
        if (row >= ins[i].before)
            r += ins[i].count;
    return r > JX_MAX_ROW ? JX_MAX_ROW : (uint32_t)r;
}

/* Output row of a template row: rows inserted above it push it down. */
static uint32_t out_row(const sheet_build *sb, uint32_t row)
{
    return jxc_shift_row(sb->inserts.data, sb->inserts.len, row);
}

/* A value for an output cell; trow is the template row it stands in
 * (for the width of its merged range), 0 for a table row (then span is
 * that width). */
static void put_span(planner *p, sheet_build *sb, uint32_t row, uint32_t col, const char *text, bool number,
                     uint32_t col2)
{
    if (!text || !row || !col)
        return;
    jxc_value *v = jx_vec_push(&sb->values);
    if (!v) {
        p->nomem = true;
        return;
    }
    *v = (jxc_value){row, col, text, number, col2 && col2 < col ? col : col2};
}

static void put(planner *p, sheet_build *sb, uint32_t trow, uint32_t row, uint32_t col, const char *text, bool number)
{
    const jx_range *m = jx_sheet_merge_at(p->ts, trow, col);
    put_span(p, sb, row, col, text, number, m && m->r1 == trow && m->c1 == col ? m->c2 : col);
}

static void merge(planner *p, sheet_build *sb, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    if (r1 == r2 && c1 == c2)
        return;
    jx_range *m = jx_vec_push(&sb->merges);
    if (!m) {
        p->nomem = true;
        return;
    }
    *m = (jx_range){r1, c1, r2, c2};
}

static char *fmt(planner *p, const char *f, ...) __attribute__((format(printf, 2, 3)));
static char *fmt(planner *p, const char *f, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    char *s = jx_arena_strdup(p->a, buf);
    if (!s)
        p->nomem = true;
    return s;
}

/* An amount in a unit, exactly: 4050000 fen in 万元 is "4.05". */
static char *money_text(planner *p, int64_t fen, int64_t fen_per_unit)
{
    int decimals = 0;
    for (int64_t u = fen_per_unit; u > 1 && decimals < 18; u /= 10)
        decimals++;
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t unit = (uint64_t)fen_per_unit, whole = mag / unit, frac = mag % unit;
    char fbuf[48] = "";
    if (frac) {
        snprintf(fbuf, sizeof fbuf, ".%0*llu", decimals, (unsigned long long)frac);
        size_t n = strlen(fbuf);
        while (n > 1 && fbuf[n - 1] == '0')
            fbuf[--n] = '\0';
    }
    return fmt(p, "%s%llu%s", fen < 0 ? "-" : "", (unsigned long long)whole, fbuf);
}

/* A template text with its "____" year placeholders (or, failing those,
 * its written years) replaced by y1 and y2 in turn. */
static char *fill_years(planner *p, const char *text, int y1, int y2)
{
    if (!text)
        return NULL;
    int years[2] = {y1, y2};
    char out[1024];
    size_t o = 0;
    int used = 0;
    bool placeholders = strstr(text, "____") != NULL;
    for (const char *s = text; *s && o + 8 < sizeof out;) {
        bool at_year = false;
        size_t len = 0;
        if (placeholders && strncmp(s, "____", 4) == 0) {
            at_year = true;
            len = 4;
            while (s[len] == '_')
                len++;
        } else if (!placeholders && s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
                   s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && !(s[4] >= '0' && s[4] <= '9') &&
                   (s == text || !(s[-1] >= '0' && s[-1] <= '9'))) {
            at_year = true;
            len = 4;
        }
        if (at_year && used < 2 && years[used]) {
            o += (size_t)snprintf(out + o, sizeof out - o, "%d", years[used++]);
            s += len;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
    if (!used)
        return NULL;
    char *r = jx_arena_strdup(p->a, out);
    if (!r)
        p->nomem = true;
    return r;
}

/* ---- the source's values by slot ---- */

typedef struct slot_value {
    bool present;
    const char *text;        /* text slots */
    bool money; int64_t fen; /* money slots */
    int y1, y2;              /* years */
    jx_origin at;
} slot_value;

static slot_value slot_of(const jx_form *f, jx_slot s)
{
    slot_value v = {0};
    const jx_text *t = NULL;
    const jx_money *m = NULL;
    switch (s) {
    case JX_SLOT_TITLE: t = &f->title; break;
    case JX_SLOT_DEPARTMENT: t = &f->department; break;
    case JX_SLOT_UNIT: t = &f->unit; break;
    case JX_SLOT_PROJECT: t = &f->project; break;
    case JX_SLOT_GOAL_PERIOD: t = &f->goal_period; break;
    case JX_SLOT_GOAL_ANNUAL: t = &f->goal_annual; break;
    case JX_SLOT_TOTAL: m = &f->total; break;
    case JX_SLOT_ANNUAL: m = &f->annual; break;
    case JX_SLOT_FISCAL: m = &f->fiscal; break;
    case JX_SLOT_OTHER: m = &f->other; break;
    case JX_SLOT_YEAR:
        v.present = f->year != 0;
        v.y1 = f->year;
        v.at = f->year_at;
        return v;
    case JX_SLOT_PERIOD:
    case JX_SLOT_PERIOD_START:
    case JX_SLOT_PERIOD_END:
        v.present = f->has_period;
        v.y1 = s == JX_SLOT_PERIOD_END ? f->period_end : f->period_start;
        v.y2 = s == JX_SLOT_PERIOD ? f->period_end : 0;
        v.at = s == JX_SLOT_PERIOD_END ? f->period_end_at : f->period_start_at;
        return v;
    default:
        return v;
    }
    if (t) {
        v.present = t->s && *t->s;
        v.text = t->s;
        v.at = t->at;
    } else {
        v.present = m->present;
        v.money = true;
        v.fen = m->fen;
        v.at = m->at;
    }
    return v;
}

/* The slots a report speaks of: the period once, however many cells
 * state it. */
static const jx_slot report_slots[] = {
    JX_SLOT_YEAR, JX_SLOT_DEPARTMENT, JX_SLOT_UNIT, JX_SLOT_PROJECT, JX_SLOT_PERIOD, JX_SLOT_TOTAL,
    JX_SLOT_ANNUAL, JX_SLOT_FISCAL, JX_SLOT_OTHER, JX_SLOT_GOAL_PERIOD, JX_SLOT_GOAL_ANNUAL,
};

static jx_slot report_slot(jx_slot s)
{
    return s == JX_SLOT_PERIOD_START || s == JX_SLOT_PERIOD_END ? JX_SLOT_PERIOD : s;
}

/* Whether a field of the form is the cell of one of its slots (then the
 * slot carries it, not the field). */
static bool is_slot_cell(const jx_form *f, jx_origin at)
{
    if (!at.row)
        return false;
    for (jx_slot s = JX_SLOT_TITLE; s < JX_SLOT__COUNT; s++) {
        slot_value v = slot_of(f, s);
        if (v.at.row == at.row && v.at.col == at.col)
            return true;
    }
    jx_origin ends[] = {f->period_end_at, f->year_at};
    for (size_t i = 0; i < 2; i++)
        if (ends[i].row == at.row && ends[i].col == at.col)
            return true;
    return false;
}

/* The text a field's cell gets for a slot value, as its spec wants it. */
static char *slot_text(planner *p, const jx_field_spec *fs, const jx_located *loc, slot_value v, bool *number)
{
    *number = false;
    if (fs->take == JX_TAKE_SELF)
        return fs->slot == JX_SLOT_TITLE ? NULL : fill_years(p, loc->label_text, v.y1, v.y2);
    char *text = NULL;
    if (v.money) {
        text = money_text(p, v.fen, fs->fen_per_unit ? fs->fen_per_unit : p->t->fen_per_unit);
        *number = fs->take != JX_TAKE_AFTER_COLON;
    } else if (v.y2) {
        text = fmt(p, "%d年-%d年", v.y1, v.y2);
    } else if (v.y1) {
        text = fmt(p, "%d", v.y1);
        *number = fs->take != JX_TAKE_AFTER_COLON;
    } else {
        text = (char *)v.text;
    }
    if (fs->take == JX_TAKE_AFTER_COLON && text && loc->label_text) {
        /* the label up to its colon, then the value: 部门：沅江市医疗保障局 */
        const char *l = loc->label_text, *colon = strstr(l, "："), *ascii = strchr(l, ':');
        size_t n = colon && (!ascii || colon < ascii) ? (size_t)(colon - l) + 3
                 : ascii                              ? (size_t)(ascii - l) + 1
                                                      : strlen(l);
        return fmt(p, "%.*s%s", (int)n, l, text);
    }
    return text;
}

static const char *field_name(planner *p, const jx_field_spec *fs)
{
    if (fs->slot != JX_SLOT_NONE)
        return word(slot_words[report_slot(fs->slot)], p->lang);
    if (fs->key)
        return fs->key;
    const char *raw = fs->label.raw, *bar = strchr(raw, '|');
    return bar ? fmt(p, "%.*s", (int)(bar - raw), raw) : raw;
}

/* The text already planned for this output cell, or NULL. */
static const char *planned(const sheet_build *sb, uint32_t row, uint32_t col)
{
    const jxc_value *v = sb->values.data;
    for (size_t i = 0; i < sb->values.len; i++)
        if (v[i].row == row && v[i].col == col)
            return v[i].text;
    return NULL;
}

static void plan_fields(planner *p, sheet_build *sb, const jx_form *f)
{
    bool carried[JX_SLOT__COUNT] = {false};
    bool *kv_carried = f->field_count ? jx_arena_calloc(p->a, f->field_count, sizeof *kv_carried) : NULL;
    if (f->field_count && !kv_carried) {
        p->nomem = true;
        return;
    }
    for (size_t i = 0; i < p->t->field_count; i++) {
        const jx_field_spec *fs = &p->t->fields[i];
        jx_located loc;
        if (!jx_locate_field(p->ts, fs, &loc))
            continue;
        uint32_t row = fs->take == JX_TAKE_SELF ? loc.label_row : loc.row;
        uint32_t col = fs->take == JX_TAKE_SELF ? loc.label_col : loc.col;
        uint32_t orow = out_row(sb, row);
        if (fs->slot == JX_SLOT_TITLE)
            continue;
        const char *already = planned(sb, orow, col);
        if (already) {
            /* a cell two slots share (金寨's 实施单位 is department and
             * unit): the second is carried when it says the same */
            if (fs->slot != JX_SLOT_NONE) {
                slot_value v = slot_of(f, fs->slot);
                if (v.present && v.text && strcmp(v.text, already) == 0)
                    carried[report_slot(fs->slot)] = true;
            }
            continue;
        }
        char *text = NULL;
        bool number = false;
        if (fs->slot != JX_SLOT_NONE) {
            slot_value v = slot_of(f, fs->slot);
            if (v.present)
                text = slot_text(p, fs, &loc, v, &number);
            if (text)
                carried[report_slot(fs->slot)] = true;
        } else {
            /* a field without a slot: the source field of the same label */
            for (size_t k = 0; k < f->field_count && !text; k++) {
                const jx_kv *kv = &f->fields[k];
                if (!kv->value || is_slot_cell(f, kv->at))
                    continue;
                const char *norm = jx_normalize_arena(p->a, kv->key);
                if (!norm || !jx_label_matches(&fs->label, norm))
                    continue;
                kv_carried[k] = true;
                slot_value v = {.present = true, .text = kv->value};
                for (size_t m = 0; m < f->amount_count; m++)
                    if (f->amounts[m].money.at.row == kv->at.row && f->amounts[m].money.at.col == kv->at.col &&
                        f->amounts[m].money.present) {
                        v.money = true;
                        v.fen = f->amounts[m].money.fen;
                    }
                text = slot_text(p, fs, &loc, v, &number);
            }
        }
        if (text)
            put(p, sb, row, orow, col, text, number);
        else
            no_source(p, f, sb, field_name(p, fs), orow, col, 0);
    }
    /* what the form states that found no place */
    for (size_t i = 0; i < sizeof report_slots / sizeof report_slots[0]; i++) {
        jx_slot s = report_slots[i];
        slot_value v = slot_of(f, s);
        if (!v.present || !v.at.row || carried[s])
            continue;
        const char *text = v.text;
        if (v.money)
            text = money_text(p, v.fen, f->money_unit ? f->money_unit : 100);
        else if (v.y2)
            text = fmt(p, "%d-%d", v.y1, v.y2);
        else if (v.y1)
            text = fmt(p, "%d", v.y1);
        no_place(p, f, word(slot_words[s], p->lang), text, v.at);
    }
    for (size_t k = 0; k < f->field_count; k++) {
        const jx_kv *kv = &f->fields[k];
        if (!kv_carried[k] && kv->value && *kv->value && !is_slot_cell(f, kv->at))
            no_place(p, f, kv->key, kv->value, kv->at);
    }
}

/* ---- tables ---- */

/* A located table of the template and its blank rows. */
typedef struct table_place {
    const jx_table_spec *spec;
    jx_table_layout lay;
    uint32_t first;          /* first data row (template) */
    uint32_t blank;          /* blank rows from first: the template's capacity */
    bool fixed;              /* its data rows are labelled (rows are matched, not filled) */
    uint32_t end;            /* the row that ends it (template), for fixed tables */
    uint32_t width;          /* columns of the sheet */
    bool indicator;          /* an indicator table (else a row table) */
    const char **year_keys;  /* per year column: the year it shows in the output */
} table_place;

static bool row_empty(const jx_sheet *sh, uint32_t row)
{
    uint32_t cols[64];
    size_t n = jx_sheet_row_cols(sh, row, cols, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        const char *t = jx_sheet_cell_text(sh, row, cols[i]);
        if (t && *t)
            return false;
    }
    return true;
}

static bool place_table(planner *p, const jx_table_spec *spec, table_place *tp)
{
    memset(tp, 0, sizeof *tp);
    bool found = false;
    if (jx_locate_table(p->ts, spec, p->a, &tp->lay, &found) != JX_OK) {
        p->nomem = true;
        return false;
    }
    if (!found)
        return false;
    tp->spec = spec;
    tp->first = tp->lay.first_row;
    tp->width = jx_sheet_max_col(p->ts);
    uint32_t max = jx_sheet_max_row(p->ts);
    if (!row_empty(p->ts, tp->first)) {
        tp->fixed = true;
        uint32_t r = tp->first;
        while (r <= max && jx_classify_row(p->ts, spec, &tp->lay, r) != JX_ROW_END)
            r++;
        tp->end = r;
        return true;
    }
    uint32_t r = tp->first;
    while (r <= max && row_empty(p->ts, r))
        r++;
    tp->blank = r - tp->first;
    if (!tp->blank)
        tp->blank = 1; /* past the sheet's end: the first data row is the prototype */
    return true;
}

/* Plan the insertion a table of n rows needs. */
static void grow_table(planner *p, sheet_build *sb, const table_place *tp, uint32_t n)
{
    if (tp->fixed)
        return;
    jx_range *d = jx_vec_push(&sb->drop);
    if (!d) {
        p->nomem = true;
        return;
    }
    /* the template's merges within its blank rows go; the prototype's
     * horizontal ones come back on every row */
    *d = (jx_range){tp->first, 1, tp->first + tp->blank - 1, 16384};
    if (n <= tp->blank)
        return;
    jxc_insert *in = jx_vec_push(&sb->inserts);
    if (!in) {
        p->nomem = true;
        return;
    }
    /* above the last blank row: a range down to it grows */
    *in = (jxc_insert){tp->first + tp->blank - 1, n - tp->blank, tp->first};
    jxc_insert *all = sb->inserts.data;
    for (size_t i = sb->inserts.len - 1; i > 0 && all[i - 1].before > all[i].before; i--) {
        jxc_insert t = all[i];
        all[i] = all[i - 1];
        all[i - 1] = t;
    }
}

/* Output row of a table's row i (after every insertion is planned). */
static uint32_t table_row(const sheet_build *sb, const table_place *tp, uint32_t i)
{
    return out_row(sb, tp->first - 1) + 1 + i;
}

/* The last column of the prototype's horizontal merge starting at col. */
static uint32_t proto_span(planner *p, const table_place *tp, uint32_t col)
{
    const jx_range *m = jx_sheet_merge_at(p->ts, tp->first, col);
    return m && m->r1 == tp->first && m->r2 == tp->first && m->c1 == col ? m->c2 : col;
}

/* The prototype's horizontal merges on every row of the table, except
 * where a vertical merge covers them. */
static void proto_merges(planner *p, sheet_build *sb, const table_place *tp, uint32_t rows, size_t vfirst)
{
    size_t nm = jx_sheet_merge_count(p->ts);
    for (size_t k = 0; k < nm; k++) {
        const jx_range *m = jx_sheet_merge(p->ts, k);
        if (m->r1 != tp->first || m->r2 != tp->first)
            continue;
        for (uint32_t i = 0; i < rows; i++) {
            uint32_t r = table_row(sb, tp, i);
            bool covered = false;
            const jx_range *v = sb->merges.data;
            for (size_t j = vfirst; j < sb->merges.len && !covered; j++)
                covered = v[j].r1 <= r && r <= v[j].r2 && v[j].c1 <= m->c2 && m->c1 <= v[j].c2;
            if (!covered)
                merge(p, sb, r, m->c1, r, m->c2);
        }
    }
}

/* A column of a table row: its sheet column and what it shows. */
typedef struct cell_out { uint32_t col; const char *text; bool number; bool group; } cell_out;

/* Whether row i of a grouping column continues the run above it: the same
 * text, under the same texts in every grouping column left of it (a run
 * of a column never crosses a change of the columns it is grouped under). */
static bool continues(cell_out **rows, size_t i, size_t c, size_t ncols)
{
    if (!i || !rows[i][c].group || !rows[i][c].text || !rows[i - 1][c].text ||
        strcmp(rows[i][c].text, rows[i - 1][c].text) != 0)
        return false;
    for (size_t k = 0; k < ncols; k++)
        if (rows[i][k].group && rows[i][k].col < rows[i][c].col) {
            const char *a = rows[i][k].text, *b = rows[i - 1][k].text;
            /* two empty cells (no 单位代码 anywhere) do not part a run */
            if ((a || b) && (!a || !b || strcmp(a, b) != 0))
                return false;
        }
    return true;
}

/* Merge each run down its grouping column (over the prototype's width
 * of that column). */
static void group_merges(planner *p, sheet_build *sb, const table_place *tp, cell_out **rows, size_t nrows,
                         size_t ncols)
{
    for (size_t c = 0; nrows && c < ncols; c++) {
        if (!rows[0][c].group)
            continue;
        size_t start = 0;
        for (size_t i = 1; i <= nrows; i++) {
            if (i < nrows && continues(rows, i, c, ncols))
                continue;
            if (i - start > 1) {
                uint32_t col = rows[start][c].col;
                merge(p, sb, table_row(sb, tp, (uint32_t)start), col, table_row(sb, tp, (uint32_t)(i - 1)),
                      proto_span(p, tp, col));
            }
            start = i;
        }
    }
}

/* The cells of a table's rows, then written and merged. */
static void write_rows(planner *p, sheet_build *sb, const table_place *tp, cell_out **rows, size_t nrows,
                       size_t ncols)
{
    size_t vfirst = sb->merges.len;
    for (size_t i = 0; i < nrows; i++)
        for (size_t c = 0; c < ncols; c++) {
            const cell_out *co = &rows[i][c];
            /* a run's text stands in its first cell, merged over the rest */
            if (co->col && co->text && !continues(rows, i, c, ncols))
                put_span(p, sb, table_row(sb, tp, (uint32_t)i), co->col, co->text, co->number,
                         co->group ? 0 : proto_span(p, tp, co->col));
        }
    group_merges(p, sb, tp, rows, nrows, ncols);
    uint32_t total = nrows > tp->blank ? (uint32_t)nrows : tp->blank;
    proto_merges(p, sb, tp, total, vfirst);
}

static cell_out **alloc_rows(planner *p, size_t nrows, size_t ncols)
{
    cell_out **rows = jx_arena_calloc(p->a, nrows ? nrows : 1, sizeof *rows);
    for (size_t i = 0; rows && i < nrows; i++)
        if (!(rows[i] = jx_arena_calloc(p->a, ncols ? ncols : 1, sizeof **rows)))
            rows = NULL;
    if (!rows)
        p->nomem = true;
    return rows;
}

/* ---- year columns ---- */

/* A source year and the column it stood in. */
typedef struct src_year { const char *key; uint32_t col; } src_year;

static bool is_year(const char *k)
{
    return k && strlen(k) == 4 && k[0] >= '1' && k[0] <= '2' && k[1] >= '0' && k[1] <= '9' && k[2] >= '0' &&
           k[2] <= '9' && k[3] >= '0' && k[3] <= '9';
}

static void add_year(planner *p, jx_vec *v, const char *key, uint32_t col)
{
    src_year *y = v->data;
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(y[i].key, key) == 0) {
            if (col && (!y[i].col || col < y[i].col))
                y[i].col = col;
            return;
        }
    src_year *n = jx_vec_push(v);
    if (!n)
        p->nomem = true;
    else
        *n = (src_year){key, col};
}

static int cmp_year(const void *a, const void *b)
{
    const src_year *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* The years a table's year columns show for this source: a column whose
 * header year the source has keeps it; the others (a "____年" placeholder
 * or a year the source lacks) take the source's other years in the order
 * the source wrote them, and their headers are rewritten to say so. */
static const char **assign_years(planner *p, sheet_build *sb, const table_place *tp, jx_vec *years)
{
    size_t n = tp->lay.year_count, ns = years->len;
    if (!n)
        return NULL;
    src_year *src = years->data;
    if (ns)
        qsort(src, ns, sizeof *src, cmp_year);
    const char **keys = jx_arena_calloc(p->a, n, sizeof *keys);
    bool *used = jx_arena_calloc(p->a, ns ? ns : 1, sizeof *used);
    if (!keys || !used) {
        p->nomem = true;
        return NULL;
    }
    for (size_t y = 0; y < n; y++)
        for (size_t k = 0; k < ns && !keys[y]; k++)
            if (!used[k] && strcmp(src[k].key, tp->lay.years[y].key) == 0) {
                keys[y] = src[k].key;
                used[k] = true;
            }
    size_t next = 0;
    for (size_t y = 0; y < n; y++) {
        if (keys[y])
            continue;
        while (next < ns && used[next])
            next++;
        if (next >= ns) {
            keys[y] = tp->lay.years[y].key;
            continue;
        }
        keys[y] = src[next].key;
        used[next] = true;
        uint32_t row = tp->lay.years[y].row, col = tp->lay.years[y].col;
        char *text = fill_years(p, jx_sheet_cell_text(p->ts, row, col), atoi(keys[y]), 0);
        put(p, sb, row, out_row(sb, row), col, text, false);
    }
    return keys;
}

/* ---- indicator tables ---- */

typedef struct ind_ctx {
    const jx_form *f;        /* the form (NULL for the department row of a grouped table) */
    const jx_indicator *ind; /* NULL: a row without an indicator */
    int64_t total_fen;       /* grouped tables: the form's total */
    bool has_total;
    const char *project, *code, *goal;
} ind_ctx;

static const jx_target *target_of(const jx_indicator *ind, const char *key)
{
    for (size_t i = 0; ind && i < ind->target_count; i++)
        if (ind->targets[i].key && strcmp(ind->targets[i].key, key) == 0 && ind->targets[i].text)
            return &ind->targets[i];
    return NULL;
}

static const char *extra_of(const jx_indicator *ind, const char *key)
{
    for (size_t i = 0; ind && i < ind->extra_count; i++)
        if (strcmp(ind->extra[i].key, key) == 0)
            return ind->extra[i].value;
    return NULL;
}

/* Which of the target's lists (table/block pairs) an indicator goes to:
 * list k of a source with as many lists as the target, else every list. */
static bool in_list(const jx_form *f, const jx_indicator *ind, size_t k, size_t nlists)
{
    if (nlists <= 1 || f->list_count != nlists || !ind->lists)
        return true;
    return k < 32 && (ind->lists & (1u << k));
}

/* One column of an indicator table (its block, or shared: block -1). */
typedef struct ind_col {
    const jx_column_spec *spec;
    uint32_t col;
    long block;
    const char *year;        /* years columns: the year key */
} ind_col;

static size_t table_columns(const table_place *tp, ind_col *cols, size_t max)
{
    size_t n = 0;
    const jx_table_spec *t = tp->spec;
    for (size_t i = 0; i < t->shared_count && n < max; i++)
        if (tp->lay.shared_cols[i] && t->shared[i].role != JX_ROLE_YEARS)
            cols[n++] = (ind_col){&t->shared[i], tp->lay.shared_cols[i], -1, NULL};
    for (size_t b = 0; b < t->block_count; b++)
        for (size_t i = 0; i < t->blocks[b].column_count && n < max; i++)
            if (tp->lay.cols[b][i] && t->blocks[b].columns[i].role != JX_ROLE_YEARS)
                cols[n++] = (ind_col){&t->blocks[b].columns[i], tp->lay.cols[b][i], (long)b, NULL};
    for (size_t y = 0; y < tp->lay.year_count && n < max; y++)
        cols[n++] = (ind_col){tp->lay.years[y].spec, tp->lay.years[y].col, (long)tp->lay.years[y].block,
                              tp->year_keys ? tp->year_keys[y] : tp->lay.years[y].key};
    return n;
}

/* Whether a column groups rows (its equal texts are merged down): 一级,
 * 二级, the project columns of a grouped table, and extra columns left of
 * the 三级 column (湛江's task name). */
static bool grouping(const ind_col *c, uint32_t level3_col)
{
    switch (c->spec->role) {
    case JX_ROLE_LEVEL1: case JX_ROLE_LEVEL2: case JX_ROLE_FORM_CODE: case JX_ROLE_FORM_PROJECT:
    case JX_ROLE_FORM_TOTAL: case JX_ROLE_FORM_GOAL:
        return true;
    case JX_ROLE_EXTRA:
        return level3_col && c->col < level3_col;
    default:
        return false;
    }
}

/* Per form: which source values had a column (to report the rest). */
typedef struct carried_ind {
    bool level[3], type, basis, klass, measure;
    const char **targets; size_t ntargets;  /* target keys written */
    const char **extras; size_t nextras;    /* extra keys written */
} carried_ind;

static bool has_key(const char *const *keys, size_t n, const char *k)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], k) == 0)
            return true;
    return false;
}

static void note_key(planner *p, const char ***keys, size_t *n, const char *k)
{
    if (has_key(*keys, *n, k))
        return;
    const char **grown = jx_arena_alloc(p->a, (*n + 1) * sizeof *grown);
    if (!grown) {
        p->nomem = true;
        return;
    }
    if (*n)
        memcpy(grown, *keys, *n * sizeof *grown);
    grown[(*n)++] = k;
    *keys = grown;
}

/* The text of one indicator-table cell. */
static const char *ind_text(planner *p, const ind_col *c, const ind_ctx *x, const table_place *tp, bool *number,
                            carried_ind *ci)
{
    const jx_indicator *ind = x->ind;
    *number = false;
    switch (c->spec->role) {
    case JX_ROLE_LEVEL1: if (ind) ci->level[0] = true; return ind ? ind->level1.s : NULL;
    case JX_ROLE_LEVEL2: if (ind) ci->level[1] = true; return ind ? ind->level2.s : NULL;
    case JX_ROLE_LEVEL3: if (ind) ci->level[2] = true; return ind ? ind->level3.s : NULL;
    case JX_ROLE_TYPE: ci->type = true; return ind ? ind->type.s : NULL;
    case JX_ROLE_BASIS: ci->basis = true; return ind ? ind->basis.s : NULL;
    case JX_ROLE_CLASS: ci->klass = true; return ind ? ind->klass.s : NULL;
    case JX_ROLE_MEASURE: ci->measure = true; return ind ? ind->measure.s : NULL;
    case JX_ROLE_TARGET:
    case JX_ROLE_YEARS: {
        const char *key = c->year ? c->year : c->spec->key;
        if (key)
            note_key(p, &ci->targets, &ci->ntargets, key);
        const jx_target *tg = key ? target_of(ind, key) : NULL;
        return tg ? tg->text : NULL;
    }
    case JX_ROLE_EXTRA:
        if (c->spec->key)
            note_key(p, &ci->extras, &ci->nextras, c->spec->key);
        return c->spec->key ? extra_of(ind, c->spec->key) : NULL;
    case JX_ROLE_FORM_CODE: return x->code;
    case JX_ROLE_FORM_PROJECT: return x->project;
    case JX_ROLE_FORM_GOAL: return x->goal;
    case JX_ROLE_FORM_TOTAL:
        if (!x->has_total)
            return NULL;
        *number = true;
        return money_text(p, x->total_fen, c->spec->fen_per_unit ? c->spec->fen_per_unit : p->t->fen_per_unit);
    default:
        (void)tp;
        return NULL;
    }
}

/* Source values of a form's indicators that no column took. */
static void report_indicators(planner *p, const jx_form *f, const carried_ind *ci)
{
    for (size_t i = 0; i < f->indicator_count; i++) {
        const jx_indicator *ind = &f->indicators[i];
        const jx_text *levels[3] = {&ind->level1, &ind->level2, &ind->level3};
        for (int l = 0; l < 3; l++)
            if (!ci->level[l] && levels[l]->s)
                no_place(p, f, word(role_words[JX_ROLE_LEVEL1 + l], p->lang), levels[l]->s, levels[l]->at);
        const struct { bool carried; const jx_text *t; jx_role role; } attrs[] = {
            {ci->type, &ind->type, JX_ROLE_TYPE}, {ci->basis, &ind->basis, JX_ROLE_BASIS},
            {ci->klass, &ind->klass, JX_ROLE_CLASS}, {ci->measure, &ind->measure, JX_ROLE_MEASURE},
        };
        for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++)
            if (!attrs[k].carried && attrs[k].t->s)
                no_place(p, f, word(role_words[attrs[k].role], p->lang), attrs[k].t->s, attrs[k].t->at);
        for (size_t k = 0; k < ind->target_count; k++) {
            const jx_target *tg = &ind->targets[k];
            if (!tg->text || has_key(ci->targets, ci->ntargets, tg->key))
                continue;
            const char *w = target_word(tg->key, p->lang);
            no_place(p, f, w ? w : fmt(p, p->lang == JX_LANG_EN ? "%s target" : "%s年指标值", tg->key), tg->text,
                     tg->at);
        }
        for (size_t k = 0; k < ind->extra_count; k++)
            if (!has_key(ci->extras, ci->nextras, ind->extra[k].key))
                no_place(p, f, ind->extra[k].key, ind->extra[k].value, ind->extra[k].at);
    }
}

/* Columns of the target the rows leave empty everywhere. */
static void report_empty_columns(planner *p, const jx_form *f, sheet_build *sb, const table_place *tp,
                                 const ind_col *cols, size_t ncols, cell_out **rows, size_t nrows)
{
    if (!nrows)
        return;
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].spec->role == JX_ROLE_FORM_CODE)
            continue; /* a code the source forms never state */
        size_t empty = 0;
        for (size_t i = 0; i < nrows; i++)
            empty += !rows[i][c].text;
        if (empty < nrows)
            continue;
        const char *w = cols[c].year ? fmt(p, p->lang == JX_LANG_EN ? "%s target" : "%s年指标值", cols[c].year)
                        : cols[c].spec->role == JX_ROLE_TARGET && target_word(cols[c].spec->key, p->lang)
                            ? target_word(cols[c].spec->key, p->lang)
                        : role_words[cols[c].spec->role][0] ? word(role_words[cols[c].spec->role], p->lang)
                                                            : cols[c].spec->key;
        no_source(p, f, sb, w, 0, cols[c].col, nrows);
    }
    (void)tp;
}

/* The rows of one indicator table for a list of contexts. */
static void plan_indicator_table(planner *p, sheet_build *sb, const table_place *tp, size_t list_base,
                                 size_t nlists, const ind_ctx *ctx, size_t nctx, carried_ind *ci,
                                 const jx_form *report_form, bool report_columns)
{
    /* the source's years, for the year columns */
    table_place here = *tp;
    jx_vec years;
    jx_vec_init(&years, sizeof(src_year));
    for (size_t i = 0; i < nctx; i++)
        for (size_t k = 0; ctx[i].ind && k < ctx[i].ind->target_count; k++)
            if (is_year(ctx[i].ind->targets[k].key) && ctx[i].ind->targets[k].text)
                add_year(p, &years, ctx[i].ind->targets[k].key, ctx[i].ind->targets[k].at.col);
    here.year_keys = assign_years(p, sb, tp, &years);
    jx_vec_free(&years);
    tp = &here;
    ind_col cols[64];
    size_t ncols = table_columns(tp, cols, 64);
    uint32_t level3_col = 0;
    for (size_t c = 0; c < ncols; c++)
        if (cols[c].spec->role == JX_ROLE_LEVEL3 && (!level3_col || cols[c].col < level3_col))
            level3_col = cols[c].col;
    /* the rows: contexts whose indicator is in one of this table's lists */
    const ind_ctx **keep = jx_arena_calloc(p->a, nctx ? nctx : 1, sizeof *keep);
    if (!keep) {
        p->nomem = true;
        return;
    }
    size_t nrows = 0;
    for (size_t i = 0; i < nctx; i++) {
        bool any = !ctx[i].ind;
        for (size_t b = 0; b < tp->spec->block_count && !any; b++)
            any = in_list(ctx[i].f, ctx[i].ind, list_base + b, nlists);
        if (any)
            keep[nrows++] = &ctx[i];
    }
    grow_table(p, sb, tp, (uint32_t)nrows);
    cell_out **rows = alloc_rows(p, nrows, ncols);
    if (!rows)
        return;
    for (size_t i = 0; i < nrows; i++) {
        const ind_ctx *x = keep[i];
        for (size_t c = 0; c < ncols; c++) {
            rows[i][c].col = cols[c].col;
            rows[i][c].group = grouping(&cols[c], level3_col);
            bool in = !x->ind || cols[c].block < 0 || in_list(x->f, x->ind, list_base + (size_t)cols[c].block, nlists);
            if (in)
                rows[i][c].text = ind_text(p, &cols[c], x, tp, &rows[i][c].number, ci);
        }
    }
    if (report_columns)
        report_empty_columns(p, report_form, sb, tp, cols, ncols, rows, nrows);
    write_rows(p, sb, tp, rows, nrows, ncols);
}

/* ---- row tables (年度重点工作任务, 项目支出情况 ...) ---- */

static const jx_table *source_table(const jx_form *f, const char *name)
{
    for (size_t i = 0; i < f->table_count; i++)
        if (f->tables[i].name && name && strcmp(f->tables[i].name, name) == 0)
            return &f->tables[i];
    return NULL;
}

static const jx_row_value *row_value(const jx_row *r, const char *key)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->values[i].key && strcmp(r->values[i].key, key) == 0)
            return &r->values[i];
    return NULL;
}

static const char *row_text(planner *p, const jx_row_value *v, const jx_column_spec *cs, bool *number)
{
    *number = false;
    if (!v)
        return NULL;
    if (v->is_money && v->money.present) {
        *number = true;
        return money_text(p, v->money.fen, cs->fen_per_unit ? cs->fen_per_unit : p->t->fen_per_unit);
    }
    return v->text;
}

static void plan_row_table(planner *p, sheet_build *sb, const table_place *tp, const jx_form *f,
                           const jx_table *src)
{
    table_place here = *tp;
    jx_vec years;
    jx_vec_init(&years, sizeof(src_year));
    for (size_t i = 0; i < src->row_count; i++)
        for (size_t k = 0; k < src->rows[i].count; k++)
            if (is_year(src->rows[i].values[k].key))
                add_year(p, &years, src->rows[i].values[k].key, src->rows[i].values[k].at.col);
    here.year_keys = assign_years(p, sb, tp, &years);
    jx_vec_free(&years);
    tp = &here;
    const jx_block_spec *blk = &tp->spec->blocks[0];
    size_t ncols = blk->column_count + tp->lay.year_count;
    if (tp->fixed) {
        /* labelled rows: each source row fills the template row whose
         * labels are its own */
        for (size_t i = 0; i < src->row_count; i++) {
            const jx_row *sr = &src->rows[i];
            uint32_t match = 0;
            for (uint32_t r = tp->first; r < tp->end && !match; r++) {
                bool same = true, compared = false;
                for (size_t c = 0; c < blk->column_count && same; c++) {
                    uint32_t col = tp->lay.cols[0][c];
                    const char *tt = col ? jx_sheet_text(p->ts, r, col) : NULL;
                    if (!tt || !*tt || blk->columns[c].type == JX_V_MONEY)
                        continue;
                    const jx_row_value *v = row_value(sr, blk->columns[c].key);
                    const char *a = jx_normalize_arena(p->a, tt), *b = v && v->text ? jx_normalize_arena(p->a, v->text) : NULL;
                    same = a && b && strcmp(a, b) == 0;
                    compared = true;
                }
                if (same && compared)
                    match = r;
            }
            bool placed = false;
            for (size_t c = 0; match && c < ncols; c++) {
                const jx_column_spec *cs = c < blk->column_count ? &blk->columns[c] : tp->lay.years[c - blk->column_count].spec;
                uint32_t col = c < blk->column_count ? tp->lay.cols[0][c] : tp->lay.years[c - blk->column_count].col;
                const char *key = c < blk->column_count ? cs->key : tp->year_keys[c - blk->column_count];
                if (!col || !key || (c < blk->column_count && cs->role == JX_ROLE_YEARS))
                    continue;
                const char *tt = jx_sheet_text(p->ts, match, col);
                if (tt && *tt)
                    continue; /* a label of the template's own */
                bool number;
                const char *text = row_text(p, row_value(sr, key), cs, &number);
                put(p, sb, match, out_row(sb, match), col, text, number);
                placed = true;
            }
            if (!placed && sr->count)
                no_place(p, f, fmt(p, "%s（%zu）", src->name, i + 1), sr->values[0].text, sr->values[0].at);
        }
        return;
    }
    grow_table(p, sb, tp, (uint32_t)src->row_count);
    cell_out **rows = alloc_rows(p, src->row_count, ncols);
    if (!rows)
        return;
    for (size_t i = 0; i < src->row_count; i++)
        for (size_t c = 0; c < ncols; c++) {
            bool year = c >= blk->column_count;
            const jx_column_spec *cs = year ? tp->lay.years[c - blk->column_count].spec : &blk->columns[c];
            uint32_t col = year ? tp->lay.years[c - blk->column_count].col : tp->lay.cols[0][c];
            const char *key = year ? tp->year_keys[c - blk->column_count] : cs->key;
            if (!col || !key || (!year && cs->role == JX_ROLE_YEARS))
                continue;
            rows[i][c].col = col;
            rows[i][c].text = row_text(p, row_value(&src->rows[i], key), cs, &rows[i][c].number);
        }
    write_rows(p, sb, tp, rows, src->row_count, ncols);
}

/* ---- sheets ---- */

static bool grouped_table(const table_place *tp)
{
    return tp->lay.role_cols[JX_ROLE_FORM_PROJECT] != 0;
}

/* A sheet name Excel accepts, unique in the plan: at most 31 characters,
 * none of : \ / ? * [ ]. */
static const char *sheet_name(planner *p, const char *want, const char *fallback)
{
    char base[128];
    size_t o = 0, chars = 0;
    const char *s = want && *want ? want : fallback;
    for (; *s && chars < 28 && o + 5 < sizeof base; s++) {
        if (strchr(":\\/?*[]", *s))
            continue;
        if ((*s & 0xC0) != 0x80)
            chars++;
        base[o++] = *s;
    }
    /* finish a cut UTF-8 sequence */
    while (*s && (*s & 0xC0) == 0x80 && o + 1 < sizeof base)
        base[o++] = *s++;
    base[o] = '\0';
    while (o && base[0] == '\'')
        memmove(base, base + 1, o--);
    if (!o)
        snprintf(base, sizeof base, "%s", fallback);
    for (int n = 1;; n++) {
        char *name = n == 1 ? fmt(p, "%s", base) : fmt(p, "%s (%d)", base, n);
        if (!name)
            return NULL;
        bool taken = strcmp(name, "转换说明") == 0 || strcmp(name, "Conversion notes") == 0;
        const sheet_build *sb = p->sheets.data;
        for (size_t i = 0; i < p->sheets.len && !taken; i++)
            taken = sb[i].name && strcasecmp(sb[i].name, name) == 0;
        if (!taken)
            return name;
    }
}

static sheet_build *new_sheet(planner *p, const char *want)
{
    const char *name = sheet_name(p, want, jx_sheet_name(p->ts));
    sheet_build *sb = name ? jx_vec_push(&p->sheets) : NULL;
    if (!sb) {
        p->nomem = true;
        return NULL;
    }
    sb->name = name;
    jx_vec_init(&sb->values, sizeof(jxc_value));
    jx_vec_init(&sb->inserts, sizeof(jxc_insert));
    jx_vec_init(&sb->merges, sizeof(jx_range));
    jx_vec_init(&sb->drop, sizeof(jx_range));
    return sb;
}

/* A sheet is planned top to bottom, tables in the order they stand: a
 * table's rows are placed after every insertion above it is known, and
 * fields last, when all are. */
typedef struct form_job { const jx_form *f; table_place *tables; size_t ntables; size_t *list_base; size_t nlists; } form_job;

static void plan_form_sheet(planner *p, sheet_build *sb, void *ud)
{
    form_job *j = ud;
    const jx_form *f = j->f;
    carried_ind ci = {0};
    ind_ctx *ctx = jx_arena_calloc(p->a, f->indicator_count ? f->indicator_count : 1, sizeof *ctx);
    if (!ctx) {
        p->nomem = true;
        return;
    }
    for (size_t k = 0; k < f->indicator_count; k++)
        ctx[k] = (ind_ctx){.f = f, .ind = &f->indicators[k]};
    for (size_t i = 0; i < j->ntables; i++) {
        const table_place *tp = &j->tables[i];
        if (tp->indicator) {
            plan_indicator_table(p, sb, tp, j->list_base[i], j->nlists, ctx, f->indicator_count, &ci, f,
                                 f->indicator_count > 0);
            continue;
        }
        /* row tables by name */
        const jx_table *src = source_table(f, tp->spec->name);
        if (src && src->row_count)
            plan_row_table(p, sb, tp, f, src);
        else
            no_source(p, f, sb, tp->spec->name, out_row(sb, tp->lay.anchor_row), tp->lay.anchor_col, 0);
    }
    report_indicators(p, f, &ci);
    for (size_t i = 0; i < f->table_count; i++) {
        bool has = false;
        for (size_t k = 0; k < j->ntables && !has; k++)
            has = !j->tables[k].indicator && strcmp(j->tables[k].spec->name, f->tables[i].name) == 0;
        if (!has && f->tables[i].row_count)
            no_place(p, f, f->tables[i].name,
                     fmt(p, p->lang == JX_LANG_EN ? "%zu rows" : "%zu 行", f->tables[i].row_count),
                     f->tables[i].rows[0].count ? f->tables[i].rows[0].values[0].at : (jx_origin){0});
    }
    plan_fields(p, sb, f);
}

typedef struct group_job { const jx_form **forms; size_t nforms; table_place *tables; size_t ntables; size_t *list_base; size_t nlists; } group_job;

static const char *field_value(const jx_form *f, const char *key)
{
    for (size_t i = 0; i < f->field_count; i++)
        if (f->fields[i].key && strcmp(f->fields[i].key, key) == 0)
            return f->fields[i].value;
    return NULL;
}

/* Several forms as row blocks of one table (沅江): a department row, then
 * each form's indicators, its project cells merged down its rows. */
static void plan_group_sheet(planner *p, sheet_build *sb, void *ud)
{
    group_job *j = ud;
    size_t nctx = 1;
    for (size_t i = 0; i < j->nforms; i++)
        nctx += j->forms[i]->indicator_count ? j->forms[i]->indicator_count : 1;
    ind_ctx *ctx = jx_arena_calloc(p->a, nctx, sizeof *ctx);
    carried_ind *ci = jx_arena_calloc(p->a, j->nforms ? j->nforms : 1, sizeof *ci);
    if (!ctx || !ci) {
        p->nomem = true;
        return;
    }
    /* the department row: its name and the forms' total */
    const jx_form *first = j->forms[0];
    ctx[0].project = first->department.s;
    ctx[0].has_total = true;
    for (size_t i = 0; i < j->nforms; i++) {
        if (!j->forms[i]->total.present)
            ctx[0].has_total = false;
        ctx[0].total_fen += j->forms[i]->total.fen;
    }
    size_t n = 1;
    for (size_t i = 0; i < j->nforms; i++) {
        const jx_form *f = j->forms[i];
        ind_ctx base = {.f = f, .project = f->project.s ? f->project.s : f->sheet, .code = field_value(f, "单位代码"),
                        .goal = f->goal_period.s, .has_total = f->total.present, .total_fen = f->total.fen};
        if (!f->indicator_count)
            ctx[n++] = base;
        for (size_t k = 0; k < f->indicator_count; k++) {
            ctx[n] = base;
            ctx[n++].ind = &f->indicators[k];
        }
    }
    for (size_t i = 0; i < j->ntables; i++) {
        const table_place *tp = &j->tables[i];
        if (!tp->indicator)
            continue;
        carried_ind all = {0};
        plan_indicator_table(p, sb, tp, j->list_base[i], j->nlists, ctx, n, &all, first, false);
        for (size_t k = 0; k < j->nforms; k++)
            ci[k] = all;
    }
    for (size_t k = 0; k < j->nforms; k++) {
        const jx_form *f = j->forms[k];
        report_indicators(p, f, &ci[k]);
        /* the project cells took these slots */
        plan_fields(p, sb, f);
    }
}

/* Slots a grouped table's columns carry, so that the field report does
 * not list them. */
static void forget_group_slots(planner *p, size_t from, bool has_goal_col)
{
    jx_carry *it = p->items.data;
    size_t o = from;
    for (size_t i = from; i < p->items.len; i++) {
        const char *w = it[i].field;
        bool carried = it[i].kind == JX_CARRY_NO_PLACE &&
                       (strcmp(w, word(slot_words[JX_SLOT_PROJECT], p->lang)) == 0 ||
                        strcmp(w, word(slot_words[JX_SLOT_TOTAL], p->lang)) == 0 ||
                        (has_goal_col && strcmp(w, word(slot_words[JX_SLOT_GOAL_PERIOD], p->lang)) == 0) ||
                        strcmp(w, "单位代码") == 0);
        if (!carried)
            it[o++] = it[i];
    }
    p->items.len = o;
}

/* ---- the plan ---- */

static int cmp_value(const void *a, const void *b)
{
    const jxc_value *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static int cmp_item(const void *a, const void *b)
{
    const jx_carry *x = a, *y = b;
    if ((x->kind == JX_CARRY_NOT_CONVERTED) != (y->kind == JX_CARRY_NOT_CONVERTED))
        return x->kind == JX_CARRY_NOT_CONVERTED ? 1 : -1;
    int c = jx_cmp_sheet_cell(x->sheet ? x->sheet : "", x->at, y->sheet ? y->sheet : "", y->at);
    return c;
}

static bool finish_sheet(planner *p, sheet_build *sb, jxc_sheet *out)
{
    /* one value per cell: the first planned wins */
    jxc_value *v = sb->values.data;
    size_t n = sb->values.len;
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            if (v[k].row == v[i].row && v[k].col == v[i].col)
                v[k].row = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].row)
            v[o++] = v[i];
    if (o)
        qsort(v, o, sizeof *v, cmp_value);
    out->name = sb->name;
#define KEEP(field, count, vec, type)                                                                   \
    do {                                                                                                \
        out->field = jx_arena_alloc(p->a, (vec.len ? vec.len : 1) * sizeof(type));                      \
        if (!out->field)                                                                                \
            return false;                                                                               \
        if (vec.len)                                                                                    \
            memcpy(out->field, vec.data, vec.len * sizeof(type));                                       \
        out->count = vec.len;                                                                           \
    } while (0)
    sb->values.len = o;
    KEEP(values, nvalues, sb->values, jxc_value);
    KEEP(inserts, ninserts, sb->inserts, jxc_insert);
    KEEP(merges, nmerges, sb->merges, jx_range);
    KEEP(drop, ndrop, sb->drop, jx_range);
#undef KEEP
    return true;
}

static void free_builds(planner *p)
{
    sheet_build *sb = p->sheets.data;
    for (size_t i = 0; i < p->sheets.len; i++) {
        jx_vec_free(&sb[i].values);
        jx_vec_free(&sb[i].inserts);
        jx_vec_free(&sb[i].merges);
        jx_vec_free(&sb[i].drop);
    }
    jx_vec_free(&p->sheets);
    jx_vec_free(&p->items);
}

jx_error jxc_plan_make(const jx_model *m, const jx_mapping *target, const jx_sheet *tsheet, jx_lang lang,
                       jxc_plan **out, jx_diag *d)
{
    *out = NULL;
    jxc_plan *plan = jx_calloc(1, sizeof *plan);
    if (!plan)
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    jx_arena_init(&plan->arena, 0);
    plan->target = target;
    planner p = {.plan = plan, .a = &plan->arena, .t = target, .ts = tsheet, .lang = lang};
    jx_vec_init(&p.items, sizeof(jx_carry));
    jx_vec_init(&p.sheets, sizeof(sheet_build));

    /* the forms of the target's kind; the others are listed */
    const jx_form **forms = jx_calloc(m->form_count ? m->form_count : 1, sizeof *forms);
    size_t nforms = 0;
    if (!forms)
        p.nomem = true;
    for (size_t i = 0; forms && i < m->form_count; i++) {
        const jx_form *f = &m->forms[i];
        if (f->kind && strcmp(f->kind, target->kind) == 0) {
            forms[nforms++] = f;
        } else {
            jx_carry *c = add_item(&p, JX_CARRY_NOT_CONVERTED, f, f->template_id);
            if (c)
                c->text = f->kind;
        }
    }
    jx_error err = JX_OK;
    if (!p.nomem && !nforms)
        err = jx_fail(d, JX_ERR_KIND, "%s", target->kind);

    /* the template's tables, located once */
    size_t ntables = target->indicator_table_count + target->row_table_count, nlists = 0;
    table_place *tables = jx_calloc(ntables ? ntables : 1, sizeof *tables);
    size_t *list_base = jx_calloc(ntables ? ntables : 1, sizeof *list_base);
    size_t nplaced = 0;
    bool grouped = false;
    if (!tables || !list_base)
        p.nomem = true;
    for (size_t i = 0; !err && !p.nomem && i < ntables; i++) {
        bool ind = i < target->indicator_table_count;
        const jx_table_spec *spec = ind ? &target->indicator_tables[i] : &target->row_tables[i - target->indicator_table_count];
        size_t base = nlists;
        if (ind)
            nlists += spec->block_count;
        if (place_table(&p, spec, &tables[nplaced])) {
            tables[nplaced].indicator = ind;
            list_base[nplaced] = base;
            grouped |= ind && grouped_table(&tables[nplaced]);
            nplaced++;
        }
    }
    /* tables are planned top to bottom: an insertion moves what is below */
    for (size_t i = 1; i < nplaced; i++)
        for (size_t k = i; k > 0 && tables[k - 1].first > tables[k].first; k--) {
            table_place t = tables[k];
            tables[k] = tables[k - 1];
            tables[k - 1] = t;
            size_t b = list_base[k];
            list_base[k] = list_base[k - 1];
            list_base[k - 1] = b;
        }

    if (!err && !p.nomem && grouped) {
        sheet_build *sb = new_sheet(&p, jx_sheet_name(tsheet));
        group_job j = {forms, nforms, tables, nplaced, list_base, nlists};
        size_t from = p.items.len;
        if (sb)
            plan_group_sheet(&p, sb, &j);
        bool goal_col = false;
        for (size_t i = 0; i < nplaced; i++)
            goal_col |= tables[i].lay.role_cols[JX_ROLE_FORM_GOAL] != 0;
        forget_group_slots(&p, from, goal_col);
    }
    for (size_t i = 0; !err && !p.nomem && !grouped && i < nforms; i++) {
        const jx_form *f = forms[i];
        sheet_build *sb = new_sheet(&p, f->project.s ? f->project.s : f->department.s);
        form_job j = {f, tables, nplaced, list_base, nlists};
        if (sb)
            plan_form_sheet(&p, sb, &j);
    }
    plan->forms = nforms;
    if (!err && !p.nomem) {
        plan->nsheets = p.sheets.len;
        plan->sheets = jx_arena_calloc(&plan->arena, p.sheets.len ? p.sheets.len : 1, sizeof *plan->sheets);
        if (!plan->sheets)
            p.nomem = true;
        sheet_build *sb = p.sheets.data;
        for (size_t i = 0; !p.nomem && i < p.sheets.len; i++)
            if (!finish_sheet(&p, &sb[i], &plan->sheets[i]))
                p.nomem = true;
        if (p.items.len)
            qsort(p.items.data, p.items.len, sizeof(jx_carry), cmp_item);
        plan->items = jx_arena_alloc(&plan->arena, (p.items.len ? p.items.len : 1) * sizeof(jx_carry));
        if (!plan->items)
            p.nomem = true;
        else if (p.items.len)
            memcpy(plan->items, p.items.data, p.items.len * sizeof(jx_carry));
        plan->nitems = p.items.len;
    }
    free(forms);
    free(tables);
    free(list_base);
    free_builds(&p);
    if (!err && p.nomem)
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (err) {
        jxc_plan_free(plan);
        return err;
    }
    *out = plan;
    return JX_OK;
}

void jxc_plan_free(jxc_plan *p)
{
    if (!p)
        return;
    jx_arena_free(&p->arena);
    free(p);
}
