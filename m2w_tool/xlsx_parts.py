"""The fixed parts of an XLSX file (SpreadsheetML), for m2w_tool.xlsx: package, workbook, styles."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

ROOT_RELS = (
    f'{XML}<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
APP = (
    f'{XML}<Properties xmlns="{DOC}/extended-properties" xmlns:vt="{DOC}/docPropsVTypes">'
    "<Application>m2w</Application></Properties>"
)


def content_types(sheets: int) -> str:
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{ct}-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
        "</Types>"
    )


def core(title: str, created: str) -> str:
    when = (
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{escape(created)}T00:00:00Z</dcterms:created>' if created else ""
    )
    return (
        f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>m2w</dc:creator>{when}</cp:coreProperties>"
    )


def workbook(sheets: Sequence[tuple[str, str | None]]) -> str:
    listed = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>' for i, (title, _ref) in enumerate(sheets, 1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{_absolute(title, ref)}</definedName>'
        for i, (title, ref) in enumerate(sheets)
        if ref
    )
    defined = f"<definedNames>{names}</definedNames>" if names else ""
    return (
        f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{listed}</sheets>{defined}</workbook>"
    )


def _absolute(title: str, ref: str) -> str:
    """`'Sheet name'!$A$1:$K$10`, as a defined name refers to a range."""
    start, end = ref.split(":")
    split = lambda cell: "$" + "".join(c for c in cell if c.isalpha()) + "$" + "".join(c for c in cell if c.isdigit())  # noqa: E731
    quoted = "'" + title.replace("'", "''") + "'"
    return escape(f"{quoted}!{split(start)}:{split(end)}")


def workbook_rels(sheets: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        f'{XML}<Relationships xmlns="{PKG_REL}">{rels}'
        f'<Relationship Id="rId{sheets + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{sheets + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )


def shared_strings(strings: dict[str, int]) -> str:
    items = "".join(
        f'<si><t xml:space="preserve">{escape(text)}</t></si>'
        if text != text.strip()
        else f"<si><t>{escape(text)}</t></si>"
        for text in strings  # a dict keeps the order the indexes were given in
    )
    return f'{XML}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


def styles(fills: dict) -> str:
    """Fonts, fills and the cell formats: 0 default, then Workbook.FIXED, then one per fill."""
    fonts = ['<font><sz val="11"/><name val="Calibri"/></font>', '<font><b/><sz val="11"/><name val="Calibri"/></font>',
             '<font><b/><sz val="14"/><name val="Calibri"/></font>']  # fmt: skip
    fonts += [f'<font><sz val="11"/><color rgb="{_argb(f.text)}"/><name val="Calibri"/></font>' for f in fills.values()]
    fill_xml = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
    fill_xml += [
        f'<fill><patternFill patternType="solid"><fgColor rgb="{_argb(f.background)}"/><bgColor '
        'indexed="64"/></patternFill></fill>'
        for f in fills.values()
    ]
    top = '<alignment vertical="top" wrapText="1"/>'
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        # header
        f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">{top}</xf>',
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',  # date
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>',  # quote
        f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{top}</xf>',  # wrap
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>',  # title
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',  # bold
    ]
    xfs += [
        f'<xf numFmtId="0" fontId="{3 + i}" fillId="{2 + i}" borderId="0" xfId="0" applyFont="1" applyFill="1" '
        'applyAlignment="1"><alignment horizontal="center"/></xf>'
        for i in range(len(fills))
    ]
    return (
        f'{XML}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="yyyy\\-mm\\-dd"/></numFmts>'
        f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts><fills '
        f'count="{len(fill_xml)}">{"".join(fill_xml)}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


def sheet_start(freeze: tuple[int, int], widths: Sequence[float]) -> str:
    rows, cols = freeze
    pane = ""
    if rows or cols:
        corner = f"{column_letter(cols + 1)}{rows + 1}"
        active = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
        split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
        pane = (
            f'<pane{split} topLeftCell="{corner}" activePane="{active}" state="frozen"/>'
            f'<selection pane="{active}" activeCell="{corner}" sqref="{corner}"/>'
        )
    cols_xml = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1) if w)
    return (
        f'{XML}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews><sheetView workbookViewId="0">{pane}'
        f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols_xml}</cols>" if cols_xml else "")
        + "<sheetData>"
    )


def sheet_end(autofilter: str | None) -> str:
    filter_xml = f'<autoFilter ref="{autofilter}"/>' if autofilter else ""
    margins = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    return f"</sheetData>{filter_xml}{margins}</worksheet>"
