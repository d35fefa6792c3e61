"""Payout ledger pages: the producer's balance and entries, CSV for Excel, staff recording."""

from __future__ import annotations

import csv
import io

import pytest

from fulfilment import services
from fulfilment.models import PayoutEntry
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a, b = builders.producer_pair()
    tea = factories.product(title="Chè", price=250000, owner=a)
    honey = factories.product(title="Mật ong", price=180000, owner=b)
    builders.place_order([(tea, 2), (honey, 1)], number="600001")
    builders.book_paid("600001")
    return {"a": a, "b": b, "user_a": builders.producer_staff(a, "farmer.a")}


def test_producer_sees_balance_totals_and_entries(client, world):
    client.force_login(world["user_a"])
    html = client.get("/producer/htx-che-tan-cuong/payouts/").content.decode()
    assert "475.000" in html  # 500 000 sale − 25 000 fee
    assert "500.000" in html and "-25.000" in html
    assert "600001" in html
    assert "180.000" not in html  # B's honey is B's business
    assert "Phí sàn" in html


def test_entries_are_paginated(client, world):
    a = world["a"]
    for n in range(30):
        PayoutEntry.objects.create(producer=a, kind="sale", amount=1000 + n, order_number=f"X{n}")
    client.force_login(world["user_a"])
    first = client.get("/producer/htx-che-tan-cuong/payouts/").content.decode()
    second = client.get("/producer/htx-che-tan-cuong/payouts/?page=2").content.decode()
    assert first.count('data-testid="ledger-entry"') == 25
    assert second.count('data-testid="ledger-entry"') == 7
    nonsense = client.get("/producer/htx-che-tan-cuong/payouts/?page=abc")
    assert nonsense.status_code == 200


def test_csv_is_utf8_with_bom_escaped_and_safe_for_excel(client, world):
    a = world["a"]
    services.record_refund(
        order_number="600001",
        producer=a,
        amount=1000,
        note='=HYPERLINK("http://evil"), "móp", dòng\nhai',
    )
    client.force_login(world["user_a"])
    response = client.get("/producer/htx-che-tan-cuong/payouts.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Ngày", "Loại", "Mã đơn hàng", "Số tiền (đồng)", "Số dư (đồng)", "Ghi chú"]
    kinds = [(r[1], r[2], int(r[3]), int(r[4])) for r in rows[1:]]
    assert kinds == [
        ("Tiền bán hàng", "600001", 500000, 500000),
        ("Phí sàn", "600001", -25000, 475000),
        ("Hoàn tiền", "600001", -1000, 474000),
    ]
    assert rows[3][5] == '\'=HYPERLINK("http://evil"), "móp", dòng\nhai'


def test_staff_overview_lists_balances(client, world):
    client.force_login(factories.finance_user())
    html = client.get("/payouts/").content.decode()
    assert "HTX Chè Tân Cương Hoàng Bình" in html and "475.000" in html
    assert "HTX Mật ong Định Hóa" in html and "171.000" in html


def test_staff_records_a_payout(client, world):
    client.force_login(factories.finance_user())
    response = client.post(
        "/payouts/htx-che-tan-cuong/",
        {"action": "payout", "payout-amount": "475.000", "payout-note": "UNC 2611"},
    )
    assert response.status_code == 302
    payout = PayoutEntry.objects.get(kind="payout")
    assert (payout.amount, payout.note, payout.producer) == (-475000, "UNC 2611", world["a"])


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "payout", "payout-amount": "475.001"}, "475.000"),
        ({"action": "payout", "payout-amount": "abc"}, "số đồng nguyên"),
        ({"action": "payout", "payout-amount": "0"}, "lớn hơn 0"),
        ({"action": "refund", "refund-order_number": "NOPE", "refund-amount": "1000"}, "NOPE"),
        ({"action": "refund", "refund-order_number": "600001", "refund-amount": "500.001"}, ""),
        ({"action": "steal"}, "Không thể thực hiện"),
    ],
)
def test_staff_bad_ledger_input_is_refused_and_writes_nothing(client, world, data, message):
    client.force_login(factories.finance_user())
    before = PayoutEntry.objects.count()
    response = client.post("/payouts/htx-che-tan-cuong/", data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PayoutEntry.objects.count() == before


def test_staff_records_a_refund(client, world):
    client.force_login(factories.finance_user())
    client.post(
        "/payouts/htx-che-tan-cuong/",
        {
            "action": "refund",
            "refund-order_number": " 600001 ",
            "refund-amount": "250000",
            "refund-note": "Khách trả hàng",
        },
    )
    refund = PayoutEntry.objects.get(kind="refund")
    assert (refund.amount, refund.order_number) == (-250000, "600001")


def test_staff_overview_sorts_and_filters(client, world):
    client.force_login(factories.finance_user())
    html = client.get("/payouts/", {"sort": "-balance"}).content.decode()
    assert html.index("475.000") < html.index("171.000")
    html = client.get("/payouts/", {"sort": "balance"}).content.decode()
    assert html.index("171.000") < html.index("475.000")
    html = client.get("/payouts/", {"q": "mật ong"}).content.decode()
    assert html.count('data-testid="payout-row"') == 1 and "Định Hóa" in html
    for bad in ({"sort": "nope"}, {"page": "x"}, {"per_page": "0"}, {"owed": "maybe"}):
        assert client.get("/payouts/", bad).status_code == 200


def test_staff_who_may_only_look_cannot_record(client, world, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("xem", password="x", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_payoutentry", content_type__app_label="fulfilment")
    )
    client.force_login(viewer)
    page = client.get("/payouts/htx-che-tan-cuong/").content.decode()
    assert "HTX Chè Tân Cương Hoàng Bình" in page and 'name="payout-amount"' not in page
    response = client.post(
        "/payouts/htx-che-tan-cuong/", {"action": "payout", "payout-amount": "1000"}
    )
    assert response.status_code == 403
    assert not PayoutEntry.objects.filter(kind="payout").exists()


def test_admin_shows_the_ledger_read_only(client, world):
    client.force_login(builders.staff())
    listing = client.get("/django-admin/fulfilment/payoutentry/")
    assert listing.status_code == 200
    assert "600001" in listing.content.decode()
    entry = PayoutEntry.objects.filter(producer=world["a"]).first()
    assert client.get(f"/django-admin/fulfilment/payoutentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/django-admin/fulfilment/payoutentry/add/").status_code == 403
    assert client.get("/django-admin/fulfilment/fulfilmentgroup/").status_code == 200
