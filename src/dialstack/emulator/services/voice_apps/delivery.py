"""Sending ``call.received`` to a voice app: one signed POST per call, off the request path.

A call reaches the app while it rings, so the webhook is worth sending only then: one
attempt, no retries (a retry an hour later would be about a call long gone); its outcome is
kept for ``GET /_emulator/voice_app_deliveries``. The rules of the event webhooks hold
(``core.self_delivery``): never to the emulator's own ports, the delivery header on every
request, no redirects followed, no proxy from the environment, each attempt bounded by
``ATTEMPT_TIMEOUT`` as a whole and the answer's body never read; at most ``CONCURRENCY``
attempts at once, ``PER_TENANT`` of them one tenant's, so a receiver that hangs holds its
own tenant's slots only. A tenant's queue is bounded too (``MAX_PENDING``).
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Set

import httpx2

from ....webhooks import generate_test_header
from ...core.clock import Clock
from ...core.self_delivery import DELIVERY_HEADER, refused_after_resolving
from .tables import DELIVERED, FAILED, VoiceAppTables

logger = logging.getLogger("dialstack.emulator.voice_apps")

ATTEMPT_TIMEOUT = 10.0
CONCURRENCY = 8
PER_TENANT = 4
MAX_PENDING = 100
"""Deliveries one tenant may have waiting: a call beyond them is recorded as failed, unsent."""
DELIVERIES_KEPT = 1_000
"""Deliveries kept per tenant for the control route (older ones are forgotten)."""
USER_AGENT = "DialStack-Emulator-VoiceApps/1"


class CallReceivedDelivery:
    def __init__(self, tables: VoiceAppTables, clock: Clock, own_ports: Set[int]) -> None:
        self._tables = tables
        self._clock = clock
        self._own_ports = own_ports
        self._running: dict[str, tuple[str, asyncio.Task[None]]] = {}
        """A running delivery's id -> its tenant and task."""
        self._wake = asyncio.Event()
        self._progress = asyncio.Event()
        self._client: httpx2.AsyncClient | None = None
        self._loop_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # trust_env=False: receivers are local; a proxy from the environment must not see them.
        self._client = httpx2.AsyncClient(
            trust_env=False,
            follow_redirects=False,
            timeout=ATTEMPT_TIMEOUT,
            limits=httpx2.Limits(max_connections=CONCURRENCY),
        )
        self._loop_task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        tasks = [
            task for task in (self._loop_task, *(t for _, t in self._running.values())) if task
        ]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._running.clear()
        self._loop_task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def wake(self) -> None:
        self._wake.set()

    def room_for(self, tenant: str) -> bool:
        """Whether another delivery of the tenant may wait its turn."""
        return self._tables.count_pending(tenant) < MAX_PENDING

    async def flush(self, tenant: str, within: float) -> bool:
        """Wait until the tenant's deliveries have all had their attempt; False when
        ``within`` seconds ran out first."""
        self.wake()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + within
        while True:
            self._progress.clear()
            if not self._tables.count_pending(tenant):
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
                self._launch_due()
            except Exception:  # the store failed: say so, and look again when woken
                logger.exception("Voice app deliveries could not read their queue")
            await self._wake.wait()

    def _launch_due(self) -> None:
        free = CONCURRENCY - len(self._running)
        if free <= 0:
            return
        held: dict[str, int] = {}
        for tenant, _ in self._running.values():
            held[tenant] = held.get(tenant, 0) + 1
        # Read past the slots' worth: the oldest may all be one busy tenant's.
        for delivery_id, tenant in self._tables.pending(CONCURRENCY * 4, self._running.keys()):
            if free <= 0:
                return
            if held.get(tenant, 0) >= PER_TENANT:
                continue
            held[tenant] = held.get(tenant, 0) + 1
            free -= 1
            task = asyncio.get_running_loop().create_task(self._deliver(delivery_id))
            self._running[delivery_id] = (tenant, task)

    async def _deliver(self, delivery_id: str) -> None:
        try:
            await self._attempt(delivery_id)
        except Exception:
            logger.exception("Voice app delivery %s could not be recorded", delivery_id)
        finally:
            self._running.pop(delivery_id, None)
            self._progress.set()
            self._wake.set()

    async def _attempt(self, delivery_id: str) -> None:
        outgoing = self._tables.outgoing(delivery_id)
        if outgoing is None:
            return  # its tenant was reset meanwhile
        attempted_at = self._clock.now(outgoing.tenant)
        status_code: int | None
        error: str | None
        if outgoing.secret is None:
            status_code, error = None, "the voice app was deleted before the webhook was sent"
        else:
            try:
                status_code, error = await self._post(
                    delivery_id, outgoing.url, outgoing.secret, outgoing.body
                )
            except Exception as exc:  # a bug of ours is a failed attempt, said so
                logger.exception("Voice app delivery %s failed in the emulator", delivery_id)
                status_code, error = None, f"emulator error: {type(exc).__name__}"
        delivered = status_code is not None and 200 <= status_code < 300
        if error is None and not delivered:
            error = f"HTTP {status_code}"
        self._tables.record_attempt(
            delivery_id, DELIVERED if delivered else FAILED, status_code, error, attempted_at
        )

    async def _post(
        self, delivery_id: str, url: str, secret: str, text: str
    ) -> tuple[int | None, str | None]:
        """One signed POST: the answer's status, or why there was none."""
        refused = await refused_after_resolving(url, self._own_ports)
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
            async with asyncio.timeout(ATTEMPT_TIMEOUT):
                request = self._client.build_request("POST", url, content=body, headers=headers)
                response = await self._client.send(request, stream=True)
                await response.aclose()  # the answer's body is never read
        except TimeoutError:
            return None, f"timeout: no answer within {ATTEMPT_TIMEOUT:g} s"
        except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
            return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return response.status_code, None
