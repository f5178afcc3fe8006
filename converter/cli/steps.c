/*
 * steps.c - the steps the command line and the server share (steps.h).
 */
#include "steps.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const no_mappings[2] = {"找不到映射文件目录（可用 --mappings 指定）",
                                           "cannot find the mapping folder (use --mappings)"};
static const char *const no_forms[2] = {"%s：没有识别出任何绩效目标表模板（用 jixiao detect 查看原因）",
                                        "%s: no sheet matches a known template (see jixiao detect)"};

static const char *shown(const jxc_job *job)
{
    return job->name ? job->name : job->path;
}

/* The diagnostic as one line, with the file named as people know it:
 * `path` becomes `name` wherever the library named the file by its path. */
static int fail_diag(jxc_job *job, jx_diag *d, const char *path, const char *name)
{
    if (name && path && strcmp(d->file, path) == 0)
        snprintf(d->file, sizeof d->file, "%s", name);
    job->code = d->code;
    jx_diag_format(d, job->lang, job->error, sizeof job->error);
    return JXC_FAILED;
}

static int fail_code(jxc_job *job, jx_error err)
{
    jx_diag d = {.code = err};
    snprintf(d.file, sizeof d.file, "%s", shown(job));
    return fail_diag(job, &d, NULL, NULL);
}

int jxc_fail(jxc_job *job, jx_error err) { return fail_code(job, err); }

static int is_dir(const char *p)
{
    return p && access(p, R_OK | X_OK) == 0;
}

/* A data folder (mappings/, templates/): given, else the environment,
 * else beside the installed or built program, else the source tree. */
static const char *find_data_dir(const char *given, const char *env_name, const char *name, char *buf,
                                 size_t size)
{
    if (given)
        return given;
    const char *env = getenv(env_name);
    if (env && *env)
        return env;
    if (!buf || !size)
        return NULL;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* installed: bin/../share/jixiao/NAME; build tree: build/../NAME */
            static const char *const rel[] = {"/../share/jixiao/", "/../"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                snprintf(buf, size, "%s%s%s", exe, rel[i], name);
                if (is_dir(buf))
                    return buf;
            }
        }
    }
#ifdef JX_SOURCE_DIR
    snprintf(buf, size, "%s/%s", JX_SOURCE_DIR, name);
    if (is_dir(buf))
        return buf;
#endif
    return NULL;
}

const char *jxc_find_mappings(const char *given, char *buf, size_t size)
{
    return find_data_dir(given, "JIXIAO_MAPPINGS", "mappings", buf, size);
}

const char *jxc_find_templates(const char *given, char *buf, size_t size)
{
    return find_data_dir(given, "JIXIAO_TEMPLATES", "templates", buf, size);
}

int jxc_load_catalog(const char *given, jx_lang lang, jx_catalog **out, char *error, size_t size)
{
    char buf[PATH_MAX + 64];
    const char *dir = jxc_find_mappings(given, buf, sizeof buf);
    if (!dir) {
        snprintf(error, size, "%s", no_mappings[lang == JX_LANG_EN]);
        return JXC_FAILED;
    }
    jx_diag d;
    if (jx_catalog_load(dir, out, &d) != JX_OK) {
        jx_diag_format(&d, lang, error, size);
        return JXC_FAILED;
    }
    return 0;
}

int jxc_load_model(jxc_job *job, jx_model **out)
{
    *out = NULL;
    jx_workbook *wb = NULL;
    jx_diag d;
    if (jx_workbook_open(job->path, NULL, &wb, &d) != JX_OK)
        return fail_diag(job, &d, job->path, job->name);
    jx_error err = jx_model_build(job->cat, wb, out, &d);
    jx_workbook_close(wb);
    if (err)
        return fail_diag(job, &d, job->path, job->name);
    if ((*out)->form_count == 0) {
        jx_model_free(*out);
        *out = NULL;
        job->code = JX_OK;
        snprintf(job->error, sizeof job->error, no_forms[job->lang == JX_LANG_EN], shown(job));
        return JXC_FAILED;
    }
    return 0;
}

