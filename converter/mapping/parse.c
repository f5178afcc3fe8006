/*
 * parse.c - reads a mapping file (mappings/<id>.xml) with expat.
 *
 * The format is documented in docs/mapping.md.  Unknown elements and
 * attributes are errors, not ignored: a typo in a mapping must not silently
 * drop a field.  Every error names the file and the line.
 *
 * Invariant: on success every label is stored normalised (jx_normalize), so
 * locating compares bytes only; on failure nothing is leaked.
 */
#include "mapping/mapping.h"

#include <dirent.h>
#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- name tables: the words of the format ---- */

static const struct { const char *name; jx_slot slot; } slot_names[] = {
    {"title", JX_SLOT_TITLE},
    {"year", JX_SLOT_YEAR},
    {"department", JX_SLOT_DEPARTMENT},
    {"unit", JX_SLOT_UNIT},
    {"project", JX_SLOT_PROJECT},
    {"period", JX_SLOT_PERIOD},
    {"period.start", JX_SLOT_PERIOD_START},
    {"period.end", JX_SLOT_PERIOD_END},
    {"funds.total", JX_SLOT_TOTAL},
    {"funds.annual", JX_SLOT_ANNUAL},
    {"funds.fiscal", JX_SLOT_FISCAL},
    {"funds.other", JX_SLOT_OTHER},
    {"goals.period", JX_SLOT_GOAL_PERIOD},
    {"goals.annual", JX_SLOT_GOAL_ANNUAL},
};

/* role name -> role, and the target key a shorthand role implies */
static const struct { const char *name; jx_role role; const char *target_key; } role_names[] = {
    {"key", JX_ROLE_KEY, NULL},
    {"level1", JX_ROLE_LEVEL1, NULL},
    {"level2", JX_ROLE_LEVEL2, NULL},
    {"level3", JX_ROLE_LEVEL3, NULL},
    {"target", JX_ROLE_TARGET, NULL},
    {"period", JX_ROLE_TARGET, "period"},
    {"annual", JX_ROLE_TARGET, "annual"},
    {"years", JX_ROLE_YEARS, NULL},
    {"type", JX_ROLE_TYPE, NULL},
    {"basis", JX_ROLE_BASIS, NULL},
    {"class", JX_ROLE_CLASS, NULL},
    {"measure", JX_ROLE_MEASURE, NULL},
    {"extra", JX_ROLE_EXTRA, NULL},
    {"form.code", JX_ROLE_FORM_CODE, NULL},
    {"form.project", JX_ROLE_FORM_PROJECT, NULL},
    {"form.total", JX_ROLE_FORM_TOTAL, NULL},
    {"form.goal", JX_ROLE_FORM_GOAL, NULL},
};

static const struct { const char *name; jx_take take; } take_names[] = {
    {"right", JX_TAKE_RIGHT}, {"below", JX_TAKE_BELOW}, {"self", JX_TAKE_SELF},
    {"after-colon", JX_TAKE_AFTER_COLON}, {"cross", JX_TAKE_CROSS},
};

static const struct { const char *name; jx_vtype type; } type_names[] = {
    {"text", JX_V_TEXT}, {"money", JX_V_MONEY}, {"year", JX_V_YEAR}, {"period", JX_V_PERIOD},
};

static const struct { const char *name; jx_match how; } match_names[] = {
    {"exact", JX_MATCH_EXACT}, {"prefix", JX_MATCH_PREFIX}, {"contains", JX_MATCH_CONTAINS},
};

static const struct { const char *name; int64_t fen; } unit_names[] = {
    {"元", 100}, {"万元", 1000000},
};

static const char *const kinds[] = {"project", "department", "budget"};

/* Every name table above starts with `const char *name`, so one search
 * serves them all.  Returns the index, or -1. */
static int name_index(const void *table, size_t count, size_t stride, const char *key)
{
    for (size_t i = 0; i < count; i++) {
        const char *name = *(const char *const *)((const char *)table + i * stride);
        if (strcmp(name, key) == 0)
            return (int)i;
    }
    return -1;
}

/* LOOKUP(table, key, field, out): sets out to table[i].field for the entry
 * named key; evaluates to false when there is none. */
