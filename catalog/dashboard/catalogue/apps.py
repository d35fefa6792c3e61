import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "catalog.dashboard.catalogue"

    def ready(self):
        super().ready()
        # get_class("dashboard.catalogue…") resolves through Oscar's "dashboard" app, not this
        # fork, so the views using the forked forms are wired here directly.
        from catalog.dashboard.catalogue import views

        self.product_createupdate_view = views.ProductCreateUpdateView
        self.product_list_view = views.ProductListView
        self.product_bulk_action_confirm_view = views.ProductBulkActionConfirmView
        self.product_delete_view = views.ProductDeleteView
        self.category_update_view = views.CategoryUpdateView
