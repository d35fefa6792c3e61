"""Sign-in throttling (django-axes, config/auth.py) on every sign-in form of the site.

After AXES_FAILURE_LIMIT wrong passwords for one account from one address, even the right
password is refused with the lockout page; another account on the same address (a market's
shared Wi-Fi) and the same account from another address still sign in; after the cool-off,
or when staff reset it, the account signs in again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "demo12345"


def form_data(form: str, username: str, password: str) -> dict[str, str]:
    if form == "/shop/accounts/login/":  # Oscar's combined sign-in and registration page
        return {"login-username": username, "login-password": password, "login_submit": "1"}
    if form == "/shop/checkout/":  # the checkout's "I am a returning customer" sign-in
        return {"username": username, "password": password, "options": "existing"}
    return {"username": username, "password": password}


#: Each sign-in form, and how the account in it is named (Oscar's form asks for the e-mail).
FORMS = {
    "/accounts/login/": "username",
    "/shop/accounts/login/": "email",
    "/shop/checkout/": "email",
    "/cms/login/": "username",
    "/django-admin/login/": "username",
}


@pytest.fixture
def accounts():
    """Two staff accounts (the back-office forms need staff) with e-mail addresses."""
    first = User.objects.create_user(
        "editor.one", "one@example.com", PASSWORD, is_staff=True, is_superuser=True
    )
    second = User.objects.create_user(
        "editor.two", "two@example.com", PASSWORD, is_staff=True, is_superuser=True
    )
    return first, second


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(client, form: str, user: User, password: str, **extra):
    if form == "/shop/checkout/" and not getattr(client, "has_basket", False):
        product = factories.product(title="Chè Tân Cương 100g", price=120000)
        client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
        client.has_basket = True
    name = getattr(user, FORMS[form])
    return client.post(form, form_data(form, name, password), **extra)


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def fail_until_locked(client, form: str, user: User, **extra) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, form, user, "wrong-password", **extra)
        assert response.status_code in (200, 429)
    assert signed_in_as(client) is None


@pytest.mark.parametrize("form", FORMS)
def test_the_right_password_is_refused_after_too_many_wrong_ones(client, form, accounts):
    user, _other = accounts
    english(client)
    fail_until_locked(client, form, user)

    response = sign_in(client, form, user, PASSWORD)

    assert response.status_code == 429
    assert signed_in_as(client) is None
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "paused for 15 minutes" in page
    assert 'class="site-main"' in page  # the site's own page, not a bare message


@pytest.mark.parametrize("form", FORMS)
def test_another_account_on_the_same_connection_still_signs_in(client, form, accounts):
    user, other = accounts
    fail_until_locked(client, form, user)

    response = sign_in(client, form, other, PASSWORD)

    assert response.status_code == 302
    assert signed_in_as(client) == str(other.pk)


@pytest.mark.parametrize("form", FORMS)
def test_the_same_account_from_another_address_still_signs_in(client, form, accounts):
    user, _other = accounts
    fail_until_locked(client, form, user, REMOTE_ADDR="203.0.113.7")

    response = sign_in(client, form, user, PASSWORD, REMOTE_ADDR="198.51.100.20")

    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)


@pytest.mark.parametrize("form", FORMS)
def test_after_the_cool_off_the_account_signs_in_again(client, form, accounts):
    user, _other = accounts
    fail_until_locked(client, form, user)
    assert sign_in(client, form, user, PASSWORD).status_code == 429

    # The cool-off (15 minutes) has passed since the last attempt.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
        attempt.save()

    response = sign_in(client, form, user, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)


@pytest.mark.parametrize("form", FORMS)
def test_staff_unlock_an_account_with_axes_reset_username(client, form, accounts):
    user, _other = accounts
    fail_until_locked(client, form, user)

    call_command("axes_reset_username", user.username)

    response = sign_in(client, form, user, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_username_email_and_capitals_count_as_one_account(client, accounts):
    """Guessing cannot be spread over the ways of writing one account."""
    user, _other = accounts
    names = ["editor.one", "EDITOR.ONE", "one@example.com", "One@Example.com", " editor.one"]
    for name in names:
        client.post("/accounts/login/", {"username": name, "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "editor.one", "password": PASSWORD})

    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_fewer_wrong_passwords_than_the_limit_do_not_lock(client, accounts):
    user, _other = accounts
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302


def test_behind_the_proxy_two_shoppers_are_two_addresses(client, accounts, settings):
    """PROXY_HOPS=1 (production): the address comes from the entry our proxy appended to
    X-Forwarded-For; a forged entry before it does not let a locked client start afresh."""
    settings.PROXY_HOPS = 1
    user, _other = accounts
    fail_until_locked(client, "/accounts/login/", user, HTTP_X_FORWARDED_FOR="203.0.113.1")

    forged = sign_in(
        client, "/accounts/login/", user, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.1"
    )
    assert forged.status_code == 429
    other_shopper = sign_in(
        client, "/accounts/login/", user, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2"
    )
    assert other_shopper.status_code == 302


def test_lockout_page_is_vietnamese_by_default(client, accounts):
    user, _other = accounts
    fail_until_locked(client, "/accounts/login/", user)

    response = sign_in(client, "/accounts/login/", user, PASSWORD)

    assert response.status_code == 429
    assert response["Content-Language"] == "vi"


def test_registering_on_oscars_page_still_signs_the_new_shopper_in(client):
    """Oscar signs a new account in with authenticate() without a request; the throttle
    must not turn registration into a server error."""
    response = client.post(
        "/shop/accounts/login/",
        {
            "registration-email": "new.shopper@example.com",
            "registration-password1": "a-Long-pass-phrase-91",
            "registration-password2": "a-Long-pass-phrase-91",
            "registration_submit": "1",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.shopper@example.com")
    assert signed_in_as(client) == str(user.pk)
