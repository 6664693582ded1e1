"""Page times at national scale, per role, against a hello-world view in the same daphne and run.

Run after bench/seed_scale.py on the same database (`make bench-scale` does both):

    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py

Production settings (DEBUG off, hashed static files); sessions for a member, a moderator, a
counsellor and a coordinator are made here, in the database daphne reads. Each page is loaded
for a few seconds by one keep-alive connection, request after request (as issue 13's aims are
stated; BENCH_CONNECTIONS=4 loads it over four at once), interleaved with the others over
several rounds; the table gives p50 and p99 in milliseconds, the share of non-200 answers,
and p50 as a multiple of the hello-world view's p50. BENCH_PAGES=search,queue loads only the
pages whose names contain one of those words (and the hello-world view).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.daphne import PRODUCTION, serving  # noqa: E402

os.environ.update({**PRODUCTION, "BENCH_UNLIMITED": "1"})

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.load import measure  # noqa: E402
from cybersquad.models import User  # noqa: E402
from forum.models import PostStatus, Topic  # noqa: E402

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a bench account's app


def session_cookie(username: str) -> dict[str, str]:
    """Signed in (and past the second factor for staff), as a browser would be."""
    from allauth.account.internal.flows.login import record_authentication

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    if user.role != "member":
        authenticator = Authenticator.objects.filter(user=user, type="totp").first()
        authenticator = authenticator or TOTP.activate(user, SECRET).instance
        request = SimpleNamespace(session=session)
        record_authentication(request, user, "password", username=user.username)
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        session.save()
    return {"Cookie": f"sessionid={session.session_key}"}


def pages() -> list[tuple[str, str, dict[str, str]]]:
    published = Topic.objects.filter(theme__slug__startswith="scale-", status=PostStatus.PUBLISHED)
    busy = published.order_by("-reply_count").first()
    usual = published.filter(reply_count__gte=10, reply_count__lte=30).first() or busy
    if busy is None:
        sys.exit("No scale data here: run bench/seed_scale.py on this database first.")
    member = session_cookie("scale_member_1")
    moderator = session_cookie("scale_moderator_0")
    counsellor = session_cookie("scale_counsellor_0")
    coordinator = session_cookie("scale_coordinator_0")
    visitor: dict[str, str] = {}
    return [
        ("hello", "/hello/", visitor),
        ("visitor home", "/fr/", visitor),
        ("visitor theme", "/fr/themes/scale-01/", visitor),
        ("visitor topic (20 replies)", f"/fr/topics/{usual.pk}/", visitor),
        ("visitor topic (busiest)", f"/fr/topics/{busy.pk}/", visitor),
        ("visitor search fr", "/fr/search/?q=harc%C3%A8lement", visitor),
        ("visitor search nl", "/nl/search/?q=pesten", visitor),
        ("member home", "/fr/", member),
        ("member topic (20 replies)", f"/fr/topics/{usual.pk}/", member),
        ("member topic (busiest)", f"/fr/topics/{busy.pk}/", member),
        ("member notifications", "/fr/notifications/", member),
        ("moderator queue", "/fr/moderation/", moderator),
        ("counsellor workspace", "/fr/counselling/", counsellor),
        ("coordinator figures", "/fr/figures/", coordinator),
    ]


def main() -> None:
    seconds = float(os.environ.get("BENCH_SECONDS", "3"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "1"))
    plan = pages()
    wanted = [word for word in os.environ.get("BENCH_PAGES", "").split(",") if word]
    if wanted:
        plan = [p for p in plan if p[0] == "hello" or any(word in p[0] for word in wanted)]
    print(f"Database: {connection.vendor}; {Topic.objects.count():,} topics")
    connection.close()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STATIC_ROOT": f"{tmp}/static"}
        py = sys.executable
        subprocess.run(
            [py, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with serving(env) as port:
            results: dict[str, list[dict]] = {name: [] for name, _, _ in plan}
            for _name, path, headers in plan:  # warm-up: caches, connections, imports
                measure("127.0.0.1", port, path, seconds=0.5, connections=1, headers=headers)
            for _ in range(rounds):  # interleaved, so drift hits every page alike
                for name, path, headers in plan:
                    results[name].append(
                        measure(
                            "127.0.0.1",
                            port,
                            path,
                            seconds=seconds,
                            connections=connections,
                            headers=headers,
                        )
                    )
    hello = statistics.median(r["p50_ms"] for r in results["hello"])
    print(f"{'page':<28} {'p50 ms':>8} {'p99 ms':>8} {'non-200':>8} {'p50 / hello':>12}")
    for name, runs in results.items():
        p50 = statistics.median(r["p50_ms"] for r in runs)
        p99 = statistics.median(r["p99_ms"] for r in runs)
        failed = sum(r["errors"] for r in runs) / max(1, sum(r["requests"] for r in runs))
        print(f"{name:<28} {p50:8.1f} {p99:8.1f} {failed:8.0%} {p50 / hello:12.1f}")
    print(f"({connections} connections, {rounds} rounds of {seconds:.0f} s per page, medians)")


if __name__ == "__main__":
    main()
