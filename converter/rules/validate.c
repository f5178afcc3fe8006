/*
 * validate.c - runs the rule catalog over a model and keeps the findings.
 *
 * Invariants: findings own their strings (in the findings' arena), so
 * they outlive the model; they come out sorted by form order, cell and
 * rule id, so two runs print the same lines in the same order.
 */
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct findings_box {
    jx_findings pub;   /* first: a jx_findings * is a findings_box * */
    jx_arena arena;
} findings_box;

static const char *const severity_names[] = {"info", "warning", "error"};

const char *jx_severity_name(jx_severity s)
{
    return (unsigned)s < 3 ? severity_names[s] : "error";
}

size_t jx_rule_count(void) { return jx_rule_total; }

const jx_rule_info *jx_rule_get(size_t index)
{
    return index < jx_rule_total ? &jx_rules[index].info : NULL;
}

const jx_rule_info *jx_rule_find(const char *id)
{
    for (size_t i = 0; i < jx_rule_total; i++)
        if (strcmp(jx_rules[i].info.id, id) == 0)
            return &jx_rules[i].info;
    return NULL;
}

/* ---- reporting ---- */

/* Which form a finding belongs to, for sorting: its index in the model.
 * Kept beside the finding while validating. */
typedef struct pending {
    jx_finding f;
    const jx_form *from;
    size_t form;
} pending;

void jx_report(jx_check *c, const jx_form *f, jx_origin at, int severity, const char *fix,
               const char *text, const char *zh, const char *en, ...)
{
    if (c->err)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, en);
    vsnprintf(msg, sizeof msg, c->lang == JX_LANG_EN ? en : zh, ap);
    va_end(ap);
    pending *p = jx_vec_push(c->findings);
    if (!p) {
        c->err = JX_ERR_NOMEM;
        return;
    }
    p->f.rule = c->rule->info.id;
    p->f.severity = severity >= 0 ? (jx_severity)severity : c->rule->info.severity;
    p->f.sheet = f ? jx_arena_strdup(c->arena, f->sheet) : NULL;
    p->f.at = at;
    p->f.message = jx_arena_strdup(c->arena, msg);
    p->f.fix = fix ? jx_arena_strdup(c->arena, fix) : NULL;
    p->f.text = text ? jx_arena_strdup(c->arena, text) : NULL;
    p->from = f;
    p->form = SIZE_MAX;
    if (!p->f.message || (f && !p->f.sheet) || (fix && !p->f.fix) || (text && !p->f.text))
        c->err = JX_ERR_NOMEM;
}

static int cmp_pending(const void *x, const void *y)
{
    const pending *a = x, *b = y;
    if (a->form != b->form)
        return a->form < b->form ? -1 : 1;
    if (a->f.at.row != b->f.at.row)
        return a->f.at.row < b->f.at.row ? -1 : 1;
    if (a->f.at.col != b->f.at.col)
        return a->f.at.col < b->f.at.col ? -1 : 1;
    int r = strcmp(a->f.rule, b->f.rule);
    if (r)
        return r;
    return strcmp(a->f.message, b->f.message);
}

jx_error jx_validate(const jx_model *m, jx_lang lang, jx_findings **out)
{
    *out = NULL;
    findings_box *box = jx_calloc(1, sizeof *box);
    if (!box)
        return JX_ERR_NOMEM;
    jx_arena_init(&box->arena, 64 * 1024);
    jx_vec v;
    jx_vec_init(&v, sizeof(pending));
    jx_check c = {.lang = lang, .arena = &box->arena, .findings = &v};
    for (size_t i = 0; i < jx_rule_total && !c.err; i++) {
        c.rule = &jx_rules[i];
        jx_rules[i].check(&c, m);
    }
    if (!c.err) {
        /* form address -> index, so findings follow the workbook's order */
        pending *ps = v.data;
        for (size_t i = 0; i < v.len; i++)
            ps[i].form = ps[i].from ? (size_t)(ps[i].from - m->forms) : SIZE_MAX;
        if (v.len)
            qsort(ps, v.len, sizeof *ps, cmp_pending);
        box->pub.items = jx_arena_calloc(&box->arena, v.len ? v.len : 1, sizeof *box->pub.items);
        if (!box->pub.items)
            c.err = JX_ERR_NOMEM;
        for (size_t i = 0; !c.err && i < v.len; i++) {
            /* the same finding from two rows of one table (a shared cell)
             * is reported once */
            if (i > 0 && cmp_pending(&ps[i - 1], &ps[i]) == 0)
                continue;
            box->pub.items[box->pub.count++] = ps[i].f;
            switch (ps[i].f.severity) {
            case JX_SEV_ERROR: box->pub.errors++; break;
            case JX_SEV_WARNING: box->pub.warnings++; break;
            case JX_SEV_INFO: box->pub.infos++; break;
            }
        }
    }
    jx_vec_free(&v);
    if (c.err) {
        jx_findings_free(&box->pub);
        return c.err;
    }
    *out = &box->pub;
    return JX_OK;
}

