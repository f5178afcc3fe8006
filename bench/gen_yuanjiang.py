#!/usr/bin/env python3
"""Generate a large 项目支出绩效目标表 workbook in the yuanjiang-project layout.

    gen_yuanjiang.py [ROWS] [OUTPUT]      (defaults: 200000, bench/out/yuanjiang-200k.xlsx)
    gen_yuanjiang.py --rows N --headers H OUTPUT

The workbook has one sheet, 项目支出绩效目标表, laid out as the real
沅江 export (see ../shared/fixtures/README.md, section yuanjiang-project):

  row 1     title, A1:M1 merged
  row 2     部门：沅江市医疗保障局 (A2:D2) and 金额单位：万元 (K2:M2)
  rows 3-4  header: A-D merged over both rows, 绩效指标 E3:M3 over E4..M4
  row 5     department total (A code, B name, C sum of all projects)
  then      one block of 11 rows per project: A-D merged down the block,
            E (一级指标) merged over its 二级 rows when it has more than one,
            every 二级指标 of the template listed, unused ones with empty G-L
  a few     repeated two-row headers in the middle (A-D merged over the two
            rows, E:M merged on the first); a project cut by one restates its
            code, name, amount and goal below it
  last row  the 注：… note, A:M merged

ROWS counts indicator rows (rows with a 二级指标); it is rounded up to whole
projects (11 rows each), so 200000 gives 18182 projects, 200002 rows.

Only the standard library is used: the XML is written by hand and streamed
into the zip, strings go through a shared-string table as Excel does.
Output is deterministic: the same arguments give the same bytes (given the
same zlib).
"""

import argparse
import os
import sys
import time
import zipfile
from xml.sax.saxutils import escape

DEPT_CODE = "201001"
DEPT_NAME = "沅江市医疗保障局"
NCOLS = 13
COLS = "ABCDEFGHIJKLM"

# The template: 一级指标 and its 二级指标, in form order.
TEMPLATE = [
    ("成本指标", ["经济成本指标", "社会成本指标", "生态环境成本指标"]),
    ("产出指标", ["数量指标", "质量指标", "时效指标"]),
    ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
    ("满意度指标", ["服务对象满意度指标"]),
]
ROWS_PER_PROJECT = sum(len(l2) for _, l2 in TEMPLATE)  # 11

# (三级指标, 指标值, 度量单位, 指标值类型) candidates per 二级指标, and how
# often (out of 8) the 二级 is filled; the rest are left empty as in the form.
POOL = {
    "经济成本指标": (8, [
        ("各项工作成本按预算执行", "100%", "百分比", "定量"),
        ("项目成本控制在预算范围内", "≤{amt}万元", "万元", "定量"),
        ("单位服务成本", "≤30万元", "万元", "定量"),
        ("办公及印刷成本", "≤{small}万元", "万元", "定量"),
    ]),
    "社会成本指标": (1, [
        ("对社会公众造成的负面影响", "无", "年度", "定性"),
    ]),
    "生态环境成本指标": (1, [
        ("对生态环境造成的负面影响", "无", "年度", "定性"),
    ]),
    "数量指标": (8, [
        ("基本医疗保险综合参保率", "≥95%", "百分比", "定量"),
        ("定点医疗机构监督检查覆盖率", "100%", "百分比", "定量"),
        ("开展政策宣传活动次数", "≥{n}次", "次", "定量"),
        ("医保政策宣传覆盖率", "全覆盖", "年度", "定性"),
        ("培训经办人员人次", "≥{n0}人次", "人次", "定量"),
    ]),
    "质量指标": (7, [
        ("参保各项财政补助及时性", "100%", "百分比", "定量"),
        ("基金预警和风险控制能力", "有所提高", "年度", "定性"),
        ("医保经办服务能力", "有所提升", "年度", "定性"),
        ("医保信息系统正常运行率", "≥90%", "百分比", "定量"),
        ("资料归档合格率", "≥98%", "百分比", "定量"),
    ]),
    "时效指标": (7, [
        ("医保待遇按时拨付到位", "100%", "百分比", "定量"),
        ("项目完成及时性", "100%", "百分比", "定量"),
        ("资金支付完成时间", "{year}年12月底前", "年度", "定性"),
        ("集中带量采购落实情况", "完成国家组织集中采购中选产品约定采购量", "周期内", "定性"),
    ]),
    "经济效益指标": (3, [
        ("维持基金收支平衡", "显著", "年度", "定性"),
        ("节约医保基金支出", "≥{small}万元", "万元", "定量"),
    ]),
    "社会效益指标": (7, [
        ("参保人员合法权益得到保障", "较好", "年度", "定性"),
        ("医保基金监管能力", "有所提升", "年度", "定性"),
        ("通过项目的实施，确保资金使用效率，保障各项工作顺利进行", "社会平稳运转", "年度", "定性"),
        ("群众看病就医负担", "有所减轻", "年度", "定性"),
    ]),
    "生态效益指标": (1, [
        ("无纸化办公推进情况", "有所提升", "年度", "定性"),
    ]),
    "可持续影响指标": (2, [
        ("体现政策导向，长期保障工作平稳运行", "长期保障", "长期", "定性"),
        ("医保制度可持续运行", "持续", "长期", "定性"),
    ]),
    "服务对象满意度指标": (8, [
        ("参保人员对医保服务满意度", "≥85%", "百分比", "定量"),
        ("参保人员对医保服务满意度", "大于等于85%", "百分比", "定量"),
        ("服务对象满意度", "≥90%", "百分比", "定量"),
    ]),
}

