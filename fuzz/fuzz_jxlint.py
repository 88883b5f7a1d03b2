"""Coverage-guided fuzzing of jxlint's readers, claim extraction and engine (atheris, i.e. libFuzzer).

    .venv/bin/python fuzz/fuzz_jxlint.py                   # long profile: 100,000 inputs (minutes)
    .venv/bin/python fuzz/fuzz_jxlint.py --short           # a few seconds; tests/test_fuzz.py runs this in CI
    .venv/bin/python fuzz/fuzz_jxlint.py --runs 1000000 --target pdf
    .venv/bin/python fuzz/fuzz_jxlint.py --replay crash-…  # run saved inputs once each (libFuzzer's crash files)
    .venv/bin/python fuzz/fuzz_jxlint.py --engine hypothesis --runs 20000   # without atheris

Targets (with `--target all`, the default, the first byte of an input picks one):
  text  the bytes as UTF-8 (errors replaced) → readers.text.build_document → extract → lint_document
  txt   the bytes as a .txt file → read_document (encoding cascade) → extract → lint_document
  docx  the bytes as word/document.xml inside an otherwise valid .docx package → read_document → …
        (mutating the zip itself would only ever reach “not a .docx”; the XML walker is what is ours)
  pdf   the bytes as a .pdf file → read_document (pypdfium2, then our layout code) → …

A reader may refuse an input with InputError (a clear one-line message); any other exception, any
exception from extraction or the engine, an input that takes longer than --timeout seconds, or a
native crash is a finding: libFuzzer stops and writes the input to <artifacts>/crash-… or timeout-….
The corpus starts from generated reports (tests/reportgen.py) in each format, and a dictionary of the
vocabulary (万元, 其中：, 比上年 …) steers mutations towards text that the extractor reads.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TARGETS = ("text", "txt", "docx", "pdf")
DOCUMENT_XML = "word/document.xml"
# tokens the extractor reacts to; written to a libFuzzer dictionary
TOKENS = [
    "万元", "元", "亿元", "千元", "%", "％", "‰", "个百分点", "分", "人", "次", "其中：", "合计", "总计", "占",
    "比上年", "较上年", "增加", "减少", "增长", "下降", "持平", "预算数", "执行数", "决算数", "年初预算",
    "调整后预算", "全年预算", "完成预算的", "执行率", "控制率", "“三公”经费", "因公出国（境）费",
    "公务用车购置及运行费", "公务接待费", "政府采购", "中小企业", "得分", "分，等级：", "等级为", "优", "良",
    "中", "差", "自评得分", "总分", "评价年度：", "评价单位：", "填报日期：", "年", "月", "日", "|", "\t",
    "\n", "\n\n", "，", "。", "；", "：", "=", "×", "/", "÷", "-", "−", "+", "(", ")", "（", "）", "0.00",
    "100", "100.00%", "1,234.56", "12.5", "百分之九十八点五", "三万元", "一、", "（一）", "1.", "①", "**",
    "$\\times$", "\\times", "$", "|---|---|", "<!--", "-->", "<!-- jxlint: disable-next-line RAT001 -- 理由 -->",
    "XX", "××", "（单位名称）", "约", "近", "余", "多", "以上", "2023年", "2023年度", "上年", "本年",
    "\ufeff", "\u3000", "&", "<", ">",
]  # fmt: skip


def _quiet() -> None:
    import warnings

    warnings.simplefilter("ignore")  # pypdfium2 / python-docx warnings on damaged files are not findings


class Harness:
    """The fuzz targets; built once per process (the registry, a .docx template, a scratch folder)."""

    def __init__(self, scratch: Path) -> None:
        from lint.rules.loader import load_registry

        self.registry = load_registry()
        self.scratch = scratch
        self.template = _docx_template(scratch / "template.docx")
        self.count = 0

    def run(self, data: bytes, target: str | None = None) -> None:
        """One input; raises on a finding. Without `target`, the first byte picks one."""
        from lint.claims.extract import extract
        from lint.engine import lint_document
        from lint.errors import InputError
        from lint.readers import read_document
        from lint.readers.text import build_document

        self.count += 1
        if target is None:
            if not data:
                return
            target, data = TARGETS[data[0] % len(TARGETS)], data[1:]
        if target == "text":
            doc = build_document(data.decode("utf-8", "replace"), "<fuzz>", "text", "utf-8")
        else:
            path = self.scratch / f"input.{target}"
            path.write_bytes(self.docx_bytes(data) if target == "docx" else data)
            try:
                doc = read_document(path, "<fuzz>")
            except InputError:
                return
        report = lint_document(doc, self.registry, None, extract(doc))
        for d in report.diagnostics:  # every location lies inside the document
            assert 1 <= d.location.line <= doc.line_count, (d.code, d.location)

    def docx_bytes(self, document_xml: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(self.template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                dst.writestr(item, document_xml if item.filename == DOCUMENT_XML else src.read(item))
        return out.getvalue()


def _docx_template(path: Path) -> Path:
    from audit_corpus import make_docx

    make_docx("模板", path)
    return path


def seeds(harness: Harness, corpus: Path, prefix: bool) -> None:
    """Generated reports in every format, and the fixture reports as text."""
    import random

    from officegen import blocks_of, write_docx, write_pdf
    from reportgen import generate, perturb

    corpus.mkdir(parents=True, exist_ok=True)
    texts = [generate(seed).text for seed in range(4)]
    report = generate(11)
    rng = random.Random(11)
    if report.perturbable():
        texts.append(perturb(report, rng.choice(report.perturbable()), rng).text)
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "reports").glob("r0[1-4]*.*t*"))]

    def add(target: str, name: str, data: bytes) -> None:
        if prefix:
            data = bytes([TARGETS.index(target)]) + data
        (corpus / f"{target}-{name}").write_bytes(data)

    for i, text in enumerate(texts):
        add("text", str(i), text.encode("utf-8"))
        add("txt", f"{i}-gbk", text.encode("gb18030"))
    for i, text in enumerate(texts[:3]):
        docx_path = harness.scratch / f"seed{i}.docx"
        write_docx(blocks_of(text, number_headings=True), docx_path)
        with zipfile.ZipFile(docx_path) as z:
            add("docx", str(i), z.read(DOCUMENT_XML))
        pdf_path = harness.scratch / f"seed{i}.pdf"
        write_pdf(blocks_of(text), pdf_path)
        add("pdf", str(i), pdf_path.read_bytes())


def dictionary(path: Path) -> Path:
    def quote(token: str) -> str:
        return '"' + "".join(f"\\x{b:02x}" for b in token.encode("utf-8")) + '"'

    path.write_text("\n".join(quote(t) for t in TOKENS) + "\n", encoding="ascii")
    return path


def run_atheris(args: argparse.Namespace, scratch: Path) -> int:
    import atheris

    with atheris.instrument_imports(include=["lint"]):
        import lint.api
        import lint.readers.docx
        import lint.readers.pdf  # noqa: F401
    _quiet()
    harness = Harness(scratch)
    target = None if args.target == "all" else args.target
    if args.replay:
        for name in args.replay:
            harness.run(Path(name).read_bytes(), target)
            print(f"{name}: no finding")
        return 0
    corpus = Path(args.corpus) if args.corpus else scratch / "corpus"
    seeds(harness, corpus, prefix=target is None)
    artifacts = Path(args.artifacts).resolve()
    artifacts.mkdir(parents=True, exist_ok=True)
    flags = [
        sys.argv[0],
        f"-runs={args.runs}",
        f"-timeout={args.timeout}",
        "-rss_limit_mb=4096",
        f"-max_len={args.max_len}",
        f"-dict={dictionary(scratch / 'jxlint.dict')}",
        f"-artifact_prefix={artifacts}{os.sep}",
        "-print_final_stats=1",
    ]
    if args.seconds:
        flags.append(f"-max_total_time={args.seconds}")
    if args.seed is not None:
        flags.append(f"-seed={args.seed}")
    started = time.perf_counter()

    def one(data: bytes) -> None:
        harness.run(data, target)

    print(f"fuzz: target {args.target}, up to {args.runs} inputs, corpus {corpus}, artifacts {artifacts}", flush=True)
    atheris.Setup([*flags, str(corpus)], one)
    try:
        atheris.Fuzz()  # exits the process when done (status 0) or on a finding (non-zero)
    finally:  # pragma: no cover - libFuzzer usually exits first
        print(f"fuzz: {harness.count} inputs in {time.perf_counter() - started:.1f} s")
    return 0


def run_hypothesis(args: argparse.Namespace, scratch: Path) -> int:
    """The same targets driven by hypothesis (no coverage guidance): for machines without atheris."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    _quiet()
    harness = Harness(scratch)
    corpus = scratch / "corpus"
    seeds(harness, corpus, prefix=True)
    seed_inputs = [p.read_bytes() for p in sorted(corpus.iterdir())]
    tokens = st.sampled_from([t.encode("utf-8") for t in TOKENS])
    chunks = st.lists(tokens | st.binary(max_size=8) | st.text(max_size=6).map(str.encode), max_size=60)
    mutated = st.tuples(st.sampled_from(seed_inputs), st.integers(0, 2**16), st.binary(max_size=16)).map(
        lambda t: t[0][: t[1] % max(1, len(t[0]))] + t[2] + t[0][t[1] % max(1, len(t[0])) + len(t[2]) :]
    )
    inputs = st.tuples(st.integers(0, len(TARGETS) - 1), chunks.map(b"".join)).map(lambda t: bytes([t[0]]) + t[1])
    started = time.perf_counter()

    @settings(
        max_examples=args.runs,
        deadline=args.timeout * 1000,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=args.seed is not None,
    )
    @given(inputs | mutated)
    def one(data: bytes) -> None:
        harness.run(data, None if args.target == "all" else args.target)

    one()
    print(f"Done {harness.count} runs in {time.perf_counter() - started:.0f} second(s) (hypothesis)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=("all", *TARGETS), default="all")
    parser.add_argument("--runs", type=int, default=100_000, help="inputs to try (default 100,000)")
    parser.add_argument("--seconds", type=int, default=0, help="stop after this many seconds")
    parser.add_argument("--short", action="store_true", help="CI profile: 2,000 inputs or 15 seconds")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take (a hang)")
    parser.add_argument("--max-len", type=int, default=16384, help="largest input libFuzzer makes, in bytes")
    parser.add_argument("--seed", type=int, default=None, help="random seed (reproducible runs)")
    parser.add_argument("--corpus", help="corpus folder to grow (default: a temporary one)")
    parser.add_argument("--artifacts", default=".", help="where crash-/timeout- inputs are written")
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), default="atheris")
    parser.add_argument("--replay", nargs="+", help="run these saved inputs once each")
    args = parser.parse_args(argv)
    if args.short:
        args.runs, args.seconds = min(args.runs, 2000), args.seconds or 15
    run: Callable[[argparse.Namespace, Path], int] = run_atheris if args.engine == "atheris" else run_hypothesis
    if args.engine == "atheris":
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("fuzz: atheris is not installed (pip install atheris); using hypothesis instead", file=sys.stderr)
            run = run_hypothesis
    with tempfile.TemporaryDirectory(prefix="jxlint-fuzz-") as scratch:
        return run(args, Path(scratch))


if __name__ == "__main__":
    sys.exit(main())
