/*
 * jx_gen_corpus: workbooks for the batch benchmark, made from real forms
 * by the project's own writer.
 *
 *   jx_gen_corpus MAPPINGS_DIR OUTDIR FIRST COUNT SOURCE.xlsx...
 *
 * Writes COUNT workbooks, numbered FIRST to FIRST+COUNT-1, each a copy of
 * one SOURCE (taken in turn) with its data varied through
 * jx_write_patched, so every one keeps its template, styles and layout
 * and differs in its values:
 *   - each project's name gets a number (项目 → 项目（第 0123 号）);
 *   - about half the target values written as operator, number and unit
 *     (≥95%, ≤30万元, 100%) get another number of the same kind;
 * and about one in three also gets one to three planted defects of the
 * kinds counties make:
 *   - an operator in words (≥85% → 大于等于85%): fixable;
 *   - an amount stored as text with stray spaces and commas
 *     (33241.27 → "33, 241. 27"): fixable;
 *   - a 二级指标 short of its framework name (社会效益指标 → 社会效益): fixable;
 *   - an amount one unit off (its last whole digit), so a total no
 *     longer adds up: an error a person must fix.
 * Output file i is OUTDIR/<source name>/NNNN.xlsx.  The same arguments give
 * the same bytes: the choices come from a generator seeded by the file's
 * number.  Prints one line per file: path, patches, defects.
 */
#define _POSIX_C_SOURCE 200809L

#include "jixiao.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* splitmix64: small, good enough for choosing cells, seeded per file */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static unsigned pick(uint64_t *state, unsigned n) { return n ? (unsigned)(next_random(state) % n) : 0; }

typedef struct patches {
    jx_patch *items;
    size_t count, cap;
    char **texts;        /* owned texts of the patches */
} patches;

static int has_patch(const patches *p, const char *sheet, jx_origin at)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].at.row == at.row && p->items[i].at.col == at.col && strcmp(p->items[i].sheet, sheet) == 0)
            return 1;
    return 0;
}

/* Add a patch (a cell already patched is left as it is); 0 when out of memory. */
static int add_patch(patches *p, const char *sheet, jx_origin at, const char *text, int as_number, const char *rule)
{
    if (!at.row || has_patch(p, sheet, at))
        return 1;
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        jx_patch *items = realloc(p->items, cap * sizeof *items);
        char **texts = realloc(p->texts, cap * sizeof *texts);
        if (items)
            p->items = items;
        if (texts)
            p->texts = texts;
        if (!items || !texts)
            return 0;
        p->cap = cap;
    }
    char *t = strdup(text);
    if (!t)
        return 0;
    p->texts[p->count] = t;
    p->items[p->count++] = (jx_patch){.sheet = sheet, .at = at, .text = t, .as_number = as_number, .rule = rule};
    return 1;
}

static void patches_free(patches *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->texts[i]);
    free(p->texts);
    free(p->items);
}

static const char *const op_text[] = {
    [JX_OP_NONE] = "", [JX_OP_GE] = "≥", [JX_OP_LE] = "≤", [JX_OP_GT] = ">", [JX_OP_LT] = "<", [JX_OP_EQ] = "=",
};

/* "12.5" from a decimal. */
static void decimal_text(jx_decimal v, char *buf, size_t size)
{
    int64_t d = v.digits < 0 ? -v.digits : v.digits;
    int64_t p = 1;
    for (int i = 0; i < v.scale; i++)
        p *= 10;
    if (v.scale > 0) {
        char frac[24];
        snprintf(frac, sizeof frac, "%0*lld", v.scale & 7, (long long)(d % p));
        snprintf(buf, size, "%s%lld.%s", v.digits < 0 ? "-" : "", (long long)(d / p), frac);
    } else
        snprintf(buf, size, "%s%lld", v.digits < 0 ? "-" : "", (long long)d);
}

/* A target as operator, number and unit, exactly as written; else 0. */
static int plain_target(const jx_target *t)
{
    if (!t->text || !t->has_value || t->value.scale < 0 || t->value.scale > 4 || t->value.digits <= 0)
        return 0;
    char num[64], again[160];
    decimal_text(t->value, num, sizeof num);
    snprintf(again, sizeof again, "%s%s%s", op_text[t->op], num, t->unit ? t->unit : "");
    return strcmp(again, t->text) == 0;
}

/* Another value of the same kind: a percentage stays within 60..100, any
 * other number moves by up to a quarter either way. */