SUBJECTS = ["参保筹资工作", "医保基金监管", "医保信息系统运行及网络维护", "医保中心工作",
            "政策法规宣传", "异地就医结算", "医疗救助", "长期护理保险试点", "药品耗材招采",
            "定点机构稽核"]
GOALS = [
    "完成征缴扩面，着力解决基本医疗保险重复参保、漏报问题，引导符合条件的人员积极参保，确保应保尽保。",
    "加强医疗保险行政执法及审核稽查工作力度，确保基金安全。强化医保基金监管堵塞制度漏洞，巩固打击欺诈骗保的高压态势。",
    "有效提升信息化建设，维护网络安全。借助大数据等手段，促进医疗资源合理配置。",
    "深化“放管服”改革，创新“数据多跑路，群众少跑路”服务模式，提升医保经办服务水平。",
    "认真开展医保政策宣传，依托“线下”+“线上”模式开展全方位宣传，营造政策宣传的浓厚氛围。",
]
TITLE = "项目支出绩效目标表"
HEADER3 = ["单位代码", "单位（专项）名称", "资金总额", "实施期绩效目标", "绩效指标"]
HEADER4 = ["一级指标", "二级指标", "三级指标", "指标值", "指标值内容", "评（扣分标准）",
           "度量单位", "指标值类型", "备注"]
NOTE = "注：本表反映部门本年度的项目支出绩效目标具体情况。本表金额转换为万元时，因四舍五入可能存在尾数误差。"

# cellXfs indices (see STYLES_XML)
S_TITLE, S_NOTE, S_RIGHT, S_HEAD, S_CENTER, S_LEFT, S_AMOUNT, S_RIGHTB = 1, 2, 3, 4, 5, 6, 7, 8

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_BASE = "application/vnd.openxmlformats-officedocument.spreadsheetml."

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="' + CT_BASE + 'sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + CT_BASE + 'worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="' + CT_BASE + 'styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="' + CT_BASE + 'sharedStrings+xml"/>'
    '</Types>')

ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="' + NS_PKG_REL + '">'
    '<Relationship Id="rId1" Type="' + NS_R + '/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')

WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="' + NS_MAIN + '" xmlns:r="' + NS_R + '">'
    '<bookViews><workbookView activeTab="0"/></bookViews>'
    '<sheets><sheet name="项目支出绩效目标表" sheetId="1" r:id="rId1"/></sheets>'
    '<calcPr calcId="191029"/>'
    '</workbook>')

WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="' + NS_PKG_REL + '">'
    '<Relationship Id="rId1" Type="' + NS_R + '/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="' + NS_R + '/styles" Target="styles.xml"/>'
    '<Relationship Id="rId3" Type="' + NS_R + '/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>')

_BORDER = ('<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
           '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom>'
           '<diagonal/></border>')
STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="' + NS_MAIN + '">'
    '<fonts count="5">'
    '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="16"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><sz val="9"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '</fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' + _BORDER + '</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    # 1 title
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    # 2 部门 line and note
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="left" vertical="center" wrapText="1"/></xf>'
    # 3 金额单位
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="right" vertical="center"/></xf>'
    # 4 header and 一级/二级 cells: bold, bordered, wrap
    '<xf numFmtId="0" fontId="4" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    # 5 bordered, centred, wrap
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    # 6 bordered, left, wrap
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="left" vertical="center" wrapText="1"/></xf>'
    # 7 amounts: bordered, #,##0.00 (built-in format 4)
    '<xf numFmtId="4" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="right" vertical="center"/></xf>'
    # 8 bordered, right (empty amount cells under a merge)
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="right" vertical="center"/></xf>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
    '</styleSheet>')

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="' + NS_MAIN + '" xmlns:r="' + NS_R + '">'
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    '<dimension ref="A1:M{last}"/>'
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/>'
    '<cols><col min="1" max="1" width="10" customWidth="1"/><col min="2" max="2" width="24" customWidth="1"/>'
    '<col min="3" max="3" width="10" customWidth="1"/><col min="4" max="4" width="36" customWidth="1"/>'
    '<col min="5" max="5" width="11" customWidth="1"/><col min="6" max="6" width="16" customWidth="1"/>'
    '<col min="7" max="7" width="30" customWidth="1"/><col min="8" max="8" width="16" customWidth="1"/>'
    '<col min="9" max="12" width="10" customWidth="1"/><col min="13" max="13" width="8" customWidth="1"/></cols>'
    '<sheetData>')
SHEET_TAIL = (
    '<printOptions horizontalCentered="1"/>'
    '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/>'
    '</worksheet>')


def mix(a, b):
    """Small deterministic hash of two ints (no random module state)."""
    h = (a * 2654435761 + b * 40503 + 0x9E3779B9) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 2246822519) & 0xFFFFFFFF
    h ^= h >> 13
    return h


class SST:
    """Shared string table: index per distinct string, count of references."""

    def __init__(self):
        self.index = {}
        self.strings = []
        self.refs = 0

    def __call__(self, s):
        self.refs += 1
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.strings)
            self.strings.append(s)
        return i

    def write(self, out):
        out.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<sst xmlns="%s" count="%d" uniqueCount="%d">'
                   % (NS_MAIN, self.refs, len(self.strings))).encode())
        buf = []
        for s in self.strings:
            buf.append("<si><t>%s</t></si>" % escape(s))
            if len(buf) >= 4096:
                out.write("".join(buf).encode())
                buf.clear()
        buf.append("</sst>")
        out.write("".join(buf).encode())


def amount_cents(p):
    """Project amount in hundredths of 万元: 0.50 .. 200.49, two decimals."""
    return 50 + mix(p, 1) % 20000


def fmt_amount(cents):
    # Excel writes the shortest round-trip form: 12.8, 9.6, 68.22
    return repr(cents / 100)


def project_rows(p, year):
    """The 11 indicator rows of project p: (一级 index, 二级, G, H, K, L) or empty G-L."""
    rows = []
    for gi, (_, l2s) in enumerate(TEMPLATE):
        for si, l2 in enumerate(l2s):
            freq, cands = POOL[l2]
            h = mix(p, gi * 16 + si + 7)
            if (h & 7) < freq:
                g, hv, k, l = cands[(h >> 3) % len(cands)]
                if "{" in hv:
                    hv = hv.format(amt=fmt_amount(amount_cents(p)), small=1 + (h >> 8) % 30,
                                   n=2 + (h >> 9) % 20, n0=50 + 10 * ((h >> 10) % 40), year=year)
                rows.append((gi, l2, g, hv, k, l))
            else:
                rows.append((gi, l2, None, None, None, None))
    return rows


