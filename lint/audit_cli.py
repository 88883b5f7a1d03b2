"""`jxlint audit DIR…`: the reviewer's command (progress bar, ranked summary, exports).

Exit status: 0/1 by `--fail-on` as for `check`; 2 for usage, configuration or rule-pack errors, when
no report file is found, or when *every* file is unreadable. A few unreadable files among many do
not make the audit fail by themselves: they are rows in the summary and in every export, and their
count is printed (docs/audit.md explains why).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lint.cliopts import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    FILE_PATH,
    CommandFn,
    baseline_option,
    common_check_options,
    config_option,
    fail,
    max_size_option,
    overrides_from,
)
from lint.errors import JxlintError

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table
    from rich.text import Text

    from lint.audit import AuditResult
    from lint.summary import RuleCount, SummaryRow


def show_progress(console: Console, disabled: bool) -> bool:
    """A bar only for a person at a terminal: not when piped, not under pre-commit (a pty, but a log)."""
    return not disabled and not os.environ.get("PRE_COMMIT") and console.is_terminal


def _dash(value: object) -> str:
    # ASCII for missing values: “—” is ambiguous-width and misaligns tables in CJK terminals
    return "-" if value is None or value == "" else str(value)


class RowsTable:
    """A rich `Table` whose rows are drawn here, line by line, in rich's layout.

    rich sends every cell through its generic renderer (padding, measuring, wrapping): 0.3 s for the
    500 rows of an audit, a third of the whole run. Here rich lays out a copy of the table that holds
    the header and, per column, the widest cell and the cell with the longest word — which gives the
    column widths of the whole table — and draws its borders and header; the rows are padded (or
    wrapped, with rich's own `Text.wrap`) to those widths. Only box.ASCII with pad_edge=False is drawn.
    """

    def __init__(self, template: Table) -> None:
        self.template = template
        self.rows: list[tuple[list[Text], str]] = []

    def add_row(self, *cells: Text, style: str = "") -> None:
        self.rows.append((list(cells), style))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from copy import copy

        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style

        probe = copy(self.template)
        probe.columns = [copy(c) for c in self.template.columns]
        probe.rows = []
        for column in probe.columns:
            column._cells = []
        if self.rows:
            columns = range(len(probe.columns))
            widest = [max((r[0][i] for r in self.rows), key=lambda t: cell_len(t.plain)) for i in columns]
            wordiest = [max((r[0][i] for r in self.rows), key=lambda t: _longest_word(t.plain)) for i in columns]
            probe.add_row(*widest)
            probe.add_row(*wordiest)
        lines = console.render_lines(probe, options, pad=False)
        if not self.rows:
            for line in lines:
                yield from line
                yield Segment.line()
            return
        texts = ["".join(segment.text for segment in line) for line in lines]
        # the rule under the header (a wrapped header takes more than one line)
        rule = next(k for k, t in enumerate(texts) if k and t.startswith("|") and not t.strip("|+-"))
        head, bottom = lines[: rule + 1], lines[-1]
        widths = [len(part) for part in texts[rule][1:-1].split("+")]
        last = len(widths) - 1
        if any(w - (i > 0) - (i < last) < 1 for i, w in enumerate(widths)):
            # a terminal too narrow for the columns: rich crops them its own way
            yield from console.render(self._full(), options)
            return
        for line in head:
            yield from line
            yield Segment.line()
        bar = Segment("|")
        for cells, row_style in self.rows:
            rendered: list[list[tuple[str, str, str]]] = []  # per cell, per line: left pad, text, right pad
            for i, (cell, column) in enumerate(zip(cells, probe.columns, strict=True)):
                inner = widths[i] - (i > 0) - (i < last)
                text = cell.plain
                if "\n" not in text and cell_len(text) <= inner:
                    parts = [text]
                else:
                    wrapped = cell.wrap(
                        console, inner, overflow=column.overflow or "ellipsis", no_wrap=bool(column.no_wrap)
                    )
                    parts = [line.plain.rstrip() for line in wrapped] or [""]
                right = column.justify == "right"
                rendered.append(
                    [
                        (
                            " " * (i > 0),
                            " " * (inner - cell_len(p)) + p if right else p + " " * (inner - cell_len(p)),
                            " " * (i < last),
                        )
                        for p in parts
                    ]
                )
            base = console.get_style(row_style) if row_style else Style()
            styles = [base + console.get_style(cell.style) if cell.style else base for cell in cells]
            for k in range(max(len(r) for r in rendered)):
                yield bar
                for i, cell_lines in enumerate(rendered):
                    if k < len(cell_lines):
                        left, text, pad = cell_lines[k]
                        yield Segment(left, base)
                        yield Segment(text, styles[i])
                        yield Segment(pad, base)
                    else:
                        yield Segment(" " * widths[i], base)
                    yield bar
                yield Segment.line()
        yield from bottom
        yield Segment.line()

    def _full(self) -> Table:
        """The whole table as rich draws it."""
        from copy import copy

        full = copy(self.template)
        full.columns = [copy(c) for c in self.template.columns]
        full.rows = []
        for column in full.columns:
            column._cells = []
        for cells, style in self.rows:
            full.add_row(*cells, style=style)
        return full


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in text.split()), default=0)


def summary_table(rows: Sequence[SummaryRow], lang: str) -> RowsTable:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from lint.summary import labels

    lab = labels(lang)
    table = RowsTable(Table(box=box.ASCII, show_lines=False, header_style="bold", pad_edge=False))
    # The file and the reason wrap; short columns stay on one line (a unit name is at most ~20 characters).
    columns = table.template
    columns.add_column(lab["file"], overflow="fold", ratio=3)
    columns.add_column(lab["unit"], no_wrap=True)
    for key in ("year", "score", "grade"):
        columns.add_column(lab[key], no_wrap=True)
    for key in ("error", "warning", "info", "coverage"):
        columns.add_column(lab[key], justify="right", no_wrap=True)
    columns.add_column(lab["status"], overflow="fold", ratio=2)
    for r in rows:
        coverage = f"{100 * r.coverage:.0f}%" if r.coverage is not None else "-"
        status = f"{lab['unreadable']}：{r.unreadable}" if r.unreadable else ""
        style = "red" if r.error else "yellow" if r.warning else ""
        cells = [r.path, r.unit, r.year, r.score, r.grade, r.error, r.warning, r.info, coverage]
        # Text() keeps report-derived strings from being read as rich markup ([...] in a unit name)
        table.add_row(
            *(Text(_dash(c)) for c in cells), Text(status or "-", style="bold" if status else ""), style=style
        )
    return table


def rules_table(counts: Sequence[RuleCount], lang: str) -> RowsTable:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from lint.summary import labels

    lab = labels(lang)
    table = RowsTable(Table(box=box.ASCII, header_style="bold", pad_edge=False))
    table.template.add_column(lab["code"], no_wrap=True)
    table.template.add_column(lab["title"], overflow="fold")
    table.template.add_column(lab["count"], justify="right")
    table.template.add_column(lab["files"], justify="right")
    for c in counts:
        table.add_row(Text(c.code), Text(c.title), Text(str(c.count)), Text(str(c.files)))
    return table


def stdout_console() -> Console:
    from rich.console import Console

    probe = Console(file=sys.stdout)
    # Piped or redirected: a wide table, so rows stay on one line in a saved log.
    width = None if probe.is_terminal or os.environ.get("COLUMNS") else 160
    return Console(file=sys.stdout, width=width, highlight=False, emoji=False, soft_wrap=False)


def _export_option(flag: str, help_text: str) -> Callable[[CommandFn], CommandFn]:
    """`--csv FILE` and the like: the file is passed as `csv_path`."""
    return click.option(flag, f"{flag.removeprefix('--')}_path", type=FILE_PATH, help=help_text)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_export_option("--csv", "问题清单导出为 CSV（UTF-8 带 BOM，Excel/WPS 可直接打开）")
@_export_option("--xlsx", "导出 Excel 工作簿（汇总、问题清单、规则统计）")
@_export_option("--json", "导出 JSON（jxlint-report/1 加 audit 汇总）")
@_export_option("--html", "导出单个离线 HTML 页面（原文中标出每个问题）")
@baseline_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="并行进程数（默认：CPU 核数）")
@click.option("--no-progress", is_flag=True, help="不显示进度条（管道中、PRE_COMMIT 设置时本来就不显示）")
@common_check_options
@config_option
@max_size_option
def audit(
    paths: tuple[Path, ...],
    csv_path: Path | None,
    xlsx_path: Path | None,
    json_path: Path | None,
    html_path: Path | None,
    baseline: Path | None,
    jobs: int | None,
    no_progress: bool,
    lang: str,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    encoding: str | None,
    profile: str | None,
    config_path: Path | None,
    max_size: int,
) -> None:
    """批量检查目录中的报告（.txt .md .docx .pdf，含子目录），输出按问题严重程度排序的汇总。"""
    from rich.console import Console

    from lint.audit import discover, run_audit
    from lint.baseline import apply_baseline, load_baseline
    from lint.config import ConfigResolver
    from lint.exports import require_xlsxwriter
    from lint.rules.loader import load_registry

    try:
        if xlsx_path is not None:
            require_xlsxwriter()  # before the work, not after it
        hidden_by = load_baseline(baseline) if baseline is not None else None
        files = discover(paths)
        if not files:
            fail("没有找到报告文件（.txt .md .docx .pdf）：" + "、".join(str(p) for p in paths))
        registry = load_registry()
        resolver = ConfigResolver(registry, overrides_from(lang, select, ignore, fail_on, profile), config_path)
        err = Console(stderr=True)
        if show_progress(err, no_progress):
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=err, transient=True) as progress:
                task = progress.add_task("检查报告" if lang == "zh" else "checking", total=len(files))
                advance: Callable[[int], None] = lambda n: progress.advance(task, n)  # noqa: E731
                result = run_audit(
                    files, resolver.options_for, encoding=encoding, jobs=jobs, advance=advance, max_size=max_size
                )
        else:
            result = run_audit(files, resolver.options_for, encoding=encoding, jobs=jobs, max_size=max_size)
    except JxlintError as exc:
        fail(str(exc))
    if hidden_by is not None:
        result.report, result.hidden = apply_baseline(result.report, hidden_by)
        result.baseline = baseline
    # Exports first: they are the audit's product, and `jxlint audit … | head` must not lose them.
    _export(result, lang, csv_path, xlsx_path, json_path, html_path)
    try:
        _print_summary(result, lang)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (head, less): not an error of the audit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(exit_code(result))


def exit_code(result: AuditResult) -> int:
    from lint.rules.spec import SEVERITY_RANK

    files = result.report.files
    if all(f.errors for f in files):
        return EXIT_ERROR  # nothing could be checked: the audit did not do its job
    failing = any(SEVERITY_RANK[d.severity] >= SEVERITY_RANK[f.fail_on] for f in files for d in f.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_OK


def _print_summary(result: AuditResult, lang: str) -> None:
    from lint.summary import labels, rule_counts, rule_titles, summary_rows

    lab = labels(lang)
    out = stdout_console()
    out.print(summary_table(summary_rows(result.report, result.metas), lang))
    counts = rule_counts(result.report, rule_titles(lang))
    if counts:
        out.print(rules_table(counts, lang))
    s = result.report.summary
    out.print(
        lab["totals"].format(
            files=s.files, unreadable=len(result.unreadable), error=s.error, warning=s.warning, info=s.info
        ),
        markup=False,
    )
    if result.baseline is not None:
        out.print(lab["hidden"].format(hidden=result.hidden, baseline=result.baseline), markup=False)
    per = result.seconds / max(1, s.files)
    timing = (
        f"用时 {result.seconds:.2f} 秒（{result.jobs} 个进程，平均每份 {1000 * per:.0f} 毫秒）"
        if lang == "zh"
        else f"{result.seconds:.2f} s ({result.jobs} process(es), {1000 * per:.0f} ms per report)"
    )
    click.echo(timing, err=True)


def _export(
    result: AuditResult,
    lang: str,
    csv_path: Path | None,
    xlsx_path: Path | None,
    json_path: Path | None,
    html_path: Path | None,
) -> None:
    from lint.exports import audit_json, write_csv, write_json, write_xlsx
    from lint.formatters.html import render_html
    from lint.summary import finding_rows, labels, rule_counts, rule_titles, summary_rows

    titles = rule_titles(lang)
    rows = summary_rows(result.report, result.metas)
    counts = rule_counts(result.report, titles)
    findings = finding_rows(result.report, result.sources, result.metas, titles, lang)
    note = labels(lang)["hidden"].format(hidden=result.hidden, baseline=result.baseline) if result.baseline else ""

    def write_html(path: Path) -> None:
        page = render_html(result.report, result.sources, lang, result.metas, audit=True, note=note)
        path.write_text(page, encoding="utf-8")

    writers: list[tuple[Path | None, Callable[[Path], None]]] = [
        (csv_path, lambda p: write_csv(p, findings, lang)),
        (xlsx_path, lambda p: write_xlsx(p, rows, findings, counts, lang)),
        (json_path, lambda p: write_json(p, audit_json(result.report, rows, counts, result.hidden, result.baseline))),
        (html_path, write_html),
    ]
    for path, write in writers:
        if path is None:
            continue
        try:
            write(path)
        except OSError as exc:
            fail(f"{path}: 无法写出：{exc.strerror or exc}")
        click.echo(f"已写出 {path}" if lang == "zh" else f"wrote {path}", err=True)
