"""Decode report bytes: BOM, then strict UTF-8, then strict GB18030 with a plausibility check,
then charset-normalizer; anything else is an `InputError` suggesting `--encoding`.

Statistical detectors alone misread short GBK text (万元 → big5), hence the deterministic cascade.
"""

from __future__ import annotations

import codecs
import re

from lint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CJK = re.compile("[\u4e00-\u9fff]+")
# control characters other than \t \n \f \r, and the replacement character
_BAD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _gb2312_share(text: str) -> float:
    """Share of CJK ideographs that GB2312 can encode: high for real Chinese text, low for mojibake."""
    cjk = "".join(_CJK.findall(text))
    if not cjk:
        return 1.0
    # every GB2312 character is two bytes; the others are dropped
    return len(cjk.encode("gb2312", errors="ignore")) / 2 / len(cjk)


def _looks_like_text(text: str) -> bool:
    limit = max(2, len(text) // 200)
    return all(bad <= limit for bad, _ in enumerate(_BAD.finditer(text), 1))


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"未知的编码名称 {encoding!r}", path=path) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"按指定编码 {encoding} 解码失败（第 {exc.start} 字节）", path=path) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _gb2312_share(text) >= 0.9 and _looks_like_text(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # the detector is a last resort; its failure means "unknown"
        best = None
    if best is not None and best.encoding:
        text = str(best)
        if _looks_like_text(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return text, best.encoding
    raise InputError("无法识别文件编码，请另存为 UTF-8，或用 --encoding 指定（如 --encoding gbk）", path=path)
