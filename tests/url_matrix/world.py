"""Two tenants of everything, one user per role: the data the URL matrix fills into every route.

Producer A (``htx-che-tan-cuong``) and producer B (``htx-mat-ong-dinh-hoa``), each with a
public product, an order from their own shopper, a fulfilment group, a lot, codes and a label
job; market X (``cho-hung-son``, Thái Nguyên) and market Y (``cho-na-hang``, Tuyên Quang),
each with stalls, a standee batch and a stall charge; shopper A and shopper B, each with an
address, a wishlist, a saved basket, a stock alert, a notification, an e-mail and a review.
Built once per module; every request runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import TestCase
from oscar.core.loading import get_model

from catalog.demo import product_image, seed_product_classes
from catalog.services import product_set_gtin
from config import roles
from core.permissions import ensure_finance_group
from fulfilment.models import FulfilmentGroup
from market import services as market_services
from market import tasks as market_tasks
from payments import methods, order_status
from payments.bankfeed import intake
from payments.bankfeed.reconcile import reconcile_bank_event
from payments.models import BankFeedEvent, BankFeedRejection, CardPayment
from payments.services import open_transfer_request
from tests import factories
from tests.fulfilment import builders as shop
from tests.market import builders as markets
from tests.payments.bankfeed_support import SHOP_ACCOUNT, encode, sepay, signed_headers
from tests.traceability import trace_builders as tb
from traceability import label_services
from traceability.models import TraceCode

A, B = "htx-che-tan-cuong", "htx-mat-ong-dinh-hoa"
X, Y = "cho-hung-son", "cho-na-hang"
ORDER_A, ORDER_B = "500001", "500002"  # shopper A's (producer A's goods), shopper B's (B's)
TRANSFER_A = "CS7K2P9QA"  # shopper A's order waiting for a VietQR transfer
CARD_A = "CS7K2P9QC"  # shopper A's order paid by card (succeeded)
COD_A = "CS7K2P9QD"  # shopper A's cash-on-delivery order
GTIN_A = tb.gtin("0893850597001")

ROLES = (
    "anonymous",
    "shopper_a",
    "shopper_b",
    "producer_a",
    "producer_b",
    "digital",  # community digital team: assists producer A and market X
    "stallholder",  # of stall X-01
    "board_x",
    "board_y",
    "official",  # provincial official of Thái Nguyên (market X's province)
    "editor",  # Wagtail "Editors" group, no shop staff
    "finance",  # the Finance group, is_staff
    "superuser",
)


@dataclass
class World:
    users: dict
    ids: dict = field(default_factory=dict)


def _user(username: str, *groups: str, **extra) -> User:
    user = User.objects.create_user(username, f"{username}@example.vn", "demo12345", **extra)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def _editor() -> User:
    user = _user("bien.tap")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    user.groups.add(group)
    return user


def build() -> World:
    seed_product_classes()
    a, b = shop.producer_pair()
    product_a = factories.product(title="Chè móc câu", price=250000, owner=a, image=True)
    product_b = factories.product(title="Mật ong", price=180000, owner=b, image=True)
    draft_a = factories.product(title="Chè chưa đăng", price=90000, owner=a)
    draft_a.is_public = False
    draft_a.save()
    product_set_gtin(product=product_a, gtin=GTIN_A)

    # --- markets X and Y, their stalls and users (tests/market/builders.py) ---
    mx = markets.market("Chợ Hùng Sơn", X, cashless_launch_date="2022-04-26")
    tuyen_quang = ("tuyen-quang", "Tỉnh Tuyên Quang", "08")
    my = markets.market(
        "Chợ Na Hang", Y, commune=markets.place("Xã Na Hang", "Huyện Na Hang", tuyen_quang)
    )
    users = {
        "anonymous": None,
        "shopper_a": _user("shopper.a"),
        "shopper_b": _user("shopper.b"),
        "producer_a": shop.producer_staff(a, "farmer.a"),
        "producer_b": shop.producer_staff(b, "farmer.b"),
        "digital": shop.digital_team_member("to.cong.nghe", a),
        "stallholder": _user("stall.x01", roles.STALLHOLDER_GROUP),
        "board_x": _user("board.x", roles.BOARD_GROUP),
        "board_y": _user("board.y", roles.BOARD_GROUP),
        "official": _user("official", roles.OFFICIAL_GROUP),
        "editor": _editor(),
        "finance": factories.finance_user("ketoan"),
        "superuser": shop.staff("admin"),
    }
    ensure_finance_group()
    mx.board_members.add(users["board_x"])
    my.board_members.add(users["board_y"])
    mx.digital_team.add(users["digital"])
    mx.commune.province.officials.add(users["official"])
    x1 = markets.stall(mx, "X-01", stallholder=users["stallholder"], actor=users["board_x"])
    markets.stall(mx, "X-02", bank=False, actor=users["board_x"])
    y1 = markets.stall(
        my, "Y-01", account_number="9704220001", bank_bin=markets.MB, actor=users["board_y"]
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch_x = market_services.standee_batch_request(market=mx, size="A6", actor=None)
        batch_y = market_services.standee_batch_request(market=my, size="A6", actor=None)
        market_tasks.enqueue_standee_batch(batch_x.pk)
        market_tasks.enqueue_standee_batch(batch_y.pk)
    charge_x1 = market_services.stall_charge_create(stall=x1, amount=50000, actor=None)
    charge_y1 = market_services.stall_charge_create(stall=y1, amount=60000, actor=None)

    # --- orders: shopper A buys from producer A, shopper B from producer B ---
    order_a = shop.place_order([(product_a, 1)], number=ORDER_A, user=users["shopper_a"])
    order_b = shop.place_order([(product_b, 1)], number=ORDER_B, user=users["shopper_b"])
    shop.book_paid(ORDER_A)
    transfer_a = shop.place_order(
        [(product_a, 1)],
        number=TRANSFER_A,
        user=users["shopper_a"],
        status=order_status.PENDING_PAYMENT,
    )
    transfer_a.sources.create(
        source_type=methods.source_type(methods.TRANSFER),
        amount_allocated=250000,
        reference=TRANSFER_A,
    )
    open_transfer_request(order=transfer_a)
    card_a = shop.place_order([(product_a, 1)], number=CARD_A, user=users["shopper_a"])
    card = CardPayment.objects.create(
        order_number=CARD_A,
        payment_intent_id="pi_matrix",
        amount=250_000,
        status=CardPayment.Status.SUCCEEDED,
    )
    cod = shop.place_order(
        [(product_a, 1)],
        number=COD_A,
        user=users["shopper_a"],
        status=order_status.CASH_ON_DELIVERY,
    )
    cod.sources.create(
        source_type=methods.source_type(methods.COD), amount_allocated=250000, reference=COD_A
    )
    note_a = order_a.notes.create(message="Gói cẩn thận", note_type="Info")
    note_b = order_b.notes.create(message="Giao buổi sáng", note_type="Info")

    # --- bank feed: an open event and a rejected (stale) delivery ---
    event = BankFeedEvent.objects.create(
        provider="sepay",
        transaction_id="T-MATRIX",
        content="khong co ma",
        amount=35_000,
        account_number=SHOP_ACCOUNT,
    )
    reconcile_bank_event(event_id=event.pk)
    body = encode(sepay(transaction_id=556, amount=1_000))
    intake.record_bank_delivery(
        provider="sepay",
        headers={
            "Content-Type": "application/json",
            **signed_headers("sepay", body, timestamp=int(time.time()) - 7200),
        },
        body=body,
        remote_addr="127.0.0.1",
    )
    rejection = BankFeedRejection.objects.latest("pk")

    # --- traceability: a lot, codes and a label job per producer ---
    lot_a = tb.lot(producer=a, product=product_a, code="CHE-A1", gtin_body="0893850597001")
    lot_b = tb.lot(producer=b, product=product_b, code="MO-B1", gtin_body="0893850597002")
    TraceCode.objects.create(
        lot=lot_a, gtin=lot_a.gtin, lot_code=lot_a.code, serial="ABCD2345", status="active"
    )
    jobs = {}
    for key, lot in (("job_a", lot_a), ("job_b", lot_b)):
        job = label_services.label_job_request(lot=lot, layout="a4-40", copies=1, user=None)
        jobs[key] = label_services.label_job_build(job_id=job.pk).pk

    ids = {
        "product_a": product_a.pk,
        "product_b": product_b.pk,
        "draft_a": draft_a.pk,
        "image_a": product_a.images.get().pk,
        "image_b": product_b.images.get().pk,
        "line_a": order_a.lines.get().pk,
        "line_b": order_b.lines.get().pk,
        "note_a": note_a.pk,
        "note_b": note_b.pk,
        "group_a": FulfilmentGroup.objects.get(order=order_a).pk,
        "group_b": FulfilmentGroup.objects.get(order=order_b).pk,
        "anon_hash_a": order_a.verification_hash(),
        "anon_hash_b": order_b.verification_hash(),
        "card": card.pk,
        "card_order": card_a.number,
        "event": event.pk,
        "rejection": rejection.pk,
        "batch_x": batch_x.pk,
        "batch_y": batch_y.pk,
        "charge_x1": charge_x1.payment_request.reference,
        "charge_y1": charge_y1.payment_request.reference,
        "lot_a": lot_a.pk,
        "lot_b": lot_b.pk,
        "lot_code_a": lot_a.code,
        "gtin_a": lot_a.gtin,
        **jobs,
    }
    ids.update(_shopper_things(users, product_a, product_b))
    ids.update(_dashboard_things(users, a, b))
    ids.update(_cms_things())
    for role in ROLES:
        if users[role] is not None:
            ids[f"user_{role}"] = users[role].pk
    return World(users=users, ids=ids)


def _shopper_things(users, product_a, product_b) -> dict:
    """Per shopper: an address, a wishlist with a line, a saved basket, a stock alert, a
    notification, an e-mail and a review."""
    from oscar.test import factories as oscar

    Country = get_model("address", "Country")
    Notification = get_model("communication", "Notification")
    Email = get_model("communication", "Email")
    Basket = get_model("basket", "Basket")
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"printable_name": "Việt Nam", "name": "Việt Nam", "is_shipping_country": True},
    )
    ids = {}
    for key, product in (("a", product_a), ("b", product_b)):
        user = users[f"shopper_{key}"]
        address = oscar.UserAddressFactory(
            user=user,
            country=country,
            first_name="Minh",
            last_name=key.upper(),
            line1="12 Hoàng Văn Thụ",
            line4="Thái Nguyên",
            postcode="",
            phone_number="+84912345678",
        )
        wishlist = oscar.WishListFactory(owner=user, name=f"Quà Tết {key}")
        line = wishlist.add(product)
        Basket.objects.create(owner=user, status=Basket.SAVED)
        alert = oscar.ProductAlertFactory(user=user, product=product, status="Active")
        anon_alert = oscar.ProductAlertFactory(
            user=None, email=f"khach.{key}@example.vn", product=product, status="Unconfirmed"
        )
        note = Notification.objects.create(recipient=user, subject=f"Đơn hàng {key}")
        email = Email.objects.create(user=user, subject=f"Thư {key}", body_text="…")
        review = oscar.ProductReviewFactory(product=product, user=user, title=f"Ngon {key}")
        ids.update(
            {
                f"address_{key}": address.pk,
                f"wishlist_{key}": wishlist.key,
                f"wishline_{key}": line.pk if line else wishlist.lines.get().pk,
                f"alert_{key}": alert.pk,
                f"alert_key_{key}": anon_alert.key,
                f"notification_{key}": note.pk,
                f"email_{key}": email.pk,
                f"review_{key}": review.pk,
            }
        )
    return ids


def _dashboard_things(users, a, b) -> dict:
    """One of each object Oscar's dashboard edits: category, class, option group, option,
    flat page, offer, range, voucher, voucher set, comms template, shipping method and band."""
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site
    from oscar.test import factories as oscar

    CommunicationEventType = get_model("communication", "CommunicationEventType")
    category = oscar.CategoryFactory(name="Chè xanh")
    page = FlatPage.objects.create(url="/gioi-thieu/", title="Giới thiệu", content="…")
    page.sites.add(Site.objects.get_current())
    offer = oscar.create_offer(name="Giảm giá Tết")
    offer.condition.range.is_public = True
    offer.condition.range.save()
    voucher = oscar.VoucherFactory(code="TET2027")
    voucher_set = oscar.VoucherSetFactory(name="Bộ mã Tết", count=2)
    comms, _ = CommunicationEventType.objects.get_or_create(
        code="ORDER_PLACED", defaults={"name": "Order placed", "category": "Order related"}
    )
    method = oscar.create_shipping_weight_based()
    band = oscar.create_shipping_weight_band(1, 30000, method)
    return {
        "category": category.pk,
        "category_slug": category.slug,
        "product_class": get_model("catalogue", "ProductClass").objects.get(slug="che").pk,
        "option_group": oscar.AttributeOptionGroupFactory().pk,
        "option": oscar.OptionFactory().pk,
        "flatpage": page.pk,
        "offer": offer.pk,
        "offer_slug": offer.slug,
        "range": offer.condition.range.pk,
        "range_slug": offer.condition.range.slug,
        "voucher": voucher.pk,
        "voucher_set": voucher_set.pk,
        "comms_code": comms.code,
        "shipping": method.pk,
        "band": band.pk,
        "partner_a": a.partner.pk,
        "partner_b": b.partner.pk,
    }


def _cms_things() -> dict:
    """A Wagtail image, document and the site's root page for the /cms/ and /documents/ routes."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    picture = ImageFile(io.BytesIO(product_image("Đồi chè")), name="doi-che.jpg")
    image = get_image_model().objects.create(title="Đồi chè", file=picture)
    document = get_document_model()(title="Bảng giá")
    document.file.save("bang-gia.txt", ContentFile(b"Che 250000\n"), save=False)
    document.save()
    home = Page.objects.filter(depth=2).first() or Page.objects.get(depth=1)
    return {
        "image": image.pk,
        "document": document.pk,
        "document_file": document.filename,
        "page": home.pk,
    }
