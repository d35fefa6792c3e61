"""Who may move money: every staff money URL (GET and POST) × every role → expected answer.

Roles: anonymous, a shopper, plain shop staff (``is_staff`` without a group), producer staff,
finance staff (the Finance group: ``tests.factories.finance_user``) and a superuser. Only the
last two reach the pages, and only they change anything: the others are sent to sign in or
refused (403) with nothing written.

Expected values: an HTTP status, "login" (302 to the one sign-in page) or "done" (302
anywhere else: the action was carried out and the page moved on).
"""

from __future__ import annotations

import fnmatch
import re
import time
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from fulfilment.models import PayoutEntry
from payments import methods, order_status
from payments.bankfeed import intake
from payments.bankfeed.reconcile import reconcile_bank_event
from payments.models import (
    BankFeedDelivery,
    BankFeedEvent,
    BankFeedRejection,
    CardPayment,
    ReconciliationLog,
)
from payments.references import new_reference
from tests import factories
from tests.fulfilment import builders
from tests.payments.bankfeed_support import SHOP_ACCOUNT, encode, sepay, signed_headers

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "shopper", "plain_staff", "producer_staff", "finance", "superuser")
A = "htx-che-tan-cuong"

PAGE = {"anonymous": "login", "shopper": 403, "plain_staff": 403, "producer_staff": 403,
        "finance": 200, "superuser": 200}  # fmt: skip
ACTION = {**PAGE, "finance": "done", "superuser": "done"}

# (id, method, url template, expected per role)
CASES = [
    # --- bank transfers ---
    ("bank-events", "get", "/pay/dashboard/bank-events/", PAGE),
    ("bank-events-filtered", "get", "/pay/dashboard/bank-events/?status=open&sort=-amount", PAGE),
    ("bank-event", "get", "/pay/dashboard/bank-events/{event}/", PAGE),
    ("bank-event-decide", "post", "/pay/dashboard/bank-events/{event}/", ACTION),
    ("statement-import-page", "get", "/pay/dashboard/bank-events/import/", PAGE),
    ("statement-import", "post", "/pay/dashboard/bank-events/import/", ACTION),
    ("rejected", "get", "/pay/dashboard/bank-events/rejected/", PAGE),
    ("let-through", "post", "/pay/dashboard/bank-events/rejected/{rejection}/let-through/",
     ACTION),
    # --- card payments (the refund asks to confirm first: no Stripe call is made here) ---
    ("card-payments", "get", "/pay/dashboard/card-payments/", PAGE),
    ("card-payments-due", "get", "/pay/dashboard/card-payments/?refund_due=on", PAGE),
    ("card-refund-page", "get", "/pay/dashboard/card-payments/{card}/refund/", PAGE),
    ("card-refund", "post", "/pay/dashboard/card-payments/{card}/refund/", PAGE),
    # --- cash on delivery ---
    ("cod", "get", "/pay/dashboard/cod/", PAGE),
    ("cod-cash-received", "post", "/pay/dashboard/cod/{cod}/cash-received/", ACTION),
    # --- producer payouts ---
    ("payouts", "get", "/payouts/", PAGE),
    ("payouts-sorted", "get", "/payouts/?sort=-balance&owed=on", PAGE),
    ("payouts-ledger", "get", f"/payouts/{A}/", PAGE),
    ("payouts-ledger-csv", "get", f"/payouts/{A}/ledger.csv", PAGE),
    ("payouts-record-payout", "post", f"/payouts/{A}/", ACTION),
    ("payouts-record-refund", "post", f"/payouts/{A}/", ACTION),
]  # fmt: skip

STATEMENT = (
    "transaction_id,transaction_time,account_number,amount,content,bank_reference\r\n"
    f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},5000,tien le,\r\n"
).encode()


def post_data(case_id: str, ids: dict) -> dict:
    return {
        "bank-event-decide": {"action": "ignore", "note": "Tiền riêng của cán bộ"},
        "statement-import": {"file": SimpleUploadedFile("saoke.csv", STATEMENT, "text/csv")},
        "card-refund": {"amount": "50000"},
        "payouts-record-payout": {
            "action": "payout",
            "payout-amount": "1000",
            "payout-note": "UNC",
        },
        "payouts-record-refund": {
            "action": "refund",
            "refund-order_number": ids["paid"],
            "refund-amount": "1000",
        },
    }.get(case_id, {})