static void vary_target(const jx_target *t, uint64_t *rng, char *buf, size_t size)
{
    jx_decimal v = t->value;
    if (t->unit && strcmp(t->unit, "%") == 0) {
        v.digits = 60 + pick(rng, 41);
        v.scale = 0;
    } else {
        int64_t step = v.digits / 4;
        v.digits += step ? (int64_t)pick(rng, (unsigned)(2 * step + 1)) - step : (int64_t)pick(rng, 3);
        if (v.digits <= 0)
            v.digits = 1;
    }
    char num[64];
    decimal_text(v, num, sizeof num);
    snprintf(buf, size, "%s%s%s", op_text[t->op], num, t->unit ? t->unit : "");
}

/* 33241.27 as a county types it into a text cell: "33, 241. 27". */
static void amount_as_text(const char *number, char *buf, size_t size)
{
    const char *dot = strchr(number, '.');
    size_t ilen = dot ? (size_t)(dot - number) : strlen(number);
    size_t k = 0;
    for (size_t i = 0; i < ilen && k + 4 < size; i++) {
        if (i && (ilen - i) % 3 == 0) {
            buf[k++] = ',';
            buf[k++] = ' ';
        }
        buf[k++] = number[i];
    }
    buf[k] = '\0';
    if (dot)
        snprintf(buf + k, size - k, ". %s", dot + 1);
}

/* The cell text of (sheet, at) in wb, or NULL. */
static const char *cell_text(const jx_workbook *wb, const char *sheet, jx_origin at, jx_cell_type *type)
{
    for (size_t i = 0; i < jx_workbook_sheet_count(wb); i++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, i);
        if (strcmp(jx_sheet_name(sh), sheet) == 0) {
            *type = jx_sheet_cell_type(sh, at.row, at.col);
            return jx_sheet_cell_text(sh, at.row, at.col);
        }
    }
    return NULL;
}

/* One planted defect of kind k, if the form has a place for it; 1 when planted. */
static int plant(patches *p, const jx_workbook *wb, const jx_form *f, unsigned k, uint64_t *rng)
{
    char buf[256];
    switch (k) {
    case 0: /* an operator in words */
        for (size_t n = 0, start = pick(rng, (unsigned)f->indicator_count + 1); n < f->indicator_count; n++) {
            const jx_indicator *ind = &f->indicators[(start + n) % f->indicator_count];
            for (size_t t = 0; t < ind->target_count; t++) {
                const jx_target *tg = &ind->targets[t];
                if (tg->text && strncmp(tg->text, "≥", strlen("≥")) == 0 && !has_patch(p, f->sheet, tg->at)) {
                    snprintf(buf, sizeof buf, "大于等于%s", tg->text + strlen("≥"));
                    return add_patch(p, f->sheet, tg->at, buf, 0, "planted.notation") ? 1 : -1;
                }
            }
        }
        return 0;
    case 1:   /* an amount as text */
    case 3: { /* an amount one unit off */
        const jx_money *m[] = {&f->total, &f->annual, &f->fiscal};
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            if (!m[i]->present || m[i]->from_text || has_patch(p, f->sheet, m[i]->at))
                continue;
            jx_cell_type type;
            const char *text = cell_text(wb, f->sheet, m[i]->at, &type);
            if (!text || type != JX_CELL_NUMBER || strlen(text) > 20 || strchr(text, 'E') || strchr(text, 'e'))
                continue;
            if (k == 1) {
                amount_as_text(text, buf, sizeof buf);
                return add_patch(p, f->sheet, m[i]->at, buf, 0, "planted.amount-text") ? 1 : -1;
            }
            snprintf(buf, sizeof buf, "%s", text);
            /* the last digit before the point: a difference too large to
             * be a rounding of the last place */
            char *dot = strchr(buf, '.');
            size_t n = dot ? (size_t)(dot - buf) : strlen(buf);
            if (!n || buf[n - 1] < '0' || buf[n - 1] > '9')
                continue;
            buf[n - 1] = buf[n - 1] == '9' ? '8' : (char)(buf[n - 1] + 1);
            return add_patch(p, f->sheet, m[i]->at, buf, 1, "planted.sum") ? 1 : -1;
        }
        return 0;
    }
    case 2: /* a 二级指标 short of its name */
        for (size_t n = 0; n < f->indicator_count; n++) {
            const jx_indicator *ind = &f->indicators[n];
            const char *s = ind->level2.s;
            size_t len = s ? strlen(s) : 0, tail = strlen("指标");
            if (len > tail + 3 && strcmp(s + len - tail, "指标") == 0 && strncmp(s, "社会效益", strlen("社会效益")) == 0 &&
                !has_patch(p, f->sheet, ind->level2.at)) {
                snprintf(buf, sizeof buf, "%.*s", (int)(len - tail), s);
                return add_patch(p, f->sheet, ind->level2.at, buf, 0, "planted.level") ? 1 : -1;
            }
        }
        return 0;
    }
    return 0;
}

