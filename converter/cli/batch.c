/*
 * batch.c - jixiao batch: a bureau's inbox of workbooks at once.
 *
 *   jixiao batch PATH... [-o OUTDIR] [--fix] [--annotate]
 *                [--report REPORT.xlsx|.csv|.json] [-j N] [--quiet]
 *
 * How a run goes:
 *   1. plan (main thread): the paths become a list of files in a fixed
 *      order (folders recursed, names sorted byte-wise, .xlsx only, lock
 *      files ~$* skipped; "-" reads paths from standard input), each
 *      with the name the report gives it and its output below OUTDIR.
 *      What is wrong with the command as a whole (OUTDIR inside an input
 *      folder, a report that is an input) stops it here, before any file
 *      is read; what is wrong with one file (two inputs with one output,
 *      an output that is an input) becomes that file's failed row.
 *   2. run: N workers take files in list order and do the mode's job on
 *      each (jobs[] below: validate or fix; convert joins there); the
 *      main thread takes the results in list order, prints or reports
 *      them, frees them and draws the progress.  Workers run at most a
 *      window of files ahead of the oldest unreported one, so memory
 *      stays flat however long the list and whatever one slow file holds
 *      up.
 *   3. the report is written (beside its name, then renamed).
 *
 * Outputs are written into a staging folder inside OUTDIR (one per run)
 * and renamed into place when complete: an output exists only for a
 * file that was processed, and an interrupted run leaves no half file.
 * Ctrl-C (SIGINT, also SIGTERM) is taken by a thread of its own: the
 * first stops new files from starting, lets those in progress finish and
 * writes the report of what was done (exit 2); a second removes the
 * staging folder and ends the process at once.
 *
 * Whatever N is, the outputs and the report are the same: each file's
 * job depends only on the file, and everything is reported in list order.
 */
#define _GNU_SOURCE /* sched_getaffinity */
#include "batch.h"
#include "cli.h"
#include "steps.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How far the workers may run ahead of the oldest file not yet reported:
 * enough that a file slower than the others does not idle the rest, few
 * enough that the results waiting (findings, a few KiB to tens of KiB a
 * file) stay a small part of the memory: WINDOW_PER_JOB a worker. */
enum { WINDOW_PER_JOB = 8, WINDOW_MIN = 16 };
enum { MAX_JOBS = 256 };

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

typedef enum bmsg {
    B_USAGE, B_NEED_PATH, B_UNKNOWN_OPT, B_NEED_VALUE, B_BAD_JOBS, B_BAD_LANG, B_NEED_OUTDIR, B_OUTDIR_UNUSED,
    B_BAD_REPORT, B_REPORT_DIR, B_OUTDIR_IN_INPUT, B_REPORT_IS_INPUT, B_OUTDIR_FAILED, B_NO_FILES,
    B_NO_MAPPINGS, B_REPORT_FAILED, B_STDIN_FAILED, B_NO_MEMORY, B_THREADS, B_TO_WITH_FIX, R_KIND,
    R_NO_TEMPLATE, R_NOT_FOUND, R_NO_ACCESS, R_COLLIDES, R_OVER_INPUT, R_OUTPUT, R_DIR, R_TOO_LONG,
    T_FILE_OK, T_FIXED, T_FILE_FAILED, T_FAILURE_LINE, T_SUMMARY, T_SUMMARY_FIXED, T_SKIPPED, T_OUTPUTS, T_REPORT,
    T_REPORT2,
    P_BAR, P_LINE, P_DONE,
    I_STOPPING, I_STOPPED, I_STOPPED_REPORT, I_KILLED, I_PLANNING,
    B__COUNT
} bmsg;

