"""The shop's product page shows "Truy xuất nguồn gốc" with the latest lot's timeline; the
/truy-xuat/ page explains the programme and sends a code typed by hand to the scan page."""

from __future__ import annotations

import pytest

from cms.demo import seed_pages
from tests import factories
from tests.traceability import trace_builders as tb

pytestmark = pytest.mark.django_db


def test_product_page_shows_the_latest_lots_timeline(client, settings):
    settings.SITE_URL = "https://cho.example"
    producer = factories.producer()
    product = factories.product(owner=producer)
    fresh = tb.lot(producer=producer, code="TUOI-0512", gtin_body="0893850597002")
    dried = tb.lot(producer=producer, product=product, code="TC2026-05A")
    tb.timeline(fresh, dried)
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'data-testid="product-trace"' in html
    assert "Truy xuất nguồn gốc" in html
    assert "TC2026-05A" in html and "Sao chè bằng tôn quay" in html
    assert html.index("14/05/2026 09:00") < html.index("15/05/2026 07:00")  # oldest first
    assert f"https://cho.example/01/{dried.gtin}/10/TC2026-05A" in html


def test_product_page_without_lots_has_no_trace_box(client):
    product = factories.product()
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'data-testid="product-trace"' not in html


def test_trace_page_explains_the_programme_and_offers_the_lookup(client):
    seed_pages()
    seed_pages()  # idempotent: the form is not added twice
    html = client.get("/truy-xuat/").content.decode()
    assert "miễn phí" in html
    assert html.count('data-testid="trace-lookup"') == 1
    assert 'action="/trace/"' in html


def test_the_pages_form_sends_a_typed_code_to_the_scan_page(client):
    # The field names are those of the scan page's type-a-code view (traceability.views).
    seed_pages()
    html = client.get("/truy-xuat/").content.decode()
    for name in ("gtin", "lot", "serial", "uri"):
        assert f'name="{name}"' in html
    response = client.get("/trace/", {"gtin": tb.gtin(), "lot": "TC2026-05A", "serial": "AB12CD34"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/01/{tb.gtin()}/10/TC2026-05A/21/AB12CD34")
