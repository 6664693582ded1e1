from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        # Registers the accent-folding function that search uses on SQLite connections.
        from forum import search  # noqa: F401
