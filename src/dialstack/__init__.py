"""The DialStack API for Python: ``DialStack`` (sync) and ``AsyncDialStack`` (async)."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._client import AsyncDialStack, DialStack
from ._config import AppInfo, DialStackConfig, RequestOptions
from ._errors import (
    DialStackAPIError,
    DialStackAuthenticationError,
    DialStackConflictError,
    DialStackConnectionError,
    DialStackError,
    DialStackInvalidRequestError,
    DialStackNotFoundError,
    DialStackPermissionError,
    DialStackRateLimitError,
    DialStackTimeoutError,
    DialStackValidationError,
)
from ._version import VERSION

if TYPE_CHECKING:
    from ._events import RequestEvent, ResponseEvent
    from ._models import (
        Account,
        AccountConfig,
        AccountSession,
        AccountSessionCreateResponse,
        Address,
        DialStackModel,
        Pricing,
        User,
        UserConfig,
    )
    from ._pagination import AsyncPage, AsyncPager, Page
    from ._params import (
        AccountCreateParams,
        AccountListParams,
        AccountSessionComponents,
        AccountSessionCreateParams,
        AccountUpdateParams,
        AddressParams,
        ComponentSettings,
        PricingParams,
        UserCreateParams,
        UserListParams,
        UserUpdateParams,
    )
    from ._webhook_errors import DialStackSignatureVerificationError

__version__ = VERSION

# Models, params, pages and event types load on first use: importing the SDK should cost
# little more than importing httpx2 (PEP 562).
_LAZY = {
    "Account": "._models",
    "AccountConfig": "._models",
    "AccountCreateParams": "._params",
    "AccountListParams": "._params",
    "AccountSession": "._models",
    "AccountSessionComponents": "._params",
    "AccountSessionCreateParams": "._params",
    "AccountSessionCreateResponse": "._models",
    "AccountUpdateParams": "._params",
    "Address": "._models",
    "AddressParams": "._params",
    "AsyncPage": "._pagination",
    "AsyncPager": "._pagination",
    "ComponentSettings": "._params",
    "DialStackModel": "._models",
    "DialStackSignatureVerificationError": "._webhook_errors",
    "Page": "._pagination",
    "Pricing": "._models",
    "PricingParams": "._params",
    "RequestEvent": "._events",
    "ResponseEvent": "._events",
    "User": "._models",
    "UserConfig": "._models",
    "UserCreateParams": "._params",
    "UserListParams": "._params",
    "UserUpdateParams": "._params",
}


def __getattr__(name: str) -> Any:
    if name == "webhooks":  # the submodule, on first use
        return import_module(".webhooks", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Account",
    "AccountConfig",
    "AccountCreateParams",
    "AccountListParams",
    "AccountSession",
    "AccountSessionComponents",
    "AccountSessionCreateParams",
    "AccountSessionCreateResponse",
    "AccountUpdateParams",
    "Address",
    "AddressParams",
    "AppInfo",
    "AsyncDialStack",
    "AsyncPage",
    "AsyncPager",
    "ComponentSettings",
    "DialStack",
    "DialStackAPIError",
    "DialStackAuthenticationError",
    "DialStackConfig",
    "DialStackConflictError",
    "DialStackConnectionError",
    "DialStackError",
    "DialStackInvalidRequestError",
    "DialStackModel",
    "DialStackNotFoundError",
    "DialStackPermissionError",
    "DialStackRateLimitError",
    "DialStackSignatureVerificationError",
    "DialStackTimeoutError",
    "DialStackValidationError",
    "Page",
    "Pricing",
    "PricingParams",
    "RequestEvent",
    "RequestOptions",
    "ResponseEvent",
    "User",
    "UserConfig",
    "UserCreateParams",
    "UserListParams",
    "UserUpdateParams",
    "__version__",
]
