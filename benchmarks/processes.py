"""Servers in processes of their own: start one, learn its URL, stop it."""

import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx2

_URL = re.compile(r"(http://[\w.\[\]:-]+)")
START_TIMEOUT = 60.0  # s: a server that has not said where it listens by then is broken


class ServerFailed(RuntimeError):
    pass


def module_command(module: str, *arguments: str) -> list[str]:
    """``python -m module`` with this interpreter."""
    return [sys.executable, "-m", module, *arguments]


def emulator_command(db: str) -> list[str]:
    """The ``dialstack-emulator`` script next to this interpreter (as a user runs it)."""
    script = Path(sys.executable).with_name("dialstack-emulator")
    if script.exists():
        return [str(script), "--port", "0", "--db", db]
    return module_command("dialstack.emulator", "--port", "0", "--db", db)


@contextmanager
def running(command: Sequence[str]) -> Generator[str]:
    """Run ``command`` (a server that prints its ``http://`` URL) and yield that URL."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, bufsize=1
        )
        # A server that hangs before printing its URL must not hang the suite.
        watchdog = threading.Timer(START_TIMEOUT, process.kill)
        watchdog.start()
        try:
            url = _read_url(process)
            watchdog.cancel()
            if url is None:
                process.wait(5)
                errors.seek(0)
                raise ServerFailed(
                    f"{' '.join(command)} exited {process.returncode} without a URL:\n"
                    + errors.read().decode(errors="replace")
                )
            yield url
        finally:
            watchdog.cancel()
            stop(process)


def _read_url(process: subprocess.Popen[str]) -> str | None:
    assert process.stdout is not None
    for line in process.stdout:
        found = _URL.search(line)
        if found:
            return found.group(1)
    return None


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


def wait_until_up(url: str, timeout: float = START_TIMEOUT) -> None:
    """Poll ``url`` until it answers 200."""
    give_up = time.monotonic() + timeout
    with httpx2.Client() as client:
        while True:
            try:
                if client.get(url).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            if time.monotonic() > give_up:
                raise ServerFailed(f"{url} did not answer 200 within {timeout} s")
            time.sleep(0.002)