void jx_findings_free(jx_findings *f)
{
    if (!f)
        return;
    findings_box *box = (findings_box *)f;
    jx_arena_free(&box->arena);
    free(box);
}

/* ---- JSON ---- */

static bool put(jx_buf *b, const char *s) { return jx_buf_appendz(b, s); }

static bool put_str(jx_buf *b, const char *s) { return jx_buf_json_str(b, s); }

jx_error jx_findings_write_json(const jx_findings *f, const char *file, jx_write_fn write, void *ud)
{
    jx_buf b = {0};
    bool ok = put(&b, "{\n  \"file\": ") && put_str(&b, file) && put(&b, ",\n  \"findings\": [");
    for (size_t i = 0; ok && i < f->count; i++) {
        const jx_finding *x = &f->items[i];
        char cell[16] = "";
        if (x->at.row)
            jx_cell_ref(x->at.row, x->at.col, cell);
        ok = put(&b, i ? ",\n    {" : "\n    {") && put(&b, "\"rule\": ") && put_str(&b, x->rule) &&
             put(&b, ", \"severity\": ") && put_str(&b, jx_severity_name(x->severity)) &&
             put(&b, ", \"sheet\": ") && put_str(&b, x->sheet) && put(&b, ", \"cell\": ") &&
             put_str(&b, x->at.row ? cell : NULL) && put(&b, ", \"message\": ") && put_str(&b, x->message) &&
             put(&b, ", \"fix\": ") && put_str(&b, x->fix) && put(&b, "}");
        /* write as we go: a report of many findings is never held twice */
        if (ok && b.len > 64 * 1024) {
            if (write(ud, b.data, b.len) != 0)
                ok = false;
            b.len = 0;
        }
    }
    ok = ok && put(&b, f->count ? "\n  ]\n}\n" : "]\n}\n");
    jx_error err = ok ? JX_OK : JX_ERR_NOMEM;
    if (ok && b.len && write(ud, b.data, b.len) != 0)
        err = JX_ERR_IO;
    jx_buf_free(&b);
    return err;
}

/* ---- helpers for the rule families ---- */

int64_t jx_rule_tolerance(const jx_form *f)
{
    return f->money_unit >= 1000000 ? 10000 : 0;
}

const char *jx_rule_unit_name(const jx_form *f, jx_lang lang)
{
    if (f->money_unit >= 1000000)
        return lang == JX_LANG_EN ? "10k yuan" : "万元";
    return lang == JX_LANG_EN ? "yuan" : "元";
}

char *jx_rule_amount(const jx_form *f, int64_t fen, char *buf)
{
    int64_t unit = f->money_unit > 0 ? f->money_unit : 100;
    /* as the form writes it: 万元 with up to six decimals, trailing zeros
     * after the second dropped */
    int64_t whole = fen / unit, rest = fen % unit;
    if (rest < 0)
        rest = -rest;
    int digits = 0;
    for (int64_t u = unit; u > 1; u /= 10)
        digits++;
    char frac[24];
    if (digits > 12)
        digits = 12;
    snprintf(frac, sizeof frac, "%0*lld", digits, (long long)rest);
    int keep = digits;
    while (keep > 2 && frac[keep - 1] == '0')
        keep--;
    frac[keep] = '\0';
    snprintf(buf, 48, "%s%lld%s%s", fen < 0 && whole == 0 ? "-" : "", (long long)whole, keep ? "." : "", frac);
    return buf;
}

bool jx_rule_blank(const char *s)
{
    if (!s)
        return true;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
            p++;
        else if (p[0] == 0xC2 && p[1] == 0xA0) /* U+00A0 */
            p += 2;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
            p += 3;
        else
            return false;
    }
    return true;
}

const char *jx_rule_norm(const char *s, char *buf, size_t size)
{
    jx_normalize(s ? s : "", buf, size);
    return buf;
}

const jx_target *jx_rule_target(const jx_indicator *ind, const char *key)
{
    for (size_t i = 0; i < ind->target_count; i++)
        if (strcmp(ind->targets[i].key, key) == 0)
            return &ind->targets[i];
    return NULL;
}
