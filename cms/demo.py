"""Demo Wagtail content (``manage.py seed_demo``): the home page at / with every home block, the
Chợ 4.0 campaign, market pages, producer stories, news, FAQ and banking-app snippets, their
illustrations, and short English translations of the main pages.

Idempotent: a second run finds everything by slug, title or key and changes nothing. Market
and producer pages need the demo markets and producers (seed_markets, seed_producers run
first); without them those pages and home blocks are left out, and the next seed adds them.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from catalog.models import Producer
from cms.illustrations import scene
from cms.models import (
    CampaignPage,
    HomePage,
    MarketIndexPage,
    MarketPage,
    NewsIndexPage,
    NewsPage,
    ProducerIndexPage,
    ProducerStoryPage,
    StandardPage,
)
from cms.snippets import BankApp, FAQEntry
from market.models import Market, Province
from market.units import PROVINCE
from payments.banks import get_bank

# Illustrations -----------------------------------------------------------------------------------
# key: (scene, variant, title in the image library, description read out by screen readers)
IMAGES = {
    "market": (
        "market",
        0,
        "Minh họa: chợ 4.0, quầy nào cũng có mã QR",
        "Dãy quầy hàng có mái che, trên mỗi quầy một tấm mã QR; người mua cầm điện thoại quét mã.",
    ),
    "market_la_hien": (
        "market_karst",
        2,
        "Minh họa: chợ La Hiên dưới chân núi đá",
        "Các quầy hàng có mã QR, phía sau là núi đá vôi Võ Nhai.",
    ),
    "market_hung_son": (
        "market",
        3,
        "Minh họa: phiên chợ Hùng Sơn",
        "Người mua đi giữa các quầy chè, rau, hoa quả, mật ong; mỗi quầy có mã QR.",
    ),
    "standee": (
        "standee",
        0,
        "Minh họa: tấm mã QR trên quầy hàng",
        "Tấm standee mã QR đặt trên quầy, bên cạnh là loa báo tiền, bát chè và lọ mật ong.",
    ),
    "phone_scan": (
        "phone_scan",
        0,
        "Minh họa: quét mã QR bằng điện thoại",
        "Bàn tay cầm điện thoại quét mã QR trên quầy; loa báo và màn hình báo đã nhận tiền.",
    ),
    "helping": (
        "helping",
        0,
        "Minh họa: tổ công nghệ số hướng dẫn tiểu thương",
        "Thành viên tổ công nghệ số cho tiểu thương xem thông báo nhận tiền trên điện thoại.",
    ),
    "tea_hills": (
        "tea_hills",
        0,
        "Minh họa: đồi chè Tân Cương",
        "Những hàng chè xanh trên đồi, người hái chè đội nón lá, phía trước là búp chè.",
    ),
    "tea_hills_warm": (
        "tea_hills",
        3,
        "Minh họa: đồi chè buổi sớm",
        "Đồi chè xếp hàng dưới nắng sớm, người hái chè cầm giỏ.",
    ),
    "farmers": (
        "farmers",
        0,
        "Minh họa: người làm chè thu hái",
        "Hai người đội nón lá, mang giỏ chè vừa hái giữa đồi chè.",
    ),
    "bees": (
        "bees",
        0,
        "Minh họa: đàn ong dưới tán rừng Định Hóa",
        "Những thùng ong gỗ dưới tán cây, đàn ong bay quanh và lọ mật ong.",
    ),
    "farm": (
        "farm",
        0,
        "Minh họa: trang trại gà đồi",
        "Đàn gà thả trên đồi cỏ, người nuôi cầm giỏ trứng, phía sau là chuồng gà.",
    ),
    "trace": (
        "trace",
        0,
        "Minh họa: tem truy xuất nguồn gốc",
        "Gói chè có tem mã QR truy xuất; điện thoại quét tem, ghim bản đồ chỉ nơi trồng.",
    ),
    "products": (
        "products",
        0,
        "Minh họa: đặc sản Thái Nguyên",
        "Chè, mật ong, gà đồi, gạo và hộp quà chè trong những khung tròn.",
    ),
}


@cache
def illustration_jpeg(name: str, variant: int) -> bytes:
    """One scene as a JPEG; drawn once per process, so seeding stays fast."""
    buffer = io.BytesIO()
    scene(name, variant).save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def demo_image(key: str):
    """The Wagtail image for ``key``: found by its title, made from the illustration once."""
    Image = get_image_model()
    name, variant, title, description = IMAGES[key]
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is None:
        data = illustration_jpeg(name, variant)
        image = Image(title=title, description=description)
        image.file = ImageFile(io.BytesIO(data), name=f"cho-so-{key.replace('_', '-')}.jpg")
        image._set_image_file_metadata()
        image.save()
    return image


def _image_block(key: str, caption: str) -> dict:
    return {"image": demo_image(key), "caption": caption, "alt": ""}


def _link(label: str, *, page: Page | None = None, url: str = "") -> dict:
    return {"label": label, "page": page, "url": "" if page else url}


# Snippets ----------------------------------------------------------------------------------------
# (topic, Vietnamese question, answer; English question, answer)
FAQ = [
    (
        "paying",
        "Tôi trả tiền bằng mã QR ở chợ thế nào?",
        "<p>Mở ứng dụng ngân hàng trên điện thoại, chọn <b>Quét QR</b> và đưa camera vào tấm mã "
        "trên quầy. Kiểm tra tên chủ tài khoản đúng tên chủ quầy, nhập số tiền rồi xác nhận.</p>",
        "How do I pay by QR at the market?",
        "<p>Open your banking app, choose <b>Scan QR</b> and point the camera at the code on "
        "the stall. Check the account holder is the stallholder, type the amount and confirm.</p>",
    ),
    (
        "paying",
        "Ứng dụng ngân hàng nào quét được mã của chợ?",
        "<p>Mã trên quầy là mã <b>VietQR</b> của NAPAS: ứng dụng của mọi ngân hàng Việt Nam "
        "đều quét được, không cần cài thêm ứng dụng nào.</p>",
        "Which banking apps can scan the market's codes?",
        "<p>The stall's code is a NAPAS <b>VietQR</b> code: every Vietnamese bank's app reads "
        "it, with nothing else to install.</p>",
    ),
    (
        "paying",
        "Trả bằng QR có mất phí không?",
        "<p>Không. Chuyển khoản bằng mã QR giữa các ngân hàng trong nước hiện không mất phí "
        "với người mua, và tiểu thương nhận đủ số tiền.</p>",
        "Does paying by QR cost anything?",
        "<p>No. A QR transfer between Vietnamese banks is free for the shopper, and the "
        "stallholder receives the whole amount.</p>",
    ),
    (
        "paying",
        "Làm sao biết tiền đã đến tài khoản người bán?",
        "<p>Tiểu thương nghe loa báo hoặc xem thông báo từ ngân hàng. Đừng tin ảnh chụp màn "
        "hình “chuyển khoản thành công”: chỉ thông báo của ngân hàng mới chắc chắn.</p>",
        "How does the seller know the money has arrived?",
        "<p>The stallholder hears the speaker or sees the bank's notice. Never trust a "
        "“transfer succeeded” screenshot: only the bank's notice is proof.</p>",
    ),
    (
        "selling",
        "Tôi bán hàng ở chợ, làm sao có mã QR cho quầy?",
        "<p>Liên hệ ban quản lý chợ hoặc tổ công nghệ số cộng đồng của xã. Mang theo số tài "
        "khoản ngân hàng của bạn; ban quản lý đăng ký quầy và in tấm mã QR miễn phí.</p>",
        "I sell at a market: how do I get a QR code for my stall?",
        "<p>Ask the market board or your commune's community digital team. Bring your bank "
        "account number; the board registers the stall and prints its QR standee for free.</p>",
    ),
    (
        "selling",
        "Nếu có người dán mã QR giả lên quầy của tôi thì sao?",
        "<p>Mỗi quầy có một mã đã đăng ký với ban quản lý. Kiểm tra tấm mã mỗi sáng; thấy mã "
        "lạ, hãy báo ngay ban quản lý chợ để in lại và cảnh báo người mua.</p>",
        "What if someone pastes a fake QR over my stall's code?",
        "<p>Each stall's code is registered with the market board. Check your standee every "
        "morning; if a code looks wrong, tell the board at once to reprint it.</p>",
    ),
    (
        "traceability",
        "Mã truy xuất nguồn gốc cho biết những gì?",
        "<p>Quét tem trên bao bì để xem tên sản phẩm, người làm ra, nơi trồng, ngày thu hái, "
        "chế biến, đóng gói và chứng nhận như OCOP, VietGAP.</p>",
        "What does a traceability code tell me?",
        "<p>Scan the label to see the product, its producer, where it was grown, when it was "
        "picked, processed and packed, and its certificates such as OCOP or VietGAP.</p>",
    ),
    (
        "traceability",
        "Hộ sản xuất có phải trả tiền để có tem truy xuất không?",
        "<p>Không. Tỉnh Thái Nguyên cấp mã truy xuất miễn phí cho sản phẩm của tỉnh và hỗ trợ "
        "thiết kế tem nhãn; người sản xuất tự in tem trên giấy decal.</p>",
        "Do producers pay for traceability labels?",
        "<p>No. Thái Nguyên province gives free traceability codes for its products and helps "
        "design the labels; producers print them on sticker paper.</p>",
    ),
    (
        "shop",
        "Mua hàng trực tuyến thì thanh toán thế nào?",
        "<p>Bạn chọn chuyển khoản bằng mã QR, thẻ ngân hàng hoặc trả tiền khi nhận hàng. Đơn "
        "chuyển khoản được xác nhận ngay khi ngân hàng báo tiền về.</p>",
        "How do I pay in the online shop?",
        "<p>Choose a QR bank transfer, a card, or cash on delivery. A transfer order is "
        "confirmed as soon as the bank reports the money.</p>",
    ),
    (
        "shop",
        "Sản phẩm OCOP 3 sao, 4 sao nghĩa là gì?",
        "<p>OCOP (Mỗi xã một sản phẩm) xếp hạng sản phẩm từ 3 đến 5 sao; giấy chứng nhận có "
        "hiệu lực 36 tháng. Trang sản phẩm ghi rõ số sao và ngày hết hạn.</p>",
        "What do 3-star and 4-star OCOP products mean?",
        "<p>OCOP (One Commune One Product) rates products from 3 to 5 stars; a certificate is "
        "valid for 36 months. Each product page shows its stars and expiry date.</p>",
    ),
]

# (app name, NAPAS BIN): the banking apps people at the markets use most.
BANK_APPS = [
    ("Agribank Plus", "970405"),
    ("VCB Digibank", "970436"),
    ("VietinBank iPay", "970415"),
    ("BIDV SmartBanking", "970418"),
    ("MB Bank", "970422"),
    ("Techcombank Mobile", "970407"),
    ("VPBank NEO", "970432"),
    ("ACB ONE", "970416"),
    ("TPBank Mobile", "970423"),
    ("Sacombank Pay", "970403"),
]


def seed_snippets(locale: Locale) -> list[FAQEntry]:
    """FAQ entries and banking apps in the default language; returns the FAQ entries."""
    entries = []
    for order, (topic, question, answer, *_english) in enumerate(FAQ):
        entry, _ = FAQEntry.objects.get_or_create(
            locale=locale,
            question=question,
            defaults={"answer": answer, "topic": topic, "sort_order": order},
        )
        entries.append(entry)
    for order, (name, bin_) in enumerate(BANK_APPS):
        bank = get_bank(bin_)
        BankApp.objects.get_or_create(
            locale=locale,
            bank_bin=bin_,
            defaults={
                "name": name,
                "note": f"Ứng dụng của {bank.short_name}" if bank else "",
                "sort_order": order,
            },
        )
    return entries


def translate_snippets(entries: list[FAQEntry], locale_en: Locale) -> dict[int, FAQEntry]:
    """English copies of the FAQ entries and banking apps; {Vietnamese pk: English entry}."""
    english = {}
    by_question = {question: (q_en, a_en) for _t, question, _a, q_en, a_en in FAQ}
    for entry in entries:
        copy = entry.get_translation_or_none(locale_en)
        if copy is None:
            copy = entry.copy_for_translation(locale_en)
            copy.question, copy.answer = by_question[entry.question]
            copy.save()
        english[entry.pk] = copy
    for app in BankApp.objects.filter(locale=Locale.get_default()):
        if app.get_translation_or_none(locale_en) is None:
            copy = app.copy_for_translation(locale_en)
            bank = get_bank(app.bank_bin)
            copy.note = f"{bank.short_name}'s app" if bank else ""
            copy.save()
    return english


# Pages -------------------------------------------------------------------------------------------
CAMPAIGN_TITLE = "Chợ 4.0 — Chợ thanh toán không dùng tiền mặt"

NEWS = [
    {
        "slug": "cho-hung-son-thanh-toan-khong-dung-tien-mat",
        "title": "Chợ Hùng Sơn: mọi quầy hàng đều có mã QR",
        "date": dt.date(2022, 4, 26),
        "author": "Nguyễn Thị Hạnh",
        "tags": ["Chợ 4.0", "Thanh toán"],
        "image": "market_hung_son",
        "summary": "Chợ Hùng Sơn (Đại Từ) là chợ 4.0 đầu tiên của Thái Nguyên: người mua quét mã "
        "VietQR để trả tiền, tiểu thương nhận thông báo ngay khi tiền về.",
        "body": "<p>Cuối tháng 4/2022, chợ Hùng Sơn (huyện Đại Từ cũ) trở thành chợ đầu tiên "
        "của tỉnh thí điểm mô hình <b>Chợ 4.0</b>. Mỗi quầy được in một tấm mã QR gắn với tài "
        "khoản ngân hàng của chủ quầy.</p><p>Người mua mở ứng dụng ngân hàng, quét mã và nhập "
        "số tiền. Tiền chuyển thẳng vào tài khoản tiểu thương, không qua trung gian, không mất "
        "phí.</p><p>Ban quản lý chợ theo dõi hằng ngày số quầy có mã và số quầy đã nhận tiền "
        "chuyển khoản để hỗ trợ những quầy chưa quen.</p>",
    },
    {
        "slug": "ma-truy-xuat-mien-phi-cho-nong-san",
        "title": "Mã truy xuất nguồn gốc miễn phí cho nông sản Thái Nguyên",
        "date": dt.date(2022, 9, 15),
        "author": "Phạm Văn Tuấn",
        "tags": ["Truy xuất", "OCOP"],
        "image": "trace",
        "summary": "Mỗi lô chè, mỗi hộp mật ong đều có thể mang mã QR cho biết nơi trồng, ngày "
        "thu hái và chứng nhận.",
        "body": "<p>Tỉnh hỗ trợ <b>miễn phí</b> mã truy xuất nguồn gốc cho sản phẩm của hợp tác "
        "xã và hộ sản xuất, cùng với thiết kế tem nhãn và tờ rơi giới thiệu.</p><p>Mã theo "
        "chuẩn GS1 (TCVN 12850:2019): mỗi gói hàng cho biết sản phẩm, nơi sản xuất, lô hàng và "
        "thời gian từng công đoạn. Người mua chỉ cần quét tem bằng camera điện thoại.</p>",
    },
    {
        "slug": "cho-la-hien-cho-4-0-thu-hai",
        "title": "Chợ La Hiên trở thành chợ 4.0 thứ hai của tỉnh",
        "date": dt.date(2022, 6, 1),
        "author": "Hoàng Thu Hà",
        "tags": ["Chợ 4.0"],
        "image": "market_la_hien",
        "summary": "Sau Hùng Sơn, chợ La Hiên (Võ Nhai) treo mã QR ở các quầy; bà con vùng cao "
        "quen dần với việc trả tiền bằng điện thoại.",
        "body": "<p>Chợ La Hiên, xã La Hiên (huyện Võ Nhai cũ), là chợ thứ hai của Thái Nguyên "
        "áp dụng mô hình Chợ 4.0. Các quầy măng khô, cá suối, gạo nếp đều có tấm mã QR riêng.</p>"
        "<p>Tổ công nghệ số cộng đồng có mặt từ phiên chợ đầu để hướng dẫn người bán mở tài "
        "khoản và cài loa báo tiền. Mục tiêu của tỉnh là ít nhất 60 chợ 4.0 trong năm 2022.</p>",
    },
    {
        "slug": "to-cong-nghe-so-ho-tro-tieu-thuong",
        "title": "Tổ công nghệ số cộng đồng giúp tiểu thương làm quen với mã QR",
        "date": dt.date(2023, 3, 14),
        "author": "Phạm Văn Tuấn",
        "tags": ["Chợ 4.0", "Thanh toán"],
        "image": "helping",
        "summary": "Đoàn viên, cán bộ xã đến từng quầy hướng dẫn mở tài khoản, đăng ký mã QR "
        "và nhận biết mã giả.",
        "body": "<p>Ở nhiều xã, tổ công nghệ số cộng đồng là người đầu tiên tiểu thương hỏi khi "
        "muốn nhận tiền chuyển khoản. Các tổ giúp mở tài khoản ngân hàng, đăng ký quầy với ban "
        "quản lý chợ và in tấm mã QR.</p><p>Tổ cũng nhắc người bán chỉ tin thông báo của ngân "
        "hàng, không tin ảnh chụp màn hình, và kiểm tra tấm mã mỗi sáng để phát hiện mã dán "
        "đè.</p>",
    },
    {
        "slug": "che-tan-cuong-ocop-len-san-thuong-mai-dien-tu",
        "title": "Chè Tân Cương OCOP 4 sao lên sàn thương mại điện tử",
        "date": dt.date(2024, 5, 20),
        "author": "Đặng Thu Trang",
        "tags": ["OCOP", "Chè", "Truy xuất"],
        "image": "tea_hills_warm",
        "summary": "Hợp tác xã chè Tân Cương bán chè móc câu có tem truy xuất trên sàn thương mại "
        "điện tử, giao hàng đi khắp cả nước.",
        "body": "<p>Với chỉ dẫn địa lý <b>Tân Cương</b> và nhãn hiệu tập thể “Chè Thái Nguyên”, "
        "các hợp tác xã chè đưa sản phẩm OCOP 4 sao lên các sàn thương mại điện tử và trang "
        "Chợ Số.</p><p>Mỗi gói chè có tem truy xuất: người mua ở xa quét mã để biết chè hái "
        "ngày nào, sao ở đâu và do hộ nào làm ra.</p>",
    },
]

MARKET_PAGES = {
    "cho-hung-son": {
        "intro": "Chợ 4.0 đầu tiên của Thái Nguyên, từ cuối tháng 4/2022: gần như mọi quầy "
        "đều nhận tiền bằng mã QR.",
        "search": "Chợ Hùng Sơn (Đại Từ, Thái Nguyên): chợ 4.0 đầu tiên của tỉnh, trả tiền "
        "bằng mã VietQR ở mọi quầy.",
        "image": "market_hung_son",
        "body": [
            (
                "paragraph",
                "<p>Chợ Hùng Sơn nằm ở trung tâm xã Đại Từ (thị trấn Hùng Sơn cũ), họp hằng ngày "
                "từ 5 giờ sáng. Bà con bán chè La Bằng, rau, hoa quả, thịt và hàng tạp hóa.</p>",
            ),
            ("heading", "Trả tiền ở chợ Hùng Sơn"),
            (
                "paragraph",
                "<p>Mỗi quầy có tấm mã VietQR in tên quầy. Quét mã bằng ứng dụng ngân hàng, "
                "kiểm tra tên chủ tài khoản rồi nhập số tiền. Loa báo ở quầy đọc số tiền ngay "
                "khi tiền về.</p>",
            ),
        ],
        "gallery": ["market_hung_son", "standee", "phone_scan"],
    },
    "cho-la-hien": {
        "intro": "Chợ vùng cao dưới chân núi đá Võ Nhai; phiên chính ngày 5 và ngày 10 âm "
        "lịch, mã QR ở các quầy từ tháng 6/2022.",
        "search": "Chợ La Hiên (Võ Nhai, Thái Nguyên): chợ 4.0 thứ hai của tỉnh, đặc sản "
        "măng khô, cá suối, gạo nếp.",
        "image": "market_la_hien",
        "body": [
            (
                "paragraph",
                "<p>Chợ La Hiên họp hằng ngày, đông nhất vào phiên chính. Người Tày, Nùng, Dao "
                "mang xuống chợ măng khô, cá suối, gạo nếp và rau rừng.</p>",
            ),
            ("heading", "Tổ công nghệ số ở chợ"),
            (
                "paragraph",
                "<p>Vào phiên chính, tổ công nghệ số cộng đồng có mặt để giúp bà con đăng ký "
                "quầy, mở tài khoản và cài loa báo tiền.</p>",
            ),
        ],
        "gallery": ["market_la_hien", "helping", "standee"],
    },
}

PRODUCER_STORIES = {
    "htx-che-tan-cuong-hoang-binh": {
        "title": "Hợp tác xã chè Tân Cương Hoàng Bình: giữ lửa sao chè bằng tay",
        "intro": "45 hộ trồng chè ở vùng chỉ dẫn địa lý Tân Cương, sao chè bằng chảo gang "
        "theo cách của ông cha.",
        "image": "tea_hills",
        "body": [
            (
                "paragraph",
                "<p>Mỗi sáng, khi sương còn trên lá, các hộ xã viên hái búp chè một tôm hai lá. "
                "Chè được héo, vò và sao ngay trong ngày để giữ màu nước xanh và hương cốm.</p>",
            ),
            (
                "quote",
                "Chè ngon là nhờ đất, nhưng giữ được tiếng là nhờ làm đúng từng lứa. — Hoàng Văn "
                "Bình, giám đốc hợp tác xã",
            ),
            (
                "paragraph",
                "<p>Hợp tác xã đạt chứng nhận VietGAP; chè móc câu thượng hạng đạt OCOP 4 sao. "
                "Mỗi gói có tem truy xuất cho biết ngày hái và lô sao.</p>",
            ),
        ],
        "gallery": ["tea_hills", "farmers", "trace"],
    },
    "htx-mat-ong-dinh-hoa": {
        "title": "Mật ong Định Hóa: nuôi ong dưới tán rừng ATK",
        "intro": "Những thùng ong đặt dưới tán rừng và vườn nhãn Định Hóa cho mật hoa nhãn, "
        "mật hoa rừng.",
        "image": "bees",
        "body": [
            (
                "paragraph",
                "<p>Các hộ xã viên chuyển thùng ong theo mùa hoa: tháng ba hoa nhãn, mùa thu hoa "
                "rừng. Mật chỉ được quay khi đã đủ già, không pha, không cô.</p>",
            ),
            (
                "paragraph",
                "<p>Hợp tác xã có chứng nhận hữu cơ; mật ong hoa nhãn đạt OCOP 3 sao và được bán "
                "tại chợ Hùng Sơn, chợ La Hiên và trên Chợ Số.</p>",
            ),
        ],
        "gallery": ["bees", "products"],
    },
    "trang-trai-ga-doi-phu-binh": {
        "title": "Gà đồi Phú Bình: thả vườn trên 150 ngày",
        "intro": "Đàn gà chạy đồi, ăn ngô và thóc của nhà trồng, cho thịt chắc và da vàng.",
        "image": "farm",
        "body": [
            (
                "paragraph",
                "<p>Trang trại ở Hương Sơn (Phú Bình cũ) nuôi gà thả trên đồi cỏ, ăn ngô, thóc "
                "và rau. Mỗi lứa gà được nuôi hơn 150 ngày trước khi xuất bán.</p>",
            ),
            (
                "paragraph",
                "<p>Trang trại đạt VietGAP chăn nuôi; gà đồi và trứng gà ta hộp 30 quả đạt OCOP "
                "3 sao, giao trong ngày ở thành phố Thái Nguyên.</p>",
            ),
        ],
        "gallery": ["farm", "products"],
    },
}


def _tree_root() -> Page:
    """Wagtail's root page, recreated (with the default locale) if the database was flushed,
    and the root collection the demo's images go in."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _default_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return locale


