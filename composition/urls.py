from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from composition import views

# The admin signs in through the site's login, with the same rate limits.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("language/", views.language_switch, name="language_switch"),
    path("quick-exit/", views.quick_exit, name="quick_exit"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("favicon.ico", views.favicon),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("get-help/", views.get_help, name="get_help"),
    path("house-rules/", views.house_rules, name="house_rules"),
    path("welcome/", views.welcome, name="welcome"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/signup/", views.SignupView.as_view(), name="account_signup"),
    # allauth's page for managing addresses would add one without the password, a link, or a
    # word to the old address: the address is changed in the account settings only.
    path("accounts/email/", RedirectView.as_view(pattern_name="account_settings")),
    path("accounts/", include("allauth.urls")),
    path("account/settings/", views.account_settings, name="account_settings"),
    path("account/email/", views.account_email_change, name="account_email_change"),
    path(
        "account/email/confirm/<str:token>/",
        views.account_email_confirm,
        name="account_email_confirm",
    ),
    path("account/data/", views.account_data, name="account_data"),
    path("account/export/", views.account_export, name="account_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("figures/", views.figures, name="figures"),
    path("figures/<int:year>/", views.figures, name="figures_year"),
    path("figures/<int:year>.csv", views.figures_csv, name="figures_csv"),
    path("admin/", admin.site.urls),
    path("", include("chat.urls")),
    path("", include("moderation.urls")),
    path("", include("forum.urls")),
)
