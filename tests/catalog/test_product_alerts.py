"""Back-in-stock alerts: a shopper who asked to be told gets one e-mail after the stock arrives,
sent by the Celery task on beat, never by the request that changed the stock."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from oscar.core.loading import get_model

from catalog import services
from catalog.tasks import send_product_alerts_task
from tests import factories

pytestmark = pytest.mark.django_db
ProductAlert = get_model("customer", "ProductAlert")


@pytest.fixture
def shopper(client):
    user = User.objects.create_user("khach", "khach@example.vn", "demo12345")
    client.force_login(user)
    return user


def ask_for_alert(client, product) -> None:
    response = client.post(f"/shop/accounts/alerts/create/{product.pk}/")
    assert response.status_code == 302


def test_the_shopper_gets_one_email_once_stock_arrives(client, shopper):
    honey = factories.product(title="Mật ong hoa nhãn 500ml", stock=0)
    ask_for_alert(client, honey)
    assert ProductAlert.objects.get(user=shopper, product=honey).status == ProductAlert.ACTIVE
    mail.outbox.clear()

    send_product_alerts_task.delay()  # still out of stock: nothing to say
    assert mail.outbox == []

    record = honey.stockrecords.get()
    record.num_in_stock = 5
    record.save()  # the producer's stock update sends nothing by itself
    assert mail.outbox == []

    send_product_alerts_task.delay()
    assert [message.to for message in mail.outbox] == [["khach@example.vn"]]
    assert "Mật ong hoa nhãn 500ml" in mail.outbox[0].body
    assert ProductAlert.objects.get(user=shopper, product=honey).status == ProductAlert.CLOSED

    send_product_alerts_task.delay()  # the next beat: no second e-mail
    assert len(mail.outbox) == 1


def test_a_run_while_another_is_sending_sends_nothing(client, shopper):
    tea = factories.product(stock=0)
    ask_for_alert(client, tea)
    record = tea.stockrecords.get()
    record.num_in_stock = 3
    record.save()
    mail.outbox.clear()
    cache.add(services.PRODUCT_ALERTS_LOCK, 1)
    try:
        assert services.product_alerts_send() is None
        assert mail.outbox == []
    finally:
        cache.delete(services.PRODUCT_ALERTS_LOCK)
    assert services.product_alerts_send() == 1
    assert len(mail.outbox) == 1


def test_the_task_is_on_beat_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["send-product-alerts"]
    assert entry["task"] == send_product_alerts_task.name
    assert entry["schedule"] == 600
    assert settings.OSCAR_EAGER_ALERTS is False
