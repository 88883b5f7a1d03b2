"""Option types shared by the commands in lint/cli.py and lint/audit_cli.py."""

from __future__ import annotations

import click

from lint.sizes import DEFAULT_MAX_SIZE, format_size, parse_size

MAX_SIZE_HELP = (
    f"最大读取大小：文本文件本身、.docx/.pdf 提取出的文字（默认 {format_size(DEFAULT_MAX_SIZE)}；"
    "可写 50MB、500KB、1GB，只写数字按 MB 计，0 表示不限）"
)


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
