"""A bare-id cursor (``starting_after``/``ending_before``) on the lists ordered by time is
looked up within the list: another platform's or another account's id answers 400 as an
unknown id does (the cursor never tells that the row exists), and so does a deleted
voicemail's, as the docs say; a page URL made before the delete keeps working."""

from collections.abc import Callable

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .conftest import Platform, new_account, new_user

_FOREIGN_KEY = "sk_test_cursors_another_platform_0001"


def _other_platform(emulator: EmulatorHandle) -> Platform:
    http = httpx2.Client(
        base_url=emulator.url, headers={"Authorization": f"Bearer {_FOREIGN_KEY}"}, trust_env=False
    )
    account = new_account(http)
    return Platform(http, emulator, account, new_user(http, account))


def _voicemail(platform: Platform) -> str:
    platform.simulate(scenario={"outcome": "voicemail", "ring_seconds": 0, "voicemail_seconds": 5})
    return str(platform.get("/v1/voicemails").json()["data"][0]["id"])


def _phone_number(platform: Platform) -> str:
    platform.simulate()
    return str(platform.get("/v1/phone-numbers").json()["data"][0]["id"])


def _call(platform: Platform) -> str:
    return str(platform.simulate()["id"])


@pytest.mark.parametrize(
    ("path", "make"),
    [("/v1/calls", _call), ("/v1/voicemails", _voicemail), ("/v1/phone-numbers", _phone_number)],
    ids=["calls", "voicemails", "phone-numbers"],
)
@pytest.mark.parametrize("cursor", ["starting_after", "ending_before"])
def test_a_foreign_id_as_cursor_is_refused_like_an_unknown_one(
    platform: Platform, path: str, make: Callable[[Platform], str], cursor: str
) -> None:
    mine = make(platform)
    other = _other_platform(platform.emulator)
    try:
        theirs = make(other)
        other_account = new_account(platform.http)
        in_other_account = Platform(
            platform.http, platform.emulator, other_account, new_user(platform.http, other_account)
        )
        elsewhere = make(in_other_account)
    finally:
        other.http.close()
    prefix, _, rest = mine.rpartition("_")
    unknown = f"{prefix}_{'0' * len(rest)}"

    answers = {
        name: platform.get(path, **{cursor: found})
        for name, found in (("theirs", theirs), ("elsewhere", elsewhere), ("unknown", unknown))
    }

    assert platform.get(path, **{cursor: mine}).status_code == 200
    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(
        answers, 400
    )
    assert answers["theirs"].json() == {
        **answers["unknown"].json(),
        "error": answers["theirs"].json()["error"],
    }


def test_a_deleted_voicemails_id_is_no_cursor_but_its_page_url_still_works(
    platform: Platform,
) -> None:
    made = [_voicemail(platform) for _ in range(3)]  # newest first: made[2], made[1], made[0]
    first = platform.get("/v1/voicemails", limit=1).json()
    assert [voicemail["id"] for voicemail in first["data"]] == [made[2]]

    deleted = platform.http.delete(f"/v1/voicemails/{made[2]}", headers=platform.headers)
    by_id = platform.get("/v1/voicemails", starting_after=made[2])
    by_url = platform.http.get(first["next_page_url"], headers=platform.headers)

    assert deleted.status_code == 204
    assert by_id.status_code == 400
    assert by_id.json()["code"] == "invalid_pagination"
    assert [voicemail["id"] for voicemail in by_url.json()["data"]] == [made[1]]
