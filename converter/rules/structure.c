/*
 * structure.c - Structure rules: the 一级/二级/三级 framework of
 * 财预〔2021〕101号 (and Hubei's department framework).
 *
 * Everything these rules know about names is in the tables below: the
 * framework (一级 and its legal 二级), the spellings that are accepted or
 * recognisable, Hubei's department framework and the rows that say "not
 * applicable".  The code only looks names up.  Names are compared in their
 * normalised form (jx_normalize: NFKC, white space removed), so "服务对象满
 * 意度指标" finds 服务对象满意度指标; that it was written with a space is
 * seen by comparing the cell's text with the canonical name.
 *
 * A form follows either the 101号 framework or Hubei's; forms whose
 * indicators have no 一级 at all (湛江's department form, a list of key
 * indicators) are not checked by level.pair / level.canonical.
 */
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/* 财预〔2021〕101号: each 一级 and the 二级 that belong to it. */
#define MAX_L2 4
typedef struct level1_def {
    const char *name;
    const char *level2[MAX_L2]; /* NULL-padded */
} level1_def;

static const level1_def framework[] = {
    {"产出指标", {"数量指标", "质量指标", "时效指标"}},
    {"成本指标", {"经济成本指标", "社会成本指标", "生态环境成本指标"}},
    {"效益指标", {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
    {"满意度指标", {"服务对象满意度指标"}},
};
#define N_LEVEL1 (sizeof framework / sizeof framework[0])

/* Other spellings of framework names, in normalised form.  `accepted`:
 * an older or local spelling that is fine as written (only mapped, for
 * pairing); otherwise the spelling is recognisable but not canonical, and
 * level.canonical asks for the canonical name.  Besides these, a name cut
 * one character short ("…指" for "…指标") is recognised (see lookup()). */
typedef struct alias_def {
    const char *written;
    const char *canonical;
    int accepted;
} alias_def;

static const alias_def aliases[] = {
    /* 一级 without 指标 */
    {"产出", "产出指标", 0},
    {"成本", "成本指标", 0},
    {"效益", "效益指标", 0},
    {"满意度", "满意度指标", 0}, /* outside Hubei's framework, where it is a 一级 */
    /* 二级 without 指标 */
    {"数量", "数量指标", 0},
    {"质量", "质量指标", 0},
    {"时效", "时效指标", 0},
    {"经济成本", "经济成本指标", 0},
    {"社会成本", "社会成本指标", 0},
    {"生态环境成本", "生态环境成本指标", 0},
    {"生态成本", "生态环境成本指标", 0},
    {"经济效益", "经济效益指标", 0},
    {"社会效益", "社会效益指标", 0},
    {"生态效益", "生态效益指标", 0},
    {"可持续影响", "可持续影响指标", 0},
    {"服务对象满意度", "服务对象满意度指标", 0},
    /* older local spellings, fine as written */
    {"生态成本指标", "生态环境成本指标", 1},
    {"环境成本指标", "生态环境成本指标", 1},
    {"可持续影响力指标", "可持续影响指标", 1},
};
#define N_ALIASES (sizeof aliases / sizeof aliases[0])

/* Hubei's department framework (广水's 部门整体): its own 一级 names; its
 * 二级 names (核心业务产出 1, 社会效益 2 …) are free. */
static const char *const hubei_level1[] = {
    "运行成本", "管理效率", "履职效能", "社会效应", "可持续发展能力", "满意度",
};
#define N_HUBEI (sizeof hubei_level1 / sizeof hubei_level1[0])

/* 三级 texts of rows kept only to say a 二级 does not apply. */
static const char *const not_applicable[] = {"本指标不适用", "不适用"};

/* ------------------------------------------------------------------ */
/* Name lookup                                                         */
/* ------------------------------------------------------------------ */

typedef enum how {
    HOW_NONE = 0,   /* not a framework name */
    HOW_EXACT,      /* the canonical name, as written */
    HOW_ACCEPTED,   /* an accepted older spelling, as written */
    HOW_SPACE,      /* canonical once white space / full width is removed */
    HOW_ALIAS,      /* a recognisable short form (社会效益) */
    HOW_TRUNCATED,  /* cut short (服务对象满意度指) */
    HOW_COMPOSITE,  /* a 二级 and a 一级 in one cell (数量指标 产出指标) */
    HOW_CONTEXT     /* the 一级's name as its only 二级 (满意度指标 / 满意度指标) */
} how;

typedef struct resolved {
    int level;             /* 0 unknown, 1 一级, 2 二级 */
    int l1;                /* the 一级 (level 1) or its parent (level 2): index in framework */
    const char *canonical; /* the canonical name (level 1 or 2) */
    const char *accepted;  /* the accepted spelling, when HOW_ACCEPTED or its spaced form */
    how how;
} resolved;

/* A normalised name against the framework's canonical names. */
static bool find_canonical(const char *norm, resolved *r)
{
    for (size_t i = 0; i < N_LEVEL1; i++) {
        if (strcmp(norm, framework[i].name) == 0) {
            *r = (resolved){1, (int)i, framework[i].name, NULL, HOW_EXACT};
            return true;
        }
        for (size_t k = 0; k < MAX_L2 && framework[i].level2[k]; k++)
            if (strcmp(norm, framework[i].level2[k]) == 0) {
                *r = (resolved){2, (int)i, framework[i].level2[k], NULL, HOW_EXACT};
                return true;
            }
    }
    return false;
}

/* Look a normalised name up: canonical, alias, or cut one character short. */
static resolved lookup(const char *norm)
{
    resolved r = {0};
    if (!*norm)
        return r;
    if (find_canonical(norm, &r))
        return r;
    for (size_t i = 0; i < N_ALIASES; i++)
        if (strcmp(norm, aliases[i].written) == 0 && find_canonical(aliases[i].canonical, &r)) {
            r.how = aliases[i].accepted ? HOW_ACCEPTED : HOW_ALIAS;
            r.accepted = aliases[i].accepted ? aliases[i].written : NULL;
            return r;
        }
    /* "…指" is "…指标" cut short (a cell too narrow when the form was
     * typed) */
    size_t n = strlen(norm);
    static const char zhi[] = "指";
    if (n > sizeof zhi - 1 && strcmp(norm + n - (sizeof zhi - 1), zhi) == 0) {
        char buf[256];
        if (n + 4 < sizeof buf) {
            memcpy(buf, norm, n);
            memcpy(buf + n, "标", sizeof "标");
            if (find_canonical(buf, &r)) {
                r.how = HOW_TRUNCATED;
                return r;
            }
        }
    }
    return (resolved){0};
}

static bool starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static bool ends_with(const char *s, const char *p)
{
    size_t n = strlen(s), k = strlen(p);
    return n >= k && strcmp(s + n - k, p) == 0;
}

/* A 二级 cell holding a 二级 name and a 一级 name ("数量指标 产出指标"):
 * the 二级 of the two. */
static resolved composite(const char *norm)
{
    char rest[1024];
    for (int side = 0; side < 2; side++) {
        for (size_t i = 0; i < N_LEVEL1 + N_ALIASES; i++) {
            const char *one = i < N_LEVEL1 ? framework[i].name : aliases[i - N_LEVEL1].written;
            if (i >= N_LEVEL1) {
                resolved a = lookup(one);
                if (a.level != 1)
                    continue;
            }
            size_t k = strlen(one), n = strlen(norm);
            if (n <= k || n - k >= sizeof rest)
                continue;
            if (side == 0 ? !starts_with(norm, one) : !ends_with(norm, one))
                continue;
            memcpy(rest, side == 0 ? norm + k : norm, n - k);
            rest[n - k] = '\0';
            resolved r = lookup(rest);
            if (r.level == 2) {
                r.how = HOW_COMPOSITE;
                return r;
            }
        }
    }
    return (resolved){0};
}

static bool is_hubei_level1(const char *norm)
{
    for (size_t i = 0; i < N_HUBEI; i++)
        if (strcmp(norm, hubei_level1[i]) == 0)
            return true;
    return false;
}

static bool is_not_applicable(const char *level3)
{
    if (!level3)
        return false;
    char buf[64];
    jx_rule_norm(level3, buf, sizeof buf);
    for (size_t i = 0; i < sizeof not_applicable / sizeof not_applicable[0]; i++)
        if (strcmp(buf, not_applicable[i]) == 0)
            return true;
    return false;
}

/* The name as written equals its canonical text?  When not, and the
 * normalised name is canonical, the cell has stray spaces or full-width
 * forms. */
static void mark_spacing(resolved *r, const char *raw)
{
    if (r->how == HOW_EXACT && strcmp(raw, r->canonical) != 0)
        r->how = HOW_SPACE;
    if (r->how == HOW_ACCEPTED && strcmp(raw, r->accepted) != 0)
        r->how = HOW_SPACE; /* fixed to the accepted spelling without the spaces */
}

/* ------------------------------------------------------------------ */
/* Per form: which framework, and each indicator's 一级/二级 resolved    */
/* ------------------------------------------------------------------ */

typedef enum frame { FRAME_NONE = 0, FRAME_101, FRAME_HUBEI } frame;

/* Resolutions of consecutive indicators mostly repeat (one merged 一级
 * cell over many rows): remember the last text of each column. */
typedef struct memo {
    const char *raw1, *raw2;
    int ctx2;
    resolved r1, r2;
} memo;

static resolved resolve_level1(memo *mm, const char *raw)
{
    if (mm->raw1 && raw && (mm->raw1 == raw || strcmp(mm->raw1, raw) == 0))
        return mm->r1;
    char norm[1024];
    jx_rule_norm(raw, norm, sizeof norm);
    resolved r = lookup(norm);
    mark_spacing(&r, raw ? raw : "");
    mm->raw1 = raw;
    mm->r1 = r;
    return r;
}

/* A 二级 under a resolved 一级 (l1 < 0: unknown 一级). */
static resolved resolve_level2(memo *mm, const char *raw, int l1)
{
    if (mm->raw2 && raw && mm->ctx2 == l1 && (mm->raw2 == raw || strcmp(mm->raw2, raw) == 0))
        return mm->r2;
    char norm[1024];
    jx_rule_norm(raw, norm, sizeof norm);
    resolved r = lookup(norm);
    if (r.level == 0)
        r = composite(norm);
    else
        mark_spacing(&r, raw ? raw : "");
    /* the 一级's own name (or its short form) as the 二级 of a 一级 that
     * has one legal 二级: that 二级 is meant */
    if (r.level == 1 && l1 >= 0 && r.l1 == l1 && framework[l1].level2[0] && !framework[l1].level2[1])
        r = (resolved){2, l1, framework[l1].level2[0], NULL, HOW_CONTEXT};
    mm->raw2 = raw;
    mm->ctx2 = l1;
    mm->r2 = r;
    return r;
}

static frame form_frame(const jx_form *f)
{
    size_t hubei = 0, std = 0, any = 0;
    char norm[1024];
    const char *last = NULL;
    bool last_hubei = false, last_std = false;
    for (size_t i = 0; i < f->indicator_count; i++) {
        const char *s = f->indicators[i].level1.s;
        if (jx_rule_blank(s))
            continue;
        any++;
        if (!last || strcmp(last, s) != 0) {
            jx_rule_norm(s, norm, sizeof norm);
            /* 满意度 is a 一级 of both: it decides nothing */
            last_hubei = is_hubei_level1(norm) && strcmp(norm, "满意度") != 0;
            last_std = lookup(norm).level == 1;
            last = s;
        }
        hubei += last_hubei;
        std += last_std;
    }
    if (!any)
        return FRAME_NONE;
    return hubei > 0 && hubei >= std ? FRAME_HUBEI : FRAME_101;
}

/* ---- message helpers ---- */

/* A cell's text for a message: line breaks shown as ↵, long texts cut. */
static const char *quote(const char *s, char *buf, size_t size)
{
    size_t k = 0, cps = 0;
    const size_t max_cps = 60;
    if (!s)
        s = "";
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 8 < size; p++) {
        if ((*p & 0xC0) != 0x80) {
            if (cps == max_cps) {
                memcpy(buf + k, "…", sizeof "…" - 1);
                k += sizeof "…" - 1;
                break;
            }
            cps++;
        }
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n' || *p == '\r') {
            memcpy(buf + k, "↵", sizeof "↵" - 1);
            k += sizeof "↵" - 1;
        } else if (*p == '\t') {
            buf[k++] = ' ';
        } else {
            buf[k++] = (char)*p;
        }
    }
    /* never end inside a character */
    while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80) {
        size_t j = k - 1;
        while (j > 0 && ((unsigned char)buf[j] & 0xC0) == 0x80)
            j--;
        size_t len = k - j, need = ((unsigned char)buf[j] >= 0xF0) ? 4 : ((unsigned char)buf[j] >= 0xE0) ? 3 : 2;
        if (len == need)
            break;
        k = j;
    }
    buf[k] = '\0';
    return buf;
}

