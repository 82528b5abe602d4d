"""Webhook delivery: signed POSTs off the request path, at least once, retried with backoff.

The queue is the ``webhook_deliveries`` table: a delivery is ``pending`` until an attempt
gets a 2xx (``delivered``) or the last attempt fails (``failed``). A delivery is only
updated after its attempt ends, so one cut short by ``kill -9`` is still pending after a
restart and is made again, with the same event id and body: at least once, never lost.

One task on the server's event loop launches due deliveries, at most ``CONCURRENCY`` at
once, each bounded by ``ATTEMPT_TIMEOUT`` as a whole (connect, send, answer headers); the
answer's body is never read. The slots are shared fairly, as a delivery service shares them
between its customers: a tenant holds at most ``PER_TENANT`` and an endpoint at most
``PER_ENDPOINT``, and the tenants with something due take turns (round robin, starting after
the one served first last time), so a receiver that hangs holds only its own endpoint's
slots, and a tenant with thousands due only its own share. API requests never wait for any
of it. No delivery reaches the emulator itself (``core.self_delivery``): each carries its
header, and a URL that resolves to this machine on a port the emulator serves is a failed
attempt, never sent.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Set
from typing import Protocol

import httpx2

from ....webhooks import generate_test_header
from ...core.self_delivery import DELIVERY_HEADER, refused_after_resolving
from .tables import DELIVERED, FAILED, PENDING, DeliveryAttempt, WebhookTables

logger = logging.getLogger("dialstack.emulator.webhooks")

BACKOFF = (5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0)
"""Seconds from a failed attempt to the next: 7 attempts over about 1 h 45 min."""
MAX_ATTEMPTS = len(BACKOFF) + 1
CONCURRENCY = 16
PER_TENANT = 8
"""Slots one tenant may hold: a tenant flooding slow receivers leaves the others half."""
PER_ENDPOINT = 4
"""Slots one endpoint may hold: a slow receiver leaves its tenant's other endpoints the rest."""
ATTEMPT_TIMEOUT = 10.0
_IDLE_POLL = 1.0  # s: how often an idle worker looks at the clock (a stepped clock moves)
USER_AGENT = "DialStack-Emulator-Webhooks/1"


class Now(Protocol):
    """A clock: Unix seconds for a tenant (a test may step its own), or for all."""

    def __call__(self, tenant: str | None = None) -> float: ...


def real_time(tenant: str | None = None) -> float:
    del tenant
    return time.time()


