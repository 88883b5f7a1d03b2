"""docs/commands.md lists exactly the commands and options that `--help` shows, and the user guide's
pages exist and link to each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
COMMANDS_MD = DOCS / "commands.md"
_HELP_OPTION = re.compile(r"^\s{2}(?:-\w, )?(--[a-z][a-z-]*)", re.M)
_DOC_OPTION = re.compile(r"`(--[a-z][a-z-]*)`")


def _help(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    return result.stdout


def _commands_in_help() -> list[str]:
    text = _help().split("Commands:", 1)[1]
    return sorted(m.group(1) for m in re.finditer(r"^\s{2}(\w[\w-]*)", text, re.M))


def _sections() -> dict[str, str]:
    parts = re.split(r"^## jxlint (\S+)\s*$", COMMANDS_MD.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_has_a_section() -> None:
    assert sorted(_sections()) == _commands_in_help()


@pytest.mark.parametrize("command", _commands_in_help())
def test_options_match_help(command: str) -> None:
    in_help = sorted(set(_HELP_OPTION.findall(_help(command))) - {"--help"})
    table_rows = [line for line in _sections()[command].splitlines() if line.startswith("| `")]
    in_docs = sorted({opt for row in table_rows for opt in _DOC_OPTION.findall(row.split("|")[1])})
    assert in_docs == in_help, f"docs/commands.md § jxlint {command}: update the option table"


def test_guide_pages_exist_and_are_linked_from_the_index() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in (
        "commands.md",
        "configuration.md",
        "suppression.md",
        "tolerance.md",
        "output-formats.md",
        "writing-rules.md",
        "pre-commit.md",
        "rules/index.md",
    ):
        assert (DOCS / page).is_file(), page
        assert f"]({page})" in index, page


def test_relative_links_resolve() -> None:
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to missing {target}"
