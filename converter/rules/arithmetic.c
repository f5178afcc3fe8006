/*
 * arithmetic.c - Arithmetic rules: sums exact to the 分, with the forms' own 尾数误差 tolerance.
 *
 * Every figure is an int64_t count of 分; no amount passes through a
 * floating-point value, and every sum is checked for overflow (a sum that
 * would overflow is not judged).  A stated total that differs from the sum
 * it should equal by no more than jx_rule_tolerance() (0.01 万元 for forms
 * in 万元, nothing for forms in 元) is reported as info, 尾数误差; beyond it,
 * with the rule's own severity.  Findings point at the stated total: the
 * cell a person must change.  Messages quote amounts in the form's own unit
 * and name the figure that would make the sum hold.
 *
 * What the rules read:
 *   sum.budget          department forms: amounts 基本支出, 项目支出 against
 *                       funds.fiscal + funds.other
 *   sum.funds           funds.fiscal + funds.other against funds.annual (or
 *                       funds.total); amounts 中期其中财政拨款 + 中期其他资金
 *                       against funds.total (金寨's two sides)
 *   sum.composition,    the table 部门总体资金情况 (广水): groups of rows by
 *   sum.shares,         类别, each ending in a 合计 row; money columns
 *   sum.income-expense  (当年金额, year keys) and the 占比 column
 *   sum.table           budget tables described by table_specs below
 *   sum.projects        a department form's 项目支出 against the project
 *                       forms of the same department in the workbook
 *   sum.special-funds   project forms against the rows of a
 *                       专项资金预算汇总表 of the same department
 *   funds.annual-over-total  funds.annual against funds.total
 */
#include "rules/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AMOUNT_BUF 48   /* jx_rule_amount writes up to 48 bytes */
#define NORM_BUF 512

/* ------------------------------------------------------------------ */
/* small helpers                                                       */
/* ------------------------------------------------------------------ */

/* The Chinese or the English text; a macro, so that formats stay literals
 * the compiler checks. */
#define L(c, zh, en) ((c)->lang == JX_LANG_EN ? (en) : (zh))

static bool add_fen(int64_t *acc, int64_t v)
{
    return !__builtin_add_overflow(*acc, v, acc);
}

/* |a - b|, saturating at INT64_MAX (no overflow on absurd figures). */
static int64_t gap(int64_t a, int64_t b)
{
    int64_t d;
    if (__builtin_sub_overflow(a, b, &d) || d == INT64_MIN)
        return INT64_MAX;
    return d < 0 ? -d : d;
}

static bool same_at(jx_origin a, jx_origin b) { return a.row && a.row == b.row && a.col == b.col; }

static bool norm_eq(const char *s, const char *want)
{
    char buf[NORM_BUF];
    return s && strcmp(jx_rule_norm(s, buf, sizeof buf), want) == 0;
}

/* Append printf output to a fixed buffer, keeping it NUL-terminated;
 * returns false once the buffer is full. */
static bool append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool append(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= size)
        return false;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < size - len;
}

static const jx_amount *amount_of(const jx_form *f, const char *key)
{
    for (size_t i = 0; i < f->amount_count; i++)
        if (f->amounts[i].key && strcmp(f->amounts[i].key, key) == 0)
            return &f->amounts[i];
    return NULL;
}

static const jx_money *amount_money(const jx_form *f, const char *key)
{
    const jx_amount *a = amount_of(f, key);
    return a && a->money.present ? &a->money : NULL;
}

/* The field read from cell `at` (the form's own label and text), or NULL. */
static const jx_kv *field_at(const jx_form *f, jx_origin at)
{
    for (size_t i = 0; i < f->field_count; i++)
        if (same_at(f->fields[i].at, at))
            return &f->fields[i];
    return NULL;
}

/* The text of the cell at `at` as written, when the form kept it. */
static const char *text_at(const jx_form *f, jx_origin at)
{
    const jx_kv *kv = field_at(f, at);
    return kv ? kv->value : NULL;
}

/* The form's own label of the figure in cell `at` ("年度资金总额", "当年度金额"),
 * normalised and without a trailing "(万元)"/"(元)"; else fallback. */
static const char *label_at(const jx_form *f, jx_origin at, const char *fallback, char *buf, size_t size)
{
    const jx_kv *kv = field_at(f, at);
    if (!kv || !kv->key)
        return fallback;
    jx_rule_norm(kv->key, buf, size);
    size_t n = strlen(buf);
    static const char *const units[] = {"(万元)", "(元)"};
    for (size_t i = 0; i < 2; i++) {
        size_t u = strlen(units[i]);
        if (n > u && strcmp(buf + n - u, units[i]) == 0)
            buf[n -= u] = '\0';
    }
    return n ? buf : fallback;
}

/*
 * Report a stated total that differs from the sum it should equal.
 *   calc   how the sum is formed, with its parts' amounts ("基本支出 1217 + 项目支出 32024.28")
 *   name   the stated figure ("财政拨款")
 * Within the form's tolerance: info (尾数误差); beyond: `sev` (-1: the rule's).
 */
static void report_total(jx_check *c, const jx_form *f, jx_origin at, const char *text, int sev, const char *calc,
                         int64_t sum, const char *name, int64_t stated)
{
    if (stated == sum)
        return;
    char s[AMOUNT_BUF], w[AMOUNT_BUF], d[AMOUNT_BUF];
    jx_rule_amount(f, sum, s);
    jx_rule_amount(f, stated, w);
    jx_rule_amount(f, gap(stated, sum), d);
    const char *u = jx_rule_unit_name(f, c->lang);
    if (gap(stated, sum) <= jx_rule_tolerance(f))
        jx_report(c, f, at, JX_SEV_INFO, NULL, text,
                  "%s = %s %s，%s填写为 %s %s，相差 %s %s，在 0.01 万元以内，属尾数误差；严格相符时%s为 %s %s",
                  "%s = %s %s, but %s is %s %s, %s %s apart: within 0.01 万元, a rounding difference "
                  "(尾数误差); exactly, %s would be %s %s",
                  calc, s, u, name, w, u, d, u, name, s, u);
    else
        jx_report(c, f, at, sev, NULL, text, "%s = %s %s，%s填写为 %s %s，相差 %s %s；%s应为 %s %s",
                  "%s = %s %s, but %s is %s %s, %s %s apart; %s should be %s %s", calc, s, u, name, w, u, d, u,
                  name, s, u);
}

