"""One reader per format, one dispatch by suffix."""

from __future__ import annotations

from pathlib import Path

from lint.document import Document
from lint.errors import InputError
from lint.readers.magic import refuse_office, sniff_suffix
from lint.readers.text import read_text
from lint.sizes import DEFAULT_MAX_SIZE, MB, format_size

__all__ = ["DEFAULT_MAX_SIZE", "DOCX_SUFFIXES", "SUFFIXES", "TEXT_SUFFIXES", "read_document"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
DOCX_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | {".pdf"}


def _too_large(size: int, limit: int, name: str, what: str) -> InputError:
    return InputError(
        f"{what}过大（{format_size(size)}，上限 {format_size(limit)}），未检查；"
        f"确需检查请加 --max-size（如 --max-size {max(2 * limit // MB, size // MB + 1)}MB，0 表示不限）",
        path=name,
    )


def read_document(
    path: Path, display: str | None = None, encoding: str | None = None, max_size: int | None = DEFAULT_MAX_SIZE
) -> Document:
    """Read a report; `max_size` (bytes, None or 0 for no limit) bounds a text file's size, and the text
    extracted from a .docx/.pdf (whose file may be much larger for its pictures)."""
    name = display or str(path)
    suffix = path.suffix.lower() or sniff_suffix(path)  # a file without a suffix is read by its content
    if suffix in TEXT_SUFFIXES or suffix == "":
        refuse_office(path, name, suffix or "（无扩展名）")
        if max_size:
            try:
                size = path.stat().st_size
            except OSError:
                size = 0  # read_text says why it cannot be read
            if size > max_size:
                raise _too_large(size, max_size, name, "文件")
        return read_text(path, name, encoding)
    # the format modules import python-docx / pypdfium2 themselves, only when such a file is read
    if suffix in DOCX_SUFFIXES or suffix in {".doc", ".wps"}:
        from lint.readers.docx import read_docx

        doc = read_docx(path, name, suffix)
    elif suffix == ".pdf":
        from lint.readers.pdf import read_pdf

        doc = read_pdf(path, name)
    else:
        raise InputError(f"不支持的文件类型 {suffix}（支持 .txt .md .docx .pdf）", path=name)
    if max_size and len(doc.source) > max_size // 3:  # at most 3 bytes a character in UTF-8
        size = len(doc.source.encode("utf-8"))
        if size > max_size:
            raise _too_large(size, max_size, name, "提取出的文字")
    return doc
