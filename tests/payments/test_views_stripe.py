"""Card payment pages and Stripe's webhook endpoint, seen through HTTP (no Stripe server here;
tests/services/test_card_localstripe.py covers the pages against localstripe)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from oscar.test.factories import create_order

from payments.models import CardPayment, CardRefund, StripeEvent
from tests import factories
from tests.conftest import free_port
from tests.payments.stripe_helpers import (
    WEBHOOK_SECRET,
    card_order,
    intent_event,
    paid_events,
    signature_header,
)

pytestmark = pytest.mark.django_db

WEBHOOK = "/pay/webhooks/stripe/"


@pytest.fixture(autouse=True)
def stripe_off(settings):
    """Cards switched off unless a test turns them on; the webhook secret is always known."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    return settings


@pytest.fixture
def stripe_unreachable(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_choso"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_choso"
    return settings


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def card_payment(**fields) -> CardPayment:
    defaults = {"order_number": "100042", "payment_intent_id": "pi_test_42", "amount": 150000}
    return CardPayment.objects.create(**{**defaults, **fields})


def placed_in_this_session(client, *numbers: str) -> None:
    session = client.session
    session["checkout_order_numbers"] = list(numbers)
    session.save()


def post_event(client, payload: bytes, header: str | None = None):
    return client.post(
        WEBHOOK,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload) if header is None else header,
    )


# --- Webhook endpoint --------------------------------------------------------------------------


def test_webhook_marks_paid_on_signed_succeeded_event(client):
    card_order("100042", 150000)
    payment = card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000)
    first = post_event(client, payload)
    second = post_event(client, payload)

    assert first.status_code == 200 and first.json() == {"received": True}
    assert second.status_code == 200
    payment.refresh_from_db()
    assert payment.status == CardPayment.Status.SUCCEEDED
    assert paid_events("100042") == 1
    assert StripeEvent.objects.count() == 1


def test_webhook_with_bad_signature_is_400_and_changes_nothing(client):
    card_payment()
    payload = intent_event("payment_intent.succeeded", "pi_test_42", 150000)
    for header in ["", "t=1,v1=00", signature_header(payload, secret="whsec_other")]:
        response = post_event(client, payload, header)
        assert response.status_code == 400
        assert "Chữ ký Stripe bị thiếu hoặc sai." in response.json()["error"]
    assert StripeEvent.objects.count() == 0
    assert CardPayment.objects.get().status == CardPayment.Status.REQUIRES_PAYMENT


def test_webhook_with_signed_non_event_is_400(client):
    response = post_event(client, b"hello")
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_webhook_acknowledges_event_types_it_does_not_use(client):
    payload = intent_event("payment_intent.created", "pi_other", 1000)
    assert post_event(client, payload).status_code == 200
    assert StripeEvent.objects.get().type == "payment_intent.created"


def test_webhook_needs_no_csrf_token():
    card_payment()
    strict = Client(enforce_csrf_checks=True)
    response = post_event(strict, intent_event("payment_intent.succeeded", "pi_test_42", 150000))
    assert response.status_code == 200
    assert CardPayment.objects.get().status == CardPayment.Status.SUCCEEDED


def test_webhook_only_takes_post(client):
    assert client.get(WEBHOOK).status_code == 405


# --- Shopper pages ------------------------------------------------------------------------------


def test_card_page_is_only_for_the_session_or_owner_of_the_order(client):
    card_payment()
    assert client.get("/pay/card/100042/").status_code == 404
    assert client.get("/pay/card/100042/return/").status_code == 404
    placed_in_this_session(client, "100041")
    assert client.get("/pay/card/100042/").status_code == 404
    placed_in_this_session(client, "100041", "100042")
    assert client.get("/pay/card/100042/").status_code == 200


def test_signed_in_owner_of_the_order_may_open_its_card_page(client):
    owner = User.objects.create_user("lan", "lan@example.vn", "pw-lan-12345")
    other = User.objects.create_user("minh", "minh@example.vn", "pw-minh-12345")
    order = create_order(user=owner)
    card_payment(order_number=order.number)
    client.force_login(other)
    assert client.get(f"/pay/card/{order.number}/").status_code == 404
    client.force_login(owner)
    assert client.get(f"/pay/card/{order.number}/").status_code == 200


