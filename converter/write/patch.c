/*
 * patch.c - writes a workbook back with some cells changed and nothing
 * else: the heart of `jixiao fix`.
 *
 * Every zip entry that no patch touches is copied raw (its compressed
 * bytes, never re-compressed), in the input's order, under its name.  A
 * patched sheet is re-streamed: its inflated bytes go out as they came,
 * except the byte span of each patched <c> element, which is replaced.
 * Every other element, attribute, namespace declaration, extension list
 * and byte of white space stays as it was.
 *
 * The output is written to a temporary file in the target's folder and
 * renamed into place only when complete, so an interrupted or failed run
 * leaves either no output or the old one, never half a file.  The input
 * is opened read-only.
 *
 * Invariants of the sheet patcher: bytes are emitted strictly in input
 * order; only bytes expat has parsed (up to the end of the last tag it
 * reported) are written, so a tag cut by a chunk boundary is never half
 * written; bytes from the start of a patched <c> are held back until its
 * end is seen; the held-back window is one element, whatever the sheet's
 * size.
 */
#include "common/common.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unzip.h>
#include <zip.h>

#define CHUNK (64 * 1024)

/* ---- workbook layout: which entry is which sheet ---- */

/* The patches of one sheet part, sorted by row and column. */
typedef struct part_patches {
    const char *part;        /* zip entry name */
    const jx_patch **items;
    size_t count;
} part_patches;

/* ---- the streaming cell patcher ---- */

