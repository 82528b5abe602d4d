"""A real location for the description test, made over HTTP: an address that passes E911."""

from ...core.service import ExampleWorld

ADDRESS = {
    "address_number": "123",
    "street": "Main Street",
    "city": "New York",
    "state": "NY",
    "postal_code": "10001",
    "country": "US",
}


def location(world: ExampleWorld) -> str:
    answer = world.http.post(
        "/v1/locations",
        json={"name": "Main Office", "address": ADDRESS},
        headers={"DialStack-Account": world.example("account_id")},
    )
    return str(answer.json()["id"])
