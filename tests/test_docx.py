"""The .docx reader: body order, tables, content controls, tracked changes, text boxes, Word numbering."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from readerchecks import CUTS, FLIPS, assert_reads_or_says_why, assert_refused, damage

from lint.errors import InputError
from lint.readers import read_document
from lint.readers.docx import format_number

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = (
    f"{W_NS} "
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)


def p(text: str, ppr: str = "") -> str:
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return p(text, f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


HEADINGS = lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCounting", "（%2）") + lvl(2, "decimal", "%3.")


def make_docx(
    path: Path,
    body: str,
    abstract: dict[int, str] | None = None,
    nums: dict[int, str] | None = None,
    styles: str = "",
    numbering_part: bool = True,
) -> Path:
    """A .docx whose body is `body` (WordprocessingML), with the given numbering definitions.

    `abstract`: abstractNumId → its `w:lvl` elements; `nums`: numId → the inside of its `w:num`.
    """
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    root = document.element.body
    for child in list(root):
        if not child.tag.endswith("sectPr"):
            root.remove(child)
    sect = root[0] if len(root) else None
    for el in parse_xml(f"<w:body {NS}>{body}</w:body>"):
        if sect is not None:
            sect.addprevious(el)
        else:
            root.append(el)
    if numbering_part:
        numbering = document.part.numbering_part.element
        for aid, levels in (abstract or {}).items():
            numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{aid}">{levels}</w:abstractNum>'))
        for nid, inner in (nums or {}).items():
            numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{nid}">{inner}</w:num>'))
    else:
        for rid, rel in list(document.part.rels.items()):
            if rel.reltype.endswith("/numbering"):
                del document.part.rels[rid]
    if styles:
        sroot = document.part.styles.element
        for el in parse_xml(f"<w:styles {W_NS}>{styles}</w:styles>"):
            sroot.append(el)
    document.save(str(path))
    return path


def lines(path: Path) -> list[str]:
    return [line for line in read_document(path).source.split("\n") if line]


# --- numbering ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "fmt", "want"),
    [
        (1, "decimal", "1"),
        (12, "decimalZero", "12"),
        (3, "decimalZero", "03"),
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (21, "chineseCounting", "二十一"),
        (105, "chineseCountingThousand", "一百零五"),
        (1010, "chineseCountingThousand", "一千零一十"),
        (10, "ideographDigital", "一〇"),
        (3, "ideographTraditional", "丙"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (1, "decimalEnclosedCircle", "①"),
        (20, "decimalEnclosedCircle", "⑳"),
        (21, "decimalEnclosedCircle", "㉑"),
        (51, "decimalEnclosedCircle", "51"),
        (12, "decimalFullWidth", "１２"),
        (2, "lowerLetter", "b"),
        (27, "upperLetter", "AA"),
        (4, "upperRoman", "IV"),
        (1994, "lowerRoman", "mcmxciv"),
        (3, "bullet", ""),
        (3, "none", ""),
        (7, "someFutureFormat", "7"),
    ],
)
def test_format_number(n: int, fmt: str, want: str) -> None:
    assert format_number(n, fmt) == want


def test_word_numbering_renders_chinese_headings(tmp_path: Path) -> None:
    body = (
        numbered("部门概况", 905, 0)
        + numbered("主要职能", 905, 1)
        + numbered("完成培训500余次", 905, 2)
        + numbered("500万元用于档案数字化", 905, 2)
        + numbered("机构和人员", 905, 1)
        + numbered("部门整体支出情况", 905, 0)
        + numbered("预算执行", 905, 1)
        + numbered("项目一", 905, 2)
    )
    path = make_docx(tmp_path / "n.docx", body, {901: HEADINGS}, {905: '<w:abstractNumId w:val="901"/>'})
    assert lines(path) == [
        "一、部门概况",
        "（一）主要职能",
        "1.完成培训500余次",
        "2. 500万元用于档案数字化",  # kept apart: `2.500万元` would read as 2.5
        "（二）机构和人员",
        "二、部门整体支出情况",
        "（一）预算执行",  # deeper levels restart under a new heading
        "1.项目一",
    ]


def test_numbering_overrides_styles_and_skipped_levels(tmp_path: Path) -> None:
    abstract = {
        901: HEADINGS,
        902: lvl(0, "decimalEnclosedCircle", "%1") + lvl(1, "lowerLetter", "%2)"),
        903: lvl(0, "chineseCounting", "第%1章", extra='<w:pStyle w:val="ChapterHeading"/>'),
        904: lvl(0, "bullet", "\uf0b7"),
        905: lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
    }
    nums = {
        910: '<w:abstractNumId w:val="902"/>',
        911: '<w:abstractNumId w:val="902"/>',  # the same list, continued
        912: '<w:abstractNumId w:val="902"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>',
        913: '<w:abstractNumId w:val="903"/>',
        914: '<w:abstractNumId w:val="904"/>',
        915: '<w:abstractNumId w:val="901"/>',
        916: '<w:abstractNumId w:val="905"/>',
    }
    styles = (
        '<w:style w:type="paragraph" w:styleId="ChapterHeading"><w:name w:val="Chapter Heading"/>'
        '<w:pPr><w:numPr><w:numId w:val="913"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="ChapterSub"><w:name w:val="Chapter Sub"/>'
        '<w:basedOn w:val="ChapterHeading"/></w:style>'
    )
    body = (
        numbered("甲", 910)
        + numbered("乙", 910, 1)
        + numbered("丙", 911)
        + numbered("丁", 912)
        + p("总则", '<w:pStyle w:val="ChapterHeading"/>')
        + p("附则", '<w:pStyle w:val="ChapterSub"/>')
        + numbered("要点", 914)
        + numbered("财务", 915, 2)  # 一、 and （一） never written: they count as used at their start
        + numbered("资产", 915, 1)
        + numbered("总体", 916)
        + numbered("细目", 916, 1)
        + p("未编号", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    )
    path = make_docx(tmp_path / "o.docx", body, abstract, nums, styles)
    assert lines(path) == [
        "①甲",
        "a)乙",
        "②丙",
        "⑤丁",
        "第一章总则",
        "第二章附则",
        "要点",
        "1.财务",
        "（二）资产",
        "1.总体",
        "1.1细目",
        "未编号",
    ]


def test_document_without_numbering_part(tmp_path: Path) -> None:
    body = numbered("部门概况", 905) + p("预算执行率为97.28%。")
    path = make_docx(tmp_path / "plain.docx", body, numbering_part=False)
    assert lines(path) == ["部门概况", "预算执行率为97.28%。"]


# --- what the walker reads --------------------------------------------------------------------------


def test_content_controls_tracked_changes_hidden_text_and_text_boxes(tmp_path: Path) -> None:
    textbox = (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        + p("文本框：资金到位率100%")
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + p("文本框：资金到位率100%")
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("内容控件中的段落：预算1,386.01万元。") + "</w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t xml:space="preserve">执行率为</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>98%</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>99%</w:t></w:r></w:ins>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>（旧位置）</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="4" w:author="a"><w:r><w:t>（新位置）</w:t></w:r></w:moveTo>'
        "<w:sdt><w:sdtContent><w:r><w:t>，控件内文字</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>"
        '<w:hyperlink w:anchor="x"><w:r><w:t>，链接文字</w:t></w:r></w:hyperlink>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        "<w:r><w:t>。</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>锚定段落</w:t></w:r>" + textbox + "</w:p>"
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        "<w:sdtContent>" + p("目录\t3") + "</w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t>换行前</w:t><w:br/><w:t>换行后</w:t><w:br w:type="page"/><w:t>分页后</w:t></w:r></w:p>'
        "<w:p><m:oMath><m:r><m:t>=</m:t></m:r><m:f><m:num><m:r><m:t>1386.01</m:t></m:r></m:num>"
        "<m:den><m:r><m:t>1386.01</m:t></m:r></m:den></m:f></m:oMath></w:p>"
    )
    path = make_docx(tmp_path / "e.docx", body)
    assert lines(path) == [
        "内容控件中的段落：预算1,386.01万元。",
        "执行率为99%（新位置），控件内文字，链接文字。",
        "锚定段落",
        "文本框：资金到位率100%",  # once, though the fallback VML holds the same box
        "换行前",
        "换行后分页后",
        "=1386.01/1386.01",
    ]


def test_tables_keep_the_grid(tmp_path: Path) -> None:
    def tc(text: str, tcpr: str = "") -> str:
        return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{p(text) if text else '<w:p/>'}</w:tc>"

    nested = "<w:tbl>" + "".join(f"<w:tr>{tc(a)}{tc(b)}{tc(c)}</w:tr>" for a, b, c in [("子表", "x", "y")]) + "</w:tbl>"
    body = (
        p("表前段落")
        + "<w:tbl><w:tblPr/>"
        + "<w:tr>"
        + tc("项目", '<w:vMerge w:val="restart"/>')
        + tc("资金（万元）", '<w:gridSpan w:val="2"/>')
        + tc("执行率")
        + "</w:tr>"
        + "<w:tr>"
        + tc("", "<w:vMerge/>")
        + tc("预算数")
        + tc("执行数")
        + tc("")
        + "</w:tr>"
        + "<w:sdt><w:sdtContent><w:tr>"
        + tc("基本支出")
        + tc("842.16")
        + tc("838.55")
        + tc("99.57%")
        + "</w:tr></w:sdtContent></w:sdt>"
        + '<w:tr><w:trPr><w:del w:id="9" w:author="a"/></w:trPr>'
        + tc("已删除")
        + tc("1")
        + tc("1")
        + tc("1")
        + "</w:tr>"
        + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + tc("1")
        + tc("2")
        + "<w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p><w:p><w:r><w:t>两段</w:t></w:r></w:p>"
        + nested
        + "</w:tc></w:tr>"
        + "</w:tbl>"
        + "<w:tbl><w:tr>"
        + tc("两列表")
        + tc("100")
        + "</w:tr></w:tbl>"
        + "<w:tbl><w:tr>"
        + tc("单列表格当作段落")
        + "</w:tr></w:tbl>"
    )
    path = make_docx(tmp_path / "t.docx", body)
    doc = read_document(path)
    assert [line for line in doc.source.split("\n") if line] == [
        "表前段落",
        "项目\t资金（万元）\t\t执行率",
        "\t预算数\t执行数\t",
        "基本支出\t842.16\t838.55\t99.57%",
        "\t1\t2\t单元格两段",
        "子表\tx\ty",
        "两列表\t100\t",
        "单列表格当作段落",
    ]
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "table", "table", "paragraph"]
    origins = [o for line, o in zip(doc.source.split("\n"), doc.line_origins or [], strict=True) if line]
    assert [(o.paragraph, o.table, o.row) for o in origins] == [
        (1, None, None),
        (None, 1, 1),
        (None, 1, 2),
        (None, 1, 3),
        (None, 1, 4),  # the deleted row is gone
        (None, 2, 1),
        (None, 3, 1),
        (2, None, None),
    ]


def test_body_with_comments_and_processing_instructions(tmp_path: Path) -> None:
    import docx
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("第一段，预算100万元。")
    body = document.element.body
    body.insert(0, etree.Comment("WPS 留下的注释"))
    body.insert(1, etree.ProcessingInstruction("mso-application", 'progid="Word.Document"'))
    document.add_paragraph("第二段。")
    path = tmp_path / "wps.docx"
    document.save(str(path))
    assert lines(path) == ["第一段，预算100万元。", "第二段。"]


# --- files that are not readable .docx reports --------------------------------------------------------


def _ole(streams: list[str]) -> bytes:
    # enough of a compound file for the check: the signature and the directory entry names
    head = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return head + b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in streams) + b"\x00" * 1024


def _valid_docx(tmp_path: Path) -> bytes:
    path = make_docx(tmp_path / "ok.docx", p("预算执行率为97.28%。"))
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("empty.docx", lambda tmp: b"", ["空", "0 字节"]),
        ("truncated.docx", lambda tmp: _valid_docx(tmp)[:1500], ["已损坏", "截断"]),
        ("renamed-pdf.docx", lambda tmp: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", ["PDF 文件", ".pdf"]),
        ("encrypted.docx", lambda tmp: _ole(["EncryptionInfo", "EncryptedPackage"]), ["密码", "加密"]),
        ("legacy.docx", lambda tmp: _ole(["WordDocument", "1Table"]), ["旧版 Word", "另存为 .docx"]),
        ("legacy.doc", lambda tmp: _ole(["WordDocument", "1Table"]), [".doc", "另存为 .docx"]),
        ("encrypted.doc", lambda tmp: _ole(["EncryptedPackage"]), ["密码"]),
        ("noise.docx", lambda tmp: bytes(range(256)) * 8, ["不是有效的 .docx"]),
        ("image.docx", lambda tmp: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ["图片"]),
    ],
)
def test_unreadable_docx_says_why(tmp_path: Path, name: str, make: object, words: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(make(tmp_path))  # type: ignore[operator]
    assert_refused(path, words)


def test_other_office_files_renamed_docx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="Excel"):
        read_document(path)


def test_docx_renamed_doc_is_read(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(_valid_docx(tmp_path))
    assert lines(path) == ["预算执行率为97.28%。"]


def test_docx_without_text(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "blank.docx", "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>")
    with pytest.raises(InputError, match="没有正文文字"):
        read_document(path)


# --- damaged files never crash the reader -------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=CUTS, flips=FLIPS)
def test_damaged_docx_reads_or_says_why(tmp_path: Path, cut: float, flips: list[tuple[float, int]]) -> None:
    path = tmp_path / "damaged.docx"
    path.write_bytes(damage(_valid_docx(tmp_path), cut, flips))
    assert_reads_or_says_why(path, "docx")
