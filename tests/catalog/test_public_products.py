"""A product that is not public (a producer portal draft, or a child whose parent is a draft)
is neither revealed nor purchasable in the storefront; staff may still preview it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from oscar.core.loading import get_model

from tests import factories
from tests.fulfilment.builders import producer_pair, producer_staff, shopper, staff

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
WishList = get_model("wishlists", "WishList")

SECRET = "Chè đặc biệt chưa ra mắt"


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def draft():
    product = factories.product(title=SECRET, price=120000)
    product.is_public = False
    product.save()
    return product


def variant_of_draft():
    """A public child (variant) of a draft parent: the child is not on sale either."""
    parent = factories.product(title=SECRET)
    parent.structure = Product.PARENT
    parent.is_public = False
    parent.save()
    StockRecord.objects.filter(product=parent).delete()
    child = Product.objects.create(parent=parent, structure=Product.CHILD, title="", is_public=True)
    StockRecord.objects.create(
        product=child,
        partner=factories.producer().partner,
        partner_sku="SKU-CHILD",
        price=90000,
        price_currency="VND",
        num_in_stock=5,
    )
    return parent, child


# --- Not revealed -------------------------------------------------------------------------


def test_draft_id_url_does_not_redirect_to_its_slug(client, draft):
    response = client.get(f"/shop/catalogue/x_{draft.pk}/")
    assert response.status_code == 404
    assert "Location" not in response
    assert SECRET not in text(response)


def test_draft_page_is_not_found(client, draft):
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert SECRET not in text(response)


def test_draft_is_hidden_from_signed_in_shoppers_and_other_producers(client, draft):
    _own, other = producer_pair()
    for user in (shopper(), producer_staff(other, "mat.ong")):
        client.force_login(user)
        assert client.get(f"/shop/catalogue/x_{draft.pk}/").status_code == 404
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_may_still_preview_a_draft(client, draft):
    client.force_login(staff())
    assert client.get(f"/shop/catalogue/x_{draft.pk}/").status_code == 301
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and SECRET in text(response)


def test_variant_of_a_draft_is_not_revealed(client):
    parent, child = variant_of_draft()
    for url in (
        f"/shop/catalogue/x_{child.pk}/",
        child.get_absolute_url(),
        f"/shop/catalogue/x_{parent.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in text(response)


def test_reviews_of_a_draft_are_not_found(client, draft):
    base = f"/shop/catalogue/x_{draft.pk}/reviews/"
    assert client.get(base).status_code == 404
    assert client.get(base + "add/").status_code == 404


def test_reviews_of_a_variant_of_a_draft_are_not_found(client):
    _parent, child = variant_of_draft()
    response = client.get(f"/shop/catalogue/x_{child.pk}/reviews/")
    assert response.status_code == 404
    assert SECRET not in text(response)


def test_recently_viewed_never_lists_a_draft(client, draft, settings):
    public = factories.product(title="Chè búp khô 200g")
    client.cookies[settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME] = f"[{draft.pk}]"
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert SECRET not in text(response)


# --- Not purchasable ----------------------------------------------------------------------


def test_basket_add_refuses_a_draft_with_a_message(english, draft):
    response = english.post(f"/shop/basket/add/{draft.pk}/", {"quantity": 1}, follow=True)
    assert "This product is not on sale." in text(response)
    assert SECRET not in text(response)
    assert not Basket.objects.filter(lines__product=draft).exists()


def test_basket_add_refuses_a_variant_of_a_draft(english):
    _parent, child = variant_of_draft()
    response = english.post(f"/shop/basket/add/{child.pk}/", {"quantity": 1}, follow=True)
    assert "This product is not on sale." in text(response)
    assert not Basket.objects.filter(lines__product=child).exists()


def test_staff_cannot_buy_a_draft_either(english, draft):
    english.force_login(staff())
    english.post(f"/shop/basket/add/{draft.pk}/", {"quantity": 1})
    assert not Basket.objects.filter(lines__product=draft).exists()


def test_public_product_still_goes_into_the_basket(client):
    product = factories.product()
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 2})
    assert Basket.objects.get().lines.get().quantity == 2


def _guest_checkout_to_preview(client, product):
    Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"printable_name": "Việt Nam", "name": "Việt Nam", "is_shipping_country": True},
    )
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "khach@example.vn", "options": "anonymous"})
    client.post(
        "/shop/checkout/shipping-address/",
        {
            "first_name": "Lan",
            "line1": "1 Phố",
            "line4": "Xã Tân Cương",
            "state": "Tỉnh Thái Nguyên",
            "country": "VN",
        },
    )
    client.get("/shop/checkout/shipping-method/")
    client.post("/shop/checkout/payment-method/", {"method": "cod"})


def test_product_made_private_after_basket_add_cannot_be_ordered(english):
    product = factories.product(title=SECRET)
    _guest_checkout_to_preview(english, product)
    assert english.get("/shop/checkout/preview/").status_code == 200  # on sale: fine so far
    product.is_public = False
    product.save()
    response = english.post("/shop/checkout/preview/", {"action": "place_order"})
    assert response.status_code == 302
    assert response["Location"].endswith("/shop/basket/")
    assert not Order.objects.exists()
    page = text(english.get(response["Location"]))
    assert "is no longer on sale" in page
    assert english.get("/shop/checkout/preview/").status_code == 302


def test_parent_made_private_blocks_checkout_of_its_variant(client):
    parent, child = variant_of_draft()
    parent.is_public = True
    parent.save()
    _guest_checkout_to_preview(client, child)
    assert client.get("/shop/checkout/preview/").status_code == 200
    parent.is_public = False
    parent.save()
    client.post("/shop/checkout/preview/", {"action": "place_order"})
    assert not Order.objects.exists()


# --- Wish lists ---------------------------------------------------------------------------


def test_wishlist_add_refuses_a_draft(client, draft):
    client.force_login(shopper())
    assert client.post(f"/shop/accounts/wishlists/add/{draft.pk}/").status_code == 404
    wishlist = WishList.objects.create(owner=User.objects.get(username="shopper"), name="Quà")
    url = f"/shop/accounts/wishlists/{wishlist.key}/add/{draft.pk}/"
    assert client.post(url).status_code == 404
    assert not wishlist.lines.exists()


def test_wishlist_create_with_a_draft_does_not_reveal_it(client, draft):
    client.force_login(shopper())
    response = client.get(f"/shop/accounts/wishlists/create/with-product/{draft.pk}/")
    assert response.status_code == 404
    assert SECRET not in text(response)
    response = client.post(
        f"/shop/accounts/wishlists/create/with-product/{draft.pk}/",
        {"name": "Quà", "visibility": "Private"},
    )
    assert response.status_code == 404
    assert not WishList.objects.exists()