static int make_one(const jx_catalog *cat, const char *src, const char *out, unsigned number, unsigned *npatches,
                    unsigned *ndefects)
{
    jx_workbook *wb;
    jx_model *m;
    jx_diag d;
    if (jx_workbook_open(src, NULL, &wb, &d) != JX_OK || jx_model_build(cat, wb, &m, &d) != JX_OK) {
        char line[1024];
        fprintf(stderr, "jx_gen_corpus: %s\n", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
        return 1;
    }
    uint64_t rng = 0x6A697869616FULL ^ ((uint64_t)number * 0x100000001B3ULL);
    patches p = {0};
    int ok = 1;
    char buf[512];
    for (size_t i = 0; ok && i < m->form_count; i++) {
        const jx_form *f = &m->forms[i];
        if (f->project.s && f->project.at.row) {
            snprintf(buf, sizeof buf, "%s（第 %04u 号）", f->project.s, number);
            ok = add_patch(&p, f->sheet, f->project.at, buf, 0, "vary.project");
        }
        for (size_t n = 0; ok && n < f->indicator_count; n++)
            for (size_t t = 0; ok && t < f->indicators[n].target_count; t++) {
                const jx_target *tg = &f->indicators[n].targets[t];
                if (!plain_target(tg) || pick(&rng, 2))
                    continue;
                vary_target(tg, &rng, buf, sizeof buf);
                ok = add_patch(&p, f->sheet, tg->at, buf, 0, "vary.target");
            }
    }
    /* defects go to cells no variation took (add_patch keeps the first) */
    unsigned defects = 0;
    if (ok && m->form_count && pick(&rng, 3) == 0) {
        unsigned want = 1 + pick(&rng, 3);
        for (unsigned tries = 0; ok && defects < want && tries < 12; tries++) {
            const jx_form *f = &m->forms[pick(&rng, (unsigned)m->form_count)];
            int r = plant(&p, wb, f, pick(&rng, 4), &rng);
            ok = r >= 0;
            defects += r > 0;
        }
    }
    int rc = 0;
    if (!ok) {
        fprintf(stderr, "jx_gen_corpus: out of memory\n");
        rc = 1;
    } else {
        size_t skipped = 0;
        if (jx_write_patched(src, p.items, p.count, out, &skipped, &d) != JX_OK) {
            char line[1024];
            fprintf(stderr, "jx_gen_corpus: %s\n", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
            rc = 1;
        }
        *npatches = (unsigned)(p.count - skipped);
        *ndefects = defects;
    }
    patches_free(&p);
    jx_model_free(m);
    jx_workbook_close(wb);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: jx_gen_corpus MAPPINGS_DIR OUTDIR FIRST COUNT SOURCE.xlsx...\n");
        return 2;
    }
    const char *outdir = argv[2];
    unsigned first = (unsigned)strtoul(argv[3], NULL, 10), count = (unsigned)strtoul(argv[4], NULL, 10);
    char **sources = argv + 5;
    int nsources = argc - 5;
    jx_catalog *cat;
    jx_diag d;
    if (jx_catalog_load(argv[1], &cat, &d) != JX_OK) {
        char line[1024];
        fprintf(stderr, "jx_gen_corpus: %s\n", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
        return 2;
    }
    mkdir(outdir, 0777);
    int rc = 0;
    for (unsigned i = first; i < first + count && rc == 0; i++) {
        const char *src = sources[i % (unsigned)nsources];
        const char *base = strrchr(src, '/');
        base = base ? base + 1 : src;
        char dir[4096], out[4200];
        snprintf(dir, sizeof dir, "%s/%.*s", outdir, (int)(strlen(base) - 5), base);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "jx_gen_corpus: %s: %s\n", dir, strerror(errno));
            rc = 1;
            break;
        }
        snprintf(out, sizeof out, "%s/%04u.xlsx", dir, i);
        unsigned np = 0, nd = 0;
        rc = make_one(cat, src, out, i, &np, &nd);
        if (rc == 0)
            printf("%s %u patches %u defects\n", out, np, nd);
    }
    jx_catalog_free(cat);
    return rc;
}
