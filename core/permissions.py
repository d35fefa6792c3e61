"""One gate for staff pages: sign in first, then the model permission the page needs.

Signed-out visitors are sent to the one sign-in page; signed-in users without the permission
get 403. Superusers hold every permission. Money pages (refunds, payouts, bank-transfer
decisions, cash) name their permission, granted through the "Finance" group.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

FINANCE_GROUP = "Finance"
#: What the Finance group may do, by app label (model permission codenames).
FINANCE_PERMISSIONS = {
    "payments": (
        "view_bankfeedevent",
        "resolve_bankfeedevent",
        "import_bank_statement",
        "view_bankfeedrejection",
        "accept_bankfeedrejection",
        "view_cardpayment",
        "refund_cardpayment",
        "view_paymentrequest",
        "record_cash_payment",
    ),
    "fulfilment": ("view_payoutentry", "record_payout"),
}


def permission_required(*perms: str, to_post: tuple[str, ...] | str = ()):
    """Decorate a view so that only users holding every one of ``perms`` reach it.

    ``to_post`` names what a POST needs on top (a page everyone with ``perms`` may read,
    whose form moves money): without it, the POST is refused with 403 and nothing changes.
    """
    post_perms = (to_post,) if isinstance(to_post, str) else tuple(to_post)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            needed = perms + post_perms if request.method == "POST" else perms
            if not request.user.has_perms(needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permissions = perms
        wrapper.post_permissions = post_perms
        return wrapper

    return decorator


def has_permission(user, perm: str) -> bool:
    """For menus and templates: may ``user`` use a page guarded by ``perm``?"""
    return bool(user and user.is_authenticated and user.has_perm(perm))


def ensure_finance_group(*, apps=None):
    """The Finance group with its permissions (created by a migration; rebuilt here for demo
    data and for tests that emptied the database)."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=FINANCE_GROUP)
    for label, codenames in FINANCE_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )
    return group