typedef struct patcher {
    XML_Parser parser;
    const part_patches *pp;
    /* output */
    zipFile zf;
    jx_buf pending;          /* input bytes not yet written, from offset base */
    uint64_t base;
    uint64_t emitted;        /* everything before this offset is written */
    uint64_t parsed;         /* end of the last tag expat reported: bytes
                              * past it may be half a tag, still unparsed */
    jx_error err;
    char detail[128];
    /* position, as the reader computes it for rows/cells without r */
    uint32_t row, col;
    /* the patched cell being read */
    const jx_patch *cell;
    uint64_t cell_start;     /* byte offset of its "<" */
    uint64_t cell_start_len; /* bytes of its start tag (for <c .../>) */
    int depth_in_cell;
    bool cell_has_formula;
    jx_buf start_tag;        /* the rebuilt start tag, without t */
    char prefix[64];         /* "x:" when the producer prefixes elements */
    /* scan mode: nothing is written; patched cells holding a formula are
     * collected, to be left alone */
    bool scan;
    const jx_patch **formula_cells;
    size_t nformula;
} patcher;

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const jx_patch *patch_at(const part_patches *pp, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = pp->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const jx_patch *p = pp->items[mid];
        if (p->at.row == row && p->at.col == col)
            return p;
        if (p->at.row < row || (p->at.row == row && p->at.col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void fail(patcher *pt, jx_error e, const char *detail)
{
    if (pt->err)
        return;
    pt->err = e;
    snprintf(pt->detail, sizeof pt->detail, "%s", detail);
    XML_StopParser(pt->parser, XML_FALSE);
}

/* Write input bytes [emitted, upto) from the pending buffer. */
static void emit_upto(patcher *pt, uint64_t upto)
{
    if (pt->err || upto <= pt->emitted)
        return;
    size_t from = (size_t)(pt->emitted - pt->base);
    size_t n = (size_t)(upto - pt->emitted);
    if (!pt->scan && zipWriteInFileInZip(pt->zf, pt->pending.data + from, (unsigned)n) != ZIP_OK) {
        fail(pt, JX_ERR_IO, "write failed");
        return;
    }
    pt->emitted = upto;
}

static bool put_escaped(jx_buf *b, const char *s, bool attribute)
{
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attribute ? "&quot;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        default: break;
        }
        if (!(rep ? jx_buf_appendz(b, rep) : jx_buf_append(b, s, 1)))
            return false;
    }
    return true;
}

/* The new <c>: the original start tag's attributes (t dropped), the new
 * type, and the new content, in the producer's namespace prefix. */
static void emit_cell(patcher *pt)
{
    jx_buf out = {0};
    const jx_patch *p = pt->cell;
    const char *pre = pt->prefix;
    bool ok = jx_buf_append(&out, pt->start_tag.data, pt->start_tag.len);
    if (p->as_number)
        ok = ok && jx_buf_printf(&out, "><%sv>", pre) && put_escaped(&out, p->text, false) &&
             jx_buf_printf(&out, "</%sv></%sc>", pre, pre);
    else
        ok = ok && jx_buf_printf(&out, " t=\"inlineStr\"><%sis><%st xml:space=\"preserve\">", pre, pre) &&
             put_escaped(&out, p->text, false) && jx_buf_printf(&out, "</%st></%sis></%sc>", pre, pre, pre);
    if (!ok)
        fail(pt, JX_ERR_NOMEM, "out of memory");
    else if (!pt->scan && zipWriteInFileInZip(pt->zf, out.data, (unsigned)out.len) != ZIP_OK)
        fail(pt, JX_ERR_IO, "write failed");
    jx_buf_free(&out);
}

/* Bytes up to the end of the tag being reported are parsed: they may be
 * written once the chunk is done. */
static void note_parsed(patcher *pt)
{
    uint64_t end = (uint64_t)XML_GetCurrentByteIndex(pt->parser) + (uint64_t)XML_GetCurrentByteCount(pt->parser);
    if (end > pt->parsed)
        pt->parsed = end;
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
    patcher *pt = ud;
    if (pt->err)
        return;
    note_parsed(pt);
    const char *local = local_name(name);
    if (pt->cell) {
        pt->depth_in_cell++;
        if (strcmp(local, "f") == 0)
            pt->cell_has_formula = true;
        return;
    }
    if (strcmp(local, "row") == 0) {
        const char *r = NULL;
        for (size_t i = 0; atts[i]; i += 2)
            if (strcmp(atts[i], "r") == 0)
                r = atts[i + 1];
        pt->row = r ? (uint32_t)strtoul(r, NULL, 10) : pt->row + 1;
        pt->col = 0;
        return;
    }
    if (strcmp(local, "c") != 0)
        return;
    const char *ref = NULL;
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], "r") == 0)
            ref = atts[i + 1];
    uint32_t r = pt->row, c = pt->col + 1;
    if (ref && !jx_parse_cell_ref(ref, &r, &c)) {
        fail(pt, JX_ERR_BAD_VALUE, "bad cell reference");
        return;
    }
    pt->row = r;
    pt->col = c;
    const jx_patch *p = patch_at(pt->pp, r, c);
    if (!p)
        return;
    pt->cell = p;
    pt->cell_start = (uint64_t)XML_GetCurrentByteIndex(pt->parser);
    pt->cell_start_len = (uint64_t)XML_GetCurrentByteCount(pt->parser);
    pt->depth_in_cell = 0;
    pt->cell_has_formula = false;
    /* the element's prefix, as written */
    size_t plen = (size_t)(local - name);
    if (plen >= sizeof pt->prefix)
        plen = 0;
    memcpy(pt->prefix, name, plen);
    pt->prefix[plen] = '\0';
    /* rebuild the start tag: every attribute but t, in order */
    pt->start_tag.len = 0;
    bool ok = jx_buf_printf(&pt->start_tag, "<%s", name);
    for (size_t i = 0; ok && atts[i]; i += 2) {
        if (strcmp(atts[i], "t") == 0)
            continue;
        ok = jx_buf_printf(&pt->start_tag, " %s=\"", atts[i]) && put_escaped(&pt->start_tag, atts[i + 1], true) &&
             jx_buf_appendz(&pt->start_tag, "\"");
    }
    if (!ok)
        fail(pt, JX_ERR_NOMEM, "out of memory");
}

