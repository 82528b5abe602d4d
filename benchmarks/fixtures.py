"""The data every server of the suite answers with, so SDK and baseline read the same bytes."""

import json
from typing import Any

API_KEY = "sk_test_benchmarks0000000000000000"
ACCOUNT_ID = "acct_01h2xcejqtf2nbrexx3vqjhp41"
RETRY_PREFIX = "acct_retry_"
"""A retrieve of an id with this prefix fails twice with 503 ``Retry-After: 0``, then works."""


def account(account_id: str = ACCOUNT_ID) -> dict[str, Any]:
    """An account as the API sends it (every field, as in the OpenAPI document)."""
    return {
        "id": account_id,
        "object": "account",
        "email": "a@example.com",
        "primary_contact_name": None,
        "address": None,
        "pricing": None,
        "config": {
            "region": "US",
            "extension_length": 4,
            "transcription_enabled": False,
            "recording_enabled": False,
            "redaction_enabled": False,
            "timezone": "UTC",
            "default_agent_visible": True,
        },
        "hold_music_clip_id": None,
        "main_location_id": None,
        "default_button_template": None,
        "tos_status": "unsigned",
        "tos_accepted_at": None,
        "created_at": "2026-11-25T08:32:58.123456Z",
        "updated_at": "2026-11-25T08:32:58.123456Z",
    }


def dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


ACCOUNT_JSON = dumps(account())


def list_json(items: list[dict[str, Any]], next_page_url: str | None) -> bytes:
    return dumps(
        {
            "object": "list",
            "url": "/v1/accounts",
            "data": items,
            "has_more": next_page_url is not None,
            "next_page_url": next_page_url,
            "previous_page_url": None,
        }
    )
