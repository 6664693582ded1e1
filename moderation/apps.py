from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from cybersquad import audit as core_audit
        from forum import ports as forum_ports
        from moderation.adapters import ForumModeration
        from moderation.audit import audit

        # The core's actions are audited in moderation's trail, through the core's port.
        core_audit.register(audit)

        # The forum asks moderation through its port, never by importing it.
        forum_ports.register(ForumModeration())
