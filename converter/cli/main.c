/*
 * main.c - the jixiao command line, on top of the public header only.
 *
 * Exit codes: 0 the job was done and nothing of severity error was found;
 * 1 findings of severity error; 2 the job could not be done (usage,
 * unreadable file, unknown template).  Every failure is one line on
 * standard error naming the file (and sheet and cell where that applies).
 */
#include "jixiao.h"
#include "cli.h"
#include "serve.h"
#include "steps.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* User-facing words, Chinese first. */
typedef enum msg {
    M_USAGE, M_UNKNOWN_CMD, M_NEED_FILE, M_UNKNOWN_OPT,
    M_WRITE_FAILED, M_UNKNOWN, M_CLOSEST, M_MISSING, M_SHEET, M_TEMPLATE, M_FORMS,
    M_INDICATORS, M_DEPARTMENT, M_PROJECT, M_PERIOD, M_TOTAL, M_ANNUAL, M_YUAN, M_HIDDEN,
    M_UNKNOWN_SHEETS, M_BAD_LANG, M_SEV_INFO, M_SEV_WARNING, M_SEV_ERROR, M_FIX, M_SUMMARY, M_CLEAN,
    M_NEED_OUT, M_SAME_FILE, M_CHANGED, M_NOTHING_TO_FIX, M_LEFT, M_CONFLICTS, M_FORMULAS, M_WROTE,
    M_BACKUP_FAILED, M_SHEET_HEADER, M_ANNOTATED, M_NEED_TO,
    M_CONVERTED, M_CARRY_NONE, M_CARRY_HEAD,
    M__COUNT
} msg;

