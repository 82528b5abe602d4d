"""Every ```python block in README.md and docs/*.md runs as written, against the emulator.

A block runs as a script, with ``DIALSTACK_API_URL``/``DIALSTACK_API_KEY`` naming the test's
emulator and a fresh key (as ``dialstack-emulator -- python`` would set them); a block that
defines ``test_*`` functions runs as a pytest file. A block that cannot run on its own says
so on its first line, ``# not runnable: <why>``, and is only compiled.
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
_NOT_RUNNABLE = "# not runnable:"
_DEFINES_TESTS = re.compile(r"^(async )?def test_", re.MULTILINE)


@dataclass(frozen=True)
class Snippet:
    where: str
    code: str


def snippets() -> list[Snippet]:
    found: list[Snippet] = []
    for document in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = document.read_text()
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Snippet(f"{document.relative_to(ROOT)}:{line}", match.group(1)))
    return found


SNIPPETS = snippets()


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
