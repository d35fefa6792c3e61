"""Forms of the orders dashboard fork (used explicitly by its views; the rest stay Oscar's)."""

from oscar.apps.dashboard.orders.forms import OrderStatusForm as OscarOrderStatusForm

from payments import order_status


class OrderStatusForm(OscarOrderStatusForm):
    """Oscar's status change, its choices labelled in the page's language ("Đã giao hàng"),
    the stored English value unchanged."""

    def __init__(self, order, *args, **kwargs):
        super().__init__(order, *args, **kwargs)
        choices = self.fields["new_status"].choices
        self.fields["new_status"].choices = [(v, order_status.label(v)) for v, _ in choices]
