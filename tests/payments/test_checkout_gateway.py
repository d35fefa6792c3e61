"""The checkout's "who are you?" step works without JavaScript: Oscar's script used to take
the `required` attribute off the returning customer's password box, so with the script gone
a browser refused a guest's "Continue" ("Please fill out this field")."""

import re

import pytest
from django.contrib.auth import get_user_model

from fulfilment.shipping import ensure_shipping_country
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def basket(client):
    ensure_shipping_country()
    product = factories.product(title="Chè Tân Cương 200g", price=250000)
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    return client


def test_the_password_box_is_not_required_by_the_browser(basket):
    html = basket.get("/shop/checkout/").content.decode()
    password = re.search(r"<input[^>]*name=\"password\"[^>]*>", html).group(0)
    assert "required" not in password
    assert re.search(r"<input[^>]*name=\"username\"[^>]*required", html)


def test_a_guest_continues_without_a_password(basket):
    response = basket.post(
        "/shop/checkout/", {"username": "khach@example.vn", "options": "anonymous"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/shop/checkout/shipping-address/")


def test_a_returning_customer_without_a_password_is_asked_for_it(basket):
    get_user_model().objects.create_user("lan", "lan@example.vn", "mat-khau-dai-12345")
    basket.cookies["django_language"] = "en"
    response = basket.post("/shop/checkout/", {"username": "lan@example.vn", "options": "existing"})
    assert response.status_code == 200
    assert "Enter your password, or choose to continue as a guest." in response.content.decode()
    assert "_auth_user_id" not in basket.session


def test_a_returning_customer_signs_in_with_the_password(basket):
    get_user_model().objects.create_user("lan", "lan@example.vn", "mat-khau-dai-12345")
    response = basket.post(
        "/shop/checkout/",
        {"username": "lan@example.vn", "options": "existing", "password": "mat-khau-dai-12345"},
    )
    assert response.status_code == 302
    assert basket.session.get("_auth_user_id")