def test_unknown_order_is_404(client):
    placed_in_this_session(client, "999999")
    assert client.get("/pay/card/999999/").status_code == 404


def test_card_page_without_keys_hides_stripe(client):
    card_payment()
    placed_in_this_session(client, "100042")
    response = client.get("/pay/card/100042/")
    html = text(response)
    assert response.status_code == 200
    assert "js.stripe.com" not in html and "payment-element" not in html
    assert "thẻ" in html and "150.000 ₫" in html  # explains, in Vietnamese, with the amount


def test_card_page_when_stripe_does_not_answer_says_so(client, stripe_unreachable):
    card_payment()
    placed_in_this_session(client, "100042")
    response = client.get("/pay/card/100042/")
    assert response.status_code == 503
    html = text(response)
    assert "Dịch vụ thẻ không phản hồi. Vui lòng thử lại." in html
    assert "js.stripe.com" not in html


def test_paid_order_card_page_goes_to_return_page(client):
    card_payment(status=CardPayment.Status.SUCCEEDED)
    placed_in_this_session(client, "100042")
    response = client.get("/pay/card/100042/")
    assert response.status_code == 302 and response["Location"] == "/pay/card/100042/return/"


def test_cancelled_payment_page_explains_and_shows_no_form(client, stripe_unreachable):
    card_payment(status=CardPayment.Status.CANCELED)
    placed_in_this_session(client, "100042")
    html = text(client.get("/pay/card/100042/"))
    assert "Khoản thanh toán thẻ này đã bị hủy." in html
    assert "card-pay-form" not in html


@pytest.mark.parametrize("cards", ["off", "unreachable"])
def test_browser_return_alone_never_marks_paid(client, settings, cards):
    if cards == "unreachable":
        settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    card_payment()
    placed_in_this_session(client, "100042")
    response = client.get(
        "/pay/card/100042/return/",
        {"payment_intent": "pi_test_42", "redirect_status": "succeeded"},
    )
    html = text(response)
    assert response.status_code == 200
    assert 'data-state="processing"' in html and "Đang chờ xác nhận…" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert CardPayment.objects.get().status == CardPayment.Status.REQUIRES_PAYMENT


def test_return_page_shows_paid_after_the_webhook(client):
    card_payment()
    placed_in_this_session(client, "100042")
    post_event(client, intent_event("payment_intent.succeeded", "pi_test_42", 150000))
    html = text(client.get("/pay/card/100042/return/"))
    assert 'data-state="paid"' in html and "Đã thanh toán" in html
    assert "refresh" not in html


def test_return_page_after_a_decline_offers_to_try_again(client):
    card_payment(status=CardPayment.Status.FAILED)
    placed_in_this_session(client, "100042")
    html = text(client.get("/pay/card/100042/return/"))
    assert 'data-state="failed"' in html and "Thanh toán thẻ chưa hoàn tất" in html
    assert 'href="/pay/card/100042/"' in html


# --- Staff pages --------------------------------------------------------------------------------


@pytest.fixture
def staff(client):
    """Finance staff: may see card payments and refund them."""
    user = factories.finance_user("staff")
    client.force_login(user)
    return user


def test_card_payments_list_is_for_staff_only(client):
    assert client.get("/pay/dashboard/card-payments/")["Location"].startswith("/accounts/login/")
    client.force_login(User.objects.create_user("lan", "lan@example.vn", "pw-lan-12345"))
    assert client.get("/pay/dashboard/card-payments/").status_code == 403
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    assert client.post(f"/pay/dashboard/card-payments/{payment.pk}/refund/").status_code == 403


def test_card_payments_list_shows_payments_and_filters_by_order(client, staff):
    card_payment(status=CardPayment.Status.SUCCEEDED, amount_refunded=50000)
    card_payment(order_number="100077", payment_intent_id="pi_test_77", amount=80000)
    html = text(client.get("/pay/dashboard/card-payments/"))
    assert "100042" in html and "100077" in html
    assert "150.000 ₫" in html and "50.000 ₫" in html and "80.000 ₫" in html
    assert html.count("/refund/") == 1  # only the paid one can be refunded
    assert 'class="status status--succeeded"' in html
    html = text(client.get("/pay/dashboard/card-payments/", {"q": "077"}))
    assert "100077" in html and "100042" not in html


