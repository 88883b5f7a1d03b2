"""Suppression: inline directives in text/Markdown comments, and waivers from the configuration.

Suppressed findings are kept (`FileReport.suppressed`, with the reason). Directives and waivers
that are malformed, expired or silence nothing become LNT findings, so suppressions cannot rot.

    <!-- jxlint: disable-next-line RAT001 -- 理由 -->
    <!-- jxlint: disable-line RAT001 -- 理由 -->          (on the line it silences)
    <!-- jxlint: disable RAT001 -- 理由 --> … <!-- jxlint: enable RAT001 -->
    <!-- jxlint: disable-file RAT001 -- 理由 -->
    <!-- jxlint: disable-next-line RAT001 until=2025-12-31 -- 理由 -->   (stops silencing after that day)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from lint.diagnostics import Diagnostic, Location, SuppressedDiagnostic, Suppression
from lint.document import Document
from lint.readers.text import html_comments
from lint.rules.loader import Registry
from lint.selectors import resolve, split_list

if TYPE_CHECKING:
    from lint.engine import Options

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
DIRECTIVE_FORMATS = ("text", "markdown")  # formats whose readers drop HTML comments from the text
# `rest` keeps its trailing whitespace (stripped in code): `.*?\s*$` retried the rest of a long run of
# spaces at every position of it (quadratic)
_DIRECTIVE = re.compile(r"^\s*jxlint\s*:\s*(?P<action>\S*)(?P<rest>.*)", re.DOTALL)
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_UNTIL = re.compile(r"^until=(\d{4}-\d{2}-\d{2})$")

UNUSED, EXPIRED, UNKNOWN, NO_REASON = "LNT001", "LNT002", "LNT003", "LNT004"


@dataclass(frozen=True)
class Waiver:
    """A waiver from the configuration that applies to the file being linted."""

    code: str
    fingerprint: str
    reason: str
    source: str  # `config-path:line`, shown in messages and in the JSON report
    reviewer: str | None = None
    until: date | None = None


@dataclass
class Directive:
    action: str
    line: int
    column: int
    end_column: int
    text: str  # the directive as written, without the comment markers
    selectors: dict[str, str] = field(default_factory=dict)  # token → code or family
    unknown: list[str] = field(default_factory=list)
    reason: str | None = None
    until: date | None = None
    lines: set[int] | None = None  # the lines it covers (None: the whole file)
    used: set[str] = field(default_factory=set)  # tokens that silenced a finding

    @property
    def label(self) -> str:
        return f"{self.action} {' '.join(self.selectors) or ' '.join(self.unknown)}".strip()


def parse_directives(source: str, registry: Registry) -> list[Directive]:
    """Every `<!-- jxlint: … -->` comment of the source, in order, with the lines it covers."""
    lines = source.split("\n")
    found: list[Directive] = []
    for number, text in enumerate(lines, 1):
        for start, end in html_comments(text):
            inside = text[start + 4 : end - 3]
            body = _DIRECTIVE.match(inside)
            if body is None:
                continue  # an ordinary comment
            d = Directive(
                action=body["action"],
                line=number,
                column=start + 1,
                end_column=end + 1,
                text=" ".join(inside.split()),
            )
            codes, reason = _split_reason(body["rest"].rstrip())
            d.reason = reason or None
            if d.action not in ACTIONS:
                d.unknown.append(d.action or "（空）")
            for token in split_list(codes):
                until = _UNTIL.match(token)
                if until:
                    try:
                        d.until = date.fromisoformat(until.group(1))
                    except ValueError:
                        d.unknown.append(token)
                    continue
                target = resolve(token, registry)
                if target is None:
                    d.unknown.append(token)
                else:
                    d.selectors[token] = target
            if not d.selectors and not d.unknown and d.action != "enable":
                d.unknown.append("（未写规则代码）")
            found.append(d)
    _assign_lines(found, lines)
    return found


def _split_reason(rest: str) -> tuple[str, str]:
    """`RAT001 SUM -- 理由` → ("RAT001 SUM", "理由")."""
    parts = _REASON.split(rest, maxsplit=1)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def _has_content(line: str) -> bool:
    kept, at = [], 0
    for start, end in html_comments(line):
        kept.append(line[at:start])
        at = end
    kept.append(line[at:])
    return bool("".join(kept).strip())


def _assign_lines(directives: list[Directive], lines: list[str]) -> None:
    last = len(lines)
    for i, d in enumerate(directives):
        if d.action == "disable-line":
            d.lines = {d.line}
        elif d.action == "disable-next-line":
            # the next line with text, so a blank line may stand between comment and paragraph
            nxt = next((n for n in range(d.line + 1, last + 1) if _has_content(lines[n - 1])), None)
            d.lines = {nxt} if nxt else set()
        elif d.action == "disable":
            targets = set(d.selectors.values())
            end = next(
                (
                    e.line
                    for e in directives[i + 1 :]
                    if e.action == "enable" and (not e.selectors or targets & set(e.selectors.values()))
                ),
                last,
            )
            d.lines = set(range(d.line, end + 1))
        elif d.action == "enable":
            d.lines = set()
        # disable-file: None, every line


def _covers(d: Directive, line: int) -> bool:
    return d.lines is None or line in d.lines


def _fingerprint(code: str, key: str) -> str:
    return hashlib.sha256(f"{code}|{' '.join(key.split())}".encode()).hexdigest()[:16]


class _Args(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class _Stamper:
    registry: Registry
    options: Options
    enabled: Callable[[str], bool]
    out: list[Diagnostic] = field(default_factory=list)

    def emit(self, code: str, at: Location, end: Location, args: dict[str, str], key: str) -> None:
        if code not in self.registry.rules or not self.enabled(code):
            return
        spec = self.registry.get(code).spec
        lang = self.options.lang
        self.out.append(
            Diagnostic(
                code=code,
                name=spec.name,
                severity=self.options.severity.get(code, spec.severity),
                message=spec.message.get(lang).format_map(_Args(args)),
                hint=spec.hint.get(lang).format_map(_Args(args)),
                location=at,
                end_location=end,
                args={k: v for k, v in args.items() if v},
                fingerprint=_fingerprint(code, key),
            )
        )


def apply_suppressions(
    doc: Document,
    diagnostics: list[Diagnostic],
    registry: Registry,
    options: Options,
    enabled: Callable[[str], bool],
    today: date | None = None,
) -> tuple[list[Diagnostic], list[SuppressedDiagnostic]]:
    """Split the findings into shown and suppressed, and add the LNT findings about suppressions."""
    today = today or date.today()
    zh = options.lang != "en"
    stamp = _Stamper(registry, options, enabled)
    directives = parse_directives(doc.source, registry) if doc.format in DIRECTIVE_FORMATS else []

    live: list[Directive] = []
    for d in directives:
        at, end = Location(line=d.line, column=d.column), Location(line=d.line, column=d.end_column)
        for token in d.unknown:
            stamp.emit(UNKNOWN, at, end, {"token": token, "directive": d.text}, f"{d.text}|{token}")
        if d.action not in ACTIONS or d.action == "enable" or not d.selectors:
            continue
        if d.reason is None:
            stamp.emit(NO_REASON, at, end, {"directive": d.label}, d.text)
            continue  # a reason is mandatory: without one the directive silences nothing
        if d.until is not None and d.until < today:
            args = {"until": d.until.isoformat(), "suppression": f"指令 {d.label}" if zh else f"directive {d.label}"}
            stamp.emit(EXPIRED, at, end, args, d.text)
            continue
        live.append(d)

    shown: list[Diagnostic] = []
    suppressed: list[SuppressedDiagnostic] = []
    for diag in diagnostics:
        hits = [
            (d, token)
            for d in live
            if _covers(d, diag.location.line)
            for token, target in d.selectors.items()
            if diag.code.startswith(target)
        ]
        if not hits:
            shown.append(diag)
            continue
        for d, token in hits:
            d.used.add(token)
        # the narrowest directive gives the reason shown
        d = min((d for d, _ in hits), key=lambda d: len(d.lines) if d.lines is not None else 1 << 30)
        how = Suppression(kind="directive", reason=d.reason or "", source=f"{doc.path}:{d.line}")
        suppressed.append(SuppressedDiagnostic.of(diag, how))

    for d in live:
        unused = [t for t, target in d.selectors.items() if t not in d.used and _could_fire(target, registry, enabled)]
        if unused:
            at, end = Location(line=d.line, column=d.column), Location(line=d.line, column=d.end_column)
            what = f"指令 {d.label}" if zh else f"directive {d.label}"
            stamp.emit(UNUSED, at, end, {"suppression": what, "codes": ", ".join(unused)}, d.text)

    shown = _apply_waivers(shown, suppressed, options.waivers, stamp, today, zh)
    shown.extend(stamp.out)
    shown.sort(key=lambda x: (x.location.line, x.location.column, x.code))
    return shown, suppressed


def _could_fire(target: str, registry: Registry, enabled: Callable[[str], bool]) -> bool:
    """A directive for rules that are all switched off in this run is not 'unused'."""
    return any(code.startswith(target) and enabled(code) for code in registry.rules)


def _apply_waivers(
    shown: list[Diagnostic],
    suppressed: list[SuppressedDiagnostic],
    waivers: list[Waiver],
    stamp: _Stamper,
    today: date,
    zh: bool,
) -> list[Diagnostic]:
    top = Location(line=1, column=1)
    remaining: list[Diagnostic] = []
    used: set[int] = set()
    expired = {i for i, w in enumerate(waivers) if w.until is not None and w.until < today}
    for diag in shown:
        match = next(
            (
                i
                for i, w in enumerate(waivers)
                if i not in expired and w.code == diag.code and w.fingerprint == diag.fingerprint
            ),
            None,
        )
        if match is None:
            remaining.append(diag)
            continue
        w = waivers[match]
        used.add(match)
        until = w.until.isoformat() if w.until else None
        how = Suppression(kind="waiver", reason=w.reason, source=w.source, reviewer=w.reviewer, until=until)
        suppressed.append(SuppressedDiagnostic.of(diag, how))
    for i, w in enumerate(waivers):
        if not stamp.enabled(w.code):
            continue  # its rule did not run: the waiver could not have silenced anything
        what = (
            (f"豁免（{w.source}，{w.code} {w.fingerprint}）")
            if zh
            else f"waiver ({w.source}, {w.code} {w.fingerprint})"
        )
        key = f"{w.source}|{w.code}|{w.fingerprint}"
        if i in expired:
            hit = next((d for d in remaining if d.code == w.code and d.fingerprint == w.fingerprint), None)
            at, end = (hit.location, hit.end_location) if hit else (top, top)
            stamp.emit(EXPIRED, at, end, {"until": w.until.isoformat() if w.until else "", "suppression": what}, key)
        elif i not in used:
            stamp.emit(UNUSED, top, top, {"suppression": what, "codes": w.code}, key)
    return remaining
