/* Fuzz target: whole workbook bytes in -> reader, mapping, model and
 * every rule.  Nothing may crash, leak or hang; small limits keep each
 * input bounded. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jx_limits lim = fuzz_limits();
    jx_workbook *wb = NULL;
    jx_diag d;
    if (jx_workbook_open_mem(data, size, "fuzz.xlsx", &lim, &wb, &d) != JX_OK)
        return 0;
    /* the grid accessors on whatever was read */
    for (size_t i = 0; i < jx_workbook_sheet_count(wb); i++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, i);
        uint32_t r, c;
        jx_sheet_find_label(sh, "一级指标", JX_MATCH_EXACT, 1, &r, &c);
        for (uint32_t row = 1; row <= jx_sheet_max_row(sh) && row < 64; row++)
            for (uint32_t col = 1; col <= jx_sheet_max_col(sh) && col < 32; col++) {
                jx_sheet_text(sh, row, col);
                jx_sheet_merge_at(sh, row, col);
            }
    }
    jx_model *m = NULL;
    if (jx_model_build(fuzz_catalog(), wb, &m, &d) == JX_OK) {
        jx_findings *f = NULL;
        if (jx_validate(m, JX_LANG_ZH, &f) == JX_OK)
            jx_findings_free(f);
        jx_model_write_json(m, fuzz_discard, NULL);
        jx_model_free(m);
    }
    jx_workbook_close(wb);
    return 0;
}
