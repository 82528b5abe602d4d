"""Every ```python and ```sh block in README.md and docs/*.md runs as written, against the
emulator.

A block runs with ``DIALSTACK_API_URL``/``DIALSTACK_API_KEY`` naming the test's emulator and a
fresh key (as ``dialstack-emulator -- python`` would set them). A python block runs as a
script, or as a pytest file when it defines ``test_*`` functions; one that cannot run on its
own says so on its first line, ``# not runnable: <why>``, and is only compiled. A sh block runs
in ``bash -euo pipefail`` with the environment's ``dialstack`` on the path and curl failing on
an error status (as ``--fail-with-body``); one that cannot (it installs, or serves until
stopped) has ``<!-- not runnable: <why> -->`` on the line before it, unseen on the rendered
page, and is only parsed (``bash -n``).
"""

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialstack.emulator import EmulatorHandle

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_SHELL_FENCE = re.compile(
    r"^(<!-- not runnable: [^\n]+ -->\n)?```sh\n(.*?)^```", re.MULTILINE | re.DOTALL
)
_NOT_RUNNABLE = "# not runnable:"
_VENV_BIN = Path(sys.executable).parent
_DEFINES_TESTS = re.compile(r"^(async )?def test_", re.MULTILINE)


@dataclass(frozen=True)
class Snippet:
    where: str
    code: str


@dataclass(frozen=True)
class ShellSnippet:
    where: str
    code: str
    runnable: bool


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def snippets() -> list[Snippet]:
    found: list[Snippet] = []
    for document in _documents():
        text = document.read_text()
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Snippet(f"{document.relative_to(ROOT)}:{line}", match.group(1)))
    return found


def shell_snippets() -> list[ShellSnippet]:
    found: list[ShellSnippet] = []
    for document in _documents():
        text = document.read_text()
        for match in _SHELL_FENCE.finditer(text):
            line = text.count("\n", 0, match.start(2))
            where = f"{document.relative_to(ROOT)}:{line}"
            found.append(ShellSnippet(where, match.group(2), runnable=match.group(1) is None))
    return found


SNIPPETS = snippets()
SHELL_SNIPPETS = shell_snippets()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.where for s in SNIPPETS])
def test_the_snippet_runs_as_written(
    snippet: Snippet, dialstack_emulator: EmulatorHandle, tmp_path: Path
) -> None:
    compile(snippet.code, snippet.where, "exec")
    if snippet.code.startswith(_NOT_RUNNABLE):
        return
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIALSTACK_")}
    environ |= {
        "DIALSTACK_API_URL": dialstack_emulator.url,
        "DIALSTACK_API_KEY": dialstack_emulator.api_key,
    }
    if _DEFINES_TESTS.search(snippet.code):
        (tmp_path / "test_snippet.py").write_text(snippet.code)
        (tmp_path / "pytest.ini").write_text("[pytest]\n")
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-p", "no:asyncio", "test_snippet.py"]
    else:
        (tmp_path / "snippet.py").write_text(snippet.code)
        command = [sys.executable, "snippet.py"]

    done = subprocess.run(
        command, cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120, check=False
    )

    assert done.returncode == 0, f"{snippet.where}\n{done.stdout}\n{done.stderr}"


def test_the_documents_have_snippets() -> None:
    assert len(SNIPPETS) >= 5
    assert sum(s.code.startswith(_NOT_RUNNABLE) for s in SNIPPETS) <= len(SNIPPETS) // 4


@pytest.mark.parametrize("snippet", SHELL_SNIPPETS, ids=[s.where for s in SHELL_SNIPPETS])
def test_the_shell_snippet_runs_as_written(
    snippet: ShellSnippet, dialstack_emulator: EmulatorHandle, tmp_path: Path
) -> None:
    parsed = subprocess.run(
        ["bash", "-n"], input=snippet.code, capture_output=True, text=True, check=False
    )
    assert parsed.returncode == 0, f"{snippet.where}\n{parsed.stderr}"
    if not snippet.runnable:
        return
    # A curl that gets an error status fails the block, as it would fail a careful reader.
    (tmp_path / ".curlrc").write_text("fail-with-body\nsilent\nshow-error\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIALSTACK_")}
    environ |= {
        "DIALSTACK_API_URL": dialstack_emulator.url,
        "DIALSTACK_API_KEY": dialstack_emulator.api_key,
        "CURL_HOME": str(tmp_path),
        "PATH": f"{_VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }

    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", snippet.code],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, f"{snippet.where}\n{done.stdout}\n{done.stderr}"


def test_most_shell_snippets_run() -> None:
    assert sum(s.runnable for s in SHELL_SNIPPETS) >= len(SHELL_SNIPPETS) // 2