static const char *const words[B__COUNT][2] = {
    [B_USAGE] = {
        "用法：jixiao batch 路径... [-o 输出目录] [--fix | --to 模板] [--annotate] [--report 报告.xlsx|.csv|.json]\n"
        "                    [-j N] [--quiet] [--lang zh|en] [--mappings 目录] [--templates 目录]\n"
        "逐个处理文件和目录（递归）中的 .xlsx 工作簿，跳过 Office 锁文件 ~$*.xlsx；路径写“-”时从标准输入\n"
        "逐行读取路径（可与 find、xargs 和作业调度系统配合）。默认只校验。\n"
        "  --fix                 把修正后的副本写到输出目录，保持相同的相对路径\n"
        "  --to 模板             把转换为该模板（见 jixiao templates）的副本写到输出目录\n"
        "  --annotate            在输出的工作簿中标出问题（批注、底色和“校验结果”工作表）；不加 --fix 时只标注\n"
        "  -o 输出目录           --fix 和 --annotate 需要；不能是输入目录或其中的目录，不会覆盖输入文件\n"
        "  --report 文件         汇总报告：.xlsx（“汇总”和“明细”两个工作表）、.csv（另有 文件.findings.csv）或 .json；\n"
        "                        不加时逐个文件输出到标准输出\n"
        "  -j N                  同时处理 N 个文件（默认：CPU 核数）；结果与 N 无关\n"
        "  --quiet               不显示进度\n"
        "有文件无法处理时退出码为 2，否则有错误级问题时为 1，否则为 0。Ctrl-C 停止开始新文件，\n"
        "等正在处理的文件完成后写出已完成部分的报告。\n",
        "usage: jixiao batch PATH... [-o OUTDIR] [--fix | --to ID] [--annotate] [--report REPORT.xlsx|.csv|.json]\n"
        "                    [-j N] [--quiet] [--lang zh|en] [--mappings DIR] [--templates DIR]\n"
        "Processes every .xlsx workbook among the files and folders (recursed), skipping Office lock\n"
        "files ~$*.xlsx; a PATH of '-' reads paths from standard input, one a line (for find, xargs\n"
        "and job schedulers). Validates only, unless told otherwise.\n"
        "  --fix                 write fixed copies into OUTDIR under the same relative paths\n"
        "  --to ID               write copies converted to template ID (jixiao templates) into OUTDIR\n"
        "  --annotate            show the findings in the output workbooks (comments, fills, a 校验结果 sheet);\n"
        "                        without --fix, annotate only\n"
        "  -o OUTDIR             needed by --fix and --annotate; never an input folder or inside one, and\n"
        "                        never over an input file\n"
        "  --report FILE         the summary: .xlsx (sheets 汇总 and 明细), .csv (and FILE.findings.csv) or\n"
        "                        .json; without it, one line per file on standard output\n"
        "  -j N                  process N files at once (default: the number of cores); results do not depend on N\n"
        "  --quiet               no progress\n"
        "Exit code 2 when a file could not be processed, else 1 when there are findings of severity error,\n"
        "else 0. Ctrl-C starts no new file, lets those in progress finish and writes the report of what is done.\n"},
    [B_NEED_PATH] = {"batch 需要至少一个文件或目录（“-”表示从标准输入读取路径）",
                     "batch needs at least one file or folder ('-' reads paths from standard input)"},
    [B_UNKNOWN_OPT] = {"未知选项“%s”", "unknown option '%s'"},
    [B_NEED_VALUE] = {"选项“%s”需要一个值", "option '%s' needs a value"},
    [B_BAD_JOBS] = {"-j 需要 1 到 256 之间的整数", "-j takes a whole number from 1 to 256"},
    [B_BAD_LANG] = {"--lang 只接受 zh 或 en", "--lang takes zh or en"},
    [B_NEED_OUTDIR] = {"--fix、--to 和 --annotate 需要 -o 输出目录", "--fix, --to and --annotate need -o OUTDIR"},
    [B_TO_WITH_FIX] = {"--to 不能与 --fix 或 --annotate 同时使用", "--to goes without --fix and --annotate"},
    [R_KIND] = {"没有可转换为“%s”（%s表）的表；工作簿中是：%s", "no form converts to '%s' (a %s form); the workbook holds: %s"},
    [B_OUTDIR_UNUSED] = {"只校验时不写出工作簿：-o 需要与 --fix 或 --annotate 一起使用",
                         "validating writes no workbooks: -o goes with --fix or --annotate"},
    [B_BAD_REPORT] = {"报告文件名须以 .xlsx、.csv 或 .json 结尾：%s", "the report must end in .xlsx, .csv or .json: %s"},
    [B_REPORT_DIR] = {"无法在 %s 中写出报告：%s", "cannot write the report in %s: %s"},
    [B_OUTDIR_IN_INPUT] = {"输出目录 %s 在输入目录 %s 之内（或就是它）；jixiao 不向输入目录写文件，请换一个输出目录",
                           "the output folder %s is (inside) the input folder %s; jixiao never writes into an input "
                           "folder: choose another"},
    [B_REPORT_IS_INPUT] = {"报告文件 %s 是输入文件之一", "the report %s is one of the input files"},
    [B_OUTDIR_FAILED] = {"无法创建输出目录 %s：%s", "cannot create the output folder %s: %s"},
    [B_NO_FILES] = {"没有找到 .xlsx 文件", "no .xlsx files found"},
    [B_NO_MAPPINGS] = {"找不到映射文件目录（可用 --mappings 指定）", "cannot find the mapping folder (use --mappings)"},
    [B_REPORT_FAILED] = {"无法写出报告：%s", "cannot write the report: %s"},
    [B_STDIN_FAILED] = {"读取标准输入失败：%s", "cannot read standard input: %s"},
    [B_NO_MEMORY] = {"内存不足", "out of memory"},
    [B_THREADS] = {"无法启动工作线程：%s", "cannot start the worker threads: %s"},
    [R_NO_TEMPLATE] = {"没有识别出任何绩效目标表模板（用 jixiao detect 查看原因）",
                       "no sheet matches a known template (see jixiao detect)"},
    [R_NOT_FOUND] = {"文件或目录不存在", "no such file or folder"},
    [R_NO_ACCESS] = {"无法访问：%s", "cannot access it: %s"},
    [R_COLLIDES] = {"与 %s 的输出路径相同（%s），未处理", "its output would be that of %s (%s); not processed"},
    [R_OVER_INPUT] = {"输出 %s 会覆盖输入文件，未处理", "its output %s would overwrite an input file; not processed"},
    [R_OUTPUT] = {"无法写出 %s：%s", "cannot write %s: %s"},
    [R_DIR] = {"无法读取目录：%s", "cannot read the folder: %s"},
    [R_TOO_LONG] = {"路径太长", "the path is too long"},
    [T_FILE_OK] = {"%s  %s  %zu 个错误、%zu 个警告、%zu 个提示", "%s  %s  %zu errors, %zu warnings, %zu infos"},
    [T_FIXED] = {"，已修正 %zu 处", ", %zu cells fixed"},
    [T_FILE_FAILED] = {"%s  无法处理：%s", "%s  failed: %s"},
    [T_FAILURE_LINE] = {"jixiao: %s：%s\n", "jixiao: %s: %s\n"},
    [T_SUMMARY] = {"共 %zu 个文件：%zu 个已处理，%zu 个无法处理；%zu 个错误、%zu 个警告、%zu 个提示",
                   "%zu files: %zu processed, %zu failed; %zu errors, %zu warnings, %zu infos"},
    [T_SUMMARY_FIXED] = {"；已修正 %zu 处", "; %zu cells fixed"},
    [T_SKIPPED] = {"；跳过 %zu 个非 .xlsx 文件或 Office 锁文件",
                   "; skipped %zu files that are not .xlsx or are Office lock files"},
    [T_OUTPUTS] = {"输出目录：%s", "outputs in %s"},
    [T_REPORT] = {"报告：%s", "report: %s"},
    [T_REPORT2] = {"报告：%s 和 %s", "report: %s and %s"},
    [P_BAR] = {" %zu/%zu  无法处理 %zu  错误 %zu  %.1f 个/秒  剩余 %s", " %zu/%zu  failed %zu  errors %zu  %.1f/s  %s left"},
    [P_LINE] = {"jixiao: %zu/%zu 个文件，无法处理 %zu 个，错误 %zu 个，%.1f 个/秒，剩余约 %s\n",
                "jixiao: %zu/%zu files, %zu failed, %zu errors, %.1f files/s, about %s left\n"},
    [P_DONE] = {"jixiao: %zu/%zu 个文件，用时 %.1f 秒\n", "jixiao: %zu/%zu files in %.1f s\n"},
    [I_STOPPING] = {"jixiao: 收到中断信号：不再开始新文件，等待正在处理的 %zu 个文件完成（再按一次 Ctrl-C 立即退出）\n",
                    "jixiao: interrupted: starting no new files, finishing the %zu in progress (press Ctrl-C "
                    "again to quit at once)\n"},
    [I_STOPPED] = {"jixiao: 已中断：%zu 个文件中处理了 %zu 个\n", "jixiao: interrupted: %2$zu of %1$zu files processed\n"},
    [I_STOPPED_REPORT] = {"jixiao: 已中断：%zu 个文件中处理了 %zu 个；报告只包含已处理的文件\n",
                          "jixiao: interrupted: %2$zu of %1$zu files processed; the report covers only those\n"},
    [I_KILLED] = {"\njixiao: 再次中断：立即退出；未完成的输出已删除，未写报告\n",
                  "\njixiao: interrupted again: quitting now; unfinished outputs removed, no report written\n"},
    [I_PLANNING] = {"jixiao: 已中断：尚未开始处理\n", "jixiao: interrupted before any file was started\n"},
};

/* ------------------------------------------------------------------ */
/* Options, plan, run state                                            */
/* ------------------------------------------------------------------ */

/* What each file gets done to it.  Convert (--to ID) joins as one more
 * mode: a job function and its line in modes[] (after the jobs below). */
typedef enum batch_mode { MODE_VALIDATE, MODE_FIX, MODE_CONVERT, MODE__COUNT } batch_mode;

typedef struct batch_opts {
    jx_lang lang;
    batch_mode mode;
    bool annotate, quiet;
    unsigned jobs;           /* 0: the number of cores */
    const char *outdir, *report, *mappings;
    const char *to, *templates;   /* --to ID, --templates DIR */
    char template_path[PATH_MAX + 64]; /* the blank template of --to, found once */
} batch_opts;

static const char *W(const batch_opts *o, bmsg m) { return words[m][o->lang == JX_LANG_EN]; }

typedef struct batch_item {
    char *path;       /* as it is opened */
    char *rel;        /* the report's name for it, as bytes: as given, or below the folder given */
    char *shown;      /* rel as well-formed UTF-8 */
    char *out;        /* its output, or NULL */
    char *refusal;    /* why it cannot be processed, known before it starts */
    bool have_id;
    dev_t dev;
    ino_t ino;
} batch_item;

