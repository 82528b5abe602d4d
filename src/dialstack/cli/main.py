"""``dialstack``: the argument parser, built from the command table, and the exit statuses.

Exit status 0: done; 1: the API (or the emulator) answered an error, or did not answer;
2: a mistake in the arguments, refused before anything was sent; 130: interrupted.

Only the branch of the command at hand is built in full (its fields and their help): the
table holds every method of the API, and a command should start at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from dialstack import DialStackError, __version__

from . import api_call, table
from .api_call import FIELD_DEST
from .connection import Failure
from .listen import run as run_listen
from .logs import run as run_logs_tail
from .output import error_line, one_line
from .table import Entry, Field, Namespace, Node, flag, type_label
from .values import ArgumentMistake

Run = Callable[[argparse.Namespace], int]

CONNECTION_OPTIONS = ("--api-key", "--api-url", "--account", "--idempotency-key", "--timeout")
"""The options that take a value and may come before the command's words."""

OWN_COMMANDS = ("trigger", "simulate", "listen", "logs", "emulator")

ACCOUNT_RULES = {
    "required": "Acts in one account: --account or $DIALSTACK_ACCOUNT.",
    "optional": "Platform-wide, or scoped to one account with --account.",
    "never": "Takes no account context.",
}

TOP_EPILOG = """\
examples:
  dialstack accounts create --email owner@example.com -d address.city=Springfield
  dialstack users list --account acct_... --all | jq .email
  dialstack trigger voicemail.new --account acct_...
  dialstack listen --forward-to http://127.0.0.1:8000/webhooks
  dialstack logs tail

The key comes from --api-key or $DIALSTACK_API_KEY, the URL from --api-url or
$DIALSTACK_API_URL (default https://api.dialstack.ai). Exit status: 0 done, 1 the API
answered an error, 2 a mistake in the arguments (nothing was sent).
"""


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["emulator"]:
        return _emulator(words[1:])
    root = table.load()
    words = _normalized(root, words)
    parser = _parser(root, words)
    options = parser.parse_args(words)
    run: Run = options.run
    try:
        return run(options)
    except ArgumentMistake as mistake:
        print(f"dialstack: error: {one_line(str(mistake))}", file=sys.stderr)
        return 2
    except Failure as failure:
        print(f"dialstack: error: {failure}", file=sys.stderr)
        return 1
    except DialStackError as error:
        print(f"dialstack: error: {error_line(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `dialstack ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _emulator(words: list[str]) -> int:
    from dialstack.emulator.__main__ import main as emulator_main  # noqa: PLC0415 - the extra

    return emulator_main(words)


def _normalized(root: Namespace, words: list[str]) -> list[str]:
    """``words`` with the namespace and method words in the SDK's spelling
    (``phone-numbers`` -> ``phone_numbers``); ids and values are left alone."""
    spelled = list(words)
    space: Namespace | None = root
    skip_value = False
    for index, word in enumerate(words):
        if skip_value:
            skip_value = False
            continue
        if word == "--" or space is None:
            break
        if word.startswith("-"):
            skip_value = word in CONNECTION_OPTIONS
            continue
        name = word.replace("-", "_")
        if name in space.children:
            spelled[index] = name
            space = space.children[name]
        elif name in space.methods:
            spelled[index] = name
            space = None
        else:
            break
    return spelled


def _parser(root: Namespace, words: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dialstack",
        description="The DialStack API from a shell: every SDK method, events, webhooks, logs.",
        epilog=TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dialstack {__version__}")
    _connection_options(parser, suppress=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    chosen = _positionals(words)
    for name, space in root.children.items():
        _namespace(commands, name, space, chosen[1:] if chosen[:1] == [name] else None)
    first = chosen[0] if chosen else None
    _own_commands(commands, root, first, chosen[1:2])
    return parser


def _positionals(words: list[str]) -> list[str]:
    found: list[str] = []
    skip_value = False
    for word in words:
        if skip_value:
            skip_value = False
        elif word.startswith("-"):
            skip_value = word in CONNECTION_OPTIONS
        else:
            found.append(word)
    return found


def _namespace(
    commands: Any, name: str, space: Namespace, chosen: list[str] | None
) -> argparse.ArgumentParser:
    """The parser of one namespace: in full only when ``chosen`` (the words after it)."""
    where = ".".join(space.path)
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=_escaped(space.summary()), description=f"The {where} namespace."
    )
    if chosen is None:
        return parser
    inner = parser.add_subparsers(title="methods", metavar="METHOD", required=True)
    for child, subspace in space.children.items():
        _namespace(inner, child, subspace, chosen[1:] if chosen[:1] == [child] else None)
    for method, entry in space.methods.items():
        if chosen[:1] == [method]:
            _method(inner, method, entry)
        else:
            inner.add_parser(method, help=_escaped(entry["summary"]))
    return parser


def _method(commands: Any, name: str, entry: Entry) -> argparse.ArgumentParser:
    """The parser of one method: ids, ``--field`` options, ``-d``, ``--all``."""
    scoped = entry["account"] != "never"
    taken = {"api-key", "api-url", "idempotency-key", "timeout", "all", "data", "help"}
    if scoped:
        taken.add("account")
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=_escaped(entry["summary"]),
        description=_escaped(_method_text(entry)),
        epilog=_escaped(_nested_help(entry, taken)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for param in entry["path_params"]:
        parser.add_argument(param["name"], metavar=param["name"].upper(), help=param["help"])
    fields = parser.add_argument_group("fields")
    for found in entry["fields"]:
        if flag(found["name"]) in taken:
            continue
        fields.add_argument(
            "--" + flag(found["name"]),
            dest=FIELD_DEST + found["name"],
            action="append",
            metavar=_metavar(found),
            help=_escaped(_field_help(found)),
        )
    if entry["fields"]:
        fields.add_argument(
            "-d",
            "--data",
            action="append",
            default=[],
            metavar="PATH=VALUE",
            help="any field, nested with dots (address.city=Springfield); repeat a key for a "
            "list; VALUE @file.json reads JSON",
        )
    parser.set_defaults(data=[])
    if entry["list"] in ("paged", "unpaged"):
        parser.add_argument(
            "--all", action="store_true", help="walk every page: one item per line (JSON Lines)"
        )
    _connection_options(parser, suppress=True, account=scoped)
    parser.set_defaults(run=partial(api_call.run, entry))
    return parser


def _own_commands(commands: Any, root: Namespace, first: str | None, second: list[str]) -> None:
    events = root.children.get("test_helpers", Namespace(())).children.get("events")
    trigger_entry = events.methods.get("create") if events else None
    if trigger_entry is not None:
        trigger = commands.add_parser(
            "trigger",
            help="send a canned event (test_helpers.events.create)",
            description="Send one canned event of EVENT_TYPE to the account's and the "
            "platform's webhook endpoints (sandbox keys only).",
        )
        if first == "trigger":
            [event] = [f for f in trigger_entry["fields"] if f["name"] == "event"]
            trigger.add_argument(
                "event_type",
                metavar="EVENT_TYPE",
                help=_escaped(_field_help(event)),
            )
            _connection_options(trigger, suppress=True)
            trigger.set_defaults(run=partial(_trigger, trigger_entry))
    calls = root.children.get("test_helpers", Namespace(())).children.get("calls")
    simulate_entry = calls.methods.get("create") if calls else None
    if simulate_entry is not None:
        simulate = commands.add_parser(
            "simulate", help="simulate a call: `simulate call` is `test_helpers calls create`"
        )
        kinds = simulate.add_subparsers(title="what", metavar="WHAT", required=True)
        if first == "simulate" and second == ["call"]:
            _method(kinds, "call", simulate_entry)
        else:
            kinds.add_parser("call", help=_escaped(simulate_entry["summary"]))
    listen = commands.add_parser(
        "listen",
        help="forward webhook events to a URL while it runs",
        description=_LISTEN_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if first == "listen":
        listen.add_argument("--forward-to", required=True, metavar="URL", help="the receiver")
        listen.add_argument(
            "--events", metavar="A,B", help="event types, comma-separated (default: every one)"
        )
        _connection_options(listen, suppress=True)
        listen.set_defaults(run=run_listen)
    logs = commands.add_parser("logs", help="follow the emulator's request log")
    actions = logs.add_subparsers(title="what", metavar="WHAT", required=True)
    tail = actions.add_parser(
        "tail",
        help="one line per request: time seen, method, path, status, request id",
        description="Follow the emulator's request log (this key's requests, from now "
        "on). The DialStack API has no such log: this needs a loopback --api-url.",
    )
    if first == "logs":
        _connection_options(tail, suppress=True)
        tail.set_defaults(run=run_logs_tail)
    commands.add_parser(
        "emulator",
        help="the local emulator: the same as dialstack-emulator (see dialstack emulator --help)",
        add_help=False,
    )


_LISTEN_TEXT = """\
Register a webhook endpoint for URL (scoped to --account when given), print its signing
secret on the first line, then one line per delivery attempt (time, event type, event id,
the receiver's status or error, attempt number), and delete the endpoint on Ctrl-C,
SIGTERM or SIGHUP.

On the emulator (a loopback --api-url) every attempt is shown at once. The DialStack API
needs a public URL (a tunnel to this machine) and keeps no delivery log to follow: there
the command prints the secret, holds the endpoint, and shows no deliveries.
"""


def _trigger(entry: Entry, options: argparse.Namespace) -> int:
    setattr(options, FIELD_DEST + "event", [options.event_type])
    options.data = []
    return api_call.run(entry, options)


def _connection_options(
    parser: argparse.ArgumentParser, *, suppress: bool, account: bool = True
) -> None:
    """The connection options, on the top parser and again on each command's, so they may
    come before or after the command's words (a command's own default must not overwrite a
    value given before it: hence SUPPRESS there)."""
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--api-key",
        default=default,
        metavar="KEY",
        help="the secret key (default $DIALSTACK_API_KEY, better: a command line is seen by "
        "other processes)",
    )
    group.add_argument(
        "--api-url",
        default=default,
        metavar="URL",
        help="default $DIALSTACK_API_URL, else https://api.dialstack.ai",
    )
    if account:
        group.add_argument(
            "--account",
            default=default,
            metavar="ACCT",
            help="the account context, acct_... (default $DIALSTACK_ACCOUNT)",
        )
    group.add_argument(
        "--idempotency-key", default=default, metavar="KEY", help="for a POST (default: new)"
    )
    group.add_argument(
        "--timeout", default=default, type=_seconds, metavar="SECONDS", help="per attempt"
    )


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return seconds


def _method_text(entry: Entry) -> str:
    paragraphs = [entry["summary"], entry["description"]]
    paragraphs.append(f"{entry['http']} ({table.dotted(entry)}). {ACCOUNT_RULES[entry['account']]}")
    return "\n\n".join(textwrap.fill(text, 88) for text in paragraphs if text)


def _field_help(found: Field) -> str:
    notes = [type_label(found)]
    if found["required"]:
        notes.append("required")
    if found["deprecated"]:
        notes.append("deprecated")
    text = f"({', '.join(notes)}) {found.get('help', '')}".strip()
    if "enum" in found:
        text += " One of: " + ", ".join(_shown(value) for value in found["enum"]) + "."
    if "array" in found.get("type", []):
        text += " Repeat for more."
    return text


def _metavar(found: Field) -> str:
    node: Node = found.get("items", found) if "array" in found.get("type", []) else found
    types = [name for name in node.get("type", []) if name != "null"]
    if "object" in types:
        return "JSON"
    return {"integer": "N", "number": "X", "boolean": "true|false"}.get(
        types[0] if types else "", "TEXT"
    )


def _nested_help(entry: Entry, taken: set[str]) -> str:
    """Every field ``-d`` can set below the top (and those whose ``--`` spelling is taken)."""
    lines: list[str] = []

    def walk(path: str, node: Node) -> None:
        for key, sub in node.get("properties", {}).items():
            line = f"  {path}.{key}  ({type_label(sub)}) {sub.get('help', '')}".rstrip()
            if "enum" in sub:
                line += " One of: " + ", ".join(_shown(value) for value in sub["enum"]) + "."
            lines.append(textwrap.fill(line, 88, subsequent_indent="      "))
            walk(f"{path}.{key}", sub)

    for found in entry["fields"]:
        if flag(found["name"]) in taken:
            lines.append(f"  {found['name']}  {_field_help(found)}")
        walk(found["name"], found)
    if not lines:
        return ""
    return "fields for -d PATH=VALUE:\n" + "\n".join(lines)


def _shown(value: object) -> str:
    return "null" if value is None else str(value)


def _escaped(text: str) -> str:
    """argparse %-formats help text: a % from the description must stay a %."""
    return text.replace("%", "%%")
