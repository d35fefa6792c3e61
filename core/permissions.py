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
# The people-facing roles (config/roles.py sends each to its landing page). Their groups are
# made by data migrations, so a production install has them without demo data.
PRODUCER_GROUP = "Producer staff"
BOARD_GROUP = "Market board"
STALLHOLDER_GROUP = "Stallholder"
DIGITAL_TEAM_GROUP = "Community digital team"
# Provincial officials see every market of their province (Province.officials), read only.
OFFICIAL_GROUP = "Provincial official"
# The promotional site's editors write pages and submit them for moderation; moderators approve
# and publish (their page, image and workflow set-up: cms/editors.py).
EDITOR_GROUP = "Biên tập viên"
MODERATOR_GROUP = "Kiểm duyệt viên"
#: Wagtail admin access, the snippets (FAQ entries, banking apps) and the "Translate" action.
_EDITOR_PERMISSIONS = {
    "wagtailadmin": ("access_admin",),
    "cms": (
        "add_faqentry",
        "change_faqentry",
        "view_faqentry",
        "add_bankapp",
        "change_bankapp",
        "view_bankapp",
    ),
    "simple_translation": ("submit_translation",),
}
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
#: Every group the site relies on and its permissions, by app label. The market roles need
#: none: what they reach follows from their markets, stalls and provinces (market/access.py).
GROUP_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    FINANCE_GROUP: FINANCE_PERMISSIONS,
    # Oscar's dashboard lets a partner's users in with this permission, limited to their own
    # products, stock and order lines.
    PRODUCER_GROUP: {"partner": ("dashboard_access",)},
    BOARD_GROUP: {},
    STALLHOLDER_GROUP: {},
    DIGITAL_TEAM_GROUP: {},
    OFFICIAL_GROUP: {},
    EDITOR_GROUP: _EDITOR_PERMISSIONS,
    MODERATOR_GROUP: {
        **_EDITOR_PERMISSIONS,
        "cms": (*_EDITOR_PERMISSIONS["cms"], "delete_faqentry", "delete_bankapp"),
    },
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


def create_app_permissions(apps, *labels: str) -> None:
    """Inside a data migration: the model permissions of these apps, now.

    Django makes permissions after all migrations (post_migrate), so on a fresh database they
    do not exist yet when a migration wants to give them to a group. Idempotent.
    """
    from django.contrib.auth.management import create_permissions

    for label in labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # what create_permissions checks for
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def ensure_groups(*names: str, apps=None) -> dict:
    """The named groups (all of GROUP_PERMISSIONS by default) with their permissions.

    Made by data migrations (``apps`` is then the migration's state); called again by demo
    data and by tests whose database was emptied (transactional tests flush it). Idempotent:
    a missing group or permission is added, nothing is removed.
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for name in names or GROUP_PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=name)
        for label, codenames in GROUP_PERMISSIONS[name].items():
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
            )
        groups[name] = group
    return groups


def ensure_finance_group(*, apps=None):
    """The Finance group with its permissions (created by a migration; rebuilt here for demo
    data and for tests that emptied the database)."""
    return ensure_groups(FINANCE_GROUP, apps=apps)[FINANCE_GROUP]
