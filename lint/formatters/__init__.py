"""Formatters: pure functions of the run report, in one registry.

The registry names each formatter's module and function; a module is imported when its formatter is
first looked up, so `check` in the default format does not pay for the HTML page or SARIF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lint.diagnostics import RunReport

Formatter = Callable[["RunReport", dict[str, list[str]], str], str]

_WHERE: dict[str, tuple[str, str]] = {
    "concise": ("lint.formatters.text", "concise"),
    "full": ("lint.formatters.text", "full"),
    "json": ("lint.formatters.json", "as_json"),
    "html": ("lint.formatters.html", "html"),
    "sarif": ("lint.formatters.sarif", "sarif"),
    "github": ("lint.formatters.github", "github"),
    "junit": ("lint.formatters.junit", "junit"),
}


class _Registry(Mapping[str, Formatter]):
    """name → formatter, in the order above; imports the formatter's module on first use."""

    def __getitem__(self, name: str) -> Formatter:
        module, function = _WHERE[name]
        formatter: Formatter = getattr(import_module(module), function)
        return formatter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


FORMATTERS: Mapping[str, Formatter] = _Registry()
