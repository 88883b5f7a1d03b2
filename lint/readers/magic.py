"""What a file really is, from its first bytes — so a renamed or legacy file gets a clear reason.

Office documents are often renamed, mailed as .doc, or protected with a password; the suffix alone
says little. Stdlib only: this runs for every .docx/.pdf/.doc before any heavy import.
"""

from __future__ import annotations

from pathlib import Path

from lint.errors import InputError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .doc/.xls/.wps, and encrypted OOXML
ZIP = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"
# An encrypted .docx/.xlsx is an OLE file holding these streams (MS-OFFCRYPTO).
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_STREAM_KINDS = (
    ("WordDocument".encode("utf-16-le"), "旧版 Word 文件（.doc）"),
    ("Workbook".encode("utf-16-le"), "旧版 Excel 文件（.xls）"),
    ("PowerPoint Document".encode("utf-16-le"), "旧版 PowerPoint 文件（.ppt）"),
)
# members that identify the kind of a zip package
_ZIP_KINDS = (
    ("word/", "Word 文件（.docx）"),
    ("xl/", "Excel 文件（.xlsx）"),
    ("ppt/", "PowerPoint 文件（.pptx）"),
    ("content.xml", "OpenDocument 文件（.odt/.ods）"),
    ("Contents/", "WPS/OFD 文件"),
)


def read_bytes(path: Path, display: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在", path=display) from None
    except IsADirectoryError:
        raise InputError("这是一个目录，不是报告文件", path=display) from None
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror}）", path=display) from None
    if not data:
        raise InputError("文件为空（0 字节）", path=display)
    return data


def is_pdf(head: bytes) -> bool:
    # the header may follow a little junk (PDF 1.7 §7.5.2 readers accept it within 1 KiB)
    return b"%PDF-" in head[:1024]


def describe(data: bytes) -> str | None:
    """A short Chinese name for what `data` is, when it is one of the kinds users mix up."""
    head = data[:1024]
    if is_pdf(head):
        return "PDF 文件"
    if head.startswith(OLE):
        if any(s in data for s in _ENCRYPTED_STREAMS):
            return "加密的 Office 文件"
        for stream, name in _STREAM_KINDS:
            if stream in data:
                return name
        return "旧版 Office 二进制文件"
    if head.startswith((ZIP, EMPTY_ZIP)):
        return zip_kind(data) or "zip 压缩包"
    if head.lstrip().startswith(b"{\\rtf"):
        return "RTF 文件"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "图片文件"
    low = head.lstrip().lower()
    if low.startswith((b"<html", b"<!doctype html", b"mime-version")):
        return "网页文件（HTML/MHT）"
    return None


def zip_kind(data: bytes) -> str | None:
    """Which office format a zip package holds, from its member names (no decompression)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    for prefix, name in _ZIP_KINDS:
        if any(n.startswith(prefix) for n in names):
            return name
    return None


def wrong_kind(display: str, suffix: str, what: str) -> InputError:
    if what == "加密的 Office 文件":
        return InputError("文件设置了打开密码（已加密），请在 Word/WPS 中取消密码后另存为 .docx 再检查", path=display)
    if what.startswith("旧版 Word") or what in {"RTF 文件", "网页文件（HTML/MHT）"}:
        return InputError(f"这是{what}，不是 {suffix} 文件：请在 Word/WPS 中另存为 .docx 后再检查", path=display)
    fix = {"PDF 文件": "，请把扩展名改为 .pdf", "Word 文件（.docx）": "，请把扩展名改为 .docx"}.get(what, "")
    return InputError(f"扩展名是 {suffix}，内容却是{what}{fix}", path=display)


def refuse_office(path: Path, display: str, suffix: str) -> None:
    """A .txt/.md that is really a PDF or an Office file: say so instead of guessing an encoding."""
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return  # the text reader reports missing files and directories
    if not (is_pdf(head) or head.startswith((OLE, ZIP))):
        return
    what = describe(head if is_pdf(head) else read_bytes(path, display))
    if what is not None:
        raise wrong_kind(display, suffix, what)


def sniff_suffix(path: Path) -> str:
    """The suffix a file without one should have been given: ".pdf", ".docx", or "" (text)."""
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return ""
    if is_pdf(head):
        return ".pdf"
    return ".docx" if head.startswith(ZIP) else ""
