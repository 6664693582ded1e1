from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from chat import availability
from chat.models import CheckIn, Conversation
from chat.permissions import may_counsel
from cybersquad.models import User
from moderation.models import Category

# How a young person would say it, mapped to the categories counsellors and figures use.
HELP_TOPICS = [
    (Category.SEXTORTION, _("Someone threatens to share pictures or videos of me")),
    (Category.SEXTING, _("A picture of me was shared, or someone keeps asking for one")),
    (Category.GROOMING, _("Someone I met online asks strange or intimate things")),
    (Category.BULLYING, _("I am bullied or insulted")),
    (Category.SELF_HARM, _("I am not doing well and think about hurting myself")),
    (Category.ABUSE_IMAGES, _("I saw a sexual picture of a child")),
    (Category.OTHER, _("Something else")),
]

FEELINGS = [
    (1, _("1 · Very bad")),
    (2, _("2 · Bad")),
    (3, _("3 · So-so")),
    (4, _("4 · Good")),
    (5, _("5 · Very good")),
]


def feeling_field(label, help_text="") -> forms.TypedChoiceField:
    """How the young person feels, 1 to 5, as radio buttons; skipping is fine."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=FEELINGS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class HelpRequestForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What is it about?"), choices=HELP_TOPICS, widget=forms.RadioSelect
    )
    about = forms.CharField(
        label=_("Tell us in a few words"),
        help_text=_("No need for your name, address or school. Only counsellors read this."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feeling = feeling_field(
        _("How do you feel right now? (optional)"),
        help_text=_("You can skip this. Your answer helps us see if our chats help."),
    )


class CheckInForm(forms.Form):
    """The questions after a conversation; every one may be skipped."""

    feeling = feeling_field(_("And now, how do you feel? (optional)"))
    heard = forms.ChoiceField(
        label=_("Did you feel heard? (optional)"),
        choices=CheckIn.Heard.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class ReturnCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_(
            "The code you received when you started the conversation, like ABCD-EFGH-JKMN."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (the young person never sees it)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    # Radio buttons with none chosen: a counsellor picks the outcome, never a default.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Conversation.Outcome.choices, widget=forms.RadioSelect
    )
    referral = forms.ChoiceField(label=_("Referral"), choices=Conversation.Referral.choices)
    # What the case page showed (services.case_seen): a text that joined since stops the close.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Give the conversation to"),
        queryset=User.objects.none(),
        empty_label=None,
        help_text=_("Colleagues on shift who can take one more conversation."),
        error_messages={
            "invalid_choice": _(
                "This colleague is not on shift or cannot take one more conversation now."
            )
        },
    )

    def __init__(self, *args, exclude: User, conversation: Conversation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        candidates = transfer_candidates().exclude(pk=exclude.pk)
        # Not to someone the case is kept from (about them, or about staff: coordinators).
        allowed = [person.pk for person in candidates if may_counsel(person, conversation)]
        self.fields["to"].queryset = candidates.filter(pk__in=allowed)


def transfer_candidates():
    """Counsellors who could take a conversation now: on shift, with room under their cap.

    The service checks both again under the colleague's row lock; this keeps the choice
    honest.
    """
    on_shift = availability.counsellors_on_shift()
    busy = (
        Conversation.objects.filter(status=Conversation.Status.ACTIVE, counsellor_id__in=on_shift)
        .values("counsellor_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR)
        .values_list("counsellor_id", flat=True)
    )
    return (
        User.objects.filter(pk__in=on_shift, is_active=True, role__in=["counsellor", "coordinator"])
        .exclude(pk__in=list(busy))
        .order_by("username")
    )


DURATIONS = [(1, _("1 hour")), (24, _("1 day")), (24 * 7, _("1 week"))]


class RoomSanctionForm(forms.Form):
    """Mute (everywhere) or remove (from this room) a member, with the reason they will read."""

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("mute", _("Mute on the whole site")), ("remove", _("Remove from this room"))],
    )
    hours = forms.TypedChoiceField(label=_("For"), choices=DURATIONS, coerce=int)
    reason = forms.CharField(
        label=_("Reason, as the member will read it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
