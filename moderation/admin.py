from django.contrib import admin
from django.http import HttpRequest

from cybersquad.admin import CoordinatorAdmin
from moderation.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(CoordinatorAdmin):
    """Coordinators can read the audit trail; nobody can change or delete it."""

    list_display = ["created_at", "actor_name", "action", "target_type", "target_id", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
