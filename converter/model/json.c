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

/* Bytes JSON needs escaped: control characters, the quote, the backslash.
 * Everything else (UTF-8 included) is copied in runs. */
static const unsigned char needs_escape[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
    ['"'] = 1, ['\\'] = 1,
};

static void str(jw *w, const char *s)
{
    if (!s) {
        raw(w, "null", 4);
        return;
    }
    raw(w, "\"", 1);
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;; p++) {
        if (!needs_escape[*p])
            continue;
        raw(w, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        char esc[8];
        switch (*p) {
        case '"': raw(w, "\\\"", 2); break;
        case '\\': raw(w, "\\\\", 2); break;
        case '\n': raw(w, "\\n", 2); break;
        case '\r': raw(w, "\\r", 2); break;
        case '\t': raw(w, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            raw(w, esc, 6);
        }
        run = p + 1;
    }
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

/* A key: a literal with its quotes and colon precomputed (no escape scan
 * for the dozens of fixed keys every indicator repeats), or a string from
 * the form (a label) that must be escaped. */
typedef struct jkey { const char *s; size_t n; bool literal; } jkey;
#define L(x) ((jkey){"\"" x "\": ", sizeof("\"" x "\": ") - 1, true})
#define D(x) ((jkey){(x), 0, false})

static void key(jw *w, jkey k)
{
    if (!w->first[w->depth])
        raw(w, ",", 1);
    w->first[w->depth] = false;
    indent(w);
    if (k.literal)
        raw(w, k.s, k.n);
    else {
        str(w, k.s);
        raw(w, ": ", 2);
    }
}

static void item(jw *w)
{
    if (!w->first[w->depth])
        raw(w, ",", 1);
    w->first[w->depth] = false;
    indent(w);
}

static void kstr(jw *w, jkey k, const char *v)
{
    key(w, k);
    str(w, v);
}

/* Unsigned decimal digits of v into buf (no NUL); returns the count. */
static size_t utoa10(uint64_t v, char *buf)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

static void kint(jw *w, jkey k, long v, bool present)
{
    key(w, k);
    if (!present) {
        rawz(w, "null");
        return;
    }
    char b[32];
    size_t n = 0;
    if (v < 0)
        b[n++] = '-';
    n += utoa10(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, b + n);
    raw(w, b, n);
}

static void kmoney(jw *w, jkey k, const jx_money *m)
{
    key(w, k);
    if (!m->present) {
        rawz(w, "null");
        return;
    }
    char b[32];
    str(w, jx_money_format(m->fen, b));
}

static void kcell(jw *w, jkey k, jx_origin at)
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
    uint64_t v = d.digits < 0 ? (uint64_t)0 - (uint64_t)d.digits : (uint64_t)d.digits;
    size_t n = utoa10(v, digits);
    digits[n] = '\0';
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
    key(w, D(t->key));
    open_(w, "{");
    kstr(w, L("text"), t->text);
    kstr(w, L("op"), op_name(t->op));
    key(w, L("value"));
    if (t->has_value)
        decimal(w, t->value);
    else
        rawz(w, "null");
    kstr(w, L("unit"), t->unit);
    kcell(w, L("cell"), t->at);
    close_(w, "}");
}

static void indicator(jw *w, const jx_form *f, const jx_indicator *ind)
{
    item(w);
    open_(w, "{");
    kstr(w, L("level1"), ind->level1.s);
    kstr(w, L("level2"), ind->level2.s);
    kstr(w, L("level3"), ind->level3.s);
    key(w, L("targets"));
    open_(w, "{");
    for (size_t i = 0; i < ind->target_count; i++)
        if (ind->targets[i].text) /* an empty cell is no target */
            target(w, &ind->targets[i]);
    close_(w, "}");
    kstr(w, L("type"), ind->type.s);
    kstr(w, L("basis"), ind->basis.s);
    kstr(w, L("class"), ind->klass.s);
    kstr(w, L("measure"), ind->measure.s);
    if (ind->extra_count) {
        key(w, L("extra"));
        open_(w, "{");
        for (size_t i = 0; i < ind->extra_count; i++)
            kstr(w, D(ind->extra[i].key), ind->extra[i].value);
        close_(w, "}");
    }
    if (f->list_count > 1) {
        /* which of the form's lists (中期/年度 ...) name this indicator */
        key(w, L("listed_in"));
        open_(w, "[");
        for (size_t i = 0; i < f->list_count && i < 32; i++)
            if (ind->lists & (1u << i)) {
                item(w);
                str(w, f->list_names[i]);
            }
        close_(w, "]");
    }
    kcell(w, L("cell"), ind->at);
    close_(w, "}");
}

static void table(jw *w, const jx_table *t)
{
    key(w, D(t->name));
    open_(w, "[");
    for (size_t r = 0; r < t->row_count; r++) {
        const jx_row *row = &t->rows[r];
        item(w);
        open_(w, "{");
        kint(w, L("row"), (long)row->row, true);
        key(w, L("values"));
        open_(w, "{");
        for (size_t i = 0; i < row->count; i++) {
            if (row->values[i].is_money && row->values[i].money.present)
                kmoney(w, D(row->values[i].key), &row->values[i].money);
            else
                kstr(w, D(row->values[i].key), row->values[i].text);
        }
        close_(w, "}");
        key(w, L("cells"));
        open_(w, "{");
        for (size_t i = 0; i < row->count; i++)
            kcell(w, D(row->values[i].key), row->values[i].at);
        close_(w, "}");
        close_(w, "}");
    }
    close_(w, "]");
}

static void form(jw *w, const jx_form *f)
{
    item(w);
    open_(w, "{");
    kstr(w, L("sheet"), f->sheet);
    key(w, L("hidden"));
    raw(w, f->hidden ? "true" : "false", f->hidden ? 4 : 5);
    kstr(w, L("template"), f->template_id);
    kstr(w, L("kind"), f->kind);
    kstr(w, L("title"), f->title.s);
    kint(w, L("year"), f->year, f->year != 0);
    kstr(w, L("department"), f->department.s);
    kstr(w, L("unit"), f->unit.s);
    kstr(w, L("project"), f->project.s);
    key(w, L("period"));
    if (f->has_period) {
        open_(w, "{");
        kint(w, L("start"), f->period_start, f->period_start != 0);
        kint(w, L("end"), f->period_end, f->period_end != 0);
        close_(w, "}");
    } else
        rawz(w, "null");
    key(w, L("funds"));
    open_(w, "{");
    kmoney(w, L("total"), &f->total);
    kmoney(w, L("annual"), &f->annual);
    kmoney(w, L("fiscal"), &f->fiscal);
    kmoney(w, L("other"), &f->other);
    close_(w, "}");
    key(w, L("goals"));
    open_(w, "{");
    kstr(w, L("period"), f->goal_period.s);
    kstr(w, L("annual"), f->goal_annual.s);
    close_(w, "}");
    key(w, L("fields"));
    open_(w, "{");
    for (size_t i = 0; i < f->field_count; i++)
        kstr(w, D(f->fields[i].key), f->fields[i].value);
    close_(w, "}");
    key(w, L("amounts"));
    open_(w, "{");
    for (size_t i = 0; i < f->amount_count; i++)
        kmoney(w, D(f->amounts[i].key), &f->amounts[i].money);
    close_(w, "}");
    /* where each scalar came from */
    key(w, L("cells"));
    open_(w, "{");
    if (f->title.s)
        kcell(w, L("title"), f->title.at);
    if (f->year)
        kcell(w, L("year"), f->year_at);
    if (f->department.s)
        kcell(w, L("department"), f->department.at);
    if (f->unit.s)
        kcell(w, L("unit"), f->unit.at);
    if (f->project.s)
        kcell(w, L("project"), f->project.at);
    if (f->period_start)
        kcell(w, L("period.start"), f->period_start_at);
    if (f->period_end)
        kcell(w, L("period.end"), f->period_end_at);
    if (f->total.present)
        kcell(w, L("funds.total"), f->total.at);
    if (f->annual.present)
        kcell(w, L("funds.annual"), f->annual.at);
    if (f->fiscal.present)
        kcell(w, L("funds.fiscal"), f->fiscal.at);
    if (f->other.present)
        kcell(w, L("funds.other"), f->other.at);
    if (f->goal_period.s)
        kcell(w, L("goals.period"), f->goal_period.at);
    if (f->goal_annual.s)
        kcell(w, L("goals.annual"), f->goal_annual.at);
    for (size_t i = 0; i < f->field_count; i++) {
        char k[600];
        snprintf(k, sizeof k, "fields.%s", f->fields[i].key);
        kcell(w, D(k), f->fields[i].at);
    }
    for (size_t i = 0; i < f->amount_count; i++) {
        char k[600];
        snprintf(k, sizeof k, "amounts.%s", f->amounts[i].key);
        kcell(w, D(k), f->amounts[i].money.at);
    }
    close_(w, "}");
    key(w, L("indicators"));
    open_(w, "[");
    for (size_t i = 0; i < f->indicator_count; i++)
        indicator(w, f, &f->indicators[i]);
    close_(w, "]");
    key(w, L("tables"));
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
    kstr(&w, L("file"), m->file);
    key(&w, L("forms"));
    open_(&w, "[");
    for (size_t i = 0; i < m->form_count; i++)
        form(&w, &m->forms[i]);
    close_(&w, "]");
    key(&w, L("unknown_sheets"));
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
