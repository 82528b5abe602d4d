"""What a client is configured with (``ClientConfig``) and what one call may override."""

import os
import re
from collections.abc import Mapping
from typing import Any, NamedTuple, NotRequired, Required, TypedDict
from urllib.parse import urlsplit

from ._errors import DialStackAuthenticationError
from ._json import as_object
from ._loopback import is_loopback
from ._redact import redact_key

DEFAULT_API_URL = "https://api.dialstack.ai"
DEFAULT_FILES_URL = "https://files.dialstack.ai"
"""The API's files host (uploads), and the server the description names for them."""
DEFAULT_TIMEOUT = 80.0  # s per attempt, as the Node SDK
DEFAULT_MAX_NETWORK_RETRIES = 2
# Bytes one answer may have, on the wire and decompressed. The largest answer the API sends
# (a page of 100 objects) is a few hundred KB: 8 MiB leaves ample room, while a server that
# sends gigabytes costs each call in flight at most this much (plus one 1 MiB decoded chunk).
DEFAULT_MAX_RESPONSE_SIZE = 8 * 1024 * 1024
API_KEY_ENV = "DIALSTACK_API_KEY"
API_URL_ENV = "DIALSTACK_API_URL"


class AppInfo(TypedDict):
    """Your application, named in the ``User-Agent`` of every request."""

    name: Required[str]
    version: NotRequired[str]
    url: NotRequired[str]


class _Overridable(TypedDict, total=False):
    """Options a client sets by default and a single call may override."""

    timeout: float | None
    max_network_retries: int
    deadline: float | None
    dialstack_account: str


class RequestOptions(_Overridable, total=False):
    """Keyword options every method takes (its ``**options``), overriding the client's for
    that one call: ``client.users.list(dialstack_account="acct_...", timeout=5)``.

    ``timeout`` is seconds per attempt (None: no timeout); ``deadline`` is seconds for all
    attempts and waits together (None: none); ``max_network_retries`` is how many times a
    failed request may be resent; ``dialstack_account`` is the account an account-scoped
    call acts on; ``idempotency_key`` replaces the key the SDK makes for each POST (one key
    for every attempt). ``extra_headers``, ``extra_query`` and ``extra_body`` carry what
    this SDK version does not know yet.
    """

    idempotency_key: str
    extra_headers: dict[str, str]
    extra_query: dict[str, Any]
    extra_body: dict[str, Any]


class DialStackConfig(_Overridable, total=False):
    """The client's options, as keyword arguments of ``DialStack(...)`` and ``with_options``."""

    api_key: str
    api_url: str
    files_url: str
    telemetry: bool
    app_info: AppInfo
    max_response_size: int
    strict_response_validation: bool


OPTION_NAMES = frozenset(RequestOptions.__required_keys__ | RequestOptions.__optional_keys__)
CONFIG_NAMES = frozenset(DialStackConfig.__required_keys__ | DialStackConfig.__optional_keys__)


class ClientConfig(NamedTuple):
    api_key: str
    api_url: str
    timeout: float | None
    max_network_retries: int
    deadline: float | None
    telemetry: bool
    app_info: AppInfo | None
    dialstack_account: str | None
    max_response_size: int
    strict_response_validation: bool
    files_url: str | None = None
    """The files host as given; None follows ``api_url`` (``files_url_for``)."""

    def base_url(self, server: str | None) -> str:
        """Where a call goes: the API, or the files host for an upload."""
        if server is None:
            return self.api_url
        if server == DEFAULT_FILES_URL:
            return self.files_url or files_url_for(self.api_url)
        raise ValueError(f"no base URL is known for the server {server!r}")

    def __repr__(self) -> str:
        return (
            f"ClientConfig(api_key={redact_key(self.api_key)!r}, api_url={self.api_url!r}, "
            f"timeout={self.timeout!r}, max_network_retries={self.max_network_retries!r}, "
            f"deadline={self.deadline!r}, dialstack_account={self.dialstack_account!r})"
        )


def resolve_api_key(api_key: str | None) -> str:
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if not key:
        raise DialStackAuthenticationError(
            f"No API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
        )
    check_api_key(key)
    return key


# Visible ASCII only: a key is sent in a header, where CR/LF would split it and other
# bytes cannot be encoded; and a key with such characters is a copy-paste accident.
_KEY_CHARACTERS = re.compile(r"[\x21-\x7e]+")


def check_api_key(key: object) -> None:
    """Refuse a malformed key; the message never quotes it (it may be a real secret)."""
    if not isinstance(key, str) or not key:
        raise ValueError("api_key must be a non-empty string")
    if not _KEY_CHARACTERS.fullmatch(key):
        raise ValueError(
            "api_key has whitespace, control or non-ASCII characters (not shown here): "
            "check where it was read from or pasted"
        )


def resolve_api_url(api_url: str | None) -> str:
    url = (api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL).rstrip("/")
    parts = urlsplit(url)
    if "@" in parts.netloc or ("@" in url and not parts.netloc):
        # Never quoted: it holds a password. The API key is the only credential there is.
        raise ValueError("api_url must not carry a user name or password (user:pw@host)")
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError(f"api_url must be an https:// URL, got {url!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            f"api_url {url!r} would send the API key unencrypted: use https://"
            " (plain http:// is allowed only for a loopback host, such as the emulator)"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"api_url must not carry a query or fragment, got {url!r}")
    return url


def files_url_for(api_url: str) -> str:
    """The files host that goes with ``api_url``: the API's own host for a loopback one (the
    emulator serves uploads itself), ``files.`` in place of a leading ``api.`` (the API's
    hosts: ``https://api.dialstack.ai`` -> ``https://files.dialstack.ai``), else the same URL
    (a gateway in front of both)."""
    parts = urlsplit(api_url)
    host = parts.hostname or ""
    if is_loopback(host) or not host.startswith("api."):
        return api_url
    return parts._replace(netloc=parts.netloc.replace("api.", "files.", 1)).geturl()


def check_overrides(values: Mapping[str, Any]) -> None:
    """The values of the options a call may override, where given (client or call)."""
    for name in ("timeout", "deadline"):
        value = values.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not value > 0
        ):
            raise ValueError(f"{name} must be a positive number of seconds or None, got {value!r}")
    retries = values.get("max_network_retries", 0)
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise ValueError(f"max_network_retries must be a whole number >= 0, got {retries!r}")


def check_max_response_size(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"max_response_size must be a whole number of bytes >= 1, got {value!r}")


def check_app_info(value: object) -> None:
    info = as_object(value)
    if info is None or not isinstance(info.get("name"), str):
        raise ValueError("app_info must be a dict with at least a 'name' string")
    for key in info:
        if key not in AppInfo.__annotations__:
            raise ValueError(f"app_info has an unknown key {key!r}")
