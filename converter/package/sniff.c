/*
 * sniff.c - what kind of file this is, decided from its bytes before
 * minizip sees them, so that a user hears "this is an old .xls" or "this
 * workbook has a password" instead of "not a zip".
 *
 * OLE2 (Compound File Binary) files are either legacy .xls workbooks or
 * password-protected OOXML packages (MS-OFFCRYPTO: the real package sits
 * encrypted in a stream "EncryptedPackage" next to "EncryptionInfo").  We
 * read the CFB directory just far enough to look for those stream names.
 *
 * Invariants: every offset read from the file is bounds-checked against
 * the source size, and every chain walk is bounded by the number of
 * sectors the file can hold, so hostile files cannot loop or overread.
 */
#include "package/package.h"

#include <string.h>

static const unsigned char ole2_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

#define CFB_ENDOFCHAIN 0xFFFFFFFEu
#define CFB_MAXREGSECT 0xFFFFFFFAu
#define CFB_HEADER_DIFAT 109u

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

typedef struct cfb {
    const jx_source *src;
    unsigned char header[512];
    uint32_t ssz;      /* sector size */
    uint32_t eps;      /* 32-bit entries per sector */
    uint64_t nsectors; /* sectors the file can hold: bounds every walk */
} cfb;

static bool cfb_read_u32(const cfb *c, uint64_t off, uint32_t *v)
{
    unsigned char b[4];
    if (jx_source_read_at(c->src, off, b, 4) != 4)
        return false;
    *v = rd32(b);
    return true;
}

static uint64_t sector_offset(const cfb *c, uint32_t s) { return ((uint64_t)s + 1) * c->ssz; }

/* The sector holding FAT sector number i, through the header's DIFAT and
 * then the DIFAT chain. */
static bool cfb_fat_sector(const cfb *c, uint32_t i, uint32_t *out)
{
    if (i < CFB_HEADER_DIFAT) {
        *out = rd32(c->header + 76 + 4 * i);
        return *out < CFB_MAXREGSECT;
    }
    i -= CFB_HEADER_DIFAT;
    uint32_t per = c->eps - 1; /* the last slot links to the next DIFAT sector */
    uint32_t ds = rd32(c->header + 68);
    for (uint64_t steps = 0; steps <= c->nsectors; steps++) {
        if (ds >= CFB_MAXREGSECT)
            return false;
        if (i < per)
            return cfb_read_u32(c, sector_offset(c, ds) + 4ull * i, out) && *out < CFB_MAXREGSECT;
        i -= per;
        if (!cfb_read_u32(c, sector_offset(c, ds) + 4ull * per, &ds))
            return false;
    }
    return false;
}

static bool cfb_next(const cfb *c, uint32_t s, uint32_t *next)
{
    uint32_t fs;
    if (!cfb_fat_sector(c, s / c->eps, &fs))
        return false;
    return cfb_read_u32(c, sector_offset(c, fs) + 4ull * (s % c->eps), next);
}

/* Compare a CFB directory name (UTF-16LE, nbytes including the NUL) with
 * an ASCII name, case-insensitively as CFB does. */
static bool cfb_name_is(const unsigned char *e, const char *ascii)
{
    uint16_t nbytes = rd16(e + 64);
    size_t n = strlen(ascii);
    if (nbytes != 2 * (n + 1) || nbytes > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint16_t ch = rd16(e + 2 * i);
        char a = ascii[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (uint16_t)(ch - 32);
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 32);
        if (ch != (unsigned char)a)
            return false;
    }
    return true;
}

/* JX_ERR_ENCRYPTED when the directory names an encrypted package,
 * JX_ERR_LEGACY_XLS otherwise (a .xls, or an OLE2 file we cannot read:
 * either way not something to open as .xlsx). */
static jx_error sniff_ole2(const jx_source *src, jx_diag *d)
{
    cfb c = {.src = src};
    if (jx_source_read_at(src, 0, c.header, sizeof c.header) != sizeof c.header)
        return jx_fail(d, JX_ERR_LEGACY_XLS, "OLE2 file");
    uint16_t shift = rd16(c.header + 30);
    if (shift != 9 && shift != 12)
        return jx_fail(d, JX_ERR_LEGACY_XLS, "OLE2 file");
    c.ssz = 1u << shift;
    c.eps = c.ssz / 4;
    c.nsectors = src->size / c.ssz + 1;
    unsigned char sec[4096];
    uint32_t s = rd32(c.header + 48);
    for (uint64_t steps = 0; steps <= c.nsectors && s < CFB_MAXREGSECT; steps++) {
        if (jx_source_read_at(src, sector_offset(&c, s), sec, c.ssz) != c.ssz)
            break;
        for (uint32_t off = 0; off + 128 <= c.ssz; off += 128) {
            const unsigned char *e = sec + off;
            unsigned type = e[66];
            if (type != 1 && type != 2)
                continue;
            if (cfb_name_is(e, "EncryptedPackage") || cfb_name_is(e, "EncryptionInfo"))
                return jx_fail(d, JX_ERR_ENCRYPTED, "OLE2 EncryptedPackage");
        }
        if (!cfb_next(&c, s, &s))
            break;
    }
    return jx_fail(d, JX_ERR_LEGACY_XLS, "OLE2 file");
}

jx_error jx_sniff(const jx_source *src, jx_diag *d)
{
    if (src->size == 0)
        return jx_fail(d, JX_ERR_EMPTY_FILE, NULL);
    unsigned char head[8] = {0};
    size_t n = jx_source_read_at(src, 0, head, sizeof head);
    if (n == sizeof head && memcmp(head, ole2_magic, sizeof head) == 0)
        return sniff_ole2(src, d);
    if (n >= 2 && head[0] == 'P' && head[1] == 'K')
        return JX_OK;
    if (n == 0)
        return jx_fail(d, JX_ERR_IO, "cannot read the file");
    return jx_fail(d, JX_ERR_NOT_ZIP, NULL);
}

jx_error jx_sniff_zip_failure(const jx_source *src)
{
    /* the end record sits in the last 22 bytes plus a comment of < 64 KiB */
    enum { EOCD = 22, TAIL = EOCD + 65535 };
    uint64_t start = src->size > TAIL ? src->size - TAIL : 0;
    unsigned char buf[4096];
    /* scan backwards in windows that overlap by 3 bytes */
    uint64_t end = src->size;
    while (end > start) {
        uint64_t from = end - start > sizeof buf ? end - sizeof buf : start;
        size_t n = jx_source_read_at(src, from, buf, (size_t)(end - from));
        if (n != end - from)
            return JX_ERR_ZIP_TRUNCATED;
        for (size_t i = n >= 4 ? n - 4 + 1 : 0; i-- > 0;) {
            if (buf[i] == 'P' && buf[i + 1] == 'K' && buf[i + 2] == 5 && buf[i + 3] == 6) {
                uint64_t at = from + i;
                unsigned char rec[EOCD];
                if (jx_source_read_at(src, at, rec, EOCD) != EOCD)
                    return JX_ERR_ZIP_TRUNCATED;
                uint64_t cd_size = rd32(rec + 12), cd_off = rd32(rec + 16);
                if (cd_off != 0xFFFFFFFFu && cd_off + cd_size > at)
                    return JX_ERR_ZIP_TRUNCATED;
                return JX_ERR_ZIP_CORRUPT;
            }
        }
        if (from == start)
            break;
        end = from + 3;
    }
    return JX_ERR_ZIP_TRUNCATED;
}
