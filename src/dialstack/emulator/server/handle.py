"""``EmulatorHandle``: what the ``dialstack_emulator`` fixture gives a test."""

from typing import TYPE_CHECKING, Any

import httpx2

from ..control.control_client import EmulatorControl, checked

if TYPE_CHECKING:
    from .emulator import Emulator


class EmulatorHandle(EmulatorControl):
    """An emulator seen through one key: a platform of the test's own.

    ``url`` and ``api_key`` are what a client needs; the control methods (``reset``,
    ``add_fault``, ``faults``, ``clear_faults``, ``requests``) act on this key only, through
    ``control_http`` when given (the fixtures' in-process client: a control call over a new
    socket client costs about 20 ms, most of it building an SSL context).
    """

    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        server: "Emulator | None" = None,
        control_http: httpx2.Client | None = None,
    ) -> None:
        super().__init__(url, api_key)
        self._server = server
        self._control_http = control_http

    @property
    def in_other_process(self) -> bool:
        """True for an emulator the fixtures did not start (``DIALSTACK_API_URL``)."""
        return self._server is None

    @property
    def server(self) -> "Emulator":
        """The in-process ``Emulator`` behind ``url`` (for ``new_api_key()``,
        ``session_secret``); an emulator of another process has none to give."""
        if self._server is None:
            raise RuntimeError(
                f"the emulator at {self.url} runs in another process (DIALSTACK_API_URL): "
                "there is no in-process Emulator object to use"
            )
        return self._server

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        if self._control_http is None:
            return super()._request(method, path, **kwargs)
        answer = self._control_http.request(method, self.url + path, **kwargs)
        return checked(answer, method, path)
