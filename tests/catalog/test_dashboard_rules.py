"""Oscar's dashboard product page holds producer staff to the portal's rules (catalog.rules):
VND only, price and stock bounds, sanitised descriptions, clean titles, cleaned photos, and a
form error (never a 500) for a POST without the formsets' management data."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.conf import settings
from oscar.core.loading import get_model
from PIL import ExifTags, Image

from tests import factories
from tests.fulfilment import builders
from tests.portal.images import bomb_png, phone_jpeg

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def staff_client(client):
    """Producer staff of producer A, signed in, reading English, with one product of A."""
    a, _b = builders.producer_pair()
    product = factories.product(title="Chè móc câu", price=150000, stock=10, owner=a)
    category = Category.add_root(name="Chè")
    ProductCategory.objects.create(product=product, category=category)
    client.force_login(builders.producer_staff(a, "farmer.a"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client, product


def url(product) -> str:
    return f"/shop/dashboard/catalogue/products/{product.pk}/"


def form_data(page) -> dict:
    """Every field of the page's product form and formsets, as the browser would send them."""
    data: dict = {}
    forms = [page.context["form"]]
    for name in ("stockrecord_formset", "category_formset", "image_formset", "recommended_formset"):
        formset = page.context[name]
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            if bound.field.show_hidden_initial:  # rendered as a hidden "initial-…" input
                data[bound.html_initial_name] = str(bound.initial or "")
            value = bound.value()
            is_file = getattr(bound.field.widget, "input_type", "") == "file"
            if value is None or value is False or is_file:
                continue
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "on" if value is True else str(value)
    return data


def post(client, product, **changes):
    page = client.get(url(product))
    assert page.status_code == 200
    data = form_data(page)
    data.update(changes)
    return client.post(url(product), data)


def errors(response) -> list:
    """The errors on a re-rendered page, to say why a save was refused."""
    context = response.context
    found = [context["form"].errors]
    for name in ("stockrecord_formset", "category_formset", "image_formset", "recommended_formset"):
        found.append((name, context[name].errors, context[name].non_form_errors()))
        found.append([f.changed_data for f in context[name].forms])
    return found


def record(product):
    return StockRecord.objects.get(product=product)


def test_an_unchanged_form_saves(staff_client):
    client, product = staff_client
    response = post(client, product, title="Chè móc câu đặc biệt")
    assert response.status_code == 302, errors(response)
    product.refresh_from_db()
    assert product.title == "Chè móc câu đặc biệt"


@pytest.mark.parametrize(
    "price, message",
    [
        ("-100000", "The price must be more than 0 ₫."),
        ("0", "The price must be more than 0 ₫."),
        ("9999999999.99", "A price is a whole number of đồng"),
        ("1000000001", "The price cannot be more than 1.000.000.000 ₫."),
        ("150000.50", "A price is a whole number of đồng"),
    ],
)
def test_prices_outside_the_rules_are_refused(staff_client, price, message):
    client, product = staff_client
    response = post(client, product, **{"stockrecords-0-price": price})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert record(product).price == Decimal(150000)


def test_a_currency_other_than_vnd_is_refused(staff_client):
    client, product = staff_client
    response = post(client, product, **{"stockrecords-0-price_currency": "<b>X</b>"})
    assert response.status_code == 200
    assert "Prices are in Vietnamese đồng (VND) only." in response.content.decode()
    assert record(product).price_currency == "VND"


@pytest.mark.parametrize("stock", ["-1", "1000001"])
def test_stock_outside_the_bounds_is_refused(staff_client, stock):
    client, product = staff_client
    response = post(client, product, **{"stockrecords-0-num_in_stock": stock})
    assert response.status_code == 200
    assert record(product).num_in_stock == 10


def test_description_is_sanitised_and_title_loses_control_characters(staff_client):
    client, product = staff_client
    description = (
        "<p>Chè <strong>ngon</strong></p><script>alert('x')</script>"
        '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">xem</a>'
        '<a href="https://chetancuong.vn/" onclick="alert(3)">web</a>'
    )
    response = post(client, product, title="Chè\x01 móc\x1f câu", description=description)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "Chè móc câu"
    stored = product.description
    assert "<p>Chè <strong>ngon</strong></p>" in stored
    for bad in ("<script", "alert('x')", "onerror", "<img", "javascript:", "onclick"):
        assert bad not in stored, bad
    assert 'href="https://chetancuong.vn/"' in stored


