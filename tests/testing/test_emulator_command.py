"""What ``dialstack-emulator`` tells a new user before it serves: its version and its port."""

import subprocess
import sys

from dialstack._version import VERSION


def _run(*arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dialstack.emulator", *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_version_names_the_package_version() -> None:
    assert _run("--version").strip() == f"dialstack-emulator {VERSION}"


def test_help_names_the_default_port() -> None:
    assert "(default 8787)" in _run("--help")
