"""Button templates: the nine operations, inside the account the ``DialStack-Account`` header
names."""

from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid
from ...core.pages import ListRequest, list_reply
from . import buttons
from .registry import device_model, moment
from .tables import Clash, DeviceTables

MAX_TEMPLATES = 500
"""Per account: what the compatible-templates list judges stays bounded."""


def _template(call: ApiRequest, account_id: str) -> dict[str, Any]:
    return call.runtime.state(DeviceTables).template(
        call.tenant, account_id, call.path_params["template_id"]
    )


def _position_taken(position: int) -> Conflict:
    return Conflict(
        "button_position_taken",
        f"Another button of the template is at position {position}",
        {"field": "position"},
    )


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    if tables.template_count(call.tenant, account_id) >= MAX_TEMPLATES:
        raise Conflict(
            "button_template_limit_reached",
            f"An account holds at most {MAX_TEMPLATES} button templates",
        )
    timestamp = moment(call.runtime, call.tenant)
    template = {
        "id": call.runtime.ids.new("btpl"),
        "object": "button_template",
        "name": call.body["name"],
        "description": call.body.get("description"),
        "created_at": timestamp,
        "updated_at": timestamp,
    }
    tables.insert_template(call.tenant, account_id, template)
    return 201, to_json(template)


def list_templates(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    request = ListRequest(
        "/v1/button_templates", f"{call.tenant}|button_templates|{account_id}", None, {}
    )
    return list_reply(
        call, request, lambda page: tables.template_page(call.tenant, account_id, page)
    )


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    template = _template(call, account_id)
    found = tables.buttons(call.tenant, template["id"])
    if "buttons" in call.params.get("expand[]", ()):
        template["buttons"] = found
    device_id = call.query.get("for_device")
    if device_id:
        try:
            device = tables.device(call.tenant, account_id, device_id).document
        except ResourceMissing:
            raise SemanticallyInvalid("for_device", f"no such device: {device_id!r}") from None
        model = device_model(device)
        has_user = bool(tables.assignments(call.tenant, device_id))
        judged = buttons.materialised(model, has_user, found, [])
        template["compatibility"] = buttons.summary(
            model, [key for key in judged if key["source"] == "template"]
        )
    return 200, to_json(template)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    template = {**_template(call, account_id), **call.body}
    template["updated_at"] = moment(call.runtime, call.tenant)
    tables.replace_template(call.tenant, template)
    return 200, to_json(template)


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    template_id = _template(call, account_id)["id"]
    bound = tables.device_bound_to(template_id)
    if bound is not None:
        raise Conflict(
            "button_template_in_use",
            f"{bound} follows this template: unbind it first",
            {"device": bound},
        )
    tables.delete_template(call.tenant, template_id)
    return 204, None


def list_buttons(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    template_id = _template(call, account_id)["id"]
    request = ListRequest(
        f"/v1/button_templates/{template_id}/buttons",
        f"{call.tenant}|template_buttons|{template_id}",
        None,
        {},
    )
    return list_reply(
        call, request, lambda page: tables.button_page(call.tenant, template_id, page)
    )


def create_button(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    template_id = _template(call, account_id)["id"]
    body = call.body
    button: dict[str, Any] = {
        "id": call.runtime.ids.new("tbtn"),
        "object": "template_button",
        "template": template_id,
        "position": body["position"],
        "label": body["label"],
        "type": body["type"],
        "target": buttons.checked_target(
            call.runtime, call.tenant, account_id, body["type"], body.get("target", {})
        ),
        "created_at": moment(call.runtime, call.tenant),
    }
    try:
        tables.insert_button(call.tenant, button)
    except Clash:
        raise _position_taken(button["position"]) from None
    return 201, to_json(button)


def update_button(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    template_id = _template(call, account_id)["id"]
    button = tables.button(call.tenant, template_id, call.path_params["button_id"])
    button["position"] = call.body["position"]
    try:
        tables.move_button(call.tenant, button)
    except Clash:
        raise _position_taken(button["position"]) from None
    return 200, to_json(button)


def delete_button(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    template_id = _template(call, account_id)["id"]
    call.runtime.state(DeviceTables).delete_button(
        call.tenant, template_id, call.path_params["button_id"]
    )
    return 204, None


OPERATIONS = {
    "button_templates.create": create,
    "button_templates.list": list_templates,
    "button_templates.retrieve": retrieve,
    "button_templates.update": update,
    "button_templates.delete": delete,
    "button_templates.list_buttons": list_buttons,
    "button_templates.create_button": create_button,
    "button_templates.update_button": update_button,
    "button_templates.delete_button": delete_button,
}
