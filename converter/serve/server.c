/*
 * server.c - `jixiao serve` on GNU libmicrohttpd: its options, the daemon,
 * the life of a request, limits, and a graceful stop.
 *
 * A request: its first call finds the endpoint (routes.c) and, for an
 * upload, makes a private folder (mkdtemp, mode 0700) under $TMPDIR; the
 * body is parsed by libmicrohttpd's multipart parser and each `file` field
 * is written to that folder as 1.xlsx, 2.xlsx ... (the browser's file name
 * is kept for messages only); the last call runs the handler, deletes the
 * folder and sends the reply.  A request that ends early (the client went
 * away) is cleaned up when libmicrohttpd says it has ended.
 *
 * A request found wrong before its body is read (unknown endpoint, too
 * large, not multipart) is answered once the body has been read and
 * thrown away, up to a bound: a reply sent while the client is still
 * sending is often lost to a connection reset.  Past the bound it is sent
 * at once.
 */
#include "serve.h"
#include "server.h"
#include "steps.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- words ---- */

static const char *const words[S__COUNT][2] = {
    [S_USAGE] = {
        "用法：jixiao serve [--listen 地址:端口] [--max-upload 大小] [--max-files 个数] [--workers 个数]\n"
        "在浏览器中使用 jixiao：拖入工作簿，查看问题，下载修正后的工作簿。\n"
        "  --listen 127.0.0.1:8080   监听地址（默认只有本机可以访问；0.0.0.0:8080 允许局域网访问）\n"
        "  --max-upload 20MB         一次上传的文件总大小上限\n"
        "  --max-files 100           一次上传的文件个数上限（批量处理）\n"
        "  --workers N               同时处理的请求数（默认为 CPU 核数）\n"
        "  --lang zh|en              默认语言（页面可切换）\n"
        "  --mappings 目录           映射文件目录\n"
        "按 Ctrl-C 或发送 SIGTERM 停止：正在处理的请求会先处理完。\n",
        "usage: jixiao serve [--listen HOST:PORT] [--max-upload SIZE] [--max-files N] [--workers N]\n"
        "jixiao in a browser: drop workbooks on a page, see the findings, download fixed workbooks.\n"
        "  --listen 127.0.0.1:8080   address to listen on (default: this machine only; 0.0.0.0:8080 for the LAN)\n"
        "  --max-upload 20MB         total size of the files of one request\n"
        "  --max-files 100           files in one request (batch)\n"
        "  --workers N               requests processed at once (default: the number of cores)\n"
        "  --lang zh|en              default language (the page can switch)\n"
        "  --mappings DIR            folder of mapping files\n"
        "Stop with Ctrl-C or SIGTERM: requests in progress are finished first.\n"},
    [S_BAD_OPTION] = {"serve：未知选项或缺少参数值“%s”（jixiao serve --help 查看用法）",
                      "serve: unknown option or missing value '%s' (see jixiao serve --help)"},
    [S_BAD_LISTEN] = {"--listen 应为 地址:端口，如 127.0.0.1:8080 或 [::1]:8080：“%s”",
                      "--listen takes HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080: '%s'"},
    [S_BAD_SIZE] = {"--max-upload 应为大小，如 20MB、512KB：“%s”", "--max-upload takes a size such as 20MB or 512KB: '%s'"},
    [S_BAD_NUMBER] = {"%s 应为 1 到 %u 之间的整数：“%s”", "%s takes a whole number from 1 to %u: '%s'"},
    [S_START_FAILED] = {"无法在 %s 上启动服务：%s", "cannot serve on %s: %s"},
    [S_LISTENING] = {"jixiao serve：在浏览器中打开 %s （按 Ctrl-C 停止）", "jixiao serve: open %s in a browser (Ctrl-C stops)"},
    [S_OPEN_TO_ALL] = {"注意：%s 不是本机回环地址，网络中的其他计算机也可以访问本服务",
                       "note: %s is not a loopback address; other machines on the network can reach this server"},
    [S_STOPPING] = {"jixiao serve：正在停止，等待 %u 个请求处理完……", "jixiao serve: stopping, finishing %u requests..."},
    [S_STOPPED] = {"jixiao serve：已停止", "jixiao serve: stopped"},
    [S_TOO_LARGE] = {"上传的文件超过 %s 的上限", "the upload exceeds the limit of %s"},
    [S_TOO_MANY] = {"一次最多上传 %u 个文件", "at most %u files per request"},
    [S_NO_FILE] = {"请求中没有名为 file 的文件字段", "the request has no file field named 'file'"},
    [S_NOT_MULTIPART] = {"请以 multipart/form-data 上传文件（字段名 file）",
                         "send files as multipart/form-data (field name 'file')"},
    [S_MALFORMED] = {"上传的数据不完整或格式错误（multipart/form-data）",
                     "the upload is incomplete or malformed (multipart/form-data)"},
    [S_NOT_FOUND] = {"没有这个地址：%s", "no such address: %s"},
    [S_METHOD] = {"%s 不接受 %s 请求", "%s does not take %s requests"},
    [S_TMP_FAILED] = {"无法创建临时文件夹：%s", "cannot make a temporary folder: %s"},
    [S_SAVE_FAILED] = {"无法保存上传的文件：%s", "cannot store the upload: %s"},
    [S_BAD_LANG] = {"lang 只接受 zh 或 en", "lang takes zh or en"},
    [S_BAD_FLAG] = {"%s 只接受 0 或 1", "%s takes 0 or 1"},
    [S_INTERNAL] = {"服务器内部错误", "internal server error"},
};

