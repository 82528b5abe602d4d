"""The quickstart with AsyncDialStack: the same calls, awaited, users created concurrently."""

import asyncio

from dialstack import AsyncDialStack


async def main() -> None:
    async with AsyncDialStack() as dialstack:
        account = await dialstack.accounts.create(email="customer@example.com")
        print(f"account  {account.id}")

        team = dialstack.with_options(dialstack_account=account.id)
        users = await asyncio.gather(
            team.users.create(name="John Doe", email="john@example.com"),
            team.users.create(name="Jane Roe", email="jane@example.com"),
        )
        for user in users:
            print(f"user     {user.id}  {user.name}")

        session = await dialstack.account_sessions.create(
            account=account.id, components={"call_logs": {"enabled": True}}
        )
        print(f"session  expires {session.expires_at:%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    asyncio.run(main())
