/*
 * test_fault.c - fault injection over the fix path, as SQLite's tests do
 * it.  The job: read -> model -> validate -> fix plan -> jx_write_patched,
 * then the patched workbook read back and validated -> notes ->
 * jx_write_annotated (what `jixiao fix --annotate` does), then the model
 * converted into another county's template with jx_convert (what
 * `jixiao convert` does; the input's other-kind forms alone make the
 * kind error, which is not a fault's).  It is run with
 * the Nth allocation failing (and, apart, the Nth write step), for N = 1,
 * 2, 3 ... until a run no longer reaches N; each N twice: the Nth call
 * alone fails, then the Nth and every later one (so that error paths
 * which allocate are failed too).  Loading the mapping catalog is swept
 * the same way on its own, and the job then uses one catalog loaded
 * outside the faults.
 *
 * Every run that hits the fault must end in a clean error of the right
 * kind (JX_ERR_NOMEM, JX_ERR_IO), leave no output of the write that
 * failed and no temporary file, leave the input as it was and leak
 * nothing (LeakSanitizer, in an ASan build).  The run that no longer
 * reaches N must write what a run without faults writes, byte for byte.
 *
 * Needs a build with -DJX_FAULT=ON (the hooks of converter/common/
 * fault.h); in another build it is skipped.  .ci/run builds its ASan
 * build with it.  An argument runs only the tests it matches, e.g.
 * `fault_test_fault test_io_faults`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"
#include "jixiao.h"
#include "reader_util.h"

#if defined(__SANITIZE_ADDRESS__)
#define JX_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JX_LSAN 1
#endif
#endif
#ifdef JX_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#ifdef JX_FAULT

/* The workbooks run: a sample whose fixes touch several cells, one whose
 * sheet already has comments and a drawing (the editors of existing
 * comments, drawings and relationships), and a clean one (nothing to fix:
 * jx_write_patched copies the file byte for byte). */
static const char *const inputs[] = {
    "samples/yuanjiang-2024.xlsx",
    "tests/data/cli/commented.xlsx",
    "tests/data/clean/wuchuan-project-clean.xlsx",
};

static const char *source_dir(void)
{
    const char *s = getenv("JX_SOURCE_DIR");
    return s ? s : ".";
}


static bool same_file(const char *path, const unsigned char *bytes, size_t len)
{
    size_t n;
    unsigned char *b = slurp(path, &n);
    bool same = n == len && memcmp(b, bytes, n) == 0;
    free(b);
    return same;
}

/* A fresh folder for a run's outputs: in memory when /dev/shm is there
 * (the writer fsyncs, and thousands of runs need not wait for a disk). */
static void make_dir(char *dir, size_t size)
{
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, size, "%s/jx_fault_XXXXXX", base);
    assert_non_null(mkdtemp(dir));
}

/* The names in dir, sorted, space-separated. */
static void list_dir(const char *dir, char *buf, size_t size)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n >= 0);
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            int k = snprintf(buf + len, size - len, "%s%s", len ? " " : "", names[i]->d_name);
            if (k > 0 && (size_t)k < size - len)
                len += (size_t)k;
        }
        free(names[i]);
    }
    free(names);
}

static void remove_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    char path[600];
    while ((e = readdir(dp))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(dp);
    rmdir(dir);
}

/* ---- the jobs ---- */

/* What one run did: how far it got and how it ended. */
typedef struct run {
    jx_error err;
    const char *stage;       /* the stage that failed */
    bool patched, annotated; /* the two outputs were written */
    bool converted;
    jx_diag diag;
} run;

#define STAGE(r, name, call)             \
    if (!(r)->err) {                     \
        (r)->err = (call);               \
        if ((r)->err)                    \
            (r)->stage = name;           \
    }

static run load_catalog(const char *mappings)
{
    run r = {.err = JX_OK};
    jx_catalog *cat = NULL;
    STAGE(&r, "load the mappings", jx_catalog_load(mappings, &cat, &r.diag))
    jx_catalog_free(cat);
    return r;
}