typedef struct batch_plan {
    batch_item *items;
    size_t count, cap;
    char **folders;   /* real paths of the folders given */
    size_t nfolders, folders_cap;
    size_t skipped;   /* files in folders that are not .xlsx, and lock files */
} batch_plan;

/* What a job sees. */
typedef struct batch_ctx {
    const batch_opts *o;
    const jx_catalog *cat;
    const char *staging;      /* this run's folder for unfinished outputs, or NULL */
} batch_ctx;

typedef struct batch_run {
    const batch_ctx *ctx;
    batch_item *items;
    batch_result *results;
    size_t n;
    pthread_mutex_t lock;
    pthread_cond_t wake_main, wake_workers;
    size_t next, committed, in_flight, done, failed, errors;
    size_t window;
    bool stop;
    bool quit;                /* the signal watcher is to end */
    int interrupts;
    char *staging;            /* for the signal thread to remove */
    sigset_t signals;
} batch_run;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static void say(const batch_opts *o, bmsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    fputs("jixiao: ", stderr);
    vfprintf(stderr, W(o, m), ap);
    fputc('\n', stderr);
    va_end(ap);
}

static char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }

/* strerror for worker threads (the GNU strerror_r returns the text). */
static const char *errtext(int e, char *buf, size_t size) { return strerror_r(e, buf, size); }

static bool stopped(batch_run *run)
{
    pthread_mutex_lock(&run->lock);
    bool stop = run->stop;
    pthread_mutex_unlock(&run->lock);
    return stop;
}

/* printf into a new string (NULL when out of memory). */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

/* A copy of s with bad UTF-8 replaced, for anything a report shows. */
static char *clean_copy(const char *s)
{
    size_t need = jx_utf8_clean(s, NULL, 0);
    char *c = malloc(need + 1);
    if (c)
        jx_utf8_clean(s, c, need + 1);
    return c;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return format("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static bool ends_with_xlsx(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0;
}

/* Office's lock file beside an open workbook: ~$name.xlsx (a few bytes
 * naming who has it open, never a workbook). */
static bool is_lock_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return base[0] == '~' && base[1] == '$';
}

static const char *errno_reason(const batch_opts *o, int e, char *buf, size_t size)
{
    if (e == ENOENT || e == ENOTDIR)
        return W(o, R_NOT_FOUND);
    char text[128];
    snprintf(buf, size, W(o, R_NO_ACCESS), errtext(e, text, sizeof text));
    return buf;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* mkdir -p of the folder that holds path. */
static int make_parents(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return ENOMEM;
    int rc = 0;
    for (char *s = strchr(p + 1, '/'); s && !rc; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = errno;
        *s = '/';
    }
    free(p);
    return rc;
}

static int make_dirs(const char *dir)
{
    char *p = join_path(dir, "x");
    if (!p)
        return ENOMEM;
    int rc = make_parents(p);
    free(p);
    return rc;
}

/* Remove a flat folder and what is in it (the staging folder). */
static void remove_flat_dir(const char *dir)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        DIR *d = opendir(dir);
        if (!d)
            return;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = join_path(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
        if (rmdir(dir) == 0 || errno != ENOTEMPTY)
            return;
    }
}

/* ------------------------------------------------------------------ */
/* The per-file jobs                                                   */
/* ------------------------------------------------------------------ */

static void fail_text(batch_result *r, char *reason_owned)
{
    r->failed = true;
    free(r->reason);
    r->reason = reason_owned;
}

/* A failure in reading the input: the row names the file, so the reason
 * leaves it out and starts at the sheet, part or message. */
static void fail_input(const batch_ctx *c, batch_result *r, const jx_diag *d)
{
    jx_diag copy = *d;
    copy.file[0] = '\0';
    char line[2048];
    const char *s = jx_diag_format(&copy, c->o->lang, line, sizeof line);
    if (*s == '-')
        s++;
    if (strncmp(s, "：", strlen("：")) == 0)
        s += strlen("：");
    else if (strncmp(s, ": ", 2) == 0)
        s += 2;
    fail_text(r, clean_copy(s));
}

static void fail_code(const batch_ctx *c, batch_result *r, jx_error e)
{
    jx_diag d = {.code = e};
    fail_input(c, r, &d);
}

/* A failure in writing the output: the reason names the output. */
static void fail_output(const batch_ctx *c, const batch_item *it, batch_result *r, const jx_diag *d)
{
    jx_diag copy = *d;
    snprintf(copy.file, sizeof copy.file, "%s", it->out);
    char line[2048];
    fail_text(r, clean_copy(jx_diag_format(&copy, c->o->lang, line, sizeof line)));
}

static void fail_output_errno(const batch_ctx *c, const batch_item *it, batch_result *r, int e)
{
    char buf[256];
    char *raw = format(W(c->o, R_OUTPUT), it->out, errtext(e, buf, sizeof buf));
    fail_text(r, raw ? clean_copy(raw) : NULL);
    free(raw);
}

/* Open, read and map a workbook; false (r failed) when it cannot be, or
 * matches no template.  With record, r gets its templates and forms. */
static bool load_model(const batch_ctx *c, const char *path, batch_result *r, bool record, jx_model **m)
{
    jx_workbook *wb;
    jx_diag d;
    if (jx_workbook_open(path, NULL, &wb, &d) != JX_OK) {
        fail_input(c, r, &d);
        return false;
    }
    jx_error err = jx_model_build(c->cat, wb, m, &d);
    jx_workbook_close(wb);
    if (err) {
        fail_input(c, r, &d);
        return false;
    }
    if ((*m)->form_count == 0) {
        fail_text(r, xstrdup(W(c->o, R_NO_TEMPLATE)));
        jx_model_free(*m);
        return false;
    }
    if (record && !batch_result_templates(r, c->cat, *m)) {
        fail_code(c, r, JX_ERR_NOMEM);
        jx_model_free(*m);
        return false;
    }
    return true;
}

static bool validate(const batch_ctx *c, const jx_model *m, batch_result *r, jx_findings **f)
{
    jx_error err = jx_validate(m, c->o->lang, f);
    if (err)
        fail_code(c, r, err);
    return !err;
}

static void keep_findings(batch_result *r, jx_findings *f) { batch_result_findings(r, f); }

/* A name in the staging folder for file `index`. */
static void staged_name(const batch_ctx *c, size_t index, const char *what, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%zu.%s.xlsx", c->staging, index, what);
}

/* The finished output moved from the staging folder to its place. */
static bool put_in_place(const batch_ctx *c, const char *staged, const batch_item *it, batch_result *r)
{
    int e = make_parents(it->out);
    if (!e && rename(staged, it->out) != 0)
        e = errno;
    if (e) {
        unlink(staged);
        fail_output_errno(c, it, r, e);
    }
    return !e;
}

/* The annotated copy: the notes of `after` and of what `plan` fixed
 * (plan may be empty: annotating only). */
static bool write_annotated(const batch_ctx *c, const batch_item *it, batch_result *r, const jx_findings *before,
                            jx_fix_plan *plan, const jx_findings *after, const char *staged, size_t *skipped)
{
    jx_notes *notes = NULL;
    jx_error err = jx_notes_make(before, plan, after, &notes);
    if (err) {
        fail_code(c, r, err);
        return false;
    }
    jx_annotated ann = {0};
    jx_diag d;
    err = jx_write_annotated(it->path, plan ? plan->patches : NULL, plan ? plan->count : 0, notes->items,
                             notes->count, c->o->lang, staged, &ann, &d);
    jx_notes_free(notes);
    if (err) {
        fail_output(c, it, r, &d);
        return false;
    }
    *skipped = ann.skipped;
    return true;
}

