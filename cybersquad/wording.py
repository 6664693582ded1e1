"""Messages from Django's own catalogues that we translate ourselves.

Django's Dutch catalogue addresses the reader with "u"; we talk to young people with "je".
Our locale/ comes before Django's in the lookup, so listing the messages here (for
makemessages) and translating them in locale/ is enough. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

TAKEN_OVER = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
