from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompositionConfig(AppConfig):
    """The top layer: what puts the apps together (URLs, socket routing, the admin, a member's
    data export and erasure, the figures, retention and periodic work). It may import every
    app; no app imports it."""

    name = "composition"
    verbose_name = _("Cybersquad")
