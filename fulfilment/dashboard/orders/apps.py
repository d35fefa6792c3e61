"""Fork of Oscar's orders dashboard: a producer sees only their own lines and their totals.

Oscar shows a partner user every line and the whole total of any order holding one of their
lines. This fork keeps Oscar's app label (``orders_dashboard``) and its URLs, and swaps in
views that scope lines, totals, statistics and CSV to the user's partners.
"""

import oscar.apps.dashboard.orders.apps as oscar_apps


class OrdersDashboardConfig(oscar_apps.OrdersDashboardConfig):
    name = "fulfilment.dashboard.orders"

    def ready(self):
        super().ready()
        # get_class("dashboard.orders.views", …) resolves through the "dashboard" app, not
        # this one, so the forked views are wired here directly.
        from fulfilment.dashboard.orders import views

        self.order_list_view = views.OrderListView
        self.order_detail_view = views.OrderDetailView
        self.shipping_address_view = views.ShippingAddressUpdateView
        self.line_detail_view = views.LineDetailView
        self.order_stats_view = views.OrderStatsView
