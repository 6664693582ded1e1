"""Benchmark: screening throughput on one core against only normalising the same text.

Messages are 20–400 characters, built from everyday sentences in French, Dutch and English,
one in ten carrying a risky sentence taken from the rules' own examples. Measures the rules
alone and the rules with the learned models (the aim: 3,000 msg/s or more with the models),
what the screening policy adds to storing one post (post_verdict with the models, with its
database look-ups; the aim: p99 at most 5 ms), and how much memory loading the models adds to
the process (the aim: at most 100 MB). Run with `make bench-screening`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVERYDAY = [
    "Salut tout le monde, j'ai une question.",
    "Comment on met son compte Instagram en privé ?",
    "Mes parents veulent que je coupe mon GSM à 21h, c'est normal ?",
    "Quelqu'un connaît un bon jeu sur Switch ?",
    "Merci pour vos réponses, ça m'aide beaucoup !",
    "Hoi allemaal, ik heb een vraagje over TikTok.",
    "Hoe zet ik mijn account op privé?",
    "Mijn vrienden zitten de hele tijd op hun gsm, ik vind dat saai.",
    "Iemand tips voor Fortnite?",
    "Bedankt voor jullie hulp, echt lief!",
    "Hey, does anyone know how to block someone on Discord?",
    "I got a weird message about a parcel, is it a scam?",
    "lol same, my sister does that all the time",
    "On a eu un cours sur le harcèlement aujourd'hui, c'était intéressant.",
    "Wat doe je als iemand je account hackt?",
]


def corpus(n: int, risky: list[str], seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    messages = []
    while len(messages) < n:
        parts = rng.sample(EVERYDAY, rng.randint(1, 6))
        if risky and rng.random() < 0.1:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(risky))
        text = " ".join(parts)[:400]
        if len(text) >= 20:
            messages.append(text)
    return messages


def rate(function, messages: list[str], rounds: int = 5) -> tuple[float, float]:
    """Median messages per second over several rounds: by the clock, and by the processor
    time this process used (on a machine shared with other work, the clock also counts the
    time others had the core; the processor time does not)."""
    clock, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for text in messages:
            function(text)
        clock.append(len(messages) / (time.perf_counter() - start))
        cpu.append(len(messages) / (time.process_time() - start_cpu))
    return statistics.median(clock), statistics.median(cpu)


def rss_mb() -> float:
    """This process's resident memory (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cybersquad.settings")
    os.environ["SQLITE_PATH"] = ":memory:"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SCREENING_MODELS"] = "on"
    import django

    django.setup()
    from django.core.management import call_command

    from moderation.screening import get_engine
    from moderation.screening.learned import _rules_only, load_screener
    from moderation.screening.normalise import normalise

    engine = get_engine()
    rules = _rules_only()
    before = rss_mb()
    screener = load_screener()
    loaded = rss_mb()
    risky = [text for rule in engine.rules for text in rule.examples_match]
    messages = corpus(5000, risky)
    lengths = [len(m) for m in messages]
    normalise_rate = rate(normalise, messages)
    screen_rate = rate(lambda text: rules.screen(text), messages)
    screen_fr_rate = rate(lambda text: rules.screen(text, "fr"), messages)
    models_rate = rate(lambda text: screener.screen(text, "fr"), messages)
    after = rss_mb()
    print(
        f"{len(messages)} messages, {min(lengths)}–{max(lengths)} chars "
        f"(median {statistics.median(lengths):.0f}), {len(engine.rules)} rules"
    )
    print(f"{'':<20}  {'clock':>9}        {'CPU time':>9}")
    print(f"{'normalise only':<20}: {normalise_rate[0]:9.0f} msg/s  {normalise_rate[1]:9.0f} msg/s")
    for label, value in [
        ("rules (all langs)", screen_rate),
        ("rules (fr + en…)", screen_fr_rate),
        ("rules + models", models_rate),
    ]:
        print(
            f"{label:<20}: {value[0]:9.0f} msg/s  {value[1]:9.0f} msg/s  "
            f"ratio to normalise {value[0] / normalise_rate[0]:.2f}"
        )
    print(f"load average (1, 5, 15 min): {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(
        f"memory: {loaded - before:.1f} MB to load the models, {after - before:.1f} MB after "
        f"screening (models and their remembered words)"
    )

    call_command("migrate", verbosity=0)
    from cybersquad.models import User
    from moderation.policy import post_verdict

    author = User.objects.create(username="bench_member", birth_year=2011, birth_month=1)
    timings, cpu_timings = [], []
    for text in messages[:2000]:
        start, start_cpu = time.perf_counter(), time.process_time()
        post_verdict(author, body=text, language="fr")
        timings.append((time.perf_counter() - start) * 1000)
        cpu_timings.append((time.process_time() - start_cpu) * 1000)
    for label, values in [("clock", timings), ("CPU time", cpu_timings)]:
        values.sort()
        print(
            f"post_verdict per post (rules + models), {label}: median "
            f"{statistics.median(values):.3f} ms, p99 {values[int(len(values) * 0.99)]:.3f} ms "
            f"(screening + its database look-ups)"
        )


if __name__ == "__main__":
    main()
