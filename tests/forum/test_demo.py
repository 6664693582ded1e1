import pytest
from django.core.management import call_command

from cybersquad.models import Role, User
from forum.models import HelpArticle, Post, Theme, Topic


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete(capsys):
    call_command("seed_demo")
    counts = [m.objects.count() for m in (User, Theme, HelpArticle, Topic, Post)]
    call_command("seed_demo")
    assert [m.objects.count() for m in (User, Theme, HelpArticle, Topic, Post)] == counts
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Theme.objects.count() == 8
    assert all(
        t.name_fr and t.name_nl and t.description_fr and t.description_nl
        for t in Theme.objects.all()
    )
    assert set(Topic.objects.values_list("language", flat=True)) == {"fr", "nl"}
    hotline = HelpArticle.objects.get(body_fr__contains="imagesdabus.be")
    assert "misbruikbeelden.be" in hotline.body_nl
    out = capsys.readouterr().out
    for username in ("demo_member", "demo_moderator", "demo_counsellor", "demo_coordinator"):
        assert username in out
