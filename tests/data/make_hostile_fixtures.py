#!/usr/bin/python3
"""Write the hostile and malformed workbooks under tests/data/hostile/ that
tests/cli/test_hostile.sh feeds to every command: each must end in exit 2
and one line naming the file, never a crash, a hang, a file read or
written where it should not be.

Each file shows one thing; the zip and XML helpers are those of
make_reader_fixtures.py.  Only the standard library is used; the output is
committed, so the tests never need Python.

    /usr/bin/python3 tests/data/make_hostile_fixtures.py
"""
import os
import zipfile

import make_reader_fixtures as rf
from make_reader_fixtures import NS_MAIN, XML_DECL, make_zip, patch, rels, simple_book, worksheet

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")

ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>'


def merged(ref):
    return worksheet(ROW, '<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref)


def with_doctype(root, doctype, body):
    """A part whose root element follows a DOCTYPE."""
    return XML_DECL + doctype + body.replace(XML_DECL, "")


# nine levels of ten: 10^9 "lol"s (3 GB) from a few hundred bytes
LOL = ('<!DOCTYPE %s [<!ENTITY lol0 "lol">'
       + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
       + "]>")
XXE = '<!DOCTYPE %s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def sample_parts(name):
    """The parts of a seed workbook, in order: a real form with fixes, so
    that only the refusal keeps `jixiao fix` from writing a copy."""
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    with zipfile.ZipFile(os.path.join(root, "samples", name)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def main():
    os.makedirs(OUT, exist_ok=True)

    # merged ranges outside the sheet's grid (A1:XFD1048576), or backwards
    write("merge-outside-col.xlsx", make_zip(simple_book(merged("A1:XFE2"))))
    write("merge-outside-row.xlsx", make_zip(simple_book(merged("A1048576:B1048577"))))
    write("merge-backwards.xlsx", make_zip(simple_book(merged("C3:A1"))))

    # a sheet declaring 2 GiB inflated (in the local header and the central
    # directory), far above max_part_bytes: refused before inflating
    plain = make_zip(simple_book(worksheet(ROW)))
    write("declared-2g.xlsx", patch(plain, "xl/worksheets/sheet1.xml", usize=2 ** 31))

    # zip entries named outside the package (an extractor would write them
    # to ../../ or /tmp), added to a seed that has fixes
    seed = sample_parts("yuanjiang-2024.xlsx")
    write("entry-dotdot.xlsx", make_zip(seed + [("../../jixiao-escaped.txt", "escaped")]))
    write("entry-absolute.xlsx", make_zip(seed + [("/tmp/jixiao-escaped.txt", "escaped")]))
    write("entry-backslash.xlsx", make_zip(seed + [("xl\\..\\..\\jixiao-escaped.txt", "escaped")]))

    # relationships pointing out of the package: a target climbing above
    # its root resolves inside the package (to no part); an external one
    # is never followed
    book = simple_book(worksheet(ROW))
    climb = [(n, rels([("rId1", "worksheet", "../../../../../../etc/passwd")])
              if n == "xl/_rels/workbook.xml.rels" else d) for n, d in book]
    write("rel-climbing.xlsx", make_zip([(n, d) for n, d in climb if n != "xl/worksheets/sheet1.xml"]))
    external = rels([("rId1", "worksheet", "file:///etc/passwd")]).replace(
        'Target="file:///etc/passwd"', 'Target="file:///etc/passwd" TargetMode="External"')
    write("rel-external.xlsx", make_zip([(n, external if n == "xl/_rels/workbook.xml.rels" else d)
                                         for n, d in book if n != "xl/worksheets/sheet1.xml"]))

    # XXE: an external entity naming /etc/passwd, in a sheet, in the
    # shared strings and in the workbook part
    cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    write("xxe-sheet.xlsx", make_zip(simple_book(with_doctype("worksheet", XXE % "worksheet", worksheet(cell)))))
    sst_book = simple_book(worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), [rf.si("x")])
    write("xxe-sst.xlsx", make_zip([(n, with_doctype("sst", XXE % "sst", d.replace("x</t>", "&xxe;</t>")))
                                    if n == "xl/sharedStrings.xml" else (n, d) for n, d in sst_book]))
    write("xxe-workbook.xlsx", make_zip([(n, with_doctype("workbook", XXE % "workbook", d))
                                         if n == "xl/workbook.xml" else (n, d) for n, d in book]))

    # billion laughs in a sheet
    lol = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    write("lol-sheet.xlsx", make_zip(simple_book(with_doctype("worksheet", LOL % "worksheet", worksheet(lol)))))

    # the mapping parser has no DTD rule of its own: expat's amplification
    # limit and its not resolving external entities stop these
    mapping = ('<template id="lol" title="&lol9;" kind="project" region="x">'
               '<signature><label>项目名称</label></signature></template>')
    os.makedirs(os.path.join(OUT, "mapping-lol"), exist_ok=True)
    write("mapping-lol/lol.xml", XML_DECL + (LOL % "template") + mapping)
    os.makedirs(os.path.join(OUT, "mapping-xxe"), exist_ok=True)
    write("mapping-xxe/xxe.xml", XML_DECL + (XXE % "template") + mapping.replace("&lol9;", "&xxe;"))


if __name__ == "__main__":
    main()
