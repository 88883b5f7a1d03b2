"""PDF reports → `Document`.

pypdfium2 gives the text of a page in content-stream order, fast (~0.5 ms a page), but that order is
not always the reading order (LibreOffice writes quotation marks of a fallback font before the text
around them; table cells come cell by cell). We rebuild the visual lines from a few character boxes:
words that share a baseline are one line, read left to right, and a wide gap (a cell boundary)
becomes a tab. Ruled tables are read cell by cell from their border lines, so empty and wrapped
cells keep their column, and rows reach `build_document` as tab-separated lines — table blocks, as
in a .txt report. Page numbers and running headers/footers are dropped, and a line that fills the
measure is joined to the next one, so a sentence broken by a line or page end reads whole.
Each extracted line remembers its page and its line on that page.

A PDF whose text layer is unusable (a scan, or fonts without a Unicode map that extract as control
characters or private-use glyphs) is refused with a reason instead of being linted as nonsense.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint.document import Document, LineOrigin
from lint.errors import InputError
from lint.readers.magic import describe, is_pdf, read_bytes, wrong_kind
from lint.readers.text import _STARTS_BLOCK, build_document

TAB_GAP = 0.8  # a gap of this many font sizes between two words of a line is a cell boundary
SPACE_GAP = 0.15  # below this, words of a line touch
AUTOSPACE = 0.27  # Word/LibreOffice set CJK apart from digits by ~¼ em; that gap is not a typed space
FULL_LINE = 1.5  # a line ending within this many font sizes of the right margin fills the measure
SHORT_LINE = 8.0  # one ending this far before it ends its paragraph (a long number can push ~5 em over)
MIN_CHARS_PER_PAGE = 20  # fewer readable characters than this per page: a scan with stray text
MAX_BAD_SHARE = 0.05  # control characters / U+FFFD / private-use glyphs
MIN_CJK_SHARE = 0.10  # of the non-space characters: a Chinese report, or a text layer without ToUnicode

_PAGE_NUMBER = re.compile(
    r"^[-—–－·•\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?[-—–－·•\s]*$"
    r"|^(?:page|Page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?$"
)
_SPACES = re.compile(r"[ \u3000\u00a0]+")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_TIGHT = re.compile(r"[0-9A-Za-z%]")
_OFTEN_OUT_OF_ORDER = re.compile("[“”‘’\"'—…·]")  # set in a Western fallback font inside CJK text
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_LABEL_TAB = re.compile(
    r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．)）]|[①-⑳])[\t ](?=([^\t]?)[^\t]*$)"
)


def _sep(gap: float, size: float, left: str, right: str) -> str:
    """What stands between two words of a line that are `gap` apart: a cell boundary, a space or nothing."""
    if gap >= TAB_GAP * size:
        return "\t"
    if gap < SPACE_GAP * size:
        return ""
    if gap < AUTOSPACE * size and (
        (_CJK.match(left) and _TIGHT.match(right)) or (_TIGHT.match(left) and _CJK.match(right))
    ):
        return ""
    return " "


def _untab_label(m: re.Match[str]) -> str:
    # a list label set off by a tab (Word's number suffix): glued to its text as the .docx reader does
    label, first = m.group(1), m.group(2)
    return label + (" " if label[-1].isascii() and first.isascii() and first.isalnum() else "")


@dataclass(slots=True)
class _Word:
    """A run of characters without spaces, in the order pdfium gives them, with its place on the page."""

    text: str
    x0: float
    x1: float
    base: float  # baseline y (PDF units, upwards)
    size: float  # font size
    spaced: bool = False  # a space character (not one pdfium made up from a gap) stands before it
    bottom: float = 0.0  # the line's band, from the baseline and the font size
    top: float = 0.0

    def __post_init__(self) -> None:
        self.bottom = self.base - 0.25 * self.size
        self.top = self.base + 0.85 * self.size


@dataclass(frozen=True)
class _Line:
    """A visual line; `x0`/`x1`/`size` tell whether it fills the measure (0 for table rows)."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    base: float = 0.0  # baseline y


