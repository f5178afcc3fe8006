/*
 * report.c - the findings sheet (校验结果): one row per note under a bold,
 * frozen header: sheet, cell (a link to it), rule, severity, message,
 * whether it was fixed and to what.  Written whole, with inline strings
 * (the shared strings part is left alone) and the formats styles.c adds;
 * columns as wide as their text (within bounds), rows as high as their
 * wrapped text, printed landscape one page wide.
 *
 * Also the words the annotations share with it: severities, and a note as
 * a line of a comment.
 */
#include "write/write.h"

#include <stdio.h>
#include <string.h>

enum { COLS = 7 };

typedef struct jxw_report { const jxw_row *rows; jx_lang lang; } jxw_report;

static const char *const headers[2][COLS] = {
    {"工作表", "单元格", "规则", "严重程度", "说明", "是否已修正", "修正为"},
    {"Sheet", "Cell", "Rule", "Severity", "Message", "Fixed", "Fixed to"},
};

const char *jxw_severity_word(jx_severity s, jx_lang lang)
{
    static const char *const words[2][3] = {{"提示", "警告", "错误"}, {"info", "warning", "error"}};
    return words[lang == JX_LANG_EN][s <= JX_SEV_ERROR ? s : JX_SEV_ERROR];
}

bool jxw_note_line(jx_buf *b, const jx_note *n, jx_lang lang)
{
    bool en = lang == JX_LANG_EN;
    if (!n->fixed)
        return jx_buf_printf(b, en ? "%s: %s" : "%s：%s", jxw_severity_word(n->severity, lang), n->message);
    bool ok = jx_buf_printf(b, en ? "fixed: %s" : "已修正：%s", n->message);
    if (ok && n->before)
        ok = jx_buf_printf(b, en ? " (was \"%s\")" : "（原为“%s”）", n->before);
    return ok;
}

/* Display width: a CJK character takes two columns. */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    return w;
}

/* Lines a text takes in a wrapping column `width` characters wide. */
static size_t lines_for(const char *s, size_t width)
{
    size_t usable = width > 3 ? width - 2 : 1, lines = 0;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char seg[1024];
        snprintf(seg, sizeof seg, "%.*s", (int)(n < sizeof seg ? n : sizeof seg - 1), s);
        size_t w = width_of(seg);
        lines += w ? (w + usable - 1) / usable : 1;
        if (!nl)
            return lines;
        s = nl + 1;
    }
}

