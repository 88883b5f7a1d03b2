"""Meta-tests over the rule pack: naming, codes, examples, message placeholders, cross references,
and the loader's refusal of broken rule files (with the file, and the line where it can tell)."""

from __future__ import annotations

import ast
import re
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from lint.errors import RuleError
from lint.rules.loader import load_registry, rule_files
from lint.rules.spec import DERIVED_CODE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
KINDS_DIR = ROOT / "lint" / "rules" / "kinds"  # one module per kind; KINDS in __init__.py
ENGINE_PY = ROOT / "lint" / "engine.py"
SUPPRESS_PY = ROOT / "lint" / "suppress.py"  # emits the LNT codes
CODE_RE = re.compile(r"^[A-Z]{3}\d{3}$")

REGISTRY = load_registry(RULES, use_cache=False)
RULE_LIST = list(REGISTRY)
RULE_IDS = [r.code for r in RULE_LIST]


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


# --- which args the engine provides, per kind, read from lint/rules/kinds/ ------------------------


def _dict_keys(node: ast.AST) -> set[str]:
    keys: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Dict):
            keys.update(k.value for k in sub.keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
    return keys


def _called_names(node: ast.AST) -> set[str]:
    return {sub.func.id for sub in ast.walk(node) if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name)}


def _engine_args_by_kind() -> dict[str, set[str]]:
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(KINDS_DIR.glob("*.py"))]
    functions = {n.name: n for tree in trees for n in tree.body if isinstance(n, ast.FunctionDef)}
    kinds: dict[str, str] = {}
    for node in (n for tree in trees for n in tree.body):
        target = (
            node.targets[0]
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            else (node.target if isinstance(node, ast.AnnAssign) else None)
        )
        if isinstance(target, ast.Name) and target.id == "KINDS" and isinstance(node.value, ast.Dict):
            for k, v in zip(node.value.keys, node.value.values, strict=True):
                assert isinstance(k, ast.Constant) and isinstance(v, ast.Name)
                kinds[k.value] = v.id
    assert kinds, "KINDS registry not found in lint/rules/kinds/"

    # the engine adds these to every finding (see lint/engine.py _stamp)
    engine_src = ENGINE_PY.read_text(encoding="utf-8")
    engine_extra = set(re.findall(r"args\.setdefault\(\"(\w+)\"", engine_src))

    out: dict[str, set[str]] = {}
    for kind, fn in kinds.items():
        seen: set[str] = set()
        todo = [fn]
        keys: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen or name not in functions:
                continue
            seen.add(name)
            keys |= _dict_keys(functions[name])
            todo.extend(_called_names(functions[name]))
        out[kind] = keys | engine_extra
    return out


ENGINE_ARGS = _engine_args_by_kind()


def _provided(rule) -> set[str]:  # type: ignore[no-untyped-def]
    spec = rule.spec
    if spec.kind == "derived" and spec.code.startswith("LNT"):
        return _dict_keys(ast.parse(SUPPRESS_PY.read_text(encoding="utf-8")))
    if spec.kind == "derived":
        emitters = [REGISTRY.get(code) for code in spec.emitted_by if code in REGISTRY.rules]
        return set().union(*(ENGINE_ARGS[e.spec.kind] for e in emitters)) if emitters else set()
    return ENGINE_ARGS[spec.kind]


def test_engine_provides_the_documented_args() -> None:
    everything = set().union(*ENGINE_ARGS.values())
    required = {
        "stated",
        "expected",
        "operands",
        "first_where",
        "declared",
        "declared_label",
        "fits",
        "fits_label",
        "partner",
        "rate",
    }
    assert required <= everything, f"missing from lint/rules/kinds/ and engine.py: {sorted(required - everything)}"
    assert {"stated", "expected", "operands"} <= ENGINE_ARGS["formula"]
    assert {"declared", "fits", "fits_label", "partner", "rate"} <= ENGINE_ARGS["formula"]
    assert "first_where" in ENGINE_ARGS["consistency"]


# --- file layout and codes -------------------------------------------------------------------------


def test_pack_is_not_empty() -> None:
    assert len(RULE_LIST) >= 10
    assert len(rule_files(RULES)) == len(RULE_LIST)


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_file_name_and_directory(rule) -> None:  # type: ignore[no-untyped-def]
    path = Path(rule.path)
    assert path.name == f"{rule.code}-{rule.spec.name}.yaml"
    assert path.parent.name == rule.code[:3].lower()
    assert path.parent.parent.resolve() == RULES.resolve()
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.spec.name)


