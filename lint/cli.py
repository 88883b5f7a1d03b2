"""Command line: check, claims, rules, explain. Parses options, calls the api, picks a formatter."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lint import __version__
from lint.cliopts import (
    EXIT_ERROR,
    EXIT_OK,
    FILE_PATH,
    baseline_option,
    common_check_options,
    config_option,
    encoding_option,
    fail,
    max_size_option,
    overrides_from,
)
from lint.errors import JxlintError

if TYPE_CHECKING:
    from lint.config import ConfigResolver
    from lint.diagnostics import RunReport

# `claims` and `rules` print a table for people or JSON for scripts
_table_or_json = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)


class _FormatChoice(click.Choice[str]):
    """The formatter registry's names (lint/formatters), imported only when `check` needs them."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from lint.formatters import FORMATTERS

        return tuple(FORMATTERS)

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        pass  # click sets it in __init__; the registry stays the only source


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jxlint")
def cli() -> None:
    """jxlint：绩效自评报告一致性检查（consistency linter for performance reports）。"""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=_FormatChoice(),
    default=None,
    help="输出格式；默认终端为 full，管道和 pre-commit 中为 concise；html 为单个离线网页（在原文中标出问题）",
)
@common_check_options
@click.option("--statistics", is_flag=True, help="每个文件读到多少数字、多少参与了检查（覆盖率），输出到标准错误")
@baseline_option
@config_option
@click.option("--output-file", type=FILE_PATH, default=None, help="把报告写入该文件（UTF-8），而不是标准输出")
@click.option("--add-waivers", is_flag=True, help="为当前的每个问题在最近的配置文件中追加豁免（不修改报告）")
@click.option("--reason", default=None, help="与 --add-waivers 一起使用：豁免的理由")
@max_size_option
def check(
    paths: tuple[Path, ...],
    fmt: str | None,
    lang: str,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    encoding: str | None,
    profile: str | None,
    statistics: bool,
    baseline: Path | None,
    config_path: Path | None,
    output_file: Path | None,
    add_waivers: bool,
    reason: str | None,
    max_size: int,
) -> None:
    """检查报告文件，报告前后矛盾的数字。"""
    from lint.api import check_paths
    from lint.config import ConfigResolver
    from lint.formatters import FORMATTERS
    from lint.rules.loader import load_registry
    from lint.terminal import is_interactive

    if reason is not None and not add_waivers:
        fail("--reason 只能与 --add-waivers 一起使用")
    overrides = overrides_from(lang, select, ignore, fail_on, profile)
    try:
        registry = load_registry()
        resolver = ConfigResolver(registry, overrides, config_path)
        report, sources, errors = check_paths(
            list(paths), None, registry, encoding, options_for=resolver.options_for, max_size=max_size
        )
        if baseline is not None:
            from lint.baseline import apply_baseline, load_baseline

            report, hidden = apply_baseline(report, load_baseline(baseline))
            click.echo(f"jxlint: 基线 {baseline} 中已有的 {hidden} 个问题未显示", err=True)
    except JxlintError as exc:
        fail(str(exc))
    if add_waivers:
        _add_waivers(report, resolver, reason, lang)
    else:
        fmt = fmt or ("full" if output_file is None and is_interactive() else "concise")
        output = FORMATTERS[fmt](report, sources, lang)
        if output_file is not None:
            try:
                with output_file.open("w", encoding="utf-8", newline="\n") as fh:
                    fh.write(output)
            except OSError as exc:
                fail(f"{output_file}: 无法写入报告（{exc.strerror}）")
        else:
            # The page declares UTF-8: write those bytes whatever the console code page is (GBK on Chinese Windows).
            click.echo(output.encode("utf-8") if fmt == "html" else output, nl=False)
    if statistics:
        for f in report.files:
            share = f"{100 * f.claims_checked / f.claims_total:.0f}%" if f.claims_total else "—"
            line = (
                f"{f.path}: 读到 {f.claims_total} 个数字，{f.claims_checked} 个参与了检查（覆盖率 {share}），"
                f"{f.claims_unattributed} 个未能归属"
                if lang == "zh"
                else f"{f.path}: {f.claims_total} numbers read, {f.claims_checked} checked (coverage {share}), "
                f"{f.claims_unattributed} not attributed"
            )
            click.echo(line, err=True)
    for error in errors:
        click.echo(f"jxlint: {error}", err=True)
    if add_waivers:
        sys.exit(EXIT_ERROR if errors else EXIT_OK)
    sys.exit(report.exit_code())


def _add_waivers(report: RunReport, resolver: ConfigResolver, reason: str | None, lang: str) -> None:
    from lint.waivers import add_waivers, default_reason

    try:
        written = add_waivers(report, resolver, reason or default_reason(lang))
    except JxlintError as exc:
        fail(str(exc))
    for target, count in written:
        where = os.path.relpath(target)
        click.echo(
            f"已在 {where} 中追加 {count} 条豁免" if lang != "en" else f"{where}: {count} waiver(s) added", err=True
        )
    if not written:
        click.echo("没有需要豁免的问题" if lang != "en" else "nothing to waive", err=True)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@_table_or_json
@click.option("--all", "show_all", is_flag=True, help="也列出计数、日期等未参与检查的数字")
@encoding_option
@max_size_option
def claims(path: Path, fmt: str, show_all: bool, encoding: str | None, max_size: int) -> None:
    """显示从报告中读出的数字及其含义（规则作者的显微镜）。"""
    from lint.claims.report import render_claims
    from lint.readers import read_document

    try:
        doc = read_document(path, str(path), encoding, max_size)
    except JxlintError as exc:
        fail(str(exc))
    click.echo(render_claims(doc, fmt, show_all), nl=False)


@cli.command()
@_table_or_json
def rules(fmt: str) -> None:
    """列出所有规则。"""
    from lint.docs import rules_table

    try:
        click.echo(rules_table(fmt), nl=False)
    except JxlintError as exc:
        fail(str(exc))


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """显示一条规则的说明页（做什么、为什么、示例、容差）。"""
    from lint.docs import rule_page
    from lint.rules.loader import load_registry

    try:
        registry = load_registry()
    except JxlintError as exc:
        fail(str(exc))
    rule = registry.rules.get(code.upper())
    if rule is None:
        fail(f"没有规则 {code}；用 `jxlint rules` 查看全部规则")
    click.echo(rule_page(rule, registry), nl=False)


def _register_audit() -> None:
    from lint.audit_cli import audit  # the command lives in its own module; rich is imported only when it runs

    cli.add_command(audit)


_register_audit()


def main() -> None:
    try:
        cli(standalone_mode=True)
    except JxlintError as exc:  # pragma: no cover - commands catch their own
        fail(str(exc))


if __name__ == "__main__":
    main()