const char *jxs_word(jxs_msg m, jx_lang lang)
{
    return words[m][lang == JX_LANG_EN ? 1 : 0];
}

/* ---- replies ---- */

int jxs_fail(jxs_reply *out, unsigned status, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n > sizeof line - 2)
        n = (int)(sizeof line - 2);
    line[n++] = '\n';
    line[n] = '\0';
    free(out->owned);
    out->owned = strdup(line);
    out->data = NULL;
    out->len = out->owned ? (size_t)n : 0;
    if (out->fd >= 0)
        close(out->fd);
    out->fd = -1;
    out->download[0] = '\0';
    out->status = status;
    out->type = "text/plain; charset=utf-8";
    return 0;
}

void jxs_header(jxs_reply *out, const char *name, const char *fmt, ...)
{
    if (out->header_count >= JXS_MAX_HEADERS)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *v = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!v)
        return;
    va_start(ap, fmt);
    vsnprintf(v, (size_t)n + 1, fmt, ap);
    va_end(ap);
    /* a header is one line */
    for (char *p = v; *p; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
    out->headers[out->header_count].name = name;
    out->headers[out->header_count].value = v;
    out->header_count++;
}

/* ---- the server and its requests ---- */

typedef struct server {
    jxs_config cfg;
    atomic_uint active;        /* requests from their first call to their end */
} server;

/* Raw body bytes allowed beyond the files: multipart headers, boundaries,
 * small fields. */
#define BODY_SLACK (1024u * 1024u)

/* How much of a failed request's body is read (and dropped) so that the
 * reply reaches the client. */
static uint64_t drain_bound(const jxs_config *cfg)
{
    return 2 * cfg->max_upload + BODY_SLACK;
}

typedef struct request_state {
    server *srv;
    jxs_request rq;
    const jxs_route *route;
    char *method, *path;
    struct MHD_PostProcessor *pp;
    char dir[1024];            /* "" until made, and again once deleted */
    jxs_upload *files;
    size_t nfiles, cap, max_files;
    int fd;                    /* the file being received, or -1 */
    uint64_t received;         /* file bytes */
    uint64_t body;             /* raw body bytes */
    jxs_reply early;           /* a failure found before the body ended */
    int failed, responded;
    struct timespec t0;
} request_state;

