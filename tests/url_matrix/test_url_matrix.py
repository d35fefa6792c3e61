"""The authorization matrix: every URL pattern of the site × every role, GET and POST.

The table (tests/url_matrix/table.py) lists the project's and Oscar's routes one by one with
the answer each role must get; Wagtail's admin and Django admin are requested route by route
under one rule each (VENDOR_RULES below). A route the resolver knows but the table does not
fails ``test_table_lists_every_route`` until it is added, so new pages join the matrix.

All tenants are built once for the module; every request runs in a savepoint that is rolled
back, so a POST never changes what the next request sees. No role gets a server error
anywhere, GET or POST (empty POSTs included).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import resolve
from oscar.core.loading import get_model

from tests.url_matrix import probe, world
from tests.url_matrix.table import CONDITIONAL_ROUTES, ROUTES, UNROUTED
from tests.url_matrix.world import ROLES

pytestmark = pytest.mark.django_db

VENDOR_PREFIXES = ("cms/", "django-admin/")
REFUSED = ("login", 401, 403, 404, 405)
#: Wagtail admin and Django admin pages that anyone may open: their sign-in and sign-out.
VENDOR_PUBLIC = (
    "cms/login/",
    "cms/logout/",
    "cms/password_reset/",
    "cms/sprite/",
    "cms/jsi18n/",
    "django-admin/login/",
    "django-admin/logout/",
    "django-admin/catalogue/category/jsi18n/",
)
#: Wagtail admin areas for administrators only (users, groups, sites, workflows, content
#: languages). Wagtail lets editors open its task chooser (names of moderation tasks): accepted.
CMS_ADMIN_ONLY = ("cms/users/", "cms/groups/", "cms/sites/", "cms/workflows/", "cms/locales/")
CMS_EDITOR_MAY = ("cms/workflows/task_chooser/",)
#: Server errors inside Wagtail's or Oscar's own admin code that are accepted, by (method,
#: route) → exception name, so they stay visible. None today: the ones found (Oscar's admin
#: forms, three Wagtail views, Wagtail's failwhale page) are closed in catalog/admin.py and
#: cms/admin_guards.py.
KNOWN_VENDOR_ERRORS: dict[tuple[str, str], str] = {}
#: What an answer may be for someone the page is for: anything but a server error.
ANY_ANSWER = {200, 204, "done", "login", 400, 403, 404, 405}


def vendor_allowed(role: str, route: str, finance_admin: set[str]) -> set:
    """What ``role`` may get from a Wagtail admin or Django admin route."""
    if route.startswith(VENDOR_PUBLIC):
        return ANY_ANSWER
    if role == "superuser":
        return ANY_ANSWER
    if route.startswith("cms/"):
        if role != "editor":
            return {"login", 403, 404}
        if route.startswith(CMS_ADMIN_ONLY) and not route.startswith(CMS_EDITOR_MAY):
            return {"login", "done", 403, 404, 405}
        return ANY_ANSWER
    # Django admin: shop staff only, and finance only where its group's permissions reach.
    if role != "finance":
        return {"login", 404}
    parts = route.split("/")
    if len(parts) > 3 and "/".join(parts[1:3]) in finance_admin:
        return ANY_ANSWER
    if route in ("django-admin/", "django-admin/password_change/",
                 "django-admin/password_change/done/", "django-admin/jsi18n/",
                 "django-admin/autocomplete/"):  # fmt: skip
        return ANY_ANSWER
    # 400: treebeard's category "move" answers malformed posts before checking permission
    return {"login", "done", 400, 403, 404, 405}


# --- what a refused POST must leave alone -----------------------------------------------------


def _values(model, *fields):
    return tuple(model.objects.order_by("pk").values_list(*fields))


def _state(name: str, ids: dict):
    from django.contrib.auth.models import User

    from catalog.models import Producer
    from fulfilment.models import FulfilmentGroup, PayoutEntry
    from market.models import QRAlert, Stall
    from payments.models import BankFeedEvent, CardPayment
    from traceability.models import TraceCode

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    ProductImage = get_model("catalogue", "ProductImage")
    Line = get_model("basket", "Line")
    WishListLine = get_model("wishlists", "Line")
    readers = {
        "qr_alerts": lambda: QRAlert.objects.count(),
        "producers": lambda: _values(Producer, "show_phone_publicly"),
        "stalls": lambda: _values(Stall, "name", "account_number", "is_active"),
        "bank_feed": lambda: BankFeedEvent.objects.count(),
        "card_payments": lambda: _values(CardPayment, "status", "amount_refunded"),
        "orders": lambda: _values(get_model("order", "Order"), "number", "status"),
        "products": lambda: (
            _values(Product, "title", "is_public"),
            _values(StockRecord, "price", "num_in_stock"),
        ),  # fmt: skip
        "images": lambda: ProductImage.objects.count(),
        "groups": lambda: _values(FulfilmentGroup, "status"),
        "codes": lambda: TraceCode.objects.count(),
        "payouts": lambda: PayoutEntry.objects.count(),
        "reviews": lambda: _values(get_model("reviews", "ProductReview"), "title", "status"),
        "basket_lines": lambda: Line.objects.filter(product_id=ids["draft_a"]).count(),
        "addresses": lambda: (
            _values(
                get_model("address", "UserAddress"),
                "user",
                "line1",
                "is_default_for_shipping",
                "is_default_for_billing",
            ),
            _values(get_model("order", "ShippingAddress"), "line1"),
        ),  # fmt: skip
        "notifications": lambda: _values(
            get_model("communication", "Notification"), "location"
        ),  # fmt: skip
        "alerts": lambda: _values(get_model("customer", "ProductAlert"), "status"),
        "wishlist_lines": lambda: WishListLine.objects.filter(product_id=ids["draft_a"]).count(),
        "wishlists": lambda: (
            _values(get_model("wishlists", "WishList"), "name", "owner"),
            _values(WishListLine, "wishlist", "product"),
        ),  # fmt: skip
        "notes": lambda: _values(get_model("order", "OrderNote"), "order", "message"),
        "partners": lambda: (
            _values(get_model("partner", "Partner"), "name"),
            _values(User.partners.through, "partner", "user"),
        ),  # fmt: skip
        "partner_users": lambda: _values(User.partners.through, "partner", "user"),
    }
    return readers[name.removesuffix("_if_refused")]()


# --- fixtures ---------------------------------------------------------------------------------


class Matrix:
    def __init__(self, built: world.World, media_root):
        self.world = built
        self.ids = built.ids
        self.asker = probe.Asker(built.users)
        self.filler = probe.VendorFiller(built.ids)
        self.media_root = media_root
        finance = built.users["finance"]
        codenames = set(
            Permission.objects.filter(group__user=finance).values_list(
                "content_type__app_label", "content_type__model"
            )
        )
        self.finance_admin = {f"{app}/{model}" for app, model in codenames}


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media_root = tmp_path_factory.mktemp("matrix-media")
    # override_settings (not assignment) so the file storage moves its folder too
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Matrix(world.build(), media_root)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def media(matrix, settings):
    settings.MEDIA_ROOT = matrix.media_root


# --- the tests --------------------------------------------------------------------------------


def test_table_lists_every_route():
    """A new URL pattern fails here until the table says who may open it."""
    # Compared without inner "^": config/oscar_urls.py puts POST-only copies of some Oscar
    # routes in front of Oscar's own ("shop/^accounts/…" shadows "shop/accounts/^…"), and
    # one table row covers both (the same addresses).
    routes = {route.replace("^", "") for route in probe.routes()}
    listed = {route.replace("^", "") for route in ROUTES}
    conditional = {route.replace("^", "") for route in CONDITIONAL_ROUTES}
    missing = sorted(
        r for r in routes - listed if not r.startswith(VENDOR_PREFIXES) and r not in conditional
    )
    stale = sorted(listed - routes)
    assert (missing, stale) == ([], []), f"add to / remove from table.py: {missing=} {stale=}"


def test_every_probe_opens_its_own_route(matrix):
    wrong = []
    for route, probes in ROUTES.items():
        for item in probes:
            path = urlsplit(item.url.format(**matrix.ids)).path
            if not probe.same_route(resolve(path).route, route):
                wrong.append(f"{path} opens {resolve(path).route}, not {route}")
    assert wrong == []


def _ask(matrix, role, method, item, url):
    data = {key: str(value).format(**matrix.ids) for key, value in item.data.items()}
    extra = {}
    if method == "post" and item.content_type:
        import json

        data, extra = json.dumps(item.data), {"content_type": item.content_type}
    check = None
    if method == "post" and item.unchanged and role not in item.owners:
        expected = item.post[role]
        if not item.unchanged.endswith("_if_refused") or expected in REFUSED + (400,):
            check = lambda: _state(item.unchanged, matrix.ids)  # noqa: E731
    return matrix.asker.ask(role, method, url, data, snapshot=check, **extra)


@pytest.mark.parametrize("role", ROLES)
def test_project_and_shop_routes(matrix, media, role):
    """Every project and Oscar route, as one role: the table's answer, GET and POST."""
    wrong = []
    for probes in [*ROUTES.values(), UNROUTED]:
        for item in probes:
            url = item.url.format(**matrix.ids)
            for method in ("get", "post"):
                got, changed = _ask(matrix, role, method, item, url)
                expected = getattr(item, method)[role]
                known_500 = str(expected).startswith("500 ") and str(got).startswith(f"{expected}:")
                if got != expected and not known_500:
                    wrong.append(f"{method.upper()} {url}: expected {expected}, got {got}")
                elif changed:
                    wrong.append(f"{method.upper()} {url}: refused, yet {item.unchanged} changed")
    if wrong:
        pytest.fail(f"{role}: {len(wrong)} wrong answers\n" + "\n".join(wrong), pytrace=False)


@pytest.mark.parametrize("role", ROLES)
def test_wagtail_and_django_admin_routes(matrix, media, role):
    """Every Wagtail admin and Django admin route, as one role: closed to those they are not
    for, and never a server error for those they are."""
    wrong = []
    for route in probe.routes():
        if not route.startswith(VENDOR_PREFIXES):
            continue
        url = matrix.filler.url(route)
        allowed = vendor_allowed(role, route, matrix.finance_admin)
        for method in ("get", "post"):
            got, _changed = matrix.asker.ask(role, method, url)
            known = KNOWN_VENDOR_ERRORS.get((method, route))
            if known and role in ("editor", "superuser") and route.startswith("cms/"):
                allowed = allowed | {"known"}
            elif known and role == "superuser":
                allowed = allowed | {"known"}
            if "known" in allowed and str(got).startswith(f"500 {known}:"):
                continue
            if got not in allowed:
                shown = sorted(map(str, allowed))
                wrong.append(f"{method.upper()} {url}: got {got}, allowed {shown}")
    if wrong:
        pytest.fail(f"{role}: {len(wrong)} wrong answers\n" + "\n".join(wrong), pytrace=False)
