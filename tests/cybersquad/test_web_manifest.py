"""Favicon and web app manifest: a phone can put Cybersquad on its home screen."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_page_links_the_icon_and_the_manifest(visitor):
    page = visitor.get("/nl/").content.decode()
    assert 'rel="icon"' in page
    assert "icons/icon.svg" in page
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_the_manifest_names_cybersquad_and_its_icons_exist(visitor):
    response = visitor.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Cybersquad"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]


def test_favicon_ico_leads_to_the_icon(visitor):
    response = visitor.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/icon-192.png")
