"""Word (.docx) reports → `Document`.

python-docx opens the package; our own walker reads `w:body` in document order, because the
high-level API drops content controls, tracked insertions and text boxes, and never renders Word's
automatic numbering (reference/ecosystem.md §2). The walker writes an extracted text — one paragraph
per line, a blank line between paragraphs, one tab-separated line per table row — which goes through
the same `build_document` as a .txt report, so normalisation and claim extraction are shared. Each
extracted line remembers its paragraph number or its table and row.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint.document import Document, LineOrigin
from lint.errors import InputError
from lint.readers.magic import ZIP, describe, read_bytes, wrong_kind, zip_kind
from lint.readers.text import build_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


_W_PREFIX = f"{{{W}}}"


def _w(name: str) -> str:
    return _W_PREFIX + name


P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
SDT, SDT_CONTENT, SDT_PR = _w("sdt"), _w("sdtContent"), _w("sdtPr")
INS, DEL, MOVE_TO, MOVE_FROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
TXBX = _w("txbxContent")
VAL = _w("val")
ALTERNATE, CHOICE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
M_MATH, M_MATH_PARA, M_T, M_F, M_NUM, M_DEN = (f"{{{M}}}{n}" for n in ("oMath", "oMathPara", "t", "f", "num", "den"))

# inline wrappers whose content is part of the paragraph's text
_INLINE_WRAPPERS = {INS, MOVE_TO, *(_w(n) for n in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo"))}
# block or row wrappers whose children stand at the wrapper's level
_BLOCK_WRAPPERS = {_w("customXml"), INS, MOVE_TO}
_DROPPED = {DEL, MOVE_FROM}
_FALSE = {"0", "false", "off"}
LEGACY_SUFFIXES = {".doc", ".wps"}


# --- numbering ----------------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"))
_ROMAN_SMALL = ((9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _chinese(n: int, digits: str = "〇一二三四五六七八九", units: str = "十百千") -> str:
    """Chinese counting numerals as Word renders them for lists: 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    zero = "零" if digits[0] == "〇" else digits[0]
    out: list[str] = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        if not (power == 10 and d == 1 and not out and digits[1] == "一"):
            out.append(digits[d])
        out.append(unit)
    return "".join(out)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in _ROMAN + _ROMAN_SMALL:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _circled(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's `w:numFmt` formats."""
    if fmt in {"bullet", "none"}:
        return ""
    if fmt in {"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"}:
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in {"ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"}:
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt in {"decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"}:
        return _circled(n)
    if fmt in {"decimalFullWidth", "decimalFullWidth2"}:
        return str(n).translate(_FULLWIDTH_DIGITS)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)  # decimal, decimalHalfWidth and anything unknown


@dataclass(frozen=True)
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 0
    legal: bool = False
    style: str | None = None