static void fail_early(request_state *st, unsigned status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_early(request_state *st, unsigned status, const char *fmt, ...)
{
    if (st->failed)
        return; /* the first reason is the one to tell */
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    jxs_fail(&st->early, status, "%s", line);
    st->failed = 1;
}

static void remove_dir(request_state *st)
{
    if (!st->dir[0])
        return;
    DIR *d = opendir(st->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    if (rmdir(st->dir) != 0)
        fprintf(stderr, "jixiao serve: %s: %s\n", st->dir, strerror(errno));
    st->dir[0] = '\0';
}

static void free_reply(jxs_reply *r)
{
    free(r->owned);
    r->owned = NULL;
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
    for (size_t i = 0; i < r->header_count; i++)
        free(r->headers[i].value);
    r->header_count = 0;
}

const char *jxs_query(const jxs_request *rq, const char *key)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

static char *human_size(uint64_t n, char *b, size_t size)
{
    if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
        snprintf(b, size, "%lluMB", (unsigned long long)(n >> 20));
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(b, size, "%lluKB", (unsigned long long)(n >> 10));
    else
        snprintf(b, size, "%llu B", (unsigned long long)n);
    return b;
}

/* The browser's file name, fit to show: the part after any folder (old
 * browsers send C:\...\a.xlsx), valid UTF-8 without control characters,
 * at most 200 bytes. */
static void clean_name(const char *raw, char *out, size_t size)
{
    const char *s = raw ? raw : "";
    for (const char *p = s; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    size_t n = 0, limit = size - 1 < 200 ? size - 1 : 200;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < limit) {
        size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        int ok = len > 0 && !(len == 1 && (*p < 0x20 || *p == 0x7f));
        for (size_t k = 1; ok && k < len; k++)
            ok = (p[k] & 0xC0) == 0x80;
        if (!ok) {
            out[n++] = '_';
            p++;
            continue;
        }
        if (n + len > limit)
            break;
        memcpy(out + n, p, len);
        n += len;
        p += len;
    }
    out[n] = '\0';
    if (!n || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        snprintf(out, size, "workbook.xlsx");
}

static int write_all(int fd, const char *data, size_t size)
{
    while (size) {
        ssize_t k = write(fd, data, size);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        data += k;
        size -= (size_t)k;
    }
    return 0;
}

static int close_current(request_state *st)
{
    if (st->fd < 0)
        return 0;
    int rc = close(st->fd);
    st->fd = -1;
    return rc;
}

/* One piece of a multipart field.  Only fields named `file` are kept;
 * libmicrohttpd calls this at least once per field, first at offset 0
 * (possibly with no bytes, then again at offset 0 with the first bytes). */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    request_state *st = cls;
    const jx_lang lang = st->rq.lang;
    if (st->failed)
        return MHD_NO;
    if (!key || strcmp(key, "file") != 0)
        return MHD_YES;
    char name[sizeof st->files[0].name];
    clean_name(filename, name, sizeof name);
    jxs_upload *cur = st->nfiles ? &st->files[st->nfiles - 1] : NULL;
    if (!cur || (off == 0 && (cur->size > 0 || strcmp(cur->name, name) != 0))) {
        if (st->nfiles >= st->max_files) {
            fail_early(st, 413, jxs_word(S_TOO_MANY, lang), (unsigned)st->max_files);
            return MHD_NO;
        }
        if (close_current(st) != 0) {
            fail_early(st, 500, jxs_word(S_SAVE_FAILED, lang), strerror(errno));
            return MHD_NO;
        }
        if (st->nfiles == st->cap) {
            size_t cap = st->cap ? st->cap * 2 : 4;
            jxs_upload *f = realloc(st->files, cap * sizeof *f);
            if (!f) {
                fail_early(st, 500, "%s", jx_strerror(JX_ERR_NOMEM, lang));
                return MHD_NO;
            }
            st->files = f;
            st->cap = cap;
        }
        cur = &st->files[st->nfiles];
        memset(cur, 0, sizeof *cur);
        /* the path is ours alone: a number in the private folder */
        snprintf(cur->path, sizeof cur->path, "%s/%zu.xlsx", st->dir, st->nfiles + 1);
        snprintf(cur->name, sizeof cur->name, "%s", name);
        st->fd = open(cur->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (st->fd < 0) {
            fail_early(st, 500, jxs_word(S_SAVE_FAILED, lang), strerror(errno));
            return MHD_NO;
        }
        st->nfiles++;
        st->rq.files = st->files;
        st->rq.file_count = st->nfiles;
    }
    if (size > st->srv->cfg.max_upload - st->received) {
        char lim[32];
        fail_early(st, 413, jxs_word(S_TOO_LARGE, lang), human_size(st->srv->cfg.max_upload, lim, sizeof lim));
        return MHD_NO;
    }
    if (size && write_all(st->fd, data, size) != 0) {
        fail_early(st, 500, jxs_word(S_SAVE_FAILED, lang), strerror(errno));
        return MHD_NO;
    }
    cur->size += size;
    st->received += size;
    return MHD_YES;
}

static const char *const security_headers[][2] = {
    {"Cache-Control", "no-store"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    /* the page and its script and style come from here, and nothing
     * else from anywhere */
    {"Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                                "img-src 'self' data: blob:; form-action 'none'; frame-ancestors 'none'; "
                                "base-uri 'none'"},
};

/* Content-Disposition for a name that may be Chinese (RFC 6266): a plain
 * ASCII name for old clients, the UTF-8 name percent-encoded for others. */
static void disposition(const char *name, char *out, size_t size)
{
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!(*p >= 0x20 && *p < 0x7f) || *p == '"' || *p == '\\' || *p == '%')
            ascii = 0;
    size_t n = (size_t)snprintf(out, size, "attachment; filename=\"%s\"; filename*=UTF-8''",
                                ascii ? name : "workbook.xlsx");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < size; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            out[n++] = (char)*p;
        else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n < size ? n : size - 1] = '\0';
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, request_state *st, jxs_reply *r)
{
    struct MHD_Response *resp = NULL;
    if (r->fd >= 0) {
        resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
        if (resp)
            r->fd = -1; /* the response closes it */
    } else if (r->owned) {
        resp = MHD_create_response_from_buffer(r->len, r->owned, MHD_RESPMEM_MUST_FREE);
        if (resp)
            r->owned = NULL;
    } else
        resp = MHD_create_response_from_buffer(r->len, (void *)r->data, MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free_reply(r);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type ? r->type : "text/plain; charset=utf-8");
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
    if (r->download[0] && r->status == 200) {
        char cd[1024];
        disposition(r->download, cd, sizeof cd);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, cd);
    }
    for (size_t i = 0; i < r->header_count; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    if (r->status == 405 && st->path) {
        char allow[64] = "";
        for (size_t i = 0; i < jxs_route_count; i++)
            if (strcmp(jxs_routes[i].path, st->path) == 0)
                snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s", allow[0] ? ", " : "",
                         jxs_routes[i].method);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    }
    enum MHD_Result ret = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    fprintf(stderr, "jixiao serve: %s %s %u %ld ms\n", st->method ? st->method : "-", st->path ? st->path : "-",
            r->status, elapsed_ms(&st->t0));
    free_reply(r);
    st->responded = 1;
    return ret;
}

/* The first call of a request: its endpoint, language and limits. */
static void begin(request_state *st, struct MHD_Connection *conn, const char *url, const char *method)
{
    const jxs_config *cfg = &st->srv->cfg;
    st->method = strdup(method);
    st->path = strdup(url);
    st->rq.cfg = cfg;
    st->rq.method = st->method;
    st->rq.path = st->path;
    st->rq.lang = cfg->lang;
    st->rq.conn = conn;
    if (!st->method || !st->path) {
        fail_early(st, 500, "%s", jx_strerror(JX_ERR_NOMEM, cfg->lang));
        return;
    }
    const char *lang = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
    if (lang && strcmp(lang, "en") == 0)
        st->rq.lang = JX_LANG_EN;
    else if (lang && strcmp(lang, "zh") == 0)
        st->rq.lang = JX_LANG_ZH;
    else if (lang) {
        fail_early(st, 400, "%s", jxs_word(S_BAD_LANG, cfg->lang));
        return;
    }
    const jx_lang lg = st->rq.lang;
    int path_known = 0;
    const char *as = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < jxs_route_count; i++) {
        if (strcmp(jxs_routes[i].path, url) != 0)
            continue;
        path_known = 1;
        if (strcmp(jxs_routes[i].method, as) == 0)
            st->route = &jxs_routes[i];
    }
    if (!st->route) {
        if (path_known)
            fail_early(st, 405, jxs_word(S_METHOD, lg), url, method);
        else
            fail_early(st, 404, jxs_word(S_NOT_FOUND, lg), url);
        return;
    }
    if (st->route->takes == JXS_NO_FILES)
        return;
    st->max_files = st->route->takes == JXS_ONE_FILE ? 1 : cfg->max_files;
    const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > cfg->max_upload + BODY_SLACK) {
        char lim[32];
        fail_early(st, 413, jxs_word(S_TOO_LARGE, lg), human_size(cfg->max_upload, lim, sizeof lim));
        return;
    }
    st->pp = MHD_create_post_processor(conn, 64 * 1024, on_part, st);
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!st->pp || !type || strncasecmp(type, "multipart/form-data", 19) != 0) {
        fail_early(st, 415, "%s", jxs_word(S_NOT_MULTIPART, lg));
        return;
    }
    snprintf(st->dir, sizeof st->dir, "%s/jixiao-serve-XXXXXX", cfg->tmp);
    if (!mkdtemp(st->dir)) {
        int e = errno;
        st->dir[0] = '\0';
        fail_early(st, 500, jxs_word(S_TMP_FAILED, lg), strerror(e));
        return;
    }
    st->rq.dir = st->dir;
}

