"""Letting a delayed delivery through: a delivery refused only for its stale timestamp keeps
its body and signature; finance staff check the signature again and store it (audited)."""

from __future__ import annotations

import json
import time

import pytest
from django.contrib.auth.models import Permission

from payments.bankfeed import intake
from payments.models import (
    BankFeedDelivery,
    BankFeedEvent,
    BankFeedRejection,
    PaymentRequest,
)
from tests import factories
from tests.conftest import in_parallel
from tests.payments.bankfeed_support import casso, casso_item, deliver, payment_request, sepay

pytestmark = pytest.mark.django_db

REJECTED = "/pay/dashboard/bank-events/rejected/"
Reason = BankFeedRejection.Reason


def late(client, provider: str, payload, *, hours: float = 2, **kwargs) -> BankFeedRejection:
    """Deliver ``payload`` signed ``hours`` ago: refused as stale, kept whole."""
    response = deliver(
        client, provider, payload, timestamp=int(time.time() - hours * 3600), **kwargs
    )
    assert response.status_code == 401
    return BankFeedRejection.objects.latest("pk")


def let_through_url(rejection: BankFeedRejection) -> str:
    return f"{REJECTED}{rejection.pk}/let-through/"


@pytest.fixture
def finance(client):
    user = factories.finance_user()
    client.force_login(user)
    return user


def test_finance_lets_a_stale_delivery_through_and_the_order_is_paid(client, finance):
    request = payment_request(150_000)
    rejection = late(client, "sepay", sepay(content=f"MBVCB.{request.reference}.CT"))
    assert rejection.reason_code == Reason.STALE
    assert BankFeedEvent.objects.count() == 0

    response = client.post(let_through_url(rejection), follow=True)

    assert response.redirect_chain == [(REJECTED, 302)]
    assert "Đã cho qua" in response.content.decode()
    event = BankFeedEvent.objects.get()
    assert (event.provider, event.status) == ("sepay", BankFeedEvent.Status.MATCHED)
    request.refresh_from_db()
    assert (request.status, request.amount_received) == (PaymentRequest.Status.PAID, 150_000)
    rejection.refresh_from_db()
    assert rejection.accepted_by == finance and rejection.accepted_at is not None
    assert rejection.delivery == event.delivery
    assert event.delivery.created_by == finance
    assert event.delivery.raw_body == rejection.raw_body
    assert event.delivery.headers == rejection.headers


def test_a_second_click_changes_nothing(client, finance):
    request = payment_request(150_000)
    rejection = late(client, "sepay", sepay(content=request.reference))
    client.post(let_through_url(rejection))
    rejection.refresh_from_db()
    first = (rejection.accepted_at, rejection.delivery_id)

    response = client.post(let_through_url(rejection), follow=True)

    assert "đã được cho qua" in response.content.decode()
    rejection.refresh_from_db()
    assert (rejection.accepted_at, rejection.delivery_id) == first
    assert BankFeedDelivery.objects.count() == 1
    assert BankFeedEvent.objects.count() == 1
    request.refresh_from_db()
    assert request.amount_received == 150_000


def test_a_tampered_body_is_refused_and_nothing_is_written(client, finance):
    request = payment_request(150_000)
    rejection = late(client, "sepay", sepay(amount=1_000, content=request.reference))
    BankFeedRejection.objects.filter(pk=rejection.pk).update(
        raw_body=rejection.raw_body.replace('"transferAmount": 1000', '"transferAmount": 150000')
    )
    response = client.post(let_through_url(rejection), follow=True)
    assert "Chữ ký không khớp" in response.content.decode()
    assert BankFeedDelivery.objects.count() == 0
    rejection.refresh_from_db()
    assert rejection.accepted_at is None and rejection.accepted_by is None


def test_a_signature_made_with_another_secret_is_refused(client, finance, settings):
    rejection = late(client, "sepay", sepay())
    settings.BANK_FEED_SECRETS = {**settings.BANK_FEED_SECRETS, "sepay": "rotated-secret"}
    with pytest.raises(intake.LetThroughError):
        intake.let_through_bank_rejection(rejection_id=rejection.pk, actor=finance)
    assert BankFeedDelivery.objects.count() == 0


@pytest.mark.parametrize(
    "reason_code", [Reason.SIGNATURE, Reason.MALFORMED, Reason.CONTENT_TYPE, Reason.TRANSACTION]
)
def test_only_stale_rejections_can_be_let_through(client, finance, reason_code):
    rejection = late(client, "sepay", sepay())
    BankFeedRejection.objects.filter(pk=rejection.pk).update(reason_code=reason_code)
    response = client.post(let_through_url(rejection), follow=True)
    assert "Chỉ có thể cho qua" in response.content.decode()
    assert BankFeedDelivery.objects.count() == 0
    rejection.refresh_from_db()
    assert rejection.accepted_at is None