/* ------------------------------------------------------------------ */
/* sum.budget                                                          */
/* ------------------------------------------------------------------ */

void jx_rule_sum_budget(jx_check *c, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *f = &m->forms[i];
        if (!f->kind || strcmp(f->kind, "department") != 0)
            continue;
        const jx_money *basic = amount_money(f, "基本支出"), *project = amount_money(f, "项目支出");
        const jx_money *fiscal = f->fiscal.present ? &f->fiscal : NULL;
        const jx_money *other = f->other.present ? &f->other : NULL;
        if ((!basic && !project) || (!fiscal && !other))
            continue;
        int64_t spend = 0, fund = 0;
        if (!add_fen(&spend, basic ? basic->fen : 0) || !add_fen(&spend, project ? project->fen : 0) ||
            !add_fen(&fund, fiscal ? fiscal->fen : 0) || !add_fen(&fund, other ? other->fen : 0))
            continue;
        /* the stated total: 财政拨款 (其他资金 when only it has a cell) */
        bool at_fiscal = f->fiscal.at.row != 0;
        jx_origin at = at_fiscal ? f->fiscal.at : f->other.at;
        if (!at.row || spend == fund)
            continue;
        /* what the figure pointed at would have to be */
        int64_t right, rest = at_fiscal ? (other ? other->fen : 0) : (fiscal ? fiscal->fen : 0);
        if (__builtin_sub_overflow(spend, rest, &right))
            continue;
        char b[AMOUNT_BUF], p[AMOUNT_BUF], sp[AMOUNT_BUF], fu[AMOUNT_BUF], r[AMOUNT_BUF], d[AMOUNT_BUF];
        char funding[256];
        jx_rule_amount(f, basic ? basic->fen : 0, b);
        jx_rule_amount(f, project ? project->fen : 0, p);
        jx_rule_amount(f, spend, sp);
        jx_rule_amount(f, fund, fu);
        jx_rule_amount(f, right, r);
        jx_rule_amount(f, gap(spend, fund), d);
        if (other) {
            char fi[AMOUNT_BUF], ot[AMOUNT_BUF];
            jx_rule_amount(f, fiscal ? fiscal->fen : 0, fi);
            jx_rule_amount(f, other->fen, ot);
            snprintf(funding, sizeof funding, "财政拨款 %s + 其他资金 %s = %s", fi, ot, fu);
        } else {
            snprintf(funding, sizeof funding, "财政拨款 %s", fu);
        }
        const char *u = jx_rule_unit_name(f, c->lang);
        const char *which = at_fiscal ? "财政拨款" : "其他资金";
        if (gap(spend, fund) <= jx_rule_tolerance(f))
            jx_report(c, f, at, JX_SEV_INFO, NULL, text_at(f, at),
                      "部门预算支出 基本支出 %s + 项目支出 %s = %s %s，收入来源 %s %s，相差 %s %s，"
                      "在 0.01 万元以内，属尾数误差；严格相符时%s为 %s %s",
                      "spending 基本支出 %s + 项目支出 %s = %s %s, funding %s %s: %s %s apart, within 0.01 万元, "
                      "a rounding difference (尾数误差); exactly, %s would be %s %s",
                      b, p, sp, u, funding, u, d, u, which, r, u);
        else
            jx_report(c, f, at, -1, NULL, text_at(f, at),
                      "部门预算支出 基本支出 %s + 项目支出 %s = %s %s，收入来源 %s %s，相差 %s %s；"
                      "支出与收入应相等，%s应为 %s %s（或核对支出数）",
                      "spending 基本支出 %s + 项目支出 %s = %s %s, funding %s %s: %s %s apart; the two must be "
                      "equal: %s should be %s %s (or check the spending)",
                      b, p, sp, u, funding, u, d, u, which, r, u);
    }
}

/* ------------------------------------------------------------------ */
/* sum.funds                                                           */
/* ------------------------------------------------------------------ */

/* parts a + b against the stated total t (each may be absent). */
static void funds_side(jx_check *c, const jx_form *f, const jx_money *a, const char *a_name, const jx_money *b,
                       const char *b_name, const jx_money *t, const char *t_name)
{
    if (!t || !t->present || !t->at.row || (!a && !b))
        return;
    int64_t sum = 0;
    if (!add_fen(&sum, a ? a->fen : 0) || !add_fen(&sum, b ? b->fen : 0))
        return;
    char x[AMOUNT_BUF], y[AMOUNT_BUF], calc[384], l1[NORM_BUF], l2[NORM_BUF], l3[NORM_BUF];
    jx_rule_amount(f, a ? a->fen : 0, x);
    jx_rule_amount(f, b ? b->fen : 0, y);
    snprintf(calc, sizeof calc, "%s %s + %s %s", a ? label_at(f, a->at, a_name, l1, sizeof l1) : a_name, x,
             b ? label_at(f, b->at, b_name, l2, sizeof l2) : b_name, y);
    report_total(c, f, t->at, text_at(f, t->at), -1, calc, sum, label_at(f, t->at, t_name, l3, sizeof l3), t->fen);
}

void jx_rule_sum_funds(jx_check *c, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *f = &m->forms[i];
        /* a department form states no total of its own (funds.total is
         * 财政拨款 + 其他资金); sum.budget checks it */
        if (f->kind && strcmp(f->kind, "department") == 0)
            continue;
        const jx_money *fiscal = f->fiscal.present ? &f->fiscal : NULL;
        const jx_money *other = f->other.present ? &f->other : NULL;
        /* the annual side when the form has one, else the single total */
        if (f->annual.present)
            funds_side(c, f, fiscal, "年度财政拨款", other, "年度其他资金", &f->annual, "年度资金总额");
        else
            funds_side(c, f, fiscal, "财政拨款", other, "其他资金", &f->total, "资金总额");
        /* 金寨's 中期 side */
        funds_side(c, f, amount_money(f, "中期其中财政拨款"), "中期财政拨款", amount_money(f, "中期其他资金"),
                   "中期其他资金", &f->total, "中期资金总额");
    }
}

/* ------------------------------------------------------------------ */
/* tables: shared lookups                                              */
/* ------------------------------------------------------------------ */

static const jx_row_value *row_value(const jx_row *r, const char *key)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->values[i].key && strcmp(r->values[i].key, key) == 0)
            return &r->values[i];
    return NULL;
}

/* A money value that belongs to this row (not one lent by a merge from
 * the row above, which would count twice). */
