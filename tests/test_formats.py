"""One report as .txt, .docx and .pdf: the same findings, each located on its paragraph / page.

Also the contract around the formats: JSON keys, the full format's header, bad files (exit 2, one
line on stderr) and that a .txt-only run never imports the office libraries.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from officegen import Block, blocks_of, convert_to_pdf, encrypted_pdf, scanned_pdf, soffice, write_docx, write_pdf

from lint.api import check_paths
from lint.diagnostics import Diagnostic
from lint.readers import read_document
from lint.readers.text import build_document

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "fixtures" / "reports" / "r02_city_archives_2022_overall.md"
# one table cell made wrong, so that a finding stands in a Word table too
ROW, WRONG_ROW = "| 基本支出 | 842.16 | 838.55 | 99.57% |", "| 基本支出 | 842.16 | 838.55 | 98.57% |"
EXPECTED = [
    ("RAT001", "98.57%"),  # table: 838.55 / 842.16 = 99.57%
    ("RAT001", "94.06%"),  # 171.24 / 186.00 = 92.06%
    ("DOC001", "XX"),
    ("SCR001", "优"),  # 88.6 分 is 良
]


def report_text() -> str:
    text = SOURCE.read_text(encoding="utf-8")
    assert ROW in text
    return text.replace(ROW, WRONG_ROW)


def findings(path: Path) -> list[Diagnostic]:
    run, _, errors = check_paths([path])
    assert not errors, [str(e) for e in errors]
    return list(run.files[0].diagnostics)


def key(d: Diagnostic) -> tuple[str, str]:
    return d.code, d.args.get("stated", "")


def block_of(text: str, line: int) -> tuple[int, int | None]:
    """Index of the block (as `blocks_of` lists them) holding a line of the .txt, and the table row."""
    doc = build_document(text, "<t>", "text", "utf-8")
    for i, b in enumerate(doc.blocks):
        if b.kind == "table":
            for r, row in enumerate(b.rows, 1):
                if row and doc.position(row[0].start).line == line:
                    return i, r
        elif doc.position(b.start).line <= line <= doc.position(max(b.start, b.end - 1)).line:
            return i, None
    raise AssertionError(f"no block on line {line}")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The report in each format, with where each of its blocks went (paragraph, table, page)."""
    out = tmp_path_factory.mktemp("formats")
    text = report_text()
    txt = out / "report.txt"
    txt.write_text(text, encoding="utf-8")
    numbered = blocks_of(text, number_headings=True)
    # page breaks before 三、 and 五、, so that the findings fall on three pages
    breaks = [i for i, b in enumerate(numbered) if b.level == 0 and b.text in ("项目支出绩效情况", "自评结论")]
    assert len(breaks) == 2
    numbers = write_docx(numbered, out / "report.docx", breaks)
    typed = blocks_of(text)
    pages = write_pdf(typed, out / "reportlab.pdf", breaks)
    return {
        "text": text,
        "txt": txt,
        "docx": out / "report.docx",
        "numbers": numbers,
        "pdf": out / "reportlab.pdf",
        "pages": pages,
        "typed": typed,
        "dir": out,
    }


def test_txt_findings(report: dict[str, object]) -> None:
    assert sorted(key(d) for d in findings(report["txt"])) == sorted(EXPECTED)  # type: ignore[arg-type]


def test_docx_same_findings_on_their_paragraph(report: dict[str, object]) -> None:
    text, numbers = report["text"], report["numbers"]
    assert isinstance(text, str) and isinstance(numbers, list)
    by_key = {key(d): d for d in findings(report["txt"])}  # type: ignore[arg-type]
    got = findings(report["docx"])  # type: ignore[arg-type]
    assert sorted(key(d) for d in got) == sorted(EXPECTED)
    for d in got:
        index, row = block_of(text, by_key[key(d)].location.line)
        if row is None:
            assert (d.location.paragraph, d.location.table) == (numbers[index], None), d
        else:
            assert (d.location.paragraph, d.location.table, d.location.row) == (None, numbers[index], row), d
            assert d.location.cell == 4  # 执行率
        assert d.location.page is None


def _check_pdf(path: Path, text: str, expected_page: dict[tuple[str, str], int]) -> None:
    got = findings(path)
    assert sorted(key(d) for d in got) == sorted(EXPECTED)
    lines = read_document(path).source.split("\n")
    for d in got:
        assert d.location.page == expected_page[key(d)], d
        assert d.location.paragraph is None
        stated = d.args["stated"]
        assert stated in lines[d.location.line - 1], (d, lines[d.location.line - 1])  # the quoted line


