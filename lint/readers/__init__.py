"""One reader per format, one dispatch by suffix."""

from __future__ import annotations

from pathlib import Path

from lint.document import Document
from lint.errors import InputError
from lint.readers.magic import refuse_office, sniff_suffix
from lint.readers.text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
DOCX_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | {".pdf"}


def read_document(path: Path, display: str | None = None, encoding: str | None = None) -> Document:
    name = display or str(path)
    suffix = path.suffix.lower() or sniff_suffix(path)  # a file without a suffix is read by its content
    if suffix in TEXT_SUFFIXES or suffix == "":
        refuse_office(path, name, suffix or "（无扩展名）")
        return read_text(path, name, encoding)
    # the format modules import python-docx / pypdfium2 themselves, only when such a file is read
    if suffix in DOCX_SUFFIXES or suffix in {".doc", ".wps"}:
        from lint.readers.docx import read_docx

        return read_docx(path, name, suffix)
    if suffix == ".pdf":
        from lint.readers.pdf import read_pdf

        return read_pdf(path, name)
    raise InputError(f"不支持的文件类型 {suffix}（支持 .txt .md .docx .pdf）", path=name)