static const jx_money *row_money(const jx_row *r, const char *key)
{
    const jx_row_value *v = row_value(r, key);
    if (!v || !v->is_money || !v->money.present)
        return NULL;
    if (v->at.row && v->at.row != r->row)
        return NULL;
    return &v->money;
}

/* The cell of `key` in row r: its own value's cell, else the column the
 * key has in the other rows of the table (0: unknown). */
static jx_origin cell_of(const jx_table *t, const jx_row *r, const char *key)
{
    const jx_row_value *v = row_value(r, key);
    if (v && v->at.row)
        return v->at;
    for (size_t i = 0; i < t->row_count; i++) {
        const jx_row_value *o = row_value(&t->rows[i], key);
        if (o && o->at.col)
            return (jx_origin){r->row, o->at.col};
    }
    return (jx_origin){0, 0};
}

/* The columns of a table's keys, found once (for tables of many rows,
 * where cell_of's scan would be quadratic). */
#define MAX_KEYS 32
typedef struct col_map {
    const char *key[MAX_KEYS];
    uint32_t col[MAX_KEYS];
    size_t n;
} col_map;

static void map_columns(const jx_table *t, col_map *cm)
{
    cm->n = 0;
    for (size_t i = 0; i < t->row_count; i++)
        for (size_t k = 0; k < t->rows[i].count; k++) {
            const jx_row_value *v = &t->rows[i].values[k];
            if (!v->key || !v->at.col)
                continue;
            bool seen = false;
            for (size_t j = 0; j < cm->n && !seen; j++)
                seen = strcmp(cm->key[j], v->key) == 0;
            if (!seen && cm->n < MAX_KEYS) {
                cm->key[cm->n] = v->key;
                cm->col[cm->n++] = v->at.col;
            }
        }
}

static jx_origin cell_in(const col_map *cm, const jx_row *r, const char *key)
{
    const jx_row_value *v = row_value(r, key);
    if (v && v->at.row)
        return v->at;
    for (size_t j = 0; j < cm->n; j++)
        if (strcmp(cm->key[j], key) == 0)
            return (jx_origin){r->row, cm->col[j]};
    return (jx_origin){0, 0};
}

static const char *row_text(const jx_row *r, const char *key)
{
    const jx_row_value *v = row_value(r, key);
    return v ? v->text : NULL;
}

/* "2023年" for a year key, the key itself otherwise. */
static const char *column_label(const jx_check *c, const char *key, char *buf, size_t size)
{
    size_t n = strlen(key);
    bool year = n == 4;
    for (size_t i = 0; year && i < n; i++)
        year = key[i] >= '0' && key[i] <= '9';
    if (year && c->lang == JX_LANG_ZH)
        snprintf(buf, size, "%s年", key);
    else
        snprintf(buf, size, "%s", key);
    return buf;
}

/* Distinct money column keys of rows [from, to) of a table (at most max). */
static size_t money_keys(const jx_table *t, size_t from, size_t to, const char **keys, size_t max)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        const jx_row *r = &t->rows[i];
        for (size_t k = 0; k < r->count; k++) {
            const jx_row_value *v = &r->values[k];
            if (!v->is_money || !v->key)
                continue;
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(keys[j], v->key) == 0;
            if (!seen && n < max)
                keys[n++] = v->key;
        }
    }
    return n;
}

static bool is_total_label(const char *s)
{
    return norm_eq(s, "合计") || norm_eq(s, "总计");
}

/* ------------------------------------------------------------------ */
/* 部门总体资金情况 (广水): composition, shares, income vs expense       */
/* ------------------------------------------------------------------ */

typedef struct composition_spec {
    const char *table;     /* jx_table.name */
    const char *group;     /* column naming the group (收入构成/支出构成) */
    const char *item;      /* column naming the item; 合计 on the group's total row */
    const char *share;     /* column of the items' shares, text such as "34.55%" */
    const char *share_of;  /* the money column the shares divide */
    const char *income;    /* group names, normalised */
    const char *expense;
} composition_spec;

static const composition_spec composition_specs[] = {
    {"部门总体资金情况", "类别", "项目", "占比", "当年金额", "收入构成", "支出构成"},
};

/* A group of rows: [first, total) are its items, `total` its 合计 row. */
typedef struct comp_group {
    size_t first, total;
    char name[256];   /* the 类别, normalised */
} comp_group;

#define MAX_GROUPS 16

/* Split the table into groups: consecutive rows of one 类别 (a blank 类别
 * continues the one above), each closed by its 合计 row.  Rows of a 类别
 * that never reaches a 合计 row form no group. */
static size_t comp_groups(const composition_spec *sp, const jx_table *t, comp_group *g, size_t max)
{
    size_t n = 0, start = 0;
    char cur[sizeof g->name] = "", buf[sizeof g->name];
    for (size_t i = 0; i < t->row_count && n < max; i++) {
        const jx_row *r = &t->rows[i];
        const char *grp = row_text(r, sp->group);
        if (grp) {
            jx_rule_norm(grp, buf, sizeof buf);
            if (strcmp(buf, cur) != 0) {
                jx_strlcpy_utf8(cur, buf, sizeof cur);
                start = i;
            }
        }
        if (is_total_label(row_text(r, sp->item))) {
            g[n].first = start;
            g[n].total = i;
            jx_strlcpy_utf8(g[n].name, cur, sizeof g[n].name);
            n++;
            start = i + 1;
        }
    }
    return n;
}

typedef void (*comp_fn)(jx_check *c, const jx_form *f, const composition_spec *sp, const jx_table *t,
                        const comp_group *g, size_t ng);

static void each_composition(jx_check *c, const jx_model *m, comp_fn fn)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *f = &m->forms[i];
        for (size_t k = 0; k < f->table_count; k++)
            for (size_t s = 0; s < sizeof composition_specs / sizeof composition_specs[0]; s++) {
                const jx_table *t = &f->tables[k];
                if (!t->name || strcmp(t->name, composition_specs[s].table) != 0)
                    continue;
                comp_group g[MAX_GROUPS];
                size_t ng = comp_groups(&composition_specs[s], t, g, MAX_GROUPS);
                if (ng)
                    fn(c, f, &composition_specs[s], t, g, ng);
            }
    }
}

