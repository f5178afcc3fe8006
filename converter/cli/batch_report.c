/*
 * batch_report.c - the report of a batch run, in three formats with one
 * content: a file table (one row per input: path, templates, forms,
 * errors, warnings, infos, cells fixed, status, reason) and a findings
 * table (one row per finding: path, sheet, cell, rule, severity,
 * message, fix).
 *
 *   .xlsx  sheets 汇总 and 明细, written by the library's jx_newbook;
 *   .csv   REPORT.csv (files) and REPORT.findings.csv (findings), UTF-8
 *          with a byte order mark (else Excel reads them as the local
 *          code page), RFC 4180 quoting and CRLF line ends;
 *   .json  {"files": [...], "findings": [...]}, keys and tokens in English.
 *
 * Rows arrive one file at a time in input order; nothing is held beyond
 * the row being written: each table goes to a spool (an anonymous
 * temporary file, gone with the process however it ends), so a report of
 * 10,000 files costs the memory of one of 10.  At the end each report
 * file is written beside its final name and renamed: an interrupted run
 * leaves the old report or the new one, never half of one.
 */
#include "batch.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum report_kind { KIND_XLSX, KIND_CSV, KIND_JSON, KIND__COUNT } report_kind;

static const char *const extensions[KIND__COUNT] = {[KIND_XLSX] = ".xlsx", [KIND_CSV] = ".csv", [KIND_JSON] = ".json"};

enum { FILE_COLS = 9, FINDING_COLS = 7 };

static const char *const file_heads[2][FILE_COLS] = {
    {"文件", "模板", "表数", "错误", "警告", "提示", "已修正", "状态", "原因"},
    {"File", "Templates", "Forms", "Errors", "Warnings", "Infos", "Fixed", "Status", "Reason"},
};
static const char *const finding_heads[2][FINDING_COLS] = {
    {"文件", "工作表", "单元格", "规则", "严重程度", "说明", "建议改为"},
    {"File", "Sheet", "Cell", "Rule", "Severity", "Message", "Fix"},
};
/* The sheet names are the same in both languages, as 校验结果 is. */
static const char *const sheet_names[2] = {"汇总", "明细"};

const char *batch_severity_word(jx_severity s, jx_lang lang)
{
    static const char *const words[2][3] = {{"提示", "警告", "错误"}, {"info", "warning", "error"}};
    return words[lang == JX_LANG_EN][s <= JX_SEV_ERROR ? s : JX_SEV_ERROR];
}

const char *batch_status_word(bool failed, jx_lang lang)
{
    static const char *const words[2][2] = {{"已处理", "无法处理"}, {"ok", "failed"}};
    return words[lang == JX_LANG_EN][failed];
}

const char *batch_reason(const batch_result *res, jx_lang lang)
{
    return res->reason ? res->reason : jx_strerror(JX_ERR_NOMEM, lang);
}

static int kind_of(const char *path)
{
    size_t n = strlen(path);
    for (int k = 0; k < KIND__COUNT; k++) {
        size_t e = strlen(extensions[k]);
        if (n > e && strcasecmp(path + n - e, extensions[k]) == 0)
            return k;
    }
    return -1;
}

bool batch_report_known(const char *path) { return kind_of(path) >= 0; }

char *batch_report_second_file(const char *path)
{
    if (kind_of(path) != KIND_CSV)
        return NULL;
    size_t stem = strlen(path) - 4;
    char *s = malloc(stem + sizeof ".findings.csv");
    if (s)
        snprintf(s, stem + sizeof ".findings.csv", "%.*s.findings.csv", (int)stem, path);
    return s;
}

/* ---- files written beside their final name ---- */

typedef struct staged_file {
    char *final, *tmp;
    FILE *f;
} staged_file;

static jx_error staged_open(staged_file *s, const char *final, jx_diag *d)
{
    size_t n = strlen(final) + 16;
    s->final = strdup(final);
    s->tmp = malloc(n);
    if (!s->final || !s->tmp)
        return JX_ERR_NOMEM;
    snprintf(s->tmp, n, "%s.tmpXXXXXX", final);
    int fd = mkstemp(s->tmp);
    if (fd >= 0)
        s->f = fdopen(fd, "wb");
    if (!s->f) {
        if (d) {
            d->code = JX_ERR_IO;
            snprintf(d->file, sizeof d->file, "%s", final);
            snprintf(d->detail, sizeof d->detail, "%s", strerror(errno));
        }
        if (fd >= 0) {
            close(fd);
            unlink(s->tmp);
        }
        free(s->tmp);
        s->tmp = NULL;
        return JX_ERR_IO;
    }
    /* a report is for people to open: the usual permissions, not mkstemp's */
    fchmod(fd, 0644);
    return JX_OK;
}

