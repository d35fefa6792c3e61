"""fulfilment 0004: names kept split (family name in last_name) become whole, as typed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from oscar.core.loading import get_model

from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

migration = importlib.import_module("fulfilment.migrations.0004_full_names_in_typed_order")


def test_split_names_are_merged_family_name_first_everywhere():
    user = builders.shopper("khach")
    user.first_name, user.last_name = "Anh", "Lê Minh"
    user.save()
    whole = builders.shopper("whole")
    whole.first_name = "Trần Thị Hương"
    whole.save()
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"printable_name": "Việt Nam", "name": "Việt Nam"}
    )
    address = UserAddress.objects.create(
        user=user, first_name="Minh Anh", last_name="Lê", line1="12 Hoàng Văn Thụ", country=country
    )
    order = builders.place_order([(factories.product(stock=5), 1)], number="900001")
    assert order.shipping_address.name == "Minh Anh Lê"  # the builder keeps it split

    migration.merge_names(apps, None)

    user.refresh_from_db()
    whole.refresh_from_db()
    address.refresh_from_db()
    order.shipping_address.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Lê Minh Anh", "")
    assert user.get_full_name() == "Lê Minh Anh"
    assert whole.get_full_name() == "Trần Thị Hương"  # already whole: untouched
    assert address.salutation == "Lê Minh Anh"
    assert address.hash == str(address.generate_hash())  # Oscar's duplicate check works
    assert order.shipping_address.name == "Lê Minh Anh"


def test_merging_twice_changes_nothing():
    user = builders.shopper("khach")
    user.first_name, user.last_name = "Anh", "Lê Minh"
    user.save()
    migration.merge_names(apps, None)
    migration.merge_names(apps, None)
    user.refresh_from_db()
    assert user.get_full_name() == "Lê Minh Anh"