def _child(parent: Page, model, slug: str, **fields):
    """The ``model`` page ``slug`` under ``parent``, created (live) with ``fields`` if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
    return page


def _fill_blanks(page: Page, force: bool = False, **fields) -> None:
    """Set the fields that are still empty (an older seed's page) and publish; an editor's
    text is kept, and a page with nothing missing is left alone (no new revision)."""
    changed = force
    for name, value in fields.items():
        current = getattr(page, name)
        empty = current is None or current == "" or (hasattr(current, "__len__") and not current)
        if empty and value:
            setattr(page, name, value)
            changed = True
    if changed:
        page.save_revision().publish()


def _home_page() -> HomePage:
    """The default language's home: the default site's root page, or the first one."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    return HomePage.objects.filter(locale=_default_locale()).order_by(
        "path"
    ).first() or _tree_root().add_child(
        instance=HomePage(title="Chợ Số", slug="trang-chu", locale=_default_locale())
    )


def _ensure_site(home: HomePage) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="Chợ Số"
        )
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Chợ Số"
        site.save()
        if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
            old_root.delete()  # Wagtail's "Welcome" placeholder page


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


def _seed_trace_page(home: HomePage) -> StandardPage:
    page = _child(
        home,
        StandardPage,
        "truy-xuat",
        title="Truy xuất nguồn gốc",
        intro="Quét mã QR trên bao bì để xem sản phẩm do ai làm ra, thu hái khi nào, có chứng "
        "nhận gì.",
    )
    if not any(block.block_type == "trace_lookup" for block in page.body):
        page.body = TRACE_PAGE_BODY
        page.save_revision().publish()
    _fill_blanks(
        page,
        search_description="Tra cứu nguồn gốc nông sản Thái Nguyên: quét mã QR trên tem để "
        "biết người làm ra, ngày thu hái và chứng nhận.",
    )
    return page