static jx_error staged_commit(staged_file *s, jx_diag *d)
{
    int failed = ferror(s->f) || fflush(s->f) != 0 || fsync(fileno(s->f)) != 0;
    int e = errno;
    failed |= fclose(s->f) != 0;
    s->f = NULL;
    if (!failed && rename(s->tmp, s->final) == 0)
        return JX_OK;
    if (!failed)
        e = errno;
    unlink(s->tmp);
    if (d) {
        d->code = JX_ERR_IO;
        snprintf(d->file, sizeof d->file, "%s", s->final);
        snprintf(d->detail, sizeof d->detail, "%s", strerror(e));
    }
    return JX_ERR_IO;
}

static void staged_discard(staged_file *s)
{
    if (s->f) {
        fclose(s->f);
        unlink(s->tmp);
    }
    free(s->tmp);
    free(s->final);
    memset(s, 0, sizeof *s);
}

/* ---- the rows as texts ---- */

/* One cell of a table: text, or a count (blank when not set). */
typedef struct cell {
    const char *text;
    size_t count;
    bool is_count;
} cell;

struct batch_report {
    report_kind kind;
    jx_lang lang;
    size_t files, findings;
    char *templates;         /* the joined templates of the row being written */
    /* xlsx */
    jx_newbook *book;
    char *xlsx_path;
    /* csv and json: the file table, the findings table */
    char *paths[2];          /* json: one file (paths[1] NULL) */
    FILE *spool[2];
};

static const char *join_templates(batch_report *r, const batch_result *res)
{
    const char *sep = r->lang == JX_LANG_EN ? ", " : "、";
    size_t n = 1;
    for (size_t i = 0; i < res->template_count; i++)
        n += strlen(res->templates[i]) + strlen(sep);
    free(r->templates);
    r->templates = malloc(n);
    if (!r->templates)
        return NULL;
    r->templates[0] = '\0';
    for (size_t i = 0; i < res->template_count; i++) {
        if (i)
            strcat(r->templates, sep);
        strcat(r->templates, res->templates[i]);
    }
    return r->templates;
}

/* The file table's row; counts are blank for a file that failed. */
static bool file_row(batch_report *r, const char *path, const batch_result *res, cell row[FILE_COLS])
{
    const char *templates = join_templates(r, res);
    if (!templates)
        return false;
    size_t counts[] = {res->forms, res->errors, res->warnings, res->infos, res->fixed};
    row[0] = (cell){.text = path};
    row[1] = (cell){.text = templates};
    for (int k = 0; k < 5; k++)
        row[2 + k] = res->failed ? (cell){.text = NULL} : (cell){.count = counts[k], .is_count = true};
    row[7] = (cell){.text = batch_status_word(res->failed, r->lang)};
    row[8] = (cell){.text = res->failed ? batch_reason(res, r->lang) : NULL};
    return true;
}

static void finding_row(batch_report *r, const char *path, const jx_finding *f, char ref[16],
                        cell row[FINDING_COLS])
{
    ref[0] = '\0';
    if (f->at.row)
        jx_cell_ref(f->at.row, f->at.col, ref);
    row[0] = (cell){.text = path};
    row[1] = (cell){.text = f->sheet};
    row[2] = (cell){.text = ref};
    row[3] = (cell){.text = f->rule};
    row[4] = (cell){.text = batch_severity_word(f->severity, r->lang)};
    row[5] = (cell){.text = f->message};
    row[6] = (cell){.text = f->fix};
}

/* ---- xlsx ---- */

static jx_error xlsx_row(batch_report *r, size_t sheet, const cell *row, size_t n)
{
    jx_newcell cells[FILE_COLS];
    for (size_t k = 0; k < n; k++)
        cells[k] = row[k].is_count ? (jx_newcell){.number = (int64_t)row[k].count, .is_number = 1}
                                   : (jx_newcell){.text = row[k].text};
    return jx_newbook_add_row(r->book, sheet, cells, n);
}

/* ---- csv ---- */

