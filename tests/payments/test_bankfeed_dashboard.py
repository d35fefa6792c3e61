"""Staff pages under /pay/dashboard/bank-events/: the queue, decisions, audit trail, access."""

from __future__ import annotations

import pytest

from payments.bankfeed.reconcile import reconcile_bank_event
from payments.models import BankFeedEvent, PaymentRequest, ReconciliationLog
from tests import factories
from tests.payments.bankfeed_support import SHOP_ACCOUNT, payment_request

pytestmark = pytest.mark.django_db

Event = BankFeedEvent.Status
LIST = "/pay/dashboard/bank-events/"
_ids = iter(range(1, 10_000))


def reconciled(content: str, amount: int = 150_000, **extra) -> BankFeedEvent:
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id=f"T{next(_ids)}",
        raw={"content": content},
        content=content,
        amount=amount,
        account_number=SHOP_ACCOUNT,
        **extra,
    )
    return reconcile_bank_event(event_id=event.pk)


@pytest.fixture
def staff(client):
    """Finance staff: the people who work the queue."""
    user = factories.finance_user()
    client.force_login(user)
    return user


@pytest.fixture
def plain_staff(client, django_user_model):
    user = django_user_model.objects.create_user("nhanvien", password="x", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def viewer(client, django_user_model):
    """Staff who may look at the queue but not decide."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("xem", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_bankfeedevent", content_type__app_label="payments")
    )
    client.force_login(user)
    return user


@pytest.fixture
def shopper(client, django_user_model):
    user = django_user_model.objects.create_user("khach", password="x")
    client.force_login(user)
    return user


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [LIST, f"{LIST}1/", f"{LIST}import/", f"{LIST}rejected/"],
)
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", [LIST, f"{LIST}import/", f"{LIST}rejected/"])
def test_non_staff_are_forbidden(client, shopper, url):
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [LIST, f"{LIST}import/", f"{LIST}rejected/"])
def test_staff_without_the_finance_permissions_are_forbidden(client, plain_staff, url):
    assert client.get(url).status_code == 403


def test_staff_without_the_finance_permissions_cannot_resolve(client, plain_staff):
    request = payment_request()
    event = reconciled("no reference here")
    assert client.get(f"{LIST}{event.pk}/").status_code == 403
    response = client.post(
        f"{LIST}{event.pk}/", {"action": "assign", "reference": request.reference, "note": ""}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == Event.UNMATCHED


def test_who_may_only_look_sees_the_transfer_but_cannot_decide(client, viewer):
    request = payment_request()
    event = reconciled("no reference here")
    page = html(client.get(f"{LIST}{event.pk}/"))
    assert 'data-testid="no-decision-permission"' in page
    assert 'name="action"' not in page
    response = client.post(
        f"{LIST}{event.pk}/", {"action": "assign", "reference": request.reference, "note": ""}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    request.refresh_from_db()
    assert (event.status, request.amount_received) == (Event.UNMATCHED, 0)
    assert "Nhập sao kê" not in html(client.get(LIST))  # no tab to a page they may not open


def test_non_staff_cannot_resolve(client, shopper):
    request = payment_request()
    event = reconciled("no reference here")
    response = client.post(
        f"{LIST}{event.pk}/", {"action": "assign", "reference": request.reference, "note": ""}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    request.refresh_from_db()
    assert event.status == Event.UNMATCHED
    assert request.amount_received == 0


def test_queue_lists_transfers_needing_a_person_first(client, staff):
    request = payment_request()
    unmatched = reconciled("tien an sang", amount=35_000)
    reconciled(request.reference)  # matched, newer
    response = client.get(LIST)
    assert response.status_code == 200
    page = html(response)
    assert "Chuyển khoản ngân hàng" in page  # Vietnamese title
    assert page.index("35.000 ₫") < page.index("150.000 ₫")
    assert 'data-testid="open-count">1<' in page
    assert unmatched.get_status_display() in page
    assert 'class="bf-status bf-status--unmatched"' in page  # coloured by its code
    assert 'class="bf-status bf-status--matched"' in page


def test_status_filter_and_search(client, staff):
    request = payment_request()
    reconciled("tien an sang", amount=35_000)
    reconciled(request.reference)
    page = html(client.get(LIST, {"status": "matched"}))
    assert "150.000 ₫" in page and "35.000 ₫" not in page
    page = html(client.get(LIST, {"status": "open"}))
    assert "35.000 ₫" in page and "150.000 ₫" not in page
    page = html(client.get(LIST, {"q": "an sang"}))
    assert "35.000 ₫" in page and "150.000 ₫" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"provider": "'; drop"},
        {"page": "x"},
        {"page": "99999"},
        {"page": "-1"},
        {"per_page": "0"},
        {"per_page": "-5"},
        {"per_page": "9" * 5000},
        {"sort": "bogus"},
        {"sort": "-__class__"},
        {"sort": "payment_request__order_number"},
        {"delivery": "x"},
        {"q": "x" * 500},
    ],
)
def test_bad_query_parameters_never_fail(client, staff, query):
    reconciled("tien an sang")
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert "150.000 ₫" in html(response)


def test_a_nul_in_the_query_is_a_bad_request(client, staff):
    """config/middleware.py: PostgreSQL cannot search for NUL; the request is refused whole."""
    assert client.get(LIST, {"q": "\x00"}).status_code == 400


def test_list_is_paginated_and_keeps_filters(client, staff):
    for _ in range(55):
        reconciled("khong co ma", amount=1_000)
    page = html(client.get(LIST, {"status": "unmatched"}))
    assert page.count('data-testid="bank-event"') == 50
    assert "status=unmatched&amp;page=2" in page
    page2 = html(client.get(LIST, {"status": "unmatched", "page": 2}))
    assert page2.count('data-testid="bank-event"') == 5


def test_detail_shows_the_transfer_and_its_audit_trail(client, staff):
    event = reconciled("MBVCB.3278.CS7K2P9Q.CT tu 0123")
    response = client.get(f"{LIST}{event.pk}/")
    page = html(response)
    assert response.status_code == 200
    assert "MBVCB.3278.CS7K2P9Q.CT tu 0123" in page
    assert 'data-testid="audit-trail"' in page
    assert "Chưa khớp: cần người xử lý" in page
    assert client.get(f"{LIST}999999/").status_code == 404


def test_staff_assigns_an_unmatched_transfer_to_a_request(client, staff):
    request = payment_request(150_000)
    event = reconciled("chuyen tien mua che")  # the shopper forgot the reference
    response = client.post(
        f"{LIST}{event.pk}/",
        {"action": "assign", "reference": f" {request.reference.lower()} ", "note": "Đã gọi"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    request.refresh_from_db()
    assert event.status == Event.RESOLVED
    assert event.payment_request == request
    assert (request.status, request.amount_received) == (PaymentRequest.Status.PAID, 150_000)
    log = ReconciliationLog.objects.filter(event=event).last()
    assert (log.actor, log.from_status, log.to_status) == (staff, Event.UNMATCHED, Event.RESOLVED)
    assert "Đã gọi" in log.note
    page = html(client.get(response["Location"]))
    assert "ketoan" in page  # the audit trail names the person
    assert "Không còn gì để quyết định" in page or "Nothing to decide" in page


def test_assigning_to_an_unknown_reference_changes_nothing(client, staff):
    event = reconciled("chuyen tien")
    response = client.post(f"{LIST}{event.pk}/", {"action": "assign", "reference": "CSXXXXXX"})
    assert response.status_code == 400
    assert 'data-testid="resolve-error"' in html(response)
    event.refresh_from_db()
    assert event.status == Event.UNMATCHED
    assert ReconciliationLog.objects.filter(event=event).count() == 1


def test_assigning_to_a_paid_request_is_refused(client, staff):
    request = payment_request(150_000)
    reconciled(request.reference)
    event = reconciled("chuyen tien")
    response = client.post(
        f"{LIST}{event.pk}/", {"action": "assign", "reference": request.reference}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.amount_received == 150_000


def test_ignoring_needs_a_note_and_is_logged(client, staff):
    event = reconciled("tien nha")
    response = client.post(f"{LIST}{event.pk}/", {"action": "ignore", "note": ""})
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == Event.UNMATCHED
    response = client.post(f"{LIST}{event.pk}/", {"action": "ignore", "note": "Tiền riêng"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.IGNORED
    assert ReconciliationLog.objects.filter(event=event).last().actor == staff


def test_late_payment_is_marked_refunded(client, staff):
    request = payment_request(150_000, kind=PaymentRequest.Kind.ORDER)
    PaymentRequest.objects.filter(pk=request.pk).update(status=PaymentRequest.Status.EXPIRED)
    event = reconciled(request.reference)
    assert event.status == Event.LATE
    response = client.post(
        f"{LIST}{event.pk}/", {"action": "refunded", "note": "Hoàn 150.000 ₫ ngày 24/11"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.REFUNDED
    log = ReconciliationLog.objects.filter(event=event).last()
    assert log.actor == staff and "Hoàn 150.000 ₫" in log.note


def test_an_action_not_offered_for_the_status_is_refused(client, staff):
    request = payment_request(150_000)
    event = reconciled(request.reference)  # matched: nothing to decide
    response = client.post(f"{LIST}{event.pk}/", {"action": "ignore", "note": "x"})
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == Event.MATCHED


def test_rejections_page_lists_refused_requests(client, staff):
    from payments.models import BankFeedRejection

    BankFeedRejection.objects.create(provider="casso", reason="Chữ ký không khớp.", raw_body="{}")
    page = html(client.get(f"{LIST}rejected/"))
    assert "Chữ ký không khớp." in page


def test_empty_decision_form_is_a_clear_error(client, staff):
    event = reconciled("tien nha")
    response = client.post(f"{LIST}{event.pk}/", {})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in html(response)
    event.refresh_from_db()
    assert event.status == Event.UNMATCHED


def test_oscar_dashboard_menu_links_to_the_queue_for_staff(client, staff):
    response = client.get("/shop/dashboard/")
    assert response.status_code == 200
    assert 'href="/pay/dashboard/bank-events/"' in html(response)


def test_queue_sorts_by_a_column_and_back_to_the_first_page(client, staff):
    reconciled("tien an sang", amount=35_000)
    reconciled("tien rau", amount=90_000)
    reconciled("tien gao", amount=12_000)
    page = html(client.get(LIST, {"sort": "amount", "page": "1"}))
    assert page.index("12.000 ₫") < page.index("35.000 ₫") < page.index("90.000 ₫")
    page = html(client.get(LIST, {"sort": "-amount"}))
    assert page.index("90.000 ₫") < page.index("35.000 ₫") < page.index("12.000 ₫")
    assert 'aria-sort="descending"' in page
    assert "sort=amount" in page and "page=1" not in page


def test_queue_keeps_sorting_when_filtering(client, staff):
    reconciled("tien an sang", amount=35_000)
    page = html(client.get(LIST, {"sort": "-amount"}))
    assert '<input type="hidden" name="sort" value="-amount">' in page


def test_queue_search_finds_the_aggregators_payment_code(client, staff):
    event = reconciled("chuyen tien", payment_code="CSABCDE1")
    assert event.status == Event.UNMATCHED
    page = html(client.get(LIST, {"q": "csabcde1"}))
    assert page.count('data-testid="bank-event"') == 1


def test_queue_filters_by_source(client, staff):
    reconciled("tien an sang", amount=35_000)
    BankFeedEvent.objects.filter(amount=35_000).update(provider="csv")
    reconciled("tien rau", amount=90_000)
    page = html(client.get(LIST, {"provider": "csv"}))
    assert "35.000 ₫" in page and "90.000 ₫" not in page


def test_queue_page_is_translated(client, staff):
    reconciled("tien an sang", amount=35_000)
    page = html(client.get(LIST))
    for label in ("Số tiền", "Trạng thái", "Nguồn", "Lọc"):
        assert label in page, label
