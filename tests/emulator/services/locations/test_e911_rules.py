"""The offline E911 rules on any text a customer may type: an address is standardized or
refused naming one of its own fields, never anything else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dialstack.emulator.core.errors import SemanticallyInvalid
from dialstack.emulator.services.locations import e911

_TEXT = st.text(min_size=1, max_size=40)
_ADDRESSES = st.fixed_dictionaries(
    {
        "street": st.one_of(_TEXT, st.from_regex(r"[0-9]{1,5} [A-Za-z .]{1,20}", fullmatch=True)),
        "city": _TEXT,
        "state": st.one_of(_TEXT, st.sampled_from(sorted(e911.USPS_STATES))),
        "postal_code": st.one_of(_TEXT, st.from_regex(r"[0-9]{5}(-?[0-9]{4})?", fullmatch=True)),
        "country": st.sampled_from(["US", "CA"]),
    },
    optional={"address_number": _TEXT, "unit": st.text(max_size=10)},
)


def _standardized_or_refused_field(address: dict[str, str]) -> e911.Standardized | str:
    try:
        return e911.standardize(address)
    except SemanticallyInvalid as refused:
        return str(refused.details["field"])


@settings(deadline=None)  # the machine's load is no part of the rule
@given(_ADDRESSES)
def test_any_address_is_standardized_or_refused_naming_its_field(address: dict[str, str]) -> None:
    found = _standardized_or_refused_field(address)

    if isinstance(found, str):
        assert found in {f"address.{name}" for name in address}
    else:
        assert found.address["state_code"] in e911.USPS_STATES
        assert found.address["zip"].isdigit()
        assert len(found.address["zip"]) == 5
        assert found.address["house_number"][0].isdigit()
        assert found.address["street_name"]
        assert found.address["city"]
