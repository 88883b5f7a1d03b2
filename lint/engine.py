"""Run the rules over one document: evaluate, stamp code/severity/message, fingerprint, sort."""

from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lint.claims.extract import extract
from lint.claims.model import ClaimIndex
from lint.diagnostics import Diagnostic, FileReport, Location, Related
from lint.document import Document, Position
from lint.formatters.text import where
from lint.rules.kinds import KINDS, Context, Finding, RuleOptions
from lint.rules.loader import Registry
from lint.rules.spec import SEVERITY_RANK
from lint.suppress import Waiver, apply_suppressions
from lint.tolerance import document_precision


@dataclass
class Options:
    """What a run is asked to do; built from the command line and the configuration file."""

    lang: str = "zh"
    select: set[str] | None = None  # codes or prefixes; None = all
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, str] = field(default_factory=dict)  # code → severity override
    rule_options: dict[str, RuleOptions] = field(default_factory=dict)  # code → tolerance and bases
    profile: str | None = None  # a region profile in rules/profiles/ (grade bands, default budget base)
    fail_on: str = "error"  # the lowest severity that makes the run fail (per file: configs may differ)
    waivers: list[Waiver] = field(default_factory=list)  # the configuration's waivers for this file


class _Args(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fingerprint(code: str, doc: Document, finding: Finding) -> str:
    """Content-based: the rule, the written value and its sentence — not its line number."""
    text = doc.text
    start, stop = _sentence_bounds(text, finding.start, finding.end)
    sentence = _sentence(text, start, stop)
    stated = "".join(finding.args.get("stated", "").split())  # 91.82 万元 in one file, 91.82万元 in another
    h = hashlib.sha256(f"{code}|{stated}|{sentence}".encode())
    return h.hexdigest()[:16]


_SENTENCE_BREAK = re.compile(r"[。；\n]")


@lru_cache(maxsize=4)  # small: it keeps the texts it was asked about alive
def _sentence_breaks(text: str) -> array[int]:
    """Offsets of 。；and line breaks, found once per text: looking for them around each finding
    made thousands of findings on one long line quadratic."""
    return array("q", (m.start() for m in _SENTENCE_BREAK.finditer(text)))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of text[start:end]: after the last break before `start`, up to the first at or
    after `end` (a sentence never crosses a line)."""
    breaks = _sentence_breaks(text)
    i = bisect_left(breaks, start)
    j = bisect_left(breaks, end)
    return (breaks[i - 1] + 1 if i else 0), (breaks[j] if j < len(breaks) else len(text))


LONG_SENTENCE = 4096  # characters without 。；or a line break: not prose any more (a damaged text layer)


@lru_cache(maxsize=16)  # small: it keeps the texts it was asked about alive
def _sentence(text: str, start: int, stop: int) -> str:
    """A sentence without its spacing; many findings in one long sentence ask for it once. A longer
    sentence than LONG_SENTENCE stands in by its digest, so that thousands of findings in it do not
    each hash it whole (quadratic); no sentence of a real report is that long."""
    sentence = "".join(text[start:stop].split())
    if len(sentence) > LONG_SENTENCE:
        return "sha256:" + hashlib.sha256(sentence.encode()).hexdigest()
    return sentence


def _enabled(code: str, options: Options) -> bool:
    def hit(selectors: Iterable[str]) -> bool:
        return any(code.startswith(s) for s in selectors)

    if options.select is not None and not hit(options.select):
        return False
    return not hit(options.ignore)


def _effective_rule_options(registry: Registry, options: Options) -> dict[str, RuleOptions]:
    """Per-rule options: the profile's defaults, overridden by the rule's own configured options."""
    profile = registry.profile(options.profile) if options.profile else None
    out: dict[str, RuleOptions] = {}
    for rule in registry:
        base = RuleOptions()
        if profile is not None:
            base = RuleOptions(budget_base=profile.budget_base, bands=profile.bands)
        own = options.rule_options.get(rule.code)
        if own is not None:
            base = RuleOptions(
                slack=own.slack or base.slack,
                truncation=own.truncation or base.truncation,
                budget_base=own.budget_base or base.budget_base,
                bands=own.bands or base.bands,
            )
        out[rule.code] = base
    return out


def lint_document(
    doc: Document, registry: Registry, options: Options | None = None, index: ClaimIndex | None = None
) -> FileReport:
    """`index`: the document's claims when the caller already extracted them (audit reads score/grade)."""
    options = options or Options()
    index = index if index is not None else extract(doc)
    ctx = Context(
        rule_options=_effective_rule_options(registry, options),
        doc=doc,
        index=index,
        precision=document_precision([c.quantity for c in index.claims]),
        lang=options.lang,
    )
    findings: list[Finding] = []
    for rule in registry:
        findings.extend(KINDS[rule.spec.kind](rule, ctx))
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[int, int]] = set()

    def rank(f: Finding) -> tuple[int, int, int]:
        """One finding per written value: the louder rule, then the more specific one (priority)."""
        spec = registry.get(f.code).spec
        return (f.start, -SEVERITY_RANK[spec.severity], -spec.priority)

    for f in sorted(findings, key=rank):
        if (f.start, f.end) in seen or f.code not in registry.rules or not _enabled(f.code, options):
            continue
        seen.add((f.start, f.end))
        diagnostics.append(_stamp(f, doc, registry, options))
    diagnostics.sort(key=lambda d: (d.location.line, d.location.column, d.code))
    diagnostics, suppressed = apply_suppressions(doc, diagnostics, registry, options, lambda c: _enabled(c, options))
    return FileReport(
        path=doc.path,
        format=doc.format,
        diagnostics=diagnostics,
        claims_total=index.numbers_read,
        claims_checked=len(ctx.checked),
        claims_unattributed=len(index.unattributed),
        suppressed=suppressed,
        fail_on=options.fail_on,
    )


def _location(doc: Document, pos: Position) -> Location:
    """Line and column of the (extracted) text, plus page / paragraph / cell for docx and pdf."""
    if doc.line_origins is None:  # a text file: nothing beyond line and column
        return Location(pos.line, pos.column)
    return Location(pos.line, pos.column, **doc.where(pos))


def _stamp(f: Finding, doc: Document, registry: Registry, options: Options) -> Diagnostic:
    spec = registry.get(f.code).spec
    severity = options.severity.get(f.code, spec.severity)
    if f.cap and SEVERITY_RANK[f.cap] < SEVERITY_RANK[severity]:
        severity = f.cap
    args = _Args(f.args)
    start, end = doc.position(f.start), doc.end_position(f.end)
    related = [Related(location=_location(doc, doc.position(s)), message=m) for s, _, m in f.related]
    if related:
        # “首次出现”: the line of a text file, or the page/paragraph of a .docx/.pdf
        first = related[0].location
        line = f"第 {first.line} 行" if options.lang == "zh" else f"line {first.line}"
        args.setdefault("first_where", where(first, options.lang) or line)
    return Diagnostic(
        code=f.code,
        name=spec.name,
        severity=severity,
        message=spec.message.get(options.lang).format_map(args),
        hint=spec.hint.get(options.lang).format_map(args),
        location=_location(doc, start),
        end_location=_location(doc, end),
        args={k: v for k, v in f.args.items() if v},
        related=related,
        fingerprint=fingerprint(f.code, doc, f),
    )
