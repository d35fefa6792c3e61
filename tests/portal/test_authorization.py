"""Authorization matrix: every portal, payout and dashboard URL × every role → expected status.

Roles: anonymous, a shopper, staff of producer A, staff of producer B, a community digital
team member assigned to A, and shop staff. A producer never sees or changes another
producer's products, stock, orders or payouts: those answer 404, as if they did not exist.

Expected values: an HTTP status, "login" (302 to the one sign-in page) or "done" (302
anywhere else: the action was carried out and the page moved on).
"""

from __future__ import annotations

import fnmatch
import re
from urllib.parse import urlsplit

import pytest

from catalog.demo import seed_product_classes
from catalog.portal import urls as portal_urls
from fulfilment import urls as payout_urls
from fulfilment.models import FulfilmentGroup
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "shopper", "producer_a", "producer_b", "team_a", "staff")
A, B = "htx-che-tan-cuong", "htx-mat-ong-dinh-hoa"

# Shorthands for rows where the answer follows the URL's producer.
A_PAGE = {"anonymous": "login", "shopper": 404, "producer_a": 200, "producer_b": 404,
          "team_a": 200, "staff": 200}  # fmt: skip
B_PAGE = {"anonymous": "login", "shopper": 404, "producer_a": 404, "producer_b": 200,
          "team_a": 404, "staff": 200}  # fmt: skip
A_ACTION = {**A_PAGE, "producer_a": "done", "team_a": "done", "staff": "done"}
NOBODY = {"anonymous": "login", "shopper": 404, "producer_a": 404, "producer_b": 404,
          "team_a": 404, "staff": 404}  # fmt: skip
STAFF_ONLY = {"anonymous": "login", "shopper": 403, "producer_a": 403, "producer_b": 403,
              "team_a": 403, "staff": 200}  # fmt: skip
# Oscar's dashboard: partner users with dashboard access, and staff.
DASHBOARD = {"anonymous": "login", "shopper": 403, "producer_a": 200, "producer_b": 200,
             "team_a": 403, "staff": 200}  # fmt: skip
DASH_A = {**DASHBOARD, "producer_b": 404}
DASH_B = {**DASHBOARD, "producer_a": 404}
DASH_ADDRESS_A = {**DASH_A, "producer_a": 403}

