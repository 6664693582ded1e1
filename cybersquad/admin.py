"""The admin is the coordinators' tool: staff accounts, themes, help articles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import user_group
from cybersquad.models import User


def _is_coordinator(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_authenticated and user.is_coordinator


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


class StaffCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "role", "language", "email")


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(CoordinatorAdmin, BaseUserAdmin):
    form = AccountChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "role", "language", "is_active", "date_joined"]
    list_filter = ["role", "is_active", "language"]
    search_fields = ["username", "email"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Role and status"), {"fields": ["role", "is_active"]}),
        (_("Profile"), {"fields": ["language", "email", "avatar", "birth_month", "birth_year"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "role", "language", "email", "password1", "password2"],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and {"role", "is_active"} & set(form.changed_data):
            # Losing a role or the account closes the person's open sockets at once, and
            # a moderator who is no longer one is no longer present in the rooms they opened.
            send_on_commit(user_group(obj.pk), {"type": "session.end"})
            if not (obj.is_active and obj.is_moderator):
                from chat.services import rooms_leave

                rooms_leave(obj)
