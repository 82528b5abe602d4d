"""The API description and its checks of every request (and, in the tests, every answer)."""
