"""Checkout steps that differ from Oscar's: choosing the payment method, taking it, thank-you."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import views as oscar_views
from oscar.apps.payment.exceptions import UnableToTakePayment

from catalog.rules import sellable_price_problem
from fulfilment.services import create_fulfilment_groups
from payments import methods, order_status
from payments.banks import get_bank
from payments.cards.gateway import card_enabled
from payments.checkout.forms import METHOD_LABELS, GatewayForm, PaymentMethodForm
from payments.models import PaymentRequest
from payments.orders.access import remember_order
from payments.orders.services import order_expire_if_overdue
from payments.services import open_transfer_request


class IndexView(oscar_views.IndexView):
    """Oscar's checkout gateway. Its "returning customer" password goes through the sign-in
    throttle like every other sign-in form; Oscar does not hand the form the request, without
    which authenticate() cannot tell who is trying (config/auth.py)."""

    form_class = GatewayForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PaymentMethodView(oscar_views.PaymentMethodView):
    template_name = "payments/checkout/payment_method.html"
    success_url = "checkout:preview"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return redirect(self.success_url)

    def _form(self, data=None):
        initial = {"method": self.checkout_session.payment_method()}
        return PaymentMethodForm(data=data, initial=initial, card_enabled=card_enabled())


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    def get_pre_conditions(self, request):
        conditions = [*super().get_pre_conditions(request), "check_basket_prices_are_sellable"]
        return [*conditions, "check_payment_method_is_chosen"] if self.preview else conditions

    def check_basket_prices_are_sellable(self, request):
        """The money path's last line: a line priced at 0 ₫ or less, above the maximum, or in
        another currency (a stock record written before the rules, or past them) never
        becomes an order; the shopper is sent back to the basket with the product named."""
        from oscar.apps.checkout.exceptions import FailedPreCondition

        for line in request.basket.all_lines():
            price = line.purchase_info.price
            problem = sellable_price_problem(
                price=getattr(price, "incl_tax", None) if price.exists else None,
                currency=getattr(price, "currency", None),
            )
            if problem is not None:
                raise FailedPreCondition(
                    url=reverse("basket:summary"),
                    message=_(
                        "“%(title)s” cannot be bought at its current price. Remove it from "
                        "your basket to continue."
                    )
                    % {"title": line.product.get_title()},
                )

    def check_payment_method_is_chosen(self, request):
        from oscar.apps.checkout.exceptions import FailedPreCondition

        allowed = {methods.TRANSFER, methods.COD}
        if card_enabled():
            allowed.add(methods.CARD)
        if self.checkout_session.payment_method() not in allowed:
            raise FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Choose how you will pay."),
            )

    def get(self, request, *args, **kwargs):
        if not self.preview:  # nothing to type in: the method was chosen on the previous step
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        method = self.checkout_session.payment_method()
        context["payment_method_label"] = METHOD_LABELS.get(method, "")
        return context

    def generate_order_number(self, basket):
        return methods.new_order_number()

    def get_initial_order_status(self, basket):
        if self.checkout_session.payment_method() == methods.COD:
            return order_status.CASH_ON_DELIVERY
        return order_status.PENDING_PAYMENT

    def handle_payment(self, order_number, total, **kwargs):
        method = self.checkout_session.payment_method()
        amount = int(total.incl_tax)
        if method == methods.CARD:
            if not card_enabled():
                raise UnableToTakePayment(_("Card payments are not available right now."))
            from payments.cards.services import create_card_payment

            create_card_payment(order_number=order_number, amount=amount)
        source = methods.Source(
            source_type=methods.source_type(method),
            amount_allocated=total.incl_tax,
            reference=order_number,
        )
        self.add_payment_source(source)

    def handle_successful_order(self, order):
        method = self.checkout_session.payment_method()
        # Each producer's part of the order, to pack and ship and to be credited once paid.
        create_fulfilment_groups(order=order)
        if method == methods.TRANSFER:
            open_transfer_request(order=order)
        remember_order(self.request, order.number)
        response = super().handle_successful_order(order)
        if method == methods.CARD:
            return redirect("card-pay", order_number=order.number)
        return response


class ThankYouView(oscar_views.ThankYouView):
    """The placed order, and for a VietQR order how to pay it: the QR code first (it must fit on
    a phone's first screen), a labelled QR image to save for the banking app on the same phone,
    and the bank details to copy. They show only while the order still waits for the transfer."""

    template_name = "payments/checkout/thank_you.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        order = context["order"]
        order_expire_if_overdue(order=order)  # reopened after the deadline: no QR any more
        transfer = PaymentRequest.objects.filter(reference=order.number).first()
        context["payment_method"] = methods.order_payment_method(order)
        context["status_label"] = order_status.label(order.status)
        context["is_paid"] = order.status in order_status.PAID_STATUSES
        context["transfer"] = transfer
        context["awaiting_transfer"] = (
            transfer is not None and order.status == order_status.PENDING_PAYMENT
        )
        context["bank"] = get_bank(transfer.bank_bin) if transfer else None
        return context