class _Boxes:
    """Character geometry from pdfium, through reused ctypes buffers (this is the hot loop)."""

    def __init__(self, textpage: Any, raw: Any) -> None:
        self.handle = textpage.raw
        self.raw = raw
        self.rect = raw.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.xy_refs = ctypes.byref(self.x), ctypes.byref(self.y)

    def box(self, i: int) -> tuple[float, float]:
        """Pen position and pen position + advance of a character (its loose box, across)."""
        self.raw.FPDFText_GetLooseCharBox(self.handle, i, self.rect_ref)
        return self.rect.left, self.rect.right

    def origin(self, i: int) -> tuple[float, float]:
        self.raw.FPDFText_GetCharOrigin(self.handle, i, *self.xy_refs)
        return self.x.value, self.y.value

    def size(self, i: int) -> float:
        return float(self.raw.FPDFText_GetFontSize(self.handle, i))


def _words(textpage: Any, raw: Any) -> tuple[list[_Word], bool] | None:
    """The page's words and whether its text runs sideways; None if boxes cannot be used."""
    text: str = textpage.get_text_range()
    if textpage.count_chars() != len(text):
        return None  # characters outside UCS-2: indices no longer line up with the text
    boxes = _Boxes(textpage, raw)
    generated, handle = raw.FPDFText_IsGenerated, textpage.raw
    words: list[_Word] = []
    sideways = upright = 0
    for m in re.finditer(r"[^\r\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        ox0, base = boxes.origin(s)
        if e - s > 1:
            ox1, base1 = boxes.origin(e - 1)
            if abs(base1 - base) > abs(ox1 - ox0):
                sideways += 1
            else:
                upright += 1
        size = boxes.size(s) or 10.0
        last = s
        spaced = False
        for gap in [*_SPACES.finditer(text, s, e), None]:
            k, k2 = (gap.start(), gap.end()) if gap else (e, e)
            x0, x1 = boxes.box(last)[0], boxes.box(k - 1)[1]
            if _OFTEN_OUT_OF_ORDER.search(text, last, k) or x1 - x0 < 0.45 * size * (k - last - 1):
                pieces = _in_order(text, last, k, boxes, base, size)
                pieces[0].spaced = spaced
                words.extend(pieces)
            else:
                words.append(_Word(text[last:k], x0, x1, base, size, spaced))
            if gap:
                spaced = not generated(handle, k) or any(not generated(handle, j) for j in range(k + 1, k2))
            last = k2
    return words, sideways > upright


def _in_order(text: str, start: int, end: int, boxes: _Boxes, base: float, size: float) -> list[_Word]:
    """A word whose characters pdfium gives out of order (a fallback font's glyphs written first),
    cut where the pen jumps back, so that sorting the pieces by position restores the reading."""
    out: list[_Word] = []
    run_start = start
    x0, x1 = boxes.box(start)
    for j in range(start + 1, end):
        left, right = boxes.box(j)
        if left < x1 - 0.3 * size:
            out.append(_Word(text[run_start:j], x0, x1, base, size))
            run_start, x0 = j, left
        x1 = right
    out.append(_Word(text[run_start:end], x0, x1, base, size))
    return out


def _group(words: list[_Word]) -> list[list[_Word]]:
    """Words that share a baseline, lines from the top of the page down, each read left to right."""
    lines: list[list[_Word]] = []
    band_bottom = band_top = 0.0
    for w in sorted(words, key=lambda w: -w.base):
        if lines:
            overlap = min(band_top, w.top) - max(band_bottom, w.bottom)
            if overlap >= 0.5 * min(band_top - band_bottom, w.top - w.bottom):
                lines[-1].append(w)
                band_bottom, band_top = min(band_bottom, w.bottom), max(band_top, w.top)
                continue
        lines.append([w])
        band_bottom, band_top = w.bottom, w.top
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


def _join(words: list[_Word]) -> _Line:
    text = words[0].text
    for prev, w in itertools.pairwise(words):
        sep = _sep(w.x0 - prev.x1, max(prev.size, w.size), text[-1:], w.text[:1])
        text += (sep or " " if w.spaced else sep) + w.text
    text = _LABEL_TAB.sub(_untab_label, text)
    return _Line(text, words[0].x0, words[-1].x1, max(w.size for w in words), words[0].base)


# --- ruled tables -------------------------------------------------------------------------------------

RULE_WIDTH = 2.5  # thicker than this, a path is a shape, not a table border
TOL = 1.5


@dataclass
class _Rule:
    at: float  # y of a horizontal rule, x of a vertical one
    lo: float  # its extent along the other axis
    hi: float


def _merge(rules: list[_Rule]) -> list[_Rule]:
    """Collinear touching segments as one rule (Word draws a border cell by cell)."""
    out: list[_Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.at / TOL), r.lo)):
        last = out[-1] if out else None
        if last is not None and abs(last.at - r.at) <= TOL / 2 and r.lo <= last.hi + TOL:
            last.hi = max(last.hi, r.hi)
        else:
            out.append(_Rule(r.at, r.lo, r.hi))
    return sorted(out, key=lambda r: r.at)