/* The last call: the body is in; answer. */
static enum MHD_Result finish(request_state *st, struct MHD_Connection *conn)
{
    const jx_lang lang = st->rq.lang;
    if (st->pp) {
        /* a body cut short leaves the parser mid-field */
        if (MHD_destroy_post_processor(st->pp) != MHD_YES)
            fail_early(st, 400, "%s", jxs_word(S_MALFORMED, lang));
        st->pp = NULL;
    }
    if (close_current(st) != 0)
        fail_early(st, 500, jxs_word(S_SAVE_FAILED, lang), strerror(errno));
    jxs_reply out = {.fd = -1};
    if (st->failed) {
        out = st->early;
        memset(&st->early, 0, sizeof st->early);
        st->early.fd = -1;
    } else if (st->route->takes != JXS_NO_FILES && st->nfiles == 0)
        jxs_fail(&out, 400, "%s", jxs_word(S_NO_FILE, lang));
    else
        st->route->run(&st->rq, &out);
    /* the uploads and anything written beside them go before the reply
     * leaves; a workbook sent back is read from its open descriptor */
    remove_dir(st);
    return send_reply(conn, st, &out);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    server *srv = cls;
    request_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        st->srv = srv;
        st->fd = -1;
        st->early.fd = -1;
        clock_gettime(CLOCK_MONOTONIC, &st->t0);
        *con_cls = st;
        atomic_fetch_add(&srv->active, 1);
        begin(st, conn, url, method);
        /* a client that waits for "100 Continue" is answered at once and
         * never sends the body; so is one whose body is past the bound */
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
        const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (st->failed && ((expect && strcasecmp(expect, "100-continue") == 0) ||
                           (length && strtoull(length, NULL, 10) > drain_bound(&srv->cfg))))
            return finish(st, conn);
        return MHD_YES;
    }
    if (st->responded) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t size = *upload_data_size;
        *upload_data_size = 0;
        st->body += size;
        const uint64_t max = srv->cfg.max_upload;
        if (!st->failed && st->body > max + BODY_SLACK) {
            char lim[32];
            fail_early(st, 413, jxs_word(S_TOO_LARGE, st->rq.lang), human_size(max, lim, sizeof lim));
        }
        if (!st->failed && st->pp && MHD_post_process(st->pp, upload_data, size) != MHD_YES)
            fail_early(st, 400, "%s", jxs_word(S_MALFORMED, st->rq.lang));
        /* a failed request's body is read and dropped, up to a bound;
         * libmicrohttpd cannot reply in the middle of a body, so past the
         * bound the connection is closed */
        if (st->failed && st->body > drain_bound(&srv->cfg)) {
            fprintf(stderr, "jixiao serve: %s %s %u, connection closed after %llu bytes: %s", st->method,
                    st->path, st->early.status, (unsigned long long)st->body,
                    st->early.owned ? st->early.owned : "\n");
            return MHD_NO;
        }
        return MHD_YES;
    }
    return finish(st, conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    server *srv = cls;
    request_state *st = *con_cls;
    if (!st)
        return;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !st->responded)
        fprintf(stderr, "jixiao serve: %s %s ended without a reply after %ld ms\n", st->method ? st->method : "-",
                st->path ? st->path : "-", elapsed_ms(&st->t0));
    if (st->pp)
        MHD_destroy_post_processor(st->pp);
    close_current(st);
    remove_dir(st);
    free_reply(&st->early);
    free(st->files);
    free(st->method);
    free(st->path);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->active, 1);
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    fprintf(stderr, "jixiao serve: libmicrohttpd: %s\n", line);
}