/* The patched workbook's findings, the way `jixiao fix` gets them. */
static jx_error validate_file(const jx_catalog *cat, const char *path, jx_findings **out, jx_diag *d)
{
    jx_workbook *wb = NULL;
    jx_model *m = NULL;
    jx_error err = jx_workbook_open(path, NULL, &wb, d);
    if (!err)
        err = jx_model_build(cat, wb, &m, d);
    jx_workbook_close(wb);
    if (!err)
        err = jx_validate(m, JX_LANG_ZH, out);
    jx_model_free(m);
    return err;
}

/* The input's forms in the blank template of their kind's other county:
 * project forms to 金寨's, department forms to 吴川's. */
static jx_error convert_file(const jx_catalog *cat, const char *in, const char *out, jx_diag *d)
{
    jx_workbook *wb = NULL;
    jx_model *m = NULL;
    jx_error err = jx_workbook_open(in, NULL, &wb, d);
    if (!err)
        err = jx_model_build(cat, wb, &m, d);
    jx_workbook_close(wb);
    bool project = false;
    for (size_t i = 0; !err && i < m->form_count; i++)
        project |= strcmp(m->forms[i].kind, "project") == 0;
    const char *to = project ? "jinzhai-project" : "wuchuan-dept";
    char template_path[600];
    snprintf(template_path, sizeof template_path, "%s/templates/%s.xlsx", source_dir(), to);
    if (!err)
        err = jx_convert(cat, m, to, template_path, JX_LANG_ZH, out, NULL, d);
    jx_model_free(m);
    return err;
}

static run fix_job(const jx_catalog *cat, const char *in, const char *dir, bool convert)
{
    run r = {.err = JX_OK};
    char patched[512], annotated[512], converted[512];
    snprintf(converted, sizeof converted, "%s/converted.xlsx", dir);
    snprintf(patched, sizeof patched, "%s/patched.xlsx", dir);
    snprintf(annotated, sizeof annotated, "%s/annotated.xlsx", dir);
    jx_findings *before = NULL, *after = NULL;
    jx_fix_plan *plan = NULL;
    jx_notes *notes = NULL;
    size_t skipped = 0;
    jx_annotated res;
    STAGE(&r, "read and validate", validate_file(cat, in, &before, &r.diag))
    STAGE(&r, "plan the fixes", jx_fix_plan_make(before, &plan))
    STAGE(&r, "jx_write_patched", jx_write_patched(in, plan->patches, plan->count, patched, &skipped, &r.diag))
    r.patched = !r.err;
    STAGE(&r, "validate the patched workbook", validate_file(cat, patched, &after, &r.diag))
    STAGE(&r, "make the notes", jx_notes_make(before, plan, after, &notes))
    STAGE(&r, "jx_write_annotated", jx_write_annotated(in, plan->patches, plan->count, notes->items, notes->count,
                                                       JX_LANG_ZH, annotated, &res, &r.diag))
    r.annotated = !r.err;
    /* the first input only: a conversion sweep is long (the template is
     * read and written too), and one sample's walks every writer step */
    if (convert) {
        STAGE(&r, "jx_convert", convert_file(cat, in, converted, &r.diag))
        r.converted = !r.err;
    }
    jx_notes_free(notes);
    jx_findings_free(after);
    jx_fix_plan_free(plan);
    jx_findings_free(before);
    return r;
}

/* One job: the catalog's loading (in NULL), or the fix job on `in`. */
typedef struct job {
    const char *mappings;
    const jx_catalog *cat;
    const char *in;
    bool convert;            /* the job converts too */
    /* from a run without faults */
    unsigned char *patched, *annotated, *converted, *input;
    size_t patched_len, annotated_len, converted_len, input_len;
    unsigned long allocs, ios;
} job;

