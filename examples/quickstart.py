"""Create an account, a user in it, and a session for the embedded components.

Run against the local emulator:  scripts/quickstart
Against DialStack:               DIALSTACK_API_KEY=sk_test_... python examples/quickstart.py
"""

from dialstack import DialStack


def main() -> None:
    with DialStack() as dialstack:  # reads DIALSTACK_API_KEY (and DIALSTACK_API_URL if set)
        account = dialstack.accounts.create(email="customer@example.com")
        print(f"account  {account.id}  {account.email}")

        user = dialstack.users.create(
            name="John Doe", email="john@example.com", dialstack_account=account.id
        )
        print(f"user     {user.id}  {user.name} <{user.email}>")

        session = dialstack.account_sessions.create(
            account=account.id,
            components={"call_logs": {"enabled": True}, "voicemails": {"enabled": True}},
        )
        # Hand session.client_secret to your frontend; it expires at session.expires_at.
        print(f"session  for {session.account_id}, expires {session.expires_at:%Y-%m-%d %H:%M} UTC")
        print(f"secret   {session.client_secret}")


if __name__ == "__main__":
    main()