static void XMLCALL on_end(void *ud, const char *name)
{
    patcher *pt = ud;
    if (pt->err)
        return;
    note_parsed(pt);
    if (!pt->cell)
        return;
    if (pt->depth_in_cell > 0) {
        pt->depth_in_cell--;
        return;
    }
    (void)name;
    uint64_t at = (uint64_t)XML_GetCurrentByteIndex(pt->parser);
    uint64_t end = at == pt->cell_start ? pt->cell_start + pt->cell_start_len /* <c .../> */
                                        : at + (uint64_t)XML_GetCurrentByteCount(pt->parser);
    if (pt->scan && pt->cell_has_formula)
        pt->formula_cells[pt->nformula++] = pt->cell;
    emit_upto(pt, pt->cell_start);
    emit_cell(pt);
    pt->emitted = end;
    pt->cell = NULL;
}

/* Stream the current entry of uf through the patcher.  In scan mode
 * nothing is written. */
static jx_error patch_entry(unzFile uf, zipFile zf, const part_patches *pp, const jx_patch **formula_cells,
                            size_t *nformula, jx_diag *d)
{
    patcher pt = {.pp = pp, .zf = zf, .scan = formula_cells != NULL, .formula_cells = formula_cells};
    pt.parser = XML_ParserCreate(NULL);
    unsigned char *chunk = malloc(CHUNK);
    if (!pt.parser || !chunk) {
        if (pt.parser)
            XML_ParserFree(pt.parser);
        free(chunk);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    XML_SetUserData(pt.parser, &pt);
    XML_SetElementHandler(pt.parser, on_start, on_end);
    if (unzOpenCurrentFile(uf) != UNZ_OK)
        pt.err = JX_ERR_ZIP_CORRUPT;
    bool first = true;
    while (!pt.err) {
        int n = unzReadCurrentFile(uf, chunk, CHUNK);
        if (n < 0) {
            pt.err = JX_ERR_ZIP_CORRUPT;
            break;
        }
        if (first && n >= 2 && ((chunk[0] == 0xFF && chunk[1] == 0xFE) || (chunk[0] == 0xFE && chunk[1] == 0xFF))) {
            /* replacement cells are written in UTF-8 */
            pt.err = JX_ERR_BAD_VALUE;
            snprintf(pt.detail, sizeof pt.detail, "UTF-16 sheets cannot be patched");
            break;
        }
        first = false;
        if (!jx_buf_append(&pt.pending, chunk, (size_t)n)) {
            pt.err = JX_ERR_NOMEM;
            break;
        }
        if (XML_Parse(pt.parser, (const char *)chunk, n, n == 0) == XML_STATUS_ERROR && !pt.err) {
            pt.err = JX_ERR_XML;
            snprintf(pt.detail, sizeof pt.detail, "line %lu: %s", (unsigned long)XML_GetCurrentLineNumber(pt.parser),
                     XML_ErrorString(XML_GetErrorCode(pt.parser)));
            break;
        }
        /* a tag cut by the chunk's end is not reported yet: its first
         * bytes stay held back until it is (they may be a patched <c>) */
        uint64_t fed = pt.base + pt.pending.len;
        emit_upto(&pt, pt.cell ? pt.cell_start : n == 0 ? fed : pt.parsed);
        /* drop what is written; keep the held-back window */
        size_t drop = (size_t)(pt.emitted - pt.base);
        if (drop && !pt.err) {
            memmove(pt.pending.data, pt.pending.data + drop, pt.pending.len - drop);
            pt.pending.len -= drop;
            pt.base += drop;
        }
        if (n == 0)
            break;
    }
    unzCloseCurrentFile(uf);
    XML_ParserFree(pt.parser);
    free(chunk);
    jx_buf_free(&pt.pending);
    jx_buf_free(&pt.start_tag);
    if (nformula)
        *nformula = pt.nformula;
    if (pt.err) {
        jx_diag_set_part(d, pp->part);
        return jx_fail(d, pt.err, "%s", pt.detail[0] ? pt.detail : "cannot patch the sheet");
    }
    return JX_OK;
}

/* ---- raw copy of an untouched entry ---- */

static jx_error copy_raw(unzFile uf, zipFile zf, const char *name, const unz_file_info64 *info, jx_diag *d)
{
    char *extra_global = NULL;
    if (info->size_file_extra) {
        extra_global = malloc(info->size_file_extra);
        if (!extra_global)
            return jx_fail(d, JX_ERR_NOMEM, NULL);
        unzGetCurrentFileInfo64(uf, NULL, NULL, 0, extra_global, info->size_file_extra, NULL, 0);
    }
    int method = 0, level = 0;
    jx_error err = JX_OK;
    if (unzOpenCurrentFile2(uf, &method, &level, 1) != UNZ_OK) {
        free(extra_global);
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_ZIP_CORRUPT, "cannot read the entry");
    }
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.dosDate = info->dosDate;
    zi.internal_fa = info->internal_fa;
    zi.external_fa = info->external_fa;
    int zip64 = info->uncompressed_size >= 0xFFFFFFFFu || info->compressed_size >= 0xFFFFFFFFu;
    if (zipOpenNewFileInZip2_64(zf, name, &zi, NULL, 0, extra_global, (uInt)info->size_file_extra, NULL, method,
                                level, 1, zip64) != ZIP_OK)
        err = jx_fail(d, JX_ERR_IO, "cannot write the entry");
    unsigned char *buf = err ? NULL : malloc(CHUNK);
    if (!err && !buf)
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    while (!err) {
        int n = unzReadCurrentFile(uf, buf, CHUNK);
        if (n < 0)
            err = jx_fail(d, JX_ERR_ZIP_CORRUPT, "cannot read the entry");
        if (n <= 0)
            break;
        if (zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK)
            err = jx_fail(d, JX_ERR_IO, "write failed");
    }
    free(buf);
    unzCloseCurrentFile(uf);
    if (!err && zipCloseFileInZipRaw64(zf, info->uncompressed_size, info->crc) != ZIP_OK)
        err = jx_fail(d, JX_ERR_IO, "write failed");
    free(extra_global);
    if (err)
        jx_diag_set_part(d, name);
    return err;
}

