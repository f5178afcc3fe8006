/* Fuzz target: mapping-file bytes in -> the mapping parser.  A mapping
 * that parses is also used to detect and build on a real sample sheet. */
#include "fuzz_common.h"

#include "mapping/mapping.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jx_mapping *m = NULL;
    jx_diag d;
    if (jx_mapping_parse((const char *)data, size, "fuzz.xml", &m, &d) != JX_OK)
        return 0;
    const jx_workbook *wb = fuzz_sample();
    for (size_t i = 0; wb && i < jx_workbook_sheet_count(wb); i++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, i);
        for (size_t k = 0; k < m->field_count; k++) {
            jx_located loc;
            jx_locate_field(sh, &m->fields[k], &loc);
        }
        for (size_t k = 0; k < m->indicator_table_count; k++) {
            jx_arena a;
            jx_arena_init(&a, 4096);
            jx_table_layout lay;
            bool found;
            if (jx_locate_table(sh, &m->indicator_tables[k], &a, &lay, &found) == JX_OK && found)
                for (uint32_t r = lay.first_row; r < lay.first_row + 64; r++)
                    if (jx_classify_row(sh, &m->indicator_tables[k], &lay, r) == JX_ROW_END)
                        break;
            jx_arena_free(&a);
        }
    }
    jx_mapping_free(m);
    return 0;
}
