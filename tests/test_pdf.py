"""The .pdf reader: visual lines, ruled tables, page furniture, layout-known line joins, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from officegen import encrypted_pdf, english_pdf, scanned_pdf
from readerchecks import CUTS, FLIPS, assert_reads_or_says_why, assert_refused, damage

from lint.api import check_paths
from lint.errors import InputError
from lint.readers import read_document
from lint.readers.pdf import _check_usable, _Line

FONT = "STSong-Light"
SIZE = 11.0
LEFT, RIGHT = 72.0, 523.0
TOP = 760.0
LEADING = 20.0
HEADER = "市档案馆2022年度部门整体支出绩效自评报告"


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


# A page is a list of items: ("line", text, indent, full) or ("table", rows, column widths).
Page = list[tuple[object, ...]]


def draw_pdf(path: Path, pages: list[Page], header: bool = True, footer: bool = True) -> None:
    """Lines drawn where we want them: `full` lines are spread to the right margin (justified text),
    `indent` starts a paragraph two characters in; tables are ruled, a cell may hold two lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    _font()
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for number, page in enumerate(pages, 1):
        if header:
            c.setFont(FONT, 9)
            c.drawCentredString(297, 800, HEADER)
        y = TOP
        for item in page:
            if item[0] == "line":
                _, text, indent, full = item
                assert isinstance(text, str)
                x = LEFT + (2 * SIZE if indent else 0)
                c.setFont(FONT, SIZE)
                space = 0.0
                if full:
                    space = (RIGHT - x - pdfmetrics.stringWidth(text, FONT, SIZE)) / (len(text) - 1)
                c.drawString(x, y, text, charSpace=space)
                y -= LEADING
            else:
                _, rows, widths = item
                assert isinstance(rows, list) and isinstance(widths, list)
                y = _draw_table(c, rows, widths, y)
        if footer:
            c.setFont(FONT, 9)
            c.drawCentredString(297, 40, f"- {number} -")
        c.showPage()
    c.save()


def _draw_table(c: object, rows: list[list[str]], widths: list[float], y: float) -> float:
    height = 2 * LEADING
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    top = y + SIZE
    c.setFont(FONT, 10)  # type: ignore[attr-defined]
    for row in rows:
        bottom = top - height
        for i, cell in enumerate(row):
            for k, part in enumerate(cell.split("\n")):
                c.drawString(xs[i] + 4, top - 14 - 13 * k, part)  # type: ignore[attr-defined]
        c.line(xs[0], top, xs[-1], top)  # type: ignore[attr-defined]
        top = bottom
    c.line(xs[0], top, xs[-1], top)  # type: ignore[attr-defined]
    first = y + SIZE
    for x in xs:
        c.line(x, first, x, top)  # type: ignore[attr-defined]
    return top - LEADING


def report_pages() -> list[Page]:
    return [
        [
            ("line", "一、部门整体支出情况", False, False),
            ("line", "2022年全年预算1,184.36万元，全年实际支出1,152.09万元。其中：", True, True),
            ("line", "基本支出838.55万元，项目支出313.54万元，固定资产总额为10076386.", False, True),
            ("line", "16元。", False, False),
            ("line", "“三公”经费预算6.80万元，决算5.12万元，控制率为76.29%，其中公务接待费", True, True),
        ],
        [
            ("line", "1.26万元。", False, False),
            (
                "table",
                [
                    ["支出类别", "全年预算数\n（万元）", "执行数（万元）", "执行率"],
                    ["基本支出", "842.16", "838.55", "98.57%"],
                    ["项目支出", "", "313.54", "91.62%"],
                    ["合计", "1184.36", "1152.0\n9", "97.28%"],
                ],
                [110.0, 90.0, 110.0, 80.0],
            ),
        ],
        [
            ("line", "二、自评结论", False, False),
            ("line", "经评分，本单位自评得分88.6分，等级为良。", True, False),
        ],
    ]