static const char *const messages[M__COUNT][2] = {
    [M_USAGE] = {
        "用法：jixiao <命令> [选项] [文件]\n"
        "命令：\n"
        "  dump 文件.xlsx [--json]   读取工作簿，输出绩效指标模型\n"
        "  validate 文件.xlsx [--json]  按国家规则和算术校验，逐个单元格列出问题\n"
        "  fix 文件.xlsx -o 输出.xlsx [--json]  修正能确定正确写法的问题，其余原样保留\n"
        "      --in-place            直接改写原文件（原文件另存为 文件.xlsx.bak）\n"
        "      --annotate            在工作簿中标出问题：单元格批注和底色，末尾加“校验结果”工作表\n"
        "  convert 文件.xlsx --to 模板 -o 输出.xlsx [--json]  把各表填入另一地区的模板（模板名见 templates）\n"
        "  batch 路径... [-o 输出目录] [--fix] [--annotate] [--report 报告.xlsx|.csv|.json] [-j N] [--quiet]\n"
        "                            批量校验（或修正）文件和目录中的全部 .xlsx；“-”从标准输入读取路径\n"
        "  detect 文件.xlsx          逐个工作表识别模板\n"
        "  templates                 列出已知模板\n"
        "  rules [--markdown]        列出全部校验规则\n"
        "  serve [--listen 127.0.0.1:8080] [--max-upload 20MB] [--workers N]  在浏览器中使用（jixiao serve --help）\n"
        "  version                   显示版本\n"
        "选项：\n"
        "  --lang zh|en              提示语言（默认中文）\n"
        "  --mappings 目录           映射文件目录（默认随程序安装的 mappings/）\n"
        "  --templates 目录          空白模板目录（默认随程序安装的 templates/）\n",
        "usage: jixiao <command> [options] [file]\n"
        "commands:\n"
        "  dump FILE.xlsx [--json]   read a workbook and print its indicator model\n"
        "  validate FILE.xlsx [--json]  check it against the national rules and arithmetic, cell by cell\n"
        "  fix FILE.xlsx -o OUT.xlsx [--json]  correct what has a certain fix, change nothing else\n"
        "      --in-place            write over FILE (keeping the original as FILE.bak)\n"
        "      --annotate            show the findings in the workbook: cell comments and fills, a 校验结果 sheet\n"
        "  convert FILE.xlsx --to ID -o OUT.xlsx [--json]  fill the forms into another county's template (ids: templates)\n"
        "  batch PATH... [-o OUTDIR] [--fix] [--annotate] [--report REPORT.xlsx|.csv|.json] [-j N] [--quiet]\n"
        "                            validate (or fix) every .xlsx in files and folders; '-' reads paths from stdin\n"
        "  detect FILE.xlsx          recognise the template of each sheet\n"
        "  templates                 list the known templates\n"
        "  rules [--markdown]        list every validation rule\n"
        "  serve [--listen 127.0.0.1:8080] [--max-upload 20MB] [--workers N]  a page for the browser (jixiao serve --help)\n"
        "  version                   print the version\n"
        "options:\n"
        "  --lang zh|en              language of messages (default Chinese)\n"
        "  --mappings DIR            folder of mapping files (default: the installed mappings/)\n"
        "  --templates DIR           folder of blank templates (default: the installed templates/)\n"},
    [M_UNKNOWN_CMD] = {"未知命令“%s”", "unknown command '%s'"},
    [M_NEED_FILE] = {"命令“%s”需要一个 .xlsx 文件", "command '%s' needs an .xlsx file"},
    [M_UNKNOWN_OPT] = {"未知选项“%s”", "unknown option '%s'"},
    [M_WRITE_FAILED] = {"写出结果失败：%s", "writing the output failed: %s"},
    [M_UNKNOWN] = {"unknown", "unknown"},
    [M_CLOSEST] = {"最接近：%s（%u/%u 个标志标签）", "closest: %s (%u/%u signature labels)"},
    [M_MISSING] = {"缺少：", "missing: "},
    [M_SHEET] = {"工作表", "sheet"},
    [M_TEMPLATE] = {"模板", "template"},
    [M_FORMS] = {"表", "forms"},
    [M_INDICATORS] = {"指标", "indicators"},
    [M_DEPARTMENT] = {"部门", "department"},
    [M_PROJECT] = {"项目", "project"},
    [M_PERIOD] = {"实施期", "period"},
    [M_TOTAL] = {"资金总额", "total"},
    [M_ANNUAL] = {"年度资金", "annual"},
    [M_YUAN] = {"元", "yuan"},
    [M_HIDDEN] = {"（隐藏）", " (hidden)"},
    [M_UNKNOWN_SHEETS] = {"未识别的工作表", "sheets not recognised"},
    [M_BAD_LANG] = {"--lang 只接受 zh 或 en", "--lang takes zh or en"},
    [M_SEV_INFO] = {"提示", "info"},
    [M_SEV_WARNING] = {"警告", "warning"},
    [M_SEV_ERROR] = {"错误", "error"},
    [M_FIX] = {"建议改为", "fix"},
    [M_SUMMARY] = {"共 %zu 个错误、%zu 个警告、%zu 个提示", "%zu errors, %zu warnings, %zu infos"},
    [M_CLEAN] = {"未发现问题", "no findings"},
    [M_NEED_OUT] = {"fix 需要 -o 输出.xlsx（或 --in-place 直接改写原文件）",
                    "fix needs -o OUT.xlsx (or --in-place to write over the file)"},
    [M_SAME_FILE] = {"输出文件与输入文件相同；要改写原文件请用 --in-place",
                     "the output is the input file; use --in-place to write over it"},
    [M_CHANGED] = {"已修正 %zu 处：", "fixed %zu cells:"},
    [M_NOTHING_TO_FIX] = {"没有可以自动修正的问题；输出与原文件相同", "nothing to fix automatically; the output equals the input"},
    [M_LEFT] = {"仍需人工处理：", "left for a person:"},
    [M_CONFLICTS] = {"%zu 处有相互冲突的修正，未改动", "%zu cells had conflicting fixes and were left alone"},
    [M_FORMULAS] = {"%zu 处是公式单元格，未改动", "%zu cells hold formulas and were left alone"},
    [M_WROTE] = {"已写出：%s", "wrote %s"},
    [M_BACKUP_FAILED] = {"无法保留原文件为 %s：%s", "cannot keep the original as %s: %s"},
    [M_SHEET_HEADER] = {"工作表“%s”", "sheet '%s'"},
    [M_ANNOTATED] = {"已在工作簿中标注 %zu 个问题：%zu 个单元格加了批注，%zu 个加了底色；清单见工作表“%s”",
                     "annotated %zu findings in the workbook: comments on %zu cells, fills on %zu; listed in sheet '%s'"},
    [M_NEED_TO] = {"convert 需要 --to 模板名和 -o 输出文件（模板名见 jixiao templates）",
                   "convert needs --to ID and -o OUT.xlsx (ids: jixiao templates)"},
    [M_CONVERTED] = {"已将 %zu 张表转换为“%s”（%s）：%s", "converted %zu forms to '%s' (%s): %s"},
    [M_CARRY_NONE] = {"全部内容均已转入。", "everything was carried."},
    [M_CARRY_HEAD] = {"未能转入或需补填的内容（%zu 项，另见工作表“%s”）：",
                      "not carried, or to be filled in (%zu items; see also sheet '%s'):"},
};

