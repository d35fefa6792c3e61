"""Forms of the staff bank-feed pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from payments.bankfeed.reconcile import RESOLVABLE_FROM, ResolveAction
from payments.models import BankFeedEvent

#: The finance queue's decisions (a stall's sale is the market board's, on its own page).
ACTION_LABELS = {
    ResolveAction.ASSIGN: _("Count it towards a payment request (enter its reference)"),
    ResolveAction.IGNORE: _("Not a payment for us: ignore it"),
    ResolveAction.REFUNDED: _("The money was sent back: mark it refunded"),
}


class ResolveBankEventForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reference = forms.CharField(
        label=_("Payment reference"),
        required=False,
        max_length=40,
        help_text=_("For example CS7K2P9Q, as printed under the QR code."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: what you checked, who you called. Kept in the audit trail."),
    )

    def __init__(self, *args, event: BankFeedEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (action, label)
            for action, label in ACTION_LABELS.items()
            if event.status in RESOLVABLE_FROM[action]
        ]

    @property
    def has_actions(self) -> bool:
        return bool(self.fields["action"].choices)


class BankStatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CSV)"),
        help_text=_("UTF-8 CSV, at most 5 MB and 10,000 rows."),
        error_messages={
            "required": _("Choose a CSV file."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a CSV file."),
        },
    )
