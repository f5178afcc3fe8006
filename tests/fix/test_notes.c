/*
 * test_notes.c - the notes of a fix run: the findings left, and the
 * findings whose fix a patch wrote (both of two that agree on a cell; not
 * those whose patch was skipped, nor those two rules fixed differently).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jixiao.h"

static jx_finding finding(const char *rule, const char *sheet, uint32_t row, uint32_t col, const char *text,
                          const char *fix)
{
    return (jx_finding){.rule = rule, .severity = JX_SEV_WARNING, .sheet = sheet, .at = {row, col},
                        .message = rule, .fix = fix, .text = text};
}

static void test_notes(void **state)
{
    (void)state;
    jx_finding before_items[] = {
        finding("a.one", "S", 2, 2, "x", "X"),     /* fixed */
        finding("a.two", "S", 2, 2, "x", "X"),     /* agrees: fixed too */
        finding("b.one", "S", 3, 1, "y", "Y1"),    /* conflict */
        finding("b.two", "S", 3, 1, "y", "Y2"),    /* conflict */
        finding("c.one", "T", 1, 1, "=1+1", "2"),  /* a formula: skipped */
        finding("d.one", "T", 5, 5, "z", NULL),    /* no fix */
    };
    jx_findings before = {.items = before_items, .count = 6};
    jx_fix_plan *plan = NULL;
    assert_int_equal(jx_fix_plan_make(&before, &plan), JX_OK);
    assert_int_equal(plan->count, 2);
    assert_int_equal(plan->conflicts, 2);
    /* the writer found T!A1 holds a formula */
    for (size_t i = 0; i < plan->count; i++)
        if (strcmp(plan->patches[i].sheet, "T") == 0)
            plan->patches[i].skipped = 1;
    jx_finding after_items[] = {
        finding("b.one", "S", 3, 1, "y", "Y1"),
        finding("b.two", "S", 3, 1, "y", "Y2"),
        finding("c.one", "T", 1, 1, "=1+1", "2"),
        finding("d.one", "T", 5, 5, "z", NULL),
        finding("e.new", NULL, 0, 0, NULL, NULL),
    };
    jx_findings after = {.items = after_items, .count = 5};
    jx_notes *notes = NULL;
    assert_int_equal(jx_notes_make(&before, plan, &after, &notes), JX_OK);
    assert_int_equal(notes->count, 7);
    /* the left ones first, as found, none fixed */
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(notes->items[i].rule, after_items[i].rule);
        assert_false(notes->items[i].fixed);
        assert_null(notes->items[i].after);
    }
    assert_null(notes->items[4].sheet);
    /* then the fixed ones, with what the cell held and holds */
    for (size_t i = 5; i < 7; i++) {
        const jx_note *n = &notes->items[i];
        assert_true(n->fixed);
        assert_string_equal(n->sheet, "S");
        assert_int_equal(n->at.row, 2);
        assert_string_equal(n->before, "x");
        assert_string_equal(n->after, "X");
    }
    assert_string_equal(notes->items[5].rule, "a.one");
    assert_string_equal(notes->items[6].rule, "a.two");
    jx_notes_free(notes);
    jx_fix_plan_free(plan);
    jx_notes_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