static void composition_check(jx_check *c, const jx_form *f, const composition_spec *sp, const jx_table *t,
                              const comp_group *g, size_t ng)
{
    for (size_t gi = 0; gi < ng && !c->err; gi++) {
        const jx_row *total = &t->rows[g[gi].total];
        const char *keys[16];
        size_t nk = money_keys(t, g[gi].first, g[gi].total + 1, keys, 16);
        for (size_t k = 0; k < nk; k++) {
            const jx_money *stated = row_money(total, keys[k]);
            int64_t sum = 0;
            bool any = false, ok = true;
            char calc[640] = "", col[32], name[384], a[AMOUNT_BUF];
            column_label(c, keys[k], col, sizeof col);
            append(calc, sizeof calc, "%s %s ", g[gi].name, col);
            size_t listed = 0, items = 0;
            for (size_t i = g[gi].first; i < g[gi].total; i++) {
                const jx_money *mo = row_money(&t->rows[i], keys[k]);
                if (!mo)
                    continue;
                any = true;
                items++;
                ok = ok && add_fen(&sum, mo->fen);
                const char *item = row_text(&t->rows[i], sp->item);
                jx_rule_amount(f, mo->fen, a);
                if (listed < 8 && append(calc, sizeof calc, "%s%s %s", listed ? " + " : "", item ? item : "?", a))
                    listed++;
            }
            if (items > listed)
                append(calc, sizeof calc, L(c, " + …（共 %zu 项）", " + … (%zu items)"), items);
            if (!ok || (!any && !stated))
                continue;
            if (!any)
                snprintf(calc + strlen(calc), sizeof calc - strlen(calc), "%s", L(c, "（各项均未填）", "(no item filled)"));
            jx_origin at = cell_of(t, total, keys[k]);
            if (!at.row)
                continue;
            snprintf(name, sizeof name, "%s %s %s", g[gi].name, col, L(c, "合计", "合计 (total)"));
            const jx_row_value *tv = row_value(total, keys[k]);
            report_total(c, f, at, tv ? tv->text : NULL, -1, calc, sum, name, stated ? stated->fen : 0);
        }
    }
}

void jx_rule_sum_composition(jx_check *c, const jx_model *m)
{
    each_composition(c, m, composition_check);
}

/* A share as written, in basis points (1/100 of a percent): "34.55%" ->
 * 3455, "100%" -> 10000; a number without "%" of at most 1 is a fraction
 * (0.3455 -> 3455), one above 1 a percentage.  More decimals than a basis
 * point round half up.  False when the text is not a share. */
static bool parse_share(const char *text, int64_t *bp)
{
    char buf[64];
    const char *s = jx_rule_norm(text, buf, sizeof buf);
    int64_t digits = 0;
    int scale = 0, nd = 0;
    bool dot = false, pct = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (nd >= 15)
                return false;
            digits = digits * 10 + (*s - '0');
            nd++;
            if (dot)
                scale++;
        } else if (*s == '.' && !dot) {
            dot = true;
        } else if (*s == '%' && s[1] == '\0') {
            pct = true;
        } else {
            return false;
        }
    }
    if (!nd)
        return false;
    /* value = digits / 10^scale, in percent (pct) or as a fraction */
    int64_t one = 1;
    for (int i = 0; i < scale; i++)
        one *= 10;
    if (!pct && digits <= one)
        scale -= 2;            /* a fraction: percent = fraction x 100 */
    /* basis points = percent x 100 = digits x 10^(2 - scale) */
    int shift = 2 - scale;
    if (shift >= 0) {
        for (int i = 0; i < shift; i++)
            digits *= 10;
        *bp = digits;
    } else {
        int64_t div = 1;
        for (int i = 0; i < -shift; i++)
            div *= 10;
        *bp = (digits + div / 2) / div;
    }
    return true;
}

/* "34.55", "0.9", "100" from basis points. */
static char *format_bp(int64_t bp, char *buf)
{
    int64_t whole = bp / 100, frac = bp % 100;
    if (frac == 0)
        snprintf(buf, 32, "%lld", (long long)whole);
    else if (frac % 10 == 0)
        snprintf(buf, 32, "%lld.%lld", (long long)whole, (long long)(frac / 10));
    else
        snprintf(buf, 32, "%lld.%02lld", (long long)whole, (long long)frac);
    return buf;
}

static void shares_check(jx_check *c, const jx_form *f, const composition_spec *sp, const jx_table *t,
                         const comp_group *g, size_t ng)
{
    for (size_t gi = 0; gi < ng && !c->err; gi++) {
        const jx_row *total = &t->rows[g[gi].total];
        const jx_money *tm = row_money(total, sp->share_of);
        int64_t whole = tm ? tm->fen : 0;
        int64_t sum = 0;
        bool any = false, all_parsed = true;
        char expr[512] = "";
        size_t listed = 0;
        for (size_t i = g[gi].first; i < g[gi].total && !c->err; i++) {
            const jx_row *r = &t->rows[i];
            const jx_row_value *sv = row_value(r, sp->share);
            if (!sv || !sv->text)
                continue;
            int64_t bp;
            if (!parse_share(sv->text, &bp)) {
                all_parsed = false;
                continue;
            }
            any = true;
            if (!add_fen(&sum, bp))
                all_parsed = false;
            if (listed < 12 && append(expr, sizeof expr, "%s%s", listed ? " + " : "", sv->text))
                listed++;
            else if (listed == 12 && append(expr, sizeof expr, " + …"))
                listed++;
            /* the share against amount ÷ 合计 */
            const jx_money *am = row_money(r, sp->share_of);
            int64_t amount = am ? am->fen : 0, scaled, want_x_whole;
            if (whole <= 0 || amount < 0 || __builtin_mul_overflow(amount, (int64_t)10000, &scaled) ||
                __builtin_mul_overflow(bp, whole, &want_x_whole))
                continue;
            int64_t want = (scaled + whole / 2) / whole;   /* round half up */
            if (want == bp)
                continue;
            char a[AMOUNT_BUF], w[AMOUNT_BUF], e[32], cat[512];
            jx_rule_amount(f, amount, a);
            jx_rule_amount(f, whole, w);
            format_bp(want, e);
            const char *item = row_text(r, sp->item);
            snprintf(cat, sizeof cat, "%s %s", g[gi].name, item ? item : "");
            /* within one basis point of the exact share: a rounding
             * adjustment (so that the shares add up to 100%) */
            if (gap(want_x_whole, scaled) < whole)
                jx_report(c, f, sv->at, JX_SEV_INFO, NULL, sv->text,
                          "%s 占比 %s，按 %s ÷ %s 两位小数为 %s%%；相差不到 0.01%%，属尾数误差",
                          "%s: share %s, while %s ÷ %s to two decimals is %s%%; less than 0.01%% apart, a "
                          "rounding difference (尾数误差)",
                          cat, sv->text, a, w, e);
            else
                jx_report(c, f, sv->at, -1, NULL, sv->text, "%s 占比 %s 与 %s ÷ %s = %s%% 不符；占比应为 %s%%",
                          "%s: share %s does not match %s ÷ %s = %s%%; the share should be %s%%", cat, sv->text,
                          a, w, e, e);
        }
        /* the 合计 row's own share */
        const jx_row_value *tv = row_value(total, sp->share);
        int64_t tbp;
        if (tv && tv->text && parse_share(tv->text, &tbp) && tbp != 10000)
            jx_report(c, f, tv->at, -1, "100%", tv->text, "%s 合计的占比为 %s，应为 100%%",
                      "%s: the 合计 share is %s; it should be 100%%", g[gi].name, tv->text);
        /* the items' shares add up to 100% */
        if (!any || !all_parsed || sum == 10000 || c->err)
            continue;
        jx_origin at = cell_of(t, total, sp->share);
        if (!at.row)
            continue;
        char sb[32];
        format_bp(sum, sb);
        jx_report(c, f, at, -1, NULL, tv ? tv->text : NULL, "%s 各项占比 %s = %s%%，合计应为 100%%",
                  "%s: the shares %s add up to %s%%, not 100%%", g[gi].name, expr, sb);
    }
}

