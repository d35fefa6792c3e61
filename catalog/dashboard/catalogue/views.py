from oscar.apps.dashboard.catalogue import views as oscar_views

from catalog.dashboard.catalogue.forms import ProductForm


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    form_class = ProductForm