/* ---- the whole package ---- */

/* A temporary file beside `out` (same folder: rename is then atomic),
 * with the input's permission bits (mkstemp makes it private). */
static char *temp_beside(const char *out, const char *in, jx_diag *d)
{
    size_t n = strlen(out) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        jx_fail(d, JX_ERR_NOMEM, NULL);
        return NULL;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        jx_fail(d, JX_ERR_IO, "cannot create a file beside it: %s", strerror(errno));
        free(tmp);
        return NULL;
    }
    struct stat st;
    fchmod(fd, stat(in, &st) == 0 ? (st.st_mode & 0777) : 0644);
    close(fd);
    return tmp;
}

/* Make the finished temporary file durable, then put it in place. */
static jx_error commit_temp(const char *tmp, const char *out, jx_diag *d)
{
    int fd = open(tmp, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        if (fd >= 0)
            close(fd);
        return jx_fail(d, JX_ERR_IO, "cannot flush the output: %s", strerror(errno));
    }
    close(fd);
    if (rename(tmp, out) != 0)
        return jx_fail(d, JX_ERR_IO, "cannot put the output in place: %s", strerror(errno));
    return JX_OK;
}

static jx_error copy_bytes(const char *in, const char *tmp, jx_diag *d)
{
    FILE *src = fopen(in, "rb");
    if (!src)
        return jx_fail(d, JX_ERR_IO, "%s", strerror(errno));
    FILE *dst = fopen(tmp, "wb");
    if (!dst) {
        fclose(src);
        return jx_fail(d, JX_ERR_IO, "%s", strerror(errno));
    }
    char buf[CHUNK];
    size_t n;
    jx_error err = JX_OK;
    while ((n = fread(buf, 1, sizeof buf, src)) > 0)
        if (fwrite(buf, 1, n, dst) != n) {
            err = jx_fail(d, JX_ERR_IO, "write failed: %s", strerror(errno));
            break;
        }
    if (!err && ferror(src))
        err = jx_fail(d, JX_ERR_IO, "read failed");
    fclose(src);
    if (fclose(dst) != 0 && !err)
        err = jx_fail(d, JX_ERR_IO, "write failed: %s", strerror(errno));
    return err;
}

