"""The admin pages that put the apps together: accounts (deleting one goes through the same
erasure as a member deleting their own) and second factors. Their base, CoordinatorAdmin,
is the core's (cybersquad/admin.py)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from composition import accounts
from cybersquad.admin import CoordinatorAdmin
from cybersquad.audit import audit
from cybersquad.broadcast import send_on_commit
from cybersquad.groups import user_group
from cybersquad.models import User
from cybersquad.signals import moderation_role_lost
from forum import services as forum_services


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
        (
            _("Profile"),
            {
                "fields": ["language", "email", "avatar", "birth_month", "birth_year"],
                "description": _(
                    "Only the person can change their email address, in My account: we send "
                    "a link to the new address and tell the old one."
                ),
            },
        ),
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

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        """The address of an existing account is shown, never edited here: a coordinator
        could otherwise swap it without a link to the new address or a word to the old one,
        and the old one could still ask for a new password (cybersquad/account_email.py)."""
        fields = list(super().get_readonly_fields(request, obj))
        return fields if obj is None else [*fields, "email"]

    def audit_save(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        if not change:
            audit(request.user, "account.create", obj, reason=f"role: {obj.role}")
            return
        changed = set(form.changed_data)
        if "role" in changed:
            audit(
                request.user,
                "account.role_change",
                obj,
                reason=f"{form.initial.get('role')} → {obj.role}",
            )
        if changed - {"role"}:
            audit(request.user, "account.change", obj, reason=", ".join(sorted(changed - {"role"})))

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = ""):
        """A coordinator sets someone's password (the staff policy applies to staff)."""
        before = User.objects.filter(pk=unquote(id)).values_list("password", flat=True).first()
        response = super().user_change_password(request, id, form_url)
        user = User.objects.filter(pk=unquote(id)).first()
        if user is not None and user.password != before:
            reason = "usable" if user.has_usable_password() else "disabled"
            audit(request.user, "account.password_set", user, reason=reason)
        return response

    def get_deleted_objects(self, objs, request: HttpRequest):
        """The confirmation lists the accounts only: the erasure service, not Django's
        cascade, decides what goes with them."""
        accounts = [str(user) for user in objs]
        return accounts, {User._meta.verbose_name_plural: len(accounts)}, set(), []

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        """The same erasure as a member deleting their own account, never a raw cascade."""
        with transaction.atomic():
            audit(request.user, "account.delete", obj, reason=f"role: {obj.role}")
            send_on_commit(user_group(obj.pk), {"type": "session.end"})
            accounts.account_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for user in list(queryset):
            self.delete_model(request, user)

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and {"username", "avatar", "role"} & set(form.changed_data):
            forum_services.author_shown_changed(obj)  # what their posts show of them
        if change and {"role", "is_active"} & set(form.changed_data):
            # Losing a role or the account closes the person's open sockets at once, and
            # a moderator who is no longer one is no longer present in the rooms they opened.
            send_on_commit(user_group(obj.pk), {"type": "session.end"})
            if not obj.can_moderate:
                moderation_role_lost.send(sender=User, user=obj)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(CoordinatorAdmin):
    """A colleague lost their phone and their recovery codes: a coordinator removes their
    second factor, and they set up a new app at once (cybersquad/staff_access.py). The
    secrets are never shown."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_deleted_objects(self, objs, request: HttpRequest):
        people = sorted({str(authenticator.user) for authenticator in objs})
        return people, {Authenticator._meta.verbose_name_plural: len(people)}, set(), []

    def delete_model(self, request: HttpRequest, obj: Authenticator) -> None:
        """Removes all of the person's second factor: the app and the recovery codes."""
        with transaction.atomic():
            audit(request.user, "account.mfa_reset", obj.user, reason=obj.type)
            Authenticator.objects.filter(user_id=obj.user_id).delete()

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for authenticator in list(queryset.select_related("user")):
            if Authenticator.objects.filter(pk=authenticator.pk).exists():
                self.delete_model(request, authenticator)