@pytest.fixture
def world():
    a, b = builders.producer_pair()
    tea = factories.product(title="Chè móc câu", price=150000, owner=a)
    paid = builders.place_order([(tea, 1)], number="700001")
    builders.book_paid(paid.number)
    cod = builders.place_order(
        [(tea, 1)], number=new_reference(), status=order_status.CASH_ON_DELIVERY
    )
    cod.sources.create(
        source_type=methods.source_type(methods.COD),
        amount_allocated=150000,
        reference=cod.number,
    )
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="T1",
        content="khong co ma",
        amount=35_000,
        account_number=SHOP_ACCOUNT,
    )
    reconcile_bank_event(event_id=event.pk)
    body = encode(sepay(transaction_id=555, amount=1_000))
    intake.record_bank_delivery(
        provider="sepay",
        headers={
            "Content-Type": "application/json",
            **signed_headers("sepay", body, timestamp=int(time.time()) - 7200),
        },
        body=body,
        remote_addr="127.0.0.1",
    )
    rejection = BankFeedRejection.objects.get(reason_code=BankFeedRejection.Reason.STALE)
    card = CardPayment.objects.create(
        order_number=paid.number,
        payment_intent_id="pi_test_perm",
        amount=150_000,
        status=CardPayment.Status.SUCCEEDED,
    )
    users = {
        "anonymous": None,
        "shopper": builders.shopper(),
        "plain_staff": User.objects.create_user("nhanvien", password="x", is_staff=True),
        "producer_staff": builders.producer_staff(a, "farmer.a"),
        "finance": factories.finance_user(),
        "superuser": builders.staff(),
    }
    ids = {
        "event": event.pk,
        "rejection": rejection.pk,
        "card": card.pk,
        "cod": cod.number,
        "paid": paid.number,
    }
    return users, ids


def money_state() -> tuple:
    """Everything the money pages can change."""
    return (
        ReconciliationLog.objects.count(),
        BankFeedEvent.objects.count(),
        BankFeedDelivery.objects.count(),
        BankFeedRejection.objects.filter(accepted_at__isnull=False).count(),
        PayoutEntry.objects.count(),
        tuple(CardPayment.objects.values_list("amount_refunded", flat=True)),
    )


def outcome(response) -> object:
    if response.status_code != 302:
        return response.status_code
    return "login" if urlsplit(response["Location"]).path == "/accounts/login/" else "done"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case_id, method, url, expected", CASES, ids=[case[0] for case in CASES])
def test_money_permission_matrix(client, world, role, case_id, method, url, expected):
    users, ids = world
    if users[role] is not None:
        client.force_login(users[role])
    target = url.format(**ids)
    before = money_state()
    if method == "get":
        response = client.get(target)
    else:
        response = client.post(target, post_data(case_id, ids))
    assert outcome(response) == expected[role], (role, method, target)
    if expected[role] in ("login", 403):
        assert money_state() == before, "refused, yet something changed"
    elif method == "post" and expected[role] == "done":
        assert money_state() != before, "done, yet nothing changed"


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def route_shape(route: str) -> str:
    return "/" + re.sub(r"<[^>]+>", "*", route).lstrip("^").rstrip("$")


def test_matrix_covers_every_money_url():
    money = [
        route
        for route in _routes(get_resolver())
        if route.startswith(("pay/dashboard/", "payouts/"))
    ]
    covered = {case[2].split("?")[0] for case in CASES}
    missing = [
        route
        for route in money
        if not any(fnmatch.fnmatch(url, route_shape(route)) for url in covered)
    ]
    assert money and missing == []


@pytest.mark.parametrize(
    "role, shown",
    [
        ("plain_staff", set()),
        ("finance", {"Bank transfers", "Card payments", "Cash on delivery", "Producer payouts"}),
        ("superuser", {"Bank transfers", "Card payments", "Cash on delivery", "Producer payouts"}),
    ],
)
def test_dashboard_menu_shows_money_pages_to_those_who_may_open_them(client, world, role, shown):
    users, _ids = world
    client.force_login(users[role])
    page = client.get("/shop/dashboard/").content.decode()
    menu = {
        "Bank transfers": 'href="/pay/dashboard/bank-events/"',
        "Card payments": 'href="/pay/dashboard/card-payments/"',
        "Cash on delivery": 'href="/pay/dashboard/cod/"',
        "Producer payouts": 'href="/payouts/"',
    }
    assert {label for label, link in menu.items() if link in page} == shown
