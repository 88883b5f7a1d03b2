"""One reader per format, one dispatch by suffix."""

from __future__ import annotations

from pathlib import Path

from lint.document import Document
from lint.errors import InputError
from lint.readers.text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUFFIXES = TEXT_SUFFIXES


def read_document(path: Path, display: str | None = None, encoding: str | None = None) -> Document:
    name = display or str(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        return read_text(path, name, encoding)
    if suffix in {".docx", ".pdf", ".doc"}:
        raise InputError(f"暂不支持 {suffix} 格式，请先另存为 .txt 或 .md", path=name)
    raise InputError(f"不支持的文件类型 {suffix}（支持 .txt .md）", path=name)