def test_codes_unique_and_well_formed() -> None:
    codes = []
    for path in rule_files(RULES):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes.append(data["code"])
        assert CODE_RE.match(data["code"]), f"{path}: bad code {data['code']!r}"
        assert path.stem.split("-", 1)[0] == data["code"]
    assert len(codes) == len(set(codes)), f"duplicate codes: {sorted(c for c in codes if codes.count(c) > 1)}"
    names = [r.spec.name for r in RULE_LIST]
    assert len(names) == len(set(names)), "rule names must be unique too"


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_examples_pass_and_fail(rule) -> None:  # type: ignore[no-untyped-def]
    examples = rule.spec.examples
    assert any(not e.expect for e in examples), f"{rule.code}: no example without findings"
    assert any(e.expect for e in examples), f"{rule.code}: no example with findings"
    # a failing example shows the rule itself
    assert any(x.code == rule.code for e in examples for x in e.expect), f"{rule.code}: no example expects {rule.code}"
    for e in examples:
        for x in e.expect:
            assert x.code in REGISTRY.rules, f"{rule.code}: example expects unknown code {x.code}"
            assert 1 <= x.line <= e.text.count("\n") + 1


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_message_placeholders_are_provided(rule) -> None:  # type: ignore[no-untyped-def]
    provided = _provided(rule)
    assert provided, f"{rule.code}: no args known for kind {rule.spec.kind}"
    for field in ("message", "hint"):
        text = getattr(rule.spec, field)
        for lang in ("zh", "en"):
            template = text.get(lang)
            assert template.strip(), f"{rule.code}.{field}.{lang} is empty"
            unknown = _placeholders(template) - provided
            assert not unknown, (
                f"{rule.code}.{field}.{lang} uses {sorted(unknown)}; {rule.spec.kind} provides {sorted(provided)}"
            )
    # zh and en say the same things
    assert _placeholders(rule.spec.message.zh) == _placeholders(rule.spec.message.en), rule.code


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_derived_codes_cross_reference(rule) -> None:  # type: ignore[no-untyped-def]
    spec = rule.spec
    for attr in DERIVED_CODE_FIELDS:
        target = getattr(spec, attr, None)
        if target is None:
            continue
        assert target in REGISTRY.rules, f"{rule.code}.{attr} → unknown rule {target}"
        derived = REGISTRY.get(target).spec
        assert derived.kind == "derived", f"{rule.code}.{attr} → {target} is not kind derived"
        assert rule.code in derived.emitted_by, f"{target}.emitted_by does not list {rule.code}"
    if spec.kind == "derived" and spec.code.startswith("LNT"):
        assert spec.emitted_by == (), f"{rule.code}: LNT codes come from the engine (lint/suppress.py), not a rule"
        assert f'"{rule.code}"' in SUPPRESS_PY.read_text(encoding="utf-8"), f"lint/suppress.py never emits {rule.code}"
    elif spec.kind == "derived":
        assert spec.emitted_by
        for emitter in spec.emitted_by:
            assert emitter in REGISTRY.rules, f"{rule.code}.emitted_by names unknown {emitter}"
            e = REGISTRY.get(emitter).spec
            refs = {getattr(e, attr, None) for attr in DERIVED_CODE_FIELDS}
            assert rule.code in refs, f"{emitter} never emits {rule.code}"


# --- broken rule files are refused with the file and the line -------------------------------------

RAT001 = Path("rat") / "RAT001-rate-mismatch.yaml"
FORMULA = 'formula: "rate == actual / base * 100"'