static void job_validate(const batch_ctx *c, size_t index, const batch_item *it, batch_result *r)
{
    jx_model *m;
    if (!load_model(c, it->path, r, true, &m))
        return;
    jx_findings *f = NULL;
    bool ok = validate(c, m, r, &f);
    jx_model_free(m);
    if (!ok)
        return;
    if (c->o->annotate) {
        char staged[PATH_MAX + 64];
        size_t skipped;
        staged_name(c, index, "out", staged, sizeof staged);
        if (!write_annotated(c, it, r, NULL, NULL, f, staged, &skipped) || !put_in_place(c, staged, it, r)) {
            jx_findings_free(f);
            return;
        }
    }
    keep_findings(r, f);
}

/* Validate the workbook written at `path` (the fixed copy): what is left. */
static bool validate_written(const batch_ctx *c, const char *path, batch_result *r, jx_findings **after)
{
    jx_model *m;
    if (!load_model(c, path, r, false, &m))
        return false;
    bool ok = validate(c, m, r, after);
    jx_model_free(m);
    return ok;
}

/* Write the input with the plan's patches to `path` and the findings
 * left in it.  With no patch the output is a byte copy of the input, so
 * what is left is `before` itself (*after == before; not read again). */
static bool write_and_check(const batch_ctx *c, const batch_item *it, batch_result *r, jx_fix_plan *plan,
                            jx_findings *before, const char *path, size_t *skipped, jx_findings **after)
{
    jx_diag d;
    if (jx_write_patched(it->path, plan->patches, plan->count, path, skipped, &d) != JX_OK) {
        fail_output(c, it, r, &d);
        return false;
    }
    if (plan->count == 0) {
        *after = before;
        return true;
    }
    return validate_written(c, path, r, after);
}

static void job_fix(const batch_ctx *c, size_t index, const batch_item *it, batch_result *r)
{
    jx_model *m;
    if (!load_model(c, it->path, r, true, &m))
        return;
    jx_findings *before = NULL, *after = NULL;
    jx_fix_plan *plan = NULL;
    bool ok = validate(c, m, r, &before);
    jx_model_free(m);
    if (ok) {
        jx_error err = jx_fix_plan_make(before, &plan);
        if (err)
            fail_code(c, r, err);
        ok = !err;
    }
    char staged[PATH_MAX + 64];
    staged_name(c, index, "out", staged, sizeof staged);
    size_t skipped = 0;
    if (ok && c->o->annotate) {
        /* the notes need what is left, so the patched copy is checked
         * first, then the annotated one written from the input */
        if (plan->count) {
            char check[PATH_MAX + 64];
            staged_name(c, index, "check", check, sizeof check);
            ok = write_and_check(c, it, r, plan, before, check, &skipped, &after);
            unlink(check);
        } else
            after = before;
        ok = ok && write_annotated(c, it, r, before, plan, after, staged, &skipped);
    } else if (ok) {
        ok = write_and_check(c, it, r, plan, before, staged, &skipped, &after);
    }
    if (ok)
        ok = put_in_place(c, staged, it, r);
    else
        unlink(staged);
    if (ok) {
        r->fixed = plan->count - skipped;
        keep_findings(r, after);
        if (after == before)
            before = NULL;
        after = NULL;
    }
    if (after != before)
        jx_findings_free(after);
    jx_findings_free(before);
    jx_fix_plan_free(plan);
}

/* The converted copy: the model filled into the --to template; the
 * report row carries the input's findings. */
static void job_convert(const batch_ctx *c, size_t index, const batch_item *it, batch_result *r)
{
    jx_model *m;
    if (!load_model(c, it->path, r, true, &m))
        return;
    jx_findings *f = NULL;
    if (!validate(c, m, r, &f)) {
        jx_model_free(m);
        return;
    }
    char staged[PATH_MAX + 64];
    staged_name(c, index, "out", staged, sizeof staged);
    jx_diag d;
    jx_error err = jx_convert(c->cat, m, c->o->to, c->o->template_path, c->o->lang, staged, NULL, &d);
    if (err == JX_ERR_KIND) {
        /* the same words as jixiao convert: both kinds named */
        char line[512];
        jxc_kind_message(c->cat, m, c->o->to, c->o->lang, line, sizeof line);
        fail_text(r, xstrdup(line));
    } else if (err) {
        fail_output(c, it, r, &d);
    }
    jx_model_free(m);
    if (err || !put_in_place(c, staged, it, r)) {
        unlink(staged);
        jx_findings_free(f);
        return;
    }
    keep_findings(r, f);
}

typedef void (*job_fn)(const batch_ctx *c, size_t index, const batch_item *it, batch_result *r);

static const struct mode_info {
    job_fn run;
    bool writes;   /* an output for every file it processes (else only with --annotate) */
} modes[MODE__COUNT] = {
    [MODE_VALIDATE] = {job_validate, false},
    [MODE_FIX] = {job_fix, true},
    [MODE_CONVERT] = {job_convert, true},
};

static bool writes_outputs(const batch_opts *o) { return modes[o->mode].writes || o->annotate; }

/* One file, whatever the mode: the one place every job goes through. */
static void run_job(const batch_ctx *c, size_t index, const batch_item *it, batch_result *r)
{
    if (it->refusal) {
        fail_text(r, xstrdup(it->refusal));
        return;
    }
    modes[c->o->mode].run(c, index, it, r);
    if (r->failed) {
        /* a failed file is reported by its reason alone */
        jx_findings_free(r->findings);
        r->findings = NULL;
        r->forms = r->errors = r->warnings = r->infos = r->fixed = 0;
        r->template_count = 0;
    }
}

/* ------------------------------------------------------------------ */
/* The plan                                                            */
/* ------------------------------------------------------------------ */

static batch_item *add_item(batch_plan *p, char *path, char *rel)
{
    if (!path || !rel) {
        free(path);
        free(rel);
        return NULL;
    }
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        batch_item *grown = realloc(p->items, cap * sizeof *grown);
        if (!grown) {
            free(path);
            free(rel);
            return NULL;
        }
        p->items = grown;
        p->cap = cap;
    }
    batch_item *it = &p->items[p->count];
    memset(it, 0, sizeof *it);
    it->path = path;
    it->rel = rel;
    it->shown = clean_copy(rel);
    if (!it->shown) {
        free(path);
        free(rel);
        return NULL;
    }
    p->count++;
    return it;
}

