"""Moderators' decisions as labels for screening: what they confirmed, what was a false alarm,
and what screening missed.

When a moderator closes a case about a post or a room message, ``label_record`` keeps one row:
the category, whether the content did harm (hidden, escalated, masked, a sanction) or was a
false alarm (published, dismissed), whether screening had raised it (else a report did: a
miss), the language and the text. Retention erases the text with the rest of the case
(``retention.py``). ``screening_train --with-decisions`` trains on the rows that still have
their text; ``screening_eval --last N`` measures on the last N; the figures page counts them
(``composition/figures.py``).
"""

from __future__ import annotations

from moderation.models import Category, Decision, QueueItem, ScreeningLabel

TRAINABLE = frozenset(Category.values) - {Category.SPAM, Category.OTHER}


def label_record(item: QueueItem, *, harmful: bool) -> ScreeningLabel | None:
    """Keep a moderator's decision on a case as a label. Cases about an account alone (no
    post or message) and unraised cases judged harmless teach nothing and are skipped."""
    content = item.post or item.message
    if content is None:
        return None
    raised = item.source != QueueItem.Source.REPORT and bool(item.signals)
    if not raised and not harmful:
        return None
    decision = Decision.objects.filter(queue_item=item).order_by("-pk").first()
    category = decision.category if decision and decision.category in TRAINABLE else item.category
    language = item.post.topic.language if item.post else ""
    return ScreeningLabel.objects.create(
        decision=decision,
        category=category,
        harmful=harmful,
        raised=raised,
        language=language,
        text=content.body,
    )


def _kind(category: str) -> str:
    # A moderator's label says whether content did harm, not whose risk it was: kinds are
    # left to the corpus; here a harmful message counts under its category's usual kind.
    return {"personal_info": "info", "bullying": "behaviour"}.get(category, "disclosure")


def training_labels() -> list[tuple[str, str | None, str, str]]:
    """(text, language, category, kind) for every label that still has its text, oldest
    first; false alarms are ordinary messages."""
    rows = []
    for label in ScreeningLabel.objects.exclude(text="").order_by("created_at", "pk"):
        if label.harmful and label.category not in TRAINABLE:
            continue
        language = label.language or None
        if label.harmful:
            rows.append((label.text, language, label.category, _kind(label.category)))
        else:
            rows.append((label.text, language, "none", "benign"))
    return rows


def decided_rows(count: int):
    """The last ``count`` labels with their text, as evaluation rows."""
    from moderation.screening.training import Labelled

    labels = ScreeningLabel.objects.exclude(text="").order_by("-created_at", "-pk")[:count]
    return [
        Labelled(
            label.text,
            label.language or None,
            label.category if label.harmful and label.category in TRAINABLE else "none",
            _kind(label.category) if label.harmful else "benign",
        )
        for label in labels
    ]