def _rules(page: Any, raw: Any) -> tuple[list[_Rule], list[_Rule]]:
    """Horizontal and vertical border lines drawn on the page (top-level path objects)."""
    vals = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in vals]
    h: list[_Rule] = []
    v: list[_Rule] = []
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH or not raw.FPDFPageObj_GetBounds(obj, *refs):
            continue
        x0, y0, x1, y1 = (val.value for val in vals)
        w, ht = x1 - x0, y1 - y0
        if ht <= RULE_WIDTH and w > RULE_WIDTH:
            h.append(_Rule((y0 + y1) / 2, x0, x1))
        elif w <= RULE_WIDTH and ht > RULE_WIDTH:
            v.append(_Rule((x0 + x1) / 2, y0, y1))
        elif raw.FPDFPath_CountSegments(obj) in (4, 5):  # a rectangle: its four edges
            h += [_Rule(y0, x0, x1), _Rule(y1, x0, x1)]
            v += [_Rule(x0, y0, y1), _Rule(x1, y0, y1)]
    return _merge(h), _merge(v)


def _nearest(rules: list[_Rule], keys: list[float], at: float, across: float, below: bool) -> _Rule | None:
    """The closest rule at or before (`below`) / at or after `at` that crosses the line `across`."""
    i = bisect_right(keys, at + TOL) - 1 if below else bisect_left(keys, at - TOL)
    step = -1 if below else 1
    while 0 <= i < len(rules):
        r = rules[i]
        if r.lo - TOL <= across <= r.hi + TOL:
            return r
        i += step
    return None


Box = tuple[float, float, float, float]  # left, right, bottom, top


def _cell(word: _Word, h: list[_Rule], hk: list[float], v: list[_Rule], vk: list[float]) -> Box | None:
    """The ruled box that holds a word, if its four borders close it."""
    mid_x, mid_y = (word.x0 + word.x1) / 2, (word.bottom + word.top) / 2
    lft = _nearest(v, vk, word.x0, mid_y, below=True)
    rgt = _nearest(v, vk, word.x1, mid_y, below=False)
    bot = _nearest(h, hk, word.bottom, mid_x, below=True)
    top = _nearest(h, hk, word.top, mid_x, below=False)
    if lft is None or rgt is None or bot is None or top is None or rgt.at - lft.at < 2 * TOL:
        return None
    for side in (lft, rgt):
        if side.lo > bot.at + TOL or side.hi < top.at - TOL:
            return None
    for side in (bot, top):
        if side.lo > lft.at + TOL or side.hi < rgt.at - TOL:
            return None
    return lft.at, rgt.at, bot.at, top.at


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for x in sorted(values):
        if not out or x - out[-1] > TOL:
            out.append(x)
    return out


def _index(bounds: list[float], x: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - x))