static run run_job(const job *j, const char *dir)
{
    return j->in ? fix_job(j->cat, j->in, dir, j->convert) : load_catalog(j->mappings);
}

static void job_free(job *j)
{
    free(j->patched);
    free(j->annotated);
    free(j->converted);
    free(j->input);
    memset(j, 0, sizeof *j);
}

/* The run without faults: what it writes, how many calls it makes. */
static void reference_run(job *j)
{
    char dir[64];
    make_dir(dir, sizeof dir);
    jx_fault f = {0};
    jx_fault_install(&f);
    run r = run_job(j, dir);
    jx_fault_install(NULL);
    if (r.err)
        fail_msg("%s without faults: %s failed (%s)", j->in ? j->in : j->mappings, r.stage,
                 jx_strerror(r.err, JX_LANG_EN));
    if (j->in) {
        char path[600];
        snprintf(path, sizeof path, "%s/patched.xlsx", dir);
        j->patched = slurp(path, &j->patched_len);
        snprintf(path, sizeof path, "%s/annotated.xlsx", dir);
        j->annotated = slurp(path, &j->annotated_len);
        snprintf(path, sizeof path, "%s/converted.xlsx", dir);
        if (j->convert)
            j->converted = slurp(path, &j->converted_len);
        j->input = slurp(j->in, &j->input_len);
    }
    j->allocs = f.allocs;
    j->ios = f.ios;
    remove_dir(dir);
}

/* ---- runs with faults ---- */

typedef enum { FAIL_ALLOC, FAIL_IO } fail_kind;

/* expat (2.5 and later) does not check one allocation: the prefix of an
 * xmlns:p attribute (getAttributeId in xmlparse.c).  When that one fails,
 * the prefix stays unbound and expat reports "unbound prefix" instead of
 * running out of memory.  The run still ends in a clean error (malformed
 * XML); only its words are wrong, and not ours to fix. */
static bool expat_misreport(const jx_fault *f, const run *r)
{
    return f->in_expat && r->err == JX_ERR_XML && strstr(r->diag.detail, "unbound prefix");
}

/* One run with the nth call of `kind` failing; *reached says whether the
 * run got that far.  Returns the number of problems found (each printed);
 * check_leaks asks LeakSanitizer after the run. */