def _how_to_pay() -> list:
    return [
        (
            "steps",
            {
                "heading": "Trả tiền bằng mã QR trong 5 bước",
                "steps": [
                    {
                        "title": "Mở ứng dụng ngân hàng",
                        "text": "Ứng dụng của bất kỳ ngân hàng nào, chọn chức năng Quét QR.",
                        "image": None,
                    },
                    {
                        "title": "Quét mã VietQR trên standee",
                        "text": "Đưa camera vào tấm mã đặt trên quầy, giữ yên vài giây.",
                        "image": demo_image("standee"),
                    },
                    {
                        "title": "Kiểm tra tên chủ tài khoản",
                        "text": "Tên hiện trên điện thoại phải đúng tên chủ quầy. Khác tên thì "
                        "đừng chuyển, hãy báo ban quản lý chợ.",
                        "image": None,
                    },
                    {
                        "title": "Nhập số tiền và xác nhận",
                        "text": "Nhập đúng số tiền người bán báo, rồi xác nhận bằng mã OTP hoặc "
                        "vân tay.",
                        "image": demo_image("phone_scan"),
                    },
                    {
                        "title": "Tiểu thương nghe loa báo",
                        "text": "Loa ở quầy đọc “Đã nhận …đồng” khi tiền về. Chỉ khi đó giao dịch "
                        "mới xong.",
                        "image": None,
                    },
                ],
            },
        )
    ]


