"""Fill an empty, migrated database with a national volume of Cybersquad, in minutes.

At --scale 1 (the default): 20 themes, 5,000 members and 42 staff, 20,000 topics and 300,000
posts in French and Dutch over two years, reactions, notifications, 30,000 queue items of which
5,000 are open, their decisions, reports and escalations, and two years of help conversations
with their messages. Everything goes in with bulk inserts; nothing is screened or broadcast.
The texts are made from a small word list: they are benchmark data, never shown to anyone.

    DATABASE_URL=postgres://… .venv/bin/python bench/seed_scale.py [--scale 0.1] [--seed 7]

`make bench-scale` runs it, then bench/pages.py, against DATABASE_URL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cybersquad.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from chat.models import Conversation, Message, Room  # noqa: E402
from cybersquad.models import Role, User  # noqa: E402
from cybersquad.pseudonyms import skeleton  # noqa: E402
from forum.models import (  # noqa: E402
    Notification,
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    Theme,
    Topic,
    fold_for_search,
)
from moderation.models import (  # noqa: E402
    Action,
    Category,
    Decision,
    Escalation,
    Priority,
    QueueItem,
    Report,
)

# The password of every seeded account (hashed once): bench/pages.py signs in with it.
PASSWORD = "scale-bench-2026"  # noqa: S105 - bench accounts only
BATCH = 5_000

# Everyday words make most of a text; the words people search for (a theme's words) are rare,
# each in a few percent of the posts at most, as in a real forum (Zipf's law).
COMMON = {
    "fr": (
        "je tu il elle on nous vous ils le la les un une des de du et ou mais donc que qui "
        "pas plus très trop aussi avec sans pour dans sur chez mon ma mes ton ta tes son sa "
        "est suis as ai a sont été fait faire dire dit aller vais va veux peux sais pense crois "
        "vraiment toujours jamais souvent parfois maintenant hier demain aujourd'hui soir matin "
        "ami amie amis copine copain classe école prof parents mère père frère sœur maison "
        "téléphone message messages groupe jeu jeux vidéo vidéos musique film série week-end"
    ).split(),
    "nl": (
        "ik jij je hij zij we jullie ze de het een en of maar dus dat die wie niet geen meer "
        "heel te ook met zonder voor in op bij mijn jouw zijn haar is ben bent was heb heeft "
        "doen zeggen gaan wil kan weet denk echt altijd nooit vaak soms nu gisteren morgen "
        "vandaag avond ochtend vriend vriendin vrienden klas school leerkracht ouders mama papa "
        "broer zus thuis gsm bericht berichten groep game games video muziek film serie weekend"
    ).split(),
}
TOPICAL = {
    "fr": (
        "harcèlement moquent insultes photo photos insta snap tiktok discord compte mot de "
        "passe piraté chantage peur triste conseil aide bloquer signaler capture rumeur secret "
        "confiance partager supprimer commentaires soirée vacances stress examens sommeil"
    ).split(),
    "nl": (
        "pesten cyberpesten uitlachen foto fotos foto's insta snap tiktok discord account "
        "wachtwoord gehackt chantage bang verdrietig advies hulp blokkeren melden screenshot "
        "roddel geheim vertrouwen delen verwijderen reacties feestje vakantie stress examens"
    ).split(),
}
TOPICAL_WEIGHTS = {
    language: [1 / rank for rank in range(1, len(words) + 1)] for language, words in TOPICAL.items()
}


def sentence(rng: random.Random, language: str, words: int) -> str:
    chosen = [
        rng.choices(TOPICAL[language], TOPICAL_WEIGHTS[language])[0]
        if rng.random() < 0.015
        else rng.choice(COMMON[language])
        for _ in range(words)
    ]
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + rng.choice([".", " ?", " !", "..."])


def paragraph(rng: random.Random, language: str) -> str:
    return " ".join(sentence(rng, language, rng.randint(6, 18)) for _ in range(rng.randint(1, 5)))


def batches(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(model, rows: Iterator) -> list:
    """Bulk insert; returns the created objects (with ids on PostgreSQL and SQLite)."""
    created = []
    for batch in batches(rows):
        created.extend(model.objects.bulk_create(batch, batch_size=BATCH))
    return created


class Seeder:
    def __init__(self, scale: float, seed: int) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.now = timezone.now()
        self.start = self.now - datetime.timedelta(days=730)
        self.password = make_password(PASSWORD)

    def n(self, count: int) -> int:
        return max(1, round(count * self.scale))

    def moment(self, after: datetime.datetime | None = None) -> datetime.datetime:
        low = after or self.start
        span = max(1, int((self.now - low).total_seconds()))
        return low + datetime.timedelta(seconds=self.rng.randrange(span))

    def step(self, label: str, started: float) -> None:
        print(f"  {label:<34} {time.perf_counter() - started:6.1f} s", flush=True)

    def run(self) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            self.themes()
            self.step("themes and rooms", started)
            self.users()
            self.step(f"{len(self.members):,} members, {len(self.staff):,} staff", started)
            self.forum()
            self.step(f"{len(self.topics):,} topics, {self.post_count:,} posts", started)
            self.reactions_and_notifications()
            self.step("reactions and notifications", started)
            self.moderation()
            self.step("queue, decisions, reports", started)
            self.conversations()
            self.step("conversations and messages", started)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.step("done", started)

    def themes(self) -> None:
        self.themes_list = insert(
            Theme,
            (
                Theme(
                    slug=f"scale-{i:02d}",
                    name=f"Thème {i}",
                    name_fr=f"Thème {i}",
                    name_nl=f"Thema {i}",
                    position=100 + i,
                )
                for i in range(1, 21)
            ),
        )
        self.themes_list = list(Theme.objects.filter(slug__startswith="scale-"))
        Room.objects.bulk_create([Room(theme=theme) for theme in self.themes_list])

    def users(self) -> None:
        def user(name: str, role: str) -> User:
            language = self.rng.choice(["fr", "nl"])
            return User(
                username=name,
                pseudonym_skeleton=skeleton(name),
                password=self.password,
                role=role,
                is_staff=role == Role.COORDINATOR,
                language=language,
                birth_year=self.now.year - self.rng.randint(12, 18),
                birth_month=self.rng.randint(1, 12),
                date_joined=self.moment(),
            )

        rows = [user(f"scale_member_{i}", Role.MEMBER) for i in range(self.n(5_000))]
        rows += [user(f"scale_moderator_{i}", Role.MODERATOR) for i in range(20)]
        rows += [user(f"scale_counsellor_{i}", Role.COUNSELLOR) for i in range(20)]
        rows += [user(f"scale_coordinator_{i}", Role.COORDINATOR) for i in range(2)]
        insert(User, iter(rows))
        seeded = list(User.objects.filter(username__startswith="scale_").order_by("pk"))
        self.members = [u for u in seeded if u.role == Role.MEMBER]
        self.staff = [u for u in seeded if u.role != Role.MEMBER]
        self.moderators = [u for u in seeded if u.role == Role.MODERATOR]
        self.counsellors = [u for u in seeded if u.role == Role.COUNSELLOR]

    def forum(self) -> None:
        rng = self.rng
        topic_count, post_total = self.n(20_000), self.n(300_000)
        topics = []
        for _ in range(topic_count):
            language = rng.choice(["fr", "nl"])
            created = self.moment()
            title = sentence(rng, language, rng.randint(3, 8))[:140]
            status = PostStatus.PUBLISHED if rng.random() > 0.02 else PostStatus.HELD
            topics.append(
                Topic(
                    theme=rng.choice(self.themes_list),
                    author=rng.choice(self.members),
                    title=title,
                    search_title=fold_for_search(title),
                    language=language,
                    status=status,
                    created_at=created,
                    last_post_at=created,
                )
            )
        insert(Topic, iter(topics))
        self.topics = list(Topic.objects.filter(theme__in=self.themes_list).order_by("pk"))
        # Replies: a long tail (most topics a few, some hundreds).
        replies_left = post_total - len(self.topics)
        weights = [rng.paretovariate(1.2) for _ in self.topics]
        scale = replies_left / sum(weights)
        counts = [int(w * scale) for w in weights]
        counts[0] += replies_left - sum(counts)

        def posts() -> Iterator[Post]:
            for topic, replies in zip(self.topics, counts, strict=True):
                moment = topic.created_at
                body = paragraph(rng, topic.language)
                yield Post(
                    topic=topic,
                    author=topic.author,
                    body=body,
                    search_body=body,
                    is_opening=True,
                    status=topic.status,
                    created_at=moment,
                )
                for _ in range(replies):
                    moment = moment + datetime.timedelta(minutes=rng.randint(1, 600))
                    body = paragraph(rng, topic.language)
                    yield Post(
                        topic=topic,
                        author=rng.choice(self.members),
                        body=body,
                        search_body=body,
                        status=PostStatus.PUBLISHED,
                        created_at=min(moment, self.now),
                    )
                topic.reply_count = replies
                topic.last_post_at = min(moment, self.now)

        self.post_count = 0
        for batch in batches(posts()):
            Post.objects.bulk_create(batch, batch_size=BATCH)
            self.post_count += len(batch)
        Topic.objects.bulk_update(self.topics, ["reply_count", "last_post_at"], batch_size=BATCH)
        self.posts = list(Post.objects.filter(topic__in=self.topics).values_list("pk", "topic_id"))
        self.post_ids = [pk for pk, _ in self.posts]

    def reactions_and_notifications(self) -> None:
        rng = self.rng
        seen = set()

        def reactions() -> Iterator[Reaction]:
            kinds = list(ReactionKind.values)
            for _ in range(self.n(150_000)):
                key = (rng.choice(self.post_ids), rng.choice(self.members).pk, rng.choice(kinds))
                if key in seen:
                    continue
                seen.add(key)
                post_id, user_id, kind = key
                moment = self.moment()
                yield Reaction(post_id=post_id, user_id=user_id, kind=kind, created_at=moment)

        insert(Reaction, reactions())

        def notifications() -> Iterator[Notification]:
            for _ in range(self.n(60_000)):
                post_id, topic_id = rng.choice(self.posts)
                created = self.moment()
                yield Notification(
                    recipient=rng.choice(self.members),
                    kind=Notification.Kind.REPLY,
                    topic_id=topic_id,
                    post_id=post_id,
                    created_at=created,
                    read_at=created if rng.random() < 0.8 else None,
                )

        insert(Notification, notifications())

    def moderation(self) -> None:
        rng = self.rng
        categories = list(Category.values)
        total, still_open = self.n(30_000), self.n(5_000)
        items = []
        for index in range(total):
            created = self.moment()
            closed = index >= still_open
            items.append(
                QueueItem(
                    source=rng.choice(list(QueueItem.Source.values)),
                    category=rng.choice(categories),
                    priority=rng.choice(list(Priority.values)),
                    post_id=rng.choice(self.post_ids),
                    member=rng.choice(self.members),
                    created_at=created,
                    closed_at=self.moment(created) if closed else None,
                    closed_by=rng.choice(self.moderators) if closed else None,
                )
            )
        insert(QueueItem, iter(items))
        items = list(QueueItem.objects.order_by("pk"))
        closed_items = [item for item in items if item.closed_at is not None]
        actions = [Action.PUBLISH, Action.HIDE, Action.WARN, Action.DISMISS, Action.ESCALATE]
        insert(
            Decision,
            (
                Decision(
                    action=rng.choice(actions),
                    member_id=item.member_id,
                    moderator_id=item.closed_by_id,
                    post_id=item.post_id,
                    queue_item=item,
                    category=item.category,
                    reason=sentence(rng, rng.choice(["fr", "nl"]), 10),
                    created_at=item.closed_at,
                )
                for item in closed_items
            ),
        )
        reasons = list(Report.Reason.values)
        insert(
            Report,
            (
                Report(
                    reporter=rng.choice(self.members),
                    code=f"SCALE{index:09d}",
                    post_id=item.post_id,
                    reason=rng.choice(reasons),
                    language=rng.choice(["fr", "nl"]),
                    status=Report.Status.RECEIVED if item.closed_at is None else "action_taken",
                    queue_item=item,
                    created_at=item.created_at,
                )
                for index, item in enumerate(items)
                if item.source == QueueItem.Source.REPORT
            ),
        )
        insert(
            Escalation,
            (
                Escalation(
                    category=rng.choice(["sextortion", "self_harm", "grooming", "bullying"]),
                    priority=Priority.URGENT,
                    member=rng.choice(self.members),
                    post_id=rng.choice(self.post_ids),
                    language=rng.choice(["fr", "nl"]),
                    created_at=self.moment(),
                )
                for _ in range(self.n(3_000))
            ),
        )

    def conversations(self) -> None:
        rng = self.rng
        rows = []
        for _ in range(self.n(20_000)):
            created = self.moment()
            claimed = created + datetime.timedelta(minutes=rng.randint(1, 90))
            closed = claimed + datetime.timedelta(minutes=rng.randint(5, 120))
            rows.append(
                Conversation(
                    member=rng.choice(self.members) if rng.random() < 0.6 else None,
                    language=rng.choice(["fr", "nl"]),
                    category=rng.choice(list(Category.values)),
                    priority=rng.choice(list(Priority.values)),
                    counsellor=rng.choice(self.counsellors),
                    status=Conversation.Status.CLOSED,
                    created_at=created,
                    waiting_since=created,
                    claimed_at=claimed,
                    first_claimed_at=claimed,
                    opened_at=claimed,
                    first_response_at=claimed + datetime.timedelta(minutes=1),
                    closed_at=min(closed, self.now),
                    outcome=rng.choice(list(Conversation.Outcome.values)),
                    referral=Conversation.Referral.NONE,
                )
            )
        insert(Conversation, iter(rows))
        has_seq = any(field.name == "seq" for field in Message._meta.fields)

        def messages() -> Iterator[Message]:
            for conversation in Conversation.objects.filter(
                counsellor__in=self.counsellors
            ).iterator():
                moment = conversation.created_at
                for seq in range(1, rng.randint(2, 14) + 1):
                    young = seq % 2 == 1
                    moment += datetime.timedelta(seconds=rng.randint(10, 300))
                    extra = {"seq": seq} if has_seq else {}
                    yield Message(
                        conversation=conversation,
                        author=None if young else conversation.counsellor,
                        sender_key="v" if young else f"u{conversation.counsellor_id}",
                        role=Message.Role.YOUNG if young else Message.Role.COUNSELLOR,
                        client_id=f"scale-{seq}",
                        body=sentence(rng, conversation.language, rng.randint(4, 20)),
                        created_at=moment,
                        published_at=moment,
                        **extra,
                    )

        insert(Message, messages())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 is a national volume")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if Topic.objects.filter(theme__slug__startswith="scale-").exists():
        sys.exit("This database already holds the scale data set: use a fresh one.")
    print(f"Seeding at scale {args.scale} on {connection.vendor}:", flush=True)
    Seeder(args.scale, args.seed).run()


if __name__ == "__main__":
    main()
