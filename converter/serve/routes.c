/*
 * routes.c - the endpoints of `jixiao serve` (docs/serve.md).
 *
 * One row of the table and one handler per endpoint.  A handler does what
 * the matching command does, through the same steps (cli/steps.h), on the
 * uploads the HTTP layer stored in the request's private folder, and
 * names each workbook by the name it had in the browser.
 */
#include "server.h"
#include "steps.h"
#include "batch.h"

#include <zip.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a growing byte buffer, and JSON strings in it ---- */

typedef struct buf {
    char *data;
    size_t len, cap;
    int failed;
} buf;

static void put_n(buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void put(buf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

static int put_cb(void *ud, const char *data, size_t len)
{
    buf *b = ud;
    put_n(b, data, len);
    return b->failed ? -1 : 0;
}

/* A JSON string.  ascii: every non-ASCII character as \uXXXX (surrogate
 * pairs above U+FFFF), so that the text can travel in an HTTP header. */
static void put_json(buf *b, const char *s, int ascii)
{
    if (!s) {
        put(b, "null");
        return;
    }
    put(b, "\"");
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        char esc[16];
        if (*p == '"' || *p == '\\') {
            snprintf(esc, sizeof esc, "\\%c", *p);
            put(b, esc);
            p++;
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(b, esc);
            p++;
        } else if (*p < 0x80 || !ascii) {
            put_n(b, (const char *)p, 1);
            p++;
        } else {
            /* decode one UTF-8 sequence; a broken one becomes U+FFFD */
            unsigned cp = 0xFFFD, n = 1;
            if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
                cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
                n = 2;
            } else if ((*p & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
                cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
                n = 3;
            } else if ((*p & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
                       (p[3] & 0xC0) == 0x80) {
                cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
                n = 4;
            }
            if (cp >= 0x10000 && cp <= 0x10FFFF) {
                cp -= 0x10000;
                snprintf(esc, sizeof esc, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
            } else
                snprintf(esc, sizeof esc, "\\u%04x", cp > 0xFFFF ? 0xFFFD : cp);
            put(b, esc);
            p += n;
        }
    }
    put(b, "\"");
}

static int reply_json(jxs_reply *out, buf *b, jx_lang lang)
{
    if (b->failed) {
        free(b->data);
        return jxs_fail(out, 500, "%s", jx_strerror(JX_ERR_NOMEM, lang));
    }
    out->status = 200;
    out->type = "application/json; charset=utf-8";
    out->owned = b->data;
    out->len = b->len;
    return 0;
}

/* A step's failure: the CLI's line.  What the upload holds is the
 * client's to mend (422); what went wrong on this machine is ours (500). */
static int fail_job(jxs_reply *out, const jxc_job *job)
{
    static const jx_error ours[] = {JX_ERR_NOMEM, JX_ERR_USAGE, JX_ERR_MAPPING, JX_ERR_NO_MAPPINGS};
    unsigned status = 422;
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
        if (job->code == ours[i])
            status = 500;
    return jxs_fail(out, status, "%s", job->error);
}

/* ?name=0|1, absent: 0.  -1 when it is neither. */
static int flag(const jxs_request *rq, const char *name)
{
    const char *v = jxs_query(rq, name);
    if (!v || strcmp(v, "0") == 0 || !*v)
        return 0;
    return strcmp(v, "1") == 0 ? 1 : -1;
}

/* "工作簿.xlsx" + "-修正" -> "工作簿-修正.xlsx" */
static void derived_name(char *dst, size_t size, const char *name, const char *suffix)
{
    size_t stem = strlen(name);
    const char *dot = strrchr(name, '.');
    if (dot && dot != name && strcasecmp(dot, ".xlsx") == 0)
        stem = (size_t)(dot - name);
    if (stem > 200)
        stem = 200;
    while (stem > 0 && ((unsigned char)name[stem] & 0xC0) == 0x80)
        stem--; /* never split a UTF-8 character */
    snprintf(dst, size, "%.*s%s.xlsx", (int)stem, name, suffix);
}

/* Send a workbook written in the request's folder: the HTTP layer deletes
 * the folder before sending, and the open descriptor keeps the bytes. */
static int reply_workbook(const jxs_request *rq, jxs_reply *out, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return jxs_fail(out, 500, "%s: %s", jx_strerror(JX_ERR_IO, rq->lang), strerror(errno));
    }
    out->status = 200;
    out->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out->fd = fd;
    out->fd_size = (uint64_t)st.st_size;
    return 0;
}

/* ---- endpoints ---- */

static int page_asset(const jxs_request *rq, jxs_reply *out)
{
    for (size_t i = 0; i < jxs_asset_count; i++)
        if (strcmp(jxs_assets[i].path, rq->path) == 0) {
            out->status = 200;
            out->type = jxs_assets[i].type;
            out->data = jxs_assets[i].data;
            out->len = jxs_assets[i].len;
            return 0;
        }
    return jxs_fail(out, 404, jxs_word(S_NOT_FOUND, rq->lang), rq->path);
}

/* [{"id", "title", "kind", "region"}], in the catalog's order. */
static int api_templates(const jxs_request *rq, jxs_reply *out)
{
    const jx_catalog *cat = rq->cfg->cat;
    buf b = {0};
    put(&b, "[");
    for (size_t i = 0; i < jx_catalog_count(cat); i++) {
        const jx_mapping *m = jx_catalog_get(cat, i);
        put(&b, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        put_json(&b, jx_mapping_id(m), 0);
        put(&b, ", \"title\": ");
        put_json(&b, jx_mapping_title(m), 0);
        put(&b, ", \"kind\": ");
        put_json(&b, jx_mapping_kind(m), 0);
        put(&b, ", \"region\": ");
        put_json(&b, jx_mapping_region(m), 0);
        put(&b, "}");
    }
    put(&b, jx_catalog_count(cat) ? "\n]\n" : "]\n");
    return reply_json(out, &b, rq->lang);
}

/* X-Jixiao-Forms: which template each sheet follows, as ASCII JSON
 * ([{"sheet": ..., "template": id or null}]), beside a body that is
 * exactly what `validate --json` prints. */
static void forms_header(jxs_reply *out, const jx_model *m)
{
    buf b = {0};
    put(&b, "[");
    for (size_t i = 0; i < m->form_count; i++) {
        put(&b, i ? ",{\"sheet\":" : "{\"sheet\":");
        put_json(&b, m->forms[i].sheet, 1);
        put(&b, ",\"template\":");
        put_json(&b, m->forms[i].template_id, 1);
        put(&b, "}");
    }
    for (size_t i = 0; i < m->unknown_count; i++) {
        put(&b, m->form_count + i ? ",{\"sheet\":" : "{\"sheet\":");
        put_json(&b, m->unknown_sheets[i], 1);
        put(&b, ",\"template\":null}");
    }
    put(&b, "]");
    /* 8 KiB hold about a hundred forms, and keep the reply's header
     * block within what every browser accepts; past that the page shows
     * the findings without the list */
    if (!b.failed && b.len <= 8192)
        jxs_header(out, "X-Jixiao-Forms", "%s", b.data);
    free(b.data);
}

static int api_validate(const jxs_request *rq, jxs_reply *out)
{
    const jxs_upload *up = &rq->files[0];
    jxc_job job = {.cat = rq->cfg->cat, .lang = rq->lang, .path = up->path, .name = up->name, .scratch = rq->dir};
    jx_model *m = NULL;
    if (jxc_load_model(&job, &m))
        return fail_job(out, &job);
    forms_header(out, m);
    jx_findings *f = NULL;
    int rc = jxc_validate(&job, m, &f);
    jx_model_free(m);
    if (rc)
        return fail_job(out, &job);
    buf b = {0};
    jx_error err = jx_findings_write_json(f, up->name, put_cb, &b);
    jx_findings_free(f);
    if (err)
        b.failed = 1;
    return reply_json(out, &b, rq->lang);
}

static int api_fix(const jxs_request *rq, jxs_reply *out)
{
    int annotate = flag(rq, "annotate");
    if (annotate < 0)
        return jxs_fail(out, 400, jxs_word(S_BAD_FLAG, rq->lang), "annotate");
    const jxs_upload *up = &rq->files[0];
    static const char *const suffix[2][2] = {{"-修正", "-fixed"}, {"-标注", "-annotated"}};
    derived_name(out->download, sizeof out->download, up->name, suffix[annotate][rq->lang == JX_LANG_EN]);
    char target[PATH_MAX];
    snprintf(target, sizeof target, "%s/out.xlsx", rq->dir);
    jxc_job job = {.cat = rq->cfg->cat, .lang = rq->lang, .path = up->path, .name = up->name, .scratch = rq->dir};
    jxc_fixed r;
    if (jxc_fix(&job, target, out->download, annotate, &r))
        return fail_job(out, &job);
    /* what the CLI prints beside the file, for the page to say */
    jxs_header(out, "X-Jixiao-Changed", "%zu", r.plan->count - r.skipped);
    jxs_header(out, "X-Jixiao-Left", "%zu,%zu,%zu", r.after->errors, r.after->warnings, r.after->infos);
    jxc_fixed_free(&r);
    return reply_workbook(rq, out, target);
}

/* The workbook `jixiao convert FILE --to ID -o OUT` writes; what was not
 * carried is in its 转换说明 sheet, and counted in a header. */
static int api_convert(const jxs_request *rq, jxs_reply *out)
{
    const char *to = jxs_query(rq, "to");
    if (!to || !*to)
        return jxs_fail(out, 400, "%s", rq->lang == JX_LANG_EN ? "convert needs ?to=ID (ids: /api/templates)"
                                                               : "转换需要 ?to=模板名（模板名见 /api/templates）");
    const jxs_upload *up = &rq->files[0];
    char suffix[160];
    snprintf(suffix, sizeof suffix, "-%s", to);
    derived_name(out->download, sizeof out->download, up->name, suffix);
    char target[PATH_MAX];
    snprintf(target, sizeof target, "%s/out.xlsx", rq->dir);
    jxc_job job = {.cat = rq->cfg->cat, .lang = rq->lang, .path = up->path, .name = up->name, .scratch = rq->dir};
    jx_conversion *c = NULL;
    if (jxc_convert(&job, to, NULL, target, out->download, &c)) {
        /* an id the catalog does not know is the request's fault */
        if (job.code == JX_ERR_NOT_FOUND && !jx_catalog_find(rq->cfg->cat, to))
            return jxs_fail(out, 400, "%s", job.error);
        return fail_job(out, &job);
    }
    jxs_header(out, "X-Jixiao-Forms-Converted", "%zu", c->forms);
    jxs_header(out, "X-Jixiao-Not-Carried", "%zu", c->count);
    jx_conversion_free(c);
    return reply_workbook(rq, out, target);
}

/* ---- /api/batch: several workbooks, one zip back ---- */

/* A name for a zip entry from a browser's file name: its last path
 * component, no leading dots, unique among the entries so far. */
static void entry_name(char *entry, size_t size, const char *name, char names[][256], size_t n)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    while (*base == '.')
        base++;
    if (!*base)
        base = "workbook.xlsx";
    snprintf(entry, size, "%s", base);
    for (unsigned k = 2; ; k++) {
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = strcmp(names[i], entry) == 0;
        if (!taken)
            return;
        const char *dot = strrchr(base, '.');
        int stem = dot ? (int)(dot - base) : (int)strlen(base);
        snprintf(entry, size, "%.*s (%u)%s", stem, base, k, dot ? dot : "");
    }
}

static bool zip_add_file(zipFile zf, const char *entry, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    /* a fixed date, so that the same request gives the same bytes; the
     * names are UTF-8 (general purpose flag bit 11), as browsers' are */
    zip_fileinfo zi = {.tmz_date = {.tm_mday = 1, .tm_year = 1980}};
    bool ok = zipOpenNewFileInZip4_64(zf, entry, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0, -MAX_WBITS,
                                      DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, NULL, 0, 0, 1u << 11, 1) == ZIP_OK;
    char chunk[65536];
    size_t n;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ok = zipWriteInFileInZip(zf, chunk, (unsigned)n) == ZIP_OK;
    ok = !ferror(f) && zipCloseFileInZip(zf) == ZIP_OK && ok;
    fclose(f);
    return ok;
}

/* One upload as a report row (and its output, when there is one): the
 * same steps as the command's, so the row says what jixiao batch says;
 * the workbook is read once. */
static void batch_one(const jxs_request *rq, const jxs_upload *up, int fix, int annotate, const char *to,
                      const char *template_path, const char *target, batch_result *res, bool *wrote)
{
    jxc_job job = {.cat = rq->cfg->cat, .lang = rq->lang, .path = up->path, .name = up->name, .scratch = rq->dir};
    jx_model *m = NULL;
    jx_findings *f = NULL;
    *wrote = false;
    res->done = true;
    int rc = jxc_load_model(&job, &m);
    if (!rc && !batch_result_templates(res, rq->cfg->cat, m))
        rc = jxc_fail(&job, JX_ERR_NOMEM);
    if (!rc && fix) {
        /* the row reports what is left in the fixed copy, as batch --fix */
        jxc_fixed r;
        rc = jxc_fix_model(&job, m, target, up->name, annotate, &r);
        if (!rc) {
            f = r.after;
            r.after = NULL;
            res->fixed = r.plan->count - r.skipped;
            jxc_fixed_free(&r);
        }
    } else if (!rc) {
        rc = jxc_validate(&job, m, &f);
        if (!rc && to) {
            jx_conversion *c = NULL;
            rc = jxc_convert_model(&job, m, to, template_path, target, up->name, &c);
            jx_conversion_free(c);
        }
    }
    jx_model_free(m);
    if (rc) {
        jx_findings_free(f);
        res->failed = true;
        res->reason = strdup(job.error);
        return;
    }
    *wrote = fix || to;
    batch_result_findings(res, f);
}

/* A zip of the outputs (fixed with ?fix=1, annotated with ?annotate=1,
 * converted with ?to=ID) and the summary workbook jixiao batch --report
 * writes; validating only, the zip holds the summary alone. */
static int api_batch(const jxs_request *rq, jxs_reply *out)
{
    int fix = flag(rq, "fix"), annotate = flag(rq, "annotate");
    const char *to = jxs_query(rq, "to");
    if (fix < 0 || annotate < 0)
        return jxs_fail(out, 400, jxs_word(S_BAD_FLAG, rq->lang), fix < 0 ? "fix" : "annotate");
    if (to && !*to)
        to = NULL;
    if (to && (fix || annotate))
        return jxs_fail(out, 400, "%s", rq->lang == JX_LANG_EN ? "?to goes without ?fix and ?annotate"
                                                               : "?to 不能与 ?fix 或 ?annotate 同时使用");
    char template_path[PATH_MAX * 2] = "";
    if (to) {
        jxc_job job = {.cat = rq->cfg->cat, .lang = rq->lang};
        if (jxc_template_path(&job, to, NULL, template_path, sizeof template_path))
            return jxs_fail(out, job.code == JX_ERR_NOT_FOUND && !jx_catalog_find(rq->cfg->cat, to) ? 400 : 500,
                            "%s", job.error);
    }
    fix = fix || annotate;
    const char *report_name = rq->lang == JX_LANG_EN ? "summary.xlsx" : "汇总.xlsx";
    char report[PATH_MAX], zpath[PATH_MAX];
    snprintf(report, sizeof report, "%s/report.xlsx", rq->dir);
    snprintf(zpath, sizeof zpath, "%s/out.zip", rq->dir);
    batch_report *rep = NULL;
    jx_diag d;
    if (batch_report_open(report, rq->lang, &rep, &d) != JX_OK)
        return jxs_fail(out, 500, "%s", jx_strerror(d.code, rq->lang));
    zipFile zf = zipOpen64(zpath, APPEND_STATUS_CREATE);
    char (*names)[256] = calloc(rq->file_count + 1, sizeof *names);
    bool ok = zf && names;
    for (size_t i = 0; ok && i < rq->file_count; i++) {
        const jxs_upload *up = &rq->files[i];
        char target[PATH_MAX];
        snprintf(target, sizeof target, "%s/out-%zu.xlsx", rq->dir, i);
        batch_result res = {0};
        bool wrote;
        batch_one(rq, up, fix, annotate, to, template_path, target, &res, &wrote);
        ok = batch_report_add(rep, up->name, &res, &d) == JX_OK;
        if (ok && wrote) {
            entry_name(names[i], sizeof names[i], up->name, names, i);
            ok = zip_add_file(zf, names[i], target);
        }
        unlink(target);
        free(res.reason);
        free((void *)res.templates);
        jx_findings_free(res.findings);
    }
    /* close writes and frees the report, whatever it returns */
    if (ok)
        ok = batch_report_close(rep, &d) == JX_OK;
    else
        batch_report_discard(rep);
    ok = ok && zip_add_file(zf, report_name, report);
    if (zf && zipClose(zf, NULL) != ZIP_OK)
        ok = false;
    free(names);
    unlink(report);
    if (!ok)
        return jxs_fail(out, 500, "%s", jx_strerror(JX_ERR_IO, rq->lang));
    snprintf(out->download, sizeof out->download, "%s", rq->lang == JX_LANG_EN ? "jixiao-batch.zip" : "jixiao-批量结果.zip");
    int rc = reply_workbook(rq, out, zpath);
    out->type = "application/zip";
    return rc;
}

/* docs/serve.md lists what the endpoints answer. */
const jxs_route jxs_routes[] = {
    {"GET", "/", JXS_NO_FILES, page_asset},
    {"GET", "/page.css", JXS_NO_FILES, page_asset},
    {"GET", "/page.js", JXS_NO_FILES, page_asset},
    {"GET", "/api/templates", JXS_NO_FILES, api_templates},
    {"POST", "/api/validate", JXS_ONE_FILE, api_validate},
    {"POST", "/api/fix", JXS_ONE_FILE, api_fix},
    {"POST", "/api/convert", JXS_ONE_FILE, api_convert},
    {"POST", "/api/batch", JXS_MANY_FILES, api_batch},
};
const size_t jxs_route_count = sizeof jxs_routes / sizeof jxs_routes[0];
