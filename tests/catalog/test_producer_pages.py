"""Public producer pages: the directory (filters, pages) and one producer's page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.demo import producer_photo
from market.models import Commune
from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_directory_lists_producers_with_place_badge_and_valid_certificates(client):
    producer = factories.producer(name="HTX Chè Hoàng Nông", slug="htx-hoang-nong")
    producer.is_verified = True
    producer.commune, _ = Commune.objects.get_or_create(  # one of the migration's units
        province=producer.province,
        slug="xa-hoang-nong",
        defaults={"name": "Xã Hoàng Nông", "former_district": "Huyện Đại Từ"},
    )
    producer.save()
    factories.certification(producer=producer, kind="vietgap", stars=None)
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(producer=producer, kind="ocop", stars=5, issued_on=old)
    factories.product(title="Chè búp Hoàng Nông", owner=producer)
    html = text(client.get("/shop/producers/"))
    assert "HTX Chè Hoàng Nông" in html
    assert "Đã xác minh" in html
    assert "Xã Hoàng Nông, Tỉnh Thái Nguyên" in html
    assert "VietGAP" in html
    assert "OCOP 5★" not in html  # expired: not shown as a badge
    assert "1 sản phẩm" in html


def test_directory_filters_by_commune_and_kind(client):
    factories.producer(name="HTX Đại Từ", slug="htx-dai-tu")
    other = factories.producer(name="Hộ Định Hóa", slug="ho-dinh-hoa")
    other.commune = factories.commune("Xã Định Hóa", former_district="Huyện Định Hóa")
    other.kind = "household"
    other.save()
    html = text(client.get("/shop/producers/", {"commune": other.commune_id}))
    assert "Hộ Định Hóa" in html and "HTX Đại Từ" not in html
    html = text(client.get("/shop/producers/", {"kind": "cooperative"}))
    assert "HTX Đại Từ" in html and "Hộ Định Hóa" not in html


@pytest.mark.parametrize(
    "params", [{"commune": "abc"}, {"kind": "bank"}, {"page": "99"}, {"page": "x"}]
)
def test_directory_survives_bad_parameters(client, params):
    factories.producer()
    response = client.get("/shop/producers/", params, follow=True)
    assert response.status_code == 200
    assert "HTX Chè Thử Nghiệm" in text(response)


def test_directory_paginates(client):
    for i in range(14):
        factories.producer(name=f"Hộ {i:02d}", slug=f"ho-{i:02d}")
    first, second = (
        text(client.get("/shop/producers/")),
        text(client.get("/shop/producers/?page=2")),
    )
    assert first.count('class="producer-card"') == 12
    assert second.count('class="producer-card"') == 2
    assert "Trang 2 / 2" in second or "2" in second


def test_producer_page_shows_story_certificates_and_products(client):
    producer = factories.producer(name="Hộ chè La Bằng", slug="ho-che-la-bang")
    producer.story = "Ba thế hệ làm chè dưới chân núi Tam Đảo."
    producer.photo.save(
        "p.jpg", ContentFile(producer_photo(producer.name, (40, 120, 60))), save=False
    )
    producer.save()
    factories.certification(producer=producer, kind="gi", stars=None, name="Chè Thái Nguyên")
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(producer=producer, kind="ocop", stars=4, issued_on=old)
    for i in range(14):
        factories.product(title=f"Chè La Bằng {i:02d}", owner=producer)
    factories.product(title="Sản phẩm của người khác", owner=factories.producer("Khác", "khac"))
    response = client.get("/shop/producers/ho-che-la-bang/")
    html = text(response)
    assert response.status_code == 200
    assert "Ba thế hệ làm chè" in html
    assert "Chè Thái Nguyên" in html
    assert "Hết hạn ngày" in html  # the expired OCOP certificate is shown as expired
    assert html.count('class="product-card"') == 12
    assert "Sản phẩm của người khác" not in html
    assert 'class="producer-hero__photo"' in html
    html2 = text(client.get("/shop/producers/ho-che-la-bang/?page=2"))
    assert html2.count('class="product-card"') == 2
    assert client.get("/shop/producers/ho-che-la-bang/?page=9").status_code == 302


def test_unknown_producer_is_404(client):
    assert client.get("/shop/producers/khong-ton-tai/").status_code == 404


def test_product_page_shows_producer_card_and_valid_certificates(client):
    producer = factories.producer(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong")
    product = factories.product(title="Chè móc câu 200g", owner=producer)
    factories.certification(product=product, stars=4, number="OCOP-1")
    factories.certification(
        producer=producer, kind="gi", stars=None, name="Tân Cương", number="GI-1"
    )
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    factories.certification(
        product=product,
        kind="organic",
        stars=None,
        issued_on=old,
        valid_until=old + datetime.timedelta(days=365),
        number="ORG-1",
    )
    html = text(client.get(product.get_absolute_url()))
    assert "HTX Chè Tân Cương" in html and "/shop/producers/htx-che-tan-cuong/" in html
    assert "OCOP-1" in html and "GI-1" in html
    assert "OCOP ★★★★" in html
    assert "Hết hạn ngày" in html and "ORG-1" not in html  # expired: labelled, number hidden


def test_product_slug_is_ascii_unique_and_stable(client):
    first = factories.product(title="Chè Tân Cương thượng hạng")
    second = factories.product(title="Chè Tân Cương thượng hạng")
    assert first.slug == "che-tan-cuong-thuong-hang"
    assert second.slug == "che-tan-cuong-thuong-hang-2"
    first.title = "Chè Tân Cương đặc biệt"
    first.save()
    first.refresh_from_db()
    assert first.slug == "che-tan-cuong-thuong-hang"
    # An old address (any slug with the right id) still leads to the product.
    response = client.get(f"/shop/catalogue/ten-cu_{first.pk}/")
    assert response.status_code == 301 and response["Location"] == first.get_absolute_url()
