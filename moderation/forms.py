from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import Action, Category, Escalation, Report

DURATIONS = [
    ("1", _("1 day")),
    ("3", _("3 days")),
    ("7", _("1 week")),
    ("30", _("30 days")),
]


class DecisionForm(forms.Form):
    """A moderator's action on a queue item."""

    action = forms.ChoiceField(
        label=_("Decision"),
        # Removal from a chat room is decided in the room (chat/views.py room_sanction).
        choices=[
            (a.value, a.label) for a in Action if a not in (Action.RESTORE, Action.ROOM_REMOVE)
        ]
        + [(Action.RESTORE.value, Action.RESTORE.label)],
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Category (for an escalation, and the statement of reasons)"),
        choices=Category.choices,
    )
    escalation_kind = forms.ChoiceField(
        label=_("For an escalation: who is at risk?"),
        choices=[
            (
                Escalation.Kind.DISCLOSURE,
                _("The writer is at risk: invite them to talk with a counsellor"),
            ),
            (
                Escalation.Kind.CONCERN,
                _(
                    "The writer is worried about someone else: invite them to talk with a "
                    "counsellor, and show them how to help"
                ),
            ),
            (
                Escalation.Kind.BEHAVIOUR,
                _(
                    "The writer puts others at risk (grooming, threats): counsellors get the "
                    "case, the writer is not told and their message is hidden"
                ),
            ),
        ],
        widget=forms.RadioSelect,
        # Needed to escalate (see clean): never taken for granted.
        required=False,
        help_text=_(
            "Needed to escalate. What is already chosen comes from screening or from what "
            "people reported: check it against the message."
        ),
    )
    duration = forms.ChoiceField(
        label=_("How long (mute or suspension)"), choices=DURATIONS, required=False
    )
    # The version of the message the moderator had in front of them (services.post_version).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason, as the member will read it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Explain which rule was broken and why, without quoting the message. "
            "It is sent to the member and cannot be changed afterwards."
        ),
    )

    def until(self) -> datetime.datetime | None:
        days = self.cleaned_data.get("duration")
        return timezone.now() + datetime.timedelta(days=int(days)) if days else None

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") in (Action.MUTE, Action.SUSPEND) and not cleaned.get("duration"):
            self.add_error("duration", _("Choose how long."))
        if cleaned.get("action") == Action.ESCALATE and not cleaned.get("escalation_kind"):
            self.add_error("escalation_kind", _("Say who is at risk: the writer, or others."))
        return cleaned


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Tell us more (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class UrlReportForm(ReportForm):
    """For anyone, signed in or not: a web address and a description, never a file."""

    url = forms.CharField(
        label=_("Web address (URL) of what you saw"),
        max_length=2000,
        help_text=_("Copy the address from your browser. Do not download or send the images."),
    )
    contact = forms.CharField(
        label=_("How we can reach you"),
        max_length=200,
        required=False,
        help_text=_("Optional. Leave it empty to stay anonymous."),
    )
    field_order = ["url", "reason", "description", "contact"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if " " in url or "." not in url:
            raise ValidationError(_("This does not look like a web address."), code="bad_url")
        return url


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why do you disagree?"),
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("uphold", _("Confirm the decision")), ("reverse", _("Reverse the decision"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, as the member will read it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