static void set_id(batch_item *it, const struct stat *st)
{
    it->have_id = true;
    it->dev = st->st_dev;
    it->ino = st->st_ino;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The files below dir (opened as `dir`, named `rel` in the report). */
static bool walk(const batch_opts *o, batch_plan *p, const char *dir, const char *rel, batch_run *run)
{
    DIR *d = opendir(dir);
    if (!d) {
        char buf[256];
        char *reason = format(W(o, R_DIR), errno_reason(o, errno, buf, sizeof buf));
        batch_item *it = add_item(p, strdup(dir), strdup(*rel ? rel : dir));
        if (!it || !reason) {
            free(reason);
            return false;
        }
        it->refusal = reason;
        return true;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, cap * sizeof *grown);
            ok = grown != NULL;
            if (ok)
                names = grown;
        }
        if (ok)
            ok = (names[n++] = strdup(e->d_name)) != NULL;
    }
    closedir(d);
    if (ok && n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; ok && i < n && !stopped(run); i++) {
        char *path = join_path(dir, names[i]);
        char *sub = *rel ? join_path(rel, names[i]) : strdup(names[i]);
        struct stat st;
        ok = path && sub;
        if (!ok) {
        } else if (lstat(path, &st) != 0) {
            p->skipped++; /* gone since it was listed */
        } else if (S_ISDIR(st.st_mode)) {
            ok = walk(o, p, path, sub, run);
        } else {
            /* a link to a file counts as the file; links to folders are
             * not followed (they could make a loop) */
            bool file = S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode));
            if (file && ends_with_xlsx(names[i]) && !is_lock_file(names[i])) {
                batch_item *it = add_item(p, path, sub);
                path = sub = NULL;
                ok = it != NULL;
                if (ok)
                    set_id(it, &st);
            } else
                p->skipped++;
        }
        free(path);
        free(sub);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return ok;
}

/* One PATH as given (an argument or a line of standard input). */
static bool add_path(const batch_opts *o, batch_plan *p, const char *given, batch_run *run)
{
    if (is_lock_file(given)) {
        p->skipped++;
        return true;
    }
    struct stat st;
    if (stat(given, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (p->nfolders == p->folders_cap) {
            size_t cap = p->folders_cap ? p->folders_cap * 2 : 8;
            char **grown = realloc(p->folders, cap * sizeof *grown);
            if (!grown)
                return false;
            p->folders = grown;
            p->folders_cap = cap;
        }
        char *real = realpath(given, NULL);
        if (real)
            p->folders[p->nfolders++] = real;
        return walk(o, p, given, "", run);
    }
    batch_item *it = add_item(p, strdup(given), strdup(given));
    if (!it)
        return false;
    if (stat(given, &st) == 0)
        set_id(it, &st);
    else {
        int e = errno;
        char buf[256];
        it->refusal = xstrdup(errno_reason(o, e, buf, sizeof buf));
        if (!it->refusal)
            return false;
    }
    return true;
}

static bool read_stdin_paths(const batch_opts *o, batch_plan *p, batch_run *run)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true;
    while (ok && !stopped(run) && (n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n > 0)
            ok = add_path(o, p, line, run);
    }
    if (ok && ferror(stdin)) {
        say(o, B_STDIN_FAILED, strerror(errno));
        ok = false;
    }
    free(line);
    return ok;
}

/* The output's path below OUTDIR: rel without a leading /, "." or ".."
 * (an output never lands outside OUTDIR). */
static char *output_path(const char *outdir, const char *rel)
{
    size_t n = strlen(rel);
    char *clean = malloc(n + 1), *w = clean;
    if (!clean)
        return NULL;
    for (const char *s = rel; *s;) {
        while (*s == '/')
            s++;
        size_t len = strcspn(s, "/");
        bool skip = len == 0 || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.');
        if (!skip) {
            if (w != clean)
                *w++ = '/';
            memcpy(w, s, len);
            w += len;
        }
        s += len;
    }
    *w = '\0';
    char *out = *clean ? join_path(outdir, clean) : NULL;
    free(clean);
    return out;
}

/* The real path a folder will have once created (realpath of the part
 * that exists, the rest appended with "." and ".." applied). */
static char *future_realpath(const char *path)
{
    char *real = realpath(path, NULL);
    if (real || errno != ENOENT)
        return real;
    char *copy = strdup(path);
    if (!copy)
        return NULL;
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *last = slash ? slash + 1 : copy;
    char *base = slash ? (slash == copy ? strdup("/") : (*slash = '\0', future_realpath(copy)))
                       : realpath(".", NULL);
    char *out = NULL;
    if (base) {
        if (strcmp(last, "..") == 0) {
            char *up = strrchr(base, '/');
            if (up && up != base)
                *up = '\0';
            else
                base[1] = '\0';
            out = strdup(base);
        } else if (strcmp(last, ".") == 0 || !*last)
            out = strdup(base);
        else
            out = join_path(base, last);
    }
    free(base);
    free(copy);
    return out;
}

