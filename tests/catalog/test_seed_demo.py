"""seed_demo: realistic Thái Nguyên demo data, idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from PIL import Image

from catalog.demo import illustration_jpeg, seed_producers
from catalog.models import Certification, Producer
from catalog.selectors import search_products
from cms.models import HomePage
from market.models import Commune, Market, Stall, StallQR

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductAttribute = get_model("catalogue", "ProductAttribute")


def counts():
    return {
        "producers": Producer.objects.count(),
        "products": Product.objects.count(),
        "stock": StockRecord.objects.count(),
        "users": get_user_model().objects.count(),
        "markets": Market.objects.count(),
        "stalls": Stall.objects.count(),
        "communes": Commune.objects.count(),
        "registered_qrs": StallQR.objects.count(),
        "certifications": Certification.objects.count(),
    }


def test_seed_demo_builds_the_demo_world_and_is_idempotent(client):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first

    assert first["producers"] >= 6 and first["products"] >= 25
    assert set(Market.objects.values_list("name", flat=True)) >= {"Chợ Hùng Sơn", "Chợ La Hiên"}
    # Names kept whole, as typed: never "Anh Lê Minh".
    shopper = get_user_model().objects.get(username="shopper")
    assert (shopper.get_full_name(), shopper.last_name) == ("Lê Minh Anh", "")
    assert Market.objects.get(name="Chợ Hùng Sơn").commune.former_district == "Huyện Đại Từ"
    assert Market.objects.get(name="Chợ La Hiên").commune.former_district == "Huyện Võ Nhai"
    assert all(sr.price > 0 and sr.price == int(sr.price) for sr in StockRecord.objects.all())
    assert all(p.primary_image().original for p in Product.objects.all())
    assert HomePage.objects.get(locale__language_code="vi").url == "/"  # and its translation

    demo_users = (
        "admin",
        "ketoan",
        "farmer.tancuong",
        "board.hungson",
        "stall.hungson.01",
        "shopper",
        "digital.daitu",
        "official.thainguyen",
    )
    for username in demo_users:
        assert client.login(username=username, password="demo12345"), username
        client.logout()
    User = get_user_model()
    helper = User.objects.get(username="digital.daitu")
    assert helper.assisted_producers.count() == 2
    client.force_login(helper)
    assert client.get("/producer/").status_code == 200  # chooses between the two producers
    client.logout()
    assert User.objects.get(username="admin").is_superuser
    finance = User.objects.get(username="ketoan")
    assert finance.is_staff and not finance.is_superuser
    assert finance.groups.filter(name="Finance").exists()
    client.force_login(finance)
    for money_page in ("/pay/dashboard/bank-events/", "/pay/dashboard/cod/", "/payouts/"):
        assert client.get(money_page).status_code == 200, money_page
    client.logout()
    farmer = User.objects.get(username="farmer.tancuong")
    assert farmer.partners.get().producer.name == "HTX Chè Tân Cương Hoàng Bình"
    assert Market.objects.get(slug="cho-hung-son").board_members.filter(username="board.hungson")
    assert Stall.objects.get(stallholder__username="stall.hungson.01").code == "HS-01"

    # Producers: bank accounts from the registry, photos, certificates with documents.
    for producer in Producer.objects.all():
        assert producer.has_bank_account and producer.account_holder.isupper(), producer
        producer.full_clean()  # bank BIN, account and holder pass the same checks as forms
        assert producer.photo and producer.slug.isascii()
    assert Certification.objects.filter(kind="ocop").count() >= 15
    expired = Certification.objects.expired()
    assert expired.filter(kind="ocop").count() >= 1
    assert {"vietgap", "organic", "gi"} <= set(Certification.objects.values_list("kind", flat=True))
    for cert in Certification.objects.all():
        assert cert.document.read(4) in (b"%PDF", b"\x89PNG"), cert
    assert not ProductAttribute.objects.filter(code="ocop_stars").exists()
    assert ProductAttribute.objects.filter(code="gtin").count() == 2
    # Search works on the demo catalogue without accents.
    assert search_products("che tan cuong")[0].title.startswith(
        ("Chè Tân Cương", "Hộp quà chè Tân")
    )
    assert search_products("mat ong")[0].title.startswith("Mật ong")


def test_seed_demo_markets_have_believable_registers(client):
    call_command("seed_demo", verbosity=0)
    markets = Market.objects.all()
    assert markets.count() >= 5
    for market in markets:
        stalls = market.stalls.count()
        assert 20 <= stalls <= 60, market
        with_qr = StallQR.objects.filter(stall__market=market, is_active=True).count()
        assert 0 < with_qr < stalls, market  # a realistic share, never all
    for stall in Stall.objects.exclude(bank_bin=""):
        stall.full_clean()  # bank BIN from the registry, valid account and holder name
    hung_son = Market.objects.get(slug="cho-hung-son")
    assert hung_son.cashless_launch_date.isoformat() == "2022-04-26"
    assert hung_son.digital_team.filter(username="digital.daitu").exists()
    assert hung_son.commune.province.officials.filter(username="official.thainguyen").exists()
    assert Commune.objects.filter(former_province="Tỉnh Bắc Kạn").exists()
    # Each role sees something useful the moment they sign in.
    for username, landing, expected in [
        ("board.hungson", "/markets/mine/", "Chợ Hùng Sơn"),
        ("stall.hungson.01", "/stall/", "HS-01"),
        ("official.thainguyen", "/markets/mine/", "Chợ La Hiên"),
        ("editor.cms", "/cms/", "Chợ Số"),
        ("moderator.cms", "/cms/", "Chợ Số"),
    ]:
        assert client.login(username=username, password="demo12345")
        response = client.post("/accounts/login/", {"username": username, "password": "demo12345"})
        assert response["Location"] == landing, username
        assert expected in client.get(landing, follow=True).content.decode(), username
        client.logout()


def photo_of(sku: str):
    image = StockRecord.objects.get(partner_sku=sku).product.primary_image()
    with image.original.open("rb") as stored:
        return image, stored.read()


def test_seed_demo_gives_each_product_the_illustration_of_its_kind():
    seed_producers()
    tea_image, tea = photo_of("TC-MC-200")
    _, honey = photo_of("MO-NH-500")
    _, gift = photo_of("TC-HQ-01")
    assert tea == illustration_jpeg("tea") and honey == illustration_jpeg("honey")
    assert gift == illustration_jpeg("tea_gift")
    # A second honey on the shelf is the same kind of picture, not the same picture.
    _, forest_honey = photo_of("MO-RU-1000")
    assert forest_honey == illustration_jpeg("honey", 1)
    assert len({tea, honey, gift, forest_honey}) == 4
    assert tea_image.original.name.endswith("tc-mc-200-tea.jpg")
    assert tea_image.caption == "Chè Tân Cương móc câu thượng hạng 200g"
    for record in StockRecord.objects.all():
        _, data = photo_of(record.partner_sku)
        picture = Image.open(io.BytesIO(data))
        assert (picture.format, picture.size) == ("JPEG", (960, 960)), record.partner_sku
        assert len(data) < 60_000, record.partner_sku


def test_seed_demo_swaps_an_older_seeds_placeholder_once_and_keeps_uploaded_photos():
    seed_producers()
    product = StockRecord.objects.get(partner_sku="MO-NH-500").product
    placeholder = product.primary_image()
    # What the older seed stored: a coloured square named after the SKU (here taken twice).
    square = io.BytesIO()
    Image.new("RGB", (600, 600), (200, 129, 26)).save(square, "JPEG")
    placeholder.original.save("mo-nh-500.jpg", ContentFile(square.getvalue()))
    placeholder.original.save("mo-nh-500.jpg", ContentFile(square.getvalue()))
    old_file = placeholder.original.name
    assert old_file.rsplit("/", 1)[-1].startswith("mo-nh-500_")
    uploaded = product.images.create(display_order=1, caption="")
    uploaded.original.save("mat-ong-hoa-nhan-500ml.jpg", ContentFile(square.getvalue()))
    card = get_thumbnailer().generate_thumbnail(placeholder.original, size="360x360", crop="center")
    assert card.exists()

    seed_producers()
    placeholder.refresh_from_db()
    assert not card.exists()  # the square's card-sized copy went with it
    fresh = get_thumbnailer().generate_thumbnail(
        placeholder.original, size="360x360", crop="center"
    )
    assert len(Image.open(io.BytesIO(fresh.read())).getcolors(360 * 360)) > 100  # not the square
    assert placeholder.original.name.rsplit("/", 1)[-1].startswith("mo-nh-500-honey")
    with placeholder.original.open("rb") as stored:
        assert stored.read() == illustration_jpeg("honey")
    assert not placeholder.original.storage.exists(old_file)
    uploaded.refresh_from_db()
    assert uploaded.original.name.endswith("mat-ong-hoa-nhan-500ml.jpg")
    with uploaded.original.open("rb") as stored:
        assert stored.read() == square.getvalue()

    swapped = placeholder.original.name
    seed_producers()
    placeholder.refresh_from_db()
    assert placeholder.original.name == swapped  # done once, not on every run
    assert product.images.count() == 2
