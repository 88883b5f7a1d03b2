"""jxlint benchmarks, run by hand (not a test): they print figures, they do not assert.

    .venv/bin/python bench/bench.py                 # everything (about two minutes on 2 cores)
    .venv/bin/python bench/bench.py cold corpus     # some sections: cold, corpus, pdf, length
    .venv/bin/python bench/bench.py --runs 41 --reports 500

Sections:
  cold    a fresh `jxlint check` process on one report (warm rule cache), median of N, next to
          `python -c "import click, pydantic, yaml, regex"` measured in the same run, interleaved
  corpus  500 varied generated reports (tests/reportgen.py; two in three with one planted
          contradiction): throughput of `check` (one process, all files) and of `audit`, peak RSS,
          and whether the findings agree with what the generator planted
  pdf     PDF pages per second on a multi-page report (reportlab, as tests/officegen.py writes them)
  length  time against report length ×1, ×10, ×100 (paragraphs concatenated): no quadratic step

Child processes run without PYTHONDONTWRITEBYTECODE, with one warm-up run first, so both sides of
the cold comparison import from bytecode as an installed jxlint does; the rule cache lives in a
temporary JXLINT_CACHE_DIR. Results and how to read them: docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from reportgen import Report, generate, perturb, to_yuan  # noqa: E402

BIN = Path(sys.executable).parent
JXLINT = str(BIN / "jxlint")
PY = sys.executable
LOUD = ("error", "warning")


# --- process measurement ------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    maxrss_mb: float  # getrusage of the child: the largest single process (the child or a reaped worker)
    tree_mb: float  # sampled sum of the RSS of the child and its workers, at its peak
    cpu: float  # user + system seconds of the child and its reaped workers
    returncode: int
    stdout: bytes
    stderr: bytes


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def run(cmd: Sequence[str], env: dict[str, str], sample: bool = False) -> Run:
    """Run `cmd`, return its wall time and memory (wait4 gives this child's own rusage)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sampler() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
            stop.wait(0.01)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample:
        thread.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read() if proc.stdout else b"")),
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read() if proc.stderr else b"")),
    ]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    for r in readers:
        r.join()
    if sample:
        thread.join()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        seconds, usage.ru_maxrss / 1024, peak / 1024, cpu, proc.returncode, b"".join(out_chunks), b"".join(err_chunks)
    )


def child_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COLUMNS")}
    env["JXLINT_CACHE_DIR"] = str(cache)
    return env


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f} ms"


# --- the corpus ---------------------------------------------------------------------------------


@dataclass
class Planted:
    path: Path
    expected: list[tuple[str, int]]  # (family, line) of each error/warning the report must get


def corpus(root: Path, count: int) -> list[Planted]:
    """`count` generated reports: a third clean, the rest with one value moved beyond its rounding;
    a fifth in 元 instead of 万元, a quarter as .md."""
    out: list[Planted] = []
    for seed in range(count):
        report: Report = generate(seed)
        text, expected = report.text, []
        facts = report.perturbable()
        if seed % 3 and facts:
            rng = random.Random(seed)
            p = perturb(report, rng.choice(facts), rng)
            text, expected = p.text, [(p.family, p.line)]
        if seed % 5 == 4:
            text = to_yuan(text)
        path = root / f"{seed // 100:02d}" / f"report-{seed:04d}.{'md' if seed % 4 == 3 else 'txt'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out.append(Planted(path, expected))
    return out


def agreement(planted: list[Planted], report: dict[str, object]) -> tuple[int, list[str]]:
    files = {f["path"]: f for f in report["files"]}  # type: ignore[index, attr-defined]
    good, bad = 0, []
    for p in planted:
        f = files.get(str(p.path))
        got = (
            sorted((d["code"][:3], d["location"]["line"]) for d in f["diagnostics"] if d["severity"] in LOUD)
            if f
            else None
        )
        if got == sorted(p.expected):
            good += 1
        else:
            bad.append(f"{p.path.name}: expected {p.expected}, got {got}")
    return good, bad


# --- sections -----------------------------------------------------------------------------------


def section_cold(tmp: Path, env: dict[str, str], runs: int) -> None:
    print(f"\n== cold `jxlint check` of one report (fresh process, warm rule cache; median of {runs})")
    report = tmp / "one.txt"
    report.write_text(generate(7).text, encoding="utf-8")
    modules = "click, pydantic, yaml, regex"
    if importlib.util.find_spec("regex") is None:  # the comparison's, not a jxlint dependency
        print("   (regex is not installed: `pip install regex` for the floor as specified; measuring without it)")
        modules = "click, pydantic, yaml"
    floor_cmd = [PY, "-c", f"import {modules}"]
    check_cmd = [JXLINT, "check", str(report)]
    for cmd in (floor_cmd, check_cmd, floor_cmd, check_cmd):  # warm-up: bytecode and the rule cache
        r = run(cmd, env)
        if r.returncode not in (0, 1):
            print(f"   {' '.join(cmd)} failed: {r.stderr.decode(errors='replace').strip()}")
            return
    floor: list[float] = []
    check: list[float] = []
    for _ in range(runs):  # interleaved, so background load hits both alike
        floor.append(run(floor_cmd, env).seconds)
        check.append(run(check_cmd, env).seconds)
    f, c = statistics.median(floor), statistics.median(check)
    print(f"   import floor  {ms(f)}  (min {ms(min(floor)).strip()})   python -c 'import {modules}'")
    print(f"   jxlint check  {ms(c)}  (min {ms(min(check)).strip()})   {report.stat().st_size} bytes, generate(7)")
    print(f"   ratio         {c / f:7.2f} ×    (target ≤ 2×)")