def _val(el: Any, child: str) -> str | None:
    found = el.find(_w(child)) if el is not None else None
    return None if found is None else found.get(VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(lvl: Any) -> _Level:
    legal = lvl.find(_w("isLgl"))
    return _Level(
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        start=_int(_val(lvl, "start"), 0),
        legal=legal is not None and legal.get(VAL) not in _FALSE,
        style=_val(lvl, "pStyle"),
    )


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # lvlOverride/startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # lvlOverride/lvl


class Numbering:
    """Renders Word's automatic list labels (一、（一）1.) from numbering.xml and the paragraph styles.

    Counters belong to the abstract list, as in Word: two `w:num`s of one `w:abstractNum` continue
    each other unless a `startOverride` restarts the list when that `w:num` is first used.
    """

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId → numStyleLink style
        self.nums: dict[str, _Num] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        if numbering is not None:
            for a in numbering.iterchildren(_w("abstractNum")):
                aid = a.get(_w("abstractNumId"))
                self.abstract[aid] = {_int(lvl.get(_w("ilvl")), 0): _parse_level(lvl) for lvl in a.iter(_w("lvl"))}
                link = _val(a, "numStyleLink")
                if link:
                    self.style_links[aid] = link
            for num in numbering.iterchildren(_w("num")):
                n = _Num(_val(num, "abstractNumId") or "")
                for o in num.iterchildren(_w("lvlOverride")):
                    ilvl = _int(o.get(_w("ilvl")), 0)
                    start = _val(o, "startOverride")
                    if start is not None:
                        n.starts[ilvl] = _int(start, 0)
                    lvl = o.find(_w("lvl"))
                    if lvl is not None:
                        n.levels[ilvl] = _parse_level(lvl)
                self.nums[num.get(_w("numId"))] = n
        if styles is not None:
            self._read_styles(styles)

    def _read_styles(self, styles: Any) -> None:
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for s in styles.iterchildren(_w("style")):
            sid = s.get(_w("styleId"))
            if sid is None:
                continue
            parent = _val(s, "basedOn")
            if parent:
                based[sid] = parent
            numpr = s.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None:
                raw_lvl = _val(numpr, "ilvl")
                own[sid] = (_val(numpr, "numId"), None if raw_lvl is None else _int(raw_lvl, 0))
        for sid in set(own) | set(based):
            num_id: str | None = None
            ilvl: int | None = None
            cur: str | None = sid
            hops = 0
            while cur is not None and hops < 20 and (num_id is None or ilvl is None):
                got = own.get(cur)
                if got is not None:
                    num_id = num_id if num_id is not None else got[0]
                    ilvl = ilvl if ilvl is not None else got[1]
                cur = based.get(cur)
                hops += 1
            if num_id is not None:
                self.style_numpr[sid] = (num_id, ilvl)

    def _levels(self, num_id: str) -> tuple[str, dict[int, _Level]] | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract
        link = self.style_links.get(aid)
        if link and not self.abstract.get(aid):
            # a list defined through a numbering style: follow it to the abstract list it names
            target = self.style_numpr.get(link, (None, None))[0]
            if target is not None and target != num_id and target in self.nums:
                aid = self.nums[target].abstract
        levels = dict(self.abstract.get(aid, {}))
        levels.update(num.levels)
        return aid, levels

    def label(self, ppr: Any | None) -> str:
        """The label of a paragraph (advancing its list's counters), or "" when it is not numbered."""
        num_id: str | None = None
        ilvl: int | None = None
        style = _val(ppr, "pStyle")
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, "numId")
            raw = _val(numpr, "ilvl")
            ilvl = None if raw is None else _int(raw, 0)
        if style and style in self.style_numpr and (num_id is None or ilvl is None):
            s_num, s_lvl = self.style_numpr[style]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        if num_id is None or num_id == "0":
            return ""
        found = self._levels(num_id)
        if found is None:
            return ""
        aid, levels = found
        if ilvl is None:
            ilvl = next((k for k, lv in levels.items() if style and lv.style == style), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        num = self.nums[num_id]
        counters = self.counters.setdefault(aid, [None] * 10)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for k in num.starts:
                if 0 <= k < 10:
                    counters[k] = None
        start = num.starts.get(ilvl, level.start)
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        for shallower in range(ilvl):
            if counters[shallower] is None:
                # a skipped level counts as used at its start (Word and LibreOffice: 一、 then 1. then （二）)
                counters[shallower] = num.starts.get(shallower, levels.get(shallower, _Level()).start)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if level.fmt == "bullet":
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters[k]
            if value is None:
                value = num.starts.get(k, lv.start)
            return format_number(value, "decimal" if level.legal and lv.fmt != "none" else lv.fmt)

        return re.sub(r"%([1-9])", render, level.text)


# --- the body walker ----------------------------------------------------------------------------------


@dataclass
class _Paragraph:
    text: str


@dataclass
class _Table:
    rows: list[list[str]]


def _hidden(rpr: Any | None) -> bool:
    if rpr is None:
        return False
    vanish = rpr.find(_w("vanish"))
    return vanish is not None and vanish.get(VAL) not in _FALSE


def _is_toc(sdt: Any) -> bool:
    pr = sdt.find(SDT_PR)
    if pr is None:
        return False
    gallery = pr.find(f"{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and (gallery.get(VAL) or "").startswith("Table of Contents")


def _children(el: Any, wrappers: set[str] = _BLOCK_WRAPPERS) -> Iterator[Any]:
    """Direct children, looking through content controls and wrappers, skipping deletions."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DROPPED:
            continue  # comments and processing instructions (WPS) have a non-string tag
        if tag == SDT:
            if _is_toc(child):
                continue
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, wrappers)
        elif tag in wrappers:
            yield from _children(child, wrappers)
        else:
            yield child


def _text_boxes(node: Any) -> Iterator[Any]:
    """Outermost text boxes in a drawing, once (DrawingML and its VML fallback hold the same box)."""
    tag = node.tag
    if tag == TXBX:
        yield node
        return
    if tag == ALTERNATE:
        branch = node.find(CHOICE)
        node = branch if branch is not None else node.find(FALLBACK)
        if node is None:
            return
    for child in node:
        if isinstance(child.tag, str):
            yield from _text_boxes(child)


def _math(el: Any) -> str:
    out: list[str] = []
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == M_T:
            out.append(child.text or "")
        elif tag == M_F:
            num, den = child.find(M_NUM), child.find(M_DEN)
            out.append(f"{_math(num) if num is not None else ''}/{_math(den) if den is not None else ''}")
        else:
            out.append(_math(child))
    return "".join(out)


class _Walker:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.items: list[_Paragraph | _Table] = []

    def blocks(self, elements: Iterable[Any]) -> None:
        for el in elements:
            if el.tag == P:
                text, boxes = self.paragraph(el)
                self.items.append(_Paragraph(text))
                for box in boxes:
                    self.blocks(_children(box))
            elif el.tag == TBL:
                later: list[Any] = []
                self.items.append(_Table(self.table(el, later)))
                self.blocks(later)

    def paragraph(self, p: Any) -> tuple[str, list[Any]]:
        out: list[str] = []
        boxes: list[Any] = []
        self.inline(p, out, boxes)
        text = "".join(out).replace("\u00a0", " ")
        label = self.numbering.label(p.find(_w("pPr")))
        if label:
            # keep `1.` apart from a following number (`1.500万元` would read as 1.5)
            sep = " " if label[-1].isascii() and text[:1].isascii() and text[:1].isalnum() else ""
            text = label + sep + text
        return text, boxes

    def inline(self, el: Any, out: list[str], boxes: list[Any]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == R:
                self.run(child, out, boxes)
            elif tag in _INLINE_WRAPPERS:
                self.inline(child, out, boxes)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, out, boxes)
            elif tag in (M_MATH, M_MATH_PARA):
                out.append(_math(child))
            elif tag == ALTERNATE:
                boxes.extend(_text_boxes(child))

    def run(self, r: Any, out: list[str], boxes: list[Any]) -> None:
        if _hidden(r.find(_w("rPr"))):
            return
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag[len(_W_PREFIX) :] if tag.startswith(_W_PREFIX) else ""
            if local == "t":
                out.append(child.text or "")
            elif local in ("tab", "ptab"):
                out.append("\t")
            elif local == "br":
                if child.get(_w("type")) not in ("page", "column"):
                    out.append("\n")
            elif local == "cr":
                out.append("\n")
            elif local == "noBreakHyphen":
                out.append("-")
            elif local in ("drawing", "pict", "object") or tag == ALTERNATE:
                boxes.extend(_text_boxes(child))
            # delText, instrText, fldChar, footnote/comment references, sym: nothing visible to read

    def table(self, tbl: Any, later: list[Any]) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in _children(tbl):
            if tr.tag != TR:
                continue
            trpr = tr.find(_w("trPr"))
            if trpr is not None and trpr.find(DEL) is not None:
                continue  # a tracked row deletion
            cells: list[str] = [""] * _int(_val(trpr, "gridBefore"), 0)
            for tc in _children(tr):
                if tc.tag != TC:
                    continue
                tcpr = tc.find(_w("tcPr"))
                span = max(1, _int(_val(tcpr, "gridSpan"), 1))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if vmerge is not None and vmerge.get(VAL) in (None, "continue"):
                    cells.append("")  # continues the merged cell above: its text stands there
                else:
                    cells.append(self.cell(tc, later))
                cells.extend([""] * (span - 1))
            cells.extend([""] * _int(_val(trpr, "gridAfter"), 0))
            rows.append(cells)
        return rows

    def cell(self, tc: Any, later: list[Any]) -> str:
        parts: list[str] = []
        for el in _children(tc):
            if el.tag == P:
                text, boxes = self.paragraph(el)
                parts.append(" ".join(text.split()))
                later.extend(box_child for box in boxes for box_child in _children(box))
            elif el.tag == TBL:
                later.append(el)  # a nested table is read as a table of its own, after this one
        out = ""
        for part in parts:
            if not part:
                continue
            glue = " " if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() else ""
            out += glue + part
        return out


def _render(items: list[_Paragraph | _Table]) -> tuple[list[str], list[LineOrigin], dict[int, bool]]:
    """The extracted text (as lines), per line the paragraph or table row it came from, and the
    lines that end a table (so that two tables in a row stay two tables)."""
    lines: list[str] = []
    origins: list[LineOrigin] = []
    ends: dict[int, bool] = {}
    paragraph = table = 0

    def gap() -> None:
        if lines:
            lines.append("")
            origins.append(LineOrigin())

    def add_paragraph(text: str) -> None:
        nonlocal paragraph
        parts = [_tidy(part) for part in text.split("\n")]
        parts = [part for part in parts if part]
        if not parts:
            return
        paragraph += 1
        gap()
        for part in parts:
            lines.append(part)
            origins.append(LineOrigin(paragraph=paragraph))

    for item in items:
        if isinstance(item, _Paragraph):
            add_paragraph(item.text)
            continue
        rows = [[" ".join(c.split()) for c in row] for row in item.rows]
        if not any(any(row) for row in rows):
            continue
        width = max(len(row) for row in rows)
        if width == 1:
            for row in rows:  # a one-column table is a frame around paragraphs
                add_paragraph(row[0])
            continue
        table += 1
        gap()
        # two columns get an empty third so that the line reads as a table row (two tabs)
        width = max(width, 3)
        for number, row in enumerate(rows, 1):
            if any(row):  # an empty row is left out; the others keep their numbers
                lines.append("\t".join(row + [""] * (width - len(row))))
                origins.append(LineOrigin(table=table, row=number))
        ends[len(lines) - 1] = False
    return lines, origins, ends


_TABS = re.compile(r"\t+")


def _tidy(line: str) -> str:
    # tabs in a paragraph align text; runs of them are one separator, and none at the edges
    return _TABS.sub("\t", line.strip(" \t\u3000"))


def _open(data: bytes, display: str, suffix: str) -> Any:
    if not data.startswith(ZIP):
        what = describe(data)
        if suffix in LEGACY_SUFFIXES and what != "加密的 Office 文件":
            raise InputError(f"旧版 {suffix} 格式无法直接检查，请在 Word/WPS 中另存为 .docx 后再检查", path=display)
        if what is not None:
            raise wrong_kind(display, suffix, what)
        raise InputError("不是有效的 .docx 文件（应为 zip 压缩包），文件可能已损坏", path=display)
    kind = zip_kind(data)
    if kind is None:
        raise InputError("Word 文件已损坏（压缩包不完整，可能下载或复制时被截断），请重新导出", path=display)
    if kind != "Word 文件（.docx）":
        raise wrong_kind(display, suffix, kind)
    import docx  # heavy (lxml): only when a .docx is read

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise InputError(f"Word 文件已损坏，无法打开（{type(exc).__name__}），请重新导出", path=display) from None


def read_docx(path: Path, display: str, suffix: str = ".docx") -> Document:
    """A .docx (or a .doc/.wps that is really one; a legacy binary one is refused with advice)."""
    data = read_bytes(path, display)
    package = _open(data, display, suffix)
    try:
        try:
            numbering_el = package.part.numbering_part.element
        except NotImplementedError:  # python-docx: the package has no numbering part
            numbering_el = None
        styles_el = package.part.styles.element
        walker = _Walker(Numbering(numbering_el, styles_el))
        walker.blocks(_children(package.element.body))
    except InputError:
        raise
    except Exception as exc:  # malformed XML inside a valid package must not show a traceback
        raise InputError(f"无法读取 Word 文件内容（{type(exc).__name__}: {exc}）", path=display) from None
    lines, origins, ends = _render(walker.items)
    if not any(line.strip() for line in lines):
        raise InputError("Word 文件中没有正文文字（可能只有图片），无法检查", path=display)
    doc = build_document("\n".join(lines), display, "docx", "utf-8", ends)
    doc.line_origins = origins
    return doc
