"""The five seed reports rebuilt as .docx (and printed to PDF by LibreOffice): the `must` findings of
../shared/seeds/expected.yaml are found there too, with the same code family and stated value as on
the .txt, on the right paragraph. Built at test time; no seed text is kept in this repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from officegen import blocks_of, convert_to_pdf, soffice, write_docx

from lint.api import check_paths
from lint.diagnostics import Diagnostic
from lint.readers.text import build_document

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
FAMILIES = {  # label family → rule-code prefixes that may report it (as ../shared/tools/score_seeds.py)
    "arithmetic": ("RAT", "SUM", "YOY", "CON"),
    "consistency": ("CON", "RAT", "SUM", "YOY"),
    "units": ("UNT", "CON", "RAT", "SUM"),
    "scoring": ("SCR",),
    "hygiene": ("DOC",),
}

pytestmark = pytest.mark.skipif(not (SEEDS / "expected.yaml").is_file(), reason="../shared/seeds is absent")


def _labels() -> dict[str, dict[str, list[dict[str, object]]]]:
    data = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _diagnostics(path: Path) -> list[Diagnostic]:
    run, _, errors = check_paths([path])
    assert not errors, [str(e) for e in errors]
    return list(run.files[0].diagnostics)


def _musts(name: str, txt: list[Diagnostic]) -> list[tuple[str, str, int]]:
    """Each `must` as jxlint reports it on the .txt: (code family, stated value, .txt line)."""
    out = []
    for item in _labels()[name].get("must") or []:
        line = int(str(item["line"]))
        prefixes = FAMILIES.get(str(item.get("family", "")), ())
        hits = [d for d in txt if line - 2 <= d.location.line <= line <= d.end_location.line and d.code[:3] in prefixes]
        assert hits, f"{name}:{line} is not found on the .txt seed"
        stated = str(item.get("stated", ""))
        hits.sort(key=lambda d: stated.replace(" ", "") not in d.args.get("stated", "").replace(" ", ""))
        out.append((hits[0].code[:3], hits[0].args.get("stated", ""), hits[0].location.line))
    return out


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("seeds")
    built: dict[str, dict[str, object]] = {}
    for name, label in _labels().items():
        if not label.get("must"):
            continue
        text = (SEEDS / name).read_text(encoding="utf-8")
        docx_path = out / (Path(name).stem + ".docx")
        numbers = write_docx(blocks_of(text, number_headings=True), docx_path)
        built[name] = {"text": text, "docx": docx_path, "numbers": numbers}
    if soffice() is not None:
        for entry in built.values():
            entry["pdf"] = convert_to_pdf(entry["docx"], out)  # type: ignore[arg-type]
    return built


def _paragraph_of(text: str, line: int) -> int:
    """Index of the block that holds a .txt line, as `blocks_of` lists them."""
    doc = build_document(text, "<seed>", "text", "utf-8")
    for i, b in enumerate(doc.blocks):
        if doc.position(b.start).line <= line <= doc.position(max(b.start, b.end - 1)).line:
            return i
    raise AssertionError(line)


def _found(diags: list[Diagnostic], family: str, stated: str) -> list[Diagnostic]:
    return [d for d in diags if d.code[:3] == family and d.args.get("stated", "") == stated]


def test_seed_musts_in_docx(seeds: dict[str, dict[str, object]]) -> None:
    assert seeds, "no seed with `must` findings"
    for name, entry in seeds.items():
        text, numbers = entry["text"], entry["numbers"]
        assert isinstance(text, str) and isinstance(numbers, list)
        txt_path = SEEDS / name
        diags = _diagnostics(entry["docx"])  # type: ignore[arg-type]
        for family, stated, line in _musts(name, _diagnostics(txt_path)):
            hits = _found(diags, family, stated)
            assert hits, f"{name}: {family} {stated!r} (line {line} of the .txt) missing from the .docx"
            assert numbers[_paragraph_of(text, line)] in {d.location.paragraph for d in hits}, (name, stated, hits)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_seed_musts_in_libreoffice_pdf(seeds: dict[str, dict[str, object]]) -> None:
    import pypdfium2 as pdfium

    for name, entry in seeds.items():
        pdf = entry["pdf"]
        assert isinstance(pdf, Path)
        document = pdfium.PdfDocument(str(pdf))
        pages = ["".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
        document.close()
        diags = _diagnostics(pdf)
        for family, stated, line in _musts(name, _diagnostics(SEEDS / name)):
            hits = _found(diags, family, stated)
            assert hits, f"{name}: {family} {stated!r} (line {line} of the .txt) missing from the PDF"
            for d in hits:
                assert d.location.page is not None
                assert re.sub(r"\s", "", stated) in pages[d.location.page - 1], (name, stated, d.location)
