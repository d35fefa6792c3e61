"""Where the shop delivers: Viet Nam. Oscar's checkout offers only shipping countries, so a
production install needs this row before the first order (made by fulfilment 0003)."""

from __future__ import annotations

VIET_NAM = {
    "iso_3166_1_a2": "VN",
    "iso_3166_1_a3": "VNM",
    "iso_3166_1_numeric": "704",
    "printable_name": "Việt Nam",
    "name": "Cộng hòa Xã hội Chủ nghĩa Việt Nam",
    "display_order": 1,
}


def ensure_shipping_country(*, apps=None):
    """Oscar's ``address.Country`` VN, a shipping country. Idempotent: an existing row keeps
    its names and is only made a shipping country. ``apps`` is a migration's state."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Country = apps.get_model("address", "Country")
    code = VIET_NAM["iso_3166_1_a2"]
    defaults = {key: value for key, value in VIET_NAM.items() if key != "iso_3166_1_a2"}
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2=code, defaults={**defaults, "is_shipping_country": True}
    )
    if not country.is_shipping_country:
        country.is_shipping_country = True
        country.save(update_fields=["is_shipping_country"])
    return country
