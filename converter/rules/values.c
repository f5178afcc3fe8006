/*
 * values.c - Value rules: what a target value says and how it is written.
 *
 * Every rule here reads one indicator (or one money figure) at a time and
 * points at the cell a person must change.  What the rules recognise -
 * operator spellings, vague phrases, time words that are not units, the
 * names of cost indicators - lives in the const tables at the top, so a new
 * spelling is a new row, never a new branch.
 *
 * Numbers are compared exactly: a target's value is a jx_decimal (digits /
 * 10^scale), and two are compared at a common scale with overflow checked,
 * never through a double.
 */
#include "rules/rules.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/* Operators as they are written.  `canon` is the standard spelling the
 * notation rule asks for (NULL: this is the standard spelling).  A word is
 * an operator only when a number follows it ("不低于95%"; "不低于上年" is a
 * qualitative target and stays as it is).  Longest spellings first where
 * one is a prefix of another. */
typedef struct op_spelling {
    const char *text;
    jx_op op;
    const char *canon;
    bool word;
} op_spelling;

static const op_spelling op_spellings[] = {
    {"≥=", JX_OP_GE, "≥", false},
    {"≥＝", JX_OP_GE, "≥", false},
    {"≤=", JX_OP_LE, "≤", false},
    {"≤＝", JX_OP_LE, "≤", false},
    {"≥", JX_OP_GE, NULL, false},
    {"≤", JX_OP_LE, NULL, false},
    {"≧", JX_OP_GE, "≥", false},
    {"≦", JX_OP_LE, "≤", false},
    {"＞＝", JX_OP_GE, "≥", false},
    {"＜＝", JX_OP_LE, "≤", false},
    {">=", JX_OP_GE, "≥", false},
    {"<=", JX_OP_LE, "≤", false},
    {"＞", JX_OP_GT, ">", false},
    {"＜", JX_OP_LT, "<", false},
    {">", JX_OP_GT, NULL, false},
    {"<", JX_OP_LT, NULL, false},
    {"大于或等于", JX_OP_GE, "≥", true},
    {"大于等于", JX_OP_GE, "≥", true},
    {"不低于", JX_OP_GE, "≥", true},
    {"不少于", JX_OP_GE, "≥", true},
    {"不小于", JX_OP_GE, "≥", true},
    {"小于或等于", JX_OP_LE, "≤", true},
    {"小于等于", JX_OP_LE, "≤", true},
    {"不高于", JX_OP_LE, "≤", true},
    {"不超过", JX_OP_LE, "≤", true},
    {"不多于", JX_OP_LE, "≤", true},
    {"不大于", JX_OP_LE, "≤", true},
};

/* Characters written full-width that a value writes half-width. */
typedef struct char_fix { const char *from, *to; } char_fix;

static const char_fix char_fixes[] = {
    {"％", "%"},
    {"０", "0"}, {"１", "1"}, {"２", "2"}, {"３", "3"},
    {"４", "4"}, {"５", "5"}, {"６", "6"}, {"７", "7"},
    {"８", "8"}, {"９", "9"},
};

/* Brackets around a part of a value ("≥95%（含）" is text, "≥10（%）" a
 * value): only a pair whose content is all ASCII is made half-width. */
static const char_fix bracket_fixes[] = {
    {"（", "("},
    {"）", ")"},
};

/* White space that may stray into a number. */
static const char *const spaces[] = {" ", "\t", "\xE3\x80\x80" /* U+3000 */, "\xC2\xA0" /* NBSP */};

/* Phrases that cannot be measured (财预〔2021〕101号: values must be
 * measurable, quantified where possible). */
static const char *const vague_phrases[] = {
    "进一步提高", "进一步提升", "进一步加强", "进一步改善", "明显改善", "明显提高", "明显提升",
    "有所提升", "有所提高", "有所改善", "有所增加", "逐步提高", "逐步提升", "逐步拓展", "逐步完善",
    "稳步拓展", "稳步提高", "稳步提升", "显著提升", "显著提高", "显著改善", "效果显著", "成效显著",
    "成效明显", "效果明显", "有效提高", "有效提升", "有效缓解", "有效改善", "不断提高", "不断提升",
    "大幅提升", "大幅提高", "较好",
};

/* 度量单位 entries that are time spans, not units. */
static const char *const time_words[] = {
    "年度", "长期", "周期内", "中期", "当年", "全年", "当年度", "本年度", "本年", "年内",
    "实施周期", "实施周期内", "项目周期", "周期",
};

/* 指标值类型 spellings. */
typedef enum value_type { TYPE_UNKNOWN = 0, TYPE_QUANT, TYPE_QUAL } value_type;
typedef struct type_word { const char *text; value_type type; } type_word;
static const type_word type_words[] = {
    {"定量", TYPE_QUANT}, {"定量指标", TYPE_QUANT}, {"定性", TYPE_QUAL}, {"定性指标", TYPE_QUAL},
};

/* What makes an indicator a cost indicator: 一级 成本指标 (101号), 二级
 * 经济成本指标 and the like, 金寨's 成本指标 under 产出指标, Hubei's 运行成本. */
typedef enum level_of { LEVEL1 = 1, LEVEL2 = 2 } level_of;
typedef struct cost_mark { level_of level; const char *contains; } cost_mark;
static const cost_mark cost_marks[] = {
    {LEVEL1, "成本"},
    {LEVEL2, "成本"},
};

/* 三级 names of rows that say the indicator does not apply: exempt from
 * every value rule.  `exact`: the whole name; otherwise contained. */
typedef struct exempt_name { const char *text; bool exact; } exempt_name;
static const exempt_name exempt_names[] = {
    {"本指标不适用", false},
    {"不适用", true},
};

/* Percentages that may pass 100% (a growth of 150% is possible; a
 * coverage of 150% is not): names holding one of these are not rates. */
