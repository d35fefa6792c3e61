"""A production install needs no demo data: the migrations alone make the role groups with
their permissions, Viet Nam as the shipping country, the product classes with the GTIN
attribute and Thái Nguyên's communes. Every test here reads pytest-django's freshly migrated
database, with no ``seed_demo``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from oscar.core.loading import get_model

from catalog.product_classes import (
    FARM,
    GTIN_ATTRIBUTE,
    PRODUCT_CLASSES,
    TEA,
    ensure_product_classes,
)
from core.permissions import GROUP_PERMISSIONS, PRODUCER_GROUP, ensure_groups
from core.text import slugify
from fulfilment.shipping import ensure_shipping_country
from market import services as market_services
from market.models import Commune, Province
from market.units import COMMUNES, ensure_initial_units
from tests.market import builders as market_builders
from tests.market.test_places import UNITS

pytestmark = pytest.mark.django_db
Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

ROLES = {
    "Producer staff": {("partner", "dashboard_access")},
    "Market board": set(),
    "Stallholder": set(),
    "Community digital team": set(),
    "Provincial official": set(),
    "Biên tập viên": {
        ("wagtailadmin", "access_admin"),
        ("cms", "add_faqentry"),
        ("cms", "change_faqentry"),
        ("cms", "view_faqentry"),
        ("cms", "add_bankapp"),
        ("cms", "change_bankapp"),
        ("cms", "view_bankapp"),
        ("simple_translation", "submit_translation"),
    },
    "Kiểm duyệt viên": {
        ("wagtailadmin", "access_admin"),
        ("cms", "add_faqentry"),
        ("cms", "change_faqentry"),
        ("cms", "view_faqentry"),
        ("cms", "delete_faqentry"),
        ("cms", "add_bankapp"),
        ("cms", "change_bankapp"),
        ("cms", "view_bankapp"),
        ("cms", "delete_bankapp"),
        ("simple_translation", "submit_translation"),
    },
    "Finance": {
        ("payments", "view_bankfeedevent"),
        ("payments", "resolve_bankfeedevent"),
        ("payments", "import_bank_statement"),
        ("payments", "view_bankfeedrejection"),
        ("payments", "accept_bankfeedrejection"),
        ("payments", "view_cardpayment"),
        ("payments", "refund_cardpayment"),
        ("payments", "view_paymentrequest"),
        ("payments", "record_cash_payment"),
        ("fulfilment", "view_payoutentry"),
        ("fulfilment", "record_payout"),
    },
}


def permissions_of(group: Group) -> set[tuple[str, str]]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_every_role_group_exists_with_its_permissions():
    assert set(GROUP_PERMISSIONS) == set(ROLES)
    for name, expected in ROLES.items():
        assert permissions_of(Group.objects.get(name=name)) == expected, name


def test_viet_nam_is_the_shipping_country():
    shipping = Country.objects.filter(is_shipping_country=True)
    assert list(shipping.values_list("iso_3166_1_a2", "iso_3166_1_a3", "printable_name")) == [
        ("VN", "VNM", "Việt Nam")
    ]


def test_tea_and_farm_produce_classes_carry_their_attributes_and_gtin():
    for name in (TEA, FARM):
        product_class = ProductClass.objects.get(slug=slugify(name))
        assert product_class.track_stock and product_class.requires_shipping
        codes = set(product_class.attributes.values_list("code", flat=True))
        assert codes == {code for code, _, _ in PRODUCT_CLASSES[name]}
        assert GTIN_ATTRIBUTE in codes
    tea_type = ProductAttribute.objects.get(product_class__slug="che", code="tea_type")
    options = set(tea_type.option_group.options.values_list("option", flat=True))
    assert options == {"Móc câu", "Nõn tôm", "Đinh", "Búp"}


def test_thai_nguyen_and_its_communes_exist_two_levels():
    province = Province.objects.get(slug="thai-nguyen")
    assert (province.code, province.name) == ("19", "Tỉnh Thái Nguyên")
    assert province.communes.count() == len(COMMUNES) >= 16
    dai_tu = Commune.objects.get(province=province, slug="xa-dai-tu")
    assert dai_tu.former_district == "Huyện Đại Từ"
    assert Commune.objects.get(slug="xa-cho-don").former_label == "Huyện Chợ Đồn, Tỉnh Bắc Kạn"
    # A market can be registered straight away on one of them.
    market = market_builders.market()
    assert market.commune == dai_tu


def test_the_official_unit_list_adopts_the_migrations_units():
    report = market_services.admin_units_import(
        upload=market_builders.csv_upload(UNITS, "units.csv")
    )
    assert report.ok, report.errors
    assert Province.objects.filter(slug="thai-nguyen").get().code == "19"
    assert Commune.objects.filter(name="Xã Đại Từ").get().code == "05695"  # adopted, not doubled
    assert Commune.objects.filter(name="Xã Chợ Đồn").get().code == "01912"


def test_producer_staff_made_on_a_fresh_install_reach_their_dashboard(client):
    partner = Partner.objects.create(name="HTX Chè Mới", code="htx-che-moi")
    user = User.objects.create_user("nong.dan", "nong.dan@example.vn", "demo12345")
    user.groups.add(Group.objects.get(name=PRODUCER_GROUP))
    partner.users.add(user)
    other = Partner.objects.create(name="HTX Khác", code="htx-khac")
    tea = ProductClass.objects.get(slug="che")
    own = Product.objects.create(title="Chè móc câu của tôi", product_class=tea)
    StockRecord.objects.create(product=own, partner=partner, partner_sku="A1", price=100000)
    theirs = Product.objects.create(title="Chè của người khác", product_class=tea)
    StockRecord.objects.create(product=theirs, partner=other, partner_sku="B1", price=100000)
    client.force_login(user)
    assert client.get("/shop/dashboard/").status_code == 200
    products = client.get("/shop/dashboard/catalogue/")
    assert products.status_code == 200
    assert own.title in products.content.decode()
    assert theirs.title not in products.content.decode()


def test_the_ensure_functions_add_nothing_twice_and_keep_edits():
    counts = (
        Group.objects.count(),
        Country.objects.count(),
        ProductClass.objects.count(),
        ProductAttribute.objects.count(),
        Province.objects.count(),
        Commune.objects.count(),
    )
    Commune.objects.filter(slug="xa-dai-tu").update(name="Xã Đại Từ (đã sửa)")
    ensure_groups()
    ensure_shipping_country()

    ensure_product_classes()
    ensure_initial_units()
    assert counts == (
        Group.objects.count(),
        Country.objects.count(),
        ProductClass.objects.count(),
        ProductAttribute.objects.count(),
        Province.objects.count(),
        Commune.objects.count(),
    )
    assert Commune.objects.get(slug="xa-dai-tu").name == "Xã Đại Từ (đã sửa)"


def test_initial_units_find_a_province_loaded_under_another_slug():
    Commune.objects.all().delete()
    Province.objects.all().delete()
    loaded = Province.objects.create(code="19", name="Thái Nguyên", slug="tinh-thai-nguyen")
    assert ensure_initial_units() == loaded
    assert Province.objects.count() == 1 and loaded.communes.count() == len(COMMUNES)


def test_after_a_flush_the_ensure_functions_rebuild_everything():
    """What seed_demo and tests whose database was emptied rely on."""
    Group.objects.all().delete()
    Country.objects.all().delete()
    ProductAttribute.objects.all().delete()
    ProductClass.objects.all().delete()
    Commune.objects.all().delete()
    Province.objects.all().delete()

    ensure_groups()
    ensure_shipping_country()
    ensure_product_classes()
    ensure_initial_units()
    test_every_role_group_exists_with_its_permissions()
    test_viet_nam_is_the_shipping_country()
    test_tea_and_farm_produce_classes_carry_their_attributes_and_gtin()
    assert Commune.objects.count() == len(COMMUNES)