#define LOOKUP(table, key, field, out)                                                   \
    (name_index(table, sizeof(table) / sizeof(table[0]), sizeof(table[0]), (key)) >= 0 && \
     ((out) = table[name_index(table, sizeof(table) / sizeof(table[0]), sizeof(table[0]), (key))].field, true))

/* ---- parser state ---- */

typedef enum { TXT_NONE, TXT_SIGNATURE, TXT_ABSENT } text_target;

typedef struct pstate {
    jx_mapping *m;
    XML_Parser parser;
    jx_diag *diag;
    jx_error err;
    bool saw_template, in_signature, in_indicators, in_table, in_block;
    unsigned depth;
    jx_vec signature, absent, fields, sums, itables, rtables;
    /* the table being read */
    jx_table_spec table;
    jx_vec table_cols;   /* columns directly under <table> */
    jx_vec blocks;       /* jx_block_spec */
    jx_vec block_cols;   /* columns of the <block> being read */
    const char *block_name;
    bool table_is_indicators;
    text_target text_to;
    jx_buf text;
} pstate;

static unsigned cur_line(pstate *ps)
{
    return (unsigned)XML_GetCurrentLineNumber(ps->parser);
}

static void fail(pstate *ps, jx_error code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(pstate *ps, jx_error code, const char *fmt, ...)
{
    if (ps->err)
        return;
    ps->err = code;
    if (ps->diag) {
        ps->diag->code = code;
        ps->diag->line = XML_GetCurrentLineNumber(ps->parser);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->diag->detail, sizeof ps->diag->detail, fmt, ap);
        va_end(ap);
    }
    XML_StopParser(ps->parser, XML_FALSE);
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Every attribute must be one the element knows. */
static bool check_attrs(pstate *ps, const char *el, const char **atts, const char *const *known)
{
    for (size_t i = 0; atts[i]; i += 2) {
        bool ok = false;
        for (size_t k = 0; known[k]; k++)
            if (strcmp(atts[i], known[k]) == 0)
                ok = true;
        if (!ok) {
            fail(ps, JX_ERR_MAPPING, "<%s> has an unknown attribute '%s'", el, atts[i]);
            return false;
        }
    }
    return true;
}

static char *adup(pstate *ps, const char *s)
{
    char *r = jx_arena_strdup(&ps->m->arena, s);
    if (!r)
        fail(ps, JX_ERR_NOMEM, "out of memory");
    return r;
}

/* Split "a|b|c" into normalised alternatives. */
static bool make_label(pstate *ps, const char *text, const char *match, const char *nth,
                       jx_label_spec *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text) {
        fail(ps, JX_ERR_MAPPING, "empty label");
        return false;
    }
    out->raw = adup(ps, text);
    if (!out->raw)
        return false;
    out->how = JX_MATCH_EXACT;
    if (match && !LOOKUP(match_names, match, how, out->how)) {
        fail(ps, JX_ERR_MAPPING, "unknown match '%s' (exact, prefix, contains)", match);
        return false;
    }
    out->nth = 1;
    if (nth) {
        char *end;
        long v = strtol(nth, &end, 10);
        if (*end || v < 1 || v > 1000) {
            fail(ps, JX_ERR_MAPPING, "nth must be a number from 1 to 1000, not '%s'", nth);
            return false;
        }
        out->nth = (unsigned)v;
    }
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == '|';
    out->alts = jx_arena_calloc(&ps->m->arena, n, sizeof *out->alts);
    if (!out->alts) {
        fail(ps, JX_ERR_NOMEM, "out of memory");
        return false;
    }
    const char *p = text;
    while (1) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char *piece = jx_arena_strndup(&ps->m->arena, p, len);
        if (!piece) {
            fail(ps, JX_ERR_NOMEM, "out of memory");
            return false;
        }
        const char *norm = jx_normalize_arena(&ps->m->arena, piece);
        if (!norm) {
            fail(ps, JX_ERR_NOMEM, "out of memory");
            return false;
        }
        if (!*norm) {
            fail(ps, JX_ERR_MAPPING, "empty alternative in label '%s'", text);
            return false;
        }
        out->alts[out->count++] = norm;
        if (!bar)
            break;
        p = bar + 1;
    }
    return true;
}

