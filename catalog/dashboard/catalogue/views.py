from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
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


class ProductDeleteView(oscar_views.ProductDeleteView):
    """Oscar's delete, refused with a message (not a 500) when the product is still needed:
    its traceability lots keep it (Lot.product is protected)."""

    def delete(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().delete(request, *args, **kwargs)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "This product has traceability lots, so it cannot be deleted. "
                    "Unpublish it instead."
                ),
            )
            return redirect("dashboard:catalogue-product", pk=self.object.pk)


class CategoryUpdateView(oscar_views.CategoryUpdateView):
    """Oscar's category form, re-shown with its errors when the post is invalid. Oscar
    re-renders with the half-cleaned category (an empty name leaves an empty slug), whose
    links then fail to build: a 500 instead of the form."""

    def form_invalid(self, form):
        self.object.refresh_from_db()
        return super().form_invalid(form)