def test_card_payments_with_a_refund_due_come_first_and_can_be_filtered(client, staff):
    card_payment(order_number="100001", payment_intent_id="pi_test_1")
    due = card_payment(order_number="100002", payment_intent_id="pi_test_2")
    card_payment(order_number="100003", payment_intent_id="pi_test_3")
    CardPayment.objects.filter(pk=due.pk).update(
        status=CardPayment.Status.SUCCEEDED, refund_due=True
    )
    html = text(client.get("/pay/dashboard/card-payments/"))
    assert html.index("100002") < html.index("100003") < html.index("100001")
    assert html.count('data-testid="refund-due"') == 1
    html = text(client.get("/pay/dashboard/card-payments/", {"refund_due": "on"}))
    assert html.count('data-testid="card-payment"') == 1 and "100002" in html
    for bad in ({"status": "nope"}, {"sort": "-x"}, {"page": "0"}, {"per_page": "0"}):
        assert client.get("/pay/dashboard/card-payments/", bad).status_code == 200


def test_who_may_see_card_payments_but_not_refund_gets_no_refund_link(client):
    from django.contrib.auth.models import Permission

    viewer = User.objects.create_user("xem", password="x", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_cardpayment", content_type__app_label="payments")
    )
    client.force_login(viewer)
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    html = text(client.get("/pay/dashboard/card-payments/"))
    assert "100042" in html and "/refund/" not in html
    assert client.get(f"/pay/dashboard/card-payments/{payment.pk}/refund/").status_code == 403


def test_refund_form_refuses_more_than_remains(client, staff):
    payment = card_payment(status=CardPayment.Status.SUCCEEDED, amount_refunded=100000)
    url = f"/pay/dashboard/card-payments/{payment.pk}/refund/"
    assert 'value="50.000"' in text(client.get(url))
    response = client.post(url, {"amount": "60000", "confirmed": "1"})
    assert response.status_code == 200
    assert "Chỉ còn có thể hoàn tối đa 50.000 ₫." in text(response)
    assert CardRefund.objects.count() == 0


@pytest.mark.parametrize("typed", ["abc", "-5", "0", "1e5", "", "١٢٣", "1,5", "150.00"])
def test_refund_form_explains_bad_amounts(client, staff, typed):
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    response = client.post(f"/pay/dashboard/card-payments/{payment.pk}/refund/", {"amount": typed})
    assert response.status_code == 200
    assert 'class="form-error"' in text(response)
    assert CardRefund.objects.count() == 0


def test_refund_asks_for_confirmation_of_the_amount_first(client, staff):
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    response = client.post(
        f"/pay/dashboard/card-payments/{payment.pk}/refund/", {"amount": "50.000 ₫"}
    )
    html = text(response)
    assert "Hoàn 50.000 ₫ về thẻ đã thanh toán đơn hàng 100042?" in html
    assert 'name="confirmed" value="1"' in html and 'name="amount" value="50000"' in html
    assert CardRefund.objects.count() == 0


def test_refund_when_stripe_does_not_answer_records_nothing(client, staff, stripe_unreachable):
    payment = card_payment(status=CardPayment.Status.SUCCEEDED)
    response = client.post(
        f"/pay/dashboard/card-payments/{payment.pk}/refund/",
        {"amount": "50000", "confirmed": "1"},
    )
    assert response.status_code == 200
    assert "Stripe không phản hồi." in text(response)
    assert CardRefund.objects.count() == 0
    assert CardPayment.objects.get().amount_refunded == 0


def test_refund_page_of_unpaid_payment_has_no_form(client, staff):
    payment = card_payment(status=CardPayment.Status.FAILED)
    response = client.get(f"/pay/dashboard/card-payments/{payment.pk}/refund/")
    html = text(response)
    assert "Chỉ hoàn tiền được cho khoản thanh toán thẻ đã thanh toán." in html
    assert 'name="amount"' not in html
    response = client.post(
        f"/pay/dashboard/card-payments/{payment.pk}/refund/", {"amount": "1", "confirmed": "1"}
    )
    assert CardRefund.objects.count() == 0


def test_refund_of_unknown_payment_is_404(client, staff):
    assert client.get("/pay/dashboard/card-payments/987654/refund/").status_code == 404
