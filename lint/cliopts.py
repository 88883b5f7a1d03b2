"""Options, exit codes and error exit shared by the commands in lint/cli.py and lint/audit_cli.py.

Each option that more than one command takes is declared once here, so its help text, default and
validation cannot drift apart between `check`, `audit` and `claims`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from lint.sizes import DEFAULT_MAX_SIZE, format_size, parse_size

if TYPE_CHECKING:
    from lint.config import Overrides

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

CommandFn = TypeVar("CommandFn", bound=Callable[..., Any])

# A file the command reads or writes: `--baseline FILE`, `--csv FILE`, `--output-file FILE`, ...
FILE_PATH = click.Path(dir_okay=False, path_type=Path)

_MAX_SIZE_HELP = (
    f"最大读取大小：文本文件本身、.docx/.pdf 提取出的文字（默认 {format_size(DEFAULT_MAX_SIZE)}；"
    "可写 50MB、500KB、1GB，只写数字按 MB 计，0 表示不限）"
)


def fail(message: str) -> NoReturn:
    """One line on stderr and exit status 2: usage, configuration and rule-pack errors never show a traceback."""
    click.echo(f"jxlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


class Size(click.ParamType[int]):
    """A size such as 50MB, 500KB, 1GB or 50 (MB), converted to bytes; 0 means no limit."""

    name = "size"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError:
            self.fail(f"{value!r} 不是大小（如 50MB、500KB、1GB；0 表示不限）", param, ctx)


# Each `click.option(...)` below is a decorator that adds a fresh Option to every command it decorates.
_lang_option = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="消息语言")
_select_option = click.option(
    "--select", default=None, help="只检查这些规则（代码、规则族或规则名，逗号分隔；替换配置文件中的 select）"
)
_ignore_option = click.option(
    "--ignore", default=None, help="不检查这些规则（代码、规则族或规则名，逗号分隔；替换配置文件中的 ignore）"
)
_fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="出现该级别及以上的问题时退出码为 1（默认 error，或配置文件中的 fail_on）",
)
_profile_option = click.option(
    "--profile", default=None, help="地区配置（rules/profiles/ 下的文件名，如 national、initial-budget）"
)
encoding_option = click.option("--encoding", default=None, help="文本文件的编码（如 gbk），默认自动识别")
# `check --format json` and `audit --json` write the same jxlint-report/1: either serves as a baseline
baseline_option = click.option("--baseline", type=FILE_PATH, help="以前保存的 JSON 报告：其中已有的问题不再显示")
config_option = click.option(
    "--config",
    "config_path",
    type=FILE_PATH,
    default=None,
    help="使用这个配置文件（.jxlint.yaml 或 pyproject.toml），不再逐级向上查找",
)
max_size_option = click.option("--max-size", type=Size(), default=DEFAULT_MAX_SIZE, help=_MAX_SIZE_HELP)


def common_check_options(command: CommandFn) -> CommandFn:
    """--lang --select --ignore --fail-on --encoding --profile: listed in this order by `check` and `audit`."""
    for option in (_profile_option, encoding_option, _fail_on_option, _ignore_option, _select_option, _lang_option):
        command = option(command)  # innermost first, as a stack of decorators is applied
    return command


def overrides_from(
    lang: str, select: str | None, ignore: str | None, fail_on: str | None, profile: str | None
) -> Overrides:
    """The values of `common_check_options` that replace the configuration file's."""
    from lint.config import Overrides
    from lint.selectors import split_list

    return Overrides(
        lang=lang,
        select=split_list(select) if select is not None else None,
        ignore=split_list(ignore) if ignore is not None else None,
        fail_on=fail_on,
        profile=profile,
    )
