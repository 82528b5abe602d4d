"""A webhook delivery never reaches the emulator that makes it.

A tenant chooses its endpoints' URLs, and a delivery is a JSON ``POST`` from this machine:
pointed at ``http://127.0.0.1:PORT/_emulator/reset`` it would pass the control guard (a
loopback peer, a JSON body) and reset every tenant. Two defences, each enough alone:

- Every delivery carries ``DELIVERY_HEADER``, and the request guard refuses any request
  with it, on every path: whatever name, redirect or relay on this machine routes a
  delivery back, the emulator does not act on it.
- A URL whose host is this machine and whose port is one the emulator serves is refused
  before anything is sent: when the endpoint is created or updated if its host says so
  without DNS (an address, ``localhost``), and at each attempt after resolving the name.
"""

import asyncio
import socket
from collections.abc import Set
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import SplitResult, urlsplit

DELIVERY_HEADER = "dialstack-emulator-delivery"
"""Sent on every webhook delivery (its value is the delivery id); refused on the way in."""

_DEFAULT_PORTS = {"http": 80, "https": 443}


def target_port(parts: SplitResult) -> int | None:
    """The port a URL connects to (its scheme's default when it names none)."""
    return parts.port if parts.port is not None else _DEFAULT_PORTS.get(parts.scheme.lower())


def is_local_name(host: str) -> bool:
    """``localhost`` and its subdomains (RFC 6761 keeps them on this machine), any case,
    with or without the root's trailing dot."""
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


def numeric_addresses(host: str) -> list[str]:
    """The addresses a numeric host means without asking DNS (``127.1`` and ``0x7f.0.0.1``
    included, as the C library reads them), or none for a name."""
    try:
        found = socket.getaddrinfo(
            host.strip("[]"), None, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
        )
    except (socket.gaierror, UnicodeError, ValueError):
        return []
    return [str(info[4][0]) for info in found]


def is_this_machine(address: str) -> bool:
    """Loopback, the unspecified address (which connects to this machine), or an address of
    one of this machine's interfaces (one a socket can bind)."""
    try:
        parsed = ip_address(address.partition("%")[0])
    except ValueError:
        return False
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    if parsed.is_loopback or parsed.is_unspecified:
        return True
    family = socket.AF_INET if isinstance(parsed, IPv4Address) else socket.AF_INET6
    with socket.socket(family, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind((str(parsed), 0))
        except OSError:
            return False
    return True


def refusal(port: int | None) -> str:
    return (
        f"the URL is this emulator's own address (port {port} on this machine): a webhook is "
        "never delivered to the emulator itself; point it at your receiver's port"
    )


def names_this_emulator(parts: SplitResult, own_ports: Set[int]) -> bool:
    """Whether a URL says, without DNS, that it points at one of the emulator's own ports on
    this machine (an address or ``localhost``): refused when it is given."""
    host = parts.hostname
    if not host or target_port(parts) not in own_ports:
        return False
    return is_local_name(host) or any(map(is_this_machine, numeric_addresses(host)))


async def refused_after_resolving(url: str, own_ports: Set[int]) -> str | None:
    """Why a delivery must not be sent to ``url`` (its name resolves to this emulator), or
    None; checked at each attempt, since a name's addresses change."""
    try:
        parts = urlsplit(url)
        port = target_port(parts)
    except ValueError:
        return None  # the client says what is wrong with it
    host = parts.hostname
    if port not in own_ports or not host:
        return None
    if is_local_name(host):
        return "refused: " + refusal(port)
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None  # unresolvable: the attempt fails as the client reports it
    if any(is_this_machine(str(info[4][0])) for info in found):
        return "refused: " + refusal(port)
    return None
