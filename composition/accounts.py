"""Account work: the member's data download and account deletion."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from chat.models import CheckIn, Conversation, Message
from chat.services import conversations_member_left
from cybersquad.models import User
from cybersquad.rendering import apply_mask
from forum.models import Notification, Post, Reaction, Subscription, Topic
from forum.services import post_remove, reactions_remove_all
from moderation.evidence import message_keep_evidence
from moderation.models import Appeal, Decision, Evidence, Report
from moderation.retention import member_forget


@dataclass
class MemberData:
    """Everything we hold about a member, fetched once for the page and for the download.

    Only what they wrote, what was sent to them, and what was decided about them: never a
    counsellor's notes, never another member's words, and a topic's title only while the
    member may still see the topic (``topic_title`` is None otherwise).
    """

    user: User
    posts: list[Post]
    reactions: list[Reaction]
    subscriptions: list[Subscription]
    reports: list[Report]
    decisions: list[Decision]
    appeals: list[Appeal]
    notifications: list[Notification]
    conversations: list[Conversation]
    room_messages: list[Message]

    @property
    def born(self) -> datetime.date | None:
        if self.user.birth_year and self.user.birth_month:
            return datetime.date(self.user.birth_year, self.user.birth_month, 1)
        return None

    @property
    def restrictions(self) -> dict:
        user = self.user
        now = timezone.now()
        return {
            "muted_until": user.muted_until if user.is_muted(now) else None,
            "suspended_until": user.suspended_until
            if user.suspended_until and user.suspended_until > now
            else None,
            "banned_since": user.banned_at,
            "messages_wait_for_a_moderator": user.held_for_review,
        }


def account_data(user: User) -> MemberData:
    visible_topics = set(Topic.objects.visible_to(user).values_list("pk", flat=True))

    def title_of(topic: Topic) -> str | None:
        return topic.title if topic.pk in visible_topics and topic.title else None

    posts = list(Post.objects.filter(author=user).select_related("topic", "topic__theme"))
    for post in posts:
        post.topic_title = title_of(post.topic)
        # What is masked stays masked, here too: the text as others see it.
        post.shown_text = apply_mask(post.body, post.masked_spans)
    reactions = list(Reaction.objects.filter(user=user).select_related("post__topic"))
    for reaction in reactions:
        reaction.topic_title = title_of(reaction.post.topic)
    subscriptions = list(Subscription.objects.filter(user=user).select_related("topic"))
    for subscription in subscriptions:
        subscription.topic_title = title_of(subscription.topic)
    conversations = list(
        Conversation.objects.filter(member=user, anonymised_at=None)
        .prefetch_related(
            Prefetch("messages", queryset=Message.objects.visible(), to_attr="shown_messages"),
            # What they answered about how they felt, before and after (skipped ones are absent).
            Prefetch(
                "check_ins", queryset=CheckIn.objects.order_by("created_at"), to_attr="answers"
            ),
        )
        .order_by("created_at")
    )
    room_messages = list(
        Message.objects.filter(author=user, room__isnull=False).select_related("room__theme")
    )
    for message in room_messages:
        message.shown_text = apply_mask(message.body, message.masked_spans)
    notifications = list(Notification.objects.filter(recipient=user).select_related("post"))
    for notification in notifications:
        notification.target = notification.link or (
            notification.post.get_absolute_url() if notification.post else ""
        )
    decisions = list(
        Decision.objects.filter(member=user).select_related("post__topic").order_by("created_at")
    )
    return MemberData(
        user=user,
        posts=posts,
        reactions=reactions,
        subscriptions=subscriptions,
        reports=list(Report.objects.filter(reporter=user).order_by("created_at")),
        decisions=decisions,
        appeals=list(
            Appeal.objects.filter(decision__member=user)
            .select_related("decision")
            .order_by("created_at")
        ),
        notifications=notifications,
        conversations=conversations,
        room_messages=room_messages,
    )


def _when(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def account_export(user: User) -> dict:
    """Everything we hold about a member, as plain data they can keep (keys in English; the
    page at /account/data/ says the same in their language)."""
    data = account_data(user)
    restrictions = data.restrictions
    return {
        "account": {
            "pseudonym": user.username,
            "email": user.email,
            "role": user.role,
            "birth_year": user.birth_year,
            "birth_month": user.birth_month,
            "language": user.language,
            "avatar": user.avatar,
            "joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "restrictions": {
            "muted_until": _when(restrictions["muted_until"]),
            "suspended_until": _when(restrictions["suspended_until"]),
            "banned_since": _when(restrictions["banned_since"]),
            "messages_wait_for_a_moderator": restrictions["messages_wait_for_a_moderator"],
        },
        "posts": [
            {
                "topic": post.topic_title,
                "theme": post.topic.theme.slug,
                "is_question": post.is_opening,
                "text": post.shown_text,
                "status": post.status,
                "written": _when(post.created_at),
                "edited": _when(post.edited_at),
            }
            for post in data.posts
        ],
        "reactions": [
            {"topic": r.topic_title, "kind": r.kind, "when": _when(r.created_at)}
            for r in data.reactions
        ],
        "subscriptions": [
            {"topic": s.topic_title, "since": _when(s.created_at)} for s in data.subscriptions
        ],
        "reports_made": [
            {
                "code": r.code,
                "reason": r.reason,
                "status": r.status,
                "your_description": r.description,
                "your_contact": r.contact,
                "web_address": r.url,
                "when": _when(r.created_at),
                "status_changed": _when(r.status_changed_at),
            }
            for r in data.reports
        ],
        "moderation_decisions": [
            {
                "decision": d.action,
                "category": d.category,
                "rule": d.rule,
                "reason": d.reason,
                "automated": d.automated,
                "when": _when(d.created_at),
                "until": _when(d.ends_at),
            }
            for d in data.decisions
        ],
        "appeals": [
            {
                "decision": a.decision.action,
                "decision_made": _when(a.decision.created_at),
                "your_text": a.text,
                "status": a.status,
                "answer": a.outcome,
                "sent": _when(a.created_at),
                "decided": _when(a.decided_at),
            }
            for a in data.appeals
        ],
        "notifications": [
            {
                "kind": n.kind,
                "when": _when(n.created_at),
                "read": _when(n.read_at),
                "link": n.target,
            }
            for n in data.notifications
        ],
        "conversations_with_counsellors": [
            {
                "started": _when(c.created_at),
                "about": c.about,
                "status": c.status,
                "messages": [
                    {
                        "from": "you" if m.role == Message.Role.YOUNG else "counsellor",
                        "text": m.body,
                        "when": _when(m.created_at),
                    }
                    for m in c.shown_messages
                ],
                "check_in": [
                    {
                        "moment": answer.moment,
                        "feeling_1_to_5": answer.feeling,
                        "felt_heard": answer.heard or None,
                        "when": _when(answer.created_at),
                    }
                    for answer in c.answers
                ],
            }
            for c in data.conversations
        ],
        "room_messages": [
            {
                "room": m.room.theme.slug,
                "text": m.shown_text,
                "status": m.status,
                "when": _when(m.created_at),
            }
            for m in data.room_messages
        ],
    }


@transaction.atomic
def account_delete(user: User) -> None:
    """Erase what the member wrote and what is about them, then the account itself.

    Others' replies stay in place. Live moderation cases about the member keep a copy of what
    they need, and the pseudonym, until retention (moderation/retention.py); an open counselling
    case about them stays, without their name, for a counsellor to close, until retention
    (chat.services.conversations_member_left); reports the member
    made stay without their words; reactions, subscriptions and notifications go with the
    account row.
    """
    for post in Post.objects.filter(author=user).select_related("topic").order_by("-is_opening"):
        post_remove(post)  # copies the post to its live cases first
    room_messages = Message.objects.filter(author=user, room__isnull=False)
    for message in room_messages.filter(queue_items__isnull=False).distinct():
        message_keep_evidence(message, reason=Evidence.Reason.DELETED, language=user.language)
    room_messages.delete()
    # Open counselling cases stay for a counsellor, until retention; the rest goes now.
    conversations_member_left(user)
    member_forget(user)
    reactions_remove_all(user)  # the pages that counted them change
    user.delete()
