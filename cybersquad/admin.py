"""The admin is the coordinators' tool: staff accounts, themes, help articles.

Everything done here is audited (``cybersquad.audit``, into moderation's trail; the
coordinator as actor, field names and roles but never content), and deleting an account goes
through the same erasure as a member deleting their own.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cybersquad.audit import audit
from cybersquad.permissions import can_coordinate


def _is_coordinator(request: HttpRequest) -> bool:
    return can_coordinate(request.user)


admin.site.site_header = _("Cybersquad coordination")
admin.site.site_title = _("Cybersquad coordination")
admin.site.index_title = _("Coordination")
admin.site.has_permission = _is_coordinator


class CoordinatorAdmin(admin.ModelAdmin):
    """Coordinators manage these models; nobody else reaches the admin at all."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_coordinator(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_coordinator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_coordinator(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_coordinator(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_coordinator(request)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self.audit_save(request, obj, form, change)

    def audit_save(self, request: HttpRequest, obj, form, change: bool) -> None:
        """Which fields changed, by name (the target records the model and the id)."""
        fields = ", ".join(sorted(form.changed_data))
        audit(request.user, "admin.change" if change else "admin.add", obj, reason=fields)

    def delete_model(self, request: HttpRequest, obj) -> None:
        audit(request.user, "admin.delete", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for obj in queryset:
            audit(request.user, "admin.delete", obj)
        super().delete_queryset(request, queryset)
