from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from forum import ports as forum_ports
        from moderation.adapters import ForumModeration

        # The forum asks moderation through its port, never by importing it.
        forum_ports.register(ForumModeration())