static bool parse_unit(pstate *ps, const char *unit, int64_t *fen)
{
    if (!unit) {
        *fen = ps->m->fen_per_unit;
        return true;
    }
    if (!LOOKUP(unit_names, unit, fen, *fen)) {
        fail(ps, JX_ERR_MAPPING, "unknown money unit '%s' (元 or 万元)", unit);
        return false;
    }
    return true;
}

static bool parse_type(pstate *ps, const char *type, jx_vtype *out)
{
    *out = JX_V_TEXT;
    if (type && !LOOKUP(type_names, type, type, *out)) {
        fail(ps, JX_ERR_MAPPING, "unknown type '%s' (text, money, year, period)", type);
        return false;
    }
    return true;
}

static bool parse_uint(pstate *ps, const char *s, const char *what, unsigned max, unsigned *out)
{
    if (!s)
        return true;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || (unsigned long)v > max) {
        fail(ps, JX_ERR_MAPPING, "%s must be a number from 0 to %u, not '%s'", what, max, s);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

/* ---- elements ---- */

static void start_template(pstate *ps, const char **atts)
{
    static const char *const known[] = {"id", "kind", "title", "region", "money-unit", NULL};
    if (!check_attrs(ps, "template", atts, known))
        return;
    const char *id = attr(atts, "id"), *kind = attr(atts, "kind"), *title = attr(atts, "title");
    if (!id || !*id || !kind || !title) {
        fail(ps, JX_ERR_MAPPING, "<template> needs id, kind and title");
        return;
    }
    bool kind_ok = false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        kind_ok |= strcmp(kinds[i], kind) == 0;
    if (!kind_ok) {
        fail(ps, JX_ERR_MAPPING, "kind must be project, department or budget, not '%s'", kind);
        return;
    }
    ps->m->id = adup(ps, id);
    ps->m->kind = adup(ps, kind);
    ps->m->title = adup(ps, title);
    ps->m->region = adup(ps, attr(atts, "region") ? attr(atts, "region") : "");
    ps->m->fen_per_unit = 100;
    parse_unit(ps, attr(atts, "money-unit"), &ps->m->fen_per_unit);
    ps->saw_template = true;
}

static void start_field(pstate *ps, const char **atts)
{
    static const char *const known[] = {"name", "key", "label", "match", "nth", "take",
                                        "col-label", "col-match", "type", "unit", NULL};
    if (!check_attrs(ps, "field", atts, known))
        return;
    jx_field_spec *f = jx_vec_push(&ps->fields);
    if (!f) {
        fail(ps, JX_ERR_NOMEM, "out of memory");
        return;
    }
    f->line = cur_line(ps);
    const char *name = attr(atts, "name");
    if (name && !LOOKUP(slot_names, name, slot, f->slot)) {
        fail(ps, JX_ERR_MAPPING, "unknown field name '%s'", name);
        return;
    }
    if (attr(atts, "key") && !(f->key = adup(ps, attr(atts, "key"))))
        return;
    if (!make_label(ps, attr(atts, "label"), attr(atts, "match"), attr(atts, "nth"), &f->label))
        return;
    const char *take = attr(atts, "take");
    if (take && !LOOKUP(take_names, take, take, f->take)) {
        fail(ps, JX_ERR_MAPPING, "unknown take '%s' (right, below, self, after-colon, cross)", take);
        return;
    }
    if (f->take == JX_TAKE_CROSS) {
        if (!make_label(ps, attr(atts, "col-label"), attr(atts, "col-match"), NULL, &f->col_label))
            return;
    } else if (attr(atts, "col-label")) {
        fail(ps, JX_ERR_MAPPING, "col-label goes with take=\"cross\"");
        return;
    }
    if (!parse_type(ps, attr(atts, "type"), &f->type))
        return;
    parse_unit(ps, attr(atts, "unit"), &f->fen_per_unit);
}

static void start_sum(pstate *ps, const char **atts)
{
    static const char *const known[] = {"name", "of", NULL};
    if (!check_attrs(ps, "sum", atts, known))
        return;
    jx_sum_spec *s = jx_vec_push(&ps->sums);
    if (!s) {
        fail(ps, JX_ERR_NOMEM, "out of memory");
        return;
    }
    const char *name = attr(atts, "name"), *of = attr(atts, "of");
    if (!name || !of || !LOOKUP(slot_names, name, slot, s->slot)) {
        fail(ps, JX_ERR_MAPPING, "<sum> needs a known name and of=\"part part\"");
        return;
    }
    char buf[256];
    jx_strlcpy_utf8(buf, of, sizeof buf);
    char *save = NULL; /* strtok keeps its place in a static: not with threads */
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (s->part_count == sizeof s->parts / sizeof s->parts[0]) {
            fail(ps, JX_ERR_MAPPING, "<sum> takes at most 4 parts");
            return;
        }
        if (!LOOKUP(slot_names, tok, slot, s->parts[s->part_count])) {
            fail(ps, JX_ERR_MAPPING, "unknown part '%s' in <sum>", tok);
            return;
        }
        s->part_count++;
    }
}