# (id, method, url template, expected per role)
CASES = [
    # --- producer portal ---
    ("portal-home", "get", "/producer/",
     {"anonymous": "login", "shopper": 403, "producer_a": "done", "producer_b": "done",
      "team_a": "done", "staff": 200}),
    ("portal-products-a", "get", f"/producer/{A}/", A_PAGE),
    ("portal-products-b", "get", f"/producer/{B}/", B_PAGE),
    ("portal-products-drafts-a", "get", f"/producer/{A}/?status=draft", A_PAGE),
    ("portal-new-a", "get", f"/producer/{A}/products/new/", A_PAGE),
    ("portal-new-tea-a", "get", f"/producer/{A}/products/new/che/", A_PAGE),
    ("portal-create-a", "post", f"/producer/{A}/products/new/che/", A_ACTION),
    ("portal-create-b", "post", f"/producer/{B}/products/new/che/",
     {**B_PAGE, "producer_b": "done", "staff": "done"}),
    ("portal-edit-own", "get", f"/producer/{A}/products/{{product_a}}/", A_PAGE),
    ("portal-edit-b-product-via-a", "get", f"/producer/{A}/products/{{product_b}}/", NOBODY),
    ("portal-edit-b", "get", f"/producer/{B}/products/{{product_b}}/", B_PAGE),
    ("portal-save-b-product-via-a", "post", f"/producer/{A}/products/{{product_b}}/", NOBODY),
    ("portal-publish-own", "post", f"/producer/{A}/products/{{product_a}}/publish/", A_ACTION),
    ("portal-publish-b-via-a", "post", f"/producer/{A}/products/{{product_b}}/publish/", NOBODY),
    ("portal-publish-b", "post", f"/producer/{B}/products/{{product_b}}/publish/",
     {**B_PAGE, "producer_b": "done", "staff": "done"}),
    ("portal-photo-delete-b-via-a", "post",
     f"/producer/{A}/products/{{product_a}}/photos/{{image_b}}/delete/", NOBODY),
    ("portal-photo-delete-b", "post",
     f"/producer/{B}/products/{{product_b}}/photos/{{image_b}}/delete/",
     {**B_PAGE, "producer_b": "done", "staff": "done"}),
    ("portal-phone-a", "post", f"/producer/{A}/phone/", A_ACTION),
    ("portal-phone-b", "post", f"/producer/{B}/phone/",
     {**B_PAGE, "producer_b": "done", "staff": "done"}),
    ("portal-orders-a", "get", f"/producer/{A}/orders/", A_PAGE),
    ("portal-orders-b", "get", f"/producer/{B}/orders/", B_PAGE),
    ("portal-pack-own", "post", f"/producer/{A}/orders/{{group_a}}/status/", A_ACTION),
    ("portal-pack-b-group-via-a", "post", f"/producer/{A}/orders/{{group_b}}/status/", NOBODY),
    ("portal-pack-b", "post", f"/producer/{B}/orders/{{group_b}}/status/",
     {**B_PAGE, "producer_b": "done", "staff": "done"}),
    ("portal-payouts-a", "get", f"/producer/{A}/payouts/", A_PAGE),
    ("portal-payouts-b", "get", f"/producer/{B}/payouts/", B_PAGE),
    ("portal-payouts-csv-a", "get", f"/producer/{A}/payouts.csv", A_PAGE),
    ("portal-payouts-csv-b", "get", f"/producer/{B}/payouts.csv", B_PAGE),
    ("portal-unknown-producer", "get", "/producer/khong-co-ai/", NOBODY),
    # --- staff payout pages ---
    ("payouts-overview", "get", "/payouts/", STAFF_ONLY),
    ("payouts-ledger-a", "get", f"/payouts/{A}/", STAFF_ONLY),
    ("payouts-ledger-csv-b", "get", f"/payouts/{B}/ledger.csv", STAFF_ONLY),
    ("payouts-record-a", "post", f"/payouts/{A}/", {**STAFF_ONLY, "staff": "done"}),
    # --- Oscar dashboard ---
    ("dash-home", "get", "/shop/dashboard/", DASHBOARD),
    ("dash-products", "get", "/shop/dashboard/catalogue/", DASHBOARD),
    ("dash-product-a", "get", "/shop/dashboard/catalogue/products/{product_a}/", DASH_A),
    ("dash-product-b", "get", "/shop/dashboard/catalogue/products/{product_b}/", DASH_B),
    ("dash-product-delete-a", "get",
     "/shop/dashboard/catalogue/products/{product_a}/delete/", DASH_A),
    ("dash-product-create", "get", "/shop/dashboard/catalogue/products/create/che/", DASHBOARD),
    ("dash-product-delete-b", "post",
     "/shop/dashboard/catalogue/products/{product_b}/delete/",
     {**DASH_B, "producer_b": "done", "staff": "done"}),
    # Public (published) products only, as in the shop: nothing private to leak.
    ("dash-product-lookup", "get", "/shop/dashboard/catalogue/product-lookup/?q=M", DASHBOARD),
    ("dash-stock-alerts", "get", "/shop/dashboard/catalogue/stock-alerts/",
     {**STAFF_ONLY}),
    ("dash-orders", "get", "/shop/dashboard/orders/", DASHBOARD),
    ("dash-order-stats", "get", "/shop/dashboard/orders/statistics/", DASHBOARD),
    ("dash-orders-csv", "get", "/shop/dashboard/orders/?response_format=csv", DASHBOARD),
    ("dash-order-a-only", "get", "/shop/dashboard/orders/500001/", DASH_A),
    ("dash-order-b-only", "get", "/shop/dashboard/orders/500003/", DASH_B),
    ("dash-order-shared", "get", "/shop/dashboard/orders/500002/", DASHBOARD),
    ("dash-line-a-on-shared", "get", "/shop/dashboard/orders/500002/lines/{line_a}/", DASH_A),
    ("dash-line-b-on-shared", "get", "/shop/dashboard/orders/500002/lines/{line_b}/", DASH_B),
    ("dash-line-b-via-a-order", "get",
     "/shop/dashboard/orders/500001/lines/{line_b}/",
     {**DASH_A, "producer_a": 404, "staff": 404}),
    ("dash-address-a", "get", "/shop/dashboard/orders/500001/shipping-address/",
     DASH_ADDRESS_A),
    ("dash-address-b-only", "get", "/shop/dashboard/orders/500003/shipping-address/",
     {**DASH_B, "producer_b": 403}),
    ("dash-partners", "get", "/shop/dashboard/partners/", STAFF_ONLY),
    ("dash-users", "get", "/shop/dashboard/users/", STAFF_ONLY),
]  # fmt: skip

