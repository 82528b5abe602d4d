"""Real orders for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def phone_number_order(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    search: dict[str, str | int] = {"area_code": "415", "quantity": 1}
    found = world.http.get("/v1/available-phone-numbers", params=search, headers=in_account)
    number = found.json()["data"][0]["phone_number"]
    order = {"phone_numbers": [number]}
    answer = world.http.post("/v1/phone-number-orders", json=order, headers=in_account)
    return str(answer.json()["id"])


def port_order(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    order = {
        "phone_numbers": ["+13125550147"],
        "subscriber": {
            "btn": "+13125550147",
            "business_name": "Acme Dental",
            "approver_name": "Dana Smith",
            "account_number": "8812-3309",
            "address": {
                "house_number": "233",
                "street_name": "S Wacker Dr",
                "city": "Chicago",
                "state": "IL",
                "zip": "60606",
            },
        },
        "requested_foc_date": "2099-01-15",
    }
    answer = world.http.post("/v1/port-orders", json=order, headers=in_account)
    return str(answer.json()["id"])
