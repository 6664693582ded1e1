"""Room messages held for a moderator (or hidden) by the code before masking happened when a
message was stored kept no masked spans: let through by a moderator, or shown again after an
appeal, their personal details were broadcast in full. Screen them now and store where their
personal details are, as sending does. A room message does not record its language: every
language's rules run on it.

Uses the screening engine of the code that runs it (pure Python, rules only), in batches.
"""

from django.db import migrations

BATCH = 500


def mask_unmasked(apps, schema_editor) -> None:
    from moderation.screening import get_engine

    engine = get_engine()
    Message = apps.get_model("chat", "Message")
    unmasked = (
        Message.objects.filter(room__isnull=False, status__in=["held", "hidden"], masked_spans=[])
        .exclude(body="")
        .only("pk", "body")
        .order_by("pk")
    )
    changed = []
    for message in unmasked.iterator(chunk_size=BATCH):
        spans = [
            list(signal.span)
            for signal in engine.screen(message.body, None).signals
            if signal.category == "personal_info" and signal.source == "rule"
        ]
        if not spans:
            continue
        message.masked_spans = spans
        changed.append(message)
        if len(changed) == BATCH:
            Message.objects.bulk_update(changed, ["masked_spans"])
            changed = []
    if changed:
        Message.objects.bulk_update(changed, ["masked_spans"])


class Migration(migrations.Migration):
    dependencies = [("chat", "0007_room_exclusion_decision")]

    operations = [migrations.RunPython(mask_unmasked, migrations.RunPython.noop)]