static void start_table(pstate *ps, const char **atts)
{
    static const char *const known[] = {"name", "anchor", "match", "nth", "window-up",
                                        "window-down", NULL};
    if (!check_attrs(ps, "table", atts, known))
        return;
    memset(&ps->table, 0, sizeof ps->table);
    jx_vec_init(&ps->table_cols, sizeof(jx_column_spec));
    jx_vec_init(&ps->blocks, sizeof(jx_block_spec));
    ps->table.line = cur_line(ps);
    ps->table_is_indicators = ps->in_indicators;
    const char *name = attr(atts, "name");
    if (!ps->in_indicators && !name) {
        fail(ps, JX_ERR_MAPPING, "a <table> outside <indicators> needs a name");
        return;
    }
    if (name && !(ps->table.name = adup(ps, name)))
        return;
    if (!make_label(ps, attr(atts, "anchor"), attr(atts, "match"), attr(atts, "nth"), &ps->table.anchor))
        return;
    ps->table.window_up = 2;
    ps->table.window_down = 3;
    if (!parse_uint(ps, attr(atts, "window-up"), "window-up", 20, &ps->table.window_up) ||
        !parse_uint(ps, attr(atts, "window-down"), "window-down", 20, &ps->table.window_down))
        return;
    ps->table.end_blank = true;
    ps->in_table = true;
}

static void start_column(pstate *ps, const char **atts)
{
    static const char *const known[] = {"role", "key", "header", "match", "nth", "offset",
                                        "type", "unit", NULL};
    if (!check_attrs(ps, "column", atts, known))
        return;
    jx_vec *into = ps->in_block ? &ps->block_cols : &ps->table_cols;
    jx_column_spec *c = jx_vec_push(into);
    if (!c) {
        fail(ps, JX_ERR_NOMEM, "out of memory");
        return;
    }
    c->line = cur_line(ps);
    const char *role = attr(atts, "role"), *key = attr(atts, "key");
    const char *implied_key = NULL;
    c->role = JX_ROLE_KEY;
    if (role && !LOOKUP(role_names, role, role, c->role)) {
        fail(ps, JX_ERR_MAPPING, "unknown column role '%s'", role);
        return;
    }
    if (role)
        for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
            if (strcmp(role_names[i].name, role) == 0)
                implied_key = role_names[i].target_key;
    if (!key)
        key = implied_key;
    if ((c->role == JX_ROLE_KEY || c->role == JX_ROLE_TARGET || c->role == JX_ROLE_EXTRA) && !key) {
        fail(ps, JX_ERR_MAPPING, "a column with role '%s' needs a key", role ? role : "key");
        return;
    }
    if (!ps->table_is_indicators && c->role != JX_ROLE_KEY && c->role != JX_ROLE_YEARS) {
        fail(ps, JX_ERR_MAPPING, "a row table's columns take a key (or role=\"years\"), not role '%s'", role);
        return;
    }
    if (key && !(c->key = adup(ps, key)))
        return;
    if (c->role == JX_ROLE_YEARS) {
        /* the header is any year; the label only bounds the search */
        if (!make_label(ps, "年", "contains", NULL, &c->header))
            return;
    } else if (!make_label(ps, attr(atts, "header"), attr(atts, "match"), attr(atts, "nth"), &c->header))
        return;
    const char *off = attr(atts, "offset");
    if (off) {
        unsigned v = 0;
        if (!parse_uint(ps, off, "offset", 50, &v))
            return;
        c->offset = (int)v;
    }
    if (!parse_type(ps, attr(atts, "type"), &c->type))
        return;
    parse_unit(ps, attr(atts, "unit"), &c->fen_per_unit);
}