def test_post_without_management_data_is_a_form_error_not_a_500(staff_client):
    client, product = staff_client
    client.raise_request_exception = True
    response = client.post(url(product), {"title": "X", "structure": "standalone"})
    assert response.status_code == 200
    assert response.context["stockrecord_formset"].non_form_errors()
    product.refresh_from_db()
    assert product.title == "Chè móc câu"


def test_create_with_a_refused_stock_record_leaves_no_product(staff_client):
    client, product = staff_client
    page = client.get(url(product))
    data = form_data(page)
    for key in [k for k in data if k.startswith("stockrecords-0-id")]:
        del data[key]
    data.update(
        {"title": "Chè mới", "stockrecords-0-price": "-5", "stockrecords-0-partner_sku": "N1"}
    )
    before = StockRecord.objects.count()
    products = product.__class__.objects.count()
    response = client.post(
        f"/shop/dashboard/catalogue/products/create/{product.product_class.slug}/", data
    )
    assert response.status_code == 200
    assert product.__class__.objects.count() == products
    assert StockRecord.objects.count() == before


def image_post(client, product, data: bytes, name: str, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.get(url(product))
    fields = form_data(page)
    fields["images-0-original"] = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(url(product), fields)


def test_dashboard_photo_is_stored_without_exif(staff_client):
    client, product = staff_client
    response = image_post(client, product, phone_jpeg(), "farm.jpg", "image/jpeg")
    assert response.status_code == 302
    image = product.images.get()
    with image.original.open("rb") as stored:
        data = stored.read()
    opened = Image.open(io.BytesIO(data))
    assert not opened.getexif()
    assert not opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"PhoneCo" not in data
    assert opened.size == (200, 400)  # turned upright from EXIF orientation 6


def test_dashboard_refuses_a_pixel_bomb_without_decoding_it(staff_client, monkeypatch):
    client, product = staff_client
    data = bomb_png()
    assert len(data) < 2 * 1024 * 1024
    decoded = []
    real_load = Image.Image.load
    from PIL import ImageFile

    def spy(self):
        if self.size[0] * self.size[1] > 50_000_000:
            decoded.append(self.size)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    response = image_post(client, product, data, "bomb.png", "image/png")
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert decoded == []
    assert not product.images.exists()


def bulk_price_page(client, product):
    """The product list's "Update product prices" bulk action, up to its confirmation page."""
    response = client.post(
        "/shop/dashboard/catalogue/",
        {"action": "set_product_price", "selected_product": [product.pk]},
    )
    assert response.status_code == 302
    return response["Location"]


def bulk_post(client, product, **fields):
    confirm_url = bulk_price_page(client, product)
    page = client.get(confirm_url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        "selected_products": [product.pk],
        "partners": [p.pk for p in form.fields["partners"].queryset],
        "confirm": "on",
        **fields,
    }
    return client.post(confirm_url, data), form


@pytest.mark.parametrize(
    "fields",
    [
        {"new_price": "-100000"},
        {"new_price": "0"},
        {"new_price": "150000.50"},
        {"new_price": "9999999999.99"},
        {"price_{pk}": "0"},
        {"price_{pk}": "1000000001"},
    ],
)
def test_bulk_price_update_is_held_to_the_same_rules(staff_client, fields):
    client, product = staff_client
    fields = {key.format(pk=product.pk): value for key, value in fields.items()}
    response, _form = bulk_post(client, product, **fields)
    assert response.status_code == 200  # the form again, with its error
    assert record(product).price == Decimal(150000)


def test_bulk_price_update_offers_no_increase_by_amount_or_percentage(staff_client):
    client, product = staff_client
    response, form = bulk_post(client, product, increase_by_amount="-150000")
    assert "increase_by_amount" not in form.fields
    assert "increase_by_percentage" not in form.fields
    assert record(product).price == Decimal(150000)


def test_bulk_price_update_with_a_good_price_works(staff_client):
    client, product = staff_client
    response, _form = bulk_post(client, product, new_price="180000")
    assert response.status_code == 302
    assert record(product).price == Decimal(180000)


def test_rich_text_attributes_are_sanitised(staff_client):
    client, product = staff_client
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttribute.objects.create(
        product_class=product.product_class, code="brewing", name="Cách pha", type="richtext"
    )
    typed = "<p>Nước <b>80°C</b></p><script>alert(1)</script><a href='javascript:x()'>a</a>"
    response = post(client, product, attr_brewing=typed)
    assert response.status_code == 302, errors(response)
    product.refresh_from_db()
    assert (
        product.attr.brewing == '<p>Nước <b>80°C</b></p><a rel="noopener noreferrer nofollow">a</a>'
    )
