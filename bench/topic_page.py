"""Benchmark: the topic page with 50 replies against a hello-world view, same daphne, same run.

Production settings (DEBUG off, hashed static files) on a fresh SQLite file. Every URL passes
through the same middleware; the ratios show what a full topic costs. The topic page is
loaded by a visitor (their page is cached whole) and by a signed-in member who wrote a fifth
of the replies (their page is put together from the posts' cached HTML and their own part,
forum/post_html.py), and by that member on a second daphne without a cache (Django's dummy
cache: every post rendered afresh on every request), in rounds that interleave all four.
Run with `make bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.daphne import PRODUCTION, serving  # noqa: E402
from bench.load import measure  # noqa: E402

# The topic's texts, also used by bench/spirit.py for django-spirit's copy of the topic.
TITLE = "Une question de test"
QUESTION = "Bonjour, voici ma question. " * 5
AUTHORS = 5  # replies go round these members


def reply_body(i: int) -> str:
    return f"Réponse {i} : " + "du texte. " * 20


def seed_topic(replies: int, *, slug: str = "bench") -> int:
    """A theme with one topic of ``replies`` replies by AUTHORS members (bench{slug}0, …);
    returns the topic's id. Needs Django set up on Cybersquad's settings."""
    from cybersquad.models import User
    from forum import services
    from forum.models import Theme

    theme = Theme.objects.create(slug=slug, name_fr="Banc", name_nl="Bank")
    users = [
        User.objects.get_or_create(username=f"bench{i}", birth_year=2011, birth_month=1)[0]
        for i in range(AUTHORS)
    ]
    topic = services.topic_create(users[0], theme=theme, title=TITLE, body=QUESTION, language="fr")
    for i in range(replies):
        services.reply_create(topic, author=users[i % AUTHORS], body=reply_body(i))
    return topic.pk


SEED = """
import django
django.setup()
from django.test import Client
from bench.topic_page import seed_topic
from cybersquad.models import User
topic = seed_topic(50)
member = Client()
member.force_login(User.objects.get(username="bench1"))
print(topic, member.session.session_key)
"""


def signed_in(port: int, path: str, headers: dict[str, str]) -> bool:
    """Whether the page answers as to a signed-in member (else the member's figures would be
    a visitor's)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return b"data-sign-out" in response.read()


def main() -> None:
    seconds = float(os.environ.get("BENCH_SECONDS", "4"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
            **PRODUCTION,
            "SQLITE_PATH": f"{tmp}/bench.sqlite3",
            "STATIC_ROOT": f"{tmp}/static",
            "POSTS_PER_PAGE": "60",
            # The seeded authors are new members: their posts must not wait for a moderator.
            "PREMODERATE_FIRST_POSTS": "0",
        }
        py = sys.executable
        run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
        subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], **run)
        subprocess.run([py, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
        seeded = subprocess.run([py, "-c", SEED], **run).stdout.strip().splitlines()[-1]
        topic_id, session_key = seeded.split()
        member = {"Cookie": f"sessionid={session_key}"}
        topic = f"/fr/topics/{topic_id}/"
        # (name, server, path, headers): the second server has no cache at all.
        pages = [
            ("hello", 0, "/hello/", {}),
            ("visitor", 0, topic, {}),
            ("member", 0, topic, member),
            ("member, no cache", 1, topic, member),
        ]
        with serving(env) as port, serving({**env, "BENCH_NO_CACHE": "1"}) as uncached_port:
            ports = [port, uncached_port]
            for name, server, path, headers in pages:
                if headers and not signed_in(ports[server], path, headers):
                    sys.exit(f"{name}: the page is not a signed-in member's")
                measure(  # warm-up
                    "127.0.0.1",
                    ports[server],
                    path,
                    seconds=1,
                    connections=connections,
                    headers=headers,
                )
            results: dict[str, list[dict]] = {name: [] for name, *_ in pages}
            for _ in range(rounds):  # interleaved, so drift hits all alike
                for name, server, path, headers in pages:
                    results[name].append(
                        measure(
                            "127.0.0.1",
                            ports[server],
                            path,
                            seconds=seconds,
                            connections=connections,
                            headers=headers,
                        )
                    )
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
        }
        s = summary[name]
        print(
            f"{name:>16}: {s['rps']:8.1f} req/s  p50 {s['p50_ms']:6.1f} ms  "
            f"p99 {s['p99_ms']:6.1f} ms  non-200: {s['errors']}"
        )
    if any(s["errors"] for s in summary.values()):
        sys.exit("some responses were not 200: the figures above measure the wrong page")

    def ratio(a: str, b: str) -> str:
        return f"{summary[a]['rps'] / summary[b]['rps']:.2f}"

    print(
        f"ratios (requests per second, {connections} connections, "
        f"{rounds}x{seconds:.0f} s each, medians):\n"
        f"  visitor/hello {ratio('visitor', 'hello')}"
        f"  member/hello {ratio('member', 'hello')}"
        f"  member, no cache/hello {ratio('member, no cache', 'hello')}\n"
        f"  member/visitor {ratio('member', 'visitor')}"
        f"  member, no cache/visitor {ratio('member, no cache', 'visitor')}"
    )


if __name__ == "__main__":
    main()