static void start_end(pstate *ps, const char **atts)
{
    static const char *const known[] = {"label", "match", "blank", NULL};
    if (!check_attrs(ps, "end", atts, known))
        return;
    if (attr(atts, "label") &&
        !make_label(ps, attr(atts, "label"), attr(atts, "match"), NULL, &ps->table.end))
        return;
    const char *blank = attr(atts, "blank");
    if (blank)
        ps->table.end_blank = strcmp(blank, "false") != 0;
}

static bool finish_vec(pstate *ps, jx_vec *v, void **out, size_t *count)
{
    *count = v->len;
    *out = NULL;
    if (v->len) {
        *out = jx_arena_alloc(&ps->m->arena, v->len * v->item);
        if (!*out) {
            fail(ps, JX_ERR_NOMEM, "out of memory");
            jx_vec_free(v);
            return false;
        }
        memcpy(*out, v->data, v->len * v->item);
    }
    jx_vec_free(v);
    return true;
}

static void end_block(pstate *ps)
{
    jx_block_spec *b = jx_vec_push(&ps->blocks);
    if (!b) {
        fail(ps, JX_ERR_NOMEM, "out of memory");
        return;
    }
    b->name = ps->block_name;
    finish_vec(ps, &ps->block_cols, (void **)&b->columns, &b->column_count);
    ps->in_block = false;
}

static void end_table(pstate *ps)
{
    jx_table_spec *t = &ps->table;
    if (ps->blocks.len == 0) {
        /* no <block>: the table's own columns are its one block */
        jx_block_spec *b = jx_vec_push(&ps->blocks);
        if (!b) {
            fail(ps, JX_ERR_NOMEM, "out of memory");
            return;
        }
        b->name = t->name;
        if (!finish_vec(ps, &ps->table_cols, (void **)&b->columns, &b->column_count))
            return;
    } else if (!finish_vec(ps, &ps->table_cols, (void **)&t->shared, &t->shared_count))
        return;
    if (!finish_vec(ps, &ps->blocks, (void **)&t->blocks, &t->block_count))
        return;
    size_t ncols = t->shared_count;
    for (size_t i = 0; i < t->block_count; i++)
        ncols += t->blocks[i].column_count;
    if (!ncols) {
        fail(ps, JX_ERR_MAPPING, "<table> has no <column>");
        return;
    }
    jx_table_spec *slot = jx_vec_push(ps->table_is_indicators ? &ps->itables : &ps->rtables);
    if (!slot) {
        fail(ps, JX_ERR_NOMEM, "out of memory");
        return;
    }
    *slot = *t;
    ps->in_table = false;
}

/* Which elements may appear where: parent -> allowed children. */
static bool allowed(pstate *ps, const char *el)
{
    if (ps->depth == 0)
        return strcmp(el, "template") == 0;
    if (ps->in_signature)
        return strcmp(el, "label") == 0 || strcmp(el, "absent") == 0;
    if (ps->in_block)
        return strcmp(el, "column") == 0;
    if (ps->in_table)
        return strcmp(el, "column") == 0 || strcmp(el, "block") == 0 || strcmp(el, "end") == 0;
    if (ps->in_indicators)
        return strcmp(el, "table") == 0;
    if (ps->depth == 1)
        return strcmp(el, "signature") == 0 || strcmp(el, "field") == 0 || strcmp(el, "sum") == 0 ||
               strcmp(el, "indicators") == 0 || strcmp(el, "table") == 0;
    return false;
}

