/*
 * output.c - the output package: a temporary file beside the target that
 * is renamed into place only when complete, raw copies of the entries no
 * edit touches, and the entries the writer makes.
 *
 * Invariants: the input is only ever opened for reading; a raw copy keeps
 * an entry's compressed bytes, CRC, name, date, attributes and extra
 * field; edited and new entries are deflated and dated like the input's.
 */
#include "write/write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

char *jxw_temp_beside(const char *out, const char *in, jx_diag *d)
{
    size_t n = strlen(out) + 16;
    char *tmp = jx_malloc(n);
    if (!tmp) {
        jx_fail(d, JX_ERR_NOMEM, NULL);
        return NULL;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", out);
    int fd = jx_fault_io("create the temporary file") ? -1 : mkstemp(tmp);
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

jx_error jxw_commit(const char *tmp, const char *out, jx_diag *d)
{
    int fd = open(tmp, O_RDONLY);
    if (fd < 0 || jx_fault_io("fsync") || fsync(fd) != 0) {
        if (fd >= 0)
            close(fd);
        return jx_fail(d, JX_ERR_IO, "cannot flush the output: %s", strerror(errno));
    }
    close(fd);
    if (jx_fault_io("rename") || rename(tmp, out) != 0)
        return jx_fail(d, JX_ERR_IO, "cannot put the output in place: %s", strerror(errno));
    return JX_OK;
}

jx_error jxw_copy_bytes(const char *in, const char *tmp, jx_diag *d)
{
    FILE *src = fopen(in, "rb");
    if (!src)
        return jx_fail(d, JX_ERR_IO, "%s", strerror(errno));
    FILE *dst = jx_fault_io("open the copy") ? NULL : fopen(tmp, "wb");
    if (!dst) {
        fclose(src);
        return jx_fail(d, JX_ERR_IO, "%s", strerror(errno));
    }
    char buf[JXW_CHUNK];
    size_t n;
    jx_error err = JX_OK;
    while ((n = fread(buf, 1, sizeof buf, src)) > 0)
        if (jx_fault_io("write the copy") || fwrite(buf, 1, n, dst) != n) {
            err = jx_fail(d, JX_ERR_IO, "write failed: %s", strerror(errno));
            break;
        }
    if (!err && ferror(src))
        err = jx_fail(d, JX_ERR_IO, "read failed");
    fclose(src);
    /* a failing close has still closed */
    if ((fclose(dst) != 0 || jx_fault_io("close the copy")) && !err)
        err = jx_fail(d, JX_ERR_IO, "write failed: %s", strerror(errno));
    return err;
}

jx_error jxw_copy_raw(unzFile uf, zipFile zf, const char *name, const unz_file_info64 *info, jx_diag *d)
{
    char *extra_global = NULL;
    if (info->size_file_extra) {
        extra_global = jx_malloc(info->size_file_extra);
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
    if (jx_fault_io("open a zip entry (raw)") ||
        zipOpenNewFileInZip2_64(zf, name, &zi, NULL, 0, extra_global, (uInt)info->size_file_extra, NULL, method,
                                level, 1, zip64) != ZIP_OK)
        err = jx_fail(d, JX_ERR_IO, "cannot write the entry");
    unsigned char *buf = err ? NULL : jx_malloc(JXW_CHUNK);
    if (!err && !buf)
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    while (!err) {
        int n = unzReadCurrentFile(uf, buf, JXW_CHUNK);
        if (n < 0)
            err = jx_fail(d, JX_ERR_ZIP_CORRUPT, "cannot read the entry");
        if (n <= 0)
            break;
        if (jx_fault_io("write a zip entry (raw)") || zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK)
            err = jx_fail(d, JX_ERR_IO, "write failed");
    }
    free(buf);
    unzCloseCurrentFile(uf);
    if (!err && (zipCloseFileInZipRaw64(zf, info->uncompressed_size, info->crc) != ZIP_OK ||
                 jx_fault_io("close a zip entry (raw)")))
        err = jx_fail(d, JX_ERR_IO, "write failed");
    free(extra_global);
    if (err)
        jx_diag_set_part(d, name);
    return err;
}

jx_error jxw_entry_open(zipFile zf, const char *name, const unz_file_info64 *like, jx_diag *d)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.dosDate = like->dosDate;
    zi.internal_fa = like->internal_fa;
    zi.external_fa = like->external_fa;
    if (jx_fault_io("open a zip entry") ||
        zipOpenNewFileInZip64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION,
                              like->uncompressed_size >= 0x7FFFFFFFu) != ZIP_OK) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "cannot write the entry");
    }
    return JX_OK;
}