/* Group the patches by the sheet part they touch, through the workbook's
 * own sheet names and relationships (read by the reader). */
static jx_error group_patches(const char *in_path, const jx_patch *patches, size_t count, part_patches **out,
                              size_t *nparts, jx_diag *d)
{
    jx_workbook *wb = NULL;
    jx_error err = jx_workbook_open(in_path, NULL, &wb, d);
    if (err)
        return err;
    size_t nsheets = jx_workbook_sheet_count(wb);
    part_patches *pp = calloc(nsheets ? nsheets : 1, sizeof *pp);
    const jx_patch **slots = calloc(count ? count : 1, sizeof *slots);
    if (!pp || !slots) {
        jx_workbook_close(wb);
        free(pp);
        free(slots);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    size_t used = 0, n = 0;
    for (size_t s = 0; s < nsheets && !err; s++) {
        const jx_sheet *sh = jx_workbook_sheet(wb, s);
        size_t first = used;
        for (size_t i = 0; i < count; i++)
            if (strcmp(patches[i].sheet, jx_sheet_name(sh)) == 0)
                slots[used++] = &patches[i];
        if (used == first)
            continue;
        pp[n].part = strdup(jx_sheet_part(sh));
        pp[n].items = slots + first;
        pp[n].count = used - first;
        if (!pp[n].part)
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
        n++;
    }
    if (!err && used != count) {
        jx_diag_set_file(d, in_path);
        err = jx_fail(d, JX_ERR_NOT_FOUND, "a patch names a sheet the workbook does not have");
    }
    jx_workbook_close(wb);
    *out = pp;
    *nparts = n;
    if (err) {
        for (size_t i = 0; i < n; i++)
            free((char *)pp[i].part);
        free(slots);
        free(pp);
        *out = NULL;
        *nparts = 0;
    }
    return err;
}

static void free_groups(part_patches *pp, size_t n)
{
    if (!pp)
        return;
    const jx_patch **slots = n ? pp[0].items : NULL;
    for (size_t i = 0; i < n; i++)
        free((char *)pp[i].part);
    free((void *)slots);
    free(pp);
}

static const part_patches *patches_for(const part_patches *pp, size_t n, const char *entry)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(pp[i].part, entry) == 0)
            return &pp[i];
    return NULL;
}

static int cmp_patch_pos(const void *x, const void *y)
{
    const jx_patch *a = *(const jx_patch *const *)x, *b = *(const jx_patch *const *)y;
    if (a->at.row != b->at.row)
        return a->at.row < b->at.row ? -1 : 1;
    return a->at.col < b->at.col ? -1 : a->at.col > b->at.col;
}

/* Leave out the patches of cells that hold a formula. */
static void drop_formula_cells(part_patches *p, const jx_patch **drop, size_t ndrop)
{
    size_t w = 0;
    for (size_t i = 0; i < p->count; i++) {
        bool keep = true;
        for (size_t k = 0; k < ndrop; k++)
            keep &= p->items[i] != drop[k];
        if (keep)
            p->items[w++] = p->items[i];
    }
    p->count = w;
}

