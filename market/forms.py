"""Forms of the stall register, the stall import, the fake-QR check and the unit-list upload."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from market.models import GoodsCategory, Market, Stall, StandeeSize
from payments.banks import BankAccountError, validate_account
from payments.fields import BANK_ACCOUNT_ERRORS, BankAccountForm

STALL_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,19}")
BANK_FIELDS = ("bank_bin", "account_number", "holder_name")
MISSING_BANK_FIELD = {
    "bank_bin": _("Choose the bank."),
    "account_number": _("Enter the account number."),
    "holder_name": _("Enter the account holder's name."),
}


def clean_stall_code(value: str) -> str:
    code = "".join(value.split()).upper()
    if not STALL_CODE.fullmatch(code):
        raise forms.ValidationError(
            _("A stall code is 1 to 20 letters, digits and dashes, e.g. HS-01."), code="code"
        )
    return code


def clean_person_name(value: str) -> str:
    """Spaces tidied; Vietnamese names keep their accents and order (Nguyễn Thị Hoa)."""
    name = " ".join(value.split())
    if name and not all(char.isalpha() or char in " .'-" for char in name):
        raise forms.ValidationError(
            _("Write the name in letters, family name first: Nguyễn Thị Hoa."), code="name"
        )
    return name


def clean_phone(value: str) -> str:
    phone = re.sub(r"[\s.\-()]", "", value)
    if phone and not re.fullmatch(r"\+?[0-9]{9,12}", phone):
        raise forms.ValidationError(
            _("A phone number is 9 to 12 digits, e.g. 0912 345 678."), code="phone"
        )
    return phone


class StallForm(BankAccountForm):
    """A stall and, optionally, the bank account shoppers pay it into.

    The bank account is all or nothing: a stall can be registered before its stallholder has
    an account, but never with half of one. Without an account it gets no QR.
    """

    code = forms.CharField(label=_("Stall code"), max_length=30, help_text=_("e.g. HS-01"))
    name = forms.CharField(label=_("Stall name"), max_length=150)
    goods_category = forms.ChoiceField(label=_("Goods category"), choices=GoodsCategory.choices)
    stallholder_name = forms.CharField(
        label=_("Stallholder's name"),
        max_length=100,
        required=False,
        help_text=_("Family name first, as on the ID card: Nguyễn Thị Hoa."),
    )
    stallholder_phone = forms.CharField(
        label=_("Stallholder's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    virtual_account = forms.CharField(
        label=_("Virtual account (optional)"),
        max_length=40,
        required=False,
        help_text=_(
            "Only if the market collects into one account with a virtual account per stall."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = [
        "code",
        "name",
        "goods_category",
        "stallholder_name",
        "stallholder_phone",
        "bank_bin",
        "account_number",
        "holder_name",
        "virtual_account",
    ]

    def __init__(self, *args, market: Market, stall: Stall | None = None, **kwargs) -> None:
        if stall is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": stall.code,
                "name": stall.name,
                "goods_category": stall.goods_category,
                "stallholder_name": stall.stallholder_name,
                "stallholder_phone": stall.stallholder_phone,
                "bank_bin": stall.bank_bin,
                "account_number": stall.account_number,
                "holder_name": stall.account_holder,
                "virtual_account": stall.virtual_account,
            }
        super().__init__(*args, **kwargs)
        self.market, self.stall = market, stall
        for name in BANK_FIELDS:
            self.fields[name].required = False
        self.fields["bank_bin"].choices = [
            ("", _("— no bank account yet —")),
            *self.fields["bank_bin"].choices,
        ]
        self.fields["code"].widget.attrs.update(autocapitalize="characters", spellcheck="false")

    def clean_code(self) -> str:
        code = clean_stall_code(self.cleaned_data["code"])
        taken = Stall.objects.filter(market=self.market, code=code)
        if self.stall is not None:
            taken = taken.exclude(pk=self.stall.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("This market already has a stall %(code)s.") % {"code": code}, code="taken"
            )
        return code

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_stallholder_name(self) -> str:
        return clean_person_name(self.cleaned_data["stallholder_name"])

    def clean_stallholder_phone(self) -> str:
        return clean_phone(self.cleaned_data["stallholder_phone"])

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        given = [name for name in BANK_FIELDS if data.get(name)]
        if not given and not any(name in self.errors for name in BANK_FIELDS):
            if data.get("virtual_account"):
                self.add_error(
                    "virtual_account",
                    forms.ValidationError(
                        _("A virtual account needs the bank account it belongs to."),
                        code="virtual_without_bank",
                    ),
                )
            data["holder_name"] = ""
            return data
        if len(given) < len(BANK_FIELDS):
            for name in BANK_FIELDS:
                if name not in given and name not in self.errors:
                    self.add_error(
                        name, forms.ValidationError(MISSING_BANK_FIELD[name], code="required")
                    )
            return data
        data = super().clean()
        virtual = data.get("virtual_account")
        if virtual and data.get("bank_bin") and "bank_bin" not in self.errors:
            try:
                data["virtual_account"] = validate_account(data["bank_bin"], virtual)
            except BankAccountError as error:
                self.add_error(
                    "virtual_account",
                    forms.ValidationError(BANK_ACCOUNT_ERRORS[error.code][1], code=error.code),
                )
        return data

    def stall_fields(self) -> dict[str, str]:
        """The cleaned values under the Stall model's field names."""
        data = self.cleaned_data
        return {
            "code": data["code"],
            "name": data["name"],
            "goods_category": data["goods_category"],
            "stallholder_name": data["stallholder_name"],
            "stallholder_phone": data["stallholder_phone"],
            "bank_bin": data.get("bank_bin") or "",
            "account_number": data.get("account_number") or "",
            "account_holder": data.get("holder_name") or "",
            "virtual_account": data.get("virtual_account") or "",
        }


class StallCloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Closed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date like 2026-11-23.")},
    )

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("A stall cannot be closed in the future."))
        return closed_on


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )


class AdminUnitUploadForm(TableUploadForm):
    pass


class StandeeBatchForm(forms.Form):
    size = forms.ChoiceField(
        label=_("Page size"), choices=StandeeSize.choices, initial=StandeeSize.A6
    )


class QRCheckForm(forms.Form):
    """A pasted payload or a photo of the sticker; optionally the standee's verification code."""

    payload = forms.CharField(
        label=_("QR content"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Paste what a QR reader app shows for the sticker (starts with 000201)."),
    )
    photo = forms.FileField(
        label=_("…or a photo of the QR"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    code = forms.CharField(
        label=_("Verification code on the standee (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    stall = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("payload") or "").strip() and not data.get("photo"):
            raise forms.ValidationError(
                _("Paste the QR content or choose a photo of the QR."), code="empty"
            )
        return data


class QRReportForm(forms.Form):
    payload = forms.CharField(max_length=512, widget=forms.HiddenInput)
    stall = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    code = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    market = forms.ModelChoiceField(
        label=_("Market"),
        queryset=Market.objects.order_by("name"),
        required=False,
        empty_label=_("— choose the market —"),
    )
    note = forms.CharField(
        label=_("What did you see? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