/* "数量指标、质量指标、时效指标" for a 一级 (sep: 、 or , ). */
static const char *level2_list(int l1, const char *sep, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < MAX_L2 && framework[l1].level2[i]; i++) {
        int n = snprintf(buf + k, size - k, "%s%s", i ? sep : "", framework[l1].level2[i]);
        if (n < 0 || (size_t)n >= size - k)
            break;
        k += (size_t)n;
    }
    return buf;
}

static const char *cell_name(jx_origin at, char *buf)
{
    if (!at.row) {
        buf[0] = '\0';
        return buf;
    }
    return jx_cell_ref(at.row, at.col, buf);
}

static bool same_at(jx_origin a, jx_origin b) { return a.row == b.row && a.col == b.col; }

/* ------------------------------------------------------------------ */
/* level.pair                                                          */
/* ------------------------------------------------------------------ */

static void pair_hubei(jx_check *c, const jx_form *f)
{
    char norm[1024], q1[512];
    jx_origin last = {0};
    for (size_t i = 0; i < f->indicator_count && !c->err; i++) {
        const jx_text *t = &f->indicators[i].level1;
        if (jx_rule_blank(t->s) || (last.row && same_at(last, t->at)))
            continue;
        jx_rule_norm(t->s, norm, sizeof norm);
        if (is_hubei_level1(norm))
            continue;
        last = t->at;
        quote(t->s, q1, sizeof q1);
        jx_report(c, f, t->at, -1, NULL, t->s,
                  "一级指标“%s”不属于本表所用的湖北部门整体绩效指标体系；一级指标应为运行成本、管理效率、"
                  "履职效能、社会效应、可持续发展能力、满意度之一",
                  "一级 “%s” is not a 一级 of the Hubei department framework this form uses; it should be "
                  "one of 运行成本, 管理效率, 履职效能, 社会效应, 可持续发展能力, 满意度",
                  q1);
    }
}

