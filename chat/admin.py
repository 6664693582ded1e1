from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from chat.models import CannedReply, Room
from cybersquad.admin import CoordinatorAdmin


@admin.register(CannedReply)
class CannedReplyAdmin(CoordinatorAdmin, TranslationAdmin):
    """Coordinators write the counsellors' ready answers in French and Dutch."""

    list_display = ["title", "position"]


@admin.register(Room)
class RoomAdmin(CoordinatorAdmin):
    """Coordinators set each room's days and hours; moderators open it by being present."""

    list_display = ["theme", "days", "opens_at", "closes_at", "moderator"]
    fields = ["theme", "days", "opens_at", "closes_at"]