def _seed_campaign(home: HomePage, faq_entries: list[FAQEntry]) -> CampaignPage:
    page = _child(
        home,
        CampaignPage,
        "cho-4-0",
        title=CAMPAIGN_TITLE,
        intro="Ở chợ 4.0, mỗi quầy hàng có một mã QR. Người mua quét mã bằng ứng dụng ngân hàng "
        "để trả tiền; người bán nhận tiền ngay vào tài khoản, không lo tiền lẻ, tiền giả.",
    )
    _fill_blanks(
        page,
        hero_image=demo_image("market"),
        og_image=demo_image("market"),
        search_description="Chợ 4.0 ở Thái Nguyên: trả tiền bằng mã VietQR ở mọi quầy, từ chợ "
        "Hùng Sơn và chợ La Hiên. Cách quét mã, đăng ký quầy, hỏi đáp.",
        body=[
            (
                "paragraph",
                "<p>Thái Nguyên thí điểm Chợ 4.0 ở <b>chợ Hùng Sơn</b> (Đại Từ) từ cuối tháng "
                "4/2022, rồi ở <b>chợ La Hiên</b> (Võ Nhai). Mục tiêu của tỉnh là ít nhất 60 chợ "
                "4.0 ngay trong năm 2022.</p>",
            ),
            ("heading", "Vì sao nên trả bằng mã QR?"),
            (
                "paragraph",
                "<p>Không phải đổi tiền lẻ, không nhận nhầm tiền giả, và mỗi khoản thu được "
                "ngân hàng ghi lại. Mã là mã VietQR chuẩn NAPAS, ứng dụng ngân hàng nào cũng "
                "quét được.</p>",
            ),
            ("image", _image_block("phone_scan", "Quét mã trên quầy, loa báo khi tiền về.")),
            ("heading", "Ban quản lý chợ theo dõi từng ngày"),
            (
                "paragraph",
                "<p>Ban quản lý chợ xem hằng ngày bao nhiêu quầy có mã QR, bao nhiêu quầy đã "
                "nhận tiền chuyển khoản, số giao dịch và số tiền, để hỗ trợ đúng quầy còn "
                "chưa quen.</p>",
            ),
        ],
        how_to_pay=_how_to_pay(),
        call_to_action=[
            (
                "call_to_action",
                {
                    "heading": "Bạn bán hàng ở chợ?",
                    "text": "Đăng ký quầy với ban quản lý chợ để được in tấm mã QR miễn phí. "
                    "Bạn đi chợ xa? Mua đặc sản của các quầy ngay trên Chợ Số.",
                    "actions": [
                        _link("Đăng ký quầy với ban quản lý chợ", url="/markets/"),
                        _link("Mua đặc sản trực tuyến", url="/shop/"),
                    ],
                },
            )
        ],
    )
    if not page.faq.exists():
        page.faq.set([entry for entry in faq_entries if entry.topic in ("paying", "selling")])
    return page


