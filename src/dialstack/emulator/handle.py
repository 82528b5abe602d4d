"""``EmulatorHandle``: what the ``dialstack_emulator`` fixture gives a test."""

from .control_client import EmulatorControl
from .server import Emulator


class EmulatorHandle(EmulatorControl):
    """The shared emulator seen through a fresh key: a platform of the test's own.

    ``url`` and ``api_key`` are what a client needs; the control methods (``reset``,
    ``add_fault``, ``faults``, ``clear_faults``, ``requests``) act on this key only.
    """

    def __init__(self, server: Emulator) -> None:
        super().__init__(server.url, server.new_api_key())
        self.server = server