typedef struct options {
    jx_lang lang;
    int json;
    int markdown;
    int in_place;
    int annotate;
    const char *output;
    const char *mappings;
    const char *templates;
    const char *to;
    const char *command;
    const char *file;
} options;

static const char *M(const options *o, msg m)
{
    return messages[m][o->lang == JX_LANG_EN ? 1 : 0];
}

static void say_error(const options *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say_error(const options *o, const char *fmt, ...)
{
    (void)o;
    va_list ap;
    va_start(ap, fmt);
    fputs("jixiao: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int fail_diag(const options *o, const jx_diag *d)
{
    char line[2048];
    fprintf(stderr, "jixiao: %s\n", jx_diag_format(d, o->lang, line, sizeof line));
    return EXIT_FAILED;
}

static int load_catalog(const options *o, jx_catalog **cat)
{
    char line[2048];
    if (jxc_load_catalog(o->mappings, o->lang, cat, line, sizeof line) == 0)
        return EXIT_CLEAN;
    say_error(o, "%s", line);
    return EXIT_FAILED;
}

static int open_workbook(const options *o, jx_workbook **wb)
{
    jx_diag d;
    if (jx_workbook_open(o->file, NULL, wb, &d) != JX_OK)
        return fail_diag(o, &d);
    return EXIT_CLEAN;
}

/* ---- output ---- */

static int write_stdout(void *ud, const char *data, size_t len)
{
    (void)ud;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int finish_stdout(const options *o)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        say_error(o, M(o, M_WRITE_FAILED), strerror(errno));
        return EXIT_FAILED;
    }
    return EXIT_CLEAN;
}

/* ---- commands ---- */

static int cmd_templates(const options *o)
{
    jx_catalog *cat;
    int rc = load_catalog(o, &cat);
    if (rc)
        return rc;
    for (size_t i = 0; i < jx_catalog_count(cat); i++) {
        const jx_mapping *m = jx_catalog_get(cat, i);
        printf("%-28s %-10s %s（%s）\n", jx_mapping_id(m), jx_mapping_kind(m), jx_mapping_title(m),
               jx_mapping_region(m));
    }
    jx_catalog_free(cat);
    return finish_stdout(o);
}

/* The mapping catalog and the workbook of o->file, or an exit code. */
static int open_both(const options *o, jx_catalog **cat, jx_workbook **wb)
{
    int rc = load_catalog(o, cat);
    if (rc)
        return rc;
    if ((rc = open_workbook(o, wb)))
        jx_catalog_free(*cat);
    return rc;
}

static int cmd_detect(const options *o)
{
    jx_catalog *cat;
    jx_workbook *wb;
    int rc = open_both(o, &cat, &wb);
    if (rc)
        return rc;
    for (size_t i = 0; i < jx_workbook_sheet_count(wb); i++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, i);
        jx_detection det;
        jx_detect(cat, sh, &det);
        printf("%s\t", jx_sheet_name(sh));
        if (det.mapping) {
            printf("%s", jx_mapping_id(det.mapping));
        } else {
            printf("%s", M(o, M_UNKNOWN));
            if (det.closest) {
                printf("\t");
                printf(M(o, M_CLOSEST), jx_mapping_id(det.closest), det.matched, det.required);
                if (det.missing_count) {
                    printf(" %s", M(o, M_MISSING));
                    for (unsigned k = 0; k < det.missing_count; k++)
                        printf("%s%s", k ? (o->lang == JX_LANG_EN ? ", " : "、") : "", det.missing[k]);
                }
            }
        }
        if (jx_sheet_state_of(sh) != JX_SHEET_VISIBLE)
            printf("%s", M(o, M_HIDDEN));
        printf("\n");
    }
    jx_workbook_close(wb);
    jx_catalog_free(cat);
    return finish_stdout(o);
}

static const char *or_dash(const char *s) { return s ? s : "—"; }

static void print_text_model(const options *o, const jx_model *m)
{
    for (size_t i = 0; i < m->form_count; i++) {
        const jx_form *f = &m->forms[i];
        char a[32], b[32];
        printf("%s“%s”  %s %s  %s\n", M(o, M_SHEET), f->sheet, M(o, M_TEMPLATE), f->template_id,
               or_dash(f->title.s));
        printf("  %s：%s\n", M(o, M_DEPARTMENT), or_dash(f->department.s));
        if (f->project.s)
            printf("  %s：%s\n", M(o, M_PROJECT), f->project.s);
        if (f->has_period) {
            char ys[16] = "—", ye[16] = "—";
            if (f->period_start)
                snprintf(ys, sizeof ys, "%d", f->period_start);
            if (f->period_end)
                snprintf(ye, sizeof ye, "%d", f->period_end);
            printf("  %s：%s–%s\n", M(o, M_PERIOD), ys, ye);
        }
        if (f->total.present || f->annual.present)
            printf("  %s：%s %s  %s：%s %s\n", M(o, M_TOTAL),
                   f->total.present ? jx_money_format(f->total.fen, a) : "—", M(o, M_YUAN),
                   M(o, M_ANNUAL), f->annual.present ? jx_money_format(f->annual.fen, b) : "—",
                   M(o, M_YUAN));
        printf("  %s：%zu\n", M(o, M_INDICATORS), f->indicator_count);
        for (size_t k = 0; k < f->indicator_count; k++) {
            const jx_indicator *ind = &f->indicators[k];
            printf("    %s / %s / %s", or_dash(ind->level1.s), or_dash(ind->level2.s),
                   or_dash(ind->level3.s));
            for (size_t t = 0, shown = 0; t < ind->target_count; t++)
                if (ind->targets[t].text)
                    printf("%s%s=%s", shown++ ? "  " : "  ：", ind->targets[t].key, ind->targets[t].text);
            printf("\n");
        }
    }
    if (m->unknown_count) {
        printf("%s：", M(o, M_UNKNOWN_SHEETS));
        for (size_t i = 0; i < m->unknown_count; i++)
            printf("%s%s", i ? "、" : "", m->unknown_sheets[i]);
        printf("\n");
    }
}

/* Read, map and build the model of o->file; on failure print the line
 * and return the exit code. */
static int load_model(const options *o, jx_model **out)
{
    jx_catalog *cat;
    int rc = load_catalog(o, &cat);
    if (rc)
        return rc;
    jxc_job job = {.cat = cat, .lang = o->lang, .path = o->file};
    rc = jxc_load_model(&job, out);
    jx_catalog_free(cat);
    if (rc)
        say_error(o, "%s", job.error);
    return rc;
}

static const char *severity_word(const options *o, jx_severity s)
{
    static const msg words[] = {[JX_SEV_INFO] = M_SEV_INFO, [JX_SEV_WARNING] = M_SEV_WARNING,
                                [JX_SEV_ERROR] = M_SEV_ERROR};
    return M(o, words[s <= JX_SEV_ERROR ? s : JX_SEV_ERROR]);
}

static void print_findings_text(const options *o, const jx_findings *f)
{
    const char *sheet = NULL;
    for (size_t i = 0; i < f->count; i++) {
        const jx_finding *x = &f->items[i];
        if (!sheet || !x->sheet || strcmp(sheet, x->sheet) != 0) {
            sheet = x->sheet;
            printf(M(o, M_SHEET_HEADER), sheet ? sheet : "-");
            printf("\n");
        }
        char ref[16] = "-";
        if (x->at.row)
            jx_cell_ref(x->at.row, x->at.col, ref);
        printf("  %s  %s!%s  %s  %s", severity_word(o, x->severity), x->sheet ? x->sheet : "-", ref, x->rule,
               x->message);
        /* the fix, unless the message already says it */
        if (x->fix && !strstr(x->message, x->fix))
            printf("（%s：%s）", M(o, M_FIX), x->fix);
        printf("\n");
    }
    if (f->count)
        printf(M(o, M_SUMMARY), f->errors, f->warnings, f->infos);
    else
        printf("%s", M(o, M_CLEAN));
    printf("\n");
}

static int cmd_validate(const options *o)
{
    jx_model *m = NULL;
    int rc = load_model(o, &m);
    if (rc)
        return rc;
    jxc_job job = {.lang = o->lang, .path = o->file};
    jx_findings *f = NULL;
    rc = jxc_validate(&job, m, &f);
    jx_model_free(m);
    if (rc) {
        say_error(o, "%s", job.error);
        return rc;
    }
    if (o->json) {
        if (jx_findings_write_json(f, o->file, write_stdout, NULL) != JX_OK) {
            jx_findings_free(f);
            say_error(o, M(o, M_WRITE_FAILED), strerror(errno));
            return EXIT_FAILED;
        }
    } else
        print_findings_text(o, f);
    int exit_code = f->errors ? EXIT_FINDINGS : EXIT_CLEAN;
    jx_findings_free(f);
    rc = finish_stdout(o);
    return rc ? rc : exit_code;
}

/* docs/rules.md is this output; a test keeps them equal. */
static void print_rules_markdown(void)
{
    printf("# Validation rules\n\n"
           "Generated by `jixiao rules --markdown` from the rule table in\n"
           "`converter/rules/catalog.c`; `tests/rules/test_rules_doc.sh` fails when\n"
           "this page and the table differ. Severities: error (exit code 1), warning,\n"
           "info. A finding points at the cell a person must change.\n\n"
           "| id | severity | family | rule |\n|---|---|---|---|\n");
    for (size_t i = 0; i < jx_rule_count(); i++) {
        const jx_rule_info *r = jx_rule_get(i);
        printf("| [`%s`](#%s) | %s | %s | %s / %s |\n", r->id, r->id, jx_severity_name(r->severity), r->family,
               r->title[0], r->title[1]);
    }
    for (size_t i = 0; i < jx_rule_count(); i++) {
        const jx_rule_info *r = jx_rule_get(i);
        printf("\n## %s\n\n**%s** / %s — %s, %s.\n\n%s\n\n%s\n\n"
               "- wrong: %s\n- right: %s\n- source: %s\n",
               r->id, r->title[0], r->title[1], jx_severity_name(r->severity), r->family, r->explain[0],
               r->explain[1], r->wrong, r->right, r->source);
    }
}

static int cmd_rules(const options *o)
{
    if (o->markdown)
        print_rules_markdown();
    else
        for (size_t i = 0; i < jx_rule_count(); i++) {
            const jx_rule_info *r = jx_rule_get(i);
            printf("%-26s %-8s %-11s %s\n", r->id, severity_word(o, r->severity), r->family,
                   r->title[o->lang == JX_LANG_EN ? 1 : 0]);
        }
    return finish_stdout(o);
}

static int cmd_dump(const options *o)
{
    jx_model *m = NULL;
    int rc = load_model(o, &m);
    if (rc)
        return rc;
    if (o->json) {
        if (jx_model_write_json(m, write_stdout, NULL) != JX_OK) {
            jx_model_free(m);
            say_error(o, M(o, M_WRITE_FAILED), strerror(errno));
            return EXIT_FAILED;
        }
    } else
        print_text_model(o, m);
    jx_model_free(m);
    return finish_stdout(o);
}

/* Whether two paths name one file (so that fix never writes over its
 * input by accident, whatever spelling the paths use). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void json_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", stdout);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

static int cmd_fix(const options *o)
{
    if (!o->output && !o->in_place) {
        say_error(o, "%s", M(o, M_NEED_OUT));
        return EXIT_FAILED;
    }
    if (o->output && !o->in_place && same_file(o->output, o->file)) {
        say_error(o, "%s", M(o, M_SAME_FILE));
        return EXIT_FAILED;
    }
    jx_catalog *cat;
    int rc = load_catalog(o, &cat);
    if (rc)
        return rc;
    /* in place: write beside the input first, then keep the original as
     * FILE.bak and move the new file over it */
    char staged[PATH_MAX + 32], backup[PATH_MAX + 8];
    const char *target = o->output;
    if (o->in_place) {
        snprintf(staged, sizeof staged, "%s.jixiao-new", o->file);
        snprintf(backup, sizeof backup, "%s.bak", o->file);
        target = staged;
    }
    jxc_job job = {.cat = cat, .lang = o->lang, .path = o->file};
    jxc_fixed r;
    rc = jxc_fix(&job, target, o->in_place ? o->file : NULL, o->annotate, &r);
    jx_catalog_free(cat);
    if (rc) {
        say_error(o, "%s", job.error);
        return rc;
    }
    if (o->in_place) {
        if (rename(o->file, backup) != 0) {
            say_error(o, M(o, M_BACKUP_FAILED), backup, strerror(errno));
            unlink(staged);
            jxc_fixed_free(&r);
            return EXIT_FAILED;
        }
        if (rename(staged, o->file) != 0) {
            int e = errno;
            rename(backup, o->file); /* put the original back */
            unlink(staged);
            say_error(o, M(o, M_WRITE_FAILED), strerror(e));
            jxc_fixed_free(&r);
            return EXIT_FAILED;
        }
        target = o->file;
    }
    const jx_fix_plan *plan = r.plan;
    const jx_findings *after = r.after;
    const jx_annotated ann = r.ann;
    size_t skipped = r.skipped;
    size_t changed = plan->count - skipped;
    if (!rc && o->json) {
        printf("{\n  \"file\": ");
        json_str(o->file);
        printf(",\n  \"output\": ");
        json_str(target);
        printf(",\n  \"changes\": [");
        for (size_t i = 0, k = 0; i < plan->count; i++) {
            const jx_patch *p = &plan->patches[i];
            if (p->skipped)
                continue;
            char ref[16];
            jx_cell_ref(p->at.row, p->at.col, ref);
            printf("%s\n    {\"sheet\": ", k++ ? "," : "");
            json_str(p->sheet);
            printf(", \"cell\": \"%s\", \"rule\": ", ref);
            json_str(p->rule);
            printf(", \"before\": ");
            json_str(p->before);
            printf(", \"after\": ");
            json_str(p->text);
            printf("}");
        }
        printf("%s],\n", changed ? "\n  " : "");
        if (o->annotate) {
            printf("  \"annotated\": {\"sheet\": ");
            json_str(ann.sheet);
            printf(", \"findings\": %zu, \"comments\": %zu, \"highlighted\": %zu},\n",
                   ann.listed, ann.comments, ann.highlighted);
        }
        printf("  \"left\": ");
        fflush(stdout);
        jx_findings_write_json(after, target, write_stdout, NULL);
        printf("}\n");
    } else if (!rc) {
        if (changed) {
            printf(M(o, M_CHANGED), changed);
            printf("\n");
            for (size_t i = 0; i < plan->count; i++) {
                const jx_patch *p = &plan->patches[i];
                if (p->skipped)
                    continue;
                char ref[16];
                jx_cell_ref(p->at.row, p->at.col, ref);
                printf("  %s!%s  %s  “%s” → “%s”\n", p->sheet, ref, p->rule, p->before ? p->before : "",
                       p->text);
            }
        } else
            printf("%s\n", M(o, M_NOTHING_TO_FIX));
        if (plan->conflicts) {
            printf(M(o, M_CONFLICTS), plan->conflicts);
            printf("\n");
        }
        if (skipped) {
            printf(M(o, M_FORMULAS), skipped);
            printf("\n");
        }
        if (o->annotate) {
            printf(M(o, M_ANNOTATED), ann.listed, ann.comments, ann.highlighted, ann.sheet);
            printf("\n");
        }
        printf(M(o, M_WROTE), target);
        printf("\n%s\n", M(o, M_LEFT));
        print_findings_text(o, after);
    }
    int exit_code = after->errors ? EXIT_FINDINGS : EXIT_CLEAN;
    jxc_fixed_free(&r);
    rc = finish_stdout(o);
    return rc ? rc : exit_code;
}

