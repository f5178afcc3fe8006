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

static int is_dir(const char *p)
{
    return p && access(p, R_OK | X_OK) == 0;
}

const char *jxc_find_mappings(const char *given, char *buf, size_t size)
{
    if (given)
        return given;
    const char *env = getenv("JIXIAO_MAPPINGS");
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
            /* installed: bin/../share/jixiao/mappings; build tree: build/../mappings */
            static const char *const rel[] = {"/../share/jixiao/mappings", "/../mappings"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                snprintf(buf, size, "%s%s", exe, rel[i]);
                if (is_dir(buf))
                    return buf;
            }
        }
    }
#ifdef JX_SOURCE_MAPPINGS
    if (is_dir(JX_SOURCE_MAPPINGS))
        return JX_SOURCE_MAPPINGS;
#endif
    return NULL;
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
    rc = jxc_validate(job, m, &r->before);
    jx_model_free(m);
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