class DeliveryWorker:
    def __init__(
        self,
        tables: WebhookTables,
        now: Now = real_time,
        *,
        concurrency: int = CONCURRENCY,
        per_tenant: int = PER_TENANT,
        per_endpoint: int = PER_ENDPOINT,
        attempt_timeout: float = ATTEMPT_TIMEOUT,
        own_ports: Set[int] = frozenset(),
    ) -> None:
        self._tables = tables
        self._own_ports = own_ports
        """The emulator's ports (filled once it listens): never delivered to on this machine."""
        self.now = now
        """The clock retries are scheduled on, per tenant (the simulator's, which a test may
        step)."""
        self.attempt_timeout = attempt_timeout
        self._concurrency = concurrency
        self._per_tenant = per_tenant
        self._per_endpoint = per_endpoint
        self._running: dict[str, asyncio.Task[None]] = {}
        self._holders: dict[str, tuple[str, str]] = {}
        """A running delivery's (tenant, endpoint): what its slot counts against."""
        self._first_served = ""
        """The tenant served first in the last round: the next round starts after it."""
        self._wake = asyncio.Event()
        self._progress = asyncio.Event()
        self._client: httpx2.AsyncClient | None = None
        self._loop_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # trust_env=False: receivers are local; a proxy from the environment must not see them.
        self._client = httpx2.AsyncClient(
            trust_env=False,
            follow_redirects=False,
            timeout=self.attempt_timeout,
            limits=httpx2.Limits(max_connections=self._concurrency),
        )
        self._loop_task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Cancel what runs: the deliveries it was making stay pending for the next start."""
        tasks = [task for task in (self._loop_task, *self._running.values()) if task]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._running.clear()
        self._holders.clear()
        self._loop_task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def wake(self) -> None:
        """Something became due: look now rather than at the next poll."""
        self._wake.set()

    async def flush(self, tenant: str | None, retries: bool, within: float) -> bool:
        """Wait until every delivery due now (of ``tenant``, or all) has had its attempt.

        With ``retries``, scheduled retries are brought forward and made too. A delivery
        that fails again is rescheduled after this point in time, so flush does not wait
        for it. Returns False if ``within`` seconds ran out first.
        """
        tables = self._tables
        tenants = [tenant] if tenant is not None else list(tables.next_due(None, ()))
        cutoffs = {name: self.now(name) for name in tenants}
        if retries:
            for name, cutoff in cutoffs.items():
                tables.make_due(name, cutoff)
        self.wake()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + within
        while True:
            self._progress.clear()
            if not any(tables.count_due(name, cutoff) for name, cutoff in cutoffs.items()):
                return True
            remaining = give_up - loop.time()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await self._progress.wait()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                launched = self._launch_due()
                delay = self._until_next_due()
            except Exception:  # the store failed: say so, and look again later
                logger.exception("Webhook delivery could not read its queue")
                launched, delay = False, _IDLE_POLL
            # Due but nothing launched: every slot it could take is held (all of them, its
            # tenant's or its endpoint's); one that ends wakes us. asyncio.timeout, not
            # wait_for: on Python 3.11 wait_for loses a cancel (stop) that comes with a wake.
            if delay > 0 or not launched:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay or _IDLE_POLL):
                        await self._wake.wait()

    def _until_next_due(self) -> float:
        """Seconds until a delivery not running yet is due (at most the idle poll)."""
        delay = _IDLE_POLL
        for tenant, earliest in self._tables.next_due(None, list(self._running)).items():
            delay = min(delay, max(0.0, earliest - self.now(tenant)))
        return delay

    def _launch_due(self) -> bool:
        """Start what is due, within the slots' shares; whether anything started."""
        free = self._concurrency - len(self._running)
        if free <= 0:
            return False
        tenants: dict[str, int] = {}
        endpoints: dict[str, int] = {}
        for tenant, endpoint in self._holders.values():
            tenants[tenant] = tenants.get(tenant, 0) + 1
            endpoints[endpoint] = endpoints.get(endpoint, 0) + 1
        full = [endpoint for endpoint, held in endpoints.items() if held >= self._per_endpoint]
        queues: dict[str, list[tuple[str, str]]] = {}
        for tenant, earliest in sorted(self._tables.next_due(None, list(self._running)).items()):
            room = self._per_tenant - tenants.get(tenant, 0)
            now = self.now(tenant)
            if room > 0 and earliest <= now:
                found = self._tables.due(
                    tenant, now, room, list(self._running), full, per_endpoint=self._per_endpoint
                )
                queues[tenant] = found[::-1]  # popped from the end: oldest first
        order = sorted(queues, key=lambda tenant: (tenant <= self._first_served, tenant))
        if order:
            self._first_served = order[0]
        launched = False
        while free > 0 and order:
            for tenant in list(order):
                queue = queues[tenant]
                while queue and endpoints.get(queue[-1][1], 0) >= self._per_endpoint:
                    queue.pop()
                if not queue or tenants.get(tenant, 0) >= self._per_tenant or free <= 0:
                    order.remove(tenant)
                    continue
                delivery_id, endpoint = queue.pop()
                self._launch(delivery_id, tenant, endpoint)
                tenants[tenant] = tenants.get(tenant, 0) + 1
                endpoints[endpoint] = endpoints.get(endpoint, 0) + 1
                free -= 1
                launched = True
        return launched

    def _launch(self, delivery_id: str, tenant: str, endpoint: str) -> None:
        self._holders[delivery_id] = (tenant, endpoint)
        self._running[delivery_id] = asyncio.get_running_loop().create_task(
            self._deliver(delivery_id)
        )

    async def _deliver(self, delivery_id: str) -> None:
        try:
            await self._attempt(delivery_id)
        except Exception:
            logger.exception("Webhook delivery %s could not be recorded", delivery_id)
            # The store failed: the delivery is still due. Hold its slot a moment rather
            # than launch it again at once, in a loop.
            await asyncio.sleep(_IDLE_POLL)
        finally:
            self._running.pop(delivery_id, None)
            self._holders.pop(delivery_id, None)
            self._progress.set()
            self._wake.set()

    async def _attempt(self, delivery_id: str) -> None:
        tables = self._tables
        outgoing = tables.outgoing(delivery_id)
        if outgoing is None:
            return
        if outgoing.url is None:
            tables.cancel(delivery_id)
            return
        started_at = self.now(outgoing.tenant)
        started = time.monotonic()
        try:
            status_code, error = await self._post(
                delivery_id, outgoing.url, outgoing.secret, outgoing.body
            )
        except Exception as exc:  # a bug of ours is a failed attempt, retried like any other
            logger.exception("Webhook delivery %s failed in the emulator", delivery_id)
            status_code, error = None, f"emulator error: {type(exc).__name__}"
        duration = time.monotonic() - started
        number = outgoing.attempts + 1
        if status_code is not None and 200 <= status_code < 300:
            status, next_at = DELIVERED, None
        elif number >= MAX_ATTEMPTS:
            status, next_at = FAILED, None
        else:
            status, next_at = PENDING, self.now(outgoing.tenant) + BACKOFF[number - 1]
        if error is None and status != DELIVERED:
            error = f"HTTP {status_code}"
        tables.record_attempt(
            delivery_id,
            DeliveryAttempt(number, started_at, duration, status_code, error),
            status,
            next_at,
        )

    async def _post(
        self, delivery_id: str, url: str, secret: str, text: str
    ) -> tuple[int | None, str | None]:
        """One signed POST: the answer's status, or why there was none."""
        refused = await self._refused(url)
        if refused is not None:
            return None, refused
        body = text.encode()
        # Signed with real time, not the stepped clock: the receiver checks it against its own.
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "x-dialstack-signature": generate_test_header(body, secret, int(time.time())),
            DELIVERY_HEADER: delivery_id,
        }
        assert self._client is not None
        try:
            async with asyncio.timeout(self.attempt_timeout):
                request = self._client.build_request("POST", url, content=body, headers=headers)
                response = await self._client.send(request, stream=True)
                await response.aclose()  # the answer's body is never read
        except TimeoutError:
            return None, f"timeout: no answer within {self.attempt_timeout:g} s"
        except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
            return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return response.status_code, None

    async def _refused(self, url: str) -> str | None:
        """Why ``url`` must not be sent to (it resolves to this emulator), or None."""
        return await refused_after_resolving(url, self._own_ports)
