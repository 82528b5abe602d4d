"""The DialStack API for Python: ``DialStack`` (sync) and ``AsyncDialStack`` (async)."""

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
from ._version import VERSION

__version__ = VERSION

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
