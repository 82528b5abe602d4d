# pyright: reportUnnecessaryTypeIgnoreComment=true
"""The two async mistakes are type errors, not only run-time ones: ``.data`` on an
un-awaited async list, and a plain ``for`` over an async list or page."""

from typing import assert_type

import pytest

from dialstack import Account, AsyncDialStack, AsyncPage, AsyncPager


def async_mistakes_as_type_checkers_see_them(
    aclient: AsyncDialStack, page: AsyncPage[Account]
) -> None:
    """Never run: mypy and pyright check it, and each ignore must be needed (mypy's
    ``warn_unused_ignores``, pyright's setting above), so every line marked is an error."""
    pager = aclient.accounts.list()
    assert_type(pager, AsyncPager[Account])
    _ = pager.data  # type: ignore[attr-defined]
    _ = pager.has_more  # type: ignore[attr-defined]
    _ = pager.next_cursor  # type: ignore[attr-defined]
    for _ in pager:  # type: ignore[attr-defined]
        pass
    for _ in aclient.calls.list():  # type: ignore[attr-defined]
        pass
    for _ in page:  # type: ignore[misc]
        pass
    assert_type(page.data, list[Account])


@pytest.mark.anyio
async def test_the_same_mistakes_say_what_to_write_at_run_time(
    async_dialstack_client: AsyncDialStack,
) -> None:
    pager = async_dialstack_client.accounts.list()
    with pytest.raises(AttributeError, match="Await it"):
        _ = pager.data  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="async for"):
        iter(pager)  # type: ignore[call-overload]
    page = await pager
    with pytest.raises(TypeError, match="async for"):
        iter(page)  # type: ignore[call-overload]
