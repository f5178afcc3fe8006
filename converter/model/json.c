/*
 * json.c - writes the model as JSON (shape documented in docs/model.md).
 *
 * Output is streamed through the caller's write function in chunks, so a
 * 200,000-indicator model is never held twice.  Keys come out in a fixed
 * order, so that two runs over one workbook give byte-identical output and
 * the checked-in expected models can be compared as text.
 */
#include "common/common.h"

#include <stdio.h>
#include <string.h>

typedef struct jw {
    jx_write_fn write;
    void *ud;
    jx_buf buf;
    bool failed;
    int depth;
    bool first[64];   /* per nesting level: no comma needed yet */
} jw;

static void flush(jw *w, bool force)
{
    if (w->failed || (!force && w->buf.len < 64 * 1024))
        return;
    if (w->buf.len && w->write(w->ud, w->buf.data, w->buf.len) != 0)
        w->failed = true;
    w->buf.len = 0;
}

static void raw(jw *w, const char *s, size_t n)
{
    /* the common case: room in the buffer, no checks beyond one compare */
    if (w->buf.len + n < w->buf.cap) {
        memcpy(w->buf.data + w->buf.len, s, n);
        w->buf.len += n;
        return;
    }
    if (w->failed)
        return;
    flush(w, true);
    if (!jx_buf_append(&w->buf, s, n))
        w->failed = true;
}

static void rawz(jw *w, const char *s) { raw(w, s, strlen(s)); }

static void str(jw *w, const char *s)
{
    if (!s) {
        rawz(w, "null");
        return;
    }
    raw(w, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = NULL;
        char u[8];
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (*p < 0x20) {
                snprintf(u, sizeof u, "\\u%04x", *p);
                esc = u;
            }
        }
        if (esc) {
            raw(w, run, (size_t)((const char *)p - run));
            rawz(w, esc);
            run = (const char *)p + 1;
        }
    }
    rawz(w, run);
    raw(w, "\"", 1);
}

static void indent(jw *w)
{
    static const char spaces[] = "\n                                                                ";
    size_t n = 1 + 2 * (size_t)w->depth;
    raw(w, spaces, n < sizeof spaces - 1 ? n : sizeof spaces - 1);
}

static void open_(jw *w, const char *brace)
{
    rawz(w, brace);
    if (w->depth < 63)
        w->depth++;
    w->first[w->depth] = true;
}

static void close_(jw *w, const char *brace)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        indent(w);
    rawz(w, brace);
}

static void key(jw *w, const char *k)
{
    if (!w->first[w->depth])
        raw(w, ",", 1);
    w->first[w->depth] = false;
    indent(w);
    str(w, k);
    raw(w, ": ", 2);
}

static void item(jw *w)
{
    if (!w->first[w->depth])
        raw(w, ",", 1);
    w->first[w->depth] = false;
    indent(w);
}

static void kstr(jw *w, const char *k, const char *v)
{
    key(w, k);
    str(w, v);
}

static void kint(jw *w, const char *k, long v, bool present)
{
    key(w, k);
    if (!present) {
        rawz(w, "null");
        return;
    }
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    rawz(w, b);
}

static void kmoney(jw *w, const char *k, const jx_money *m)
{
    key(w, k);
    if (!m->present) {
        rawz(w, "null");
        return;
    }
    char b[32];
    str(w, jx_money_format(m->fen, b));
}

static void kcell(jw *w, const char *k, jx_origin at)
{
    key(w, k);
    if (!at.row) {
        rawz(w, "null");
        return;
    }
    char b[16];
    str(w, jx_cell_ref(at.row, at.col, b));
}

static void decimal(jw *w, jx_decimal d)
{
    char digits[32];
    int64_t v = d.digits < 0 ? -d.digits : d.digits;
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    size_t n = strlen(digits);
    if (d.digits < 0)
        raw(w, "-", 1);
    if (d.scale <= 0) {
        rawz(w, digits);
        return;
    }
    size_t scale = (size_t)d.scale;
    if (n <= scale) {
        raw(w, "0.", 2);
        for (size_t i = n; i < scale; i++)
            raw(w, "0", 1);
        rawz(w, digits);
        return;
    }
    raw(w, digits, n - scale);
    raw(w, ".", 1);
    raw(w, digits + n - scale, scale);
}

static const char *op_name(jx_op op)
{
    static const char *const names[] = {[JX_OP_NONE] = NULL, [JX_OP_GE] = ">=", [JX_OP_LE] = "<=",
                                        [JX_OP_GT] = ">",    [JX_OP_LT] = "<",  [JX_OP_EQ] = "="};
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : NULL;
}

static void target(jw *w, const jx_target *t)
{
    key(w, t->key);
    open_(w, "{");
    kstr(w, "text", t->text);
    kstr(w, "op", op_name(t->op));
    key(w, "value");
    if (t->has_value)
        decimal(w, t->value);
    else
        rawz(w, "null");
    kstr(w, "unit", t->unit);
    kcell(w, "cell", t->at);
    close_(w, "}");
}

static void indicator(jw *w, const jx_indicator *ind)
{
    item(w);
    open_(w, "{");
    kstr(w, "level1", ind->level1.s);
    kstr(w, "level2", ind->level2.s);
    kstr(w, "level3", ind->level3.s);
    key(w, "targets");
    open_(w, "{");
    for (size_t i = 0; i < ind->target_count; i++)
        target(w, &ind->targets[i]);
    close_(w, "}");
    kstr(w, "type", ind->type.s);
    kstr(w, "basis", ind->basis.s);
    kstr(w, "class", ind->klass.s);
    kstr(w, "measure", ind->measure.s);
    if (ind->extra_count) {
        key(w, "extra");
        open_(w, "{");
        for (size_t i = 0; i < ind->extra_count; i++)
            kstr(w, ind->extra[i].key, ind->extra[i].value);
        close_(w, "}");
    }
    kcell(w, "cell", ind->at);
    close_(w, "}");
}

