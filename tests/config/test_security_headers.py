"""Security headers (config/security.py): a Content-Security-Policy and a Permissions-Policy on
every page, the back offices' looser policy, Stripe allowed on the card page only, and a
Wagtail admin that calls out to no third party."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from cms.demo import seed_pages
from payments.models import CardPayment

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/accounts/login/",
    "/shop/catalogue/",
    "/shop/basket/",
    "/markets/",
    "/qr/check/",
    "/trace/",
]


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def permissions(response) -> dict[str, str]:
    return dict(
        item.strip().split("=", 1) for item in response.headers["Permissions-Policy"].split(",")
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_allow_only_this_site(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    script = csp["script-src"]
    assert script[0] == "'self'" and "'unsafe-inline'" not in script
    assert all(source == "'self'" or source.startswith("'nonce-") for source in script)
    assert not [source for d in csp.values() for source in d if "://" in source]  # no CDN
    # Style sheets from files; inline style attributes only (the light trace pages, one
    # response with their CSS inline, also allow inline style elements).
    assert csp["style-src-attr"] == ["'unsafe-inline'"]
    if path.startswith("/trace/"):
        assert csp["style-src-elem"] == ["'self'", "'unsafe-inline'"]
    else:
        assert csp["style-src-elem"] == ["'self'"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_deny_camera_microphone_location_payment_usb(client, path):
    features = permissions(client.get(path))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    assert features["screen-wake-lock"] == "(self)"  # the payment speaker keeps the screen on


def test_shop_pages_run_no_inline_script(client):
    """The storefront no longer loads Oscar's jQuery set-up: its only scripts are files."""
    page = client.get("/shop/catalogue/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page) == []
    assert "/static/oscar/" not in page


def test_project_templates_have_no_inline_script_or_handler_without_a_nonce():
    """Inline scripts need the response's nonce and inline handlers are refused outright."""
    from pathlib import Path

    from tests.conftest import ROOT

    offenders = []
    templates = [*Path(ROOT).glob("templates/**/*.html"), *Path(ROOT).glob("*/templates/**/*.html")]
    assert len(templates) > 100
    for template in templates:
        if ".venv" in template.parts or "dashboard" in template.parts:
            continue  # the dashboards run under the staff policy
        text = template.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)([^>]*)>", text):
            if "csp_nonce" not in match.group(1) and "application/" not in match.group(1):
                offenders.append(f"{template}: inline <script>")
        if re.search(r"<[a-z][^>]*\son[a-z]+=", text):
            offenders.append(f"{template}: inline event handler")
    assert not offenders


def test_back_offices_get_the_staff_policy(client):
    seed_pages()  # Wagtail's page tree (a flush by an earlier test removes it)
    admin = User.objects.create_superuser("admin", "admin@example.com", "demo12345")
    client.force_login(admin)
    for path in ("/shop/dashboard/", "/django-admin/", "/cms/"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = policy(response)
        assert "'unsafe-inline'" in csp["script-src"], path
        assert csp["frame-ancestors"] == ["'self'"], path  # Wagtail's preview frame
        assert csp["object-src"] == ["'none'"], path
        assert not [source for d in csp.values() for source in d if "://" in source], path


def test_stripe_is_allowed_on_the_card_page_only(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    CardPayment.objects.create(order_number="100042", payment_intent_id="pi_42", amount=150000)
    session = client.session
    session["checkout_order_numbers"] = ["100042"]
    session.save()

    response = client.get("/pay/card/100042/")

    assert response.status_code == 200
    csp = policy(response)
    assert "https://js.stripe.com" in csp["script-src"]
    assert "https://js.stripe.com" in csp["frame-src"]
    assert "https://api.stripe.com" in csp["connect-src"]
    assert permissions(response)["payment"] == '(self "https://js.stripe.com")'
    assert "stripe.com" not in client.get("/shop/basket/").headers["Content-Security-Policy"]


def test_wagtail_admin_calls_out_to_no_gravatar_or_release_check(client):
    seed_pages()
    editor = User.objects.create_superuser("editor", "editor@example.com", "demo12345")
    client.force_login(editor)

    page = client.get("/cms/").content.decode()

    assert "gravatar.com" not in page
    assert "releases.wagtail.org" not in page
    assert "w-upgrade" not in page  # the panel whose script asks releases.wagtail.org
