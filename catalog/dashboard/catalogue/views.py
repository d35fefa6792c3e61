from django.db import transaction
from oscar.apps.dashboard.catalogue import views as oscar_views

from catalog.dashboard.catalogue.bulk_actions import INTERMEDIATE_ACTIONS
from catalog.dashboard.catalogue.forms import ProductForm
from catalog.dashboard.catalogue.formsets import ProductImageFormSet, StockRecordFormSet


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    form_class = ProductForm
    stockrecord_formset = StockRecordFormSet
    image_formset = ProductImageFormSet

    def process_all_forms(self, form):
        # The product, its stock records and photos are saved together or not at all.
        with transaction.atomic():
            return super().process_all_forms(form)

    form_valid = form_invalid = process_all_forms


class ProductListView(oscar_views.ProductListView):
    intermediate_actions = INTERMEDIATE_ACTIONS


class ProductBulkActionConfirmView(oscar_views.ProductBulkActionConfirmView):
    intermediate_actions = INTERMEDIATE_ACTIONS