static void XMLCALL on_start(void *ud, const char *el, const char **atts)
{
    pstate *ps = ud;
    if (ps->err)
        return;
    if (!allowed(ps, el)) {
        fail(ps, JX_ERR_MAPPING, "<%s> is not allowed here", el);
        return;
    }
    ps->depth++;
    if (strcmp(el, "template") == 0)
        start_template(ps, atts);
    else if (strcmp(el, "signature") == 0)
        ps->in_signature = true;
    else if (strcmp(el, "label") == 0 || strcmp(el, "absent") == 0) {
        static const char *const known[] = {"match", NULL};
        if (!check_attrs(ps, el, atts, known))
            return;
        /* the end of a label takes the last one pushed: one at a time */
        if (ps->text_to != TXT_NONE) {
            fail(ps, JX_ERR_MAPPING, "<%s> inside <%s>", el, ps->text_to == TXT_SIGNATURE ? "label" : "absent");
            return;
        }
        ps->text_to = el[0] == 'l' ? TXT_SIGNATURE : TXT_ABSENT;
        ps->text.len = 0;
        /* remember the match mode in the text buffer's prefix: simplest is
         * to stash it; labels default to exact */
        jx_label_spec *l = jx_vec_push(ps->text_to == TXT_SIGNATURE ? &ps->signature : &ps->absent);
        if (!l) {
            fail(ps, JX_ERR_NOMEM, "out of memory");
            return;
        }
        l->how = JX_MATCH_EXACT;
        const char *match = attr(atts, "match");
        if (match && !LOOKUP(match_names, match, how, l->how))
            fail(ps, JX_ERR_MAPPING, "unknown match '%s'", match);
    } else if (strcmp(el, "field") == 0)
        start_field(ps, atts);
    else if (strcmp(el, "sum") == 0)
        start_sum(ps, atts);
    else if (strcmp(el, "indicators") == 0)
        ps->in_indicators = true;
    else if (strcmp(el, "table") == 0)
        start_table(ps, atts);
    else if (strcmp(el, "block") == 0) {
        static const char *const known[] = {"name", NULL};
        if (!check_attrs(ps, "block", atts, known))
            return;
        jx_vec_init(&ps->block_cols, sizeof(jx_column_spec));
        ps->block_name = attr(atts, "name") ? adup(ps, attr(atts, "name")) : NULL;
        ps->in_block = true;
    } else if (strcmp(el, "column") == 0)
        start_column(ps, atts);
    else if (strcmp(el, "end") == 0)
        start_end(ps, atts);
}

static void XMLCALL on_end(void *ud, const char *el)
{
    pstate *ps = ud;
    if (ps->err)
        return;
    ps->depth--;
    if (strcmp(el, "signature") == 0)
        ps->in_signature = false;
    else if (strcmp(el, "label") == 0 || strcmp(el, "absent") == 0) {
        jx_vec *v = ps->text_to == TXT_SIGNATURE ? &ps->signature : &ps->absent;
        jx_label_spec *l = (jx_label_spec *)v->data + (v->len - 1);
        jx_match how = l->how;
        if (!jx_buf_terminate(&ps->text)) {
            fail(ps, JX_ERR_NOMEM, "out of memory");
            return;
        }
        /* trim the element's surrounding white space */
        char *s = ps->text.data;
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            s[--n] = '\0';
        if (make_label(ps, s, NULL, NULL, l))
            l->how = how;
        ps->text_to = TXT_NONE;
    } else if (strcmp(el, "indicators") == 0)
        ps->in_indicators = false;
    else if (strcmp(el, "block") == 0)
        end_block(ps);
    else if (strcmp(el, "table") == 0)
        end_table(ps);
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    pstate *ps = ud;
    if (ps->err || ps->text_to == TXT_NONE)
        return;
    if (!jx_buf_append(&ps->text, s, (size_t)len))
        fail(ps, JX_ERR_NOMEM, "out of memory");
}

void jx_mapping_free(jx_mapping *m)
{
    if (!m)
        return;
    jx_arena_free(&m->arena);
    free(m);
}

