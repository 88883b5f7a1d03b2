"""Plain-text and Markdown reports → `Document`.

Every character kept in `Document.text` remembers where it came from in the original, so
clean-ups (markdown emphasis, LaTeX wrappers, full-width digits, re-joined paragraphs) never move a
reported location.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from lint import yamlfile
from lint.document import Block, Cell, Document
from lint.errors import InputError, RuleError
from lint.paths import rules_dir
from lint.readers.encoding import decode
from lint.readers.magic import read_bytes

FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")


@cache
def reading_table() -> dict[int, int]:
    """Full-width digits and Traditional characters mapped 1:1 to what the vocabulary matches."""
    path = rules_dir() / "vocab" / "traditional.yaml"
    try:
        data, _ = yamlfile.parse(path.read_text(encoding="utf-8"), str(path), RuleError)
    except OSError as exc:
        raise RuleError(f"无法读取繁简对照表：{exc.strerror}", path=str(path)) from None
    pairs = data.get("traditional") if isinstance(data, dict) else None
    if not isinstance(pairs, dict):
        raise RuleError("繁简对照表应有 traditional: 映射", path=str(path))
    table = dict(FULLWIDTH)
    table.update({ord(t): ord(s) for t, s in pairs.items() if len(t) == 1 and len(s) == 1})
    return table


# LaTeX commands that stand for an operator; the rest of a command is dropped.
_LATEX_OPERATORS = {"times": "×", "cdot": "×", "div": "÷", "%": "%", "approx": "≈", "le": "≤", "ge": "≥"}
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|[%,;! ])")
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s?)")
_SENTENCE_END = tuple("。！？；：!?;:")
# A line that starts a new unit of text (heading or list item): never glued to the line before.
_STARTS_BLOCK = re.compile(
    r"^\s*(?:#|\*\*|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.、．)）](?!\d)|\d+\.(?=\d{4}年)|第[一二三四五六七八九十\d]+|附件|目标\d|[①②③④⑤⑥⑦⑧⑨⑩])"
)
# A markdown table's rule line (|---|:--:|), matched on the stripped line: with the whitespace at either
# end inside the pattern, a long run of spaces made `\s*\|?\s*` try every split (quadratic).
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
MIN_WRAPPED_LINE = 20  # a shorter line without final punctuation is a title, not a wrapped sentence
_FORM_FIELD = re.compile(r"^[^，,。]{1,10}[：:][^，,。]*$")  # 评价单位：某某局 — a form line, complete as it is


# A cleaned line: its characters and, for each, the offset in the source it came from.
Piece = tuple[str, Sequence[int]]
# Characters that make `clean_line` look closer; a line without them (and without a heading or
# quote marker) is only translated.
_SPECIAL = re.compile(r"[*_$\\{}<]")
_BLANK_END = " \t\u3000\r"
_BLANK_START = " \t\u3000"


class _Builder:
    """Accumulates normalised text (in pieces) and the source offset of every character."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origin = array("l")
        self.offset = 0

    def emit(self, ch: str, source_offset: int) -> None:
        self.parts.append(ch)
        self.origin.append(source_offset)
        self.offset += 1

    def emit_piece(self, piece: Piece) -> None:
        text, origins = piece
        if text:
            self.parts.append(text)
            self.origin.extend(origins)
            self.offset += len(text)