static void print_carries(const options *o, const jx_conversion *c)
{
    if (!c->count) {
        printf("%s\n", M(o, M_CARRY_NONE));
        return;
    }
    printf(M(o, M_CARRY_HEAD), c->count, c->notes_sheet);
    printf("\n");
    for (size_t i = 0; i < c->count; i++) {
        const jx_carry *x = &c->items[i];
        char cell[16] = "";
        const char *sheet = x->kind == JX_CARRY_NO_SOURCE ? x->out_sheet : x->sheet;
        jx_origin at = x->kind == JX_CARRY_NO_SOURCE ? x->out_at : x->at;
        if (at.row)
            jx_cell_ref(at.row, at.col, cell);
        printf("  [%s] %s%s%s%s %s", jx_carry_kind_name(x->kind, o->lang), sheet ? sheet : "", cell[0] ? "!" : "",
               cell, sheet || cell[0] ? ":" : "", x->field ? x->field : "");
        if (x->kind == JX_CARRY_NO_PLACE && x->text)
            printf(o->lang == JX_LANG_EN ? " = \"%s\"" : "＝“%s”", x->text);
        if (x->kind == JX_CARRY_NO_SOURCE && x->count)
            printf(o->lang == JX_LANG_EN ? " (%zu rows)" : "（%zu 行）", x->count);
        printf("\n");
    }
}

