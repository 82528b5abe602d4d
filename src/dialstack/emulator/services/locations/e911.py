"""E911 as the emulator does it offline: a US street address checked for the shape the E911
database takes and standardized the way USPS writes it, and the carrier's registration as a
timeline on the tenant's clock. Knows no HTTP.

Magic values: the ZIP code ``00000`` never validates; ``99999`` validates but the carrier
refuses to provision it.
"""

import re
from dataclasses import dataclass
from typing import Any

from ...core.errors import SemanticallyInvalid

UNDELIVERABLE_ZIP = "00000"
REFUSED_BY_CARRIER_ZIP = "99999"

PENDING_SECONDS = 2
"""The carrier has the request; then it binds the address to the numbers..."""
BINDING_SECONDS = 6
"""...until this long after the request, when the registration is done (or refused)."""

USPS_STATES = frozenset(
    {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
    }
)
_ZIP = re.compile(r"(?P<zip>[0-9]{5})(?:-?(?P<plus_four>[0-9]{4}))?")
_HOUSE_NUMBER = re.compile(r"[0-9]+[A-Z]?(?:-[0-9]+)?")
_LEADING_HOUSE_NUMBER = re.compile(r"(?P<number>[0-9]+[A-Z]?(?:-[0-9]+)?)\s+(?P<rest>.+)")
_DIRECTIONAL_WORDS = {
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
}
_DIRECTIONALS = {
    **_DIRECTIONAL_WORDS,
    **{short: short for short in _DIRECTIONAL_WORDS.values()},
}
_SUFFIX_WORDS = {
    "AVENUE": "AVE",
    "BOULEVARD": "BLVD",
    "CIRCLE": "CIR",
    "COURT": "CT",
    "DRIVE": "DR",
    "HIGHWAY": "HWY",
    "LANE": "LN",
    "PARKWAY": "PKWY",
    "PLACE": "PL",
    "ROAD": "RD",
    "SQUARE": "SQ",
    "STREET": "ST",
    "TERRACE": "TER",
    "TRAIL": "TRL",
    "WAY": "WAY",
}
_SUFFIXES = {**_SUFFIX_WORDS, **{short: short for short in _SUFFIX_WORDS.values()}}
"""Each street suffix USPS abbreviates, spelled out or already short -> its abbreviation."""


@dataclass(frozen=True)
class Standardized:
    address: dict[str, str]
    """The E911 database's fields (``house_number``, ``street_name``, ``zip``, ...)."""
    adjusted: bool


def standardize(address: dict[str, Any]) -> Standardized:
    """The address as the E911 database would hold it.

    Raises:
        SemanticallyInvalid: naming the ``address.`` field the database cannot take.
    """
    if address["country"] != "US":
        raise SemanticallyInvalid("address.country", "E911 service covers US addresses only")
    state = address["state"].strip().upper()
    if state not in USPS_STATES:
        raise SemanticallyInvalid(
            "address.state", f"{address['state']!r} is not a two-letter USPS state code"
        )
    postal = _ZIP.fullmatch(address["postal_code"].strip())
    if postal is None:
        raise SemanticallyInvalid(
            "address.postal_code", "A ZIP code is 5 digits, or 5+4 (12345-6789)"
        )
    if postal["zip"] == UNDELIVERABLE_ZIP:
        raise SemanticallyInvalid(
            "address.postal_code", f"ZIP code {UNDELIVERABLE_ZIP} is not deliverable"
        )
    house_number, street_words = _house_and_street(address)
    found: dict[str, str] = {"house_number": house_number}
    if len(street_words) > 1 and street_words[0] in _DIRECTIONALS:
        found["pre_directional"] = _DIRECTIONALS[street_words.pop(0)]
    if len(street_words) > 1 and street_words[-1] in _DIRECTIONALS:
        found["post_directional"] = _DIRECTIONALS[street_words.pop()]
    if len(street_words) > 1 and street_words[-1] in _SUFFIXES:
        found["street_suffix"] = _SUFFIXES[street_words.pop()]
    found["street_name"] = " ".join(street_words)
    unit = address.get("unit", "").strip()
    if unit:
        found["address_line_2"] = unit.upper()
    city = " ".join(address["city"].upper().split())
    if not city:
        raise SemanticallyInvalid("address.city", "An E911 address needs a city")
    found |= {"city": city, "state_code": state, "zip": postal["zip"]}
    if postal["plus_four"]:
        found["plus_four"] = postal["plus_four"]
    found["country"] = "US"
    return Standardized(found, adjusted=_as_sent(address) != _as_held(found))


def _house_and_street(address: dict[str, Any]) -> tuple[str, list[str]]:
    street = " ".join(address["street"].upper().replace(".", "").replace(",", " ").split())
    number = address.get("address_number", "").strip().upper()
    if not number:
        leading = _LEADING_HOUSE_NUMBER.fullmatch(street)
        if leading is None:
            raise SemanticallyInvalid(
                "address.street", "An E911 address needs a house number (or address_number)"
            )
        number, street = leading["number"], leading["rest"]
    elif _HOUSE_NUMBER.fullmatch(number) is None:
        raise SemanticallyInvalid("address.address_number", f"{number!r} is not a house number")
    if not street:
        raise SemanticallyInvalid("address.street", "An E911 address needs a street name")
    return number, street.split()


def _as_sent(address: dict[str, Any]) -> str:
    """What the customer wrote, compared without regard to case or spacing."""
    parts = [address.get("address_number", ""), address["street"], address.get("unit", "")]
    parts += [address["city"], address["state"], address["postal_code"]]
    return " ".join(" ".join(parts).upper().replace(".", "").replace(",", " ").split())


_HELD_ORDER = (
    "house_number",
    "pre_directional",
    "street_name",
    "street_suffix",
    "post_directional",
    "address_line_2",
    "city",
    "state_code",
    "zip",
)


def _as_held(found: dict[str, str]) -> str:
    parts = [found[name] for name in _HELD_ORDER if name in found]
    if "plus_four" in found:
        parts[-1] += f"-{found['plus_four']}"
    return " ".join(parts)


def provisioning_status(elapsed: float, refused: bool) -> str:
    """Where the carrier's registration stands ``elapsed`` seconds after it was asked for."""
    if elapsed < PENDING_SECONDS:
        return "pending"
    if refused:
        return "failed"
    return "binding" if elapsed < BINDING_SECONDS else "provisioned"


def refused_by_carrier(address: dict[str, Any]) -> bool:
    postal_code: str = address["postal_code"]
    return postal_code.strip().startswith(REFUSED_BY_CARRIER_ZIP)
