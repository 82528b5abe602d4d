"""What each method takes: body and query parameters as TypedDicts (all keyword arguments)."""

from typing import Required, TypedDict

from ._config import RequestOptions


class AddressParams(TypedDict, total=False):
    street: Required[str]
    city: Required[str]
    state: Required[str]
    postal_code: Required[str]
    country: Required[str]
    address_number: str
    unit: str


class PricingParams(TypedDict, total=False):
    """Prices in cents."""

    per_user_rate: int
    per_did_rate: int
    per_voiceai_location_rate: int


class AccountConfigParams(TypedDict, total=False):
    region: str
    extension_length: int
    transcription_enabled: bool
    recording_enabled: bool
    redaction_enabled: bool
    timezone: str
    default_agent_visible: bool


class AccountCreateParams(TypedDict, total=False):
    """The current API requires ``email``, ``primary_contact_name``, ``address`` and
    ``pricing``; the seed era took ``email`` alone, so the SDK leaves the server to judge."""

    email: str
    primary_contact_name: str
    address: AddressParams
    billing_address: AddressParams
    """Deprecated by the API: use ``address``."""
    pricing: PricingParams
    config: AccountConfigParams


class AccountUpdateParams(TypedDict, total=False):
    email: str | None
    primary_contact_name: str
    config: AccountConfigParams
    hold_music_clip_id: str | None
    main_location_id: str | None
    default_button_template: str | None


class ListParams(TypedDict, total=False):
    limit: int
    """1 to 100; the API's default is 10."""
    starting_after: str
    ending_before: str


class AccountListParams(ListParams, total=False):
    pass


class UserCreateParams(TypedDict, total=False):
    name: str
    email: str


class UserConfigParams(TypedDict, total=False):
    mobile_push_wakeup: bool


class UserUpdateParams(TypedDict, total=False):
    name: str | None
    email: str | None
    do_not_disturb: bool
    config: UserConfigParams


class UserListParams(ListParams, total=False):
    search: str
    """Case-insensitive partial match on name or email."""


class ComponentSettings(TypedDict):
    enabled: bool


class AccountSessionComponents(TypedDict, total=False):
    call_logs: ComponentSettings
    voicemails: ComponentSettings
    call_history: ComponentSettings
    phone_number_ordering: ComponentSettings
    phone_numbers: ComponentSettings
    account_onboarding: ComponentSettings
    dial_plan: ComponentSettings
    ai_agent: ComponentSettings


class AccountSessionCreateParams(TypedDict, total=False):
    account: Required[str]
    components: Required[AccountSessionComponents]


# What the methods take: their parameters plus the per-call RequestOptions.
class AccountCreateArgs(AccountCreateParams, RequestOptions, total=False):
    pass


class AccountUpdateArgs(AccountUpdateParams, RequestOptions, total=False):
    pass


class AccountListArgs(AccountListParams, RequestOptions, total=False):
    pass


class UserCreateArgs(UserCreateParams, RequestOptions, total=False):
    pass


class UserUpdateArgs(UserUpdateParams, RequestOptions, total=False):
    pass


class UserListArgs(UserListParams, RequestOptions, total=False):
    pass


class AccountSessionCreateArgs(AccountSessionCreateParams, RequestOptions, total=False):
    pass