static int cmd_convert(const options *o)
{
    if (!o->to || !o->output) {
        say_error(o, "%s", M(o, M_NEED_TO));
        return EXIT_FAILED;
    }
    if (same_file(o->output, o->file)) {
        say_error(o, "%s", M(o, M_SAME_FILE));
        return EXIT_FAILED;
    }
    jx_catalog *cat = NULL;
    int rc = load_catalog(o, &cat);
    if (rc)
        return rc;
    jxc_job job = {.cat = cat, .lang = o->lang, .path = o->file};
    jx_conversion *c = NULL;
    rc = jxc_convert(&job, o->to, o->templates, o->output, NULL, &c);
    jx_catalog_free(cat);
    if (rc) {
        say_error(o, "%s", job.error);
        return rc;
    }
    jx_error err = JX_OK;
    if (o->json) {
        err = jx_conversion_write_json(c, write_stdout, NULL);
    } else {
        char sheets[1024] = "";
        for (size_t i = 0; i < c->sheet_count; i++)
            snprintf(sheets + strlen(sheets), sizeof sheets - strlen(sheets), "%s%s",
                     i ? (o->lang == JX_LANG_EN ? ", " : "、") : "", c->sheets[i]);
        printf(M(o, M_CONVERTED), c->forms, o->to, sheets, o->output);
        printf("\n");
        print_carries(o, c);
    }
    jx_conversion_free(c);
    rc = finish_stdout(o);
    return rc ? rc : (err ? EXIT_FAILED : EXIT_CLEAN);
}

