"""Walking a collection: one page by hand, every item lazily, or a bounded list."""

from dialstack import DialStack


def main() -> None:
    with DialStack() as dialstack:
        for i in range(25):
            dialstack.accounts.create(email=f"customer{i}@example.com")

        page = dialstack.accounts.list(limit=10)  # the first page, newest first
        print(f"first page: {len(page.data)} accounts, more: {page.has_more}")

        count = sum(1 for _ in page.auto_paging_iter())  # fetches each page only when reached
        print(f"walked {count} accounts, one page in memory at a time")

        newest = dialstack.accounts.list(limit=10).auto_paging_to_list(limit=15)
        print(f"collected the newest {len(newest)}: {newest[0].email} ... {newest[-1].email}")


if __name__ == "__main__":
    main()