static bool is_inside(const char *path, const char *folder)
{
    size_t n = strlen(folder);
    if (strcmp(folder, "/") == 0)
        return true;
    return strncmp(path, folder, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

typedef struct file_id { dev_t dev; ino_t ino; size_t index; } file_id;

static int cmp_ids(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return 0;
}

static bool is_input(const file_id *ids, size_t n, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    file_id key = {.dev = st.st_dev, .ino = st.st_ino};
    return bsearch(&key, ids, n, sizeof *ids, cmp_ids) != NULL;
}

typedef struct out_ref { const char *out; size_t index; } out_ref;

static int cmp_outs(const void *a, const void *b)
{
    const out_ref *x = a, *y = b;
    int c = strcmp(x->out, y->out);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Outputs for every file; a file whose output is another's, or is an
 * input, gets a refusal.  Returns false when out of memory. */
static bool plan_outputs(const batch_opts *o, batch_plan *p, const file_id *ids, size_t nids)
{
    out_ref *refs = calloc(p->count ? p->count : 1, sizeof *refs);
    if (!refs)
        return false;
    size_t nrefs = 0;
    for (size_t i = 0; i < p->count; i++) {
        batch_item *it = &p->items[i];
        if (it->refusal)
            continue;
        it->out = output_path(o->outdir, it->rel);
        if (!it->out) {
            it->refusal = xstrdup(W(o, R_TOO_LONG));
            if (!it->refusal) {
                free(refs);
                return false;
            }
            continue;
        }
        refs[nrefs++] = (out_ref){it->out, i};
    }
    qsort(refs, nrefs, sizeof *refs, cmp_outs);
    bool ok = true;
    for (size_t k = 1; ok && k < nrefs; k++) {
        if (strcmp(refs[k].out, refs[k - 1].out) != 0)
            continue;
        /* the first in list order keeps the output */
        size_t first = k - 1;
        while (first > 0 && strcmp(refs[first - 1].out, refs[k].out) == 0)
            first--;
        batch_item *it = &p->items[refs[k].index];
        char *raw = format(W(o, R_COLLIDES), p->items[refs[first].index].rel, it->out);
        it->refusal = raw ? clean_copy(raw) : NULL;
        free(raw);
        ok = it->refusal != NULL;
    }
    for (size_t i = 0; ok && i < p->count; i++) {
        batch_item *it = &p->items[i];
        if (it->refusal || !is_input(ids, nids, it->out))
            continue;
        char *raw = format(W(o, R_OVER_INPUT), it->out);
        it->refusal = raw ? clean_copy(raw) : NULL;
        free(raw);
        ok = it->refusal != NULL;
    }
    free(refs);
    return ok;
}

static void plan_free(batch_plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        batch_item *it = &p->items[i];
        free(it->path);
        free(it->rel);
        free(it->shown);
        free(it->out);
        free(it->refusal);
    }
    free(p->items);
    for (size_t i = 0; i < p->nfolders; i++)
        free(p->folders[i]);
    free(p->folders);
}

/* ------------------------------------------------------------------ */
/* Progress                                                            */
/* ------------------------------------------------------------------ */

typedef struct progress {
    bool on, tty, drawn;
    struct timespec start;
    double last;          /* when the last line was printed */
} progress;

static void duration(double s, char *buf, size_t size)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

static void progress_clear(progress *pg)
{
    if (pg->drawn) {
        fputs("\r\033[K", stderr);
        pg->drawn = false;
    }
}

static void progress_show(const batch_opts *o, progress *pg, size_t done, size_t total, size_t failed, size_t errors)
{
    if (!pg->on)
        return;
    double t = seconds_since(&pg->start);
    if (t - pg->last < (pg->tty ? 0.1 : 5.0))
        return;
    pg->last = t;
    double rate = t > 0 ? (double)done / t : 0;
    char left[32] = "-";
    if (done && rate > 0)
        duration((double)(total - done) / rate, left, sizeof left);
    if (!pg->tty) {
        fprintf(stderr, W(o, P_LINE), done, total, failed, errors, rate, left);
        return;
    }
    struct winsize ws;
    int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
    char text[256];
    snprintf(text, sizeof text, W(o, P_BAR), done, total, failed, errors, rate, left);
    int bar = cols - 70;
    bar = bar < 10 ? 10 : bar > 40 ? 40 : bar;
    int filled = total ? (int)((double)bar * (double)done / (double)total) : bar;
    fputs("\r[", stderr);
    for (int i = 0; i < bar; i++)
        fputc(i < filled ? '#' : '-', stderr);
    fprintf(stderr, "]%s\033[K", text);
    fflush(stderr);
    pg->drawn = true;
}

static void progress_end(const batch_opts *o, progress *pg, size_t done, size_t total)
{
    if (!pg->on)
        return;
    progress_clear(pg);
    fprintf(stderr, W(o, P_DONE), done, total, seconds_since(&pg->start));
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

static void *worker(void *arg)
{
    batch_run *run = arg;
    pthread_mutex_lock(&run->lock);
    for (;;) {
        while (!run->stop && run->next < run->n && run->next >= run->committed + run->window)
            pthread_cond_wait(&run->wake_workers, &run->lock);
        if (run->stop || run->next >= run->n)
            break;
        size_t i = run->next++;
        run->in_flight++;
        pthread_mutex_unlock(&run->lock);
        batch_result *r = &run->results[i];
        run_job(run->ctx, i, &run->items[i], r);
        pthread_mutex_lock(&run->lock);
        r->done = true;
        run->in_flight--;
        run->done++;
        run->failed += r->failed;
        run->errors += r->errors;
        pthread_cond_signal(&run->wake_main);
    }
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

/* Signals are taken here, not in a handler: a thread of its own can lock,
 * print and clean up, and no other thread's system calls see EINTR. */
static void *signal_watch(void *arg)
{
    batch_run *run = arg;
    for (;;) {
        int sig;
        if (sigwait(&run->signals, &sig) != 0)
            continue;
        pthread_mutex_lock(&run->lock);
        if (run->quit) {
            /* the command is ending: it sent this signal to this thread */
            pthread_mutex_unlock(&run->lock);
            return NULL;
        }
        int n = ++run->interrupts;
        run->stop = true;
        pthread_cond_broadcast(&run->wake_workers);
        pthread_cond_broadcast(&run->wake_main);
        char *staging = n >= 2 && run->staging ? strdup(run->staging) : NULL;
        pthread_mutex_unlock(&run->lock);
        if (n < 2)
            continue;
        if (staging)
            remove_flat_dir(staging);
        free(staging);
        fputs(words[I_KILLED][run->ctx && run->ctx->o->lang == JX_LANG_EN], stderr);
        /* end as the signal would have ended us, so that a calling
         * script sees it */
        signal(sig, SIG_DFL);
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, sig);
        pthread_sigmask(SIG_UNBLOCK, &one, NULL);
        raise(sig);
        _exit(EXIT_FAILED);
    }
    return NULL;
}

typedef struct totals {
    size_t files, processed, failed, errors, warnings, infos, fixed;
} totals;

static void print_file_line(const batch_opts *o, const batch_item *it, const batch_result *r)
{
    if (r->failed) {
        printf(W(o, T_FILE_FAILED), it->shown, batch_reason(r, o->lang));
        putchar('\n');
        return;
    }
    const char *sep = o->lang == JX_LANG_EN ? ", " : "、";
    char templates[512] = "";
    for (size_t i = 0; i < r->template_count; i++) {
        size_t len = strlen(templates);
        snprintf(templates + len, sizeof templates - len, "%s%s", i ? sep : "", r->templates[i]);
    }
    printf(W(o, T_FILE_OK), it->shown, r->template_count ? templates : "-", r->errors, r->warnings, r->infos);
    if (modes[o->mode].writes)
        printf(W(o, T_FIXED), r->fixed);
    putchar('\n');
}

/* Report file i (in list order) and free what it held. */
static void commit(const batch_opts *o, progress *pg, batch_report *report, bool *report_failed, jx_diag *report_diag,
                   const batch_item *it, batch_result *r, totals *t)
{
    t->files++;
    if (r->failed) {
        t->failed++;
        if (!o->quiet) {
            progress_clear(pg);
            fprintf(stderr, W(o, T_FAILURE_LINE), it->shown, batch_reason(r, o->lang));
        }
    } else {
        t->processed++;
        t->errors += r->errors;
        t->warnings += r->warnings;
        t->infos += r->infos;
        t->fixed += r->fixed;
    }
    if (report && !*report_failed)
        *report_failed = batch_report_add(report, it->shown, r, report_diag) != JX_OK;
    else if (!report) {
        if (pg->tty && isatty(STDOUT_FILENO))
            progress_clear(pg);
        print_file_line(o, it, r);
    }
    jx_findings_free(r->findings);
    r->findings = NULL;
    free(r->reason);
    r->reason = NULL;
    free(r->templates);
    r->templates = NULL;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

static bool parse_jobs(const char *v, unsigned *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 1 || n > MAX_JOBS)
        return false;
    *jobs = (unsigned)n;
    return true;
}

static unsigned core_count(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* Parse argv as main got it; paths (and "-") go to *paths.  Returns -1
 * to go on, else the exit code. */
static int parse_args(int argc, char **argv, batch_opts *o, const char ***paths, size_t *npaths)
{
    const char *env_lang = getenv("JIXIAO_LANG");
    if (env_lang && strcmp(env_lang, "en") == 0)
        o->lang = JX_LANG_EN;
    for (int i = 1; i < argc - 1; i++)
        if (strcmp(argv[i], "--lang") == 0)
            o->lang = strcmp(argv[i + 1], "en") == 0 ? JX_LANG_EN : JX_LANG_ZH;
    *paths = calloc((size_t)argc, sizeof **paths);
    if (!*paths) {
        say(o, B_NO_MEMORY);
        return EXIT_FAILED;
    }
    bool seen_command = false, only_paths = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || (a[0] != '-' || strcmp(a, "-") == 0)) {
            if (!seen_command && strcmp(a, "batch") == 0)
                seen_command = true;
            else
                (*paths)[(*npaths)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0)
            only_paths = true;
        else if (strcmp(a, "--fix") == 0)
            o->mode = o->mode == MODE_CONVERT ? MODE__COUNT : MODE_FIX;
        else if (strcmp(a, "--annotate") == 0)
            o->annotate = true;
        else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
            o->quiet = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(W(o, B_USAGE), stdout);
            return EXIT_CLEAN;
        } else if (strncmp(a, "-j", 2) == 0 && a[2]) {
            if (!parse_jobs(a + 2, &o->jobs)) {
                say(o, B_BAD_JOBS);
                return EXIT_FAILED;
            }
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--report") == 0 ||
                   strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 || strcmp(a, "--lang") == 0 ||
                   strcmp(a, "--mappings") == 0 || strcmp(a, "--to") == 0 || strcmp(a, "--templates") == 0) {
            if (i + 1 >= argc) {
                say(o, B_NEED_VALUE, a);
                return EXIT_FAILED;
            }
            const char *v = argv[++i];
            if (a[1] == 'o' || strcmp(a, "--output") == 0)
                o->outdir = v;
            else if (strcmp(a, "--report") == 0)
                o->report = v;
            else if (strcmp(a, "--mappings") == 0)
                o->mappings = v;
            else if (strcmp(a, "--to") == 0) {
                o->to = v;
                o->mode = o->mode == MODE_FIX ? MODE__COUNT : MODE_CONVERT;
            } else if (strcmp(a, "--templates") == 0)
                o->templates = v;
            else if (strcmp(a, "--lang") == 0) {
                if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0) {
                    say(o, B_BAD_LANG);
                    return EXIT_FAILED;
                }
            } else if (!parse_jobs(v, &o->jobs)) {
                say(o, B_BAD_JOBS);
                return EXIT_FAILED;
            }
        } else {
            say(o, B_UNKNOWN_OPT, a);
            return EXIT_FAILED;
        }
    }
    if (*npaths == 0) {
        say(o, B_NEED_PATH);
        return EXIT_FAILED;
    }
    if (o->mode == MODE__COUNT || (o->mode == MODE_CONVERT && o->annotate)) {
        say(o, B_TO_WITH_FIX);
        return EXIT_FAILED;
    }
    if (writes_outputs(o) && !o->outdir) {
        say(o, B_NEED_OUTDIR);
        return EXIT_FAILED;
    }
    if (!writes_outputs(o) && o->outdir) {
        say(o, B_OUTDIR_UNUSED);
        return EXIT_FAILED;
    }
    if (o->report && !batch_report_known(o->report)) {
        say(o, B_BAD_REPORT, o->report);
        return EXIT_FAILED;
    }
    if (o->report) {
        /* fail now, not after the whole batch: the report's folder must
         * take a new file */
        char *copy = strdup(o->report);
        char *slash = copy ? strrchr(copy, '/') : NULL;
        const char *dir = !copy ? "." : slash ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".";
        if (access(dir, W_OK | X_OK) != 0) {
            say(o, B_REPORT_DIR, dir, strerror(errno));
            free(copy);
            return EXIT_FAILED;
        }
        free(copy);
    }
    return -1;
}

/* The checks of the command as a whole, once the files are known. */
static int check_plan(const batch_opts *o, batch_plan *p, file_id **ids_out, size_t *nids)
{
    file_id *ids = calloc(p->count ? p->count : 1, sizeof *ids);
    if (!ids) {
        say(o, B_NO_MEMORY);
        return EXIT_FAILED;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].have_id)
            ids[n++] = (file_id){p->items[i].dev, p->items[i].ino, i};
    qsort(ids, n, sizeof *ids, cmp_ids);
    *ids_out = ids;
    *nids = n;
    if (o->report) {
        char *second = batch_report_second_file(o->report);
        bool clash = is_input(ids, n, o->report) || (second && is_input(ids, n, second));
        free(second);
        if (clash) {
            say(o, B_REPORT_IS_INPUT, o->report);
            return EXIT_FAILED;
        }
    }
    if (!writes_outputs(o))
        return -1;
    char *real = future_realpath(o->outdir);
    if (!real) {
        say(o, B_OUTDIR_FAILED, o->outdir, strerror(errno));
        return EXIT_FAILED;
    }
    for (size_t i = 0; i < p->nfolders; i++)
        if (is_inside(real, p->folders[i])) {
            say(o, B_OUTDIR_IN_INPUT, o->outdir, p->folders[i]);
            free(real);
            return EXIT_FAILED;
        }
    free(real);
    if (!plan_outputs(o, p, ids, n)) {
        say(o, B_NO_MEMORY);
        return EXIT_FAILED;
    }
    return -1;
}