jx_error jx_mapping_parse(const char *xml, size_t len, const char *name, jx_mapping **out, jx_diag *diag)
{
    *out = NULL;
    if (diag) {
        jx_diag_clear(diag);
        jx_diag_set_file(diag, name);
    }
    jx_mapping *m = jx_calloc(1, sizeof *m);
    if (!m)
        return jx_fail(diag, JX_ERR_NOMEM, NULL);
    jx_arena_init(&m->arena, 16 * 1024);
    pstate ps = {.m = m, .diag = diag};
    jx_vec_init(&ps.signature, sizeof(jx_label_spec));
    jx_vec_init(&ps.absent, sizeof(jx_label_spec));
    jx_vec_init(&ps.fields, sizeof(jx_field_spec));
    jx_vec_init(&ps.sums, sizeof(jx_sum_spec));
    jx_vec_init(&ps.itables, sizeof(jx_table_spec));
    jx_vec_init(&ps.rtables, sizeof(jx_table_spec));
    jx_vec_init(&ps.table_cols, sizeof(jx_column_spec));
    jx_vec_init(&ps.blocks, sizeof(jx_block_spec));
    jx_vec_init(&ps.block_cols, sizeof(jx_column_spec));
    ps.parser = XML_ParserCreate_MM("UTF-8", JX_XML_MEMORY, NULL);
    if (!ps.parser) {
        jx_mapping_free(m);
        return jx_fail(diag, JX_ERR_NOMEM, NULL);
    }
    XML_SetUserData(ps.parser, &ps);
    XML_SetElementHandler(ps.parser, on_start, on_end);
    XML_SetCharacterDataHandler(ps.parser, on_text);
    if (len > INT32_MAX) {
        ps.err = jx_fail(diag, JX_ERR_LIMIT, "mapping file too large");
    } else if (XML_Parse(ps.parser, xml, (int)len, XML_TRUE) == XML_STATUS_ERROR && !ps.err) {
        if (XML_GetErrorCode(ps.parser) == XML_ERROR_NO_MEMORY) {
            ps.err = jx_fail(diag, JX_ERR_NOMEM, NULL);
        } else {
            ps.err = JX_ERR_MAPPING;
            if (diag) {
                diag->code = JX_ERR_MAPPING;
                diag->line = XML_GetCurrentLineNumber(ps.parser);
                snprintf(diag->detail, sizeof diag->detail, "XML: %s",
                         XML_ErrorString(XML_GetErrorCode(ps.parser)));
            }
        }
    }
    if (!ps.err && !ps.saw_template)
        ps.err = jx_fail(diag, JX_ERR_MAPPING, "no <template> element");
    if (!ps.err && ps.signature.len == 0)
        ps.err = jx_fail(diag, JX_ERR_MAPPING, "<signature> needs at least one <label>");
    if (!ps.err) {
        bool ok = finish_vec(&ps, &ps.signature, (void **)&m->signature, &m->signature_count) &&
                  finish_vec(&ps, &ps.absent, (void **)&m->absent, &m->absent_count) &&
                  finish_vec(&ps, &ps.fields, (void **)&m->fields, &m->field_count) &&
                  finish_vec(&ps, &ps.sums, (void **)&m->sums, &m->sum_count) &&
                  finish_vec(&ps, &ps.itables, (void **)&m->indicator_tables, &m->indicator_table_count) &&
                  finish_vec(&ps, &ps.rtables, (void **)&m->row_tables, &m->row_table_count);
        if (!ok && !ps.err)
            ps.err = JX_ERR_NOMEM;
        if (ok && !(m->path = jx_arena_strdup(&m->arena, name)))
            ps.err = JX_ERR_NOMEM;
    }
    XML_ParserFree(ps.parser);
    jx_vec_free(&ps.signature);
    jx_vec_free(&ps.absent);
    jx_vec_free(&ps.fields);
    jx_vec_free(&ps.sums);
    jx_vec_free(&ps.itables);
    jx_vec_free(&ps.rtables);
    jx_vec_free(&ps.table_cols);
    jx_vec_free(&ps.blocks);
    jx_vec_free(&ps.block_cols);
    jx_buf_free(&ps.text);
    if (ps.err) {
        if (diag)
            diag->code = ps.err;
        jx_mapping_free(m);
        return ps.err;
    }
    *out = m;
    return JX_OK;
}

/* Mapping files are small (a few KiB), so reading one whole is fine; the
 * streaming rule is for workbook parts. */
#define JX_MAX_MAPPING_BYTES (1u << 20)

