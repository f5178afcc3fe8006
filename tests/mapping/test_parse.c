/* The mapping-file parser: the shipped mappings load, and mistakes in a
 * mapping are refused with the file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mapping/mapping.h"

static const char *source_dir(void)
{
    const char *d = getenv("JX_SOURCE_DIR");
    return d ? d : ".";
}

static void test_shipped_catalog_loads(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/mappings", source_dir());
    jx_catalog *cat = NULL;
    jx_diag d;
    jx_error err = jx_catalog_load(dir, &cat, &d);
    if (err) {
        char line[1024];
        fail_msg("%s", jx_diag_format(&d, JX_LANG_EN, line, sizeof line));
    }
    static const char *const ids[] = {
        "wuchuan-dept", "wuchuan-project", "guangshui-dept", "zhanjiang-dept", "zhanjiang-fund",
        "zhanjiang-key-project", "yuanjiang-project", "yuanjiang-special-funds",
        "yuanjiang-basic-expenditure", "jinzhai-project"};
    assert_int_equal(jx_catalog_count(cat), sizeof ids / sizeof ids[0]);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const jx_mapping *m = jx_catalog_find(cat, ids[i]);
        assert_non_null(m);
        assert_true(strlen(jx_mapping_title(m)) > 0);
    }
    assert_null(jx_catalog_find(cat, "no-such-template"));
    jx_catalog_free(cat);
}

static jx_error parse(const char *xml, jx_diag *d)
{
    jx_mapping *m = NULL;
    jx_error err = jx_mapping_parse(xml, strlen(xml), "test.xml", &m, d);
    jx_mapping_free(m);
    return err;
}

#define HEAD "<template id='t' kind='project' title='T'>\n<signature><label>A</label></signature>\n"

static void test_minimal_mapping(void **state)
{
    (void)state;
    jx_diag d;
    assert_int_equal(parse(HEAD "</template>", &d), JX_OK);
    jx_mapping *m = NULL;
    const char *xml = HEAD
        "<field name='project' label='项目名称|资金名称'/>\n"
        "<field label='项目期' key='期'/>\n"
        "<sum name='funds.total' of='funds.fiscal funds.other'/>\n"
        "<indicators><table anchor='一级指标'>"
        "<column role='level1' header='一级指标'/><column role='annual' header='年度指标值'/>"
        "<end label='备注' match='prefix'/></table></indicators>\n"
        "</template>";
    assert_int_equal(jx_mapping_parse(xml, strlen(xml), "t.xml", &m, &d), JX_OK);
    assert_int_equal(m->field_count, 2);
    assert_int_equal(m->fields[0].label.count, 2);
    assert_int_equal(m->fields[0].slot, JX_SLOT_PROJECT);
    assert_int_equal(m->sum_count, 1);
    assert_int_equal(m->indicator_table_count, 1);
    assert_int_equal(m->indicator_tables[0].block_count, 1);
    assert_int_equal(m->indicator_tables[0].blocks[0].column_count, 2);
    assert_string_equal(m->indicator_tables[0].blocks[0].columns[1].key, "annual");
    jx_mapping_free(m);
}

static void test_labels_are_normalised(void **state)
{
    (void)state;
    jx_mapping *m = NULL;
    jx_diag d;
    const char *xml = HEAD "<field label='部门（单位） 名称：'/></template>";
    assert_int_equal(jx_mapping_parse(xml, strlen(xml), "t.xml", &m, &d), JX_OK);
    assert_string_equal(m->fields[0].label.alts[0], "部门(单位)名称");
    jx_mapping_free(m);
}

typedef struct bad { const char *xml; unsigned line; const char *words; } bad;

static void test_mistakes_are_refused_with_line(void **state)
{
    (void)state;
    static const bad cases[] = {
        {HEAD "<field label='x' colour='red'/>\n</template>", 3, "unknown attribute"},
        {HEAD "<field name='nonsense' label='x'/>\n</template>", 3, "unknown field name"},
        {HEAD "<feild label='x'/>\n</template>", 3, "not allowed"},
        {HEAD "<field label='x' type='float'/>\n</template>", 3, "unknown type"},
        {HEAD "<field label='x' unit='美元' type='money'/>\n</template>", 3, "money unit"},
        {HEAD "<field label='x' nth='0'/>\n</template>", 3, "nth"},
        {HEAD "<field label=''/>\n</template>", 3, "empty label"},
        {HEAD "<table anchor='a'><column key='k' header='h'/></table>\n</template>", 3, "needs a name"},
        {HEAD "<indicators><table anchor='a'>\n<column role='annual2' header='h'/></table></indicators></template>", 4, "role"},
        {HEAD "<indicators><table anchor='a'></table></indicators>\n</template>", 3, "no <column>"},
        {"<template id='t' kind='county' title='T'><signature><label>A</label></signature></template>", 1, "kind"},
        {"<template id='t' kind='project' title='T'></template>", 0, "signature"},
        {HEAD "<field label='x'>\n</template>", 4, "XML"},
        /* found by fuzz_mapping: the outer label's end took a label that
         * was not there (undefined behaviour, then a wild read) */
        {"<template id='t' kind='project' title='T'><signature><label>A\n<label>B</label></label>"
         "</signature></template>", 2, "<label> inside <label>"},
        {"<template id='t' kind='project' title='T'><signature><absent>A<label>B</label></absent>"
         "</signature></template>", 1, "<label> inside <absent>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jx_diag d;
        jx_error err = parse(cases[i].xml, &d);
        if (err != JX_ERR_MAPPING)
            fail_msg("case %zu: error %d", i, err);
        assert_string_equal(d.file, "test.xml");
        if (!strstr(d.detail, cases[i].words))
            fail_msg("case %zu: detail '%s' lacks '%s'", i, d.detail, cases[i].words);
        if (cases[i].line && d.line != cases[i].line)
            fail_msg("case %zu: line %lu, want %u", i, d.line, cases[i].line);
    }
}

static void test_missing_folder(void **state)
{
    (void)state;
    jx_catalog *cat = NULL;
    jx_diag d;
    assert_int_equal(jx_catalog_load("/nonexistent/mappings", &cat, &d), JX_ERR_IO);
    assert_null(cat);
    assert_string_equal(d.file, "/nonexistent/mappings");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_catalog_loads),
        cmocka_unit_test(test_minimal_mapping),
        cmocka_unit_test(test_labels_are_normalised),
        cmocka_unit_test(test_mistakes_are_refused_with_line),
        cmocka_unit_test(test_missing_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
