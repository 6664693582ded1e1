"""Signals as a moderator reads them: what fired (a rule, or a learned model and how sure it
was), on which words, and how the words read."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import Category
from moderation.screening import get_engine
from moderation.screening.engine import CONVERSATION_EXPLANATION, CONVERSATION_RULE
from moderation.screening.learned import (
    CONVERSATION_MODEL_EXPLANATION,
    CONVERSATION_MODEL_RULE,
    MODEL_EXPLANATION,
)

CONTEXTS = {
    "negated": gettext_lazy("Negated: the words say the opposite"),
    "quoted": gettext_lazy("In quotation marks"),
    "sung": gettext_lazy("A song, lyrics or a saying"),
    "hyperbole": gettext_lazy("An exaggeration (sport, homework, a joke)"),
    "trivial": gettext_lazy(
        "Next to an everyday trouble (a test, a missed bus), no laugh: maybe meant, you decide"
    ),
    "light": gettext_lazy(
        "Words often said lightly (\u201cdone with life\u201d): maybe meant, you decide"
    ),
    "plain": gettext_lazy(
        "A wish to die with no sign of meaning it, and the model weighed it low: you decide"
    ),
    "reply": gettext_lazy(
        "A reply or story that tells the writer's own past to help others: maybe meant, you decide"
    ),
    "unconfirmed": gettext_lazy(
        "A rule matched, but the model sees no harm in the message: you decide"
    ),
    "general": gettext_lazy("Said in general (a question, a lesson, advice, a story)"),
    "everyday": gettext_lazy("An everyday meaning (hair, cooking, an accident, a place)"),
    "past": gettext_lazy("Long ago and dealt with (blocked, reported)"),
    "unsure": gettext_lazy("The model is not sure: your judgement decides"),
    "weak": gettext_lazy("A weak signal from the model"),
}
KINDS = {
    "disclosure": gettext_lazy("the writer is at risk"),
    "behaviour": gettext_lazy("the writer puts others at risk"),
    "concern": gettext_lazy("the writer is worried about someone else"),
    "victim": gettext_lazy("the writer is bullied"),
    "info": gettext_lazy("personal details"),
}
STAGES = {
    "age": gettext_lazy("age"),
    "location": gettext_lazy("where they live"),
    "alone": gettext_lazy("whether they are alone"),
    "compliments": gettext_lazy("compliments"),
    "secrecy": gettext_lazy("secrecy"),
    "platform": gettext_lazy("moving to another app"),
    "gifts": gettext_lazy("gifts"),
    "pictures": gettext_lazy("pictures"),
    "meeting": gettext_lazy("meeting"),
    "sexual": gettext_lazy("sexual talk"),
}
SEVERITIES = {
    "low": gettext_lazy("low severity"),
    "medium": gettext_lazy("medium severity"),
    "high": gettext_lazy("high severity"),
    "urgent": gettext_lazy("urgent"),
}
_FIXED = {
    CONVERSATION_RULE: CONVERSATION_EXPLANATION,
    CONVERSATION_MODEL_RULE: CONVERSATION_MODEL_EXPLANATION,
}


def describe(signals: list[dict], language: str) -> list[dict]:
    """Each stored signal with what a moderator needs to read it, in their language."""
    rules = {rule.id: rule.explanation for rule in get_engine().rules}
    categories = dict(Category.choices)
    described = []
    for signal in signals:
        rule = signal.get("rule", "")
        model = signal.get("source") == "model"
        texts = _FIXED.get(rule) or (MODEL_EXPLANATION if model else rules.get(rule, {}))
        notes = []
        if signal.get("context") in CONTEXTS:
            notes.append(str(CONTEXTS[signal["context"]]))
        if signal.get("words"):
            words = ", ".join(signal["words"])
            notes.append(_("Words that weighed most: %(words)s") % {"words": words})
        if signal.get("stages"):
            stages = ", ".join(str(STAGES.get(stage, stage)) for stage in signal["stages"])
            notes.append(_("Grooming stages: %(stages)s") % {"stages": stages})
        described.append(
            {
                **signal,
                "category_label": categories.get(signal.get("category"), signal.get("category")),
                "kind_label": KINDS.get(signal.get("kind"), signal.get("kind", "")),
                "severity_label": SEVERITIES.get(signal.get("severity"), signal.get("severity")),
                "model": model,
                "source_label": _source_label(signal, model),
                "explanation": texts.get(language, ""),
                "notes": notes,
            }
        )
    return described


def _source_label(signal: dict, model: bool) -> str:
    if not model:
        return _("Rule %(rule)s") % {"rule": signal.get("rule", "")}
    score = signal.get("score")
    if score is None:
        return _("Learned model")
    return _("Learned model, %(percent)d%% sure") % {"percent": round(score * 100)}


def in_words(signal: dict) -> str:
    """A stored signal in a few words for a list: its category and its severity."""
    category = dict(Category.choices).get(signal.get("category"), _("Other"))
    severity = SEVERITIES.get(signal.get("severity"))
    return f"{category} · {severity}" if severity else str(category)