def generate(path, nrows, nheaders, year=2024):
    nproj = max(1, -(-nrows // ROWS_PER_PROJECT))
    nheaders = max(0, min(nheaders, nproj - 1))
    # Where the repeated headers fall: before project index q, cutting it
    # after `cut` rows (0 = between projects). Group boundaries only, as in
    # the real export (which cuts after 产出指标, 6 rows).
    cut_kinds = [6, 3, 0, 10]
    cuts = {}
    for k in range(nheaders):
        q = (k + 1) * nproj // (nheaders + 1)
        cuts[q] = cut_kinds[k % len(cut_kinds)]

    total_cents = sum(amount_cents(p) for p in range(nproj))
    # rows: 5 (title, dept, header x2, total) + indicators + 2 per repeated header + note
    last_row = 5 + nproj * ROWS_PER_PROJECT + 2 * len(cuts) + 1

    sst = SST()
    # zip64 only when the sheet part could pass 4 GiB (~430 bytes a row),
    # so that ordinary sizes get the plain headers Excel writes
    big = last_row > 4000000
    merges = ["A1:M1", "A2:D2", "K2:M2"]
    n_ind = 0

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        def put(name, text):
            # fixed timestamp so that the output is byte-for-byte reproducible
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text,
                       compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)

        put("[Content_Types].xml", CONTENT_TYPES)
        put("_rels/.rels", ROOT_RELS)
        put("xl/workbook.xml", WORKBOOK)
        put("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)

        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=big) as out:
            buf = [SHEET_HEAD.format(last=last_row)]
            blen = 0

            def s(ref, style, text):
                return '<c r="%s" s="%d" t="s"><v>%d</v></c>' % (ref, style, sst(text))

            def e(ref, style):
                return '<c r="%s" s="%d"/>' % (ref, style)

            def header_rows(r):
                """Two header rows at r, r+1 with their merges."""
                row3 = ['<row r="%d" spans="1:13" ht="17.5" customHeight="1">' % r]
                for ci, t in enumerate(HEADER3):
                    row3.append(s("%s%d" % (COLS[ci], r), S_HEAD, t))
                for ci in range(5, NCOLS):
                    row3.append(e("%s%d" % (COLS[ci], r), S_HEAD))
                row3.append("</row>")
                row4 = ['<row r="%d" spans="1:13" ht="31" customHeight="1">' % (r + 1)]
                for ci in range(4):
                    row4.append(e("%s%d" % (COLS[ci], r + 1), S_HEAD))
                for ci, t in enumerate(HEADER4):
                    row4.append(s("%s%d" % (COLS[ci + 4], r + 1), S_HEAD, t))
                row4.append("</row>")
                merges.extend("%s%d:%s%d" % (c, r, c, r + 1) for c in "ABCD")
                merges.append("E%d:M%d" % (r, r))
                return "".join(row3) + "".join(row4)

            # rows 1-2
            row = ['<row r="1" spans="1:13" ht="26" customHeight="1">', s("A1", S_TITLE, TITLE)]
            row += [e("%s1" % c, S_TITLE) for c in COLS[1:]]
            row += ['</row><row r="2" spans="1:13" ht="17.5" customHeight="1">',
                    s("A2", S_NOTE, "部门：" + DEPT_NAME), e("B2", S_NOTE), e("C2", S_NOTE),
                    e("D2", S_NOTE), s("K2", S_RIGHT, "金额单位：万元"), e("L2", S_RIGHT),
                    e("M2", S_RIGHT), "</row>"]
            buf.append("".join(row))
            # rows 3-4
            buf.append(header_rows(3))
            # row 5: department total
            row = ['<row r="5" spans="1:13" ht="17.5" customHeight="1">', s("A5", S_CENTER, DEPT_CODE),
                   s("B5", S_CENTER, DEPT_NAME),
                   '<c r="C5" s="%d"><v>%s</v></c>' % (S_AMOUNT, fmt_amount(total_cents))]
            row += [e("%s5" % c, S_LEFT) for c in COLS[3:]]
            row.append("</row>")
            buf.append("".join(row))

            r = 6
            for p in range(nproj):
                cents = amount_cents(p)
                name = "B项目%04d经费" % (p + 1) if p % 3 else "B%s%04d经费" % (SUBJECTS[p % len(SUBJECTS)], p + 1)
                goal = GOALS[mix(p, 2) % len(GOALS)]
                if p % 5 == 0:
                    goal = "%d年：%s" % (year, goal)
                inds = project_rows(p, year)
                cut = cuts.get(p, -1)
                if cut == 0:
                    buf.append(header_rows(r))
                    r += 2
                # split the project in its parts (one, or two around a header)
                parts = [inds] if cut <= 0 else [inds[:cut], inds[cut:]]
                for pi, part in enumerate(parts):
                    if pi == 1:
                        buf.append(header_rows(r))
                        r += 2
                    top = r
                    n = len(part)
                    if n > 1:
                        merges.extend("%s%d:%s%d" % (c, top, c, top + n - 1) for c in "ABCD")
                    # E merges over each 一级 group inside this part
                    j = 0
                    while j < n:
                        k = j
                        while k + 1 < n and part[k + 1][0] == part[j][0]:
                            k += 1
                        if k > j:
                            merges.append("E%d:E%d" % (top + j, top + k))
                        j = k + 1
                    prev_g = -1
                    for j, (gi, l2, g, hv, ku, lt) in enumerate(part):
                        rr = top + j
                        cells = ['<row r="%d" spans="1:13" ht="%s" customHeight="1">'
                                 % (rr, "31" if g and len(g) > 14 else "17.5")]
                        if j == 0:
                            cells.append(s("A%d" % rr, S_CENTER, DEPT_CODE))
                            cells.append(s("B%d" % rr, S_CENTER, name))
                            cells.append('<c r="C%d" s="%d"><v>%s</v></c>' % (rr, S_AMOUNT, fmt_amount(cents)))
                            cells.append(s("D%d" % rr, S_LEFT, goal))
                        else:
                            cells.append('<c r="A%d" s="5"/><c r="B%d" s="5"/><c r="C%d" s="8"/><c r="D%d" s="6"/>'
                                         % (rr, rr, rr, rr))
                        if gi != prev_g:
                            cells.append(s("E%d" % rr, S_HEAD, TEMPLATE[gi][0]))
                            prev_g = gi
                        else:
                            cells.append(e("E%d" % rr, S_HEAD))
                        cells.append(s("F%d" % rr, S_HEAD, l2))
                        if g is None:
                            cells.append('<c r="G%d" s="6"/><c r="H%d" s="5"/><c r="I%d" s="5"/><c r="J%d" s="5"/>'
                                         '<c r="K%d" s="5"/><c r="L%d" s="5"/><c r="M%d" s="5"/>'
                                         % (rr, rr, rr, rr, rr, rr, rr))
                        else:
                            cells.append(s("G%d" % rr, S_LEFT, g))
                            cells.append(s("H%d" % rr, S_CENTER, hv))
                            cells.append('<c r="I%d" s="5"/><c r="J%d" s="5"/>' % (rr, rr))
                            cells.append(s("K%d" % rr, S_CENTER, ku))
                            cells.append(s("L%d" % rr, S_CENTER, lt))
                            cells.append(e("M%d" % rr, S_CENTER))
                        cells.append("</row>")
                        line = "".join(cells)
                        buf.append(line)
                        blen += len(line)
                        n_ind += 1
                    r += n
                if blen > 1 << 20:
                    out.write("".join(buf).encode())
                    buf.clear()
                    blen = 0
            # note row
            row = ['<row r="%d" spans="1:13" ht="17.5" customHeight="1">' % r, s("A%d" % r, S_NOTE, NOTE)]
            row += [e("%s%d" % (c, r), S_NOTE) for c in COLS[1:]]
            row.append("</row>")
            merges.append("A%d:M%d" % (r, r))
            buf.append("".join(row))
            assert r == last_row, (r, last_row)
            buf.append("</sheetData>")
            out.write("".join(buf).encode())
            buf.clear()
            out.write(('<mergeCells count="%d">' % len(merges)).encode())
            for i in range(0, len(merges), 8192):
                out.write("".join('<mergeCell ref="%s"/>' % m for m in merges[i:i + 8192]).encode())
            out.write(("</mergeCells>" + SHEET_TAIL).encode())

        put("xl/styles.xml", STYLES_XML)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=big) as out:
            sst.write(out)

    return {"projects": nproj, "indicator_rows": n_ind, "repeated_headers": len(cuts),
            "last_row": last_row, "merges": len(merges), "strings": len(sst.strings),
            "string_refs": sst.refs, "total": fmt_amount(total_cents)}


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pos", nargs="*", help="[ROWS] [OUTPUT]")
    ap.add_argument("--rows", type=int, help="indicator rows (default 200000)")
    ap.add_argument("--headers", type=int, default=4, help="repeated two-row headers (default 4)")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    rows, out = a.rows, None
    for v in a.pos:
        if rows is None and v.isdigit():
            rows = int(v)
        elif out is None:
            out = v
        else:
            ap.error("unexpected argument %r" % v)
    if rows is None:
        rows = 200000
    if rows < 1:
        ap.error("ROWS must be positive")
    if out is None:
        out = os.path.join(here, "out", "yuanjiang-%s.xlsx" % (
            "%dk" % (rows // 1000) if rows % 1000 == 0 else str(rows)))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    t0 = time.perf_counter()
    info = generate(tmp, rows, a.headers, a.year)
    os.replace(tmp, out)
    dt = time.perf_counter() - t0
    if not a.quiet:
        print("%s: %d projects, %d indicator rows, %d repeated headers, rows 1-%d, %d merges, "
              "%d distinct strings (%d refs), total %s 万元, %d bytes, %.1f s"
              % (out, info["projects"], info["indicator_rows"], info["repeated_headers"],
                 info["last_row"], info["merges"], info["strings"], info["string_refs"],
                 info["total"], os.path.getsize(out), dt), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