static void pair_101(jx_check *c, const jx_form *f)
{
    memo mm = {0};
    jx_origin last1 = {0}, last2 = {0};
    char q1[512], q2[512], list_zh[256], list_en[256];
    for (size_t i = 0; i < f->indicator_count && !c->err; i++) {
        const jx_indicator *ind = &f->indicators[i];
        if (jx_rule_blank(ind->level1.s))
            continue;
        resolved r1 = resolve_level1(&mm, ind->level1.s);
        if (r1.level != 1) {
            if (last1.row && same_at(last1, ind->level1.at))
                continue;
            last1 = ind->level1.at;
            quote(ind->level1.s, q1, sizeof q1);
            if (r1.level == 2)
                jx_report(c, f, ind->level1.at, -1, NULL, ind->level1.s,
                          "一级指标栏中的“%s”不是一级指标，而是“%s”下的二级指标名称；一级指标应为“%s”",
                          "“%s” in the 一级 column is not a 一级 but a 二级 name of %s; the 一级 should be "
                          "%s",
                          q1, framework[r1.l1].name, framework[r1.l1].name);
            else
                jx_report(c, f, ind->level1.at, -1, NULL, ind->level1.s,
                          "一级指标“%s”不是指标体系中的一级指标；应为产出指标、成本指标、效益指标、满意度指标之一",
                          "“%s” is not a 一级 of the framework; it should be one of 产出指标, 成本指标, 效益指标, "
                          "满意度指标",
                          q1);
            continue;
        }
        if (jx_rule_blank(ind->level2.s))
            continue;
        resolved r2 = resolve_level2(&mm, ind->level2.s, r1.l1);
        if (r2.level == 0 || (r2.level == 2 && r2.l1 == r1.l1))
            continue;
        if (last2.row && same_at(last2, ind->level2.at))
            continue;
        last2 = ind->level2.at;
        quote(ind->level2.s, q2, sizeof q2);
        const char *parent = framework[r1.l1].name;
        const char *list = c->lang == JX_LANG_EN ? level2_list(r1.l1, ", ", list_en, sizeof list_en)
                                                 : level2_list(r1.l1, "、", list_zh, sizeof list_zh);
        if (r2.level == 1 && r2.l1 != r1.l1)
            jx_report(c, f, ind->level2.at, -1, NULL, ind->level2.s,
                      "二级指标“%s”是一级指标，不是“%s”的二级指标：应把它单列为一级指标“%s”；“%s”下的二级指标为%s",
                      "二级 “%s” is a 一级, not a 二级 of %s: list it as a 一级 (%s) of its own; the 二级 of %s "
                      "are %s",
                      q2, parent, r2.canonical, parent, list);
        else if (r2.level == 1)
            jx_report(c, f, ind->level2.at, -1, NULL, ind->level2.s,
                      "二级指标栏重复了一级指标名称“%s”；“%s”下的二级指标应为%s之一",
                      "the 二级 cell repeats the 一级 name “%s”; the 二级 of %s are %s", q2, parent, list);
        else
            jx_report(c, f, ind->level2.at, -1, NULL, ind->level2.s,
                      "二级指标“%s”属于“%s”，不属于“%s”：应移到一级指标“%s”下，或改为%s之一",
                      "二级 “%s” belongs to %s, not to %s: move it under the 一级 %s, or use one of %s", q2,
                      framework[r2.l1].name, parent, framework[r2.l1].name, list);
    }
}

