"""The entry points the CLI and tests use."""

from __future__ import annotations

from pathlib import Path

from lint.diagnostics import FileReport, RunReport
from lint.engine import Options, lint_document
from lint.errors import InputError, JxlintError
from lint.readers import read_document
from lint.rules.loader import Registry, load_registry


def check_paths(
    paths: list[Path], options: Options | None = None, registry: Registry | None = None, encoding: str | None = None
) -> tuple[RunReport, dict[str, list[str]], list[InputError]]:
    """Lint each file; unreadable files are returned as errors, not raised, so the rest still run."""
    registry = registry or load_registry()
    files: list[FileReport] = []
    sources: dict[str, list[str]] = {}
    errors: list[InputError] = []
    for path in paths:
        try:
            doc = read_document(path, str(path), encoding)
        except InputError as exc:
            errors.append(exc)
            files.append(FileReport(path=str(path), format="unreadable", errors=[exc.message]))
            continue
        try:
            files.append(lint_document(doc, registry, options))
        except JxlintError:
            raise
        except Exception as exc:  # a bug must not hide the other files' results, nor show a traceback
            error = InputError(
                f"内部错误（{type(exc).__name__}: {exc}），请将此文件报告给 jxlint 维护者", path=doc.path
            )
            errors.append(error)
            files.append(FileReport(path=doc.path, format=doc.format, errors=[error.message]))
            continue
        sources[doc.path] = doc.source.split("\n")
    return RunReport(files=files), sources, errors


def check_text(
    text: str, options: Options | None = None, registry: Registry | None = None, path: str = "<text>", fmt: str = "text"
) -> FileReport:
    from lint.readers.text import build_document

    doc = build_document(text, path, fmt, "utf-8")
    return lint_document(doc, registry or load_registry(), options)