static void csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, "\",\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_row(FILE *f, const cell *row, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (k)
            fputc(',', f);
        if (row[k].is_count)
            fprintf(f, "%zu", row[k].count);
        else
            csv_field(f, row[k].text);
    }
    fputs("\r\n", f);
}

static void csv_heads(FILE *f, const char *const *heads, size_t n)
{
    fputs("\xEF\xBB\xBF", f);
    cell row[FILE_COLS];
    for (size_t k = 0; k < n; k++)
        row[k] = (cell){.text = heads[k]};
    csv_row(f, row, n);
}

/* ---- json ---- */

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\r')
            fputs("\\r", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_file(batch_report *r, const char *path, const batch_result *res)
{
    FILE *f = r->spool[0];
    fputs(r->files ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
    json_str(f, path);
    fprintf(f, ", \"status\": \"%s\", \"reason\": ", res->failed ? "failed" : "ok");
    json_str(f, res->failed ? batch_reason(res, r->lang) : NULL);
    fputs(", \"templates\": [", f);
    for (size_t i = 0; i < res->template_count; i++) {
        if (i)
            fputs(", ", f);
        json_str(f, res->templates[i]);
    }
    fprintf(f, "], \"forms\": %zu, \"errors\": %zu, \"warnings\": %zu, \"infos\": %zu, \"fixed\": %zu}",
            res->forms, res->errors, res->warnings, res->infos, res->fixed);
}

static void json_finding(batch_report *r, const char *path, const jx_finding *x, const char *ref)
{
    FILE *f = r->spool[1];
    fputs(r->findings ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
    json_str(f, path);
    fputs(", \"sheet\": ", f);
    json_str(f, x->sheet);
    fputs(", \"cell\": ", f);
    json_str(f, *ref ? ref : NULL);
    fputs(", \"rule\": ", f);
    json_str(f, x->rule);
    fprintf(f, ", \"severity\": \"%s\", \"message\": ", jx_severity_name(x->severity));
    json_str(f, x->message);
    fputs(", \"fix\": ", f);
    json_str(f, x->fix);
    fputc('}', f);
}

/* ---- the report ---- */

jx_error batch_report_open(const char *path, jx_lang lang, batch_report **out, jx_diag *d)
{
    *out = NULL;
    int kind = kind_of(path);
    if (kind < 0)
        return JX_ERR_USAGE;
    batch_report *r = calloc(1, sizeof *r);
    if (!r)
        return JX_ERR_NOMEM;
    r->kind = (report_kind)kind;
    r->lang = lang;
    int L = lang == JX_LANG_EN;
    jx_error err = JX_OK;
    switch (r->kind) {
    case KIND_XLSX:
        r->xlsx_path = strdup(path);
        err = r->xlsx_path ? jx_newbook_create(&r->book) : JX_ERR_NOMEM;
        if (!err)
            err = jx_newbook_add_sheet(r->book, sheet_names[0], file_heads[L], FILE_COLS, NULL);
        if (!err)
            err = jx_newbook_add_sheet(r->book, sheet_names[1], finding_heads[L], FINDING_COLS, NULL);
        break;
    case KIND_CSV:
    case KIND_JSON:
        r->paths[0] = strdup(path);
        r->paths[1] = r->kind == KIND_CSV ? batch_report_second_file(path) : NULL;
        if (!r->paths[0] || (r->kind == KIND_CSV && !r->paths[1]))
            err = JX_ERR_NOMEM;
        for (int i = 0; !err && i < 2; i++)
            if (!(r->spool[i] = tmpfile()))
                err = JX_ERR_IO;
        if (!err && r->kind == KIND_CSV) {
            csv_heads(r->spool[0], file_heads[L], FILE_COLS);
            csv_heads(r->spool[1], finding_heads[L], FINDING_COLS);
        }
        break;
    case KIND__COUNT:
        break;
    }
    if (err) {
        if (d && !d->code) {
            d->code = err;
            snprintf(d->file, sizeof d->file, "%s", path);
        }
        batch_report_discard(r);
        return err;
    }
    *out = r;
    return JX_OK;
}

jx_error batch_report_add(batch_report *r, const char *path, const batch_result *res, jx_diag *d)
{
    cell row[FILE_COLS];
    if (!file_row(r, path, res, row))
        return JX_ERR_NOMEM;
    jx_error err = JX_OK;
    switch (r->kind) {
    case KIND_XLSX: err = xlsx_row(r, 0, row, FILE_COLS); break;
    case KIND_CSV: csv_row(r->spool[0], row, FILE_COLS); break;
    case KIND_JSON: json_file(r, path, res); break;
    case KIND__COUNT: break;
    }
    r->files++;
    for (size_t i = 0; !err && res->findings && i < res->findings->count; i++) {
        const jx_finding *x = &res->findings->items[i];
        char ref[16];
        cell frow[FINDING_COLS];
        finding_row(r, path, x, ref, frow);
        switch (r->kind) {
        case KIND_XLSX: err = xlsx_row(r, 1, frow, FINDING_COLS); break;
        case KIND_CSV: csv_row(r->spool[1], frow, FINDING_COLS); break;
        case KIND_JSON: json_finding(r, path, x, ref); break;
        case KIND__COUNT: break;
        }
        r->findings++;
    }
    if (err && d) {
        d->code = err;
        snprintf(d->file, sizeof d->file, "%s", r->kind == KIND_XLSX ? r->xlsx_path : r->paths[0]);
        if (err == JX_ERR_LIMIT)
            snprintf(d->detail, sizeof d->detail, "%s",
                     "more rows than a sheet holds; write the report as .csv or .json");
    }
    return err;
}

/* The findings spool appended to the report. */
static bool copy_spool(FILE *from, FILE *to)
{
    char buf[64 * 1024];
    size_t n;
    if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
        return false;
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return false;
    return !ferror(from);
}

/* Write one report file: head, then each spool followed by its text. */
static jx_error write_out(const char *path, const char *head, FILE *const *spools, const char *const *after,
                          size_t n, jx_diag *d)
{
    staged_file out = {0};
    jx_error err = staged_open(&out, path, d);
    for (size_t i = 0; !err && i < n; i++) {
        if (i == 0)
            fputs(head, out.f);
        if (!copy_spool(spools[i], out.f)) {
            err = JX_ERR_IO;
            if (d) {
                d->code = err;
                snprintf(d->file, sizeof d->file, "%s", path);
                snprintf(d->detail, sizeof d->detail, "%s", "cannot read back the spooled rows");
            }
        }
        fputs(after[i], out.f);
    }
    if (!err)
        err = staged_commit(&out, d);
    staged_discard(&out);
    return err;
}

jx_error batch_report_close(batch_report *r, jx_diag *d)
{
    jx_error err = JX_OK;
    switch (r->kind) {
    case KIND_XLSX:
        err = jx_newbook_write(r->book, r->xlsx_path, d);
        break;
    case KIND_CSV: {
        static const char *const nothing[] = {""};
        for (int i = 0; !err && i < 2; i++)
            err = write_out(r->paths[i], "", &r->spool[i], nothing, 1, d);
        break;
    }
    case KIND_JSON: {
        const char *after[] = {r->files ? "\n  ],\n  \"findings\": [" : "],\n  \"findings\": [",
                               r->findings ? "\n  ]\n}\n" : "]\n}\n"};
        err = write_out(r->paths[0], "{\n  \"files\": [", r->spool, after, 2, d);
        break;
    }
    case KIND__COUNT:
        break;
    }
    batch_report_discard(r);
    return err;
}

void batch_report_discard(batch_report *r)
{
    if (!r)
        return;
    jx_newbook_free(r->book);
    free(r->xlsx_path);
    for (int i = 0; i < 2; i++) {
        free(r->paths[i]);
        if (r->spool[i])
            fclose(r->spool[i]);
    }
    free(r->templates);
    free(r);
}

/* ---- a row's result ---- */

bool batch_result_templates(batch_result *res, const jx_catalog *cat, const jx_model *m)
{
    res->forms = m->form_count;
    res->templates = calloc(m->form_count ? m->form_count : 1, sizeof *res->templates);
    if (!res->templates)
        return false;
    for (size_t i = 0; i < m->form_count; i++) {
        const jx_mapping *map = jx_catalog_find(cat, m->forms[i].template_id);
        if (!map)
            continue;
        const char *id = jx_mapping_id(map);
        size_t k = 0;
        while (k < res->template_count && strcmp(res->templates[k], id) != 0)
            k++;
        if (k == res->template_count)
            res->templates[res->template_count++] = id;
    }
    return true;
}

void batch_result_findings(batch_result *res, jx_findings *f)
{
    res->findings = f;
    res->errors = f->errors;
    res->warnings = f->warnings;
    res->infos = f->infos;
}
