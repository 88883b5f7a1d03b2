"""The entry points the CLI and tests use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lint.claims.extract import extract
from lint.claims.model import ClaimIndex
from lint.diagnostics import FileReport, RunReport
from lint.document import Document
from lint.engine import Options, lint_document
from lint.errors import InputError, JxlintError
from lint.readers import DEFAULT_MAX_SIZE, read_document
from lint.rules.loader import Registry, load_registry


def check_paths(
    paths: list[Path],
    options: Options | None = None,
    registry: Registry | None = None,
    encoding: str | None = None,
    options_for: Callable[[Path], Options] | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
) -> tuple[RunReport, dict[str, list[str]], list[InputError]]:
    """Lint each file; unreadable files are returned as errors, not raised, so the rest still run.

    `options_for(path)` gives each file its own options (its nearest configuration file, lint/config.py);
    `max_size` is the largest text read (bytes; None or 0: no limit), see `read_document`.
    """
    registry = registry or load_registry()
    files: list[FileReport] = []
    sources: dict[str, list[str]] = {}
    errors: list[InputError] = []
    for path in paths:
        result = lint_path(path, options_for(path) if options_for else options, registry, encoding, max_size)
        files.append(result.report)
        if result.error is not None:
            errors.append(result.error)
        elif result.document is not None:
            sources[result.document.path] = result.document.source.split("\n")
    return RunReport(files=files), sources, errors


@dataclass(frozen=True)
class PathResult:
    """One file's outcome; `document`/`index` are set when it was read (the audit reads score/grade)."""

    report: FileReport
    document: Document | None = None
    index: ClaimIndex | None = None
    error: InputError | None = None


def lint_path(
    path: Path,
    options: Options | None = None,
    registry: Registry | None = None,
    encoding: str | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
) -> PathResult:
    """Read and lint one file; an unreadable file or a crash is a result with an error, never raised."""
    registry = registry or load_registry()
    try:
        doc = read_document(path, str(path), encoding, max_size)
    except InputError as exc:
        return PathResult(FileReport(path=str(path), format="unreadable", errors=[exc.message]), error=exc)
    except JxlintError:
        raise
    except Exception as exc:  # a reader bug on one odd file: that file is unreadable, the others still run
        error = InputError(
            f"读取失败：内部错误（{type(exc).__name__}: {exc}），请将此文件报告给 jxlint 维护者", path=str(path)
        )
        return PathResult(FileReport(path=str(path), format="unreadable", errors=[error.message]), error=error)
    try:
        index = extract(doc)
        report = lint_document(doc, registry, options, index)
    except JxlintError:
        raise
    except Exception as exc:  # a bug must not hide the other files' results, nor show a traceback
        error = InputError(f"内部错误（{type(exc).__name__}: {exc}），请将此文件报告给 jxlint 维护者", path=doc.path)
        return PathResult(FileReport(path=doc.path, format=doc.format, errors=[error.message]), doc, error=error)
    return PathResult(report, doc, index)


def check_text(
    text: str, options: Options | None = None, registry: Registry | None = None, path: str = "<text>", fmt: str = "text"
) -> FileReport:
    from lint.readers.text import build_document

    doc = build_document(text, path, fmt, "utf-8")
    return lint_document(doc, registry or load_registry(), options)