def _gallery(heading: str, keys: list[str]) -> list:
    return [
        (
            "gallery",
            {"heading": heading, "images": [_image_block(key, IMAGES[key][2].split(": ", 1)[-1])
                                            for key in keys]},
        )
    ]  # fmt: skip


def _seed_markets(home: HomePage) -> MarketIndexPage:
    index = _child(
        home,
        MarketIndexPage,
        "cac-cho",
        title="Chợ 4.0 ở Thái Nguyên",
        intro="Những chợ đã treo mã QR ở các quầy: giờ họp, đặc sản và con số thanh toán không "
        "dùng tiền mặt cập nhật hằng ngày.",
    )
    _fill_blanks(
        index,
        search_description="Danh sách chợ 4.0 ở Thái Nguyên: chợ Hùng Sơn, chợ La Hiên và các "
        "chợ trả tiền bằng mã QR.",
        og_image=demo_image("market"),
    )
    for slug, spec in MARKET_PAGES.items():
        market = Market.objects.filter(slug=slug).first()
        if market is None:
            continue  # seed_markets has not run: the next seed adds the page
        page = MarketPage.objects.filter(market=market, locale=index.locale).first() or _child(
            index, MarketPage, slug, title=market.name, market=market
        )
        _fill_blanks(
            page,
            intro=spec["intro"],
            search_description=spec["search"],
            og_image=demo_image(spec["image"]),
            body=[*spec["body"], ("image", _image_block(spec["image"], market.name))],
            # "Hình ảnh chợ Hùng Sơn": the common noun in lower case, the name as it is.
            gallery=_gallery(f"Hình ảnh c{market.name[1:]}", spec["gallery"]),
        )
    return index