def test_reportlab_pdf_same_findings_on_their_page(report: dict[str, object]) -> None:
    text, pages = report["text"], report["pages"]
    assert isinstance(text, str) and isinstance(pages, list)
    by_key = {key(d): d for d in findings(report["txt"])}  # type: ignore[arg-type]
    expected = {k: pages[block_of(text, d.location.line)[0]] for k, d in by_key.items()}
    assert sorted(set(expected.values())) == [1, 2, 3]
    _check_pdf(report["pdf"], text, expected)  # type: ignore[arg-type]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_pdf_same_findings_on_their_page(report: dict[str, object]) -> None:
    import pypdfium2 as pdfium

    out = report["dir"]
    assert isinstance(out, Path)
    pdf = convert_to_pdf(report["docx"], out)  # type: ignore[arg-type]
    document = pdfium.PdfDocument(str(pdf))
    page_texts = ["".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    document.close()
    text = report["text"]
    assert isinstance(text, str)
    expected = {}
    for d in findings(report["txt"]):  # type: ignore[arg-type]
        # the page that shows the sentence of the finding (LibreOffice decides where pages break)
        block = blocks_of(text)[block_of(text, d.location.line)[0]]
        probe = "".join((block.text or "\t".join(block.rows[1])).split())[:12]
        hits = [n for n, page in enumerate(page_texts, 1) if probe in page]
        assert len(hits) == 1, (probe, hits)
        expected[key(d)] = hits[0]
    assert sorted(set(expected.values())) == [1, 2, 3]
    _check_pdf(pdf, text, expected)


# --- contract ---------------------------------------------------------------------------------------


def _lint(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, cwd=ROOT
    )


def test_json_adds_page_and_paragraph_only_for_office_files(report: dict[str, object], cli_env: dict[str, str]) -> None:
    proc = _lint(
        "-m",
        "lint",
        "check",
        "--format",
        "json",
        str(report["txt"]),
        str(report["docx"]),
        str(report["pdf"]),
        env=cli_env,
    )
    assert proc.returncode == 1, proc.stderr
    files = json.loads(proc.stdout)["files"]
    assert [f["format"] for f in files] == ["text", "docx", "pdf"]
    for f in files:
        for d in f["diagnostics"]:
            for loc in [d["location"], d["end_location"], *(r["location"] for r in d["related"])]:
                extra = set(loc) - {"line", "column"}
                if f["format"] == "text":
                    assert extra == set()
                elif f["format"] == "docx":
                    assert extra in ({"paragraph"}, {"table", "row", "cell"}), loc
                else:
                    assert extra == {"page", "page_line"}, loc


def test_concise_and_full_output(report: dict[str, object], cli_env: dict[str, str]) -> None:
    concise = _lint("-m", "lint", "check", "--format", "concise", str(report["docx"]), env=cli_env)
    first = concise.stdout.splitlines()[0]
    assert re.fullmatch(r".*report\.docx:\d+:\d+: [A-Z]{3}\d{3} .+", first), first
    full = _lint("-m", "lint", "check", "--format", "full", str(report["docx"]), str(report["pdf"]), env=cli_env)
    headers = [line for line in full.stdout.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
    assert any(
        re.search(r"report\.docx:\d+:\d+: 错误 RAT001 \[rate-mismatch\]  表 1 第 2 行第 4 列$", h) for h in headers
    )
    assert any(re.search(r"report\.docx:\d+:\d+: .+  第 \d+ 段$", h) for h in headers)
    assert any(re.search(r"reportlab\.pdf:\d+:\d+: .+  第 \d 页第 \d+ 行$", h) for h in headers)
    assert "98.57%" in full.stdout and "\t" not in full.stdout  # the extracted row is quoted, tabs shown as spaces


def _bad_files(tmp_path: Path) -> dict[str, bytes]:
    good = tmp_path / "good.docx"
    write_docx([Block(text="预算执行率为97.28%。")], good)
    encrypted_pdf(tmp_path / "enc.pdf")
    scanned_pdf(tmp_path / "scan.pdf")
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return {
        "truncated.docx": good.read_bytes()[:2000],
        "pdf-renamed.docx": (tmp_path / "enc.pdf").read_bytes(),
        "password.docx": ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512,
        "password.pdf": (tmp_path / "enc.pdf").read_bytes(),
        "empty.docx": b"",
        "empty.pdf": b"",
        "old.doc": ole + "WordDocument".encode("utf-16-le") + b"\x00" * 512,
        "scanned.pdf": (tmp_path / "scan.pdf").read_bytes(),
    }


def test_bad_files_exit_2_with_one_line_each(tmp_path: Path, cli_env: dict[str, str]) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, data in _bad_files(tmp_path).items():
        (bad / name).write_bytes(data)
    expected = {
        "truncated.docx": "已损坏",
        "pdf-renamed.docx": "内容却是PDF 文件",
        "password.docx": "密码",
        "password.pdf": "已加密",
        "empty.docx": "文件为空",
        "empty.pdf": "文件为空",
        "old.doc": "另存为 .docx",
        "scanned.pdf": "扫描件",
    }
    for name, words in expected.items():
        proc = _lint("-m", "lint", "check", str(bad / name), env=cli_env)
        assert proc.returncode == 2, (name, proc.stdout, proc.stderr)
        lines = proc.stderr.splitlines()
        assert len(lines) == 1, (name, proc.stderr)
        assert "Traceback" not in proc.stderr and name in lines[0] and words in lines[0], lines[0]


def test_text_only_run_does_not_import_office_libraries(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = tmp_path / "r.txt"
    path.write_text(report_text(), encoding="utf-8")
    proc = _lint("-X", "importtime", "-m", "lint", "check", str(path), env=cli_env)
    assert proc.returncode == 1, proc.stderr
    modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "lint" in modules  # the importtime listing is there
    assert not modules & {"docx", "lxml", "pypdfium2", "pypdfium2_raw", "reportlab", "PIL"}, modules
