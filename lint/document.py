"""The document model: normalised text for parsing, mapped back to the original lines and columns.

Readers produce a `Document` whose `text` is what claim extraction reads (markdown emphasis and
LaTeX wrappers removed, full-width digits mapped, paragraphs broken by PDF conversion re-joined) and
whose `origin` array maps every character of `text` back to an offset in `source`, the decoded
original. Positions shown to users are always computed from `source`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, Unicode code points


@dataclass(frozen=True, slots=True)
class Cell:
    start: int  # offsets in Document.text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (possibly re-joined from several source lines) or a table, in document order."""

    kind: str  # "paragraph" | "table"
    start: int
    end: int
    rows: tuple[tuple[Cell, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Where one line of text extracted from a .docx/.pdf stands in the original file."""

    page: int | None = None  # pdf: page, 1-based
    page_line: int | None = None  # pdf: line on that page, 1-based
    paragraph: int | None = None  # docx: body paragraph, 1-based, non-empty paragraphs only
    table: int | None = None  # docx: table, 1-based in body order
    row: int | None = None  # docx: table row, 1-based


@dataclass(slots=True)
class Document:
    path: str
    format: str
    encoding: str
    source: str
    text: str
    origin: array  # type: ignore[type-arg]  # array('l'): len(text) + 1 entries
    blocks: list[Block] = field(default_factory=list)
    line_origins: list[LineOrigin] | None = None  # per line of `source` (docx/pdf); None for text files
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        i = self.source.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = self.source.find("\n", i + 1)
        self._line_starts = starts

    def source_offset(self, text_offset: int) -> int:
        text_offset = max(0, min(text_offset, len(self.text)))
        return int(self.origin[text_offset])

    def position(self, text_offset: int) -> Position:
        """Line and column in the original file of a character of `text`."""
        return self.source_position(self.source_offset(text_offset))

    def end_position(self, text_end: int) -> Position:
        """Position just after the last character of a span ending (exclusively) at `text_end`."""
        if text_end <= 0:
            return self.position(0)
        last = self.source_offset(text_end - 1)
        pos = self.source_position(last)
        return Position(pos.line, pos.column + 1)

    def source_position(self, source_offset: int) -> Position:
        line_index = bisect_right(self._line_starts, source_offset) - 1
        return Position(line_index + 1, source_offset - self._line_starts[line_index] + 1)

    def source_line(self, line: int) -> str:
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.source)
        return self.source[start:end].rstrip("\r")

    def where(self, pos: Position) -> dict[str, int]:
        """Page / paragraph / table cell of a position, for formats that have them (else empty)."""
        if self.line_origins is None or not 0 < pos.line <= len(self.line_origins):
            return {}
        o = self.line_origins[pos.line - 1]
        out = {
            k: v
            for k, v in (
                ("page", o.page),
                ("page_line", o.page_line),
                ("paragraph", o.paragraph),
                ("table", o.table),
                ("row", o.row),
            )
            if v is not None
        }
        if o.table is not None:
            # extracted table rows are tab-separated grid cells
            out["cell"] = self.source_line(pos.line)[: max(0, pos.column - 1)].count("\t") + 1
        return out

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]
