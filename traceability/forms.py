"""The "type a code" form of the scan page: a pasted address, or GTIN + lot + serial."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from traceability.gs1 import (
    DigitalLink,
    DigitalLinkError,
    is_ai82,
    is_valid_gtin,
    normalize_gtin,
    parse_digital_link,
)


def _squash(value: str) -> str:
    return "".join(value.split())


class CodeLookupForm(forms.Form):
    uri = forms.CharField(
        label=_("Address from the QR code"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://…/01/…"}),
    )
    gtin = forms.CharField(
        label=_("Barcode number (GTIN)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    lot = forms.CharField(label=_("Lot"), required=False, max_length=20)
    serial = forms.CharField(label=_("Serial"), required=False, max_length=20)

    def clean(self) -> dict:
        data = super().clean()
        uri = data.get("uri", "").strip()
        if uri:
            try:
                data["link"] = parse_digital_link(uri)
            except DigitalLinkError:
                self.add_error(
                    "uri",
                    _("This is not a product code address: it should contain /01/ and a GTIN."),
                )
            return data
        gtin = _squash(data.get("gtin", ""))
        if not gtin:
            raise forms.ValidationError(_("Paste the address, or type the barcode number."))
        if not is_valid_gtin(gtin):
            self.add_error("gtin", _("A GTIN has 8, 12, 13 or 14 digits; check the number."))
            return data
        lot, serial = _squash(data.get("lot", "")), _squash(data.get("serial", ""))
        for name, value in (("lot", lot), ("serial", serial)):
            if value and not is_ai82(value):
                self.add_error(
                    name, _("Use only the letters, digits and signs printed on the label.")
                )
        if not self.errors:
            data["link"] = DigitalLink(
                gtin=normalize_gtin(gtin), lot=lot or None, serial=serial or None
            )
        return data
