import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "catalog.dashboard.catalogue"

    def ready(self):
        super().ready()
        # get_class("dashboard.catalogue…") resolves through Oscar's "dashboard" app, not this
        # fork, so the view using the forked form is wired here directly.
        from catalog.dashboard.catalogue.views import (
            CategoryUpdateView,
            ProductCreateUpdateView,
            ProductDeleteView,
        )

        self.product_createupdate_view = ProductCreateUpdateView
        self.product_delete_view = ProductDeleteView
        self.category_update_view = CategoryUpdateView
