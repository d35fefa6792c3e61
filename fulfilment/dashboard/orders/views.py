"""Oscar's order dashboard views, scoped so a producer sees only their own order lines."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.order.processing import EventHandler
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_model

from fulfilment import selectors
from fulfilment.dashboard.orders.forms import OrderStatusForm
from fulfilment.models import FulfilmentGroup
from fulfilment.shopper_forms import StaffShippingAddressForm
from payments import order_status
from payments.cards.services import cancel_payment_intents
from payments.settle import services as settle

Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")


def get_order_for_user_or_404(user, number):
    try:
        return selectors.orders_for_user(user).get(number=number)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


class OrderEventHandler(EventHandler):
    """Oscar's status changes, except that cancelling goes through the settle service: the
    payment request is cancelled, money received waits for a refund, producers' credits are
    taken back, and open Stripe PaymentIntents are cancelled after the transaction."""

    def handle_order_status_change(self, order, new_status, note_msg=None):
        if new_status != order_status.CANCELLED:
            return super().handle_order_status_change(order, new_status, note_msg=note_msg)
        try:
            open_intents = settle.cancel_order(
                order_number=order.number, actor=self.user, note=note_msg or ""
            )
        except settle.SettleError as error:
            raise PaymentError(str(error)) from error
        order.refresh_from_db()
        failed = cancel_payment_intents(payment_intent_ids=open_intents)
        if failed:
            raise PaymentError(
                _(
                    "The order is cancelled, but Stripe could not cancel %(intents)s: if the "
                    "card is charged anyway, the payment appears as a refund to make."
                )
                % {"intents": ", ".join(failed)}
            )


class CancelThroughSettleMixin:
    def get_handler(self, *args, **kwargs):
        return OrderEventHandler(*args, **kwargs)


class OrderListView(CancelThroughSettleMixin, oscar_views.OrderListView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar's dispatch only sets base_queryset, from its unscoped helper: replace it.
        self.base_queryset = selectors.orders_for_user(request.user).order_by("-date_placed")
        return super(oscar_views.OrderListView, self).dispatch(request, *args, **kwargs)

    def get_actions(self):
        actions = super().get_actions()
        if not self.request.user.is_staff:
            # Changing the status of a whole order would change other producers' parts too.
            actions = {k: v for k, v in actions.items() if k == "download_selected_orders"}
        return actions

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_staff or not self.form.is_valid():
            return queryset
        # Oscar matches these against any line of the order; a producer may only search
        # their own lines, or the result would reveal what other producers sold.
        data = self.form.cleaned_data
        own_lines = Line.objects.filter(partner_id__in=selectors.partner_ids_for_user(user))
        for field, lookup in (
            ("product_title", "title__istartswith"),
            ("upc", "upc"),
            ("partner_sku", "partner_sku"),
        ):
            if data.get(field):
                matching = own_lines.filter(**{lookup: data[field]}).values("order_id")
                queryset = queryset.filter(pk__in=matching)
        return queryset

    def get_template_names(self):
        if self.request.user.is_staff:
            return [self.template_name]
        return ["fulfilment/dashboard/order_list.html"]

    def get_row_values(self, order):
        row = super().get_row_values(order)
        if not self.request.user.is_staff:
            row["value"] = order.partner_total
            row["num_items"] = order.partner_num_items
        return row


class OrderStatsView(oscar_views.OrderStatsView):
    def get_stats(self, filters):
        user = self.request.user
        if user.is_staff:
            return super().get_stats(filters)
        orders = selectors.orders_for_user(user).filter(**filters)
        lines = Line.objects.filter(
            order__in=orders.values("pk"), partner_id__in=selectors.partner_ids_for_user(user)
        )
        return {
            "total_orders": orders.count(),
            "total_lines": lines.count(),
            "total_revenue": lines.aggregate(s=Sum("line_price_incl_tax"))["s"] or Decimal(0),
            "order_status_breakdown": orders.order_by("status")
            .values("status")
            .annotate(freq=Count("id", distinct=True)),
        }


class OrderDetailView(CancelThroughSettleMixin, oscar_views.OrderDetailView):
    #: Money is recorded only when it is confirmed (bank feed, card webhook, cash page),
    #: never typed into Oscar's payment-event forms.
    refused_actions = ("create_order_payment_event", "create_payment_event")

    def get_object(self, queryset=None):
        return get_order_for_user_or_404(self.request.user, self.kwargs["number"])

    def get_order_status_form(self):
        return OrderStatusForm(
            order=self.object, data=self.request.POST if self.request.method == "POST" else None
        )

    def get_order_lines(self):
        return selectors.order_lines_for_user(self.request.user, self.object)

    def get_template_names(self):
        if self.request.user.is_staff:
            return [self.template_name]
        return ["fulfilment/dashboard/order_detail.html"]

    def handle_order_action(self, request, order, action):
        if action in self.refused_actions:
            return self.reload_page(error=_("Payments are recorded only when they are confirmed."))
        if not request.user.is_staff:
            # Status, payments and notes belong to the whole order, shared by all producers.
            return self.reload_page(error=_("Only shop staff can change the whole order."))
        return super().handle_order_action(request, order, action)

    def handle_line_action(self, request, order, action):
        if action in self.refused_actions:
            return self.reload_page(error=_("Payments are recorded only when they are confirmed."))
        return super().handle_line_action(request, order, action)

    def create_shipping_event(self, request, order, lines, quantities):
        # Oscar passes a missing "reference" on as None into a NOT NULL column (a 500).
        if request.POST.get("reference") is None:
            request.POST = request.POST.copy()
            request.POST["reference"] = ""
        return super().create_shipping_event(request, order, lines, quantities)

    def get_payment_transactions(self):
        if not self.request.user.is_staff:
            return []
        return super().get_payment_transactions()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not self.request.user.is_staff:
            ctx["fulfilment_groups"] = FulfilmentGroup.objects.filter(
                order=self.object, partner_id__in=selectors.partner_ids_for_user(self.request.user)
            ).select_related("partner__producer")
        return ctx


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        order = get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return selectors.order_lines_for_user(self.request.user, order).get(
                pk=self.kwargs["line_id"]
            )
        except Line.DoesNotExist as exc:
            raise Http404 from exc


class ShippingAddressUpdateView(oscar_views.ShippingAddressUpdateView):
    form_class = StaffShippingAddressForm

    def get_object(self, queryset=None):
        order = get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        if not self.request.user.is_staff:
            # The address is the shopper's, shared by every producer in the order.
            raise PermissionDenied
        return get_object_or_404(ShippingAddress, order=order)
