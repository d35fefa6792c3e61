"""Shoppers' name and address forms in Vietnamese terms, replacing Oscar's stock ones.

- One "Full name" (Họ và tên) field instead of Oscar's title / first name / last name: the name
  is kept whole, as typed, in ``first_name`` with ``last_name`` empty, so Oscar's
  ``address.name`` and ``salutation``, Django's ``get_full_name()``, e-mails and dashboards all
  show "Lê Minh Anh", never "Anh Lê Minh" (fulfilment 0004 merged the names kept before).
- Addresses in the two levels of local government since 1 July 2025: house number, street,
  hamlet (``line1``); commune/ward (``line4``, Oscar's "City"); province/city (``state``, a
  choice from the loaded unit list, free text while the list is empty). Country is Viet Nam
  (the only shipping country), postcode optional.

Used by the checkout fork (payments.checkout.forms), the address book and profile views
(fulfilment.shopper_views) and the staff's order address form (fulfilment.dashboard.orders).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.forms import UserAddressForm as OscarUserAddressForm
from oscar.apps.customer.forms import UserForm as OscarUserForm
from oscar.apps.dashboard.orders.forms import (
    ShippingAddressForm as OscarStaffShippingAddressForm,
)
from oscar.core.loading import get_model

from market.selectors import province_names

Country = get_model("address", "Country")

#: The fields of an address form, in the order a Vietnamese address is written.
ADDRESS_FIELDS = ["first_name", "phone_number", "line1", "line4", "state", "postcode", "notes"]


def _squeeze(value: str) -> str:
    return " ".join((value or "").split())


class FullNameMixin:
    """``first_name`` relabelled "Full name" and holding the whole name; no last name, no
    title. Call ``setup_full_name`` from ``__init__``."""

    def setup_full_name(self, *, required: bool) -> None:
        for name in ("title", "last_name"):
            self.fields.pop(name, None)
        field = self.fields["first_name"]
        field.label = _("Full name")
        field.help_text = _("Family name first, as on your ID card, e.g. Lê Minh Anh.")
        field.required = required
        field.widget.attrs["autocomplete"] = "name"
        instance = self.instance
        if instance.last_name and not self.is_bound:
            # A name kept split by other software (Họ in last_name, Tên in first_name).
            self.initial["first_name"] = _squeeze(f"{instance.last_name} {instance.first_name}")

    def clean_first_name(self) -> str:
        return _squeeze(self.cleaned_data.get("first_name", ""))

    def clean(self):
        cleaned = super().clean()
        # Not form fields, so the model form leaves them alone: set here, saved with the rest.
        self.instance.last_name = ""
        if hasattr(self.instance, "title"):
            self.instance.title = ""
        return cleaned


class VietnameseAddressMixin(FullNameMixin):
    """Oscar's address fields relabelled and reduced to a Vietnamese address. Call
    ``setup_vietnamese_address`` from ``__init__`` after Oscar's own set-up."""

    def setup_vietnamese_address(self) -> None:
        self.setup_full_name(required=True)
        for name in ("line2", "line3"):
            self.fields.pop(name, None)
        self.fields["line1"].label = _("House number, street, hamlet")
        self.fields["line1"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["line4"].label = _("Commune/ward")
        self.fields["line4"].required = True
        self.fields["state"] = self._province_field()
        if "postcode" in self.fields:
            self.fields["postcode"].required = False
        self._fix_country()
        self.order_fields(ADDRESS_FIELDS)

    def _province_field(self) -> forms.Field:
        label = _("Province/city")
        names = province_names()
        current = self.instance.state if self.instance.pk else ""
        if not names:
            return forms.CharField(
                label=label,
                max_length=255,
                widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
            )
        if current and current not in names:
            names = [current, *names]  # an address kept before the list changed
        return forms.ChoiceField(
            label=label,
            choices=[("", _("Choose a province or city"))] + [(name, name) for name in names],
            widget=forms.Select(attrs={"autocomplete": "address-level1"}),
            error_messages={"invalid_choice": _("Choose a province or city from the list.")},
        )

    def _fix_country(self) -> None:
        # Viet Nam only: no country drop-down when it is the one shipping country.
        if "country" not in self.fields:
            return
        countries = list(Country._default_manager.filter(is_shipping_country=True)[:2])
        if len(countries) == 1:
            self.fields.pop("country")
            self.instance.country = countries[0]
        else:
            self.fields["country"].queryset = Country._default_manager.filter(
                is_shipping_country=True
            )
            self.fields["country"].empty_label = None


class UserAddressForm(VietnameseAddressMixin, OscarUserAddressForm):
    """The address book's form (Oscar's ``address.forms.UserAddressForm``)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.setup_vietnamese_address()


class ProfileForm(FullNameMixin, OscarUserForm):
    """The profile form (Oscar's ``customer.forms.ProfileForm``, a ``UserForm`` as the shop
    has no profile model): full name and e-mail."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.setup_full_name(required=False)


class StaffShippingAddressForm(VietnameseAddressMixin, OscarStaffShippingAddressForm):
    """Staff correcting an order's delivery address in the dashboard (Oscar's
    ``dashboard.orders.forms.ShippingAddressForm``), in the same terms as the shopper's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_vietnamese_address()
