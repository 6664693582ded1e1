from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forum.models import Theme

BODY_MAX = 5000


class ConfirmMaskedMixin(forms.Form):
    """Shown only after screening found personal details: post anyway, with them hidden."""

    confirm_masked = forms.BooleanField(
        label=_("Post it anyway, with the personal details hidden (•••)"),
        required=False,
        widget=forms.CheckboxInput,
    )


class TopicForm(ConfirmMaskedMixin):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), empty_label=None)
    language = forms.ChoiceField(label=_("Language of your question"), choices=settings.LANGUAGES)
    title = forms.CharField(
        label=_("Your question in a few words"),
        max_length=140,
        min_length=5,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Tell us more"),
        max_length=BODY_MAX,
        min_length=10,
        help_text=_(
            "Do not write your real name, address, school or phone number. "
            "Everyone can read the forum."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReplyForm(ConfirmMaskedMixin):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX,
        min_length=2,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class PostEditForm(ConfirmMaskedMixin):
    title = forms.CharField(label=_("Title"), max_length=140, min_length=5, required=False)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        min_length=2,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, with_title: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields["title"].required = True
        else:
            del self.fields["title"]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for help, themes and questions"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
