"""Benchmark: Cybersquad's topic page side by side with django-spirit's, same machine, same run.

`make bench-spirit` makes django-spirit's own virtualenv (.bench-spirit/, pinned versions) and
runs this driver. It starts two worker processes, one per forum, each on its own fresh
database (SQLite files in a temporary folder; with DATABASE_URL=postgres://…/NAME, the
databases NAME_cs and NAME_spirit, dropped and made again), in production mode (DEBUG off,
hashed static files, caches in memory). Each seeds the same data: five members, one topic
per size (BENCH_SIZES, default 10, 100 and 200 replies) with the same French texts as
bench/topic_page.py (Spirit's through its Markdown, as its reply form stores them), and one
page shows the whole topic on both (BENCH_PER_PAGE, default 250 posts).

Requests go through Django's test client in the worker's process (no server, no sockets), for a
visitor and for a signed-in member (one of the authors, so the page has their own posts too).
After a warm-up, every page is loaded BENCH_REQUESTS times (default 100), in rounds that
alternate the two forums, so that the machine's load drifts over both alike. The table gives
p50 and p99 in milliseconds per page and the ratio of Spirit's p50 to ours (> 1: we are
faster). Cybersquad's visitor page is kept whole in the cache, and a member's is put together
from the posts' cached HTML (forum/post_html.py); the rows "visitor, cache cleared" and
"member, cache cleared" empty the cache before each of their requests (not timed) to show the
page rendered fresh, against Spirit's visitor and member pages (Spirit caches no page).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ comes first on the path, where this file would hide the package
# `spirit` from Spirit's worker.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

SPIRIT_PYTHON = ROOT / ".bench-spirit" / "bin" / "python"
ROLES = ("visitor", "visitor, cache cleared", "member", "member, cache cleared")


# --- workers -------------------------------------------------------------------------------
# A worker seeds its forum, then answers one JSON line per command read on its standard input:
# {"page": key, "count": n, "check": bool} -> {"ms": [...], "errors": k}. With "check", an
# answer counts as an error unless it shows the topic's last reply (and, for a member, the
# link to sign out).


def _cybersquad_pages(sizes: list[int]) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from bench.topic_page import reply_body, seed_topic
    from cybersquad.models import User

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    visitor = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    for n in sizes:
        path = f"/fr/topics/{seed_topic(n, slug=f'bench{n}')}/"
        last = reply_body(n - 1).split(":")[0] + ":"
        pages[f"visitor {n}"] = (visitor, path, [last], None)
        pages[f"visitor, cache cleared {n}"] = (visitor, path, [last], cache.clear)
        pages[f"member {n}"] = (member, path, [last, "data-sign-out"], None)  # signed in
        pages[f"member, cache cleared {n}"] = (member, path, [last, "data-sign-out"], cache.clear)
    member.force_login(User.objects.get(username="bench1"))
    return pages


def _spirit_pages(sizes: list[int], per_page: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from spirit.admin.forms import BasicConfigForm
    from spirit.category.models import Category
    from spirit.comment.models import Comment
    from spirit.core.utils.markdown import Markdown
    from spirit.topic.models import Topic

    from bench.topic_page import AUTHORS, QUESTION, TITLE, reply_body

    # Spirit's settings form stops at 100 comments per page; the bench shows whole topics.
    field = BasicConfigForm.base_fields["comments_per_page"]
    field.max_value, field.validators = None, []
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from djconfig.models import Config

    Config.objects.update_or_create(key="comments_per_page", defaults={"value": per_page})
    User = get_user_model()
    users = [
        User.objects.create_user(username=f"bench{i}", email=f"bench{i}@example.org")
        for i in range(AUTHORS)
    ]
    category = Category.objects.create(title="Banc", description="Banc")
    visitor = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    start = timezone.now() - timezone.timedelta(days=1)
    for n in sizes:
        topic = Topic.objects.create(user=users[0], category=category, title=TITLE)
        texts = [(users[0], QUESTION)] + [(users[i % AUTHORS], reply_body(i)) for i in range(n)]
        Comment.objects.bulk_create(
            Comment(
                user=user,
                topic=topic,
                comment=text,
                comment_html=Markdown().render(text),
                date=start + timezone.timedelta(seconds=i),
            )
            for i, (user, text) in enumerate(texts)
        )
        Topic.objects.filter(pk=topic.pk).update(
            comment_count=len(texts), last_active=start + timezone.timedelta(seconds=n)
        )
        topic.refresh_from_db()
        last = reply_body(n - 1).split(":")[0] + ":"
        signed_in = reverse("spirit:user:auth:logout")  # the header's link to sign out
        pages[f"visitor {n}"] = (visitor, topic.get_absolute_url(), [last], None)
        pages[f"member {n}"] = (member, topic.get_absolute_url(), [last, signed_in], None)
    member.force_login(users[1])
    return pages


def worker(side: str) -> None:
    out = os.fdopen(os.dup(1), "w", buffering=1)  # the protocol; anything else goes to stderr
    os.dup2(2, 1)
    sizes = [int(n) for n in os.environ["BENCH_SIZES"].split(",")]
    if side == "cybersquad":
        pages = _cybersquad_pages(sizes)
    else:
        pages = _spirit_pages(sizes, int(os.environ["BENCH_PER_PAGE"]))
    out.write(json.dumps({"pages": sorted(pages)}) + "\n")
    for line in sys.stdin:
        command = json.loads(line)
        client, path, expected, before = pages[command["page"]]
        times, errors = [], 0
        for _ in range(command["count"]):
            if before:
                before()
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors += 1
            elif command.get("check") and not all(t in response.content.decode() for t in expected):
                errors += 1  # not the whole topic, or not signed in: another page's figure
        out.write(json.dumps({"ms": times, "errors": errors}) + "\n")


# --- driver --------------------------------------------------------------------------------


class Worker:
    def __init__(self, side: str, python: str, env: dict[str, str], log: Path) -> None:
        self.side = side
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreters and script
            [python, __file__, "--worker", side],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
        )

    def read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"the {self.side} worker stopped:\n{self.log.read_text()[-3000:]}")
        return json.loads(line)

    def run(self, page: str, count: int, check: bool = False) -> dict:
        self.process.stdin.write(json.dumps({"page": page, "count": count, "check": check}) + "\n")
        self.process.stdin.flush()
        return self.read()

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def _postgres_databases(url: str) -> tuple[str, str]:
    """NAME_cs and NAME_spirit beside the database DATABASE_URL names, made fresh."""
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?")[0] or "bench"
    urls = []
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for suffix in ("cs", "spirit"):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}_{suffix}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}_{suffix}"')
            urls.append(f"{base}/{name}_{suffix}")
    return urls[0], urls[1]


def main() -> None:
    if not SPIRIT_PYTHON.exists():
        sys.exit("No .bench-spirit/ virtualenv: run `make bench-spirit`.")
    sizes = os.environ.get("BENCH_SIZES", "10,100,200")
    per_page = os.environ.get("BENCH_PER_PAGE", "250")
    requests = int(os.environ.get("BENCH_REQUESTS", "100"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "4"))
    per_round = max(1, requests // rounds)
    database_url = os.environ.get("DATABASE_URL", "")
    from bench.daphne import PRODUCTION

    base = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV")
    }
    base.update({"BENCH_SIZES": sizes, "BENCH_PER_PAGE": per_page, "PYTHONHASHSEED": "0"})
    tmp = Path(tempfile.mkdtemp(prefix="bench-spirit-"))
    try:
        cs_env = {
            **base,
            **PRODUCTION,
            "BENCH_UNLIMITED": "1",
            "SQLITE_PATH": str(tmp / "cybersquad.sqlite3"),
            "STATIC_ROOT": str(tmp / "static-cs"),
            "POSTS_PER_PAGE": per_page,
            "PREMODERATE_FIRST_POSTS": "0",  # the seeded authors are new members
        }
        spirit_env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "bench.spirit_site.settings",
            "SPIRIT_BENCH_DIR": str(tmp),
        }
        if database_url:
            cs_env["DATABASE_URL"], spirit_env["DATABASE_URL"] = _postgres_databases(database_url)
        database = "PostgreSQL" if database_url else "SQLite"
        print(f"Seeding both forums on {database} ({sizes} replies)…", flush=True)
        # Both seed at once (the machine's two cores); the timing below is one at a time.
        ours = Worker("cybersquad", sys.executable, cs_env, tmp / "cybersquad.log")
        spirit = Worker("spirit", str(SPIRIT_PYTHON), spirit_env, tmp / "spirit.log")
        plans = {w.side: w.read()["pages"] for w in (ours, spirit)}
        results: dict[tuple[str, str], list[float]] = {}
        errors: dict[tuple[str, str], int] = {}
        for w in (ours, spirit):  # warm-up, and a check that each page shows the whole topic
            for page in plans[w.side]:
                answer = w.run(page, 5, check=True)
                errors[w.side, page] = answer["errors"]
                results[w.side, page] = []
        for _ in range(rounds):  # alternated, so that drift hits both forums alike
            for page in plans["cybersquad"]:
                for w in (ours, spirit):
                    if page in plans[w.side]:
                        answer = w.run(page, per_round)
                        results[w.side, page] += answer["ms"]
                        errors[w.side, page] += answer["errors"]
        ours.stop()
        spirit.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(sizes, results, errors, database, per_round * rounds)


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(sizes: str, results: dict, errors: dict, database: str, count: int) -> None:
    print(
        f"\nTopic page, Cybersquad against django-spirit 0.14.3 on {database} "
        f"({count} requests per page, in-process test client, ms)"
    )
    print(
        f"{'replies':>7}  {'page':<23} {'ours p50':>9} {'ours p99':>9} "
        f"{'Spirit p50':>11} {'Spirit p99':>11} {'ratio':>6}"
    )
    for n in sizes.split(","):
        for role in ROLES:
            page = f"{role} {n}"
            spirit_page = f"member {n}" if role.startswith("member") else f"visitor {n}"
            ours, theirs = results["cybersquad", page], results["spirit", spirit_page]
            ratio = statistics.median(theirs) / statistics.median(ours)
            print(
                f"{n:>7}  {role:<23} {statistics.median(ours):9.1f} {_p(ours, 99):9.1f} "
                f"{statistics.median(theirs):11.1f} {_p(theirs, 99):11.1f} {ratio:6.2f}"
            )
    print("ratio: Spirit's p50 / ours (> 1: Cybersquad is faster)")
    failed = {key: k for key, k in errors.items() if k}
    if failed:
        sys.exit(f"some answers were not 200 or not the whole topic: {failed}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2])
    else:
        main()
