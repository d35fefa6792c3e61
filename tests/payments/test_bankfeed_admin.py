"""The Django admin shows bank-feed records read-only."""

import pytest

from payments.bankfeed.reconcile import reconcile_bank_event
from payments.models import BankFeedEvent
from tests.payments.bankfeed_support import SHOP_ACCOUNT, payment_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "x")
    )
    return client


def test_bank_feed_records_are_listed_and_read_only(admin_client):
    request = payment_request()
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="1",
        content=request.reference,
        amount=150_000,
        account_number=SHOP_ACCOUNT,
    )
    reconcile_bank_event(event_id=event.pk)
    for url in (
        "/django-admin/payments/bankfeedevent/",
        f"/django-admin/payments/bankfeedevent/{event.pk}/change/",
        "/django-admin/payments/paymentrequest/",
        "/django-admin/payments/bankfeedrejection/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/django-admin/payments/bankfeedevent/add/").status_code == 403
    response = admin_client.post(f"/django-admin/payments/bankfeedevent/{event.pk}/delete/")
    assert response.status_code == 403
    assert BankFeedEvent.objects.filter(pk=event.pk).exists()
