"""A mixed-format audit corpus built from the fixture reports (shared by the audit and browser tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

from lint.errors import InputError
from lint.readers import read_document

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
FIXTURES = sorted(p for p in REPORTS.iterdir() if p.suffix in (".txt", ".md"))
CORRUPT_NAME = "损坏的报告.docx"
INJECTION_NAME = "注入测试.md"
# Report text is untrusted: markup in it must come out as text in the HTML page.
INJECTION = (
    "# 2023年度<b>测试</b>单位部门整体支出绩效自评报告\n\n"
    '<script>window.__pwned = 1;</script><img src=x onerror="window.__pwned = 2">\n\n'
    "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。\n\n"
    "外部链接 https://example.invalid/track.png 只是文字。\n"
)


def make_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))


def make_pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in text.split("\n"):
        for k in range(0, max(1, len(line)), 38):  # ~38 CJK characters per line on A4
            c.setFont("STSong-Light", 11)
            c.drawString(40, y, line[k : k + 38])
            y -= 16
            if y < 50:
                c.showPage()
                y = 800
    c.save()


def _readable(path: Path) -> bool:
    """Whether this checkout has a reader for the format (the docx/pdf readers arrived separately)."""
    try:
        read_document(path)
    except InputError:
        return False
    except Exception:
        return False
    return True


def build_corpus(root: Path) -> dict[str, Path]:
    """Fixture reports (half in a subdirectory), a .docx and a .pdf when readable, one corrupt file,
    one report with markup in it, and files the audit must skip. Returns name → path of the reports."""
    sub = root / "子目录"
    sub.mkdir(parents=True)
    out: dict[str, Path] = {}
    for i, src in enumerate(FIXTURES):
        dest = (sub if i % 2 else root) / src.name
        shutil.copyfile(src, dest)
        out[src.name] = dest
    corrupt = root / CORRUPT_NAME
    corrupt.write_bytes(b"PK\x03\x04 not really a zip archive")
    out[CORRUPT_NAME] = corrupt
    injection = root / INJECTION_NAME
    injection.write_text(INJECTION, encoding="utf-8")
    out[INJECTION_NAME] = injection
    docx_path = root / "r06_转为Word.docx"
    make_docx((REPORTS / "r06_county_culture_center_2024_overall.txt").read_text(encoding="utf-8"), docx_path)
    if _readable(docx_path):
        out[docx_path.name] = docx_path
    else:
        docx_path.unlink()
    pdf_path = sub / "sample_转为PDF.pdf"
    make_pdf((REPORTS / "sample-report.md").read_text(encoding="utf-8"), pdf_path)
    if _readable(pdf_path):
        out[pdf_path.name] = pdf_path
    else:
        pdf_path.unlink()
    # never picked up: hidden directory, Office lock file, other suffixes
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("2023年预算100万元，执行率50%。", encoding="utf-8")
    (root / "~$r06_转为Word.docx").write_bytes(b"lock")
    (root / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    return out