def _damaged_pack(tmp_path: Path, damage: Callable[[str], str], rel: Path = RAT001) -> tuple[Path, Path]:
    pack = tmp_path / "rules"
    shutil.copytree(RULES, pack)
    target = pack / rel
    text = target.read_text(encoding="utf-8")
    damaged = damage(text)
    assert damaged != text, "the damage did not apply; the fixture rule changed?"
    target.write_text(damaged, encoding="utf-8")
    return pack, target


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_copied_pack_loads(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    shutil.copytree(RULES, pack)
    assert sorted(load_registry(pack, use_cache=False).rules) == sorted(REGISTRY.rules)


def test_invalid_yaml(tmp_path: Path) -> None:
    pack, target = _damaged_pack(tmp_path, lambda t: t.replace("check: rate\n", "check: [rate\n", 1))
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(target) in str(info.value)
    assert "YAML" in str(info.value)


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    pack, target = _damaged_pack(tmp_path, lambda t: t.replace("check: rate\n", "check: rate\nselekt: foo\n", 1))
    line = _line_of(target, "selekt")
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    message = str(info.value)
    assert f"{target}:{line}" in message
    assert "selekt" in message
    assert info.value.line == line


@pytest.mark.parametrize(
    ("formula", "needle"),
    [
        ("rate == __import__('os')", "__import__"),
        ("rate == __import__('os').system('echo pwned') + actual / base", "__import__"),
        ("rate == actual.b / base * 100", "actual.b"),
        ("rate == (lambda x: x)(actual) / base", "lambda"),
        ("rate == lambda: actual", "lambda"),
        ("rate == actual ** base", "**"),
        ("rate == actual / unknown_var * 100", "unknown_var"),
        ("rate = actual / base", "rate"),
    ],
    ids=["import", "import-call", "attribute", "lambda-call", "lambda", "power", "unbound-var", "no-equation"],
)
def test_bad_formula_is_refused(tmp_path: Path, formula: str, needle: str) -> None:
    pack, target = _damaged_pack(tmp_path, lambda t: t.replace(FORMULA, f'formula: "{formula}"'))
    line = _line_of(target, "formula:")
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    message = str(info.value)
    assert str(target) in message
    assert info.value.line == line
    assert f"{target}:{line}" in message


def test_misspelt_key_is_named_rather_than_the_missing_one(tmp_path: Path) -> None:
    pack, target = _damaged_pack(tmp_path, lambda t: t.replace("severity:", "severty:", 1))
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert info.value.message == "未知的键 severty"
    assert info.value.line == _line_of(target, "severty:")


def test_unknown_kind(tmp_path: Path) -> None:
    pack, target = _damaged_pack(tmp_path, lambda t: t.replace("kind: formula\n", "kind: formulae\n", 1))
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(target) in str(info.value)
    assert info.value.line == _line_of(target, "kind: formulae")
    assert "formulae" in info.value.message


@pytest.mark.parametrize(
    ("damage", "message", "needle"),
    [
        (lambda t: t.replace("min: 80", "min: eighty"), "bands.1.min: Input should be a valid number", "eighty"),
        (lambda t: t + "colour: red\n", "未知的键 colour", "colour"),
        (lambda t: t.replace("budget_base: budget.adjusted", "budget_base: adjusted"), "budget_base:", "budget_base"),
    ],
    ids=["bad-value", "unknown-key", "bad-choice"],
)
def test_broken_profile_names_file_key_and_line(
    tmp_path: Path, damage: Callable[[str], str], message: str, needle: str
) -> None:
    pack, target = _damaged_pack(tmp_path, damage, Path("profiles") / "national.yaml")
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert info.value.path == str(target)
    assert info.value.message.startswith(message)
    assert info.value.line == _line_of(target, needle)


def test_wrong_directory(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    shutil.copytree(RULES, pack)
    moved = pack / "sum" / RAT001.name
    (pack / RAT001).rename(moved)
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(moved) in str(info.value)
    assert "rules/rat/" in str(info.value)


def test_wrong_file_name(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    shutil.copytree(RULES, pack)
    renamed = pack / "rat" / "RAT001-rate-wrong.yaml"
    (pack / RAT001).rename(renamed)
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(renamed) in str(info.value)
    assert "RAT001-rate-mismatch.yaml" in str(info.value)


def test_duplicate_code(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    shutil.copytree(RULES, pack)
    text = (pack / RAT001).read_text(encoding="utf-8").replace("name: rate-mismatch", "name: rate-mismatch-copy")
    copy = pack / "rat" / "RAT001-rate-mismatch-copy.yaml"
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert "RAT001" in str(info.value)
    assert "RAT001-rate-mismatch" in str(info.value)


def test_bad_code_format(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    shutil.copytree(RULES, pack)
    text = (pack / RAT001).read_text(encoding="utf-8").replace("code: RAT001", "code: RAT01")
    (pack / RAT001).unlink()
    bad = pack / "rat" / "RAT01-rate-mismatch.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(bad) in str(info.value)
    assert info.value.line == _line_of(bad, "code:")


def test_bad_regex_in_pattern_rule(tmp_path: Path) -> None:
    rel = Path("doc") / "DOC001-template-placeholder.yaml"
    pack, target = _damaged_pack(tmp_path, lambda t: t.replace('  - "××+"\n', '  - "××+(["\n', 1), rel)
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(target) in str(info.value)


def test_rule_with_one_example_is_refused(tmp_path: Path) -> None:
    rel = Path("doc") / "DOC001-template-placeholder.yaml"

    def drop_failing_example(text: str) -> str:
        head, _, _ = text.partition("  - title: 未填写")
        return head.rstrip() + "\n"

    pack, target = _damaged_pack(tmp_path, drop_failing_example, rel)
    with pytest.raises(RuleError) as info:
        load_registry(pack, use_cache=False)
    assert str(target) in str(info.value)
    assert "examples" in str(info.value)
