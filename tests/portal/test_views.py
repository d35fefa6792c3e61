"""The producer portal: list, create, edit, publish products with photos; pack and ship orders."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from oscar.core.loading import get_model
from PIL import ExifTags, Image

from catalog.demo import seed_product_classes
from fulfilment.models import FulfilmentGroup
from payments import order_status
from tests import factories
from tests.fulfilment import builders
from tests.portal.images import encoded, phone_jpeg, upload

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductClass = get_model("catalogue", "ProductClass")
AttributeOption = get_model("catalogue", "AttributeOption")


@pytest.fixture
def classes():
    return seed_product_classes()


@pytest.fixture
def pair():
    return builders.producer_pair()


@pytest.fixture
def farmer(client, pair):
    user = builders.producer_staff(pair[0], "farmer.tancuong")
    client.force_login(user)
    return user


def tea_form(**overrides):
    data = {
        "title": "Chè Tân Cương đặc biệt 100g",
        "price": "350.000",
        "num_in_stock": "12",
        "category": "",
        "description": "Sao tay, nước xanh.",
        "attr_tea_type": str(AttributeOption.objects.get(option="Nõn tôm").pk),
        "attr_grade": "Đặc biệt",
        "attr_harvest_season": "Xuân 2026",
        "attr_net_weight_g": "100",
        "attr_growing_area": "Tân Cương",
        "attr_gtin": "",
        "publish": "1",
    }
    data.update(overrides)
    return data


def create_url(slug="htx-che-tan-cuong", kind="che"):
    return f"/producer/{slug}/products/new/{kind}/"


def test_portal_home_takes_a_producer_to_their_products(client, farmer):
    response = client.get("/producer/")
    assert response.status_code == 302
    assert response["Location"] == "/producer/htx-che-tan-cuong/"


def test_sign_in_with_next_lands_in_the_portal(client, pair):
    builders.producer_staff(pair[0], "farmer.tancuong")
    response = client.post(
        "/accounts/login/?next=/producer/",
        {"username": "farmer.tancuong", "password": "demo12345", "next": "/producer/"},
    )
    assert response["Location"] == "/producer/"


def test_product_list_shows_only_own_products_in_vietnamese(client, farmer, pair):
    a, b = pair
    factories.product(title="Chè móc câu của A", owner=a)
    factories.product(title="Mật ong của B", owner=b)
    page = client.get("/producer/htx-che-tan-cuong/").content.decode()
    assert "Chè móc câu của A" in page
    assert "Mật ong của B" not in page
    assert "Thêm sản phẩm" in page  # "Add a product", in Vietnamese


def test_create_tea_product_with_photo_and_publish(client, farmer, pair, classes):
    response = client.get("/producer/htx-che-tan-cuong/products/new/")
    assert "Chè" in response.content.decode() and "Nông sản" in response.content.decode()
    photo = upload(phone_jpeg(size=(400, 200), orientation=6), "IMG_0001.jpg")
    response = client.post(create_url(), {**tea_form(), "photos": [photo]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/producer/htx-che-tan-cuong/"

    product = Product.objects.get(title="Chè Tân Cương đặc biệt 100g")
    assert product.is_public
    assert product.product_class.slug == "che"
    assert product.slug == "che-tan-cuong-dac-biet-100g"
    record = StockRecord.objects.get(product=product)
    assert record.partner == pair[0].partner
    assert (int(record.price), record.num_in_stock) == (350000, 12)
    assert record.partner_sku == f"SP-{product.pk}"
    assert product.attr.tea_type.option == "Nõn tôm"
    assert product.attr.net_weight_g == 100
    assert product.attr.grade == "Đặc biệt"

    image = product.images.get()
    stored = Image.open(io.BytesIO(image.original.read()))
    assert stored.size == (200, 400)  # turned upright
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not stored.getexif()

    list_page = client.get("/producer/htx-che-tan-cuong/").content.decode()
    assert "Chè Tân Cương đặc biệt 100g" in list_page
    assert "350.000" in list_page
    # The product is in the shop for shoppers.
    client.logout()
    assert client.get(product.get_absolute_url()).status_code == 200


@pytest.fixture
def categories():
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    return {
        "tea_kind": create_from_breadcrumbs("Chè > Chè móc câu"),
        "honey": create_from_breadcrumbs("Mật ong"),
    }


def test_a_new_tea_goes_in_the_tea_category_unless_the_producer_picks_another(
    client, farmer, classes, categories
):
    tea = categories["tea_kind"].get_parent()
    form = client.get(create_url()).context["form"]
    assert form["category"].value() == tea.pk
    assert f'<option value="{tea.pk}" selected>' in str(form["category"])
    # The browser sends the preselected category: the tea is on the tea category's page.
    client.post(create_url(), tea_form(category=str(tea.pk)))
    product = Product.objects.get()
    assert list(product.categories.all()) == [tea]
    assert product.title in client.get(tea.get_absolute_url()).content.decode()
    # Farm produce has no category of its own name: nothing is preselected.
    form = client.get(create_url(kind="nong-san")).context["form"]
    assert form["category"].value() is None
    # Editing a product that has no category yet offers its class's one too.
    product.categories.clear()
    form = client.get(f"/producer/htx-che-tan-cuong/products/{product.pk}/").context["form"]
    assert form["category"].value() == tea.pk


def test_a_product_needs_a_category(client, farmer, classes, categories):
    response = client.post(create_url(), tea_form(category=""))
    assert response.status_code == 200
    assert "Hãy chọn danh mục để người mua tìm thấy sản phẩm trong cửa hàng." in (
        response.content.decode()
    )
    assert not Product.objects.exists()


def test_thumbnails_are_generated_when_the_photo_is_uploaded(client, farmer, classes, settings):
    cache.clear()  # sorl remembers thumbnails in the cache; start from none
    client.post(create_url(), {**tea_form(), "photos": [upload(phone_jpeg())]})
    thumbnails = [p for p in (settings.MEDIA_ROOT / "cache").rglob("*") if p.is_file()]
    # The shop card (360 px) and the portal list (160 px) sizes, made at upload time.
    sizes = sorted(Image.open(p).size for p in thumbnails)
    assert sizes == [(160, 160), (360, 360)]


def test_draft_then_publish_then_unpublish(client, farmer, classes):
    client.post(create_url(), tea_form(publish="0"))
    product = Product.objects.get()
    assert not product.is_public
    url = f"/producer/htx-che-tan-cuong/products/{product.pk}/publish/"
    client.post(url, {"publish": "1"})
    product.refresh_from_db()
    assert product.is_public
    response = client.post(url, {"publish": "0", "next": "https://evil.example/"})
    assert response["Location"] == "/producer/htx-che-tan-cuong/"
    product.refresh_from_db()
    assert not product.is_public
    shopper = Client()
    assert shopper.get(product.get_absolute_url()).status_code == 404
    assert product.title not in shopper.get("/shop/catalogue/").content.decode()


def test_publish_needs_post(client, farmer, pair):
    product = factories.product(owner=pair[0])
    response = client.get(f"/producer/htx-che-tan-cuong/products/{product.pk}/publish/")
    assert response.status_code == 405


@pytest.mark.parametrize(
    "price, expected",
    [("150000", 150000), ("150.000", 150000), ("1.000.000.000", 10**9), ("250.000 đ", 250000)],
)
def test_price_accepts_how_people_write_it(client, farmer, classes, price, expected):
    client.post(create_url(), tea_form(price=price))
    assert int(StockRecord.objects.get().price) == expected


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("price", "0", "Giá phải lớn hơn 0 ₫"),
        ("price", "-5000", "số đồng nguyên"),
        ("price", "1.000.000.001", "1.000.000.000 ₫"),
        ("price", "150.5", "số đồng nguyên"),
        ("price", "abc", "số đồng nguyên"),
        ("price", "", "bắt buộc"),
        ("num_in_stock", "-1", ""),
        ("title", "   ", ""),
        ("attr_net_weight_g", "nhiều", ""),
        ("attr_tea_type", "999999", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_creates_nothing(
    client, farmer, classes, field, value, message
):
    response = client.post(create_url(), tea_form(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errorlist' in page
    assert message in page
    assert not Product.objects.exists()
    assert not StockRecord.objects.exists()


def test_bad_photo_is_refused_and_nothing_is_created(client, farmer, classes):
    fake = upload(b"MZ\x90\x00 this is a program", "photo.jpg")
    response = client.post(create_url(), {**tea_form(), "photos": [fake]})
    assert response.status_code == 200
    assert "photo.jpg" in response.content.decode()
    assert not Product.objects.exists()


def test_gif_photo_is_refused(client, farmer, classes):
    gif = upload(encoded(Image.new("RGB", (10, 10)), "GIF"), "anim.gif", "image/gif")
    response = client.post(create_url(), {**tea_form(), "photos": [gif]})
    assert "JPEG, PNG" in response.content.decode()
    assert not Product.objects.exists()


def test_gtin_is_checked(client, farmer, classes):
    response = client.post(create_url(), tea_form(attr_gtin="8930000000001"))
    assert response.status_code == 200
    assert "GTIN" in response.content.decode()
    assert not Product.objects.exists()
    client.post(create_url(), tea_form(attr_gtin="8 930000 000002"))
    assert Product.objects.get().attr.gtin == "8930000000002"


def test_unknown_product_class_is_404(client, farmer):
    assert client.get(create_url(kind="khong-co")).status_code == 404


def test_edit_changes_price_stock_title_and_photos(client, farmer, pair, classes):
    client.post(create_url(), {**tea_form(), "photos": [upload(phone_jpeg())]})
    product = Product.objects.get()
    url = f"/producer/htx-che-tan-cuong/products/{product.pk}/"
    page = client.get(url).content.decode()
    assert 'value="350.000"' in page
    response = client.post(
        url,
        {
            **tea_form(title="Chè nõn tôm 100g", price="320000", num_in_stock="5"),
            "photos": [upload(encoded(Image.new("RGB", (80, 80)), "PNG"), "b.png", "image/png")],
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    record = StockRecord.objects.get(product=product)
    assert product.title == "Chè nõn tôm 100g"
    assert product.slug == "che-tan-cuong-dac-biet-100g"  # the address stays
    assert (int(record.price), record.num_in_stock) == (320000, 5)
    assert product.images.count() == 2
    first = product.images.order_by("display_order").first()
    client.post(f"{url}photos/{first.pk}/delete/")
    assert list(product.images.values_list("pk", flat=True)) != [first.pk]
    assert product.images.count() == 1


def test_photo_of_another_product_cannot_be_deleted(client, farmer, pair):
    a, b = pair
    own = factories.product(owner=a)
    theirs = factories.product(owner=b, image=True)
    image = theirs.images.get()
    response = client.post(
        f"/producer/htx-che-tan-cuong/products/{own.pk}/photos/{image.pk}/delete/"
    )
    assert response.status_code == 404
    assert theirs.images.count() == 1


def test_orders_show_only_own_lines_and_pack_then_ship(client, farmer, pair):
    a, b = pair
    tea = factories.product(title="Chè móc câu 200g", price=250000, owner=a)
    honey = factories.product(title="Mật ong hoa nhãn", price=180000, owner=b)
    order = builders.place_order([(tea, 2), (honey, 1)], number="300001")
    page = client.get("/producer/htx-che-tan-cuong/orders/").content.decode()
    assert "300001" in page
    assert "Chè móc câu 200g" in page
    assert "Mật ong hoa nhãn" not in page
    assert "500.000" in page and "680.000" not in page  # own total, not the order's
    assert "Minh Anh" in page  # who to deliver to

    group = FulfilmentGroup.objects.get(order=order, partner=a.partner)
    url = f"/producer/htx-che-tan-cuong/orders/{group.pk}/status/"
    client.post(url, {"status": "packed"})
    group.refresh_from_db()
    assert group.status == "packed"
    client.post(url, {"status": "shipped"})
    group.refresh_from_db()
    assert group.status == "shipped"
    assert group.events.last().actor == farmer
    # B's part is untouched.
    assert FulfilmentGroup.objects.get(order=order, partner=b.partner).status == "new"
    shipped_page = client.get("/producer/htx-che-tan-cuong/orders/?show=shipped").content.decode()
    assert "300001" in shipped_page


def test_producer_cannot_mark_delivered_or_cancel_from_the_portal(client, farmer, pair):
    tea = factories.product(owner=pair[0])
    order = builders.place_order([(tea, 1)], number="300002")
    group = FulfilmentGroup.objects.get(order=order)
    for status in ("cancelled", "delivered", "new", "bogus"):
        client.post(f"/producer/htx-che-tan-cuong/orders/{group.pk}/status/", {"status": status})
    group.refresh_from_db()
    assert group.status == "new"


def test_unpaid_order_shows_wait_and_cannot_be_packed(client, farmer, pair):
    tea = factories.product(owner=pair[0])
    order = builders.place_order([(tea, 1)], number="300003", status=order_status.PENDING_PAYMENT)
    page = client.get("/producer/htx-che-tan-cuong/orders/").content.decode()
    assert "300003" in page
    assert 'value="packed"' not in page
    group = FulfilmentGroup.objects.get(order=order)
    response = client.post(
        f"/producer/htx-che-tan-cuong/orders/{group.pk}/status/", {"status": "packed"}, follow=True
    )
    assert "300003" in response.content.decode()
    group.refresh_from_db()
    assert group.status == "new"


def test_someone_acting_for_two_producers_chooses_and_switches(client, pair):
    a, b = pair
    member = builders.digital_team_member("to.cong.nghe", a, b)
    client.force_login(member)
    page = client.get("/producer/").content.decode()
    assert "/producer/htx-che-tan-cuong/" in page and "/producer/htx-mat-ong-dinh-hoa/" in page
    page = client.get("/producer/htx-che-tan-cuong/").content.decode()
    assert 'href="/producer/htx-mat-ong-dinh-hoa/"' in page  # the switcher


def switch_links(html: str) -> list[str]:
    switcher = html.split('data-testid="portal-switch"', 1)[1].split("</details>", 1)[0]
    return re.findall(r'href="([^"]+)"', switcher)


@pytest.mark.parametrize(
    "page, section",
    [
        ("", ""),
        ("products/new/", ""),
        ("products/{product}/", ""),
        ("orders/", "orders/"),
        ("payouts/", "payouts/"),
        ("trace/", "trace/"),
        ("trace/lots/new/", "trace/"),
        ("trace/lots/{lot}/", "trace/"),
    ],
)
def test_switching_producer_keeps_the_current_tab(client, pair, page, section):
    from tests.traceability.trace_builders import lot

    a, b = pair
    client.force_login(builders.digital_team_member("to.cong.nghe", a, b))
    product = factories.product(owner=a)
    url = "/producer/htx-che-tan-cuong/" + page.format(
        product=product.pk, lot=lot(producer=a, product=product).pk
    )
    response = client.get(url)
    assert response.status_code == 200
    # One link per other producer, to the same tab (a product or lot of this producer
    # opens the other producer's list).
    assert switch_links(response.content.decode()) == [f"/producer/htx-mat-ong-dinh-hoa/{section}"]


def test_switch_falls_back_to_the_producer_home_for_an_unknown_tab(pair):
    from catalog.templatetags.portal_tags import portal_switch_url

    assert portal_switch_url(pair[1], "trace") == "/producer/htx-mat-ong-dinh-hoa/trace/"
    assert portal_switch_url(pair[1], "settings") == "/producer/htx-mat-ong-dinh-hoa/"
    assert portal_switch_url(pair[1], "") == "/producer/htx-mat-ong-dinh-hoa/"


def test_digital_team_member_creates_a_product_for_the_producer_they_assist(client, pair, classes):
    member = builders.digital_team_member("to.cong.nghe", pair[0])
    client.force_login(member)
    client.post(create_url(), tea_form())
    assert StockRecord.objects.get().partner == pair[0].partner


def test_account_without_producer_gets_a_friendly_refusal(client):
    client.force_login(User.objects.create_user("shopper", "s@example.vn", "demo12345"))
    response = client.get("/producer/")
    assert response.status_code == 403
    assert "chưa được liên kết" in response.content.decode()


def test_portal_pages_fit_a_phone_and_need_no_script(client, farmer, pair):
    factories.product(owner=pair[0], image=True)
    for url in (
        "/producer/htx-che-tan-cuong/",
        "/producer/htx-che-tan-cuong/orders/",
        "/producer/htx-che-tan-cuong/payouts/",
    ):
        page = client.get(url).content.decode()
        assert "<script" not in page.split("</header>", 1)[1], url


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: thumbnails made, caches filled
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/producer/htx-che-tan-cuong/", "/producer/htx-che-tan-cuong/orders/"]
)
def test_portal_pages_make_a_bounded_number_of_queries(client, farmer, pair, url):
    a, b = pair
    honey = factories.product(title="Mật ong", owner=b)

    def add(n, start):
        for i in range(start, start + n):
            item = factories.product(title=f"Chè số {i}", owner=a, image=True)
            builders.place_order([(item, 1), (honey, 1)], number=f"Q{i}")

    add(2, 0)
    few = count_queries(client, url)
    add(6, 10)
    many = count_queries(client, url)
    assert many == few


def test_description_is_stored_escaped_and_edited_as_plain_text(client, farmer, classes):
    typed = "<script>alert(1)</script> Sao tay\nnước xanh & thơm\n\nĐóng gói 100g"
    client.post(create_url(), tea_form(description=typed))
    product = Product.objects.get()
    assert "<script>" not in product.description
    assert "&lt;script&gt;" in product.description
    page = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    form_page = client.get(f"/producer/htx-che-tan-cuong/products/{product.pk}/")
    assert form_page.context["form"].initial["description"] == typed
