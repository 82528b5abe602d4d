"""``/v1/dect-bases``: the onboarding component's view of the account's DECT bases and their
handsets, the same devices as ``/v1/devices``, over a real socket and through both clients."""

import pytest

from dialstack import AsyncDialStack, DialStack, DialStackNotFoundError

from .conftest import GRANDSTREAM, YEALINK_BASE, YEALINK_DESKPHONE, Office


def test_bases_list_newest_first_and_handsets_list_by_slot(office: Office) -> None:
    first = office.device(mac_address=YEALINK_BASE)
    second = office.device(mac_address=GRANDSTREAM, type="dect_base")
    office.device(mac_address=YEALINK_DESKPHONE)  # not a base: not listed
    handsets = [
        office.device(type="dect_handset", ipei=f"03280000{index:02d}", base=second)
        for index in range(3)
    ]
    office.post(f"/v1/devices/{handsets[0]}", {"base": None})  # unpaired: not listed

    bases = office.get("/v1/dect-bases", limit=1)
    rest = office.http.get(bases.json()["next_page_url"], headers=office.headers)
    paired = office.get(f"/v1/dect-bases/{second}/handsets")

    assert [base["id"] for base in bases.json()["data"]] == [second]
    assert [base["id"] for base in rest.json()["data"]] == [first]
    assert bases.json()["data"][0]["type"] == "dect_base"
    assert [(h["id"], h["slot_number"], h["base"]) for h in paired.json()["data"]] == [
        (handsets[1], 2, second),
        (handsets[2], 3, second),
    ]


@pytest.mark.parametrize("which", ["deskphone", "missing", "other account"])
def test_handsets_of_what_is_no_base_of_the_account_are_not_found(
    office: Office, which: str
) -> None:
    other = office.made("/v1/accounts", {"email": "other@example.com"})["id"]
    elsewhere = office.http.post(
        "/v1/devices", json={"mac_address": YEALINK_BASE}, headers={"DialStack-Account": other}
    ).json()["id"]
    target = {
        "deskphone": office.device(mac_address=YEALINK_DESKPHONE),
        "missing": "dectb_01h0000000000000000000000",
        "other account": elsewhere,
    }[which]

    answer = office.get(f"/v1/dect-bases/{target}/handsets")

    assert answer.status_code == 404, answer.text


def test_both_clients_list_bases_and_handsets(dialstack_client: DialStack, office: Office) -> None:
    base = office.device(mac_address=YEALINK_BASE)
    handset = office.device(type="dect_handset", ipei="0328D3C918", base=base)
    client = dialstack_client.with_options(dialstack_account=office.account)

    assert [b.id for b in client.dect_bases.list()] == [base]
    assert [h.id for h in client.dect_bases.list_handsets(base)] == [handset]
    with pytest.raises(DialStackNotFoundError):
        client.dect_bases.list_handsets(handset)


@pytest.mark.anyio
async def test_the_async_client_lists_a_base_s_handsets(
    async_dialstack_client: AsyncDialStack, office: Office
) -> None:
    base = office.device(mac_address=YEALINK_BASE)
    handset = office.device(type="dect_handset", ipei="0328D3C918", base=base)
    client = async_dialstack_client.with_options(dialstack_account=office.account)

    listed = await client.dect_bases.list_handsets(base)

    assert [h.id for h in listed.data] == [handset]
