"""Benchmark: the topic page with 50 replies against a hello-world view, same daphne, same run.

Production settings (DEBUG off, hashed static files) on a fresh SQLite file. Both URLs pass
through the same middleware; the ratio shows what rendering a full topic costs.
Run with `make bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
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
from bench.topic_page import seed_topic
print(seed_topic(50))
"""


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
        topic_id = subprocess.run([py, "-c", SEED], **run).stdout.strip().splitlines()[-1]
        with serving(env) as port:
            paths = {"hello": "/hello/", "topic": f"/fr/topics/{topic_id}/"}
            for path in paths.values():  # warm-up
                measure("127.0.0.1", port, path, seconds=1, connections=connections)
            results: dict[str, list[dict]] = {name: [] for name in paths}
            for _ in range(rounds):  # interleaved, so drift hits both alike
                for name, path in paths.items():
                    results[name].append(
                        measure("127.0.0.1", port, path, seconds=seconds, connections=connections)
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
            f"{name:>6}: {s['rps']:8.1f} req/s  p50 {s['p50_ms']:6.1f} ms  "
            f"p99 {s['p99_ms']:6.1f} ms  non-200: {s['errors']}"
        )
    if any(s["errors"] for s in summary.values()):
        sys.exit("some responses were not 200: the figures above measure the wrong page")
    ratio = summary["topic"]["rps"] / summary["hello"]["rps"]
    print(
        f"ratio topic/hello: {ratio:.2f} "
        f"({connections} connections, {rounds}x{seconds:.0f} s each, medians)"
    )


if __name__ == "__main__":
    main()
