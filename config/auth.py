"""Sign-in throttling (django-axes) for every sign-in form: ours, Oscar's (account page and the
checkout's returning-customer password), Wagtail's, the admin's.

Failures are counted per account *and* client address together, so a market's shared Wi-Fi
is not locked out by one person mistyping, and one account is not locked for everyone by a
stranger guessing its password from elsewhere.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, first among the backends: a locked-out account and address are refused
    before any password is compared.

    Axes refuses an ``authenticate()`` without a request. Every form a visitor types a
    password into passes one (Oscar's checkout gateway did not: payments/checkout/views.py
    gives it one); what is left is code on the server (Oscar's registration signing the new
    account in with the password just chosen, ``Client.login`` in tests, a shell), which is
    let through to the other backends instead of failing with a server error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_throttle_username(request, credentials: dict | None) -> str:
    """The account an attempt was made against, written one way whichever form was used:
    ``Shopper``, ``shopper`` and the account's e-mail address count as one account."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    typed = (
        credentials.get("username")
        or credentials.get("email")
        or data.get("username")
        or data.get("login-username")
        or ""
    )
    typed = str(typed).strip().casefold()
    if "@" in typed:
        User = get_user_model()
        usernames = list(
            User.objects.filter(email__iexact=typed).values_list(User.USERNAME_FIELD, flat=True)[:2]
        )
        if len(usernames) == 1:
            return str(usernames[0]).casefold()
    return typed
