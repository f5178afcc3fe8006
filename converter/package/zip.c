/*
 * zip.c - the zip container of an .xlsx, through minizip.
 *
 * Bytes come from a jx_source (a descriptor read with pread, or a caller's
 * buffer) behind a custom zlib_filefunc64_def, so a file and a buffer take
 * the same path.  The central directory is read once at open; parts are
 * then found by name without asking minizip to search.
 *
 * Invariants:
 *   - Every inflated byte is counted: per part (max_part_bytes), for the
 *     package (max_total_bytes) and against the compressed size
 *     (max_ratio, once a part is past 16 MiB).  A declared size above the
 *     part limit is refused before inflating.
 *   - A part's CRC is checked when it has been read to its end; a part
 *     read to the end is never reported as good when its CRC is wrong.
 *   - No state outside the jx_package.
 */
#define _POSIX_C_SOURCE 200809L
#include "package/package.h"

#include <errno.h>
#include <fcntl.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define JX_RATIO_CHECK_AFTER (16u * 1024u * 1024u)

jx_limits jx_limits_default(void)
{
    jx_limits l = {
        .max_part_bytes = 512ull * 1024 * 1024,
        .max_total_bytes = 2048ull * 1024 * 1024,
        .max_ratio = 1000,
        .max_entries = 10000,
        .max_cells = 20000000,
        .max_strings = 5000000,
        .max_string_bytes = 1024 * 1024,
        .max_depth = 256,
        .max_merges = 1000000,
    };
    return l;
}

/* ---- source ---- */

jx_error jx_source_open_file(jx_source *src, const char *path, jx_diag *d)
{
    src->mem = NULL;
    src->fd = -1;
    src->size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return jx_fail(d, JX_ERR_IO, "%s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return jx_fail(d, JX_ERR_IO, "%s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return jx_fail(d, JX_ERR_IO, "%s", strerror(EISDIR));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return jx_fail(d, JX_ERR_IO, "not a regular file");
    }
    src->fd = fd;
    src->size = (uint64_t)st.st_size;
    return JX_OK;
}

void jx_source_open_mem(jx_source *src, const void *buf, size_t len)
{
    src->mem = buf;
    src->fd = -1;
    src->size = len;
}

void jx_source_close(jx_source *src)
{
    if (src->fd >= 0)
        close(src->fd);
    src->fd = -1;
    src->mem = NULL;
}

size_t jx_source_read_at(const jx_source *src, uint64_t off, void *buf, size_t n)
{
    if (off >= src->size)
        return 0;
    if (n > src->size - off)
        n = (size_t)(src->size - off);
    if (src->mem) {
        memcpy(buf, src->mem + off, n);
        return n;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t k = pread(src->fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        done += (size_t)k;
    }
    return done;
}

/* ---- the package ---- */

typedef struct jx_entry {
    const char *name;
    unz64_file_pos pos;
    uint64_t csize, usize;
    unsigned long flag;
} jx_entry;

/* minizip's view of the source: one stream with a position.  short_read
 * records that a read hit the end of the source, which is how a cut-short
 * entry is told apart from a corrupt one.  minizip reads record headers a
 * byte or a field at a time: small reads of a file are served from a
 * window of it read at once (one system call, not thousands a workbook). */
#define JX_ZIO_WINDOW 4096
typedef struct jx_zio {
    jx_source *src;
    uint64_t pos;
    bool short_read;
    uint64_t window_off;
    size_t window_len;
    unsigned char window[JX_ZIO_WINDOW];
} jx_zio;

struct jx_package {
    jx_source src;
    jx_zio io;
    unzFile uf;
    jx_limits lim;
    jx_arena arena;
    jx_entry *entries;
    size_t nentries;
    const char *file;
    uint64_t total_inflated;
    /* the open part */
    const jx_entry *cur;
    uint64_t cur_inflated;
    bool cur_done;
};

static voidpf ZCALLBACK zio_open(voidpf opaque, const void *filename, int mode)
{
    jx_zio *io = opaque;
    io->pos = 0;
    return io;
}

static uLong ZCALLBACK zio_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    jx_zio *io = stream;
    size_t got;
    if (io->src->mem || size >= JX_ZIO_WINDOW / 2) {
        got = jx_source_read_at(io->src, io->pos, buf, size);
    } else {
        if (io->pos < io->window_off || io->pos + size > io->window_off + io->window_len) {
            io->window_off = io->pos;
            io->window_len = jx_source_read_at(io->src, io->pos, io->window, sizeof io->window);
        }
        uint64_t avail = io->window_off + io->window_len - io->pos;
        got = size < avail ? size : (size_t)avail;
        memcpy(buf, io->window + (io->pos - io->window_off), got);
    }
    io->pos += got;
    if (got < size)
        io->short_read = true;
    return (uLong)got;
}