POST_DATA = {
    "portal-create-a": "product",
    "portal-create-b": "product",
    "portal-publish-own": {"publish": "0"},
    "portal-publish-b": {"publish": "0"},
    "portal-publish-b-via-a": {"publish": "0"},
    "portal-phone-a": {"show": "1"},
    "portal-phone-b": {"show": "1"},
    "portal-pack-own": {"status": "packed"},
    "portal-pack-b": {"status": "packed"},
    "portal-pack-b-group-via-a": {"status": "packed"},
    "payouts-record-a": {"action": "payout", "payout-amount": "1000", "payout-note": "UNC"},
    "portal-save-b-product-via-a": "product",
}


@pytest.fixture
def world():
    seed_product_classes()
    a, b = builders.producer_pair()
    product_a = factories.product(title="Chè móc câu", price=250000, owner=a, image=True)
    product_b = factories.product(title="Mật ong", price=180000, owner=b, image=True)
    builders.place_order([(product_a, 1)], number="500001")
    shared = builders.place_order([(product_a, 1), (product_b, 1)], number="500002")
    builders.place_order([(product_b, 1)], number="500003")
    builders.book_paid("500001")
    users = {
        "anonymous": None,
        "shopper": builders.shopper(),
        "producer_a": builders.producer_staff(a, "farmer.a"),
        "producer_b": builders.producer_staff(b, "farmer.b"),
        "team_a": builders.digital_team_member("to.cong.nghe.a", a),
        "staff": builders.staff(),
    }
    ids = {
        "product_a": product_a.pk,
        "product_b": product_b.pk,
        "image_b": product_b.images.get().pk,
        "group_a": FulfilmentGroup.objects.get(order=shared, partner=a.partner).pk,
        "group_b": FulfilmentGroup.objects.get(order=shared, partner=b.partner).pk,
        "line_a": shared.lines.get(partner=a.partner).pk,
        "line_b": shared.lines.get(partner=b.partner).pk,
    }
    return users, ids


def product_form():
    from oscar.core.loading import get_model

    option = get_model("catalogue", "AttributeOption").objects.get(option="Móc câu")
    return {
        "title": "Chè thử quyền",
        "price": "100000",
        "num_in_stock": "3",
        "attr_tea_type": str(option.pk),
        "publish": "1",
    }


def outcome(client, response) -> object:
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"]).path
    if location == "/shop/dashboard/login/":  # Oscar's login URL redirects to the one page
        location = urlsplit(client.get(response["Location"])["Location"]).path
    return "login" if location == "/accounts/login/" else "done"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case_id, method, url, expected", CASES, ids=[case[0] for case in CASES])
def test_authorization_matrix(client, world, role, case_id, method, url, expected):
    users, ids = world
    if users[role] is not None:
        client.force_login(users[role])
    target = url.format(**ids)
    if method == "get":
        response = client.get(target)
    else:
        data = POST_DATA.get(case_id, {})
        response = client.post(target, product_form() if data == "product" else data)
    assert outcome(client, response) == expected[role], (role, method, target)


def route_shape(route: str) -> str:
    return re.sub(r"<[^>]+>", "*", route)


@pytest.mark.parametrize(
    "prefix, patterns",
    [("/producer/", portal_urls.urlpatterns), ("/payouts/", payout_urls.urlpatterns)],
)
def test_matrix_covers_every_portal_and_payout_url(prefix, patterns):
    covered = {case[2].split("?")[0] for case in CASES}
    missing = [
        p.pattern._route
        for p in patterns
        if not any(fnmatch.fnmatch(url, prefix + route_shape(p.pattern._route)) for url in covered)
    ]
    assert missing == []
