"""``dialstack-emulator``: run the emulator until Ctrl-C/SIGTERM, or around one command.

``dialstack-emulator [options] -- COMMAND [ARGS...]`` starts the server, runs COMMAND with
``DIALSTACK_API_URL`` and ``DIALSTACK_API_KEY`` set, stops the server and exits with
COMMAND's exit code (as ``firebase emulators:exec`` does).
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from importlib.metadata import version
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server.emulator import Emulator

INSTALL_HINT = "pip install 'dialstack[emulator]'"
# What the emulator extra brings: without one of these, the command says how to get it.
_EXTRA_MODULES = frozenset({"starlette", "uvicorn", "h11", "anyio"})

DEFAULT_DB = "./dialstack-emulator.sqlite3"


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The options, and the command after ``--`` (empty when there is none)."""
    arguments = list(argv)
    command: list[str] = []
    if "--" in arguments:
        split = arguments.index("--")
        arguments, command = arguments[:split], arguments[split + 1 :]
    parser = argparse.ArgumentParser(
        prog="dialstack-emulator",
        description="A local DialStack API for tests. Any sk_test_ key works; each key is "
        "its own platform.",
        epilog="dialstack-emulator [options] -- COMMAND [ARGS...] runs COMMAND against a "
        "fresh emulator (DIALSTACK_API_URL and DIALSTACK_API_KEY set) and exits with its code.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8787, help="port (default 8787); 0 picks a free one"
    )
    # The installed distribution's version: the emulator imports nothing of the SDK's.
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('dialstack')}")
    parser.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file, or :memory: (default {DEFAULT_DB})"
    )
    parser.add_argument("--api-key", help="accept only this sk_test_ key")
    parser.add_argument(
        "--rate-limit", type=float, metavar="N", help="requests per second per key (default off)"
    )
    parser.add_argument("--seed", type=int, help="deterministic ids and secrets")
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name to answer besides loopback ones and --host (repeatable; * for any)",
    )
    parser.add_argument(
        "--allowed-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a page origin (https://app.example) whose requests are answered besides "
        "loopback ones (repeatable; * for any)",
    )
    options = parser.parse_args(arguments)
    if options.api_key is not None and not options.api_key.startswith("sk_test_"):
        parser.error("--api-key must be a sk_test_ key: the emulator never takes live keys")
    if options.rate_limit is not None and options.rate_limit <= 0:
        parser.error("--rate-limit must be positive")
    return options, command


def main(argv: Sequence[str] | None = None) -> int:
    options, command = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        from .server.emulator import Emulator, PortInUse  # noqa: PLC0415 (needs the extra)
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in _EXTRA_MODULES:
            raise
        print(
            f"dialstack-emulator needs the emulator extra ({exc.name} is missing): {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 1
    emulator = Emulator(
        db=options.db,
        api_key=options.api_key,
        rate_limit=options.rate_limit,
        seed=options.seed,
        host=options.host,
        port=options.port,
        allowed_hosts=options.allowed_host,
        allowed_origins=options.allowed_origin,
    )
    # Handlers go in before the ready line: a signal sent the moment it appears must stop
    # us, even where the parent started us with SIGTERM or SIGINT ignored (inherited).
    stop = threading.Event()
    if not command:
        catch_stop_signals(stop)
    try:
        emulator.start()
    except PortInUse as exc:
        print(f"dialstack-emulator: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        print(f"DialStack emulator listening on {emulator.url}", flush=True)
        if command:
            return run_command(emulator, command)
        print("ready", flush=True)
        stop.wait()
        return 0
    finally:
        emulator.stop()


def catch_stop_signals(stop: threading.Event) -> None:
    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)


def run_command(emulator: "Emulator", command: list[str]) -> int:
    environment = {
        **os.environ,
        "DIALSTACK_API_URL": emulator.url,
        "DIALSTACK_API_KEY": emulator.new_api_key(),
    }
    try:
        # Running the user's own command line is this option's whole point.
        child = subprocess.Popen(command, env=environment)  # noqa: S603
    except OSError as exc:
        print(f"dialstack-emulator: cannot run {command[0]}: {exc}", file=sys.stderr)
        return 127

    def forward(signum: int, _frame: FrameType | None) -> None:
        child.send_signal(signum)

    # Ctrl-C reaches the child through the terminal's process group; SIGTERM is only ours.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, forward)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
