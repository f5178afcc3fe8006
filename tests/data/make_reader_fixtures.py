#!/usr/bin/python3
"""Write the small workbooks under tests/data/reader/ that the package and
sheet unit tests read.

Every part is hand-written XML so that each fixture shows exactly one
thing (a cell type, a producer quirk, a refusal).  Only the standard
library is used; the output is committed, so the tests never need Python.

    /usr/bin/python3 tests/data/make_reader_fixtures.py
"""
import io
import os
import random
import struct
import zipfile
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reader")

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_R = "http://purl.oclc.org/ooxml/officeDocument/relationships"
STRICT_RT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '</Types>')


def rels(items, rt=RT):
    """items: (id, type tail, target) -> a .rels part."""
    body = "".join('<Relationship Id="%s" Type="%s%s" Target="%s"/>' % (i, rt, t, tg)
                   for i, t, tg in items)
    return XML_DECL + '<Relationships xmlns="%s">%s</Relationships>' % (NS_PKG_REL, body)


ROOT_RELS = rels([("rId1", "officeDocument", "xl/workbook.xml")])


def workbook(sheets, pr="", ns=NS_MAIN, rns=NS_R):
    """sheets: (name, rId, state or None)."""
    body = "".join('<sheet name="%s" sheetId="%d"%s r:id="%s"/>'
                   % (n, k + 1, ' state="%s"' % st if st else "", rid)
                   for k, (n, rid, st) in enumerate(sheets))
    return XML_DECL + ('<workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets></workbook>'
                       % (ns, rns, pr, body))


def worksheet(rows_xml, extra=""):
    return XML_DECL + ('<worksheet xmlns="%s" xmlns:r="%s"><sheetData>%s</sheetData>%s</worksheet>'
                       % (NS_MAIN, NS_R, rows_xml, extra))


def sst(items):
    """items: raw inner XML of each <si>."""
    return XML_DECL + ('<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
                       % (NS_MAIN, len(items), len(items), "".join("<si>%s</si>" % i for i in items)))


def si(text):
    return '<t xml:space="preserve">%s</t>' % text


def styles(numfmts, xf_ids):
    nf = "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % (i, escape(c, {'"': "&quot;"}))
                 for i, c in numfmts)
    xfs = "".join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>'
                  % (i, ' applyNumberFormat="1"' if i else "") for i in xf_ids)
    return XML_DECL + (
        '<styleSheet xmlns="%s"><numFmts count="%d">%s</numFmts>'
        '<fonts count="1"><font><sz val="11"/></font></fonts>'
        '<cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="%d">%s</cellXfs></styleSheet>' % (NS_MAIN, len(numfmts), nf, len(xf_ids), xfs))


