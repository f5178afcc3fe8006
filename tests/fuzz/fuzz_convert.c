/* Fuzz target: workbook bytes in -> read, build the model, convert its
 * forms into a blank template of their kind (金寨's for project forms,
 * 吴川's for department forms, the yuanjiang table for the third byte's
 * choice), read the converted workbook back.  The converter must never
 * crash on a model the reader built, and what it writes must read again
 * with as many forms of the target's template. */
#include "fuzz_common.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[64], out[64];
    if (!fuzz_files("convert", data, size, in, out))
        return 0;
    jx_limits lim = fuzz_limits();
    jx_workbook *wb = NULL;
    jx_diag d;
    if (jx_workbook_open(in, &lim, &wb, &d) == JX_OK) {
        jx_model *m = NULL;
        if (jx_model_build(fuzz_catalog(), wb, &m, &d) == JX_OK && m->form_count) {
            bool project = strcmp(m->forms[0].kind, "project") == 0;
            const char *to = project ? (size > 2 && data[2] & 1 ? "yuanjiang-project" : "jinzhai-project")
                                     : "wuchuan-dept";
            char template_path[512];
            snprintf(template_path, sizeof template_path, "%s/templates/%s.xlsx", JX_FUZZ_SOURCE_DIR, to);
            jx_conversion *c = NULL;
            if (jx_convert(fuzz_catalog(), m, to, template_path, JX_LANG_ZH, out, &c, &d) == JX_OK) {
                jx_workbook *back = NULL;
                jx_model *bm = NULL;
                if (jx_workbook_open(out, &lim, &back, &d) != JX_OK ||
                    jx_model_build(fuzz_catalog(), back, &bm, &d) != JX_OK)
                    abort();
                jx_model_free(bm);
                jx_workbook_close(back);
                jx_conversion_free(c);
                unlink(out);
            }
            if (access(out, F_OK) == 0 && !c)
                abort(); /* a failed conversion leaves no output */
        }
        jx_model_free(m);
        jx_workbook_close(wb);
    }
    unlink(in);
    return 0;
}
