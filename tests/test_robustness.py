"""Robustness at the limits: oversized input is refused with one clear line (or read, when allowed);
a rule file that tries to run code is refused at load with its file and line; jxlint never writes to
an input file, and read-only inputs work."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from officegen import blocks_of, write_docx, write_pdf
from reportgen import generate, perturb

from lint.cli import cli
from lint.errors import InputError, RuleError
from lint.readers import DEFAULT_MAX_SIZE, read_document
from lint.rules.loader import load_rule
from lint.sizes import MB, format_size, parse_size

ROOT = Path(__file__).resolve().parents[1]
RAT001 = ROOT / "rules" / "rat" / "RAT001-rate-mismatch.yaml"
FORMULA_LINE = 'formula: "rate == actual / base * 100"'


def invoke(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _report_with_finding(seed: int = 5) -> str:
    report = generate(seed)
    rng = random.Random(seed)
    return perturb(report, rng.choice(report.perturbable()), rng).text


# --- size limit --------------------------------------------------------------------------------------


def test_parse_size() -> None:
    assert parse_size("20MB") == parse_size("20m") == parse_size("20") == 20 * MB
    assert parse_size("500KB") == 500 * 1024
    assert parse_size("1GB") == 1024 * MB
    assert parse_size("0") == 0
    assert parse_size(" 1.5 MB ") == int(1.5 * MB)
    for bad in ("", "MB", "-1", "ten", "5TB", "nan", "inf"):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert format_size(DEFAULT_MAX_SIZE) == "20 MB"


@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 50 MB text report: real sentences, repeated."""
    path = tmp_path_factory.mktemp("big") / "50MB.txt"
    block = (generate(1).text + "\n").encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(50 * MB // len(block) + 1):
            fh.write(block)
    assert path.stat().st_size > 50 * MB
    return path


def test_50mb_text_is_refused_with_one_line(fifty_mb: Path) -> None:
    result = invoke(["check", str(fifty_mb)])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"jxlint: {fifty_mb}: 文件过大（50.")
    assert "上限 20 MB" in line and "--max-size" in line