void jx_rule_level_pair(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        switch (form_frame(f)) {
        case FRAME_NONE: break;
        case FRAME_HUBEI: pair_hubei(c, f); break;
        case FRAME_101: pair_101(c, f); break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* level.canonical                                                     */
/* ------------------------------------------------------------------ */

static void report_canonical(jx_check *c, const jx_form *f, const jx_text *t, const char *level_zh,
                             const char *level_en, resolved r, const char *under)
{
    char q[512];
    const char *right = r.how == HOW_SPACE && r.accepted ? r.accepted : r.canonical;
    const char *lv = c->lang == JX_LANG_EN ? level_en : level_zh;
    quote(t->s, q, sizeof q);
    switch (r.how) {
    case HOW_SPACE:
        jx_report(c, f, t->at, -1, right, t->s,
                  "%s“%s”含多余的空格、换行或全角字符，应为“%s”",
                  "%s “%s” has stray spaces, line breaks or full-width characters; write “%s”", lv,
                  q, right);
        break;
    case HOW_ALIAS:
        jx_report(c, f, t->at, -1, right, t->s, "%s“%s”写法不规范，应为“%s”",
                  "%s “%s” is not the framework's spelling; write “%s”", lv, q, right);
        break;
    case HOW_TRUNCATED:
        jx_report(c, f, t->at, -1, right, t->s, "%s“%s”不完整，应为“%s”",
                  "%s “%s” is cut short; write “%s”", lv, q, right);
        break;
    case HOW_COMPOSITE:
        jx_report(c, f, t->at, -1, right, t->s,
                  "%s单元格“%s”写了两个指标名称，应只写“%s”",
                  "the %s cell “%s” holds two names; write only “%s”", lv, q, right);
        break;
    case HOW_CONTEXT:
        jx_report(c, f, t->at, -1, right, t->s,
                  "%s“%s”重复了一级指标名称；“%s”下唯一的二级指标是“%s”",
                  "%s “%s” repeats the 一级 name; the only 二级 of %s is “%s”", lv, q, under, right);
        break;
    default: break;
    }
}

static bool needs_fix(how h)
{
    return h == HOW_SPACE || h == HOW_ALIAS || h == HOW_TRUNCATED || h == HOW_COMPOSITE || h == HOW_CONTEXT;
}

void jx_rule_level_canonical(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        frame fr = form_frame(f);
        if (fr == FRAME_NONE)
            continue;
        memo mm = {0};
        jx_origin last1 = {0}, last2 = {0};
        char norm[1024];
        for (size_t i = 0; i < f->indicator_count && !c->err; i++) {
            const jx_indicator *ind = &f->indicators[i];
            if (fr == FRAME_HUBEI) {
                /* only the 一级 names, and only their spacing */
                const jx_text *t = &ind->level1;
                if (jx_rule_blank(t->s) || (last1.row && same_at(last1, t->at)))
                    continue;
                jx_rule_norm(t->s, norm, sizeof norm);
                if (is_hubei_level1(norm) && strcmp(t->s, norm) != 0) {
                    last1 = t->at;
                    char q[512];
                    jx_report(c, f, t->at, -1, norm, t->s, "一级指标“%s”含多余的空格、换行或全角字符，应为“%s”",
                              "一级 “%s” has stray spaces, line breaks or full-width characters; write “%s”",
                              quote(t->s, q, sizeof q), norm);
                }
                continue;
            }
            resolved r1 = {0};
            if (!jx_rule_blank(ind->level1.s)) {
                r1 = resolve_level1(&mm, ind->level1.s);
                if (r1.level == 1 && needs_fix(r1.how) && !(last1.row && same_at(last1, ind->level1.at))) {
                    last1 = ind->level1.at;
                    report_canonical(c, f, &ind->level1, "一级指标", "一级", r1, NULL);
                }
            }
            if (jx_rule_blank(ind->level2.s))
                continue;
            resolved r2 = resolve_level2(&mm, ind->level2.s, r1.level == 1 ? r1.l1 : -1);
            if (r2.level == 2 && needs_fix(r2.how) && !(last2.row && same_at(last2, ind->level2.at))) {
                last2 = ind->level2.at;
                report_canonical(c, f, &ind->level2, "二级指标", "二级", r2,
                                 r1.level == 1 ? framework[r1.l1].name : NULL);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* level.missing                                                       */
/* ------------------------------------------------------------------ */

void jx_rule_level_missing(jx_check *c, const jx_model *m)
{
    /* 产出 and 效益 are required (error); 成本 and 满意度 expected (warning) */
    static const struct { int l1; jx_severity sev; } required[] = {
        {0, JX_SEV_ERROR}, {2, JX_SEV_ERROR}, {1, JX_SEV_WARNING}, {3, JX_SEV_WARNING},
    };
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        if (!f->kind || strcmp(f->kind, "project") != 0 || form_frame(f) == FRAME_HUBEI)
            continue;
        bool present[N_LEVEL1] = {false};
        /* where a missing 一级's indicators went instead, for the message */
        enum { STRAY_NONE = 0, STRAY_UNDER, STRAY_AS_LEVEL2, STRAY_IN_LEVEL1 };
        int stray[N_LEVEL1] = {STRAY_NONE};
        const jx_indicator *stray_ind[N_LEVEL1] = {NULL};
        memo mm = {0};
        for (size_t i = 0; i < f->indicator_count; i++) {
            const jx_indicator *ind = &f->indicators[i];
            resolved r1 = jx_rule_blank(ind->level1.s) ? (resolved){0} : resolve_level1(&mm, ind->level1.s);
            if (r1.level == 1 && !is_not_applicable(ind->level3.s))
                present[r1.l1] = true;
            if (r1.level == 2) {
                /* a 二级 name in the 一级 column (湛江's 服务对象满意度) */
                if (!stray[r1.l1]) {
                    stray[r1.l1] = STRAY_IN_LEVEL1;
                    stray_ind[r1.l1] = ind;
                }
                continue;
            }
            if (r1.level != 1 || jx_rule_blank(ind->level2.s))
                continue;
            resolved r2 = resolve_level2(&mm, ind->level2.s, r1.l1);
            if (r2.level && r2.l1 != r1.l1 && !stray[r2.l1]) {
                stray[r2.l1] = r2.level == 1 ? STRAY_AS_LEVEL2 : STRAY_UNDER;
                stray_ind[r2.l1] = ind;
            }
        }
        for (size_t k = 0; k < sizeof required / sizeof required[0] && !c->err; k++) {
            int l1 = required[k].l1;
            if (present[l1])
                continue;
            const char *name = framework[l1].name;
            const char *must = required[k].sev == JX_SEV_ERROR ? (c->lang == JX_LANG_EN ? "must" : "必须包含")
                                                               : (c->lang == JX_LANG_EN ? "should" : "应包含");
            const jx_indicator *s = stray_ind[l1];
            char ref[16], q[512], q1[512];
            if (s) {
                const jx_text *t = stray[l1] == STRAY_IN_LEVEL1 ? &s->level1 : &s->level2;
                cell_name(t->at, ref);
                quote(t->s, q, sizeof q);
                quote(s->level1.s, q1, sizeof q1);
            }
            switch (s ? stray[l1] : STRAY_NONE) {
            case STRAY_IN_LEVEL1:
                jx_report(c, f, f->table_at, (int)required[k].sev, NULL, NULL,
                          "项目绩效指标%s一级指标“%s”，表中没有（一级指标栏 %s 写的是二级指标名称“%s”）",
                          "a project's targets %s include the 一级 %s; there is none (%s in the 一级 column "
                          "holds the 二级 name “%s”)",
                          must, name, ref, q);
                break;
            case STRAY_AS_LEVEL2:
                jx_report(c, f, f->table_at, (int)required[k].sev, NULL, NULL,
                          "项目绩效指标%s一级指标“%s”，表中没有（%s 把“%s”作为二级指标列在“%s”下）",
                          "a project's targets %s include the 一级 %s; there is none (%s lists “%s” as a 二级 "
                          "under “%s”)",
                          must, name, ref, q, q1);
                break;
            case STRAY_UNDER:
                jx_report(c, f, f->table_at, (int)required[k].sev, NULL, NULL,
                          "项目绩效指标%s一级指标“%s”，表中没有（%s 的二级指标“%s”属于“%s”，现列在“%s”下）",
                          "a project's targets %s include the 一级 %s; there is none (%s: the 二级 “%s” belongs "
                          "to %s but stands under “%s”)",
                          must, name, ref, q, name, q1);
                break;
            default:
                jx_report(c, f, f->table_at, (int)required[k].sev, NULL, NULL,
                          "项目绩效指标%s一级指标“%s”，表中没有",
                          "a project's targets %s include the 一级 %s; there is none", must, name);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* level3.missing                                                      */
/* ------------------------------------------------------------------ */

/* The column of 三级 names near indicator i (an indicator without one has
 * none of its own). */
static uint32_t level3_column(const jx_form *f, size_t i)
{
    const jx_indicator *ind = &f->indicators[i];
    if (ind->level3.at.col)
        return ind->level3.at.col;
    for (size_t d = 1; d < f->indicator_count; d++) {
        for (int side = 0; side < 2; side++) {
            size_t k = side ? i + d : i - d;
            if ((side == 0 && d > i) || k >= f->indicator_count)
                continue;
            const jx_indicator *o = &f->indicators[k];
            if (o->level3.s && o->level3.at.row && (o->lists & ind->lists))
                return o->level3.at.col;
        }
        if (d > 64)
            break;
    }
    return ind->at.col;
}

void jx_rule_level3_missing(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        for (size_t i = 0; i < f->indicator_count && !c->err; i++) {
            const jx_indicator *ind = &f->indicators[i];
            if (!jx_rule_blank(ind->level3.s))
                continue;
            const jx_target *t = NULL;
            for (size_t k = 0; k < ind->target_count && !t; k++)
                if (!jx_rule_blank(ind->targets[k].text))
                    t = &ind->targets[k];
            if (!t)
                continue;
            jx_origin at = {ind->at.row ? ind->at.row : t->at.row, level3_column(f, i)};
            char ref[16], q[512], q1[256], q2[256];
            cell_name(t->at, ref);
            quote(t->text, q, sizeof q);
            quote(ind->level1.s ? ind->level1.s : "", q1, sizeof q1);
            quote(ind->level2.s ? ind->level2.s : "", q2, sizeof q2);
            jx_report(c, f, at, -1, NULL, NULL,
                      "这一行（%s / %s）填了指标值“%s”（%s），但没有三级指标名称；请填写它衡量的是什么",
                      "this row (%s / %s) has the target “%s” (%s) but no 三级 name; name what it measures", q1,
                      q2, q, ref);
        }
    }
}

/* ------------------------------------------------------------------ */
/* level3.duplicate                                                    */
/* ------------------------------------------------------------------ */

typedef struct dup_key {
    const char *key; /* 一级 \x1f 二级 \x1f 三级, normalised (一级/二级 canonical when known) */
    size_t index;
} dup_key;

static int cmp_dup(const void *x, const void *y)
{
    const dup_key *a = x, *b = y;
    int r = strcmp(a->key, b->key);
    if (r)
        return r;
    return a->index < b->index ? -1 : a->index > b->index;
}

static const char *level_key(const jx_text *t, const resolved *r, char *buf, size_t size)
{
    if (r->level)
        return r->canonical;
    return jx_rule_norm(t->s, buf, size);
}

void jx_rule_level3_duplicate(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        if (f->indicator_count < 2)
            continue;
        dup_key *keys = jx_malloc(f->indicator_count * sizeof *keys);
        jx_arena a;
        jx_arena_init(&a, 64 * 1024);
        if (!keys) {
            c->err = JX_ERR_NOMEM;
            break;
        }
        size_t n = 0;
        memo mm = {0};
        frame fr = form_frame(f);
        for (size_t i = 0; i < f->indicator_count && !c->err; i++) {
            const jx_indicator *ind = &f->indicators[i];
            if (jx_rule_blank(ind->level3.s) || is_not_applicable(ind->level3.s))
                continue;
            resolved r1 = {0}, r2 = {0};
            if (fr == FRAME_101) {
                if (!jx_rule_blank(ind->level1.s))
                    r1 = resolve_level1(&mm, ind->level1.s);
                if (!jx_rule_blank(ind->level2.s))
                    r2 = resolve_level2(&mm, ind->level2.s, r1.level == 1 ? r1.l1 : -1);
            }
            char b1[1024], b2[1024], b3[1024];
            const char *k1 = level_key(&ind->level1, &r1, b1, sizeof b1);
            const char *k2 = level_key(&ind->level2, &r2, b2, sizeof b2);
            const char *k3 = jx_rule_norm(ind->level3.s, b3, sizeof b3);
            size_t l1 = strlen(k1), l2 = strlen(k2), l3 = strlen(k3);
            char *key = jx_arena_alloc(&a, l1 + l2 + l3 + 3);
            if (!key) {
                c->err = JX_ERR_NOMEM;
                break;
            }
            memcpy(key, k1, l1);
            key[l1] = '\x1f';
            memcpy(key + l1 + 1, k2, l2);
            key[l1 + 1 + l2] = '\x1f';
            memcpy(key + l1 + l2 + 2, k3, l3 + 1);
            keys[n++] = (dup_key){key, i};
        }
        if (!c->err)
            qsort(keys, n, sizeof *keys, cmp_dup);
        for (size_t k = 1; k < n && !c->err; k++) {
            size_t first = k - 1;
            while (first > 0 && strcmp(keys[first - 1].key, keys[k].key) == 0)
                first--;
            if (strcmp(keys[first].key, keys[k].key) != 0)
                continue;
            const jx_indicator *a1 = &f->indicators[keys[first].index];
            const jx_indicator *dup = &f->indicators[keys[k].index];
            /* one cell read twice (a shared cell) is not a repetition */
            if (same_at(a1->at, dup->at))
                continue;
            char ref[16], q[512], q1[256], q2[256];
            cell_name(a1->at, ref);
            quote(dup->level3.s, q, sizeof q);
            quote(dup->level1.s ? dup->level1.s : "", q1, sizeof q1);
            quote(dup->level2.s ? dup->level2.s : "", q2, sizeof q2);
            jx_report(c, f, dup->at, -1, NULL, dup->level3.s,
                      "三级指标“%s”在“%s / %s”下重复出现（已见于 %s）；删去重复的一行，或改为另一项指标",
                      "三级 “%s” is listed twice under %s / %s (first at %s); remove the repeat or name "
                      "another indicator",
                      q, q1, q2, ref);
        }
        free(keys);
        jx_arena_free(&a);
    }
}

/* ------------------------------------------------------------------ */
/* level3.one-list                                                     */
/* ------------------------------------------------------------------ */

static const char *list_names(const jx_form *f, unsigned mask, const char *sep, char *buf, size_t size)
{
    size_t k = 0;
    bool first = true;
    buf[0] = '\0';
    for (size_t i = 0; i < f->list_count && i < 31; i++) {
        if (!(mask & (1u << i)))
            continue;
        const char *name = f->list_names && f->list_names[i] && *f->list_names[i] ? f->list_names[i] : "?";
        int n = snprintf(buf + k, size - k, "%s%s", first ? "" : sep, name);
        if (n < 0 || (size_t)n >= size - k)
            break;
        k += (size_t)n;
        first = false;
    }
    return buf;
}

void jx_rule_level3_one_list(jx_check *c, const jx_model *m)
{
    for (size_t fi = 0; fi < m->form_count && !c->err; fi++) {
        const jx_form *f = &m->forms[fi];
        if (f->list_count < 2)
            continue;
        size_t lists = f->list_count < 31 ? f->list_count : 31;
        unsigned all = (1u << lists) - 1;
        for (size_t i = 0; i < f->indicator_count && !c->err; i++) {
            const jx_indicator *ind = &f->indicators[i];
            unsigned missing = all & ~ind->lists;
            if (!missing || jx_rule_blank(ind->level3.s) || is_not_applicable(ind->level3.s))
                continue;
            char in_zh[128], out_zh[128], in_en[128], out_en[128], q[512];
            list_names(f, ind->lists & all, "、", in_zh, sizeof in_zh);
            list_names(f, missing, "、", out_zh, sizeof out_zh);
            list_names(f, ind->lists & all, ", ", in_en, sizeof in_en);
            list_names(f, missing, ", ", out_en, sizeof out_en);
            quote(ind->level3.s, q, sizeof q);
            jx_report(c, f, ind->at, -1, NULL, ind->level3.s,
                      "三级指标“%s”只列在%s指标中，%s指标中没有；两组指标应列出相同的指标（或名称写法不一致）",
                      "三级 “%s” is listed only in the %s list, not in the %s list; both lists should name the "
                      "same indicators (or the names are spelled differently)",
                      q, c->lang == JX_LANG_EN ? in_en : in_zh, c->lang == JX_LANG_EN ? out_en : out_zh);
        }
    }
}
