from __future__ import annotations

from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cybersquad import figures as stats
from cybersquad import services
from cybersquad.forms import DeleteAccountForm, ProfileForm
from cybersquad.i18n import current_language
from forum.models import HelpArticle, PostStatus, Theme, Topic


def home(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.annotate(
        topic_count=Count("topics", filter=Q(topics__status=PostStatus.PUBLISHED))
    )
    recent = (
        Topic.objects.filter(status=PostStatus.PUBLISHED)
        .select_related("theme", "author")
        .order_by("-last_post_at", "-pk")[:6]
    )
    articles = HelpArticle.objects.all()[:4]
    return render(
        request, "cybersquad/home.html", {"themes": themes, "recent": recent, "articles": articles}
    )


def get_help(request: HttpRequest) -> HttpResponse:
    return render(request, "cybersquad/get_help.html")


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


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your settings are saved."))
        return redirect(translate_url(request.path, user.language))
    return render(
        request,
        "cybersquad/account_settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
def account_export(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        services.account_export(request.user),
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
        services.account_delete(user)
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
    shown = {y for y in stats.years_with_data() if stats.FIRST_YEAR <= y <= stats.current_year()}
    years = sorted({*shown, stats.current_year(), year}, reverse=True)
    return render(
        request,
        "cybersquad/figures.html",
        {"year": year, "years": years, "figures": stats.year_figures(year)},
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
    data = services.account_data(request.user)
    return render(request, "cybersquad/account_data.html", {"data": data})
