"""The public scan page, its beacon and the type-a-code form (traceability.views)."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests import factories
from tests.traceability import builders
from traceability.models import Scan, TraceCode

pytestmark = pytest.mark.django_db

BEACON_PREFIX = "/trace/scan"
PAGE_BUDGET = 30 * 1024  # HTML + CSS (inline), without the product photo


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lot():
    return builders.lot()


def page_path(code: TraceCode) -> str:
    return f"/01/{code.gtin}/10/{code.lot_code}/21/{code.serial}"


def test_a_genuine_serial_shows_product_producer_dates_timeline_and_buy_link(client, lot):
    cert = factories.certification(product=lot.product, stars=4, number="OCOP-TN-1")
    factories.certification(
        product=lot.product,
        stars=5,
        number="OCOP-OLD",
        issued_on=timezone.localdate().replace(year=2020),
        valid_until=timezone.localdate().replace(year=2021),
    )
    code = builders.code(lot)
    TraceCode.objects.filter(pk=code.pk).update(scan_count=3, first_scanned_at=timezone.now())
    response = client.get(page_path(code), {"lang": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Genuine code, issued by the producer" in html
    assert "scanned 3 times" in html
    assert lot.product.title in html and lot.producer.name in html
    assert lot.producer.get_absolute_url() in html
    assert "Xã Đại Từ" in html  # where the producer is
    assert "OCOP ★★★★" in html and cert.certificate_number in html
    assert "OCOP-OLD" not in html  # expired: not shown
    assert lot.harvest_date.strftime("%d/%m/%Y") in html
    for step in ("Đồi chè xóm Hồng Thái", "Sao chảo gang", "Chợ Hùng Sơn"):
        assert step in html  # fresh leaves (input lot) → processing → received
    assert lot.product.get_absolute_url() in html
    assert f'src="{BEACON_PREFIX}{page_path(code)}"' in html


def test_the_page_is_cacheable_light_and_writes_nothing(client, lot):
    code = builders.code(lot)
    response = client.get(page_path(code))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "Accept" in response["Vary"]
    assert len(response.content) <= PAGE_BUDGET
    assert "<script" not in response.content.decode()
    assert not Scan.objects.exists()
    assert TraceCode.objects.get(pk=code.pk).scan_count == 0


def test_page_with_a_product_photo_stays_light(client):
    product = builders.tea_product(image=True)
    lot = builders.lot(product=product)
    response = client.get(page_path(builders.code(lot)))
    html = response.content.decode()
    assert 'width="96"' in html and "cache/" in html  # a small rendition, not the original
    assert len(response.content) <= PAGE_BUDGET


@pytest.mark.parametrize(
    "status, text",
    [
        (TraceCode.Status.VOID, "This code was cancelled by the producer"),
        (TraceCode.Status.SOLD, "this package has already been sold"),
    ],
)
def test_void_and_sold_codes_say_so(client, lot, status, text):
    code = builders.code(lot, status=status)
    response = client.get(page_path(code) + "?lang=en")
    assert response.status_code == 200 and text in response.content.decode()


def test_a_serial_never_issued_is_a_possible_counterfeit(client, lot):
    response = client.get(f"/01/{lot.gtin}/10/{lot.code}/21/FAKE2345?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not issued by this producer: possible counterfeit" in html
    assert "FAKE2345" in html and "not issued" in html


def test_an_unknown_lot_is_a_possible_counterfeit(client, lot):
    response = client.get(f"/01/{lot.gtin}/10/NOLOT/21/X?lang=en")
    assert "This lot was not recorded by the producer" in response.content.decode()


def test_a_flagged_serial_warns(client, lot):
    code = builders.code(lot)
    TraceCode.objects.filter(pk=code.pk).update(flagged=True, flag_reason="many_scans")
    html = client.get(page_path(code) + "?lang=en").content.decode()
    assert "this code looks copied" in html and "Scanned many more times" in html


def test_a_product_level_code_shows_the_product(client):
    product = builders.tea_product()
    response = client.get(f"/01/{builders.GTIN}")
    assert response.status_code == 200 and product.title in response.content.decode()
    # Stored as 13 digits, found from the 14-digit form; the lot-level code works too.
    lot = builders.lot(product=product)
    assert client.get(f"/01/{builders.GTIN}/10/{lot.code}").status_code == 200


def test_an_unknown_gtin_is_a_404_page(client, lot):
    response = client.get(f"/01/{builders.OTHER_GTIN}/10/A/21/B?lang=en")
    assert response.status_code == 404
    assert "Unknown product code" in response.content.decode()


@pytest.mark.parametrize(
    "path, why",
    [
        ("/01/08938056000014/", "slash"),
        ("/01/08938056000015", "check digit"),
        ("/01/8938056000014", "14 digits"),
        ("/01/08938056000014/21/S/10/L", "order"),
        ("/01/08938056000014/10/" + "L" * 21, "1 to 20"),
    ],
)
def test_a_malformed_address_is_a_400_page_that_explains(client, path, why):
    response = client.get(path + "?lang=en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a valid product code" in html and why in html
    assert 'name="gtin"' in html  # and offers to type the code


def test_linkset_for_machine_clients(client, lot):
    factories.certification(product=lot.product, number="OCOP-TN-9")
    code = builders.code(lot)
    response = client.get(page_path(code), HTTP_ACCEPT="application/linkset+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/linkset+json")
    links = json.loads(response.content)["linkset"][0]
    assert links["anchor"].endswith(page_path(code))
    assert links["https://gs1.org/voc/pip"][0]["href"].endswith(lot.product.get_absolute_url())
    assert "OCOP-TN-9" in links["https://gs1.org/voc/certificationInfo"][0]["title"]
    assert links["https://gs1.org/voc/traceability"][0]["href"].endswith(page_path(code))
    unknown = client.get(f"/01/{builders.OTHER_GTIN}", HTTP_ACCEPT="application/linkset+json")
    assert unknown.status_code == 404


def test_the_beacon_counts_a_scan_once_per_client_and_keeps_no_ip(client, lot):
    code = builders.code(lot)
    beacon = BEACON_PREFIX + page_path(code)
    first = client.get(beacon, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Phone")
    assert first.status_code == 200 and first["Content-Type"] == "image/gif"
    assert "no-store" in first["Cache-Control"]
    client.get(beacon, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Phone")  # reload
    client.get(beacon, REMOTE_ADDR="203.0.113.10", HTTP_USER_AGENT="Phone")  # someone else
    code.refresh_from_db()
    assert code.scan_count == 2 and code.first_scanned_at is not None
    assert Scan.objects.count() == 2
    for row in Scan.objects.values():
        assert "203.0.113" not in json.dumps(row, default=str)


def test_the_beacon_flags_a_copied_label(client, lot, settings):
    settings.TRACE_FLAG_SCAN_COUNT = 5
    code = builders.code(lot)
    for n in range(6):
        client.get(BEACON_PREFIX + page_path(code), REMOTE_ADDR=f"198.51.100.{n}")
    code.refresh_from_db()
    assert code.flagged and code.flag_reason == "many_scans"


def test_the_beacon_takes_a_shared_location_coarsely_and_ignores_junk(client, lot):
    code = builders.code(lot)
    client.get(BEACON_PREFIX + page_path(code), {"lat": "21.59321", "lng": "105.84811"})
    client.get(BEACON_PREFIX + page_path(code), {"lat": "nan", "lng": "x"}, REMOTE_ADDR="1.2.3.4")
    rows = list(Scan.objects.order_by("pk").values_list("latitude", "longitude"))
    assert [tuple(map(str, rows[0])), rows[1]] == [("21.59", "105.85"), (None, None)]


def test_the_beacon_of_a_malformed_address_is_still_a_pixel(client):
    response = client.get(BEACON_PREFIX + "/01/123/")
    assert response.status_code == 200 and not Scan.objects.exists()


def test_typing_a_code_redirects_to_its_page(client, lot):
    response = client.get("/trace/", {"gtin": "893 8056 00001 4", "lot": lot.code, "serial": "AB2"})
    assert response.status_code == 302
    assert response["Location"] == f"/01/{lot.gtin}/10/{lot.code}/21/AB2"
    pasted = client.get("/trace/", {"uri": f"https://example.vn/01/{lot.gtin}/10/{lot.code}"})
    assert pasted["Location"] == f"/01/{lot.gtin}/10/{lot.code}"


def test_typing_a_wrong_code_explains(client):
    assert client.get("/trace/").status_code == 200
    response = client.get("/trace/", {"gtin": "8938056000015", "lang": "en"})
    assert response.status_code == 400
    assert "A GTIN has 8, 12, 13 or 14 digits" in response.content.decode()
    pasted = client.get("/trace/", {"uri": "https://example.vn/gtin/123", "lang": "en"})
    assert "should contain /01/" in pasted.content.decode()


def test_only_safe_methods(client, lot):
    assert client.post(page_path(builders.code(lot))).status_code == 405


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, settings
):
    settings.TRACE_PAGE_CACHE_SECONDS = 0
    lot = builders.lot(product=builders.tea_product(image=True))
    factories.certification(product=lot.product)
    code = builders.code(lot)
    client.get(page_path(code))  # the photo's small rendition is made once
    with django_assert_max_num_queries(11):
        assert client.get(page_path(code)).status_code == 200


def test_a_rendered_page_is_served_from_the_cache(client, lot, django_assert_num_queries):
    code = builders.code(lot)
    first = client.get(page_path(code))
    with django_assert_num_queries(0):
        again = client.get(page_path(code))
    assert again.content == first.content and again["Cache-Control"] == first["Cache-Control"]
    english = client.get(page_path(code) + "?lang=en")  # another language, another entry
    assert english.content != first.content
    linkset = client.get(page_path(code), HTTP_ACCEPT="application/linkset+json")
    assert linkset["Content-Type"].startswith("application/linkset+json")


def test_pages_of_made_up_codes_are_not_kept_in_the_cache(client, lot):
    fake = f"/01/{lot.gtin}/10/{lot.code}/21/MADEUP99"
    client.get(fake)
    client.get(f"/01/{builders.OTHER_GTIN}")
    client.get("/01/123")
    assert not [key for key in cache._cache if "trace:page:" in key]


def test_behind_a_proxy_the_client_comes_from_x_forwarded_for(client, lot, settings):
    settings.PROXY_HOPS = 1
    code = builders.code(lot)
    beacon = BEACON_PREFIX + page_path(code)
    # Two shoppers behind the same proxy (REMOTE_ADDR 127.0.0.1) are two clients; a forged
    # first entry does not make a third.
    client.get(beacon, HTTP_X_FORWARDED_FOR="203.0.113.1")
    client.get(beacon, HTTP_X_FORWARDED_FOR="203.0.113.2")
    client.get(beacon, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.2")
    code.refresh_from_db()
    assert code.scan_count == 2


def test_the_producers_own_stalls_are_listed_with_their_market(client, lot):
    from django.contrib.auth.models import User

    from market.models import Market, Stall

    seller = User.objects.create_user("hoangbinh")
    lot.producer.partner.users.add(seller)
    market = Market.objects.create(
        name="Chợ Hùng Sơn", slug="cho-hung-son", commune=factories.commune()
    )
    Stall.objects.create(market=market, code="HS-08", name="Quầy chè", stallholder=seller)
    Stall.objects.create(market=market, code="HS-09", name="Quầy khác")
    html = client.get(page_path(builders.code(lot)) + "?lang=en").content.decode()
    assert "stall HS-08" in html and "HS-09" not in html
    assert market.get_absolute_url() in html
