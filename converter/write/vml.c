/*
 * vml.c - the legacy VML drawing that makes Excel show a sheet's comments:
 * one hidden note box (a shape of type _x0000_t202 whose ClientData names
 * the cell) per comment, as Excel writes it.  A new drawing is written
 * whole; an existing one gets the new boxes before its closing </xml>.
 *
 * VML parts are not always well-formed XML, so an existing drawing is
 * read as text (it is small) and only added to; when its root does not
 * declare the v, o and x prefixes (openpyxl declares them element by
 * element), each added element declares them.  Shape ids are unique in
 * the package: a new drawing takes idmap blocks (1024 ids each) after
 * every block the workbook's drawings use; boxes added to an existing
 * drawing continue after its largest id.
 */
#include "write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_V "urn:schemas-microsoft-com:vml"
#define NS_O "urn:schemas-microsoft-com:office:office"
#define NS_X "urn:schemas-microsoft-com:office:excel"
/* For a drawing whose root does not declare the prefixes (openpyxl
 * declares them on each element): declared on each element added. */
#define NS_DECL " xmlns:v=\"" NS_V "\" xmlns:o=\"" NS_O "\" xmlns:x=\"" NS_X "\""

static bool put_shape_type(jx_buf *b, bool declare)
{
    return jx_buf_printf(b,
                         "<v:shapetype%s id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" "
                         "path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/>"
                         "<v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>",
                         declare ? NS_DECL : "");
}

static const char *find(const char *s, size_t len, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0)
            return s + i;
    return NULL;
}

void jxw_vml_inspect(const char *text, size_t len, jxw_vml_info *info)
{
    memset(info, 0, sizeof *info);
    const char *p;
    for (size_t at = 0; (p = find(text, len, at, "_x0000_s")) != NULL; at = (size_t)(p - text) + 1) {
        unsigned long v = strtoul(p + 8, NULL, 10);
        if (v > info->max_shape && v < UINT32_MAX / 2)
            info->max_shape = (uint32_t)v;
    }
    info->has_type = find(text, len, 0, "\"_x0000_t202\"") || find(text, len, 0, "'_x0000_t202'");
    for (size_t at = 0; (p = find(text, len, at, "idmap")) != NULL; at = (size_t)(p - text) + 1) {
        const char *data = find(text, len, (size_t)(p - text), "data=");
        if (!data || data - p > 64)
            continue;
        /* data="1,2,5" */
        for (const char *q = data + 6; q < text + len && (*q == ',' || (*q >= '0' && *q <= '9'));) {
            char *end;
            unsigned long v = strtoul(q, &end, 10);
            if (end == q) {
                q++;
                continue;
            }
            if (v > info->max_block && v < UINT32_MAX / 2048)
                info->max_block = (uint32_t)v;
            q = end;
        }
    }
    if (info->max_shape / 1024 > info->max_block)
        info->max_block = info->max_shape / 1024;
    /* the root's start tag */
    const char *root = find(text, len, 0, "<xml");
    const char *end = root ? memchr(root, '>', len - (size_t)(root - text)) : NULL;
    if (end) {
        size_t n = (size_t)(end - root);
        info->root_ns = find(root, n, 0, "xmlns:v=\"" NS_V "\"") && find(root, n, 0, "xmlns:o=\"" NS_O "\"") &&
                        find(root, n, 0, "xmlns:x=\"" NS_X "\"");
    }
    /* the last </xml> (any case) */
    for (size_t i = len; i >= 6; i--)
        if (strncasecmp(text + i - 6, "</xml>", 6) == 0) {
            info->closed = true;
            break;
        }
}

/* Characters of a text, counting a CJK character as two columns. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    return w;
}

/* One note box for the cell (1-based row and column), as Excel writes it:
 * hidden until the cell is pointed at, anchored to its right. */
static bool put_shape(jx_buf *b, const jxw_note_cell *n, uint32_t id, uint32_t z, bool declare)
{
    /* about 40 columns of text a line at this width */
    size_t lines = 1;
    for (const char *p = n->text; *p; p++)
        lines += *p == '\n';
    lines += text_width(n->text) / 40;
    if (lines > 30)
        lines = 30;
    uint32_t row0 = n->row - 1, col0 = n->col - 1;
    uint32_t top = row0 ? row0 - 1 : 0;
    return jx_buf_printf(b,
                         "<v:shape%s id=\"_x0000_s%u\" type=\"#_x0000_t202\" style=\"position:absolute;"
                         "margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:%zupt;z-index:%u;"
                         "visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">",
                         declare ? NS_DECL : "", id, 15 * lines + 12, z) &&
           jx_buf_appendz(b, "<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/>"
                             "<v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\">"
                             "<div style=\"text-align:left\"></div></v:textbox>") &&
           jx_buf_printf(b,
                         "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>"
                         "<x:Anchor>%u, 15, %u, 2, %u, 15, %zu, 4</x:Anchor><x:AutoFill>False</x:AutoFill>"
                         "<x:Row>%u</x:Row><x:Column>%u</x:Column></x:ClientData></v:shape>",
                         col0 + 1, top, col0 + 5, top + lines + 2, row0, col0);
}

static bool put_shapes(jx_buf *b, const jxw_comments *c, bool declare)
{
    uint32_t id = c->next_shape, z = 1;
    bool ok = true;
    for (size_t i = 0; ok && i < c->ncells; i++)
        if (!c->cells[i].existing)
            ok = put_shape(b, &c->cells[i], id++, z++, declare);
    return ok;
}

bool jxw_vml_new_part(jx_buf *out, const jxw_comments *c)
{
    bool ok = jx_buf_appendz(out, "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" "
                                  "xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
                                  "xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"
                                  "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"");
    for (uint32_t k = 0; ok && k < c->idmap_count; k++)
        ok = jx_buf_printf(out, "%s%u", k ? "," : "", c->idmap_first + k);
    return ok && jx_buf_appendz(out, "\"/></o:shapelayout>") && put_shape_type(out, false) &&
           put_shapes(out, c, false) && jx_buf_appendz(out, "</xml>");
}

bool jxw_vml_add_shapes(jx_buf *out, const char *text, size_t len, const jxw_comments *c, const jxw_vml_info *info)
{
    size_t at = len;
    for (size_t i = len; i >= 6; i--)
        if (strncasecmp(text + i - 6, "</xml>", 6) == 0) {
            at = i - 6;
            break;
        }
    bool declare = !info->root_ns;
    return jx_buf_append(out, text, at) && (info->has_type || put_shape_type(out, declare)) &&
           put_shapes(out, c, declare) && jx_buf_append(out, text + at, len - at);
}