static unsigned run_with_fault(const job *j, fail_kind kind, unsigned long n, bool persist, bool check_leaks,
                               bool *reached, unsigned *misreports)
{
    char dir[64];
    make_dir(dir, sizeof dir);
    jx_fault f = {.persist = persist};
    if (kind == FAIL_ALLOC)
        f.fail_alloc = n;
    else
        f.fail_io = n;
    jx_fault_install(&f);
    run r = run_job(j, dir);
    jx_fault_install(NULL);
    unsigned long hits = kind == FAIL_ALLOC ? f.alloc_hits : f.io_hits;
    *reached = hits != 0;
    unsigned bad = 0;
    char where[700], line[1200] = "";
    snprintf(where, sizeof where, "%s: %s %lu%s failing%s%s, stage %s", j->in ? j->in : j->mappings,
             kind == FAIL_ALLOC ? "allocation" : "write step", n, persist ? " and every later one" : "",
             kind == FAIL_IO && f.io_step ? ": " : "", kind == FAIL_IO && f.io_step ? f.io_step : "",
             r.stage ? r.stage : "none");
    if (r.err)
        jx_diag_format(&r.diag, JX_LANG_EN, line, sizeof line);
#define PROBLEM(...)                            \
    do {                                        \
        fprintf(stderr, "PROBLEM %s: ", where); \
        fprintf(stderr, __VA_ARGS__);           \
        fputc('\n', stderr);                    \
        bad++;                                  \
    } while (0)

    char files[1024], expect[96];
    list_dir(dir, files, sizeof files);
    snprintf(expect, sizeof expect, "%s%s%s%s%s", r.annotated ? "annotated.xlsx" : "",
             r.annotated && r.converted ? " " : "", r.converted ? "converted.xlsx" : "",
             (r.annotated || r.converted) && r.patched ? " " : "", r.patched ? "patched.xlsx" : "");
    if (strcmp(files, expect) != 0)
        PROBLEM("the folder holds \"%s\", expected \"%s\"", files, expect);
    if (j->in && !same_file(j->in, j->input, j->input_len))
        PROBLEM("the input changed");
    if (hits) {
        jx_error want = kind == FAIL_ALLOC ? JX_ERR_NOMEM : JX_ERR_IO;
        if (expat_misreport(&f, &r))
            ++*misreports;
        else if (r.err != want)
            PROBLEM("ended in \"%s\" (%s), expected \"%s\"", jx_strerror(r.err, JX_LANG_EN), line,
                    jx_strerror(want, JX_LANG_EN));
    } else if (r.err) {
        PROBLEM("not reached, yet it failed: %s", line);
    } else if (j->in) {
        char path[600];
        snprintf(path, sizeof path, "%s/patched.xlsx", dir);
        if (!same_file(path, j->patched, j->patched_len))
            PROBLEM("the patched workbook differs from a run without faults");
        snprintf(path, sizeof path, "%s/annotated.xlsx", dir);
        if (!same_file(path, j->annotated, j->annotated_len))
            PROBLEM("the annotated workbook differs from a run without faults");
        snprintf(path, sizeof path, "%s/converted.xlsx", dir);
        if (j->convert && !same_file(path, j->converted, j->converted_len))
            PROBLEM("the converted workbook differs from a run without faults");
    }
    remove_dir(dir);
#ifdef JX_LSAN
    if (check_leaks && __lsan_do_recoverable_leak_check())
        PROBLEM("memory leaked (the report is above)");
#else
    (void)check_leaks;
#endif
#undef PROBLEM
    return bad;
}

/* N = 1, 2, ... until a run no longer reaches N.  LeakSanitizer is asked
 * once a sweep is done (a heap scan after every run would double the
 * time); its report shows where the leaked block was allocated.  With
 * JX_FAULT_CHECK_EACH=1 in the environment it is asked after every run,
 * which names the run. */
static unsigned sweep_one(const job *j, fail_kind kind, bool persist, unsigned long *runs, unsigned *misreports)
{
    const char *each = getenv("JX_FAULT_CHECK_EACH");
    bool check_each = each && *each == '1';
    unsigned bad = 0;
    unsigned long n = 1;
    for (bool reached = true; reached; n++, ++*runs)
        bad += run_with_fault(j, kind, n, persist, check_each, &reached, misreports);
    /* the last run, which no longer reached n, was the whole job */
    assert_int_equal(n - 2, kind == FAIL_ALLOC ? j->allocs : j->ios);
#ifdef JX_LSAN
    /* what leaked stays leaked: later sweeps would report it again */
    static bool leaked;
    if (!check_each && !leaked && __lsan_do_recoverable_leak_check()) {
        leaked = true;
        fprintf(stderr, "PROBLEM %s: %s faults%s: memory leaked (the report above says where it was allocated; "
                        "JX_FAULT_CHECK_EACH=1 names the run)\n",
                j->in ? j->in : j->mappings, kind == FAIL_ALLOC ? "allocation" : "write",
                persist ? ", persisting" : "");
        bad++;
    }
#endif
    return bad;
}