void jx_rule_sum_shares(jx_check *c, const jx_model *m)
{
    each_composition(c, m, shares_check);
}

static void income_expense_check(jx_check *c, const jx_form *f, const composition_spec *sp, const jx_table *t,
                                 const comp_group *g, size_t ng)
{
    const comp_group *in = NULL, *out = NULL;
    for (size_t i = 0; i < ng; i++) {
        if (!in && strcmp(g[i].name, sp->income) == 0)
            in = &g[i];
        if (!out && strcmp(g[i].name, sp->expense) == 0)
            out = &g[i];
    }
    if (!in || !out)
        return;
    const jx_row *ri = &t->rows[in->total], *ro = &t->rows[out->total];
    const char *keys[16];
    size_t nk = money_keys(t, in->total, in->total + 1, keys, 16);
    for (size_t k = 0; k < nk && !c->err; k++) {
        const jx_money *a = row_money(ri, keys[k]), *b = row_money(ro, keys[k]);
        if (!a || !b || a->fen == b->fen)
            continue;
        const jx_row_value *bv = row_value(ro, keys[k]);
        char col[32], x[AMOUNT_BUF], y[AMOUNT_BUF], d[AMOUNT_BUF];
        column_label(c, keys[k], col, sizeof col);
        jx_rule_amount(f, a->fen, x);
        jx_rule_amount(f, b->fen, y);
        jx_rule_amount(f, gap(a->fen, b->fen), d);
        const char *u = jx_rule_unit_name(f, c->lang);
        if (gap(a->fen, b->fen) <= jx_rule_tolerance(f))
            jx_report(c, f, bv->at, JX_SEV_INFO, NULL, bv->text,
                      "%s 收入合计 %s %s，支出合计 %s %s，相差 %s %s，在 0.01 万元以内，属尾数误差",
                      "%s: total income %s %s, total spending %s %s, %s %s apart: within 0.01 万元, a rounding "
                      "difference (尾数误差)",
                      col, x, u, y, u, d, u);
        else
            jx_report(c, f, bv->at, -1, NULL, bv->text,
                      "%s 收入合计 %s %s，支出合计 %s %s，相差 %s %s；收支应相等，支出合计应为 %s %s（或核对收入）",
                      "%s: total income %s %s, total spending %s %s, %s %s apart; they should be equal: "
                      "spending %s %s (or check the income)",
                      col, x, u, y, u, d, u, x, u);
    }
}

void jx_rule_sum_income_expense(jx_check *c, const jx_model *m)
{
    each_composition(c, m, income_expense_check);
}

/* ------------------------------------------------------------------ */
/* sum.table: budget tables                                            */
/* ------------------------------------------------------------------ */

/* A total column and the columns it adds up, within one row. */
typedef struct column_identity {
    const char *total;
    const char *parts[6];   /* up to the first NULL */
} column_identity;

/* A budget table: its code and name columns (rows nest by code: 301 ->
 * 30101, 201 -> 201001; the 合计 row is named 合计 in either column) and
 * the identities of its columns.  Absent values count as 0; an identity
 * is checked in a row only when at least one of its parts is filled (a
 * summary may state 一般公共预算小计 without breaking it down). */
typedef struct table_spec {
    const char *table;
    const char *code;
    const char *name;
    column_identity sums[4];   /* up to the first with total NULL */
} table_spec;

static const table_spec table_specs[] = {
    {"一般公共预算基本支出表", "科目编码", "科目名称", {{"合计", {"人员经费", "公用经费"}}}},
    {"专项资金预算汇总表",
     "单位代码",
     "单位名称（专项名称）",
     {{"总计", {"一般公共预算小计", "政府性基金", "国有资本经营预算", "社会保险基金预算资金"}},
      {"一般公共预算小计",
       {"经费拨款", "纳入一般公共预算管理的非税收入", "一般债券", "外国政府和国际组织贷款", "外国政府和国际组织赠款"}},
      {"总计", {"编入部门预算金额", "财政代编金额"}}}},
};

typedef struct code_ref { const char *code; size_t row; } code_ref;

static int cmp_code_ref(const void *x, const void *y)
{
    const code_ref *a = x, *b = y;
    int r = strcmp(a->code, b->code);
    if (r)
        return r;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* s against the first n bytes of code, as strcmp would order them. */
static int cmp_prefix(const char *s, const char *code, size_t n)
{
    int r = strncmp(s, code, n);
    if (r)
        return r;
    return s[n] != '\0';
}

/* The row coded code[0..n): the nearest one above `row`, else the first
 * below it; SIZE_MAX when there is none. */
static size_t find_code(const code_ref *refs, size_t nref, const char *code, size_t n, size_t row)
{
    size_t lo = 0, hi = nref;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cmp_prefix(refs[mid].code, code, n);
        if (r < 0 || (r == 0 && refs[mid].row < row))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && cmp_prefix(refs[lo - 1].code, code, n) == 0)
        return refs[lo - 1].row;
    if (lo < nref && cmp_prefix(refs[lo].code, code, n) == 0)
        return refs[lo].row;
    return SIZE_MAX;
}

