/*
 * rules.h - the rule catalog and what rule functions share.
 *
 * A rule is one row of the table in catalog.c: its id, severity, family,
 * documentation in both languages, and the function that checks it.  The
 * driver (validate.c) runs every row over the model; adding a rule is
 * adding a row and its function, nothing else.  docs/rules.md is generated
 * from the same table (`jixiao rules --markdown`), and a test fails when
 * the two disagree.
 *
 * Rule functions read the model only; they report through jx_report(),
 * which formats the message in the language asked for.
 */
#ifndef JX_RULES_H
#define JX_RULES_H

#include "common/common.h"

typedef struct jx_check jx_check;

typedef void (*jx_rule_fn)(jx_check *c, const jx_model *m);

typedef struct jx_rule {
    jx_rule_info info;
    jx_rule_fn check;
} jx_rule;

/* The catalog (catalog.c). */
extern const jx_rule jx_rules[];
extern const size_t jx_rule_total;

/* State of one validation run. */
struct jx_check {
    const jx_rule *rule;      /* the rule running now */
    jx_lang lang;
    jx_arena *arena;          /* findings' strings */
    jx_vec *findings;         /* jx_finding */
    jx_error err;             /* first allocation failure */
};

/* Report a finding of the running rule at a cell of a form.  zh and en are
 * printf formats taking the same arguments; fix and text are copied.
 * severity overrides the rule's own when it is not negative. */
void jx_report(jx_check *c, const jx_form *f, jx_origin at, int severity, const char *fix,
               const char *text, const char *zh, const char *en, ...)
    __attribute__((format(printf, 8, 9)));

/* ---- helpers shared by rule families ---- */

/* "556.87" in the form's unit (万元 or 元), for messages. */
char *jx_rule_amount(const jx_form *f, int64_t fen, char *buf);
const char *jx_rule_unit_name(const jx_form *f, jx_lang lang);
/* The tolerance of a sum: the forms' own note says amounts converted to
 * 万元 may differ by 尾数误差; 0.01 万元 (100 元) or less is reported as
 * info, not as an error.  Amounts in 元 must agree to the 分. */
int64_t jx_rule_tolerance(const jx_form *f);
/* True when s is NULL or holds only white space (ASCII, no-break and
 * ideographic spaces): a cell a person left empty. */
bool jx_rule_blank(const char *s);
/* Normalised text (jx_normalize) into buf. */
const char *jx_rule_norm(const char *s, char *buf, size_t size);
/* The target of an indicator by key, or NULL. */
const jx_target *jx_rule_target(const jx_indicator *ind, const char *key);

/* ---- the rule functions, by family ---- */
void jx_rule_sum_budget(jx_check *c, const jx_model *m);
void jx_rule_sum_funds(jx_check *c, const jx_model *m);
void jx_rule_sum_composition(jx_check *c, const jx_model *m);
void jx_rule_sum_shares(jx_check *c, const jx_model *m);
void jx_rule_sum_income_expense(jx_check *c, const jx_model *m);
void jx_rule_sum_table(jx_check *c, const jx_model *m);
void jx_rule_sum_projects(jx_check *c, const jx_model *m);
void jx_rule_sum_special_funds(jx_check *c, const jx_model *m);
void jx_rule_funds_annual_over_total(jx_check *c, const jx_model *m);

void jx_rule_level_pair(jx_check *c, const jx_model *m);
void jx_rule_level_canonical(jx_check *c, const jx_model *m);
void jx_rule_level_missing(jx_check *c, const jx_model *m);
void jx_rule_level3_missing(jx_check *c, const jx_model *m);
void jx_rule_level3_duplicate(jx_check *c, const jx_model *m);
void jx_rule_level3_one_list(jx_check *c, const jx_model *m);

void jx_rule_target_missing(jx_check *c, const jx_model *m);
void jx_rule_target_truncated(jx_check *c, const jx_model *m);
void jx_rule_target_name(jx_check *c, const jx_model *m);
void jx_rule_target_cost_bound(jx_check *c, const jx_model *m);
void jx_rule_target_no_limit(jx_check *c, const jx_model *m);
void jx_rule_target_percent(jx_check *c, const jx_model *m);
void jx_rule_target_notation(jx_check *c, const jx_model *m);
void jx_rule_amount_text(jx_check *c, const jx_model *m);
void jx_rule_target_type(jx_check *c, const jx_model *m);
void jx_rule_target_measure(jx_check *c, const jx_model *m);
void jx_rule_target_vague(jx_check *c, const jx_model *m);
void jx_rule_target_year_jump(jx_check *c, const jx_model *m);
void jx_rule_target_looser(jx_check *c, const jx_model *m);

void jx_rule_period_order(jx_check *c, const jx_model *m);
void jx_rule_period_ended(jx_check *c, const jx_model *m);
void jx_rule_field_required(jx_check *c, const jx_model *m);
void jx_rule_department_spelling(jx_check *c, const jx_model *m);

#endif