static uLong ZCALLBACK zio_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    return 0;
}

static ZPOS64_T ZCALLBACK zio_tell(voidpf opaque, voidpf stream)
{
    jx_zio *io = stream;
    return io->pos;
}

static long ZCALLBACK zio_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    jx_zio *io = stream;
    uint64_t base;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = io->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = io->src->size; break;
    default: return -1;
    }
    if (offset > UINT64_MAX - base)
        return -1;
    io->pos = base + offset;
    return 0;
}

static int ZCALLBACK zio_close(voidpf opaque, voidpf stream)
{
    return 0;
}

/* minizip reads headers a byte at a time and takes a short read for a
 * good one unless this reports an error: without it, a record cut short
 * by the end of the file would be read as zeros. */
static int ZCALLBACK zio_error(voidpf opaque, voidpf stream)
{
    jx_zio *io = stream;
    return io->short_read ? 1 : 0;
}

static jx_limits effective_limits(const jx_limits *lim)
{
    jx_limits l = jx_limits_default();
    if (!lim)
        return l;
#define JX_TAKE(f)   \
    if (lim->f)      \
        l.f = lim->f;
    JX_TAKE(max_part_bytes)
    JX_TAKE(max_total_bytes)
    JX_TAKE(max_ratio)
    JX_TAKE(max_entries)
    JX_TAKE(max_cells)
    JX_TAKE(max_strings)
    JX_TAKE(max_string_bytes)
    JX_TAKE(max_depth)
    JX_TAKE(max_merges)
#undef JX_TAKE
    return l;
}

/* A zip entry name no OPC package has: absolute ("/x", "\\x", "C:x") or
 * with a ".." segment.  Nothing here ever extracts an entry to a path,
 * but a package holding one is hostile or broken, and a copy of it made
 * by the writer would carry the name on to tools that might. */
static bool climbing_name(const char *name)
{
    if (name[0] == '/' || name[0] == '\\' ||
        (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':'))
        return true;
    for (const char *seg = name;;) {
        size_t len = strcspn(seg, "/\\");
        if (len == 2 && seg[0] == '.' && seg[1] == '.')
            return true;
        if (!seg[len])
            return false;
        seg += len + 1;
    }
}

/* Walk the central directory once, keeping each entry's name, position
 * and sizes. */
static jx_error read_directory(jx_package *pkg, jx_diag *d)
{
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(pkg->uf, &gi) != UNZ_OK)
        return jx_fail(d, JX_ERR_ZIP_CORRUPT, "unreadable central directory");
    if (gi.number_entry > pkg->lim.max_entries)
        return jx_fail(d, JX_ERR_LIMIT, "max_entries: %llu zip entries, limit %u",
                       (unsigned long long)gi.number_entry, pkg->lim.max_entries);
    pkg->entries = jx_arena_calloc(&pkg->arena, gi.number_entry ? gi.number_entry : 1, sizeof *pkg->entries);
    if (!pkg->entries)
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    if (gi.number_entry == 0)
        return JX_OK;
    int rc = unzGoToFirstFile(pkg->uf);
    size_t n = 0;
    char name[1024];
    while (rc == UNZ_OK) {
        if (n >= gi.number_entry)
            break;
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(pkg->uf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            return jx_fail(d, pkg->io.short_read ? JX_ERR_ZIP_TRUNCATED : JX_ERR_ZIP_CORRUPT,
                           "unreadable central directory entry %zu", n);
        jx_entry *e = &pkg->entries[n];
        /* longer names were cut by minizip; no OOXML part name is that long */
        size_t len = fi.size_filename < sizeof name ? fi.size_filename : sizeof name - 1;
        e->name = jx_arena_strndup(&pkg->arena, name, len);
        if (!e->name)
            return jx_fail(d, JX_ERR_NOMEM, NULL);
        if (climbing_name(e->name)) {
            jx_diag_set_part(d, e->name);
            return jx_fail(d, JX_ERR_BAD_VALUE, "a zip entry named outside the package (absolute or with ..)");
        }
        e->csize = fi.compressed_size;
        e->usize = fi.uncompressed_size;
        e->flag = fi.flag;
        if (unzGetFilePos64(pkg->uf, &e->pos) != UNZ_OK)
            return jx_fail(d, JX_ERR_ZIP_CORRUPT, "unreadable central directory entry %zu", n);
        n++;
        rc = unzGoToNextFile(pkg->uf);
    }
    if (rc != UNZ_OK && rc != UNZ_END_OF_LIST_OF_FILE)
        return jx_fail(d, pkg->io.short_read ? JX_ERR_ZIP_TRUNCATED : JX_ERR_ZIP_CORRUPT,
                       "unreadable central directory entry %zu", n);
    pkg->nentries = n;
    return JX_OK;
}

