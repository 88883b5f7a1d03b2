"""YAML files jxlint reads (rule files, vocabulary, profiles, configuration): parsing with errors that
name the line, and turning a validation error into a message at the offending key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from lint.errors import JxlintError

if TYPE_CHECKING:
    from pydantic import ValidationError

# libyaml when PyYAML has it: the pure-Python loader takes several ms per vocabulary file at every start
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, path: str, error: type[JxlintError], *, with_tree: bool = False) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text (None for an empty one) and, when asked, its node tree for `line_of`.

    A syntax error becomes `error` naming `path` and the line.
    """
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
        tree = yaml.compose(text) if with_tree else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(
            f"YAML 语法错误：{getattr(exc, 'problem', None) or exc}", path=path, line=mark.line + 1 if mark else None
        ) from None
    return data, tree


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location.

    A key that has no value node (pydantic's extra-field errors point at the key) gives the key's line.
    """
    line = node.start_mark.line + 1 if node else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                key_node = next((k for k, _ in node.value if k.value == key), None)
                return key_node.start_mark.line + 1 if key_node else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


_UNKNOWN_KEY = {"extra_forbidden", "unexpected_keyword_argument"}


def first_problem(
    exc: ValidationError, *, unknown: str = "未知的键", tags: frozenset[str] = frozenset()
) -> tuple[str, tuple[Any, ...]]:
    """The first validation error as a message naming its key, and its location.

    An unknown key comes first (a misspelt key also makes the intended one "missing", and the
    misspelling is what to fix); `tags` are the union tags pydantic puts first in a location.
    """
    errors = exc.errors()
    first = next((e for e in errors if e["type"] in _UNKNOWN_KEY), errors[0])
    loc = tuple(first["loc"])
    if loc and loc[0] in tags:
        loc = loc[1:]
    if first["type"].startswith("union_tag"):  # point at the discriminating key (kind:), not the file
        loc = (*loc, str((first.get("ctx") or {}).get("discriminator", "")).strip("'"))
    where = ".".join(str(p) for p in loc) or "(根)"
    if first["type"] in _UNKNOWN_KEY:
        return f"{unknown} {where}", loc
    return f"{where}: {first['msg'].removeprefix('Value error, ')}", loc
