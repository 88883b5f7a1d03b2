"""Plain-text and Markdown reports → `Document`.

Every character kept in `Document.text` remembers where it came from in the original, so
clean-ups (markdown emphasis, LaTeX wrappers, full-width digits, re-joined paragraphs) never move a
reported location.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

from lint.document import Block, Cell, Document
from lint.errors import InputError, RuleError
from lint.paths import rules_dir
from lint.readers.encoding import decode

FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")


@cache
def reading_table() -> dict[int, int]:
    """Full-width digits and Traditional characters mapped 1:1 to what the vocabulary matches."""
    path = rules_dir() / "vocab" / "traditional.yaml"
    try:
        pairs = yaml.safe_load(path.read_text(encoding="utf-8")).get("traditional") or {}
    except (OSError, AttributeError, yaml.YAMLError) as exc:
        raise RuleError(f"无法读取繁简对照表：{exc}", path=str(path)) from None
    table = dict(FULLWIDTH)
    table.update({ord(t): ord(s) for t, s in pairs.items() if len(t) == 1 and len(s) == 1})
    return table


# LaTeX commands that stand for an operator; the rest of a command is dropped.
_LATEX_OPERATORS = {"times": "×", "cdot": "×", "div": "÷", "%": "%", "approx": "≈", "le": "≤", "ge": "≥"}
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|[%,;! ])")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s?)")
_SENTENCE_END = tuple("。！？；：!?;:")
# A line that starts a new unit of text (heading or list item): never glued to the line before.
_STARTS_BLOCK = re.compile(
    r"^\s*(?:#|\*\*|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.、．)）](?!\d)|\d+\.(?=\d{4}年)|第[一二三四五六七八九十\d]+|附件|目标\d|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
MIN_WRAPPED_LINE = 20  # a shorter line without final punctuation is a title, not a wrapped sentence
_FORM_FIELD = re.compile(r"^[^，,。]{1,10}[：:][^，,。]*$")  # 评价单位：某某局 — a form line, complete as it is


class _Builder:
    """Accumulates normalised characters and their source offsets."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origin = array("l")

    def emit(self, ch: str, source_offset: int) -> None:
        self.chars.append(ch)
        self.origin.append(source_offset)

    def emit_pairs(self, pairs: list[tuple[str, int]]) -> None:
        for ch, off in pairs:
            self.emit(ch, off)

    @property
    def offset(self) -> int:
        return len(self.chars)


def clean_line(line: str, base: int) -> list[tuple[str, int]]:
    """Characters to keep from one source line, with their source offsets.

    Drops markdown heading/quote markers, `**` emphasis, HTML comments and LaTeX wrappers; maps
    LaTeX operators and full-width digits to the plain characters that the parser reads.
    """
    out: list[tuple[str, int]] = []
    start = 0
    heading = _HEADING_MARK.match(line)
    if heading:
        start = heading.end()
    removed = [(m.start(), m.end()) for m in _HTML_COMMENT.finditer(line)]
    i = start
    n = len(line)
    while i < n:
        if removed and removed[0][0] == i:
            i = removed.pop(0)[1]
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
                    out.append((op, base + i))
                i = m.end()
                continue
        if ch in "{}" and out and out[-1][0] != "{":
            # LaTeX grouping braces carry no text of their own
            i += 1
            continue
        out.append((ch.translate(reading_table()), base + i))
        i += 1
    # trailing whitespace carries nothing
    while out and out[-1][0] in " \t\u3000\r":
        out.pop()
    while out and out[0][0] in " \t\u3000":
        out.pop(0)
    return out


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


def _joins(prev: str, nxt: str) -> bool:
    """Whether `nxt` continues the sentence that `prev` left unfinished (a broken paragraph)."""
    p = prev.rstrip()
    if len(p) < MIN_WRAPPED_LINE or p.endswith(_SENTENCE_END) or _FORM_FIELD.match(p):
        return False
    if _STARTS_BLOCK.match(p) and not re.search("[。，；,;]", p):
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
        if not line.strip() or (_TABLE_SEPARATOR.match(line) and "-" in line):
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
                if _TABLE_SEPARATOR.match(line):
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
                    b.emit_pairs(clean_line(source[cs:ce], cs))
                    cells.append(Cell(cell_start, b.offset, "".join(b.chars[cell_start:])))
                rows.append(tuple(cells))
                i += 1
                if joins and joins.get(i - 1) is False:
                    break  # the reader knows the table ends here (two Word tables in a row)
            blocks.append(Block("table", start, b.offset, tuple(rows)))
            continue
        # a paragraph: this line, plus following lines that continue its sentence
        separate(offsets[i])
        start = b.offset
        b.emit_pairs(clean_line(line, offsets[i]))
        prev_text = "".join(b.chars[start:])
        i += 1
        while i < n:
            j = i
            while j < n and not lines[j].strip() and j - i < 2:
                j += 1
            if j >= n or not lines[j].strip() or _is_table_row(lines[j]):
                break
            nxt = clean_line(lines[j], offsets[j])
            nxt_text = "".join(ch for ch, _ in nxt)
            known = joins.get(i - 1) if joins else None
            if not nxt or not (known if known is not None else _joins(prev_text, nxt_text)):
                break
            if prev_text[-1:].isascii() and prev_text[-1:].isalpha() and nxt_text[:1].isascii():
                b.emit(" ", offsets[j] - 1)
            b.emit_pairs(nxt)
            prev_text = "".join(b.chars[start:])
            i = j + 1
        blocks.append(Block("paragraph", start, b.offset))
    b.origin.append(len(source))
    return Document(
        path=path,
        format=fmt,
        encoding=encoding,
        source=source,
        text="".join(b.chars),
        origin=b.origin,
        blocks=blocks,
    )


def read_text(path: Path, display: str, encoding: str | None = None) -> Document:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在", path=display) from None
    except IsADirectoryError:
        raise InputError("这是一个目录，不是报告文件", path=display) from None
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror}）", path=display) from None
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
