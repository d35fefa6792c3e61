"""Demo Wagtail pages (seed_demo): the home page at / and its first children; idempotent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage

NEWS = [
    (
        "cho-hung-son-thanh-toan-khong-dung-tien-mat",
        "Chợ Hùng Sơn: mọi quầy hàng đều có mã QR",
        dt.date(2022, 4, 26),
        "Chợ Hùng Sơn (Đại Từ) là chợ 4.0 đầu tiên của Thái Nguyên: người mua quét mã VietQR "
        "để trả tiền, tiểu thương nhận thông báo ngay khi tiền về.",
    ),
    (
        "ma-truy-xuat-mien-phi-cho-nong-san",
        "Mã truy xuất nguồn gốc miễn phí cho nông sản Thái Nguyên",
        dt.date(2022, 9, 15),
        "Mỗi lô chè, mỗi hộp mật ong đều có thể mang mã QR cho biết nơi trồng, ngày thu hái "
        "và chứng nhận.",
    ),
]


# /truy-xuat/: the province's free traceability programme, and "scan or type a code".
TRACE_PAGE_BODY = [
    ("heading", "Mã truy xuất miễn phí cho sản phẩm của tỉnh"),
    (
        "paragraph",
        "<p>Tỉnh Thái Nguyên cấp <b>miễn phí</b> mã QR truy xuất nguồn gốc cho nông sản và "
        "sản phẩm OCOP của hợp tác xã, hộ sản xuất trong tỉnh, và hỗ trợ thiết kế tem nhãn. "
        "Mã theo chuẩn GS1 (TCVN 12850:2019): mỗi mã cho biết sản phẩm, nơi sản xuất, lô "
        "hàng và thời gian của từng công đoạn, như Thông tư 02/2024/TT-BKHCN yêu cầu.</p>",
    ),
    (
        "paragraph",
        "<p>Người sản xuất tạo lô hàng, ghi lại thu hái, chế biến, đóng gói, vận chuyển "
        'ngay trên điện thoại ở <a href="/producer/">trang người sản xuất</a>, rồi in tem '
        "trên giấy decal A4. Mỗi gói có một số sê-ri riêng, nên tem bị sao chép sẽ bị phát "
        "hiện khi quét.</p>",
    ),
    ("heading", "Quét hoặc nhập mã"),
    ("trace_lookup", None),
]


def _tree_root() -> Page:
    """Wagtail's root page, recreated (with the default locale) if the database was flushed."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def seed_pages() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = _tree_root()
        home = root.add_child(
            instance=HomePage(
                title="Chợ Số",
                slug="trang-chu",
                body=[
                    (
                        "hero",
                        {
                            "heading": "Đặc sản Thái Nguyên, từ tay người làm ra",
                            "text": "Chè Tân Cương, mật ong, gà đồi và sản phẩm OCOP — mua trực "
                            "tuyến, trả bằng mã QR chuyển khoản; tìm chợ 4.0 và tra cứu nguồn gốc "
                            "mỗi gói hàng.",
                            "actions": [{"label": "Mua đặc sản", "page": None, "url": "/shop/"}],
                        },
                    ),
                    (
                        "featured_products",
                        {
                            "heading": "Sản phẩm mới",
                            "products": [],
                            "min_ocop_stars": 3,
                            "count": 8,
                        },
                    ),
                ],
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Chợ Số"
        site.save()
        if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
            old_root.delete()  # Wagtail's "Welcome" placeholder page
    trace_page = StandardPage.objects.child_of(home).filter(slug="truy-xuat").first()
    if trace_page is None:
        trace_page = home.add_child(
            instance=StandardPage(
                title="Truy xuất nguồn gốc",
                slug="truy-xuat",
                intro="Quét mã QR trên bao bì để xem sản phẩm do ai làm ra, thu hái khi nào, "
                "có chứng nhận gì.",
            )
        )
    if not any(block.block_type == "trace_lookup" for block in trace_page.body):
        trace_page.body = TRACE_PAGE_BODY
        trace_page.save_revision().publish()
    news_index = NewsIndexPage.objects.child_of(home).first()
    if news_index is None:
        news_index = home.add_child(
            instance=NewsIndexPage(title="Tin tức", slug="tin-tuc", intro="Tin Chợ 4.0 và OCOP.")
        )
    for slug, title, date, summary in NEWS:
        if not NewsPage.objects.child_of(news_index).filter(slug=slug).exists():
            news_index.add_child(
                instance=NewsPage(title=title, slug=slug, date=date, summary=summary)
            )
    return home