typedef struct batch_state {
    batch_opts o;
    batch_plan plan;
    batch_run run;
    batch_ctx ctx;
    jx_catalog *cat;
    batch_report *report;
    const char **paths;
    file_id *ids;
    pthread_t sig_thread;
    bool sig_started;
} batch_state;

static int run_batch(batch_state *s, size_t npaths);

int cmd_batch(int argc, char **argv)
{
    batch_state *s = calloc(1, sizeof *s);
    if (!s) {
        fputs("jixiao: out of memory\n", stderr);
        return EXIT_FAILED;
    }
    size_t npaths = 0;
    int rc = parse_args(argc, argv, &s->o, &s->paths, &npaths);
    if (rc < 0)
        rc = run_batch(s, npaths);
    if (s->sig_started) {
        /* not pthread_cancel: unwinding a cancelled thread trips
         * AddressSanitizer's stack poisoning */
        pthread_mutex_lock(&s->run.lock);
        s->run.quit = true;
        pthread_mutex_unlock(&s->run.lock);
        pthread_kill(s->sig_thread, SIGINT);
        pthread_join(s->sig_thread, NULL);
    }
    /* back to the caller's mask: a Ctrl-C from here on acts as usual */
    pthread_sigmask(SIG_UNBLOCK, &s->run.signals, NULL);
    plan_free(&s->plan);
    free(s->paths);
    free(s->ids);
    jx_catalog_free(s->cat);
    free(s->run.results);
    free(s->run.staging);
    free(s);
    return rc;
}

/* Run the workers and report in order; returns with every worker ended. */
static int process(batch_state *s, unsigned jobs, totals *t, bool *report_failed, jx_diag *report_diag)
{
    batch_run *run = &s->run;
    const batch_opts *o = &s->o;
    pthread_t *threads = calloc(jobs, sizeof *threads);
    if (!threads) {
        say(o, B_NO_MEMORY);
        return EXIT_FAILED;
    }
    unsigned started = 0;
    for (; started < jobs; started++) {
        int e = pthread_create(&threads[started], NULL, worker, run);
        if (e) {
            if (started == 0) {
                say(o, B_THREADS, strerror(e));
                free(threads);
                return EXIT_FAILED;
            }
            break; /* fewer workers do the same work */
        }
    }
    progress pg = {.on = !o->quiet, .tty = isatty(STDERR_FILENO) != 0};
    clock_gettime(CLOCK_MONOTONIC, &pg.start);
    bool noticed = false;
    pthread_mutex_lock(&run->lock);
    for (;;) {
        while (run->committed < run->n && run->results[run->committed].done) {
            size_t i = run->committed;
            pthread_mutex_unlock(&run->lock);
            commit(o, &pg, s->report, report_failed, report_diag, &run->items[i], &run->results[i], t);
            pthread_mutex_lock(&run->lock);
            run->committed++;
            pthread_cond_broadcast(&run->wake_workers);
        }
        if (run->committed == run->n || (run->stop && run->in_flight == 0))
            break;
        if (run->interrupts && !noticed) {
            noticed = true;
            size_t in_flight = run->in_flight;
            pthread_mutex_unlock(&run->lock);
            progress_clear(&pg);
            fprintf(stderr, W(o, I_STOPPING), in_flight);
            pthread_mutex_lock(&run->lock);
            continue;
        }
        size_t done = run->done, failed = run->failed, errors = run->errors;
        pthread_mutex_unlock(&run->lock);
        progress_show(o, &pg, done, run->n, failed, errors);
        pthread_mutex_lock(&run->lock);
        if (run->committed < run->n && !run->results[run->committed].done &&
            !(run->stop && run->in_flight == 0) && !(run->interrupts && !noticed)) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            long step = pg.on ? (pg.tty ? 100 : 1000) : 1000;
            until.tv_nsec += step * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&run->wake_main, &run->lock, &until);
        }
    }
    run->stop = true; /* the workers leave once they find nothing to do */
    pthread_cond_broadcast(&run->wake_workers);
    size_t done = run->done;
    pthread_mutex_unlock(&run->lock);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    progress_end(o, &pg, done, run->n);
    return -1;
}