int jxc_validate(jxc_job *job, const jx_model *m, jx_findings **out)
{
    *out = NULL;
    jx_error err = jx_validate(m, job->lang, out);
    return err ? fail_code(job, err) : 0;
}

/* The findings of a workbook written at `path`, named `name`. */
static int validate_file(jxc_job *job, const char *path, const char *name, jx_findings **out)
{
    jxc_job sub = *job;
    sub.path = path;
    sub.name = name;
    jx_model *m = NULL;
    int rc = jxc_load_model(&sub, &m);
    if (!rc) {
        rc = jxc_validate(&sub, m, out);
        jx_model_free(m);
    }
    if (rc) {
        job->code = sub.code;
        memcpy(job->error, sub.error, sizeof job->error);
    }
    return rc;
}

/* Annotating needs the findings left once the patches are written before
 * it writes: the patched workbook goes to a scratch file first and is
 * validated, then the annotated workbook is written from the input (the
 * patches and the notes in one pass). */
static int write_annotated(jxc_job *job, jxc_fixed *r, const char *target, const char *target_name)
{
    const char *dir = job->scratch;
    if (!dir || !*dir)
        dir = getenv("TMPDIR");
    char check[PATH_MAX];
    snprintf(check, sizeof check, "%s/jixiao-check-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(check);
    if (fd < 0) {
        jx_diag d = {.code = JX_ERR_IO};
        snprintf(d.file, sizeof d.file, "%.500s", check);
        snprintf(d.detail, sizeof d.detail, "%s", strerror(errno));
        return fail_diag(job, &d, NULL, NULL);
    }
    close(fd);
    jx_diag d;
    jx_error err = jx_write_patched(job->path, r->plan->patches, r->plan->count, check, &r->skipped, &d);
    if (err) {
        unlink(check);
        return fail_diag(job, &d, job->path, job->name);
    }
    int rc = validate_file(job, check, shown(job), &r->after);
    unlink(check);
    if (rc)
        return rc;
    jx_notes *notes = NULL;
    err = jx_notes_make(r->before, r->plan, r->after, &notes);
    if (err)
        return fail_code(job, err);
    err = jx_write_annotated(job->path, r->plan->patches, r->plan->count, notes->items, notes->count, job->lang,
                             target, &r->ann, &d);
    jx_notes_free(notes);
    if (err) {
        if (target_name && strcmp(d.file, target) == 0)
            snprintf(d.file, sizeof d.file, "%s", target_name);
        return fail_diag(job, &d, job->path, job->name);
    }
    r->skipped = r->ann.skipped;
    return 0;
}

int jxc_fix(jxc_job *job, const char *target, const char *target_name, int annotate, jxc_fixed *r)
{
    memset(r, 0, sizeof *r);
    jx_model *m = NULL;
    int rc = jxc_load_model(job, &m);
    if (rc)
        return rc;
    rc = jxc_fix_model(job, m, target, target_name, annotate, r);
    jx_model_free(m);
    return rc;
}

int jxc_fix_model(jxc_job *job, const jx_model *m, const char *target, const char *target_name, int annotate,
                  jxc_fixed *r)
{
    memset(r, 0, sizeof *r);
    int rc = jxc_validate(job, m, &r->before);
    if (!rc) {
        jx_error err = jx_fix_plan_make(r->before, &r->plan);
        if (err)
            rc = fail_code(job, err);
    }
    if (!rc && annotate)
        rc = write_annotated(job, r, target, target_name);
    else if (!rc) {
        jx_diag d;
        jx_error err = jx_write_patched(job->path, r->plan->patches, r->plan->count, target, &r->skipped, &d);
        if (err) {
            if (target_name && strcmp(d.file, target) == 0)
                snprintf(d.file, sizeof d.file, "%s", target_name);
            rc = fail_diag(job, &d, job->path, job->name);
        }
        /* what is left: the written workbook itself, validated */
        if (!rc)
            rc = validate_file(job, target, target_name, &r->after);
    }
    if (rc)
        jxc_fixed_free(r);
    return rc;
}

void jxc_fixed_free(jxc_fixed *r)
{
    jx_findings_free(r->after);
    jx_fix_plan_free(r->plan);
    jx_findings_free(r->before);
    memset(r, 0, sizeof *r);
}

/* ---- convert ---- */

static const char *const convert_words[][2] = {
    {"找不到空白模板目录（可用 --templates 指定）", "cannot find the blank template folder (use --templates)"},
    {"没有模板“%s”（模板名见 jixiao templates）", "there is no template '%s' (ids: jixiao templates)"},
    {"%s：没有模板“%s”的空白模板文件", "%s: there is no blank template file for '%s'"},
    {"没有可转换为“%s”（%s表）的表；工作簿中是：%s", "no form converts to '%s' (a %s form); the workbook holds: %s"},
};

const char *jxc_kind_word(const char *kind, jx_lang lang)
{
    static const struct { const char *kind, *w[2]; } words[] = {
        {"project", {"项目支出", "project"}}, {"department", {"部门整体", "department"}}, {"budget", {"预算", "budget"}},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (kind && strcmp(kind, words[i].kind) == 0)
            return words[i].w[lang == JX_LANG_EN];
    return kind ? kind : "?";
}

static int fail_line(jxc_job *job, jx_error code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail_line(jxc_job *job, jx_error code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(job->error, sizeof job->error, fmt, ap);
    va_end(ap);
    job->code = code;
    return JXC_FAILED;
}

/* "no form converts to ID (a project form); the workbook holds: ..." */
void jxc_kind_message(const jx_catalog *cat, const jx_model *m, const char *target_id, jx_lang lang, char *buf,
                      size_t size)
{
    int en = lang == JX_LANG_EN;
    char kinds[256] = "";
    for (size_t i = 0; i < m->form_count; i++) {
        const char *k = jxc_kind_word(m->forms[i].kind, lang);
        if (!strstr(kinds, k))
            snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s", kinds[0] ? (en ? ", " : "、") : "", k);
    }
    const jx_mapping *t = jx_catalog_find(cat, target_id);
    snprintf(buf, size, convert_words[3][en], target_id, jxc_kind_word(t ? jx_mapping_kind(t) : NULL, lang), kinds);
}

int jxc_convert(jxc_job *job, const char *target_id, const char *templates, const char *target,
                const char *target_name, jx_conversion **out)
{
    *out = NULL;
    jx_model *m = NULL;
    char path[PATH_MAX * 2];
    int rc = jxc_template_path(job, target_id, templates, path, sizeof path);
    if (!rc)
        rc = jxc_load_model(job, &m);
    if (!rc)
        rc = jxc_convert_model(job, m, target_id, path, target, target_name, out);
    jx_model_free(m);
    return rc;
}

int jxc_template_path(jxc_job *job, const char *target_id, const char *templates, char *path, size_t size)
{
    int en = job->lang == JX_LANG_EN;
    if (!jx_catalog_find(job->cat, target_id))
        return fail_line(job, JX_ERR_NOT_FOUND, convert_words[1][en], target_id);
    char buf[PATH_MAX + 64];
    const char *dir = jxc_find_templates(templates, buf, sizeof buf);
    if (!dir)
        return fail_line(job, JX_ERR_NOT_FOUND, "%s", convert_words[0][en]);
    snprintf(path, size, "%s/%s.xlsx", dir, target_id);
    if (access(path, R_OK) != 0)
        return fail_line(job, JX_ERR_NOT_FOUND, convert_words[2][en], dir, target_id);
    return 0;
}

int jxc_convert_model(jxc_job *job, const jx_model *m, const char *target_id, const char *template_path,
                      const char *target, const char *target_name, jx_conversion **out)
{
    *out = NULL;
    jx_diag d;
    jx_error err = jx_convert(job->cat, m, target_id, template_path, job->lang, target, out, &d);
    if (err == JX_ERR_KIND) {
        char line[512];
        jxc_kind_message(job->cat, m, target_id, job->lang, line, sizeof line);
        return fail_line(job, err, job->lang == JX_LANG_EN ? "%s: %s" : "%s：%s", shown(job), line);
    }
    if (err) {
        if (target_name && strcmp(d.file, target) == 0)
            snprintf(d.file, sizeof d.file, "%s", target_name);
        return fail_diag(job, &d, job->path, job->name);
    }
    return 0;
}
