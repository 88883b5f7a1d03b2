"""Readers: the encoding cascade, clear input errors, and normalisation that keeps original positions."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from lint.document import Block
from lint.errors import InputError
from lint.readers import read_document
from lint.readers.text import build_document

REPORT = (
    "关于2023年度部门整体支出绩效自评报告\n"
    "\n"
    "一、基本情况\n"
    "市委外办2022年度“三公”经费财政拨款支出决算为2.0万元，完成预算4.5万元的44.44%。\n"
    "其中：公务接待费支出决算为1.4万元，公务用车购置及运行费支出决算为4.86万元。\n"
    "经评分，我办整体支出绩效自评得分为90分，等级：优。\n"
)

ENCODINGS = {
    "utf-8": REPORT.encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + REPORT.encode("utf-8"),
    "gb18030": REPORT.encode("gb18030"),
    "gbk": REPORT.encode("gbk"),
    "utf-16-bom": REPORT.encode("utf-16"),  # Python writes the BOM for "utf-16"
    "utf-16-le-bom": codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"),
    "utf-8-crlf": REPORT.replace("\n", "\r\n").encode("utf-8"),
    "gbk-crlf": REPORT.replace("\n", "\r\n").encode("gbk"),
}


def _doc(text: str, fmt: str = "text"):  # type: ignore[no-untyped-def]
    return build_document(text, "t.md" if fmt == "markdown" else "t.txt", fmt, "utf-8")


# --- encodings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_encoding_cascade_gives_identical_text(tmp_path: Path, name: str) -> None:
    reference = tmp_path / "ref.txt"
    reference.write_bytes(REPORT.encode("utf-8"))
    path = tmp_path / f"{name}.txt"
    path.write_bytes(ENCODINGS[name])
    doc = read_document(path)
    ref = read_document(reference)
    assert doc.text == ref.text
    assert doc.source == REPORT  # BOM dropped, CRLF normalised
    assert "\ufeff" not in doc.text
    # positions agree too
    at = doc.text.index("44.44%")
    assert doc.position(at) == ref.position(at)
    assert doc.position(at).line == 4


def test_gbk_is_decoded_as_gb_family(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(ENCODINGS["gbk"])
    doc = read_document(path)
    assert doc.encoding.replace("-", "").lower() in {"gb18030", "gbk", "gb2312"}


def test_explicit_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(ENCODINGS["gbk"])
    assert read_document(path, encoding="gbk").source == REPORT
    with pytest.raises(InputError):
        read_document(path, encoding="utf-8")
    with pytest.raises(InputError):
        read_document(path, encoding="no-such-codec")


NOT_TEXT = {
    "random-binary-with-nuls": bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\x00" * 64,
    "nul-heavy": b"\x00\x01\x02\x03" * 500 + "万元".encode(),
    "latin-1-junk": ("Ã©Ã¨ Ã¤Ã¶Ã¼ ç©ý½¾ÿþ ±µ¶·¸ " * 40).encode("latin-1"),
    "png-header": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
}


@pytest.mark.parametrize("name", list(NOT_TEXT))
def test_non_text_bytes_raise_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(NOT_TEXT[name])
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "--encoding" in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\n  \r\n", "\u3000\u3000\n".encode(), codecs.BOM_UTF8],
    ids=["empty", "whitespace", "ideographic-space", "bom-only"],
)
def test_empty_files_raise_input_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "空" in str(info.value)


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_document(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_directory_raises_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(InputError):
        read_document(folder)


@pytest.mark.parametrize("suffix", [".doc", ".xls", ".exe"])
def test_unsupported_suffix_raises_input_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(REPORT.encode("utf-8"))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert suffix in str(info.value)


def test_markdown_suffix_sets_format(tmp_path: Path) -> None:
    md = tmp_path / "r.md"
    md.write_text(REPORT, encoding="utf-8")
    txt = tmp_path / "r.txt"
    txt.write_text(REPORT, encoding="utf-8")
    assert read_document(md).format == "markdown"
    assert read_document(txt).format == "text"


# --- normalisation keeps positions --------------------------------------------------------------------


def test_markdown_heading_and_bold_are_stripped_but_positions_kept() -> None:
    source = "## 一、基本情况\n\n本单位**预算执行率**为**98.52%**，较上年提高。\n"
    doc = _doc(source, "markdown")
    assert "#" not in doc.text
    assert "*" not in doc.text
    assert doc.text.startswith("一、基本情况")
    assert "本单位预算执行率为98.52%，较上年提高。" in doc.text
    at = doc.text.index("98.52%")
    line3 = source.split("\n")[2]
    assert doc.position(at).line == 3
    assert doc.position(at).column == line3.index("98.52%") + 1 == 16
    assert doc.end_position(at + len("98.52%")).column == line3.index("98.52%") + len("98.52%") + 1
    heading = doc.text.index("一、")
    assert doc.position(heading) == type(doc.position(0))(1, 4)
    assert doc.source == source


def test_latex_wrapper_is_turned_into_plain_formula() -> None:
    source = "整体支出完成率$=598.46/615.80 \\times 100\\% = 97.18\\%$。\n"
    doc = _doc(source, "markdown")
    assert doc.text == "整体支出完成率=598.46/615.80 × 100% = 97.18%。"
    at = doc.text.rindex("97.18%")
    assert doc.position(at).column == source.index("97.18\\%$") + 1
    times = doc.text.index("×")
    assert doc.position(times).column == source.index("\\times") + 1


def test_fullwidth_digits_map_one_to_one() -> None:
    source = "预算执行率为１２．５％，其余为＋３％。\n"
    doc = _doc(source)
    assert doc.text == "预算执行率为12.5%，其余为+3%。"
    assert len(doc.text) == len(source.rstrip("\n"))
    at = doc.text.index("12.5%")
    assert doc.position(at).column == 7
    assert doc.end_position(at + 5).column == 12
    from lint.claims.quantity import find_quantities

    q = find_quantities(doc.text)[0]
    assert (str(q.value), q.unit, q.decimals) == ("12.5", "%", 1)


BROKEN = (
    "2024年政府采购支出总额1,248.60万元，其中：政府采购货物支出86.27万元、政府采购工程支出 415.08 万\n"
    "\n"
    "元、政府采购服务支出747.26万元。\n"
)


def test_broken_paragraph_is_rejoined() -> None:
    doc = _doc(BROKEN)
    paragraphs = doc.paragraphs()
    assert len(paragraphs) == 1
    block = paragraphs[0]
    joined = doc.text[block.start : block.end]
    assert "415.08 万元、政府采购服务支出" in joined
    assert joined.endswith("747.26万元。")
    at = doc.text.index("415.08 万") + len("415.08 万")
    assert doc.text[at] == "元"
    assert doc.position(at).line == 3
    assert doc.position(at).column == 1
    # and the last number still points at its own line
    last = doc.text.index("747.26")
    assert doc.position(last).line == 3
    assert doc.position(last).column == BROKEN.split("\n")[2].index("747.26") + 1


def test_broken_paragraph_sums_cleanly() -> None:
    from lint.api import check_text

    assert check_text(BROKEN).diagnostics == []


def test_short_title_is_not_joined() -> None:
    source = "一、部门基本情况\n本单位主要职能是负责全县档案工作，下设三个处室，编制人数二十人。\n"
    doc = _doc(source)
    paragraphs = doc.paragraphs()
    assert len(paragraphs) == 2
    assert doc.text[paragraphs[0].start : paragraphs[0].end] == "一、部门基本情况"
    assert doc.position(paragraphs[1].start).line == 2


def test_title_without_number_is_not_joined() -> None:
    source = "部门整体支出绩效自评报告\n\n本单位主要职能是负责全县档案工作，下设三个处室。\n"
    doc = _doc(source)
    assert [doc.text[b.start : b.end] for b in doc.paragraphs()] == [
        "部门整体支出绩效自评报告",
        "本单位主要职能是负责全县档案工作，下设三个处室。",
    ]


def test_finished_sentence_is_not_joined() -> None:
    source = "本年度收入合计615.80万元，比上年增加12.5万元，主要是人员经费增加。\n其中财政拨款收入598.46万元。\n"
    doc = _doc(source)
    assert len(doc.paragraphs()) == 2


def _cells(block: Block) -> list[list[str]]:
    return [[c.text for c in row] for row in block.rows]


def test_tab_separated_table() -> None:
    source = "表1 收支情况\n\n项目\t预算数\t决算数\n合计\t100.00\t98.00\n基本支出\t60.00\t59.00\n"
    doc = _doc(source)
    tables = doc.tables()
    assert len(tables) == 1
    assert tables[0].kind == "table"
    assert _cells(tables[0]) == [
        ["项目", "预算数", "决算数"],
        ["合计", "100.00", "98.00"],
        ["基本支出", "60.00", "59.00"],
    ]
    cell = tables[0].rows[1][2]
    assert doc.text[cell.start : cell.end] == "98.00"
    assert doc.position(cell.start).line == 4
    assert doc.position(cell.start).column == source.split("\n")[3].index("98.00") + 1


def test_pipe_table_skips_separator_row() -> None:
    source = "| 项目 | 预算数 | 决算数 |\n|:---|---:|---:|\n| 合计 | 100.00 | 98.00 |\n"
    doc = _doc(source, "markdown")
    tables = doc.tables()
    assert len(tables) == 1
    assert _cells(tables[0]) == [["项目", "预算数", "决算数"], ["合计", "100.00", "98.00"]]
    cell = tables[0].rows[1][1]
    assert doc.position(cell.start) == type(doc.position(0))(3, source.split("\n")[2].index("100.00") + 1)
    assert "---" not in doc.text


def test_paragraph_then_table_then_paragraph_order() -> None:
    source = "收支情况如下。\n| 项目 | 金额 |\n|---|---|\n| 合计 | 1.00 |\n\n以上为全部收支。\n"
    doc = _doc(source, "markdown")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]


def test_html_comment_is_not_text() -> None:
    source = "预算执行率为98.52%。<!-- jxlint: disable-next-line RAT001 -- 理由 -->\n"
    doc = _doc(source, "markdown")
    assert "jxlint" not in doc.text
    assert doc.text == "预算执行率为98.52%。"
