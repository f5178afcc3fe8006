/* Exact money: parsing written amounts into 分 and formatting them back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jixiao.h"

static int64_t parse(const char *text, int64_t unit)
{
    int64_t fen = -1;
    assert_int_equal(jx_money_parse(text, unit, &fen), JX_OK);
    return fen;
}

static void test_plain_numbers(void **state)
{
    (void)state;
    assert_int_equal(parse("40500", 100), 4050000);
    assert_int_equal(parse("365.32", 1000000), 365320000);
    assert_int_equal(parse("0.05", 100), 5);
    assert_int_equal(parse("14.33", 1000000), 14330000);
    assert_int_equal(parse("-12.5", 100), -1250);
}

static void test_printed_with_spaces(void **state)
{
    (void)state;
    /* as 湛江's form printed them */
    assert_int_equal(parse("33, 241. 27", 1000000), 33241270000LL);
    assert_int_equal(parse("3, 200, 000. 00", 100), 320000000);
    assert_int_equal(parse("2266. 27", 1000000), 2266270000LL);
    assert_int_equal(parse(" 1,677,273.00 ", 100), 167727300);
    assert_int_equal(parse("1\xEF\xBC\x8C" "200", 100), 120000); /* full-width comma */
}

static void test_exponent_and_float_artefacts(void **state)
{
    (void)state;
    assert_int_equal(parse("1.2E+3", 100), 120000);
    assert_int_equal(parse("4.5e-1", 100), 45);
    /* Excel's 17-digit artefacts round to the nearest 分 */
    assert_int_equal(parse("14.330000000000002", 1000000), 14330000);
    assert_int_equal(parse("0.1049999999", 100), 10);
    assert_int_equal(parse("0.005", 100), 1);
    assert_int_equal(parse("0.0004", 100), 0);
}

static void test_refuses_non_numbers(void **state)
{
    (void)state;
    int64_t fen;
    assert_int_not_equal(jx_money_parse("", 100, &fen), JX_OK);
    assert_int_not_equal(jx_money_parse("有效保障", 100, &fen), JX_OK);
    assert_int_not_equal(jx_money_parse("12元", 100, &fen), JX_OK);
    assert_int_not_equal(jx_money_parse("1.2.3", 100, &fen), JX_OK);
    assert_int_not_equal(jx_money_parse("99999999999999999999", 100, &fen), JX_OK);
    assert_int_not_equal(jx_money_parse(NULL, 100, &fen), JX_OK);
}

static void test_format(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(jx_money_format(4050000, b), "40500.00");
    assert_string_equal(jx_money_format(5, b), "0.05");
    assert_string_equal(jx_money_format(-1250, b), "-12.50");
    assert_string_equal(jx_money_format(0, b), "0.00");
    assert_string_equal(jx_money_format(INT64_MIN, b), "-92233720368547758.08");
}

#include "common/common.h"

static void test_number_display(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"12.8000000000000000002", "12.8"}, {"10.6199999999999999999", "10.62"},
        {"14.330000000000002", "14.33"},    {"40500", "40500"},
        {"1.2E+3", "1200"},                 {"4.5e-1", "0.45"},
        {"0.0001", "0.0001"},               {"-3.5", "-3.5"},
        {"99999999999999999", "100000000000000000"}, {"0", "0"},
        {"007", "7"},                       {"2.46", "2.46"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(jx_number_display(cases[i][0], buf, sizeof buf));
        assert_string_equal(buf, cases[i][1]);
    }
    assert_false(jx_number_display("abc", buf, sizeof buf));
    assert_false(jx_number_display("1e400", buf, sizeof buf));
    assert_false(jx_number_display("", buf, sizeof buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_printed_with_spaces),
        cmocka_unit_test(test_exponent_and_float_artefacts),
        cmocka_unit_test(test_refuses_non_numbers),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_number_display),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