/* ---- options ---- */

typedef struct serve_opts {
    const char *listen;
    uint64_t max_upload;
    unsigned max_files, workers;
    const char *mappings;
    jx_lang lang;
} serve_opts;

/* "20MB", "512KB", "1GB", "1048576": binary units, case does not matter. */
static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return -1;
    static const struct { const char *unit; unsigned shift; } units[] = {
        {"", 0}, {"b", 0}, {"k", 10}, {"kb", 10}, {"kib", 10}, {"m", 20}, {"mb", 20}, {"mib", 20},
        {"g", 30}, {"gb", 30}, {"gib", 30},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcasecmp(end, units[i].unit) == 0) {
            if (n == 0 || n > (UINT64_MAX >> 1) >> units[i].shift)
                return -1;
            *out = (uint64_t)n << units[i].shift;
            return 0;
        }
    return -1;
}

static int parse_count(const char *s, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || n < 1 || n > max)
        return -1;
    *out = (unsigned)n;
    return 0;
}

static int say(jx_lang lang, jxs_msg m, ...)
{
    va_list ap;
    va_start(ap, m);
    fputs("jixiao: ", stderr);
    vfprintf(stderr, jxs_word(m, lang), ap);
    fputc('\n', stderr);
    va_end(ap);
    return JXC_FAILED;
}

