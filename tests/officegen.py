"""Builds .docx and .pdf versions of a text report for the format tests (python-docx, reportlab, LibreOffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lint.readers.text import build_document

# list levels for auto-numbered headings: 一、 （一） 1.
HEADING_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
_TYPED_LABEL = (
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^（[一二三四五六七八九十]+）"),
    re.compile(r"^\d+[.．](?!\d)"),
)


@dataclass
class Block:
    """A paragraph (text, and the list level when it is an auto-numbered heading) or a table."""

    text: str = ""
    level: int | None = None
    rows: list[list[str]] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def blocks_of(text: str, number_headings: bool = False) -> list[Block]:
    """The report's paragraphs (re-joined as the text reader joins them) and tables.

    With `number_headings`, typed heading labels (一、（一）1.) are removed and the paragraph is
    marked for Word's automatic numbering instead.
    """
    doc = build_document(text, "<gen>", "text", "utf-8")
    out: list[Block] = []
    for b in doc.blocks:
        if b.kind == "table":
            out.append(Block(rows=[[c.text for c in row] for row in b.rows]))
            continue
        para = doc.text[b.start : b.end]
        level = None
        if number_headings and len(para) <= 40:
            for lvl, pattern in enumerate(_TYPED_LABEL):
                m = pattern.match(para)
                if m:
                    para, level = para[m.end() :].strip(), lvl
                    break
        out.append(Block(text=para, level=level))
    return out


def write_docx(blocks: Sequence[Block], path: Path, page_breaks: Sequence[int] = ()) -> list[int]:
    """A .docx with real Word tables (grid borders), auto-numbered headings, a running header and a
    page-number footer, and a page break before each block index in `page_breaks`; returns, per
    block, its paragraph number (1-based, as the reader counts) or its table number."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "绩效自评报告（页眉，不读）"
    footer = section.footer.paragraphs[0]
    footer.text = "第 "
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" 页")
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(HEADING_LEVELS)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    numbers: list[int] = []
    paragraphs = tables = 0
    for index, block in enumerate(blocks):
        if index in page_breaks:
            document.add_page_break()
        if block.is_table:
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            tables += 1
            numbers.append(tables)
            continue
        p = document.add_paragraph(block.text)
        if block.level is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{block.level}"/><w:numId w:val="77"/></w:numPr>')
            )
        paragraphs += 1
        numbers.append(paragraphs)
    document.save(str(path))
    return numbers


def write_pdf(blocks: Sequence[Block], path: Path, page_breaks: Sequence[int] = ()) -> list[int]:
    """A PDF in reportlab's built-in CID font STSong-Light (no font file needed), tables ruled;
    a page break before each block index in `page_breaks`. Returns the page of each block."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus.flowables import Flowable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=11,
        leading=17,
        wordWrap="CJK",
        spaceAfter=4,
        alignment=TA_JUSTIFY,
        firstLineIndent=22,
    )
    cell = ParagraphStyle("cell", parent=style, fontSize=9, leading=12, spaceAfter=0, firstLineIndent=0)
    pages: list[int] = [0] * len(blocks)

    class Mark(Flowable):  # records the page a block starts on
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index
            self.width = self.height = 0

        def draw(self) -> None:
            pages[self.index] = self.canv.getPageNumber()

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story: list[Flowable] = []
    for i, block in enumerate(blocks):
        if i in page_breaks:
            story.append(PageBreak())
        story.append(Mark(i))
        if block.is_table:
            data = [[Paragraph(esc(c), cell) for c in row] for row in block.rows]
            table = Table(data, repeatRows=0)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        else:
            story.append(Paragraph(esc(block.text), style))

    def furniture(canvas: object, _doc: object) -> None:  # running header and page number
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("STSong-Light", 9)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, "绩效自评报告（页眉，不读）")  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, 30, f"- {canvas.getPageNumber()} -")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return pages


def scanned_pdf(path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        for y in range(30, 34):
            image.putpixel((x, y), 0)
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for _ in range(2):
        c.drawImage(ImageReader(image), 0, 0, 595, 842)
        c.showPage()
    c.save()


def english_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Helvetica", 11)
    for i in range(20):
        c.drawString(72, 780 - 18 * i, f"Line {i}: the budget was 1,386.01 and the outturn 1,152.09 (83.12%).")
    c.save()


def encrypted_pdf(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842), encrypt="secret")
    c.setFont("STSong-Light", 12)
    c.drawString(72, 780, "预算执行率为97.28%。")
    c.save()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Print a .docx to PDF with LibreOffice (as a unit would with Word/WPS “另存为 PDF”)."""
    exe = soffice()
    assert exe is not None
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / (docx_path.stem + ".pdf")
    assert out.is_file(), f"LibreOffice did not write {out}"
    return out