/* "301 工资福利支出", "合计": how a row names itself in messages. */
static const char *row_label(const table_spec *sp, const jx_row *r, char *buf, size_t size)
{
    const char *code = row_text(r, sp->code), *name = row_text(r, sp->name);
    snprintf(buf, size, "%s%s%s", code ? code : "", code && name ? " " : "", name ? name : "");
    if (!buf[0])
        snprintf(buf, size, "#%u", r->row);
    return buf;
}

static void column_identities(jx_check *c, const jx_form *f, const table_spec *sp, const jx_table *t,
                              const col_map *cm)
{
    for (size_t i = 0; i < t->row_count && !c->err; i++) {
        const jx_row *r = &t->rows[i];
        for (size_t k = 0; k < 4 && sp->sums[k].total; k++) {
            const column_identity *id = &sp->sums[k];
            int64_t sum = 0;
            bool any = false, ok = true;
            char calc[640], lab[256], a[AMOUNT_BUF], name[128];
            snprintf(calc, sizeof calc, "%s：", row_label(sp, r, lab, sizeof lab));
            for (size_t p = 0; p < 6 && id->parts[p]; p++) {
                const jx_money *mo = row_money(r, id->parts[p]);
                if (!mo)
                    continue;
                ok = ok && add_fen(&sum, mo->fen);
                jx_rule_amount(f, mo->fen, a);
                append(calc, sizeof calc, "%s%s %s", any ? " + " : "", id->parts[p], a);
                any = true;
            }
            const jx_money *stated = row_money(r, id->total);
            if (!any || !ok || (stated ? stated->fen : 0) == sum)
                continue;
            jx_origin at = cell_in(cm, r, id->total);
            if (!at.row)
                continue;
            snprintf(name, sizeof name, L(c, "“%s”", "%s"), id->total);
            const jx_row_value *tv = row_value(r, id->total);
            report_total(c, f, at, tv ? tv->text : NULL, -1, calc, sum, name, stated ? stated->fen : 0);
        }
    }
}

enum { SUB_ANY = 1, SUB_OVERFLOW = 2 };

static void table_check(jx_check *c, const jx_form *f, const table_spec *sp, const jx_table *t)
{
    col_map cm;
    map_columns(t, &cm);
    column_identities(c, f, sp, t, &cm);
    size_t n = t->row_count;
    if (!n || c->err)
        return;
    jx_arena a;
    jx_arena_init(&a, 16 * 1024);
    const char **code = jx_arena_calloc(&a, n, sizeof *code);
    size_t *parent = jx_arena_calloc(&a, n, sizeof *parent);
    bool *total = jx_arena_calloc(&a, n, sizeof *total);
    code_ref *refs = jx_arena_calloc(&a, n, sizeof *refs);
    int64_t *sum = jx_arena_calloc(&a, n, sizeof *sum);
    size_t *count = jx_arena_calloc(&a, n, sizeof *count);
    unsigned char *flags = jx_arena_calloc(&a, n, 1);
    if (!code || !parent || !total || !refs || !sum || !count || !flags) {
        c->err = JX_ERR_NOMEM;
        goto done;
    }
    /* codes (digits only) and 合计 rows */
    size_t nref = 0;
    for (size_t i = 0; i < n; i++) {
        const jx_row *r = &t->rows[i];
        char buf[64];
        const char *s = row_text(r, sp->code);
        total[i] = is_total_label(s) || is_total_label(row_text(r, sp->name));
        parent[i] = SIZE_MAX;
        if (!s || total[i])
            continue;
        jx_rule_norm(s, buf, sizeof buf);
        bool digits = buf[0] != '\0' && strlen(buf) < sizeof buf - 1;
        for (const char *p = buf; digits && *p; p++)
            digits = *p >= '0' && *p <= '9';
        if (!digits)
            continue;
        if (!(code[i] = jx_arena_strdup(&a, buf))) {
            c->err = JX_ERR_NOMEM;
            goto done;
        }
        refs[nref++] = (code_ref){code[i], i};
    }
    qsort(refs, nref, sizeof *refs, cmp_code_ref);
    /* each row's parent: the row with the longest code that is a proper
     * prefix of its own */
    for (size_t i = 0; i < n; i++)
        for (size_t len = code[i] ? strlen(code[i]) : 0; len > 1 && parent[i] == SIZE_MAX; len--)
            parent[i] = find_code(refs, nref, code[i], len - 1, i);

    const char *keys[24];
    size_t nk = money_keys(t, 0, n, keys, 24);
    for (size_t k = 0; k < nk && !c->err; k++) {
        char col[64];
        column_label(c, keys[k], col, sizeof col);
        memset(sum, 0, n * sizeof *sum);
        memset(count, 0, n * sizeof *count);
        memset(flags, 0, n);
        int64_t top = 0;
        size_t ntop = 0;
        unsigned char topf = 0;
        char tops[256] = "";
        size_t listed = 0;
        for (size_t i = 0; i < n; i++) {
            if (total[i])
                continue;
            const jx_money *mo = row_money(&t->rows[i], keys[k]);
            if (parent[i] != SIZE_MAX) {
                size_t p = parent[i];
                count[p]++;
                if (mo) {
                    flags[p] |= SUB_ANY;
                    if (!add_fen(&sum[p], mo->fen))
                        flags[p] |= SUB_OVERFLOW;
                }
                continue;
            }
            ntop++;
            const char *cs = row_text(&t->rows[i], sp->code);
            const char *ns = row_text(&t->rows[i], sp->name);
            if (listed < 6 && append(tops, sizeof tops, "%s%s", listed ? L(c, "、", ", ") : "", cs ? cs : ns ? ns : "?"))
                listed++;
            if (mo) {
                topf |= SUB_ANY;
                if (!add_fen(&top, mo->fen))
                    topf |= SUB_OVERFLOW;
            }
        }
        if (ntop > listed)
            append(tops, sizeof tops, "…");
        for (size_t i = 0; i < n && !c->err; i++) {
            const jx_row *r = &t->rows[i];
            const jx_money *stated = row_money(r, keys[k]);
            char lab[256], calc[512], name[320];
            int64_t want;
            unsigned char fl;
            if (total[i]) {
                if (!ntop)
                    continue;
                want = top;
                fl = topf;
                snprintf(calc, sizeof calc, L(c, "各顶层行（%s）“%s”栏之和", "the top-level rows (%s), column %s, add up to"), tops, col);
                snprintf(name, sizeof name, L(c, "%s 行“%s”栏", "row %s's %s"), row_label(sp, r, lab, sizeof lab), col);
            } else if (count[i]) {
                want = sum[i];
                fl = flags[i];
                row_label(sp, r, lab, sizeof lab);
                snprintf(calc, sizeof calc, L(c, "%s 之下 %zu 行“%s”栏之和", "the rows under %s (%zu), column %s, add up to"), lab, count[i], col);
                snprintf(name, sizeof name, L(c, "%s 行“%s”栏", "row %s's %s"), lab, col);
            } else {
                continue;
            }
            if ((fl & SUB_OVERFLOW) || (!(fl & SUB_ANY) && !stated) || (stated ? stated->fen : 0) == want)
                continue;
            jx_origin at = cell_in(&cm, r, keys[k]);
            if (!at.row)
                continue;
            const jx_row_value *v = row_value(r, keys[k]);
            report_total(c, f, at, v ? v->text : NULL, -1, calc, want, name, stated ? stated->fen : 0);
        }
    }
done:
    jx_arena_free(&a);
}

