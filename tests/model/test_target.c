/* Target values: the text as written, and its operator/number/unit parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "jixiao.h"

typedef struct want {
    const char *text;
    jx_op op;
    int has_value;
    int64_t digits;
    int scale;
    const char *unit;
} want;

static const want cases[] = {
    {"≥95%", JX_OP_GE, 1, 95, 0, "%"},
    {"≤15%", JX_OP_LE, 1, 15, 0, "%"},
    {"≥10万人次", JX_OP_GE, 1, 10, 0, "万人次"},
    {"≤400 元/人", JX_OP_LE, 1, 400, 0, "元/人"},
    {"≥600000 人次", JX_OP_GE, 1, 600000, 0, "人次"},
    {"100%", JX_OP_EQ, 1, 100, 0, "%"},
    {"100", JX_OP_EQ, 1, 100, 0, NULL},
    {"52.5元/人/年", JX_OP_EQ, 1, 525, 1, "元/人/年"},
    {"≤473.25平方米", JX_OP_LE, 1, 47325, 2, "平方米"},
    {"大于等于85%", JX_OP_GE, 1, 85, 0, "%"},
    {"不低于90%", JX_OP_GE, 1, 90, 0, "%"},
    {">=90%", JX_OP_GE, 1, 90, 0, "%"},
    {"＞＝90％", JX_OP_GE, 1, 90, 0, "％"},
    {"≥ 2.6%", JX_OP_GE, 1, 26, 1, "%"},
    {"合规医疗费用救助比例≥70%", JX_OP_GE, 1, 70, 0, "%"},
    {"发生数据安全事故次数 为0", JX_OP_EQ, 1, 0, 0, NULL},
    /* truncated: an operator and nothing after it */
    {"≥", JX_OP_GE, 0, 0, 0, NULL},
    {"合规医疗费用救助比例≥", JX_OP_GE, 0, 0, 0, NULL},
    /* qualitative */
    {"有效保障", JX_OP_NONE, 0, 0, 0, NULL},
    {"不低于上年", JX_OP_NONE, 0, 0, 0, NULL},
    {"2025年底支付完成", JX_OP_NONE, 0, 0, 0, NULL},
    {"7*24小时", JX_OP_NONE, 0, 0, 0, NULL},
    {"达到省下达的年度基本 医保参保人数目标值", JX_OP_NONE, 0, 0, 0, NULL},
    {"≥每人每年核定6.54万元", JX_OP_NONE, 0, 0, 0, NULL},
    {"", JX_OP_NONE, 0, 0, 0, NULL},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const want *w = &cases[i];
        jx_target t;
        char unit[64];
        assert_int_equal(jx_target_parse(w->text, &t, unit, sizeof unit), JX_OK);
        if (t.op != w->op || t.has_value != w->has_value)
            fail_msg("'%s': op %d value %d, want op %d value %d", w->text, t.op, t.has_value, w->op,
                     w->has_value);
        assert_string_equal(t.text, w->text);
        if (w->has_value) {
            if (t.value.digits != w->digits || t.value.scale != w->scale)
                fail_msg("'%s': value %lld/10^%d", w->text, (long long)t.value.digits, t.value.scale);
        }
        if (w->unit) {
            assert_non_null(t.unit);
            assert_string_equal(t.unit, w->unit);
        } else if (t.unit)
            fail_msg("'%s': unexpected unit '%s'", w->text, t.unit);
    }
}

static void test_null_text(void **state)
{
    (void)state;
    jx_target t;
    assert_int_equal(jx_target_parse(NULL, &t, NULL, 0), JX_OK);
    assert_int_equal(t.op, JX_OP_NONE);
    assert_int_equal(t.has_value, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_null_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
