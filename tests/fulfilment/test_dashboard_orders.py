"""Oscar's dashboard, scoped: on a shared order a producer sees only their own lines and totals."""

from __future__ import annotations

import csv
import io

import pytest

from payments import order_status
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a, b = builders.producer_pair()
    tea = factories.product(title="Chè móc câu 200g", price=250000, owner=a)
    honey = factories.product(title="Mật ong hoa nhãn", price=180000, owner=b)
    shared = builders.place_order([(tea, 2), (honey, 1)], number="400001")
    only_b = builders.place_order([(honey, 1)], number="400002")
    return {
        "a": a,
        "b": b,
        "tea": tea,
        "honey": honey,
        "shared": shared,
        "only_b": only_b,
        "user_a": builders.producer_staff(a, "farmer.a"),
        "user_b": builders.producer_staff(b, "farmer.b"),
    }


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_order_list_shows_only_orders_with_own_lines_and_own_totals(client, world):
    client.force_login(world["user_a"])
    html = page(client, "/shop/dashboard/orders/")
    assert "400001" in html
    assert "400002" not in html
    assert "500.000" in html  # A's two teas
    assert "680.000" not in html  # the whole order, including B's honey


def test_order_detail_shows_only_own_lines_and_subtotal(client, world):
    client.force_login(world["user_a"])
    html = page(client, "/shop/dashboard/orders/400001/")
    assert "Chè móc câu 200g" in html
    assert "Mật ong hoa nhãn" not in html
    assert "180.000" not in html and "680.000" not in html
    assert "500.000" in html
    assert "Tiền hàng của bạn" in html


def test_other_producer_sees_their_own_side_of_the_same_order(client, world):
    client.force_login(world["user_b"])
    html = page(client, "/shop/dashboard/orders/400001/")
    assert "Mật ong hoa nhãn" in html
    assert "Chè móc câu 200g" not in html
    assert "500.000" not in html and "680.000" not in html


def test_staff_still_see_the_whole_order(client, world):
    client.force_login(builders.staff())
    html = page(client, "/shop/dashboard/orders/400001/")
    assert "Chè móc câu 200g" in html and "Mật ong hoa nhãn" in html
    assert "680.000" in html
    html = page(client, "/shop/dashboard/orders/")
    assert "400001" in html and "400002" in html


def test_producer_cannot_change_the_whole_order_status(client, world):
    client.force_login(world["user_a"])
    response = client.post(
        "/shop/dashboard/orders/400001/",
        {"order_action": "change_order_status", "new_status": order_status.CANCELLED},
        follow=True,
    )
    assert "nhân viên cửa hàng" in response.content.decode()
    world["shared"].refresh_from_db()
    assert world["shared"].status == order_status.PAID


def test_producer_cannot_bulk_change_order_statuses(client, world):
    client.force_login(world["user_a"])
    client.post(
        "/shop/dashboard/orders/",
        {
            "action": "change_order_statuses",
            "selected_order": [world["shared"].pk],
            "new_status": order_status.SHIPPED,
        },
    )
    world["shared"].refresh_from_db()
    assert world["shared"].status == order_status.PAID


def test_producer_can_act_only_on_own_lines(client, world):
    from oscar.core.loading import get_model

    event_type = get_model("order", "ShippingEventType").objects.create(
        code="dispatched", name="Dispatched"
    )
    client.force_login(world["user_a"])
    url = "/shop/dashboard/orders/400001/"

    def ship(line):
        return client.post(
            url,
            {
                "line_action": "create_shipping_event",
                "shipping_event_type": event_type.code,
                "selected_line": [line.pk],
                f"selected_line_qty_{line.pk}": str(line.quantity),
            },
            follow=True,
        )

    honey_line = world["shared"].lines.get(partner=world["b"].partner)
    ship(honey_line)
    assert not world["shared"].shipping_events.exists()
    tea_line = world["shared"].lines.get(partner=world["a"].partner)
    ship(tea_line)
    event = world["shared"].shipping_events.get()
    assert list(event.lines.all()) == [tea_line]


