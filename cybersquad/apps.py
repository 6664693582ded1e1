from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CybersquadConfig(AppConfig):
    name = "cybersquad"
    verbose_name = _("Cybersquad")

    def ready(self) -> None:
        from cybersquad import signals, staff_access  # noqa: F401 - connects the receivers
