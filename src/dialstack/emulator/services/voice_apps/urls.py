"""The webhook URLs a voice app (or an AI agent's booking service) may have."""

from collections.abc import Set
from ipaddress import ip_address
from urllib.parse import urlsplit

from ...core.errors import SemanticallyInvalid
from ...core.self_delivery import (
    is_local_name,
    names_this_emulator,
    numeric_addresses,
    refusal,
    target_port,
)


def _is_loopback(host: str) -> bool:
    return is_local_name(host) or any(
        ip_address(address.partition("%")[0]).is_loopback for address in numeric_addresses(host)
    )


def webhook_url(url: str, field: str, own_ports: Set[int]) -> str:
    """``url`` (its shape and length checked by the description already), once it is one a
    call's webhook can be sent to: https://, or http:// to a loopback host (a test's
    receiver), and never the emulator itself.

    Raises:
        SemanticallyInvalid: naming ``field``.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        parts = None
    if parts is None or not parts.hostname:
        raise SemanticallyInvalid(field, f"{field} must be an https:// URL with a host")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise SemanticallyInvalid(
            field, f"{field} must be https:// (http:// only to a loopback host, for tests)"
        )
    if names_this_emulator(parts, own_ports):
        raise SemanticallyInvalid(field, refusal(target_port(parts)))
    return url