def test_a_stale_rejection_without_its_timestamp_is_refused(client, finance):
    rejection = late(client, "sepay", sepay())
    BankFeedRejection.objects.filter(pk=rejection.pk).update(headers={})
    with pytest.raises(intake.LetThroughError):
        intake.let_through_bank_rejection(rejection_id=rejection.pk, actor=finance)
    assert BankFeedDelivery.objects.count() == 0


def test_transactions_that_arrived_meanwhile_count_once(client, finance):
    request = payment_request(150_000)
    payload = sepay(content=request.reference)
    rejection = late(client, "sepay", payload)
    assert deliver(client, "sepay", payload).status_code == 200  # the aggregator retried

    result = intake.let_through_bank_rejection(rejection_id=rejection.pk, actor=finance)

    assert (result.created_ids, result.duplicates) == ([], 1)
    assert BankFeedEvent.objects.count() == 1
    request.refresh_from_db()
    assert request.amount_received == 150_000


def test_a_late_casso_delivery_with_a_bad_transaction_keeps_it_aside(client, finance):
    bad = {**casso_item(transaction_id=2), "amount": "nhieu"}
    rejection = late(client, "casso", casso(casso_item(transaction_id=1), bad))

    result = intake.let_through_bank_rejection(rejection_id=rejection.pk, actor=finance)

    assert (len(result.created_ids), result.rejected) == (1, 1)
    kept = BankFeedRejection.objects.get(reason_code=Reason.TRANSACTION)
    assert json.loads(kept.raw_body) == bad


def test_an_unknown_rejection_is_404(client, finance):
    assert client.post(f"{REJECTED}987654/let-through/").status_code == 404


def test_letting_through_is_post_only(client, finance):
    rejection = late(client, "sepay", sepay())
    assert client.get(let_through_url(rejection)).status_code == 405


@pytest.mark.parametrize("who", ["shopper", "plain_staff", "viewer"])
def test_who_lacks_the_permission_cannot_let_through(client, django_user_model, who):
    rejection = late(client, "sepay", sepay())
    user = django_user_model.objects.create_user(who, password="x", is_staff=who != "shopper")
    if who == "viewer":
        user.user_permissions.add(
            Permission.objects.get(
                codename="view_bankfeedrejection", content_type__app_label="payments"
            )
        )
    client.force_login(user)
    assert client.post(let_through_url(rejection)).status_code == 403
    assert BankFeedDelivery.objects.count() == 0
    if who == "viewer":
        page = client.get(REJECTED).content.decode()
        assert 'data-testid="rejection"' in page and 'data-testid="let-through"' not in page


def test_signed_out_visitors_are_sent_to_sign_in(client):
    rejection = late(client, "sepay", sepay())
    response = client.post(let_through_url(rejection))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_rejected_list_offers_the_action_only_for_stale_requests(client, finance):
    late(client, "sepay", sepay(transaction_id=1))
    deliver(client, "sepay", sepay(transaction_id=2), secret="wrong")
    page = client.get(REJECTED).content.decode()
    assert page.count('data-testid="rejection"') == 2
    assert page.count('data-testid="let-through"') == 1


def test_the_rejected_list_says_who_let_a_request_through(client, finance):
    rejection = late(client, "sepay", sepay())
    client.post(let_through_url(rejection))
    rejection.refresh_from_db()
    page = client.get(REJECTED).content.decode()
    assert 'data-testid="let-through"' not in page
    assert "ketoan" in page and f"?delivery={rejection.delivery_id}" in page
    events = client.get("/pay/dashboard/bank-events/", {"delivery": rejection.delivery_id})
    assert events.content.decode().count('data-testid="bank-event"') == 1


def test_the_rejected_list_filters_by_kind_and_by_what_can_be_let_through(client, finance):
    late(client, "sepay", sepay(transaction_id=1))
    deliver(client, "sepay", sepay(transaction_id=2), secret="wrong")
    page = client.get(REJECTED, {"reason_code": "signature"}).content.decode()
    assert page.count('data-testid="rejection"') == 1 and "let-through" not in page
    page = client.get(REJECTED, {"state": "waiting"}).content.decode()
    assert page.count('data-testid="let-through"') == 1
    page = client.get(REJECTED, {"state": "bogus", "sort": "nope", "page": "x"})
    assert page.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_people_letting_it_through_at_once_store_it_once(postgres, client):
    from django.contrib.auth.models import User

    request = payment_request(150_000)
    rejection = late(client, "sepay", sepay(content=request.reference))
    users = [factories.finance_user(f"ketoan{n}") for n in range(4)]

    def let_through(index):
        try:
            intake.let_through_bank_rejection(rejection_id=rejection.pk, actor=users[index])
        except intake.LetThroughError:
            return "refused"
        return "stored"

    outcomes = in_parallel(let_through, count=4)

    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert BankFeedDelivery.objects.count() == 1
    assert BankFeedEvent.objects.count() == 1
    rejection.refresh_from_db()
    assert User.objects.get(pk=rejection.accepted_by_id) in users
