"""Two levels of places since 1 July 2025: loading a unit list (admin upload, command), and the
data migration that moved communes and producers off districts."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from market import services
from market.models import Commune, Province
from tests.market import builders

UNITS = (
    "province_code,province_name,code,name,kind,former_district,former_province,"
    "province_former_names\n"
    '19,Tỉnh Thái Nguyên,05695,Xã Đại Từ,xã,Huyện Đại Từ,,"Tỉnh Thái Nguyên, Tỉnh Bắc Kạn"\n'
    "19,Tỉnh Thái Nguyên,05443,Phường Phan Đình Phùng,,Thành phố Thái Nguyên,,\n"
    "19,Tỉnh Thái Nguyên,01912,Xã Chợ Đồn,commune,Huyện Chợ Đồn,Tỉnh Bắc Kạn,\n"
    "08,Tỉnh Tuyên Quang,02230,Xã Na Hang,,Huyện Na Hang,,\n"
)


@pytest.fixture
def no_units():
    """An empty unit table (a migration puts Thái Nguyên's working list there)."""
    Commune.objects.all().delete()
    Province.objects.all().delete()


@pytest.mark.django_db
def test_unit_list_loads_all_rows_and_is_idempotent_by_code(no_units):
    report = services.admin_units_import(upload=builders.csv_upload(UNITS, "units.csv"))
    assert report.ok, report.errors
    assert (report.created, report.provinces_created) == (4, 2)
    thai_nguyen = Province.objects.get(code="19")
    assert thai_nguyen.former_names == "Tỉnh Thái Nguyên, Tỉnh Bắc Kạn"
    ward = Commune.objects.get(code="05443")
    assert ward.kind == "ward" and ward.province == thai_nguyen  # kind read from the name
    cho_don = Commune.objects.get(code="01912")
    assert cho_don.former_label == "Huyện Chợ Đồn, Tỉnh Bắc Kạn"
    again = services.admin_units_import(upload=builders.csv_upload(UNITS, "units.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    renamed = UNITS.replace("Xã Na Hang,,", "Xã Na Hang,commune,")
    renamed = renamed.replace("05695,Xã Đại Từ,xã,Huyện Đại Từ", "05695,Xã Đại Từ,xã,H. Đại Từ")
    third = services.admin_units_import(upload=builders.csv_upload(renamed, "units.csv"))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    assert Commune.objects.get(code="05695").former_district == "H. Đại Từ"


@pytest.mark.django_db
def test_unit_list_adopts_units_made_before_codes_were_known():
    market = builders.market()  # its commune "Xã Đại Từ" has no official code yet
    Province.objects.filter(pk=market.commune.province_id).update(code=None)
    report = services.admin_units_import(upload=builders.csv_upload(UNITS, "units.csv"))
    assert report.ok, report.errors
    assert Commune.objects.get(pk=market.commune_id).code == "05695"  # adopted, not doubled
    assert Commune.objects.filter(name="Xã Đại Từ").count() == 1
    assert Province.objects.filter(slug="thai-nguyen").get().code == "19"


@pytest.mark.django_db
def test_unit_list_with_a_bad_row_loads_nothing(no_units):
    bad = UNITS + (
        "19,Tỉnh Thái Nguyên,05695,Xã Trùng Mã,,,,\n"
        "19,Tỉnh Thái Nguyên,ABC,Xã Sai Mã,,,,\n"
        "19,Thái Nguyên khác tên,09999,Xã Khác,,,,\n"
        "19,Tỉnh Thái Nguyên,09998,Xã Lạ,thôn,,,\n"
    )
    report = services.admin_units_import(upload=builders.csv_upload(bad, "units.csv"))
    assert not report.ok
    found = {(error.row, error.field) for error in report.errors}
    assert {(6, "code"), (7, "code"), (8, "province_name"), (9, "kind")} <= found
    assert Commune.objects.count() == 0 and Province.objects.count() == 0


@pytest.mark.django_db
def test_management_command_loads_xlsx_and_reports_errors(tmp_path):
    upload = builders.xlsx_upload(
        [line.split(",")[:6] for line in UNITS.splitlines()[:3]], "units.xlsx"
    )
    path = tmp_path / "units.xlsx"
    path.write_bytes(upload.read())
    call_command("load_admin_units", str(path), verbosity=0)
    assert Commune.objects.filter(code__in=["05695", "05443"]).count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("province_code,province_name,code,name\n19,,1,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_admin_units", str(bad), verbosity=0)


@pytest.mark.django_db
def test_admin_upload_page(admin_client, no_units):
    page = admin_client.get("/django-admin/market/commune/")
    assert "/django-admin/market/commune/upload/" in page.content.decode()
    response = admin_client.post(
        "/django-admin/market/commune/upload/",
        {"file": builders.csv_upload(UNITS, "units.csv")},
    )
    assert response.status_code == 302 and Commune.objects.count() == 4
    response = admin_client.post(
        "/django-admin/market/commune/upload/",
        {"file": builders.csv_upload("province_code,name\n", "units.csv")},
    )
    assert response.status_code == 200 and "Thiếu cột" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_data_migration_moves_communes_and_producers_off_districts(no_units):
    """From the three-level schema with data, forward to today's: nothing is lost.

    (Going back past market 0003 needs an empty unit table: a two-level commune has no
    district to go back to. ``no_units`` removes the ones market 0009 made.)"""
    executor = MigrationExecutor(connection)
    old = [("market", "0002_alter_commune_options_alter_district_options_and_more"),
           ("catalog", "0004_certification_ocop_stars_not_null")]  # fmt: skip
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Province_ = apps.get_model("market", "Province")
    District = apps.get_model("market", "District")
    Commune_ = apps.get_model("market", "Commune")
    Stall_ = apps.get_model("market", "Stall")
    Market_ = apps.get_model("market", "Market")
    Partner = apps.get_model("partner", "Partner")
    Producer = apps.get_model("catalog", "Producer")
    province = Province_.objects.create(name="Thái Nguyên", slug="thai-nguyen")
    dai_tu = District.objects.create(province=province, name="Huyện Đại Từ", slug="huyen-dai-tu")
    vo_nhai = District.objects.create(province=province, name="Huyện Võ Nhai", slug="vo-nhai")
    hung_son = Commune_.objects.create(district=dai_tu, name="Hùng Sơn", slug="hung-son")
    Commune_.objects.create(district=dai_tu, name="Tân Lập", slug="tan-lap")
    Commune_.objects.create(district=vo_nhai, name="Tân Lập", slug="tan-lap")
    market = Market_.objects.create(name="Chợ Hùng Sơn", slug="cho-hung-son", commune=hung_son)
    Stall_.objects.create(market=market, code="HS-01", name="Chè", goods_category="Chè")
    Stall_.objects.create(market=market, code="HS-02", name="Rau", goods_category="rau củ",
                          is_active=False)  # fmt: skip
    Stall_.objects.create(market=market, code="HS-03", name="?", goods_category="Linh tinh")
    with_commune = Producer.objects.create(
        partner=Partner.objects.create(name="A", code="a"),
        name="A", slug="a", kind="household", district=dai_tu, commune=hung_son,
    )  # fmt: skip
    without = Producer.objects.create(
        partner=Partner.objects.create(name="B", code="b"),
        name="B", slug="b", kind="household", district=vo_nhai,
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from catalog.models import Producer as NewProducer
    from market.models import Commune as NewCommune
    from market.models import Stall as NewStall

    assert NewCommune.objects.get(pk=hung_son.pk).former_district == "Huyện Đại Từ"
    assert NewCommune.objects.get(pk=hung_son.pk).province_id == province.pk
    slugs = set(NewCommune.objects.filter(name="Tân Lập").values_list("slug", flat=True))
    assert slugs == {"tan-lap", "tan-lap-huyen-vo-nhai"}  # told apart, nothing lost
    first = NewProducer.objects.get(pk=with_commune.pk)
    assert first.province_id == province.pk and first.district_label == "Huyện Đại Từ"
    second = NewProducer.objects.get(pk=without.pk)
    assert second.commune is None and second.district_label == "Huyện Võ Nhai"
    stalls = {s.code: s for s in NewStall.objects.all()}
    assert stalls["HS-01"].goods_category == "tea"
    assert stalls["HS-02"].goods_category == "vegetables" and stalls["HS-02"].closed_on
    assert stalls["HS-03"].goods_category == "other"