def test_50mb_is_one_unreadable_row_of_an_audit(fifty_mb: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    os.symlink(fifty_mb, folder / "big.txt")
    (folder / "ok.txt").write_text(generate(2).text, encoding="utf-8")
    result = invoke(["audit", str(folder), "--no-progress", "--json", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    assert "1 个无法读取" in result.stdout
    files = {Path(f["path"]).name: f for f in json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["files"]}
    assert "文件过大" in files["big.txt"]["errors"][0] and not files["ok.txt"]["errors"]


def test_max_size_raises_and_lowers_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(generate(3).text * 40, encoding="utf-8")  # ~80 KB
    size = path.stat().st_size
    assert invoke(["check", str(path), "--max-size", "10KB"]).exit_code == 2
    assert invoke(["check", str(path), "--max-size", f"{size // 1024 + 1}KB"]).exit_code in (0, 1)
    assert invoke(["check", str(path), "--max-size", "0"]).exit_code in (0, 1)  # no limit
    assert invoke(["claims", str(path), "--max-size", "10KB"]).exit_code == 2
    bad = invoke(["check", str(path), "--max-size", "lots"])
    assert bad.exit_code == 2 and "--max-size" in bad.stderr
    with pytest.raises(InputError, match="上限 10 KB"):
        read_document(path, max_size=10 * 1024)
    assert read_document(path, max_size=None).source


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_limit_counts_the_extracted_text_of_docx_and_pdf(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"r{suffix}"
    blocks = blocks_of(generate(4).text)
    (write_docx if suffix == ".docx" else write_pdf)(blocks, path)
    doc = read_document(path)
    text_size = len(doc.source.encode("utf-8"))
    with pytest.raises(InputError, match="提取出的文字过大"):
        read_document(path, max_size=text_size - 1)
    assert read_document(path, max_size=text_size).source == doc.source
    # the file itself may be larger than its text (pictures, fonts): only the text counts
    read_document(path, max_size=max(text_size, 1))


# --- rule files that try to run code --------------------------------------------------------------------

FORMULAS = {
    "import": "rate == __import__('os').system('echo pwned')",
    "attribute": "rate == actual.__class__ / base",
    "dunder-chain": "rate == actual.__class__.__mro__[1].__subclasses__()",
    "call": "rate == abs(actual) / base * 100",
    "getattr": "rate == getattr(actual, 'real') / base",
    "lambda": "rate == (lambda: actual)() / base",
    "list-comprehension": "rate == [a for a in actual] / base",
    "set-comprehension": "rate == {a for a in actual} / base",
    "dict-comprehension": "rate == {a: a for a in actual} / base",
    "generator": "rate == sum(a for a in actual) / base",
    "subscript": "rate == actual[0] / base * 100",
    "slice": "rate == actual[::-1] / base",
    "f-string": "rate == f'{actual}' / base",
    "string": "rate == 'actual' / base",
    "walrus": "rate == (x := actual) / base",
    "conditional": "rate == actual if base else 0",
    "boolean": "rate == actual and base",
    "bytes": "rate == b'x' / base",
    "complex": "rate == 1j * actual / base",
    "ellipsis": "rate == ... / base",
    "power": "rate == actual ** base",
    "floor-division": "rate == actual // base",
    "bitwise": "rate == actual ^ base",
    "infinite-float": "rate == actual / base * 1e999",
    "too-long": "rate == actual / base * 100" + " + 0" * 200,
    "deep-nesting": "rate == " + "(" * 240 + "actual" + ")" * 240,
}


def _damaged_rule(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "rules" / "rat" / RAT001.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("formula", FORMULAS.values(), ids=FORMULAS.keys())
def test_formula_that_runs_code_is_refused_with_file_and_line(tmp_path: Path, formula: str) -> None:
    original = RAT001.read_text(encoding="utf-8")
    assert FORMULA_LINE in original
    target = _damaged_rule(tmp_path, original.replace(FORMULA_LINE, "formula: " + json.dumps(formula)))
    with pytest.raises(RuleError) as info:
        load_rule(target)
    assert info.value.path == str(target)
    assert info.value.line == _line(target, "formula:")
    assert f"{target}:{info.value.line}: " in str(info.value)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!!python/object/new:subprocess.Popen [['echo', 'pwned']]",
    ],
)
def test_yaml_tags_that_build_objects_are_refused(tmp_path: Path, tag: str) -> None:
    original = RAT001.read_text(encoding="utf-8")
    target = _damaged_rule(tmp_path, original.replace(FORMULA_LINE, f"formula: {tag}"))
    with pytest.raises(RuleError) as info:
        load_rule(target)
    assert info.value.path == str(target)
    assert info.value.line == _line(target, "formula:")


@pytest.mark.parametrize("placeholder", ["{stated.__class__.__mro__}", "{stated[0]}", "{stated!r:>{expected}}"])
def test_message_placeholder_with_attribute_access_is_refused(tmp_path: Path, placeholder: str) -> None:
    original = RAT001.read_text(encoding="utf-8")
    needle = 'zh: "比率写为 {stated}'
    assert needle in original
    target = _damaged_rule(tmp_path, original.replace(needle, f'zh: "比率写为 {placeholder}', 1))
    with pytest.raises(RuleError) as info:
        load_rule(target)
    assert info.value.path == str(target) and info.value.line == _line(target, placeholder)


# --- inputs are never written -----------------------------------------------------------------------------


def _state(paths: list[Path]) -> dict[str, tuple[int, int, int, str]]:
    return {
        p.name: (p.stat().st_mtime_ns, p.stat().st_size, p.stat().st_mode, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in paths
    }


@pytest.fixture()
def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = _report_with_finding()
    txt = folder / "a.txt"
    txt.write_text(text, encoding="utf-8")
    md = folder / "b.md"
    md.write_text("<!-- jxlint: disable-next-line DOC001 -- 模板示例 -->\n" + _report_with_finding(8), encoding="utf-8")
    docx, pdf = folder / "c.docx", folder / "d.pdf"
    write_docx(blocks_of(_report_with_finding(9)), docx)
    write_pdf(blocks_of(_report_with_finding(12)), pdf)
    return [txt, md, docx, pdf]


def test_inputs_are_never_written(inputs: list[Path], tmp_path: Path) -> None:
    before = _state(inputs)
    folder = inputs[0].parent
    names_before = sorted(p.name for p in folder.iterdir())
    out = tmp_path / "out"
    out.mkdir()
    paths = [str(p) for p in inputs]
    for fmt in ("concise", "full", "json", "html", "sarif", "github", "junit"):
        assert invoke(["check", "--format", fmt, *paths]).exit_code == 1, fmt
    assert (
        invoke(["check", "--statistics", "--output-file", str(out / "r.json"), "--format", "json", *paths]).exit_code
        == 1
    )
    exports = ["--csv", str(out / "a.csv"), "--json", str(out / "a.json"), "--html", str(out / "a.html")]
    exports += ["--xlsx", str(out / "a.xlsx")]
    assert invoke(["audit", str(folder), "--no-progress", *exports]).exit_code == 1
    assert invoke(["audit", str(folder), "--no-progress", "--baseline", str(out / "a.json")]).exit_code == 0
    assert invoke(["claims", str(inputs[2])]).exit_code == 0
    waived = invoke(["check", "--add-waivers", "--reason", "已核实", *paths])
    assert waived.exit_code == 0, waived.output
    assert invoke(["check", *paths]).exit_code == 0  # the waivers took effect …
    assert _state(inputs) == before  # … and the reports are byte for byte, mode and mtime as they were
    # the only new file beside the reports is the configuration that holds the waivers
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names_before, ".jxlint.yaml"])


def test_read_only_inputs_still_work(inputs: list[Path], tmp_path: Path) -> None:
    folder = inputs[0].parent
    for p in inputs:
        p.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        before = _state(inputs)
        assert invoke(["check", *map(str, inputs)]).exit_code == 1
        result = invoke(["audit", str(folder), "--no-progress", "--json", str(tmp_path / "a.json")])
        assert result.exit_code == 1 and "共 4 个文件（0 个无法读取）" in result.stdout
        assert _state(inputs) == before
    finally:
        folder.chmod(stat.S_IRWXU)
        for p in inputs:
            p.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(folder)
