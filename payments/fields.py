"""Form fields for the bank account a stall or producer is paid into.

``BankAccountForm`` can be used alone or mixed into another form (``class StallForm(
BankAccountForm, forms.ModelForm)``); it checks the account against the NAPAS registry and
stores the holder name the way banks print it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from payments.banks import BankAccountError, bank_choices, normalize_holder_name, validate_account

__all__ = ["BANK_ACCOUNT_ERRORS", "BankAccountForm"]

# BankAccountError.code → (form field, message shown to the user).
BANK_ACCOUNT_ERRORS = {
    "unknown_bank": ("bank_bin", _("Choose a bank from the list.")),
    "account_format": (
        "account_number",
        _("An account number has 1 to 19 letters or digits, with no other characters."),
    ),
}


class BankAccountForm(forms.Form):
    bank_bin = forms.ChoiceField(
        label=_("Bank"),
        # A callable, so the registry is read when the form is first used, not at import time.
        choices=bank_choices,
        error_messages={
            "required": _("Choose the bank."),
            "invalid_choice": _("Choose a bank from the list."),
        },
    )
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,  # room for the spaces people type between digit groups
        help_text=_("As printed on the bank card or in the banking app; spaces are ignored."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the account number.")},
    )
    holder_name = forms.CharField(
        label=_("Account holder"),
        max_length=70,
        help_text=_("The name the bank shows when money is sent, e.g. NGUYEN VAN DUC."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter the account holder's name.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        bank_bin = cleaned.get("bank_bin")
        account = cleaned.get("account_number")
        if bank_bin and account:
            try:
                cleaned["account_number"] = validate_account(bank_bin, account)
            except BankAccountError as error:
                field, message = BANK_ACCOUNT_ERRORS[error.code]
                self.add_error(field, forms.ValidationError(message, code=error.code))
        holder = cleaned.get("holder_name")
        if holder is not None:
            normalized = normalize_holder_name(holder)
            if normalized:
                cleaned["holder_name"] = normalized
            else:
                self.add_error(
                    "holder_name",
                    forms.ValidationError(
                        _("Write the holder's name in letters, e.g. Nguyễn Văn Đức."),
                        code="holder_name",
                    ),
                )
        return cleaned
