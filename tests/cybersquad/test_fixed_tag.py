"""{% fixed %}: a part of the page frame rendered once per process under its name and values."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError

from cybersquad.templatetags import fixed

FRAME = Template('{% load fixed %}{% fixed "part" language %}{{ shown }}{% endfixed %}')


@pytest.fixture(autouse=True)
def _nothing_kept():
    fixed.forget()
    yield
    fixed.forget()


def render(language: str, shown: str) -> str:
    return FRAME.render(Context({"language": language, "shown": shown}))


def test_a_part_is_rendered_once_per_key():
    assert render("fr", "Bonjour") == "Bonjour"
    assert render("fr", "changed") == "Bonjour"
    assert render("nl", "Hallo") == "Hallo"


def test_nothing_is_kept_under_debug(settings):
    settings.DEBUG = True
    assert render("fr", "Bonjour") == "Bonjour"
    assert render("fr", "changed") == "changed"


def test_a_changed_setting_forgets_what_was_kept(settings):
    assert render("fr", "Bonjour") == "Bonjour"
    settings.CYBERSQUAD_HELPLINE = "116 111"
    assert render("fr", "Salut") == "Salut"


def test_the_name_must_be_quoted():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fixed %}{% fixed part %}x{% endfixed %}")