static int run_batch(batch_state *s, size_t npaths)
{
    batch_opts *o = &s->o;
    batch_run *run = &s->run;
    pthread_mutex_init(&run->lock, NULL);
    pthread_cond_init(&run->wake_main, NULL);
    pthread_cond_init(&run->wake_workers, NULL);
    s->ctx.o = o;
    run->ctx = &s->ctx;

    /* every thread started from here on inherits the blocked signals */
    sigemptyset(&run->signals);
    sigaddset(&run->signals, SIGINT);
    sigaddset(&run->signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &run->signals, NULL);
    s->sig_started = pthread_create(&s->sig_thread, NULL, signal_watch, run) == 0;

    /* 1. the plan */
    bool ok = true;
    for (size_t i = 0; ok && i < npaths && !stopped(run); i++)
        ok = strcmp(s->paths[i], "-") == 0 ? read_stdin_paths(o, &s->plan, run)
                                           : add_path(o, &s->plan, s->paths[i], run);
    bool interrupted_early = stopped(run);
    if (!ok) {
        if (!ferror(stdin))
            say(o, B_NO_MEMORY);
        return EXIT_FAILED;
    }
    if (interrupted_early) {
        fputs(W(o, I_PLANNING), stderr);
        return EXIT_FAILED;
    }
    if (s->plan.count == 0) {
        say(o, B_NO_FILES);
        return EXIT_FAILED;
    }
    size_t nids = 0;
    int rc = check_plan(o, &s->plan, &s->ids, &nids);
    if (rc >= 0)
        return rc;

    char buf[PATH_MAX + 64];
    const char *dir = jxc_find_mappings(o->mappings, buf, sizeof buf);
    if (!dir) {
        say(o, B_NO_MAPPINGS);
        return EXIT_FAILED;
    }
    jx_diag d;
    if (jx_catalog_load(dir, &s->cat, &d) != JX_OK) {
        char line[2048];
        fprintf(stderr, "jixiao: %s\n", jx_diag_format(&d, o->lang, line, sizeof line));
        return EXIT_FAILED;
    }
    s->ctx.cat = s->cat;
    if (o->mode == MODE_CONVERT) {
        /* the target and its blank template, checked before any file */
        jxc_job job = {.cat = s->cat, .lang = o->lang};
        if (jxc_template_path(&job, o->to, o->templates, o->template_path, sizeof o->template_path)) {
            fprintf(stderr, "jixiao: %s\n", job.error);
            return EXIT_FAILED;
        }
    }

    if (writes_outputs(o)) {
        int e = make_dirs(o->outdir);
        char *staging = e ? NULL : join_path(o->outdir, ".jixiao-XXXXXX");
        if (!e && !staging)
            e = ENOMEM;
        if (!e && !mkdtemp(staging))
            e = errno;
        if (e) {
            free(staging);
            say(o, B_OUTDIR_FAILED, o->outdir, strerror(e));
            return EXIT_FAILED;
        }
        pthread_mutex_lock(&run->lock);
        run->staging = staging;
        pthread_mutex_unlock(&run->lock);
        s->ctx.staging = staging;
    }
    if (o->report) {
        jx_diag rd = {0};
        if (batch_report_open(o->report, o->lang, &s->report, &rd) != JX_OK) {
            char line[2048];
            if (!rd.file[0])
                snprintf(rd.file, sizeof rd.file, "%s", o->report);
            say(o, B_REPORT_FAILED, jx_diag_format(&rd, o->lang, line, sizeof line));
            if (run->staging)
                remove_flat_dir(run->staging);
            return EXIT_FAILED;
        }
    }

    /* 2. the run */
    run->items = s->plan.items;
    run->n = s->plan.count;
    run->results = calloc(run->n, sizeof *run->results);
    if (!run->results) {
        say(o, B_NO_MEMORY);
        batch_report_discard(s->report);
        if (run->staging)
            remove_flat_dir(run->staging);
        return EXIT_FAILED;
    }
    unsigned jobs = o->jobs ? o->jobs : core_count();
    if (jobs > run->n)
        jobs = (unsigned)run->n;
    run->window = (size_t)jobs * WINDOW_PER_JOB < WINDOW_MIN ? WINDOW_MIN : (size_t)jobs * WINDOW_PER_JOB;
    totals t = {0};
    bool report_failed = false;
    jx_diag report_diag = {0};
    rc = process(s, jobs, &t, &report_failed, &report_diag);
    if (run->staging)
        remove_flat_dir(run->staging);
    if (rc >= 0) {
        batch_report_discard(s->report);
        return rc;
    }
    pthread_mutex_lock(&run->lock);
    bool interrupted = run->interrupts > 0;
    pthread_mutex_unlock(&run->lock);

    /* 3. the report */
    if (s->report) {
        if (!report_failed)
            report_failed = batch_report_close(s->report, &report_diag) != JX_OK;
        else
            batch_report_discard(s->report);
        s->report = NULL;
        if (report_failed) {
            char line[2048];
            say(o, B_REPORT_FAILED, jx_diag_format(&report_diag, o->lang, line, sizeof line));
        }
    }
    printf(W(o, T_SUMMARY), t.files, t.processed, t.failed, t.errors, t.warnings, t.infos);
    if (modes[o->mode].writes)
        printf(W(o, T_SUMMARY_FIXED), t.fixed);
    if (s->plan.skipped)
        printf(W(o, T_SKIPPED), s->plan.skipped);
    putchar('\n');
    if (writes_outputs(o)) {
        printf(W(o, T_OUTPUTS), o->outdir);
        putchar('\n');
    }
    if (o->report && !report_failed) {
        char *second = batch_report_second_file(o->report);
        if (second)
            printf(W(o, T_REPORT2), o->report, second);
        else
            printf(W(o, T_REPORT), o->report);
        putchar('\n');
        free(second);
    }
    if (interrupted)
        fprintf(stderr, W(o, o->report ? I_STOPPED_REPORT : I_STOPPED), run->n, t.files);
    if (fflush(stdout) != 0 || ferror(stdout))
        return EXIT_FAILED;
    if (interrupted || t.failed || report_failed)
        return EXIT_FAILED;
    return t.errors ? EXIT_FINDINGS : EXIT_CLEAN;
}
