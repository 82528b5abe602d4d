"""Branching on typed errors (and their ``code``), never on message text."""

import dialstack
from dialstack import DialStack


def main() -> None:
    with DialStack() as client:
        try:
            client.accounts.retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41")
        except dialstack.DialStackNotFoundError as error:
            print(f"not found: {error.message} (code {error.code}, request {error.request_id})")

        try:
            client.accounts.create(email="not-an-email")
        except dialstack.DialStackValidationError as error:
            print(f"invalid {error.param}: {error.message}")

        try:
            client.accounts.list(limit=10, timeout=10, max_network_retries=3)
        except dialstack.DialStackRateLimitError as error:
            print(f"rate limited; retry after {error.retry_after} s")
        except dialstack.DialStackConnectionError as error:
            print(f"no answer: {error}")  # DialStackTimeoutError is one of these
        except dialstack.DialStackError as error:
            print(f"DialStack error {error.status_code}: {error}")
        else:
            print("listed accounts fine")

        try:
            client.users.list()  # no account context: refused before anything is sent
        except ValueError as error:
            print(f"usage error: {error}")


if __name__ == "__main__":
    main()
