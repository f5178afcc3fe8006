/* Fuzz target: a cell's text in -> the target-value parser, exact money,
 * number display and label normalisation. */
#include "fuzz_common.h"

#include "common/common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    jx_target t;
    char unit[64];
    jx_target_parse(text, &t, unit, sizeof unit);
    int64_t fen;
    jx_money_parse(text, 100, &fen);
    jx_money_parse(text, 1000000, &fen);
    char buf[96];
    jx_number_display(text, buf, sizeof buf);
    char norm[256];
    jx_normalize(text, norm, sizeof norm);
    jx_normalize(text, norm, 3); /* truncation at a character boundary */
    free(text);
    return 0;
}
