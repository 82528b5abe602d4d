"""The emulated carrier inventory: which rate centers have numbers, the numbers each offers
(the same ones, in the same order, on every run), and who holds a number ported in.

Only the area codes of ``RATE_CENTERS`` have numbers; a ZIP code finds the area code of its
first three digits (``ZIP_AREAS``). Offered numbers never use the ``555`` exchange (the
sandbox's fictional numbers) nor end in ``REFUSED_SUFFIX``.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class RateCenter:
    city: str
    state: str
    rate_center: str
    lata: str


RATE_CENTERS: dict[str, RateCenter] = {
    "206": RateCenter("Seattle", "WA", "SEATTLE", "674"),
    "212": RateCenter("New York", "NY", "NWYRCYZN01", "132"),
    "303": RateCenter("Denver", "CO", "DENVER", "656"),
    "305": RateCenter("Miami", "FL", "MIAMI", "460"),
    "312": RateCenter("Chicago", "IL", "CHICAGO", "358"),
    "404": RateCenter("Atlanta", "GA", "ATLANTA", "438"),
    "415": RateCenter("San Francisco", "CA", "SNFC CNTRL", "722"),
    "512": RateCenter("Austin", "TX", "AUSTIN", "558"),
    "602": RateCenter("Phoenix", "AZ", "PHOENIX", "666"),
    "617": RateCenter("Boston", "MA", "BOSTON", "128"),
}
ZIP_AREAS: dict[str, str] = {
    "981": "206",
    "100": "212",
    "802": "303",
    "331": "305",
    "606": "312",
    "303": "404",
    "941": "415",
    "787": "512",
    "850": "602",
    "021": "617",
}
REFUSED_SUFFIX = "0000"
"""A number ending in these digits is refused by the carrier: an order of it fails, a port
of it ends in ``exception``. Tests order such a number to see a failure."""

_SCAN = 10_000
"""Candidates a search looks at, at most: the inventory is far larger than any search."""


@dataclass(frozen=True)
class Carrier:
    name: str
    spid: str
    wireless: bool


CARRIERS = (
    Carrier("AT&T Mobility", "6214", wireless=True),
    Carrier("Verizon Wireless", "6006", wireless=True),
    Carrier("T-Mobile USA", "6529", wireless=True),
    Carrier("Lumen Technologies", "9636", wireless=False),
    Carrier("Frontier Communications", "9210", wireless=False),
    Carrier("Comcast Business", "7652", wireless=False),
)


def area_of_zip(zip_code: str) -> str | None:
    return ZIP_AREAS.get(zip_code[:3])


def rate_center(phone_number: str) -> RateCenter | None:
    """The rate center of a ``+1`` number, None when the inventory serves none there."""
    return RATE_CENTERS.get(phone_number[2:5])


def search(area_code: str, quantity: int, taken: Callable[[str], bool]) -> list[str]:
    """The first ``quantity`` numbers of the area code's inventory that are not ``taken``."""
    if area_code not in RATE_CENTERS:
        return []
    found: dict[str, None] = {}  # two draws may meet on one number: it is offered once
    for number in _offered(area_code):
        if number not in found and not taken(number):
            found[number] = None
            if len(found) == quantity:
                break
    return list(found)


def _offered(area_code: str) -> Iterator[str]:
    for index in range(_SCAN):
        digest = hashlib.sha256(f"{area_code}:{index}".encode()).digest()
        exchange = 200 + int.from_bytes(digest[:2]) % 800
        line = f"{int.from_bytes(digest[2:4]) % 10_000:04d}"
        if exchange == 555 or exchange % 100 == 11 or line == REFUSED_SUFFIX:
            continue
        yield f"+1{area_code}{exchange}{line}"


def losing_carrier(phone_number: str) -> Carrier:
    """Who holds the number today, as the porting database says (always the same one)."""
    digest = hashlib.sha256(phone_number.encode()).digest()
    return CARRIERS[digest[0] % len(CARRIERS)]