void jx_rule_sum_table(jx_check *c, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *f = &m->forms[i];
        for (size_t k = 0; k < f->table_count && !c->err; k++)
            for (size_t s = 0; s < sizeof table_specs / sizeof table_specs[0]; s++)
                if (f->tables[k].name && strcmp(f->tables[k].name, table_specs[s].table) == 0)
                    table_check(c, f, &table_specs[s], &f->tables[k]);
    }
}

/* ------------------------------------------------------------------ */
/* sum.projects                                                        */
/* ------------------------------------------------------------------ */

/* The form belongs to the department (normalised name dn): its 主管部门
 * or its 实施/用款单位 is dn. */
static bool of_department(const jx_form *f, const char *dn)
{
    return norm_eq(f->department.s, dn) || norm_eq(f->unit.s, dn);
}

void jx_rule_sum_projects(jx_check *c, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *d = &m->forms[i];
        if (!d->kind || strcmp(d->kind, "department") != 0 || !d->department.s)
            continue;
        const jx_money *stated = amount_money(d, "项目支出");
        if (!stated || !stated->at.row)
            continue;
        char dn[NORM_BUF];
        jx_rule_norm(d->department.s, dn, sizeof dn);
        if (!dn[0])
            continue;
        int64_t sum = 0;
        size_t n = 0, listed = 0;
        bool ok = true;
        char names[400] = "";
        for (size_t j = 0; j < m->form_count; j++) {
            const jx_form *p = &m->forms[j];
            if (!p->kind || strcmp(p->kind, "project") != 0 || !of_department(p, dn))
                continue;
            const jx_money *amt = p->annual.present ? &p->annual : p->total.present ? &p->total : NULL;
            if (!amt)
                continue;
            n++;
            ok = ok && add_fen(&sum, amt->fen);
            char a[AMOUNT_BUF];
            if (listed < 6 &&
                append(names, sizeof names, "%s%s %s %s", listed ? L(c, "、", ", ") : "",
                       p->project.s ? p->project.s : p->sheet, jx_rule_amount(p, amt->fen, a),
                       jx_rule_unit_name(p, c->lang)))
                listed++;
        }
        if (!n || !ok || sum == stated->fen)
            continue;
        if (n > listed)
            append(names, sizeof names, "…");
        char s[AMOUNT_BUF], w[AMOUNT_BUF], df[AMOUNT_BUF];
        jx_rule_amount(d, stated->fen, s);
        jx_rule_amount(d, sum, w);
        jx_rule_amount(d, gap(stated->fen, sum), df);
        const char *u = jx_rule_unit_name(d, c->lang);
        const char *text = text_at(d, stated->at);
        if (gap(stated->fen, sum) <= jx_rule_tolerance(d))
            jx_report(c, d, stated->at, JX_SEV_INFO, NULL, text,
                      "项目支出 %s %s，本工作簿中该部门 %zu 张项目表（%s）的年度金额之和为 %s %s，相差 %s %s，"
                      "在 0.01 万元以内，属尾数误差",
                      "项目支出 is %s %s; the annual amounts of the department's %zu project forms in this "
                      "workbook (%s) add up to %s %s, %s %s apart: within 0.01 万元, a rounding difference (尾数误差)",
                      s, u, n, names, w, u, df, u);
        else
            jx_report(c, d, stated->at, -1, NULL, text,
                      "项目支出 %s %s，而本工作簿中该部门 %zu 张项目表（%s）的年度金额之和为 %s %s，相差 %s %s；"
                      "若这些就是全部项目，项目支出应为 %s %s",
                      "项目支出 is %s %s, but the annual amounts of the department's %zu project forms in this "
                      "workbook (%s) add up to %s %s, %s %s apart; if these are all its projects, 项目支出 should "
                      "be %s %s",
                      s, u, n, names, w, u, df, u, w, u);
    }
}

/* ------------------------------------------------------------------ */
/* sum.special-funds                                                   */
/* ------------------------------------------------------------------ */

typedef struct special_spec {
    const char *table;   /* the summary table */
    const char *name;    /* its column naming the fund */
    const char *total;   /* its column of the fund's total */
} special_spec;

static const special_spec special_specs[] = {
    {"专项资金预算汇总表", "单位名称（专项名称）", "总计"},
};

typedef struct name_ref { const char *name; size_t row; } name_ref;

static int cmp_name_ref(const void *x, const void *y)
{
    const name_ref *a = x, *b = y;
    int r = strcmp(a->name, b->name);
    if (r)
        return r;
    return a->row < b->row ? -1 : a->row > b->row;
}

static void special_check(jx_check *c, const jx_model *m, const jx_form *s, const special_spec *sp, const jx_table *t)
{
    jx_arena a;
    jx_arena_init(&a, 16 * 1024);
    name_ref *refs = jx_arena_calloc(&a, t->row_count ? t->row_count : 1, sizeof *refs);
    size_t nref = 0;
    if (!refs)
        c->err = JX_ERR_NOMEM;
    for (size_t i = 0; i < t->row_count && !c->err; i++) {
        const char *nm = row_text(&t->rows[i], sp->name);
        if (!nm || is_total_label(nm))
            continue;
        char buf[NORM_BUF];
        jx_rule_norm(nm, buf, sizeof buf);
        if (!buf[0])
            continue;
        if (!(refs[nref].name = jx_arena_strdup(&a, buf)))
            c->err = JX_ERR_NOMEM;
        refs[nref++].row = i;
    }
    if (!c->err)
        qsort(refs, nref, sizeof *refs, cmp_name_ref);
    char dn[NORM_BUF];
    jx_rule_norm(s->department.s, dn, sizeof dn);
    for (size_t j = 0; j < m->form_count && !c->err; j++) {
        const jx_form *p = &m->forms[j];
        if (p == s || !p->kind || strcmp(p->kind, "project") != 0 || !p->total.present || !p->total.at.row ||
            !p->project.s)
            continue;
        if (dn[0] && !of_department(p, dn))
            continue;
        char pn[NORM_BUF];
        name_ref key = {jx_rule_norm(p->project.s, pn, sizeof pn), 0};
        if (!pn[0])
            continue;
        /* the first row of that name */
        size_t lo = 0, hi = nref;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_name_ref(&refs[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        const char *text = text_at(p, p->total.at);
        char x[AMOUNT_BUF], y[AMOUNT_BUF], d[AMOUNT_BUF];
        const char *u = jx_rule_unit_name(p, c->lang);
        jx_rule_amount(p, p->total.fen, x);
        if (lo >= nref || strcmp(refs[lo].name, pn) != 0) {
            jx_report(c, p, p->total.at, JX_SEV_WARNING, NULL, text,
                      "%s 资金总额 %s %s，但%s（工作表 %s）中没有名为“%s”的专项；核对项目名称，或把该项目列入汇总表",
                      "%s: 资金总额 %s %s, but %s (sheet %s) lists no fund named “%s”; check the project's name, "
                      "or add it to the summary",
                      p->project.s, x, u, sp->table, s->sheet, p->project.s);
            continue;
        }
        const jx_row *r = &t->rows[refs[lo].row];
        const jx_money *tm = row_money(r, sp->total);
        int64_t want = tm ? tm->fen : 0;
        if (want == p->total.fen)
            continue;
        int64_t tol = jx_rule_tolerance(p) > jx_rule_tolerance(s) ? jx_rule_tolerance(p) : jx_rule_tolerance(s);
        jx_rule_amount(p, want, y);
        jx_rule_amount(p, gap(want, p->total.fen), d);
        if (gap(want, p->total.fen) <= tol)
            jx_report(c, p, p->total.at, JX_SEV_INFO, NULL, text,
                      "%s 资金总额 %s %s，%s（工作表 %s 第 %u 行）同名专项的%s为 %s %s，相差 %s %s，"
                      "在 0.01 万元以内，属尾数误差",
                      "%s: 资金总额 %s %s; the fund of the same name in %s (sheet %s, row %u) has %s %s %s, "
                      "%s %s apart: within 0.01 万元, a rounding difference (尾数误差)",
                      p->project.s, x, u, sp->table, s->sheet, r->row, sp->total, y, u, d, u);
        else
            jx_report(c, p, p->total.at, -1, NULL, text,
                      "%s 资金总额 %s %s，%s（工作表 %s 第 %u 行）同名专项的%s为 %s %s，相差 %s %s；"
                      "两表应一致，按汇总表资金总额应为 %s %s",
                      "%s: 资金总额 %s %s, but the fund of the same name in %s (sheet %s, row %u) has %s %s %s, "
                      "%s %s apart; the two must agree: by the summary, 资金总额 should be %s %s",
                      p->project.s, x, u, sp->table, s->sheet, r->row, sp->total, y, u, d, u, y, u);
    }
    jx_arena_free(&a);
}

void jx_rule_sum_special_funds(jx_check *c, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *s = &m->forms[i];
        for (size_t k = 0; k < s->table_count && !c->err; k++)
            for (size_t q = 0; q < sizeof special_specs / sizeof special_specs[0]; q++)
                if (s->tables[k].name && strcmp(s->tables[k].name, special_specs[q].table) == 0)
                    special_check(c, m, s, &special_specs[q], &s->tables[k]);
    }
}

/* ------------------------------------------------------------------ */
/* funds.annual-over-total                                             */
/* ------------------------------------------------------------------ */

void jx_rule_funds_annual_over_total(jx_check *c, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count && !c->err; i++) {
        const jx_form *f = &m->forms[i];
        if (!f->annual.present || !f->total.present || !f->annual.at.row || f->annual.fen <= f->total.fen)
            continue;
        /* a total computed from the annual figure is no separate statement */
        if (same_at(f->annual.at, f->total.at))
            continue;
        char an[AMOUNT_BUF], to[AMOUNT_BUF], d[AMOUNT_BUF], la[NORM_BUF], lt[NORM_BUF];
        jx_rule_amount(f, f->annual.fen, an);
        jx_rule_amount(f, f->total.fen, to);
        jx_rule_amount(f, gap(f->annual.fen, f->total.fen), d);
        const char *u = jx_rule_unit_name(f, c->lang);
        const char *na = label_at(f, f->annual.at, L(c, "年度资金", "the annual amount"), la, sizeof la);
        const char *nt = label_at(f, f->total.at, L(c, "总金额", "the total"), lt, sizeof lt);
        const char *text = text_at(f, f->annual.at);
        if (gap(f->annual.fen, f->total.fen) <= jx_rule_tolerance(f))
            jx_report(c, f, f->annual.at, JX_SEV_INFO, NULL, text,
                      "%s %s %s 大于%s %s %s，多 %s %s，在 0.01 万元以内，属尾数误差；%s应不大于 %s %s",
                      "%s %s %s exceeds %s %s %s by %s %s: within 0.01 万元, a rounding difference (尾数误差); "
                      "%s should be at most %s %s",
                      na, an, u, nt, to, u, d, u, na, to, u);
        else
            jx_report(c, f, f->annual.at, -1, NULL, text,
                      "%s %s %s 大于%s %s %s，多 %s %s；年度资金不能超过总额，%s应不大于 %s %s",
                      "%s %s %s exceeds %s %s %s by %s %s; the annual amount cannot exceed the total: %s "
                      "should be at most %s %s",
                      na, an, u, nt, to, u, d, u, na, to, u);
    }
}
