"""Escalations had their own thread with counsellors; each becomes a help conversation.

Nothing is lost: every escalation gets a conversation in the state it was in, and every
message of its thread becomes a message of that conversation, in order.
"""

from django.db import migrations

STATUS = {"open": "waiting", "taken": "active", "closed": "closed"}


def forwards(apps, schema_editor):
    Escalation = apps.get_model("moderation", "Escalation")
    EscalationMessage = apps.get_model("moderation", "EscalationMessage")
    Conversation = apps.get_model("chat", "Conversation")
    Message = apps.get_model("chat", "Message")
    for escalation in Escalation.objects.order_by("pk"):
        thread = list(EscalationMessage.objects.filter(escalation=escalation).order_by("pk"))
        first_answer = next((m.created_at for m in thread if m.from_counsellor), None)
        last_answer = next((m.created_at for m in reversed(thread) if m.from_counsellor), None)
        conversation = Conversation.objects.create(
            source="escalation",
            status=STATUS.get(escalation.status, "waiting"),
            member_id=escalation.member_id,
            about=escalation.content,
            language=escalation.language,
            category=escalation.category,
            priority=escalation.priority,
            signals=escalation.signals,
            escalation_id=escalation.pk,
            counsellor_id=escalation.counsellor_id if escalation.status == "taken" else None,
            created_at=escalation.created_at,
            waiting_since=escalation.created_at,
            claimed_at=escalation.taken_at,
            first_claimed_at=escalation.taken_at,
            first_response_at=first_answer,
            last_counsellor_reply_at=last_answer,
            closed_at=escalation.closed_at,
            outcome="listened" if escalation.status == "closed" else "",
            referral="none" if escalation.status == "closed" else "",
        )
        for m in thread:
            Message.objects.create(
                conversation=conversation,
                author_id=m.author_id,
                sender_key=f"u{m.author_id}" if m.author_id else "v",
                role="counsellor" if m.from_counsellor else "young",
                client_id=f"escalation-message-{m.pk}",
                body=m.body,
                created_at=m.created_at,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("moderation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