jx_error jxw_entry_close(zipFile zf, const char *name, jx_diag *d)
{
    /* a failing close has still closed */
    if (zipCloseFileInZip(zf) != ZIP_OK || jx_fault_io("close a zip entry")) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "write failed");
    }
    return JX_OK;
}

jx_error jxw_add_part(zipFile zf, const char *name, const unz_file_info64 *like, const jx_buf *data, jx_diag *d)
{
    unz_file_info64 info = *like;
    info.uncompressed_size = data->len;
    info.external_fa = 0;
    info.internal_fa = 0;
    jx_error err = jxw_entry_open(zf, name, &info, d);
    if (err)
        return err;
    if (data->len && (jx_fault_io("write a new zip entry") ||
                      zipWriteInFileInZip(zf, data->data, (unsigned)data->len) != ZIP_OK)) {
        zipCloseFileInZip(zf);
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_IO, "write failed");
    }
    return jxw_entry_close(zf, name, d);
}

jx_error jxw_read_part(unzFile uf, const char *name, size_t max, jx_buf *b, jx_diag *d)
{
    b->len = 0;
    jx_error err = JX_OK;
    if (unzLocateFile(uf, name, 2) != UNZ_OK || unzOpenCurrentFile(uf) != UNZ_OK) {
        jx_diag_set_part(d, name);
        return jx_fail(d, JX_ERR_MISSING_PART, "%s", name);
    }
    char buf[JXW_CHUNK];
    for (;;) {
        int n = unzReadCurrentFile(uf, buf, sizeof buf);
        if (n < 0)
            err = jx_fail(d, JX_ERR_ZIP_CORRUPT, "cannot read the entry");
        if (n <= 0)
            break;
        if (b->len + (size_t)n > max) {
            err = jx_fail(d, JX_ERR_LIMIT, "the part is larger than %zu bytes", max);
            break;
        }
        if (!jx_buf_append(b, buf, (size_t)n)) {
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
            break;
        }
    }
    if (unzCloseCurrentFile(uf) == UNZ_CRCERROR && !err)
        err = jx_fail(d, JX_ERR_ZIP_CORRUPT, "CRC mismatch");
    if (!err && !jx_buf_terminate(b))
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (err)
        jx_diag_set_part(d, name);
    return err;
}

/* ---- the input package's entries ---- */

jx_error jxw_list_entries(unzFile uf, jx_arena *a, char ***names, size_t *count, unz_file_info64 *like, jx_diag *d)
{
    jx_vec v;
    jx_vec_init(&v, sizeof(char *));
    jx_error err = JX_OK;
    int r;
    for (r = unzGoToFirstFile(uf); r == UNZ_OK && !err; r = unzGoToNextFile(uf)) {
        char name[1024];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            break;
        /* new entries are dated like the workbook part (or the first) */
        if (v.len == 0 || strcasecmp(name, "xl/workbook.xml") == 0)
            *like = info;
        char **slot = jx_vec_push(&v);
        if (!slot || !(*slot = jx_arena_strdup(a, name)))
            err = jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    if (!err && r != UNZ_END_OF_LIST_OF_FILE)
        err = jx_fail(d, JX_ERR_ZIP_CORRUPT, "unreadable central directory");
    *names = err ? NULL : jx_arena_calloc(a, v.len ? v.len : 1, sizeof **names);
    if (!err && !*names)
        err = jx_fail(d, JX_ERR_NOMEM, NULL);
    if (!err) {
        if (v.len)
            memcpy(*names, v.data, v.len * sizeof **names);
        *count = v.len;
    }
    jx_vec_free(&v);
    return err;
}

const char *jxw_stored(char *const *names, size_t count, const char *name)
{
    if (name && name[0] == '/')
        name++;
    for (size_t i = 0; name && i < count; i++)
        if (strcasecmp(names[i], name) == 0)
            return names[i];
    return NULL;
}

jx_error jxw_locate(unzFile uf, const char *part, jx_diag *d)
{
    if (unzLocateFile(uf, part, 1) != UNZ_OK) {
        jx_diag_set_part(d, part);
        return jx_fail(d, JX_ERR_MISSING_PART, "%s", part);
    }
    return JX_OK;
}
