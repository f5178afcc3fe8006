/*
 * target.c - parses a target value as written ("≥95%", "≤400 元/人",
 * "大于等于85%", "有效保障") into operator, exact number and unit.
 *
 * The text itself is always kept; the parse only describes it.  A target is
 * quantitative when an operator (or the start of the text) is followed by a
 * number and, optionally, a known unit; anything else is qualitative
 * (op and value absent).  An operator with nothing after it ("≥",
 * "合规医疗费用救助比例≥") keeps its op with no value: that is a truncated
 * target, which the rules report.
 *
 * Operators and units are tables, so a new spelling is a new row.
 */
#include "common/common.h"

#include <string.h>

typedef struct op_word { const char *text; jx_op op; bool symbol; } op_word;

/* Longest spellings first where one is a prefix of another. */
static const op_word op_words[] = {
    {"\xE2\x89\xA5", JX_OP_GE, true},             /* ≥ */
    {"\xE2\x89\xA4", JX_OP_LE, true},             /* ≤ */
    {"\xE2\x89\xA7", JX_OP_GE, true},             /* ≧ */
    {"\xE2\x89\xA6", JX_OP_LE, true},             /* ≦ */
    {"\xEF\xBC\x9E\xEF\xBC\x9D", JX_OP_GE, true}, /* ＞＝ */
    {"\xEF\xBC\x9C\xEF\xBC\x9D", JX_OP_LE, true}, /* ＜＝ */
    {">=", JX_OP_GE, true},
    {"<=", JX_OP_LE, true},
    {"\xEF\xBC\x9E", JX_OP_GT, true},             /* ＞ */
    {"\xEF\xBC\x9C", JX_OP_LT, true},             /* ＜ */
    {">", JX_OP_GT, true},
    {"<", JX_OP_LT, true},
    {"\xEF\xBC\x9D", JX_OP_EQ, true},             /* ＝ */
    {"=", JX_OP_EQ, true},
    {"大于或等于", JX_OP_GE, false},
    {"大于等于", JX_OP_GE, false},
    {"不低于", JX_OP_GE, false},
    {"不少于", JX_OP_GE, false},
    {"不小于", JX_OP_GE, false},
    {"至少", JX_OP_GE, false},
    {"小于或等于", JX_OP_LE, false},
    {"小于等于", JX_OP_LE, false},
    {"不高于", JX_OP_LE, false},
    {"不超过", JX_OP_LE, false},
    {"不多于", JX_OP_LE, false},
    {"不大于", JX_OP_LE, false},
    {"至多", JX_OP_LE, false},
    {"大于", JX_OP_GT, false},
    {"高于", JX_OP_GT, false},
    {"多于", JX_OP_GT, false},
    {"超过", JX_OP_GT, false},
    {"小于", JX_OP_LT, false},
    {"低于", JX_OP_LT, false},
    {"少于", JX_OP_LT, false},
    {"等于", JX_OP_EQ, false},
    {"达到", JX_OP_EQ, false},
    {"为", JX_OP_EQ, false},
};

/* Units seen on the forms; a unit is one of these, optionally after a
 * magnitude (万, 亿, 千) and joined by '/' ("元/人/年"). */
static const char *const unit_words[] = {
    "%", "\xEF\xBC\x85" /* ％ */, "‰", "人次", "户次", "元", "人", "次", "件", "个", "家", "项", "户",
    "所", "份", "本", "场", "期", "批", "名", "套", "台", "座", "条", "篇", "册", "张", "岗", "辆",
    "平方米", "立方米", "公里", "千米", "米", "亩", "吨", "公斤", "千克", "小时", "分钟", "工作日",
    "天", "日", "月", "年", "周", "分", "倍", "所次", "例", "床", "间", "处", "类", "种", "支",
    "km", "m2", "kg",
};

static const char *const magnitudes[] = {"万", "亿", "千", "百"};