def _tables(words: list[_Word], page: Any, raw: Any) -> tuple[list[tuple[float, list[str]]], list[_Word]]:
    """Words inside ruled tables as tab-separated grid rows (with the table's top); the other words."""
    h, v = _rules(page, raw)
    if not h or not v:
        return [], words
    hk, vk = [r.at for r in h], [r.at for r in v]
    placed: list[tuple[Box, _Word]] = []
    rest: list[_Word] = []
    for w in words:
        box = _cell(w, h, hk, v, vk)
        if box is None:
            rest.append(w)
        else:
            placed.append((box, w))
    # tables: boxes that touch or overlap vertically, from the top down
    clusters: list[list[tuple[Box, _Word]]] = []
    floor = 0.0
    for item in sorted(placed, key=lambda it: -it[0][3]):
        if clusters and item[0][3] >= floor - TOL:
            clusters[-1].append(item)
            floor = min(floor, item[0][2])
        else:
            clusters.append([item])
            floor = item[0][2]
    tables: list[tuple[float, list[str]]] = []
    for cluster in clusters:
        cols = _snap([x for box, _ in cluster for x in box[:2]])
        rows = _snap([y for box, _ in cluster for y in box[2:]])[::-1]
        if len(cols) < 3:  # one column: a frame around text, not a table
            rest.extend(w for _, w in cluster)
            continue
        grid: dict[tuple[int, int], list[_Word]] = {}
        for box, w in cluster:
            grid.setdefault((_index(rows, box[3]), _index(cols, box[0])), []).append(w)
        width = max(len(cols) - 1, 3)  # two columns get an empty third: a tab-separated row needs two tabs
        lines: list[str] = []
        for r in range(len(rows) - 1):
            cells = [_cell_text(grid.get((r, c), [])) for c in range(width)]
            if any(cells):
                lines.append("\t".join(cells))
        tables.append((rows[0], lines))
    return tables, rest


def _cell_text(words: list[_Word]) -> str:
    out = ""
    for line in _group(words):
        text = _join(line).text.replace("\t", " ")
        if out and text and out[-1].isascii() and out[-1].isalpha() and text[0].isascii() and text[0].isalpha():
            out += " "  # words wrapped inside the cell; a wrapped number or CJK text joins up
        out += text
    return out


def _page_lines(page: Any, raw: Any) -> list[_Line]:
    textpage = page.get_textpage()
    try:
        found = _words(textpage, raw)
        if found is None:
            return [_Line(line.strip()) for line in textpage.get_text_range().splitlines() if line.strip()]
    finally:
        textpage.close()
    words, sideways = found
    if not words:
        return []
    if sideways:  # rotated text: keep pdfium's order
        return [_Line(" ".join(w.text for w in line)) for line in _group_stream(words)]
    lines = [_join(g) for g in _group(words)]
    left = min(line.x0 for line in lines)
    inset = sum(1 for line in lines if line.x0 > left + 3 * line.size)
    if inset < 2 and not any("\t" in line.text for line in lines):
        return lines
    # a wide gap, or text starting mid-page, suggests a table: read the ruled ones cell by cell
    # (keeps empty and wrapped cells in their column); looking for rules costs ~1 ms a page
    tables, rest = _tables(words, page, raw)
    if not tables:
        return lines
    out: list[tuple[float, list[_Line]]] = [(top, [_Line(row) for row in rows]) for top, rows in tables]
    out += [(max(w.top for w in g), [_join(g)]) for g in _group(rest)]
    out.sort(key=lambda item: -item[0])
    return [line for _, chunk in out for line in chunk]


