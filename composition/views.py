from __future__ import annotations

from urllib.parse import urlsplit

from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from composition import accounts
from composition import figures as stats
from cybersquad import account_email, ratelimit
from cybersquad.forms import DeleteAccountForm, EmailChangeForm, ProfileForm
from cybersquad.i18n import current_language
from forum import services as forum_services
from forum.models import HelpArticle, PostStatus, Topic


def home(request: HttpRequest) -> HttpResponse:
    themes = forum_services.themes_with_counts()
    recent = (
        Topic.objects.filter(status=PostStatus.PUBLISHED)
        .for_lists()
        .order_by("-last_post_at", "-pk")[:6]
    )
    articles = HelpArticle.objects.all()[:4]
    return render(
        request, "cybersquad/home.html", {"themes": themes, "recent": recent, "articles": articles}
    )


def get_help(request: HttpRequest) -> HttpResponse:
    return render(request, "cybersquad/get_help.html")


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """Right after sign-up: how the forum works, who reads it, and where help is."""
    return render(
        request,
        "cybersquad/welcome.html",
        {"first_posts_checked": settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS},
    )


def house_rules(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cybersquad/house_rules.html",
        {
            "min_age": settings.CYBERSQUAD_MIN_AGE,
            "max_age": settings.CYBERSQUAD_MAX_AGE,
            "first_posts_checked": settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS,
            # The civil hotline for abuse images, in the reader's language.
            "hotline": "misbruikbeelden.be" if current_language() == "nl" else "imagesdabus.be",
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    dutch = current_language() == "nl"
    return render(
        request,
        "cybersquad/privacy.html",
        {
            "retention_days": settings.CHAT_RETENTION_DAYS,
            "room_days": settings.CHAT_ROOM_RETENTION_DAYS,
            "moderation_days": settings.MODERATION_RETENTION_DAYS,
            "session_hours": max(1, settings.SESSION_COOKIE_AGE // 3600),
            "PRIVACY_EMAIL": settings.CYBERSQUAD_PRIVACY_EMAIL,
            # The Belgian data protection authority, in the reader's language.
            "DPA_SITE": (
                "www.gegevensbeschermingsautoriteit.be"
                if dutch
                else "www.autoriteprotectiondonnees.be"
            ),
        },
    )


@cache_control(public=True, max_age=24 * 3600)
def web_manifest(request: HttpRequest) -> HttpResponse:
    """What a phone needs to put Cybersquad on its home screen. The same for every language:
    the start page sends each person on to theirs."""
    icons = [
        {"src": static("cybersquad/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("cybersquad/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("cybersquad/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    manifest = {
        "name": "Cybersquad",
        "short_name": "Cybersquad",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#5b2a86",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@cache_control(public=True, max_age=24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """For clients that read no <link rel="icon">."""
    return redirect(static("cybersquad/icons/icon-192.png"), permanent=True)


def _sent_from_this_site(request: HttpRequest) -> bool:
    """A request our own page sent: the browser says so (Sec-Fetch-Site), or at least the
    Origin, when given, is ours."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the person's session, then leave for the neutral site.

    On a shared phone, Back, a reload or a reopened tab must find nothing: a signed-in
    person is signed out, a visitor's session (which holds their help conversations) is
    emptied, so every private page now answers as to a stranger. site.js sends this as a
    beacon and leaves at once; without JavaScript the button posts the form and we redirect.

    No CSRF token: leaving must never fail on a stale token. A forged request from another
    site can do no more than sign someone out, and it carries no session cookie anyway
    (SameSite=Lax); requests that say they come from elsewhere change nothing.
    """
    if _sent_from_this_site(request):
        if request.user.is_authenticated:
            logout(request)
        else:
            request.session.flush()
    if request.POST.get("via") != "script":
        return HttpResponseRedirect(settings.CYBERSQUAD_QUICK_EXIT_URL)
    response = HttpResponse(status=204)
    # Browsers that know this header also drop our pages from their caches, the back/forward
    # cache included, and what this site kept on the device (drafts, topics read: reading.js).
    # Only on the beacon: nobody waits for it, while clearing may take time.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch language and stay on the same page; a member's choice is saved on their account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = current_language()
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # translate_url reads the path in the active language, which comes from the saved
        # choice or the browser and may differ from the page's: read it in the page's own.
        page_language = translation.get_language_from_path(urlsplit(next_url).path)
        with translation.override(page_language or current_language()):
            target = translate_url(next_url, language)
    else:
        with translation.override(language):
            target = reverse("home")
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class SignupView(AllauthSignupView):
    """allauth's sign-up, with a kind page instead of a form error for the age limits."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        if form.requested_email:
            messages.info(self.request, _link_sent(form.requested_email))
        return response

    def form_invalid(self, form) -> HttpResponse:
        refusal = form.age_refusal()
        if refusal:
            # Nothing from the form is kept: not the pseudonym, not the birth date.
            return render(
                self.request,
                "account/age_refused.html",
                {
                    "too_young": refusal == "too_young",
                    "min_age": settings.CYBERSQUAD_MIN_AGE,
                    "max_age": settings.CYBERSQUAD_MAX_AGE,
                },
            )
        return super().form_invalid(form)


def _link_sent(email: str) -> str:
    # The same words whether or not another account has the address (no enumeration).
    return _(
        "We sent an email to %(email)s. Open the link in it within %(days)s days to use this "
        "address. Nothing there? Look in your spam folder."
    ) % {"email": email, "days": account_email.EMAIL_LINK_DAYS}


def _settings_page(
    request: HttpRequest, form: ProfileForm, email_form: EmailChangeForm
) -> HttpResponse:
    return render(
        request,
        "cybersquad/account_settings.html",
        {"form": form, "email_form": email_form},
        status=400 if form.errors or email_form.errors else 200,
    )


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if "avatar" in form.changed_data:
            forum_services.author_shown_changed(user)
        translation.activate(user.language)
        messages.success(request, _("Your settings are saved."))
        return redirect(translate_url(request.path, user.language))
    return _settings_page(request, form, EmailChangeForm(user=request.user))


@login_required
@require_POST
def account_email_change(request: HttpRequest) -> HttpResponse:
    """Change or remove the email address; both ask for the password."""
    user = request.user
    form = EmailChangeForm(request.POST, user=user)
    if not ratelimit.request_allowed(request, "email_change"):
        form.add_error(None, _("Too many tries. Wait an hour and try again."))
    elif form.is_valid():
        email = form.cleaned_data["email"]
        if email:
            account_email.email_change_request(user, email=email)
            messages.info(request, _link_sent(email))
        else:
            account_email.email_remove(user)
            messages.success(
                request,
                _("Your email address is removed. We told the old address by email."),
            )
        # The form was posted to #email; the message is at the top ("top" is the start of
        # the page in HTML, and a redirect without a fragment would keep #email).
        return redirect(reverse("account_settings") + "#top")
    return _settings_page(request, ProfileForm(instance=user), form)


@never_cache
def account_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new address. Opening it shows a button (mail programs open links on
    their own to check them); pressing it uses the address."""
    try:
        change = account_email.email_change_from_link(token)
    except account_email.EmailLinkInvalid:
        return render(
            request,
            "cybersquad/account_email_confirm.html",
            {"valid": False, "days": account_email.EMAIL_LINK_DAYS},
            status=400,
        )
    if request.method == "POST":
        if account_email.email_change_apply(change):
            messages.success(
                request, _("Your email address is now %(email)s.") % {"email": change.email}
            )
        else:
            messages.error(
                request,
                _("This address is already used by another account, so it was not added."),
            )
        if request.user.pk == change.user.pk:
            return redirect("account_settings")
        return redirect("home" if request.user.is_authenticated else "account_login")
    return render(
        request,
        "cybersquad/account_email_confirm.html",
        {"valid": True, "email": change.email},
    )


@login_required
@never_cache
def account_export(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        accounts.account_export(request.user),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="cybersquad-my-data.json"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        accounts.account_delete(user)
        messages.success(request, _("Your account and everything you wrote are deleted."))
        return redirect("home")
    return render(
        request,
        "cybersquad/account_delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _figures_year(request: HttpRequest, year: int | None) -> int:
    """The year asked for, after checking who asks: this year by default, none in the future."""
    stats.check_can_view_figures(request.user)
    this_year = stats.current_year()
    if year is None:
        return this_year
    if not stats.FIRST_YEAR <= year <= this_year:
        raise Http404
    return year


@login_required
@never_cache
def figures(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = _figures_year(request, year)
    now = stats.current_year()
    shown = {y for y in stats.years_with_data_cached() if stats.FIRST_YEAR <= y <= now}
    years = sorted({*shown, now, year}, reverse=True)
    return render(
        request,
        "cybersquad/figures.html",
        {
            "year": year,
            "years": years,
            "current_year": stats.current_year(),
            "figures": stats.year_figures_cached(year),
        },
    )


@login_required
@never_cache
def figures_csv(request: HttpRequest, year: int) -> HttpResponse:
    year = _figures_year(request, year)
    # The byte-order mark lets spreadsheet programs read the French and Dutch labels as UTF-8.
    response = HttpResponse(
        "\ufeff" + stats.figures_csv(year), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cybersquad-figures-{year}.csv"'
    return response


@login_required
@never_cache
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything we keep about the member, in their language; the JSON is one click away."""
    data = accounts.account_data(request.user)
    return render(request, "cybersquad/account_data.html", {"data": data})
