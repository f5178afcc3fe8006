/* Fuzz target: workbook bytes in -> read, validate, fix, write the fixed
 * workbook, read it back; then write it annotated (the findings as notes:
 * comments, fills, the findings sheet) and read that back.  The writer
 * must never crash on what the reader accepted, and what it writes must
 * read again. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[64], out[64];
    if (!fuzz_files("fix", data, size, in, out))
        return 0;
    jx_limits lim = fuzz_limits();
    jx_workbook *wb = NULL;
    jx_diag d;
    if (jx_workbook_open(in, &lim, &wb, &d) == JX_OK) {
        jx_model *m = NULL;
        if (jx_model_build(fuzz_catalog(), wb, &m, &d) == JX_OK) {
            jx_findings *fs = NULL;
            jx_fix_plan *plan = NULL;
            if (jx_validate(m, JX_LANG_EN, &fs) == JX_OK && jx_fix_plan_make(fs, &plan) == JX_OK) {
                size_t skipped;
                if (jx_write_patched(in, plan->patches, plan->count, out, &skipped, &d) == JX_OK) {
                    jx_workbook *back = NULL;
                    /* what the writer wrote reads again */
                    if (jx_workbook_open(out, &lim, &back, &d) != JX_OK && plan->count)
                        abort();
                    jx_workbook_close(back);
                    unlink(out);
                }
                /* the findings as notes, as if none had been fixed (the
                 * shapes the annotator meets are the same) */
                jx_notes *notes = NULL;
                if (jx_notes_make(fs, plan, fs, &notes) == JX_OK) {
                    jx_annotated res;
                    if (jx_write_annotated(in, plan->patches, plan->count, notes->items, notes->count,
                                           JX_LANG_ZH, out, &res, &d) == JX_OK) {
                        jx_workbook *back = NULL;
                        if (jx_workbook_open(out, &lim, &back, &d) != JX_OK)
                            abort();
                        jx_workbook_close(back);
                        unlink(out);
                    }
                    jx_notes_free(notes);
                }
                jx_fix_plan_free(plan);
            }
            jx_findings_free(fs);
            jx_model_free(m);
        }
        jx_workbook_close(wb);
    }
    unlink(in);
    return 0;
}