static size_t skip_space(const char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        return 1;
    if (strncmp(p, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

static const char *skip_spaces(const char *p)
{
    size_t k;
    while ((k = skip_space(p)) != 0)
        p += k;
    return p;
}

/* A number: digits with at most one '.', separators allowed inside
 * ("600,000", "33, 241. 27").  Fills the exact decimal; returns the end,
 * or NULL when p does not start with a digit. */
static const char *parse_number(const char *p, jx_decimal *out)
{
    if (*p < '0' || *p > '9')
        return NULL;
    int64_t digits = 0;
    int scale = 0, count = 0;
    bool dot = false;
    const char *end = p;
    for (;;) {
        if (*p >= '0' && *p <= '9') {
            if (count < 18) {
                digits = digits * 10 + (*p - '0');
                if (dot)
                    scale++;
                if (digits)
                    count++;
            }
            p++;
            end = p;
            continue;
        }
        /* "33, 241. 27": a comma between digits, and spaces after a
         * comma or a decimal point, are how the numbers were printed */
        if (*p == ',' && !dot) {
            const char *q = p + 1;
            while (*q == ' ')
                q++;
            if (*q >= '0' && *q <= '9') {
                p = q;
                continue;
            }
        }
        if (*p == '.' && !dot) {
            const char *q = p + 1;
            while (*q == ' ')
                q++;
            if (*q >= '0' && *q <= '9') {
                dot = true;
                p = q;
                continue;
            }
        }
        break;
    }
    out->digits = digits;
    out->scale = scale;
    return end;
}

/* One unit word at p (after an optional magnitude); returns its end. */
static const char *unit_word(const char *p)
{
    for (size_t m = 0; m < sizeof magnitudes / sizeof magnitudes[0]; m++) {
        size_t ml = strlen(magnitudes[m]);
        if (strncmp(p, magnitudes[m], ml) == 0) {
            const char *q = unit_word(p + ml);
            if (q)
                return q;
        }
    }
    const char *best = NULL;
    for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++) {
        size_t ul = strlen(unit_words[i]);
        if (strncmp(p, unit_words[i], ul) == 0 && (!best || p + ul > best))
            best = p + ul;
    }
    return best;
}

/* The unit that makes up the whole rest of the text, or false. */
static bool parse_unit(const char *p, const char **unit, size_t *len)
{
    p = skip_spaces(p);
    if (!*p) {
        *unit = NULL;
        *len = 0;
        return true;
    }
    const char *start = p;
    const char *q = unit_word(p);
    if (!q)
        return false;
    while (*q == '/') {
        const char *r = unit_word(q + 1);
        if (!r)
            return false;
        q = r;
    }
    const char *rest = skip_spaces(q);
    if (*rest)
        return false;
    *unit = start;
    *len = (size_t)(q - start);
    return true;
}

static const op_word *op_at(const char *p)
{
    for (size_t i = 0; i < sizeof op_words / sizeof op_words[0]; i++)
        if (strncmp(p, op_words[i].text, strlen(op_words[i].text)) == 0)
            return &op_words[i];
    return NULL;
}

static bool number_and_unit(const char *p, jx_target *out, char *unit_buf, size_t unit_size)
{
    jx_decimal d;
    const char *end = parse_number(skip_spaces(p), &d);
    if (!end)
        return false;
    const char *unit;
    size_t ulen;
    if (!parse_unit(end, &unit, &ulen))
        return false;
    out->has_value = 1;
    out->value = d;
    out->unit = NULL;
    if (unit && unit_buf && unit_size > ulen) {
        memcpy(unit_buf, unit, ulen);
        unit_buf[ulen] = '\0';
        out->unit = unit_buf;
    }
    return true;
}

jx_error jx_target_parse(const char *text, jx_target *out, char *unit_buf, size_t unit_size)
{
    out->op = JX_OP_NONE;
    out->has_value = 0;
    out->value.digits = 0;
    out->value.scale = 0;
    out->unit = NULL;
    out->text = text;
    if (!text)
        return JX_OK;
    const char *s = skip_spaces(text);
    if (!*s)
        return JX_OK;
    /* A bare number: an exact target ("100%", "3人", "52.5元/人/年"). */
    if (number_and_unit(s, out, unit_buf, unit_size)) {
        out->op = JX_OP_EQ;
        return JX_OK;
    }
    /* Otherwise the first operator followed by a number, possibly after a
     * label ("合规医疗费用救助比例≥70%"). */
    for (const char *p = s; *p;) {
        const op_word *w = op_at(p);
        if (w) {
            const char *after = skip_spaces(p + strlen(w->text));
            /* "≥=" style doubled operators count once */
            const op_word *w2 = op_at(after);
            if (w2 && w2->symbol && w->symbol)
                after = skip_spaces(after + strlen(w2->text));
            if (number_and_unit(after, out, unit_buf, unit_size)) {
                out->op = w->op;
                return JX_OK;
            }
            if (w->symbol && !*after) {
                out->op = w->op; /* truncated: an operator and nothing after */
                return JX_OK;
            }
            p += strlen(w->text);
            continue;
        }
        /* advance one UTF-8 character */
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
    }
    out->has_value = 0;
    return JX_OK;
}
