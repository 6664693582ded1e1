"""Account work: the member's data download and account deletion."""

from __future__ import annotations

from django.db import transaction

from chat.models import Conversation, Message
from chat.services import conversations_erase
from cybersquad.models import User
from forum.models import Post, Reaction, Subscription
from forum.services import post_remove
from moderation.evidence import message_keep_evidence
from moderation.models import Decision, Evidence, Report
from moderation.retention import member_forget


def account_export(user: User) -> dict:
    """Everything we hold about a member, as plain data they can read."""
    posts = Post.objects.filter(author=user).select_related("topic", "topic__theme")
    return {
        "account": {
            "pseudonym": user.username,
            "email": user.email,
            "role": user.role,
            "birth_year": user.birth_year,
            "birth_month": user.birth_month,
            "language": user.language,
            "avatar": user.avatar,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "posts": [
            {
                "topic": post.topic.title,
                "theme": post.topic.theme.slug,
                "is_question": post.is_opening,
                "text": post.body,
                "status": post.status,
                "written": post.created_at.isoformat(),
                "edited": post.edited_at.isoformat() if post.edited_at else None,
            }
            for post in posts
        ],
        "reactions": [
            {"post": r.post_id, "kind": r.kind, "when": r.created_at.isoformat()}
            for r in Reaction.objects.filter(user=user)
        ],
        "subscriptions": [
            {"topic": s.topic.title, "since": s.created_at.isoformat()}
            for s in Subscription.objects.filter(user=user).select_related("topic")
        ],
        "reports_made": [
            {"reason": r.reason, "status": r.status, "when": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user)
        ],
        "moderation_decisions": [
            {
                "decision": d.action,
                "reason": d.reason,
                "when": d.created_at.isoformat(),
                "until": d.ends_at.isoformat() if d.ends_at else None,
            }
            for d in Decision.objects.filter(member=user)
        ],
        "conversations_with_counsellors": [
            {
                "started": c.created_at.isoformat(),
                "about": c.about,
                "status": c.status,
                "messages": [
                    {
                        "from": "you" if m.role == Message.Role.YOUNG else "counsellor",
                        "text": m.body,
                        "when": m.created_at.isoformat(),
                    }
                    for m in c.messages.all()
                    if m.status == "visible"
                ],
            }
            for c in Conversation.objects.filter(member=user).prefetch_related("messages")
        ],
        "room_messages": [
            {"room": m.room.theme.slug, "text": m.body, "when": m.created_at.isoformat()}
            for m in Message.objects.filter(author=user, room__isnull=False).select_related(
                "room__theme"
            )
        ],
    }


@transaction.atomic
def account_delete(user: User) -> None:
    """Erase what the member wrote and what is about them, then the account itself.

    Others' replies stay in place. Live moderation cases about the member keep a copy of what
    they need, and the pseudonym, until retention (moderation/retention.py); reports the member
    made stay without their words; reactions, subscriptions and notifications go with the
    account row.
    """
    for post in Post.objects.filter(author=user).select_related("topic").order_by("-is_opening"):
        post_remove(post)  # copies the post to its live cases first
    room_messages = Message.objects.filter(author=user, room__isnull=False)
    for message in room_messages.filter(queue_items__isnull=False).distinct():
        message_keep_evidence(message, reason=Evidence.Reason.DELETED, language=user.language)
    room_messages.delete()
    conversations_erase(Conversation.objects.filter(member=user))
    member_forget(user)
    user.delete()