jx_error jx_mapping_load(const char *path, jx_mapping **out, jx_diag *diag)
{
    *out = NULL;
    if (diag) {
        jx_diag_clear(diag);
        jx_diag_set_file(diag, path);
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return jx_fail(diag, JX_ERR_IO, "%s", strerror(errno));
    jx_buf b = {0};
    char chunk[8192];
    size_t n;
    jx_error err = JX_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > JX_MAX_MAPPING_BYTES) {
            err = jx_fail(diag, JX_ERR_LIMIT, "mapping file larger than 1 MiB");
            break;
        }
        if (!jx_buf_append(&b, chunk, n)) {
            err = jx_fail(diag, JX_ERR_NOMEM, NULL);
            break;
        }
    }
    if (!err && ferror(f))
        err = jx_fail(diag, JX_ERR_IO, "read error");
    fclose(f);
    if (!err)
        err = jx_mapping_parse(b.data ? b.data : "", b.len, path, out, diag);
    jx_buf_free(&b);
    return err;
}

/* ---- catalog ---- */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void jx_catalog_free(jx_catalog *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->count; i++)
        jx_mapping_free(cat->items[i]);
    free(cat->items);
    free(cat);
}

jx_error jx_catalog_load(const char *dir, jx_catalog **out, jx_diag *diag)
{
    *out = NULL;
    jx_diag_clear(diag);
    jx_diag_set_file(diag, dir);
    DIR *d = opendir(dir);
    if (!d)
        return jx_fail(diag, JX_ERR_IO, "%s", strerror(errno));
    /* read names first and sort them, so the catalog's order (and so
     * detection ties and `jixiao templates`) does not depend on the
     * file system */
    jx_vec names;
    jx_vec_init(&names, sizeof(char *));
    jx_error err = JX_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0 || e->d_name[0] == '.')
            continue;
        char **slot = jx_vec_push(&names);
        if (!slot || !(*slot = jx_strdup(e->d_name))) {
            err = jx_fail(diag, JX_ERR_NOMEM, NULL);
            break;
        }
    }
    closedir(d);
    jx_catalog *cat = NULL;
    if (!err && names.len == 0)
        err = jx_fail(diag, JX_ERR_NO_MAPPINGS, NULL);
    if (!err) {
        qsort(names.data, names.len, sizeof(char *), cmp_names);
        cat = jx_calloc(1, sizeof *cat);
        if (!cat || !(cat->items = jx_calloc(names.len, sizeof *cat->items)))
            err = jx_fail(diag, JX_ERR_NOMEM, NULL);
    }
    for (size_t i = 0; !err && i < names.len; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, ((char **)names.data)[i]);
        err = jx_mapping_load(path, &cat->items[cat->count], diag);
        if (err)
            break;
        /* two files claiming one id would make detection ambiguous */
        for (size_t k = 0; k < cat->count; k++)
            if (strcmp(cat->items[k]->id, cat->items[cat->count]->id) == 0) {
                err = jx_fail(diag, JX_ERR_MAPPING, "template id '%s' is also used by %s",
                              cat->items[k]->id, cat->items[k]->path);
                jx_mapping_free(cat->items[cat->count]);
                cat->items[cat->count] = NULL;
                break;
            }
        if (!err)
            cat->count++;
    }
    for (size_t i = 0; i < names.len; i++)
        free(((char **)names.data)[i]);
    jx_vec_free(&names);
    if (err) {
        jx_catalog_free(cat);
        return err;
    }
    *out = cat;
    return JX_OK;
}

size_t jx_catalog_count(const jx_catalog *cat) { return cat ? cat->count : 0; }

const jx_mapping *jx_catalog_get(const jx_catalog *cat, size_t index)
{
    return cat && index < cat->count ? cat->items[index] : NULL;
}

const jx_mapping *jx_catalog_find(const jx_catalog *cat, const char *id)
{
    for (size_t i = 0; cat && i < cat->count; i++)
        if (strcmp(cat->items[i]->id, id) == 0)
            return cat->items[i];
    return NULL;
}

const char *jx_mapping_id(const jx_mapping *m) { return m->id; }
const char *jx_mapping_title(const jx_mapping *m) { return m->title; }
const char *jx_mapping_kind(const jx_mapping *m) { return m->kind; }
const char *jx_mapping_region(const jx_mapping *m) { return m->region; }
const char *jx_mapping_path(const jx_mapping *m) { return m->path; }
