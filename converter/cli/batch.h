/*
 * batch.h - what batch.c (the command) and batch_report.c (the report it
 * writes) share.
 */
#ifndef JX_CLI_BATCH_H
#define JX_CLI_BATCH_H

#include "jixiao.h"

#include <stdbool.h>
#include <stddef.h>

/* What one file came to.  A worker fills it; once `done`, only the main
 * thread touches it. */
typedef struct batch_result {
    bool done;
    bool failed;
    char *reason;              /* why it failed, one line; NULL: out of memory */
    const char **templates;    /* template ids found (the catalog's strings), in order */
    size_t template_count;
    size_t forms, errors, warnings, infos;
    size_t fixed;              /* cells changed in its output */
    jx_findings *findings;     /* what the report lists (left after fixing), or NULL */
} batch_result;

/* The template ids a model's forms follow (the catalog's strings), into
 * res->templates; false when out of memory. */
bool batch_result_templates(batch_result *res, const jx_catalog *cat, const jx_model *m);
/* The findings a row reports (res owns them), and their counts. */
void batch_result_findings(batch_result *res, jx_findings *f);

typedef struct batch_report batch_report;

/* Whether path names a report format jixiao writes (.xlsx, .csv, .json,
 * in any case). */
bool batch_report_known(const char *path);
/* The other file a CSV report writes (the findings), or NULL for other
 * formats; malloc'd. */
char *batch_report_second_file(const char *path);
/* Start a report; rows are added in input order, the files are written
 * (each to a temporary file beside it, then renamed) by close. */
jx_error batch_report_open(const char *path, jx_lang lang, batch_report **out, jx_diag *d);
jx_error batch_report_add(batch_report *r, const char *path, const batch_result *res, jx_diag *d);
jx_error batch_report_close(batch_report *r, jx_diag *d);
void batch_report_discard(batch_report *r);

/* The words the report and the text output share. */
const char *batch_severity_word(jx_severity s, jx_lang lang);
const char *batch_status_word(bool failed, jx_lang lang);
/* The reason shown for a failed result (its text, or out of memory). */
const char *batch_reason(const batch_result *res, jx_lang lang);

#endif