jx_error jx_write_patched(const char *in_path, jx_patch *patches, size_t count, const char *out_path,
                          size_t *skipped, jx_diag *diag)
{
    if (skipped)
        *skipped = 0;
    jx_diag_clear(diag);
    jx_diag_set_file(diag, out_path);
    char *tmp = temp_beside(out_path, in_path, diag);
    if (!tmp)
        return diag ? diag->code : JX_ERR_IO;
    jx_error err = JX_OK;
    if (count == 0) {
        /* nothing to change: the output is the input, byte for byte */
        err = copy_bytes(in_path, tmp, diag);
    } else {
        part_patches *pp = NULL;
        size_t nparts = 0;
        jx_diag rd;
        err = group_patches(in_path, patches, count, &pp, &nparts, &rd);
        if (err && diag)
            *diag = rd;
        for (size_t i = 0; !err && i < nparts; i++)
            qsort((void *)pp[i].items, pp[i].count, sizeof *pp[i].items, cmp_patch_pos);
        unzFile uf = err ? NULL : unzOpen64(in_path);
        zipFile zf = uf ? zipOpen64(tmp, APPEND_STATUS_CREATE) : NULL;
        if (!err && (!uf || !zf))
            err = jx_fail(diag, uf ? JX_ERR_IO : JX_ERR_NOT_ZIP, "cannot open");
        /* a cell holding a formula is never patched: its cached value
         * would disagree with the formula (the fix stays a finding) */
        const jx_patch **formula = calloc(count, sizeof *formula);
        if (!err && !formula)
            err = jx_fail(diag, JX_ERR_NOMEM, NULL);
        for (size_t i = 0; !err && i < nparts; i++) {
            size_t nf = 0;
            if (unzLocateFile(uf, pp[i].part, 2) != UNZ_OK)
                err = jx_fail(diag, JX_ERR_MISSING_PART, "%s", pp[i].part);
            else
                err = patch_entry(uf, NULL, &pp[i], formula, &nf, diag);
            if (!err && nf) {
                drop_formula_cells(&pp[i], formula, nf);
                if (skipped)
                    *skipped += nf;
                for (size_t k = 0; k < nf; k++)
                    patches[formula[k] - patches].skipped = 1;
            }
        }
        free(formula);
        int r = err ? UNZ_OK : unzGoToFirstFile(uf);
        while (!err && r == UNZ_OK) {
            unz_file_info64 info;
            char name[1024];
            if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) {
                err = jx_fail(diag, JX_ERR_ZIP_CORRUPT, "unreadable entry");
                break;
            }
            const part_patches *p = patches_for(pp, nparts, name);
            if (p) {
                zip_fileinfo zi;
                memset(&zi, 0, sizeof zi);
                zi.dosDate = info.dosDate;
                zi.internal_fa = info.internal_fa;
                zi.external_fa = info.external_fa;
                if (zipOpenNewFileInZip64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION,
                                          info.uncompressed_size >= 0x7FFFFFFFu) != ZIP_OK)
                    err = jx_fail(diag, JX_ERR_IO, "cannot write the entry");
                else
                    err = patch_entry(uf, zf, p, NULL, NULL, diag);
                if (zipCloseFileInZip(zf) != ZIP_OK && !err)
                    err = jx_fail(diag, JX_ERR_IO, "write failed");
            } else
                err = copy_raw(uf, zf, name, &info, diag);
            r = err ? r : unzGoToNextFile(uf);
        }
        if (!err && r != UNZ_END_OF_LIST_OF_FILE)
            err = jx_fail(diag, JX_ERR_ZIP_CORRUPT, "unreadable central directory");
        if (zf && zipClose(zf, NULL) != ZIP_OK && !err)
            err = jx_fail(diag, JX_ERR_IO, "write failed");
        if (uf)
            unzClose(uf);
        free_groups(pp, nparts);
    }
    if (!err)
        err = commit_temp(tmp, out_path, diag);
    if (err)
        unlink(tmp);
    free(tmp);
    if (diag && err) {
        diag->code = err;
        if (!diag->file[0])
            jx_diag_set_file(diag, out_path);
    }
    return err;
}