static void sweep(fail_kind kind)
{
    char mappings[512];
    snprintf(mappings, sizeof mappings, "%s/mappings", source_dir());
    /* static, like the catalog: a failed assertion jumps out, and what it
     * leaves must not read as a leak of the runs after it */
    static jx_catalog *cat;
    static job j;
    jx_catalog_free(cat);
    cat = NULL;
    jx_diag d;
    assert_int_equal(jx_catalog_load(mappings, &cat, &d), JX_OK);
    unsigned bad = 0;
    for (size_t i = 0; i <= sizeof inputs / sizeof inputs[0]; i++) {
        char in[512];
        job_free(&j);
        j.mappings = mappings;
        j.cat = cat;
        if (i < sizeof inputs / sizeof inputs[0]) {
            snprintf(in, sizeof in, "%s/%s", source_dir(), inputs[i]);
            j.in = in;
            j.convert = i == 0;
        }
        reference_run(&j);
        unsigned long runs = 0;
        unsigned misreports = 0, found = 0;
        for (int persist = 0; persist <= 1; persist++)
            found += sweep_one(&j, kind, persist, &runs, &misreports);
        printf("%s: %lu %s, %lu runs, %u problems", i < sizeof inputs / sizeof inputs[0] ? inputs[i] : "mappings/",
               kind == FAIL_ALLOC ? j.allocs : j.ios, kind == FAIL_ALLOC ? "allocations" : "write steps", runs,
               found);
        if (misreports)
            printf(" (%u expat out-of-memory errors reported as unbound prefix)", misreports);
        printf("\n");
        bad += found;
    }
    job_free(&j);
    jx_catalog_free(cat);
    cat = NULL;
    assert_int_equal(bad, 0);
}

static void test_alloc_faults(void **state)
{
    (void)state;
    sweep(FAIL_ALLOC);
}

static void test_io_faults(void **state)
{
    (void)state;
    sweep(FAIL_IO);
}

/* The hooks count only while installed, and only on their own thread's
 * calls; jx_fault_io names the step that failed. */
static void test_hooks(void **state)
{
    (void)state;
    void *p = jx_malloc(8);
    assert_non_null(p);
    free(p);
    jx_fault f = {.fail_alloc = 2, .fail_io = 1};
    jx_fault_install(&f);
    void *a = jx_malloc(8), *b = jx_calloc(1, 8), *c = jx_strdup("x");
    bool io1 = jx_fault_io("first"), io2 = jx_fault_io("second");
    jx_fault_install(NULL);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    assert_true(io1);
    assert_false(io2);
    assert_int_equal(f.allocs, 3);
    assert_int_equal(f.alloc_hits, 1);
    assert_false(f.in_expat);
    assert_int_equal(f.ios, 2);
    assert_string_equal(f.io_step, "first");
    free(a);
    free(c);
    assert_false(jx_fault_io("none installed"));
    jx_fault g = {.fail_alloc = 1, .persist = true};
    jx_fault_install(&g);
    a = jx_malloc(8);
    b = jx_realloc(NULL, 8);
    jx_fault_install(NULL);
    assert_null(a);
    assert_null(b);
    assert_int_equal(g.alloc_hits, 2);
}

#ifdef JX_LSAN
/* Leak checking must be on, or the sweeps could not fail on a leak: a
 * block hidden from LeakSanitizer must be reported.  (The leak report
 * this prints is the check's own.) */
static void test_leak_check_is_on(void **state)
{
    (void)state;
    uintptr_t hidden = (uintptr_t)malloc(24) ^ (uintptr_t)0x5a5a5a5a5a5a5a5aULL;
    fprintf(stderr, "test_fault: the leak of 24 bytes reported next is the self-check's own\n");
    int found = __lsan_do_recoverable_leak_check();
    free((void *)(hidden ^ (uintptr_t)0x5a5a5a5a5a5a5a5aULL));
    assert_true(found);
}
#endif

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
#ifdef JX_LSAN
        cmocka_unit_test(test_leak_check_is_on),
#endif
        cmocka_unit_test(test_hooks),
        cmocka_unit_test(test_alloc_faults),
        cmocka_unit_test(test_io_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

static void test_needs_fault_build(void **state)
{
    (void)state;
    skip(); /* configure with -DJX_FAULT=ON (the ASan build of .ci/run does) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_needs_fault_build)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
