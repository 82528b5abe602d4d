"""Rules of the repository that no linter knows.

Every comment, docstring, document and description text here is read by people who have this
repository and nothing else. So nothing cites a document that is not in it (a planning note,
a contract file, a section sign pointing into one), and nothing is named after the delivery
round that brought it: a module, comment or test says what the code does and why, in words
that stay true after the next round lands.
"""

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
_OUTSIDE_DOCUMENTS = re.compile(r"\b(?:surface|style|contract|overview)\.md\b|§")
_DELIVERY_ROUND = re.compile(r"\bround[ -]?\d+\b|\bround \d+'s\b", re.IGNORECASE)
_TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".cfg", ""}
_GENERATED_DATA = {"src/dialstack/emulator/openapi.json"}


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [
        ROOT / name
        for name in names
        if Path(name).suffix in _TEXT_SUFFIXES
        and name not in _GENERATED_DATA
        and name != "tests/test_repository_rules.py"
        and (ROOT / name).is_file()
    ]


FILES = _tracked_text_files()


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("cites a document outside the repository", _OUTSIDE_DOCUMENTS),
        ("is named after a delivery round", _DELIVERY_ROUND),
    ],
)
def test_no_text_breaks_the_rule(rule: str, pattern: re.Pattern[str]) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in FILES
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, f"{len(found)} lines {rule}:\n" + "\n".join(found)


def test_no_module_is_named_after_a_delivery_round() -> None:
    assert not [p for p in FILES if _DELIVERY_ROUND.search(p.stem.replace("_", " "))]


_TOOLS = {"cli", "emulator", "testing"}


def test_every_sdk_module_is_held_by_the_import_contracts() -> None:
    """A new SDK module must be placed in the layers and kept from importing the tools: a
    module no contract names is one ``lint-imports`` never checks."""
    package = ROOT / "src" / "dialstack"
    modules = {
        f"dialstack.{path.stem}"
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists() and path.name not in _TOOLS)
    }
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    by_name = {contract["name"]: contract for contract in contracts["contracts"]}
    layers = by_name[
        "SDK layers: the clients over the namespaces, resources, types, call pipeline and core"
    ]["layers"]
    forbidden = by_name[
        "The SDK never imports its tools: the command line, the emulator, the test fixtures"
    ]

    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert modules == layered
    assert modules == set(forbidden["source_modules"])
    assert {f"dialstack.{tool}" for tool in _TOOLS} == set(forbidden["forbidden_modules"])