static void table(jw *w, const jx_table *t)
{
    key(w, t->name);
    open_(w, "[");
    for (size_t r = 0; r < t->row_count; r++) {
        const jx_row *row = &t->rows[r];
        item(w);
        open_(w, "{");
        kint(w, "row", (long)row->row, true);
        key(w, "values");
        open_(w, "{");
        for (size_t i = 0; i < row->count; i++) {
            if (row->values[i].is_money && row->values[i].money.present)
                kmoney(w, row->values[i].key, &row->values[i].money);
            else
                kstr(w, row->values[i].key, row->values[i].text);
        }
        close_(w, "}");
        key(w, "cells");
        open_(w, "{");
        for (size_t i = 0; i < row->count; i++)
            kcell(w, row->values[i].key, row->values[i].at);
        close_(w, "}");
        close_(w, "}");
    }
    close_(w, "]");
}

static void form(jw *w, const jx_form *f)
{
    item(w);
    open_(w, "{");
    kstr(w, "sheet", f->sheet);
    kstr(w, "template", f->template_id);
    kstr(w, "kind", f->kind);
    kstr(w, "title", f->title.s);
    kint(w, "year", f->year, f->year != 0);
    kstr(w, "department", f->department.s);
    kstr(w, "unit", f->unit.s);
    kstr(w, "project", f->project.s);
    key(w, "period");
    if (f->has_period) {
        open_(w, "{");
        kint(w, "start", f->period_start, f->period_start != 0);
        kint(w, "end", f->period_end, f->period_end != 0);
        close_(w, "}");
    } else
        rawz(w, "null");
    key(w, "funds");
    open_(w, "{");
    kmoney(w, "total", &f->total);
    kmoney(w, "annual", &f->annual);
    kmoney(w, "fiscal", &f->fiscal);
    kmoney(w, "other", &f->other);
    close_(w, "}");
    key(w, "goals");
    open_(w, "{");
    kstr(w, "period", f->goal_period.s);
    kstr(w, "annual", f->goal_annual.s);
    close_(w, "}");
    key(w, "fields");
    open_(w, "{");
    for (size_t i = 0; i < f->field_count; i++)
        kstr(w, f->fields[i].key, f->fields[i].value);
    close_(w, "}");
    key(w, "amounts");
    open_(w, "{");
    for (size_t i = 0; i < f->amount_count; i++)
        kmoney(w, f->amounts[i].key, &f->amounts[i].money);
    close_(w, "}");
    /* where each scalar came from */
    key(w, "cells");
    open_(w, "{");
    if (f->title.s)
        kcell(w, "title", f->title.at);
    if (f->year)
        kcell(w, "year", f->year_at);
    if (f->department.s)
        kcell(w, "department", f->department.at);
    if (f->unit.s)
        kcell(w, "unit", f->unit.at);
    if (f->project.s)
        kcell(w, "project", f->project.at);
    if (f->period_start)
        kcell(w, "period.start", f->period_start_at);
    if (f->period_end)
        kcell(w, "period.end", f->period_end_at);
    if (f->total.present)
        kcell(w, "funds.total", f->total.at);
    if (f->annual.present)
        kcell(w, "funds.annual", f->annual.at);
    if (f->fiscal.present)
        kcell(w, "funds.fiscal", f->fiscal.at);
    if (f->other.present)
        kcell(w, "funds.other", f->other.at);
    if (f->goal_period.s)
        kcell(w, "goals.period", f->goal_period.at);
    if (f->goal_annual.s)
        kcell(w, "goals.annual", f->goal_annual.at);
    for (size_t i = 0; i < f->field_count; i++) {
        char k[600];
        snprintf(k, sizeof k, "fields.%s", f->fields[i].key);
        kcell(w, k, f->fields[i].at);
    }
    for (size_t i = 0; i < f->amount_count; i++) {
        char k[600];
        snprintf(k, sizeof k, "amounts.%s", f->amounts[i].key);
        kcell(w, k, f->amounts[i].money.at);
    }
    close_(w, "}");
    key(w, "indicators");
    open_(w, "[");
    for (size_t i = 0; i < f->indicator_count; i++)
        indicator(w, &f->indicators[i]);
    close_(w, "]");
    key(w, "tables");
    open_(w, "{");
    for (size_t i = 0; i < f->table_count; i++)
        table(w, &f->tables[i]);
    close_(w, "}");
    close_(w, "}");
}

jx_error jx_model_write_json(const jx_model *m, jx_write_fn write, void *ud)
{
    jw w = {.write = write, .ud = ud};
    w.first[0] = true;
    if (!jx_buf_reserve(&w.buf, 256 * 1024))
        return JX_ERR_NOMEM;
    open_(&w, "{");
    kstr(&w, "file", m->file);
    key(&w, "forms");
    open_(&w, "[");
    for (size_t i = 0; i < m->form_count; i++)
        form(&w, &m->forms[i]);
    close_(&w, "]");
    key(&w, "unknown_sheets");
    open_(&w, "[");
    for (size_t i = 0; i < m->unknown_count; i++) {
        item(&w);
        str(&w, m->unknown_sheets[i]);
    }
    close_(&w, "]");
    close_(&w, "}");
    raw(&w, "\n", 1);
    flush(&w, true);
    jx_buf_free(&w.buf);
    return w.failed ? JX_ERR_IO : JX_OK;
}
