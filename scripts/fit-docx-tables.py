"""
Fixture maker (run by hand, not by the tests): a copy of a .docx whose tables are no wider than
the page's text area, so that `soffice --headless --convert-to pdf` prints every column. A table
wider than the text area has its widest grid columns cut to one common width, just enough for it
to fit (narrow number columns keep theirs); each cell's width becomes the sum of its grid columns.
Nothing but widths changes. Used for test/fixtures/real/*/source.pdf (see each SOURCE.md).

    python3 scripts/fit-docx-tables.py IN.docx OUT.docx
"""
import re
import sys
import zipfile

source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(source) as archive:
    parts = {name: archive.read(name) for name in archive.namelist()}
document = parts['word/document.xml'].decode()
page = re.search(r'<w:pgSz w:w="(\d+)"', document)
margins = re.search(r'<w:pgMar w:left="(\d+)" w:right="(\d+)"', document)
text_width = int(page[1]) - int(margins[1]) - int(margins[2])


def capped(columns):
    """The columns with the widest cut to the one width at which they sum to the text width."""
    rest = text_width
    for i, width in enumerate(sorted(columns)):
        cap = rest // (len(columns) - i)
        if width >= cap:
            return [min(column, cap) for column in columns]
        rest -= width


def fitted(table):
    table = table[0]
    columns = [int(width) for width in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
    if sum(columns) <= text_width:
        return table
    columns = capped(columns)
    grid = iter(columns)
    table = re.sub(r'<w:gridCol w:w="\d+"', lambda m: f'<w:gridCol w:w="{next(grid)}"', table)
    table = re.sub(r'(<w:tblW w:w=")\d+"', lambda m: f'{m[1]}{sum(columns)}"', table)

    def row(tr):
        at = 0

        def cell(tc):
            nonlocal at
            span = int((re.search(r'<w:gridSpan w:val="(\d+)"', tc[0]) or [0, 1])[1])
            width = sum(columns[at:at + span])
            at += span
            return re.sub(r'(<w:tcW w:w=")\d+"', lambda m: f'{m[1]}{width}"', tc[0])

        return re.sub(r'<w:tc>.*?</w:tc>', cell, tr[0], flags=re.S)

    return re.sub(r'<w:tr>.*?</w:tr>', row, table, flags=re.S)


parts['word/document.xml'] = re.sub(r'<w:tbl>.*?</w:tbl>', fitted, document, flags=re.S).encode()
with zipfile.ZipFile(target, 'w', zipfile.ZIP_DEFLATED) as archive:
    for name, data in parts.items():
        archive.writestr(name, data)
