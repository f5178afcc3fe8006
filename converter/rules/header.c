/*
 * header.c - Header rules: periods, required fields, department names.
 */
#include "rules/rules.h"

void jx_rule_period_order(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_period_ended(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_field_required(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_department_spelling(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

