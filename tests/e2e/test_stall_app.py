"""A stallholder on a phone takes a payment by QR and hears it on the payment speaker.

``stall.hungson.01`` types 150000 on the keypad, the per-sale QR appears, a signed SePay
webhook with its reference arrives, and the speaker page (open in another tab) shows
"150.000 ₫" within 3 seconds; a transfer from the printed QR (no reference) into the stall's
account reaches the speaker too, and so does one that arrives while a speaker is offline —
once. Screenshots at 390 px and 1280 px go to ``$SCREENSHOT_DIR`` when it is set.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from config import roles
from market.models import Sale
from tests.market import builders
from tests.payments.bankfeed_support import sepay, signed_headers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCOUNT = "1023456789"
_transactions = itertools.count(int(time.time()))

# A phone that has a Vietnamese voice: the Web Speech API, recorded instead of spoken.
FAKE_VI_VOICE = """
(() => {
  const voice = {lang: "vi-VN", name: "Tiếng Việt (test)", voiceURI: "vi-test", localService: true};
  window.__spoken = [];
  const synth = {
    getVoices: () => [voice],
    speak: (u) => { window.__spoken.push(u.text); setTimeout(() => u.onend && u.onend(), 30); },
    cancel() {}, pause() {}, resume() {}, addEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def bank_webhook(base_url: str, *, amount: int, content: str) -> None:
    """The aggregator's signed SePay webhook, as it reaches the running site."""
    body = json.dumps(
        sepay(
            transaction_id=next(_transactions),
            amount=amount,
            content=content,
            account=ACCOUNT,
            when=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 7 * 3600)),
        )
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/pay/webhooks/bank/sepay/",
        data=body,
        headers={"Content-Type": "application/json", **signed_headers("sepay", body)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


WATCH_AMOUNT = """() => {
  const amount = document.querySelector("[data-testid=speaker-amount]");
  window.__shownAt = {};
  new MutationObserver(() => { window.__shownAt[amount.textContent] = Date.now(); })
    .observe(amount, {childList: true, characterData: true, subtree: true});
}"""


def seconds_until(page, text: str, *, since: float, within: float = 3.0) -> float:
    """Seconds from ``since`` (``time.time()``) until the speaker showed ``text``, read from
    the page's own clock (Playwright's retries are too coarse to time it); fails past
    ``within``."""
    left = max(0.1, within - (time.time() - since))
    expect(page.get_by_test_id("speaker-amount")).to_have_text(text, timeout=left * 1000)
    shown = page.evaluate("(text) => window.__shownAt[text]", text) / 1000
    assert shown - since <= within
    return shown - since


class Shots:
    def __init__(self):
        folder = os.environ.get("SCREENSHOT_DIR", "")
        self.folder = Path(folder) if folder else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def take(self, page, name: str) -> None:
        if self.folder:
            page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)


def sign_in(page, base_url: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("stall.hungson.01")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()


def test_stallholder_takes_a_qr_payment_and_the_speaker_announces_it(live_server, phone, browser):
    shots = Shots()
    holder = builders.user(
        "stall.hungson.01", roles.STALLHOLDER_GROUP, first_name="Hương", last_name="Trần Thị"
    )
    market = builders.market("Chợ Hùng Sơn", "cho-hung-son")
    builders.stall(
        market,
        "HS-01",
        name="Quầy chè Thành Hương",
        goods_category="tea",
        stallholder_name="Trần Thị Hương",
        stallholder=holder,
        account_number=ACCOUNT,
        account_holder="TRAN THI HUONG",
    )
    base = live_server.url
    keypad_url = re.compile(r"/stall/cho-hung-son/HS-01/$")

    # Signing in lands on the stall app, straight on the keypad.
    sign_in(phone, base)
    phone.wait_for_url(keypad_url)
    expect(phone.get_by_test_id("stall-code")).to_have_text("HS-01")

    # The payment speaker, left open in another tab (phone without a Vietnamese voice: the
    # recorded clips) and on a second phone that has one (Web Speech API).
    speaker = phone.context.new_page()
    speaker.goto(base + "/stall/speaker/")
    speaker.wait_for_url(re.compile(r"/stall/cho-hung-son/HS-01/speaker/$"))
    expect(speaker.get_by_test_id("speaker-amount")).to_have_text("—")
    speaker.get_by_test_id("sound-on").click()
    clips = speaker.locator("#speaker")
    voice_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    voice_context.add_cookies(phone.context.cookies())
    voice_context.add_init_script(FAKE_VI_VOICE)
    voiced = voice_context.new_page()
    voiced.goto(base + "/stall/speaker/")
    voiced.get_by_test_id("sound-on").click()
    expect(voiced.get_by_test_id("speaker-status")).to_contain_text("giọng tiếng Việt")

    # 150000 on the keypad: 1, 5, 0, 000.
    for key in ("1", "5", "0", "000"):
        phone.locator(f"[data-key='{key}']").click()
    expect(phone.get_by_test_id("amount")).to_have_value("150.000")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shots.take(phone, "keypad-390")
    phone.get_by_test_id("show-qr").click()
    expect(phone.get_by_test_id("charge-qr")).to_be_visible()
    # From the tap (the form's POST starts the navigation) to the QR page laid out, its QR
    # inlined: the browser's own navigation timing.
    qr_ms = phone.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    reference = phone.get_by_test_id("charge-reference").inner_text()
    assert re.fullmatch(r"CS[0-9A-Z]{6}", reference)
    expect(phone.get_by_test_id("charge-amount")).to_have_text("150.000 ₫")
    expect(phone.locator(".sq-words")).to_have_text("Một trăm năm mươi nghìn đồng")
    expect(phone.locator("[data-countdown]")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    box = phone.get_by_test_id("charge-qr").bounding_box()
    assert box["width"] >= 300  # big enough to scan from across the stall
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shots.take(phone, "qr-390")

    # The bank confirms the transfer with the sale's reference (content mangled by the bank).
    speaker.evaluate(WATCH_AMOUNT)
    voiced.evaluate(WATCH_AMOUNT)
    sent = time.time()
    bank_webhook(base, amount=150000, content=f"MBVCB.3278.{reference.lower()}.CT tu 0912")
    announced = seconds_until(speaker, "150.000 ₫", since=sent)
    seconds_until(voiced, "150.000 ₫", since=sent)
    expect(clips).to_have_attribute(
        "data-spoken", "clips:da-nhan,mot,tram,nam,muoi,nghin,dong", timeout=3000
    )
    assert voiced.evaluate("window.__spoken") == ["Đã nhận một trăm năm mươi nghìn đồng"]
    expect(phone.get_by_test_id("charge-status")).to_have_text("✓ Đã nhận 150.000 ₫")
    expect(phone.get_by_test_id("charge-qr")).to_be_hidden()
    shots.take(phone, "qr-paid-390")
    shots.take(speaker, "speaker-390")

    # A shopper scans the printed standee instead: no reference, money into the account.
    sent = time.time()
    bank_webhook(base, amount=35000, content="NGUYEN VAN AN chuyen tien")
    static = seconds_until(speaker, "35.000 ₫", since=sent)
    seconds_until(voiced, "35.000 ₫", since=sent)
    expect(clips).to_have_attribute(
        "data-spoken", "clips:da-nhan,ba,muoi,lam,nghin,dong", timeout=3000
    )

    # The second phone loses its connection; money arrives meanwhile; once it is back the
    # speaker catches up, and says each payment exactly once.
    voice_context.set_offline(True)
    expect(voiced.get_by_test_id("speaker-status")).to_contain_text("Mất kết nối", timeout=8000)
    bank_webhook(base, amount=20000, content="CHUYEN KHOAN MUA CHE")
    expect(speaker.get_by_test_id("speaker-amount")).to_have_text("20.000 ₫", timeout=3000)
    back = time.time()
    voice_context.set_offline(False)
    resumed = seconds_until(voiced, "20.000 ₫", since=back)
    voiced.wait_for_timeout(2000)  # a few more polls: nothing is said twice
    assert voiced.evaluate("window.__spoken") == [
        "Đã nhận một trăm năm mươi nghìn đồng",
        "Đã nhận ba mươi lăm nghìn đồng",
        "Đã nhận hai mươi nghìn đồng",
    ]
    expect(voiced.get_by_test_id("speaker-list").locator("li")).to_have_count(3)
    expect(speaker.get_by_test_id("speaker-list").locator("li")).to_have_count(3)
    assert sorted(Sale.objects.values_list("source", "amount")) == [
        ("dynamic_qr", 150000),
        ("static_qr", 20000),
        ("static_qr", 35000),
    ]

    # Today's takings on the phone, then every page at 390 px and 1280 px.
    phone.goto(base + "/stall/cho-hung-son/HS-01/today/")
    expect(phone.get_by_test_id("takings-total")).to_have_text("205.000 ₫")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shots.take(phone, "today-390")
    phone.goto(base + "/stall/cho-hung-son/HS-01/cash/")
    shots.take(phone, "cash-390")
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    desk.add_cookies(phone.context.cookies())
    page = desk.new_page()
    for name, path in [("keypad", ""), ("today", "today/"), ("speaker", "speaker/")]:
        page.goto(f"{base}/stall/cho-hung-son/HS-01/{path}")
        shots.take(page, f"{name}-1280")
    page.goto(f"{base}/stall/cho-hung-son/HS-01/")
    page.get_by_role("button", name="50.000").click()
    page.get_by_test_id("show-qr").click()
    expect(page.get_by_test_id("charge-qr")).to_be_visible()
    shots.take(page, "qr-1280")
    desk.close()
    voice_context.close()
    print(
        f"\nQR on screen {qr_ms:.0f} ms after the tap; speaker showed the QR payment "
        f"{announced:.2f} s, the printed-QR payment {static:.2f} s after the webhook, and the "
        f"offline phone {resumed:.2f} s after reconnecting"
    )


def test_the_keypad_and_the_qr_work_without_javascript(live_server, browser):
    holder = builders.user("stall.hungson.01", roles.STALLHOLDER_GROUP)
    builders.stall(builders.market(), "HS-01", stallholder=holder, account_number=ACCOUNT)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, live_server.url)
    page.wait_for_url(re.compile(r"/stall/cho-hung-son/HS-01/$"))
    expect(page.locator("[data-keys]")).to_be_hidden()  # no keypad without its script
    page.get_by_test_id("amount").fill("150000")
    page.get_by_test_id("show-qr").click()
    expect(page.get_by_test_id("charge-qr")).to_be_visible()
    expect(page.get_by_test_id("charge-amount")).to_have_text("150.000 ₫")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    Shots().take(page, "qr-nojs-390")
    page.get_by_test_id("new-amount").click()
    page.get_by_role("button", name="50.000").click()  # a quick amount sends the form
    expect(page.get_by_test_id("charge-amount")).to_have_text("50.000 ₫")
    context.close()