def section_corpus(tmp: Path, env: dict[str, str], count: int) -> None:
    print(f"\n== corpus of {count} generated reports (tests/reportgen.py, planted contradictions)")
    root = tmp / "corpus"
    planted = corpus(root, count)
    paths = [str(p.path) for p in planted]
    size = sum(p.path.stat().st_size for p in planted)
    print(
        f"   {count} files, {size / 1e6:.1f} MB, {sum(bool(p.expected) for p in planted)} with a planted contradiction"
    )
    run([JXLINT, "check", paths[0]], env)  # warm the rule cache

    runs = [("check (1 process)", [JXLINT, "check", "--format", "json", "--output-file", "{out}", *paths])]
    runs += [(f"audit ({os.cpu_count()} cores)", [JXLINT, "audit", str(root), "--no-progress", "--json", "{out}"])]
    runs += [("audit (-j 1)", [JXLINT, "audit", str(root), "--no-progress", "--json", "{out}", "-j", "1"])]
    print(f"   {'':18s} {'wall':>7s} {'reports/s':>10s} {'CPU':>7s} {'RSS/process':>12s} {'RSS/all':>8s}  agreement")
    for label, template in runs:
        out = tmp / "out.json"
        r = run([str(out) if a == "{out}" else a for a in template], env, sample=True)
        good, bad = agreement(planted, json.loads(out.read_text(encoding="utf-8")))
        print(
            f"   {label:18s} {r.seconds:6.2f}s {count / r.seconds:10.0f} {r.cpu:6.2f}s {r.maxrss_mb:9.0f} MB "
            f"{r.tree_mb:5.0f} MB  {good}/{count}"
        )
        for line in bad[:10]:
            print("      disagrees:", line)
    print("   targets: audit ≥ 300 reports/s, peak RSS ≤ 150 MB")


def _long_text(n_reports: int) -> str:
    """The fact and prose paragraphs of `n_reports` generated reports, one after another."""
    parts = []
    for seed in range(n_reports):
        lines = generate(1000 + seed, grouping=False).lines
        parts.append("\n".join(lines[1:]) if seed else "\n".join(lines))
    return "\n".join(parts)


def _best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def section_pdf(tmp: Path, env: dict[str, str]) -> None:
    print("\n== PDF pages per second")
    try:
        import pypdfium2
        from officegen import blocks_of, write_pdf
    except ImportError as exc:
        print(f"   skipped: {exc}")
        return
    from lint.claims.extract import extract
    from lint.engine import lint_document
    from lint.readers import read_document
    from lint.rules.loader import load_registry

    pdf = tmp / "long.pdf"
    write_pdf(blocks_of(_long_text(120)), pdf)
    pages = len(pypdfium2.PdfDocument(str(pdf)))
    registry = load_registry()
    read_document(pdf)  # imports the reader
    read = _best_of(lambda: read_document(pdf), 3)

    def whole() -> None:
        doc = read_document(pdf)
        lint_document(doc, registry, None, extract(doc))

    total = _best_of(whole, 3)
    r = run([JXLINT, "check", str(pdf)], env)
    print(f"   {pages} pages, {pdf.stat().st_size / 1e3:.0f} kB")
    print(f"   read (text layer, tables)   {read:6.2f} s   {pages / read:6.1f} pages/s")
    print(f"   read + extract + lint       {total:6.2f} s   {pages / total:6.1f} pages/s")
    print(f"   `jxlint check` (process)    {r.seconds:6.2f} s   {pages / r.seconds:6.1f} pages/s")


def section_length(tmp: Path, env: dict[str, str]) -> None:
    print("\n== time against report length (paragraphs of generated reports concatenated)")
    from lint.claims.extract import extract
    from lint.engine import lint_document
    from lint.readers.text import build_document
    from lint.rules.loader import load_registry

    registry = load_registry()
    base_reports = 4
    previous = None
    for factor in (1, 10, 100):
        text = _long_text(base_reports * factor)

        def whole(text: str = text) -> int:
            doc = build_document(text, "<bench>", "text", "utf-8")
            return len(lint_document(doc, registry, None, extract(doc)).diagnostics)

        findings = whole()
        seconds = _best_of(whole, 5 if factor < 100 else 2)
        step = f"{seconds / previous:6.1f} × the previous" if previous else ""
        lines = text.count("\n") + 1
        print(f"   ×{factor:<4d} {len(text):>9,d} chars {lines:>7,d} lines {ms(seconds)} {findings:5d} findings {step}")
        previous = seconds
    path = tmp / "long.txt"
    path.write_text(_long_text(base_reports * 100), encoding="utf-8")
    r = run([JXLINT, "check", str(path)], env, sample=True)
    print(f"   `jxlint check` of the ×100 file: {r.seconds:.2f} s, peak RSS {r.maxrss_mb:.0f} MB")
    print("   target: ×10 costs ≤ 12 × the time of ×1")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", metavar="SECTION", help="cold, corpus, pdf, length (default: all)")
    parser.add_argument("--runs", type=int, default=21, help="fresh processes for the cold measurement")
    parser.add_argument("--reports", type=int, default=500, help="size of the generated corpus")
    args = parser.parse_args(argv)
    known = ("cold", "corpus", "pdf", "length")
    sections = args.sections or list(known)
    if unknown := [s for s in sections if s not in known]:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    import platform

    print(
        f"jxlint bench — Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"load {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="jxlint-bench-") as name:
        tmp = Path(name)
        env = child_env(tmp / "cache")
        for section in sections:
            if section == "cold":
                section_cold(tmp, env, args.runs)
            elif section == "corpus":
                section_corpus(tmp, env, args.reports)
            elif section == "pdf":
                section_pdf(tmp, env)
            else:
                section_length(tmp, env)


if __name__ == "__main__":
    main()
