from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from django.conf import settings

        from chat import signals  # noqa: F401 - connects the receivers
        from chat.adapters import ChatForModeration
        from chat.availability import parse_hours
        from moderation import ports as moderation_ports

        # Moderation asks the chat through its port, never by importing it.
        moderation_ports.register_chat(ChatForModeration())

        # A bad CHAT_OPENING_HOURS stops the start-up with a message naming it, as every
        # other setting does, instead of failing on the first page that shows the hours.
        parse_hours(settings.CHAT_OPENING_HOURS)
