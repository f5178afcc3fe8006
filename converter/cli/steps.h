/*
 * steps.h - the steps of a job that the command line (main.c) and the
 * server (converter/serve/) share, so that each step has one
 * implementation and both say the same thing when it fails.
 *
 * A step returns 0, or JXC_FAILED with job->error holding the one line the
 * command line prints after "jixiao: ".  The line names the workbook by
 * job->name: the path as the user typed it, or the name an upload had in
 * the browser (a server never shows its temporary paths).
 */
#ifndef JX_CLI_STEPS_H
#define JX_CLI_STEPS_H

#include "jixiao.h"

#include <stddef.h>

enum { JXC_FAILED = 2 };

typedef struct jxc_job {
    const jx_catalog *cat;
    jx_lang lang;
    const char *path;      /* the workbook to read */
    const char *name;      /* how people know it; NULL: path */
    const char *scratch;   /* folder for intermediate files; NULL: $TMPDIR or /tmp */
    /* why the last step failed: the library's code, or JX_OK when the
     * workbook was read but holds no known form */
    jx_error code;
    char error[2048];
} jxc_job;

/* A step's failure with the library's message for err, the file named. */
int jxc_fail(jxc_job *job, jx_error err);

/* The mapping folder: `given` (--mappings), else $JIXIAO_MAPPINGS, else
 * beside the executable (installed or build tree), else the source tree.
 * NULL when there is none. */
const char *jxc_find_mappings(const char *given, char *buf, size_t size);

/* The blank templates' folder, found the same way ($JIXIAO_TEMPLATES,
 * templates/). */
const char *jxc_find_templates(const char *given, char *buf, size_t size);

/* The catalog of the mapping folder jxc_find_mappings finds; on failure
 * the line goes to error. */
int jxc_load_catalog(const char *given, jx_lang lang, jx_catalog **out, char *error, size_t size);

/* Read job->path and build its model; a workbook with no known form fails. */
int jxc_load_model(jxc_job *job, jx_model **out);

/* Run every rule over a model of job's workbook. */
int jxc_validate(jxc_job *job, const jx_model *m, jx_findings **out);

/* What a fix did. */
typedef struct jxc_fixed {
    jx_findings *before;   /* the input's findings */
    jx_fix_plan *plan;     /* the patches, the skipped ones marked */
    jx_findings *after;    /* the findings of the workbook written */
    size_t skipped;        /* patches left alone: the cell holds a formula */
    jx_annotated ann;      /* annotating: what was shown */
} jxc_fixed;

/* Fix job->path into `target` (named target_name in messages; NULL: the
 * path), with the findings shown in it when `annotate`, and validate what
 * was written.  On failure *out holds nothing to free. */
int jxc_fix(jxc_job *job, const char *target, const char *target_name, int annotate, jxc_fixed *out);
/* The same from a model of job->path already built (not read again). */
int jxc_fix_model(jxc_job *job, const jx_model *m, const char *target, const char *target_name, int annotate,
                  jxc_fixed *out);
void jxc_fixed_free(jxc_fixed *r);

/* Convert job->path's forms into target_id's blank template (found in
 * `templates`, else as jxc_find_templates finds it), written to target
 * (named target_name in messages; NULL: the path). */
int jxc_convert(jxc_job *job, const char *target_id, const char *templates, const char *target,
                const char *target_name, jx_conversion **out);
/* The blank template of target_id into path, checked readable. */
int jxc_template_path(jxc_job *job, const char *target_id, const char *templates, char *path, size_t size);
/* jxc_convert from a model of job->path already built, into template_path. */
int jxc_convert_model(jxc_job *job, const jx_model *m, const char *target_id, const char *template_path,
                      const char *target, const char *target_name, jx_conversion **out);
/* Why a workbook has nothing to convert to target_id, naming both kinds. */
void jxc_kind_message(const jx_catalog *cat, const jx_model *m, const char *target_id, jx_lang lang, char *buf,
                      size_t size);
/* 项目支出 / 部门整体 / 预算, or project / department / budget. */
const char *jxc_kind_word(const char *kind, jx_lang lang);

#endif