static bool put_cell(jx_buf *b, uint32_t row, uint32_t col, uint32_t style, const char *text)
{
    char ref[16];
    jx_cell_ref(row, col, ref);
    if (!text || !*text)
        return jx_buf_printf(b, "<c r=\"%s\" s=\"%u\"/>", ref, style);
    return jx_buf_printf(b, "<c r=\"%s\" s=\"%u\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref, style) &&
           jxw_put(b, text, JXW_XSTRING) && jx_buf_appendz(b, "</t></is></c>");
}

/* The cells of one row of the findings sheet, as texts. */
static void note_texts(const void *ud, size_t i, const char **texts, char (*buf)[32])
{
    const jxw_report *rep = ud;
    const jxw_row *r = &rep->rows[i];
    bool en = rep->lang == JX_LANG_EN;
    const jx_note *n = r->note;
    buf[0][0] = '\0';
    if (n->at.row)
        jx_cell_ref(n->at.row, n->at.col, buf[0]);
    texts[0] = r->sheet ? r->sheet : "";
    texts[1] = buf[0];
    texts[2] = n->rule ? n->rule : "";
    texts[3] = jxw_severity_word(n->severity, rep->lang);
    texts[4] = n->message ? n->message : "";
    texts[5] = n->fixed ? (en ? "yes" : "是") : (en ? "no" : "否");
    texts[6] = n->fixed && n->after ? n->after : "";
}

static bool note_link(const void *ud, size_t i, const char **sheet, char ref[16])
{
    const jxw_report *rep = ud;
    const jxw_row *r = &rep->rows[i];
    if (!r->linked)
        return false;
    *sheet = r->sheet;
    jx_cell_ref(r->note->at.row, r->note->at.col, ref);
    return true;
}

/* 'Sheet name'!C15, quotes doubled. */
static bool put_location(jx_buf *b, const char *sheet, const char *ref)
{
    jx_buf loc = {0};
    bool ok = jx_buf_appendz(&loc, "'");
    for (const char *p = sheet; ok && *p; p++)
        ok = *p == '\'' ? jx_buf_appendz(&loc, "''") : jx_buf_append(&loc, p, 1);
    ok = ok && jx_buf_printf(&loc, "'!%s", ref) && jx_buf_terminate(&loc) && jxw_put(b, loc.data, JXW_ATTR);
    jx_buf_free(&loc);
    return ok;
}

bool jxw_list_part(jx_buf *out, const jxw_list *l, const jxw_styles *st)
{
    enum { MAXC = JXW_LIST_MAX_COLS };
    size_t ncols = l->ncols < MAXC ? l->ncols : MAXC;
    size_t width[MAXC];
    const char *texts[MAXC];
    char buf[MAXC][32];
    /* column widths that fit, within bounds; long texts wrap */
    for (size_t k = 0; k < ncols; k++)
        width[k] = width_of(l->headers[k]);
    for (size_t i = 0; i < l->nrows; i++) {
        l->row(l->ud, i, texts, buf);
        for (size_t k = 0; k < ncols; k++)
            if (width_of(texts[k]) > width[k])
                width[k] = width_of(texts[k]);
    }
    for (size_t k = 0; k < ncols; k++) {
        width[k] += 2;
        width[k] = width[k] < l->min_w[k] ? l->min_w[k] : width[k] > l->max_w[k] ? l->max_w[k] : width[k];
    }
    char last[16];
    jx_cell_ref((uint32_t)l->nrows + 1, (uint32_t)ncols, last);
    bool ok = jx_buf_printf(out,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                            "<worksheet xmlns=\"" JXW_NS_MAIN "\" xmlns:r=\"" JXW_NS_REL "\">"
                            "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><dimension ref=\"A1:%s\"/><sheetViews><sheetView workbookViewId=\"0\">"
                            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                            "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
                            "<sheetFormatPr defaultRowHeight=\"15\"/><cols>",
                            last);
    for (size_t k = 0; ok && k < ncols; k++)
        ok = jx_buf_printf(out, "<col min=\"%zu\" max=\"%zu\" width=\"%zu\" customWidth=\"1\"/>", k + 1, k + 1,
                           width[k]);
    ok = ok && jx_buf_appendz(out, "</cols><sheetData><row r=\"1\">");
    for (size_t k = 0; ok && k < ncols; k++)
        ok = put_cell(out, 1, (uint32_t)k + 1, st->xf_header, l->headers[k]);
    ok = ok && jx_buf_appendz(out, "</row>");
    bool links = false;
    for (size_t i = 0; ok && i < l->nrows; i++) {
        l->row(l->ud, i, texts, buf);
        const char *lsheet;
        char lref[16];
        bool linked = l->link && l->link(l->ud, i, &lsheet, lref);
        uint32_t r = (uint32_t)i + 2;
        /* wrapped text gets the height it needs: applications do not
         * all fit rows to their text when they open a workbook */
        size_t lines = 1;
        for (size_t k = 0; k < ncols; k++)
            if ((int)k != l->link_col && lines_for(texts[k], width[k]) > lines)
                lines = lines_for(texts[k], width[k]);
        ok = lines > 1 ? jx_buf_printf(out, "<row r=\"%u\" ht=\"%zu\" customHeight=\"1\">", r, 15 * lines)
                       : jx_buf_printf(out, "<row r=\"%u\">", r);
        for (size_t k = 0; ok && k < ncols; k++)
            ok = put_cell(out, r, (uint32_t)k + 1, (int)k == l->link_col && linked ? st->xf_link : st->xf_body,
                          texts[k]);
        ok = ok && jx_buf_appendz(out, "</row>");
        links |= linked;
    }
    ok = ok && jx_buf_appendz(out, "</sheetData>");
    if (links) {
        ok = ok && jx_buf_appendz(out, "<hyperlinks>");
        for (size_t i = 0; ok && i < l->nrows; i++) {
            const char *lsheet;
            char lref[16], at[16];
            if (!l->link(l->ud, i, &lsheet, lref))
                continue;
            jx_cell_ref((uint32_t)i + 2, (uint32_t)l->link_col + 1, at);
            ok = jx_buf_printf(out, "<hyperlink ref=\"%s\" location=\"", at) && put_location(out, lsheet, lref) &&
                 jx_buf_printf(out, "\" display=\"%s\"/>", lref);
        }
        ok = ok && jx_buf_appendz(out, "</hyperlinks>");
    }
    /* printed landscape, as wide as one page */
    return ok && jx_buf_appendz(out, "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
                                     "header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" "
                                     "orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>");
}

bool jxw_report_part(jx_buf *out, const jxw_row *rows, size_t n, jx_lang lang, const jxw_styles *st)
{
    static const size_t min_w[COLS] = {10, 8, 12, 8, 30, 8, 10}, max_w[COLS] = {40, 10, 30, 10, 80, 12, 40};
    jxw_report rep = {rows, lang};
    jxw_list l = {COLS, headers[lang == JX_LANG_EN], min_w, max_w, n, note_texts, 1, note_link, &rep};
    return jxw_list_part(out, &l, st);
}
