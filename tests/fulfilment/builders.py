"""Builders for marketplace tests: two producers, their staff, and orders that span both.

Orders are placed with Oscar's own machinery (oscar.test.factories.create_order →
OrderCreator) and split per producer the way checkout does it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from oscar.core.loading import get_model
from oscar.test.factories import create_order
from oscar.test.factories.order import ShippingAddressFactory

from catalog.models import Producer
from config import roles
from fulfilment.services import create_fulfilment_groups
from payments import order_status
from tests import factories

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")


def producer_pair() -> tuple[Producer, Producer]:
    a = factories.producer(name="HTX Chè Tân Cương Hoàng Bình", slug="htx-che-tan-cuong")
    b = factories.producer(name="HTX Mật ong Định Hóa", slug="htx-mat-ong-dinh-hoa")
    return a, b


def producer_staff(producer: Producer, username: str) -> User:
    """A user of the producer's partner, in the Producer staff group with dashboard access."""
    user = User.objects.create_user(username, f"{username}@example.vn", "demo12345")
    group, _ = Group.objects.get_or_create(name=roles.PRODUCER_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    user.groups.add(group)
    producer.partner.users.add(user)
    return user


def digital_team_member(username: str, *producers: Producer) -> User:
    user = User.objects.create_user(username, f"{username}@example.vn", "demo12345")
    group, _ = Group.objects.get_or_create(name=roles.DIGITAL_TEAM_GROUP)
    user.groups.add(group)
    for producer in producers:
        producer.assistants.add(user)
    return user


def shopper(username: str = "shopper") -> User:
    return User.objects.create_user(username, f"{username}@example.vn", "demo12345")


def staff(username: str = "admin") -> User:
    """Shop staff as the demo's admin: staff with every permission."""
    return User.objects.create_superuser(username, f"{username}@example.vn", "demo12345")


def shipping_address():
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"printable_name": "Việt Nam", "name": "Việt Nam"}
    )
    return ShippingAddressFactory(
        country=country,
        first_name="Minh Anh",
        last_name="Lê",
        line1="12 Hoàng Văn Thụ",
        line4="Thái Nguyên",
        postcode="",
        phone_number="+84912345678",
    )


def place_order(items, *, number: str, user=None, status: str = order_status.PAID):
    """One Oscar order for ``items`` = [(product, quantity), …], set to ``status``."""
    from oscar.apps.partner.strategy import Default

    basket = Basket.objects.create(owner=user)
    basket.strategy = Default()
    for product, quantity in items:
        basket.add_product(product, quantity)
    order = create_order(
        number=number, basket=basket, user=user, shipping_address=shipping_address()
    )
    create_fulfilment_groups(order=order)
    if order.status != status:
        order.status = status
        order.save(update_fields=["status"])
    return order


def book_paid(number: str) -> list:
    """Book an order's sales in the payout ledger the way the settle service does: under the
    order's row lock, in one transaction. Returns the entries written."""
    from django.db import transaction

    from fulfilment import ledger

    Order = get_model("order", "Order")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(number=number)
        return ledger.book_paid_order(order=order)


def transfer_order(a: Producer, b: Producer, *, method: str = "vietqr"):
    """An order of 150.000 ₫ (tea 100.000 ₫ from ``a``, honey 50.000 ₫ from ``b``) waiting for
    payment, numbered with a fresh transfer reference; a VietQR order gets its request."""
    from payments import methods
    from payments.references import new_reference
    from payments.services import open_transfer_request

    number = new_reference()
    tea = factories.product(title=f"Chè {number}", price=100000, owner=a)
    honey = factories.product(title=f"Mật ong {number}", price=50000, owner=b)
    order = place_order([(tea, 1), (honey, 1)], number=number, status=order_status.PENDING_PAYMENT)
    order.sources.create(
        source_type=methods.source_type(method), amount_allocated=150000, reference=number
    )
    if method == methods.TRANSFER:
        open_transfer_request(order=order)
    return order