def _group_stream(words: list[_Word]) -> list[list[_Word]]:
    """Consecutive words on one baseline, in pdfium's order."""
    out: list[list[_Word]] = []
    for w in words:
        if out and out[-1][-1].base == w.base:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _joins(lines: list[tuple[int, _Line]]) -> dict[int, bool]:
    """Paragraph breaks known from the layout, for `build_document` (line index → joins the next).

    A line that fills the measure and stops mid-sentence goes on in the next one (even after
    `其中：`); one that stops well short ends its paragraph. Where the document shows how its
    paragraphs start — a first-line indent, or extra space between paragraphs — that decides a full
    line ending in `。` too; otherwise the text heuristics do.
    """
    body = [(page, line) for page, line in lines if line.size and "\t" not in line.text]
    right: dict[int, float] = {}
    left: dict[int, float] = {}
    for page, line in body:
        right[page] = max(right.get(page, line.x1), line.x1)
        left[page] = min(left.get(page, line.x0), line.x0)

    def indented(page: int, line: _Line) -> bool:
        return line.x0 >= left[page] + FULL_LINE * line.size

    def full(page: int, line: _Line) -> bool:
        return line.x1 >= right[page] - FULL_LINE * line.size

    pitches = sorted(
        round(a.base - b.base, 1) for (pa, a), (pb, b) in itertools.pairwise(body) if pa == pb and a.base > b.base
    )
    pitch = pitches[len(pitches) // 4] if pitches else 0.0  # within a paragraph: the tighter spacing
    spaced = pitch > 0 and sum(1 for x in pitches if x > 1.3 * pitch) >= max(2, len(pitches) // 20)
    indents = sum(1 for page, line in body if indented(page, line) and full(page, line))
    indenting = indents >= max(2, len(body) // 30)

    out: dict[int, bool] = {}
    for i, ((page, a), (next_page, b)) in enumerate(itertools.pairwise(lines)):
        if not a.size or not b.size or "\t" in a.text or "\t" in b.text:
            continue
        gap = a.base - b.base if page == next_page else None
        tight = spaced and gap is not None and gap <= 1.3 * pitch
        block = _STARTS_BLOCK.match(b.text)
        if spaced and gap is not None and not tight:
            out[i] = False  # space between paragraphs
        elif indenting and indented(next_page, b):
            out[i] = False  # the next paragraph's first line
        elif tight and full(page, a):
            out[i] = True  # lines of one paragraph
        elif full(page, a):
            if a.text.endswith(("。", "！", "？", "!", "?")):
                if indenting and not block:
                    out[i] = True  # a sentence ended with the line, the paragraph goes on
            elif not (block and a.text.endswith(("：", "；", ":", ";"))):
                out[i] = True  # mid-sentence (`第四届…` starting the next line is no heading)
        elif a.x1 < right[page] - SHORT_LINE * a.size:
            out[i] = False
    return out


def _continues_row(prev: str, line: str) -> bool:
    """A table row that a page break cut: the new page's first row has the same cells, the first empty."""
    return "\t" in prev and line.startswith("\t") and prev.count("\t") == line.count("\t")


def _merge_rows(prev: str, line: str) -> str:
    cells = []
    for a, b in zip(prev.split("\t"), line.split("\t"), strict=True):
        glue = " " if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha() else ""
        cells.append(a + glue + b if a and b else a or b)
    return "\t".join(cells)


def _furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, line) of page numbers and of headers/footers repeated at the same place on 3+ pages.

    A bare number counts as a page number at the foot of a page; at its head only when pages
    repeat it, since a page may well begin with a table cell or list number of its own.
    """

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", "".join(text.split()))

    def repeated(counter: Counter[str], text: str) -> bool:
        # not a table row: a header row repeated on each page still belongs to its table
        return bool(text) and "\t" not in text and counter[text] >= 3

    def edge(lines: list[_Line], index: int) -> str:
        return lines[index].text.strip() if -len(lines) <= index < len(lines) else ""

    def number(text: str) -> int | None:
        digits = re.sub(r"[-—–－·•\s]", "", text)
        return int(digits) if digits.isdigit() else None

    # the edge line may carry the page number; the one inside it must repeat exactly
    tops = Counter([key(edge(lines, 0)) for lines in pages] + [edge(lines, 1) for lines in pages])
    bottoms = Counter([key(edge(lines, -1)) for lines in pages] + [edge(lines, -2) for lines in pages])
    # a bare number at the foot is a page number when it keeps step with the pages
    offsets = Counter(
        value - p for p, lines in enumerate(pages, 1) for i in (-1, -2) if (value := number(edge(lines, i))) is not None
    )
    step, seen = offsets.most_common(1)[0] if offsets else (0, 0)
    out: set[tuple[int, int]] = set()
    for p, lines in enumerate(pages):
        n = len(lines)
        for i in (n - 1, n - 2):  # a footer may hold two lines: the unit's name and the number
            text = edge(lines, i) if i >= 0 else ""
            value = number(text)
            if value is not None:
                folio = value - (p + 1) == step and (seen >= 2 or step == 0)
            else:
                folio = bool(_PAGE_NUMBER.match(text)) or repeated(bottoms, key(text) if i == n - 1 else text)
            if text and folio and (i == n - 1 or (p, n - 1) in out):
                out.add((p, i))
        for i in (0, 1):
            text = edge(lines, i)
            numbered = _PAGE_NUMBER.match(text) and not text.isdigit()
            if text and (numbered or repeated(tops, key(text) if i == 0 else text)) and (i == 0 or (p, 0) in out):
                out.add((p, i))
    return out


def _check_usable(pages: list[list[_Line]], display: str) -> None:
    text = "".join(line.text for lines in pages for line in lines)
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < MIN_CHARS_PER_PAGE * max(1, len(pages)) and len(chars) < 200:
        raise InputError("PDF 没有可用的文字层（可能是扫描件），请提供 Word 源文件或先做文字识别", path=display)
    bad = len(_CONTROL.findall(text)) + 5 * text.count("(cid:")
    if bad > MAX_BAD_SHARE * len(chars):
        raise InputError(
            "PDF 的文字层无法识别（字体缺少 Unicode 映射，提取出的是乱码），请提供 Word 源文件或先做文字识别",
            path=display,
        )
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    if cjk < MIN_CJK_SHARE * len(chars):
        raise InputError(
            "PDF 中几乎没有中文文字（文字层可能缺少 Unicode 映射），请提供 Word 源文件或先做文字识别",
            path=display,
        )


def _open(data: bytes, display: str) -> Any:
    if not is_pdf(data[:1024]):
        what = describe(data)
        if what is not None:
            raise wrong_kind(display, ".pdf", what)
        raise InputError("不是有效的 PDF 文件（缺少 %PDF 文件头），文件可能已损坏", path=display)
    import pypdfium2 as pdfium  # only when a .pdf is read
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise InputError("PDF 已加密（需要打开密码），请提供未加密的 PDF 或 Word 源文件", path=display) from None
        if exc.err_code == raw.FPDF_ERR_SECURITY:
            raise InputError("PDF 使用了不支持的加密方式，请提供未加密的 PDF 或 Word 源文件", path=display) from None
        raise InputError("PDF 文件已损坏，无法打开，请重新导出", path=display) from None


def read_pdf(path: Path, display: str) -> Document:
    data = read_bytes(path, display)
    pdf = _open(data, display)
    import pypdfium2.raw as raw

    pages: list[list[_Line]] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                pages.append(_page_lines(page, raw))
            finally:
                page.close()
    except InputError:
        raise
    except Exception as exc:  # a damaged page must not show a traceback
        raise InputError(f"无法读取 PDF 内容（{type(exc).__name__}: {exc}），请重新导出", path=display) from None
    finally:
        pdf.close()
    _check_usable(pages, display)
    drop = _furniture(pages)
    kept: list[tuple[int, _Line]] = []
    origins: list[LineOrigin] = []
    for page_no, page in enumerate(pages, 1):
        first = True
        for index, line in enumerate(page):
            text = _CONTROL.sub("", line.text).strip(" \u3000")  # leading tabs are empty cells
            if not text or (page_no - 1, index) in drop:
                continue
            if first and kept and _continues_row(kept[-1][1].text, text):
                kept[-1] = (kept[-1][0], _Line(_merge_rows(kept[-1][1].text, text)))
                first = False
                continue
            first = False
            kept.append((page_no, _Line(text, line.x0, line.x1, line.size, line.base)))
            origins.append(LineOrigin(page=page_no, page_line=index + 1))
    doc = build_document("\n".join(line.text for _, line in kept), display, "pdf", "utf-8", _joins(kept))
    doc.line_origins = origins
    return doc
