"""The stallholder's phone app (/stall/): keypad → per-sale QR, today's takings, cash sales,
the payment speaker's JSON, who may use it, and how heavy its pages are."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import re
import uuid
from io import BytesIO

import pytest
import zxingcpp
from django.contrib.staticfiles import finders
from django.utils import timezone
from PIL import Image

from market.models import Sale, StallCharge
from market.services import stall_charge_create
from market.stall import selectors
from payments import vietqr
from payments.models import PaymentRequest
from payments.settle.services import stall_cash_sale
from tests.market import builders
from tests.payments.bankfeed_support import deliver, sepay

pytestmark = pytest.mark.django_db

A1 = "/stall/cho-hung-son/A-01/"
_transactions = itertools.count(880_000)


@pytest.fixture
def world():
    return builders.world()


@pytest.fixture
def a1(world):
    return world.stalls["a1"]


@pytest.fixture
def holder(client, world):
    client.force_login(world.users["stallholder"])
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def vn_time(when: dt.datetime) -> str:
    """A SePay ``transactionDate``: Viet Nam wall-clock time."""
    return when.astimezone(selectors.MARKET_TZ).strftime("%Y-%m-%d %H:%M:%S")


def bank_transfer(client, *, amount: int, content: str, account="1023456789", when=None):
    """The bank feed reports money into ``account`` (signed webhook; Celery runs eagerly)."""
    payload = sepay(
        transaction_id=next(_transactions),
        amount=amount,
        content=content,
        account=account,
        when=vn_time(when or timezone.now()),
    )
    response = deliver(client, "sepay", payload)
    assert response.status_code == 200, response.content


def show_qr(client, amount="150000", url=A1):
    return client.post(url, {"amount": amount})


# --- Who may use it ---------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    for url in ("/stall/", "/stall/speaker/", A1, A1 + "today/", A1 + "cash/", A1 + "speaker/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/?next=/stall/"
        ), url
    response = client.get(A1 + "speaker/sales.json")
    assert response.status_code == 401 and response.json() == {"error": "signed_out"}


def test_a_stallholder_goes_straight_to_their_stall(holder):
    assert holder.get("/stall/")["Location"] == A1
    assert holder.get("/stall/speaker/")["Location"] == A1 + "speaker/"
    assert holder.get("/stall/cho-hung-son/a-01/").status_code == 200  # codes in any case


def test_a_stallholder_of_several_stalls_picks_one(holder, world):
    second = builders.stall(world.market_b, "B-07", stallholder=world.users["stallholder"])
    page = text(holder.get("/stall/"))
    assert "Chọn quầy" in page
    assert A1 in page and "/stall/cho-na-hang/B-07/" in page
    assert "/stall/cho-na-hang/B-07/speaker/" in text(holder.get("/stall/speaker/"))
    assert "Quầy khác" in text(holder.get(A1))  # a way back to the chooser
    second.is_active, second.closed_on = False, dt.date(2026, 1, 1)
    second.save()
    assert holder.get("/stall/")["Location"] == A1  # a closed stall is no longer offered


@pytest.mark.parametrize("role", ["shopper", "board_a", "official", "digital_a", "staff"])
def test_people_who_hold_no_stall_are_refused(client, world, role):
    client.force_login(world.users[role])
    response = client.get("/stall/")
    assert response.status_code == 403
    assert "không phải là chủ quầy nào đang mở" in text(response)
    assert client.get(A1).status_code == 403
    assert client.get(A1 + "speaker/sales.json").status_code == 403


def test_another_stallholder_cannot_reach_this_stall(client, world, a1):
    other = builders.user("stall.b01")
    builders.stall(world.market_b, "B-02", stallholder=other, account_number="9704229999")
    charge = stall_charge_create(stall=a1, amount=20000, actor=None)
    client.force_login(other)
    reference = charge.payment_request.reference
    for url in (A1, A1 + "today/", A1 + "cash/", A1 + "speaker/", f"{A1}qr/{reference}/"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"{A1}qr/{reference}/status.json").status_code == 404
    assert client.get(A1 + "speaker/sales.json").status_code == 404
    assert client.post(A1, {"amount": "50000"}).status_code == 404
    assert client.post(A1 + "cash/", {"amount": "50000", "token": uuid.uuid4()}).status_code == 404
    assert StallCharge.objects.count() == 1 and Sale.objects.count() == 0


def test_a_closed_stall_has_no_app(holder, a1):
    a1.is_active, a1.closed_on = False, dt.date(2026, 1, 1)
    a1.save()
    assert holder.get(A1).status_code == 403
    assert holder.get("/stall/").status_code == 403


# --- Keypad → QR ------------------------------------------------------------------------------


def test_the_keypad_page(holder, a1):
    page = text(holder.get(A1))
    assert "Hiện mã QR" in page
    assert 'name="amount"' in page and 'inputmode="numeric"' in page  # works without JS
    for label in ("10.000", "20.000", "50.000", "100.000", "200.000"):
        assert f'name="quick" value="{label.replace(".", "")}"' in page and label in page
    for key in ("000", "back", "clear"):
        assert f'data-key="{key}"' in page
    assert f'href="/qr/check/?stall={a1.pk}"' in page and "Kiểm tra mã QR của quầy" in page


def decoded_qr(page: str) -> vietqr.VietQR:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    found = zxingcpp.read_barcodes(Image.open(BytesIO(base64.b64decode(data))))
    return vietqr.decode(found[0].text)


def test_an_amount_shows_a_dynamic_qr_full_screen(holder, a1):
    response = show_qr(holder, "150000")
    charge = StallCharge.objects.get()
    payment = charge.payment_request
    assert response.status_code == 302
    assert response["Location"] == f"{A1}qr/{payment.reference}/"
    assert (charge.stall, payment.amount, payment.kind) == (a1, 150000, "stall_sale")
    assert abs((payment.expires_at - payment.created_at) - dt.timedelta(minutes=15)).seconds < 1

    page = text(holder.get(response["Location"]))
    assert "150.000 ₫" in page and "Một trăm năm mươi nghìn đồng" in page
    assert payment.reference in page and "Vietcombank" in page and "NGUYEN THI HOA" in page
    assert "A-01" in page and "Đang chờ chuyển khoản" in page
    assert 'http-equiv="refresh"' in page  # turns to "received" without JavaScript too
    scanned = decoded_qr(page)
    assert (scanned.dynamic, scanned.amount, scanned.purpose) == (True, 150000, payment.reference)
    assert (scanned.bank_bin, scanned.account) == (builders.VCB, "1023456789")


def test_every_submission_is_a_new_charge(holder):
    first, second = show_qr(holder, "50.000"), show_qr(holder, "50000")
    assert first["Location"] != second["Location"]
    assert StallCharge.objects.count() == 2
    assert set(PaymentRequest.objects.values_list("amount", flat=True)) == {50000}


def test_a_quick_amount_button_sends_the_form_without_javascript(holder):
    holder.post(A1, {"amount": "", "quick": "20000"})
    assert StallCharge.objects.get().payment_request.amount == 20000


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Nhập số tiền."),
        ("abc", "Hãy nhập số đồng nguyên"),
        ("1,5", "Hãy nhập số đồng nguyên"),
        ("150.00", "Hãy nhập số đồng nguyên"),
        ("-5000", "Hãy nhập số đồng nguyên"),
        ("999", "Số tiền ít nhất là 1.000 ₫."),
        ("100000001", "Số tiền nhiều nhất là 100.000.000 ₫."),
    ],
)
def test_bad_amounts_are_refused_and_change_nothing(holder, typed, message):
    response = show_qr(holder, typed)
    assert response.status_code == 400
    assert message in text(response)
    assert StallCharge.objects.count() == 0 and PaymentRequest.objects.count() == 0


def test_the_limits_themselves_are_accepted(holder):
    assert show_qr(holder, "1.000").status_code == 302
    assert show_qr(holder, "100.000.000").status_code == 302


def test_a_stall_without_a_bank_account_says_so(client, world):
    stall = world.stalls["a2"]
    stall.stallholder = world.users["stallholder"]
    stall.save()
    client.force_login(world.users["stallholder"])
    url = "/stall/cho-hung-son/A-02/"
    page = text(client.get(url))
    assert "Quầy chưa có tài khoản ngân hàng" in page and "Hiện mã QR" not in page
    response = client.post(url, {"amount": "50000"})
    assert response.status_code == 400 and "chưa có tài khoản ngân hàng" in text(response)
    assert StallCharge.objects.count() == 0


def test_english_errors_too(holder):
    holder.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "The amount must be at least 1.000 ₫." in text(show_qr(holder, "500"))


def test_the_qr_turns_to_received_when_the_bank_confirms(holder, client, a1):
    reference = show_qr(holder, "150000")["Location"].rstrip("/").split("/")[-1]
    status_url = f"{A1}qr/{reference}/status.json"
    pending = holder.get(status_url).json()
    assert (pending["paid"], pending["expired"], pending["label"]) == (
        False,
        False,
        "Đang chờ chuyển khoản…",
    )
    assert 890 <= pending["seconds_left"] <= 900

    bank_transfer(client, amount=150000, content=f"MBVCB.3278.{reference.lower()}.CT tu 0912")

    paid = holder.get(status_url).json()
    assert (paid["paid"], paid["received"], paid["label"]) == (True, 150000, "Đã nhận 150.000 ₫")
    page = text(holder.get(f"{A1}qr/{reference}/"))
    assert "✓ Đã nhận 150.000 ₫" in page
    assert 'http-equiv="refresh"' not in page and "data:image/png" in page  # QR kept, hidden
    assert re.search(r'class="sq-pending" hidden', page)


def test_an_underpaid_and_an_expired_qr(holder, client):
    reference = show_qr(holder, "150000")["Location"].rstrip("/").split("/")[-1]
    bank_transfer(client, amount=100000, content=reference)
    state = holder.get(f"{A1}qr/{reference}/status.json").json()
    assert state["paid"] is False
    assert state["label"] == "Đã nhận 100.000 ₫ trên 150.000 ₫: còn thiếu 50.000 ₫"

    other = show_qr(holder, "30000")["Location"].rstrip("/").split("/")[-1]
    PaymentRequest.objects.filter(reference=other).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    state = holder.get(f"{A1}qr/{other}/status.json").json()
    assert (state["expired"], state["seconds_left"]) == (True, 0)
    page = text(holder.get(f"{A1}qr/{other}/"))
    assert "Mã QR này đã hết hạn" in page and 'http-equiv="refresh"' not in page


def test_an_unknown_reference_is_not_found(holder):
    assert holder.get(f"{A1}qr/CSNOPE99/").status_code == 404
    assert holder.get(f"{A1}qr/CSNOPE99/status.json").status_code == 404


# --- Today's takings and cash -----------------------------------------------------------------


def test_todays_takings_split_qr_and_cash(holder, client, world, a1):
    now = timezone.now()
    start_of_day = selectors.market_day(now)[1]
    reference = show_qr(holder, "150000")["Location"].rstrip("/").split("/")[-1]
    bank_transfer(client, amount=150000, content=reference)  # the per-sale QR
    bank_transfer(client, amount=35000, content="NGUYEN VAN A CHUYEN TIEN")  # the printed QR
    stall_cash_sale(stall=a1, amount=20000, token=uuid.uuid4(), actor=None)
    # Yesterday in Viet Nam (one second before midnight), and another stall's sale.
    yesterday = start_of_day - dt.timedelta(seconds=1)
    bank_transfer(client, amount=999000, content="hom qua", when=yesterday)
    stall_cash_sale(stall=world.stalls["b1"], amount=77000, token=uuid.uuid4(), actor=None)

    takings = selectors.today_takings(stall=a1)
    assert (takings.count, takings.total) == (3, 205000)
    assert (takings.cashless_count, takings.cashless_total) == (2, 185000)
    assert (takings.cash_count, takings.cash_total) == (1, 20000)
    assert takings.cashless_percent == 90

    page = text(holder.get(A1 + "today/"))
    assert "205.000 ₫" in page and "185.000 ₫" in page and "20.000 ₫" in page
    assert "999.000" not in page and "77.000" not in page
    amounts = re.findall(r"<b>([\d.]+) ₫</b>", page)
    assert amounts == ["20.000", "35.000", "150.000"]  # newest first
    assert "QR riêng cho lần bán này" in page and "QR in sẵn của quầy" in page
    assert "Tiền mặt" in page
    assert "Bán hôm nay: 3 · 205.000 ₫" in text(holder.get(A1))


def test_the_market_day_is_viet_nam_time():
    # 23:30 UTC on 1 March is 06:30 on 2 March in Viet Nam.
    day, start, end = selectors.market_day(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    assert day == dt.date(2026, 3, 2)
    assert start == dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(days=1)


def test_takings_are_paginated(holder, a1):
    for _ in range(33):
        stall_cash_sale(stall=a1, amount=1000, token=uuid.uuid4(), actor=None)
    first, second = text(holder.get(A1 + "today/")), text(holder.get(A1 + "today/?page=2"))
    assert first.count("<li><time") == 30 and second.count("<li><time") == 3
    assert "Trang 1/2" in first
    assert holder.get(A1 + "today/?page=99").status_code == 200  # last page, not an error


def test_a_cash_sale_is_recorded_once_per_token(holder, a1):
    page = text(holder.get(A1 + "cash/"))
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page).group(1)
    first = holder.post(A1 + "cash/", {"amount": "50.000", "token": token}, follow=True)
    again = holder.post(A1 + "cash/", {"amount": "50.000", "token": token}, follow=True)
    sale = Sale.objects.get()
    assert (sale.stall, sale.amount, sale.source, str(sale.cash_token)) == (
        a1,
        50000,
        "cash",
        token,
    )
    assert "Đã ghi bán tiền mặt 50.000 ₫." in text(first)
    assert "Lần bán tiền mặt này đã được ghi rồi." in text(again)
    fresh = re.search(r'name="token" value="([0-9a-f-]{36})"', text(first)).group(1)
    assert fresh != token  # the next sale gets its own id


def test_bad_cash_entries_change_nothing(holder):
    token = str(uuid.uuid4())
    assert holder.post(A1 + "cash/", {"amount": "0", "token": token}).status_code == 400
    assert holder.post(A1 + "cash/", {"amount": "200000000", "token": token}).status_code == 400
    response = holder.post(A1 + "cash/", {"amount": "50000"})
    assert response.status_code == 400 and "Trang này đã cũ" in text(response)
    assert Sale.objects.count() == 0


# --- The payment speaker ----------------------------------------------------------------------


def test_the_speaker_page_starts_after_the_last_sale(holder, client, a1):
    bank_transfer(client, amount=35000, content="tien rau")
    sale = Sale.objects.get()
    page = text(holder.get(A1 + "speaker/"))
    assert f'data-after="{sale.pk}"' in page and f'data-seen="{sale.pk}"' in page
    assert "35.000 ₫" in page and "Bật loa" in page
    assert "/static/audio/vi/" in page and "da-nhan" in page
    assert "chạm" in page  # says why the sound button is needed


def test_the_speaker_hears_only_newer_bank_confirmed_sales_of_its_stall(holder, client, world, a1):
    bank_transfer(client, amount=35000, content="tien rau")
    first = Sale.objects.get()
    reference = show_qr(holder, "150000")["Location"].rstrip("/").split("/")[-1]
    bank_transfer(client, amount=150000, content=reference)
    stall_cash_sale(stall=a1, amount=20000, token=uuid.uuid4(), actor=None)  # never announced
    bank_transfer(client, amount=64000, content="quay B", account="9704220001")  # stall B-01

    answer = holder.get(f"{A1}speaker/sales.json?after={first.pk}").json()
    new = [sale for sale in answer["sales"] if sale["id"] > first.pk]
    assert [(sale["amount"], sale["source"]) for sale in new] == [(150000, "dynamic_qr")]
    sale = new[0]
    assert sale["display"] == "150.000 ₫"
    assert sale["speech"] == "Đã nhận một trăm năm mươi nghìn đồng"
    assert sale["clips"] == ["da-nhan", "mot", "tram", "nam", "muoi", "nghin", "dong"]
    assert re.fullmatch(r"\d\d:\d\d", sale["time"])
    assert answer["last_id"] == sale["id"] and answer["more"] is False
    # Sales up to ``after`` from the last two minutes come again (the page skips those it
    # showed): a sale that committed after a later one is not lost.
    assert [s["id"] for s in answer["sales"] if s["id"] <= first.pk] == [first.pk]

    later = holder.get(f"{A1}speaker/sales.json?after={answer['last_id']}").json()
    assert [s for s in later["sales"] if s["id"] > answer["last_id"]] == []
    assert later["last_id"] == answer["last_id"]
    assert holder.get(f"{A1}speaker/sales.json?after=abc").json()["last_id"] == sale["id"]


def test_the_speaker_catches_up_in_batches(holder, client, a1):
    for number in range(selectors.SPEAKER_BATCH + 3):
        bank_transfer(client, amount=1000 + number, content=f"lan {number}")
    answer = holder.get(f"{A1}speaker/sales.json?after=0").json()
    assert len(answer["sales"]) == selectors.SPEAKER_BATCH and answer["more"] is True
    rest = holder.get(f"{A1}speaker/sales.json?after={answer['last_id']}").json()
    assert [s["amount"] for s in rest["sales"] if s["id"] > answer["last_id"]] == [
        1020,
        1021,
        1022,
    ]


def test_old_sales_are_not_sent_again(holder, client, a1):
    bank_transfer(client, amount=35000, content="tien rau")
    sale = Sale.objects.get()
    later = timezone.now() + selectors.SPEAKER_OVERLAP + dt.timedelta(seconds=1)
    assert selectors.speaker_sales(stall=a1, after=sale.pk, now=later) == []
    assert selectors.speaker_start(stall=a1, now=later) == (sale.pk, [])


# --- Light pages ------------------------------------------------------------------------------

BUDGET = 60 * 1024


def static_size(path: str) -> int:
    with open(finders.find(path), "rb") as handle:
        return len(handle.read())


@pytest.mark.parametrize(
    "page, script",
    [("", "js/stall.js"), ("qr", "js/stall.js"), ("cash/", "js/stall.js"),
     ("today/", "js/stall.js"), ("speaker/", "js/speaker.js")],
)  # fmt: skip
def test_each_page_weighs_less_than_60_kb(holder, client, a1, page, script):
    for number in range(30):  # a busy day: a full page of takings
        stall_cash_sale(stall=a1, amount=10000 + number, token=uuid.uuid4(), actor=None)
    url = A1 + page
    if page == "qr":
        url = show_qr(holder, "150000")["Location"]
    html = holder.get(url).content.decode()
    assert f"/static/{script}" in html
    assets = ["css/site.css", "css/stall.css", script]
    assert all(f"/static/{asset}" in html for asset in assets)
    assert "//cdn" not in html and "https://" not in html.split("<body")[0]  # nothing from a CDN
    weight = len(html.encode()) + sum(static_size(asset) for asset in assets)
    print(f"\n{url}: {weight / 1024:.1f} KB (HTML {len(html.encode()) / 1024:.1f} KB)")
    assert weight <= BUDGET


def test_only_get_and_post_where_they_make_sense(holder):
    reference = show_qr(holder, "10000")["Location"].rstrip("/").split("/")[-1]
    assert holder.put(A1).status_code == 405
    assert holder.delete(A1 + "cash/").status_code == 405
    assert holder.post(f"{A1}qr/{reference}/").status_code == 405
    assert holder.post(A1 + "speaker/sales.json").status_code == 405