/* 0, 1 (help printed) or JXC_FAILED */
static int parse_options(int argc, char **argv, int at, serve_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i == at)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0) {
            fputs(jxs_word(S_USAGE, o->lang), stdout);
            return 1;
        }
        static const char *const valued[] = {"--listen", "--max-upload", "--max-files", "--workers", "--lang",
                                              "--mappings"};
        size_t k = 0;
        while (k < sizeof valued / sizeof valued[0] && strcmp(a, valued[k]) != 0)
            k++;
        if (k == sizeof valued / sizeof valued[0] || i + 1 >= argc)
            return say(o->lang, S_BAD_OPTION, a);
        const char *v = argv[++i];
        switch (k) {
        case 0:
            o->listen = v;
            break;
        case 1:
            if (parse_size(v, &o->max_upload) != 0)
                return say(o->lang, S_BAD_SIZE, v);
            break;
        case 2:
            if (parse_count(v, 100000, &o->max_files) != 0)
                return say(o->lang, S_BAD_NUMBER, a, 100000u, v);
            break;
        case 3:
            if (parse_count(v, 256, &o->workers) != 0)
                return say(o->lang, S_BAD_NUMBER, a, 256u, v);
            break;
        case 4:
            if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0) {
                fprintf(stderr, "jixiao: %s\n", o->lang == JX_LANG_EN ? "--lang takes zh or en" : "--lang 只接受 zh 或 en");
                return JXC_FAILED;
            }
            o->lang = strcmp(v, "en") == 0 ? JX_LANG_EN : JX_LANG_ZH;
            break;
        default:
            o->mappings = v;
        }
    }
    return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080", or a port alone (on
 * the loopback address). */
static int resolve_listen(const char *spec, struct sockaddr_storage *addr, socklen_t *len)
{
    char host[256], port[16];
    const char *colon = strrchr(spec, ':');
    if (!colon) {
        snprintf(host, sizeof host, "127.0.0.1");
        if (strlen(spec) >= sizeof port)
            return -1;
        snprintf(port, sizeof port, "%s", spec);
    } else {
        size_t hl = (size_t)(colon - spec);
        if (hl >= sizeof host || strlen(colon + 1) >= sizeof port || hl == 0)
            return -1;
        memcpy(host, spec, hl);
        host[hl] = '\0';
        snprintf(port, sizeof port, "%s", colon + 1);
        if (host[0] == '[') {
            if (hl < 3 || host[hl - 1] != ']')
                return -1;
            memmove(host, host + 1, hl - 2);
            host[hl - 2] = '\0';
        }
    }
    if (!port[0] || strspn(port, "0123456789") != strlen(port) || atol(port) > 65535)
        return -1;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV},
                    *res = NULL;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
        return -1;
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static int is_loopback(const struct sockaddr_storage *a)
{
    if (a->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
    if (a->ss_family == AF_INET6) {
        const struct in6_addr *x = &((const struct sockaddr_in6 *)a)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(x))
            return 1;
        return IN6_IS_ADDR_V4MAPPED(x) && x->s6_addr[12] == 127;
    }
    return 0;
}