def _seed_producers(home: HomePage) -> tuple[ProducerIndexPage, dict[str, ProducerStoryPage]]:
    index = _child(
        home,
        ProducerIndexPage,
        "nguoi-san-xuat",
        title="Câu chuyện người làm ra",
        intro="Người trồng chè, nuôi ong, chăn gà ở Thái Nguyên kể về sản phẩm của mình.",
    )
    _fill_blanks(
        index,
        search_description="Câu chuyện các hợp tác xã và hộ sản xuất Thái Nguyên: chè Tân "
        "Cương, mật ong Định Hóa, gà đồi Phú Bình.",
        og_image=demo_image("farmers"),
    )
    stories = {}
    for slug, spec in PRODUCER_STORIES.items():
        producer = Producer.objects.filter(slug=slug).first()
        if producer is None:
            continue  # seed_producers has not run: the next seed adds the story
        page = ProducerStoryPage.objects.filter(
            producer=producer, locale=index.locale
        ).first() or _child(index, ProducerStoryPage, slug, title=spec["title"], producer=producer)
        _fill_blanks(
            page,
            intro=spec["intro"],
            search_description=spec["intro"],
            cover_image=demo_image(spec["image"]),
            og_image=demo_image(spec["image"]),
            body=spec["body"],
            gallery=_gallery("Hình ảnh", spec["gallery"]),
        )
        stories[slug] = page
    return index, stories


def _seed_news(home: HomePage, specs: list[dict] = NEWS) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(home).first() or _child(
        home, NewsIndexPage, "tin-tuc", title="Tin tức", intro="Tin Chợ 4.0 và OCOP."
    )
    _fill_blanks(
        index,
        search_description="Tin tức Chợ 4.0, OCOP và truy xuất nguồn gốc ở Thái Nguyên.",
    )
    for spec in specs:
        page = _child(
            index,
            NewsPage,
            spec["slug"],
            title=spec["title"],
            date=spec["date"],
            summary=spec["summary"],
        )
        untagged = not page.tags.exists()
        if untagged:
            page.tags.add(*spec["tags"])  # saved by the revision published below
        _fill_blanks(
            page,
            force=untagged,
            author=spec["author"],
            cover_image=demo_image(spec["image"]),
            search_description=spec["summary"],
            body=spec["body"],
        )
    return index


HOME_SEARCH = (
    "Chợ Số: đặc sản Thái Nguyên từ tay người làm ra. Chè Tân Cương, mật ong, gà đồi, sản phẩm "
    "OCOP; chợ 4.0 trả tiền bằng mã QR; tra cứu nguồn gốc."
)