def clean_line(line: str, base: int) -> Piece:
    """The characters to keep from one source line, with their source offsets.

    Drops markdown heading/quote markers, `**` emphasis, HTML comments and LaTeX wrappers; maps
    LaTeX operators and full-width digits to the plain characters that the parser reads. Linear in
    the length of the line (no per-character objects for a plain line).
    """
    table = reading_table()
    heading = _HEADING_MARK.match(line)
    if heading is None and _SPECIAL.search(line) is None:
        # the common case: a plain line, mapped 1:1 (the reading table maps characters to characters)
        text = line.translate(table)
        end = len(text.rstrip(_BLANK_END))
        start = len(text) - len(text.lstrip(_BLANK_START))
        if start >= end:
            return "", ()
        return text[start:end], range(base + start, base + end)
    chars: list[str] = []
    offsets: list[int] = []
    i = heading.end() if heading else 0
    removed = html_comments(line)
    r = 0  # the next comment to remove
    n = len(line)
    while i < n:
        if r < len(removed) and removed[r][0] == i:
            i = removed[r][1]
            r += 1
            continue
        ch = line[i]
        if line.startswith("**", i) or line.startswith("__", i):
            i += 2
            continue
        if ch == "$":
            i += 1
            continue
        if ch == "\\":
            m = _LATEX_COMMAND.match(line, i)
            if m:
                op = _LATEX_OPERATORS.get(m.group(1))
                if op:
                    chars.append(op)
                    offsets.append(base + i)
                i = m.end()
                continue
        if ch in "{}" and chars and chars[-1] != "{":
            # LaTeX grouping braces carry no text of their own
            i += 1
            continue
        chars.append(ch.translate(table))
        offsets.append(base + i)
        i += 1
    # whitespace at either end carries nothing
    end = len(chars)
    while end and chars[end - 1] in _BLANK_END:
        end -= 1
    start = 0
    while start < end and chars[start] in _BLANK_START:
        start += 1
    return "".join(chars[start:end]), offsets[start:end]


def _is_separator(line: str) -> bool:
    return _TABLE_SEPARATOR.fullmatch(line.strip()) is not None


def html_comments(line: str) -> list[tuple[int, int]]:
    """Spans of the HTML comments in a line, as `<!--.*?-->` finds them, without that pattern's
    rescan to the end of the line for each `<!--` that is never closed (quadratic)."""
    spans: list[tuple[int, int]] = []
    i = line.find("<!--")
    while i >= 0:
        j = line.find("-->", i + 4)
        if j < 0:
            break
        spans.append((i, j + 3))
        i = line.find("<!--", j + 3)
    return spans