static void address_text(const struct sockaddr_storage *a, unsigned port, char *out, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (a->ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)a)->sin6_addr, host, sizeof host);
        snprintf(out, size, "http://[%s]:%u/", host, port);
    } else {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr, host, sizeof host);
        snprintf(out, size, "http://%s:%u/", host, port);
    }
}

int jxs_main(int argc, char **argv, int at, jx_lang lang)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    serve_opts o = {
        .listen = "127.0.0.1:8080",
        .max_upload = 20u << 20,
        .max_files = 100,
        .workers = cores > 0 ? (unsigned)(cores < 64 ? cores : 64) : 2,
        .lang = lang,
    };
    int rc = parse_options(argc, argv, at, &o);
    if (rc)
        return rc == 1 ? 0 : rc;

    struct sockaddr_storage addr;
    socklen_t addr_len = 0;
    if (resolve_listen(o.listen, &addr, &addr_len) != 0)
        return say(o.lang, S_BAD_LISTEN, o.listen);

    static server srv; /* lives as long as the daemon's threads */
    char error[2048];
    jx_catalog *cat = NULL;
    if (jxc_load_catalog(o.mappings, o.lang, &cat, error, sizeof error) != 0) {
        fprintf(stderr, "jixiao: %s\n", error);
        return JXC_FAILED;
    }
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 900)
        tmp = "/tmp";
    srv.cfg = (jxs_config){
        .cat = cat,
        .lang = o.lang,
        .max_upload = o.max_upload,
        .max_files = o.max_files,
        .tmp = tmp,
    };
    atomic_init(&srv.active, 0);
    /* every upload goes there: say at once when it cannot */
    if (access(tmp, W_OK | X_OK) != 0) {
        char why[1024];
        snprintf(why, sizeof why, "%s: %s", tmp, strerror(errno));
        say(o.lang, S_TMP_FAILED, why);
        jx_catalog_free(cat);
        return JXC_FAILED;
    }

    /* the daemon's threads inherit a mask without the stop signals, so
     * that only sigwait below receives them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    errno = 0;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
        MHD_OPTION_THREAD_POOL_SIZE, o.workers > 1 ? o.workers : 0u,
        MHD_OPTION_CONNECTION_LIMIT, 256u,
        MHD_OPTION_CONNECTION_TIMEOUT, 60u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_END);
    if (!d) {
        int e = errno;
        say(o.lang, S_START_FAILED, o.listen, e ? strerror(e) : "libmicrohttpd");
        jx_catalog_free(cat);
        return JXC_FAILED;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char url[128];
    address_text(&addr, info ? info->port : 0, url, sizeof url);
    printf(jxs_word(S_LISTENING, o.lang), url);
    printf("\n");
    fflush(stdout);
    if (!is_loopback(&addr)) {
        fprintf(stderr, jxs_word(S_OPEN_TO_ALL, o.lang), o.listen);
        fputc('\n', stderr);
    }

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    /* stop taking connections, let the requests in progress end (for at
     * most 30 s), then stop */
    MHD_socket listen_fd = MHD_quiesce_daemon(d);
    unsigned left = atomic_load(&srv.active);
    if (left) {
        fprintf(stderr, jxs_word(S_STOPPING, o.lang), left);
        fputc('\n', stderr);
    }
    for (int waited = 0; atomic_load(&srv.active) && waited < 3000; waited++)
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    MHD_stop_daemon(d);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    jx_catalog_free(cat);
    fprintf(stderr, "%s\n", jxs_word(S_STOPPED, o.lang));
    return 0;
}
