"""Names kept whole, as typed, in ``first_name`` (fulfilment.shopper_forms).

Until now the shop kept a Vietnamese name split the way its own pages read it back: family
(and middle) name in ``last_name``, given name in ``first_name`` (seed_demo, market's
``person_name``, the cash-on-delivery table), so Oscar's ``address.name`` and Django's
``get_full_name()`` showed "Anh Lê Minh". Each such name becomes "last_name first_name" in
``first_name`` with ``last_name`` empty: users, address-book entries and the addresses of
orders. Address-book hashes (Oscar's duplicate check) are recomputed with Oscar's own model,
as Oscar's address 0005 does. Going back leaves the names whole.
"""

from django.conf import settings
from django.db import IntegrityError, migrations, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Trim


def merged():
    return Trim(Concat(F("last_name"), Value(" "), F("first_name")))


def merge_names(apps, schema_editor):
    from oscar.core.loading import get_model

    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    User.objects.exclude(last_name="").update(first_name=merged(), last_name="")
    for label in ("order.ShippingAddress", "order.BillingAddress"):
        model = apps.get_model(*label.split("."))
        model.objects.exclude(last_name="").update(first_name=merged(), last_name="")
    # The real model: its save() recomputes the hash and search text.
    UserAddress = get_model("address", "UserAddress")
    for address in UserAddress.objects.exclude(last_name=""):
        address.first_name = " ".join(f"{address.last_name} {address.first_name}".split())
        address.last_name = ""
        try:
            with transaction.atomic():
                address.save()
        except IntegrityError:
            # The same address, already kept whole: the displays that read last_name first
            # (market.selectors.person_name) still show this one right.
            pass


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0003_viet_nam_shipping_country"),
        ("address", "0007_useraddress_code"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(merge_names, migrations.RunPython.noop)]