static const struct { const char *name; int (*run)(const options *); int needs_file; } commands[] = {
    {"convert", cmd_convert, 1},
    {"dump", cmd_dump, 1},
    {"validate", cmd_validate, 1},
    {"fix", cmd_fix, 1},
    {"detect", cmd_detect, 1},
    {"templates", cmd_templates, 0},
    {"rules", cmd_rules, 0},
};

int main(int argc, char **argv)
{
    options o = {.lang = JX_LANG_ZH};
    const char *env_lang = getenv("JIXIAO_LANG");
    if (env_lang && strcmp(env_lang, "en") == 0)
        o.lang = JX_LANG_EN;
    /* --lang first, so that every later message is in the chosen language */
    for (int i = 1; i < argc - 1; i++)
        if (strcmp(argv[i], "--lang") == 0)
            o.lang = strcmp(argv[i + 1], "en") == 0 ? JX_LANG_EN : JX_LANG_ZH;
    /* serve has options of its own and parses the command line itself */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 || strcmp(argv[i], "--mappings") == 0)
            i++;
        else if (argv[i][0] != '-') {
            if (strcmp(argv[i], "serve") == 0)
                return jxs_main(argc, argv, i, o.lang);
            break;
        }
    }

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0)
            o.json = 1;
        else if (strcmp(a, "--markdown") == 0)
            o.markdown = 1;
        else if (strcmp(a, "--in-place") == 0)
            o.in_place = 1;
        else if (strcmp(a, "--annotate") == 0)
            o.annotate = 1;
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc) {
                say_error(&o, M(&o, M_UNKNOWN_OPT), a);
                return EXIT_FAILED;
            }
            o.output = argv[++i];
        }
        else if (strcmp(a, "--to") == 0 || strcmp(a, "--templates") == 0) {
            if (i + 1 >= argc) {
                say_error(&o, M(&o, M_UNKNOWN_OPT), a);
                return EXIT_FAILED;
            }
            if (a[2] == 't' && a[3] == 'o')
                o.to = argv[++i];
            else
                o.templates = argv[++i];
        }
        else if (strcmp(a, "--lang") == 0 || strcmp(a, "--mappings") == 0) {
            if (i + 1 >= argc) {
                say_error(&o, M(&o, M_UNKNOWN_OPT), a);
                return EXIT_FAILED;
            }
            const char *v = argv[++i];
            if (a[2] == 'l') {
                if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0) {
                    say_error(&o, "%s", M(&o, M_BAD_LANG));
                    return EXIT_FAILED;
                }
            } else
                o.mappings = v;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0) {
            fputs(M(&o, M_USAGE), stdout);
            return EXIT_CLEAN;
        } else if (strcmp(a, "--version") == 0 || strcmp(a, "version") == 0) {
            printf("jixiao %s\n", JX_VERSION);
            return EXIT_CLEAN;
        } else if (a[0] == '-' && a[1] == '-') {
            say_error(&o, M(&o, M_UNKNOWN_OPT), a);
            return EXIT_FAILED;
        } else if (!o.command) {
            o.command = a;
            /* batch takes many paths and options of its own */
            if (strcmp(a, "batch") == 0)
                return cmd_batch(argc, argv);
        }
        else if (!o.file)
            o.file = a;
        else {
            say_error(&o, M(&o, M_UNKNOWN_OPT), a);
            return EXIT_FAILED;
        }
    }
    if (!o.command) {
        fputs(M(&o, M_USAGE), stderr);
        return EXIT_FAILED;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, o.command) != 0)
            continue;
        if (commands[i].needs_file && !o.file) {
            say_error(&o, M(&o, M_NEED_FILE), o.command);
            return EXIT_FAILED;
        }
        return commands[i].run(&o);
    }
    say_error(&o, M(&o, M_UNKNOWN_CMD), o.command);
    fputs(M(&o, M_USAGE), stderr);
    return EXIT_FAILED;
}
