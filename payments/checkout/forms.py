"""The checkout fork's forms: the payment method, and the delivery address in Vietnamese
terms (one full name; house and street, commune/ward, province: fulfilment.shopper_forms).
Oscar's ``get_class("checkout.forms", …)`` finds them here; the others stay Oscar's."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.apps.checkout.forms import ShippingAddressForm as OscarShippingAddressForm

from fulfilment.shopper_forms import VietnameseAddressMixin
from payments.methods import CARD, COD, LABELS, TRANSFER

METHOD_LABELS = LABELS


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How will you pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you will pay."),
            "invalid_choice": _("Choose one of the payment methods shown."),
        },
    )

    def __init__(self, *args, card_enabled: bool, **kwargs):
        super().__init__(*args, **kwargs)
        methods = [TRANSFER, CARD, COD] if card_enabled else [TRANSFER, COD]
        self.fields["method"].choices = [(m, METHOD_LABELS[m]) for m in methods]


class GatewayForm(OscarGatewayForm):
    """Oscar's "who are you?" step without its script. The password box belongs to the
    "returning customer" choice only, but AuthenticationForm makes it required, so the browser
    refused a guest's "Continue" until Oscar's jQuery removed the attribute. Here the box is
    optional and the returning customer is asked for it by the form instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].required = False

    def clean(self):
        returning = not (self.is_guest_checkout() or self.is_new_account_checkout())
        if returning and not self.cleaned_data.get("password"):
            self.add_error("password", _("Enter your password, or choose to continue as a guest."))
            return self.cleaned_data
        return super().clean()


class ShippingAddressForm(VietnameseAddressMixin, OscarShippingAddressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_vietnamese_address()
