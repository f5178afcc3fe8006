/*
 * detect.c - which template a sheet follows.
 *
 * Each mapping's <signature> lists labels that must all be present (and
 * <absent> ones that must not).  Of the templates that match, the one with
 * the most signature labels wins: it is the most specific description of
 * the sheet.  When none matches, the closest one (largest share of its
 * labels found) is reported with the labels it missed, so that a user can
 * see why a sheet was not recognised.
 */
#include "mapping/mapping.h"

#include <string.h>

/* Count the labels present.  With stop_at_missing, stop at the first
 * absent one: a label not found costs a scan of the whole sheet, and one
 * miss already rules the template out. */
static unsigned count_found(const jx_sheet *sh, const jx_label_spec *labels, size_t n,
                            const char **missing, unsigned *missing_count, unsigned cap,
                            bool stop_at_missing)
{
    unsigned found = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r, c;
        if (jx_locate_label(sh, &labels[i], &r, &c))
            found++;
        else if (stop_at_missing)
            return found;
        else if (missing && *missing_count < cap)
            missing[(*missing_count)++] = labels[i].raw;
    }
    return found;
}

jx_error jx_detect(const jx_catalog *cat, const jx_sheet *sh, jx_detection *out)
{
    memset(out, 0, sizeof *out);
    if (!cat || !sh)
        return JX_ERR_USAGE;
    const jx_mapping *best = NULL;
    size_t best_labels = 0;
    /* first pass: which templates match, stopping at a template's first
     * missing label */
    for (size_t i = 0; i < cat->count; i++) {
        const jx_mapping *m = cat->items[i];
        unsigned found = count_found(sh, m->signature, m->signature_count, NULL, NULL, 0, true);
        if (found < m->signature_count)
            continue;
        unsigned absent_found = count_found(sh, m->absent, m->absent_count, NULL, NULL, 0, false);
        if (absent_found == 0 && (!best || m->signature_count > best_labels)) {
            best = m;
            best_labels = m->signature_count;
        }
    }
    if (best) {
        out->mapping = best;
        out->matched = out->required = (unsigned)best->signature_count;
        return JX_OK;
    }
    /* none matched: count every label, to name the closest template */
    double closest_share = -1.0;
    for (size_t i = 0; i < cat->count; i++) {
        const jx_mapping *m = cat->items[i];
        unsigned found = count_found(sh, m->signature, m->signature_count, NULL, NULL, 0, false);
        double share = (double)found / (double)m->signature_count;
        /* a sheet sharing no label with a template is not "close" to it */
        if (found > 0 && share > closest_share) {
            closest_share = share;
            out->closest = m;
            out->matched = found;
            out->required = (unsigned)m->signature_count;
        }
    }
    if (out->closest) {
        const jx_mapping *m = out->closest;
        count_found(sh, m->signature, m->signature_count, out->missing, &out->missing_count,
                    (unsigned)(sizeof out->missing / sizeof out->missing[0]), false);
    }
    return JX_OK;
}
