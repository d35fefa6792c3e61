"""Oscar's dashboard refuses to delete a product that traceability lots still need, with a
message instead of a server error, and deletes one nothing needs."""

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from tests import factories
from tests.fulfilment import builders
from tests.traceability import trace_builders as tb

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


def test_product_with_a_lot_is_not_deleted_and_staff_are_told_why(client):
    producer = factories.producer()
    product = factories.product(title="Chè có lô", owner=producer)
    tb.lot(producer=producer, product=product)
    client.force_login(builders.staff())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/shop/dashboard/catalogue/products/{product.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert Product.objects.filter(pk=product.pk).exists()
    assert "has traceability lots, so it cannot be deleted" in response.content.decode()


def test_product_without_lots_is_deleted(client):
    product = factories.product(title="Chè không lô")
    client.force_login(builders.staff())
    response = client.post(f"/shop/dashboard/catalogue/products/{product.pk}/delete/")
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