def test_lines_tables_pages_and_furniture(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    draw_pdf(path, report_pages())
    doc = read_document(path)
    assert doc.source.split("\n") == [
        "一、部门整体支出情况",
        "2022年全年预算1,184.36万元，全年实际支出1,152.09万元。其中：",
        "基本支出838.55万元，项目支出313.54万元，固定资产总额为10076386.",
        "16元。",
        "“三公”经费预算6.80万元，决算5.12万元，控制率为76.29%，其中公务接待费",
        "1.26万元。",
        "支出类别\t全年预算数（万元）\t执行数（万元）\t执行率",
        "基本支出\t842.16\t838.55\t98.57%",
        "项目支出\t\t313.54\t91.62%",  # the empty cell keeps its column
        "合计\t1184.36\t1152.09\t97.28%",  # a number wrapped inside its cell joins up
        "二、自评结论",
        "经评分，本单位自评得分88.6分，等级为良。",
    ]
    assert [(o.page, o.page_line) for o in doc.line_origins or []] == [
        (1, 2),  # line 1 of each page is the running header, dropped with the page numbers
        (1, 3),
        (1, 4),
        (1, 5),
        (1, 6),
        (2, 2),
        (2, 3),
        (2, 4),
        (2, 5),
        (2, 6),
        (3, 2),
        (3, 3),
    ]
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [
        "一、部门整体支出情况",
        # a full line goes on in the next one, even after 其中：, and a split number joins up
        "2022年全年预算1,184.36万元，全年实际支出1,152.09万元。其中：基本支出838.55万元，项目支出313.54万元，"
        "固定资产总额为10076386.16元。",
        # across the page break: the footer and the next header are not part of the sentence
        "“三公”经费预算6.80万元，决算5.12万元，控制率为76.29%，其中公务接待费1.26万元。",
        "二、自评结论",
        "经评分，本单位自评得分88.6分，等级为良。",
    ]
    assert [len(b.rows) for b in doc.blocks if b.kind == "table"] == [4]


def test_findings_carry_page_and_line(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    draw_pdf(path, report_pages())
    run, _, errors = check_paths([path])
    assert not errors
    found = [
        (d.code, d.args.get("stated"), d.location.line, d.location.page, d.location.page_line)
        for d in run.files[0].diagnostics
    ]
    assert ("RAT001", "76.29%", 5, 1, 6) in found  # 5.12/6.80 = 75.29%
    assert ("RAT001", "98.57%", 8, 2, 4) in found  # 838.55/842.16 = 99.57%, in the table
    assert ("SCR001", "良", 12, 3, 3) not in found  # 88.6 is 良: consistent
    data = run.to_json_dict()
    files = data["files"]
    assert isinstance(files, list)
    loc = files[0]["diagnostics"][0]["location"]
    assert set(loc) == {"line", "column", "page", "page_line"}


@pytest.mark.parametrize("folio", ["第 {n} 页 共 3 页", "{n}/3", "{n}", "— {n} —", "Page {n}"])
def test_page_numbers_are_dropped(tmp_path: Path, folio: str) -> None:
    from reportlab.pdfgen import canvas

    _font()
    bodies = ["一、部门概况，编制18名。", "二、预算执行率为97.28%。", "三、自评得分88.6分，等级为良。"]
    path = tmp_path / "p.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for n, body in enumerate(bodies, 1):
        c.setFont(FONT, SIZE)
        c.drawString(LEFT, TOP, body + "本页还有一些正文文字。")
        c.setFont(FONT, 9)
        c.drawCentredString(297, 40, folio.format(n=n))
        c.showPage()
    c.save()
    assert read_document(path).source.split("\n") == [b + "本页还有一些正文文字。" for b in bodies]


def test_bare_number_that_is_not_a_page_number_stays(tmp_path: Path) -> None:
    pages: list[Page] = [
        [
            ("line", "表1 部门整体绩效目标一览表（续）", False, False),
            ("line", "委托劳务派遣公司聘请窗口临聘人员，每月按时发放工资。", False, False),
            ("line", "5", False, False),
        ],
        [("line", "增强公众号内容的可读性，委托报社运行和维护，支出12.5万元。", False, False)],
    ]
    path = tmp_path / "n.pdf"
    draw_pdf(path, pages, header=False, footer=False)
    assert read_document(path).source.split("\n")[-2:] == [
        "5",
        "增强公众号内容的可读性，委托报社运行和维护，支出12.5万元。",
    ]


# --- refusals -----------------------------------------------------------------------------------------


def _minimal_pdf(content: bytes, font: bytes) -> bytes:
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def no_tounicode_pdf() -> bytes:
    """Glyph codes without a Unicode map (the old 公文 typesetting case): text extracts as control codes."""
    names = b" ".join(b"/g%d" % i for i in range(1, 40))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [1 " + names + b"] >> >>"
    codes = bytes(range(14, 30))
    lines = b"".join(b"BT /F1 12 Tf 72 %d Td (" % (800 - 20 * i) + codes + b") Tj ET\n" for i in range(30))
    return _minimal_pdf(lines, font)


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("empty", ["空"]),
        ("scanned", ["没有可用的文字层", "扫描件", "文字识别"]),
        ("no-tounicode", ["乱码", "Unicode"]),
        ("english", ["几乎没有中文"]),
        ("encrypted", ["已加密"]),
        ("corrupt", ["已损坏"]),
        ("docx", ["Word 文件", ".docx"]),
        ("ole", ["旧版 Word"]),
    ],
)
def test_unusable_pdf_says_why(tmp_path: Path, kind: str, words: list[str]) -> None:
    path = tmp_path / f"{kind}.pdf"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "scanned":
        scanned_pdf(path)
    elif kind == "no-tounicode":
        path.write_bytes(no_tounicode_pdf())
    elif kind == "english":
        english_pdf(path)
    elif kind == "encrypted":
        encrypted_pdf(path)
    elif kind == "corrupt":
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    elif kind == "docx":
        import docx

        docx.Document().save(str(path))
    elif kind == "ole":
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    assert_refused(path, words)


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        ("预算执行率为97.28%，" * 20, False),
        ("(cid:12)(cid:34)(cid:56)" * 30 + "预算", True),
        ("\ue001\ue002\ue003执行" * 40, True),
        ("\ufffd\ufffd预算" * 40, True),
        ("预算执行率" * 3, True),  # hardly any text on the page
    ],
)
def test_text_layer_checks(text: str, fails: bool) -> None:
    pages = [[_Line(text)]]
    if fails:
        with pytest.raises(InputError):
            _check_usable(pages, "x.pdf")
    else:
        _check_usable(pages, "x.pdf")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=CUTS, flips=FLIPS)
def test_damaged_pdf_reads_or_says_why(tmp_path: Path, cut: float, flips: list[tuple[float, int]]) -> None:
    good = tmp_path / "good.pdf"
    if not good.exists():
        draw_pdf(good, report_pages())
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(good.read_bytes(), cut, flips))
    assert_reads_or_says_why(path, "pdf")


def test_file_kind_from_content(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    draw_pdf(pdf, report_pages())
    bare = tmp_path / "report"
    bare.write_bytes(pdf.read_bytes())
    assert read_document(bare).format == "pdf"  # no suffix: read by what it is
    txt = tmp_path / "report.txt"
    txt.write_bytes(pdf.read_bytes())
    with pytest.raises(InputError, match=r"扩展名是 \.txt，内容却是PDF 文件，请把扩展名改为 \.pdf"):
        read_document(txt)
