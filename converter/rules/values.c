/*
 * values.c - Value rules: what a target value says and how it is written.
 */
#include "rules/rules.h"

void jx_rule_target_missing(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_truncated(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_name(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_cost_bound(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_no_limit(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_percent(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_notation(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_amount_text(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_type(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_measure(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_vague(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_year_jump(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_target_looser(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