def home_body(*, campaign, market_index, story, producer, province, english=False) -> list:
    """Every home block, in the order a visitor reads them. ``producer`` None (no demo
    producers yet) leaves the spotlight out."""
    t = (lambda vi, en: en) if english else (lambda vi, en: vi)
    body = [
        (
            "hero",
            {
                "image": demo_image("market"),
                "heading": t(
                    "Đặc sản Thái Nguyên, từ tay người làm ra",
                    "Thái Nguyên specialities, from the people who make them",
                ),
                "text": t(
                    "Chè Tân Cương, mật ong, gà đồi và sản phẩm OCOP — mua trực tuyến, trả bằng "
                    "mã QR chuyển khoản; tìm chợ 4.0 và tra cứu nguồn gốc mỗi gói hàng.",
                    "Tân Cương tea, honey, hill chicken and OCOP products: buy online, pay by "
                    "bank-transfer QR, find a Chợ 4.0 market and trace every packet.",
                ),
                "actions": [
                    _link(t("Tìm hiểu Chợ 4.0", "About Chợ 4.0"), page=campaign),
                    _link(t("Mua đặc sản", "Shop"), url="/shop/"),
                ],
            },
        ),
        (
            "adoption_figures",
            {
                "heading": t("Chợ 4.0 ở Thái Nguyên hôm nay", "Chợ 4.0 in Thái Nguyên today"),
                "market": None,
                "province": province,
            },
        ),
        (
            "featured_products",
            {
                "heading": t("Sản phẩm OCOP mới lên kệ", "New OCOP products"),
                "products": [],
                "min_ocop_stars": 3,
                "count": 8,
            },
        ),
        ("heading", t("Đi chợ không cần tiền mặt", "Market shopping without cash")),
        (
            "paragraph",
            t(
                "<p>Ở chợ 4.0, mỗi quầy có một tấm mã <b>VietQR</b>. Bạn quét mã bằng ứng dụng "
                "ngân hàng, kiểm tra tên chủ quầy và nhập số tiền; loa ở quầy báo ngay khi "
                "tiền về.</p>",
                "<p>At a Chợ 4.0 market every stall has a <b>VietQR</b> code. Scan it with your "
                "banking app, check the stallholder's name and type the amount; the stall's "
                "speaker announces the money as it arrives.</p>",
            ),
        ),
        (
            "image",
            _image_block(
                "standee",
                t("Tấm mã QR và loa báo tiền trên quầy.", "The stall's QR standee and speaker."),
            ),
        ),
    ]
    if producer is not None:
        body.append(
            (
                "producer_spotlight",
                {
                    "producer": producer,
                    "text": t(
                        "45 hộ trồng chè ở Tân Cương sao chè bằng tay theo cách truyền thống; "
                        "chè móc câu của hợp tác xã đạt OCOP 4 sao.",
                        "45 tea-growing households in Tân Cương roast their tea by hand; the "
                        "cooperative's hook-shaped tea is rated OCOP 4 stars.",
                    ),
                    "story": story,
                },
            )
        )
    body += [
        (
            "market_map",
            {"heading": t("Các chợ 4.0", "Chợ 4.0 markets"), "markets": []},
        ),
        (
            "bank_apps",
            {
                "heading": t(
                    "Ứng dụng ngân hàng nào cũng quét được", "Any Vietnamese banking app works"
                )
            },
        ),
        (
            "faq",
            {
                "heading": t("Hỏi đáp về thanh toán", "Questions about paying"),
                "entries": [],
                "topic": "paying",
            },
        ),
        (
            "gallery",
            {
                "heading": t("Từ đồi chè đến quầy chợ", "From the tea hills to the market"),
                "images": [
                    _image_block("tea_hills", t("Đồi chè Tân Cương", "Tân Cương tea hills")),
                    _image_block("farmers", t("Mùa hái chè", "Tea picking")),
                    _image_block("bees", t("Nuôi ong ở Định Hóa", "Bees in Định Hóa")),
                ],
            },
        ),
        ("heading", t("Gói hàng này từ đâu?", "Where does this packet come from?")),
        ("trace_lookup", None),
        (
            "call_to_action",
            {
                "heading": t("Bạn bán hàng ở chợ?", "Do you sell at a market?"),
                "text": t(
                    "Đăng ký quầy để được in mã QR miễn phí, hoặc liên hệ ban quản lý chợ gần bạn.",
                    "Register your stall for a free QR standee, or contact your market board.",
                ),
                "actions": [
                    _link(t("Đăng ký quầy", "Register a stall"), url="/markets/"),
                    _link(
                        t("Liên hệ ban quản lý chợ", "Contact the market board"),
                        page=market_index,
                    ),
                ],
            },
        ),
    ]
    return body


def _missing_home_blocks(home: HomePage, wanted: list) -> set[str]:
    have = {block.block_type for block in home.body}
    return {name for name, _value in wanted} - have


# English: short versions of the main pages, as Wagtail translations (same translation key).
ENGLISH = {
    "home": {"title": "Chợ Số", "search_description": "Thái Nguyên specialities from the "
             "people who make them: tea, honey, hill chicken, OCOP products; cashless Chợ 4.0 "
             "markets; product traceability."},
    "campaign": {
        "title": "Chợ 4.0 — cashless markets",
        "intro": "At a Chợ 4.0 market every stall has a QR code. Shoppers pay by scanning it "
        "with their banking app; the money goes straight to the stallholder's account.",
        "search_description": "Chợ 4.0 in Thái Nguyên: pay by VietQR at every stall, from Hùng "
        "Sơn and La Hiên markets. How to scan, register a stall, questions.",
        "body": [
            ("paragraph", "<p>Thái Nguyên piloted Chợ 4.0 at <b>Hùng Sơn market</b> (Đại Từ) "
             "from late April 2022, then at <b>La Hiên market</b> (Võ Nhai), aiming for at "
             "least 60 such markets in 2022.</p>"),
            ("paragraph", "<p>No change to count, no counterfeit notes, and every payment is on "
             "the bank's record. The codes are NAPAS VietQR codes: every banking app reads "
             "them.</p>"),
        ],
        "how_to_pay": [("steps", {"heading": "Pay by QR in five steps", "steps": [
            {"title": "Open your banking app", "text": "Any bank's app; choose Scan QR.",
             "image": None},
            {"title": "Scan the VietQR standee", "text": "Point the camera at the code on the "
             "stall.", "image": None},
            {"title": "Check the account holder", "text": "The name shown must be the "
             "stallholder's. If not, do not pay: tell the market board.", "image": None},
            {"title": "Type the amount and confirm", "text": "Enter the amount the seller asks "
             "for and confirm.", "image": None},
            {"title": "The stall's speaker announces it", "text": "The payment is done when "
             "the speaker says the money has arrived.", "image": None},
        ]})],
        "call_to_action": [("call_to_action", {
            "heading": "Do you sell at a market?",
            "text": "Register your stall with the market board for a free QR standee. Far "
            "from the market? Buy the stalls' specialities online.",
            "actions": [
                {"label": "Register a stall", "page": None, "url": "/markets/"},
                {"label": "Shop online", "page": None, "url": "/shop/"},
            ],
        })],
    },
    "markets": {"title": "Chợ 4.0 in Thái Nguyên", "intro": "Markets where every stall takes "
                "QR payments: opening days, specialities and live cashless figures.",
                "search_description": "Thái Nguyên's Chợ 4.0 markets: Hùng Sơn, La Hiên and "
                "more, paying by QR."},
    "producers": {"title": "The people who make it", "intro": "Tea growers, beekeepers and "
                  "farmers of Thái Nguyên tell the story of their products.",
                  "search_description": "Stories of Thái Nguyên cooperatives and farms: Tân "
                  "Cương tea, Định Hóa honey, Phú Bình hill chicken."},
    "news": {"title": "News", "intro": "Chợ 4.0 and OCOP news.",
             "search_description": "News about Chợ 4.0, OCOP and traceability in Thái Nguyên."},
}  # fmt: skip


