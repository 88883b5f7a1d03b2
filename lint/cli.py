"""Command line: check, claims, rules, explain. Parses options, calls the api, picks a formatter."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from lint import __version__
from lint.errors import JxlintError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"jxlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jxlint")
def cli() -> None:
    """jxlint：绩效自评报告一致性检查（consistency linter for performance reports）。"""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["concise", "full", "json"]),
    default=None,
    help="输出格式；默认终端为 full，管道为 concise",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="消息语言")
@click.option("--select", default=None, help="只检查这些规则（代码或前缀，逗号分隔）")
@click.option("--ignore", default="", help="不检查这些规则（代码或前缀，逗号分隔）")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="出现该级别及以上的问题时退出码为 1",
)
@click.option("--encoding", default=None, help="文本文件的编码（如 gbk），默认自动识别")
@click.option("--profile", default=None, help="地区配置（rules/profiles/ 下的文件名，如 national、initial-budget）")
@click.option("--statistics", is_flag=True, help="每个文件读到多少数字、多少参与了检查（覆盖率），输出到标准错误")
def check(
    paths: tuple[Path, ...],
    fmt: str | None,
    lang: str,
    select: str | None,
    ignore: str,
    fail_on: str,
    encoding: str | None,
    profile: str | None,
    statistics: bool,
) -> None:
    """检查报告文件，报告前后矛盾的数字。"""
    from lint.api import check_paths
    from lint.engine import Options
    from lint.formatters import FORMATTERS
    from lint.rules.spec import SEVERITY_RANK

    options = Options(
        lang=lang,
        select={s.strip() for s in select.split(",") if s.strip()} if select else None,
        ignore={s.strip() for s in ignore.split(",") if s.strip()},
        profile=profile,
    )
    try:
        report, sources, errors = check_paths(list(paths), options, encoding=encoding)
    except JxlintError as exc:
        _fail(str(exc))
    fmt = fmt or ("full" if sys.stdout.isatty() else "concise")
    click.echo(FORMATTERS[fmt](report, sources, lang), nl=False)
    if statistics:
        for f in report.files:
            share = f"{100 * f.claims_checked / f.claims_total:.0f}%" if f.claims_total else "—"
            line = (
                f"{f.path}: 读到 {f.claims_total} 个数字，{f.claims_checked} 个参与了检查（覆盖率 {share}）"
                if lang == "zh"
                else f"{f.path}: {f.claims_total} numbers read, {f.claims_checked} checked (coverage {share})"
            )
            click.echo(line, err=True)
    for error in errors:
        click.echo(f"jxlint: {error}", err=True)
    if errors:
        sys.exit(EXIT_ERROR)
    worst = max((SEVERITY_RANK[d.severity] for f in report.files for d in f.diagnostics), default=-1)
    sys.exit(EXIT_FINDINGS if worst >= SEVERITY_RANK[fail_on] else EXIT_OK)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="也列出计数、日期等未参与检查的数字")
@click.option("--encoding", default=None)
def claims(path: Path, fmt: str, show_all: bool, encoding: str | None) -> None:
    """显示从报告中读出的数字及其含义（规则作者的显微镜）。"""
    from lint.claims.report import render_claims
    from lint.readers import read_document

    try:
        doc = read_document(path, str(path), encoding)
    except JxlintError as exc:
        _fail(str(exc))
    click.echo(render_claims(doc, fmt, show_all), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules(fmt: str) -> None:
    """列出所有规则。"""
    from lint.docs import rules_table

    try:
        click.echo(rules_table(fmt), nl=False)
    except JxlintError as exc:
        _fail(str(exc))


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """显示一条规则的说明页（做什么、为什么、示例、容差）。"""
    from lint.docs import rule_page
    from lint.rules.loader import load_registry

    try:
        registry = load_registry()
    except JxlintError as exc:
        _fail(str(exc))
    rule = registry.rules.get(code.upper())
    if rule is None:
        _fail(f"没有规则 {code}；用 `jxlint rules` 查看全部规则")
    click.echo(rule_page(rule, registry), nl=False)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except JxlintError as exc:  # pragma: no cover - commands catch their own
        _fail(str(exc))


if __name__ == "__main__":
    main()
