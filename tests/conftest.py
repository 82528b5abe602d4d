"""Every emulator the tests start checks its own answers against the API description: a
handler answering what ``openapi.json`` does not allow fails the test with a 500."""

import os

from dialstack.emulator.spec import CHECK_RESPONSES_ENV

os.environ[CHECK_RESPONSES_ENV] = "1"
