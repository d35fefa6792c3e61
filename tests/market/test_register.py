"""The stall register: services (audit trail, QR re-registration), phone forms, import/export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from market import services
from market.models import Stall, StallChange, StallQR
from payments import vietqr
from tests.market import builders

pytestmark = pytest.mark.django_db
A = "/markets/cho-hung-son"


@pytest.fixture
def world():
    return builders.world()


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


# --- services ---------------------------------------------------------------------------------


def test_registering_a_stall_registers_its_static_qr_and_audits_it(world):
    stall = world.stalls["a1"]
    qr = StallQR.objects.get(stall=stall, is_active=True)
    decoded = vietqr.decode(qr.payload)
    assert (decoded.bank_bin, decoded.account, decoded.dynamic) == (VCB, "1023456789", False)
    assert "010211" in qr.payload and decoded.amount is None  # static: point of initiation 11
    assert len(qr.verification_code) == 6 and qr.verification_code.isalnum()
    change = stall.changes.get()
    assert change.action == "created" and change.actor == world.users["board_a"]
    assert change.changes["account_number"] == [None, "1023456789"]
    assert not StallQR.objects.filter(stall=world.stalls["a2"]).exists()  # no bank, no QR


VCB = builders.VCB


def test_changing_the_account_reregisters_the_qr_and_keeps_the_old_one(world):
    stall, actor = world.stalls["a1"], world.users["digital_a"]
    old = StallQR.objects.get(stall=stall, is_active=True)
    services.stall_update(
        stall=stall,
        actor=actor,
        fields={"bank_bin": builders.AGRI, "account_number": "1234 5678 9012 3"},
    )
    stall = builders.reload(stall)
    assert stall.account_number == "1234567890123"  # grouping spaces dropped
    new = StallQR.objects.get(stall=stall, is_active=True)
    assert new.pk != old.pk and new.account_number == "1234567890123"
    assert not builders.reload(old).is_active and builders.reload(old).deactivated_at
    change = stall.changes.first()
    assert change.action == "updated" and change.actor_name == "digital.a"
    assert change.changes["bank_bin"] == [VCB, builders.AGRI]
    assert change.changes["verification_code"] == [old.verification_code, new.verification_code]


def test_renaming_keeps_the_qr_and_a_no_op_writes_nothing(world):
    stall = world.stalls["a1"]
    qr = StallQR.objects.get(stall=stall, is_active=True)
    services.stall_update(stall=stall, actor=None, fields={"name": "Quầy rau Hoa"})
    assert StallQR.objects.get(stall=stall, is_active=True) == qr
    count = stall.changes.count()
    services.stall_update(stall=stall, actor=None, fields={"name": "Quầy rau Hoa"})
    assert stall.changes.count() == count


def test_virtual_account_goes_into_the_qr(world):
    stall = world.stalls["a1"]
    services.stall_update(stall=stall, actor=None, fields={"virtual_account": "VA0001"})
    qr = StallQR.objects.get(stall=stall, is_active=True)
    assert vietqr.decode(qr.payload).account == "VA0001"


def test_closing_and_reopening_are_audited(world):
    stall = world.stalls["a2"]
    services.stall_close(stall=stall, actor=world.users["board_a"], closed_on=dt.date(2026, 1, 2))
    stall = builders.reload(stall)
    assert not stall.is_active and stall.closed_on == dt.date(2026, 1, 2)
    services.stall_reopen(stall=stall, actor=world.users["board_a"])
    stall = builders.reload(stall)
    assert stall.is_active and stall.closed_on is None
    assert [c.action for c in stall.changes.all()][:2] == ["reopened", "closed"]


def test_audit_trail_is_append_only(world):
    change = world.stalls["a1"].changes.get()
    change.action = "closed"
    with pytest.raises(Exception, match="append-only"):
        change.save()


# --- phone forms ------------------------------------------------------------------------------


def test_board_member_registers_a_stall_from_the_phone_form(client, world):
    client.force_login(world.users["board_a"])
    response = client.post(
        f"{A}/stalls/new/",
        {
            "code": " a-07 ",
            "name": "Quầy  chè Thái",
            "goods_category": "tea",
            "stallholder_name": "Đặng  Thu Trang",
            "stallholder_phone": "0912 345 678",
            "bank_bin": builders.MB,
            "account_number": "0912 345 678",
            "holder_name": "Đặng Thu Trang",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{A}/stalls/A-07/"
    stall = Stall.objects.get(code="A-07")
    assert (stall.name, stall.stallholder_name) == ("Quầy chè Thái", "Đặng Thu Trang")
    assert stall.account_holder == "DANG THU TRANG" and stall.account_number == "0912345678"
    page = text(client.get(f"{A}/stalls/A-07/"))
    qr = StallQR.objects.get(stall=stall)
    assert qr.verification_code in page and "Đã đăng ký" in page or "Đăng ký mới" in page
    assert "Lịch sử" in page and "0912345678" in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"bank_bin": "999999", "account_number": "1", "holder_name": "A"}, "bank_bin",
         "ngân hàng"),
        ({"bank_bin": VCB, "account_number": "12-34-AB_C", "holder_name": "A"}, "account_number",
         "Số tài khoản"),
        ({"bank_bin": VCB}, "account_number", "Hãy nhập số tài khoản."),
        ({"code": "HS 01/2"}, "code", "Mã quầy gồm 1 đến 20"),
        ({"code": "A-01"}, "code", "Chợ này đã có quầy A-01."),
        ({"stallholder_phone": "12ab"}, "stallholder_phone", "Số điện thoại"),
        ({"virtual_account": "VA1"}, "virtual_account", "Tài khoản ảo phải đi kèm"),
        ({"goods_category": "drugs"}, "goods_category", "lựa chọn"),
    ],
)  # fmt: skip
def test_bad_stall_input_is_refused_with_a_translated_message(client, world, data, field, message):
    client.force_login(world.users["digital_a"])
    before = Stall.objects.count(), StallChange.objects.count(), StallQR.objects.count()
    form = {"code": "A-08", "name": "Quầy thử", "goods_category": "tea", **data}
    response = client.post(f"{A}/stalls/new/", form)
    assert response.status_code == 200
    assert message in text(response)
    assert field in response.context["form"].errors
    assert (Stall.objects.count(), StallChange.objects.count(), StallQR.objects.count()) == before


def test_edit_page_shows_the_change_in_the_history(client, world):
    client.force_login(world.users["board_a"])
    response = client.post(
        f"{A}/stalls/A-01/edit/",
        {
            "code": "A-01",
            "name": "Quầy A-01",
            "goods_category": "fruit",
            "stallholder_name": "Nguyễn Thị Hoa",
            "bank_bin": VCB,
            "account_number": "1023456780",
            "holder_name": "NGUYEN THI HOA",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"{A}/stalls/A-01/"))
    assert "1023456789" in page and "1023456780" in page  # old → new
    assert "Rau củ" in page and "Hoa quả" in page  # categories shown translated
    assert "board.a" in page


def test_close_form_refuses_a_future_date_and_bad_dates(client, world):
    client.force_login(world.users["board_a"])
    for value in ("2999-01-01", "hôm qua", ""):
        client.post(f"{A}/stalls/A-02/close/", {"closed_on": value})
        assert builders.reload(world.stalls["a2"]).is_active
    response = client.post(f"{A}/stalls/A-02/close/", {"closed_on": "2026-01-01"}, follow=True)
    assert "Đã đóng quầy A-02." in text(response)


def test_stallholder_sees_a_masked_account_and_the_check_link(client, world):
    client.force_login(world.users["stallholder"])
    page = text(client.get(f"{A}/stalls/A-01/"))
    assert "<dd>•••• 6789</dd>" in page and "<dd>1023456789</dd>" not in page
    assert f"/qr/check/?stall={world.stalls['a1'].pk}" in page
    assert "Sửa thông tin quầy" not in page


def test_register_filters_and_search(client, world):
    client.force_login(world.users["official"])
    assert "A-02" not in text(client.get(f"{A}/stalls/", {"status": "no_qr", "q": "A-01"}))
    page = text(client.get(f"{A}/stalls/", {"status": "no_qr"}))
    assert "A-02" in page and "A-01" not in page
    page = text(client.get(f"{A}/stalls/", {"status": "nonsense", "page": "x", "q": "x" * 500}))
    assert "Chỉ đọc." in page


# --- import / export --------------------------------------------------------------------------

HEADER = "code,name,goods_category,stallholder_name,bank,account_number,account_holder\n"


def test_csv_import_creates_and_updates_by_code_and_is_idempotent(client, world):
    body = HEADER + (
        "A-10,Quầy rau Hạnh,Rau củ,Lê Thị Hạnh,Vietcombank,1023 4567 11,le thi hanh\n"
        "A-11,Quầy cá Tú,fish,Ma Văn Tú,970405,1234567890123,MA VAN TU\n"
        "a-01,Quầy A-01 đổi tên,tea,Nguyễn Thị Hoa,VCB,1023456789,NGUYEN THI HOA\n"
        ",,,,,,\n"
    )
    report = services.stalls_import(
        market=world.market_a, upload=builders.csv_upload(body), actor=world.users["board_a"]
    )
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 1, 0)
    hanh = Stall.objects.get(code="A-10")
    assert hanh.goods_category == "vegetables" and hanh.account_holder == "LE THI HANH"
    assert hanh.qr_codes.filter(is_active=True).count() == 1
    assert hanh.changes.get().action == "imported"
    assert Stall.objects.get(code="A-01").name == "Quầy A-01 đổi tên"
    again = services.stalls_import(
        market=world.market_a, upload=builders.csv_upload(body), actor=world.users["board_a"]
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert StallQR.objects.filter(stall__code="A-10").count() == 1


def test_xlsx_import_with_vietnamese_headings(client, world):
    upload = builders.xlsx_upload(
        [
            ["Mã quầy", "Tên quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản", "Chủ tài khoản"],
            ["A-20", "Quầy gà Bình", "Gia cầm, trứng", "MB", 9704220001, "Dương Văn Bình"],
            ["A-21", "Quầy gạo", "gao", None, None, None],
        ]
    )
    client.force_login(world.users["digital_a"])
    response = client.post(f"{A}/stalls/import/", {"file": upload})
    assert response.status_code == 302
    binh = Stall.objects.get(code="A-20")
    assert binh.account_number == "9704220001" and binh.goods_category == "poultry_eggs"
    assert Stall.objects.get(code="A-21").goods_category == "rice"


def test_import_with_any_bad_row_imports_nothing_and_reports_each_row(client, world):
    body = HEADER + (
        "A-30,Quầy tốt,tea,Lê Thị Lan,Vietcombank,1023456711,LE THI LAN\n"
        "A-31,,tea,,,,\n"
        "A-32,Quầy bank lạ,tea,,Ngân hàng Mặt Trăng,123,X\n"
        "A-30,Quầy trùng,tea,,,,\n"
        "A-33,Quầy thiếu,thuốc lá,,Vietcombank,,\n"
        "=HYPERLINK(1),Quầy xấu,tea,,,,\n"
    )
    client.force_login(world.users["board_a"])
    before = Stall.objects.count(), StallChange.objects.count(), StallQR.objects.count()
    response = client.post(f"{A}/stalls/import/", {"file": builders.csv_upload(body)})
    assert response.status_code == 400
    assert (Stall.objects.count(), StallChange.objects.count(), StallQR.objects.count()) == before
    report = response.context["report"]
    rows = {(e.row, e.field) for e in report.errors}
    assert (3, "name") in rows
    assert (4, "bank") in rows
    assert (5, "code") in rows  # duplicate code in the file
    assert (6, "goods_category") in rows and (6, "account_number") in rows
    assert (7, "code") in rows
    page = text(response)
    assert "Dòng 3, name:" in page and "nothing was imported" not in page
    assert "Không rõ ngân hàng" in page and "Không có ngành hàng “thuốc lá”." in page


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("stalls.txt", b"code,name\n", "Hãy tải lên tệp .csv hoặc .xlsx."),
        ("stalls.csv", "code,name\nA-1,Chè\n".encode("utf-16"), "UTF-8"),
        ("stalls.csv", b"", "Tệp trống."),
        ("stalls.csv", b"code,ten quay,colour\nA-1,x,y\n", "Cột không hợp lệ: colour"),
        ("stalls.csv", b"name\nx\n", "Thiếu cột: code."),
        ("stalls.csv", b"code,name\n", "không có dòng dữ liệu"),
        ("stalls.xlsx", b"code,name\nA,b\n", "không phải bảng tính XLSX hợp lệ"),
        ("stalls.xlsx", b"PK\x03\x04garbage", "không phải bảng tính XLSX hợp lệ"),
        ("stalls.csv", b"code,name\nA-1,x,extra\n", "nhiều giá trị hơn"),
        ("stalls.csv", b"code,name\n" + b"A,b\n" * 1001, "hơn 1000 dòng"),
        ("stalls.csv", b"code,name\n" + b"x" * (2 * 1024 * 1024 + 10), "lớn hơn 2 MB"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(client, world, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["board_a"])
    before = Stall.objects.count()
    response = client.post(f"{A}/stalls/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in text(response)
    assert Stall.objects.count() == before


def test_semicolon_csv_from_a_vietnamese_excel_is_read(world):
    body = "code;name;goods_category\nA-40;Quầy hoa;Hoa quả\n"
    report = services.stalls_import(
        market=world.market_a, upload=builders.csv_upload(body), actor=None
    )
    assert report.ok and Stall.objects.get(code="A-40").goods_category == "fruit"


def test_export_is_import_compatible_and_safe_for_spreadsheets(client, world):
    services.stall_update(
        stall=world.stalls["a2"], actor=None, fields={"name": "=cmd|' /C calc'!A0"}
    )
    client.force_login(world.users["official"])
    response = client.get(f"{A}/stalls.csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    a2 = next(row for row in rows if row["code"] == "A-02")
    assert a2["name"].startswith("'=")  # a formula is shown as text, never run
    a1 = next(row for row in rows if row["code"] == "A-01")
    assert a1["bank"] == "Vietcombank" and len(a1["verification_code"]) == 6
    # Round trip: importing the export into the same market changes nothing.
    keep = ["code", "name", "goods_category", "stallholder_name", "stallholder_phone", "bank",
            "account_number", "account_holder", "virtual_account"]  # fmt: skip
    a1_only = ",".join(keep) + "\n" + ",".join(a1[k] for k in keep) + "\n"
    report = services.stalls_import(
        market=world.market_a, upload=builders.csv_upload(a1_only), actor=None
    )
    assert report.ok and report.unchanged == 1