def _translate(page: Page, locale_en: Locale, **fields) -> tuple[Page, bool]:
    """The English translation of ``page`` and whether it is new: copied once with ``fields``
    set, then published; an existing translation is left as it is."""
    page = page.specific
    translation = page.get_translation_or_none(locale_en)
    if translation is not None:
        return translation.specific, False
    translation = page.copy_for_translation(locale_en, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation, True


def seed_translations(
    *, home, campaign, market_index, producer_index, news_index, faq_entries, context
) -> HomePage:
    """Short English versions of the main pages and the FAQ (Wagtail's built-in i18n)."""
    locale_en, _ = Locale.objects.get_or_create(language_code="en")
    english_faq = translate_snippets(faq_entries, locale_en)
    home_en, home_is_new = _translate(home, locale_en, **ENGLISH["home"])
    campaign_en, new = _translate(campaign, locale_en, **ENGLISH["campaign"])
    if new:  # the English questions, not the Vietnamese ones the copy may carry
        campaign_en.faq.set(
            [
                english_faq[pk]
                for pk in campaign.faq.values_list("pk", flat=True)
                if pk in english_faq
            ]
        )
    market_index_en, _new = _translate(market_index, locale_en, **ENGLISH["markets"])
    _translate(producer_index, locale_en, **ENGLISH["producers"])
    _translate(news_index, locale_en, **ENGLISH["news"])
    wanted = home_body(campaign=campaign_en, market_index=market_index_en, english=True, **context)
    if home_is_new or _missing_home_blocks(home_en, wanted):
        home_en.body = wanted
        home_en.save_revision().publish()
    return home_en


# The base tree's home (``seed_pages``): a hero and the newest OCOP products.
BASE_HOME_BODY = [
    (
        "hero",
        {
            "heading": "Đặc sản Thái Nguyên, từ tay người làm ra",
            "text": "Chè Tân Cương, mật ong, gà đồi và sản phẩm OCOP — mua trực tuyến, trả bằng "
            "mã QR chuyển khoản; tìm chợ 4.0 và tra cứu nguồn gốc mỗi gói hàng.",
            "actions": [{"label": "Mua đặc sản", "page": None, "url": "/shop/"}],
        },
    ),
    (
        "featured_products",
        {"heading": "Sản phẩm mới", "products": [], "min_ocop_stars": 3, "count": 8},
    ),
]


@transaction.atomic
def seed_pages() -> HomePage:
    """The base tree, in Vietnamese only: the home page (a hero and the newest OCOP products),
    the traceability page and the news with two articles. What tests build on; ``seed_site``
    adds the rest of the demo. Returns the home page."""
    _tree_root()
    _default_locale()
    home = _home_page()
    _ensure_site(home)
    if not home.body:
        home.body = BASE_HOME_BODY
        home.save_revision().publish()
    _seed_trace_page(home)
    _seed_news(home, NEWS[:2])
    return home


@transaction.atomic
def seed_site() -> HomePage:
    """The whole demo site (``seed_demo``); returns the (default-language) home page."""
    _tree_root()
    locale = _default_locale()
    home = _home_page()
    _ensure_site(home)
    faq_entries = seed_snippets(locale)
    _seed_trace_page(home)
    campaign = _seed_campaign(home, faq_entries)
    market_index = _seed_markets(home)
    producer_index, stories = _seed_producers(home)
    news_index = _seed_news(home)

    spotlight = "htx-che-tan-cuong-hoang-binh"
    context = {
        "story": stories.get(spotlight),
        "producer": Producer.objects.filter(slug=spotlight).first(),
        "province": Province.objects.filter(slug=PROVINCE["slug"]).first(),
    }
    wanted = home_body(campaign=campaign, market_index=market_index, **context)
    # An older seed's home (hero and products, or headings and paragraphs), or one made before
    # the producers existed, gets the whole demo body; a complete home is left alone.
    if _missing_home_blocks(home, wanted) or not home.search_description:
        if _missing_home_blocks(home, wanted):
            home.body = wanted
        home.title = home.title or "Chợ Số"
        home.search_description = home.search_description or HOME_SEARCH
        home.og_image = home.og_image or demo_image("market")
        home.save_revision().publish()
    seed_translations(
        home=home,
        campaign=campaign,
        market_index=market_index,
        producer_index=producer_index,
        news_index=news_index,
        faq_entries=faq_entries,
        context=context,
    )
    return home