def test_producer_cannot_record_payments(client, world):
    client.force_login(world["user_a"])
    tea_line = world["shared"].lines.get(partner=world["a"].partner)
    response = client.post(
        "/shop/dashboard/orders/400001/",
        {
            "line_action": "create_payment_event",
            "selected_line": [tea_line.pk],
            f"selected_line_qty_{tea_line.pk}": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not world["shared"].payment_events.exists()


def test_csv_download_has_own_totals(client, world):
    client.force_login(world["user_a"])
    response = client.get("/shop/dashboard/orders/?response_format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == "400001"
    assert "500000" in rows[1][1] and "680000" not in rows[1][1]
    assert rows[1][3] == "2"


def test_statistics_count_only_own_lines_and_revenue(client, world):
    client.force_login(world["user_a"])
    html = page(client, "/shop/dashboard/orders/statistics/")
    assert "500.000" in html
    assert "680.000" not in html and "860.000" not in html


def test_search_by_product_title_matches_only_own_lines(client, world):
    client.force_login(world["user_a"])
    html = page(client, "/shop/dashboard/orders/?product_title=M%E1%BA%ADt")  # "Mật"
    assert "400001" not in html.split("<tbody>", 1)[-1]
    html = page(client, "/shop/dashboard/orders/?product_title=Ch%C3%A8")  # "Chè"
    assert "400001" in html


def test_dashboard_home_for_producers_shows_no_shop_wide_revenue(client, world):
    client.force_login(world["user_a"])
    html = page(client, "/shop/dashboard/")
    assert "680.000" not in html and "860.000" not in html
    assert "Mở cổng nhà sản xuất" in html  # link to the producer portal


def test_product_dashboard_lists_only_own_products(client, world):
    client.force_login(world["user_a"])
    html = page(client, "/shop/dashboard/catalogue/")
    assert "Chè móc câu 200g" in html
    assert "Mật ong hoa nhãn" not in html


def test_dashboard_menu_links_staff_to_the_payout_ledger(client, world):
    client.force_login(builders.staff())
    assert 'href="/payouts/"' in page(client, "/shop/dashboard/")
    client.force_login(world["user_a"])
    assert 'href="/payouts/"' not in page(client, "/shop/dashboard/")


# --- Staff: status changes and payments go through the settle service ------------------------


def test_staff_cancelling_in_the_dashboard_cancels_the_payment_request(client):
    from payments.models import PaymentRequest

    order = builders.transfer_order(*builders.producer_pair())
    client.force_login(builders.staff())
    response = client.post(
        f"/shop/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": order_status.CANCELLED},
        follow=True,
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == order_status.CANCELLED
    assert PaymentRequest.objects.get(reference=order.number).status == "cancelled"
    assert order.lines.first().stockrecord.num_allocated == 0  # stock released
    assert "admin" in order.notes.order_by("-pk").first().message


def test_staff_bulk_cancel_goes_through_the_settle_service_too(client):
    from payments.models import PaymentRequest

    order = builders.transfer_order(*builders.producer_pair())
    client.force_login(builders.staff())
    client.post(
        "/shop/dashboard/orders/",
        {
            "action": "change_order_statuses",
            "selected_order": [order.pk],
            "new_status": order_status.CANCELLED,
        },
    )
    order.refresh_from_db()
    assert order.status == order_status.CANCELLED
    assert PaymentRequest.objects.get(reference=order.number).status == "cancelled"


def test_staff_cannot_set_payment_statuses_or_type_in_payments(client):
    order = builders.transfer_order(*builders.producer_pair())
    client.force_login(builders.staff())
    url = f"/shop/dashboard/orders/{order.number}/"
    html = page(client, url)
    assert f'value="{order_status.PAID}"' not in html
    for status in (order_status.PAID, order_status.PAYMENT_EXPIRED):
        client.post(url, {"order_action": "change_order_status", "new_status": status})
    response = client.post(
        url,
        {"order_action": "create_order_payment_event", "amount": "150000", "event_type": "paid"},
        follow=True,
    )
    assert "chỉ được ghi nhận khi đã được xác nhận" in response.content.decode()
    order.refresh_from_db()
    assert order.status == order_status.PENDING_PAYMENT
    assert not order.payment_events.exists()


def test_staff_see_statuses_in_vietnamese_and_choose_them_by_label(client):
    """Oscar's staff order pages showed the stored English value ("Pending payment")."""
    order = builders.transfer_order(*builders.producer_pair())
    client.force_login(builders.staff())
    listing = page(client, "/shop/dashboard/orders/")
    assert "<td>Chờ thanh toán</td>" in listing
    assert f'<option value="{order_status.CANCELLED}">Đã hủy</option>' in listing
    detail = page(client, f"/shop/dashboard/orders/{order.number}/")
    assert "<td>Chờ thanh toán</td>" in detail
    assert f'<option value="{order_status.CANCELLED}">Đã hủy</option>' in detail
    assert "<td>Pending payment</td>" not in listing + detail