static const char *const unbounded_percent_names[] = {"增长", "增幅", "增速", "同比", "环比", "倍"};

/* Nouns that turn a statement into a property: 资产管理制度健全 is the
 * value of 资产管理制度健全性, not a repetition of it. */
static const char *const property_suffixes[] = {"性", "情况", "程度", "度"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

#define NORM_SIZE 2048
#define MAX_CP 512

static bool starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Length of one UTF-8 character at p (1 for a stray byte). */
static size_t char_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Code points of s (at most max); returns how many. */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        size_t k = char_len(s);
        uint32_t cp = (unsigned char)s[0];
        if (k == 2)
            cp = ((cp & 0x1F) << 6) | (s[1] & 0x3F);
        else if (k == 3)
            cp = ((cp & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        else if (k == 4)
            cp = ((cp & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
                 (s[3] & 0x3F);
        out[n++] = cp;
        s += k;
    }
    return n;
}

static size_t cp_count(const char *s)
{
    size_t n = 0;
    for (; *s; s += char_len(s))
        n++;
    return n;
}

static size_t space_at(const char *p)
{
    for (size_t i = 0; i < N_OF(spaces); i++)
        if (starts(p, spaces[i]))
            return strlen(spaces[i]);
    return 0;
}

static const char *skip_ws(const char *p)
{
    size_t k;
    while ((k = space_at(p)) != 0)
        p += k;
    return p;
}

/* A digit, half- or full-width. */
static bool has_digit(const char *s)
{
    for (const char *p = s; *p; p++)
        if (is_digit(*p))
            return true;
    for (size_t i = 0; i < N_OF(char_fixes); i++)
        if (is_digit(char_fixes[i].to[0]) && strstr(s, char_fixes[i].from))
            return true;
    return false;
}

static const char *ref(jx_origin at, char *buf)
{
    if (!at.row)
        return strcpy(buf, "-");
    return jx_cell_ref(at.row, at.col, buf);
}

/* The text holds the last character of one of the exempt names: only
 * then is it worth normalising (spaces and widths do not change a CJK
 * character, so a name without it cannot match). */
static bool may_be_exempt(const char *raw)
{
    for (size_t i = 0; i < N_OF(exempt_names); i++) {
        const char *t = exempt_names[i].text, *last = t;
        for (const char *p = t; *p; p += char_len(p))
            last = p;
        char ch[8] = "";
        size_t n = char_len(last);
        memcpy(ch, last, n < sizeof ch ? n : sizeof ch - 1);
        if (strstr(raw, ch))
            return true;
    }
    return false;
}

static bool exempt(const jx_indicator *ind)
{
    if (!ind->level3.s || !may_be_exempt(ind->level3.s))
        return false;
    char n[NORM_SIZE];
    jx_rule_norm(ind->level3.s, n, sizeof n);
    for (size_t i = 0; i < N_OF(exempt_names); i++)
        if (exempt_names[i].exact ? strcmp(n, exempt_names[i].text) == 0 : strstr(n, exempt_names[i].text) != NULL)
            return true;
    return false;
}

/* An indicator the value rules look at: any indicator not marked
 * 本指标不适用. */
/* End pointers are only formed for non-empty lists: an empty list may be
 * NULL, and NULL + 0 is undefined. */
#define END_OF(base, count) ((count) ? (base) + (count) : (base))
#define FOR_INDICATORS(m, f, ind)                                                                     \
    for (const jx_form *f = (m)->forms; f != END_OF((m)->forms, (m)->form_count); f++)                 \
        for (const jx_indicator *ind = f->indicators; ind != END_OF(f->indicators, f->indicator_count); ind++) \
            if (!exempt(ind))

/* The name of an indicator for messages. */
static const char *name_of(const jx_indicator *ind) { return ind->level3.s ? ind->level3.s : "-"; }

/* ---- exact decimals ---- */

/* v * 10^k, or false when it does not fit in int64. */
static bool scale_up(int64_t v, int k, int64_t *out)
{
    for (; k > 0; k--) {
        if (v > INT64_MAX / 10 || v < INT64_MIN / 10)
            return false;
        v *= 10;
    }
    *out = v;
    return true;
}

/* Compare a and b exactly: -1, 0 or 1.  Scales may be negative (a value
 * times a power of ten). */
static int dec_cmp(jx_decimal a, jx_decimal b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    int64_t x, y;
    /* one of the two is already at scale s, so at most one overflows */
    bool okx = scale_up(a.digits, s - a.scale, &x);
    bool oky = scale_up(b.digits, s - b.scale, &y);
    if (!okx) /* |a| exceeds every int64 at scale s, |b| does not */
        return a.digits < 0 ? -1 : 1;
    if (!oky)
        return b.digits < 0 ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : 0;
}

static jx_decimal dec_times10(jx_decimal a)
{
    a.scale -= 1;
    return a;
}

/* The value as written, for messages: 95, 2.6, 600000.  buf >= 48. */
static char *dec_format(jx_decimal d, char *buf)
{
    char digits[24];
    uint64_t a = d.digits < 0 ? (uint64_t)0 - (uint64_t)d.digits : (uint64_t)d.digits;
    int n = 0;
    do {
        digits[n++] = (char)('0' + a % 10);
        a /= 10;
    } while (a && n < (int)sizeof digits);
    /* digits[] is reversed; a scale past the digits needs leading zeros */
    int scale = d.scale > 20 ? 20 : d.scale;
    size_t k = 0;
    if (d.digits < 0)
        buf[k++] = '-';
    int whole = n - scale;
    if (whole <= 0)
        buf[k++] = '0';
    for (int i = n - 1; i >= (scale > 0 ? scale : 0); i--)
        buf[k++] = digits[i];
    if (scale > 0) {
        buf[k++] = '.';
        for (int i = scale - 1; i >= 0; i--)
            buf[k++] = i < n ? digits[i] : '0';
    }
    for (int i = scale; i < 0 && k < 46; i++)
        buf[k++] = '0';
    buf[k] = '\0';
    return buf;
}

static bool same_unit(const jx_target *a, const jx_target *b)
{
    if (!a->unit || !b->unit)
        return !a->unit && !b->unit;
    char x[64], y[64];
    jx_rule_norm(a->unit, x, sizeof x);
    jx_rule_norm(b->unit, y, sizeof y);
    return strcmp(x, y) == 0;
}

static bool percent_unit(const char *unit)
{
    return unit && (strcmp(unit, "%") == 0 || strcmp(unit, "％") == 0);
}

/* The operator a text starts with (after white space), or NONE: "≥每人每年
 * 核定6.54万元" starts with ≥ though no number follows it. */
static jx_op leading_op(const char *text)
{
    const char *p = skip_ws(text);
    for (size_t i = 0; i < N_OF(op_spellings); i++)
        if (starts(p, op_spellings[i].text)) {
            if (op_spellings[i].word && !is_digit(*skip_ws(p + strlen(op_spellings[i].text))))
                return JX_OP_NONE;
            return op_spellings[i].op;
        }
    return JX_OP_NONE;
}

static const char *op_symbol(jx_op op)
{
    switch (op) {
    case JX_OP_GE: return "≥";
    case JX_OP_LE: return "≤";
    case JX_OP_GT: return ">";
    case JX_OP_LT: return "<";
    case JX_OP_EQ: return "=";
    default: return "";
    }
}

/* ------------------------------------------------------------------ */
/* target.missing                                                      */
/* ------------------------------------------------------------------ */

#define MAX_KEYS 32

/* Which list of a two-list form a target key belongs to: the period column
 * to the first (中期, 长期), the annual and year columns to the last. */
static unsigned key_list(const jx_form *f, const char *key)
{
    if (f->list_count < 2)
        return 0;
    return strcmp(key, "period") == 0 ? 0u : (unsigned)(f->list_count - 1);
}

/* "年度", "2023年"; buf >= 64. */
static const char *key_name(const char *key, jx_lang lang, char *buf)
{
    if (strcmp(key, "period") == 0)
        return lang == JX_LANG_EN ? "period" : "实施周期（中期、长期）";
    if (strcmp(key, "annual") == 0)
        return lang == JX_LANG_EN ? "annual" : "年度";
    snprintf(buf, 64, "%.40s%s", key, lang == JX_LANG_EN ? "" : "年");
    return buf;
}

/* A one-year project may leave the whole 实施周期 column empty: the form
 * asks for period values of cross-year projects only (吴川: 实施周期总目标
 * （跨年度项目需填写）). */
static bool period_column_unused(const jx_form *f, const char *key)
{
    if (strcmp(key, "period") != 0 || !f->has_period || f->period_start != f->period_end)
        return false;
    for (size_t i = 0; i < f->indicator_count; i++) {
        const jx_target *t = jx_rule_target(&f->indicators[i], key);
        if (t && !jx_rule_blank(t->text))
            return false;
    }
    return true;
}

void jx_rule_target_missing(jx_check *c, const jx_model *m)
{
    for (const jx_form *f = m->forms; f != END_OF(m->forms, m->form_count); f++) {
        /* the form's target columns: every key any indicator has a cell for */
        const char *keys[MAX_KEYS];
        size_t nkeys = 0;
        for (size_t i = 0; i < f->indicator_count; i++)
            for (size_t t = 0; t < f->indicators[i].target_count; t++) {
                const char *k = f->indicators[i].targets[t].key;
                size_t j = 0;
                while (j < nkeys && strcmp(keys[j], k) != 0)
                    j++;
                if (j == nkeys && nkeys < MAX_KEYS)
                    keys[nkeys++] = k;
            }
        for (const jx_indicator *ind = f->indicators; ind != END_OF(f->indicators, f->indicator_count); ind++) {
            if (jx_rule_blank(ind->level3.s) || exempt(ind))
                continue;
            for (size_t k = 0; k < nkeys; k++) {
                if (period_column_unused(f, keys[k]))
                    continue;
                /* a list this indicator is not in: level3.one-list says so */
                if (f->list_count >= 2 && !(ind->lists & (1u << key_list(f, keys[k]))))
                    continue;
                const jx_target *t = jx_rule_target(ind, keys[k]);
                /* no cell at all: nowhere to point (the model keeps the cell
                 * of every empty target the form has) */
                if (!t || !t->at.row || !jx_rule_blank(t->text))
                    continue;
                char kb[64];
                jx_report(c, f, t->at, -1, NULL, t->text,
                          "“%s”的%s指标值为空，应填写可衡量的指标值（如“≥95%%”）",
                          "“%s” has no %s target; fill in a measurable value (such as ≥95%%)",
                          name_of(ind), key_name(keys[k], c->lang, kb));
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.truncated                                                    */
/* ------------------------------------------------------------------ */

/* A cut-off copy is at least this long and misses at most this much. */
#define TRUNC_MIN_CP 4
#define TRUNC_MAX_TAIL 2

/* Another target of the indicator that starts as `cut` does and has a
 * value: "合规医疗费用救助比例≥70%" for "合规医疗费用救助比例≥". */
static const jx_target *completed_by(const jx_indicator *ind, const jx_target *cut)
{
    char nc[NORM_SIZE], no[NORM_SIZE];
    jx_rule_norm(cut->text, nc, sizeof nc);
    size_t lc = strlen(nc);
    for (size_t i = 0; i < ind->target_count; i++) {
        const jx_target *o = &ind->targets[i];
        if (o == cut || jx_rule_blank(o->text) || !o->has_value)
            continue;
        jx_rule_norm(o->text, no, sizeof no);
        if (strlen(no) > lc && strncmp(nc, no, lc) == 0)
            return o;
    }
    return NULL;
}

void jx_rule_target_truncated(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *a = &ind->targets[i];
            if (jx_rule_blank(a->text))
                continue;
            char ra[16];
            /* an operator with nothing after it */
            if (a->op != JX_OP_NONE && !a->has_value) {
                const jx_target *whole = completed_by(ind, a);
                if (whole)
                    jx_report(c, f, a->at, -1, NULL, a->text,
                              "指标值“%s”以运算符结尾，缺少数值；同一指标的%s为“%s”，应补全",
                              "Target “%s” ends in an operator with no number; the same indicator's %s "
                              "reads “%s”; complete it",
                              a->text, ref(whole->at, ra), whole->text);
                else
                    jx_report(c, f, a->at, -1, NULL, a->text,
                              "指标值“%s”以运算符结尾，缺少数值，应补全（如“%s95%%”）",
                              "Target “%s” ends in an operator with no number; complete it (such as %s95%%)",
                              a->text, op_symbol(a->op));
                continue;
            }
            /* a strict prefix of another target of the same indicator */
            if (a->has_value)
                continue;
            char na[NORM_SIZE], nb[NORM_SIZE];
            jx_rule_norm(a->text, na, sizeof na);
            size_t la = strlen(na), ca = cp_count(na);
            if (ca < TRUNC_MIN_CP)
                continue;
            for (size_t j = 0; j < ind->target_count; j++) {
                const jx_target *b = &ind->targets[j];
                if (j == i || jx_rule_blank(b->text))
                    continue;
                jx_rule_norm(b->text, nb, sizeof nb);
                if (strlen(nb) <= la || strncmp(na, nb, la) != 0)
                    continue;
                const char *tail = nb + la;
                size_t ct = cp_count(tail);
                /* "≥5" against "≥50" is another number, not a cut */
                if (ct > TRUNC_MAX_TAIL || is_digit(*tail) || *tail == '.' || *tail == ',')
                    continue;
                jx_report(c, f, a->at, -1, NULL, a->text,
                          "指标值“%s”不完整，同一指标的%s为“%s”，应补全",
                          "Target “%s” is cut off: the same indicator's %s reads “%s”; complete it",
                          a->text, ref(b->at, ra), b->text);
                break;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.name                                                         */
/* ------------------------------------------------------------------ */

#define NAME_MIN_CP 6
#define NAME_SHARE_PERCENT 80

/* Longest common subsequence of two code-point strings. */
static size_t lcs(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    uint16_t prev[MAX_CP + 1], cur[MAX_CP + 1];
    memset(prev, 0, sizeof prev);
    for (size_t i = 1; i <= na; i++) {
        cur[0] = 0;
        for (size_t j = 1; j <= nb; j++) {
            if (a[i - 1] == b[j - 1])
                cur[j] = (uint16_t)(prev[j - 1] + 1);
            else
                cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
        }
        memcpy(prev, cur, (nb + 1) * sizeof *cur);
    }
    return prev[nb];
}

/* The target states the property the name measures: name = target + 性. */
static bool states_property(const char *target, const char *name)
{
    size_t lt = strlen(target);
    if (strncmp(target, name, lt) != 0)
        return false;
    for (size_t i = 0; i < N_OF(property_suffixes); i++)
        if (strcmp(name + lt, property_suffixes[i]) == 0)
            return true;
    return false;
}

void jx_rule_target_name(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        if (jx_rule_blank(ind->level3.s))
            continue;
        char nn[NORM_SIZE], nt[NORM_SIZE];
        jx_rule_norm(ind->level3.s, nn, sizeof nn);
        uint32_t name_cp[MAX_CP], tcp[MAX_CP];
        size_t n_name = code_points(nn, name_cp, MAX_CP);
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text) || t->has_value)
                continue;
            jx_rule_norm(t->text, nt, sizeof nt);
            size_t n_t = code_points(nt, tcp, MAX_CP);
            if (n_t < NAME_MIN_CP || states_property(nt, nn))
                continue;
            size_t common = lcs(tcp, n_t, name_cp, n_name);
            if (common * 100 < (size_t)NAME_SHARE_PERCENT * n_t)
                continue;
            jx_report(c, f, t->at, -1, NULL, t->text,
                      "指标值“%s”重复了三级指标名称“%s”，应填写可衡量的值（如“100%%”“≥3次”）",
                      "Target “%s” repeats the indicator's name “%s”; write a measurable value (such as "
                      "100%% or ≥3次)",
                      t->text, ind->level3.s);
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.cost-bound                                                   */
/* ------------------------------------------------------------------ */

static bool cost_indicator(const jx_indicator *ind)
{
    for (size_t i = 0; i < N_OF(cost_marks); i++) {
        const jx_text *t = cost_marks[i].level == LEVEL1 ? &ind->level1 : &ind->level2;
        if (!t->s)
            continue;
        char n[NORM_SIZE];
        jx_rule_norm(t->s, n, sizeof n);
        if (strstr(n, cost_marks[i].contains))
            return true;
    }
    return false;
}

/* The text with its first lower-bound operator written as ≤, for the
 * message: "≥60万元" -> "≤60万元" (not a fix: the amount may be wrong too). */
static const char *as_cap(const char *text, char *buf, size_t size)
{
    const char *le = "≤";
    for (const char *p = text; *p; p += char_len(p))
        for (size_t i = 0; i < N_OF(op_spellings); i++) {
            const op_spelling *w = &op_spellings[i];
            if ((w->op != JX_OP_GE && w->op != JX_OP_GT) || !starts(p, w->text))
                continue;
            if (w->word && !is_digit(*skip_ws(p + strlen(w->text))))
                continue;
            snprintf(buf, size, "%.*s%s%s", (int)(p - text), text, le, p + strlen(w->text));
            return buf;
        }
    snprintf(buf, size, "%s%s", le, text);
    return buf;
}

void jx_rule_target_cost_bound(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        if (!cost_indicator(ind))
            continue;
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text))
                continue;
            jx_op op = t->op != JX_OP_NONE ? t->op : leading_op(t->text);
            if (op != JX_OP_GE && op != JX_OP_GT)
                continue;
            char capped[NORM_SIZE];
            if (t->has_value && t->value.digits == 0) {
                /* "≥0": ≤0 is no answer; the form's own budget is the cap */
                const jx_money *budget = f->annual.present ? &f->annual : &f->total;
                char amount[48], example[96];
                if (budget->present)
                    snprintf(example, sizeof example, "≤%s%s", jx_rule_amount(f, budget->fen, amount),
                             jx_rule_unit_name(f, JX_LANG_ZH));
                else
                    snprintf(example, sizeof example, "%s", c->lang == JX_LANG_EN ? "≤ the budget" : "≤预算金额");
                jx_report(c, f, t->at, -1, NULL, t->text,
                          "成本指标“%s”的指标值“%s”没有约束作用；成本是控制上限，应写“≤”加预算金额，如“%s”",
                          "Cost indicator “%s” has “%s”, which limits nothing; a cost is a cap, written "
                          "with ≤ and the budgeted amount, such as “%s”",
                          name_of(ind), t->text, example);
            } else
                jx_report(c, f, t->at, -1, NULL, t->text,
                          "成本指标“%s”的指标值“%s”是下限；成本是控制上限，应写“≤”，如“%s”",
                          "Cost indicator “%s” has the lower bound “%s”; a cost is a cap, written with ≤, "
                          "such as “%s”",
                          name_of(ind), t->text, as_cap(t->text, capped, sizeof capped));
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.no-limit                                                     */
/* ------------------------------------------------------------------ */

void jx_rule_target_no_limit(jx_check *c, const jx_model *m)
{
    const jx_decimal zero = {0, 0};
    FOR_INDICATORS(m, f, ind)
    {
        /* a cost indicator's ≥0 is target.cost-bound's, with the cap to write */
        if (cost_indicator(ind))
            continue;
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text) || t->op != JX_OP_GE || !t->has_value || dec_cmp(t->value, zero) != 0)
                continue;
            jx_report(c, f, t->at, -1, NULL, t->text,
                      "“%s”的指标值“%s”对任何结果都成立，不能衡量绩效；应写出实际的目标值或上限",
                      "“%s”: the target “%s” holds for any outcome and measures nothing; state the "
                      "real target or cap",
                      name_of(ind), t->text);
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.percent                                                      */
/* ------------------------------------------------------------------ */

/* A rate, bounded by 100%: unit % (or ％), or no unit under a name that
 * says (%); not a growth. */
static bool rate_target(const jx_indicator *ind, const jx_target *t)
{
    char n[NORM_SIZE];
    jx_rule_norm(ind->level3.s, n, sizeof n);
    for (size_t i = 0; i < N_OF(unbounded_percent_names); i++)
        if (strstr(n, unbounded_percent_names[i]))
            return false;
    if (percent_unit(t->unit))
        return true;
    return !t->unit && strstr(n, "(%)") != NULL;
}

void jx_rule_target_percent(jx_check *c, const jx_model *m)
{
    const jx_decimal hundred = {100, 0};
    FOR_INDICATORS(m, f, ind)
    {
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text) || !t->has_value || (t->op != JX_OP_GE && t->op != JX_OP_GT) ||
                !rate_target(ind, t))
                continue;
            int cmp = dec_cmp(t->value, hundred);
            if (cmp > 0 || (cmp == 0 && t->op == JX_OP_GT))
                jx_report(c, f, t->at, JX_SEV_ERROR, NULL, t->text,
                          "“%s”的指标值“%s”无法实现：比率不能超过 100%%",
                          "“%s”: the target “%s” cannot be met: a rate cannot exceed 100%%", name_of(ind),
                          t->text);
            else if (cmp == 0)
                jx_report(c, f, t->at, JX_SEV_WARNING, NULL, t->text,
                          "“%s”的指标值“%s”：比率最高为 100%%，应写“100%%”或“=100%%”，不写“≥100%%”",
                          "“%s”: the target “%s”: a rate is at most 100%%; write 100%% or =100%%, not "
                          "≥100%%",
                          name_of(ind), t->text);
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.notation                                                     */
/* ------------------------------------------------------------------ */

typedef struct out_buf { char *p; size_t len, cap; bool overflow; } out_buf;

static void out_add(out_buf *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        o->overflow = true;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

/* A number that runs to a known unit or the end follows p: "95%",
 * " 85 %", "3次"; not "上年", not "3个工作日办结". */
static bool value_follows(const char *p)
{
    p = skip_ws(p);
    if (!is_digit(*p))
        return false;
    jx_target t;
    char unit[64];
    return jx_target_parse(p, &t, unit, sizeof unit) == JX_OK && t.has_value && t.op == JX_OP_EQ;
}

/* Pass 1: operators and full-width characters. */
static void fix_symbols(const char *s, out_buf *o)
{
    while (*s && !o->overflow) {
        const op_spelling *w = NULL;
        for (size_t i = 0; i < N_OF(op_spellings) && !w; i++)
            if (starts(s, op_spellings[i].text))
                w = &op_spellings[i];
        if (w && (!w->word || value_follows(s + strlen(w->text)))) {
            const char *to = w->canon ? w->canon : w->text;
            out_add(o, to, strlen(to));
            s += strlen(w->text);
            continue;
        }
        if (w) { /* a word with no number after it: text, kept as written */
            out_add(o, s, strlen(w->text));
            s += strlen(w->text);
            continue;
        }
        const char_fix *cf = NULL;
        for (size_t i = 0; i < N_OF(char_fixes) && !cf; i++)
            if (starts(s, char_fixes[i].from))
                cf = &char_fixes[i];
        if (cf) {
            out_add(o, cf->to, strlen(cf->to));
            s += strlen(cf->from);
            continue;
        }
        size_t k = char_len(s);
        out_add(o, s, k);
        s += k;
    }
}

/* Pass 2: a full-width bracket pair around ASCII only ("（%）"). */
static void fix_brackets(const char *s, out_buf *o)
{
    const char *open = bracket_fixes[0].from, *close = bracket_fixes[1].from;
    while (*s && !o->overflow) {
        if (starts(s, open)) {
            const char *q = s + strlen(open);
            const char *end = strstr(q, close);
            bool ascii = end && end > q;
            for (const char *r = q; ascii && r < end; r++)
                ascii = (unsigned char)*r >= 0x20 && (unsigned char)*r < 0x80;
            if (ascii) {
                out_add(o, bracket_fixes[0].to, strlen(bracket_fixes[0].to));
                out_add(o, q, (size_t)(end - q));
                out_add(o, bracket_fixes[1].to, strlen(bracket_fixes[1].to));
                s = end + strlen(close);
                continue;
            }
        }
        size_t k = char_len(s);
        out_add(o, s, k);
        s += k;
    }
}

/* An operator symbol ends just before p (start is the text's start). */
static bool after_op_symbol(const char *start, const char *p)
{
    static const char *const symbols[] = {"≥", "≤", ">", "<", "="};
    for (size_t i = 0; i < N_OF(symbols); i++) {
        size_t n = strlen(symbols[i]);
        if ((size_t)(p - start) >= n && strncmp(p - n, symbols[i], n) == 0)
            return true;
    }
    return false;
}

/* Pass 3: white space between an operator and its number, and inside a
 * number ("≥ 90%", "2. 6%", "600 000"); a space before a unit stays
 * ("≥600000 人次"). */
static void fix_spaces(const char *s, out_buf *o)
{
    const char *start = s;
    while (*s && !o->overflow) {
        size_t k = space_at(s);
        if (k) {
            const char *next = skip_ws(s);
            char before = s > start ? s[-1] : '\0';
            bool before_sep = (before == '.' || before == ',') && s - start >= 2 && is_digit(s[-2]);
            bool in_number = is_digit(*next) && (is_digit(before) || before_sep);
            bool number_sep = (*next == '.' || *next == ',') && is_digit(before) && is_digit(*skip_ws(next + 1));
            if (in_number || number_sep || (is_digit(*next) && after_op_symbol(start, s))) {
                s = next;
                continue;
            }
            out_add(o, s, (size_t)(next - s));
            s = next;
            continue;
        }
        size_t n = char_len(s);
        out_add(o, s, n);
        s += n;
    }
}

/* The first two bytes of everything the passes rewrite, as bitsets, so
 * that the many texts with nothing to rewrite are passed over in one scan
 * (built from the tables once per run). */
typedef struct starters {
    uint8_t one[256 / 8];          /* one-byte patterns (" ", ">") */
    uint8_t two[256 * 256 / 8];    /* first two bytes of longer ones */
} starters;

static void mark_starter(starters *st, const char *pattern)
{
    unsigned b0 = (unsigned char)pattern[0], b1 = (unsigned char)pattern[1];
    if (!b1)
        st->one[b0 / 8] |= (uint8_t)(1u << (b0 % 8));
    else
        st->two[(b0 << 8 | b1) / 8] |= (uint8_t)(1u << ((b0 << 8 | b1) % 8));
}

static void starters_init(starters *st)
{
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < N_OF(op_spellings); i++)
        mark_starter(st, op_spellings[i].text);
    for (size_t i = 0; i < N_OF(char_fixes); i++)
        mark_starter(st, char_fixes[i].from);
    for (size_t i = 0; i < N_OF(bracket_fixes); i++)
        mark_starter(st, bracket_fixes[i].from);
    for (size_t i = 0; i < N_OF(spaces); i++)
        mark_starter(st, spaces[i]);
}

static bool may_change(const starters *st, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (st->one[p[0] / 8] & (1u << (p[0] % 8)))
            return true;
        unsigned k = (unsigned)p[0] << 8 | p[1];
        if (p[1] && (st->two[k / 8] & (1u << (k % 8))))
            return true;
    }
    return false;
}

/* The corrected text into buf, or NULL when the text is fine (or too long
 * to be a value). */
static const char *notation_fix(const starters *st, const char *text, char *buf, size_t size)
{
    char a[NORM_SIZE], b[NORM_SIZE];
    if (strlen(text) + 1 > sizeof a || !may_change(st, text))
        return NULL;
    out_buf o1 = {a, 0, sizeof a, false}, o2 = {b, 0, sizeof b, false}, o3 = {buf, 0, size, false};
    a[0] = b[0] = buf[0] = '\0';
    fix_symbols(text, &o1);
    if (has_digit(a))
        fix_brackets(a, &o2);
    else
        out_add(&o2, a, strlen(a));
    fix_spaces(b, &o3);
    if (o1.overflow || o2.overflow || o3.overflow || strcmp(buf, text) == 0)
        return NULL;
    return buf;
}

void jx_rule_target_notation(jx_check *c, const jx_model *m)
{
    starters st;
    starters_init(&st);
    FOR_INDICATORS(m, f, ind)
    {
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text))
                continue;
            char fix[NORM_SIZE];
            if (!notation_fix(&st, t->text, fix, sizeof fix))
                continue;
            jx_report(c, f, t->at, -1, fix, t->text, "指标值“%s”写法不规范，应写作“%s”",
                      "Target “%s” is written in a non-standard way; write “%s”", t->text, fix);
        }
    }
}

/* ------------------------------------------------------------------ */
/* amount.text                                                         */
/* ------------------------------------------------------------------ */

static bool same_at(jx_origin a, jx_origin b) { return a.row == b.row && a.col == b.col; }

/* The field read from a cell: its text as written. */
static const char *field_text(const jx_form *f, jx_origin at)
{
    for (size_t i = 0; i < f->field_count; i++)
        if (same_at(f->fields[i].at, at))
            return f->fields[i].value;
    return NULL;
}

/* Decimals written in an amount's text ("33, 241. 27" -> 2). */
static int written_decimals(const char *text)
{
    const char *dot = strchr(text, '.');
    if (!dot)
        return 0;
    int n = 0;
    for (const char *p = dot + 1; *p; p++)
        n += is_digit(*p);
    return n;
}

static int unit_decimals(const jx_form *f)
{
    int d = 0;
    for (int64_t u = f->money_unit > 0 ? f->money_unit : 100; u > 100; u /= 10)
        d++;
    return d + 2;
}

static void report_text_amount(jx_check *c, const jx_form *f, const jx_money *mo, const char *text)
{
    char fix[48];
    const char *fx = NULL;
    int64_t fen;
    int64_t unit = f->money_unit > 0 ? f->money_unit : 100;
    /* the cell's own text gives the number (a total summed from text parts
     * has its first part's cell, whose text is that part alone) */
    if (text && jx_money_parse(text, unit, &fen) == JX_OK && written_decimals(text) <= unit_decimals(f))
        fx = jx_rule_amount(f, fen, fix);
    char cell[16];
    if (text)
        jx_report(c, f, mo->at, -1, fx, text,
                  "金额“%s”以文本存储，应为数值%s%s（%s）",
                  "Amount “%s” is stored as text; it should be the number%s%s (%s)", text, fx ? " " : "",
                  fx ? fx : "", jx_rule_unit_name(f, c->lang));
    else
        jx_report(c, f, mo->at, -1, NULL, NULL, "%s 的金额以文本存储，应为数值（%s）",
                  "The amount in %s is stored as text; it should be a number (%s)", ref(mo->at, cell),
                  jx_rule_unit_name(f, c->lang));
}

/* A money figure stored as text, reported once per cell: a total computed
 * from parts sits at its first part's cell, so a figure counts only when
 * no figure read from the same cell was a number. */
static void text_amounts_of(jx_check *c, const jx_form *f)
{
    const jx_money *ms[4 + 64];
    size_t n = 0;
    const jx_money *funds[] = {&f->total, &f->annual, &f->fiscal, &f->other};
    for (size_t i = 0; i < N_OF(funds); i++)
        ms[n++] = funds[i];
    for (size_t i = 0; i < f->amount_count && n < N_OF(ms); i++)
        ms[n++] = &f->amounts[i].money;
    for (size_t i = 0; i < n; i++) {
        const jx_money *mo = ms[i];
        if (!mo->present || !mo->from_text || !mo->at.row)
            continue;
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++) {
            if (j == i || !ms[j]->present || !same_at(ms[j]->at, mo->at))
                continue;
            dup = !ms[j]->from_text || j < i; /* read as a number there, or reported already */
        }
        if (!dup)
            report_text_amount(c, f, mo, field_text(f, mo->at));
    }
    /* money columns of department and budget tables */
    for (size_t t = 0; t < f->table_count; t++)
        for (size_t r = 0; r < f->tables[t].row_count; r++)
            for (size_t v = 0; v < f->tables[t].rows[r].count; v++) {
                const jx_row_value *x = &f->tables[t].rows[r].values[v];
                if (x->is_money && x->money.present && x->money.from_text && x->money.at.row)
                    report_text_amount(c, f, &x->money, x->text);
            }
}

void jx_rule_amount_text(jx_check *c, const jx_model *m)
{
    for (const jx_form *f = m->forms; f != END_OF(m->forms, m->form_count); f++)
        text_amounts_of(c, f);
}

/* ------------------------------------------------------------------ */
/* target.type                                                         */
/* ------------------------------------------------------------------ */

static value_type type_of(const jx_indicator *ind)
{
    if (!ind->type.s)
        return TYPE_UNKNOWN;
    char n[64];
    jx_rule_norm(ind->type.s, n, sizeof n);
    for (size_t i = 0; i < N_OF(type_words); i++)
        if (strcmp(n, type_words[i].text) == 0)
            return type_words[i].type;
    return TYPE_UNKNOWN;
}

void jx_rule_target_type(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        value_type ty = type_of(ind);
        if (ty == TYPE_UNKNOWN)
            continue;
        jx_origin at = ind->type.at.row ? ind->type.at : ind->at;
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text))
                continue;
            if (ty == TYPE_QUANT && !has_digit(t->text) && t->op == JX_OP_NONE) {
                jx_report(c, f, at, -1, NULL, ind->type.s,
                          "“%s”标为定量，但指标值“%s”没有数值；应填写数值，或改标定性",
                          "“%s” is marked 定量 (quantitative) but its target “%s” has no number; write "
                          "a number, or mark it 定性",
                          name_of(ind), t->text);
                break;
            }
            if (ty == TYPE_QUAL && t->has_value && t->op != JX_OP_NONE) {
                jx_report(c, f, at, -1, NULL, ind->type.s,
                          "“%s”标为定性，但指标值“%s”是数值；应改标定量",
                          "“%s” is marked 定性 (qualitative) but its target “%s” is a number; mark it "
                          "定量",
                          name_of(ind), t->text);
                break;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.measure                                                      */
/* ------------------------------------------------------------------ */

void jx_rule_target_measure(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        if (jx_rule_blank(ind->measure.s) || !ind->measure.at.row)
            continue;
        char n[256];
        jx_rule_norm(ind->measure.s, n, sizeof n);
        for (size_t i = 0; i < N_OF(time_words); i++) {
            if (strcmp(n, time_words[i]) != 0)
                continue;
            jx_report(c, f, ind->measure.at, -1, NULL, ind->measure.s,
                      "“%s”的度量单位“%s”是时间说明，不是计量单位；应填写%%、人次、元等单位（定性指标可不填）",
                      "“%s”: 度量单位 “%s” is a time span, not a unit; write a unit such as %%, 人次 or 元 "
                      "(leave it empty for a qualitative target)",
                      name_of(ind), ind->measure.s);
            break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.vague                                                        */
/* ------------------------------------------------------------------ */

void jx_rule_target_vague(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        for (size_t i = 0; i < ind->target_count; i++) {
            const jx_target *t = &ind->targets[i];
            if (jx_rule_blank(t->text) || t->has_value || t->op != JX_OP_NONE)
                continue;
            char n[NORM_SIZE];
            jx_rule_norm(t->text, n, sizeof n);
            for (size_t k = 0; k < N_OF(vague_phrases); k++) {
                if (!strstr(n, vague_phrases[k]))
                    continue;
                if (strcmp(n, vague_phrases[k]) == 0)
                    jx_report(c, f, t->at, -1, NULL, t->text,
                              "“%s”的指标值“%s”是笼统表述，难以衡量；应写出可衡量的值（如“≥95%%”“≤30天”）",
                              "“%s”: the target “%s” is vague and cannot be measured; write a measurable "
                              "value (such as ≥95%% or ≤30天)",
                              name_of(ind), t->text);
                else
                    jx_report(c, f, t->at, -1, NULL, t->text,
                              "“%s”的指标值“%s”含笼统表述“%s”，难以衡量；应写出可衡量的值（如“≥95%%”“≤30天”）",
                              "“%s”: the target “%s” says “%s”, which cannot be measured; write a "
                              "measurable value (such as ≥95%% or ≤30天)",
                              name_of(ind), t->text, vague_phrases[k]);
                break;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.year-jump                                                    */
/* ------------------------------------------------------------------ */

#define JUMP_MIN_VALUES 3

/* a and b (both positive) differ tenfold or more. */
static bool tenfold(jx_decimal a, jx_decimal b)
{
    return dec_cmp(dec_times10(a), b) <= 0 || dec_cmp(dec_times10(b), a) <= 0;
}

void jx_rule_target_year_jump(jx_check *c, const jx_model *m)
{
    const jx_decimal zero = {0, 0};
    FOR_INDICATORS(m, f, ind)
    {
        size_t n = ind->target_count;
        for (size_t g = 0; g < n; g++) {
            const jx_target *lead = &ind->targets[g];
            if (jx_rule_blank(lead->text) || !lead->has_value || dec_cmp(lead->value, zero) <= 0)
                continue;
            /* one group per unit, led by its first member */
            bool led_before = false;
            for (size_t h = 0; h < g && !led_before; h++) {
                const jx_target *o = &ind->targets[h];
                led_before = !jx_rule_blank(o->text) && o->has_value && dec_cmp(o->value, zero) > 0 && same_unit(o, lead);
            }
            if (led_before)
                continue;
            const jx_target *members[MAX_KEYS];
            size_t k = 0;
            for (size_t h = g; h < n && k < MAX_KEYS; h++) {
                const jx_target *o = &ind->targets[h];
                if (!jx_rule_blank(o->text) && o->has_value && dec_cmp(o->value, zero) > 0 && same_unit(o, lead))
                    members[k++] = o;
            }
            if (k < JUMP_MIN_VALUES)
                continue;
            /* the median (the lower one of an even count) is the reference */
            const jx_target *sorted[MAX_KEYS];
            memcpy(sorted, members, k * sizeof *members);
            for (size_t a = 1; a < k; a++)
                for (size_t b = a; b > 0 && dec_cmp(sorted[b - 1]->value, sorted[b]->value) > 0; b--) {
                    const jx_target *tmp = sorted[b];
                    sorted[b] = sorted[b - 1];
                    sorted[b - 1] = tmp;
                }
            const jx_target *median = sorted[(k - 1) / 2];
            for (size_t a = 0; a < k; a++) {
                const jx_target *t = members[a];
                if (!tenfold(t->value, median->value))
                    continue;
                char cell[16];
                jx_report(c, f, t->at, -1, NULL, t->text,
                          "“%s”的指标值“%s”与同一指标其他各栏（如 %s 的“%s”）相差十倍以上，请核对是否多写或少写了零",
                          "“%s”: the target “%s” differs tenfold or more from the indicator's other "
                          "columns (such as %s, “%s”); check for a zero too many or too few",
                          name_of(ind), t->text, ref(median->at, cell), median->text);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* target.looser                                                       */
/* ------------------------------------------------------------------ */

void jx_rule_target_looser(jx_check *c, const jx_model *m)
{
    FOR_INDICATORS(m, f, ind)
    {
        const jx_target *p = jx_rule_target(ind, "period"), *a = jx_rule_target(ind, "annual");
        if (!p || !a || jx_rule_blank(p->text) || jx_rule_blank(a->text) || !p->has_value || !a->has_value || p->op != a->op ||
            !same_unit(p, a))
            continue;
        int cmp = dec_cmp(a->value, p->value);
        bool looser = ((p->op == JX_OP_GE || p->op == JX_OP_GT) && cmp < 0) ||
                      ((p->op == JX_OP_LE || p->op == JX_OP_LT) && cmp > 0);
        if (!looser)
            continue;
        char v[48], cell[16];
        jx_report(c, f, a->at, -1, NULL, a->text,
                  "“%s”的年度指标值“%s”比实施周期（中期、长期）指标值“%s”（%s）更宽松；年度值应%s%s%s",
                  "“%s”: the annual target “%s” is looser than the period target “%s” (%s); the annual "
                  "value should be %s%s%s",
                  name_of(ind), a->text, p->text, ref(p->at, cell),
                  (p->op == JX_OP_GE || p->op == JX_OP_GT) ? (c->lang == JX_LANG_EN ? "at least " : "不低于")
                                                           : (c->lang == JX_LANG_EN ? "at most " : "不高于"),
                  dec_format(p->value, v), p->unit ? p->unit : "");
    }
}
