"""Checkout's session mixin (found by Oscar's ``get_class("checkout.session", …)`` through this
fork): on top of Oscar's stock check, a basket holding a product that is no longer on sale (a
draft, or a variant of one, e.g. taken off sale after it was added) cannot pass any step."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions
from oscar.apps.checkout.session import CheckoutSessionMixin as OscarCheckoutSessionMixin

from catalog.selectors import product_is_on_sale


class CheckoutSessionMixin(OscarCheckoutSessionMixin):
    def check_basket_is_valid(self, request):
        off_sale = [
            _("'%(title)s' is no longer on sale. Please remove it from your basket to continue.")
            % {"title": line.product.get_title()}
            for line in request.basket.all_lines()
            if not product_is_on_sale(line.product)
        ]
        if off_sale:
            raise exceptions.FailedPreCondition(url=reverse("basket:summary"), messages=off_sale)
        super().check_basket_is_valid(request)
