"""Shoppers' name and address forms (fulfilment.shopper_forms): one full name kept as typed,
Vietnamese two-level addresses with the province from the unit list, bad input saves nothing."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from fulfilment import shopper_forms
from fulfilment.shopper_forms import ProfileForm, UserAddressForm
from payments.checkout.forms import ShippingAddressForm
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db
UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")
PROVINCE = "Tỉnh Thái Nguyên"  # made by market 0009 (the initial unit list)
ADDRESS = {
    "first_name": "  Lê   Minh Anh ",
    "phone_number": "",
    "line1": "12 Lương Ngọc Quyến, tổ 5",
    "line4": "Phường Phan Đình Phùng",
    "state": PROVINCE,
    "postcode": "",
    "notes": "",
}


def english(response) -> str:
    return response.content.decode()


@pytest.fixture
def shopper(client):
    user = builders.shopper("khach")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def test_profile_form_has_one_full_name_field_kept_in_typed_order():
    user = builders.shopper("khach")
    form = ProfileForm(user, data={"first_name": "Lê Minh Anh", "email": "khach@example.vn"})
    assert "last_name" not in form.fields and "title" not in form.fields
    with translation.override("en"):
        assert str(form.fields["first_name"].label) == "Full name"
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Lê Minh Anh", "")
    assert user.get_full_name() == "Lê Minh Anh"


def test_profile_form_shows_a_name_kept_split_family_name_first():
    user = builders.shopper("khach")
    user.first_name, user.last_name = "Anh", "Lê Minh"
    user.save()
    form = ProfileForm(user)
    assert form.initial["first_name"] == "Lê Minh Anh"


def test_profile_page_edits_the_full_name(client, shopper):
    response = client.get("/shop/accounts/profile/edit/")
    html = english(response)
    assert "Full name" in html and 'name="last_name"' not in html
    response = client.post(
        "/shop/accounts/profile/edit/", {"first_name": "Lê Minh Anh", "email": shopper.email}
    )
    assert response.status_code == 302
    shopper.refresh_from_db()
    assert shopper.get_full_name() == "Lê Minh Anh"


def test_address_form_speaks_of_province_and_commune_and_offers_the_unit_list(client, shopper):
    html = english(client.get("/shop/accounts/addresses/add/"))
    for label in ("Full name", "House number, street, hamlet", "Commune/ward", "Province/city"):
        assert re.search(rf">\s*{re.escape(label)}\s*<", html), label
    for gone in ('name="last_name"', 'name="title"', 'name="line2"', 'name="line3"'):
        assert gone not in html
    assert 'name="country"' not in html  # Viet Nam, the one shipping country
    assert f'<option value="{PROVINCE}">{PROVINCE}</option>' in html
    assert (
        html.index('name="first_name"')
        < html.index('name="line1"')
        < html.index('name="line4"')
        < html.index('name="state"')
    )


def test_address_book_keeps_the_name_as_typed(client, shopper):
    response = client.post("/shop/accounts/addresses/add/", ADDRESS)
    assert response.status_code == 302, english(response)[:2000]
    address = UserAddress.objects.get(user=shopper)
    assert (address.first_name, address.last_name) == ("Lê Minh Anh", "")
    assert address.name == address.salutation == "Lê Minh Anh"
    assert address.state == PROVINCE and address.country.iso_3166_1_a2 == "VN"
    assert address.summary.startswith("Lê Minh Anh, 12 Lương Ngọc Quyến, tổ 5, Phường Phan")
    # Editing it again shows the same fields, filled.
    html = english(client.get(f"/shop/accounts/addresses/{address.pk}/"))
    assert 'value="Lê Minh Anh"' in html
    assert f'<option value="{PROVINCE}" selected>' in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"first_name": " "}, "first_name", "This field is required."),
        ({"line1": ""}, "line1", "This field is required."),
        ({"line4": ""}, "line4", "This field is required."),
        ({"state": ""}, "state", "This field is required."),
        ({"state": "Tỉnh Không Có"}, "state", "Choose a province or city from the list."),
    ],
)
def test_bad_address_gets_an_error_and_saves_nothing(client, shopper, change, field, message):
    response = client.post("/shop/accounts/addresses/add/", {**ADDRESS, **change})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in english(response)
    assert not UserAddress.objects.exists()


def test_address_errors_are_in_vietnamese(client, shopper):
    client.cookies["django_language"] = "vi"
    response = client.post("/shop/accounts/addresses/add/", {**ADDRESS, "line4": ""})
    assert "Trường này là bắt buộc." in response.content.decode()  # Django's own Vietnamese
    assert not UserAddress.objects.exists()


def test_province_is_free_text_while_no_unit_list_is_loaded(monkeypatch):
    monkeypatch.setattr(shopper_forms, "province_names", lambda: [])
    user = builders.shopper("khach")
    form = UserAddressForm(user, data={**ADDRESS, "state": "Tỉnh Bắc Ninh"})
    assert not hasattr(form.fields["state"], "choices")
    assert form.is_valid(), form.errors
    assert form.save().state == "Tỉnh Bắc Ninh"


def test_an_address_kept_before_the_list_changed_can_still_be_edited():
    user = builders.shopper("khach")
    form = UserAddressForm(user, data={**ADDRESS, "state": "Tỉnh Bắc Kạn"})
    assert not form.is_valid()  # not a province of today's list
    address = UserAddressForm(user, data=ADDRESS)
    assert address.is_valid(), address.errors
    saved = address.save()
    UserAddress.objects.filter(pk=saved.pk).update(state="Tỉnh Bắc Kạn")
    saved.refresh_from_db()
    form = UserAddressForm(user, instance=saved, data={**ADDRESS, "state": "Tỉnh Bắc Kạn"})
    assert form.is_valid(), form.errors


def test_checkout_form_is_the_vietnamese_one():
    form = ShippingAddressForm()
    assert list(form.fields) == [
        "first_name",
        "phone_number",
        "line1",
        "line4",
        "state",
        "postcode",
        "notes",
    ]
    assert not form.fields["postcode"].required


def test_checkout_delivers_to_the_name_as_typed(client):
    product = factories.product(price=150000, stock=10)
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/shop/checkout/", {"username": "khach@example.vn", "options": "anonymous"})
    response = client.post(
        "/shop/checkout/shipping-address/", {**ADDRESS, "first_name": "Lê Minh Anh"}
    )
    assert response.status_code == 302
    client.get("/shop/checkout/shipping-method/")
    client.post("/shop/checkout/payment-method/", {"method": "cod"})
    response = client.post("/shop/checkout/preview/", {"action": "place_order"})
    assert response.status_code == 302
    address = Order.objects.get().shipping_address
    assert (address.first_name, address.last_name) == ("Lê Minh Anh", "")
    assert address.salutation == "Lê Minh Anh"
    assert (address.line4, address.state) == ("Phường Phan Đình Phùng", PROVINCE)


def test_staff_correct_a_delivery_address_in_the_same_terms(client):
    order = builders.place_order([(factories.product(stock=5), 1)], number="700001")
    client.force_login(builders.staff())
    client.cookies["django_language"] = "en"
    url = f"/shop/dashboard/orders/{order.number}/shipping-address/"
    html = english(client.get(url))
    assert re.search(r">\s*Commune/ward\s*<", html) and 'name="last_name"' not in html
    # The builder's address is kept split (Họ "Lê", Tên "Minh Anh"): shown family name first.
    assert 'value="Lê Minh Anh"' in html
    response = client.post(url, {**ADDRESS, "first_name": "Lê Minh Anh"})
    assert response.status_code == 302
    order.shipping_address.refresh_from_db()
    assert order.shipping_address.name == "Lê Minh Anh"
