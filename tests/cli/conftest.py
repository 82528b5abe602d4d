"""Fixtures that run the installed ``dialstack`` command against the test's own emulator
platform, in real subprocesses, every wait bounded."""

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from dialstack.emulator import EmulatorHandle

WAIT_SECONDS = 30


def installed_command() -> str:
    """The console script pip installed with this environment (not a module run)."""
    beside = Path(sys.prefix) / "bin" / "dialstack"
    found = str(beside) if beside.exists() else shutil.which("dialstack")
    assert found is not None, "the dialstack console script is not installed"
    return found


def command_environment(emulator: EmulatorHandle) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALSTACK_")}
    return env | {"DIALSTACK_API_URL": emulator.url, "DIALSTACK_API_KEY": emulator.api_key}


CommandRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def dialstack_cli(dialstack_emulator: EmulatorHandle) -> CommandRunner:
    """``dialstack_cli("accounts", "list")`` runs the command to its end."""

    def run(*args: str, cwd: Path | None = None) -> "subprocess.CompletedProcess[str]":
        return subprocess.run(
            [installed_command(), *args],
            env=command_environment(dialstack_emulator),
            capture_output=True,
            text=True,
            timeout=WAIT_SECONDS,
            check=False,
            cwd=cwd,
        )

    return run


class Running:
    """A command that runs until stopped (``listen``, ``logs tail``), its lines read as they
    come by threads, so a test waits for a line with a timeout instead of blocking."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [installed_command(), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: queue.Queue[str] = queue.Queue()
        self.everything: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self._streams = [self.process.stdout, self.process.stderr]
        self._readers = [
            threading.Thread(target=self._read, args=(stream, lines), daemon=True)
            for stream, lines in zip(self._streams, (self.stdout, self.stderr), strict=True)
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: IO[str], lines: "queue.Queue[str]") -> None:
        for line in stream:
            self.everything.append(line)
            lines.put(line.rstrip("\n"))

    @staticmethod
    def line(lines: "queue.Queue[str]") -> str:
        try:
            return lines.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            raise AssertionError(f"no line within {WAIT_SECONDS} s") from None

    def stop(self, number: signal.Signals = signal.SIGINT) -> int:
        self.process.send_signal(number)
        status = self.process.wait(timeout=WAIT_SECONDS)
        self._close()
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT_SECONDS)
        self._close()

    def _close(self) -> None:
        """Once the process is gone: the rest of its output read, the pipes closed."""
        for reader in self._readers:
            reader.join(timeout=WAIT_SECONDS)
        for stream in self._streams:
            stream.close()


StartCommand = Callable[..., Running]


@pytest.fixture
def start_command(dialstack_emulator: EmulatorHandle) -> Iterator[StartCommand]:
    """``start_command("logs", "tail")``: the command running in the background."""
    started: list[Running] = []

    def start(*args: str) -> Running:
        running = Running(list(args), command_environment(dialstack_emulator))
        started.append(running)
        return running

    yield start
    for running in started:
        running.kill()
