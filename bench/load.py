"""A small keep-alive HTTP/1.1 load generator on asyncio (loopback only, bounded in time)."""

from __future__ import annotations

import asyncio
import time


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    pairs = (line.partition(":") for line in lines[1:] if line)
    headers = {name.lower(): value.strip() for name, _, value in pairs}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _worker(
    host: str, port: int, path: str, deadline: float, latencies: list[float], extra: str
) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Language: fr\r\n{extra}\r\n".encode()
    errors = 0
    try:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            if status != 200:
                errors += 1
            latencies.append(time.perf_counter() - start)
    finally:
        writer.close()
    return errors


async def _run(
    host: str, port: int, path: str, seconds: float, connections: int, headers: dict[str, str]
) -> dict:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    errors = await asyncio.gather(
        *[_worker(host, port, path, deadline, latencies, extra) for _ in range(connections)]
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": sum(errors),
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else 0.0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0,
    }


def measure(
    host: str,
    port: int,
    path: str,
    *,
    seconds: float,
    connections: int,
    headers: dict[str, str] | None = None,
) -> dict:
    """GET ``path`` over ``connections`` keep-alive connections for ``seconds``; ``headers``
    (e.g. a session cookie) go with every request."""
    return asyncio.run(_run(host, port, path, seconds, connections, headers or {}))