jx_error jx_package_open(jx_source *src, const char *file, const jx_limits *lim,
                         jx_package **out, jx_diag *d)
{
    *out = NULL;
    jx_error err = jx_sniff(src, d);
    if (err) {
        jx_source_close(src);
        return err;
    }
    jx_package *pkg = jx_calloc(1, sizeof *pkg);
    if (!pkg) {
        jx_source_close(src);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    pkg->src = *src;
    src->fd = -1; /* owned by the package now */
    pkg->io.src = &pkg->src;
    pkg->io.short_read = false;
    pkg->lim = effective_limits(lim);
    jx_arena_init(&pkg->arena, 16 * 1024);
    pkg->file = jx_arena_strdup(&pkg->arena, file ? file : "");
    if (!pkg->file) {
        jx_package_close(pkg);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    zlib_filefunc64_def ff = {
        .zopen64_file = zio_open,
        .zread_file = zio_read,
        .zwrite_file = zio_write,
        .ztell64_file = zio_tell,
        .zseek64_file = zio_seek,
        .zclose_file = zio_close,
        .zerror_file = zio_error,
        .opaque = &pkg->io,
    };
    pkg->uf = unzOpen2_64(pkg->file, &ff);
    if (!pkg->uf) {
        err = jx_sniff_zip_failure(&pkg->src);
        jx_package_close(pkg);
        return jx_fail(d, err, err == JX_ERR_ZIP_TRUNCATED ? "no end of central directory"
                                                           : "unreadable central directory");
    }
    err = read_directory(pkg, d);
    if (err) {
        jx_package_close(pkg);
        return err;
    }
    *out = pkg;
    return JX_OK;
}

void jx_package_close(jx_package *pkg)
{
    if (!pkg)
        return;
    if (pkg->uf) {
        if (pkg->cur)
            unzCloseCurrentFile(pkg->uf);
        unzClose(pkg->uf);
    }
    jx_source_close(&pkg->src);
    jx_arena_free(&pkg->arena);
    free(pkg);
}

size_t jx_package_entry_count(const jx_package *pkg) { return pkg->nentries; }

const char *jx_package_entry_name(const jx_package *pkg, size_t index)
{
    return index < pkg->nentries ? pkg->entries[index].name : NULL;
}

const jx_limits *jx_package_limits(const jx_package *pkg) { return &pkg->lim; }
const char *jx_package_file(const jx_package *pkg) { return pkg->file; }

static const jx_entry *find_entry(const jx_package *pkg, const char *name)
{
    while (*name == '/')
        name++;
    for (size_t i = 0; i < pkg->nentries; i++) {
        const char *en = pkg->entries[i].name;
        while (*en == '/')
            en++;
        if (strcasecmp(en, name) == 0)
            return &pkg->entries[i];
    }
    return NULL;
}

const char *jx_package_find(const jx_package *pkg, const char *name)
{
    const jx_entry *e = find_entry(pkg, name);
    return e ? e->name : NULL;
}

jx_error jx_package_part_open(jx_package *pkg, const char *name, jx_diag *d)
{
    jx_package_part_close(pkg);
    const jx_entry *e = find_entry(pkg, name);
    jx_diag_set_part(d, name);
    if (!e)
        return jx_fail(d, JX_ERR_MISSING_PART, "no part %s", name);
    if (e->flag & 1u)
        return jx_fail(d, JX_ERR_ENCRYPTED, "zip entry is encrypted");
    if (e->usize > pkg->lim.max_part_bytes)
        return jx_fail(d, JX_ERR_LIMIT, "max_part_bytes: declared size %llu, limit %llu",
                       (unsigned long long)e->usize, (unsigned long long)pkg->lim.max_part_bytes);
    pkg->io.short_read = false;
    if (unzGoToFilePos64(pkg->uf, &e->pos) != UNZ_OK)
        return jx_fail(d, pkg->io.short_read ? JX_ERR_ZIP_TRUNCATED : JX_ERR_ZIP_CORRUPT,
                       "cannot seek to the entry");
    int rc = unzOpenCurrentFile(pkg->uf);
    if (rc != UNZ_OK)
        return jx_fail(d, pkg->io.short_read ? JX_ERR_ZIP_TRUNCATED : JX_ERR_ZIP_CORRUPT,
                       "bad local header (minizip %d)", rc);
    pkg->cur = e;
    pkg->cur_inflated = 0;
    pkg->cur_done = false;
    return JX_OK;
}

jx_error jx_package_part_read(jx_package *pkg, void *buf, size_t cap, size_t *got, jx_diag *d)
{
    *got = 0;
    if (!pkg->cur)
        return jx_fail(d, JX_ERR_USAGE, "no open part");
    if (pkg->cur_done || cap == 0)
        return JX_OK;
    if (cap > JX_PART_CHUNK)
        cap = JX_PART_CHUNK;
    const jx_entry *e = pkg->cur;
    pkg->io.short_read = false;
    int n = unzReadCurrentFile(pkg->uf, buf, (unsigned)cap);
    if (n < 0) {
        jx_error err = (n == UNZ_ERRNO && pkg->io.short_read) ? JX_ERR_ZIP_TRUNCATED : JX_ERR_ZIP_CORRUPT;
        jx_package_part_close(pkg);
        return jx_fail(d, err, err == JX_ERR_ZIP_TRUNCATED ? "entry data cut short"
                                                           : "inflate failed (minizip %d)", n);
    }
    if (n == 0) {
        /* the end: minizip checks the CRC only when closing */
        int rc = unzCloseCurrentFile(pkg->uf);
        pkg->cur = NULL;
        pkg->cur_done = true;
        if (rc == UNZ_CRCERROR)
            return jx_fail(d, JX_ERR_ZIP_CORRUPT, "CRC mismatch");
        if (rc != UNZ_OK)
            return jx_fail(d, JX_ERR_ZIP_CORRUPT, "minizip %d", rc);
        return JX_OK;
    }
    pkg->cur_inflated += (uint64_t)n;
    pkg->total_inflated += (uint64_t)n;
    jx_error err = JX_OK;
    if (pkg->cur_inflated > pkg->lim.max_part_bytes)
        err = jx_fail(d, JX_ERR_LIMIT, "max_part_bytes: more than %llu bytes inflated",
                      (unsigned long long)pkg->lim.max_part_bytes);
    else if (pkg->total_inflated > pkg->lim.max_total_bytes)
        err = jx_fail(d, JX_ERR_LIMIT, "max_total_bytes: more than %llu bytes inflated in all",
                      (unsigned long long)pkg->lim.max_total_bytes);
    else if (pkg->cur_inflated > JX_RATIO_CHECK_AFTER) {
        /* a lying central directory cannot claim more than the file holds */
        uint64_t csize = e->csize < pkg->src.size ? e->csize : pkg->src.size;
        if (csize == 0)
            csize = 1;
        if (pkg->cur_inflated / csize > pkg->lim.max_ratio)
            err = jx_fail(d, JX_ERR_LIMIT, "max_ratio: inflated/compressed above %u",
                          pkg->lim.max_ratio);
    }
    if (err) {
        jx_package_part_close(pkg);
        return err;
    }
    *got = (size_t)n;
    return JX_OK;
}

void jx_package_part_close(jx_package *pkg)
{
    if (pkg->cur)
        unzCloseCurrentFile(pkg->uf);
    pkg->cur = NULL;
    pkg->cur_done = false;
}

jx_error jx_package_stream(jx_package *pkg, const char *name, jx_part_sink sink, void *ud,
                           jx_diag *d)
{
    jx_error err = jx_package_part_open(pkg, name, d);
    if (err)
        return err;
    char *buf = jx_malloc(JX_PART_CHUNK);
    if (!buf) {
        jx_package_part_close(pkg);
        return jx_fail(d, JX_ERR_NOMEM, NULL);
    }
    for (;;) {
        size_t got = 0;
        err = jx_package_part_read(pkg, buf, JX_PART_CHUNK, &got, d);
        if (err || got == 0)
            break;
        err = sink(ud, buf, got, d);
        if (err)
            break;
    }
    free(buf);
    jx_package_part_close(pkg);
    return err;
}
