/*
 * structure.c - Structure rules: the 一级/二级/三级 framework of 财预〔2021〕101号 (and Hubei's department framework).
 */
#include "rules/rules.h"

void jx_rule_level_pair(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_level_canonical(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_level_missing(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_level3_missing(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_level3_duplicate(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

void jx_rule_level3_one_list(jx_check *c, const jx_model *m)
{
    (void)c;
    (void)m;
}

