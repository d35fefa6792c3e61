"""Bank statement CSV import: all rows checked first, nothing written on any error, duplicates
skipped, new rows reconciled like webhooks."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from payments.bankfeed import statement as statement_csv
from payments.bankfeed.tasks import enqueue_reconciliation
from payments.models import BankFeedEvent, PaymentRequest, ReconciliationLog
from tests import factories
from tests.payments.bankfeed_support import SHOP_ACCOUNT, payment_request

pytestmark = pytest.mark.django_db

HEADER = "transaction_id,transaction_time,account_number,amount,content,bank_reference"
UPLOAD = "/pay/dashboard/bank-events/import/"


def statement(*rows: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def import_bytes(data: bytes, actor=None):
    """Import, then send the new rows to reconciliation, as the page and the command do."""
    result = statement_csv.import_bank_statement_csv(file=io.BytesIO(data), actor=actor)
    enqueue_reconciliation(result.created_ids)
    return result


@pytest.fixture
def run_import():
    return import_bytes


def test_valid_statement_is_stored_and_reconciled(run_import):
    paid, short = payment_request(150_000), payment_request(300_000)
    data = statement(
        f"FT001,23/11/2026 14:02:37,{SHOP_ACCOUNT},150000,MBVCB.{paid.reference}.CT tu 0123,BR1",
        f'FT002,2026-11-23 15:10:00,{SHOP_ACCOUNT},"200.000","{short.reference.lower()}, mua che",',
        f"FT003,2026-11-23T16:00:00+07:00,{SHOP_ACCOUNT},-50000,Phi dich vu,",
        "",
        bom=True,
    )
    result = run_import(data)
    assert result.ok, result.errors
    assert (len(result.created_ids), result.duplicates) == (3, 0)
    events = {e.transaction_id: e for e in BankFeedEvent.objects.filter(provider="csv")}
    assert events["FT001"].status == BankFeedEvent.Status.MATCHED
    assert events["FT001"].bank_reference == "BR1"
    assert events["FT002"].status == BankFeedEvent.Status.UNDERPAID
    assert events["FT002"].amount == 200_000
    assert events["FT003"].status == BankFeedEvent.Status.IGNORED
    paid.refresh_from_db()
    short.refresh_from_db()
    assert paid.status == PaymentRequest.Status.PAID
    assert (short.status, short.amount_received) == (PaymentRequest.Status.UNDERPAID, 200_000)


def test_one_bad_row_writes_nothing_and_the_error_names_the_row(run_import):
    request = payment_request(150_000)
    data = statement(
        f"FT001,23/11/2026 14:02:37,{SHOP_ACCOUNT},150000,{request.reference},",
        f"FT002,23/11/2026 14:03:00,{SHOP_ACCOUNT},muoi nghin,tien rau,",
        f"FT003,31/02/2026 10:00:00,{SHOP_ACCOUNT},10000,tien rau,",
    )
    result = run_import(data)
    assert not result.ok
    assert [row for row, _message in result.errors] == [3, 4]
    assert "Dòng 3" in result.errors[0][1] and "muoi nghin" in result.errors[0][1]
    assert "Dòng 4" in result.errors[1][1]
    assert BankFeedEvent.objects.count() == 0
    request.refresh_from_db()
    assert request.amount_received == 0


def test_rows_already_imported_are_skipped_and_counted(run_import):
    request = payment_request(150_000)
    row = f"FT001,23/11/2026 14:02:37,{SHOP_ACCOUNT},150000,{request.reference},"
    assert len(run_import(statement(row)).created_ids) == 1
    again = run_import(
        statement(row, row, f"FT009,23/11/2026 18:00:00,{SHOP_ACCOUNT},5000,tien le,")
    )
    assert again.ok
    assert (len(again.created_ids), again.duplicates) == (1, 2)
    assert BankFeedEvent.objects.count() == 2
    request.refresh_from_db()
    assert request.amount_received == 150_000
    assert ReconciliationLog.objects.filter(to_status="matched").count() == 1


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "không có giao dịch"),
        (statement(header="id,time,account,amount,content"), "Dòng 1"),
        (
            statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},1,x,", header=HEADER + ",extra"),
            "Dòng 1",
        ),
        ("transaction_id\nFT1\n".encode("utf-16"), "UTF-8"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},1000"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,x,y,z"), "Dòng 2"),
        (statement(f",23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,x,"), "Dòng 2"),
        (statement(f"FT1,,{SHOP_ACCOUNT},1000,x,"), "Dòng 2"),
        (statement("FT1,23/11/2026 14:02:37,12/34,1000,x,"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},10000000000,x,"), "9.999.999.999 ₫"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},-10.000.000.000,x,"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},{'9' * 5000},x,"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},١٢٣,x,"), "Dòng 2"),
        (statement(f"FT1,0001-01-01 00:00:00,{SHOP_ACCOUNT},1000,x,"), "Dòng 2"),
        (statement(f"FT1,9999-12-31T23:59:59-05:00,{SHOP_ACCOUNT},1000,x,"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},0,x,"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},150.5,x,"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,{'x' * 1001},"), "Dòng 2"),
        (statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,\x00x,"), ""),  # NUL dropped
    ],
)
def test_bad_files_write_nothing(run_import, data, words):
    result = run_import(data)
    if words == "":
        assert result.ok and BankFeedEvent.objects.get().content == "x"
        return
    assert not result.ok
    assert any(words in message for _row, message in result.errors), result.errors
    assert BankFeedEvent.objects.count() == 0


def test_the_largest_amount_an_order_can_hold_is_imported(run_import):
    result = run_import(statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},9.999.999.999,x,"))
    assert result.ok, result.errors
    assert BankFeedEvent.objects.get().amount == 9_999_999_999


def test_zero_and_too_large_amounts_are_told_apart(run_import):
    result = run_import(
        statement(
            f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},0,x,",
            f"FT2,23/11/2026 14:02:37,{SHOP_ACCOUNT},10000000000,x,",
        )
    )
    assert "0 ₫" in result.errors[0][1] and "9.999.999.999 ₫" not in result.errors[0][1]
    assert "9.999.999.999 ₫" in result.errors[1][1]


@pytest.mark.parametrize("written", ["1023 456 789", "1023-456-789", "1023.456.789"])
def test_account_numbers_with_spaces_dashes_or_dots_are_stored_normalised(run_import, written):
    request = payment_request(150_000)
    result = run_import(statement(f"FT1,23/11/2026 14:02:37,{written},150000,{request.reference},"))
    assert result.ok, result.errors
    event = BankFeedEvent.objects.get()
    assert event.account_number == SHOP_ACCOUNT
    assert event.status == BankFeedEvent.Status.MATCHED


def test_file_size_and_row_limits(run_import, monkeypatch):
    monkeypatch.setattr(statement_csv, "CSV_MAX_ROWS", 3)
    rows = [f"FT{n},23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,x," for n in range(4)]
    result = run_import(statement(*rows))
    assert not result.ok and "3" in result.errors[0][1]
    monkeypatch.setattr(statement_csv, "CSV_MAX_BYTES", 100)
    result = run_import(statement(*rows[:2]))
    assert not result.ok and "5 MB" in result.errors[0][1]
    assert BankFeedEvent.objects.count() == 0


def test_management_command_imports_a_file(tmp_path):
    request = payment_request(150_000)
    path = tmp_path / "saoke.csv"
    path.write_bytes(
        statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},150000,{request.reference},")
    )
    out = io.StringIO()
    call_command("import_bank_csv", str(path), stdout=out)
    assert "1" in out.getvalue()
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.PAID


def test_management_command_reports_bad_rows_and_fails(tmp_path):
    path = tmp_path / "saoke.csv"
    path.write_bytes(statement(f"FT1,hom qua,{SHOP_ACCOUNT},150000,x,"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_bank_csv", str(path), stderr=err)
    assert "Dòng 2" in err.getvalue()
    assert BankFeedEvent.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("import_bank_csv", str(tmp_path / "missing.csv"))


@pytest.fixture
def staff_client(client):
    client.force_login(factories.finance_user())
    return client


def test_upload_page_imports_and_reports(staff_client):
    request = payment_request(150_000)
    data = statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},150000,{request.reference},")
    response = staff_client.post(
        UPLOAD, {"file": SimpleUploadedFile("saoke.csv", data, "text/csv")}, follow=True
    )
    assert response.redirect_chain[0][0] == "/pay/dashboard/bank-events/"
    assert "1 giao dịch đã nhập" in response.content.decode()
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.PAID


def test_upload_page_lists_every_bad_row_and_writes_nothing(staff_client):
    data = statement(
        f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},abc,x,",
        f"FT2,23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,x,",
        "FT3,23/11/2026 14:02:37,,1000,x,",
    )
    response = staff_client.post(UPLOAD, {"file": SimpleUploadedFile("s.csv", data, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 2" in page and "Dòng 4" in page and "Dòng 3" not in page
    assert "Không nhập gì cả" in page
    assert BankFeedEvent.objects.count() == 0


def test_upload_without_a_file_is_a_clear_error(staff_client):
    response = staff_client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "Hãy chọn một tệp CSV." in response.content.decode()


@pytest.mark.parametrize("is_staff", [False, True])
def test_upload_page_needs_the_import_permission(client, django_user_model, is_staff):
    client.force_login(django_user_model.objects.create_user("khach", is_staff=is_staff))
    data = statement(f"FT1,23/11/2026 14:02:37,{SHOP_ACCOUNT},1000,x,")
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("s.csv", data, "text/csv")})
    assert response.status_code == 403
    assert BankFeedEvent.objects.count() == 0