def make_zip(parts, stored=()):
    """parts: list of (name, text or bytes), written in that order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=(2024, 10, 16, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def simple_book(sheet_xml, sst_items=None, styles_xml=None, extra_parts=()):
    wb_rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
             ("xl/workbook.xml", workbook([("Sheet1", "rId1", None)]))]
    if sst_items is not None:
        wb_rels.append(("rId2", "sharedStrings", "sharedStrings.xml"))
        parts.append(("xl/sharedStrings.xml", sst(sst_items)))
    if styles_xml is not None:
        wb_rels.append(("rId3", "styles", "styles.xml"))
        parts.append(("xl/styles.xml", styles_xml))
    parts.append(("xl/_rels/workbook.xml.rels", rels(wb_rels)))
    parts.append(("xl/worksheets/sheet1.xml", sheet_xml))
    parts.extend(extra_parts)
    return parts


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


# ---- zip surgery: patch one entry's headers after zipfile wrote them ----

def entry_offsets(data, name):
    """(local header offset, central directory entry offset) of name."""
    eocd = data.rindex(b"PK\x05\x06")
    cd_size, cd_off = struct.unpack_from("<II", data, eocd + 12)
    p = cd_off
    while p < cd_off + cd_size:
        nlen, elen, clen = struct.unpack_from("<HHH", data, p + 28)
        ename = data[p + 46:p + 46 + nlen].decode("utf-8")
        local = struct.unpack_from("<I", data, p + 42)[0]
        if ename == name:
            return local, p
        p += 46 + nlen + elen + clen
    raise KeyError(name)


def patch(data, name, flag_or=0, crc=None, csize=None, usize=None):
    data = bytearray(data)
    local, central = entry_offsets(bytes(data), name)
    # field offsets: local header / central directory entry
    for base, off_flag, off_crc in ((local, 6, 14), (central, 8, 16)):
        if flag_or:
            f = struct.unpack_from("<H", data, base + off_flag)[0]
            struct.pack_into("<H", data, base + off_flag, f | flag_or)
        if crc is not None:
            struct.pack_into("<I", data, base + off_crc, crc)
        if csize is not None:
            struct.pack_into("<I", data, base + off_crc + 4, csize)
        if usize is not None:
            struct.pack_into("<I", data, base + off_crc + 8, usize)
    return bytes(data)


# ---- OLE2 compound files ----

def cfb(streams):
    """A minimal version-3 compound file: 512-byte sectors, one FAT
    sector, one directory sector, each stream in regular sectors."""
    ss = 512
    free, endc, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fatsect, endc]
    data_sectors = []
    starts = []
    for _name, payload in streams:
        n = (len(payload) + ss - 1) // ss
        first = 2 + len(data_sectors)
        starts.append(first)
        for k in range(n):
            fat.append(first + k + 1 if k + 1 < n else endc)
            chunk = payload[k * ss:(k + 1) * ss]
            data_sectors.append(chunk + b"\0" * (ss - len(chunk)))
    fat += [free] * (ss // 4 - len(fat))

    def dirent(name, typ, left=nostream, right=nostream, child=nostream, start=endc, size=0):
        u = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[0:len(u)] = u
        struct.pack_into("<HBB", e, 64, len(u), typ, 1)  # name length, type, black
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    entries = [dirent("Root Entry", 5, child=1)]
    for k, (name, payload) in enumerate(streams):
        right = k + 2 if k + 1 < len(streams) else nostream
        entries.append(dirent(name, 2, right=right, start=starts[k], size=len(payload)))
    while len(entries) < 4:
        entries.append(bytes(128))
    directory = b"".join(entries)

    hdr = bytearray(512)
    hdr[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    struct.pack_into("<HHHHH", hdr, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", hdr, 40, 0, 1, 1, 0, 4096, endc, 0, endc, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", hdr, 76, *difat)
    return bytes(hdr) + struct.pack("<128I", *fat) + directory + b"".join(data_sectors)


# ---- the fixtures ----

def types_book():
    sst_items = [
        si("合计"),                                               # 0
        '<r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r>'
        '<rPh sb="0" eb="1"><t>フ</t></rPh><phoneticPr fontId="1"/>',  # 1
        si("line1_x000D_\nline2"),                                # 2
        si("  lead and trail  "),                                 # 3
        si("a_x005F_x0041_b"),                                    # 4
        si(""),                                                   # 5
        si("（万元）"),                                           # 6
    ]
    st = styles([(164, 'yyyy"年"m"月"d"日"'), (165, '#,##0.00"元"'), (166, "[h]:mm"),
                 (167, "h:mm:ss"), (168, "[Red]0.00;[Blue]-0.00"), (169, '"day"0'),
                 (170, "0.00"), (170, "yyyy-mm-dd")],  # a later definition wins
                [0, 14, 164, 165, 166, 2, 22, 168, 167, 169, 170])
    rows = (
        '<row r="1">'
        '<c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>内联</t></is></c>'
        '<c r="D1" t="str"><f>CONCAT("公式","串")</f><v>公式串</v></c>'
        '<c r="E1"><v>365.32</v></c>'
        '<c r="F1" t="n"><v>1.2E+3</v></c>'
        '<c r="G1" t="b"><v>1</v></c>'
        '<c r="H1" t="b"><v>0</v></c>'
        '<c r="I1" t="e"><v>#N/A</v></c>'
        '<c r="J1"><f>SUM(E1:F1)</f><v>1565.32</v></c>'
        '</row>'
        '<row r="2">'
        '<c r="A2" s="1"><v>45581</v></c>'
        '<c r="B2" s="2"><v>45581.5625</v></c>'
        '<c r="C2" s="3"><v>45581</v></c>'
        '<c r="D2" s="4"><v>1.5</v></c>'
        '<c r="E2" s="6"><v>45581.5625</v></c>'
        '<c r="F2" t="d"><v>2024-10-16T00:00:00</v></c>'
        '<c r="G2" s="1"><v>60</v></c>'
        '<c r="H2" s="1"><v>59</v></c>'
        '<c r="I2" s="1"><v>61</v></c>'
        '<c r="J2" s="1"><v>1</v></c>'
        '<c r="K2" s="7"><v>5</v></c>'
        '<c r="L2" s="5"><v>12.50</v></c>'
        '<c r="M2" s="9"><v>7</v></c>'
        '<c r="N2" s="10"><v>45581</v></c>'
        '<c r="O2" s="99"><v>45581</v></c>'
        '</row>'
        '<row r="3">'
        '<c r="A3" t="s"><v>2</v></c>'
        '<c r="B3" t="s"><v>3</v></c>'
        '<c r="C3" t="s"><v>4</v></c>'
        '<c r="D3" t="s"><v>5</v></c>'
        '<c r="E3" t="inlineStr"><is><t xml:space="preserve">  x  </t></is></c>'
        '<c r="F3" s="1"/>'
        '<c r="G3"><f>A1</f></c>'
        '<c r="H3" t="s"><v>6</v></c>'
        '</row>'
        '<row r="4"><c r="A4" t="str"><v>a_x000D_b</v></c>'
        '<c r="B4" t="inlineStr"><is><r><t>i</t></r><r><t>nline rich</t></r>'
        '<rPh><t>x</t></rPh></is></c></row>'
        '<row r="5">'
        '<c r="A5" s="1"><v>4.5581E+4</v></c>'
        '<c r="B5" s="1"><v>-1</v></c>'
        '<c r="C5" s="4"><v>0.5</v></c>'
        '<c r="D5" s="8"><v>45581.999999999</v></c>'
        '</row>')
    return simple_book(worksheet(rows), sst_items, st)


def date1904_book():
    st = styles([], [0, 14, 22])
    pr = '<workbookPr date1904="1"/>'
    rows = ('<row r="1"><c r="A1" s="1"><v>44119</v></c><c r="B1" s="2"><v>44119.75</v></c>'
            '<c r="C1" s="1"><v>1</v></c></row>')
    parts = simple_book(worksheet(rows), None, st)
    return [(n, workbook([("Sheet1", "rId1", None)], pr) if n == "xl/workbook.xml" else d)
            for n, d in parts]


def nosst_book():
    rows = (
        '<row><c t="inlineStr"><is><t>A1</t></is></c><c><v>2</v></c></row>'
        '<row r="3"><c r="C3"><v>33</v></c><c><v>34</v></c></row>'
        '<row><c><v>41</v></c></row>'
        '<row r="6"><c r="B6"><v>62</v></c><c r="A6"><v>61</v></c></row>'
        '<row r="5"><c r="A5"><v>51</v></c></row>'
        '<row r="7"><c r="A7"><v>1</v></c><c r="A7"><v>2</v></c></row>'
        '<row r="8"><c r="A8"><v>8</v></c></row>'
        '<row r="6"><c r="A6"><v>99</v></c></row>'
        '<row r="9" hidden="1"><c r="A9"><v>9</v></c></row>'
        '<row r="10" hidden="true"><c r="A10"><v>10</v></c></row>'
        '<row r="11" hidden="0"><c r="A11"><v>11</v></c></row>')
    return simple_book(worksheet(rows))


def prefixed_book():
    x = "x"
    wb = XML_DECL + (
        '<x:workbook xmlns:x="%s" xmlns:rel="%s"><x:workbookPr/><x:sheets>'
        '<x:sheet name="前缀" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>' % (NS_MAIN, NS_R))
    ss = XML_DECL + ('<x:sst xmlns:x="%s" count="2" uniqueCount="2"><x:si><x:t>甲</x:t></x:si>'
                     '<x:si><x:r><x:t>乙</x:t></x:r><x:r><x:t>丙</x:t></x:r></x:si></x:sst>' % NS_MAIN)
    sh = XML_DECL + (
        '<x:worksheet xmlns:x="%s"><x:dimension ref="A1:Z99"/><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        '<x:c r="C1"><x:v>3.5</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>丁</x:t></x:is></x:c></x:row>'
        '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A2:C3"/></x:mergeCells>'
        '</x:worksheet>' % NS_MAIN)
    del x
    return [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                                 ("rId2", "sharedStrings", "sharedStrings.xml")])),
            ("xl/sharedStrings.xml", ss), ("xl/worksheets/sheet1.xml", sh)]


def layout_book():
    """Workbook part outside xl/, sheets listed in another order than the
    files, absolute, relative and ../ targets, odd case, a chartsheet,
    shared strings and styles under names found only through types."""
    def one(text):
        return worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>' % text)
    wb = workbook([("甲", "rId3", None), ("乙", "rId1", "hidden"), ("图表", "rId5", None),
                   ("丙", "rId2", "veryHidden")])
    wb_rels = rels([("rId1", "worksheet", "sheets/../sheets/aa.xml"),
                    ("rId2", "worksheet", "../wb/sheets/mm.xml"),
                    ("rId3", "worksheet", "/WB/Sheets/ZZ.xml"),
                    ("rId4", "sharedStrings", "strings/strs.xml"),
                    ("rId5", "chartsheet", "charts/c1.xml"),
                    ("rId6", "styles", "st.xml")])
    return [("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", rels([("rId1", "officeDocument", "/wb/book.xml")])),
            ("wb/book.xml", wb), ("wb/_rels/book.xml.rels", wb_rels),
            ("wb/strings/strs.xml", sst([si("共享")])),
            ("wb/st.xml", styles([], [0, 14])),
            ("wb/sheets/aa.xml", one("乙表")),
            ("wb/sheets/mm.xml", worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c>'
                                           '<c r="B1" s="1"><v>45581</v></c></row>')),
            ("wb/sheets/zz.xml", one("甲表"))]


def labels_book():
    texts = ["项目支出绩效目标表", "合 计", "（万元）", "中期资金总额：", "合计", "预算金额（万元）",
             "合计金额", "年度目标", "\u3000合计\u3000"]
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c>'
        '<c r="C2" t="s"><v>3</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="s"><v>7</v></c></row>'
        '<row r="7"><c r="A7" t="s"><v>8</v></c>'
        '<c r="B7" t="inlineStr"><is><t>中期资金总额:</t></is></c></row>')
    merges = ('<mergeCells count="3"><mergeCell ref="A1:F1"/><mergeCell ref="B4:D6"/>'
              '<mergeCell ref="H10:I12"/></mergeCells>')
    return simple_book(worksheet(rows, merges), [si(t) for t in texts])


def many_book():
    """A few thousand rows mixing shared, inline and number cells, so that
    label search runs past its direct-scan prefix."""
    words = ["合计", "合 计", "小计", "预算金额（万元）", "年度目标", "指标值", "（万元）", "中期资金总额："]
    rows = []
    for r in range(1, 3001):
        rows.append('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%d</v></c>'
                    '<c r="C%d" t="inlineStr"><is><t>行%d合计</t></is></c></row>'
                    % (r, r, (r * 7) % len(words), r, r, r, r))
    rows.append('<row r="3001"><c r="D3001" t="s"><v>%d</v></c></row>' % len(words))
    return simple_book(worksheet("".join(rows)), [si(w) for w in words] + [si("末尾标签")])


def main():
    os.makedirs(OUT, exist_ok=True)
    write("types.xlsx", make_zip(types_book()))
    write("date1904.xlsx", make_zip(date1904_book()))
    write("nosst.xlsx", make_zip(nosst_book()))
    write("prefixed.xlsx", make_zip(prefixed_book()))
    write("layout.xlsx", make_zip(layout_book()))
    write("labels.xlsx", make_zip(labels_book()))
    write("many.xlsx", make_zip(many_book()))

    # ---- refusals ----
    write("empty.xlsx", b"")
    rnd = random.Random(20241016)
    write("random.xlsx", bytes([0x4A, 0x58]) + bytes(rnd.randrange(256) for _ in range(3000)))
    write("legacy.xls", cfb([("Workbook", b"\x09\x08" + b"\0" * 1200)]))
    write("encrypted.xlsx", cfb([("EncryptionInfo", b"\x04\x00\x04\x00" + b"\0" * 600),
                                  ("EncryptedPackage", b"\0" * 1100)]))

    strict_wb = workbook([("Sheet1", "rId1", None)], ns=STRICT_MAIN, rns=STRICT_R)
    strict = [("[Content_Types].xml", CONTENT_TYPES),
              ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")], STRICT_RT)),
              ("xl/workbook.xml", strict_wb),
              ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml")],
                                                  STRICT_RT)),
              ("xl/worksheets/sheet1.xml", worksheet("").replace(NS_MAIN, STRICT_MAIN))]
    write("strict.xlsx", make_zip(strict))
    # transitional relationships, but the workbook itself in the Strict namespace
    strict_ns = simple_book(worksheet(""))
    strict_ns = [(n, strict_wb if n == "xl/workbook.xml" else d) for n, d in strict_ns]
    write("strict-ns.xlsx", make_zip(strict_ns))

    big_rows = "".join('<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 5001))
    write("bomb-declared.xlsx", make_zip(simple_book(worksheet(big_rows))))
    spaces = worksheet(" " * (17 * 1024 * 1024))
    write("bomb-ratio.xlsx", make_zip(simple_book(spaces)))
    liar = make_zip(simple_book(worksheet(big_rows)))
    write("bomb-liar.xlsx", patch(liar, "xl/worksheets/sheet1.xml", usize=1000))

    bad = XML_DECL + ('<worksheet xmlns="%s"><sheetData>\n<row r="1"><c r="A1"><v>1</v></c></row>\n'
                      '<row r="2"><c r="A2"><v>2</v></c></rowx>\n</sheetData></worksheet>' % NS_MAIN)
    write("badxml.xlsx", make_zip(simple_book(bad)))
    write("noworkbook.xlsx", make_zip([("[Content_Types].xml", CONTENT_TYPES),
                                        ("_rels/.rels", ROOT_RELS),
                                        ("docProps/app.xml", XML_DECL + "<Properties/>")]))
    badrel = simple_book(worksheet(""))
    badrel = [(n, rels([("rId1", "worksheet", "worksheets/nowhere.xml")])
               if n == "xl/_rels/workbook.xml.rels" else d) for n, d in badrel]
    badrel = [(n, d) for n, d in badrel if n != "xl/worksheets/sheet1.xml"]
    write("badrel.xlsx", make_zip(badrel))
    write("sstrange.xlsx", make_zip(simple_book(
        worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>'),
        [si("一"), si("二")])))
    write("badref-a0.xlsx", make_zip(simple_book(worksheet('<row r="1"><c r="A0"><v>1</v></c></row>'))))
    write("badref-xfe.xlsx", make_zip(simple_book(worksheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'))))

    plain = make_zip(simple_book(worksheet('<row r="1"><c r="A1"><v>1</v></c></row>' * 1)),
                     stored=("xl/worksheets/sheet1.xml",))
    write("zipenc.xlsx", patch(plain, "xl/worksheets/sheet1.xml", flag_or=1))
    write("crc.xlsx", patch(make_zip(simple_book(worksheet(big_rows))), "xl/worksheets/sheet1.xml",
                            crc=0x12345678))
    size = len(worksheet('<row r="1"><c r="A1"><v>1</v></c></row>').encode())
    write("truncentry.xlsx", patch(plain, "xl/worksheets/sheet1.xml", csize=size + 100000,
                                   usize=size + 100000))
    deep = worksheet("<sheetPr>" + "<a>" * 300 + "</a>" * 300 + "</sheetPr>")
    write("deep.xlsx", make_zip(simple_book(deep)))


if __name__ == "__main__":
    main()
