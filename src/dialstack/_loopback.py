"""Whether a host name or address is this machine: the one rule the SDK (plain ``http://``
only to loopback) and the emulator (control endpoints only from loopback) both apply."""

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8``, ``::1`` and IPv4-mapped ``::ffff:127.x.x.x``."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    # Imported here: only plain-http URLs and control requests pay for it.
    from ipaddress import IPv6Address, ip_address  # noqa: PLC0415

    try:
        address = ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback
