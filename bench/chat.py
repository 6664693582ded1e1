"""Benchmark: a chat room with 100 and 500 listeners against a bare Channels room, same daphne.

One daphne process serves both rooms on the Redis channel layer, with production settings on
a fresh SQLite file: the site's room (``chat.consumers.RoomConsumer``: session, authorisation,
rate limit, screening, storage, then broadcast after commit) and a bare room
(``bench.bare.BareRoomConsumer``: broadcast straight away). A few sender sockets send at a
steady rate; every listener socket notes when each message arrives. Latency is arrival time
minus send time, both read on the client; delivered is the share of (message, listener)
pairs that arrived before the drain timeout. Runs of the two rooms alternate (ABBA), and
each room grows from one size to the next (the same sockets plus new ones). For our room,
bench/timing.py also times the steps of each message inside daphne (second table).

The client is one asyncio loop on the same machine as daphne and Redis: it competes with
them for the CPU, and the CPU columns show who used what.

Before the latency runs, two more measurements (issue 10):
- idle sockets: BENCH_IDLE (1000) members sit in our room with the default heartbeat for
  BENCH_IDLE_SECONDS (65: two heartbeats and more); daphne's CPU (% of one core) and its
  resident memory per socket (KiB) are printed;
- churn: BENCH_CHURN_MEMBERS (100) members join and leave the room for BENCH_CHURN_SECONDS
  (30) on two daphne processes while BENCH_SENDERS write BENCH_RATE messages per second each;
  every member's page keeps the number up to which it has everything, asks for a replay on a
  gap and on every reconnect, and comes back once at the end: the figures say how many
  (member, message) pairs are missing (aim: 0) and how many repeats the pages dropped.
The seeded moderator is marked present for a day: the benchmark has no moderator socket, and
the room would close 90 s after it otherwise.

Run with `make bench-chat`. Environment: BENCH_LISTENERS (sizes, "100,500"), BENCH_RATE
(messages per second, 2), BENCH_SECONDS (per run, 10), BENCH_ROUNDS (runs per room and size,
2), BENCH_SENDERS (4), BENCH_DRAIN (seconds to wait for stragglers, 10), BENCH_REDIS_DB
(5; flushed at start and end), and the BENCH_IDLE* and BENCH_CHURN* above (0 skips them).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import redis
import txaio
from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.daphne import PRODUCTION  # noqa: E402

HOST = "127.0.0.1"
KINDS = ("bare", "ours")
AIM_RATIO = 1.5
# Steps timed inside daphne for our room (bench/timing.py), in the order a message meets them.
STEPS = ("store", "room_send", "rate_check", "screening", "insert", "broadcast")

SEED = """
import datetime, json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from chat import services
from chat.models import Room
from cybersquad.models import User
from forum.models import Theme

listeners, senders = int(sys.argv[1]), int(sys.argv[2])

def session_key(user):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key

with transaction.atomic():
    theme = Theme.objects.create(slug="bench", name_fr="Banc", name_nl="Bank")
    room = Room.objects.create(theme=theme, days="1234567", opens_at=datetime.time(0, 0),
                               closes_at=datetime.time(23, 59, 59))
    moderator = User.objects.create(username="bench-moderator", role="moderator")
    User.objects.bulk_create(User(username=f"bench{i}", birth_year=2011, birth_month=1)
                             for i in range(listeners + senders))
    members = list(User.objects.filter(username__regex=r"^bench[0-9]+$").order_by("pk"))
    services.room_open(room, by=moderator)
    # No moderator socket keeps the room open during the benchmark: present for a day.
    Room.objects.filter(pk=room.pk).update(
        moderator_seen_at=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    )
    keys = [session_key(member) for member in members]
room.refresh_from_db()
if not room.is_open():
    sys.exit("the benchmark room is not open after room_open()")
print(json.dumps({"room": room.pk, "listeners": keys[:listeners], "senders": keys[listeners:]}))
"""


@dataclass
class Config:
    sizes: list[int]
    rate: float
    seconds: float
    rounds: int
    senders: int
    drain: float
    idle: int = 1000
    idle_seconds: float = 65
    churn_members: int = 100
    churn_seconds: float = 30

    @classmethod
    def from_env(cls) -> Config:
        get = os.environ.get
        return cls(
            sizes=sorted({int(n) for n in get("BENCH_LISTENERS", "100,500").split(",")}),
            rate=float(get("BENCH_RATE", "2")),
            seconds=float(get("BENCH_SECONDS", "10")),
            rounds=int(get("BENCH_ROUNDS", "2")),
            senders=int(get("BENCH_SENDERS", "4")),
            drain=float(get("BENCH_DRAIN", "10")),
            idle=int(get("BENCH_IDLE", "1000")),
            idle_seconds=float(get("BENCH_IDLE_SECONDS", "65")),
            churn_members=int(get("BENCH_CHURN_MEMBERS", "100")),
            churn_seconds=float(get("BENCH_CHURN_SECONDS", "30")),
        )

    def check(self) -> None:
        if min(self.sizes) < 1 or self.rate <= 0 or self.seconds <= 0 or self.rounds < 1:
            sys.exit("BENCH_LISTENERS, BENCH_RATE, BENCH_SECONDS and BENCH_ROUNDS must be > 0")
        if self.senders < 1 or self.drain < 0:
            sys.exit("BENCH_SENDERS must be at least 1 and BENCH_DRAIN at least 0")


# --- What the clients see ---------------------------------------------------------------------


@dataclass
class Phase:
    """One measured run: one room, its listeners, messages sent at a steady rate."""

    kind: str
    listeners: int
    messages: int
    sent_at: dict[str, float] = field(default_factory=dict)
    seen: set[tuple[int, str]] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)  # send to arrival, per listener
    ack_latencies: list[float] = field(default_factory=list)  # send to ack, on the sender
    lateness: list[float] = field(default_factory=list)  # send time minus scheduled time
    problems: list[str] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    cpu: dict[str, float] = field(default_factory=dict)  # % of one core, per process
    steps: dict[str, list[float]] = field(default_factory=dict)  # timed inside daphne

    @property
    def expected(self) -> int:
        return self.messages * self.listeners

    def check_done(self) -> None:
        if len(self.latencies) >= self.expected and len(self.ack_latencies) >= self.messages:
            self.done.set()


class Bench:
    """What all sockets share: the run being measured, and problems seen outside runs."""

    def __init__(self) -> None:
        self.phase: Phase | None = None
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        (self.phase.problems if self.phase else self.problems).append(text)


class Client(WebSocketClientProtocol):
    """One socket: a listener notes arrivals, a sender notes its acks.

    onOpen, onClose and onMessage are autobahn's callbacks, hence their names.
    """

    bench: Bench
    kind: str
    number: int  # a listener's index; -1 for senders
    opened: asyncio.Future[None]
    closed: asyncio.Future[None]
    closing: bool = False

    def onOpen(self) -> None:
        self.opened.set_result(None)

    def onClose(self, wasClean: bool, code: int | None, reason: str | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"{self.kind}: refused, close code {code}"))
        elif not self.closing:
            self.bench.problem(f"{self.kind}: the server closed a socket ({code} {reason})")
        if not self.closed.done():
            self.closed.set_result(None)

    def onMessage(self, payload: bytes, isBinary: bool) -> None:
        now = time.perf_counter()
        frame = json.loads(payload)
        phase = self.bench.phase
        client_id = frame.get("client_id")
        # Frames about messages of an earlier run arrive late: they already count as missed.
        current = phase is not None and phase.kind == self.kind and client_id in phase.sent_at
        if frame.get("type") == "message":
            if current and self.number >= 0:
                self._arrived(phase, client_id, now)
        elif frame.get("type") == "ack":
            if current:
                if frame.get("status") != "visible":
                    phase.problems.append(f"{self.kind}: message acknowledged {frame['status']}")
                phase.ack_latencies.append(now - phase.sent_at[client_id])
                phase.check_done()
        else:
            self.bench.problem(f"{self.kind}: unexpected frame {payload[:300]!r}")

    def _arrived(self, phase: Phase, client_id: str, now: float) -> None:
        if (self.number, client_id) in phase.seen:
            phase.problems.append(f"{self.kind}: a message arrived twice")
            return
        phase.seen.add((self.number, client_id))
        phase.latencies.append(now - phase.sent_at[client_id])
        phase.check_done()


async def connect(
    bench: Bench, port: int, path: str, cookie: str, kind: str, number: int
) -> Client:
    factory = WebSocketClientFactory(
        f"ws://{HOST}:{port}{path}",
        origin=f"http://{HOST}:{port}",
        headers={"Cookie": f"sessionid={cookie}"},
    )
    factory.setProtocolOptions(openHandshakeTimeout=60, closeHandshakeTimeout=5)
    loop = asyncio.get_running_loop()
    client = Client()
    client.factory = factory
    client.bench, client.kind, client.number = bench, kind, number
    client.opened, client.closed = loop.create_future(), loop.create_future()
    await loop.create_connection(lambda: client, HOST, port)
    await asyncio.wait_for(client.opened, 90)
    return client


async def gated(jobs: list[Callable[[], Awaitable[Client]]]) -> list[Client]:
    """Sixteen at a time, as people arrive, not all in the same millisecond."""
    gate = asyncio.Semaphore(16)

    async def one(job: Callable[[], Awaitable[Client]]) -> Client:
        async with gate:
            return await job()

    return list(await asyncio.gather(*(one(job) for job in jobs)))


# --- CPU and in-server timings ----------------------------------------------------------------


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process, all threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Meter:
    """CPU of daphne, this client and Redis, and the step timings daphne writes."""

    def __init__(self, daphne_pid: int, store: redis.Redis, timings: Path) -> None:
        self.daphne_pid, self.store, self.timings = daphne_pid, store, timings
        self.offset = 0

    def sample(self) -> dict[str, float]:
        info = self.store.info("cpu")
        return {
            "daphne": process_cpu(self.daphne_pid),
            "client": time.process_time(),
            "redis": float(info["used_cpu_sys"]) + float(info["used_cpu_user"]),
            "wall": time.perf_counter(),
        }

    @staticmethod
    def usage(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
        wall = after["wall"] - before["wall"]
        return {k: 100 * (after[k] - before[k]) / wall for k in before if k != "wall"}

    def new_steps(self) -> dict[str, list[float]]:
        """Step timings written since the last call."""
        with self.timings.open() as lines:
            lines.seek(self.offset)
            text = lines.read()
        complete = text[: text.rfind("\n") + 1]
        self.offset += len(complete)
        steps: dict[str, list[float]] = {}
        for line in complete.splitlines():
            label, seconds = line.split()
            steps.setdefault(label, []).append(float(seconds))
        return steps


# --- Measured runs ----------------------------------------------------------------------------


async def run_phase(
    bench: Bench,
    meter: Meter,
    kind: str,
    senders: list[Client],
    listeners: int,
    *,
    tag: str,
    rate: float,
    seconds: float,
    drain: float,
) -> Phase:
    phase = Phase(kind=kind, listeners=listeners, messages=max(1, round(rate * seconds)))
    meter.new_steps()  # forget what earlier runs left
    bench.phase = phase
    before = meter.sample()
    start = time.perf_counter() + 0.05
    for i in range(phase.messages):
        due = start + i / rate
        if (wait := due - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
        client_id = f"{tag}-{i}"
        frame = {"type": "send", "client_id": client_id, "body": f"message {i} from the benchmark"}
        payload = json.dumps(frame).encode()
        now = time.perf_counter()
        phase.lateness.append(now - due)
        phase.sent_at[client_id] = now
        senders[i % len(senders)].sendMessage(payload)
    try:
        await asyncio.wait_for(phase.done.wait(), drain)
    except TimeoutError:
        pass  # what has not arrived by now counts as not delivered
    phase.cpu = meter.usage(before, meter.sample())
    bench.phase = None
    phase.steps = meter.new_steps()
    return phase


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def ms(values: list[float], q: float) -> str:
    return f"{quantile(values, q) * 1000:.1f}" if values else "-"


@dataclass
class Result:
    """The measured runs of one room at one size, pooled."""

    phases: list[Phase] = field(default_factory=list)

    def pooled(self, name: str) -> list[float]:
        return [x for p in self.phases for x in getattr(p, name)]

    def step(self, label: str) -> list[float]:
        return [x for p in self.phases for x in p.steps.get(label, [])]

    @property
    def delivered(self) -> float:
        return len(self.pooled("latencies")) / sum(p.expected for p in self.phases)

    @property
    def acked(self) -> float:
        return len(self.pooled("ack_latencies")) / sum(p.messages for p in self.phases)

    def cpu(self, name: str) -> float:
        return sum(p.cpu[name] for p in self.phases) / len(self.phases)


async def drive(
    port: int, meter: Meter, seed: dict, config: Config, stop_server: Callable[[], None]
) -> tuple[dict, list[str]]:
    txaio.config.loop = asyncio.get_running_loop()
    bench = Bench()
    paths = {"ours": f"/ws/chat/rooms/{seed['room']}/?lang=fr", "bare": "/ws/bare/bench/"}
    results: dict[tuple[int, str], Result] = {}
    run = {"rate": config.rate, "drain": config.drain}
    listeners: dict[str, list[Client]] = {kind: [] for kind in KINDS}
    senders: dict[str, list[Client]] = {kind: [] for kind in KINDS}

    def opener(kind: str, cookie: str, number: int) -> Callable[[], Awaitable[Client]]:
        return lambda: connect(bench, port, paths[kind], cookie, kind, number)

    for size in config.sizes:  # ascending: each room grows to the next size
        for kind in KINDS:
            started = time.perf_counter()
            have = len(listeners[kind])
            cookies = seed["listeners"][have:size]
            listeners[kind] += await gated(
                [opener(kind, cookie, have + i) for i, cookie in enumerate(cookies)]
            )
            if not senders[kind]:
                senders[kind] = await gated([opener(kind, c, -1) for c in seed["senders"]])
            print(
                f"  {kind}: {size} listeners + {len(senders[kind])} senders connected "
                f"({time.perf_counter() - started:.1f} s)",
                flush=True,
            )
        await asyncio.sleep(1)
        for kind in KINDS:  # warm-up, not counted: first queries, first screening, buffers
            warm = await run_phase(
                bench, meter, kind, senders[kind], size, tag=f"w{size}{kind}", seconds=2, **run
            )
            if warm.problems:
                raise RuntimeError(f"warm-up of {kind} failed: {warm.problems[0]}")
        for round_no in range(config.rounds):
            for kind in KINDS if round_no % 2 == 0 else KINDS[::-1]:  # ABBA against drift
                phase = await run_phase(
                    bench,
                    meter,
                    kind,
                    senders[kind],
                    size,
                    tag=f"r{size}{kind}{round_no}",
                    seconds=config.seconds,
                    **run,
                )
                results.setdefault((size, kind), Result()).phases.append(phase)
                print(
                    f"  {kind}: {size} listeners, run {round_no + 1}: "
                    f"{len(phase.latencies)}/{phase.expected} delivered, "
                    f"{len(phase.ack_latencies)}/{phase.messages} acked, "
                    f"p99 {ms(phase.latencies, 0.99)} ms, "
                    f"ack p50 {ms(phase.ack_latencies, 0.5)} ms, "
                    f"client behind schedule by at most {max(phase.lateness) * 1000:.0f} ms",
                    flush=True,
                )
    # Stop the server before the sockets: a thousand sockets closing at once is a test of
    # its own (disconnect handlers), not part of this one.
    everyone = [c for kind in KINDS for c in listeners[kind] + senders[kind]]
    for client in everyone:
        client.closing = True
    await asyncio.to_thread(stop_server)
    await asyncio.wait_for(asyncio.gather(*(c.closed for c in everyone)), 30)
    return results, bench.problems


# --- Idle sockets and churn (websockets client, our room only) -------------------------------


def process_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def ws_open(port: int, path: str, cookie: str):
    from websockets.asyncio.client import connect as ws_connect

    return await ws_connect(
        f"ws://{HOST}:{port}{path}",
        origin=f"http://{HOST}:{port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=90,
        ping_interval=None,
        max_queue=None,
    )


IDLE_WARM = 20  # sockets opened before measuring: what the first socket loads is not per socket


async def measure_idle(
    port: int, pid: int, room: int, cookies: list[str], seconds: float, store: redis.Redis
) -> dict:
    """Members sitting in the room with nothing said: what their sockets cost daphne. The
    memory per socket is the growth of daphne's resident memory from IDLE_WARM sockets open
    (the first ones load code, open the database and Redis connections) to all of them,
    divided by the sockets added."""
    gate = asyncio.Semaphore(16)

    async def one(cookie: str):
        async with gate:
            return await ws_open(port, f"/ws/chat/rooms/{room}/?lang=fr", cookie)

    warm = min(IDLE_WARM, len(cookies) // 10)
    sockets = list(await asyncio.gather(*(one(c) for c in cookies[:warm])))
    await asyncio.sleep(2)
    rss_before = process_rss_kib(pid)
    sockets += await asyncio.gather(*(one(c) for c in cookies[warm:]))
    await asyncio.sleep(2)  # let the handshakes' work settle before measuring
    cpu_before, wall_before = process_cpu(pid), time.perf_counter()
    await asyncio.sleep(seconds)
    cpu = 100 * (process_cpu(pid) - cpu_before) / (time.perf_counter() - wall_before)
    rss_after = process_rss_kib(pid)
    # Connections to Redis on the benchmark's database, but for this script's own.
    db = store.connection_pool.connection_kwargs.get("db", 0)
    redis_clients = sum(1 for c in store.client_list() if int(c.get("db", -1)) == db) - 1
    closed = sum(1 for s in sockets if s.close_code is not None)
    await asyncio.gather(*(s.close() for s in sockets))
    await settle(pid)
    return {
        "sockets": len(sockets),
        "cpu": cpu,
        "kib_each": (rss_after - rss_before) / max(1, len(sockets) - warm),
        "closed_by_server": closed,
        "seconds": seconds,
        "redis_clients": redis_clients,
    }


async def settle(pid: int, limit: float = 15.0, most: float = 90.0) -> None:
    """Wait until daphne is nearly idle (a thousand sockets closing keep it busy a while)."""
    deadline = time.perf_counter() + most
    while time.perf_counter() < deadline:
        before, started = process_cpu(pid), time.perf_counter()
        await asyncio.sleep(1)
        if 100 * (process_cpu(pid) - before) / (time.perf_counter() - started) < limit:
            return


class ChurnMember:
    """A page that comes and goes: the number up to which it has everything, what it shows."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.cursor = 0
        self.ahead: set[int] = set()
        self.shown: set[int] = set()
        self.repeats = 0
        self.visits = 0
        self.gap_replays = 0
        self.failed_opens = 0

    def received(self, frame: dict) -> None:
        if frame.get("type") == "message":
            if frame["id"] in self.shown:
                self.repeats += 1
            self.shown.add(frame["id"])
            if frame["seq"] > self.cursor:
                self.ahead.add(frame["seq"])
        elif frame.get("type") == "synced":
            self.cursor = max(self.cursor, frame["last_seq"])
        while self.cursor + 1 in self.ahead:
            self.cursor += 1
        self.ahead = {n for n in self.ahead if n > self.cursor}

    async def visit(self, port: int, room: int, stay: float, *, final: bool = False) -> None:
        self.visits += 1
        path = f"/ws/chat/rooms/{room}/?after_seq={self.cursor}"
        for _attempt in range(30):
            try:
                socket = await ws_open(port, path, self.cookie)
                break
            except Exception:
                # Refused or timed out at the handshake: the page tries again a second later.
                self.failed_opens += 1
                await asyncio.sleep(1)
        else:
            raise RuntimeError("churn: a member could not connect in 30 attempts")
        loop = asyncio.get_running_loop()
        leave, synced = loop.time() + stay, False
        try:
            while not (synced and (final or loop.time() >= leave)):
                wait = 30 if not synced else max(0.01, leave - loop.time())
                try:
                    frame = json.loads(await asyncio.wait_for(socket.recv(), wait))
                except TimeoutError:
                    if not synced:
                        raise
                    break
                self.received(frame)
                synced = synced or frame.get("type") == "synced"
                if frame.get("type") == "message" and self.ahead and synced:
                    self.gap_replays += 1
                    await socket.send(json.dumps({"type": "replay", "after_seq": self.cursor}))
        finally:
            await socket.close()


async def measure_churn(
    ports: list[int], room: int, seed: dict, config: Config, members: list[str]
) -> dict:
    import random

    rng = random.Random(10)
    pages = [ChurnMember(c) for c in members]
    stop = asyncio.Event()
    acked: dict[str, int] = {}
    ack_times: list[float] = []

    async def come_and_go(page: ChurnMember) -> None:
        await asyncio.sleep(rng.uniform(0, 2))
        while not stop.is_set():
            await page.visit(rng.choice(ports), room, rng.uniform(2, 10))

    async def writer(number: int, cookie: str) -> None:
        for _attempt in range(30):
            try:
                socket = await ws_open(ports[number % 2], f"/ws/chat/rooms/{room}/?lang=fr", cookie)
                break
            except Exception:
                await asyncio.sleep(1)
        else:
            raise RuntimeError("churn: a writer could not connect in 30 attempts")
        sent: dict[str, float] = {}

        async def read() -> None:
            async for payload in socket:
                frame = json.loads(payload)
                if frame.get("type") == "ack" and frame["client_id"] in sent:
                    acked[frame["client_id"]] = frame["id"]
                    ack_times.append(time.perf_counter() - sent[frame["client_id"]])

        reader = asyncio.create_task(read())
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < config.churn_seconds:
            client_id = f"churn{number}-{n}"
            sent[client_id] = time.perf_counter()
            body = f"churn {number} {n}"
            await socket.send(json.dumps({"type": "send", "client_id": client_id, "body": body}))
            n += 1
            await asyncio.sleep(max(0.0, start + n / config.rate - time.perf_counter()))
        deadline = time.perf_counter() + 30
        while len([c for c in sent if c in acked]) < len(sent) and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        reader.cancel()
        await socket.close()

    visitors = [asyncio.create_task(come_and_go(p)) for p in pages]
    started = time.perf_counter()
    await asyncio.gather(*(writer(i, c) for i, c in enumerate(seed["senders"])))
    stop.set()
    for outcome in await asyncio.gather(*visitors, return_exceptions=True):
        if isinstance(outcome, Exception):
            raise RuntimeError(f"churn: a member failed: {outcome!r}")
    await asyncio.gather(*(p.visit(rng.choice(ports), room, 0, final=True) for p in pages))
    visible = set(acked.values())
    return {
        "members": len(pages),
        "writers": len(seed["senders"]),
        "seconds": time.perf_counter() - started,
        "messages": len(visible),
        "visits": sum(p.visits for p in pages),
        "missing": sum(len(visible - p.shown) for p in pages),
        "repeats": sum(p.repeats for p in pages),
        "gap_replays": sum(p.gap_replays for p in pages),
        "failed_opens": sum(p.failed_opens for p in pages),
        "ack_p50": ms(ack_times, 0.5),
        "ack_p99": ms(ack_times, 0.99),
    }


def report_extra(idle: dict | None, churn: dict | None) -> list[str]:
    problems = []
    if idle:
        print(
            f"Idle: {idle['sockets']} sockets in our room for {idle['seconds']:g} s (default "
            f"heartbeat): daphne {idle['cpu']:.1f} % of one core, {idle['kib_each']:.1f} KiB "
            f"each (aim: <= 5 % and <= 40 KiB); closed by the server: {idle['closed_by_server']}; "
            f"connections to Redis (both daphne processes): {idle['redis_clients']}"
        )
        if idle["closed_by_server"]:
            problems.append(f"idle: the server closed {idle['closed_by_server']} sockets")
    if churn:
        print(
            f"Churn: {churn['members']} members joining and leaving for {churn['seconds']:.0f} s "
            f"on two daphne processes, {churn['writers']} writers: {churn['messages']} messages, "
            f"{churn['visits']} visits, missing (member, message) pairs at the end: "
            f"{churn['missing']} (aim: 0), repeats dropped by id: {churn['repeats']}, "
            f"replays asked on a gap: {churn['gap_replays']}, handshakes failed and retried: "
            f"{churn['failed_opens']}, ack p50 {churn['ack_p50']} ms, p99 {churn['ack_p99']} ms"
        )
        if churn["missing"]:
            problems.append(f"churn: {churn['missing']} (member, message) pairs missing")
    if idle or churn:
        print()
    return problems


# --- Report -----------------------------------------------------------------------------------


def report(results: dict[tuple[int, str], Result], config: Config, problems: list[str]) -> bool:
    """Print the tables; True when the figures can be trusted."""
    for result in results.values():
        for phase in result.phases:
            problems.extend(f"{phase.listeners} listeners, {text}" for text in phase.problems)
    print()
    print(
        f"Chat room on the Redis channel layer: {config.rate:g} msg/s for {config.seconds:g} s "
        f"from {config.senders} senders, {config.rounds} runs per room and size (alternating), "
        f"drain {config.drain:g} s."
    )
    print(
        f"The client runs on the same {os.cpu_count()}-core machine as daphne and Redis. "
        "CPU: % of one core."
    )
    print()
    header = (
        f"{'listeners':>9}  {'room':<4}  {'p50 ms':>7}  {'p99 ms':>7}  {'delivered':>9}  "
        f"{'ack p50':>7}  {'ack p99':>7}  {'daphne':>6}  {'client':>6}  {'redis':>5}"
    )
    print(header)
    print("-" * len(header))
    for (size, kind), result in results.items():
        latencies, acks = result.pooled("latencies"), result.pooled("ack_latencies")
        print(
            f"{size:>9}  {kind:<4}  {ms(latencies, 0.5):>7}  {ms(latencies, 0.99):>7}  "
            f"{result.delivered * 100:8.2f}%  {ms(acks, 0.5):>7}  {ms(acks, 0.99):>7}  "
            f"{result.cpu('daphne'):5.0f}%  {result.cpu('client'):5.0f}%  "
            f"{result.cpu('redis'):4.0f}%"
        )
    print()
    print("Our room inside daphne, per message (ms, p50 / p99); store = wait for the database")
    print("thread + room_send; room_send includes rate_check, screening, insert and broadcast.")
    print(f"{'listeners':>9}  " + "  ".join(f"{label:>15}" for label in STEPS))
    for (size, kind), result in results.items():
        if kind == "ours":
            cells = (f"{ms(result.step(s), 0.5)} / {ms(result.step(s), 0.99)}" for s in STEPS)
            print(f"{size:>9}  " + "  ".join(f"{cell:>15}" for cell in cells))
    print()
    if problems:
        for text in sorted(set(problems))[:20]:
            print(f"problem: {text}", file=sys.stderr)
        return False
    for size in config.sizes:
        bare, ours = results[(size, "bare")], results[(size, "ours")]
        if not (bare.pooled("latencies") and ours.pooled("latencies")):
            print(f"problem: {size} listeners: nothing delivered in one room", file=sys.stderr)
            return False
        ratio = quantile(ours.pooled("latencies"), 0.99) / quantile(bare.pooled("latencies"), 0.99)
        met = ratio <= AIM_RATIO and ours.delivered == 1.0
        print(
            f"{size:>4} listeners: p99 ours/bare {ratio:.2f}, ours delivered "
            f"{ours.delivered * 100:.2f} %  (aim: 100 % and <= {AIM_RATIO}: "
            f"{'met' if met else 'missed'})"
        )
    return True


# --- Server and seed --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited with code {process.returncode}")
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("daphne did not listen within 60 s")


def server_errors(log: str) -> list[str]:
    """Tracebacks daphne logged: a benchmark that made the server fail measures nothing."""
    count = log.count("Traceback (most recent call last)")
    if not count:
        return []
    # The last traceback, up to its exception line (the first unindented line after it).
    # (Access-log lines of the other sockets may come in between: skipped.)
    # Our logging writes a traceback on one line with its line breaks escaped.
    tail = log[log.rindex("Traceback (most recent call last)") :]
    first, _, rest = tail.partition("\n")
    if "\\n" in first:
        tail = first.replace("\\n", "\n").replace('\\"', '"')
    lines = [line for line in tail.splitlines() if not re.match(r"\d+\.\d+\.\d+\.\d+:\d+ - ", line)]
    ends = [line for line in lines[1:] if line and not line.startswith(" ")]
    end = ends[0] if ends else lines[-1]
    where = [line.strip() for line in lines[1:] if line.strip().startswith("File ")][-3:]
    return [f"daphne logged {count} traceback(s); the last: {end[:300]} ({' < '.join(where)})"]


def main() -> None:
    config = Config.from_env()
    config.check()
    redis_url = f"redis://{HOST}:6379/{int(os.environ.get('BENCH_REDIS_DB', '5'))}"
    store = redis.Redis.from_url(redis_url)
    try:
        store.flushdb()
    except redis.RedisError as error:
        sys.exit(f"Redis is needed on {HOST}:6379 ({error}); start it with `redis-server`.")
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.log"
        timings.touch()
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
            **PRODUCTION,
            "SQLITE_PATH": f"{tmp}/bench.sqlite3",
            # BENCH_DATABASE_URL runs it on PostgreSQL (an empty database of its own).
            **(
                {"DATABASE_URL": os.environ["BENCH_DATABASE_URL"]}
                if os.environ.get("BENCH_DATABASE_URL")
                else {}
            ),
            "REDIS_URL": redis_url,
            # The senders are ordinary members: the per-sender limit must not refuse them.
            "CHAT_RATE_MESSAGES": "1000000",
            "CHAT_RATE_SECONDS": "10",
            "BENCH_TIMINGS": str(timings),
        }
        py = sys.executable
        wanted = max([*config.sizes, config.idle, config.churn_members])
        seed_args = [str(wanted), str(config.senders)]
        seed: dict = {}
        for name, command in [
            ("migrate", [py, "manage.py", "migrate", "--noinput", "-v0"]),
            ("seed", [py, "-c", SEED, *seed_args]),
        ]:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{name} failed:\n{done.stderr[-3000:]}")
            if name == "seed":
                seed = json.loads(done.stdout.strip().splitlines()[-1])
        port, port2 = free_port(), free_port()
        log_path = Path(tmp) / "daphne.log"
        with log_path.open("w") as log:
            daphne = subprocess.Popen(
                [py, "-m", "daphne", "-b", HOST, "-p", str(port), "bench.asgi:application"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            second = subprocess.Popen(
                [py, "-m", "daphne", "-b", HOST, "-p", str(port2), "bench.asgi:application"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def stop_server() -> None:
            for process in (daphne, second):
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

        failure = ""
        idle: dict | None = None
        churn: dict | None = None
        results: dict[tuple[int, str], Result] = {}
        problems: list[str] = []
        extra: list[str] = []
        try:
            wait_for_port(port, daphne)
            wait_for_port(port2, second)
            print(f"daphne (pid {daphne.pid}) on port {port}, room {seed['room']}", flush=True)
            if config.idle:
                print(f"  idle: {config.idle} sockets for {config.idle_seconds:g} s", flush=True)
                idle = asyncio.run(
                    measure_idle(
                        port,
                        daphne.pid,
                        seed["room"],
                        seed["listeners"][: config.idle],
                        config.idle_seconds,
                        store,
                    )
                )
                extra += report_extra(idle, None)
            if config.churn_members and config.churn_seconds:
                print(f"  churn: {config.churn_members} members", flush=True)
                churn = asyncio.run(
                    measure_churn(
                        [port, port2],
                        seed["room"],
                        seed,
                        config,
                        seed["listeners"][: config.churn_members],
                    )
                )
            meter = Meter(daphne.pid, store, timings)
            results, problems = asyncio.run(drive(port, meter, seed, config, stop_server))
            problems += extra
        except Exception as error:  # a failed run still shows daphne's log below
            failure = f"benchmark failed: {error!r}"
        finally:
            stop_server()
            log_text = log_path.read_text()
            store.flushdb()
    if failure:
        sys.exit(f"{failure}\n--- daphne log (end) ---\n{log_text[-3000:]}")
    problems += report_extra(None, churn)
    if not report(results, config, [*problems, *server_errors(log_text)]):
        print(f"--- daphne log (end) ---\n{log_text[-3000:]}", file=sys.stderr)
        sys.exit("the benchmark saw problems (above), so it prints no ratio")


if __name__ == "__main__":
    main()
