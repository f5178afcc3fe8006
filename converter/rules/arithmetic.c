/*
 * arithmetic.c - Arithmetic rules: sums exact to the 分, with the forms' own 尾数误差 tolerance.
 */
#include "rules/rules.h"

void jx_rule_sum_budget(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_funds(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_composition(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_shares(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_income_expense(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_table(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_projects(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_sum_special_funds(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_funds_annual_over_total(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