def _is_table_row(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return True
    return "\t" in line.strip(" \r\n") and len(line.rstrip("\r\n").split("\t")) >= 3


def _split_cells(line: str, base: int) -> list[tuple[int, int]]:
    """Source spans of the cells of a table row (pipe or tab separated)."""
    body = line.rstrip("\r\n")
    sep = "|" if body.strip().startswith("|") else "\t"
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in body.split(sep):
        spans.append((base + pos, base + pos + len(part)))
        pos += len(part) + 1
    if sep == "|":
        spans = spans[1:-1] if body.strip().endswith("|") else spans[1:]
    return spans


_HEAD = 256  # how much of a paragraph's start `_STARTS_BLOCK` and the form-field test look at


class _Paragraph:
    """What `_joins` needs to know about the paragraph built so far, updated as lines are glued on
    (re-reading the whole paragraph for every line made a long run of wrapped lines quadratic)."""

    __slots__ = ("end", "head", "last", "length", "punct", "stops", "stripped")

    def __init__(self, text: str) -> None:
        self.head = ""  # the first `_HEAD` characters
        self.length = 0
        self.stripped = 0  # the length without trailing whitespace
        self.end = ""  # the last character that is not whitespace
        self.last = ""  # the last character
        self.punct = False  # any of 。，；,; (a numbered line with one is a sentence, not a title)
        self.stops = False  # any of ，,。 (a form line such as 评价单位：某某局 has none)
        self.add(text)

    def add(self, text: str) -> None:
        if len(self.head) < _HEAD:
            self.head += text[: _HEAD - len(self.head)]
        kept = text.rstrip()
        if kept:
            self.stripped = self.length + len(kept)
            self.end = kept[-1]
        self.length += len(text)
        self.last = text[-1:] or self.last
        self.punct = self.punct or any(ch in text for ch in "。，；,;")
        self.stops = self.stops or any(ch in text for ch in "，,。")

    def form_field(self) -> bool:
        """`_FORM_FIELD` on the whole paragraph: a colon among its first 11 characters and no ，,。."""
        return not self.stops and _FORM_FIELD.match(self.head[:11] + "x") is not None


def _joins(prev: str | _Paragraph, nxt: str) -> bool:
    """Whether `nxt` continues the sentence that `prev` left unfinished (a broken paragraph)."""
    p = prev if isinstance(prev, _Paragraph) else _Paragraph(prev)
    if p.stripped < MIN_WRAPPED_LINE or p.end in _SENTENCE_END or p.form_field():
        return False
    if _STARTS_BLOCK.match(p.head) and not p.punct:
        return False  # a numbered title such as “1.2022年度收入支出决算总体情况说明”
    return not _STARTS_BLOCK.match(nxt)


def build_document(
    source: str, path: str, fmt: str, encoding: str, joins: Mapping[int, bool] | None = None
) -> Document:
    """Normalise `source` into blocks (paragraphs and tables) with an origin map.

    `joins`: for a line index, whether the line goes on in the next one (True) or ends its paragraph
    or table (False), when a reader knows it from the layout (a PDF line that fills the measure, the
    last row of a Word table); other lines are re-joined by the text heuristics.
    """
    b = _Builder()
    blocks: list[Block] = []
    lines = source.split("\n")
    offsets = []
    off = 0
    for line in lines:
        offsets.append(off)
        off += len(line) + 1

    def separate(at: int) -> None:
        if b.offset:
            b.emit("\n", at)

    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip() or _is_separator(line):
            i += 1
            continue
        if _is_table_row(line):
            separate(offsets[i])
            start = b.offset
            rows: list[tuple[Cell, ...]] = []
            while i < n:
                line = lines[i]
                if not line.strip():
                    # a blank line inside a table: the table goes on if a row follows
                    j = i + 1
                    while j < n and not lines[j].strip():
                        j += 1
                    if j < n and _is_table_row(lines[j]):
                        i = j
                        continue
                    break
                if _is_separator(line):
                    i += 1
                    continue
                if not _is_table_row(line):
                    break
                if rows:
                    b.emit("\n", offsets[i] - 1)
                cells: list[Cell] = []
                for k, (cs, ce) in enumerate(_split_cells(line, offsets[i])):
                    if k:
                        b.emit("\t", cs - 1)
                    cell_start = b.offset
                    piece = clean_line(source[cs:ce], cs)
                    b.emit_piece(piece)
                    cells.append(Cell(cell_start, b.offset, piece[0]))
                rows.append(tuple(cells))
                i += 1
                if joins and joins.get(i - 1) is False:
                    break  # the reader knows the table ends here (two Word tables in a row)
            blocks.append(Block("table", start, b.offset, tuple(rows)))
            continue
        # a paragraph: this line, plus following lines that continue its sentence
        separate(offsets[i])
        start = b.offset
        first = clean_line(line, offsets[i])
        b.emit_piece(first)
        para = _Paragraph(first[0])
        i += 1
        while i < n:
            j = i
            while j < n and not lines[j].strip() and j - i < 2:
                j += 1
            if j >= n or not lines[j].strip() or _is_table_row(lines[j]):
                break
            nxt = clean_line(lines[j], offsets[j])
            nxt_text = nxt[0]
            known = joins.get(i - 1) if joins else None
            if not nxt_text or not (known if known is not None else _joins(para, nxt_text)):
                break
            if para.last.isascii() and para.last.isalpha() and nxt_text[:1].isascii():
                b.emit(" ", offsets[j] - 1)
                para.add(" ")
            b.emit_piece(nxt)
            para.add(nxt_text)
            i = j + 1
        blocks.append(Block("paragraph", start, b.offset))
    b.origin.append(len(source))
    return Document(
        path=path,
        format=fmt,
        encoding=encoding,
        source=source,
        text="".join(b.parts),
        origin=b.origin,
        blocks=blocks,
    )


def read_text(path: Path, display: str, encoding: str | None = None) -> Document:
    data = read_bytes(path, display)
    if not data.strip():
        raise InputError("文件为空", path=display)
    text, enc = decode(data, display, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("文件为空", path=display)
    fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    return build_document(text, display, fmt, enc)
